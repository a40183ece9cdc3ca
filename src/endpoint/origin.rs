//! Whether a post to the endpoint comes from the site itself: the Fetch Metadata rule,
//! as OWASP and tower-http's CSRF layer follow it.
//!
//! 1. `Sec-Fetch-Site` decides when the browser sent it: `same-origin` and `none` (the
//!    visitor typed or bookmarked it) pass; `same-site` passes only when the operator
//!    trusts sibling subdomains; `cross-site` is refused. Any other value, or several
//!    values, is refused.
//! 2. Without it (old browsers, non-browser clients), `Origin` is compared with the
//!    request's `Host` (host and port; the scheme is not compared, since behind a
//!    TLS-terminating proxy the layer cannot know its own), and, when the operator says
//!    the proxy in front is trusted, with `X-Forwarded-Host` and `Forwarded: host=`.
//!    `Origin: null` is refused. No `Origin` at all passes: browsers send it on every
//!    cross-site post, so only non-browser clients omit it, and they carry no victim's
//!    cookies.
//! 3. An `Origin` in the operator's trusted list passes in every case.
//!
//! So a proxy that rewrites `Host` (nginx's default `proxy_set_header Host $proxy_host`)
//! does not break the endpoint for today's browsers, which all send `Sec-Fetch-Site`.
//!
//! Compared with tower-http 0.7's `csrf` module (Go 1.25's rule): the same order of
//! checks: trusted origins, then `Sec-Fetch-Site` (`same-origin`, `none`), then no
//! header at all, then `Origin` against the host. The differences are deliberate:
//! `same-site` can be trusted (a shop on a sibling subdomain posting choices), the
//! forwarded host can be trusted behind a proxy that rewrites `Host`, `Origin: null`
//! and repeated headers are refused, and values are compared ignoring ASCII case. The
//! crate does not use that layer: the check guards one path inside this layer (the
//! rest of the site is the operator's to protect), a refusal is a 403 page in the
//! visitor's language rather than an empty response, and tower-http would be a new
//! dependency of every build for about forty lines.

use http::Uri;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::headers::SEC_FETCH_SITE;
use crate::host::{PostOrigins, normalized_origin, own_hosts};

/// Whether the endpoint accepts a post with these headers.
pub(crate) fn accepts_post(headers: &HeaderMap, uri: &Uri, rules: &PostOrigins) -> bool {
    let origin = only_value(headers, header::ORIGIN);
    let trusted = || {
        origin
            .and_then(|origin| origin.to_str().ok())
            .and_then(normalized_origin)
            .is_some_and(|origin| rules.trusted.contains(&origin))
    };
    let fetch_site = match headers.get_all(SEC_FETCH_SITE).iter().count() {
        0 => None,
        _ => Some(only_value(headers, SEC_FETCH_SITE).map_or(&b""[..], HeaderValue::as_bytes)),
    };
    match fetch_site {
        Some(site) if site.eq_ignore_ascii_case(b"same-origin") => true,
        Some(site) if site.eq_ignore_ascii_case(b"none") => true,
        Some(site) if site.eq_ignore_ascii_case(b"same-site") => rules.same_site || trusted(),
        Some(_) => trusted(),
        None => match origin {
            None => headers.get(header::ORIGIN).is_none(),
            Some(origin) => {
                trusted() || own_hosts(headers, uri, rules).any(|host| same_host(origin, host))
            }
        },
    }
}

/// The header's value when it was sent exactly once.
fn only_value(headers: &HeaderMap, name: HeaderName) -> Option<&HeaderValue> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => Some(value),
        _ => None,
    }
}

/// Whether `origin`'s host and port are `host`'s, ignoring ASCII case and an explicit
/// default port. `Origin: null` and other non-URLs match nothing.
fn same_host(origin: &HeaderValue, host: &[u8]) -> bool {
    let origin = origin.as_bytes();
    let Some(origin_host) = origin
        .strip_prefix(b"https://")
        .or_else(|| origin.strip_prefix(b"http://"))
    else {
        return false;
    };
    fn without_default_port(authority: &[u8]) -> &[u8] {
        authority
            .strip_suffix(b":443")
            .or_else(|| authority.strip_suffix(b":80"))
            .unwrap_or(authority)
    }
    without_default_port(origin_host).eq_ignore_ascii_case(without_default_port(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(pairs: &[(&'static str, &'static str)], rules: &PostOrigins) -> bool {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        accepts_post(&headers, &Uri::from_static("/consent"), rules)
    }

    #[test]
    fn hosts_compare_without_default_ports() {
        let origin = |text| HeaderValue::from_static(text);
        assert!(same_host(
            &origin("https://Example.com"),
            b"example.com:443"
        ));
        assert!(same_host(
            &origin("http://example.com:8080"),
            b"example.com:8080"
        ));
        assert!(!same_host(
            &origin("http://example.com:8080"),
            b"example.com"
        ));
        assert!(!same_host(&origin("https://evil.com"), b"example.com"));
        assert!(!same_host(&origin("null"), b"null"));
    }

    #[test]
    fn repeated_headers_are_refused() {
        let rules = PostOrigins::default();
        assert!(!accepts(
            &[
                ("sec-fetch-site", "same-origin"),
                ("sec-fetch-site", "same-origin")
            ],
            &rules
        ));
        assert!(!accepts(
            &[
                ("host", "example.com"),
                ("origin", "https://example.com"),
                ("origin", "https://example.com")
            ],
            &rules
        ));
    }
}
