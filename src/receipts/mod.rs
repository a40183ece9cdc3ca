//! Proof of consent: a receipt for every choice made at the endpoint, in a store the
//! operator keeps.
//!
//! The consent cookie is the visitor's copy of their choice; a receipt is the
//! operator's. Every post to the endpoint that records a choice writes one [`Receipt`]
//! through a [`ReceiptStore`]: SQLite (a file, the embedded default; feature `sqlite`, on
//! by default), PostgreSQL (several servers, one database; feature `postgres`), or
//! [`TracingStore`] (one structured `tracing` event per receipt, for sites that ship
//! their logs elsewhere). The layer records receipts once it is given a [`Receipts`]
//! with [`ConsentLayer::record_receipts`](crate::ConsentLayer::record_receipts).
//!
//! ```no_run
//! # #[cfg(feature = "sqlite")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use tower_cookie_consent::{ConsentLayer, Policy};
//! use tower_cookie_consent::receipts::{Receipts, SqliteStore};
//!
//! let policy = Policy::builder().build()?;
//! let store = SqliteStore::open("consent-receipts.db").await?;
//! let layer = ConsentLayer::new(policy).record_receipts(Receipts::new(store));
//! # Ok(())
//! # }
//! ```
//!
//! # The receipt
//!
//! A receipt's JSON form (one line of an export, the body of `GET {endpoint}/receipt`)
//! is a public contract, versioned by `schema_version` (today `1`):
//!
//! ```json
//! {"schema_version":1,"receipt_id":"019ad3f0-5b6a-7c8d-9e0f-a1b2c3d4e5f6",
//!  "consent_id":"9f86d081884c7d659a2feaa0c55ad015","event":"given",
//!  "occurred_at":"2026-11-30T04:31:07Z","granted":["functionality"],
//!  "refused":["performance","advertising"],"policy_revision":3,
//!  "notice_hash":"5e8f…(64 hex digits)","language":"en","method":"save","path":"/shop",
//!  "expires_at":"2027-05-29T04:31:07Z"}
//! ```
//!
//! | field | what it holds | ISO/IEC TS 27560 element |
//! |---|---|---|
//! | `schema_version` | this format's version | schema version |
//! | `receipt_id` | a UUIDv7 ([`ReceiptId`]): time-ordered, unique per receipt | record identifier |
//! | `consent_id` | the id in the visitor's consent cookie ([`ConsentId`]), so cookie and record join; it stays the same when the visitor changes their choice | PII principal identifier (pseudonymous) |
//! | `event` | `given` (no valid choice before), `updated`, `withdrawn` (every optional category refused after some were granted) | event type, and the consent status it leaves |
//! | `occurred_at` | when, UTC, whole seconds: the consent cookie's decision time | event time |
//! | `granted`, `refused` | the optional category ids granted and refused (the necessary category needs no consent and is in neither) | purposes, with their consent status |
//! | `policy_revision` | the policy revision the choice was made under | notice version |
//! | `notice_hash` | SHA-256 (hex) of what the visitor was shown ([`Notice`]) | notice (reference to the presented notice) |
//! | `language` | the language of that notice | language |
//! | `method` | `accept_all`, `reject_all`, `save` (the form's buttons), `json` (a `fetch` client), `object` (UK regime's "Object"), `opt_out` (the opt-out notice's "Do not sell or share my personal information"), `placeholder` (a click-to-load placeholder's button: one category granted on top of the choice), or `gpc` (the signal applied to a choice) | collection method |
//! | `path` | the page the choice was made from (`return_to`'s path, no query; the page's path for `gpc_applied`); absent when unknown or longer than 2,048 bytes | point of collection |
//! | `expires_at` | when the choice lapses (the consent lifetime after `occurred_at`) | expiry |
//! | `user_agent` | optional, off by default ([`ReceiptOptions::record_user_agent`]) | collection method details |
//! | `client_address` | optional, off by default: the client's address truncated to its /24 (IPv4) or /48 (IPv6) ([`ReceiptOptions::record_client_address`]) | collection method details |
//! | `region` | the visitor's region as the layer read it (`DE`, `US-CA`; see [`RegionSource`](crate::RegionSource)), absent when unknown | jurisdiction (of the PII principal) |
//! | `regime` | the regime the choice was made under: `consent`, `consent_uk`, `opt_out`, `none` ([`Regime`]) | legal basis / applicable law |
//! | `coalesced` | how many refusals the receipt stands for, when more than one: a client past its [`ReceiptLimit`] has its further refusals of a window stored as one, the last | collection method details |
//!
//! TS 27560 describes its elements in prose and leaves their encoding open: the
//! column names the element each field carries. Fields absent from a receipt
//! (`path`, `user_agent`, `client_address`, `region`, and `regime` in receipts stored
//! before regimes existed) are left out of its JSON, and so is `coalesced` when it is 1.
//!
//! # Notices
//!
//! `notice_hash` is the SHA-256 of exactly what the visitor was shown for that policy
//! revision and language: the banner as rendered (for a first visit, linking its
//! stylesheet), then the preferences page as rendered for a visitor who has not chosen
//! (its texts and the cookie declaration table). Each notice's full text is stored once,
//! with the first receipt that names it, so an auditor can read word for word what any
//! receipt's visitor saw ([`ReceiptStore::notice`]). The same texts give the same hash
//! and one stored notice; a changed text, a new one.
//!
//! # Durability
//!
//! - **A grant is answered only after its receipt is committed.** Posts arriving
//!   together are committed together (group commit: one transaction per batch, each
//!   request waiting for its batch; [`ReceiptOptions::concurrent_writes`] batches, two
//!   by default, may be written at once). When the store fails, or the commit takes longer
//!   than [`ReceiptOptions::commit_timeout`] (3 s by default), nothing is granted: the
//!   visitor gets `503 Service Unavailable` saying the choice could not be saved (JSON
//!   for JSON clients), no consent cookie is set, and the banner stays on the site's
//!   pages to try again.
//! - **A refusal or withdrawal always takes effect at once**: refusing is the default
//!   state, so the consent cookie and the deletions are sent whatever the store does. Its
//!   receipt waits for its batch at most [`ReceiptOptions::refusal_wait`] (500 ms by
//!   default) and is then kept in memory and retried (with backoff, up to 30 s apart)
//!   until stored. The queue is bounded ([`ReceiptOptions::queue_capacity`]): a receipt
//!   that finds it full is written to `tracing` at `ERROR` level, whole, and counted
//!   ([`ReceiptStats::refusals_dropped`]), never dropped silently.
//! - **A grant answered 503 leaves no receipt.** A grant still queued at its deadline is
//!   left out of every batch; one whose batch is being written is answered with that
//!   write's outcome, and the write ends by the earliest deadline of its grants: the
//!   database stores write each batch in one transaction, rolled back when the write is
//!   given up (SQLite takes its write lock first, `BEGIN IMMEDIATE`, and waits for a
//!   locked file at most 2 s, less than the default commit timeout, so a lock makes the
//!   write fail, known, before the deadline). Only a deadline passing while the
//!   database is executing the `COMMIT` itself (a disk stalled in its final sync) can
//!   leave a receipt whose visitor got a 503; that receipt names a consent id no visitor
//!   received, so a receipt is evidence together with a cookie carrying its id and time.
//! - Writes are idempotent (a receipt id already stored is skipped), so retries never
//!   duplicate a receipt.
//!
//! - **With a spool folder** ([`ReceiptOptions::spool_folder`]), a refusal whose receipt
//!   is not committed within `refusal_wait`, whose write fails or that finds the queue
//!   full is appended to this process's file in the folder and synced before it is
//!   answered; every file no live process holds is replayed into the store when it takes
//!   writes again, and at [`Receipts::start`].
//! - [`Receipts::shutdown`] writes what is queued or waiting for a retry, and spools (or
//!   logs) what the store still refuses: a graceful stop loses nothing.
//! - The SQLite and PostgreSQL stores check at start that they can write (a row written
//!   and rolled back), and their errors name the store, its host and the cause.
//!
//! So with a healthy store every answered choice has its receipt committed before the
//! answer; with a spool, a refusal answered while the store was failing or slow is on
//! local disk before its answer. Without one, such refusals live in memory until
//! stored, and a crash of the process in that window loses them.
//!
//! # The visitor's side
//!
//! The preferences page (`GET {endpoint}`) shows the visitor's receipt (consent id, date
//! and time, policy revision, what was allowed and refused), and `GET
//! {endpoint}/receipt` returns it as JSON: the store's receipt for the consent cookie's
//! id and decision time ([`ReceiptStore::receipt_of_choice`]: one row found through an
//! index, however many receipts the consent id has). The database stores read through a
//! connection pool of their own, so visitors reading receipts in a loop never hold the
//! connections the batch writer commits grants with. The user agent and address are
//! never shown there: a consent id is all it takes to read a receipt.
//!
//! # The operator's side
//!
//! Query by consent id ([`ReceiptStore::receipts_of`]) or time range
//! ([`ReceiptStore::receipts_between`]), export as JSON lines with the notices
//! (`cargo run --example receipts -- export --since 2026-01-01`), and let the retention
//! purge delete receipts older than [`ReceiptOptions::retention`] (the consent lifetime
//! plus 6 months by default) in the background, in small transactions that never hold
//! up a commit for long. Notices are kept.

mod export;
mod figures;
mod id;
mod limit;
mod recorder;
mod spool;
mod time;
mod tracing_store;

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(feature = "sqlite")]
mod sqlite;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::consent::Decision;
use crate::policy::{CategorySet, Policy, Regime};
use crate::region::Region;

use crate::consent::ConsentId;
pub use export::{ExportSummary, export_json_lines};
pub use figures::{ChoiceCount, DayFigure, Figures, Series};
pub(crate) use figures::{day_format, day_start};
pub use id::ReceiptId;
pub use limit::ReceiptLimit;
pub(crate) use limit::{Key as LimitKey, Limited, Limiter};
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub(crate) use recorder::Recorded;
pub use recorder::{ReceiptOptions, ReceiptStats, Receipts};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub(crate) use time::from_unix_seconds;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) use time::unix_seconds;
pub(crate) use time::{format_utc, parse_utc};
pub use tracing_store::TracingStore;

/// The version of the receipt format and schema this crate writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A boxed future, as [`ReceiptStore`]'s methods return (the trait stays object-safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The record of one choice. See the [module docs](self) for each field's meaning and
/// JSON form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Receipt {
    /// The receipt format's version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// This receipt's id.
    pub receipt_id: ReceiptId,
    /// The id in the visitor's consent cookie.
    #[serde(with = "consent_id_text")]
    pub consent_id: ConsentId,
    /// Given, updated or withdrawn.
    pub event: Event,
    /// When the choice was made (whole seconds).
    #[serde(with = "utc_text")]
    pub occurred_at: SystemTime,
    /// The optional categories granted, in the policy's order.
    pub granted: Vec<String>,
    /// The optional categories refused, in the policy's order.
    pub refused: Vec<String>,
    /// The policy revision of the choice.
    pub policy_revision: u32,
    /// The hash of the notice the visitor was shown.
    pub notice_hash: NoticeHash,
    /// The notice's language.
    pub language: String,
    /// How the choice was made.
    pub method: Method,
    /// The page's path, without its query; `None` when the post named none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// When the choice lapses.
    #[serde(with = "utc_text")]
    pub expires_at: SystemTime,
    /// The request's `User-Agent`, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The client's truncated address, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_address: Option<String>,
    /// How many refusals this receipt stands for: 1, or for a client past its
    /// [`ReceiptLimit`], its refusals of one window (this receipt is the last of them).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub coalesced: u32,
    /// The visitor's region (`DE`, `US-CA`) as the layer's region source read it;
    /// `None` when unknown (no source, or an absent or malformed header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The regime the choice was made under; `None` only in receipts stored before
    /// regimes existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
}

fn one() -> u32 {
    1
}

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_one(count: &u32) -> bool {
    *count == 1
}

/// Paths longer than this are left out of receipts, as `return_to` values longer than
/// this are refused: a receipt is a few hundred bytes, not whatever a client sends.
pub(crate) const MAX_PATH: usize = 2048;

/// What the endpoint knows of a choice when it writes its receipt.
pub(crate) struct ChoiceMade<'a> {
    pub(crate) policy: &'a Policy,
    pub(crate) notice: &'a Notice,
    /// The visitor's valid choice before this one, if any.
    pub(crate) previous: Option<&'a Decision>,
    pub(crate) decision: &'a Decision,
    pub(crate) method: Method,
    pub(crate) path: Option<&'a str>,
    pub(crate) user_agent: Option<String>,
    pub(crate) client_address: Option<String>,
    /// Where the visitor was, and the regime that gave them.
    pub(crate) region: Option<Region>,
    pub(crate) regime: Regime,
}

impl Receipt {
    /// A receipt with these identifying fields, for a [`ReceiptStore`] of the operator's
    /// that reads receipts back from its own storage (the struct is `non_exhaustive`, so
    /// it cannot be written as a literal outside this crate). The other fields start
    /// empty (no categories, revision 0, no language, path, user agent or address, one
    /// choice, expiring when it occurred) and are set through their public fields.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use tower_cookie_consent::ConsentId;
    /// use tower_cookie_consent::receipts::{Event, Method, NoticeHash, Receipt, ReceiptId};
    ///
    /// let occurred_at = UNIX_EPOCH + Duration::from_secs(1_764_441_482);
    /// let mut receipt = Receipt::new(
    ///     ReceiptId::parse("0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6").unwrap(),
    ///     ConsentId::parse("0123456789abcdef0123456789abcdef").unwrap(),
    ///     Event::Given,
    ///     occurred_at,
    ///     Method::AcceptAll,
    ///     NoticeHash::of("the banner's text"),
    /// );
    /// receipt.granted = vec!["necessary".to_owned(), "performance".to_owned()];
    /// receipt.policy_revision = 3;
    /// receipt.expires_at = occurred_at + Duration::from_secs(180 * 86_400);
    /// assert!(receipt.to_json().contains(r#""granted":["necessary","performance"]"#));
    /// ```
    pub fn new(
        receipt_id: ReceiptId,
        consent_id: ConsentId,
        event: Event,
        occurred_at: SystemTime,
        method: Method,
        notice_hash: NoticeHash,
    ) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            receipt_id,
            consent_id,
            event,
            occurred_at,
            granted: Vec::new(),
            refused: Vec::new(),
            policy_revision: 0,
            notice_hash,
            language: String::new(),
            method,
            path: None,
            expires_at: occurred_at,
            user_agent: None,
            client_address: None,
            coalesced: 1,
            region: None,
            regime: None,
        }
    }

    /// The receipt of a choice just made.
    pub(crate) fn of_choice(choice: ChoiceMade<'_>) -> Self {
        let policy = choice.policy;
        let granted = choice.decision.granted;
        let none = CategorySet::NECESSARY_ONLY;
        let event = match choice.previous {
            None => Event::Given,
            Some(previous) if previous.granted != none && granted == none => Event::Withdrawn,
            Some(_) => Event::Updated,
        };
        let (mut allowed, mut refused) = (Vec::new(), Vec::new());
        for category in policy.categories().iter().skip(1) {
            let listed = policy
                .category_index(category.id().as_bytes())
                .is_some_and(|index| granted.contains(index));
            if listed {
                allowed.push(category.id().to_owned());
            } else {
                refused.push(category.id().to_owned());
            }
        }
        let occurred_at = from_unix_seconds(i64::try_from(choice.decision.decided_at).unwrap_or(0));
        Self {
            schema_version: SCHEMA_VERSION,
            receipt_id: ReceiptId::now(),
            consent_id: choice.decision.id,
            event,
            occurred_at,
            granted: allowed,
            refused,
            policy_revision: choice.decision.revision,
            notice_hash: choice.notice.hash,
            language: choice.notice.language.clone(),
            method: choice.method,
            path: choice
                .path
                .map(|path| path.split('?').next().unwrap_or(path))
                .filter(|path| path.len() <= MAX_PATH)
                .map(str::to_owned),
            expires_at: occurred_at + policy.consent_lifetime(),
            user_agent: choice.user_agent,
            client_address: choice.client_address,
            coalesced: 1,
            region: choice.region.map(|region| region.to_string()),
            regime: Some(choice.regime),
        }
    }

    /// Whether the choice grants an optional category: its answer must wait for the
    /// receipt's commit.
    pub(crate) fn is_grant(&self) -> bool {
        !self.granted.is_empty()
    }

    /// The receipt as the visitor may see it: without the user agent and address.
    pub(crate) fn for_visitor(mut self) -> Self {
        self.user_agent = None;
        self.client_address = None;
        self
    }

    /// The receipt as one line of JSON (no newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a receipt always serializes")
    }
}

/// What a choice did to the visitor's consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// The first choice (or the first since the last one lapsed or the policy changed).
    Given,
    /// A new choice replacing a valid one.
    Updated,
    /// Every optional category refused after some were granted.
    Withdrawn,
    /// The browser's Global Privacy Control signal refused categories the visitor's
    /// choice granted (recorded once per choice: see "Global Privacy Control" in the
    /// crate docs). `granted` and `refused` are what applies while the signal is sent.
    GpcApplied,
}

impl Event {
    /// The name receipts use (`given`, `updated`, `withdrawn`, `gpc_applied`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Updated => "updated",
            Self::Withdrawn => "withdrawn",
            Self::GpcApplied => "gpc_applied",
        }
    }

    /// The event named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Given,
            Self::Updated,
            Self::Withdrawn,
            Self::GpcApplied,
        ]
        .into_iter()
        .find(|event| event.as_str() == name)
    }
}

/// How the visitor made the choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// The "Accept all" button.
    AcceptAll,
    /// The "Reject all" button.
    RejectAll,
    /// The "Save my choices" button (or a form with no action).
    Save,
    /// A JSON post (`fetch`), whatever its action.
    Json,
    /// UK mode: an "Object" button (the category objected to is refused).
    Object,
    /// No action of the visitor: the browser's Global Privacy Control signal.
    Gpc,
    /// The opt-out notice's "Do not sell or share my personal information": the
    /// categories that sell or share data are refused, the rest granted.
    OptOut,
    /// A click-to-load placeholder's button: one category granted on top of the
    /// visitor's choice (see [`Gating::click_to_load`](crate::Gating::click_to_load)).
    Placeholder,
}

impl Method {
    /// The name receipts use (`accept_all`, `reject_all`, `save`, `json`, `object`,
    /// `gpc`, `opt_out`, `placeholder`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AcceptAll => "accept_all",
            Self::RejectAll => "reject_all",
            Self::Save => "save",
            Self::Json => "json",
            Self::Object => "object",
            Self::Gpc => "gpc",
            Self::OptOut => "opt_out",
            Self::Placeholder => "placeholder",
        }
    }

    /// The method named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::AcceptAll,
            Self::RejectAll,
            Self::Save,
            Self::Json,
            Self::Object,
            Self::Gpc,
            Self::OptOut,
            Self::Placeholder,
        ]
        .into_iter()
        .find(|method| method.as_str() == name)
    }
}

/// The SHA-256 of a notice's text, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoticeHash([u8; 32]);

impl NoticeHash {
    /// The hash of `text`.
    pub fn of(text: &str) -> Self {
        Self(Sha256::digest(text.as_bytes()).into())
    }

    /// Reads 64 lowercase hex digits.
    pub fn parse(hex: &str) -> Option<Self> {
        crate::consent::lowercase_hex(hex.as_bytes()).map(Self)
    }
}

impl fmt::Display for NoticeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for NoticeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoticeHash({self})")
    }
}

impl serde::Serialize for NoticeHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for NoticeHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not 64 lowercase hex digits"))
    }
}

/// What visitors were shown for one policy revision and language, word for word.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Notice {
    /// The SHA-256 of `text`.
    pub hash: NoticeHash,
    /// The policy revision it was shown under.
    pub policy_revision: u32,
    /// Its language.
    pub language: String,
    /// The markup the visitor's browser received (see "Notices" in the module docs).
    pub text: String,
}

impl Notice {
    /// The notice with `text`, hashed.
    pub fn new(policy_revision: u32, language: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            hash: NoticeHash::of(&text),
            policy_revision,
            language: language.into(),
            text,
        }
    }
}

impl fmt::Debug for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notice")
            .field("hash", &self.hash)
            .field("policy_revision", &self.policy_revision)
            .field("language", &self.language)
            .field("text", &format_args!("({} bytes)", self.text.len()))
            .finish()
    }
}

/// A store could not do what it was asked.
#[derive(Debug)]
pub struct StoreError {
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl StoreError {
    /// An error caused by `source` (a database error, an I/O error, or a message).
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "receipt store: {}", self.source)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// Where receipts and notices are kept. Implemented by [`SqliteStore`],
/// [`PostgresStore`], [`TracingStore`], and by any store of the operator's.
///
/// The methods return boxed futures, so that the trait is object-safe: the layer holds
/// an `Arc<dyn ReceiptStore>`.
///
/// Contract: [`write`](Self::write) is one transaction (all or nothing) and idempotent
/// (a receipt whose id is stored is skipped; a notice whose hash is stored is kept).
/// Reads return receipts ordered by receipt id, oldest first.
pub trait ReceiptStore: fmt::Debug + Send + Sync {
    /// Stores `receipts`, and `notices` (those the receipts name that may not be stored
    /// yet), in one transaction.
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Every receipt of one consent id, oldest first: the operator's view of a history,
    /// as long as it is. Visitors' pages never use it (see
    /// [`receipt_of_choice`](Self::receipt_of_choice)).
    fn receipts_of(&self, consent_id: ConsentId)
    -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>>;

    /// The receipt of one choice: among the receipts of `consent_id` that occurred at
    /// `occurred_at` and granted exactly `granted` (category ids in the policy's order),
    /// the latest; `None` when there is none. The preferences page and
    /// `GET {endpoint}/receipt` read the visitor's receipt with it.
    ///
    /// The SQLite and PostgreSQL stores read one row through an index (`LIMIT 1`), so a
    /// visitor who posted thousands of choices costs a read no more than anyone else.
    /// The default implementation filters [`receipts_of`](Self::receipts_of): a store of
    /// the operator's whose histories can grow long should answer it in its database.
    fn receipt_of_choice<'a>(
        &'a self,
        consent_id: ConsentId,
        occurred_at: SystemTime,
        granted: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Receipt>, StoreError>> {
        Box::pin(async move {
            let history = self.receipts_of(consent_id).await?;
            Ok(history
                .into_iter()
                .rev()
                .find(|receipt| receipt.occurred_at == occurred_at && receipt.granted == granted))
        })
    }

    /// At most `limit` receipts with `since <= occurred_at < until`, ordered by receipt
    /// id, starting after the receipt id `after` (to page through a long range).
    fn receipts_between(
        &self,
        since: SystemTime,
        until: SystemTime,
        after: Option<ReceiptId>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>>;

    /// The notice with this hash, if stored.
    fn notice(&self, hash: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>>;

    /// The (language, hash) of every notice stored for `policy_revision`. The layer
    /// reads it once at start, to warn when what it now shows differs from what
    /// visitors were shown under the same revision (texts changed without a revision
    /// bump: those visitors are not asked again). The default implementation knows
    /// none, so a store of the operator's skips the check until it answers.
    fn notice_hashes(
        &self,
        policy_revision: u32,
    ) -> BoxFuture<'_, Result<Vec<(String, NoticeHash)>, StoreError>> {
        let _ = policy_revision;
        Box::pin(async { Ok(Vec::new()) })
    }

    /// Deletes at most `limit` receipts that occurred before `before`; returns how many
    /// were deleted. Notices are kept.
    fn purge(&self, before: SystemTime, limit: u32) -> BoxFuture<'_, Result<u64, StoreError>>;

    /// The choices recorded with `since <= occurred_at < until`, counted by UTC day,
    /// event, method, language, granted and refused categories (each receipt counts as
    /// many choices as it stands for: its `coalesced` count), ordered by day: what the
    /// operator's figures ([`Figures`]) are computed from.
    ///
    /// The SQLite and PostgreSQL stores answer with one `GROUP BY` query (through the
    /// `occurred_at` index), so no receipt is loaded. The default implementation pages
    /// through [`receipts_between`](Self::receipts_between), a thousand receipts at a
    /// time, keeping only the counts: a store of the operator's should count in its
    /// database.
    fn choice_counts(
        &self,
        since: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'_, Result<Vec<ChoiceCount>, StoreError>> {
        Box::pin(figures::count_by_paging(self, since, until))
    }
}

mod consent_id_text {
    use super::ConsentId;

    pub(super) fn serialize<S: serde::Serializer>(
        id: &ConsentId,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<ConsentId, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        ConsentId::parse_hex(text.as_bytes())
            .ok_or_else(|| serde::de::Error::custom("not 32 lowercase hex digits"))
    }
}

mod utc_text {
    use std::time::SystemTime;

    pub(super) fn serialize<S: serde::Serializer>(
        time: &SystemTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&super::format_utc(*time))
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SystemTime, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        super::parse_utc(&text)
            .ok_or_else(|| serde::de::Error::custom("not a UTC time (YYYY-MM-DDTHH:MM:SSZ)"))
    }
}
