//! Test bodies, once for every test, bench and fuzz target: a body of given frames, and
//! a reader that drains one. It needs only `bytes` and `http-body`, so that benches and
//! fuzz targets can include it with `#[path]`.
#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;

/// The error a [`Frames`] body can be told to fail with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyFailed(pub &'static str);

impl std::fmt::Display for BodyFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for BodyFailed {}

/// A response body that yields exactly these frames (data, trailers, errors), in order,
/// each ready at once.
pub struct Frames(pub std::collections::VecDeque<Result<http_body::Frame<Bytes>, BodyFailed>>);

impl Frames {
    /// Data frames cut from `bytes` at `cuts` (offsets, increasing).
    pub fn cut(bytes: &[u8], cuts: &[usize]) -> Self {
        let mut frames = std::collections::VecDeque::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
            frames.push_back(Ok(http_body::Frame::data(Bytes::copy_from_slice(
                &bytes[start..cut],
            ))));
            start = cut;
        }
        Self(frames)
    }
}

impl http_body::Body for Frames {
    type Data = Bytes;
    type Error = BodyFailed;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, BodyFailed>>> {
        std::task::Poll::Ready(self.0.pop_front())
    }
}

/// Everything a body yields, polled to the end (every frame must be ready at once).
pub fn drain<B: http_body::Body<Data = Bytes> + Unpin>(
    mut body: B,
) -> Vec<Result<http_body::Frame<Bytes>, B::Error>> {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut frames = Vec::new();
    loop {
        match std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            std::task::Poll::Ready(Some(frame)) => frames.push(frame),
            std::task::Poll::Ready(None) => return frames,
            std::task::Poll::Pending => panic!("test bodies are always ready"),
        }
    }
}

impl Frames {
    /// Data frames of these chunks, in order.
    pub fn data(chunks: impl IntoIterator<Item = Bytes>) -> Self {
        Self(
            chunks
                .into_iter()
                .map(|chunk| Ok(http_body::Frame::data(chunk)))
                .collect(),
        )
    }
}
