//! lol_html as the oracle for where the banner goes in a page whose body starts at its
//! `<body>` tag: used by the conformance tests (`conformance/tests/injection.rs`) to
//! check the layer's output, and by the benches (`bench/benches/consent.rs`) as the
//! general-purpose rewriter to compare with. lol_html does not know where a browser
//! starts a body without the tag (before the first `<div>` or text, say): there the
//! conformance tests judge by a spec tree builder instead (`conformance/tests/dom/`).
//!
//! Not a module of `tests/common/mod.rs`: only the members that depend on lol_html
//! include it, with `#[path = "../../tests/common/oracle.rs"] mod oracle;`.
#![allow(dead_code, unreachable_pub)]

use std::cell::Cell;

use lol_html::html_content::ContentType;
use lol_html::{HtmlRewriter, Settings, element};

/// What lol_html makes of a page that arrives as `chunks`: `banner` prepended to the
/// first `<body>` element's content, or, with no body element, appended to the document
/// (which is not where the layer puts it: see the module docs).
pub fn insert_banner<C: AsRef<[u8]>>(chunks: &[C], banner: &str) -> Vec<u8> {
    let page_len: usize = chunks.iter().map(|chunk| chunk.as_ref().len()).sum();
    let mut output = Vec::with_capacity(page_len + banner.len());
    let injected = Cell::new(false);
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![element!("body", |body| {
                if !injected.replace(true) {
                    body.prepend(banner, ContentType::Html);
                }
                Ok(())
            })],
            ..Settings::new()
        },
        |bytes: &[u8]| output.extend_from_slice(bytes),
    );
    for chunk in chunks {
        rewriter.write(chunk.as_ref()).unwrap();
    }
    rewriter.end().unwrap();
    if !injected.get() {
        output.extend_from_slice(banner.as_bytes());
    }
    output
}
