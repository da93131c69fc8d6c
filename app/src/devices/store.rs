//! The device-token table: listing, making and revoking machine tokens, and
//! finding the token a request presents.

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Statement,
};

use super::model::DeviceTokenRow;
use super::token::DeviceSecret;
use crate::auth::model::Role;
use crate::db::entity::device_token::{self, TokenKind};
use crate::db::entity::user::{self, UserStatus};
use crate::db::scope::{TenantId, WriteTx};

/// A tenant's tokens, newest first, with their work center or facility and maker.
const LIST_SQL: &str = "
    SELECT t.id, t.kind, t.name, COALESCE(w.code, f.code) AS code, COALESCE(w.name, f.name) AS target_name,
           u.display_name AS created_by, t.created_ms, t.revoked_ms, t.last_used_ms
    FROM device_tokens t
    LEFT JOIN work_centers w ON w.id = t.work_center_id
    LEFT JOIN facilities f ON f.id = t.facility_id
    JOIN users u ON u.id = t.created_by
    WHERE t.tenant_id = $1
    ORDER BY t.created_ms DESC, t.id DESC";

pub async fn list(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<DeviceTokenRow>, DbErr> {
    let statement = Statement::from_sql_and_values(db.get_database_backend(), LIST_SQL, [tenant.0.into()]);
    db.query_all_raw(statement).await?.iter().map(row).collect()
}

/// One token as listed, by id.
pub async fn listed(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<DeviceTokenRow>, DbErr> {
    Ok(list(db, tenant).await?.into_iter().find(|token| token.id == id))
}

fn row(row: &sea_orm::QueryResult) -> Result<DeviceTokenRow, DbErr> {
    let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "target_name")?);
    Ok(DeviceTokenRow {
        id: row.try_get("", "id")?,
        kind: row.try_get("", "kind")?,
        name: row.try_get("", "name")?,
        target: format!("{code} — {name}"),
        created_by: row.try_get("", "created_by")?,
        created_ms: row.try_get("", "created_ms")?,
        revoked_ms: row.try_get("", "revoked_ms")?,
        last_used_ms: row.try_get("", "last_used_ms")?,
    })
}

/// Makes a machine token for `work_center_id`, and the account its writes are
/// recorded by: an inactive operator with no usable password, so it can never
/// sign in, named after the token so a count says which machine recorded it.
pub async fn create_machine(
    tx: &WriteTx,
    tenant: TenantId,
    created_by: i64,
    work_center_id: i64,
    name: &str,
) -> Result<(i64, DeviceSecret), DbErr> {
    let secret = DeviceSecret::generate();
    let hash = secret.hash();
    let account = user::ActiveModel {
        tenant_id: Set(Some(tenant.0)),
        email: Set(format!("machine-{}@devices.floorcast.invalid", &hash[..16])),
        display_name: Set(format!("Machine feed: {name}").chars().take(100).collect()),
        role: Set(Role::Operator.as_str().to_string()),
        status: Set(UserStatus::Inactive),
        // Not an argon2 hash: no password verifies against it.
        password_hash: Set("!".to_string()),
        last_login_at: Set(None),
        created_at: Set(Utc::now()),
        sessions_valid_after: Set(None),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let token = device_token::ActiveModel {
        kind: Set(TokenKind::Machine),
        work_center_id: Set(Some(work_center_id)),
        acts_as: Set(Some(account.id)),
        ..new_token(tenant, created_by, name, hash)
    };
    Ok((token.insert(tx).await?.id, secret))
}

/// Makes a display link for `facility_id`: read-only, it shows that facility's floor.
pub async fn create_display(
    tx: &WriteTx,
    tenant: TenantId,
    created_by: i64,
    facility_id: i64,
    name: &str,
) -> Result<(i64, DeviceSecret), DbErr> {
    let secret = DeviceSecret::generate();
    let token = device_token::ActiveModel {
        kind: Set(TokenKind::Display),
        facility_id: Set(Some(facility_id)),
        ..new_token(tenant, created_by, name, secret.hash())
    };
    Ok((token.insert(tx).await?.id, secret))
}

/// The columns every new token sets alike.
fn new_token(tenant: TenantId, created_by: i64, name: &str, hash: String) -> device_token::ActiveModel {
    device_token::ActiveModel {
        tenant_id: Set(tenant.0),
        work_center_id: Set(None),
        facility_id: Set(None),
        name: Set(name.to_string()),
        token_hash: Set(hash),
        acts_as: Set(None),
        created_by: Set(created_by),
        created_ms: Set(Utc::now().timestamp_millis()),
        revoked_ms: Set(None),
        last_used_ms: Set(None),
        ..Default::default()
    }
}

/// Revokes the tenant's token `id` from `now_ms` on. `None` when the tenant has
/// no such token; a token revoked before stays as it was.
pub async fn revoke(tx: &WriteTx, tenant: TenantId, id: i64, now_ms: i64) -> Result<Option<bool>, DbErr> {
    let found =
        device_token::Entity::find_by_id(id).filter(device_token::Column::TenantId.eq(tenant.0)).one(tx).await?;
    let Some(token) = found else { return Ok(None) };
    if token.revoked_ms.is_some() {
        return Ok(Some(false));
    }
    let mut token = token.into_active_model();
    token.revoked_ms = Set(Some(now_ms));
    token.update(tx).await?;
    Ok(Some(true))
}

/// The unrevoked token of `kind` whose secret hashes to `hash`, in any tenant
/// the connection may see.
pub async fn usable_token(
    db: &impl ConnectionTrait,
    kind: TokenKind,
    hash: &str,
) -> Result<Option<device_token::Model>, DbErr> {
    device_token::Entity::find()
        .filter(device_token::Column::TokenHash.eq(hash))
        .filter(device_token::Column::Kind.eq(kind))
        .filter(device_token::Column::RevokedMs.is_null())
        .one(db)
        .await
}

/// Notes that the token was used at `now_ms`.
pub async fn touch(tx: &WriteTx, token: device_token::Model, now_ms: i64) -> Result<(), DbErr> {
    let mut token = token.into_active_model();
    token.last_used_ms = Set(Some(now_ms));
    token.update(tx).await.map(|_| ())
}
