//! Hungarian (Magyar), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const HU: Translation = Translation {
    lang: "hu",
    name: "Magyar",
    title: "Sütik ezen a webhelyen",
    statement: "Feltétlenül szükséges sütiket használunk, hogy ez a webhely működjön. \
                Szeretnénk választható sütiket is elhelyezni, de csak akkor, ha Ön beleegyezik. \
                Az összeset elfogadhatja vagy elutasíthatja, kategóriánként is választhat, és \
                bármikor meggondolhatja magát.",
    accept_all: "Összes elfogadása",
    reject_all: "Összes elutasítása",
    customize: "Testreszabás",
    categories_legend: "Válassza ki, mely sütiket engedélyezi",
    save: "Választásom mentése",
    policy_link: "Sütikezelési szabályzat",
    settings_link: "Sütibeállítások",
    always_on: "Mindig bekapcsolva",
    cookies_in_category: "Sütik",
    policy_changed: "Sütikezelési szabályzatunk megváltozott az Ön legutóbbi választása óta, \
                     ezért újra megkérdezzük.",
    choice_expired: "Már eltelt egy ideje az Ön legutóbbi választása óta, ezért újra \
                     megkérdezzük.",
    shared_with: "Megosztva a következőkkel",
    gpc_honoured: "A böngésző opt-out típusú preferenciajelzését figyelembe vesszük",
    gpc_accept_all: "Böngészője opt-out típusú preferenciajelzést küld, ezért az \
                     „Összes elfogadása” kikapcsolva hagyja ezeket a kategóriákat: \
                     {categories}. Ha engedélyezni szeretné őket, jelölje be őket a \
                     „Testreszabás” alatt.",
    on_unless_objected: "Csak statisztikához vagy a webhely megjelenéséhez használjuk: \
                         bekapcsolva, hacsak nem tiltakozik.",
    object: "Tiltakozás",
    opt_out_title: "Adatvédelmi választásai",
    opt_out_statement: "Ez a webhely sütiket használ. Némelyikük a látogatásával kapcsolatos információkat oszt meg hirdetési partnerekkel, amit egyes törvények a személyes adatai eladásának vagy megosztásának tekintenek. Ezt egy kattintással bármikor leállíthatja.",
    do_not_sell: "Ne adják el és ne osszák meg a személyes adataimat",
    opt_out_continue: "Tovább",
    controller_line: "Ezt a webhelyet {controller} üzemelteti, és ő dönt az adatai felhasználásáról.",
    preferences_title: "Sütibeállítások",
    preferences_intro: "Válassza ki, mely választható sütiket helyezheti el ez a webhely. A \
                        feltétlenül szükséges sütik mindig be vannak kapcsolva. Választása a \
                        következő betöltött oldaltól érvényes.",
    no_choice_yet: "Még nem választott: csak a feltétlenül szükséges sütiket helyezzük el.",
    current_choice: "Jelenleg engedélyezve:",
    table_caption: "A webhely által használt sütik",
    table_headings: ["Süti", "Kategória", "Cél", "Időtartam", "Szolgáltató"],
    back: "Vissza a webhelyre",
    saved: "A sütikre vonatkozó választását elmentettük.",
    not_saved: "Választását most nem sikerült menteni, így semmi sem változott. Kérjük, \
                próbálja újra egy kis idő múlva.",
    receipt_heading: "Az Ön hozzájárulásának nyilvántartása",
    receipt_id: "Hozzájárulás azonosítója",
    receipt_time: "Rögzítés időpontja",
    receipt_revision: "Sütikezelési szabályzat verziója",
    receipt_allowed: "Engedélyezve",
    receipt_missing: "Nem találtunk nyilvántartást arról, hogy ebből a böngészőből választás \
                      történt volna.",
    consent_cookie_purpose: "Megjegyzi a sütikre vonatkozó választását, hogy ne kelljen minden \
                             oldalon megkérdeznünk.",
    consent_cookie_duration: "{days} nap",
    necessary_label: "Feltétlenül szükséges",
    necessary_purpose: "Ezek a sütik nélkülözhetetlenek a webhelyen való navigáláshoz és \
                            funkcióinak, például a bejelentkezésnek a használatához. Nélkülük \
                            az Ön által kért szolgáltatások nem nyújthatók.",
    functionality_label: "Funkcionalitás",
    functionality_purpose: "Ezek a sütik megjegyzik az Ön választásait, és \
                                továbbfejlesztett, személyre szabottabb funkciókat \
                                biztosítanak.",
    performance_label: "Teljesítmény",
    performance_purpose: "Ezek a sütik információt gyűjtenek arról, hogyan használja a \
                              webhelyet, például mely oldalakat látogatja a leggyakrabban, hogy \
                              javíthassuk a működését.",
    advertising_label: "Hirdetés és követés",
    advertising_purpose: "Ezek a sütik megmutatják, hol látta a hirdetéseinket, mérik, \
                              mennyire hatékonyak a kampányaink, és korlátozzák, milyen gyakran \
                              lát egy hirdetést.",
    error_cross_site: "A sütikre vonatkozó választás csak a webhely saját oldalairól menthető.",
    error_bad_form: "A sütiválasztási űrlapot nem sikerült beolvasni.",
    error_timeout: "A sütiválasztási űrlap megérkezése túl sokáig tartott.",
    error_too_large: "A sütiválasztási űrlap túl nagy volt.",
    error_media_type: "A sütikre vonatkozó választást űrlapként vagy JSON formátumban kell \
                       elküldeni.",
    error_method: "Ez a cím csak a sütikre vonatkozó választás megjelenítésére és mentésére \
                   szolgál.",
    receipt_intro: "Ez az a nyilvántartás, amelyet a választásáról vezetünk.",
    receipt_refused: "Elutasítva",
    receipt_none: "nincs",
    receipt_json_link: "Ez a nyilvántartás JSON formátumban",
    receipt_unavailable: "Az Ön nyilvántartása jelenleg nem jeleníthető meg. Kérjük, próbálja \
                          újra később.",
    not_saved_title: "Választását nem sikerült menteni",
    not_saved_back: "Vissza az oldalra",
    not_saved_retry: "Újrapróbálkozás",
    error_too_many: "Innen rövid idő alatt túl sok sütiválasztás érkezett, ezért ezt nem \
                     mentettük. Kérjük, próbálja újra később.",
    placeholder_title: "Beágyazott tartalom",
    placeholder_from: "Tartalom innen: {provider}",
    placeholder_needs: "Ez a tartalom nem jelenik meg, mert olyan kategóriába tartozó sütiket igényel, amelyet nem engedélyezett: {category}.",
    placeholder_sets: "Ebbe a kategóriába tartozó sütik: {cookies}.",
    placeholder_allow: "Ezeknek a sütiknek az engedélyezése és a tartalom megjelenítése",
};
