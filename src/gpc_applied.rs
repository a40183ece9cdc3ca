//! The receipt a page request records when Global Privacy Control overrides a stored
//! choice (`gpc_applied`): not an answer of the endpoint, a side effect of any request
//! the layer sees, so it sits beside the endpoint rather than in it.

use crate::config::Config;
use crate::consent::{Consent, Decision, unix_now};
use crate::receipts::{ChoiceMade, Method, Receipt, Recorded};

/// Records that the browser's Global Privacy Control signal refused categories the
/// visitor's choice granted: a `gpc_applied` receipt, once per choice. Its id is
/// derived from the consent id and the choice's time, so the store keeps one however
/// many requests (or servers) record it; a small memory spares the store the repeats
/// of one process.
pub(crate) fn record_gpc_applied(
    config: &Config,
    consent: &Consent,
    uri: &http::Uri,
    headers: &http::HeaderMap,
) {
    let (Some(receipts), Some(decision)) = (&config.receipts, consent.decision()) else {
        return;
    };
    let key = (decision.id, decision.decided_at);
    {
        let mut recorded = receipts
            .gpc_recorded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !recorded.insert(key) {
            return;
        }
        if recorded.len() > GPC_MEMORY {
            recorded.clear();
            recorded.insert(key);
        }
    }
    let language = config.language_for(uri, headers).index;
    let notice = receipts.notice(language, true);
    let applied = Decision {
        granted: consent.granted_set(),
        ..decision.clone()
    };
    let mut receipt = Receipt::of_choice(ChoiceMade {
        policy: &config.policy,
        notice,
        previous: Some(decision),
        decision: &applied,
        method: Method::Gpc,
        path: Some(uri.path()),
        user_agent: None,
        client_address: None,
    });
    let mut seed = Vec::with_capacity(40);
    seed.extend_from_slice(b"gpc_applied");
    seed.extend_from_slice(decision.id.as_bytes());
    seed.extend_from_slice(&decision.decided_at.to_be_bytes());
    receipt.event = crate::receipts::Event::GpcApplied;
    receipt.receipt_id = crate::receipts::ReceiptId::derived(
        decision.decided_at.saturating_mul(1000).saturating_add(1),
        &seed,
    );
    receipt.occurred_at =
        crate::receipts::from_unix_seconds(i64::try_from(unix_now()).unwrap_or(i64::MAX));
    let recorded = receipts
        .recorder
        .record_refusal(receipt, notice.clone(), receipts.retention);
    if matches!(recorded, Recorded::Dropped) {
        // A full queue dropped it: a later request records it again.
        let mut memory = receipts
            .gpc_recorded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        memory.remove(&key);
    }
}

/// How many applied choices one process remembers before it forgets them all (the
/// store's idempotent writes keep the receipt single either way).
const GPC_MEMORY: usize = 16 * 1024;
