//! The warehouse dashboard (`/warehouse`): fill by zone and aisle as a heatmap, the
//! bins by tenth of fill, over-full and under-used bins, and how often people accept
//! the recommendations (shown only from 30 decisions on). The facility is in the
//! URL (`?facility=ID`), so a link shows the same warehouse.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::utilization::api::{warehouse_overview, OVERVIEW_ACCESS};
use super::utilization::model::{Acceptance, StatisticLine, WarehouseOverview};
use crate::auth::api::when_allowed;
use crate::i18n::use_i18n;
use crate::ui::chart::{Chart, ChartKind, ChartSpec, SeriesSpec};
use crate::ui::layout::PageHeader;
use crate::ui::polling::{use_poll, PollStatus, RefreshPicker};
use crate::ui::stat_card::StatCard;

#[component]
pub fn WarehousePage() -> impl IntoView {
    let t = use_i18n();
    let query = use_query_map();
    let facility = Memo::new(move |_| query.with(|q| q.get("facility").and_then(|f| f.parse::<i64>().ok())));
    let every_secs = RwSignal::new(Some(30));
    let overview = use_poll(every_secs.into(), move || {
        let facility = facility.get_untracked();
        async move { when_allowed(OVERVIEW_ACCESS, || warehouse_overview(facility)).await }
    });
    Effect::new(move |previous: Option<Option<i64>>| {
        let now = facility.get();
        if previous.is_some_and(|p| p != now) {
            overview.refresh();
        }
        now
    });
    let latest = Signal::derive(move || overview.latest.get().flatten());
    view! {
        <Title text=t.warehouse_title/>
        <section class="page">
            <PageHeader title=t.warehouse_title intro=t.warehouse_intro>
                <RefreshPicker every_secs/>
                <PollStatus poll=overview/>
            </PageHeader>
            <p class="page-links"><a href="/warehouse/receiving">{t.wh_receiving_link}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || match (overview.data.get(), overview.error.get()) {
                    (Some(Some(found)), _) => view! { <Figures found/> }.into_any(),
                    (Some(None), _) => view! { <p class="empty-state">{t.wh_sign_in}</p> }.into_any(),
                    (None, Some(error)) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                    (None, None) => view! { <p class="loading">{t.loading}</p> }.into_any(),
                }}
            </Transition>
            <Show when=move || latest.get().is_some_and(|found| found.bins > 0)>
                <h2>{t.wh_heatmap}</h2>
                <Chart id="warehouse-heatmap" spec=Signal::derive(move || heatmap(latest.get())) label=t.wh_heatmap_label/>
                <h2>{t.wh_histogram}</h2>
                <Chart id="warehouse-histogram" spec=Signal::derive(move || histogram(latest.get())) label=t.wh_histogram_label/>
            </Show>
        </section>
    }
}

#[component]
fn Figures(found: WarehouseOverview) -> impl IntoView {
    let t = use_i18n();
    let chosen = found.facility_id;
    let navigate = leptos_router::hooks::use_navigate();
    let picker = view! {
        <form method="get" action="/warehouse" class="inline-form">
            <label for="warehouse-facility">{t.wh_facility}" "</label>
            <select id="warehouse-facility" name="facility" on:change=move |ev| {
                navigate(&format!("/warehouse?facility={}", event_target_value(&ev)), Default::default());
            }>
                {found.facilities.iter().map(|f| view! {
                    <option value=f.id.to_string() selected=Some(f.id) == chosen>{f.label.clone()}</option>
                }).collect_view()}
            </select>
            <noscript><button type="submit">{t.wh_show}</button></noscript>
        </form>
    };
    if found.bins == 0 {
        return view! { {picker}<p class="empty-state">{t.wh_no_bins}</p> }.into_any();
    }
    let figure = |text: String| Signal::stored(text);
    let rate = |a: Option<&Acceptance>| match a {
        Some(a) => a.rate().map_or_else(
            || t.wh_not_enough.replace("{n}", &a.decided.to_string()),
            |r| format!("{r:.0} % (n = {})", a.decided),
        ),
        None => "—".to_string(),
    };
    view! {
        {picker}
        <div class="stat-cards" data-testid="warehouse-figures">
            <StatCard label=t.wh_bins value=figure(found.bins.to_string())/>
            <StatCard label=t.wh_fill value=figure(format!("{:.1} %", found.percent))/>
            <StatCard label=t.wh_over_full value=figure(found.over_full.to_string())/>
            <StatCard label=t.wh_under_used value=figure(found.under_used.to_string())/>
            <StatCard label=t.wh_pending value=figure(found.pending.to_string())/>
            <StatCard label=t.wh_failures value=figure(found.capacity_failures_24h.to_string())/>
            <StatCard label=t.wh_accept_7 value=figure(rate(found.acceptance.first()))/>
            <StatCard label=t.wh_accept_30 value=figure(rate(found.acceptance.get(1)))/>
        </div>
        {(!found.statistics.is_empty()).then(|| view! { <Statistics lines=found.statistics/> })}
    }
    .into_any()
}

/// Each statistic in words with its sample size (worded by the server).
#[component]
fn Statistics(lines: Vec<StatisticLine>) -> impl IntoView {
    let t = use_i18n();
    view! {
        <h2>{t.wh_stats}</h2>
        <dl class="statistics" data-testid="warehouse-statistics">
            {lines.into_iter().map(|line| view! { <dt>{line.label}</dt><dd>{line.text}</dd> }).collect_view()}
        </dl>
    }
}

/// Zones down, aisles across, each cell the aisle's fill in that zone.
fn heatmap(found: Option<WarehouseOverview>) -> ChartSpec {
    let t = use_i18n();
    let aisles = found.map(|f| f.aisles).unwrap_or_default();
    let mut columns: Vec<String> = aisles.iter().map(|a| a.aisle.clone()).collect();
    columns.sort();
    columns.dedup();
    let mut rows: Vec<String> = aisles.iter().map(|a| a.zone.clone()).collect();
    rows.sort();
    rows.dedup();
    let cells: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|zone| {
            columns
                .iter()
                .map(|aisle| aisles.iter().find(|a| &a.zone == zone && &a.aisle == aisle).map(|a| a.percent))
                .collect()
        })
        .collect();
    ChartSpec::heatmap(columns, rows, &cells, t.wh_fill_series)
}

fn histogram(found: Option<WarehouseOverview>) -> ChartSpec {
    let t = use_i18n();
    let counts = found.map(|f| f.histogram).unwrap_or_default();
    ChartSpec {
        kind: ChartKind::Bar,
        categories: (0..10).map(|k| format!("{}–{} %", k * 10, k * 10 + 10)).collect(),
        series: vec![SeriesSpec {
            name: t.wh_histogram_series.to_string(),
            values: counts.iter().map(|&n| n as f64).collect(),
        }],
        y_axis_name: Some(t.wh_bins.to_string()),
        share_line: None,
        rows: Vec::new(),
    }
}
