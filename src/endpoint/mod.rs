//! The consent endpoint: where a choice is recorded, changed or withdrawn, the
//! preferences page, and the banner's stylesheet. Its contract (paths, fields, status
//! codes) is public and documented in the crate docs ("The endpoint").
//!
//! - `form`: reading a posted choice, and the `return_to` check;
//! - `origin`: the Fetch Metadata rule for posts;
//! - `record`: receipts of posted choices, and the visitor's receipt.

mod documents;
mod form;
mod origin;
pub(crate) mod record;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body::Body;
use pin_project_lite::pin_project;

use crate::BannerTexts;
use crate::banner::preferences_page;
use crate::config::{Config, ShownLanguage};
use crate::consent::{Consent, Decision};
use crate::headers::{sends_gpc, vary_on};
use crate::policy::{CategorySet, Policy};
use crate::set_cookie::{
    DeletionScope, append_consent_cookie, append_deletions, holds_legacy_consent, refused_cookies,
};
#[cfg(feature = "__internals")]
pub(crate) use form::parse_choice;
pub(crate) use form::safe_return_to;
use record::{Answer, Recording, RequestFacts};

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
            // Ends the read with 408 when the body is slower than the configured
            // timeout; `None` outside a Tokio runtime.
            deadline: Option<Pin<Box<tokio::time::Sleep>>>,
        },
        // Waiting for the receipt store: a grant's commit, or a receipt to show.
        Waiting { answer: crate::receipts::BoxFuture<'static, Response<Bytes>> },
    }
}

/// What the answer to a post needs from the request, once its body has arrived.
pub(crate) struct PendingPost {
    config: Arc<Config>,
    facts: RequestFacts,
    policy: Arc<Policy>,
    format: Format,
    wants_json: bool,
    cookie_headers: Vec<HeaderValue>,
    /// Where the refused cookies this post carried can live.
    scope: DeletionScope,
    language: ShownLanguage,
    /// The post carried Global Privacy Control.
    gpc: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Form,
    Json,
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
        Some(route) => Addressed::Endpoint(answer(config.clone(), route, request)),
        None => Addressed::Application(request),
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
        Route::Stylesheet if is_read => return ready(stylesheet(&config, &parts)),
        Route::GpcSupport if is_read => return ready(gpc_support(&config, &parts)),
        Route::Declaration if is_read => {
            let language = config.shared_document_language(&parts.uri, &parts.headers);
            return ready(declaration(&config, &parts, language));
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
        Route::Choice if is_read => return later(preferences(config, parts, language)),
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
    let policy = config.policy.clone();
    if !origin::accepts_post(&parts.headers, &parts.uri, &config.post_origins) {
        return ready(answer_with(StatusCode::FORBIDDEN, |t| &t.error_cross_site));
    }
    let format = match content_type(&parts.headers) {
        Some(format) => format,
        None => {
            return ready(answer_with(StatusCode::UNSUPPORTED_MEDIA_TYPE, |t| {
                &t.error_media_type
            }));
        }
    };
    let declared_length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > MAX_BODY as u64) {
        return ready(answer_with(StatusCode::PAYLOAD_TOO_LARGE, |t| {
            &t.error_too_large
        }));
    }
    let wants_json =
        format == Format::Json
            || parts.headers.get_all(header::ACCEPT).iter().any(|accept| {
                memchr::memmem::find(accept.as_bytes(), b"application/json").is_some()
            });
    // Tokio's timer, when there is a runtime to run it (hyper and axum servers run on
    // one, with timers on); elsewhere the server in front must bound the read.
    let deadline = tokio::runtime::Handle::try_current()
        .is_ok()
        .then(|| Box::pin(tokio::time::sleep(config.body_timeout)));
    EndpointFuture::Reading {
        body,
        deadline,
        buffer: Vec::new(),
        post: Some(PendingPost {
            facts: RequestFacts::read(&config, &parts),
            config: config.clone(),
            policy,
            format,
            wants_json,
            cookie_headers: parts
                .headers
                .get_all(header::COOKIE)
                .iter()
                .cloned()
                .collect(),
            scope: DeletionScope::new(
                crate::host::visible_host(&parts.headers, &parts.uri, &config.post_origins),
                parts.uri.path(),
            ),
            language,
            gpc: sends_gpc(&parts.headers),
        }),
    }
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
                            if buffer.len() + data.remaining() > MAX_BODY {
                                let post = post
                                    .as_ref()
                                    .expect("EndpointFuture polled after completion");
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

impl PendingPost {
    /// A plain answer in the post's language.
    fn message(&self, status: StatusCode, text: fn(&BannerTexts) -> &String) -> Response<Bytes> {
        message(&self.config, self.language, status, text, None)
    }

    /// `429 Too Many Requests`: a grant past the client's limit on receipts.
    fn too_many(&self, retry_after: u64) -> Response<Bytes> {
        let mut response = if self.wants_json {
            let texts = self.config.banner.texts(self.language.index);
            let body = serde_json::json!({
                "error": "too_many_choices",
                "message": texts.error_too_many,
            });
            let mut response = plain(StatusCode::TOO_MANY_REQUESTS, &body.to_string());
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            localized(response, self.language, texts)
        } else {
            self.message(StatusCode::TOO_MANY_REQUESTS, |texts| &texts.error_too_many)
        };
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        response
    }

    fn finish(self, body: &[u8]) -> Answer {
        let choice = match form::read_choice(body, self.format == Format::Json, &self.policy) {
            Ok(choice) => choice,
            Err(detail) => {
                return Answer::Now(message(
                    &self.config,
                    self.language,
                    StatusCode::BAD_REQUEST,
                    |t| &t.error_bad_form,
                    Some(&detail),
                ));
            }
        };
        let (granted, return_to, fields) = (choice.granted, choice.return_to, choice.fields);

        let previous = record::previous_choice(&self.config, &self.cookie_headers);
        let mut decision = Decision::record(&self.policy, granted);
        // Ticked one by one while the browser sends Global Privacy Control: an explicit
        // opt-in, which the signal does not override ("Accept all" is not one).
        if self.gpc && choice.ticked {
            decision.gpc_opt_ins = granted.and(self.policy.gpc_categories());
        }
        // A changed choice keeps its consent id, so that its receipts form one history.
        if let Some(previous) = &previous {
            decision.id = previous.id;
        }
        // A grant past the client's limit on receipts: nothing granted, no cookie.
        let limited = record::count_receipt(&self.config, previous.as_ref(), &self.facts);
        if let Some(limited) = limited
            && granted != CategorySet::NECESSARY_ONLY
        {
            return Answer::Now(self.too_many(limited.retry_after));
        }
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
        let carried = || self.cookie_headers.iter().map(HeaderValue::as_bytes);
        let holds_legacy = holds_legacy_consent(carried(), &self.policy);
        append_consent_cookie(headers, &self.policy, &decision, holds_legacy);
        if !self.wants_json {
            // The page the visitor returns to says that the choice was saved.
            append_saved_cookie(headers, &self.config);
        }
        let refused = refused_cookies(carried(), &self.policy, granted);
        append_deletions(headers, &self.policy, &refused, &self.scope);
        headers.insert(header::CACHE_CONTROL, NO_STORE);
        Recording {
            config: &self.config,
            previous: previous.as_ref(),
            decision: &decision,
            method: choice.method,
            return_to: return_to.as_deref().and_then(safe_return_to),
            wants_json: self.wants_json,
            facts: self.facts,
            language: self.language.index,
            gpc: self.gpc,
            fields,
            limited,
        }
        .answer(response)
    }
}

/// The short-lived cookie that makes the next page say "Your cookie choices were saved"
/// (`{consent cookie}_saved`, one minute, host-only; strictly necessary: it carries
/// nothing but the fact). The layer deletes it on the page that shows the message.
fn append_saved_cookie(headers: &mut HeaderMap, config: &Config) {
    let secure = config.policy.consent_cookie().secure;
    let value = format!(
        "{}=1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{}",
        config.saved_cookie,
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::try_from(value) {
        headers.append(header::SET_COOKIE, value);
    }
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

/// `GET {endpoint}`: the preferences page with the visitor's current choice (and their
/// receipt, read from the store, when receipts are recorded).
fn preferences(
    config: Arc<Config>,
    parts: http::request::Parts,
    language: ShownLanguage,
) -> Answer {
    let consent = record::visitor_consent(&config, &parts);
    if !consent.is_decided() || config.receipts.is_none() {
        return Answer::Now(preferences_page_response(
            &config, &parts, language, &consent, None,
        ));
    }
    Answer::Later(Box::pin(async move {
        let receipts = config.receipts.as_ref().expect("checked above");
        let shown = record::find_receipt(receipts, &consent).await;
        preferences_page_response(&config, &parts, language, &consent, Some(&shown))
    }))
}

fn preferences_page_response(
    config: &Config,
    parts: &http::request::Parts,
    language: ShownLanguage,
    consent: &Consent,
    receipt: Option<&crate::banner::ShownReceipt>,
) -> Response<Bytes> {
    let policy = &config.policy;
    let requested = parts.uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "return_to")
            .map(|(_, value)| value.into_owned())
    });
    let return_to = requested.as_deref().and_then(safe_return_to).unwrap_or("/");
    let page = preferences_page(
        policy,
        &config.banner,
        language.index,
        consent,
        return_to,
        receipt,
    );
    let mut response = read_response(parts, Bytes::from(page), "text/html; charset=utf-8");
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    headers.insert(header::CONTENT_SECURITY_POLICY, PAGE_CSP);
    if config.policy.honours_gpc() {
        vary_on(headers, "Sec-GPC");
    }
    localized(response, language, config.banner.texts(language.index))
}

/// `GET {endpoint}/cookies.json`: the cookie declaration in the visitor's language;
/// the same for every visitor of that language, so cacheable by shared caches.
fn declaration(
    config: &Config,
    parts: &http::request::Parts,
    language: ShownLanguage,
) -> Response<Bytes> {
    let texts = config.banner.texts(language.index);
    let document = documents::cookie_declaration(&config.policy, texts);
    let body = Bytes::from(document.to_string() + "\n");
    let mut response = read_response(parts, body, "application/json");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    localized(response, language, texts)
}

/// `GET /.well-known/gpc.json`.
fn gpc_support(config: &Config, parts: &http::request::Parts) -> Response<Bytes> {
    let body = Bytes::from(documents::gpc_support(&config.policy).to_string() + "\n");
    let mut response = read_response(parts, body, "application/json");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

/// `GET {endpoint}/banner.css`.
fn stylesheet(config: &Config, parts: &http::request::Parts) -> Response<Bytes> {
    let banner = &config.banner;
    let css = banner.css().clone();
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
