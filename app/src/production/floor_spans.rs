//! The window's machine states as the OEE domain's spans, each with its reason
//! and that reason's loss from the tenant's catalogue (shared by the overview and
//! the trend, so both classify a stop the same way), laid on the shift calendar.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::calendar::Calendars;
use super::window_rows::WindowState;
use crate::db::entity::downtime_reason;
use crate::db::scope::TenantId;
use crate::domain::oee::{on_calendar, StateSpan, Window};

/// The tenant's downtime reasons by id, retired ones too (old stops keep theirs).
pub async fn downtime_reasons(
    db: &impl ConnectionTrait,
    tenant: TenantId,
) -> Result<HashMap<i64, downtime_reason::Model>, DbErr> {
    Ok(downtime_reason::Entity::find()
        .filter(downtime_reason::Column::TenantId.eq(tenant.0))
        .all(db)
        .await?
        .into_iter()
        .map(|reason| (reason.id, reason))
        .collect())
}

/// Each work center's spans over `window`, as its facility's shift calendar
/// sees them (when it has one); a state still going ends at the window's end.
pub fn spans_by_center(
    states: &HashMap<i64, Vec<WindowState>>,
    reasons: &HashMap<i64, downtime_reason::Model>,
    calendars: &Calendars,
    window: Window,
) -> HashMap<i64, Vec<StateSpan>> {
    states
        .iter()
        .map(|(&work_center, listed)| {
            let spans: Vec<StateSpan> = listed
                .iter()
                .map(|state| StateSpan {
                    state: state.state.into(),
                    start_ms: state.started_ms,
                    end_ms: state.ended_ms.unwrap_or(window.end_ms),
                    reason_id: state.reason_id,
                    loss: state.reason_id.and_then(|id| reasons.get(&id)).map(|reason| reason.loss.into()),
                })
                .collect();
            match calendars.planned_time(work_center, window) {
                Some(planned) => (work_center, on_calendar(&spans, &planned)),
                None => (work_center, spans),
            }
        })
        .collect()
}
