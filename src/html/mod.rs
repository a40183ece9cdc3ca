//! The streaming pass over an HTML page: a tokenizer and tree-builder state machine that
//! keeps state, not bytes, across chunks and finds where the body starts (`scan`), the
//! gating pass over marked elements (`gate`), the script data states both share
//! (`script`), and the response body that runs them (`body`).

mod body;
mod comment;
mod foreign;
mod gate;
mod placeholder;
mod raw_text;
mod scan;
mod script;
pub(crate) mod url;

pub use body::ConsentBody;
pub(crate) use body::{Insert, StyleSwap};
pub(crate) use gate::Gate;
pub(crate) use placeholder::{CategoryPieces, Placeholders};
#[cfg(feature = "__internals")]
pub(crate) use scan::{BodyStartScanner, Scan};

/// ASCII whitespace as the HTML tokenizer counts it (§13.2.5).
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Whether `byte` ends a tag name.
fn is_tag_name_end(byte: u8) -> bool {
    is_whitespace(byte) || byte == b'/' || byte == b'>'
}
