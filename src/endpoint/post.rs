//! `POST {endpoint}`: a choice made, changed or withdrawn. Checked from the request's
//! headers when it arrives (origin, media type, declared length), answered once its body
//! has been read: the consent cookie, deletions, the "saved" cookie, and the receipt
//! (a grant's answer waits for its commit).

use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Response, StatusCode};

use super::form::safe_return_to;
use super::record::{self, Answer, Recording, RequestFacts};
use super::{EndpointFuture, MAX_BODY, NO_STORE, form, localized, message, origin, plain};
use crate::config::{Config, Place, ShownLanguage};
use crate::consent::Decision;
use crate::headers::sends_gpc;
use crate::policy::BannerTexts;
use crate::policy::{CategorySet, Policy};
use crate::set_cookie::{
    DeletionScope, add_observed_places, append_consent_cookie, append_deletions,
    holds_legacy_consent, refused_cookies, withdrawal_deletions,
};

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
    /// Where the visitor was, and the regime the choice is made under.
    place: Place,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Form,
    Json,
}

/// A post to the endpoint: refused at once (origin, media type, declared length), or
/// read up to [`MAX_BODY`] within the configured timeout and then answered.
pub(super) fn start<B>(
    config: Arc<Config>,
    parts: http::request::Parts,
    body: B,
    language: ShownLanguage,
) -> EndpointFuture<B> {
    let ready = |response| EndpointFuture::Ready {
        response: Some(response),
    };
    let answer_with =
        |status, text: fn(&BannerTexts) -> &String| message(&config, language, status, text, None);
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
        post: Some(super::Pending::Choice(PendingPost {
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
            place: config.place(&parts.uri, &parts.headers),
        })),
    }
}

impl PendingPost {
    /// A plain answer in the post's language.
    pub(super) fn message(
        &self,
        status: StatusCode,
        text: fn(&BannerTexts) -> &String,
    ) -> Response<Bytes> {
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

    pub(super) fn finish(self, body: &[u8]) -> Answer {
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
        let (mut granted, return_to, fields) = (choice.granted, choice.return_to, choice.fields);
        // "Accept all" under Global Privacy Control grants everything but what the
        // signal refuses: the cookie and the receipt say what applies.
        if self.gpc && choice.refuses_gpc_categories_under_signal {
            granted = granted.without(self.policy.gpc_categories());
        }

        let previous = record::previous_choice(&self.config, &self.cookie_headers);
        // A placeholder's button adds its category to what the visitor allows now: their
        // choice, or before any the regime's default (so a first visitor has chosen
        // that category and, under `consent`, refused the others).
        let added = granted;
        if choice.adds_to_choice {
            let before = previous.as_ref().map_or(
                self.policy.undecided_grants(self.place.regime),
                |previous| previous.granted,
            );
            granted = before.or(added);
        }
        let mut decision = Decision::record(&self.policy, granted);
        // Ticked one by one while the browser sends Global Privacy Control: an explicit
        // opt-in, which the signal does not override ("Accept all" is not one).
        if self.gpc && choice.ticked {
            decision.gpc_opt_ins = granted.and(self.policy.gpc_categories());
        }
        // A placeholder's button is one too, for its category; the earlier ones stay.
        if self.gpc && choice.adds_to_choice {
            let earlier = previous
                .as_ref()
                .map_or(CategorySet::NECESSARY_ONLY, |previous| previous.gpc_opt_ins);
            decision.gpc_opt_ins = earlier.or(added.and(self.policy.gpc_categories()));
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
        // What was allowed before this post (the last choice, or the regime's default)
        // and is refused now: a withdrawal, which reaches every declared place of those
        // categories' cookies, not only the copies this post carried (see
        // "Withdrawal" in the crate docs).
        let allowed_before = previous.as_ref().map_or(
            self.policy.undecided_grants(self.place.regime),
            |previous| previous.granted,
        );
        let withdrawn = allowed_before.without(granted);
        let opt_ins = self.policy.withdrawal();
        let mut refused = refused_cookies(carried(), &self.policy, granted);
        if withdrawn.has_optional() {
            refused = withdrawal_deletions(
                refused,
                carried(),
                &self.policy,
                withdrawn,
                opt_ins.delete_undeclared,
            );
            // Where the application was seen setting them, when discovery is on.
            if let Some(discovery) = &self.config.discovery {
                add_observed_places(
                    &mut refused,
                    discovery.set_places(),
                    &self.policy,
                    withdrawn,
                );
            }
        }
        append_deletions(headers, &self.policy, &refused, &self.scope);
        if opt_ins.clear_storage && withdrawn.has_optional() {
            headers.insert(
                HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"storage\""),
            );
        }
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
            place: self.place,
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
