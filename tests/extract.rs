//! The axum extractor, with and without the layer.
#![cfg(feature = "axum")]

mod common;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use tower_cookie_consent::{Consent, ConsentLayer};

async fn handler(consent: Consent) -> String {
    format!(
        "decided={} performance={}",
        consent.is_decided(),
        consent.allows("performance")
    )
}

async fn body_of(router: Router, cookie: &str) -> (StatusCode, String) {
    let mut request = Request::get("/").body(Body::empty()).unwrap();
    if !cookie.is_empty() {
        request
            .headers_mut()
            .insert("cookie", cookie.parse().unwrap());
    }
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn handlers_take_consent_as_an_argument() {
    let router = Router::new()
        .route("/", get(handler))
        .layer(ConsentLayer::new(common::policy()));
    assert_eq!(
        body_of(router.clone(), "").await,
        (StatusCode::OK, "decided=false performance=false".to_owned())
    );
    assert_eq!(
        body_of(router, &common::consent("performance")).await,
        (StatusCode::OK, "decided=true performance=true".to_owned())
    );
}

#[tokio::test]
async fn a_missing_layer_is_named() {
    let router = Router::new().route("/", get(handler));
    assert_eq!(
        body_of(router, "").await,
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Missing `Consent` in request extensions. Is `ConsentLayer` enabled?".to_owned()
        )
    );
    let optional = Router::new().route(
        "/",
        get(|consent: Option<Consent>| async move { format!("{}", consent.is_some()) }),
    );
    assert_eq!(
        body_of(optional, "").await,
        (StatusCode::OK, "false".to_owned())
    );
}
