//! The demo's receipt store, chosen by `DEMO_RECEIPTS`.

use tower_cookie_consent::receipts::{ReceiptOptions, ReceiptStore, Receipts, SqliteStore};

/// Where receipts go when `DEMO_RECEIPTS` is not set: a file in the working directory.
pub const DEFAULT_URL: &str = "sqlite://consent-receipts.db";

/// Opens the store `url` names: `sqlite://PATH`, `postgres://…` (with the `postgres`
/// feature), or `off`, refusals the store cannot take spooled in `spool` when given. The
/// error names the store and what went wrong (the stores check at start that they can
/// write).
pub async fn open(url: &str, spool: Option<&str>) -> Result<Option<Receipts>, String> {
    let store: Box<dyn ReceiptStore> = if url == "off" {
        return Ok(None);
    } else if url.starts_with("sqlite:") {
        Box::new(
            SqliteStore::connect(url)
                .await
                .map_err(|error| failed(url, &error))?,
        )
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres(url).await?
    } else {
        return Err(format!(
            "DEMO_RECEIPTS={url}: not a receipt store URL (use sqlite://PATH, postgres://… or off)"
        ));
    };
    let options = match spool {
        Some(folder) => ReceiptOptions::default().spool_folder(folder),
        None => ReceiptOptions::default(),
    };
    Ok(Some(Receipts::from_shared_store(store.into(), options)))
}

/// The store's error names the store (a PostgreSQL URL without its password), the
/// host and the cause.
fn failed(_url: &str, error: &dyn std::fmt::Display) -> String {
    error.to_string()
}

#[cfg(feature = "postgres")]
async fn postgres(url: &str) -> Result<Box<dyn ReceiptStore>, String> {
    let store = tower_cookie_consent::receipts::PostgresStore::connect(url)
        .await
        .map_err(|error| failed(url, &error))?;
    Ok(Box::new(store))
}

#[cfg(not(feature = "postgres"))]
async fn postgres(url: &str) -> Result<Box<dyn ReceiptStore>, String> {
    Err(format!(
        "the receipt store {url} needs the `postgres` feature: \
         cargo run --example demo --features postgres"
    ))
}
