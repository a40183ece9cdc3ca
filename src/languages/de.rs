//! German (Deutsch), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const DE: Translation = Translation {
    lang: "de",
    name: "Deutsch",
    title: "Cookies auf dieser Website",
    statement: "Wir verwenden unbedingt erforderliche Cookies, damit diese Website \
                funktioniert. Wir würden außerdem gern optionale Cookies setzen, aber nur, wenn \
                Sie zustimmen. Sie können alle akzeptieren oder alle ablehnen oder nach \
                Kategorie auswählen und Ihre Meinung jederzeit ändern.",
    accept_all: "Alle akzeptieren",
    reject_all: "Alle ablehnen",
    customize: "Anpassen",
    categories_legend: "Wählen Sie, welche Cookies Sie erlauben möchten",
    save: "Auswahl speichern",
    policy_link: "Cookie-Richtlinie",
    settings_link: "Cookie-Einstellungen",
    always_on: "Immer aktiv",
    cookies_in_category: "Cookies",
    policy_changed: "Unsere Cookie-Richtlinie hat sich seit Ihrer letzten Auswahl geändert, \
                     daher fragen wir erneut.",
    choice_expired: "Ihre letzte Auswahl liegt schon eine Weile zurück, daher fragen wir erneut.",
    shared_with: "Weitergegeben an",
    gpc_honoured: "Opt-out-Präferenzsignal des Browsers beachtet",
    gpc_accept_all: "Ihr Browser sendet ein Opt-out-Präferenzsignal, daher lässt \
                     „Alle akzeptieren“ diese Kategorien deaktiviert: {categories}. Um sie zu \
                     erlauben, setzen Sie unter „Anpassen“ ein Häkchen bei ihnen.",
    on_unless_objected: "Nur für Statistik oder für das Aussehen der Website verwendet: aktiv, \
                         sofern Sie nicht widersprechen.",
    object: "Widersprechen",
    opt_out_title: "Ihre Datenschutzauswahl",
    opt_out_statement: "Diese Website verwendet Cookies. Einige davon teilen Informationen über Ihren Besuch mit Werbepartnern, was manche Gesetze als Verkauf oder Weitergabe Ihrer personenbezogenen Daten werten. Mit einem Klick können Sie das jederzeit beenden.",
    do_not_sell: "Meine personenbezogenen Daten nicht verkaufen oder weitergeben",
    opt_out_continue: "Weiter",
    controller_line: "Diese Website wird von {controller} betrieben, der entscheidet, wie Ihre Daten verwendet werden.",
    preferences_title: "Cookie-Einstellungen",
    preferences_intro: "Wählen Sie, welche optionalen Cookies diese Website setzen darf. \
                        Unbedingt erforderliche Cookies sind immer aktiv. Ihre Auswahl gilt ab \
                        der nächsten Seite, die Sie laden.",
    no_choice_yet: "Sie haben noch keine Auswahl getroffen: Es werden nur unbedingt \
                    erforderliche Cookies gesetzt.",
    current_choice: "Derzeit erlaubt:",
    table_caption: "Cookies, die diese Website verwendet",
    table_headings: ["Cookie", "Kategorie", "Zweck", "Speicherdauer", "Anbieter"],
    back: "Zurück zur Website",
    saved: "Ihre Cookie-Auswahl wurde gespeichert.",
    not_saved: "Ihre Auswahl konnte gerade nicht gespeichert werden, daher hat sich nichts \
                geändert. Bitte versuchen Sie es gleich noch einmal.",
    receipt_heading: "Aufzeichnung Ihrer Einwilligung",
    receipt_id: "Einwilligungs-ID",
    receipt_time: "Erfasst am",
    receipt_revision: "Version der Cookie-Richtlinie",
    receipt_allowed: "Erlaubt",
    receipt_missing: "Wir haben keine Aufzeichnung einer Auswahl aus diesem Browser gefunden.",
    consent_cookie_purpose: "Merkt sich Ihre Cookie-Auswahl, damit wir nicht auf jeder Seite \
                             fragen.",
    consent_cookie_duration: "{days} Tage",
    necessary_label: "Unbedingt erforderlich",
    necessary_purpose: "Diese Cookies sind unerlässlich, um sich auf der Website zu bewegen \
                            und ihre Funktionen zu nutzen, etwa die Anmeldung. Ohne sie können \
                            die von Ihnen angeforderten Dienste nicht bereitgestellt werden.",
    functionality_label: "Funktionalität",
    functionality_purpose: "Diese Cookies merken sich, was Sie auswählen, und bieten \
                                erweiterte, persönlichere Funktionen.",
    performance_label: "Leistung",
    performance_purpose: "Diese Cookies sammeln Informationen darüber, wie Sie die Website \
                              nutzen, zum Beispiel welche Seiten Sie am häufigsten besuchen, \
                              damit wir ihre Funktionsweise verbessern können.",
    advertising_label: "Werbung und Tracking",
    advertising_purpose: "Diese Cookies zeigen, wo Sie unsere Werbung gesehen haben, \
                              messen, wie gut unsere Kampagnen wirken, und begrenzen, wie oft \
                              Sie eine Anzeige sehen.",
    error_cross_site: "Eine Cookie-Auswahl kann nur von den eigenen Seiten dieser Website aus \
                       gespeichert werden.",
    error_bad_form: "Das Formular zur Cookie-Auswahl konnte nicht gelesen werden.",
    error_timeout: "Die Übertragung des Formulars zur Cookie-Auswahl hat zu lange gedauert.",
    error_too_large: "Das Formular zur Cookie-Auswahl war zu groß.",
    error_media_type: "Eine Cookie-Auswahl muss als Formular oder als JSON gesendet werden.",
    error_method: "Unter dieser Adresse kann eine Cookie-Auswahl nur angezeigt und gespeichert \
                   werden.",
    receipt_intro: "Dies ist die Aufzeichnung, die wir über Ihre Auswahl aufbewahren.",
    receipt_refused: "Abgelehnt",
    receipt_none: "keine",
    receipt_json_link: "Diese Aufzeichnung als JSON",
    receipt_unavailable: "Ihre Aufzeichnung kann gerade nicht angezeigt werden. Bitte versuchen \
                          Sie es später noch einmal.",
    not_saved_title: "Ihre Auswahl konnte nicht gespeichert werden",
    not_saved_back: "Zurück zur Seite",
    not_saved_retry: "Erneut versuchen",
    error_too_many: "Von hier wurden in kurzer Zeit zu viele Cookie-Auswahlen gesendet, \
                     daher wurde diese nicht gespeichert. Bitte versuchen Sie es später \
                     erneut.",
    placeholder_title: "Eingebetteter Inhalt",
    placeholder_from: "Inhalt von {provider}",
    placeholder_needs: "Dieser Inhalt wird nicht angezeigt, weil er Cookies einer Kategorie benötigt, die Sie nicht erlaubt haben: {category}.",
    placeholder_sets: "Cookies in dieser Kategorie: {cookies}.",
    placeholder_allow: "Diese Cookies erlauben und Inhalt anzeigen",
};
