//! Dates of demand history: strict ISO parsing, the frequency a series' dates
//! follow, each date's period number, and the dates that continue a series.
//!
//! Civil-date arithmetic after Howard Hinnant, "chrono-Compatible Low-Level Date
//! Algorithms" (days since 1970-01-01, proleptic Gregorian calendar).

use std::fmt;

use super::seasonality::Frequency;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` (years 1000–9999) and rejects impossible days.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            bytes[range.clone()].iter().all(u8::is_ascii_digit).then(|| text[range].parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if year < 1000 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date::from_ymd(year, month, day))
    }

    /// The day `days` after 1970-01-01 (before it when negative).
    pub fn from_days(days: i64) -> Date {
        Date { days }
    }

    pub fn from_ymd(year: i64, month: i64, day: i64) -> Date {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Date { days: era * 146_097 + day_of_era - 719_468 }
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    fn months(self) -> i64 {
        let (year, month, _) = self.ymd();
        year * 12 + month - 1
    }

    fn is_month_end(self) -> bool {
        let (year, month, day) = self.ymd();
        day == days_in_month(year, month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// How a series' dates map to period numbers 0, 1, 2… and back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub frequency: Frequency,
    first: Date,
    /// Monthly and quarterly data dated on month ends continue on month ends.
    month_end: bool,
}

impl Calendar {
    /// The frequency that `dates` (sorted, distinct) follow: monthly (quarterly) when
    /// every date falls on the same day of the month, or every one on a month end
    /// (gaps in whole quarters: quarterly); else weekly when every gap is a whole
    /// number of weeks; otherwise daily. A single date is taken as `fallback`.
    pub fn infer(dates: &[Date], fallback: Frequency) -> Calendar {
        let first = dates.first().copied().unwrap_or(Date { days: 0 });
        let month_end = dates.len() > 1 && dates.iter().all(|d| d.is_month_end());
        let same_day = dates.iter().all(|d| d.ymd().2 == first.ymd().2);
        let frequency = if dates.len() < 2 {
            fallback
        } else if same_day || month_end {
            if dates.windows(2).all(|w| (w[1].months() - w[0].months()) % 3 == 0) {
                Frequency::Quarterly
            } else {
                Frequency::Monthly
            }
        } else if dates.windows(2).all(|w| (w[1].days - w[0].days) % 7 == 0) {
            Frequency::Weekly
        } else {
            Frequency::Daily
        };
        Calendar { frequency, first, month_end }
    }

    /// The period number of `date` (0 for the first date); dates between periods are
    /// counted in the period they fall in.
    pub fn index_of(&self, date: Date) -> usize {
        let steps = match self.frequency {
            Frequency::Daily => date.days - self.first.days,
            Frequency::Weekly => (date.days - self.first.days).div_euclid(7),
            Frequency::Monthly => date.months() - self.first.months(),
            Frequency::Quarterly => (date.months() - self.first.months()).div_euclid(3),
        };
        steps.max(0) as usize
    }

    /// The date of period number `index`.
    pub fn date_at(&self, index: usize) -> Date {
        let index = index as i64;
        let months = match self.frequency {
            Frequency::Daily => return Date { days: self.first.days + index },
            Frequency::Weekly => return Date { days: self.first.days + 7 * index },
            Frequency::Monthly => self.first.months() + index,
            Frequency::Quarterly => self.first.months() + 3 * index,
        };
        let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
        let last_day = days_in_month(year, month);
        let day = if self.month_end { last_day } else { self.first.ymd().2.min(last_day) };
        Date::from_ymd(year, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_and_prints_iso_dates() {
        assert_eq!(date("1970-01-01"), Date { days: 0 });
        assert_eq!(date("2000-03-01").days, 11_017);
        assert_eq!(date("2024-02-29").to_string(), "2024-02-29");
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024-1-01", "2024/01/01", "2024-01-32", "", "2024-01-01T00", "+024-01-01"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips_every_day_for_years() {
        let start = date("1999-12-25").days;
        for days in start..start + 3000 {
            let d = Date { days };
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), d);
            assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
    }

    #[test]
    fn infers_each_frequency() {
        let infer = |texts: &[&str]| Calendar::infer(&texts.iter().map(|t| date(t)).collect::<Vec<_>>(), Frequency::Daily).frequency;
        assert_eq!(infer(&["2024-01-01", "2024-01-02", "2024-01-05"]), Frequency::Daily);
        assert_eq!(infer(&["2024-01-01", "2024-01-08", "2024-01-22"]), Frequency::Weekly);
        assert_eq!(infer(&["2024-01-15", "2024-02-15", "2024-04-15"]), Frequency::Monthly);
        assert_eq!(infer(&["2024-01-31", "2024-02-29", "2024-03-31"]), Frequency::Monthly);
        assert_eq!(infer(&["2024-01-01", "2024-04-01", "2024-10-01"]), Frequency::Quarterly);
        assert_eq!(infer(&["2024-01-01"]), Frequency::Daily);
    }

    #[test]
    fn continues_month_ends_and_clamps_short_months() {
        let month_ends = Calendar::infer(&[date("2024-01-31"), date("2024-02-29")], Frequency::Daily);
        assert_eq!(month_ends.date_at(2), date("2024-03-31"));
        assert_eq!(month_ends.date_at(3), date("2024-04-30"));
        let thirtieth = Calendar::infer(&[date("2023-12-30"), date("2024-01-30")], Frequency::Daily);
        assert_eq!(thirtieth.date_at(2), date("2024-02-29"));
        assert_eq!(thirtieth.date_at(3), date("2024-03-30"));
        let quarters = Calendar::infer(&[date("2024-01-01"), date("2024-04-01")], Frequency::Daily);
        assert_eq!(quarters.index_of(date("2025-01-01")), 4);
        assert_eq!(quarters.date_at(5), date("2025-04-01"));
    }

    #[test]
    fn counts_periods_with_gaps() {
        let daily = Calendar::infer(&[date("2024-02-27"), date("2024-03-02")], Frequency::Daily);
        assert_eq!(daily.index_of(date("2024-03-02")), 4);
        assert_eq!(daily.date_at(4), date("2024-03-02"));
    }
}
