//! Finnish (Suomi), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const FI: Translation = Translation {
    lang: "fi",
    name: "Suomi",
    title: "Evästeet tällä sivustolla",
    statement: "Käytämme välttämättömiä evästeitä, jotta tämä sivusto toimii. Haluaisimme \
                asettaa myös valinnaisia evästeitä, mutta vain jos hyväksyt sen. Voit hyväksyä \
                tai hylätä ne kaikki tai valita luokittain, ja voit muuttaa mielesi milloin \
                tahansa.",
    accept_all: "Hyväksy kaikki",
    reject_all: "Hylkää kaikki",
    customize: "Mukauta",
    categories_legend: "Valitse, mitkä evästeet sallit",
    save: "Tallenna valintani",
    policy_link: "Evästekäytäntö",
    settings_link: "Evästeasetukset",
    always_on: "Aina käytössä",
    cookies_in_category: "Evästeet",
    policy_changed: "Evästekäytäntömme on muuttunut edellisen valintasi jälkeen, joten kysymme \
                     uudelleen.",
    choice_expired: "Edellisestä valinnastasi on kulunut jo jonkin aikaa, joten kysymme \
                     uudelleen.",
    shared_with: "Jaetaan tahoille",
    gpc_honoured: "Selaimen kieltäytymissignaali huomioitu",
    gpc_accept_all: "Selaimesi lähettää kieltäytymissignaalin, joten ”Hyväksy kaikki” jättää \
                     nämä luokat pois käytöstä: {categories}. Jos haluat sallia ne, valitse ne \
                     kohdassa ”Mukauta”.",
    on_unless_objected: "Käytetään vain tilastointiin tai sivuston ulkoasuun: käytössä, ellet \
                         vastusta.",
    object: "Vastusta",
    opt_out_title: "Yksityisyysvalintasi",
    opt_out_statement: "Tämä sivusto käyttää evästeitä. Osa niistä jakaa tietoja käynnistäsi mainoskumppaneille, minkä jotkin lait katsovat henkilötietojesi myymiseksi tai jakamiseksi. Voit lopettaa sen yhdellä napsautuksella milloin tahansa.",
    do_not_sell: "Älä myy tai jaa henkilötietojani",
    opt_out_continue: "Jatka",
    controller_line: "Tätä sivustoa ylläpitää {controller}, joka päättää, miten tietojasi käytetään.",
    preferences_title: "Evästeasetukset",
    preferences_intro: "Valitse, mitä valinnaisia evästeitä tämä sivusto saa asettaa. \
                        Välttämättömät evästeet ovat aina käytössä. Valintasi on voimassa \
                        seuraavasta lataamastasi sivusta alkaen.",
    no_choice_yet: "Et ole vielä tehnyt valintaa: vain välttämättömät evästeet asetetaan.",
    current_choice: "Tällä hetkellä sallitut:",
    table_caption: "Tämän sivuston käyttämät evästeet",
    table_headings: ["Eväste", "Luokka", "Tarkoitus", "Kesto", "Tarjoaja"],
    back: "Takaisin sivustolle",
    saved: "Evästevalintasi tallennettiin.",
    not_saved: "Valintaasi ei voitu tallentaa juuri nyt, joten mikään ei muuttunut. Yritä \
                hetken päästä uudelleen.",
    receipt_heading: "Merkintä suostumuksestasi",
    receipt_id: "Suostumuksen tunniste",
    receipt_time: "Tallennettu",
    receipt_revision: "Evästekäytännön versio",
    receipt_allowed: "Sallitut",
    receipt_missing: "Emme löytäneet merkintää tästä selaimesta tehdystä valinnasta.",
    consent_cookie_purpose: "Muistaa evästevalintasi, jotta meidän ei tarvitse kysyä joka \
                             sivulla.",
    consent_cookie_duration: "{days} päivää",
    necessary_label: "Välttämättömät",
    necessary_purpose: "Nämä evästeet ovat välttämättömiä sivustolla liikkumiseen ja sen \
                            toimintojen, kuten sisäänkirjautumisen, käyttämiseen. Ilman niitä \
                            pyytämiäsi palveluja ei voida tarjota.",
    functionality_label: "Toiminnallisuus",
    functionality_purpose: "Nämä evästeet muistavat tekemäsi valinnat ja tarjoavat \
                                parannettuja, henkilökohtaisempia toimintoja.",
    performance_label: "Suorituskyky",
    performance_purpose: "Nämä evästeet keräävät tietoa siitä, miten käytät sivustoa, \
                              esimerkiksi millä sivuilla käyt useimmin, jotta voimme parantaa \
                              sen toimintaa.",
    advertising_label: "Mainonta ja seuranta",
    advertising_purpose: "Nämä evästeet näyttävät, missä näit mainoksemme, mittaavat, \
                              kuinka hyvin kampanjamme toimivat, ja rajoittavat sitä, kuinka \
                              usein näet mainoksen.",
    error_cross_site: "Evästevalinnat voi tallentaa vain tämän sivuston omilta sivuilta.",
    error_bad_form: "Evästevalintalomaketta ei voitu lukea.",
    error_timeout: "Evästevalintalomakkeen saapuminen kesti liian kauan.",
    error_too_large: "Evästevalintalomake oli liian suuri.",
    error_media_type: "Evästevalinnat on lähetettävä lomakkeena tai JSON-muodossa.",
    error_method: "Tämä osoite vain näyttää ja tallentaa evästevalintoja.",
    receipt_intro: "Tämä on merkintä, jonka säilytämme valinnastasi.",
    receipt_refused: "Hylätyt",
    receipt_none: "ei mitään",
    receipt_json_link: "Tämä merkintä JSON-muodossa",
    receipt_unavailable: "Merkintääsi ei voida näyttää juuri nyt. Yritä myöhemmin uudelleen.",
    not_saved_title: "Valintaasi ei voitu tallentaa",
    not_saved_back: "Takaisin sivulle",
    not_saved_retry: "Yritä uudelleen",
    error_too_many: "Täältä lähetettiin lyhyessä ajassa liian monta evästevalintaa, joten \
                     tätä valintaa ei tallennettu. Yritä myöhemmin uudelleen.",
    placeholder_title: "Upotettu sisältö",
    placeholder_from: "Sisältö palvelusta {provider}",
    placeholder_needs: "Tätä sisältöä ei näytetä, koska se tarvitsee evästeitä luokasta, jota et ole sallinut: {category}.",
    placeholder_sets: "Tämän luokan evästeet: {cookies}.",
    placeholder_allow: "Salli nämä evästeet ja näytä sisältö",
};
