//! Whatever a browser, a proxy, an attacker or the application sends: the exact outcome,
//! and what the inner service saw.

mod common;

use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use common::*;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body::Body as _;
use http_body_util::Full;
use tower::ServiceExt;
use tower_cookie_consent::{ConsentLayer, Undecided};
use tower_layer::Layer;
use tower_service::Service;

const FORM: &str = "application/x-www-form-urlencoded";

fn text(response: &Response<Bytes>) -> &str {
    std::str::from_utf8(response.body()).unwrap()
}

#[tokio::test]
async fn a_64_kb_cookie_header_with_1000_cookies() {
    let granted = consent("performance");
    let mut pairs: Vec<String> = (0..1000)
        .map(|n| format!("c{n:04}={}", "v".repeat(60)))
        .collect();
    pairs.insert(500, granted.clone());
    pairs.insert(10, "_gcl_au=refused".to_owned());
    let header = pairs.join("; ");
    assert!(header.len() >= 64 * 1024, "{}", header.len());
    let response = response_with(StatusCode::OK, &[("set-cookie", "_ga=1")]);
    let (response, seen) = send(policy(), get(&[&header]), response).await;
    let consent = seen.consent.unwrap();
    assert!(consent.is_decided() && consent.allows("performance"));
    // The refused advertising cookie is gone from what the application sees, the rest
    // is the header as sent.
    let expected = header.replace("_gcl_au=refused; ", "");
    assert_eq!(seen.cookie_headers, [expected]);
    assert_eq!(
        header_lines(response.headers()),
        lines_with(
            &["set-cookie: _ga=1", "vary: Cookie"],
            1,
            &[deleted("_gcl_au", "/page", &[])]
        )
    );
}

#[tokio::test]
async fn invalid_utf8_and_odd_bytes_in_cookies() {
    let cookie =
        HeaderValue::from_bytes(b"a=\xff\xfe; _ga=\x80\tx; __Host-cookie_consent=\xc3\x28")
            .unwrap();
    let mut request = get(&[]);
    request.headers_mut().append(header::COOKIE, cookie);
    let set_cookie = [
        ("set-cookie", "session=ok"),
        ("set-cookie", "_hjX=\u{fffd}"),
    ];
    let mut response = response_with(StatusCode::OK, &set_cookie);
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_bytes(b"prefs=\xff\xff; Path=/").unwrap(),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_bytes(b"\xffname=1").unwrap(),
    );
    let (response, seen) = send(policy(), request, response).await;
    assert_eq!(
        seen.consent.unwrap().undecided_reason(),
        Some(Undecided::Invalid)
    );
    assert_eq!(
        seen.cookie_headers,
        ["a=\u{fffd}\u{fffd}; __Host-cookie_consent=\u{fffd}("]
    );
    assert_eq!(
        header_lines(response.headers()),
        lines_with(
            &["set-cookie: session=ok", "vary: Cookie"],
            1,
            &[deleted("_ga", "/page", &[])]
        )
    );
}

#[tokio::test]
async fn odd_set_cookie_shapes() {
    let shapes = [
        ("set-cookie", "nameless"),
        ("set-cookie", "=empty-name"),
        ("set-cookie", "; Path=/"),
        ("set-cookie", "__Host-id=1; Secure; Path=/"),
        ("set-cookie", "__Secure-id=1; Secure"),
        (
            "set-cookie",
            "session=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        ),
        // A date that does not parse is no deletion; one with its usual comma is.
        (
            "set-cookie",
            "prefs=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT, x=y",
        ),
        (
            "set-cookie",
            "prefs=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ),
        ("set-cookie", "_ga=; Expires=Thu, 01-Jan-1970 00:00:00 GMT"),
    ];
    let (response, _) = send(policy(), get(&[]), response_with(StatusCode::OK, &shapes)).await;
    // Nameless and undeclared names are blocked; the necessary session passes, and the
    // deletions, in their canonical form.
    assert_eq!(
        header_lines(response.headers()),
        [
            "set-cookie: session=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
            format!("set-cookie: prefs=; {EPOCH}").as_str(),
            format!("set-cookie: _ga=; {EPOCH}").as_str(),
            "vary: Cookie",
        ]
    );
}

#[tokio::test]
async fn ten_thousand_set_cookie_headers() {
    let mut response = response_with(StatusCode::OK, &[]);
    for n in 0..10_000 {
        let name = if n % 2 == 0 { "session" } else { "_ga" };
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&format!("{name}={n}")).unwrap(),
        );
    }
    let (response, _) = send(policy(), get(&[]), response).await;
    let kept = values(response.headers(), "set-cookie");
    assert_eq!(kept.len(), 5_000);
    assert!(
        kept.iter()
            .enumerate()
            .all(|(n, value)| *value == format!("session={}", n * 2))
    );
}

#[tokio::test]
async fn a_one_megabyte_consent_cookie_is_undecided() {
    let huge = format!("__Host-cookie_consent={}", "1.".repeat(512 * 1024));
    let (_, seen) = send(policy(), get(&[&huge]), response_with(StatusCode::OK, &[])).await;
    assert_eq!(
        seen.consent.unwrap().undecided_reason(),
        Some(Undecided::Invalid)
    );
}

#[tokio::test]
async fn conflicting_consent_cookies_are_undecided() {
    let everything = consent("functionality+performance+advertising");
    let nothing = consent("");
    for cookies in [
        vec![everything.clone(), nothing.clone()],
        vec![format!("{nothing}; {everything}")],
        vec![everything.clone(), everything.clone()],
    ] {
        let cookies: Vec<&str> = cookies.iter().map(String::as_str).collect();
        let response = response_with(StatusCode::OK, &[("set-cookie", "_ga=1")]);
        let (response, seen) = send(policy(), get(&cookies), response).await;
        assert_eq!(
            seen.consent.unwrap().undecided_reason(),
            Some(Undecided::Invalid)
        );
        assert_eq!(header_lines(response.headers()), ["vary: Cookie"]);
    }
}

fn post(body: impl Into<Bytes>, content_type: &str) -> Request<Full<Bytes>> {
    Request::post("/consent")
        .header(header::CONTENT_TYPE, content_type)
        .body(Full::new(body.into()))
        .unwrap()
}

async fn answer(request: Request<Full<Bytes>>) -> Response<Bytes> {
    let (response, seen) = send(policy(), request, response_with(StatusCode::OK, &[])).await;
    assert_eq!(seen.calls, 0);
    response
}

#[tokio::test]
async fn forms_with_bad_encoding_repeats_and_many_fields() {
    // Invalid percent-encoding is kept as text (the WHATWG form decoder's rule).
    let response = answer(post("action=reject_all&return_to=%2", FORM)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let response = answer(post("action=acc%ZZept_all", FORM)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        text(&response),
        "The cookie choice form could not be read. (unknown action `acc%ZZept_all`; use accept_all, reject_all, opt_out, save or placeholder)\n"
    );
    let response = answer(post(
        "category=performance&category=performance&action=save",
        FORM,
    ))
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = answer(post("return_to=/a&return_to=/b&action=save", FORM)).await;
    assert_eq!(
        text(&response),
        "The cookie choice form could not be read. (the field `return_to` is given more than once)\n"
    );
    // 2,000 ignored fields fit in 8 KiB; 10,000 do not.
    let many = format!("action=accept_all{}", "&x=".repeat(2_000));
    assert_eq!(
        answer(post(many, FORM)).await.status(),
        StatusCode::SEE_OTHER
    );
    let too_many = format!("action=accept_all{}", "&x=".repeat(10_000));
    assert_eq!(
        answer(post(too_many, FORM)).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test]
async fn deeply_nested_json_is_refused() {
    let nested = format!(
        "{{\"categories\":{}{}}}",
        "[".repeat(4_000),
        "]".repeat(4_000)
    );
    let response = answer(post(nested, "application/json")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // The typed reader stops at the first wrong type: no deep recursion happens at all.
    assert_eq!(
        text(&response),
        "The cookie choice form could not be read. (invalid JSON: invalid type: sequence, expected a string at line 1 column 15)\n"
    );
    let deeper = "[".repeat(10_000);
    assert_eq!(
        answer(post(deeper, "application/json")).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct AppError(&'static str);

#[tokio::test]
async fn inner_errors_pass_through_unchanged() {
    let failing = tower::service_fn(|_: Request<Full<Bytes>>| async {
        Err::<Response<Full<Bytes>>, _>(AppError("database down"))
    });
    let service = ConsentLayer::new(policy()).layer(failing);
    let error = service.oneshot(get(&[&consent("")])).await.unwrap_err();
    assert_eq!(error, AppError("database down"));
}

#[tokio::test]
async fn a_panicking_inner_service_leaves_the_layer_usable() {
    let calls = Arc::new(AtomicUsize::new(0));
    let inner = {
        let calls = calls.clone();
        tower::service_fn(move |_: Request<Full<Bytes>>| {
            let first = calls.fetch_add(1, Ordering::SeqCst) == 0;
            async move {
                assert!(!first, "the application panics on its first request");
                Ok::<_, Infallible>(response_with(StatusCode::OK, &[("set-cookie", "_ga=1")]))
            }
        })
    };
    let service = ConsentLayer::new(policy()).layer(inner);
    let panicked = tokio::spawn(service.clone().oneshot(get(&[]))).await;
    assert!(panicked.unwrap_err().is_panic());
    let response = service.oneshot(get(&[])).await.unwrap();
    assert_eq!(header_lines(response.headers()), ["vary: Cookie"]);
}

#[tokio::test]
async fn body_errors_before_and_after_the_banner_pass_through() {
    for (frames, expected) in [
        (
            // `<he` could still start the body (`<header>` would), so the scanner holds it
            // back until it knows; the error flushes it, in order, before the error.
            vec![Ok("<html><he"), Err("early")],
            vec!["data <html>", "data <he", "error early"],
        ),
        (
            vec![Ok("<body>a"), Ok("b"), Err("late")],
            vec!["data <body>", "banner", "data a", "data b", "error late"],
        ),
    ] {
        let body = Frames(
            frames
                .into_iter()
                .map(|frame| {
                    frame
                        .map(|data| http_body::Frame::data(Bytes::from_static(data.as_bytes())))
                        .map_err(BodyFailed)
                })
                .collect(),
        );
        let mut response = Response::new(body);
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        let slot = Mutex::new(Some(response));
        let inner = tower::service_fn(move |_: Request<Full<Bytes>>| {
            std::future::ready(Ok::<_, Infallible>(slot.lock().unwrap().take().unwrap()))
        });
        let response = ConsentLayer::new(policy())
            .layer(inner)
            .oneshot(get(&[]))
            .await
            .unwrap();
        let seen: Vec<String> = drain(response.into_body())
            .into_iter()
            .map(|frame| match frame {
                Ok(frame) => {
                    let data = frame.into_data().unwrap();
                    if data.starts_with(b"<section") {
                        "banner".to_owned()
                    } else {
                        format!("data {}", String::from_utf8_lossy(&data))
                    }
                }
                Err(error) => format!("error {error}"),
            })
            .collect();
        assert_eq!(seen, expected);
    }
}

/// Dropping a response at any point releases everything it held (the inner future, the
/// request body, the inner response body) and leaves the layer serving as before.
#[tokio::test]
async fn dropping_a_response_half_way_is_harmless() {
    let layer = ConsentLayer::new(policy());
    let mut cx = Context::from_waker(Waker::noop());
    // A future dropped before the inner service answers: the inner future goes with it.
    let held = Arc::new(());
    let never = {
        let held = held.clone();
        tower::service_fn(move |_: Request<Full<Bytes>>| {
            let held = held.clone();
            Box::pin(async move {
                std::future::pending::<()>().await;
                drop(held);
                Ok::<Response<Full<Bytes>>, Infallible>(Response::new(Full::default()))
            })
        })
    };
    let mut service = layer.clone().layer(never);
    let mut future = service.call(get(&[]));
    assert!(std::pin::Pin::new(&mut future).poll(&mut cx).is_pending());
    assert_eq!(
        Arc::strong_count(&held),
        3,
        "the service's copy and the future's"
    );
    drop(future);
    assert_eq!(Arc::strong_count(&held), 2, "the future's copy is released");
    // An endpoint post dropped while its body is still arriving: the body goes.
    let unused = tower::service_fn(|_: Request<Stalled>| {
        std::future::pending::<Result<Response<Full<Bytes>>, Infallible>>()
    });
    let mut endpoint = layer.clone().layer(unused);
    let body_alive = Arc::new(());
    let post = Request::post("/consent")
        .header(header::CONTENT_TYPE, FORM)
        .body(Stalled(Some(body_alive.clone())))
        .unwrap();
    let mut future = endpoint.call(post);
    assert!(std::pin::Pin::new(&mut future).poll(&mut cx).is_pending());
    assert_eq!(
        Arc::strong_count(&body_alive),
        2,
        "the endpoint reads the body"
    );
    drop(future);
    assert_eq!(Arc::strong_count(&body_alive), 1, "the body is released");
    // A page body dropped after its first frame: the inner body goes, and the same
    // layer serves the next request whole.
    const PAGE: &str = "<html><body><p>page</p></body></html>";
    let serve = |layer: &ConsentLayer| {
        let slot = Mutex::new(Some(html(PAGE, &[("content-type", "text/html")])));
        let inner = tower::service_fn(move |_: Request<Full<Bytes>>| {
            std::future::ready(Ok::<_, Infallible>(slot.lock().unwrap().take().unwrap()))
        });
        layer.clone().layer(inner).oneshot(get(&[]))
    };
    let response = serve(&layer).await.unwrap();
    let mut body = response.into_body();
    let Poll::Ready(Some(Ok(first))) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) else {
        panic!("the first frame is ready");
    };
    assert!(PAGE.as_bytes().starts_with(&first.into_data().unwrap()));
    drop(body);
    let again = serve(&layer).await.unwrap();
    let whole = http_body_util::BodyExt::collect(again.into_body())
        .await
        .unwrap()
        .to_bytes();
    let banner_at = whole.windows(6).position(|w| w == b"<body>").unwrap() + 6;
    assert_eq!(&whole[..banner_at], &PAGE.as_bytes()[..banner_at]);
    assert!(
        whole.ends_with(b"<p>page</p></body></html>"),
        "the page after the banner"
    );
    assert!(whole.len() > PAGE.len() + 1000, "with the banner");
}

/// A request body whose next frame never comes (holding its token while alive).
struct Stalled(#[allow(dead_code)] Option<Arc<()>>);

impl http_body::Body for Stalled {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        Poll::Pending
    }
}

/// An inner service that is not ready at first, then fails to become ready.
#[derive(Clone)]
struct Backpressure {
    polls: Arc<AtomicUsize>,
}

impl Service<Request<Full<Bytes>>> for Backpressure {
    type Response = Response<Full<Bytes>>;
    type Error = AppError;
    type Future = std::future::Ready<Result<Self::Response, AppError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), AppError>> {
        match self.polls.fetch_add(1, Ordering::SeqCst) {
            0 => Poll::Pending,
            _ => Poll::Ready(Err(AppError("overloaded"))),
        }
    }

    fn call(&mut self, _request: Request<Full<Bytes>>) -> Self::Future {
        unreachable!("never ready")
    }
}

#[test]
fn readiness_and_its_errors_pass_through() {
    let polls = Arc::new(AtomicUsize::new(0));
    let mut service = ConsentLayer::new(policy()).layer(Backpressure {
        polls: polls.clone(),
    });
    let mut cx = Context::from_waker(Waker::noop());
    assert!(service.poll_ready(&mut cx).is_pending());
    assert_eq!(
        service.poll_ready(&mut cx),
        Poll::Ready(Err(AppError("overloaded")))
    );
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

/// An inner body whose data is not `Bytes` (here `VecDeque<u8>`, any `Buf`): a decided
/// visitor's page passes through byte for byte, a first visit's gets the banner, and
/// both are exactly as long as `Content-Length` says.
#[tokio::test]
async fn bodies_of_any_buf_pass_through_and_take_the_banner() {
    use std::collections::VecDeque;
    const PAGE: &[u8] =
        b"<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";
    let serve = |cookie: Option<String>| {
        let inner = tower::service_fn(|_: Request<Full<Bytes>>| async {
            let mut response = Response::new(Full::new(VecDeque::from(PAGE.to_vec())));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(PAGE.len()));
            Ok::<_, Infallible>(response)
        });
        let request = get(&cookie.iter().map(String::as_str).collect::<Vec<_>>());
        ConsentLayer::new(policy()).layer(inner).oneshot(request)
    };
    let decided = serve(Some(consent(""))).await.unwrap();
    let length = decided.headers()[header::CONTENT_LENGTH].clone();
    let body = http_body_util::BodyExt::collect(decided.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(body, PAGE);
    assert_eq!(length, PAGE.len().to_string().as_str());

    let first = serve(None).await.unwrap();
    let length = first.headers()[header::CONTENT_LENGTH].clone();
    let body = http_body_util::BodyExt::collect(first.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(length, body.len().to_string().as_str());
    let at = PAGE.windows(6).position(|w| w == b"<body>").unwrap() + 6;
    assert_eq!(&body[..at], &PAGE[..at]);
    assert_eq!(&body[body.len() - (PAGE.len() - at)..], &PAGE[at..]);
    assert!(
        body[at..].starts_with(b"<section"),
        "the banner where the body starts"
    );
}
