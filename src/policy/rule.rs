//! Declared cookies: name patterns, the locations a cookie may live at, and what
//! visitors are told about it.

use std::fmt;

/// How a [`CookieRule`] matches cookie names.
///
/// ```
/// use tower_cookie_consent::NamePattern;
///
/// assert_eq!(NamePattern::from("_hj*"), NamePattern::Prefix("_hj".into()));
/// assert_eq!(NamePattern::from("_ga"), NamePattern::Exact("_ga".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NamePattern {
    /// The name must be exactly this (names are case-sensitive, as in browsers).
    Exact(String),
    /// The name must start with this, as `_hj` for Hotjar's `_hj*` cookies.
    Prefix(String),
}

impl From<&str> for NamePattern {
    /// `"_hj*"` is a prefix pattern; anything without a trailing `*` is an exact name.
    fn from(pattern: &str) -> Self {
        match pattern.strip_suffix('*') {
            Some(prefix) => Self::Prefix(prefix.to_owned()),
            None => Self::Exact(pattern.to_owned()),
        }
    }
}

impl NamePattern {
    /// Whether `name` matches this pattern.
    pub fn matches(&self, name: &[u8]) -> bool {
        match self {
            Self::Exact(exact) => exact.as_bytes() == name,
            Self::Prefix(prefix) => name.starts_with(prefix.as_bytes()),
        }
    }

    /// The name, or the prefix without its `*`.
    pub(crate) fn text(&self) -> &str {
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CookieLocation {
    #[serde(default)]
    domain: Option<String>,
    #[serde(default = "root_path")]
    path: String,
}

fn root_path() -> String {
    "/".to_owned()
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
}

/// One declared cookie (or family of cookies, with a `*` prefix pattern), the category it
/// belongs to and what visitors are told about it.
///
/// The texts shown to visitors are plain fields (set in a chain by the methods of the
/// same name); the name, category and locations are checked when the policy is built,
/// so they are set through methods and read through getters.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::CookieRule;
///
/// let rule = CookieRule::new("_ga", "performance")
///     .purpose("Distinguishes visitors for Google Analytics.")
///     .translation("fr", "Distingue les visiteurs pour Google Analytics.")
///     .duration("2 years")
///     .provider("Google")
///     .domain("example.com");
/// assert_eq!(rule.category(), "performance");
/// assert_eq!(rule.duration, "2 years");
/// assert_eq!(rule.purpose_in("fr-CA"), "Distingue les visiteurs pour Google Analytics.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(from = "RuleConfig")]
#[non_exhaustive]
pub struct CookieRule {
    pattern: NamePattern,
    category: String,
    /// What the cookie is for, shown to visitors (in the policy's language).
    pub purpose: String,
    /// (language, purpose), in the order given.
    purposes: Vec<(String, String)>,
    /// How long the cookie lives, as text shown to visitors ("1 hour", "Session").
    pub duration: String,
    /// Who sets or reads the cookie ("Google", "Hotjar", or the site itself).
    pub provider: String,
    locations: Vec<CookieLocation>,
    /// The provider processes the data on the site's behalf only.
    processor_only: bool,
}

impl CookieRule {
    /// A rule for the cookie `name` in the category with id `category`. A name ending in
    /// `*` (such as `_hj*`) matches every cookie starting with the text before the `*`.
    pub fn new(name: &str, category: impl Into<String>) -> Self {
        Self {
            pattern: NamePattern::from(name),
            category: category.into(),
            purpose: String::new(),
            purposes: Vec::new(),
            duration: String::new(),
            provider: String::new(),
            locations: Vec::new(),
            processor_only: false,
        }
    }

    /// What the cookie is for, shown to visitors.
    #[must_use]
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = purpose.into();
        self
    }

    /// What the cookie is for, in `lang` (a BCP 47 tag), as
    /// [`Category::translation`](crate::Category::translation) gives a category's;
    /// visitors in other languages without a translation see
    /// [`purpose`](Self::purpose).
    #[must_use]
    pub fn translation(mut self, lang: impl Into<String>, purpose: impl Into<String>) -> Self {
        let lang = lang.into();
        self.purposes
            .retain(|(known, _)| !known.eq_ignore_ascii_case(&lang));
        self.purposes.push((lang, purpose.into()));
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

    /// Declares that the [provider](Self::provider) processes what this cookie collects
    /// on the site's behalf only (a processor under a contract, never for its own
    /// purposes). Only such cookies may run before a choice under the UK's statistics
    /// exception ([`Category::allowed_until_objected`](crate::Category::allowed_until_objected)).
    #[must_use]
    pub fn processor_only(mut self, yes: bool) -> Self {
        self.processor_only = yes;
        self
    }

    /// Whether the provider is declared as processing on the site's behalf only.
    pub fn is_processor_only(&self) -> bool {
        self.processor_only
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
        self.add_location(CookieLocation::new(domain, path));
        self
    }

    fn add_location(&mut self, location: CookieLocation) {
        if !self.locations.contains(&location) {
            self.locations.push(location);
        }
    }

    /// The name pattern this rule matches.
    pub fn pattern(&self) -> &NamePattern {
        &self.pattern
    }

    /// The id of the category the cookie belongs to.
    pub fn category(&self) -> &str {
        &self.category
    }

    /// What the cookie is for, in `lang`: its translation (`de-AT` falls back to
    /// `de`), else [`purpose`](Self::purpose).
    pub fn purpose_in(&self, lang: &str) -> &str {
        crate::languages::lookup(lang, |candidate| {
            self.purposes
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(candidate))
        })
        .map_or(&self.purpose, |(_, purpose)| purpose)
    }

    /// The declared locations beyond the host-only cookie at `Path=/`.
    pub fn locations(&self) -> &[CookieLocation] {
        &self.locations
    }
}

/// A cookie rule as a configuration file writes it: `name` (a `*` suffix makes a
/// prefix), `category`, the texts, and `domain` as a shorthand for a location at `/`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleConfig {
    name: String,
    category: String,
    #[serde(default)]
    purpose: String,
    /// `purposes = { fr = "…" }`: the purpose in other languages.
    #[serde(default)]
    purposes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    locations: Vec<CookieLocation>,
    #[serde(default)]
    processor_only: bool,
}

impl From<RuleConfig> for CookieRule {
    fn from(config: RuleConfig) -> Self {
        let mut rule = CookieRule::new(&config.name, config.category)
            .purpose(config.purpose)
            .duration(config.duration)
            .provider(config.provider)
            .processor_only(config.processor_only);
        if let Some(domain) = &config.domain {
            rule = rule.domain(domain);
        }
        for location in config.locations {
            rule.add_location(location);
        }
        for (lang, purpose) in config.purposes {
            rule = rule.translation(lang, purpose);
        }
        rule
    }
}

/// What happens to a `Set-Cookie` whose name no [`CookieRule`] declares.
///
/// In a configuration file: `"block"`, `"allow"`, or `{ category = "performance" }`.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A cookie name is an RFC 9110 token: visible ASCII without separators.
pub(crate) fn is_valid_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&byte))
}

/// A `Path` value: starts with `/`, printable ASCII without `;`, so it stays one
/// attribute and browsers do not replace it with the default path.
pub(crate) fn is_valid_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && byte != b';')
}

/// Why a `Domain` value cannot work, or `None` when it can: browsers ignore a `Domain`
/// with a scheme, a port or a path (the cookie is then not set at all, or set host-only),
/// and refuse one that is a public suffix (`co.uk`, `github.io`), so a declaration with
/// one would never match the cookie the browser holds.
pub(crate) fn domain_problem(domain: &str) -> Option<&'static str> {
    let bare = domain.strip_prefix('.').unwrap_or(domain);
    if domain.contains("://") {
        Some("has a scheme")
    } else if bare.contains('/') {
        Some("has a path")
    } else if bare.contains(':') {
        Some("has a port")
    } else if bare.is_empty()
        || !bare
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
        || bare.starts_with('.')
        || bare.ends_with('.')
        || bare.contains("..")
    {
        Some("is not a host name")
    } else if psl::domain_str(&bare.to_ascii_lowercase()).is_none() {
        Some("is a public suffix")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_browsers_would_ignore_are_named() {
        for good in [
            "example.com",
            ".example.com",
            "www.example.co.uk",
            "127.0.0.1",
        ] {
            assert_eq!(domain_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("https://example.com", "has a scheme"),
            ("example.com:8080", "has a port"),
            ("example.com/app", "has a path"),
            ("co.uk", "is a public suffix"),
            ("github.io", "is a public suffix"),
            ("com", "is a public suffix"),
            (".CO.UK", "is a public suffix"),
            ("exa mple.com", "is not a host name"),
            ("example..com", "is not a host name"),
            ("", "is not a host name"),
        ] {
            assert_eq!(domain_problem(bad), Some(why), "{bad}");
        }
    }
}
