//! The machine feed: a PLC gateway posts counts and states for the one work
//! center its token is bound to, with an idempotency key per event, so it can
//! resend after a dropped connection and nothing counts twice. A count goes to
//! the work center's live run. The event goes through the operator station's own
//! [`apply`], so a machine's write and an operator's obey the same rules, and is
//! recorded by the token's account.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::api::{FEED_COUNTS_PATH, FEED_STATES_PATH};
use super::store::{touch, usable_token};
use super::token::DeviceSecret;
use crate::auth::guard::AuthCtx;
use crate::auth::model::Role;
use crate::db::entity::device_token::TokenKind;
use crate::db::scope::{self, Scope, TenantId};
use crate::db::ServerState;
use crate::domain::oee::MachineState;
use crate::error::AppError;
use crate::i18n::EN;
use crate::idempotency::store::{claim, Claim};
use crate::idempotency::IdempotencyKey;
use crate::production::actions::{apply, Actor};
use crate::production::model::{StationAction, StationOutcome};
use crate::production::store;

/// Pieces the machine made, counted into the work center's live run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FedCount {
    pub idempotency_key: String,
    pub good: i64,
    #[serde(default)]
    pub scrap: i64,
    pub scrap_reason_id: Option<i64>,
    /// When the machine counted them (Unix ms); now when absent.
    pub at_ms: Option<i64>,
}

/// The machine's state from now on, or for a past interval `[from_ms, to_ms)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FedState {
    pub idempotency_key: String,
    pub state: MachineState,
    pub reason_id: Option<i64>,
    pub comment: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// One event from a machine.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fed {
    Count(FedCount),
    State(FedState),
}

impl Fed {
    fn endpoint(&self) -> &'static str {
        match self {
            Fed::Count(_) => FEED_COUNTS_PATH,
            Fed::State(_) => FEED_STATES_PATH,
        }
    }

    fn key(&self) -> &str {
        match self {
            Fed::Count(count) => &count.idempotency_key,
            Fed::State(state) => &state.idempotency_key,
        }
    }
}

/// A machine token that was usable when looked up, and its tenant.
pub struct Presented {
    hash: String,
    tenant: TenantId,
}

/// The usable machine token in the `Authorization` header; 401 for none, a
/// malformed or unknown one, or a revoked one. Checked before the body is read,
/// so a caller without a token learns nothing about what the feed takes.
pub async fn authenticate(state: &ServerState, authorization: Option<&str>) -> Result<Presented, AppError> {
    let secret = authorization.and_then(DeviceSecret::from_authorization).ok_or_else(AppError::not_signed_in)?;
    let hash = secret.hash();
    let lookup = scope::read(&state.db, Scope::AllTenants).await?;
    let found = usable_token(&lookup, TokenKind::Machine, &hash).await?;
    lookup.commit().await?;
    let tenant = TenantId(found.ok_or_else(AppError::not_signed_in)?.tenant_id);
    Ok(Presented { hash, tenant })
}

/// Applies `fed` for the `presented` token: the station's outcome. Everything
/// happens in one write transaction, which checks the token again, so a token
/// revoked a moment ago writes nothing.
pub async fn feed(state: &ServerState, presented: Presented, fed: Fed) -> Result<StationOutcome, AppError> {
    let key = IdempotencyKey::parse(fed.key()).map_err(AppError::invalid)?;
    let Presented { hash, tenant } = presented;
    let tx = scope::write(&state.db, Scope::Tenant(tenant)).await?;
    let token = usable_token(&tx, TokenKind::Machine, &hash).await?.ok_or_else(AppError::not_signed_in)?;
    let (Some(work_center), Some(acts_as)) = (token.work_center_id, token.acts_as) else {
        return Err(AppError::internal("a machine token without its work center or account"));
    };
    let station = store::station(&tx, tenant, work_center).await?.ok_or_else(AppError::not_found)?;
    let ctx = AuthCtx {
        user_id: acts_as,
        tenant: Some(tenant),
        role: Role::Operator,
        facility_id: None,
        work_center_id: Some(work_center),
    };
    let claimed = match claim(&tx, &ctx, tenant, fed.endpoint(), Some(&key), &fed).await? {
        Claim::Replay(outcome) => return Ok(outcome),
        Claim::New(claimed) => claimed,
    };
    let now_ms = Utc::now().timestamp_millis();
    let actor = Actor { user_id: acts_as, now_ms, t: &EN };
    let outcome = match station_action(&tx, tenant, work_center, fed).await? {
        Some(action) => apply(&tx, tenant, &station, &action, &actor).await?,
        None => StationOutcome::Refused { message: EN.feed_no_live_run.to_string() },
    };
    claimed.complete(&tx, &outcome).await?;
    touch(&tx, token, now_ms).await?;
    tx.commit().await?;
    state.snapshots.written(Scope::Tenant(tenant));
    Ok(outcome)
}

/// The station action `fed` is; `None` for a count while no run is going.
async fn station_action(
    tx: &scope::WriteTx,
    tenant: TenantId,
    work_center: i64,
    fed: Fed,
) -> Result<Option<StationAction>, AppError> {
    Ok(match fed {
        Fed::Count(count) => store::live_run(tx, tenant, work_center).await?.map(|run| StationAction::Count {
            run_id: run.id,
            good: count.good,
            scrap: count.scrap,
            scrap_reason_id: count.scrap_reason_id,
            at_ms: count.at_ms,
        }),
        Fed::State(state) => Some(StationAction::State {
            state: state.state,
            reason_id: state.reason_id,
            comment: state.comment,
            from_ms: state.from_ms,
            to_ms: state.to_ms,
        }),
    })
}
