//! Danish (Dansk), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const DA: Translation = Translation {
    lang: "da",
    name: "Dansk",
    title: "Cookies på denne hjemmeside",
    statement: "Vi bruger strengt nødvendige cookies for at få denne hjemmeside til at fungere. \
                Vi vil også gerne sætte valgfrie cookies, men kun hvis du siger ja til det. Du \
                kan acceptere eller afvise dem alle, eller vælge efter kategori, og du kan \
                altid ombestemme dig.",
    accept_all: "Acceptér alle",
    reject_all: "Afvis alle",
    customize: "Tilpas",
    categories_legend: "Vælg, hvilke cookies du vil tillade",
    save: "Gem mine valg",
    policy_link: "Cookiepolitik",
    settings_link: "Cookieindstillinger",
    always_on: "Altid slået til",
    cookies_in_category: "Cookies",
    policy_changed: "Vores cookiepolitik er ændret, siden du sidst valgte, så vi spørger igen.",
    choice_expired: "Det er et stykke tid siden, du sidst valgte, så vi spørger igen.",
    shared_with: "Deles med",
    gpc_honoured: "Browserens fravalgssignal respekteret",
    gpc_accept_all: "Din browser sender et fravalgssignal, så »Acceptér alle« lader disse \
                     kategorier være slået fra: {categories}. Hvis du vil tillade dem, kan du \
                     sætte flueben ved dem under »Tilpas«.",
    on_unless_objected: "Bruges kun til statistik eller til hjemmesidens udseende: slået til, \
                         medmindre du gør indsigelse.",
    object: "Gør indsigelse",
    opt_out_title: "Dine valg om privatliv",
    opt_out_statement: "Dette websted bruger cookies. Nogle af dem deler oplysninger om dit besøg med annoncepartnere, hvilket nogle love betragter som salg eller deling af dine personoplysninger. Du kan stoppe det med ét klik, når som helst.",
    do_not_sell: "Sælg eller del ikke mine personoplysninger",
    opt_out_continue: "Fortsæt",
    controller_line: "Dette websted drives af {controller}, som bestemmer, hvordan dine oplysninger bruges.",
    preferences_title: "Cookieindstillinger",
    preferences_intro: "Vælg, hvilke valgfrie cookies denne hjemmeside må sætte. Strengt \
                        nødvendige cookies er altid slået til. Dit valg gælder fra den næste \
                        side, du indlæser.",
    no_choice_yet: "Du har ikke truffet et valg endnu: kun strengt nødvendige cookies bliver sat.",
    current_choice: "Tilladt lige nu:",
    table_caption: "Cookies, som denne hjemmeside bruger",
    table_headings: ["Cookie", "Kategori", "Formål", "Varighed", "Udbyder"],
    back: "Tilbage til hjemmesiden",
    saved: "Dine cookievalg er gemt.",
    not_saved: "Dit valg kunne ikke gemmes lige nu, så intet er ændret. Prøv igen om lidt.",
    receipt_heading: "Registrering af dit samtykke",
    receipt_id: "Samtykke-id",
    receipt_time: "Registreret",
    receipt_revision: "Version af cookiepolitikken",
    receipt_allowed: "Tilladt",
    receipt_missing: "Vi fandt ingen registrering af et valg fra denne browser.",
    consent_cookie_purpose: "Husker dine cookievalg, så vi ikke spørger på hver side.",
    consent_cookie_duration: "{days} dage",
    necessary_label: "Strengt nødvendige",
    necessary_purpose: "Disse cookies er uundværlige for at kunne bevæge sig rundt på \
                            hjemmesiden og bruge dens funktioner, f.eks. at logge ind. Uden dem \
                            kan de tjenester, du har bedt om, ikke leveres.",
    functionality_label: "Funktionalitet",
    functionality_purpose: "Disse cookies husker de valg, du træffer, og giver forbedrede \
                                og mere personlige funktioner.",
    performance_label: "Ydeevne",
    performance_purpose: "Disse cookies indsamler oplysninger om, hvordan du bruger \
                              hjemmesiden, for eksempel hvilke sider du besøger oftest, så vi \
                              kan forbedre, hvordan den fungerer.",
    advertising_label: "Annoncering og sporing",
    advertising_purpose: "Disse cookies viser, hvor du har set vores annoncer, måler, hvor \
                              godt vores kampagner virker, og begrænser, hvor ofte du ser en \
                              annonce.",
    error_cross_site: "Cookievalg kan kun gemmes fra denne hjemmesides egne sider.",
    error_bad_form: "Formularen med cookievalg kunne ikke læses.",
    error_timeout: "Det tog for lang tid, før formularen med cookievalg kom frem.",
    error_too_large: "Formularen med cookievalg var for stor.",
    error_media_type: "Cookievalg skal sendes som en formular eller som JSON.",
    error_method: "Denne adresse viser og gemmer kun cookievalg.",
    receipt_intro: "Dette er den registrering af dit valg, som vi opbevarer.",
    receipt_refused: "Afvist",
    receipt_none: "ingen",
    receipt_json_link: "Denne registrering som JSON",
    receipt_unavailable: "Din registrering kan ikke vises lige nu. Prøv igen senere.",
    not_saved_title: "Dit valg kunne ikke gemmes",
    not_saved_back: "Tilbage til siden",
    not_saved_retry: "Prøv igen",
    error_too_many: "Der blev sendt for mange cookievalg herfra på kort tid, så dette valg \
                     blev ikke gemt. Prøv igen senere.",
    placeholder_title: "Indlejret indhold",
    placeholder_from: "Indhold fra {provider}",
    placeholder_needs: "Indholdet vises ikke, fordi det kræver cookies i en kategori, som du ikke har tilladt: {category}.",
    placeholder_sets: "Cookies i denne kategori: {cookies}.",
    placeholder_allow: "Tillad disse cookies og vis indholdet",
};
