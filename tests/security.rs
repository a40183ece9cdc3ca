//! Security cases: cross-site posts, open redirects, header injection and markup
//! injection, each with the exact outcome.

mod common;

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::{Banner, BannerTexts, Category, ConsentLayer, CookieRule, Policy};

const FORM: &str = "application/x-www-form-urlencoded";

fn post(body: &str, headers: &[(&str, &str)]) -> Request<Full<Bytes>> {
    common::post(FORM, body, headers)
}

async fn answer(request: Request<Full<Bytes>>) -> http::Response<Bytes> {
    let (response, seen) = send(policy(), request, response_with(StatusCode::OK, &[])).await;
    assert_eq!(seen.calls, 0);
    response
}

/// The layer settings the matrix runs under.
#[derive(Clone, Copy, Debug)]
struct Trust {
    same_site: bool,
    listed_sibling: bool,
    forwarded_host: bool,
}

const OWN: &str = "https://example.com";
const SIBLING: &str = "https://shop.example.com";

/// The Fetch Metadata rule, written out once more from the crate docs' table.
fn accepted(site: Option<&str>, origin: Option<&str>, proxied: bool, trust: Trust) -> bool {
    let listed = trust.listed_sibling && origin == Some(SIBLING);
    match site {
        Some("same-origin" | "none") => true,
        Some("same-site") => trust.same_site || listed,
        Some(_) => listed,
        None => match origin {
            None => true,
            Some(OWN) => !proxied || trust.forwarded_host,
            Some(_) => listed,
        },
    }
}

/// Every `Sec-Fetch-Site` × `Origin` combination, sent straight to the layer and
/// through a proxy that rewrote `Host` (nginx's default `proxy_set_header Host
/// $proxy_host`) and added `X-Forwarded-Host`, under each trust setting.
#[tokio::test]
async fn every_fetch_site_origin_host_and_trust_combination() {
    let sites = [
        None,
        Some("same-origin"),
        Some("same-site"),
        Some("cross-site"),
        Some("none"),
        Some("nonsense"),
    ];
    let origins = [
        None,
        Some(OWN),
        Some(SIBLING),
        Some("https://evil.example"),
        Some("null"),
    ];
    let trusts = [
        Trust {
            same_site: false,
            listed_sibling: false,
            forwarded_host: false,
        },
        Trust {
            same_site: true,
            listed_sibling: false,
            forwarded_host: false,
        },
        Trust {
            same_site: false,
            listed_sibling: true,
            forwarded_host: false,
        },
        Trust {
            same_site: false,
            listed_sibling: false,
            forwarded_host: true,
        },
    ];
    let mut checked = 0;
    for trust in trusts {
        let layer = ConsentLayer::new(policy())
            .trust_same_site_posts(trust.same_site)
            .trusted_origins(if trust.listed_sibling {
                &[SIBLING][..]
            } else {
                &[]
            })
            .trust_forwarded_host(trust.forwarded_host);
        for proxied in [false, true] {
            for site in sites {
                for origin in origins {
                    let mut headers = Vec::new();
                    if let Some(site) = site {
                        headers.push(("sec-fetch-site", site));
                    }
                    if let Some(origin) = origin {
                        headers.push(("origin", origin));
                    }
                    let mut request = post("action=accept_all", &headers);
                    if proxied {
                        let headers = request.headers_mut();
                        headers.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
                        headers.insert("x-forwarded-host", "example.com".parse().unwrap());
                    }
                    let (response, seen) =
                        send_through(layer.clone(), request, response_with(StatusCode::OK, &[]))
                            .await;
                    assert_eq!(seen.calls, 0);
                    let accept = accepted(site, origin, proxied, trust);
                    let expected = if accept {
                        StatusCode::SEE_OTHER
                    } else {
                        StatusCode::FORBIDDEN
                    };
                    let case = format!("{site:?} {origin:?} proxied={proxied} {trust:?}");
                    assert_eq!(response.status(), expected, "{case}");
                    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
                    assert_eq!(
                        response.headers().contains_key(header::SET_COOKIE),
                        accept,
                        "{case}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 240);
}

/// Open-redirect payloads, as they would arrive in the form (already form-encoded where
/// a browser would encode them).
const REDIRECTS: [&str; 44] = [
    "https://evil.example",
    "http://evil.example/",
    "HTTPS://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/ /evil.example",
    "%2F%2Fevil.example",
    "/%2Fevil.example",
    "/%2fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%252Fevil.example",
    "/%252fevil.example",
    "/%255Cevil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d/evil.example",
    "/%00/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "evil.example",
    "@evil.example",
    "/\u{ff0f}evil.example",
    "/\u{2215}evil.example",
    "/\u{3002}evil.example",
    "\u{ff0f}\u{ff0f}evil.example",
    "%5C%5Cevil.example",
    "/%0d%0aSet-Cookie:%20admin=1",
    "/\r\nSet-Cookie: admin=1",
    "/a\r\nLocation: https://evil.example",
    "",
    "/x\u{0}y",
];

#[tokio::test]
async fn no_return_to_leaves_the_site() {
    for payload in REDIRECTS {
        let body = format!("action=reject_all&return_to={}", form_encode(payload));
        let response = answer(post(&body, &[])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{payload:?}");
        assert_eq!(response.headers()[header::LOCATION], "/", "{payload:?}");
    }
    // And from JSON clients' point of view the choice is still recorded.
    let response = answer(post("action=reject_all&return_to=//evil.example", &[])).await;
    assert!(response.headers().contains_key(header::SET_COOKIE));
    // A safe path is kept exactly.
    let body = format!(
        "action=reject_all&return_to={}",
        form_encode("/shop?q=a%20b#top")
    );
    let response = answer(post(&body, &[])).await;
    assert_eq!(response.headers()[header::LOCATION], "/shop?q=a%20b#top");
}

#[tokio::test]
async fn cr_and_lf_never_reach_a_header() {
    let bodies = [
        "action=accept_all&return_to=%2Fa%0D%0ASet-Cookie%3A%20admin%3D1".to_owned(),
        "action=save&category=performance%0D%0ASet-Cookie:x".to_owned(),
        "action=accept_all%0D%0AX-Evil:%201".to_owned(),
    ];
    for body in bodies {
        let response = answer(post(&body, &[])).await;
        for (name, value) in response.headers() {
            assert!(
                !value.as_bytes().iter().any(|b| *b == b'\r' || *b == b'\n'),
                "{name}"
            );
            assert_ne!(name.as_str(), "x-evil");
        }
        let cookies = values(response.headers(), "set-cookie");
        assert!(
            cookies.iter().all(|cookie| !cookie.contains("admin")),
            "{cookies:?}"
        );
    }
    // The unknown category with a line break is named in the body, not in a header.
    let response = answer(post("action=save&category=a%0D%0AX-Evil:%201", &[])).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        "The cookie choice form could not be read. (unknown category `a\\r\\nX-Evil: 1`)\n"
    );
}

const HOSTILE: &str = "\"><script>alert(1)</script></style><img src=x onerror=alert(1)><b a='";
const ESCAPED: &str = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;&lt;b a=&#39;";

fn hostile_layer() -> ConsentLayer {
    let mut texts = BannerTexts::default();
    texts.title = HOSTILE.to_owned();
    texts.statement = HOSTILE.to_owned();
    texts.preferences_title = HOSTILE.to_owned();
    texts.table_headings[0] = HOSTILE.to_owned();
    texts.lang = HOSTILE.to_owned();
    let policy = Policy::builder()
        .category(Category::new("x", HOSTILE, HOSTILE))
        .cookie(
            CookieRule::new("c", "x")
                .purpose(HOSTILE)
                .duration(HOSTILE)
                .provider(HOSTILE),
        )
        .banner(Banner::default().texts(texts).policy_link(HOSTILE))
        .build()
        .unwrap();
    ConsentLayer::new(policy)
}

fn assert_inert(page: &str, what: &str) {
    for raw in ["<script", "<img", "<b a=", "onerror=alert(1)>"] {
        assert!(!page.contains(raw), "{what}: {raw} in {page}");
    }
    assert!(page.contains(ESCAPED), "{what}: {page}");
}

#[tokio::test]
async fn operator_text_is_inert_in_the_banner_and_the_preferences_page() {
    let page = html(
        "<html><body>x</body></html>",
        &[("content-type", "text/html")],
    );
    let (response, _) = send_through(hostile_layer(), get(&[]), page).await;
    assert_inert(std::str::from_utf8(response.body()).unwrap(), "banner");

    let return_to = form_encode("/x\"><script>alert(1)</script>");
    let request = Request::get(format!("/consent?return_to={return_to}"))
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) = send_through(hostile_layer(), request, html("", &[])).await;
    let page = std::str::from_utf8(response.body()).unwrap();
    assert_inert(page, "preferences page");
    assert!(page.contains(
        "name=\"return_to\" value=\"/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""
    ));
    assert!(page.contains("<a href=\"/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"));
}
