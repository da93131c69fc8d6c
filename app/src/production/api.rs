//! The operator station's server functions: what the tablet shows, and the one
//! door every operator action goes through (idempotent by key).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos::server_fn::ServerFn;

use super::model::{StationAction, StationOutcome, StationStatus};
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

/// Operators at their own work center; supervisors and tenant admins at any of their tenant's.
pub const STATION_ACCESS: Access = Access::Roles(&[Role::Operator, Role::Supervisor, Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] = &[(StationView::PATH, STATION_ACCESS), (StationWrite::PATH, STATION_ACCESS)];

/// The work center's live run, state and reasons, for the operator's tablet.
#[server(endpoint = "station_view")]
pub async fn station_view(work_center_id: i64) -> Result<StationStatus, AppError> {
    server::view(work_center_id).await
}

/// Applies one operator action. `idempotency_key` is made when the action is
/// first tried and sent again with every retry: a repeat gets the first answer
/// and writes nothing.
#[server(endpoint = "station_write", input = Json)]
pub async fn station_write(
    work_center_id: i64,
    action: StationAction,
    idempotency_key: String,
) -> Result<StationOutcome, AppError> {
    server::write(work_center_id, action, idempotency_key).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::STATION_ACCESS;
    use crate::auth::guard::{tenant_read, tenant_write, AuthCtx};
    use crate::auth::model::Role;
    use crate::error::AppError;
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;
    use crate::production::actions::{apply, Actor};
    use crate::production::model::{StationAction, StationOutcome, StationStatus};
    use crate::production::store;

    /// An operator signed in at a kiosk reaches only the work center they chose there.
    fn may_reach(ctx: &AuthCtx, work_center_id: i64) -> Result<(), AppError> {
        if ctx.role == Role::Operator && ctx.work_center_id != Some(work_center_id) {
            return Err(AppError::forbidden());
        }
        Ok(())
    }

    pub async fn view(work_center_id: i64) -> Result<StationStatus, AppError> {
        let (ctx, tenant, tx) = tenant_read(STATION_ACCESS).await?;
        may_reach(&ctx, work_center_id)?;
        let Some(station) = store::station(&tx, tenant, work_center_id).await? else {
            return Err(AppError::not_found());
        };
        Ok(store::view(&tx, tenant, station).await?)
    }

    pub async fn write(
        work_center_id: i64,
        action: StationAction,
        idempotency_key: String,
    ) -> Result<StationOutcome, AppError> {
        let key = IdempotencyKey::parse(&idempotency_key).map_err(AppError::invalid)?;
        let (ctx, tenant, tx) = tenant_write(STATION_ACCESS).await?;
        may_reach(&ctx, work_center_id)?;
        let Some(station) = store::station(&tx, tenant, work_center_id).await? else {
            return Err(AppError::not_found());
        };
        let request = (work_center_id, &action);
        let claimed = match claim(&tx, &ctx, tenant, "/api/station_write", Some(&key), &request).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let actor = Actor { user_id: ctx.user_id, now_ms: Utc::now().timestamp_millis(), t: use_i18n() };
        let outcome = apply(&tx, tenant, &station, &action, &actor).await?;
        // A refusal is remembered for the key too: a retry gets the same answer.
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
