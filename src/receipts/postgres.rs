//! The PostgreSQL store: several servers, one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Postgres};

use super::StoreError;
use super::sql::{Kind, Pools, sql_store};

/// How long connecting may take before the store says the server cannot be reached.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Receipts in a PostgreSQL database (feature `postgres`), for several servers behind
/// one load balancer: every node writes to the same database, and a receipt written by
/// one is read by any.
///
/// The schema (`consent_receipts`, `consent_notices`, in the repository's
/// `migrations/postgres/`) is migrated at connect, under sqlx's advisory lock, so nodes
/// starting together migrate once. Times are `timestamptz`, receipt ids `uuid`, `granted`
/// and `refused` category ids separated by spaces.
///
/// Connections are plain TCP or a Unix socket: the crate turns on no TLS feature of sqlx
/// (a database across an untrusted network should be reached through a tunnel, or the
/// application should enable one of sqlx's `tls-*` features itself).
///
/// Writes (the recorder's batches, the purge) and reads (the preferences page, the
/// operator's queries) go through separate connection pools, four connections each:
/// however many reads are waiting, the batch writer's connections are its own.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pools: Pools<Postgres>,
}

impl PostgresStore {
    /// Connects to the database a `postgres://user:password@host:port/database` URL
    /// names, migrates it, and checks that it takes writes (a write, rolled back). An
    /// error names the database (its URL without the password), the host and the
    /// cause: the server's own error when it cannot be reached or refuses the
    /// connection (within 5 s), not a pool's timeout.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(|error| {
            StoreError::new(format!("the receipt store URL cannot be read: {error}"))
        })?;
        let named = format!(
            "postgres://{}@{}:{}/{} (host {}, port {})",
            options.get_username(),
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or_default(),
            options.get_host(),
            options.get_port()
        );
        let failed = |what: &str, error: &dyn std::fmt::Display| {
            StoreError::new(format!("{named} {what}: {error}"))
        };
        // One connection first, for the cause: a pool retries until its timeout and
        // then says only that it timed out.
        match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
            }
            Ok(Err(error)) => return Err(failed("cannot be reached", &error)),
            Err(_) => {
                return Err(failed(
                    "cannot be reached",
                    &format!("no answer within {CONNECT_TIMEOUT:?}"),
                ));
            }
        }
        let pool = || {
            PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(CONNECT_TIMEOUT)
        };
        let writer = pool()
            .connect_with(options.clone())
            .await
            .map_err(|error| failed("cannot be reached", &error))?;
        let reader = pool()
            .connect_with(options)
            .await
            .map_err(|error| failed("cannot be reached", &error))?;
        let pools = Pools::migrate(writer, reader, Self::statements())
            .await
            .map_err(|error| failed("cannot be migrated", &error))?;
        let store = Self { pools };
        store
            .pools
            .check_writable()
            .await
            .map_err(|error| failed("cannot be written", &error))?;
        Ok(store)
    }

    /// A store on pools of the operator's own (their sizes, TLS and connect options):
    /// migrates the database and checks that `writer` can write (a write, rolled back). `writer` takes the recorder's batches and the purge
    /// only: give it connections nothing else uses, so that no read (the operator's
    /// included) holds up a grant's receipt; `reader` takes every read.
    pub async fn from_pools(writer: PgPool, reader: PgPool) -> Result<Self, StoreError> {
        let pools = Pools::migrate(writer, reader, Self::statements()).await?;
        let store = Self { pools };
        store.pools.check_writable().await.map_err(|error| {
            StoreError::new(format!("the PostgreSQL store cannot be written: {error}"))
        })?;
        Ok(store)
    }
}

sql_store!(PostgresStore, Postgres, Kind::Postgres);
