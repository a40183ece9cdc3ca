//! When a page gets the banner, and the header fixes that injection needs.
//!
//! All checks read headers in place and allocate nothing; the fixes run only on
//! responses that do get a banner.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{StatusCode, response};

use crate::cookie_header::trim;
use crate::headers::{
    HX_BOOSTED, HX_REQUEST, SEC_FETCH_DEST, has_directive, is_html, remove_all, vary_on,
    vary_on_cookie,
};

/// Put `NoBanner` in a response's extensions to keep the banner off that response
/// (a page that shows its own consent UI, say).
///
/// # Example
///
/// ```
/// use http::Response;
/// use tower_cookie_consent::NoBanner;
///
/// let mut response = Response::new("<html><body>my own consent form</body></html>");
/// response.extensions_mut().insert(NoBanner);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBanner;

/// htmx swaps the response of an `HX-Request` into part of the page: a banner there
/// would be duplicated or misplaced. Boosted requests (`HX-Boosted`) load whole pages
/// and do get it.
pub(crate) fn is_htmx_partial(headers: &HeaderMap) -> bool {
    headers.contains_key(HX_REQUEST) && !headers.contains_key(HX_BOOSTED)
}

/// Whether a request is a navigation, the only kind of request whose answer can be a
/// page with the banner in it: a GET or HEAD whose `Sec-Fetch-Dest` is `document` or
/// `iframe`, or, from a client that does not send `Sec-Fetch-Dest` (older browsers,
/// bots, `curl`), whose `Accept` admits `text/html` (or is absent). Stylesheets,
/// scripts, images and `fetch` calls from current browsers are not.
pub(crate) fn is_navigation(method: &http::Method, headers: &HeaderMap) -> bool {
    if method != http::Method::GET && method != http::Method::HEAD {
        return false;
    }
    if let Some(dest) = headers.get(SEC_FETCH_DEST) {
        let dest = dest.as_bytes();
        return dest.eq_ignore_ascii_case(b"document") || dest.eq_ignore_ascii_case(b"iframe");
    }
    let mut accepts = headers.get_all(header::ACCEPT).iter().peekable();
    if accepts.peek().is_none() {
        return true;
    }
    accepts
        .flat_map(|value| value.as_bytes().split(|&byte| byte == b','))
        .any(|range| {
            let mut parts = range.split(|&byte| byte == b';');
            let media = trim(parts.next().unwrap_or_default());
            let admits = media.eq_ignore_ascii_case(b"text/html")
                || media.eq_ignore_ascii_case(b"text/*")
                || media == b"*/*";
            // `q=0` means "not acceptable".
            let refused = parts.any(|parameter| {
                let parameter = trim(parameter);
                parameter.len() >= 2
                    && parameter[..2].eq_ignore_ascii_case(b"q=")
                    && parameter[2..]
                        .iter()
                        .all(|&byte| byte == b'0' || byte == b'.')
            });
            admits && !refused
        })
}

/// Removes the request's validators and ranges, so that the application answers with
/// the full page (and the banner) instead of a 304 that would keep a cached copy without
/// it, or a range of the stored page that would not be a range of the page with it.
pub(crate) fn strip_conditional_headers(headers: &mut HeaderMap) {
    remove_all(
        headers,
        &[
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
            header::RANGE,
            header::IF_RANGE,
        ],
    );
}

/// Whether the response is an HTML page the banner can be injected into unchanged in
/// meaning: `text/html`, not partial, not encoded, not a download, not marked
/// `no-transform`, and not opted out with [`NoBanner`].
pub(crate) fn takes_banner(parts: &response::Parts) -> bool {
    is_rewritable(parts) && parts.extensions.get::<NoBanner>().is_none()
}

/// Whether the response is an HTML page the layer can rewrite unchanged in meaning (the
/// conditions of [`takes_banner`] but [`NoBanner`], which gating ignores).
pub(crate) fn is_rewritable(parts: &response::Parts) -> bool {
    let headers = &parts.headers;
    let status = parts.status;
    let status_ok = !status.is_informational()
        && status != StatusCode::NO_CONTENT
        && status != StatusCode::NOT_MODIFIED
        && status != StatusCode::PARTIAL_CONTENT;
    status_ok
        && is_html(headers)
        && !declares_non_ascii_compatible(headers)
        && headers
            .get_all(header::CONTENT_ENCODING)
            .iter()
            .all(|coding| coding.as_bytes().eq_ignore_ascii_case(b"identity"))
        && !headers.contains_key(header::CONTENT_RANGE)
        && !headers
            .get(header::CONTENT_DISPOSITION)
            .is_some_and(|value| {
                let value = crate::cookie_header::trim(value.as_bytes());
                value.len() >= 10 && value[..10].eq_ignore_ascii_case(b"attachment")
            })
        && !has_directive(headers, header::CACHE_CONTROL, b"no-transform")
}

/// Whether `Content-Type` declares a charset that is not ASCII-compatible (HTML §2.1.3:
/// UTF-16BE, UTF-16LE and ISO-2022-JP, by any of their WHATWG Encoding labels; and the
/// labels of the "replacement" encoding, which decodes a whole page to one U+FFFD):
/// the layer's ASCII bytes inserted into such a page would be garbage (and could leave
/// a UTF-16 page with an odd number of bytes), so nothing is inserted.
fn declares_non_ascii_compatible(headers: &HeaderMap) -> bool {
    const LABELS: [&[u8]; 17] = [
        // UTF-16LE and UTF-16BE.
        b"csunicode",
        b"iso-10646-ucs-2",
        b"ucs-2",
        b"unicode",
        b"unicodefeff",
        b"utf-16",
        b"utf-16le",
        b"unicodefffe",
        b"utf-16be",
        // ISO-2022-JP: ASCII bytes mean other characters after an escape sequence.
        b"csiso2022jp",
        b"iso-2022-jp",
        // The replacement encoding.
        b"csiso2022kr",
        b"hz-gb-2312",
        b"iso-2022-cn",
        b"iso-2022-cn-ext",
        b"iso-2022-kr",
        b"replacement",
    ];
    headers.get(header::CONTENT_TYPE).is_some_and(|value| {
        value
            .as_bytes()
            .split(|&byte| byte == b';')
            .skip(1)
            .filter_map(|parameter| {
                let parameter = crate::cookie_header::trim(parameter);
                let (name, charset) =
                    parameter.split_at(parameter.iter().position(|&b| b == b'=')?);
                name.eq_ignore_ascii_case(b"charset")
                    .then_some(&charset[1..])
            })
            .any(|charset| {
                let charset = charset.strip_prefix(b"\"").unwrap_or(charset);
                let charset = charset.strip_suffix(b"\"").unwrap_or(charset);
                let charset = crate::cookie_header::trim(charset);
                LABELS
                    .iter()
                    .any(|label| label.eq_ignore_ascii_case(charset))
            })
    })
}

/// Makes the headers true for the page with the banner in it.
pub(crate) fn fix_headers(headers: &mut HeaderMap, banner_len: usize) {
    // Ranges of the page with the banner would not be ranges of the stored page, and
    // digests would describe the bytes without it. Validators, weak ones too, would let
    // a 304 keep the banner after the visitor chose (or bring back a copy without it),
    // and an `If-Range` splice stored bytes onto this copy.
    let mut stale = vec![
        header::ACCEPT_RANGES,
        header::ETAG,
        header::LAST_MODIFIED,
        HeaderName::from_static("content-md5"),
        HeaderName::from_static("digest"),
        HeaderName::from_static("content-digest"),
        HeaderName::from_static("repr-digest"),
    ];
    let length = headers.get(header::CONTENT_LENGTH).map(|value| {
        value
            .to_str()
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
    });
    match length {
        Some(Some(length)) => {
            let grown = length.saturating_add(banner_len as u64);
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(grown));
        }
        // An unreadable length would be wrong either way: let the server frame the body.
        Some(None) => stale.push(header::CONTENT_LENGTH),
        None => {}
    }
    remove_all(headers, &stale);
}

/// Keeps a page that could carry the banner out of shared caches, whoever asked for
/// it: with or without the banner, and with or without the active scripts, it is one
/// visitor's page. `Vary: Cookie` (and `HX-Request`, since htmx partials never get the
/// banner) for private caches; `Cache-Control: private` (see [`make_private`]); and no
/// `CDN-Cache-Control` or `Surrogate-Control`, which CDNs obey instead of
/// `Cache-Control`.
pub(crate) fn keep_out_of_shared_caches(headers: &mut HeaderMap) {
    let for_cdns = [
        HeaderName::from_static("cdn-cache-control"),
        HeaderName::from_static("surrogate-control"),
    ];
    remove_all(headers, &for_cdns);
    make_private(headers);
    vary_on_cookie(headers);
    vary_on(headers, "HX-Request");
}

/// `Cache-Control: private`, keeping the application's other directives except those
/// for shared caches (`public`, `s-maxage`). `no-store` and `private` already suffice.
fn make_private(headers: &mut HeaderMap) {
    const PRIVATE: HeaderValue = HeaderValue::from_static("private");
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, PRIVATE);
        return;
    }
    if has_directive(headers, header::CACHE_CONTROL, b"private")
        || has_directive(headers, header::CACHE_CONTROL, b"no-store")
    {
        return;
    }
    let mut directives = vec!["private".to_owned()];
    for value in headers.get_all(header::CACHE_CONTROL) {
        let Ok(value) = value.to_str() else { continue };
        for item in value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
        {
            let name = item.split('=').next().unwrap_or(item).trim();
            if !name.eq_ignore_ascii_case("public") && !name.eq_ignore_ascii_case("s-maxage") {
                directives.push(item.to_owned());
            }
        }
    }
    let merged = HeaderValue::from_str(&directives.join(", ")).unwrap_or(PRIVATE);
    headers.insert(header::CACHE_CONTROL, merged);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_becomes_private() {
        let fixed = |values: &[&'static str]| {
            let mut map = HeaderMap::new();
            for value in values {
                map.append(header::CACHE_CONTROL, HeaderValue::from_static(value));
            }
            make_private(&mut map);
            let all: Vec<_> = map
                .get_all(header::CACHE_CONTROL)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect();
            all
        };
        assert_eq!(fixed(&[]), ["private"]);
        assert_eq!(
            fixed(&["public, max-age=600, s-maxage=3600"]),
            ["private, max-age=600"]
        );
        assert_eq!(
            fixed(&["max-age=60", "must-revalidate"]),
            ["private, max-age=60, must-revalidate"]
        );
        assert_eq!(fixed(&["no-store"]), ["no-store"]);
        assert_eq!(fixed(&["Private, max-age=5"]), ["Private, max-age=5"]);
    }
}
