//! A tenant's reason for a stop, and which loss it is.

use sea_orm::entity::prelude::*;

use crate::domain::oee::StopLoss;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "downtime_reasons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub code: String,
    pub name: String,
    pub loss: ReasonLoss,
    /// The operator must say more (a free-text comment) when choosing it.
    pub needs_comment: bool,
    pub active: bool,
}

/// [`StopLoss`] as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum ReasonLoss {
    #[sea_orm(string_value = "breakdown")]
    Breakdown,
    #[sea_orm(string_value = "setup_adjustment")]
    SetupAdjustment,
    #[sea_orm(string_value = "planned_stop_excluded")]
    PlannedStopExcluded,
    #[sea_orm(string_value = "planned_stop_counted")]
    PlannedStopCounted,
}

impl From<ReasonLoss> for StopLoss {
    fn from(loss: ReasonLoss) -> StopLoss {
        match loss {
            ReasonLoss::Breakdown => StopLoss::Breakdown,
            ReasonLoss::SetupAdjustment => StopLoss::SetupAdjustment,
            ReasonLoss::PlannedStopExcluded => StopLoss::PlannedStopExcluded,
            ReasonLoss::PlannedStopCounted => StopLoss::PlannedStopCounted,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
