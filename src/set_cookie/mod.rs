//! `Set-Cookie` filtering, and the `Set-Cookie` values the layer writes itself (the
//! consent cookie and deletions).
//!
//! Filtering reads only each header's name, by hand, and allocates nothing unless a
//! header is dropped: it runs on every response of the site. The `cookie` crate is used
//! where its full parse earns its cost: deciding whether a cookie that would be dropped is
//! really a deletion (its `Expires` has several date formats), and writing values.

use cookie::Cookie;
use cookie::time::{Duration as CookieDuration, OffsetDateTime};

use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderValue};

use crate::consent::Decision;
use crate::cookie_header::trim;
use crate::headers::rewrite_values;
use crate::policy::{CategorySet, NameClass, Policy, is_valid_cookie_name};

mod deletions;

pub(crate) use deletions::{
    DeletionScope, Refusal, RefusedCookie, SetPlace, add_observed_places, append_deletions,
    deletion, refusal, refused_cookies, withdrawal_deletions,
};

/// The name of a `Set-Cookie` value, as RFC 6265bis §5.6 reads it: the text before the
/// first `=` of the part before the first `;`, trimmed. Without `=` the cookie is
/// nameless (the empty name).
pub(crate) fn set_cookie_name(value: &[u8]) -> &[u8] {
    // Names are short: a plain loop to the first `=` or `;` beats two memchr calls.
    match value.iter().position(|&byte| byte == b'=' || byte == b';') {
        Some(at) if value[at] == b'=' => trim(&value[..at]),
        _ => &value[..0],
    }
}

/// Whether a `Set-Cookie` value deletes its cookie: `Max-Age` of zero or less, or, when
/// there is no `Max-Age` (which takes precedence), an `Expires` not in the future.
///
/// `Max-Age` is read by hand, as RFC 6265 §5.2.2 says (a value that is not `-` or digits
/// followed by digits only is ignored; the last valid one counts), because this runs for
/// every dropped cookie. Only `Expires`, with its several date formats, goes to the
/// `cookie` crate. A value that cannot be read is not a deletion.
pub(crate) fn is_deletion(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    let Some(first_semicolon) = memchr::memchr(b';', bytes) else {
        return false;
    };
    let mut max_age_deletes = None;
    let mut has_expires = false;
    for attribute in bytes[first_semicolon + 1..].split(|&byte| byte == b';') {
        let (name, value) = match memchr::memchr(b'=', attribute) {
            Some(eq) => (trim(&attribute[..eq]), trim(&attribute[eq + 1..])),
            None => (trim(attribute), &attribute[..0]),
        };
        if name.eq_ignore_ascii_case(b"max-age") {
            let (negative, digits) = match value.split_first() {
                Some((b'-', rest)) => (true, rest),
                _ => (false, value),
            };
            if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
                max_age_deletes = Some(negative || digits.iter().all(|&digit| digit == b'0'));
            }
        } else if name.eq_ignore_ascii_case(b"expires") {
            has_expires = true;
        }
    }
    match max_age_deletes {
        Some(deletes) => deletes,
        None if has_expires => expires_in_the_past(value),
        None => false,
    }
}

fn expires_in_the_past(value: &HeaderValue) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    let Ok(cookie) = Cookie::parse(text) else {
        return false;
    };
    cookie
        .expires_datetime()
        .is_some_and(|expires| expires <= OffsetDateTime::now_utc())
}

/// What happens to one of a response's `Set-Cookie` headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Keep,
    Drop,
    /// A deletion of a cookie the visitor has not consented to: it goes out rewritten
    /// to [`deletion`]'s one form, since browsers parse odd deletions differently (some
    /// that read as deletions here are stored by Chromium: `Max-Age=0; Max-Age=x`,
    /// `Expires=<1970>; Max-Age=+3600`, ...).
    Canonicalize,
}

/// The action for one `Set-Cookie`, and whether it depended on the visitor's choice
/// (so that the response must vary on `Cookie`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Verdict {
    action: Action,
    consent_dependent: bool,
}

fn verdict(value: &HeaderValue, policy: &Policy, granted: CategorySet) -> Verdict {
    let name = set_cookie_name(value.as_bytes());
    let (allowed, consent_dependent) = match policy.classify(name) {
        NameClass::ConsentCookie | NameClass::Allowed => (true, false),
        NameClass::Category { index, .. } if index.is_necessary() => (true, false),
        NameClass::Category { index, .. } => (granted.contains(index), true),
        NameClass::Blocked => (false, false),
    };
    let action = if allowed {
        Action::Keep
    } else if is_deletion(value) {
        Action::Canonicalize
    } else {
        if !consent_dependent {
            policy.warn_blocked_once(name);
        }
        Action::Drop
    };
    Verdict {
        action,
        consent_dependent,
    }
}

/// Drops the `Set-Cookie` headers the visitor has not consented to, rewrites their
/// deletions to one canonical form, and keeps the others and every other header in
/// their order. Returns whether any `Set-Cookie` depended on the visitor's choice.
///
/// Allocates nothing when every header is kept as it is, and judges each header once:
/// the headers before the first one changed are known to stay when the map is rebuilt.
pub(crate) fn filter_set_cookies(
    headers: &mut HeaderMap,
    policy: &Policy,
    granted: CategorySet,
) -> bool {
    let mut consent_dependent = false;
    let mut first_changed = None;
    for (position, value) in headers.get_all(SET_COOKIE).iter().enumerate() {
        let verdict = verdict(value, policy, granted);
        consent_dependent |= verdict.consent_dependent;
        if verdict.action != Action::Keep {
            first_changed = Some((position, verdict.action));
            break;
        }
    }
    let Some((first_changed, first_action)) = first_changed else {
        return consent_dependent;
    };

    let mut position = 0;
    rewrite_values(headers, &SET_COOKIE, |value| {
        let action = match position.cmp(&first_changed) {
            std::cmp::Ordering::Less => Action::Keep,
            std::cmp::Ordering::Equal => first_action,
            std::cmp::Ordering::Greater => {
                let verdict = verdict(&value, policy, granted);
                consent_dependent |= verdict.consent_dependent;
                verdict.action
            }
        };
        position += 1;
        match action {
            Action::Keep => Some(value),
            Action::Drop => None,
            Action::Canonicalize => canonical_deletion(&value),
        }
    });
    consent_dependent
}

/// `value`, a deletion, as [`deletion`] writes one: its name, and only its `Path` (when
/// it is one) and `Domain`, the attributes that say which cookie it deletes. `None` when
/// the name cannot be written back.
fn canonical_deletion(value: &HeaderValue) -> Option<HeaderValue> {
    let bytes = value.as_bytes();
    let name = std::str::from_utf8(set_cookie_name(bytes)).ok()?;
    if !is_valid_cookie_name(name) {
        return None;
    }
    let mut path = None;
    let mut domain = None;
    let attributes = memchr::memchr(b';', bytes).map_or(&[][..], |at| &bytes[at + 1..]);
    for attribute in attributes.split(|&byte| byte == b';') {
        let (key, text) = match memchr::memchr(b'=', attribute) {
            Some(eq) => (trim(&attribute[..eq]), trim(&attribute[eq + 1..])),
            None => continue,
        };
        // The last of each counts, as in browsers; a Path not starting with `/` means
        // the default path, which leaving it out also means.
        if key.eq_ignore_ascii_case(b"path") {
            path = std::str::from_utf8(text)
                .ok()
                .filter(|path| path.starts_with('/'));
        } else if key.eq_ignore_ascii_case(b"domain") {
            domain = std::str::from_utf8(text)
                .ok()
                .filter(|domain| !domain.is_empty());
        }
    }
    HeaderValue::try_from(deletion(name, domain, path)).ok()
}

/// The consent cookie recording `decision`.
pub(crate) fn consent_cookie(policy: &Policy, decision: &Decision) -> String {
    let config = policy.consent_cookie();
    let max_age = i64::try_from(policy.consent_lifetime().as_secs()).unwrap_or(i64::MAX);
    let mut cookie = Cookie::build((config.name.as_str(), decision.encode(policy)))
        .path("/")
        .same_site(cookie::SameSite::Lax)
        .http_only(true)
        .secure(config.secure)
        .max_age(CookieDuration::seconds(max_age));
    if let Some(domain) = &config.domain {
        cookie = cookie.domain(domain.as_str());
    }
    cookie.to_string()
}

/// Appends the consent cookie recording `decision`, and, when the browser still holds
/// the legacy (unprefixed) consent cookie, its deletion: the choice moves to the new
/// name and the old cookie goes.
pub(crate) fn append_consent_cookie(
    headers: &mut HeaderMap,
    policy: &Policy,
    decision: &Decision,
    holds_legacy: bool,
) {
    // Built from a validated name, a printable value and a domain the operator set; a
    // value that cannot be a header leaves the choice unrecorded, not a panic.
    if let Ok(cookie) = HeaderValue::try_from(consent_cookie(policy, decision)) {
        headers.append(SET_COOKIE, cookie);
    }
    let legacy = policy.legacy_consent_cookie().filter(|_| holds_legacy);
    if let Some((legacy, _)) = legacy
        && let Ok(value) = HeaderValue::try_from(deletion(legacy, None, Some("/")))
    {
        headers.append(SET_COOKIE, value);
    }
}

/// Whether the `Cookie` headers hold the legacy consent cookie.
pub(crate) fn holds_legacy_consent<'a>(
    cookie_headers: impl Iterator<Item = &'a [u8]>,
    policy: &Policy,
) -> bool {
    policy.legacy_consent_cookie().is_some_and(|(legacy, _)| {
        cookie_headers
            .flat_map(crate::cookie_header::cookie_pairs)
            .any(|pair| pair.name == legacy.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::CategoryIndex;
    use crate::test_policy::policy;

    #[test]
    fn names_follow_rfc6265bis() {
        assert_eq!(set_cookie_name(b"a=1; Path=/"), b"a");
        assert_eq!(set_cookie_name(b" a =1"), b"a");
        assert_eq!(set_cookie_name(b"a"), b"");
        assert_eq!(set_cookie_name(b"=1"), b"");
        assert_eq!(set_cookie_name(b"a; b=2"), b"");
        assert_eq!(set_cookie_name(b"a=b=c"), b"a");
        assert_eq!(set_cookie_name(b""), b"");
    }

    #[test]
    fn deletions_are_recognised() {
        let deletes = |text: &'static str| is_deletion(&HeaderValue::from_static(text));
        assert!(deletes("a=; Max-Age=0"));
        assert!(deletes("a=x; max-age=-1"));
        assert!(deletes("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assert!(deletes("a=; expires=Thu, 01-Jan-1970 00:00:00 GMT"));
        assert!(!deletes("a=1; Max-Age=10"));
        assert!(!deletes(
            "a=1; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        ));
        assert!(!deletes("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"));
        assert!(!deletes("a=1"));
        assert!(!deletes("a=1; Max-Age=soon"));
        assert!(deletes("a=1; Max-Age=0000"));
        assert!(deletes("a=1; Max-Age=-99999999999999999999999"));
        assert!(!deletes("a=1; Max-Age=99999999999999999999999"));
        assert!(!deletes("a=1; Max-Age=-"));
        assert!(!deletes("a=1; Max-Age=+5"));
        // The last valid Max-Age counts; an invalid one is ignored.
        assert!(deletes("a=1; Max-Age=10; max-age=0"));
        assert!(!deletes("a=1; Max-Age=0; Max-Age=10"));
        assert!(deletes("a=1; Max-Age=0; Max-Age=x"));
        // An ignored Max-Age leaves Expires in charge.
        assert!(deletes(
            "a=1; Max-Age=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        ));
        assert!(!deletes("a=0; Path=/max-age=0"));
        assert!(!deletes("max-age=0"));
    }

    #[test]
    fn filtering_keeps_order_and_place() {
        let policy = policy();
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("text/html"));
        for value in [
            "session=1",
            "_ga=2",
            "prefs=3",
            "_hjX=4",
            "mystery=5",
            "_ga=; Max-Age=0",
        ] {
            headers.append(SET_COOKIE, HeaderValue::from_static(value));
        }
        headers.insert("x-after", HeaderValue::from_static("1"));
        let granted = CategorySet::NECESSARY_ONLY.with(CategoryIndex::new(1).unwrap());
        assert!(filter_set_cookies(&mut headers, &policy, granted));
        let seen: Vec<_> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(
            seen,
            [
                ("content-type", "text/html"),
                ("set-cookie", "session=1"),
                ("set-cookie", "prefs=3"),
                // The refused cookie's deletion, canonical.
                (
                    "set-cookie",
                    "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
                ),
                ("x-after", "1"),
            ]
        );
    }
}
