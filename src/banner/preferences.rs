//! The preferences page (`GET {endpoint}`): the visitor's current choice, the same form
//! as the banner with their choice ticked, and the table of every declared cookie.

use std::fmt::Write as _;

use super::markup::{
    CategoryStates, consent_cookie_declaration, notice, push_button, push_categories,
    push_choice_buttons, push_default_button,
};
use super::receipt::{ShownReceipt, push_receipt_section};
use super::{LanguageIndex, RenderedBanner};
use crate::consent::Consent;
use crate::escape::{escape_html, push_escaped};
use crate::policy::Policy;

/// The preferences form's id (its hidden default button names it).
const FORM_ID: &str = "tcc-preferences-form";

/// The whole page, in `language`. `return_to` must already be a safe same-site path; `receipt` is the
/// visitor's receipt section, when receipts are recorded and the visitor has chosen.
pub(crate) fn preferences_page(
    policy: &Policy,
    banner: &RenderedBanner,
    language: LanguageIndex,
    consent: &Consent,
    return_to: &str,
    receipt: Option<&ShownReceipt>,
) -> String {
    let settings = banner.settings();
    let texts = banner.texts(language);
    let lang = texts.lang.as_str();
    let mut page = String::with_capacity(8 * 1024);
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        escape_html(&texts.lang)
    );
    push_escaped(&mut page, &texts.preferences_title);
    let _ = write!(
        page,
        "</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n\
         <body class=\"tcc tcc-page\">\n<main>\n<h1>",
        escape_html(banner.stylesheet_href())
    );
    push_escaped(&mut page, &texts.preferences_title);
    page.push_str("</h1>\n");
    if let Some(notice) = consent
        .undecided_reason()
        .and_then(|reason| notice(reason, texts))
    {
        page.push_str("<p class=\"tcc-notice\">");
        push_escaped(&mut page, notice);
        page.push_str("</p>\n");
    }
    page.push_str("<p>");
    push_escaped(&mut page, &texts.preferences_intro);
    page.push_str("</p>\n<p id=\"tcc-current\">");
    if consent.is_decided() {
        push_escaped(&mut page, &texts.current_choice);
        let granted: Vec<&str> = consent
            .granted()
            .map(|category| category.label_in(lang))
            .collect();
        page.push(' ');
        push_escaped(&mut page, &granted.join(", "));
        page.push('.');
    } else {
        push_escaped(&mut page, &texts.no_choice_yet);
    }
    // What the browser's signal refuses now, whatever the cookie says, named as refused
    // with the reason beside it.
    let refused_by_signal: Vec<&str> = policy
        .categories_in(policy.gpc_categories().without(consent.granted_set()))
        .skip(1)
        .map(|category| category.label_in(lang))
        .collect();
    if consent.gpc() && !refused_by_signal.is_empty() {
        page.push_str("</p>\n<p id=\"tcc-gpc-refused\">");
        push_escaped(&mut page, &texts.receipt.labels[4]);
        page.push_str(": ");
        push_escaped(&mut page, &refused_by_signal.join(", "));
        page.push_str(" <span class=\"tcc-gpc\">(");
        push_escaped(&mut page, &texts.gpc_honoured);
        page.push_str(")</span>");
    }
    let _ = write!(
        page,
        "</p>\n<form id=\"{FORM_ID}\" method=\"post\" action=\"{}\">",
        escape_html(banner.action(language))
    );
    push_default_button(&mut page, texts, FORM_ID);
    let _ = write!(
        page,
        "<input type=\"hidden\" name=\"return_to\" value=\"{}\">",
        escape_html(return_to)
    );
    // "Accept all" and "Reject all" first: withdrawing is one click near the top.
    push_choice_buttons(&mut page, texts);
    // What the visitor allows now: their choice with the signal applied, or before a
    // choice UK mode's categories.
    let states = CategoryStates {
        ticked: consent.granted_set(),
        gpc: consent.gpc(),
    };
    push_categories(&mut page, policy, texts, "tcc-p", states);
    page.push_str("<div class=\"tcc-actions\">");
    push_button(&mut page, "save", &texts.save);
    page.push_str("</div></form>\n");
    if let Some(receipt) = receipt {
        push_receipt_section(&mut page, policy, lang, receipt, &texts.receipt);
    }
    push_cookie_table(&mut page, policy, texts);
    if let Some(link) = &settings.policy_link {
        let _ = write!(page, "<p><a href=\"{}\">", escape_html(link));
        push_escaped(&mut page, &texts.policy_link);
        page.push_str("</a></p>\n");
    }
    let _ = write!(page, "<p><a href=\"{}\">", escape_html(return_to));
    push_escaped(&mut page, &texts.back);
    page.push_str("</a></p>\n</main>\n</body>\n</html>\n");
    page
}

fn push_cookie_table(page: &mut String, policy: &Policy, texts: &super::BannerTexts) {
    page.push_str("<table>\n<caption>");
    push_escaped(page, &texts.table_caption);
    page.push_str("</caption>\n<thead><tr>");
    for heading in &texts.table_headings {
        page.push_str("<th scope=\"col\">");
        push_escaped(page, heading);
        page.push_str("</th>");
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    let [name, duration, purpose] = consent_cookie_declaration(policy, texts);
    let lang = texts.lang.as_str();
    let necessary = policy.categories()[0].label_in(lang);
    push_row(page, &name, [necessary, &purpose, &duration, ""]);
    for rule in policy.rules() {
        let category = policy
            .categories()
            .iter()
            .find(|category| category.id() == rule.category())
            .map_or(rule.category(), |category| category.label_in(lang));
        let cells = [
            category,
            rule.purpose_in(lang),
            &rule.duration,
            &rule.provider,
        ];
        push_row(page, &rule.pattern().to_string(), cells);
    }
    page.push_str("</tbody>\n</table>\n");
}

fn push_row(page: &mut String, name: &str, cells: [&str; 4]) {
    page.push_str("<tr><th scope=\"row\"><code>");
    push_escaped(page, name);
    page.push_str("</code></th>");
    for cell in cells {
        page.push_str("<td>");
        push_escaped(page, cell);
        page.push_str("</td>");
    }
    page.push_str("</tr>\n");
}
