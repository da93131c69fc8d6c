//! Shift calendars as moments: a facility's shifts, breaks and holidays
//! (`domain::shift_calendar`) in its time zone, laid over a window as the
//! planned time the OEE domain applies to the work centers' states
//! (`domain::oee::on_calendar`). A shift's start and end are local clock times,
//! so a night shift on the night the clocks change is an hour longer or shorter;
//! a holiday is a local date on which no shift starts. A facility without
//! shifts has no calendar: its machine states alone say what was scheduled.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

use crate::db::scope::TenantId;
use crate::domain::oee::{PlannedTime, Window};
use crate::domain::shift_calendar::{parse_date, parse_shift, ShiftRule};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// One facility's calendar, ready to be laid over any window.
#[derive(Clone, Debug)]
pub struct FacilityCalendar {
    time_zone: TimeZone,
    /// Each shift with its name.
    shifts: Vec<(ShiftRule, String)>,
    holidays: HashSet<Date>,
}

impl FacilityCalendar {
    /// `None` for a time zone the tz database does not know.
    pub fn new(
        time_zone: &str,
        shifts: Vec<(ShiftRule, String)>,
        holidays: &[(i16, i8, i8)],
    ) -> Option<FacilityCalendar> {
        let time_zone = TimeZone::get(time_zone.trim()).ok()?;
        let holidays = holidays.iter().filter_map(|&(y, m, d)| Date::new(y, m, d).ok()).collect();
        Some(FacilityCalendar { time_zone, shifts, holidays })
    }

    /// The moment (Unix ms) of the local `date` at `minute` after midnight; a
    /// clock time the DST change skips is read as the one after the gap.
    fn moment(&self, date: Date, minute: u32) -> Option<i64> {
        let at = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        Some(at.to_zoned(self.time_zone.clone()).ok()?.timestamp().as_millisecond())
    }

    fn local_date(&self, ms: i64) -> Option<Date> {
        Some(Timestamp::from_millisecond(ms).ok()?.to_zoned(self.time_zone.clone()).date())
    }

    /// Every shift worked around `window` (from the day before its start, since
    /// a night shift may still be going), with its breaks, as moments.
    fn occurrences(&self, window: Window) -> Vec<Occurrence<'_>> {
        let mut found = Vec::new();
        let (Some(mut day), Some(last)) = (self.local_date(window.start_ms - DAY_MS), self.local_date(window.end_ms))
        else {
            return found;
        };
        while day <= last {
            let next = day.tomorrow().ok();
            let weekday = day.weekday().to_monday_zero_offset() as usize;
            let worked =
                self.shifts.iter().filter(|(shift, _)| shift.weekdays[weekday] && !self.holidays.contains(&day));
            for (shift, name) in worked {
                let crosses = shift.ends_min <= shift.starts_min;
                let end_day = if crosses { next } else { Some(day) };
                let (Some(start), Some(end)) =
                    (self.moment(day, shift.starts_min), end_day.and_then(|d| self.moment(d, shift.ends_min)))
                else {
                    continue;
                };
                let breaks = shift
                    .breaks
                    .iter()
                    .filter_map(|pause| {
                        let pause_day = if pause.starts_min >= shift.starts_min { Some(day) } else { next };
                        let from = pause_day.and_then(|d| self.moment(d, pause.starts_min))?;
                        Some((from, (from + pause.minutes as i64 * MINUTE_MS).min(end)))
                    })
                    .collect();
                found.push(Occurrence { start, end, name, breaks });
            }
            match next {
                Some(next) => day = next,
                None => break,
            }
        }
        found
    }

    /// The shifts and breaks that overlap `window`, clipped to it, sorted and merged.
    pub fn planned_time(&self, window: Window) -> PlannedTime {
        let occurrences = self.occurrences(window);
        let shifts = occurrences.iter().map(|o| (o.start, o.end)).collect();
        let breaks = occurrences.iter().flat_map(|o| o.breaks.iter().copied()).collect();
        PlannedTime { shifts: clipped_and_merged(shifts, window), breaks: clipped_and_merged(breaks, window) }
    }

    /// Each shift worked in `window`, clipped to it, with its name, oldest first.
    pub fn shifts_in(&self, window: Window) -> Vec<(Window, String)> {
        let mut shifts: Vec<(Window, String)> = self
            .occurrences(window)
            .into_iter()
            .map(|o| {
                (Window { start_ms: o.start.max(window.start_ms), end_ms: o.end.min(window.end_ms) }, o.name.clone())
            })
            .filter(|(w, _)| w.end_ms > w.start_ms)
            .collect();
        shifts.sort_by_key(|(w, _)| (w.start_ms, w.end_ms));
        shifts
    }
}

/// One shift worked on one day.
struct Occurrence<'a> {
    start: i64,
    end: i64,
    name: &'a String,
    breaks: Vec<(i64, i64)>,
}

/// Intervals inside `window`, sorted, overlapping ones joined.
fn clipped_and_merged(mut intervals: Vec<(i64, i64)>, window: Window) -> Vec<(i64, i64)> {
    intervals.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        let (start, end) = (start.max(window.start_ms), end.min(window.end_ms));
        if end <= start {
            continue;
        }
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The calendars of a tenant's facilities that have active shifts, and where each work center is.
#[derive(Clone, Debug, Default)]
pub struct Calendars {
    by_facility: HashMap<i64, FacilityCalendar>,
    facility_of: HashMap<i64, i64>,
}

impl Calendars {
    /// The planned time of `work_center` over `window`; `None` when its facility has no calendar.
    pub fn planned_time(&self, work_center: i64, window: Window) -> Option<PlannedTime> {
        let facility = self.facility_of.get(&work_center)?;
        Some(self.by_facility.get(facility)?.planned_time(window))
    }

    /// The facility of `work_center`, when that facility has a calendar.
    pub fn facility(&self, work_center: i64) -> Option<i64> {
        self.facility_of.get(&work_center).copied()
    }

    /// Every shift worked in `window` in any facility, oldest first; a shift
    /// that several facilities work at the same times and under the same name is
    /// one, with each of those facilities.
    pub fn shifts_in(&self, window: Window) -> Vec<ShiftBucket> {
        let mut buckets: Vec<ShiftBucket> = Vec::new();
        for (&facility, calendar) in &self.by_facility {
            for (window, name) in calendar.shifts_in(window) {
                match buckets.iter_mut().find(|b| b.window == window && b.name == name) {
                    Some(bucket) => bucket.facilities.push(facility),
                    None => buckets.push(ShiftBucket { window, name, facilities: vec![facility] }),
                }
            }
        }
        buckets.sort_by(|a, b| (a.window.start_ms, &a.name).cmp(&(b.window.start_ms, &b.name)));
        buckets
    }
}

/// A shift as a bucket of the trend: its time, its name, and the facilities that work it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftBucket {
    pub window: Window,
    pub name: String,
    pub facilities: Vec<i64>,
}

/// `$1` tenant, `$2` true: the active shifts with their facility's time zone,
/// once for each work center of that facility (a few dozen rows, and no third
/// statement for where the work centers are).
const SHIFTS_SQL: &str = "
    SELECT w.id AS work_center_id, s.id AS shift_id, s.facility_id, f.timezone,
           s.name, s.starts_at, s.ends_at, s.weekdays, s.breaks
    FROM shifts s
    JOIN facilities f ON f.id = s.facility_id
    JOIN work_centers w ON w.facility_id = s.facility_id
    WHERE s.tenant_id = $1 AND s.active = $2
    ORDER BY s.id";
const HOLIDAYS_SQL: &str = "SELECT facility_id, date FROM holidays WHERE tenant_id = $1";

/// The tenant's calendars: one statement when no facility has shifts, two otherwise.
/// A row whose text no longer parses (written around the forms) is left out.
pub async fn calendars(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Calendars, DbErr> {
    let backend = db.get_database_backend();
    let query = |sql: &str, values: Vec<Value>| Statement::from_sql_and_values(backend, sql, values);
    let rows = db.query_all_raw(query(SHIFTS_SQL, vec![tenant.0.into(), true.into()])).await?;
    if rows.is_empty() {
        return Ok(Calendars::default());
    }
    let mut facility_of = HashMap::new();
    // Each facility's time zone and shifts; a shift's rows repeat it per work center.
    let mut shifts: HashMap<i64, (String, Vec<(ShiftRule, String)>)> = HashMap::new();
    let mut seen = HashSet::new();
    for row in rows {
        let facility: i64 = row.try_get("", "facility_id")?;
        facility_of.insert(row.try_get::<i64>("", "work_center_id")?, facility);
        if !seen.insert(row.try_get::<i64>("", "shift_id")?) {
            continue;
        }
        let text = |column: &str| -> Result<String, DbErr> {
            Ok(row.try_get::<Option<String>>("", column)?.unwrap_or_default())
        };
        let (zone, listed) = shifts.entry(facility).or_default();
        *zone = text("timezone")?;
        if let Ok(shift) = parse_shift(&text("starts_at")?, &text("ends_at")?, &text("weekdays")?, &text("breaks")?) {
            listed.push((shift, text("name")?));
        }
    }
    let mut holidays: HashMap<i64, Vec<(i16, i8, i8)>> = HashMap::new();
    for row in db.query_all_raw(query(HOLIDAYS_SQL, vec![tenant.0.into()])).await? {
        if let Ok(date) = parse_date(&row.try_get::<String>("", "date")?) {
            holidays.entry(row.try_get("", "facility_id")?).or_default().push(date);
        }
    }
    let by_facility: HashMap<i64, FacilityCalendar> = shifts
        .into_iter()
        .filter_map(|(facility, (time_zone, shifts))| {
            let off = holidays.get(&facility).map(Vec::as_slice).unwrap_or_default();
            Some((facility, FacilityCalendar::new(&time_zone, shifts, off)?))
        })
        .collect();
    facility_of.retain(|_, facility| by_facility.contains_key(facility));
    Ok(Calendars { by_facility, facility_of })
}

/// Whether the tz database knows `name` (`Europe/Berlin`, `UTC`).
pub fn is_time_zone(name: &str) -> bool {
    TimeZone::get(name.trim()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shift_calendar::parse_shift;

    const HOUR_MS: i64 = 60 * MINUTE_MS;

    fn ms(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn calendar(zone: &str, shifts: &[(&str, &str, &str, &str)], holidays: &[(i16, i8, i8)]) -> FacilityCalendar {
        let shifts = shifts
            .iter()
            .map(|(a, b, days, breaks)| (parse_shift(a, b, days, breaks).unwrap(), format!("{a}–{b}")))
            .collect();
        FacilityCalendar::new(zone, shifts, holidays).unwrap()
    }

    #[test]
    fn a_night_shift_crosses_midnight_in_local_time() {
        let night = calendar("Europe/Berlin", &[("22:00", "06:00", "mon,tue,wed,thu,fri", "02:00+30")], &[]);
        // Tuesday 1 Dec 2026 to Wednesday 2 Dec, Berlin is UTC+1.
        let window = Window { start_ms: ms("2026-12-01T12:00:00Z"), end_ms: ms("2026-12-02T12:00:00Z") };
        let planned = night.planned_time(window);
        assert_eq!(planned.shifts, vec![(ms("2026-12-01T21:00:00Z"), ms("2026-12-02T05:00:00Z"))]);
        assert_eq!(planned.breaks, vec![(ms("2026-12-02T01:00:00Z"), ms("2026-12-02T01:30:00Z"))]);
        // Monday night's shift is still going at a window that starts at 04:00 UTC on Tuesday.
        let morning = Window { start_ms: ms("2026-12-01T04:00:00Z"), end_ms: ms("2026-12-01T06:00:00Z") };
        assert_eq!(night.planned_time(morning).shifts, vec![(ms("2026-12-01T04:00:00Z"), ms("2026-12-01T05:00:00Z"))]);
    }

    #[test]
    fn the_night_the_clocks_go_forward_is_an_hour_shorter() {
        let night = calendar("Europe/Berlin", &[("22:00", "06:00", "sat", "")], &[]);
        // Saturday 28 March 2026, 22:00 CET, to Sunday 06:00 CEST.
        let window = Window { start_ms: ms("2026-03-28T00:00:00Z"), end_ms: ms("2026-03-30T00:00:00Z") };
        let planned = night.planned_time(window);
        assert_eq!(planned.shifts, vec![(ms("2026-03-28T21:00:00Z"), ms("2026-03-29T04:00:00Z"))]);
        assert_eq!(planned.shifts[0].1 - planned.shifts[0].0, 7 * HOUR_MS);
    }

    #[test]
    fn holidays_and_other_weekdays_have_no_shift() {
        let days = calendar("UTC", &[("06:00", "14:00", "mon,tue,wed,thu,fri", "10:00+15")], &[(2026, 12, 25)]);
        // Thursday 24 Dec to Monday 28 Dec 2026: Christmas Day is off, then a weekend.
        let window = Window { start_ms: ms("2026-12-24T00:00:00Z"), end_ms: ms("2026-12-29T00:00:00Z") };
        let planned = days.planned_time(window);
        assert_eq!(
            planned.shifts,
            vec![
                (ms("2026-12-24T06:00:00Z"), ms("2026-12-24T14:00:00Z")),
                (ms("2026-12-28T06:00:00Z"), ms("2026-12-28T14:00:00Z"))
            ]
        );
        assert_eq!(planned.breaks.len(), 2);
    }

    #[test]
    fn overlapping_shifts_are_one_stretch_of_planned_time() {
        let two = calendar("UTC", &[("06:00", "14:30", "mon", ""), ("14:00", "22:00", "mon", "")], &[]);
        let window = Window { start_ms: ms("2026-11-30T00:00:00Z"), end_ms: ms("2026-12-01T00:00:00Z") };
        assert_eq!(two.planned_time(window).shifts, vec![(ms("2026-11-30T06:00:00Z"), ms("2026-11-30T22:00:00Z"))]);
    }

    #[test]
    fn each_shift_worked_is_listed_with_its_name() {
        let two = calendar("UTC", &[("06:00", "14:00", "mon", ""), ("22:00", "06:00", "mon", "")], &[]);
        let window = Window { start_ms: ms("2026-11-30T00:00:00Z"), end_ms: ms("2026-12-01T03:00:00Z") };
        let listed = two.shifts_in(window);
        let names: Vec<&str> = listed.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, ["06:00–14:00", "22:00–06:00"]);
        assert_eq!(
            listed[1].0,
            Window { start_ms: ms("2026-11-30T22:00:00Z"), end_ms: window.end_ms },
            "cut off at the end"
        );
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        assert!(is_time_zone("Europe/Berlin") && is_time_zone("UTC"));
        assert!(!is_time_zone("Mars/Olympus_Mons"));
        assert!(FacilityCalendar::new("Nowhere", Vec::new(), &[]).is_none());
    }
}
