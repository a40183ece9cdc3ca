//! The pass's fast path over the tags no stage wants (WHATWG HTML §13.2.5.6-13,
//! 13.2.5.32-40 as far as they decide where a tag ends).
//!
//! Once the stages only wait for a few element names (the head insert and the banner
//! are placed, no element's content is held), most of a page is tags none of them reads:
//! `<div>`, `<a href="...">`, `</p>`. The tokenizer's general states record every tag's
//! name and attributes for whoever may ask; here a tag whose name is not in
//! [`READ_IN_FULL`] is passed over with no record at all. Its name is read eight bytes
//! at once into one number, and its attributes through a small table-driven automaton
//! that only knows where a quoted value starts (the one place a `>` does not end a tag)
//! and jumps over the value with one search; the common `name="value"` is taken eight
//! bytes at once too. The `<`s come from one search over the chunk.
//!
//! Everything else (comments, doctypes, a `<` that is text, a tag cut by the end of the
//! chunk, a name in [`READ_IN_FULL`]) is handed back at its `<` to the general states,
//! which then read that token as they always did. So the skim changes no token anyone
//! is told of; the tests and the differential fuzz target compare the two.

use super::tokenizer::{HIGH, ONES, equal_bytes, find_byte, word_at};

/// The element names the tokenizer always reads with its general states, start and end
/// tags alike: every name whose tag switches the tokenizer (raw text, RCDATA, script
/// data, `<plaintext>`, foreign content, templates), and every name the gate acts on.
/// A stage that tells the tokenizer it skims ([`super::tokenizer::Sink::skims`]) acts on
/// no other name.
pub(super) const READ_IN_FULL: [&[u8]; 20] = [
    // The tree builder's switches.
    b"script",
    b"style",
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
    b"svg",
    b"math",
    b"template",
    // The gate's elements that are not switches already.
    b"img",
    b"link",
    b"source",
    b"video",
    b"audio",
    b"object",
    b"embed",
];

/// A name's first eight bytes, ASCII-lowercased, packed first byte lowest (zeros past a
/// shorter name's end).
type Key = u64;

const fn key_of(name: &[u8]) -> Key {
    let mut key = 0;
    let mut at = 0;
    while at < name.len() && at < 8 {
        key |= (name[at].to_ascii_lowercase() as Key) << (8 * at);
        at += 1;
    }
    key
}

/// The keys of [`READ_IN_FULL`]: a name whose key is one of them is handed back. Names
/// of eight bytes and more are told apart by their first eight only, and a name with a
/// NUL can look like a shorter one (`img\0`): either way the general states then read a
/// tag they did not need to, which changes nothing.
const READ_IN_FULL_KEYS: [Key; READ_IN_FULL.len()] = {
    let mut keys = [0; READ_IN_FULL.len()];
    let mut at = 0;
    while at < keys.len() {
        keys[at] = key_of(READ_IN_FULL[at]);
        at += 1;
    }
    keys
};

/// The high bit of each byte of `word` that ends a tag name (whitespace, `/`, `>`) or is
/// another control byte below the space (which the caller tells apart).
#[inline]
fn name_ends(word: u64) -> u64 {
    // Bytes below 0x21: adding 0x5F to the low seven bits carries into the high bit
    // exactly for 0x21 and up (no carry crosses a byte); bytes of 0x80 and up are not.
    let at_least_0x21 = (word & !HIGH).wrapping_add(ONES * 0x5F);
    let below_0x21 = !(at_least_0x21 | word) & HIGH;
    below_0x21 | equal_bytes(word, b'/') | equal_bytes(word, b'>')
}

/// `word` with its ASCII capitals in lowercase.
#[inline]
fn lowercase(word: u64) -> u64 {
    let low_bits = word & !HIGH;
    let at_least_a = low_bits.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let past_z = low_bits.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    let capitals = at_least_a & !past_z & !word & HIGH;
    word | (capitals >> 2)
}

/// A tag's name starting at `at` (its first byte a letter): the key, and the offset of
/// the byte that ends it; `None` when the chunk ends first, or when the name holds a
/// control byte (the general states read those few).
#[inline]
fn read_name(chunk: &[u8], at: usize) -> Option<(Key, usize)> {
    if at + 8 <= chunk.len() {
        let word = word_at(chunk, at);
        let ends = name_ends(word);
        if ends != 0 {
            let length = (ends.trailing_zeros() / 8) as usize;
            if !super::is_tag_name_end(chunk[at + length]) {
                return None;
            }
            // `length` is 1 to 7: the first byte is a letter.
            let key = lowercase(word) & ((1 << (8 * length)) - 1);
            return Some((key, at + length));
        }
        // Eight bytes and more: the first eight are the key, the rest is passed over.
        let mut end = at + 8;
        while end < chunk.len() && !super::is_tag_name_end(chunk[end]) {
            end += 1;
        }
        return (end < chunk.len()).then_some((lowercase(word), end));
    }
    let mut end = at;
    while end < chunk.len() && !super::is_tag_name_end(chunk[end]) {
        end += 1;
    }
    (end < chunk.len()).then(|| (key_of(&chunk[at..end]), end))
}

// The automaton's states: the attribute states of §13.2.5.32-40 that differ in where a
// quoted value can start. The self-closing start tag state and the state after a quoted
// value reconsume anything but `>` in "before attribute name", so they are that state
// here; `END` and `OPEN_QUOTE` are actions, not states.
const BEFORE_NAME: u8 = 0;
const NAME: u8 = 1;
const AFTER_NAME: u8 = 2;
const BEFORE_VALUE: u8 = 3;
const UNQUOTED: u8 = 4;
const END: u8 = 5;
const OPEN_QUOTE: u8 = 6;

/// The next state for each state and byte, `NEXT[state * 256 + byte]` (one load a
/// byte). Quotes, `=` and `<` where a name or an unquoted value starts are part of it
/// (parse errors that change nothing about where the tag ends).
static NEXT: [u8; 5 * 256] = {
    let mut next = [0; 5 * 256];
    let mut byte = 0;
    while byte < 256 {
        // Whitespace, `/`, `=`, `>`, a quote, anything else.
        let class = match byte as u8 {
            b'\t' | b'\n' | 0x0C | b'\r' | b' ' => 0,
            b'/' => 1,
            b'=' => 2,
            b'>' => 3,
            b'"' | b'\'' => 4,
            _ => 5,
        };
        let row: [[u8; 6]; 5] = [
            [BEFORE_NAME, BEFORE_NAME, NAME, END, NAME, NAME],
            [AFTER_NAME, BEFORE_NAME, BEFORE_VALUE, END, NAME, NAME],
            [AFTER_NAME, BEFORE_NAME, BEFORE_VALUE, END, NAME, NAME],
            [BEFORE_VALUE, UNQUOTED, UNQUOTED, END, OPEN_QUOTE, UNQUOTED],
            [BEFORE_NAME, UNQUOTED, UNQUOTED, END, UNQUOTED, UNQUOTED],
        ];
        let mut state = 0;
        while state < 5 {
            next[state * 256 + byte] = row[state][class];
            state += 1;
        }
        byte += 1;
    }
    next
};

/// The high bit of each byte of `word` that ends an attribute's name (whitespace, `/`,
/// `>`, `=`) or is another control byte below the space.
#[inline]
fn attribute_name_ends(word: u64) -> u64 {
    name_ends(word) | equal_bytes(word, b'=')
}

/// The `>` that ends a tag whose name ended at `at` (the byte that ended it is read in
/// "before attribute name", as the tag name state's switch does), if in `chunk`.
#[inline]
fn tag_end(chunk: &[u8], mut at: usize) -> Option<usize> {
    let mut state = BEFORE_NAME;
    while at < chunk.len() {
        let byte = chunk[at];
        if state == BEFORE_NAME && NEXT[usize::from(byte)] == NAME && at + 9 <= chunk.len() {
            // The common attribute, `name="value"`, eight bytes at a time: its name's
            // first byte (whatever it is), the rest up to the first byte that would end
            // it, and if that is `=` right before a quote, its value is jumped over.
            let ends = attribute_name_ends(word_at(chunk, at + 1));
            if ends != 0 {
                let equals = at + 1 + (ends.trailing_zeros() / 8) as usize;
                if chunk[equals] == b'='
                    && let quote @ (b'"' | b'\'') = chunk.get(equals + 1).copied().unwrap_or(0)
                {
                    at = equals + 2 + find_byte(quote, &chunk[equals + 2..])? + 1;
                    continue;
                }
            }
        }
        match NEXT[usize::from(state) * 256 + usize::from(byte)] {
            END => return Some(at),
            OPEN_QUOTE => {
                at += 1 + find_byte(byte, &chunk[at + 1..])? + 1;
                state = BEFORE_NAME;
            }
            next => {
                state = next;
                at += 1;
            }
        }
    }
    None
}

/// Passes over the tags in `chunk` from `at` (the tokenizer in its data state, in HTML
/// content) that no stage reads, up to the first `<` the general states must read: the
/// offset of that `<`, or the chunk's length when there is none.
pub(super) fn skim(chunk: &[u8], mut at: usize) -> usize {
    let len = chunk.len();
    // One search over the chunk (a call per tag would set a search up each time), whose
    // `<`s inside the tags passed over are dropped.
    let start = at;
    let mut less_thans = memchr::memchr_iter(b'<', &chunk[start..]).map(|found| start + found);
    loop {
        let Some(open) = less_thans.find(|&open| open >= at) else {
            return len;
        };
        // `<` and a letter, or `</` and a letter: a tag whose name starts here.
        let mut name_at = open + 1;
        if chunk.get(name_at) == Some(&b'/') {
            name_at += 1;
        }
        if !chunk.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            return open;
        }
        let Some((key, name_end)) = read_name(chunk, name_at) else {
            return open;
        };
        if READ_IN_FULL_KEYS.contains(&key) {
            return open;
        }
        let Some(gt) = tag_end(chunk, name_end) else {
            return open;
        };
        at = gt + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_read_in_full_is_handed_back_whatever_its_case() {
        for name in READ_IN_FULL {
            let lower = std::str::from_utf8(name).unwrap();
            for written in [lower.to_owned(), lower.to_ascii_uppercase()] {
                for page in [
                    format!("<p>text<{written} a=b>"),
                    format!("<p>text</{written}>"),
                    format!("<p>text<{written}/>"),
                ] {
                    assert_eq!(skim(page.as_bytes(), 0), 7, "{page}");
                }
            }
        }
    }

    #[test]
    fn names_that_only_start_like_one_read_in_full_are_passed_over() {
        for page in [
            "<scripts>",
            "<scrip>",
            "<imgx a=b>",
            "<svgx>",
            "<i>",
            "<fieldset>",
            "<blockquote>",
            "<DIV CLASS=a>",
            "<h2>",
            "</sectionx\t>",
        ] {
            assert_eq!(skim(page.as_bytes(), 0), page.len(), "{page}");
        }
        // A long name is told apart by its first eight bytes: `templates` is handed back
        // (the general states then read it), `templatx…` is not.
        assert_eq!(skim(b"<p><templates>", 0), 3);
        assert_eq!(skim(b"<p><Plaintext-ish>", 0), 3);
        assert_eq!(skim(b"<p><templatxxxxxxxxxxxx>", 0), 24);
        // A control byte in a name read eight bytes at once: the general states read it
        // (byte by byte, near the chunk's end, the skim reads it itself).
        assert_eq!(skim(b"<p><a\x01b>xxxxxxxx", 0), 3);
        assert_eq!(skim(b"<p><a\x01b>", 0), 8);
        assert_eq!(skim(b"<p><a\x00b>xxxxxxxx", 0), 3);
    }

    #[test]
    fn names_are_read_eight_bytes_at_once_as_byte_by_byte() {
        for byte in 0..=255_u8 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                let value = u64::from_le_bytes(word);
                let ends = name_ends(value);
                let flagged = ends & (0x80 << (8 * at)) != 0;
                assert_eq!(
                    flagged,
                    byte < 0x21 || byte == b'/' || byte == b'>',
                    "{byte:#x} at {at}"
                );
                let mut lower = word;
                lower.make_ascii_lowercase();
                assert_eq!(
                    lowercase(value),
                    u64::from_le_bytes(lower),
                    "{byte:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn a_quoted_value_holds_a_greater_than_only_where_a_value_starts() {
        // (tag, where its `>` is: None when the chunk ends in it)
        let cases: [(&[u8], Option<usize>); 17] = [
            (br#"<a href="x>y">"#, Some(13)),
            (br#"<a href = 'x>y' >"#, Some(16)),
            (br#"<a b"c>"#, Some(6)),
            (br#"<a "b=">z">"#, Some(10)),
            (br#"<a =">"#, Some(5)),
            (br#"<a b= ="x>"#, Some(9)),
            (br#"<a b=c"d>"#, Some(8)),
            (br#"<a b=c "d>"#, Some(9)),
            (br#"<a/b="x>"/>"#, Some(10)),
            (br#"<a b / = "x>" >"#, Some(11)),
            (br#"<a b/="x>">"#, Some(8)),
            (br#"</a b="x>">"#, Some(10)),
            (br#"<a b="x"c='>'>"#, Some(13)),
            (br#"<a b="never closed>"#, None),
            // A name-like unquoted value: no quoted value starts in it.
            (br#"<a b= c="x>">"#, Some(10)),
            (b"<a b=\nc='x>'>", Some(10)),
            (br#"<a b==c="x>">"#, Some(10)),
        ];
        for (tag, gt) in cases {
            let name_end = if tag[1] == b'/' { 3 } else { 2 };
            let shown = String::from_utf8_lossy(tag);
            assert_eq!(tag_end(tag, name_end), gt, "{shown}");
            // And through the skim, with a comment after it that it must hand back.
            let page = [tag, b"z<!--"].concat();
            let stop = if gt.is_some() { tag.len() + 1 } else { 0 };
            assert_eq!(skim(&page, 0), stop, "{shown}");
        }
    }

    #[test]
    fn anything_but_a_tag_is_handed_back() {
        for (page, stop) in [
            ("text <!-- c -->", 5),
            ("<!DOCTYPE html>", 0),
            ("a < b", 2),
            ("a <1", 2),
            ("</ a>", 0),
            ("</>", 0),
            ("<?x>", 0),
            ("<p>a</p><div", 8),
            ("<p>a</p><div class=", 8),
            ("<p>a</p>", 8),
            ("no tag at all", 13),
        ] {
            assert_eq!(skim(page.as_bytes(), 0), stop, "{page}");
        }
    }
}
