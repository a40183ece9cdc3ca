//! The response body the layer hands back.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::gate::Gate;
use super::scan::{BodyStartScanner, Filler, Scan};

pin_project! {
    /// The body of every response that passes through [`ConsentService`]: the inner
    /// service's body untouched, the inner body with the consent banner injected where
    /// its body starts, or a body the layer wrote itself (the endpoint's answers).
    ///
    /// Where the banner goes: right after the `<body …>` tag; in a page without one,
    /// right before the first thing a browser would not keep in the head (text, a `<div>`,
    /// a `<form>`, `</body>`…), so that it is the body's first child there too; at the
    /// end of a page that ends while still in its head. The page's own tree is left as
    /// it was.
    ///
    /// When no place can work, the response still carries exactly the length its
    /// `Content-Length` announced: an inert filler as long as the banner ends the
    /// document instead. That happens when
    /// - a `<frameset>` comes before the body (such a document never has one);
    /// - the document ends inside a tag, a comment, a raw-text element (`<title>`,
    ///   `<script>`…) or `<template>` content, where the banner would be swallowed;
    /// - it starts with a UTF-16 byte-order mark (`FF FE` or `FE FF`: not
    ///   ASCII-compatible, so nothing may be injected);
    /// - a numeric character reference before the body is longer than 12 bytes (only
    ///   leading zeros make one so).
    ///
    /// The filler is ASCII spaces, or UTF-16 spaces in the page's byte order after a
    /// UTF-16 byte-order mark. A UTF-16 filler for a banner of odd length ends with one
    /// more `20` byte, half a code unit: decoders read it as one U+FFFD at the very end
    /// of the document (the least bad of the choices that keep the length).
    ///
    /// Injection keeps almost no bytes back: each frame is passed on as soon as it is
    /// scanned, the frame where the body starts is split without copying, and the banner
    /// goes out as a frame of its own. Only when a frame ends inside a token that may or
    /// may not start the body (`<scrip`, `</bo`, `&#3`) are those bytes (at most 12)
    /// held back until the next frame tells; they then go out as a frame of their own. After
    /// the banner, frames pass through untouched; trailers and errors always do (trailers
    /// after the banner or filler, an error after the bytes held back before it). After an
    /// error from the inner body nothing more is sent.
    ///
    /// The inner body's data may be any [`Buf`] (as with tower-http's bodies); this
    /// body's frames are [`Bytes`]. An inner body of `Bytes` passes through without a
    /// copy; other data is copied once into `Bytes`.
    ///
    /// [`ConsentService`]: crate::ConsentService
    pub struct ConsentBody<B>
    where
        B: Body,
    {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B>
    where
        B: Body,
    {
        Passthrough {
            #[pin]
            inner: B,
        },
        Inject {
            #[pin]
            inner: B,
            scanner: BodyStartScanner,
            // `Some` until placed or replaced by the filler: the size hint counts it.
            banner: Option<Insert>,
            // The banner has no place: the filler ends the document instead.
            filler: Option<Filler>,
            // Page bytes held back at the end of what was read (at most `MAX_HELD`, or
            // `WATCH_LIMIT` while the scan watches for a frameset).
            held: Bytes,
            // Sent after the page's last byte, before its trailers.
            tail: Option<Bytes>,
            // Frames ready to go, in order.
            ready: Outbox,
            end: InnerEnd<B::Error>,
        },
        // The page pass with gating and/or the head insert, and the banner when the
        // visitor gets one: the gate's output is what the banner's scanner reads.
        Gate {
            #[pin]
            inner: B,
            gate: Box<Gate>,
            banner: Option<BannerStage>,
            // The gate's output for one frame, before the banner's stage.
            pieces: std::collections::VecDeque<Bytes>,
            // Frames ready to go, in order.
            frames: std::collections::VecDeque<Frame<Bytes>>,
            end: InnerEnd<B::Error>,
        },
        Full {
            data: Option<Bytes>,
        },
    }
}

/// What goes where the body starts: the banner, and, when it has an inline style, how
/// to swap that `<style>` for the stylesheet link (padded with spaces to the same
/// length, since the response's length is set before the body is read) for a page
/// whose `<meta>` CSP the scan finds before the body.
#[derive(Debug)]
pub(crate) struct Insert {
    pub(crate) bytes: Bytes,
    pub(crate) under_meta_csp: Option<StyleSwap>,
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

    /// The bytes for this page, as far as `scanner` has read it: copied, with the link,
    /// only for a page with a `<meta>` CSP.
    fn for_page(self, scanner: &BodyStartScanner) -> Bytes {
        match self.under_meta_csp {
            Some(swap) if scanner.saw_meta_csp() && swap.link.len() <= swap.len => {
                let mut swapped = Vec::with_capacity(self.bytes.len());
                swapped.extend_from_slice(&self.bytes[..swap.at]);
                swapped.extend_from_slice(&swap.link);
                // Spaces between elements: nothing a browser renders.
                swapped.resize(swapped.len() + swap.len - swap.link.len(), b' ');
                swapped.extend_from_slice(&self.bytes[swap.at + swap.len..]);
                Bytes::from(swapped)
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
        }
    }
}

/// The banner's insertion, run over the gate's output.
#[derive(Debug)]
struct BannerStage {
    scanner: BodyStartScanner,
    banner: Option<Insert>,
    filler: Option<Filler>,
    held: Bytes,
    /// Sent after the page's last byte.
    tail: Option<Bytes>,
    outbox: Outbox,
    /// Bytes of the gate's output read so far: where a filler starts (UTF-16 fillers
    /// follow the page's code units).
    seen: u64,
}

impl BannerStage {
    fn step(&mut self, data: Bytes, frames: &mut std::collections::VecDeque<Frame<Bytes>>) {
        self.seen += data.len() as u64;
        if self.banner.is_none() {
            if !data.is_empty() {
                frames.push_back(Frame::data(data));
            }
            return;
        }
        step(
            &mut self.scanner,
            &mut self.banner,
            &mut self.filler,
            &mut self.held,
            &mut self.outbox,
            data,
        );
        while let Some(frame) = self.outbox.pop() {
            frames.push_back(frame);
        }
    }

    fn finish(&mut self, frames: &mut std::collections::VecDeque<Frame<Bytes>>) {
        finish(
            self.seen,
            &mut self.scanner,
            &mut self.banner,
            &mut self.filler,
            &mut self.held,
            &mut self.tail,
            &mut self.outbox,
            None,
        );
        while let Some(frame) = self.outbox.pop() {
            frames.push_back(frame);
        }
    }

    /// Bytes still to come from this stage: the banner (or its filler) and what it holds.
    fn pending_len(&self) -> usize {
        self.banner.as_ref().map_or(0, Insert::len)
            + self.held.len()
            + self.tail.as_ref().map_or(0, Bytes::len)
            + self.outbox.data_len()
    }
}

/// The few frames one step can produce (held bytes, the page up to the banner, the
/// banner, the rest of the frame), without allocating.
#[derive(Debug, Default)]
struct Outbox {
    frames: [Option<Frame<Bytes>>; 5],
    next: usize,
    len: usize,
}

impl Outbox {
    /// Queues `frame`, unless it is empty data.
    fn push(&mut self, frame: Frame<Bytes>) {
        if frame.data_ref().is_some_and(Bytes::is_empty) {
            return;
        }
        self.frames[self.next + self.len] = Some(frame);
        self.len += 1;
    }

    fn extend(&mut self, frame: Option<Frame<Bytes>>) {
        if let Some(frame) = frame {
            self.push(frame);
        }
    }

    fn push_data(&mut self, data: Bytes) {
        self.push(Frame::data(data));
    }

    fn pop(&mut self) -> Option<Frame<Bytes>> {
        if self.len == 0 {
            return None;
        }
        let frame = self.frames[self.next].take();
        self.len -= 1;
        self.next = if self.len == 0 { 0 } else { self.next + 1 };
        frame
    }

    fn data_len(&self) -> usize {
        self.frames
            .iter()
            .flatten()
            .filter_map(Frame::data_ref)
            .map(Bytes::len)
            .sum()
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<B: Body> fmt::Debug for ConsentBody<B>
where
    B: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentBody")
            .field("kind", &self.kind)
            .finish()
    }
}

// By hand: a derive would ask for the inner body's error to be `Debug` too.
impl<B: Body> fmt::Debug for Kind<B>
where
    B: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Passthrough { inner } => {
                f.debug_struct("Passthrough").field("inner", inner).finish()
            }
            Self::Inject {
                inner,
                scanner,
                banner,
                filler,
                held,
                tail,
                ready,
                end,
            } => f
                .debug_struct("Inject")
                .field("inner", inner)
                .field("scanner", scanner)
                .field("banner", banner)
                .field("filler", filler)
                .field("held", held)
                .field("tail", tail)
                .field("ready", ready)
                .field("end", end)
                .finish(),
            Self::Gate {
                inner,
                gate,
                banner,
                end,
                ..
            } => f
                .debug_struct("Gate")
                .field("inner", inner)
                .field("gate", gate)
                .field("banner", banner)
                .field("end", end)
                .finish_non_exhaustive(),
            Self::Full { data } => f.debug_struct("Full").field("data", data).finish(),
        }
    }
}

impl<B: Body> ConsentBody<B> {
    /// The inner body, every frame, size hint and trailer as it was.
    pub(crate) fn passthrough(inner: B) -> Self {
        Self {
            kind: Kind::Passthrough { inner },
        }
    }

    /// The inner body with `banner` injected where its body starts.
    #[cfg(feature = "__internals")]
    pub(crate) fn inject(inner: B, banner: impl Into<Insert>) -> Self {
        Self::inject_with_tail(inner, banner, None)
    }

    /// The inner body with `banner` injected where its body starts, and `tail` after
    /// its last byte (the "Cookie settings" link: a browser's tree builder puts what
    /// follows `</html>` at the end of the body).
    pub(crate) fn inject_with_tail(
        inner: B,
        banner: impl Into<Insert>,
        tail: Option<Bytes>,
    ) -> Self {
        Self {
            kind: Kind::Inject {
                inner,
                scanner: BodyStartScanner::default(),
                banner: Some(banner.into()),
                filler: None,
                held: Bytes::new(),
                tail: tail.filter(|tail| !tail.is_empty()),
                ready: Outbox::default(),
                end: InnerEnd::default(),
            },
        }
    }

    /// The inner body through the page pass `gate`, with `banner` (when given) injected
    /// where the gated page's body starts.
    /// The inner body through `gate`, with `banner` injected where its body starts and
    /// `tail` after its last byte.
    pub(crate) fn gate(inner: B, gate: Gate, banner: Option<Insert>, tail: Option<Bytes>) -> Self {
        let stage = (banner.is_some() || tail.is_some()).then(|| BannerStage {
            scanner: BodyStartScanner::default(),
            banner: Some(banner.unwrap_or_else(|| Insert::from(Bytes::new()))),
            filler: None,
            held: Bytes::new(),
            tail: tail.filter(|tail| !tail.is_empty()),
            outbox: Outbox::default(),
            seen: 0,
        });
        Self {
            kind: Kind::Gate {
                inner,
                gate: Box::new(gate),
                banner: stage,
                pieces: std::collections::VecDeque::new(),
                frames: std::collections::VecDeque::new(),
                end: InnerEnd::default(),
            },
        }
    }

    /// A body of the layer's own.
    pub(crate) fn full(data: Bytes) -> Self {
        Self {
            kind: Kind::Full {
                data: (!data.is_empty()).then_some(data),
            },
        }
    }
}

/// Scans one data frame and queues what may go on.
fn step(
    scanner: &mut BodyStartScanner,
    banner: &mut Option<Insert>,
    filler_slot: &mut Option<Filler>,
    held: &mut Bytes,
    ready: &mut Outbox,
    mut data: Bytes,
) {
    if filler_slot.is_some() {
        ready.push_data(data);
        return;
    }
    match scanner.feed(&data) {
        Scan::Pending { pass: 0 } => {
            // The whole frame continues what is held back: a token (`MAX_HELD` bytes at
            // most) or the body's start while the scan watches for a frameset
            // (`WATCH_LIMIT` at most).
            if held.is_empty() {
                *held = data;
            } else if !data.is_empty() {
                // Spread over several frames: copied into one.
                *held = Bytes::from([held.as_ref(), data.as_ref()].concat());
            }
        }
        Scan::Pending { pass } => {
            let pass = pass - held.len();
            ready.push_data(std::mem::take(held));
            let rest = data.split_off(pass);
            ready.push_data(data);
            *held = rest;
        }
        Scan::Place { at } if at < held.len().max(1) => {
            // Before the bytes held back (the token they start opens the body).
            let placed = banner.take().map(|banner| banner.for_page(scanner));
            ready.push_data(placed.unwrap_or_default());
            ready.push_data(std::mem::take(held));
            ready.push_data(data);
        }
        Scan::Place { at } => {
            let rest = data.split_off(at - held.len());
            ready.push_data(std::mem::take(held));
            ready.push_data(data);
            let placed = banner.take().map(|banner| banner.for_page(scanner));
            ready.push_data(placed.unwrap_or_default());
            ready.push_data(rest);
        }
        Scan::Fill(kind) => {
            *filler_slot = Some(kind);
            ready.push_data(std::mem::take(held));
            ready.push_data(data);
        }
    }
}

/// The end of the page of `page_len` bytes (`trailers` if it ended with some): the
/// banner, or the filler.
#[expect(
    clippy::too_many_arguments,
    reason = "the fields of the banner's stage, borrowed apart from the pinned inner body; \
              they become one stage of the one-pass rewrite"
)]
fn finish(
    page_len: u64,
    scanner: &mut BodyStartScanner,
    banner: &mut Option<Insert>,
    filler_slot: &mut Option<Filler>,
    held: &mut Bytes,
    tail: &mut Option<Bytes>,
    ready: &mut Outbox,
    trailers: Option<Frame<Bytes>>,
) {
    let Some(insert) = banner.take() else {
        ready.push_data(tail.take().unwrap_or_default());
        ready.extend(trailers);
        return;
    };
    let banner_len = insert.len();
    let banner_bytes = insert.for_page(scanner);
    if filler_slot.is_none() {
        match scanner.finish() {
            Scan::Place { at: 0 } => ready.push_data(banner_bytes.clone()),
            Scan::Place { .. } | Scan::Pending { .. } => {
                ready.push_data(std::mem::take(held));
                ready.push_data(banner_bytes.clone());
            }
            Scan::Fill(kind) => *filler_slot = Some(kind),
        }
    }
    ready.push_data(std::mem::take(held));
    if let Some(kind) = *filler_slot {
        ready.push_data(kind.bytes(banner_len, page_len));
    }
    ready.push_data(tail.take().unwrap_or_default());
    ready.extend(trailers);
}

/// The end of a gated page: what the gate held, the banner's end, then the trailers.
fn finish_gated(
    gate: &mut Gate,
    banner: &mut Option<BannerStage>,
    pieces: &mut std::collections::VecDeque<Bytes>,
    frames: &mut std::collections::VecDeque<Frame<Bytes>>,
    trailers: Option<Frame<Bytes>>,
) {
    gate.finish(pieces);
    for piece in pieces.drain(..) {
        match banner.as_mut() {
            Some(stage) => stage.step(piece, frames),
            None => frames.push_back(Frame::data(piece)),
        }
    }
    if let Some(stage) = banner.as_mut() {
        stage.finish(frames);
    }
    frames.extend(trailers);
}

/// The inner body's next frame with its data as [`Bytes`]: for a body whose data is
/// `Bytes` already, the same buffer (`Bytes::copy_to_bytes` splits, it does not copy);
/// other [`Buf`] types are copied once, as tower-http's bodies do.
fn poll_bytes<B>(
    inner: Pin<&mut B>,
    cx: &mut Context<'_>,
) -> Poll<Option<Result<Frame<Bytes>, B::Error>>>
where
    B: Body,
    B::Data: Buf,
{
    inner.poll_frame(cx).map(|frame| {
        frame.map(|frame| {
            frame.map(|frame| frame.map_data(|mut data| data.copy_to_bytes(data.remaining())))
        })
    })
}

/// How the inner body ended, as a stage's poll loop keeps it: its error waits until
/// every byte read before it has gone out.
struct InnerEnd<E> {
    error: Option<E>,
    done: bool,
}

impl<E> Default for InnerEnd<E> {
    fn default() -> Self {
        Self {
            error: None,
            done: false,
        }
    }
}

impl<E> fmt::Debug for InnerEnd<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InnerEnd")
            .field("error", &self.error.is_some())
            .field("done", &self.done)
            .finish()
    }
}

impl<E> InnerEnd<E> {
    /// What a stage's poll loop answers before it reads on: a frame it holds, then the
    /// inner body's error, then the end; `None`: read on.
    fn answer(&mut self, held: Option<Frame<Bytes>>) -> Option<Option<Result<Frame<Bytes>, E>>> {
        if let Some(frame) = held {
            return Some(Some(Ok(frame)));
        }
        if let Some(error) = self.error.take() {
            return Some(Some(Err(error)));
        }
        self.done.then_some(None)
    }

    /// Whether nothing of the inner body is left to send.
    fn is_over(&self) -> bool {
        self.done && self.error.is_none()
    }
}

impl<B> Body for ConsentBody<B>
where
    B: Body,
    B::Data: Buf,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Passthrough { inner } => poll_bytes(inner, cx),
            KindProj::Full { data } => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
            KindProj::Gate {
                mut inner,
                gate,
                banner,
                pieces,
                frames,
                end,
            } => loop {
                if let Some(next) = end.answer(frames.pop_front()) {
                    return Poll::Ready(next);
                }
                let frame = match ready!(poll_bytes(inner.as_mut(), cx)) {
                    Some(Ok(frame)) => frame,
                    // What was read goes on as it is; nothing of ours follows the error.
                    Some(Err(failed)) => {
                        end.done = true;
                        gate.abandon(pieces);
                        if let Some(stage) = banner.as_mut() {
                            stage.banner = None;
                            pieces.push_front(std::mem::take(&mut stage.held));
                        }
                        frames.extend(
                            pieces
                                .drain(..)
                                .filter(|piece| !piece.is_empty())
                                .map(Frame::data),
                        );
                        end.error = Some(failed);
                        continue;
                    }
                    None => {
                        end.done = true;
                        finish_gated(gate, banner, pieces, frames, None);
                        continue;
                    }
                };
                match frame.into_data() {
                    Ok(data) => {
                        gate.feed(&data, pieces);
                        for piece in pieces.drain(..) {
                            match banner.as_mut() {
                                Some(stage) => stage.step(piece, frames),
                                None => frames.push_back(Frame::data(piece)),
                            }
                        }
                    }
                    Err(trailers) => {
                        end.done = true;
                        finish_gated(gate, banner, pieces, frames, Some(trailers));
                    }
                }
            },
            KindProj::Inject {
                mut inner,
                scanner,
                banner,
                filler: filler_slot,
                held,
                tail,
                ready,
                end,
            } => loop {
                if let Some(next) = end.answer(ready.pop()) {
                    return Poll::Ready(next);
                }
                if banner.is_none() {
                    // Placed: the rest passes through as it is, up to the tail.
                    if tail.is_none() {
                        return poll_bytes(inner, cx);
                    }
                    match ready!(poll_bytes(inner.as_mut(), cx)) {
                        Some(Ok(frame)) if frame.is_data() => return Poll::Ready(Some(Ok(frame))),
                        Some(Err(failed)) => {
                            *tail = None;
                            end.done = true;
                            return Poll::Ready(Some(Err(failed)));
                        }
                        trailers => {
                            end.done = true;
                            ready.push_data(tail.take().unwrap_or_default());
                            ready.extend(trailers.and_then(Result::ok));
                            continue;
                        }
                    }
                }
                let frame = match ready!(poll_bytes(inner.as_mut(), cx)) {
                    Some(Ok(frame)) => frame,
                    // A broken body ends here: what it sent goes on, nothing of ours
                    // follows the error.
                    Some(Err(failed)) => {
                        *banner = None;
                        *tail = None;
                        end.done = true;
                        ready.push_data(std::mem::take(held));
                        end.error = Some(failed);
                        continue;
                    }
                    None => {
                        end.done = true;
                        // (0: a UTF-16 page is taken to be whole code units.)
                        finish(0, scanner, banner, filler_slot, held, tail, ready, None);
                        continue;
                    }
                };
                match frame.into_data() {
                    Ok(data) => step(scanner, banner, filler_slot, held, ready, data),
                    Err(trailers) => finish(
                        0,
                        scanner,
                        banner,
                        filler_slot,
                        held,
                        tail,
                        ready,
                        Some(trailers),
                    ),
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Passthrough { inner } => inner.is_end_stream(),
            Kind::Full { data } => data.is_none(),
            Kind::Gate { frames, end, .. } => end.is_over() && frames.is_empty(),
            Kind::Inject {
                inner,
                banner,
                held,
                tail,
                ready,
                end,
                ..
            } => {
                banner.is_none()
                    && tail.is_none()
                    && held.is_empty()
                    && ready.is_empty()
                    && end.error.is_none()
                    && (end.done || inner.is_end_stream())
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Passthrough { inner } => inner.size_hint(),
            Kind::Full { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |data| data.len() as u64))
            }
            Kind::Gate {
                inner,
                gate,
                banner,
                frames,
                end,
                ..
            } => {
                let queued: usize = frames
                    .iter()
                    .filter_map(Frame::data_ref)
                    .map(Bytes::len)
                    .sum();
                let pending = (queued
                    + gate.pending_len()
                    + banner.as_ref().map_or(0, BannerStage::pending_len))
                    as u64;
                let inner = if end.done {
                    SizeHint::with_exact(0)
                } else {
                    inner.size_hint()
                };
                let mut hint = SizeHint::new();
                hint.set_lower(inner.lower().saturating_add(pending));
                // Placeholders may add bytes: no upper bound then.
                if !gate.may_grow()
                    && let Some(upper) = inner.upper()
                {
                    hint.set_upper(upper.saturating_add(pending));
                }
                hint
            }
            Kind::Inject {
                inner,
                banner,
                held,
                tail,
                ready,
                end,
                ..
            } => {
                // The banner counts until placed, and then as the filler if it has none.
                let pending = banner.as_ref().map_or(0, Insert::len)
                    + held.len()
                    + tail.as_ref().map_or(0, Bytes::len)
                    + ready.data_len();
                let inner = if end.done {
                    SizeHint::with_exact(0)
                } else {
                    inner.size_hint()
                };
                let pending = pending as u64;
                let mut hint = SizeHint::new();
                hint.set_lower(inner.lower().saturating_add(pending));
                if let Some(upper) = inner.upper() {
                    hint.set_upper(upper.saturating_add(pending));
                }
                hint
            }
        }
    }
}
