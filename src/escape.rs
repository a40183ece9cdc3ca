//! HTML escaping for operator text and request data put into markup: one function for
//! the banner, the layer's pages and custom renderers.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Escapes `&`, `<`, `>`, `"` and `'`, so that the text is safe both as element content
/// and inside a quoted attribute value, and writes every non-ASCII character as a
/// numeric character reference (`é` as `&#xe9;`), so that the text reads the same in a
/// page of any ASCII-compatible charset (a page declared `iso-8859-1` would show raw
/// UTF-8 as mojibake). Borrowed when nothing needed escaping.
///
/// (Custom banner renderers get it as [`BannerContext::escape`](crate::BannerContext::escape).)
pub(crate) fn escape_html(text: &str) -> Cow<'_, str> {
    let needs = |byte: &u8| matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'') || !byte.is_ascii();
    let Some(first) = text.bytes().position(|byte| needs(&byte)) else {
        return Cow::Borrowed(text);
    };
    let mut escaped = String::with_capacity(text.len() + 16);
    escaped.push_str(&text[..first]);
    for character in text[first..].chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other if other.is_ascii() => escaped.push(other),
            other => {
                let _ = write!(escaped, "&#x{:x};", u32::from(other));
            }
        }
    }
    Cow::Owned(escaped)
}

/// Appends `text`, escaped, to `out`.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    let _ = write!(out, "{}", escape_html(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_breaker() {
        assert_eq!(
            escape_html("a&b<c>d\"e'f</style>é"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f&lt;/style&gt;&#xe9;"
        );
        assert!(matches!(escape_html("nothing"), Cow::Borrowed(_)));
        // Outside the Basic Multilingual Plane too: one reference, not two surrogates.
        assert_eq!(escape_html("\u{1f36a} ą"), "&#x1f36a; &#x105;");
        let mut out = String::from("x");
        push_escaped(&mut out, "<");
        assert_eq!(out, "x&lt;");
    }
}
