//! Who decides: the site's controller is named on the banner's first layer and never
//! listed as a third party; and the layer warns at start when the notice it shows
//! differs from the one stored for the same policy revision.

mod common;
#[path = "common/log.rs"]
mod log;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;

use common::*;
use log::Log;
use suite::*;
use tower_cookie_consent::receipts::{Notice, ReceiptOptions, ReceiptStore, Receipts, SqliteStore};
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy, PolicyBuilder};

const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";

fn with_controller() -> PolicyBuilder {
    Policy::builder()
        .category(Category::performance())
        .cookie(CookieRule::new("_own_stats", "performance").provider("Example Ltd"))
        .cookie(CookieRule::new("_ga", "performance").provider("Google"))
        .cookie(CookieRule::new("_pk_id", "performance").provider(" example ltd "))
        .controller("Example Ltd")
}

async fn banner_of(policy: Policy) -> String {
    let (response, _) = send(
        policy,
        get(&[]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    String::from_utf8(response.body().to_vec()).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn the_controller_is_named_first_and_never_shared_with() {
    // (Every test of this file reads the log: a thread without a subscriber of its own
    // could make `tracing` skip the other test's warning.)
    let log = Log::default();
    let _guard = log.capture();
    let body = banner_of(with_controller().build().unwrap()).await;
    assert!(
        body.contains(
            "<a href=\"/consent?lang=en\">Cookie settings</a></p><p class=\"tcc-controller\">This \
             site is run by Example Ltd, who decides how your information is used.</p><ul \
             class=\"tcc-purposes\">"
        ),
        "{body}"
    );
    // "Shared with" names Google only: the controller's own cookies go to no third
    // party, however its name is written.
    assert!(
        body.contains(
            "<li><strong>Performance</strong>: These cookies collect information about how you \
             use the website, for instance which pages you visit most often, so that we can \
             improve how it works. Shared with: Google.</li>"
        ),
        "{body}"
    );
    // In the visitor's language, with the name as declared.
    let mut request = get(&[]);
    request
        .headers_mut()
        .insert(http::header::ACCEPT_LANGUAGE, "de".parse().unwrap());
    let (response, _) = send(
        with_controller().build().unwrap(),
        request,
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    let german = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(german.contains(
        "<p class=\"tcc-controller\">Diese Website wird von Example Ltd betrieben, der \
         entscheidet, wie Ihre Daten verwendet werden.</p>"
    ));

    // cookies.json lists third parties the same way.
    let request = http::Request::get("/consent/cookies.json")
        .body(http_body_util::Full::<bytes::Bytes>::default())
        .unwrap();
    let (response, _) = send(with_controller().build().unwrap(), request, html(PAGE, &[])).await;
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        json["categories"][1]["third_parties"],
        serde_json::json!(["Google"])
    );

    // Without a controller every provider is a third party, and no line names one.
    let policy = Policy::builder()
        .category(Category::performance())
        .cookie(CookieRule::new("_own_stats", "performance").provider("Example Ltd"))
        .build()
        .unwrap();
    let body = banner_of(policy).await;
    assert!(!body.contains("tcc-controller"));
    assert!(body.contains("Shared with: Example Ltd.</li>"));
    // A blank name is no controller.
    assert_eq!(
        Policy::builder()
            .controller("  ")
            .build()
            .unwrap()
            .controller(),
        None
    );
    let file: Policy = toml::from_str("controller = \"Example Ltd\"").unwrap();
    assert_eq!(file.controller(), Some("Example Ltd"));
    // Without receipts nothing is compared.
    assert_eq!(log.warnings_containing("the notice shown now differs"), 0);
}

#[tokio::test(flavor = "current_thread")]
async fn a_changed_notice_under_the_same_revision_is_warned_about_at_start() {
    let log = Log::default();
    let _guard = log.capture();
    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("changed-notice")).await.unwrap());
    let warning = "the notice shown now differs from the one stored for the same policy revision";
    let start = |policy: Policy| {
        ConsentLayer::new(policy).record_receipts(Receipts::from_shared_store(
            store.clone(),
            ReceiptOptions::default(),
        ))
    };
    // A first start stores what the layer shows with the first choice.
    let layer = start(with_controller().build().unwrap());
    let (response, _) = send_through(
        layer,
        post(
            "application/x-www-form-urlencoded",
            "action=reject_all",
            &[],
        ),
        html(PAGE, &[]),
    )
    .await;
    assert_eq!(response.status(), http::StatusCode::SEE_OTHER);
    let id = consent_id(&consent_id_set(response.headers()));
    eventually("the receipt and its notice", async || {
        store.receipts_of(id).await.unwrap().len() == 1
    })
    .await;
    let stored = store.notice_hashes(1).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, "en");

    // The same policy again: nothing to say.
    drop(start(with_controller().build().unwrap()));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(log.warnings_containing(warning), 0);

    // Its texts changed, the revision did not: warned, naming the language.
    drop(start(
        with_controller()
            .controller("Example Group plc")
            .build()
            .unwrap(),
    ));
    eventually("the warning", async || {
        log.warnings_containing(warning) == 1
    })
    .await;
    assert_eq!(log.warnings_containing("revision=1 languages=\"en\""), 1);

    // A new revision has nothing stored yet: no warning.
    let next_revision = || {
        with_controller()
            .controller("Example Group plc")
            .revision(2)
            .build()
            .unwrap()
    };
    let start_and_wait = async |policy| {
        drop(start(policy));
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    start_and_wait(next_revision()).await;
    assert_eq!(log.warnings_containing(warning), 1);

    // A stored notice of a language the layer no longer offers is not its business.
    store
        .write(
            &[Notice::new(2, "tlh", "<section>Other texts</section>")],
            &[],
        )
        .await
        .unwrap();
    start_and_wait(next_revision()).await;
    assert_eq!(log.warnings_containing(warning), 1);
}
