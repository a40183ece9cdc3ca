//! Foreign content (WHATWG HTML §13.2.6.5), as far as it decides where elements and text
//! are: inside `<svg>` and `<math>` the tree builder does not switch the tokenizer into
//! raw text (an SVG `<style>` or `<script>` holds markup, not text), `<![CDATA[ … ]]>`
//! is a CDATA section (text) instead of a bogus comment ending at the first `>`, and a
//! handful of HTML start tags (`<p>`, `<div>`, `<img>`…) break out of it. Read by the pass's
//! one tokenizer.
//!
//! Modelled: the stack of open SVG and MathML elements (self-closing ones are never
//! open), end tags that close them by name, breakout tags (and `</br>`, `</p>`), the
//! HTML integration points (SVG `foreignObject`, `desc`, `title`) and the MathML text
//! integration points (`mi`, `mo`, `mn`, `ms`, `mtext`), where start tags are HTML
//! again, and HTML elements opened inside them (counted: the current node is then an
//! HTML element, so CDATA is not recognized and end tags follow HTML's rules).
//!
//! Two rules depend on attributes, which the tokenizer reads ([`StartTag`]): `<font>`
//! breaks out only with `color`, `face` or `size`, and MathML `annotation-xml` is an
//! HTML integration point with `encoding="text/html"` or `"application/xhtml+xml"`.
//!
//! `</template>` processed as HTML closes the nearest open HTML `<template>` and what it
//! holds (foreign content opened inside it), and nothing when none is open: the
//! templates opened outside foreign content and inside integration points are tracked
//! (the tree builder's other insertion modes, which ignore some of them, are not).
//!
//! Not modelled: the HTML elements inside an integration point are counted, not named
//! (an end tag closes one whatever its name); the HTML elements open below the root
//! `<svg>`/`<math>` are not tracked, so an end tag that closes one of them there
//! (`<div><svg></div>`) leaves the foreign elements open (see [`super::tokenizer`]).
//! At most [`MAX_DEPTH`] foreign elements are tracked: deeper ones are taken as closed
//! at once, which leaves the namespace of what follows as it was; at most [`MAX_DEPTH`]
//! templates inside integration points are told from other HTML elements.

/// The deepest nesting of foreign elements tracked.
pub(crate) const MAX_DEPTH: usize = 256;

/// A tag name's FNV-1a hash, over its ASCII-lowercased bytes, built byte by byte as a
/// tokenizer reads it (names of any length, cut across chunks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameHash(u64);

impl Default for NameHash {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl NameHash {
    pub(crate) const EMPTY: Self = Self(0xcbf2_9ce4_8422_2325);

    /// The hash of `name` (for the names this module knows).
    pub(crate) const fn of(name: &[u8]) -> Self {
        let mut hash = Self::EMPTY;
        let mut at = 0;
        while at < name.len() {
            hash = hash.push(name[at]);
            at += 1;
        }
        hash
    }

    /// The hash with one more byte of the name.
    #[must_use]
    pub(crate) const fn push(self, byte: u8) -> Self {
        Self((self.0 ^ byte.to_ascii_lowercase() as u64).wrapping_mul(0x0100_0000_01b3))
    }
}

const SVG: NameHash = NameHash::of(b"svg");
const MATH: NameHash = NameHash::of(b"math");
const FOREIGN_OBJECT: NameHash = NameHash::of(b"foreignobject");
const DESC: NameHash = NameHash::of(b"desc");
const TITLE: NameHash = NameHash::of(b"title");
const MGLYPH: NameHash = NameHash::of(b"mglyph");
const MALIGNMARK: NameHash = NameHash::of(b"malignmark");
const BR: NameHash = NameHash::of(b"br");
const FONT: NameHash = NameHash::of(b"font");
const ANNOTATION_XML: NameHash = NameHash::of(b"annotation-xml");
const P: NameHash = NameHash::of(b"p");
const TEMPLATE: NameHash = NameHash::of(b"template");

/// MathML's text integration points.
const MATH_TEXT: [NameHash; 5] = [
    NameHash::of(b"mi"),
    NameHash::of(b"mo"),
    NameHash::of(b"mn"),
    NameHash::of(b"ms"),
    NameHash::of(b"mtext"),
];

/// The start tags that break out of foreign content (§13.2.6.5; `font` not modelled).
const BREAKOUT: [NameHash; 44] = [
    NameHash::of(b"b"),
    NameHash::of(b"big"),
    NameHash::of(b"blockquote"),
    NameHash::of(b"body"),
    NameHash::of(b"br"),
    NameHash::of(b"center"),
    NameHash::of(b"code"),
    NameHash::of(b"dd"),
    NameHash::of(b"div"),
    NameHash::of(b"dl"),
    NameHash::of(b"dt"),
    NameHash::of(b"em"),
    NameHash::of(b"embed"),
    NameHash::of(b"h1"),
    NameHash::of(b"h2"),
    NameHash::of(b"h3"),
    NameHash::of(b"h4"),
    NameHash::of(b"h5"),
    NameHash::of(b"h6"),
    NameHash::of(b"head"),
    NameHash::of(b"hr"),
    NameHash::of(b"i"),
    NameHash::of(b"img"),
    NameHash::of(b"li"),
    NameHash::of(b"listing"),
    NameHash::of(b"menu"),
    NameHash::of(b"meta"),
    NameHash::of(b"nobr"),
    NameHash::of(b"ol"),
    NameHash::of(b"p"),
    NameHash::of(b"pre"),
    NameHash::of(b"ruby"),
    NameHash::of(b"s"),
    NameHash::of(b"small"),
    NameHash::of(b"span"),
    NameHash::of(b"strong"),
    NameHash::of(b"strike"),
    NameHash::of(b"sub"),
    NameHash::of(b"sup"),
    NameHash::of(b"table"),
    NameHash::of(b"tt"),
    NameHash::of(b"u"),
    NameHash::of(b"ul"),
    NameHash::of(b"var"),
];

/// The HTML elements that never have content (their start tags open nothing).
const VOID: [NameHash; 13] = [
    NameHash::of(b"area"),
    NameHash::of(b"base"),
    NameHash::of(b"br"),
    NameHash::of(b"col"),
    NameHash::of(b"embed"),
    NameHash::of(b"hr"),
    NameHash::of(b"img"),
    NameHash::of(b"input"),
    NameHash::of(b"link"),
    NameHash::of(b"meta"),
    NameHash::of(b"source"),
    NameHash::of(b"track"),
    NameHash::of(b"wbr"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Namespace {
    Svg,
    MathMl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
    /// An ordinary foreign element.
    None,
    /// SVG `foreignObject`, `desc`, `title`: start tags are HTML inside.
    Html,
    /// MathML `mi`, `mo`, `mn`, `ms`, `mtext`: start tags but `mglyph` and `malignmark`
    /// are HTML inside.
    MathText,
}

#[derive(Clone, Copy, Debug)]
struct Element {
    name: NameHash,
    namespace: Namespace,
    point: Point,
    /// HTML elements open inside this integration point.
    html_open: u32,
}

/// What a start tag's attributes tell foreign content, where the caller read them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StartTag {
    pub(crate) self_closing: bool,
    /// `<font>` with `color`, `face` or `size`: it breaks out of foreign content.
    pub(crate) font_breaks_out: bool,
    /// `<annotation-xml>` whose `encoding` is HTML's: an HTML integration point.
    pub(crate) html_encoding: bool,
}

/// An HTML `<template>` open inside an integration point.
#[derive(Clone, Copy, Debug)]
struct Template {
    /// The integration point's index in [`Foreign::open`].
    point: usize,
    /// Its `html_open` before the template.
    html_open: u32,
}

/// The open foreign elements of a page; empty (and allocation-free) outside `<svg>` and
/// `<math>`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Foreign {
    open: Vec<Element>,
    /// The HTML templates open inside integration points, innermost last.
    templates: Vec<Template>,
    /// The HTML templates open below all foreign content.
    outer_templates: u32,
}

impl Foreign {
    /// Whether `<![CDATA[` opens a CDATA section here: the current node is a foreign
    /// element (an integration point included, but not an HTML element inside one).
    pub(crate) fn cdata_allowed(&self) -> bool {
        self.open.last().is_some_and(|top| top.html_open == 0)
    }

    /// A start tag named `name` (self-closing or not) was read. True when it is an HTML
    /// element, whose raw-text switch (`<style>`, `<script>`…) applies.
    pub(crate) fn start_tag(&mut self, name: NameHash, tag: StartTag) -> bool {
        let self_closing = tag.self_closing;
        loop {
            let Some(top) = self.open.last_mut() else {
                // HTML: only `<svg>` and `<math>` open foreign content.
                if name == TEMPLATE {
                    self.outer_templates = self.outer_templates.saturating_add(1);
                }
                self.open_root(name, self_closing);
                return !(name == SVG || name == MATH);
            };
            let html_rules = top.html_open > 0
                || top.point == Point::Html
                || (top.point == Point::MathText && name != MGLYPH && name != MALIGNMARK);
            if html_rules {
                if name == SVG || name == MATH {
                    self.open_root(name, self_closing);
                    return false;
                }
                // An HTML element inside an integration point (void ones, and
                // self-closing ones where that counts for nothing, open nothing).
                if !VOID.contains(&name) {
                    let html_open = top.html_open;
                    top.html_open = html_open.saturating_add(1);
                    if name == TEMPLATE && self.templates.len() < MAX_DEPTH {
                        self.templates.push(Template {
                            point: self.open.len() - 1,
                            html_open,
                        });
                    }
                }
                return true;
            }
            if BREAKOUT.contains(&name) || (name == FONT && tag.font_breaks_out) {
                self.break_out();
                continue;
            }
            // `<svg>` in `annotation-xml` is SVG (the tree builder's own exception).
            if name == SVG && top.name == ANNOTATION_XML {
                self.open_root(name, self_closing);
                return false;
            }
            if !self_closing {
                let namespace = top.namespace;
                let point = match namespace {
                    Namespace::Svg if [FOREIGN_OBJECT, DESC, TITLE].contains(&name) => Point::Html,
                    Namespace::MathMl if MATH_TEXT.contains(&name) => Point::MathText,
                    Namespace::MathMl if name == ANNOTATION_XML && tag.html_encoding => Point::Html,
                    _ => Point::None,
                };
                self.push(Element {
                    name,
                    namespace,
                    point,
                    html_open: 0,
                });
            }
            return false;
        }
    }

    /// An end tag named `name` was read. True when it is processed as HTML (it may
    /// close an HTML element such as `<template>`: then call [`Self::template_ends`]).
    pub(crate) fn end_tag(&mut self, name: NameHash) -> bool {
        let Some(top) = self.open.last_mut() else {
            return true;
        };
        if top.html_open > 0 {
            if name != TEMPLATE {
                top.html_open -= 1;
                self.prune();
            }
            return true;
        }
        if name == BR || name == P {
            self.break_out();
            return true;
        }
        // Closes the nearest open foreign element of that name, unless an HTML element
        // (inside an integration point below) comes first.
        let top = self.open.len() - 1;
        for index in (0..=top).rev() {
            let element = self.open[index];
            // Below the top, HTML children mean an HTML element comes first.
            if index < top && element.html_open > 0 {
                return true;
            }
            if element.name == name {
                self.open.truncate(index);
                self.prune();
                return false;
            }
        }
        true
    }

    /// Whether any foreign element is open.
    pub(crate) fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// `</template>` was processed as HTML: the nearest open template closes, with the
    /// foreign elements and HTML elements opened inside it; nothing when none is open.
    pub(crate) fn template_ends(&mut self) {
        if let Some(template) = self.templates.pop() {
            self.open.truncate(template.point + 1);
            self.open[template.point].html_open = template.html_open;
            self.prune();
        } else if self.outer_templates > 0 {
            self.outer_templates -= 1;
            self.open.clear();
        }
    }

    /// Forgets the templates closed with the elements that held them.
    fn prune(&mut self) {
        while let Some(template) = self.templates.last() {
            match self.open.get(template.point) {
                Some(point) if point.html_open > template.html_open => break,
                _ => {
                    self.templates.pop();
                }
            }
        }
    }

    fn open_root(&mut self, name: NameHash, self_closing: bool) {
        let namespace = match name {
            _ if self_closing => return,
            SVG => Namespace::Svg,
            MATH => Namespace::MathMl,
            _ => return,
        };
        self.push(Element {
            name,
            namespace,
            point: Point::None,
            html_open: 0,
        });
    }

    fn push(&mut self, element: Element) {
        if self.open.len() < MAX_DEPTH {
            self.open.push(element);
        }
    }

    /// Pops foreign elements until the current node is an integration point or HTML.
    fn break_out(&mut self) {
        while let Some(top) = self.open.last() {
            if top.point != Point::None {
                break;
            }
            self.open.pop();
        }
        self.prune();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(foreign: &mut Foreign, name: &str) -> bool {
        foreign.start_tag(NameHash::of(name.as_bytes()), StartTag::default())
    }

    #[test]
    fn attributes_decide_font_and_annotation_xml() {
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        assert!(!start(&mut foreign, "font"), "a plain font stays SVG");
        let breaking = StartTag {
            font_breaks_out: true,
            ..StartTag::default()
        };
        assert!(foreign.start_tag(NameHash::of(b"font"), breaking));
        assert!(!foreign.cdata_allowed());
        start(&mut foreign, "math");
        let html = StartTag {
            html_encoding: true,
            ..StartTag::default()
        };
        assert!(!foreign.start_tag(NameHash::of(b"annotation-xml"), html));
        assert!(start(&mut foreign, "xyz"), "HTML inside");
        assert!(!foreign.cdata_allowed());
        foreign.end_tag(NameHash::of(b"xyz"));
        assert!(!start(&mut foreign, "svg"));
    }

    #[test]
    fn svg_content_is_foreign_until_its_end_tag_or_a_breakout() {
        let mut foreign = Foreign::default();
        assert!(start(&mut foreign, "div"));
        assert!(!foreign.cdata_allowed());
        assert!(!start(&mut foreign, "svg"));
        assert!(foreign.cdata_allowed());
        assert!(!start(&mut foreign, "style"), "an SVG style holds markup");
        assert!(!start(&mut foreign, "g"));
        let self_closing = StartTag {
            self_closing: true,
            ..StartTag::default()
        };
        assert!(!foreign.start_tag(NameHash::of(b"path"), self_closing));
        assert!(!foreign.end_tag(NameHash::of(b"G")));
        assert!(!foreign.end_tag(NameHash::of(b"style")));
        assert!(!foreign.end_tag(NameHash::of(b"svg")));
        assert!(!foreign.cdata_allowed());
        assert!(start(&mut foreign, "style"), "an HTML style again");
        // `<img>` breaks out of every foreign element.
        start(&mut foreign, "math");
        start(&mut foreign, "mrow");
        assert!(start(&mut foreign, "img"));
        assert!(!foreign.cdata_allowed());
        // `<svg/>` opens nothing.
        assert!(!foreign.start_tag(NameHash::of(b"svg"), self_closing));
        assert!(!foreign.cdata_allowed());
    }

    #[test]
    fn integration_points_take_html_start_tags() {
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        start(&mut foreign, "foreignObject");
        // The current node is the SVG foreignObject: CDATA, but HTML start tags.
        assert!(foreign.cdata_allowed());
        assert!(start(&mut foreign, "style"));
        assert!(!foreign.cdata_allowed(), "inside an HTML style");
        assert!(foreign.end_tag(NameHash::of(b"style")));
        assert!(foreign.cdata_allowed());
        assert!(!foreign.end_tag(NameHash::of(b"foreignObject")));
        assert!(!start(&mut foreign, "style"), "back in SVG");
        foreign.end_tag(NameHash::of(b"svg"));
        start(&mut foreign, "math");
        start(&mut foreign, "mi");
        assert!(start(&mut foreign, "textarea"));
        foreign.end_tag(NameHash::of(b"textarea"));
        assert!(!start(&mut foreign, "mglyph"));
    }

    #[test]
    fn the_stack_is_bounded() {
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        for _ in 0..10 * MAX_DEPTH {
            start(&mut foreign, "g");
        }
        assert_eq!(foreign.open.len(), MAX_DEPTH);
        foreign.end_tag(NameHash::of(b"svg"));
        assert!(foreign.open.is_empty());
    }

    #[test]
    fn template_end_closes_only_what_a_template_holds() {
        // `</template>` with no template open is ignored: the `<svg>` stays open (an
        // html5ever-differential fuzzing find: `<svg></template><style><b>` makes the
        // `<b>` an HTML element that breaks out of an SVG `<style>`).
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        assert!(foreign.end_tag(NameHash::of(b"template")));
        foreign.template_ends();
        assert!(foreign.is_open());
        assert!(!start(&mut foreign, "style"), "an SVG style");
        // A template opened outside foreign content closes the foreign content in it.
        let mut foreign = Foreign::default();
        assert!(start(&mut foreign, "template"));
        start(&mut foreign, "svg");
        start(&mut foreign, "g");
        assert!(foreign.end_tag(NameHash::of(b"template")));
        foreign.template_ends();
        assert!(!foreign.is_open());
        // A template in an integration point closes what it holds, not the foreign
        // elements around it: `<svg><foreignObject><template><svg></template>` leaves
        // the foreignObject the current node (CDATA, and `</foreignObject>` closes it).
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        start(&mut foreign, "foreignObject");
        assert!(start(&mut foreign, "template"));
        start(&mut foreign, "svg");
        assert!(foreign.end_tag(NameHash::of(b"template")));
        foreign.template_ends();
        assert!(foreign.is_open());
        assert!(
            foreign.cdata_allowed(),
            "the foreignObject is the current node"
        );
        assert!(!foreign.end_tag(NameHash::of(b"foreignObject")));
        assert!(!start(&mut foreign, "style"), "an SVG style");
        // Its HTML elements close with it; `</template>` closes no other HTML element.
        let mut foreign = Foreign::default();
        start(&mut foreign, "svg");
        start(&mut foreign, "desc");
        start(&mut foreign, "div");
        assert!(foreign.end_tag(NameHash::of(b"template")));
        foreign.template_ends();
        assert!(!foreign.cdata_allowed(), "the div is still open");
        start(&mut foreign, "template");
        start(&mut foreign, "p");
        start(&mut foreign, "span");
        assert!(foreign.end_tag(NameHash::of(b"template")));
        foreign.template_ends();
        assert!(!foreign.cdata_allowed(), "the div is still open");
        assert!(foreign.end_tag(NameHash::of(b"div")));
        assert!(foreign.cdata_allowed(), "the desc is the current node");
    }
}
