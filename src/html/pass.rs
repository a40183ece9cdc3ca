//! The one pass over an HTML page: one tokenizer, whose tokens go to the stages that
//! decide edits (the head insert, the banner's place, gating), and the page's bytes
//! going out with those edits applied.
//!
//! The stages never copy the page: they say where to insert, what to blank, and from
//! which offset the page must be held back (a tag that may be where an insert goes, or
//! marked; the body's start while watching for a frameset; a granted `<noscript>`'s
//! content). Everything before the earliest such offset goes on at once, as slices of
//! the chunks it came in. What is held is bounded: past [`MAX_HELD`] bytes the stages
//! give up on what they held (see each stage).
//!
//! Once every stage is settled (the head insert and the banner placed, no gating for
//! this visitor), the rest of the page goes on unread.

use std::collections::VecDeque;

use bytes::Bytes;

use super::body_start::{BodyStart, Filler, Insert};
use super::edits::Output;
use super::gate::Gate;
use super::head::HeadInsert;
use super::tokenizer::{InTag, Interest, Sink, Tag, TagName, Tokenizer};

#[cfg(test)]
thread_local! {
    /// Tests: the pass never skims (to compare its output with the skim's).
    pub(super) static NO_SKIM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The most bytes the pass holds back (beyond them the stages give up on what they
/// hold).
pub(crate) const MAX_HELD: u64 = super::tokenizer::MAX_TAG as u64;

#[derive(Debug, Default)]
struct Stages {
    head: Option<HeadInsert>,
    body_start: Option<BodyStart>,
    /// Boxed: most pages of most visitors have none, and the pass is one allocation.
    gate: Option<Box<Gate>>,
    /// A tag the stages gave up holding (it started here).
    released: Option<u64>,
}

impl Stages {
    fn settled(&self) -> bool {
        self.gate.is_none()
            && self.head.as_ref().is_none_or(HeadInsert::is_settled)
            && self.body_start.as_ref().is_none_or(BodyStart::is_settled)
    }

    fn hold(&self, in_tag: InTag) -> Option<u64> {
        let in_tag = match in_tag {
            InTag::Opening(start) | InTag::Named(start) if Some(start) == self.released => {
                InTag::No
            }
            other => other,
        };
        [
            self.head.as_ref().and_then(|head| head.hold(in_tag)),
            self.body_start
                .as_ref()
                .and_then(|stage| stage.hold(in_tag)),
            self.gate.as_ref().and_then(|gate| gate.hold(in_tag)),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

/// The tokenizer's events, dispatched to the stages in page order of their edits:
/// the head insert, then the banner, then gating.
struct Events<'a> {
    stages: &'a mut Stages,
    output: &'a mut Output,
}

impl Sink for Events<'_> {
    fn wants_text(&self) -> bool {
        self.stages
            .head
            .as_ref()
            .is_some_and(HeadInsert::wants_text)
            || self
                .stages
                .body_start
                .as_ref()
                .is_some_and(BodyStart::wants_text)
    }

    fn text(&mut self, bytes: &[u8], start: u64) {
        if let Some(head) = &mut self.stages.head {
            head.text(bytes, start, self.output);
        }
        if let Some(stage) = &mut self.stages.body_start {
            stage.text(bytes, start, self.output);
        }
    }

    fn stray_less_than(&mut self, at: u64) {
        if let Some(head) = &mut self.stages.head {
            head.stray_less_than(at, self.output);
        }
        if let Some(stage) = &mut self.stages.body_start {
            stage.stray_less_than(at, self.output);
        }
    }

    fn tag_name(&mut self, tag: TagName<'_>) -> Interest {
        let mut interest = Interest::Skip;
        if let Some(head) = &mut self.stages.head {
            interest = interest.max(head.tag_name(tag, self.output));
        }
        if let Some(stage) = &mut self.stages.body_start {
            interest = interest.max(stage.tag_name(tag, self.output));
        }
        if let Some(gate) = &mut self.stages.gate {
            interest = interest.max(gate.tag_name(tag));
        }
        interest
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        if let Some(head) = &mut self.stages.head {
            head.tag(tag, self.output);
        }
        if let Some(stage) = &mut self.stages.body_start {
            stage.tag(tag, self.output);
        }
        if let Some(gate) = &mut self.stages.gate {
            gate.tag(tag, self.output);
        }
    }

    fn wants_raw_text(&self) -> bool {
        self.stages
            .gate
            .as_deref()
            .is_some_and(Gate::wants_raw_text)
    }

    fn raw_text(&mut self, bytes: &[u8], _start: u64) {
        if let Some(gate) = &mut self.stages.gate {
            gate.raw_text(bytes);
        }
    }

    fn settled(&self) -> bool {
        self.stages.settled()
    }

    fn skims(&self) -> bool {
        #[cfg(test)]
        if NO_SKIM.with(std::cell::Cell::get) {
            return false;
        }
        let stages = &self.stages;
        stages.head.as_ref().is_none_or(HeadInsert::is_settled)
            && stages.body_start.as_ref().is_none_or(BodyStart::is_settled)
            && stages.gate.as_ref().is_none_or(|gate| gate.skims())
    }

    fn markup_starts(&mut self, _start: u64) {
        if let Some(stage) = &mut self.stages.body_start {
            stage.markup_starts(self.output);
        }
    }
}

/// The page's first byte, while it may start UTF-16's byte-order mark.
#[derive(Debug)]
enum Sniff {
    /// Nothing read yet.
    Start,
    /// The page's first chunk is one `FE` or `FF`: not tokenized until the next byte
    /// tells.
    Deferred(Bytes),
    Done,
}

/// The pass over one page; see the module docs.
#[derive(Debug)]
pub(crate) struct Pass {
    tokenizer: Tokenizer,
    stages: Stages,
    output: Output,
    sniff: Sniff,
    /// The page is UTF-16 (its byte-order mark came first): nothing visible may go in.
    utf16: Option<Filler>,
    /// Every stage is settled: the rest goes on unread.
    idle: bool,
    /// Sent after the page's last byte.
    tail: Option<Bytes>,
    /// The page ended: everything owed was sent.
    finished: bool,
}

impl Pass {
    /// A pass with the head insert `head`, the banner `banner` where the body starts,
    /// gating by `gate`, and `tail` after the page's last byte.
    pub(crate) fn new(
        head: Option<Bytes>,
        banner: Option<Insert>,
        gate: Option<Gate>,
        tail: Option<Bytes>,
    ) -> Self {
        let stages = Stages {
            head: head
                .filter(|insert| !insert.is_empty())
                .map(HeadInsert::new),
            body_start: banner.map(BodyStart::new),
            gate: gate.map(Box::new),
            released: None,
        };
        Self {
            idle: stages.settled(),
            tokenizer: Tokenizer::default(),
            stages,
            output: Output::default(),
            sniff: Sniff::Start,
            utf16: None,
            tail: tail.filter(|tail| !tail.is_empty()),
            finished: false,
        }
    }

    /// Whether the page can come out longer than its `Content-Length` foresaw
    /// (placeholders).
    pub(crate) fn may_grow(&self) -> bool {
        self.stages.gate.as_deref().is_some_and(Gate::may_grow)
    }

    /// Bytes still owed beyond what the inner body has yet to send: what is held, the
    /// inserts not yet sent, and those not yet placed.
    pub(crate) fn pending_len(&self) -> usize {
        if self.finished {
            return 0;
        }
        let deferred = match &self.sniff {
            Sniff::Deferred(bytes) => bytes.len(),
            _ => 0,
        };
        self.output.queued() as usize
            + deferred
            + self.output.pending_inserts()
            + self.stages.head.as_ref().map_or(0, HeadInsert::pending_len)
            + self
                .stages
                .body_start
                .as_ref()
                .map_or(0, BodyStart::pending_len)
            + self.tail.as_ref().map_or(0, Bytes::len)
    }

    /// Rewrites the page's next chunk, pushing what may go on to `out`.
    pub(crate) fn feed(&mut self, chunk: Bytes, out: &mut VecDeque<Bytes>) {
        if chunk.is_empty() {
            return;
        }
        if self.idle {
            self.output.push(chunk);
            let fed = self.output.fed();
            self.output.send(fed, true, out);
            return;
        }
        match std::mem::replace(&mut self.sniff, Sniff::Done) {
            Sniff::Start if chunk.len() == 1 && matches!(chunk[0], 0xFE | 0xFF) => {
                self.sniff = Sniff::Deferred(chunk);
                return;
            }
            Sniff::Start => {
                if self.sniff_utf16(chunk[0], chunk.get(1).copied()) {
                    return self.feed(chunk, out);
                }
            }
            Sniff::Deferred(first) => {
                if self.sniff_utf16(first[0], Some(chunk[0])) {
                    self.feed(first, out);
                    return self.feed(chunk, out);
                }
                self.tokenize(first);
            }
            Sniff::Done => {}
        }
        self.tokenize(chunk);
        self.send(out);
    }

    /// Whether the page starts with UTF-16's byte-order mark: then nothing is read, and
    /// fillers stand for the inserts at the end.
    fn sniff_utf16(&mut self, first: u8, second: Option<u8>) -> bool {
        let filler = match (first, second) {
            (0xFF, Some(0xFE)) => Filler::Utf16Le,
            (0xFE, Some(0xFF)) => Filler::Utf16Be,
            _ => return false,
        };
        self.utf16 = Some(filler);
        if let Some(head) = &mut self.stages.head {
            head.fail();
        }
        if let Some(stage) = &mut self.stages.body_start {
            stage.fill(filler);
        }
        self.stages.gate = None;
        self.idle = true;
        true
    }

    fn tokenize(&mut self, chunk: Bytes) {
        self.output.push(chunk.clone());
        let mut events = Events {
            stages: &mut self.stages,
            output: &mut self.output,
        };
        self.tokenizer.feed(&chunk, &mut events);
    }

    /// Sends what no stage holds.
    fn send(&mut self, out: &mut VecDeque<Bytes>) {
        let fed = self.output.fed();
        if let Some(stage) = &mut self.stages.body_start {
            stage.chunk_ends(fed, &mut self.output);
        }
        let in_tag = self.tokenizer.in_tag();
        let mut hold = self.stages.hold(in_tag);
        if let Some(held) = hold
            && fed - held > MAX_HELD
        {
            // Held too long: each stage lets go of what it held.
            self.tokenizer.drop_attributes();
            if let Some(head) = &mut self.stages.head {
                head.fail();
            }
            if let Some(stage) = &mut self.stages.body_start {
                stage.give_up(held, &mut self.output);
            }
            if let Some(gate) = &mut self.stages.gate {
                gate.give_up();
            }
            if let InTag::Opening(start) | InTag::Named(start) = in_tag {
                self.stages.released = Some(start);
            }
            hold = self.stages.hold(in_tag);
        }
        self.output.send(hold.unwrap_or(fed), hold.is_none(), out);
        if hold.is_none() && self.stages.settled() && !self.output.has_edits() {
            self.idle = true;
        }
    }

    /// The end of the page: what was held, the inserts that found no place (or their
    /// fillers), and the tail.
    pub(crate) fn finish(&mut self, out: &mut VecDeque<Bytes>) {
        if let Sniff::Deferred(first) = std::mem::replace(&mut self.sniff, Sniff::Done) {
            // A one-byte page: not UTF-16.
            self.tokenize(first);
        }
        let fed = self.output.fed();
        let ending = self.tokenizer.ending();
        let in_tag = self.tokenizer.in_tag();
        // A blank open to the end of the page (strict mode) ends with it.
        self.output.close_blank(fed);
        let filler = self.utf16.unwrap_or(Filler::Spaces);
        if let Some(head) = &mut self.stages.head {
            let at = self.output.end_offset();
            let bytes = head.finish(ending, filler, at);
            self.output.insert(fed, bytes);
        }
        let banner_filler = match &mut self.stages.body_start {
            Some(stage) => stage
                .finish(ending, in_tag, fed, &mut self.output)
                .map(|kind| (kind, stage.banner_len())),
            None => None,
        };
        self.output.send(fed, true, out);
        if let Some((kind, len)) = banner_filler {
            let at = self.output.out_offset();
            self.output.append(kind.bytes(len, at), out);
        }
        if let Some(tail) = self.tail.take() {
            self.output.append(tail, out);
        }
        self.finished = true;
        self.idle = true;
    }

    /// The inner body failed: what was read goes on, nothing is added.
    pub(crate) fn abandon(&mut self, out: &mut VecDeque<Bytes>) {
        if let Sniff::Deferred(first) = std::mem::replace(&mut self.sniff, Sniff::Done) {
            self.output.push(first);
        }
        self.output.abandon(out);
        self.finished = true;
        self.tail = None;
        self.idle = true;
    }

    /// Page bytes held back.
    #[cfg(test)]
    pub(crate) fn held(&self) -> u64 {
        self.output.queued()
    }

    /// Whether the rest of the page goes on unread.
    #[cfg(test)]
    pub(crate) fn is_idle(&self) -> bool {
        self.idle
    }

    /// Where the banner was placed in the page, if it was.
    #[cfg(any(test, feature = "__internals"))]
    pub(crate) fn banner_placed_at(&self) -> Option<u64> {
        self.stages
            .body_start
            .as_ref()
            .and_then(BodyStart::placed_at)
    }
}
