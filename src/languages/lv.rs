//! Latvian (Latviešu), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const LV: Translation = Translation {
    lang: "lv",
    name: "Latviešu",
    title: "Sīkdatnes šajā vietnē",
    statement: "Mēs izmantojam obligāti nepieciešamās sīkdatnes, lai šī vietne darbotos. Mēs \
                vēlētos izmantot arī neobligātas sīkdatnes, bet tikai tad, ja jūs tam \
                piekrītat. Jūs varat tās visas pieņemt vai visas noraidīt, vai izvēlēties pa \
                kategorijām, un jebkurā laikā pārdomāt.",
    accept_all: "Pieņemt visas",
    reject_all: "Noraidīt visas",
    customize: "Pielāgot",
    categories_legend: "Izvēlieties, kuras sīkdatnes atļaut",
    save: "Saglabāt manu izvēli",
    policy_link: "Sīkdatņu politika",
    settings_link: "Sīkdatņu iestatījumi",
    always_on: "Vienmēr ieslēgtas",
    cookies_in_category: "Sīkdatnes",
    policy_changed: "Kopš jūsu pēdējās izvēles mūsu sīkdatņu politika ir mainījusies, tāpēc mēs \
                     jautājam vēlreiz.",
    choice_expired: "Kopš jūsu pēdējās izvēles ir pagājis kāds laiks, tāpēc mēs jautājam vēlreiz.",
    shared_with: "Kopīgotas ar",
    gpc_honoured: "Pārlūka atteikšanās signāls ievērots",
    gpc_accept_all: "Jūsu pārlūks sūta atteikšanās signālu, tāpēc „Pieņemt visas“ atstāj šīs \
                     kategorijas izslēgtas: {categories}. Lai tās atļautu, atzīmējiet tās \
                     sadaļā „Pielāgot“.",
    on_unless_objected: "Izmanto tikai statistikai vai vietnes izskatam: ieslēgtas, ja vien jūs \
                         neiebilstat.",
    object: "Iebilst",
    opt_out_title: "Jūsu privātuma izvēles",
    opt_out_statement: "Šī vietne izmanto sīkdatnes. Dažas no tām kopīgo informāciju par jūsu apmeklējumu ar reklāmas partneriem, ko daži likumi uzskata par jūsu personas datu pārdošanu vai kopīgošanu. To var pārtraukt ar vienu klikšķi jebkurā laikā.",
    do_not_sell: "Nepārdot un nekopīgot manus personas datus",
    opt_out_continue: "Turpināt",
    controller_line: "Šo vietni pārvalda {controller}, kas nosaka, kā tiek izmantota jūsu informācija.",
    preferences_title: "Sīkdatņu iestatījumi",
    preferences_intro: "Izvēlieties, kuras neobligātās sīkdatnes šī vietne drīkst izmantot. \
                        Obligāti nepieciešamās sīkdatnes vienmēr ir ieslēgtas. Jūsu izvēle \
                        stājas spēkā no nākamās lapas, ko atverat.",
    no_choice_yet: "Izvēle vēl nav izdarīta: tiek izmantotas tikai obligāti nepieciešamās \
                    sīkdatnes.",
    current_choice: "Pašlaik atļautas:",
    table_caption: "Sīkdatnes, ko izmanto šī vietne",
    table_headings: [
        "Sīkdatne",
        "Kategorija",
        "Mērķis",
        "Ilgums",
        "Nodrošinātājs",
    ],
    back: "Atpakaļ uz vietni",
    saved: "Jūsu sīkdatņu izvēle ir saglabāta.",
    not_saved: "Jūsu izvēli pašlaik neizdevās saglabāt, tāpēc nekas nav mainījies. Lūdzu, \
                mēģiniet vēlreiz pēc brīža.",
    receipt_heading: "Jūsu piekrišanas ieraksts",
    receipt_id: "Piekrišanas ID",
    receipt_time: "Reģistrēts",
    receipt_revision: "Sīkdatņu politikas versija",
    receipt_allowed: "Atļautas",
    receipt_missing: "Mēs neatradām nekādu ierakstu par izvēli no šī pārlūka.",
    consent_cookie_purpose: "Atceras jūsu sīkdatņu izvēli, lai mums nebūtu jājautā katrā lapā.",
    consent_cookie_duration: "dienu skaits: {days}",
    necessary_label: "Obligāti nepieciešamās",
    necessary_purpose: "Šīs sīkdatnes ir būtiskas, lai pārvietotos vietnē un izmantotu tās \
                            funkcijas, piemēram, pierakstītos. Bez tām nevar sniegt \
                            pakalpojumus, ko jūs pieprasījāt.",
    functionality_label: "Funkcionalitāte",
    functionality_purpose: "Šīs sīkdatnes atceras jūsu izdarītās izvēles un nodrošina \
                                uzlabotas, personiskākas funkcijas.",
    performance_label: "Veiktspēja",
    performance_purpose: "Šīs sīkdatnes vāc informāciju par to, kā jūs izmantojat vietni, \
                              piemēram, kuras lapas apmeklējat visbiežāk, lai mēs varētu \
                              uzlabot tās darbību.",
    advertising_label: "Reklāma un izsekošana",
    advertising_purpose: "Šīs sīkdatnes parāda, kur jūs redzējāt mūsu reklāmas, mēra, cik \
                              labi darbojas mūsu kampaņas, un ierobežo, cik bieži jūs redzat \
                              kādu reklāmu.",
    error_cross_site: "Sīkdatņu izvēli var saglabāt tikai no pašas šīs vietnes lapām.",
    error_bad_form: "Sīkdatņu izvēles veidlapu neizdevās nolasīt.",
    error_timeout: "Sīkdatņu izvēles veidlapas saņemšana aizņēma pārāk ilgu laiku.",
    error_too_large: "Sīkdatņu izvēles veidlapa bija pārāk liela.",
    error_media_type: "Sīkdatņu izvēle jānosūta kā veidlapa vai JSON formātā.",
    error_method: "Šī adrese tikai parāda un saglabā sīkdatņu izvēli.",
    receipt_intro: "Šis ir ieraksts, ko mēs glabājam par Jūsu izvēli.",
    receipt_refused: "Noraidītas",
    receipt_none: "nav",
    receipt_json_link: "Šis ieraksts JSON formātā",
    receipt_unavailable: "Jūsu ierakstu pašlaik nevar parādīt. Lūdzu, mēģiniet vēlreiz vēlāk.",
    not_saved_title: "Jūsu izvēli neizdevās saglabāt",
    not_saved_back: "Atpakaļ uz lapu",
    not_saved_retry: "Mēģināt vēlreiz",
    error_too_many: "No šejienes īsā laikā tika nosūtīts pārāk daudz sīkdatņu izvēļu, tāpēc \
                     šī netika saglabāta. Lūdzu, mēģiniet vēlreiz vēlāk.",
    placeholder_title: "Iegults saturs",
    placeholder_from: "Saturs no {provider}",
    placeholder_needs: "Šis saturs netiek rādīts, jo tam vajadzīgas sīkdatnes no kategorijas, kuru neesat atļāvis: {category}.",
    placeholder_sets: "Šīs kategorijas sīkdatnes: {cookies}.",
    placeholder_allow: "Atļaut šīs sīkdatnes un rādīt saturu",
};
