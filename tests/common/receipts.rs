//! The receipt store test suite, run against every store (SQLite in `cargo test`,
//! PostgreSQL in `.ci/run`), and a store wrapper that fails or stalls on demand.
//! Included with `#[path]` by the receipt tests (it needs tokio and a store feature).
#![allow(dead_code, unreachable_pub)]
// Literal arrays of clones read as the expected rows.
#![allow(clippy::cloned_ref_to_slice_refs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tower_cookie_consent::ConsentId;
use tower_cookie_consent::receipts::{
    BoxFuture, Notice, NoticeHash, Receipt, ReceiptId, ReceiptStore, StoreError, export_json_lines,
};

/// A fresh file path under `target/tmp` (the file does not exist yet), so that test
/// databases go where `cargo clean` finds them.
pub fn temp_db(name: &str) -> std::path::PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let unique = format!(
        "tcc-{name}-{}-{}-{}.db",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(unique)
}

pub fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// A receipt written from its public JSON form: `n` orders the receipt ids.
pub fn receipt(n: u64, consent: &str, occurred_at: u64, notice: &Notice) -> Receipt {
    let json = format!(
        r#"{{"schema_version":1,"receipt_id":"01900000-0000-7000-8000-{n:012x}",
        "consent_id":"{consent}","event":"given","occurred_at":"{}",
        "granted":["functionality","performance"],"refused":["advertising"],
        "policy_revision":{},"notice_hash":"{}","language":"{}","method":"save",
        "path":"/shop","expires_at":"{}","user_agent":"Mozilla/5.0 (X11)",
        "client_address":"203.0.113.0/24"}}"#,
        utc(at(occurred_at)),
        notice.policy_revision,
        notice.hash,
        notice.language,
        utc(at(occurred_at + 15_552_000)),
    );
    serde_json::from_str(&json).unwrap()
}

pub fn consent_id(text: &str) -> ConsentId {
    ConsentId::parse(text).expect("32 lowercase hex digits")
}

const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// Every contract of [`ReceiptStore`], on an empty store.
pub async fn store_suite(store: &dyn ReceiptStore) {
    let first = Notice::new(2, "en", "<section>We use cookies.</section>");
    let same = Notice::new(2, "en", "<section>We use cookies.</section>");
    let changed = Notice::new(3, "en", "<section>We use more cookies.</section>");
    assert_eq!(first.hash, same.hash);
    assert_ne!(first.hash, changed.hash);

    // One write: notices and receipts, read back field for field.
    let early = receipt(1, A, 1_767_225_600, &first); // 2026-01-01T00:00:00Z
    let later = receipt(2, A, 1_767_225_700, &first);
    let other = receipt(3, B, 1_767_225_800, &first);
    store
        .write(
            &[first.clone()],
            &[early.clone(), later.clone(), other.clone()],
        )
        .await
        .unwrap();
    assert_eq!(
        store.receipts_of(consent_id(A)).await.unwrap(),
        [early.clone(), later.clone()]
    );
    assert_eq!(
        store.receipts_of(consent_id(B)).await.unwrap(),
        [other.clone()]
    );
    assert!(
        store
            .receipts_of(consent_id(&"c".repeat(32)))
            .await
            .unwrap()
            .is_empty()
    );

    // One choice's receipt: by consent id, time and granted categories, the latest.
    let granted = ["functionality".to_owned(), "performance".to_owned()];
    let found = store
        .receipt_of_choice(consent_id(A), at(1_767_225_700), &granted)
        .await
        .unwrap();
    assert_eq!(found, Some(later.clone()));
    let other_grant = ["functionality".to_owned()];
    for (id, time, granted) in [
        (A, 1_767_225_700, &other_grant[..]),
        (A, 1_767_225_701, &granted[..]),
        (B, 1_767_225_700, &granted[..]),
    ] {
        let none = store
            .receipt_of_choice(consent_id(id), at(time), granted)
            .await
            .unwrap();
        assert_eq!(none, None, "{id} {time} {granted:?}");
    }
    let twin = receipt(7, A, 1_767_225_700, &first);
    store.write(&[], &[twin.clone()]).await.unwrap();
    let latest = store
        .receipt_of_choice(consent_id(A), at(1_767_225_700), &granted)
        .await
        .unwrap();
    assert_eq!(latest, Some(twin.clone()), "the latest of two matches");
    assert_eq!(store.purge(at(1_767_225_701), 10).await.unwrap(), 3);
    store
        .write(&[], &[early.clone(), later.clone(), other.clone()])
        .await
        .unwrap();

    // Idempotent: the same receipts and notice again change nothing.
    store
        .write(&[same.clone()], &[early.clone(), other.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.receipts_of(consent_id(A)).await.unwrap(),
        [early.clone(), later.clone()]
    );
    assert_eq!(store.notice(first.hash).await.unwrap(), Some(first.clone()));

    // A changed text is a new notice; both are kept.
    let updated = receipt(4, A, 1_767_312_000, &changed); // 2026-01-02
    store
        .write(&[changed.clone()], &[updated.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.notice(changed.hash).await.unwrap(),
        Some(changed.clone())
    );
    assert_eq!(store.notice(first.hash).await.unwrap(), Some(first.clone()));
    assert_eq!(
        store.notice(NoticeHash::of("never shown")).await.unwrap(),
        None
    );

    // All or nothing: a receipt naming an unknown notice fails the whole write.
    let orphan = receipt(5, B, 1_767_312_100, &Notice::new(9, "en", "not stored"));
    let fine = receipt(6, B, 1_767_312_200, &first);
    assert!(store.write(&[], &[fine.clone(), orphan]).await.is_err());
    assert_eq!(
        store.receipts_of(consent_id(B)).await.unwrap(),
        [other.clone()]
    );

    // Time ranges: since inclusive, until exclusive, by receipt id, paged.
    let all = store
        .receipts_between(at(0), at(u32::MAX.into()), None, 100)
        .await
        .unwrap();
    assert_eq!(
        all,
        [early.clone(), later.clone(), other.clone(), updated.clone()]
    );
    let range = store
        .receipts_between(at(1_767_225_700), at(1_767_312_000), None, 100)
        .await
        .unwrap();
    assert_eq!(range, [later.clone(), other.clone()]);
    let page = store
        .receipts_between(at(0), at(u32::MAX.into()), Some(later.receipt_id), 1)
        .await
        .unwrap();
    assert_eq!(page, [other.clone()]);

    // Export: each notice once, before the first receipt naming it.
    let mut out = Vec::new();
    let summary = export_json_lines(store, at(1_767_225_700), at(u32::MAX.into()), &mut out)
        .await
        .unwrap();
    assert_eq!((summary.receipts, summary.notices), (3, 2));
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let kinds: Vec<&str> = lines
        .iter()
        .map(|line| line["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["notice", "receipt", "receipt", "notice", "receipt"]);
    assert_eq!(lines[0]["hash"], first.hash.to_string());
    assert_eq!(lines[0]["text"], first.text);
    assert_eq!(lines[1]["receipt_id"], later.receipt_id.to_string());
    assert_eq!(lines[2]["receipt_id"], other.receipt_id.to_string());
    assert_eq!(lines[3]["hash"], changed.hash.to_string());
    assert_eq!(lines[4]["receipt_id"], updated.receipt_id.to_string());
    let mut back = lines[4].clone();
    back.as_object_mut().unwrap().remove("kind");
    assert_eq!(serde_json::from_value::<Receipt>(back).unwrap(), updated);

    // Purge: only what occurred before the cut, at most `limit` at a time; notices stay.
    assert_eq!(store.purge(at(1_767_225_800), 1).await.unwrap(), 1);
    assert_eq!(store.purge(at(1_767_225_800), 10).await.unwrap(), 1);
    assert_eq!(store.purge(at(1_767_225_800), 10).await.unwrap(), 0);
    let left = store
        .receipts_between(at(0), at(u32::MAX.into()), None, 100)
        .await
        .unwrap();
    assert_eq!(left, [other, updated]);
    assert_eq!(store.notice(first.hash).await.unwrap(), Some(first));
}

/// Wraps a store: `failing` makes every call fail, `delay` stalls writes, and `writes`
/// counts write calls (batches) that reached the inner store.
#[derive(Debug)]
pub struct FlakyStore<S> {
    pub inner: S,
    pub failing: AtomicBool,
    pub delay_ms: AtomicU64,
    pub writes: AtomicUsize,
    pub started: AtomicUsize,
    /// Calls of `receipts_of` (a whole history loaded).
    pub history_reads: AtomicUsize,
}

impl<S> FlakyStore<S> {
    pub fn new(inner: S) -> Arc<Self> {
        Arc::new(Self {
            inner,
            failing: AtomicBool::new(false),
            delay_ms: AtomicU64::new(0),
            writes: AtomicUsize::new(0),
            started: AtomicUsize::new(0),
            history_reads: AtomicUsize::new(0),
        })
    }

    pub fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    pub fn delay(&self, delay: Duration) {
        self.delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            Err(StoreError::new("the test store is failing"))
        } else {
            Ok(())
        }
    }
}

impl<S: ReceiptStore> ReceiptStore for FlakyStore<S> {
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            self.started.fetch_add(1, Ordering::SeqCst);
            let delay = self.delay_ms.load(Ordering::SeqCst);
            if delay > 0 {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            self.check()?;
            self.writes.fetch_add(1, Ordering::SeqCst);
            self.inner.write(notices, receipts).await
        })
    }

    fn receipts_of(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        Box::pin(async move {
            self.history_reads.fetch_add(1, Ordering::SeqCst);
            self.check()?;
            self.inner.receipts_of(id).await
        })
    }

    fn receipt_of_choice<'a>(
        &'a self,
        id: ConsentId,
        occurred_at: SystemTime,
        granted: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Receipt>, StoreError>> {
        Box::pin(async move {
            self.check()?;
            self.inner.receipt_of_choice(id, occurred_at, granted).await
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
            self.check()?;
            self.inner
                .receipts_between(since, until, after, limit)
                .await
        })
    }

    fn notice(&self, hash: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>> {
        Box::pin(async move {
            self.check()?;
            self.inner.notice(hash).await
        })
    }

    fn purge(&self, before: SystemTime, limit: u32) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(async move {
            self.check()?;
            self.inner.purge(before, limit).await
        })
    }
}

/// Polls `check` every 10 ms for up to 5 s; panics with `what` if it never holds.
pub async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..500 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what}: still not true after 5 s");
}

/// A receipt's time as the JSON writes it (RFC 3339, whole seconds, UTC).
fn utc(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}
