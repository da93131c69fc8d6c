//! The OEE trend (view 4): the floor's figures per hour, per local day (each
//! work center's facility's own days) or per shift over a span, each bucket measured by the same [`measure`] as the
//! overview and summed over the work centers, never averaged. One read of the
//! whole span (the overview's queries), then every state and count goes to the
//! buckets it falls in, so the work grows with the rows, not with rows × buckets.
//! A shift's bucket holds the work centers of the facilities that work it.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use sea_orm::{ConnectionTrait, DbErr};

use super::calendar::calendars;
use super::floor_spans::{downtime_reasons, spans_by_center};
use super::local_time::{days_back, formatted, home_zone, zone};
use super::model::{OeeTrend, TrendPoint, TrendSpan};
use super::store::work_centers_in_zones;
use super::window_rows::{counts_in, states_in};
use crate::db::scope::TenantId;
use crate::domain::oee::{measure, CountEvent, LossPolicy, OeeFigures, StateSpan, Window};

/// The buckets of `span` up to `now_ms`, oldest first: whole UTC hours (or
/// days), the last one cut off at `now_ms` (none for a span by shift).
const DAY_MS: i64 = 24 * 3_600_000;

pub fn buckets(span: TrendSpan, now_ms: i64) -> Vec<Window> {
    let Some((count, length)) = span.buckets() else { return Vec::new() };
    let current = now_ms.div_euclid(length) * length;
    (0..count)
        .map(|back| {
            let start_ms = current - (count - 1 - back) * length;
            Window { start_ms, end_ms: (start_ms + length).min(now_ms) }
        })
        .collect()
}

pub async fn floor_trend(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    span: TrendSpan,
    now_ms: i64,
    policy: &LossPolicy,
) -> Result<OeeTrend, DbErr> {
    let calendars = calendars(db, tenant).await?;
    let zones = Zones::of(work_centers_in_zones(db, tenant, None).await?);
    let reach = Window { start_ms: now_ms - span.reach_ms(), end_ms: now_ms };
    let by_day = span.buckets().is_some_and(|(_, length)| length >= DAY_MS);
    let (windows, shifts) = match span.buckets() {
        Some((count, _)) if by_day => (local_days(&zones.home, count as usize, now_ms), Vec::new()),
        Some(_) => (buckets(span, now_ms), Vec::new()),
        None => {
            let shifts = calendars.shifts_in(reach);
            (shifts.iter().map(|shift| shift.window).collect(), shifts)
        }
    };
    let time_zone = zones.home_name.clone();
    let (Some(first), Some(last_end)) = (windows.first(), windows.iter().map(|w| w.end_ms).max()) else {
        return Ok(OeeTrend { span, time_zone, points: vec![] });
    };
    // Every facility's days: a day bucket holds each work center's own local day.
    let days_of: HashMap<&str, Vec<Window>> = match by_day {
        true => zones.distinct().map(|name| (name, local_days(&zone(name), windows.len(), now_ms))).collect(),
        false => HashMap::new(),
    };
    let earliest = days_of.values().filter_map(|days| days.first()).map(|day| day.start_ms).min();
    let whole = Window { start_ms: earliest.unwrap_or(first.start_ms).min(first.start_ms), end_ms: last_end };
    let reasons = downtime_reasons(db, tenant).await?;
    let states = states_in(db, tenant, whole).await?;
    let counts = counts_in(db, tenant, whole, &[]).await?;
    let spans = spans_by_center(&states, &reasons, &calendars, Window { start_ms: whole.start_ms, end_ms: now_ms });
    // A work center with counts but no recorded state still has its counts measured.
    let mut centers: Vec<i64> = spans.keys().chain(counts.by_center.keys()).copied().collect();
    centers.sort_unstable();
    centers.dedup();
    let mut figures = vec![OeeFigures::default(); windows.len()];
    for center in centers {
        let center_spans = spans.get(&center).map(Vec::as_slice).unwrap_or_default();
        let center_counts = counts.by_center.get(&center).map(Vec::as_slice).unwrap_or_default();
        if shifts.is_empty() {
            let own = zones.of_center.get(&center).and_then(|name| days_of.get(name.as_str())).unwrap_or(&windows);
            for (bucket, (spans, counts)) in by_bucket(own, center_spans, center_counts).into_iter().enumerate() {
                figures[bucket] += measure(own[bucket], &spans, &counts, policy);
            }
            continue;
        }
        let facility = calendars.facility(center);
        for (bucket, shift) in shifts.iter().enumerate() {
            if facility.is_some_and(|facility| shift.facilities.contains(&facility)) {
                figures[bucket] += measure(shift.window, center_spans, center_counts, policy);
            }
        }
    }
    let format = match (by_day, shifts.is_empty()) {
        (true, _) => "%a %-d %b",
        (false, true) => "%-d %b %H:%M",
        (false, false) => "%a %-d %b",
    };
    let points = windows
        .iter()
        .zip(figures)
        .enumerate()
        .map(|(i, (w, figures))| {
            let shift = shifts.get(i).map(|s| s.name.clone());
            let when = formatted(&zones.home, w.start_ms, format);
            TrendPoint {
                start_ms: w.start_ms,
                label: shift.as_ref().map_or_else(|| when.clone(), |name| format!("{when} {name}")),
                shift,
                figures,
            }
        })
        .collect();
    Ok(OeeTrend { span, time_zone, points })
}

/// The facility's last `count` local days as windows.
fn local_days(zone: &TimeZone, count: usize, now_ms: i64) -> Vec<Window> {
    days_back(zone, count, now_ms).into_iter().map(|(start_ms, end_ms)| Window { start_ms, end_ms }).collect()
}

/// The work centers' time zones, and the tenant's home zone (the one most of
/// them are in), whose clock labels the buckets.
struct Zones {
    of_center: HashMap<i64, String>,
    home_name: String,
    home: TimeZone,
}

impl Zones {
    fn of(centers: Vec<(i64, String, String)>) -> Zones {
        let home_name = home_zone(centers.iter().map(|(_, _, name)| name.as_str()));
        let of_center = centers.into_iter().map(|(id, _, name)| (id, name)).collect();
        Zones { home: zone(&home_name), home_name, of_center }
    }

    /// Each zone once.
    fn distinct(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = self.of_center.values().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        names.into_iter()
    }
}

/// Each bucket's spans (whole, so a stop is classified by its whole length) and
/// counts. `windows` are contiguous, oldest first (local days may be 23 or 25 hours).
fn by_bucket(windows: &[Window], spans: &[StateSpan], counts: &[CountEvent]) -> Vec<(Vec<StateSpan>, Vec<CountEvent>)> {
    let mut buckets: Vec<(Vec<StateSpan>, Vec<CountEvent>)> = vec![(vec![], vec![]); windows.len()];
    let (Some(first), Some(last)) = (windows.first(), windows.last()) else { return buckets };
    let index = |at_ms: i64| windows.partition_point(|w| w.start_ms <= at_ms).saturating_sub(1);
    for span in spans {
        if span.end_ms <= first.start_ms || span.start_ms >= last.end_ms {
            continue;
        }
        for bucket in index(span.start_ms)..=index(span.end_ms - 1) {
            buckets[bucket].0.push(*span);
        }
    }
    for count in counts.iter().filter(|c| first.start_ms <= c.at_ms && c.at_ms < last.end_ms) {
        buckets[index(count.at_ms)].1.push(*count);
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oee::{MachineState, StopLoss};

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;

    #[test]
    fn buckets_are_whole_utc_hours_or_days_and_the_last_ends_now() {
        let now = 10 * 24 * HOUR + 5 * HOUR + 17 * MIN;
        let hours = buckets(TrendSpan::Last24HoursByHour, now);
        assert_eq!(hours.len(), 24);
        assert_eq!(hours[23], Window { start_ms: now - 17 * MIN, end_ms: now });
        assert_eq!(hours[0].start_ms, now - 17 * MIN - 23 * HOUR);
        assert!(hours.windows(2).all(|pair| pair[0].end_ms == pair[1].start_ms), "contiguous");
        let days = buckets(TrendSpan::Last7DaysByDay, now);
        assert_eq!(days[6], Window { start_ms: 10 * 24 * HOUR, end_ms: now });
        assert_eq!(days[0].start_ms, 4 * 24 * HOUR);
    }

    #[test]
    fn the_home_zone_is_the_one_most_work_centers_are_in() {
        let center = |id: i64, zone: &str| (id, format!("WC-{id}"), zone.to_string());
        let zones =
            Zones::of(vec![center(1, "Asia/Singapore"), center(2, "Europe/Berlin"), center(3, "Europe/Berlin")]);
        assert_eq!(zones.home_name, "Europe/Berlin");
        assert_eq!(zones.distinct().collect::<Vec<_>>(), ["Asia/Singapore", "Europe/Berlin"]);
        assert_eq!(Zones::of(Vec::new()).home_name, "UTC", "a tenant without work centers");
    }

    #[test]
    fn a_day_of_25_hours_keeps_its_last_hour() {
        // The day the clocks go back is an hour longer: a count in its 25th hour is still in it.
        let windows = [Window { start_ms: 0, end_ms: 25 * HOUR }, Window { start_ms: 25 * HOUR, end_ms: 49 * HOUR }];
        let count =
            |at_ms| CountEvent { at_ms, good: 1, scrap: 0, ideal_cycle_ms: 1, run_started_ms: 0, run_pieces_before: 0 };
        let bucketed = by_bucket(&windows, &[], &[count(24 * HOUR + 30 * MIN), count(25 * HOUR)]);
        assert_eq!((bucketed[0].1.len(), bucketed[1].1.len()), (1, 1));
    }

    #[test]
    fn bucketed_figures_add_up_to_the_whole_span_measured_at_once() {
        let span = |state, from, to, loss| StateSpan { state, start_ms: from, end_ms: to, reason_id: None, loss };
        let spans = [
            span(MachineState::Running, -HOUR, 50 * MIN, None),
            // A 20-minute breakdown across the hour: a breakdown on both sides, not two minor stops.
            span(MachineState::Down, 50 * MIN, 70 * MIN, Some(StopLoss::Breakdown)),
            span(MachineState::Running, 70 * MIN, 3 * HOUR, None),
        ];
        let count = |at_ms, good| CountEvent {
            at_ms,
            good,
            scrap: 1,
            ideal_cycle_ms: 1_000,
            run_started_ms: -HOUR,
            run_pieces_before: 0,
        };
        let counts = [count(10 * MIN, 100), count(HOUR, 50), count(2 * HOUR + 1, 70)];
        let windows: Vec<Window> = (0..3).map(|h| Window { start_ms: h * HOUR, end_ms: (h + 1) * HOUR }).collect();
        let policy = LossPolicy::default();
        let bucketed: Vec<OeeFigures> = by_bucket(&windows, &spans, &counts)
            .iter()
            .zip(&windows)
            .map(|((spans, counts), &window)| measure(window, spans, counts, &policy))
            .collect();
        assert_eq!(bucketed[0].losses.breakdowns_ms, 10 * MIN);
        assert_eq!(bucketed[1].losses.breakdowns_ms, 10 * MIN);
        assert_eq!(bucketed.iter().map(|f| f.good).collect::<Vec<_>>(), [100, 50, 70]);
        let whole = measure(Window { start_ms: 0, end_ms: 3 * HOUR }, &spans, &counts, &policy);
        assert_eq!(bucketed.into_iter().sum::<OeeFigures>(), whole);
    }
}
