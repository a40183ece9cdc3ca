//! The smallest axum server serving one real page, for measuring what the layer costs
//! per request (`scripts/pageload.sh` drives it).
//!
//! `/` is `tests/fixtures/rust-reference-tokens.html` (a 272 KB page of the Rust
//! Reference, MIT or Apache-2.0), served as one body, with five trackers marked for
//! gating in the demo's convention added to its head and body; `/plain` is the same page
//! without them. The layer runs with the demo's policy (gating as it comes and Consent
//! Mode on; the consent cookie unsigned) unless `PAGELOAD_NO_CONSENT=1`. `PAGELOAD_ADDR` sets the address (default `127.0.0.1:3950`).
//!
//! ```text
//! cargo run --release --example pageload --features sqlite
//! ```

#[allow(dead_code)]
#[path = "demo/site.rs"]
mod site;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use bytes::Bytes;

/// Five trackers marked for consent: two analytics scripts in the head, an advertising
/// pixel with its `<noscript>` and a video iframe in the body.
const HEAD_MARKS: &str = concat!(
    r#"<script type="text/plain" data-consent="performance" src="/static/analytics.js"></script>"#,
    r#"<script type="text/plain" data-consent="performance">window.hj=function(){};</script>"#,
);
const BODY_MARKS: &str = concat!(
    r#"<img data-consent="advertising" data-src="/static/pixel.gif" alt="">"#,
    r#"<noscript data-consent="advertising"><img data-src="/static/pixel.gif?ns=1" alt=""></noscript>"#,
    r#"<iframe data-consent="advertising" data-src="/embed/player" title="video"></iframe>"#,
);

fn page(marked: bool) -> Bytes {
    let page = include_str!("../tests/fixtures/rust-reference-tokens.html");
    if !marked {
        return Bytes::from_static(page.as_bytes());
    }
    let head = page.find("</head>").expect("the page has a head");
    let body = page.find("<main>").expect("the page has a main");
    Bytes::from(format!(
        "{}{HEAD_MARKS}{}{BODY_MARKS}{}",
        &page[..head],
        &page[head..body],
        &page[body..]
    ))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("PAGELOAD_ADDR").unwrap_or_else(|_| "127.0.0.1:3950".to_owned());
    let marked = page(true);
    let plain = page(false);
    let app = Router::new()
        .route("/", get(move || std::future::ready(Html(marked.clone()))))
        .route(
            "/plain",
            get(move || std::future::ready(Html(plain.clone()))),
        );
    let with_consent = std::env::var("PAGELOAD_NO_CONSENT").map_or(true, |value| value != "1");
    let app = if with_consent {
        // The demo's policy with gating as it comes (no click-to-load placeholders, no
        // safety net: both make every page a whole read) and Consent Mode.
        let policy = site::policy_builder("127.0.0.1")
            .gating(tower_cookie_consent::Gating::new())
            .build()
            .expect("the demo's policy is valid");
        app.layer(tower_cookie_consent::ConsentLayer::new(policy))
    } else {
        app
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
