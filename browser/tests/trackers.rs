//! Known trackers in a real browser, against stand-ins for their hosts (see
//! `common/stand_ins.rs`: Chromium resolves the real tracker names to local logging
//! proxies in front of nginx, with a throwaway certificate; nothing reaches the real
//! hosts). A page that preconnects to and preloads from trackers in its `Link` header,
//! with automatic gating, and loads a marked tag manager: no connection to any tracker
//! before a choice or after "Reject all", and every one after "Accept all".
//!
//! Run with the other browser suites:
//! `cargo test -p tower-cookie-consent-browser --test trackers -- --test-threads=1`.

mod common;
#[path = "../../examples/demo/site.rs"]
#[allow(dead_code)]
mod site;

use std::net::SocketAddr;
use std::time::Duration;

use common::chromium::{Browser, Options};
use common::stand_ins::{StandIn, StandIns};
use tower_cookie_consent::{Category, ConsentLayer, Gating, Policy};

const TRACKERS: [&str; 3] = [
    "www.googletagmanager.com",
    "connect.facebook.net",
    "static.hotjar.com",
];

const PAGE: &str = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Shop</title>\
    <script type=\"text/plain\" data-consent=\"performance\" src=\"https://www.googletagmanager.com/gtm.js\"></script>\
    </head><body><h1>Shop</h1></body></html>";

/// A shop page behind the layer: automatic gating, and the application's `Link` header
/// preconnecting to Meta (advertising) and preloading Hotjar (performance).
async fn spawn_shop() -> SocketAddr {
    let policy = Policy::builder()
        .category(Category::performance())
        .category(Category::advertising())
        .consent_cookie_secure(false)
        .gating(Gating::new().automatic(true))
        .build()
        .unwrap();
    let router = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|| async {
                (
                    [(
                        http::header::LINK,
                        "<https://connect.facebook.net>; rel=preconnect, \
                         <https://static.hotjar.com/c/hotjar-1.js>; rel=preload; as=script, \
                         </own.css>; rel=preload; as=style",
                    )],
                    axum::response::Html(PAGE),
                )
            }),
        )
        .route(
            "/own.css",
            axum::routing::get(|| async { "h1 { color: #333 }" }),
        )
        .layer(ConsentLayer::new(policy));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

async fn stand_ins() -> StandIns {
    StandIns::start(&[
        StandIn {
            host: "www.googletagmanager.com",
            path: "/gtm.js",
            body: "document.documentElement.dataset.gtm = 'ran';",
        },
        StandIn {
            host: "static.hotjar.com",
            path: "/c/hotjar-1.js",
            body: "document.documentElement.dataset.hotjar = 'ran';",
        },
    ])
    .await
}

async fn open(stand_ins: &StandIns, server: SocketAddr) -> Browser {
    Browser::open(Options {
        server: Some(server),
        resolver_rules: Some(stand_ins.resolver_rules(&TRACKERS)),
        ..Options::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_reaches_a_tracker_before_consent_or_after_reject_all() {
    let stand_ins = stand_ins().await;
    let server = spawn_shop().await;
    let browser = open(&stand_ins, server).await;
    browser.goto("/").await;
    assert!(browser.has_banner().await);
    // Whatever the browser would do on its own time (preconnects are not awaited).
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stand_ins.connections(), []);
    assert_eq!(stand_ins.requests(), Vec::<String>::new());

    browser.click("#tcc-banner button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/").await;
    browser.goto("/").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stand_ins.connections(), []);
    assert_eq!(stand_ins.requests(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_accept_all_every_tracker_is_reached() {
    let stand_ins = stand_ins().await;
    let server = spawn_shop().await;
    let browser = open(&stand_ins, server).await;
    browser.goto("/").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(stand_ins.connections(), []);

    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/").await;
    let reached = stand_ins
        .wait_for(Duration::from_secs(10), |connections, requests| {
            let connected = |host: &str| connections.iter().any(|c| c.host == host && c.tls);
            connected("connect.facebook.net")
                && requests
                    .iter()
                    .any(|r| r == "https www.googletagmanager.com /gtm.js")
                && requests
                    .iter()
                    .any(|r| r == "https static.hotjar.com /c/hotjar-1.js")
        })
        .await;
    assert!(
        reached,
        "connections {:?}, requests {:?}",
        stand_ins.connections(),
        stand_ins.requests()
    );
    // The marked tag manager ran, from its stand-in.
    let ran = browser
        .script("return document.documentElement.dataset.gtm || null")
        .await;
    assert_eq!(ran, serde_json::json!("ran"));
    // No host but the three trackers was ever asked for.
    assert!(
        stand_ins
            .connections()
            .iter()
            .all(|connection| TRACKERS.contains(&connection.host.as_str())),
        "{:?}",
        stand_ins.connections()
    );
    browser.close().await;
}

#[test]
fn the_stand_ins_read_the_host_of_a_connection() {
    use common::stand_ins::host_of;
    assert_eq!(
        host_of(b"GET /x HTTP/1.1\r\nHost: WWW.Example.com:80\r\n\r\n").as_deref(),
        Some("www.example.com")
    );
    assert_eq!(host_of(b"GET /x HTTP/1.1\r\nHost: a"), None);
    assert_eq!(host_of(&[0x16, 3, 1, 0, 5, 1]), None);
}
