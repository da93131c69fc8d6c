use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::layout::PendingPage;

#[component]
pub fn ProductionPage() -> impl IntoView {
    let t = use_i18n();
    view! { <PendingPage title=t.production_title intro=t.production_intro/> }
}
