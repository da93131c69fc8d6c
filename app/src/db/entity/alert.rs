//! An alert the floor watch raised for a work center past a rule's threshold:
//! open until the work center is back (`cleared_ms`), acknowledged meanwhile by
//! a supervisor with a comment.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub work_center_id: i64,
    /// An `AlertKind` code.
    pub kind: String,
    /// The rule's threshold when it was raised (percent or minutes).
    pub threshold: f64,
    /// The figure that crossed it, when it was raised.
    pub value: f64,
    pub raised_ms: i64,
    pub acknowledged_ms: Option<i64>,
    pub acknowledged_by: Option<i64>,
    pub ack_comment: Option<String>,
    pub cleared_ms: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
