//! What the SQLite and PostgreSQL stores share: everything but their connection setup.
//! The statements are written once and take each database's few differences from its
//! [`Dialect`]; the embedded migrations; reading a receipt back from a row's columns.

use std::borrow::Cow;
use std::time::SystemTime;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migrate, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{
    ColumnIndex, Connection, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type,
};

use super::figures::{day_number, ids};
use super::{
    ChoiceCount, ConsentId, Event, Method, Notice, NoticeHash, Receipt, ReceiptId, StoreError,
    from_unix_seconds, unix_seconds,
};
use crate::policy::Regime;

/// Multi-row inserts carry at most this many receipts (SQLite allows 32,766 bound values
/// per statement; a receipt has 18).
pub(super) const ROWS_PER_INSERT: usize = 500;

/// Migrations compiled into the crate (`migrations/{sqlite,postgres}/` in the
/// repository), so that a store needs no files beside its binary.
#[derive(Clone, Copy, Debug)]
pub(super) struct Embedded(pub(super) &'static [(i64, &'static str, &'static str)]);

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> super::BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// The migrations of `migrations/$dir/` in the repository, compiled in.
macro_rules! embedded_migrations {
    ($dir:literal) => {
        Embedded(&[
            (
                1,
                "receipts",
                include_str!(concat!("../../migrations/", $dir, "/0001_receipts.sql")),
            ),
            (
                2,
                "choice lookup",
                include_str!(concat!(
                    "../../migrations/",
                    $dir,
                    "/0002_choice_lookup.sql"
                )),
            ),
            (
                3,
                "coalesced",
                include_str!(concat!("../../migrations/", $dir, "/0003_coalesced.sql")),
            ),
            (
                4,
                "region",
                include_str!(concat!("../../migrations/", $dir, "/0004_region.sql")),
            ),
        ])
    };
}

pub(super) async fn migrator(migrations: Embedded) -> Result<Migrator, StoreError> {
    Migrator::new(migrations).await.map_err(StoreError::new)
}

/// A receipt's columns after its id and times ([`Dialect::ID_AND_TIMES`]), as both
/// stores return them.
pub(super) const RECEIPT_COLUMNS: &str = "consent_id, event, granted, refused, \
     policy_revision, notice_hash, language, method, path, schema_version, user_agent, \
     client_address, coalesced, region, regime";

/// One row, read column by column.
pub(super) struct ReceiptRow {
    pub(super) receipt_id: String,
    pub(super) occurred_at: i64,
    pub(super) expires_at: i64,
    pub(super) consent_id: String,
    pub(super) event: String,
    pub(super) granted: String,
    pub(super) refused: String,
    pub(super) policy_revision: i64,
    pub(super) notice_hash: String,
    pub(super) language: String,
    pub(super) method: String,
    pub(super) path: Option<String>,
    pub(super) schema_version: i64,
    pub(super) user_agent: Option<String>,
    pub(super) client_address: Option<String>,
    pub(super) coalesced: i64,
    pub(super) region: Option<String>,
    pub(super) regime: Option<String>,
}

impl ReceiptRow {
    /// Reads the row of a query selecting `receipt_id, occurred_at, expires_at,` then
    /// [`RECEIPT_COLUMNS`].
    pub(super) fn read<R>(row: &R) -> Result<Self, StoreError>
    where
        R: sqlx::Row,
        usize: sqlx::ColumnIndex<R>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        let get_text = |index: usize| row.try_get::<String, _>(index).map_err(StoreError::new);
        let get_optional = |index: usize| {
            row.try_get::<Option<String>, _>(index)
                .map_err(StoreError::new)
        };
        let get_number = |index: usize| row.try_get::<i64, _>(index).map_err(StoreError::new);
        Ok(Self {
            receipt_id: get_text(0)?,
            occurred_at: get_number(1)?,
            expires_at: get_number(2)?,
            consent_id: get_text(3)?,
            event: get_text(4)?,
            granted: get_text(5)?,
            refused: get_text(6)?,
            policy_revision: get_number(7)?,
            notice_hash: get_text(8)?,
            language: get_text(9)?,
            method: get_text(10)?,
            path: get_optional(11)?,
            schema_version: get_number(12)?,
            user_agent: get_optional(13)?,
            client_address: get_optional(14)?,
            coalesced: get_number(15)?,
            region: get_optional(16)?,
            regime: get_optional(17)?,
        })
    }

    pub(super) fn into_receipt(self) -> Result<Receipt, StoreError> {
        let invalid = |what: &str, value: &str| {
            StoreError::new(format!("a stored receipt has an invalid {what}: {value:?}"))
        };
        Ok(Receipt {
            schema_version: u32::try_from(self.schema_version)
                .map_err(|_| invalid("schema version", &self.schema_version.to_string()))?,
            receipt_id: ReceiptId::parse(&self.receipt_id)
                .ok_or_else(|| invalid("receipt id", &self.receipt_id))?,
            consent_id: ConsentId::parse_hex(self.consent_id.as_bytes())
                .ok_or_else(|| invalid("consent id", &self.consent_id))?,
            event: Event::from_name(&self.event).ok_or_else(|| invalid("event", &self.event))?,
            occurred_at: from_unix_seconds(self.occurred_at),
            granted: ids(&self.granted),
            refused: ids(&self.refused),
            policy_revision: u32::try_from(self.policy_revision)
                .map_err(|_| invalid("policy revision", &self.policy_revision.to_string()))?,
            notice_hash: NoticeHash::parse(&self.notice_hash)
                .ok_or_else(|| invalid("notice hash", &self.notice_hash))?,
            language: self.language,
            method: Method::from_name(&self.method)
                .ok_or_else(|| invalid("method", &self.method))?,
            path: self.path,
            expires_at: from_unix_seconds(self.expires_at),
            user_agent: self.user_agent,
            client_address: self.client_address,
            coalesced: u32::try_from(self.coalesced)
                .ok()
                .filter(|count| *count > 0)
                .ok_or_else(|| invalid("coalesced count", &self.coalesced.to_string()))?,
            regime: self
                .regime
                .map(|name| Regime::from_name(&name).ok_or_else(|| invalid("regime", &name)))
                .transpose()?,
            region: self.region,
        })
    }
}

/// What a store's method returns, in [`sql_store`]'s implementations.
pub(super) type Answer<'a, T> = super::BoxFuture<'a, Result<T, StoreError>>;

/// The two databases, as [`Dialect::KIND`] names them; the index of each one's words
/// in the tables below.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kind {
    #[cfg(feature = "sqlite")]
    Sqlite = 0,
    #[cfg(feature = "postgres")]
    Postgres = 1,
}

// What sets the two dialects apart, side by side: `[SQLite, PostgreSQL]`. Both take
// numbered parameters (`$1`: SQLite reads them too), so a statement differs only in how
// it starts a write, and how it writes a time and a receipt id.

/// How a write transaction starts: SQLite's `BEGIN IMMEDIATE` takes the write lock
/// first, so a locked file makes the write wait (at most its busy timeout) before it has
/// written anything.
const BEGIN: [&str; 2] = ["BEGIN IMMEDIATE", "BEGIN"];
/// The receipt id and the two times, as [`ReceiptRow::read`] reads them: text, then
/// Unix seconds (SQLite stores them so; PostgreSQL has `uuid` and `timestamptz`).
const ID_AND_TIMES: [&str; 2] = [
    "receipt_id, occurred_at, expires_at",
    "receipt_id::text, extract(epoch FROM occurred_at)::bigint, \
     extract(epoch FROM expires_at)::bigint",
];
/// The stored receipt id as `ORDER BY` names it: qualified in PostgreSQL, where
/// `receipt_id` alone would name the selected text instead of the indexed uuid.
const ORDER_ID: [&str; 2] = ["receipt_id", "consent_receipts.receipt_id"];
/// What follows a bound receipt id (text) so that the database compares it as its own.
const ID_CAST: [&str; 2] = ["", "::uuid"];
/// The UTC day of `occurred_at`, as days since the epoch's.
const DAY: [&str; 2] = [
    "occurred_at / 86400",
    "CAST(floor(extract(epoch FROM occurred_at) / 86400) AS BIGINT)",
];
/// What goes around a bound Unix time to make it a value of the time columns.
const TIME: [(&str, &str); 2] = [("", ""), ("to_timestamp(", ")")];

/// The migrations of `migrations/sqlite/` and `migrations/postgres/` in the repository.
const MIGRATIONS: [Embedded; 2] = [
    embedded_migrations!("sqlite"),
    embedded_migrations!("postgres"),
];

/// A database a store keeps its receipts in: everything about a store but its
/// connection setup is written once, on [`Pools`], and takes the database's words from
/// the tables above through [`KIND`](Self::KIND).
pub(super) trait Dialect: Database {
    /// Which of the two it is.
    const KIND: Kind;

    /// How many rows a statement changed (each database's result type has its own).
    fn rows_affected(result: &Self::QueryResult) -> u64;
}

/// The bound Unix time `parameter` (`$n`) written as a time of the columns.
fn time(kind: Kind, parameter: &str) -> String {
    let (open, close) = TIME[kind as usize];
    format!("{open}{parameter}{close}")
}

/// Every statement a store runs, in its database's dialect.
#[derive(Debug)]
pub(super) struct Statements {
    /// [`ReceiptStore::receipt_of_choice`](super::ReceiptStore::receipt_of_choice): one
    /// search of the `consent_receipts_by_choice` index, the latest match first, one row.
    pub(super) choice_lookup: String,
    receipts_of: String,
    receipts_between: String,
    notice: String,
    notice_hashes: String,
    insert_notice: String,
    purge: String,
    pub(super) choice_counts: String,
}

impl Statements {
    pub(super) fn new<DB: Dialect>() -> Self {
        let kind = DB::KIND;
        let select = format!(
            "SELECT {}, {RECEIPT_COLUMNS} FROM consent_receipts",
            ID_AND_TIMES[kind as usize]
        );
        let cast = ID_CAST[kind as usize];
        let order = ORDER_ID[kind as usize];
        Self {
            choice_lookup: format!(
                "{select} WHERE consent_id = $1 AND occurred_at = {} AND granted = $3 \
                 ORDER BY {order} DESC LIMIT 1",
                time(kind, "$2")
            ),
            receipts_of: format!("{select} WHERE consent_id = $1 ORDER BY {order}"),
            receipts_between: format!(
                "{select} WHERE occurred_at >= {} AND occurred_at < {} \
                 AND ($3{cast} IS NULL OR receipt_id > $3{cast}) \
                 ORDER BY {order} LIMIT $4",
                time(kind, "$1"),
                time(kind, "$2")
            ),
            notice: "SELECT policy_revision, language, text FROM consent_notices \
                     WHERE notice_hash = $1"
                .to_owned(),
            notice_hashes: "SELECT language, notice_hash FROM consent_notices \
                            WHERE policy_revision = $1"
                .to_owned(),
            insert_notice: "INSERT INTO consent_notices \
                            (notice_hash, policy_revision, language, text) \
                            VALUES ($1, $2, $3, $4) ON CONFLICT (notice_hash) DO NOTHING"
                .to_owned(),
            choice_counts: format!(
                "SELECT {} AS day, event, method, language, granted, refused, region, \
                 CAST(SUM(coalesced) AS BIGINT) FROM consent_receipts \
                 WHERE occurred_at >= {} AND occurred_at < {} \
                 GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7",
                DAY[kind as usize],
                time(kind, "$1"),
                time(kind, "$2")
            ),
            purge: format!(
                "DELETE FROM consent_receipts WHERE receipt_id IN \
                 (SELECT receipt_id FROM consent_receipts WHERE occurred_at < {} LIMIT $2)",
                time(kind, "$1")
            ),
        }
    }
}

/// A database store's two pools: `writer` takes the recorder's batches and the purge
/// only, so that no read holds up a grant's receipt; `reader` takes every read.
#[derive(Debug)]
pub(super) struct Pools<DB: Database> {
    writer: Pool<DB>,
    reader: Pool<DB>,
    statements: &'static Statements,
}

// By hand: a derive would ask for `DB: Clone`, which the database markers are not.
impl<DB: Database> Clone for Pools<DB> {
    fn clone(&self) -> Self {
        Self {
            writer: self.writer.clone(),
            reader: self.reader.clone(),
            statements: self.statements,
        }
    }
}

impl<DB> Pools<DB>
where
    DB: Dialect,
    DB::Connection: Migrate,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    /// Migrates the database (through `writer`) and keeps both pools.
    pub(super) async fn migrate(
        writer: Pool<DB>,
        reader: Pool<DB>,
        statements: &'static Statements,
    ) -> Result<Self, StoreError> {
        migrator(MIGRATIONS[DB::KIND as usize])
            .await?
            .run(&writer)
            .await
            .map_err(StoreError::new)?;
        Ok(Self {
            writer,
            reader,
            statements,
        })
    }

    /// Checks that the database takes writes: a write in a transaction, rolled back
    /// (nothing stays). The error is the database's.
    pub(super) async fn check_writable(&self) -> Result<(), sqlx::Error> {
        let mut transaction = self.writer.begin_with(BEGIN[DB::KIND as usize]).await?;
        sqlx::query(&self.statements.insert_notice)
            .bind("write check".to_owned())
            .bind(0i64)
            .bind(String::new())
            .bind(String::new())
            .execute(&mut *transaction)
            .await?;
        transaction.rollback().await
    }

    /// Closes the pools' connections (waiting for those in use).
    pub(super) async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// [`ReceiptStore::write`](super::ReceiptStore::write).
    pub(super) async fn write(
        &self,
        notices: &[Notice],
        receipts: &[Receipt],
    ) -> Result<(), StoreError> {
        let mut connection = self.writer.acquire().await.map_err(StoreError::new)?;
        let written = self.write_on(&mut connection, notices, receipts).await;
        if written.is_err() {
            // Not back to the pool: a transaction that did not end cleanly (a `COMMIT`
            // refused on a full disk) stays counted as open by sqlx, and every later
            // write on the connection would fail.
            connection.close_on_drop();
        }
        written.map_err(StoreError::new)
    }

    async fn write_on(
        &self,
        connection: &mut DB::Connection,
        notices: &[Notice],
        receipts: &[Receipt],
    ) -> Result<(), sqlx::Error> {
        // Always one explicit transaction: a write the recorder gives up on (its future
        // dropped at the commit timeout, say while a lock held it up) is rolled back,
        // where a lone `INSERT` would still commit on its own once it got through: a
        // grant answered 503 must leave no receipt. (SQLite's `BEGIN IMMEDIATE` takes
        // the write lock first, so a locked file makes it wait here, before anything is
        // written.)
        let mut transaction = connection.begin_with(BEGIN[DB::KIND as usize]).await?;
        for notice in notices {
            sqlx::query(&self.statements.insert_notice)
                .bind(notice.hash.to_string())
                .bind(i64::from(notice.policy_revision))
                .bind(notice.language.clone())
                .bind(notice.text.clone())
                .execute(&mut *transaction)
                .await?;
        }
        for chunk in receipts.chunks(ROWS_PER_INSERT) {
            let insert = insert_receipts::<DB>(chunk.len());
            chunk
                .iter()
                .fold(sqlx::query(&insert), bind_receipt)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await
    }

    async fn select<'q>(
        &self,
        query: sqlx::query::Query<'q, DB, DB::Arguments<'q>>,
    ) -> Result<Vec<Receipt>, StoreError> {
        let rows = query
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::new)?;
        rows.iter()
            .map(|row| ReceiptRow::read(row)?.into_receipt())
            .collect()
    }

    /// [`ReceiptStore::receipts_of`](super::ReceiptStore::receipts_of).
    pub(super) async fn receipts_of(
        &self,
        consent_id: ConsentId,
    ) -> Result<Vec<Receipt>, StoreError> {
        self.select(sqlx::query(&self.statements.receipts_of).bind(consent_id.to_string()))
            .await
    }

    /// [`ReceiptStore::receipt_of_choice`](super::ReceiptStore::receipt_of_choice).
    pub(super) async fn receipt_of_choice(
        &self,
        consent_id: ConsentId,
        occurred_at: SystemTime,
        granted: &[String],
    ) -> Result<Option<Receipt>, StoreError> {
        let row = sqlx::query(&self.statements.choice_lookup)
            .bind(consent_id.to_string())
            .bind(unix_seconds(occurred_at))
            .bind(granted.join(" "))
            .fetch_optional(&self.reader)
            .await
            .map_err(StoreError::new)?;
        row.map(|row| ReceiptRow::read(&row)?.into_receipt())
            .transpose()
    }

    /// [`ReceiptStore::receipts_between`](super::ReceiptStore::receipts_between).
    pub(super) async fn receipts_between(
        &self,
        since: SystemTime,
        until: SystemTime,
        after: Option<ReceiptId>,
        limit: u32,
    ) -> Result<Vec<Receipt>, StoreError> {
        self.select(
            sqlx::query(&self.statements.receipts_between)
                .bind(unix_seconds(since))
                .bind(unix_seconds(until))
                .bind(after.map(|id| id.to_string()))
                .bind(i64::from(limit)),
        )
        .await
    }

    /// [`ReceiptStore::notice`](super::ReceiptStore::notice).
    pub(super) async fn notice(&self, hash: NoticeHash) -> Result<Option<Notice>, StoreError> {
        let row = sqlx::query(&self.statements.notice)
            .bind(hash.to_string())
            .fetch_optional(&self.reader)
            .await
            .map_err(StoreError::new)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let revision: i64 = row.try_get(0).map_err(StoreError::new)?;
        let language: String = row.try_get(1).map_err(StoreError::new)?;
        let text: String = row.try_get(2).map_err(StoreError::new)?;
        let revision = u32::try_from(revision)
            .map_err(|_| StoreError::new("a stored notice has an invalid revision"))?;
        let notice = Notice::new(revision, language, text);
        if notice.hash != hash {
            return Err(StoreError::new(format!(
                "the stored notice {hash} does not match its hash"
            )));
        }
        Ok(Some(notice))
    }

    /// [`ReceiptStore::choice_counts`](super::ReceiptStore::choice_counts): one
    /// aggregate query, a row per group.
    pub(super) async fn choice_counts(
        &self,
        since: SystemTime,
        until: SystemTime,
    ) -> Result<Vec<ChoiceCount>, StoreError> {
        let rows = sqlx::query(&self.statements.choice_counts)
            .bind(unix_seconds(since))
            .bind(unix_seconds(until))
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::new)?;
        rows.iter()
            .map(|row| {
                let text = |index: usize| row.try_get::<String, _>(index).map_err(StoreError::new);
                let number = |index: usize| row.try_get::<i64, _>(index).map_err(StoreError::new);
                let invalid = |what: &str, value: String| {
                    StoreError::new(format!("a stored receipt has an invalid {what}: {value:?}"))
                };
                let event = text(1)?;
                let method = text(2)?;
                let count = number(7)?;
                let region = row
                    .try_get::<Option<String>, _>(6)
                    .map_err(StoreError::new)?;
                Ok(ChoiceCount::new(
                    day_number(number(0)?),
                    Event::from_name(&event).ok_or_else(|| invalid("event", event.clone()))?,
                    Method::from_name(&method).ok_or_else(|| invalid("method", method.clone()))?,
                    text(3)?,
                    ids(&text(4)?),
                    ids(&text(5)?),
                    u64::try_from(count).map_err(|_| invalid("count", count.to_string()))?,
                )
                .region(region))
            })
            .collect()
    }

    /// [`ReceiptStore::notice_hashes`](super::ReceiptStore::notice_hashes).
    pub(super) async fn notice_hashes(
        &self,
        policy_revision: u32,
    ) -> Result<Vec<(String, NoticeHash)>, StoreError> {
        let rows = sqlx::query(&self.statements.notice_hashes)
            .bind(i64::from(policy_revision))
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::new)?;
        rows.iter()
            .map(|row| {
                let language: String = row.try_get(0).map_err(StoreError::new)?;
                let hash: String = row.try_get(1).map_err(StoreError::new)?;
                let parsed = NoticeHash::parse(&hash).ok_or_else(|| {
                    StoreError::new(format!("a stored notice has an invalid hash: {hash:?}"))
                })?;
                Ok((language, parsed))
            })
            .collect()
    }

    /// [`ReceiptStore::purge`](super::ReceiptStore::purge).
    pub(super) async fn purge(&self, before: SystemTime, limit: u32) -> Result<u64, StoreError> {
        let done = sqlx::query(&self.statements.purge)
            .bind(unix_seconds(before))
            .bind(i64::from(limit))
            .execute(&self.writer)
            .await
            .map_err(StoreError::new)?;
        Ok(DB::rows_affected(&done))
    }
}

/// The multi-row `INSERT` of `rows` receipts (at most [`ROWS_PER_INSERT`]), skipping
/// those already stored; [`bind_receipt`] binds each row's values in order.
fn insert_receipts<DB: Dialect>(rows: usize) -> String {
    use std::fmt::Write as _;

    const VALUES: usize = 18;
    let (time_open, time_close) = TIME[DB::KIND as usize];
    let cast = ID_CAST[DB::KIND as usize];
    let mut insert = format!(
        "INSERT INTO consent_receipts (receipt_id, occurred_at, expires_at, {RECEIPT_COLUMNS}) VALUES "
    );
    for row in 0..rows {
        let first = row * VALUES + 1;
        let separator = if row == 0 { "" } else { ", " };
        // Writing to a `String` cannot fail.
        let _ = write!(
            insert,
            "{separator}(${first}{cast}, {time_open}${}{time_close}, {time_open}${}{time_close}",
            first + 1,
            first + 2
        );
        for value in first + 3..first + VALUES {
            let _ = write!(insert, ", ${value}");
        }
        insert.push(')');
    }
    insert.push_str(" ON CONFLICT (receipt_id) DO NOTHING");
    insert
}

/// Binds one receipt's values to [`insert_receipts`]' statement, in its columns' order.
fn bind_receipt<'q, DB>(
    query: sqlx::query::Query<'q, DB, DB::Arguments<'q>>,
    receipt: &Receipt,
) -> sqlx::query::Query<'q, DB, DB::Arguments<'q>>
where
    DB: Database,
    String: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    &'q str: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(receipt.receipt_id.to_string())
        .bind(unix_seconds(receipt.occurred_at))
        .bind(unix_seconds(receipt.expires_at))
        .bind(receipt.consent_id.to_string())
        .bind(receipt.event.as_str())
        .bind(receipt.granted.join(" "))
        .bind(receipt.refused.join(" "))
        .bind(i64::from(receipt.policy_revision))
        .bind(receipt.notice_hash.to_string())
        .bind(receipt.language.clone())
        .bind(receipt.method.as_str())
        .bind(receipt.path.clone())
        .bind(i64::from(receipt.schema_version))
        .bind(receipt.user_agent.clone())
        .bind(receipt.client_address.clone())
        .bind(i64::from(receipt.coalesced))
        .bind(receipt.region.clone())
        .bind(receipt.regime.map(|regime| regime.as_str().to_owned()))
}

/// What a public store whose `pools` field is a [`Pools`] of the database `$db` has in
/// common with the other: its [`Dialect`], its statements (built once per process), `close`,
/// `choice_lookup_sql`, and the [`ReceiptStore`](super::ReceiptStore) implementation,
/// whose futures are boxed at the concrete type, where sqlx's futures are known to be
/// `Send`.
macro_rules! sql_store {
    ($store:ty, $db:ty, $kind:expr) => {
        impl $crate::receipts::sql::Dialect for $db {
            const KIND: $crate::receipts::sql::Kind = $kind;

            fn rows_affected(result: &<$db as sqlx::Database>::QueryResult) -> u64 {
                result.rows_affected()
            }
        }

        impl $store {
            fn statements() -> &'static $crate::receipts::sql::Statements {
                static STATEMENTS: std::sync::OnceLock<$crate::receipts::sql::Statements> =
                    std::sync::OnceLock::new();
                STATEMENTS.get_or_init($crate::receipts::sql::Statements::new::<$db>)
            }

            /// Closes the pools' connections (waiting for those in use).
            pub async fn close(&self) {
                self.pools.close().await;
            }

            /// The SQL of
            /// [`ReceiptStore::receipt_of_choice`]($crate::receipts::ReceiptStore::receipt_of_choice),
            /// for tests that check its query plan. Not part of the API.
            #[doc(hidden)]
            pub fn choice_lookup_sql() -> &'static str {
                &Self::statements().choice_lookup
            }

            /// The SQL of
            /// [`ReceiptStore::choice_counts`]($crate::receipts::ReceiptStore::choice_counts),
            /// for tests that check its query plan. Not part of the API.
            #[doc(hidden)]
            pub fn choice_counts_sql() -> &'static str {
                &Self::statements().choice_counts
            }
        }

        // A block, so that the names it uses are its own.
        const _: () = {
            use std::time::SystemTime;

            use $crate::receipts::sql::Answer;
            use $crate::receipts::{
                ChoiceCount, ConsentId, Notice, NoticeHash, Receipt, ReceiptId,
            };

            impl $crate::receipts::ReceiptStore for $store {
                fn write<'a>(
                    &'a self,
                    notices: &'a [Notice],
                    receipts: &'a [Receipt],
                ) -> Answer<'a, ()> {
                    Box::pin(self.pools.write(notices, receipts))
                }

                fn receipts_of(&self, consent_id: ConsentId) -> Answer<'_, Vec<Receipt>> {
                    Box::pin(self.pools.receipts_of(consent_id))
                }

                fn receipt_of_choice<'a>(
                    &'a self,
                    consent_id: ConsentId,
                    occurred_at: SystemTime,
                    granted: &'a [String],
                ) -> Answer<'a, Option<Receipt>> {
                    Box::pin(
                        self.pools
                            .receipt_of_choice(consent_id, occurred_at, granted),
                    )
                }

                fn receipts_between(
                    &self,
                    since: SystemTime,
                    until: SystemTime,
                    after: Option<ReceiptId>,
                    limit: u32,
                ) -> Answer<'_, Vec<Receipt>> {
                    Box::pin(self.pools.receipts_between(since, until, after, limit))
                }

                fn notice(&self, hash: NoticeHash) -> Answer<'_, Option<Notice>> {
                    Box::pin(self.pools.notice(hash))
                }

                fn notice_hashes(
                    &self,
                    policy_revision: u32,
                ) -> Answer<'_, Vec<(String, NoticeHash)>> {
                    Box::pin(self.pools.notice_hashes(policy_revision))
                }

                fn purge(&self, before: SystemTime, limit: u32) -> Answer<'_, u64> {
                    Box::pin(self.pools.purge(before, limit))
                }

                fn choice_counts(
                    &self,
                    since: SystemTime,
                    until: SystemTime,
                ) -> Answer<'_, Vec<ChoiceCount>> {
                    Box::pin(self.pools.choice_counts(since, until))
                }
            }
        };
    };
}
pub(super) use sql_store;
