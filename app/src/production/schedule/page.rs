//! The schedule page (`/production/schedule`): a form to plan a run and the runs
//! waiting, earliest first, each with its planned start on its facility's clock
//! and a "cancel" button. The list reloads after every write.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{production_schedule, ScheduleCancel, ScheduleRun, SCHEDULE_ACCESS};
use super::model::ScheduleBoard;
use crate::auth::api::when_allowed;
use crate::forms::{error_for, SaveOutcome};
use crate::i18n::use_i18n;
use crate::idempotency::form_key::use_form_key;
use crate::production::model::{Choice, ScheduledRun};
use crate::ui::form::Field;
use crate::ui::layout::PageHeader;

#[component]
pub fn SchedulePage() -> impl IntoView {
    let t = use_i18n();
    let save = ServerAction::<ScheduleRun>::new();
    let cancel = ServerAction::<ScheduleCancel>::new();
    // The list reloads after a run is scheduled or cancelled; a refused form keeps what was typed.
    let scheduled = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(SaveOutcome::Saved { .. }))) {
            scheduled.update(|n| *n += 1);
        }
    });
    let board = Resource::new(
        move || (scheduled.get(), cancel.version().get()),
        |_| when_allowed(SCHEDULE_ACCESS, production_schedule),
    );
    view! {
        <Title text=t.schedule_title/>
        <section class="page">
            <PageHeader title=t.schedule_title intro=t.schedule_intro/>
            <p><a href="/production">{t.schedule_back}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || board.get().map(|found| match found {
                    Ok(Some(found)) => view! { <Schedule found save cancel/> }.into_any(),
                    Ok(None) => view! { <p class="empty-state">{t.prod_sign_in}</p> }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Schedule(
    found: ScheduleBoard,
    save: ServerAction<ScheduleRun>,
    cancel: ServerAction<ScheduleCancel>,
) -> impl IntoView {
    let t = use_i18n();
    let form = if found.work_centers.is_empty() {
        view! { <p class="empty-state">{t.prod_no_work_centers}</p> }.into_any()
    } else if found.products.is_empty() {
        view! {
            <p class="empty-state">{t.schedule_no_products}" "<a href="/admin/catalog/products">{t.catalog_products}</a></p>
        }
        .into_any()
    } else {
        view! { <ScheduleForm work_centers=found.work_centers products=found.products save/> }.into_any()
    };
    let cancel_error = move || match cancel.value().get() {
        Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }),
        _ => None,
    };
    view! {
        {form}
        <h2>{t.schedule_waiting.replace("{n}", &found.runs.len().to_string())}</h2>
        {cancel_error}
        {if found.runs.is_empty() {
            view! { <p class="empty-state" data-testid="schedule-empty">{t.schedule_none}</p> }.into_any()
        } else {
            view! { <ScheduleTable runs=found.runs cancel/> }.into_any()
        }}
    }
}

#[component]
fn ScheduleForm(work_centers: Vec<Choice>, products: Vec<Choice>, save: ServerAction<ScheduleRun>) -> impl IntoView {
    let t = use_i18n();
    let errors = Signal::derive(move || SaveOutcome::errors_of(save.value().get()));
    let error = move |field: &'static str| Signal::derive(move || error_for(&errors.get(), field));
    let key = use_form_key(save);
    let options = |choices: Vec<Choice>| {
        choices.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()
    };
    view! {
        <ActionForm action=save attr:class="form-card schedule-form" attr:novalidate=true>
            <h2>{t.schedule_new}</h2>
            <input type="hidden" name="idempotency_key" prop:value=key/>
            <Field id="schedule-work-center" label=t.field_work_center error=error("work_center_id")>
                <select id="schedule-work-center" name="work_center_id">{options(work_centers)}</select>
            </Field>
            <Field id="schedule-product" label=t.field_product error=error("product_id")>
                <select id="schedule-product" name="product_id">{options(products)}</select>
            </Field>
            <Field id="schedule-job" label=t.station_job error=error("job")>
                <input id="schedule-job" name="job" required maxlength="64"/>
            </Field>
            <Field id="schedule-quantity" label=t.station_planned_quantity error=error("planned_quantity")>
                <input id="schedule-quantity" name="planned_quantity" inputmode="numeric" required/>
            </Field>
            <Field id="schedule-start" label=t.schedule_planned_start error=error("planned_start")>
                <input id="schedule-start" name="planned_start" type="datetime-local" required/>
            </Field>
            <Field id="schedule-end" label=t.schedule_planned_end error=error("planned_end")>
                <input id="schedule-end" name="planned_end" type="datetime-local"/>
            </Field>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t.schedule_submit}</button>
            {move || match save.value().get() {
                Some(Ok(SaveOutcome::Saved { .. })) => Some(view! { <p role="status">{t.schedule_saved}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }.into_any()),
                _ => None,
            }}
        </ActionForm>
    }
}

#[component]
fn ScheduleTable(runs: Vec<ScheduledRun>, cancel: ServerAction<ScheduleCancel>) -> impl IntoView {
    let t = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="schedule">
                <thead>
                    <tr>
                        <th scope="col">{t.schedule_planned_start}</th>
                        <th scope="col">{t.field_work_center}</th>
                        <th scope="col">{t.station_job}</th>
                        <th scope="col">{t.field_product}</th>
                        <th scope="col" class="num">{t.station_planned_quantity}</th>
                        <th scope="col"><span class="visually-hidden">{t.schedule_cancel}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {runs.into_iter().map(|run| view! {
                        <tr data-testid=format!("scheduled-{}", run.id)>
                            <td>{run.planned_start_local}</td>
                            <td>{run.work_center}</td>
                            <td>{run.job}</td>
                            <td>{run.product}</td>
                            <td class="num">{run.planned_quantity.to_string()}</td>
                            <td>
                                <ActionForm action=cancel attr:class="inline-form">
                                    <input type="hidden" name="run_id" value=run.id.to_string()/>
                                    <button type="submit" class="danger">{t.schedule_cancel}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
