//! The consent banner and the preferences page: what the operator configures, and the
//! markup and stylesheet rendered from it.
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

mod escape;
mod markup;
mod preferences;
mod receipt;
mod style;
mod texts;

use std::fmt;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};

pub use escape::escape_html;
pub(crate) use markup::providers;
pub(crate) use preferences::preferences_page;
pub use receipt::ReceiptTexts;
pub(crate) use receipt::{ShownReceipt, not_saved_page, notice};
pub use texts::BannerTexts;

use crate::consent::Undecided;
use crate::html::{Insert, StyleSwap};
use crate::policy::Policy;

/// Where the banner sits on the page (`"bottom"` or `"top"` in a configuration file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Position {
    /// A bar fixed to the bottom of the viewport (the default).
    #[default]
    Bottom,
    /// A bar fixed to the top of the viewport.
    Top,
}

/// The banner's colours, as `#rgb` or `#rrggbb`. The defaults meet WCAG AA contrast
/// (text 15.4:1 on the background, button text 6.7:1 on the accent); check yours.
///
/// Each colour is set by name, and checked as it is set:
///
/// ```
/// use tower_cookie_consent::Colors;
///
/// let colors = Colors::default()
///     .background("#0b0c0c")?
///     .text("#ffffff")?
///     .accent("#ffdd00")?
///     .accent_text("#0b0c0c")?;
/// assert!(Colors::default().background("white").is_err());
/// # Ok::<(), tower_cookie_consent::InvalidColor>(())
/// ```
///
/// In a configuration file: `{ background = "#0b0c0c", accent = "#ffdd00" }`, every
/// colour optional.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "ColorsConfig")]
pub struct Colors {
    background: String,
    text: String,
    accent: String,
    accent_text: String,
}

impl Default for Colors {
    fn default() -> Self {
        Self {
            background: "#ffffff".to_owned(),
            text: "#1f2328".to_owned(),
            accent: "#1d4ed8".to_owned(),
            accent_text: "#ffffff".to_owned(),
        }
    }
}

impl Colors {
    /// The banner's background.
    pub fn background(mut self, color: &str) -> Result<Self, InvalidColor> {
        self.background = checked_color(color)?;
        Ok(self)
    }

    /// The banner's text.
    pub fn text(mut self, color: &str) -> Result<Self, InvalidColor> {
        self.text = checked_color(color)?;
        Ok(self)
    }

    /// The buttons' background: both buttons share it, so neither choice is highlighted.
    pub fn accent(mut self, color: &str) -> Result<Self, InvalidColor> {
        self.accent = checked_color(color)?;
        Ok(self)
    }

    /// The buttons' text.
    pub fn accent_text(mut self, color: &str) -> Result<Self, InvalidColor> {
        self.accent_text = checked_color(color)?;
        Ok(self)
    }
}

fn checked_color(color: &str) -> Result<String, InvalidColor> {
    let hex = color.strip_prefix('#').unwrap_or("");
    let valid = matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    if valid {
        Ok(color.to_ascii_lowercase())
    } else {
        Err(InvalidColor {
            color: color.to_owned(),
        })
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ColorsConfig {
    background: Option<String>,
    text: Option<String>,
    accent: Option<String>,
    accent_text: Option<String>,
}

impl TryFrom<ColorsConfig> for Colors {
    type Error = InvalidColor;

    fn try_from(config: ColorsConfig) -> Result<Self, InvalidColor> {
        let mut colors = Colors::default();
        for (slot, given) in [
            (&mut colors.background, config.background),
            (&mut colors.text, config.text),
            (&mut colors.accent, config.accent),
            (&mut colors.accent_text, config.accent_text),
        ] {
            if let Some(given) = given {
                *slot = checked_color(&given)?;
            }
        }
        Ok(colors)
    }
}

/// A colour that is not `#rgb` or `#rrggbb`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidColor {
    color: String,
}

impl fmt::Display for InvalidColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a colour of the form #rgb or #rrggbb",
            self.color
        )
    }
}

impl std::error::Error for InvalidColor {}

/// What a custom banner renderer is given for one response.
#[derive(Debug)]
#[non_exhaustive]
pub struct BannerContext<'a> {
    /// The site's policy: categories and cookies.
    pub policy: &'a Policy,
    /// The path and query of the page, for the form's `return_to` field (not escaped).
    pub return_to: &'a str,
    /// The style nonce of the response's `Content-Security-Policy`, if it has one.
    pub nonce: Option<&'a str>,
    /// Why the visitor is asked (again).
    pub reason: Undecided,
    /// The endpoint's path. The form's `action` should be [`BannerContext::action`].
    pub endpoint: &'a str,
    /// The URL of the layer's stylesheet (versioned).
    pub stylesheet: &'a str,
    /// The texts in the visitor's language (`texts.lang`); category texts in it come
    /// from [`Category::label_in`](crate::Category::label_in).
    pub texts: &'a BannerTexts,
    /// The form's `action`: the endpoint, with the language shown (`?lang=fr`), so
    /// that the endpoint answers and records in it.
    pub action: &'a str,
    /// The request carried Global Privacy Control: the categories that sell or share
    /// data are refused unless ticked (see [`Consent::gpc`](crate::Consent::gpc)).
    pub gpc: bool,
}

type Renderer = Arc<dyn Fn(&BannerContext<'_>) -> String + Send + Sync>;

/// The operator's banner settings, given to
/// [`ConsentLayer::with_banner`](crate::ConsentLayer::with_banner).
///
/// The banner speaks the visitor's language: every bundled language (the 24 official
/// languages of the European Union) is offered unless [`Banner::languages`] narrows
/// them, and [`Banner::texts`] adds or replaces a language. Which one a request gets is
/// described in "Languages" in the crate docs.
///
/// In a configuration file: `texts` and `translations.{lang}` (see [`BannerTexts`]),
/// `languages`, `policy_link`, `position` and `colors`, each optional. A custom
/// renderer is code, set with [`Banner::renderer`].
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Banner, BannerTexts, Colors, Position};
///
/// let mut french = BannerTexts::bundled("fr").unwrap();
/// french.title = "Nos cookies".to_owned();
/// let banner = Banner::default()
///     .policy_link("/cookie-policy")
///     .languages(["en", "fr", "de"])
///     .texts(french)
///     .position(Position::Top)
///     .colors(Colors::default().background("#0b0c0c").unwrap());
/// ```
#[derive(Clone, Default, serde::Deserialize)]
#[serde(try_from = "BannerConfig")]
#[must_use]
pub struct Banner {
    /// The operator's texts, one per language, overriding the bundled ones.
    texts: Vec<BannerTexts>,
    /// The languages offered, in order; `None`: every language with texts.
    languages: Option<Vec<String>>,
    policy_link: Option<String>,
    position: Position,
    colors: Colors,
    renderer: Option<Renderer>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BannerConfig {
    texts: Option<texts::PartialTexts>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, texts::PartialTexts>,
    languages: Option<Vec<String>>,
    policy_link: Option<String>,
    #[serde(default)]
    position: Position,
    #[serde(default)]
    colors: Colors,
}

impl TryFrom<BannerConfig> for Banner {
    type Error = String;

    fn try_from(config: BannerConfig) -> Result<Self, String> {
        let mut banner = Self {
            texts: Vec::new(),
            languages: config.languages,
            policy_link: config.policy_link,
            position: config.position,
            colors: config.colors,
            renderer: None,
        };
        if let Some(texts) = config.texts {
            banner = banner.texts(texts.complete("en")?);
        }
        for (lang, texts) in config.translations {
            banner = banner.texts(texts.complete(&lang)?);
        }
        Ok(banner)
    }
}

impl fmt::Debug for Banner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Banner")
            .field("texts", &self.texts)
            .field("languages", &self.languages)
            .field("policy_link", &self.policy_link)
            .field("position", &self.position)
            .field("colors", &self.colors)
            .field("renderer", &self.renderer.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl Banner {
    /// Adds the texts of one language (`texts.lang`), replacing the bundled texts of
    /// that language if there are any. Start from [`BannerTexts::bundled`] to change a
    /// few words of a bundled language.
    pub fn texts(mut self, texts: BannerTexts) -> Self {
        self.texts
            .retain(|known| !known.lang.eq_ignore_ascii_case(&texts.lang));
        self.texts.push(texts);
        self
    }

    /// Offers only these languages (BCP 47 tags), in this order (a wildcard
    /// `Accept-Language: *` gets the first). Tags with neither bundled nor added texts
    /// are left out, with a `tracing` warning. The policy's language is always offered.
    pub fn languages<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.languages = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// The URL of the site's cookie policy, linked from the banner and the preferences
    /// page. Without one, the banner links to the preferences page, which lists every
    /// cookie, and the layer warns through `tracing` when it is built.
    pub fn policy_link(mut self, url: impl Into<String>) -> Self {
        self.policy_link = Some(url.into());
        self
    }

    /// Bottom (default) or top of the viewport.
    pub fn position(mut self, position: Position) -> Self {
        self.position = position;
        self
    }

    /// The banner's colours.
    pub fn colors(mut self, colors: Colors) -> Self {
        self.colors = colors;
        self
    }

    /// Replaces the banner's markup with the operator's own. The closure runs for every
    /// page that gets a banner; it must escape what it writes (see
    /// [`escape_html`]) and post to [`BannerContext::action`]. The stylesheet and
    /// preferences page stay the layer's.
    pub fn renderer(
        mut self,
        render: impl Fn(&BannerContext<'_>) -> String + Send + Sync + 'static,
    ) -> Self {
        self.renderer = Some(Arc::new(render));
        self
    }

    /// The texts of every language offered: in the order of [`Banner::languages`], else
    /// in bundled order with added languages last; the policy's language is added first
    /// when missing.
    fn offered_texts(&self, policy_language: &str) -> Vec<BannerTexts> {
        let available = |tag: &str| -> Option<BannerTexts> {
            self.texts
                .iter()
                .find(|texts| texts.lang.eq_ignore_ascii_case(tag))
                .cloned()
                .or_else(|| BannerTexts::bundled(tag))
        };
        let mut offered: Vec<BannerTexts> = match &self.languages {
            Some(tags) => tags
                .iter()
                .filter_map(|tag| {
                    let texts = available(tag);
                    if texts.is_none() {
                        tracing::warn!(
                            language = tag.as_str(),
                            "the banner has no texts in this language: it is not offered"
                        );
                    }
                    texts
                })
                .collect(),
            None => BannerTexts::bundled_languages()
                .filter_map(available)
                .chain(
                    self.texts
                        .iter()
                        .filter(|texts| BannerTexts::bundled(&texts.lang).is_none())
                        .cloned(),
                )
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        offered.retain(|texts| seen.insert(texts.lang.to_ascii_lowercase()));
        // (`de-AT` is served by `de`, as for visitors.)
        let covered = crate::languages::lookup(policy_language, |candidate| {
            offered
                .iter()
                .position(|texts| texts.lang.eq_ignore_ascii_case(candidate))
        });
        if covered.is_none() {
            match crate::languages::lookup(policy_language, available) {
                Some(texts) => offered.insert(0, texts),
                None => tracing::warn!(
                    language = policy_language,
                    "the policy's language has no banner texts: the first offered language \
                     is the default"
                ),
            }
        }
        if offered.is_empty() {
            offered.push(BannerTexts::default());
        }
        offered
    }
}

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
    parts: markup::BannerParts,
    /// The banner for a request with Global Privacy Control, when a category sells or
    /// shares data.
    gpc_parts: Option<markup::BannerParts>,
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
    pub(crate) fn new(policy: &Policy, settings: Banner) -> Self {
        let css = style::stylesheet(&settings.colors, settings.position);
        let stylesheet_href = format!(
            "{}/banner.css?v={:016x}",
            policy.endpoint(),
            style::version(&css)
        );
        let languages: Vec<Localized> = settings
            .offered_texts(policy.language())
            .into_iter()
            .map(|texts| {
                let action = format!(
                    "{}?lang={}",
                    policy.endpoint(),
                    form_urlencoded::byte_serialize(texts.lang.as_bytes()).collect::<String>()
                );
                let render = |gpc| {
                    markup::BannerParts::render(
                        policy,
                        &settings,
                        &texts,
                        &action,
                        &stylesheet_href,
                        gpc,
                    )
                };
                Localized {
                    parts: render(false),
                    gpc_parts: policy.honours_gpc().then(|| render(true)),
                    action,
                    texts,
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
            escape::escape_html(&texts.lang)
        );
        escape::push_escaped(&mut out, &texts.saved);
        out.push_str("</p>");
        Bytes::from(out)
    }

    /// The "Cookie settings" link at the end of a decided visitor's page, to the
    /// preferences page and back to `return_to`.
    pub(crate) fn settings_link(&self, language: LanguageIndex, return_to: &str) -> Bytes {
        let texts = self.texts(language);
        let query: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
        let href = format!("{}&return_to={query}", self.action(language));
        let mut out = format!(
            "<p class=\"tcc-settings\" lang=\"{}\"><a href=\"{}\">",
            escape::escape_html(&texts.lang),
            escape::escape_html(&href)
        );
        escape::push_escaped(&mut out, &texts.settings_link);
        out.push_str("</a></p>");
        Bytes::from(out)
    }

    /// The banner for one page, as one frame; with an inline style, also where that
    /// style is and the link that stands for it on a page that turns out to carry a
    /// `<meta>` CSP. A custom renderer's banner has no such swap.
    pub(crate) fn for_page(&self, policy: &Policy, page: &PageFacts<'_>) -> Insert {
        let localized = self.localized(page.language);
        let parts = match &localized.gpc_parts {
            Some(parts) if page.gpc => parts,
            _ => &localized.parts,
        };
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
        Insert {
            bytes,
            under_meta_csp,
        }
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
