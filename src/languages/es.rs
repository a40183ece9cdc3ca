//! Spanish (Español), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const ES: Translation = Translation {
    lang: "es",
    name: "Español",
    title: "Cookies en este sitio",
    statement: "Usamos cookies estrictamente necesarias para que este sitio funcione. También \
                nos gustaría instalar cookies opcionales, pero solo si usted está de acuerdo. \
                Puede aceptarlas o rechazarlas todas, o elegir por categoría, y cambiar de \
                opinión en cualquier momento.",
    accept_all: "Aceptar todas",
    reject_all: "Rechazar todas",
    customize: "Personalizar",
    categories_legend: "Elija qué cookies permitir",
    save: "Guardar mis opciones",
    policy_link: "Política de cookies",
    settings_link: "Configuración de cookies",
    always_on: "Siempre activas",
    cookies_in_category: "Cookies",
    policy_changed: "Nuestra política de cookies ha cambiado desde su última elección, así que \
                     volvemos a preguntarle.",
    choice_expired: "Ha pasado un tiempo desde su última elección, así que volvemos a \
                     preguntarle.",
    shared_with: "Compartidas con",
    gpc_honoured: "Señal de preferencia de exclusión respetada",
    gpc_accept_all: "Su navegador envía una señal de preferencia de exclusión, por lo que \
                     «Aceptar todas» deja desactivadas estas categorías: {categories}. Para \
                     permitirlas, márquelas en «Personalizar».",
    on_unless_objected: "Se usan solo para estadísticas o para el aspecto del sitio: activas \
                         salvo que usted se oponga.",
    object: "Oponerse",
    opt_out_title: "Sus opciones de privacidad",
    opt_out_statement: "Este sitio usa cookies. Algunas comparten información sobre su visita con socios publicitarios, lo que algunas leyes consideran venta o cesión de sus datos personales. Puede impedirlo con un clic, en cualquier momento.",
    do_not_sell: "No vender ni compartir mi información personal",
    opt_out_continue: "Continuar",
    controller_line: "Este sitio lo gestiona {controller}, que decide cómo se usa su información.",
    preferences_title: "Configuración de cookies",
    preferences_intro: "Elija qué cookies opcionales puede instalar este sitio. Las cookies \
                        estrictamente necesarias están siempre activas. Su elección se aplica a \
                        partir de la próxima página que cargue.",
    no_choice_yet: "Todavía no ha elegido: solo se instalan las cookies estrictamente necesarias.",
    current_choice: "Permitidas actualmente:",
    table_caption: "Cookies que usa este sitio",
    table_headings: ["Cookie", "Categoría", "Finalidad", "Duración", "Proveedor"],
    back: "Volver al sitio",
    saved: "Sus opciones de cookies se han guardado.",
    not_saved: "No se ha podido guardar su elección en este momento, así que no ha cambiado \
                nada. Vuelva a intentarlo dentro de un momento.",
    receipt_heading: "Su registro de consentimiento",
    receipt_id: "ID de consentimiento",
    receipt_time: "Registrado el",
    receipt_revision: "Versión de la política de cookies",
    receipt_allowed: "Permitidas",
    receipt_missing: "No hemos encontrado ningún registro de una elección hecha desde este \
                      navegador.",
    consent_cookie_purpose: "Recuerda sus opciones de cookies, para no preguntarle en cada \
                             página.",
    consent_cookie_duration: "{days} días",
    necessary_label: "Estrictamente necesarias",
    necessary_purpose: "Estas cookies son imprescindibles para moverse por el sitio web y \
                            usar sus funciones, como iniciar sesión. Sin ellas no se pueden \
                            prestar los servicios que usted ha solicitado.",
    functionality_label: "Funcionalidad",
    functionality_purpose: "Estas cookies recuerdan las elecciones que usted hace y ofrecen \
                                funciones mejoradas y más personales.",
    performance_label: "Rendimiento",
    performance_purpose: "Estas cookies recogen información sobre cómo usa el sitio web, \
                              por ejemplo qué páginas visita con más frecuencia, para que \
                              podamos mejorar su funcionamiento.",
    advertising_label: "Publicidad y seguimiento",
    advertising_purpose: "Estas cookies muestran dónde vio nuestros anuncios, miden la \
                              eficacia de nuestras campañas y limitan cuántas veces ve un \
                              anuncio.",
    error_cross_site: "Las opciones de cookies solo se pueden guardar desde las propias páginas \
                       de este sitio.",
    error_bad_form: "No se ha podido leer el formulario de opciones de cookies.",
    error_timeout: "El formulario de opciones de cookies ha tardado demasiado en llegar.",
    error_too_large: "El formulario de opciones de cookies era demasiado grande.",
    error_media_type: "Las opciones de cookies deben enviarse como formulario o como JSON.",
    error_method: "Esta dirección solo muestra y guarda opciones de cookies.",
    receipt_intro: "Este es el registro que guardamos de su elección.",
    receipt_refused: "Rechazadas",
    receipt_none: "ninguna",
    receipt_json_link: "Este registro en formato JSON",
    receipt_unavailable: "No se puede mostrar su registro en este momento. Vuelva a intentarlo \
                          más tarde.",
    not_saved_title: "No se ha podido guardar su elección",
    not_saved_back: "Volver a la página",
    not_saved_retry: "Intentar de nuevo",
    error_too_many: "Se han enviado demasiadas elecciones de cookies desde aquí en poco \
                     tiempo, así que esta no se ha guardado. Inténtelo de nuevo más tarde.",
    placeholder_title: "Contenido insertado",
    placeholder_from: "Contenido de {provider}",
    placeholder_needs: "Este contenido no se muestra porque necesita cookies de una categoría que no ha permitido: {category}.",
    placeholder_sets: "Cookies de esta categoría: {cookies}.",
    placeholder_allow: "Permitir estas cookies y mostrar el contenido",
};
