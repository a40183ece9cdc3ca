//! What recording receipts costs: consent posts ("Accept all", a grant, answered only
//! once its receipt is committed) per second over 64 keep-alive connections to the demo
//! site on loopback, with receipts in SQLite (WAL, `synchronous = FULL`, a temporary file)
//! and with receipts off, in the same run (and SQLite with one batch written at a time
//! instead of two). The goal: at least half the throughput with every grant durably
//! committed.
//!
//! Client and server share the machine (and its cores), the same for both variants. At
//! the end it prints how many receipts each transaction held and how long a transaction
//! took (the store's `write`, timed).

#[path = "../../examples/demo/site.rs"]
#[allow(dead_code)]
mod site;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower_cookie_consent::ConsentId;
use tower_cookie_consent::receipts::{
    BoxFuture, Notice, NoticeHash, Receipt, ReceiptId, ReceiptOptions, ReceiptStore, Receipts,
    SqliteStore, StoreError,
};

const CONNECTIONS: usize = 64;
const BODY: &str = "action=accept_all&return_to=/";

async fn serve(receipts: Option<Receipts>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = site::router_recording("127.0.0.1", true, receipts);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Sends `posts` consent posts over one keep-alive connection, each answer read whole.
async fn client(addr: SocketAddr, posts: u64) {
    let request = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let mut buffer = Vec::with_capacity(4096);
    for _ in 0..posts {
        stream.write_all(request.as_bytes()).await.unwrap();
        buffer.clear();
        // The answer is a 303 with an empty body: read to the end of its head.
        loop {
            let mut chunk = [0u8; 4096];
            let read = stream.read(&mut chunk).await.unwrap();
            assert!(read > 0, "the server closed the connection");
            buffer.extend_from_slice(&chunk[..read]);
            if buffer.ends_with(b"\r\n\r\n") {
                break;
            }
        }
        assert!(
            buffer.starts_with(b"HTTP/1.1 303"),
            "{}",
            String::from_utf8_lossy(&buffer)
        );
    }
}

/// `posts` posts spread over [`CONNECTIONS`] connections; the time they all took.
async fn load(addr: SocketAddr, posts: u64) -> Duration {
    let each = posts.div_ceil(CONNECTIONS as u64).max(1);
    let started = Instant::now();
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|_| tokio::spawn(client(addr, each)))
        .collect();
    for client in clients {
        client.await.unwrap();
    }
    // Time per post as criterion counts it (posts rounded up to a multiple of 64).
    started
        .elapsed()
        .mul_f64(posts as f64 / (each * CONNECTIONS as u64) as f64)
}

fn consent_posts(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let path = std::env::temp_dir().join(format!("tcc-bench-{}.db", std::process::id()));
    let store = Arc::new(TimedStore {
        inner: runtime.block_on(SqliteStore::open(&path)).unwrap(),
        nanos_in_write: AtomicU64::new(0),
    });
    let receipts = Receipts::from_shared_store(store.clone(), ReceiptOptions::default());
    // The same file, one batch written at a time (two by default).
    let serial = Receipts::from_shared_store(
        Arc::new(runtime.block_on(SqliteStore::open(&path)).unwrap()),
        ReceiptOptions::default().concurrent_writes(1),
    );
    let (off, sqlite, sqlite_serial) = runtime.block_on(async {
        (
            serve(None).await,
            serve(Some(receipts.clone())).await,
            serve(Some(serial)).await,
        )
    });
    let mut group = c.benchmark_group("consent_posts_64_connections");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    let variants = [
        ("receipts_off", off),
        ("sqlite_receipts", sqlite),
        ("sqlite_receipts_one_write_at_a_time", sqlite_serial),
    ];
    for (name, addr) in variants {
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_custom(|posts| runtime.block_on(load(addr, posts)));
        });
    }
    group.finish();
    let stats = receipts.stats();
    let batches = stats.batches.max(1);
    let in_write = Duration::from_nanos(store.nanos_in_write.load(Ordering::Relaxed));
    println!(
        "sqlite_receipts: {} receipts in {} transactions ({:.1} per transaction, \
         {:.2} ms per transaction)",
        stats.stored,
        stats.batches,
        stats.stored as f64 / batches as f64,
        in_write.as_secs_f64() * 1000.0 / batches as f64
    );
    drop(runtime);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// What reading a visitor's receipt costs when their consent id has a history of
/// 50,000 receipts (the audit's 40,000 `reject_all` posts, and then some): the store's
/// one indexed row (`receipt_of_choice`, what the preferences page and
/// `GET /consent/receipt` run) against loading the whole history (`receipts_of`, what
/// they ran before).
fn receipt_reads(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let path = std::env::temp_dir().join(format!("tcc-bench-reads-{}.db", std::process::id()));
    let store = runtime.block_on(SqliteStore::open(&path)).unwrap();
    let id = ConsentId::parse(&"5".repeat(32)).unwrap();
    let notice = Notice::new(1, "en", "a notice");
    let first = 1_767_225_600u64;
    let history: Vec<Receipt> = (0..50_000u64)
        .map(|n| {
            let json = format!(
                r#"{{"schema_version":1,"receipt_id":"01900000-0000-7000-8000-{:012x}",
                "consent_id":"{id}","event":"updated","occurred_at":"{}",
                "granted":[],"refused":["functionality","performance","advertising"],
                "policy_revision":1,"notice_hash":"{}","language":"en",
                "method":"reject_all","path":"/","expires_at":"{}"}}"#,
                n + 1,
                utc(std::time::UNIX_EPOCH + Duration::from_secs(first + n / 2500)),
                notice.hash,
                utc(std::time::UNIX_EPOCH + Duration::from_secs(first + n / 2500 + 15_552_000)),
            );
            serde_json::from_str(&json).unwrap()
        })
        .collect();
    runtime
        .block_on(store.write(std::slice::from_ref(&notice), &history))
        .unwrap();
    let shown = history[10].occurred_at;
    let mut group = c.benchmark_group("visitor_receipt_of_50000");
    group.sample_size(10);
    group.bench_function("receipt_of_choice", |b| {
        b.iter(|| {
            let found = runtime
                .block_on(store.receipt_of_choice(id, shown, &[]))
                .unwrap();
            assert!(found.is_some());
        });
    });
    group.bench_function("whole_history_receipts_of", |b| {
        b.iter(|| {
            let all = runtime.block_on(store.receipts_of(id)).unwrap();
            assert_eq!(all.len(), 50_000);
        });
    });
    group.finish();
    drop(runtime);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

criterion_group!(benches, consent_posts, receipt_reads);
criterion_main!(benches);

/// The SQLite store, timing its writes: how long a transaction takes under this load.
#[derive(Debug)]
struct TimedStore {
    inner: SqliteStore,
    nanos_in_write: AtomicU64,
}

impl ReceiptStore for TimedStore {
    fn write<'a>(
        &'a self,
        notices: &'a [Notice],
        receipts: &'a [Receipt],
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let started = Instant::now();
            let written = self.inner.write(notices, receipts).await;
            let nanos = started.elapsed().as_nanos() as u64;
            self.nanos_in_write.fetch_add(nanos, Ordering::Relaxed);
            written
        })
    }

    fn receipts_of(&self, id: ConsentId) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        self.inner.receipts_of(id)
    }

    fn receipt_of_choice<'a>(
        &'a self,
        id: ConsentId,
        occurred_at: SystemTime,
        granted: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Receipt>, StoreError>> {
        self.inner.receipt_of_choice(id, occurred_at, granted)
    }

    fn receipts_between(
        &self,
        since: SystemTime,
        until: SystemTime,
        after: Option<ReceiptId>,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Receipt>, StoreError>> {
        self.inner.receipts_between(since, until, after, limit)
    }

    fn notice(&self, hash: NoticeHash) -> BoxFuture<'_, Result<Option<Notice>, StoreError>> {
        self.inner.notice(hash)
    }

    fn purge(&self, before: SystemTime, limit: u32) -> BoxFuture<'_, Result<u64, StoreError>> {
        self.inner.purge(before, limit)
    }
}

/// A receipt's time as the JSON writes it (RFC 3339, whole seconds, UTC).
fn utc(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}
