//! The `tracing` store: receipts as structured events, for sites that ship their logs to
//! a system that keeps them.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::SystemTime;

use super::{
    BoxFuture, ConsentId, Notice, NoticeHash, Receipt, ReceiptId, ReceiptStore, StoreError,
};

/// Writes one `INFO` event per receipt (target `tower_cookie_consent::receipt`, one
/// field per receipt field, and the whole receipt as JSON in `receipt`), and one event
/// per notice the first time it is named (target `tower_cookie_consent::notice`, the
/// full text in `text`). It keeps nothing itself: the queries fail, saying so, and the
/// purge is the log system's retention.
///
/// A write succeeds once the events are handed to the subscriber: how durable they are
/// is the subscriber's business.
#[derive(Debug, Default)]
pub struct TracingStore {
    logged_notices: Mutex<HashSet<NoticeHash>>,
}

impl TracingStore {
    /// A store that writes `tracing` events.
    pub fn new() -> Self {
        Self::default()
    }
}

fn unsupported<T>() -> BoxFuture<'static, Result<T, StoreError>> {
    Box::pin(async {
        Err(StoreError::new(
            "the tracing store keeps no receipts to read: query the log system",
        ))
    })
}

impl ReceiptStore for TracingStore {
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        {
            let mut logged = self
                .logged_notices
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for notice in notices {
                if logged.insert(notice.hash) {
                    tracing::info!(
                        target: "tower_cookie_consent::notice",
                        notice_hash = %notice.hash,
                        policy_revision = notice.policy_revision,
                        language = %notice.language,
                        text = %notice.text,
                        "consent notice"
                    );
                }
            }
        }
        for receipt in receipts {
            tracing::info!(
                target: "tower_cookie_consent::receipt",
                receipt_id = %receipt.receipt_id,
                consent_id = %receipt.consent_id,
                event = receipt.event.as_str(),
                occurred_at = %super::format_utc(receipt.occurred_at),
                granted = %receipt.granted.join(" "),
                refused = %receipt.refused.join(" "),
                policy_revision = receipt.policy_revision,
                notice_hash = %receipt.notice_hash,
                method = receipt.method.as_str(),
                receipt = %receipt.to_json(),
                "consent receipt"
            );
        }
        Box::pin(async { Ok(()) })
    }

    fn receipts_of(&self, _: ConsentId) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        unsupported()
    }

    fn receipts_between(
        &self,
        _: SystemTime,
        _: SystemTime,
        _: Option<ReceiptId>,
        _: u32,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        unsupported()
    }

    fn notice(&self, _: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>> {
        unsupported()
    }

    fn purge(&self, _: SystemTime, _: u32) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(async { Ok(0) })
    }
}
