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
mod languages;
mod markup;
mod preferences;
mod receipt;
mod style;

use std::fmt;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};

pub use escape::escape_html;
pub(crate) use preferences::preferences_page;
pub use receipt::ReceiptTexts;
pub(crate) use receipt::{ShownReceipt, not_saved_page, notice};

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

/// The texts of the banner and the preferences page. Operator text is HTML-escaped
/// wherever it is used.
///
/// In a configuration file every field may be left out and keeps its default.
///
/// # Example
///
/// ```
/// use tower_cookie_consent::BannerTexts;
///
/// let mut texts = BannerTexts::default();
/// texts.title = "Cookies at Example Ltd".to_owned();
/// texts.accept_all = "Allow all".to_owned();
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct BannerTexts {
    /// The `lang` of these texts, set on the banner and the preferences page.
    pub lang: String,
    /// The banner's heading, also its accessible name.
    pub title: String,
    /// What the banner asks.
    pub statement: String,
    /// The "Accept all" button.
    pub accept_all: String,
    /// The "Reject all" button.
    pub reject_all: String,
    /// The summary of the section with one checkbox per category.
    pub customize: String,
    /// The legend of the category checkboxes.
    pub categories_legend: String,
    /// The button that saves the ticked categories.
    pub save: String,
    /// The text of the link to the cookie policy.
    pub policy_link: String,
    /// The text of the link to the preferences page.
    pub settings_link: String,
    /// Shown beside the necessary category, which cannot be turned off.
    pub always_on: String,
    /// Introduces the cookies of a category.
    pub cookies_in_category: String,
    /// Shown when the visitor chose under an older policy revision.
    pub policy_changed: String,
    /// Shown when the visitor's choice is older than the consent lifetime.
    pub choice_expired: String,
    /// The preferences page's title and heading.
    pub preferences_title: String,
    /// The preferences page's introduction.
    pub preferences_intro: String,
    /// The preferences page's line when no choice is recorded.
    pub no_choice_yet: String,
    /// The preferences page's line before the list of granted categories.
    pub current_choice: String,
    /// The caption of the cookie table.
    pub table_caption: String,
    /// The column headings of the cookie table: name, category, purpose, duration,
    /// provider.
    pub table_headings: [String; 5],
    /// The preferences page's link back to the site.
    pub back: String,
    /// The status message on the page a visitor returns to after choosing.
    pub saved: String,
    /// The purpose of the consent cookie, in the declaration.
    pub consent_cookie_purpose: String,
    /// The consent cookie's lifetime, in the declaration: `{days}` is replaced by the
    /// number of days.
    pub consent_cookie_duration: String,
    /// The texts about consent receipts (see [`ReceiptTexts`]).
    pub receipt: ReceiptTexts,
}

impl Default for BannerTexts {
    fn default() -> Self {
        Self {
            lang: "en".to_owned(),
            title: "Cookies on this site".to_owned(),
            statement: "We use strictly necessary cookies to make this site work. We would also \
                        like to set optional cookies, but only if you agree. You can accept or \
                        reject them all, or choose by category, and change your mind at any time."
                .to_owned(),
            accept_all: "Accept all".to_owned(),
            reject_all: "Reject all".to_owned(),
            customize: "Customize".to_owned(),
            categories_legend: "Choose which cookies to allow".to_owned(),
            save: "Save my choices".to_owned(),
            policy_link: "Cookie policy".to_owned(),
            settings_link: "Cookie settings".to_owned(),
            always_on: "Always on".to_owned(),
            cookies_in_category: "Cookies".to_owned(),
            policy_changed: "Our cookie policy has changed since you last chose, so we are \
                             asking again."
                .to_owned(),
            choice_expired: "It has been a while since you last chose, so we are asking again."
                .to_owned(),
            preferences_title: "Cookie settings".to_owned(),
            preferences_intro: "Choose which optional cookies this site may set. Strictly \
                                necessary cookies are always on. Your choice applies from the \
                                next page you load."
                .to_owned(),
            no_choice_yet: "You have not made a choice yet: only strictly necessary cookies are \
                            set."
                .to_owned(),
            current_choice: "Currently allowed:".to_owned(),
            table_caption: "Cookies this site uses".to_owned(),
            table_headings: ["Cookie", "Category", "Purpose", "Duration", "Provider"]
                .map(str::to_owned),
            back: "Back to the site".to_owned(),
            saved: "Your cookie choices were saved.".to_owned(),
            consent_cookie_purpose: "Remembers your cookie choices, so that we do not ask on \
                                     every page."
                .to_owned(),
            consent_cookie_duration: "{days} days".to_owned(),
            receipt: ReceiptTexts::default(),
        }
    }
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
    /// The endpoint's path, the form's `action`.
    pub endpoint: &'a str,
    /// The URL of the layer's stylesheet (versioned).
    pub stylesheet: &'a str,
}

type Renderer = Arc<dyn Fn(&BannerContext<'_>) -> String + Send + Sync>;

/// The operator's banner settings, given to
/// [`ConsentLayer::with_banner`](crate::ConsentLayer::with_banner).
///
/// In a configuration file: `texts` (see [`BannerTexts`]), `policy_link`, `position`
/// and `colors`, each optional. A custom renderer is code, set with
/// [`Banner::renderer`].
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Banner, Colors, Position};
///
/// let banner = Banner::default()
///     .policy_link("/cookie-policy")
///     .position(Position::Top)
///     .colors(Colors::default().background("#0b0c0c").unwrap());
/// ```
#[derive(Clone, Default, serde::Deserialize)]
#[serde(from = "BannerConfig")]
#[must_use]
pub struct Banner {
    texts: BannerTexts,
    policy_link: Option<String>,
    position: Position,
    colors: Colors,
    renderer: Option<Renderer>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BannerConfig {
    #[serde(default)]
    texts: BannerTexts,
    policy_link: Option<String>,
    #[serde(default)]
    position: Position,
    #[serde(default)]
    colors: Colors,
}

impl From<BannerConfig> for Banner {
    fn from(config: BannerConfig) -> Self {
        Self {
            texts: config.texts,
            policy_link: config.policy_link,
            position: config.position,
            colors: config.colors,
            renderer: None,
        }
    }
}

impl fmt::Debug for Banner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Banner")
            .field("texts", &self.texts)
            .field("policy_link", &self.policy_link)
            .field("position", &self.position)
            .field("colors", &self.colors)
            .field("renderer", &self.renderer.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl Banner {
    /// Replaces the texts.
    pub fn texts(mut self, texts: BannerTexts) -> Self {
        self.texts = texts;
        self
    }

    /// The URL of the site's cookie policy, linked from the banner and the preferences
    /// page. Without one, the banner links to the preferences page, which lists every
    /// cookie.
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
    /// [`escape_html`]) and post to [`BannerContext::endpoint`]. The stylesheet and
    /// preferences page stay the layer's.
    pub fn renderer(
        mut self,
        render: impl Fn(&BannerContext<'_>) -> String + Send + Sync + 'static,
    ) -> Self {
        self.renderer = Some(Arc::new(render));
        self
    }

    pub(crate) fn texts_ref(&self) -> &BannerTexts {
        &self.texts
    }
}

/// How the banner's styles reach the page, decided from the response's CSP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StyleMode<'a> {
    Inline,
    InlineNonce(&'a str),
    Link,
}

/// The banner settings rendered for one policy: built once, used for every response.
#[derive(Clone, Debug)]
pub(crate) struct RenderedBanner {
    settings: Banner,
    /// Shared with every stylesheet response, never copied.
    css: Bytes,
    stylesheet_href: String,
    parts: markup::BannerParts,
}

impl RenderedBanner {
    pub(crate) fn new(policy: &Policy, settings: Banner) -> Self {
        let css = style::stylesheet(&settings.colors, settings.position);
        let stylesheet_href = format!(
            "{}/banner.css?v={:016x}",
            policy.endpoint(),
            style::version(&css)
        );
        let parts = markup::BannerParts::render(policy, &settings, &stylesheet_href);
        Self {
            settings,
            css: Bytes::from(css),
            stylesheet_href,
            parts,
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

    /// The status message for the page a visitor returns to after choosing, at the
    /// start of its body: a `role="status"` region, so that screen readers say it.
    pub(crate) fn saved_message(&self) -> Bytes {
        let texts = &self.settings.texts;
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
    pub(crate) fn settings_link(&self, policy: &Policy, return_to: &str) -> Bytes {
        let texts = &self.settings.texts;
        let query: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
        let href = format!("{}?return_to={query}", policy.endpoint());
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
    pub(crate) fn for_page(
        &self,
        policy: &Policy,
        return_to: &str,
        style: StyleMode<'_>,
        reason: Undecided,
    ) -> Insert {
        let bytes = self.render(policy, return_to, style, reason);
        let under_meta_csp = match style {
            StyleMode::Link => None,
            _ if self.settings.renderer.is_some() => None,
            _ => Some(StyleSwap {
                at: self.parts.style_at(),
                len: self.parts.style_len(style, &self.css),
                link: self.parts.link(),
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
        return_to: &str,
        style: StyleMode<'_>,
        reason: Undecided,
    ) -> Bytes {
        if let Some(render) = &self.settings.renderer {
            let context = BannerContext {
                policy,
                return_to,
                nonce: match style {
                    StyleMode::InlineNonce(nonce) => Some(nonce),
                    _ => None,
                },
                reason,
                endpoint: policy.endpoint(),
                stylesheet: &self.stylesheet_href,
            };
            return Bytes::from(render(&context));
        }
        let mut out = BytesMut::with_capacity(self.parts.len_hint() + self.css.len());
        self.parts.write(
            &mut out,
            &self.css,
            return_to,
            style,
            reason,
            &self.settings.texts,
        );
        out.freeze()
    }
}
