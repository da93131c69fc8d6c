//! Pieces counted on a work center during a run: good and scrap (with a reason).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "count_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub work_center_id: i64,
    pub run_id: i64,
    pub at_ms: i64,
    pub good: i64,
    pub scrap: i64,
    pub scrap_reason_id: Option<i64>,
    pub recorded_by: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
