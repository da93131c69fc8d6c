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
    pub status: UserStatus,
    pub password_hash: String,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Unix milliseconds: sessions signed in before this are over (reset, deactivation, role change).
    pub sessions_valid_after: Option<i64>,
}

/// Whether a user may sign in; stored as `active` / `inactive`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum UserStatus {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "inactive")]
    Inactive,
}

impl UserStatus {
    pub fn from_active(active: bool) -> UserStatus {
        if active {
            UserStatus::Active
        } else {
            UserStatus::Inactive
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
