//! The supervisor's loss and utilization charts (views 5 and 6): the six big
//! losses, stops and scrap by reason as Pareto charts, and each work center's
//! hours per machine state, all from the floor overview the page already polls.

use leptos::prelude::*;

use super::model::{FloorOverview, ReasonTotal};
use super::station::state_name;
use crate::domain::oee::{MachineState, SixBigLosses};
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::chart::{Chart, ChartKind, ChartSpec, SeriesSpec};

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 3_600_000.0;

/// The four charts, redrawn from each overview the browser receives (`latest`:
/// `None` on the server, which renders their empty containers only).
#[component]
pub fn FloorCharts(#[prop(into)] latest: Signal<Option<FloorOverview>>) -> impl IntoView {
    let t = use_i18n();
    let chart = move |make: fn(&FloorOverview, &Catalogue) -> ChartSpec| {
        Signal::derive(move || latest.with(|found| found.as_ref().map(|found| make(found, t)).unwrap_or_else(empty)))
    };
    view! {
        <h2>{t.prod_losses_title}</h2>
        <div class="chart-grid">
            <figure>
                <figcaption>{t.prod_six_losses}</figcaption>
                <Chart id="six-big-losses" spec=chart(six_big_losses) label=t.prod_six_losses/>
            </figure>
            <figure>
                <figcaption>{t.prod_downtime_pareto}</figcaption>
                <Chart id="downtime-pareto" spec=chart(downtime_pareto) label=t.prod_downtime_pareto/>
            </figure>
            <figure>
                <figcaption>{t.prod_scrap_pareto}</figcaption>
                <Chart id="scrap-pareto" spec=chart(scrap_pareto) label=t.prod_scrap_pareto/>
            </figure>
        </div>
        <h2>{t.prod_utilization_title}</h2>
        <Chart id="utilization" spec=chart(utilization) label=t.prod_utilization_title/>
    }
}

fn empty() -> ChartSpec {
    ChartSpec { kind: ChartKind::Bar, categories: vec![], series: vec![], y_axis_name: None, share_line: None, rows: Vec::new() }
}

fn minutes(ms: i64) -> f64 {
    (ms as f64 / MINUTE_MS * 10.0).round() / 10.0
}

/// One bar per loss, in minutes, over every work center. Reduced speed is
/// negative when the floor ran faster than its ideal rates: drawn as it is.
fn six_big_losses(found: &FloorOverview, t: &Catalogue) -> ChartSpec {
    let SixBigLosses {
        breakdowns_ms,
        setup_adjustments_ms,
        unexplained_ms,
        minor_stops_ms,
        reduced_speed_ms,
        startup_rejects_ms,
        production_rejects_ms,
    } = found.total.losses;
    let bars = [
        (t.loss_breakdowns, breakdowns_ms),
        (t.loss_setup, setup_adjustments_ms),
        (t.loss_unexplained, unexplained_ms),
        (t.loss_minor_stops, minor_stops_ms),
        (t.loss_reduced_speed, reduced_speed_ms),
        (t.loss_startup_rejects, startup_rejects_ms),
        (t.loss_production_rejects, production_rejects_ms),
    ];
    ChartSpec {
        kind: ChartKind::Bar,
        categories: bars.iter().map(|(name, _)| name.to_string()).collect(),
        series: vec![SeriesSpec {
            name: t.prod_minutes.to_string(),
            values: bars.iter().map(|&(_, ms)| minutes(ms)).collect(),
        }],
        y_axis_name: Some(t.prod_minutes.to_string()),
        share_line: None,
        rows: Vec::new(),
    }
}

fn named(totals: &[ReasonTotal], t: &Catalogue, scale: impl Fn(i64) -> f64) -> Vec<(String, f64)> {
    totals
        .iter()
        .map(|total| (total.reason.clone().unwrap_or_else(|| t.prod_no_reason_yet.to_string()), scale(total.amount)))
        .collect()
}

fn downtime_pareto(found: &FloorOverview, t: &Catalogue) -> ChartSpec {
    let bars = named(&found.loss_time_by_reason, t, minutes);
    ChartSpec::pareto(bars, t.prod_minutes, t.prod_cumulative_share, t.prod_minutes)
}

fn scrap_pareto(found: &FloorOverview, t: &Catalogue) -> ChartSpec {
    let bars = named(&found.scrap_by_reason, t, |pieces| pieces as f64);
    ChartSpec::pareto(bars, t.prod_pieces_axis, t.prod_cumulative_share, t.prod_pieces_axis)
}

/// One stack per work center: its hours in each state, and the hours no state was recorded.
fn utilization(found: &FloorOverview, t: &Catalogue) -> ChartSpec {
    let hours = |ms: i64| (ms as f64 / HOUR_MS * 100.0).round() / 100.0;
    let mut series: Vec<SeriesSpec> = MachineState::ALL
        .iter()
        .map(|&state| SeriesSpec {
            name: state_name(state, t).to_string(),
            values: found.tiles.iter().map(|tile| hours(tile.time_in_state.in_state(state))).collect(),
        })
        .collect();
    series.push(SeriesSpec {
        name: t.prod_not_recorded.to_string(),
        values: found.tiles.iter().map(|tile| hours(tile.time_in_state.unrecorded_ms)).collect(),
    });
    ChartSpec {
        kind: ChartKind::StackedBar,
        categories: found.tiles.iter().map(|tile| tile.name.clone()).collect(),
        series,
        y_axis_name: Some(t.prod_hours.to_string()),
        share_line: None,
        rows: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oee::{OeeFigures, StateTimes};
    use crate::i18n::EN;
    use crate::production::model::WorkCenterTile;

    fn tile(id: i64, running_h: i64, unrecorded_h: i64) -> WorkCenterTile {
        let mut time_in_state = StateTimes { unrecorded_ms: unrecorded_h * 3_600_000, ..StateTimes::default() };
        time_in_state.in_state_ms[MachineState::Running.index()] = running_h * 3_600_000;
        WorkCenterTile {
            id,
            name: format!("WC-{id}"),
            state: None,
            state_since_ms: None,
            waiting_for_reason: false,
            run: None,
            figures: OeeFigures::default(),
            time_in_state,
        }
    }

    fn overview() -> FloorOverview {
        let mut total = OeeFigures::default();
        total.losses.breakdowns_ms = 90_000;
        total.losses.reduced_speed_ms = -60_000;
        FloorOverview {
            window_start_ms: 0,
            window_end_ms: 24 * 3_600_000,
            total,
            tiles: vec![tile(1, 20, 4), tile(2, 6, 18)],
            loss_time_by_reason: vec![
                ReasonTotal { reason: Some("Jam".into()), amount: 30 * 60_000 },
                ReasonTotal { reason: None, amount: 45 * 60_000 },
            ],
            scrap_by_reason: vec![ReasonTotal { reason: Some("Burr".into()), amount: 12 }],
            ..FloorOverview::default()
        }
    }

    #[test]
    fn the_six_big_losses_are_minutes_and_a_faster_than_ideal_floor_shows_negative_speed_loss() {
        let spec = six_big_losses(&overview(), &EN);
        assert_eq!(spec.categories.len(), 7);
        assert_eq!(spec.series[0].values[0], 1.5, "90 s of breakdowns");
        assert_eq!(spec.series[0].values[4], -1.0, "reduced speed as it is");
    }

    #[test]
    fn stops_without_a_reason_get_their_own_bar_in_the_pareto() {
        let spec = downtime_pareto(&overview(), &EN);
        assert_eq!(spec.categories, [EN.prod_no_reason_yet, "Jam"]);
        assert_eq!(spec.series[0].values, [45.0, 30.0]);
        assert_eq!(scrap_pareto(&overview(), &EN).series[0].values, [12.0]);
    }

    #[test]
    fn utilization_stacks_every_state_and_the_unrecorded_hours_per_work_center() {
        let spec = utilization(&overview(), &EN);
        assert_eq!(spec.categories, ["WC-1", "WC-2"]);
        assert_eq!(spec.series.len(), MachineState::ALL.len() + 1);
        assert_eq!(spec.series[MachineState::Running.index()].values, [20.0, 6.0]);
        assert_eq!(spec.series.last().unwrap().values, [4.0, 18.0]);
        for at in 0..2 {
            let stacked: f64 = spec.series.iter().map(|s| s.values[at]).sum();
            assert_eq!(stacked, 24.0, "each stack is the whole window");
        }
    }
}
