//! The response body the layer hands back.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

#[cfg(feature = "__internals")]
use super::body_start::Insert;
use super::pass::Pass;

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
    /// read, split without copying where an insert goes, and each insert goes out as a
    /// frame of its own. Only when a frame ends inside a token that may or may not start
    /// the body (`<scrip`, `</bo`, `&#3`), or while the page is watched for a
    /// `<frameset>` (at most 4,096 bytes), are bytes held back until a later frame
    /// tells. After the banner, with nothing else to do, frames pass through unread;
    /// trailers and errors always do (trailers after the banner or filler, an error
    /// after the bytes held back before it). After an error from the inner body nothing
    /// more is sent.
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
        // The one pass over the page: the head insert, the banner, gating.
        Pass {
            #[pin]
            inner: B,
            pass: Box<Pass>,
            // Pieces ready to go, in order.
            ready: VecDeque<Bytes>,
            // The trailers, after the last piece.
            trailers: Option<Frame<Bytes>>,
            end: InnerEnd<B::Error>,
        },
        Full {
            data: Option<Bytes>,
        },
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

impl<B: Body> fmt::Debug for Kind<B>
where
    B: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Passthrough { inner } => {
                f.debug_struct("Passthrough").field("inner", inner).finish()
            }
            Self::Pass {
                inner, pass, end, ..
            } => f
                .debug_struct("Pass")
                .field("inner", inner)
                .field("pass", pass)
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
        Self::pass(inner, Pass::new(None, Some(banner.into()), None, None))
    }

    /// The inner body through the page pass.
    pub(crate) fn pass(inner: B, pass: Pass) -> Self {
        Self {
            kind: Kind::Pass {
                inner,
                pass: Box::new(pass),
                ready: VecDeque::new(),
                trailers: None,
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

/// How the inner body ended, as the poll loop keeps it: its error waits until every
/// byte read before it has gone out.
pub(crate) struct InnerEnd<E> {
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
    /// What the poll loop answers before it reads on: a piece it holds, then the
    /// trailers, then the inner body's error, then the end; `None`: read on.
    fn answer(
        &mut self,
        ready: &mut VecDeque<Bytes>,
        trailers: &mut Option<Frame<Bytes>>,
    ) -> Option<Option<Result<Frame<Bytes>, E>>> {
        while let Some(piece) = ready.pop_front() {
            if !piece.is_empty() {
                return Some(Some(Ok(Frame::data(piece))));
            }
        }
        if let Some(trailers) = trailers.take() {
            return Some(Some(Ok(trailers)));
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
            KindProj::Pass {
                mut inner,
                pass,
                ready,
                trailers,
                end,
            } => loop {
                if let Some(next) = end.answer(ready, trailers) {
                    return Poll::Ready(next);
                }
                match ready!(poll_bytes(inner.as_mut(), cx)) {
                    Some(Ok(frame)) => match frame.into_data() {
                        Ok(data) => pass.feed(data, ready),
                        Err(frame) => {
                            end.done = true;
                            pass.finish(ready);
                            *trailers = Some(frame);
                        }
                    },
                    // What was read goes on as it is; nothing of ours follows the error.
                    Some(Err(failed)) => {
                        end.done = true;
                        pass.abandon(ready);
                        end.error = Some(failed);
                    }
                    None => {
                        end.done = true;
                        pass.finish(ready);
                    }
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Passthrough { inner } => inner.is_end_stream(),
            Kind::Full { data } => data.is_none(),
            Kind::Pass {
                ready,
                trailers,
                end,
                ..
            } => end.is_over() && ready.iter().all(Bytes::is_empty) && trailers.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Passthrough { inner } => inner.size_hint(),
            Kind::Full { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |data| data.len() as u64))
            }
            Kind::Pass {
                inner,
                pass,
                ready,
                end,
                ..
            } => {
                let queued: usize = ready.iter().map(Bytes::len).sum();
                let pending = (queued + pass.pending_len()) as u64;
                let inner = if end.done {
                    SizeHint::with_exact(0)
                } else {
                    inner.size_hint()
                };
                let mut hint = SizeHint::new();
                hint.set_lower(inner.lower().saturating_add(pending));
                // Placeholders may add bytes: no upper bound then.
                if !pass.may_grow()
                    && let Some(upper) = inner.upper()
                {
                    hint.set_upper(upper.saturating_add(pending));
                }
                hint
            }
        }
    }
}
