//! The operator's pages against a known set of receipts, run against every store
//! (SQLite in `cargo test`, PostgreSQL in `.ci/run`): each figure, the JSON and CSV,
//! access refused (without the check, with a wrong token), the data-subject export and
//! the login form. Included with `#[path]` next to `common` (it needs tokio and a store).
#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::receipts::{Notice, Receipt, ReceiptStore, Receipts};
use tower_cookie_consent::{AdminAccess, ConsentLayer};

use crate::common::golden::assert_golden;
use crate::common::{header_lines, policy, response_with, send_through, values};

/// 2026-11-01T00:00:00Z.
pub const DAY_ONE: u64 = 1_793_491_200;
pub const TOKEN: &str = "correct horse battery staple 42";
pub const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
pub const C: &str = "cccccccccccccccccccccccccccccccc";
pub const D: &str = "dddddddddddddddddddddddddddddddd";

pub fn notices() -> [Notice; 2] {
    [
        Notice::new(2, "en", "<p>We use cookies.</p>"),
        Notice::new(2, "fr", "<p>Nous utilisons des cookies.</p>"),
    ]
}

/// One receipt, from its public JSON form.
#[allow(clippy::too_many_arguments)]
fn receipt(
    n: u64,
    consent: &str,
    at: u64,
    event: &str,
    method: &str,
    notice: &Notice,
    granted: &[&str],
    refused: &[&str],
    coalesced: u32,
) -> Receipt {
    let utc = |seconds: u64| {
        humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(seconds)).to_string()
    };
    let json = serde_json::json!({
        "schema_version": 1,
        "receipt_id": format!("01900000-0000-7000-8000-{n:012x}"),
        "consent_id": consent,
        "event": event,
        "occurred_at": utc(at),
        "granted": granted,
        "refused": refused,
        "policy_revision": 2,
        "notice_hash": notice.hash.to_string(),
        "language": notice.language,
        "method": method,
        "path": "/shop",
        "expires_at": utc(at + 15_552_000),
        "coalesced": coalesced,
    });
    serde_json::from_value(json).unwrap()
}

/// The known receipts: three on the first day, two (one standing for three refusals) on
/// the second, none on the third, and one just before and one just after the period.
/// Their regions: DE for 1 to 3, FR for 4, none for 5 (no region source), US-CA for 6,
/// DE for 7.
pub fn known_receipts() -> Vec<Receipt> {
    let mut receipts = unplaced_receipts();
    for (receipt, region) in receipts.iter_mut().zip([
        Some("DE"),
        Some("DE"),
        Some("DE"),
        Some("FR"),
        None,
        Some("US-CA"),
        Some("DE"),
    ]) {
        receipt.region = region.map(str::to_owned);
    }
    receipts
}

fn unplaced_receipts() -> Vec<Receipt> {
    let [en, fr] = notices();
    let all = ["functionality", "performance", "advertising"];
    vec![
        receipt(1, D, DAY_ONE - 1, "given", "accept_all", &en, &all, &[], 1),
        receipt(2, A, DAY_ONE + 10, "given", "accept_all", &en, &all, &[], 1),
        receipt(
            3,
            B,
            DAY_ONE + 3600,
            "given",
            "reject_all",
            &en,
            &[],
            &all,
            1,
        ),
        receipt(
            4,
            C,
            DAY_ONE + 86_399,
            "given",
            "save",
            &fr,
            &["functionality"],
            &["performance", "advertising"],
            1,
        ),
        receipt(
            5,
            A,
            DAY_ONE + 86_400,
            "updated",
            "save",
            &en,
            &["performance"],
            &["functionality", "advertising"],
            1,
        ),
        receipt(
            6,
            D,
            DAY_ONE + 90_000,
            "given",
            "reject_all",
            &fr,
            &[],
            &all,
            3,
        ),
        receipt(
            7,
            B,
            DAY_ONE + 3 * 86_400,
            "updated",
            "accept_all",
            &en,
            &all,
            &[],
            1,
        ),
    ]
}

/// A layer recording in `store` whose admin pages take [`TOKEN`].
pub fn admin_layer(store: Arc<dyn ReceiptStore>) -> ConsentLayer {
    ConsentLayer::new(policy())
        .record_receipts(Receipts::from_shared_store(store, Default::default()))
        .admin_access(AdminAccess::bearer_token(TOKEN))
}

pub fn admin_get(path_and_query: &str, authorization: Option<&str>) -> Request<Full<Bytes>> {
    let mut request = Request::get(format!("https://example.com{path_and_query}"));
    if let Some(authorization) = authorization {
        request = request.header(header::AUTHORIZATION, authorization);
    }
    request.body(Full::default()).unwrap()
}

/// The answer, and how many times the application was called (0: the layer answered).
pub async fn ask(layer: &ConsentLayer, request: Request<Full<Bytes>>) -> (Response<Bytes>, usize) {
    let app_404 = response_with(StatusCode::NOT_FOUND, &[("content-type", "text/plain")]);
    let (response, seen) = send_through(layer.clone(), request, app_404).await;
    (response, seen.calls)
}

fn body(response: &Response<Bytes>) -> &str {
    std::str::from_utf8(response.body()).unwrap()
}

const BEARER: &str = "Bearer correct horse battery staple 42";
const PERIOD: &str = "/consent/admin?from=2026-11-01&to=2026-11-03";

/// The figures of the known receipts, as JSON: each number follows from
/// [`known_receipts`] (receipts 1 and 7 are outside the period; receipt 6 counts three
/// times; receipt 5 records no region, so no region counts it).
pub const FIGURES_JSON: &str = concat!(
    r#"{"categories":["#,
    r#"{"days":[{"accepted":2,"choices":3,"day":"2026-11-01","refused":1},"#,
    r#"{"accepted":0,"choices":4,"day":"2026-11-02","refused":4},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"functionality","label":"Functionality"},"#,
    r#"{"days":[{"accepted":1,"choices":3,"day":"2026-11-01","refused":2},"#,
    r#"{"accepted":1,"choices":4,"day":"2026-11-02","refused":3},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"performance","label":"Performance"},"#,
    r#"{"days":[{"accepted":1,"choices":3,"day":"2026-11-01","refused":2},"#,
    r#"{"accepted":0,"choices":4,"day":"2026-11-02","refused":4},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"advertising","label":"Advertising and tracking"}],"#,
    r#""from":"2026-11-01","languages":["#,
    r#"{"days":[{"accepted":1,"choices":2,"day":"2026-11-01","refused":1},"#,
    r#"{"accepted":0,"choices":1,"day":"2026-11-02","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"en","label":"en"},"#,
    r#"{"days":[{"accepted":0,"choices":1,"day":"2026-11-01","refused":0},"#,
    r#"{"accepted":0,"choices":3,"day":"2026-11-02","refused":3},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"fr","label":"fr"}],"#,
    r#""methods":["#,
    r#"{"days":[{"accepted":1,"choices":1,"day":"2026-11-01","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-02","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"accept_all","label":"accept_all"},"#,
    r#"{"days":[{"accepted":0,"choices":1,"day":"2026-11-01","refused":1},"#,
    r#"{"accepted":0,"choices":3,"day":"2026-11-02","refused":3},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"reject_all","label":"reject_all"},"#,
    r#"{"days":[{"accepted":0,"choices":1,"day":"2026-11-01","refused":0},"#,
    r#"{"accepted":0,"choices":1,"day":"2026-11-02","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"save","label":"save"}],"#,
    r#""regions":["#,
    r#"{"days":[{"accepted":1,"choices":2,"day":"2026-11-01","refused":1},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-02","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"DE","label":"DE"},"#,
    r#"{"days":[{"accepted":0,"choices":1,"day":"2026-11-01","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-02","refused":0},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"FR","label":"FR"},"#,
    r#"{"days":[{"accepted":0,"choices":0,"day":"2026-11-01","refused":0},"#,
    r#"{"accepted":0,"choices":3,"day":"2026-11-02","refused":3},"#,
    r#"{"accepted":0,"choices":0,"day":"2026-11-03","refused":0}],"key":"US-CA","label":"US-CA"}],"#,
    r#""to":"2026-11-03"}"#,
    "\n"
);

pub const FIGURES_CSV: &str = "dimension,key,day,choices,accepted,refused\r\n\
category,functionality,2026-11-01,3,2,1\r\n\
category,functionality,2026-11-02,4,0,4\r\n\
category,functionality,2026-11-03,0,0,0\r\n\
category,performance,2026-11-01,3,1,2\r\n\
category,performance,2026-11-02,4,1,3\r\n\
category,performance,2026-11-03,0,0,0\r\n\
category,advertising,2026-11-01,3,1,2\r\n\
category,advertising,2026-11-02,4,0,4\r\n\
category,advertising,2026-11-03,0,0,0\r\n\
language,en,2026-11-01,2,1,1\r\n\
language,en,2026-11-02,1,0,0\r\n\
language,en,2026-11-03,0,0,0\r\n\
language,fr,2026-11-01,1,0,0\r\n\
language,fr,2026-11-02,3,0,3\r\n\
language,fr,2026-11-03,0,0,0\r\n\
method,accept_all,2026-11-01,1,1,0\r\n\
method,accept_all,2026-11-02,0,0,0\r\n\
method,accept_all,2026-11-03,0,0,0\r\n\
method,reject_all,2026-11-01,1,0,1\r\n\
method,reject_all,2026-11-02,3,0,3\r\n\
method,reject_all,2026-11-03,0,0,0\r\n\
method,save,2026-11-01,1,0,0\r\n\
method,save,2026-11-02,1,0,0\r\n\
method,save,2026-11-03,0,0,0\r\n\
region,DE,2026-11-01,2,1,1\r\n\
region,DE,2026-11-02,0,0,0\r\n\
region,DE,2026-11-03,0,0,0\r\n\
region,FR,2026-11-01,1,0,0\r\n\
region,FR,2026-11-02,0,0,0\r\n\
region,FR,2026-11-03,0,0,0\r\n\
region,US-CA,2026-11-01,0,0,0\r\n\
region,US-CA,2026-11-02,3,0,3\r\n\
region,US-CA,2026-11-03,0,0,0\r\n";

/// Every check of the operator's pages, against `store` (empty when given).
pub async fn admin_suite(store: Arc<dyn ReceiptStore>) {
    store
        .write(&notices(), &known_receipts())
        .await
        .expect("the known receipts are stored");
    let layer = admin_layer(store.clone());

    // The scheme's name in any case.
    let (lowercase, _) = ask(
        &layer,
        admin_get(
            &format!("{PERIOD}&format=csv"),
            Some("bearer correct horse battery staple 42"),
        ),
    )
    .await;
    assert_eq!(lowercase.status(), StatusCode::OK);

    // The figures as JSON and CSV: exact bytes and headers.
    let (json, calls) = ask(
        &layer,
        admin_get(&format!("{PERIOD}&format=json"), Some(BEARER)),
    )
    .await;
    assert_eq!(calls, 0);
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(body(&json), FIGURES_JSON);
    assert_eq!(
        header_lines(json.headers()),
        [
            "content-type: application/json",
            &format!("content-length: {}", FIGURES_JSON.len()),
            "cache-control: no-store",
            "x-robots-tag: noindex",
            "referrer-policy: no-referrer",
        ]
    );
    assert_eq!(body(&json), FIGURES_JSON);
    let (csv, _) = ask(
        &layer,
        admin_get(&format!("{PERIOD}&format=csv"), Some(BEARER)),
    )
    .await;
    assert_eq!(
        header_lines(csv.headers()),
        [
            "content-type: text/csv; charset=utf-8",
            &format!("content-length: {}", FIGURES_CSV.len()),
            "cache-control: no-store",
            "x-robots-tag: noindex",
            "referrer-policy: no-referrer",
            "content-disposition: attachment; filename=\"consent-figures-2026-11-01-2026-11-03.csv\"",
        ]
    );
    assert_eq!(body(&csv), FIGURES_CSV);

    // The page: the same numbers in tables beside their charts (golden file).
    let (page, _) = ask(&layer, admin_get(PERIOD, Some(BEARER))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = values(page.headers(), "content-security-policy");
    assert_eq!(csp.len(), 1);
    assert!(
        csp[0].starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp:?}"
    );
    assert_golden("admin-figures.html", body(&page));
    // HEAD: the same headers, no body.
    let mut head = admin_get(PERIOD, Some(BEARER));
    *head.method_mut() = http::Method::HEAD;
    let (head, _) = ask(&layer, head).await;
    assert_eq!(head.headers(), page.headers());
    assert!(head.body().is_empty());

    // No access: the application answers, as for any path it does not know.
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some("Basic Y29ycmVjdA=="),
        Some("Bearer correct horse battery staple 4"),
    ] {
        for path in [
            PERIOD,
            "/consent/admin/subject?id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            let (refused, calls) = ask(&layer, admin_get(path, authorization)).await;
            assert_eq!(calls, 1, "{authorization:?} {path}");
            assert_eq!(refused.status(), StatusCode::NOT_FOUND);
            assert_eq!(body(&refused), "<p>hi</p>");
        }
    }
    // Nor without an access set at all, even with the token.
    let closed = ConsentLayer::new(policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        Default::default(),
    ));
    let (refused, calls) = ask(&closed, admin_get(PERIOD, Some(BEARER))).await;
    assert_eq!((refused.status(), calls), (StatusCode::NOT_FOUND, 1));
    let (refused, calls) = ask(&closed, admin_get("/consent/admin/login", None)).await;
    assert_eq!((refused.status(), calls), (StatusCode::NOT_FOUND, 1));

    // Parameters are checked after access too: clear 400s.
    for (query, message) in [
        ("from=2026-11-04&to=2026-11-01", "from is after to"),
        (
            "from=2025-11-01&to=2026-11-02",
            "the period is at most 366 days",
        ),
        ("from=2026-13-01", "from is not a date (YYYY-MM-DD)"),
        ("to=2026-11-01T00:00:00Z", "to is not a date (YYYY-MM-DD)"),
        ("format=xml", "unknown format \"xml\""),
        (
            "from=2026-11-01&from=2026-11-02",
            "the parameter from is given twice",
        ),
        (
            "since=1",
            "unknown parameter \"since\" (known: from, to, format)",
        ),
    ] {
        let (bad, calls) = ask(
            &layer,
            admin_get(&format!("/consent/admin?{query}"), Some(BEARER)),
        )
        .await;
        assert_eq!(
            (bad.status(), calls),
            (StatusCode::BAD_REQUEST, 0),
            "{query}"
        );
        assert_eq!(body(&bad), format!("{message}\n"), "{query}");
    }
    let (exactly_a_year, _) = ask(
        &layer,
        admin_get(
            "/consent/admin?from=2025-11-02&to=2026-11-02&format=csv",
            Some(BEARER),
        ),
    )
    .await;
    assert_eq!(exactly_a_year.status(), StatusCode::OK);
    // 366 days of 11 series: 3 categories, 2 languages, 3 methods, 3 regions.
    assert_eq!(body(&exactly_a_year).lines().count(), 1 + 366 * 11);
    let (post, _) = ask(
        &layer,
        Request::post("https://example.com/consent/admin")
            .header(header::AUTHORIZATION, BEARER)
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(values(post.headers(), "allow"), ["GET, HEAD"]);

    subject_requests(&layer).await;
    login(&layer).await;
}

/// Every receipt of a consent id, with its notices: JSON and the printable page, by id
/// or by the consent cookie a visitor shows.
async fn subject_requests(layer: &ConsentLayer) {
    let (json, calls) = ask(
        layer,
        admin_get(
            &format!("/consent/admin/subject?id={A}&format=json"),
            Some(BEARER),
        ),
    )
    .await;
    assert_eq!((json.status(), calls), (StatusCode::OK, 0));
    let receipts = known_receipts();
    let [en, _] = notices();
    let expected = format!(
        "{{\"consent_id\":\"{A}\",\"receipts\":[{},{}],\"notices\":[{{\"notice_hash\":\"{}\",\
         \"policy_revision\":2,\"language\":\"en\",\"text\":\"<p>We use cookies.</p>\"}}]}}\n",
        receipts[1].to_json(),
        receipts[4].to_json(),
        en.hash,
    );
    assert_eq!(body(&json), expected);
    let cookie = format!(
        "__Host-cookie_consent=1.2.{}.performance.{A}",
        DAY_ONE + 86_400
    );
    let by_cookie = format!(
        "/consent/admin/subject?format=json&cookie={}",
        crate::common::form_encode(&cookie)
    );
    let (json, _) = ask(layer, admin_get(&by_cookie, Some(BEARER))).await;
    assert_eq!(body(&json), expected);
    let (page, _) = ask(
        layer,
        admin_get(&format!("/consent/admin/subject?id={A}"), Some(BEARER)),
    )
    .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_golden("admin-subject.html", body(&page));
    let (none, _) = ask(
        layer,
        admin_get(
            &format!("/consent/admin/subject?id={}&format=json", "e".repeat(32)),
            Some(BEARER),
        ),
    )
    .await;
    assert_eq!(
        body(&none),
        format!(
            "{{\"consent_id\":\"{}\",\"receipts\":[],\"notices\":[]}}\n",
            "e".repeat(32)
        )
    );
    for (query, message) in [
        ("", "give id (a consent id) or cookie"),
        (
            "id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "id is not a consent id (32 lowercase hex digits)",
        ),
        ("cookie=2.1.2.x.y", "cookie is not a consent cookie's value"),
        (&format!("id={A}&cookie=x"), "give id or cookie, not both"),
        (
            &format!("id={A}&format=csv"),
            "this page has no CSV form (html or json)",
        ),
    ] {
        let (bad, _) = ask(
            layer,
            admin_get(&format!("/consent/admin/subject?{query}"), Some(BEARER)),
        )
        .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body(&bad), format!("{message}\n"), "{query}");
    }
}

/// The login form sets the admin cookie, which then opens the pages, and which the
/// layer never deletes or filters.
async fn login(layer: &ConsentLayer) {
    let (form, calls) = ask(layer, admin_get("/consent/admin/login", None)).await;
    assert_eq!((form.status(), calls), (StatusCode::OK, 0));
    assert_golden("admin-login.html", body(&form));
    let login = |token: &str, site: &str| {
        Request::post("https://example.com/consent/admin/login")
            .header(header::HOST, "example.com")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", site)
            .body(Full::new(Bytes::from(format!(
                "token={}",
                crate::common::form_encode(token)
            ))))
            .unwrap()
    };
    let (wrong, _) = ask(layer, login("wrong", "same-origin")).await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert!(values(wrong.headers(), "set-cookie").is_empty());
    let (cross_site, _) = ask(layer, login(TOKEN, "cross-site")).await;
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert!(values(cross_site.headers(), "set-cookie").is_empty());
    let (signed_in, _) = ask(layer, login(TOKEN, "same-origin")).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(values(signed_in.headers(), "location"), ["/consent/admin"]);
    let set = values(signed_in.headers(), "set-cookie");
    assert_eq!(set.len(), 1);
    let value = set[0]
        .strip_prefix("tcc_admin=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    assert_eq!(value.len(), 64);
    assert!(!set[0].contains(TOKEN));
    assert_eq!(
        set[0],
        format!(
            "tcc_admin={value}; Path=/consent/admin; Max-Age=28800; HttpOnly; SameSite=Strict; Secure"
        )
    );

    // The cookie opens the pages.
    let with_cookie = |path: &str, cookie: &str| {
        Request::get(format!("https://example.com{path}"))
            .header(header::COOKIE, cookie)
            .body(Full::default())
            .unwrap()
    };
    let (open, calls) = ask(
        layer,
        with_cookie(
            &format!("{PERIOD}&format=csv"),
            &format!("tcc_admin={value}"),
        ),
    )
    .await;
    assert_eq!((open.status(), calls), (StatusCode::OK, 0));
    assert_eq!(body(&open), FIGURES_CSV);
    let (closed, calls) = ask(
        layer,
        with_cookie(PERIOD, &format!("tcc_admin={}", "0".repeat(64))),
    )
    .await;
    assert_eq!((closed.status(), calls), (StatusCode::NOT_FOUND, 1));

    // The site's pages neither delete it nor hide it from the application.
    let page = with_cookie("/page", &format!("tcc_admin={value}"));
    let (response, seen) = send_through(
        layer.clone(),
        page,
        crate::common::html("<p>hi</p>", &[("content-type", "text/html")]),
    )
    .await;
    assert!(values(response.headers(), "set-cookie").is_empty());
    assert_eq!(seen.cookie_headers, [format!("tcc_admin={value}")]);
}
