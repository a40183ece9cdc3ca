//! The limit on receipts the endpoint writes per client: counters in a fixed-size table
//! (bounded memory whatever the clients send), one fixed window each.

use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::time::Instant;

use super::{Notice, Receipt, Receipts};
use crate::ConsentId;

type ClientFn = Arc<dyn Fn(&http::request::Parts) -> Option<IpAddr> + Send + Sync>;

/// How many receipts the endpoint writes per client: given to
/// [`ConsentLayer::receipt_limit`](crate::ConsentLayer::receipt_limit), beside the
/// receipt store. Built with `mut self -> Self` methods from [`ReceiptLimit::default`].
///
/// Each client is counted in fixed windows ([`window`](Self::window), a minute by
/// default): by the consent id its cookie carries ([`per_consent_id`](Self::per_consent_id),
/// 20 receipts a window by default: a person changes their mind a few times, not
/// dozens), and by its address when the operator says how to find it
/// ([`per_client`](Self::per_client), off by default: only the operator knows which
/// proxy header to trust, and many visitors can share one address behind a NAT).
/// Past either limit, for the rest of the window:
///
/// - a grant is answered `429 Too Many Requests` with `Retry-After` (the seconds left in
///   the window), and nothing is granted: no cookie is set;
/// - a refusal still takes effect at once (consent cookie and deletions: refusing always
///   works), but its receipt is coalesced: the client's further refusals of the window
///   are stored as one receipt, the last of them, whose `coalesced` field counts them,
///   written when the window ends.
///
/// A consent id costs a client nothing to drop (a post without the cookie gets a new
/// one), so the per-consent-id limit stops a client that keeps its cookie; the
/// per-address limit, and a rate limit in the reverse proxy in front (see the README's
/// production section), stop the rest.
///
/// The counters live in a table of fixed size ([`table_size`](Self::table_size), 65,536
/// entries by default: 3 MB, allocated at once, plus the receipts held back): a key is hashed (with a
/// per-process random key) to four neighbouring entries; when all four are in use in the
/// current window, the one whose window started first is forgotten (its held receipt
/// written at once), and its client starts again from zero. So a client can only go past
/// its limit by sending from more keys than the table holds within one window.
///
/// ```
/// use std::net::SocketAddr;
/// use std::time::Duration;
/// use tower_cookie_consent::receipts::ReceiptLimit;
///
/// // axum's `into_make_service_with_connect_info::<SocketAddr>()` puts the peer's
/// // address in the request's extensions.
/// let limit = ReceiptLimit::default()
///     .window(Duration::from_secs(60))
///     .per_consent_id(20)
///     .per_client(120, |request| {
///         request
///             .extensions
///             .get::<axum::extract::ConnectInfo<SocketAddr>>()
///             .map(|info| info.0.ip())
///     });
/// ```
#[derive(Clone)]
#[must_use]
pub struct ReceiptLimit {
    window: Duration,
    per_consent_id: u32,
    per_client: u32,
    client: Option<ClientFn>,
    table_size: usize,
}

impl Default for ReceiptLimit {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            per_consent_id: 20,
            per_client: 0,
            client: None,
            table_size: 1 << 16,
        }
    }
}

impl ReceiptLimit {
    /// No limit: every post writes its receipt (for benches and tests that post in
    /// bulk; a public site should keep a limit).
    pub fn off() -> Self {
        Self {
            per_consent_id: 0,
            ..Self::default()
        }
    }

    /// The length of a window (a minute by default; kept between 1 s and a day).
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window.clamp(Duration::from_secs(1), Duration::from_secs(86_400));
        self
    }

    /// The most receipts one consent id gets per window (20 by default; 0 turns it off).
    pub fn per_consent_id(mut self, receipts: u32) -> Self {
        self.per_consent_id = receipts;
        self
    }

    /// The most receipts one client address gets per window (an IPv4 address, or an
    /// IPv6 /64); `address` finds it in the request, as
    /// [`ReceiptOptions::record_client_address`](super::ReceiptOptions::record_client_address)
    /// does. Off by default; 0 turns it off.
    pub fn per_client(
        mut self,
        receipts: u32,
        address: impl Fn(&http::request::Parts) -> Option<IpAddr> + Send + Sync + 'static,
    ) -> Self {
        self.per_client = receipts;
        self.client = Some(Arc::new(address));
        self
    }

    /// How many counters the table holds (65,536 by default; kept between 64 and
    /// 4,194,304).
    pub fn table_size(mut self, entries: usize) -> Self {
        self.table_size = entries.clamp(64, 1 << 22);
        self
    }

    fn is_off(&self) -> bool {
        self.per_consent_id == 0 && (self.per_client == 0 || self.client.is_none())
    }

    /// The key of the request's client address, when counted.
    pub(crate) fn client_key(&self, request: &http::request::Parts) -> Option<Key> {
        if self.per_client == 0 {
            return None;
        }
        let address = self.client.as_ref()?(request)?;
        let mut bytes = [0u8; 16];
        match address.to_canonical() {
            IpAddr::V4(v4) => bytes[..4].copy_from_slice(&v4.octets()),
            // A client is usually given a /64: counting its addresses one by one would
            // give it 2^64 limits.
            IpAddr::V6(v6) => {
                bytes[..8].copy_from_slice(&v6.octets()[..8]);
                bytes[15] = 6;
            }
        }
        Some(Key::Client(bytes))
    }
}

impl fmt::Debug for ReceiptLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptLimit")
            .field("window", &self.window)
            .field("per_consent_id", &self.per_consent_id)
            .field("per_client", &self.per_client)
            .field("client", &self.client.as_ref().map(|_| "function"))
            .field("table_size", &self.table_size)
            .finish()
    }
}

/// What a client is counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Consent([u8; 16]),
    Client([u8; 16]),
}

impl Key {
    pub(crate) fn consent(id: ConsentId) -> Self {
        Self::Consent(*id.as_bytes())
    }
}

/// A post over its limit: the entry that stopped it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limited {
    entry: usize,
    key: Key,
    /// Seconds left in the window (at least 1).
    pub(crate) retry_after: u64,
}

/// Refusal receipts of a client past its limit, stored as one at the end of the window.
struct Held {
    receipt: Receipt,
    notice: Arc<Notice>,
    count: u32,
}

#[derive(Default)]
struct Entry {
    key: Option<Key>,
    window: u64,
    count: u32,
    /// Boxed: most entries hold none, and the table is allocated whole.
    held: Option<Box<Held>>,
}

/// The layer's counters, and the receipts they hold back.
pub(crate) struct Limiter {
    limit: ReceiptLimit,
    table: Mutex<Vec<Entry>>,
    hasher: std::collections::hash_map::RandomState,
    started: Instant,
    recorder: Receipts,
    retention: Duration,
    flusher: std::sync::OnceLock<()>,
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiter")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// Neighbouring entries a key may take.
const PROBES: usize = 4;

impl Limiter {
    /// `None` when the limit is off.
    pub(crate) fn new(
        limit: &ReceiptLimit,
        recorder: Receipts,
        retention: Duration,
    ) -> Option<Arc<Self>> {
        if limit.is_off() {
            return None;
        }
        let mut table = Vec::new();
        table.resize_with(limit.table_size, Entry::default);
        Some(Arc::new(Self {
            limit: limit.clone(),
            table: Mutex::new(table),
            hasher: std::collections::hash_map::RandomState::new(),
            started: Instant::now(),
            recorder,
            retention,
            flusher: std::sync::OnceLock::new(),
        }))
    }

    pub(crate) fn settings(&self) -> &ReceiptLimit {
        &self.limit
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn window_now(&self) -> (u64, Duration) {
        let elapsed = self.started.elapsed();
        let length = self.limit.window.as_millis().max(1);
        let window = u64::try_from(elapsed.as_millis() / length).unwrap_or(u64::MAX);
        let ends = Duration::from_millis(
            u64::try_from((u128::from(window) + 1) * length).unwrap_or(u64::MAX),
        );
        (window, ends.saturating_sub(elapsed))
    }

    fn limit_of(&self, key: &Key) -> u32 {
        match key {
            Key::Consent(_) => self.limit.per_consent_id,
            Key::Client(_) => self.limit.per_client,
        }
    }

    /// Counts one receipt for each of `keys` (those whose limit is on); the first over
    /// its limit, if any.
    pub(crate) fn count(&self, keys: &[Key]) -> Option<Limited> {
        let (window, left) = self.window_now();
        let mut due = Vec::new();
        let mut limited = None;
        {
            let mut table = self.lock();
            for key in keys {
                let limit = self.limit_of(key);
                if limit == 0 {
                    continue;
                }
                let index = self.entry_for(&mut table, *key, window, &mut due);
                let entry = &mut table[index];
                entry.count = entry.count.saturating_add(1);
                if entry.count > limit && limited.is_none() {
                    limited = Some(Limited {
                        entry: index,
                        key: *key,
                        retry_after: left.as_secs() + u64::from(left.subsec_nanos() > 0),
                    });
                }
            }
        }
        self.write_held(due);
        limited
    }

    /// The entry of `key` in this window: its own, else a free or stale one among its
    /// neighbours, else the neighbour whose window started first (forgotten). Receipts
    /// held by a stale or forgotten entry go to `due`.
    fn entry_for(&self, table: &mut [Entry], key: Key, window: u64, due: &mut Vec<Held>) -> usize {
        let size = table.len();
        let start = (self.hasher.hash_one(key) as usize) % size;
        let probes = (0..PROBES).map(|step| (start + step) % size);
        let index = probes
            .clone()
            .find(|&index| table[index].key == Some(key))
            .or_else(|| {
                probes
                    .clone()
                    .find(|&index| table[index].key.is_none() || table[index].window < window)
            })
            .unwrap_or_else(|| {
                probes
                    .min_by_key(|&index| table[index].window)
                    .unwrap_or(start)
            });
        let entry = &mut table[index];
        if entry.key != Some(key) || entry.window < window {
            due.extend(entry.held.take().map(|held| *held));
            *entry = Entry {
                key: Some(key),
                window,
                count: 0,
                held: None,
            };
        }
        index
    }

    /// Holds a refusal's receipt past the limit: the entry's refusals of this window
    /// are written as one, the last, counting them. The receipt comes back when the
    /// entry was taken by another client in between (it is then the caller's to write).
    pub(crate) fn hold(
        self: &Arc<Self>,
        limited: Limited,
        receipt: Receipt,
        notice: Arc<Notice>,
    ) -> Result<(), Box<Receipt>> {
        {
            let mut table = self.lock();
            let Some(entry) = table.get_mut(limited.entry) else {
                return Err(Box::new(receipt));
            };
            if entry.key != Some(limited.key) {
                return Err(Box::new(receipt));
            }
            let count = entry.held.as_ref().map_or(0, |held| held.count);
            entry.held = Some(Box::new(Held {
                receipt,
                notice,
                count: count.saturating_add(1),
            }));
        }
        self.start_flusher();
        Ok(())
    }

    /// A task writing held receipts once their window has ended, while the layer lives
    /// (what it holds at the end is written when the limiter is dropped).
    fn start_flusher(self: &Arc<Self>) {
        if self.flusher.get().is_some() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        self.flusher.get_or_init(|| {
            let limiter: Weak<Self> = Arc::downgrade(self);
            let every = self.limit.window;
            runtime.spawn(async move {
                let mut ticks = tokio::time::interval(every);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    ticks.tick().await;
                    let Some(limiter) = limiter.upgrade() else {
                        return;
                    };
                    limiter.flush_ended();
                }
            });
        });
    }

    /// Writes the receipts held by entries whose window has ended.
    fn flush_ended(&self) {
        let (window, _) = self.window_now();
        let due: Vec<Held> = self
            .lock()
            .iter_mut()
            .filter(|entry| entry.window < window)
            .filter_map(|entry| entry.held.take().map(|held| *held))
            .collect();
        self.write_held(due);
    }

    fn write_held(&self, due: Vec<Held>) {
        for held in due {
            let Held {
                mut receipt,
                notice,
                count,
            } = held;
            receipt.coalesced = count;
            // Queued (or, with the queue full, logged whole and counted): the answer
            // went long ago.
            let _ = self
                .recorder
                .record_refusal(receipt, notice, self.retention);
        }
    }
}

impl Drop for Limiter {
    fn drop(&mut self) {
        let table = std::mem::take(
            self.table
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let due = table
            .into_iter()
            .filter_map(|entry| entry.held.map(|held| *held))
            .collect();
        self.write_held(due);
    }
}
