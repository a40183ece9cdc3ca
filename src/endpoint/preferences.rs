//! `GET {endpoint}`: the preferences page, with the visitor's current choice and, when
//! receipts are recorded, their receipt read from the store.

use std::sync::Arc;

use bytes::Bytes;
use http::Response;
use http::header;

use super::record::{self, Answer};
use super::{NO_STORE, PAGE_CSP, localized, read_response, safe_return_to};
use crate::banner::preferences_page;
use crate::config::{Config, ShownLanguage};
use crate::consent::Consent;
use crate::headers::vary_on;

/// `GET {endpoint}`: the preferences page with the visitor's current choice (and their
/// receipt, read from the store, when receipts are recorded).
pub(super) fn preferences(
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
