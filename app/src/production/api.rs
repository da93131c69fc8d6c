//! The operator station's server functions: what the tablet shows, and the one
//! door every operator action goes through (idempotent by key).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use leptos::server_fn::ServerFn;

use super::model::{FloorOverview, OeeTrend, RunsPage, StationAction, StationOutcome, StationStatus};
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

/// Operators at their own work center; supervisors and tenant admins at any of their tenant's.
pub const STATION_ACCESS: Access = Access::Roles(&[Role::Operator, Role::Supervisor, Role::TenantAdmin]);

/// The floor overview: supervisors and tenant admins.
pub const OVERVIEW_ACCESS: Access = Access::Roles(&[Role::Supervisor, Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] = &[
    (StationView::PATH, STATION_ACCESS),
    (StationWrite::PATH, STATION_ACCESS),
    (ProductionOverview::PATH, OVERVIEW_ACCESS),
    (ProductionRuns::PATH, OVERVIEW_ACCESS),
    (ProductionRunsCsv::PATH, OVERVIEW_ACCESS),
    (ProductionTrend::PATH, OVERVIEW_ACCESS),
];

/// Every work center's state, run and OEE over the last 24 hours, shared between
/// everyone polling it (a snapshot of a couple of seconds, at most a second behind
/// the last write).
#[server(endpoint = "production_overview")]
pub async fn production_overview() -> Result<FloorOverview, AppError> {
    server::overview().await
}

/// The floor's OEE per hour or day over `span` (a [`TrendSpan`](super::model::TrendSpan)
/// code such as `24h-hour`), shared between everyone polling the same span.
#[server(endpoint = "production_trend")]
pub async fn production_trend(span: String) -> Result<OeeTrend, AppError> {
    server::trend(&span).await
}

/// One page of the runs table: status (blank: any), work center (none: all),
/// days `from`..=`to` as YYYY-MM-DD on the tenant's home clock (blank: the
/// last week), page from 1.
#[server(endpoint = "production_runs")]
pub async fn production_runs(
    status: Option<String>,
    work_center_id: Option<i64>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
) -> Result<RunsPage, AppError> {
    server::runs(RunsArgs { status, work_center_id, from, to }, page.unwrap_or(1)).await
}

/// Every run the same filter admits, as CSV text (at most `MAX_CSV_ROWS`).
#[server(endpoint = "production_runs_csv")]
pub async fn production_runs_csv(
    status: Option<String>,
    work_center_id: Option<i64>,
    from: Option<String>,
    to: Option<String>,
) -> Result<String, AppError> {
    server::runs_csv(RunsArgs { status, work_center_id, from, to }).await
}

/// The runs filter as the table sends it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunsArgs {
    pub status: Option<String>,
    pub work_center_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The most runs one CSV export holds.
pub const MAX_CSV_ROWS: u64 = 50_000;

/// The work center's live run, state and reasons, for the operator's tablet.
#[server(endpoint = "station_view")]
pub async fn station_view(work_center_id: i64) -> Result<StationStatus, AppError> {
    server::view(work_center_id).await
}

/// Applies one operator action. `idempotency_key` is made when the action is
/// first tried and sent again with every retry: a repeat gets the first answer
/// and writes nothing.
#[server(endpoint = "station_write", input = Json)]
pub async fn station_write(
    work_center_id: i64,
    action: StationAction,
    idempotency_key: String,
) -> Result<StationOutcome, AppError> {
    server::write(work_center_id, action, idempotency_key).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::{RunsArgs, MAX_CSV_ROWS, OVERVIEW_ACCESS, STATION_ACCESS};
    use crate::auth::guard::{tenant_caller, tenant_read, tenant_write, AuthCtx};
    use crate::auth::model::Role;
    use crate::db::scope::{self, Scope, TenantId};
    use crate::error::AppError;
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;
    use crate::production::actions::{apply, Actor};
    use crate::production::local_time;
    use crate::production::model::RunsPage;
    use crate::production::model::{FloorOverview, OeeTrend, StationAction, StationOutcome, StationStatus, TrendSpan};
    use crate::production::overview::shared_overview;
    use crate::production::runs::{self, RunsFilter, RunsQuery, MAX_PAGE};
    use crate::production::trend::floor_trend;
    use crate::snapshot::{AfterWrite, SnapshotKey};

    pub async fn overview() -> Result<FloorOverview, AppError> {
        let (_, tenant) = tenant_caller(OVERVIEW_ACCESS).await?;
        shared_overview(&crate::db::use_server_state()?, tenant, None).await
    }
    /// The trend reads days of history: it is recomputed at most this often while counts arrive.
    const TREND_SETTLE: AfterWrite = AfterWrite::Settle(std::time::Duration::from_secs(10));

    pub async fn trend(span: &str) -> Result<OeeTrend, AppError> {
        let (_, tenant) = tenant_caller(OVERVIEW_ACCESS).await?;
        let span = TrendSpan::from_code(span).ok_or_else(|| AppError::invalid(use_i18n().trend_bad_span))?;
        let state = crate::db::use_server_state()?;
        let key = SnapshotKey { tenant: Some(tenant), view: "production_trend", params: span.code().to_string() };
        state
            .snapshots
            .get_or_compute(key, TREND_SETTLE, async {
                let tx = scope::read(&state.db, Scope::Tenant(tenant)).await?;
                let policy = crate::production::loss_rules::store::policy(&tx, tenant).await?;
                let trend = floor_trend(&tx, tenant, span, Utc::now().timestamp_millis(), &policy).await?;
                tx.commit().await?;
                Ok(trend)
            })
            .await
    }

    use crate::production::store;

    /// The checked filter (its days on the tenant's home clock, which comes
    /// with it), with the transaction it was checked in: a work center that is
    /// not the tenant's is "not found", as everywhere.
    async fn runs_filter(args: &RunsArgs) -> Result<(TenantId, scope::ReadTx, RunsFilter, String), AppError> {
        let (_, tenant, tx) = tenant_read(OVERVIEW_ACCESS).await?;
        let query = RunsQuery {
            status: args.status.as_deref(),
            work_center_id: args.work_center_id,
            from: args.from.as_deref(),
            to: args.to.as_deref(),
        };
        let centers = store::work_centers_in_zones(&tx, tenant, None).await?;
        if args.work_center_id.is_some_and(|id| !centers.iter().any(|(center, _, _)| *center == id)) {
            return Err(AppError::not_found());
        }
        let home = local_time::home_zone(centers.iter().map(|(_, _, zone)| zone.as_str()));
        let zone = local_time::zone(&home);
        let today = local_time::formatted(&zone, Utc::now().timestamp_millis(), "%Y-%m-%d");
        let today = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").map_err(AppError::internal)?;
        let midnight = |day: chrono::NaiveDate| local_time::midnight_of(&zone, &day.to_string());
        let filter = runs::parse_filter(query, today, &midnight, use_i18n()).map_err(AppError::invalid)?;
        Ok((tenant, tx, filter, home))
    }

    pub async fn runs(args: RunsArgs, page: u32) -> Result<RunsPage, AppError> {
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(AppError::invalid(use_i18n().runs_bad_page));
        }
        let (tenant, tx, filter, home) = runs_filter(&args).await?;
        let mut found = runs::page(&tx, tenant, &filter, page).await?;
        tx.commit().await?;
        let zone = local_time::zone(&home);
        for row in &mut found.rows {
            row.start_local = local_time::formatted(&zone, row.start_ms, TABLE_TIME);
            row.end_local = row.ended_ms.map(|ended| local_time::formatted(&zone, ended, TABLE_TIME));
        }
        found.time_zone = home;
        Ok(found)
    }

    /// How the runs table writes a moment.
    const TABLE_TIME: &str = "%Y-%m-%d %H:%M";

    pub async fn runs_csv(args: RunsArgs) -> Result<String, AppError> {
        let (tenant, tx, filter, _) = runs_filter(&args).await?;
        let rows = runs::listed(&tx, tenant, &filter, 0, MAX_CSV_ROWS + 1).await?;
        tx.commit().await?;
        if rows.len() as u64 > MAX_CSV_ROWS {
            return Err(AppError::invalid(use_i18n().runs_csv_too_many));
        }
        crate::production::runs_csv::to_csv(&rows).map_err(AppError::internal)
    }

    /// An operator signed in at a kiosk reaches only the work center they chose there.
    fn may_reach(ctx: &AuthCtx, work_center_id: i64) -> Result<(), AppError> {
        if ctx.role == Role::Operator && ctx.work_center_id != Some(work_center_id) {
            return Err(AppError::forbidden());
        }
        Ok(())
    }

    pub async fn view(work_center_id: i64) -> Result<StationStatus, AppError> {
        let (ctx, tenant, tx) = tenant_read(STATION_ACCESS).await?;
        may_reach(&ctx, work_center_id)?;
        let Some(station) = store::station(&tx, tenant, work_center_id).await? else {
            return Err(AppError::not_found());
        };
        Ok(store::view(&tx, tenant, station).await?)
    }

    pub async fn write(
        work_center_id: i64,
        action: StationAction,
        idempotency_key: String,
    ) -> Result<StationOutcome, AppError> {
        let key = IdempotencyKey::parse(&idempotency_key).map_err(AppError::invalid)?;
        let (ctx, tenant, tx) = tenant_write(STATION_ACCESS).await?;
        may_reach(&ctx, work_center_id)?;
        let Some(station) = store::station(&tx, tenant, work_center_id).await? else {
            return Err(AppError::not_found());
        };
        let request = (work_center_id, &action);
        let claimed = match claim(&tx, &ctx, tenant, "/api/station_write", Some(&key), &request).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let actor = Actor { user_id: ctx.user_id, now_ms: Utc::now().timestamp_millis(), t: use_i18n() };
        let outcome = apply(&tx, tenant, &station, &action, &actor).await?;
        // A refusal is remembered for the key too: a retry gets the same answer.
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
