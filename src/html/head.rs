//! The stage that puts one insert (the Consent Mode default) as the first child of
//! `<head>`: before the first thing a browser would not keep before the head's first
//! child (text, a tag other than `<html>` and `<head>`, the end tags `</head>`,
//! `</body>`, `</html>`, `</br>`), and after a `<meta>` there that declares the
//! encoding (so that it stays in the first 1,024 bytes the encoding prescan reads).
//! Comments, doctypes and whitespace stay before it. So it always comes before a
//! `<meta http-equiv="Content-Security-Policy">`, whose policy does not apply to what
//! precedes it (even one that declares the encoding too).

use bytes::Bytes;

use super::body_start::Filler;
use super::edits::Output;
use super::is_whitespace;
use super::tokenizer::{Ending, InTag, Interest, Tag, TagName};
use crate::policy::trim_html;

#[derive(Debug)]
enum State {
    /// Looking for its place.
    Looking(Bytes),
    /// The tag being read is a `<meta>` where the insert would go: after it when it
    /// declares the encoding, before it otherwise.
    Meta(Bytes),
    /// Placed.
    Done,
    /// No place could be found: as many inert bytes end the page.
    Failed(usize),
}

/// The head insert's stage; see the module docs.
#[derive(Debug)]
pub(super) struct HeadInsert {
    state: State,
}

impl HeadInsert {
    pub(super) fn new(insert: Bytes) -> Self {
        Self {
            state: State::Looking(insert),
        }
    }

    /// Whether the insert is placed, or failed (nothing more to read).
    pub(super) fn is_settled(&self) -> bool {
        matches!(self.state, State::Done | State::Failed(_))
    }

    /// Bytes still owed.
    pub(super) fn pending_len(&self) -> usize {
        match &self.state {
            State::Looking(insert) | State::Meta(insert) => insert.len(),
            State::Done => 0,
            State::Failed(len) => *len,
        }
    }

    /// The page is not ASCII-compatible (UTF-16), or its place was held too long:
    /// inert bytes at the end instead.
    pub(super) fn fail(&mut self) {
        if let State::Looking(insert) | State::Meta(insert) = &self.state {
            self.state = State::Failed(insert.len());
        }
    }

    fn place(&mut self, at: u64, output: &mut Output) {
        if let State::Looking(insert) | State::Meta(insert) =
            std::mem::replace(&mut self.state, State::Done)
        {
            output.insert(at, insert);
        }
    }

    pub(super) fn wants_text(&self) -> bool {
        matches!(self.state, State::Looking(_))
    }

    /// Text from `start`: the first byte that is not whitespace (nor the UTF-8
    /// byte-order mark at the page's start) starts the head.
    pub(super) fn text(&mut self, bytes: &[u8], start: u64, output: &mut Output) {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        if !self.wants_text() {
            return;
        }
        let text = bytes.iter().enumerate().position(|(offset, &byte)| {
            let position = start + offset as u64;
            // (A first `FE` or `FF` that was not half of UTF-16's mark stays before it.)
            let bom = position < 3 && byte == BOM[position as usize]
                || position == 0 && matches!(byte, 0xFE | 0xFF);
            !(is_whitespace(byte) || bom)
        });
        if let Some(offset) = text {
            self.place(start + offset as u64, output);
        }
    }

    pub(super) fn stray_less_than(&mut self, at: u64, output: &mut Output) {
        if self.wants_text() {
            self.place(at, output);
        }
    }

    pub(super) fn tag_name(&mut self, tag: TagName<'_>, output: &mut Output) -> Interest {
        let State::Looking(_) = &self.state else {
            return Interest::Skip;
        };
        let starts = if tag.end_tag {
            matches!(tag.name, b"head" | b"body" | b"html" | b"br")
        } else {
            !matches!(tag.name, b"html" | b"head")
        };
        if !starts {
            return Interest::Skip;
        }
        if !tag.end_tag && tag.name == b"meta" {
            if let State::Looking(insert) = std::mem::replace(&mut self.state, State::Done) {
                self.state = State::Meta(insert);
            }
            return Interest::Attributes;
        }
        self.place(tag.start, output);
        Interest::Skip
    }

    pub(super) fn tag(&mut self, tag: &Tag<'_>, output: &mut Output) {
        if let State::Meta(_) = self.state {
            // After a `<meta>` that declares the encoding, unless it also carries a
            // policy, which would then apply to the insert.
            let policy = tag.value(b"http-equiv").is_some_and(|value| {
                trim_html(value).eq_ignore_ascii_case(b"content-security-policy")
            });
            let at = if declares_encoding(tag) && !policy {
                tag.end
            } else {
                tag.start
            };
            self.place(at, output);
        }
    }

    /// Where the page must be held: from a tag that may be where the insert goes.
    pub(super) fn hold(&self, in_tag: InTag) -> Option<u64> {
        match (&self.state, in_tag) {
            (State::Looking(_) | State::Meta(_), InTag::Opening(start) | InTag::Named(start)) => {
                Some(start)
            }
            _ => None,
        }
    }

    /// The page ended: what goes at its end (`filler` says what inert bytes stand for
    /// a failed insert, `at` is their offset in the response).
    pub(super) fn finish(&mut self, ending: Ending, filler: Filler, at: u64) -> Bytes {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => Bytes::new(),
            // Only doctype, comments, `<html>` and whitespace: the head starts here.
            State::Looking(insert) if ending == Ending::Data => insert,
            // Inside a tag or a comment, where it would be swallowed: as many spaces.
            State::Looking(insert) | State::Meta(insert) => Filler::Spaces.bytes(insert.len(), at),
            State::Failed(len) => filler.bytes(len, at),
        }
    }
}

/// Whether a `<meta>` start tag declares the page's encoding, as the prescan reads it:
/// a `charset` attribute, or `http-equiv="content-type"`.
fn declares_encoding(tag: &Tag<'_>) -> bool {
    tag.attribute(b"charset").is_some()
        || tag
            .value(b"http-equiv")
            .is_some_and(|value| trim_html(value).eq_ignore_ascii_case(b"content-type"))
}
