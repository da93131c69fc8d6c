use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::layout::PendingPage;

#[component]
pub fn WarehousePage() -> impl IntoView {
    let t = use_i18n();
    view! { <PendingPage title=t.warehouse_title intro=t.warehouse_intro/> }
}
