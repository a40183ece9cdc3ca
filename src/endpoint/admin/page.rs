//! The operator's pages as HTML: the figures (one chart per series, plain SVG with a
//! title and a description, its numbers in a table beside it), the data-subject page
//! (printable) and the login form. No script; the style is one inline `<style>`
//! allowed by its hash in the pages' CSP, and SVG presentation attributes, which a CSP
//! does not govern.

use std::fmt::Write as _;
use std::sync::LazyLock;

use http::HeaderValue;

use crate::config::Config;
use crate::consent::ConsentId;
use crate::escape::escape_html;
use crate::receipts::{DayFigure, Figures, Notice, NoticeHash, Receipt, Series, day_format};

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;\
margin:0 auto;max-width:72rem;padding:1rem}\
h1,h2{line-height:1.2}\
form.period{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}\
form.period label{display:flex;flex-direction:column;font-weight:600}\
input,button{font:inherit;padding:.3rem .5rem}\
button{background:#0b4f8a;color:#fff;border:0;border-radius:4px}\
a{color:#0b4f8a}\
.series{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;margin:0 0 2rem}\
.series figcaption{flex-basis:100%;font-weight:600;font-size:1.1rem}\
.series svg{max-width:100%;height:auto}\
table{border-collapse:collapse;font-variant-numeric:tabular-nums}\
th,td{border:1px solid #767676;padding:.2rem .5rem;text-align:right}\
th[scope=row],thead th{text-align:left}\
caption{text-align:left;font-weight:600}\
.legend span{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem 0 1rem;\
vertical-align:middle}\
.accepted{fill:#1b5e20;background:#1b5e20}\
.refused{fill:#b71c1c;background:#b71c1c}\
.partial{fill:#9e9e9e;background:#9e9e9e}\
.axis{stroke:#1a1a1a}\
.label{fill:#1a1a1a;font-size:12px}\
pre{white-space:pre-wrap;word-break:break-all;border:1px solid #767676;padding:.5rem}\
.error{color:#b71c1c;font-weight:600}\
@media print{form,nav{display:none}body{max-width:none}}";

/// The pages' CSP: nothing but the inline style (by its hash) and forms to this origin.
pub(super) fn csp() -> HeaderValue {
    static CSP: LazyLock<HeaderValue> = LazyLock::new(|| {
        let hash = crate::csp::sha256_base64(STYLE.as_bytes());
        HeaderValue::from_str(&format!(
            "default-src 'none'; style-src 'sha256-{hash}'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        ))
        .expect("a hash is a valid header value")
    });
    CSP.clone()
}

/// The start of every operator page, to its `<main>`.
fn head(page: &mut String, title: &str) {
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<main>\n<h1>{}</h1>\n",
        escape_html(title),
        escape_html(title)
    );
}

const END: &str = "</main>\n</body>\n</html>\n";

/// The figures page.
pub(super) fn figures_page(config: &Config, figures: &Figures) -> String {
    let from = day_format(figures.first_day);
    let to = day_format(figures.day(figures.days.saturating_sub(1)));
    let admin = format!("{}/admin", config.policy.endpoint());
    let mut page = String::with_capacity(64 * 1024);
    head(&mut page, "Consent figures");
    let _ = write!(
        page,
        "<form class=\"period\" method=\"get\" action=\"{admin}\">\n\
         <label for=\"from\">From <input type=\"date\" id=\"from\" name=\"from\" value=\"{from}\" required></label>\n\
         <label for=\"to\">To <input type=\"date\" id=\"to\" name=\"to\" value=\"{to}\" required></label>\n\
         <button type=\"submit\">Show</button>\n</form>\n\
         <p>From {from} to {to}, by UTC day (at most {} days). The same figures as \
         <a href=\"{admin}?from={from}&amp;to={to}&amp;format=csv\">CSV</a> and \
         <a href=\"{admin}?from={from}&amp;to={to}&amp;format=json\">JSON</a>. \
         A data-subject request: <a href=\"{admin}/subject\">{admin}/subject?id=</a> \
         followed by the consent id.</p>\n",
        super::MAX_DAYS,
        admin = escape_html(&admin),
    );
    let total: u64 = figures
        .methods
        .iter()
        .flat_map(|series| &series.days)
        .map(|day| day.choices)
        .sum();
    let _ = writeln!(page, "<p>{total} choices recorded in the period.</p>");
    section(
        &mut page,
        "categories",
        "By category",
        "Accepted: the choices that granted the category; refused: those that refused it.",
        figures,
        &figures.categories,
    );
    let all_or_nothing = "Accepted: the choices that granted every optional category; \
         refused: those that refused them all; the rest granted some.";
    section(
        &mut page,
        "languages",
        "By language",
        all_or_nothing,
        figures,
        &figures.languages,
    );
    section(
        &mut page,
        "methods",
        "By method",
        all_or_nothing,
        figures,
        &figures.methods,
    );
    if !figures.regions.is_empty() {
        section(
            &mut page,
            "regions",
            "By region",
            "As by language; only the choices whose receipt records the visitor's region \
             (a region source is set) are counted here.",
            figures,
            &figures.regions,
        );
    }
    page.push_str(END);
    page
}

fn section(
    page: &mut String,
    id: &str,
    title: &str,
    meaning: &str,
    figures: &Figures,
    all: &[Series],
) {
    let _ = write!(
        page,
        "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{title}</h2>\n<p>{meaning}</p>\n\
         <p class=\"legend\" aria-hidden=\"true\"><span class=\"accepted\"></span>accepted\
         <span class=\"refused\"></span>refused<span class=\"partial\"></span>other</p>\n"
    );
    if all.is_empty() {
        page.push_str("<p>No choices in the period.</p>\n");
    }
    for (position, series) in all.iter().enumerate() {
        let key = format!("{id}-{position}");
        series_figure(page, &key, figures, series);
    }
    page.push_str("</section>\n");
}

/// Chart geometry, in SVG user units.
const WIDTH: usize = 600;
const HEIGHT: usize = 160;
const LEFT: usize = 44;
const BOTTOM: usize = 24;
const TOP: usize = 8;

fn series_figure(page: &mut String, key: &str, figures: &Figures, series: &Series) {
    let label = escape_html(&series.label);
    let totals = series
        .days
        .iter()
        .fold(DayFigure::default(), |sum, day| DayFigure {
            choices: sum.choices + day.choices,
            accepted: sum.accepted + day.accepted,
            refused: sum.refused + day.refused,
        });
    let from = day_format(figures.first_day);
    let to = day_format(figures.day(figures.days.saturating_sub(1)));
    let _ = write!(
        page,
        "<figure class=\"series\" aria-labelledby=\"{key}-caption\">\n\
         <figcaption id=\"{key}-caption\">{label}</figcaption>\n\
         <svg role=\"img\" aria-labelledby=\"{key}-title {key}-desc\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{key}-title\">{label}: share of choices accepted and refused, by day, \
         {from} to {to}</title>\n<desc id=\"{key}-desc\">{} choices: {} accepted ({}), {} \
         refused ({}). The table beside the chart gives each day's numbers.</desc>\n",
        totals.choices,
        totals.accepted,
        percent(totals.accepted, totals.choices),
        totals.refused,
        percent(totals.refused, totals.choices),
    );
    let plot = HEIGHT - BOTTOM - TOP;
    // Axes and their labels: 0 %, 50 %, 100 % up the side, the first and last day below.
    for (share, text) in [(0, "0%"), (50, "50%"), (100, "100%")] {
        let y = TOP + plot - plot * share / 100;
        let _ = writeln!(
            page,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{text}</text>",
            LEFT - 6,
            y + 4
        );
    }
    let _ = writeln!(
        page,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\"/>\
         <line class=\"axis\" x1=\"{LEFT}\" y1=\"{0}\" x2=\"{WIDTH}\" y2=\"{0}\"/>",
        TOP + plot
    );
    let _ = writeln!(
        page,
        "<text class=\"label\" x=\"{LEFT}\" y=\"{}\">{from}</text>\
         <text class=\"label\" x=\"{WIDTH}\" y=\"{0}\" text-anchor=\"end\">{to}</text>",
        HEIGHT - 6
    );
    let days = series.days.len().max(1);
    // Bars in tenths of a unit, so that a year of days still fits the width.
    let slot = (WIDTH - LEFT) * 10 / days;
    let bar = (slot * 8 / 10).max(1);
    for (index, day) in series.days.iter().enumerate() {
        if day.choices == 0 {
            continue;
        }
        let x = LEFT * 10 + index * slot + (slot - bar) / 2;
        let height = |count: u64| -> usize {
            usize::try_from(count.saturating_mul(plot as u64 * 10) / day.choices)
                .unwrap_or(plot * 10)
        };
        let accepted = height(day.accepted);
        let refused = height(day.refused);
        let other = (plot * 10).saturating_sub(accepted + refused);
        let base = (TOP + plot) * 10;
        let parts = [
            ("accepted", accepted, base - accepted),
            ("refused", refused, base - accepted - refused),
            ("partial", other, base - accepted - refused - other),
        ];
        for (class, height, y) in parts {
            if height > 0 {
                let _ = writeln!(
                    page,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    tenths(x),
                    tenths(y),
                    tenths(bar),
                    tenths(height)
                );
            }
        }
    }
    let _ = write!(
        page,
        "</svg>\n<table>\n<caption>{label}, by day</caption>\n<thead><tr>\
         <th scope=\"col\">Day</th><th scope=\"col\">Choices</th><th scope=\"col\">Accepted</th>\
         <th scope=\"col\">Refused</th><th scope=\"col\">Accepted share</th></tr></thead>\n<tbody>\n"
    );
    for (index, day) in series.days.iter().enumerate() {
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            day_format(figures.day(index)),
            day.choices,
            day.accepted,
            day.refused,
            percent(day.accepted, day.choices)
        );
    }
    page.push_str("</tbody>\n</table>\n</figure>\n");
}

/// A length in tenths written in units (`123` is `12.3`).
fn tenths(value: usize) -> String {
    format!("{}.{}", value / 10, value % 10)
}

/// `part` of `whole` as a whole percentage (`–` when nothing was counted).
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "&#8211;".to_owned();
    }
    format!("{}%", (part * 100 + whole / 2) / whole)
}

/// The data-subject page: every receipt, then every notice they name.
pub(super) fn subject_page(
    config: &Config,
    id: ConsentId,
    history: &[Receipt],
    notices: &[(NoticeHash, Option<Notice>)],
) -> String {
    let mut page = String::with_capacity(16 * 1024);
    head(&mut page, &format!("Receipts of consent id {id}"));
    let _ = write!(
        page,
        "<form method=\"get\" action=\"{}/admin/subject\">\n<label for=\"id\">Consent id \
         <input id=\"id\" name=\"id\" value=\"{id}\" pattern=\"[0-9a-f]{{32}}\" required></label>\n\
         <button type=\"submit\">Show</button>\n</form>\n",
        escape_html(config.policy.endpoint())
    );
    if history.is_empty() {
        page.push_str("<p>No receipt has this consent id.</p>\n");
        page.push_str(END);
        return page;
    }
    let _ = write!(
        page,
        "<table>\n<caption>{} receipts, oldest first (times in UTC)</caption>\n<thead><tr>\
         <th scope=\"col\">When</th><th scope=\"col\">Event</th><th scope=\"col\">Method</th>\
         <th scope=\"col\">Granted</th><th scope=\"col\">Refused</th>\
         <th scope=\"col\">Policy revision</th><th scope=\"col\">Language</th>\
         <th scope=\"col\">Page</th><th scope=\"col\">Notice</th><th scope=\"col\">Receipt id</th>\
         </tr></thead>\n<tbody>\n",
        history.len()
    );
    for receipt in history {
        let hash = receipt.notice_hash.to_string();
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td><a href=\"#notice-{hash}\">{}</a></td>\
             <td>{}</td></tr>",
            crate::receipts::format_utc(receipt.occurred_at),
            receipt.event.as_str(),
            receipt.method.as_str(),
            escape_html(&receipt.granted.join(", ")),
            escape_html(&receipt.refused.join(", ")),
            receipt.policy_revision,
            escape_html(&receipt.language),
            escape_html(receipt.path.as_deref().unwrap_or("")),
            &hash[..12],
            receipt.receipt_id
        );
    }
    page.push_str("</tbody>\n</table>\n<h2>The notices these visitors saw</h2>\n");
    for (hash, notice) in notices {
        let _ = write!(
            page,
            "<section id=\"notice-{hash}\" aria-label=\"Notice {hash}\">\n<h3>Notice {hash}</h3>\n"
        );
        match notice {
            Some(notice) => {
                let _ = write!(
                    page,
                    "<p>Policy revision {}, language {}. The text as shown (HTML):</p>\n<pre>{}</pre>\n",
                    notice.policy_revision,
                    escape_html(&notice.language),
                    escape_html(&notice.text)
                );
            }
            None => page.push_str("<p class=\"error\">This notice is not stored.</p>\n"),
        }
        page.push_str("</section>\n");
    }
    page.push_str(END);
    page
}

/// The login form (`wrong`: after a wrong token).
pub(super) fn login_page(config: &Config, wrong: bool) -> String {
    let mut page = String::with_capacity(2048);
    head(&mut page, "Sign in");
    if wrong {
        page.push_str("<p class=\"error\" role=\"alert\">That token is not right.</p>\n");
    }
    let _ = write!(
        page,
        "<form method=\"post\" action=\"{}/admin/login\">\n<label for=\"token\">Admin token \
         <input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" \
         required></label>\n<button type=\"submit\">Sign in</button>\n</form>\n",
        escape_html(config.policy.endpoint())
    );
    page.push_str(END);
    page
}
