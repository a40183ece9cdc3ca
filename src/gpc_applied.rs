//! The receipt a page request records when Global Privacy Control overrides a stored
//! choice (`gpc_applied`): not an answer of the endpoint, a side effect of any request
//! the layer sees, so it sits beside the endpoint rather than in it.

use crate::config::Config;
use crate::consent::{Consent, Decision};
use crate::receipts::{ChoiceMade, Method, Receipt, Recorded};

/// The visitor's choice with what the signal refuses now taken out, as it is written
/// again into the consent cookie (same consent id and opt-ins, dated `now`): once the
/// signal stops, those categories stay refused until the visitor opts in.
pub(crate) fn apply_gpc(consent: &Consent, now: u64) -> Decision {
    let mut applied = consent
        .decision()
        .cloned()
        .unwrap_or_else(|| Decision::record(consent.policy(), consent.granted_set()));
    applied.granted = consent.granted_set();
    applied.decided_at = now;
    applied
}

/// Records that the browser's Global Privacy Control signal refused categories the
/// visitor's choice granted: a `gpc_applied` receipt, once per choice. Its id is
/// derived from the consent id and the choice's time, so the store keeps one however
/// many requests (or servers) record it; a small memory spares the store the repeats
/// of one process.
pub(crate) fn record_gpc_applied(
    config: &Config,
    consent: &Consent,
    applied: &Decision,
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
    let notice = receipts.notice(language, consent.regime(), true);
    let mut receipt = Receipt::of_choice(ChoiceMade {
        policy: &config.policy,
        notice,
        previous: Some(decision),
        decision: applied,
        region: consent.region(),
        regime: consent.regime(),
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
