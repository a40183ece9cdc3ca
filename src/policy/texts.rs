//! The banner's texts in one language, and where they come from: the 24 bundled
//! translations (`languages/`), the operator's own, or a configuration file's partial
//! texts laid over the bundled ones; and the texts about receipts.

use crate::languages::{self, Translation};

/// The texts of the banner, the preferences page and the layer's other messages, in one
/// language. Operator text is HTML-escaped wherever it is used.
///
/// The layer bundles these texts in the 24 official languages of the European Union
/// ([`BannerTexts::bundled`]); [`Banner::texts`](crate::Banner::texts) adds or replaces
/// one language. The category labels and purposes are the policy's (see
/// [`Category::translation`](crate::Category::translation)).
///
/// In a configuration file (`[banner.texts]`, `[banner.translations.fr]`) every field
/// may be left out and keeps the bundled text of that table's `lang` (English when the
/// language is not bundled).
///
/// # Example
///
/// ```
/// use tower_cookie_consent::BannerTexts;
///
/// let mut texts = BannerTexts::default();
/// texts.title = "Cookies at Example Ltd".to_owned();
/// texts.accept_all = "Allow all".to_owned();
/// let german = BannerTexts::bundled("de").unwrap();
/// assert_eq!(german.reject_all, "Alle ablehnen");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BannerTexts {
    /// The language of these texts (a BCP 47 tag: `en`, `de`, `pt-BR`), set as `lang`
    /// on the banner and the preferences page and recorded in receipts.
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
    /// In the banner's line for a category, before the third parties that receive its
    /// data ("Shared with: Google, Hotjar").
    pub shared_with: String,
    /// Beside a category the browser's Global Privacy Control signal keeps off.
    pub gpc_honoured: String,
    /// Why "Accept all" leaves some categories off while the signal is sent:
    /// `{categories}` is replaced by their labels.
    pub gpc_accept_all: String,
    /// UK mode: the banner's line for a category that is on until the visitor objects.
    pub on_unless_objected: String,
    /// UK mode: the button that objects to such a category.
    pub object: String,
    /// The opt-out notice's heading (see [`Regime::OptOut`](crate::Regime::OptOut)).
    pub opt_out_title: String,
    /// What the opt-out notice says.
    pub opt_out_statement: String,
    /// The opt-out notice's one-click control: "Do not sell or share my personal
    /// information". It refuses the categories that sell or share data.
    pub do_not_sell: String,
    /// The opt-out notice's other button, keeping things as they are.
    pub opt_out_continue: String,
    /// The first layer's line naming the site's owner (see
    /// [`PolicyBuilder::controller`](crate::PolicyBuilder::controller)): `{controller}`
    /// is replaced by the name.
    pub controller_line: String,
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
    /// The endpoint's answer (403) to a choice posted from another site.
    pub error_cross_site: String,
    /// The endpoint's answer (400) to a form it cannot read.
    pub error_bad_form: String,
    /// The endpoint's answer (408) to a form that took too long to arrive.
    pub error_timeout: String,
    /// The endpoint's answer (413) to a form that is too large.
    pub error_too_large: String,
    /// The endpoint's answer (415) to a post that is neither a form nor JSON.
    pub error_media_type: String,
    /// The endpoint's answer (405) to another method.
    pub error_method: String,
    /// The endpoint's answer (429) to a grant past the limit on choices from one client
    /// (see `ConsentLayer::receipt_limit`).
    pub error_too_many: String,
    /// The texts of the placeholder after an inert iframe (see [`PlaceholderTexts`]).
    pub placeholder: PlaceholderTexts,
}

/// The texts of the click-to-load placeholder the gate puts after an inert iframe (see
/// [`Gating::click_to_load`](crate::Gating::click_to_load)). In a configuration file,
/// the `placeholder` table of the banner's `texts`; every field may be left out.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PlaceholderTexts {
    /// Its heading when the embed's provider is not known ("Embedded content").
    pub title: String,
    /// Its heading naming the provider: `{provider}` is replaced by its name.
    pub from: String,
    /// Why the embed is not shown: `{category}` is replaced by the category's label.
    pub needs: String,
    /// The category's declared cookies: `{cookies}` is replaced by their names.
    pub sets: String,
    /// The button that allows the category (named just above it) and shows the embed.
    pub allow: String,
}

impl Default for PlaceholderTexts {
    /// The bundled English texts.
    fn default() -> Self {
        BannerTexts::default().placeholder
    }
}

impl Default for BannerTexts {
    /// The bundled English texts.
    fn default() -> Self {
        Self::from(languages::ENGLISH)
    }
}

/// The texts of the receipt section and of the "could not be saved" page. In a
/// configuration file, the `receipt` table of the banner's `texts`; every field may be
/// left out.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReceiptTexts {
    /// The heading of the preferences page's receipt section.
    pub heading: String,
    /// The line introducing it.
    pub intro: String,
    /// The labels of its rows: consent id, date and time, policy revision, allowed,
    /// refused.
    pub labels: [String; 5],
    /// Listed when no optional category was allowed (or refused).
    pub none: String,
    /// The link to the receipt as JSON.
    pub json_link: String,
    /// Shown when the store has no receipt for the visitor's choice.
    pub missing: String,
    /// Shown when the store cannot be read now.
    pub unavailable: String,
    /// The title of the page answering a choice that could not be saved.
    pub not_saved_title: String,
    /// What that page says.
    pub not_saved: String,
    /// Its link back to the page the visitor came from.
    pub not_saved_back: String,
    /// Its button posting the same choice again ("Reject all", beside it, is the
    /// banner's).
    pub not_saved_retry: String,
}

impl Default for ReceiptTexts {
    /// The bundled English texts.
    fn default() -> Self {
        BannerTexts::default().receipt
    }
}

impl BannerTexts {
    /// The bundled texts of a language (`"fr"`, `"pt"`; case-insensitive), if the layer
    /// bundles it: the 24 official languages of the European Union.
    pub fn bundled(lang: &str) -> Option<Self> {
        languages::find(lang).map(Self::from)
    }

    /// The tags of the bundled languages, English first.
    pub fn bundled_languages() -> impl Iterator<Item = &'static str> {
        languages::ALL.iter().map(|translation| translation.lang)
    }
}

impl From<&Translation> for BannerTexts {
    fn from(t: &Translation) -> Self {
        let owned = |text: &str| text.to_owned();
        Self {
            lang: owned(t.lang),
            title: owned(t.title),
            statement: owned(t.statement),
            accept_all: owned(t.accept_all),
            reject_all: owned(t.reject_all),
            customize: owned(t.customize),
            categories_legend: owned(t.categories_legend),
            save: owned(t.save),
            policy_link: owned(t.policy_link),
            settings_link: owned(t.settings_link),
            always_on: owned(t.always_on),
            cookies_in_category: owned(t.cookies_in_category),
            policy_changed: owned(t.policy_changed),
            choice_expired: owned(t.choice_expired),
            shared_with: owned(t.shared_with),
            gpc_honoured: owned(t.gpc_honoured),
            gpc_accept_all: owned(t.gpc_accept_all),
            on_unless_objected: owned(t.on_unless_objected),
            object: owned(t.object),
            opt_out_title: owned(t.opt_out_title),
            opt_out_statement: owned(t.opt_out_statement),
            do_not_sell: owned(t.do_not_sell),
            opt_out_continue: owned(t.opt_out_continue),
            controller_line: owned(t.controller_line),
            preferences_title: owned(t.preferences_title),
            preferences_intro: owned(t.preferences_intro),
            no_choice_yet: owned(t.no_choice_yet),
            current_choice: owned(t.current_choice),
            table_caption: owned(t.table_caption),
            table_headings: t.table_headings.map(owned),
            back: owned(t.back),
            saved: owned(t.saved),
            consent_cookie_purpose: owned(t.consent_cookie_purpose),
            consent_cookie_duration: owned(t.consent_cookie_duration),
            receipt: ReceiptTexts {
                heading: owned(t.receipt_heading),
                intro: owned(t.receipt_intro),
                labels: [
                    t.receipt_id,
                    t.receipt_time,
                    t.receipt_revision,
                    t.receipt_allowed,
                    t.receipt_refused,
                ]
                .map(owned),
                none: owned(t.receipt_none),
                json_link: owned(t.receipt_json_link),
                missing: owned(t.receipt_missing),
                unavailable: owned(t.receipt_unavailable),
                not_saved_title: owned(t.not_saved_title),
                not_saved: owned(t.not_saved),
                not_saved_back: owned(t.not_saved_back),
                not_saved_retry: owned(t.not_saved_retry),
            },
            error_cross_site: owned(t.error_cross_site),
            error_bad_form: owned(t.error_bad_form),
            error_timeout: owned(t.error_timeout),
            error_too_large: owned(t.error_too_large),
            error_media_type: owned(t.error_media_type),
            error_method: owned(t.error_method),
            error_too_many: owned(t.error_too_many),
            placeholder: PlaceholderTexts {
                title: owned(t.placeholder_title),
                from: owned(t.placeholder_from),
                needs: owned(t.placeholder_needs),
                sets: owned(t.placeholder_sets),
                allow: owned(t.placeholder_allow),
            },
        }
    }
}

/// Texts read from a configuration file: the fields given, laid over the bundled texts
/// of their `lang` (English when it is not bundled), so that a table may give only what
/// it changes. Unknown fields are errors.
#[derive(Clone, Debug, Default)]
pub(crate) struct PartialTexts(serde_json::Map<String, serde_json::Value>);

impl<'de> serde::Deserialize<'de> for PartialTexts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Map::deserialize(deserializer).map(Self)
    }
}

impl PartialTexts {
    /// The complete texts, in `lang` unless the table names its own.
    pub(crate) fn complete(self, lang: &str) -> Result<BannerTexts, String> {
        let lang = match self.0.get("lang") {
            Some(serde_json::Value::String(given)) => given.clone(),
            Some(_) => return Err("`lang` must be a language tag".to_owned()),
            None => lang.to_owned(),
        };
        let mut base = BannerTexts::bundled(&lang).unwrap_or_default();
        base.lang = lang;
        let mut value = serde_json::to_value(&base).map_err(|error| error.to_string())?;
        lay_over(&mut value, serde_json::Value::Object(self.0));
        serde_json::from_value(value).map_err(|error| format!("banner texts: {error}"))
    }
}

/// Replaces what `over` gives in `base`, table by table.
fn lay_over(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(slot) if slot.is_object() && value.is_object() => lay_over(slot, value),
                    _ => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_texts_keep_the_bundled_ones_of_their_language() {
        let given: PartialTexts = serde_json::from_str(
            r#"{"lang":"fr","title":"Nos cookies","receipt":{"none":"aucune"}}"#,
        )
        .unwrap();
        let texts = given.complete("en").unwrap();
        let french = BannerTexts::bundled("fr").unwrap();
        assert_eq!(texts.title, "Nos cookies");
        assert_eq!(texts.receipt.none, "aucune");
        assert_eq!(texts.accept_all, french.accept_all);
        assert_eq!(texts.receipt.heading, french.receipt.heading);

        let unknown: PartialTexts = serde_json::from_str(r#"{"titel":"x"}"#).unwrap();
        let error = unknown.complete("en").unwrap_err();
        assert!(error.contains("titel"), "{error}");
        // A language that is not bundled starts from English.
        let klingon: PartialTexts = serde_json::from_str(r#"{"lang":"tlh"}"#).unwrap();
        let texts = klingon.complete("en").unwrap();
        assert_eq!(
            (texts.lang.as_str(), texts.accept_all.as_str()),
            ("tlh", "Accept all")
        );
    }
}
