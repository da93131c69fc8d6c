use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::layout::PendingPage;

#[component]
pub fn ForecastingPage() -> impl IntoView {
    let t = use_i18n();
    view! { <PendingPage title=t.forecasting_title intro=t.forecasting_intro/> }
}
