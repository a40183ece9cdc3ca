//! The streaming pass over an HTML page: a tokenizer state machine that keeps state, not
//! bytes, across chunks (`scan`), and the response body that makes its edits (`body`).

mod body;
mod scan;

pub use body::ConsentBody;
#[cfg(feature = "__internals")]
pub(crate) use scan::BodyTagScanner;
