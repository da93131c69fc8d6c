//! SeaORM entities, one file per table.

pub mod audit_log;
pub mod facility;
pub mod idempotency_key;
pub mod login_throttle;
pub mod operator_badge;
pub mod session;
pub mod tenant;
pub mod user;
