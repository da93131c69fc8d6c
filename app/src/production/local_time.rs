//! Moments on a facility's clock. The schedule is entered and read in the
//! facility's local time (its tz database zone), whatever zone the supervisor's
//! browser is in.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The facility's zone; a name the tz database does not know (written around
/// the forms, which refuse it) is taken as UTC.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name.trim()).unwrap_or(TimeZone::UTC)
}

/// `2026-12-04T14:00` (what a `datetime-local` input sends) on the facility's
/// clock, as Unix milliseconds. A time the clocks skip or repeat at a DST change
/// is read as jiff's "compatible" choice: after the gap, the first of the two.
pub fn moment(zone: &TimeZone, local: &str) -> Option<i64> {
    let civil: DateTime = local.trim().parse().ok()?;
    Some(civil.to_zoned(zone.clone()).ok()?.timestamp().as_millisecond())
}

/// The tenant's home zone: the one most of its work centers are in (`zones`,
/// one per work center; ties go to the name first in order), UTC for none. Its
/// clock labels what the tenant shares: the trend's buckets, the runs table.
pub fn home_zone<'a>(zones: impl IntoIterator<Item = &'a str>) -> String {
    let mut tally: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for name in zones {
        *tally.entry(name).or_default() += 1;
    }
    let most = tally.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
    most.map_or_else(|| "UTC".to_string(), |(name, _)| name.to_string())
}

/// Local midnight of `date` (`YYYY-MM-DD`) on the facility's clock.
pub fn midnight_of(zone: &TimeZone, date: &str) -> Option<i64> {
    moment(zone, &format!("{date}T00:00"))
}

/// The moment the facility's day that holds `ms` began (its local midnight, or
/// the first moment of the day where a DST change skips midnight).
pub fn day_start(zone: &TimeZone, ms: i64) -> i64 {
    let local = Timestamp::from_millisecond(ms).ok().and_then(|at| at.to_zoned(zone.clone()).start_of_day().ok());
    local.map_or(ms - ms.rem_euclid(24 * 3_600_000), |midnight| midnight.timestamp().as_millisecond())
}

/// "Fri 4 Dec 14:00" on the facility's clock.
pub fn label(zone: &TimeZone, ms: i64) -> String {
    formatted(zone, ms, "%a %-d %b %H:%M")
}

/// `ms` on the facility's clock in a `strftime` format.
pub fn formatted(zone: &TimeZone, ms: i64, format: &str) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(at) => at.to_zoned(zone.clone()).strftime(format).to_string(),
        Err(_) => String::new(),
    }
}

/// The facility's last `count` days up to `now_ms`, oldest first: local
/// midnight to local midnight (23 or 25 hours when the clocks change), the last
/// one ending at `now_ms`.
pub fn days_back(zone: &TimeZone, count: usize, now_ms: i64) -> Vec<(i64, i64)> {
    let mut days = Vec::with_capacity(count);
    let mut end = now_ms;
    let mut start = day_start(zone, now_ms);
    for _ in 0..count {
        days.push((start, end));
        end = start;
        start = day_start(zone, start - 1);
    }
    days.reverse();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_ms(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn a_local_time_is_read_on_the_facility_clock() {
        let berlin = zone("Europe/Berlin");
        assert_eq!(moment(&berlin, "2026-12-04T14:00"), Some(utc_ms("2026-12-04T13:00:00Z")));
        assert_eq!(moment(&berlin, "2026-07-04T14:00"), Some(utc_ms("2026-07-04T12:00:00Z")));
        assert_eq!(moment(&zone("UTC"), " 2026-12-04T14:00 "), Some(utc_ms("2026-12-04T14:00:00Z")));
        // 02:30 does not happen in Berlin on 29 March 2026: the clocks go from 02:00 to 03:00.
        assert_eq!(moment(&berlin, "2026-03-29T02:30"), Some(utc_ms("2026-03-29T01:30:00Z")));
        for bad in ["", "tomorrow", "2026-13-01T10:00", "2026-12-04 25:00"] {
            assert_eq!(moment(&berlin, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_facility_day_begins_at_its_local_midnight() {
        let berlin = zone("Europe/Berlin");
        let midnight = utc_ms("2026-12-03T23:00:00Z");
        for now in ["2026-12-03T23:00:00Z", "2026-12-04T00:30:00Z", "2026-12-04T22:59:59Z"] {
            assert_eq!(day_start(&berlin, utc_ms(now)), midnight, "{now}");
        }
        assert_eq!(day_start(&zone("UTC"), utc_ms("2026-12-04T00:30:00Z")), utc_ms("2026-12-04T00:00:00Z"));
        // Summer time: midnight is 22:00 UTC the day before.
        assert_eq!(day_start(&berlin, utc_ms("2026-07-04T12:00:00Z")), utc_ms("2026-07-03T22:00:00Z"));
    }

    #[test]
    fn days_back_are_local_days_across_a_clock_change() {
        let berlin = zone("Europe/Berlin");
        // Summer time ends on Sunday 25 October 2026: that day has 25 hours.
        let days = days_back(&berlin, 3, utc_ms("2026-10-26T10:00:00Z"));
        assert_eq!(days[2], (utc_ms("2026-10-25T23:00:00Z"), utc_ms("2026-10-26T10:00:00Z")));
        assert_eq!(days[1], (utc_ms("2026-10-24T22:00:00Z"), utc_ms("2026-10-25T23:00:00Z")));
        assert_eq!(days[1].1 - days[1].0, 25 * 3_600_000);
        assert_eq!(days[0], (utc_ms("2026-10-23T22:00:00Z"), utc_ms("2026-10-24T22:00:00Z")));
    }

    #[test]
    fn a_moment_reads_as_the_facility_clock_shows_it() {
        let berlin = zone("Europe/Berlin");
        assert_eq!(label(&berlin, utc_ms("2026-12-04T13:00:00Z")), "Fri 4 Dec 14:00");
        assert_eq!(label(&zone("No/Such_Zone"), utc_ms("2026-12-04T13:00:00Z")), "Fri 4 Dec 13:00");
    }
}
