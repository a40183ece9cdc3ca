//! The SQLite store: the embedded default, one file beside the application.

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite};

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
        include_str!("../../migrations/sqlite/0001_receipts.sql"),
    ),
    (
        2,
        "choice lookup",
        include_str!("../../migrations/sqlite/0002_choice_lookup.sql"),
    ),
    (
        3,
        "coalesced",
        include_str!("../../migrations/sqlite/0003_coalesced.sql"),
    ),
    (
        4,
        "region",
        include_str!("../../migrations/sqlite/0004_region.sql"),
    ),
]);

/// How long a statement waits for another connection's lock on the file before it
/// fails. Below the recorder's default commit timeout (3 s): a write behind a lock
/// fails, and says so, before the grant's deadline passes, so its outcome is known when
/// the visitor is answered. (A shorter commit timeout is covered too: each write is one
/// transaction, rolled back when the recorder gives up on it.)
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The visitor's receipt ([`ReceiptStore::receipt_of_choice`]): one search of the
/// `consent_receipts_by_choice` index, the latest match first, one row.
const CHOICE_LOOKUP: &str = "SELECT receipt_id, occurred_at, expires_at, consent_id, event, \
     granted, refused, policy_revision, notice_hash, language, method, path, schema_version, \
     user_agent, client_address, coalesced, region, regime FROM consent_receipts \
     WHERE consent_id = ? AND occurred_at = ? AND granted = ? \
     ORDER BY receipt_id DESC LIMIT 1";

const SELECT: &str = "SELECT receipt_id, occurred_at, expires_at, ";

/// Receipts in a SQLite file (feature `sqlite`, on by default).
///
/// The file is created when missing, opened in WAL mode with `synchronous = FULL` (a
/// committed receipt survives a crash of the process and of the machine), and migrated
/// at open (the migrations are compiled in; sqlx's `_sqlx_migrations` table records
/// them). Several processes may share the file (SQLite locks it), but servers behind a
/// load balancer should share a [`PostgresStore`](super::PostgresStore) instead.
///
/// The schema (`consent_receipts`, `consent_notices`) is in the repository's
/// `migrations/sqlite/`: times are Unix seconds, `granted` and `refused` category ids
/// separated by spaces.
///
/// Writes (the recorder's batches, the purge) and reads (the preferences page, the
/// operator's queries) go through separate connection pools: however many reads are
/// waiting, the batch writer's connections are its own, so reads never hold up a grant.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// Two connections: SQLite takes one writer at a time, and a second one lets the
    /// next batch wait at the database while the first commits.
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it when missing) the database file at `path`, and migrates it.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::with_options(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens the database a `sqlite://PATH` URL names (sqlx's URL syntax: `?mode=ro`
    /// and the like are honoured), creating the file when missing.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url).map_err(StoreError::new)?;
        Self::with_options(options).await
    }

    async fn with_options(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // A connection to a local file does not go stale: no ping before each use (a
        // round trip to its thread per batch).
        let pool = |connections| {
            SqlitePoolOptions::new()
                .max_connections(connections)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(5))
        };
        let writer = pool(2)
            .connect_with(options.clone())
            .await
            .map_err(StoreError::new)?;
        let reader = pool(4)
            .connect_with(options)
            .await
            .map_err(StoreError::new)?;
        Self::from_pools(writer, reader).await
    }

    /// A store on pools of the operator's own (their sizes and connect options), and
    /// migrates the database. `writer` takes the recorder's batches and the purge only:
    /// give it connections nothing else uses, so that no read (the operator's included)
    /// holds up a grant's receipt; `reader` takes every read. Open both on the same file,
    /// in WAL mode, with a busy timeout below the recorder's commit timeout (this store's
    /// own: 2 s against 3 s), so that a write given up on is never committed later.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
    /// use tower_cookie_consent::receipts::{ReceiptStore, SqliteStore};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let file = std::env::temp_dir().join(format!("tcc-from-pools-{}.db", std::process::id()));
    /// let options = SqliteConnectOptions::new()
    ///     .filename(&file)
    ///     .create_if_missing(true)
    ///     .journal_mode(SqliteJournalMode::Wal)
    ///     .busy_timeout(Duration::from_secs(2));
    /// let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
    /// let reader = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    /// let store = SqliteStore::from_pools(writer, reader).await?;
    /// let id = tower_cookie_consent::ConsentId::parse(&"0".repeat(32)).unwrap();
    /// assert!(store.receipts_of(id).await?.is_empty());
    /// # store.close().await;
    /// # for suffix in ["", "-wal", "-shm"] {
    /// #     let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn from_pools(writer: SqlitePool, reader: SqlitePool) -> Result<Self, StoreError> {
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
    /// plan (`EXPLAIN QUERY PLAN`). Not part of the API.
    #[doc(hidden)]
    pub fn choice_lookup_sql() -> &'static str {
        CHOICE_LOOKUP
    }

    async fn write_all(&self, notices: &[Notice], receipts: &[Receipt]) -> Result<(), StoreError> {
        // Always one explicit transaction, `BEGIN IMMEDIATE`: the write lock is taken
        // first (a locked file makes it wait here, before anything is written), and a
        // write the recorder gives up on (its future dropped at the commit timeout) is
        // rolled back instead of committing later on its own, which a lone `INSERT`
        // would do once the lock is released: a grant answered 503 must leave no
        // receipt.
        let mut transaction = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(StoreError::new)?;
        for notice in notices {
            sqlx::query(
                "INSERT INTO consent_notices (notice_hash, policy_revision, language, text) \
                 VALUES (?, ?, ?, ?) ON CONFLICT (notice_hash) DO NOTHING",
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
        query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
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

impl ReceiptStore for SqliteStore {
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
                "{SELECT}{RECEIPT_COLUMNS} FROM consent_receipts WHERE consent_id = ? \
                 ORDER BY receipt_id"
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
                .bind(unix_seconds(occurred_at))
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
                 WHERE occurred_at >= ? AND occurred_at < ? AND (? IS NULL OR receipt_id > ?) \
                 ORDER BY receipt_id LIMIT ?"
            );
            let after = after.map(|id| id.to_string());
            self.select(
                sqlx::query(&query)
                    .bind(unix_seconds(since))
                    .bind(unix_seconds(until))
                    .bind(after.clone())
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
                 WHERE notice_hash = ?",
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
                "SELECT language, notice_hash FROM consent_notices WHERE policy_revision = ?",
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
                 (SELECT receipt_id FROM consent_receipts WHERE occurred_at < ? LIMIT ?)",
            )
            .bind(unix_seconds(before))
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
fn insert_receipts(receipts: &[Receipt]) -> QueryBuilder<'_, Sqlite> {
    let mut insert: QueryBuilder<'_, Sqlite> =
        QueryBuilder::new("INSERT INTO consent_receipts (receipt_id, occurred_at, expires_at, ");
    insert.push(RECEIPT_COLUMNS).push(") ");
    insert.push_values(receipts, |mut row, receipt| {
        row.push_bind(receipt.receipt_id.to_string())
            .push_bind(unix_seconds(receipt.occurred_at))
            .push_bind(unix_seconds(receipt.expires_at));
        push_receipt_columns(&mut row, receipt);
    });
    insert.push(" ON CONFLICT (receipt_id) DO NOTHING");
    insert
}
