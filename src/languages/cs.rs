//! Czech (Čeština), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const CS: Translation = Translation {
    lang: "cs",
    name: "Čeština",
    title: "Soubory cookie na tomto webu",
    statement: "Používáme nezbytně nutné soubory cookie, aby tento web fungoval. Rádi bychom \
                také ukládali volitelné soubory cookie, ale jen pokud s tím souhlasíte. Můžete \
                je všechny přijmout nebo všechny odmítnout, případně vybrat podle kategorií, a \
                svůj názor můžete kdykoli změnit.",
    accept_all: "Přijmout vše",
    reject_all: "Odmítnout vše",
    customize: "Přizpůsobit",
    categories_legend: "Vyberte, které soubory cookie povolíte",
    save: "Uložit moji volbu",
    policy_link: "Zásady používání souborů cookie",
    settings_link: "Nastavení souborů cookie",
    always_on: "Vždy zapnuto",
    cookies_in_category: "Soubory cookie",
    policy_changed: "Od vaší poslední volby se naše zásady používání souborů cookie změnily, \
                     proto se ptáme znovu.",
    choice_expired: "Od vaší poslední volby už uplynula nějaká doba, proto se ptáme znovu.",
    shared_with: "Sdíleno s",
    gpc_honoured: "Signál nesouhlasu z prohlížeče respektován",
    gpc_accept_all: "Váš prohlížeč odesílá signál nesouhlasu, proto „Přijmout vše“ ponechá tyto \
                     kategorie vypnuté: {categories}. Chcete-li je povolit, zaškrtněte je v \
                     části „Přizpůsobit“.",
    on_unless_objected: "Používají se jen pro statistiku nebo pro vzhled webu: zapnuto, pokud \
                         nevznesete námitku.",
    object: "Vznést námitku",
    opt_out_title: "Vaše volby ochrany soukromí",
    opt_out_statement: "Tento web používá cookies. Některé z nich sdílejí informace o vaší návštěvě s reklamními partnery, což některé zákony považují za prodej nebo sdílení vašich osobních údajů. Můžete to kdykoli zastavit jedním kliknutím.",
    do_not_sell: "Neprodávat ani nesdílet mé osobní údaje",
    opt_out_continue: "Pokračovat",
    controller_line: "Tento web provozuje {controller}, který rozhoduje o tom, jak se vaše údaje používají.",
    preferences_title: "Nastavení souborů cookie",
    preferences_intro: "Vyberte, které volitelné soubory cookie smí tento web ukládat. Nezbytně \
                        nutné soubory cookie jsou vždy zapnuté. Vaše volba platí od příští \
                        stránky, kterou načtete.",
    no_choice_yet: "Zatím jste nic nezvolili: ukládají se jen nezbytně nutné soubory cookie.",
    current_choice: "Nyní povoleno:",
    table_caption: "Soubory cookie, které tento web používá",
    table_headings: [
        "Soubor cookie",
        "Kategorie",
        "Účel",
        "Doba platnosti",
        "Poskytovatel",
    ],
    back: "Zpět na web",
    saved: "Vaše volba souborů cookie byla uložena.",
    not_saved: "Vaši volbu se teď nepodařilo uložit, takže se nic nezměnilo. Zkuste to prosím \
                za chvíli znovu.",
    receipt_heading: "Záznam o vašem souhlasu",
    receipt_id: "ID souhlasu",
    receipt_time: "Zaznamenáno",
    receipt_revision: "Verze zásad používání souborů cookie",
    receipt_allowed: "Povoleno",
    receipt_missing: "Nenašli jsme žádný záznam o volbě z tohoto prohlížeče.",
    consent_cookie_purpose: "Pamatuje si vaši volbu souborů cookie, abychom se nemuseli ptát na \
                             každé stránce.",
    consent_cookie_duration: "počet dní: {days}",
    necessary_label: "Nezbytně nutné",
    necessary_purpose: "Tyto soubory cookie jsou nezbytné k pohybu po webu a používání jeho \
                            funkcí, například přihlášení. Bez nich nelze poskytovat služby, o \
                            které jste požádali.",
    functionality_label: "Funkčnost",
    functionality_purpose: "Tyto soubory cookie si pamatují vaše volby a poskytují \
                                rozšířené, osobnější funkce.",
    performance_label: "Výkon",
    performance_purpose: "Tyto soubory cookie shromažďují informace o tom, jak web \
                              používáte, například které stránky navštěvujete nejčastěji, \
                              abychom mohli zlepšit jeho fungování.",
    advertising_label: "Reklama a sledování",
    advertising_purpose: "Tyto soubory cookie ukazují, kde se vám zobrazily naše reklamy, \
                              měří, jak dobře fungují naše kampaně, a omezují, jak často se vám \
                              reklama zobrazuje.",
    error_cross_site: "Volbu souborů cookie lze uložit jen z vlastních stránek tohoto webu.",
    error_bad_form: "Formulář s volbou souborů cookie se nepodařilo přečíst.",
    error_timeout: "Doručení formuláře s volbou souborů cookie trvalo příliš dlouho.",
    error_too_large: "Formulář s volbou souborů cookie byl příliš velký.",
    error_media_type: "Volbu souborů cookie je nutné odeslat jako formulář nebo jako JSON.",
    error_method: "Tato adresa slouží jen k zobrazení a uložení volby souborů cookie.",
    receipt_intro: "Toto je záznam, který o vaší volbě uchováváme.",
    receipt_refused: "Odmítnuto",
    receipt_none: "žádné",
    receipt_json_link: "Tento záznam ve formátu JSON",
    receipt_unavailable: "Váš záznam teď nelze zobrazit. Zkuste to prosím později znovu.",
    not_saved_title: "Vaši volbu se nepodařilo uložit",
    not_saved_back: "Zpět na stránku",
    not_saved_retry: "Zkusit znovu",
    error_too_many: "Odsud bylo v krátké době odesláno příliš mnoho voleb cookies, proto \
                     tato nebyla uložena. Zkuste to prosím později.",
    placeholder_title: "Vložený obsah",
    placeholder_from: "Obsah ze služby {provider}",
    placeholder_needs: "Tento obsah se nezobrazuje, protože potřebuje soubory cookie z kategorie, kterou jste nepovolili: {category}.",
    placeholder_sets: "Soubory cookie v této kategorii: {cookies}.",
    placeholder_allow: "Povolit tyto soubory cookie a zobrazit obsah",
};
