//! The streaming pass over an HTML page: a tokenizer and tree-builder state machine that
//! keeps state, not bytes, across chunks and finds where the body starts (`scan`), and
//! the response body that puts the banner there (`body`).

mod body;
mod gate;
mod scan;

pub use body::ConsentBody;
pub(crate) use body::{Insert, StyleSwap};
pub(crate) use gate::Gate;
#[cfg(feature = "__internals")]
pub(crate) use scan::{BodyStartScanner, Scan};
