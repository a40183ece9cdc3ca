//! Why a policy could not be built.

use std::fmt;

use super::category::MAX_CATEGORIES;
use super::{MAX_CONSENT_LIFETIME_DAYS, MIN_KEY_LEN};

/// Why a [`Policy`](crate::Policy) could not be built, from code or from a
/// configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// A name given to [`Gating::category_alias`](crate::Gating::category_alias),
    /// [`Gating::onetrust_group`](crate::Gating::onetrust_group) or
    /// [`Gating::klaro_service`](crate::Gating::klaro_service) is empty, longer than 64
    /// bytes, or has a character other than ASCII letters, digits, `_`, `-` and `.`.
    InvalidMarkupName {
        /// The setting (`category_aliases`, `onetrust_groups`, `klaro_services`).
        used_by: String,
        /// The rejected name.
        name: String,
    },
    /// Two categories share an id.
    DuplicateCategory {
        /// The repeated id.
        id: String,
    },
    /// A category with the id `necessary` was added: the necessary category is always
    /// there; change its texts with
    /// [`PolicyBuilder::necessary`](crate::PolicyBuilder::necessary).
    NecessaryDeclared,
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
    /// A cookie rule, or [`UndeclaredCookies::Category`](crate::UndeclaredCookies::Category),
    /// names a category the policy does not have.
    UnknownCategory {
        /// The cookie pattern (or `UndeclaredCookies::Category`) that named it.
        used_by: String,
        /// The unknown category id.
        category: String,
    },
    /// The same exact name (or the same prefix) is declared twice.
    DuplicateCookie {
        /// The repeated name or pattern.
        name: String,
    },
    /// A rule declares the consent cookie's own name: the layer declares, writes and
    /// always keeps that cookie itself.
    ConsentCookieDeclared {
        /// The consent cookie's name.
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
    /// A `Domain` (of the consent cookie or a cookie location) that browsers would
    /// ignore or refuse: with a scheme, a port or a path, not a host name, or a public
    /// suffix such as `co.uk`.
    InvalidDomain {
        /// The rejected value.
        domain: String,
        /// What is wrong with it, such as "is a public suffix".
        problem: &'static str,
    },
    /// A cookie location's `Path` does not start with `/`, or has a `;`, whitespace or
    /// control character.
    InvalidPath {
        /// The rejected value.
        path: String,
    },
    /// The policy's language is not a language tag (1 to 8 ASCII letters, then
    /// subtags of 1 to 8 letters or digits after `-`).
    InvalidLanguage {
        /// The rejected tag.
        tag: String,
    },
    /// The Global Privacy Control `lastUpdate` is not a date written `YYYY-MM-DD`.
    InvalidDate {
        /// The rejected text.
        date: String,
    },
    /// The endpoint path does not start with `/`, ends with `/`, or has characters other
    /// than ASCII letters, digits and `/-_.~`.
    InvalidEndpoint {
        /// The rejected path.
        path: String,
    },
    /// The consent lifetime is zero: no choice could ever be remembered.
    ZeroLifetime,
    /// The consent lifetime is over 400 days: browsers cap a cookie's lifetime there, so
    /// the choice would be forgotten before the policy says.
    LifetimeTooLong {
        /// The lifetime asked for, in whole days.
        days: u64,
    },
    /// A Consent Mode region is not an ISO 3166 code (2 to 6 ASCII letters, digits or
    /// `-`, such as `ES` or `US-CA`).
    InvalidRegion {
        /// The rejected region.
        region: String,
    },
    /// A region given a regime is neither an ISO 3166 code (`DE`, `US-CA`) nor a group
    /// the crate defines (`EEA`, `EU`, `US_OPT_OUT`).
    UnknownRegion {
        /// The rejected code.
        code: String,
    },
    /// A region is given two different regimes (directly, or through a group).
    RegionTwice {
        /// The region.
        region: String,
        /// The first regime, and the code that gave it.
        first: String,
        /// The second regime, and the code that gave it.
        second: String,
    },
    /// A category marked [`allowed_until_objected`](crate::Category::allowed_until_objected)
    /// does not qualify for the UK's statistics exception: it sells or shares data, is
    /// advertising, or has a cookie whose provider is not declared as processing on the
    /// site's behalf only ([`CookieRule::processor_only`](crate::CookieRule::processor_only)).
    UkExceptionRefused {
        /// The category.
        category: String,
        /// Why it does not qualify.
        reason: String,
    },
    /// A signing key is shorter than 32 bytes.
    WeakKey {
        /// Its position in the list given to
        /// [`PolicyBuilder::signing_keys`](crate::PolicyBuilder::signing_keys).
        position: usize,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCategory { id } => write!(f, "the category `{id}` is declared twice"),
            Self::NecessaryDeclared => f.write_str(
                "the `necessary` category is built in; change its texts with \
                 PolicyBuilder::necessary instead of adding it",
            ),
            Self::InvalidMarkupName { used_by, name } => write!(
                f,
                "`{name}` in gating's `{used_by}` must be 1 to 64 ASCII letters, digits, `_`, `-` or `.`"
            ),
            Self::InvalidCategoryId { id } => write!(
                f,
                "the category id `{id}` must be 1 to 32 lowercase ASCII letters, digits, `_` or `-`"
            ),
            Self::TooManyCategories { count } => write!(
                f,
                "{count} categories declared; at most {MAX_CATEGORIES} are supported"
            ),
            Self::UnknownCategory { used_by, category } => write!(
                f,
                "`{used_by}` names the category `{category}`, which the policy does not declare"
            ),
            Self::DuplicateCookie { name } => write!(f, "the cookie `{name}` is declared twice"),
            Self::ConsentCookieDeclared { name } => write!(
                f,
                "`{name}` is the consent cookie, which the layer declares and keeps itself; \
                 remove its CookieRule (or rename the consent cookie)"
            ),
            Self::InvalidCookieName { name } => {
                write!(f, "`{name}` is not a valid cookie name")
            }
            Self::CookiePrefixBroken { name } => write!(
                f,
                "the consent cookie `{name}` needs Secure (and, for `__Host-`, no Domain), or \
                 browsers refuse it"
            ),
            Self::InvalidDomain { domain, problem } => write!(
                f,
                "the cookie Domain `{domain}` {problem}; browsers would ignore or refuse it \
                 (write a bare host name such as `example.com`)"
            ),
            Self::InvalidPath { path } => write!(
                f,
                "`{path}` is not a valid cookie Path: it must start with `/` and be printable \
                 ASCII without `;`"
            ),
            Self::InvalidLanguage { tag } => write!(
                f,
                "`{tag}` is not a language tag such as `en`, `fr` or `pt-BR`"
            ),
            Self::InvalidDate { date } => {
                write!(f, "`{date}` is not a date written YYYY-MM-DD")
            }
            Self::InvalidEndpoint { path } => write!(
                f,
                "the endpoint path `{path}` must start with `/`, not end with `/`, and use only \
                 ASCII letters, digits and `/-_.~`"
            ),
            Self::ZeroLifetime => f.write_str("the consent lifetime must be longer than zero"),
            Self::LifetimeTooLong { days } => write!(
                f,
                "the consent lifetime of {days} days is over the {MAX_CONSENT_LIFETIME_DAYS} \
                 days browsers keep a cookie"
            ),
            Self::InvalidRegion { region } => write!(
                f,
                "the Consent Mode region `{region}` is not an ISO 3166 code such as `ES` or `US-CA`"
            ),
            Self::UnknownRegion { code } => write!(
                f,
                "`{code}` is neither an ISO 3166 region (`DE`, `US-CA`) nor a group (`EEA`, \
                 `EU`, `US_OPT_OUT`)"
            ),
            Self::RegionTwice {
                region,
                first,
                second,
            } => write!(
                f,
                "the region `{region}` is given two regimes: {first} and {second}"
            ),
            Self::UkExceptionRefused { category, reason } => write!(
                f,
                "the category `{category}` cannot run until visitors object (the UK's \
                 statistics exception): {reason}"
            ),
            Self::WeakKey { position } => write!(
                f,
                "signing key {position} is shorter than {MIN_KEY_LEN} bytes; use a random key \
                 of at least 32 bytes"
            ),
        }
    }
}

impl std::error::Error for PolicyError {}
