//! Portuguese (Português), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const PT: Translation = Translation {
    lang: "pt",
    name: "Português",
    title: "Cookies neste site",
    statement: "Utilizamos cookies estritamente necessários para que este site funcione. Também \
                gostaríamos de instalar cookies opcionais, mas apenas se concordar. Pode \
                aceitá-los ou rejeitá-los todos, ou escolher por categoria, e mudar de ideias a \
                qualquer momento.",
    accept_all: "Aceitar todos",
    reject_all: "Rejeitar todos",
    customize: "Personalizar",
    categories_legend: "Escolha os cookies que permite",
    save: "Guardar escolhas",
    policy_link: "Política de cookies",
    settings_link: "Definições de cookies",
    always_on: "Sempre ativos",
    cookies_in_category: "Cookies",
    policy_changed: "A nossa política de cookies mudou desde a sua última escolha, por isso \
                     voltamos a perguntar.",
    choice_expired: "Já passou algum tempo desde a sua última escolha, por isso voltamos a \
                     perguntar.",
    shared_with: "Partilhados com",
    gpc_honoured: "Sinal de preferência de opt-out respeitado",
    gpc_accept_all: "O seu navegador envia um sinal de preferência de opt-out, por isso \
                     «Aceitar todos» deixa estas categorias desativadas: {categories}. Para as \
                     permitir, assinale-as em «Personalizar».",
    on_unless_objected: "Utilizados apenas para estatísticas ou para o aspeto do site: ativos, \
                         a menos que se oponha.",
    object: "Opor-me",
    opt_out_title: "As suas escolhas de privacidade",
    opt_out_statement: "Este site utiliza cookies. Alguns partilham informações sobre a sua visita com parceiros de publicidade, o que algumas leis consideram venda ou partilha dos seus dados pessoais. Pode impedi-lo com um clique, a qualquer momento.",
    do_not_sell: "Não vender nem partilhar as minhas informações pessoais",
    opt_out_continue: "Continuar",
    controller_line: "Este site é gerido por {controller}, que decide como as suas informações são utilizadas.",
    preferences_title: "Definições de cookies",
    preferences_intro: "Escolha os cookies opcionais que este site pode instalar. Os cookies \
                        estritamente necessários estão sempre ativos. A sua escolha aplica-se a \
                        partir da próxima página que carregar.",
    no_choice_yet: "Ainda não fez uma escolha: apenas são instalados os cookies estritamente \
                    necessários.",
    current_choice: "Atualmente permitidos:",
    table_caption: "Cookies utilizados por este site",
    table_headings: ["Cookie", "Categoria", "Finalidade", "Duração", "Fornecedor"],
    back: "Voltar ao site",
    saved: "As suas escolhas de cookies foram guardadas.",
    not_saved: "Não foi possível guardar a sua escolha neste momento, por isso nada mudou. \
                Tente novamente daqui a pouco.",
    receipt_heading: "O seu registo de consentimento",
    receipt_id: "ID do consentimento",
    receipt_time: "Registado em",
    receipt_revision: "Versão da política de cookies",
    receipt_allowed: "Permitidos",
    receipt_missing: "Não encontrámos nenhum registo de uma escolha feita a partir deste \
                      navegador.",
    consent_cookie_purpose: "Memoriza as suas escolhas de cookies, para não termos de perguntar \
                             em cada página.",
    consent_cookie_duration: "{days} dias",
    necessary_label: "Estritamente necessários",
    necessary_purpose: "Estes cookies são essenciais para navegar no site e utilizar as \
                            suas funcionalidades, como iniciar sessão. Sem eles, os serviços \
                            que pediu não podem ser prestados.",
    functionality_label: "Funcionalidade",
    functionality_purpose: "Estes cookies memorizam as escolhas que faz e oferecem \
                                funcionalidades melhoradas e mais personalizadas.",
    performance_label: "Desempenho",
    performance_purpose: "Estes cookies recolhem informações sobre a forma como utiliza o \
                              site, por exemplo as páginas que visita com mais frequência, para \
                              que possamos melhorar o seu funcionamento.",
    advertising_label: "Publicidade e rastreamento",
    advertising_purpose: "Estes cookies mostram onde viu os nossos anúncios, medem a \
                              eficácia das nossas campanhas e limitam o número de vezes que vê \
                              um anúncio.",
    error_cross_site: "As escolhas de cookies só podem ser guardadas a partir das próprias \
                       páginas deste site.",
    error_bad_form: "Não foi possível ler o formulário de escolha de cookies.",
    error_timeout: "O formulário de escolha de cookies demorou demasiado tempo a chegar.",
    error_too_large: "O formulário de escolha de cookies era demasiado grande.",
    error_media_type: "As escolhas de cookies têm de ser enviadas como formulário ou como JSON.",
    error_method: "Este endereço apenas mostra e guarda escolhas de cookies.",
    receipt_intro: "Este é o registo que guardamos da sua escolha.",
    receipt_refused: "Rejeitados",
    receipt_none: "nenhum",
    receipt_json_link: "Este registo em formato JSON",
    receipt_unavailable: "Não é possível mostrar o seu registo neste momento. Tente novamente \
                          mais tarde.",
    not_saved_title: "Não foi possível guardar a sua escolha",
    not_saved_back: "Voltar à página",
    not_saved_retry: "Tentar novamente",
    error_too_many: "Foram enviadas daqui demasiadas escolhas de cookies num curto espaço de \
                     tempo, pelo que esta não foi guardada. Tente novamente mais tarde.",
    placeholder_title: "Conteúdo incorporado",
    placeholder_from: "Conteúdo de {provider}",
    placeholder_needs: "Este conteúdo não é apresentado porque precisa de cookies de uma categoria que não permitiu: {category}.",
    placeholder_sets: "Cookies desta categoria: {cookies}.",
    placeholder_allow: "Permitir estes cookies e mostrar o conteúdo",
};
