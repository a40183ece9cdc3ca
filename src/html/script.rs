//! The script data states of the HTML tokenizer (WHATWG HTML §13.2.5.4, 13.2.5.15-31):
//! where a `<script>` element's text ends, with its `<!--` escapes and double escapes
//! (`<script><!--<script></script>--></script>` ends at the last tag). For the pass's one
//! tokenizer.

use super::is_tag_name_end;

/// The script data states (§13.2.5.4, 13.2.5.15-31); `u8`s count letters of `script`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ScriptState {
    Data,
    LessThan,
    EndTag(u8),
    EscapeStart,
    EscapeStartDash,
    Escaped,
    EscapedDash,
    EscapedDashDash,
    EscapedLessThan,
    EscapedEndTag(u8),
    DoubleEscapeStart(u8),
    DoubleEscaped,
    DoubleEscapedDash,
    DoubleEscapedDashDash,
    DoubleEscapedLessThan,
    DoubleEscapeEnd(u8),
}

pub(super) const SCRIPT: &[u8] = b"script";

/// Runs the script data states over `chunk` from `at`: `true` once `</script` and a
/// byte that ends the name are seen (that byte, at `at`, is left to reconsume in the end
/// tag), `false` at the end of the chunk with `current` where the scan stopped.
pub(super) fn run(current: &mut ScriptState, chunk: &[u8], at: &mut usize) -> bool {
    let mut state = *current;
    use ScriptState as S;
    while *at < chunk.len() {
        let byte = chunk[*at];
        state = match state {
            S::Data => match memchr::memchr(b'<', &chunk[*at..]) {
                Some(found) => {
                    *at += found;
                    S::LessThan
                }
                None => {
                    *at = chunk.len();
                    S::Data
                }
            },
            S::LessThan => match byte {
                b'/' => S::EndTag(0),
                b'!' => S::EscapeStart,
                _ => {
                    state = S::Data;
                    continue;
                }
            },
            S::EndTag(matched) | S::EscapedEndTag(matched) => {
                let escaped = matches!(state, S::EscapedEndTag(_));
                match matched_script(matched, byte) {
                    Some(0) => {
                        *current = S::Data;
                        return true;
                    }
                    Some(next) if escaped => S::EscapedEndTag(next),
                    Some(next) => S::EndTag(next),
                    None => {
                        state = if escaped { S::Escaped } else { S::Data };
                        continue;
                    }
                }
            }
            S::EscapeStart => match byte {
                b'-' => S::EscapeStartDash,
                _ => {
                    state = S::Data;
                    continue;
                }
            },
            S::EscapeStartDash => match byte {
                b'-' => S::EscapedDashDash,
                _ => {
                    state = S::Data;
                    continue;
                }
            },
            S::Escaped | S::DoubleEscaped => {
                let double = state == S::DoubleEscaped;
                match memchr::memchr2(b'-', b'<', &chunk[*at..]) {
                    Some(found) => {
                        *at += found;
                        match (chunk[*at], double) {
                            (b'-', false) => S::EscapedDash,
                            (b'-', true) => S::DoubleEscapedDash,
                            (_, false) => S::EscapedLessThan,
                            (_, true) => S::DoubleEscapedLessThan,
                        }
                    }
                    None => {
                        *at = chunk.len();
                        state
                    }
                }
            }
            S::EscapedDash | S::EscapedDashDash => match byte {
                b'-' => S::EscapedDashDash,
                b'<' => S::EscapedLessThan,
                b'>' if state == S::EscapedDashDash => S::Data,
                _ => S::Escaped,
            },
            S::DoubleEscapedDash | S::DoubleEscapedDashDash => match byte {
                b'-' => S::DoubleEscapedDashDash,
                b'<' => S::DoubleEscapedLessThan,
                b'>' if state == S::DoubleEscapedDashDash => S::Data,
                _ => S::DoubleEscaped,
            },
            S::EscapedLessThan => match byte {
                b'/' => S::EscapedEndTag(0),
                _ if byte.is_ascii_alphabetic() => {
                    state = S::DoubleEscapeStart(0);
                    continue;
                }
                _ => {
                    state = S::Escaped;
                    continue;
                }
            },
            S::DoubleEscapedLessThan => match byte {
                b'/' => S::DoubleEscapeEnd(0),
                _ => {
                    state = S::DoubleEscaped;
                    continue;
                }
            },
            S::DoubleEscapeStart(matched) | S::DoubleEscapeEnd(matched) => {
                let start = matches!(state, S::DoubleEscapeStart(_));
                match matched_script(matched, byte) {
                    Some(0) if start => S::DoubleEscaped,
                    Some(0) => S::Escaped,
                    Some(next) if start => S::DoubleEscapeStart(next),
                    Some(next) => S::DoubleEscapeEnd(next),
                    None => {
                        state = if start { S::Escaped } else { S::DoubleEscaped };
                        continue;
                    }
                }
            }
        };
        if *at < chunk.len() {
            *at += 1;
        }
    }
    *current = state;
    false
}

/// Matching `script` one byte at a time: `Some(matched + 1)` while it goes on,
/// `Some(0)` when `script` is complete and `byte` ends the name, `None` otherwise.
fn matched_script(matched: u8, byte: u8) -> Option<u8> {
    let position = usize::from(matched);
    if position < SCRIPT.len() {
        (byte.to_ascii_lowercase() == SCRIPT[position]).then_some(matched + 1)
    } else {
        is_tag_name_end(byte).then_some(0)
    }
}
