//! What an operator's [`StationAction`] does, inside the request's one write
//! transaction. A refusal is an answer (the tablet shows it and drops the action
//! from its queue), not an error, and writes nothing.

use super::model::{StationAction, StationOutcome};
use super::products;
use super::store::{self, NewCount, NewRun, NewState, Station};
use crate::db::entity::production_run::RunStatus;
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::oee::MachineState;
use crate::error::AppError;
use crate::forms::parse_text;
use crate::i18n::Catalogue;

/// How far ahead of the server's clock a tablet's time may be (clock skew).
const SKEW_MS: i64 = 60_000;
/// The most pieces one count event may carry.
const MAX_PIECES: i64 = 100_000;
/// How far back a past interval may be entered.
const MAX_BACKDATE_MS: i64 = 7 * 24 * 3_600_000;

/// Who acts, when, and in which catalogue language.
pub struct Actor<'a> {
    pub user_id: i64,
    pub now_ms: i64,
    pub t: &'a Catalogue,
}

fn refused(message: &str) -> Result<StationOutcome, AppError> {
    Ok(StationOutcome::Refused { message: message.to_string() })
}

fn done(run_id: Option<i64>) -> Result<StationOutcome, AppError> {
    Ok(StationOutcome::Done { run_id })
}

pub async fn apply(
    tx: &WriteTx,
    tenant: TenantId,
    station: &Station,
    action: &StationAction,
    actor: &Actor<'_>,
) -> Result<StationOutcome, AppError> {
    let t = actor.t;
    let live = store::live_run(tx, tenant, station.id).await?;
    match action {
        StationAction::StartRun { job, product, planned_quantity, product_id } => {
            if live.is_some() {
                return refused(t.prod_run_already_live);
            }
            let (product, ideal_cycle_ms) = match product_id {
                Some(id) => match products::product_at(tx, tenant, station, *id).await? {
                    Some(found) => (found.label, found.ideal_cycle_ms),
                    None => return refused(t.prod_unknown_product),
                },
                None => (product.clone(), station.ideal_cycle_ms),
            };
            let Some(ideal_cycle_ms) = ideal_cycle_ms else { return refused(t.prod_no_ideal_rate) };
            let (Ok(job), Ok(product)) = (parse_text(job, 64, t), parse_text(&product, 200, t)) else {
                return refused(t.prod_job_and_product);
            };
            if !(0..=1_000_000_000).contains(planned_quantity) {
                return refused(t.prod_planned_quantity);
            }
            let run = NewRun {
                job: &job,
                product: &product,
                planned_quantity: *planned_quantity,
                ideal_cycle_ms,
                operator: actor.user_id,
                now_ms: actor.now_ms,
            };
            let run_id = store::start_run(tx, tenant, station.id, run).await?;
            switch_state(tx, tenant, station.id, from_now(MachineState::Running, actor)).await?;
            done(Some(run_id))
        }
        StationAction::StartScheduled { run_id } => {
            if live.is_some() {
                return refused(t.prod_run_already_live);
            }
            let Some(run) = store::scheduled_run(tx, tenant, station.id, *run_id).await? else {
                return refused(t.prod_run_not_scheduled);
            };
            store::start_scheduled(tx, run, actor.user_id, actor.now_ms).await?;
            switch_state(tx, tenant, station.id, from_now(MachineState::Running, actor)).await?;
            done(Some(*run_id))
        }
        StationAction::PauseRun { run_id }
        | StationAction::ResumeRun { run_id }
        | StationAction::FinishRun { run_id } => {
            let Some(run) = live.filter(|run| run.id == *run_id) else { return refused(t.prod_run_not_live) };
            let (from, to, state) = match action {
                StationAction::PauseRun { .. } => (RunStatus::Active, RunStatus::Paused, MachineState::Idle),
                StationAction::ResumeRun { .. } => (RunStatus::Paused, RunStatus::Active, MachineState::Running),
                _ => (run.status, RunStatus::Completed, MachineState::Idle),
            };
            if run.status != from {
                return refused(if from == RunStatus::Active { t.prod_run_paused } else { t.prod_run_not_paused });
            }
            store::set_run_status(tx, run, to, actor.now_ms).await?;
            switch_state(tx, tenant, station.id, from_now(state, actor)).await?;
            done(Some(*run_id))
        }
        StationAction::Count { run_id, good, scrap, scrap_reason_id, at_ms } => {
            let Some(run) = live.filter(|run| run.id == *run_id) else { return refused(t.prod_run_not_live) };
            if run.status == RunStatus::Paused {
                return refused(t.prod_run_paused);
            }
            let pieces_ok = |n: &i64| (0..=MAX_PIECES).contains(n);
            if !pieces_ok(good) || !pieces_ok(scrap) || good + scrap == 0 {
                return refused(t.prod_pieces);
            }
            if *scrap > 0 {
                let known = match scrap_reason_id {
                    Some(id) => store::scrap_reason_exists(tx, tenant, *id).await?,
                    None => false,
                };
                if !known {
                    return refused(t.prod_scrap_reason);
                }
            }
            let at_ms = at_ms.unwrap_or(actor.now_ms);
            if at_ms > actor.now_ms + SKEW_MS {
                return refused(t.prod_in_the_future);
            }
            // A queued count keeps its moment, within the run and not after now.
            let started = run.started_ms.unwrap_or(run.created_ms);
            let at_ms = at_ms.clamp(started, actor.now_ms.max(started));
            let count = NewCount {
                run_id: run.id,
                at_ms,
                good: *good,
                scrap: *scrap,
                scrap_reason_id: scrap_reason_id.filter(|_| *scrap > 0),
                recorded_by: actor.user_id,
            };
            store::record_count(tx, tenant, station.id, count).await?;
            done(Some(run.id))
        }
        StationAction::Explain { state_event_id, reason_id, comment } => {
            let comment = match checked_reason(tx, tenant, Some(*reason_id), comment.as_deref(), t).await? {
                Ok(comment) => comment,
                Err(message) => return refused(message),
            };
            let Some(stop) = store::unexplained_stop(tx, tenant, station.id, *state_event_id).await? else {
                return refused(t.prod_not_unexplained);
            };
            store::explain_stop(tx, stop, *reason_id, comment.map(str::to_string)).await?;
            done(None)
        }
        StationAction::State { state, reason_id, comment, from_ms, to_ms } => {
            let comment = match checked_reason(tx, tenant, *reason_id, comment.as_deref(), t).await? {
                Ok(comment) => comment,
                Err(message) => return refused(message),
            };
            let new = NewState {
                state: *state,
                start_ms: actor.now_ms,
                end_ms: None,
                reason_id: *reason_id,
                comment: comment.map(str::to_string),
                recorded_by: actor.user_id,
            };
            match (from_ms, to_ms) {
                (None, None) => {
                    let open = store::open_state(tx, tenant, station.id).await?;
                    if open.is_some_and(|open| open.started_ms > actor.now_ms) {
                        return refused(t.prod_state_overlaps);
                    }
                    switch_state(tx, tenant, station.id, new).await?;
                    done(None)
                }
                (Some(from), Some(to)) => past_interval(tx, tenant, station.id, new, *from, *to, actor).await,
                _ => refused(t.prod_interval),
            }
        }
    }
}

/// The comment (trimmed, `None` when blank) if it and the reason are acceptable,
/// else the sentence saying why not.
async fn checked_reason<'c>(
    tx: &WriteTx,
    tenant: TenantId,
    reason_id: Option<i64>,
    comment: Option<&'c str>,
    t: &Catalogue,
) -> Result<Result<Option<&'c str>, &'static str>, AppError> {
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 500 || c.chars().any(char::is_control)) {
        return Ok(Err(t.prod_comment));
    }
    if let Some(id) = reason_id {
        let Some(reason) = store::downtime_reason(tx, tenant, id).await? else { return Ok(Err(t.prod_unknown_reason)) };
        if reason.needs_comment && comment.is_none() {
            return Ok(Err(t.prod_comment_needed));
        }
    }
    Ok(Ok(comment))
}

/// A state for `[from, to)` in the past. It may not overlap a closed interval;
/// inside the open one it splits it: the open state ends at `from`, the entry
/// fills `[from, to)`, and the open state carries on from `to`.
async fn past_interval(
    tx: &WriteTx,
    tenant: TenantId,
    work_center: i64,
    new: NewState,
    from: i64,
    to: i64,
    actor: &Actor<'_>,
) -> Result<StationOutcome, AppError> {
    let t = actor.t;
    if from >= to || to > actor.now_ms + SKEW_MS || actor.now_ms - from > MAX_BACKDATE_MS {
        return refused(t.prod_interval);
    }
    let to = to.min(actor.now_ms);
    if from >= to || store::closed_overlapping(tx, tenant, work_center, from, to).await? > 0 {
        return refused(t.prod_state_overlaps);
    }
    if let Some(open) = store::open_state(tx, tenant, work_center).await? {
        if open.started_ms < to {
            if open.started_ms > from {
                return refused(t.prod_state_overlaps);
            }
            let carry_on = NewState {
                state: open.state.into(),
                start_ms: to,
                end_ms: None,
                reason_id: open.reason_id,
                comment: open.comment.clone(),
                recorded_by: open.recorded_by,
            };
            store::close_state(tx, open, from).await?;
            store::insert_state(tx, tenant, work_center, NewState { start_ms: from, end_ms: Some(to), ..new }).await?;
            store::insert_state(tx, tenant, work_center, carry_on).await?;
            return done(None);
        }
    }
    store::insert_state(tx, tenant, work_center, NewState { start_ms: from, end_ms: Some(to), ..new }).await?;
    done(None)
}

/// The machine's state from now on, a bare state as starting, pausing and
/// finishing a run imply it.
fn from_now(state: MachineState, actor: &Actor<'_>) -> NewState {
    NewState { state, start_ms: actor.now_ms, end_ms: None, reason_id: None, comment: None, recorded_by: actor.user_id }
}

/// Ends the open state where `new` begins and opens `new`.
async fn switch_state(tx: &WriteTx, tenant: TenantId, work_center: i64, new: NewState) -> Result<(), AppError> {
    if let Some(open) = store::open_state(tx, tenant, work_center).await? {
        store::close_state(tx, open, new.start_ms).await?;
    }
    store::insert_state(tx, tenant, work_center, new).await?;
    Ok(())
}
