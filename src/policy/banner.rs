//! The banner as the site declares it: its texts in each language, its look, its
//! links, and a custom renderer's inputs. Plain data, read by the layer's `banner`
//! module, which renders it once when the layer is built.

use std::fmt;
use std::sync::Arc;

use super::Policy;
use super::texts::{self, BannerTexts};

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
    pub(crate) background: String,
    pub(crate) text: String,
    pub(crate) accent: String,
    pub(crate) accent_text: String,
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
    /// The visitor's regime: [`Regime::OptOut`](crate::Regime::OptOut) asks for a notice
    /// with the "Do not sell or share" control (action `opt_out`) instead of a banner;
    /// the renderer is not called for [`Regime::None`](crate::Regime::None).
    pub regime: crate::Regime,
}

impl BannerContext<'_> {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so that the text is safe both as element
    /// content and inside a quoted attribute value, and writes every non-ASCII character
    /// as a numeric character reference (`é` as `&#xe9;`), so that the text reads the
    /// same in a page of any ASCII-compatible charset. Borrowed when nothing needed
    /// escaping. A renderer escapes every text and URL it writes with it: the policy's
    /// texts, the visitor's `return_to`, the nonce.
    ///
    /// ```
    /// use tower_cookie_consent::BannerContext;
    ///
    /// assert_eq!(BannerContext::escape("\"><script>"), "&quot;&gt;&lt;script&gt;");
    /// assert_eq!(BannerContext::escape("plain"), "plain");
    /// assert_eq!(BannerContext::escape("für München"), "f&#xfc;r M&#xfc;nchen");
    /// ```
    pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
        crate::escape::escape_html(text)
    }
}

pub(crate) type Renderer = Arc<dyn Fn(&BannerContext<'_>) -> String + Send + Sync>;

/// The banner as the site declares it, part of the [`Policy`]
/// ([`PolicyBuilder::banner`](crate::PolicyBuilder::banner), or a `[banner]` table in the
/// policy file): its texts, link, position and colours, whether it is shown, and the
/// "Cookie settings" link at the end of pages.
///
/// The banner speaks the visitor's language: every bundled language (the 24 official
/// languages of the European Union) is offered unless
/// [`PolicyBuilder::languages`](crate::PolicyBuilder::languages) narrows them, and
/// [`Banner::texts`] adds or replaces a language. Which one a request gets is described
/// in "Languages" in the crate docs.
///
/// In a configuration file (`[banner]`): `texts` and `translations.{lang}` (see
/// [`BannerTexts`]), `policy_link`, `position`, `colors`, `shown` and `settings_link`,
/// each optional. A custom renderer is code, set with [`Banner::renderer`].
///
/// # Example
///
/// ```
/// use tower_cookie_consent::{Banner, BannerTexts, Colors, Policy, Position};
///
/// let mut french = BannerTexts::bundled("fr").unwrap();
/// french.title = "Nos cookies".to_owned();
/// let banner = Banner::default()
///     .policy_link("/cookie-policy")
///     .texts(french)
///     .position(Position::Top)
///     .colors(Colors::default().background("#0b0c0c").unwrap());
/// let policy = Policy::builder()
///     .languages(["en", "fr", "de"])
///     .banner(banner)
///     .build()?;
/// # Ok::<(), tower_cookie_consent::PolicyError>(())
/// ```
#[derive(Clone, serde::Deserialize)]
#[serde(try_from = "BannerConfig")]
#[must_use]
pub struct Banner {
    /// The operator's texts, one per language, overriding the bundled ones.
    texts: Vec<BannerTexts>,
    pub(crate) policy_link: Option<String>,
    pub(crate) position: Position,
    pub(crate) colors: Colors,
    pub(crate) renderer: Option<Renderer>,
    pub(crate) shown: bool,
    pub(crate) settings_link: bool,
}

impl Default for Banner {
    fn default() -> Self {
        Self {
            texts: Vec::new(),
            policy_link: None,
            position: Position::default(),
            colors: Colors::default(),
            renderer: None,
            shown: true,
            settings_link: false,
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BannerConfig {
    texts: Option<texts::PartialTexts>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, texts::PartialTexts>,
    policy_link: Option<String>,
    #[serde(default)]
    position: Position,
    #[serde(default)]
    colors: Colors,
    shown: Option<bool>,
    #[serde(default)]
    settings_link: bool,
}

impl TryFrom<BannerConfig> for Banner {
    type Error = String;

    fn try_from(config: BannerConfig) -> Result<Self, String> {
        let mut banner = Self {
            texts: Vec::new(),
            policy_link: config.policy_link,
            position: config.position,
            colors: config.colors,
            renderer: None,
            shown: config.shown.unwrap_or(true),
            settings_link: config.settings_link,
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
            .field("policy_link", &self.policy_link)
            .field("position", &self.position)
            .field("colors", &self.colors)
            .field("renderer", &self.renderer.as_ref().map(|_| "custom"))
            .field("shown", &self.shown)
            .field("settings_link", &self.settings_link)
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

    /// Whether the layer shows its banner (`true` by default). Off, the layer still
    /// enforces the policy and answers the endpoint: the site shows its own consent UI,
    /// posting to it.
    ///
    /// ```
    /// use tower_cookie_consent::{Banner, Policy};
    ///
    /// let policy = Policy::builder().banner(Banner::default().shown(false)).build()?;
    /// # Ok::<(), tower_cookie_consent::PolicyError>(())
    /// ```
    pub fn shown(mut self, shown: bool) -> Self {
        self.shown = shown;
        self
    }

    /// Adds a small "Cookie settings" link at the end of every HTML page a decided
    /// visitor gets (off by default), to the preferences page and back: for sites
    /// without a footer link of their own. Pages that could carry the banner only (the
    /// same rules), and the page's length stays exact.
    pub fn settings_link(mut self, on: bool) -> Self {
        self.settings_link = on;
        self
    }

    /// Replaces the banner's markup with the operator's own. The closure runs for every
    /// page that gets a banner; it must escape what it writes (see
    /// [`BannerContext::escape`]) and post to [`BannerContext::action`]. The
    /// stylesheet and preferences page stay the layer's.
    pub fn renderer(
        mut self,
        render: impl Fn(&BannerContext<'_>) -> String + Send + Sync + 'static,
    ) -> Self {
        self.renderer = Some(Arc::new(render));
        self
    }

    /// The texts of every language offered: in the order of `languages` (the policy's),
    /// else in bundled order with added languages last; the policy's language is added
    /// first when missing.
    pub(crate) fn offered_texts(
        &self,
        languages: Option<&[String]>,
        policy_language: &str,
    ) -> Vec<BannerTexts> {
        let available = |tag: &str| -> Option<BannerTexts> {
            self.texts
                .iter()
                .find(|texts| texts.lang.eq_ignore_ascii_case(tag))
                .cloned()
                .or_else(|| BannerTexts::bundled(tag))
        };
        let mut offered: Vec<BannerTexts> = match languages {
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

/// Why a visitor counts as not having chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Undecided {
    /// No consent cookie was sent.
    NoChoice,
    /// A consent cookie was sent but could not be trusted: malformed, duplicated, too
    /// long, from a newer policy, dated in the future, or naming unknown categories.
    Invalid,
    /// The choice was made under an older policy revision.
    PolicyChanged,
    /// The choice is older than the consent lifetime.
    Expired,
}
