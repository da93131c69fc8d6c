//! The schedule's server functions: the board, scheduling a run (idempotent by
//! the form's key) and cancelling one. Supervisors and tenant administrators.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::ScheduleBoard;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::forms::SaveOutcome;
use crate::production::api::OVERVIEW_ACCESS;

/// Who plans the floor: whoever sees its overview.
pub const SCHEDULE_ACCESS: Access = OVERVIEW_ACCESS;

pub const ACCESS: &[(&str, Access)] = &[
    (ProductionSchedule::PATH, SCHEDULE_ACCESS),
    (ScheduleRun::PATH, SCHEDULE_ACCESS),
    (ScheduleCancel::PATH, SCHEDULE_ACCESS),
];

/// The tenant's scheduled runs, earliest first, with the work centers and products to plan with.
#[server(endpoint = "production_schedule")]
pub async fn production_schedule() -> Result<ScheduleBoard, AppError> {
    server::board().await
}

/// Puts a run on `work_center_id`'s schedule: `planned_start` (and the optional
/// `planned_end`) as `YYYY-MM-DDTHH:MM` on the facility's clock. The product's
/// ideal cycle time at that work center is fixed now.
#[server(endpoint = "schedule_run")]
pub async fn schedule_run(
    work_center_id: i64,
    product_id: i64,
    job: String,
    planned_quantity: String,
    planned_start: String,
    planned_end: Option<String>,
    idempotency_key: Option<String>,
) -> Result<SaveOutcome, AppError> {
    let form =
        super::check::ScheduleForm { work_center_id, product_id, job, planned_quantity, planned_start, planned_end };
    server::schedule(form, idempotency_key).await
}

/// Takes a run that has not started off the schedule (it stays, CANCELLED, in the runs table).
#[server(endpoint = "schedule_cancel")]
pub async fn schedule_cancel(run_id: i64) -> Result<(), AppError> {
    server::cancel(run_id).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::super::check::{check, ScheduleForm};
    use super::super::model::ScheduleBoard;
    use super::super::store::{self, NewScheduled, MAX_LISTED};
    use super::SCHEDULE_ACCESS;
    use crate::audit::store::{record, Change};
    use crate::auth::guard::{tenant_read, tenant_write};
    use crate::db::entity::production_run::RunStatus;
    use crate::error::AppError;
    use crate::forms::SaveOutcome;
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;
    use crate::production::model::Choice;
    use crate::production::{products, store as floor};

    pub async fn board() -> Result<ScheduleBoard, AppError> {
        let (_, tenant, tx) = tenant_read(SCHEDULE_ACCESS).await?;
        let work_centers = floor::work_centers(&tx, tenant, None).await?;
        let board = ScheduleBoard {
            work_centers: work_centers.into_iter().map(|(id, label)| Choice { id, label }).collect(),
            products: products::active(&tx, tenant).await?,
            runs: store::upcoming(&tx, tenant, None, MAX_LISTED).await?,
        };
        tx.commit().await?;
        Ok(board)
    }

    pub async fn schedule(form: ScheduleForm, idempotency_key: Option<String>) -> Result<SaveOutcome, AppError> {
        let key = idempotency_key.filter(|k| !k.trim().is_empty());
        let key = key.map(|k| IdempotencyKey::parse(&k)).transpose().map_err(AppError::invalid)?;
        let (ctx, tenant, tx) = tenant_write(SCHEDULE_ACCESS).await?;
        let claimed = match claim(&tx, &ctx, tenant, "/api/schedule_run", key.as_ref(), &form).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let t = use_i18n();
        let station = floor::station(&tx, tenant, form.work_center_id).await?.ok_or_else(AppError::not_found)?;
        let product =
            products::product_at(&tx, tenant, &station, form.product_id).await?.ok_or_else(AppError::not_found)?;
        let now_ms = Utc::now().timestamp_millis();
        let outcome = match check(&form, &station, &product, now_ms, t) {
            Err(errors) => SaveOutcome::Invalid { errors },
            Ok(checked) => {
                let run = NewScheduled {
                    work_center: station.id,
                    job: &checked.job,
                    product: &product.label,
                    planned_quantity: checked.planned_quantity,
                    ideal_cycle_ms: checked.ideal_cycle_ms,
                    planned_start_ms: checked.planned_start_ms,
                    planned_end_ms: checked.planned_end_ms,
                    now_ms,
                };
                let id = store::schedule(&tx, tenant, run).await?;
                let change = Change {
                    action: "schedule",
                    entity: "production_runs",
                    entity_id: Some(id.to_string()),
                    summary: format!(
                        "{} on {}: {} × {} from {}",
                        checked.job, station.name, checked.planned_quantity, product.label, form.planned_start
                    ),
                };
                record(&tx, &ctx, Some(tenant), change).await?;
                SaveOutcome::Saved { id }
            }
        };
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn cancel(run_id: i64) -> Result<(), AppError> {
        let (ctx, tenant, tx) = tenant_write(SCHEDULE_ACCESS).await?;
        let run = store::run(&tx, tenant, run_id).await?.ok_or_else(AppError::not_found)?;
        match run.status {
            RunStatus::Cancelled => return Ok(()),
            RunStatus::Scheduled => {}
            _ => return Err(AppError::invalid(use_i18n().schedule_started_already)),
        }
        let summary = format!("{} ({})", run.job, run.product);
        floor::set_run_status(&tx, run, RunStatus::Cancelled, Utc::now().timestamp_millis()).await?;
        let change =
            Change { action: "cancel", entity: "production_runs", entity_id: Some(run_id.to_string()), summary };
        record(&tx, &ctx, Some(tenant), change).await?;
        tx.commit().await?;
        Ok(())
    }
}
