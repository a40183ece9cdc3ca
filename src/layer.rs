//! The layer an operator adds to a service, and the configuration it shares with every
//! service and response.

use std::fmt;
use std::sync::Arc;

use http::Uri;
use tower_layer::Layer;

use crate::banner::{Banner, RenderedBanner};
use crate::policy::Policy;
use crate::service::ConsentService;

type ExcludeFn = Arc<dyn Fn(&Uri) -> bool + Send + Sync>;

/// Everything a request needs from the layer's configuration, shared behind one `Arc`.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) policy: Arc<Policy>,
    /// Rendered even when the banner is off: the preferences page and the stylesheet
    /// use it.
    pub(crate) banner: RenderedBanner,
    pub(crate) show_banner: bool,
    excluded: Option<ExcludeFn>,
}

impl Shared {
    pub(crate) fn is_excluded(&self, uri: &Uri) -> bool {
        self.excluded.as_ref().is_some_and(|excluded| excluded(uri))
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("policy", &self.policy)
            .field("banner", &self.banner.settings())
            .field("show_banner", &self.show_banner)
            .field("excluded", &self.excluded.as_ref().map(|_| "predicate"))
            .finish()
    }
}

/// Applies a cookie [`Policy`] to every request and response of the service it wraps,
/// and shows the consent banner on HTML pages until the visitor chooses.
///
/// Cloning is cheap: the configuration is shared behind an `Arc`.
///
/// Put it inside a compression layer (so it sees the uncompressed response) and outside
/// everything that sets cookies.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Banner, Category, ConsentLayer, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::performance())
///     .cookie(CookieRule::new("_ga", "performance"))
///     .build()?;
/// let layer = ConsentLayer::new(policy)
///     .with_banner(Banner::default().policy_link("/cookies"))
///     .with_excluded(|uri| uri.path().starts_with("/admin"));
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ConsentLayer {
    shared: Arc<Shared>,
}

impl ConsentLayer {
    /// A layer enforcing `policy`, with the default banner.
    pub fn new(policy: Policy) -> Self {
        let policy = Arc::new(policy);
        Self {
            shared: Arc::new(Shared {
                banner: RenderedBanner::new(&policy, Banner::default()),
                show_banner: true,
                policy,
                excluded: None,
            }),
        }
    }

    /// Replaces the banner's settings (texts, policy link, position, colours, or the
    /// whole markup). The banner is rendered here, once.
    pub fn with_banner(mut self, banner: Banner) -> Self {
        let shared = Arc::make_mut(&mut self.shared);
        shared.banner = RenderedBanner::new(&shared.policy, banner);
        shared.show_banner = true;
        self
    }

    /// Turns the banner off: the layer still enforces the policy and answers the
    /// endpoint (the site shows its own consent UI, posting to it).
    pub fn without_banner(mut self) -> Self {
        Arc::make_mut(&mut self.shared).show_banner = false;
        self
    }

    /// Requests for which `excluded` returns true never get the banner (an admin area,
    /// an embedded widget). The policy is enforced on them all the same.
    pub fn with_excluded(
        mut self,
        excluded: impl Fn(&Uri) -> bool + Send + Sync + 'static,
    ) -> Self {
        Arc::make_mut(&mut self.shared).excluded = Some(Arc::new(excluded));
        self
    }

    /// The policy this layer enforces.
    pub fn policy(&self) -> &Policy {
        &self.shared.policy
    }
}

impl<S> Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConsentService::new(inner, self.shared.clone())
    }
}
