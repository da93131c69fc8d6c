//! A labelled form field with its error message beside it.

use leptos::prelude::*;

/// Wraps one input: label above, message below, `aria-invalid` and
/// `aria-describedby` wired so screen readers read the message.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {children()}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
