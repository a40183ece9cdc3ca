//! Reading `Cookie` request headers by hand.
//!
//! A cookie jar parses and allocates every cookie; the layer only needs to find one name
//! and classify the others, so it walks the bytes in place. Browsers send
//! `name=value; name=value`; the split follows RFC 6265bis §5.6 loosely (`;` separated,
//! whitespace trimmed, the name is the text before the first `=`), which is how browsers
//! and servers read what others wrote.

use std::ops::Range;

/// One `name=value` pair of a `Cookie` header, borrowed from the header bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CookiePair<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) value: &'a [u8],
    /// Where the trimmed pair sits in the header value.
    pub(crate) span: Range<usize>,
}

/// Iterates the pairs of one `Cookie` header value, skipping empty pieces (`;;`).
pub(crate) fn cookie_pairs(header: &[u8]) -> impl Iterator<Item = CookiePair<'_>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < header.len() {
            let end = memchr::memchr(b';', &header[start..]).map_or(header.len(), |at| start + at);
            let piece = trim_range(header, start..end);
            start = end + 1;
            if piece.is_empty() {
                continue;
            }
            let bytes = &header[piece.clone()];
            let (name, value) = match memchr::memchr(b'=', bytes) {
                Some(eq) => (trim(&bytes[..eq]), trim(&bytes[eq + 1..])),
                // RFC 6265bis: a pair without `=` is a cookie with an empty name.
                None => (&bytes[..0], bytes),
            };
            return Some(CookiePair {
                name,
                value,
                span: piece,
            });
        }
        None
    })
}

/// Trims spaces and tabs, the only whitespace a cookie string may carry.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let range = trim_range(bytes, 0..bytes.len());
    &bytes[range]
}

fn trim_range(bytes: &[u8], mut range: Range<usize>) -> Range<usize> {
    while range.start < range.end && matches!(bytes[range.start], b' ' | b'\t') {
        range.start += 1;
    }
    while range.end > range.start && matches!(bytes[range.end - 1], b' ' | b'\t') {
        range.end -= 1;
    }
    range
}

/// Rebuilds a `Cookie` header value without the pairs `keep` rejects. Kept pairs keep
/// their exact bytes, joined by the separator that followed the previous kept pair, so
/// the application sees the header as the browser sent it, less the removed cookies.
/// `None` when nothing is kept.
pub(crate) fn without_pairs(
    header: &[u8],
    mut keep: impl FnMut(&CookiePair<'_>) -> bool,
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(header.len());
    let mut last_kept_end = None;
    let mut separator = 0..0;
    for pair in cookie_pairs(header) {
        if let Some(end) = last_kept_end.take() {
            separator = end..pair.span.start;
        }
        if keep(&pair) {
            if !out.is_empty() {
                out.extend_from_slice(&header[separator.clone()]);
            }
            out.extend_from_slice(&header[pair.span.clone()]);
            last_kept_end = Some(pair.span.end);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(header: &str) -> Vec<(&str, &str)> {
        cookie_pairs(header.as_bytes())
            .map(|pair| {
                (
                    std::str::from_utf8(pair.name).unwrap(),
                    std::str::from_utf8(pair.value).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn splits_trims_and_skips_empty_pieces() {
        assert_eq!(pairs("a=1; b=2"), [("a", "1"), ("b", "2")]);
        assert_eq!(pairs(" a = 1 ;;\tb=2=3;"), [("a", "1"), ("b", "2=3")]);
        assert_eq!(pairs("lonely; =x"), [("", "lonely"), ("", "x")]);
        assert_eq!(pairs(""), []);
        assert_eq!(pairs(" ; ; "), []);
    }

    #[test]
    fn spans_point_at_the_trimmed_pair() {
        let header = b"  a=1 ;b=2";
        let spans: Vec<_> = cookie_pairs(header).map(|pair| pair.span).collect();
        assert_eq!(spans, [2..5, 7..10]);
    }

    #[test]
    fn removal_keeps_other_bytes_as_sent() {
        let header = b"a=1; _ga=GA1.2;b=2;  _gid=x; c=3";
        let kept = without_pairs(header, |pair| !pair.name.starts_with(b"_g")).unwrap();
        assert_eq!(kept, b"a=1; b=2;  c=3");
        let first_removed = without_pairs(b"_ga=1; a=1;b=2", |pair| pair.name != b"_ga").unwrap();
        assert_eq!(first_removed, b"a=1;b=2");
        assert_eq!(without_pairs(b"_ga=1; _gid=2", |_| false), None);
    }
}
