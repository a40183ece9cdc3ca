//! Building a policy: the builder, its validators, and the configuration-file form.

use std::time::Duration;

use super::category::{
    Category, CategoryIndex, CategorySet, MAX_CATEGORIES, NECESSARY, is_valid_category_id,
};
use super::error::PolicyError;
use super::names::{Entry, NameIndex, Undeclared};
use super::region::{RegionRules, RegionsFile, SUGGESTED};
use super::rule::{
    CookieRule, NamePattern, UndeclaredCookies, domain_problem, is_valid_cookie_name, is_valid_path,
};
use super::{Banner, ConsentMode, Gating, PageSettings, Regime};
use super::{ConsentCookieConfig, MAX_CONSENT_LIFETIME_DAYS, Policy, SigningKey, Withdrawal};
use crate::warn_once::WarnedNames;

const DAY: u64 = 24 * 60 * 60;

/// Builds a [`Policy`]; see [`Policy::builder`].
///
/// A builder also reads from a configuration file (any serde format; the crate's tests
/// use TOML): the fields are the builder's methods, and [`PolicyBuilder::build`] checks
/// a file exactly as it checks code. Signing keys are secrets and are never read from
/// the file: add them with [`PolicyBuilder::signing_keys`] after loading.
///
/// ```toml
/// revision = 2
/// consent_lifetime_days = 180
/// necessary = { label = "Essential", purpose = "Needed for the site to work." }
///
/// [[categories]]
/// id = "performance"
/// label = "Performance"
/// purpose = "How the site is used."
///
/// [[cookies]]
/// name = "_ga"
/// category = "performance"
/// duration = "2 years"
/// provider = "Google"
/// domain = "example.com"
///
/// [[cookies]]
/// name = "_hj*"
/// category = "performance"
/// locations = [{ path = "/app" }]
///
/// [consent_cookie]
/// name = "cookie_consent"
/// secure = true
/// ```
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(from = "PolicyConfig")]
#[must_use]
pub struct PolicyBuilder {
    necessary: Category,
    categories: Vec<Category>,
    rules: Vec<CookieRule>,
    undeclared: UndeclaredCookies,
    revision: u32,
    lifetime: Duration,
    consent_cookie: ConsentCookieSettings,
    endpoint: String,
    signing_keys: Vec<Vec<u8>>,
    gating: Option<Gating>,
    consent_mode: Option<ConsentMode>,
    language: String,
    /// The languages offered, in order; `None`: every language with texts.
    languages: Option<Vec<String>>,
    banner: Banner,
    gpc_last_update: Option<String>,
    /// Each regime with the regions (codes or groups) given it, in order.
    regimes: Vec<(Regime, Vec<String>)>,
    other_regions: Option<Regime>,
    controller: Option<String>,
    withdrawal: Withdrawal,
}

/// The consent cookie as the operator set it; the name is chosen at `build`.
#[derive(Clone, Debug)]
struct ConsentCookieSettings {
    /// `None`: the default name, prefixed when the cookie can be.
    name: Option<String>,
    secure: bool,
    domain: Option<String>,
}

impl Default for PolicyBuilder {
    fn default() -> Self {
        Self {
            necessary: Category::necessary(),
            categories: Vec::new(),
            rules: Vec::new(),
            undeclared: UndeclaredCookies::Block,
            revision: 1,
            lifetime: Duration::from_secs(180 * DAY),
            consent_cookie: ConsentCookieSettings {
                name: None,
                secure: true,
                domain: None,
            },
            endpoint: "/consent".to_owned(),
            signing_keys: Vec::new(),
            gating: None,
            consent_mode: None,
            language: "en".to_owned(),
            languages: None,
            banner: Banner::default(),
            gpc_last_update: None,
            regimes: Vec::new(),
            other_regions: None,
            controller: None,
            withdrawal: Withdrawal::default(),
        }
    }
}

impl PolicyBuilder {
    /// Adds an optional category, offered to visitors in this order.
    pub fn category(mut self, category: Category) -> Self {
        self.categories.push(category);
        self
    }

    /// Replaces the label and purpose of the necessary category (its id stays
    /// `necessary`). The bundled translations of the built-in texts go with them (they
    /// translate other words): add yours with
    /// [`necessary_translation`](Self::necessary_translation).
    pub fn necessary(mut self, label: impl Into<String>, purpose: impl Into<String>) -> Self {
        self.necessary = Category::new(NECESSARY, label, purpose);
        self
    }

    /// Adds (or replaces) the necessary category's label and purpose in `lang`.
    pub fn necessary_translation(
        mut self,
        lang: impl Into<String>,
        label: impl Into<String>,
        purpose: impl Into<String>,
    ) -> Self {
        self.necessary = self.necessary.translation(lang, label, purpose);
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

    /// How long a recorded choice stays valid (180 days by default, at most 400); the
    /// consent cookie's `Max-Age` and the age check when it is read.
    pub fn consent_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The name of the consent cookie. By default it is `__Host-cookie_consent` when the
    /// cookie is `Secure` and host-only (no sibling subdomain and no plain-http page can
    /// set a `__Host-` cookie, so none can toss in a choice), and `cookie_consent`
    /// otherwise. A name set here is used as it is.
    pub fn consent_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.consent_cookie.name = Some(name.into());
        self
    }

    /// Whether the consent cookie carries `Secure` (true by default). Turn it off only
    /// for development over plain http, where browsers drop a secure cookie and no
    /// choice would ever be remembered.
    pub fn consent_cookie_secure(mut self, secure: bool) -> Self {
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

    /// Turns on server-side gating of the elements marked with `data-consent` (see
    /// "Gating scripts and embeds" in the [crate docs](crate)).
    pub fn gating(mut self, gating: Gating) -> Self {
        self.gating = Some(gating);
        self
    }

    /// Turns on Google Consent Mode v2 from the server's state (see [`ConsentMode`]).
    pub fn consent_mode(mut self, consent_mode: ConsentMode) -> Self {
        self.consent_mode = Some(consent_mode);
        self
    }

    /// The language the policy's own texts (category labels and purposes, cookie
    /// purposes) are written in, and the language visitors get when neither the
    /// operator's function nor `Accept-Language` chooses one: `en` by default. A BCP 47
    /// tag such as `de` or `pt-BR`.
    pub fn language(mut self, tag: impl Into<String>) -> Self {
        self.language = tag.into();
        self
    }

    /// Offers only these languages (BCP 47 tags), in this order (a wildcard
    /// `Accept-Language: *` gets the first). Tags with neither bundled texts nor texts
    /// added with [`Banner::texts`] are left out, with a `tracing` warning. The
    /// policy's [`language`](Self::language) is always offered. Without this, every
    /// bundled language is offered, and every language the banner adds.
    pub fn languages<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.languages = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// The banner: its texts, link, position and colours, whether it is shown (see
    /// [`Banner`]).
    pub fn banner(mut self, banner: Banner) -> Self {
        self.banner = banner;
        self
    }

    /// The date (`YYYY-MM-DD`) the site's Global Privacy Control support last changed,
    /// served as `lastUpdate` in `/.well-known/gpc.json`. Without it the field is left
    /// out (the specification makes it optional), with a `tracing` warning when a
    /// category [sells or shares](Category::sells_or_shares) data.
    pub fn gpc_last_update(mut self, date: impl Into<String>) -> Self {
        self.gpc_last_update = Some(date.into());
        self
    }

    /// Puts visitors from `regions` under `regime`: ISO 3166-1 countries (`DE`), ISO
    /// 3166-2 first-level subdivisions (`US-CA`, `CA-QC`), or the groups `EEA`, `EU`
    /// and `US_OPT_OUT` ([`EEA`](crate::EEA), [`EU`](crate::EU),
    /// [`US_OPT_OUT_STATES`](crate::US_OPT_OUT_STATES)). A subdivision's rule comes
    /// before its country's; a region given two regimes is an error. Visitors whose
    /// region is unknown get the strictest regime declared; see "Regions" in the crate
    /// docs, and [`suggested_regimes`](Self::suggested_regimes). Without any regime,
    /// every visitor gets the banner (with the UK exception's categories when some are
    /// marked), as before regions existed.
    ///
    /// ```
    /// use tower_cookie_consent::{Policy, Regime};
    ///
    /// let policy = Policy::builder()
    ///     .regime(Regime::Consent, ["EEA", "CH"])
    ///     .regime(Regime::OptOut, ["US-CA"])
    ///     .other_regions(Regime::None)
    ///     .build()?;
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn regime<R: Into<String>>(
        mut self,
        regime: Regime,
        regions: impl IntoIterator<Item = R>,
    ) -> Self {
        self.regimes
            .push((regime, regions.into_iter().map(Into::into).collect()));
        self
    }

    /// The regime of a known region no [`regime`](Self::regime) names. Without it, such
    /// regions get the strictest regime declared.
    pub fn other_regions(mut self, regime: Regime) -> Self {
        self.other_regions = Some(regime);
        self
    }

    /// Adds the crate's suggested table (the README's "Regions" lists it with its
    /// sources): consent for the EEA, Switzerland, Brazil and Quebec; consent with the
    /// UK exception for the United Kingdom; opt-out for the US states of
    /// [`US_OPT_OUT_STATES`](crate::US_OPT_OUT_STATES); and, unless
    /// [`other_regions`](Self::other_regions) says otherwise, consent everywhere else.
    /// A starting point written in 2026, not legal advice: check it with your counsel.
    pub fn suggested_regimes(mut self) -> Self {
        for (regime, regions) in SUGGESTED {
            self = self.regime(regime, regions.iter().copied());
        }
        self
    }

    /// The site's owner, who decides what happens to visitors' data (the controller,
    /// in data protection law): named on the banner's first layer, and never listed
    /// among the third parties a category's data is "Shared with" (a cookie whose
    /// provider is the controller is the site's own).
    ///
    /// ```
    /// use tower_cookie_consent::Policy;
    ///
    /// let policy = Policy::builder().controller("Example Ltd").build()?;
    /// assert_eq!(policy.controller(), Some("Example Ltd"));
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn controller(mut self, name: impl Into<String>) -> Self {
        self.controller = Some(name.into());
        self
    }

    /// On a withdrawal (a choice refusing what was allowed), also deletes the cookies
    /// no rule declares that the post to the endpoint carries (set by scripts the site
    /// did not declare, such as `_fbp`). Off by default: an undeclared session or
    /// login cookie would be deleted too, logging the visitor out. See "Withdrawal" in
    /// the crate docs.
    pub fn delete_undeclared_on_withdrawal(mut self, yes: bool) -> Self {
        self.withdrawal.delete_undeclared = yes;
        self
    }

    /// On a withdrawal, also sends `Clear-Site-Data: "storage"`, so that the browser
    /// empties the site's `localStorage`, `sessionStorage`, IndexedDB and caches, where
    /// trackers keep copies of what they stored in cookies. Off by default: only for
    /// sites whose own pages keep nothing there (a cart, a draft, an offline cache
    /// would go too). Browsers honour it over HTTPS only.
    pub fn clear_storage_on_withdrawal(mut self, yes: bool) -> Self {
        self.withdrawal.clear_storage = yes;
        self
    }

    /// Checks the declarations and builds the policy.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let categories = checked_categories(self.necessary, self.categories)?;
        let consent_cookie = consent_cookie(self.consent_cookie)?;
        check_locations(&self.rules)?;
        let names = name_index(&self.rules, &categories, &consent_cookie, &self.undeclared)?;
        check_endpoint(&self.endpoint)?;
        check_lifetime(self.lifetime)?;
        warn_long_durations(&self.rules);
        let signing_keys = signing_keys(&self.signing_keys)?;
        if !crate::languages::is_language_tag(&self.language) {
            return Err(PolicyError::InvalidLanguage { tag: self.language });
        }
        if let Some(date) = &self.gpc_last_update
            && !is_date(date)
        {
            return Err(PolicyError::InvalidDate { date: date.clone() });
        }
        let marked = |flag: fn(&Category) -> bool| {
            categories
                .iter()
                .enumerate()
                .filter(|(_, category)| flag(category))
                .filter_map(|(position, _)| CategoryIndex::new(position))
                .fold(CategorySet::NECESSARY_ONLY, CategorySet::with)
        };
        check_uk_exception(&categories, &self.rules, self.controller.as_deref())?;
        let gpc_categories = marked(Category::is_sold_or_shared);
        let until_objected = marked(Category::is_allowed_until_objected);
        if gpc_categories.has_optional() && self.gpc_last_update.is_none() {
            tracing::warn!(
                "categories sell or share data but the policy has no gpc_last_update: \
                 /.well-known/gpc.json is served without `lastUpdate`"
            );
        }
        let regions = RegionRules::new(&self.regimes, self.other_regions)?;
        let offered = self
            .banner
            .offered_texts(self.languages.as_deref(), &self.language);
        let markup = match &self.gating {
            Some(gating) => {
                super::markup::MarkupConventions::resolve(gating.conventions(), &categories)?
            }
            None => super::markup::MarkupConventions::default(),
        };
        let page = PageSettings {
            markup,
            banner: self.banner,
            offered,
            gating: self.gating,
            consent_mode: self
                .consent_mode
                .map(|mode| mode.resolve(&categories))
                .transpose()?,
        };
        Ok(Policy {
            page,
            warned_markup: WarnedNames::default(),
            warned_urls: WarnedNames::default(),
            names,
            rules: self.rules,
            undeclared: self.undeclared,
            revision: self.revision,
            lifetime: self.lifetime,
            endpoint: self.endpoint,
            warned: WarnedNames::default(),
            consent_finder: memchr::memmem::Finder::new(consent_cookie.name.as_bytes())
                .into_owned(),
            legacy_finder: consent_cookie
                .legacy_name
                .as_ref()
                .map(|name| memchr::memmem::Finder::new(name.as_bytes()).into_owned()),
            consent_cookie,
            signing_keys,
            categories,
            language: self.language,
            gpc_categories,
            until_objected,
            gpc_last_update: self.gpc_last_update,
            regions,
            withdrawal: self.withdrawal,
            controller: self
                .controller
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty()),
        })
    }
}

/// The necessary category first, then the optional ones: valid, distinct ids, and not
/// more than a [`CategorySet`](super::CategorySet) holds.
fn checked_categories(
    necessary: Category,
    optional: Vec<Category>,
) -> Result<Vec<Category>, PolicyError> {
    let mut categories = Vec::with_capacity(optional.len() + 1);
    categories.push(necessary);
    for category in optional {
        if category.id == NECESSARY {
            return Err(PolicyError::NecessaryDeclared);
        }
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
    Ok(categories)
}

/// The UK's statistics exception (PECR Schedule A1) covers only a category used for
/// the site's own statistics or appearance: not one that sells or shares data, not
/// advertising, and none whose cookies' providers use the data for themselves. Each
/// category marked allowed until objected must show that in its declaration.
fn check_uk_exception(
    categories: &[Category],
    rules: &[CookieRule],
    controller: Option<&str>,
) -> Result<(), PolicyError> {
    for category in categories.iter().filter(|c| c.is_allowed_until_objected()) {
        let refuse = |reason: String| PolicyError::UkExceptionRefused {
            category: category.id.clone(),
            reason,
        };
        if category.is_sold_or_shared() {
            return Err(refuse(
                "it sells or shares data (Category::sells_or_shares)".to_owned(),
            ));
        }
        if category.id == "advertising" {
            return Err(refuse(
                "advertising is not the site's own statistics".to_owned(),
            ));
        }
        let own = |provider: &str| {
            provider.trim().is_empty()
                || controller.is_some_and(|name| name.trim().eq_ignore_ascii_case(provider.trim()))
        };
        if let Some(rule) = rules.iter().find(|rule| {
            rule.category() == category.id && !own(&rule.provider) && !rule.is_processor_only()
        }) {
            return Err(refuse(format!(
                "the cookie `{}` goes to {}, not declared as processing on the site's behalf \
                 only (CookieRule::processor_only)",
                rule.pattern(),
                rule.provider.trim()
            )));
        }
    }
    Ok(())
}

fn index_of(categories: &[Category], id: &str) -> Option<CategoryIndex> {
    categories
        .iter()
        .position(|category| category.id == id)
        .and_then(CategoryIndex::new)
}

/// The name the consent cookie had before it was `__Host-` prefixed by default.
const UNPREFIXED_NAME: &str = "cookie_consent";

/// The consent cookie: its name chosen, and checked to be one browsers will store with
/// its settings.
fn consent_cookie(settings: ConsentCookieSettings) -> Result<ConsentCookieConfig, PolicyError> {
    let can_be_host_prefixed = settings.secure && settings.domain.is_none();
    let (name, legacy_name) = match settings.name {
        Some(name) => (name, None),
        None if can_be_host_prefixed => (
            format!("__Host-{UNPREFIXED_NAME}"),
            Some(UNPREFIXED_NAME.to_owned()),
        ),
        None => (UNPREFIXED_NAME.to_owned(), None),
    };
    if !is_valid_cookie_name(&name) {
        return Err(PolicyError::InvalidCookieName { name });
    }
    // Browsers silently refuse prefixed cookies that break the prefix's rules, and match
    // the prefixes ignoring ASCII case.
    let host_prefix = has_prefix(&name, "__Host-");
    let broken = (host_prefix && settings.domain.is_some())
        || ((host_prefix || has_prefix(&name, "__Secure-")) && !settings.secure);
    if broken {
        return Err(PolicyError::CookiePrefixBroken { name });
    }
    if let Some(domain) = &settings.domain {
        check_domain(domain)?;
    }
    Ok(ConsentCookieConfig {
        name,
        secure: settings.secure,
        domain: settings.domain,
        legacy_name,
    })
}

/// Whether `name` starts with `prefix`, ignoring ASCII case, as browsers compare cookie
/// prefixes.
pub(crate) fn has_prefix(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn check_domain(domain: &str) -> Result<(), PolicyError> {
    match domain_problem(domain) {
        Some(problem) => Err(PolicyError::InvalidDomain {
            domain: domain.to_owned(),
            problem,
        }),
        None => Ok(()),
    }
}

/// Every declared location must be one a browser stores cookies at.
fn check_locations(rules: &[CookieRule]) -> Result<(), PolicyError> {
    for location in rules.iter().flat_map(CookieRule::locations) {
        if let Some(domain) = location.domain() {
            check_domain(domain)?;
        }
        if !is_valid_path(location.path()) {
            return Err(PolicyError::InvalidPath {
                path: location.path().to_owned(),
            });
        }
    }
    Ok(())
}

/// The name index: each rule's name valid, its category declared, no name or prefix
/// declared twice, and not the consent cookie's own.
fn name_index(
    rules: &[CookieRule],
    categories: &[Category],
    consent: &ConsentCookieConfig,
    undeclared: &UndeclaredCookies,
) -> Result<NameIndex, PolicyError> {
    let consent_cookie = consent.name.as_str();
    let mut exact: Vec<Entry> = Vec::new();
    let mut prefixes: Vec<Entry> = Vec::new();
    for (rule_index, rule) in rules.iter().enumerate() {
        let pattern = rule.pattern();
        let text = pattern.text();
        if !is_valid_cookie_name(text) {
            return Err(PolicyError::InvalidCookieName {
                name: pattern.to_string(),
            });
        }
        let category =
            index_of(categories, rule.category()).ok_or_else(|| PolicyError::UnknownCategory {
                used_by: pattern.to_string(),
                category: rule.category().to_owned(),
            })?;
        let list = match pattern {
            NamePattern::Exact(_)
                if text == consent_cookie || consent.legacy_name.as_deref() == Some(text) =>
            {
                return Err(PolicyError::ConsentCookieDeclared {
                    name: text.to_owned(),
                });
            }
            NamePattern::Prefix(_) => &mut prefixes,
            _ => &mut exact,
        };
        if list.iter().any(|known| *known.text == *text.as_bytes()) {
            return Err(PolicyError::DuplicateCookie {
                name: pattern.to_string(),
            });
        }
        list.push(Entry {
            text: text.as_bytes().into(),
            rule: rule_index,
            category,
        });
    }
    let undeclared = match undeclared {
        UndeclaredCookies::Block => Undeclared::Block,
        UndeclaredCookies::Allow => Undeclared::Allow,
        UndeclaredCookies::Category(id) => {
            Undeclared::Category(index_of(categories, id).ok_or_else(|| {
                PolicyError::UnknownCategory {
                    used_by: "UndeclaredCookies::Category".to_owned(),
                    category: id.clone(),
                }
            })?)
        }
    };
    Ok(NameIndex::new(
        consent_cookie,
        consent.legacy_name.as_deref(),
        exact,
        prefixes,
        undeclared,
    ))
}

fn check_endpoint(endpoint: &str) -> Result<(), PolicyError> {
    let valid = endpoint.len() > 1
        && endpoint.starts_with('/')
        && !endpoint.ends_with('/')
        && endpoint
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte));
    if valid {
        Ok(())
    } else {
        Err(PolicyError::InvalidEndpoint {
            path: endpoint.to_owned(),
        })
    }
}

fn check_lifetime(lifetime: Duration) -> Result<(), PolicyError> {
    if lifetime.is_zero() {
        return Err(PolicyError::ZeroLifetime);
    }
    if lifetime > Duration::from_secs(MAX_CONSENT_LIFETIME_DAYS * DAY) {
        return Err(PolicyError::LifetimeTooLong {
            days: lifetime.as_secs() / DAY,
        });
    }
    Ok(())
}

/// Warns about every cookie declared to last longer than 13 months: the CNIL's
/// guideline for consent-based cookies, and longer than browsers keep cookies anyway
/// (400 days). A warning, not an error: the declaration says what the cookie does, and
/// a site may need to tell the truth about a third party's longer one.
fn warn_long_durations(rules: &[CookieRule]) {
    for rule in rules {
        if let Some(days) = duration_in_days(&rule.duration)
            && days > THIRTEEN_MONTHS_IN_DAYS
        {
            tracing::warn!(
                cookie = %rule.pattern(),
                duration = rule.duration,
                "the cookie is declared to last longer than 13 months, the CNIL's limit for \
                 cookies set with consent (browsers keep none longer than 400 days)"
            );
        }
    }
}

/// 13 months of 31 days, so that "13 months" itself passes.
const THIRTEEN_MONTHS_IN_DAYS: u64 = 13 * 31;

/// The days a declared duration such as "2 years", "13 months", "1 hour" or "90 days"
/// stands for: a number and an English unit, or `None` ("session", free text).
/// `YYYY-MM-DD` with a month from 1 to 12 and a day from 1 to 31.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u8 = text[5..7].parse().unwrap_or(0);
    let day: u8 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

pub(crate) fn duration_in_days(duration: &str) -> Option<u64> {
    let mut words = duration.split_whitespace();
    let number: u64 = words.next()?.parse().ok()?;
    let unit = words.next()?.to_ascii_lowercase();
    let unit = unit.trim_end_matches(['s', '.', ',']);
    let days = match unit {
        "year" | "yr" => number.saturating_mul(365),
        "month" | "mo" => number.saturating_mul(30),
        "week" | "wk" => number.saturating_mul(7),
        "day" => number,
        "hour" | "hr" | "minute" | "min" | "second" | "sec" => 0,
        _ => return None,
    };
    Some(days)
}

fn signing_keys(keys: &[Vec<u8>]) -> Result<Vec<SigningKey>, PolicyError> {
    keys.iter()
        .enumerate()
        .map(|(position, key)| SigningKey::new(key).ok_or(PolicyError::WeakKey { position }))
        .collect()
}

/// A policy as a configuration file writes it; every field may be left out.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PolicyConfig {
    necessary: Option<CategoryTexts>,
    categories: Vec<Category>,
    cookies: Vec<CookieRule>,
    undeclared: UndeclaredCookies,
    revision: u32,
    consent_lifetime_days: u64,
    consent_cookie: ConsentCookieFile,
    endpoint: String,
    gating: Option<Gating>,
    consent_mode: Option<ConsentMode>,
    language: String,
    languages: Option<Vec<String>>,
    banner: Banner,
    gpc_last_update: Option<String>,
    regions: Option<RegionsFile>,
    controller: Option<String>,
    withdrawal: Withdrawal,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryTexts {
    label: String,
    #[serde(alias = "description")]
    purpose: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ConsentCookieFile {
    name: Option<String>,
    secure: bool,
    domain: Option<String>,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        let defaults = PolicyBuilder::default();
        Self {
            necessary: None,
            categories: Vec::new(),
            cookies: Vec::new(),
            undeclared: defaults.undeclared,
            revision: defaults.revision,
            consent_lifetime_days: defaults.lifetime.as_secs() / DAY,
            consent_cookie: ConsentCookieFile::default(),
            endpoint: defaults.endpoint,
            gating: None,
            consent_mode: None,
            language: defaults.language,
            languages: None,
            banner: Banner::default(),
            gpc_last_update: None,
            regions: None,
            controller: None,
            withdrawal: Withdrawal::default(),
        }
    }
}

impl Default for ConsentCookieFile {
    fn default() -> Self {
        let ConsentCookieSettings {
            name,
            secure,
            domain,
        } = PolicyBuilder::default().consent_cookie;
        Self {
            name,
            secure,
            domain,
        }
    }
}

impl From<PolicyConfig> for PolicyBuilder {
    fn from(config: PolicyConfig) -> Self {
        let mut builder = PolicyBuilder::default();
        if let Some(necessary) = config.necessary {
            builder = builder.necessary(necessary.label, necessary.purpose);
        }
        builder.categories = config.categories;
        builder.rules = config.cookies;
        builder.undeclared = config.undeclared;
        builder.revision = config.revision;
        // Saturating: an absurd number of days is refused by `build` as too long.
        builder.lifetime = Duration::from_secs(config.consent_lifetime_days.saturating_mul(DAY));
        builder.consent_cookie = ConsentCookieSettings {
            name: config.consent_cookie.name,
            secure: config.consent_cookie.secure,
            domain: config.consent_cookie.domain,
        };
        builder.endpoint = config.endpoint;
        builder.gating = config.gating;
        builder.consent_mode = config.consent_mode;
        builder.language = config.language;
        builder.languages = config.languages;
        builder.banner = config.banner;
        builder.gpc_last_update = config.gpc_last_update;
        builder.controller = config.controller;
        builder.withdrawal = config.withdrawal;
        if let Some(regions) = config.regions {
            if regions.suggested {
                builder = builder.suggested_regimes();
            }
            for (regime, codes) in [
                (Regime::Consent, regions.consent),
                (Regime::ConsentUk, regions.consent_uk),
                (Regime::OptOut, regions.opt_out),
                (Regime::None, regions.none),
            ] {
                if !codes.is_empty() {
                    builder = builder.regime(regime, codes);
                }
            }
            builder.other_regions = regions.other;
        }
        builder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(necessary_again.unwrap_err(), PolicyError::NecessaryDeclared);
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
        assert_eq!(
            shadowing_consent.unwrap_err(),
            PolicyError::ConsentCookieDeclared {
                name: "cookie_consent".into()
            }
        );
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
        assert_eq!(
            Policy::builder()
                .consent_lifetime(Duration::from_secs(401 * DAY))
                .build()
                .unwrap_err(),
            PolicyError::LifetimeTooLong { days: 401 }
        );
        assert!(
            Policy::builder()
                .consent_lifetime(Duration::from_secs(400 * DAY))
                .build()
                .is_ok()
        );
        let many = (0..64).fold(Policy::builder(), |builder, n| {
            builder.category(Category::new(format!("c{n}"), "", ""))
        });
        assert_eq!(
            many.build().unwrap_err(),
            PolicyError::TooManyCategories { count: 65 }
        );
    }

    #[test]
    fn domains_and_paths_are_checked_where_they_are_declared() {
        let rule_domain = |domain: &str| {
            Policy::builder()
                .cookie(CookieRule::new("a", NECESSARY).domain(domain))
                .build()
        };
        assert_eq!(
            rule_domain("https://example.com").unwrap_err(),
            PolicyError::InvalidDomain {
                domain: "https://example.com".into(),
                problem: "has a scheme"
            }
        );
        assert_eq!(
            rule_domain("co.uk").unwrap_err().to_string(),
            "the cookie Domain `co.uk` is a public suffix; browsers would ignore or refuse it \
             (write a bare host name such as `example.com`)"
        );
        assert!(rule_domain("shop.example.co.uk").is_ok());
        assert_eq!(
            Policy::builder()
                .consent_cookie_domain("example.com:8443")
                .build()
                .unwrap_err(),
            PolicyError::InvalidDomain {
                domain: "example.com:8443".into(),
                problem: "has a port"
            }
        );
        assert_eq!(
            Policy::builder()
                .cookie(CookieRule::new("a", NECESSARY).location(None, "app"))
                .build()
                .unwrap_err(),
            PolicyError::InvalidPath { path: "app".into() }
        );
        assert_eq!(
            Policy::builder()
                .consent_cookie_name("__host-consent")
                .consent_cookie_secure(false)
                .build()
                .unwrap_err(),
            PolicyError::CookiePrefixBroken {
                name: "__host-consent".into()
            }
        );
    }
}
