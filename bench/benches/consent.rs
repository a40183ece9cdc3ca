//! What the layer costs, each figure beside a baseline measured in the same run.
//!
//! - `decided_visitor`: a request with a 1 KB `Cookie` header (the consent cookie among 30
//!   others) and a response with 5 `Set-Cookie` headers, all kept, through `oneshot`:
//!   the bare service, a no-op layer, this layer, and a peer doing the same job with the
//!   `cookie` crate's jar and parser.
//! - `set_cookie_filter`: 5 and 50 `Set-Cookie` headers against 20 rules (exact names and
//!   prefixes), none or half dropped, beside a plain scan of the same headers.
//! - `first_visit`: injecting the banner into 4 KB, 100 KB and 10 MB pages sent as one
//!   chunk or as 1 KB chunks, beside passing the same frames through untouched, lol_html
//!   inserting the same banner, and collecting the body to insert it. Every variant
//!   starts by producing its frames from the page (a copy, as a server producing the body
//!   would), so the baseline is the cost of the body itself.
//!
//! - `gating`: 100 KB and 10 MB pages with 20 marked elements, in 8 KB chunks, gated for a
//!   visitor who granted everything (every element rewritten), beside passing the frames
//!   through and lol_html doing the same rewrite; and the same pages without a marked
//!   element, beside a memchr scan for `<` (the least any tokenizer must read). The peak
//!   memory each holds above its input is printed once per page (a counting allocator).
//!
//! Everything is ready at once, so futures are polled once with a no-op waker: no
//! runtime in the measurement.

#[path = "../../tests/common/body.rs"]
mod body;
#[path = "../../tests/common/oracle.rs"]
mod oracle;
#[path = "../../examples/demo/site.rs"]
#[allow(dead_code)]
mod site;

use std::convert::Infallible;
use std::future::{Future, Ready};
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use body::Frames;
use bytes::Bytes;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use http_body::Body;
use http_body_util::Empty;
use tower::{Layer, Service, ServiceExt};
use tower_cookie_consent::internals::{Granted, filter_set_cookies, inject};
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy};

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("everything here is ready at once"),
    }
}

// ---------------------------------------------------------------------------------------
// decided_visitor

const SET_COOKIES: [&str; 5] = [
    "customer_service_action_session=s3ss10n; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
    "rantSubmission=draft-42; Path=/; Max-Age=604800; SameSite=Lax",
    "_ga=GA1.1.1234567890.1764441482; Path=/; Max-Age=63072000; SameSite=Lax",
    "_gid=GA1.1.987654321.1764441482; Path=/; Max-Age=86400; SameSite=Lax",
    "_gcl_au=1.1.1234567890.1764441482; Path=/; Max-Age=7776000; SameSite=Lax",
];

fn app_response() -> Response<Empty<Bytes>> {
    let mut response = Response::new(Empty::new());
    for value in SET_COOKIES {
        response
            .headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static(value));
    }
    response
}

type App<B> =
    tower::util::ServiceFn<fn(Request<B>) -> Ready<Result<Response<Empty<Bytes>>, Infallible>>>;

fn app<B>() -> App<B> {
    fn answer<B>(_: Request<B>) -> Ready<Result<Response<Empty<Bytes>>, Infallible>> {
        std::future::ready(Ok(app_response()))
    }
    tower::service_fn(answer::<B> as fn(_) -> _)
}

/// A 1 KB `Cookie` header: 30 cookies, the consent cookie (granting everything) in the
/// middle.
fn cookie_header(consent: &str) -> HeaderValue {
    let mut pairs: Vec<String> = (0..30)
        .map(|n| format!("pref_{n:02}=v{}", "x".repeat(22)))
        .collect();
    pairs.insert(15, consent.to_owned());
    let header = pairs.join("; ");
    HeaderValue::from_str(&header).unwrap()
}

/// A consent cookie granting everything, as the endpoint records it under `policy`.
fn accept_all_cookie(policy: Policy) -> String {
    let service = ConsentLayer::new(policy).layer(app());
    let mut post = Request::post("/consent")
        .body(http_body_util::Full::new(Bytes::from_static(
            b"action=accept_all",
        )))
        .unwrap();
    post.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    let response = block_on(service.oneshot(post)).unwrap();
    let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

fn request(cookie: &HeaderValue) -> Request<Empty<Bytes>> {
    let mut request = Request::new(Empty::new());
    request.headers_mut().insert(COOKIE, cookie.clone());
    request
}

/// What a cookie-jar middleware does for the same job: every request cookie parsed into
/// a `CookieJar`, every `Set-Cookie` parsed with `cookie::Cookie::parse`.
mod peer {
    use super::*;
    use cookie::{Cookie, CookieJar};

    #[derive(Clone)]
    pub(super) struct PeerLayer {
        pub(super) rules: Arc<Rules>,
    }

    pub(super) struct Rules {
        pub(super) consent: String,
        pub(super) exact: Vec<(String, &'static str)>,
        pub(super) prefixes: Vec<(String, &'static str)>,
    }

    #[derive(Clone)]
    pub(super) struct Peer<S> {
        inner: S,
        rules: Arc<Rules>,
    }

    impl<S> Layer<S> for PeerLayer {
        type Service = Peer<S>;
        fn layer(&self, inner: S) -> Peer<S> {
            Peer {
                inner,
                rules: self.rules.clone(),
            }
        }
    }

    /// What handlers would read from the extensions.
    #[derive(Clone)]
    #[allow(dead_code)]
    pub(super) struct Granted(Vec<String>);

    impl Rules {
        fn allowed(&self, name: &str, granted: &[String]) -> bool {
            let category = self
                .exact
                .iter()
                .find(|(exact, _)| exact == name)
                .or_else(|| {
                    self.prefixes
                        .iter()
                        .find(|(prefix, _)| name.starts_with(prefix.as_str()))
                })
                .map(|(_, category)| *category);
            match category {
                Some("necessary") => true,
                Some(category) => granted.iter().any(|granted| granted == category),
                None => name == self.consent,
            }
        }
    }

    impl<S, B, R> Service<Request<B>> for Peer<S>
    where
        S: Service<Request<B>, Response = Response<R>>,
        S::Future: Unpin,
    {
        type Response = Response<R>;
        type Error = S::Error;
        type Future = PeerFuture<S::Future>;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
            self.inner.poll_ready(cx)
        }

        fn call(&mut self, mut request: Request<B>) -> Self::Future {
            let mut jar = CookieJar::new();
            for header in request.headers().get_all(COOKIE) {
                if let Ok(text) = header.to_str() {
                    for cookie in Cookie::split_parse(text).flatten() {
                        jar.add_original(cookie.into_owned());
                    }
                }
            }
            let granted: Vec<String> = jar
                .get(&self.rules.consent)
                .and_then(|cookie| cookie.value().split('.').nth(3).map(str::to_owned))
                .map(|categories| categories.split('+').map(str::to_owned).collect())
                .unwrap_or_default();
            request.extensions_mut().insert(Granted(granted.clone()));
            PeerFuture {
                inner: self.inner.call(request),
                rules: self.rules.clone(),
                granted,
            }
        }
    }

    pub(super) struct PeerFuture<F> {
        inner: F,
        rules: Arc<Rules>,
        granted: Vec<String>,
    }

    impl<F, R, E> Future for PeerFuture<F>
    where
        F: Future<Output = Result<Response<R>, E>> + Unpin,
    {
        type Output = Result<Response<R>, E>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let mut response = match Pin::new(&mut self.inner).poll(cx) {
                Poll::Ready(Ok(response)) => response,
                other => return other,
            };
            let kept: Vec<HeaderValue> = response
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter(|value| {
                    value
                        .to_str()
                        .ok()
                        .and_then(|text| Cookie::parse(text).ok())
                        .is_some_and(|cookie| self.rules.allowed(cookie.name(), &self.granted))
                })
                .cloned()
                .collect();
            let headers = response.headers_mut();
            headers.remove(SET_COOKIE);
            for value in kept {
                headers.append(SET_COOKIE, value);
            }
            Poll::Ready(Ok(response))
        }
    }
}

fn decided_visitor(c: &mut Criterion) {
    let mut group = c.benchmark_group("decided_visitor");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    let cookie = cookie_header(&accept_all_cookie(site::policy("127.0.0.1")));
    assert!(cookie.len() >= 1000, "{}", cookie.len());

    let bare = app::<Empty<Bytes>>();
    group.bench_function("bare service (baseline)", |b| {
        b.iter(|| black_box(block_on(bare.oneshot(request(&cookie)))))
    });
    let noop =
        tower::util::MapResponseLayer::new(std::convert::identity).layer(app::<Empty<Bytes>>());
    group.bench_function("no-op layer", |b| {
        b.iter(|| black_box(block_on(noop.clone().oneshot(request(&cookie)))))
    });
    let unsigned = site::policy_builder("127.0.0.1").build().unwrap();
    let unsigned_cookie = cookie_header(&accept_all_cookie(unsigned));
    let layered =
        ConsentLayer::new(site::policy_builder("127.0.0.1").build().unwrap()).layer(app());
    let response = block_on(layered.clone().oneshot(request(&unsigned_cookie))).unwrap();
    assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 5);
    group.bench_function("tower-cookie-consent", |b| {
        b.iter(|| black_box(block_on(layered.clone().oneshot(request(&unsigned_cookie)))))
    });
    let signed = ConsentLayer::new(site::policy("127.0.0.1")).layer(app());
    let response = block_on(signed.clone().oneshot(request(&cookie))).unwrap();
    assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 5);
    group.bench_function("tower-cookie-consent, signed cookie", |b| {
        b.iter(|| black_box(block_on(signed.clone().oneshot(request(&cookie)))))
    });
    let peer = peer::PeerLayer {
        rules: Arc::new(peer::Rules {
            consent: "cookie_consent".to_owned(),
            exact: vec![
                ("customer_service_action_session".to_owned(), "necessary"),
                ("rantSubmission".to_owned(), "functionality"),
                ("_ga".to_owned(), "performance"),
                ("_gid".to_owned(), "performance"),
                ("_gcl_au".to_owned(), "advertising"),
            ],
            prefixes: vec![("_hj".to_owned(), "performance")],
        }),
    }
    .layer(app());
    let response = block_on(peer.clone().oneshot(request(&cookie))).unwrap();
    assert_eq!(response.headers().get_all(SET_COOKIE).iter().count(), 5);
    group.bench_function("cookie-jar peer", |b| {
        b.iter(|| black_box(block_on(peer.clone().oneshot(request(&cookie)))))
    });
    group.finish();
}

// ---------------------------------------------------------------------------------------
// set_cookie_filter

/// 20 rules: 10 exact names and 10 prefixes over three categories.
fn twenty_rules() -> Policy {
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance())
        .category(Category::advertising());
    let categories = ["necessary", "functionality", "performance", "advertising"];
    for n in 0..10 {
        builder = builder
            .cookie(CookieRule::new(&format!("exact_{n}"), categories[n % 4]))
            .cookie(CookieRule::new(
                &format!("pre{n}_*"),
                categories[(n + 1) % 4],
            ));
    }
    builder.build().unwrap()
}

/// `count` headers cycling over the rules; with `half_dropped`, every other one is an
/// advertising cookie the visitor refused.
fn set_cookie_headers(count: usize, half_dropped: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for n in 0..count {
        let name = if half_dropped && n % 2 == 1 {
            "exact_3".to_owned() // advertising
        } else {
            ["exact_0", "exact_1", "pre0_x", "exact_2", "pre3_abc"][n % 5].to_owned()
        };
        let value = format!("{name}=value{n}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
        headers.append(SET_COOKIE, HeaderValue::from_str(&value).unwrap());
    }
    headers
}

fn set_cookie_filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("set_cookie_filter");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let policy = twenty_rules();
    let granted = Granted::new(&policy, &["functionality", "performance"]);
    for count in [5, 50] {
        let headers = set_cookie_headers(count, false);
        group.bench_with_input(
            BenchmarkId::new("plain scan (baseline)", count),
            &headers,
            |b, headers| {
                b.iter(|| {
                    let mut names = 0usize;
                    for value in headers.get_all(SET_COOKIE) {
                        let bytes = value.as_bytes();
                        names += memchr::memchr(b'=', bytes).unwrap_or(bytes.len());
                    }
                    black_box(names)
                })
            },
        );
        let mut kept = headers.clone();
        group.bench_with_input(BenchmarkId::new("none dropped", count), &count, |b, _| {
            b.iter(|| black_box(filter_set_cookies(&mut kept, &policy, granted)))
        });
        assert_eq!(kept.get_all(SET_COOKIE).iter().count(), count);
        let half = set_cookie_headers(count, true);
        group.bench_with_input(BenchmarkId::new("half dropped", count), &half, |b, half| {
            b.iter_batched_ref(
                || half.clone(),
                |headers| black_box(filter_set_cookies(headers, &policy, granted)),
                BatchSize::SmallInput,
            )
        });
        let mut check = half.clone();
        filter_set_cookies(&mut check, &policy, granted);
        assert_eq!(check.get_all(SET_COOKIE).iter().count(), count - count / 2);
    }
    group.finish();
}

// ---------------------------------------------------------------------------------------
// first_visit

/// A page shaped like a real one: a head of about 3.5 KB (metadata, an inline style, an
/// inline script that mentions `<body>`, a comment), then body content up to `size`.
fn page(size: usize) -> String {
    let mut page = String::with_capacity(size + 64);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>Products - Example Ltd</title>\n");
    for n in 0..12 {
        page.push_str(&format!(
            "<meta property=\"og:item{n}\" content=\"A description that is long enough to be real, item {n}\">\n"
        ));
    }
    for n in 0..6 {
        page.push_str(&format!(
            "<link rel=\"preload\" href=\"/static/font-{n}.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n"
        ));
    }
    page.push_str("<!-- analytics snippet: <body> tags in here are not the body -->\n<style>\n");
    for n in 0..15 {
        page.push_str(&format!(
            ".card-{n} > a:hover {{ color: #1d4ed8; margin: {n}px; }}\n"
        ));
    }
    page.push_str("</style>\n<script>\n");
    for n in 0..10 {
        page.push_str(&format!(
            "if (window.items && items.length > {n}) {{ document.title += \"<body>\" + {n}; }}\n"
        ));
    }
    page.push_str("</script>\n</head>\n<body class=\"page products\">\n<main>\n");
    let mut n = 0;
    while page.len() + 200 < size {
        page.push_str(&format!(
            "<section class=\"card-{}\"><h2>Product {n}</h2><p>A paragraph about the product, \
             with a <a href=\"/products/{n}\">link</a> and some more words.</p></section>\n",
            n % 15
        ));
        n += 1;
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// The page's frames, produced by copying it (the work a server does to send a body).
fn frames(page: &[u8], chunk: usize) -> Frames {
    Frames::data(chunks(page, chunk))
}

/// The page's chunks, copied.
fn chunks(page: &[u8], chunk: usize) -> impl Iterator<Item = Bytes> {
    page.chunks(chunk).map(Bytes::copy_from_slice)
}

fn drain<B: Body<Data = Bytes> + Unpin>(mut body: B) -> usize
where
    B::Error: std::fmt::Debug,
{
    let mut cx = Context::from_waker(Waker::noop());
    let mut total = 0;
    while let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut cx) {
        total += black_box(frame.unwrap().into_data().unwrap()).len();
    }
    total
}

fn lol_html_insert(page: &[u8], chunk: usize, banner: &str) -> usize {
    let frames: Vec<Bytes> = chunks(page, chunk).collect();
    let output = oracle::insert_banner(&frames, banner);
    black_box(output).len()
}

fn collect_and_insert(page: &[u8], chunk: usize, banner: &str) -> usize {
    let mut collected = Vec::new();
    for frame in chunks(page, chunk) {
        collected.extend_from_slice(&frame);
    }
    let mut text = String::from_utf8(collected).unwrap();
    let start = text.find("<body").unwrap_or(text.len());
    let at = text[start..]
        .find('>')
        .map_or(text.len(), |end| start + end + 1);
    text.insert_str(at, banner);
    black_box(Bytes::from(text)).len()
}

fn first_visit(c: &mut Criterion) {
    // The demo's default banner, as a first visit gets it.
    let layered = ConsentLayer::new(site::policy("127.0.0.1"));
    let mut service = layered.layer(tower::service_fn(|_: Request<Empty<Bytes>>| {
        let mut response = Response::new(Frames::data([Bytes::from_static(b"<body>")]));
        response
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("text/html"));
        std::future::ready(Ok::<_, Infallible>(response))
    }));
    let response = block_on(service.call(Request::new(Empty::new()))).unwrap();
    let mut body = Vec::new();
    let mut cx = Context::from_waker(Waker::noop());
    let mut response_body = response.into_body();
    while let Poll::Ready(Some(frame)) = Pin::new(&mut response_body).poll_frame(&mut cx) {
        body.extend_from_slice(&frame.unwrap().into_data().unwrap());
    }
    // (The demo's policy has Consent Mode on: its default goes before the body.)
    let body_at = body.windows(6).position(|w| w == b"<body>").unwrap();
    let banner = String::from_utf8(body[body_at + b"<body>".len()..].to_vec()).unwrap();
    let banner_bytes = Bytes::from(banner.clone());

    let mut group = c.benchmark_group("first_visit");
    group.warm_up_time(Duration::from_secs(1));
    for (label, size) in [
        ("4KB", 4 * 1024),
        ("100KB", 100 * 1024),
        ("10MB", 10 * 1024 * 1024),
    ] {
        let page = page(size);
        let bytes = page.as_bytes();
        // Every variant must agree on the output.
        let injected = drain(inject(frames(bytes, 1024), banner_bytes.clone()));
        assert_eq!(injected, bytes.len() + banner.len());
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if size >= 10 * 1024 * 1024 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(8));
        } else {
            group.sample_size(50);
            group.measurement_time(Duration::from_secs(3));
        }
        for (chunking, chunk) in [("one chunk", bytes.len()), ("1KB chunks", 1024)] {
            let id = |variant: &str| BenchmarkId::new(format!("{label} {chunking}"), variant);
            group.bench_function(id("pass-through (baseline)"), |b| {
                b.iter(|| drain(frames(bytes, chunk)))
            });
            group.bench_function(id("inject"), |b| {
                b.iter(|| drain(inject(frames(bytes, chunk), banner_bytes.clone())))
            });
            group.bench_function(id("lol_html"), |b| {
                b.iter(|| lol_html_insert(bytes, chunk, &banner))
            });
            group.bench_function(id("collect and insert"), |b| {
                b.iter(|| collect_and_insert(bytes, chunk, &banner))
            });
        }
    }
    group.finish();
}

// ---------------------------------------------------------------------------------------
// gating

/// Counts live heap bytes and their peak, for the memory figures (relaxed atomics: the
/// cost is the same for every variant measured).
struct PeakAlloc;

static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn grow(size: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl std::alloc::GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        grow(new_size);
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: PeakAlloc = PeakAlloc;

/// The peak of live heap bytes above what was live before `work`.
fn peak_above<T>(work: impl FnOnce() -> T) -> (T, usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let result = work();
    (result, PEAK.load(Relaxed) - before)
}

/// The 20 marked elements: 4 scripts in the head, 16 embeds, images, links and
/// `<noscript>` pixels spread through the body.
const HEAD_MARKS: [&str; 4] = [
    r#"<script type="text/plain" data-consent="performance" src="/static/analytics.js" async></script>"#,
    r#"<script type="text/plain" data-category="performance" src="/static/hotjar.js" async></script>"#,
    r#"<script type="text/plain" data-type="module" data-consent="functionality" src="/static/widgets.mjs"></script>"#,
    r#"<script type="text/plain" data-consent="advertising" src="/static/ads.js"></script>"#,
];
const BODY_MARKS: [&str; 4] = [
    r#"<iframe data-consent="advertising" data-src="/embed/player" width="560" height="315" title="Video"></iframe>"#,
    r#"<img data-consent="advertising" data-src="/static/pixel.gif?id=42" width="1" height="1" alt="">"#,
    r#"<link rel="stylesheet" data-consent="functionality" data-href="/static/widgets.css">"#,
    r#"<noscript data-consent="advertising"><img data-src="/static/pixel.gif?ns=1" alt=""></noscript>"#,
];

/// 20 unmarked trackers, as sites paste them: 4 in the head, 16 in the body.
const HEAD_TRACKERS: [&str; 4] = [
    r#"<link rel="preconnect" href="https://www.googletagmanager.com">"#,
    r#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>"#,
    r#"<script>(function(h,o){h._hjSettings={hjid:1,hjsv:6};})(window,document);</script>"#,
    r#"<script src="https://connect.facebook.net/en_US/fbevents.js" async></script>"#,
];
const BODY_TRACKERS: [&str; 4] = [
    r#"<iframe src="https://www.youtube.com/embed/x" width="560" height="315" title="Video"></iframe>"#,
    r#"<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" width="1" height="1" alt="">"#,
    r#"<link rel="dns-prefetch" href="https://static.hotjar.com">"#,
    r#"<noscript><img height="1" width="1" src="https://px.ads.linkedin.com/collect/?pid=1"></noscript>"#,
];

/// `page(size)` with `head` in its head and `body` spread through its body, 4 times.
fn with_elements(size: usize, head: [&str; 4], body: [&str; 4]) -> String {
    let plain = page(size);
    let head_end = plain.find("</head>").unwrap();
    let mut marked = String::with_capacity(plain.len() + 4096);
    marked.push_str(&plain[..head_end]);
    for mark in head {
        marked.push_str(mark);
        marked.push('\n');
    }
    let body_part = &plain[head_end..];
    let sections: Vec<usize> = body_part
        .match_indices("</section>\n")
        .map(|(at, _)| at + 11)
        .collect();
    let mut from = 0;
    for n in 0..16 {
        let at = sections[(n + 1) * sections.len() / 17];
        marked.push_str(&body_part[from..at]);
        marked.push_str(body[n % 4]);
        marked.push('\n');
        from = at;
    }
    marked.push_str(&body_part[from..]);
    marked
}

/// `page(size)` with the 20 marked elements.
fn marked_page(size: usize) -> String {
    with_elements(size, HEAD_MARKS, BODY_MARKS)
}

/// A body that copies its frames from the page one at a time, as a server producing
/// the page would (so that peak memory is not the whole page held up front).
struct LazyFrames<'p> {
    page: &'p [u8],
    at: usize,
    chunk: usize,
}

impl Body for LazyFrames<'_> {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        if self.at >= self.page.len() {
            return Poll::Ready(None);
        }
        let end = (self.at + self.chunk).min(self.page.len());
        let frame = Bytes::copy_from_slice(&self.page[self.at..end]);
        self.at = end;
        Poll::Ready(Some(Ok(http_body::Frame::data(frame))))
    }
}

fn lazy(page: &[u8], chunk: usize) -> LazyFrames<'_> {
    LazyFrames { page, at: 0, chunk }
}

/// The baseline of a whole read: one `memchr` search over each frame, each `<` counted.
fn memchr_scan(page: &[u8], chunk: usize) -> usize {
    chunks(page, chunk)
        .map(|chunk| memchr::memchr_iter(b'<', black_box(&chunk)).count())
        .sum()
}

/// lol_html rewriting `page`, fed in frames of `chunk` bytes, with `handlers`; its output
/// is counted and dropped, as the layer's frames are.
fn lol_html_rewrite<'h>(
    page: &[u8],
    chunk: usize,
    handlers: Vec<(
        std::borrow::Cow<'h, lol_html::Selector>,
        lol_html::ElementContentHandlers<'h>,
    )>,
) -> usize {
    let mut output = 0;
    let mut rewriter = lol_html::HtmlRewriter::new(
        lol_html::Settings {
            element_content_handlers: handlers,
            ..lol_html::Settings::new()
        },
        |bytes: &[u8]| output += black_box(bytes).len(),
    );
    for frame in chunks(page, chunk) {
        rewriter.write(&frame).unwrap();
    }
    rewriter.end().unwrap();
    output
}

/// lol_html activating the same elements (it rewrites the tags whole); its output is
/// counted and dropped, as the layer's frames are.
fn lol_html_gate(page: &[u8], chunk: usize) -> usize {
    use lol_html::element;
    let rename = |el: &mut lol_html::html_content::Element<'_, '_>, from: &str, to: &str| {
        if let Some(value) = el.get_attribute(from)
            && !el.has_attribute(to)
        {
            el.remove_attribute(from);
            el.set_attribute(to, &value).unwrap();
        }
    };
    lol_html_rewrite(
        page,
        chunk,
        vec![element!(
            "script[data-consent], script[data-category], iframe[data-consent], \
                 iframe[data-category], img[data-consent], img[data-category], \
                 link[data-consent], link[data-category]",
            |el| {
                match el.tag_name().as_str() {
                    "script" => {
                        el.remove_attribute("type");
                        rename(el, "data-type", "type");
                        rename(el, "data-src", "src");
                    }
                    "link" => rename(el, "data-href", "href"),
                    _ => {
                        rename(el, "data-src", "src");
                        rename(el, "data-srcset", "srcset");
                    }
                }
                Ok(())
            }
        )],
    )
}

/// lol_html doing automatic gating's rewrite for a visitor who refused everything: an
/// element loading from a known tracker (the crate's table) has its URL moved to its
/// inert attribute, and an inline script holding a known snippet is blanked (its text
/// held up to its end, as the layer holds it).
fn lol_html_trackers(page: &[u8], chunk: usize) -> usize {
    use lol_html::html_content::ContentType;
    use lol_html::{element, text};
    use tower_cookie_consent::internals::{tracker_category_for_url, tracker_category_in_snippet};
    let inert = |el: &mut lol_html::html_content::Element<'_, '_>, from: &str, to: &str| {
        if let Some(url) = el.get_attribute(from)
            && tracker_category_for_url(url.as_bytes()).is_some()
        {
            el.remove_attribute(from);
            el.set_attribute(to, &url).unwrap();
        }
    };
    let held = std::cell::RefCell::new(String::new());
    lol_html_rewrite(
        page,
        chunk,
        vec![
            element!(
                "script[src], iframe[src], img[src], source[src], embed[src], \
                     audio[src], video[src]",
                |el| {
                    inert(el, "src", "data-src");
                    Ok(())
                }
            ),
            element!("link[href]", |el| {
                inert(el, "href", "data-href");
                Ok(())
            }),
            text!("script:not([src])", |chunk| {
                let mut held = held.borrow_mut();
                held.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let text = std::mem::take(&mut *held);
                    let sent = if tracker_category_in_snippet(text.as_bytes()).is_some() {
                        " ".repeat(text.len())
                    } else {
                        text
                    };
                    chunk.replace(&sent, ContentType::Html);
                } else {
                    chunk.remove();
                }
                Ok(())
            }),
        ],
    )
}

fn gating(c: &mut Criterion) {
    use tower_cookie_consent::Gating;
    use tower_cookie_consent::internals::gate_body;
    let policy = Arc::new(site::policy("127.0.0.1"));
    let all = Granted::new(&policy, &["functionality", "performance", "advertising"]);
    let settings = Gating::new();
    let gate = |page: &[u8], chunk: usize| {
        drain(gate_body(
            lazy(page, chunk),
            &policy,
            all,
            Some(&settings),
            None,
            None,
        ))
    };
    // A visitor who refused everything, the safety net off: read up to the head only.
    let none = Granted::new(&policy, &[]);
    let no_net = Gating::new().repair(false);
    let refused = |page: &[u8], chunk: usize| {
        drain(gate_body(
            lazy(page, chunk),
            &policy,
            none,
            Some(&no_net),
            Some("<script>gtag('consent','default',{})</script>"),
            None,
        ))
    };
    const CHUNK: usize = 8 * 1024;

    let mut group = c.benchmark_group("gating");
    group.warm_up_time(Duration::from_secs(1));
    // Automatic gating: the tracker stage over unmarked trackers, for a visitor who
    // refused them (they are made inert) and one who accepted all.
    let automatic = Gating::new().automatic(true);
    let automatic_policy = Arc::new(
        site::policy_builder("127.0.0.1")
            .gating(automatic.clone())
            .build()
            .unwrap(),
    );
    let tracked = |page: &[u8], chunk: usize, granted: Granted| {
        drain(gate_body(
            lazy(page, chunk),
            &automatic_policy,
            granted,
            Some(&automatic),
            None,
            None,
        ))
    };
    let automatic_all = Granted::new(
        &automatic_policy,
        &["functionality", "performance", "advertising"],
    );
    let automatic_none = Granted::new(&automatic_policy, &[]);
    // A real page nobody here wrote (tests/fixtures/: a 272 KB page of the Rust
    // Reference, 9,108 tags, 4,242 of them in inline SVG), read whole for a visitor who
    // granted everything, and through automatic gating; lol_html doing the marked
    // rewrite (nothing on it is marked) and automatic gating's.
    {
        let real = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/rust-reference-tokens.html"
        ))
        .unwrap();
        let page = &real[..];
        assert_eq!(gate(page, CHUNK), page.len());
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.sample_size(30);
        group.measurement_time(Duration::from_secs(3));
        let id = |variant: &str| BenchmarkId::new("rust-reference 272KB", variant);
        group.bench_function(id("pass-through (baseline)"), |b| {
            b.iter(|| drain(lazy(page, CHUNK)))
        });
        group.bench_function(id("memchr scan for '<'"), |b| {
            b.iter(|| memchr_scan(page, CHUNK))
        });
        group.bench_function(id("gate"), |b| b.iter(|| gate(page, CHUNK)));
        group.bench_function(id("automatic gating, refused all"), |b| {
            b.iter(|| tracked(page, CHUNK, automatic_none))
        });
        group.bench_function(id("lol_html"), |b| b.iter(|| lol_html_gate(page, CHUNK)));
        group.bench_function(id("lol_html, automatic gating's rewrite"), |b| {
            b.iter(|| lol_html_trackers(page, CHUNK))
        });
    }
    for (label, size) in [("100KB", 100 * 1024), ("10MB", 10 * 1024 * 1024)] {
        let marked = marked_page(size);
        let plain = page(size);
        let trackers = with_elements(size, HEAD_TRACKERS, BODY_TRACKERS);
        {
            let page = trackers.as_bytes();
            assert_eq!(tracked(page, CHUNK, automatic_none), page.len());
            group.throughput(Throughput::Bytes(page.len() as u64));
            let id =
                |variant: &str| BenchmarkId::new(format!("{label} 20 unmarked trackers"), variant);
            group.bench_function(id("memchr scan for '<'"), |b| {
                b.iter(|| memchr_scan(page, CHUNK))
            });
            group.bench_function(id("automatic gating, refused all"), |b| {
                b.iter(|| tracked(page, CHUNK, automatic_none))
            });
            group.bench_function(id("automatic gating, accepted all"), |b| {
                b.iter(|| tracked(page, CHUNK, automatic_all))
            });
            group.bench_function(id("lol_html, refused all"), |b| {
                b.iter(|| lol_html_trackers(page, CHUNK))
            });
        }
        for (kind, page) in [
            ("20 marked", marked.as_bytes()),
            ("no mark", plain.as_bytes()),
        ] {
            assert_eq!(gate(page, CHUNK), page.len(), "the gate keeps the length");
            let (_, gate_peak) = peak_above(|| gate(page, CHUNK));
            let (_, lol_peak) = peak_above(|| lol_html_gate(page, CHUNK));
            let (_, pass_peak) = peak_above(|| drain(lazy(page, CHUNK)));
            println!(
                "gating {label} {kind}, 8 KB chunks: peak heap above the input: gate {gate_peak} B, \
                 lol_html {lol_peak} B, pass-through {pass_peak} B"
            );
            group.throughput(Throughput::Bytes(page.len() as u64));
            if size >= 10 * 1024 * 1024 {
                group.sample_size(10);
                group.measurement_time(Duration::from_secs(6));
            } else {
                group.sample_size(30);
                group.measurement_time(Duration::from_secs(3));
            }
            let id = |variant: &str| BenchmarkId::new(format!("{label} {kind}"), variant);
            group.bench_function(id("pass-through (baseline)"), |b| {
                b.iter(|| drain(lazy(page, CHUNK)))
            });
            group.bench_function(id("memchr scan for '<'"), |b| {
                b.iter(|| memchr_scan(page, CHUNK))
            });
            group.bench_function(id("gate"), |b| b.iter(|| gate(page, CHUNK)));
            group.bench_function(id("gate, refused all, no safety net"), |b| {
                b.iter(|| refused(page, CHUNK))
            });
            if kind == "20 marked" {
                group.bench_function(id("lol_html"), |b| b.iter(|| lol_html_gate(page, CHUNK)));
            }
        }
    }
    group.finish();
}

// ---------------------------------------------------------------------------------------
// languages

/// A first visit's whole response (headers and the banner injected into a 4 KB page),
/// with one language offered and no `Accept-Language` (the baseline), and with the 24
/// bundled languages and a browser's header: what choosing a language per request
/// costs. Also what rendering every language costs when the layer is built.
fn languages(c: &mut Criterion) {
    let page = Bytes::from(page(4 * 1024));
    let served = |layer: ConsentLayer| {
        let page = page.clone();
        layer.layer(tower::service_fn(move |_: Request<Empty<Bytes>>| {
            let mut response = Response::new(Frames::data([page.clone()]));
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("text/html"));
            std::future::ready(Ok::<_, Infallible>(response))
        }))
    };
    let visit = |accept_language: Option<&'static str>| {
        let mut request = Request::new(Empty::<Bytes>::new());
        if let Some(value) = accept_language {
            request
                .headers_mut()
                .insert("accept-language", HeaderValue::from_static(value));
        }
        request
    };
    let policy = || site::policy_builder("127.0.0.1").build().unwrap();
    let english_only = served(ConsentLayer::new(
        site::policy_builder("127.0.0.1")
            .languages(["en"])
            .build()
            .unwrap(),
    ));
    let all = served(ConsentLayer::new(policy()));
    const BROWSER: &str = "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5";
    const ENGLISH_BROWSER: &str = "en-US,en;q=0.9";
    const NOTHING_OFFERED: &str = "ja-JP, ja;q=0.9, zh-Hant-TW;q=0.8, zh;q=0.7, ko;q=0.6, \
         th;q=0.5, vi;q=0.4, id;q=0.3, ms;q=0.2, tl;q=0.1";
    // One visit, its whole body read.
    fn shown<S, B>(service: &S, request: Request<Empty<Bytes>>) -> usize
    where
        S: Service<Request<Empty<Bytes>>, Response = Response<B>> + Clone,
        S::Error: std::fmt::Debug,
        B: Body<Data = Bytes> + Unpin,
        B::Error: std::fmt::Debug,
    {
        let response = block_on(service.clone().oneshot(request)).unwrap();
        drain(response.into_body())
    }
    let shown = |service: &_, header| shown(service, visit(header));
    assert!(shown(&english_only, None) > page.len());
    assert!(shown(&all, Some(BROWSER)) > page.len());

    let mut group = c.benchmark_group("languages");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("one language, no header (baseline)", |b| {
        b.iter(|| shown(&english_only, None))
    });
    group.bench_function("24 languages, no header", |b| b.iter(|| shown(&all, None)));
    group.bench_function("24 languages, en-US browser header", |b| {
        b.iter(|| shown(&all, Some(ENGLISH_BROWSER)))
    });
    // (French pages are longer: accented letters are written as character references.)
    group.bench_function("24 languages, fr-CH browser header", |b| {
        b.iter(|| shown(&all, Some(BROWSER)))
    });
    group.bench_function("24 languages, 10 ranges none offered", |b| {
        b.iter(|| shown(&all, Some(NOTHING_OFFERED)))
    });
    // What the layer costs at start: the policy alone, then the layer (every language's
    // banner rendered, twice each with Global Privacy Control in the demo's policy).
    group.bench_function("policy built (build baseline)", |b| {
        b.iter(|| black_box(policy()))
    });
    group.bench_function("layer built, 24 languages", |b| {
        b.iter(|| black_box(ConsentLayer::new(policy())))
    });
    group.finish();
}

criterion_group!(
    benches,
    decided_visitor,
    set_cookie_filter,
    first_visit,
    gating,
    languages
);
criterion_main!(benches);
