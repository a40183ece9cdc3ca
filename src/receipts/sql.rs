//! What the SQLite and PostgreSQL stores share: the embedded migrations, and reading a
//! receipt back from a row's columns.

use std::borrow::Cow;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::query_builder::Separated;
use sqlx::{Database, Encode, Type};

use super::{
    ConsentId, Event, Method, NoticeHash, Receipt, ReceiptId, StoreError, from_unix_seconds,
};
use crate::policy::Regime;

/// Multi-row inserts carry at most this many receipts (SQLite allows 32,766 bound values
/// per statement; a receipt has 18).
pub(super) const ROWS_PER_INSERT: usize = 500;

/// Migrations compiled into the crate (`migrations/{sqlite,postgres}/` in the
/// repository), so that a store needs no files beside its binary.
#[derive(Debug)]
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

pub(super) async fn migrator(migrations: Embedded) -> Result<Migrator, StoreError> {
    Migrator::new(migrations).await.map_err(StoreError::new)
}

/// A receipt's columns as both stores return them: `receipt_id` as text, times as Unix
/// seconds.
pub(super) const RECEIPT_COLUMNS: &str = "consent_id, event, granted, refused, \
     policy_revision, notice_hash, language, method, path, schema_version, user_agent, \
     client_address, coalesced, region, regime";

/// Binds a receipt's [`RECEIPT_COLUMNS`], in order, to one row of a multi-row insert
/// (each store binds the id and the times first, in its own types).
pub(super) fn push_receipt_columns<'args, DB>(
    row: &mut Separated<'_, 'args, DB, &'static str>,
    receipt: &Receipt,
) where
    DB: Database,
    String: Encode<'args, DB> + Type<DB>,
    Option<String>: Encode<'args, DB> + Type<DB>,
    &'args str: Encode<'args, DB> + Type<DB>,
    i64: Encode<'args, DB> + Type<DB>,
{
    row.push_bind(receipt.consent_id.to_string())
        .push_bind(receipt.event.as_str())
        .push_bind(receipt.granted.join(" "))
        .push_bind(receipt.refused.join(" "))
        .push_bind(i64::from(receipt.policy_revision))
        .push_bind(receipt.notice_hash.to_string())
        .push_bind(receipt.language.clone())
        .push_bind(receipt.method.as_str())
        .push_bind(receipt.path.clone())
        .push_bind(i64::from(receipt.schema_version))
        .push_bind(receipt.user_agent.clone())
        .push_bind(receipt.client_address.clone())
        .push_bind(i64::from(receipt.coalesced))
        .push_bind(receipt.region.clone())
        .push_bind(receipt.regime.map(|regime| regime.as_str().to_owned()));
}

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
        let ids = |text: &str| -> Vec<String> {
            text.split(' ')
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()
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

/// The (language, hash) rows of `consent_notices`, checked.
pub(super) fn notice_hashes(
    rows: Vec<(String, String)>,
) -> Result<Vec<(String, NoticeHash)>, StoreError> {
    rows.into_iter()
        .map(|(language, hash)| {
            let parsed = NoticeHash::parse(&hash).ok_or_else(|| {
                StoreError::new(format!("a stored notice has an invalid hash: {hash:?}"))
            })?;
            Ok((language, parsed))
        })
        .collect()
}
