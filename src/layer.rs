//! The layer an operator adds to a service.

use std::sync::Arc;

use tower_layer::Layer;

use crate::policy::Policy;
use crate::service::ConsentService;

/// Applies a cookie [`Policy`] to every request and response of the service it wraps.
///
/// Cloning is cheap: the policy is shared behind an `Arc`.
///
/// Put it inside a compression layer (so it sees the uncompressed response) and outside
/// everything that sets cookies.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::performance())
///     .cookie(CookieRule::new("_ga", "performance"))
///     .build()?;
/// let layer = ConsentLayer::new(policy);
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ConsentLayer {
    policy: Arc<Policy>,
}

impl ConsentLayer {
    /// A layer enforcing `policy`.
    pub fn new(policy: Policy) -> Self {
        Self {
            policy: Arc::new(policy),
        }
    }

    /// The policy this layer enforces.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
}

impl<S> Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConsentService::new(inner, self.policy.clone())
    }
}
