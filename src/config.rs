//! The layer's configuration, shared behind one `Arc` by the layer, every service it
//! builds, every response future and the endpoint.
//!
//! It sits below all of them in the module stack: it imports the policy and the banner,
//! and nothing that imports it.

use std::fmt;
use std::sync::Arc;

use http::Uri;

use crate::banner::RenderedBanner;
use crate::policy::Policy;
use crate::receipts::{Notice, Receipts};
use crate::warn_once::{Cause, WarnedCauses};

/// A consent form is a few dozen bytes: a body slower than this is a client holding the
/// connection, not a visitor choosing.
pub(crate) const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

type SkipBannerFn = Arc<dyn Fn(&Uri) -> bool + Send + Sync>;

/// Everything a request needs from the layer's configuration.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) policy: Arc<Policy>,
    /// Rendered even when the banner is off: the preferences page and the stylesheet
    /// use it.
    pub(crate) banner: RenderedBanner,
    pub(crate) show_banner: bool,
    /// A "Cookie settings" link at the end of decided visitors' pages.
    pub(crate) settings_link: bool,
    /// The short-lived cookie the endpoint sets with its redirect, so that the next
    /// page says the choice was saved.
    pub(crate) saved_cookie: String,
    skip_banner: Option<SkipBannerFn>,
    /// Which origins may post choices to the endpoint.
    pub(crate) post_origins: PostOrigins,
    /// How long the endpoint waits for a posted body before answering 408.
    pub(crate) body_timeout: std::time::Duration,
    /// The placeholder after an inert iframe, rendered once (gating with a placeholder).
    pub(crate) placeholder: Option<bytes::Bytes>,
    /// Where choices are recorded, when they are.
    pub(crate) receipts: Option<ReceiptConfig>,
    warned: Arc<WarnedCauses>,
}

/// The recorder, and what every receipt of this layer names.
#[derive(Clone, Debug)]
pub(crate) struct ReceiptConfig {
    pub(crate) recorder: Receipts,
    /// What visitors are shown, rendered from the banner and the policy.
    pub(crate) notice: Arc<Notice>,
    pub(crate) retention: std::time::Duration,
}

/// Which requests the endpoint accepts choices from, beyond its own origin (see the
/// endpoint's Fetch Metadata rule in the crate docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PostOrigins {
    /// `Sec-Fetch-Site: same-site` passes: the operator trusts every sibling subdomain.
    pub(crate) same_site: bool,
    /// `X-Forwarded-Host` and `Forwarded: host=` count as the request's own host: a
    /// proxy in front sets them and strips what clients send.
    pub(crate) forwarded_host: bool,
    /// Origins (`scheme://host[:port]`, lowercase, without a default port) whose posts
    /// are accepted whatever `Sec-Fetch-Site` says.
    pub(crate) trusted: Vec<String>,
}

impl Config {
    pub(crate) fn new(policy: Arc<Policy>, banner: RenderedBanner) -> Self {
        let saved_cookie = format!("{}_saved", policy.consent_cookie_name());
        let placeholder = policy
            .page_settings()
            .gating
            .as_ref()
            .and_then(|gating| gating.placeholder_markup(policy.endpoint()))
            .map(bytes::Bytes::from);
        Self {
            placeholder,
            policy,
            banner,
            show_banner: true,
            settings_link: false,
            saved_cookie,
            skip_banner: None,
            post_origins: PostOrigins::default(),
            body_timeout: DEFAULT_BODY_TIMEOUT,
            receipts: None,
            warned: Arc::default(),
        }
    }

    /// Records choices with `recorder`, their notice rendered from the current banner.
    pub(crate) fn set_receipts(&mut self, recorder: Receipts) {
        let retention = recorder.retention_for(self.policy.consent_lifetime());
        self.receipts = Some(ReceiptConfig {
            notice: Arc::new(crate::banner::notice(&self.policy, &self.banner)),
            recorder,
            retention,
        });
    }

    /// Renders the notice again after the banner changed.
    pub(crate) fn refresh_notice(&mut self) {
        if let Some(receipts) = &mut self.receipts {
            receipts.notice = Arc::new(crate::banner::notice(&self.policy, &self.banner));
        }
    }

    pub(crate) fn set_skip_banner(&mut self, skip: SkipBannerFn) {
        self.skip_banner = Some(skip);
    }

    /// Whether the operator asked to skip the banner for this request.
    pub(crate) fn skips_banner(&self, uri: &Uri) -> bool {
        self.skip_banner.as_ref().is_some_and(|skip| skip(uri))
    }

    /// True the first time `cause` is reported by any service of this layer.
    pub(crate) fn first_warning(&self, cause: Cause) -> bool {
        tracing::enabled!(tracing::Level::WARN) && self.warned.first_time(cause)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("policy", &self.policy)
            .field("banner", &self.banner.settings())
            .field("show_banner", &self.show_banner)
            .field(
                "skip_banner",
                &self.skip_banner.as_ref().map(|_| "predicate"),
            )
            .field("post_origins", &self.post_origins)
            .field("body_timeout", &self.body_timeout)
            .field("receipts", &self.receipts)
            .finish_non_exhaustive()
    }
}

/// `origin` as the endpoint compares it: `scheme://host[:port]` in lowercase, without
/// a default port; `None` when it is not an origin.
pub(crate) fn normalized_origin(origin: &str) -> Option<String> {
    let (scheme, authority) = origin.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = authority.to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    let valid = !authority.is_empty()
        && authority
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-.:[]".contains(&byte));
    valid.then(|| format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized() {
        assert_eq!(
            normalized_origin("HTTPS://Shop.Example.com:443").as_deref(),
            Some("https://shop.example.com")
        );
        assert_eq!(
            normalized_origin("http://example.com:8080").as_deref(),
            Some("http://example.com:8080")
        );
        assert_eq!(normalized_origin("example.com"), None);
        assert_eq!(normalized_origin("https://example.com/path"), None);
        assert_eq!(normalized_origin("ftp://example.com"), None);
        assert_eq!(normalized_origin("https://"), None);
    }
}
