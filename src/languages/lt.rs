//! Lithuanian (Lietuvių), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const LT: Translation = Translation {
    lang: "lt",
    name: "Lietuvių",
    title: "Slapukai šioje svetainėje",
    statement: "Naudojame būtinuosius slapukus, kad ši svetainė veiktų. Taip pat norėtume \
                naudoti neprivalomus slapukus, bet tik jei jūs sutinkate. Galite juos visus \
                priimti arba visus atmesti, arba pasirinkti pagal kategorijas, ir bet kada \
                persigalvoti.",
    accept_all: "Priimti visus",
    reject_all: "Atmesti visus",
    customize: "Tinkinti",
    categories_legend: "Pasirinkite, kuriuos slapukus leisti",
    save: "Išsaugoti pasirinkimus",
    policy_link: "Slapukų politika",
    settings_link: "Slapukų nustatymai",
    always_on: "Visada įjungti",
    cookies_in_category: "Slapukai",
    policy_changed: "Nuo jūsų paskutinio pasirinkimo mūsų slapukų politika pasikeitė, todėl \
                     klausiame dar kartą.",
    choice_expired: "Nuo jūsų paskutinio pasirinkimo praėjo nemažai laiko, todėl klausiame dar \
                     kartą.",
    shared_with: "Bendrinama su",
    gpc_honoured: "Paisoma naršyklės atsisakymo signalo",
    gpc_accept_all: "Jūsų naršyklė siunčia atsisakymo signalą, todėl „Priimti visus“ palieka \
                     šias kategorijas išjungtas: {categories}. Norėdami jas leisti, pažymėkite \
                     jas skiltyje „Tinkinti“.",
    on_unless_objected: "Naudojami tik statistikai arba svetainės išvaizdai: įjungti, nebent \
                         prieštaraujate.",
    object: "Prieštarauti",
    opt_out_title: "Jūsų privatumo pasirinkimai",
    opt_out_statement: "Ši svetainė naudoja slapukus. Kai kurie iš jų dalijasi informacija apie jūsų apsilankymą su reklamos partneriais, o kai kurie įstatymai tai laiko jūsų asmens duomenų pardavimu ar dalijimusi jais. Tai galite bet kada sustabdyti vienu paspaudimu.",
    do_not_sell: "Neparduoti ir neperduoti mano asmens duomenų",
    opt_out_continue: "Tęsti",
    controller_line: "Šią svetainę valdo {controller}, kuris sprendžia, kaip naudojama jūsų informacija.",
    preferences_title: "Slapukų nustatymai",
    preferences_intro: "Pasirinkite, kuriuos neprivalomus slapukus ši svetainė gali naudoti. \
                        Būtinieji slapukai visada įjungti. Jūsų pasirinkimas galioja nuo kito \
                        puslapio, kurį įkelsite.",
    no_choice_yet: "Dar nieko nepasirinkote: naudojami tik būtinieji slapukai.",
    current_choice: "Šiuo metu leidžiama:",
    table_caption: "Šios svetainės naudojami slapukai",
    table_headings: ["Slapukas", "Kategorija", "Paskirtis", "Trukmė", "Teikėjas"],
    back: "Grįžti į svetainę",
    saved: "Jūsų slapukų pasirinkimai išsaugoti.",
    not_saved: "Jūsų pasirinkimo šiuo metu nepavyko išsaugoti, todėl niekas nepasikeitė. \
                Bandykite dar kartą po akimirkos.",
    receipt_heading: "Jūsų sutikimo įrašas",
    receipt_id: "Sutikimo ID",
    receipt_time: "Įrašyta",
    receipt_revision: "Slapukų politikos versija",
    receipt_allowed: "Leidžiama",
    receipt_missing: "Neradome jokio šioje naršyklėje atlikto pasirinkimo įrašo.",
    consent_cookie_purpose: "Įsimena jūsų slapukų pasirinkimus, kad nereikėtų klausti \
                             kiekviename puslapyje.",
    consent_cookie_duration: "{days} d.",
    necessary_label: "Būtinieji",
    necessary_purpose: "Šie slapukai yra būtini, kad galėtumėte naršyti svetainėje ir \
                            naudotis jos funkcijomis, pavyzdžiui, prisijungti. Be jų negalima \
                            suteikti paslaugų, kurių paprašėte.",
    functionality_label: "Funkcionalumas",
    functionality_purpose: "Šie slapukai įsimena jūsų pasirinkimus ir suteikia \
                                patobulintas, asmeniškesnes funkcijas.",
    performance_label: "Našumas",
    performance_purpose: "Šie slapukai renka informaciją apie tai, kaip naudojatės \
                              svetaine, pavyzdžiui, kuriuos puslapius lankote dažniausiai, kad \
                              galėtume pagerinti jos veikimą.",
    advertising_label: "Reklama ir sekimas",
    advertising_purpose: "Šie slapukai rodo, kur matėte mūsų reklamas, matuoja, kaip gerai \
                              veikia mūsų kampanijos, ir riboja, kaip dažnai matote reklamą.",
    error_cross_site: "Slapukų pasirinkimus galima išsaugoti tik iš pačios šios svetainės \
                       puslapių.",
    error_bad_form: "Nepavyko perskaityti slapukų pasirinkimo formos.",
    error_timeout: "Slapukų pasirinkimo formos gavimas užtruko per ilgai.",
    error_too_large: "Slapukų pasirinkimo forma buvo per didelė.",
    error_media_type: "Slapukų pasirinkimai turi būti siunčiami kaip forma arba JSON formatu.",
    error_method: "Šiuo adresu galima tik peržiūrėti ir išsaugoti slapukų pasirinkimus.",
    receipt_intro: "Tai įrašas, kurį saugome apie Jūsų pasirinkimą.",
    receipt_refused: "Atmesta",
    receipt_none: "nėra",
    receipt_json_link: "Šis įrašas JSON formatu",
    receipt_unavailable: "Jūsų įrašo šiuo metu negalima parodyti. Bandykite dar kartą vėliau.",
    not_saved_title: "Jūsų pasirinkimo nepavyko išsaugoti",
    not_saved_back: "Grįžti į puslapį",
    not_saved_retry: "Bandyti dar kartą",
    error_too_many: "Iš čia per trumpą laiką išsiųsta per daug slapukų pasirinkimų, todėl \
                     šis nebuvo išsaugotas. Bandykite dar kartą vėliau.",
    placeholder_title: "Įterptas turinys",
    placeholder_from: "Turinys iš {provider}",
    placeholder_needs: "Šis turinys nerodomas, nes jam reikia slapukų iš kategorijos, kurios neleidote: {category}.",
    placeholder_sets: "Šios kategorijos slapukai: {cookies}.",
    placeholder_allow: "Leisti šiuos slapukus ir rodyti turinį",
};
