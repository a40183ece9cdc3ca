//! A `tracing` subscriber that keeps what it writes, for tests of the layer's warnings
//! (included with `#[path = "common/log.rs"] mod log;`: it needs `tracing-subscriber`,
//! which not every member that includes `common/` has).
#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Collects what a `tracing` subscriber writes, for the current thread.
#[derive(Clone, Default)]
pub struct Log(pub Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    /// Installs a subscriber writing here for as long as the guard lives.
    pub fn capture(&self) -> tracing::subscriber::DefaultGuard {
        let log = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || log.clone())
            .with_ansi(false)
            .without_time()
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    pub fn warnings_containing(&self, text: &str) -> usize {
        let log = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        log.lines()
            .filter(|line| line.contains("WARN") && line.contains(text))
            .count()
    }

    /// The warning lines that contain `text`.
    pub fn lines_containing(&self, text: &str) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .filter(|line| line.contains("WARN") && line.contains(text))
            .map(str::to_owned)
            .collect()
    }
}
