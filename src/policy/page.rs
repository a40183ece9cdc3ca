//! The page the site declares: gating of marked scripts and embeds (with the attributes
//! it reads, for sanitizers), Google Consent Mode's mapping and the state it gives a
//! visitor, and (with `banner.rs`) what every page settings are gathered in. Plain data, checked against the policy's categories at build; what rewrites
//! pages with it sits above (`gating`, `html`).

use std::collections::BTreeMap;

use super::{CategorySet, Policy, PolicyError};

/// Server-side gating of the elements marked with `data-consent` (or `data-category`):
/// see "Gating scripts and embeds" in the [crate docs](crate). Off unless the policy has one
/// ([`PolicyBuilder::gating`](crate::PolicyBuilder::gating), or a `[gating]` table in a
/// configuration file).
///
/// ```
/// use tower_cookie_consent::{Category, Gating, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::advertising())
///     .gating(Gating::new().placeholder("This video shows once you allow advertising cookies."))
///     .build()?;
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[must_use]
pub struct Gating {
    strict: bool,
    repair: bool,
    automatic: bool,
    placeholder: Option<String>,
    placeholder_link: String,
    click_to_load: bool,
    /// Hosts an activated URL may name (`None`: any host of an http(s) URL). Shared, so
    /// that each page's gate holds it without a copy.
    #[serde(deserialize_with = "shared_hosts")]
    allow_hosts: Option<std::sync::Arc<[String]>>,
    /// Other consent managers' conventions read (see `markup.rs`).
    cookieconsent: bool,
    cookiebot: bool,
    onetrust: bool,
    /// OneTrust groups given a category by the operator (`C0005` -> `social`).
    onetrust_groups: BTreeMap<String, String>,
    /// klaro's services, each with its category (klaro is read when there is one).
    klaro_services: BTreeMap<String, String>,
    /// Names in markup that stand for a category (`statistics` -> `performance`).
    category_aliases: BTreeMap<String, String>,
}

impl Default for Gating {
    fn default() -> Self {
        Self {
            strict: false,
            repair: false,
            automatic: false,
            placeholder: None,
            placeholder_link: "Cookie settings".to_owned(),
            click_to_load: false,
            allow_hosts: None,
            cookieconsent: false,
            cookiebot: false,
            onetrust: false,
            onetrust_groups: BTreeMap::new(),
            klaro_services: BTreeMap::new(),
            category_aliases: BTreeMap::new(),
        }
    }
}

impl Gating {
    /// Gating on: marked elements of granted categories are activated, the others stay
    /// as written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Strict mode: an element of a category not granted is blanked whole (start tag,
    /// content and end tag become spaces) instead of staying inert in the page. Like the
    /// safety net, it makes every page of every visitor a whole read (README,
    /// "Performance").
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The safety net (off by default): a marked element written live by mistake (a
    /// marked `<script>` without `type="text/plain"`, a live `src` on a marked iframe)
    /// is made inert on the way for a visitor who has not granted its category, which
    /// means reading the whole page for every visitor (on a 270 KB page, about ten times
    /// what serving it costs: README, "Performance"). Off, a page with nothing to
    /// activate for the visitor (one who refused every optional category, or a first
    /// visit) is read only up to the head insert and the banner, and the rest passes
    /// through untouched: marked elements must then be written inert, as the crate docs
    /// show, and a page that gets them wrong runs them. Turn it on while a site moves
    /// its markup over, or where pages are written by many hands.
    ///
    /// In a configuration file: `repair = true` in `[gating]`.
    pub fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }

    /// Automatic gating (off by default): known trackers the page does not mark (from
    /// the crate's table of tracker hosts and inline snippets, each with the category
    /// it needs: `performance`, `advertising` or `functionality`) are treated as if
    /// marked with that category. The HTML pass makes them inert, by the same
    /// length-preserving rewrites, for a visitor who has not granted it; and on every
    /// response, HTML or not, a `Link` header's `preconnect`, `dns-prefetch`,
    /// `preload`, `prefetch` or `modulepreload` link to a tracker's host is dropped for
    /// such a visitor (the field's other links stay, in order, byte for byte; a link
    /// that cannot be parsed is dropped unless the visitor granted every category).
    /// A response whose links depended on the choice varies on `Cookie`. A policy
    /// without the tracker's category can grant it to no one: it stays inert.
    ///
    /// What it costs: every HTML page of every visitor is read whole (the tracker stage
    /// looks at each script, iframe, image, link and `<noscript>`), where a visitor with
    /// nothing to activate would otherwise have the page read only up to the banner:
    /// README, "Performance", gives the figures. A tracker whose URL is spelled with
    /// character references (`&#104;ttps:`) is not recognized: automatic gating is a
    /// convenience for pasted snippets, not a barrier against a page's own author.
    ///
    /// The table is a starting point, not a verdict: mark an element yourself to give
    /// it another category; the discovery snapshot
    /// ([`ConsentLayer::discover_cookies`](crate::ConsentLayer::discover_cookies))
    /// lists what was found where.
    ///
    /// In a configuration file: `automatic = true` in `[gating]`.
    ///
    /// ```
    /// use tower_cookie_consent::Gating;
    ///
    /// let gating = Gating::new().automatic(true);
    /// ```
    pub fn automatic(mut self, automatic: bool) -> Self {
        self.automatic = automatic;
        self
    }

    /// Whether known unmarked trackers are gated ([`Gating::automatic`]).
    pub fn is_automatic(&self) -> bool {
        self.automatic
    }

    /// The text shown after an inert iframe, with a link to the preferences page (the
    /// same note for every iframe and language; [`Gating::click_to_load`] gives each
    /// iframe its own, translated, with a button that shows it). HTML
    /// pages then lose their `Content-Length` (sent chunked, or closed at the end): the
    /// placeholders add bytes that no header can foresee, since whether a page holds an
    /// inert iframe is known only once it has streamed.
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }

    /// Click-to-load embeds (off by default): after each inert iframe, a placeholder
    /// in the visitor's language, sized from the iframe's own `width` and `height`
    /// (digits only; no `style=` attribute, so a strict CSP holds), naming the
    /// embed's provider when the layer knows its host, the category it needs and that
    /// category's declared cookies, with one button: a plain form post (no JavaScript)
    /// to the endpoint with `action=placeholder` and the category, which grants that
    /// one category on top of the visitor's choice and returns to the embed (the
    /// placeholder's anchor, `#cookie-consent-embed-{n}`). The receipt records the
    /// method `placeholder`. A visitor who had not chosen has then chosen: the category
    /// granted, every other optional one as their regime had it before a choice
    /// (refused under `consent`), so the banner is gone on the page they return to.
    /// Texts: [`PlaceholderTexts`](crate::PlaceholderTexts), bundled in every
    /// language. With it on, [`Gating::placeholder`]'s note is not shown; pages lose
    /// their `Content-Length` as with that note.
    ///
    /// In a configuration file: `click_to_load = true` in `[gating]`.
    pub fn click_to_load(mut self, on: bool) -> Self {
        self.click_to_load = on;
        self
    }

    /// Whether click-to-load placeholders are on ([`Gating::click_to_load`]).
    pub(crate) fn has_click_to_load(&self) -> bool {
        self.click_to_load
    }

    /// The text of the placeholder's link to the preferences page ("Cookie settings").
    pub fn placeholder_link(mut self, text: impl Into<String>) -> Self {
        self.placeholder_link = text.into();
        self
    }

    /// Limits activation to URLs on these hosts and relative URLs: a marked element
    /// whose `data-src`, `data-srcset`, `data-href` (or a script's `src`) names another
    /// host stays inert, with a warning once per page path. Hosts match exactly, ASCII
    /// case ignored (`www.youtube-nocookie.com` does not allow `youtube-nocookie.com`):
    /// list each one. Without this, any `http:`/`https:` URL may be activated (never
    /// another scheme: see "User content and sanitizers" in the [crate docs](crate)).
    ///
    /// In a configuration file: `allow_hosts = ["www.youtube-nocookie.com"]` in
    /// `[gating]`.
    ///
    /// ```
    /// use tower_cookie_consent::Gating;
    ///
    /// let gating = Gating::new().allow_hosts(["www.youtube-nocookie.com", "player.vimeo.com"]);
    /// ```
    pub fn allow_hosts<H: Into<String>>(mut self, hosts: impl IntoIterator<Item = H>) -> Self {
        self.allow_hosts = Some(hosts.into_iter().map(Into::into).collect());
        self
    }

    /// Reads cookieconsent's markup (orestbida/cookieconsent): `data-category` matched
    /// ASCII-case-insensitively and through the category aliases, and its
    /// `data-category="!analytics"` form, for an element that runs only while the
    /// category is *not* granted. (`data-service` is kept as written.) Off by default:
    /// the crate's own `data-category` still matches category ids exactly.
    ///
    /// In a configuration file: `cookieconsent = true` in `[gating]`.
    pub fn cookieconsent(mut self, on: bool) -> Self {
        self.cookieconsent = on;
        self
    }

    /// Reads Cookiebot's markup: `data-cookieconsent="statistics, marketing"` (every
    /// category listed must be granted) on scripts and embeds, and
    /// `data-cookieblock-src` as the URL of an embed to activate.
    ///
    /// In a configuration file: `cookiebot = true` in `[gating]`.
    pub fn cookiebot(mut self, on: bool) -> Self {
        self.cookiebot = on;
        self
    }

    /// Reads OneTrust's markup: the class `optanon-category-C0002` (or
    /// `optanon-category-C0002-C0004`: every group listed must be granted) on scripts
    /// and embeds. Groups `C0001` to `C0005` mean `necessary`, `performance`,
    /// `functionality`, `advertising` (targeting) and `advertising` (social media),
    /// for the categories the policy declares; [`Gating::onetrust_group`] changes one
    /// or adds another.
    ///
    /// A class is not an attribute a sanitizer's attribute list can strip: on a site
    /// that shows what visitors write, turn this on only if the sanitizer removes
    /// classes starting with `optanon-category-` ([`CONSENT_MARKUP_CLASS_PREFIXES`]).
    ///
    /// In a configuration file: `onetrust = true` in `[gating]`.
    pub fn onetrust(mut self, on: bool) -> Self {
        self.onetrust = on;
        self
    }

    /// Gives the OneTrust group `group` (`C0005`, a custom group's id) the category
    /// `category` (read with [`Gating::onetrust`] on).
    ///
    /// In a configuration file: `onetrust_groups = { C0005 = "social" }` in `[gating]`.
    pub fn onetrust_group(mut self, group: impl Into<String>, category: impl Into<String>) -> Self {
        self.onetrust_groups.insert(group.into(), category.into());
        self
    }

    /// Reads klaro's markup, `data-name="google-analytics"`, for this service: its
    /// elements need `category`. klaro's markup is read once a service is given; names
    /// match ASCII-case-insensitively, and a service not given stays inert.
    ///
    /// In a configuration file: `klaro_services = { google-analytics = "performance" }`
    /// in `[gating]`.
    pub fn klaro_service(
        mut self,
        service: impl Into<String>,
        category: impl Into<String>,
    ) -> Self {
        self.klaro_services.insert(service.into(), category.into());
        self
    }

    /// A name that stands for `category` in marked markup (`statistics` for
    /// `performance`), matched ASCII-case-insensitively. With any other consent
    /// manager's convention on, these stand for the built-in categories the policy
    /// declares unless given otherwise: `statistics`, `analytics` and `measurement` for
    /// `performance`; `marketing`, `targeting`, `ads` and `advertisement` for
    /// `advertising`; `preferences`, `functional` and `personalization` for
    /// `functionality`.
    ///
    /// In a configuration file: `category_aliases = { statistics = "performance" }` in
    /// `[gating]`.
    pub fn category_alias(mut self, name: impl Into<String>, category: impl Into<String>) -> Self {
        self.category_aliases.insert(name.into(), category.into());
        self
    }

    /// The conventions on, and the operator's maps (for `markup.rs`).
    pub(crate) fn conventions(&self) -> super::markup::ConventionSettings<'_> {
        super::markup::ConventionSettings {
            cookieconsent: self.cookieconsent,
            cookiebot: self.cookiebot,
            onetrust: self.onetrust,
            onetrust_groups: &self.onetrust_groups,
            klaro_services: &self.klaro_services,
            category_aliases: &self.category_aliases,
        }
    }

    pub(crate) fn allowed_hosts(&self) -> Option<std::sync::Arc<[String]>> {
        self.allow_hosts.clone()
    }

    pub(crate) fn is_strict(&self) -> bool {
        self.strict
    }

    pub(crate) fn repairs(&self) -> bool {
        self.repair
    }

    /// The placeholder's text and its link's text, when there is a placeholder (the
    /// banner renders them).
    pub(crate) fn placeholder_texts(&self) -> Option<(&str, &str)> {
        Some((self.placeholder.as_deref()?, &self.placeholder_link))
    }
}

/// Every attribute the layer reads in a page's markup, which a sanitizer must strip
/// from user content (lowercase; browsers match attribute names ASCII-case-insensitively,
/// so compare them that way): see "User content and sanitizers" in the
/// [crate docs](crate).
pub const CONSENT_MARKUP_ATTRIBUTES: &[&str] = &[
    "data-consent",
    "data-category",
    "data-src",
    "data-srcset",
    "data-href",
    "data-type",
    "data-poster",
    "data-data",
    // Other consent managers' conventions (read only when the policy turns them on).
    "data-cookieconsent",
    "data-cookieblock-src",
    "data-name",
];

/// The beginnings of class names the layer reads in a page's markup (OneTrust's
/// `optanon-category-C0002`, with [`Gating::onetrust`] on), which a sanitizer must
/// strip from user content's `class` attributes: an attribute list cannot (see "User
/// content and sanitizers" in the [crate docs](crate)). Compare ASCII-case-insensitively.
pub const CONSENT_MARKUP_CLASS_PREFIXES: &[&str] = &["optanon-category-"];

/// `allow_hosts = [...]` of a configuration file, into the shared list.
fn shared_hosts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<std::sync::Arc<[String]>>, D::Error> {
    use serde::Deserialize as _;
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.map(Into::into))
}

/// The seven consent types of Google Consent Mode v2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsentType {
    /// `ad_storage`
    AdStorage,
    /// `ad_user_data`
    AdUserData,
    /// `ad_personalization`
    AdPersonalization,
    /// `analytics_storage`
    AnalyticsStorage,
    /// `functionality_storage`
    FunctionalityStorage,
    /// `personalization_storage`
    PersonalizationStorage,
    /// `security_storage`
    SecurityStorage,
}

impl ConsentType {
    /// All seven, in the order the snippet lists them.
    pub const ALL: [Self; 7] = [
        Self::AdStorage,
        Self::AdUserData,
        Self::AdPersonalization,
        Self::AnalyticsStorage,
        Self::FunctionalityStorage,
        Self::PersonalizationStorage,
        Self::SecurityStorage,
    ];

    /// The name gtag.js uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdStorage => "ad_storage",
            Self::AdUserData => "ad_user_data",
            Self::AdPersonalization => "ad_personalization",
            Self::AnalyticsStorage => "analytics_storage",
            Self::FunctionalityStorage => "functionality_storage",
            Self::PersonalizationStorage => "personalization_storage",
            Self::SecurityStorage => "security_storage",
        }
    }
}

/// Google Consent Mode v2 from the server's state: the layer puts
/// `gtag('consent','default',{…})` with the visitor's choice as the first child of
/// `<head>` of every HTML document (not of fragments fetched by scripts or htmx). Off
/// unless the policy has one ([`PolicyBuilder::consent_mode`](crate::PolicyBuilder::consent_mode),
/// or a `[consent_mode]` table in a configuration file).
///
/// The default mapping, for the categories the policy declares: `performance` →
/// `analytics_storage`; `advertising` → `ad_storage`, `ad_user_data`,
/// `ad_personalization`; `functionality` → `functionality_storage`,
/// `personalization_storage`; `necessary` → `security_storage` (always granted).
/// [`ConsentMode::map`] replaces one category's entry. A type is granted when every
/// category mapped to it is granted, and denied when none is mapped to it.
///
/// ```
/// use tower_cookie_consent::{Category, ConsentMode, ConsentType, Policy};
///
/// let policy = Policy::builder()
///     .category(Category::performance())
///     .category(Category::advertising())
///     .consent_mode(
///         ConsentMode::new()
///             .map("advertising", [ConsentType::AdStorage, ConsentType::AdUserData])
///             .region(["ES", "US-CA"])
///             .ads_data_redaction(true),
///     )
///     .build()?;
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[must_use]
pub struct ConsentMode {
    /// Entries replacing the default mapping's, by category id.
    categories: BTreeMap<String, Vec<ConsentType>>,
    region: Vec<String>,
    ads_data_redaction: bool,
    url_passthrough: bool,
}

impl ConsentMode {
    /// Consent Mode with the default mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps the category `category` to `types` (replacing its default entry; no types
    /// removes it).
    pub fn map(
        mut self,
        category: impl Into<String>,
        types: impl IntoIterator<Item = ConsentType>,
    ) -> Self {
        self.categories
            .insert(category.into(), types.into_iter().collect());
        self
    }

    /// The `region` of the default (ISO 3166-1 alpha-2 codes, with an optional
    /// ISO 3166-2 subdivision: `ES`, `US-CA`): the default applies there only.
    pub fn region<R: Into<String>>(mut self, regions: impl IntoIterator<Item = R>) -> Self {
        self.region = regions.into_iter().map(Into::into).collect();
        self
    }

    /// `gtag('set', 'ads_data_redaction', true)`: ad click identifiers are redacted
    /// while `ad_storage` is denied.
    pub fn ads_data_redaction(mut self, on: bool) -> Self {
        self.ads_data_redaction = on;
        self
    }

    /// `gtag('set', 'url_passthrough', true)`: ad click information passes in URLs while
    /// storage is denied.
    pub fn url_passthrough(mut self, on: bool) -> Self {
        self.url_passthrough = on;
        self
    }

    /// Checked against the policy's categories: the mapping by type.
    pub(crate) fn resolve(
        &self,
        policy_categories: &[super::Category],
    ) -> Result<ResolvedConsentMode, PolicyError> {
        let index_of = |id: &str| {
            policy_categories
                .iter()
                .position(|category| category.id() == id)
        };
        let defaults: [(&str, &[ConsentType]); 4] = [
            (super::NECESSARY, &[ConsentType::SecurityStorage]),
            ("performance", &[ConsentType::AnalyticsStorage]),
            (
                "advertising",
                &[
                    ConsentType::AdStorage,
                    ConsentType::AdUserData,
                    ConsentType::AdPersonalization,
                ],
            ),
            (
                "functionality",
                &[
                    ConsentType::FunctionalityStorage,
                    ConsentType::PersonalizationStorage,
                ],
            ),
        ];
        let mut mapping: Vec<(usize, Vec<ConsentType>)> = Vec::new();
        for (id, types) in defaults {
            if self.categories.contains_key(id) {
                continue;
            }
            if let Some(index) = index_of(id) {
                mapping.push((index, types.to_vec()));
            }
        }
        for (id, types) in &self.categories {
            let index = index_of(id).ok_or_else(|| PolicyError::UnknownCategory {
                used_by: "consent_mode".to_owned(),
                category: id.clone(),
            })?;
            mapping.push((index, types.clone()));
        }
        let mut types = [0u64; 7];
        for (index, mapped) in mapping {
            for consent_type in mapped {
                let slot = ConsentType::ALL
                    .iter()
                    .position(|known| *known == consent_type)
                    .unwrap_or(0);
                types[slot] |= 1 << index;
            }
        }
        for region in &self.region {
            let valid = (2..=6).contains(&region.len())
                && region
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
            if !valid {
                return Err(PolicyError::InvalidRegion {
                    region: region.clone(),
                });
            }
        }
        Ok(ResolvedConsentMode {
            types,
            region: self.region.clone(),
            ads_data_redaction: self.ads_data_redaction,
            url_passthrough: self.url_passthrough,
        })
    }
}

/// Consent Mode checked against the policy: for each type, the categories mapped to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedConsentMode {
    types: [u64; 7],
    region: Vec<String>,
    ads_data_redaction: bool,
    url_passthrough: bool,
}

impl ResolvedConsentMode {
    pub(crate) fn state(&self, granted: CategorySet) -> ConsentModeState {
        let bits = granted.bits();
        let value = |slot: usize| {
            let mapped = self.types[slot];
            if mapped != 0 && mapped & bits == mapped {
                "granted"
            } else {
                "denied"
            }
        };
        ConsentModeState {
            ad_storage: value(0),
            ad_user_data: value(1),
            ad_personalization: value(2),
            analytics_storage: value(3),
            functionality_storage: value(4),
            personalization_storage: value(5),
            security_storage: value(6),
            region: self.region.clone(),
            ads_data_redaction: self.ads_data_redaction,
            url_passthrough: self.url_passthrough,
        }
    }
}

/// The Consent Mode state of one visitor, as the layer writes it into pages: serialized
/// (with serde, to JSON say) it is the object of `gtag('consent', 'default', …)`, for
/// templates that render their own tag. From [`Consent::consent_mode`](crate::Consent::consent_mode).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsentModeState {
    /// `"granted"` or `"denied"`.
    pub ad_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub ad_user_data: &'static str,
    /// `"granted"` or `"denied"`.
    pub ad_personalization: &'static str,
    /// `"granted"` or `"denied"`.
    pub analytics_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub functionality_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub personalization_storage: &'static str,
    /// `"granted"` or `"denied"`.
    pub security_storage: &'static str,
    /// The regions the default applies to (all when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub region: Vec<String>,
    /// Whether `ads_data_redaction` is set (not part of the consent object).
    #[serde(skip)]
    pub ads_data_redaction: bool,
    /// Whether `url_passthrough` is set (not part of the consent object).
    #[serde(skip)]
    pub url_passthrough: bool,
}

impl ConsentModeState {
    /// The script text the layer injects: the `dataLayer`/`gtag` shim, the consent
    /// default, and the `set` commands that are on (for a visitor who granted nothing:
    /// `window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}`
    /// `gtag('consent','default',{"ad_storage":"denied",…,"security_storage":"granted"});`).
    pub fn script(&self) -> String {
        let mut script = String::from(
            "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('consent','default',",
        );
        // Strings from a fixed set and checked region codes: nothing to escape.
        script.push_str(&serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned()));
        script.push_str(");");
        if self.ads_data_redaction {
            script.push_str("gtag('set','ads_data_redaction',true);");
        }
        if self.url_passthrough {
            script.push_str("gtag('set','url_passthrough',true);");
        }
        script
    }
}

/// What the site declares for its pages, checked at build: the banner, the languages
/// offered (resolved to their texts), gating and Consent Mode.
#[derive(Clone, Debug)]
pub(crate) struct PageSettings {
    pub(crate) banner: super::Banner,
    /// The texts of every language offered, in order (at least one).
    pub(crate) offered: Vec<super::BannerTexts>,
    pub(crate) gating: Option<Gating>,
    pub(crate) consent_mode: Option<ResolvedConsentMode>,
    /// Other consent managers' conventions, checked against the categories.
    pub(crate) markup: super::markup::MarkupConventions,
}

impl Policy {
    /// The Consent Mode state for a visitor who granted these category ids (and
    /// `necessary`); `None` when Consent Mode is off. (Templates read a request's state
    /// from [`Consent::consent_mode`](crate::Consent::consent_mode).)
    #[cfg_attr(not(any(test, feature = "__internals")), allow(dead_code))]
    pub(crate) fn consent_mode_state_for(&self, granted: &[&str]) -> Option<ConsentModeState> {
        let set = granted
            .iter()
            .filter_map(|id| self.category_index(id.as_bytes()))
            .fold(CategorySet::NECESSARY_ONLY, CategorySet::with);
        Some(self.page_settings().consent_mode.as_ref()?.state(set))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Category, Policy};
    use super::ConsentMode;

    #[test]
    fn the_script_for_a_visitor_who_granted_nothing() {
        let policy = Policy::builder()
            .category(Category::performance())
            .consent_mode(ConsentMode::new())
            .build()
            .unwrap();
        assert_eq!(
            policy.consent_mode_state_for(&[]).unwrap().script(),
            "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}\
             gtag('consent','default',{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\",\
             \"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\",\
             \"functionality_storage\":\"denied\",\"personalization_storage\":\"denied\",\
             \"security_storage\":\"granted\"});"
        );
    }
}
