//! The endpoint's side of receipts: recording a posted choice (a grant's answer waits
//! for its commit), the 503 when it cannot be saved, the visitor's receipt as JSON
//! (`GET {endpoint}/receipt`) and on the preferences page.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method as HttpMethod, Response, StatusCode};

use super::{NO_STORE, PAGE_CSP};
use crate::banner::LanguageIndex;
use crate::banner::{ShownReceipt, not_saved_page};
use crate::config::{Config, Place, ReceiptConfig};
use crate::consent::{Consent, Decision, read_consent, unix_now};
use crate::receipts::{BoxFuture, ChoiceMade, LimitKey, Limited, Method, Receipt, Recorded};

/// `User-Agent` values are cut to this many bytes in receipts.
const MAX_USER_AGENT: usize = 512;

/// An answer known now, or once a store has answered.
pub(crate) enum Answer {
    Now(Response<Bytes>),
    Later(BoxFuture<'static, Response<Bytes>>),
}

/// What a post's receipt takes from the request's head (the body comes later).
#[derive(Default)]
pub(crate) struct RequestFacts {
    user_agent: Option<String>,
    client_address: Option<String>,
    /// The client's key for the receipt limit, when the operator says how to find its
    /// address.
    limit_client: Option<LimitKey>,
}

impl RequestFacts {
    pub(crate) fn read(config: &Config, parts: &http::request::Parts) -> Self {
        let Some(receipts) = &config.receipts else {
            return Self::default();
        };
        let options = receipts.recorder.options();
        let user_agent = options
            .records_user_agent()
            .then(|| parts.headers.get(header::USER_AGENT))
            .flatten()
            .map(|value| {
                let text = String::from_utf8_lossy(value.as_bytes());
                let mut end = text.len().min(MAX_USER_AGENT);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].to_owned()
            });
        Self {
            user_agent,
            client_address: options.client_address(parts),
            limit_client: receipts
                .limiter
                .as_ref()
                .and_then(|limiter| limiter.settings().client_key(parts)),
        }
    }
}

/// Counts a post's receipt against the per-client limit (by the consent id it keeps,
/// and the client's address when known); the limit it went past, if any.
pub(crate) fn count_receipt(
    config: &Config,
    previous: Option<&Decision>,
    facts: &RequestFacts,
) -> Option<Limited> {
    let limiter = config.receipts.as_ref()?.limiter.as_ref()?;
    let keys: Vec<LimitKey> = previous
        .map(|previous| LimitKey::consent(previous.id))
        .into_iter()
        .chain(facts.limit_client)
        .collect();
    limiter.count(&keys)
}

/// A post's choice, ready to answer with `response`.
pub(crate) struct Recording<'a> {
    pub(crate) config: &'a Arc<Config>,
    pub(crate) previous: Option<&'a Decision>,
    pub(crate) decision: &'a Decision,
    pub(crate) method: Method,
    /// The safe `return_to`, if the post had one.
    pub(crate) return_to: Option<&'a str>,
    pub(crate) wants_json: bool,
    pub(crate) facts: RequestFacts,
    /// The language the visitor chose in (their receipt records its notice).
    pub(crate) language: LanguageIndex,
    /// The post carried Global Privacy Control (the notice shown differs).
    pub(crate) gpc: bool,
    /// Where the visitor was, and the regime (the notice shown differs).
    pub(crate) place: Place,
    /// The posted fields, for "Try again" when the choice cannot be saved.
    pub(crate) fields: Vec<(&'static str, String)>,
    /// A refusal past the client's limit: its receipt is coalesced.
    pub(crate) limited: Option<Limited>,
}

impl Recording<'_> {
    /// Records the choice's receipt: a grant is answered with `response` once the
    /// receipt is committed (else 503), a refusal with `response` whatever the store does.
    pub(crate) fn answer(self, response: Response<Bytes>) -> Answer {
        let Some(receipts) = &self.config.receipts else {
            return Answer::Now(response);
        };
        let notice = receipts.notice(self.language, self.place.regime, self.gpc);
        let receipt = Receipt::of_choice(ChoiceMade {
            region: self.place.region,
            regime: self.place.regime,
            policy: &self.config.policy,
            notice,
            previous: self.previous,
            decision: self.decision,
            method: self.method,
            path: self.return_to,
            user_agent: self.facts.user_agent,
            client_address: self.facts.client_address,
        });
        let (recorder, retention) = (&receipts.recorder, receipts.retention);
        if receipt.is_grant() {
            let commit = recorder.commit_grant(receipt, notice.clone(), retention);
            let config = self.config.clone();
            let return_to = self.return_to.unwrap_or("/").to_owned();
            let wants_json = self.wants_json;
            let language = self.language;
            let fields = self.fields;
            Answer::Later(Box::pin(async move {
                match commit.await {
                    Ok(()) => response,
                    Err(_) => not_saved(&config, language, wants_json, &return_to, &fields),
                }
            }))
        } else {
            // Past the client's limit the refusal still takes effect (the response is
            // sent as is), but its receipt joins the window's one coalesced receipt.
            let receipt = match (self.limited, &receipts.limiter) {
                (Some(limited), Some(limiter)) => {
                    match limiter.hold(limited, receipt, notice.clone()) {
                        Ok(()) => return Answer::Now(response),
                        Err(receipt) => *receipt,
                    }
                }
                _ => receipt,
            };
            match recorder.record_refusal(receipt, notice.clone(), retention) {
                Recorded::Queued(wait) => Answer::Later(Box::pin(async move {
                    // Answered whatever the store does: the receipt stays queued.
                    let _ = wait.await;
                    response
                })),
                Recorded::Dropped => Answer::Now(response),
            }
        }
    }
}

/// `503 Service Unavailable`: the choice could not be saved, nothing was granted.
fn not_saved(
    config: &Config,
    language: LanguageIndex,
    wants_json: bool,
    return_to: &str,
    fields: &[(&'static str, String)],
) -> Response<Bytes> {
    let texts = &config.banner.texts(language).receipt;
    let (body, content_type) = if wants_json {
        let body = serde_json::json!({
            "error": "choice_not_saved",
            "message": texts.not_saved,
        });
        (body.to_string() + "\n", "application/json")
    } else {
        (
            not_saved_page(&config.banner, language, return_to, fields),
            "text/html; charset=utf-8",
        )
    };
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    if !wants_json {
        headers.insert(header::CONTENT_SECURITY_POLICY, PAGE_CSP);
    }
    response
}

/// The visitor's choice as the request's consent cookie holds it.
pub(crate) fn visitor_consent(config: &Config, parts: &http::request::Parts) -> Consent {
    let policy = &config.policy;
    let cookies = || {
        parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .map(HeaderValue::as_bytes)
    };
    let gpc = crate::headers::sends_gpc(&parts.headers);
    let place = config.place(&parts.uri, &parts.headers);
    Consent::new(
        policy.clone(),
        read_consent(cookies, policy, unix_now()),
        gpc,
        place.region,
        place.regime,
    )
}

/// The previous valid choice carried by a post's cookies.
pub(crate) fn previous_choice(config: &Config, cookie_headers: &[HeaderValue]) -> Option<Decision> {
    let cookies = || cookie_headers.iter().map(HeaderValue::as_bytes);
    read_consent(cookies, &config.policy, unix_now()).ok()
}

/// Looks up the store's receipt of the visitor's current choice: the one with the
/// consent cookie's id, time and categories (the latest, if several match).
pub(crate) async fn find_receipt(receipts: &ReceiptConfig, consent: &Consent) -> ShownReceipt {
    let (Some(id), Some(decided_at)) = (consent.consent_id(), consent.decided_at()) else {
        return ShownReceipt::Missing;
    };
    // The choice as recorded, not as the signal applies it now.
    let Some(decision) = consent.decision() else {
        return ShownReceipt::Missing;
    };
    let policy = consent.policy();
    let granted: Vec<String> = policy
        .categories_in(decision.granted)
        .skip(1)
        .map(|category| category.id().to_owned())
        .collect();
    let store = receipts.recorder.store().clone();
    // One indexed row, never the whole history: a consent id can carry thousands of
    // receipts (each post keeps it), and this page is anyone's to load in a loop.
    let lookup = store.receipt_of_choice(id, decided_at, &granted);
    match tokio::time::timeout(receipts.recorder.options().timeout(), lookup).await {
        Ok(Ok(found)) => found.map_or(ShownReceipt::Missing, |receipt| {
            ShownReceipt::Found(Box::new(receipt.for_visitor()))
        }),
        Ok(Err(error)) => {
            tracing::warn!(%error, "the visitor's receipt could not be read");
            ShownReceipt::Unavailable
        }
        Err(_) => ShownReceipt::Unavailable,
    }
}

/// `GET {endpoint}/receipt`: the visitor's receipt as JSON.
pub(crate) fn receipt_json(config: Arc<Config>, parts: http::request::Parts) -> Answer {
    let consent = visitor_consent(&config, &parts);
    let head = parts.method == HttpMethod::HEAD;
    if config.receipts.is_none() {
        return Answer::Now(json_error(
            StatusCode::NOT_FOUND,
            "receipts_off",
            "this site does not record receipts",
            head,
        ));
    }
    if !consent.is_decided() {
        return Answer::Now(json_error(
            StatusCode::NOT_FOUND,
            "no_choice",
            "no choice is recorded in this browser",
            head,
        ));
    }
    Answer::Later(Box::pin(async move {
        let Some(receipts) = &config.receipts else {
            unreachable!("checked above");
        };
        match find_receipt(receipts, &consent).await {
            ShownReceipt::Found(receipt) => {
                json_response(StatusCode::OK, receipt.to_json() + "\n", head)
            }
            ShownReceipt::Missing => json_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no receipt was found for this choice",
                head,
            ),
            ShownReceipt::Unavailable => json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "store_unavailable",
                "the receipt cannot be read right now",
                head,
            ),
        }
    }))
}

fn json_error(status: StatusCode, error: &str, message: &str, head: bool) -> Response<Bytes> {
    let body = serde_json::json!({ "error": error, "message": message });
    json_response(status, body.to_string() + "\n", head)
}

fn json_response(status: StatusCode, body: String, head: bool) -> Response<Bytes> {
    let length = HeaderValue::from(body.len());
    let mut response = Response::new(if head {
        Bytes::new()
    } else {
        Bytes::from(body)
    });
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, length);
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    response
}
