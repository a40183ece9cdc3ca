//! The banner, the preferences page, the layer's messages and the cookie declaration
//! in the visitor's language: the operator's function first, then `Accept-Language`,
//! then the policy's language; every bundled language rendered and escaped.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use suite::temp_db;
use tower_cookie_consent::{
    Banner, BannerContext, BannerTexts, Category, ConsentLayer, CookieRule,
};

const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";

fn page(accept_language: Option<&str>) -> Request<Full<Bytes>> {
    let mut request = get(&[]);
    if let Some(value) = accept_language {
        request
            .headers_mut()
            .insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
    }
    request
}

async fn banner_lang(layer: &ConsentLayer, request: Request<Full<Bytes>>) -> (String, Vec<String>) {
    let (response, _) = send_through(
        layer.clone(),
        request,
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    let lang = body
        .split("<section class=\"tcc tcc-banner\" id=\"tcc-banner\" lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a banner")
        .to_owned();
    (lang, values(response.headers(), "vary"))
}

#[tokio::test]
async fn accept_language_chooses_and_the_page_varies_on_it() {
    let layer = ConsentLayer::new(policy());
    let cases = [
        (Some("fr"), "fr"),
        (Some("de-AT, en;q=0.5"), "de"),
        (Some("xx-YY, pt;q=0.2"), "pt"),
        (Some("ga-IE;q=0.9, sv;q=0.9"), "ga"),
        (Some("*;q=0.1"), "en"),
        (Some("en;q=0, *"), "bg"),
        (Some("de;q=0"), "en"),
        (Some("fr;q=2, it"), "it"),
        (Some(";;;,,"), "en"),
        (Some("tlh"), "en"),
        (Some(""), "en"),
        (None, "en"),
    ];
    for (header, expected) in cases {
        let (lang, vary) = banner_lang(&layer, page(header)).await;
        assert_eq!(lang, expected, "{header:?}");
        assert_eq!(
            vary,
            ["Cookie", "HX-Request", "Accept-Language"],
            "{header:?}"
        );
    }
    // Several header lines are one list.
    let mut request = page(Some("xx"));
    request
        .headers_mut()
        .append(header::ACCEPT_LANGUAGE, "nl".parse().unwrap());
    assert_eq!(banner_lang(&layer, request).await.0, "nl");
}

#[tokio::test]
async fn every_bundled_language_renders_complete_and_escaped() {
    let layer = ConsentLayer::new(policy());
    let tags: Vec<&str> = BannerTexts::bundled_languages().collect();
    assert_eq!(tags.len(), 24);
    for tag in tags {
        let texts = BannerTexts::bundled(tag).unwrap();
        let (response, _) = send_through(
            layer.clone(),
            page(Some(tag)),
            html(PAGE, &[("content-type", "text/html")]),
        )
        .await;
        let body = std::str::from_utf8(response.body()).unwrap();
        // Pure ASCII: every other character is a character reference.
        assert!(body.is_ascii(), "{tag}");
        assert!(body.contains(&format!("lang=\"{tag}\"")), "{tag}");
        for text in [
            &texts.title,
            &texts.statement,
            &texts.accept_all,
            &texts.reject_all,
            &texts.customize,
            &texts.save,
        ] {
            assert!(
                body.contains(&*BannerContext::escape(text)),
                "{tag}: {text}"
            );
        }
        for category in [
            Category::functionality(),
            Category::performance(),
            Category::advertising(),
        ] {
            let line = format!(
                "<li><strong>{}</strong>: {}</li>",
                BannerContext::escape(category.label_in(tag)),
                BannerContext::escape(category.purpose_in(tag))
            );
            assert!(body.contains(&line), "{tag}: {line}");
        }
        // The preferences page in the same language, and the form posts it back.
        let request = Request::get("/consent")
            .header(header::ACCEPT_LANGUAGE, tag)
            .body(Full::<Bytes>::default())
            .unwrap();
        let (preferences, _) = send_through(layer.clone(), request, html(PAGE, &[])).await;
        let page = std::str::from_utf8(preferences.body()).unwrap();
        assert!(
            page.starts_with(&format!("<!doctype html>\n<html lang=\"{tag}\">")),
            "{tag}"
        );
        assert!(page.is_ascii());
        assert!(page.contains(&format!(
            "<h1>{}</h1>",
            BannerContext::escape(&texts.preferences_title)
        )));
        assert!(page.contains(&format!("action=\"/consent?lang={tag}\"")));
        assert_eq!(preferences.headers()[header::CONTENT_LANGUAGE], tag);
    }
}

#[tokio::test]
async fn the_operators_function_comes_first_and_the_endpoint_keeps_the_pages_language() {
    let layer = ConsentLayer::new(policy()).language_from(|uri, _| {
        let first = uri.path().trim_start_matches('/').split('/').next()?;
        (first.len() == 2).then(|| first.to_owned())
    });
    let mut request = Request::get("https://example.com/fr/page")
        .header(header::ACCEPT_LANGUAGE, "de")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (lang, vary) = banner_lang(&layer, request).await;
    // The path chose: the page does not vary on the header.
    assert_eq!(
        (lang.as_str(), vary),
        ("fr", vec!["Cookie".to_owned(), "HX-Request".to_owned()])
    );
    // A language the banner lacks leaves the choice to the header.
    request = Request::get("https://example.com/zz/page")
        .header(header::ACCEPT_LANGUAGE, "de")
        .body(Full::<Bytes>::default())
        .unwrap();
    assert_eq!(banner_lang(&layer, request).await.0, "de");
    // The banner's form posts `?lang=fr`: the endpoint answers in French.
    let bad = post("application/x-www-form-urlencoded", "action=maybe", &[]);
    let (parts, body) = bad.into_parts();
    let mut parts = parts;
    parts.uri = "https://example.com/consent?lang=fr".parse().unwrap();
    let (response, _) = send_through(
        layer.clone(),
        Request::from_parts(parts, body),
        html(PAGE, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let french = BannerTexts::bundled("fr").unwrap();
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        format!(
            "{} (unknown action `maybe`; use accept_all, reject_all, opt_out, save or placeholder)\n",
            french.error_bad_form
        )
    );
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/plain; charset=utf-8",
            "cache-control: no-store",
            "content-language: fr"
        ]
    );
}

#[tokio::test]
async fn languages_can_be_narrowed_added_and_translated_in_the_policy() {
    let mut klingon = BannerTexts::default();
    klingon.lang = "tlh".to_owned();
    klingon.title = "Cookies <here>".to_owned();
    let policy = policy_builder()
        .category(
            Category::new("social", "Social media", "Share buttons.").translation(
                "fr",
                "Réseaux sociaux",
                "Boutons de partage.",
            ),
        )
        .cookie(
            CookieRule::new("share", "social")
                .purpose("Counts shares.")
                .translation("fr", "Compte les partages."),
        )
        .languages(["fr", "de", "xx"])
        .banner(Banner::default().texts(klingon))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let asked = |header: &'static str| {
        let layer = layer.clone();
        async move {
            let (response, _) = send_through(
                layer,
                page(Some(header)),
                html(PAGE, &[("content-type", "text/html")]),
            )
            .await;
            String::from_utf8(response.body().to_vec()).unwrap()
        }
    };
    // Offered: fr, de and the policy's language (en); Spanish is not.
    assert!(asked("es").await.contains("lang=\"en\""));
    let french = asked("fr-CH").await;
    assert!(
        french.contains("<li><strong>R&#xe9;seaux sociaux</strong>: Boutons de partage.</li>"),
        "{french}"
    );
    assert!(french.contains("<li><code>share</code>: Compte les partages.</li>"));
    // German has no translation of the custom category: its own text.
    let german = asked("de").await;
    assert!(german.contains("<li><strong>Social media</strong>: Share buttons.</li>"));
    assert!(german.contains("<li><code>share</code>: Counts shares.</li>"));
    // Klingon was added with `texts`, but `languages` did not list it.
    assert!(asked("tlh").await.contains("lang=\"en\""));
    let layer = ConsentLayer::new(
        policy_builder()
            .banner(Banner::default().texts({
                let mut texts = BannerTexts::default();
                texts.lang = "tlh".to_owned();
                texts.title = "Cookies <here>".to_owned();
                texts
            }))
            .build()
            .unwrap(),
    );
    let (response, _) = send_through(
        layer,
        page(Some("tlh")),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    let body = std::str::from_utf8(response.body()).unwrap();
    assert!(
        body.contains("lang=\"tlh\"")
            && body.contains("<h2 id=\"tcc-title\">Cookies &lt;here&gt;</h2>")
    );
}

#[tokio::test]
async fn cookies_json_is_the_declaration_in_the_visitors_language() {
    let layer = ConsentLayer::new(policy());
    for method in [http::Method::GET, http::Method::HEAD] {
        let request = Request::builder()
            .method(method.clone())
            .uri("/consent/cookies.json")
            .header(header::ACCEPT_LANGUAGE, "fr")
            .body(Full::<Bytes>::default())
            .unwrap();
        let (response, seen) = send_through(layer.clone(), request, html(PAGE, &[])).await;
        assert_eq!(seen.calls, 0);
        let get = send_through(
            layer.clone(),
            Request::get("/consent/cookies.json")
                .header(header::ACCEPT_LANGUAGE, "fr")
                .body(Full::<Bytes>::default())
                .unwrap(),
            html(PAGE, &[]),
        )
        .await
        .0;
        let length = get.body().len();
        assert_eq!(
            header_lines(response.headers()),
            [
                "content-type: application/json".to_owned(),
                format!("content-length: {length}"),
                "cache-control: public, max-age=3600".to_owned(),
                "content-language: fr".to_owned(),
                "vary: Accept-Language".to_owned(),
            ]
        );
        if method == http::Method::HEAD {
            assert!(response.body().is_empty());
            continue;
        }
        let document: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        let french = BannerTexts::bundled("fr").unwrap();
        let performance = Category::performance();
        let expected = serde_json::json!({
            "language": "fr",
            "policy_revision": 2,
            "consent_lifetime_days": 180,
            "categories": [
                {
                    "id": "necessary", "label": Category::necessary().label_in("fr"),
                    "purpose": Category::necessary().purpose_in("fr"), "required": true,
                    "sells_or_shares": false, "allowed_until_objected": false, "third_parties": [],
                    "cookies": [
                        {"name": "__Host-cookie_consent", "prefix": false, "provider": "",
                         "duration": "180 jours", "purpose": french.consent_cookie_purpose,
                         "locations": [{"domain": null, "path": "/"}]},
                        {"name": "session", "prefix": false, "provider": "", "duration": "", "purpose": "",
                         "locations": [{"domain": null, "path": "/"}]},
                    ]
                },
                {
                    "id": "functionality", "label": Category::functionality().label_in("fr"),
                    "purpose": Category::functionality().purpose_in("fr"), "required": false,
                    "sells_or_shares": false, "allowed_until_objected": false, "third_parties": [],
                    "cookies": [{"name": "prefs", "prefix": false, "provider": "", "duration": "", "purpose": "",
                                 "locations": [{"domain": null, "path": "/"}]}]
                },
                {
                    "id": "performance", "label": performance.label_in("fr"),
                    "purpose": performance.purpose_in("fr"), "required": false,
                    "sells_or_shares": false, "allowed_until_objected": false, "third_parties": [],
                    "cookies": [
                        {"name": "_ga", "prefix": false, "provider": "", "duration": "", "purpose": "",
                         "locations": [{"domain": null, "path": "/"}, {"domain": "example.com", "path": "/"}]},
                        {"name": "_hj", "prefix": true, "provider": "", "duration": "", "purpose": "",
                         "locations": [{"domain": null, "path": "/"}, {"domain": null, "path": "/app"}]},
                    ]
                },
                {
                    "id": "advertising", "label": Category::advertising().label_in("fr"),
                    "purpose": Category::advertising().purpose_in("fr"), "required": false,
                    "sells_or_shares": false, "allowed_until_objected": false, "third_parties": [],
                    "cookies": [{"name": "_gcl_au", "prefix": false, "provider": "", "duration": "", "purpose": "",
                                 "locations": [{"domain": null, "path": "/"}]}]
                },
            ]
        });
        assert_eq!(document, expected);
    }
}

#[tokio::test]
async fn receipts_record_the_language_shown_and_its_notice() {
    use std::sync::Arc;
    use tower_cookie_consent::receipts::{ReceiptOptions, ReceiptStore, Receipts, SqliteStore};

    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("languages")).await.unwrap());
    let layer = ConsentLayer::new(policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    // The French page's form posts to `/consent?lang=fr`, whatever the post's header.
    let posted = post(
        "application/x-www-form-urlencoded",
        "action=accept_all",
        &[("accept-language", "de")],
    );
    let (mut parts, body) = posted.into_parts();
    parts.uri = "https://example.com/consent?lang=fr".parse().unwrap();
    let (response, _) =
        send_through(layer, Request::from_parts(parts, body), html(PAGE, &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = consent_id_set(response.headers());
    let receipts = store
        .receipts_of(tower_cookie_consent::ConsentId::parse(&id).unwrap())
        .await
        .unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].language, "fr");
    // The notice is what the French visitor read, word for word.
    let notice = store
        .notice(receipts[0].notice_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(notice.language, "fr");
    let french = BannerTexts::bundled("fr").unwrap();
    assert!(
        notice
            .text
            .contains(&*BannerContext::escape(&french.statement))
    );
    assert!(notice.text.contains("<html lang=\"fr\">"));
}

#[tokio::test]
async fn cookies_json_ignores_the_operators_function_and_a_regional_policy_language_is_served() {
    // A function reading a cookie must not decide a publicly cached document.
    let layer = ConsentLayer::new(policy())
        .language_from(|_, headers| headers.get(header::COOKIE).map(|_| "de".to_owned()));
    let request = Request::get("/consent/cookies.json")
        .header(header::COOKIE, "lang=de")
        .header(header::ACCEPT_LANGUAGE, "it")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) = send_through(layer.clone(), request, html(PAGE, &[])).await;
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "it");
    let request = Request::get("/consent/cookies.json?lang=sv")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) = send_through(layer, request, html(PAGE, &[])).await;
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "sv");

    // `de-AT` as the policy's language is served by the German texts.
    let layer = ConsentLayer::new(policy_builder().language("de-AT").build().unwrap());
    assert_eq!(banner_lang(&layer, page(None)).await.0, "de");
    assert_eq!(banner_lang(&layer, page(Some("xx"))).await.0, "de");
}
