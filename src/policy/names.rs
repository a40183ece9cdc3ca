//! The name index: which declared rule, and so which category, a cookie name belongs to.
//!
//! Classification runs for every `Set-Cookie` of every response and for every pair of
//! the `Cookie` header, so it is built once and costs a hash and a few compares: exact
//! names are looked up by a hash that costs the same for any length, prefixes are
//! compared longest first as one masked word.

use super::category::CategoryIndex;

/// The verdict for one cookie name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameClass {
    /// The layer's own consent cookie: always kept.
    ConsentCookie,
    /// Declared (or counted as) a cookie of this category; `rule` is the declaring rule,
    /// `None` for undeclared names counted by [`UndeclaredCookies::Category`](crate::UndeclaredCookies::Category).
    Category {
        index: CategoryIndex,
        rule: Option<usize>,
    },
    /// Undeclared and blocked.
    Blocked,
    /// Undeclared and allowed.
    Allowed,
}

/// What happens to undeclared names, resolved to a category index.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Undeclared {
    Block,
    Allow,
    Category(CategoryIndex),
}

/// A declared name (or prefix), the rule declaring it and that rule's category.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) text: Box<[u8]>,
    pub(crate) rule: usize,
    pub(crate) category: CategoryIndex,
}

#[derive(Debug)]
pub(crate) struct NameIndex {
    consent_cookie: Box<[u8]>,
    legacy_consent_cookie: Option<Box<[u8]>>,
    /// Exact names with their [`name_hash`], sorted by hash: a lookup hashes the name once
    /// and compares bytes only on a hash match.
    exact: Vec<(u64, Entry)>,
    /// Prefixes, longest first, so that the most specific rule wins.
    prefixes: Vec<Prefix>,
    undeclared: Undeclared,
}

impl NameIndex {
    /// An index of `exact` names and `prefixes`; the builder has checked that no text
    /// appears twice in either list.
    pub(crate) fn new(
        consent_cookie: &str,
        legacy_consent_cookie: Option<&str>,
        exact: Vec<Entry>,
        mut prefixes: Vec<Entry>,
        undeclared: Undeclared,
    ) -> Self {
        let mut exact: Vec<(u64, Entry)> = exact
            .into_iter()
            .map(|entry| (name_hash(&entry.text), entry))
            .collect();
        exact.sort_unstable_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.text.cmp(&y.text)));
        prefixes.sort_by_key(|entry| std::cmp::Reverse(entry.text.len()));
        Self {
            consent_cookie: consent_cookie.as_bytes().into(),
            legacy_consent_cookie: legacy_consent_cookie.map(|name| name.as_bytes().into()),
            exact,
            prefixes: prefixes.into_iter().map(Prefix::new).collect(),
            undeclared,
        }
    }

    /// Classifies a cookie name: the consent cookie, a declared cookie (exact names before
    /// prefixes, longer prefixes before shorter), or an undeclared one.
    pub(crate) fn classify(&self, name: &[u8]) -> NameClass {
        if name == &*self.consent_cookie || self.legacy_consent_cookie.as_deref() == Some(name) {
            return NameClass::ConsentCookie;
        }
        let hash = name_hash(name);
        let first = self.exact.partition_point(|(known, _)| *known < hash);
        let entry = self.exact[first..]
            .iter()
            .take_while(|(known, _)| *known == hash)
            .map(|(_, entry)| entry)
            .find(|entry| *entry.text == *name)
            .or_else(|| {
                let name_head = first_word(name);
                self.prefixes
                    .iter()
                    .find(|prefix| prefix.matches(name, name_head))
                    .map(|prefix| &prefix.entry)
            });
        match (entry, self.undeclared) {
            (Some(entry), _) => NameClass::Category {
                index: entry.category,
                rule: Some(entry.rule),
            },
            (None, Undeclared::Block) => NameClass::Blocked,
            (None, Undeclared::Allow) => NameClass::Allowed,
            (None, Undeclared::Category(index)) => NameClass::Category { index, rule: None },
        }
    }
}

/// A prefix rule, with its first eight bytes as a masked word: most prefixes (`_ga_`,
/// `_hj`) are shorter, and then one comparison of words decides.
#[derive(Debug)]
struct Prefix {
    head: u64,
    mask: u64,
    entry: Entry,
}

impl Prefix {
    fn new(entry: Entry) -> Self {
        let edge = entry.text.len().min(8);
        let mask = if edge == 8 {
            u64::MAX
        } else {
            (1u64 << (edge * 8)) - 1
        };
        Self {
            head: first_word(&entry.text),
            mask,
            entry,
        }
    }

    /// `name_head` is [`first_word`] of `name`.
    fn matches(&self, name: &[u8], name_head: u64) -> bool {
        let bytes = &self.entry.text;
        name.len() >= bytes.len()
            && name_head & self.mask == self.head
            && (bytes.len() <= 8 || name[8..bytes.len()] == bytes[8..])
    }
}

/// The first (up to) eight bytes of `bytes`, little-endian, zero-padded.
fn first_word(bytes: &[u8]) -> u64 {
    let edge = bytes.len().min(8);
    let mut buffer = [0u8; 8];
    buffer[..edge].copy_from_slice(&bytes[..edge]);
    u64::from_le_bytes(buffer)
}

/// A hash of a cookie name that costs the same for any length: its length and its first
/// and last eight bytes, mixed. Names that collide are told apart by comparing bytes.
pub(crate) fn name_hash(name: &[u8]) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let edge = name.len().min(8);
    let head = first_word(name);
    let tail = first_word(&name[name.len() - edge..]);
    (head ^ tail.rotate_left(29) ^ (name.len() as u64).wrapping_mul(MIX)).wrapping_mul(MIX)
}

#[cfg(test)]
mod tests {
    use crate::policy::{Category, CookieRule, NECESSARY, Policy, UndeclaredCookies};

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
                Some(["necessary", "functionality", "performance"][index.position()])
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
        assert_eq!(
            policy.classify(b"__Host-cookie_consent"),
            NameClass::ConsentCookie
        );
        // The unprefixed name it had before is the layer's too: it is moved, not blocked.
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
                index: CategoryIndex::new(1).unwrap(),
                rule: None
            }
        );
    }
}
