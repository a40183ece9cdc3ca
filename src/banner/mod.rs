//! The consent banner and the preferences page, rendered from the banner the policy
//! declares ([`Banner`](crate::Banner), in `policy/`): the markup and the stylesheet.
//!
//! The default banner needs no JavaScript: it is a `<form method="post">` to the consent
//! endpoint with "Accept all" and "Reject all" as two equal buttons, and a "Customize"
//! `<details>` with one unticked checkbox per optional category. It is rendered once per
//! policy when the layer is built; per request only the `return_to` path, the CSP nonce
//! and the re-consent notice are filled in.
//!
//! Its styles come in one of three ways, chosen per response:
//!
//! - the response has no `Content-Security-Policy` restricting styles: an inline `<style>`;
//! - the response's policy allows styles by nonce: an inline `<style nonce="…">` with it;
//! - any other policy: a `<link rel="stylesheet">` to `{endpoint}/banner.css?v={hash}`,
//!   which the layer serves (same origin, long-cacheable, versioned by content).
//!
//! No `style=` or `on*=` attribute is ever written.

mod markup;
mod placeholder;
mod preferences;
mod receipt;
mod style;

use bytes::{Bytes, BytesMut};

pub(crate) use markup::providers;
pub(crate) use preferences::preferences_page;
pub(crate) use receipt::{ShownReceipt, not_saved_page, notice};

use crate::escape::{escape_html, push_escaped};
use crate::html::{Insert, StyleSwap};
use crate::policy::{Banner, BannerContext, BannerTexts, Policy, Regime, Undecided};

pub(crate) use crate::csp::StyleMode;

/// The note after an inert iframe ([`Gating::placeholder`](crate::Gating::placeholder)),
/// when the policy's gating has one: its texts escaped, the link to `endpoint`.
pub(crate) fn placeholder_markup(gating: &crate::Gating, endpoint: &str) -> Option<String> {
    let (text, link) = gating.placeholder_texts()?;
    Some(format!(
        "<div class=\"cookie-consent-placeholder\" role=\"note\"><p>{}</p><a href=\"{}\">{}</a></div>",
        escape_html(text),
        escape_html(endpoint),
        escape_html(link),
    ))
}

/// The position of a language among those the layer offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LanguageIndex(pub(crate) usize);

/// The banner of one language, rendered.
#[derive(Clone, Debug)]
struct Localized {
    texts: BannerTexts,
    /// The endpoint with this language: the forms' action, the links' base.
    action: String,
    /// The banner (or the opt-out notice) of each regime some visitor may get, without
    /// and with Global Privacy Control (when a category sells or shares data): indexed
    /// by [`parts_slot`].
    parts: Vec<Option<markup::BannerParts>>,
    /// The click-to-load placeholders, when the policy's gating has them.
    placeholders: Option<std::sync::Arc<crate::html::Placeholders>>,
}

/// Where the banner of `regime`, with the signal or not, is kept in
/// `Localized::parts`.
fn parts_slot(regime: Regime, gpc: bool) -> usize {
    regime.position() * 2 + usize::from(gpc)
}

/// The banner settings rendered for one policy: built once, every language, used for
/// every response.
#[derive(Clone, Debug)]
pub(crate) struct RenderedBanner {
    settings: Banner,
    /// Shared with every stylesheet response, never copied.
    css: Bytes,
    stylesheet_href: String,
    languages: Vec<Localized>,
    /// The tags of `languages`, for negotiation.
    tags: Vec<String>,
    /// The policy's language (or the first offered).
    default: LanguageIndex,
}

impl RenderedBanner {
    pub(crate) fn new(policy: &Policy) -> Self {
        let settings = policy.page_settings().banner.clone();
        let css = style::stylesheet(&settings.colors, settings.position);
        let stylesheet_href = format!(
            "{}/banner.css?v={:016x}",
            policy.endpoint(),
            style::version(&css)
        );
        let languages: Vec<Localized> = policy
            .page_settings()
            .offered
            .iter()
            .cloned()
            .map(|texts| {
                let action = format!(
                    "{}?lang={}",
                    policy.endpoint(),
                    form_urlencoded::byte_serialize(texts.lang.as_bytes()).collect::<String>()
                );
                let mut parts = vec![None; Regime::ALL.len() * 2];
                for regime in policy.regimes() {
                    for gpc in [false, true] {
                        if !shows_words(regime) || (gpc && !policy.honours_gpc()) {
                            continue;
                        }
                        parts[parts_slot(regime, gpc)] = Some(markup::BannerParts::render(
                            policy,
                            &settings,
                            &texts,
                            &action,
                            &stylesheet_href,
                            gpc,
                            regime,
                        ));
                    }
                }
                let placeholders = policy
                    .page_settings()
                    .gating
                    .as_ref()
                    .filter(|gating| gating.has_click_to_load())
                    .map(|_| {
                        std::sync::Arc::new(placeholder::placeholders(policy, &texts, &action))
                    });
                Localized {
                    parts,
                    action,
                    texts,
                    placeholders,
                }
            })
            .collect();
        let tags: Vec<String> = languages
            .iter()
            .map(|language| language.texts.lang.clone())
            .collect();
        let default = crate::languages::lookup(policy.language(), |candidate| {
            tags.iter()
                .position(|tag| tag.eq_ignore_ascii_case(candidate))
        })
        .unwrap_or(0);
        Self {
            settings,
            css: Bytes::from(css),
            stylesheet_href,
            languages,
            tags,
            default: LanguageIndex(default),
        }
    }

    pub(crate) fn css(&self) -> &Bytes {
        &self.css
    }

    pub(crate) fn stylesheet_href(&self) -> &str {
        &self.stylesheet_href
    }

    pub(crate) fn settings(&self) -> &Banner {
        &self.settings
    }

    /// The tags of the languages offered, in order.
    pub(crate) fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The language shown when nothing chooses one.
    pub(crate) fn default_language(&self) -> LanguageIndex {
        self.default
    }

    /// The index of an offered language (`de-AT` finds `de`).
    pub(crate) fn find(&self, tag: &str) -> Option<LanguageIndex> {
        crate::languages::lookup(tag, |candidate| {
            self.tags
                .iter()
                .position(|known| known.eq_ignore_ascii_case(candidate))
        })
        .map(LanguageIndex)
    }

    /// Every offered language.
    pub(crate) fn indices(&self) -> impl Iterator<Item = LanguageIndex> {
        (0..self.languages.len()).map(LanguageIndex)
    }

    /// The texts of a language.
    pub(crate) fn texts(&self, language: LanguageIndex) -> &BannerTexts {
        &self.localized(language).texts
    }

    /// The click-to-load placeholders of a language, when the policy's gating has them
    /// ([`Gating::click_to_load`](crate::Gating::click_to_load)): a shared handle for a
    /// page's gate.
    pub(crate) fn placeholders(
        &self,
        language: Option<LanguageIndex>,
    ) -> Option<std::sync::Arc<crate::html::Placeholders>> {
        self.localized(language.unwrap_or(self.default))
            .placeholders
            .clone()
    }

    /// The endpoint's URL in a language (`/consent?lang=fr`).
    pub(crate) fn action(&self, language: LanguageIndex) -> &str {
        &self.localized(language).action
    }

    fn localized(&self, language: LanguageIndex) -> &Localized {
        self.languages
            .get(language.0)
            .unwrap_or(&self.languages[self.default.0])
    }

    /// The status message for the page a visitor returns to after choosing, at the
    /// start of its body: a `role="status"` region, so that screen readers say it.
    pub(crate) fn saved_message(&self, language: LanguageIndex) -> Bytes {
        let texts = self.texts(language);
        let mut out = format!(
            "<p class=\"tcc-status\" role=\"status\" lang=\"{}\">",
            escape_html(&texts.lang)
        );
        push_escaped(&mut out, &texts.saved);
        out.push_str("</p>");
        Bytes::from(out)
    }

    /// The "Cookie settings" link at the end of a decided visitor's page, to the
    /// preferences page and back to `return_to`; with `gpc`, saying that the browser's
    /// opt-out preference signal is honoured (the preferences page lists what it
    /// refuses).
    pub(crate) fn settings_link(
        &self,
        language: LanguageIndex,
        return_to: &str,
        gpc: bool,
    ) -> Bytes {
        let texts = self.texts(language);
        let query: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
        let href = format!("{}&return_to={query}", self.action(language));
        let mut out = format!(
            "<p class=\"tcc-settings\" lang=\"{}\"><a href=\"{}\">",
            escape_html(&texts.lang),
            escape_html(&href)
        );
        push_escaped(&mut out, &texts.settings_link);
        out.push_str("</a>");
        if gpc {
            out.push_str(" <span class=\"tcc-gpc\">");
            push_escaped(&mut out, &texts.gpc_honoured);
            out.push_str("</span>");
        }
        out.push_str("</p>");
        Bytes::from(out)
    }

    /// The banner for one page, as one frame; with an inline style, also where that
    /// style is and the link that stands for it on a page that turns out to carry a
    /// `<meta>` CSP. A custom renderer's banner has no such swap.
    /// `None` when the page's regime shows nothing ([`Regime::None`]).
    pub(crate) fn for_page(&self, policy: &Policy, page: &PageFacts<'_>) -> Option<Insert> {
        let localized = self.localized(page.language);
        let slot = |gpc| localized.parts.get(parts_slot(page.regime, gpc))?.as_ref();
        let parts = slot(page.gpc).or_else(|| slot(false))?;
        let bytes = self.render(policy, localized, parts, page);
        let under_meta_csp = match page.style {
            StyleMode::Link => None,
            _ if self.settings.renderer.is_some() => None,
            style => Some(StyleSwap {
                at: parts.style_at(),
                len: parts.style_len(style, &self.css),
                link: parts.link(),
            }),
        };
        Some(Insert {
            bytes,
            under_meta_csp,
            form_target: None,
        })
    }

    fn render(
        &self,
        policy: &Policy,
        localized: &Localized,
        parts: &markup::BannerParts,
        page: &PageFacts<'_>,
    ) -> Bytes {
        if let Some(render) = &self.settings.renderer {
            let context = BannerContext {
                policy,
                return_to: page.return_to,
                nonce: match page.style {
                    StyleMode::InlineNonce(nonce) => Some(nonce),
                    _ => None,
                },
                reason: page.reason,
                endpoint: policy.endpoint(),
                stylesheet: &self.stylesheet_href,
                texts: &localized.texts,
                action: &localized.action,
                gpc: page.gpc,
                regime: page.regime,
            };
            return Bytes::from(render(&context));
        }
        let mut out = BytesMut::with_capacity(parts.len_hint() + self.css.len());
        parts.write(
            &mut out,
            &self.css,
            page.return_to,
            page.style,
            page.reason,
            &localized.texts,
        );
        out.freeze()
    }
}

/// What one page's banner depends on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PageFacts<'a> {
    pub(crate) language: LanguageIndex,
    pub(crate) gpc: bool,
    pub(crate) return_to: &'a str,
    pub(crate) style: StyleMode<'a>,
    pub(crate) reason: Undecided,
    /// The visitor's regime: the banner, the opt-out notice, or nothing.
    pub(crate) regime: Regime,
}

/// Whether visitors under `regime` are shown a banner or notice before choosing.
pub(crate) fn shows_words(regime: Regime) -> bool {
    regime != Regime::None
}

impl RenderedBanner {
    /// Whether the default banner lacks a link to the site's cookie policy (it links
    /// the preferences page instead).
    pub(crate) fn lacks_policy_link(&self) -> bool {
        self.settings.policy_link.is_none() && self.settings.renderer.is_none()
    }

    /// The categories whose texts some offered languages lack (those banners show the
    /// category's own text), with those languages.
    pub(crate) fn untranslated<'p>(&self, policy: &'p Policy) -> Vec<(&'p str, Vec<&str>)> {
        // The language the policy's own texts are written in needs no translation.
        let own = self.find(policy.language());
        policy
            .categories()
            .iter()
            .filter_map(|category| {
                let missing: Vec<&str> = self
                    .indices()
                    .filter(|&index| Some(index) != own)
                    .map(|index| self.tags[index.0].as_str())
                    .filter(|lang| !category.is_translated(lang))
                    .collect();
                (!missing.is_empty()).then_some((category.id(), missing))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_placeholder_is_escaped() {
        let gating = crate::Gating::new()
            .placeholder("Videos need <advertising> cookies.")
            .placeholder_link("Settings & more");
        assert_eq!(
            super::placeholder_markup(&gating, "/consent?a=\"b\"").as_deref(),
            Some(concat!(
                r#"<div class="cookie-consent-placeholder" role="note"><p>Videos need &lt;advertising&gt; cookies.</p>"#,
                r#"<a href="/consent?a=&quot;b&quot;">Settings &amp; more</a></div>"#
            ))
        );
        assert_eq!(
            super::placeholder_markup(&crate::Gating::new(), "/consent"),
            None
        );
    }
}
