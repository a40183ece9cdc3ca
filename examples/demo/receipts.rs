//! The demo's receipt store, chosen by `DEMO_RECEIPTS`.

use tower_cookie_consent::receipts::{ReceiptStore, Receipts, SqliteStore};

/// Where receipts go when `DEMO_RECEIPTS` is not set: a file in the working directory.
pub const DEFAULT_URL: &str = "sqlite://consent-receipts.db";

/// Opens the store `url` names: `sqlite://PATH`, `postgres://…` (with the `postgres`
/// feature), or `off`. The error names the URL and what went wrong.
pub async fn open(url: &str) -> Result<Option<Receipts>, String> {
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
    Ok(Some(Receipts::from_shared_store(
        store.into(),
        Default::default(),
    )))
}

fn failed(url: &str, error: &dyn std::fmt::Display) -> String {
    format!("the receipt store {url} could not be opened: {error}")
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
