//! The runs table: a tenant's production runs newest first, filtered by status,
//! work center and a range of days (on the tenant's home clock), with the good and scrap pieces each
//! counted. A run is listed by when it started, or was planned to start, or was
//! created ([`migrations::RUN_START`], which the index m0009 is built on, so a
//! page never sorts a tenant's whole history).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, Statement, Value};

use super::model::{RunRow, RunsPage, RUN_STATUSES};
use crate::db::entity::production_run::RunStatus;
use crate::db::scope::TenantId;
use crate::i18n::Catalogue;

/// Rows per page of the table.
pub const PER_PAGE: u32 = 50;
/// The widest range of days one filter may cover.
pub const MAX_DAYS: u64 = 366;
/// The last page that may be asked for.
pub const MAX_PAGE: u32 = 10_000;
/// Days shown when the filter names none: the last week, today included.
const DEFAULT_DAYS: u64 = 7;
/// Run ids per query when their pieces are summed.
const RUNS_PER_QUERY: usize = 500;

/// What the runs are filtered by, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunsFilter {
    pub status: Option<RunStatus>,
    pub work_center_id: Option<i64>,
    /// From this midnight of the tenant's clock (Unix ms)…
    pub from_ms: i64,
    /// …to this one, excluded.
    pub to_ms: i64,
}

/// The filter as a request sends it: blank means "any" (or the last week).
#[derive(Clone, Copy, Debug, Default)]
pub struct RunsQuery<'a> {
    pub status: Option<&'a str>,
    pub work_center_id: Option<i64>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

fn blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Checks `query` against `today` on the tenant's clock, whose midnights
/// `midnight` gives; the sentence saying what is wrong otherwise.
pub fn parse_filter(
    query: RunsQuery<'_>,
    today: NaiveDate,
    midnight: &dyn Fn(NaiveDate) -> Option<i64>,
    t: &Catalogue,
) -> Result<RunsFilter, &'static str> {
    let status = match blank(query.status) {
        None => None,
        Some(status) if RUN_STATUSES.contains(&status) => {
            Some(RunStatus::try_from_value(&status.to_string()).map_err(|_| t.runs_bad_status)?)
        }
        Some(_) => return Err(t.runs_bad_status),
    };
    let day = |text: Option<&str>, default: NaiveDate| match blank(text) {
        None => Ok(default),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| t.runs_bad_date),
    };
    let to = day(query.to, today)?;
    let from = day(query.from, to.checked_sub_days(Days::new(DEFAULT_DAYS - 1)).unwrap_or(to))?;
    if from > to {
        return Err(t.runs_from_after_to);
    }
    if (to - from).num_days() + 1 > MAX_DAYS as i64 {
        return Err(t.runs_range_too_long);
    }
    let after_to = to.checked_add_days(Days::new(1)).and_then(midnight);
    let (Some(from_ms), Some(to_ms)) = (midnight(from), after_to) else { return Err(t.runs_bad_date) };
    Ok(RunsFilter { status, work_center_id: query.work_center_id, from_ms, to_ms })
}

/// The `WHERE` of every runs query and its values (`$1` the tenant).
fn condition(tenant: TenantId, filter: &RunsFilter) -> (String, Vec<Value>) {
    let start = migrations::RUN_START;
    let mut sql = format!("production_runs.tenant_id = $1 AND {start} >= $2 AND {start} < $3");
    let mut values: Vec<Value> = vec![tenant.0.into(), filter.from_ms.into(), filter.to_ms.into()];
    if let Some(status) = filter.status {
        values.push(status.to_value().into());
        sql.push_str(&format!(" AND production_runs.status = ${}", values.len()));
    }
    if let Some(work_center) = filter.work_center_id {
        values.push(work_center.into());
        sql.push_str(&format!(" AND production_runs.work_center_id = ${}", values.len()));
    }
    (sql, values)
}

/// Page `page` (1-based) of the runs `filter` admits, and how many there are.
pub async fn page(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    filter: &RunsFilter,
    page: u32,
) -> Result<RunsPage, DbErr> {
    let (condition_sql, values) = condition(tenant, filter);
    let sql = format!("SELECT COUNT(*) AS n FROM production_runs WHERE {condition_sql}");
    let backend = db.get_database_backend();
    let counted = db.query_one_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    let total: i64 = counted.map(|row| row.try_get("", "n")).transpose()?.unwrap_or(0);
    let offset = u64::from(page.saturating_sub(1)) * u64::from(PER_PAGE);
    let rows = listed(db, tenant, filter, offset, u64::from(PER_PAGE)).await?;
    Ok(RunsPage { rows, time_zone: String::new(), total: total.max(0) as u64, page, per_page: PER_PAGE })
}

/// At most `limit` runs `filter` admits, newest first, from the `offset`-th on.
pub async fn listed(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    filter: &RunsFilter,
    offset: u64,
    limit: u64,
) -> Result<Vec<RunRow>, DbErr> {
    let start = migrations::RUN_START;
    let (condition_sql, mut values) = condition(tenant, filter);
    values.push((limit.min(i64::MAX as u64) as i64).into());
    values.push((offset.min(i64::MAX as u64) as i64).into());
    let sql = format!(
        "SELECT production_runs.id, w.code AS wc_code, w.name AS wc_name, production_runs.job,
                production_runs.product, production_runs.status, production_runs.planned_quantity,
                {start} AS start_ms, production_runs.ended_ms, u.display_name AS operator
         FROM production_runs
         JOIN work_centers w ON w.id = production_runs.work_center_id
         LEFT JOIN users u ON u.id = production_runs.operator_id
         WHERE {condition_sql}
         ORDER BY {start} DESC, production_runs.id DESC
         LIMIT ${} OFFSET ${}",
        values.len() - 1,
        values.len()
    );
    let backend = db.get_database_backend();
    let found = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    let mut rows = found
        .iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "wc_code")?, row.try_get("", "wc_name")?);
            Ok(RunRow {
                id: row.try_get("", "id")?,
                work_center: format!("{code} — {name}"),
                job: row.try_get("", "job")?,
                product: row.try_get("", "product")?,
                status: row.try_get("", "status")?,
                planned_quantity: row.try_get("", "planned_quantity")?,
                good: 0,
                scrap: 0,
                start_ms: row.try_get("", "start_ms")?,
                ended_ms: row.try_get("", "ended_ms")?,
                start_local: String::new(),
                end_local: None,
                operator: row.try_get("", "operator")?,
            })
        })
        .collect::<Result<Vec<RunRow>, DbErr>>()?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let counted = pieces(db, tenant, &ids).await?;
    for row in &mut rows {
        (row.good, row.scrap) = counted.get(&row.id).copied().unwrap_or_default();
    }
    Ok(rows)
}

/// Good and scrap pieces of each run in `ids` (Postgres sums BIGINT to NUMERIC, hence the casts).
async fn pieces(db: &impl ConnectionTrait, tenant: TenantId, ids: &[i64]) -> Result<HashMap<i64, (i64, i64)>, DbErr> {
    let backend = db.get_database_backend();
    let mut counted = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(RUNS_PER_QUERY) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT run_id, CAST(SUM(good) AS BIGINT) AS good, CAST(SUM(scrap) AS BIGINT) AS scrap
             FROM count_events WHERE tenant_id = $1 AND run_id IN ({}) GROUP BY run_id",
            placeholders.join(", ")
        );
        let mut values: Vec<Value> = vec![tenant.0.into()];
        values.extend(chunk.iter().map(|&id| Value::from(id)));
        for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await? {
            counted.insert(row.try_get("", "run_id")?, (row.try_get("", "good")?, row.try_get("", "scrap")?));
        }
    }
    Ok(counted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn utc_midnight(day: NaiveDate) -> Option<i64> {
        day.and_hms_opt(0, 0, 0).map(|at| at.and_utc().timestamp_millis())
    }

    fn ms(day: &str) -> i64 {
        NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis()
    }

    #[test]
    fn a_blank_filter_is_every_run_of_the_last_week() {
        let filter =
            parse_filter(RunsQuery { status: Some(" "), ..Default::default() }, today(), &utc_midnight, &EN).unwrap();
        assert_eq!(
            filter,
            RunsFilter { status: None, work_center_id: None, from_ms: ms("2026-11-27"), to_ms: ms("2026-12-04") }
        );
    }

    #[test]
    fn days_are_whole_utc_days_both_included() {
        let query = RunsQuery {
            status: Some("completed"),
            work_center_id: Some(4),
            from: Some("2026-01-31"),
            to: Some("2026-02-01"),
        };
        let filter = parse_filter(query, today(), &utc_midnight, &EN).unwrap();
        assert_eq!(filter.status, Some(RunStatus::Completed));
        assert_eq!((filter.from_ms, filter.to_ms), (ms("2026-01-31"), ms("2026-02-02")));
    }

    #[test]
    fn days_are_the_tenants_local_days() {
        let berlin = crate::production::local_time::zone("Europe/Berlin");
        let midnight = |day: NaiveDate| crate::production::local_time::midnight_of(&berlin, &day.to_string());
        let query = RunsQuery { from: Some("2026-12-01"), to: Some("2026-12-01"), ..Default::default() };
        let filter = parse_filter(query, today(), &midnight, &EN).unwrap();
        assert_eq!((filter.from_ms, filter.to_ms), (ms("2026-12-01") - 3_600_000, ms("2026-12-02") - 3_600_000));
    }

    #[test]
    fn bad_filters_say_what_is_wrong() {
        let refused = |query: RunsQuery<'_>| parse_filter(query, today(), &utc_midnight, &EN).unwrap_err();
        assert_eq!(refused(RunsQuery { status: Some("exploded"), ..Default::default() }), EN.runs_bad_status);
        assert_eq!(refused(RunsQuery { from: Some("3 Dec"), ..Default::default() }), EN.runs_bad_date);
        assert_eq!(refused(RunsQuery { to: Some("2026-02-30"), ..Default::default() }), EN.runs_bad_date);
        assert_eq!(refused(RunsQuery { from: Some("2026-12-04"), ..Default::default() }), EN.runs_from_after_to);
        let long = RunsQuery { from: Some("2025-01-01"), to: Some("2026-01-02"), ..Default::default() };
        assert_eq!(refused(long), EN.runs_range_too_long);
        let year = RunsQuery { from: Some("2025-01-01"), to: Some("2026-01-01"), ..Default::default() };
        assert!(parse_filter(year, today(), &utc_midnight, &EN).is_ok(), "366 days are fine");
    }
}
