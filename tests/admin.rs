//! The operator's pages with a SQLite store: each figure against a known set of
//! receipts, JSON and CSV, access refused, the data-subject export and the login form
//! (`admin_suite`, tests/common/admin.rs, which `.ci/run` runs against PostgreSQL too),
//! and the figures counted the same way by the stores' aggregate query and by the
//! default implementation that pages through receipts.

#[path = "common/admin.rs"]
mod admin;
mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;
use std::time::Duration;

use tower_cookie_consent::ConsentId;
use tower_cookie_consent::receipts::{
    BoxFuture, Notice, NoticeHash, Receipt, ReceiptId, ReceiptStore, SqliteStore, StoreError,
};

#[tokio::test]
async fn the_admin_pages_against_sqlite() {
    let store = SqliteStore::open(suite::temp_db("admin")).await.unwrap();
    admin::admin_suite(Arc::new(store)).await;
}

/// A store that answers `choice_counts` with the trait's default (paging through
/// receipts), to compare with the SQL aggregate.
#[derive(Debug)]
struct Paging(SqliteStore);

impl ReceiptStore for Paging {
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.0.write(notices, receipts)
    }
    fn receipts_of(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        self.0.receipts_of(id)
    }
    fn receipts_between(
        &self,
        since: std::time::SystemTime,
        until: std::time::SystemTime,
        after: Option<ReceiptId>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        // Small pages, so that paging is exercised.
        self.0.receipts_between(since, until, after, limit.min(2))
    }
    fn notice(&self, hash: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>> {
        self.0.notice(hash)
    }
    fn purge(
        &self,
        before: std::time::SystemTime,
        limit: u32,
    ) -> BoxFuture<'_, Result<u64, StoreError>> {
        self.0.purge(before, limit)
    }
}

#[tokio::test]
async fn the_default_counts_match_the_aggregate_query() {
    let sqlite = SqliteStore::open(suite::temp_db("admin-paging"))
        .await
        .unwrap();
    sqlite
        .write(&admin::notices(), &admin::known_receipts())
        .await
        .unwrap();
    let paging = Paging(sqlite.clone());
    let since = suite::at(admin::DAY_ONE - 86_400);
    let until = since + Duration::from_secs(10 * 86_400);
    let aggregate = sqlite.choice_counts(since, until).await.unwrap();
    let paged = paging.choice_counts(since, until).await.unwrap();
    assert_eq!(aggregate.len(), 7);
    assert_eq!(paged, aggregate);
    // Receipt 6 stands for three refusals.
    assert_eq!(aggregate.iter().map(|count| count.count).sum::<u64>(), 9);
}

#[tokio::test]
async fn the_aggregate_reads_the_time_index() {
    use sqlx::{Connection, Row};
    let path = suite::temp_db("admin-plan");
    let store = SqliteStore::open(&path).await.unwrap();
    store
        .write(&admin::notices(), &admin::known_receipts())
        .await
        .unwrap();
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query(&format!(
        "EXPLAIN QUERY PLAN {}",
        SqliteStore::choice_counts_sql()
    ))
    .bind(0i64)
    .bind(1i64)
    .fetch_all(&mut connection)
    .await
    .unwrap()
    .iter()
    .map(|row| row.get::<String, _>(3))
    .collect();
    assert!(
        plan.iter()
            .any(|step| step.contains("USING INDEX consent_receipts_by_time")
                || step.contains("USING COVERING INDEX consent_receipts_for_figures")),
        "{plan:?}"
    );
}
