//! Finding the opening `<body …>` tag in a streaming HTML document.
//!
//! [`BodyTagScanner`] is a pure state machine over byte slices: it is fed the body's
//! chunks in order and keeps only its state between them (a few bytes, whatever the page
//! size), never the bytes. It follows the HTML tokenizer (WHATWG HTML §13.2.5) closely
//! enough to find the tag a browser would take as the body's start tag:
//!
//! - comments (with the tokenizer's odd endings: `<!-->`, `<!--->`, `--!>`), doctypes,
//!   `<?…>` and other bogus comments are skipped;
//! - the content of raw-text and RCDATA elements (`<script>`, `<style>`, `<title>`,
//!   `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`) is skipped up to the
//!   matching end tag, and everything after `<plaintext>` is text;
//! - quoted attribute values are skipped, so `<meta content="<body>">` does not count;
//! - `<template>` content is skipped (a `<body>` inside a template is not the page's);
//! - tag names match ASCII-case-insensitively, and `<bodyx>` is not `<body>`.
//!
//! Not modelled, because a page that relies on them is malformed in ways browsers repair
//! differently: the script-data escape states (`<!--` inside `<script>`) and foreign
//! content (`<svg>`, `<math>`).

/// Where the scan is, between two bytes of the document.
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
    /// After `<!`.
    MarkupOpen,
    /// After `<!-`.
    MarkupDash,
    /// After `<!--`.
    CommentStart,
    /// After `<!---`.
    CommentStartDash,
    Comment,
    /// A `-` inside a comment.
    CommentEndDash,
    /// `--` inside a comment.
    CommentEnd,
    /// `--!` inside a comment.
    CommentEndBang,
    /// Doctypes, `<?…>`, `<!x…>`, `</ …>`: everything up to the next `>`.
    Bogus,
    /// Inside a raw-text or RCDATA element; `matched` bytes of `</name` seen so far.
    RawText {
        element: RawElement,
        matched: u8,
    },
    /// After `<plaintext>`: the rest of the document is text.
    PlainText,
    /// The body tag was found; nothing more to do.
    Found,
}

/// The elements whose content is text up to their end tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawElement {
    Script,
    Style,
    Title,
    Textarea,
    Xmp,
    Iframe,
    Noembed,
    Noframes,
}

impl RawElement {
    fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"script" => Self::Script,
            b"style" => Self::Style,
            b"title" => Self::Title,
            b"textarea" => Self::Textarea,
            b"xmp" => Self::Xmp,
            b"iframe" => Self::Iframe,
            b"noembed" => Self::Noembed,
            b"noframes" => Self::Noframes,
            _ => return None,
        })
    }

    fn name(self) -> &'static [u8] {
        match self {
            Self::Script => b"script",
            Self::Style => b"style",
            Self::Title => b"title",
            Self::Textarea => b"textarea",
            Self::Xmp => b"xmp",
            Self::Iframe => b"iframe",
            Self::Noembed => b"noembed",
            Self::Noframes => b"noframes",
        }
    }
}

/// The longest tag name the scanner needs to tell apart (`noframes`, `plaintext`,
/// `template`); longer names are remembered only as "something else".
const NAME_CAPACITY: usize = 9;

/// The streaming `<body>` finder; see the module docs.
#[derive(Clone, Debug)]
pub(crate) struct BodyTagScanner {
    state: State,
    /// The current tag's name, lowercased, while it fits.
    name: [u8; NAME_CAPACITY],
    name_len: u8,
    name_overflow: bool,
    end_tag: bool,
    /// How many `<template>` elements are open around the current position.
    template_depth: u32,
}

impl Default for BodyTagScanner {
    fn default() -> Self {
        Self {
            state: State::Data,
            name: [0; NAME_CAPACITY],
            name_len: 0,
            name_overflow: false,
            end_tag: false,
            template_depth: 0,
        }
    }
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

impl BodyTagScanner {
    /// Scans the next chunk of the document. Returns the offset in `chunk` just after the
    /// `>` of the body's start tag, the first time it is seen; `None` otherwise.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut at = 0;
        while at < chunk.len() {
            let byte = chunk[at];
            // `>` ends a tag in every state inside one but a quoted value.
            if byte == b'>' && self.in_tag() {
                if let Some(found) = self.finish_tag(at) {
                    return Some(found);
                }
                at += 1;
                continue;
            }
            // Each arm either consumes `byte` (falls through to `at += 1`), skips ahead
            // with memchr, or reconsumes it in another state (`continue`).
            match self.state {
                State::Found => return None,
                State::PlainText => return None,
                State::Data => match memchr::memchr(b'<', &chunk[at..]) {
                    Some(found) => {
                        at += found;
                        self.state = State::TagOpen;
                    }
                    None => return None,
                },
                State::TagOpen => match byte {
                    b'!' => self.state = State::MarkupOpen,
                    b'/' => self.state = State::EndTagOpen,
                    b'?' => self.state = State::Bogus,
                    _ if byte.is_ascii_alphabetic() => {
                        self.start_name(false);
                        self.state = State::TagName;
                        continue;
                    }
                    _ => {
                        self.state = State::Data;
                        continue;
                    }
                },
                State::EndTagOpen => match byte {
                    b'>' => self.state = State::Data,
                    _ if byte.is_ascii_alphabetic() => {
                        self.start_name(true);
                        self.state = State::TagName;
                        continue;
                    }
                    _ => {
                        self.state = State::Bogus;
                        continue;
                    }
                },
                State::TagName => match byte {
                    b'/' => self.state = State::BeforeAttributeName,
                    _ if is_whitespace(byte) => self.state = State::BeforeAttributeName,
                    _ => self.push_name(byte),
                },
                State::BeforeAttributeName => match byte {
                    b'/' => {}
                    _ if is_whitespace(byte) => {}
                    _ => self.state = State::AttributeName,
                },
                State::AttributeName => match byte {
                    b'=' => self.state = State::BeforeAttributeValue,
                    b'/' => self.state = State::BeforeAttributeName,
                    _ if is_whitespace(byte) => self.state = State::AfterAttributeName,
                    _ => {}
                },
                State::AfterAttributeName => match byte {
                    b'=' => self.state = State::BeforeAttributeValue,
                    b'/' => self.state = State::BeforeAttributeName,
                    _ if is_whitespace(byte) => {}
                    _ => self.state = State::AttributeName,
                },
                State::BeforeAttributeValue => match byte {
                    b'"' | b'\'' => self.state = State::AttributeValueQuoted(byte),
                    _ if is_whitespace(byte) => {}
                    _ => self.state = State::AttributeValueUnquoted,
                },
                State::AttributeValueQuoted(quote) => match memchr::memchr(quote, &chunk[at..]) {
                    Some(found) => {
                        at += found;
                        self.state = State::BeforeAttributeName;
                    }
                    None => return None,
                },
                State::AttributeValueUnquoted => match byte {
                    _ if is_whitespace(byte) => self.state = State::BeforeAttributeName,
                    _ => {}
                },
                State::MarkupOpen => {
                    if byte == b'-' {
                        self.state = State::MarkupDash;
                    } else {
                        self.state = State::Bogus;
                        continue;
                    }
                }
                State::MarkupDash => {
                    if byte == b'-' {
                        self.state = State::CommentStart;
                    } else {
                        self.state = State::Bogus;
                        continue;
                    }
                }
                State::CommentStart => match byte {
                    b'-' => self.state = State::CommentStartDash,
                    b'>' => self.state = State::Data,
                    _ => {
                        self.state = State::Comment;
                        continue;
                    }
                },
                State::CommentStartDash => match byte {
                    b'-' => self.state = State::CommentEnd,
                    b'>' => self.state = State::Data,
                    _ => {
                        self.state = State::Comment;
                        continue;
                    }
                },
                State::Comment => match memchr::memchr(b'-', &chunk[at..]) {
                    Some(found) => {
                        at += found;
                        self.state = State::CommentEndDash;
                    }
                    None => return None,
                },
                State::CommentEndDash => {
                    if byte == b'-' {
                        self.state = State::CommentEnd;
                    } else {
                        self.state = State::Comment;
                        continue;
                    }
                }
                State::CommentEnd => match byte {
                    b'>' => self.state = State::Data,
                    b'!' => self.state = State::CommentEndBang,
                    b'-' => {}
                    _ => {
                        self.state = State::Comment;
                        continue;
                    }
                },
                State::CommentEndBang => match byte {
                    b'-' => self.state = State::CommentEndDash,
                    b'>' => self.state = State::Data,
                    _ => {
                        self.state = State::Comment;
                        continue;
                    }
                },
                State::Bogus => match memchr::memchr(b'>', &chunk[at..]) {
                    Some(found) => {
                        at += found;
                        self.state = State::Data;
                    }
                    None => return None,
                },
                State::RawText { element, matched } => {
                    if let Some(next) = self.raw_text(element, matched, chunk, &mut at) {
                        self.state = next;
                        continue;
                    }
                    return None;
                }
            }
            at += 1;
        }
        None
    }

    /// Looks for `</name` followed by whitespace, `/` or `>` inside a raw-text element.
    /// Returns the state to go on in once the end tag's name is complete, or `None` at
    /// the end of the chunk (the partial match is kept in the state).
    fn raw_text(
        &mut self,
        element: RawElement,
        mut matched: u8,
        chunk: &[u8],
        at: &mut usize,
    ) -> Option<State> {
        let name = element.name();
        while *at < chunk.len() {
            if matched == 0 {
                match memchr::memchr(b'<', &chunk[*at..]) {
                    Some(found) => {
                        *at += found + 1;
                        matched = 1;
                    }
                    None => {
                        *at = chunk.len();
                        break;
                    }
                }
                continue;
            }
            let byte = chunk[*at];
            let position = usize::from(matched);
            if position == 1 {
                matched = if byte == b'/' { 2 } else { 0 };
                if matched == 0 {
                    // Reconsume: this byte may itself be a `<`.
                    continue;
                }
            } else if position - 2 < name.len() {
                if byte.to_ascii_lowercase() == name[position - 2] {
                    matched += 1;
                } else {
                    matched = 0;
                    continue;
                }
            } else if is_whitespace(byte) || byte == b'/' || byte == b'>' {
                // The end tag is confirmed; its attributes (if any) run up to `>`.
                self.start_name(true);
                self.name[..name.len()].copy_from_slice(name);
                self.name_len = name.len() as u8;
                return Some(State::TagName);
            } else {
                matched = 0;
                continue;
            }
            *at += 1;
        }
        self.state = State::RawText { element, matched };
        None
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

    /// A tag ended at `at` (its `>`): decide what comes next.
    fn finish_tag(&mut self, at: usize) -> Option<usize> {
        self.state = State::Data;
        if self.name_overflow {
            return None;
        }
        let name = &self.name[..usize::from(self.name_len)];
        if self.end_tag {
            if name == b"template" {
                self.template_depth = self.template_depth.saturating_sub(1);
            }
            return None;
        }
        match name {
            b"template" => self.template_depth = self.template_depth.saturating_add(1),
            b"body" if self.template_depth == 0 => {
                self.state = State::Found;
                return Some(at + 1);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The offset in the whole document after the body tag, feeding it in `pieces`.
    fn find_in_pieces(pieces: &[&[u8]]) -> Option<usize> {
        let mut scanner = BodyTagScanner::default();
        let mut offset = 0;
        for piece in pieces {
            if let Some(found) = scanner.feed(piece) {
                return Some(offset + found);
            }
            offset += piece.len();
        }
        None
    }

    /// Finds the tag in `html` whole, and checks every two-piece and byte-by-byte
    /// feeding agrees.
    fn find(html: &str) -> Option<usize> {
        let bytes = html.as_bytes();
        let whole = find_in_pieces(&[bytes]);
        for split in 0..=bytes.len() {
            let (a, b) = bytes.split_at(split);
            assert_eq!(
                find_in_pieces(&[a, b]),
                whole,
                "split at {split} of {html:?}"
            );
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(find_in_pieces(&singles), whole, "byte by byte: {html:?}");
        whole
    }

    fn after(html: &str) -> Option<&str> {
        find(html).map(|at| &html[at..])
    }

    #[test]
    fn finds_plain_and_attributed_body_tags() {
        assert_eq!(after("<html><body>x"), Some("x"));
        assert_eq!(after("<BODY>x"), Some("x"));
        assert_eq!(after("<BoDy class=\"a>b\" data-x='<body>'>x"), Some("x"));
        assert_eq!(after("<body\n\tclass=a>x"), Some("x"));
        assert_eq!(after("<body/>x"), Some("x"));
        assert_eq!(after("<body a=b=\"c>x\">y"), Some("x\">y"));
        assert_eq!(after("<body =\">x"), Some("x"));
        assert_eq!(after("<body a >x"), Some("x"));
        assert_eq!(after("<body a = 'q' b>x"), Some("x"));
        assert_eq!(after("<<body>x"), Some("x"));
    }

    #[test]
    fn ignores_what_is_not_the_body_tag() {
        assert_eq!(find("<bodyx>no"), None);
        assert_eq!(find("<xbody>no"), None);
        assert_eq!(find("</body>no"), None);
        assert_eq!(find("< body>no"), None);
        assert_eq!(find("<p>no body here</p>"), None);
        assert_eq!(find(""), None);
        assert_eq!(after("<bodyx><body>yes"), Some("yes"));
        assert_eq!(after("<averyveryverylongtagname><body>yes"), Some("yes"));
    }

    #[test]
    fn skips_comments_with_their_odd_endings() {
        assert_eq!(after("<!-- <body> --><body>x"), Some("x"));
        assert_eq!(after("<!--><body>x"), Some("x"));
        assert_eq!(after("<!---><body>x"), Some("x"));
        assert_eq!(after("<!-- a -- b --!><body>x"), Some("x"));
        assert_eq!(after("<!-- -><body> ---><body>x"), Some("x"));
        assert_eq!(after("<!----><body>x"), Some("x"));
        // A bogus comment ends at the first `>`, swallowing the tag it is in.
        assert_eq!(find("<!-x<body>y"), None);
        assert_eq!(after("<!-x<body><body>y"), Some("y"));
        assert_eq!(find("<!-- <body> never closed"), None);
    }

    #[test]
    fn skips_doctype_and_bogus_comments() {
        assert_eq!(after("<!DOCTYPE html><body>x"), Some("x"));
        assert_eq!(after("<?xml version=\"1.0\"?><body>x"), Some("x"));
        assert_eq!(after("<![CDATA[<body]]><body>x"), Some("x"));
        assert_eq!(
            find("</ <body>x"),
            None,
            "`</ ` starts a bogus comment up to `>`"
        );
        assert_eq!(after("</ ><body>x"), Some("x"));
        assert_eq!(after("</><body>x"), Some("x"));
    }

    #[test]
    fn skips_raw_text_elements() {
        assert_eq!(
            after("<script>let s = '<body>';</script><body>x"),
            Some("x")
        );
        assert_eq!(
            after("<script>a</scriptx><body></script><body>x"),
            Some("x")
        );
        assert_eq!(after("<SCRIPT type=module>a</ScRiPt ><body>x"), Some("x"));
        assert_eq!(after("<script>a</script foo=\">\"><body>x"), Some("x"));
        assert_eq!(
            after("<style>p{content:'<body>'}</style/><body>x"),
            Some("x")
        );
        assert_eq!(after("<title><body></title><body>x"), Some("x"));
        assert_eq!(after("<textarea><body></textarea><body>x"), Some("x"));
        assert_eq!(after("<script><</</s</sc<</script><body>x"), Some("x"));
        assert_eq!(
            after("<xmp><body></xmp><iframe><body></iframe><body>x"),
            Some("x")
        );
        assert_eq!(find("<script><body>"), None);
        assert_eq!(find("<plaintext></plaintext><body>"), None);
    }

    #[test]
    fn skips_template_content() {
        assert_eq!(after("<template><body></template><body>x"), Some("x"));
        assert_eq!(
            after("<template><template></template><body></template><body>x"),
            Some("x")
        );
        assert_eq!(after("</template><body>x"), Some("x"));
    }

    #[test]
    fn quoted_attributes_hide_tags_everywhere() {
        assert_eq!(after("<meta content=\"<body>\"><body>x"), Some("x"));
        assert_eq!(after("<meta content='<script>'><body>x"), Some("x"));
        assert_eq!(after("<a title=\"</template>\"><body>x"), Some("x"));
    }

    #[test]
    fn reports_once() {
        let mut scanner = BodyTagScanner::default();
        assert_eq!(scanner.feed(b"<body>"), Some(6));
        assert_eq!(scanner.feed(b"<body>"), None);
    }
}
