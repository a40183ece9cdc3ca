//! Categories, and the set of categories a visitor granted.

use crate::languages::{ALL, ENGLISH, Translation};

/// The id of the one category that can never be refused.
pub const NECESSARY: &str = "necessary";

/// At most this many categories fit in a [`CategorySet`]; a policy with more is a
/// configuration error, not a silent truncation.
pub(crate) const MAX_CATEGORIES: usize = 64;

/// A purpose cookies are set for, such as "performance". Visitors grant or refuse
/// categories, never single cookies.
///
/// The four categories of the UK cookie policy this crate started from are built in
/// ([`Category::necessary`], [`Category::functionality`], [`Category::performance`],
/// [`Category::advertising`]), with their label and purpose in the 24 bundled
/// languages; custom ones are made with [`Category::new`] and translated with
/// [`Category::translation`]. A language without a translation shows the category's
/// own text.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::Category;
///
/// let social = Category::new("social", "Social media", "Share buttons and embedded posts.")
///     .translation("fr", "Réseaux sociaux", "Boutons de partage et publications intégrées.");
/// assert_eq!(social.id(), "social");
/// assert_eq!(social.label_in("fr"), "Réseaux sociaux");
/// assert_eq!(social.label_in("de"), "Social media");
/// assert_eq!(Category::performance().label_in("de"), "Leistung");
/// ```
///
/// In a configuration file: `id`, `label`, `purpose` (`description` is read too, as
/// earlier files named it), `translations = { fr = {
/// label = "…", purpose = "…" } }`, `sells_or_shares` and `allowed_until_objected`;
/// a built-in id given without `label` and `purpose` is the built-in category with
/// its bundled translations.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "CategoryConfig")]
pub struct Category {
    pub(crate) id: String,
    label: String,
    purpose: String,
    /// (language, label, purpose), in the order given.
    translations: Vec<(String, String, String)>,
    sells_or_shares: bool,
    allowed_until_objected: bool,
}

impl Category {
    /// A category with the given id (lowercase ASCII letters, digits, `_` or `-`; it is
    /// stored in the consent cookie and posted by the consent form), a short label and
    /// its purpose (what its cookies are for), both shown to visitors.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        purpose: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            purpose: purpose.into(),
            translations: Vec::new(),
            sells_or_shares: false,
            allowed_until_objected: false,
        }
    }

    /// A built-in category: its English text, and every other bundled language's.
    fn bundled(id: &str, text: fn(&Translation) -> (&'static str, &'static str)) -> Self {
        let (label, purpose) = text(ENGLISH);
        let mut category = Self::new(id, label, purpose);
        for translation in ALL.iter().filter(|t| t.lang != ENGLISH.lang) {
            let (label, purpose) = text(translation);
            category = category.translation(translation.lang, label, purpose);
        }
        category
    }

    /// Strictly necessary cookies: always allowed, never offered as a choice. Every
    /// policy has this category; [`PolicyBuilder::necessary`](crate::PolicyBuilder::necessary)
    /// changes its texts.
    pub fn necessary() -> Self {
        Self::bundled(NECESSARY, |t| (t.necessary_label, t.necessary_purpose))
    }

    /// Functionality cookies: remembering choices such as a username or text size.
    pub fn functionality() -> Self {
        Self::bundled("functionality", |t| {
            (t.functionality_label, t.functionality_purpose)
        })
    }

    /// Performance cookies: analytics about how the site is used.
    pub fn performance() -> Self {
        Self::bundled("performance", |t| {
            (t.performance_label, t.performance_purpose)
        })
    }

    /// Advertising or tracking cookies.
    pub fn advertising() -> Self {
        Self::bundled("advertising", |t| {
            (t.advertising_label, t.advertising_purpose)
        })
    }

    /// Adds (or replaces) the label and purpose shown to visitors whose language is
    /// `lang` (a BCP 47 tag such as `fr` or `pt-BR`, compared ignoring case).
    #[must_use]
    pub fn translation(
        mut self,
        lang: impl Into<String>,
        label: impl Into<String>,
        purpose: impl Into<String>,
    ) -> Self {
        let lang = lang.into();
        self.translations
            .retain(|(known, _, _)| !known.eq_ignore_ascii_case(&lang));
        self.translations.push((lang, label.into(), purpose.into()));
        self
    }

    /// Marks the category as one that sells or shares personal data (advertising,
    /// cross-context tracking): a browser's Global Privacy Control signal (`Sec-GPC: 1`)
    /// then refuses it, whatever the consent cookie says, unless the visitor ticked it
    /// while sending the signal. See "Global Privacy Control" in the crate docs.
    #[must_use]
    pub fn sells_or_shares(mut self, yes: bool) -> Self {
        self.sells_or_shares = yes;
        self
    }

    /// UK mode (PECR Schedule A1): marks the category as used only for statistics or for
    /// the site's appearance, so that its cookies are allowed before any choice until
    /// the visitor objects. Off by default: in the EU these need consent like any other.
    /// See "UK mode" in the crate docs.
    #[must_use]
    pub fn allowed_until_objected(mut self, yes: bool) -> Self {
        self.allowed_until_objected = yes;
        self
    }

    /// The id stored in the consent cookie and used in [`Consent::allows`](crate::Consent::allows).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The short label shown to visitors (in the policy's own language).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The purpose of the category, shown to visitors (in the policy's own language).
    pub fn purpose(&self) -> &str {
        &self.purpose
    }

    /// The label in `lang`: its translation (`de-AT` falls back to `de`), else
    /// [`label`](Self::label).
    pub fn label_in(&self, lang: &str) -> &str {
        self.text_in(lang)
            .map_or(&self.label, |(_, label, _)| label)
    }

    /// The purpose in `lang`, as [`label_in`](Self::label_in).
    pub fn purpose_in(&self, lang: &str) -> &str {
        self.text_in(lang)
            .map_or(&self.purpose, |(_, _, purpose)| purpose)
    }

    /// Whether a translation serves `lang`.
    pub(crate) fn is_translated(&self, lang: &str) -> bool {
        self.text_in(lang).is_some()
    }

    fn text_in(&self, lang: &str) -> Option<&(String, String, String)> {
        crate::languages::lookup(lang, |candidate| {
            self.translations
                .iter()
                .find(|(known, _, _)| known.eq_ignore_ascii_case(candidate))
        })
    }

    /// Whether the Global Privacy Control signal refuses this category.
    pub fn is_sold_or_shared(&self) -> bool {
        self.sells_or_shares
    }

    /// Whether this category is allowed before any choice until the visitor objects
    /// (UK mode).
    pub fn is_allowed_until_objected(&self) -> bool {
        self.allowed_until_objected
    }
}

/// A category as a configuration file writes it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryConfig {
    id: String,
    label: Option<String>,
    /// `description` is the name earlier files used.
    #[serde(alias = "description")]
    purpose: Option<String>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, TranslationConfig>,
    #[serde(default)]
    sells_or_shares: bool,
    #[serde(default)]
    allowed_until_objected: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationConfig {
    label: String,
    #[serde(alias = "description")]
    purpose: String,
}

impl TryFrom<CategoryConfig> for Category {
    type Error = String;

    fn try_from(config: CategoryConfig) -> Result<Self, String> {
        let mut category = match (config.label, config.purpose) {
            (Some(label), Some(purpose)) => Category::new(config.id, label, purpose),
            (None, None) => match config.id.as_str() {
                NECESSARY => Category::necessary(),
                "functionality" => Category::functionality(),
                "performance" => Category::performance(),
                "advertising" => Category::advertising(),
                other => {
                    return Err(format!(
                        "category `{other}` needs a `label` and a `purpose` (only the \
                         built-in categories have their own)"
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "category `{}` needs both a `label` and a `purpose`, or neither",
                    config.id
                ));
            }
        };
        for (lang, text) in config.translations {
            category = category.translation(lang, text.label, text.purpose);
        }
        Ok(category
            .sells_or_shares(config.sells_or_shares)
            .allowed_until_objected(config.allowed_until_objected))
    }
}

/// Whether `id` can name a category: 1 to 32 lowercase ASCII letters, digits, `_`, `-`.
pub(crate) fn is_valid_category_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_' || byte == b'-'
        })
}

/// The position of a category in [`Policy::categories`](crate::Policy::categories); the
/// necessary category is index 0. Only a built policy hands these out, so an index is
/// always below [`MAX_CATEGORIES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CategoryIndex(u8);

impl CategoryIndex {
    pub(crate) const NECESSARY: Self = Self(0);

    /// The index of the category at `position` in a policy's list; `None` past
    /// [`MAX_CATEGORIES`].
    pub(crate) fn new(position: usize) -> Option<Self> {
        (position < MAX_CATEGORIES).then_some(Self(position as u8))
    }

    pub(crate) fn position(self) -> usize {
        usize::from(self.0)
    }

    pub(crate) fn is_necessary(self) -> bool {
        self == Self::NECESSARY
    }
}

/// A set of categories, as bits indexed by [`CategoryIndex`]. The necessary category is
/// always in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CategorySet(u64);

impl CategorySet {
    pub(crate) const NECESSARY_ONLY: Self = Self(1);

    /// The first `count` categories of a policy (`count` at most [`MAX_CATEGORIES`]).
    pub(crate) fn first(count: usize) -> Self {
        match count {
            0 | 1 => Self::NECESSARY_ONLY,
            MAX_CATEGORIES.. => Self(u64::MAX),
            count => Self((1u64 << count) - 1),
        }
    }

    pub(crate) fn contains(self, index: CategoryIndex) -> bool {
        self.0 & (1u64 << index.0) != 0
    }

    /// The set as a bit mask: bit `n` for the category at position `n`.
    pub(crate) fn bits(self) -> u64 {
        self.0
    }

    /// The categories of `self` that are not in `other` (the necessary one stays).
    pub(crate) fn without(self, other: Self) -> Self {
        Self((self.0 & !other.0) | 1)
    }

    /// The categories in both.
    pub(crate) fn and(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// The categories in either.
    pub(crate) fn or(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the set has an optional category.
    pub(crate) fn has_optional(self) -> bool {
        self.0 & !1 != 0
    }

    pub(crate) fn with(self, index: CategoryIndex) -> Self {
        Self(self.0 | (1u64 << index.0))
    }

    /// The indices in the set, in order.
    pub(crate) fn indices(self) -> impl Iterator<Item = CategoryIndex> {
        (0..MAX_CATEGORIES as u8)
            .map(CategoryIndex)
            .filter(move |&index| self.contains(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_hold_their_indices() {
        let index = |position| CategoryIndex::new(position).unwrap();
        let set = CategorySet::NECESSARY_ONLY.with(index(3)).with(index(63));
        assert!(set.contains(CategoryIndex::NECESSARY));
        assert!(set.contains(index(3)) && set.contains(index(63)));
        assert!(!set.contains(index(1)));
        assert_eq!(
            set.indices()
                .map(CategoryIndex::position)
                .collect::<Vec<_>>(),
            [0, 3, 63]
        );
        assert_eq!(CategoryIndex::new(64), None);
        assert_eq!(CategorySet::first(3).indices().count(), 3);
        assert_eq!(CategorySet::first(64).indices().count(), 64);
        assert_eq!(CategorySet::first(0), CategorySet::NECESSARY_ONLY);
    }
}
