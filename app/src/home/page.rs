use leptos::prelude::*;
use leptos_meta::Title;

use crate::health::api::system_status;
use crate::health::model::{HealthReport, HealthStatus};
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::chart::{Chart, ChartKind, ChartSpec, SeriesSpec};
use crate::ui::layout::{LastUpdated, PageHeader};
use crate::ui::polling::{use_polling, RefreshPicker};

/// The overview: links to the dashboards and the live system status, refreshed
/// every 10 s by default.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_i18n();
    let every_secs = RwSignal::new(Some(10));
    let tick = use_polling(every_secs.into());
    let status = Resource::new(move || tick.get(), |_| system_status());
    // The last good report, kept outside the Transition so that a refresh updates the
    // one chart instead of drawing a new one, and a failed poll keeps the last figures.
    let latest = RwSignal::new(None::<HealthReport>);
    Effect::new(move |_| {
        if let Some(Ok(report)) = status.get() {
            latest.set(Some(report));
        }
    });
    let checked_at = Signal::derive(move || latest.with(|r| r.as_ref().map(|r| r.checked_at_ms)));
    let chart = Signal::derive(move || latest.with(|r| duration_chart(r.as_ref(), t)));
    view! {
        <Title text=t.home_title/>
        <section class="page">
            <PageHeader title=t.home_title intro=t.home_intro>
                <RefreshPicker every_secs/>
                <LastUpdated at_ms=checked_at/>
            </PageHeader>
            <div class="cards">
                <DashboardCard href="/forecasting" title=t.forecasting_title body=t.forecasting_intro/>
                <DashboardCard href="/production" title=t.production_title body=t.production_intro/>
                <DashboardCard href="/warehouse" title=t.warehouse_title body=t.warehouse_intro/>
            </div>
            <h2>{t.status_title}</h2>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || status.get().map(|result| match result {
                    Ok(report) => view! { <StatusReport report/> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{t.status_unavailable}</p> }.into_any(),
                })}
            </Transition>
            <Chart id="status-chart" spec=chart label=t.status_chart_title/>
        </section>
    }
}

#[component]
fn DashboardCard(href: &'static str, title: &'static str, body: &'static str) -> impl IntoView {
    view! {
        <a class="card" href=href>
            <h2>{title}</h2>
            <p>{body}</p>
        </a>
    }
}

#[component]
fn StatusReport(report: HealthReport) -> impl IntoView {
    let t = use_i18n();
    let overall = report.status;
    view! {
        <p class="status-line">
            <StatusBadge status=overall/>
        </p>
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t.status_check}</th>
                    <th scope="col">{t.status_state}</th>
                    <th scope="col">{t.status_message}</th>
                    <th scope="col" class="num">{t.status_duration}</th>
                </tr>
            </thead>
            <tbody>
                {report.checks.into_iter().map(|check| view! {
                    <tr>
                        <td>{check.name}</td>
                        <td><StatusBadge status=check.status/></td>
                        <td>{check.message}</td>
                        <td class="num">{format!("{:.1} {}", check.duration_ms, t.status_duration_ms)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One bar per readiness check: how long it took, in milliseconds.
fn duration_chart(report: Option<&HealthReport>, t: &Catalogue) -> ChartSpec {
    let checks = report.map(|r| r.checks.as_slice()).unwrap_or_default();
    ChartSpec {
        kind: ChartKind::Bar,
        categories: checks.iter().map(|c| c.name.clone()).collect(),
        series: vec![SeriesSpec {
            name: t.status_duration.to_string(),
            values: checks.iter().map(|c| (c.duration_ms * 100.0).round() / 100.0).collect(),
        }],
        y_axis_name: Some(t.status_duration_ms.to_string()),
    }
}

#[component]
fn StatusBadge(status: HealthStatus) -> impl IntoView {
    let class = match status {
        HealthStatus::Healthy => "badge ok",
        HealthStatus::Degraded => "badge warn",
        HealthStatus::Unhealthy => "badge bad",
    };
    view! { <span class=class data-testid="status-badge">{status.as_str()}</span> }
}
