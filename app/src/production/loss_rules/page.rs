//! The loss rules form (`/admin/loss-rules`), for tenant administrators.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{loss_rules_get, LossRulesSave, LOSS_RULES_ACCESS};
use super::model::LossRules;
use crate::auth::api::when_allowed;
use crate::forms::{error_for, SaveOutcome};
use crate::i18n::use_i18n;
use crate::idempotency::form_key::use_form_key;
use crate::ui::form::Field;
use crate::ui::layout::PageHeader;

#[component]
pub fn LossRulesPage() -> impl IntoView {
    let t = use_i18n();
    let rules = Resource::new(|| (), |_| when_allowed(LOSS_RULES_ACCESS, loss_rules_get));
    view! {
        <Title text=t.loss_rules_title/>
        <section class="page">
            <PageHeader title=t.loss_rules_title intro=t.loss_rules_intro/>
            <p><a href="/admin">{t.loss_rules_back}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || rules.get().map(|found| match found {
                    Ok(Some(rules)) => view! { <LossRulesForm rules/> }.into_any(),
                    Ok(None) => view! { <p class="empty-state">{t.sign_in_needed}</p> }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LossRulesForm(rules: LossRules) -> impl IntoView {
    let t = use_i18n();
    let save = ServerAction::<LossRulesSave>::new();
    let errors = Signal::derive(move || SaveOutcome::errors_of(save.value().get()));
    let error = move |field: &'static str| Signal::derive(move || error_for(&errors.get(), field));
    let key = use_form_key(save);
    view! {
        <ActionForm action=save attr:class="form-card" attr:novalidate=true>
            <input type="hidden" name="idempotency_key" prop:value=key/>
            <Field id="minor-stop" label=t.loss_rules_minor_stop error=error("minor_stop_s")>
                <input id="minor-stop" name="minor_stop_s" inputmode="numeric" value=rules.minor_stop_s.to_string()/>
            </Field>
            <Field id="startup-min" label=t.loss_rules_startup_min error=error("startup_min")>
                <input id="startup-min" name="startup_min" inputmode="numeric" value=rules.startup_min.to_string()/>
            </Field>
            <Field id="startup-pieces" label=t.loss_rules_startup_pieces error=error("startup_pieces")>
                <input id="startup-pieces" name="startup_pieces" inputmode="numeric" value=rules.startup_pieces.to_string()/>
            </Field>
            <p class="hint">{t.loss_rules_hint}</p>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { t.saving } else { t.save }}
            </button>
            {move || match save.value().get() {
                Some(Ok(SaveOutcome::Saved { .. })) => Some(view! { <p role="status">{t.loss_rules_saved}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }.into_any()),
                _ => None,
            }}
        </ActionForm>
    }
}
