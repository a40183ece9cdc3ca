//! The default banner's markup, and the form pieces it shares with the preferences page.

use std::fmt::Write as _;

use bytes::{BufMut, BytesMut};

use super::{Banner, BannerTexts, StyleMode};
use crate::escape::{escape_html, push_escaped};
use crate::policy::Undecided;
use crate::policy::{CategorySet, CookieRule, Policy, Regime};

/// The banner form's id: the buttons in its text name it with `form=`.
const FORM_ID: &str = "tcc-banner-form";

/// The default banner, rendered once, cut where the per-page values go:
///
/// ```text
/// {open}{style}{after_style}{notice}{before_return_to}{return_to}{after_return_to}
/// ```
#[derive(Clone, Debug)]
pub(super) struct BannerParts {
    open: String,
    /// Shared with every page that swaps its style for it.
    stylesheet_link: bytes::Bytes,
    after_style: String,
    before_return_to: String,
    after_return_to: String,
}

impl BannerParts {
    /// The banner in the language of `texts`; with `gpc`, as a request carrying Global
    /// Privacy Control gets it.
    pub(super) fn render(
        policy: &Policy,
        settings: &Banner,
        texts: &BannerTexts,
        action: &str,
        stylesheet_href: &str,
        gpc: bool,
        regime: Regime,
    ) -> Self {
        let lang = texts.lang.as_str();
        let opt_out = regime == Regime::OptOut;
        // The UK exception's categories run before a choice only in the UK regime.
        let until_objected = if regime == Regime::ConsentUk {
            policy.until_objected()
        } else {
            CategorySet::NECESSARY_ONLY
        };
        let mut open = String::new();
        let _ = write!(
            open,
            "<section class=\"tcc tcc-banner\" id=\"tcc-banner\" lang=\"{}\" \
             aria-labelledby=\"tcc-title\">",
            escape_html(lang)
        );

        let stylesheet_link = bytes::Bytes::from(format!(
            "<link rel=\"stylesheet\" href=\"{}\">",
            escape_html(stylesheet_href)
        ));

        // The hidden default button comes first in tree order, so that Enter
        // saves what is ticked. The text scrolls; the choice buttons after it stay in
        // view (the stylesheet).
        let mut after_style = String::from("<div class=\"tcc-inner\">");
        // (The opt-out notice has no checkboxes to press Enter in.)
        if !opt_out {
            push_default_button(&mut after_style, texts, FORM_ID);
        }
        after_style.push_str("<div class=\"tcc-text\"><h2 id=\"tcc-title\">");
        push_escaped(
            &mut after_style,
            if opt_out {
                &texts.opt_out_title
            } else {
                &texts.title
            },
        );
        after_style.push_str("</h2>");

        let mut before = String::from("<p>");
        push_escaped(
            &mut before,
            if opt_out {
                &texts.opt_out_statement
            } else {
                &texts.statement
            },
        );
        let link = settings.policy_link.as_deref().unwrap_or(action);
        let link_text = match settings.policy_link {
            Some(_) => &texts.policy_link,
            None => &texts.settings_link,
        };
        let _ = write!(
            before,
            " <a href=\"{}\">{}</a></p>",
            escape_html(link),
            escape_html(link_text)
        );
        if let Some(controller) = policy.controller() {
            before.push_str("<p class=\"tcc-controller\">");
            push_escaped(
                &mut before,
                &texts.controller_line.replace("{controller}", controller),
            );
            before.push_str("</p>");
        }
        let layer = FirstLayer {
            gpc,
            until_objected,
            opt_out,
        };
        push_first_layer(&mut before, policy, texts, layer);
        let _ = write!(
            before,
            "</div><form id=\"{FORM_ID}\" method=\"post\" action=\"{}\">\
             <input type=\"hidden\" name=\"return_to\" value=\"",
            escape_html(action)
        );

        let mut after = String::from("\">");
        if opt_out {
            // One click refuses what is sold or shared; the other keeps things as they
            // are. The preferences page (the statement's link) has the checkboxes.
            after.push_str("<div class=\"tcc-actions\">");
            push_button(&mut after, "opt_out", &texts.do_not_sell);
            push_button(&mut after, "accept_all", &texts.opt_out_continue);
            after.push_str("</div></form></div></section>");
            return Self {
                open,
                stylesheet_link,
                after_style,
                before_return_to: before,
                after_return_to: after,
            };
        }
        push_choice_buttons(&mut after, texts);
        push_object_buttons(&mut after, policy, texts, until_objected, gpc);
        after.push_str("<details><summary>");
        push_escaped(&mut after, &texts.customize);
        after.push_str("</summary>");
        // Before a choice, only UK mode's categories are on (unless the signal keeps
        // them off): consent is never pre-ticked.
        let ticked = if gpc {
            until_objected.without(policy.gpc_categories())
        } else {
            until_objected
        };
        let state = CategoryStates { ticked, gpc };
        push_categories(&mut after, policy, texts, "tcc-b", state);
        after.push_str("<div class=\"tcc-actions\">");
        push_button(&mut after, "save", &texts.save);
        after.push_str("</div></details></form></div></section>");

        Self {
            open,
            stylesheet_link,
            after_style,
            before_return_to: before,
            after_return_to: after,
        }
    }

    /// The stylesheet link element.
    pub(super) fn link(&self) -> bytes::Bytes {
        self.stylesheet_link.clone()
    }

    /// Where the style (a `<style>` or `<link>` element) starts in the banner.
    pub(super) fn style_at(&self) -> usize {
        self.open.len()
    }

    /// The bytes `style` takes in the banner: the link, or the `<style>` element.
    pub(super) fn style_len(&self, style: StyleMode<'_>, css: &[u8]) -> usize {
        match style {
            StyleMode::Inline => "<style></style>".len() + css.len(),
            StyleMode::InlineNonce(nonce) => {
                "<style nonce=\"\"></style>".len() + escape_html(nonce).len() + css.len()
            }
            StyleMode::Link => self.stylesheet_link.len(),
        }
    }

    pub(super) fn len_hint(&self) -> usize {
        self.open.len()
            + self.stylesheet_link.len()
            + self.after_style.len()
            + self.before_return_to.len()
            + self.after_return_to.len()
            + 256
    }

    pub(super) fn write(
        &self,
        out: &mut BytesMut,
        css: &[u8],
        return_to: &str,
        style: StyleMode<'_>,
        reason: Undecided,
        texts: &BannerTexts,
    ) {
        out.put_slice(self.open.as_bytes());
        match style {
            StyleMode::Inline => {
                out.put_slice(b"<style>");
                out.put_slice(css);
                out.put_slice(b"</style>");
            }
            StyleMode::InlineNonce(nonce) => {
                out.put_slice(b"<style nonce=\"");
                out.put_slice(escape_html(nonce).as_bytes());
                out.put_slice(b"\">");
                out.put_slice(css);
                out.put_slice(b"</style>");
            }
            StyleMode::Link => out.put_slice(&self.stylesheet_link),
        }
        out.put_slice(self.after_style.as_bytes());
        if let Some(notice) = notice(reason, texts) {
            out.put_slice(b"<p class=\"tcc-notice\">");
            out.put_slice(escape_html(notice).as_bytes());
            out.put_slice(b"</p>");
        }
        out.put_slice(self.before_return_to.as_bytes());
        out.put_slice(escape_html(return_to).as_bytes());
        out.put_slice(self.after_return_to.as_bytes());
    }
}

/// The line telling a returning visitor why they are asked again.
pub(super) fn notice(reason: Undecided, texts: &BannerTexts) -> Option<&str> {
    match reason {
        Undecided::PolicyChanged => Some(&texts.policy_changed),
        Undecided::Expired => Some(&texts.choice_expired),
        _ => None,
    }
}

/// A hidden first submit button: pressing Enter in the form (on a checkbox, say)
/// submits the form's *first* button, which must not be "Accept all". This one saves
/// exactly what is ticked.
pub(super) fn push_default_button(out: &mut String, texts: &BannerTexts, form: &str) {
    let _ = write!(
        out,
        "<button type=\"submit\" form=\"{form}\" name=\"action\" value=\"save\" hidden>"
    );
    push_escaped(out, &texts.save);
    out.push_str("</button>");
}

/// UK regime: one "Object (category)" button per category on until the visitor objects
/// (not one the signal already keeps off), in the row after "Accept all" and "Reject
/// all", which never scrolls out of view.
fn push_object_buttons(
    out: &mut String,
    policy: &Policy,
    texts: &BannerTexts,
    until_objected: CategorySet,
    gpc: bool,
) {
    let shown = if gpc {
        until_objected.without(policy.gpc_categories())
    } else {
        until_objected
    };
    if !shown.has_optional() {
        return;
    }
    out.push_str("<div class=\"tcc-actions\">");
    for category in policy.categories_in(shown).skip(1) {
        let _ = write!(
            out,
            "<button type=\"submit\" name=\"object\" value=\"{}\" class=\"tcc-object\">",
            escape_html(category.id())
        );
        push_escaped(out, &texts.object);
        out.push_str(" (");
        push_escaped(out, category.label_in(&texts.lang));
        out.push_str(")</button>");
    }
    out.push_str("</div>");
}

/// "Accept all" and "Reject all": the same element, class and size.
pub(super) fn push_choice_buttons(out: &mut String, texts: &BannerTexts) {
    out.push_str("<div class=\"tcc-actions\">");
    push_button(out, "accept_all", &texts.accept_all);
    push_button(out, "reject_all", &texts.reject_all);
    out.push_str("</div>");
}

pub(super) fn push_button(out: &mut String, action: &str, label: &str) {
    let _ = write!(
        out,
        "<button type=\"submit\" name=\"action\" value=\"{action}\" class=\"tcc-button\">"
    );
    push_escaped(out, label);
    out.push_str("</button>");
}

/// The consent cookie's name, duration and purpose, as the declaration shows them.
pub(super) fn consent_cookie_declaration(policy: &Policy, texts: &BannerTexts) -> [String; 3] {
    let days = policy.consent_lifetime().as_secs() / 86_400;
    [
        policy.consent_cookie_name().to_owned(),
        texts
            .consent_cookie_duration
            .replace("{days}", &days.to_string()),
        texts.consent_cookie_purpose.clone(),
    ]
}

/// The named third parties that receive a category's data: its cookies' providers, in
/// declaration order, each once; never the site's own controller, who is no third
/// party.
pub(crate) fn providers<'p>(policy: &'p Policy, category: &str) -> Vec<&'p str> {
    let mut providers: Vec<&str> = Vec::new();
    let controller = policy.controller().map(str::trim);
    for rule in policy.rules() {
        let provider = rule.provider.trim();
        let own = controller.is_some_and(|name| name.eq_ignore_ascii_case(provider));
        if rule.category() == category
            && !provider.is_empty()
            && !own
            && !providers.contains(&provider)
        {
            providers.push(provider);
        }
    }
    providers
}

/// What the first layer shows besides the categories: whether the request carried the
/// signal, the categories on until objected (UK regime), and whether it is the
/// opt-out notice (no "Accept all" to explain).
#[derive(Clone, Copy)]
struct FirstLayer {
    gpc: bool,
    until_objected: CategorySet,
    opt_out: bool,
}

/// The informative first layer, before the buttons: one line per optional category
/// with its purpose and the third parties that receive its data; the state the signal
/// or UK mode gives it; with the signal, why "Accept all" leaves some categories off.
fn push_first_layer(out: &mut String, policy: &Policy, texts: &BannerTexts, layer: FirstLayer) {
    let FirstLayer {
        gpc,
        until_objected,
        opt_out,
    } = layer;
    let lang = texts.lang.as_str();
    out.push_str("<ul class=\"tcc-purposes\">");
    for (index, category) in policy.indexed_categories().skip(1) {
        out.push_str("<li><strong>");
        push_escaped(out, category.label_in(lang));
        out.push_str("</strong>: ");
        push_escaped(out, category.purpose_in(lang));
        let providers = providers(policy, category.id());
        if !providers.is_empty() {
            out.push(' ');
            push_escaped(out, &texts.shared_with);
            out.push_str(": ");
            push_escaped(out, &providers.join(", "));
            out.push('.');
        }
        if gpc && policy.gpc_categories().contains(index) {
            out.push_str(" <span class=\"tcc-gpc\">");
            push_escaped(out, &texts.gpc_honoured);
            out.push_str("</span>");
        } else if until_objected.contains(index) {
            // Its "Object" button is with the choice buttons, always in view.
            out.push(' ');
            push_escaped(out, &texts.on_unless_objected);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    if gpc && policy.honours_gpc() && !opt_out {
        let labels: Vec<&str> = policy
            .categories_in(policy.gpc_categories())
            .skip(1)
            .map(|category| category.label_in(lang))
            .collect();
        out.push_str("<p class=\"tcc-gpc-note\">");
        push_escaped(
            out,
            &texts
                .gpc_accept_all
                .replace("{categories}", &labels.join(", ")),
        );
        out.push_str("</p>");
    }
}

/// One cookie of a category's list: `name (details): purpose`.
fn push_cookie_item(out: &mut String, name: &str, details: &[&str], purpose: &str) {
    out.push_str("<li><code>");
    push_escaped(out, name);
    out.push_str("</code>");
    let details: Vec<&str> = details
        .iter()
        .copied()
        .filter(|text| !text.is_empty())
        .collect();
    if !details.is_empty() {
        out.push_str(" (");
        push_escaped(out, &details.join(", "));
        out.push(')');
    }
    if !purpose.is_empty() {
        out.push_str(": ");
        push_escaped(out, purpose);
    }
    out.push_str("</li>");
}

/// How the category checkboxes start: which are ticked, and whether the request
/// carried Global Privacy Control (its categories are then marked, and unticked unless
/// `ticked` has them: the visitor's explicit opt-in).
#[derive(Clone, Copy, Debug)]
pub(super) struct CategoryStates {
    pub(super) ticked: CategorySet,
    pub(super) gpc: bool,
}

/// One checkbox per category (necessary ticked and disabled), each with its purpose and
/// its declared cookies. `id_prefix` keeps ids unique if both forms share a page.
pub(super) fn push_categories(
    out: &mut String,
    policy: &Policy,
    texts: &BannerTexts,
    id_prefix: &str,
    states: CategoryStates,
) {
    let lang = texts.lang.as_str();
    out.push_str("<fieldset><legend>");
    push_escaped(out, &texts.categories_legend);
    out.push_str("</legend>");
    for (index, category) in policy.indexed_categories() {
        let id = escape_html(category.id());
        let necessary = index.is_necessary();
        let gpc_marked = states.gpc && policy.gpc_categories().contains(index);
        let state = if necessary {
            " checked disabled"
        } else if states.ticked.contains(index) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<div class=\"tcc-category\"><label><input type=\"checkbox\" name=\"category\" \
             value=\"{id}\"{state}>"
        );
        push_escaped(out, category.label_in(lang));
        if necessary {
            out.push_str(" <span class=\"tcc-always\">(");
            push_escaped(out, &texts.always_on);
            out.push_str(")</span>");
        } else if gpc_marked {
            out.push_str(" <span class=\"tcc-always\">(");
            push_escaped(out, &texts.gpc_honoured);
            out.push_str(")</span>");
        }
        // The description follows the control once in reading order; it is not also
        // tied to it with `aria-describedby`, which made screen readers say it twice.
        let _ = write!(out, "</label><p id=\"{id_prefix}-d-{id}\">");
        push_escaped(out, category.purpose_in(lang));
        out.push_str("</p>");
        let rules: Vec<&CookieRule> = policy
            .rules()
            .iter()
            .filter(|rule| rule.category() == category.id())
            .collect();
        // The consent cookie is strictly necessary, and declared like the others.
        let consent_cookie = necessary.then(|| consent_cookie_declaration(policy, texts));
        // The cookie list is collapsed, so that every category's control comes before
        // the long lists (the necessary category's would come first otherwise).
        if !rules.is_empty() || consent_cookie.is_some() {
            let count = rules.len() + usize::from(consent_cookie.is_some());
            out.push_str("<details class=\"tcc-cookies\"><summary>");
            push_escaped(out, &texts.cookies_in_category);
            let _ = write!(out, " ({count})</summary><ul>");
            if let Some([name, duration, purpose]) = &consent_cookie {
                push_cookie_item(out, name, &[duration], purpose);
            }
            for rule in rules {
                let pattern = rule.pattern().to_string();
                push_cookie_item(
                    out,
                    &pattern,
                    &[&rule.duration, &rule.provider],
                    rule.purpose_in(lang),
                );
            }
            out.push_str("</ul></details>");
        }
        out.push_str("</div>");
    }
    out.push_str("</fieldset>");
}
