//! Choosing the visitor's language from `Accept-Language` (RFC 9110 §12.5.4), among the
//! languages the layer offers.
//!
//! The header is a list of language ranges with optional weights: `fr-CH, fr;q=0.9,
//! en;q=0.8, *;q=0.5`. The ranges are tried from the highest weight down (ties in the
//! order written); a range matches an offered tag when they are equal ignoring case, or
//! when the range is longer and the tag is a prefix of it ending at a `-` (`de-AT` falls
//! back to `de`: the "lookup" scheme of RFC 4647 §3.4). `*` matches the first offered
//! language. `q=0` refuses a range, and with it every offered tag it alone would match.
//! Malformed items are skipped; a header with nothing usable chooses nothing, and the
//! caller falls back to the policy's default.
//!
//! Work is bounded whatever the header: at most [`MAX_ITEMS`] list items are looked at
//! (valid or not, over every header line), of which at most [`MAX_RANGES`] ranges are
//! kept, and nothing is allocated.

/// At most this many ranges of one request are considered (browsers send a handful).
pub(crate) const MAX_RANGES: usize = 32;

/// At most this many list items (ranges, empty items and malformed ones alike) are
/// looked at: a header of a million bad items costs what one of this many does.
pub(crate) const MAX_ITEMS: usize = 64;

/// One language range with its weight, in thousandths (`q=0.8` is 800).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range<'h> {
    tag: &'h str,
    weight: u16,
}

/// The index in `offered` of the language to show, or `None` when the header lines
/// `values` (one comma-separated list) name none of them.
pub(crate) fn negotiate<'h, T: AsRef<str>>(
    values: impl IntoIterator<Item = &'h str>,
    offered: &[T],
) -> Option<usize> {
    let mut kept = [Range { tag: "", weight: 0 }; MAX_RANGES];
    let mut count = 0;
    let items = values
        .into_iter()
        .flat_map(|value| value.split(','))
        .take(MAX_ITEMS);
    for range in items.filter_map(parse_range) {
        kept[count] = range;
        count += 1;
        if count == MAX_RANGES {
            break;
        }
    }
    let ranges = &mut kept[..count];
    // Highest weight first, ties in the written order: a stable insertion sort (at most
    // 32 items, and no buffer to allocate as `sort_by_key` would).
    for next in 1..ranges.len() {
        let mut at = next;
        while at > 0 && ranges[at - 1].weight < ranges[at].weight {
            ranges.swap(at - 1, at);
            at -= 1;
        }
    }
    let ranges = &*ranges;
    // A tag takes the weight of the most specific range that matches it (`*` covers
    // only what no other range names: RFC 9110 §12.5.4), and `q=0` there refuses it.
    let refused = |index: usize| {
        let tag = offered[index].as_ref();
        ranges
            .iter()
            .filter(|range| range_matches(range.tag, tag))
            .max_by_key(|range| {
                if range.tag == "*" {
                    0
                } else {
                    range.tag.len() + 1
                }
            })
            .is_some_and(|range| range.weight == 0)
    };
    for range in ranges.iter().filter(|range| range.weight > 0) {
        if range.tag == "*" {
            if let Some(index) = (0..offered.len()).find(|&index| !refused(index)) {
                return Some(index);
            }
            continue;
        }
        let found = lookup(range.tag, |candidate| {
            offered
                .iter()
                .position(|tag| tag.as_ref().eq_ignore_ascii_case(candidate))
                .filter(|&index| !refused(index))
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// RFC 4647 lookup: `find` asked for `tag`, then for each shorter prefix ending at a
/// `-` (`de-CH-1996`, `de-CH`, `de`), until it finds something.
pub(crate) fn lookup<'t, R>(tag: &'t str, mut find: impl FnMut(&'t str) -> Option<R>) -> Option<R> {
    let mut candidate = tag;
    loop {
        if let Some(found) = find(candidate) {
            return Some(found);
        }
        candidate = &candidate[..candidate.rfind('-')?];
    }
}

/// Whether a refusing range covers `tag`: the same tag, a tag under it (`de` covers
/// `de-AT`), or `*`.
fn range_matches(range: &str, tag: &str) -> bool {
    range == "*"
        || tag.eq_ignore_ascii_case(range)
        || (tag.len() > range.len()
            && tag.as_bytes()[range.len()] == b'-'
            && tag[..range.len()].eq_ignore_ascii_case(range))
}

/// One list item: a range (`*`, or 1 to 8 letters, then `-` and 1 to 8 letters or
/// digits, repeated) and an optional `q` weight (`0` to `1`, up to three decimals).
fn parse_range(item: &str) -> Option<Range<'_>> {
    let mut parts = item.split(';');
    let tag = parts.next()?.trim();
    if !is_language_range(tag) {
        return None;
    }
    let mut weight = 1000;
    for parameter in parts {
        let parameter = parameter.trim();
        let (name, value) = parameter.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("q") {
            return None;
        }
        weight = parse_weight(value.trim())?;
    }
    Some(Range { tag, weight })
}

fn is_language_range(tag: &str) -> bool {
    tag == "*" || is_language_tag(tag)
}

/// A language tag as ranges write them: 1 to 8 letters, then subtags of 1 to 8 letters
/// or digits after `-` (`de`, `pt-BR`, `zh-Hant-TW`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_ok = subtags.next().is_some_and(|first| {
        (1..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic())
    });
    first_ok
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
fn parse_weight(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // `5` is 500, `05` is 50, `005` is 5: the digits, padded with zeros to three.
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: [&str; 5] = ["en", "de", "fr", "pt", "ga"];

    fn chosen(header: &str) -> Option<&'static str> {
        negotiate([header], &OFFERED).map(|index| OFFERED[index])
    }

    #[test]
    fn weights_decide_and_ties_keep_the_written_order() {
        assert_eq!(chosen("fr"), Some("fr"));
        assert_eq!(chosen("de;q=0.5, fr;q=0.8"), Some("fr"));
        assert_eq!(chosen("de, fr"), Some("de"));
        assert_eq!(chosen("xx, fr;q=0.1"), Some("fr"));
        assert_eq!(chosen("de;q=0.500, fr;q=0.5"), Some("de"));
        assert_eq!(chosen("fr;q=1.000, de;q=1"), Some("fr"));
    }

    #[test]
    fn regions_fall_back_to_their_language() {
        assert_eq!(chosen("de-AT"), Some("de"));
        assert_eq!(chosen("pt-BR, en;q=0.5"), Some("pt"));
        assert_eq!(chosen("FR-ca"), Some("fr"));
        assert_eq!(chosen("zh-Hant-TW, ga-IE;q=0.3"), Some("ga"));
        // A region offered on its own is not reached from its language.
        assert_eq!(negotiate(["pt"], &["en", "pt-BR"]), None);
        assert_eq!(negotiate(["pt-br"], &["en", "pt-BR"]), Some(1));
    }

    #[test]
    fn wildcards_and_refusals() {
        assert_eq!(chosen("*"), Some("en"));
        assert_eq!(chosen("xx, *;q=0.1"), Some("en"));
        assert_eq!(chosen("en;q=0, *"), Some("de"));
        assert_eq!(chosen("de-AT, de;q=0"), None);
        assert_eq!(chosen("fr;q=0"), None);
        assert_eq!(chosen("*;q=0"), None);
        // The most specific range decides: `*;q=0` does not refuse a listed language,
        // nor `de;q=0` a listed region of it.
        assert_eq!(chosen("fr, *;q=0"), Some("fr"));
        assert_eq!(chosen("xx, *;q=0"), None);
        assert_eq!(negotiate(["de;q=0, de-AT"], &["en", "de-AT"]), Some(1));
        assert_eq!(negotiate(["de-AT;q=0, de"], &["de-AT", "de"]), Some(1));
    }

    #[test]
    fn unknown_and_malformed_headers_choose_nothing_or_skip_the_bad_items() {
        for header in [
            "",
            "xx",
            "x-klingon",
            ";q=1",
            "de;q=2",
            "de;q=0.5555",
            "de;q=",
            "de;x=1",
            "de;q=abc",
            "d e",
            "de_AT",
            "123",
            "toolongtag",
            "de-toolongsubtag",
            ",,,",
            "é",
            "de-",
            "-de",
        ] {
            assert_eq!(chosen(header), None, "{header:?}");
        }
        assert_eq!(chosen("de;q=2, fr;q=0.3"), Some("fr"));
        assert_eq!(chosen(" , fr ; q = 0.3 ,"), Some("fr"));
        // Only the first 32 ranges count.
        let long = format!("{}fr", "xx, ".repeat(40));
        assert_eq!(chosen(&long), None);
        let short = format!("{}fr", "xx, ".repeat(20));
        assert_eq!(chosen(&short), Some("fr"));
    }

    #[test]
    fn at_most_64_items_are_looked_at_valid_or_not() {
        // The red team's header: malformed items used to be skipped without counting.
        let flood = format!("{}fr", "a;q=2,".repeat(50_000));
        assert_eq!(chosen(&flood), None);
        let within = format!("{}fr", "a;q=2,".repeat(63));
        assert_eq!(chosen(&within), Some("fr"));
        let past = format!("{}fr", "a;q=2,".repeat(64));
        assert_eq!(chosen(&past), None);
        // Over several header lines, counted together.
        let line = "a;q=2,".repeat(40);
        assert_eq!(negotiate([&line[..], &line, "fr"], &OFFERED), None);
        assert_eq!(negotiate([&line[..], "fr"], &OFFERED), Some(2));
        assert_eq!(negotiate(["de;q=0.5", "fr;q=0.8"], &OFFERED), Some(2));
    }
}
