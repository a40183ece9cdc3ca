//! Global Privacy Control (W3C GPC): `Sec-GPC: 1` refuses the categories that sell or
//! share data, whatever the consent cookie says, unless the visitor ticked them while
//! sending it; the banner and the preferences page say so; responses vary on it; the
//! site serves `/.well-known/gpc.json`; applying it records one `gpc_applied` receipt.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use suite::*;
use tower_cookie_consent::receipts::{
    Event, Method, ReceiptOptions, ReceiptStore, Receipts, SqliteStore,
};
use tower_cookie_consent::{Category, ConsentLayer, Policy, PolicyError};

const FORM: &str = "application/x-www-form-urlencoded";
const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";

/// The test policy with advertising marked as selling or sharing data.
fn gpc_policy() -> Policy {
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance())
        .category(Category::advertising().sells_or_shares(true))
        .gpc_last_update("2026-11-30")
        .revision(2);
    for rule in policy().rules() {
        builder = builder.cookie(rule.clone());
    }
    builder.build().unwrap()
}

fn page_request(cookie: Option<&str>, gpc: &[&str]) -> Request<Full<Bytes>> {
    let mut request = get(&cookie.into_iter().collect::<Vec<_>>());
    for value in gpc {
        request
            .headers_mut()
            .append("sec-gpc", http::HeaderValue::from_str(value).unwrap());
    }
    request
}

#[tokio::test]
async fn the_signal_is_sec_gpc_exactly_1() {
    let cases: [(&[&str], bool); 9] = [
        (&[], false),
        (&["1"], true),
        (&["0"], false),
        (&[" 1"], false),
        (&["1, 1"], false),
        (&["true"], false),
        (&["0", "1"], true),
        (&["1", "0"], true),
        (&["", ""], false),
    ];
    for (headers, expected) in cases {
        let chosen = consent("performance+advertising");
        let (_, seen) = send(
            gpc_policy(),
            page_request(Some(&chosen), headers),
            html(PAGE, &[]),
        )
        .await;
        let consent = seen.consent.expect("the layer's consent");
        assert_eq!(consent.gpc(), expected, "{headers:?}");
        assert_eq!(consent.allows("advertising"), !expected, "{headers:?}");
        assert!(consent.allows("performance"), "{headers:?}");
    }
}

#[tokio::test]
async fn the_signal_refuses_shared_categories_whatever_the_cookie_says() {
    let chosen = consent("performance+advertising");
    let cookies = [chosen.as_str(), "_gcl_au=ad; _ga=ga"];
    let app_cookies = [
        ("content-type", "text/plain"),
        ("set-cookie", "_gcl_au=2; Path=/"),
        ("set-cookie", "_ga=2; Path=/"),
    ];
    let mut request = get(&cookies);
    request
        .headers_mut()
        .insert("sec-gpc", "1".parse().unwrap());
    let (response, seen) = send(
        gpc_policy(),
        request,
        response_with(StatusCode::OK, &app_cookies),
    )
    .await;
    // The application never sees the refused cookie, and cannot set it.
    assert_eq!(seen.cookie_headers, [chosen.clone(), "_ga=ga".to_owned()]);
    // The copy the browser holds is deleted wherever it can live for this request, and
    // the choice is written again without what the signal refuses (same id, dated
    // now), so that it stays refused once the signal stops.
    let reissued = consent_value_set(response.headers());
    let fields: Vec<&str> = reissued.split('.').collect();
    assert_eq!(
        (fields[0], fields[1], fields[3], fields[4]),
        ("1", "2", "performance", ID)
    );
    assert!(
        fields[2].parse::<u64>().unwrap().abs_diff(now()) <= 5,
        "{reissued}"
    );
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/plain".to_owned(),
            "set-cookie: _ga=2; Path=/".to_owned(),
            "set-cookie: _gcl_au=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            "set-cookie: _gcl_au=; Path=/; Domain=example.com; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            "set-cookie: _gcl_au=; Path=/page; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            "set-cookie: _gcl_au=; Path=/page; Domain=example.com; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            format!("set-cookie: __Host-cookie_consent={reissued}; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=15552000"),
            "vary: Cookie".to_owned(),
            "vary: Sec-GPC".to_owned(),
        ]
    );
    // The signal stops: the re-issued choice still refuses advertising (a request
    // without the signal is no opt-in), and nothing is re-issued again.
    let (response, seen) = send(
        gpc_policy(),
        get(&[
            &format!("__Host-cookie_consent={reissued}"),
            "_gcl_au=ad; _ga=ga",
        ]),
        response_with(StatusCode::OK, &app_cookies),
    )
    .await;
    assert!(!seen.consent.unwrap().allows("advertising"));
    assert!(
        !values(response.headers(), "set-cookie")
            .iter()
            .any(|line| line.starts_with("__Host-cookie_consent="))
    );

    // Without the signal the choice stands, and the response still varies on it.
    let (response, seen) = send(
        gpc_policy(),
        get(&cookies),
        response_with(StatusCode::OK, &app_cookies),
    )
    .await;
    assert!(seen.consent.unwrap().allows("advertising"));
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/plain",
            "set-cookie: _gcl_au=2; Path=/",
            "set-cookie: _ga=2; Path=/",
            "vary: Cookie",
            "vary: Sec-GPC",
        ]
    );
    // A choice that grants nothing the signal refuses does not depend on it.
    let (response, _) = send(
        gpc_policy(),
        page_request(Some(&consent("performance")), &["1"]),
        response_with(StatusCode::OK, &app_cookies),
    )
    .await;
    assert!(
        !values(response.headers(), "vary")
            .iter()
            .any(|v| v == "Sec-GPC")
    );
}

/// The preferences page for a visitor with the consent cookie `cookie`, sending the
/// signal when `gpc`.
async fn preferences_page(cookie: &str, gpc: bool) -> http::Response<Bytes> {
    let signal: &[&str] = if gpc { &["1"] } else { &[] };
    let mut request = page_request(Some(cookie), signal);
    *request.uri_mut() = "/consent".parse().unwrap();
    send(gpc_policy(), request, html(PAGE, &[])).await.0
}

/// The consent cookie's categories, from a post's answer.
fn posted_categories(response: &http::Response<Bytes>) -> String {
    let value = consent_value_set(response.headers());
    value.split('.').nth(3).unwrap().to_owned()
}

#[tokio::test]
async fn a_tick_while_sending_the_signal_wins_and_accept_all_leaves_out_what_it_refuses() {
    let post_with = |body: &str, gpc: bool| {
        let extra: &[(&str, &str)] = if gpc { &[("sec-gpc", "1")] } else { &[] };
        post(FORM, body, extra)
    };
    let ask = |request| async { send(gpc_policy(), request, html(PAGE, &[])).await.0 };
    let ticked = ask(post_with(
        "action=save&category=performance&category=advertising",
        true,
    ))
    .await;
    assert_eq!(posted_categories(&ticked), "performance+advertising!");
    // "Accept all" is no opt-in: the cookie says what applies.
    let all = ask(post_with("action=accept_all", true)).await;
    assert_eq!(posted_categories(&all), "functionality+performance");
    let json = ask(post(
        "application/json",
        r#"{"action":"accept_all"}"#,
        &[("sec-gpc", "1")],
    ))
    .await;
    assert_eq!(posted_categories(&json), "functionality+performance");
    let all_without = ask(post_with("action=accept_all", false)).await;
    assert_eq!(
        posted_categories(&all_without),
        "functionality+performance+advertising"
    );
    let no_signal = ask(post_with("action=save&category=advertising", false)).await;
    assert_eq!(posted_categories(&no_signal), "advertising");

    let allows = |categories: &'static str| async move {
        let cookie = consent(categories);
        let (_, seen) = send(
            gpc_policy(),
            page_request(Some(&cookie), &["1"]),
            html(PAGE, &[]),
        )
        .await;
        seen.consent.unwrap().allows("advertising")
    };
    assert!(allows("performance+advertising!").await);
    assert!(!allows("functionality+performance+advertising").await);
}

#[tokio::test]
async fn the_banner_and_the_preferences_page_show_the_signal() {
    let html_page = || html(PAGE, &[("content-type", "text/html")]);
    let (response, _) = send(gpc_policy(), page_request(None, &["1"]), html_page()).await;
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(
        body.contains(
            "<li><strong>Advertising and tracking</strong>: These cookies show where you saw our \
         adverts, measure how well our campaigns work and limit how often you see an advert. \
         <span class=\"tcc-gpc\">Opt-out preference signal honoured</span></li>"
        ),
        "{body}"
    );
    assert!(body.contains(
        "<p class=\"tcc-gpc-note\">Your browser sends an opt-out preference signal, so \
         &quot;Accept all&quot; leaves these off: Advertising and tracking. To allow them, tick \
         them under &quot;Customize&quot;.</p>"
    ));
    assert!(body.contains(
        "value=\"advertising\">Advertising and tracking <span class=\"tcc-always\">(Opt-out \
         preference signal honoured)</span></label>"
    ));
    assert_eq!(
        values(response.headers(), "vary"),
        ["Cookie", "HX-Request", "Accept-Language", "Sec-GPC"]
    );
    let (quiet, _) = send(gpc_policy(), page_request(None, &[]), html_page()).await;
    let quiet = String::from_utf8(quiet.body().to_vec()).unwrap();
    assert!(
        !quiet.contains("class=\"tcc-gpc") && !quiet.contains("signal"),
        "{quiet}"
    );

    // The preferences page: the signal's category unticked and marked, unless the
    // visitor ticked it under the signal.
    let preferences = |cookie: String| async move {
        let page = preferences_page(&cookie, true).await;
        assert!(
            values(page.headers(), "vary")
                .iter()
                .any(|v| v == "Sec-GPC")
        );
        String::from_utf8(page.body().to_vec()).unwrap()
    };
    let refused = preferences(consent("performance+advertising")).await;
    assert!(refused.contains("value=\"advertising\">Advertising and tracking <span class=\"tcc-always\">(Opt-out preference signal honoured)</span>"), "{refused}");
    assert!(refused.contains("value=\"performance\" checked>"));
    assert!(
        refused.contains(
            "<p id=\"tcc-current\">Currently allowed: Strictly necessary, Performance.</p>"
        ),
        "{refused}"
    );
    let opted_in = preferences(consent("performance+advertising!")).await;
    assert!(opted_in.contains("value=\"advertising\" checked>Advertising and tracking <span class=\"tcc-always\">(Opt-out preference signal honoured)</span>"), "{opted_in}");
}

#[tokio::test]
async fn gpc_json_is_served_from_the_policy() {
    for method in [http::Method::GET, http::Method::HEAD] {
        let request = Request::builder()
            .method(method.clone())
            .uri("/.well-known/gpc.json")
            .body(Full::<Bytes>::default())
            .unwrap();
        let (response, seen) = send(gpc_policy(), request, html(PAGE, &[])).await;
        assert_eq!(seen.calls, 0);
        let body = "{\"gpc\":true,\"lastUpdate\":\"2026-11-30\"}\n";
        assert_eq!(
            header_lines(response.headers()),
            [
                "content-type: application/json".to_owned(),
                format!("content-length: {}", body.len()),
                "cache-control: public, max-age=86400".to_owned(),
            ]
        );
        let expected = if method == http::Method::HEAD {
            ""
        } else {
            body
        };
        assert_eq!(&response.body()[..], expected.as_bytes());
    }
    // A policy with nothing the signal refuses leaves the path to the application.
    let request = Request::get("/.well-known/gpc.json")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (_, seen) = send(policy(), request, html(PAGE, &[])).await;
    assert_eq!(seen.calls, 1);
    // The date is checked.
    for bad in ["2026-13-01", "30.11.2026", "2026-11-3", ""] {
        let error = Policy::builder().gpc_last_update(bad).build().unwrap_err();
        assert_eq!(
            error,
            PolicyError::InvalidDate {
                date: bad.to_owned()
            }
        );
    }
}

#[tokio::test]
async fn applying_the_signal_records_one_gpc_applied_receipt() {
    let store: Arc<dyn ReceiptStore> = Arc::new(SqliteStore::open(temp_db("gpc")).await.unwrap());
    let layer = ConsentLayer::new(gpc_policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    let chosen = consent("performance+advertising");
    for _ in 0..3 {
        let mut request = page_request(Some(&chosen), &["1"]);
        request
            .headers_mut()
            .insert(header::ACCEPT_LANGUAGE, "fr".parse().unwrap());
        send_through(layer.clone(), request, html(PAGE, &[])).await;
    }
    // A choice the signal does not touch records nothing.
    send_through(
        layer.clone(),
        page_request(Some(&consent("performance")), &["1"]),
        html(PAGE, &[]),
    )
    .await;
    let id = consent_id(ID);
    eventually("one gpc_applied receipt", async || {
        store.receipts_of(id).await.unwrap().len() == 1
    })
    .await;
    // A second layer (another server) recording it again still makes one receipt.
    let other = ConsentLayer::new(gpc_policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    send_through(other, page_request(Some(&chosen), &["1"]), html(PAGE, &[])).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let receipts = store.receipts_of(id).await.unwrap();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let receipt = &receipts[0];
    assert_eq!(receipt.event, Event::GpcApplied);
    assert_eq!(receipt.method, Method::Gpc);
    assert_eq!(receipt.granted, ["performance"]);
    assert_eq!(receipt.refused, ["functionality", "advertising"]);
    assert_eq!(receipt.language, "fr");
    assert_eq!(receipt.path.as_deref(), Some("/page"));
}

#[tokio::test]
async fn a_choice_made_under_the_signal_keeps_its_receipt_and_the_notice_shown() {
    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("gpc-notice")).await.unwrap());
    let layer = ConsentLayer::new(gpc_policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    let choose = |gpc: bool| {
        let extra: &[(&str, &str)] = if gpc { &[("sec-gpc", "1")] } else { &[] };
        post(FORM, "action=accept_all", extra)
    };
    let (with_signal, _) = send_through(layer.clone(), choose(true), html(PAGE, &[])).await;
    let (without, _) = send_through(layer.clone(), choose(false), html(PAGE, &[])).await;
    let gpc_id = consent_id_set(with_signal.headers());
    let gpc_cookie = format!(
        "__Host-cookie_consent={}",
        consent_value_set(with_signal.headers())
    );
    let plain_id = consent_id_set(without.headers());
    let gpc_receipt = store
        .receipts_of(consent_id(&gpc_id))
        .await
        .unwrap()
        .remove(0);
    let plain_receipt = store
        .receipts_of(consent_id(&plain_id))
        .await
        .unwrap()
        .remove(0);
    // "Accept all" under the signal is recorded as what it granted: all but what the
    // signal refuses...
    assert_eq!(gpc_receipt.granted, ["functionality", "performance"]);
    assert_eq!(gpc_receipt.refused, ["advertising"]);
    assert_eq!(
        plain_receipt.granted,
        ["functionality", "performance", "advertising"]
    );
    // ...with the notice they read: the banner as a browser sending the signal gets it.
    assert_ne!(gpc_receipt.notice_hash, plain_receipt.notice_hash);
    let notice = store
        .notice(gpc_receipt.notice_hash)
        .await
        .unwrap()
        .unwrap();
    assert!(notice.text.contains("<p class=\"tcc-gpc-note\">"));
    let plain = store
        .notice(plain_receipt.notice_hash)
        .await
        .unwrap()
        .unwrap();
    assert!(!plain.text.contains("<p class=\"tcc-gpc-note\">"));

    // Read back under the signal, the choice still finds its receipt.
    let mut request = Request::get("https://example.com/consent/receipt")
        .header(header::COOKIE, &gpc_cookie)
        .body(Full::<Bytes>::default())
        .unwrap();
    request
        .headers_mut()
        .insert("sec-gpc", "1".parse().unwrap());
    let (response, _) = send_through(layer, request, html(PAGE, &[])).await;
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.body());
}

#[tokio::test]
async fn a_gpc_applied_receipt_keeps_no_path_longer_than_return_to_may_be() {
    let store: Arc<dyn ReceiptStore> =
        Arc::new(SqliteStore::open(temp_db("gpc-path")).await.unwrap());
    let layer = ConsentLayer::new(gpc_policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    // The audit's request: a 65,001-byte path, recorded whole before.
    let mut request = page_request(Some(&consent("performance+advertising")), &["1"]);
    *request.uri_mut() = format!("https://example.com/{}", "a".repeat(65_000))
        .parse()
        .unwrap();
    send_through(layer.clone(), request, html(PAGE, &[])).await;
    let id = consent_id(ID);
    eventually("the gpc_applied receipt", async || {
        store.receipts_of(id).await.unwrap().len() == 1
    })
    .await;
    let receipt = store.receipts_of(id).await.unwrap().remove(0);
    assert_eq!(receipt.event, Event::GpcApplied);
    assert_eq!(receipt.path, None, "65,001 bytes is no path to keep");

    // A path of 2,048 bytes, the most `return_to` may be, is kept.
    let longest = format!("/{}", "b".repeat(2047));
    // (Another choice, made earlier: a choice's `gpc_applied` receipt is recorded once.)
    let chosen = format!("__Host-cookie_consent=1.2.{}.advertising.{ID}", now() - 5);
    let mut request = page_request(Some(&chosen), &["1"]);
    *request.uri_mut() = format!("https://example.com{longest}").parse().unwrap();
    send_through(layer.clone(), request, html(PAGE, &[])).await;
    eventually("the second gpc_applied receipt", async || {
        store.receipts_of(id).await.unwrap().len() == 2
    })
    .await;
    let kept = store.receipts_of(id).await.unwrap();
    let paths: Vec<Option<&str>> = kept.iter().map(|receipt| receipt.path.as_deref()).collect();
    // Ordered by receipt id, which follows the choice's time: the earlier one first.
    assert_eq!(paths, [Some(longest.as_str()), None]);
}

#[tokio::test]
async fn the_preferences_page_and_the_footer_say_what_the_signal_refuses() {
    // The preferences page under the signal, for a choice that granted advertising:
    // listed as refused, with the reason beside it.
    let page = preferences_page(&consent("performance+advertising"), true).await;
    let page = String::from_utf8(page.body().to_vec()).unwrap();
    assert!(
        page.contains(
            "<p id=\"tcc-current\">Currently allowed: Strictly necessary, Performance.</p>\n\
             <p id=\"tcc-gpc-refused\">Refused: Advertising and tracking <span \
             class=\"tcc-gpc\">(Opt-out preference signal honoured)</span></p>"
        ),
        "{page}"
    );
    // Without the signal, no such line.
    let page = preferences_page(&consent("performance"), false).await;
    assert!(
        !String::from_utf8(page.body().to_vec())
            .unwrap()
            .contains("tcc-gpc-refused")
    );

    // The footer entry point on every page says the same for a GPC visitor, and the
    // page varies on the signal.
    let with_link = || {
        let mut builder = Policy::builder()
            .category(Category::functionality())
            .category(Category::performance())
            .category(Category::advertising().sells_or_shares(true))
            .banner(tower_cookie_consent::Banner::default().settings_link(true))
            .revision(2);
        for rule in policy().rules() {
            builder = builder.cookie(rule.clone());
        }
        builder.build().unwrap()
    };
    let footer = async |gpc: &[&str]| {
        let (response, _) = send(
            with_link(),
            page_request(Some(&consent("performance")), gpc),
            html(PAGE, &[("content-type", "text/html")]),
        )
        .await;
        let body = String::from_utf8(response.body().to_vec()).unwrap();
        (body, values(response.headers(), "vary"))
    };
    let (body, vary) = footer(&["1"]).await;
    assert!(
        body == format!(
            "{PAGE}<p class=\"tcc-settings\" lang=\"en\"><a \
             href=\"/consent?lang=en&amp;return_to=%2Fpage\">Cookie settings</a> <span \
             class=\"tcc-gpc\">Opt-out preference signal honoured</span></p>"
        ),
        "{body}"
    );
    assert_eq!(vary, ["Cookie", "HX-Request", "Accept-Language", "Sec-GPC"]);
    let (body, vary) = footer(&[]).await;
    assert!(
        body == format!(
            "{PAGE}<p class=\"tcc-settings\" lang=\"en\"><a \
             href=\"/consent?lang=en&amp;return_to=%2Fpage\">Cookie settings</a></p>"
        ),
        "{body}"
    );
    assert_eq!(vary, ["Cookie", "HX-Request", "Accept-Language", "Sec-GPC"]);
}
