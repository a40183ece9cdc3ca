//! Withdrawal that reaches every copy: a browser's cookie jar, modelled as RFC 6265bis
//! stores cookies (by name, domain and path), visits a site through the layer, refuses,
//! and keeps browsing; every copy of a refused cookie goes, within the head budget.

mod common;

use bytes::Bytes;
use common::*;
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::{Category, CookieRule, NECESSARY, Policy};

/// One stored cookie: `domain` is `None` for a host-only cookie of `host`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stored {
    name: String,
    host: String,
    domain: Option<String>,
    path: String,
}

/// A cookie jar, as a browser keeps one: a `Set-Cookie` replaces (or, expired,
/// deletes) the cookie of the same name, domain (host-only or not) and path.
#[derive(Default, Debug)]
struct Jar {
    cookies: Vec<Stored>,
}

fn stored(name: &str, host: &str, domain: Option<&str>, path: &str) -> Stored {
    Stored {
        name: name.into(),
        host: host.into(),
        domain: domain.map(Into::into),
        path: path.into(),
    }
}

fn path_matches(cookie_path: &str, path: &str) -> bool {
    path == cookie_path
        || (path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || path[cookie_path.len()..].starts_with('/')))
}

impl Jar {
    /// The `Cookie` header a request to `host` at `path` carries.
    fn header(&self, host: &str, path: &str) -> String {
        self.cookies
            .iter()
            .filter(|cookie| match &cookie.domain {
                None => cookie.host == host,
                Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
            })
            .filter(|cookie| path_matches(&cookie.path, path))
            .map(|cookie| format!("{}=v", cookie.name))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Applies a response's deletions (the layer sends nothing else here), as a
    /// browser on `host` would: a `Domain` the host does not domain-match is ignored.
    fn apply(&mut self, host: &str, headers: &HeaderMap) {
        for value in headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap();
            let name = value.split('=').next().unwrap();
            if !value.contains("Max-Age=0") {
                continue;
            }
            let attribute = |key: &str| {
                value
                    .split("; ")
                    .find_map(|part| part.strip_prefix(key))
                    .map(str::to_owned)
            };
            let path = attribute("Path=").unwrap();
            let domain = attribute("Domain=");
            if let Some(domain) = &domain {
                assert!(
                    host == domain || host.ends_with(&format!(".{domain}")),
                    "a deletion for a domain the browser would ignore: {value}"
                );
            }
            self.cookies.retain(|cookie| {
                !(cookie.name == name
                    && cookie.path == path
                    && cookie.domain == domain
                    && (domain.is_some() || cookie.host == host))
            });
        }
    }

    fn names(&self) -> Vec<&str> {
        self.cookies
            .iter()
            .map(|cookie| cookie.name.as_str())
            .collect()
    }
}

fn site_policy() -> Policy {
    Policy::builder()
        .category(Category::functionality())
        .category(Category::performance())
        .category(Category::advertising())
        .cookie(CookieRule::new("session", NECESSARY))
        .cookie(CookieRule::new("prefs", "functionality"))
        .cookie(CookieRule::new("_ga", "performance"))
        .cookie(CookieRule::new("_ga_*", "performance"))
        .cookie(CookieRule::new("_gid", "performance"))
        .cookie(CookieRule::new("_hj*", "performance"))
        .cookie(CookieRule::new("_gcl_au", "advertising").location(None, "/ads"))
        .consent_cookie_name("consent")
        .build()
        .unwrap()
}

fn page_request(host: &str, path: &str, jar: &Jar) -> Request<Full<Bytes>> {
    let mut request = Request::get(format!("https://{host}{path}"))
        .header(header::HOST, host)
        .body(Full::default())
        .unwrap();
    let cookies = jar.header(host, path);
    if !cookies.is_empty() {
        request
            .headers_mut()
            .insert(header::COOKIE, cookies.parse().unwrap());
    }
    request
}

fn page() -> http::Response<Full<Bytes>> {
    html(
        "<html><body>page</body></html>",
        &[("content-type", "text/html; charset=utf-8")],
    )
}

/// "Reject all" posted from `host`, the jar updated with the answer; the consent cookie
/// is added to the jar by hand (the model keeps names only).
async fn reject_all(host: &str, jar: &mut Jar) -> HeaderMap {
    post_choice(site_policy(), host, jar, None).await
}

/// "Reject all" posted from `host` under `policy`, with the consent cookie `chosen`
/// (a previous choice) when given; the jar updated with the answer.
async fn post_choice(policy: Policy, host: &str, jar: &mut Jar, chosen: Option<&str>) -> HeaderMap {
    let mut request = Request::post(format!("https://{host}/consent"))
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Full::new(Bytes::from_static(
            b"action=reject_all&return_to=/",
        )))
        .unwrap();
    let cookies: Vec<String> = [jar.header(host, "/consent")]
        .into_iter()
        .chain(chosen.map(str::to_owned))
        .filter(|cookies| !cookies.is_empty())
        .collect();
    if !cookies.is_empty() {
        request
            .headers_mut()
            .insert(header::COOKIE, cookies.join("; ").parse().unwrap());
    }
    let (response, _) = send(policy, request, page()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(head_bytes(response.headers()) <= HEAD_BUDGET);
    jar.apply(host, response.headers());
    response.headers().clone()
}

/// The consent cookie of "Reject all", for the requests after it.
fn rejected() -> String {
    format!("consent=1.1.{}..{ID}", now())
}

/// Browses `path` on `host` with the jar (and the recorded refusal) until no refused
/// cookie is sent; returns how many requests that took. Every answer's head fits the
/// budget, and every answer deletes something until the jar is clean.
async fn browse_until_clean(host: &str, path: &str, jar: &mut Jar, limit: usize) -> usize {
    for request_number in 1..=limit {
        let before = jar.cookies.len();
        let mut request = page_request(host, path, jar);
        let cookies = match request.headers().get(header::COOKIE) {
            Some(value) => format!("{}; {}", value.to_str().unwrap(), rejected()),
            None => rejected(),
        };
        request
            .headers_mut()
            .insert(header::COOKIE, cookies.parse().unwrap());
        let (response, _) = send(site_policy(), request, page()).await;
        let head = head_bytes(response.headers());
        assert!(head <= HEAD_BUDGET, "{head} bytes of head");
        jar.apply(host, response.headers());
        let deletions = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .count();
        if deletions == 0 {
            // Nothing was sent to delete: the jar holds nothing refused that this page
            // can see.
            assert_eq!(jar.cookies.len(), before);
            return request_number - 1;
        }
        assert!(
            jar.cookies.len() < before,
            "no progress at request {request_number}"
        );
    }
    panic!("still deleting after {limit} requests: {:?}", jar.names());
}

#[tokio::test]
async fn reject_all_deletes_every_copy_at_every_domain_and_path() {
    let host = "www.shop.example.co.uk";
    let mut jar = Jar {
        cookies: vec![
            stored("session", host, None, "/"),
            // Google Analytics writes at the registrable domain, from any page.
            stored("_ga", host, Some("example.co.uk"), "/"),
            stored("_ga", host, None, "/"),
            stored("_ga_ABC123", host, Some("example.co.uk"), "/"),
            stored("_gid", host, Some("example.co.uk"), "/"),
            // Hotjar at an intermediate domain, and a copy set on a deep page.
            stored("_hjSessionUser_1", host, Some("shop.example.co.uk"), "/"),
            stored("_hjSession_1", host, None, "/account"),
            stored("_gcl_au", host, Some("www.shop.example.co.uk"), "/"),
            stored("_gcl_au", host, None, "/ads"),
            stored("prefs", host, None, "/account/settings"),
            stored("prefs", host, None, "/account/"),
        ],
    };
    let answer = reject_all(host, &mut jar).await;
    // The post deletes what it carried (every copy at `/`), everywhere it can live.
    let deletions: Vec<&str> = answer
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .filter(|v| v.starts_with("_gid="))
        .collect();
    assert_eq!(
        deletions,
        [
            format!("_gid=; Path=/; {EPOCH}"),
            format!("_gid=; Path=/; Domain=www.shop.example.co.uk; {EPOCH}"),
            format!("_gid=; Path=/; Domain=shop.example.co.uk; {EPOCH}"),
            format!("_gid=; Path=/; Domain=example.co.uk; {EPOCH}"),
            format!("_gid=; Path=/consent; {EPOCH}"),
            format!("_gid=; Path=/consent; Domain=www.shop.example.co.uk; {EPOCH}"),
            format!("_gid=; Path=/consent; Domain=shop.example.co.uk; {EPOCH}"),
            format!("_gid=; Path=/consent; Domain=example.co.uk; {EPOCH}"),
        ]
    );
    // What did not fit in the answer's head goes on the next page at `/`; `_gcl_au`
    // at `/ads`, never sent there, goes too, at the location the policy declares.
    let requests = browse_until_clean(host, "/", &mut jar, 5).await;
    assert_eq!(requests, 1);
    assert_eq!(jar.names(), ["session", "_hjSession_1", "prefs", "prefs"]);
    // The deep copies go when the visitor is where they are sent: one request here.
    let requests = browse_until_clean(host, "/account/settings", &mut jar, 5).await;
    assert_eq!(requests, 1);
    assert_eq!(jar.names(), ["session"]);
    // And nothing more is sent anywhere.
    assert_eq!(browse_until_clean(host, "/", &mut jar, 1).await, 0);
}

#[tokio::test]
async fn deletions_stop_at_the_public_suffix() {
    // `github.io` is a public suffix: `alice.github.io` is the registrable domain.
    let host = "blog.alice.github.io";
    let mut jar = Jar {
        cookies: vec![
            stored("_ga", host, Some("alice.github.io"), "/"),
            stored("_gid", host, Some("blog.alice.github.io"), "/"),
            stored("_hjA", host, None, "/"),
        ],
    };
    let answer = reject_all(host, &mut jar).await;
    assert!(jar.cookies.is_empty(), "{:?}", jar.names());
    for value in answer.get_all(header::SET_COOKIE) {
        let value = value.to_str().unwrap();
        assert!(!value.contains("Domain=github.io"), "{value}");
    }
    // An IP address or a single-label host has no domains: host-only deletions only.
    for host in ["127.0.0.1", "localhost"] {
        let mut jar = Jar {
            cookies: vec![stored("_ga", host, None, "/")],
        };
        let answer = reject_all(host, &mut jar).await;
        assert!(jar.cookies.is_empty());
        let domains = answer
            .get_all(header::SET_COOKIE)
            .iter()
            .filter(|v| v.to_str().unwrap().contains("Domain="))
            .count();
        assert_eq!(domains, 0, "{host}");
    }
}

/// The audit's stuffed jar: 650 refused cookies. Every answer stays within the budget
/// (a stock nginx would otherwise answer 502), each answer deletes more, and the jar is
/// clean after a bounded number of requests.
#[tokio::test]
async fn a_stuffed_jar_is_emptied_within_the_budget() {
    let host = "www.example.co.uk";
    let mut jar = Jar::default();
    for n in 0..650 {
        jar.cookies.push(stored(
            &format!("_ga_{n:04}"),
            host,
            Some("example.co.uk"),
            "/",
        ));
    }
    jar.cookies.push(stored("session", host, None, "/"));
    let requests = browse_until_clean(host, "/", &mut jar, 200).await;
    assert_eq!(jar.names(), ["session"]);
    // Three places per cookie at `/` (host-only, www, the registrable domain), about
    // 95 bytes each: twelve cookies per answer.
    assert_eq!(requests, 650_usize.div_ceil(12));
}

/// A choice that granted everything, under [`site_policy`].
fn granted_all() -> String {
    format!(
        "consent=1.1.{}.functionality+performance+advertising.{ID}",
        now()
    )
}

#[tokio::test]
async fn a_withdrawal_reaches_declared_places_the_post_did_not_carry() {
    let host = "www.example.com";
    let holding = || Jar {
        cookies: vec![
            stored("session", host, None, "/"),
            // Never sent to `/consent`: only the declaration says it is there.
            stored("_gcl_au", host, None, "/ads"),
            // Set by a script the policy does not declare.
            stored("_fbp", host, Some("example.com"), "/"),
        ],
    };
    let mut jar = holding();
    let answer = post_choice(site_policy(), host, &mut jar, Some(&granted_all())).await;
    assert_eq!(jar.names(), ["session", "_fbp"]);
    let deletions: Vec<String> = values(&answer, "set-cookie")
        .into_iter()
        .filter(|line| line.contains("Max-Age=0"))
        .collect();
    // Every declared exact name of the withdrawn categories, host-only at `/` and at
    // its declared places, the copies the post carried first.
    assert_eq!(
        deletions,
        [
            format!("prefs=; Path=/; {EPOCH}"),
            format!("_ga=; Path=/; {EPOCH}"),
            format!("_gid=; Path=/; {EPOCH}"),
            format!("_gcl_au=; Path=/; {EPOCH}"),
            format!("_gcl_au=; Path=/ads; {EPOCH}"),
        ]
    );
    assert!(answer.get("clear-site-data").is_none());

    // The opt-ins: undeclared cookies the post carried, and the site's storage.
    let opted_in = || {
        let mut builder = Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .category(Category::advertising())
            .consent_cookie_name("consent")
            .delete_undeclared_on_withdrawal(true)
            .clear_storage_on_withdrawal(true);
        for rule in site_policy().rules() {
            builder = builder.cookie(rule.clone());
        }
        builder.build().unwrap()
    };
    let mut jar = holding();
    let answer = post_choice(opted_in(), host, &mut jar, Some(&granted_all())).await;
    assert_eq!(jar.names(), ["session"]);
    assert_eq!(values(&answer, "clear-site-data"), ["\"storage\""]);
    assert!(
        values(&answer, "set-cookie")
            .contains(&format!("_fbp=; Path=/; Domain=www.example.com; {EPOCH}"))
    );
    assert!(
        values(&answer, "set-cookie")
            .contains(&format!("_fbp=; Path=/; Domain=example.com; {EPOCH}"))
    );

    // A first refusal withdraws nothing (nothing ran before it): only the copies the
    // post carried go, and the storage stays.
    let mut jar = holding();
    let answer = post_choice(opted_in(), host, &mut jar, None).await;
    assert_eq!(jar.names(), ["session", "_gcl_au", "_fbp"]);
    assert!(answer.get("clear-site-data").is_none());
    // Refusing again what is already refused withdraws nothing either.
    let refused = format!("consent=1.1.{}..{ID}", now());
    let answer = post_choice(opted_in(), host, &mut holding(), Some(&refused)).await;
    assert!(answer.get("clear-site-data").is_none());
}

#[tokio::test]
async fn with_discovery_a_withdrawal_reaches_where_the_application_set_cookies() {
    use tower_cookie_consent::{ConsentLayer, CookieDiscovery};
    let host = "www.example.com";
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(site_policy()).discover_cookies(discovery.clone());
    // A visitor who accepted everything gets pages that set cookies at places the
    // policy does not declare: a prefix rule's name deep in the site, an exact name
    // at another path and the parent domain.
    let setting = html(
        "<html><body>app</body></html>",
        &[
            ("content-type", "text/html"),
            (
                "set-cookie",
                "_hjSession_1=x; Path=/app/deep; Domain=example.com",
            ),
            ("set-cookie", "_gcl_au=1; Path=/ads/deep"),
        ],
    );
    let mut request = page_request(host, "/app/deep", &Jar::default());
    request
        .headers_mut()
        .insert(header::COOKIE, granted_all().parse().unwrap());
    send_through(layer.clone(), request, setting).await;

    let mut jar = Jar {
        cookies: vec![
            stored("session", host, None, "/"),
            stored("_hjSession_1", host, Some("example.com"), "/app/deep"),
            stored("_gcl_au", host, None, "/ads/deep"),
        ],
    };
    let mut request = Request::post(format!("https://{host}/consent"))
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, granted_all())
        .body(Full::new(Bytes::from_static(b"action=reject_all")))
        .unwrap();
    request.headers_mut().append(
        header::COOKIE,
        jar.header(host, "/consent").parse().unwrap(),
    );
    let (response, _) = send_through(layer, request, page()).await;
    jar.apply(host, response.headers());
    assert_eq!(jar.names(), ["session"]);
    let deletions = values(response.headers(), "set-cookie");
    assert!(deletions.contains(&format!(
        "_hjSession_1=; Path=/app/deep; Domain=example.com; {EPOCH}"
    )));
    assert!(deletions.contains(&format!("_gcl_au=; Path=/ads/deep; {EPOCH}")));
}
