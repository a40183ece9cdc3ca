//! Banner injection into streamed bodies: every chunk boundary, judged by a spec tree
//! builder (html5ever: the page's tree is unchanged but for the banner, the body's first
//! child) and against lol_html as an oracle where the body starts at its tag, with
//! trailers, errors and size hints; and html5lib-tests' 1,497 tree-construction documents
//! (`conformance/html5lib-tests/`) judged the same way at several chunk sizes.

#[path = "../../tests/common/mod.rs"]
mod common;
mod dom;
mod html5lib;
#[path = "../../tests/common/oracle.rs"]
mod oracle;

use std::future::Future;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use common::*;
use http::{HeaderMap, Response};
use http_body::{Body, Frame};
use tower_cookie_consent::internals::{banner_offset, inject};
use tower_cookie_consent::{Banner, ConsentBody, ConsentLayer};
use tower_layer::Layer;
use tower_service::Service;

const MARK: &str = "<div id=\"BANNER\">BANNER</div>";

/// Built once: thousands of bodies go through it.
static LAYER: std::sync::LazyLock<ConsentLayer> = std::sync::LazyLock::new(|| {
    let policy = policy_builder()
        .banner(Banner::default().renderer(|_| MARK.to_owned()))
        .build()
        .unwrap();
    ConsentLayer::new(policy)
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

/// Small hand-written documents whose body starts at their `<body>` tag: every single
/// cut, every pair of cuts, and byte by byte, against lol_html.
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
        "<meta content=\"<body>\"><body a=b=\"c>x\">y",
        "<body>",
        "<?x <body><body>x",
        "<script><</</s</sc<</script><body>x",
        "<head><noscript><body></noscript></head>\n<body>x",
        "<script><!--<script>'</script><body>'--></script><body>x",
    ];
    for document in documents {
        let expected = lol_html_output(document);
        assert_eq!(
            dom::check_banner_placed(document.as_bytes(), expected.as_bytes(), MARK),
            Ok(()),
            "{document:?}"
        );
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

/// Where lol_html (which appends the banner to a page without a `<body>` element, and
/// prepends it to the first `<body>` element it sees) was wrong: the body starts before
/// the tag, or without one. `|` marks where the banner goes.
#[test]
fn where_the_body_starts_before_its_tag() {
    let documents = [
        "|<p>no body</p>",
        "|<bodyx><xbody><body>x",
        "|<textarea><body></textarea><body\n>x",
        "<?x <body>|?><body>x",
        "<head><title>t</title></head>\n|<div><body>x",
    ];
    for marked in documents {
        let (before, after) = marked.split_once('|').unwrap();
        let document = format!("{before}{after}");
        let expected = format!("{before}{MARK}{after}");
        assert_ne!(expected, lol_html_output(&document), "{document:?}");
        let len = document.len();
        for a in 0..=len {
            check(&document, &expected, &[a]);
            for b in a..=len {
                check(&document, &expected, &[a, b]);
            }
        }
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
        "rust-doc-index.html",
        "rust-book-installation.html",
        "cargo-index.html",
        "rust-reference-tokens.html",
    ] {
        let page = fixture(name);
        let expected = lol_html_output(&page);
        assert_ne!(expected, page, "{name}");
        assert_eq!(
            dom::check_banner_placed(page.as_bytes(), expected.as_bytes(), MARK),
            Ok(()),
            "{name}"
        );
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

    // No body tag: the banner goes where the body starts.
    let mut body = Frames::cut(b"<p>x</p>", &[]);
    body.0.push_back(Ok(Frame::trailers(trailers.clone())));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(
        shapes,
        [&format!("data {MARK}"), "data <p>x</p>", "trailers abc"]
    );

    // A page that ends in its head: the banner ends the document, before the trailers.
    let mut body = Frames::cut(b"<title>x</title>", &[]);
    body.0.push_back(Ok(Frame::trailers(trailers.clone())));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(
        shapes,
        [
            "data <title>x</title>",
            &format!("data {MARK}"),
            "trailers abc"
        ]
    );

    // No place: the filler ends the document, before the trailers.
    let mut body = Frames::cut(b"<title>x", &[]);
    body.0.push_back(Ok(Frame::trailers(trailers.clone())));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    let filler = format!("data {}", " ".repeat(MARK.len()));
    assert_eq!(shapes, ["data <title>x", &filler, "trailers abc"]);

    // Bytes held back (`<scr` may be `<script>` or `<scrawl>`) go before the trailers.
    let mut body = Frames::cut(b"<head><scr", &[]);
    body.0.push_back(Ok(Frame::trailers(trailers)));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(
        shapes,
        [
            "data <head>",
            &format!("data {MARK}"),
            "data <scr",
            "trailers abc"
        ]
    );

    // An error before the tag ends the body there: nothing of ours follows it.
    let mut body = Frames::cut(b"<head>", &[]);
    body.0.push_back(Err(BodyFailed("before")));
    body.0
        .push_back(Ok(Frame::data(Bytes::from_static(b"<body>x"))));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(shapes, ["data <head>", "error before"]);

    // An error while bytes are held back: they go first, then the error.
    let mut body = Frames::cut(b"<head><scr", &[]);
    body.0.push_back(Err(BodyFailed("held")));
    let shapes: Vec<String> = drain(through_layer(body)).iter().map(describe).collect();
    assert_eq!(shapes, ["data <head>", "data <scr", "error held"]);

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

/// Documents that the red team found a changed tree in, and their kin: with and without
/// `<body>`, open elements at the end, raw text, foreign content, script escapes,
/// frameset documents, byte-order marks. Each is cut at every single boundary, every
/// pair of boundaries (for the short ones) and byte by byte; every cutting must give the
/// same bytes as the whole document, which the tree builder judges.
const CORPUS: &[&[u8]] = &[
    // With a body tag.
    b"<html><body>x</body></html>",
    b"\xEF\xBB\xBF<!DOCTYPE html><html><head><title>t</title></head><body>x",
    b"<head><noscript><body></noscript></head><body class=real>x",
    b"<head><noscript><body></noscript>text after it",
    b"<script><!--\ndocument.write('<script>x()</script><body class=a>');\n--></script><body>x",
    b"<script><!-- document.write('<body class=x>') --></script>x",
    b"<script><!--<script>document.write('</script><body>')</script>--></script><p>x",
    b"<script><!--<SCRIPT >a</script>-->b</script><body>",
    b"<template><body>t</body></template><body>x",
    b"<template><textarea></template></textarea></template><body>x",
    b"<meta content=\"<body>\"><body a=b=\"c>x\">y",
    // Without one: the body starts at text, a tag or an end tag.
    b"",
    b"x",
    b"<p>no body</p>",
    b"<!DOCTYPE html><title>T</title>Hello",
    b"<!DOCTYPE html>\n<html>\n<head>\n<title>t</title>\n</head>\n<div>x</div>",
    b"<head><title>t</title><textarea>unclosed",
    b"<head></head><form action=/x><input name=q>",
    b"<form><p>open form",
    b"<head><button>open button",
    b"<head><svg><circle r=1>",
    b"<svg><![CDATA[ a > <body>",
    b"<math><mi>x",
    b"<head><select><option>a",
    b"<plaintext><body>x",
    b"<head><template><p>t</template><p>x",
    b"</head><noscript><img src=a></noscript>",
    b"<html><head></head></body>x",
    b"</html>x",
    b"<head></br>x",
    b"<head></p></div><meta><p>x",
    b"<head><meta><bodyx><body>y",
    b"<head>&#32;<meta charset=utf-8>&#x9;<title>t</title>&Tab;&NewLine;&#13;<p>x",
    b"<head>&amp; x",
    b"<head>&#65;",
    b"<head><title>a</title>\r\n\t \x0c<p>",
    b"<head>\x0b",
    b"<head>\0x",
    b"\xEF\xBB<p>",
    b"\xFE<p>",
    b"<head><di",
    b"<head><",
    b"<head></",
    b"<head>&#32",
    b"<body",
    // Ending in the head: the banner ends the document.
    b"<html>\n<head>\n<base href=/>\n<link rel=stylesheet href=a.css>\n<bgsound><basefont>\n<noframes><p></noframes>\n</head>\n\n",
    b"<head><!-- c -->",
    b"<head></head>   ",
    // No place: the filler ends the document.
    b"<title>unclosed",
    b"<head><script>var a = 1;",
    b"<style>p{}",
    b"<!-- unclosed",
    b"<head><noscript><body>",
    b"<head><template><p>t",
    b"<head><script><!--<script></script>",
    b"<frameset><frame src=a></frameset>",
    // A frameset after content that cleared the frameset-ok flag is ignored: the banner.
    b"<div><template></template><frameset>",
    b"<p><template><frameset></template><frameset>",
    b"<input type type=hidden><frameset>",
    b"<input type/type=hidden><frameset>",
    b"<head><title>t</title></head><frameset cols=1><frame></frameset>",
    b"<body class=x",
    b"<!DOCTYPE html",
    b"<meta name=a content=\"b",
    b"\xFF\xFE<\0p\0>\0x\0",
    b"\xFE\xFF\0<\0p\0>\0x",
];

/// What the body sends for `document` cut at `cuts`, with `banner`: the frames' bytes
/// and where the banner frame was, if it was sent.
fn injected(document: &[u8], cuts: &[usize], banner: &'static str) -> (Vec<u8>, Option<usize>) {
    let frames = drain(inject(
        Frames::cut(document, cuts),
        Bytes::from_static(banner.as_bytes()),
    ));
    let mut output = Vec::new();
    let mut at = None;
    for frame in frames {
        let data = frame.unwrap().into_data().unwrap();
        if data.as_ref() == banner.as_bytes() {
            assert_eq!(at, None, "one banner; cuts {cuts:?}");
            at = Some(output.len());
        }
        output.extend_from_slice(&data);
    }
    (output, at)
}

/// The filler for a banner of `len` bytes in `document`.
fn filler_for(document: &[u8], len: usize) -> Vec<u8> {
    let unit: &[u8] = match document {
        [0xFF, 0xFE, ..] => b" \0",
        [0xFE, 0xFF, ..] => b"\0 ",
        _ => b" ",
    };
    let mut filler = unit.repeat(len / unit.len());
    filler.resize(len, b' ');
    filler
}

/// Judges the whole document's output, then checks every cutting gives the same bytes.
/// Returns how many cuttings were checked.
fn check_document(document: &[u8], banner: &'static str, pairs: bool) -> usize {
    let name = String::from_utf8_lossy(document);
    let (whole, at) = injected(document, &[], banner);
    assert_eq!(at, banner_offset(document), "{name:?}");
    match at {
        Some(at) => {
            let mut expected = document[..at].to_vec();
            expected.extend_from_slice(banner.as_bytes());
            expected.extend_from_slice(&document[at..]);
            assert_eq!(whole, expected, "{name:?}");
            if let Err(error) = dom::check_banner_placed(document, &whole, banner) {
                panic!("{name:?}: {error}");
            }
        }
        None => {
            let mut expected = document.to_vec();
            expected.extend_from_slice(&filler_for(document, banner.len()));
            assert_eq!(whole, expected, "{name:?}: the input and the filler");
            if let Err(error) = dom::check_filler(document, &whole) {
                panic!("{name:?}: {error}");
            }
        }
    }
    let mut cuttings = 1;
    let mut same = |cuts: &[usize]| {
        assert_eq!(
            injected(document, cuts, banner),
            (whole.clone(), at),
            "{name:?} cut at {cuts:?}"
        );
        cuttings += 1;
    };
    let len = document.len();
    for a in 0..=len {
        same(&[a]);
        if pairs {
            for b in a..=len {
                same(&[a, b]);
            }
        }
    }
    same(&(1..len).collect::<Vec<_>>());
    cuttings
}

#[test]
fn the_tree_is_unchanged_but_for_the_banner_at_every_boundary() {
    // Both parities of the banner's length: a UTF-16 filler differs for them.
    let odd: &'static str = Box::leak(
        dom::BANNER
            .replace("cookies.", "cookies!.")
            .into_boxed_str(),
    );
    let mut cuttings = 0;
    for document in CORPUS {
        for banner in [dom::BANNER, odd] {
            cuttings += check_document(document, banner, document.len() <= 100);
        }
    }
    println!(
        "{} documents, {cuttings} cuttings, each judged by the tree builder",
        CORPUS.len()
    );
}

#[test]
fn real_and_hand_written_pages_keep_their_tree() {
    let mut cuttings = 0;
    for (name, expected_place) in [
        ("rust-doc-index.html", Some("<body class=\"rustdoc\">")),
        ("rust-book-installation.html", Some("    <body>")),
        ("cargo-index.html", Some("    <body>")),
        ("rust-reference-tokens.html", Some("    <body>")),
        // Its `<textarea>` and `<BODYGUARD>` are not head elements: the body starts
        // there, before its `<BoDy …>` tag.
        ("tricky-head.html", Some("</noscript>\n")),
        ("no-body.html", Some("")),
        (
            "implied-body.html",
            Some("<!-- analytics without JavaScript -->\n"),
        ),
        ("frameset.html", None),
    ] {
        let page = fixture(name);
        let bytes = page.as_bytes();
        let at = banner_offset(bytes);
        match (at, expected_place) {
            (Some(at), Some(before)) => {
                assert!(
                    page[..at].ends_with(before),
                    "{name}: {:?}",
                    &page[at.saturating_sub(80)..at]
                );
            }
            (None, None) => {}
            _ => panic!("{name}: {at:?}"),
        }
        let (whole, placed) = injected(bytes, &[], dom::BANNER);
        assert_eq!(placed, at);
        match at {
            Some(_) => dom::check_banner_placed(bytes, &whole, dom::BANNER),
            None => dom::check_filler(bytes, &whole),
        }
        .unwrap_or_else(|error| panic!("{name}: {error}"));
        let place = at.unwrap_or(bytes.len());
        let near = (0..=(place + 64).min(bytes.len())).collect::<Vec<_>>();
        let far = (place + 64..bytes.len()).step_by(1009);
        for cut in near.into_iter().chain(far) {
            assert_eq!(
                injected(bytes, &[cut], dom::BANNER),
                (whole.clone(), at),
                "{name} at {cut}"
            );
            cuttings += 1;
        }
        for size in [1, 7, 64, 1024, 4096] {
            let cuts: Vec<usize> = (size..bytes.len()).step_by(size).collect();
            assert_eq!(
                injected(bytes, &cuts, dom::BANNER),
                (whole.clone(), at),
                "{name} by {size}"
            );
            cuttings += 1;
        }
    }
    println!("8 pages, {cuttings} cuttings");
}

/// The judge has teeth: the old placement (the banner appended to a page without a
/// `<body>` tag, or after a `<body>` the tokenizer reads as text) changes these trees.
#[test]
fn the_judge_sees_what_the_old_placement_broke() {
    let appended = [
        "<head><title>t</title><textarea>unclosed",
        "<title>unclosed",
        "<head><script>var a = 1;",
        "<!-- unclosed",
        "<form><p>open form",
        "<head><button>open button",
        "<head><svg><circle r=1>",
        "<math><mi>x",
        "<head><select><option>a",
        "<head><template><p>t",
        "<plaintext>x",
    ];
    for document in appended {
        let output = format!("{document}{}", dom::BANNER);
        assert!(
            dom::check_banner_placed(document.as_bytes(), output.as_bytes(), dom::BANNER).is_err(),
            "{document:?}"
        );
    }
    // After the `<body>` the old scanner found inside a script's string.
    let document = "<script><!-- document.write('<script></script><body class=a>') --></script>x";
    let at = document.find("<body class=a>").unwrap() + "<body class=a>".len();
    let output = format!("{}{}{}", &document[..at], dom::BANNER, &document[at..]);
    assert!(dom::check_banner_placed(document.as_bytes(), output.as_bytes(), dom::BANNER).is_err());
    // Inside `<noscript>` in the head, which is raw text.
    let document = "<head><noscript><body></noscript>x";
    let output = format!("<head><noscript><body>{}</noscript>x", dom::BANNER);
    assert!(dom::check_banner_placed(document.as_bytes(), output.as_bytes(), dom::BANNER).is_err());
}

/// html5lib-tests' documents through the banner pass at chunk sizes 1, 7, 64 and whole:
/// every chunking sends the same bytes, and the tree builder finds each document's tree
/// with the banner as the body's first child, or, for a document without a body, its
/// tree with the inert filler (after a document cut right after a raw-text element's
/// end tag name, `<script></script`, a NUL leads the filler: a space would complete
/// the tag); gating on sends the same bytes. Every document is kept.
#[test]
fn html5lib_documents_keep_their_tree() {
    let documents = html5lib::documents();
    // The same pass with gating on (nothing in these documents is marked): the gate's
    // output goes through the banner's stage, which must place it alike.
    let policy = std::sync::Arc::new(policy());
    let gating = tower_cookie_consent::Gating::new();
    let gated = |document: &[u8], cuts: &[usize]| -> Vec<u8> {
        let body = tower_cookie_consent::internals::gate_body(
            Frames::cut(document, cuts),
            &policy,
            tower_cookie_consent::internals::Granted::new(&policy, &[]),
            Some(&gating),
            None,
            Some(Bytes::from_static(dom::BANNER.as_bytes())),
        );
        drain(body)
            .into_iter()
            .flat_map(|frame| frame.unwrap().into_data().unwrap())
            .collect()
    };
    let (mut placed, mut filled) = (0, 0);
    let mut unexpected = Vec::new();
    for (file, index, document) in &documents {
        let (whole, at) = injected(document, &[], dom::BANNER);
        for size in [1, 7, 64] {
            let cuts: Vec<usize> = (size..document.len()).step_by(size).collect();
            assert_eq!(
                injected(document, &cuts, dom::BANNER),
                (whole.clone(), at),
                "{file} #{index} by {size}"
            );
        }
        for cuts in [vec![], vec![document.len() / 2]] {
            assert_eq!(
                gated(document, &cuts),
                whole,
                "{file} #{index} gated, cut at {cuts:?}"
            );
        }
        let verdict = match at {
            Some(_) => dom::check_banner_placed(document, &whole, dom::BANNER),
            None => dom::check_filler(document, &whole),
        };
        match verdict {
            Ok(()) if at.is_some() => placed += 1,
            Ok(()) => filled += 1,
            Err(error) => unexpected.push(format!(
                "{file} #{index} {:?}: {error}",
                String::from_utf8_lossy(document)
            )),
        }
    }
    println!(
        "{} html5lib documents: {placed} keep their tree with the banner, {filled} with the \
         filler",
        documents.len(),
    );
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n\n"));
    assert_eq!(placed + filled, documents.len());
}

/// Documents whose body starts by content that leaves the frameset-ok flag set, and
/// whose `<frameset>` the scan does not see as the tree builder does: the banner is
/// placed, its text clears the flag, and the page's frames are never built (the judge
/// sees the tree change). Each is checked at every cut.
fn check_frameset_documents(documents: &[&[u8]]) {
    for document in documents {
        check_document(document, dom::BANNER, document.len() <= 100);
    }
}

/// Foreign content while watching (review finding 1): `<font>` with `color`, `face` or
/// `size` breaks out of SVG/MathML, and `annotation-xml` with an HTML `encoding` is an
/// HTML integration point (§13.2.6.5); a `<frameset>` after either replaces the body in
/// a browser, so the scan reads those attributes too.
#[test]
fn a_frameset_after_a_font_breakout_or_an_annotation_xml_point_is_seen() {
    check_frameset_documents(&[
        b"<svg><font color=red><frameset>",
        b"<div><math><font face=x><frameset><frame>",
        b"<math><annotation-xml encoding=\"text/html\"><frameset>",
        b"<math><annotation-xml encoding=application/xhtml+xml><frameset>",
    ]);
}

/// The tokenizer decodes character references in attribute values: `type=&#104;idden`
/// is `hidden` (the flag stays set, the frameset replaces the body). The scan does not
/// decode them: a `type` with a `&` keeps it watching (the filler where a frameset
/// follows), so that the banner never defeats a frameset.
#[test]
fn a_hidden_input_spelled_with_character_references_leaves_the_flag_set() {
    check_frameset_documents(&[
        b"<input type=&#104;idden><frameset>",
        b"<div><input type=\"hidd&#x65;n\"><frameset>",
        b"<div><input type='&#72;IDDEN'><frameset>",
        b"<div><input type=&#116;ext><frameset>",
    ]);
    // Without a frameset, the banner still takes the body's start.
    assert_eq!(banner_offset(b"<div><input type=&#104;idden>x"), Some(0));
}

/// `Foreign` tracks 256 nested foreign elements; deeper ones are taken as closed at
/// once. An integration point past that depth is lost, so a `<frameset>` inside it (HTML
/// rules: it replaces the body) is read as an SVG element and the banner is placed.
#[test]
#[ignore = "finding 3: an integration point deeper than foreign::MAX_DEPTH hides a frameset"]
fn a_frameset_in_a_deep_integration_point_is_seen() {
    let svg = format!("<div><svg>{}<foreignObject><frameset>", "<g>".repeat(256));
    let math = format!("<math>{}<mi><frameset>", "<mrow>".repeat(300));
    check_frameset_documents(&[svg.as_bytes(), math.as_bytes()]);
}

/// Past `WATCH_LIMIT` held bytes the banner takes the body's start, so a `<frameset>`
/// that comes after 4 KB of flag-neutral content (a comment, a script, whitespace) is
/// ignored because of the banner's text: the frames page renders as an empty body.
#[test]
#[ignore = "finding 4: a frameset after WATCH_LIMIT bytes is defeated by the banner"]
fn a_frameset_after_the_watch_limit_keeps_the_page_a_frameset() {
    let comment = format!("<div><!--{}--><frameset><frame>", "x".repeat(5000));
    let script = format!(
        "<p><script>var a = '{}';</script><frameset>",
        "y".repeat(5000)
    );
    check_frameset_documents(&[comment.as_bytes(), script.as_bytes()]);
}
