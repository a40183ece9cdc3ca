//! Cookie consent as a property of the HTTP layer.
//!
//! Add one [`ConsentLayer`] to an axum or hyper service and declare the site's cookie
//! categories and cookies in a [`Policy`]. From then on the layer:
//!
//! - reads the visitor's recorded choice from the consent cookie and hands handlers a
//!   [`Consent`] (in the request extensions, or as an axum extractor);
//! - hides the cookies the visitor refused from the `Cookie` header the application sees;
//! - drops the `Set-Cookie` headers of categories the visitor has not accepted, on every
//!   response, and deletes refused cookies the browser still holds;
//! - injects a consent banner into HTML pages while the visitor has not chosen: a plain
//!   form, no JavaScript, styled under any Content-Security-Policy (see [`Banner`]);
//! - answers its endpoint (`/consent` by default), where the choice is recorded, changed
//!   or withdrawn by the banner's form or by `fetch`, and where `GET` shows the
//!   preferences page.
//!
//! Before the visitor chooses, only strictly necessary cookies get through. With
//! [`PolicyBuilder::signing_keys`] the consent cookie carries an HMAC, so that a recorded
//! choice cannot be forged.
//!
//! # Example
//!
//! ```
//! use axum::{Router, response::AppendHeaders, routing::get};
//! use http::{Request, StatusCode, header};
//! use tower::ServiceExt;
//! use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let policy = Policy::builder()
//!     .category(Category::performance())
//!     .cookie(CookieRule::new("session", "necessary").duration("1 hour"))
//!     .cookie(CookieRule::new("_ga", "performance").duration("2 years").provider("Google"))
//!     .build()?;
//!
//! let app = Router::new()
//!     .route(
//!         "/",
//!         get(|| async {
//!             (
//!                 AppendHeaders([
//!                     (header::SET_COOKIE, "session=abc"),
//!                     (header::SET_COOKIE, "_ga=GA1.1.1"),
//!                 ]),
//!                 "hello",
//!             )
//!         }),
//!     )
//!     .layer(ConsentLayer::new(policy));
//!
//! // A first visit: the analytics cookie is not set.
//! let response = app
//!     .clone()
//!     .oneshot(Request::get("/").body(axum::body::Body::empty())?)
//!     .await?;
//! let cookies: Vec<_> = response.headers().get_all(header::SET_COOKIE).iter().collect();
//! assert_eq!(cookies, ["session=abc"]);
//!
//! // The visitor accepts everything: the endpoint records it and sends them back.
//! let response = app
//!     .oneshot(
//!         Request::post("/consent")
//!             .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
//!             .body(axum::body::Body::from("action=accept_all&return_to=/"))?,
//!     )
//!     .await?;
//! assert_eq!(response.status(), StatusCode::SEE_OTHER);
//! assert_eq!(response.headers()[header::LOCATION], "/");
//! # Ok(())
//! # }
//! ```
//!
//! # Where the layer goes
//!
//! Inside compression (`CompressionLayer` must wrap the consent layer, so that this layer
//! sees uncompressed responses) and outside everything that sets cookies, including
//! session layers.
//!
//! # Feature flags
//!
//! - `axum`: implements axum's `FromRequestParts` for [`Consent`], so that handlers can
//!   take it as an argument (and `Option<Consent>`); a missing layer is reported as
//!   "Is `ConsentLayer` enabled?".

#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    rust_2018_idioms
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod banner;
mod body;
mod consent;
mod cookie_header;
mod endpoint;
#[cfg(feature = "axum")]
mod extract;
mod future;
mod header_map;
mod injection;
pub mod internals;
mod layer;
mod policy;
mod scan;
mod service;
mod set_cookie;

#[doc(inline)]
pub use banner::{Banner, BannerContext, BannerTexts, Colors, InvalidColor, Position, escape_html};
#[doc(inline)]
pub use body::ConsentBody;
#[doc(inline)]
pub use consent::{Consent, ConsentId, Undecided};
#[cfg(feature = "axum")]
#[doc(inline)]
pub use extract::MissingConsent;
#[doc(inline)]
pub use future::ResponseFuture;
#[doc(inline)]
pub use injection::NoBanner;
#[doc(inline)]
pub use layer::ConsentLayer;
#[doc(inline)]
pub use policy::{
    Category, CookieLocation, CookieRule, NECESSARY, NamePattern, Policy, PolicyBuilder,
    PolicyError, UndeclaredCookies,
};
#[doc(inline)]
pub use service::ConsentService;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
