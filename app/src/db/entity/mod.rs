//! SeaORM entities, one file per table.

pub mod alert;
pub mod alert_rule;
pub mod audit_log;
pub mod count_event;
pub mod device_token;
pub mod downtime_reason;
pub mod facility;
pub mod idempotency_key;
pub mod login_throttle;
pub mod operator_badge;
pub mod production_run;
pub mod scrap_reason;
pub mod session;
pub mod state_event;
pub mod tenant;
pub mod user;
