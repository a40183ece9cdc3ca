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
use http_body_util::Full;
use tower::service_fn;
use tower_cookie_consent::ConsentLayer;
use tower_layer::Layer;
use tower_service::Service;

struct Counting;

thread_local! {
    // Per thread: the test harness runs other tests beside the measuring one.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    if COUNTING.with(Cell::get) {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn counted<T>(work: impl FnOnce() -> T) -> (T, usize) {
    ALLOCATIONS.with(|count| count.set(0));
    COUNTING.with(|counting| counting.set(true));
    let result = work();
    COUNTING.with(|counting| counting.set(false));
    (result, ALLOCATIONS.with(Cell::get))
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
    let refused = vec!["_ga=1".to_owned(), "session=1".to_owned()];
    let measured = measure("", &refused, Some("Cookie"));
    assert_eq!(measured.set_cookies, 1);
    assert!(measured.response_side > 0);
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
    // The `Consent` entry in the request's extensions: the boxed map, its table, and
    // the boxed value. Nothing else.
    assert_eq!(seen[0], 3, "{seen:?}");
}
