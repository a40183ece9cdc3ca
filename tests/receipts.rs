//! Receipts, end to end through the layer with a SQLite store: the receipt of each
//! endpoint action, the notice archive, the visitor's receipt page and JSON, the store
//! failing and slow, group commit, the full queue and the purge. The store contract
//! itself is `store_suite` (tests/common/receipts.rs), run here against SQLite.

// Literal arrays of clones read as the expected rows.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use suite::*;
use tower_cookie_consent::receipts::{
    Event, Method, Notice, NoticeHash, Receipt, ReceiptOptions, ReceiptStore, Receipts, SqliteStore,
};
use tower_cookie_consent::{Banner, BannerTexts, ConsentLayer};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const LIFETIME: u64 = 180 * 24 * 3600;

async fn sqlite() -> SqliteStore {
    SqliteStore::open(temp_db("receipts")).await.unwrap()
}

/// A layer recording in `store`, and the store to look into.
fn layer_with(store: Arc<dyn ReceiptStore>, options: ReceiptOptions) -> ConsentLayer {
    ConsentLayer::new(policy()).record_receipts(Receipts::from_shared_store(store, options))
}

async fn through(layer: &ConsentLayer, request: Request<Full<Bytes>>) -> http::Response<Bytes> {
    let unused = response_with(StatusCode::OK, &[]);
    send_through(layer.clone(), request, unused).await.0
}

/// The consent cookie a response set: (`decided_at`, granted, consent id).
fn consent_cookie(response: &http::Response<Bytes>) -> (u64, String, String) {
    let line = values(response.headers(), "set-cookie")
        .into_iter()
        .find_map(|value| {
            value
                .strip_prefix("__Host-cookie_consent=")
                .map(str::to_owned)
        })
        .expect("a consent cookie");
    let value = line.split(';').next().unwrap();
    let fields: Vec<&str> = value.split('.').collect();
    (
        fields[2].parse().unwrap(),
        fields[3].to_owned(),
        fields[4].to_owned(),
    )
}

fn cookie_pair(response: &http::Response<Bytes>) -> String {
    let (time, granted, id) = consent_cookie(response);
    format!("__Host-cookie_consent=1.2.{time}.{granted}.{id}")
}

async fn receipts_of(store: &dyn ReceiptStore, id: &str) -> Vec<Receipt> {
    store.receipts_of(consent_id(id)).await.unwrap()
}

/// The fields every receipt of the test policy shares, checked; the rest returned.
fn check_common(receipt: &Receipt, response: &http::Response<Bytes>, notice: &Notice) {
    let (time, _, id) = consent_cookie(response);
    assert_eq!(receipt.schema_version, 1);
    assert_eq!(receipt.consent_id.to_string(), id);
    assert_eq!(receipt.occurred_at, UNIX_EPOCH + Duration::from_secs(time));
    assert_eq!(
        receipt.expires_at,
        UNIX_EPOCH + Duration::from_secs(time + LIFETIME)
    );
    assert_eq!(receipt.policy_revision, 2);
    assert_eq!(receipt.notice_hash, notice.hash);
    assert_eq!(receipt.language, "en");
    let made = receipt.receipt_id.to_string();
    assert_eq!(&made[14..15], "7", "a UUIDv7: {made}");
}

async fn the_notice(store: &dyn ReceiptStore, receipt: &Receipt) -> Notice {
    store
        .notice(receipt.notice_hash)
        .await
        .unwrap()
        .expect("its notice is stored")
}

#[tokio::test]
async fn the_sqlite_store_keeps_the_store_contract() {
    store_suite(&sqlite().await).await;
}

#[tokio::test]
async fn accept_all_is_answered_after_its_receipt_is_stored() {
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let layer = layer_with(store.clone(), ReceiptOptions::default());
    let request = post(FORM, "action=accept_all&return_to=%2Fshop%3Fitem%3D3", &[]);
    let response = through(&layer, request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/shop?item=3");
    let (_, granted, id) = consent_cookie(&response);
    assert_eq!(granted, "functionality+performance+advertising");

    // Already stored when the answer came: no waiting here.
    let receipts = receipts_of(&*store, &id).await;
    assert_eq!(receipts.len(), 1);
    let receipt = &receipts[0];
    let notice = the_notice(&*store, receipt).await;
    check_common(receipt, &response, &notice);
    assert_eq!(receipt.event, Event::Given);
    assert_eq!(receipt.method, Method::AcceptAll);
    assert_eq!(
        receipt.granted,
        ["functionality", "performance", "advertising"]
    );
    assert!(receipt.refused.is_empty());
    assert_eq!(receipt.path.as_deref(), Some("/shop"));
    assert_eq!(
        (
            receipt.user_agent.as_deref(),
            receipt.client_address.as_deref()
        ),
        (None, None)
    );
    assert_eq!(layer.receipts().unwrap().stats().stored, 1);
}

#[tokio::test]
async fn save_json_update_and_withdrawal_each_leave_their_receipt() {
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let layer = layer_with(store.clone(), ReceiptOptions::default());

    // A first choice, saved from the form.
    let saved = through(
        &layer,
        post(
            FORM,
            "action=save&category=performance&return_to=/blog",
            &[],
        ),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, _, id) = consent_cookie(&saved);

    // Changed through `fetch`: the consent id stays, the event is an update.
    let body = r#"{"action":"save","categories":["functionality"]}"#;
    let changed = through(
        &layer,
        post(JSON, body, &[("cookie", &cookie_pair(&saved))]),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        consent_cookie(&changed).2,
        id,
        "a changed choice keeps its consent id"
    );

    // Withdrawn: everything optional refused after a grant.
    let withdrawn = through(
        &layer,
        post(
            FORM,
            "action=reject_all",
            &[("cookie", &cookie_pair(&changed))],
        ),
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    assert_eq!(consent_cookie(&withdrawn).2, id);

    let receipts = receipts_of(&*store, &id).await;
    assert_eq!(receipts.len(), 3, "{receipts:#?}");
    let notice = the_notice(&*store, &receipts[0]).await;
    type Row = (Event, Method, Vec<String>, Vec<String>, Option<String>);
    let summary: Vec<Row> = receipts
        .iter()
        .map(|receipt| {
            (
                receipt.event,
                receipt.method,
                receipt.granted.clone(),
                receipt.refused.clone(),
                receipt.path.clone(),
            )
        })
        .collect();
    let ids = |list: &[&str]| list.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        [
            (
                Event::Given,
                Method::Save,
                ids(&["performance"]),
                ids(&["functionality", "advertising"]),
                Some("/blog".to_owned())
            ),
            (
                Event::Updated,
                Method::Json,
                ids(&["functionality"]),
                ids(&["performance", "advertising"]),
                None
            ),
            (
                Event::Withdrawn,
                Method::RejectAll,
                ids(&[]),
                ids(&["functionality", "performance", "advertising"]),
                None
            ),
        ]
    );
    check_common(&receipts[0], &saved, &notice);
    check_common(&receipts[1], &changed, &notice);
    check_common(&receipts[2], &withdrawn, &notice);
    assert!(receipts[0].receipt_id < receipts[1].receipt_id);
}

#[tokio::test]
async fn a_first_refusal_is_a_given_receipt_and_optional_fields_are_recorded_when_asked() {
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let options = ReceiptOptions::default()
        .record_user_agent(true)
        .record_client_address(|request| {
            request
                .headers
                .get("x-test-peer")
                .and_then(|value| value.to_str().ok()?.parse::<IpAddr>().ok())
        });
    let layer = layer_with(store.clone(), options);
    let extra = [
        ("user-agent", "Mozilla/5.0 (X11; Linux x86_64)"),
        ("x-test-peer", "198.51.100.77"),
    ];
    let refused = through(&layer, post(FORM, "action=reject_all&return_to=/", &extra)).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let (_, granted, id) = consent_cookie(&refused);
    assert_eq!(granted, "");
    // A refusal waits for its batch while the store is healthy: stored already.
    let receipts = receipts_of(&*store, &id).await;
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        (receipts[0].event, receipts[0].method),
        (Event::Given, Method::RejectAll)
    );
    assert_eq!(
        receipts[0].user_agent.as_deref(),
        Some("Mozilla/5.0 (X11; Linux x86_64)")
    );
    assert_eq!(
        receipts[0].client_address.as_deref(),
        Some("198.51.100.0/24")
    );

    let v6 = [("x-test-peer", "2001:db8:abcd:12::1")];
    let accepted = through(&layer, post(FORM, "action=accept_all", &v6)).await;
    let receipt = &receipts_of(&*store, &consent_cookie(&accepted).2).await[0];
    assert_eq!(
        receipt.client_address.as_deref(),
        Some("2001:db8:abcd::/48")
    );
    assert_eq!(receipt.user_agent, None, "no User-Agent sent");
}

/// The banner as a page under a strict CSP gets it (its stylesheet linked).
async fn shown_banner(layer: &ConsentLayer) -> String {
    let page = html(
        "<!doctype html><html><head></head><body><p>Welcome</p></body></html>",
        &[
            ("content-type", "text/html"),
            ("content-security-policy", "style-src 'self'"),
        ],
    );
    let home = Request::get("https://example.com/")
        .body(Full::default())
        .unwrap();
    let (response, _) = send_through(layer.clone(), home, page).await;
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    let start = body.find("<section").unwrap();
    let end = body.find("</section>").unwrap() + "</section>".len();
    body[start..end].to_owned()
}

async fn shown_preferences(layer: &ConsentLayer) -> String {
    let request = Request::get("https://example.com/consent")
        .body(Full::default())
        .unwrap();
    let response = through(layer, request).await;
    String::from_utf8(response.body().to_vec()).unwrap()
}

#[tokio::test]
async fn the_notice_is_what_the_visitor_was_shown_stored_once_per_text() {
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let layer = layer_with(store.clone(), ReceiptOptions::default());
    let first = through(&layer, post(FORM, "action=accept_all", &[])).await;
    let receipt = &receipts_of(&*store, &consent_cookie(&first).2).await[0];
    let notice = the_notice(&*store, receipt).await;
    let expected = format!(
        "{}\n{}",
        shown_banner(&layer).await,
        shown_preferences(&layer).await
    );
    assert_eq!(notice.text, expected, "word for word what was shown");
    assert_eq!(notice.hash, NoticeHash::of(&expected));
    assert_eq!(
        (notice.policy_revision, notice.language.as_str()),
        (2, "en")
    );

    // Another layer with the same texts (a second server): the same hash, one notice.
    let twin = layer_with(store.clone(), ReceiptOptions::default());
    let second = through(&twin, post(FORM, "action=accept_all", &[])).await;
    let twin_receipt = &receipts_of(&*store, &consent_cookie(&second).2).await[0];
    assert_eq!(twin_receipt.notice_hash, notice.hash);

    // A changed text: a new notice, the old one kept.
    let mut texts = BannerTexts::default();
    texts.statement = "We would like to set optional cookies.".to_owned();
    let changed = ConsentLayer::new(
        policy_builder()
            .banner(Banner::default().texts(texts))
            .build()
            .unwrap(),
    )
    .record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    let third = through(&changed, post(FORM, "action=accept_all", &[])).await;
    let changed_receipt = &receipts_of(&*store, &consent_cookie(&third).2).await[0];
    assert_ne!(changed_receipt.notice_hash, notice.hash);
    let new_notice = the_notice(&*store, changed_receipt).await;
    assert!(
        new_notice
            .text
            .contains("We would like to set optional cookies.")
    );
    assert_eq!(
        new_notice.text,
        format!(
            "{}\n{}",
            shown_banner(&changed).await,
            shown_preferences(&changed).await
        )
    );
    assert_eq!(the_notice(&*store, receipt).await, notice);

    let mut out = Vec::new();
    let summary = tower_cookie_consent::receipts::export_json_lines(
        &*store,
        UNIX_EPOCH,
        SystemTime::now() + Duration::from_secs(60),
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(
        (summary.receipts, summary.notices),
        (3, 2),
        "one stored notice per text"
    );
}

#[tokio::test]
async fn the_visitor_sees_their_receipt_on_the_preferences_page_and_as_json() {
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let layer = layer_with(store.clone(), ReceiptOptions::default());
    let chosen = through(
        &layer,
        post(FORM, "action=save&category=functionality", &[]),
    )
    .await;
    let (time, _, id) = consent_cookie(&chosen);
    let cookie = cookie_pair(&chosen);
    let stored = receipts_of(&*store, &id).await.remove(0);

    let page_request = Request::get("https://example.com/consent")
        .header(header::COOKIE, &cookie)
        .body(Full::default())
        .unwrap();
    let page = through(&layer, page_request).await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = String::from_utf8(page.body().to_vec()).unwrap();
    let section = format!(
        "<section class=\"tcc-receipt\" aria-labelledby=\"tcc-receipt-title\">\n\
         <h2 id=\"tcc-receipt-title\">Your consent record</h2>\n\
         <p>This is the record we keep of your choice.</p>\n<dl>\n\
         <dt>Consent ID</dt><dd>{id}</dd>\n\
         <dt>Recorded at</dt><dd>{}</dd>\n\
         <dt>Cookie policy version</dt><dd>2</dd>\n\
         <dt>Allowed</dt><dd>Functionality</dd>\n\
         <dt>Refused</dt><dd>Performance, Advertising and tracking</dd>\n\
         </dl>\n<p><a href=\"/consent/receipt\">This record as JSON</a></p>\n</section>\n",
        utc(UNIX_EPOCH + Duration::from_secs(time))
    );
    assert!(body.contains(&section), "{body}");

    let json_request = |cookie: Option<&str>| {
        let mut request = Request::get("https://example.com/consent/receipt");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Full::default()).unwrap()
    };
    let json = through(&layer, json_request(Some(&cookie))).await;
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(
        header_lines(json.headers()),
        [
            "content-type: application/json".to_owned(),
            format!("content-length: {}", json.body().len()),
            "cache-control: no-store".to_owned(),
        ]
    );
    assert_eq!(json.body(), &format!("{}\n", stored.to_json()));

    let none = through(&layer, json_request(None)).await;
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        none.body(),
        "{\"error\":\"no_choice\",\"message\":\"no choice is recorded in this browser\"}\n"
    );
    // A valid cookie whose receipt the store does not have.
    let unknown = through(&layer, json_request(Some(&consent("functionality")))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let post_to_it = Request::post("https://example.com/consent/receipt")
        .body(Full::default())
        .unwrap();
    let refused = through(&layer, post_to_it).await;
    assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(refused.headers()[header::ALLOW], "GET, HEAD");
}

#[tokio::test]
async fn a_failing_store_refuses_grants_and_keeps_refusals_until_it_recovers() {
    let flaky = FlakyStore::new(sqlite().await);
    let options = ReceiptOptions::default().refusal_wait(Duration::from_millis(50));
    let layer = layer_with(flaky.clone(), options);
    flaky.fail(true);

    // A grant: 503, no consent cookie, a page that says so and links back.
    let grant = through(&layer, post(FORM, "action=accept_all&return_to=/shop", &[])).await;
    assert_eq!(grant.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        header_lines(grant.headers()),
        [
            "content-type: text/html; charset=utf-8",
            "retry-after: 5",
            "cache-control: no-store",
            "content-security-policy: default-src 'none'; style-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ]
    );
    let page = String::from_utf8(grant.body().to_vec()).unwrap();
    assert!(
        page.contains("<h1>Your choice could not be saved</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/shop\">Back to the page</a>"),
        "{page}"
    );

    // The same for `fetch`, in JSON.
    let body = r#"{"action":"save","categories":["performance"]}"#;
    let json = through(&layer, post(JSON, body, &[])).await;
    assert_eq!(json.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json.headers()[header::CONTENT_TYPE], "application/json");
    let error: serde_json::Value = serde_json::from_slice(json.body()).unwrap();
    assert_eq!(error["error"], "choice_not_saved");

    // A refusal takes effect at once: cookie and deletions.
    let carried = [("cookie", "_ga=GA1.1; prefs=dark")];
    let refusal = through(&layer, post(FORM, "action=reject_all", &carried)).await;
    assert_eq!(refusal.status(), StatusCode::SEE_OTHER);
    let (_, granted, id) = consent_cookie(&refusal);
    assert_eq!(granted, "");
    let set_cookies = values(refusal.headers(), "set-cookie");
    assert!(
        set_cookies.iter().any(|line| line.starts_with("_ga=;")),
        "{set_cookies:?}"
    );
    assert!(
        set_cookies.iter().any(|line| line.starts_with("prefs=;")),
        "{set_cookies:?}"
    );

    let recorder = layer.receipts().unwrap().clone();
    assert!(
        flaky
            .inner
            .receipts_of(consent_id(&id))
            .await
            .unwrap()
            .is_empty()
    );
    eventually("the refusal waits for a retry", async || {
        recorder.stats().refusals_pending == 1
    })
    .await;
    assert!(recorder.stats().failed_writes >= 3);

    // The store recovers: the refusal's receipt is stored, once; the grants' never.
    flaky.fail(false);
    eventually("the refusal's receipt is stored", async || {
        !flaky
            .inner
            .receipts_of(consent_id(&id))
            .await
            .unwrap()
            .is_empty()
    })
    .await;
    let stored = flaky.inner.receipts_of(consent_id(&id)).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].method, Method::RejectAll);
    let everything = flaky
        .inner
        .receipts_between(
            UNIX_EPOCH,
            SystemTime::now() + Duration::from_secs(60),
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(everything, stored, "no receipt for the refused grants");
    assert_eq!(recorder.stats().refusals_pending, 0);
    assert_eq!(recorder.stats().refusals_dropped, 0);

    // And grants work again.
    let again = through(&layer, post(FORM, "action=accept_all", &[])).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_store_slower_than_the_timeout_refuses_the_grant() {
    // The store would take a minute: only the timeout can answer in between, and the
    // write it gave up on is abandoned (the grant's receipt is not required to exist).
    let flaky = FlakyStore::new(sqlite().await);
    flaky.delay(Duration::from_secs(60));
    let options = ReceiptOptions::default().commit_timeout(Duration::from_millis(100));
    let layer = layer_with(flaky.clone(), options);
    let grant = through(&layer, post(JSON, r#"{"action":"accept_all"}"#, &[])).await;
    assert_eq!(grant.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(values(grant.headers(), "set-cookie").is_empty());
    assert_eq!(layer.receipts().unwrap().stats().stored, 0);

    // The preferences page of a decided visitor still answers, saying the receipt
    // cannot be shown now.
    let request = Request::get("https://example.com/consent")
        .header(header::COOKIE, consent("functionality"))
        .body(Full::default())
        .unwrap();
    flaky.fail(true);
    let page = through(&layer, request).await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = String::from_utf8(page.body().to_vec()).unwrap();
    assert!(body.contains("<p>Your record cannot be shown right now. Please try again later.</p>"));
}

#[tokio::test]
async fn concurrent_grants_are_committed_in_batches() {
    let flaky = FlakyStore::new(sqlite().await);
    flaky.delay(Duration::from_millis(30));
    let layer = layer_with(flaky.clone(), ReceiptOptions::default());
    let posts: Vec<_> = (0..64)
        .map(|_| {
            let layer = layer.clone();
            tokio::spawn(async move { through(&layer, post(FORM, "action=accept_all", &[])).await })
        })
        .collect();
    let mut ids = Vec::new();
    for answer in posts {
        let answer = answer.await;
        let response = answer.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        ids.push(consent_cookie(&response).2);
    }
    for id in &ids {
        assert_eq!(
            flaky.inner.receipts_of(consent_id(id)).await.unwrap().len(),
            1
        );
    }
    let writes = flaky.writes.load(Ordering::SeqCst);
    assert!(writes < 32, "64 grants in {writes} transactions");
}

#[tokio::test]
async fn a_full_queue_is_reported_never_silent() {
    let flaky = FlakyStore::new(sqlite().await);
    flaky.delay(Duration::from_millis(300));
    let options = ReceiptOptions::default()
        .queue_capacity(1)
        .concurrent_writes(1)
        .refusal_wait(Duration::from_millis(1));
    let layer = layer_with(flaky.clone(), options);
    // The first refusal is taken by the batch task, which stalls in the store...
    let first = through(&layer, post(FORM, "action=reject_all", &[])).await;
    eventually("the first write starts", async || {
        flaky.started.load(Ordering::SeqCst) == 1
    })
    .await;
    // ...the second fills the queue, the third finds it full: still applied, counted.
    let second = through(&layer, post(FORM, "action=reject_all", &[])).await;
    let third = through(&layer, post(FORM, "action=reject_all", &[])).await;
    for response in [&first, &second, &third] {
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(consent_cookie(response).1, "");
    }
    let recorder = layer.receipts().unwrap().clone();
    assert_eq!(recorder.stats().refusals_dropped, 1);
    eventually("the queued ones are stored", async || {
        recorder.stats().stored == 2
    })
    .await;
}

#[tokio::test]
async fn the_purge_deletes_receipts_past_their_retention_in_the_background() {
    let store = Arc::new(sqlite().await);
    let notice = Notice::new(2, "en", "an old notice");
    let day = 24 * 3600;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let old: Vec<Receipt> = (0..2500)
        .map(|n| receipt(n, &format!("{:032x}", n), now - 3 * day, &notice))
        .collect();
    let kept = receipt(9000, &"e".repeat(32), now - day / 2, &notice);
    store.write(&[notice.clone()], &old).await.unwrap();
    store.write(&[], &[kept.clone()]).await.unwrap();

    let options = ReceiptOptions::default()
        .retention(Duration::from_secs(day))
        .purge_interval(Duration::from_millis(50));
    let layer = layer_with(store.clone(), options);
    // The recorder starts with the first choice.
    let first = through(&layer, post(FORM, "action=accept_all", &[])).await;
    let recorder = layer.receipts().unwrap().clone();
    eventually("the old receipts are purged", async || {
        recorder.stats().purged == 2500
    })
    .await;
    let left = store
        .receipts_between(
            UNIX_EPOCH,
            SystemTime::now() + Duration::from_secs(60),
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(left.len(), 2);
    assert_eq!(left[0], kept);
    assert_eq!(left[1].consent_id.to_string(), consent_cookie(&first).2);
    assert_eq!(store.notice(notice.hash).await.unwrap(), Some(notice));
}

#[tokio::test]
async fn without_receipts_the_receipt_route_says_so() {
    let layer = ConsentLayer::new(policy());
    let request = Request::get("https://example.com/consent/receipt")
        .header(header::COOKIE, consent("functionality"))
        .body(Full::default())
        .unwrap();
    let response = through(&layer, request).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.body(),
        "{\"error\":\"receipts_off\",\"message\":\"this site does not record receipts\"}\n"
    );
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_tracing_store_writes_one_event_per_receipt_and_each_notice_once() {
    use tower_cookie_consent::receipts::TracingStore;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let store = TracingStore::new();
    let notice = Notice::new(2, "en", "<p>the notice</p>");
    let first = receipt(1, &"a".repeat(32), 1_767_225_600, &notice);
    let second = receipt(2, &"b".repeat(32), 1_767_225_601, &notice);
    let written = {
        let _guard = tracing::subscriber::set_default(subscriber);
        let one = store.write(std::slice::from_ref(&notice), std::slice::from_ref(&first));
        let two = store.write(std::slice::from_ref(&notice), std::slice::from_ref(&second));
        (one.await, two.await)
    };
    assert!(written.0.is_ok() && written.1.is_ok());
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(
        lines[0].contains("tower_cookie_consent::notice: consent notice"),
        "{log}"
    );
    assert!(
        lines[0].contains(&format!("notice_hash={}", notice.hash)),
        "{log}"
    );
    assert!(lines[0].contains("text=<p>the notice</p>"), "{log}");
    for (line, receipt) in lines[1..].iter().zip([&first, &second]) {
        assert!(
            line.contains("tower_cookie_consent::receipt: consent receipt"),
            "{log}"
        );
        assert!(
            line.contains(&format!("receipt={}", receipt.to_json())),
            "{log}"
        );
        assert!(
            line.contains(&format!("consent_id={}", receipt.consent_id)),
            "{log}"
        );
    }
    // It keeps nothing: queries say so, the purge has nothing to do.
    let error = store.receipts_of(first.consent_id).await.unwrap_err();
    assert!(error.to_string().contains("keeps no receipts"), "{error}");
    assert!(store.notice(notice.hash).await.is_err());
    assert_eq!(store.purge(SystemTime::now(), 10).await.unwrap(), 0);
}

/// How many receipts the long history holds: the audit's 40,000 `reject_all` posts
/// under one kept consent id, and then some.
const HISTORY: u64 = 50_000;

/// `HISTORY` receipts under one consent id, one a second up to a minute ago (so that
/// a cookie naming any of them is still valid): the id, and the receipt the returned
/// cookie's choice names (an early one: a lookup that walks the history pays for the
/// walk).
async fn long_history(store: &dyn ReceiptStore) -> (String, Receipt, String) {
    let id = "5".repeat(32);
    let notice = Notice::new(2, "en", "a notice of long ago");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let first = now - 60 - HISTORY;
    let history: Vec<Receipt> = (0..HISTORY)
        .map(|n| receipt(n + 1, &id, first + n, &notice))
        .collect();
    store.write(&[notice], &history).await.unwrap();
    let shown = history[10].clone();
    let cookie = format!(
        "__Host-cookie_consent=1.2.{}.functionality+performance.{id}",
        first + 10
    );
    (id, shown, cookie)
}

fn get(path: &str, cookie: &str) -> Request<Full<Bytes>> {
    Request::get(format!("https://example.com{path}"))
        .header(header::COOKIE, cookie)
        .body(Full::default())
        .unwrap()
}

#[tokio::test]
async fn the_visitors_receipt_is_one_indexed_row_however_long_their_history() {
    use sqlx::{Connection, Row};
    let path = temp_db("history");
    let flaky = FlakyStore::new(SqliteStore::open(&path).await.unwrap());
    let (id, shown, cookie) = long_history(&flaky.inner).await;

    // The query both pages run: one search of the choice index, one row.
    let sql = SqliteStore::choice_lookup_sql();
    assert!(sql.ends_with(" ORDER BY receipt_id DESC LIMIT 1"), "{sql}");
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
        .bind(&id)
        .bind(
            i64::try_from(
                shown
                    .occurred_at
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_secs(),
            )
            .unwrap(),
        )
        .bind("functionality performance")
        .fetch_all(&mut connection)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>("detail"))
        .collect();
    assert_eq!(
        plan,
        [
            "SEARCH consent_receipts USING INDEX consent_receipts_by_choice \
          (consent_id=? AND occurred_at=?)"
        ],
        "no scan, no sort"
    );

    // Both pages find the receipt through it, and never load the history.
    let layer = layer_with(flaky.clone(), ReceiptOptions::default());
    let json = through(&layer, get("/consent/receipt", &cookie)).await;
    assert_eq!(json.status(), StatusCode::OK);
    let mut expected = shown.clone();
    expected.user_agent = None;
    expected.client_address = None;
    assert_eq!(json.body(), &format!("{}\n", expected.to_json()));
    let page = through(&layer, get("/consent", &cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = String::from_utf8(page.body().to_vec()).unwrap();
    let rows = format!(
        "<dt>Consent ID</dt><dd>{id}</dd>\n<dt>Recorded at</dt><dd>{}</dd>\n",
        utc(shown.occurred_at)
    );
    assert!(body.contains(&rows), "{body}");
    assert_eq!(flaky.history_reads.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_of_a_long_history_never_keep_other_visitors_grants_waiting() {
    use std::sync::atomic::{AtomicBool, AtomicUsize};
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let (_, shown, cookie) = long_history(&*store).await;
    let layer = layer_with(store.clone(), ReceiptOptions::default());
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    // More readers than the store has connections, each reading in a loop.
    let readers: Vec<_> = (0..8)
        .map(|n| {
            let (layer, cookie, stop, reads) =
                (layer.clone(), cookie.clone(), stop.clone(), reads.clone());
            tokio::spawn(async move {
                let path = if n % 2 == 0 {
                    "/consent/receipt"
                } else {
                    "/consent"
                };
                while !stop.load(Ordering::SeqCst) {
                    let answer = through(&layer, get(path, &cookie)).await;
                    assert_eq!(answer.status(), StatusCode::OK, "{path}");
                    reads.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Other visitors' "Accept all", from the form and through `fetch`: every one
    // granted, with its consent cookie.
    for n in 0..24 {
        let (format, body, status) = if n % 2 == 0 {
            (FORM, "action=accept_all", StatusCode::SEE_OTHER)
        } else {
            (JSON, r#"{"action":"accept_all"}"#, StatusCode::NO_CONTENT)
        };
        let answer = through(&layer, post(format, body, &[])).await;
        assert_eq!(answer.status(), status, "grant {n} while the readers loop");
        let (_, granted, _) = consent_cookie(&answer);
        assert_eq!(granted, "functionality+performance+advertising");
    }
    stop.store(true, Ordering::SeqCst);
    for reader in readers {
        reader.await.unwrap();
    }
    assert!(reads.load(Ordering::SeqCst) >= 8, "the readers read");
    assert_eq!(layer.receipts().unwrap().stats().stored, 24);
    let _ = shown;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_answered_503_behind_a_locked_file_leaves_no_receipt() {
    use sqlx::Connection;
    let path = temp_db("locked");
    let store: Arc<dyn ReceiptStore> = Arc::new(SqliteStore::open(&path).await.unwrap());
    // The default commit timeout (3 s), and one below SQLite's busy timeout.
    let layer = layer_with(store.clone(), ReceiptOptions::default());
    let quick = layer_with(
        store.clone(),
        ReceiptOptions::default().commit_timeout(Duration::from_millis(800)),
    );
    // A running site: its notice is stored, so a grant's write is one lone insert.
    let mut granted = Vec::new();
    for layer in [&layer, &quick] {
        let warm = through(layer, post(FORM, "action=accept_all", &[])).await;
        assert_eq!(warm.status(), StatusCode::SEE_OTHER);
        granted.push(consent_cookie(&warm).2);
    }

    // Another connection holds the file's write lock for 4.5 s.
    let mut locker = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut locker)
        .await
        .unwrap();
    let locked_at = tokio::time::Instant::now();
    let (slow, fast) = tokio::join!(
        through(&layer, post(FORM, "action=accept_all", &[])),
        through(&quick, post(JSON, r#"{"action":"accept_all"}"#, &[])),
    );
    for answer in [&slow, &fast] {
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(values(answer.headers(), "set-cookie").is_empty());
    }
    assert!(locked_at.elapsed() < Duration::from_millis(4500));
    tokio::time::sleep_until(locked_at + Duration::from_millis(4500)).await;
    sqlx::query("COMMIT").execute(&mut locker).await.unwrap();

    // Long enough for a write that outlived its answer to get through the released lock.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stored = store
        .receipts_between(
            UNIX_EPOCH,
            SystemTime::now() + Duration::from_secs(60),
            None,
            100,
        )
        .await
        .unwrap();
    let ids: Vec<String> = stored
        .iter()
        .map(|receipt| receipt.consent_id.to_string())
        .collect();
    assert_eq!(ids, granted, "no receipt of the grants answered 503");

    // And once the lock is gone, grants are saved again.
    let again = through(&layer, post(FORM, "action=accept_all", &[])).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_page_of_a_choice_not_saved_offers_it_again_and_reject_all() {
    let flaky = FlakyStore::new(sqlite().await);
    let layer = layer_with(flaky.clone(), ReceiptOptions::default());
    flaky.fail(true);
    let body = "action=save&category=performance&category=advertising\
                &return_to=%2Fshop%3Fq%3D%22a%22%26b%3D1";
    let grant = through(&layer, post(FORM, body, &[])).await;
    assert_eq!(grant.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(values(grant.headers(), "set-cookie").is_empty());
    let page = String::from_utf8(grant.body().to_vec()).unwrap();
    let stylesheet = layer_stylesheet(&page);
    assert_eq!(
        page,
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Your choice could not be saved</title>\n\
             <link rel=\"stylesheet\" href=\"{stylesheet}\">\n</head>\n\
             <body class=\"tcc tcc-page\">\n<main>\n\
             <h1>Your choice could not be saved</h1>\n\
             <p>Your choice could not be saved just now, so nothing has changed. Please try \
             again in a moment.</p>\n\
             <form id=\"tcc-retry\" method=\"post\" action=\"/consent?lang=en\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/shop?q=&quot;a&quot;&amp;b=1\">\
             <input type=\"hidden\" name=\"action\" value=\"save\">\
             <input type=\"hidden\" name=\"category\" value=\"performance\">\
             <input type=\"hidden\" name=\"category\" value=\"advertising\"></form>\n\
             <form method=\"post\" action=\"/consent?lang=en\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/shop?q=&quot;a&quot;&amp;b=1\">\
             <div class=\"tcc-actions\">\
             <button type=\"submit\" form=\"tcc-retry\" class=\"tcc-button\">Try again</button>\
             <button type=\"submit\" name=\"action\" value=\"reject_all\" class=\"tcc-button\">\
             Reject all</button></div></form>\n\
             <p><a href=\"/shop?q=&quot;a&quot;&amp;b=1\">Back to the page</a></p>\n\
             </main>\n</body>\n</html>\n"
        )
    );

    // "Reject all" from that page works at once, the store still failing.
    let reject = "return_to=%2Fshop%3Fq%3D%22a%22%26b%3D1&action=reject_all";
    let refused = through(&layer, post(FORM, reject, &[])).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert_eq!(consent_cookie(&refused).1, "");

    // "Try again" posts the same fields: once the store is back, the same choice.
    flaky.fail(false);
    let again = "return_to=%2Fshop%3Fq%3D%22a%22%26b%3D1&action=save\
                 &category=performance&category=advertising";
    let saved = through(&layer, post(FORM, again, &[])).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers()[header::LOCATION], "/shop?q=\"a\"&b=1");
    assert_eq!(consent_cookie(&saved).1, "performance+advertising");
}

/// The stylesheet the page links (its version query is the stylesheet's hash).
fn layer_stylesheet(page: &str) -> &str {
    let start = page.find("<link rel=\"stylesheet\" href=\"").unwrap() + 29;
    let end = start + page[start..].find('"').unwrap();
    &page[start..end]
}

#[tokio::test]
async fn past_its_limit_a_client_gets_429_for_grants_and_its_refusals_are_coalesced() {
    use tower_cookie_consent::receipts::ReceiptLimit;
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let layer = layer_with(store.clone(), ReceiptOptions::default())
        .receipt_limit(ReceiptLimit::default().per_consent_id(3));
    let recorder = layer.receipts().unwrap().clone();
    // A first choice: a new consent id, nothing to count it by yet.
    let first = through(&layer, post(FORM, "action=reject_all", &[])).await;
    let (_, _, id) = consent_cookie(&first);
    let cookie = cookie_pair(&first);
    let kept = [("cookie", cookie.as_str())];
    // Three more keeping the cookie: the limit.
    for body in [
        "action=accept_all",
        "action=save&category=performance",
        "action=reject_all",
    ] {
        let answer = through(&layer, post(FORM, body, &kept)).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{body}");
    }

    // A fourth grant: 429, nothing granted, no cookie at all.
    let refused = through(&layer, post(FORM, "action=accept_all", &kept)).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        header_lines(refused.headers()),
        [
            "content-type: text/plain; charset=utf-8",
            "cache-control: no-store",
            "content-language: en",
            "vary: Accept-Language",
            "retry-after: 60",
        ]
    );
    assert_eq!(
        refused.body(),
        "Too many cookie choices were sent from here in a short time, so this one was not \
         saved. Please try again later.\n"
    );
    let json = through(&layer, post(JSON, r#"{"action":"accept_all"}"#, &kept)).await;
    assert_eq!(json.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json.headers()[header::RETRY_AFTER], "60");
    assert_eq!(json.headers()[header::CONTENT_TYPE], "application/json");
    assert!(values(json.headers(), "set-cookie").is_empty());
    assert_eq!(
        json.body(),
        "{\"error\":\"too_many_choices\",\"message\":\"Too many cookie choices were sent from \
         here in a short time, so this one was not saved. Please try again later.\"}\n"
    );

    // Refusals still take effect at once: consent cookie and deletions.
    let with_ga = format!("{cookie}; _ga=GA1.1");
    for _ in 0..3 {
        let refusal = through(
            &layer,
            post(FORM, "action=reject_all", &[("cookie", &with_ga)]),
        )
        .await;
        assert_eq!(refusal.status(), StatusCode::SEE_OTHER);
        assert_eq!(consent_cookie(&refusal).1, "");
        assert_eq!(consent_cookie(&refusal).2, id);
        let set = values(refusal.headers(), "set-cookie");
        assert!(set.iter().any(|line| line.starts_with("_ga=;")), "{set:?}");
    }
    // Stored: the four within the limit; the three refusals past it are held as one.
    assert_eq!(receipts_of(&*store, &id).await.len(), 4);
    assert_eq!(recorder.stats().stored, 4);

    // Written when the window ends, or (here) when the layer goes.
    drop(layer);
    eventually("the coalesced receipt is stored", async || {
        receipts_of(&*store, &id).await.len() == 5
    })
    .await;
    let history = receipts_of(&*store, &id).await;
    let methods: Vec<(Method, u32)> = history
        .iter()
        .map(|receipt| (receipt.method, receipt.coalesced))
        .collect();
    assert_eq!(
        methods,
        [
            (Method::RejectAll, 1),
            (Method::AcceptAll, 1),
            (Method::Save, 1),
            (Method::RejectAll, 1),
            (Method::RejectAll, 3),
        ]
    );
    assert!(
        history[4]
            .to_json()
            .contains(",\"coalesced\":3,\"regime\":\"consent\"}")
    );
    assert!(!history[3].to_json().contains("coalesced"));
}

#[tokio::test]
async fn the_limit_counts_by_client_address_and_writes_held_refusals_when_the_window_ends() {
    use tower_cookie_consent::receipts::ReceiptLimit;
    let store: Arc<dyn ReceiptStore> = Arc::new(sqlite().await);
    let limit = ReceiptLimit::default()
        .window(Duration::from_secs(3))
        .per_client(2, |request| {
            request
                .headers
                .get("x-test-peer")
                .and_then(|value| value.to_str().ok()?.parse::<IpAddr>().ok())
        });
    let layer = layer_with(store.clone(), ReceiptOptions::default()).receipt_limit(limit);
    // One address, no cookie kept: each post a new consent id, all counted together.
    let peer = [("x-test-peer", "2001:db8:1:2::7")];
    let same_64 = [("x-test-peer", "2001:db8:1:2::9")];
    let other = [("x-test-peer", "198.51.100.9")];
    let mut answers = Vec::new();
    for from in [&peer, &same_64, &peer, &same_64] {
        answers.push(through(&layer, post(FORM, "action=reject_all", from)).await);
    }
    let grant = through(&layer, post(FORM, "action=accept_all", &peer)).await;
    let elsewhere = through(&layer, post(FORM, "action=accept_all", &other)).await;
    assert_eq!(grant.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(grant.headers()[header::RETRY_AFTER], "3");
    assert!(values(grant.headers(), "set-cookie").is_empty());
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER, "another client");
    let ids: Vec<String> = answers
        .iter()
        .map(|answer| consent_cookie(answer).2)
        .collect();
    // The last refusal of the window is written, counting the two past the limit.
    eventually("the held refusals are written", async || {
        !receipts_of(&*store, &ids[3]).await.is_empty()
    })
    .await;
    let held = receipts_of(&*store, &ids[3]).await;
    assert_eq!(held[0].coalesced, 2);
    assert!(receipts_of(&*store, &ids[2]).await.is_empty(), "coalesced");
    assert_eq!(receipts_of(&*store, &ids[0]).await[0].coalesced, 1);
}

/// A receipt's time as the JSON writes it (RFC 3339, whole seconds, UTC).
fn utc(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}
