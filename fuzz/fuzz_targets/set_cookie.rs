//! Any bytes as `Set-Cookie` headers: filtering never panics, keeps a subsequence of the
//! headers in order (deletions of refused cookies rewritten to one form), keeps every
//! declared name for a visitor who granted everything, and
//! never keeps an undeclared name, or one of a refused category, unless it deletes.
#![no_main]
#[path = "../../tests/common/policy.rs"]
mod common;

use http::{HeaderMap, HeaderValue, header::SET_COOKIE};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{Granted, filter_set_cookies, set_cookie_name};

/// The category of a name under the test policy (`tests/common/policy.rs`), written out
/// again here: the consent cookie (and its legacy, unprefixed name) counts as necessary.
fn category_of(name: &[u8]) -> Option<&'static str> {
    match name {
        b"session" | b"__Host-cookie_consent" | b"cookie_consent" => Some("necessary"),
        b"prefs" => Some("functionality"),
        b"_ga" => Some("performance"),
        b"_gcl_au" => Some("advertising"),
        name if name.starts_with(b"_hj") => Some("performance"),
        _ => None,
    }
}

fn names_an_expiry(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    [&b"max-age"[..], b"expires"].iter().any(|attribute| {
        lower
            .windows(attribute.len())
            .any(|window| window == *attribute)
    })
}

fuzz_target!(|data: &[u8]| {
    let policy = common::policy();
    let values: Vec<HeaderValue> = data
        .split(|&byte| byte == b'\n')
        .filter_map(|value| HeaderValue::from_bytes(value).ok())
        .collect();
    let everything = ["functionality", "performance", "advertising"];
    for granted in [&[][..], &["performance"][..], &everything[..]] {
        let mut headers = HeaderMap::new();
        for value in &values {
            headers.append(SET_COOKIE, value.clone());
        }
        filter_set_cookies(&mut headers, &policy, Granted::new(&policy, granted));
        let kept: Vec<&HeaderValue> = headers.get_all(SET_COOKIE).iter().collect();
        let mut rest = values.iter();
        for value in &kept {
            // The next original, or its deletion rewritten to the canonical form.
            let canonical = |original: &HeaderValue| {
                let name = set_cookie_name(original.as_bytes());
                value.as_bytes().starts_with(name)
                    && value.as_bytes()[name.len()..].starts_with(b"=; ")
                    && value
                        .as_bytes()
                        .ends_with(b"Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
            };
            assert!(
                rest.any(|original| original == *value || canonical(original)),
                "kept headers are in order"
            );
            // An undeclared name is kept only when the header deletes its cookie (which
            // needs an expiry attribute); so is a declared one of a category not granted.
            let name = set_cookie_name(value.as_bytes());
            let allowed = match category_of(name) {
                Some(category) => category == "necessary" || granted.contains(&category),
                None => false,
            };
            if !allowed {
                assert!(
                    names_an_expiry(value.as_bytes()),
                    "{value:?} kept under {granted:?}"
                );
            }
        }
        // With everything granted, every declared name stays.
        if granted == everything {
            let declared = values
                .iter()
                .filter(|value| category_of(set_cookie_name(value.as_bytes())).is_some())
                .count();
            let kept_declared = kept
                .iter()
                .filter(|value| category_of(set_cookie_name(value.as_bytes())).is_some())
                .count();
            assert_eq!(kept_declared, declared);
        }
    }
});
