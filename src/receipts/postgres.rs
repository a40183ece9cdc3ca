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

const MIGRATIONS: Embedded = Embedded(&[
    (
        1,
        "receipts",
        include_str!("../../migrations/postgres/0001_receipts.sql"),
    ),
    (
        2,
        "choice lookup",
        include_str!("../../migrations/postgres/0002_choice_lookup.sql"),
    ),
    (
        3,
        "coalesced",
        include_str!("../../migrations/postgres/0003_coalesced.sql"),
    ),
    (
        4,
        "region",
        include_str!("../../migrations/postgres/0004_region.sql"),
    ),
]);

/// The visitor's receipt ([`ReceiptStore::receipt_of_choice`]): one scan of the
/// `consent_receipts_by_choice` index, the latest match first, one row.
const CHOICE_LOOKUP: &str = "SELECT receipt_id::text, extract(epoch FROM occurred_at)::bigint, \
     extract(epoch FROM expires_at)::bigint, consent_id, event, granted, refused, \
     policy_revision, notice_hash, language, method, path, schema_version, user_agent, \
     client_address, coalesced, region, regime FROM consent_receipts \
     WHERE consent_id = $1 AND occurred_at = to_timestamp($2) AND granted = $3 \
     ORDER BY consent_receipts.receipt_id DESC LIMIT 1";

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
///
/// Writes (the recorder's batches, the purge) and reads (the preferences page, the
/// operator's queries) go through separate connection pools, four connections each:
/// however many reads are waiting, the batch writer's connections are its own.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    writer: PgPool,
    reader: PgPool,
}

impl PostgresStore {
    /// Connects to the database a `postgres://user:password@host:port/database` URL
    /// names, and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = || {
            PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(5))
        };
        let writer = pool().connect(url).await.map_err(StoreError::new)?;
        let reader = pool().connect(url).await.map_err(StoreError::new)?;
        Self::from_pools(writer, reader).await
    }

    /// A store on pools of the operator's own (their sizes, TLS and connect options),
    /// and migrates the database. `writer` takes the recorder's batches and the purge
    /// only: give it connections nothing else uses, so that no read (the operator's
    /// included) holds up a grant's receipt; `reader` takes every read.
    pub async fn from_pools(writer: PgPool, reader: PgPool) -> Result<Self, StoreError> {
        migrator(MIGRATIONS)
            .await?
            .run(&writer)
            .await
            .map_err(StoreError::new)?;
        Ok(Self { writer, reader })
    }

    /// Closes the pools' connections (waiting for those in use).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// The SQL of [`ReceiptStore::receipt_of_choice`], for tests that check its query
    /// plan (`EXPLAIN`). Not part of the API.
    #[doc(hidden)]
    pub fn choice_lookup_sql() -> &'static str {
        CHOICE_LOOKUP
    }

    async fn write_all(&self, notices: &[Notice], receipts: &[Receipt]) -> Result<(), StoreError> {
        // Always one explicit transaction: a write the recorder gives up on (its future
        // dropped at the commit timeout, say while a lock held it up) is rolled back,
        // where a lone `INSERT` would still commit on its own once it got through: a
        // grant answered 503 must leave no receipt.
        let mut transaction = self.writer.begin().await.map_err(StoreError::new)?;
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
        let rows = query
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::new)?;
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
                 ORDER BY consent_receipts.receipt_id"
            );
            self.select(sqlx::query(&query).bind(consent_id.to_string()))
                .await
        })
    }

    fn receipt_of_choice<'a>(
        &'a self,
        consent_id: ConsentId,
        occurred_at: SystemTime,
        granted: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Receipt>, StoreError>> {
        Box::pin(async move {
            let row = sqlx::query(CHOICE_LOOKUP)
                .bind(consent_id.to_string())
                .bind(unix_seconds(occurred_at) as f64)
                .bind(granted.join(" "))
                .fetch_optional(&self.reader)
                .await
                .map_err(StoreError::new)?;
            row.map(|row| ReceiptRow::read(&row)?.into_receipt())
                .transpose()
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
                 AND ($3::uuid IS NULL OR receipt_id > $3::uuid) ORDER BY consent_receipts.receipt_id LIMIT $4"
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
            .fetch_optional(&self.reader)
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

    fn notice_hashes(
        &self,
        policy_revision: u32,
    ) -> BoxFuture<'_, Result<Vec<(String, NoticeHash)>, StoreError>> {
        Box::pin(async move {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT language, notice_hash FROM consent_notices WHERE policy_revision = $1",
            )
            .bind(i64::from(policy_revision))
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::new)?;
            super::sql::notice_hashes(rows)
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
            .execute(&self.writer)
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
