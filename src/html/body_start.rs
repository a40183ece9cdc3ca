//! The stage that finds where the body starts in a streaming HTML document: the
//! banner's place.
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
//! The tokens come from the pass's one tokenizer (see [`super::tokenizer`]): comments,
//! raw text, script data, `<template>` content (nested templates counted) and foreign
//! content are read there. This stage reads text itself before the body: character
//! references that stand for whitespace (`&#32;`, `&#x9;`, `&Tab;`, `&NewLine;`) keep
//! the head, any other starts the body; a UTF-8 byte-order mark at the start is not a
//! character. A numeric reference still undecided after [`MAX_REFERENCE`] bytes (only
//! leading zeros make one so) gives the filler.
//!
//! Watching for a frameset: the tree builder's frameset-ok flag stays set when the body
//! is started by content that does not clear it (a `<div>`, `<p>`, a hidden `<input>`,
//! `<svg>`, NUL characters, `</body>`...), and a later `<frameset>` then replaces the
//! whole body; the banner's text would clear the flag and keep the frames out. So from
//! such a start the stage goes on reading the body and holds everything from the body's
//! start: the first character that is not whitespace or NUL, or start tag that clears
//! the flag (§13.2.6.4.7: `pre`, `li`, `table`, `img`, `input` unless hidden,
//! `textarea`, `iframe`, `select`, a second `body`, `template`...), or `</br>`, gives
//! the banner the body's start; a `<frameset>` gives the filler. At most
//! [`WATCH_LIMIT`] bytes are held: past them, and at the end of the document, the
//! banner takes the body's start.
//!
//! Not modelled: CDATA sections in foreign content while watching (their text would
//! clear the frameset-ok flag, but the tokenizer skips them like comments, so a later
//! `<frameset>` gives the filler: no banner, the page stays as it is); a document that
//! ends in `</` where no place works (the filler makes it a bogus comment); an
//! `<input type="&#104;idden">` while watching (a character reference in the type keeps
//! the stage watching: the worst a wrong guess does is the filler for a frameset).

use bytes::Bytes;

use super::edits::Output;
use super::is_whitespace;
use super::tokenizer::{Ending, InTag, Interest, Tag, TagName};

/// The most bytes of a numeric character reference before the body (`&#` and digits).
pub(crate) const MAX_REFERENCE: u64 = 12;

/// The most bytes held while watching for a `<frameset>` after the body started (see
/// the module docs): past them, the banner takes the body's start.
pub(crate) const WATCH_LIMIT: u64 = 4096;

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
    /// A NUL, then ASCII spaces: for a page that ends right after a raw-text element's
    /// end tag name (`<script></script`). A space there would end the name and make the
    /// end tag; a NUL makes it text, as the end of the file does, and is itself read
    /// as U+FFFD in the element's text.
    NulThenSpaces,
}

impl Filler {
    /// `len` inert bytes that start at offset `at` of the response's body. UTF-16
    /// spaces follow the page's code units (`20 00` from an even offset, in `FF FE`
    /// order), so that two fillers in a row (the head insert's, then the banner's) stay
    /// whole code units; an odd total leaves half a unit at the very end, which decoders
    /// read as one U+FFFD (the least bad of the choices that keep the length).
    pub(crate) fn bytes(self, len: usize, at: u64) -> Bytes {
        let unit: [u8; 2] = match self {
            Self::Spaces => *b"  ",
            Self::NulThenSpaces => {
                let mut bytes = vec![b' '; len];
                if let Some(first) = bytes.first_mut() {
                    *first = 0;
                }
                return Bytes::from(bytes);
            }
            Self::Utf16Le => *b" \0",
            Self::Utf16Be => *b"\0 ",
        };
        let phase = (at % 2) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|offset| unit[(phase + offset) % 2]).collect();
        // An odd total ends on a lone byte: a space, whichever half it is.
        if matches!(self, Self::Utf16Le | Self::Utf16Be)
            && (at + len as u64) % 2 == 1
            && let Some(last) = bytes.last_mut()
        {
            *last = b' ';
        }
        Bytes::from(bytes)
    }
}

/// What goes where the body starts: the banner, and, when it has an inline style, how
/// to swap that `<style>` for the stylesheet link (padded with spaces to the same
/// length, since the response's length is set before the body is read) for a page
/// whose `<meta>` CSP the stage finds before the body.
#[derive(Debug)]
pub(crate) struct Insert {
    pub(crate) bytes: Bytes,
    pub(crate) under_meta_csp: Option<StyleSwap>,
    /// Where the banner's form posts, checked against a `<meta>` policy's
    /// `form-action` (`None`: not checked).
    pub(crate) form_target: Option<FormTarget>,
}

/// Where a banner's form posts: the request's host and the policy's endpoint.
#[derive(Debug)]
pub(crate) struct FormTarget {
    pub(crate) host: Option<http::HeaderValue>,
    pub(crate) policy: std::sync::Arc<crate::policy::Policy>,
}

/// Where the banner's `<style>` element is, and the link that may stand for it.
#[derive(Debug)]
pub(crate) struct StyleSwap {
    /// The offset of the `<style>` element in the banner.
    pub(crate) at: usize,
    /// Its length.
    pub(crate) len: usize,
    /// The `<link rel="stylesheet">` element, no longer than the `<style>` one.
    pub(crate) link: Bytes,
}

impl Insert {
    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The bytes for this page: copied, with the link, only for a page with a `<meta>`
    /// CSP.
    fn for_page(self, meta_csp: bool) -> Bytes {
        match self.under_meta_csp {
            Some(swap) if meta_csp && swap.link.len() <= swap.len => {
                let mut bytes = self.bytes.to_vec();
                let style = &mut bytes[swap.at..swap.at + swap.len];
                style.fill(b' ');
                style[..swap.link.len()].copy_from_slice(&swap.link);
                Bytes::from(bytes)
            }
            _ => self.bytes,
        }
    }
}

impl From<Bytes> for Insert {
    fn from(bytes: Bytes) -> Self {
        Self {
            bytes,
            under_meta_csp: None,
            form_target: None,
        }
    }
}

static META_FORM_ACTION: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Text read before the body, between two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    Data,
    /// `seen` bytes of UTF-8's byte-order mark at the page's start.
    Bom {
        seen: u8,
    },
    /// After `&` (at `start`).
    Reference {
        start: u64,
    },
    /// `matched` bytes of `name` (`Tab;` or `NewLine;`) after `&`.
    Named {
        start: u64,
        name: &'static [u8],
        matched: u8,
    },
    /// After `&#`, `&#x` and any digits.
    Numeric {
        start: u64,
        hex: bool,
        digits: bool,
        value: u32,
    },
}

impl Text {
    fn start(self) -> Option<u64> {
        match self {
            Self::Data => None,
            Self::Bom { .. } => Some(0),
            Self::Reference { start } | Self::Named { start, .. } | Self::Numeric { start, .. } => {
                Some(start)
            }
        }
    }
}

#[derive(Debug)]
enum Phase {
    /// The body has not started.
    Before,
    /// The body started at `from`, by content that leaves the frameset-ok flag set.
    Watching { from: u64 },
    /// Placed, or no place works (`filler`).
    Done { filler: Option<Filler> },
}

/// The banner's stage; see the module docs.
#[derive(Debug)]
pub(super) struct BodyStart {
    banner: Option<Insert>,
    banner_len: usize,
    phase: Phase,
    text: Text,
    /// How many `<template>` elements are open around the current position.
    template_depth: u32,
    /// `</head>` was seen: a `<noscript>` now starts the body.
    after_head: bool,
    /// A `<meta http-equiv="Content-Security-Policy">` before the body keeps inline
    /// styles out.
    meta_csp: bool,
    /// A `<meta>` policy before the body keeps the banner's form from posting.
    form_blocked: bool,
    placed_at: Option<u64>,
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

impl BodyStart {
    pub(super) fn new(banner: Insert) -> Self {
        Self {
            banner_len: banner.len(),
            banner: Some(banner),
            phase: Phase::Before,
            text: Text::Data,
            template_depth: 0,
            after_head: false,
            meta_csp: false,
            form_blocked: false,
            placed_at: None,
        }
    }

    /// Whether the place is decided (nothing more to read).
    pub(super) fn is_settled(&self) -> bool {
        matches!(self.phase, Phase::Done { .. })
    }

    /// Bytes still owed: the banner or its filler.
    pub(super) fn pending_len(&self) -> usize {
        match self.phase {
            Phase::Done { filler: None } => 0,
            _ => self.banner_len,
        }
    }

    /// The banner's length (or its filler's).
    pub(super) fn banner_len(&self) -> usize {
        self.banner_len
    }

    /// Where the banner was placed, if it was.
    #[cfg(any(test, feature = "__internals"))]
    pub(super) fn placed_at(&self) -> Option<u64> {
        self.placed_at
    }

    fn place(&mut self, at: u64, output: &mut Output) {
        if self.form_blocked {
            // A banner whose buttons would do nothing is never shown.
            self.fill(Filler::Spaces);
            return;
        }
        self.placed_at = Some(at);
        if let Some(banner) = self.banner.take() {
            output.insert(at, banner.for_page(self.meta_csp));
        }
        self.phase = Phase::Done { filler: None };
    }

    /// No place can work: the filler ends the page.
    pub(super) fn fill(&mut self, filler: Filler) {
        self.banner = None;
        self.phase = Phase::Done {
            filler: Some(filler),
        };
    }

    fn watching(&self) -> Option<u64> {
        match self.phase {
            Phase::Watching { from } => Some(from),
            _ => None,
        }
    }

    /// The body starts at `at`, by content that clears the frameset-ok flag: the banner
    /// goes there, or at the start of the body being watched.
    fn starts_at(&mut self, at: u64, output: &mut Output) {
        let at = self.watching().unwrap_or(at);
        self.place(at, output);
    }

    /// The body starts at `at` by content that leaves the flag set.
    fn watch_from(&mut self, at: u64) {
        if self.watching().is_none() {
            self.phase = Phase::Watching { from: at };
        }
    }

    /// Past the watch's limit at `at` (a byte read, before it decides anything): the
    /// banner takes the body's start.
    fn past_limit(&mut self, at: u64, output: &mut Output) -> bool {
        match self.watching() {
            Some(from) if at.saturating_sub(from) > WATCH_LIMIT => {
                self.place(from, output);
                true
            }
            _ => false,
        }
    }

    /// Text decides something: before the body (it starts it) and while watching (it
    /// clears the frameset-ok flag); not in template content before the body.
    pub(super) fn wants_text(&self) -> bool {
        match self.phase {
            Phase::Before => self.template_depth == 0,
            Phase::Watching { .. } => true,
            Phase::Done { .. } => false,
        }
    }

    pub(super) fn text(&mut self, bytes: &[u8], start: u64, output: &mut Output) {
        if !self.wants_text() {
            return;
        }
        for (offset, &byte) in bytes.iter().enumerate() {
            let here = start + offset as u64;
            if self.past_limit(here, output) {
                return;
            }
            if !self.text_byte(byte, here, output) {
                return;
            }
        }
    }

    /// One byte of text: false once the place is decided.
    fn text_byte(&mut self, byte: u8, here: u64, output: &mut Output) -> bool {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        let watching = self.watching().is_some();
        match self.text {
            Text::Data if here == 0 && byte == BOM[0] => self.text = Text::Bom { seen: 1 },
            Text::Data => {
                // Whitespace stays in the head and leaves the frameset-ok flag set, as
                // NUL does in the body; any other character starts the body and clears
                // the flag.
                if is_whitespace(byte) || (watching && byte == 0) {
                    return true;
                }
                match byte {
                    b'&' => self.text = Text::Reference { start: here },
                    // The body starts, and the tree builder ignores the NUL there.
                    0 => self.watch_from(here),
                    _ => {
                        self.starts_at(here, output);
                        return false;
                    }
                }
            }
            Text::Bom { seen } => {
                if byte != BOM[usize::from(seen)] {
                    // The bytes seen were text.
                    self.starts_at(0, output);
                    return false;
                }
                self.text = if seen == 2 {
                    Text::Data
                } else {
                    Text::Bom { seen: seen + 1 }
                };
            }
            Text::Reference { start } => {
                self.text = match byte {
                    b'#' => Text::Numeric {
                        start,
                        hex: false,
                        digits: false,
                        value: 0,
                    },
                    b'T' => Text::Named {
                        start,
                        name: b"Tab;",
                        matched: 1,
                    },
                    b'N' => Text::Named {
                        start,
                        name: b"NewLine;",
                        matched: 1,
                    },
                    // Any other reference is not whitespace, nor is a bare `&`.
                    _ => {
                        self.starts_at(start, output);
                        return false;
                    }
                }
            }
            Text::Named {
                start,
                name,
                matched,
            } => {
                if byte != name[usize::from(matched)] {
                    self.starts_at(start, output);
                    return false;
                }
                self.text = if usize::from(matched) + 1 == name.len() {
                    Text::Data
                } else {
                    Text::Named {
                        start,
                        name,
                        matched: matched + 1,
                    }
                };
            }
            Text::Numeric {
                start,
                hex,
                digits,
                value,
            } => {
                let digit = char::from(byte).to_digit(if hex { 16 } else { 10 });
                match digit {
                    _ if !hex && !digits && (byte == b'x' || byte == b'X') => {
                        self.text = Text::Numeric {
                            start,
                            hex: true,
                            digits: false,
                            value: 0,
                        }
                    }
                    Some(digit) => {
                        if !watching && here + 1 - start > MAX_REFERENCE {
                            // Only leading zeros make a reference this long.
                            self.fill(Filler::Spaces);
                            return false;
                        }
                        let radix = if hex { 16 } else { 10 };
                        self.text = Text::Numeric {
                            start,
                            hex,
                            digits: true,
                            value: value.saturating_mul(radix).saturating_add(digit),
                        };
                    }
                    // `&#` or `&#x` without digits is text.
                    None if !digits => {
                        self.starts_at(start, output);
                        return false;
                    }
                    None => {
                        if !is_whitespace_reference(value) {
                            self.starts_at(start, output);
                            return false;
                        }
                        self.text = Text::Data;
                        if byte != b';' {
                            return self.text_byte(byte, here, output);
                        }
                    }
                }
            }
        }
        true
    }

    /// A `<` (of a tag, a comment, or text) ends the text before it: a reference in
    /// progress ends there. False once the place is decided.
    fn text_ends(&mut self, output: &mut Output) -> bool {
        if self.wants_text() {
            match self.text {
                Text::Data => {}
                // `&#32<`: a space.
                Text::Numeric {
                    digits: true,
                    value,
                    ..
                } if is_whitespace_reference(value) => self.text = Text::Data,
                // Anything else held is text (`&`, `&#`, `&Ta`, a lone `EF`).
                text => {
                    self.text = Text::Data;
                    if let Some(start) = text.start() {
                        self.starts_at(start, output);
                    }
                }
            }
        }
        !self.is_settled()
    }

    pub(super) fn markup_starts(&mut self, output: &mut Output) {
        self.text_ends(output);
    }

    pub(super) fn stray_less_than(&mut self, at: u64, output: &mut Output) {
        if !self.wants_text() || self.past_limit(at, output) {
            return;
        }
        if self.text_ends(output) {
            // The `<` is text.
            self.starts_at(at, output);
        }
    }

    pub(super) fn tag_name(&mut self, tag: TagName<'_>, output: &mut Output) -> Interest {
        if self.template_depth == 0 && !self.text_ends(output) {
            return Interest::Skip;
        }
        match self.phase {
            Phase::Done { .. } => Interest::Skip,
            Phase::Watching { .. } => {
                if self.past_limit(tag.start, output) {
                    return Interest::Skip;
                }
                if tag.name == b"input" {
                    Interest::Attributes
                } else {
                    Interest::Name
                }
            }
            Phase::Before if self.template_depth > 0 => {
                if tag.name == b"template" {
                    Interest::Name
                } else {
                    Interest::Skip
                }
            }
            Phase::Before if tag.end_tag => match tag.name {
                b"br" => {
                    self.starts_at(tag.start, output);
                    Interest::Skip
                }
                b"body" | b"html" => {
                    self.watch_from(tag.start);
                    Interest::Name
                }
                b"head" | b"template" => Interest::Name,
                _ => Interest::Skip,
            },
            Phase::Before => {
                let starts_body = match tag.name {
                    b"frameset" => {
                        self.fill(Filler::Spaces);
                        return Interest::Skip;
                    }
                    b"noscript" => self.after_head,
                    _ => !is_head_start_tag(tag.name),
                };
                if !starts_body {
                    return match tag.name {
                        b"meta" => Interest::Attributes,
                        b"body" | b"template" => Interest::Name,
                        _ => Interest::Skip,
                    };
                }
                if clears_frameset_ok(tag.name) {
                    self.starts_at(tag.start, output);
                    return Interest::Skip;
                }
                self.watch_from(tag.start);
                if tag.name == b"input" {
                    Interest::Attributes
                } else {
                    Interest::Name
                }
            }
        }
    }

    pub(super) fn tag(&mut self, tag: &Tag<'_>, output: &mut Output) {
        if self.is_settled() || self.past_limit(tag.end - 1, output) {
            return;
        }
        let before_body = matches!(self.phase, Phase::Before) && self.template_depth == 0;
        if before_body
            && !tag.end_tag
            && tag.name == b"meta"
            && tag
                .value(b"http-equiv")
                .is_some_and(|value| value.eq_ignore_ascii_case(b"content-security-policy"))
        {
            self.meta_policy(tag.value(b"content").unwrap_or_default());
        }
        if !tag.html {
            // A foreign element: it clears nothing, and an SVG `<template>` is no
            // template.
            return;
        }
        if self.watching().is_some() {
            self.watched_tag(tag, output);
            if self.is_settled() {
                return;
            }
        }
        if tag.end_tag {
            match tag.name {
                b"template" => self.template_depth = self.template_depth.saturating_sub(1),
                b"head" if before_body => self.after_head = true,
                _ => {}
            }
            return;
        }
        match tag.name {
            b"body" if before_body => self.place(tag.end, output),
            b"template" => self.template_depth = self.template_depth.saturating_add(1),
            _ => {}
        }
    }

    /// A `<meta>` policy before the body (`content` as written: a character reference
    /// there is not decoded, which can only make the policy read as stricter).
    fn meta_policy(&mut self, content: &[u8]) {
        self.meta_csp |= crate::csp::meta_restricts_inline_style(content);
        if let Some(target) = self
            .banner
            .as_ref()
            .and_then(|banner| banner.form_target.as_ref())
            && !crate::csp::policies_allow_form(
                content,
                target.host.as_ref().map(http::HeaderValue::as_bytes),
                target.policy.endpoint().as_bytes(),
            )
        {
            if tracing::enabled!(tracing::Level::WARN)
                && !META_FORM_ACTION.swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                tracing::warn!(
                    "a <meta> Content-Security-Policy's form-action keeps the consent banner's \
                     form from posting to the endpoint: the banner is not shown on such pages"
                );
            }
            self.form_blocked = true;
        }
    }

    /// A tag (in HTML content) read while watching: whether it decides.
    fn watched_tag(&mut self, tag: &Tag<'_>, output: &mut Output) {
        let clears = if tag.end_tag {
            // `</br>` is read as `<br>`.
            tag.name == b"br"
        } else {
            match tag.name {
                b"frameset" => {
                    self.fill(Filler::Spaces);
                    return;
                }
                // A `type` spelled with a character reference may be `hidden`: kept
                // watching (the worst a wrong guess does is the filler for a frameset).
                b"input" => !tag.value(b"type").is_some_and(|value| {
                    value.eq_ignore_ascii_case(b"hidden") || value.contains(&b'&')
                }),
                // What follows is text: no `<frameset>` can come.
                b"plaintext" => true,
                // Outside template content, a second `<body>` clears the flag.
                b"body" => self.template_depth == 0,
                // Processed by the "in head" rules, which clear the flag (§13.2.6.4.4).
                b"template" => true,
                name => clears_frameset_ok(name),
            }
        };
        if clears {
            self.starts_at(tag.start, output);
        }
    }

    /// Where the page must be held: from the body's start while watching, from a
    /// reference or a tag that may start the body before it.
    pub(super) fn hold(&self, in_tag: InTag) -> Option<u64> {
        match self.phase {
            Phase::Done { .. } => None,
            Phase::Watching { from } => Some(from),
            Phase::Before => self.text.start().or(match in_tag {
                InTag::Opening(start) if self.template_depth == 0 => Some(start),
                _ => None,
            }),
        }
    }

    /// The page was held too long (a tag name or reference beyond any limit): the
    /// banner takes the place held.
    pub(super) fn give_up(&mut self, held: u64, output: &mut Output) {
        if !self.is_settled() {
            self.place(held, output);
        }
    }

    /// The chunk ended at `fed`: the watch's limit.
    pub(super) fn chunk_ends(&mut self, fed: u64, output: &mut Output) {
        if fed > 0 {
            self.past_limit(fed - 1, output);
        }
    }

    /// The page ended at `end` (`in_tag`: where the tag in progress started): the
    /// banner's bytes to append, with `at_end` their offset in the response.
    pub(super) fn finish(
        &mut self,
        ending: Ending,
        in_tag: InTag,
        end: u64,
        output: &mut Output,
    ) -> Option<Filler> {
        let filler = self.decide_at_end(ending, in_tag, end, output);
        match filler {
            Some(Filler::Spaces) if ending == Ending::RawTextEndTagName => {
                Some(Filler::NulThenSpaces)
            }
            other => other,
        }
    }

    fn decide_at_end(
        &mut self,
        ending: Ending,
        in_tag: InTag,
        end: u64,
        output: &mut Output,
    ) -> Option<Filler> {
        match self.phase {
            Phase::Done { filler } => return filler,
            Phase::Watching { from } => {
                // The body started and no `<frameset>` came: the banner takes its start.
                self.place(from, output);
                return None;
            }
            Phase::Before => {}
        }
        if self.template_depth > 0 {
            // Anything appended would be template content.
            self.fill(Filler::Spaces);
            return Some(Filler::Spaces);
        }
        match self.text {
            // `&#32` ends as a space: the body starts after it, at the end.
            Text::Numeric {
                digits: true,
                value,
                ..
            } if is_whitespace_reference(value) => {}
            // What is held at the end is text (`&…`, a lone `EF`): the body starts
            // before it.
            text => {
                if let Some(start) = text.start() {
                    self.place(start, output);
                    return None;
                }
            }
        }
        match (ending, in_tag) {
            (Ending::Data, _) => self.place(end, output),

            // `<`, `</` or `<di` at the end: text or a tag the tokenizer drops; the body
            // starts before it at the latest.
            (Ending::TagStart, InTag::Opening(start)) => self.place(start, output),
            // Inside a tag, a comment or raw text: the banner would be swallowed.
            _ => {
                self.fill(Filler::Spaces);
                return Some(Filler::Spaces);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::Pass;
    use super::*;

    #[test]
    fn a_meta_csp_before_the_body_is_seen_at_every_cut() {
        let cases: &[(&str, bool)] = &[
            (
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\"></head><body>",
                true,
            ),
            (
                "<meta HTTP-EQUIV='content-security-policy' content=\"style-src 'self'\"><p>",
                true,
            ),
            (
                "<meta content=\"default-src 'none'\" http-equiv=content-security-policy><p>",
                true,
            ),
            (
                "<META http-equiv = \"content-security-policy\" CONTENT=\"style-src-elem https:\">",
                true,
            ),
            // Read as the header's policies are: inline styles allowed, or no style rule.
            (
                "<meta http-equiv=content-security-policy content=\"style-src 'unsafe-inline'\"><p>",
                false,
            ),
            (
                "<meta http-equiv=content-security-policy content=\"img-src 'self'\"><p>",
                false,
            ),
            // A nonce the banner cannot know, or a second policy that restricts: the link.
            (
                "<meta http-equiv=content-security-policy content=\"style-src 'nonce-abc'\"><p>",
                true,
            ),
            (
                "<meta http-equiv=content-security-policy content=\"img-src *, style-src 'self'\"><p>",
                true,
            ),
            (
                "<meta http-equiv=content-security-policy content=\"default-src 'self'\">text",
                true,
            ),
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
                let pieces: [&[u8]; 2] = [&bytes[..cut], &bytes[cut..]];
                assert_eq!(saw_meta_csp(&pieces), *expected, "{document} cut at {cut}");
            }
            let bytes: Vec<&[u8]> = bytes.iter().map(std::slice::from_ref).collect();
            assert_eq!(saw_meta_csp(&bytes), *expected, "{document} byte by byte");
        }
    }

    /// Whether the banner placed in `pieces` takes the link for a `<meta>` CSP.
    fn saw_meta_csp(pieces: &[&[u8]]) -> bool {
        let banner = Insert {
            bytes: Bytes::from_static(b"<style>s</style>"),
            under_meta_csp: Some(StyleSwap {
                at: 0,
                len: 16,
                link: Bytes::from_static(b"<link>"),
            }),
            form_target: None,
        };
        let sent = run(pieces, banner);
        sent.windows(6).any(|window| window == b"<link>")
    }

    #[test]
    fn a_meta_policy_that_forbids_the_form_keeps_the_banner_out() {
        let banner = || Insert {
            bytes: Bytes::from_static(b"|"),
            under_meta_csp: None,
            form_target: Some(FormTarget {
                host: Some(http::HeaderValue::from_static("shop.example")),
                policy: std::sync::Arc::new(crate::test_policy::policy()),
            }),
        };
        let page = |policy: &str| {
            format!("<meta http-equiv=Content-Security-Policy content=\"{policy}\"><p>x")
        };
        for (policy, shown) in [
            ("form-action 'none'", false),
            ("form-action https://pay.example", false),
            ("default-src 'none'", true),
            ("form-action 'self'", true),
            ("form-action shop.example/consent", true),
            ("img-src *, form-action 'none'", false),
        ] {
            let page = page(policy);
            let sent = String::from_utf8(run(&[page.as_bytes()], banner())).unwrap();
            let expected = if shown {
                page.replace("<p>", "|<p>")
            } else {
                format!("{page} ")
            };
            assert_eq!(sent, expected, "{policy}");
        }
        // In the body, a `<meta>` policy is the page's business.
        let page = "<body><meta http-equiv=Content-Security-Policy content=\"form-action 'none'\">";
        assert_eq!(
            String::from_utf8(run(&[page.as_bytes()], banner())).unwrap(),
            page.replace("<body>", "<body>|")
        );
    }

    #[test]
    fn a_page_cut_after_an_end_tag_name_gets_a_nul_first() {
        let banner = || Insert::from(Bytes::from_static(b"|||"));
        for page in [
            "<script></SCRIPT",
            "<title>x</title",
            "<template><style></style",
        ] {
            let sent = run(&[page.as_bytes()], banner());
            assert_eq!(sent, format!("{page}\0  ").as_bytes(), "{page}");
        }
        // A name cut short stays text whatever follows: spaces.
        assert_eq!(run(&[b"<script></scrip"], banner()), b"<script></scrip   ");
    }

    /// The pass with only `banner` over `pieces`: the bytes it sends.
    fn run(pieces: &[&[u8]], banner: Insert) -> Vec<u8> {
        let mut pass = Pass::new(None, Some(banner), None, None);
        let mut out = std::collections::VecDeque::new();
        for piece in pieces {
            pass.feed(Bytes::copy_from_slice(piece), &mut out);
        }
        pass.finish(&mut out);
        out.into_iter().flatten().collect()
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
        let banner = Insert::from(Bytes::from_static(b"<banner>"));
        let mut pass = Pass::new(None, Some(banner), None, None);
        let mut out = std::collections::VecDeque::new();
        for piece in pieces {
            pass.feed(Bytes::copy_from_slice(piece), &mut out);
            // What is held stays within the watch's limit (or a token's length).
            assert!(pass.held() <= WATCH_LIMIT + 1, "{pieces:?}");
        }
        pass.finish(&mut out);
        pass.banner_placed_at().map(|at| at as usize)
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
        // An end tag cut by the end is dropped by the tokenizer, whatever its name: the
        // body starts before it (the scanner before the one pass gave the filler for a
        // name longer than `html`).
        assert_eq!(marked("</template").as_deref(), Some("|</template"));
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
        let long = format!("<div>{}<frameset>", " ".repeat(WATCH_LIMIT as usize));
        assert_eq!(place(&long), Some(0));
        let short = format!("<div>{}<frameset>", " ".repeat(WATCH_LIMIT as usize - 20));
        assert_eq!(place(&short), None);
        let banner = Insert::from(Bytes::from_static(b"|"));
        let mut pass = Pass::new(None, Some(banner), None, None);
        let mut out = std::collections::VecDeque::new();
        pass.feed(Bytes::from_static(b"<div>"), &mut out);
        assert!(out.is_empty());
        let spaces = Bytes::from(vec![b' '; 1024]);
        for _ in 0..3 {
            pass.feed(spaces.clone(), &mut out);
            assert!(out.is_empty(), "held while watching");
        }
        pass.feed(spaces, &mut out);
        let sent: Vec<u8> = out.into_iter().flatten().collect();
        assert_eq!(&sent[..6], b"|<div>");
        assert_eq!(sent.len(), 6 + 4 * 1024);
    }

    #[test]
    fn byte_order_marks() {
        assert_eq!(marks("\u{feff}<p>"), "\u{feff}|<p>");
        assert_eq!(marks("\u{feff}"), "\u{feff}|");
        let utf16 = |document: &[u8]| place_in_pieces(&[document]);
        assert_eq!(utf16(b"\xFF\xFE<\0p\0>\0"), None);
        assert_eq!(utf16(b"\xFE\xFF\0<\0p\0>"), None);
        let banner = || Insert::from(Bytes::from_static(b"|||"));
        assert_eq!(run(&[b"\xFF", b"\xFE<"], banner()), b"\xFF\xFE<\0 \0");
        assert_eq!(run(&[b"\xFE\xFF"], banner()), b"\xFE\xFF\0  ");
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
        let sent = |pieces: &[&[u8]]| {
            String::from_utf8(run(pieces, Insert::from(Bytes::from_static(b"|")))).unwrap()
        };
        assert_eq!(sent(&[b"<body>", b"<body>"]), "<body>|<body>");
        // `<text>` starts the body, and leaves the frameset-ok flag set: watched.
        assert_eq!(
            sent(&[b"<he", b"ad><t", b"e", b"xt>", b" x", b"<frameset>"]),
            "<head>|<text> x<frameset>"
        );
    }
}
