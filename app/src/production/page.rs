//! The supervisor's dashboard (`/production`): the floor's OEE over the last 24
//! hours, a tile per work center, the loss and utilization charts and the runs
//! table, polled with the shared hook.

use leptos::prelude::*;
use leptos_meta::Title;

use super::alerts::panel::AlertsPanel;
use super::api::{production_overview, OVERVIEW_ACCESS};
use super::floor_charts::FloorCharts;
use super::model::{FloorOverview, WorkCenterTile};
use super::runs_table::RunsTable;
use super::station::state_name;
use super::trend_chart::OeeTrendChart;
use crate::auth::api::when_allowed;
use crate::domain::oee::{MachineState, OeeFigures};
use crate::i18n::use_i18n;
use crate::ui::layout::PageHeader;
use crate::ui::polling::{use_poll, PollStatus, RefreshPicker};
use crate::ui::stat_card::StatCard;

#[component]
pub fn ProductionPage() -> impl IntoView {
    let tv = leptos_router::hooks::use_query_map().with_untracked(|query| query.get("tv").as_deref() == Some("1"));
    if tv {
        return view! { <super::tv::SupervisorTv/> }.into_any();
    }
    view! { <Dashboard/> }.into_any()
}

/// The dashboard at the desk.
#[component]
fn Dashboard() -> impl IntoView {
    let t = use_i18n();
    let every_secs = RwSignal::new(Some(10));
    let overview = use_poll(every_secs.into(), || when_allowed(OVERVIEW_ACCESS, production_overview));
    // The runs table stays as it is while the overview refreshes: it hangs on the
    // work centers, which a poll rarely changes. It is drawn in the browser, from
    // the overview as the browser last received it (`latest`: none on the server,
    // so the hydrated page matches the one the server sent).
    let work_centers = Memo::new(move |_| {
        overview
            .latest
            .get()
            .flatten()
            .map(|found| found.tiles.into_iter().map(|tile| (tile.id, tile.name)).collect::<Vec<_>>())
    });
    view! {
        <Title text=t.production_title/>
        <section class="page">
            <PageHeader title=t.production_title intro=t.production_intro>
                <RefreshPicker every_secs/>
                <PollStatus poll=overview/>
            </PageHeader>
            <p class="page-links"><a href="/production/schedule">{t.schedule_link}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || match (overview.data.get(), overview.error.get()) {
                    (Some(Some(found)), _) => view! { <Floor found/> }.into_any(),
                    (Some(None), _) => view! { <p class="empty-state">{t.prod_sign_in}</p> }.into_any(),
                    (None, Some(error)) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                    (None, None) => view! { <p class="loading">{t.loading}</p> }.into_any(),
                }}
            </Transition>
            <Show when=move || work_centers.get().is_some_and(|centers| !centers.is_empty())>
                <AlertsPanel every_secs/>
                <FloorCharts latest=Signal::derive(move || overview.latest.get().flatten())/>
                <OeeTrendChart every_secs/>
            </Show>
            <Show when=move || work_centers.get().is_some()>
                <RunsTable work_centers=Signal::derive(move || work_centers.get().unwrap_or_default())/>
            </Show>
        </section>
    }
}

/// 1 234 567: digits in groups of three, readable from across the room.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "74.8 %", or "—" when there is nothing to divide by.
fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "—".to_string(), |r| format!("{:.1} %", r * 100.0))
}

#[component]
pub(super) fn Floor(found: FloorOverview) -> impl IntoView {
    let t = use_i18n();
    if found.tiles.is_empty() {
        return view! { <p class="empty-state">{t.prod_no_work_centers}</p> }.into_any();
    }
    let total = found.total;
    let window_end_ms = found.window_end_ms;
    let figure = |text: String| Signal::stored(text);
    let active = found.tiles.iter().filter(|tile| tile.run.as_ref().is_some_and(|run| !run.paused)).count();
    view! {
        <h2>{t.prod_window}</h2>
        <div class="stat-cards" data-testid="floor-figures">
            <StatCard label=t.prod_oee value=figure(percent(total.oee()))/>
            <StatCard label=t.prod_oee_today value=figure(percent(found.today.oee()))/>
            <StatCard label=t.prod_oee_last_hour value=figure(percent(found.last_hour.oee()))/>
            <StatCard label=t.prod_availability value=figure(percent(total.availability()))/>
            <StatCard label=t.prod_performance value=figure(percent(total.performance()))/>
            <StatCard label=t.prod_quality value=figure(percent(total.quality()))/>
            <StatCard label=t.prod_good value=figure(grouped(total.good))/>
            <StatCard label=t.prod_scrap value=figure(grouped(total.scrap))/>
            <StatCard label=t.prod_active_runs value=figure(active.to_string())/>
            <StatCard label=t.prod_runs_scheduled value=figure(found.runs_scheduled.to_string())/>
            <StatCard label=t.prod_runs_completed_today value=figure(found.runs_completed_today.to_string())/>
            <StatCard label=t.prod_unexplained_min value=figure((total.losses.unexplained_ms / 60_000).to_string())/>
        </div>
        <div class="tiles">
            {found.tiles.into_iter().map(|tile| view! { <Tile tile window_end_ms/> }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn Tile(tile: WorkCenterTile, window_end_ms: i64) -> impl IntoView {
    let t = use_i18n();
    let figures: OeeFigures = tile.figures;
    let state_class = tile.state.map_or("state-none", state_class);
    view! {
        <article class=format!("tile {state_class}") data-testid=format!("tile-{}", tile.id)>
            <h3>{tile.name.clone()}</h3>
            <p class="tile-state">
                {tile.state.map_or(t.station_no_state, |s| state_name(s, t))}
                {tile.state_since_ms.map(|since| format!(" · {}", t.prod_in_state_for.replace("{min}", &minutes_since(since, window_end_ms).to_string())))}
            </p>
            {tile.waiting_for_reason.then(|| view! { <p class="badge waiting" data-testid="waiting-for-reason">{t.prod_waiting_for_reason}</p> })}
            {match tile.run {
                Some(run) => view! {
                    <p class="tile-run">{format!("{} · {}", run.job, run.product)}</p>
                    <p class="tile-count"><span data-testid="tile-good">{grouped(run.good)}</span>{format!(" / {} {}", grouped(run.planned_quantity), t.station_planned)}</p>
                    <progress max=run.planned_quantity.max(1).to_string() value=run.good.to_string()></progress>
                }.into_any(),
                None => view! { <p class="tile-run">{t.prod_no_run}</p> }.into_any(),
            }}
            <p class="tile-oee">{format!("{} {}", t.prod_oee, percent(figures.oee()))}</p>
            <p class="tile-apq">{format!("A {} · P {} · Q {}", percent(figures.availability()), percent(figures.performance()), percent(figures.quality()))}</p>
            {figures.performance_above_ideal().then(|| view! { <p class="warning">{t.prod_above_ideal}</p> })}
        </article>
    }
}

/// Whole minutes from `since_ms` to the overview's moment (the same on the server and in the browser).
fn minutes_since(since_ms: i64, now_ms: i64) -> i64 {
    ((now_ms - since_ms) / 60_000).max(0)
}

fn state_class(state: MachineState) -> &'static str {
    match state {
        MachineState::Running => "state-running",
        MachineState::Idle => "state-idle",
        MachineState::Setup => "state-setup",
        MachineState::Down => "state-down",
        MachineState::Maintenance => "state-maintenance",
        MachineState::NotScheduled => "state-none",
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, percent};

    #[test]
    fn figures_read_well_from_a_distance() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1\u{202f}000");
        assert_eq!(grouped(999_920), "999\u{202f}920");
        assert_eq!(grouped(-1_234_567), "-1\u{202f}234\u{202f}567");
        assert_eq!(percent(None), "—");
        assert_eq!(percent(Some(0.74793)), "74.8 %");
    }
}
