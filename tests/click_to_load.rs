//! Click-to-load embeds: a placeholder's button posts `action=placeholder` with one
//! category, which the endpoint adds to the visitor's choice (for a first visitor: that
//! category, the others refused), recorded with the method `placeholder`, and the
//! visitor goes back to the embed's anchor.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;

use common::*;
use http::StatusCode;
use suite::*;
use tower_cookie_consent::receipts::{
    Event, Method, ReceiptOptions, ReceiptStore, Receipts, SqliteStore,
};
use tower_cookie_consent::{ConsentLayer, Gating};

async fn layer(name: &str) -> (ConsentLayer, Arc<dyn ReceiptStore>) {
    let store: Arc<dyn ReceiptStore> = Arc::new(SqliteStore::open(temp_db(name)).await.unwrap());
    let policy = policy_builder()
        .gating(Gating::new().click_to_load(true))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    (layer, store)
}

/// The granted field of a consent cookie value (`1.2.{time}.{granted}.{id}`).
fn granted_field(value: &str) -> &str {
    value.split('.').nth(3).unwrap()
}

#[tokio::test]
async fn a_first_visitor_chooses_that_one_category() {
    let (layer, store) = layer("placeholder-first").await;
    let form = "action=placeholder&category=advertising&return_to=%2Fvideo%3Fid%3D1%23cookie-consent-embed-3";
    let (response, _) = send_through(
        layer,
        post("application/x-www-form-urlencoded", form, &[]),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        values(response.headers(), "location"),
        ["/video?id=1#cookie-consent-embed-3"]
    );
    let value = consent_value_set(response.headers());
    assert_eq!(granted_field(&value), "advertising");
    let id = consent_id_set(response.headers());
    eventually("the placeholder's receipt", async || {
        store.receipts_of(consent_id(&id)).await.unwrap().len() == 1
    })
    .await;
    let receipt = store.receipts_of(consent_id(&id)).await.unwrap().remove(0);
    assert_eq!(
        (receipt.event, receipt.method, receipt.method.as_str()),
        (Event::Given, Method::Placeholder, "placeholder")
    );
    assert_eq!(receipt.granted, ["advertising"]);
    assert_eq!(receipt.refused, ["functionality", "performance"]);
    assert_eq!(Method::from_name("placeholder"), Some(Method::Placeholder));
}

#[tokio::test]
async fn a_decided_visitor_keeps_their_choice_and_their_consent_id() {
    let (layer, store) = layer("placeholder-decided").await;
    let form = "action=placeholder&category=advertising&return_to=%2Fvideo";
    let chosen = consent("performance");
    let (response, _) = send_through(
        layer,
        post(
            "application/x-www-form-urlencoded",
            form,
            &[("cookie", chosen.as_str())],
        ),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(values(response.headers(), "location"), ["/video"]);
    let value = consent_value_set(response.headers());
    assert_eq!(granted_field(&value), "performance+advertising");
    // The same consent id: one history of receipts.
    assert_eq!(consent_id_set(response.headers()), ID);
    eventually("the placeholder's receipt", async || {
        store.receipts_of(consent_id(ID)).await.unwrap().len() == 1
    })
    .await;
    let receipt = store.receipts_of(consent_id(ID)).await.unwrap().remove(0);
    assert_eq!(receipt.method, Method::Placeholder);
    assert_eq!(receipt.granted, ["performance", "advertising"]);
    assert_eq!(receipt.refused, ["functionality"]);
    // Nothing is withdrawn: no deletion goes with it.
    assert!(
        values(response.headers(), "set-cookie")
            .iter()
            .all(|cookie| !cookie.contains("Max-Age=0")),
        "{:?}",
        values(response.headers(), "set-cookie")
    );
}

#[tokio::test]
async fn a_placeholder_grants_exactly_one_optional_category() {
    let (layer, _) = layer("placeholder-bad").await;
    for form in [
        "action=placeholder&category=necessary",
        "action=placeholder",
        "action=placeholder&category=performance&category=advertising",
        "action=placeholder&category=nope",
    ] {
        let (response, _) = send_through(
            layer.clone(),
            post("application/x-www-form-urlencoded", form, &[]),
            response_with(StatusCode::OK, &[]),
        )
        .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{form}");
        assert!(
            values(response.headers(), "set-cookie").is_empty(),
            "{form}"
        );
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        let detail = if form.ends_with("nope") {
            "(unknown category `nope`)"
        } else {
            "(a placeholder grants exactly one optional category)"
        };
        assert!(body.trim_end().ends_with(detail), "{form}: {body}");
    }
    // A `return_to` that leaves the site goes to `/`, anchor and all.
    for return_to in [
        "%2F%2Fevil.example%23x",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil",
    ] {
        let (response, _) = send_through(
            layer.clone(),
            post(
                "application/x-www-form-urlencoded",
                &format!("action=placeholder&category=performance&return_to={return_to}"),
                &[],
            ),
            response_with(StatusCode::OK, &[]),
        )
        .await;
        assert_eq!(values(response.headers(), "location"), ["/"], "{return_to}");
    }
}

#[tokio::test]
async fn under_global_privacy_control_the_click_is_an_explicit_opt_in() {
    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("placeholder-gpc")).await.unwrap());
    let policy = tower_cookie_consent::Policy::builder()
        .category(tower_cookie_consent::Category::performance())
        .category(tower_cookie_consent::Category::advertising().sells_or_shares(true))
        .gpc_last_update("2026-01-01")
        .revision(2)
        .gating(Gating::new().click_to_load(true))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    // Decided: performance, and nothing sold or shared; the browser sends the signal.
    let chosen = consent("performance");
    let (response, _) = send_through(
        layer,
        post(
            "application/x-www-form-urlencoded",
            "action=placeholder&category=advertising&return_to=%2Fv",
            &[("cookie", chosen.as_str()), ("sec-gpc", "1")],
        ),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Marked `!`: the signal does not refuse what the visitor clicked for.
    assert_eq!(
        granted_field(&consent_value_set(response.headers())),
        "performance+advertising!"
    );
    eventually("the placeholder's receipt", async || {
        store.receipts_of(consent_id(ID)).await.unwrap().len() == 1
    })
    .await;
    let receipt = store.receipts_of(consent_id(ID)).await.unwrap().remove(0);
    assert_eq!(receipt.method, Method::Placeholder);
    assert_eq!(receipt.granted, ["performance", "advertising"]);
}
