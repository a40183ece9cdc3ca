//! Gating and Consent Mode through the layer: exact headers and bodies for each element
//! kind, the alias, strict mode, the placeholder, and each CSP case. (Every chunk
//! boundary, against lol_html: `conformance/tests/gating.rs`.)

mod common;

use common::*;
use tower_cookie_consent::{ConsentLayer, ConsentMode, Gating};

/// The Consent Mode script for a visitor who granted `performance` only.
const PERFORMANCE_ONLY: &str = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('consent','default',{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\",\"ad_personalization\":\"denied\",\"analytics_storage\":\"granted\",\"functionality_storage\":\"denied\",\"personalization_storage\":\"denied\",\"security_storage\":\"granted\"});";

/// Its sha256, computed apart (`openssl dgst -sha256 -binary | base64`).
const PERFORMANCE_ONLY_HASH: &str = "'sha256-+qiy0+1f00RxY82nF9R3td32P2T9kTpzNwWOCRxt7JI='";

const PAGE: &str = concat!(
    "<!DOCTYPE html><html><head><meta charset=utf-8>",
    r#"<script type="text/plain" data-consent="performance" src="/static/analytics.js" async nonce="n1"></script>"#,
    r#"<script type="text/plain" data-category="advertising" src="/static/ads.js"></script>"#,
    "</head><body>",
    r#"<iframe data-consent="advertising" data-src="/embed/player" width="560"></iframe>"#,
    r#"<img data-consent="performance" data-src="/p.gif" alt="">"#,
    r#"<link rel="stylesheet" data-consent="functionality" data-href="/w.css">"#,
    r#"<noscript data-consent="performance"><img data-src="/ns.gif"></noscript>"#,
    "</body></html>"
);

fn layer(gating: Gating, consent_mode: bool) -> ConsentLayer {
    let mut builder = policy_builder().gating(gating);
    if consent_mode {
        builder = builder.consent_mode(ConsentMode::new().ads_data_redaction(true));
    }
    ConsentLayer::new(builder.build().unwrap())
}

fn page_response(extra: &[(&str, &str)]) -> http::Response<http_body_util::Full<bytes::Bytes>> {
    let length = PAGE.len().to_string();
    let mut headers = vec![
        ("content-type", "text/html; charset=utf-8"),
        ("content-length", length.as_str()),
        ("etag", "W/\"v1\""),
        ("last-modified", "Sun, 29 Nov 2026 10:00:00 GMT"),
        ("cache-control", "public, max-age=60"),
    ];
    headers.extend_from_slice(extra);
    html(PAGE, &headers)
}

async fn gated(layer: ConsentLayer, cookie: &str, extra: &[(&str, &str)]) -> (Vec<String>, String) {
    let (response, _) = send_through(layer, get(&[cookie]), page_response(extra)).await;
    (
        header_lines(response.headers()),
        String::from_utf8(response.body().to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn granted_elements_are_activated_and_the_page_keeps_its_length() {
    let (headers, body) = gated(layer(Gating::new(), false), &consent("performance"), &[]).await;
    let expected = concat!(
        "<!DOCTYPE html><html><head><meta charset=utf-8>",
        r#"<script                   data-consent="performance" src="/static/analytics.js" async nonce="n1"></script>"#,
        r#"<script type="text/plain" data-category="advertising" src="/static/ads.js"></script>"#,
        "</head><body>",
        r#"<iframe data-consent="advertising" data-src="/embed/player" width="560"></iframe>"#,
        r#"<img data-consent="performance"      src="/p.gif" alt="">"#,
        r#"<link rel="stylesheet" data-consent="functionality" data-href="/w.css">"#,
        r#"<noscript data-consent="performance"><img      src="/ns.gif"></noscript>"#,
        "</body></html>"
    );
    assert_eq!(body, expected);
    assert_eq!(
        headers,
        [
            "content-type: text/html; charset=utf-8",
            &format!("content-length: {}", PAGE.len()),
            "cache-control: private, max-age=60",
            "vary: Cookie",
            "vary: HX-Request",
        ]
    );
}

#[tokio::test]
async fn strict_mode_blanks_and_the_placeholder_follows_the_inert_iframe() {
    let (_, body) = gated(
        layer(Gating::new().strict(true), false),
        &consent("performance"),
        &[],
    )
    .await;
    let ads =
        r#"<script type="text/plain" data-category="advertising" src="/static/ads.js"></script>"#;
    let iframe =
        r#"<iframe data-consent="advertising" data-src="/embed/player" width="560"></iframe>"#;
    let link = r#"<link rel="stylesheet" data-consent="functionality" data-href="/w.css">"#;
    assert_eq!(body.len(), PAGE.len());
    assert_eq!(
        body,
        format!(
            "{}{}{}{}{}{}{}",
            "<!DOCTYPE html><html><head><meta charset=utf-8>",
            r#"<script                   data-consent="performance" src="/static/analytics.js" async nonce="n1"></script>"#,
            " ".repeat(ads.len()),
            "</head><body>",
            " ".repeat(iframe.len()),
            format_args!(
                "{}{}",
                r#"<img data-consent="performance"      src="/p.gif" alt="">"#,
                " ".repeat(link.len())
            ),
            r#"<noscript data-consent="performance"><img      src="/ns.gif"></noscript></body></html>"#,
        )
    );

    let (headers, body) = gated(
        layer(
            Gating::new().placeholder("Videos need advertising cookies."),
            false,
        ),
        &consent("performance"),
        &[],
    )
    .await;
    assert!(body.contains(concat!(
        r#"<iframe data-consent="advertising" data-src="/embed/player" width="560"></iframe>"#,
        r#"<div class="cookie-consent-placeholder" role="note"><p>Videos need advertising cookies.</p><a href="/consent">Cookie settings</a></div>"#,
        r#"<img data-consent="performance"      src="/p.gif" alt="">"#,
    )));
    // The placeholder's bytes were not in the length the application announced.
    // (`http::HeaderMap` moves its last entry into a removed one's place.)
    assert_eq!(
        headers,
        [
            "content-type: text/html; charset=utf-8",
            "vary: Cookie",
            "vary: HX-Request",
            "cache-control: private, max-age=60",
        ]
    );
}

/// The page for the performance-only visitor with Consent Mode on, its `<script>` as
/// `element` (after the `<meta charset>` that starts the head).
fn with_consent_mode(element: &str) -> String {
    PAGE.replacen(
        "<head><meta charset=utf-8>",
        &format!("<head><meta charset=utf-8>{element}"),
        1,
    )
    .replacen(
        r#"<script type="text/plain" data-consent="performance""#,
        r#"<script                   data-consent="performance""#,
        1,
    )
    .replacen(
        r#"data-consent="performance" data-src="/p.gif""#,
        r#"data-consent="performance"      src="/p.gif""#,
        1,
    )
    .replacen(
        r#"<img data-src="/ns.gif">"#,
        r#"<img      src="/ns.gif">"#,
        1,
    )
}

const REDACTION: &str = "gtag('set','ads_data_redaction',true);";

#[tokio::test]
async fn consent_mode_without_a_csp_is_a_plain_script() {
    let (headers, body) = gated(layer(Gating::new(), true), &consent("performance"), &[]).await;
    let element = format!("<script>{PERFORMANCE_ONLY}{REDACTION}</script>");
    assert_eq!(body, with_consent_mode(&element));
    assert_eq!(
        headers,
        [
            "content-type: text/html; charset=utf-8",
            &format!("content-length: {}", PAGE.len() + element.len()),
            "cache-control: private, max-age=60",
            "vary: Cookie",
            "vary: HX-Request",
        ]
    );
}

#[tokio::test]
async fn consent_mode_reuses_the_pages_script_nonce() {
    let csp = "default-src 'self'; script-src 'nonce-n1' 'strict-dynamic'";
    let (headers, body) = gated(
        layer(Gating::new(), true),
        &consent("performance"),
        &[("content-security-policy", csp)],
    )
    .await;
    let element = format!("<script nonce=\"n1\">{PERFORMANCE_ONLY}{REDACTION}</script>");
    assert_eq!(body, with_consent_mode(&element));
    assert_eq!(
        headers,
        [
            "content-type: text/html; charset=utf-8",
            &format!("content-length: {}", PAGE.len() + element.len()),
            "cache-control: private, max-age=60",
            &format!("content-security-policy: {csp}"),
            "vary: Cookie",
            "vary: HX-Request",
        ]
    );
}

#[tokio::test]
async fn consent_mode_adds_its_hash_where_scripts_are_restricted_without_a_nonce() {
    // Without ads_data_redaction, so that the script is the one hashed apart.
    let policy = policy_builder()
        .gating(Gating::new())
        .consent_mode(ConsentMode::new())
        .build()
        .unwrap();
    let (response, _) = send_through(
        ConsentLayer::new(policy),
        get(&[&consent("performance")]),
        page_response(&[(
            "content-security-policy",
            "default-src 'self'; script-src 'self' 'sha256-AAAA'; object-src 'none'",
        )]),
    )
    .await;
    let element = format!("<script>{PERFORMANCE_ONLY}</script>");
    assert_eq!(
        String::from_utf8(response.body().to_vec()).unwrap(),
        with_consent_mode(&element)
    );
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/html; charset=utf-8",
            &format!("content-length: {}", PAGE.len() + element.len()),
            "cache-control: private, max-age=60",
            "vary: Cookie",
            "vary: HX-Request",
            &format!(
                "content-security-policy: default-src 'self'; script-src 'self' 'sha256-AAAA' {PERFORMANCE_ONLY_HASH}; object-src 'none'"
            ),
        ]
    );
}

#[tokio::test]
async fn consent_mode_leaves_a_policy_relying_on_unsafe_inline_alone() {
    let csp = "script-src 'self' 'unsafe-inline'";
    let (headers, body) = gated(
        layer(Gating::new(), true),
        &consent("performance"),
        &[("content-security-policy", csp)],
    )
    .await;
    let element = format!("<script>{PERFORMANCE_ONLY}{REDACTION}</script>");
    assert_eq!(body, with_consent_mode(&element));
    assert!(headers.contains(&format!("content-security-policy: {csp}")));
}

#[tokio::test]
async fn the_consent_extractor_gives_the_same_state() {
    let policy = policy_builder()
        .consent_mode(ConsentMode::new())
        .build()
        .unwrap();
    let (_, seen) = send_through(
        ConsentLayer::new(policy),
        get(&[&consent("performance")]),
        html("<p>x</p>", &[("content-type", "text/html")]),
    )
    .await;
    let state = seen.consent.unwrap().consent_mode().unwrap();
    assert_eq!(state.script(), PERFORMANCE_ONLY);
}

#[tokio::test]
async fn gating_off_changes_nothing() {
    let (response, _) = send_through(
        ConsentLayer::new(policy()),
        get(&[&consent("performance")]),
        page_response(&[]),
    )
    .await;
    assert_eq!(String::from_utf8(response.body().to_vec()).unwrap(), PAGE);
    assert!(header_lines(response.headers()).contains(&"etag: W/\"v1\"".to_owned()));
}

#[tokio::test]
async fn head_gets_the_length_get_would_and_no_body() {
    let mut request = get(&[&consent("performance")]);
    *request.method_mut() = http::Method::HEAD;
    let length = PAGE.len().to_string();
    let response = html(
        "",
        &[
            ("content-type", "text/html; charset=utf-8"),
            ("content-length", length.as_str()),
        ],
    );
    let (response, _) = send_through(layer(Gating::new(), true), request, response).await;
    let element = format!("<script>{PERFORMANCE_ONLY}{REDACTION}</script>");
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/html; charset=utf-8",
            &format!("content-length: {}", PAGE.len() + element.len()),
            "cache-control: private",
            "vary: Cookie",
            "vary: HX-Request",
        ]
    );
    assert!(response.body().is_empty());
}

#[tokio::test]
async fn fragments_are_gated_without_the_consent_mode_default() {
    for (name, value) in [("sec-fetch-dest", "empty"), ("hx-request", "true")] {
        let mut request = get(&[&consent("performance")]);
        request
            .headers_mut()
            .insert(name, http::HeaderValue::from_static(value));
        let (response, _) =
            send_through(layer(Gating::new(), true), request, page_response(&[])).await;
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        assert_eq!(body, with_consent_mode(""), "{name}");
        assert!(
            header_lines(response.headers()).contains(&format!("content-length: {}", PAGE.len())),
            "{name}"
        );
    }
}

/// A decided visitor's gated page is rewritten for their choice: a 304 (or a range) of a
/// copy made for another choice would bring its scripts back, so the request reaches
/// the application without its validators, even where no banner could be shown.
#[tokio::test]
async fn a_decided_visitors_gated_page_is_asked_for_in_full() {
    let policy = policy_builder()
        .gating(Gating::new())
        .banner(tower_cookie_consent::Banner::default().shown(false))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let mut request = get(&[&consent("performance")]);
    for (name, value) in [
        ("sec-fetch-dest", "document"),
        ("if-none-match", "\"v1\""),
        ("if-modified-since", "Sun, 06 Dec 2026 10:00:00 GMT"),
        ("range", "bytes=0-99"),
        ("if-range", "\"v1\""),
    ] {
        request.headers_mut().insert(
            http::HeaderName::from_static(name),
            http::HeaderValue::from_static(value),
        );
    }
    let (_, seen) = send_through(layer, request, page_response(&[])).await;
    let conditional: Vec<&str> = ["if-none-match", "if-modified-since", "range", "if-range"]
        .into_iter()
        .filter(|name| seen.headers.contains_key(*name))
        .collect();
    assert_eq!(conditional, Vec::<&str>::new());
    assert_eq!(
        seen.headers.get("sec-fetch-dest").unwrap(),
        "document",
        "the rest of the request is untouched"
    );
}

/// What a gated page activates depends on Global Privacy Control for a visitor whose
/// grant the signal refuses: `Vary: Sec-GPC`, even on a page where no banner could be
/// shown and no cookie was filtered.
#[tokio::test]
async fn a_gated_page_that_depends_on_the_signal_varies_on_it() {
    use tower_cookie_consent::{Category, Policy};
    let policy = Policy::builder()
        .category(Category::performance())
        .category(Category::advertising().sells_or_shares(true))
        .gating(Gating::new())
        .revision(2)
        .banner(tower_cookie_consent::Banner::default().shown(false))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let mut request = get(&[&consent("performance+advertising")]);
    request
        .headers_mut()
        .insert("sec-gpc", http::HeaderValue::from_static("1"));
    let (response, _) = send_through(layer, request, page_response(&[])).await;
    assert_eq!(
        values(response.headers(), "vary"),
        ["Cookie", "HX-Request", "Sec-GPC"],
        "{:?}",
        response.headers()
    );
    // The signal refused advertising: its script stays inert, performance's runs.
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(body.contains(r#"<script type="text/plain" data-category="advertising""#));
    assert!(body.contains(r#"<script                   data-consent="performance""#));
}
