//! `Link` response headers (RFC 8288) that open a connection to a known tracker before
//! anything on the page runs: `preconnect`, `dns-prefetch`, `preload`, `prefetch` and
//! `modulepreload` links whose target is on a tracker's host ([`crate::trackers`]).
//! With automatic gating ([`Gating::automatic`](crate::Gating::automatic)) such a link
//! is dropped for a visitor who has not granted the tracker's category; the other links
//! of the same field line stay, in order, byte for byte.
//!
//! A field value is a comma-separated list of `<URI-Reference> *( ";" link-param )`;
//! commas inside the `<…>` and inside quoted strings are not separators. Only the
//! first `rel` parameter of a link counts (RFC 8288 §3.3); its value is a
//! space-separated list of relation types, compared ASCII-case-insensitively.
//!
//! A link this reader cannot parse (no `<…>` target, a `>` or a quote never closed, a
//! parameter without a name) is dropped for a visitor who has not granted every
//! optional category, since a browser's more lenient parser might read a tracker link
//! in it, and kept for one who granted everything (nothing is left to protect). That
//! is the safe side: a hint lost costs a little speed, a connection opened to a tracker
//! before consent cannot be taken back.

use http::header::{self, HeaderMap, HeaderValue};

use crate::policy::{CategorySet, Policy};
use crate::trackers::{Found, FoundKind, LinkRel, TrackerLog, tracker_for_url};

/// What one link of a field value is, for a visitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Not a tracker link (or an empty list element): kept for every visitor.
    Keep,
    /// A tracker link or an unparsable one: kept only for these visitors.
    Gated { kept: bool },
}

/// Gates a response's `Link` headers for a visitor who granted `granted` (with
/// `automatic` gating on; off, nothing is dropped), records tracker links in `log`
/// (with the request's path and query, when discovery is on), and says whether the
/// response's links depended on the visitor's choice (it then varies on `Cookie`).
/// A response without `Link` costs one lookup.
pub(crate) fn gate_links(
    headers: &mut HeaderMap,
    policy: &Policy,
    granted: CategorySet,
    automatic: bool,
    log: Option<(&TrackerLog, &[u8])>,
) -> bool {
    if !headers.contains_key(header::LINK) {
        return false;
    }
    let everything =
        granted.bits() & policy.all_categories().bits() == policy.all_categories().bits();
    let mut depends = false;
    let mut drops = false;
    for value in headers.get_all(header::LINK) {
        for (_, fate) in links(value.as_bytes(), policy, granted, everything, log) {
            if let Fate::Gated { kept } = fate {
                depends = true;
                drops |= !kept;
            }
        }
    }
    if automatic && drops {
        crate::headers::rewrite_values(headers, &header::LINK, |value| {
            let kept = kept_links(value.as_bytes(), policy, granted, everything);
            if kept.len() == value.len() {
                return Some(value);
            }
            (!kept.is_empty())
                .then(|| HeaderValue::from_bytes(&kept).ok())
                .flatten()
        });
    }
    automatic && depends
}

/// The field value `value` without the links dropped for this visitor: the kept list
/// elements joined by the commas that separated them, the first one's leading
/// whitespace trimmed. Empty when none is kept.
fn kept_links(value: &[u8], policy: &Policy, granted: CategorySet, everything: bool) -> Vec<u8> {
    let mut kept = Vec::with_capacity(value.len());
    let mut first = true;
    for (element, fate) in links(value, policy, granted, everything, None) {
        if matches!(fate, Fate::Gated { kept: false }) {
            continue;
        }
        if std::mem::take(&mut first) {
            let start = element
                .iter()
                .position(|&byte| !is_ows(byte))
                .unwrap_or(element.len());
            kept.extend_from_slice(&element[start..]);
        } else {
            kept.push(b',');
            kept.extend_from_slice(element);
        }
    }
    if kept.iter().all(|&byte| is_ows(byte) || byte == b',') {
        kept.clear();
    }
    kept
}

/// Each list element of `value` (as written, between its commas) with its fate.
fn links<'a>(
    value: &'a [u8],
    policy: &'a Policy,
    granted: CategorySet,
    everything: bool,
    log: Option<(&'a TrackerLog, &'a [u8])>,
) -> impl Iterator<Item = (&'a [u8], Fate)> + 'a {
    elements(value).map(move |element| {
        let fate = match parse(element) {
            Parsed::Empty | Parsed::Link { rel: None, .. } => Fate::Keep,
            Parsed::Link {
                target,
                rel: Some(rel),
            } => match tracker_for_url(target) {
                None => Fate::Keep,
                Some(tracker) => {
                    if let Some((log, page)) = log {
                        log.record(FoundKind::Link(rel), Found::Tracker(tracker), page);
                    }
                    let kept = tracker
                        .category_in(policy)
                        .is_some_and(|category| granted.contains(category));
                    Fate::Gated { kept }
                }
            },
            Parsed::Malformed => Fate::Gated { kept: everything },
        };
        (element, fate)
    })
}

/// The elements of a comma-separated list, commas inside `<…>` and quoted strings (with
/// their `\` escapes) not counting. An unclosed `<` or quote runs to the end.
fn elements(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let current = rest?;
        let mut at = 0;
        let mut in_target = false;
        let mut in_quotes = false;
        while at < current.len() {
            let byte = current[at];
            if in_quotes {
                match byte {
                    b'\\' => at += 1,
                    b'"' => in_quotes = false,
                    _ => {}
                }
            } else if in_target {
                in_target = byte != b'>';
            } else {
                match byte {
                    b'<' => in_target = true,
                    b'"' => in_quotes = true,
                    b',' => {
                        rest = Some(&current[at + 1..]);
                        return Some(&current[..at]);
                    }
                    _ => {}
                }
            }
            at += 1;
        }
        rest = None;
        Some(current)
    })
}

/// One list element read.
#[derive(Debug, PartialEq, Eq)]
enum Parsed<'a> {
    /// Only whitespace (the list syntax allows empty elements).
    Empty,
    /// A link: its target, and the first relation type of its first `rel` that opens
    /// a connection early (`None`: no such type).
    Link {
        target: &'a [u8],
        rel: Option<LinkRel>,
    },
    Malformed,
}

fn is_ows(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

fn trim_ows(mut bytes: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = bytes
        && is_ows(*first)
    {
        bytes = rest;
    }
    while let [rest @ .., last] = bytes
        && is_ows(*last)
    {
        bytes = rest;
    }
    bytes
}

fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn parse(element: &[u8]) -> Parsed<'_> {
    let element = trim_ows(element);
    if element.is_empty() {
        return Parsed::Empty;
    }
    let Some(after_open) = element.strip_prefix(b"<") else {
        return Parsed::Malformed;
    };
    let Some(close) = after_open.iter().position(|&byte| byte == b'>') else {
        return Parsed::Malformed;
    };
    let target = &after_open[..close];
    let mut rest = trim_ows(&after_open[close + 1..]);
    let mut rel = None;
    let mut rel_seen = false;
    while !rest.is_empty() {
        let Some(after_semicolon) = rest.strip_prefix(b";") else {
            return Parsed::Malformed;
        };
        rest = trim_ows(after_semicolon);
        let name_length = rest.iter().take_while(|&&byte| is_token(byte)).count();
        if name_length == 0 {
            // `;` at the end, or `;;`: an empty parameter, which browsers skip.
            if rest.is_empty() || rest[0] == b';' {
                continue;
            }
            return Parsed::Malformed;
        }
        let name = &rest[..name_length];
        rest = trim_ows(&rest[name_length..]);
        let mut param_value: Vec<u8> = Vec::new();
        if let Some(after_equals) = rest.strip_prefix(b"=") {
            rest = trim_ows(after_equals);
            if let Some(quoted) = rest.strip_prefix(b"\"") {
                let mut at = 0;
                let mut closed = false;
                while at < quoted.len() {
                    match quoted[at] {
                        b'\\' if at + 1 < quoted.len() => {
                            param_value.push(quoted[at + 1]);
                            at += 2;
                        }
                        b'"' => {
                            closed = true;
                            at += 1;
                            break;
                        }
                        byte => {
                            param_value.push(byte);
                            at += 1;
                        }
                    }
                }
                if !closed {
                    return Parsed::Malformed;
                }
                rest = trim_ows(&quoted[at..]);
            } else {
                let length = rest.iter().take_while(|&&byte| is_token(byte)).count();
                param_value.extend_from_slice(&rest[..length]);
                rest = trim_ows(&rest[length..]);
            }
        }
        if !rel_seen && name.eq_ignore_ascii_case(b"rel") {
            rel_seen = true;
            rel = param_value
                .split(|&byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0C))
                .find_map(LinkRel::from_keyword);
        }
    }
    Parsed::Link { target, rel }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_split_outside_targets_and_quotes() {
        let value = br#"<https://a.example/x,y>; rel="preload, x", <b>;title="a\",b", <c>"#;
        let split: Vec<&[u8]> = elements(value).collect();
        assert_eq!(
            split,
            [
                &br#"<https://a.example/x,y>; rel="preload, x""#[..],
                br#" <b>;title="a\",b""#,
                b" <c>",
            ]
        );
        assert_eq!(elements(b"").collect::<Vec<_>>(), [b""]);
        assert_eq!(elements(b"<a, b").collect::<Vec<_>>(), [b"<a, b"]);
    }

    /// Every value of up to five bytes over the bytes that matter to the reader (and
    /// one that is not ASCII): no panic, and what is kept for a visitor who granted
    /// everything is the value itself (its first element's leading whitespace aside),
    /// for one who granted nothing a list of its own elements, in order.
    #[test]
    fn every_short_value_is_read_without_a_panic() {
        let policy = crate::test_policy::policy();
        let all = policy.all_categories();
        let none = CategorySet::NECESSARY_ONLY;
        let alphabet = b"<>\",;= \\r\xff";
        let mut value = Vec::new();
        let mut count = 0;
        for length in 0..=5u32 {
            for mut code in 0..alphabet.len().pow(length) {
                value.clear();
                for _ in 0..length {
                    value.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                // No tracker can be named with these bytes: everything is kept.
                let everything = kept_links(&value, &policy, all, true);
                let start = value.iter().position(|&byte| !is_ows(byte));
                let expected = match start {
                    _ if value.iter().all(|&byte| is_ows(byte) || byte == b',') => &[][..],
                    Some(start) => &value[start..],
                    None => &[][..],
                };
                assert_eq!(everything, expected, "{value:?}");
                let nothing = kept_links(&value, &policy, none, false);
                assert!(nothing.len() <= value.len(), "{value:?}");
                let _ = tracker_for_url(&value);
                let _ = crate::trackers::tracker_in_snippet(&value);
                count += 1;
            }
        }
        assert_eq!(count, (0..=5).map(|n| 10usize.pow(n)).sum::<usize>());
    }

    #[test]
    fn links_are_parsed_strictly() {
        let link = |target: &'static [u8], rel| Parsed::Link { target, rel };
        assert_eq!(
            parse(b" <https://x/>; rel=preconnect"),
            link(b"https://x/", Some(LinkRel::Preconnect))
        );
        assert_eq!(
            parse(b"<//x/a.js>;rel=\"stylesheet ModulePreload\";as=script"),
            link(b"//x/a.js", Some(LinkRel::ModulePreload))
        );
        // Only the first `rel` counts.
        assert_eq!(
            parse(b"<https://x/>; rel=stylesheet; rel=preload"),
            link(b"https://x/", None)
        );
        assert_eq!(
            parse(b"<https://x/>;; crossorigin;"),
            link(b"https://x/", None)
        );
        assert_eq!(parse(b"  "), Parsed::Empty);
        for malformed in [
            &b"https://x/; rel=preconnect"[..],
            b"<https://x/; rel=preconnect",
            b"<https://x/> rel=preconnect",
            b"<https://x/>; rel=\"preconnect",
            b"<https://x/>; =preconnect",
            b"<https://x/>; rel=pre connect",
        ] {
            assert_eq!(parse(malformed), Parsed::Malformed, "{malformed:?}");
        }
    }
}
