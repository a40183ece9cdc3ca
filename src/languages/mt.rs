//! Maltese (Malti), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const MT: Translation = Translation {
    lang: "mt",
    name: "Malti",
    title: "Cookies fuq dan is-sit",
    statement: "Nużaw cookies strettament meħtieġa biex dan is-sit jaħdem. Nixtiequ nużaw ukoll \
                cookies fakultattivi, iżda biss jekk taqbel. Tista' taċċettahom jew \
                tirrifjutahom kollha, jew tagħżel skont il-kategorija, u tbiddel fehmtek fi \
                kwalunkwe ħin.",
    accept_all: "Aċċetta kollox",
    reject_all: "Irrifjuta kollox",
    customize: "Ippersonalizza",
    categories_legend: "Agħżel liema cookies tippermetti",
    save: "Salva l-għażliet",
    policy_link: "Politika dwar il-cookies",
    settings_link: "Issettjar tal-cookies",
    always_on: "Dejjem attivi",
    cookies_in_category: "Cookies",
    policy_changed: "Il-politika tagħna dwar il-cookies inbidlet minn meta għażilt l-aħħar \
                     darba, għalhekk qed nerġgħu nistaqsuk.",
    choice_expired: "Għadda xi żmien minn meta għażilt l-aħħar darba, għalhekk qed nerġgħu \
                     nistaqsuk.",
    shared_with: "Maqsuma ma'",
    gpc_honoured: "Is-sinjal ta' rifjut tal-browser huwa rispettat",
    gpc_accept_all: "Il-browser tiegħek jibgħat sinjal ta' rifjut, għalhekk “Aċċetta kollox” \
                     iħalli dawn il-kategoriji mitfija: {categories}. Biex tippermettihom, \
                     immarkahom taħt “Ippersonalizza”.",
    on_unless_objected: "Użati biss għall-istatistika jew għad-dehra tas-sit: attivi sakemm ma \
                         toġġezzjonax.",
    object: "Oġġezzjona",
    opt_out_title: "L-għażliet tal-privatezza tiegħek",
    opt_out_statement: "Dan is-sit juża l-cookies. Uħud minnhom jaqsmu informazzjoni dwar iż-żjara tiegħek ma' sħab tar-reklamar, li xi liġijiet iqisuha bħala bejgħ jew qsim tad-data personali tiegħek. Tista' twaqqaf dan bi klikk waħda, fi kwalunkwe ħin.",
    do_not_sell: "Tbigħx u taqsamx l-informazzjoni personali tiegħi",
    opt_out_continue: "Kompli",
    controller_line: "Dan is-sit jitmexxa minn {controller}, li jiddeċiedi kif tintuża l-informazzjoni tiegħek.",
    preferences_title: "Issettjar tal-cookies",
    preferences_intro: "Agħżel liema cookies fakultattivi jista' juża dan is-sit. Il-cookies \
                        strettament meħtieġa huma dejjem attivi. L-għażla tiegħek tapplika \
                        mill-paġna li jmiss li ttella'.",
    no_choice_yet: "Għadek ma għamiltx għażla: jintużaw biss cookies strettament meħtieġa.",
    current_choice: "Permessi bħalissa:",
    table_caption: "Cookies li juża dan is-sit",
    table_headings: ["Cookie", "Kategorija", "Skop", "Tul ta' żmien", "Fornitur"],
    back: "Lura għas-sit",
    saved: "L-għażliet tiegħek dwar il-cookies ġew salvati.",
    not_saved: "L-għażla tiegħek ma setgħetx tiġi salvata issa, għalhekk ma nbidel xejn. Jekk \
                jogħġbok erġa' pprova fi ftit mumenti.",
    receipt_heading: "Ir-rekord tal-kunsens tiegħek",
    receipt_id: "ID tal-kunsens",
    receipt_time: "Irreġistrat",
    receipt_revision: "Verżjoni tal-politika dwar il-cookies",
    receipt_allowed: "Permessi",
    receipt_missing: "Ma sibna l-ebda rekord ta' għażla minn dan il-browser.",
    consent_cookie_purpose: "Jiftakar l-għażliet tiegħek dwar il-cookies, biex ma nistaqsukx \
                             f'kull paġna.",
    consent_cookie_duration: "numru ta' jiem: {days}",
    necessary_label: "Strettament meħtieġa",
    necessary_purpose: "Dawn il-cookies huma essenzjali biex tiċċaqlaq fis-sit u tuża \
                            l-funzjonijiet tiegħu, bħad-dħul fil-kont. Mingħajrhom, is-servizzi \
                            li tlabt ma jistgħux jiġu pprovduti.",
    functionality_label: "Funzjonalità",
    functionality_purpose: "Dawn il-cookies jiftakru l-għażliet li tagħmel u jipprovdu \
                                funzjonijiet imtejba u aktar personali.",
    performance_label: "Prestazzjoni",
    performance_purpose: "Dawn il-cookies jiġbru informazzjoni dwar kif tuża s-sit, \
                              pereżempju liema paġni tżur l-aktar spiss, biex inkunu nistgħu \
                              ntejbu kif jaħdem.",
    advertising_label: "Reklamar u traċċar",
    advertising_purpose: "Dawn il-cookies juru fejn rajt ir-reklami tagħna, ikejlu kemm qed \
                              jaħdmu tajjeb il-kampanji tagħna u jillimitaw kemm-il darba tara \
                              reklam.",
    error_cross_site: "L-għażliet dwar il-cookies jistgħu jiġu salvati biss mill-paġni ta' dan \
                       is-sit stess.",
    error_bad_form: "Il-formola tal-għażla tal-cookies ma setgħetx tinqara.",
    error_timeout: "Il-formola tal-għażla tal-cookies damet wisq biex waslet.",
    error_too_large: "Il-formola tal-għażla tal-cookies kienet kbira wisq.",
    error_media_type: "L-għażliet dwar il-cookies iridu jintbagħtu bħala formola jew bħala JSON.",
    error_method: "Dan l-indirizz juri u jsalva biss l-għażliet dwar il-cookies.",
    receipt_intro: "Dan huwa r-rekord li nżommu tal-għażla tiegħek.",
    receipt_refused: "Rifjutati",
    receipt_none: "xejn",
    receipt_json_link: "Dan ir-rekord f'format JSON",
    receipt_unavailable: "Ir-rekord tiegħek ma jistax jintwera bħalissa. Jekk jogħġbok erġa' \
                          pprova aktar tard.",
    not_saved_title: "L-għażla tiegħek ma setgħetx tiġi salvata",
    not_saved_back: "Lura għall-paġna",
    not_saved_retry: "Erġa' pprova",
    error_too_many: "Intbagħtu wisq għażliet tal-cookies minn hawn fi ftit ħin, għalhekk din \
                     ma ġietx issejvjata. Erġa' pprova aktar tard.",
    placeholder_title: "Kontenut inkorporat",
    placeholder_from: "Kontenut minn {provider}",
    placeholder_needs: "Dan il-kontenut mhuwiex muri għax jeħtieġ cookies minn kategorija li ma ppermettejtx: {category}.",
    placeholder_sets: "Cookies f'din il-kategorija: {cookies}.",
    placeholder_allow: "Ippermetti dawn il-cookies u uri l-kontenut",
};
