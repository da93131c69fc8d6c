//! A tenant's alert rule: a kind (see `domain::floor_alerts::AlertKind`), a
//! threshold, and one work center or (none) every work center. Edited in the
//! catalog forms.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub code: String,
    /// An `AlertKind` code.
    pub kind: String,
    pub work_center_id: Option<i64>,
    /// Percent or minutes, as the kind says.
    pub threshold: f64,
    pub active: bool,
    pub updated_at: Option<DateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
