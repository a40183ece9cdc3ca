//! English: the source the other languages are translated from.

use super::Translation;

pub(super) const EN: Translation = Translation {
    lang: "en",
    name: "English",
    title: "Cookies on this site",
    statement: "We use strictly necessary cookies to make this site work. We would also like \
                to set optional cookies, but only if you agree. You can accept or reject them \
                all, or choose by category, and change your mind at any time.",
    accept_all: "Accept all",
    reject_all: "Reject all",
    customize: "Customize",
    categories_legend: "Choose which cookies to allow",
    save: "Save my choices",
    policy_link: "Cookie policy",
    settings_link: "Cookie settings",
    always_on: "Always on",
    cookies_in_category: "Cookies",
    policy_changed: "Our cookie policy has changed since you last chose, so we are asking again.",
    choice_expired: "It has been a while since you last chose, so we are asking again.",
    shared_with: "Shared with",
    gpc_honoured: "Opt-out preference signal honoured",
    gpc_accept_all: "Your browser sends an opt-out preference signal, so \"Accept all\" leaves \
                     these off: {categories}. To allow them, tick them under \"Customize\".",
    on_unless_objected: "Used only for statistics or for how the site looks: on unless you \
                         object.",
    object: "Object",
    opt_out_title: "Your privacy choices",
    opt_out_statement: "This site uses cookies. Some of them share information about your visit with advertising partners, which some laws count as selling or sharing your personal information. You can stop that with one click, at any time.",
    do_not_sell: "Do not sell or share my personal information",
    opt_out_continue: "Continue",
    controller_line: "This site is run by {controller}, who decides how your information is used.",
    preferences_title: "Cookie settings",
    preferences_intro: "Choose which optional cookies this site may set. Strictly necessary \
                        cookies are always on. Your choice applies from the next page you load.",
    no_choice_yet: "You have not made a choice yet: only strictly necessary cookies are set.",
    current_choice: "Currently allowed:",
    table_caption: "Cookies this site uses",
    table_headings: ["Cookie", "Category", "Purpose", "Duration", "Provider"],
    back: "Back to the site",
    saved: "Your cookie choices were saved.",
    not_saved: "Your choice could not be saved just now, so nothing has changed. Please try \
                again in a moment.",
    receipt_heading: "Your consent record",
    receipt_id: "Consent ID",
    receipt_time: "Recorded at",
    receipt_revision: "Cookie policy version",
    receipt_allowed: "Allowed",
    receipt_missing: "We found no record of a choice from this browser.",
    consent_cookie_purpose: "Remembers your cookie choices, so that we do not ask on every page.",
    consent_cookie_duration: "{days} days",
    necessary_label: "Strictly necessary",
    necessary_purpose: "These cookies are essential to move around the website and use its \
                            features, such as signing in. Without them the services you asked \
                            for cannot be provided.",
    functionality_label: "Functionality",
    functionality_purpose: "These cookies remember the choices you make and provide \
                                enhanced, more personal features.",
    performance_label: "Performance",
    performance_purpose: "These cookies collect information about how you use the website, \
                              for instance which pages you visit most often, so that we can \
                              improve how it works.",
    advertising_label: "Advertising and tracking",
    advertising_purpose: "These cookies show where you saw our adverts, measure how well \
                              our campaigns work and limit how often you see an advert.",
    error_cross_site: "Cookie choices can only be saved from this site's own pages.",
    error_bad_form: "The cookie choice form could not be read.",
    error_timeout: "The cookie choice form took too long to arrive.",
    error_too_large: "The cookie choice form was too large.",
    error_media_type: "Cookie choices must be sent as a form or as JSON.",
    error_method: "This address only shows and saves cookie choices.",
    receipt_intro: "This is the record we keep of your choice.",
    receipt_refused: "Refused",
    receipt_none: "none",
    receipt_json_link: "This record as JSON",
    receipt_unavailable: "Your record cannot be shown right now. Please try again later.",
    not_saved_title: "Your choice could not be saved",
    not_saved_back: "Back to the page",
    not_saved_retry: "Try again",
    error_too_many: "Too many cookie choices were sent from here in a short time, so this \
                     one was not saved. Please try again later.",
    placeholder_title: "Embedded content",
    placeholder_from: "Content from {provider}",
    placeholder_needs: "This content is not shown because it needs cookies of a category you have not allowed: {category}.",
    placeholder_sets: "Cookies in this category: {cookies}.",
    placeholder_allow: "Allow these cookies and show the content",
};
