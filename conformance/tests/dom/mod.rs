//! The spec's tree builder (html5ever, scripting on like a browser) as the judge of the
//! banner's place: the page's tree must be the same with and without the banner, and
//! the banner must be the body's first child.
//!
//! Included by the conformance tests with `mod dom;` (it needs html5ever, which only
//! this member depends on, so it does not live in `tests/common/`).
#![allow(dead_code, unreachable_pub)]

use std::fmt::Write as _;

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// A test banner shaped like the real one: a section holding a form with text and
/// buttons (inside an open `<form>`, `<button>` or `<svg>` it would not survive as it is).
pub const BANNER: &str = "<section id=\"BANNER\" class=\"tcc tcc-banner\"><form method=\"post\" \
     action=\"/consent\"><p>We use cookies.</p><button name=\"choice\" value=\"all\">Accept all\
     </button><button name=\"choice\" value=\"none\">Reject all</button></form></section>";

/// Decodes the page as a browser would from its bytes alone: a byte-order mark picks
/// UTF-8 or UTF-16 (and is dropped), anything else is read as UTF-8.
pub fn decode(bytes: &[u8]) -> String {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let chunks = bytes.chunks_exact(2);
        let odd = !chunks.remainder().is_empty();
        let units = chunks.map(|pair| unit([pair[0], pair[1]]));
        let mut text: String = char::decode_utf16(units)
            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if odd {
            text.push(char::REPLACEMENT_CHARACTER);
        }
        text
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The document tree html5ever builds from the page's bytes.
pub fn parse(bytes: &[u8]) -> RcDom {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            // `decode` has dropped a real byte-order mark; a U+FEFF left is text.
            discard_bom: false,
            ..TokenizerOpts::default()
        },
        ..ParseOpts::default()
    };
    parse_document(RcDom::default(), opts).one(decode(bytes))
}

/// The tree as text, one node a line (like html5lib's tests), with the quirks mode.
pub fn canonical(dom: &RcDom) -> String {
    let mut out = format!("quirks: {:?}\n", dom.quirks_mode.get());
    for child in dom.document.children.borrow().iter() {
        write_node(&mut out, child, 0);
    }
    out
}

fn write_node(out: &mut String, node: &Handle, depth: usize) {
    let indent = "  ".repeat(depth);
    match &node.data {
        NodeData::Document => out.push_str("#document\n"),
        NodeData::Doctype {
            name,
            public_id,
            system_id,
        } => writeln!(out, "{indent}<!DOCTYPE {name} {public_id:?} {system_id:?}>").unwrap(),
        NodeData::Text { contents } => writeln!(out, "{indent}{:?}", &**contents.borrow()).unwrap(),
        NodeData::Comment { contents } => {
            writeln!(out, "{indent}<!-- {:?} -->", &**contents).unwrap()
        }
        NodeData::ProcessingInstruction { target, contents } => {
            writeln!(out, "{indent}<?{target} {contents}>").unwrap()
        }
        NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } => {
            let namespace = match &*name.ns {
                "http://www.w3.org/1999/xhtml" => "",
                "http://www.w3.org/2000/svg" => "svg ",
                "http://www.w3.org/1998/Math/MathML" => "math ",
                other => other,
            };
            write!(out, "{indent}<{namespace}{}", &*name.local).unwrap();
            for attr in attrs.borrow().iter() {
                write!(out, " {}={:?}", &*attr.name.local, &*attr.value).unwrap();
            }
            out.push_str(">\n");
            if let Some(contents) = template_contents.borrow().as_ref() {
                writeln!(out, "{indent}  #content").unwrap();
                for child in contents.children.borrow().iter() {
                    write_node(out, child, depth + 2);
                }
            }
        }
    }
    for child in node.children.borrow().iter() {
        write_node(out, child, depth + 1);
    }
}

fn is_element(node: &Handle, wanted: &str) -> bool {
    matches!(&node.data, NodeData::Element { name, .. } if &*name.local == wanted && &*name.ns == "http://www.w3.org/1999/xhtml")
}

fn has_banner_id(node: &Handle) -> bool {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .any(|attr| &*attr.name.local == "id" && &*attr.value == "BANNER"),
        _ => false,
    }
}

/// Every element with the banner's id, anywhere (template contents included).
fn find_banners(node: &Handle, found: &mut Vec<Handle>) {
    if has_banner_id(node) {
        found.push(node.clone());
    }
    if let NodeData::Element {
        template_contents, ..
    } = &node.data
        && let Some(contents) = template_contents.borrow().as_ref()
    {
        find_banners(contents, found);
    }
    for child in node.children.borrow().iter() {
        find_banners(child, found);
    }
}

/// The `<body>` element, if the document has one (a frameset document has none).
fn body(dom: &RcDom) -> Option<Handle> {
    let html = dom
        .document
        .children
        .borrow()
        .iter()
        .find(|node| is_element(node, "html"))
        .cloned()?;
    html.children
        .borrow()
        .iter()
        .find(|node| is_element(node, "body"))
        .cloned()
}

/// Whether the page is a frameset document (its `<html>` holds a `<frameset>`).
pub fn is_frameset_document(bytes: &[u8]) -> bool {
    let dom = parse(bytes);
    let html = dom
        .document
        .children
        .borrow()
        .iter()
        .find(|node| is_element(node, "html"))
        .cloned();
    html.is_some_and(|html| {
        html.children
            .borrow()
            .iter()
            .any(|node| is_element(node, "frameset"))
    })
}

/// The banner as it stands alone in a body: what it must still be in the page.
fn banner_alone(banner: &str) -> String {
    let dom = parse(format!("<body>{banner}").as_bytes());
    let body = body(&dom).unwrap();
    let mut out = String::new();
    write_node(&mut out, &body.children.borrow()[0], 0);
    out
}

/// Checks that `output` (the page with the banner) is `input`'s tree plus the banner,
/// whole, as the body's first child. `Err` says what differs.
pub fn check_banner_placed(input: &[u8], output: &[u8], banner: &str) -> Result<(), String> {
    let original = canonical(&parse(input));
    let dom = parse(output);
    let mut banners = Vec::new();
    find_banners(&dom.document, &mut banners);
    let [placed] = banners.as_slice() else {
        return Err(format!(
            "{} banner elements in\n{}",
            banners.len(),
            canonical(&dom)
        ));
    };
    let body = body(&dom).ok_or_else(|| format!("no body in\n{}", canonical(&dom)))?;
    let first = body.children.borrow().first().cloned();
    if !first.is_some_and(|first| std::rc::Rc::ptr_eq(&first, placed)) {
        return Err(format!(
            "the banner is not the body's first child:\n{}",
            canonical(&dom)
        ));
    }
    let mut alone = String::new();
    write_node(&mut alone, placed, 0);
    if alone != banner_alone(banner) {
        return Err(format!("the banner was changed:\n{alone}"));
    }
    body.children.borrow_mut().remove(0);
    let without = canonical(&dom);
    if without != original {
        return Err(format!(
            "the page's tree changed:\n--- as sent\n{original}--- with the banner, less it\n{without}"
        ));
    }
    Ok(())
}

/// Checks that `output` is `input` and an inert filler: the same tree, but for
/// whitespace (or a U+FFFD, for half a UTF-16 code unit) at the end of text and
/// comments, the `--` or `--!` that ends an unclosed comment (dropped at the end of
/// the file, kept when the filler follows), and a comment of nothing but the filler: a
/// document that ends in `</` may be judged without it (where `</` is text at the end
/// of the file, it is a bogus comment before a space; no filler keeps it text).
pub fn check_filler(input: &[u8], output: &[u8]) -> Result<(), String> {
    let trim = |dom: &RcDom| {
        canonical(dom)
            .lines()
            .map(|line| {
                // Text and comment lines are `"…"` and `<!-- "…" -->`.
                if let Some(text) = line.strip_suffix("\" -->") {
                    let trimmed = text.trim_end_matches([' ', '-', '!']);
                    return format!("{trimmed}\" -->");
                }
                if let Some(text) = line.strip_suffix('"') {
                    let trimmed = text.trim_end_matches([' ', '\u{fffd}']);
                    return format!("{trimmed}\"");
                }
                line.to_owned()
            })
            .filter(|line| !matches!(line.trim(), "\"\"" | "<!-- \"\" -->"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let before = trim(&parse(input));
    let after = trim(&parse(output));
    let before_end_tag_open = input.strip_suffix(b"</").map(|input| trim(&parse(input)));
    if before != after && before_end_tag_open != Some(after.clone()) {
        return Err(format!(
            "the filler changed the tree:\n--- as sent\n{before}\n--- with the filler\n{after}"
        ));
    }
    Ok(())
}
