//! Known trackers in a real browser, against stand-ins for their hosts (see
//! `common/stand_ins.rs`: Chromium resolves the real tracker names to local logging
//! proxies in front of nginx, with a throwaway certificate; nothing reaches the real
//! hosts). A page that preconnects to and preloads from trackers in its `Link` header,
//! with automatic gating, and loads a marked tag manager: no connection to any tracker
//! before a choice or after "Reject all", and every one after "Accept all".
//!
//!
//! Then pages nobody marked for this crate: one with unmarked snippets (a tag loader,
//! an inline snippet that loads a script, a pixel, a preconnect), which with automatic
//! gating makes the same tracker requests as the page served without the layer once
//! the visitor accepts all, and none before or after "Reject all"; and one written for
//! Cookiebot and OneTrust, whose markup the policy reads.
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

/// Trackers the pages below reach, by host.
const PAGE_TRACKERS: [&str; 4] = [
    "www.googletagmanager.com",
    "connect.facebook.net",
    "static.hotjar.com",
    "www.facebook.com",
];

/// A page with trackers written in, as analytics and advertising snippets come.
const SNIPPETS: &str = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Blog</title>\
    <link rel=\"preconnect\" href=\"https://connect.facebook.net\">\
    <script async src=\"https://www.googletagmanager.com/gtag/js?id=G-TEST\"></script>\
    <script>(function(h,o){h._hjSettings={hjid:1,hjsv:6};var s=o.createElement('script');\
    s.src='https://static.hotjar.com/c/hotjar-1.js';o.head.appendChild(s);})(window,document);</script>\
    </head><body><h1>Blog</h1>\
    <img src=\"https://www.facebook.com/tr?id=1&amp;ev=PageView\" width=1 height=1 alt=\"\">\
    </body></html>";

/// A page written for Cookiebot (statistics) and OneTrust (group C0004, targeting).
const OTHER_MANAGERS: &str = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Moved</title>\
    <script type=\"text/plain\" data-cookieconsent=\"statistics\" src=\"https://www.googletagmanager.com/gtm.js\"></script>\
    <script type=\"text/plain\" class=\"optanon-category-C0004\" src=\"https://connect.facebook.net/en_US/fbevents.js\"></script>\
    </head><body><h1>Moved from another consent manager</h1></body></html>";

/// The two pages, behind the layer (automatic gating, Cookiebot's and OneTrust's
/// markup read) or without it.
async fn spawn_site(with_layer: bool) -> SocketAddr {
    let policy = Policy::builder()
        .category(Category::performance())
        .category(Category::advertising())
        .consent_cookie_secure(false)
        .gating(
            Gating::new()
                .automatic(true)
                .cookiebot(true)
                .onetrust(true)
                .onetrust_group("C0004", "advertising"),
        )
        .build()
        .unwrap();
    let router = axum::Router::new()
        .route(
            "/snippets",
            axum::routing::get(|| async { axum::response::Html(SNIPPETS) }),
        )
        .route(
            "/other",
            axum::routing::get(|| async { axum::response::Html(OTHER_MANAGERS) }),
        );
    let router = if with_layer {
        router.layer(ConsentLayer::new(policy))
    } else {
        router
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

async fn page_stand_ins() -> StandIns {
    let ran = |name: &'static str| -> &'static str {
        match name {
            "gtag" => "document.documentElement.dataset.gtag = 'ran';",
            "gtm" => "document.documentElement.dataset.gtm = 'ran';",
            "hotjar" => "document.documentElement.dataset.hotjar = 'ran';",
            _ => "document.documentElement.dataset.fb = 'ran';",
        }
    };
    StandIns::start(&[
        StandIn {
            host: "www.googletagmanager.com",
            path: "/gtag/js",
            body: ran("gtag"),
        },
        StandIn {
            host: "www.googletagmanager.com",
            path: "/gtm.js",
            body: ran("gtm"),
        },
        StandIn {
            host: "static.hotjar.com",
            path: "/c/hotjar-1.js",
            body: ran("hotjar"),
        },
        StandIn {
            host: "connect.facebook.net",
            path: "/en_US/fbevents.js",
            body: ran("fb"),
        },
        StandIn {
            host: "www.facebook.com",
            path: "/tr",
            body: "",
        },
    ])
    .await
}

/// The requests to tracker hosts, without duplicates, in order.
fn tracker_requests(stand_ins: &StandIns) -> Vec<String> {
    let mut requests = stand_ins.requests();
    requests.sort();
    requests.dedup();
    requests
}

/// The tracker requests a page makes within a few seconds of loading.
async fn settle(stand_ins: &StandIns) -> Vec<String> {
    tokio::time::sleep(Duration::from_secs(2)).await;
    tracker_requests(stand_ins)
}

#[tokio::test(flavor = "multi_thread")]
async fn unmarked_snippets_wait_for_accept_all_and_then_load_as_the_original() {
    // The original, served without the layer: what its snippets load.
    let original_stand_ins = page_stand_ins().await;
    let original = spawn_site(false).await;
    let browser = Browser::open(Options {
        server: Some(original),
        resolver_rules: Some(original_stand_ins.resolver_rules(&PAGE_TRACKERS)),
        ..Options::default()
    })
    .await;
    browser.goto("/snippets").await;
    let expected = settle(&original_stand_ins).await;
    browser.close().await;
    for wanted in [
        "https www.googletagmanager.com /gtag/js?id=G-TEST",
        "https static.hotjar.com /c/hotjar-1.js",
        "https www.facebook.com /tr?id=1&ev=PageView",
    ] {
        assert!(expected.iter().any(|r| r == wanted), "{expected:?}");
    }

    // Behind the layer: nothing before a choice, nor after "Reject all".
    let stand_ins = page_stand_ins().await;
    let server = spawn_site(true).await;
    let browser = Browser::open(Options {
        server: Some(server),
        resolver_rules: Some(stand_ins.resolver_rules(&PAGE_TRACKERS)),
        ..Options::default()
    })
    .await;
    browser.goto("/snippets").await;
    assert!(browser.has_banner().await);
    assert_eq!(settle(&stand_ins).await, Vec::<String>::new());
    assert_eq!(stand_ins.connections(), []);
    browser.click("#tcc-banner button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/snippets").await;
    browser.goto("/snippets").await;
    assert_eq!(settle(&stand_ins).await, Vec::<String>::new());
    assert_eq!(stand_ins.connections(), []);
    browser.close().await;

    // A visitor who accepts all: the same tracker requests as the original.
    let stand_ins = page_stand_ins().await;
    let browser = Browser::open(Options {
        server: Some(server),
        resolver_rules: Some(stand_ins.resolver_rules(&PAGE_TRACKERS)),
        ..Options::default()
    })
    .await;
    browser.goto("/snippets").await;
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/snippets").await;
    assert_eq!(settle(&stand_ins).await, expected);
    let ran = browser
        .script("return document.documentElement.dataset.hotjar || null")
        .await;
    assert_eq!(ran, serde_json::json!("ran"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_written_for_other_consent_managers_works_after_a_grant() {
    let stand_ins = page_stand_ins().await;
    let server = spawn_site(true).await;
    let browser = Browser::open(Options {
        server: Some(server),
        resolver_rules: Some(stand_ins.resolver_rules(&PAGE_TRACKERS)),
        ..Options::default()
    })
    .await;
    browser.goto("/other").await;
    assert_eq!(settle(&stand_ins).await, Vec::<String>::new());
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/other").await;
    assert_eq!(
        settle(&stand_ins).await,
        [
            "https connect.facebook.net /en_US/fbevents.js",
            "https www.googletagmanager.com /gtm.js",
        ]
    );
    let ran = browser
        .script(
            "return [document.documentElement.dataset.gtm, document.documentElement.dataset.fb]",
        )
        .await;
    assert_eq!(ran, serde_json::json!(["ran", "ran"]));
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
