//! The PostgreSQL store: several servers, one database.

use std::time::{Duration, SystemTime};

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, QueryBuilder};

use super::sql::{
    Embedded, RECEIPT_COLUMNS, ROWS_PER_INSERT, ReceiptRow, migrator, push_receipt_columns,
};
use super::{
    BoxFuture, ConsentId, Notice, NoticeHash, Receipt, ReceiptId, ReceiptStore, StoreError,
    unix_seconds,
};

const MIGRATIONS: Embedded = Embedded(&[(
    1,
    "receipts",
    include_str!("../../migrations/postgres/0001_receipts.sql"),
)]);

const SELECT: &str = "SELECT receipt_id::text, extract(epoch FROM occurred_at)::bigint, \
     extract(epoch FROM expires_at)::bigint, ";

/// Receipts in a PostgreSQL database (feature `postgres`), for several servers behind
/// one load balancer: every node writes to the same database, and a receipt written by
/// one is read by any.
///
/// The schema (`consent_receipts`, `consent_notices`, in the repository's
/// `migrations/postgres/`) is migrated at connect, under sqlx's advisory lock, so nodes
/// starting together migrate once. Times are `timestamptz`, receipt ids `uuid`, `granted`
/// and `refused` category ids separated by spaces.
///
/// Connections are plain TCP or a Unix socket: the crate turns on no TLS feature of sqlx
/// (a database across an untrusted network should be reached through a tunnel, or the
/// application should enable one of sqlx's `tls-*` features itself).
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database a `postgres://user:password@host:port/database` URL
    /// names, and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(StoreError::new)?;
        migrator(MIGRATIONS)
            .await?
            .run(&pool)
            .await
            .map_err(StoreError::new)?;
        Ok(Self { pool })
    }

    /// Closes the pool's connections (waiting for those in use).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn write_all(&self, notices: &[Notice], receipts: &[Receipt]) -> Result<(), StoreError> {
        // The usual batch (no new notice, one statement's worth of receipts) is one
        // statement, atomic on its own: one round trip to the database instead of
        // BEGIN, INSERT and COMMIT (the bench measures the difference).
        if notices.is_empty() && receipts.len() <= ROWS_PER_INSERT {
            if !receipts.is_empty() {
                insert_receipts(receipts)
                    .build()
                    .execute(&self.pool)
                    .await
                    .map_err(StoreError::new)?;
            }
            return Ok(());
        }
        let mut transaction = self.pool.begin().await.map_err(StoreError::new)?;
        for notice in notices {
            sqlx::query(
                "INSERT INTO consent_notices (notice_hash, policy_revision, language, text) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (notice_hash) DO NOTHING",
            )
            .bind(notice.hash.to_string())
            .bind(i64::from(notice.policy_revision))
            .bind(&notice.language)
            .bind(&notice.text)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::new)?;
        }
        for chunk in receipts.chunks(ROWS_PER_INSERT) {
            insert_receipts(chunk)
                .build()
                .execute(&mut *transaction)
                .await
                .map_err(StoreError::new)?;
        }
        transaction.commit().await.map_err(StoreError::new)
    }

    async fn select<'q>(
        &self,
        query: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    ) -> Result<Vec<Receipt>, StoreError> {
        let rows = query.fetch_all(&self.pool).await.map_err(StoreError::new)?;
        rows.iter()
            .map(|row| ReceiptRow::read(row)?.into_receipt())
            .collect()
    }
}

impl ReceiptStore for PostgresStore {
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.write_all(notices, receipts))
    }

    fn receipts_of(
        &self,
        consent_id: ConsentId,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        Box::pin(async move {
            let query = format!(
                "{SELECT}{RECEIPT_COLUMNS} FROM consent_receipts WHERE consent_id = $1 \
                 ORDER BY receipt_id"
            );
            self.select(sqlx::query(&query).bind(consent_id.to_string()))
                .await
        })
    }

    fn receipts_between(
        &self,
        since: SystemTime,
        until: SystemTime,
        after: Option<ReceiptId>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        Box::pin(async move {
            let query = format!(
                "{SELECT}{RECEIPT_COLUMNS} FROM consent_receipts \
                 WHERE occurred_at >= to_timestamp($1) AND occurred_at < to_timestamp($2) \
                 AND ($3::uuid IS NULL OR receipt_id > $3::uuid) ORDER BY receipt_id LIMIT $4"
            );
            let after = after.map(|id| id.to_string());
            self.select(
                sqlx::query(&query)
                    .bind(unix_seconds(since) as f64)
                    .bind(unix_seconds(until) as f64)
                    .bind(after)
                    .bind(i64::from(limit)),
            )
            .await
        })
    }

    fn notice(&self, hash: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>> {
        Box::pin(async move {
            let row: Option<(i64, String, String)> = sqlx::query_as(
                "SELECT policy_revision, language, text FROM consent_notices \
                 WHERE notice_hash = $1",
            )
            .bind(hash.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::new)?;
            row.map(|(revision, language, text)| {
                let revision = u32::try_from(revision)
                    .map_err(|_| StoreError::new("a stored notice has an invalid revision"))?;
                let notice = Notice::new(revision, language, text);
                if notice.hash != hash {
                    return Err(StoreError::new(format!(
                        "the stored notice {hash} does not match its hash"
                    )));
                }
                Ok(notice)
            })
            .transpose()
        })
    }

    fn purge(&self, before: SystemTime, limit: u32) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(async move {
            let done = sqlx::query(
                "DELETE FROM consent_receipts WHERE receipt_id IN \
                 (SELECT receipt_id FROM consent_receipts WHERE occurred_at < to_timestamp($1) \
                 LIMIT $2)",
            )
            .bind(unix_seconds(before) as f64)
            .bind(i64::from(limit))
            .execute(&self.pool)
            .await
            .map_err(StoreError::new)?;
            Ok(done.rows_affected())
        })
    }
}

/// One multi-row `INSERT` of `receipts` (at most [`ROWS_PER_INSERT`]), skipping those
/// already stored.
fn insert_receipts(receipts: &[Receipt]) -> QueryBuilder<'_, Postgres> {
    let mut insert: QueryBuilder<'_, Postgres> =
        QueryBuilder::new("INSERT INTO consent_receipts (receipt_id, occurred_at, expires_at, ");
    insert.push(RECEIPT_COLUMNS).push(") ");
    insert.push_values(receipts, |mut row, receipt| {
        row.push_bind(receipt.receipt_id.to_string())
            .push_unseparated("::uuid")
            .push("to_timestamp(")
            .push_bind_unseparated(unix_seconds(receipt.occurred_at) as f64)
            .push_unseparated(")")
            .push("to_timestamp(")
            .push_bind_unseparated(unix_seconds(receipt.expires_at) as f64)
            .push_unseparated(")");
        push_receipt_columns(&mut row, receipt);
    });
    insert.push(" ON CONFLICT (receipt_id) DO NOTHING");
    insert
}
