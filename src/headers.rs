//! Header helpers both sides of the layer use: rewriting or removing values in place
//! (keeping every header's order), `Vary`, and comma-separated directives.
//!
//! `HeaderMap`'s multi-value entry APIs (`insert_mult`, `remove_entry_mult`) have had
//! link-corruption bugs (hyperium/http#446, and an assertion seen here with http 1.5), so
//! the one place that must drop some values of a repeated header rebuilds the map
//! instead. This runs only when something is dropped; the common path never calls it.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::cookie_header::trim;

// The request headers the layer reads that `http` has no constant for, named once:
// a header looked up by a `&str` is parsed (and its case checked) on every request.
pub(crate) const SEC_GPC: HeaderName = HeaderName::from_static("sec-gpc");
pub(crate) const SEC_FETCH_DEST: HeaderName = HeaderName::from_static("sec-fetch-dest");
pub(crate) const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
pub(crate) const HX_REQUEST: HeaderName = HeaderName::from_static("hx-request");
pub(crate) const HX_BOOSTED: HeaderName = HeaderName::from_static("hx-boosted");
pub(crate) const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// Passes every value of `name` through `rewrite` (`None` drops it), keeping the order
/// of all headers and values.
pub(crate) fn rewrite_values(
    headers: &mut HeaderMap,
    name: &HeaderName,
    mut rewrite: impl FnMut(HeaderValue) -> Option<HeaderValue>,
) {
    rebuild(headers, |key, value| {
        if key == name {
            rewrite(value)
        } else {
            Some(value)
        }
    });
}

/// Removes every header named in `names`, keeping the others in order. (`HeaderMap`'s
/// own `remove` moves the last header into the removed one's place.)
pub(crate) fn remove_all(headers: &mut HeaderMap, names: &[HeaderName]) {
    if names.iter().any(|name| headers.contains_key(name)) {
        rebuild(headers, |key, value| {
            (!names.contains(key)).then_some(value)
        });
    }
}

fn rebuild(
    headers: &mut HeaderMap,
    mut rewrite: impl FnMut(&HeaderName, HeaderValue) -> Option<HeaderValue>,
) {
    let old = std::mem::take(headers);
    // Room for the distinct names only: `len` counts every value, and a client can make
    // a response carry more values than a map may have names (reserving that many
    // panics). The values of a repeated name never need a slot of their own.
    let _ = headers.try_reserve(old.keys_len());
    let mut current: Option<HeaderName> = None;
    for (key, value) in old {
        if let Some(key) = key {
            current = Some(key);
        }
        let Some(key) = &current else {
            continue;
        };
        if let Some(value) = rewrite(key, value) {
            headers.append(key.clone(), value);
        }
    }
}

/// Adds `Cookie` to `Vary`: see [`vary_on`].
pub(crate) fn vary_on_cookie(headers: &mut HeaderMap) {
    vary_on(headers, "Cookie");
}

/// Adds the request header `name` to `Vary`, as a value of its own (a list split over
/// several `Vary` headers means the same as one), unless it (in any case) or `*` is
/// listed.
pub(crate) fn vary_on(headers: &mut HeaderMap, name: &'static str) {
    if !varies_on(headers, name) {
        headers.append(header::VARY, HeaderValue::from_static(name));
    }
}

/// Whether `Vary` lists `name` (in any case) or `*`.
fn varies_on(headers: &HeaderMap, name: &str) -> bool {
    headers.get_all(header::VARY).iter().any(|value| {
        value
            .as_bytes()
            .split(|&byte| byte == b',')
            .map(trim)
            .any(|token| token == b"*" || token.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Adds a request header named at run time (a region source's) to `Vary`, as
/// [`vary_on`] does.
pub(crate) fn vary_on_name(headers: &mut HeaderMap, name: &HeaderName) {
    if !varies_on(headers, name.as_str()) {
        headers.append(header::VARY, HeaderValue::from_name(name.clone()));
    }
}

/// Whether the request carries Global Privacy Control: a `Sec-GPC` header whose value is
/// exactly `1` (the W3C specification's only value; anything else counts as absent).
/// Of several `Sec-GPC` headers, one that is exactly `1` suffices.
pub(crate) fn sends_gpc(headers: &HeaderMap) -> bool {
    headers
        .get_all(SEC_GPC)
        .iter()
        .any(|value| value.as_bytes() == b"1")
}

/// Whether a comma-separated header lists `directive` (alone or with `=value`).
pub(crate) fn has_directive(headers: &HeaderMap, name: HeaderName, directive: &[u8]) -> bool {
    headers.get_all(name).iter().any(|value| {
        value.as_bytes().split(|&byte| byte == b',').any(|item| {
            let item = trim(item);
            let name = item.split(|&byte| byte == b'=').next().unwrap_or(item);
            name.eq_ignore_ascii_case(directive)
        })
    })
}

/// Whether the media type (`Content-Type` without parameters) is `text/html`.
pub(crate) fn is_html(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).is_some_and(|value| {
        let value = value.as_bytes();
        let essence = value.split(|&byte| byte == b';').next().unwrap_or(value);
        trim(essence).eq_ignore_ascii_case(b"text/html")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::{CONTENT_TYPE, SET_COOKIE, VARY};

    fn vary_after(values: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        vary_on_cookie(&mut headers);
        headers
            .get_all(VARY)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn vary_gets_cookie_once() {
        assert_eq!(vary_after(&[]), ["Cookie"]);
        assert_eq!(
            vary_after(&["Accept-Encoding"]),
            ["Accept-Encoding", "Cookie"]
        );
        assert_eq!(vary_after(&["accept, cookie"]), ["accept, cookie"]);
        assert_eq!(vary_after(&["COOKIE"]), ["COOKIE"]);
        assert_eq!(vary_after(&["*"]), ["*"]);
        assert_eq!(vary_after(&["Cookies"]), ["Cookies", "Cookie"]);
    }

    #[test]
    fn more_values_than_a_map_has_names_do_not_panic() {
        let mut headers = HeaderMap::new();
        headers.append("accept-ranges", HeaderValue::from_static("bytes"));
        for _ in 0..40_000 {
            headers.append(SET_COOKIE, HeaderValue::from_static("a=1"));
        }
        remove_all(&mut headers, &[header::ACCEPT_RANGES]);
        assert_eq!(headers.len(), 40_000);
    }

    #[test]
    fn keeps_every_other_header_in_order() {
        let mut headers = HeaderMap::new();
        headers.append(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        headers.append(SET_COOKIE, HeaderValue::from_static("a=1"));
        headers.append(VARY, HeaderValue::from_static("Origin"));
        headers.append(SET_COOKIE, HeaderValue::from_static("b=2"));
        headers.append(SET_COOKIE, HeaderValue::from_static("c=3"));
        headers.append(VARY, HeaderValue::from_static("Accept"));
        rewrite_values(&mut headers, &SET_COOKIE, |value| {
            (value != "b=2").then_some(value)
        });
        let seen: Vec<_> = headers
            .iter()
            .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
            .collect();
        assert_eq!(
            seen,
            [
                "content-type: text/html",
                "set-cookie: a=1",
                "set-cookie: c=3",
                "vary: Origin",
                "vary: Accept"
            ]
        );
        rewrite_values(&mut headers, &SET_COOKIE, |_| None);
        assert!(!headers.contains_key(SET_COOKIE));
        assert_eq!(headers.len(), 3);
        headers.append(SET_COOKIE, HeaderValue::from_static("d=4"));
        remove_all(&mut headers, &[CONTENT_TYPE]);
        let seen: Vec<_> = headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(seen, ["vary", "vary", "set-cookie"]);
    }
}
