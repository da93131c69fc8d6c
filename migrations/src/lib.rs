//! The one schema of Floorcast, for SQLite and Postgres alike.
//!
//! Each migration is a file `mNNNN_what.rs` with `up` and `down`; `down` undoes
//! exactly what `up` did, so `migrate down` then `up` is always safe. Anything that
//! only Postgres can do (row-level security, partial indexes) is guarded by a
//! `match` on the backend inside the migration that needs it.

pub use sea_orm_migration::prelude::*;

mod m0001_tenants_and_facilities;
mod m0002_accounts;
mod m0003_master_data;
mod m0004_idempotency_keys;
mod m0005_sessions_valid_after;
mod m0006_production;
mod m0007_floor_overview_indexes;
mod m0008_auth_changes;
mod m0009_runs_by_start;
mod m0010_counts_by_time_with_scrap_reason;
mod m0011_device_tokens;
mod m0012_reasons_updated_at;
mod m0013_alerts;
mod m0014_unexplained_after;
mod m0015_runs_by_status_and_end;
mod m0016_shift_calendars;
mod m0017_products;
mod m0018_loss_policies;
mod m0019_warehouse;
pub mod postgres;

/// The moment a run is listed by, as its index (m0009) knows it.
pub use m0009_runs_by_start::RUN_START;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_tenants_and_facilities::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_master_data::Migration),
            Box::new(m0004_idempotency_keys::Migration),
            Box::new(m0005_sessions_valid_after::Migration),
            Box::new(m0006_production::Migration),
            Box::new(m0007_floor_overview_indexes::Migration),
            Box::new(m0008_auth_changes::Migration),
            Box::new(m0009_runs_by_start::Migration),
            Box::new(m0010_counts_by_time_with_scrap_reason::Migration),
            Box::new(m0011_device_tokens::Migration),
            Box::new(m0012_reasons_updated_at::Migration),
            Box::new(m0013_alerts::Migration),
            Box::new(m0014_unexplained_after::Migration),
            Box::new(m0015_runs_by_status_and_end::Migration),
            Box::new(m0016_shift_calendars::Migration),
            Box::new(m0017_products::Migration),
            Box::new(m0018_loss_policies::Migration),
            Box::new(m0019_warehouse::Migration),
        ]
    }
}
