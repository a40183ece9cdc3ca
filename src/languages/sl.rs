//! Slovenian (Slovenščina), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const SL: Translation = Translation {
    lang: "sl",
    name: "Slovenščina",
    title: "Piškotki na tem spletnem mestu",
    statement: "Uporabljamo nujno potrebne piškotke, da to spletno mesto deluje. Radi bi \
                nastavili tudi izbirne piškotke, vendar le, če se s tem strinjate. Vse lahko \
                sprejmete ali vse zavrnete ali pa izbirate po kategorijah in si kadar koli \
                premislite.",
    accept_all: "Sprejmi vse",
    reject_all: "Zavrni vse",
    customize: "Prilagodi",
    categories_legend: "Izberite, katere piškotke dovolite",
    save: "Shrani mojo izbiro",
    policy_link: "Politika piškotkov",
    settings_link: "Nastavitve piškotkov",
    always_on: "Vedno vklopljeni",
    cookies_in_category: "Piškotki",
    policy_changed: "Naša politika piškotkov se je od vaše zadnje izbire spremenila, zato vas \
                     sprašujemo znova.",
    choice_expired: "Od vaše zadnje izbire je minilo že nekaj časa, zato vas sprašujemo znova.",
    shared_with: "Deljeno z",
    gpc_honoured: "Upoštevan signal zavrnitve iz brskalnika",
    gpc_accept_all: "Vaš brskalnik pošilja signal zavrnitve, zato »Sprejmi vse« pusti te \
                     kategorije izklopljene: {categories}. Če jih želite dovoliti, jih označite \
                     pod »Prilagodi«.",
    on_unless_objected: "Uporabljajo se samo za statistiko ali za videz spletnega mesta: \
                         vklopljeni, razen če ugovarjate.",
    object: "Ugovarjam",
    opt_out_title: "Vaše izbire glede zasebnosti",
    opt_out_statement: "To spletno mesto uporablja piškotke. Nekateri od njih delijo podatke o vašem obisku z oglaševalskimi partnerji, kar nekateri zakoni štejejo za prodajo ali deljenje vaših osebnih podatkov. To lahko kadar koli ustavite z enim klikom.",
    do_not_sell: "Ne prodajajte in ne delite mojih osebnih podatkov",
    opt_out_continue: "Nadaljuj",
    controller_line: "To spletno mesto upravlja {controller}, ki odloča o tem, kako se uporabljajo vaši podatki.",
    preferences_title: "Nastavitve piškotkov",
    preferences_intro: "Izberite, katere izbirne piškotke lahko nastavi to spletno mesto. Nujno \
                        potrebni piškotki so vedno vklopljeni. Vaša izbira velja od naslednje \
                        strani, ki jo naložite.",
    no_choice_yet: "Izbire še niste opravili: nastavljeni so samo nujno potrebni piškotki.",
    current_choice: "Trenutno dovoljeno:",
    table_caption: "Piškotki, ki jih uporablja to spletno mesto",
    table_headings: ["Piškotek", "Kategorija", "Namen", "Trajanje", "Ponudnik"],
    back: "Nazaj na spletno mesto",
    saved: "Vaša izbira piškotkov je shranjena.",
    not_saved: "Vaše izbire trenutno ni bilo mogoče shraniti, zato se ni nič spremenilo. \
                Poskusite znova čez trenutek.",
    receipt_heading: "Zapis vaše privolitve",
    receipt_id: "ID privolitve",
    receipt_time: "Zabeleženo",
    receipt_revision: "Različica politike piškotkov",
    receipt_allowed: "Dovoljeno",
    receipt_missing: "Nismo našli nobenega zapisa o izbiri iz tega brskalnika.",
    consent_cookie_purpose: "Zapomni si vašo izbiro piškotkov, da vas ne sprašujemo na vsaki \
                             strani.",
    consent_cookie_duration: "število dni: {days}",
    necessary_label: "Nujno potrebni",
    necessary_purpose: "Ti piškotki so nujni za premikanje po spletnem mestu in uporabo \
                            njegovih funkcij, kot je prijava. Brez njih storitev, ki ste jih \
                            zahtevali, ni mogoče zagotoviti.",
    functionality_label: "Funkcionalnost",
    functionality_purpose: "Ti piškotki si zapomnijo vaše izbire in omogočajo izboljšane, \
                                bolj osebne funkcije.",
    performance_label: "Zmogljivost",
    performance_purpose: "Ti piškotki zbirajo podatke o tem, kako uporabljate spletno \
                              mesto, na primer katere strani najpogosteje obiskujete, da lahko \
                              izboljšamo njegovo delovanje.",
    advertising_label: "Oglaševanje in sledenje",
    advertising_purpose: "Ti piškotki kažejo, kje ste videli naše oglase, merijo, kako \
                              uspešne so naše kampanje, in omejujejo, kako pogosto vidite \
                              oglas.",
    error_cross_site: "Izbiro piškotkov je mogoče shraniti samo z lastnih strani tega spletnega \
                       mesta.",
    error_bad_form: "Obrazca z izbiro piškotkov ni bilo mogoče prebrati.",
    error_timeout: "Prenos obrazca z izbiro piškotkov je trajal predolgo.",
    error_too_large: "Obrazec z izbiro piškotkov je bil prevelik.",
    error_media_type: "Izbiro piškotkov je treba poslati kot obrazec ali kot JSON.",
    error_method: "Ta naslov samo prikazuje in shranjuje izbire piškotkov.",
    receipt_intro: "To je zapis, ki ga hranimo o vaši izbiri.",
    receipt_refused: "Zavrnjeno",
    receipt_none: "nič",
    receipt_json_link: "Ta zapis v obliki JSON",
    receipt_unavailable: "Vašega zapisa trenutno ni mogoče prikazati. Poskusite znova pozneje.",
    not_saved_title: "Vaše izbire ni bilo mogoče shraniti",
    not_saved_back: "Nazaj na stran",
    not_saved_retry: "Poskusi znova",
    error_too_many: "Od tod je bilo v kratkem času poslanih preveč izbir piškotkov, zato ta \
                     ni bila shranjena. Poskusite znova pozneje.",
    placeholder_title: "Vdelana vsebina",
    placeholder_from: "Vsebina storitve {provider}",
    placeholder_needs: "Ta vsebina ni prikazana, ker potrebuje piškotke iz kategorije, ki je niste dovolili: {category}.",
    placeholder_sets: "Piškotki v tej kategoriji: {cookies}.",
    placeholder_allow: "Dovoli te piškotke in prikaži vsebino",
};
