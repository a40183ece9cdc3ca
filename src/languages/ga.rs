//! Irish (Gaeilge), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const GA: Translation = Translation {
    lang: "ga",
    name: "Gaeilge",
    title: "Fianáin ar an suíomh seo",
    statement: "Úsáidimid fianáin atá fíor-riachtanach chun go n-oibreoidh an suíomh seo. Ba \
                mhaith linn fianáin roghnacha a shocrú freisin, ach amháin má aontaíonn tú leis \
                sin. Is féidir leat glacadh leo go léir nó diúltú dóibh go léir, nó roghnú de \
                réir catagóire, agus d'intinn a athrú am ar bith.",
    accept_all: "Glac leo go léir",
    reject_all: "Diúltaigh dóibh go léir",
    customize: "Saincheap",
    categories_legend: "Roghnaigh na fianáin a cheadóidh tú",
    save: "Sábháil mo roghanna",
    policy_link: "Beartas fianán",
    settings_link: "Socruithe fianán",
    always_on: "Ar siúl i gcónaí",
    cookies_in_category: "Fianáin",
    policy_changed: "Tá ár mbeartas fianán athraithe ó rinne tú rogha go deireanach, mar sin \
                     táimid ag fiafraí díot arís.",
    choice_expired: "Tá tamall ann ó rinne tú rogha go deireanach, mar sin táimid ag fiafraí \
                     díot arís.",
    shared_with: "Roinnte le",
    gpc_honoured: "Comhartha diúltaithe an bhrabhsálaí á urramú",
    gpc_accept_all: "Seolann do bhrabhsálaí comhartha diúltaithe, mar sin fágann \
                     “Glac leo go léir” na catagóirí seo múchta: {categories}. Chun iad a \
                     cheadú, cuir tic leo faoi “Saincheap”.",
    on_unless_objected: "Úsáidtear iad le haghaidh staitisticí nó cuma an tsuímh amháin: ar \
                         siúl mura ndéanann tú agóid.",
    object: "Déan agóid",
    opt_out_title: "Do roghanna príobháideachais",
    opt_out_statement: "Úsáideann an suíomh seo fianáin. Roinneann cuid acu faisnéis faoi do chuairt le comhpháirtithe fógraíochta, rud a mheasann roinnt dlíthe a bheith ina dhíol nó ina chomhroinnt ar do shonraí pearsanta. Is féidir leat stop a chur leis sin le cliceáil amháin, am ar bith.",
    do_not_sell: "Ná díol agus ná comhroinn mo shonraí pearsanta",
    opt_out_continue: "Ar aghaidh",
    controller_line: "Is é {controller} a ritheann an suíomh seo, agus is é a chinneann conas a úsáidtear do shonraí.",
    preferences_title: "Socruithe fianán",
    preferences_intro: "Roghnaigh na fianáin roghnacha is féidir leis an suíomh seo a shocrú. \
                        Bíonn fianáin atá fíor-riachtanach ar siúl i gcónaí. Beidh feidhm ag do \
                        rogha ón gcéad leathanach eile a lódálfaidh tú.",
    no_choice_yet: "Níl rogha déanta agat fós: ní shocraítear ach fianáin atá fíor-riachtanach.",
    current_choice: "Ceadaithe faoi láthair:",
    table_caption: "Fianáin a úsáideann an suíomh seo",
    table_headings: ["Fianán", "Catagóir", "Cuspóir", "Fad ama", "Soláthraí"],
    back: "Ar ais chuig an suíomh",
    saved: "Sábháladh do roghanna fianán.",
    not_saved: "Níorbh fhéidir do rogha a shábháil díreach anois, mar sin níor athraíodh aon \
                rud. Bain triail eile as i gceann nóiméid.",
    receipt_heading: "Taifead do thoilithe",
    receipt_id: "Aitheantóir toilithe",
    receipt_time: "Taifeadta",
    receipt_revision: "Leagan an bheartais fianán",
    receipt_allowed: "Ceadaithe",
    receipt_missing: "Níor aimsíomar aon taifead de rogha ón mbrabhsálaí seo.",
    consent_cookie_purpose: "Cuimhníonn sé ar do roghanna fianán, ionas nach gcaithfimid ceist \
                             a chur ort ar gach leathanach.",
    consent_cookie_duration: "{days} lá",
    necessary_label: "Fíor-riachtanach",
    necessary_purpose: "Tá na fianáin seo riachtanach chun bogadh timpeall an tsuímh agus a \
                            ghnéithe a úsáid, mar shampla síniú isteach. Gan iad, ní féidir na \
                            seirbhísí a d'iarr tú a sholáthar.",
    functionality_label: "Feidhmiúlacht",
    functionality_purpose: "Cuimhníonn na fianáin seo ar na roghanna a dhéanann tú agus \
                                cuireann siad gnéithe feabhsaithe, níos pearsanta ar fáil.",
    performance_label: "Feidhmíocht",
    performance_purpose: "Bailíonn na fianáin seo faisnéis faoin gcaoi a n-úsáideann tú an \
                              suíomh, mar shampla na leathanaigh is minice a dtugann tú cuairt \
                              orthu, ionas gur féidir linn feabhas a chur ar an gcaoi a \
                              n-oibríonn sé.",
    advertising_label: "Fógraíocht agus rianú",
    advertising_purpose: "Taispeánann na fianáin seo cá bhfaca tú ár bhfógraí, tomhaiseann \
                              siad cé chomh maith is a oibríonn ár bhfeachtais agus cuireann \
                              siad teorainn le cé chomh minic a fheiceann tú fógra.",
    error_cross_site: "Ní féidir roghanna fianán a shábháil ach ó leathanaigh an tsuímh seo féin.",
    error_bad_form: "Níorbh fhéidir an fhoirm roghanna fianán a léamh.",
    error_timeout: "Thóg sé rófhada ar an bhfoirm roghanna fianán teacht.",
    error_too_large: "Bhí an fhoirm roghanna fianán rómhór.",
    error_media_type: "Ní mór roghanna fianán a sheoladh mar fhoirm nó mar JSON.",
    error_method: "Ní dhéanann an seoladh seo ach roghanna fianán a thaispeáint agus a shábháil.",
    receipt_intro: "Seo é an taifead a choinnímid de do rogha.",
    receipt_refused: "Diúltaithe",
    receipt_none: "dada",
    receipt_json_link: "An taifead seo i bhformáid JSON",
    receipt_unavailable: "Ní féidir do thaifead a thaispeáint faoi láthair. Bain triail eile as \
                          ar ball.",
    not_saved_title: "Níorbh fhéidir do rogha a shábháil",
    not_saved_back: "Ar ais chuig an leathanach",
    not_saved_retry: "Bain triail eile as",
    error_too_many: "Seoladh an iomarca roghanna fianán as seo i mbeagán ama, mar sin níor \
                     sábháladh an ceann seo. Bain triail eile as ar ball.",
    placeholder_title: "Ábhar leabaithe",
    placeholder_from: "Ábhar ó {provider}",
    placeholder_needs: "Ní thaispeántar an t-ábhar seo mar go dteastaíonn fianáin ó chatagóir nár cheadaigh tú: {category}.",
    placeholder_sets: "Fianáin sa chatagóir seo: {cookies}.",
    placeholder_allow: "Ceadaigh na fianáin seo agus taispeáin an t-ábhar",
};
