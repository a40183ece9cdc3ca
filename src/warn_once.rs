//! Warnings that are logged once, not once per request.
//!
//! A misconfiguration (an undeclared cookie, a layer wired where it cannot see what it
//! needs) shows on every request; the log should say it once. Both sets here are read
//! on hot paths, so the "already warned" check is a lock-free atomic load.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

/// How many distinct names are remembered. An application that invents a fresh cookie
/// name per request must not grow memory without bound: past this many names, new ones
/// are no longer warned about.
pub(crate) const MAX_WARNED_NAMES: usize = 1024;

/// A bounded, lock-free set of the 64-bit hashes of names already warned about (open
/// addressing in a table twice the bound's size; 0 marks an empty slot).
pub(crate) struct WarnedNames {
    slots: Box<[AtomicU64]>,
    count: AtomicUsize,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for WarnedNames {
    fn default() -> Self {
        Self {
            slots: (0..MAX_WARNED_NAMES * 2)
                .map(|_| AtomicU64::new(0))
                .collect(),
            count: AtomicUsize::new(0),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

impl std::fmt::Debug for WarnedNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarnedNames")
            .field("count", &self.count.load(Ordering::Relaxed))
            .finish()
    }
}

impl WarnedNames {
    /// Whether `name` is new: true exactly once per name (for the first
    /// [`MAX_WARNED_NAMES`] names), false after that and once the set is full.
    pub(crate) fn first_time(&self, name: &[u8]) -> bool {
        let mut hasher = self.hasher.build_hasher();
        hasher.write(name);
        let hash = hasher.finish() | 1;
        let len = self.slots.len();
        let start = (hash as usize) % len;
        for probe in 0..len {
            let slot = &self.slots[(start + probe) % len];
            match slot.load(Ordering::Acquire) {
                0 => {
                    if self.count.load(Ordering::Relaxed) >= MAX_WARNED_NAMES {
                        return false;
                    }
                    match slot.compare_exchange(0, hash, Ordering::AcqRel, Ordering::Acquire) {
                        Ok(_) => {
                            self.count.fetch_add(1, Ordering::Relaxed);
                            return true;
                        }
                        // Another thread took the slot: it may hold this very name.
                        Err(taken) if taken == hash => return false,
                        Err(_) => continue,
                    }
                }
                known if known == hash => return false,
                _ => continue,
            }
        }
        false
    }
}

/// The most bytes of a page- or request-derived text a log line shows.
pub(crate) const SHOWN_MAX: usize = 80;

/// A page- or request-derived text for a log line, to be logged with `Debug` (`?`):
/// at most [`SHOWN_MAX`] bytes (cut on a character boundary, `…` appended), invalid
/// UTF-8 as U+FFFD. `Debug` escapes quotes and control characters, so that a newline in
/// a name cannot start a forged log line.
pub(crate) fn shown(text: &[u8]) -> std::borrow::Cow<'_, str> {
    let cut = text.len().min(SHOWN_MAX);
    let mut shown = String::from_utf8_lossy(&text[..cut]);
    if cut < text.len() {
        // A character cut in two is one U+FFFD at the end: drop it before the ellipsis.
        let owned = shown.to_mut();
        if owned.ends_with('\u{FFFD}') && std::str::from_utf8(&text[..cut]).is_err() {
            owned.pop();
        }
        owned.push('…');
    }
    shown
}

/// Things that can be wired wrongly, each warned about once per layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Cause {
    /// An undecided visitor's HTML page arrived already compressed.
    EncodedPage = 1,
    /// The layer sits on a nested router: its endpoint is outside the nest.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    NestedRouter = 2,
    /// A page's CSP `form-action` forbids the banner's form to post.
    FormActionBlocked = 4,
    /// The configuration lacks something visitors should have (a policy link, a
    /// category's translation).
    Configuration = 8,
}

/// The causes already warned about, as bits.
#[derive(Debug, Default)]
pub(crate) struct WarnedCauses(AtomicU32);

impl WarnedCauses {
    /// True the first time `cause` is reported, false after.
    pub(crate) fn first_time(&self, cause: Cause) -> bool {
        let bit = cause as u32;
        self.0.load(Ordering::Relaxed) & bit == 0
            && self.0.fetch_or(bit, Ordering::Relaxed) & bit == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_texts_are_escaped_by_debug_and_cut() {
        let forged = b"ads\n2026-12-06T00:00:00Z  INFO admin logged in";
        assert_eq!(
            format!("{:?}", shown(forged)),
            r#""ads\n2026-12-06T00:00:00Z  INFO admin logged in""#
        );
        let long = "é".repeat(60);
        let cut = shown(long.as_bytes());
        assert_eq!(cut, format!("{}…", "é".repeat(40)));
        assert_eq!(shown(b"\xFFok"), "\u{FFFD}ok");
        let odd = format!("a{}", "é".repeat(60));
        assert_eq!(shown(odd.as_bytes()), format!("a{}…", "é".repeat(39)));
    }

    #[test]
    fn each_name_is_new_once_up_to_the_bound() {
        let warned = WarnedNames::default();
        assert!(warned.first_time(b"a"));
        assert!(!warned.first_time(b"a"));
        assert!(warned.first_time(b"b"));
        let fresh = (0..MAX_WARNED_NAMES * 2)
            .filter(|n| warned.first_time(format!("name{n}").as_bytes()))
            .count();
        assert_eq!(fresh, MAX_WARNED_NAMES - 2);
        assert!(!warned.first_time(b"a"));
        assert!(!warned.first_time(b"never-seen"));
    }

    #[test]
    fn each_cause_is_new_once() {
        let causes = WarnedCauses::default();
        assert!(causes.first_time(Cause::EncodedPage));
        assert!(!causes.first_time(Cause::EncodedPage));
        assert!(causes.first_time(Cause::NestedRouter));
    }
}
