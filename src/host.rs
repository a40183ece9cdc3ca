//! The host a request was meant for, as far as the operator's proxy trust lets the layer
//! believe: the request's `Host` (or its URI's authority), and, behind a proxy the
//! operator trusts, `X-Forwarded-Host` or `Forwarded: host=`. The endpoint's origin check
//! and the deletions' `Domain` read it here, the same way.

use http::Uri;
use http::header::{self, HeaderMap, HeaderValue};

use crate::cookie_header::trim;

/// Which requests the endpoint accepts choices from, beyond its own origin (see the
/// endpoint's Fetch Metadata rule in the crate docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PostOrigins {
    /// `Sec-Fetch-Site: same-site` passes: the operator trusts every sibling subdomain.
    pub(crate) same_site: bool,
    /// `X-Forwarded-Host` and `Forwarded: host=` count as the request's own host: a
    /// proxy in front sets them and strips what clients send.
    pub(crate) forwarded_host: bool,
    /// Origins (`scheme://host[:port]`, lowercase, without a default port) whose posts
    /// are accepted whatever `Sec-Fetch-Site` says.
    pub(crate) trusted: Vec<String>,
}

/// `origin` as the endpoint compares it: `scheme://host[:port]` in lowercase, without
/// a default port; `None` when it is not an origin.
pub(crate) fn normalized_origin(origin: &str) -> Option<String> {
    let (scheme, authority) = origin.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = authority.to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    let valid = !authority.is_empty()
        && authority
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-.:[]".contains(&byte));
    valid.then(|| format!("{scheme}://{authority}"))
}

/// The names this request's site goes by: its `Host` (or the URI's authority), and,
/// with a trusted proxy, the first `X-Forwarded-Host` and `Forwarded: host=`.
pub(crate) fn own_hosts<'h>(
    headers: &'h HeaderMap,
    uri: &'h Uri,
    rules: &PostOrigins,
) -> impl Iterator<Item = &'h [u8]> {
    let host = headers
        .get(header::HOST)
        .map(HeaderValue::as_bytes)
        .or_else(|| {
            uri.authority()
                .map(|authority| authority.as_str().as_bytes())
        });
    let forwarded = rules.forwarded_host.then(|| {
        let x_forwarded = headers
            .get(crate::headers::X_FORWARDED_HOST)
            .map(|value| first_item(value.as_bytes()));
        let forwarded = headers
            .get(header::FORWARDED)
            .and_then(|value| forwarded_host(first_item(value.as_bytes())));
        x_forwarded.into_iter().chain(forwarded)
    });
    host.into_iter().chain(forwarded.into_iter().flatten())
}

/// The host the browser asked for: with a trusted proxy, the first `X-Forwarded-Host`
/// or `Forwarded: host=`; otherwise `Host` (or the URI's authority).
pub(crate) fn visible_host<'h>(
    headers: &'h HeaderMap,
    uri: &'h Uri,
    rules: &PostOrigins,
) -> Option<&'h [u8]> {
    let mut hosts = own_hosts(headers, uri, rules);
    let direct = hosts.next();
    hosts.next().or(direct)
}

/// The first element of a comma-separated list: the one the proxy nearest the client
/// added... or, for a single trusted proxy, the only one.
fn first_item(value: &[u8]) -> &[u8] {
    trim(value.split(|&byte| byte == b',').next().unwrap_or(value))
}

/// The `host=` parameter of one `Forwarded` element (RFC 7239), unquoted.
fn forwarded_host(element: &[u8]) -> Option<&[u8]> {
    element.split(|&byte| byte == b';').find_map(|pair| {
        let pair = trim(pair);
        let (name, value) = pair.split_at(pair.iter().position(|&byte| byte == b'=')?);
        name.eq_ignore_ascii_case(b"host").then(|| {
            let value = &value[1..];
            value
                .strip_prefix(b"\"")
                .and_then(|quoted| quoted.strip_suffix(b"\""))
                .unwrap_or(value)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized() {
        assert_eq!(
            normalized_origin("HTTPS://Shop.Example.com:443").as_deref(),
            Some("https://shop.example.com")
        );
        assert_eq!(
            normalized_origin("http://example.com:8080").as_deref(),
            Some("http://example.com:8080")
        );
        assert_eq!(normalized_origin("example.com"), None);
        assert_eq!(normalized_origin("https://example.com/path"), None);
        assert_eq!(normalized_origin("ftp://example.com"), None);
        assert_eq!(normalized_origin("https://"), None);
    }
    #[test]
    fn forwarded_elements_give_their_host() {
        assert_eq!(
            forwarded_host(b"for=1.2.3.4;host=\"www.example.com\";proto=https"),
            Some(&b"www.example.com"[..])
        );
        assert_eq!(forwarded_host(b"Host=a.example"), Some(&b"a.example"[..]));
        assert_eq!(forwarded_host(b"for=1.2.3.4"), None);
        assert_eq!(first_item(b" a.example , b.example"), b"a.example");
    }
}
