//! Dutch (Nederlands), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const NL: Translation = Translation {
    lang: "nl",
    name: "Nederlands",
    title: "Cookies op deze site",
    statement: "We gebruiken strikt noodzakelijke cookies om deze site te laten werken. We \
                willen ook graag optionele cookies plaatsen, maar alleen als u daarmee instemt. \
                U kunt ze allemaal accepteren of allemaal weigeren, of per categorie kiezen, en \
                op elk moment van gedachten veranderen.",
    accept_all: "Alles accepteren",
    reject_all: "Alles weigeren",
    customize: "Aanpassen",
    categories_legend: "Kies welke cookies u toestaat",
    save: "Mijn keuzes opslaan",
    policy_link: "Cookiebeleid",
    settings_link: "Cookie-instellingen",
    always_on: "Altijd aan",
    cookies_in_category: "Cookies",
    policy_changed: "Ons cookiebeleid is gewijzigd sinds u voor het laatst koos, daarom vragen \
                     we het opnieuw.",
    choice_expired: "Het is al een tijd geleden dat u voor het laatst koos, daarom vragen we \
                     het opnieuw.",
    shared_with: "Gedeeld met",
    gpc_honoured: "Opt-outsignaal van de browser gerespecteerd",
    gpc_accept_all: "Uw browser stuurt een opt-outsignaal, daarom laat ‘Alles accepteren’ deze \
                     categorieën uit: {categories}. Wilt u ze toestaan, vink ze dan aan onder \
                     ‘Aanpassen’.",
    on_unless_objected: "Alleen gebruikt voor statistieken of voor hoe de site eruitziet: aan, \
                         tenzij u bezwaar maakt.",
    object: "Bezwaar maken",
    opt_out_title: "Uw privacykeuzes",
    opt_out_statement: "Deze site gebruikt cookies. Sommige delen informatie over uw bezoek met advertentiepartners, wat sommige wetten als verkopen of delen van uw persoonsgegevens beschouwen. U kunt dat op elk moment met één klik stoppen.",
    do_not_sell: "Mijn persoonsgegevens niet verkopen of delen",
    opt_out_continue: "Doorgaan",
    controller_line: "Deze site wordt beheerd door {controller}, die beslist hoe uw gegevens worden gebruikt.",
    preferences_title: "Cookie-instellingen",
    preferences_intro: "Kies welke optionele cookies deze site mag plaatsen. Strikt \
                        noodzakelijke cookies staan altijd aan. Uw keuze geldt vanaf de \
                        volgende pagina die u laadt.",
    no_choice_yet: "U hebt nog geen keuze gemaakt: alleen strikt noodzakelijke cookies worden \
                    geplaatst.",
    current_choice: "Nu toegestaan:",
    table_caption: "Cookies die deze site gebruikt",
    table_headings: ["Cookie", "Categorie", "Doel", "Bewaartermijn", "Aanbieder"],
    back: "Terug naar de site",
    saved: "Uw cookiekeuzes zijn opgeslagen.",
    not_saved: "Uw keuze kon op dit moment niet worden opgeslagen, dus er is niets veranderd. \
                Probeer het zo meteen opnieuw.",
    receipt_heading: "Registratie van uw toestemming",
    receipt_id: "Toestemmings-ID",
    receipt_time: "Vastgelegd op",
    receipt_revision: "Versie van het cookiebeleid",
    receipt_allowed: "Toegestaan",
    receipt_missing: "We hebben geen registratie gevonden van een keuze vanuit deze browser.",
    consent_cookie_purpose: "Onthoudt uw cookiekeuzes, zodat we het niet op elke pagina vragen.",
    consent_cookie_duration: "{days} dagen",
    necessary_label: "Strikt noodzakelijk",
    necessary_purpose: "Deze cookies zijn onmisbaar om over de website te navigeren en de \
                            functies ervan te gebruiken, zoals inloggen. Zonder deze cookies \
                            kunnen de diensten waarom u hebt gevraagd niet worden geleverd.",
    functionality_label: "Functionaliteit",
    functionality_purpose: "Deze cookies onthouden de keuzes die u maakt en bieden \
                                uitgebreidere, persoonlijkere functies.",
    performance_label: "Prestaties",
    performance_purpose: "Deze cookies verzamelen informatie over hoe u de website \
                              gebruikt, bijvoorbeeld welke pagina's u het vaakst bezoekt, zodat \
                              we de werking ervan kunnen verbeteren.",
    advertising_label: "Advertenties en tracking",
    advertising_purpose: "Deze cookies laten zien waar u onze advertenties hebt gezien, \
                              meten hoe goed onze campagnes werken en beperken hoe vaak u een \
                              advertentie ziet.",
    error_cross_site: "Cookiekeuzes kunnen alleen worden opgeslagen vanaf de eigen pagina's van \
                       deze site.",
    error_bad_form: "Het formulier met cookiekeuzes kon niet worden gelezen.",
    error_timeout: "Het duurde te lang voordat het formulier met cookiekeuzes binnenkwam.",
    error_too_large: "Het formulier met cookiekeuzes was te groot.",
    error_media_type: "Cookiekeuzes moeten als formulier of als JSON worden verzonden.",
    error_method: "Dit adres dient alleen om cookiekeuzes te tonen en op te slaan.",
    receipt_intro: "Dit is de registratie die we van uw keuze bewaren.",
    receipt_refused: "Geweigerd",
    receipt_none: "geen",
    receipt_json_link: "Deze registratie als JSON",
    receipt_unavailable: "Uw registratie kan nu niet worden getoond. Probeer het later opnieuw.",
    not_saved_title: "Uw keuze kon niet worden opgeslagen",
    not_saved_back: "Terug naar de pagina",
    not_saved_retry: "Opnieuw proberen",
    error_too_many: "Er zijn vanaf hier in korte tijd te veel cookiekeuzes verstuurd, daarom \
                     is deze niet opgeslagen. Probeer het later opnieuw.",
    placeholder_title: "Ingesloten inhoud",
    placeholder_from: "Inhoud van {provider}",
    placeholder_needs: "Deze inhoud wordt niet getoond, omdat er cookies voor nodig zijn uit een categorie die u niet hebt toegestaan: {category}.",
    placeholder_sets: "Cookies in deze categorie: {cookies}.",
    placeholder_allow: "Deze cookies toestaan en de inhoud tonen",
};
