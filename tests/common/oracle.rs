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

/// The settings of a gating oracle run.
pub struct GateOracle<'a> {
    /// Whether the visitor granted this category id; `None`: the policy does not declare it.
    pub granted: &'a dyn Fn(&str) -> Option<bool>,
    pub strict: bool,
    pub placeholder: Option<&'a str>,
    /// The first child of `<head>` (Consent Mode).
    pub head: Option<&'a str>,
    /// After `<body …>`.
    pub banner: Option<&'a str>,
}

/// One marked element as lol_html found it.
struct Marked {
    name: String,
    granted: bool,
    start: std::ops::Range<usize>,
    end: Option<std::ops::Range<usize>>,
}

/// What lol_html makes of the page when the layer's gating rewrite is done from the
/// elements and byte ranges it reports: lol_html's parser finds the marked elements
/// (its tokenizer, not the layer's), their start and end tags, `<head>` and `<body>`;
/// the documented edits are then applied to those ranges (lol_html's own attribute
/// setters would rewrite whole tags and change lengths).
pub fn gate(input: &[u8], settings: &GateOracle<'_>) -> Vec<u8> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let marked: Rc<RefCell<Vec<Marked>>> = Rc::default();
    let head_at: Rc<Cell<Option<usize>>> = Rc::default();
    // The head's first child element: where it starts, where it ends, whether it is a
    // `<meta>` declaring the encoding (the insert then goes after it).
    let first_in_head: Rc<Cell<Option<(usize, usize, bool)>>> = Rc::default();
    let body_at: Rc<Cell<Option<usize>>> = Rc::default();
    {
        let marked_in = marked.clone();
        let head_in = head_at.clone();
        let first_in = first_in_head.clone();
        let body_in = body_at.clone();
        let mut rewriter = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![
                    element!("script, iframe, img, link, noscript", move |el| {
                        let Some(category) = el
                            .get_attribute("data-consent")
                            .or_else(|| el.get_attribute("data-category"))
                        else {
                            return Ok(());
                        };
                        let granted = (settings.granted)(category.trim()).unwrap_or(false);
                        let index = marked_in.borrow().len();
                        marked_in.borrow_mut().push(Marked {
                            name: el.tag_name(),
                            granted,
                            start: el.source_location().bytes(),
                            end: None,
                        });
                        if let Some(handlers) = el.end_tag_handlers() {
                            let marked_end = marked_in.clone();
                            let handler: lol_html::EndTagHandler<'static> = Box::new(move |end| {
                                marked_end.borrow_mut()[index].end =
                                    Some(end.source_location().bytes());
                                Ok(())
                            });
                            handlers.push(handler);
                        }
                        Ok(())
                    }),
                    element!("head", move |el| {
                        if head_in.get().is_none() {
                            head_in.set(Some(el.source_location().bytes().end));
                        }
                        Ok(())
                    }),
                    element!("head > *", move |el| {
                        if first_in.get().is_none() {
                            let declares = el.tag_name() == "meta"
                                && (el.has_attribute("charset")
                                    || el.get_attribute("http-equiv").is_some_and(|value| {
                                        value.trim().eq_ignore_ascii_case("content-type")
                                    }));
                            let bytes = el.source_location().bytes();
                            first_in.set(Some((bytes.start, bytes.end, declares)));
                        }
                        Ok(())
                    }),
                    element!("body", move |el| {
                        if body_in.get().is_none() {
                            body_in.set(Some(el.source_location().bytes().end));
                        }
                        Ok(())
                    }),
                ],
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        rewriter.write(input).unwrap();
        rewriter.end().unwrap();
    }
    let mut output = input.to_vec();
    let mut inserts: Vec<(usize, Vec<u8>)> = Vec::new();
    for element in marked.borrow().iter() {
        let tag = &input[element.start.clone()];
        let blank = |output: &mut Vec<u8>, range: std::ops::Range<usize>| {
            output[range].fill(b' ');
        };
        let at = element.start.start;
        if element.granted {
            let unprefix = |output: &mut Vec<u8>, inert: &str, live: &str| {
                if let Some(span) = attribute_span(tag, inert)
                    && attribute_span(tag, live).is_none()
                {
                    output[at + span.start..at + span.start + 5].fill(b' ');
                }
            };
            match element.name.as_str() {
                "script" => {
                    if let Some(span) = attribute_span(tag, "type") {
                        blank(&mut output, at + span.start..at + span.end);
                    }
                    if let Some(span) = attribute_span(tag, "data-type") {
                        blank(&mut output, at + span.start..at + span.start + 5);
                    }
                    unprefix(&mut output, "data-src", "src");
                }
                "iframe" | "img" => {
                    unprefix(&mut output, "data-src", "src");
                    unprefix(&mut output, "data-srcset", "srcset");
                }
                "link" => unprefix(&mut output, "data-href", "href"),
                _ => {
                    // noscript: its content, raw text to lol_html as to the layer.
                    let end = element.end.clone().map_or(input.len(), |end| end.start);
                    let content = element.start.end..end;
                    for name in ["data-src=", "data-srcset=", "data-href="] {
                        let lower = input[content.clone()].to_ascii_lowercase();
                        let mut from = 0;
                        while let Some(found) = lower[from..]
                            .windows(name.len())
                            .position(|window| window == name.as_bytes())
                        {
                            let position = content.start + from + found;
                            if position > 0 && b"\t\n\x0c\r ".contains(&input[position - 1]) {
                                output[position..position + 5].fill(b' ');
                            }
                            from += found + 1;
                        }
                    }
                }
            }
            continue;
        }
        let whole =
            element.start.start..element.end.clone().map_or(element.start.end, |end| end.end);
        let script_inert = attribute_value(tag, "type")
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("text/plain"));
        if settings.strict || (element.name == "script" && !script_inert) {
            blank(&mut output, whole);
            continue;
        }
        if matches!(element.name.as_str(), "iframe" | "img" | "link") {
            for live in ["src", "srcset", "href"] {
                if let Some(span) = attribute_span(tag, live) {
                    blank(&mut output, at + span.start..at + span.end);
                }
            }
        }
        if element.name == "iframe"
            && let (Some(placeholder), Some(end)) = (settings.placeholder, &element.end)
        {
            inserts.push((end.end, placeholder.as_bytes().to_vec()));
        }
    }
    // Before the head's first child, or after it when it declares the encoding.
    let head_place = match first_in_head.get() {
        Some((_, end, true)) => Some(end),
        Some((start, _, false)) => Some(start),
        None => head_at.get(),
    };
    if let (Some(head), Some(at)) = (settings.head, head_place) {
        inserts.push((at, head.as_bytes().to_vec()));
    }
    if let (Some(banner), Some(at)) = (settings.banner, body_at.get()) {
        inserts.push((at, banner.as_bytes().to_vec()));
    }
    inserts.sort_by_key(|(at, _)| *at);
    for (at, bytes) in inserts.into_iter().rev() {
        output.splice(at..at, bytes);
    }
    output
}

/// The span (name to the end of the value) of the first attribute `name` in a start tag,
/// by the tokenizer's attribute states.
fn attribute_span(tag: &[u8], name: &str) -> Option<std::ops::Range<usize>> {
    attributes(tag)
        .into_iter()
        .find(|(attribute, _, _)| tag[attribute.clone()].eq_ignore_ascii_case(name.as_bytes()))
        .map(|(attribute, _, end)| attribute.start..end)
}

fn attribute_value<'t>(tag: &'t [u8], name: &str) -> Option<&'t str> {
    attributes(tag)
        .into_iter()
        .find(|(attribute, _, _)| tag[attribute.clone()].eq_ignore_ascii_case(name.as_bytes()))
        .and_then(|(_, value, _)| std::str::from_utf8(&tag[value?]).ok())
}

/// (name, value inside quotes, end of the attribute) for each attribute of a start tag.
#[allow(clippy::type_complexity)]
fn attributes(
    tag: &[u8],
) -> Vec<(
    std::ops::Range<usize>,
    Option<std::ops::Range<usize>>,
    usize,
)> {
    let space = |b: u8| b"\t\n\x0c\r ".contains(&b);
    let mut found = Vec::new();
    let mut at = 1;
    while at < tag.len() && !space(tag[at]) && tag[at] != b'/' && tag[at] != b'>' {
        at += 1;
    }
    loop {
        while at < tag.len() && (space(tag[at]) || tag[at] == b'/') {
            at += 1;
        }
        if at >= tag.len() || tag[at] == b'>' {
            return found;
        }
        let start = at;
        at += 1;
        while at < tag.len() && !space(tag[at]) && !b"/>=".contains(&tag[at]) {
            at += 1;
        }
        let name = start..at;
        let mut next = at;
        while next < tag.len() && space(tag[next]) {
            next += 1;
        }
        if tag.get(next) != Some(&b'=') {
            found.push((name.clone(), None, name.end));
            continue;
        }
        at = next + 1;
        while at < tag.len() && space(tag[at]) {
            at += 1;
        }
        match tag.get(at) {
            Some(&quote) if quote == b'"' || quote == b'\'' => {
                let close = at + 1 + tag[at + 1..].iter().position(|&b| b == quote).unwrap();
                found.push((name, Some(at + 1..close), close + 1));
                at = close + 1;
            }
            _ => {
                let open = at;
                while at < tag.len() && !space(tag[at]) && tag[at] != b'>' {
                    at += 1;
                }
                found.push((name, Some(open..at), at));
            }
        }
    }
}
