//! Rewriting the values of one header in place.
//!
//! `HeaderMap`'s multi-value entry APIs (`insert_mult`, `remove_entry_mult`) have had
//! link-corruption bugs (hyperium/http#446, and an assertion seen here with http 1.5), so
//! the one place that must drop some values of a repeated header rebuilds the map
//! instead. This runs only when something is dropped; the common path never calls it.

use http::{HeaderMap, HeaderName, HeaderValue};

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
    headers.reserve(old.len());
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

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::{CONTENT_TYPE, SET_COOKIE, VARY};

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
