//! Slovak (Slovenčina), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const SK: Translation = Translation {
    lang: "sk",
    name: "Slovenčina",
    title: "Súbory cookie na tomto webe",
    statement: "Používame nevyhnutne potrebné súbory cookie, aby tento web fungoval. Radi by \
                sme ukladali aj voliteľné súbory cookie, ale iba ak s tým súhlasíte. Môžete ich \
                všetky prijať alebo všetky odmietnuť, prípadne vybrať podľa kategórií, a svoj \
                názor môžete kedykoľvek zmeniť.",
    accept_all: "Prijať všetky",
    reject_all: "Odmietnuť všetky",
    customize: "Prispôsobiť",
    categories_legend: "Vyberte, ktoré súbory cookie povolíte",
    save: "Uložiť moju voľbu",
    policy_link: "Zásady používania súborov cookie",
    settings_link: "Nastavenia súborov cookie",
    always_on: "Vždy zapnuté",
    cookies_in_category: "Súbory cookie",
    policy_changed: "Od vašej poslednej voľby sa naše zásady používania súborov cookie zmenili, \
                     preto sa pýtame znova.",
    choice_expired: "Od vašej poslednej voľby už uplynul nejaký čas, preto sa pýtame znova.",
    shared_with: "Zdieľané s",
    gpc_honoured: "Signál nesúhlasu z prehliadača rešpektovaný",
    gpc_accept_all: "Váš prehliadač posiela signál nesúhlasu, preto „Prijať všetky“ ponechá \
                     tieto kategórie vypnuté: {categories}. Ak ich chcete povoliť, označte ich \
                     v časti „Prispôsobiť“.",
    on_unless_objected: "Používajú sa iba na štatistiku alebo na vzhľad webu: zapnuté, pokiaľ \
                         nevznesiete námietku.",
    object: "Vzniesť námietku",
    opt_out_title: "Vaše voľby ochrany súkromia",
    opt_out_statement: "Táto stránka používa súbory cookie. Niektoré z nich zdieľajú informácie o vašej návšteve s reklamnými partnermi, čo niektoré zákony považujú za predaj alebo zdieľanie vašich osobných údajov. Môžete to kedykoľvek zastaviť jedným kliknutím.",
    do_not_sell: "Nepredávať ani nezdieľať moje osobné údaje",
    opt_out_continue: "Pokračovať",
    controller_line: "Túto stránku prevádzkuje {controller}, ktorý rozhoduje o tom, ako sa vaše údaje používajú.",
    preferences_title: "Nastavenia súborov cookie",
    preferences_intro: "Vyberte, ktoré voliteľné súbory cookie smie tento web ukladať. \
                        Nevyhnutne potrebné súbory cookie sú vždy zapnuté. Vaša voľba platí od \
                        nasledujúcej stránky, ktorú načítate.",
    no_choice_yet: "Zatiaľ ste si nevybrali: ukladajú sa iba nevyhnutne potrebné súbory cookie.",
    current_choice: "Momentálne povolené:",
    table_caption: "Súbory cookie, ktoré tento web používa",
    table_headings: [
        "Súbor cookie",
        "Kategória",
        "Účel",
        "Doba platnosti",
        "Poskytovateľ",
    ],
    back: "Späť na web",
    saved: "Vaša voľba súborov cookie bola uložená.",
    not_saved: "Vašu voľbu sa teraz nepodarilo uložiť, takže sa nič nezmenilo. Skúste to, \
                prosím, o chvíľu znova.",
    receipt_heading: "Záznam o vašom súhlase",
    receipt_id: "ID súhlasu",
    receipt_time: "Zaznamenané",
    receipt_revision: "Verzia zásad používania súborov cookie",
    receipt_allowed: "Povolené",
    receipt_missing: "Nenašli sme žiadny záznam o voľbe z tohto prehliadača.",
    consent_cookie_purpose: "Pamätá si vašu voľbu súborov cookie, aby sme sa nemuseli pýtať na \
                             každej stránke.",
    consent_cookie_duration: "počet dní: {days}",
    necessary_label: "Nevyhnutne potrebné",
    necessary_purpose: "Tieto súbory cookie sú nevyhnutné na pohyb po webe a používanie \
                            jeho funkcií, napríklad prihlásenie. Bez nich nie je možné \
                            poskytovať služby, o ktoré ste požiadali.",
    functionality_label: "Funkčnosť",
    functionality_purpose: "Tieto súbory cookie si pamätajú vaše voľby a poskytujú \
                                rozšírené, osobnejšie funkcie.",
    performance_label: "Výkon",
    performance_purpose: "Tieto súbory cookie zhromažďujú informácie o tom, ako web \
                              používate, napríklad ktoré stránky navštevujete najčastejšie, aby \
                              sme mohli zlepšiť jeho fungovanie.",
    advertising_label: "Reklama a sledovanie",
    advertising_purpose: "Tieto súbory cookie ukazujú, kde sa vám zobrazili naše reklamy, \
                              merajú, ako dobre fungujú naše kampane, a obmedzujú, ako často sa \
                              vám reklama zobrazuje.",
    error_cross_site: "Voľbu súborov cookie možno uložiť iba z vlastných stránok tohto webu.",
    error_bad_form: "Formulár s voľbou súborov cookie sa nepodarilo prečítať.",
    error_timeout: "Doručenie formulára s voľbou súborov cookie trvalo príliš dlho.",
    error_too_large: "Formulár s voľbou súborov cookie bol príliš veľký.",
    error_media_type: "Voľbu súborov cookie treba odoslať ako formulár alebo ako JSON.",
    error_method: "Táto adresa slúži iba na zobrazenie a uloženie voľby súborov cookie.",
    receipt_intro: "Toto je záznam, ktorý o vašej voľbe uchovávame.",
    receipt_refused: "Odmietnuté",
    receipt_none: "žiadne",
    receipt_json_link: "Tento záznam vo formáte JSON",
    receipt_unavailable: "Váš záznam teraz nemožno zobraziť. Skúste to, prosím, neskôr znova.",
    not_saved_title: "Vašu voľbu sa nepodarilo uložiť",
    not_saved_back: "Späť na stránku",
    not_saved_retry: "Skúsiť znova",
    error_too_many: "Odtiaľto bolo v krátkom čase odoslaných príliš veľa volieb súborov \
                     cookie, preto táto nebola uložená. Skúste to znova neskôr.",
    placeholder_title: "Vložený obsah",
    placeholder_from: "Obsah zo služby {provider}",
    placeholder_needs: "Tento obsah sa nezobrazuje, pretože potrebuje súbory cookie z kategórie, ktorú ste nepovolili: {category}.",
    placeholder_sets: "Súbory cookie v tejto kategórii: {cookies}.",
    placeholder_allow: "Povoliť tieto súbory cookie a zobraziť obsah",
};
