//! Any document, cut at fuzzer-chosen boundaries: the banner lands at the same offset as
//! for the whole document, once, and the output less the banner is the input.
#![no_main]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http_body::{Body, Frame};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{BodyTagScanner, inject};

const BANNER: &[u8] = b"<!--BANNER-->";

struct Frames(VecDeque<Bytes>);

impl Body for Frames {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|data| Ok(Frame::data(data))))
    }
}

fuzz_target!(|data: &[u8]| {
    // The first bytes choose the cuts; the rest is the document.
    let cut_count = usize::from(*data.first().unwrap_or(&0) % 8);
    let (cuts, document) = data
        .get(1..)
        .unwrap_or(&[])
        .split_at(cut_count.min(data.len().saturating_sub(1)));
    let mut offsets: Vec<usize> = cuts
        .iter()
        .map(|&cut| usize::from(cut) * 7 % (document.len() + 1))
        .collect();
    offsets.sort_unstable();

    let whole = BodyTagScanner::default().feed(document);
    let mut frames = VecDeque::new();
    let mut start = 0;
    for &cut in offsets.iter().chain(std::iter::once(&document.len())) {
        frames.push_back(Bytes::copy_from_slice(&document[start..cut]));
        start = cut;
    }
    let mut body = inject(Frames(frames), Bytes::from_static(BANNER));
    let mut out = Vec::new();
    let mut banner_frames = 0;
    let mut cx = Context::from_waker(Waker::noop());
    while let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut cx) {
        let data = frame.unwrap().into_data().unwrap();
        if data.as_ref() == BANNER {
            banner_frames += 1;
            let at = whole.unwrap_or(document.len());
            assert_eq!(
                out.len(),
                at,
                "the banner goes where the whole document puts it"
            );
            continue;
        }
        out.extend_from_slice(&data);
    }
    assert_eq!(banner_frames, 1);
    assert_eq!(out, document);
});
