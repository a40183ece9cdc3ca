//! Categories, and the set of categories a visitor granted.

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
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub(crate) id: String,
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
    /// policy has this category; [`PolicyBuilder::necessary`](crate::PolicyBuilder::necessary)
    /// changes its texts.
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
