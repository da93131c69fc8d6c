//! A write asked for with an idempotency key, and the answer it got.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub user_id: i64,
    /// The server function's path, e.g. `/api/catalog_save`.
    pub endpoint: String,
    /// SHA-256 (hex) of the request's arguments.
    pub request_hash: String,
    /// The answer as JSON; `None` while the claiming write runs.
    pub response: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
