//! Regions: the layer reads the visitor's region from the CDN header the operator
//! trusts (or from nothing), the policy gives the region a regime, and the regime
//! decides the banner or notice, what runs before a choice, the receipt's fields and
//! the Consent Mode default; responses that depend on it vary on the region header.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;
use suite::*;
use tower_cookie_consent::receipts::{Method, ReceiptOptions, ReceiptStore, Receipts, SqliteStore};
use tower_cookie_consent::{
    Category, ConsentLayer, ConsentMode, Policy, PolicyBuilder, Regime, Region, RegionSource,
};

const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";

/// The test policy with advertising sold or shared, performance under the UK
/// exception (its cookies processed on the site's behalf), and a regime by region:
/// consent in the EEA and Switzerland, the UK's, opt-out in California, none elsewhere.
fn regional_builder() -> PolicyBuilder {
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance().allowed_until_objected(true))
        .category(Category::advertising().sells_or_shares(true))
        .gpc_last_update("2026-11-30")
        .revision(2);
    for rule in policy().rules() {
        let rule = rule.clone();
        let statistics = rule.category() == "performance";
        builder = builder.cookie(rule.processor_only(statistics));
    }
    builder
        .regime(Regime::Consent, ["EEA", "CH"])
        .regime(Regime::ConsentUk, ["GB"])
        .regime(Regime::OptOut, ["US-CA"])
        .other_regions(Regime::None)
}

fn cloudflare_layer() -> ConsentLayer {
    ConsentLayer::new(regional_builder().build().unwrap()).region_from(RegionSource::cloudflare())
}

/// A page request with these extra headers.
fn page(headers: &[(&str, &str)], cookies: &[&str]) -> Request<Full<Bytes>> {
    let mut request = get(cookies);
    for (name, value) in headers {
        request.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    request
}

/// The application's page, setting a cookie of each optional category.
fn app_page() -> http::Response<Full<Bytes>> {
    html(
        PAGE,
        &[
            ("content-type", "text/html"),
            ("set-cookie", "prefs=1; Path=/"),
            ("set-cookie", "_ga=1; Path=/"),
            ("set-cookie", "_gcl_au=1; Path=/"),
        ],
    )
}

fn body(response: &http::Response<Bytes>) -> String {
    String::from_utf8(response.body().to_vec()).unwrap()
}

/// The inserted markup of a page (what lies between the page's `<body>` and `<p>hi`).
fn inserted(response: &http::Response<Bytes>) -> String {
    let body = body(response);
    let start = "<!doctype html><html><head><title>t</title></head><body>".len();
    let end = body.len() - "<p>hi</p></body></html>".len();
    assert!(body.starts_with(&PAGE[..start]) && body.ends_with(&PAGE[start..]));
    body[start..end].to_owned()
}

/// An undecided visitor's page: private, and varying on the consent cookie, htmx, the
/// language of its words, the signal (a category is sold or shared), and the region.
const PAGE_HEADERS_AFTER_COOKIES: [&str; 7] = [
    "cache-control: private",
    "vary: Cookie",
    "vary: HX-Request",
    "vary: Accept-Language",
    "vary: Sec-GPC",
    "vary: cf-ipcountry",
    "vary: cf-region-code",
];

/// The headers of the application's page (it sends no `Content-Length`) after the
/// layer, with these `Set-Cookie` lines let through.
fn expected_lines(set_cookies: &[&str]) -> Vec<String> {
    let mut lines = vec!["content-type: text/html".to_owned()];
    lines.extend(set_cookies.iter().map(|c| format!("set-cookie: {c}")));
    lines.extend(PAGE_HEADERS_AFTER_COOKIES.iter().map(|l| (*l).to_owned()));
    lines
}

#[tokio::test]
async fn a_visitor_from_the_eea_gets_the_banner_and_nothing_optional() {
    let (response, seen) = send_through(
        cloudflare_layer(),
        page(&[("cf-ipcountry", "DE")], &[]),
        app_page(),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.region(), Region::new("DE", None));
    assert_eq!(consent.regime(), Regime::Consent);
    assert_eq!(
        consent.granted().map(Category::id).collect::<Vec<_>>(),
        ["necessary"]
    );
    let banner = inserted(&response);
    assert_eq!(header_lines(response.headers()), expected_lines(&[]));
    assert!(banner.contains("<h2 id=\"tcc-title\">Cookies on this site</h2>"));
    assert!(banner.contains("value=\"accept_all\""));
    // The UK exception does not apply here: performance is off, with no Object button.
    assert!(!banner.contains("name=\"object\""));
    assert!(banner.contains("name=\"category\" value=\"performance\">"));
}

#[tokio::test]
async fn a_visitor_from_the_uk_gets_statistics_until_they_object() {
    let (response, seen) = send_through(
        cloudflare_layer(),
        page(&[("cf-ipcountry", "GB")], &[]),
        app_page(),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.regime(), Regime::ConsentUk);
    assert!(consent.allows("performance") && !consent.allows("advertising"));
    let banner = inserted(&response);
    assert_eq!(
        header_lines(response.headers()),
        expected_lines(&["_ga=1; Path=/"])
    );
    assert!(banner.contains(
        "<button type=\"submit\" name=\"object\" value=\"performance\" \
         class=\"tcc-object\">Object (Performance)</button>"
    ));
    assert!(banner.contains("name=\"category\" value=\"performance\" checked>"));
}

#[tokio::test]
async fn a_visitor_from_california_gets_the_opt_out_notice_and_everything_runs() {
    let headers = [("cf-ipcountry", "US"), ("cf-region-code", "CA")];
    let (response, seen) = send_through(cloudflare_layer(), page(&headers, &[]), app_page()).await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.region(), Region::new("US", Some("CA")));
    assert_eq!(consent.regime(), Regime::OptOut);
    assert!(consent.allows("advertising") && consent.allows("performance"));
    let notice = inserted(&response);
    assert_eq!(
        header_lines(response.headers()),
        expected_lines(&["prefs=1; Path=/", "_ga=1; Path=/", "_gcl_au=1; Path=/"])
    );
    // Every byte of the notice, reviewed in tests/golden/opt-out-notice.html: the
    // one-click "Do not sell or share" and "Continue" side by side, no "Accept all",
    // no checkboxes (the preferences page, linked, has them).
    golden::assert_golden_markup("opt-out-notice.html", &notice);

    // Under Global Privacy Control the sold-or-shared category is off before any
    // click, and the notice says the signal is honoured.
    let mut with_signal = headers.to_vec();
    with_signal.push(("sec-gpc", "1"));
    let (response, seen) =
        send_through(cloudflare_layer(), page(&with_signal, &[]), app_page()).await;
    assert!(!seen.consent.unwrap().allows("advertising"));
    assert_eq!(
        values(response.headers(), "set-cookie"),
        ["prefs=1; Path=/", "_ga=1; Path=/"]
    );
    assert!(
        inserted(&response)
            .contains("<span class=\"tcc-gpc\">Opt-out preference signal honoured</span>")
    );
    assert!(values(response.headers(), "vary").contains(&"Sec-GPC".to_owned()));
}

#[tokio::test]
async fn a_visitor_from_elsewhere_gets_no_banner() {
    let (response, seen) = send_through(
        cloudflare_layer(),
        page(&[("cf-ipcountry", "JP")], &[]),
        app_page(),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.regime(), Regime::None);
    assert!(!consent.is_decided());
    assert_eq!(body(&response), PAGE);
    // No words on the page, so no language to vary on; still one visitor's page.
    let mut expected = expected_lines(&["prefs=1; Path=/", "_ga=1; Path=/", "_gcl_au=1; Path=/"]);
    expected.retain(|line| line != "vary: Accept-Language");
    assert_eq!(header_lines(response.headers()), expected);

    // Global Privacy Control is honoured there too.
    let (response, seen) = send_through(
        cloudflare_layer(),
        page(&[("cf-ipcountry", "JP"), ("sec-gpc", "1")], &[]),
        app_page(),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert!(consent.allows("performance") && !consent.allows("advertising"));
    assert_eq!(
        values(response.headers(), "set-cookie"),
        ["prefs=1; Path=/", "_ga=1; Path=/"]
    );
    assert_eq!(body(&response), PAGE);
}

#[tokio::test]
async fn unknown_malformed_and_untrusted_regions_get_the_strictest_regime() {
    let cases: &[&[(&str, &str)]] = &[
        &[],
        &[("cf-ipcountry", "XX")],
        &[("cf-ipcountry", "T1")],
        &[("cf-ipcountry", "DEU")],
        &[("cf-ipcountry", "")],
        &[("cf-ipcountry", "U S")],
        &[("cf-ipcountry", "JP"), ("cf-ipcountry", "US")],
        &[("cf-region-code", "CA")],
        &[("cloudfront-viewer-country", "JP")],
    ];
    for headers in cases {
        let (response, seen) =
            send_through(cloudflare_layer(), page(headers, &[]), app_page()).await;
        let consent = seen.consent.unwrap();
        assert_eq!(consent.region(), None, "{headers:?}");
        assert_eq!(consent.regime(), Regime::Consent, "{headers:?}");
        assert!(
            values(response.headers(), "set-cookie").is_empty(),
            "{headers:?}"
        );
        assert!(
            body(&response).contains("value=\"accept_all\""),
            "{headers:?}"
        );
    }
    let oversized = "J".repeat(64 * 1024);
    let (_, seen) = send_through(
        cloudflare_layer(),
        page(&[("cf-ipcountry", &oversized)], &[]),
        app_page(),
    )
    .await;
    assert_eq!(seen.consent.unwrap().regime(), Regime::Consent);

    // Without a region source the header is anyone's: it is not read at all.
    let untrusted = ConsentLayer::new(regional_builder().build().unwrap());
    let (response, seen) =
        send_through(untrusted, page(&[("cf-ipcountry", "JP")], &[]), app_page()).await;
    let consent = seen.consent.unwrap();
    assert_eq!(
        (consent.region(), consent.regime()),
        (None, Regime::Consent)
    );
    assert!(body(&response).contains("value=\"accept_all\""));
    // ...and nothing varies on it.
    assert!(
        !values(response.headers(), "vary")
            .iter()
            .any(|v| v.starts_with("cf-"))
    );

    // The strictest declared, not always `consent`: a policy of opt-out and none gives
    // unknown visitors the opt-out notice.
    let lenient = Policy::builder()
        .category(Category::advertising().sells_or_shares(true))
        .regime(Regime::OptOut, ["US_OPT_OUT"])
        .other_regions(Regime::None)
        .build()
        .unwrap();
    let (response, seen) = send_through(
        ConsentLayer::new(lenient).region_from(RegionSource::cloudflare()),
        page(&[("cf-ipcountry", "XX")], &[]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    assert_eq!(seen.consent.unwrap().regime(), Regime::OptOut);
    assert!(body(&response).contains("value=\"opt_out\""));
}

#[tokio::test]
async fn other_sources_read_their_own_headers() {
    /// A source, the headers a request carries, and the regime and region expected.
    type Case = (
        RegionSource,
        &'static [(&'static str, &'static str)],
        Regime,
        Option<&'static str>,
    );
    let cases: [Case; 5] = [
        (
            RegionSource::cloudfront(),
            &[
                ("cloudfront-viewer-country", "US"),
                ("cloudfront-viewer-country-region", "CA"),
            ],
            Regime::OptOut,
            Some("US-CA"),
        ),
        (
            RegionSource::vercel(),
            &[("x-vercel-ip-country", "fr")],
            Regime::Consent,
            Some("FR"),
        ),
        (
            RegionSource::akamai(),
            &[(
                "x-akamai-edgescape",
                "georegion=246,country_code=GB,city=LONDON",
            )],
            Regime::ConsentUk,
            Some("GB"),
        ),
        (
            RegionSource::headers("client-geo-country", None),
            &[("client-geo-country", "BR")],
            Regime::None,
            Some("BR"),
        ),
        (
            RegionSource::function(["x-test-country"], |_uri, headers| {
                Region::new(headers.get("x-test-country")?.to_str().ok()?, None)
            }),
            &[("x-test-country", "ch")],
            Regime::Consent,
            Some("CH"),
        ),
    ];
    for (source, headers, regime, region) in cases {
        let vary = source.vary().to_vec();
        let layer = ConsentLayer::new(regional_builder().build().unwrap()).region_from(source);
        let (response, seen) = send_through(layer, page(headers, &[]), app_page()).await;
        let consent = seen.consent.unwrap();
        assert_eq!(consent.regime(), regime, "{headers:?}");
        assert_eq!(
            consent.region().map(|r| r.to_string()).as_deref(),
            region,
            "{headers:?}"
        );
        // The response varies on exactly the source's headers, after the layer's own.
        let varied = values(response.headers(), "vary");
        let expected: Vec<String> = vary.iter().map(|name| name.as_str().to_owned()).collect();
        assert_eq!(&varied[varied.len() - expected.len()..], &expected[..]);
    }
}

#[tokio::test]
async fn decided_visitors_and_single_regime_policies_do_not_vary_on_the_region() {
    // A decided visitor's choice applies wherever they are.
    let chosen = consent("performance");
    let (response, seen) = send_through(
        cloudflare_layer(),
        page(
            &[("cf-ipcountry", "US"), ("cf-region-code", "CA")],
            &[&chosen],
        ),
        app_page(),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.regime(), Regime::OptOut);
    assert!(!consent.allows("advertising"));
    assert_eq!(values(response.headers(), "set-cookie"), ["_ga=1; Path=/"]);
    // (Nothing the choice grants is sold or shared: no Sec-GPC either.)
    assert_eq!(values(response.headers(), "vary"), ["Cookie", "HX-Request"]);
    // A policy with one regime for every region does not depend on the region.
    let one = Policy::builder()
        .category(Category::performance())
        .regime(Regime::Consent, ["EEA"])
        .other_regions(Regime::Consent)
        .build()
        .unwrap();
    let (response, _) = send_through(
        ConsentLayer::new(one).region_from(RegionSource::cloudflare()),
        page(&[("cf-ipcountry", "DE")], &[]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    assert_eq!(
        values(response.headers(), "vary"),
        ["Cookie", "HX-Request", "Accept-Language"]
    );
}

#[tokio::test]
async fn the_consent_mode_default_follows_the_regime() {
    let policy = regional_builder()
        .consent_mode(ConsentMode::new())
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy).region_from(RegionSource::cloudflare());
    let default_of = |country: &'static str, subdivision: &'static str| {
        let layer = layer.clone();
        async move {
            let mut request = page(&[("cf-ipcountry", country)], &[]);
            if !subdivision.is_empty() {
                request
                    .headers_mut()
                    .insert("cf-region-code", subdivision.parse().unwrap());
            }
            let (response, _) = send_through(layer, request, app_page()).await;
            let body = body(&response);
            let start = body.find("gtag('consent','default',").unwrap();
            let end = start + body[start..].find(')').unwrap();
            body[start..end].to_owned()
        }
    };
    let eea = default_of("DE", "").await;
    assert!(eea.contains("\"ad_storage\":\"denied\""), "{eea}");
    assert!(eea.contains("\"analytics_storage\":\"denied\""), "{eea}");
    let uk = default_of("GB", "").await;
    assert!(uk.contains("\"ad_storage\":\"denied\""), "{uk}");
    assert!(uk.contains("\"analytics_storage\":\"granted\""), "{uk}");
    let california = default_of("US", "CA").await;
    assert!(
        california.contains("\"ad_storage\":\"granted\""),
        "{california}"
    );
    assert!(
        california.contains("\"analytics_storage\":\"granted\""),
        "{california}"
    );
}

#[tokio::test]
async fn receipts_record_the_region_and_the_regime() {
    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("regions")).await.unwrap());
    let layer = cloudflare_layer().record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    let choose = |body: &'static str, headers: &'static [(&'static str, &'static str)]| {
        let layer = layer.clone();
        let store = store.clone();
        async move {
            let (response, _) =
                send_through(layer, post(FORM, body, headers), html(PAGE, &[])).await;
            assert_eq!(response.status(), http::StatusCode::SEE_OTHER);
            let id = consent_id(&consent_id_set(response.headers()));
            let categories = consent_value_set(response.headers())
                .split('.')
                .nth(3)
                .unwrap()
                .to_owned();
            let mut receipts = store.receipts_of(id).await.unwrap();
            assert_eq!(receipts.len(), 1);
            (categories, receipts.remove(0))
        }
    };
    // The opt-out notice's one click refuses what is sold or shared, and says so.
    let (categories, receipt) = choose(
        "action=opt_out&return_to=/",
        &[("cf-ipcountry", "US"), ("cf-region-code", "CA")],
    )
    .await;
    assert_eq!(categories, "functionality+performance");
    assert_eq!(receipt.method, Method::OptOut);
    assert_eq!(receipt.granted, ["functionality", "performance"]);
    assert_eq!(receipt.refused, ["advertising"]);
    assert_eq!(receipt.region.as_deref(), Some("US-CA"));
    assert_eq!(receipt.regime, Some(Regime::OptOut));
    assert!(
        receipt
            .to_json()
            .ends_with(",\"region\":\"US-CA\",\"regime\":\"opt_out\"}"),
        "{}",
        receipt.to_json()
    );
    // Its notice is the opt-out notice the visitor was shown.
    let notice = store.notice(receipt.notice_hash).await.unwrap().unwrap();
    assert!(notice.text.contains("value=\"opt_out\""));

    let (_, receipt) = choose("action=accept_all", &[("cf-ipcountry", "DE")]).await;
    assert_eq!(
        (receipt.region.as_deref(), receipt.regime),
        (Some("DE"), Some(Regime::Consent))
    );
    let consent_notice = store.notice(receipt.notice_hash).await.unwrap().unwrap();
    assert!(!consent_notice.text.contains("value=\"opt_out\""));
    let (_, receipt) = choose("action=reject_all", &[("cf-ipcountry", "XX")]).await;
    assert_eq!(
        (receipt.region.clone(), receipt.regime),
        (None, Some(Regime::Consent))
    );
    assert!(!receipt.to_json().contains("\"region\""));
    let (_, receipt) = choose("action=reject_all", &[("cf-ipcountry", "GB")]).await;
    assert_eq!(receipt.regime, Some(Regime::ConsentUk));
}

#[test]
fn policy_files_declare_regimes_by_region() {
    let file = r#"
        [[categories]]
        id = "advertising"
        sells_or_shares = true

        [regions]
        consent = ["EEA", "CH"]
        opt_out = ["US-CA", "US-CO"]
        other = "none"
    "#;
    let policy: Policy = toml::from_str(file).unwrap();
    let regime = |code: &str| {
        let (country, subdivision) = code
            .split_once('-')
            .map_or((code, None), |(c, s)| (c, Some(s)));
        policy.regime_for(Region::new(country, subdivision))
    };
    assert_eq!(regime("NO"), Regime::Consent);
    assert_eq!(regime("US-CO"), Regime::OptOut);
    assert_eq!(regime("US-TX"), Regime::None);
    assert_eq!(policy.regime_for(None), Regime::Consent);

    let suggested: Policy = toml::from_str("[regions]\nsuggested = true").unwrap();
    let regime = |country, subdivision| suggested.regime_for(Region::new(country, subdivision));
    assert_eq!(regime("FR", None), Regime::Consent);
    assert_eq!(regime("BR", None), Regime::Consent);
    assert_eq!(regime("CA", Some("QC")), Regime::Consent);
    assert_eq!(regime("GB", None), Regime::ConsentUk);
    assert_eq!(regime("US", Some("CA")), Regime::OptOut);
    assert_eq!(regime("US", Some("TX")), Regime::OptOut);
    // Unnamed regions get the strictest: consent.
    assert_eq!(regime("US", Some("NY")), Regime::Consent);
    assert_eq!(regime("JP", None), Regime::Consent);

    let typo = toml::from_str::<Policy>("[regions]\nopt_in = [\"DE\"]").unwrap_err();
    assert!(
        typo.to_string().contains("unknown field `opt_in`"),
        "{typo}"
    );
    let unknown = toml::from_str::<Policy>("[regions]\nconsent = [\"Europe\"]").unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("`Europe` is neither an ISO 3166 region"),
        "{unknown}"
    );
    let twice =
        toml::from_str::<Policy>("[regions]\nconsent = [\"EEA\"]\nnone = [\"IS\"]").unwrap_err();
    assert!(
        twice.to_string().contains(
            "the region `IS` is given two regimes: consent (from `EEA`) and none (from `IS`)"
        ),
        "{twice}"
    );
}

const FORM: &str = "application/x-www-form-urlencoded";
