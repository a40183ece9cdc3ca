//! Automatic gating's `Link` headers: a `preconnect`, `dns-prefetch`, `preload`,
//! `prefetch` or `modulepreload` link to a known tracker's host is dropped for a visitor
//! who has not granted its category, on every response; the other links stay, in order,
//! byte for byte; links that cannot be parsed are dropped unless everything is granted.

mod common;

use bytes::Bytes;
use common::*;
use http::{HeaderValue, StatusCode};
use tower_cookie_consent::{ConsentLayer, CookieDiscovery, Gating};

fn layer(automatic: bool) -> ConsentLayer {
    ConsentLayer::new(
        policy_builder()
            .gating(Gating::new().automatic(automatic))
            .build()
            .unwrap(),
    )
}

/// A JSON answer (not a page: `Link` headers are gated on every response) carrying
/// these `Link` field lines between two other headers.
fn answer(links: &[&[u8]]) -> http::Response<http_body_util::Full<Bytes>> {
    let mut response = response_with(
        StatusCode::OK,
        &[("content-type", "application/json"), ("x-before", "1")],
    );
    for link in links {
        response
            .headers_mut()
            .append("link", HeaderValue::from_bytes(link).unwrap());
    }
    response
        .headers_mut()
        .append("x-after", HeaderValue::from_static("2"));
    response
}

async fn lines(layer: ConsentLayer, cookies: &[&str], links: &[&[u8]]) -> Vec<String> {
    let (response, _) = send_through(layer, get(cookies), answer(links)).await;
    header_lines(response.headers())
}

const FIRST: &[u8] = b"</style.css>; rel=preload; as=style, <https://www.googletagmanager.com>; rel=preconnect, <https://fonts.example>; rel=preconnect";
const SECOND: &[u8] = b"<https://connect.facebook.net/en_US/fbevents.js>; rel=preload; as=script";

#[tokio::test]
async fn tracker_links_go_for_a_visitor_who_refused_their_category() {
    // Functionality only: Google Tag Manager (performance) and Meta (advertising) go.
    let refused = lines(layer(true), &[&consent("functionality")], &[FIRST, SECOND]).await;
    assert_eq!(
        refused,
        [
            "content-type: application/json",
            "x-before: 1",
            "link: </style.css>; rel=preload; as=style, <https://fonts.example>; rel=preconnect",
            "x-after: 2",
            "vary: Cookie",
        ]
    );
    // Performance granted: the tag manager's link stays, Meta's goes.
    let performance = lines(layer(true), &[&consent("performance")], &[FIRST, SECOND]).await;
    assert_eq!(
        performance,
        [
            "content-type: application/json",
            "x-before: 1",
            &format!("link: {}", String::from_utf8_lossy(FIRST)),
            "x-after: 2",
            "vary: Cookie",
        ]
    );
    // Everything granted: every link as written.
    let granted = lines(
        layer(true),
        &[&consent("functionality+performance+advertising")],
        &[FIRST, SECOND],
    )
    .await;
    assert_eq!(
        granted,
        [
            "content-type: application/json",
            "x-before: 1",
            &format!("link: {}", String::from_utf8_lossy(FIRST)),
            &format!("link: {}", String::from_utf8_lossy(SECOND)),
            "x-after: 2",
            "vary: Cookie",
        ]
    );
    // A first visit: only what the necessary category allows.
    let first_visit = lines(layer(true), &[], &[SECOND, FIRST]).await;
    assert_eq!(
        first_visit,
        [
            "content-type: application/json",
            "x-before: 1",
            "link: </style.css>; rel=preload; as=style, <https://fonts.example>; rel=preconnect",
            "x-after: 2",
            "vary: Cookie",
        ]
    );
}

#[tokio::test]
async fn without_automatic_gating_links_are_untouched() {
    let untouched = lines(layer(false), &[], &[FIRST, SECOND]).await;
    assert_eq!(
        untouched,
        [
            "content-type: application/json",
            "x-before: 1",
            &format!("link: {}", String::from_utf8_lossy(FIRST)),
            &format!("link: {}", String::from_utf8_lossy(SECOND)),
            "x-after: 2",
        ]
    );
    // Links to no tracker do not make the response depend on the choice.
    let plain = lines(layer(true), &[], &[b"</a.css>; rel=preload; as=style"]).await;
    assert_eq!(
        plain,
        [
            "content-type: application/json",
            "x-before: 1",
            "link: </a.css>; rel=preload; as=style",
            "x-after: 2",
        ]
    );
}

#[tokio::test]
async fn commas_inside_targets_and_quotes_and_every_rel_and_case() {
    let cases: [(&[u8], Option<&str>); 12] = [
        // A comma inside the target and inside a quoted parameter.
        (
            b"<https://example.com/a,b>; rel=preload; as=image, <//bat.bing.com/bat.js>; rel=preload; as=script",
            Some("<https://example.com/a,b>; rel=preload; as=image"),
        ),
        (
            b"<https://www.clarity.ms/tag/x>; rel=\"preconnect\"; title=\"a, <b>\", </b.js>; rel=modulepreload",
            Some("</b.js>; rel=modulepreload"),
        ),
        // Each relation type, in any case, in a list of types.
        (b"<https://www.google-analytics.com>; rel=dns-prefetch", None),
        (b"<https://snap.licdn.com/li.js>; rel=prefetch", None),
        (b"<https://www.youtube.com/iframe_api>; REL=\"Stylesheet ModulePreload\"", None),
        (
            b"<HTTPS://WWW.GOOGLE-ANALYTICS.COM/>; Rel=PreConnect; crossorigin, </x.js>; rel=preload",
            Some("</x.js>; rel=preload"),
        ),
        // Only the first `rel` counts (RFC 8288 §3.3), and other types are not gated.
        (
            b"<https://www.google-analytics.com/>; rel=stylesheet; rel=preconnect",
            Some("<https://www.google-analytics.com/>; rel=stylesheet; rel=preconnect"),
        ),
        // Hosts that only look like a tracker's, and a tracker named in a query.
        (
            b"<https://evilgoogle-analytics.com/>; rel=preconnect, <https://www.google-analytics.com.evil.example/>; rel=preconnect",
            Some(
                "<https://evilgoogle-analytics.com/>; rel=preconnect, <https://www.google-analytics.com.evil.example/>; rel=preconnect",
            ),
        ),
        (
            b"</go?to=https://www.google-analytics.com/>; rel=preconnect",
            Some("</go?to=https://www.google-analytics.com/>; rel=preconnect"),
        ),
        // Userinfo and port are set aside.
        (
            b"<https://a@www.googletagmanager.com:443/gtm.js>; rel=preload; as=script",
            None,
        ),
        // Empty list elements stay with the links beside them.
        (
            b", <https://www.googletagmanager.com>; rel=preconnect, , </a.css>; rel=preload",
            Some(", , </a.css>; rel=preload"),
        ),
        // A field of empty elements only, once its tracker link is gone, goes whole.
        (b"<https://www.googletagmanager.com>; rel=preconnect, ,", None),
    ];
    for (link, expected) in cases {
        let lines = lines(layer(true), &[&consent("functionality")], &[link]).await;
        let link_line = lines
            .iter()
            .find(|line| line.starts_with("link: "))
            .map(|line| &line["link: ".len()..]);
        assert_eq!(link_line, expected, "{}", String::from_utf8_lossy(link));
    }
}

#[tokio::test]
async fn links_that_cannot_be_parsed_are_dropped_unless_everything_is_granted() {
    let malformed: [&[u8]; 4] = [
        // A target never closed: the rest of the field is one element.
        b"</ok.css>; rel=preload, <https://www.google-analytics.com; rel=preconnect",
        // A quote never closed.
        b"</ok.css>; rel=preload, </x>; title=\"a, <https://www.google-analytics.com>; rel=preconnect",
        // No target at all, and a parameter without a name.
        b"</ok.css>; rel=preload, https://www.google-analytics.com; rel=preconnect, </y>; =x",
        // Bytes that are not UTF-8 (obs-text), around a good link.
        b"</caf\xe9.css>; rel=preload, <\xff\xfe>; rel=preconnect junk",
    ];
    let refused_expected = [
        "</ok.css>; rel=preload",
        "</ok.css>; rel=preload",
        "</ok.css>; rel=preload",
        "</caf\u{FFFD}.css>; rel=preload",
    ];
    for (link, expected) in malformed.iter().zip(refused_expected) {
        let refused = lines(layer(true), &[&consent("performance")], &[link]).await;
        assert_eq!(
            refused,
            [
                "content-type: application/json",
                "x-before: 1",
                &format!("link: {expected}"),
                "x-after: 2",
                "vary: Cookie",
            ],
            "{}",
            String::from_utf8_lossy(link)
        );
        let granted = lines(
            layer(true),
            &[&consent("functionality+performance+advertising")],
            &[link],
        )
        .await;
        assert_eq!(
            granted,
            [
                "content-type: application/json",
                "x-before: 1",
                &format!("link: {}", String::from_utf8_lossy(link)),
                "x-after: 2",
                "vary: Cookie",
            ]
        );
    }
    // A field that is nothing but a malformed link goes whole.
    let gone = lines(layer(true), &[], &[b"<https://www.google-analytics.com"]).await;
    assert_eq!(
        gone,
        [
            "content-type: application/json",
            "x-before: 1",
            "x-after: 2",
            "vary: Cookie",
        ]
    );
}

#[tokio::test]
async fn discovery_reports_tracker_links_with_the_page() {
    let discovery = CookieDiscovery::new();
    let layer = layer(false).discover_cookies(discovery.clone());
    let mut request = get(&[]);
    *request.uri_mut() = "https://example.com/shop/item?email=a@example.com"
        .parse()
        .unwrap();
    let (response, _) = send_through(layer, request, answer(&[FIRST, SECOND])).await;
    // Automatic gating is off: reported, not dropped.
    assert_eq!(values(response.headers(), "link").len(), 2);
    let snapshot = serde_json::to_value(discovery.snapshot().trackers).unwrap();
    let findings: Vec<_> = snapshot["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["kind"].as_str().unwrap().to_owned(),
                finding["host"].as_str().unwrap().to_owned(),
                finding["built_in_category"].as_str().unwrap().to_owned(),
                finding["page"].as_str().unwrap().to_owned(),
                finding["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        (
            "link rel=preconnect",
            "googletagmanager.com",
            "performance",
            "/shop/item",
            1,
        ),
        (
            "link rel=preload",
            "connect.facebook.net",
            "advertising",
            "/shop/item",
            1,
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(kind, host, category, page, count)| {
            (
                kind.to_string(),
                host.to_string(),
                category.to_string(),
                page.to_string(),
                *count,
            )
        })
        .collect();
    assert_eq!(findings, expected);
    assert_eq!(snapshot["left_out"], 0);
}

#[tokio::test]
async fn a_page_with_the_banner_loses_its_tracker_links_and_varies_once() {
    let page = "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";
    let mut response = html(page, &[("content-type", "text/html")]);
    response.headers_mut().append(
        "link",
        HeaderValue::from_static(
            "<https://www.googletagmanager.com>; rel=preconnect, </app.js>; rel=modulepreload",
        ),
    );
    let (response, _) = send_through(layer(true), get(&[]), response).await;
    let lines = header_lines(response.headers());
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with("link: ") || line.starts_with("vary: "))
            .collect::<Vec<_>>(),
        [
            "link: </app.js>; rel=modulepreload",
            "vary: Cookie",
            "vary: HX-Request",
            // The banner's language, from `Accept-Language` (none here: the default).
            "vary: Accept-Language",
        ]
    );
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(body.contains("id=\"tcc-banner\""), "the banner is injected");
}
