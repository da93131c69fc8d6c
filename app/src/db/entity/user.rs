//! A person who signs in: platform administrator (no tenant), tenant administrator,
//! supervisor or operator.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: Option<i64>,
    pub email: String,
    pub display_name: String,
    /// One of `Role::as_str()`.
    pub role: String,
    /// `active` or `inactive`.
    pub status: String,
    pub password_hash: String,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Unix milliseconds: sessions signed in before this are over (reset, deactivation, role change).
    pub sessions_valid_after: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
