//! The recorder between the endpoint and the store: a bounded queue, one batch task that
//! commits what has queued up in one transaction (group commit; up to
//! `concurrent_writes` batches in flight, each its own task), retries for refusals (and
//! with a spool folder, refusals kept on disk until the store takes them), the graceful
//! flush at shutdown, and the background retention purge.

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::spool::Spool;
use super::{BoxFuture, Notice, NoticeHash, Receipt, ReceiptStore, StoreError};

/// How often the spool is looked at for files to replay.
const REPLAY_INTERVAL: Duration = Duration::from_secs(2);

/// Retries of refused-choice receipts start this far apart, and double up to
/// [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The purge deletes this many receipts per transaction, so a commit never waits long
/// behind it.
const PURGE_CHUNK: u32 = 1000;

/// Six months, added to the consent lifetime for the default retention.
const SIX_MONTHS: Duration = Duration::from_secs(183 * 24 * 3600);

type ClientAddressFn = Arc<dyn Fn(&http::request::Parts) -> Option<IpAddr> + Send + Sync>;

/// How receipts are recorded: timeouts, the queue, the purge, and what optional fields
/// to fill. Built with `mut self -> Self` methods from [`ReceiptOptions::default`].
///
/// ```
/// use std::time::Duration;
/// use tower_cookie_consent::receipts::ReceiptOptions;
///
/// let options = ReceiptOptions::default()
///     .commit_timeout(Duration::from_secs(2))
///     .retention(Duration::from_secs(2 * 365 * 24 * 3600))
///     .record_user_agent(true);
/// ```
#[derive(Clone)]
#[must_use]
pub struct ReceiptOptions {
    commit_timeout: Duration,
    refusal_wait: Duration,
    queue_capacity: usize,
    max_batch: usize,
    concurrent_writes: usize,
    commit_delay: Duration,
    retention: Option<Duration>,
    purge_interval: Duration,
    record_user_agent: bool,
    client_address: Option<ClientAddressFn>,
    spool_folder: Option<std::path::PathBuf>,
}

impl Default for ReceiptOptions {
    fn default() -> Self {
        Self {
            commit_timeout: Duration::from_secs(3),
            refusal_wait: Duration::from_millis(500),
            queue_capacity: 4096,
            max_batch: 256,
            concurrent_writes: 2,
            commit_delay: Duration::from_millis(1),
            retention: None,
            purge_interval: Duration::from_secs(3600),
            record_user_agent: false,
            client_address: None,
            spool_folder: None,
        }
    }
}

impl ReceiptOptions {
    /// How long a grant waits for its receipt's commit (queueing included) before the
    /// visitor is told the choice could not be saved (3 s by default). Each write to the
    /// store is bounded by it too, and so is reading the receipt the preferences page
    /// shows. Zero refuses every grant.
    pub fn commit_timeout(mut self, timeout: Duration) -> Self {
        self.commit_timeout = timeout;
        self
    }

    /// How long a refusal's answer waits for its receipt's commit before it is sent
    /// anyway, the receipt kept and retried (500 ms by default).
    pub fn refusal_wait(mut self, wait: Duration) -> Self {
        self.refusal_wait = wait;
        self
    }

    /// How many receipts may wait for the store: the queue's capacity, and the most
    /// refused-choice receipts kept for retry (4096 by default; kept between 1 and
    /// 1,048,576).
    pub fn queue_capacity(mut self, capacity: usize) -> Self {
        self.queue_capacity = capacity.clamp(1, 1 << 20);
        self
    }

    /// The most new receipts committed in one transaction (256 by default, at least 1).
    pub fn max_batch(mut self, receipts: usize) -> Self {
        self.max_batch = receipts.max(1);
        self
    }

    /// How many batches may be written at once (2 by default, at least 1): while one
    /// commits, the next is already on its way (PostgreSQL writes them side by side;
    /// SQLite takes them one after the other, but the next one waits at the database
    /// instead of behind the first one's answer).
    pub fn concurrent_writes(mut self, writes: usize) -> Self {
        self.concurrent_writes = writes.clamp(1, 64);
        self
    }

    /// Under load, how long a batch waits for more receipts before it is written (1 ms
    /// by default; zero turns it off). It applies only after a batch of more than one
    /// receipt, so a lone visitor never waits: under concurrent posts it lets the
    /// requests answered by the last commit join the next batch, instead of batches
    /// taking turns at half size (see the receipts bench).
    pub fn commit_delay(mut self, delay: Duration) -> Self {
        self.commit_delay = delay;
        self
    }

    /// How long receipts are kept: older ones are purged. By default the policy's
    /// consent lifetime plus 6 months (183 days).
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = Some(retention);
        self
    }

    /// How often the purge runs (hourly by default; the first run is at start).
    pub fn purge_interval(mut self, interval: Duration) -> Self {
        self.purge_interval = interval.max(Duration::from_millis(10));
        self
    }

    /// Records the request's `User-Agent` (at most 512 bytes) in each receipt. Off by
    /// default.
    pub fn record_user_agent(mut self, record: bool) -> Self {
        self.record_user_agent = record;
        self
    }

    /// Records the client's address, truncated to its /24 (IPv4) or /48 (IPv6), in each
    /// receipt; `address` finds it in the request (the layer cannot know which proxy
    /// header to trust). Off by default.
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use tower_cookie_consent::receipts::ReceiptOptions;
    ///
    /// // axum's `into_make_service_with_connect_info::<SocketAddr>()` puts the peer's
    /// // address in the request's extensions.
    /// let options = ReceiptOptions::default().record_client_address(|request| {
    ///     request
    ///         .extensions
    ///         .get::<axum::extract::ConnectInfo<SocketAddr>>()
    ///         .map(|info| info.0.ip())
    /// });
    /// ```
    pub fn record_client_address(
        mut self,
        address: impl Fn(&http::request::Parts) -> Option<IpAddr> + Send + Sync + 'static,
    ) -> Self {
        self.client_address = Some(Arc::new(address));
        self
    }

    /// Keeps refusal receipts the store cannot take now in `folder`, on local disk (off
    /// by default: they wait in memory, up to [`queue_capacity`](Self::queue_capacity),
    /// and a crash loses them). A refusal whose receipt is not committed within
    /// [`refusal_wait`](Self::refusal_wait), or whose write fails, or that finds the
    /// queue full, is appended to this process's file in the folder and synced
    /// (`fsync`) before the refusal is answered. Every file in the folder (this
    /// process's, and those of processes that died: each process writes its own) is
    /// replayed into the store as soon as it takes writes again, and at start
    /// ([`Receipts::start`]); a replayed file is deleted. Give each deployment a folder
    /// on a local disk; processes sharing a store may share a folder.
    pub fn spool_folder(mut self, folder: impl Into<std::path::PathBuf>) -> Self {
        self.spool_folder = Some(folder.into());
        self
    }

    /// How long the endpoint waits for the store (commits and reads).
    pub(crate) fn timeout(&self) -> Duration {
        self.commit_timeout
    }

    pub(crate) fn records_user_agent(&self) -> bool {
        self.record_user_agent
    }

    /// The client's truncated address, when the operator asked for it.
    pub(crate) fn client_address(&self, request: &http::request::Parts) -> Option<String> {
        let address = self.client_address.as_ref()?(request)?;
        Some(truncated_address(address))
    }
}

impl fmt::Debug for ReceiptOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptOptions")
            .field("commit_timeout", &self.commit_timeout)
            .field("refusal_wait", &self.refusal_wait)
            .field("queue_capacity", &self.queue_capacity)
            .field("max_batch", &self.max_batch)
            .field("concurrent_writes", &self.concurrent_writes)
            .field("commit_delay", &self.commit_delay)
            .field("retention", &self.retention)
            .field("purge_interval", &self.purge_interval)
            .field("record_user_agent", &self.record_user_agent)
            .field(
                "client_address",
                &self.client_address.as_ref().map(|_| "function"),
            )
            .field("spool_folder", &self.spool_folder)
            .finish()
    }
}

/// `address` with its host part zeroed: `203.0.113.0/24`, `2001:db8:1::/48`.
fn truncated_address(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[3..].fill(0);
            format!("{}/48", std::net::Ipv6Addr::from(segments))
        }
    }
}

/// Counters of the recorder, for the operator's metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceiptStats {
    /// Receipts committed.
    pub stored: u64,
    /// Transactions (batches) committed: `stored / batches` is the mean batch size.
    pub batches: u64,
    /// Writes (batches) that failed or timed out.
    pub failed_writes: u64,
    /// Refused-choice receipts waiting for a retry now.
    pub refusals_pending: u64,
    /// Refused-choice receipts that found the queue full (each written to `tracing`).
    pub refusals_dropped: u64,
    /// Receipts deleted by the retention purge.
    pub purged: u64,
    /// Refused-choice receipts appended to the spool (see
    /// [`ReceiptOptions::spool_folder`]).
    pub spooled: u64,
    /// Receipts written to the store from spool files.
    pub replayed: u64,
}

#[derive(Debug, Default)]
struct Counters {
    stored: AtomicU64,
    batches: AtomicU64,
    failed_writes: AtomicU64,
    refusals_pending: AtomicU64,
    refusals_dropped: AtomicU64,
    purged: AtomicU64,
    spooled: AtomicU64,
    replayed: AtomicU64,
    /// The last write failed: the spool waits before it replays.
    failing: std::sync::atomic::AtomicBool,
}

/// A store and how receipts are recorded in it: given to
/// [`ConsentLayer::record_receipts`](crate::ConsentLayer::record_receipts). Cloning is
/// cheap and shares the recorder.
///
/// The recorder's tasks (the batch task, the purge) start with the first choice posted,
/// on the Tokio runtime that serves it, and end when every clone is dropped. Give one
/// `Receipts` to one layer.
#[derive(Clone)]
pub struct Receipts {
    shared: Arc<Shared>,
}

struct Shared {
    store: Arc<dyn ReceiptStore>,
    options: ReceiptOptions,
    queue: OnceLock<mpsc::Sender<Message>>,
    counters: Arc<Counters>,
    /// The spool, when a folder is set and could be opened.
    spool: Option<Arc<Spool>>,
    /// Why the spool folder could not be opened.
    spool_error: Option<String>,
    /// The spool's replay task has started.
    replaying: OnceLock<()>,
    /// Dropped with the last clone: the replay task stops (and the spool file closes).
    stop: tokio::sync::watch::Sender<()>,
}

/// What the batch task receives.
// Jobs are the traffic and a flush comes once per process: boxing each job to make the
// enum smaller would cost an allocation per receipt.
#[allow(clippy::large_enum_variant)]
enum Message {
    Job(Job),
    /// Write everything queued and waiting, spool (or log) what cannot be written, then
    /// say so.
    Flush(oneshot::Sender<()>),
}

impl fmt::Debug for Receipts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receipts")
            .field("store", &self.shared.store)
            .field("options", &self.shared.options)
            .field("stats", &self.stats())
            .finish()
    }
}

/// One receipt on its way to the store.
struct Job {
    receipt: Receipt,
    notice: Arc<Notice>,
    /// A grant's: who decides its fate (see [`Grant`]). A refusal's receipt is always
    /// written.
    grant: Option<Grant>,
    done: Option<oneshot::Sender<Result<(), ()>>>,
    /// A refusal's, with a spool: taken by whichever spools it first, the batch task
    /// (its write failed) or the answer (its wait ran out), so that it is spooled once.
    claim: Option<Arc<std::sync::atomic::AtomicBool>>,
}

/// A grant waiting for its commit. Its visitor is answered by `deadline`, and the answer
/// must be the truth: 503 only for a receipt that is not (and will not be) committed.
/// So exactly one side decides, through `state`: the visitor, on reaching the deadline
/// while the job is still queued, marks it [`ABANDONED`] (the batch task then leaves it
/// out); the batch task, taking it into a write, marks it [`WRITING`] (the visitor then
/// waits for that write's outcome, which the batch task sends by the earliest deadline
/// of its grants, rolling the write back when it passes).
struct Grant {
    deadline: Instant,
    state: Arc<AtomicU8>,
}

const QUEUED: u8 = 0;
const WRITING: u8 = 1;
const ABANDONED: u8 = 2;

/// A grant's receipt could not be committed in time.
#[derive(Debug)]
pub(crate) struct NotSaved;

/// What the endpoint awaits before answering: a grant's commit, or a refusal's short
/// wait.
pub(crate) type Commit = BoxFuture<'static, Result<(), NotSaved>>;

/// Whether a refusal's receipt is on its way to the store.
pub(crate) enum Recorded {
    /// Queued: the answer may wait this long for its commit.
    Queued(Commit),
    /// Could not be queued (written to `tracing` and counted).
    Dropped,
}

impl Receipts {
    /// Records receipts in `store` with the default options.
    pub fn new(store: impl ReceiptStore + 'static) -> Self {
        Self::with_options(store, ReceiptOptions::default())
    }

    /// Records receipts in `store` with `options`.
    pub fn with_options(store: impl ReceiptStore + 'static, options: ReceiptOptions) -> Self {
        Self::from_shared_store(Arc::new(store), options)
    }

    /// Records receipts in a store shared with other code (an export, an admin page).
    pub fn from_shared_store(store: Arc<dyn ReceiptStore>, options: ReceiptOptions) -> Self {
        let (spool, spool_error) = match &options.spool_folder {
            None => (None, None),
            Some(folder) => match Spool::new(folder.clone()) {
                Ok(spool) => (Some(Arc::new(spool)), None),
                Err(error) => {
                    let message = format!(
                        "the receipt spool folder {} cannot be used: {error}",
                        folder.display()
                    );
                    tracing::error!("{message}");
                    (None, Some(message))
                }
            },
        };
        Self {
            shared: Arc::new(Shared {
                store,
                options,
                queue: OnceLock::new(),
                counters: Arc::default(),
                spool,
                spool_error,
                replaying: OnceLock::new(),
                stop: tokio::sync::watch::channel(()).0,
            }),
        }
    }

    /// Checks the spool folder and replays what it holds into the store (receipts
    /// spooled by this process or by one that died), and starts replaying it in the
    /// background whenever it fills while the store fails. Call it at start, in the
    /// Tokio runtime that serves the layer; without it, the replay starts with the first
    /// choice posted. Returns how many receipts were replayed now; fails when the spool
    /// folder cannot be used, or the store cannot take the spooled receipts (they stay
    /// spooled, and the background replay keeps trying).
    pub async fn start(&self) -> Result<u64, StoreError> {
        if let Some(error) = &self.shared.spool_error {
            return Err(StoreError::new(error.clone()));
        }
        let Some(spool) = &self.shared.spool else {
            return Ok(0);
        };
        let replayed = spool.replay(&*self.shared.store).await;
        // Also when this replay failed: the background one keeps trying.
        self.start_replaying();
        let replayed = replayed?;
        self.shared
            .counters
            .replayed
            .fetch_add(replayed, Ordering::Relaxed);
        Ok(replayed)
    }

    /// Writes every receipt queued or waiting for a retry, and spools (or, without a
    /// spool, logs whole) those the store does not take within the commit timeout: what
    /// a graceful shutdown awaits once the server stopped taking requests, so that no
    /// recorded choice is lost with the process. Choices posted meanwhile are recorded
    /// as usual.
    pub async fn shutdown(&self) {
        let Some(queue) = self.shared.queue.get() else {
            return;
        };
        let (done, flushed) = oneshot::channel();
        if queue.send(Message::Flush(done)).await.is_ok() {
            let _ = flushed.await;
        }
    }

    /// Starts the spool's replay task, once.
    fn start_replaying(&self) {
        let (Some(spool), Ok(runtime)) =
            (&self.shared.spool, tokio::runtime::Handle::try_current())
        else {
            return;
        };
        if self.shared.replaying.set(()).is_err() {
            return;
        }
        runtime.spawn(replay(
            self.shared.stop.subscribe(),
            spool.clone(),
            self.shared.store.clone(),
            self.shared.counters.clone(),
        ));
    }

    /// The store, to query.
    pub fn store(&self) -> &Arc<dyn ReceiptStore> {
        &self.shared.store
    }

    /// The recording options.
    pub fn options(&self) -> &ReceiptOptions {
        &self.shared.options
    }

    /// The recorder's counters now.
    pub fn stats(&self) -> ReceiptStats {
        let counters = &self.shared.counters;
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        ReceiptStats {
            stored: read(&counters.stored),
            batches: read(&counters.batches),
            failed_writes: read(&counters.failed_writes),
            refusals_pending: read(&counters.refusals_pending),
            refusals_dropped: read(&counters.refusals_dropped),
            purged: read(&counters.purged),
            spooled: read(&counters.spooled),
            replayed: read(&counters.replayed),
        }
    }

    /// The retention for a policy whose choices last `lifetime`.
    pub(crate) fn retention_for(&self, lifetime: Duration) -> Duration {
        self.shared
            .options
            .retention
            .unwrap_or(lifetime + SIX_MONTHS)
    }

    /// The queue, its tasks started on first use; `None` outside a Tokio runtime.
    fn queue(&self, retention: Duration) -> Option<mpsc::Sender<Message>> {
        if let Some(queue) = self.shared.queue.get() {
            return Some(queue.clone());
        }
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        let queue = self.shared.queue.get_or_init(|| {
            let options = &self.shared.options;
            let (sender, receiver) = mpsc::channel(options.queue_capacity);
            let batches = BatchTask {
                store: self.shared.store.clone(),
                options: options.clone(),
                counters: self.shared.counters.clone(),
                spool: self.shared.spool.clone(),
            };
            run_on_writer_thread(batches, receiver, &runtime);
            runtime.spawn(purge(
                sender.downgrade(),
                self.shared.store.clone(),
                retention,
                options.purge_interval,
                self.shared.counters.clone(),
            ));
            sender
        });
        self.start_replaying();
        Some(queue.clone())
    }

    /// Queues a grant's receipt; the future ends when it is committed, or fails when the
    /// store failed or the commit timeout passed.
    pub(crate) fn commit_grant(
        &self,
        receipt: Receipt,
        notice: Arc<Notice>,
        retention: Duration,
    ) -> Commit {
        let queue = self.queue(retention);
        let deadline = Instant::now() + self.shared.options.commit_timeout;
        Box::pin(async move {
            let queue = queue.ok_or(NotSaved)?;
            let (done, mut committed) = oneshot::channel();
            let state = Arc::new(AtomicU8::new(QUEUED));
            let job = Job {
                receipt,
                notice,
                grant: Some(Grant {
                    deadline,
                    state: state.clone(),
                }),
                done: Some(done),
                claim: None,
            };
            // A job that never got into the queue is simply dropped with its future.
            match tokio::time::timeout_at(deadline, queue.send(Message::Job(job))).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return Err(NotSaved),
            }
            let outcome = match tokio::time::timeout_at(deadline, &mut committed).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    if state
                        .compare_exchange(QUEUED, ABANDONED, Ordering::AcqRel, Ordering::Acquire)
                        .is_ok()
                    {
                        // Still queued: the batch task will leave it out.
                        return Err(NotSaved);
                    }
                    // Its write is under way: its outcome comes by this deadline or
                    // an earlier one, and it is the answer.
                    committed.await
                }
            };
            outcome.map_err(|_| NotSaved)?.map_err(|()| NotSaved)
        })
    }

    /// Queues a refusal's receipt, to be stored whatever happens to the answer.
    pub(crate) fn record_refusal(
        &self,
        receipt: Receipt,
        notice: Arc<Notice>,
        retention: Duration,
    ) -> Recorded {
        let Some(queue) = self.queue(retention) else {
            self.drop_loudly(&receipt, "no Tokio runtime to record it on");
            return Recorded::Dropped;
        };
        let (done, committed) = oneshot::channel();
        // With a spool, the answer waits until the receipt is kept: committed, or
        // spooled (synced) when the commit does not come in time.
        let claim = self
            .shared
            .spool
            .as_ref()
            .map(|_| Arc::new(std::sync::atomic::AtomicBool::new(false)));
        let kept = self
            .shared
            .spool
            .as_ref()
            .zip(claim.clone())
            .map(|(spool, claim)| (spool.clone(), receipt.clone(), notice.clone(), claim));
        let job = Job {
            receipt,
            notice,
            grant: None,
            done: Some(done),
            claim,
        };
        let refused = match queue.try_send(Message::Job(job)) {
            Ok(()) => {
                let wait = self.shared.options.refusal_wait;
                let counters = self.shared.counters.clone();
                return Recorded::Queued(Box::pin(async move {
                    let mut committed = committed;
                    match tokio::time::timeout(wait, &mut committed).await {
                        Ok(Ok(Ok(()))) => return Ok(()),
                        Ok(_) => return Err(NotSaved),
                        Err(_) => {}
                    }
                    let Some((spool, receipt, notice, claim)) = kept else {
                        return Err(NotSaved);
                    };
                    if claim.swap(true, Ordering::AcqRel) {
                        // The batch task is spooling it: its word comes with the write's.
                        return match committed.await {
                            Ok(Ok(())) => Ok(()),
                            _ => Err(NotSaved),
                        };
                    }
                    spool_now(spool, counters, receipt, notice).await
                }));
            }
            Err(
                mpsc::error::TrySendError::Full(refused)
                | mpsc::error::TrySendError::Closed(refused),
            ) => refused,
        };
        let Message::Job(job) = refused else {
            unreachable!("a job was sent");
        };
        match &self.shared.spool {
            Some(spool) => Recorded::Queued(spool_now(
                spool.clone(),
                self.shared.counters.clone(),
                job.receipt,
                job.notice,
            )),
            None => {
                self.drop_loudly(&job.receipt, "the receipt queue is full");
                Recorded::Dropped
            }
        }
    }

    fn drop_loudly(&self, receipt: &Receipt, why: &str) {
        drop_loudly(&self.shared.counters, receipt, why);
    }
}

/// A refusal's receipt that cannot be kept: the whole receipt goes to the log, so that
/// it can still be recovered from there, and the counter says it happened.
fn drop_loudly(counters: &Counters, receipt: &Receipt, why: &str) {
    counters.refusals_dropped.fetch_add(1, Ordering::Relaxed);
    tracing::error!(
        receipt = %receipt.to_json(),
        "consent receipt not stored ({why}); the choice itself was applied"
    );
}

/// Runs the batch task on a thread of its own, with a single-threaded runtime of its
/// own: under load it runs as soon as a batch is due, instead of waiting its turn behind
/// the request tasks of the server's runtime (its writes, and the answers it sends to
/// the waiting requests, are its only work). The thread ends with the task (when every
/// `Receipts` clone is gone). Where no thread can be started, the task runs on the
/// server's runtime.
fn run_on_writer_thread(
    batches: BatchTask,
    queue: mpsc::Receiver<Message>,
    server: &tokio::runtime::Handle,
) {
    // Handed over through a slot, so that it can be taken back when no thread starts.
    let task = Arc::new(std::sync::Mutex::new(Some((batches, queue))));
    let handed = task.clone();
    let started = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .and_then(|writer| {
            std::thread::Builder::new()
                .name("tcc-receipts".into())
                .spawn(move || {
                    let taken = handed.lock().map(|mut slot| slot.take()).ok().flatten();
                    if let Some((batches, queue)) = taken {
                        writer.block_on(batches.run(queue));
                    }
                })
        });
    if let Err(error) = started {
        tracing::warn!(%error, "the receipts' writer runs on the server's runtime");
        let taken = task.lock().map(|mut slot| slot.take()).ok().flatten();
        if let Some((batches, queue)) = taken {
            server.spawn(batches.run(queue));
        }
    }
}

/// Appends a refusal's receipt to the spool on a blocking thread (a task of its own: it
/// is kept even when the answer stops waiting), and says whether it is kept.
fn spool_now(
    spool: Arc<Spool>,
    counters: Arc<Counters>,
    receipt: Receipt,
    notice: Arc<Notice>,
) -> Commit {
    let appended = tokio::task::spawn_blocking(move || {
        let kept = spool.append(&[(&receipt, &notice)]);
        match &kept {
            Ok(()) => {
                counters.spooled.fetch_add(1, Ordering::Relaxed);
            }
            Err(error) => {
                drop_loudly(&counters, &receipt, &format!("the spool failed: {error}"));
            }
        }
        kept.is_ok()
    });
    Box::pin(async move {
        match appended.await {
            Ok(true) => Ok(()),
            _ => Err(NotSaved),
        }
    })
}

/// Replays the spool into the store while the recorder lives: at once, then every
/// [`REPLAY_INTERVAL`] when there is something to replay and no write failed since the
/// last look.
async fn replay(
    mut stop: tokio::sync::watch::Receiver<()>,
    spool: Arc<Spool>,
    store: Arc<dyn ReceiptStore>,
    counters: Arc<Counters>,
) {
    loop {
        let look = spool.clone();
        let waiting = tokio::task::spawn_blocking(move || look.has_files())
            .await
            .unwrap_or(false);
        if waiting && !counters.failing.swap(false, Ordering::Relaxed) {
            // This process's own file too: the store takes writes again.
            spool.rotate();
            match spool.replay(&*store).await {
                Ok(0) => {}
                Ok(replayed) => {
                    counters.replayed.fetch_add(replayed, Ordering::Relaxed);
                    tracing::info!(replayed, "spooled consent receipts written to the store");
                }
                Err(error) => {
                    tracing::warn!(%error, "spooled consent receipts could not be replayed yet");
                }
            }
        }
        if let Ok(Err(_)) = tokio::time::timeout(REPLAY_INTERVAL, stop.changed()).await {
            return; // the recorder is gone
        }
    }
}

struct BatchTask {
    store: Arc<dyn ReceiptStore>,
    options: ReceiptOptions,
    counters: Arc<Counters>,
    spool: Option<Arc<Spool>>,
}

/// What the writes in flight share with the batch task.
#[derive(Default)]
struct Pending {
    /// Refused-choice receipts whose write failed, with the notice each names.
    retry: Vec<(Receipt, Arc<Notice>)>,
    /// Notices known to be stored: later batches do not send them again.
    stored_notices: HashSet<NoticeHash>,
    backoff: Option<Duration>,
    /// The receipts waiting for a retry that are spooled already.
    spooled: HashSet<super::ReceiptId>,
}

impl BatchTask {
    async fn run(self, mut queue: mpsc::Receiver<Message>) {
        let this = Arc::new(self);
        let pending = Arc::new(std::sync::Mutex::new(Pending::default()));
        // Writes in flight: while the most allowed are running, jobs queue up and
        // make the next batch bigger.
        let slots = Arc::new(tokio::sync::Semaphore::new(this.options.concurrent_writes));
        let mut busy = false;
        loop {
            // A slot first: while every slot is taken, jobs wait in the queue (which
            // stays bounded) and make the next batch bigger.
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return;
            };
            let others_in_flight = slots.available_permits() + 1 < this.options.concurrent_writes;
            let wait = {
                let pending = lock(&pending);
                if !pending.retry.is_empty() {
                    Some(pending.backoff.unwrap_or(MIN_BACKOFF))
                } else if others_in_flight {
                    // A write in flight may fail and leave refusals to retry: look again soon.
                    Some(MIN_BACKOFF)
                } else {
                    None
                }
            };
            let mut jobs = Vec::new();
            let mut flushes = Vec::new();
            let mut closed = false;
            let received = match wait {
                None => Ok(queue.recv().await),
                // Timing out is the time to retry, or to look again.
                Some(wait) => tokio::time::timeout(wait, queue.recv()).await,
            };
            match received {
                Ok(Some(Message::Job(job))) => jobs.push(job),
                Ok(Some(Message::Flush(done))) => flushes.push(done),
                Ok(None) => closed = true,
                Err(_) => {}
            }
            if jobs.is_empty() && flushes.is_empty() && !closed && lock(&pending).retry.is_empty() {
                continue;
            }
            this.drain(&mut queue, &mut jobs, &mut flushes);
            if busy && jobs.len() < this.options.max_batch && !this.options.commit_delay.is_zero() {
                tokio::time::sleep(this.options.commit_delay).await;
                this.drain(&mut queue, &mut jobs, &mut flushes);
            }
            busy = jobs.len() > 1;
            // A grant whose visitor stopped waiting, or was answered 503 at its
            // deadline, must leave no receipt; the others are this write's to decide.
            jobs.retain(|job| match &job.grant {
                None => true,
                Some(grant) => {
                    job.done.as_ref().is_some_and(|done| !done.is_closed())
                        && grant
                            .state
                            .compare_exchange(QUEUED, WRITING, Ordering::AcqRel, Ordering::Acquire)
                            .is_ok()
                }
            });
            let (retry, known) = {
                let mut pending = lock(&pending);
                (
                    std::mem::take(&mut pending.retry),
                    pending.stored_notices.clone(),
                )
            };
            if closed || !flushes.is_empty() {
                // The last batch runs here, after the writes in flight; then one more
                // try for what is left, and what still is not stored is spooled (or
                // written whole to the log).
                this.write_batch(jobs, retry, known, &pending).await;
                drop(slot);
                let all = slots
                    .clone()
                    .acquire_many_owned(this.options.concurrent_writes as u32)
                    .await;
                let (left, known) = {
                    let mut pending = lock(&pending);
                    (
                        std::mem::take(&mut pending.retry),
                        pending.stored_notices.clone(),
                    )
                };
                this.write_batch(Vec::new(), left, known, &pending).await;
                let left: Vec<(Receipt, Arc<Notice>)> = {
                    let mut pending = lock(&pending);
                    let left = std::mem::take(&mut pending.retry);
                    let spooled = std::mem::take(&mut pending.spooled);
                    left.into_iter()
                        .filter(|(receipt, _)| !spooled.contains(&receipt.receipt_id))
                        .collect()
                };
                this.spool_or_drop(left, "the recorder shut down").await;
                lock(&pending).refusals_pending_reset(&this.counters);
                for done in flushes {
                    let _ = done.send(());
                }
                if closed {
                    return;
                }
                drop(all);
                continue;
            }
            let batch = this.clone();
            let shared = pending.clone();
            tokio::spawn(async move {
                batch.write_batch(jobs, retry, known, &shared).await;
                drop(slot);
            });
        }
    }

    /// Writes one batch (the new jobs and the receipts waiting for a retry), answers its
    /// jobs, and keeps the refusals of a failed write for the next retry.
    async fn write_batch(
        &self,
        jobs: Vec<Job>,
        retry: Vec<(Receipt, Arc<Notice>)>,
        known: HashSet<NoticeHash>,
        pending: &std::sync::Mutex<Pending>,
    ) {
        let lock = || {
            pending
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        let receipts: Vec<Receipt> = retry
            .iter()
            .map(|(receipt, _)| receipt.clone())
            .chain(jobs.iter().map(|job| job.receipt.clone()))
            .collect();
        if receipts.is_empty() {
            return;
        }
        let mut notices: Vec<Notice> = Vec::new();
        let named = retry
            .iter()
            .map(|(_, notice)| notice)
            .chain(jobs.iter().map(|job| &job.notice));
        for notice in named {
            if !known.contains(&notice.hash) && !notices.iter().any(|seen| seen.hash == notice.hash)
            {
                notices.push(Notice::clone(notice));
            }
        }
        // Grants are answered by their deadlines: the write ends by the earliest one
        // (dropped there, which rolls its transaction back).
        let deadline = jobs
            .iter()
            .filter_map(|job| job.grant.as_ref().map(|grant| grant.deadline))
            .min();
        match self.write(&notices, &receipts, deadline).await {
            Ok(()) => {
                {
                    let mut pending = lock();
                    pending.backoff = None;
                    pending
                        .stored_notices
                        .extend(notices.iter().map(|notice| notice.hash));
                    for receipt in &receipts {
                        pending.spooled.remove(&receipt.receipt_id);
                    }
                }
                self.counters
                    .stored
                    .fetch_add(receipts.len() as u64, Ordering::Relaxed);
                self.counters.batches.fetch_add(1, Ordering::Relaxed);
                for job in jobs {
                    if let Some(done) = job.done {
                        let _ = done.send(Ok(()));
                    }
                }
            }
            Err(error) => {
                self.counters.failed_writes.fetch_add(1, Ordering::Relaxed);
                self.counters.failing.store(true, Ordering::Relaxed);
                tracing::warn!(
                    %error,
                    receipts = receipts.len(),
                    "consent receipts could not be stored; grants refused, refusals kept for retry"
                );
                // The new refusals go to the spool (when there is one) before their
                // answers are told they are kept; a retry's were spooled before.
                // (Those whose answer spooled them already are not spooled again.)
                let spooled = self.spool.is_some()
                    && self
                        .spool_or_drop(
                            jobs.iter()
                                .filter(|job| job.grant.is_none())
                                .filter(|job| {
                                    job.claim
                                        .as_ref()
                                        .is_none_or(|claim| !claim.swap(true, Ordering::AcqRel))
                                })
                                .map(|job| (job.receipt.clone(), job.notice.clone()))
                                .collect(),
                            "the store failed",
                        )
                        .await;
                let mut pending = lock();
                if spooled {
                    pending.spooled.extend(
                        jobs.iter()
                            .filter(|job| job.grant.is_none())
                            .map(|job| job.receipt.receipt_id),
                    );
                }
                pending.backoff = Some(
                    pending
                        .backoff
                        .map_or(MIN_BACKOFF, |backoff| (backoff * 2).min(MAX_BACKOFF)),
                );
                let refusals = retry.into_iter().chain(jobs.into_iter().filter_map(|job| {
                    let kept = spooled && job.grant.is_none();
                    if let Some(done) = job.done {
                        let _ = done.send(if kept { Ok(()) } else { Err(()) });
                    }
                    job.grant.is_none().then_some((job.receipt, job.notice))
                }));
                for refusal in refusals {
                    if pending.retry.len() < self.options.queue_capacity {
                        pending.retry.push(refusal);
                    } else if self.spool.is_none() {
                        drop_loudly(&self.counters, &refusal.0, "the retry queue is full");
                    }
                    // (With a spool, a refusal past the retry queue waits there.)
                }
            }
        }
        let waiting = lock().retry.len() as u64;
        self.counters
            .refusals_pending
            .store(waiting, Ordering::Relaxed);
    }

    /// Takes what has queued up, to the batch's limit (and the flushes asked for).
    fn drain(
        &self,
        queue: &mut mpsc::Receiver<Message>,
        jobs: &mut Vec<Job>,
        flushes: &mut Vec<oneshot::Sender<()>>,
    ) {
        while jobs.len() < self.options.max_batch {
            match queue.try_recv() {
                Ok(Message::Job(job)) => jobs.push(job),
                Ok(Message::Flush(done)) => flushes.push(done),
                Err(_) => break,
            }
        }
    }

    /// Refusal receipts the store did not take: spooled when there is a spool (a
    /// blocking thread appends and syncs them), else written whole to the log. Whether
    /// they are kept.
    async fn spool_or_drop(&self, refusals: Vec<(Receipt, Arc<Notice>)>, why: &str) -> bool {
        if refusals.is_empty() {
            return true;
        }
        let Some(spool) = self.spool.clone() else {
            for (receipt, _) in &refusals {
                drop_loudly(&self.counters, receipt, why);
            }
            return false;
        };
        let counters = self.counters.clone();
        let why = why.to_owned();
        tokio::task::spawn_blocking(move || {
            let entries: Vec<(&Receipt, &Notice)> = refusals
                .iter()
                .map(|(receipt, notice)| (receipt, &**notice))
                .collect();
            match spool.append(&entries) {
                Ok(()) => {
                    counters
                        .spooled
                        .fetch_add(entries.len() as u64, Ordering::Relaxed);
                    true
                }
                Err(error) => {
                    for (receipt, _) in &refusals {
                        let why = format!("{why}; the spool failed: {error}");
                        drop_loudly(&counters, receipt, &why);
                    }
                    false
                }
            }
        })
        .await
        .unwrap_or(false)
    }

    async fn write(
        &self,
        notices: &[Notice],
        receipts: &[Receipt],
        grants_deadline: Option<Instant>,
    ) -> Result<(), StoreError> {
        let write = self.store.write(notices, receipts);
        let limit = Instant::now() + self.options.commit_timeout;
        let deadline = grants_deadline.map_or(limit, |grants| grants.min(limit));
        match tokio::time::timeout_at(deadline, write).await {
            Ok(result) => result,
            Err(_) => Err(StoreError::new(format!(
                "the write took longer than the commit timeout ({:?})",
                self.options.commit_timeout
            ))),
        }
    }
}

impl Pending {
    /// After a flush: nothing waits in memory any more.
    fn refusals_pending_reset(&self, counters: &Counters) {
        counters
            .refusals_pending
            .store(self.retry.len() as u64, Ordering::Relaxed);
    }
}

/// The shared state; a panic elsewhere does not lose the receipts it holds.
fn lock(pending: &std::sync::Mutex<Pending>) -> std::sync::MutexGuard<'_, Pending> {
    pending
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Deletes receipts older than `retention` every `interval`, in chunks, until the
/// recorder is dropped.
async fn purge(
    queue: mpsc::WeakSender<Message>,
    store: Arc<dyn ReceiptStore>,
    retention: Duration,
    interval: Duration,
    counters: Arc<Counters>,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if queue.upgrade().is_none() {
            return;
        }
        let Some(before) = SystemTime::now().checked_sub(retention) else {
            continue;
        };
        let mut deleted = 0;
        loop {
            match store.purge(before, PURGE_CHUNK).await {
                Ok(count) => {
                    deleted += count;
                    counters.purged.fetch_add(count, Ordering::Relaxed);
                    if count < u64::from(PURGE_CHUNK) {
                        break;
                    }
                    // Let waiting commits in between chunks.
                    tokio::task::yield_now().await;
                }
                Err(error) => {
                    tracing::warn!(%error, "the receipt retention purge failed; retrying at its next run");
                    break;
                }
            }
        }
        if deleted > 0 {
            tracing::info!(
                deleted,
                before = %super::format_utc(before),
                "purged consent receipts past their retention"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_keep_their_bounds() {
        let options = ReceiptOptions::default()
            .queue_capacity(usize::MAX)
            .max_batch(0)
            .purge_interval(Duration::ZERO);
        assert_eq!(options.queue_capacity, 1 << 20);
        assert_eq!(options.max_batch, 1);
        assert_eq!(options.purge_interval, Duration::from_millis(10));
        assert_eq!(
            ReceiptOptions::default().queue_capacity(0).queue_capacity,
            1
        );
        // The largest capacity is one Tokio's channel accepts.
        let _ = mpsc::channel::<()>(1 << 20);
    }

    #[test]
    fn addresses_are_truncated() {
        let address = |text: &str| truncated_address(text.parse().unwrap());
        assert_eq!(address("203.0.113.77"), "203.0.113.0/24");
        assert_eq!(address("2001:db8:1:2:3:4:5:6"), "2001:db8:1::/48");
        assert_eq!(address("::ffff:198.51.100.9"), "198.51.100.0/24");
        assert_eq!(address("::1"), "::/48");
    }
}
