//! Deleting the refused cookies a browser holds, at every place a copy can live, within
//! a budget the response head can carry.
//!
//! A browser deletes a cookie only when a `Set-Cookie` names its exact Domain and Path,
//! and it sends the value, never the place. What the request says is enough to list
//! every place a copy it carried can live (RFC 6265bis §5.8.3, §5.7.1.4):
//!
//! - its domain is the host itself (host-only, no `Domain`), or a `Domain` the host
//!   domain-matches: the host and each parent domain up to and including the
//!   registrable domain (the public suffix list says where that is: a `Domain` of
//!   `co.uk` or `github.io` is refused by browsers, so nothing lives there);
//! - its path path-matches the request's path: `/`, and each prefix of the path that
//!   ends right before a `/` or with one (`/account`, `/account/`, `/account/settings`
//!   for `/account/settings`).
//!
//! A copy at a deeper path or on a sibling host is not sent on this request, so it is
//! deleted when the visitor reaches a page where it is. The locations the policy
//! declares for the cookie's rule are added to the list.
//!
//! The budget: a stock nginx reads a proxied response's whole head into one 4 KB buffer
//! (`proxy_buffer_size`) and answers 502 when it does not fit, and other proxies and
//! CDNs have limits of the same order. So the deletions of one response fit in
//! [`RESPONSE_HEAD_BUDGET`] bytes together with the page's own headers and
//! [`RESERVED_FOR_LATER_HEADERS`] for what the layer and the server add after (`Vary`,
//! `Cache-Control`, `Date`, framing). Each cookie goes out with all its places or not at
//! all, declared cookies first; the ones that do not fit are still in the jar, so the
//! browser sends them on its next request, and they are deleted then. Once a copy is
//! deleted it is not sent again, so no response keeps sending deletions. A single
//! cookie whose places alone do not fit (a path many levels deep) gets its shortest
//! paths first.

use std::collections::HashSet;

use cookie::Cookie;
use cookie::time::{Duration as CookieDuration, OffsetDateTime};
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderValue};

use crate::policy::{
    CategorySet, NameClass, Policy, has_prefix, is_valid_cookie_name, is_valid_path,
};

/// At most this many refused cookies of one request are considered for deletion in its
/// response. A jar stuffed with thousands of refused names costs linear work, capped;
/// the cookies left over are still there on the next request, and are deleted then.
pub(crate) const MAX_REFUSED_PER_REQUEST: usize = 256;

/// The size of a whole response head that stock nginx accepts from the application
/// (`proxy_buffer_size`, one 4 KB page by default).
pub(crate) const RESPONSE_HEAD_BUDGET: usize = 4096;

/// Bytes of the budget kept for what is added to the head after the deletions: the
/// status line, `Vary`, `Cache-Control`, the server's `Date`, `Content-Length` or
/// `Transfer-Encoding`, `Connection`.
pub(crate) const RESERVED_FOR_LATER_HEADERS: usize = 512;

/// A cookie the visitor has not consented to: one the request carried, or on a
/// withdrawal one the policy declares that the request did not carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RefusedCookie {
    pub(crate) name: Box<str>,
    /// The declaring rule, whose extra locations also get a deletion.
    pub(crate) rule: Option<usize>,
    /// The request carried it: it is deleted wherever a copy sent on the request can
    /// live. A declared cookie the request did not carry is deleted where the policy
    /// says it lives (host-only at `/`, and its rule's locations).
    pub(crate) carried: bool,
    /// Places (`Domain`, `Path`) the application was seen setting it at (cookie
    /// discovery), deleted on a withdrawal besides the declared ones.
    pub(crate) observed: Vec<(Option<Box<str>>, Box<str>)>,
}

/// On a withdrawal: `refused` (what the request carried) and every declared cookie of
/// a `withdrawn` category that it did not carry, so that copies at paths
/// and domains this request does not reach go too. Exact names only: a prefix (`_hj*`)
/// names no cookie to delete until one is seen. Also, when `undeclared` (the policy's
/// opt-in), every undeclared name the request carried: scripts set those without the
/// server's knowledge.
pub(crate) fn withdrawal_deletions<'a>(
    mut refused: Vec<RefusedCookie>,
    cookie_headers: impl Iterator<Item = &'a [u8]>,
    policy: &Policy,
    withdrawn: CategorySet,
    undeclared: bool,
) -> Vec<RefusedCookie> {
    if undeclared {
        let mut seen: HashSet<&[u8]> = HashSet::new();
        for pair in cookie_headers.flat_map(crate::cookie_header::cookie_pairs) {
            if refused.len() >= MAX_REFUSED_PER_REQUEST {
                break;
            }
            let blocked = matches!(policy.classify(pair.name), NameClass::Blocked);
            if let (true, Ok(name)) = (blocked, std::str::from_utf8(pair.name))
                && seen.insert(pair.name)
            {
                refused.push(RefusedCookie {
                    name: name.into(),
                    rule: None,
                    carried: true,
                    observed: Vec::new(),
                });
            }
        }
    }
    for (index, rule) in policy.rules().iter().enumerate() {
        let crate::policy::NamePattern::Exact(name) = rule.pattern() else {
            continue;
        };
        let withdrawn_category = policy
            .category_index(rule.category().as_bytes())
            .is_some_and(|category| !category.is_necessary() && withdrawn.contains(category));
        if withdrawn_category && !refused.iter().any(|known| *known.name == **name) {
            refused.push(RefusedCookie {
                name: name.as_str().into(),
                rule: Some(index),
                carried: false,
                observed: Vec::new(),
            });
        }
    }
    // Declared cookies first, those the request carried before the others.
    refused.sort_by_key(|cookie| (cookie.rule.is_none(), !cookie.carried));
    refused
}

/// A place the application was seen setting a cookie at (cookie discovery).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SetPlace {
    pub(crate) name: Box<str>,
    /// Without its leading dot; `None`: host-only.
    pub(crate) domain: Option<Box<str>>,
    pub(crate) path: Box<str>,
}

/// Adds to `refused` the places the application was seen setting cookies of the
/// `withdrawn` categories at (`observed`: name, `Domain`, `Path`, from cookie
/// discovery), names the request did not carry included (a prefix rule's `_hjSession_1`
/// set at `/app`).
pub(crate) fn add_observed_places(
    refused: &mut Vec<RefusedCookie>,
    observed: Vec<SetPlace>,
    policy: &Policy,
    withdrawn: CategorySet,
) {
    for SetPlace { name, domain, path } in observed {
        let NameClass::Category { index, rule } = policy.classify(name.as_bytes()) else {
            continue;
        };
        if index.is_necessary() || !withdrawn.contains(index) || !is_valid_path(&path) {
            continue;
        }
        let place = (domain, path);
        let room = refused.len() < MAX_REFUSED_PER_REQUEST;
        match refused.iter_mut().find(|known| known.name == name) {
            Some(known) if !known.observed.contains(&place) => known.observed.push(place),
            Some(_) => {}
            None if room => refused.push(RefusedCookie {
                name,
                rule,
                carried: false,
                observed: vec![place],
            }),
            None => {}
        }
    }
}

/// Lists the cookies among `cookie_headers` whose category `granted` does not hold,
/// each name once, at most [`MAX_REFUSED_PER_REQUEST`] of them, declared cookies first.
/// Undeclared cookies are left alone (unless the policy counts them in a category).
///
/// Linear in the header's length: names seen are kept in a hash set, never searched
/// for in the list.
pub(crate) fn refused_cookies<'a>(
    cookie_headers: impl Iterator<Item = &'a [u8]>,
    policy: &Policy,
    granted: CategorySet,
) -> Vec<RefusedCookie> {
    let mut refused: Vec<RefusedCookie> = Vec::new();
    if granted == policy.all_categories() {
        return refused;
    }
    let mut seen: HashSet<&[u8]> = HashSet::new();
    let pairs = cookie_headers.flat_map(crate::cookie_header::cookie_pairs);
    for pair in pairs {
        let Refusal::Refused { rule } = refusal(policy, granted, pair.name) else {
            continue;
        };
        let Ok(name) = std::str::from_utf8(pair.name) else {
            continue;
        };
        if seen.insert(pair.name) {
            refused.push(RefusedCookie {
                name: name.into(),
                rule,
                carried: true,
                observed: Vec::new(),
            });
            if refused.len() == MAX_REFUSED_PER_REQUEST {
                break;
            }
        }
    }
    // Declared cookies first: the budget may not reach the end of the list.
    refused.sort_by_key(|cookie| cookie.rule.is_none());
    refused
}

/// Whether a cookie of some name may be held under the visitor's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Granted, necessary, undeclared or the consent cookie: not the layer's to remove.
    Allowed,
    /// Its category is refused; `rule` is the declaring rule, whose locations also get
    /// a deletion (`None` for an undeclared name counted in a refused category).
    Refused { rule: Option<usize> },
}

/// Whether a cookie of this name is refused under `granted`.
pub(crate) fn refusal(policy: &Policy, granted: CategorySet, name: &[u8]) -> Refusal {
    match policy.classify(name) {
        NameClass::Category { index, rule } if !granted.contains(index) => {
            Refusal::Refused { rule }
        }
        _ => Refusal::Allowed,
    }
}

/// Where the request says the cookies it carried can live: its host's domains and its
/// path's ancestors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeletionScope {
    /// `Domain` values: the host and its parents up to the registrable domain, nearest
    /// first. Empty for an IP address, a single-label host or a public suffix.
    domains: Vec<Box<str>>,
    /// `Path` values that path-match the request's path, shortest first (`/` first).
    paths: Vec<Box<str>>,
}

impl DeletionScope {
    /// The scope of a request to `host` (as the browser named it, port allowed) and
    /// `path` (the URI's path, as sent).
    pub(crate) fn new(host: Option<&[u8]>, path: &str) -> Self {
        Self {
            domains: host.map(domains_of).unwrap_or_default(),
            paths: matching_paths(path),
        }
    }

    /// Every place, as (`Domain`, `Path`), a copy carried on this request can live:
    /// shortest paths first, and on each path host-only before the domains.
    fn places(&self) -> impl Iterator<Item = (Option<&str>, &str)> {
        self.paths.iter().flat_map(|path| {
            std::iter::once(None)
                .chain(self.domains.iter().map(|domain| Some(&**domain)))
                .map(move |domain| (domain, &**path))
        })
    }
}

/// The `Domain` values that a cookie sent to `host` may carry.
fn domains_of(host: &[u8]) -> Vec<Box<str>> {
    let Ok(host) = std::str::from_utf8(host) else {
        return Vec::new();
    };
    // Without the port (an IPv6 literal is bracketed, and has no domains anyway).
    if host.starts_with('[') {
        return Vec::new();
    }
    let host = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let is_name = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        });
    // An IPv4 address: its last label is all digits, which no top-level domain is.
    let is_ip = host
        .rsplit('.')
        .next()
        .is_some_and(|label| label.bytes().all(|byte| byte.is_ascii_digit()));
    if !is_name || is_ip {
        return Vec::new();
    }
    let Some(registrable) = psl::domain_str(&host) else {
        return Vec::new();
    };
    let mut domains = Vec::new();
    let mut domain = host.as_str();
    loop {
        domains.push(Box::from(domain));
        if domain.len() <= registrable.len() {
            break;
        }
        match domain.split_once('.') {
            Some((_, parent)) => domain = parent,
            None => break,
        }
    }
    domains
}

/// The cookie paths that path-match `path` (RFC 6265bis §5.1.4), shortest first.
fn matching_paths(path: &str) -> Vec<Box<str>> {
    let mut paths: Vec<Box<str>> = vec![Box::from("/")];
    if !path.starts_with('/') {
        return paths;
    }
    for (at, _) in path.match_indices('/').skip(1) {
        // `/a` (the next byte is `/`) and `/a/` (ends with `/`) both match `/a/b`.
        paths.push(Box::from(&path[..at]));
        paths.push(Box::from(&path[..=at]));
    }
    if path.len() > 1 && !path.ends_with('/') {
        paths.push(Box::from(path));
    }
    paths
}

/// The bytes a header takes in an HTTP/1.1 head: `name: value\r\n`.
fn header_line_len(name: &str, value: &[u8]) -> usize {
    name.len() + 2 + value.len() + 2
}

/// The bytes the head of a response with these headers takes, without its status line
/// (counted in [`RESERVED_FOR_LATER_HEADERS`]).
fn head_len(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| header_line_len(name.as_str(), value.as_bytes()))
        .sum()
}

/// Appends deletions for the refused cookies at every place [`DeletionScope`] lists and
/// their rules declare, deduplicated, as many cookies as fit in the budget with the
/// headers already in `headers` (the module docs say how).
pub(crate) fn append_deletions(
    headers: &mut HeaderMap,
    policy: &Policy,
    refused: &[RefusedCookie],
    scope: &DeletionScope,
) {
    let mut room = RESPONSE_HEAD_BUDGET
        .saturating_sub(RESERVED_FOR_LATER_HEADERS)
        .saturating_sub(head_len(headers));
    let mut first = true;
    let mut values: Vec<HeaderValue> = Vec::new();
    for cookie in refused {
        if !is_valid_cookie_name(&cookie.name) {
            continue;
        }
        let declared = cookie
            .rule
            .map_or(&[][..], |rule| policy.rule(rule).locations())
            .iter()
            .map(|location| {
                let domain = location.domain();
                (
                    domain.map(|d| d.strip_prefix('.').unwrap_or(d)),
                    location.path(),
                )
            });
        values.clear();
        let mut places: Vec<(Option<&str>, &str)> = Vec::new();
        let carried_places = scope.places().filter(|_| cookie.carried);
        let default_place = (!cookie.carried).then_some((None, "/"));
        let observed = cookie
            .observed
            .iter()
            .map(|(domain, path)| (domain.as_deref(), &**path));
        for place in carried_places
            .chain(default_place)
            .chain(declared)
            .chain(observed)
        {
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let mut needed = 0;
        for (domain, path) in places {
            let Ok(value) = HeaderValue::try_from(deletion(&cookie.name, domain, Some(path)))
            else {
                continue;
            };
            let line = header_line_len(SET_COOKIE.as_str(), value.as_bytes());
            // The first cookie may be cut to its shortest paths; any other goes whole
            // or waits for the next request.
            if needed + line > room {
                if !first {
                    return;
                }
                break;
            }
            needed += line;
            values.push(value);
        }
        first = false;
        room -= needed;
        for value in values.drain(..) {
            headers.append(SET_COOKIE, value);
        }
    }
}

/// A `Set-Cookie` value deleting `name` at `domain` and `path` (the request's default
/// path when `None`). Both `Max-Age=0` and an `Expires` at the epoch, for old browsers
/// that ignore `Max-Age`.
pub(crate) fn deletion(name: &str, domain: Option<&str>, path: Option<&str>) -> String {
    let mut cookie = Cookie::build((name, ""))
        .max_age(CookieDuration::ZERO)
        .expires(OffsetDateTime::UNIX_EPOCH);
    if let Some(path) = path {
        cookie = cookie.path(path);
    }
    if let Some(domain) = domain {
        cookie = cookie.domain(domain);
    }
    // Browsers ignore a prefixed cookie's Set-Cookie, deletions included, without Secure
    // (and match the prefixes ignoring ASCII case).
    if has_prefix(name, "__Secure-") || has_prefix(name, "__Host-") {
        cookie = cookie.secure(true);
    }
    cookie.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_policy::policy;

    fn domains(host: &str) -> Vec<String> {
        domains_of(host.as_bytes())
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn domains_reach_the_registrable_domain() {
        assert_eq!(
            domains("www.shop.example.co.uk"),
            [
                "www.shop.example.co.uk",
                "shop.example.co.uk",
                "example.co.uk"
            ]
        );
        assert_eq!(
            domains("WWW.Demo.Test:8080"),
            ["www.demo.test", "demo.test"]
        );
        assert_eq!(domains("example.com."), ["example.com"]);
        assert_eq!(domains("alice.github.io"), ["alice.github.io"]);
        assert_eq!(
            domains("blog.alice.github.io"),
            ["blog.alice.github.io", "alice.github.io"]
        );
        for none in [
            "github.io",
            "co.uk",
            "localhost",
            "localhost:3000",
            "127.0.0.1:8080",
            "[::1]:8080",
            "",
            "a..b.com",
            "bad host.com",
            "ex\u{e4}mple.com",
        ] {
            assert_eq!(domains(none), Vec::<String>::new(), "{none}");
        }
    }

    #[test]
    fn paths_are_the_ones_that_path_match() {
        let paths = |path: &str| -> Vec<String> {
            matching_paths(path).into_iter().map(String::from).collect()
        };
        assert_eq!(paths("/"), ["/"]);
        assert_eq!(paths("/account"), ["/", "/account"]);
        assert_eq!(paths("/account/"), ["/", "/account", "/account/"]);
        assert_eq!(
            paths("/account/settings"),
            ["/", "/account", "/account/", "/account/settings"]
        );
        assert_eq!(paths("*"), ["/"]);
    }

    fn values(headers: &HeaderMap) -> Vec<String> {
        headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn deletion_covers_every_place_and_declared_location() {
        let policy = policy();
        let refused = refused_cookies(
            ["_ga=1; prefs=2; _hjA=3; other=4; _ga=5; session=6".as_bytes()].into_iter(),
            &policy,
            CategorySet::NECESSARY_ONLY,
        );
        let names: Vec<&str> = refused.iter().map(|cookie| &*cookie.name).collect();
        assert_eq!(names, ["_ga", "prefs", "_hjA"]);
        let mut headers = HeaderMap::new();
        let scope = DeletionScope::new(Some(b"www.example.com"), "/app");
        append_deletions(&mut headers, &policy, &refused, &scope);
        let epoch = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
        let mut expected = Vec::new();
        for name in ["_ga", "prefs", "_hjA"] {
            for path in ["/", "/app"] {
                expected.push(format!("{name}=; Path={path}; {epoch}"));
                for domain in ["www.example.com", "example.com"] {
                    expected.push(format!("{name}=; Path={path}; Domain={domain}; {epoch}"));
                }
            }
        }
        // The test policy declares `_ga` at Domain=example.com (listed above already)
        // and `_hj*` at Path=/app on the host (listed too): nothing twice.
        assert_eq!(values(&headers), expected);
        assert_eq!(
            deletion("__Host-id", None, Some("/")),
            format!("__Host-id=; Secure; Path=/; {epoch}")
        );
    }

    #[test]
    fn the_budget_holds_whole_cookies_and_the_head_fits() {
        let policy = policy();
        let jar: String = (0..40).map(|i| format!("_hj{i:03}=1; ")).collect();
        let refused = refused_cookies(
            [jar.as_bytes()].into_iter(),
            &policy,
            CategorySet::NECESSARY_ONLY,
        );
        assert_eq!(refused.len(), 40);
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("text/html"));
        let scope = DeletionScope::new(Some(b"www.example.co.uk"), "/");
        append_deletions(&mut headers, &policy, &refused, &scope);
        let sent = values(&headers);
        // Four places per cookie (host-only and the two domains at `/`, and the declared
        // `/app`), whole cookies only, in the jar's order.
        assert_eq!(sent.len() % 4, 0, "{sent:#?}");
        let cookies = sent.len() / 4;
        assert_eq!(cookies, 9);
        for (index, chunk) in sent.chunks(4).enumerate() {
            let name = format!("_hj{index:03}=;");
            assert!(
                chunk.iter().all(|value| value.starts_with(&name)),
                "{chunk:?}"
            );
        }
        assert!(head_len(&headers) + RESERVED_FOR_LATER_HEADERS <= RESPONSE_HEAD_BUDGET);
        // One more cookie would not have fitted.
        let one_more = 4 * header_line_len("set-cookie", sent[0].as_bytes());
        assert!(head_len(&headers) + one_more + RESERVED_FOR_LATER_HEADERS > RESPONSE_HEAD_BUDGET);
    }

    #[test]
    fn a_cookie_too_deep_for_the_budget_gets_its_shortest_paths() {
        let policy = policy();
        let refused = refused_cookies(
            [&b"_ga=1"[..]].into_iter(),
            &policy,
            CategorySet::NECESSARY_ONLY,
        );
        let deep: String = (0..40).map(|i| format!("/level{i}")).collect();
        let mut headers = HeaderMap::new();
        append_deletions(
            &mut headers,
            &policy,
            &refused,
            &DeletionScope::new(Some(b"a.b.example.com"), &deep),
        );
        let sent = values(&headers);
        assert!(!sent.is_empty());
        assert!(sent[0].starts_with("_ga=; Path=/; Max-Age=0"));
        assert!(head_len(&headers) + RESERVED_FOR_LATER_HEADERS <= RESPONSE_HEAD_BUDGET);
    }
}
