//! Starting a run on the tablet: one tap on the next run of the work center's
//! schedule, or an ad-hoc run of a product from master data (its cycle time
//! holds) or of a product typed in (the work center's rate holds).

use leptos::prelude::*;

use super::model::{StationAction, StationStatus};
use super::outbox::Outbox;
use crate::i18n::use_i18n;

#[component]
pub fn StartRun(station: StationStatus, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let wc = station.work_center_id;
    let scheduled = (!station.scheduled.is_empty()).then(|| {
        view! {
            <section class="form-card from-schedule" data-testid="from-schedule">
                <h2>{t.station_from_schedule}</h2>
                <ul class="schedule-list">
                    {station.scheduled.into_iter().map(|run| {
                        let run_id = run.id;
                        view! {
                            <li>
                                <span>
                                    <strong>{run.planned_start_local}</strong>" · "{run.job}" · "{run.product}
                                    " · "{run.planned_quantity.to_string()}" "{t.station_planned}
                                </span>
                                <button class="big-button primary" data-testid=format!("start-scheduled-{run_id}")
                                    on:click=move |_| outbox.push(wc, StationAction::StartScheduled { run_id })>
                                    {t.station_start_scheduled}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {scheduled}
        <AdHocRun wc products=station.products outbox/>
    }
}

/// An ad-hoc run: a product picked from master data, or "another" typed in.
#[component]
fn AdHocRun(wc: i64, products: Vec<super::model::Choice>, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let (job, product, planned) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let picked = RwSignal::new(products.first().map(|p| p.id));
    let has_products = !products.is_empty();
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let planned_quantity = planned.get_untracked().trim().parse().unwrap_or(0);
        let product_id = picked.get_untracked();
        let action = StationAction::StartRun {
            job: job.get_untracked(),
            product: if product_id.is_some() { String::new() } else { product.get_untracked() },
            planned_quantity,
            product_id,
        };
        outbox.push(wc, action);
    };
    view! {
        <form class="form-card start-run" on:submit=start>
            <h2>{t.station_start_title}</h2>
            <label for="job">{t.station_job}</label>
            <input id="job" required maxlength="64" bind:value=job/>
            <label for=if has_products { "product-pick" } else { "product" }>{t.station_product}</label>
            {has_products.then(|| view! {
                <select id="product-pick"
                    on:change=move |ev| picked.set(event_target_value(&ev).parse().ok())>
                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                    <option value="">{t.station_other_product}</option>
                </select>
            })}
            <Show when=move || picked.get().is_none()>
                <input id="product" required maxlength="200" bind:value=product
                    aria-label=has_products.then_some(t.station_other_product)/>
            </Show>
            <label for="planned">{t.station_planned_quantity}</label>
            <input id="planned" inputmode="numeric" bind:value=planned/>
            <button type="submit" class="big-button primary">{t.station_start}</button>
        </form>
    }
}
