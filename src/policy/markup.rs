//! Other consent managers' markup conventions, as the policy turns them on
//! (`Gating::cookieconsent`, `cookiebot`, `onetrust`, `klaro_service`), and the names
//! in markup that stand for a category (`Gating::category_alias`): checked against the policy's categories when it is
//! built, then looked up by the HTML pass without allocating. A site moving from one
//! of these managers keeps its markup and only declares its categories.
//!
//! None is on by default: each one makes the gate read more of a page's markup
//! (OneTrust's a class name, which a sanitizer's list of attributes cannot strip), so
//! a site turns on only the one its pages are written for.

// The HTML pass (being rebuilt beside this module) calls the lookups; until it does,
// only the tests and the tracker table do.

use std::collections::BTreeMap;

use super::{Category, CategoryIndex, CategorySet, NECESSARY, Policy, PolicyError};

/// The names in markup that stand for the built-in categories while some other
/// manager's convention is on (for the categories the policy declares, unless the
/// operator gives the name another).
const DEFAULT_ALIASES: &[(&str, &str)] = &[
    ("statistics", "performance"),
    ("analytics", "performance"),
    ("measurement", "performance"),
    ("marketing", "advertising"),
    ("targeting", "advertising"),
    ("ads", "advertising"),
    ("advertisement", "advertising"),
    ("preferences", "functionality"),
    ("functional", "functionality"),
    ("personalization", "functionality"),
];

/// OneTrust's standard groups: strictly necessary, performance, functional,
/// targeting, social media.
const DEFAULT_ONETRUST_GROUPS: &[(&str, &str)] = &[
    ("c0001", NECESSARY),
    ("c0002", "performance"),
    ("c0003", "functionality"),
    ("c0004", "advertising"),
    ("c0005", "advertising"),
];

/// The class OneTrust marks an element with, before its groups.
const ONETRUST_PREFIX: &[u8] = b"optanon-category-";

/// The longest name the operator may give.
const MAX_NAME_LEN: usize = 64;

/// What [`Gating`] says of the conventions, borrowed for resolving.
pub(crate) struct ConventionSettings<'a> {
    pub(crate) cookieconsent: bool,
    pub(crate) cookiebot: bool,
    pub(crate) onetrust: bool,
    pub(crate) onetrust_groups: &'a BTreeMap<String, String>,
    pub(crate) klaro_services: &'a BTreeMap<String, String>,
    pub(crate) category_aliases: &'a BTreeMap<String, String>,
}

/// Another consent manager's convention, each read only when the policy turns it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum MarkupConvention {
    /// cookieconsent's `data-category` (with `!category`).
    CookieConsent,
    /// Cookiebot's `data-cookieconsent` (and `data-cookieblock-src`, its embed URL).
    Cookiebot,
    /// OneTrust's `optanon-category-…` class.
    OneTrust,
    /// klaro's `data-name`.
    Klaro,
}

impl MarkupConvention {
    /// The attribute whose value [`Policy::markup_needs`] reads.
    pub(crate) fn attribute(self) -> &'static str {
        match self {
            Self::CookieConsent => "data-category",
            Self::Cookiebot => "data-cookieconsent",
            Self::OneTrust => "class",
            Self::Klaro => "data-name",
        }
    }

    /// The convention's name in the tracker log and warnings (a fixed text, never the
    /// page's).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::CookieConsent => "cookieconsent data-category",
            Self::Cookiebot => "Cookiebot data-cookieconsent",
            Self::OneTrust => "OneTrust optanon-category class",
            Self::Klaro => "klaro data-name",
        }
    }
}

/// What an element's markup of one convention asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkupNeeds {
    /// The policy does not turn the convention on: the gate leaves the element alone
    /// (and may report the markup, `FoundKind::OtherConsentManagerMarkup`).
    Off,
    /// The value holds nothing of the convention (an OneTrust check of a class list
    /// without `optanon-category-`, an empty value).
    Absent,
    /// It names a category, group or service the policy does not map: the element
    /// stays inert (warn once, as for an undeclared category).
    Unknown,
    /// Active when every category of the set is granted (the set always holds
    /// `necessary`; one that holds nothing else is the gate's "`necessary` activates
    /// nothing" case).
    All(CategorySet),
    /// cookieconsent's `!category`: active only while the category is *not* granted.
    NotGranted(CategoryIndex),
}

impl MarkupNeeds {
    /// For a visitor who granted `granted`: `Some(true)` to activate, `Some(false)` to
    /// leave inert, `None` when this is not the convention's markup ([`Self::Off`],
    /// [`Self::Absent`]).
    pub(crate) fn is_met_by(self, granted: CategorySet) -> Option<bool> {
        match self {
            Self::Off | Self::Absent => None,
            Self::Unknown => Some(false),
            Self::All(needed) => Some(needed.bits() & granted.bits() == needed.bits()),
            Self::NotGranted(index) => Some(!granted.contains(index)),
        }
    }
}

/// The conventions on, and every name mapped to a category, lowercase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MarkupConventions {
    cookieconsent: bool,
    cookiebot: bool,
    onetrust: bool,
    aliases: Vec<(Box<[u8]>, CategoryIndex)>,
    onetrust_groups: Vec<(Box<[u8]>, CategoryIndex)>,
    klaro_services: Vec<(Box<[u8]>, CategoryIndex)>,
}

fn check_name(used_by: &str, name: &str) -> Result<(), PolicyError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(PolicyError::InvalidMarkupName {
            used_by: used_by.to_owned(),
            name: name.to_owned(),
        })
    }
}

impl MarkupConventions {
    /// Checks the operator's names and categories, and adds the defaults of the
    /// conventions on for the categories the policy declares.
    pub(crate) fn resolve(
        settings: ConventionSettings<'_>,
        categories: &[Category],
    ) -> Result<Self, PolicyError> {
        let index_of = |id: &str| {
            categories
                .iter()
                .position(|category| category.id() == id)
                .and_then(CategoryIndex::new)
        };
        let given = |used_by: &str, map: &BTreeMap<String, String>| {
            map.iter()
                .map(|(name, category)| {
                    check_name(used_by, name)?;
                    let index = index_of(category).ok_or_else(|| PolicyError::UnknownCategory {
                        used_by: format!("gating.{used_by}.{name}"),
                        category: category.clone(),
                    })?;
                    Ok((
                        name.to_ascii_lowercase().into_bytes().into_boxed_slice(),
                        index,
                    ))
                })
                .collect::<Result<Vec<_>, PolicyError>>()
        };
        let with_defaults = |mut given: Vec<(Box<[u8]>, CategoryIndex)>,
                             defaults: &[(&str, &str)]| {
            for (name, category) in defaults {
                let taken = given.iter().any(|(known, _)| **known == *name.as_bytes());
                // A name that is a category's own id means that category.
                let an_id = index_of(name).is_some();
                if let (false, false, Some(index)) = (taken, an_id, index_of(category)) {
                    given.push((name.as_bytes().into(), index));
                }
            }
            given
        };
        let any_on = settings.cookieconsent
            || settings.cookiebot
            || settings.onetrust
            || !settings.klaro_services.is_empty();
        let mut aliases = given("category_aliases", settings.category_aliases)?;
        if any_on {
            aliases = with_defaults(aliases, DEFAULT_ALIASES);
        }
        let mut onetrust_groups = given("onetrust_groups", settings.onetrust_groups)?;
        if settings.onetrust {
            onetrust_groups = with_defaults(onetrust_groups, DEFAULT_ONETRUST_GROUPS);
        }
        Ok(Self {
            cookieconsent: settings.cookieconsent,
            cookiebot: settings.cookiebot,
            onetrust: settings.onetrust,
            aliases,
            onetrust_groups,
            klaro_services: given("klaro_services", settings.klaro_services)?,
        })
    }

    fn is_on(&self, convention: MarkupConvention) -> bool {
        match convention {
            MarkupConvention::CookieConsent => self.cookieconsent,
            MarkupConvention::Cookiebot => self.cookiebot,
            MarkupConvention::OneTrust => self.onetrust,
            MarkupConvention::Klaro => !self.klaro_services.is_empty(),
        }
    }
}

/// `bytes` without the HTML whitespace around it.
pub(crate) fn trim_html(bytes: &[u8]) -> &[u8] {
    let is_space = |byte: &u8| matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    let start = bytes
        .iter()
        .position(|byte| !is_space(byte))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|byte| !is_space(byte))
        .map_or(start, |end| end + 1);
    &bytes[start..end]
}

fn find(table: &[(Box<[u8]>, CategoryIndex)], name: &[u8]) -> Option<CategoryIndex> {
    table
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|&(_, index)| index)
}

impl Policy {
    fn conventions(&self) -> &MarkupConventions {
        &self.page_settings().markup
    }

    /// The category a name in marked markup stands for: a category's id, ASCII case
    /// ignored (HTML whitespace around it ignored), else a category alias (the
    /// operator's, and with another manager's convention on the defaults of
    /// [`Gating::category_alias`](crate::Gating::category_alias)). `None`: no category
    /// of the policy.
    pub(crate) fn category_for_markup(&self, name: &[u8]) -> Option<CategoryIndex> {
        let name = trim_html(name);
        self.categories()
            .iter()
            .position(|category| category.id().as_bytes().eq_ignore_ascii_case(name))
            .and_then(CategoryIndex::new)
            .or_else(|| find(&self.conventions().aliases, name))
    }

    /// The category of a OneTrust group (`C0002`, ASCII case ignored), with
    /// [`Gating::onetrust`](crate::Gating::onetrust) on; `None` when it is off or the
    /// group is not mapped.
    pub(crate) fn onetrust_group(&self, group: &[u8]) -> Option<CategoryIndex> {
        let conventions = self.conventions();
        if !conventions.onetrust {
            return None;
        }
        find(&conventions.onetrust_groups, trim_html(group))
    }

    /// The category of a klaro service (`data-name`, ASCII case ignored), when the
    /// operator gave one ([`Gating::klaro_service`](crate::Gating::klaro_service)).
    pub(crate) fn klaro_service(&self, service: &[u8]) -> Option<CategoryIndex> {
        find(&self.conventions().klaro_services, trim_html(service))
    }

    /// Whether the policy turns `convention` on.
    pub(crate) fn reads_convention(&self, convention: MarkupConvention) -> bool {
        self.conventions().is_on(convention)
    }

    /// What an element asks for by the value of `convention`'s attribute
    /// ([`MarkupConvention::attribute`]; the value as the tokenizer gives it, character
    /// references decoded): cookieconsent's one name or `!name`; Cookiebot's
    /// comma-separated list (every name must be granted; `ignore` is Cookiebot's "leave
    /// alone", [`MarkupNeeds::Absent`]); OneTrust's class list, whose
    /// `optanon-category-C0002-C0004` tokens each name groups (every group of every such
    /// token must be granted); klaro's service name. Never allocates.
    pub(crate) fn markup_needs(&self, convention: MarkupConvention, value: &[u8]) -> MarkupNeeds {
        if !self.reads_convention(convention) {
            return MarkupNeeds::Off;
        }
        let value = trim_html(value);
        let one = |index: Option<CategoryIndex>| {
            index.map_or(MarkupNeeds::Unknown, |index| {
                MarkupNeeds::All(CategorySet::NECESSARY_ONLY.with(index))
            })
        };
        match convention {
            MarkupConvention::CookieConsent => match value {
                [] => MarkupNeeds::Absent,
                [b'!', name @ ..] => self
                    .category_for_markup(name)
                    .map_or(MarkupNeeds::Unknown, MarkupNeeds::NotGranted),
                name => one(self.category_for_markup(name)),
            },
            MarkupConvention::Klaro if value.is_empty() => MarkupNeeds::Absent,
            MarkupConvention::Klaro => one(self.klaro_service(value)),
            MarkupConvention::Cookiebot => {
                if value.is_empty() || value.eq_ignore_ascii_case(b"ignore") {
                    return MarkupNeeds::Absent;
                }
                let mut needed = CategorySet::NECESSARY_ONLY;
                for name in value.split(|&byte| byte == b',') {
                    let name = trim_html(name);
                    if name.is_empty() {
                        continue;
                    }
                    match self.category_for_markup(name) {
                        Some(index) => needed = needed.with(index),
                        None => return MarkupNeeds::Unknown,
                    }
                }
                MarkupNeeds::All(needed)
            }
            MarkupConvention::OneTrust => {
                let mut needed = CategorySet::NECESSARY_ONLY;
                let mut found = false;
                let tokens = value
                    .split(|byte| matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' '))
                    .filter(|token| {
                        token.len() > ONETRUST_PREFIX.len()
                            && token[..ONETRUST_PREFIX.len()].eq_ignore_ascii_case(ONETRUST_PREFIX)
                    });
                for token in tokens {
                    found = true;
                    for group in token[ONETRUST_PREFIX.len()..].split(|&byte| byte == b'-') {
                        match self.onetrust_group(group) {
                            Some(index) => needed = needed.with(index),
                            None => return MarkupNeeds::Unknown,
                        }
                    }
                }
                if found {
                    MarkupNeeds::All(needed)
                } else {
                    MarkupNeeds::Absent
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Category, Gating, Policy, PolicyError};
    use super::*;

    fn policy(gating: Gating) -> Policy {
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .category(Category::advertising())
            .category(Category::new(
                "social",
                "Social media",
                "Posts and buttons.",
            ))
            .gating(gating)
            .build()
            .unwrap()
    }

    fn index(policy: &Policy, id: &str) -> CategoryIndex {
        policy.category_index(id.as_bytes()).unwrap()
    }

    #[test]
    fn category_names_match_ids_in_any_case_and_aliases() {
        let plain = policy(Gating::new());
        assert_eq!(
            plain.category_for_markup(b" Performance\n"),
            Some(index(&plain, "performance"))
        );
        assert_eq!(
            plain.category_for_markup(b"NECESSARY"),
            Some(CategoryIndex::NECESSARY)
        );
        // No convention on: no default alias.
        assert_eq!(plain.category_for_markup(b"statistics"), None);
        assert_eq!(plain.category_for_markup(b""), None);
        assert_eq!(plain.category_for_markup(b"performance-x"), None);

        let moving = policy(
            Gating::new()
                .cookiebot(true)
                .category_alias("Stats", "social"),
        );
        assert_eq!(
            moving.category_for_markup(b"STATISTICS"),
            Some(index(&moving, "performance"))
        );
        assert_eq!(
            moving.category_for_markup(b"marketing"),
            Some(index(&moving, "advertising"))
        );
        assert_eq!(
            moving.category_for_markup(b"Preferences"),
            Some(index(&moving, "functionality"))
        );
        assert_eq!(
            moving.category_for_markup(b"stats"),
            Some(index(&moving, "social"))
        );
        assert_eq!(moving.category_for_markup(b"statistic"), None);
        // The operator's alias wins over a default.
        let custom = policy(
            Gating::new()
                .cookiebot(true)
                .category_alias("marketing", "social"),
        );
        assert_eq!(
            custom.category_for_markup(b"marketing"),
            Some(index(&custom, "social"))
        );
    }

    #[test]
    fn defaults_name_only_declared_categories() {
        let small = Policy::builder()
            .category(Category::performance())
            .gating(Gating::new().onetrust(true))
            .build()
            .unwrap();
        assert_eq!(small.category_for_markup(b"marketing"), None);
        assert_eq!(small.onetrust_group(b"C0004"), None);
        assert_eq!(
            small.onetrust_group(b"c0002"),
            small.category_index(b"performance")
        );
        assert_eq!(
            small.onetrust_group(b"C0001"),
            Some(CategoryIndex::NECESSARY)
        );
    }

    #[test]
    fn each_convention_is_read_only_when_on() {
        let off = policy(Gating::new());
        for convention in [
            MarkupConvention::CookieConsent,
            MarkupConvention::Cookiebot,
            MarkupConvention::OneTrust,
            MarkupConvention::Klaro,
        ] {
            assert!(!off.reads_convention(convention));
            assert_eq!(
                off.markup_needs(convention, b"performance"),
                MarkupNeeds::Off
            );
        }
        assert_eq!(off.onetrust_group(b"C0002"), None);
        assert_eq!(off.klaro_service(b"google-analytics"), None);
    }

    #[test]
    fn markup_values_give_what_the_element_needs() {
        let policy = policy(
            Gating::new()
                .cookieconsent(true)
                .cookiebot(true)
                .onetrust(true)
                .onetrust_group("C0005", "social")
                .klaro_service("Google-Analytics", "performance"),
        );
        let set = |ids: &[&str]| {
            ids.iter().fold(CategorySet::NECESSARY_ONLY, |set, id| {
                set.with(index(&policy, id))
            })
        };
        use MarkupConvention::*;
        let cases: [(MarkupConvention, &[u8], MarkupNeeds); 17] = [
            (
                CookieConsent,
                b"Analytics",
                MarkupNeeds::All(set(&["performance"])),
            ),
            (
                CookieConsent,
                b"!analytics",
                MarkupNeeds::NotGranted(index(&policy, "performance")),
            ),
            (CookieConsent, b"!nothing", MarkupNeeds::Unknown),
            (CookieConsent, b"nothing", MarkupNeeds::Unknown),
            (CookieConsent, b"  ", MarkupNeeds::Absent),
            (
                Cookiebot,
                b"statistics, marketing",
                MarkupNeeds::All(set(&["performance", "advertising"])),
            ),
            (
                Cookiebot,
                b"preferences,,",
                MarkupNeeds::All(set(&["functionality"])),
            ),
            (Cookiebot, b"statistics, unknown", MarkupNeeds::Unknown),
            (Cookiebot, b"ignore", MarkupNeeds::Absent),
            (
                Cookiebot,
                b"necessary",
                MarkupNeeds::All(CategorySet::NECESSARY_ONLY),
            ),
            (
                OneTrust,
                b"btn optanon-category-C0002",
                MarkupNeeds::All(set(&["performance"])),
            ),
            (
                OneTrust,
                b"OPTANON-CATEGORY-c0002-C0005\tx",
                MarkupNeeds::All(set(&["performance", "social"])),
            ),
            (
                OneTrust,
                b"optanon-category-C0002 optanon-category-C0004",
                MarkupNeeds::All(set(&["performance", "advertising"])),
            ),
            (OneTrust, b"optanon-category-C0009", MarkupNeeds::Unknown),
            (
                OneTrust,
                b"optanon-category- optanon-category-C0002-",
                MarkupNeeds::Unknown,
            ),
            (OneTrust, b"btn optanon-categoryC0002", MarkupNeeds::Absent),
            (
                Klaro,
                b"google-analytics",
                MarkupNeeds::All(set(&["performance"])),
            ),
        ];
        for (convention, value, needs) in cases {
            assert_eq!(
                policy.markup_needs(convention, value),
                needs,
                "{convention:?} {:?}",
                String::from_utf8_lossy(value)
            );
        }
        assert_eq!(policy.markup_needs(Klaro, b"youtube"), MarkupNeeds::Unknown);
        let performance = set(&["performance"]);
        assert_eq!(
            policy
                .markup_needs(CookieConsent, b"!analytics")
                .is_met_by(performance),
            Some(false)
        );
        assert_eq!(
            policy
                .markup_needs(CookieConsent, b"!analytics")
                .is_met_by(CategorySet::NECESSARY_ONLY),
            Some(true)
        );
        assert_eq!(
            policy
                .markup_needs(Cookiebot, b"statistics,marketing")
                .is_met_by(performance),
            Some(false)
        );
        assert_eq!(
            policy
                .markup_needs(Cookiebot, b"statistics")
                .is_met_by(performance),
            Some(true)
        );
        assert_eq!(
            policy.markup_needs(OneTrust, b"x").is_met_by(performance),
            None
        );
        assert_eq!(
            policy.markup_needs(Klaro, b"nope").is_met_by(performance),
            Some(false)
        );
    }

    #[test]
    fn names_and_categories_are_checked_at_build() {
        let build = |gating: Gating| {
            Policy::builder()
                .category(Category::performance())
                .gating(gating)
                .build()
                .map(|_| ())
        };
        assert_eq!(
            build(Gating::new().category_alias("stats", "advertising")),
            Err(PolicyError::UnknownCategory {
                used_by: "gating.category_aliases.stats".to_owned(),
                category: "advertising".to_owned(),
            })
        );
        for bad in ["", "a b", "a,b", "<x>", &"a".repeat(65)] {
            assert_eq!(
                build(Gating::new().klaro_service(bad, "performance")),
                Err(PolicyError::InvalidMarkupName {
                    used_by: "klaro_services".to_owned(),
                    name: bad.to_owned(),
                })
            );
        }
        assert_eq!(
            build(Gating::new().onetrust_group("SPD_BG", "performance")),
            Ok(())
        );
    }
}
