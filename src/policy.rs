//! The operator's declaration of cookie categories and cookies.
//!
//! A [`Policy`] is built once, at start-up, with [`Policy::builder`]. Every check the layer
//! makes per request (which category a cookie name belongs to, whether the visitor granted
//! it) reads the finished policy without locking or allocating.

use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// The id of the one category that can never be refused.
pub const NECESSARY: &str = "necessary";

/// At most this many categories fit in a [`CategorySet`]; a policy with more is a
/// configuration error, not a silent truncation.
const MAX_CATEGORIES: usize = 64;

/// How many distinct undeclared cookie names are remembered for the "warn once" rule.
/// An application that invents a fresh cookie name per request must not grow memory
/// without bound; past this many names, blocked cookies are no longer warned about.
const MAX_WARNED_NAMES: usize = 1024;

/// A purpose cookies are set for, such as "performance". Visitors grant or refuse
/// categories, never single cookies.
///
/// The four categories of the UK cookie policy this crate started from are built in
/// ([`Category::necessary`], [`Category::functionality`], [`Category::performance`],
/// [`Category::advertising`]); custom ones are made with [`Category::new`].
///
/// # Example
///
/// ```
/// use tower_cookie_consent::Category;
///
/// let social = Category::new("social", "Social media", "Share buttons and embedded posts.");
/// assert_eq!(social.id(), "social");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    id: String,
    label: String,
    description: String,
}

impl Category {
    /// A category with the given id (lowercase ASCII letters, digits, `_` or `-`; it is
    /// stored in the consent cookie and posted by the consent form), a short label and
    /// a description of its purpose, both shown to visitors.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            description: description.into(),
        }
    }

    /// Strictly necessary cookies: always allowed, never offered as a choice. Every
    /// policy has this category; [`PolicyBuilder::necessary`] changes its texts.
    pub fn necessary() -> Self {
        Self::new(
            NECESSARY,
            "Strictly necessary",
            "These cookies are essential to move around the website and use its features, \
             such as signing in. Without them the services you asked for cannot be provided.",
        )
    }

    /// Functionality cookies: remembering choices such as a username or text size.
    pub fn functionality() -> Self {
        Self::new(
            "functionality",
            "Functionality",
            "These cookies remember the choices you make and provide enhanced, more personal \
             features.",
        )
    }

    /// Performance cookies: analytics about how the site is used.
    pub fn performance() -> Self {
        Self::new(
            "performance",
            "Performance",
            "These cookies collect information about how you use the website, for instance \
             which pages you visit most often, so that we can improve how it works.",
        )
    }

    /// Advertising or tracking cookies.
    pub fn advertising() -> Self {
        Self::new(
            "advertising",
            "Advertising and tracking",
            "These cookies show where you saw our adverts, measure how well our campaigns \
             work and limit how often you see an advert.",
        )
    }

    /// The id stored in the consent cookie and used in [`Consent::allows`](crate::Consent::allows).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The short label shown to visitors.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The purpose of the category, shown to visitors.
    pub fn description(&self) -> &str {
        &self.description
    }
}

/// How a [`CookieRule`] matches cookie names.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NamePattern {
    /// The name must be exactly this (names are case-sensitive, as in browsers).
    Exact(String),
    /// The name must start with this, as `_hj` for Hotjar's `_hj*` cookies.
    Prefix(String),
}

impl NamePattern {
    /// `"_hj*"` is a prefix pattern; anything without a trailing `*` is an exact name.
    pub fn parse(pattern: &str) -> Self {
        match pattern.strip_suffix('*') {
            Some(prefix) => Self::Prefix(prefix.to_owned()),
            None => Self::Exact(pattern.to_owned()),
        }
    }

    /// Whether `name` matches this pattern.
    pub fn matches(&self, name: &[u8]) -> bool {
        match self {
            Self::Exact(exact) => exact.as_bytes() == name,
            Self::Prefix(prefix) => name.starts_with(prefix.as_bytes()),
        }
    }

    fn text(&self) -> &str {
        match self {
            Self::Exact(text) | Self::Prefix(text) => text,
        }
    }
}

impl fmt::Display for NamePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(name) => f.write_str(name),
            Self::Prefix(prefix) => write!(f, "{prefix}*"),
        }
    }
}

/// Where a cookie may live in the browser, so that it can be deleted: a browser only
/// deletes a cookie when the deletion names the same Domain and Path it was set with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieLocation {
    domain: Option<String>,
    path: String,
}

impl CookieLocation {
    /// A location; `domain` is `None` for a host-only cookie (set without `Domain`).
    pub fn new(domain: Option<&str>, path: &str) -> Self {
        Self {
            domain: domain.map(str::to_owned),
            path: path.to_owned(),
        }
    }

    /// The `Domain` attribute the cookie was set with, if any.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    /// The `Path` attribute the cookie was set with.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn is_host_root(&self) -> bool {
        self.domain.is_none() && self.path == "/"
    }
}

/// One declared cookie (or family of cookies, with a `*` prefix pattern), the category it
/// belongs to and what visitors are told about it.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::CookieRule;
///
/// let rule = CookieRule::new("_ga", "performance")
///     .purpose("Distinguishes visitors for Google Analytics.")
///     .duration("2 years")
///     .provider("Google")
///     .domain("example.com");
/// assert_eq!(rule.category(), "performance");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieRule {
    pattern: NamePattern,
    category: String,
    purpose: String,
    duration: String,
    provider: String,
    locations: Vec<CookieLocation>,
}

impl CookieRule {
    /// A rule for the cookie `name` in the category with id `category`. A name ending in
    /// `*` (such as `_hj*`) matches every cookie starting with the text before the `*`.
    pub fn new(name: &str, category: impl Into<String>) -> Self {
        Self {
            pattern: NamePattern::parse(name),
            category: category.into(),
            purpose: String::new(),
            duration: String::new(),
            provider: String::new(),
            locations: Vec::new(),
        }
    }

    /// What the cookie is for, shown to visitors.
    #[must_use]
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = purpose.into();
        self
    }

    /// How long the cookie lives, as text shown to visitors ("1 hour", "Session").
    #[must_use]
    pub fn duration(mut self, duration: impl Into<String>) -> Self {
        self.duration = duration.into();
        self
    }

    /// Who sets or reads the cookie ("Google", "Hotjar", or the site itself).
    #[must_use]
    pub fn provider(mut self, provider: impl Into<String>) -> Self {
        self.provider = provider.into();
        self
    }

    /// The cookie may also be set with `Domain=domain; Path=/`. Deletions are sent for the
    /// host-only cookie at `Path=/` and for every location declared here.
    #[must_use]
    pub fn domain(self, domain: &str) -> Self {
        self.location(Some(domain), "/")
    }

    /// The cookie may also be set with this `Domain` (or none) and `Path`.
    #[must_use]
    pub fn location(mut self, domain: Option<&str>, path: &str) -> Self {
        let location = CookieLocation::new(domain, path);
        if !self.locations.contains(&location) {
            self.locations.push(location);
        }
        self
    }

    /// The name pattern this rule matches.
    pub fn pattern(&self) -> &NamePattern {
        &self.pattern
    }

    /// The id of the category the cookie belongs to.
    pub fn category(&self) -> &str {
        &self.category
    }

    /// What the cookie is for.
    pub fn purpose_text(&self) -> &str {
        &self.purpose
    }

    /// How long the cookie lives.
    pub fn duration_text(&self) -> &str {
        &self.duration
    }

    /// Who sets or reads the cookie.
    pub fn provider_text(&self) -> &str {
        &self.provider
    }

    /// The declared locations beyond the host-only cookie at `Path=/`.
    pub fn locations(&self) -> &[CookieLocation] {
        &self.locations
    }
}

/// What happens to a `Set-Cookie` whose name no [`CookieRule`] declares.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UndeclaredCookies {
    /// Drop it, and log a `tracing` warning the first time each name is seen. The default:
    /// a cookie nobody declared cannot have been consented to.
    #[default]
    Block,
    /// Let it through untouched.
    Allow,
    /// Treat it as a cookie of this category.
    Category(String),
}

/// The verdict for one cookie name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameClass {
    /// The layer's own consent cookie: always kept.
    ConsentCookie,
    /// Declared (or counted as) a cookie of this category; `rule` is the declaring rule.
    Category { index: u8, rule: Option<usize> },
    /// Undeclared and blocked.
    Blocked,
    /// Undeclared and allowed.
    Allowed,
}

/// A set of categories, as bits indexed like [`Policy::categories`]. Bit 0 is the
/// necessary category, always set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CategorySet(u64);

impl CategorySet {
    pub(crate) const NECESSARY_ONLY: Self = Self(1);

    pub(crate) fn contains(self, index: u8) -> bool {
        self.0 & (1u64 << index) != 0
    }

    pub(crate) fn with(self, index: u8) -> Self {
        Self(self.0 | (1u64 << index))
    }
}

/// Attributes of the layer's own consent cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConsentCookieConfig {
    pub(crate) name: String,
    pub(crate) secure: bool,
    pub(crate) domain: Option<String>,
}

/// The site's cookie policy: its categories, its declared cookies, and the settings of
/// the consent cookie and the consent endpoint.
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
    /// The category index of each rule, parallel to `rules`.
    rule_categories: Vec<u8>,
    /// Exact names with their [`name_hash`], sorted by hash: a lookup hashes the name once
    /// and compares bytes only on a hash match.
    exact: Vec<(u64, Box<[u8]>, usize)>,
    /// Prefixes, longest first, so that the most specific rule wins.
    prefixes: Vec<Prefix>,
    undeclared: UndeclaredClass,
    all_categories: CategorySet,
    revision: u32,
    lifetime: Duration,
    consent_cookie: ConsentCookieConfig,
    endpoint: String,
    warned: Mutex<HashSet<Box<[u8]>>>,
    /// Finds the consent cookie's name in a `Cookie` header, built once.
    consent_finder: memchr::memmem::Finder<'static>,
    /// HMAC keys for the consent cookie: the first signs, all verify. Empty: unsigned.
    signing_keys: Vec<SigningKey>,
}

/// An HMAC-SHA256 key, ready to use.
#[derive(Clone)]
pub(crate) struct SigningKey(hmac::Hmac<sha2::Sha256>);

impl SigningKey {
    pub(crate) fn mac(&self) -> hmac::Hmac<sha2::Sha256> {
        self.0.clone()
    }
}

/// Keys shorter than this are refused: HMAC-SHA256 wants 256 bits of secret.
pub(crate) const MIN_KEY_LEN: usize = 32;

/// Cookie names (or prefixes) and the index of the rule declaring each.
type NameIndex = Vec<(Box<[u8]>, usize)>;

/// A prefix rule, with its first eight bytes as a masked word: most prefixes (`_ga_`,
/// `_hj`) are shorter, and then one comparison of words decides.
#[derive(Debug)]
struct Prefix {
    head: u64,
    mask: u64,
    bytes: Box<[u8]>,
    rule: usize,
}

impl Prefix {
    fn new(bytes: Box<[u8]>, rule: usize) -> Self {
        let edge = bytes.len().min(8);
        let mask = if edge == 8 {
            u64::MAX
        } else {
            (1u64 << (edge * 8)) - 1
        };
        Self {
            head: first_word(&bytes),
            mask,
            bytes,
            rule,
        }
    }

    /// `name_head` is [`first_word`] of `name`.
    fn matches(&self, name: &[u8], name_head: u64) -> bool {
        name.len() >= self.bytes.len()
            && name_head & self.mask == self.head
            && (self.bytes.len() <= 8 || name[8..self.bytes.len()] == self.bytes[8..])
    }
}

/// The first (up to) eight bytes of `bytes`, little-endian, zero-padded.
fn first_word(bytes: &[u8]) -> u64 {
    let edge = bytes.len().min(8);
    let mut buffer = [0u8; 8];
    buffer[..edge].copy_from_slice(&bytes[..edge]);
    u64::from_le_bytes(buffer)
}

#[derive(Clone, Copy, Debug)]
enum UndeclaredClass {
    Block,
    Allow,
    Category(u8),
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
            .finish_non_exhaustive()
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

    pub(crate) fn consent_cookie(&self) -> &ConsentCookieConfig {
        &self.consent_cookie
    }

    pub(crate) fn all_categories(&self) -> CategorySet {
        self.all_categories
    }

    pub(crate) fn category_index(&self, id: &[u8]) -> Option<u8> {
        self.categories
            .iter()
            .position(|category| category.id.as_bytes() == id)
            .map(|index| index as u8)
    }

    pub(crate) fn rule(&self, index: usize) -> &CookieRule {
        &self.rules[index]
    }

    /// Classifies a cookie name: the consent cookie, a declared cookie (exact names before
    /// prefixes, longer prefixes before shorter), or an undeclared one.
    pub(crate) fn classify(&self, name: &[u8]) -> NameClass {
        if name == self.consent_cookie.name.as_bytes() {
            return NameClass::ConsentCookie;
        }
        let hash = name_hash(name);
        let first = self.exact.partition_point(|(known, _, _)| *known < hash);
        let rule = self.exact[first..]
            .iter()
            .take_while(|(known, _, _)| *known == hash)
            .find(|(_, exact, _)| **exact == *name)
            .map(|(_, _, rule)| *rule)
            .or_else(|| {
                let name_head = first_word(name);
                self.prefixes
                    .iter()
                    .find(|prefix| prefix.matches(name, name_head))
                    .map(|prefix| prefix.rule)
            });
        match (rule, self.undeclared) {
            (Some(rule), _) => NameClass::Category {
                index: self.rule_categories[rule],
                rule: Some(rule),
            },
            (None, UndeclaredClass::Block) => NameClass::Blocked,
            (None, UndeclaredClass::Allow) => NameClass::Allowed,
            (None, UndeclaredClass::Category(index)) => NameClass::Category { index, rule: None },
        }
    }

    pub(crate) fn consent_finder(&self) -> &memchr::memmem::Finder<'static> {
        &self.consent_finder
    }

    /// The consent cookie's HMAC keys, the signing one first; empty when unsigned.
    pub(crate) fn signing_keys(&self) -> &[SigningKey] {
        &self.signing_keys
    }

    /// Logs a warning the first time an undeclared cookie name is blocked.
    pub(crate) fn warn_blocked_once(&self, name: &[u8]) {
        let Ok(mut warned) = self.warned.lock() else {
            return;
        };
        if warned.len() >= MAX_WARNED_NAMES || warned.contains(name) {
            return;
        }
        warned.insert(name.into());
        drop(warned);
        tracing::warn!(
            cookie = %String::from_utf8_lossy(name),
            "blocked a Set-Cookie whose name no CookieRule declares; declare it in the Policy \
             or choose UndeclaredCookies::Allow"
        );
    }
}

/// Builds a [`Policy`]; see [`Policy::builder`].
#[derive(Clone, Debug)]
#[must_use]
pub struct PolicyBuilder {
    necessary: Category,
    categories: Vec<Category>,
    rules: Vec<CookieRule>,
    undeclared: UndeclaredCookies,
    revision: u32,
    lifetime: Duration,
    consent_cookie: ConsentCookieConfig,
    endpoint: String,
    signing_keys: Vec<Vec<u8>>,
}

impl Default for PolicyBuilder {
    fn default() -> Self {
        Self {
            necessary: Category::necessary(),
            categories: Vec::new(),
            rules: Vec::new(),
            undeclared: UndeclaredCookies::Block,
            revision: 1,
            lifetime: Duration::from_secs(180 * 24 * 60 * 60),
            consent_cookie: ConsentCookieConfig {
                name: "cookie_consent".to_owned(),
                secure: true,
                domain: None,
            },
            endpoint: "/consent".to_owned(),
            signing_keys: Vec::new(),
        }
    }
}

impl PolicyBuilder {
    /// Adds an optional category, offered to visitors in this order.
    pub fn category(mut self, category: Category) -> Self {
        self.categories.push(category);
        self
    }

    /// Replaces the label and description of the necessary category (its id stays
    /// `necessary`).
    pub fn necessary(mut self, label: impl Into<String>, description: impl Into<String>) -> Self {
        self.necessary = Category::new(NECESSARY, label, description);
        self
    }

    /// Declares a cookie.
    pub fn cookie(mut self, rule: CookieRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// What happens to cookies no rule declares; [`UndeclaredCookies::Block`] by default.
    pub fn undeclared(mut self, undeclared: UndeclaredCookies) -> Self {
        self.undeclared = undeclared;
        self
    }

    /// The policy revision (1 by default). Raise it when the policy changes in a way
    /// visitors must be asked about again: choices recorded under an older revision no
    /// longer count.
    pub fn revision(mut self, revision: u32) -> Self {
        self.revision = revision;
        self
    }

    /// How long a recorded choice stays valid (180 days by default); the consent cookie's
    /// `Max-Age` and the age check when it is read.
    pub fn consent_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The name of the consent cookie (`cookie_consent` by default).
    pub fn consent_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.consent_cookie.name = name.into();
        self
    }

    /// Whether the consent cookie carries `Secure` (true by default). Turn it off only
    /// for development over plain http, where browsers would drop a secure cookie.
    pub fn secure(mut self, secure: bool) -> Self {
        self.consent_cookie.secure = secure;
        self
    }

    /// A `Domain` for the consent cookie, to share one choice across subdomains. By
    /// default the cookie is host-only.
    pub fn consent_cookie_domain(mut self, domain: impl Into<String>) -> Self {
        self.consent_cookie.domain = Some(domain.into());
        self
    }

    /// The path of the consent endpoint (`/consent` by default). It must start with `/`
    /// and not end with one.
    pub fn endpoint(mut self, path: impl Into<String>) -> Self {
        self.endpoint = path.into();
        self
    }

    /// Signs the consent cookie with HMAC-SHA256, so that a recorded choice can be
    /// trusted as the layer's own: a value that is tampered with, truncated, unsigned or
    /// signed with an unknown key reads as "undecided". The first key signs; every key
    /// verifies, so a new key can be put first while cookies signed with the old one
    /// keep counting until they are re-signed or expire. Keys need at least 32 bytes.
    ///
    /// ```
    /// use tower_cookie_consent::Policy;
    ///
    /// let new_key = [7u8; 32];
    /// let old_key = [9u8; 32];
    /// let policy = Policy::builder().signing_keys([&new_key[..], &old_key[..]]).build();
    /// assert!(policy.is_ok());
    /// ```
    pub fn signing_keys<K: AsRef<[u8]>>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        self.signing_keys = keys.into_iter().map(|key| key.as_ref().to_vec()).collect();
        self
    }

    /// Checks the declarations and builds the policy.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let mut categories = Vec::with_capacity(self.categories.len() + 1);
        categories.push(self.necessary);
        for category in self.categories {
            if !is_valid_category_id(&category.id) {
                return Err(PolicyError::InvalidCategoryId { id: category.id });
            }
            if categories.iter().any(|known| known.id == category.id) {
                return Err(PolicyError::DuplicateCategory { id: category.id });
            }
            categories.push(category);
        }
        if categories.len() > MAX_CATEGORIES {
            return Err(PolicyError::TooManyCategories {
                count: categories.len(),
            });
        }
        let index_of = |id: &str| {
            categories
                .iter()
                .position(|category| category.id == id)
                .map(|index| index as u8)
        };

        let consent = &self.consent_cookie;
        if !is_valid_cookie_name(&consent.name) {
            return Err(PolicyError::InvalidCookieName {
                name: consent.name.clone(),
            });
        }
        // Browsers silently refuse prefixed cookies that break the prefix's rules.
        let host_prefix_broken = consent.name.starts_with("__Host-") && consent.domain.is_some();
        let prefix_needs_secure =
            consent.name.starts_with("__Host-") || consent.name.starts_with("__Secure-");
        if host_prefix_broken || (prefix_needs_secure && !consent.secure) {
            return Err(PolicyError::CookiePrefixBroken {
                name: consent.name.clone(),
            });
        }
        let attributes = self.rules.iter().flat_map(|rule| {
            rule.locations
                .iter()
                .flat_map(|location| location.domain.iter().chain([&location.path]))
        });
        for value in consent.domain.iter().chain(attributes) {
            if !is_valid_attribute(value) {
                return Err(PolicyError::InvalidAttribute {
                    value: value.clone(),
                });
            }
        }
        let mut rule_categories = Vec::with_capacity(self.rules.len());
        let mut exact = NameIndex::new();
        let mut prefixes = NameIndex::new();
        for (position, rule) in self.rules.iter().enumerate() {
            let text = rule.pattern.text();
            if !is_valid_cookie_name(text) {
                return Err(PolicyError::InvalidCookieName {
                    name: rule.pattern.to_string(),
                });
            }
            let index = index_of(&rule.category).ok_or_else(|| PolicyError::UnknownCategory {
                used_by: rule.pattern.to_string(),
                category: rule.category.clone(),
            })?;
            rule_categories.push(index);
            let (list, is_duplicate): (&mut NameIndex, bool) = match rule.pattern {
                NamePattern::Exact(_) => (&mut exact, text == self.consent_cookie.name),
                NamePattern::Prefix(_) => (&mut prefixes, false),
            };
            if is_duplicate || list.iter().any(|(known, _)| **known == *text.as_bytes()) {
                return Err(PolicyError::DuplicateCookie {
                    name: rule.pattern.to_string(),
                });
            }
            list.push((text.as_bytes().into(), position));
        }
        let mut exact: Vec<(u64, Box<[u8]>, usize)> = exact
            .into_iter()
            .map(|(name, rule)| (name_hash(&name), name, rule))
            .collect();
        exact.sort_unstable();
        prefixes.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        let prefixes = prefixes
            .into_iter()
            .map(|(prefix, rule)| Prefix::new(prefix, rule))
            .collect();

        let undeclared = match &self.undeclared {
            UndeclaredCookies::Block => UndeclaredClass::Block,
            UndeclaredCookies::Allow => UndeclaredClass::Allow,
            UndeclaredCookies::Category(id) => {
                UndeclaredClass::Category(index_of(id).ok_or_else(|| {
                    PolicyError::UnknownCategory {
                        used_by: "UndeclaredCookies::Category".to_owned(),
                        category: id.clone(),
                    }
                })?)
            }
        };

        let endpoint = self.endpoint;
        let endpoint_ok = endpoint.len() > 1
            && endpoint.starts_with('/')
            && !endpoint.ends_with('/')
            && endpoint
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte));
        if !endpoint_ok {
            return Err(PolicyError::InvalidEndpoint { path: endpoint });
        }
        if self.lifetime.is_zero() {
            return Err(PolicyError::ZeroLifetime);
        }
        let mut signing_keys = Vec::with_capacity(self.signing_keys.len());
        for (position, key) in self.signing_keys.iter().enumerate() {
            use hmac::Mac as _;
            if key.len() < MIN_KEY_LEN {
                return Err(PolicyError::WeakKey { position });
            }
            let mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key)
                .map_err(|_| PolicyError::WeakKey { position })?;
            signing_keys.push(SigningKey(mac));
        }

        let all_categories = (0..categories.len() as u8)
            .fold(CategorySet::NECESSARY_ONLY, |set, index| set.with(index));
        Ok(Policy {
            categories,
            rules: self.rules,
            rule_categories,
            exact,
            prefixes,
            undeclared,
            all_categories,
            revision: self.revision,
            lifetime: self.lifetime,
            endpoint,
            warned: Mutex::new(HashSet::new()),
            consent_finder: memchr::memmem::Finder::new(self.consent_cookie.name.as_bytes())
                .into_owned(),
            consent_cookie: self.consent_cookie,
            signing_keys,
        })
    }
}

/// A hash of a cookie name that costs the same for any length: its length and its first
/// and last eight bytes, mixed. Names that collide are told apart by comparing bytes.
fn name_hash(name: &[u8]) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let edge = name.len().min(8);
    let head = first_word(name);
    let tail = first_word(&name[name.len() - edge..]);
    (head ^ tail.rotate_left(29) ^ (name.len() as u64).wrapping_mul(MIX)).wrapping_mul(MIX)
}

fn is_valid_category_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_' || byte == b'-'
        })
}

/// A `Domain` or `Path` value: printable ASCII without `;`, so it stays one attribute.
fn is_valid_attribute(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && byte != b';')
}

/// A cookie name is an RFC 9110 token: visible ASCII without separators.
pub(crate) fn is_valid_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&byte))
}

/// Why a [`Policy`] could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// Two categories share an id (the necessary category is always there).
    DuplicateCategory {
        /// The repeated id.
        id: String,
    },
    /// A category id is empty, longer than 32 bytes, or has characters other than
    /// lowercase ASCII letters, digits, `_` and `-`.
    InvalidCategoryId {
        /// The rejected id.
        id: String,
    },
    /// More than 64 categories.
    TooManyCategories {
        /// How many were declared, the necessary one included.
        count: usize,
    },
    /// A cookie rule, or [`UndeclaredCookies::Category`], names a category the policy
    /// does not have.
    UnknownCategory {
        /// The cookie pattern (or `UndeclaredCookies::Category`) that named it.
        used_by: String,
        /// The unknown category id.
        category: String,
    },
    /// The same exact name (or the same prefix) is declared twice, or a rule declares
    /// the consent cookie's own name.
    DuplicateCookie {
        /// The repeated name or pattern.
        name: String,
    },
    /// A declared cookie name, or the consent cookie's name, is not a valid cookie name.
    InvalidCookieName {
        /// The rejected name.
        name: String,
    },
    /// The consent cookie's name starts with `__Host-` or `__Secure-` but its settings
    /// break the prefix's rules (`Secure` off, or a `Domain` with `__Host-`): browsers
    /// would refuse it, and no choice would ever be remembered.
    CookiePrefixBroken {
        /// The consent cookie's name.
        name: String,
    },
    /// A `Domain` or `Path` value (of the consent cookie or a cookie location) is empty or
    /// has a `;`, whitespace or control character.
    InvalidAttribute {
        /// The rejected value.
        value: String,
    },
    /// The endpoint path does not start with `/`, ends with `/`, or has characters other
    /// than ASCII letters, digits and `/-_.~`.
    InvalidEndpoint {
        /// The rejected path.
        path: String,
    },
    /// The consent lifetime is zero: no choice could ever be remembered.
    ZeroLifetime,
    /// A signing key is shorter than 32 bytes.
    WeakKey {
        /// Its position in the list given to [`PolicyBuilder::signing_keys`].
        position: usize,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCategory { id } => write!(f, "the category `{id}` is declared twice"),
            Self::InvalidCategoryId { id } => write!(
                f,
                "the category id `{id}` must be 1 to 32 lowercase ASCII letters, digits, `_` or `-`"
            ),
            Self::TooManyCategories { count } => {
                write!(
                    f,
                    "{count} categories declared; at most {MAX_CATEGORIES} are supported"
                )
            }
            Self::UnknownCategory { used_by, category } => write!(
                f,
                "`{used_by}` names the category `{category}`, which the policy does not declare"
            ),
            Self::DuplicateCookie { name } => write!(f, "the cookie `{name}` is declared twice"),
            Self::InvalidCookieName { name } => {
                write!(f, "`{name}` is not a valid cookie name")
            }
            Self::CookiePrefixBroken { name } => write!(
                f,
                "the consent cookie `{name}` needs Secure (and, for `__Host-`, no Domain), or \
                 browsers refuse it"
            ),
            Self::InvalidAttribute { value } => write!(
                f,
                "`{value}` is not a valid cookie Domain or Path: it must be printable ASCII \
                 without `;`"
            ),
            Self::InvalidEndpoint { path } => write!(
                f,
                "the endpoint path `{path}` must start with `/`, not end with `/`, and use only \
                 ASCII letters, digits and `/-_.~`"
            ),
            Self::ZeroLifetime => f.write_str("the consent lifetime must be longer than zero"),
            Self::WeakKey { position } => write!(
                f,
                "signing key {position} is shorter than {MIN_KEY_LEN} bytes; use a random key \
                 of at least 32 bytes"
            ),
        }
    }
}

impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .cookie(CookieRule::new("session", NECESSARY))
            .cookie(CookieRule::new("_ga", "performance"))
            .cookie(CookieRule::new("_ga_*", "performance"))
            .cookie(CookieRule::new("_g*", "functionality"))
            .cookie(CookieRule::new("_hj*", "performance"))
            .build()
            .unwrap()
    }

    fn category_of(policy: &Policy, name: &str) -> Option<&'static str> {
        match policy.classify(name.as_bytes()) {
            NameClass::Category { index, .. } => {
                Some(["necessary", "functionality", "performance"][index as usize])
            }
            _ => None,
        }
    }

    #[test]
    fn exact_names_match_exactly_and_case_sensitively() {
        let policy = policy();
        assert_eq!(category_of(&policy, "session"), Some("necessary"));
        assert_eq!(category_of(&policy, "Session"), None);
        assert_eq!(category_of(&policy, "session2"), None);
        assert_eq!(category_of(&policy, "sessio"), None);
    }

    #[test]
    fn exact_beats_prefix_and_longer_prefix_beats_shorter() {
        let policy = policy();
        // `_ga` is exact (performance) although `_g*` (functionality) also matches.
        assert_eq!(category_of(&policy, "_ga"), Some("performance"));
        assert_eq!(category_of(&policy, "_ga_XYZ"), Some("performance"));
        assert_eq!(category_of(&policy, "_gid"), Some("functionality"));
        assert_eq!(
            category_of(&policy, "_hjSessionUser_1234"),
            Some("performance")
        );
        assert_eq!(category_of(&policy, "_hj"), Some("performance"));
        assert_eq!(category_of(&policy, "_h"), None);
        let long = Policy::builder()
            .category(Category::performance())
            .cookie(CookieRule::new("a_very_long_prefix_*", "performance"))
            .cookie(CookieRule::new("exactly8*", "performance"))
            .build()
            .unwrap();
        let matched =
            |name: &str| matches!(long.classify(name.as_bytes()), NameClass::Category { .. });
        assert!(matched("a_very_long_prefix_1"));
        assert!(matched("a_very_long_prefix_"));
        assert!(!matched("a_very_long_prefiX_1"));
        assert!(!matched("a_very_l"));
        assert!(matched("exactly8"));
        assert!(matched("exactly8andmore"));
        assert!(!matched("exactly"));
    }

    #[test]
    fn consent_cookie_and_undeclared_names() {
        let policy = policy();
        assert_eq!(policy.classify(b"cookie_consent"), NameClass::ConsentCookie);
        assert_eq!(policy.classify(b"other"), NameClass::Blocked);
        assert_eq!(policy.classify(b""), NameClass::Blocked);

        let allow = Policy::builder()
            .undeclared(UndeclaredCookies::Allow)
            .build()
            .unwrap();
        assert_eq!(allow.classify(b"other"), NameClass::Allowed);

        let counted = Policy::builder()
            .category(Category::performance())
            .undeclared(UndeclaredCookies::Category("performance".into()))
            .build()
            .unwrap();
        assert_eq!(
            counted.classify(b"other"),
            NameClass::Category {
                index: 1,
                rule: None
            }
        );
    }

    #[test]
    fn builder_errors_are_typed() {
        let duplicate = Policy::builder()
            .category(Category::performance())
            .category(Category::performance())
            .build();
        assert_eq!(
            duplicate.unwrap_err(),
            PolicyError::DuplicateCategory {
                id: "performance".into()
            }
        );
        let necessary_again = Policy::builder().category(Category::necessary()).build();
        assert_eq!(
            necessary_again.unwrap_err(),
            PolicyError::DuplicateCategory {
                id: "necessary".into()
            }
        );
        let unknown = Policy::builder()
            .cookie(CookieRule::new("_ga", "analytics"))
            .build();
        assert_eq!(
            unknown.unwrap_err().to_string(),
            "`_ga` names the category `analytics`, which the policy does not declare"
        );
        let twice = Policy::builder()
            .cookie(CookieRule::new("a", NECESSARY))
            .cookie(CookieRule::new("a", NECESSARY))
            .build();
        assert_eq!(
            twice.unwrap_err(),
            PolicyError::DuplicateCookie { name: "a".into() }
        );
        let same_prefix = Policy::builder()
            .cookie(CookieRule::new("_hj*", NECESSARY))
            .cookie(CookieRule::new("_hj*", NECESSARY))
            .build();
        assert_eq!(
            same_prefix.unwrap_err(),
            PolicyError::DuplicateCookie {
                name: "_hj*".into()
            }
        );
        let shadowing_consent = Policy::builder()
            .cookie(CookieRule::new("cookie_consent", NECESSARY))
            .build();
        assert!(matches!(
            shadowing_consent,
            Err(PolicyError::DuplicateCookie { .. })
        ));
        assert!(matches!(
            Policy::builder()
                .category(Category::new("Bad Id", "", ""))
                .build(),
            Err(PolicyError::InvalidCategoryId { .. })
        ));
        assert!(matches!(
            Policy::builder()
                .cookie(CookieRule::new("a=b", NECESSARY))
                .build(),
            Err(PolicyError::InvalidCookieName { .. })
        ));
        assert!(matches!(
            Policy::builder().endpoint("consent/").build(),
            Err(PolicyError::InvalidEndpoint { .. })
        ));
        assert!(matches!(
            Policy::builder()
                .undeclared(UndeclaredCookies::Category("nope".into()))
                .build(),
            Err(PolicyError::UnknownCategory { .. })
        ));
        assert_eq!(
            Policy::builder()
                .consent_lifetime(Duration::ZERO)
                .build()
                .unwrap_err(),
            PolicyError::ZeroLifetime
        );
        let many = (0..64).fold(Policy::builder(), |builder, n| {
            builder.category(Category::new(format!("c{n}"), "", ""))
        });
        assert_eq!(
            many.build().unwrap_err(),
            PolicyError::TooManyCategories { count: 65 }
        );
    }
}
