//! The axum extractor for [`Consent`] (feature `axum`).

use std::fmt;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

use crate::consent::Consent;

impl<S: Send + Sync> FromRequestParts<S> for Consent {
    type Rejection = MissingConsent;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Consent>()
            .cloned()
            .ok_or(MissingConsent)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Consent {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Consent>().cloned())
    }
}

/// Rejection of the [`Consent`] extractor when the request did not pass through a
/// [`ConsentLayer`](crate::ConsentLayer): a server error, since it is a wiring mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MissingConsent;

impl fmt::Display for MissingConsent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Missing `Consent` in request extensions. Is `ConsentLayer` enabled?")
    }
}

impl std::error::Error for MissingConsent {}

impl IntoResponse for MissingConsent {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response()
    }
}
