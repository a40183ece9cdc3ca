//! The click-to-load placeholder's pieces for one language
//! ([`Gating::click_to_load`](crate::Gating::click_to_load)): the texts of the
//! language with the policy's category labels and cookie names, escaped, and the form
//! that grants one category. The gate puts them together per iframe
//! (`html::Placeholders::render`).

use crate::escape::escape_html;
use crate::html::{CategoryPieces, Placeholders};
use crate::policy::{BannerTexts, Policy};

/// The placeholders of one language: `texts` with the policy's categories, posting to
/// `action` (the endpoint with the language).
pub(crate) fn placeholders(policy: &Policy, texts: &BannerTexts, action: &str) -> Placeholders {
    let words = &texts.placeholder;
    let heading = |text: &str| format!("<p class=\"cookie-consent-embed-title\">{text}");
    let (before, after) = words
        .from
        .split_once("{provider}")
        .unwrap_or((words.from.as_str(), ""));
    let categories = policy
        .categories()
        .iter()
        .enumerate()
        .map(|(position, category)| {
            if position == 0 {
                return None;
            }
            let label = category.label_in(&texts.lang);
            let cookies: Vec<String> = policy
                .rules()
                .iter()
                .filter(|rule| rule.category() == category.id())
                .map(|rule| rule.pattern().to_string())
                .collect();
            let mut body = format!(
                "<p>{}</p>",
                escape_html(&words.needs.replace("{category}", label))
            );
            if !cookies.is_empty() {
                body.push_str(&format!(
                    "<p>{}</p>",
                    escape_html(&words.sets.replace("{cookies}", &cookies.join(", ")))
                ));
            }
            body.push_str(&format!(
                "<form method=\"post\" action=\"{}\">\
                 <input type=\"hidden\" name=\"action\" value=\"placeholder\">\
                 <input type=\"hidden\" name=\"category\" value=\"{}\">\
                 <input type=\"hidden\" name=\"return_to\" value=\"",
                escape_html(action),
                escape_html(category.id()),
            ));
            let end = format!(
                "\"><button type=\"submit\">{}</button></form></td></tr></table>",
                escape_html(&words.allow)
            );
            Some(CategoryPieces {
                body: body.into(),
                end: end.into(),
            })
        })
        .collect();
    Placeholders {
        untitled: format!("{}</p>", heading(&escape_html(&words.title))).into(),
        titled: (
            heading(&escape_html(before)).into(),
            format!("{}</p>", escape_html(after)).into(),
        ),
        categories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{CategoryIndex, Gating};

    fn rendered(lang: &str, category: &str, provider: Option<&str>) -> String {
        let policy = crate::test_policy::policy_builder()
            .gating(Gating::new().click_to_load(true))
            .build()
            .unwrap();
        let texts = BannerTexts::bundled(lang).unwrap();
        let pieces = placeholders(&policy, &texts, &format!("/consent?lang={lang}"));
        let mut out = Vec::new();
        let index = policy.category_index(category.as_bytes()).unwrap();
        assert!(pieces.render(
            index,
            provider,
            Some(b"560"),
            Some(b"315"),
            3,
            b"/video?id=1",
            &mut out
        ));
        assert!(!pieces.render(
            CategoryIndex::NECESSARY,
            provider,
            None,
            None,
            3,
            b"/",
            &mut out
        ));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_placeholder_of_a_category_in_english() {
        assert_eq!(
            rendered("en", "advertising", Some("YouTube")),
            "<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-3\" role=\"presentation\" width=\"560\" height=\"315\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">Content from YouTube</p>\
             <p>This content is not shown because it needs cookies of a category you have not allowed: Advertising and tracking.</p>\
             <p>Cookies in this category: _gcl_au.</p>\
             <form method=\"post\" action=\"/consent?lang=en\">\
             <input type=\"hidden\" name=\"action\" value=\"placeholder\">\
             <input type=\"hidden\" name=\"category\" value=\"advertising\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/video?id=1#cookie-consent-embed-3\">\
             <button type=\"submit\">Allow these cookies and show the content</button>\
             </form></td></tr></table>"
        );
        // Prefix rules are listed as their pattern; no provider, the plain heading.
        assert_eq!(
            rendered("en", "performance", None),
            "<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-3\" role=\"presentation\" width=\"560\" height=\"315\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">Embedded content</p>\
             <p>This content is not shown because it needs cookies of a category you have not allowed: Performance.</p>\
             <p>Cookies in this category: _ga, _hj*.</p>\
             <form method=\"post\" action=\"/consent?lang=en\">\
             <input type=\"hidden\" name=\"action\" value=\"placeholder\">\
             <input type=\"hidden\" name=\"category\" value=\"performance\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/video?id=1#cookie-consent-embed-3\">\
             <button type=\"submit\">Allow these cookies and show the content</button>\
             </form></td></tr></table>"
        );
    }

    #[test]
    fn the_placeholder_in_german_with_character_references() {
        assert_eq!(
            rendered("de", "advertising", Some("Vimeo")),
            "<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-3\" role=\"presentation\" width=\"560\" height=\"315\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">Inhalt von Vimeo</p>\
             <p>Dieser Inhalt wird nicht angezeigt, weil er Cookies einer Kategorie ben&#xf6;tigt, die Sie nicht erlaubt haben: Werbung und Tracking.</p>\
             <p>Cookies in dieser Kategorie: _gcl_au.</p>\
             <form method=\"post\" action=\"/consent?lang=de\">\
             <input type=\"hidden\" name=\"action\" value=\"placeholder\">\
             <input type=\"hidden\" name=\"category\" value=\"advertising\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/video?id=1#cookie-consent-embed-3\">\
             <button type=\"submit\">Diese Cookies erlauben und Inhalt anzeigen</button>\
             </form></td></tr></table>"
        );
    }

    #[test]
    fn operator_text_is_escaped() {
        let policy = crate::policy::Policy::builder()
            .category(crate::policy::Category::new(
                "videos",
                "<Videos> & \"more\"",
                "p",
            ))
            .cookie(crate::policy::CookieRule::new("v<1>", "videos"))
            .gating(Gating::new().click_to_load(true))
            .build();
        // A cookie name with `<` is not a valid cookie name: the builder refuses it,
        // so only labels and texts can carry markup.
        assert!(policy.is_err());
        let policy = crate::policy::Policy::builder()
            .category(crate::policy::Category::new(
                "videos",
                "<Videos> & \"more\"",
                "p",
            ))
            .gating(Gating::new().click_to_load(true))
            .build()
            .unwrap();
        let mut texts = BannerTexts::default();
        texts.placeholder.from = "<i>{provider}</i>'s".to_owned();
        let pieces = placeholders(&policy, &texts, "/consent?a=\"b\"&c");
        let mut out = Vec::new();
        let videos = policy.category_index(b"videos").unwrap();
        assert!(pieces.render(videos, Some("X"), None, None, 1, b"/", &mut out));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<table class=\"cookie-consent-embed\" id=\"cookie-consent-embed-1\" role=\"presentation\"><tr><td>\
             <p class=\"cookie-consent-embed-title\">&lt;i&gt;X&lt;/i&gt;&#39;s</p>\
             <p>This content is not shown because it needs cookies of a category you have not allowed: &lt;Videos&gt; &amp; &quot;more&quot;.</p>\
             <form method=\"post\" action=\"/consent?a=&quot;b&quot;&amp;c\">\
             <input type=\"hidden\" name=\"action\" value=\"placeholder\">\
             <input type=\"hidden\" name=\"category\" value=\"videos\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/#cookie-consent-embed-1\">\
             <button type=\"submit\">Allow these cookies and show the content</button>\
             </form></td></tr></table>"
        );
    }
}
