//! The response body the layer hands back.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::scan::BodyTagScanner;

pin_project! {
    /// The body of every response that passes through [`ConsentService`]: the inner
    /// service's body untouched, the inner body with the consent banner injected after
    /// its `<body>` tag, or a body the layer wrote itself (the endpoint's answers).
    ///
    /// Injection keeps no bytes back: each frame is passed on as soon as it is scanned,
    /// the frame holding the tag is split without copying, and the banner goes out as a
    /// frame of its own. After it, frames pass through untouched; trailers and errors
    /// always do. Without a body tag the banner ends the document (before trailers). After
    /// an error from the inner body nothing more is sent.
    ///
    /// [`ConsentService`]: crate::ConsentService
    #[derive(Debug)]
    pub struct ConsentBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    #[derive(Debug)]
    enum Kind<B> {
        Passthrough {
            #[pin]
            inner: B,
        },
        Inject {
            #[pin]
            inner: B,
            scanner: BodyTagScanner,
            // `Some` until sent.
            banner: Option<Bytes>,
            // The banner goes out on the next poll (the tag was found, or the end came).
            banner_next: bool,
            // A frame to send right after the banner: the rest of the chunk that held
            // the tag, or the trailers that ended a body without a tag.
            after_banner: Option<Frame<Bytes>>,
            inner_done: bool,
        },
        Full {
            data: Option<Bytes>,
        },
    }
}

impl<B> ConsentBody<B> {
    /// The inner body, every frame, size hint and trailer as it was.
    pub(crate) fn passthrough(inner: B) -> Self {
        Self {
            kind: Kind::Passthrough { inner },
        }
    }

    /// The inner body with `banner` injected after the `<body>` tag.
    pub(crate) fn inject(inner: B, banner: Bytes) -> Self {
        Self {
            kind: Kind::Inject {
                inner,
                scanner: BodyTagScanner::default(),
                banner: Some(banner),
                banner_next: false,
                after_banner: None,
                inner_done: false,
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

impl<B> Body for ConsentBody<B>
where
    B: Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Passthrough { inner } => inner.poll_frame(cx),
            KindProj::Full { data } => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
            KindProj::Inject {
                mut inner,
                scanner,
                banner,
                banner_next,
                after_banner,
                inner_done,
            } => loop {
                if banner.is_none() {
                    if let Some(frame) = after_banner.take() {
                        return Poll::Ready(Some(Ok(frame)));
                    }
                    if *inner_done {
                        return Poll::Ready(None);
                    }
                    return inner.poll_frame(cx);
                }
                if *banner_next {
                    *banner_next = false;
                    return Poll::Ready(banner.take().map(|banner| Ok(Frame::data(banner))));
                }
                let frame = match ready!(inner.as_mut().poll_frame(cx)) {
                    Some(Ok(frame)) => frame,
                    // A broken body ends here: nothing of ours follows the error.
                    Some(Err(error)) => {
                        *banner = None;
                        *inner_done = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                    None => {
                        *inner_done = true;
                        *banner_next = true;
                        continue;
                    }
                };
                let mut data = match frame.into_data() {
                    Ok(data) => data,
                    Err(trailers) => {
                        *after_banner = Some(trailers);
                        *banner_next = true;
                        continue;
                    }
                };
                if let Some(end_of_tag) = scanner.feed(&data) {
                    let head = data.split_to(end_of_tag);
                    if !data.is_empty() {
                        *after_banner = Some(Frame::data(data));
                    }
                    *banner_next = true;
                    return Poll::Ready(Some(Ok(Frame::data(head))));
                }
                return Poll::Ready(Some(Ok(Frame::data(data))));
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Passthrough { inner } => inner.is_end_stream(),
            Kind::Full { data } => data.is_none(),
            Kind::Inject {
                inner,
                banner,
                after_banner,
                inner_done,
                ..
            } => {
                banner.is_none() && after_banner.is_none() && (*inner_done || inner.is_end_stream())
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Passthrough { inner } => inner.size_hint(),
            Kind::Full { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |data| data.len() as u64))
            }
            Kind::Inject {
                inner,
                banner,
                after_banner,
                inner_done,
                ..
            } => {
                let pending = banner.as_ref().map_or(0, Bytes::len)
                    + after_banner
                        .as_ref()
                        .and_then(Frame::data_ref)
                        .map_or(0, Bytes::len);
                let inner = if *inner_done {
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
