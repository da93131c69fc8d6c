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

/// A tenant's machine tokens, newest first, with their work center and maker.
const LIST_SQL: &str = "
    SELECT t.id, t.name, w.code, w.name AS work_center_name, u.display_name AS created_by,
           t.created_ms, t.revoked_ms, t.last_used_ms
    FROM device_tokens t
    JOIN work_centers w ON w.id = t.work_center_id
    JOIN users u ON u.id = t.created_by
    WHERE t.tenant_id = $1 AND t.kind = 'machine'
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
    let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "work_center_name")?);
    Ok(DeviceTokenRow {
        id: row.try_get("", "id")?,
        name: row.try_get("", "name")?,
        work_center: format!("{code} — {name}"),
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
        tenant_id: Set(tenant.0),
        kind: Set(TokenKind::Machine),
        work_center_id: Set(Some(work_center_id)),
        facility_id: Set(None),
        name: Set(name.to_string()),
        token_hash: Set(hash),
        acts_as: Set(Some(account.id)),
        created_by: Set(created_by),
        created_ms: Set(Utc::now().timestamp_millis()),
        revoked_ms: Set(None),
        last_used_ms: Set(None),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok((token.id, secret))
}

/// Revokes the tenant's machine token `id` from `now_ms` on. `None` when the
/// tenant has no such token; a token revoked before stays as it was.
pub async fn revoke(tx: &WriteTx, tenant: TenantId, id: i64, now_ms: i64) -> Result<Option<bool>, DbErr> {
    let found = device_token::Entity::find_by_id(id)
        .filter(device_token::Column::TenantId.eq(tenant.0))
        .filter(device_token::Column::Kind.eq(TokenKind::Machine))
        .one(tx)
        .await?;
    let Some(token) = found else { return Ok(None) };
    if token.revoked_ms.is_some() {
        return Ok(Some(false));
    }
    let mut token = token.into_active_model();
    token.revoked_ms = Set(Some(now_ms));
    token.update(tx).await?;
    Ok(Some(true))
}

/// The unrevoked machine token whose secret hashes to `hash`, in any tenant the
/// connection may see.
pub async fn usable_machine_token(db: &impl ConnectionTrait, hash: &str) -> Result<Option<device_token::Model>, DbErr> {
    device_token::Entity::find()
        .filter(device_token::Column::TokenHash.eq(hash))
        .filter(device_token::Column::Kind.eq(TokenKind::Machine))
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
