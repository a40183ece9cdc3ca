//! Helpers shared by the integration tests: a test policy, an inner service that records
//! what it saw, and readers for what a browser would receive.
//!
//! One copy for the workspace: the conformance tests include it with
//! `#[path = "../../tests/common/mod.rs"] mod common;`, so it needs nothing beyond their
//! dev-dependencies (no tokio, no axum). The lol_html oracle is `oracle.rs`, beside it.
#![allow(dead_code, unreachable_pub, unused_imports)]

pub mod body;
pub mod golden;
pub mod policy;

pub use body::*;
pub use policy::*;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use tower::{ServiceExt, service_fn};
use tower_cookie_consent::{Consent, ConsentLayer, Policy};
use tower_layer::Layer;

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A consent cookie pair granting `categories` ("functionality+performance"), now.
pub fn consent(categories: &str) -> String {
    format!("__Host-cookie_consent=1.2.{}.{categories}.{ID}", now())
}

/// What the inner service saw of a request.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub calls: usize,
    pub cookie_headers: Vec<String>,
    pub consent: Option<Consent>,
    pub headers: HeaderMap,
}

pub type Recorder = Arc<Mutex<Seen>>;

/// Sends `request` through the layer to an inner service that records what it saw and
/// answers with `response`.
pub async fn send<B>(
    policy: Policy,
    request: Request<B>,
    response: Response<Full<Bytes>>,
) -> (Response<Bytes>, Seen)
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
{
    send_through(ConsentLayer::new(policy), request, response).await
}

/// [`send`] through a configured layer.
pub async fn send_through<B, R>(
    layer: ConsentLayer,
    request: Request<B>,
    response: Response<R>,
) -> (Response<Bytes>, Seen)
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    R: http_body::Body<Data = Bytes> + Send + 'static,
    R::Error: std::fmt::Debug,
{
    let recorder = Recorder::default();
    let response = Arc::new(Mutex::new(Some(response)));
    let inner = {
        let recorder = recorder.clone();
        service_fn(move |request: Request<B>| {
            let recorder = recorder.clone();
            let response = response.clone();
            async move {
                let mut seen = recorder.lock().unwrap();
                seen.calls += 1;
                seen.cookie_headers = request
                    .headers()
                    .get_all(header::COOKIE)
                    .iter()
                    .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                    .collect();
                seen.consent = request.extensions().get::<Consent>().cloned();
                seen.headers = request.headers().clone();
                Ok::<_, Infallible>(response.lock().unwrap().take().unwrap())
            }
        })
    };
    let service = layer.layer(inner);
    let response = service.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let seen = recorder.lock().unwrap().clone();
    (Response::from_parts(parts, body), seen)
}

/// An HTML response with this body and these headers.
pub fn html(body: &'static str, headers: &[(&str, &str)]) -> Response<Full<Bytes>> {
    let mut response = response_with(StatusCode::OK, headers);
    *response.body_mut() = Full::new(Bytes::from_static(body.as_bytes()));
    response
}

/// A response with these headers and a small HTML body.
pub fn response_with(status: StatusCode, headers: &[(&str, &str)]) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"<p>hi</p>")));
    *response.status_mut() = status;
    for (name, value) in headers {
        response.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    response
}

/// A post to the endpoint at `example.com` with this body and extra headers.
pub fn post(content_type: &str, body: &str, extra: &[(&str, &str)]) -> Request<Full<Bytes>> {
    let mut request = Request::post("https://example.com/consent?from=banner")
        .header(header::HOST, "example.com")
        .header(header::CONTENT_TYPE, content_type)
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    for (name, value) in extra {
        request.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    request
}

pub fn get(cookies: &[&str]) -> Request<Full<Bytes>> {
    let mut request = Request::get("https://example.com/page")
        .body(Full::default())
        .unwrap();
    for cookie in cookies {
        request
            .headers_mut()
            .append(header::COOKIE, cookie.parse().unwrap());
    }
    request
}

/// Every header as `name: value`, in order.
pub fn header_lines(headers: &HeaderMap) -> Vec<String> {
    headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect()
}

/// The values of one header, in order.
pub fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

pub const EPOCH: &str = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

/// The header lines deleting `name` on a request to `example.com` at a path one level
/// below the root (`path`): host-only and at `Domain=example.com`, on `/` and on `path`,
/// then at the `extra` places the policy declares, in that order.
pub fn deleted(name: &str, path: &str, extra: &[(Option<&str>, &str)]) -> Vec<String> {
    let places = [
        (None, "/"),
        (Some("example.com"), "/"),
        (None, path),
        (Some("example.com"), path),
    ];
    places
        .iter()
        .chain(extra)
        .map(|(domain, path)| match domain {
            None => format!("set-cookie: {name}=; Path={path}; {EPOCH}"),
            Some(domain) => format!("set-cookie: {name}=; Path={path}; Domain={domain}; {EPOCH}"),
        })
        .collect()
}

/// The bytes these headers take in an HTTP/1.1 head (`name: value\r\n` each).
pub fn head_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + 2 + value.len() + 2)
        .sum()
}

/// What the headers of a response may take so that its whole head fits in a stock
/// nginx's 4096-byte buffer, with 128 bytes left for what the server adds: the status
/// line (17), `Date` (37), `Content-Length` or `Transfer-Encoding` (up to 28),
/// `Connection` (up to 24), the blank line (2).
pub const HEAD_BUDGET: usize = 4096 - 128;

/// `lines` with `groups` spliced in at `at`, for expectations built from [`deleted`].
pub fn lines_with(lines: &[&str], at: usize, groups: &[Vec<String>]) -> Vec<String> {
    let mut all: Vec<String> = lines[..at].iter().map(|line| line.to_string()).collect();
    all.extend(groups.iter().flatten().cloned());
    all.extend(lines[at..].iter().map(|line| line.to_string()));
    all
}

/// A request body sent as `count` chunks of `size` bytes, with no length known ahead.
pub struct Chunks {
    pub left: usize,
    pub chunk: Bytes,
}

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        self.left -= 1;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(self.chunk.clone()))))
    }
}

/// `text` as a form field value: every byte but ASCII letters, digits and `-._`
/// percent-encoded, as a browser would send it.
pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The value of the consent cookie a response sets (`1.{revision}.{time}.{granted}.{id}`).
pub fn consent_value_set(headers: &HeaderMap) -> String {
    values(headers, "set-cookie")
        .into_iter()
        .find_map(|line| {
            let value = line.strip_prefix("__Host-cookie_consent=")?;
            Some(value.split(';').next().unwrap_or(value).to_owned())
        })
        .expect("a consent cookie")
}

/// The consent id in the consent cookie a response sets.
pub fn consent_id_set(headers: &HeaderMap) -> String {
    let value = consent_value_set(headers);
    value.rsplit('.').next().unwrap_or_default().to_owned()
}
