//! The spool: refusal receipts the store cannot take now, kept on local disk until it
//! can ([`ReceiptOptions::spool_folder`](super::ReceiptOptions::spool_folder)).
//!
//! Each process appends to a file of its own in the folder (`receipts-<pid>-<time>.spool`,
//! locked while the process writes it), one JSON line per receipt with the notice it
//! names, and syncs the file (`fsync`) before the refusal counts as kept. Replaying reads
//! every file in the folder that no live process holds (its lock is free: a process that
//! died left it), writes its receipts to the store (the store skips those it already
//! has, so a receipt spooled twice or also stored by a retry is stored once) and
//! deletes the file once all of it is stored.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Notice, Receipt, ReceiptStore, StoreError};

/// What the spool files end with.
const EXTENSION: &str = "spool";

/// Receipts written to the store per transaction when a file is replayed.
const REPLAY_CHUNK: usize = 500;

/// One line of a spool file.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    receipt: Receipt,
    notice: Notice,
}

/// The folder, and this process's file in it (opened at the first append).
#[derive(Debug)]
pub(crate) struct Spool {
    folder: PathBuf,
    current: Mutex<Option<Current>>,
}

#[derive(Debug)]
struct Current {
    path: PathBuf,
    file: File,
    /// Lines appended since the file was opened.
    lines: u64,
}

impl Spool {
    /// The spool in `folder` (created when missing).
    pub(crate) fn new(folder: PathBuf) -> io::Result<Self> {
        fs::create_dir_all(&folder)?;
        Ok(Self {
            folder,
            current: Mutex::new(None),
        })
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Option<Current>> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends `entries` to this process's file and syncs it: when this returns `Ok`,
    /// they survive a crash of the process and of the machine. Blocking.
    pub(crate) fn append(&self, entries: &[(&Receipt, &Notice)]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut text = Vec::new();
        for (receipt, notice) in entries {
            let entry = Entry {
                receipt: (*receipt).clone(),
                notice: (*notice).clone(),
            };
            serde_json::to_writer(&mut text, &entry).map_err(io::Error::other)?;
            text.push(b'\n');
        }
        let mut current = self.current();
        if current.is_none() {
            *current = Some(self.open_new()?);
        }
        let open = current.as_mut().expect("opened above");
        let before = open.file.metadata()?.len();
        let written = open
            .file
            .write_all(&text)
            .and_then(|()| open.file.sync_data());
        if let Err(error) = written {
            // No half line stays behind to be read later (a full disk, say).
            let _ = open.file.set_len(before);
            return Err(error);
        }
        open.lines += entries.len() as u64;
        Ok(())
    }

    fn open_new(&self) -> io::Result<Current> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let path = self.folder.join(format!(
            "receipts-{}-{nanos}.{EXTENSION}",
            std::process::id()
        ));
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)?;
        // Held while this process appends: other processes' replays leave it alone.
        file.try_lock().map_err(io::Error::other)?;
        // The new name itself must survive a crash.
        File::open(&self.folder).and_then(|folder| folder.sync_all())?;
        Ok(Current {
            path,
            file,
            lines: 0,
        })
    }

    /// Closes this process's file when it holds anything, so that the next replay
    /// takes it (later appends go to a new file).
    pub(crate) fn rotate(&self) {
        let mut current = self.current();
        if current.as_ref().is_some_and(|open| open.lines > 0) {
            *current = None;
        }
    }

    /// The spool files in the folder now, oldest name first.
    fn files(&self) -> io::Result<Vec<PathBuf>> {
        let own = self.current().as_ref().map(|open| open.path.clone());
        let mut files: Vec<PathBuf> = fs::read_dir(&self.folder)?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == EXTENSION))
            .filter(|path| Some(path) != own.as_ref())
            .collect();
        files.sort();
        Ok(files)
    }

    /// Whether some file waits to be replayed (this process's own included).
    pub(crate) fn has_files(&self) -> bool {
        let own = self.current().as_ref().is_some_and(|open| open.lines > 0);
        own || self.files().is_ok_and(|files| !files.is_empty())
    }

    /// Replays every file no live process holds into `store`; how many receipts were
    /// written. Stops at the first store error (the file stays for the next replay).
    pub(crate) async fn replay(
        self: &Arc<Self>,
        store: &dyn ReceiptStore,
    ) -> Result<u64, StoreError> {
        let spool = self.clone();
        let files = tokio::task::spawn_blocking(move || spool.files())
            .await
            .map_err(StoreError::new)?
            .map_err(StoreError::new)?;
        let mut replayed = 0;
        for path in files {
            let read = tokio::task::spawn_blocking(move || read_locked(&path))
                .await
                .map_err(StoreError::new)?;
            let (path, file, entries) = match read {
                Ok(Some(read)) => read,
                // Live in another process, or gone (another process replayed it).
                Ok(None) => continue,
                Err(error) => {
                    tracing::error!(%error, "a receipt spool file could not be read");
                    continue;
                }
            };
            for chunk in entries.chunks(REPLAY_CHUNK) {
                let mut notices: Vec<Notice> = Vec::new();
                for entry in chunk {
                    if !notices
                        .iter()
                        .any(|notice| notice.hash == entry.notice.hash)
                    {
                        notices.push(entry.notice.clone());
                    }
                }
                let receipts: Vec<Receipt> =
                    chunk.iter().map(|entry| entry.receipt.clone()).collect();
                store.write(&notices, &receipts).await?;
                replayed += receipts.len() as u64;
            }
            // Stored, all of it: the file goes (its lock with it).
            if let Err(error) = fs::remove_file(&path) {
                tracing::error!(%error, file = %path.display(), "a replayed receipt spool file could not be deleted");
            }
            drop(file);
        }
        Ok(replayed)
    }
}

/// A spool file's entries, the file locked so that no other process replays it at the
/// same time; `None` when another process holds it or it is gone. A line that cannot be
/// read (the end of a file cut short by a crash before its sync: never acknowledged) is
/// logged and skipped.
fn read_locked(path: &Path) -> io::Result<Option<(PathBuf, File, Vec<Entry>)>> {
    let file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    if file.try_lock().is_err() {
        return Ok(None);
    }
    let mut entries = Vec::new();
    for (number, line) in BufReader::new(&file).lines().enumerate() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(&line) {
            Ok(entry) => entries.push(entry),
            Err(error) => tracing::warn!(
                %error,
                file = %path.display(),
                line = number + 1,
                "skipped a line of a receipt spool file that cannot be read"
            ),
        }
    }
    Ok(Some((path.to_owned(), file, entries)))
}
