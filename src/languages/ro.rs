//! Romanian (Română), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const RO: Translation = Translation {
    lang: "ro",
    name: "Română",
    title: "Fișierele cookie de pe acest site",
    statement: "Folosim fișiere cookie strict necesare pentru ca acest site să funcționeze. Am \
                dori să plasăm și fișiere cookie opționale, dar numai dacă sunteți de acord. Le \
                puteți accepta sau respinge pe toate, puteți alege pe categorii și vă puteți \
                răzgândi oricând.",
    accept_all: "Acceptă toate",
    reject_all: "Respinge toate",
    customize: "Personalizează",
    categories_legend: "Alegeți ce fișiere cookie permiteți",
    save: "Salvează alegerile",
    policy_link: "Politica privind fișierele cookie",
    settings_link: "Setările fișierelor cookie",
    always_on: "Întotdeauna active",
    cookies_in_category: "Fișiere cookie",
    policy_changed: "Politica noastră privind fișierele cookie s-a schimbat de la ultima \
                     dumneavoastră alegere, așa că vă întrebăm din nou.",
    choice_expired: "A trecut ceva timp de la ultima dumneavoastră alegere, așa că vă întrebăm \
                     din nou.",
    shared_with: "Partajate cu",
    gpc_honoured: "Semnalul de preferință de tip opt-out al browserului este respectat",
    gpc_accept_all: "Browserul dumneavoastră trimite un semnal de preferință de tip opt-out, \
                     așa că „Acceptă toate” lasă dezactivate aceste categorii: {categories}. \
                     Pentru a le permite, bifați-le la „Personalizează”.",
    on_unless_objected: "Folosite doar pentru statistici sau pentru aspectul site-ului: active, \
                         dacă nu vă opuneți.",
    object: "Mă opun",
    opt_out_title: "Opțiunile dvs. de confidențialitate",
    opt_out_statement: "Acest site folosește cookie-uri. Unele dintre ele transmit informații despre vizita dvs. partenerilor de publicitate, ceea ce unele legi consideră vânzare sau partajare a datelor dvs. personale. Puteți opri acest lucru cu un clic, oricând.",
    do_not_sell: "Nu vindeți și nu partajați informațiile mele personale",
    opt_out_continue: "Continuați",
    controller_line: "Acest site este administrat de {controller}, care decide cum sunt folosite informațiile dvs.",
    preferences_title: "Setările fișierelor cookie",
    preferences_intro: "Alegeți ce fișiere cookie opționale poate plasa acest site. Fișierele \
                        cookie strict necesare sunt întotdeauna active. Alegerea dumneavoastră \
                        se aplică începând cu următoarea pagină pe care o încărcați.",
    no_choice_yet: "Nu ați făcut încă o alegere: sunt plasate doar fișierele cookie strict \
                    necesare.",
    current_choice: "Permise în prezent:",
    table_caption: "Fișierele cookie folosite de acest site",
    table_headings: ["Fișier cookie", "Categorie", "Scop", "Durată", "Furnizor"],
    back: "Înapoi la site",
    saved: "Alegerile dumneavoastră privind fișierele cookie au fost salvate.",
    not_saved: "Alegerea dumneavoastră nu a putut fi salvată acum, așa că nu s-a schimbat \
                nimic. Vă rugăm să încercați din nou peste câteva momente.",
    receipt_heading: "Înregistrarea consimțământului dumneavoastră",
    receipt_id: "ID-ul consimțământului",
    receipt_time: "Înregistrat la",
    receipt_revision: "Versiunea politicii privind fișierele cookie",
    receipt_allowed: "Permise",
    receipt_missing: "Nu am găsit nicio înregistrare a unei alegeri făcute din acest browser.",
    consent_cookie_purpose: "Reține alegerile dumneavoastră privind fișierele cookie, ca să nu \
                             vă întrebăm pe fiecare pagină.",
    consent_cookie_duration: "număr de zile: {days}",
    necessary_label: "Strict necesare",
    necessary_purpose: "Aceste fișiere cookie sunt esențiale pentru a naviga pe site și a-i \
                            folosi funcțiile, cum ar fi autentificarea. Fără ele, serviciile pe \
                            care le-ați solicitat nu pot fi furnizate.",
    functionality_label: "Funcționalitate",
    functionality_purpose: "Aceste fișiere cookie rețin alegerile pe care le faceți și \
                                oferă funcții îmbunătățite, mai personale.",
    performance_label: "Performanță",
    performance_purpose: "Aceste fișiere cookie colectează informații despre modul în care \
                              folosiți site-ul, de exemplu ce pagini vizitați cel mai des, \
                              pentru ca noi să putem îmbunătăți funcționarea acestuia.",
    advertising_label: "Publicitate și urmărire",
    advertising_purpose: "Aceste fișiere cookie arată unde ați văzut reclamele noastre, \
                              măsoară cât de bine funcționează campaniile noastre și limitează \
                              de câte ori vedeți o reclamă.",
    error_cross_site: "Alegerile privind fișierele cookie pot fi salvate doar din paginile \
                       proprii ale acestui site.",
    error_bad_form: "Formularul cu alegerile privind fișierele cookie nu a putut fi citit.",
    error_timeout: "Formularul cu alegerile privind fișierele cookie a durat prea mult până să \
                    ajungă.",
    error_too_large: "Formularul cu alegerile privind fișierele cookie a fost prea mare.",
    error_media_type: "Alegerile privind fișierele cookie trebuie trimise ca formular sau ca \
                       JSON.",
    error_method: "Această adresă doar afișează și salvează alegerile privind fișierele cookie.",
    receipt_intro: "Aceasta este înregistrarea pe care o păstrăm despre alegerea dumneavoastră.",
    receipt_refused: "Respinse",
    receipt_none: "niciunul",
    receipt_json_link: "Această înregistrare în format JSON",
    receipt_unavailable: "Înregistrarea dumneavoastră nu poate fi afișată acum. Vă rugăm să \
                          încercați din nou mai târziu.",
    not_saved_title: "Alegerea dumneavoastră nu a putut fi salvată",
    not_saved_back: "Înapoi la pagină",
    not_saved_retry: "Încercați din nou",
    error_too_many: "De aici au fost trimise prea multe alegeri privind cookie-urile într-un \
                     timp scurt, așa că aceasta nu a fost salvată. Încercați din nou mai \
                     târziu.",
    placeholder_title: "Conținut încorporat",
    placeholder_from: "Conținut de la {provider}",
    placeholder_needs: "Acest conținut nu este afișat deoarece are nevoie de fișiere cookie dintr-o categorie pe care nu ați permis-o: {category}.",
    placeholder_sets: "Fișiere cookie din această categorie: {cookies}.",
    placeholder_allow: "Permiteți aceste fișiere cookie și afișați conținutul",
};
