//! Any document, cut at fuzzer-chosen boundaries: the banner lands at the same offset as
//! for the whole document, once, and the output less the banner is the input; or, where
//! the whole document has no place for it, the output is the input and a filler as long
//! as the banner.
#![no_main]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{banner_offset, inject};

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

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.iter().map(Bytes::len).sum::<usize>() as u64)
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

    let whole = banner_offset(document);
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
    let expected_len = document.len() + BANNER.len();
    while let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut cx) {
        let data = frame.unwrap().into_data().unwrap();
        if data.as_ref() == BANNER {
            banner_frames += 1;
            assert_eq!(
                Some(out.len()),
                whole,
                "the banner goes where the whole document puts it"
            );
            continue;
        }
        out.extend_from_slice(&data);
        // What the size hint promised, exactly.
        let left = body.size_hint().exact();
        let sent = out.len() + banner_frames * BANNER.len();
        assert_eq!(left, Some((expected_len - sent) as u64));
    }
    match whole {
        Some(_) => {
            assert_eq!(banner_frames, 1);
            assert_eq!(out, document);
        }
        None => {
            assert_eq!(banner_frames, 0);
            let (page, filler) = out.split_at(document.len());
            assert_eq!(page, document);
            // UTF-16 spaces follow the page's code units (a page of odd length ends
            // on half a unit, which the filler's first byte completes), and a filler
            // ending on half a unit ends with a space.
            let unit: &[u8] = match document {
                [0xFF, 0xFE, ..] => b" \0",
                [0xFE, 0xFF, ..] => b"\0 ",
                _ => b"  ",
            };
            let phase = document.len() % 2;
            let mut expected: Vec<u8> = (0..BANNER.len())
                .map(|offset| unit[(phase + offset) % 2])
                .collect();
            if unit != b"  " && (document.len() + BANNER.len()) % 2 == 1 {
                *expected.last_mut().unwrap() = b' ';
            }
            // A page cut right after an end tag's name (`<style>x</style`) gets a NUL
            // first, so that the spaces do not complete the tag.
            let letters = document
                .iter()
                .rev()
                .take_while(|byte| byte.is_ascii_alphabetic())
                .count();
            let after_end_tag_name =
                letters > 0 && document[..document.len() - letters].ends_with(b"</");
            if unit == b"  " && filler.first() == Some(&0) {
                assert!(after_end_tag_name, "a NUL-led filler after {document:?}");
                expected[0] = 0;
            }
            assert_eq!(filler, expected);
        }
    }
    assert!(body.is_end_stream());
});
