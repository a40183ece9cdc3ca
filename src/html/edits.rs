//! The page's bytes on their way out, with the stages' edits applied: inserts at an
//! offset, and blanks (spaces over a range of the same length, which may stay open
//! until an end tag comes). Bytes go on as slices of the chunks they came in (no copy)
//! up to the earliest offset a stage still holds; blanks go out as slices of one static
//! buffer of spaces.

use std::collections::VecDeque;

use bytes::Bytes;

const SPACES: &[u8; 1024] = &[b' '; 1024];

/// Pushes `len` spaces, as slices of one static buffer.
pub(super) fn push_spaces(out: &mut VecDeque<Bytes>, mut len: u64) {
    while len > 0 {
        let take = len.min(SPACES.len() as u64) as usize;
        out.push_back(Bytes::from_static(&SPACES[..take]));
        len -= take as u64;
    }
}

#[derive(Debug)]
enum Change {
    Insert(Bytes),
    /// Spaces up to `end` (exclusive); `None` while the range is open.
    Blank {
        end: Option<u64>,
    },
}

#[derive(Debug)]
struct Edit {
    at: u64,
    change: Change,
}

impl Edit {
    /// Inserts at an offset go before a blank that starts there.
    fn key(&self) -> (u64, u8) {
        (
            self.at,
            match self.change {
                Change::Insert(_) => 0,
                Change::Blank { .. } => 1,
            },
        )
    }
}

/// The edits not yet applied, in page order, and the page's bytes not yet sent.
#[derive(Debug, Default)]
pub(super) struct Output {
    edits: Vec<Edit>,
    /// The page's bytes from `sent` on, in order.
    queue: VecDeque<Bytes>,
    /// The offset in the page of the first byte not yet sent.
    sent: u64,
    /// Bytes of the page fed so far.
    fed: u64,
    /// Bytes inserted and sent so far.
    inserted: u64,
}

impl Output {
    /// Queues the page's next chunk.
    pub(super) fn push(&mut self, chunk: Bytes) {
        self.fed += chunk.len() as u64;
        if !chunk.is_empty() {
            self.queue.push_back(chunk);
        }
    }

    fn add(&mut self, edit: Edit) {
        let key = edit.key();
        let index = self.edits.partition_point(|other| other.key() <= key);
        self.edits.insert(index, edit);
    }

    /// `bytes` go at offset `at` of the page (after any earlier insert there).
    pub(super) fn insert(&mut self, at: u64, bytes: Bytes) {
        debug_assert!(at >= self.sent, "an insert in bytes already sent");
        if !bytes.is_empty() {
            self.add(Edit {
                at: at.max(self.sent),
                change: Change::Insert(bytes),
            });
        }
    }

    /// The bytes of `range` become spaces.
    pub(super) fn blank(&mut self, start: u64, end: u64) {
        let start = start.max(self.sent);
        if end > start {
            self.add(Edit {
                at: start,
                change: Change::Blank { end: Some(end) },
            });
        }
    }

    /// The bytes from `start` become spaces until [`Self::close_blank`].
    pub(super) fn open_blank(&mut self, start: u64) {
        self.add(Edit {
            at: start.max(self.sent),
            change: Change::Blank { end: None },
        });
    }

    /// The open blank ends at `end`.
    pub(super) fn close_blank(&mut self, end: u64) {
        for edit in &mut self.edits {
            if let Change::Blank { end: open @ None } = &mut edit.change {
                *open = Some(end);
            }
        }
    }

    /// Whether inserts or blanks wait to be applied.
    pub(super) fn has_edits(&self) -> bool {
        !self.edits.is_empty()
    }

    /// Bytes of inserts not yet sent.
    pub(super) fn pending_inserts(&self) -> usize {
        self.edits
            .iter()
            .map(|edit| match &edit.change {
                Change::Insert(bytes) => bytes.len(),
                Change::Blank { .. } => 0,
            })
            .sum()
    }

    /// The offset in the response where the page's end will be (inserts included).
    pub(super) fn end_offset(&self) -> u64 {
        self.fed + self.inserted + self.pending_inserts() as u64
    }

    /// Bytes of the page fed so far.
    pub(super) fn fed(&self) -> u64 {
        self.fed
    }

    /// Page bytes not yet sent.
    pub(super) fn queued(&self) -> u64 {
        self.fed - self.sent
    }

    /// Bytes sent so far, inserts included: the offset in the response of what comes
    /// next.
    pub(super) fn out_offset(&self) -> u64 {
        self.sent + self.inserted
    }

    /// Sends what comes before `limit` (an offset in the page), edits applied; inserts
    /// at `limit` too when `through` (nothing is held there).
    pub(super) fn send(&mut self, limit: u64, through: bool, out: &mut VecDeque<Bytes>) {
        let limit = limit.min(self.fed);
        loop {
            let next = self.edits.first().map(|edit| edit.at);
            match next {
                Some(at) if at <= self.sent && (at < limit || through) => {
                    let edit = &mut self.edits[0];
                    match &mut edit.change {
                        Change::Insert(bytes) => {
                            self.inserted += bytes.len() as u64;
                            out.push_back(std::mem::take(bytes));
                            self.edits.remove(0);
                        }
                        Change::Blank { end } => {
                            let end = *end;
                            let stop = end.unwrap_or(u64::MAX).min(limit);
                            let len = stop.saturating_sub(self.sent);
                            push_spaces(out, len);
                            self.skip(len);
                            if end == Some(self.sent) {
                                self.edits.remove(0);
                            } else {
                                // Open, or cut at the limit: goes on from here.
                                self.edits[0].at = self.sent;
                                return;
                            }
                        }
                    }
                }
                _ => {
                    let stop = next.unwrap_or(u64::MAX).min(limit);
                    if stop <= self.sent {
                        return;
                    }
                    self.take(stop - self.sent, out);
                }
            }
        }
    }

    /// Sends every byte still queued as it is, and no insert (the inner body failed:
    /// nothing of the layer's may follow); blanks still apply.
    pub(super) fn abandon(&mut self, out: &mut VecDeque<Bytes>) {
        self.edits
            .retain(|edit| matches!(edit.change, Change::Blank { .. }));
        self.send(self.fed, false, out);
        let rest = self.fed - self.sent;
        self.take(rest, out);
        self.edits.clear();
    }

    /// Appends `bytes` after everything (the page is over).
    pub(super) fn append(&mut self, bytes: Bytes, out: &mut VecDeque<Bytes>) {
        if !bytes.is_empty() {
            self.inserted += bytes.len() as u64;
            out.push_back(bytes);
        }
    }

    /// Sends `len` queued bytes as they are.
    fn take(&mut self, len: u64, out: &mut VecDeque<Bytes>) {
        self.pass(len, Some(out));
    }

    /// Drops `len` queued bytes (blanked).
    fn skip(&mut self, len: u64) {
        self.pass(len, None);
    }

    /// Moves past `len` queued bytes, sending them (as slices) to `out` when given.
    fn pass(&mut self, mut len: u64, mut out: Option<&mut VecDeque<Bytes>>) {
        self.sent += len;
        while len > 0 {
            let Some(front) = self.queue.front_mut() else {
                return;
            };
            let piece = if (front.len() as u64) <= len {
                self.queue.pop_front().unwrap_or_default()
            } else {
                front.split_to(len as usize)
            };
            len -= piece.len() as u64;
            if let Some(out) = out.as_deref_mut() {
                out.push_back(piece);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(output: &mut Output, limit: u64, through: bool) -> Vec<u8> {
        let mut out = VecDeque::new();
        output.send(limit, through, &mut out);
        out.into_iter().flatten().collect()
    }

    #[test]
    fn edits_apply_in_order_across_chunks_and_limits() {
        let mut output = Output::default();
        output.push(Bytes::from_static(b"0123"));
        output.push(Bytes::from_static(b"456789"));
        output.blank(2, 5);
        output.insert(5, Bytes::from_static(b"<b>"));
        output.insert(2, Bytes::from_static(b"<a>"));
        assert_eq!(sent(&mut output, 3, false), b"01<a> ");
        output.open_blank(7);
        assert_eq!(sent(&mut output, 8, false), b"  <b>56 ");
        output.close_blank(9);
        output.push(Bytes::from_static(b"ab"));
        assert_eq!(sent(&mut output, 12, true), b" 9ab");
        assert!(!output.has_edits());
        assert_eq!(output.out_offset(), 18);
    }

    #[test]
    fn an_insert_at_the_limit_waits_unless_nothing_is_held_there() {
        let mut output = Output::default();
        output.push(Bytes::from_static(b"abc"));
        output.insert(3, Bytes::from_static(b"!"));
        assert_eq!(sent(&mut output, 3, false), b"abc");
        assert_eq!(sent(&mut output, 3, true), b"!");
    }
}
