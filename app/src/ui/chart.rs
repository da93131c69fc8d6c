//! `Chart`: an ECharts chart described by a serialisable [`ChartSpec`].
//!
//! The server renders an empty, sized container (charming's SVG renderer needs v8,
//! which cannot be built offline); after hydration the browser loads ECharts (once
//! per page, on the first chart: pages without charts, like the kiosk, never
//! download its 334 KB), draws the chart with charming's `WasmRenderer` and redraws
//! it whenever the spec signal changes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How the series of a chart are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    Bar,
    /// Bars of all series stacked on one another, one stack per category.
    StackedBar,
    Line,
    /// A grid of coloured cells: `categories` across, `rows` down, the first series'
    /// values row by row (a negative value is an empty cell).
    Heatmap,
}

/// One named row of values, one value per category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesSpec {
    pub name: String,
    pub values: Vec<f64>,
}

/// What to draw, independent of the drawing library: categories on the x axis and
/// one or more series of values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<SeriesSpec>,
    pub y_axis_name: Option<String>,
    /// A line of percentages on a second axis (0–100 %) over the series: a
    /// Pareto chart's cumulative share.
    pub share_line: Option<SeriesSpec>,
    /// The heatmap's rows (empty for other kinds).
    pub rows: Vec<String>,
}

impl ChartSpec {
    /// A Pareto chart: the bars largest first, and the line of their cumulative
    /// share of the whole (which reaches 100 % at the last bar).
    pub fn pareto(bars: Vec<(String, f64)>, name: &str, share_name: &str, y_axis_name: &str) -> ChartSpec {
        let mut bars = bars;
        bars.sort_by(|a, b| b.1.total_cmp(&a.1));
        let whole: f64 = bars.iter().map(|(_, value)| value).sum();
        let mut so_far = 0.0;
        let shares = bars
            .iter()
            .map(|(_, value)| {
                so_far += value;
                if whole > 0.0 {
                    (so_far / whole * 1000.0).round() / 10.0
                } else {
                    0.0
                }
            })
            .collect();
        let (categories, values) = bars.into_iter().unzip();
        ChartSpec {
            kind: ChartKind::Bar,
            categories,
            series: vec![SeriesSpec { name: name.to_string(), values }],
            y_axis_name: Some(y_axis_name.to_string()),
            share_line: Some(SeriesSpec { name: share_name.to_string(), values: shares }),
            rows: Vec::new(),
        }
    }

    /// A heatmap of percentages (0–100): `cells[row][column]`, `None` where there is nothing.
    pub fn heatmap(columns: Vec<String>, rows: Vec<String>, cells: &[Vec<Option<f64>>], name: &str) -> ChartSpec {
        let values = cells.iter().flat_map(|row| row.iter().map(|cell| cell.unwrap_or(-1.0))).collect();
        ChartSpec {
            kind: ChartKind::Heatmap,
            categories: columns,
            series: vec![SeriesSpec { name: name.to_string(), values }],
            y_axis_name: None,
            share_line: None,
            rows,
        }
    }
}

/// Renders `spec` as an ECharts chart. `label` describes the chart for screen readers.
#[component]
pub fn Chart(
    #[prop(into)] id: String,
    #[prop(into)] spec: Signal<ChartSpec>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    draw::keep_drawn(id.clone(), spec, container);
    #[cfg(not(feature = "hydrate"))]
    let _ = spec;
    view! { <div class="chart" id=id role="img" aria-label=label data-testid="chart" node_ref=container></div> }
}

/// Whether bar labels would not fit side by side and must be turned (ECharts
/// would otherwise leave out every other one): more than about 60 characters in all.
#[cfg(any(feature = "hydrate", test))]
fn labels_crowded(categories: &[String]) -> bool {
    categories.iter().map(|label| label.chars().count() + 2).sum::<usize>() > 60
}

#[cfg(test)]
mod tests {
    use super::{labels_crowded, ChartSpec};

    #[test]
    fn long_bar_labels_are_turned_and_short_ones_are_not() {
        let short: Vec<String> = ["db", "schema", "site"].map(String::from).to_vec();
        let long: Vec<String> = (0..7).map(|i| format!("Setup and adjustments {i}")).collect();
        assert!(!labels_crowded(&short));
        assert!(labels_crowded(&long));
    }

    #[test]
    fn a_pareto_puts_the_largest_bar_first_and_its_share_line_ends_at_100() {
        let bars = vec![("jam".to_string(), 10.0), ("tool".to_string(), 30.0), ("air".to_string(), 60.0)];
        let spec = ChartSpec::pareto(bars, "minutes", "cumulative", "min");
        assert_eq!(spec.categories, ["air", "tool", "jam"]);
        assert_eq!(spec.series[0].values, [60.0, 30.0, 10.0]);
        assert_eq!(spec.share_line.unwrap().values, [60.0, 90.0, 100.0]);
        let empty = ChartSpec::pareto(vec![("none".to_string(), 0.0)], "minutes", "cumulative", "min");
        assert_eq!(empty.share_line.unwrap().values, [0.0], "nothing to share is 0 %, not NaN");
    }
}

#[cfg(feature = "hydrate")]
mod draw {
    use charming::{
        component::{Axis, Grid, Legend, VisualMap},
        datatype::DataPoint,
        element::{AxisLabel, AxisType, Tooltip, Trigger},
        series::{Bar, Heatmap, Line},
        Chart, Echarts, WasmRenderer,
    };
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{ChartKind, ChartSpec};
    use crate::ui::theme::{use_theme, Theme};

    /// Draws the chart once the container is in the page (after a client-side
    /// navigation that is a moment after the effect first runs), updates it on
    /// every spec change, draws it anew in the other theme's colours when the theme
    /// flips, and follows window resizes so a rotated tablet gets a full-width chart.
    pub fn keep_drawn(id: String, spec: Signal<ChartSpec>, container: NodeRef<leptos::html::Div>) {
        let theme = use_theme();
        let drawn: StoredValue<Option<(Echarts, Theme)>, LocalStorage> = StoredValue::new_local(None);
        let loaded = RwSignal::new(false);
        {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(echarts_loaded()).await {
                    Ok(_) => loaded.set(true),
                    Err(_) => leptos::logging::error!("chart {id}: ECharts could not be loaded"),
                }
            });
        }
        Effect::new(move |_| {
            if !loaded.get() {
                return;
            }
            let Some(element) = container.get() else { return };
            if !element.is_connected() {
                return;
            }
            let chart = to_charming(&spec.get());
            let theme = theme.get();
            let updated = drawn.with_value(|current| match current {
                Some((echarts, drawn_theme)) if *drawn_theme == theme => {
                    WasmRenderer::update(echarts, &chart);
                    true
                }
                Some((echarts, _)) => {
                    dispose(echarts);
                    false
                }
                None => false,
            });
            if !updated {
                match WasmRenderer::new_opt(None, None).theme(echarts_theme(theme)).render(&id, &chart) {
                    Ok(echarts) => drawn.set_value(Some((echarts, theme))),
                    Err(error) => leptos::logging::error!("chart {id}: {error:?}"),
                }
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            drawn.with_value(|current| {
                if let Some((echarts, _)) = current {
                    echarts.resize(wasm_bindgen::JsValue::UNDEFINED);
                }
            });
        });
        on_cleanup(move || resize.remove());
    }

    const ECHARTS_URL: &str = "/echarts.min.js";

    thread_local! {
        /// The one load of ECharts this page makes, shared by all its charts.
        static ECHARTS: js_sys::Promise = load_echarts();
    }

    /// Resolves once the global `echarts` exists.
    fn echarts_loaded() -> js_sys::Promise {
        ECHARTS.with(Clone::clone)
    }

    /// Adds ECharts' script to the page (allowed by the CSP's 'strict-dynamic':
    /// our own, trusted code adds it) unless it is there already.
    fn load_echarts() -> js_sys::Promise {
        let window = web_sys::window().expect("a browser window");
        if js_sys::Reflect::has(&window, &"echarts".into()).unwrap_or(false) {
            return js_sys::Promise::resolve(&wasm_bindgen::JsValue::TRUE);
        }
        js_sys::Promise::new(&mut |resolve, reject| {
            let added = window.document().and_then(|document| {
                let script = document.create_element("script").ok()?.dyn_into::<web_sys::HtmlScriptElement>().ok()?;
                script.set_src(ECHARTS_URL);
                script.set_onload(Some(&resolve));
                script.set_onerror(Some(&reject));
                document.head()?.append_child(&script).ok()
            });
            if added.is_none() {
                let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
            }
        })
    }

    fn echarts_theme(theme: Theme) -> charming::theme::Theme {
        match theme {
            Theme::Light => charming::theme::Theme::Default,
            Theme::Dark => charming::theme::Theme::Dark,
        }
    }

    /// Frees an ECharts instance so its container can be drawn into again
    /// (charming binds no `dispose`, so it is called by name).
    fn dispose(echarts: &Echarts) {
        let instance: &wasm_bindgen::JsValue = echarts.as_ref();
        if let Ok(dispose) = js_sys::Reflect::get(instance, &"dispose".into()) {
            if let Ok(dispose) = dispose.dyn_into::<js_sys::Function>() {
                let _ = dispose.call0(instance);
            }
        }
    }

    /// Categories along the bottom; every bar's label shown, turned when they crowd.
    fn x_axis(spec: &ChartSpec) -> Axis {
        let axis = Axis::new().type_(AxisType::Category).data(spec.categories.clone());
        if spec.kind != ChartKind::Line && super::labels_crowded(&spec.categories) {
            axis.axis_label(AxisLabel::new().interval(0).rotate(30))
        } else {
            axis
        }
    }

    /// Cells from pale (empty) to deep blue (full), a scale that reads in both themes
    /// and judges nothing; aisles without such bins left out. (ECharts lists a visual
    /// map's colours from high to low.)
    fn heatmap(spec: &ChartSpec) -> Chart {
        let width = spec.categories.len().max(1);
        let values = spec.series.first().map(|s| s.values.as_slice()).unwrap_or_default();
        let cells: Vec<Vec<DataPoint>> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v >= 0.0)
            .map(|(i, v)| {
                vec![DataPoint::from((i % width) as f64), DataPoint::from((i / width) as f64), DataPoint::from(*v)]
            })
            .collect();
        let name = spec.series.first().map(|s| s.name.as_str()).unwrap_or_default();
        Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new())
            .grid(Grid::new().contain_label(true).left(8).right(8).bottom(48))
            .x_axis(x_axis(spec))
            .y_axis(Axis::new().type_(AxisType::Category).data(spec.rows.clone()))
            .visual_map(
                VisualMap::new()
                    .min(0)
                    .max(100)
                    .calculable(true)
                    .orient(charming::element::Orient::Horizontal)
                    .left("center")
                    .bottom(0)
                    .color(vec!["#08306b", "#4292c6", "#deebf7"]),
            )
            .series(Heatmap::new().name(name).data(cells))
    }

    fn to_charming(spec: &ChartSpec) -> Chart {
        if spec.kind == ChartKind::Heatmap {
            return heatmap(spec);
        }
        let mut y_axis = Axis::new().type_(AxisType::Value);
        if let Some(name) = &spec.y_axis_name {
            y_axis = y_axis.name(name.as_str());
        }
        let mut chart = Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .legend(Legend::new())
            .grid(Grid::new().contain_label(true).left(8).right(8).bottom(8))
            .x_axis(x_axis(spec))
            .y_axis(y_axis);
        for series in &spec.series {
            let (name, values) = (series.name.as_str(), series.values.clone());
            chart = match spec.kind {
                ChartKind::Bar => chart.series(Bar::new().name(name).data(values)),
                ChartKind::StackedBar => chart.series(Bar::new().name(name).stack("all").data(values)),
                ChartKind::Line | ChartKind::Heatmap => chart.series(Line::new().name(name).data(values)),
            };
        }
        if let Some(share) = &spec.share_line {
            chart = chart
                .y_axis(
                    Axis::new()
                        .type_(AxisType::Value)
                        .min(0)
                        .max(100)
                        .axis_label(AxisLabel::new().formatter("{value} %")),
                )
                .series(Line::new().name(share.name.as_str()).y_axis_index(1).data(share.values.clone()));
        }
        chart
    }
}
