//! The whole service, with the demo's policy: random request headers (many cookies
//! among them), random inner response headers and body chunks. Never a panic; the body
//! is exactly as long as `Content-Length` says (but for HEAD); no `Set-Cookie` of a category the
//! visitor has not granted gets through, unless it is a deletion in the canonical form.
//!
//! Input: sections separated by a `0xff` byte: the request's header lines (`name: value`; a
//! first line without `:` is the method and path), the response's header lines (a first
//! line of three digits is the status), then the body, cut into chunks at `\x00`.
#![no_main]
#[path = "../../tests/common/body.rs"]
mod body;

use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use body::Frames;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode, header};
use http_body::Body;
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::{Consent, ConsentLayer, NamePattern, Policy, PolicyBuilder};
use tower_layer::Layer;
use tower_service::Service;

const DEMO_POLICY: &str = include_str!("../../examples/demo/policy.toml");
const EXPIRED: &[u8] = b"Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

/// The layer with the demo's policy, built once: signed, as the demo's is.
fn layer() -> &'static ConsentLayer {
    static LAYER: std::sync::OnceLock<ConsentLayer> = std::sync::OnceLock::new();
    LAYER.get_or_init(|| {
        let builder: PolicyBuilder = toml::from_str(DEMO_POLICY).expect("the demo policy");
        let policy = builder.signing_keys([[7u8; 32]]).build();
        ConsentLayer::new(policy.expect("the demo policy is valid"))
    })
}

/// The header lines of one section; the first line, when it is not a header, apart.
fn lines(section: &[u8]) -> (Option<&[u8]>, Vec<(HeaderName, HeaderValue)>) {
    let mut first = None;
    let mut headers = Vec::new();
    for (index, line) in section.split(|&byte| byte == b'\n').enumerate() {
        let Some(colon) = line.iter().position(|&byte| byte == b':') else {
            if index == 0 {
                first = Some(line);
            }
            continue;
        };
        let name = HeaderName::from_bytes(&line[..colon]);
        let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.push((name, value));
        }
    }
    (first, headers)
}

/// The category of a cookie name under the policy, as its rules declare it (exact names
/// before prefixes, longer prefixes first); `None` when undeclared.
fn category_of<'p>(policy: &'p Policy, name: &[u8]) -> Option<&'p str> {
    let exact = policy.rules().iter().find(
        |rule| matches!(rule.pattern(), NamePattern::Exact(exact) if exact.as_bytes() == name),
    );
    let prefix = || {
        policy
            .rules()
            .iter()
            .filter(|rule| {
                matches!(rule.pattern(), NamePattern::Prefix(_)) && rule.pattern().matches(name)
            })
            .max_by_key(|rule| rule.pattern().to_string().len())
    };
    exact.or_else(prefix).map(|rule| rule.category())
}

fuzz_target!(|data: &[u8]| {
    let mut sections = data.splitn(3, |&byte| byte == 0xff);
    let (request_section, response_section, body) = (
        sections.next().unwrap_or_default(),
        sections.next().unwrap_or_default(),
        sections.next().unwrap_or_default(),
    );

    let (first, request_headers) = lines(request_section);
    let mut is_head = false;
    let mut request = Request::new(Frames::data([]));
    if let Some(first) = first {
        let mut parts = first.splitn(2, |&byte| byte == b' ');
        if let Some(method) = parts.next().and_then(|m| Method::from_bytes(m).ok()) {
            is_head = method == Method::HEAD;
            *request.method_mut() = method;
        }
        if let Some(uri) = parts.next().and_then(|uri| http::Uri::try_from(uri).ok()) {
            *request.uri_mut() = uri;
        }
    }
    for (name, value) in request_headers {
        request.headers_mut().append(name, value);
    }

    let (status, response_headers) = lines(response_section);
    let chunks: Vec<Bytes> = body
        .split(|&byte| byte == 0)
        .map(Bytes::copy_from_slice)
        .collect();
    let length: usize = chunks.iter().map(Bytes::len).sum();
    let mut response = Response::new(Frames::data(chunks));
    if let Some(status) = status.and_then(|s| StatusCode::from_bytes(s).ok()) {
        *response.status_mut() = status;
    }
    for (name, value) in response_headers {
        // The application's own length is true: the layer must keep it so.
        let value = if name == header::CONTENT_LENGTH {
            HeaderValue::from(length)
        } else {
            value
        };
        response.headers_mut().append(name, value);
    }

    let seen: Arc<Mutex<Option<Consent>>> = Arc::default();
    let slot = Arc::new(Mutex::new(Some(response)));
    let inner = {
        let seen = seen.clone();
        tower::service_fn(move |request: Request<Frames>| {
            *seen.lock().unwrap() = request.extensions().get::<Consent>().cloned();
            let response = slot.lock().unwrap().take().expect("called once");
            std::future::ready(Ok::<_, Infallible>(response))
        })
    };
    let mut service = layer().layer(inner);
    let mut cx = Context::from_waker(Waker::noop());
    let mut future = std::pin::pin!(service.call(request));
    let Poll::Ready(Ok(response)) = future.as_mut().poll(&mut cx) else {
        panic!("everything here is ready at once");
    };
    let (parts, body) = response.into_parts();
    let mut sent = 0usize;
    let mut body = std::pin::pin!(body);
    loop {
        match body.as_mut().poll_frame(&mut cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    sent += data.len();
                }
            }
            Poll::Ready(Some(Err(_))) => break,
            Poll::Ready(None) => break,
            Poll::Pending => panic!("everything here is ready at once"),
        }
    }
    let lengths: Vec<&HeaderValue> = parts
        .headers
        .get_all(header::CONTENT_LENGTH)
        .iter()
        .collect();
    // (HEAD answers carry the length GET would send, and no body.)
    if let ([length], false) = (&lengths[..], is_head) {
        let length = length.to_str().ok().and_then(|l| l.parse::<usize>().ok());
        assert_eq!(Some(sent), length, "Content-Length is the bytes sent");
    }

    // Only what the visitor granted gets set.
    let consent = seen.lock().unwrap().take();
    let policy = layer().policy();
    for value in parts.headers.get_all(header::SET_COOKIE) {
        let bytes = value.as_bytes();
        let name_end = bytes.iter().position(|&b| b == b'=' || b == b';');
        let name = match name_end {
            Some(end) if bytes[end] == b'=' => bytes[..end].trim_ascii(),
            _ => &bytes[..0],
        };
        // The layer's own: the consent cookie (under its old name too), and the
        // one-minute cookie that makes the next page say the choice was saved.
        let saved = format!("{}_saved", policy.consent_cookie_name());
        let is_consent_cookie = name == policy.consent_cookie_name().as_bytes()
            || name == b"cookie_consent"
            || name == saved.as_bytes();
        let allowed = is_consent_cookie
            || match category_of(policy, name) {
                Some("necessary") => true,
                Some(category) => consent.as_ref().is_some_and(|c| c.allows(category)),
                None => false,
            };
        if !allowed {
            let deletes = bytes[name.len()..].starts_with(b"=;") && bytes.ends_with(EXPIRED);
            assert!(deletes, "a refused cookie was set: {value:?}");
        }
    }
});
