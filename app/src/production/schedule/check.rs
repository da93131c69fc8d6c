//! A run to schedule, checked field by field: every message at once, beside its field.

use serde::Serialize;

use crate::forms::{parse_text, FieldError};
use crate::i18n::Catalogue;
use crate::production::local_time;
use crate::production::products::ProductAt;
use crate::production::store::Station;

/// The schedule form as sent (the idempotency key's request).
#[derive(Clone, Debug, Serialize)]
pub struct ScheduleForm {
    pub work_center_id: i64,
    pub product_id: i64,
    pub job: String,
    pub planned_quantity: String,
    pub planned_start: String,
    pub planned_end: Option<String>,
}

/// A run that may go on the schedule.
#[derive(Debug, PartialEq)]
pub struct Checked {
    pub job: String,
    pub planned_quantity: i64,
    pub ideal_cycle_ms: i64,
    pub planned_start_ms: i64,
    pub planned_end_ms: Option<i64>,
}

const DAY_MS: i64 = 24 * 3_600_000;
/// How far back a planned start may lie (a run planned this morning, entered late).
const MAX_PAST_MS: i64 = DAY_MS;
const MAX_AHEAD_MS: i64 = 366 * DAY_MS;
const MAX_QUANTITY: i64 = 1_000_000_000;

pub fn check(
    form: &ScheduleForm,
    station: &Station,
    product: &ProductAt,
    now_ms: i64,
    t: &Catalogue,
) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let job = parse_text(&form.job, 64, t).map_err(|message| errors.push(FieldError::new("job", message))).ok();
    let planned_quantity = match form.planned_quantity.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new("planned_quantity", t.schedule_quantity));
            None
        }
    };
    if product.ideal_cycle_ms.is_none() {
        errors.push(FieldError::new("product_id", t.schedule_no_cycle_time));
    }
    let zone = local_time::zone(&station.time_zone);
    let start = match local_time::moment(&zone, &form.planned_start) {
        Some(start) if (now_ms - MAX_PAST_MS..=now_ms + MAX_AHEAD_MS).contains(&start) => Some(start),
        Some(_) => {
            errors.push(FieldError::new("planned_start", t.schedule_start_range));
            None
        }
        None => {
            errors.push(FieldError::new("planned_start", t.schedule_bad_time));
            None
        }
    };
    let end = match form.planned_end.as_deref().map(str::trim).filter(|end| !end.is_empty()) {
        None => Ok(None),
        Some(text) => match local_time::moment(&zone, text) {
            Some(end) if start.is_none_or(|start| end > start) => Ok(Some(end)),
            Some(_) => Err(FieldError::new("planned_end", t.schedule_end_before_start)),
            None => Err(FieldError::new("planned_end", t.schedule_bad_time)),
        },
    };
    let planned_end_ms = end.map_err(|error| errors.push(error)).ok().flatten();
    match (job, planned_quantity, product.ideal_cycle_ms, start) {
        (Some(job), Some(planned_quantity), Some(ideal_cycle_ms), Some(planned_start_ms)) if errors.is_empty() => {
            Ok(Checked { job, planned_quantity, ideal_cycle_ms, planned_start_ms, planned_end_ms })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    const NOW: i64 = 1_796_385_600_000; // 2026-12-04 12:00 UTC

    fn station() -> Station {
        Station {
            id: 7,
            name: "PR-01 — Press 1".into(),
            ideal_cycle_ms: Some(4_000),
            time_zone: "Europe/Berlin".into(),
        }
    }

    fn product(ideal_cycle_ms: Option<i64>) -> ProductAt {
        ProductAt { label: "FLY-A5 — Flyer A5".into(), ideal_cycle_ms }
    }

    fn form(quantity: &str, start: &str, end: Option<&str>) -> ScheduleForm {
        ScheduleForm {
            work_center_id: 7,
            product_id: 3,
            job: " J-1042 ".into(),
            planned_quantity: quantity.into(),
            planned_start: start.into(),
            planned_end: end.map(str::to_string),
        }
    }

    fn fields(result: Result<Checked, Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_run_is_planned_on_the_facility_clock() {
        let checked = check(
            &form("5000", "2026-12-04T14:00", Some("2026-12-04T18:30")),
            &station(),
            &product(Some(2_500)),
            NOW,
            &EN,
        );
        assert_eq!(
            checked,
            Ok(Checked {
                job: "J-1042".into(),
                planned_quantity: 5_000,
                ideal_cycle_ms: 2_500,
                planned_start_ms: NOW + 3_600_000,
                planned_end_ms: Some(NOW + 5 * 3_600_000 + 1_800_000),
            })
        );
        let no_end = check(&form("1", "2026-12-04T14:00", Some(" ")), &station(), &product(Some(1)), NOW, &EN);
        assert_eq!(no_end.unwrap().planned_end_ms, None);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = form("0", "2026-12-04T14:00", Some("2026-12-04T13:00"));
        assert_eq!(
            fields(check(&bad, &station(), &product(None), NOW, &EN)),
            ["planned_quantity", "product_id", "planned_end"]
        );
        let bad = ScheduleForm { job: "  ".into(), ..form("lots", "soon", Some("later")) };
        assert_eq!(
            fields(check(&bad, &station(), &product(Some(1)), NOW, &EN)),
            ["job", "planned_quantity", "planned_start", "planned_end"]
        );
        for far in ["2026-12-02T12:00", "2028-01-01T00:00"] {
            let result = check(&form("1", far, None), &station(), &product(Some(1)), NOW, &EN);
            assert_eq!(result.unwrap_err(), vec![FieldError::new("planned_start", EN.schedule_start_range)]);
        }
    }
}
