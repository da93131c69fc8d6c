//! A production run: one job on one work center, scheduled, then started,
//! paused and resumed, completed or cancelled. Times are Unix milliseconds.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "production_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub work_center_id: i64,
    pub job: String,
    pub product: String,
    pub planned_quantity: i64,
    /// The ideal time per piece, fixed when the run is created (performance's yardstick).
    pub ideal_cycle_ms: i64,
    pub status: RunStatus,
    pub planned_start_ms: Option<i64>,
    pub planned_end_ms: Option<i64>,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub operator_id: Option<i64>,
    pub created_ms: i64,
}

/// Where a run is in its life; at most one run per work center is `Active` or `Paused`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, serde::Serialize, serde::Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum RunStatus {
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "paused")]
    Paused,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
