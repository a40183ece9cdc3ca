//! The one tokenizer of the page pass: WHATWG HTML §13.2.5 as far as it decides where
//! elements and text are, with the tree builder's switches that change what the
//! tokenizer reads (raw text, script data, `<plaintext>`, foreign content).
//!
//! Modelled:
//! - the data state, tags (names ASCII-lowercased, attributes with their byte ranges,
//!   quoted values, where a `>` does not end the tag, `/>`), `</>` (dropped), and a `<`
//!   that is text;
//! - comments with their odd endings (`<!-->`, `<!--->`, `--!>`), doctypes, `<?…>`,
//!   `<!x…>`, `</ …>` and other bogus comments, and CDATA sections where the current node
//!   is foreign (see [`super::comment`]);
//! - the raw-text and RCDATA elements a tree builder switches to (`<style>`, `<title>`,
//!   `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, and `<noscript>` as a
//!   browser with scripting on reads it), `<plaintext>`, and script data with its escaped
//!   and double-escaped states (see [`super::script`]);
//! - foreign content (see [`super::foreign`]): inside `<svg>` and `<math>` no start tag
//!   switches to raw text (an SVG `<style>` holds markup), breakout tags and the HTML
//!   integration points (`<font>` with `color`, `face` or `size`, and `annotation-xml`
//!   with an HTML `encoding`, whose attributes the tokenizer reads itself);
//! - `<template>` content is tokenized like the rest (it is markup); its end tag closes
//!   the foreign elements inside it (and none when no template is open).
//!
//! Not modelled (none of it changes where a tag starts or ends): character references
//! and NUL replacement in text (stages that care read the text themselves), the tree
//! builder's other insertion modes (a `<select>` ignoring a `<textarea>`, the "in head
//! noscript" mode of a browser without scripting), encodings that are not
//! ASCII-compatible, and `document.write`. One gap does change it, found by the
//! differential fuzz target: the HTML elements open below an `<svg>` or `<math>` are
//! not tracked, so an end tag that closes one of them (`<div><svg></div>`) leaves the
//! foreign content open here, where a browser closes it; a `<style>`, `<script>` or
//! `<title>` after it is then read as SVG's (markup) where a browser reads raw text.
//! The worst it does: the gate reads markup-looking text in such an element as tags
//! (activating only what the visitor granted), and a breakout tag (`<img>`, `<p>`...)
//! after it is seen by both alike.
//!
//! The tokenizer is fed chunks in order and keeps only its state between them (and the
//! bytes of a tag a stage reads the attributes of, when that tag is cut across chunks,
//! up to [`MAX_TAG`]). It reports what it finds to a [`Sink`], with absolute byte offsets
//! in the page, and skips what no stage wants: text is found with one `memchr` per tag
//! when no stage reads it, and a tag no stage wants is passed over from its name to its
//! `>` without reading its attributes. Once every stage waits only for the names the
//! tokenizer always reads in full ([`Sink::skims`]), the data state hands the chunk to
//! [`super::skim`], which passes over every other tag without a record and hands back
//! the first token these states must read.

use std::ops::Range;

use super::bytes::{find_byte, find_tag_end};
use super::comment::{self, CommentState};
use super::foreign::{Foreign, NameHash, StartTag};
use super::raw_text;
use super::script::{self, SCRIPT, ScriptState};
use super::skim;
use super::{is_tag_name_end, is_whitespace};

/// The longest tag name told apart: every HTML name a stage switches on, and the SVG and
/// MathML names foreign content closes by name (`feComponentTransfer`, 19). Longer names
/// are reported as `-` (they match nothing), and compared by hash in foreign content.
pub(super) const NAME_CAPACITY: usize = 24;

/// The most bytes of one tag whose attributes a stage reads: a longer tag is reported
/// without them ([`Sink::tag`] gets no attributes), so that a page cannot make the pass
/// hold more.
pub(crate) const MAX_TAG: usize = 64 * 1024;

/// The most attributes recorded for one tag: markup made to defeat the pass can have
/// more; those past the limit are not reported (see [`Tag::complete`]).
const MAX_ATTRIBUTES: usize = 64;

/// What a stage wants of a tag whose name is complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Interest {
    /// Nothing: the tag is skipped.
    Skip,
    /// The complete tag, without its attributes.
    Name,
    /// The complete tag with its attributes (and bytes).
    Attributes,
}

/// One attribute of a tag: byte ranges in [`Tag::bytes`]. `span` runs from the name's
/// first byte to the value's last (its closing quote included); `value` is inside the
/// quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Attribute {
    pub(super) name: Range<usize>,
    pub(super) value: Option<Range<usize>>,
    pub(super) span: Range<usize>,
}

/// A tag whose name is complete, its attributes not read yet.
#[derive(Clone, Copy, Debug)]
pub(super) struct TagName<'a> {
    /// The name, ASCII-lowercased; `-` when longer than [`NAME_CAPACITY`].
    pub(super) name: &'a [u8],
    pub(super) end_tag: bool,
    /// The offset of its `<` in the page.
    pub(super) start: u64,
}

/// A complete tag, as the tokenizer reports it.
#[derive(Debug)]
pub(super) struct Tag<'a> {
    /// The name, ASCII-lowercased; `-` when longer than [`NAME_CAPACITY`].
    pub(super) name: &'a [u8],
    pub(super) end_tag: bool,
    #[cfg_attr(
        not(feature = "__internals"),
        expect(dead_code, reason = "read by the internals' token view")
    )]
    pub(super) self_closing: bool,
    /// Processed as HTML: not an element in foreign content (whose start tags switch
    /// nothing).
    pub(super) html: bool,
    /// The offset of its `<` in the page.
    pub(super) start: u64,
    /// The offset just past its `>`.
    pub(super) end: u64,
    /// The tag's bytes, from `<` to `>`, when attributes were asked for (else empty).
    pub(super) bytes: &'a [u8],
    /// Its attributes in order (duplicates included) when asked for.
    pub(super) attributes: &'a [Attribute],
    /// Every attribute was recorded (false past [`MAX_ATTRIBUTES`] or [`MAX_TAG`]).
    pub(super) complete: bool,
}

impl Tag<'_> {
    /// The first attribute named `name` (lowercase), ASCII case ignored: browsers drop
    /// later duplicates.
    pub(super) fn attribute(&self, name: &[u8]) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|attribute| self.bytes[attribute.name.clone()].eq_ignore_ascii_case(name))
    }

    /// The value of the first attribute named `name`, as written (character references
    /// not decoded): `Some(b"")` for an attribute without a value.
    pub(super) fn value(&self, name: &[u8]) -> Option<&[u8]> {
        let attribute = self.attribute(name)?;
        Some(
            attribute
                .value
                .clone()
                .map_or(&b""[..], |value| &self.bytes[value]),
        )
    }
}

/// What the tokenizer reports. Offsets are absolute in the page.
pub(super) trait Sink {
    /// Whether runs of text in the data state are reported (else skipped unread).
    fn wants_text(&self) -> bool;

    /// A run of text in the data state: `bytes` start at `start`. Never empty; a run may
    /// be cut anywhere (across chunks). Raw text, script data and comments are not text
    /// here.
    fn text(&mut self, bytes: &[u8], start: u64);

    /// A `<` at `at` that turned out to be text (`<` followed by a byte that opens no tag).
    fn stray_less_than(&mut self, at: u64);

    /// A tag's name is complete: what the sink wants of the tag.
    fn tag_name(&mut self, tag: TagName<'_>) -> Interest;

    /// A complete tag the sink asked for.
    fn tag(&mut self, tag: &Tag<'_>);

    /// Whether the content of the raw-text element now open is reported.
    fn wants_raw_text(&self) -> bool {
        false
    }

    /// A run of a raw-text element's content (its end tag may follow in it: the sink
    /// cuts at the end tag's start when it comes).
    fn raw_text(&mut self, _bytes: &[u8], _start: u64) {}

    /// Whether nothing more is wanted of the page: the tokenizer stops between tokens
    /// (and is not fed again).
    fn settled(&self) -> bool {
        false
    }

    /// Whether the tokenizer may pass over tags without reporting them (see
    /// [`super::skim`]). A sink answers true only while, for every name not in
    /// [`READ_IN_FULL`](super::skim::READ_IN_FULL), start and end tags alike,
    /// [`Sink::tag_name`] would answer [`Interest::Skip`] and change nothing a later
    /// answer depends on (so the answer holds over every tag passed over). The tokenizer
    /// skims only while [`Sink::wants_text`] is false too. Debug builds check the promise
    /// on every tag the general states read.
    fn skims(&self) -> bool {
        false
    }

    /// A comment, doctype, bogus comment or CDATA section starts at `start`.
    fn markup_starts(&mut self, _start: u64) {}

    /// A comment, doctype, bogus comment or CDATA section from `start` to `end`.
    fn markup(&mut self, _start: u64, _end: u64) {}
}

/// Where the tokenizer stands between two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Data,
    /// After `<`.
    TagOpen,
    /// After `</`.
    EndTagOpen,
    TagName,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    AttributeValueQuoted(u8),
    AttributeValueUnquoted,
    /// A tag no stage wants, between its name and its `>`, with no quote seen yet.
    SkipTag,
    /// From `<!` (or a bogus comment's start) to its `>` (see [`super::comment`]).
    Comment(CommentState),
    /// Inside a raw-text or RCDATA element; `matched` bytes of `</name` seen.
    RawText {
        element: RawElement,
        matched: u8,
    },
    Script(ScriptState),
    PlainText,
}

/// Whether foreign content counts HTML start and end tags named `name` even outside it:
/// `<svg>` and `<math>` open it, `<template>` may close it.
fn foreign_counts(name: &[u8]) -> bool {
    matches!(name, b"svg" | b"math" | b"template")
}

/// The state after an HTML start tag named `name`: the tree builder's switch to raw
/// text, script data or plaintext, or the data state.
#[inline]
fn switch_after(name: &[u8]) -> State {
    // Most tags switch nothing: the names that do start with one of these.
    if !matches!(name.first(), Some(b's' | b't' | b'x' | b'i' | b'n' | b'p')) {
        return State::Data;
    }
    if name == b"script" {
        State::Script(ScriptState::Data)
    } else if name == b"plaintext" {
        State::PlainText
    } else if let Some(element) = RawElement::from_name(name) {
        State::RawText {
            element,
            matched: 0,
        }
    } else {
        State::Data
    }
}

/// Where the page ended, for the stages' last decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ending {
    /// Between tokens, in text.
    Data,
    /// After `<`, `</` or inside a tag's name: text, or a tag the tokenizer drops.
    TagStart,
    /// Inside a tag's attributes.
    Tag,
    /// Inside a comment, doctype or bogus comment.
    Comment,
    /// Inside raw text, script data or `<plaintext>`.
    RawText,
    /// Right after the complete name of the raw-text element's end tag (`</script`),
    /// which the next byte ends (whitespace, `/`, `>`) or makes text.
    RawTextEndTagName,
    /// After `<plaintext>`: everything was text.
    PlainText,
}

/// The tag being read.
#[derive(Debug)]
struct Current {
    start: u64,
    end_tag: bool,
    name: [u8; NAME_CAPACITY],
    name_len: u8,
    name_overflow: bool,
    hash: NameHash,
    interest: Interest,
    /// The tokenizer reads this tag's attributes itself (`font`, `annotation-xml` in
    /// foreign content).
    own_attributes: bool,
    /// The last byte read in a tag state (outside a value) was `/`.
    slash: bool,
    /// Recorded attributes, with absolute offsets.
    attributes: Vec<Recorded>,
    /// The attribute being read: its name's start and end.
    attribute: Option<(u64, Option<u64>)>,
    /// The value being read: its start.
    value_start: u64,
    /// The tag's bytes from earlier chunks, when attributes are read.
    bytes: Vec<u8>,
    /// Attributes were dropped (too many, or the tag was too long).
    incomplete: bool,
}

impl Default for Current {
    fn default() -> Self {
        Self {
            start: 0,
            end_tag: false,
            name: [0; NAME_CAPACITY],
            name_len: 0,
            name_overflow: false,
            hash: NameHash::EMPTY,
            interest: Interest::Skip,
            own_attributes: false,
            slash: false,
            attributes: Vec::new(),
            attribute: None,
            value_start: 0,
            bytes: Vec::new(),
            incomplete: false,
        }
    }
}

impl Current {
    fn name(&self) -> &[u8] {
        if self.name_overflow {
            b"-"
        } else {
            &self.name[..usize::from(self.name_len)]
        }
    }

    fn reads_attributes(&self) -> bool {
        self.interest == Interest::Attributes || self.own_attributes
    }

    fn start(&mut self, start: u64, end_tag: bool) {
        self.start = start;
        self.end_tag = end_tag;
        self.name_len = 0;
        self.name_overflow = false;
        self.hash = NameHash::EMPTY;
        self.interest = Interest::Skip;
        self.own_attributes = false;
        self.slash = false;
        self.attributes.clear();
        self.attribute = None;
        self.bytes.clear();
        self.incomplete = false;
    }

    fn push_name(&mut self, bytes: &[u8]) {
        let len = usize::from(self.name_len);
        let room = NAME_CAPACITY - len;
        let take = bytes.len().min(room);
        for (slot, byte) in self.name[len..len + take].iter_mut().zip(bytes) {
            *slot = byte.to_ascii_lowercase();
        }
        self.name_len += take as u8;
        if bytes.len() > room {
            // The name is longer than the buffer: its hash goes on from the buffer's,
            // byte by byte (foreign content closes elements by name, whatever its length).
            if !self.name_overflow {
                self.name_overflow = true;
                self.hash = NameHash::of(&self.name);
            }
            for &byte in &bytes[take..] {
                self.hash = self.hash.push(byte);
            }
        }
    }

    /// The name's hash (computed only when foreign content needs it).
    fn hash(&self) -> NameHash {
        if self.name_overflow {
            self.hash
        } else {
            NameHash::of(&self.name[..usize::from(self.name_len)])
        }
    }

    fn attribute_starts(&mut self, at: u64) {
        self.attribute = Some((at, None));
    }

    fn attribute_name_ends(&mut self, at: u64) {
        if let Some((_, end @ None)) = &mut self.attribute {
            *end = Some(at);
        }
    }

    /// The attribute being read ends at `end` (exclusive), with `value` if it had one.
    fn attribute_ends(&mut self, end: u64, value: Option<(u64, u64)>) {
        let Some((start, name_end)) = self.attribute.take() else {
            return;
        };
        if !self.reads_attributes() {
            return;
        }
        if self.attributes.len() == MAX_ATTRIBUTES {
            self.incomplete = true;
            return;
        }
        let name_end = name_end.unwrap_or(end);
        self.attributes.push(Recorded {
            name: (start, name_end),
            value,
            end,
        });
    }
}

/// An attribute recorded while its tag is read: absolute offsets of its name's start
/// and end, its value's range, and its end.
#[derive(Clone, Copy, Debug)]
struct Recorded {
    name: (u64, u64),
    value: Option<(u64, u64)>,
    end: u64,
}

/// The elements whose content is text up to their end tag (but `<script>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawElement {
    Style,
    Title,
    Textarea,
    Xmp,
    Iframe,
    Noembed,
    Noframes,
    Noscript,
}

impl RawElement {
    fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"style" => Self::Style,
            b"title" => Self::Title,
            b"textarea" => Self::Textarea,
            b"xmp" => Self::Xmp,
            b"iframe" => Self::Iframe,
            b"noembed" => Self::Noembed,
            b"noframes" => Self::Noframes,
            b"noscript" => Self::Noscript,
            _ => return None,
        })
    }

    fn name(self) -> &'static [u8] {
        match self {
            Self::Style => b"style",
            Self::Title => b"title",
            Self::Textarea => b"textarea",
            Self::Xmp => b"xmp",
            Self::Iframe => b"iframe",
            Self::Noembed => b"noembed",
            Self::Noframes => b"noframes",
            Self::Noscript => b"noscript",
        }
    }
}

/// Where a tag in progress stands, for the stages' holding back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum InTag {
    /// Between tokens, or in a comment or raw text: nothing to hold for a tag.
    No,
    /// A tag (or a `<` that may be text) started at this offset; its name is not
    /// complete yet.
    Opening(u64),
    /// A tag whose name is complete started at this offset.
    Named(u64),
}

/// The tokenizer; see the module docs.
#[derive(Debug)]
pub(super) struct Tokenizer {
    state: State,
    current: Current,
    foreign: Foreign,
    /// Where the comment or bogus comment being read started.
    markup_start: u64,
    /// The attributes of the tag being reported (kept to reuse its allocation).
    attributes: Vec<Attribute>,
    /// Bytes fed so far: the offset of the next chunk's first byte.
    fed: u64,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self {
            state: State::Data,
            current: Current::default(),
            foreign: Foreign::default(),
            markup_start: 0,
            attributes: Vec::new(),
            fed: 0,
        }
    }
}

impl Tokenizer {
    /// The tag in progress, if any.
    pub(super) fn in_tag(&self) -> InTag {
        match self.state {
            State::TagOpen | State::EndTagOpen | State::TagName => {
                InTag::Opening(self.current.start)
            }
            State::BeforeAttributeName
            | State::AttributeName
            | State::AfterAttributeName
            | State::BeforeAttributeValue
            | State::AttributeValueQuoted(_)
            | State::AttributeValueUnquoted
            | State::SkipTag => InTag::Named(self.current.start),
            _ => InTag::No,
        }
    }

    /// The tag in progress may no longer be held (it grew past [`MAX_TAG`]): its
    /// attributes are not read.
    pub(super) fn drop_attributes(&mut self) {
        let current = &mut self.current;
        if current.interest == Interest::Attributes {
            current.interest = Interest::Name;
        }
        current.own_attributes = false;
        current.incomplete = true;
        current.attributes.clear();
        current.bytes = Vec::new();
    }

    /// Where the page ended.
    pub(super) fn ending(&self) -> Ending {
        match self.state {
            State::Data => Ending::Data,
            State::TagOpen | State::EndTagOpen | State::TagName => Ending::TagStart,
            State::BeforeAttributeName
            | State::AttributeName
            | State::AfterAttributeName
            | State::BeforeAttributeValue
            | State::AttributeValueQuoted(_)
            | State::AttributeValueUnquoted
            | State::SkipTag => Ending::Tag,
            State::Comment(_) => Ending::Comment,
            State::RawText { element, matched }
                if usize::from(matched) == 2 + element.name().len() =>
            {
                Ending::RawTextEndTagName
            }
            State::Script(ScriptState::EndTag(6) | ScriptState::EscapedEndTag(6)) => {
                Ending::RawTextEndTagName
            }
            State::RawText { .. } | State::Script(_) => Ending::RawText,
            State::PlainText => Ending::PlainText,
        }
    }

    /// Tokenizes the next chunk of the page.
    pub(super) fn feed(&mut self, chunk: &[u8], sink: &mut impl Sink) {
        let base = self.fed;
        self.run(chunk, base, sink);
        // Keep the bytes of a tag whose attributes are read (or may be: its name is not
        // complete), for the chunk that ends it.
        let keep = match self.in_tag() {
            InTag::No => false,
            InTag::Opening(_) => true,
            InTag::Named(_) => self.current.reads_attributes(),
        };
        if keep {
            let start = self.current.start.max(base);
            let from = (start - base) as usize;
            let kept = self.current.bytes.len() + (chunk.len() - from);
            if kept > MAX_TAG {
                self.drop_attributes();
            } else {
                self.current.bytes.extend_from_slice(&chunk[from..]);
            }
        }
        self.fed = base + chunk.len() as u64;
    }

    fn run(&mut self, chunk: &[u8], base: u64, sink: &mut impl Sink) {
        let len = chunk.len();
        let mut at = 0;
        while at < len {
            match self.state {
                State::Data => {
                    if sink.settled() {
                        return;
                    }
                    if sink.skims() && !sink.wants_text() {
                        at = skim::skim(chunk, at, &mut self.foreign);
                        if at == len {
                            return;
                        }
                    }
                    let found = find_byte(b'<', &chunk[at..]);
                    let end = found.map_or(len, |found| at + found);
                    if end > at && sink.wants_text() {
                        sink.text(&chunk[at..end], base + at as u64);
                    }
                    let Some(found) = found else {
                        return;
                    };
                    at += found;
                    self.current.start(base + at as u64, false);
                    // The common cases, `<` or `</` and a letter: straight into the name.
                    let end_tag = chunk.get(at + 1) == Some(&b'/');
                    let name_at = at + 1 + usize::from(end_tag);
                    if chunk.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
                        self.current.end_tag = end_tag;
                        self.state = State::TagName;
                        at = name_at;
                        continue;
                    }
                    self.state = State::TagOpen;
                    at += 1;
                }
                State::TagOpen => {
                    let byte = chunk[at];
                    match byte {
                        b'!' => {
                            self.markup_start = self.current.start;
                            sink.markup_starts(self.markup_start);
                            self.state = State::Comment(CommentState::MarkupOpen {
                                cdata: self.foreign.cdata_allowed(),
                            });
                            at += 1;
                        }
                        b'/' => {
                            self.state = State::EndTagOpen;
                            at += 1;
                        }
                        b'?' => {
                            self.markup_start = self.current.start;
                            sink.markup_starts(self.markup_start);
                            self.state = State::Comment(CommentState::Bogus);
                        }
                        _ if byte.is_ascii_alphabetic() => self.state = State::TagName,
                        _ => {
                            // The `<` is text; this byte is reconsumed as data.
                            self.state = State::Data;
                            if sink.wants_text() {
                                sink.stray_less_than(self.current.start);
                            }
                        }
                    }
                }
                State::EndTagOpen => {
                    let byte = chunk[at];
                    if byte == b'>' {
                        // `</>` is dropped.
                        self.state = State::Data;
                        at += 1;
                    } else if byte.is_ascii_alphabetic() {
                        self.current.end_tag = true;
                        self.state = State::TagName;
                    } else {
                        self.markup_start = self.current.start;
                        sink.markup_starts(self.markup_start);
                        self.state = State::Comment(CommentState::Bogus);
                    }
                }
                State::TagName
                | State::BeforeAttributeName
                | State::AttributeName
                | State::AfterAttributeName
                | State::BeforeAttributeValue
                | State::AttributeValueQuoted(_)
                | State::AttributeValueUnquoted
                | State::SkipTag => {
                    if !self.tag(chunk, base, &mut at, sink) {
                        return;
                    }
                }
                State::Comment(mut comment) => {
                    if comment::run(&mut comment, chunk, &mut at) {
                        self.state = State::Data;
                        sink.markup(self.markup_start, base + at as u64);
                    } else {
                        self.state = State::Comment(comment);
                        return;
                    }
                }
                State::RawText {
                    element,
                    mut matched,
                } => {
                    let from = at;
                    let closed = raw_text::run(element.name(), &mut matched, chunk, &mut at);
                    if sink.wants_raw_text() && at > from {
                        sink.raw_text(&chunk[from..at], base + from as u64);
                    }
                    if closed {
                        // `at` is just past `</name`: the end tag starts before it.
                        let start = base + at as u64 - 2 - element.name().len() as u64;
                        self.end_tag_named(start, element.name(), sink);
                    } else {
                        self.state = State::RawText { element, matched };
                        return;
                    }
                }
                State::Script(mut script) => {
                    let from = at;
                    let closed = script::run(&mut script, chunk, &mut at);
                    if sink.wants_raw_text() && at > from {
                        sink.raw_text(&chunk[from..at], base + from as u64);
                    }
                    if closed {
                        let start = base + at as u64 - 2 - SCRIPT.len() as u64;
                        self.end_tag_named(start, SCRIPT, sink);
                    } else {
                        self.state = State::Script(script);
                        return;
                    }
                }
                State::PlainText => return,
            }
        }
    }

    /// The end tag of the open raw-text element, whose name is complete: its attributes
    /// (if any) run up to `>`.
    fn end_tag_named(&mut self, start: u64, name: &[u8], sink: &mut impl Sink) {
        self.current.start(start, true);
        self.current.push_name(name);
        self.name_complete(sink);
    }

    /// The name is complete: what the stages (and foreign content) want of the tag.
    fn name_complete(&mut self, sink: &mut impl Sink) {
        let current = &mut self.current;
        let name = if current.name_overflow {
            &b"-"[..]
        } else {
            &current.name[..usize::from(current.name_len)]
        };
        // Asked before `tag_name`, which may change the answer.
        let skims = cfg!(debug_assertions) && sink.skims() && !sink.wants_text();
        current.interest = sink.tag_name(TagName {
            name,
            end_tag: current.end_tag,
            start: current.start,
        });
        debug_assert!(
            !skims || current.interest == Interest::Skip || skim::READ_IN_FULL.contains(&name),
            "a sink that skims wants <{}{}>, which the skim passes over",
            if current.end_tag { "/" } else { "" },
            String::from_utf8_lossy(name),
        );
        current.own_attributes = !current.end_tag
            && self.foreign.is_open()
            && matches!(name, b"font" | b"annotation-xml");
        // Foreign content needs `/>` of every tag (self-closing elements open nothing),
        // and `<svg>`, `<math>` open it (`<template>` is counted, for `</template>` in it).
        if !current.reads_attributes() {
            current.bytes.clear();
        }
        let skip = current.interest == Interest::Skip
            && !current.own_attributes
            && !self.foreign.is_open()
            && !foreign_counts(name);
        self.state = if skip {
            State::SkipTag
        } else {
            State::BeforeAttributeName
        };
    }

    /// Runs the tag states from `at`: true once the tag's `>` is handled (`at` is then
    /// after it), false at the end of the chunk (the state kept).
    fn tag(&mut self, chunk: &[u8], base: u64, at: &mut usize, sink: &mut impl Sink) -> bool {
        let len = chunk.len();
        let mut i = *at;
        let mut state = self.state;
        let position = |i: usize| base + i as u64;
        loop {
            if i == len {
                self.state = state;
                *at = len;
                return false;
            }
            match state {
                State::TagName => {
                    let start = i;
                    while i < len && !is_tag_name_end(chunk[i]) {
                        i += 1;
                    }
                    self.current.push_name(&chunk[start..i]);
                    if i == len {
                        continue;
                    }
                    self.name_complete(sink);
                    state = self.state;
                    // The byte that ended the name is read in the new state.
                    continue;
                }
                State::SkipTag => {
                    // No quote before the `>`: the tag ends there, whatever states its
                    // bytes go through (only a quoted value can hold a `>`). Otherwise
                    // the states are read one by one from here.
                    let rest = &chunk[i..];
                    if let Some(found) = find_tag_end(rest)
                        && rest[found] == b'>'
                    {
                        self.tag_ends(chunk, base, i + found, false, sink);
                        *at = i + found + 1;
                        return true;
                    }
                    state = State::BeforeAttributeName;
                }
                State::BeforeAttributeName => {
                    while i < len && (is_whitespace(chunk[i]) || chunk[i] == b'/') {
                        self.current.slash = chunk[i] == b'/';
                        i += 1;
                    }
                    if i == len {
                        continue;
                    }
                    if chunk[i] == b'>' {
                        let self_closing = self.current.slash;
                        self.tag_ends(chunk, base, i, self_closing, sink);
                        *at = i + 1;
                        return true;
                    }
                    // The first byte is part of the name whatever it is (`=` included).
                    self.current.slash = false;
                    self.current.attribute_starts(position(i));
                    state = State::AttributeName;
                    i += 1;
                }
                State::AttributeName => {
                    while i < len
                        && !matches!(
                            chunk[i],
                            b'=' | b'/' | b'>' | b'\t' | b'\n' | 0x0C | b'\r' | b' '
                        )
                    {
                        i += 1;
                    }
                    if i == len {
                        continue;
                    }
                    self.current.attribute_name_ends(position(i));
                    match chunk[i] {
                        b'>' => {
                            self.current.attribute_ends(position(i), None);
                            self.tag_ends(chunk, base, i, false, sink);
                            *at = i + 1;
                            return true;
                        }
                        b'=' => state = State::BeforeAttributeValue,
                        b'/' => {
                            self.current.attribute_ends(position(i), None);
                            self.current.slash = true;
                            state = State::BeforeAttributeName;
                        }
                        _ => state = State::AfterAttributeName,
                    }
                    i += 1;
                }
                State::AfterAttributeName => {
                    while i < len && is_whitespace(chunk[i]) {
                        i += 1;
                    }
                    if i == len {
                        continue;
                    }
                    match chunk[i] {
                        b'>' => {
                            let end = self.attribute_name_end();
                            self.current.attribute_ends(end, None);
                            self.tag_ends(chunk, base, i, false, sink);
                            *at = i + 1;
                            return true;
                        }
                        b'=' => {
                            state = State::BeforeAttributeValue;
                            i += 1;
                        }
                        b'/' => {
                            let end = self.attribute_name_end();
                            self.current.attribute_ends(end, None);
                            self.current.slash = true;
                            state = State::BeforeAttributeName;
                            i += 1;
                        }
                        _ => {
                            let end = self.attribute_name_end();
                            self.current.attribute_ends(end, None);
                            self.current.attribute_starts(position(i));
                            state = State::AttributeName;
                            i += 1;
                        }
                    }
                }
                State::BeforeAttributeValue => {
                    while i < len && is_whitespace(chunk[i]) {
                        i += 1;
                    }
                    if i == len {
                        continue;
                    }
                    match chunk[i] {
                        b'>' => {
                            // `a=>`: an empty value.
                            self.current
                                .attribute_ends(position(i), Some((position(i), position(i))));
                            self.tag_ends(chunk, base, i, false, sink);
                            *at = i + 1;
                            return true;
                        }
                        quote @ (b'"' | b'\'') => {
                            self.current.value_start = position(i + 1);
                            state = State::AttributeValueQuoted(quote);
                            i += 1;
                        }
                        _ => {
                            self.current.value_start = position(i);
                            state = State::AttributeValueUnquoted;
                        }
                    }
                }
                State::AttributeValueQuoted(quote) => match find_byte(quote, &chunk[i..]) {
                    Some(found) => {
                        i += found;
                        let value = (self.current.value_start, position(i));
                        self.current.attribute_ends(position(i + 1), Some(value));
                        // After the value, as in "after attribute value (quoted)".
                        state = State::BeforeAttributeName;
                        i += 1;
                    }
                    None => i = len,
                },
                State::AttributeValueUnquoted => {
                    while i < len && !is_whitespace(chunk[i]) && chunk[i] != b'>' {
                        i += 1;
                    }
                    if i == len {
                        continue;
                    }
                    let value = (self.current.value_start, position(i));
                    self.current.attribute_ends(position(i), Some(value));
                    if chunk[i] == b'>' {
                        self.tag_ends(chunk, base, i, false, sink);
                        *at = i + 1;
                        return true;
                    }
                    state = State::BeforeAttributeName;
                    i += 1;
                }
                // Only tag states reach this loop.
                _ => {
                    *at = i;
                    return true;
                }
            }
        }
    }

    /// The end of the attribute name being read, if it has one.
    fn attribute_name_end(&self) -> u64 {
        match self.current.attribute {
            Some((_, Some(end))) => end,
            Some((start, None)) => start,
            None => 0,
        }
    }

    /// A tag ended at `gt` (its `>`) in `chunk`: foreign content, the sink, and the
    /// tree builder's switch for what follows.
    fn tag_ends(
        &mut self,
        chunk: &[u8],
        base: u64,
        gt: usize,
        self_closing: bool,
        sink: &mut impl Sink,
    ) {
        let end = base + gt as u64 + 1;
        let current = &mut self.current;
        if current.interest == Interest::Skip
            && !current.own_attributes
            && !self.foreign.is_open()
            && !foreign_counts(current.name())
        {
            // Nobody wants it, and it is HTML: only the switch it may make matters.
            self.state = State::Data;
            if !current.end_tag {
                self.state = switch_after(current.name());
            }
            return;
        }
        let mut name_buffer = [0; NAME_CAPACITY];
        let name_len = current.name().len();
        name_buffer[..name_len].copy_from_slice(current.name());
        let name = &name_buffer[..name_len];
        // The tag's bytes, when its attributes are read.
        let reads = current.reads_attributes();
        let bytes: &[u8] = if !reads {
            &[]
        } else if current.start >= base {
            &chunk[(current.start - base) as usize..=gt]
        } else {
            current.bytes.extend_from_slice(&chunk[..=gt]);
            &current.bytes
        };
        let start = current.start;
        let relative = |at: u64| (at - start) as usize;
        self.attributes.clear();
        if reads {
            self.attributes
                .extend(current.attributes.iter().map(|recorded| {
                    Attribute {
                        name: relative(recorded.name.0)..relative(recorded.name.1),
                        value: recorded
                            .value
                            .map(|(from, to)| relative(from)..relative(to)),
                        span: relative(recorded.name.0)..relative(recorded.end),
                    }
                }));
        }
        let tag = Tag {
            name,
            end_tag: current.end_tag,
            self_closing,
            html: true,
            start,
            end,
            bytes,
            attributes: &self.attributes,
            complete: !current.incomplete,
        };
        let opens_foreign = matches!(name, b"svg" | b"math");
        let html = if tag.end_tag {
            !self.foreign.is_open() || self.foreign.end_tag(current.hash())
        } else if self.foreign.is_open() || opens_foreign || name == b"template" {
            let start_tag = StartTag {
                self_closing,
                font_breaks_out: name == b"font"
                    && [&b"color"[..], b"face", b"size"]
                        .iter()
                        .any(|wanted| tag.attribute(wanted).is_some()),
                html_encoding: name == b"annotation-xml"
                    && tag.value(b"encoding").is_some_and(|value| {
                        value.eq_ignore_ascii_case(b"text/html")
                            || value.eq_ignore_ascii_case(b"application/xhtml+xml")
                    }),
            };
            self.foreign.start_tag(current.hash(), start_tag)
        } else {
            true
        };
        if tag.end_tag && html && name == b"template" {
            // The foreign elements inside it close with it.
            self.foreign.template_ends();
        }
        if current.interest != Interest::Skip {
            sink.tag(&Tag { html, ..tag });
        }
        self.state = State::Data;
        if !current.end_tag && html {
            self.state = switch_after(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_that_switches_the_tokenizer_is_read_in_full_by_the_skim() {
        use super::super::skim::READ_IN_FULL;
        for name in super::super::HTML_ELEMENTS {
            let name = name.as_bytes();
            if switch_after(name) != State::Data || foreign_counts(name) {
                assert!(
                    READ_IN_FULL.contains(&name),
                    "{}",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
}

/// A token as [`tokens`] reports it.
#[cfg(feature = "__internals")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A start tag: its name and its attributes' names (ASCII-lowercased, in order,
    /// duplicates included), and whether it ends in `/>`.
    StartTag {
        /// The name.
        name: Vec<u8>,
        /// The attributes' names.
        attributes: Vec<Vec<u8>>,
        /// `/>`.
        self_closing: bool,
    },
    /// An end tag.
    EndTag {
        /// The name, ASCII-lowercased.
        name: Vec<u8>,
    },
    /// A comment, doctype, bogus comment or CDATA section, as written.
    Markup(Vec<u8>),
    /// Text, raw text and script data, as written (character references not decoded).
    Text(Vec<u8>),
}

/// The tokens of `document` fed in chunks of `chunk` bytes (text runs merged), for
/// differential testing against another tokenizer. Text after `<plaintext>` is not
/// reported.
#[cfg(feature = "__internals")]
pub fn tokens(document: &[u8], chunk: usize) -> Vec<Token> {
    record(document, chunk, true, false)
}

/// The tokens of `document` a sink that reads only the elements the tokenizer always
/// reads in full (the list `READ_IN_FULL` in `src/html/skim.rs`) is told of: their tags,
/// raw text and script data, and markup; no text. With `skim`, the tokenizer may pass
/// over the other tags (the skim): the tokens must be the same either way.
#[cfg(feature = "__internals")]
pub fn tokens_read_in_full(document: &[u8], chunk: usize, skim: bool) -> Vec<Token> {
    record(document, chunk, false, skim)
}

#[cfg(feature = "__internals")]
fn record(document: &[u8], chunk: usize, all: bool, skim: bool) -> Vec<Token> {
    struct Recorder<'d> {
        document: &'d [u8],
        tokens: Vec<Token>,
        /// Where the last text token started.
        text_start: u64,
        /// Every tag and text is wanted (else only the names read in full).
        all: bool,
        skim: bool,
    }
    impl Recorder<'_> {
        fn push_text(&mut self, bytes: &[u8], start: u64) {
            if let Some(Token::Text(text)) = self.tokens.last_mut()
                && self.text_start + text.len() as u64 == start
            {
                text.extend_from_slice(bytes);
                return;
            }
            self.text_start = start;
            self.tokens.push(Token::Text(bytes.to_vec()));
        }
    }
    impl Sink for Recorder<'_> {
        fn wants_text(&self) -> bool {
            self.all
        }
        fn skims(&self) -> bool {
            self.skim
        }
        fn text(&mut self, bytes: &[u8], start: u64) {
            self.push_text(bytes, start);
        }
        fn stray_less_than(&mut self, at: u64) {
            self.push_text(b"<", at);
        }
        fn tag_name(&mut self, tag: TagName<'_>) -> Interest {
            if self.all || super::skim::READ_IN_FULL.contains(&tag.name) {
                Interest::Attributes
            } else {
                Interest::Skip
            }
        }
        fn tag(&mut self, tag: &Tag<'_>) {
            // Raw text ran up to the end tag's name: cut it at the tag's `<`.
            if let Some(Token::Text(text)) = self.tokens.last_mut() {
                let keep = tag.start.saturating_sub(self.text_start) as usize;
                text.truncate(keep);
                if text.is_empty() {
                    self.tokens.pop();
                }
            }
            let from = tag.start as usize + if tag.end_tag { 2 } else { 1 };
            let name: Vec<u8> = self.document[from..]
                .iter()
                .take_while(|&&byte| !super::is_tag_name_end(byte))
                .map(u8::to_ascii_lowercase)
                .collect();
            self.tokens.push(if tag.end_tag {
                Token::EndTag { name }
            } else {
                Token::StartTag {
                    name,
                    attributes: tag
                        .attributes
                        .iter()
                        .map(|attribute| tag.bytes[attribute.name.clone()].to_ascii_lowercase())
                        .collect(),
                    self_closing: tag.self_closing,
                }
            });
        }
        fn wants_raw_text(&self) -> bool {
            true
        }
        fn raw_text(&mut self, bytes: &[u8], start: u64) {
            self.push_text(bytes, start);
        }
        fn markup(&mut self, start: u64, end: u64) {
            self.tokens.push(Token::Markup(
                self.document[start as usize..end as usize].to_vec(),
            ));
        }
    }
    let mut recorder = Recorder {
        document,
        tokens: Vec::new(),
        text_start: 0,
        all,
        skim,
    };
    let mut tokenizer = Tokenizer::default();
    for piece in document.chunks(chunk.max(1)) {
        tokenizer.feed(piece, &mut recorder);
    }
    recorder.tokens
}
