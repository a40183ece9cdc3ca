//! The pass's fast path over the tags no stage wants (WHATWG HTML §13.2.5.1, 13.2.5.6-8
//! and 13.2.5.32-40, as far as they decide where a tag ends).
//!
//! Once the stages only wait for a few element names (the head insert and the banner
//! are placed, no element's content is held), most of a page is tags none of them reads:
//! `<div>`, `<a href="...">`, `</p>`. The tokenizer's general states record every tag's
//! name and attributes for whoever may ask; here a tag whose name is not in
//! [`READ_IN_FULL`] is passed over with no record at all. Its name is read eight bytes
//! at once into one number, and its attributes through a small table-driven automaton
//! that only knows where a quoted value starts (the one place a `>` does not end a tag)
//! and jumps over the value with one search; the common `name="value"` is taken eight
//! bytes at once too. The next `<` is the byte after a tag's `>` when tags follow each
//! other, else one `memchr` away. Inside `<svg>` and `<math>` a tag passed over still
//! opens or closes its element in the foreign content's stack (so its `/>` is read), and
//! `<font>` and `<annotation-xml>`, whose attributes decide there, are handed back.
//!
//! Everything else (comments, doctypes, a `<` that is text, a tag cut by the end of the
//! chunk, a name in [`READ_IN_FULL`]) is handed back at its `<` to the general states,
//! which then read that token as they always did. So the skim changes no token anyone
//! is told of; the tests and the differential fuzz target compare the two.

use super::bytes::{HIGH, ONES, equal_bytes, find_byte, word_at};
use super::foreign::{Foreign, NameHash, StartTag};

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
    // The byte that ends the name, from `from`.
    let end_from = |from: usize| {
        chunk[from..]
            .iter()
            .position(|&byte| super::is_tag_name_end(byte))
            .map(|found| from + found)
    };
    if at + 8 > chunk.len() {
        return end_from(at).map(|end| (key_of(&chunk[at..end]), end));
    }
    let word = word_at(chunk, at);
    let ends = name_ends(word);
    if ends == 0 {
        // Eight bytes and more: the first eight are the key, the rest is passed over.
        return end_from(at + 8).map(|end| (lowercase(word), end));
    }
    let length = (ends.trailing_zeros() / 8) as usize;
    if !super::is_tag_name_end(chunk[at + length]) {
        return None;
    }
    // `length` is 1 to 7: the first byte is a letter.
    Some((lowercase(word) & ((1 << (8 * length)) - 1), at + length))
}

// The automaton's states: the attribute states of §13.2.5.32-40 that differ in where a
// quoted value can start or whether a `>` ends the tag as self-closing. The state after
// a quoted value reconsumes anything but `/` and `>` in "before attribute name", so it
// is that state here; the self-closing start tag state reconsumes anything but `>`
// there too (its row is that state's, but for `>`). `END`, `END_SELF_CLOSING` and
// `OPEN_QUOTE` are actions, not states.
const BEFORE_NAME: u8 = 0;
const NAME: u8 = 1;
const AFTER_NAME: u8 = 2;
const BEFORE_VALUE: u8 = 3;
const UNQUOTED: u8 = 4;
const SELF_CLOSING: u8 = 5;
const END: u8 = 6;
const END_SELF_CLOSING: u8 = 7;
const OPEN_QUOTE: u8 = 8;
const STATES: usize = 6;

/// The next state for each state and byte, `NEXT[state * 256 + byte]` (one load a
/// byte). Quotes, `=` and `<` where a name or an unquoted value starts are part of it
/// (parse errors that change nothing about where the tag ends).
static NEXT: [u8; STATES * 256] = {
    let mut next = [0; STATES * 256];
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
        let rows: [[u8; 6]; STATES] = [
            [BEFORE_NAME, SELF_CLOSING, NAME, END, NAME, NAME],
            [AFTER_NAME, SELF_CLOSING, BEFORE_VALUE, END, NAME, NAME],
            [AFTER_NAME, SELF_CLOSING, BEFORE_VALUE, END, NAME, NAME],
            [BEFORE_VALUE, UNQUOTED, UNQUOTED, END, OPEN_QUOTE, UNQUOTED],
            [BEFORE_NAME, UNQUOTED, UNQUOTED, END, UNQUOTED, UNQUOTED],
            [
                BEFORE_NAME,
                SELF_CLOSING,
                NAME,
                END_SELF_CLOSING,
                NAME,
                NAME,
            ],
        ];
        let mut state = 0;
        while state < STATES {
            next[state * 256 + byte] = rows[state][class];
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

/// The common attribute, `name="value"` (or `'value'`), whose name starts at `at`, read
/// eight bytes at a time: the offset just past its closing quote. `None` when it is not
/// of that form, or runs out of the chunk: the automaton then reads it.
#[inline]
fn quoted_attribute(chunk: &[u8], at: usize) -> Option<usize> {
    // The name's first byte is part of it whatever it is (`=` and quotes included); the
    // rest runs up to the first byte that would end it.
    let mut word = at + 1;
    let equals = loop {
        if word + 8 > chunk.len() {
            return None;
        }
        let ends = attribute_name_ends(word_at(chunk, word));
        if ends != 0 {
            break word + (ends.trailing_zeros() / 8) as usize;
        }
        word += 8;
    };
    let quote = *chunk.get(equals + 1)?;
    if chunk[equals] != b'=' || !matches!(quote, b'"' | b'\'') {
        return None;
    }
    Some(equals + 2 + find_byte(quote, &chunk[equals + 2..])? + 1)
}

/// The `>` that ends a tag whose name ended at `at` (the byte that ended it is read in
/// "before attribute name", as the tag name state's switch does), if in `chunk`, and
/// whether the tag is self-closing (`/>`).
#[inline]
fn tag_end(chunk: &[u8], mut at: usize) -> Option<(usize, bool)> {
    let mut state = BEFORE_NAME;
    while at < chunk.len() {
        let byte = chunk[at];
        if state == BEFORE_NAME
            && NEXT[usize::from(byte)] == NAME
            && let Some(next) = quoted_attribute(chunk, at)
        {
            at = next;
            continue;
        }
        match NEXT[usize::from(state) * 256 + usize::from(byte)] {
            END => return Some((at, false)),
            END_SELF_CLOSING => return Some((at, true)),
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

/// The keys of the names whose attributes foreign content reads (`<font>` with
/// `color`, `face` or `size` breaks out of it; `<annotation-xml>`'s `encoding` makes an
/// integration point): handed back there.
const FOREIGN_ATTRIBUTES_KEYS: [Key; 2] = [key_of(b"font"), key_of(b"annotation-xml")];

/// Passes over the tags in `chunk` from `at` (the tokenizer in its data state) that no
/// stage reads, up to the first `<` the general states must read: the offset of that
/// `<`, or the chunk's length when there is none. Inside `<svg>` and `<math>` each tag
/// passed over still opens or closes its element in `foreign`, as the general states
/// would have it do.
pub(super) fn skim(chunk: &[u8], mut at: usize, foreign: &mut Foreign) -> usize {
    let len = chunk.len();
    loop {
        // Tags often follow each other (`</h2><p>`): then no search.
        let open = if chunk.get(at) == Some(&b'<') {
            at
        } else {
            match memchr::memchr(b'<', &chunk[at..]) {
                Some(found) => at + found,
                None => return len,
            }
        };
        // `<` and a letter, or `</` and a letter: a tag whose name starts here.
        let end_tag = chunk.get(open + 1) == Some(&b'/');
        let name_at = open + 1 + usize::from(end_tag);
        if !chunk.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            return open;
        }
        let Some((key, name_end)) = read_name(chunk, name_at) else {
            return open;
        };
        let in_foreign = foreign.is_open();
        if READ_IN_FULL_KEYS.contains(&key)
            || (in_foreign && FOREIGN_ATTRIBUTES_KEYS.contains(&key))
        {
            return open;
        }
        let Some((gt, self_closing)) = tag_end(chunk, name_end) else {
            return open;
        };
        if in_foreign {
            let name = NameHash::of(&chunk[name_at..name_end]);
            if end_tag {
                foreign.end_tag(name);
            } else {
                foreign.start_tag(
                    name,
                    StartTag {
                        self_closing,
                        font_breaks_out: false,
                        html_encoding: false,
                    },
                );
            }
        }
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
                    assert_eq!(
                        skim(page.as_bytes(), 0, &mut Foreign::default()),
                        7,
                        "{page}"
                    );
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
            assert_eq!(
                skim(page.as_bytes(), 0, &mut Foreign::default()),
                page.len(),
                "{page}"
            );
        }
        // A long name is told apart by its first eight bytes: `templates` is handed back
        // (the general states then read it), `templatx…` is not.
        assert_eq!(skim(b"<p><templates>", 0, &mut Foreign::default()), 3);
        assert_eq!(skim(b"<p><Plaintext-ish>", 0, &mut Foreign::default()), 3);
        assert_eq!(
            skim(b"<p><templatxxxxxxxxxxxx>", 0, &mut Foreign::default()),
            24
        );
        // A control byte in a name read eight bytes at once: the general states read it
        // (byte by byte, near the chunk's end, the skim reads it itself).
        assert_eq!(skim(b"<p><a\x01b>xxxxxxxx", 0, &mut Foreign::default()), 3);
        assert_eq!(skim(b"<p><a\x01b>", 0, &mut Foreign::default()), 8);
        assert_eq!(skim(b"<p><a\x00b>xxxxxxxx", 0, &mut Foreign::default()), 3);
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
            assert_eq!(tag_end(tag, name_end).map(|(gt, _)| gt), gt, "{shown}");
            // And through the skim, with a comment after it that it must hand back.
            let page = [tag, b"z<!--"].concat();
            let stop = if gt.is_some() { tag.len() + 1 } else { 0 };
            assert_eq!(skim(&page, 0, &mut Foreign::default()), stop, "{shown}");
        }
    }

    #[test]
    fn the_common_attribute_is_read_eight_bytes_at_a_time_or_left_to_the_automaton() {
        for (attribute, end) in [
            (&b"class=\"a>b\" >.........."[..], Some(11)),
            (b"xlink:href='#x>'>..........", Some(16)),
            (b"data-a-very-long-attribute-name=\"x>\">........", Some(36)),
            (b"=a=\"x\">..........", Some(6)),
            (b"\"a=\"x\">..........", Some(6)),
            (b"a =\"x\">..........", None),
            (b"a=x>..............", None),
            (b"a=\"never closed>.......", None),
            (b"ab\x01c=\"x\">..........", None),
            (b"abcdefgh=\"x\"", Some(12)),
            (b"ab=\"x\"", None),
        ] {
            let shown = String::from_utf8_lossy(attribute);
            assert_eq!(quoted_attribute(attribute, 0), end, "{shown}");
        }
    }

    #[test]
    fn a_slash_right_before_the_end_makes_a_tag_self_closing_outside_a_value() {
        for (tag, self_closing) in [
            ("<g/>", true),
            ("<g />", true),
            ("<g //>", true),
            ("<g a/>", true),
            ("<g a=\"x\"/>", true),
            ("<g a='x' / >", false),
            ("<g a=x/>", false),
            ("<g a= />", false),
            ("<g / a>", false),
            ("<g>", false),
        ] {
            let end = tag_end(tag.as_bytes(), 2);
            assert_eq!(end, Some((tag.len() - 1, self_closing)), "{tag}");
        }
    }

    #[test]
    fn inside_foreign_content_each_tag_passed_over_opens_or_closes_its_element() {
        let mut foreign = Foreign::default();
        assert!(!foreign.start_tag(
            NameHash::of(b"svg"),
            StartTag {
                self_closing: false,
                font_breaks_out: false,
                html_encoding: false
            }
        ));
        // `<g>` opens, `<path/>` opens nothing, `</g>` closes `<g>`; `</svg>` is handed
        // back (its name is read in full), the root still open.
        let page = b"<g><path d='M0 0'/></g></svg><style>";
        assert_eq!(skim(page, 0, &mut foreign), 23);
        assert!(foreign.is_open());
        // `<font>` is handed back inside it (its attributes may break out).
        let mut foreign = Foreign::default();
        foreign.start_tag(
            NameHash::of(b"math"),
            StartTag {
                self_closing: false,
                font_breaks_out: false,
                html_encoding: false,
            },
        );
        assert_eq!(skim(b"<mi>x</mi><font color=red>", 0, &mut foreign), 10);
        assert!(foreign.is_open());
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
            assert_eq!(
                skim(page.as_bytes(), 0, &mut Foreign::default()),
                stop,
                "{page}"
            );
        }
    }
}
