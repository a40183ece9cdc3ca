//! Allocation counts on the hot paths, with a counting global allocator: Set-Cookie
//! filtering allocates nothing when every header is kept, whatever their number, and the
//! request side of a decided visitor allocates a fixed handful whatever the cookies.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};
use http_body::Body as _;
use http_body_util::Full;
use tower::service_fn;
use tower_cookie_consent::{Consent, ConsentLayer};
use tower_layer::Layer;
use tower_service::Service;

struct Counting;

thread_local! {
    // Per thread: the test harness runs other tests beside the measuring one.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn count_one(size: usize) {
    if COUNTING.with(Cell::get) {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        BYTES.with(|bytes| bytes.set(bytes.get() + size));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn counted<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let (result, allocations, _) = counted_bytes(work);
    (result, allocations)
}

/// The result, the number of allocations and the bytes they asked for.
fn counted_bytes<T>(work: impl FnOnce() -> T) -> (T, usize, usize) {
    ALLOCATIONS.with(|count| count.set(0));
    BYTES.with(|bytes| bytes.set(0));
    COUNTING.with(|counting| counting.set(true));
    let result = work();
    COUNTING.with(|counting| counting.set(false));
    (result, ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get))
}

struct Measured {
    request_side: usize,
    response_side: usize,
    set_cookies: usize,
}

/// Runs one request through the layer; the inner response is built before counting.
fn measure(cookie_header: &str, set_cookies: &[String], vary: Option<&'static str>) -> Measured {
    let mut response = Response::new(Full::new(Bytes::from_static(b"ok")));
    for value in set_cookies {
        let value = HeaderValue::from_str(value).unwrap();
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    if let Some(vary) = vary {
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static(vary));
    }
    let slot = Arc::new(Mutex::new(Some(response)));
    let inner = service_fn(move |_request: Request<Full<Bytes>>| {
        let response = slot.lock().unwrap().take().unwrap();
        std::future::ready(Ok::<_, Infallible>(response))
    });
    let mut service = ConsentLayer::new(common::policy()).layer(inner);
    let request = Request::get("/")
        .header(header::COOKIE, cookie_header)
        .body(Full::default())
        .unwrap();

    let (mut future, request_side) = counted(|| service.call(request));
    let mut cx = Context::from_waker(Waker::noop());
    let (poll, response_side) = counted(|| std::pin::Pin::new(&mut future).poll(&mut cx));
    let Poll::Ready(Ok(response)) = poll else {
        panic!("the inner service answers at once");
    };
    Measured {
        request_side,
        response_side,
        set_cookies: response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .count(),
    }
}

fn cookie_header(count: usize, consent: &str) -> String {
    let mut pairs: Vec<String> = (0..count).map(|n| format!("app_{n}=value{n:04}")).collect();
    pairs.insert(count / 2, consent.to_owned());
    pairs.join("; ")
}

#[test]
fn filtering_that_keeps_everything_allocates_nothing() {
    let all = common::consent("functionality+performance+advertising");
    let mut counts = Vec::new();
    for count in [1, 5, 50, 500, 5000] {
        // Undecided visitor, necessary cookies only: nothing dropped, no Vary needed.
        let necessary: Vec<String> = (0..count)
            .map(|n| format!("session=s{n}; Path=/"))
            .collect();
        let measured = measure("", &necessary, None);
        assert_eq!(measured.set_cookies, count);
        assert_eq!(
            measured.response_side, 0,
            "{count} necessary Set-Cookie headers"
        );

        // A visitor who accepted all, every category's cookies, Vary already present.
        let mixed: Vec<String> = ["session", "prefs", "_ga", "_hjId", "_gcl_au"]
            .iter()
            .cycle()
            .take(count)
            .map(|name| format!("{name}=v; Path=/; Max-Age=3600"))
            .collect();
        let measured = measure(&all, &mixed, Some("Accept-Encoding, Cookie"));
        assert_eq!(measured.set_cookies, count);
        assert_eq!(measured.response_side, 0, "{count} kept Set-Cookie headers");
        counts.push((count, measured.response_side));
    }
    println!("response-side allocations by Set-Cookie count: {counts:?}");
}

#[test]
fn dropping_allocates_only_then() {
    // One refused `Set-Cookie` dropped: the header map is rebuilt without it (and the
    // undeclared-name warning set remembers nothing new: `session` is declared).
    let refused = vec!["_ga=1".to_owned(), "session=1".to_owned()];
    let measured = measure("", &refused, Some("Cookie"));
    assert_eq!(measured.set_cookies, 1);
    let kept = measure("", &["session=1".to_owned()], Some("Cookie"));
    assert_eq!(kept.response_side, 0, "nothing dropped, nothing allocated");
    // Dropping costs a few allocations (the header map rebuilt, its table growing by
    // doubling), not one per header kept.
    let many: Vec<String> = std::iter::once("_ga=1".to_owned())
        .chain((0..50).map(|n| format!("session=v{n}")))
        .collect();
    let measured_many = measure("", &many, Some("Cookie"));
    assert_eq!(measured_many.set_cookies, 50);
    assert!(
        (1..=4).contains(&measured.response_side),
        "{} allocations to drop one header",
        measured.response_side
    );
    assert!(
        measured_many.response_side <= 16,
        "{} allocations to drop one header among 51",
        measured_many.response_side
    );
}

#[test]
fn the_request_side_allocates_a_fixed_handful() {
    let all = common::consent("functionality+performance+advertising");
    let mut seen = Vec::new();
    for count in [0, 30, 300, 3000] {
        let measured = measure(&cookie_header(count, &all), &[], None);
        seen.push(measured.request_side);
    }
    println!("request-side allocations for 0/30/300/3000 cookies: {seen:?}");
    assert!(seen.iter().all(|&count| count == seen[0]), "{seen:?}");
    // What they are: the `Consent` entry in the request's extensions, nothing else. The
    // baseline is what `http` itself allocates to insert one such value, measured here
    // rather than pinned, so that a new `http` release cannot fail this test.
    let consent = {
        let request = Request::get("/").body(Full::<Bytes>::default()).unwrap();
        let mut service = ConsentLayer::new(common::policy()).layer(service_fn(
            |request: Request<Full<Bytes>>| {
                let mut response = Response::new(Full::<Bytes>::default());
                let consent = request.extensions().get::<Consent>().cloned().unwrap();
                response.extensions_mut().insert(consent);
                std::future::ready(Ok::<_, Infallible>(response))
            },
        ));
        let mut future = service.call(request);
        let mut cx = Context::from_waker(Waker::noop());
        let Poll::Ready(Ok(response)) = std::pin::Pin::new(&mut future).poll(&mut cx) else {
            panic!("the inner service answers at once");
        };
        response.extensions().get::<Consent>().cloned().unwrap()
    };
    let (_, baseline) = counted(|| {
        let mut extensions = http::Extensions::new();
        extensions.insert(consent);
        extensions
    });
    assert_eq!(seen[0], baseline, "{seen:?}");
}

/// A first visit to a page of `size` bytes sent in 1 KB chunks (built before counting):
/// returns the banner's length, and the allocations and bytes the layer asked for while
/// answering and while the whole body streamed through.
fn inject_into_page(size: usize) -> (usize, usize, usize) {
    let mut page = b"<!doctype html><html><head><title>t</title></head><body>".to_vec();
    page.resize(size, b'x');
    let frames: std::collections::VecDeque<_> = page
        .chunks(1024)
        .map(|chunk| Ok(http_body::Frame::data(Bytes::copy_from_slice(chunk))))
        .collect();
    let mut response = Response::new(common::Frames(frames));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    let slot = Arc::new(Mutex::new(Some(response)));
    let inner = service_fn(move |_request: Request<Full<Bytes>>| {
        let response = slot.lock().unwrap().take().unwrap();
        std::future::ready(Ok::<_, Infallible>(response))
    });
    let mut service = ConsentLayer::new(common::policy()).layer(inner);
    let mut future = service.call(Request::get("/").body(Full::default()).unwrap());
    let mut cx = Context::from_waker(Waker::noop());
    let (streamed, allocations, bytes) = counted_bytes(|| {
        let Poll::Ready(Ok(response)) = std::pin::Pin::new(&mut future).poll(&mut cx) else {
            panic!("the inner service answers at once");
        };
        let mut body = response.into_body();
        let mut streamed = 0;
        while let Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            streamed += frame.unwrap().into_data().unwrap().len();
        }
        streamed
    });
    let banner_len = streamed - size;
    assert!(banner_len > 1000, "the banner was injected");
    (banner_len, allocations, bytes)
}

#[test]
fn injection_memory_does_not_grow_with_the_page() {
    let mut seen = Vec::new();
    for size in [4 * 1024, 100 * 1024, 10 * 1024 * 1024] {
        let (banner, allocations, bytes) = inject_into_page(size);
        println!(
            "{size} byte page: banner {banner} bytes; the layer allocated {allocations} times, \
             {bytes} bytes"
        );
        // The banner (one buffer), the header fixes and a little bookkeeping: the one
        // pass's state (its tokenizer, the stages and the queue of what is held) is one
        // box of about 1 KB, up from the banner scanner's few bytes before it.
        assert!(
            bytes <= banner + 2048,
            "{bytes} bytes for a {banner} byte banner"
        );
        seen.push((allocations, bytes));
    }
    assert!(seen.iter().all(|counts| *counts == seen[0]), "{seen:?}");
}

/// The allocations of a first visit's request side (the language chosen for its banner)
/// and of its response headers, for these `Accept-Language` lines.
fn first_visit_allocations(accept_language: &[&str]) -> (usize, Option<String>) {
    let mut response = Response::new(Full::new(Bytes::from_static(b"<p>hi")));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    let slot = Arc::new(Mutex::new(Some(response)));
    let inner = service_fn(move |_request: Request<Full<Bytes>>| {
        let response = slot.lock().unwrap().take().unwrap();
        std::future::ready(Ok::<_, Infallible>(response))
    });
    let mut service = ConsentLayer::new(common::policy()).layer(inner);
    let mut request = Request::get("/").body(Full::default()).unwrap();
    for line in accept_language {
        request.headers_mut().append(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(line).unwrap(),
        );
    }
    let (mut future, request_side) = counted(|| service.call(request));
    let mut cx = Context::from_waker(Waker::noop());
    let (poll, response_side) = counted(|| std::pin::Pin::new(&mut future).poll(&mut cx));
    let Poll::Ready(Ok(response)) = poll else {
        panic!("the inner service answers at once");
    };
    // The banner's `lang` (read after counting).
    let mut body = response.into_body();
    let mut page = Vec::new();
    while let Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
        page.extend_from_slice(&frame.unwrap().into_data().unwrap());
    }
    let page = String::from_utf8(page).unwrap();
    let language = page
        .split_once(" lang=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(language, _)| language.to_owned());
    (request_side + response_side, language)
}

#[test]
fn a_flood_of_malformed_language_ranges_costs_no_allocation() {
    // The red team's header: 300 KB of items with a bad weight, then a real range.
    let flood = format!("{}fr", "a;q=2,".repeat(50_000));
    let line = "a;q=2,".repeat(30);
    let (plain, plain_language) = first_visit_allocations(&["de"]);
    let (flooded, flooded_language) = first_visit_allocations(&[&flood]);
    let (lines, lines_language) = first_visit_allocations(&[&line, &line, &line, "fr"]);
    assert_eq!(plain_language.as_deref(), Some("de"));
    // Past the first 64 items nothing is read: the policy's language.
    assert_eq!(flooded_language.as_deref(), Some("en"));
    assert_eq!(lines_language.as_deref(), Some("en"));
    assert_eq!((flooded, lines), (plain, plain));
}

/// The red team's 30,000 refused cookies: the request side's work is linear in the
/// header and its memory capped (256 refused names are kept), so past the cap more names
/// allocate nothing more. (A wall-clock bound in a debug build on a shared machine
/// proved nothing; counting does.)
#[test]
fn refused_cookies_past_the_cap_cost_nothing_more() {
    let jar = |count: usize| {
        (0..count)
            .map(|n| format!("_hj{n}=1"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let counts: Vec<usize> = [300, 3_000, 30_000]
        .into_iter()
        .map(|count| measure(&jar(count), &[], None).request_side)
        .collect();
    assert_eq!(counts[1], counts[0], "{counts:?}");
    assert_eq!(counts[2], counts[0], "{counts:?}");
    // Under the cap, each refused name is one more entry: the count does grow there.
    let under = measure(&jar(100), &[], None).request_side;
    assert!(under < counts[0], "{under} < {counts:?}");
}

/// Cookie discovery on: once a request's names are kept, recording them again takes no
/// allocation (a few atomic additions), so the request side allocates what it does with
/// discovery off.
#[test]
fn discovery_records_known_names_without_allocating() {
    let all = common::consent("functionality+performance+advertising");
    let header = cookie_header(30, &all);
    let request_side = |layer: &ConsentLayer| {
        let inner = service_fn(|_request: Request<Full<Bytes>>| {
            std::future::ready(Ok::<_, Infallible>(Response::new(Full::<Bytes>::default())))
        });
        let mut service = layer.clone().layer(inner);
        let request = Request::get("/")
            .header(header::COOKIE, header.as_str())
            .body(Full::default())
            .unwrap();
        let (future, allocations) = counted(|| service.call(request));
        drop(future);
        allocations
    };
    let off = ConsentLayer::new(common::policy());
    let discovery = tower_cookie_consent::CookieDiscovery::new();
    let on = ConsentLayer::new(common::policy()).discover_cookies(discovery.clone());
    let first = request_side(&on);
    let known = request_side(&on);
    let baseline = request_side(&off);
    println!("request side: {baseline} without discovery, {first} then {known} with it");
    // The first sighting keeps 31 names (an allocation or two each).
    assert!(first >= baseline + 31, "{first} against {baseline}");
    assert_eq!(known, baseline);
    assert_eq!(discovery.snapshot().cookies.len(), 31);
}
