//! The click-to-load placeholder the gate writes after an inert iframe
//! ([`Gating::click_to_load`](crate::Gating::click_to_load)): plain data, its pieces
//! rendered (and escaped) once per language by the banner module, put together per
//! iframe here with what comes from the page, escaped or checked.
//!
//! What a visitor gets, for an iframe `width="560" height="315"` of YouTube's that needs
//! `advertising`, the 3rd on the page `/video?id=1`:
//!
//! ```html
//! <table class="cookie-consent-embed" id="cookie-consent-embed-3" role="presentation" width="560" height="315"><tr><td>
//! <p class="cookie-consent-embed-title">Content from YouTube</p>
//! <p>This content is not shown because it needs cookies of a category you have not allowed: Advertising and tracking.</p>
//! <p>Cookies in this category: _gcl_au.</p>
//! <form method="post" action="/consent?lang=en"><input type="hidden" name="action" value="placeholder">
//! <input type="hidden" name="category" value="advertising">
//! <input type="hidden" name="return_to" value="/video?id=1#cookie-consent-embed-3">
//! <button type="submit">Allow these cookies and show the content</button></form>
//! </td></tr></table>
//! ```
//!
//! (one line, without the breaks shown here). A layout table, because it is the element
//! whose `width` and `height` attributes size it in every browser without a `style=`
//! attribute, which a strict CSP would block and the banner never writes; `role=
//! "presentation"` keeps it from being read as a table. The form is a plain post (no
//! JavaScript): the endpoint grants that one category on top of the visitor's choice
//! and sends them back to the embed's anchor.

// The gate (being rebuilt beside this file) calls `render`; until it does, the tests
// and the banner's tests do.

use crate::escape::escape_html;

/// The most digits a width or height keeps (`99999` pixels).
const MAX_DIMENSION_DIGITS: usize = 5;

/// The longest page path kept as `return_to` (the endpoint's own limit is 2,048 bytes
/// with the anchor).
const MAX_RETURN_TO: usize = 2000;

/// The pieces of one category's placeholder, rendered (escaped) for one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CategoryPieces {
    /// After the heading, up to the `return_to` value: the explanation, the category's
    /// cookies, the form and its hidden fields.
    pub(crate) body: Box<str>,
    /// After the anchor of `return_to`: the button and the closing tags.
    pub(crate) end: Box<str>,
}

/// The click-to-load placeholders of one language: every piece escaped already.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Placeholders {
    /// The heading when the embed's provider is not known, as a whole `<p>` element.
    pub(crate) untitled: Box<str>,
    /// The heading naming the provider: what comes before its name (from `<p …>`), and
    /// after it (to `</p>`).
    pub(crate) titled: (Box<str>, Box<str>),
    /// By category position (`None`: no placeholder, as for `necessary`).
    pub(crate) categories: Vec<Option<CategoryPieces>>,
}

impl Placeholders {
    /// Appends the placeholder of the iframe numbered `anchor` on the page (its id is
    /// `cookie-consent-embed-{anchor}`), which needs `category`, to `out`:
    ///
    /// - `provider`: the embed's provider when the gate knows it (the tracker table's
    ///   name); escaped;
    /// - `width`, `height`: the iframe's own attribute values (character references
    ///   decoded), kept when they are 1 to 5 ASCII digits (HTML whitespace around them
    ///   ignored), else left out: `100%` or `calc(…)` cannot be copied without a style;
    /// - `page`: the request's path and query, where the form sends the visitor back
    ///   (with the anchor): anything but a same-site path of printable ASCII (no `//`,
    ///   no backslash) becomes `/`; escaped.
    ///
    /// Returns false, writing nothing, for a category without a placeholder.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn render(
        &self,
        category: crate::policy::CategoryIndex,
        provider: Option<&str>,
        width: Option<&[u8]>,
        height: Option<&[u8]>,
        anchor: u32,
        page: &[u8],
        out: &mut Vec<u8>,
    ) -> bool {
        let Some(Some(pieces)) = self.categories.get(category.position()) else {
            return false;
        };
        let anchor = anchor.to_string();
        out.extend_from_slice(b"<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-");
        out.extend_from_slice(anchor.as_bytes());
        out.extend_from_slice(b"\" role=\"presentation\"");
        for (name, value) in [(&b"width"[..], width), (b"height", height)] {
            if let Some(digits) = value.and_then(dimension) {
                out.push(b' ');
                out.extend_from_slice(name);
                out.extend_from_slice(b"=\"");
                out.extend_from_slice(digits);
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"><tr><td>");
        match provider.map(str::trim).filter(|name| !name.is_empty()) {
            Some(provider) => {
                out.extend_from_slice(self.titled.0.as_bytes());
                out.extend_from_slice(escape_html(provider).as_bytes());
                out.extend_from_slice(self.titled.1.as_bytes());
            }
            None => out.extend_from_slice(self.untitled.as_bytes()),
        }
        out.extend_from_slice(pieces.body.as_bytes());
        out.extend_from_slice(escape_html(return_path(page)).as_bytes());
        out.extend_from_slice(b"#cookie-consent-embed-");
        out.extend_from_slice(anchor.as_bytes());
        out.extend_from_slice(pieces.end.as_bytes());
        true
    }
}

/// A `width` or `height` kept as digits, or `None`.
fn dimension(value: &[u8]) -> Option<&[u8]> {
    let is_space = |byte: &u8| matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    let start = value.iter().position(|byte| !is_space(byte))?;
    let end = value.iter().rposition(|byte| !is_space(byte))? + 1;
    let digits = &value[start..end];
    (!digits.is_empty()
        && digits.len() <= MAX_DIMENSION_DIGITS
        && digits.iter().all(u8::is_ascii_digit))
    .then_some(digits)
}

/// The page's path and query as a `return_to` that stays on the site, else `/`. (The
/// endpoint checks it again, decoded; this keeps the form from carrying what it would
/// refuse.)
fn return_path(page: &[u8]) -> &str {
    let page = match page.iter().position(|&byte| byte == b'#') {
        Some(hash) => &page[..hash],
        None => page,
    };
    let stays = page.first() == Some(&b'/')
        && !matches!(page.get(1), Some(b'/' | b'\\'))
        && page.len() <= MAX_RETURN_TO
        && page
            .iter()
            .all(|&byte| byte.is_ascii_graphic() && byte != b'\\');
    match std::str::from_utf8(page) {
        Ok(path) if stays => path,
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::CategoryIndex;

    fn placeholders() -> Placeholders {
        Placeholders {
            untitled: "<p class=\"cookie-consent-embed-title\">Embedded content</p>".into(),
            titled: (
                "<p class=\"cookie-consent-embed-title\">Content from ".into(),
                "</p>".into(),
            ),
            categories: vec![
                None,
                Some(CategoryPieces {
                    body: "<p>Needs A.</p><form method=\"post\" action=\"/consent\"><input type=\"hidden\" name=\"return_to\" value=\"".into(),
                    end: "\"><button type=\"submit\">Allow A</button></form></td></tr></table>".into(),
                }),
            ],
        }
    }

    fn rendered(
        provider: Option<&str>,
        width: Option<&[u8]>,
        height: Option<&[u8]>,
        page: &[u8],
    ) -> String {
        let mut out = b"before".to_vec();
        assert!(placeholders().render(
            CategoryIndex::new(1).unwrap(),
            provider,
            width,
            height,
            7,
            page,
            &mut out
        ));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_placeholder_is_sized_from_the_iframe_and_returns_to_its_anchor() {
        assert_eq!(
            rendered(
                Some("YouTube"),
                Some(b"560"),
                Some(b" 315\n"),
                b"/video?id=1"
            ),
            "before<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-7\" role=\"presentation\" width=\"560\" height=\"315\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">Content from YouTube</p>\
             <p>Needs A.</p><form method=\"post\" action=\"/consent\"><input type=\"hidden\" name=\"return_to\" value=\"/video?id=1#cookie-consent-embed-7\">\
             <button type=\"submit\">Allow A</button></form></td></tr></table>"
        );
    }

    #[test]
    fn what_comes_from_the_page_is_escaped_or_left_out() {
        let html = rendered(
            Some("<b>\"Tube\"</b> & co"),
            Some(b"100%"),
            Some(b"1\" onload=\"x"),
            b"/a?q=\"><script>x</script>&b='1'",
        );
        assert_eq!(
            html,
            "before<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-7\" role=\"presentation\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">Content from &lt;b&gt;&quot;Tube&quot;&lt;/b&gt; &amp; co</p>\
             <p>Needs A.</p><form method=\"post\" action=\"/consent\"><input type=\"hidden\" name=\"return_to\" value=\"/a?q=&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;b=&#39;1&#39;#cookie-consent-embed-7\">\
             <button type=\"submit\">Allow A</button></form></td></tr></table>"
        );
        // Sizes: digits only, at most five.
        for bad in [
            &b""[..],
            b" ",
            b"-1",
            b"1.5",
            b"123456",
            b"5e2",
            b"\xff",
            b"560px",
        ] {
            assert!(
                !rendered(None, Some(bad), None, b"/").contains("width="),
                "{bad:?}"
            );
        }
        // Paths that would leave the site, or are not printable ASCII, become `/`.
        for page in [
            &b"//evil.example/x"[..],
            b"/\\evil.example",
            b"https://evil.example/",
            b"",
            b"relative",
            b"/a b",
            b"/caf\xc3\xa9",
            b"/\t/x",
        ] {
            let html = rendered(None, None, None, page);
            assert!(
                html.contains("value=\"/#cookie-consent-embed-7\""),
                "{page:?}: {html}"
            );
        }
        // A fragment of the page's own is replaced by the anchor.
        assert!(
            rendered(None, None, None, b"/a#top").contains("value=\"/a#cookie-consent-embed-7\"")
        );
        let long = format!("/{}", "a".repeat(MAX_RETURN_TO));
        assert!(rendered(None, None, None, long.as_bytes()).contains("value=\"/#cookie"));
    }

    #[test]
    fn no_provider_gives_the_plain_heading_and_necessary_gets_nothing() {
        assert!(rendered(None, None, None, b"/").contains(
            "<td><p class=\"cookie-consent-embed-title\">Embedded content</p><p>Needs A.</p>"
        ));
        assert!(rendered(Some("  "), None, None, b"/").contains(">Embedded content<"));
        let mut out = Vec::new();
        for category in [CategoryIndex::NECESSARY, CategoryIndex::new(5).unwrap()] {
            assert!(!placeholders().render(category, None, None, None, 1, b"/", &mut out));
        }
        assert!(out.is_empty());
    }
}
