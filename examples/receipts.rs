//! The operator's side of receipts, against the demo's database (or `DEMO_RECEIPTS`):
//!
//! ```sh
//! cargo run --example receipts -- export --since 2026-01-01 [--until 2026-07-01] > receipts.jsonl
//! cargo run --example receipts -- show 9f86d081884c7d659a2feaa0c55ad015
//! ```
//!
//! `export` writes JSON lines (each notice once, before the first receipt naming it; see
//! `tower_cookie_consent::receipts::export_json_lines`); `show` prints every receipt of one
//! consent id, oldest first. PostgreSQL URLs need `--features postgres`.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use tower_cookie_consent::receipts::{ReceiptStore, SqliteStore, export_json_lines};

const USAGE: &str = "usage: receipts export --since YYYY-MM-DD [--until YYYY-MM-DD]\n       \
                     receipts show CONSENT_ID\n\
                     (the store: DEMO_RECEIPTS, default sqlite://consent-receipts.db)";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match run(&arguments).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("receipts: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(arguments: &[String]) -> Result<(), String> {
    let url = std::env::var("DEMO_RECEIPTS")
        .unwrap_or_else(|_| "sqlite://consent-receipts.db".to_owned());
    let store = open(&url).await?;
    match arguments {
        [command, rest @ ..] if command == "export" => {
            let mut since = None;
            let mut until = SystemTime::now() + Duration::from_secs(60);
            let mut options = rest.iter();
            while let Some(option) = options.next() {
                let value = options.next().ok_or(USAGE)?;
                // A day means its midnight UTC.
                let full = if value.len() == 10 {
                    format!("{value}T00:00:00Z")
                } else {
                    value.clone()
                };
                let time = humantime::parse_rfc3339(&full)
                    .map_err(|_| format!("{value}: not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"))?;
                match option.as_str() {
                    "--since" => since = Some(time),
                    "--until" => until = time,
                    _ => return Err(USAGE.to_owned()),
                }
            }
            let since = since.ok_or(USAGE)?;
            let mut out = std::io::BufWriter::new(std::io::stdout());
            let summary = export_json_lines(&*store, since, until, &mut out)
                .await
                .map_err(|error| error.to_string())?;
            eprintln!(
                "exported {} receipts and {} notices from {url}",
                summary.receipts, summary.notices
            );
            Ok(())
        }
        [command, id] if command == "show" => {
            let consent_id = tower_cookie_consent::ConsentId::parse(id)
                .ok_or_else(|| format!("{id}: not a consent id (32 lowercase hex digits)"))?;
            let receipts = store
                .receipts_of(consent_id)
                .await
                .map_err(|error| error.to_string())?;
            for receipt in &receipts {
                println!("{}", receipt.to_json());
            }
            eprintln!("{} receipts for {id}", receipts.len());
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    }
}

async fn open(url: &str) -> Result<Box<dyn ReceiptStore>, String> {
    let failed =
        |error: &dyn std::fmt::Display| format!("the store {url} could not be opened: {error}");
    if url.starts_with("sqlite:") {
        return Ok(Box::new(
            SqliteStore::connect(url).await.map_err(|e| failed(&e))?,
        ));
    }
    #[cfg(feature = "postgres")]
    if url.starts_with("postgres") {
        let store = tower_cookie_consent::receipts::PostgresStore::connect(url).await;
        return Ok(Box::new(store.map_err(|e| failed(&e))?));
    }
    Err(format!("{url}: not a store this example can open"))
}
