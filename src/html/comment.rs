//! The comment states of the HTML tokenizer (WHATWG HTML §13.2.5.42-52, and the bogus
//! comment state §13.2.5.41): from `<!` to the `>` that ends a comment, a doctype, or a
//! bogus comment (`<?…>`, `<!x…>`, `</ …>`), and, in foreign content, from `<![CDATA[`
//! to `]]>` (§13.2.5.69-71: text, where a bogus comment would end at the first `>`).
//! Run by the pass's one tokenizer, which skips them.

/// Where a comment or bogus comment is, between two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CommentState {
    /// After `<!`; `cdata`: in foreign content, where `<![CDATA[` opens a CDATA section.
    MarkupOpen {
        cdata: bool,
    },
    /// `matched` bytes of `[CDATA[` after `<!`.
    MarkupCdata {
        matched: u8,
    },
    /// Inside a CDATA section.
    Cdata,
    /// `]` in a CDATA section.
    CdataBracket,
    /// `]]` in a CDATA section.
    CdataEnd,
    /// After `<!-`.
    MarkupDash,
    /// After `<!--`.
    Start,
    /// After `<!---`.
    StartDash,
    Comment,
    /// A `-` inside a comment.
    EndDash,
    /// `--` inside a comment.
    End,
    /// `--!` inside a comment.
    EndBang,
    /// Doctypes, `<?…>`, `<!x…>`, `</ …>`: everything up to the next `>`.
    Bogus,
}

/// What opens a CDATA section after `<!` (case-sensitive).
const CDATA: &[u8] = b"[CDATA[";

/// Runs the comment states over `chunk` from `at`: `true` once the closing `>` is
/// consumed (`at` just after it), `false` at the end of the chunk with `current` where
/// the scan stopped.
pub(super) fn run(current: &mut CommentState, chunk: &[u8], at: &mut usize) -> bool {
    use CommentState as C;
    let mut state = *current;
    while *at < chunk.len() {
        let byte = chunk[*at];
        // `None`: the `>` that ends it was just read.
        let next = match state {
            C::MarkupOpen { cdata: true } if byte == b'[' => Some(C::MarkupCdata { matched: 1 }),
            C::MarkupCdata { matched } => {
                if byte != CDATA[usize::from(matched)] {
                    // Reconsumed as a bogus comment (what was matched holds no `>`).
                    state = C::Bogus;
                    continue;
                }
                Some(if usize::from(matched) + 1 == CDATA.len() {
                    C::Cdata
                } else {
                    C::MarkupCdata {
                        matched: matched + 1,
                    }
                })
            }
            C::MarkupOpen { .. } | C::MarkupDash => {
                if byte != b'-' {
                    // Reconsumed as a bogus comment.
                    state = C::Bogus;
                    continue;
                }
                Some(if state == C::MarkupDash {
                    C::Start
                } else {
                    C::MarkupDash
                })
            }
            C::Cdata => match memchr::memchr(b']', &chunk[*at..]) {
                Some(found) => {
                    *at += found;
                    Some(C::CdataBracket)
                }
                None => break,
            },
            C::CdataBracket => {
                if byte != b']' {
                    state = C::Cdata;
                    continue;
                }
                Some(C::CdataEnd)
            }
            C::CdataEnd => match byte {
                b'>' => None,
                b']' => Some(C::CdataEnd),
                _ => {
                    state = C::Cdata;
                    continue;
                }
            },
            C::Start | C::StartDash => match byte {
                b'-' if state == C::Start => Some(C::StartDash),
                b'-' => Some(C::End),
                b'>' => None,
                _ => {
                    state = C::Comment;
                    continue;
                }
            },
            C::Comment => match memchr::memchr(b'-', &chunk[*at..]) {
                Some(found) => {
                    *at += found;
                    Some(C::EndDash)
                }
                None => break,
            },
            C::EndDash => {
                if byte != b'-' {
                    state = C::Comment;
                    continue;
                }
                Some(C::End)
            }
            C::End => match byte {
                b'>' => None,
                b'!' => Some(C::EndBang),
                b'-' => Some(C::End),
                _ => {
                    state = C::Comment;
                    continue;
                }
            },
            C::EndBang => match byte {
                b'-' => Some(C::EndDash),
                b'>' => None,
                _ => {
                    state = C::Comment;
                    continue;
                }
            },
            C::Bogus => match memchr::memchr(b'>', &chunk[*at..]) {
                Some(found) => {
                    *at += found;
                    None
                }
                None => break,
            },
        };
        *at += 1;
        match next {
            Some(next) => state = next,
            None => return true,
        }
    }
    *at = chunk.len();
    *current = state;
    false
}
