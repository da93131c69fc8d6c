//! The server side of idempotent writes (see the module doc).
//!
//! Concurrent duplicates: both requests insert the key with `ON CONFLICT DO
//! NOTHING` inside their write transactions. On SQLite the write lock orders
//! them; on Postgres the second insert waits on the first's uncommitted row, then
//! finds it committed (and replays its answer) or rolled back (and claims the key
//! itself). Either way exactly one write happens.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::IdempotencyKey;
use crate::auth::guard::AuthCtx;
use crate::db::entity::idempotency_key;
use crate::db::scope::{TenantId, WriteTx};
use crate::error::AppError;
use crate::i18n::use_i18n;

/// What [`claim`] found.
pub enum Claim<T> {
    /// The key is new: do the write, then [`Claimed::complete`] it in the same transaction.
    New(Claimed),
    /// The write was done before: answer this, and write nothing.
    Replay(T),
}

/// A key claimed by this request's transaction (or no key: a plain write).
#[must_use = "complete the claim with the write's answer"]
pub struct Claimed {
    row: Option<(TenantId, IdempotencyKey)>,
}

/// Claims `key` for a write of `ctx` to `endpoint` with `request` as its
/// arguments, or finds the answer an earlier identical request got. Without a
/// key the write is simply new. `request` must serialize the same way every
/// time (no `HashMap`s: use a `BTreeMap`).
pub async fn claim<T: DeserializeOwned>(
    tx: &WriteTx,
    ctx: &AuthCtx,
    tenant: TenantId,
    endpoint: &str,
    key: Option<&IdempotencyKey>,
    request: &impl Serialize,
) -> Result<Claim<T>, AppError> {
    let Some(key) = key else { return Ok(Claim::New(Claimed { row: None })) };
    let request_hash = hash(request)?;
    let row = idempotency_key::ActiveModel {
        tenant_id: Set(tenant.0),
        key: Set(key.as_str().to_string()),
        user_id: Set(ctx.user_id),
        endpoint: Set(endpoint.to_string()),
        request_hash: Set(request_hash.clone()),
        response: Set(None),
        created_at: Set(Utc::now()),
    };
    let inserted = idempotency_key::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([idempotency_key::Column::TenantId, idempotency_key::Column::Key])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(tx)
        .await?;
    if inserted == 1 {
        return Ok(Claim::New(Claimed { row: Some((tenant, key.clone())) }));
    }
    let earlier = idempotency_key::Entity::find_by_id((tenant.0, key.as_str().to_string()))
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal("an idempotency key vanished between insert and select"))?;
    if earlier.user_id != ctx.user_id || earlier.endpoint != endpoint || earlier.request_hash != request_hash {
        return Err(AppError::conflict(use_i18n().err_key_reused));
    }
    let Some(response) = earlier.response else { return Err(AppError::conflict(use_i18n().err_key_running)) };
    serde_json::from_str(&response).map(Claim::Replay).map_err(AppError::internal)
}

impl Claimed {
    /// Stores `response` as the answer to every repeat of this key.
    pub async fn complete(self, tx: &WriteTx, response: &impl Serialize) -> Result<(), AppError> {
        let Some((tenant, key)) = self.row else { return Ok(()) };
        let json = serde_json::to_string(response).map_err(AppError::internal)?;
        idempotency_key::Entity::update_many()
            .col_expr(idempotency_key::Column::Response, json.into())
            .filter(idempotency_key::Column::TenantId.eq(tenant.0))
            .filter(idempotency_key::Column::Key.eq(key.as_str()))
            .exec(tx)
            .await?;
        Ok(())
    }
}

/// Deletes every key created before `cutoff`, in every tenant; returns how many.
pub async fn delete_older_than(tx: &WriteTx, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let result =
        idempotency_key::Entity::delete_many().filter(idempotency_key::Column::CreatedAt.lt(cutoff)).exec(tx).await?;
    Ok(result.rows_affected)
}

fn hash(request: &impl Serialize) -> Result<String, AppError> {
    let json = serde_json::to_vec(request).map_err(AppError::internal)?;
    Ok(Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect())
}
