//! The endpoint's machine-readable documents: the cookie declaration
//! (`GET {endpoint}/cookies.json`, in the visitor's language) and the Global Privacy
//! Control support resource (`GET /.well-known/gpc.json`).

use serde_json::{Value, json};

use crate::banner::{BannerTexts, providers};
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
                    "provider": rule.provider(),
                    "duration": rule.duration(),
                    "purpose": rule.purpose_in(lang),
                    "locations": locations,
                }));
            }
            json!({
                "id": category.id(),
                "label": category.label_in(lang),
                "purpose": category.description_in(lang),
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
