//! The operator's pages, open only to the requests the layer's
//! [`AdminAccess`](crate::AdminAccess) accepts (others are not routed here at all):
//!
//! - `GET {endpoint}/admin`: how visitors choose, by UTC day over a period (`from`,
//!   `to`: `YYYY-MM-DD`, at most 366 days; the last 30 days by default), as charts with
//!   their numbers (`page`), or `format=json` / `format=csv`;
//! - `GET {endpoint}/admin/subject`: a data-subject request, every receipt of a consent
//!   id (`id=`, or `cookie=` the consent cookie's value a visitor shows) with the
//!   notices they name, as a printable page or `format=json`;
//! - `GET`/`POST {endpoint}/admin/login`: the form that sets the admin cookie, when the
//!   access is a bearer token.
//!
//! Every parameter is read strictly (an unknown one, one given twice, a malformed or too
//! long period: 400 saying which), even after the access check passed.

mod page;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Response, StatusCode};

use super::record::Answer;
use super::{EndpointFuture, NO_STORE, origin, plain, read_response};
use crate::admin_access::{ADMIN_COOKIE, ADMIN_COOKIE_MAX_AGE};
use crate::config::Config;
use crate::consent::ConsentId;
use crate::receipts::{Figures, Receipt, day_format, day_start, parse_utc};

/// The longest period the figures cover, in days.
pub(crate) const MAX_DAYS: u64 = 366;

/// The period shown when none is asked for, in days (today included).
const DEFAULT_DAYS: u64 = 30;

/// A login body is a token and a few bytes of form encoding.
const MAX_LOGIN_BODY: usize = 1024;

/// The operator's paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    /// `{endpoint}/admin`: the figures.
    Figures,
    /// `{endpoint}/admin/subject`: a data-subject request.
    Subject,
    /// `{endpoint}/admin/login`: the token's login form.
    Login,
}

impl Page {
    /// The page `rest` (the path after the endpoint) names.
    pub(crate) fn from_path(rest: &str) -> Option<Self> {
        match rest {
            "/admin" => Some(Self::Figures),
            "/admin/subject" => Some(Self::Subject),
            "/admin/login" => Some(Self::Login),
            _ => None,
        }
    }
}

/// Whether `page` is the layer's for this request: the access is set, the receipts it
/// reads are recorded, and the access accepts the request (the login form: whenever the
/// access is a token).
pub(crate) fn is_open(config: &Config, page: Page, request: &http::request::Parts) -> bool {
    let Some(access) = &config.admin else {
        return false;
    };
    if config.receipts.is_none() {
        return false;
    }
    match page {
        Page::Login => access.has_token(),
        Page::Figures | Page::Subject => access.allows(request),
    }
}

/// Answers one of the operator's pages (already found open).
pub(super) fn answer<B>(
    config: Arc<Config>,
    page: Page,
    parts: http::request::Parts,
    body: B,
) -> EndpointFuture<B> {
    let is_read = parts.method == Method::GET || parts.method == Method::HEAD;
    // A read's parameters are checked first: a 400 says what is wrong.
    let checked = |answer: Result<Answer, String>| {
        answer.unwrap_or_else(|message| Answer::Now(bad_request(&message)))
    };
    let answer = match page {
        Page::Figures if is_read => checked(figures(config, parts)),
        Page::Subject if is_read => checked(subject(config, parts)),
        Page::Login if is_read => Answer::Now(login_form(&config, &parts, StatusCode::OK)),
        Page::Login if parts.method == Method::POST => return start_login(config, parts, body),
        Page::Login => Answer::Now(allowing("GET, HEAD, POST")),
        Page::Figures | Page::Subject => Answer::Now(allowing("GET, HEAD")),
    };
    match answer {
        Answer::Now(response) => EndpointFuture::Ready {
            response: Some(response),
        },
        Answer::Later(answer) => EndpointFuture::Waiting { answer },
    }
}

fn allowing(allow: &'static str) -> Response<Bytes> {
    let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// A query's parameters, each allowed once, none unknown.
fn parameters(
    query: Option<&str>,
    known: &[&'static str],
) -> Result<Vec<(&'static str, String)>, String> {
    let mut found: Vec<(&'static str, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let Some(name) = known.iter().find(|name| **name == key) else {
            return Err(format!(
                "unknown parameter {:?} (known: {})",
                truncated(&key),
                known.join(", ")
            ));
        };
        if found.iter().any(|(seen, _)| seen == name) {
            return Err(format!("the parameter {name} is given twice"));
        }
        found.push((name, value.into_owned()));
    }
    Ok(found)
}

/// At most 40 characters of what a client sent, for an error message.
fn truncated(text: &str) -> String {
    text.chars().take(40).collect()
}

fn parameter<'a>(found: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    found
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.as_str())
}

/// How an answer is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Html,
    Json,
    Csv,
}

fn format(found: &[(&'static str, String)], allowed: &[Format]) -> Result<Format, String> {
    let format = match parameter(found, "format") {
        None | Some("html") => Format::Html,
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some(other) => return Err(format!("unknown format {:?}", truncated(other))),
    };
    if allowed.contains(&format) {
        Ok(format)
    } else {
        Err("this page has no CSV form (html or json)".to_owned())
    }
}

/// A period of whole UTC days, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) first_day: SystemTime,
    pub(crate) days: u64,
}

impl Period {
    fn read(found: &[(&'static str, String)], today: SystemTime) -> Result<Self, String> {
        let day = |name: &str| -> Result<Option<SystemTime>, String> {
            parameter(found, name)
                .map(|text| {
                    // Only a date: `parse_utc` also reads a full time.
                    (text.len() == 10)
                        .then(|| parse_utc(text))
                        .flatten()
                        .ok_or_else(|| format!("{name} is not a date (YYYY-MM-DD)"))
                })
                .transpose()
        };
        let last = day("to")?.unwrap_or_else(|| day_start(today));
        let first = match day("from")? {
            Some(first) => first,
            None => last
                .checked_sub(Duration::from_secs((DEFAULT_DAYS - 1) * 86_400))
                .unwrap_or(SystemTime::UNIX_EPOCH),
        };
        let span = last
            .duration_since(first)
            .map_err(|_| "from is after to".to_owned())?;
        let days = span.as_secs() / 86_400 + 1;
        if days > MAX_DAYS {
            return Err(format!("the period is at most {MAX_DAYS} days"));
        }
        Ok(Self {
            first_day: first,
            days,
        })
    }

    fn end(&self) -> SystemTime {
        self.first_day + Duration::from_secs(self.days * 86_400)
    }

    fn last_day(&self) -> SystemTime {
        self.first_day + Duration::from_secs((self.days - 1) * 86_400)
    }
}

/// `503`: the store failed (the operator's log says how).
fn unavailable(error: &crate::receipts::StoreError, what: &str) -> Response<Bytes> {
    tracing::error!(%error, "{what} could not read the receipts");
    plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "the receipts store cannot be read right now",
    )
}

fn bad_request(message: &str) -> Response<Bytes> {
    plain(StatusCode::BAD_REQUEST, message)
}

/// The receipts' store (the pages are routed only when receipts are recorded).
fn store_of(config: &Config) -> &Arc<dyn crate::receipts::ReceiptStore> {
    config
        .receipts
        .as_ref()
        .expect("checked when routed")
        .recorder
        .store()
}

/// `GET {endpoint}/admin`.
fn figures(config: Arc<Config>, parts: http::request::Parts) -> Result<Answer, String> {
    let found = parameters(parts.uri.query(), &["from", "to", "format"])?;
    let format = format(&found, &[Format::Html, Format::Json, Format::Csv])?;
    let period = Period::read(&found, SystemTime::now())?;
    Ok(Answer::Later(Box::pin(async move {
        let store = store_of(&config);
        let counts = match store.choice_counts(period.first_day, period.end()).await {
            Ok(counts) => counts,
            Err(error) => return unavailable(&error, "the consent figures"),
        };
        let days = usize::try_from(period.days).unwrap_or(usize::MAX);
        let figures = Figures::from_counts(&config.policy, period.first_day, days, &counts);
        let (body, content_type) = match format {
            Format::Html => (
                page::figures_page(&config, &figures),
                "text/html; charset=utf-8",
            ),
            Format::Json => (figures_json(&figures), "application/json"),
            Format::Csv => (figures_csv(&figures), "text/csv; charset=utf-8"),
        };
        let mut response = read_response(&parts, Bytes::from(body), content_type);
        private(&mut response, format);
        if format == Format::Csv {
            let name = format!(
                "attachment; filename=\"consent-figures-{}-{}.csv\"",
                day_format(period.first_day),
                day_format(period.last_day())
            );
            if let Ok(value) = HeaderValue::from_str(&name) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
        }
        response
    })))
}

/// The headers every operator answer has: never stored, never framed, never indexed;
/// the HTML pages under their own CSP.
fn private(response: &mut Response<Bytes>, format: Format) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if format == Format::Html {
        headers.insert(header::CONTENT_SECURITY_POLICY, page::csp());
    }
}

/// The figures as JSON: the period, then each dimension's series, day by day.
pub(crate) fn figures_json(figures: &Figures) -> String {
    let series = |all: &[crate::receipts::Series]| -> Vec<serde_json::Value> {
        all.iter()
            .map(|series| {
                let days: Vec<serde_json::Value> = series
                    .days
                    .iter()
                    .enumerate()
                    .map(|(index, day)| {
                        serde_json::json!({
                            "day": day_format(figures.day(index)),
                            "choices": day.choices,
                            "accepted": day.accepted,
                            "refused": day.refused,
                        })
                    })
                    .collect();
                serde_json::json!({ "key": series.key, "label": series.label, "days": days })
            })
            .collect()
    };
    let body = serde_json::json!({
        "from": day_format(figures.first_day),
        "to": day_format(figures.day(figures.days.saturating_sub(1))),
        "categories": series(&figures.categories),
        "languages": series(&figures.languages),
        "methods": series(&figures.methods),
        "regions": series(&figures.regions),
    });
    body.to_string() + "\n"
}

/// The figures as CSV (RFC 4180: a header row, CRLF line ends), one row per series and
/// day.
pub(crate) fn figures_csv(figures: &Figures) -> String {
    let mut csv = String::from("dimension,key,day,choices,accepted,refused\r\n");
    let dimensions = [
        ("category", &figures.categories),
        ("language", &figures.languages),
        ("method", &figures.methods),
        ("region", &figures.regions),
    ];
    for (dimension, all) in dimensions {
        for series in all {
            for (index, day) in series.days.iter().enumerate() {
                csv.push_str(&format!(
                    "{dimension},{},{},{},{},{}\r\n",
                    csv_field(&series.key),
                    day_format(figures.day(index)),
                    day.choices,
                    day.accepted,
                    day.refused
                ));
            }
        }
    }
    csv
}

/// A CSV field: quoted when it holds a separator, a quote or a line end, and kept from
/// being read as a formula by a spreadsheet (a leading `=`, `+`, `-`, `@` gets a `'`).
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `GET {endpoint}/admin/subject`.
fn subject(config: Arc<Config>, parts: http::request::Parts) -> Result<Answer, String> {
    let found = parameters(parts.uri.query(), &["id", "cookie", "format"])?;
    let format = format(&found, &[Format::Html, Format::Json])?;
    let id = match (parameter(&found, "id"), parameter(&found, "cookie")) {
        (Some(id), None) => ConsentId::parse_hex(id.as_bytes())
            .ok_or("id is not a consent id (32 lowercase hex digits)")?,
        (None, Some(cookie)) => {
            consent_id_in_cookie(&config, cookie).ok_or("cookie is not a consent cookie's value")?
        }
        (None, None) => return Err("give id (a consent id) or cookie".to_owned()),
        (Some(_), Some(_)) => return Err("give id or cookie, not both".to_owned()),
    };
    Ok(Answer::Later(Box::pin(async move {
        let store = store_of(&config);
        let read = async {
            let history = store.receipts_of(id).await?;
            let mut notices = Vec::new();
            for receipt in &history {
                let hash = receipt.notice_hash;
                if notices.iter().any(|(seen, _)| *seen == hash) {
                    continue;
                }
                notices.push((hash, store.notice(hash).await?));
            }
            Ok::<_, crate::receipts::StoreError>((history, notices))
        };
        let (history, notices) = match read.await {
            Ok(read) => read,
            Err(error) => return unavailable(&error, "a data-subject request"),
        };
        let (body, content_type) = match format {
            Format::Json => (subject_json(id, &history, &notices), "application/json"),
            _ => (
                page::subject_page(&config, id, &history, &notices),
                "text/html; charset=utf-8",
            ),
        };
        let mut response = read_response(&parts, Bytes::from(body), content_type);
        private(&mut response, format);
        response
    })))
}

/// The consent id in a consent cookie's value (`1.<revision>.<time>.<granted>.<id>`,
/// maybe signed, maybe with the cookie's name before it), whatever its revision or age:
/// a visitor may ask about an old choice.
fn consent_id_in_cookie(config: &Config, cookie: &str) -> Option<ConsentId> {
    let name = config.policy.consent_cookie_name();
    let value = cookie
        .trim()
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('='))
        .unwrap_or(cookie.trim());
    let mut fields = value.split('.');
    if fields.next() != Some("1") {
        return None;
    }
    ConsentId::parse_hex(fields.nth(3)?.as_bytes())
}

type Notices = [(crate::receipts::NoticeHash, Option<crate::receipts::Notice>)];

/// A data-subject request as JSON: the consent id, the receipts (each in its public
/// form, fields in their documented order), then each notice they name, once (`text`
/// `null` when it is not stored).
fn subject_json(id: ConsentId, history: &[Receipt], notices: &Notices) -> String {
    let text = |value: &str| serde_json::Value::from(value).to_string();
    let receipts: Vec<String> = history.iter().map(Receipt::to_json).collect();
    let notices: Vec<String> = notices
        .iter()
        .map(|(hash, notice)| match notice {
            Some(notice) => format!(
                "{{\"notice_hash\":\"{hash}\",\"policy_revision\":{},\"language\":{},\"text\":{}}}",
                notice.policy_revision,
                text(&notice.language),
                text(&notice.text)
            ),
            None => format!("{{\"notice_hash\":\"{hash}\",\"text\":null}}"),
        })
        .collect();
    format!(
        "{{\"consent_id\":\"{id}\",\"receipts\":[{}],\"notices\":[{}]}}\n",
        receipts.join(","),
        notices.join(",")
    )
}

/// The login form (`status`: 200, or 403 after a wrong token).
fn login_form(
    config: &Config,
    parts: &http::request::Parts,
    status: StatusCode,
) -> Response<Bytes> {
    let body = page::login_page(config, status == StatusCode::FORBIDDEN);
    let mut response = read_response(parts, Bytes::from(body), "text/html; charset=utf-8");
    *response.status_mut() = status;
    private(&mut response, Format::Html);
    response
}

/// What answering a login needs once its body has arrived.
pub(crate) struct PendingLogin {
    config: Arc<Config>,
    parts: http::request::Parts,
}

fn start_login<B>(config: Arc<Config>, parts: http::request::Parts, body: B) -> EndpointFuture<B> {
    let ready = |response| EndpointFuture::Ready {
        response: Some(response),
    };
    // A login from another site would sign the operator's browser in with someone
    // else's token: the endpoint's Fetch Metadata rule applies.
    if !origin::accepts_post(&parts.headers, &parts.uri, &config.post_origins) {
        return ready(plain(StatusCode::FORBIDDEN, "cross-site login refused"));
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return ready(plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "post the login form (application/x-www-form-urlencoded)",
        ));
    }
    let deadline = tokio::runtime::Handle::try_current()
        .ok()
        .map(|_| Box::pin(tokio::time::sleep(config.body_timeout)));
    EndpointFuture::Reading {
        body,
        buffer: Vec::new(),
        post: Some(super::Pending::Login(PendingLogin { config, parts })),
        deadline,
    }
}

impl PendingLogin {
    /// The most a login body may hold.
    pub(super) fn limit(&self) -> usize {
        MAX_LOGIN_BODY
    }

    pub(super) fn message(&self, status: StatusCode) -> Response<Bytes> {
        let text = match status {
            StatusCode::REQUEST_TIMEOUT => "the login form was not received in time",
            StatusCode::PAYLOAD_TOO_LARGE => "the login form is too large",
            _ => "the login form could not be read",
        };
        plain(status, text)
    }

    /// The token right: the admin cookie and a redirect to the figures; wrong: the form
    /// again, 403.
    pub(super) fn finish(self, body: &[u8]) -> Response<Bytes> {
        let mut token = None;
        for (key, value) in form_urlencoded::parse(body) {
            if key == "token" {
                if token.is_some() {
                    return self.message(StatusCode::BAD_REQUEST);
                }
                token = Some(value.into_owned());
            }
        }
        let access = self.config.admin.as_ref().expect("checked when routed");
        let (Some(token), Some(cookie)) = (token, access.cookie_value()) else {
            return login_form(&self.config, &self.parts, StatusCode::FORBIDDEN);
        };
        if !access.token_matches(&token) {
            return login_form(&self.config, &self.parts, StatusCode::FORBIDDEN);
        }
        let endpoint = self.config.policy.endpoint();
        let secure = if self.config.policy.consent_cookie().secure {
            "; Secure"
        } else {
            ""
        };
        let set_cookie = format!(
            "{ADMIN_COOKIE}={cookie}; Path={endpoint}/admin; Max-Age={ADMIN_COOKIE_MAX_AGE}; \
             HttpOnly; SameSite=Strict{secure}"
        );
        let mut response = plain(StatusCode::SEE_OTHER, "signed in");
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&set_cookie) {
            headers.insert(header::SET_COOKIE, value);
        }
        if let Ok(value) = HeaderValue::from_str(&format!("{endpoint}/admin")) {
            headers.insert(header::LOCATION, value);
        }
        response
    }
}
