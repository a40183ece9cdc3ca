//! The receipt store suite against a real PostgreSQL, two demo servers sharing one
//! database under concurrent posts, and the operator's pages (`admin_suite`). Needs `TCC_POSTGRES_URL` (an empty database the
//! tests may write to); `.ci/run` starts a cluster and sets it:
//!
//! ```sh
//! TCC_POSTGRES_URL=postgres://tcc:tcc@127.0.0.1:5433/tcc \
//!     cargo test --features postgres --test receipts_postgres
//! ```
//!
//! The tests share the database, so they run one after another in one test function.

#[path = "common/receipts.rs"]
mod suite;

#[path = "common/admin.rs"]
mod admin;
mod common;

#[path = "../examples/demo/site.rs"]
mod site;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use suite::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower_cookie_consent::receipts::{PostgresStore, ReceiptStore, Receipts};

fn url() -> String {
    std::env::var("TCC_POSTGRES_URL")
        .expect("TCC_POSTGRES_URL must name an empty PostgreSQL database (see this file's docs)")
}

/// Empties the tables (the suite expects an empty store).
async fn empty(url: &str) {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query("TRUNCATE consent_receipts, consent_notices")
        .execute(&mut connection)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_store_contract_and_serves_two_servers() {
    let url = url();
    // Two stores connecting at once migrate once (sqlx's advisory lock).
    let (first, second) = tokio::join!(PostgresStore::connect(&url), PostgresStore::connect(&url));
    let (first, second) = (first.unwrap(), second.unwrap());
    let first_reader = first.clone();
    empty(&url).await;
    store_suite(&first).await;

    empty(&url).await;
    two_servers_record_every_choice_once(first, second).await;

    empty(&url).await;
    the_visitors_receipt_is_one_indexed_row(&url, &first_reader).await;

    // The operator's pages: the same figures, bytes and pages as with SQLite.
    empty(&url).await;
    admin::admin_suite(std::sync::Arc::new(first_reader.clone())).await;
}

/// 50,000 receipts under one consent id, 2,500 a second (the audit's rate): the
/// visitor's receipt is read through the choice index, one row (`Limit` over a backward
/// index scan: no scan of the history, no sort).
async fn the_visitors_receipt_is_one_indexed_row(url: &str, store: &PostgresStore) {
    use sqlx::{Connection, Row};
    use tower_cookie_consent::receipts::Notice;
    let id = "5".repeat(32);
    let notice = Notice::new(2, "en", "a notice of long ago");
    let first = 1_767_225_600;
    let history: Vec<_> = (0..50_000)
        .map(|n| receipt(n + 1, &id, first + n / 2500, &notice))
        .collect();
    store.write(&[notice], &history).await.unwrap();
    let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query("ANALYZE consent_receipts")
        .execute(&mut connection)
        .await
        .unwrap();
    // The latest of the first second's receipts.
    let shown = &history[2499];
    let granted = ["functionality".to_owned(), "performance".to_owned()];
    let found = store
        .receipt_of_choice(consent_id(&id), shown.occurred_at, &granted)
        .await
        .unwrap();
    assert_eq!(found.as_ref(), Some(shown));

    let sql = PostgresStore::choice_lookup_sql();
    // The table's `uuid` column, not the selected text: the index gives its order.
    assert!(
        sql.ends_with(" ORDER BY consent_receipts.receipt_id DESC LIMIT 1"),
        "{sql}"
    );
    let plan: Vec<String> = sqlx::query(&format!("EXPLAIN (COSTS OFF) {sql}"))
        .bind(&id)
        .bind(first as f64)
        .bind("functionality performance")
        .fetch_all(&mut connection)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>(0))
        .collect();
    assert_eq!(
        plan[..2],
        [
            "Limit",
            "  ->  Index Scan Backward using consent_receipts_by_choice on consent_receipts",
        ],
        "{plan:#?}"
    );
    assert!(
        plan[2].starts_with("        Index Cond: ((consent_id = "),
        "{plan:#?}"
    );
    assert!(plan[2].contains("AND (occurred_at = "), "{plan:#?}");
}

async fn serve(store: PostgresStore) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = site::router_recording("127.0.0.1", true, Some(Receipts::new(store)));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// One post over a fresh connection; the consent cookie's (`decided_at`, id).
async fn post_choice(addr: SocketAddr, body: &str) -> (u64, String) {
    let request = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 303"), "{raw}");
    let value = raw
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: cookie_consent="))
        .unwrap_or_else(|| panic!("a consent cookie: {raw}"));
    let fields: Vec<&str> = value.split(';').next().unwrap().split('.').collect();
    (fields[2].parse().unwrap(), fields[4].to_owned())
}

async fn two_servers_record_every_choice_once(first: PostgresStore, second: PostgresStore) {
    let reader = first.clone();
    let servers = [serve(first).await, serve(second).await];
    let bodies = [
        "action=accept_all",
        "action=reject_all",
        "action=save&category=performance",
    ];
    let posts: Vec<_> = (0..300)
        .map(|n| {
            let addr = servers[n % 2];
            let body = bodies[n % 3];
            tokio::spawn(async move { post_choice(addr, body).await })
        })
        .collect();
    let mut cookies = Vec::new();
    for post in posts {
        cookies.push(post.await.unwrap());
    }
    // Refusals may be answered before their commit: give them a moment.
    let everything = || async {
        reader
            .receipts_between(
                UNIX_EPOCH,
                SystemTime::now() + Duration::from_secs(60),
                None,
                10_000,
            )
            .await
            .unwrap()
    };
    eventually("every receipt is stored", async || {
        everything().await.len() >= 300
    })
    .await;
    let stored = everything().await;
    assert_eq!(stored.len(), 300, "no receipt twice");
    let by_id: HashMap<String, Vec<u64>> =
        stored.iter().fold(HashMap::new(), |mut map, receipt| {
            let time = receipt
                .occurred_at
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs();
            map.entry(receipt.consent_id.to_string())
                .or_default()
                .push(time);
            map
        });
    for (time, id) in &cookies {
        assert_eq!(
            by_id.get(id),
            Some(&vec![*time]),
            "exactly one receipt for {id}"
        );
    }
}

/// A server that cannot be reached fails at once, naming the database (without its
/// password), the host and the cause; no database is needed.
#[tokio::test]
async fn an_unreachable_server_is_named_with_its_cause() {
    // Port 1 on the loopback: nothing listens there.
    let error = PostgresStore::connect("postgres://tcc:secret@127.0.0.1:1/tcc")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "receipt store: postgres://tcc@127.0.0.1:1/tcc (host 127.0.0.1, port 1) cannot be \
         reached: error communicating with database: Connection refused (os error 111)"
    );
    // A name that does not resolve: the resolver's answer is the cause.
    let error = PostgresStore::connect("postgres://tcc:secret@no-such-host.invalid/tcc")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "receipt store: postgres://tcc@no-such-host.invalid:5432/tcc (host \
             no-such-host.invalid, port 5432) cannot be reached: error communicating with \
             database: "
        ),
        "{error}"
    );
    assert!(!error.contains("secret"), "{error}");
}
