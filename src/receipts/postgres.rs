//! The PostgreSQL store: several servers, one database.

use std::time::Duration;

use sqlx::Postgres;
use sqlx::postgres::{PgPool, PgPoolOptions};

use super::StoreError;
use super::sql::{Kind, Pools, sql_store};

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
    /// names, and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = || {
            PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(5))
        };
        let writer = pool().connect(url).await.map_err(StoreError::new)?;
        let reader = pool().connect(url).await.map_err(StoreError::new)?;
        Self::from_pools(writer, reader).await
    }

    /// A store on pools of the operator's own (their sizes, TLS and connect options),
    /// and migrates the database. `writer` takes the recorder's batches and the purge
    /// only: give it connections nothing else uses, so that no read (the operator's
    /// included) holds up a grant's receipt; `reader` takes every read.
    pub async fn from_pools(writer: PgPool, reader: PgPool) -> Result<Self, StoreError> {
        let pools = Pools::migrate(writer, reader, Self::statements()).await?;
        Ok(Self { pools })
    }
}

sql_store!(PostgresStore, Postgres, Kind::Postgres);
