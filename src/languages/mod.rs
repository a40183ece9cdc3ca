//! The layer's texts in the 24 official languages of the European Union, written for
//! this banner: plain, honest wording, the same meaning in every language, and no
//! implied consent ("by continuing...").
//!
//! Each language is one [`Translation`], a table of `&'static str` checked by the
//! compiler for completeness (a missing text does not build). Placeholders in braces
//! (`{days}`, `{categories}`) are kept as they are in every language; a test checks it.

mod negotiation;

pub(crate) use negotiation::{is_language_tag, lookup, negotiate};

mod bg;
mod cs;
mod da;
mod de;
mod el;
mod en;
mod es;
mod et;
mod fi;
mod fr;
mod ga;
mod hr;
mod hu;
mod it;
mod lt;
mod lv;
mod mt;
mod nl;
mod pl;
mod pt;
mod ro;
mod sk;
mod sl;
mod sv;

/// Every text of the layer in one language.
// Some texts serve features wired after the tables (GPC, receipts, UK mode).
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) struct Translation {
    /// The BCP 47 language tag: `en`, `de`, `pt`, ...
    pub(crate) lang: &'static str,
    /// The language's own name for itself (`Deutsch`), for a language menu.
    pub(crate) name: &'static str,

    // The banner (the first layer).
    /// The banner's heading.
    pub(crate) title: &'static str,
    /// What the site asks, in two or three sentences.
    pub(crate) statement: &'static str,
    pub(crate) accept_all: &'static str,
    pub(crate) reject_all: &'static str,
    /// The summary that opens the category choices.
    pub(crate) customize: &'static str,
    /// The legend of the category checkboxes.
    pub(crate) categories_legend: &'static str,
    /// The button that saves exactly the ticked categories.
    pub(crate) save: &'static str,
    /// The link to the operator's cookie policy.
    pub(crate) policy_link: &'static str,
    /// The link to the preferences page.
    pub(crate) settings_link: &'static str,
    /// Beside the strictly necessary category: it cannot be turned off.
    pub(crate) always_on: &'static str,
    /// The summary of a category's cookie list (followed by the count in brackets).
    pub(crate) cookies_in_category: &'static str,
    /// To a returning visitor: the policy changed since they chose.
    pub(crate) policy_changed: &'static str,
    /// To a returning visitor: their choice is older than its lifetime.
    pub(crate) choice_expired: &'static str,
    /// In the first layer's line for a category: who receives the data, before the
    /// providers' names ("Shared with: Google, Hotjar").
    pub(crate) shared_with: &'static str,

    // Global Privacy Control.
    /// Beside a category the browser's opt-out preference signal keeps off.
    pub(crate) gpc_honoured: &'static str,
    /// Why "Accept all" leaves some categories off while the signal is sent;
    /// `{categories}` is the list of their labels.
    pub(crate) gpc_accept_all: &'static str,

    // UK mode (PECR Schedule A1): statistics and appearance cookies on until objected.
    /// The first layer's line for such a category: it is on unless the visitor objects.
    pub(crate) on_unless_objected: &'static str,
    /// The button that objects to such a category.
    pub(crate) object: &'static str,

    // Regions, and who decides.
    /// The opt-out notice's heading (regions under an opt-out law).
    pub(crate) opt_out_title: &'static str,
    /// What the opt-out notice says: data is shared, one click stops it.
    pub(crate) opt_out_statement: &'static str,
    /// The one-click control refusing the categories that sell or share data.
    pub(crate) do_not_sell: &'static str,
    /// The notice's other button: keep things as they are.
    pub(crate) opt_out_continue: &'static str,
    /// The first layer's line naming the site's owner: `{controller}` is their name.
    pub(crate) controller_line: &'static str,

    // The preferences page.
    pub(crate) preferences_title: &'static str,
    pub(crate) preferences_intro: &'static str,
    pub(crate) no_choice_yet: &'static str,
    /// Before the list of allowed categories.
    pub(crate) current_choice: &'static str,
    /// The caption of the cookie declaration table.
    pub(crate) table_caption: &'static str,
    /// The table's column headings: name, category, purpose, duration, provider.
    pub(crate) table_headings: [&'static str; 5],
    /// The link back to the site.
    pub(crate) back: &'static str,

    // After a choice, and the proof of it.
    /// The status message on the page a visitor returns to after choosing.
    pub(crate) saved: &'static str,
    /// When the choice could not be recorded (the receipt store failed).
    pub(crate) not_saved: &'static str,
    /// The heading of the visitor's consent record on the preferences page.
    pub(crate) receipt_heading: &'static str,
    pub(crate) receipt_id: &'static str,
    pub(crate) receipt_time: &'static str,
    pub(crate) receipt_revision: &'static str,
    /// Before the list of categories the record allows.
    pub(crate) receipt_allowed: &'static str,
    /// When no record of the visitor's choice is found.
    pub(crate) receipt_missing: &'static str,

    // The consent cookie in the declaration.
    pub(crate) consent_cookie_purpose: &'static str,
    /// The consent cookie's lifetime: `{days}` is the number of days.
    pub(crate) consent_cookie_duration: &'static str,

    // The default categories' labels and purposes.
    pub(crate) necessary_label: &'static str,
    pub(crate) necessary_purpose: &'static str,
    pub(crate) functionality_label: &'static str,
    pub(crate) functionality_purpose: &'static str,
    pub(crate) performance_label: &'static str,
    pub(crate) performance_purpose: &'static str,
    pub(crate) advertising_label: &'static str,
    pub(crate) advertising_purpose: &'static str,

    // The endpoint's answers to requests a browser's form does not make.
    /// 403: a post from another site.
    pub(crate) error_cross_site: &'static str,
    /// 400: a form that names an unknown category, or cannot be read.
    pub(crate) error_bad_form: &'static str,
    /// 408: the form took too long to arrive.
    pub(crate) error_timeout: &'static str,
    /// 413: the form is too large.
    pub(crate) error_too_large: &'static str,
    /// 415: neither a form nor JSON.
    pub(crate) error_media_type: &'static str,
    /// 405: another method.
    pub(crate) error_method: &'static str,

    // Added with the languages' wiring (the receipt section and the "not saved" page).
    /// The line introducing the visitor's consent record.
    pub(crate) receipt_intro: &'static str,
    /// Before the list of categories the record refuses.
    pub(crate) receipt_refused: &'static str,
    /// Listed when no optional category was allowed (or refused).
    pub(crate) receipt_none: &'static str,
    /// The link to the record as JSON.
    pub(crate) receipt_json_link: &'static str,
    /// When the record cannot be read now.
    pub(crate) receipt_unavailable: &'static str,
    /// The title of the page saying a choice could not be saved.
    pub(crate) not_saved_title: &'static str,
    /// That page's link back to the page the visitor came from.
    pub(crate) not_saved_back: &'static str,

    // Added with the limit on receipts per client.
    /// That page's button posting the same choice again.
    pub(crate) not_saved_retry: &'static str,
    /// 429: a grant past the limit on choices from one client.
    pub(crate) error_too_many: &'static str,

    // Added with click-to-load embeds: the placeholder of an inert iframe.
    /// Its heading when the embed's provider is not known.
    pub(crate) placeholder_title: &'static str,
    /// Its heading naming the provider: `{provider}`.
    pub(crate) placeholder_from: &'static str,
    /// Why it is not shown: `{category}` is the category's label.
    pub(crate) placeholder_needs: &'static str,
    /// The category's declared cookies: `{cookies}`.
    pub(crate) placeholder_sets: &'static str,
    /// The button granting the category and showing the embed.
    pub(crate) placeholder_allow: &'static str,
}

/// The source language, and the default texts.
pub(crate) const ENGLISH: &Translation = &en::EN;

/// The bundled translation of `lang` (ignoring case), if any.
pub(crate) fn find(lang: &str) -> Option<&'static Translation> {
    ALL.iter()
        .copied()
        .find(|translation| translation.lang.eq_ignore_ascii_case(lang))
}

/// Every bundled language, English first.
pub(crate) const ALL: &[&Translation] = &[
    &en::EN,
    &bg::BG,
    &cs::CS,
    &da::DA,
    &de::DE,
    &el::EL,
    &es::ES,
    &et::ET,
    &fi::FI,
    &fr::FR,
    &ga::GA,
    &hr::HR,
    &hu::HU,
    &it::IT,
    &lt::LT,
    &lv::LV,
    &mt::MT,
    &nl::NL,
    &pl::PL,
    &pt::PT,
    &ro::RO,
    &sk::SK,
    &sl::SL,
    &sv::SV,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of one translation, in field order.
    fn texts(translation: &Translation) -> Vec<&'static str> {
        let t = translation;
        let mut all = vec![
            t.title,
            t.statement,
            t.accept_all,
            t.reject_all,
            t.customize,
            t.categories_legend,
            t.save,
            t.policy_link,
            t.settings_link,
            t.always_on,
            t.cookies_in_category,
            t.policy_changed,
            t.choice_expired,
            t.shared_with,
            t.gpc_honoured,
            t.gpc_accept_all,
            t.on_unless_objected,
            t.object,
            t.opt_out_title,
            t.opt_out_statement,
            t.do_not_sell,
            t.opt_out_continue,
            t.controller_line,
            t.preferences_title,
            t.preferences_intro,
            t.no_choice_yet,
            t.current_choice,
            t.table_caption,
            t.back,
            t.saved,
            t.not_saved,
            t.receipt_heading,
            t.receipt_id,
            t.receipt_time,
            t.receipt_revision,
            t.receipt_allowed,
            t.receipt_missing,
            t.consent_cookie_purpose,
            t.consent_cookie_duration,
            t.necessary_label,
            t.necessary_purpose,
            t.functionality_label,
            t.functionality_purpose,
            t.performance_label,
            t.performance_purpose,
            t.advertising_label,
            t.advertising_purpose,
            t.error_cross_site,
            t.error_bad_form,
            t.error_timeout,
            t.error_too_large,
            t.error_media_type,
            t.error_method,
            t.receipt_intro,
            t.receipt_refused,
            t.receipt_none,
            t.receipt_json_link,
            t.receipt_unavailable,
            t.not_saved_title,
            t.not_saved_back,
            t.not_saved_retry,
            t.error_too_many,
            t.placeholder_title,
            t.placeholder_from,
            t.placeholder_needs,
            t.placeholder_sets,
            t.placeholder_allow,
        ];
        all.extend(t.table_headings);
        all
    }

    fn placeholders(text: &str) -> Vec<&str> {
        text.match_indices('{')
            .filter_map(|(at, _)| text[at..].find('}').map(|end| &text[at..=at + end]))
            .collect()
    }

    #[test]
    fn every_language_is_complete_and_keeps_the_placeholders() {
        let english = texts(ALL[0]);
        let mut tags: Vec<&str> = ALL.iter().map(|t| t.lang).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), ALL.len(), "a language twice");
        for translation in ALL {
            let texts = texts(translation);
            for (text, source) in texts.iter().zip(&english) {
                assert!(
                    !text.trim().is_empty(),
                    "{}: an empty text",
                    translation.lang
                );
                assert_eq!(text.trim(), *text, "{}: {text:?}", translation.lang);
                assert_eq!(
                    placeholders(text),
                    placeholders(source),
                    "{}: {text:?} against {source:?}",
                    translation.lang
                );
            }
        }
    }
}
