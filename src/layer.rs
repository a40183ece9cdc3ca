//! The layer an operator adds to a service.

use std::sync::Arc;

use http::Uri;
use tower_layer::Layer;

use crate::config::Config;
use crate::discovery::CookieDiscovery;
use crate::host::normalized_origin;
use crate::policy::Policy;
use crate::receipts::Receipts;
use crate::service::ConsentService;

/// Applies a cookie [`Policy`] to every request and response of the service it wraps,
/// and shows the consent banner on HTML pages until the visitor chooses.
///
/// Cloning is cheap: the configuration is shared behind an `Arc`.
///
/// The [`Policy`] is what the site declares and shows (categories, cookies, the banner,
/// languages, gating, Consent Mode); the layer's own settings are how this deployment
/// runs: which proxies and origins it trusts, how it reads a request's language or
/// skips a path, its timeouts, and where receipts go. See "Where each setting lives" in
/// the crate docs.
///
/// Put it inside a compression layer (so it sees the uncompressed response) and outside
/// everything that sets cookies; see "Wiring" in the crate docs.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Banner, Category, ConsentLayer, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::performance())
///     .cookie(CookieRule::new("_ga", "performance"))
///     .banner(Banner::default().policy_link("/cookies"))
///     .build()?;
/// let layer = ConsentLayer::new(policy)
///     .skip_banner_when(|uri| uri.path().starts_with("/admin"))
///     .trusted_origins(["https://shop.example.com"]);
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ConsentLayer {
    config: Arc<Config>,
}

impl ConsentLayer {
    /// A layer enforcing `policy` and showing its banner (rendered here, once).
    pub fn new(policy: Policy) -> Self {
        Self {
            config: Arc::new(Config::new(Arc::new(policy))),
        }
    }

    fn config_mut(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.config)
    }

    /// Requests for which `skip` returns true never get the banner (an admin area, an
    /// embedded widget). The policy is enforced on them all the same.
    pub fn skip_banner_when(mut self, skip: impl Fn(&Uri) -> bool + Send + Sync + 'static) -> Self {
        self.config_mut().set_skip_banner(Arc::new(skip));
        self
    }

    /// Chooses the language of the banner and the layer's pages for a request before
    /// `Accept-Language` is read: a path prefix, a subdomain, a language cookie. Return
    /// a BCP 47 tag (`fr`, `de-AT` finds `de`); `None`, or a language the banner does
    /// not offer, leaves the choice to `Accept-Language`, then to the policy's language.
    /// See "Languages" in the crate docs.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    ///
    /// // `/fr/...` is French, `/de/...` German; other paths follow the browser.
    /// let layer = ConsentLayer::new(Policy::builder().build()?).language_from(|uri, _headers| {
    ///     let first = uri.path().trim_start_matches('/').split('/').next()?;
    ///     (first.len() == 2).then(|| first.to_owned())
    /// });
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn language_from(
        mut self,
        choose: impl Fn(&Uri, &http::HeaderMap) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.config_mut().set_language_fn(Arc::new(choose));
        self
    }

    /// Reads each request's region from `source`: the header of the CDN every request
    /// comes through (which overwrites what clients send), or the operator's function.
    /// The policy's regimes by region ([`PolicyBuilder::regime`](crate::PolicyBuilder::regime))
    /// then apply; without a source every visitor's region is unknown and gets the
    /// strictest regime the policy declares. See "Regions" in the crate docs.
    ///
    /// ```
    /// use tower_cookie_consent::{ConsentLayer, Policy, Regime, RegionSource};
    ///
    /// let policy = Policy::builder()
    ///     .regime(Regime::Consent, ["EEA", "GB", "CH"])
    ///     .regime(Regime::OptOut, ["US-CA"])
    ///     .other_regions(Regime::None)
    ///     .build()?;
    /// let layer = ConsentLayer::new(policy).region_from(RegionSource::cloudflare());
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn region_from(mut self, source: crate::RegionSource) -> Self {
        self.config_mut().set_region_source(source);
        self
    }

    /// Accepts choices posted from sibling subdomains (`Sec-Fetch-Site: same-site`),
    /// such as a shop at `shop.example.com` posting to `www.example.com`. Off by default:
    /// a sibling is another site, and any of them could then set a visitor's choice.
    pub fn trust_same_site_posts(mut self, trust: bool) -> Self {
        self.config_mut().post_origins.same_site = trust;
        self
    }

    /// Origins (`scheme://host[:port]`) whose posts to the endpoint are accepted
    /// whatever `Sec-Fetch-Site` says, and that count as this site when a request has
    /// only `Origin`. Entries that are not origins are ignored, with a `tracing` warning.
    pub fn trusted_origins<O: AsRef<str>>(mut self, origins: impl IntoIterator<Item = O>) -> Self {
        let mut trusted = Vec::new();
        for origin in origins {
            match normalized_origin(origin.as_ref()) {
                Some(normalized) => trusted.push(normalized),
                None => tracing::warn!(
                    origin = origin.as_ref(),
                    "ignored a trusted origin that is not scheme://host[:port]"
                ),
            }
        }
        self.config_mut().post_origins.trusted = trusted;
        self
    }

    /// Compares a post's `Origin` also with the host that `X-Forwarded-Host` or
    /// `Forwarded: host=` names, for a proxy that rewrites `Host` (nginx's default
    /// `proxy_set_header Host $proxy_host`) on a browser too old to send
    /// `Sec-Fetch-Site`. Turn it on only when the proxy in front sets these headers and
    /// strips the ones clients send; off by default.
    pub fn trust_forwarded_host(mut self, trust: bool) -> Self {
        self.config_mut().post_origins.forwarded_host = trust;
        self
    }

    /// How long the endpoint waits for a posted choice's body before answering
    /// `408 Request Timeout` (5 seconds by default). The timer is Tokio's, so it runs
    /// where hyper and axum servers run (a Tokio runtime with timers, as `#[tokio::main]`
    /// builds); outside a Tokio runtime no timeout applies. The server in front must
    /// still bound how long it waits for request heads and how many connections one
    /// client may hold (hyper's `header_read_timeout`, a proxy's limits).
    pub fn endpoint_body_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.config_mut().body_timeout = timeout;
        self
    }

    /// Records a receipt of every choice posted to the endpoint (see
    /// [`receipts`](crate::receipts): what a receipt holds, and the durability rules: a
    /// grant is answered only once its receipt is committed, a refusal at once).
    ///
    /// ```
    /// use tower_cookie_consent::receipts::{Receipts, TracingStore};
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    ///
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .record_receipts(Receipts::new(TracingStore::new()));
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn record_receipts(mut self, receipts: Receipts) -> Self {
        self.config_mut().set_receipts(receipts);
        self
    }

    /// Limits how many receipts the endpoint writes per client: past the limit a grant
    /// gets `429 Too Many Requests` and a refusal's receipt is coalesced (see
    /// [`ReceiptLimit`](crate::receipts::ReceiptLimit)). With receipts on, the default
    /// limit applies (20 receipts per consent id a minute);
    /// [`ReceiptLimit::off`](crate::receipts::ReceiptLimit::off) turns it off.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cookie_consent::receipts::{ReceiptLimit, Receipts, TracingStore};
    /// use tower_cookie_consent::{ConsentLayer, Policy};
    ///
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .record_receipts(Receipts::new(TracingStore::new()))
    ///     .receipt_limit(ReceiptLimit::default().per_consent_id(10));
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn receipt_limit(mut self, limit: crate::receipts::ReceiptLimit) -> Self {
        self.config_mut().set_receipt_limit(limit);
        self
    }

    /// Records the cookies this layer sees in traffic (see [`CookieDiscovery`]): the
    /// names in requests, the names and attributes the application sets, with warnings
    /// when a set cookie drifts from its declaration. Off by default. Keep a clone of
    /// `discovery` to read its [`snapshot`](CookieDiscovery::snapshot).
    pub fn discover_cookies(mut self, discovery: CookieDiscovery) -> Self {
        discovery.attach(&self.config.policy);
        self.config_mut().discovery = Some(discovery);
        self
    }

    /// The receipts this layer records, if any (for their store and counters).
    pub fn receipts(&self) -> Option<&Receipts> {
        self.config
            .receipts
            .as_ref()
            .map(|receipts| &receipts.recorder)
    }

    /// The policy this layer enforces.
    pub fn policy(&self) -> &Policy {
        &self.config.policy
    }

    /// Opens the operator's pages to the requests `access` accepts (off by default):
    /// `GET {endpoint}/admin`, how visitors choose, day by day, as charts with their
    /// numbers, JSON and CSV, and `GET {endpoint}/admin/subject`, every receipt of one
    /// consent id with the notices they name (a data-subject request). Both read the
    /// receipts' store, so they need [`record_receipts`](Self::record_receipts). A request
    /// `access` refuses passes to the application as if the paths were not the layer's.
    /// See "The operator's pages" in the crate docs.
    ///
    /// ```
    /// use tower_cookie_consent::receipts::{Receipts, TracingStore};
    /// use tower_cookie_consent::{AdminAccess, ConsentLayer, Policy};
    ///
    /// let layer = ConsentLayer::new(Policy::builder().build()?)
    ///     .record_receipts(Receipts::new(TracingStore::new()))
    ///     .admin_access(AdminAccess::bearer_token("a long random secret"));
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn admin_access(mut self, access: crate::admin_access::AdminAccess) -> Self {
        self.config_mut().admin = Some(access);
        self
    }
}

impl<S> Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        crate::wiring::warn_about_configuration(&self.config);
        ConsentService::new(inner, self.config.clone())
    }
}
