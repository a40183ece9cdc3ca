//! The consent cookie's value: a compact, printable, versioned record of one choice.
//! The format is a public contract, documented in the crate docs ("The consent cookie").

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::signing::{sign, verify};
use super::{ConsentId, Undecided};
use crate::cookie_header::trim;
use crate::policy::{CategorySet, Policy};

const FORMAT_VERSION: &[u8] = b"1";

/// Longer consent cookie values are rejected before any other look at them.
pub(crate) const MAX_VALUE_LEN: usize = 1024;

/// A decision dated this far in the future is still accepted, for clocks that disagree.
const CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// A recorded choice, as stored in the consent cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) revision: u32,
    pub(crate) decided_at: u64,
    pub(crate) granted: CategorySet,
    /// The granted categories the visitor ticked while sending Global Privacy Control:
    /// the signal does not refuse these (written `id!` in the cookie).
    pub(crate) gpc_opt_ins: CategorySet,
    pub(crate) id: ConsentId,
    /// Read from the legacy (unprefixed) consent cookie: the response moves it to the
    /// current name.
    pub(crate) from_legacy: bool,
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

impl Decision {
    /// A fresh decision granting `granted`, now.
    pub(crate) fn record(policy: &Policy, granted: CategorySet) -> Self {
        Self {
            revision: policy.revision(),
            decided_at: unix_now(),
            granted,
            gpc_opt_ins: CategorySet::NECESSARY_ONLY,
            id: ConsentId::random(),
            from_legacy: false,
        }
    }

    /// The consent cookie's value.
    pub(crate) fn encode(&self, policy: &Policy) -> String {
        let mut value = String::with_capacity(96);
        let _ = write!(value, "1.{}.{}.", self.revision, self.decided_at);
        let optional = policy
            .indexed_categories()
            .filter(|(index, _)| self.granted.contains(*index))
            .skip(1);
        for (position, (index, category)) in optional.enumerate() {
            if position > 0 {
                value.push('+');
            }
            value.push_str(category.id());
            if self.gpc_opt_ins.contains(index) {
                value.push('!');
            }
        }
        let _ = write!(value, ".{}", self.id);
        sign(&mut value, policy);
        value
    }

    /// Reads a consent cookie's value, strictly; `now` is seconds since the Unix epoch.
    #[cfg(any(test, feature = "__internals"))]
    pub(crate) fn decode(value: &[u8], policy: &Policy, now: u64) -> Result<Self, Undecided> {
        Self::decode_named(value, policy.consent_cookie_name(), policy, now)
    }

    /// [`Decision::decode`] for a value found under the cookie `name`, which a signature
    /// covers.
    fn decode_named(
        value: &[u8],
        name: &str,
        policy: &Policy,
        now: u64,
    ) -> Result<Self, Undecided> {
        if value.len() > MAX_VALUE_LEN {
            return Err(Undecided::Invalid);
        }
        let value = verify(value, name, policy)?;
        let mut fields = value.split(|&byte| byte == b'.');
        // (A plain split: the value is under 100 bytes, and memchr's setup would cost more.)
        let mut next = || fields.next().ok_or(Undecided::Invalid);
        let (version, revision, decided_at, granted, id) =
            (next()?, next()?, next()?, next()?, next()?);
        if fields.next().is_some() || version != FORMAT_VERSION {
            return Err(Undecided::Invalid);
        }
        let revision = parse_decimal(revision).ok_or(Undecided::Invalid)?;
        let revision = u32::try_from(revision).map_err(|_| Undecided::Invalid)?;
        let decided_at = parse_decimal(decided_at).ok_or(Undecided::Invalid)?;
        let id = ConsentId::parse_hex(id).ok_or(Undecided::Invalid)?;

        let mut set = CategorySet::NECESSARY_ONLY;
        let mut gpc_opt_ins = CategorySet::NECESSARY_ONLY;
        if !granted.is_empty() {
            for category in granted.split(|&byte| byte == b'+') {
                // `id!`: ticked while the browser sent Global Privacy Control.
                let (category, opted_in) = match category.strip_suffix(b"!") {
                    Some(category) => (category, true),
                    None => (category, false),
                };
                match policy.category_index(category) {
                    // Only a category the signal refuses can carry the mark.
                    Some(index)
                        if !index.is_necessary()
                            && !set.contains(index)
                            && (!opted_in || policy.gpc_categories().contains(index)) =>
                    {
                        set = set.with(index);
                        if opted_in {
                            gpc_opt_ins = gpc_opt_ins.with(index);
                        }
                    }
                    _ => return Err(Undecided::Invalid),
                }
            }
        }

        // The revision is checked before the age: a visitor asked again because the policy
        // changed is told so, which matters more than that the choice was also old.
        if revision > policy.revision() || decided_at > now.saturating_add(CLOCK_SKEW.as_secs()) {
            return Err(Undecided::Invalid);
        }
        if revision < policy.revision() {
            return Err(Undecided::PolicyChanged);
        }
        if now.saturating_sub(decided_at) > policy.consent_lifetime().as_secs() {
            return Err(Undecided::Expired);
        }
        Ok(Self {
            revision,
            decided_at,
            granted: set,
            gpc_opt_ins,
            id,
            from_legacy: false,
        })
    }
}

/// Plain ASCII digits only (no sign, no spaces), at most 19 of them so the value fits.
fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0u64, |number, digit| number * 10 + u64::from(digit - b'0')),
    )
}

/// Finds the consent cookie among the request's `Cookie` headers and reads it. Two or
/// more consent cookies mean "undecided": a sibling subdomain may have tossed one in.
///
/// Without one, a choice under the legacy (unprefixed) name is read when the policy
/// signs its cookies, and marked to be moved: signed, it was written by this site, not
/// tossed in by a sibling (which can toss any unsigned value under that name).
pub(crate) fn read_consent<'a, I>(
    cookie_headers: impl Fn() -> I,
    policy: &Policy,
    now: u64,
) -> Result<Decision, Undecided>
where
    I: Iterator<Item = &'a [u8]>,
{
    let name = policy.consent_cookie_name();
    if let Some(value) = find_value(cookie_headers(), name.as_bytes(), policy.consent_finder())? {
        return Decision::decode_named(value, name, policy, now);
    }
    let Some((legacy, finder)) = policy.legacy_consent_cookie() else {
        return Err(Undecided::NoChoice);
    };
    if policy.signing_keys().is_empty() {
        return Err(Undecided::NoChoice);
    }
    let value =
        find_value(cookie_headers(), legacy.as_bytes(), finder)?.ok_or(Undecided::NoChoice)?;
    let mut decision = Decision::decode_named(value, legacy, policy, now)?;
    decision.from_legacy = true;
    Ok(decision)
}

/// The value of the one pair named `name` (which `finder` finds) among the headers;
/// `Ok(None)` without one, `Err(Invalid)` with two or more.
///
/// Only the name's occurrences are looked at, instead of splitting every pair: the same
/// pairs as [`cookie_pairs`](crate::cookie_header::cookie_pairs) would find, at a
/// fraction of the cost for the usual 1 KB header. Each occurrence is judged by the
/// whitespace right around it, never by rescanning the header, so the work stays linear
/// however many times the name appears.
fn find_value<'a>(
    cookie_headers: impl Iterator<Item = &'a [u8]>,
    name: &[u8],
    finder: &memchr::memmem::Finder<'_>,
) -> Result<Option<&'a [u8]>, Undecided> {
    let is_space = |byte: &u8| *byte == b' ' || *byte == b'\t';
    let mut found = None;
    for header in cookie_headers {
        let mut from = 0;
        while let Some(offset) = finder.find(&header[from..]) {
            let at = from + offset;
            from = at + 1;
            // A pair starts at the header's start or after a `;` (and whitespace)...
            let before = header[..at].iter().rev().find(|byte| !is_space(byte));
            let starts_pair = before.is_none_or(|&byte| byte == b';');
            // ...and this is its whole name when `=` follows (after whitespace).
            let rest = &header[at + name.len()..];
            let value_start = rest.iter().position(|byte| !is_space(byte));
            let Some(after_eq) = value_start
                .filter(|&start| starts_pair && rest[start] == b'=')
                .map(|start| &rest[start + 1..])
            else {
                continue;
            };
            let value_end = memchr::memchr(b';', after_eq).unwrap_or(after_eq.len());
            if found.replace(trim(&after_eq[..value_end])).is_some() {
                return Err(Undecided::Invalid);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Category, CategoryIndex};

    const DAY: u64 = 24 * 60 * 60;
    const NOW: u64 = 1_764_441_482;
    const ID: &str = "9f86d081884c7d659a2feaa0c55ad015";

    fn policy(revision: u32) -> Policy {
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .category(Category::advertising().sells_or_shares(true))
            .revision(revision)
            .consent_cookie_name("cookie_consent")
            .build()
            .unwrap()
    }

    fn decode(value: &str) -> Result<Decision, Undecided> {
        Decision::decode(value.as_bytes(), &policy(3), NOW)
    }

    #[test]
    fn round_trips() {
        let policy = policy(3);
        let decision = Decision {
            revision: 3,
            decided_at: NOW - 10,
            granted: CategorySet::NECESSARY_ONLY
                .with(CategoryIndex::new(1).unwrap())
                .with(CategoryIndex::new(3).unwrap()),
            gpc_opt_ins: CategorySet::NECESSARY_ONLY,
            id: ConsentId::parse_hex(ID.as_bytes()).unwrap(),
            from_legacy: false,
        };
        let value = decision.encode(&policy);
        assert_eq!(
            value,
            format!("1.3.{}.functionality+advertising.{ID}", NOW - 10)
        );
        assert_eq!(
            Decision::decode(value.as_bytes(), &policy, NOW),
            Ok(decision.clone())
        );
        // A category ticked under Global Privacy Control is marked `!`.
        let opted_in = Decision {
            gpc_opt_ins: CategorySet::NECESSARY_ONLY.with(CategoryIndex::new(3).unwrap()),
            ..decision
        };
        let value = opted_in.encode(&policy);
        assert_eq!(
            value,
            format!("1.3.{}.functionality+advertising!.{ID}", NOW - 10)
        );
        assert_eq!(
            Decision::decode(value.as_bytes(), &policy, NOW),
            Ok(opted_in)
        );
        for bad in [
            "advertising!!",
            "!advertising",
            "advertising+advertising!",
            "!",
        ] {
            let value = format!("1.3.{}.{bad}.{ID}", NOW - 10);
            assert_eq!(
                Decision::decode(value.as_bytes(), &policy, NOW),
                Err(Undecided::Invalid),
                "{bad}"
            );
        }
    }

    fn signed(keys: &[&[u8]]) -> Policy {
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .revision(3)
            .signing_keys(keys.iter().copied())
            .build()
            .unwrap()
    }

    #[test]
    fn signed_values_verify_and_nothing_else_does() {
        let (key, old, other) = ([1u8; 32], [2u8; 32], [3u8; 40]);
        let policy = signed(&[&key]);
        let decision = Decision {
            revision: 3,
            decided_at: NOW,
            granted: CategorySet::NECESSARY_ONLY.with(CategoryIndex::new(2).unwrap()),
            gpc_opt_ins: CategorySet::NECESSARY_ONLY,
            id: ConsentId::parse_hex(ID.as_bytes()).unwrap(),
            from_legacy: false,
        };
        let value = decision.encode(&policy);
        let (payload, signature) = value.rsplit_once('.').unwrap();
        assert_eq!(payload, format!("1.3.{NOW}.performance.{ID}"));
        assert_eq!(signature.len(), 64);
        assert_eq!(
            Decision::decode(value.as_bytes(), &policy, NOW),
            Ok(decision.clone())
        );

        let tampered = value.replace(".performance.", ".functionality.");
        let truncated = &value[..value.len() - 1];
        let flipped = format!(
            "{}{}",
            &value[..value.len() - 1],
            if value.ends_with('0') { '1' } else { '0' }
        );
        let upper = format!("{payload}.{}", signature.to_uppercase());
        for bad in [
            tampered.as_str(),
            truncated,
            &flipped,
            payload,
            &upper,
            &format!("{value}.x"),
        ] {
            assert_eq!(
                Decision::decode(bad.as_bytes(), &policy, NOW),
                Err(Undecided::Invalid),
                "{bad}"
            );
        }
        // Another key, or none: not ours.
        assert_eq!(
            Decision::decode(value.as_bytes(), &signed(&[&other]), NOW),
            Err(Undecided::Invalid)
        );
        let unsigned = policy_without_keys();
        assert_eq!(
            Decision::decode(value.as_bytes(), &unsigned, NOW),
            Err(Undecided::Invalid)
        );

        // Rotation: the new key signs, the old one still verifies.
        let rotated = signed(&[&other, &key]);
        assert_eq!(
            Decision::decode(value.as_bytes(), &rotated, NOW),
            Ok(decision.clone())
        );
        let resigned = decision.encode(&rotated);
        assert_ne!(resigned, value);
        assert_eq!(
            Decision::decode(resigned.as_bytes(), &signed(&[&other]), NOW),
            Ok(decision.clone())
        );
        assert_eq!(
            Decision::decode(resigned.as_bytes(), &signed(&[&old, &key]), NOW),
            Err(Undecided::Invalid)
        );
    }

    fn policy_without_keys() -> Policy {
        Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .revision(3)
            .build()
            .unwrap()
    }

    #[test]
    fn reject_all_is_an_empty_category_field() {
        let decision = decode(&format!("1.3.{NOW}..{ID}")).unwrap();
        assert_eq!(decision.granted, CategorySet::NECESSARY_ONLY);
        let recorded = Decision::record(&policy(3), CategorySet::NECESSARY_ONLY);
        let value = recorded.encode(&policy(3));
        assert!(value.starts_with("1.3."), "{value}");
        assert!(value.contains(".."), "{value}");
        assert_eq!(value.len(), "1.3.".len() + 10 + 2 + 32);
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(ConsentId::random(), ConsentId::random());
        assert_eq!(ConsentId::random().to_string().len(), 32);
    }

    #[test]
    fn garbage_means_invalid() {
        let invalid = [
            "",
            "yes",
            "1",
            "1.3",
            &format!("2.3.{NOW}.performance.{ID}"),
            &format!("1.3.{NOW}.performance.{ID}.extra"),
            &format!("1.3.{NOW}.performance.{}", &ID[..31]),
            &format!("1.3.{NOW}.performance.{}", ID.to_uppercase()),
            &format!("1.3.{NOW}.performance.{}g", &ID[..31]),
            &format!("1.+3.{NOW}.performance.{ID}"),
            &format!("1.3. {NOW}.performance.{ID}"),
            &format!("1.3.-{NOW}.performance.{ID}"),
            &format!("1.99999999999.{NOW}.performance.{ID}"),
            &format!("1.3.99999999999999999999.performance.{ID}"),
            &format!("1.3.{NOW}.Performance.{ID}"),
            &format!("1.3.{NOW}.performance+performance.{ID}"),
            &format!("1.3.{NOW}.necessary.{ID}"),
            &format!("1.3.{NOW}.social.{ID}"),
            &format!("1.3.{NOW}.performance+.{ID}"),
            &format!("1.3.{NOW}.+performance.{ID}"),
            &format!("1.3.{NOW}.perf.{ID}"),
            &format!("1.4.{NOW}.performance.{ID}"),
            &format!("1.3.{}.performance.{ID}", NOW + 3600),
        ];
        for value in invalid {
            assert_eq!(decode(value), Err(Undecided::Invalid), "{value:?}");
        }
        let long = format!("1.3.{NOW}.{}.{ID}", "performance+".repeat(100));
        assert_eq!(decode(&long), Err(Undecided::Invalid));
    }

    #[test]
    fn older_revision_and_old_age_ask_again() {
        assert_eq!(
            decode(&format!("1.2.{NOW}.performance.{ID}")),
            Err(Undecided::PolicyChanged)
        );
        let lifetime = 180 * DAY;
        assert!(decode(&format!("1.3.{}.performance.{ID}", NOW - lifetime)).is_ok());
        assert_eq!(
            decode(&format!("1.3.{}.performance.{ID}", NOW - lifetime - 1)),
            Err(Undecided::Expired)
        );
        // A little clock skew is tolerated.
        assert!(decode(&format!("1.3.{}.performance.{ID}", NOW + 60)).is_ok());
    }

    /// The reference: split every pair, as `cookie_pairs` does.
    fn by_splitting(headers: &[&str]) -> Result<Vec<u8>, Undecided> {
        let mut found = None;
        for header in headers {
            for pair in crate::cookie_header::cookie_pairs(header.as_bytes()) {
                if pair.name == b"cookie_consent" && found.replace(pair.value.to_vec()).is_some() {
                    return Err(Undecided::Invalid);
                }
            }
        }
        found.ok_or(Undecided::NoChoice)
    }

    #[test]
    fn the_name_search_finds_what_splitting_finds() {
        let policy = policy(3);
        let value = format!("1.3.{NOW}.performance.{ID}");
        let cases = [
            format!("cookie_consent={value}"),
            format!("  cookie_consent  =  {value}  ;x=1"),
            format!("a=1;cookie_consent={value}"),
            format!("a=cookie_consent={value}"),
            format!("a=1 cookie_consent={value}"),
            format!("xcookie_consent={value}; cookie_consentx={value}"),
            format!("cookie_consent; cookie_consent={value}"),
            format!("cookie_consent={value};cookie_consent={value}"),
            format!("a=1;\tcookie_consent={value}\t;"),
            "cookie_consent=".to_owned(),
            "cookie_consent".to_owned(),
            ";;cookie_consent=;;".to_owned(),
        ];
        for case in &cases {
            let expected = by_splitting(&[case]);
            let found = read_consent(|| [case.as_bytes()].into_iter(), &policy, NOW);
            match expected {
                Ok(raw) => assert_eq!(found, Decision::decode(&raw, &policy, NOW), "{case:?}"),
                Err(reason) => assert_eq!(found, Err(reason), "{case:?}"),
            }
        }
    }

    #[test]
    fn finds_exactly_one_consent_cookie() {
        let policy = policy(3);
        let value = format!("1.3.{NOW}.performance.{ID}");
        let header = format!("a=1; cookie_consent={value}; b=2");
        let read =
            |headers: &[&str]| read_consent(|| headers.iter().map(|h| h.as_bytes()), &policy, NOW);
        assert!(read(&[&header]).is_ok());
        assert!(read(&["x=1", &header]).is_ok());
        assert_eq!(
            read(&["a=1", "xcookie_consent=1"]),
            Err(Undecided::NoChoice)
        );
        assert_eq!(read(&[]), Err(Undecided::NoChoice));
        let twice = format!("{header}; cookie_consent={value}");
        assert_eq!(read(&[&twice]), Err(Undecided::Invalid));
        assert_eq!(read(&[&header, &header]), Err(Undecided::Invalid));
        assert_eq!(read(&["cookie_consent=junk"]), Err(Undecided::Invalid));
    }
}
