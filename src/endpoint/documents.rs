//! The endpoint's documents: the cookie declaration (`GET {endpoint}/cookies.json`, in
//! the visitor's language), the Global Privacy Control support resource
//! (`GET /.well-known/gpc.json`) and the banner's stylesheet
//! (`GET {endpoint}/banner.css`).

use bytes::Bytes;
use http::Response;
use http::header::{self, HeaderValue};
use serde_json::{Value, json};

use super::{localized, read_response};
use crate::config::{Config, ShownLanguage};

use crate::banner::providers;
use crate::policy::BannerTexts;
use crate::policy::Policy;

/// The cookie declaration in the language of `texts`: every category with its label,
/// purpose, the third parties that receive its data and its cookies (the consent
/// cookie first among the necessary ones), each with its name, provider, duration,
/// purpose and the places it can be set.
pub(crate) fn cookie_declaration(policy: &Policy, texts: &BannerTexts) -> Value {
    let lang = texts.lang.as_str();
    let consent_days = policy.consent_lifetime().as_secs() / 86_400;
    let categories: Vec<Value> = policy
        .indexed_categories()
        .map(|(index, category)| {
            let mut cookies = Vec::new();
            if index.is_necessary() {
                cookies.push(json!({
                    "name": policy.consent_cookie_name(),
                    "prefix": false,
                    "provider": "",
                    "duration": texts
                        .consent_cookie_duration
                        .replace("{days}", &consent_days.to_string()),
                    "purpose": texts.consent_cookie_purpose,
                    "locations": consent_cookie_locations(policy),
                }));
            }
            for rule in policy
                .rules()
                .iter()
                .filter(|rule| rule.category() == category.id())
            {
                let pattern = rule.pattern().to_string();
                let prefix = pattern.ends_with('*');
                let mut locations = vec![json!({ "domain": null, "path": "/" })];
                locations.extend(rule.locations().iter().map(
                    |location| json!({ "domain": location.domain(), "path": location.path() }),
                ));
                cookies.push(json!({
                    "name": pattern.strip_suffix('*').unwrap_or(&pattern),
                    "prefix": prefix,
                    "provider": rule.provider,
                    "duration": rule.duration,
                    "purpose": rule.purpose_in(lang),
                    "locations": locations,
                }));
            }
            json!({
                "id": category.id(),
                "label": category.label_in(lang),
                "purpose": category.purpose_in(lang),
                "required": index.is_necessary(),
                "sells_or_shares": policy.gpc_categories().contains(index) && !index.is_necessary(),
                "allowed_until_objected": policy.until_objected().contains(index)
                    && !index.is_necessary(),
                "third_parties": providers(policy, category.id()),
                "cookies": cookies,
            })
        })
        .collect();
    json!({
        "language": lang,
        "policy_revision": policy.revision(),
        "consent_lifetime_days": consent_days,
        "categories": categories,
    })
}

fn consent_cookie_locations(policy: &Policy) -> Value {
    let domain = policy.consent_cookie().domain.as_deref();
    json!([{ "domain": domain, "path": "/" }])
}

/// `/.well-known/gpc.json` (W3C Global Privacy Control, section 3.3): the site honours
/// the signal, and when its support last changed.
pub(crate) fn gpc_support(policy: &Policy) -> Value {
    match policy.gpc_last_update() {
        Some(date) => json!({ "gpc": true, "lastUpdate": date }),
        None => json!({ "gpc": true }),
    }
}

/// `GET {endpoint}/cookies.json`: the cookie declaration in the visitor's language;
/// the same for every visitor of that language, so cacheable by shared caches.
pub(super) fn declaration(
    config: &Config,
    parts: &http::request::Parts,
    language: ShownLanguage,
) -> Response<Bytes> {
    let texts = config.banner.texts(language.index);
    let document = cookie_declaration(&config.policy, texts);
    let body = Bytes::from(document.to_string() + "\n");
    let mut response = read_response(parts, body, "application/json");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    localized(response, language, texts)
}

/// `GET /.well-known/gpc.json`.
pub(super) fn gpc_support_response(
    config: &Config,
    parts: &http::request::Parts,
) -> Response<Bytes> {
    let body = Bytes::from(gpc_support(&config.policy).to_string() + "\n");
    let mut response = read_response(parts, body, "application/json");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

/// `GET {endpoint}/banner.css`.
pub(super) fn stylesheet(config: &Config, parts: &http::request::Parts) -> Response<Bytes> {
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
