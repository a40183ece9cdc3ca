//! The one streaming pass over an HTML page (`pass`): one tokenizer (`tokenizer`, with
//! the comment, raw-text, script data and foreign content states it shares out to
//! `comment`, `raw_text`, `script` and `foreign`, and its fast path over the tags no
//! stage reads in `skim`; both search bytes eight at a time with `bytes`) whose tokens
//! go to the stages that decide edits: the insert
//! at the start of `<head>` (`head`), the banner where the body starts (`body_start`),
//! and gating (`gate`, with the URL checks of `url`). `edits` applies their edits to the
//! page's bytes on the way out, and `body` is the response body that runs the pass.

mod body;
mod body_start;
mod bytes;
mod comment;
mod edits;
mod foreign;
mod gate;
mod head;
mod pass;
mod placeholder;
mod raw_text;
mod script;
mod skim;
pub(crate) mod tokenizer;
pub(crate) mod url;

pub use body::ConsentBody;
pub(crate) use body_start::{FormTarget, Insert, StyleSwap};
pub(crate) use gate::{Gate, GateContext};
pub(crate) use pass::Pass;
pub(crate) use placeholder::{CategoryPieces, Placeholders};
#[cfg(feature = "__internals")]
pub use tokenizer::{Token, tokens, tokens_read_in_full};

/// ASCII whitespace as the HTML tokenizer counts it (§13.2.5).
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Whether `byte` ends a tag name.
fn is_tag_name_end(byte: u8) -> bool {
    is_whitespace(byte) || byte == b'/' || byte == b'>'
}

/// The elements of HTML (and SVG's and MathML's roots), for the tests of the skim's
/// contract.
#[cfg(test)]
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];
