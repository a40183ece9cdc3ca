//! Finding where the body starts in a streaming HTML document: the banner's place.
//!
//! The banner must be the body's first child in the tree a browser builds, and nothing
//! else of the page may move. So it goes where the HTML tree builder starts the body
//! (WHATWG HTML §13.2.6.4.1-6, the "initial", "before html", "before head", "in head",
//! "in head noscript" and "after head" insertion modes):
//!
//! - right after a `<body …>` start tag;
//! - right before the first token the tree builder would not keep in the head: a
//!   character that is not ASCII whitespace (a character reference counts as the
//!   character it stands for), a start tag other than `html`, `head`, `base`, `basefont`,
//!   `bgsound`, `link`, `meta`, `noframes`, `script`, `style`, `template`, `title` and
//!   `noscript` (a `noscript` after `</head>` starts the body), or the end tags `</body>`,
//!   `</html>` and `</br>`. Comments, doctypes, whitespace and every other end tag are
//!   kept or ignored;
//! - at the end of the document when it ends in text before the body starts (the tree
//!   builder creates the body there);
//! - nowhere when a `<frameset>` comes first, or replaces a body started by content
//!   that leaves the frameset-ok flag set (see "Watching for a frameset"), when the
//!   document ends where the banner would be swallowed (inside a tag, a comment, a
//!   raw-text element or `<template>` content), or when it starts with a UTF-16
//!   byte-order mark (not ASCII-compatible): the body then sends an inert [`Filler`]
//!   instead.
//!
//! [`BodyStartScanner`] is a pure state machine over byte slices: it is fed the body's
//! chunks in order and keeps only its state between them. It follows the tokenizer
//! (§13.2.5) as far as it decides anything before the body:
//!
//! - comments (with the tokenizer's odd endings: `<!-->`, `<!--->`, `--!>`), doctypes,
//!   `<?…>`, `<![CDATA[…>` and other bogus comments are skipped;
//! - the content of the raw-text and RCDATA elements the head may hold (`<script>`,
//!   `<style>`, `<title>`, `<noscript>`, `<noframes>`) is skipped up to the matching end
//!   tag, `<script>` with its escaped and double-escaped states (§13.2.5.4, 13.2.5.15-31:
//!   `<script><!--<script></script>--></script>` ends at the last tag);
//! - quoted attribute values are skipped, so `<meta content="<body>">` does not count;
//! - `<template>` content never starts the body (nested templates are counted), and its
//!   `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>` and `<plaintext>` are raw text too;
//! - tag names match ASCII-case-insensitively, and `<bodyx>` is not `<body>` (it starts
//!   the body, like any unknown tag);
//! - a UTF-8 byte-order mark at the start is not a character.
//!
//! Holding back: whether a token starts the body is known only once enough of it is seen
//! (`<scrip` may become `<script>` or `<scripts>`; `&#3` may become `&#32;`, a space). When
//! a chunk ends inside such a token, [`Scan::Pending`] asks the caller to hold back its
//! bytes, so that the banner can still go before them. They are at most [`MAX_HELD`]
//! bytes: `<` and a tag name of up to 8 letters (`<noscript`), `</` and up to 4 (`</html`),
//! a byte-order mark's first bytes, or a character reference (`&NewLine`; a numeric one
//! still undecided after 12 bytes, which only leading zeros allow, gives up: filler).
//!
//! Watching for a frameset: the tree builder's frameset-ok flag stays set when the body
//! is started by whitespace-free content that does not clear it (a `<div>`, `<p>`, a
//! hidden `<input>`, `<svg>`, NUL characters, `</body>`...), and a later `<frameset>`
//! then replaces the whole body; the banner's text would clear the flag and keep the
//! frames out. So from such a start the scan goes on reading the body (text, tags,
//! raw text, foreign content, as above) and holds everything from the body's start:
//! the first character that is not whitespace or NUL, or start tag that clears the flag
//! (§13.2.6.4.7: `pre`, `li`, `table`, `img`, `input` unless hidden, `textarea`,
//! `iframe`, `select`, a second `body`, `template`...), or `</br>`, gives the banner the body's
//! start; a `<frameset>` gives the filler. At most [`WATCH_LIMIT`] bytes are held: past
//! them, and at the end of the document, the banner takes the body's start.
//!
//! Not modelled:
//! - foreign content (`<svg>`, `<math>`) and `<plaintext>`: they start the body, so the
//!   scan ends before them. Inside `<template>` content they are not modelled: a
//!   template's `<svg><style>` is taken as raw text, its `<![CDATA[` as a bogus comment;
//! - the insertion modes inside `<template>` content (a `<select>` there ignores the
//!   `<xmp>` and `<noscript>` taken here as raw text);
//! - "in head noscript" (§13.2.6.4.5): browsers parse with scripting on, where
//!   `<noscript>` in the head is raw text, not tags;
//! - CDATA sections in foreign content while watching (below): their text would clear
//!   the frameset-ok flag, but they are skipped like comments, so a later `<frameset>`
//!   gives the filler (no banner: the page stays as it is);
//! - a document that ends in `</` where no place works (after a `<frameset>`, in
//!   `<template>` content): `</` is text at the end of a file, and the filler makes it a
//!   bogus comment; no filler keeps it text;
//! - encodings other than ASCII-compatible ones and UTF-16 with a byte-order mark
//!   (ISO-2022-JP), `document.write` and scripts that edit the page.

use super::comment::{self, CommentState};
use super::foreign::{Foreign, NameHash, StartTag};
use super::is_whitespace;
use super::raw_text;
use super::script::{self, SCRIPT, ScriptState};

/// The most bytes [`Scan::Pending`] asks to hold back before the body starts; see the
/// module docs.
pub(crate) const MAX_HELD: usize = 12;

/// The most bytes held while watching for a `<frameset>` after the body started (see
/// the module docs): past them, the banner takes the body's start.
pub(crate) const WATCH_LIMIT: usize = 4096;

/// What the scan has learned after a chunk or at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The body has not started yet. Of the held-back bytes followed by the chunk, the
    /// first `pass` bytes go on; the rest (none of the earlier held bytes if `pass` is
    /// not zero, at most [`MAX_HELD`] bytes) must be held back.
    Pending { pass: usize },
    /// The banner goes at offset `at` of the held-back bytes followed by the chunk.
    Place { at: usize },
    /// No place can work: everything goes on, and the filler goes at the end.
    Fill(Filler),
}

/// The inert bytes that stand for the banner when it has no place: the response's
/// length already counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Filler {
    /// ASCII spaces, for ASCII-compatible pages.
    Spaces,
    /// UTF-16 spaces (`20 00`), for pages with the byte-order mark `FF FE`.
    Utf16Le,
    /// UTF-16 spaces (`00 20`), for pages with the byte-order mark `FE FF`.
    Utf16Be,
}

impl Filler {
    /// `len` inert bytes that start at offset `at` of the response's body. UTF-16
    /// spaces follow the page's code units (`20 00` from an even offset, in `FF FE`
    /// order), so that two fillers in a row (the head insert's, then the banner's) stay
    /// whole code units; an odd total leaves half a unit at the very end, which decoders
    /// read as one U+FFFD (the least bad of the choices that keep the length).
    pub(crate) fn bytes(self, len: usize, at: u64) -> bytes::Bytes {
        let unit: [u8; 2] = match self {
            Self::Spaces => *b"  ",
            Self::Utf16Le => *b" \0",
            Self::Utf16Be => *b"\0 ",
        };
        let phase = (at % 2) as usize;
        let bytes: Vec<u8> = (0..len).map(|offset| unit[(phase + offset) % 2]).collect();
        // An odd total ends on a lone byte: a space, whichever half it is.
        let mut bytes = bytes;
        if self != Self::Spaces
            && (at + len as u64) % 2 == 1
            && let Some(last) = bytes.last_mut()
        {
            *last = b' ';
        }
        bytes::Bytes::from(bytes)
    }
}

/// Where the scan is, between two bytes of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the first byte: a byte-order mark may come.
    Start,
    /// `seen` bytes of UTF-8's byte-order mark `EF BB BF`.
    Utf8Bom {
        seen: u8,
    },
    /// `FE` or `FF` first: UTF-16's byte-order mark if the other follows.
    Utf16Bom {
        first: u8,
    },
    Data,
    /// After `&` in text before the body.
    CharRef,
    /// `matched` bytes of `name` (`Tab;` or `NewLine;`) after `&`.
    NamedRef {
        name: &'static [u8],
        matched: u8,
    },
    /// After `&#`, `&#x` and any digits.
    NumericRef {
        hex: bool,
        digits: bool,
        value: u32,
    },
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
    /// From `<!` (or a bogus comment's start) to its `>` (see [`super::comment`]).
    Comment(CommentState),
    /// Inside a raw-text or RCDATA element; `matched` bytes of `</name` seen so far.
    RawText {
        element: RawElement,
        matched: u8,
    },
    /// Inside `<script>`.
    Script(ScriptState),
    /// After `<plaintext>` (in template content): the rest of the document is text.
    PlainText,
    /// The banner's place was found, or no place can work.
    Done,
}

/// The elements whose content is text up to their end tag (but `<script>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawElement {
    Style,
    Title,
    Noscript,
    Noframes,
    Textarea,
    Xmp,
    Iframe,
    Noembed,
}

impl RawElement {
    fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"style" => Self::Style,
            b"title" => Self::Title,
            b"noscript" => Self::Noscript,
            b"noframes" => Self::Noframes,
            b"textarea" => Self::Textarea,
            b"xmp" => Self::Xmp,
            b"iframe" => Self::Iframe,
            b"noembed" => Self::Noembed,
            _ => return None,
        })
    }

    fn name(self) -> &'static [u8] {
        match self {
            Self::Style => b"style",
            Self::Title => b"title",
            Self::Noscript => b"noscript",
            Self::Noframes => b"noframes",
            Self::Textarea => b"textarea",
            Self::Xmp => b"xmp",
            Self::Iframe => b"iframe",
            Self::Noembed => b"noembed",
        }
    }
}

/// The start tags that do not start the body (§13.2.6.4.1-6), with `body` and
/// `frameset`, which decide everything.
fn is_head_start_tag(name: &[u8]) -> bool {
    matches!(
        name,
        b"html"
            | b"head"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"link"
            | b"meta"
            | b"noframes"
            | b"script"
            | b"style"
            | b"template"
            | b"title"
            | b"noscript"
            | b"body"
            | b"frameset"
    )
}

/// The longest name `is_head_start_tag` knows: a longer one starts the body.
const LONGEST_HEAD_START_TAG: usize = 8;

/// The end tags that start the body ("act as anything else"); the others are ignored
/// before it.
fn is_body_end_tag(name: &[u8]) -> bool {
    matches!(name, b"body" | b"html" | b"br")
}

/// The longest name `is_body_end_tag` knows.
const LONGEST_BODY_END_TAG: usize = 4;

/// The longest tag name the scanner needs to tell apart: `plaintext`, and the SVG and
/// MathML names foreign content closes by name (`feComponentTransfer`, 19); longer names
/// are remembered only as "something else".
const NAME_CAPACITY: usize = 24;

/// The streaming search for the banner's place; see the module docs.
#[derive(Clone, Debug)]
pub(crate) struct BodyStartScanner {
    state: State,
    /// The current tag's name, lowercased, while it fits.
    name: [u8; NAME_CAPACITY],
    name_len: u8,
    name_overflow: bool,
    end_tag: bool,
    /// The last byte read in a tag was a `/` outside a value (`/>` self-closes).
    slash: bool,
    /// The open SVG and MathML elements in template content (see [`super::foreign`]:
    /// before the body, `<svg>` and `<math>` start it, so only a template holds them).
    foreign: Foreign,
    /// How many `<template>` elements are open around the current position.
    template_depth: u32,
    /// `</head>` was seen: a `<noscript>` now starts the body.
    after_head: bool,
    /// How many bytes at the end of what was fed so far are held back.
    held: usize,
    /// Where the token being held back starts, in the held bytes followed by the chunk
    /// being fed.
    hold: Option<usize>,
    /// The attributes looked for in the current start tag.
    attributes: TagAttributes,
    /// A `<meta http-equiv="Content-Security-Policy">` came before the body.
    meta_csp_seen: bool,
    /// The body has started, but by content that leaves the parser's frameset-ok flag
    /// set: everything from the banner's place (the start of the held bytes) is held
    /// until something clears the flag (the banner goes there) or a `<frameset>` replaces
    /// the body (the filler instead).
    watching: bool,
}

/// Matches one attribute (`name`, with `value`, or any value when `None`) in a start
/// tag's attributes, ASCII-case-insensitively, byte by byte (names and values may be cut
/// across chunks). Only the first attribute of that name counts, as the tokenizer drops
/// later ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AttributeMatch {
    wanted_name: &'static [u8],
    wanted_value: Option<&'static [u8]>,
    /// Bytes of the wanted name matched by the current attribute's name (`NO_MATCH` once
    /// it cannot match).
    name: u8,
    /// Bytes of the wanted value matched by the current value, while the attribute is
    /// the wanted one.
    value: Option<u8>,
    /// The first attribute of the wanted name has been read.
    decided: bool,
    /// Its value was the wanted one.
    matched: bool,
    /// Its value holds a `&`: a character reference the tokenizer decodes, which may
    /// spell the wanted value (`&#104;idden`) or another; the scan does not decode them.
    reference: bool,
}

const NO_MATCH: u8 = u8::MAX;

/// One more byte of `wanted` after `matched` bytes, ignoring ASCII case.
fn match_step(matched: u8, wanted: &[u8], byte: u8) -> u8 {
    match wanted.get(usize::from(matched)) {
        Some(&expected) if matched != NO_MATCH && byte.to_ascii_lowercase() == expected => {
            matched + 1
        }
        _ => NO_MATCH,
    }
}

impl AttributeMatch {
    const fn new(wanted_name: &'static [u8], wanted_value: Option<&'static [u8]>) -> Self {
        Self {
            wanted_name,
            wanted_value,
            name: 0,
            value: None,
            decided: false,
            matched: false,
            reference: false,
        }
    }

    fn start_tag(&mut self) {
        *self = Self::new(self.wanted_name, self.wanted_value);
    }

    fn name_byte(&mut self, byte: u8) {
        self.name = match_step(self.name, self.wanted_name, byte);
    }

    /// The current attribute ended without a value (another attribute or the tag's end
    /// follows). The first attribute of the wanted name decides: found when any value is
    /// wanted, not when a value was (its value is empty).
    fn valueless_attribute_ends(&mut self) {
        if !self.decided && usize::from(self.name) == self.wanted_name.len() {
            self.decided = true;
            self.matched = self.wanted_value.is_none();
        }
    }

    /// A new attribute's name starts with `byte`.
    fn new_attribute(&mut self, byte: u8) {
        self.valueless_attribute_ends();
        self.name = 0;
        self.value = None;
        self.name_byte(byte);
    }

    /// `=` after the name: the value follows.
    fn value_starts(&mut self) {
        if self.decided || usize::from(self.name) != self.wanted_name.len() {
            return;
        }
        match self.wanted_value {
            None => {
                self.decided = true;
                self.matched = true;
            }
            Some(_) => self.value = Some(0),
        }
    }

    fn value_bytes(&mut self, bytes: &[u8]) {
        if let (Some(matched), Some(wanted)) = (&mut self.value, self.wanted_value) {
            for &byte in bytes {
                *matched = match_step(*matched, wanted, byte);
            }
            self.reference |= memchr::memchr(b'&', bytes).is_some();
        }
    }

    fn value_ends(&mut self) {
        if let Some(matched) = self.value {
            self.decided = true;
            self.matched = Some(usize::from(matched)) == self.wanted_value.map(<[u8]>::len);
        }
        self.value = None;
        self.name = NO_MATCH;
    }
}

/// The attributes the scan looks for in a start tag. `http-equiv="content-security-policy"`
/// on a `<meta>` in the head puts the page under a second policy the response's headers
/// do not show (CSP §3.3): the banner must not rely on an inline style there.
/// `type="hidden"` on an `<input>` leaves the parser's frameset-ok flag set. In foreign
/// content, `<font>` with `color`, `face` or `size` breaks out, and `<annotation-xml>`
/// whose `encoding` is HTML's is an HTML integration point (§13.2.6.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TagAttributes {
    meta_csp: AttributeMatch,
    hidden: AttributeMatch,
    font: [AttributeMatch; 3],
    html_encoding: [AttributeMatch; 2],
}

impl Default for TagAttributes {
    fn default() -> Self {
        Self {
            meta_csp: AttributeMatch::new(b"http-equiv", Some(b"content-security-policy")),
            hidden: AttributeMatch::new(b"type", Some(b"hidden")),
            font: [
                AttributeMatch::new(b"color", None),
                AttributeMatch::new(b"face", None),
                AttributeMatch::new(b"size", None),
            ],
            html_encoding: [
                AttributeMatch::new(b"encoding", Some(b"text/html")),
                AttributeMatch::new(b"encoding", Some(b"application/xhtml+xml")),
            ],
        }
    }
}

impl TagAttributes {
    fn each(&mut self, mut step: impl FnMut(&mut AttributeMatch)) {
        step(&mut self.meta_csp);
        step(&mut self.hidden);
        self.font.iter_mut().for_each(&mut step);
        self.html_encoding.iter_mut().for_each(&mut step);
    }

    /// The tag ends (its last attribute, if it had no value, ends with it).
    fn tag_ends(&mut self) {
        self.each(AttributeMatch::valueless_attribute_ends);
    }

    fn font_breaks_out(&self) -> bool {
        self.font.iter().any(|attribute| attribute.matched)
    }

    fn html_encoding(&self) -> bool {
        self.html_encoding.iter().any(|attribute| attribute.matched)
    }

    fn start_tag(&mut self) {
        self.each(AttributeMatch::start_tag);
    }

    fn name_byte(&mut self, byte: u8) {
        self.each(|attribute| attribute.name_byte(byte));
    }

    fn new_attribute(&mut self, byte: u8) {
        self.each(|attribute| attribute.new_attribute(byte));
    }

    fn value_starts(&mut self) {
        self.each(AttributeMatch::value_starts);
    }

    fn value_bytes(&mut self, bytes: &[u8]) {
        self.each(|attribute| attribute.value_bytes(bytes));
    }

    fn value_ends(&mut self) {
        self.each(AttributeMatch::value_ends);
    }
}

impl Default for BodyStartScanner {
    fn default() -> Self {
        Self {
            state: State::Start,
            name: [0; NAME_CAPACITY],
            name_len: 0,
            name_overflow: false,
            end_tag: false,
            slash: false,
            foreign: Foreign::default(),
            template_depth: 0,
            after_head: false,
            held: 0,
            hold: None,
            attributes: TagAttributes::default(),
            meta_csp_seen: false,
            watching: false,
        }
    }
}

impl BodyStartScanner {
    /// Whether a `<meta http-equiv="Content-Security-Policy">` came before the body
    /// (outside `<template>` content): the page is under a policy its headers do not
    /// show.
    pub(crate) fn saw_meta_csp(&self) -> bool {
        self.meta_csp_seen
    }

    /// Scans the next chunk of the document.
    ///
    /// After a [`Scan::Place`] or a [`Scan::Fill`] the scanner has nothing more to say:
    /// it passes whatever it is fed.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Scan {
        let base = self.held;
        self.hold = (base > 0 || self.watching).then_some(0);
        if self.state == State::Done {
            return Scan::Pending {
                pass: base + chunk.len(),
            };
        }
        if let Some(decided) = self.scan(chunk, base) {
            self.held = 0;
            self.state = State::Done;
            return decided;
        }
        let end = base + chunk.len();
        let pass = self.hold.unwrap_or(end);
        debug_assert!(pass == 0 || pass >= base, "a held token is held whole");
        if self.watching && end - pass > WATCH_LIMIT {
            // Nothing decided within the limit: the banner takes the body's start.
            self.held = 0;
            self.state = State::Done;
            return Scan::Place { at: pass };
        }
        debug_assert!(self.watching || end - pass <= MAX_HELD);
        self.held = end - pass;
        Scan::Pending { pass }
    }

    /// The end of the document: where the banner goes in the held-back bytes (`0`,
    /// before them, or their length, after them), or the filler.
    pub(crate) fn finish(&mut self) -> Scan {
        let held = self.held;
        self.held = 0;
        let state = std::mem::replace(&mut self.state, State::Done);
        if self.watching {
            // The body started and no `<frameset>` came: the banner takes its start.
            return Scan::Place { at: 0 };
        }
        let at_end = Scan::Place { at: held };
        if self.template_depth > 0 {
            // Anything appended would be template content.
            return Scan::Fill(Filler::Spaces);
        }
        match state {
            State::Start | State::Data => at_end,
            // `&#32` ends as a space: the body starts after it, at the end.
            State::NumericRef {
                digits: true,
                value,
                ..
            } if is_whitespace_reference(value) => at_end,
            // What is held at the end is text (`<`, `</`, `&…`, a lone `EF`) or a tag
            // the tokenizer drops (`<di`): the body starts before it at the latest.
            State::Utf8Bom { .. }
            | State::Utf16Bom { .. }
            | State::CharRef
            | State::NamedRef { .. }
            | State::NumericRef { .. }
            | State::TagOpen
            | State::EndTagOpen
            | State::TagName
                if held > 0 =>
            {
                Scan::Place { at: 0 }
            }
            State::Done => at_end,
            // Inside a tag, a comment or raw text: the banner would be swallowed.
            _ => Scan::Fill(Filler::Spaces),
        }
    }

    /// Holds back the token starting at `at` (while watching, everything is held already).
    fn hold_from(&mut self, at: usize) {
        if !self.watching {
            self.hold = Some(at);
        }
    }

    /// The token held back does not start the body: it goes on (while watching, it stays
    /// held with the rest).
    fn release(&mut self) {
        if !self.watching {
            self.hold = None;
        }
    }

    /// The body starts before the token held back (or at `at`, with nothing held), by
    /// content that leaves the frameset-ok flag set: watch what follows.
    fn start_watching(&mut self, at: usize) {
        if self.hold.is_none() {
            self.hold = Some(at);
        }
        self.watching = true;
    }

    /// The banner goes before the token held back.
    fn place_before_held(&self) -> Scan {
        debug_assert!(self.hold.is_some());
        Scan::Place {
            at: self.hold.unwrap_or(0),
        }
    }

    /// Before the body, outside template content.
    fn before_body(&self) -> bool {
        self.template_depth == 0 && !self.watching
    }

    /// Text decides something: before the body (it starts it) and while watching (it
    /// clears the frameset-ok flag); not in template content before the body.
    fn examines_text(&self) -> bool {
        self.template_depth == 0 || self.watching
    }

    /// Scans `chunk`, which follows `base` held-back bytes: the decision, or `None` (the
    /// chunk is all scanned, the body not started yet).
    fn scan(&mut self, chunk: &[u8], base: usize) -> Option<Scan> {
        let mut at = 0;
        while at < chunk.len() {
            let byte = chunk[at];
            let here = base + at;
            // Checked before anything is decided at `here`, so that every cutting of the
            // document decides alike.
            if self.watching
                && let Some(held) = self.hold
                && here - held > WATCH_LIMIT
            {
                return Some(self.place_before_held());
            }
            // `>` ends a tag in every state inside one but a quoted value.
            if byte == b'>' && self.in_tag() {
                let self_closing = self.slash && self.state == State::BeforeAttributeName;
                if self.state == State::TagName
                    && let Some(scan) = self.end_name()
                {
                    return Some(scan);
                }
                if let Some(scan) = self.finish_tag(here, self_closing) {
                    return Some(scan);
                }
                at += 1;
                continue;
            }
            // A `/` read in a tag (outside a value) self-closes it if `>` follows.
            self.slash = byte == b'/'
                && matches!(
                    self.state,
                    State::TagName
                        | State::BeforeAttributeName
                        | State::AttributeName
                        | State::AfterAttributeName
                );
            // Each arm either consumes `byte` (falls through to `at += 1`), skips ahead
            // with memchr, or reconsumes it in another state (`continue`).
            match self.state {
                State::Done => return None,
                State::PlainText => return None,
                State::Start => match byte {
                    0xEF => {
                        self.hold_from(here);
                        self.state = State::Utf8Bom { seen: 1 };
                    }
                    0xFE | 0xFF => {
                        self.hold_from(here);
                        self.state = State::Utf16Bom { first: byte };
                    }
                    _ => {
                        self.state = State::Data;
                        continue;
                    }
                },
                State::Utf8Bom { seen } => {
                    if byte != [0xEF, 0xBB, 0xBF][usize::from(seen)] {
                        // `EF` and `BB` were text.
                        return Some(self.place_before_held());
                    }
                    if seen == 2 {
                        self.release();
                        self.state = State::Data;
                    } else {
                        self.state = State::Utf8Bom { seen: seen + 1 };
                    }
                }
                State::Utf16Bom { first } => {
                    return Some(match (first, byte) {
                        (0xFE, 0xFF) => Scan::Fill(Filler::Utf16Be),
                        (0xFF, 0xFE) => Scan::Fill(Filler::Utf16Le),
                        _ => self.place_before_held(),
                    });
                }
                State::Data if self.examines_text() => {
                    // Whitespace stays in the head and leaves the frameset-ok flag set, as
                    // NUL does in the body; any other character starts the body and
                    // clears the flag.
                    let watching = self.watching;
                    let skip = chunk[at..]
                        .iter()
                        .position(|&b| !(is_whitespace(b) || (watching && b == 0)))?;
                    at += skip;
                    let here = base + at;
                    match chunk[at] {
                        b'<' => {
                            self.hold_from(here);
                            self.state = State::TagOpen;
                        }
                        b'&' => {
                            self.hold_from(here);
                            self.state = State::CharRef;
                        }
                        // The body starts, and the tree builder ignores the NUL there.
                        0 => self.start_watching(here),
                        _ if watching => return Some(self.place_before_held()),
                        _ => return Some(Scan::Place { at: here }),
                    }
                }
                State::Data => match memchr::memchr(b'<', &chunk[at..]) {
                    Some(found) => {
                        at += found;
                        self.state = State::TagOpen;
                    }
                    None => return None,
                },
                State::CharRef => match byte {
                    b'#' => {
                        self.state = State::NumericRef {
                            hex: false,
                            digits: false,
                            value: 0,
                        }
                    }
                    b'T' => {
                        self.state = State::NamedRef {
                            name: b"Tab;",
                            matched: 1,
                        }
                    }
                    b'N' => {
                        self.state = State::NamedRef {
                            name: b"NewLine;",
                            matched: 1,
                        }
                    }
                    // Any other reference is not whitespace, nor is a bare `&`.
                    _ => return Some(self.place_before_held()),
                },
                State::NamedRef { name, matched } => {
                    if byte != name[usize::from(matched)] {
                        return Some(self.place_before_held());
                    }
                    if usize::from(matched) + 1 == name.len() {
                        self.release();
                        self.state = State::Data;
                    } else {
                        self.state = State::NamedRef {
                            name,
                            matched: matched + 1,
                        };
                    }
                }
                State::NumericRef { hex, digits, value } => {
                    let digit = if hex {
                        char::from(byte).to_digit(16)
                    } else {
                        char::from(byte).to_digit(10)
                    };
                    match digit {
                        _ if !hex && !digits && (byte == b'x' || byte == b'X') && value == 0 => {
                            self.state = State::NumericRef {
                                hex: true,
                                digits: false,
                                value: 0,
                            }
                        }
                        Some(digit) => {
                            if !self.watching && here + 1 - self.hold.unwrap_or(0) > MAX_HELD {
                                // Only leading zeros make a reference this long.
                                return Some(Scan::Fill(Filler::Spaces));
                            }
                            let radix = if hex { 16 } else { 10 };
                            self.state = State::NumericRef {
                                hex,
                                digits: true,
                                value: value.saturating_mul(radix).saturating_add(digit),
                            };
                        }
                        // `&#` or `&#x` without digits is text.
                        None if !digits => return Some(self.place_before_held()),
                        None => {
                            if !is_whitespace_reference(value) {
                                return Some(self.place_before_held());
                            }
                            self.release();
                            self.state = State::Data;
                            if byte != b';' {
                                continue;
                            }
                        }
                    }
                }
                State::TagOpen => match byte {
                    b'!' => {
                        self.release();
                        self.state = State::Comment(CommentState::MarkupOpen {
                            cdata: self.foreign.cdata_allowed(),
                        });
                    }
                    b'/' => self.state = State::EndTagOpen,
                    b'?' => {
                        self.release();
                        self.state = State::Comment(CommentState::Bogus);
                    }
                    _ if byte.is_ascii_alphabetic() => {
                        self.start_name(false);
                        self.state = State::TagName;
                        continue;
                    }
                    // The `<` is text.
                    _ if self.examines_text() => return Some(self.place_before_held()),
                    _ => {
                        self.state = State::Data;
                        continue;
                    }
                },
                State::EndTagOpen => match byte {
                    b'>' => {
                        self.release();
                        self.state = State::Data;
                    }
                    _ if byte.is_ascii_alphabetic() => {
                        self.start_name(true);
                        self.state = State::TagName;
                        continue;
                    }
                    _ => {
                        self.release();
                        self.state = State::Comment(CommentState::Bogus);
                        continue;
                    }
                },
                State::TagName => {
                    if byte == b'/' || is_whitespace(byte) {
                        if let Some(scan) = self.end_name() {
                            return Some(scan);
                        }
                        self.state = State::BeforeAttributeName;
                    } else {
                        self.push_name(byte);
                        if let Some(scan) = self.check_held_name() {
                            return Some(scan);
                        }
                    }
                }
                State::BeforeAttributeName => match byte {
                    b'/' => {}
                    _ if is_whitespace(byte) => {}
                    _ => {
                        self.attributes.new_attribute(byte);
                        self.state = State::AttributeName;
                    }
                },
                State::AttributeName => match byte {
                    b'=' => {
                        self.attributes.value_starts();
                        self.state = State::BeforeAttributeValue;
                    }
                    b'/' => self.state = State::BeforeAttributeName,
                    _ if is_whitespace(byte) => self.state = State::AfterAttributeName,
                    _ => self.attributes.name_byte(byte),
                },
                State::AfterAttributeName => match byte {
                    b'=' => {
                        self.attributes.value_starts();
                        self.state = State::BeforeAttributeValue;
                    }
                    b'/' => self.state = State::BeforeAttributeName,
                    _ if is_whitespace(byte) => {}
                    _ => {
                        self.attributes.new_attribute(byte);
                        self.state = State::AttributeName;
                    }
                },
                State::BeforeAttributeValue => match byte {
                    b'"' | b'\'' => self.state = State::AttributeValueQuoted(byte),
                    _ if is_whitespace(byte) => {}
                    _ => {
                        self.attributes.value_bytes(&[byte]);
                        self.state = State::AttributeValueUnquoted;
                    }
                },
                State::AttributeValueQuoted(quote) => match memchr::memchr(quote, &chunk[at..]) {
                    Some(found) => {
                        self.attributes.value_bytes(&chunk[at..at + found]);
                        self.attributes.value_ends();
                        at += found;
                        self.state = State::BeforeAttributeName;
                    }
                    None => {
                        self.attributes.value_bytes(&chunk[at..]);
                        return None;
                    }
                },
                State::AttributeValueUnquoted => {
                    if is_whitespace(byte) {
                        self.attributes.value_ends();
                        self.state = State::BeforeAttributeName;
                    } else {
                        self.attributes.value_bytes(&[byte]);
                    }
                }
                State::Comment(mut comment) => {
                    if comment::run(&mut comment, chunk, &mut at) {
                        self.state = State::Data;
                        continue;
                    }
                    self.state = State::Comment(comment);
                    return None;
                }
                State::RawText { element, matched } => {
                    if let Some(next) = self.raw_text(element, matched, chunk, &mut at) {
                        self.state = next;
                        continue;
                    }
                    return None;
                }
                State::Script(script) => {
                    if !self.script(script, chunk, &mut at) {
                        return None;
                    }
                    continue;
                }
            }
            at += 1;
        }
        None
    }

    /// Looks for `</name` and a name end inside a raw-text element (see
    /// [`super::raw_text`]). Returns the state to go on in once the end tag's name is
    /// complete (its attributes, if any, run up to `>`), or `None` at the end of the
    /// chunk (the partial match is kept in the state).
    fn raw_text(
        &mut self,
        element: RawElement,
        mut matched: u8,
        chunk: &[u8],
        at: &mut usize,
    ) -> Option<State> {
        if raw_text::run(element.name(), &mut matched, chunk, at) {
            self.end_tag_named(element.name());
            return Some(State::TagName);
        }
        self.state = State::RawText { element, matched };
        None
    }

    /// Runs the script data states over the chunk (see [`super::script`]). Returns
    /// `true` with the state set to the end tag's name once `</script` is complete (the
    /// terminating byte is left to reconsume), `false` at the end of the chunk.
    fn script(&mut self, mut state: ScriptState, chunk: &[u8], at: &mut usize) -> bool {
        if script::run(&mut state, chunk, at) {
            self.end_tag_named(SCRIPT);
            self.state = State::TagName;
            return true;
        }
        self.state = State::Script(state);
        false
    }

    fn in_tag(&self) -> bool {
        matches!(
            self.state,
            State::TagName
                | State::BeforeAttributeName
                | State::AttributeName
                | State::AfterAttributeName
                | State::BeforeAttributeValue
                | State::AttributeValueUnquoted
        )
    }

    fn start_name(&mut self, end_tag: bool) {
        self.end_tag = end_tag;
        self.name_len = 0;
        self.name_overflow = false;
        self.attributes.start_tag();
    }

    fn end_tag_named(&mut self, name: &[u8]) {
        self.start_name(true);
        self.name[..name.len()].copy_from_slice(name);
        self.name_len = name.len() as u8;
    }

    fn push_name(&mut self, byte: u8) {
        let len = usize::from(self.name_len);
        if len < NAME_CAPACITY {
            self.name[len] = byte.to_ascii_lowercase();
            self.name_len += 1;
        } else {
            self.name_overflow = true;
        }
    }

    fn tag_name(&self) -> Option<&[u8]> {
        (!self.name_overflow).then(|| &self.name[..usize::from(self.name_len)])
    }

    /// While a held tag's name grows: a start tag longer than every head tag's name
    /// starts the body; an end tag longer than `body` and `html` is ignored and goes on.
    /// (Only the length is checked here, per byte; the name itself once it is complete.)
    fn check_held_name(&mut self) -> Option<Scan> {
        if self.watching {
            return None;
        }
        let held = self.hold?;
        let len = usize::from(self.name_len);
        if self.end_tag {
            if len > LONGEST_BODY_END_TAG {
                self.release();
            }
            return None;
        }
        // The body starts; whether the tag clears the frameset-ok flag is known once
        // the tag ends.
        if len > LONGEST_HEAD_START_TAG {
            self.start_watching(held);
        }
        None
    }

    /// A held tag's name is complete.
    /// While watching, tags are judged once they end (when foreign content is known).
    fn end_name(&mut self) -> Option<Scan> {
        if self.watching {
            return None;
        }
        let held = self.hold?;
        let name = self.tag_name().unwrap_or(b"-");
        let starts_body = if self.end_tag {
            is_body_end_tag(name)
        } else {
            match name {
                b"frameset" => return Some(Scan::Fill(Filler::Spaces)),
                b"noscript" => self.after_head,
                _ => !is_head_start_tag(name),
            }
        };
        if !starts_body {
            self.release();
            return None;
        }
        let clears = if self.end_tag {
            name == b"br"
        } else {
            // (`<input>` unless hidden, `<plaintext>`: decided at the tag's end.)
            clears_frameset_ok(name)
        };
        if clears {
            return Some(self.place_before_held());
        }
        self.start_watching(held);
        None
    }

    /// A tag ended at `at` (its `>`): decide what comes next.
    fn finish_tag(&mut self, at: usize, self_closing: bool) -> Option<Scan> {
        if self.state == State::AttributeValueUnquoted {
            self.attributes.value_ends();
        }
        self.attributes.tag_ends();
        self.state = State::Data;
        let before_body = self.before_body();
        if before_body
            && !self.end_tag
            && self.attributes.meta_csp.matched
            && self.tag_name() == Some(b"meta")
        {
            self.meta_csp_seen = true;
        }
        let opens_foreign = matches!(self.tag_name(), Some(b"svg" | b"math"));
        let hash = if self.foreign.is_open() || opens_foreign {
            NameHash::of(self.tag_name().unwrap_or(b"\0long"))
        } else {
            NameHash::EMPTY
        };
        if self.end_tag {
            // Inside foreign content an end tag may close a foreign element instead.
            if self.foreign.is_open() && !self.foreign.end_tag(hash) {
                return None;
            }
        } else if (self.foreign.is_open() || opens_foreign)
            && !self.foreign.start_tag(
                hash,
                StartTag {
                    self_closing,
                    font_breaks_out: self.tag_name() == Some(b"font")
                        && self.attributes.font_breaks_out(),
                    html_encoding: self.tag_name() == Some(b"annotation-xml")
                        && self.attributes.html_encoding(),
                },
            )
        {
            // A foreign element: no raw text, and an SVG `<template>` is no template.
            return None;
        }
        let name = self.tag_name()?;
        if self.watching
            && let Some(scan) = self.watched_tag(name)
        {
            return Some(scan);
        }
        if self.end_tag {
            match name {
                b"template" => {
                    self.template_depth = self.template_depth.saturating_sub(1);
                    // The foreign elements inside it close with it.
                    self.foreign.clear();
                }
                b"head" if before_body => self.after_head = true,
                _ => {}
            }
            return None;
        }
        match name {
            b"body" if before_body => return Some(Scan::Place { at: at + 1 }),
            b"template" => self.template_depth = self.template_depth.saturating_add(1),
            b"script" => self.state = State::Script(ScriptState::Data),
            b"plaintext" => self.state = State::PlainText,
            _ => {
                if let Some(element) = RawElement::from_name(name) {
                    self.state = State::RawText {
                        element,
                        matched: 0,
                    };
                }
            }
        }
        None
    }
}

impl BodyStartScanner {
    /// A tag (in HTML content) read while watching: whether it decides.
    fn watched_tag(&self, name: &[u8]) -> Option<Scan> {
        let clears = if self.end_tag {
            // `</br>` is read as `<br>`.
            name == b"br"
        } else {
            match name {
                b"frameset" => return Some(Scan::Fill(Filler::Spaces)),
                // A `type` spelled with a character reference may be `hidden`: kept
                // watching (the worst a wrong guess does is the filler for a frameset).
                b"input" => !(self.attributes.hidden.matched || self.attributes.hidden.reference),
                // What follows is text: no `<frameset>` can come.
                b"plaintext" => true,
                // Outside template content, a second `<body>` clears the flag.
                b"body" => self.template_depth == 0,
                // Processed by the "in head" rules, which clear the flag (§13.2.6.4.4).
                b"template" => true,
                _ => clears_frameset_ok(name),
            }
        };
        clears.then(|| self.place_before_held())
    }
}

/// The start tags that set the tree builder's frameset-ok flag to "not ok" in the body
/// (§13.2.6.4.7), so that a later `<frameset>` is ignored (`input` unless its type is
/// `hidden`, and a second `body`, are judged apart).
fn clears_frameset_ok(name: &[u8]) -> bool {
    matches!(
        name,
        b"pre"
            | b"listing"
            | b"li"
            | b"dd"
            | b"dt"
            | b"button"
            | b"applet"
            | b"marquee"
            | b"object"
            | b"table"
            | b"area"
            | b"br"
            | b"embed"
            | b"img"
            | b"image"
            | b"keygen"
            | b"wbr"
            | b"hr"
            | b"textarea"
            | b"xmp"
            | b"iframe"
            | b"select"
    )
}

/// Whether a numeric character reference's value is ASCII whitespace (CR included: a
/// reference is not newline-normalized).
fn is_whitespace_reference(value: u32) -> bool {
    matches!(value, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meta_csp_before_the_body_is_seen_at_every_cut() {
        let cases: &[(&str, bool)] = &[
            (
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\"></head><body>",
                true,
            ),
            (
                "<meta HTTP-EQUIV='content-security-policy' content=x><p>",
                true,
            ),
            (
                "<meta content=x http-equiv=content-security-policy><p>",
                true,
            ),
            ("<META http-equiv = \"content-security-policy\">", true),
            ("<meta http-equiv=content-security-policy>text", true),
            (
                "<meta http-equiv=\"content-security-policy-report-only\" content=x><body>",
                false,
            ),
            (
                "<meta name=\"content-security-policy\" content=x><body>",
                false,
            ),
            (
                "<meta http-equiv=\"refresh\" content=\"content-security-policy\"><body>",
                false,
            ),
            ("<link http-equiv=\"content-security-policy\"><body>", false),
            ("<meta http-equiv=content-security-policy/><body>", false),
            // The first `http-equiv` (here without a value) is the one that counts.
            (
                "<meta http-equiv http-equiv=content-security-policy><body>",
                false,
            ),
            (
                "<meta xhttp-equiv=\"content-security-policy\"><body>",
                false,
            ),
            (
                "<template><meta http-equiv=\"content-security-policy\"></template><body>",
                false,
            ),
            ("<body><meta http-equiv=\"content-security-policy\">", false),
            (
                "<!-- <meta http-equiv=\"content-security-policy\"> --><body>",
                false,
            ),
            (
                "<script>'<meta http-equiv=\"content-security-policy\">'</script><body>",
                false,
            ),
            (
                "<title><meta http-equiv=content-security-policy></title><body>",
                false,
            ),
        ];
        for (document, expected) in cases {
            let bytes = document.as_bytes();
            for cut in 0..=bytes.len() {
                let mut scanner = BodyStartScanner::default();
                let _ = scanner.feed(&bytes[..cut]);
                let _ = scanner.feed(&bytes[cut..]);
                let _ = scanner.finish();
                assert_eq!(scanner.saw_meta_csp(), *expected, "{document} cut at {cut}");
            }
            // Byte by byte.
            let mut scanner = BodyStartScanner::default();
            for byte in bytes {
                let _ = scanner.feed(std::slice::from_ref(byte));
            }
            assert_eq!(scanner.saw_meta_csp(), *expected, "{document} byte by byte");
        }
    }

    /// The banner's offset in the whole document fed in `pieces` (`None`: filler),
    /// checking on the way that what is held back stays bounded and held whole.
    #[test]
    fn foreign_content_in_a_template_is_read_as_the_tree_builder_reads_it() {
        // An SVG `<style>` holds markup: `</template>` closes the template through it.
        let page = "<template><svg><style></template><body><p>x";
        assert_eq!(place(page), Some(page.find("<p>").unwrap()));
        // A CDATA section is text up to `]]>`, not a bogus comment up to the first `>`.
        let page = "<template><svg><![CDATA[ a > </template> ]]></svg></template><p>x";
        assert_eq!(place(page), Some(page.find("<p>").unwrap()));
        // Outside foreign content `<![CDATA[` is a bogus comment, up to the first `>`.
        let page = "<template><![CDATA[ a > </template> ]]><p>x";
        assert_eq!(place(page), Some(page.find("]]>").unwrap()));
        // At an integration point start tags are HTML again: a raw-text style.
        let page = "<template><svg><foreignObject><style></template></style></foreignObject></svg></template><p>";
        assert_eq!(place(page), Some(page.find("<p>").unwrap()));
        // `<svg/>` opens nothing: the style after it is HTML raw text.
        let page = "<template><svg/><style></template></style></template><p>";
        assert_eq!(place(page), Some(page.find("<p>").unwrap()));
    }

    fn place_in_pieces(pieces: &[&[u8]]) -> Option<usize> {
        let mut scanner = BodyStartScanner::default();
        let mut sent = 0;
        let mut held = 0;
        for piece in pieces {
            match scanner.feed(piece) {
                Scan::Pending { pass } => {
                    assert!(pass == 0 || pass >= held, "{pieces:?}");
                    sent += pass;
                    held = held + piece.len() - pass;
                    let limit = if scanner.watching {
                        WATCH_LIMIT
                    } else {
                        MAX_HELD
                    };
                    assert!(held <= limit, "{pieces:?}");
                }
                Scan::Place { at } => return Some(sent + at),
                Scan::Fill(_) => return None,
            }
        }
        match scanner.finish() {
            Scan::Place { at } => Some(sent + at),
            _ => None,
        }
    }

    /// The place in `html` whole, checking that every two-piece and byte-by-byte
    /// feeding agrees.
    fn place(html: &str) -> Option<usize> {
        let bytes = html.as_bytes();
        let whole = place_in_pieces(&[bytes]);
        for split in 0..=bytes.len() {
            let (a, b) = bytes.split_at(split);
            assert_eq!(
                place_in_pieces(&[a, b]),
                whole,
                "split at {split} of {html:?}"
            );
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(place_in_pieces(&singles), whole, "byte by byte: {html:?}");
        whole
    }

    /// The document with `|` where the banner goes, or `None` for a filler.
    fn marked(html: &str) -> Option<String> {
        place(html).map(|at| format!("{}|{}", &html[..at], &html[at..]))
    }

    fn marks(html: &str) -> String {
        marked(html).unwrap_or_else(|| panic!("no place in {html:?}"))
    }

    #[test]
    fn after_the_body_tag() {
        assert_eq!(marks("<html><body>x"), "<html><body>|x");
        assert_eq!(marks("<BODY>x"), "<BODY>|x");
        assert_eq!(
            marks("<BoDy class=\"a>b\" data-x='<body>'>x"),
            "<BoDy class=\"a>b\" data-x='<body>'>|x"
        );
        assert_eq!(marks("<body\n\tclass=a>x"), "<body\n\tclass=a>|x");
        assert_eq!(marks("<body/>x"), "<body/>|x");
        assert_eq!(marks("<body a=b=\"c>x\">y"), "<body a=b=\"c>|x\">y");
        assert_eq!(marks("<body =\">x"), "<body =\">|x");
        assert_eq!(marks("<body a >x"), "<body a >|x");
        assert_eq!(
            marks(
                "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>t</title>\n</head>\n<body>x"
            ),
            "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>t</title>\n</head>\n<body>|x"
        );
    }

    #[test]
    fn before_what_starts_the_body() {
        assert_eq!(marks("<p>no body here</p>"), "|<p>no body here</p>");
        assert_eq!(
            marks("<head></head><div><body>"),
            "<head></head>|<div><body>"
        );
        assert_eq!(
            marks("<title>t</title>\n  Hello"),
            "<title>t</title>\n  |Hello"
        );
        assert_eq!(marks("<bodyx><body>yes"), "|<bodyx><body>yes");
        assert_eq!(marks("<xbody>"), "|<xbody>");
        assert_eq!(marks("<scripts>"), "|<scripts>");
        assert_eq!(marks("<meta><metax>"), "<meta>|<metax>");
        assert_eq!(marks("<averyverylongtagname>"), "|<averyverylongtagname>");
        assert_eq!(marks("<<body>x"), "|<<body>x");
        assert_eq!(marks("< body>"), "|< body>");
        assert_eq!(marks("<head><1>"), "<head>|<1>");
        assert_eq!(marks("\u{b}<head>"), "|\u{b}<head>", "VT is not whitespace");
        assert_eq!(marks("<head>\0"), "<head>|\0");
        for tag in [
            "div",
            "p",
            "form",
            "svg",
            "math",
            "textarea",
            "plaintext",
            "select",
            "button",
            "img",
            "table",
            "xmp",
            "iframe",
            "noembed",
            "a",
            "br",
            "input",
            "frame",
        ] {
            let html = format!("<head><meta><{tag}>x");
            assert_eq!(marks(&html), format!("<head><meta>|<{tag}>x"), "{tag}");
        }
        for end in ["</body>", "</html>", "</br>", "</BODY >", "</br/>"] {
            let html = format!("<head></head>{end}x");
            assert_eq!(marks(&html), format!("<head></head>|{end}x"), "{end}");
        }
    }

    #[test]
    fn the_head_keeps_its_tags_whitespace_and_comments() {
        let head = "\u{feff}<!DOCTYPE html> <html> <head> <base href=/> <basefont> <bgsound> \
                    <link rel=x> <meta charset=utf-8> <noframes><p></noframes> \
                    <script><p></script> <style><p></style> <template><p></template> \
                    <title><p></title> <noscript><body></noscript> <!-- <p> --> <?x <p>\r\n\
                    \t\u{c}</head> <head> <meta> </p> </div> </head> </template> <!-- -->\n";
        assert_eq!(marks(&format!("{head}<p>x")), format!("{head}|<p>x"));
        assert_eq!(marks(&format!("{head}<body>x")), format!("{head}<body>|x"));
        assert_eq!(
            marks(head),
            format!("{head}|"),
            "the body starts at the end"
        );
    }

    #[test]
    fn noscript_is_raw_text_in_the_head_and_starts_the_body_after_it() {
        assert_eq!(
            marks("<head><noscript><body></noscript><body>x"),
            "<head><noscript><body></noscript><body>|x"
        );
        assert_eq!(
            marks("<noscript><p></noscript>x"),
            "<noscript><p></noscript>|x"
        );
        assert_eq!(
            marks("<head></head><noscript><p></noscript>"),
            "<head></head>|<noscript><p></noscript>"
        );
        assert_eq!(marks("</head><noscript>"), "</head>|<noscript>");
    }

    #[test]
    fn character_references_count_as_what_they_stand_for() {
        assert_eq!(
            marks("<head>&#32;&#x9;&#X0a;&#12&#13;&Tab;&NewLine;<p>"),
            "<head>&#32;&#x9;&#X0a;&#12&#13;&Tab;&NewLine;|<p>"
        );
        assert_eq!(marks("<head>&amp;"), "<head>|&amp;");
        assert_eq!(marks("<head>&#65;"), "<head>|&#65;");
        assert_eq!(marks("<head>&#x;"), "<head>|&#x;");
        assert_eq!(marks("<head>&#;"), "<head>|&#;");
        assert_eq!(marks("<head>&Tabx"), "<head>|&Tabx");
        assert_eq!(marks("<head>&tab;"), "<head>|&tab;");
        assert_eq!(marks("<head>& "), "<head>|& ");
        assert_eq!(marks("<head>&#32x"), "<head>&#32|x");
        assert_eq!(marks("<head>&#0032;<p>"), "<head>&#0032;|<p>");
        assert_eq!(marks("<head>&#4294967328;"), "<head>|&#4294967328;");
        // At the end: text, or a space after which the body starts.
        assert_eq!(marks("<head>&"), "<head>|&");
        assert_eq!(marks("<head>&#3"), "<head>|&#3");
        assert_eq!(marks("<head>&#32"), "<head>&#32|");
        assert_eq!(marks("<head>&Tab"), "<head>|&Tab");
        // Only leading zeros make one longer than the bound: given up.
        assert_eq!(marked("<head>&#0000000000032;<p>"), None);
    }

    #[test]
    fn held_tokens_at_the_end_are_text_or_dropped() {
        assert_eq!(marks("<head><"), "<head>|<");
        assert_eq!(marks("<head></"), "<head>|</");
        assert_eq!(marks("<head><di"), "<head>|<di");
        assert_eq!(marks("<head><scrip"), "<head>|<scrip");
        assert_eq!(marks("<head></bod"), "<head>|</bod");
        assert_eq!(marks("<head></div"), "<head>|</div");
        assert_eq!(marks("<head></b"), "<head>|</b");
    }

    #[test]
    fn no_place_when_the_end_would_swallow_the_banner() {
        for html in [
            "<head><title>t",
            "<script>x",
            "<style>x",
            "<!-- x",
            "<!--",
            "<!",
            "<!-",
            "<!DOCTYPE html",
            "<meta content=\"x",
            "<meta ",
            "</div ",
            "</template",
            "<noscript>",
            "<noframes>",
            "<template><p>x",
            "<template><plaintext></template>",
            "<template>",
            "<body class=x",
            "<?x",
        ] {
            assert_eq!(marked(html), None, "{html:?}");
        }
    }

    #[test]
    fn frameset_documents_get_no_banner() {
        assert_eq!(marked("<frameset><frame src=a></frameset>"), None);
        assert_eq!(
            marked("<head><title>t</title></head>\n<FRAMESET rows=1>"),
            None
        );
        assert_eq!(
            marks("<template><frameset></template><body>"),
            "<template><frameset></template><body>|"
        );
    }

    /// A body started by content that leaves the tree builder's frameset-ok flag set is
    /// replaced by a later `<frameset>`: the scan holds the banner's place until the flag
    /// is cleared (the banner takes the body's start) or the frameset comes (the filler).
    #[test]
    fn a_frameset_after_content_that_leaves_the_flag_set_replaces_the_body() {
        for document in [
            "<div><frameset>",
            "<p> \n <frameset><frame>",
            "<input type=\"hidden\"><frameset>",
            "<INPUT TYPE=HIDDEN name=a><frameset>",
            "<html>\0<frameset></frameset>",
            "<html> \0 \0<frameset>",
            "<svg>\0</svg><frameset>",
            "<svg><path></path></svg><frameset>",
            "<math></math><frameset>",
            "<svg><p><frameset>",
            "<param><source><track><frame></frame><frameset>",
            "</body><frameset>",
            "</html><frameset>",
            "<blockquote><a href=x><span></span></a></blockquote><frameset>",
            "<div><!-- x --><script>var a = '<p>text';</script><style>b{}</style><frameset>",
            "<div>&#9;&NewLine;<frameset>",
            "<noembed>text</noembed><frameset>",
        ] {
            assert_eq!(marked(document), None, "{document:?}");
        }
    }

    #[test]
    fn what_clears_the_flag_gives_the_banner_the_bodys_start() {
        for (document, expected) in [
            ("<div>x<frameset>", 0),
            ("<div>&amp;<frameset>", 0),
            ("<div>&#0;<frameset>", 0),
            ("<div>< <frameset>", 0),
            ("<p><img src=a><frameset>", 0),
            ("<input type=text><frameset>", 0),
            ("<input><frameset>", 0),
            ("<input type=hidden type=hidden2><br><frameset>", 0),
            ("<div></br><frameset>", 0),
            ("<span><textarea></textarea><frameset>", 0),
            ("<svg>text</svg><frameset>", 0),
            ("<svg><img><frameset>", 0),
            ("<div><plaintext><frameset>", 0),
            ("<div><body><frameset>", 0),
            // `<template>` clears the flag wherever it is processed by the "in head"
            // rules (§13.2.6.4.4), as it is in the body.
            ("<div><template></template><frameset>", 0),
            ("<div><template><frameset></template>", 0),
            // Only the first `type` counts, valueless or not: the input is not hidden.
            ("<input type type=hidden><frameset>", 0),
            ("<input type/type=hidden><frameset>", 0),
            ("<input TYPE  type=hidden><frameset>", 0),
            ("<head></head>\n<div>\0<li>", 14),
            ("<title>t</title><param><table>", 16),
            // Nothing decides: the body exists, and the banner takes its start.
            ("<div><p>", 0),
            ("<title>t</title></body>", 16),
            // `<frameset>` is not a tag there.
            ("<div><svg><frameset></frameset></svg>", 0),
        ] {
            assert_eq!(place(document), Some(expected), "{document:?}");
        }
    }

    #[test]
    fn the_watch_holds_at_most_its_limit() {
        // Past the limit, the banner takes the body's start without waiting further.
        let long = format!("<div>{}<frameset>", " ".repeat(WATCH_LIMIT));
        assert_eq!(place(&long), Some(0));
        let short = format!("<div>{}<frameset>", " ".repeat(WATCH_LIMIT - 20));
        assert_eq!(place(&short), None);
        let mut scanner = BodyStartScanner::default();
        assert_eq!(scanner.feed(b"<div>"), Scan::Pending { pass: 0 });
        let spaces = vec![b' '; 1024];
        for _ in 0..3 {
            assert_eq!(scanner.feed(&spaces), Scan::Pending { pass: 0 });
        }
        assert_eq!(scanner.feed(&spaces), Scan::Place { at: 0 });
    }

    #[test]
    fn byte_order_marks() {
        assert_eq!(marks("\u{feff}<p>"), "\u{feff}|<p>");
        assert_eq!(marks("\u{feff}"), "\u{feff}|");
        let utf16 = |document: &[u8]| place_in_pieces(&[document]);
        assert_eq!(utf16(b"\xFF\xFE<\0p\0>\0"), None);
        assert_eq!(utf16(b"\xFE\xFF\0<\0p\0>"), None);
        let mut scanner = BodyStartScanner::default();
        assert_eq!(scanner.feed(b"\xFF"), Scan::Pending { pass: 0 });
        assert_eq!(scanner.feed(b"\xFE<"), Scan::Fill(Filler::Utf16Le));
        let mut scanner = BodyStartScanner::default();
        assert_eq!(scanner.feed(b"\xFE\xFF"), Scan::Fill(Filler::Utf16Be));
        // A lone `FE`, `FF`, `EF` or `EF BB` is text.
        assert_eq!(utf16(b"\xFE<p>"), Some(0));
        assert_eq!(utf16(b"\xFF"), Some(0));
        assert_eq!(utf16(b"\xEF\xBB<p>"), Some(0));
        assert_eq!(utf16(b"<p>\xFF\xFE"), Some(0));
        assert_eq!(utf16(b"\xEF\xBB\xBF\xEF\xBB\xBF"), Some(3));
    }

    #[test]
    fn comments_with_their_odd_endings() {
        assert_eq!(marks("<!-- <p> --><p>"), "<!-- <p> -->|<p>");
        assert_eq!(marks("<!--><p>"), "<!-->|<p>");
        assert_eq!(marks("<!---><p>"), "<!--->|<p>");
        assert_eq!(marks("<!-- a -- b --!><p>"), "<!-- a -- b --!>|<p>");
        assert_eq!(marks("<!-- -><p> ---><p>"), "<!-- -><p> --->|<p>");
        assert_eq!(marks("<!----><p>"), "<!---->|<p>");
        // A bogus comment ends at the first `>`, swallowing the tag it is in.
        assert_eq!(marks("<!-x<p>y"), "<!-x<p>|y");
        assert_eq!(marks("<![CDATA[ a > <body>"), "<![CDATA[ a > <body>|");
        assert_eq!(marks("</ <p>x"), "</ <p>|x", "`</ ` starts a bogus comment");
        assert_eq!(marks("</><p>"), "</>|<p>");
        assert_eq!(
            marks("<?xml version=\"1.0\"?><p>"),
            "<?xml version=\"1.0\"?>|<p>"
        );
    }

    #[test]
    fn raw_text_in_the_head() {
        assert_eq!(
            marks("<script>let s = '<p>';</script><p>"),
            "<script>let s = '<p>';</script>|<p>"
        );
        assert_eq!(
            marks("<script>a</scriptx><p></script>x"),
            "<script>a</scriptx><p></script>|x"
        );
        assert_eq!(
            marks("<SCRIPT type=module>a</ScRiPt >x"),
            "<SCRIPT type=module>a</ScRiPt >|x"
        );
        assert_eq!(
            marks("<script>a</script foo=\">\">x"),
            "<script>a</script foo=\">\">|x"
        );
        assert_eq!(
            marks("<style>p{content:'<p>'}</style/>x"),
            "<style>p{content:'<p>'}</style/>|x"
        );
        assert_eq!(marks("<title><p></title>x"), "<title><p></title>|x");
        assert_eq!(
            marks("<script><</</s</sc<</script>x"),
            "<script><</</s</sc<</script>|x"
        );
        assert_eq!(
            marks("<noframes><p></noframes>x"),
            "<noframes><p></noframes>|x"
        );
    }

    #[test]
    fn script_escapes() {
        // `<!--` alone does not hide `</script>`.
        assert_eq!(
            marks("<script><!-- a </script>x"),
            "<script><!-- a </script>|x"
        );
        // `<!--<script>` does, until `-->`.
        let script =
            "<script><!--\ndocument.write('<script>x()</script><body class=a>');\n--></script>";
        assert_eq!(marks(&format!("{script}<p>")), format!("{script}|<p>"));
        assert_eq!(
            marks(&format!("{script}<body>x")),
            format!("{script}<body>|x")
        );
        assert_eq!(
            marks("<script><!--<script></script>--></script>x"),
            "<script><!--<script></script>--></script>|x"
        );
        assert_eq!(
            marks("<script><!--<SCRIPT ></script>--></script>x"),
            "<script><!--<SCRIPT ></script>--></script>|x"
        );
        // `-->` ends the double escape without ending the script.
        assert_eq!(
            marks("<script><!--<script>--></script>x"),
            "<script><!--<script>--></script>|x"
        );
        // `<!-->` escapes nothing; `<scriptx>` does not double-escape.
        assert_eq!(marks("<script><!--></script>x"), "<script><!--></script>|x");
        assert_eq!(
            marks("<script><!--<scriptx></script>x"),
            "<script><!--<scriptx></script>|x"
        );
        assert_eq!(
            marks("<script><!-- -- -> <script>- -- </script --></script>x"),
            "<script><!-- -- -> <script>- -- </script --></script>|x"
        );
        assert_eq!(marked("<script><!--<script></script>"), None);
    }

    #[test]
    fn template_content_never_starts_the_body() {
        assert_eq!(
            marks("<template><p><body>x</template><body>y"),
            "<template><p><body>x</template><body>|y"
        );
        assert_eq!(
            marks("<template><template></template><p></template>x"),
            "<template><template></template><p></template>|x"
        );
        assert_eq!(
            marks("<template><textarea></template></textarea></template>x"),
            "<template><textarea></template></textarea></template>|x"
        );
        assert_eq!(
            marks(
                "<template><xmp></template></xmp><iframe></template></iframe><noembed></template></noembed></template>x"
            ),
            "<template><xmp></template></xmp><iframe></template></iframe><noembed></template></noembed></template>|x"
        );
        assert_eq!(marks("</template><p>"), "</template>|<p>");
        assert_eq!(
            marks("<template></head></template><noscript></noscript>x"),
            "<template></head></template><noscript></noscript>|x"
        );
    }

    #[test]
    fn quoted_attributes_hide_tags_everywhere() {
        assert_eq!(marks("<meta content=\"<p>\">x"), "<meta content=\"<p>\">|x");
        assert_eq!(
            marks("<meta content='<script>'>x"),
            "<meta content='<script>'>|x"
        );
        assert_eq!(
            marks("<link title=\"</template>\">x"),
            "<link title=\"</template>\">|x"
        );
    }

    #[test]
    fn says_nothing_more_once_decided() {
        let mut scanner = BodyStartScanner::default();
        assert_eq!(scanner.feed(b"<body>"), Scan::Place { at: 6 });
        assert_eq!(scanner.feed(b"<body>"), Scan::Pending { pass: 6 });
        let mut scanner = BodyStartScanner::default();
        assert_eq!(scanner.feed(b"<he"), Scan::Pending { pass: 0 });
        assert_eq!(scanner.feed(b"ad><t"), Scan::Pending { pass: 6 });
        assert_eq!(scanner.feed(b"e"), Scan::Pending { pass: 0 });
        // `<text>` starts the body, and leaves the frameset-ok flag set: watched.
        assert_eq!(scanner.feed(b"xt>"), Scan::Pending { pass: 0 });
        assert_eq!(scanner.feed(b" x"), Scan::Place { at: 0 });
        assert_eq!(scanner.feed(b"<frameset>"), Scan::Pending { pass: 10 });
    }
}
