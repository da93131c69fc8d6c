//! The device-token server functions (tenant administrators: machine tokens and
//! display links) and the machine feed's access rule: its routes take a token
//! instead of a session.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::{DeviceTokenRow, DeviceTokensPage, TokenCreated};
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

pub const TOKENS_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] = &[
    (DeviceTokens::PATH, TOKENS_ACCESS),
    (DeviceTokenCreate::PATH, TOKENS_ACCESS),
    (DisplayLinkCreate::PATH, TOKENS_ACCESS),
    (DeviceTokenRevoke::PATH, TOKENS_ACCESS),
    (FEED_COUNTS_PATH, Access::DeviceToken),
    (FEED_STATES_PATH, Access::DeviceToken),
];

/// The machine feed's routes (plain HTTP, not server functions).
pub const FEED_COUNTS_PATH: &str = "/api/machine/counts";
pub const FEED_STATES_PATH: &str = "/api/machine/states";

/// The tenant's machine tokens, newest first, and its work centers.
#[server(endpoint = "device_tokens")]
pub async fn device_tokens() -> Result<DeviceTokensPage, AppError> {
    server::list().await
}

/// Makes a machine token named `name` for the work center `work_center_id`; the
/// answer holds its secret, which is never shown again.
#[server(endpoint = "device_token_create")]
pub async fn device_token_create(name: String, work_center_id: String) -> Result<TokenCreated, AppError> {
    server::create(name, work_center_id).await
}

/// Makes a display link named `name` for the facility `facility_id`: a wall TV
/// opens it and shows that facility's floor, read-only, without signing in.
#[server(endpoint = "display_link_create")]
pub async fn display_link_create(name: String, facility_id: String) -> Result<TokenCreated, AppError> {
    server::create_display(name, facility_id).await
}

/// Revokes the token `id`: the next request it signs is refused.
#[server(endpoint = "device_token_revoke")]
pub async fn device_token_revoke(id: i64) -> Result<DeviceTokenRow, AppError> {
    server::revoke(id).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::TOKENS_ACCESS;
    use crate::admin::catalog::spec::CatalogKind;
    use crate::admin::catalog::store::options;
    use crate::audit::store::{record, Change};
    use crate::auth::guard::AuthCtx;
    use crate::auth::guard::{tenant_read, tenant_write};
    use crate::db::scope::{TenantId, WriteTx};
    use crate::devices::model::{DeviceTokenRow, DeviceTokensPage, TokenCreated};
    use crate::devices::store;
    use crate::devices::token::DeviceSecret;
    use crate::error::AppError;
    use crate::forms::{parse_text, FieldError};
    use crate::i18n::use_i18n;
    use crate::production::store::station;

    /// Longest token name.
    const MAX_NAME_CHARS: usize = 100;

    pub async fn list() -> Result<DeviceTokensPage, AppError> {
        let (_, tenant, tx) = tenant_read(TOKENS_ACCESS).await?;
        let tokens = store::list(&tx, tenant).await?;
        let work_centers = crate::production::store::work_centers(&tx, tenant, None).await?;
        let facilities =
            options(&tx, tenant, CatalogKind::Facilities).await?.into_iter().map(|o| (o.id, o.label)).collect();
        tx.commit().await?;
        Ok(DeviceTokensPage { tokens, work_centers, facilities })
    }

    /// The name, checked; the id of `target` (a form field) looked up by `find`
    /// among the tenant's; every problem by field otherwise.
    async fn checked<T>(
        name: &str,
        target: (&str, &str),
        find: impl AsyncFnOnce(i64) -> Result<Option<T>, AppError>,
    ) -> Result<Result<(String, T), Vec<FieldError>>, AppError> {
        let t = use_i18n();
        let mut errors = Vec::new();
        let name = parse_text(name, MAX_NAME_CHARS, t).map_err(|m| errors.push(FieldError::new("name", m))).ok();
        let (field, raw) = target;
        let found = match raw.trim().parse::<i64>() {
            Ok(id) => find(id).await?,
            Err(_) => None,
        };
        if found.is_none() {
            errors.push(FieldError::new(field, t.err_reference));
        }
        Ok(match (name, found) {
            (Some(name), Some(found)) => Ok((name, found)),
            _ => Err(errors),
        })
    }

    /// Audits the new token `id` and answers with it and its secret, once.
    async fn created(
        tx: WriteTx,
        ctx: &AuthCtx,
        tenant: TenantId,
        (id, secret): (i64, DeviceSecret),
        summary: String,
    ) -> Result<TokenCreated, AppError> {
        let change = Change { action: "create", entity: "device_tokens", entity_id: Some(id.to_string()), summary };
        record(&tx, ctx, Some(tenant), change).await?;
        let token = store::listed(&tx, tenant, id).await?.ok_or_else(|| AppError::internal("new token not listed"))?;
        tx.commit().await?;
        Ok(TokenCreated::Created { token, secret: secret.as_str().to_string() })
    }

    pub async fn create(name: String, work_center_id: String) -> Result<TokenCreated, AppError> {
        let (ctx, tenant, tx) = tenant_write(TOKENS_ACCESS).await?;
        let find = async |id| Ok(station(&tx, tenant, id).await?);
        let (name, work_center) = match checked(&name, ("work_center_id", &work_center_id), find).await? {
            Ok(found) => found,
            Err(errors) => return Ok(TokenCreated::Invalid { errors }),
        };
        let made = store::create_machine(&tx, tenant, ctx.user_id, work_center.id, &name).await?;
        let summary = format!("machine token {name:?} for {}", work_center.name);
        created(tx, &ctx, tenant, made, summary).await
    }

    pub async fn create_display(name: String, facility_id: String) -> Result<TokenCreated, AppError> {
        let (ctx, tenant, tx) = tenant_write(TOKENS_ACCESS).await?;
        let find = async |id| {
            let facilities = options(&tx, tenant, CatalogKind::Facilities).await?;
            Ok(facilities.into_iter().find(|facility| facility.id == id))
        };
        let (name, facility) = match checked(&name, ("facility_id", &facility_id), find).await? {
            Ok(found) => found,
            Err(errors) => return Ok(TokenCreated::Invalid { errors }),
        };
        let made = store::create_display(&tx, tenant, ctx.user_id, facility.id, &name).await?;
        let summary = format!("display link {name:?} for {}", facility.label);
        created(tx, &ctx, tenant, made, summary).await
    }

    pub async fn revoke(id: i64) -> Result<DeviceTokenRow, AppError> {
        let (ctx, tenant, tx) = tenant_write(TOKENS_ACCESS).await?;
        let revoked = store::revoke(&tx, tenant, id, Utc::now().timestamp_millis()).await?;
        match revoked {
            None => return Err(AppError::not_found()),
            Some(true) => {
                let change = Change {
                    action: "revoke",
                    entity: "device_tokens",
                    entity_id: Some(id.to_string()),
                    summary: String::new(),
                };
                record(&tx, &ctx, Some(tenant), change).await?;
            }
            Some(false) => {}
        }
        let token = store::listed(&tx, tenant, id).await?.ok_or_else(AppError::not_found)?;
        tx.commit().await?;
        Ok(token)
    }
}
