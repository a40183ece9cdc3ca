//! The consent endpoint: where a choice is recorded, changed or withdrawn, the
//! preferences page, and the banner's stylesheet. Its contract (paths, fields, status
//! codes) is public and documented in the crate docs ("The endpoint").
//!
//! This file routes a request (once: [`answer_if_ours`] is the service's one entry
//! point), drives the answer's future (reading a post's body under its limits) and holds
//! the helpers every answer shares. Each kind of answer has its file:
//!
//! - `post`: `POST {endpoint}`, a choice (with `form`, reading it and the `return_to`
//!   check, and `origin`, the Fetch Metadata rule);
//! - `preferences`: `GET {endpoint}`, the preferences page;
//! - `documents`: `cookies.json`, `gpc.json`, `banner.css`;
//! - `record`: receipts of posted choices, and the visitor's receipt
//!   (`GET {endpoint}/receipt`).

mod admin;
mod documents;
mod form;
mod origin;
mod post;
mod preferences;
pub(crate) mod record;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body::Body;
use pin_project_lite::pin_project;

use crate::config::{Config, ShownLanguage};
use crate::headers::vary_on;
use crate::policy::BannerTexts;
use crate::policy::Policy;
#[cfg(feature = "__internals")]
pub(crate) use form::parse_choice;
pub(crate) use form::safe_return_to;
use post::PendingPost;
use record::Answer;

/// Bodies larger than this are refused with 413: a choice is a few dozen bytes.
pub(crate) const MAX_BODY: usize = 8 * 1024;

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
    /// `{endpoint}/receipt`: the visitor's receipt as JSON.
    Receipt,
    /// `{endpoint}/cookies.json`: the cookie declaration.
    Declaration,
    /// `/.well-known/gpc.json`, when a category sells or shares data.
    GpcSupport,
    /// `{endpoint}/admin...`: the operator's pages.
    Admin(admin::Page),
}

/// Where sites say they honour Global Privacy Control.
const GPC_SUPPORT_PATH: &str = "/.well-known/gpc.json";

/// Which endpoint path a request is for, if any (paths match exactly).
fn route(policy: &Policy, path: &str) -> Option<Route> {
    if path == GPC_SUPPORT_PATH && policy.honours_gpc() {
        return Some(Route::GpcSupport);
    }
    let rest = path.strip_prefix(policy.endpoint())?;
    match rest {
        "" => Some(Route::Choice),
        "/banner.css" => Some(Route::Stylesheet),
        "/receipt" => Some(Route::Receipt),
        "/cookies.json" => Some(Route::Declaration),
        _ => admin::Page::from_path(rest).map(Route::Admin),
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
            post: Option<Pending>,
            // Ends the read with 408 when the body is slower than the configured
            // timeout; `None` outside a Tokio runtime.
            deadline: Option<Pin<Box<tokio::time::Sleep>>>,
        },
        // Waiting for the receipt store: a grant's commit, or a receipt to show.
        Waiting { answer: crate::receipts::BoxFuture<'static, Response<Bytes>> },
    }
}

/// Starts answering a request addressed to the endpoint.
/// Where a request goes: the endpoint's answer, or the application.
pub(crate) enum Addressed<B> {
    Endpoint(EndpointFuture<B>),
    Application(Request<B>),
}

/// The endpoint's one entry point: its answer when the request is addressed to it (the
/// request is routed once, here), or the request back, untouched, for the application.
pub(crate) fn answer_if_ours<B>(config: &Arc<Config>, request: Request<B>) -> Addressed<B> {
    match route(&config.policy, request.uri().path()) {
        Some(Route::Admin(page)) => {
            // A page the request may not see is not the layer's: the application
            // answers, as for any path it does not know.
            let (parts, body) = request.into_parts();
            if admin::is_open(config, page, &parts) {
                Addressed::Endpoint(admin::answer(config.clone(), page, parts, body))
            } else {
                Addressed::Application(Request::from_parts(parts, body))
            }
        }
        Some(route) => Addressed::Endpoint(answer(config.clone(), route, request)),
        None => Addressed::Application(request),
    }
}

/// A post whose body is being read: a choice, or the admin login form.
pub(crate) enum Pending {
    Choice(PendingPost),
    Login(admin::PendingLogin),
}

impl Pending {
    fn limit(&self) -> usize {
        match self {
            Self::Choice(_) => MAX_BODY,
            Self::Login(login) => login.limit(),
        }
    }

    fn message(&self, status: StatusCode, text: fn(&BannerTexts) -> &String) -> Response<Bytes> {
        match self {
            Self::Choice(post) => post.message(status, text),
            Self::Login(login) => login.message(status),
        }
    }

    fn finish(self, body: &[u8]) -> Answer {
        match self {
            Self::Choice(post) => post.finish(body),
            Self::Login(login) => Answer::Now(login.finish(body)),
        }
    }
}

fn answer<B>(config: Arc<Config>, route: Route, request: Request<B>) -> EndpointFuture<B> {
    let (parts, body) = request.into_parts();
    let ready = |response| EndpointFuture::Ready {
        response: Some(response),
    };
    let later = |answer| match answer {
        Answer::Now(response) => ready(response),
        Answer::Later(answer) => EndpointFuture::Waiting { answer },
    };
    let method = &parts.method;
    let is_read = method == Method::GET || method == Method::HEAD;
    match route {
        Route::Stylesheet if is_read => return ready(documents::stylesheet(&config, &parts)),
        Route::GpcSupport if is_read => {
            return ready(documents::gpc_support_response(&config, &parts));
        }
        Route::Declaration if is_read => {
            let language = config.shared_document_language(&parts.uri, &parts.headers);
            return ready(documents::declaration(&config, &parts, language));
        }
        Route::Receipt if is_read => return later(record::receipt_json(config, parts)),
        _ => {}
    }
    // The language of every other answer: the page's (`?lang=`), else chosen as for any
    // page.
    let language = config.endpoint_language(&parts.uri, &parts.headers);
    let answer_with =
        |status, text: fn(&BannerTexts) -> &String| message(&config, language, status, text, None);
    match route {
        Route::Choice if is_read => {
            return later(preferences::preferences(config, parts, language));
        }
        Route::Choice if method == Method::POST => {}
        Route::Choice => {
            let refused = answer_with(StatusCode::METHOD_NOT_ALLOWED, |t| &t.error_method);
            return ready(allowing(refused, "GET, HEAD, POST"));
        }
        _ => {
            let refused = answer_with(StatusCode::METHOD_NOT_ALLOWED, |t| &t.error_method);
            return ready(allowing(refused, "GET, HEAD"));
        }
    }
    post::start(config, parts, body, language)
}

impl<B: Body> Future for EndpointFuture<B> {
    type Output = Response<Bytes>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let answer = match self.as_mut().project() {
            EndpointProj::Ready { response } => {
                return Poll::Ready(
                    response
                        .take()
                        .expect("EndpointFuture polled after completion"),
                );
            }
            EndpointProj::Waiting { answer } => return answer.as_mut().poll(cx),
            EndpointProj::Reading {
                mut body,
                buffer,
                post,
                deadline,
            } => loop {
                let frame = match body.as_mut().poll_frame(cx) {
                    Poll::Ready(frame) => frame,
                    Poll::Pending => {
                        if let Some(deadline) = deadline {
                            ready!(deadline.as_mut().poll(cx));
                            let post = post
                                .as_ref()
                                .expect("EndpointFuture polled after completion");
                            return Poll::Ready(
                                post.message(StatusCode::REQUEST_TIMEOUT, |texts| {
                                    &texts.error_timeout
                                }),
                            );
                        }
                        return Poll::Pending;
                    }
                };
                match frame {
                    Some(Ok(frame)) => {
                        if let Ok(mut data) = frame.into_data() {
                            use bytes::Buf;
                            let post_ref = post
                                .as_ref()
                                .expect("EndpointFuture polled after completion");
                            if buffer.len() + data.remaining() > post_ref.limit() {
                                let post = post_ref;
                                return Poll::Ready(
                                    post.message(StatusCode::PAYLOAD_TOO_LARGE, |texts| {
                                        &texts.error_too_large
                                    }),
                                );
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
                        let post = post
                            .as_ref()
                            .expect("EndpointFuture polled after completion");
                        return Poll::Ready(
                            post.message(StatusCode::BAD_REQUEST, |texts| &texts.error_bad_form),
                        );
                    }
                    None => {
                        let post = post.take().expect("EndpointFuture polled after completion");
                        match post.finish(buffer) {
                            Answer::Now(response) => return Poll::Ready(response),
                            Answer::Later(answer) => break answer,
                        }
                    }
                }
            },
        };
        self.set(EndpointFuture::Waiting { answer });
        self.poll(cx)
    }
}

/// `405 Method Not Allowed` names the methods that are.
fn allowing(mut response: Response<Bytes>, allow: &'static str) -> Response<Bytes> {
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// A short plain answer in `language`: the visitor's sentence, then (for a form that
/// cannot be read) the detail for the site's developers in brackets.
fn message(
    config: &Config,
    language: ShownLanguage,
    status: StatusCode,
    text: fn(&BannerTexts) -> &String,
    detail: Option<&str>,
) -> Response<Bytes> {
    let texts = config.banner.texts(language.index);
    let response = match detail {
        Some(detail) => plain(status, &format!("{} ({detail})", text(texts))),
        None => plain(status, text(texts)),
    };
    localized(response, language, texts)
}

/// Marks an answer with words as being in `language`: `Content-Language`, and `Vary:
/// Accept-Language` when that header chose it.
fn localized(
    mut response: Response<Bytes>,
    language: ShownLanguage,
    texts: &BannerTexts,
) -> Response<Bytes> {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&texts.lang) {
        headers.insert(header::CONTENT_LANGUAGE, value);
    }
    if language.from_header {
        vary_on(headers, "Accept-Language");
    }
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
