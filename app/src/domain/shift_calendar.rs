//! A facility's shift calendar as a tenant administrator writes it: each shift
//! by local time of day (`06:00`–`14:00`; an end at or before the start means
//! the shift ends the next day, as a night shift `22:00`–`06:00` does), the
//! weekdays it is worked on, and its planned breaks (`10:00+15`: fifteen minutes
//! from ten o'clock). Holidays are dates on which no shift starts. Pure text
//! rules; turning them into moments needs the facility's time zone
//! (`production::calendar`).

use serde::{Deserialize, Serialize};

pub const MINUTES_PER_DAY: u32 = 24 * 60;

/// The weekday codes, Monday first (ISO 8601 order).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A planned break: its local start and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub starts_min: u32,
    pub minutes: u32,
}

/// One shift of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftRule {
    /// Local minutes after midnight.
    pub starts_min: u32,
    pub ends_min: u32,
    /// Worked on these weekdays (Monday first): the day the shift starts.
    pub weekdays: [bool; 7],
    pub breaks: Vec<Break>,
}

impl ShiftRule {
    /// Its length in minutes of the clock (a DST change makes the real length differ).
    pub fn length_min(&self) -> u32 {
        (self.ends_min + MINUTES_PER_DAY - self.starts_min - 1) % MINUTES_PER_DAY + 1
    }

    /// Minutes from the shift's start to `clock_min`, on the clock.
    pub fn offset_of(&self, clock_min: u32) -> u32 {
        (clock_min + MINUTES_PER_DAY - self.starts_min) % MINUTES_PER_DAY
    }
}

/// What is wrong with a calendar text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// Not `HH:MM` from 00:00 to 23:59.
    Clock,
    /// Not a comma-separated list of `mon` … `sun`, or empty.
    Weekdays,
    /// Not a comma-separated list of `HH:MM+minutes`.
    Breaks,
    /// A break that does not lie inside its shift, or that overlaps another.
    BreakOutsideShift,
    /// Not a date `YYYY-MM-DD`.
    Date,
}

/// `"06:30"` → 390.
pub fn parse_clock(text: &str) -> Result<u32, CalendarError> {
    let (hours, minutes) = text.trim().split_once(':').ok_or(CalendarError::Clock)?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(minutes) {
        return Err(CalendarError::Clock);
    }
    let (hours, minutes): (u32, u32) = (hours.parse().unwrap_or(99), minutes.parse().unwrap_or(99));
    if hours < 24 && minutes < 60 {
        Ok(hours * 60 + minutes)
    } else {
        Err(CalendarError::Clock)
    }
}

/// `"mon,tue, wed"` → those days set; empty text is an error (a shift never worked is deactivated instead).
pub fn parse_weekdays(text: &str) -> Result<[bool; 7], CalendarError> {
    let mut days = [false; 7];
    for part in text.split(',').map(|part| part.trim().to_ascii_lowercase()) {
        let index = WEEKDAYS.iter().position(|day| *day == part).ok_or(CalendarError::Weekdays)?;
        days[index] = true;
    }
    Ok(days)
}

/// `"10:00+15, 12:30+30"` (empty: no breaks), each inside the shift `starts_min`–`ends_min`
/// and none overlapping another; returned in the order they come in the shift.
pub fn parse_breaks(text: &str, shift: &ShiftRule) -> Result<Vec<Break>, CalendarError> {
    let mut breaks = Vec::new();
    for part in text.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        let (clock, minutes) = part.split_once('+').ok_or(CalendarError::Breaks)?;
        let starts_min = parse_clock(clock).map_err(|_| CalendarError::Breaks)?;
        let minutes: u32 = minutes.trim().parse().map_err(|_| CalendarError::Breaks)?;
        if minutes == 0 || shift.offset_of(starts_min) + minutes > shift.length_min() {
            return Err(CalendarError::BreakOutsideShift);
        }
        breaks.push(Break { starts_min, minutes });
    }
    breaks.sort_by_key(|b| shift.offset_of(b.starts_min));
    let overlapping = breaks
        .windows(2)
        .any(|pair| shift.offset_of(pair[0].starts_min) + pair[0].minutes > shift.offset_of(pair[1].starts_min));
    if overlapping {
        return Err(CalendarError::BreakOutsideShift);
    }
    Ok(breaks)
}

/// `"2026-12-25"` → (2026, 12, 25), a real date of the Gregorian calendar.
pub fn parse_date(text: &str) -> Result<(i16, i8, i8), CalendarError> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [year, month, day] = parts.as_slice() else { return Err(CalendarError::Date) };
    let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return Err(CalendarError::Date);
    }
    let (year, month, day): (i16, i8, i8) = (
        year.parse().map_err(|_| CalendarError::Date)?,
        month.parse().map_err(|_| CalendarError::Date)?,
        day.parse().map_err(|_| CalendarError::Date)?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(CalendarError::Date),
    };
    if (1..=days_in_month).contains(&day) {
        Ok((year, month, day))
    } else {
        Err(CalendarError::Date)
    }
}

/// A whole shift from its texts, or the first thing wrong with them (by field:
/// `starts_at`, `ends_at`, `weekdays`, `breaks`).
pub fn parse_shift(
    starts_at: &str,
    ends_at: &str,
    weekdays: &str,
    breaks: &str,
) -> Result<ShiftRule, (&'static str, CalendarError)> {
    let starts_min = parse_clock(starts_at).map_err(|e| ("starts_at", e))?;
    let ends_min = parse_clock(ends_at).map_err(|e| ("ends_at", e))?;
    let weekdays = parse_weekdays(weekdays).map_err(|e| ("weekdays", e))?;
    let mut shift = ShiftRule { starts_min, ends_min, weekdays, breaks: Vec::new() };
    shift.breaks = parse_breaks(breaks, &shift).map_err(|e| ("breaks", e))?;
    Ok(shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_are_hours_and_minutes_of_a_day() {
        assert_eq!(parse_clock("06:00"), Ok(360));
        assert_eq!(parse_clock(" 23:59 "), Ok(1439));
        for bad in ["24:00", "6:00", "06:60", "0600", "ab:cd", "", "06:00:00"] {
            assert_eq!(parse_clock(bad), Err(CalendarError::Clock), "{bad}");
        }
    }

    #[test]
    fn a_night_shift_ends_the_next_day() {
        let night = parse_shift("22:00", "06:00", "mon,tue,wed,thu,fri", "02:00+30").unwrap();
        assert_eq!(night.length_min(), 8 * 60);
        assert_eq!(night.breaks, vec![Break { starts_min: 120, minutes: 30 }]);
        assert_eq!(night.weekdays, [true, true, true, true, true, false, false]);
        let day = parse_shift("06:00", "14:00", "sun", "").unwrap();
        assert_eq!((day.length_min(), day.breaks.len()), (480, 0));
        assert_eq!(parse_shift("06:00", "06:00", "mon", "").unwrap().length_min(), 24 * 60, "round the clock");
    }

    #[test]
    fn breaks_lie_inside_their_shift_and_apart() {
        let shift = parse_shift("22:00", "06:00", "mon", "").unwrap();
        assert_eq!(parse_breaks("05:30+30", &shift).map(|b| b.len()), Ok(1), "ends with the shift");
        assert_eq!(parse_breaks("05:45+30", &shift), Err(CalendarError::BreakOutsideShift));
        assert_eq!(parse_breaks("12:00+10", &shift), Err(CalendarError::BreakOutsideShift));
        assert_eq!(parse_breaks("01:00+30, 01:15+10", &shift), Err(CalendarError::BreakOutsideShift));
        assert_eq!(parse_breaks("01:00+0", &shift), Err(CalendarError::BreakOutsideShift));
        assert_eq!(parse_breaks("01:00-30", &shift), Err(CalendarError::Breaks));
        let sorted = parse_breaks("03:00+15, 23:00+15", &shift).unwrap();
        assert_eq!(sorted[0].starts_min, 23 * 60, "in the order of the shift, across midnight");
    }

    #[test]
    fn weekdays_and_dates_are_checked() {
        assert_eq!(parse_weekdays("Sat, sun"), Ok([false, false, false, false, false, true, true]));
        assert_eq!(parse_weekdays(""), Err(CalendarError::Weekdays));
        assert_eq!(parse_weekdays("mon,funday"), Err(CalendarError::Weekdays));
        assert_eq!(parse_date("2028-02-29"), Ok((2028, 2, 29)));
        for bad in ["2026-02-29", "2026-13-01", "2026-12-32", "26-12-01", "2026-1-01", "2026/12/01", ""] {
            assert_eq!(parse_date(bad), Err(CalendarError::Date), "{bad}");
        }
    }
}
