//! Croatian (Hrvatski), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const HR: Translation = Translation {
    lang: "hr",
    name: "Hrvatski",
    title: "Kolačići na ovom web-mjestu",
    statement: "Koristimo strogo nužne kolačiće kako bi ovo web-mjesto radilo. Željeli bismo \
                postaviti i neobavezne kolačiće, ali samo ako pristanete. Možete ih sve \
                prihvatiti ili sve odbiti, ili odabrati po kategorijama, i predomisliti se u \
                bilo kojem trenutku.",
    accept_all: "Prihvati sve",
    reject_all: "Odbij sve",
    customize: "Prilagodi",
    categories_legend: "Odaberite koje kolačiće dopuštate",
    save: "Spremi moj odabir",
    policy_link: "Pravila o kolačićima",
    settings_link: "Postavke kolačića",
    always_on: "Uvijek uključeni",
    cookies_in_category: "Kolačići",
    policy_changed: "Naša pravila o kolačićima promijenila su se od vašeg posljednjeg odabira \
                     pa vas ponovno pitamo.",
    choice_expired: "Prošlo je neko vrijeme od vašeg posljednjeg odabira pa vas ponovno pitamo.",
    shared_with: "Dijele se s",
    gpc_honoured: "Poštuje se signal odbijanja iz preglednika",
    gpc_accept_all: "Vaš preglednik šalje signal odbijanja, pa „Prihvati sve“ ostavlja ove \
                     kategorije isključenima: {categories}. Ako ih želite dopustiti, označite \
                     ih pod „Prilagodi“.",
    on_unless_objected: "Koriste se samo za statistiku ili za izgled web-mjesta: uključeni, \
                         osim ako uložite prigovor.",
    object: "Uloži prigovor",
    opt_out_title: "Vaši izbori privatnosti",
    opt_out_statement: "Ova stranica koristi kolačiće. Neki od njih dijele podatke o vašem posjetu s oglašivačkim partnerima, što neki zakoni smatraju prodajom ili dijeljenjem vaših osobnih podataka. To možete zaustaviti jednim klikom, u bilo kojem trenutku.",
    do_not_sell: "Ne prodaji i ne dijeli moje osobne podatke",
    opt_out_continue: "Nastavi",
    controller_line: "Ovu stranicu vodi {controller}, koji odlučuje kako se vaši podaci koriste.",
    preferences_title: "Postavke kolačića",
    preferences_intro: "Odaberite koje neobavezne kolačiće ovo web-mjesto smije postaviti. \
                        Strogo nužni kolačići uvijek su uključeni. Vaš odabir vrijedi od \
                        sljedeće stranice koju učitate.",
    no_choice_yet: "Još niste ništa odabrali: postavljaju se samo strogo nužni kolačići.",
    current_choice: "Trenutačno dopušteno:",
    table_caption: "Kolačići koje ovo web-mjesto koristi",
    table_headings: ["Kolačić", "Kategorija", "Svrha", "Trajanje", "Pružatelj"],
    back: "Natrag na web-mjesto",
    saved: "Vaš odabir kolačića je spremljen.",
    not_saved: "Vaš odabir trenutačno nije bilo moguće spremiti pa se ništa nije promijenilo. \
                Pokušajte ponovno za trenutak.",
    receipt_heading: "Zapis o vašoj privoli",
    receipt_id: "ID privole",
    receipt_time: "Zabilježeno",
    receipt_revision: "Verzija pravila o kolačićima",
    receipt_allowed: "Dopušteno",
    receipt_missing: "Nismo pronašli zapis o odabiru iz ovog preglednika.",
    consent_cookie_purpose: "Pamti vaš odabir kolačića kako vas ne bismo pitali na svakoj \
                             stranici.",
    consent_cookie_duration: "broj dana: {days}",
    necessary_label: "Strogo nužni",
    necessary_purpose: "Ovi su kolačići nužni za kretanje po web-mjestu i korištenje \
                            njegovih funkcija, kao što je prijava. Bez njih se usluge koje ste \
                            zatražili ne mogu pružiti.",
    functionality_label: "Funkcionalnost",
    functionality_purpose: "Ovi kolačići pamte vaše odabire i pružaju poboljšane, osobnije \
                                funkcije.",
    performance_label: "Izvedba",
    performance_purpose: "Ovi kolačići prikupljaju podatke o tome kako koristite \
                              web-mjesto, na primjer koje stranice najčešće posjećujete, kako \
                              bismo mogli poboljšati njegov rad.",
    advertising_label: "Oglašavanje i praćenje",
    advertising_purpose: "Ovi kolačići pokazuju gdje ste vidjeli naše oglase, mjere koliko \
                              su naše kampanje uspješne i ograničavaju koliko često vidite neki \
                              oglas.",
    error_cross_site: "Odabir kolačića može se spremiti samo s vlastitih stranica ovog \
                       web-mjesta.",
    error_bad_form: "Obrazac s odabirom kolačića nije bilo moguće pročitati.",
    error_timeout: "Obrazac s odabirom kolačića predugo je stizao.",
    error_too_large: "Obrazac s odabirom kolačića bio je prevelik.",
    error_media_type: "Odabir kolačića mora se poslati kao obrazac ili kao JSON.",
    error_method: "Ova adresa služi samo za prikaz i spremanje odabira kolačića.",
    receipt_intro: "Ovo je zapis koji čuvamo o vašem odabiru.",
    receipt_refused: "Odbijeno",
    receipt_none: "ništa",
    receipt_json_link: "Ovaj zapis u formatu JSON",
    receipt_unavailable: "Vaš zapis trenutačno nije moguće prikazati. Pokušajte ponovno kasnije.",
    not_saved_title: "Vaš odabir nije bilo moguće spremiti",
    not_saved_back: "Natrag na stranicu",
    not_saved_retry: "Pokušaj ponovno",
    error_too_many: "Odavde je u kratkom vremenu poslano previše odabira kolačića pa ovaj \
                     nije spremljen. Pokušajte ponovno kasnije.",
    placeholder_title: "Ugrađeni sadržaj",
    placeholder_from: "Sadržaj usluge {provider}",
    placeholder_needs: "Ovaj se sadržaj ne prikazuje jer su mu potrebni kolačići iz kategorije koju niste dopustili: {category}.",
    placeholder_sets: "Kolačići u ovoj kategoriji: {cookies}.",
    placeholder_allow: "Dopusti ove kolačiće i prikaži sadržaj",
};
