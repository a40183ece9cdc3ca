//! The SQLite store: the embedded default, one file beside the application.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Sqlite;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::StoreError;
use super::sql::{Kind, Pools, sql_store};

/// How long a statement waits for another connection's lock on the file before it
/// fails. Below the recorder's default commit timeout (3 s): a write behind a lock
/// fails, and says so, before the grant's deadline passes, so its outcome is known when
/// the visitor is answered. (A shorter commit timeout is covered too: each write is one
/// transaction, rolled back when the recorder gives up on it.)
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

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
    /// The writer has two connections: SQLite takes one writer at a time, and a second
    /// one lets the next batch wait at the database while the first commits.
    pools: Pools<Sqlite>,
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
        let pools = Pools::migrate(writer, reader, Self::statements()).await?;
        Ok(Self { pools })
    }
}

sql_store!(SqliteStore, Sqlite, Kind::Sqlite);
