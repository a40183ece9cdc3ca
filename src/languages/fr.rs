//! French (Français), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const FR: Translation = Translation {
    lang: "fr",
    name: "Français",
    title: "Les cookies sur ce site",
    statement: "Nous utilisons des cookies strictement nécessaires au fonctionnement de ce \
                site. Nous aimerions aussi déposer des cookies facultatifs, mais seulement si \
                vous êtes d'accord. Vous pouvez tous les accepter ou tous les refuser, ou \
                choisir par catégorie, et changer d'avis à tout moment.",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    customize: "Personnaliser",
    categories_legend: "Choisissez les cookies à autoriser",
    save: "Enregistrer mes choix",
    policy_link: "Politique relative aux cookies",
    settings_link: "Paramètres des cookies",
    always_on: "Toujours actifs",
    cookies_in_category: "Cookies",
    policy_changed: "Notre politique relative aux cookies a changé depuis votre dernier choix, \
                     c'est pourquoi nous vous reposons la question.",
    choice_expired: "Votre dernier choix remonte à un certain temps, c'est pourquoi nous vous \
                     reposons la question.",
    shared_with: "Partagés avec",
    gpc_honoured: "Signal de préférence de refus respecté",
    gpc_accept_all: "Votre navigateur envoie un signal de préférence de refus, donc \
                     «\u{a0}Tout accepter\u{a0}» laisse ces catégories désactivées\u{a0}: \
                     {categories}. Pour les autoriser, cochez-les sous \
                     «\u{a0}Personnaliser\u{a0}».",
    on_unless_objected: "Utilisés uniquement pour des statistiques ou pour l'apparence du \
                         site\u{a0}: actifs, sauf si vous vous y opposez.",
    object: "S'opposer",
    opt_out_title: "Vos choix en matière de confidentialité",
    opt_out_statement: "Ce site utilise des cookies. Certains partagent des informations sur votre visite avec des partenaires publicitaires, ce que certaines lois considèrent comme une vente ou un partage de vos données personnelles. Vous pouvez y mettre fin d'un clic, à tout moment.",
    do_not_sell: "Ne pas vendre ni partager mes informations personnelles",
    opt_out_continue: "Continuer",
    controller_line: "Ce site est exploité par {controller}, qui décide de l'utilisation de vos informations.",
    preferences_title: "Paramètres des cookies",
    preferences_intro: "Choisissez les cookies facultatifs que ce site peut déposer. Les \
                        cookies strictement nécessaires sont toujours actifs. Votre choix \
                        s'applique à partir de la prochaine page que vous chargez.",
    no_choice_yet: "Vous n'avez pas encore fait de choix\u{a0}: seuls les cookies strictement \
                    nécessaires sont déposés.",
    current_choice: "Actuellement autorisés\u{a0}:",
    table_caption: "Cookies utilisés par ce site",
    table_headings: ["Cookie", "Catégorie", "Finalité", "Durée", "Fournisseur"],
    back: "Retour au site",
    saved: "Vos choix en matière de cookies ont été enregistrés.",
    not_saved: "Votre choix n'a pas pu être enregistré pour le moment, donc rien n'a changé. \
                Veuillez réessayer dans un instant.",
    receipt_heading: "Enregistrement de votre consentement",
    receipt_id: "Identifiant du consentement",
    receipt_time: "Enregistré le",
    receipt_revision: "Version de la politique relative aux cookies",
    receipt_allowed: "Autorisés",
    receipt_missing: "Nous n'avons trouvé aucun enregistrement d'un choix fait depuis ce \
                      navigateur.",
    consent_cookie_purpose: "Mémorise vos choix en matière de cookies, pour ne pas vous les \
                             redemander à chaque page.",
    consent_cookie_duration: "{days} jours",
    necessary_label: "Strictement nécessaires",
    necessary_purpose: "Ces cookies sont indispensables pour naviguer sur le site et \
                            utiliser ses fonctionnalités, comme la connexion. Sans eux, les \
                            services que vous avez demandés ne peuvent pas être fournis.",
    functionality_label: "Fonctionnalité",
    functionality_purpose: "Ces cookies mémorisent les choix que vous faites et offrent des \
                                fonctionnalités améliorées et plus personnelles.",
    performance_label: "Performance",
    performance_purpose: "Ces cookies recueillent des informations sur la façon dont vous \
                              utilisez le site, par exemple les pages que vous consultez le \
                              plus souvent, afin que nous puissions améliorer son \
                              fonctionnement.",
    advertising_label: "Publicité et suivi",
    advertising_purpose: "Ces cookies indiquent où vous avez vu nos publicités, mesurent \
                              l'efficacité de nos campagnes et limitent le nombre de fois où \
                              vous voyez une publicité.",
    error_cross_site: "Les choix en matière de cookies ne peuvent être enregistrés que depuis \
                       les propres pages de ce site.",
    error_bad_form: "Le formulaire de choix des cookies n'a pas pu être lu.",
    error_timeout: "Le formulaire de choix des cookies a mis trop de temps à arriver.",
    error_too_large: "Le formulaire de choix des cookies était trop volumineux.",
    error_media_type: "Les choix en matière de cookies doivent être envoyés sous forme de \
                       formulaire ou en JSON.",
    error_method: "Cette adresse sert uniquement à afficher et à enregistrer les choix en \
                   matière de cookies.",
    receipt_intro: "Voici l'enregistrement que nous conservons de votre choix.",
    receipt_refused: "Refusés",
    receipt_none: "aucun",
    receipt_json_link: "Cet enregistrement au format JSON",
    receipt_unavailable: "Votre enregistrement ne peut pas être affiché pour le moment. Veuillez \
                          réessayer plus tard.",
    not_saved_title: "Votre choix n'a pas pu être enregistré",
    not_saved_back: "Retour à la page",
    not_saved_retry: "Réessayer",
    error_too_many: "Trop de choix de cookies ont été envoyés d'ici en peu de temps, \
                     celui-ci n'a donc pas été enregistré. Veuillez réessayer plus tard.",
    placeholder_title: "Contenu intégré",
    placeholder_from: "Contenu de {provider}",
    placeholder_needs: "Ce contenu n'est pas affiché, car il a besoin de cookies d'une catégorie que vous n'avez pas autorisée\u{a0}: {category}.",
    placeholder_sets: "Cookies de cette catégorie\u{a0}: {cookies}.",
    placeholder_allow: "Autoriser ces cookies et afficher le contenu",
};
