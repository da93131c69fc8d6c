//! Stops nobody has explained: when a work center's ACTIVE run has counted
//! nothing for a while although its machine is said to be running, the machine
//! has in fact stopped. From its last sign of life the state becomes an idle stop
//! without a reason, which the dashboard shows as unexplained time and the
//! operator's tablet asks about until someone gives the reason.

use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, EntityTrait, Statement, Value};

use super::store::{self, NewState};
use crate::db::entity::production_run::RunStatus;
use crate::db::entity::state_event::{self, StateKind};
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::oee::MachineState;

/// How many minutes without a count a running machine is taken to have stopped,
/// unless its work center says otherwise (`work_centers.unexplained_after_min`).
pub const DEFAULT_AFTER_MIN: i64 = 5;

/// Machines said to be running for longer than their work center's limit (`$4`
/// minutes unless it has its own; `$3` is now) whose work center has an ACTIVE
/// run, with the limit and that run's last count: the whole floor in one
/// statement, so a sweep costs the same however many machines run (and two more
/// per stop opened).
const RUNNING_SQL: &str = "
    SELECT s.id AS state_id, s.started_ms, COALESCE(w.unexplained_after_min, $4) * 60000 AS after_ms,
           (SELECT MAX(c.at_ms) FROM count_events c WHERE c.run_id = r.id) AS last_count_ms
    FROM state_events s
    JOIN production_runs r
      ON r.tenant_id = s.tenant_id AND r.work_center_id = s.work_center_id AND r.status = $1
    JOIN work_centers w ON w.id = s.work_center_id
    WHERE s.ended_ms IS NULL AND s.state = $2 AND s.started_ms <= $3 - COALESCE(w.unexplained_after_min, $4) * 60000";

/// Opens an unexplained stop on every work center (of every tenant the
/// transaction sees) that is running an ACTIVE run without a count for its
/// limit (`default_after_min` minutes unless it has its own). Returns how many
/// were opened.
pub async fn open_unexplained_stops(tx: &WriteTx, now_ms: i64, default_after_min: i64) -> Result<u64, DbErr> {
    let values: [Value; 4] = [
        RunStatus::Active.to_value().into(),
        StateKind::Running.to_value().into(),
        now_ms.into(),
        default_after_min.into(),
    ];
    let running =
        tx.query_all_raw(Statement::from_sql_and_values(tx.get_database_backend(), RUNNING_SQL, values)).await?;
    let mut opened = 0;
    for row in running {
        let started_ms: i64 = row.try_get("", "started_ms")?;
        let last_count: Option<i64> = row.try_get("", "last_count_ms")?;
        let after_ms: i64 = row.try_get("", "after_ms")?;
        let last_sign_of_life = last_count.unwrap_or(i64::MIN).max(started_ms);
        if now_ms - last_sign_of_life < after_ms {
            continue;
        }
        let state_id: i64 = row.try_get("", "state_id")?;
        let Some(open) = state_event::Entity::find_by_id(state_id).one(tx).await? else { continue };
        let (tenant, work_center, recorded_by) = (TenantId(open.tenant_id), open.work_center_id, open.recorded_by);
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
