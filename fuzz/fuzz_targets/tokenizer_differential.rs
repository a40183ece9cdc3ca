//! The page pass's one tokenizer against html5ever's: the same document, fed to ours in
//! chunks of 1, of 2-14 and of 16-128 bytes (derived from the document) and whole, and
//! to html5ever's tokenizer, whose raw-text, RCDATA, script data, PLAINTEXT and CDATA
//! switches are driven by [`TreeModel`], a sink that keeps the stack a tree builder
//! keeps as far as those switches depend on it (scripting on).
//!
//! Checked:
//! - ours gives the same tokens at every chunk size as whole (exactly, bytes included);
//! - the sequences of start tags (name; attribute names, html5ever dropping later
//!   duplicates: ours' list with later duplicates dropped; `/>`), end tags (name) and
//!   markup agree. Names are compared as html5ever reads them: ours' bytes,
//!   ASCII-lowercased, with NUL read as U+FFFD. Markup is compared by kind and place, not
//!   contents: a doctype (`<!doctype`, any case) or a comment (comments, bogus comments);
//!   ours' `<![CDATA[…` stands for a CDATA section (html5ever: characters) or the bogus
//!   comment html5ever makes of it outside foreign content (same bytes either way when
//!   its first `>` is the one of `]]>`);
//! - between two consecutive tags or markup, non-empty text occurs in ours iff it does in
//!   html5ever (nothing decoded: html5ever decodes character references and turns `\r\n`
//!   into `\n`, neither of which empties a run; html5ever's NUL tokens are text). A CDATA
//!   section's contents count as text after it, as in html5ever.
//!
//! Restrictions, each a modelling choice of `src/html/tokenizer.rs` (or of its
//! `foreign` module) or html5ever's, not a disagreement:
//! - the document is made UTF-8 (lossily: html5ever reads `str`) and at most 16 KiB;
//!   when it holds a NUL, each U+FFFD in it becomes `?`: ours matches names as bytes
//!   (NUL replacement is not modelled), html5ever reads NUL in a name as U+FFFD, so
//!   `<svg><g\0></g\u{FFFD}>` closes the `<g>` in html5ever only;
//! - at the end of the document: ours reports nothing unfinished (`tokens` does not
//!   flush) while html5ever flushes what it holds (a `<` or `</` as text, an unclosed
//!   comment or doctype, a CDATA section's characters, a raw-text end tag's start; and
//!   html5ever emits a CDATA section's characters before a NUL at once). The
//!   tokens html5ever emits while ending are dropped and, when there are any, whether the
//!   last run of text is present is not compared; a tag cut by the end is dropped by
//!   both (ours reports raw text up to an end tag's name, `</style`, and cuts it when the
//!   tag is complete: at the end such a suffix is not text);
//! - after `<plaintext>` ours reports nothing (documented on `tokens`): the last run of
//!   text is not compared;
//! - ours records at most 64 attributes of a tag (`MAX_ATTRIBUTES`): then ours' list is
//!   compared as a prefix of html5ever's;
//! - the tree builder's insertion modes are not modelled by ours (module docs): the
//!   sink switches on every start tag processed as HTML (a `<textarea>` in a `<select>`
//!   too), and tracks no HTML element outside foreign content but `<template>`;
//! - HTML elements inside an integration point are counted, not named, by ours
//!   (`foreign` module docs): the sink names them, and stops the comparison (the tokens
//!   up to that one are compared) at an end tag that would close one of another name, at
//!   an end tag handed from foreign content to the HTML elements of an integration point
//!   below it, and at `</p>` breaking out onto them;
//! - ours tracks at most 256 nested foreign elements (`foreign::MAX_DEPTH`): the
//!   comparison stops at the 257th;
//! - ours compares an `annotation-xml`'s `encoding` as written (character references
//!   are not decoded), html5ever decoded: the comparison stops at an `annotation-xml` in
//!   foreign content that has an `encoding`, when the document holds a `&`.
//!
//! And ours' fast path for tags no stage wants (the skim, src/html/skim.rs), which
//! `tokens` never takes (it asks for every tag): the tokens a sink reading only the
//! elements read in full is told of are the same with the skim and without, at the same
//! chunk sizes, on the input's raw bytes (before the UTF-8 clean-up above).
#![no_main]

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token as H5Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{Token, tokens, tokens_read_in_full};

/// What ours records of one tag at most (`MAX_ATTRIBUTES` in the tokenizer).
const MAX_ATTRIBUTES: usize = 64;
/// Nested foreign elements ours tracks (`foreign::MAX_DEPTH`).
const MAX_DEPTH: usize = 256;
/// The longest document tried.
const MAX_LEN: usize = 16 * 1024;

/// A token with the text taken out, as compared.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Start {
        name: String,
        attributes: Vec<String>,
        self_closing: bool,
        /// Ours recorded as many attributes as it records: compare as a prefix.
        capped: bool,
    },
    End(String),
    Comment,
    Doctype,
    /// html5ever: a CDATA section (its characters follow as text).
    Cdata,
    /// Ours: markup starting with `<![CDATA[` (a CDATA section, or the bogus comment
    /// html5ever makes of it outside foreign content); whether its contents are empty.
    CdataOrComment {
        empty: bool,
    },
}

/// Items, and for each gap (before each item, and after the last) whether text occurs.
#[derive(Debug, Default)]
struct Sequence {
    items: Vec<Item>,
    /// `text[i]`: non-empty text before `items[i]`; `text[items.len()]`: after the last.
    text: Vec<bool>,
}

impl Sequence {
    fn push(&mut self, item: Item) {
        if self.text.len() == self.items.len() {
            self.text.push(false);
        }
        self.items.push(item);
    }

    fn text(&mut self, non_empty: bool) {
        if self.text.len() == self.items.len() {
            self.text.push(false);
        }
        let last = self.text.len() - 1;
        self.text[last] |= non_empty;
    }

    fn finish(&mut self) {
        if self.text.len() == self.items.len() {
            self.text.push(false);
        }
    }
}

/// A name as html5ever reads it: NUL as U+FFFD (ours' bytes are UTF-8 already cut at
/// ASCII bytes, and ASCII-lowercased).
fn name(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace('\0', "\u{FFFD}")
        .to_ascii_lowercase()
}

fn ours(tokens: &[Token]) -> Sequence {
    let mut sequence = Sequence::default();
    for token in tokens {
        match token {
            Token::StartTag {
                name: tag,
                attributes,
                self_closing,
            } => {
                let mut names: Vec<String> = Vec::new();
                for attribute in attributes {
                    let attribute = name(attribute);
                    if !names.contains(&attribute) {
                        names.push(attribute);
                    }
                }
                sequence.push(Item::Start {
                    name: name(tag),
                    attributes: names,
                    self_closing: *self_closing,
                    capped: attributes.len() >= MAX_ATTRIBUTES,
                });
            }
            Token::EndTag { name: tag } => sequence.push(Item::End(name(tag))),
            Token::Markup(bytes) => {
                if let Some(rest) = bytes.strip_prefix(b"<![CDATA[") {
                    // `]]>` closes a section; a bogus comment's contents are not text.
                    let contents = rest.strip_suffix(b"]]>").unwrap_or(b"");
                    sequence.push(Item::CdataOrComment {
                        empty: contents.is_empty(),
                    });
                } else if bytes.len() >= 9
                    && bytes.starts_with(b"<!")
                    && bytes[2..9].eq_ignore_ascii_case(b"doctype")
                {
                    sequence.push(Item::Doctype);
                } else {
                    sequence.push(Item::Comment);
                }
            }
            Token::Text(bytes) => sequence.text(!bytes.is_empty()),
        }
    }
    sequence.finish();
    // Raw text is reported up to its end tag's name, and cut there when the end tag is
    // complete: one the document ends in is dropped, as html5ever drops it.
    if let Some(Token::Text(bytes)) = tokens.last() {
        for element in RAW_TEXT_ELEMENTS {
            let cut = element.len() + 2;
            if bytes.len() >= cut
                && bytes[bytes.len() - cut..bytes.len() - element.len()] == *b"</"
                && bytes[bytes.len() - element.len()..].eq_ignore_ascii_case(element.as_bytes())
            {
                let last = sequence.text.len() - 1;
                sequence.text[last] = bytes.len() > cut;
            }
        }
    }
    sequence
}

/// The elements whose text runs to their end tag.
const RAW_TEXT_ELEMENTS: [&str; 9] = [
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Namespace {
    Svg,
    MathMl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
    None,
    /// SVG `foreignObject`, `desc`, `title`; MathML `annotation-xml` with an HTML
    /// `encoding`.
    Html,
    /// MathML `mi`, `mo`, `mn`, `ms`, `mtext`.
    MathText,
}

#[derive(Clone, Debug)]
enum Node {
    Foreign {
        name: String,
        namespace: Namespace,
        point: Point,
    },
    /// An HTML element inside an integration point.
    Html(String),
}

/// The part of a tree builder's state that decides html5ever's switches: the open
/// foreign elements and the HTML elements opened inside their integration points (the
/// stack above the first `<svg>` or `<math>`), and the HTML `<template>`s open below
/// them.
#[derive(Debug, Default)]
struct Model {
    stack: Vec<Node>,
    templates: usize,
    document_has_ampersand: bool,
}

/// What processing one token told.
enum Outcome {
    Continue,
    Switch(TokenSinkResult<()>),
    /// The document left what both models agree on: compare up to this token.
    OutOfModel,
}

const BREAKOUT: [&str; 44] = [
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

impl Model {
    fn foreign_depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|node| matches!(node, Node::Foreign { .. }))
            .count()
    }

    /// The adjusted current node is a foreign element (CDATA sections are recognized).
    fn cdata_allowed(&self) -> bool {
        matches!(self.stack.last(), Some(Node::Foreign { .. }))
    }

    fn push_foreign(&mut self, node: Node) -> Outcome {
        if self.foreign_depth() == MAX_DEPTH {
            return Outcome::OutOfModel;
        }
        self.stack.push(node);
        Outcome::Continue
    }

    /// §13.2.6.5's breakout: pops until the current node is an integration point or HTML.
    fn break_out(&mut self) {
        while let Some(Node::Foreign {
            point: Point::None, ..
        }) = self.stack.last()
        {
            self.stack.pop();
        }
    }

    fn start_tag(&mut self, tag: &Tag) -> Outcome {
        let name: &str = &tag.name;
        let has = |wanted: &str| tag.attrs.iter().any(|a| &*a.name.local == wanted);
        loop {
            // §13.2.6's dispatcher: HTML rules or foreign content's.
            let html_rules = match self.stack.last() {
                None | Some(Node::Html(_)) => true,
                Some(Node::Foreign {
                    name: current,
                    namespace,
                    point,
                }) => {
                    *point == Point::Html
                        || (*point == Point::MathText && name != "mglyph" && name != "malignmark")
                        || (*namespace == Namespace::MathMl
                            && current == "annotation-xml"
                            && name == "svg")
                }
            };
            if html_rules {
                return self.html_start_tag(name, tag.self_closing);
            }
            if BREAKOUT.contains(&name)
                || (name == "font" && (has("color") || has("face") || has("size")))
            {
                self.break_out();
                continue;
            }
            let Some(Node::Foreign { namespace, .. }) = self.stack.last() else {
                unreachable!("foreign rules with a foreign current node");
            };
            let namespace = *namespace;
            if tag.self_closing {
                return Outcome::Continue;
            }
            let point = match namespace {
                Namespace::Svg if ["foreignobject", "desc", "title"].contains(&name) => Point::Html,
                Namespace::MathMl if ["mi", "mo", "mn", "ms", "mtext"].contains(&name) => {
                    Point::MathText
                }
                Namespace::MathMl if name == "annotation-xml" => {
                    let encoding = tag
                        .attrs
                        .iter()
                        .find(|a| &*a.name.local == "encoding")
                        .map(|a| a.value.to_ascii_lowercase());
                    if encoding.is_some() && self.document_has_ampersand {
                        return Outcome::OutOfModel;
                    }
                    if matches!(
                        encoding.as_deref(),
                        Some("text/html" | "application/xhtml+xml")
                    ) {
                        Point::Html
                    } else {
                        Point::None
                    }
                }
                _ => Point::None,
            };
            return self.push_foreign(Node::Foreign {
                name: name.to_owned(),
                namespace,
                point,
            });
        }
    }

    /// A start tag processed as HTML.
    fn html_start_tag(&mut self, name: &str, self_closing: bool) -> Outcome {
        match name {
            "svg" | "math" => {
                if !self_closing {
                    let namespace = if name == "svg" {
                        Namespace::Svg
                    } else {
                        Namespace::MathMl
                    };
                    return self.push_foreign(Node::Foreign {
                        name: name.to_owned(),
                        namespace,
                        point: Point::None,
                    });
                }
                return Outcome::Continue;
            }
            "template" if self.stack.is_empty() => self.templates += 1,
            _ if self.stack.is_empty() => {}
            // Inside an integration point (the `/` of an HTML element counts for nothing).
            _ if !VOID.contains(&name) => self.stack.push(Node::Html(name.to_owned())),
            _ => {}
        }
        Outcome::Switch(match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "plaintext" => TokenSinkResult::Plaintext,
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => return Outcome::Continue,
        })
    }

    fn end_tag(&mut self, name: &str) -> Outcome {
        match self.stack.last() {
            None => {
                if name == "template" && self.templates > 0 {
                    self.templates -= 1;
                }
                Outcome::Continue
            }
            Some(Node::Html(_)) => self.html_end_tag(name),
            Some(Node::Foreign { .. }) => {
                if name == "br" || name == "p" {
                    self.break_out();
                    if name == "p" && matches!(self.stack.last(), Some(Node::Html(_))) {
                        return Outcome::OutOfModel;
                    }
                    // `</br>` is a `<br>`, `</p>` an empty `<p>`: nothing stays open.
                    return Outcome::Continue;
                }
                // §13.2.6.5, any other end tag: the nearest foreign element of that name,
                // unless an HTML element comes first.
                for index in (0..self.stack.len()).rev() {
                    match &self.stack[index] {
                        Node::Foreign { name: open, .. } => {
                            if open == name {
                                self.stack.truncate(index);
                                return Outcome::Continue;
                            }
                        }
                        Node::Html(_) => {
                            // Handed to the HTML elements of an integration point.
                            return if name == "template" {
                                self.html_end_tag(name)
                            } else {
                                Outcome::OutOfModel
                            };
                        }
                    }
                }
                // Handed to HTML below all foreign content.
                self.html_end_tag(name)
            }
        }
    }

    /// An end tag processed as HTML while foreign content is open.
    fn html_end_tag(&mut self, name: &str) -> Outcome {
        if name == "template" {
            // The nearest open template and everything above it closes.
            let nearest = self
                .stack
                .iter()
                .rposition(|node| matches!(node, Node::Html(open) if open == "template"));
            if let Some(index) = nearest {
                self.stack.truncate(index);
            } else if self.templates > 0 {
                self.templates -= 1;
                self.stack.clear();
            }
            return Outcome::Continue;
        }
        match self.stack.last() {
            Some(Node::Html(open)) if open == name => {
                self.stack.pop();
                Outcome::Continue
            }
            Some(Node::Html(_)) => Outcome::OutOfModel,
            // Below all foreign content: the HTML elements there are not tracked (but
            // templates); ours leaves foreign content open, as the tree builder does
            // unless an HTML element of that name is open below it.
            _ => Outcome::Continue,
        }
    }
}

/// html5ever's tokens, with the model driving its switches.
#[derive(Default)]
struct TreeModel(RefCell<Recorded>);

#[derive(Default)]
struct Recorded {
    model: Model,
    sequence: Sequence,
    /// Tokens seen while ending are recorded apart.
    ending: bool,
    eof: Sequence,
    /// Tokens (empty text included) emitted while ending.
    eof_tokens: usize,
    /// The model answered that `<![CDATA[` opens a section here: the next token tells
    /// whether one was (a comment: no, a bogus comment).
    cdata_asked: bool,
    /// Items to compare (the model stopped there).
    cutoff: Option<usize>,
    plaintext: bool,
}

impl TokenSink for TreeModel {
    type Handle = ();

    fn process_token(&self, token: H5Token, _line: u64) -> TokenSinkResult<()> {
        let mut recorded = self.0.borrow_mut();
        let recorded = &mut *recorded;
        if recorded.ending && !matches!(token, H5Token::ParseError(_) | H5Token::EOFToken) {
            recorded.eof_tokens += 1;
        }
        if recorded.cdata_asked && !matches!(token, H5Token::ParseError(_)) {
            recorded.cdata_asked = false;
            if !matches!(token, H5Token::CommentToken(_)) {
                let sequence = if recorded.ending {
                    &mut recorded.eof
                } else {
                    &mut recorded.sequence
                };
                sequence.push(Item::Cdata);
            }
        }
        let sequence = if recorded.ending {
            &mut recorded.eof
        } else {
            &mut recorded.sequence
        };
        let outcome = match token {
            H5Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        sequence.push(Item::Start {
                            name,
                            attributes: tag
                                .attrs
                                .iter()
                                .map(|a| a.name.local.to_string())
                                .collect(),
                            self_closing: tag.self_closing,
                            capped: false,
                        });
                        recorded.model.start_tag(&tag)
                    }
                    TagKind::EndTag => {
                        sequence.push(Item::End(name.clone()));
                        recorded.model.end_tag(&name)
                    }
                }
            }
            H5Token::CommentToken(_) => {
                sequence.push(Item::Comment);
                Outcome::Continue
            }
            H5Token::DoctypeToken(_) => {
                sequence.push(Item::Doctype);
                Outcome::Continue
            }
            H5Token::CharacterTokens(text) => {
                sequence.text(!text.is_empty());
                Outcome::Continue
            }
            H5Token::NullCharacterToken => {
                sequence.text(true);
                Outcome::Continue
            }
            H5Token::EOFToken | H5Token::ParseError(_) => Outcome::Continue,
        };
        match outcome {
            Outcome::Continue => TokenSinkResult::Continue,
            Outcome::Switch(switch) => {
                if matches!(switch, TokenSinkResult::Plaintext) {
                    recorded.plaintext = true;
                }
                // Ignored once the model stopped (a later tag's switch is not known).
                switch
            }
            Outcome::OutOfModel => {
                if recorded.cutoff.is_none() && !recorded.ending {
                    recorded.cutoff = Some(recorded.sequence.items.len());
                }
                TokenSinkResult::Continue
            }
        }
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        let mut recorded = self.0.borrow_mut();
        let allowed = recorded.model.cdata_allowed();
        recorded.cdata_asked = allowed;
        allowed
    }
}

fn html5ever(document: &str) -> Recorded {
    let sink = TreeModel::default();
    sink.0.borrow_mut().model.document_has_ampersand = document.contains('&');
    let tokenizer = Tokenizer::new(
        sink,
        TokenizerOpts {
            discard_bom: false,
            ..TokenizerOpts::default()
        },
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(document));
    let _ = tokenizer.feed(&input);
    tokenizer.sink.0.borrow_mut().ending = true;
    tokenizer.end();
    let mut recorded = tokenizer.sink.0.take();
    recorded.sequence.finish();
    recorded
}

/// Whether our item stands for theirs.
fn same(ours: &Item, theirs: &Item) -> bool {
    match (ours, theirs) {
        (Item::CdataOrComment { .. }, Item::Cdata | Item::Comment) => true,
        (
            Item::Start {
                name,
                attributes,
                self_closing,
                capped: true,
            },
            Item::Start {
                name: their_name,
                attributes: their_attributes,
                self_closing: their_self_closing,
                ..
            },
        ) => {
            name == their_name
                && self_closing == their_self_closing
                && their_attributes.starts_with(attributes)
        }
        _ => ours == theirs,
    }
}

fn compare(document: &str, ours: &Sequence, theirs: &Recorded) {
    let fail = |what: String| -> ! {
        panic!(
            "{what}\ndocument: {document:?}\nours:     {:?}\n          text {:?}\nhtml5ever: {:?}\n          text {:?}\n          at the end {:?}",
            ours.items, ours.text, theirs.sequence.items, theirs.sequence.text, theirs.eof.items
        )
    };
    let mut their_items = &theirs.sequence.items[..];
    // html5ever emits a CDATA section's characters before a NUL at once (not in the
    // spec): a section the document ends in may show before the end.
    if theirs.eof_tokens > 0
        && their_items.last() == Some(&Item::Cdata)
        && ours.items.len() + 1 == their_items.len()
    {
        their_items = &their_items[..their_items.len() - 1];
    }
    let (count, whole) = match theirs.cutoff {
        Some(cutoff) => (cutoff, false),
        None => (their_items.len(), true),
    };
    if whole && ours.items.len() != their_items.len() {
        fail(format!(
            "{} tokens in ours, {} in html5ever",
            ours.items.len(),
            their_items.len()
        ));
    }
    if ours.items.len() < count {
        fail(format!("ours ends after {} tokens", ours.items.len()));
    }
    let pairs = ours.items.iter().zip(their_items).take(count);
    for (index, (our_item, their_item)) in pairs.enumerate() {
        if !same(our_item, their_item) {
            fail(format!("token {index} differs"));
        }
    }
    // Text: in each gap before a compared item; after the last one only when the whole
    // document was compared, html5ever flushed nothing at its end, and not after
    // `<plaintext>`.
    let flushed = theirs.eof_tokens > 0;
    let gaps = if whole && !flushed && !theirs.plaintext {
        count + 1
    } else {
        count
    };
    for gap in 0..gaps {
        let mut our_text = ours.text[gap];
        // A CDATA section's contents are text after it in html5ever.
        if gap > 0
            && let Item::CdataOrComment { empty: false } = ours.items[gap - 1]
            && their_items[gap - 1] == Item::Cdata
        {
            our_text = true;
        }
        let their_text = theirs.sequence.text[gap];
        if our_text != their_text {
            fail(format!(
                "text before token {gap}: ours {our_text}, html5ever {their_text}"
            ));
        }
    }
}

/// A cheap hash of the document, to derive chunk sizes from it.
fn hash(bytes: &[u8]) -> usize {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    }) as usize
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_LEN {
        return;
    }
    let mut document = String::from_utf8_lossy(data).into_owned();
    if document.contains('\0') {
        document = document.replace('\u{FFFD}', "?");
    }
    let bytes = document.as_bytes();
    let whole = tokens(bytes, bytes.len().max(1));
    for chunk in [1, 2 + bytes.len() % 13, 16 + hash(bytes) % 113] {
        assert_eq!(
            tokens(bytes, chunk),
            whole,
            "chunks of {chunk} bytes, document {document:?}"
        );
    }
    // The skim against the general states on the raw bytes (not only valid UTF-8: the
    // tokenizer reads bytes, and pages are not always what they declare).
    let general = tokens_read_in_full(data, data.len().max(1), false);
    for chunk in [
        1,
        2 + data.len() % 13,
        16 + hash(data) % 113,
        data.len().max(1),
    ] {
        assert_eq!(
            tokens_read_in_full(data, chunk, true),
            general,
            "skimmed in chunks of {chunk} bytes, document {data:?}"
        );
    }
    let ours = ours(&whole);
    let theirs = html5ever(&document);
    compare(&document, &ours, &theirs);
});
