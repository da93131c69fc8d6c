//! The demo's shift calendar, the same in each facility (local time): an early
//! and a late shift every day with a half-hour break in the middle of each, and
//! the Christmas holidays of this year. The demo history and the live demo keep
//! to the same calendar (`demo_calendar`), so the dashboard's planned time and
//! the machines' states agree. A demo without history (what the tests start
//! from) has no calendar: its floor works round the clock until shifts are set.

use app::domain::shift_calendar::{parse_shift, ShiftRule};
use app::production::calendar::FacilityCalendar;
use chrono::Datelike;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, DbErr};

use super::tenants::DemoTenant;
use super::SeedCtx;

/// Code, name, start, end, weekdays, breaks.
const SHIFTS: [(&str, &str, &str, &str, &str, &str); 2] = [
    ("EARLY", "Early shift", "07:00", "15:00", "mon,tue,wed,thu,fri,sat,sun", "10:45+30"),
    ("LATE", "Late shift", "15:00", "23:00", "mon,tue,wed,thu,fri,sat,sun", "18:45+30"),
];

/// Code, name, month, day (of the current year).
const HOLIDAYS: [(&str, &str, i8, i8); 2] = [("XMAS", "Christmas Day", 12, 25), ("BOXING", "Boxing Day", 12, 26)];

fn shift_rules() -> Vec<(ShiftRule, String)> {
    SHIFTS
        .iter()
        .filter_map(|(_, name, starts, ends, days, breaks)| {
            Some((parse_shift(starts, ends, days, breaks).ok()?, name.to_string()))
        })
        .collect()
}

fn holidays() -> Vec<(i16, i8, i8)> {
    let year = chrono::Utc::now().year() as i16;
    HOLIDAYS.iter().map(|&(_, _, month, day)| (year, month, day)).collect()
}

/// The demo calendar in `time_zone` (`None` if the tz database does not know it).
pub fn demo_calendar(time_zone: &str) -> Option<FacilityCalendar> {
    FacilityCalendar::new(time_zone, shift_rules(), &holidays())
}

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    if ctx.history_days == 0 {
        return Ok(());
    }
    let now = chrono::Utc::now();
    for (n, &facility) in demo.facility_ids.iter().enumerate() {
        let site = n + 1;
        for (code, name, starts, ends, days, breaks) in SHIFTS {
            let insert = Query::insert()
                .into_table(Alias::new("shifts"))
                .columns(
                    [
                        "tenant_id",
                        "facility_id",
                        "code",
                        "name",
                        "starts_at",
                        "ends_at",
                        "weekdays",
                        "breaks",
                        "active",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    demo.tenant_id.into(),
                    facility.into(),
                    format!("{code}-{site}").into(),
                    name.into(),
                    starts.into(),
                    ends.into(),
                    days.into(),
                    breaks.into(),
                    true.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(&insert).await?;
        }
        for ((code, name, _, _), (year, month, day)) in HOLIDAYS.iter().zip(holidays()) {
            let insert = Query::insert()
                .into_table(Alias::new("holidays"))
                .columns(["tenant_id", "facility_id", "code", "name", "date", "updated_at"].map(Alias::new))
                .values_panic([
                    demo.tenant_id.into(),
                    facility.into(),
                    format!("{code}-{year}-{site}").into(),
                    (*name).into(),
                    format!("{year:04}-{month:02}-{day:02}").into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(&insert).await?;
        }
    }
    ctx.summary.push(format!("{} shifts and {} holidays per facility", SHIFTS.len(), HOLIDAYS.len()));
    Ok(())
}
