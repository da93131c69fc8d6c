//! What the floor overview reads of its window: every machine state and count
//! event in it, each kind packed by the database into one text value, fields
//! joined by `,` and rows by `;` (`string_agg` of `concat`, the same SQL on
//! SQLite ≥ 3.44 and Postgres; `concat` leaves a NULL empty).
//!
//! Why packed: a day of 60 machines is some 9,000 state and count rows, and read
//! row by row they cost several times more in the driver (SQLite's hands every row
//! from its thread to ours) than the queries themselves (measured with `server
//! bench-floor`). Why text and not JSON: Postgres builds the JSON of 5,000 counts
//! in 12 ms and the text in 5 (median of 15 in `psql`, this machine). Not grouped
//! by work center in SQL: SQLite would then rather walk a tenant's whole history
//! in work-center order than sort one day's rows.

use std::collections::HashMap;

use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, Statement};

use crate::db::entity::state_event::StateKind;
use crate::db::scope::TenantId;
use crate::domain::oee::{CountEvent, Window};

/// A machine state that overlaps the window.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowState {
    pub state: StateKind,
    pub started_ms: i64,
    /// `None` while it lasts.
    pub ended_ms: Option<i64>,
    pub reason_id: Option<i64>,
}

impl WindowState {
    /// A stop nobody has given a reason for yet (the tablet asks for one).
    pub fn is_unexplained_stop(&self) -> bool {
        self.reason_id.is_none() && matches!(self.state, StateKind::Idle | StateKind::Down)
    }
}

/// The window's count events, and how far their runs had come.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowCounts {
    /// Each work center's count events inside the window.
    pub by_center: HashMap<i64, Vec<CountEvent>>,
    /// Good and scrap pieces each run counted up to the window's end: the runs
    /// with counts in the window, and those asked for.
    pub run_totals: HashMap<i64, (i64, i64)>,
    /// Scrap pieces inside the window by work center and scrap reason (`None`:
    /// recorded without one).
    pub scrap_by_reason: HashMap<(i64, Option<i64>), i64>,
}

/// `$1` tenant, `$2` window start, `$3` window end (numbered on both backends).
const STATES_SQL: &str = "
    SELECT string_agg(concat(work_center_id, ',', state, ',', started_ms, ',', ended_ms, ',', reason_id), ';')
        AS packed
    FROM state_events
    WHERE tenant_id = $1 AND started_ms < $3 AND (ended_ms IS NULL OR ended_ms > $2)";

/// Counts in the window (their runs come from [`runs_sql`]: joined here, Postgres
/// would rather read every run of the tenant than look up a few hundred).
const COUNTS_SQL: &str = "
    SELECT string_agg(
            concat(work_center_id, ',', id, ',', run_id, ',', at_ms, ',', good, ',', scrap, ',', scrap_reason_id), ';'
        ) AS packed
    FROM count_events
    WHERE tenant_id = $1 AND at_ms >= $2 AND at_ms < $3";

/// Runs looked up by id at most this many at a time (within both backends' limits on bound values).
const RUNS_PER_QUERY: usize = 500;

/// The runs `$3`… with their ideal cycle time, start, and the good and scrap
/// pieces they counted before `$2` (Postgres sums BIGINT to NUMERIC, hence the
/// casts). Only a run that started before `$2` is summed: a count is never
/// earlier than its run's start (the station clamps it), and most runs of a
/// window started in it.
fn runs_sql(ids: usize) -> String {
    let placeholders: Vec<String> = (0..ids).map(|i| format!("${}", i + 3)).collect();
    let before = |column: &str| {
        format!(
            "CASE WHEN COALESCE(r.started_ms, r.created_ms) < $2
              THEN (SELECT CAST(COALESCE(SUM(b.{column}), 0) AS BIGINT)
                    FROM count_events b WHERE b.run_id = r.id AND b.at_ms < $2)
              ELSE 0 END AS {column}_before"
        )
    };
    format!(
        "SELECT r.id, r.ideal_cycle_ms, COALESCE(r.started_ms, r.created_ms) AS started_ms, {}, {}
         FROM production_runs r
         WHERE r.tenant_id = $1 AND r.id IN ({})",
        before("good"),
        before("scrap"),
        placeholders.join(", ")
    )
}

/// A run's ideal cycle time and start, and the pieces it counted so far: before
/// the window when read, then up to each count as the window's are walked.
struct RunSoFar {
    ideal_cycle_ms: i64,
    started_ms: i64,
    good: i64,
    scrap: i64,
}

/// Each work center's states overlapping `window`, in no particular order.
pub async fn states_in(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
) -> Result<HashMap<i64, Vec<WindowState>>, DbErr> {
    let mut states: HashMap<i64, Vec<WindowState>> = HashMap::new();
    for [work_center, state, started_ms, ended_ms, reason_id] in rows(&packed(db, STATES_SQL, tenant, window).await?) {
        let state = StateKind::try_from_value(&state.to_string()).map_err(|e| DbErr::Type(e.to_string()))?;
        let state =
            WindowState { state, started_ms: int(started_ms)?, ended_ms: opt(ended_ms)?, reason_id: opt(reason_id)? };
        states.entry(int(work_center)?).or_default().push(state);
    }
    Ok(states)
}

/// Each work center's count events inside `window`, each with its run's ideal
/// cycle time and start and the pieces the run had counted before it (in the
/// order of time, then of recording); and how far those runs and `also_runs` came.
pub async fn counts_in(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    also_runs: &[i64],
) -> Result<WindowCounts, DbErr> {
    let packed = packed(db, COUNTS_SQL, tenant, window).await?;
    let mut scrap_by_reason: HashMap<(i64, Option<i64>), i64> = HashMap::new();
    let mut rows = rows(&packed)
        .map(|[a, b, c, d, e, f, reason]| {
            let (center, scrap) = (int(a)?, int(f)?);
            if scrap > 0 {
                *scrap_by_reason.entry((center, opt(reason)?)).or_default() += scrap;
            }
            Ok((center, int(b)?, int(c)?, int(d)?, int(e)?, scrap))
        })
        .collect::<Result<Vec<(i64, i64, i64, i64, i64, i64)>, DbErr>>()?;
    rows.sort_unstable_by_key(|&(_, id, run_id, at_ms, ..)| (run_id, at_ms, id));
    let mut run_ids: Vec<i64> =
        rows.iter().map(|&(_, _, run_id, ..)| run_id).chain(also_runs.iter().copied()).collect();
    run_ids.sort_unstable();
    run_ids.dedup();
    let mut runs = runs_so_far(db, tenant, window, &run_ids).await?;
    let mut by_center: HashMap<i64, Vec<CountEvent>> = HashMap::new();
    for (center, _, run_id, at_ms, good, scrap) in rows {
        let run = runs.get_mut(&run_id).ok_or_else(|| DbErr::RecordNotFound(format!("run {run_id} of a count")))?;
        let count = CountEvent {
            at_ms,
            good,
            scrap,
            ideal_cycle_ms: run.ideal_cycle_ms,
            run_started_ms: run.started_ms,
            run_pieces_before: run.good + run.scrap,
        };
        (run.good, run.scrap) = (run.good + good, run.scrap + scrap);
        by_center.entry(center).or_default().push(count);
    }
    let run_totals = runs.into_iter().map(|(id, run)| (id, (run.good, run.scrap))).collect();
    Ok(WindowCounts { by_center, run_totals, scrap_by_reason })
}

async fn runs_so_far(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    run_ids: &[i64],
) -> Result<HashMap<i64, RunSoFar>, DbErr> {
    let backend = db.get_database_backend();
    let mut runs = HashMap::with_capacity(run_ids.len());
    for ids in run_ids.chunks(RUNS_PER_QUERY) {
        let mut values: Vec<sea_orm::Value> = vec![tenant.0.into(), window.start_ms.into()];
        values.extend(ids.iter().map(|&id| id.into()));
        for row in db.query_all_raw(Statement::from_sql_and_values(backend, runs_sql(ids.len()), values)).await? {
            let run = RunSoFar {
                ideal_cycle_ms: row.try_get("", "ideal_cycle_ms")?,
                started_ms: row.try_get("", "started_ms")?,
                good: row.try_get("", "good_before")?,
                scrap: row.try_get("", "scrap_before")?,
            };
            runs.insert(row.try_get("", "id")?, run);
        }
    }
    Ok(runs)
}

/// Runs `sql` and returns its one value, the window's rows packed as text
/// (empty when there are none: both backends aggregate no rows to NULL).
async fn packed(db: &impl ConnectionTrait, sql: &str, tenant: TenantId, window: Window) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    let values = [tenant.0.into(), window.start_ms.into(), window.end_ms.into()];
    let found = db.query_one_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(found.map(|row| row.try_get::<Option<String>>("", "packed")).transpose()?.flatten().unwrap_or_default())
}

/// The packed rows, each split into its `N` fields (a row of another width is a bug).
fn rows<const N: usize>(packed: &str) -> impl Iterator<Item = [&str; N]> + '_ {
    packed.split(';').filter(|row| !row.is_empty()).map(|row| {
        let mut fields = row.split(',');
        std::array::from_fn(|_| fields.next().unwrap_or_default())
    })
}

fn int(field: &str) -> Result<i64, DbErr> {
    field.parse().map_err(|_| DbErr::Type(format!("not a whole number in a packed row: {field:?}")))
}

/// An integer field that may be NULL, packed as nothing.
fn opt(field: &str) -> Result<Option<i64>, DbErr> {
    if field.is_empty() {
        Ok(None)
    } else {
        int(field).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_rows_split_into_fields_and_empty_fields_are_null() {
        let parsed: Vec<[&str; 3]> = rows("1,RUNNING,5;2,DOWN,").collect();
        assert_eq!(parsed, [["1", "RUNNING", "5"], ["2", "DOWN", ""]]);
        assert_eq!(opt("").unwrap(), None);
        assert_eq!(opt("-7").unwrap(), Some(-7));
        assert!(int("x").is_err());
        assert_eq!(rows::<2>("").count(), 0, "no rows");
    }
}
