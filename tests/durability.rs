//! Receipts that survive faults, with a SQLite store: a store that cannot be written
//! fails at start, naming the file and the cause; refusals the store cannot take are
//! spooled to disk before they are answered and replayed after a restart (files that a
//! live process holds are left to it); `Receipts::shutdown` writes what is waiting.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use http::StatusCode;
use suite::*;
use tower_cookie_consent::ConsentLayer;
use tower_cookie_consent::receipts::{Event, ReceiptOptions, ReceiptStore, Receipts, SqliteStore};

const FORM: &str = "application/x-www-form-urlencoded";

fn spool_folder(name: &str) -> std::path::PathBuf {
    let folder = temp_db(name).with_extension("spool.d");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn spool_files(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

async fn refuse(layer: &ConsentLayer) -> String {
    let unused = response_with(StatusCode::OK, &[]);
    let (answer, _) =
        send_through(layer.clone(), post(FORM, "action=reject_all", &[]), unused).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    consent_id_set(answer.headers())
}

#[tokio::test]
async fn a_store_that_cannot_be_written_fails_at_start_naming_file_and_cause() {
    // A folder that does not exist: the file cannot even be created.
    let missing = std::env::temp_dir().join("tcc-no-such-folder/receipts.db");
    let error = SqliteStore::open(&missing).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "receipt store: sqlite://{} (a file on this machine) cannot be opened: \
             error returned from database: (code: 14) unable to open database file",
            missing.display()
        )
    );
    // A file that opens but takes no write (root ignores file modes, so the test makes
    // the connection read-only; scripts/crashtest.sh runs the demo on an unwritable
    // file as an unprivileged user).
    let path = temp_db("unwritable");
    SqliteStore::open(&path).await.unwrap().close().await;
    let url = format!("sqlite://{}?mode=ro", path.display());
    let read_only = SqliteStore::connect(&url)
        .await
        .expect("a read-only store opens");
    assert!(
        read_only
            .receipts_of(consent_id(&"a".repeat(32)))
            .await
            .unwrap()
            .is_empty()
    );
    read_only.close().await;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let options = SqliteConnectOptions::new().filename(&path).read_only(true);
    let writer = SqlitePoolOptions::new()
        .connect_with(options.clone())
        .await
        .unwrap();
    let reader = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .unwrap();
    let error = SqliteStore::from_pools(writer, reader).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "receipt store: the SQLite store cannot be written: error returned from database: \
         (code: 8) attempt to write a readonly database"
    );
}

/// A recorder on a store that fails now (a SQLite file behind `FlakyStore`), spooling
/// in a folder of its own, and a layer recording with it.
struct Failing {
    folder: std::path::PathBuf,
    database: SqliteStore,
    flaky: Arc<FlakyStore<SqliteStore>>,
    options: ReceiptOptions,
    receipts: Receipts,
    layer: ConsentLayer,
}

async fn failing(name: &str) -> Failing {
    let folder = spool_folder(name);
    let database = SqliteStore::open(temp_db(name)).await.unwrap();
    let flaky = FlakyStore::new(database.clone());
    flaky.fail(true);
    let options = ReceiptOptions::default()
        .refusal_wait(Duration::from_millis(50))
        .commit_timeout(Duration::from_millis(300))
        .spool_folder(&folder);
    let receipts = Receipts::from_shared_store(flaky.clone(), options.clone());
    let layer = ConsentLayer::new(policy()).record_receipts(receipts.clone());
    Failing {
        folder,
        database,
        flaky,
        options,
        receipts,
        layer,
    }
}

/// A new recorder on `database` and the same spool folder, started: it replays exactly
/// `expected` receipts. (In one test process the dead recorder's tasks let go of its
/// file as they end; a process that dies lets go at once.)
async fn restart(database: &SqliteStore, options: ReceiptOptions, expected: u64) -> Receipts {
    let restarted = Receipts::with_options(database.clone(), options);
    restarted.start().await.unwrap();
    eventually("the spool replayed", async || {
        restarted.stats().replayed >= expected
    })
    .await;
    assert_eq!(restarted.stats().replayed, expected);
    restarted
}

#[tokio::test]
async fn spooled_refusals_are_replayed_after_a_restart() {
    let Failing {
        folder,
        database,
        flaky: _,
        options,
        receipts,
        layer,
    } = failing("restart").await;
    let first = refuse(&layer).await;
    let second = refuse(&layer).await;
    // Answered once kept: both are in this process's spool file, synced.
    let files = spool_files(&folder);
    assert_eq!(files.len(), 1, "{files:?}");
    let spooled = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(spooled.lines().count(), 2, "{spooled}");
    assert!(receipts.stats().spooled >= 2);
    assert!(
        database
            .receipts_of(consent_id(&first))
            .await
            .unwrap()
            .is_empty()
    );

    // The process dies (nothing is flushed); a new one starts on the same folder and a
    // store that works.
    drop(layer);
    drop(receipts);
    let restarted = restart(&database, options, 2).await;
    for id in [&first, &second] {
        let stored = database.receipts_of(consent_id(id)).await.unwrap();
        assert_eq!(stored.len(), 1, "{id}");
        assert_eq!(stored[0].event, Event::Given);
        assert!(stored[0].granted.is_empty());
    }
    assert!(spool_files(&folder).is_empty());
    assert_eq!(restarted.start().await.unwrap(), 0);
}

#[tokio::test]
async fn a_spool_file_held_by_a_live_process_is_left_to_it() {
    let Failing {
        folder,
        database,
        flaky,
        options,
        receipts: live,
        layer,
    } = failing("live").await;
    let id = refuse(&layer).await;
    // Another process on the same folder: the live file is locked, so not replayed.
    let other = Receipts::with_options(database.clone(), options);
    assert_eq!(other.start().await.unwrap(), 0);
    assert_eq!(spool_files(&folder).len(), 1);
    // The live process's store recovers: its replay closes its file and takes it (or,
    // the file closed, the other process's background replay does).
    flaky.fail(false);
    eventually("the spool replayed", async || {
        spool_files(&folder).is_empty()
    })
    .await;
    assert_eq!(
        database.receipts_of(consent_id(&id)).await.unwrap().len(),
        1
    );
    assert_eq!(live.stats().replayed + other.stats().replayed, 1);
}

#[tokio::test]
async fn shutdown_writes_what_waits_for_a_retry() {
    let database = SqliteStore::open(temp_db("shutdown")).await.unwrap();
    let flaky = FlakyStore::new(database.clone());
    flaky.fail(true);
    let options = ReceiptOptions::default().refusal_wait(Duration::from_millis(50));
    let receipts = Receipts::from_shared_store(flaky.clone(), options);
    let layer = ConsentLayer::new(policy()).record_receipts(receipts.clone());
    let ids = [
        refuse(&layer).await,
        refuse(&layer).await,
        refuse(&layer).await,
    ];
    assert_eq!(receipts.stats().refusals_pending, 3);
    flaky.fail(false);
    receipts.shutdown().await;
    for id in &ids {
        assert_eq!(
            database.receipts_of(consent_id(id)).await.unwrap().len(),
            1,
            "{id}"
        );
    }
    assert_eq!(receipts.stats().refusals_pending, 0);
}

#[tokio::test]
async fn shutdown_spools_what_the_store_still_refuses() {
    let Failing {
        folder,
        database,
        flaky,
        options,
        receipts,
        layer,
    } = failing("shutdown-spool").await;
    // Stored while the store works.
    flaky.fail(false);
    let stored = refuse(&layer).await;
    flaky.fail(true);
    let spooled = refuse(&layer).await;
    receipts.shutdown().await;
    drop(layer);
    drop(receipts);
    let lines: usize = spool_files(&folder)
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap().lines().count())
        .sum();
    assert!(lines >= 1, "{lines}");
    restart(&database, options, 1).await;
    for id in [&stored, &spooled] {
        assert_eq!(
            database.receipts_of(consent_id(id)).await.unwrap().len(),
            1,
            "{id}"
        );
    }
    assert!(spool_files(&folder).is_empty());
}
