//! Italian (Italiano), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const IT: Translation = Translation {
    lang: "it",
    name: "Italiano",
    title: "Cookie su questo sito",
    statement: "Usiamo cookie strettamente necessari per far funzionare questo sito. Vorremmo \
                anche installare cookie facoltativi, ma solo se è d'accordo. Può accettarli o \
                rifiutarli tutti, oppure scegliere per categoria, e cambiare idea in qualsiasi \
                momento.",
    accept_all: "Accetta tutti",
    reject_all: "Rifiuta tutti",
    customize: "Personalizza",
    categories_legend: "Scelga quali cookie consentire",
    save: "Salva le mie scelte",
    policy_link: "Informativa sui cookie",
    settings_link: "Impostazioni dei cookie",
    always_on: "Sempre attivi",
    cookies_in_category: "Cookie",
    policy_changed: "La nostra informativa sui cookie è cambiata dall'ultima volta che ha \
                     scelto, quindi glielo chiediamo di nuovo.",
    choice_expired: "È passato un po' di tempo dall'ultima volta che ha scelto, quindi glielo \
                     chiediamo di nuovo.",
    shared_with: "Condivisi con",
    gpc_honoured: "Segnale di preferenza di opt-out rispettato",
    gpc_accept_all: "Il suo browser invia un segnale di preferenza di opt-out, quindi \
                     «Accetta tutti» lascia disattivate queste categorie: {categories}. Per \
                     consentirle, le selezioni in «Personalizza».",
    on_unless_objected: "Usati solo per statistiche o per l'aspetto del sito: attivi, a meno \
                         che non si opponga.",
    object: "Mi oppongo",
    opt_out_title: "Le tue scelte sulla privacy",
    opt_out_statement: "Questo sito usa cookie. Alcuni condividono informazioni sulla tua visita con partner pubblicitari, cosa che alcune leggi considerano vendita o condivisione dei tuoi dati personali. Puoi impedirlo con un clic, in qualsiasi momento.",
    do_not_sell: "Non vendere né condividere i miei dati personali",
    opt_out_continue: "Continua",
    controller_line: "Questo sito è gestito da {controller}, che decide come vengono usate le tue informazioni.",
    preferences_title: "Impostazioni dei cookie",
    preferences_intro: "Scelga quali cookie facoltativi questo sito può installare. I cookie \
                        strettamente necessari sono sempre attivi. La sua scelta vale dalla \
                        prossima pagina che carica.",
    no_choice_yet: "Non ha ancora fatto una scelta: vengono installati solo i cookie \
                    strettamente necessari.",
    current_choice: "Attualmente consentiti:",
    table_caption: "Cookie usati da questo sito",
    table_headings: ["Cookie", "Categoria", "Finalità", "Durata", "Fornitore"],
    back: "Torna al sito",
    saved: "Le sue scelte sui cookie sono state salvate.",
    not_saved: "Non è stato possibile salvare la sua scelta in questo momento, quindi non è \
                cambiato nulla. Riprovi tra poco.",
    receipt_heading: "La registrazione del suo consenso",
    receipt_id: "ID del consenso",
    receipt_time: "Registrato il",
    receipt_revision: "Versione dell'informativa sui cookie",
    receipt_allowed: "Consentiti",
    receipt_missing: "Non abbiamo trovato alcuna registrazione di una scelta fatta da questo \
                      browser.",
    consent_cookie_purpose: "Ricorda le sue scelte sui cookie, così non dobbiamo chiedere a \
                             ogni pagina.",
    consent_cookie_duration: "{days} giorni",
    necessary_label: "Strettamente necessari",
    necessary_purpose: "Questi cookie sono indispensabili per navigare nel sito e usarne le \
                            funzioni, come l'accesso. Senza di essi non è possibile fornire i \
                            servizi che ha richiesto.",
    functionality_label: "Funzionalità",
    functionality_purpose: "Questi cookie ricordano le scelte che fa e offrono funzioni \
                                avanzate e più personali.",
    performance_label: "Prestazioni",
    performance_purpose: "Questi cookie raccolgono informazioni su come usa il sito, ad \
                              esempio quali pagine visita più spesso, per permetterci di \
                              migliorarne il funzionamento.",
    advertising_label: "Pubblicità e tracciamento",
    advertising_purpose: "Questi cookie mostrano dove ha visto i nostri annunci, misurano \
                              l'efficacia delle nostre campagne e limitano quante volte vede un \
                              annuncio.",
    error_cross_site: "Le scelte sui cookie possono essere salvate solo dalle pagine di questo \
                       sito stesso.",
    error_bad_form: "Non è stato possibile leggere il modulo di scelta dei cookie.",
    error_timeout: "Il modulo di scelta dei cookie ha impiegato troppo tempo ad arrivare.",
    error_too_large: "Il modulo di scelta dei cookie era troppo grande.",
    error_media_type: "Le scelte sui cookie devono essere inviate come modulo o come JSON.",
    error_method: "Questo indirizzo serve solo a mostrare e salvare le scelte sui cookie.",
    receipt_intro: "Questa è la registrazione che conserviamo della sua scelta.",
    receipt_refused: "Rifiutati",
    receipt_none: "nessuno",
    receipt_json_link: "Questa registrazione in formato JSON",
    receipt_unavailable: "La sua registrazione non può essere mostrata in questo momento. Riprovi \
                          più tardi.",
    not_saved_title: "Non è stato possibile salvare la sua scelta",
    not_saved_back: "Torna alla pagina",
    not_saved_retry: "Riprova",
    error_too_many: "Da qui sono state inviate troppe scelte sui cookie in poco tempo, \
                     quindi questa non è stata salvata. Riprova più tardi.",
    placeholder_title: "Contenuto incorporato",
    placeholder_from: "Contenuto di {provider}",
    placeholder_needs: "Questo contenuto non viene mostrato perché richiede cookie di una categoria che non ha consentito: {category}.",
    placeholder_sets: "Cookie di questa categoria: {cookies}.",
    placeholder_allow: "Consenti questi cookie e mostra il contenuto",
};
