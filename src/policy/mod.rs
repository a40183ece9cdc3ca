//! The operator's declaration of cookie categories and cookies.
//!
//! A [`Policy`] is built once, at start-up, with [`Policy::builder`] or from a
//! configuration file (see [`PolicyBuilder`]). Every check the layer makes per request
//! (which category a cookie name belongs to, whether the visitor granted it) reads the
//! finished policy without locking or allocating.
//!
//! - `category`: [`Category`], and the [`CategorySet`] a visitor granted;
//! - `rule`: [`CookieRule`], its [`NamePattern`] and [`CookieLocation`]s;
//! - `names`: the index that classifies a cookie name;
//! - `builder`: [`PolicyBuilder`] and its validators;
//! - `error`: [`PolicyError`].

mod banner;
mod builder;
mod category;
mod error;
mod markup;
mod names;
mod page;
mod region;
mod rule;
mod texts;

use std::fmt;
use std::time::Duration;

pub use banner::{Banner, BannerContext, Colors, InvalidColor, Position, Undecided};
pub use builder::PolicyBuilder;
pub(crate) use builder::{duration_in_days, has_prefix};
pub use category::{Category, NECESSARY};
pub(crate) use category::{CategoryIndex, CategorySet};
pub use error::PolicyError;
#[allow(unused_imports)] // (for the HTML pass)
pub(crate) use markup::{MarkupConvention, MarkupNeeds, trim_html};
pub(crate) use names::NameClass;
pub(crate) use page::PageSettings;
pub use page::{
    CONSENT_MARKUP_ATTRIBUTES, CONSENT_MARKUP_CLASS_PREFIXES, ConsentMode, ConsentModeState,
    ConsentType, Gating,
};
pub(crate) use region::RegionRules;
pub use region::{EEA, EU, Regime, US_OPT_OUT_STATES};
pub use rule::{CookieLocation, CookieRule, NamePattern, UndeclaredCookies};
pub(crate) use rule::{is_valid_cookie_name, is_valid_path};
pub use texts::{BannerTexts, PlaceholderTexts, ReceiptTexts};

use crate::warn_once::WarnedNames;

/// Keys shorter than this are refused: HMAC-SHA256 wants 256 bits of secret.
pub(crate) const MIN_KEY_LEN: usize = 32;

/// Browsers cap a cookie's lifetime at 400 days (RFC 6265bis §5.5), so a longer consent
/// lifetime would be a promise the cookie cannot keep.
pub(crate) const MAX_CONSENT_LIFETIME_DAYS: u64 = 400;

/// The site's cookie policy: its categories, its declared cookies, and the settings of
/// the consent cookie and the consent endpoint.
///
/// It also deserializes from a configuration file, checked exactly as
/// [`PolicyBuilder::build`] checks code (see [`PolicyBuilder`] for the fields); a
/// signed policy is loaded as a [`PolicyBuilder`] instead, to add its keys.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use tower_cookie_consent::{Category, CookieRule, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::functionality())
///     .category(Category::performance())
///     .cookie(CookieRule::new("session", "necessary").duration("1 hour"))
///     .cookie(CookieRule::new("_ga", "performance").duration("2 years"))
///     .cookie(CookieRule::new("_hj*", "performance").duration("1 month"))
///     .revision(2)
///     .consent_lifetime(Duration::from_secs(90 * 24 * 60 * 60))
///     .build()
///     .expect("a valid policy");
/// assert_eq!(policy.categories().len(), 3);
/// ```
pub struct Policy {
    categories: Vec<Category>,
    rules: Vec<CookieRule>,
    names: names::NameIndex,
    undeclared: UndeclaredCookies,
    revision: u32,
    lifetime: Duration,
    consent_cookie: ConsentCookieConfig,
    endpoint: String,
    warned: WarnedNames,
    /// Finds the consent cookie's name in a `Cookie` header, built once.
    consent_finder: memchr::memmem::Finder<'static>,
    /// Finds its legacy name, when it has one.
    legacy_finder: Option<memchr::memmem::Finder<'static>>,
    /// HMAC keys for the consent cookie: the first signs, all verify. Empty: unsigned.
    signing_keys: Vec<SigningKey>,
    /// Gating and Consent Mode (the page pass), checked against the categories.
    page: PageSettings,
    /// Category names found in marked markup that the policy does not declare.
    warned_markup: WarnedNames,
    /// Page paths where a marked element was left inert for its URL.
    warned_urls: WarnedNames,
    /// The language of the policy's own texts, and the layer's default.
    language: String,
    /// The categories Global Privacy Control refuses (they sell or share data).
    gpc_categories: CategorySet,
    /// UK mode: the categories allowed before any choice until the visitor objects.
    until_objected: CategorySet,
    /// `lastUpdate` of `/.well-known/gpc.json`.
    gpc_last_update: Option<String>,
    /// The regimes by region.
    regions: RegionRules,
    /// The site's owner, named on the banner.
    controller: Option<String>,
    /// What a withdrawal also removes.
    withdrawal: Withdrawal,
}

/// What a withdrawal removes beyond the refused cookies the policy declares: the
/// policy's opt-ins ([`PolicyBuilder::delete_undeclared_on_withdrawal`],
/// [`PolicyBuilder::clear_storage_on_withdrawal`]; `[withdrawal]` in a policy file,
/// `delete_undeclared` and `clear_storage`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Withdrawal {
    pub(crate) delete_undeclared: bool,
    pub(crate) clear_storage: bool,
}

/// Attributes of the layer's own consent cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConsentCookieConfig {
    pub(crate) name: String,
    pub(crate) secure: bool,
    pub(crate) domain: Option<String>,
    /// The unprefixed name the default consent cookie had before it was `__Host-`
    /// prefixed: a signed choice found under it is read and moved to `name`.
    pub(crate) legacy_name: Option<String>,
}

/// An HMAC-SHA256 key, ready to use.
#[derive(Clone)]
pub(crate) struct SigningKey(hmac::Hmac<sha2::Sha256>);

impl SigningKey {
    /// A key from its bytes; `None` when shorter than [`MIN_KEY_LEN`].
    fn new(key: &[u8]) -> Option<Self> {
        use hmac::Mac as _;
        if key.len() < MIN_KEY_LEN {
            return None;
        }
        hmac::Hmac::<sha2::Sha256>::new_from_slice(key)
            .ok()
            .map(Self)
    }

    /// A fresh MAC state with this key.
    pub(crate) fn mac(&self) -> hmac::Hmac<sha2::Sha256> {
        self.0.clone()
    }
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("categories", &self.categories)
            .field("rules", &self.rules)
            .field("undeclared", &self.undeclared)
            .field("revision", &self.revision)
            .field("lifetime", &self.lifetime)
            .field("consent_cookie", &self.consent_cookie)
            .field("endpoint", &self.endpoint)
            .field("signing_keys", &self.signing_keys.len())
            .field("page", &self.page)
            .field("language", &self.language)
            .field("gpc_last_update", &self.gpc_last_update)
            .field("regions", &self.regions)
            .field("controller", &self.controller)
            .field("withdrawal", &self.withdrawal)
            .finish_non_exhaustive()
    }
}

impl<'de> serde::Deserialize<'de> for Policy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PolicyBuilder::deserialize(deserializer)?
            .build()
            .map_err(serde::de::Error::custom)
    }
}

impl Policy {
    /// Starts a policy that has only the necessary category.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// The categories, the necessary one first, then in the order they were added.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The declared cookies, in the order they were added.
    pub fn rules(&self) -> &[CookieRule] {
        &self.rules
    }

    /// What happens to cookies no rule declares.
    pub fn undeclared(&self) -> &UndeclaredCookies {
        &self.undeclared
    }

    /// The policy revision. Consent recorded under an older revision is asked for again.
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// How long a recorded choice stays valid.
    pub fn consent_lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The name of the consent cookie.
    pub fn consent_cookie_name(&self) -> &str {
        &self.consent_cookie.name
    }

    /// The path of the consent endpoint, such as `/consent`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The language of the policy's own texts (category labels, purposes), and the
    /// language visitors get when nothing else chooses one.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The date of `lastUpdate` in `/.well-known/gpc.json`, as the builder was given it.
    pub fn gpc_last_update(&self) -> Option<&str> {
        self.gpc_last_update.as_deref()
    }

    /// The site's owner, as [`PolicyBuilder::controller`] declared it.
    pub fn controller(&self) -> Option<&str> {
        self.controller.as_deref()
    }

    /// What a withdrawal also removes.
    pub(crate) fn withdrawal(&self) -> Withdrawal {
        self.withdrawal
    }

    /// The categories Global Privacy Control refuses.
    pub(crate) fn gpc_categories(&self) -> CategorySet {
        self.gpc_categories
    }

    /// Whether any category is marked as selling or sharing data.
    pub(crate) fn honours_gpc(&self) -> bool {
        self.gpc_categories.has_optional()
    }

    /// UK mode: the categories allowed before any choice, where the UK exception
    /// applies.
    pub(crate) fn until_objected(&self) -> CategorySet {
        self.until_objected
    }

    /// The regime of a visitor from `region` (`None`: unknown). Without regimes by
    /// region, every visitor's is [`Regime::Consent`], or [`Regime::ConsentUk`] when a
    /// category is marked allowed until objected.
    pub fn regime_for(&self, region: Option<crate::Region>) -> Regime {
        self.regions
            .regime_for(region)
            .unwrap_or_else(|| self.single_regime())
    }

    fn single_regime(&self) -> Regime {
        if self.until_objected.has_optional() {
            Regime::ConsentUk
        } else {
            Regime::Consent
        }
    }

    /// Whether the regime depends on the visitor's region.
    pub(crate) fn regime_varies(&self) -> bool {
        self.regions.varies()
    }

    /// Whether regimes are declared by region (a region source is then read).
    pub(crate) fn has_regions(&self) -> bool {
        !self.regions.is_empty()
    }

    /// Every regime some visitor may get.
    pub(crate) fn regimes(&self) -> Vec<Regime> {
        if self.regions.is_empty() {
            vec![self.single_regime()]
        } else {
            self.regions.declared().collect()
        }
    }

    /// What an undecided visitor under `regime` allows: the necessary category; in the
    /// UK regime the categories allowed until objected; with opt-out or no rule,
    /// everything.
    pub(crate) fn undecided_grants(&self, regime: Regime) -> CategorySet {
        match regime {
            Regime::Consent => CategorySet::NECESSARY_ONLY,
            Regime::ConsentUk => CategorySet::NECESSARY_ONLY.or(self.until_objected),
            Regime::OptOut | Regime::None => self.all_categories(),
        }
    }

    pub(crate) fn consent_cookie(&self) -> &ConsentCookieConfig {
        &self.consent_cookie
    }

    /// Every category of the policy.
    pub(crate) fn all_categories(&self) -> CategorySet {
        CategorySet::first(self.categories.len())
    }

    pub(crate) fn category_index(&self, id: &[u8]) -> Option<CategoryIndex> {
        self.categories
            .iter()
            .position(|category| category.id.as_bytes() == id)
            .and_then(CategoryIndex::new)
    }

    /// Every category with its index, the necessary one first.
    pub(crate) fn indexed_categories(&self) -> impl Iterator<Item = (CategoryIndex, &Category)> {
        self.all_categories().indices().zip(&self.categories)
    }

    /// The categories in `set`, the necessary one first.
    pub(crate) fn categories_in(&self, set: CategorySet) -> impl Iterator<Item = &Category> {
        set.indices()
            .map_while(|index| self.categories.get(index.position()))
    }

    pub(crate) fn rule(&self, index: usize) -> &CookieRule {
        &self.rules[index]
    }

    /// Classifies a cookie name: the consent cookie, a declared cookie (exact names before
    /// prefixes, longer prefixes before shorter), or an undeclared one.
    pub(crate) fn classify(&self, name: &[u8]) -> NameClass {
        self.names.classify(name)
    }

    pub(crate) fn consent_finder(&self) -> &memchr::memmem::Finder<'static> {
        &self.consent_finder
    }

    /// The legacy consent cookie's name and finder, when a choice under it is migrated.
    pub(crate) fn legacy_consent_cookie(&self) -> Option<(&str, &memchr::memmem::Finder<'static>)> {
        let name = self.consent_cookie.legacy_name.as_deref()?;
        Some((name, self.legacy_finder.as_ref()?))
    }

    /// The consent cookie's HMAC keys, the signing one first; empty when unsigned.
    pub(crate) fn signing_keys(&self) -> &[SigningKey] {
        &self.signing_keys
    }

    /// The banner, the languages offered, gating and Consent Mode, as the builder
    /// checked them.
    pub(crate) fn page_settings(&self) -> &PageSettings {
        &self.page
    }

    /// Logs a warning the first time marked markup names a category the policy does
    /// not declare (the element stays inert).
    pub(crate) fn warn_undeclared_markup_once(&self, name: &[u8]) {
        if tracing::enabled!(tracing::Level::WARN) && self.warned_markup.first_time(name) {
            tracing::warn!(
                category = ?crate::warn_once::shown(name),
                "an element marked with data-consent or data-category names a category the \
                 Policy does not declare: it stays inert"
            );
        }
    }

    /// Logs a warning the first time a page marks an element `necessary`: nothing needs
    /// to be gated for that category, and markup that claims it is a mistake or an
    /// attack (user content that asks to be made live for every visitor).
    pub(crate) fn warn_necessary_markup_once(&self) {
        if tracing::enabled!(tracing::Level::WARN) && self.warned_markup.first_time(b"\0necessary")
        {
            tracing::warn!(
                "an element is marked data-consent=\"necessary\": the layer activates nothing \
                 for that category (it is never gated), so it stays inert as written"
            );
        }
    }

    /// Logs a warning the first time (per page path) a marked element of a granted
    /// category was left inert because a URL it would make live is not relative or
    /// `http:`/`https:` (or names a host not allowed).
    pub(crate) fn warn_unsafe_url_once(&self, path: &str, attribute: &[u8], url: &[u8]) {
        if tracing::enabled!(tracing::Level::WARN) && self.warned_urls.first_time(path.as_bytes()) {
            tracing::warn!(
                path = ?crate::warn_once::shown(path.as_bytes()),
                attribute = ?crate::warn_once::shown(attribute),
                url = ?crate::warn_once::shown(url),
                "a marked element was left inert: the URL it would make live is neither \
                 relative nor http(s), or its host is not in Gating::allow_hosts (user \
                 content? see \"User content and sanitizers\" in the crate docs)"
            );
        }
    }

    /// Logs a warning the first time an undeclared cookie name is blocked. Costs one
    /// check of the subscriber's level when warnings are off, and a lock-free lookup
    /// once the name was warned about.
    pub(crate) fn warn_blocked_once(&self, name: &[u8]) {
        if tracing::enabled!(tracing::Level::WARN) && self.warned.first_time(name) {
            tracing::warn!(
                cookie = ?crate::warn_once::shown(name),
                "blocked a Set-Cookie whose name no CookieRule declares; declare it in the \
                 Policy or choose UndeclaredCookies::Allow"
            );
        }
    }
}
