//! The layer's configuration, shared behind one `Arc` by the layer, every service it
//! builds, every response future and the endpoint.
//!
//! It holds what the layer resolves: the policy (shared, as declared), the banner
//! rendered from it once, and the deployment's own settings (trust, timeouts, the
//! operator's functions of the request, receipts). It imports only what it resolves
//! (the policy, the banner, receipts) and is imported by the passes above it.

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, Uri};

use crate::banner::{LanguageIndex, RenderedBanner};
use crate::discovery::CookieDiscovery;
use crate::policy::{Policy, Regime};
use crate::receipts::{Limiter, Notice, ReceiptLimit, Receipts};
use crate::region::{Region, RegionSource};
use crate::warn_once::{Cause, WarnedCauses};

/// A consent form is a few dozen bytes: a body slower than this is a client holding the
/// connection, not a visitor choosing.
pub(crate) const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

type SkipBannerFn = Arc<dyn Fn(&Uri) -> bool + Send + Sync>;
pub(crate) type LanguageFn = Arc<dyn Fn(&Uri, &HeaderMap) -> Option<String> + Send + Sync>;

/// The language a response is in, and whether `Accept-Language` chose it (the response
/// then varies on that header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ShownLanguage {
    pub(crate) index: LanguageIndex,
    pub(crate) from_header: bool,
}

/// A request's region (`None`: unknown) and its regime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) region: Option<Region>,
    pub(crate) regime: Regime,
}

/// Everything a request needs from the layer's configuration.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) policy: Arc<Policy>,
    /// Rendered even when the banner is off: the preferences page and the stylesheet
    /// use it.
    pub(crate) banner: RenderedBanner,
    /// The policy's banner is shown ([`Banner::shown`](crate::Banner::shown)).
    pub(crate) show_banner: bool,
    /// A "Cookie settings" link at the end of decided visitors' pages
    /// ([`Banner::settings_link`](crate::Banner::settings_link)).
    pub(crate) settings_link: bool,
    /// The short-lived cookie the endpoint sets with its redirect, so that the next
    /// page says the choice was saved.
    pub(crate) saved_cookie: String,
    /// Finds `saved_cookie` in a `Cookie` header: built once, not per request.
    pub(crate) saved_finder: memchr::memmem::Finder<'static>,
    skip_banner: Option<SkipBannerFn>,
    /// The operator's choice of language for a request, tried first.
    language_fn: Option<LanguageFn>,
    /// Which origins may post choices to the endpoint.
    pub(crate) post_origins: crate::host::PostOrigins,
    /// How long the endpoint waits for a posted body before answering 408.
    pub(crate) body_timeout: std::time::Duration,
    /// The placeholder after an inert iframe, rendered once (gating with a placeholder,
    /// and click-to-load off: see `RenderedBanner::placeholders` for those).
    pub(crate) placeholder: Option<bytes::Bytes>,
    /// Where choices are recorded, when they are.
    pub(crate) receipts: Option<ReceiptConfig>,
    /// How many receipts the endpoint writes per client (with receipts on).
    receipt_limit: ReceiptLimit,
    /// Where a request's region is read, when the operator names a source.
    region_source: Option<RegionSource>,
    /// Where the cookies seen in traffic are recorded, when they are.
    pub(crate) discovery: Option<CookieDiscovery>,
    warned: Arc<WarnedCauses>,
    /// Who may read the operator's pages (`{endpoint}/admin`); `None`: nobody, and the
    /// paths are the application's.
    pub(crate) admin: Option<crate::admin_access::AdminAccess>,
}

/// One language's notices: per regime some visitor may get, without and with Global
/// Privacy Control.
type RegimeNotices = Vec<(Regime, [Arc<Notice>; 2])>;

/// The recorder, and what every receipt of this layer names.
#[derive(Clone, Debug)]
pub(crate) struct ReceiptConfig {
    pub(crate) recorder: Receipts,
    /// What visitors are shown in each offered language, rendered from the banner and
    /// the policy: per language, per regime some visitor may get, without and with
    /// Global Privacy Control (the banner and the preferences page differ).
    notices: Vec<RegimeNotices>,
    /// The (consent id, choice time) pairs whose `gpc_applied` receipt this process
    /// has recorded.
    pub(crate) gpc_recorded:
        Arc<std::sync::Mutex<std::collections::HashSet<(crate::ConsentId, u64)>>>,
    pub(crate) retention: std::time::Duration,
    /// The per-client counters; `None` when the limit is off.
    pub(crate) limiter: Option<Arc<Limiter>>,
}

impl ReceiptConfig {
    /// The notice shown in `language` under `regime`, to a browser sending Global
    /// Privacy Control or not.
    pub(crate) fn notice(
        &self,
        language: LanguageIndex,
        regime: Regime,
        gpc: bool,
    ) -> &Arc<Notice> {
        let regimes = self.notices.get(language.0).unwrap_or(&self.notices[0]);
        // Every regime the policy can give has its notices; the first is a fallback
        // that is never needed.
        let pair = regimes
            .iter()
            .find(|(known, _)| *known == regime)
            .unwrap_or(&regimes[0]);
        &pair.1[usize::from(gpc)]
    }
}

/// Every language's notices, for every regime the policy can give.
fn notices(policy: &Arc<Policy>, banner: &RenderedBanner) -> Vec<RegimeNotices> {
    let regimes = policy.regimes();
    banner
        .indices()
        .map(|language| {
            regimes
                .iter()
                .map(|&regime| {
                    let notice = |gpc| crate::banner::notice(policy, banner, language, gpc, regime);
                    let plain = Arc::new(notice(false));
                    let gpc = if policy.honours_gpc() {
                        Arc::new(notice(true))
                    } else {
                        plain.clone()
                    };
                    (regime, [plain, gpc])
                })
                .collect()
        })
        .collect()
}

/// Warns, once the store answers, about every language whose notices stored under
/// `revision` are not all among those the layer now renders: its texts (or its
/// categories, cookies, regimes) changed without a revision bump, so visitors who chose
/// before were shown something else and are not asked again. Runs on the Tokio runtime
/// the layer is built in; without one there is no check.
fn warn_about_changed_notices(recorder: &Receipts, revision: u32, notices: &[RegimeNotices]) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let rendered: Vec<(String, crate::receipts::NoticeHash)> = notices
        .iter()
        .flatten()
        .flat_map(|(_, pair)| pair.iter())
        .map(|notice| (notice.language.clone(), notice.hash))
        .collect();
    let store = recorder.store().clone();
    runtime.spawn(async move {
        let stored = match store.notice_hashes(revision).await {
            Ok(stored) => stored,
            Err(error) => {
                tracing::warn!(%error, "the stored notices could not be compared with this one");
                return;
            }
        };
        let mut changed: Vec<&str> = stored
            .iter()
            .filter(|(language, _)| rendered.iter().any(|(ours, _)| ours == language))
            .filter(|stored| !rendered.contains(stored))
            .map(|(language, _)| language.as_str())
            .collect();
        changed.sort_unstable();
        changed.dedup();
        if !changed.is_empty() {
            tracing::warn!(
                revision,
                languages = changed.join(" "),
                "the notice shown now differs from the one stored for the same policy \
                 revision: visitors who chose under it saw other texts and are not asked \
                 again (raise PolicyBuilder::revision when what visitors are told changes)"
            );
        }
    });
}

impl Config {
    pub(crate) fn new(policy: Arc<Policy>) -> Self {
        let banner = RenderedBanner::new(&policy);
        let declared = &policy.page_settings().banner;
        let (show_banner, settings_link) = (declared.shown, declared.settings_link);
        let saved_cookie = format!("{}_saved", policy.consent_cookie_name());
        let placeholder = policy
            .page_settings()
            .gating
            .as_ref()
            // Click-to-load placeholders take the note's place.
            .filter(|gating| !gating.has_click_to_load())
            .and_then(|gating| crate::banner::placeholder_markup(gating, policy.endpoint()))
            .map(bytes::Bytes::from);
        Self {
            placeholder,
            policy,
            banner,
            show_banner,
            settings_link,
            saved_finder: memchr::memmem::Finder::new(saved_cookie.as_bytes()).into_owned(),
            saved_cookie,
            skip_banner: None,
            language_fn: None,
            post_origins: crate::host::PostOrigins::default(),
            body_timeout: DEFAULT_BODY_TIMEOUT,
            receipts: None,
            receipt_limit: ReceiptLimit::default(),
            region_source: None,
            discovery: None,
            warned: Arc::default(),
            admin: None,
        }
    }

    /// Records choices with `recorder`, their notice rendered from the banner.
    pub(crate) fn set_receipts(&mut self, recorder: Receipts) {
        let retention = recorder.retention_for(self.policy.consent_lifetime());
        let notices = notices(&self.policy, &self.banner);
        warn_about_changed_notices(&recorder, self.policy.revision(), &notices);
        self.receipts = Some(ReceiptConfig {
            notices,
            gpc_recorded: Arc::default(),
            limiter: Limiter::new(&self.receipt_limit, recorder.clone(), retention),
            recorder,
            retention,
        });
    }

    /// Limits the receipts written per client (the counters start afresh).
    pub(crate) fn set_receipt_limit(&mut self, limit: ReceiptLimit) {
        self.receipt_limit = limit;
        if let Some(receipts) = &mut self.receipts {
            receipts.limiter = Limiter::new(
                &self.receipt_limit,
                receipts.recorder.clone(),
                receipts.retention,
            );
        }
    }

    pub(crate) fn set_region_source(&mut self, source: RegionSource) {
        self.region_source = Some(source);
    }

    /// The request's region and the regime it gives: the region only when the policy
    /// declares regimes by region and the layer has a source (else unknown).
    pub(crate) fn place(&self, uri: &Uri, headers: &HeaderMap) -> Place {
        let region = match &self.region_source {
            Some(source) if self.policy.has_regions() => source.read(uri, headers),
            _ => None,
        };
        Place {
            region,
            regime: self.policy.regime_for(region),
        }
    }

    /// The request headers responses vary on when the regime depends on the region:
    /// the source's, when the policy's regime varies by region.
    pub(crate) fn region_vary(&self) -> &[http::HeaderName] {
        match &self.region_source {
            Some(source) if self.policy.regime_varies() => source.vary(),
            _ => &[],
        }
    }

    /// Whether the policy declares regimes by region but the layer reads no region
    /// (every visitor then gets the strictest regime).
    pub(crate) fn lacks_region_source(&self) -> bool {
        self.policy.regime_varies() && self.region_source.is_none()
    }

    pub(crate) fn set_skip_banner(&mut self, skip: SkipBannerFn) {
        self.skip_banner = Some(skip);
    }

    pub(crate) fn set_language_fn(&mut self, choose: LanguageFn) {
        self.language_fn = Some(choose);
    }

    /// The language of a response to this request: the operator's function, then
    /// `Accept-Language`, then the policy's language (see "Languages" in the crate
    /// docs).
    pub(crate) fn language_for(&self, uri: &Uri, headers: &HeaderMap) -> ShownLanguage {
        if let Some(choose) = &self.language_fn
            && let Some(index) = choose(uri, headers).and_then(|tag| self.banner.find(&tag))
        {
            return ShownLanguage {
                index,
                from_header: false,
            };
        }
        self.header_language(headers)
    }

    /// The language `Accept-Language` chooses (the policy's when it chooses none).
    fn header_language(&self, headers: &HeaderMap) -> ShownLanguage {
        let banner = &self.banner;
        if banner.tags().len() < 2 {
            return ShownLanguage {
                index: banner.default_language(),
                from_header: false,
            };
        }
        // From here the header decides, even by its absence: the response varies on it.
        // Several header lines are one comma-separated list (read in place, not joined).
        let values = headers
            .get_all(http::header::ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|value| value.to_str().ok());
        let index = crate::languages::negotiate(values, banner.tags())
            .map_or(banner.default_language(), LanguageIndex);
        ShownLanguage {
            index,
            from_header: true,
        }
    }

    /// The offered language an endpoint URL's `?lang=` names.
    fn asked_language(&self, uri: &Uri) -> Option<ShownLanguage> {
        let query = uri.query()?;
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "lang")
            .and_then(|(_, tag)| self.banner.find(&tag))
            .map(|index| ShownLanguage {
                index,
                from_header: false,
            })
    }

    /// The language of an endpoint answer: the `lang` the banner's form and links carry
    /// (the page's language), else as for any request.
    pub(crate) fn endpoint_language(&self, uri: &Uri, headers: &HeaderMap) -> ShownLanguage {
        self.asked_language(uri)
            .unwrap_or_else(|| self.language_for(uri, headers))
    }

    /// The language of a document shared by every visitor of a language
    /// (`cookies.json`, cached publicly): `?lang=`, else `Accept-Language`, never the
    /// operator's function, which may read what a shared cache does not key on (a
    /// cookie).
    pub(crate) fn shared_document_language(&self, uri: &Uri, headers: &HeaderMap) -> ShownLanguage {
        self.asked_language(uri)
            .unwrap_or_else(|| self.header_language(headers))
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
            .field(
                "language_fn",
                &self.language_fn.as_ref().map(|_| "function"),
            )
            .field("post_origins", &self.post_origins)
            .field("body_timeout", &self.body_timeout)
            .field("receipts", &self.receipts)
            .field("region_source", &self.region_source)
            .finish_non_exhaustive()
    }
}
