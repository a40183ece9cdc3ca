//! Swedish (Svenska), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const SV: Translation = Translation {
    lang: "sv",
    name: "Svenska",
    title: "Kakor på den här webbplatsen",
    statement: "Vi använder strikt nödvändiga kakor för att webbplatsen ska fungera. Vi vill \
                också gärna sätta valfria kakor, men bara om du godkänner det. Du kan godkänna \
                eller avvisa alla, eller välja per kategori, och ändra dig när som helst.",
    accept_all: "Godkänn alla",
    reject_all: "Avvisa alla",
    customize: "Anpassa",
    categories_legend: "Välj vilka kakor du tillåter",
    save: "Spara mina val",
    policy_link: "Policy för kakor",
    settings_link: "Inställningar för kakor",
    always_on: "Alltid på",
    cookies_in_category: "Kakor",
    policy_changed: "Vår policy för kakor har ändrats sedan du senast valde, så vi frågar igen.",
    choice_expired: "Det var ett tag sedan du senast valde, så vi frågar igen.",
    shared_with: "Delas med",
    gpc_honoured: "Webbläsarens signal om att avstå respekteras",
    gpc_accept_all: "Din webbläsare skickar en signal om att avstå, så ”Godkänn alla” lämnar \
                     dessa kategorier avstängda: {categories}. Om du vill tillåta dem kan du \
                     kryssa i dem under ”Anpassa”.",
    on_unless_objected: "Används bara för statistik eller för hur webbplatsen ser ut: på, om du \
                         inte invänder.",
    object: "Invänd",
    opt_out_title: "Dina integritetsval",
    opt_out_statement: "Den här webbplatsen använder kakor. Några av dem delar information om ditt besök med annonspartner, vilket vissa lagar räknar som försäljning eller delning av dina personuppgifter. Du kan stoppa det med ett klick, när som helst.",
    do_not_sell: "Sälj eller dela inte mina personuppgifter",
    opt_out_continue: "Fortsätt",
    controller_line: "Den här webbplatsen drivs av {controller}, som bestämmer hur dina uppgifter används.",
    preferences_title: "Inställningar för kakor",
    preferences_intro: "Välj vilka valfria kakor den här webbplatsen får sätta. Strikt \
                        nödvändiga kakor är alltid på. Ditt val gäller från nästa sida som du \
                        laddar.",
    no_choice_yet: "Du har inte gjort något val än: bara strikt nödvändiga kakor sätts.",
    current_choice: "Tillåtna just nu:",
    table_caption: "Kakor som den här webbplatsen använder",
    table_headings: ["Kaka", "Kategori", "Syfte", "Lagringstid", "Leverantör"],
    back: "Tillbaka till webbplatsen",
    saved: "Dina val för kakor har sparats.",
    not_saved: "Ditt val kunde inte sparas just nu, så ingenting har ändrats. Försök igen om en \
                liten stund.",
    receipt_heading: "Registrering av ditt samtycke",
    receipt_id: "Samtyckes-id",
    receipt_time: "Registrerat",
    receipt_revision: "Version av policyn för kakor",
    receipt_allowed: "Tillåtna",
    receipt_missing: "Vi hittade ingen registrering av ett val från den här webbläsaren.",
    consent_cookie_purpose: "Kommer ihåg dina val för kakor, så att vi inte frågar på varje sida.",
    consent_cookie_duration: "{days} dagar",
    necessary_label: "Strikt nödvändiga",
    necessary_purpose: "Dessa kakor är oumbärliga för att kunna röra sig på webbplatsen och \
                            använda dess funktioner, till exempel inloggning. Utan dem kan de \
                            tjänster som du har bett om inte tillhandahållas.",
    functionality_label: "Funktionalitet",
    functionality_purpose: "Dessa kakor kommer ihåg de val du gör och ger förbättrade, mer \
                                personliga funktioner.",
    performance_label: "Prestanda",
    performance_purpose: "Dessa kakor samlar in information om hur du använder webbplatsen, \
                              till exempel vilka sidor du besöker oftast, så att vi kan \
                              förbättra hur den fungerar.",
    advertising_label: "Annonsering och spårning",
    advertising_purpose: "Dessa kakor visar var du har sett våra annonser, mäter hur bra \
                              våra kampanjer fungerar och begränsar hur ofta du ser en annons.",
    error_cross_site: "Val för kakor kan bara sparas från webbplatsens egna sidor.",
    error_bad_form: "Formuläret med val för kakor kunde inte läsas.",
    error_timeout: "Det tog för lång tid innan formuläret med val för kakor kom fram.",
    error_too_large: "Formuläret med val för kakor var för stort.",
    error_media_type: "Val för kakor måste skickas som ett formulär eller som JSON.",
    error_method: "Den här adressen visar och sparar bara val för kakor.",
    receipt_intro: "Det här är den registrering av ditt val som vi sparar.",
    receipt_refused: "Avvisade",
    receipt_none: "inga",
    receipt_json_link: "Den här registreringen som JSON",
    receipt_unavailable: "Din registrering kan inte visas just nu. Försök igen senare.",
    not_saved_title: "Ditt val kunde inte sparas",
    not_saved_back: "Tillbaka till sidan",
    not_saved_retry: "Försök igen",
    error_too_many: "För många cookieval skickades härifrån på kort tid, så det här valet \
                     sparades inte. Försök igen senare.",
    placeholder_title: "Inbäddat innehåll",
    placeholder_from: "Innehåll från {provider}",
    placeholder_needs: "Innehållet visas inte eftersom det behöver kakor i en kategori som du inte har tillåtit: {category}.",
    placeholder_sets: "Kakor i den här kategorin: {cookies}.",
    placeholder_allow: "Tillåt de här kakorna och visa innehållet",
};
