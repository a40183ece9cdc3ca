//! A `tracing` subscriber that writes into memory, for tests of the layer's warnings
//! (included with `#[path]` by the tests that read them: the conformance tests, which
//! share `common/`, do not depend on `tracing-subscriber`).
#![allow(dead_code)]

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
}
