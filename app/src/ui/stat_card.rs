//! A figure with its label, the building block of dashboard headers.

use leptos::prelude::*;

/// One figure: `value` large, `label` beneath it.
#[component]
pub fn StatCard(label: &'static str, #[prop(into)] value: Signal<String>) -> impl IntoView {
    view! {
        <div class="stat-card">
            <span class="stat-value" data-testid="stat-value">{value}</span>
            <span class="stat-label">{label}</span>
        </div>
    }
}
