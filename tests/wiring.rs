//! Wiring mistakes that compile and run: each is logged once per layer, not per request.

mod common;
#[path = "common/log.rs"]
mod log;

use axum::Router;
use axum::body::Body;
use axum::routing::get as route;
use common::*;
use http::{Request, StatusCode};
use log::Log;
use tower::ServiceExt;
use tower_cookie_consent::{ConsentLayer, Policy, Regime, RegionSource};

#[tokio::test(flavor = "current_thread")]
async fn an_already_compressed_page_is_warned_about_once() {
    let log = Log::default();
    let _guard = log.capture();
    let layer = ConsentLayer::new(policy());
    let gzip_page = || {
        html(
            "<html><body>compressed</body></html>",
            &[("content-type", "text/html"), ("content-encoding", "gzip")],
        )
    };
    for _ in 0..3 {
        let (response, _) = send_through(layer.clone(), get(&[]), gzip_page()).await;
        assert_eq!(response.headers()["content-encoding"], "gzip");
    }
    assert_eq!(log.warnings_containing("already compressed"), 1);

    // Nothing to warn about: a decided visitor gets no banner anyway, and neither does
    // a compressed stylesheet, nor an identity-encoded page.
    let other = ConsentLayer::new(policy());
    let decided = get(&[&consent("performance")]);
    send_through(other.clone(), decided, gzip_page()).await;
    let css = html(
        "b{}",
        &[("content-type", "text/css"), ("content-encoding", "gzip")],
    );
    send_through(other.clone(), get(&[]), css).await;
    let identity = html(
        "<html><body>x</body></html>",
        &[
            ("content-type", "text/html"),
            ("content-encoding", "identity"),
        ],
    );
    send_through(other, get(&[]), identity).await;
    assert_eq!(log.warnings_containing("already compressed"), 1);
}

async fn visit(app: &Router, path: &str) -> StatusCode {
    let request = Request::get(path).body(Body::empty()).unwrap();
    app.clone().oneshot(request).await.unwrap().status()
}

#[tokio::test(flavor = "current_thread")]
async fn a_layer_on_a_nested_router_is_warned_about_once() {
    let log = Log::default();
    let _guard = log.capture();
    let shop = Router::new()
        .route("/cart", route(|| async { "cart" }))
        .layer(ConsentLayer::new(policy()));
    let app = Router::new().nest("/shop", shop);
    for _ in 0..3 {
        assert_eq!(visit(&app, "/shop/cart").await, StatusCode::OK);
    }
    // What the warning is about: the banner's form posts outside the nest.
    assert_eq!(visit(&app, "/consent").await, StatusCode::NOT_FOUND);
    assert_eq!(log.warnings_containing("nested at a path"), 1);
    assert_eq!(log.warnings_containing("nested_at=\"/shop\""), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn the_layer_on_the_outer_router_is_not_warned_about() {
    let log = Log::default();
    let _guard = log.capture();
    let shop = Router::new().route("/cart", route(|| async { "cart" }));
    let app = Router::new()
        .nest("/shop", shop)
        .layer(ConsentLayer::new(policy()));
    assert_eq!(visit(&app, "/shop/cart").await, StatusCode::OK);
    assert_eq!(visit(&app, "/consent").await, StatusCode::OK);
    assert_eq!(log.warnings_containing("nested"), 0);
}

#[tokio::test(flavor = "current_thread")]
async fn a_csp_that_forbids_the_banners_form_is_warned_about_once() {
    let log = Log::default();
    let _guard = log.capture();
    let layer = ConsentLayer::new(policy());
    for _ in 0..3 {
        let page = html(
            "<html><body>x</body></html>",
            &[
                ("content-type", "text/html"),
                ("content-security-policy", "form-action https://pay.example"),
            ],
        );
        let (response, _) = send_through(layer.clone(), get(&[]), page).await;
        assert_eq!(response.body(), "<html><body>x</body></html>".as_bytes());
    }
    assert_eq!(log.warnings_containing("form-action forbids"), 1);
}

#[test]
fn cookies_declared_for_longer_than_13_months_are_warned_about() {
    use tower_cookie_consent::{Category, CookieRule, Policy};
    let log = Log::default();
    let _guard = log.capture();
    let policy = Policy::builder()
        .category(Category::performance())
        .cookie(CookieRule::new("_ga", "performance").duration("2 years"))
        .cookie(CookieRule::new("_gid", "performance").duration("24 hours"))
        .cookie(CookieRule::new("_hjX", "performance").duration("13 months"))
        .cookie(CookieRule::new("NID", "performance").duration("14 Months"))
        .cookie(CookieRule::new("odd", "performance").duration("until you log out"))
        .build();
    // A warning, not an error.
    assert!(policy.is_ok(), "{policy:?}");
    assert_eq!(log.warnings_containing("longer than 13 months"), 2);
    assert_eq!(log.warnings_containing("cookie=_ga "), 1);
    assert_eq!(log.warnings_containing("cookie=NID "), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn undeclared_categories_in_markup_are_warned_about_once_per_name() {
    let log = Log::default();
    let _guard = log.capture();
    let policy = policy_builder()
        .gating(tower_cookie_consent::Gating::new())
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let page = concat!(
        r#"<iframe data-consent="social" data-src="/feed"></iframe>"#,
        r#"<img data-category="social" data-src="/like.gif">"#,
        r#"<iframe data-consent="video" data-src="/player"></iframe>"#,
    );
    for _ in 0..3 {
        let (response, _) = send_through(
            layer.clone(),
            get(&[&consent("performance")]),
            html(page, &[("content-type", "text/html")]),
        )
        .await;
        // Inert, as written.
        assert_eq!(response.body(), page.as_bytes());
    }
    assert_eq!(log.warnings_containing("category=\"social\""), 1);
    assert_eq!(log.warnings_containing("category=\"video\""), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn page_and_request_text_cannot_forge_log_lines() {
    let log = Log::default();
    let _guard = log.capture();
    let policy = policy_builder()
        .gating(tower_cookie_consent::Gating::new())
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let long = "x".repeat(500);
    let page = format!(
        "<img data-consent=\"ads\n ERROR forged: admin password reset\" data-src=\"/p.gif\">\
         <img data-consent=\"{long}\" data-src=\"/q.gif\">\
         <iframe data-consent=performance data-src=\"javascript:alert(1)\n INFO forged\"></iframe>"
    );
    let page: &'static str = Box::leak(page.into_boxed_str());
    let request = Request::get("/thread/1%0A%20ERROR%20forged")
        .header("cookie", consent("performance"))
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    let (response, _) =
        send_through(layer, request, html(page, &[("content-type", "text/html")])).await;
    assert_eq!(response.body(), page.as_bytes());
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    // One line per warning, each a warning of the layer's: nothing forged starts a line.
    let lines: Vec<&str> = text.lines().collect();
    // (The fourth: the test banner has no policy link.)
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines
            .iter()
            .all(|line| line.trim_start().starts_with("WARN")),
        "{text}"
    );
    assert_eq!(
        log.warnings_containing(r#"category="ads\n ERROR forged: admin password reset""#),
        1,
        "{text}"
    );
    // Cut to 80 bytes.
    let cut = format!("category=\"{}…\"", "x".repeat(80));
    assert_eq!(log.warnings_containing(&cut), 1, "{text}");
    assert_eq!(
        log.warnings_containing(r#"path="/thread/1%0A%20ERROR%20forged" attribute="data-src" url="javascript:alert(1)\n INFO forged""#),
        1,
        "{text}"
    );
}

#[test]
fn a_missing_policy_link_and_untranslated_categories_are_warned_about_once() {
    use tower_cookie_consent::{Banner, Category, Policy};
    let log = Log::default();
    let _guard = log.capture();
    let builder = || {
        Policy::builder()
            .category(Category::performance())
            .category(
                Category::new("social", "Social media", "Share buttons.").translation(
                    "fr",
                    "Réseaux sociaux",
                    "Boutons de partage.",
                ),
            )
    };
    let layer = ConsentLayer::new(builder().languages(["en", "fr", "de"]).build().unwrap());
    let _first = tower::Layer::layer(&layer, tower::service_fn(|_: ()| async { Ok::<_, ()>(()) }));
    let _second = tower::Layer::layer(&layer, tower::service_fn(|_: ()| async { Ok::<_, ()>(()) }));
    assert_eq!(log.warnings_containing("no link to a cookie policy"), 1);
    // Only German lacks the custom category; the built-in one is translated everywhere.
    assert_eq!(log.warnings_containing("no translation"), 1);
    assert_eq!(
        log.warnings_containing("category=\"social\" languages=\"de\""),
        1
    );

    // Set up fully: nothing to say.
    let log = Log::default();
    let _guard = log.capture();
    let layer = ConsentLayer::new(
        builder()
            .languages(["en", "fr"])
            .banner(Banner::default().policy_link("/cookies"))
            .build()
            .unwrap(),
    );
    let _service =
        tower::Layer::layer(&layer, tower::service_fn(|_: ()| async { Ok::<_, ()>(()) }));
    assert_eq!(log.warnings_containing(""), 0);
}

#[tokio::test(flavor = "current_thread")]
async fn regimes_without_a_region_source_are_warned_about_once() {
    let log = Log::default();
    let _guard = log.capture();
    let warning = "the policy declares regimes by region but the layer reads no region";
    let regional = || {
        Policy::builder()
            .regime(Regime::Consent, ["EEA"])
            .regime(Regime::OptOut, ["US-CA"])
            .build()
            .unwrap()
    };
    let app_page = || {
        html(
            "<html><body>page</body></html>",
            &[("content-type", "text/html")],
        )
    };
    let page = || get(&[]);
    let layer = ConsentLayer::new(regional());
    for _ in 0..3 {
        send_through(layer.clone(), page(), app_page()).await;
    }
    assert_eq!(log.warnings_containing(warning), 1);
    // With a source, or with one regime for everyone, nothing to say.
    send_through(
        ConsentLayer::new(regional()).region_from(RegionSource::cloudflare()),
        page(),
        app_page(),
    )
    .await;
    let single = Policy::builder()
        .regime(Regime::Consent, ["EEA"])
        .build()
        .unwrap();
    send_through(ConsentLayer::new(single), page(), app_page()).await;
    assert_eq!(log.warnings_containing(warning), 1);
}
