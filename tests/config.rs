//! Policies and banner settings from configuration files: the demo's policy file gives
//! the policy the demo builds in code, and every invalid file gets the builder's error.

#[path = "../examples/demo/site.rs"]
#[allow(dead_code)]
mod site;

use tower_cookie_consent::{
    Banner, BannerTexts, Category, Colors, Policy, PolicyBuilder, Position,
};

const DEMO_POLICY: &str = include_str!("../examples/demo/policy.toml");

#[test]
fn the_demo_policy_file_is_the_demo_policy() {
    let from_file: PolicyBuilder = toml::from_str(DEMO_POLICY).unwrap();
    let from_file = from_file.build().unwrap();
    let in_code = site::policy_builder("127.0.0.1").build().unwrap();
    assert_eq!(format!("{from_file:#?}"), format!("{in_code:#?}"));
    assert_eq!(from_file.rules().len(), 27);
    assert_eq!(from_file.categories().len(), 4);
    // A whole policy reads in one go too, checked by the same `build`.
    let direct: Policy = toml::from_str(DEMO_POLICY).unwrap();
    assert_eq!(format!("{direct:?}"), format!("{in_code:?}"));
}

#[test]
fn an_empty_file_is_the_default_policy() {
    let empty: Policy = toml::from_str("").unwrap();
    let default = Policy::builder().build().unwrap();
    assert_eq!(format!("{empty:?}"), format!("{default:?}"));
}

/// The error a configuration file gets, as `toml` reports it.
fn error_of(file: &str) -> String {
    toml::from_str::<Policy>(file)
        .unwrap_err()
        .message()
        .to_owned()
}

#[test]
fn every_invalid_file_gets_the_builders_error() {
    let cases = [
        (
            "[[categories]]\nid = \"stats\"\nlabel = \"\"\ndescription = \"\"\n\
             [[categories]]\nid = \"stats\"\nlabel = \"\"\ndescription = \"\"",
            "the category `stats` is declared twice",
        ),
        (
            "[[categories]]\nid = \"necessary\"\nlabel = \"\"\ndescription = \"\"",
            "the `necessary` category is built in; change its texts with \
             PolicyBuilder::necessary instead of adding it",
        ),
        (
            "[[categories]]\nid = \"Stats\"\nlabel = \"\"\ndescription = \"\"",
            "the category id `Stats` must be 1 to 32 lowercase ASCII letters, digits, `_` or `-`",
        ),
        (
            "[[cookies]]\nname = \"_ga\"\ncategory = \"analytics\"",
            "`_ga` names the category `analytics`, which the policy does not declare",
        ),
        (
            "[[cookies]]\nname = \"a\"\ncategory = \"necessary\"\n\
             [[cookies]]\nname = \"a\"\ncategory = \"necessary\"",
            "the cookie `a` is declared twice",
        ),
        (
            "[[cookies]]\nname = \"cookie_consent\"\ncategory = \"necessary\"",
            "`cookie_consent` is the consent cookie, which the layer declares and keeps \
             itself; remove its CookieRule (or rename the consent cookie)",
        ),
        (
            "[[cookies]]\nname = \"a b\"\ncategory = \"necessary\"",
            "`a b` is not a valid cookie name",
        ),
        (
            "[[cookies]]\nname = \"a\"\ncategory = \"necessary\"\ndomain = \"github.io\"",
            "the cookie Domain `github.io` is a public suffix; browsers would ignore or refuse \
             it (write a bare host name such as `example.com`)",
        ),
        (
            "[[cookies]]\nname = \"a\"\ncategory = \"necessary\"\n\
             locations = [{ domain = \"https://example.com\" }]",
            "the cookie Domain `https://example.com` has a scheme; browsers would ignore or \
             refuse it (write a bare host name such as `example.com`)",
        ),
        (
            "[[cookies]]\nname = \"a\"\ncategory = \"necessary\"\nlocations = [{ path = \"app\" }]",
            "`app` is not a valid cookie Path: it must start with `/` and be printable ASCII \
             without `;`",
        ),
        (
            "consent_cookie = { domain = \"example.com:443\" }",
            "the cookie Domain `example.com:443` has a port; browsers would ignore or refuse \
             it (write a bare host name such as `example.com`)",
        ),
        (
            "consent_cookie = { name = \"__Host-consent\", secure = false }",
            "the consent cookie `__Host-consent` needs Secure (and, for `__Host-`, no Domain), \
             or browsers refuse it",
        ),
        (
            "endpoint = \"consent\"",
            "the endpoint path `consent` must start with `/`, not end with `/`, and use only \
             ASCII letters, digits and `/-_.~`",
        ),
        (
            "consent_lifetime_days = 0",
            "the consent lifetime must be longer than zero",
        ),
        (
            "consent_lifetime_days = 500",
            "the consent lifetime of 500 days is over the 400 days browsers keep a cookie",
        ),
        (
            "[consent_mode.categories]\nanalytics = [\"analytics_storage\"]",
            "`consent_mode` names the category `analytics`, which the policy does not declare",
        ),
        (
            "[consent_mode]\nregion = [\"ES</script>\"]",
            "the Consent Mode region `ES</script>` is not an ISO 3166 code such as `ES` or `US-CA`",
        ),
        (
            "undeclared = { category = \"nope\" }",
            "`UndeclaredCookies::Category` names the category `nope`, which the policy does \
             not declare",
        ),
    ];
    for (file, message) in cases {
        assert_eq!(error_of(file), message, "{file}");
    }
}

#[test]
fn typos_and_wrong_types_are_named() {
    assert_eq!(
        error_of("revison = 2"),
        "unknown field `revison`, expected one of `necessary`, `categories`, `cookies`, \
         `undeclared`, `revision`, `consent_lifetime_days`, `consent_cookie`, `endpoint`, \
         `gating`, `consent_mode`, `language`, `languages`, `banner`, `gpc_last_update`, `regions`, `controller`, `withdrawal`"
    );
    assert_eq!(
        error_of("[[cookies]]\nname = \"a\"\ncategory = \"necessary\"\nduraton = \"1 day\""),
        "unknown field `duraton`, expected one of `name`, `category`, `purpose`, `purposes`, `duration`, \
         `provider`, `domain`, `locations`, `processor_only`"
    );
    assert_eq!(
        error_of("revision = \"two\""),
        "invalid type: string \"two\", expected u32"
    );
    assert_eq!(
        error_of("undeclared = \"maybe\""),
        "unknown variant `maybe`, expected one of `block`, `allow`, `category`"
    );
}

#[test]
fn banner_settings_read_from_a_file() {
    let banner: Banner = toml::from_str(
        "policy_link = \"/cookies\"\nposition = \"top\"\n\
         colors = { background = \"#0B0C0C\", accent = \"#ffdd00\" }\n\
         [texts]\ntitle = \"Cookies at Example Ltd\"\naccept_all = \"Allow all\"",
    )
    .unwrap();
    // Exactly the banner written in code (every field, every language's texts).
    let mut texts = BannerTexts::bundled("en").unwrap();
    texts.title = "Cookies at Example Ltd".to_owned();
    texts.accept_all = "Allow all".to_owned();
    let in_code = Banner::default()
        .policy_link("/cookies")
        .position(Position::Top)
        .colors(
            Colors::default()
                .background("#0B0C0C")
                .unwrap()
                .accent("#ffdd00")
                .unwrap(),
        )
        .texts(texts);
    assert_eq!(format!("{banner:?}"), format!("{in_code:?}"));
    assert_ne!(format!("{banner:?}"), format!("{:?}", Banner::default()));
    let bad_colour = toml::from_str::<Banner>("colors = { text = \"red\" }").unwrap_err();
    assert_eq!(
        bad_colour.message(),
        "`red` is not a colour of the form #rgb or #rrggbb"
    );
    let typo = toml::from_str::<Banner>("[texts]\ntitel = \"x\"").unwrap_err();
    assert!(
        typo.message()
            .starts_with("banner texts: unknown field `titel`"),
        "{}",
        typo.message()
    );
}

#[test]
fn translations_read_from_a_file() {
    let builder: PolicyBuilder = toml::from_str(
        "language = \"de\"\n\
         [[categories]]\nid = \"performance\"\n\
         [[categories]]\nid = \"social\"\nlabel = \"Soziale Medien\"\n\
         purpose = \"Teilen-Knöpfe.\"\nsells_or_shares = true\n\
         translations = { fr = { label = \"Réseaux sociaux\", description = \"Boutons.\" } }\n\
         [[cookies]]\nname = \"share\"\ncategory = \"social\"\npurpose = \"Zählt.\"\n\
         purposes = { fr = \"Compte.\" }",
    )
    .unwrap();
    let policy = builder.build().unwrap();
    // (The translation's `description` is the name earlier files used for `purpose`.)
    assert_eq!(policy.categories()[2].purpose_in("fr"), "Boutons.");
    assert_eq!(policy.language(), "de");
    let [_, performance, social] = policy.categories() else {
        panic!("three categories")
    };
    // A built-in id without texts is the built-in category, translated.
    assert_eq!(performance, &Category::performance());
    assert_eq!(performance.label_in("fr"), "Performance");
    assert_eq!(social.label_in("fr-BE"), "Réseaux sociaux");
    assert_eq!(social.label_in("it"), "Soziale Medien");
    assert!(social.is_sold_or_shared() && !performance.is_sold_or_shared());
    assert_eq!(policy.rules()[0].purpose_in("fr"), "Compte.");
    assert_eq!(policy.rules()[0].purpose_in("en"), "Zählt.");

    for (file, message) in [
        (
            "[[categories]]\nid = \"social\"",
            "category `social` needs a `label` and a `purpose`",
        ),
        (
            "[[categories]]\nid = \"social\"\nlabel = \"x\"",
            "category `social` needs both a `label` and a `purpose`, or neither",
        ),
        (
            "language = \"english!\"",
            "`english!` is not a language tag such as `en`, `fr` or `pt-BR`",
        ),
        (
            "gpc_last_update = \"2026-02-30x\"",
            "`2026-02-30x` is not a date written YYYY-MM-DD",
        ),
    ] {
        let error = error_of(file);
        assert!(error.starts_with(message), "{file}: {error}");
    }

    // Banner texts per language in a policy file: only what changes, over the bundled
    // texts; the languages offered beside the policy's language.
    let from_file: Policy = toml::from_str(
        "languages = [\"fr\", \"de\"]\n\
         [banner.translations.fr]\ntitle = \"Nos cookies\"\n\
         [banner.translations.de.receipt]\nnone = \"keine\"",
    )
    .unwrap();
    // Exactly the banner written in code: the French title on French alone, the German
    // receipt text on German alone, every other text bundled.
    let mut french = BannerTexts::bundled("fr").unwrap();
    french.title = "Nos cookies".to_owned();
    let mut german = BannerTexts::bundled("de").unwrap();
    german.receipt.none = "keine".to_owned();
    // (A file's translations are read in the order of their tags.)
    let in_code = Policy::builder()
        .languages(["fr", "de"])
        .banner(Banner::default().texts(german).texts(french))
        .build()
        .unwrap();
    assert_eq!(format!("{from_file:?}"), format!("{in_code:?}"));
    let mut swapped = BannerTexts::bundled("de").unwrap();
    swapped.title = "Nos cookies".to_owned();
    let wrong = Policy::builder()
        .languages(["fr", "de"])
        .banner(
            Banner::default()
                .texts(swapped)
                .texts(BannerTexts::bundled("fr").unwrap()),
        )
        .build()
        .unwrap();
    assert_ne!(format!("{from_file:?}"), format!("{wrong:?}"));
}

#[test]
fn gating_settings_read_from_a_file() {
    let from_file: tower_cookie_consent::Gating = toml::from_str(
        "automatic = true\nrepair = false\nallow_hosts = [\"www.youtube-nocookie.com\"]\n\
         cookieconsent = true\ncookiebot = true\nonetrust = true\n\
         onetrust_groups = { C0005 = \"social\" }\n\
         klaro_services = { google-analytics = \"performance\", youtube = \"advertising\" }\n\
         category_aliases = { stats = \"performance\" }\nclick_to_load = true",
    )
    .unwrap();
    let in_code = tower_cookie_consent::Gating::new()
        .automatic(true)
        .repair(false)
        .allow_hosts(["www.youtube-nocookie.com"])
        .cookieconsent(true)
        .cookiebot(true)
        .onetrust(true)
        .onetrust_group("C0005", "social")
        .klaro_service("youtube", "advertising")
        .klaro_service("google-analytics", "performance")
        .category_alias("stats", "performance")
        .click_to_load(true);
    assert_eq!(from_file, in_code);
    assert!(from_file.is_automatic());
    // Off unless asked for.
    let default: tower_cookie_consent::Gating = toml::from_str("").unwrap();
    assert!(!default.is_automatic());
    assert_eq!(default, tower_cookie_consent::Gating::new());
    // A whole policy: the same checks as the builder's.
    assert_eq!(
        error_of("[gating]\ncategory_aliases = { stats = \"performance\" }"),
        "`gating.category_aliases.stats` names the category `performance`, which the policy does not declare"
    );
    assert_eq!(
        error_of(
            "[[categories]]\nid = \"performance\"\nlabel = \"P\"\npurpose = \"p\"\n[gating]\nklaro_services = { \"a b\" = \"performance\" }"
        ),
        "`a b` in gating's `klaro_services` must be 1 to 64 ASCII letters, digits, `_`, `-` or `.`"
    );
    let policy: Policy = toml::from_str("[gating]\nautomatic = true").unwrap();
    let in_code = Policy::builder()
        .gating(tower_cookie_consent::Gating::new().automatic(true))
        .build()
        .unwrap();
    assert_eq!(format!("{policy:?}"), format!("{in_code:?}"));
}
