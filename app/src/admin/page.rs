use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::layout::PendingPage;

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_i18n();
    view! { <PendingPage title=t.admin_title intro=t.admin_intro/> }
}
