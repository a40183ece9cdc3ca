//! Export: receipts of a time range as JSON lines, each notice written once, before the
//! first receipt that names it.

use std::collections::HashSet;
use std::io::Write;
use std::time::SystemTime;

use super::{NoticeHash, ReceiptStore, StoreError};

/// Receipts are read from the store this many at a time.
const PAGE: u32 = 1000;

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportSummary {
    /// Receipt lines written.
    pub receipts: u64,
    /// Notice lines written.
    pub notices: u64,
}

/// Writes the receipts with `since <= occurred_at < until` to `out` as JSON lines, in
/// receipt id order, paging through the store. Each line is an object whose `kind` is
/// `"notice"` (then the [`Notice`](super::Notice) fields: `hash`, `policy_revision`,
/// `language`, `text`) or `"receipt"` (then the [`Receipt`](super::Receipt) fields). A
/// notice's line comes before the first receipt that names it, once per export; a
/// notice missing from the store is an error (the export would not prove what was
/// shown).
///
/// ```text
/// {"kind":"notice","hash":"5e8f…","policy_revision":3,"language":"en","text":"<section …"}
/// {"kind":"receipt","schema_version":1,"receipt_id":"019ad3f0-…","consent_id":"9f86…",…}
/// ```
pub async fn export_json_lines<W: Write + ?Sized>(
    store: &dyn ReceiptStore,
    since: SystemTime,
    until: SystemTime,
    out: &mut W,
) -> Result<ExportSummary, StoreError> {
    let mut written: HashSet<NoticeHash> = HashSet::new();
    let mut summary = ExportSummary::default();
    let mut after = None;
    loop {
        let page = store.receipts_between(since, until, after, PAGE).await?;
        for receipt in &page {
            if written.insert(receipt.notice_hash) {
                let notice = store.notice(receipt.notice_hash).await?.ok_or_else(|| {
                    StoreError::new(format!(
                        "receipt {} names the notice {}, which is not stored",
                        receipt.receipt_id, receipt.notice_hash
                    ))
                })?;
                write_line(out, "notice", &notice)?;
                summary.notices += 1;
            }
            write_line(out, "receipt", receipt)?;
            summary.receipts += 1;
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => after = Some(last.receipt_id),
            _ => break,
        }
    }
    out.flush().map_err(StoreError::new)?;
    Ok(summary)
}

/// `{"kind":"…",` then the value's own fields, in their order.
fn write_line<W: Write + ?Sized>(
    out: &mut W,
    kind: &str,
    value: &impl serde::Serialize,
) -> Result<(), StoreError> {
    let fields = serde_json::to_string(value).map_err(StoreError::new)?;
    let fields = fields.strip_prefix('{').unwrap_or(&fields);
    writeln!(out, "{{\"kind\":\"{kind}\",{fields}").map_err(StoreError::new)
}
