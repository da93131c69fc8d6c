//! Stops nobody has explained: when a work center's ACTIVE run has counted
//! nothing for a while although its machine is said to be running, the machine
//! has in fact stopped. From its last sign of life the state becomes an idle stop
//! without a reason, which the dashboard shows as unexplained time and the
//! operator's tablet asks about until someone gives the reason.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::store::{self, NewState};
use crate::db::entity::count_event;
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::state_event::{self, StateKind};
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::oee::MachineState;

/// How long without a count a running machine is taken to have stopped.
pub const DEFAULT_AFTER_MS: i64 = 5 * 60_000;

/// Opens an unexplained stop on every work center (of every tenant the
/// transaction sees) that is running an ACTIVE run without a count for `after_ms`.
/// Returns how many were opened.
pub async fn open_unexplained_stops(tx: &WriteTx, now_ms: i64, after_ms: i64) -> Result<u64, DbErr> {
    let running = state_event::Entity::find()
        .filter(state_event::Column::EndedMs.is_null())
        .filter(state_event::Column::State.eq(StateKind::Running))
        .filter(state_event::Column::StartedMs.lte(now_ms - after_ms))
        .all(tx)
        .await?;
    let mut opened = 0;
    for open in running {
        let tenant = TenantId(open.tenant_id);
        let run = production_run::Entity::find()
            .filter(production_run::Column::TenantId.eq(open.tenant_id))
            .filter(production_run::Column::WorkCenterId.eq(open.work_center_id))
            .filter(production_run::Column::Status.eq(RunStatus::Active))
            .one(tx)
            .await?;
        let Some(run) = run else { continue };
        let last_count = count_event::Entity::find()
            .filter(count_event::Column::TenantId.eq(open.tenant_id))
            .filter(count_event::Column::RunId.eq(run.id))
            .order_by_desc(count_event::Column::AtMs)
            .one(tx)
            .await?
            .map(|count| count.at_ms);
        let last_sign_of_life = last_count.unwrap_or(i64::MIN).max(open.started_ms);
        if now_ms - last_sign_of_life < after_ms {
            continue;
        }
        let (work_center, recorded_by) = (open.work_center_id, open.recorded_by);
        store::close_state(tx, open, last_sign_of_life).await?;
        let stop = NewState {
            state: MachineState::Idle,
            start_ms: last_sign_of_life,
            end_ms: None,
            reason_id: None,
            comment: None,
            recorded_by,
        };
        store::insert_state(tx, tenant, work_center, stop).await?;
        opened += 1;
    }
    Ok(opened)
}
