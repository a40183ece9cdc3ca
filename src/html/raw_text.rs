//! The text of a raw-text or RCDATA element (`<style>`, `<title>`, `<textarea>`, ...):
//! where its end tag `</name` starts (WHATWG HTML §13.2.5.2-3, 13.2.5.9-14), for the
//! pass's one tokenizer.

use super::is_tag_name_end;

/// Looks for `</name` (`name` in lowercase, compared ignoring ASCII case) and a byte
/// that ends the name, from `at`: `true` once found (that byte, at `at`, is left to
/// reconsume in the end tag), `false` at the end of the chunk with `matched` the bytes of
/// `</name` seen so far.
pub(super) fn run(name: &[u8], matched: &mut u8, chunk: &[u8], at: &mut usize) -> bool {
    while *at < chunk.len() {
        if *matched == 0 {
            match memchr::memchr(b'<', &chunk[*at..]) {
                Some(found) => {
                    *at += found + 1;
                    *matched = 1;
                }
                None => {
                    *at = chunk.len();
                    break;
                }
            }
            continue;
        }
        let byte = chunk[*at];
        let position = usize::from(*matched);
        if position == 1 {
            if byte != b'/' {
                *matched = 0;
                continue;
            }
            *matched = 2;
        } else if position - 2 < name.len() {
            if byte.to_ascii_lowercase() != name[position - 2] {
                *matched = 0;
                continue;
            }
            *matched += 1;
        } else if is_tag_name_end(byte) {
            return true;
        } else {
            *matched = 0;
            continue;
        }
        *at += 1;
    }
    false
}
