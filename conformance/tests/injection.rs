//! Banner injection into streamed bodies: every chunk boundary, against lol_html as an
//! oracle, with trailers, errors and size hints.

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/common/oracle.rs"]
mod oracle;

use std::future::Future;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use common::*;
use http::{HeaderMap, Response};
use http_body::{Body, Frame};
use tower_cookie_consent::{Banner, ConsentBody, ConsentLayer};
use tower_layer::Layer;
use tower_service::Service;

const MARK: &str = "<div id=\"banner\">BANNER</div>";

/// Built once: thousands of bodies go through it.
static LAYER: std::sync::LazyLock<ConsentLayer> = std::sync::LazyLock::new(|| {
    ConsentLayer::new(policy()).with_banner(Banner::default().renderer(|_| MARK.to_owned()))
});

/// Runs a first visit through the layer to an inner service answering with `body`, and
/// returns the body the browser would get.
fn through_layer<B>(body: B) -> ConsentBody<B>
where
    B: Body<Data = Bytes> + Send + 'static,
{
    through_layer_with(body, None)
}

/// [`through_layer`] for a visitor sending this `Cookie` header.
fn through_layer_with<B>(body: B, cookie: Option<&str>) -> ConsentBody<B>
where
    B: Body<Data = Bytes> + Send + 'static,
{
    let slot = std::sync::Mutex::new(Some(body));
    let inner = tower::service_fn(
        move |_request: http::Request<http_body_util::Empty<Bytes>>| {
            let body = slot.lock().unwrap().take().unwrap();
            let mut response = Response::new(body);
            response
                .headers_mut()
                .insert("content-type", "text/html".parse().unwrap());
            std::future::ready(Ok::<_, std::convert::Infallible>(response))
        },
    );
    let mut service = LAYER.layer(inner);
    let mut request = http::Request::get("/")
        .body(http_body_util::Empty::new())
        .unwrap();
    if let Some(cookie) = cookie {
        request
            .headers_mut()
            .insert(http::header::COOKIE, cookie.parse().unwrap());
    }
    let mut future = service.call(request);
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(Ok(response)) = std::pin::Pin::new(&mut future).poll(&mut cx) else {
        panic!("the inner service answers at once");
    };
    response.into_body()
}

/// The data frames the browser gets when `input` is cut at `cuts`.
fn frames_for(input: &[u8], cuts: &[usize]) -> Vec<Bytes> {
    drain(through_layer(Frames::cut(input, cuts)))
        .into_iter()
        .map(|frame| frame.unwrap().into_data().unwrap())
        .collect()
}

/// What lol_html makes of the page (see `oracle::insert_banner`).
fn lol_html_output(input: &str) -> String {
    String::from_utf8(oracle::insert_banner(&[input], MARK)).unwrap()
}

/// Checks one way of cutting `input`: the bytes equal the oracle's, the banner is one
/// frame of its own, and the output less the banner is the input, byte for byte.
fn check(input: &str, expected: &str, cuts: &[usize]) {
    let frames = frames_for(input.as_bytes(), cuts);
    let joined = frames.concat();
    assert_eq!(
        std::str::from_utf8(&joined).unwrap(),
        expected,
        "cuts {cuts:?}"
    );
    let banners: Vec<usize> = frames
        .iter()
        .enumerate()
        .filter(|(_, frame)| frame.as_ref() == MARK.as_bytes())
        .map(|(index, _)| index)
        .collect();
    assert_eq!(
        banners.len(),
        1,
        "the banner is one frame, once; cuts {cuts:?}"
    );
    let mut without = frames;
    without.remove(banners[0]);
    let without = without.concat();
    assert_eq!(without, input.as_bytes(), "nothing lost; cuts {cuts:?}");
}

fn fixture(name: &str) -> String {
    // The root's tests/fixtures/ (see its README).
    std::fs::read_to_string(format!(
        "{}/../tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Small hand-written documents: every single cut, every pair of cuts, and byte by byte.
#[test]
fn every_boundary_of_tricky_documents() {
    let documents = [
        "<html><body>x</body></html>",
        "<!doctype html><BODY class=\"a>b\">x",
        "<!-- <body> --><body data-x='<body>'>x",
        "<!--><body>x",
        "<!---><body>x",
        "<!-- a --!><body>x",
        "<script>'<body>'</script ><body>x",
        "<style>p{}</style/><title><body></title><body/>x",
        "<textarea><body></textarea><body\n>x",
        "<meta content=\"<body>\"><body a=b=\"c>x\">y",
        "<bodyx><xbody><body>x",
        "<p>no body</p>",
        "",
        "<body>",
        "<?x <body>?><body>x",
        "<script><</</s</sc<</script><body>x",
    ];
    for document in documents {
        let expected = lol_html_output(document);
        let len = document.len();
        check(document, &expected, &[]);
        for a in 0..=len {
            check(document, &expected, &[a]);
            for b in a..=len {
                check(document, &expected, &[a, b]);
            }
        }
        let singles: Vec<usize> = (1..len).collect();
        check(document, &expected, &singles);
    }
}

/// `<template>` content is skipped by our scanner (a template's `<body>` is not the
/// page's); lol_html matches elements inside templates, so these are checked by hand.
#[test]
fn template_content_is_not_the_body() {
    let document = "<template><body>no</body></template><body>x";
    let expected = format!("<template><body>no</body></template><body>{MARK}x");
    for cut in 0..=document.len() {
        check(document, &expected, &[cut]);
    }
}

/// Real pages: every cut up to well past the body tag, then every 1009th byte, and
/// fixed chunk sizes through the whole page.
#[test]
fn every_boundary_of_real_pages_agrees_with_lol_html() {
    for name in [
        "tricky-head.html",
        "no-body.html",
        "rust-doc-index.html",
        "rust-book-installation.html",
        "cargo-index.html",
        "rust-reference-tokens.html",
    ] {
        let page = fixture(name);
        let expected = lol_html_output(&page);
        assert_ne!(expected, page, "{name}");
        let tag_end = expected.find(MARK).unwrap();
        let near_tag = (0..=(tag_end + 64).min(page.len())).collect::<Vec<_>>();
        let far = (tag_end + 64..page.len()).step_by(1009);
        for cut in near_tag.into_iter().chain(far) {
            check(&page, &expected, &[cut]);
        }
        for size in [1, 7, 64, 1024, 4096] {
            let cuts: Vec<usize> = (size..page.len()).step_by(size).collect();
            check(&page, &expected, &cuts);
        }
        println!("{name}: {} bytes, tag ends at {tag_end}", page.len());
    }
}

#[test]
fn trailers_follow_the_banner_and_errors_pass_through() {
    let mut trailers = HeaderMap::new();
    trailers.insert("x-checksum", "abc".parse().unwrap());

    // A body tag, then trailers: untouched, after the data.
    let mut body = Frames::cut(b"<body>hi", &[3]);
    body.0.push_back(Ok(Frame::trailers(trailers.clone())));
    let frames = drain(through_layer(body));
    let shapes: Vec<String> = frames.iter().map(describe).collect();
    assert_eq!(
        shapes,
        [
            "data <bo",
            "data dy>",
            &format!("data {MARK}"),
            "data hi",
            "trailers abc"
        ]
    );

    // No body tag: the banner ends the document, before the trailers.
    let mut body = Frames::cut(b"<p>x</p>", &[]);
    body.0.push_back(Ok(Frame::trailers(trailers)));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(
        shapes,
        ["data <p>x</p>", &format!("data {MARK}"), "trailers abc"]
    );

    // An error before the tag ends the body there: nothing of ours follows it.
    let mut body = Frames::cut(b"<head>", &[]);
    body.0.push_back(Err(BodyFailed("before")));
    body.0
        .push_back(Ok(Frame::data(Bytes::from_static(b"<body>x"))));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(shapes, ["data <head>", "error before"]);

    // An error after the banner is passed on as it comes.
    let mut body = Frames::cut(b"<body>x", &[]);
    body.0.push_back(Err(BodyFailed("after")));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(
        shapes,
        [
            "data <body>",
            &format!("data {MARK}"),
            "data x",
            "error after"
        ]
    );
}

fn describe(frame: &Result<Frame<Bytes>, BodyFailed>) -> String {
    match frame {
        Ok(frame) => match frame.data_ref() {
            Some(data) => format!("data {}", String::from_utf8_lossy(data)),
            None => format!(
                "trailers {}",
                frame.trailers_ref().unwrap()["x-checksum"]
                    .to_str()
                    .unwrap()
            ),
        },
        Err(error) => format!("error {error}"),
    }
}

#[test]
fn size_hints_count_the_banner_until_it_is_sent() {
    let page = "<html><body>content</body></html>";
    let mut body = through_layer(http_body_util::Full::new(Bytes::from_static(
        page.as_bytes(),
    )));
    let total = (page.len() + MARK.len()) as u64;
    assert_eq!(body.size_hint().exact(), Some(total));
    assert!(!body.is_end_stream());
    let mut cx = Context::from_waker(Waker::noop());
    let mut sent = 0;
    while let Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
        sent += frame.unwrap().into_data().unwrap().len() as u64;
        assert_eq!(
            body.size_hint().exact(),
            Some(total - sent),
            "after {sent} bytes"
        );
    }
    assert_eq!(sent, total);
    assert!(body.is_end_stream());

    // A decided visitor's body is the inner one: the same hint, the same end.
    let decided = Some(consent("performance"));
    let untouched = through_layer_with(
        http_body_util::Full::new(Bytes::from_static(page.as_bytes())),
        decided.as_deref(),
    );
    assert_eq!(untouched.size_hint().exact(), Some(page.len() as u64));
    assert!(!untouched.is_end_stream());
    let empty = through_layer_with(http_body_util::Full::new(Bytes::new()), decided.as_deref());
    assert_eq!(empty.size_hint().exact(), Some(0));
    assert!(empty.is_end_stream());
}
