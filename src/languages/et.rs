//! Estonian (Eesti), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const ET: Translation = Translation {
    lang: "et",
    name: "Eesti",
    title: "Küpsised sellel veebisaidil",
    statement: "Kasutame rangelt vajalikke küpsiseid, et see veebisait töötaks. Sooviksime \
                kasutada ka valikulisi küpsiseid, kuid ainult siis, kui te nõustute. Võite \
                nõustuda kõigiga või keelduda kõigist või valida kategooriate kaupa ning oma \
                meelt igal ajal muuta.",
    accept_all: "Nõustu kõigiga",
    reject_all: "Keeldu kõigist",
    customize: "Kohanda",
    categories_legend: "Valige, milliseid küpsiseid lubate",
    save: "Salvesta valikud",
    policy_link: "Küpsiste kasutamise põhimõtted",
    settings_link: "Küpsiste seaded",
    always_on: "Alati sees",
    cookies_in_category: "Küpsised",
    policy_changed: "Meie küpsiste kasutamise põhimõtted on pärast teie viimast valikut \
                     muutunud, seega küsime uuesti.",
    choice_expired: "Teie viimasest valikust on möödunud tükk aega, seega küsime uuesti.",
    shared_with: "Jagatakse osapooltega",
    gpc_honoured: "Brauseri loobumissignaali järgitakse",
    gpc_accept_all: "Teie brauser saadab loobumissignaali, seega jätab „Nõustu kõigiga“ need \
                     kategooriad välja lülitatuks: {categories}. Nende lubamiseks märkige need \
                     jaotises „Kohanda“.",
    on_unless_objected: "Kasutatakse ainult statistikaks või veebisaidi välimuse jaoks: sees, \
                         kui te ei esita vastuväidet.",
    object: "Esita vastuväide",
    opt_out_title: "Teie privaatsusvalikud",
    opt_out_statement: "See sait kasutab küpsiseid. Mõned neist jagavad teie külastuse teavet reklaamipartneritega, mida mõned seadused loevad teie isikuandmete müümiseks või jagamiseks. Saate selle ühe klõpsuga igal ajal lõpetada.",
    do_not_sell: "Ärge müüge ega jagage minu isikuandmeid",
    opt_out_continue: "Jätka",
    controller_line: "Seda saiti haldab {controller}, kes otsustab, kuidas teie andmeid kasutatakse.",
    preferences_title: "Küpsiste seaded",
    preferences_intro: "Valige, milliseid valikulisi küpsiseid see veebisait tohib kasutada. \
                        Rangelt vajalikud küpsised on alati sees. Teie valik kehtib alates \
                        järgmisest lehest, mille avate.",
    no_choice_yet: "Te pole veel valikut teinud: kasutatakse ainult rangelt vajalikke küpsiseid.",
    current_choice: "Praegu lubatud:",
    table_caption: "Küpsised, mida see veebisait kasutab",
    table_headings: ["Küpsis", "Kategooria", "Eesmärk", "Kestus", "Pakkuja"],
    back: "Tagasi veebisaidile",
    saved: "Teie küpsiste valikud salvestati.",
    not_saved: "Teie valikut ei õnnestunud praegu salvestada, seega ei muutunud midagi. Palun \
                proovige mõne hetke pärast uuesti.",
    receipt_heading: "Teie nõusoleku kirje",
    receipt_id: "Nõusoleku ID",
    receipt_time: "Salvestatud",
    receipt_revision: "Küpsiste kasutamise põhimõtete versioon",
    receipt_allowed: "Lubatud",
    receipt_missing: "Me ei leidnud sellest brauserist tehtud valiku kohta ühtegi kirjet.",
    consent_cookie_purpose: "Jätab teie küpsiste valikud meelde, et me ei peaks igal lehel \
                             küsima.",
    consent_cookie_duration: "{days} päeva",
    necessary_label: "Rangelt vajalikud",
    necessary_purpose: "Need küpsised on hädavajalikud, et veebisaidil liikuda ja selle \
                            funktsioone kasutada, näiteks sisse logida. Ilma nendeta ei saa \
                            teie soovitud teenuseid pakkuda.",
    functionality_label: "Funktsionaalsus",
    functionality_purpose: "Need küpsised jätavad meelde teie tehtud valikud ja pakuvad \
                                täiustatud, isikupärasemaid funktsioone.",
    performance_label: "Jõudlus",
    performance_purpose: "Need küpsised koguvad teavet selle kohta, kuidas te veebisaiti \
                              kasutate, näiteks milliseid lehti te kõige sagedamini külastate, \
                              et saaksime selle toimimist parandada.",
    advertising_label: "Reklaam ja jälgimine",
    advertising_purpose: "Need küpsised näitavad, kus te meie reklaame nägite, mõõdavad, \
                              kui hästi meie kampaaniad toimivad, ja piiravad, kui sageli te \
                              reklaami näete.",
    error_cross_site: "Küpsiste valikuid saab salvestada ainult selle veebisaidi enda lehtedelt.",
    error_bad_form: "Küpsiste valiku vormi ei õnnestunud lugeda.",
    error_timeout: "Küpsiste valiku vormi saabumine võttis liiga kaua aega.",
    error_too_large: "Küpsiste valiku vorm oli liiga suur.",
    error_media_type: "Küpsiste valikud tuleb saata vormina või JSON-vormingus.",
    error_method: "See aadress ainult kuvab ja salvestab küpsiste valikuid.",
    receipt_intro: "See on kirje, mida me Teie valiku kohta säilitame.",
    receipt_refused: "Keeldutud",
    receipt_none: "puuduvad",
    receipt_json_link: "See kirje JSON-vormingus",
    receipt_unavailable: "Teie kirjet ei saa praegu kuvada. Palun proovige hiljem uuesti.",
    not_saved_title: "Teie valikut ei õnnestunud salvestada",
    not_saved_back: "Tagasi lehele",
    not_saved_retry: "Proovi uuesti",
    error_too_many: "Siit saadeti lühikese aja jooksul liiga palju küpsiste valikuid, seega \
                     seda valikut ei salvestatud. Palun proovige hiljem uuesti.",
    placeholder_title: "Manustatud sisu",
    placeholder_from: "Sisu allikast {provider}",
    placeholder_needs: "Seda sisu ei näidata, sest see vajab küpsiseid kategooriast, mida te pole lubanud: {category}.",
    placeholder_sets: "Selle kategooria küpsised: {cookies}.",
    placeholder_allow: "Luba need küpsised ja näita sisu",
};
