//! What visitors see of receipts: the receipt section of the preferences page, the page
//! saying a choice could not be saved, and the notice (what a visitor was shown, hashed
//! into every receipt).

use std::fmt::Write as _;
use std::sync::Arc;

use super::{LanguageIndex, PageFacts, RenderedBanner, StyleMode, preferences_page};
use crate::consent::Consent;
use crate::escape::{escape_html, push_escaped};
use crate::policy::{Policy, ReceiptTexts};
use crate::policy::{Regime, Undecided};
use crate::receipts::{Notice, Receipt, format_utc};

/// The receipt section of the preferences page, for a visitor who has chosen.
#[derive(Debug)]
pub(crate) enum ShownReceipt {
    /// The store's receipt of the visitor's choice.
    Found(Box<Receipt>),
    /// The store has none.
    Missing,
    /// The store could not be read.
    Unavailable,
}

/// Appends the receipt section.
pub(crate) fn push_receipt_section(
    page: &mut String,
    policy: &Policy,
    lang: &str,
    shown: &ShownReceipt,
    texts: &ReceiptTexts,
) {
    page.push_str("<section class=\"tcc-receipt\" aria-labelledby=\"tcc-receipt-title\">\n<h2 id=\"tcc-receipt-title\">");
    push_escaped(page, &texts.heading);
    page.push_str("</h2>\n");
    let receipt = match shown {
        ShownReceipt::Found(receipt) => receipt,
        ShownReceipt::Missing | ShownReceipt::Unavailable => {
            let line = match shown {
                ShownReceipt::Missing => &texts.missing,
                _ => &texts.unavailable,
            };
            page.push_str("<p>");
            push_escaped(page, line);
            page.push_str("</p>\n</section>\n");
            return;
        }
    };
    page.push_str("<p>");
    push_escaped(page, &texts.intro);
    page.push_str("</p>\n<dl>\n");
    let labels = |ids: &[String]| -> String {
        let names: Vec<&str> = ids
            .iter()
            .map(|id| {
                policy
                    .categories()
                    .iter()
                    .find(|category| category.id() == id)
                    .map_or(id.as_str(), |category| category.label_in(lang))
            })
            .collect();
        if names.is_empty() {
            texts.none.clone()
        } else {
            names.join(", ")
        }
    };
    let rows = [
        receipt.consent_id.to_string(),
        format_utc(receipt.occurred_at),
        receipt.policy_revision.to_string(),
        labels(&receipt.granted),
        labels(&receipt.refused),
    ];
    for (label, value) in texts.labels.iter().zip(rows) {
        page.push_str("<dt>");
        push_escaped(page, label);
        page.push_str("</dt><dd>");
        push_escaped(page, &value);
        page.push_str("</dd>\n");
    }
    let _ = write!(
        page,
        "</dl>\n<p><a href=\"{}/receipt\">",
        escape_html(policy.endpoint())
    );
    push_escaped(page, &texts.json_link);
    page.push_str("</a></p>\n</section>\n");
}

/// The page answering a choice that could not be saved: "Try again" posts the same
/// fields again (`resend`, as the visitor posted them), "Reject all" refuses (which
/// is always saved), as the banner offers; the link goes back to the page, where the
/// banner still asks. `return_to` must already be a safe same-site path.
pub(crate) fn not_saved_page(
    banner: &RenderedBanner,
    language: LanguageIndex,
    return_to: &str,
    resend: &[(&str, String)],
) -> String {
    let texts = banner.texts(language);
    let receipt = &texts.receipt;
    let mut page = String::with_capacity(1536);
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        escape_html(&texts.lang)
    );
    push_escaped(&mut page, &receipt.not_saved_title);
    let _ = write!(
        page,
        "</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n\
         <body class=\"tcc tcc-page\">\n<main>\n<h1>",
        escape_html(banner.stylesheet_href())
    );
    push_escaped(&mut page, &receipt.not_saved_title);
    page.push_str("</h1>\n<p>");
    push_escaped(&mut page, &receipt.not_saved);
    page.push_str("</p>\n");
    // Two forms, because "Reject all" must not carry the choice's fields (an `object`
    // beside an `action` is refused); its row holds both buttons, "Try again" submitting
    // the first form through its `form` attribute.
    let action = escape_html(banner.action(language));
    let return_field = format!(
        "<input type=\"hidden\" name=\"return_to\" value=\"{}\">",
        escape_html(return_to)
    );
    let _ = write!(
        page,
        "<form id=\"{RETRY_FORM_ID}\" method=\"post\" action=\"{action}\">{return_field}"
    );
    for (name, value) in resend {
        let _ = write!(
            page,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape_html(name),
            escape_html(value)
        );
    }
    let _ = write!(
        page,
        "</form>\n<form method=\"post\" action=\"{action}\">{return_field}\
         <div class=\"tcc-actions\"><button type=\"submit\" form=\"{RETRY_FORM_ID}\" \
         class=\"tcc-button\">"
    );
    push_escaped(&mut page, &receipt.not_saved_retry);
    page.push_str("</button>");
    super::markup::push_button(&mut page, "reject_all", &texts.reject_all);
    let _ = write!(
        page,
        "</div></form>\n<p><a href=\"{}\">",
        escape_html(return_to)
    );
    push_escaped(&mut page, &receipt.not_saved_back);
    page.push_str("</a></p>\n</main>\n</body>\n</html>\n");
    page
}

/// The id of the "could not be saved" page's form that posts the choice again.
const RETRY_FORM_ID: &str = "tcc-retry";

/// What a visitor is shown before choosing in `language` under `regime`, word for
/// word: the banner (or the opt-out notice) as a first visit gets it (its stylesheet
/// linked, `return_to` `/`; with `gpc`, as a browser sending Global Privacy Control
/// gets it; nothing under [`Regime::None`]), then the preferences page as a visitor
/// who has not chosen gets it (texts and the cookie declaration).
pub(crate) fn notice(
    policy: &Arc<Policy>,
    banner: &RenderedBanner,
    language: LanguageIndex,
    gpc: bool,
    regime: Regime,
) -> Notice {
    let page = PageFacts {
        language,
        gpc,
        return_to: "/",
        style: StyleMode::Link,
        reason: Undecided::NoChoice,
        regime,
    };
    let shown_banner = banner.for_page(policy, &page);
    let undecided = Consent::new(policy.clone(), Err(Undecided::NoChoice), gpc, None, regime);
    let page = preferences_page(policy, banner, language, &undecided, "/", None);
    let mut text = shown_banner
        .map(|shown| String::from_utf8_lossy(&shown.bytes).into_owned())
        .unwrap_or_default();
    text.push('\n');
    text.push_str(&page);
    Notice::new(policy.revision(), banner.texts(language).lang.clone(), text)
}
