//! The consent endpoint: where a choice is recorded, changed or withdrawn.
//!
//! | request                       | answer                                              |
//! |-------------------------------|-----------------------------------------------------|
//! | `POST {endpoint}`             | records a choice (below)                            |
//! | `GET`/`HEAD {endpoint}`       | the preferences page, the visitor's choice ticked   |
//! | `GET`/`HEAD {endpoint}/banner.css` | the banner's stylesheet                        |
//! | any other method              | 405 with `Allow`                                    |
//!
//! The preferences page takes an optional `?return_to=` (a same-site path, else `/`) for
//! its form and its "back" link. It is served under its own strict
//! `Content-Security-Policy` (no script, styles from this origin, forms to this origin).
//! The stylesheet is `Cache-Control: public, max-age=31536000, immutable` when asked for
//! under its current version (`?v=` as the banner links it), `no-cache` otherwise, so an
//! old page never pins new styles forever.
//!
//! `POST {endpoint}` takes a form (`application/x-www-form-urlencoded`, what the banner's
//! `<form>` sends without JavaScript) or JSON (what `fetch` sends):
//!
//! | field       | form                                 | JSON                      |
//! |-------------|--------------------------------------|---------------------------|
//! | `action`    | `accept_all`, `reject_all` or `save` | the same, as a string     |
//! | `category`  | repeated, one per granted category   | `categories`: an array    |
//! | `return_to` | a same-site path to go back to       | the same                  |
//!
//! `accept_all` and `reject_all` ignore the listed categories (the banner's form carries
//! its checkboxes whichever button is pressed); `save`, or no action, grants exactly the
//! listed ones. Listing `necessary` changes nothing; an unknown category or action is a
//! 400 naming it. Other form fields are ignored (submit buttons may add their own); JSON is
//! strict and rejects unknown fields, since a typo there would otherwise silently refuse.
//!
//! The answer sets the consent cookie, deletes the refused cookies the browser sent (at
//! every declared location), and is a `303 See Other` to `return_to` (or `/` when it is
//! missing or not a safe same-site path), or `204 No Content` when the client asked for
//! JSON (`Content-Type` or `Accept` names `application/json`). Every answer carries
//! `Cache-Control: no-store`.
//!
//! Cross-site posts are refused with 403: `Sec-Fetch-Site: cross-site`, an `Origin` of
//! `null`, or an `Origin` whose host and port differ from the request's `Host`. The scheme
//! is not compared, since behind a TLS-terminating proxy the layer cannot know its own.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body::Body;
use percent_encoding::percent_decode;
use pin_project_lite::pin_project;
use serde::Deserialize;

use crate::banner::preferences_page;
use crate::consent::{Consent, Decision, read_consent, unix_now};
use crate::layer::Shared;
use crate::policy::{CategorySet, Policy};
use crate::set_cookie::{append_deletions, consent_cookie, refused_cookies};

/// Bodies larger than this are refused with 413: a choice is a few dozen bytes.
pub(crate) const MAX_BODY: usize = 8 * 1024;

/// `return_to` values longer than this are replaced by `/`.
const MAX_RETURN_TO: usize = 2048;

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// The preferences page runs no script and talks only to its own origin.
const PAGE_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'",
);

/// The endpoint's paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `{endpoint}`: the preferences page, and where choices are posted.
    Choice,
    /// `{endpoint}/banner.css`.
    Stylesheet,
}

/// Which endpoint path a request is for, if any (paths match exactly).
pub(crate) fn route(policy: &Policy, path: &str) -> Option<Route> {
    let rest = path.strip_prefix(policy.endpoint())?;
    match rest {
        "" => Some(Route::Choice),
        "/banner.css" => Some(Route::Stylesheet),
        _ => None,
    }
}

pin_project! {
    /// The endpoint's answer: either known at once, or after reading the posted body.
    #[project = EndpointProj]
    pub(crate) enum EndpointFuture<B> {
        Ready { response: Option<Response<Bytes>> },
        Reading {
            #[pin]
            body: B,
            buffer: Vec<u8>,
            post: Option<PendingPost>,
        },
    }
}

/// What the answer to a post needs from the request, once its body has arrived.
pub(crate) struct PendingPost {
    policy: Arc<Policy>,
    format: Format,
    wants_json: bool,
    cookie_headers: Vec<HeaderValue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Form,
    Json,
}

/// Starts answering a request addressed to the endpoint.
pub(crate) fn answer<B>(shared: Arc<Shared>, request: Request<B>) -> EndpointFuture<B> {
    let (parts, body) = request.into_parts();
    let ready = |response| EndpointFuture::Ready {
        response: Some(response),
    };
    let route = route(&shared.policy, parts.uri.path()).unwrap_or(Route::Choice);
    let method = &parts.method;
    let is_read = method == Method::GET || method == Method::HEAD;
    match route {
        Route::Stylesheet if is_read => return ready(stylesheet(&shared, &parts)),
        Route::Choice if is_read => return ready(preferences(&shared, &parts)),
        Route::Stylesheet => return ready(method_not_allowed("GET, HEAD")),
        Route::Choice if method != Method::POST => {
            return ready(method_not_allowed("GET, HEAD, POST"));
        }
        Route::Choice => {}
    }
    let policy = shared.policy.clone();
    if is_cross_site(&parts) {
        return ready(plain(
            StatusCode::FORBIDDEN,
            "cross-site consent posts are refused",
        ));
    }
    let format = match content_type(&parts.headers) {
        Some(format) => format,
        None => {
            return ready(plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send application/x-www-form-urlencoded or application/json",
            ));
        }
    };
    let declared_length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > MAX_BODY as u64) {
        return ready(too_large());
    }
    let wants_json =
        format == Format::Json
            || parts.headers.get_all(header::ACCEPT).iter().any(|accept| {
                memchr::memmem::find(accept.as_bytes(), b"application/json").is_some()
            });
    EndpointFuture::Reading {
        body,
        buffer: Vec::new(),
        post: Some(PendingPost {
            policy,
            format,
            wants_json,
            cookie_headers: parts
                .headers
                .get_all(header::COOKIE)
                .iter()
                .cloned()
                .collect(),
        }),
    }
}

impl<B: Body> Future for EndpointFuture<B> {
    type Output = Response<Bytes>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            EndpointProj::Ready { response } => Poll::Ready(
                response
                    .take()
                    .expect("EndpointFuture polled after completion"),
            ),
            EndpointProj::Reading {
                mut body,
                buffer,
                post,
            } => loop {
                match ready!(body.as_mut().poll_frame(cx)) {
                    Some(Ok(frame)) => {
                        if let Ok(mut data) = frame.into_data() {
                            use bytes::Buf;
                            if buffer.len() + data.remaining() > MAX_BODY {
                                return Poll::Ready(too_large());
                            }
                            while data.has_remaining() {
                                let chunk = data.chunk();
                                buffer.extend_from_slice(chunk);
                                let read = chunk.len();
                                data.advance(read);
                            }
                        }
                    }
                    Some(Err(_)) => {
                        return Poll::Ready(plain(
                            StatusCode::BAD_REQUEST,
                            "the request body could not be read",
                        ));
                    }
                    None => {
                        let post = post.take().expect("EndpointFuture polled after completion");
                        return Poll::Ready(post.finish(buffer));
                    }
                }
            },
        }
    }
}

impl PendingPost {
    fn finish(self, body: &[u8]) -> Response<Bytes> {
        let (granted, return_to) =
            match parse_choice(body, self.format == Format::Json, &self.policy) {
                Ok(choice) => choice,
                Err(message) => return plain(StatusCode::BAD_REQUEST, &message),
            };

        let decision = Decision::record(&self.policy, granted);
        let mut response = Response::new(Bytes::new());
        if self.wants_json {
            *response.status_mut() = StatusCode::NO_CONTENT;
        } else {
            *response.status_mut() = StatusCode::SEE_OTHER;
            let target = return_to.as_deref().and_then(safe_return_to).unwrap_or("/");
            let location = HeaderValue::from_str(target).unwrap_or(HeaderValue::from_static("/"));
            response.headers_mut().insert(header::LOCATION, location);
        }
        let headers = response.headers_mut();
        // Built from a validated name, a printable value and a domain the operator set;
        // a domain that cannot be a header value leaves the choice unrecorded, not a panic.
        if let Ok(cookie) = HeaderValue::try_from(consent_cookie(&self.policy, &decision)) {
            headers.append(header::SET_COOKIE, cookie);
        }
        let carried = self.cookie_headers.iter().map(HeaderValue::as_bytes);
        let refused = refused_cookies(carried, &self.policy, granted);
        append_deletions(headers, &self.policy, &refused);
        headers.insert(header::CACHE_CONTROL, NO_STORE);
        response
    }
}

/// A posted choice before it is checked against the policy.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Choice {
    action: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    return_to: Option<String>,
}

impl Choice {
    fn granted(&self, policy: &Policy) -> Result<CategorySet, String> {
        let mut listed = CategorySet::NECESSARY_ONLY;
        for id in &self.categories {
            let index = policy
                .category_index(id.as_bytes())
                .ok_or_else(|| format!("unknown category `{}`", shorten(id)))?;
            listed = listed.with(index);
        }
        match self.action.as_deref() {
            Some("accept_all") => Ok(policy.all_categories()),
            Some("reject_all") => Ok(CategorySet::NECESSARY_ONLY),
            Some("save") | None => Ok(listed),
            Some(other) => Err(format!(
                "unknown action `{}`; use accept_all, reject_all or save",
                shorten(other)
            )),
        }
    }
}

/// A posted body, read as a form or as JSON and checked against the policy: the granted
/// categories and `return_to`, or the 400 message.
pub(crate) fn parse_choice(
    body: &[u8],
    json: bool,
    policy: &Policy,
) -> Result<(CategorySet, Option<String>), String> {
    let choice = if json {
        parse_json(body)?
    } else {
        parse_form(body)?
    };
    Ok((choice.granted(policy)?, choice.return_to))
}

/// Error messages quote what was posted, but not a whole 8 KiB of it.
fn shorten(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    cut.escape_debug().to_string()
}

fn parse_form(body: &[u8]) -> Result<Choice, String> {
    let mut choice = Choice::default();
    for (key, value) in form_urlencoded::parse(body) {
        let single = match &*key {
            "category" => {
                choice.categories.push(value.into_owned());
                continue;
            }
            "action" => &mut choice.action,
            "return_to" => &mut choice.return_to,
            _ => continue,
        };
        if single.replace(value.into_owned()).is_some() {
            return Err(format!("the field `{key}` is given more than once"));
        }
    }
    Ok(choice)
}

fn parse_json(body: &[u8]) -> Result<Choice, String> {
    serde_json::from_slice(body).map_err(|error| format!("invalid JSON: {error}"))
}

fn content_type(headers: &HeaderMap) -> Option<Format> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(Format::Form)
    } else if essence.eq_ignore_ascii_case("application/json") {
        Some(Format::Json)
    } else {
        None
    }
}

fn is_cross_site(parts: &http::request::Parts) -> bool {
    let headers = &parts.headers;
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if fetch_site.is_some_and(|site| site.eq_ignore_ascii_case(b"cross-site")) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .map(HeaderValue::as_bytes)
        .or_else(|| {
            parts
                .uri
                .authority()
                .map(|authority| authority.as_str().as_bytes())
        });
    let origin_host = origin
        .as_bytes()
        .strip_prefix(b"https://")
        .or_else(|| origin.as_bytes().strip_prefix(b"http://"));
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => !same_authority(origin_host, host),
        // `Origin: null` (sandboxed or privacy-redirected) or no Host to compare with.
        _ => true,
    }
}

/// Host and port equal, ignoring ASCII case and an explicit default port.
fn same_authority(a: &[u8], b: &[u8]) -> bool {
    fn without_default_port(authority: &[u8]) -> &[u8] {
        authority
            .strip_suffix(b":443")
            .or_else(|| authority.strip_suffix(b":80"))
            .unwrap_or(authority)
    }
    without_default_port(a).eq_ignore_ascii_case(without_default_port(b))
}

/// `return_to` when it is a path on this site, else `None`.
///
/// Only a path that starts with a single `/` is accepted: no scheme, no `//host`, no
/// backslash anywhere (browsers read `/\host` as `//host`), no whitespace or control
/// characters (browsers strip tabs and newlines, which turns `/\t/host` into `//host`),
/// no non-ASCII (send it percent-encoded). After one and after two rounds of
/// percent-decoding the path must still start with a single `/` and hold no control
/// characters, so that a decoded form handed on by the application cannot escape either.
pub(crate) fn safe_return_to(raw: &str) -> Option<&str> {
    fn stays_on_site(path: &[u8]) -> bool {
        path.first() == Some(&b'/')
            && !matches!(path.get(1), Some(b'/' | b'\\'))
            && !path.iter().any(u8::is_ascii_control)
    }
    let bytes = raw.as_bytes();
    let printable = bytes
        .iter()
        .all(|&byte| byte.is_ascii_graphic() && byte != b'\\');
    if raw.len() > MAX_RETURN_TO || !printable || !stays_on_site(bytes) {
        return None;
    }
    let once: Vec<u8> = percent_decode(bytes).collect();
    let twice: Vec<u8> = percent_decode(&once).collect();
    (stays_on_site(&once) && stays_on_site(&twice)).then_some(raw)
}

fn method_not_allowed(allow: &'static str) -> Response<Bytes> {
    let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here");
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// `GET {endpoint}`: the preferences page with the visitor's current choice.
fn preferences(shared: &Shared, parts: &http::request::Parts) -> Response<Bytes> {
    let policy = &shared.policy;
    let cookies = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .map(HeaderValue::as_bytes);
    let consent = Consent::new(policy.clone(), read_consent(cookies, policy, unix_now()));
    let requested = parts.uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "return_to")
            .map(|(_, value)| value.into_owned())
    });
    let return_to = requested.as_deref().and_then(safe_return_to).unwrap_or("/");
    let page = preferences_page(policy, &shared.banner, &consent, return_to);
    let mut response = read_response(parts, Bytes::from(page), "text/html; charset=utf-8");
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    headers.insert(header::CONTENT_SECURITY_POLICY, PAGE_CSP);
    response
}

/// `GET {endpoint}/banner.css`.
fn stylesheet(shared: &Shared, parts: &http::request::Parts) -> Response<Bytes> {
    let banner = &shared.banner;
    let css = Bytes::copy_from_slice(banner.css().as_bytes());
    let mut response = read_response(parts, css, "text/css; charset=utf-8");
    let current = banner
        .stylesheet_href()
        .split_once('?')
        .is_some_and(|(_, version)| parts.uri.query() == Some(version));
    let caching = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    response
}

/// A 200 with `body`, or for HEAD the same headers and no body.
fn read_response(
    parts: &http::request::Parts,
    body: Bytes,
    content_type: &'static str,
) -> Response<Bytes> {
    let length = HeaderValue::from(body.len());
    let body = if parts.method == Method::HEAD {
        Bytes::new()
    } else {
        body
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_LENGTH, length);
    response
}

fn too_large() -> Response<Bytes> {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        "the consent form is limited to 8 KiB",
    )
}

/// A short plain-text answer; never cached.
pub(crate) fn plain(status: StatusCode, message: &str) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(format!("{message}\n")));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_accepts_same_site_paths() {
        for good in [
            "/",
            "/a",
            "/a/b?c=d&e=%20f#top",
            "/caf%C3%A9",
            "/a//b",
            "/a:b",
        ] {
            assert_eq!(safe_return_to(good), Some(good), "{good:?}");
        }
    }

    #[test]
    fn return_to_refuses_everything_that_leaves() {
        let bad = [
            "",
            "a",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil",
            "/%2Fevil.example",
            "/%2fevil.example",
            "/%5Cevil.example",
            "/%252Fevil.example",
            "/%09/evil.example",
            "/a%0d%0aSet-Cookie:x=1",
            "/\u{ff0f}evil.example",
            "/é",
        ];
        for payload in bad {
            assert_eq!(safe_return_to(payload), None, "{payload:?}");
        }
        assert_eq!(
            safe_return_to(&format!("/{}", "a".repeat(MAX_RETURN_TO))),
            None
        );
    }

    #[test]
    fn forms_parse_with_repeated_categories() {
        let choice =
            parse_form(b"action=save&category=a&category=b&return_to=%2Fx%3Fy%3D1&submit=")
                .unwrap();
        assert_eq!(choice.action.as_deref(), Some("save"));
        assert_eq!(choice.categories, ["a", "b"]);
        assert_eq!(choice.return_to.as_deref(), Some("/x?y=1"));
        assert_eq!(
            parse_form(b"action=save&action=accept_all").unwrap_err(),
            "the field `action` is given more than once"
        );
    }

    #[test]
    fn authorities_compare_without_default_ports() {
        assert!(same_authority(b"Example.com", b"example.com:443"));
        assert!(same_authority(b"example.com:8080", b"example.com:8080"));
        assert!(!same_authority(b"example.com:8080", b"example.com"));
        assert!(!same_authority(b"evil.com", b"example.com"));
    }
}
