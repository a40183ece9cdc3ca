//! Polish (Polski), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const PL: Translation = Translation {
    lang: "pl",
    name: "Polski",
    title: "Pliki cookie na tej stronie",
    statement: "Używamy niezbędnych plików cookie, aby ta strona działała. Chcielibyśmy też \
                zapisywać opcjonalne pliki cookie, ale tylko wtedy, gdy się na to zgodzisz. \
                Możesz zaakceptować lub odrzucić wszystkie albo wybrać według kategorii, a \
                także w każdej chwili zmienić zdanie.",
    accept_all: "Zaakceptuj wszystkie",
    reject_all: "Odrzuć wszystkie",
    customize: "Dostosuj",
    categories_legend: "Wybierz, na które pliki cookie pozwalasz",
    save: "Zapisz mój wybór",
    policy_link: "Polityka plików cookie",
    settings_link: "Ustawienia plików cookie",
    always_on: "Zawsze włączone",
    cookies_in_category: "Pliki cookie",
    policy_changed: "Od Twojego ostatniego wyboru nasza polityka plików cookie się zmieniła, \
                     dlatego pytamy ponownie.",
    choice_expired: "Od Twojego ostatniego wyboru minęło trochę czasu, dlatego pytamy ponownie.",
    shared_with: "Udostępniane podmiotom",
    gpc_honoured: "Uwzględniono sygnał preferencji typu opt-out z przeglądarki",
    gpc_accept_all: "Twoja przeglądarka wysyła sygnał preferencji typu opt-out, dlatego \
                     „Zaakceptuj wszystkie” pozostawia te kategorie wyłączone: {categories}. Aby \
                     na nie pozwolić, zaznacz je w sekcji „Dostosuj”.",
    on_unless_objected: "Używane tylko do statystyk lub wyglądu strony: włączone, chyba że \
                         zgłosisz sprzeciw.",
    object: "Zgłoś sprzeciw",
    opt_out_title: "Twoje wybory dotyczące prywatności",
    opt_out_statement: "Ta witryna używa plików cookie. Niektóre z nich udostępniają informacje o Twojej wizycie partnerom reklamowym, co niektóre przepisy uznają za sprzedaż lub udostępnianie Twoich danych osobowych. Możesz to zatrzymać jednym kliknięciem, w dowolnej chwili.",
    do_not_sell: "Nie sprzedawaj ani nie udostępniaj moich danych osobowych",
    opt_out_continue: "Dalej",
    controller_line: "Tę witrynę prowadzi {controller}, który decyduje, jak wykorzystywane są Twoje informacje.",
    preferences_title: "Ustawienia plików cookie",
    preferences_intro: "Wybierz, które opcjonalne pliki cookie może zapisywać ta strona. \
                        Niezbędne pliki cookie są zawsze włączone. Twój wybór obowiązuje od \
                        następnej wczytanej strony.",
    no_choice_yet: "Nie masz jeszcze zapisanego wyboru: zapisywane są tylko niezbędne pliki \
                    cookie.",
    current_choice: "Obecnie dozwolone:",
    table_caption: "Pliki cookie używane na tej stronie",
    table_headings: [
        "Plik cookie",
        "Kategoria",
        "Cel",
        "Czas przechowywania",
        "Dostawca",
    ],
    back: "Wróć do strony",
    saved: "Twój wybór dotyczący plików cookie został zapisany.",
    not_saved: "Nie udało się teraz zapisać Twojego wyboru, więc nic się nie zmieniło. Spróbuj \
                ponownie za chwilę.",
    receipt_heading: "Zapis Twojej zgody",
    receipt_id: "Identyfikator zgody",
    receipt_time: "Zarejestrowano",
    receipt_revision: "Wersja polityki plików cookie",
    receipt_allowed: "Dozwolone",
    receipt_missing: "Nie znaleźliśmy zapisu wyboru dokonanego w tej przeglądarce.",
    consent_cookie_purpose: "Zapamiętuje Twój wybór dotyczący plików cookie, abyśmy nie pytali \
                             na każdej stronie.",
    consent_cookie_duration: "liczba dni: {days}",
    necessary_label: "Niezbędne",
    necessary_purpose: "Te pliki cookie są niezbędne do poruszania się po stronie i \
                            korzystania z jej funkcji, takich jak logowanie. Bez nich nie można \
                            świadczyć usług, o które prosisz.",
    functionality_label: "Funkcjonalność",
    functionality_purpose: "Te pliki cookie zapamiętują Twoje wybory i zapewniają \
                                rozszerzone, bardziej osobiste funkcje.",
    performance_label: "Wydajność",
    performance_purpose: "Te pliki cookie zbierają informacje o tym, jak korzystasz ze \
                              strony, na przykład które podstrony odwiedzasz najczęściej, \
                              abyśmy mogli ulepszyć jej działanie.",
    advertising_label: "Reklama i śledzenie",
    advertising_purpose: "Te pliki cookie pokazują, gdzie nasze reklamy do Ciebie dotarły, \
                              mierzą skuteczność naszych kampanii i ograniczają, jak często \
                              widzisz daną reklamę.",
    error_cross_site: "Wybór dotyczący plików cookie można zapisać tylko z własnych stron tego \
                       serwisu.",
    error_bad_form: "Nie udało się odczytać formularza wyboru plików cookie.",
    error_timeout: "Przesyłanie formularza wyboru plików cookie trwało zbyt długo.",
    error_too_large: "Formularz wyboru plików cookie był zbyt duży.",
    error_media_type: "Wybór dotyczący plików cookie musi zostać wysłany jako formularz lub w \
                       formacie JSON.",
    error_method: "Ten adres służy tylko do wyświetlania i zapisywania wyboru dotyczącego \
                   plików cookie.",
    receipt_intro: "To jest zapis Twojego wyboru, który przechowujemy.",
    receipt_refused: "Odrzucone",
    receipt_none: "brak",
    receipt_json_link: "Ten zapis w formacie JSON",
    receipt_unavailable: "Nie można teraz wyświetlić Twojego zapisu. Spróbuj ponownie później.",
    not_saved_title: "Nie udało się zapisać Twojego wyboru",
    not_saved_back: "Wróć do poprzedniej strony",
    not_saved_retry: "Spróbuj ponownie",
    error_too_many: "Stąd wysłano zbyt wiele wyborów dotyczących plików cookie w krótkim \
                     czasie, więc ten nie został zapisany. Spróbuj ponownie później.",
    placeholder_title: "Osadzona treść",
    placeholder_from: "Treść z serwisu {provider}",
    placeholder_needs: "Ta treść nie jest wyświetlana, ponieważ wymaga plików cookie z kategorii, na którą nie wyrażono zgody: {category}.",
    placeholder_sets: "Pliki cookie w tej kategorii: {cookies}.",
    placeholder_allow: "Zezwól na te pliki cookie i pokaż treść",
};
