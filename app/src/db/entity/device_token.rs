//! A device's long-lived, revocable secret (only its SHA-256 is kept): a machine
//! gateway's for one work center, or a wall TV's display link for one facility.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "device_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub kind: TokenKind,
    pub work_center_id: Option<i64>,
    pub facility_id: Option<i64>,
    pub name: String,
    pub token_hash: String,
    /// The account a machine token's writes are recorded by (it cannot sign in).
    pub acts_as: Option<i64>,
    pub created_by: i64,
    pub created_ms: i64,
    pub revoked_ms: Option<i64>,
    pub last_used_ms: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum TokenKind {
    #[sea_orm(string_value = "machine")]
    Machine,
    #[sea_orm(string_value = "display")]
    Display,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
