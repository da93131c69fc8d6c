use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{overview_summary, OVERVIEW_ACCESS};
use super::model::TenantFigures;
use crate::auth::api::when_allowed;
use crate::error::AppError;
use crate::health::api::system_status;
use crate::health::model::{HealthReport, HealthStatus};
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::chart::{Chart, ChartKind, ChartSpec, SeriesSpec};
use crate::ui::layout::PageHeader;
use crate::ui::polling::{use_poll, PollStatus, RefreshPicker};
use crate::ui::stat_card::StatCard;

/// The overview: links to the dashboards, the tenant's figures and the live
/// system status, refreshed every 10 s by default.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_i18n();
    let every_secs = RwSignal::new(Some(10));
    let status = use_poll(every_secs.into(), system_status);
    let figures = use_poll(every_secs.into(), figures_if_allowed);
    let chart = Signal::derive(move || status.latest.with(|r| duration_chart(r.as_ref(), t)));
    view! {
        <Title text=t.home_title/>
        <section class="page">
            <PageHeader title=t.home_title intro=t.home_intro>
                <RefreshPicker every_secs/>
                <PollStatus poll=status/>
            </PageHeader>
            <div class="cards">
                <DashboardCard href="/forecasting" title=t.forecasting_title body=t.forecasting_intro/>
                <DashboardCard href="/production" title=t.production_title body=t.production_intro/>
                <DashboardCard href="/warehouse" title=t.warehouse_title body=t.warehouse_intro/>
            </div>
            <Transition fallback=|| ()>
                {move || figures.data.get().flatten().map(|found| view! { <Figures found/> })}
            </Transition>
            <h2>{t.status_title}</h2>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || match (status.data.get(), status.error.get()) {
                    (Some(report), _) => view! { <StatusReport report/> }.into_any(),
                    (None, Some(_)) => view! { <p class="error" role="alert">{t.status_unavailable}</p> }.into_any(),
                    (None, None) => view! { <p class="loading">{t.loading}</p> }.into_any(),
                }}
            </Transition>
            <Chart id="status-chart" spec=chart label=t.status_chart_title/>
        </section>
    }
}

/// The tenant's figures, or `None` for visitors whose role has none to show.
async fn figures_if_allowed() -> Result<Option<TenantFigures>, AppError> {
    when_allowed(OVERVIEW_ACCESS, overview_summary).await
}

#[component]
fn Figures(found: TenantFigures) -> impl IntoView {
    let t = use_i18n();
    let figure = |n: u64| Signal::stored(n.to_string());
    view! {
        <h2>{t.figures_title}</h2>
        <div class="stat-cards" data-testid="tenant-figures">
            <StatCard label=t.catalog_facilities value=figure(found.facilities)/>
            <StatCard label=t.catalog_work_centers value=figure(found.work_centers)/>
            <StatCard label=t.catalog_materials value=figure(found.materials)/>
            <StatCard label=t.catalog_bins value=figure(found.bins)/>
            <StatCard label=t.admin_users value=figure(found.users)/>
        </div>
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
        share_line: None,
        rows: Vec::new(),
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
