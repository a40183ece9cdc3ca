//! Bytes of a page classified eight at a time (SWAR, on `u64` words), for the
//! tokenizer's and the skim's searches: short runs (text between tags, attributes) cost
//! less this way than a call that sets up a vectorized `memchr` search, which takes over
//! past [`SHORT`] bytes.

/// How many bytes are classified word by word (SWAR, below) before a search hands over
/// to `memchr`: text between tags and the attributes of a tag are mostly shorter, and
/// eight bytes classified at once cost less there than a call that sets up a
/// vectorized search.
const SHORT: usize = 64;

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that is zero (exact: no false positives from a
/// borrow, unlike the shorter `(x - ONES) & !x & HIGH`).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    let low_bits_set = (word & !HIGH).wrapping_add(!HIGH);
    !(low_bits_set | word | !HIGH)
}

/// The high bit of each byte of `word` equal to `byte`.
#[inline]
pub(super) fn equal_bytes(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ (ONES * u64::from(byte)))
}

/// The eight bytes of `haystack` from `at` as one word, first byte lowest.
#[inline]
pub(super) fn word_at(haystack: &[u8], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&haystack[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// The first byte of `haystack` whose bit is set in `classify` of its word, eight bytes
/// at a time up to [`SHORT`], then by `long` (a `memchr` search) for the rest.
#[inline]
fn find_structural(
    haystack: &[u8],
    classify: impl Fn(u64) -> u64,
    is_wanted: impl Fn(u8) -> bool,
    long: impl FnOnce(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let mut at = 0;
    while at + 8 <= haystack.len() {
        if at >= SHORT {
            return long(&haystack[at..]).map(|found| at + found);
        }
        let found = classify(word_at(haystack, at));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    haystack[at..]
        .iter()
        .position(|&byte| is_wanted(byte))
        .map(|found| at + found)
}

/// The first `byte` in `haystack`.
#[inline]
pub(super) fn find_byte(byte: u8, haystack: &[u8]) -> Option<usize> {
    find_structural(
        haystack,
        |word| equal_bytes(word, byte),
        |b| b == byte,
        |rest| memchr::memchr(byte, rest),
    )
}

/// The first `>`, `"` or `'` in `haystack` (only a quote can keep a `>` from ending a
/// tag).
#[inline]
pub(super) fn find_tag_end(haystack: &[u8]) -> Option<usize> {
    find_structural(
        haystack,
        |word| equal_bytes(word, b'>') | equal_bytes(word, b'"') | equal_bytes(word, b'\''),
        |b| matches!(b, b'>' | b'"' | b'\''),
        |rest| memchr::memchr3(b'>', b'"', b'\'', rest),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_bytes_are_found_at_every_offset_and_length() {
        for len in 0..150 {
            for at in 0..=len {
                let mut haystack = vec![b'a'; len];
                // Bytes that differ from the wanted one by a borrow or a high bit.
                for (i, byte) in haystack.iter_mut().enumerate() {
                    *byte = [b'a', 0x3d, 0x3b, 0xbc, 0x00, 0xff, b'='][i % 7];
                }
                let expected = (at < len).then_some(at);
                if at < len {
                    haystack[at] = b'<';
                }
                assert_eq!(find_byte(b'<', &haystack), expected, "{len} {at}");
                if at < len {
                    haystack[at] = [b'>', b'"', b'\''][at % 3];
                }
                assert_eq!(find_tag_end(&haystack), expected, "{len} {at}");
            }
        }
    }
}
