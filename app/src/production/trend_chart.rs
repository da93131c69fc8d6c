//! The OEE trend (view 4): OEE, availability, performance and quality per hour
//! or day over a span the supervisor picks, polled with the page.

use leptos::prelude::*;

use super::api::production_trend;
use super::model::{OeeTrend, TrendPoint, TrendSpan};
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::chart::{Chart, ChartKind, ChartSpec, SeriesSpec};
use crate::ui::polling::use_poll;

#[component]
pub fn OeeTrendChart(#[prop(into)] every_secs: Signal<Option<u32>>) -> impl IntoView {
    let t = use_i18n();
    let span = RwSignal::new(TrendSpan::Last24HoursByHour);
    let trend = use_poll(every_secs, move || production_trend(span.get_untracked().code().to_string()));
    let spec = Signal::derive(move || trend.latest.with(|found| trend_spec(found.as_ref(), t)));
    let pick = move |ev: leptos::ev::Event| {
        if let Some(picked) = TrendSpan::from_code(&event_target_value(&ev)) {
            span.set(picked);
            trend.refresh();
        }
    };
    view! {
        <section class="trend" aria-labelledby="trend-title">
            <h2 id="trend-title">{t.trend_title}</h2>
            <label>{t.trend_span}
                <select on:change=pick data-testid="trend-span">
                    {TrendSpan::ALL.into_iter().map(|choice| view! {
                        <option value=choice.code() selected=move || span.get() == choice>{span_name(choice, t)}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || trend.error.get().map(|error| view! { <p class="form-error" role="alert">{error.message}</p> })}
            {move || trend.latest.with(|found| {
                found.as_ref().is_some_and(|found| found.span == TrendSpan::Last7DaysByShift && found.points.is_empty())
            }).then(|| view! { <p class="empty-state" data-testid="trend-no-shifts">{t.trend_no_shifts}</p> })}
            <Chart id="oee-trend" spec label=t.trend_title/>
            <p class="hint">{move || trend.latest.with(|found| found.as_ref().map(|found| t.trend_times_local.replace("{zone}", &found.time_zone)))}</p>
        </section>
    }
}

fn span_name(span: TrendSpan, t: &Catalogue) -> &'static str {
    match span {
        TrendSpan::Last24HoursByHour => t.trend_24h_hour,
        TrendSpan::Last7DaysByHour => t.trend_7d_hour,
        TrendSpan::Last7DaysByShift => t.trend_7d_shift,
        TrendSpan::Last7DaysByDay => t.trend_7d_day,
        TrendSpan::Last30DaysByDay => t.trend_30d_day,
        TrendSpan::Last90DaysByDay => t.trend_90d_day,
    }
}

/// Four lines in percent; a bucket without a denominator (no run time, nothing
/// counted) is a gap (NaN, which ECharts leaves out), never a 0.
fn trend_spec(trend: Option<&OeeTrend>, t: &Catalogue) -> ChartSpec {
    let points = trend.map(|trend| trend.points.as_slice()).unwrap_or_default();
    let label = |point: &TrendPoint| point.label.clone();
    let line = |name: &str, ratio: fn(&crate::domain::oee::OeeFigures) -> Option<f64>| SeriesSpec {
        name: name.to_string(),
        values: points.iter().map(|p| ratio(&p.figures).map_or(f64::NAN, |r| (r * 1000.0).round() / 10.0)).collect(),
    };
    ChartSpec {
        kind: ChartKind::Line,
        categories: points.iter().map(label).collect(),
        series: vec![
            line(t.prod_oee, |f| f.oee()),
            line(t.prod_availability, |f| f.availability()),
            line(t.prod_performance, |f| f.performance()),
            line(t.prod_quality, |f| f.quality()),
        ],
        y_axis_name: Some(t.trend_percent.to_string()),
        share_line: None,
        rows: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oee::OeeFigures;
    use crate::i18n::EN;
    use crate::production::model::TrendPoint;

    #[test]
    fn a_bucket_without_run_time_is_a_gap_and_the_axis_says_the_labels() {
        let ran = OeeFigures {
            all_time_ms: 3_600_000,
            planned_production_ms: 3_600_000,
            run_ms: 1_800_000,
            ideal_ms: 900_000,
            fully_productive_ms: 900_000,
            good: 900,
            ..OeeFigures::default()
        };
        let trend = OeeTrend {
            span: TrendSpan::Last24HoursByHour,
            time_zone: "Europe/Berlin".into(),
            points: vec![
                TrendPoint {
                    start_ms: 0,
                    label: "1 Jan 01:00".into(),
                    shift: None,
                    figures: OeeFigures { all_time_ms: 3_600_000, ..OeeFigures::default() },
                },
                TrendPoint { start_ms: 3_600_000, label: "1 Jan 02:00".into(), shift: None, figures: ran },
            ],
        };
        let spec = trend_spec(Some(&trend), &EN);
        assert_eq!(spec.categories, ["1 Jan 01:00", "1 Jan 02:00"]);
        let oee = &spec.series[0].values;
        assert!(oee[0].is_nan(), "no run time: a gap, not 0");
        assert_eq!(oee[1], 25.0);
        assert_eq!(spec.series[1].values[1], 50.0, "availability");
    }
}
