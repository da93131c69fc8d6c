//! The receiving page (`/warehouse/receiving`), made for a tablet and gloves: big
//! fields and buttons (64 px), a material field a barcode scanner types into (its
//! Enter adds the line and puts the cursor back for the next scan), then one card per
//! line with the bin, the reason and the confidence, and Accept / Put elsewhere /
//! Reject. Putting elsewhere or rejecting asks why. The batch is sent once per key.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{putaway_facilities, PutawayDecide, PutawayRecommend, RECEIVING_ACCESS};
use super::model::{Decided, LineOutcome, LineResult, Receiving, ReceivingLine};
use crate::auth::api::when_allowed;
use crate::forms::{error_for, FieldError};
use crate::i18n::use_i18n;
use crate::idempotency::form_key::use_form_key;
use crate::ui::layout::PageHeader;

#[component]
pub fn ReceivingPage() -> impl IntoView {
    let t = use_i18n();
    let facilities = Resource::new(|| (), |_| when_allowed(RECEIVING_ACCESS, putaway_facilities));
    view! {
        <Title text=t.receiving_title/>
        <section class="page receiving">
            <PageHeader title=t.receiving_title intro=t.receiving_intro/>
            <p class="page-links"><a href="/warehouse">{t.receiving_back}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || facilities.get().map(|found| match found {
                    Ok(Some(found)) if !found.is_empty() => view! { <Receiver facilities=found/> }.into_any(),
                    Ok(_) => view! { <p class="empty-state">{t.receiving_no_bin_access}</p> }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Receiver(facilities: Vec<crate::production::model::Choice>) -> impl IntoView {
    let t = use_i18n();
    let facility = RwSignal::new(facilities[0].id);
    let lines = RwSignal::new(Vec::<ReceivingLine>::new());
    let recommend = ServerAction::<PutawayRecommend>::new();
    let key = use_form_key(recommend);
    let (material, quantity, lot) =
        (RwSignal::new(String::new()), RwSignal::new("1".to_string()), RwSignal::new(String::new()));
    let material_input = NodeRef::<leptos::html::Input>::new();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if material.get_untracked().trim().is_empty() {
            return;
        }
        lines.update(|all| {
            all.push(ReceivingLine {
                material: material.get_untracked(),
                quantity: quantity.get_untracked(),
                lot: lot.get_untracked(),
            })
        });
        material.set(String::new());
        quantity.set("1".to_string());
        lot.set(String::new());
        if let Some(input) = material_input.get_untracked() {
            let _ = input.focus();
        }
    };
    let send = move |_| {
        recommend.dispatch(PutawayRecommend {
            facility_id: facility.get_untracked(),
            lines: lines.get_untracked(),
            strategy: None,
            idempotency_key: Some(key.get_untracked()),
        });
    };
    let errors = Signal::derive(move || match recommend.value().get() {
        Some(Ok(Receiving::Invalid { errors })) => errors,
        _ => Vec::new(),
    });
    let results = move || match recommend.value().get() {
        Some(Ok(Receiving::Recommended { lines })) => Some(lines),
        _ => None,
    };
    let next_batch = move |_| {
        lines.set(Vec::new());
        recommend.value().set(None);
    };
    let choices = facilities.clone();
    view! {
        <Show when=move || { choices.len() > 1 }>
            <label class="big-field">
                {t.wh_facility}
                <select on:change=move |ev| facility.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {facilities.iter().map(|f| view! { <option value=f.id.to_string()>{f.label.clone()}</option> }).collect_view()}
                </select>
            </label>
        </Show>
        <Show when=move || results().is_none()>
            <form class="receiving-entry" on:submit=add>
                <label class="big-field">
                    {t.receiving_material}
                    <input node_ref=material_input name="material" autocomplete="off" autofocus
                        prop:value=material on:input=move |ev| material.set(event_target_value(&ev))/>
                </label>
                <label class="big-field">
                    {t.receiving_quantity_label}
                    <input name="quantity" inputmode="numeric" prop:value=quantity on:input=move |ev| quantity.set(event_target_value(&ev))/>
                </label>
                <label class="big-field">
                    {t.receiving_lot}
                    <input name="lot" autocomplete="off" prop:value=lot on:input=move |ev| lot.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="big-button">{t.receiving_add}</button>
            </form>
            <h2>{t.receiving_lines}</h2>
            <LineList lines errors/>
            <button type="button" class="big-button primary" data-testid="get-bins"
                disabled=move || lines.with(Vec::is_empty) || recommend.pending().get() on:click=send>
                {t.receiving_recommend}
            </button>
            {move || match recommend.value().get() {
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }),
                _ => None,
            }}
        </Show>
        {move || results().map(|found| view! {
            <div class="putaway-cards">
                {found.into_iter().map(|line| view! { <PutawayCard line/> }).collect_view()}
            </div>
            <button type="button" class="big-button" on:click=next_batch>{t.receiving_new_batch}</button>
        })}
    }
}

/// The lines entered so far, each with its errors and a remove button.
#[component]
fn LineList(lines: RwSignal<Vec<ReceivingLine>>, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let t = use_i18n();
    move || {
        let all = lines.get();
        if all.is_empty() {
            return view! { <p class="empty-state">{t.receiving_empty}</p> }.into_any();
        }
        let batch_error = error_for(&errors.get(), "lines");
        view! {
            {batch_error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <ol class="receiving-lines" data-testid="receiving-lines">
                {all.into_iter().enumerate().map(|(i, line)| {
                    let messages: Vec<String> = ["material", "quantity", "lot"]
                        .iter()
                        .filter_map(|f| error_for(&errors.get(), &format!("lines[{i}].{f}")))
                        .collect();
                    let lot = if line.lot.trim().is_empty() { String::new() } else { format!(" · {}", line.lot) };
                    view! {
                        <li>
                            <span class="line-text">{format!("{} × {}{lot}", line.quantity, line.material)}</span>
                            <button type="button" class="big-button" on:click=move |_| lines.update(|all| { all.remove(i); })>
                                {t.receiving_remove}
                            </button>
                            {messages.into_iter().map(|m| view! { <p class="form-error" role="alert">{m}</p> }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    }
}

/// What the operator is about to do with a recommendation.
#[derive(Clone, Copy, PartialEq)]
enum Pending {
    Nothing,
    Elsewhere,
    Reject,
}

#[component]
fn PutawayCard(line: LineResult) -> impl IntoView {
    let t = use_i18n();
    let heading = format!("{} × {}", line.pieces, line.material);
    let LineOutcome::Offer { recommendation_id, bin, confidence, reason, alternatives } = line.outcome else {
        let LineOutcome::NoFit { message } = line.outcome else { unreachable!() };
        return view! {
            <article class="putaway-card no-fit" data-testid="putaway-card">
                <h3>{heading}</h3>
                <p class="bin-code">{t.receiving_no_fit}</p>
                <p role="alert">{message}</p>
            </article>
        }
        .into_any();
    };
    let decide = ServerAction::<PutawayDecide>::new();
    let key = use_form_key(decide);
    let pending = RwSignal::new(Pending::Nothing);
    let why = RwSignal::new(String::new());
    let other = RwSignal::new(alternatives.first().map(|a| a.bin.id));

    let send = move |decision: &'static str, bin_id: Option<i64>| {
        let reason = Some(why.get_untracked()).filter(|r| !r.trim().is_empty());
        decide.dispatch(PutawayDecide {
            recommendation_id,
            decision: decision.to_string(),
            bin_id,
            reason,
            idempotency_key: Some(key.get_untracked()),
        });
    };
    let decided = move || match decide.value().get() {
        Some(Ok(Decided { status, bin })) => Some(format!(
            "{} — {status}{}",
            t.receiving_done,
            bin.map(|b| format!(" · {}", b.code)).unwrap_or_default()
        )),
        _ => None,
    };
    let has_alternatives = !alternatives.is_empty();
    let alternatives = StoredValue::new(alternatives);
    view! {
        <article class="putaway-card" data-testid="putaway-card">
            <h3>{heading}</h3>
            <p class="bin-code" data-testid="bin-code">{bin.code.clone()}</p>
            <p>{reason}</p>
            <p class="confidence">{format!("{} {:.0} %", t.receiving_confidence, confidence * 100.0)}</p>
            {move || match decided() {
                Some(done) => view! { <p role="status" class="decided">{done}</p> }.into_any(),
                None => view! {
                    <div class="decision-buttons">
                        <button type="button" class="big-button primary" on:click=move |_| send("accept", None)>{t.receiving_accept}</button>
                        <Show when=move || has_alternatives>
                            <button type="button" class="big-button" on:click=move |_| pending.set(Pending::Elsewhere)>{t.receiving_override}</button>
                        </Show>
                        <button type="button" class="big-button" on:click=move |_| pending.set(Pending::Reject)>{t.receiving_reject}</button>
                    </div>
                }.into_any(),
            }}
            <Show when=move || pending.get() != Pending::Nothing && decided().is_none()>
                <Show when=move || pending.get() == Pending::Elsewhere>
                    <label class="big-field">
                        {t.receiving_other_bin}
                        <select on:change=move |ev| other.set(event_target_value(&ev).parse().ok())>
                            {alternatives.with_value(|all| all.iter().map(|a| view! {
                                <option value=a.bin.id.to_string()>{format!("{} — {}", a.bin.code, a.reason)}</option>
                            }).collect_view())}
                        </select>
                    </label>
                </Show>
                <label class="big-field">
                    {t.receiving_reason}
                    <input name="reason" maxlength="400" prop:value=why on:input=move |ev| why.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="big-button primary" on:click=move |_| match pending.get_untracked() {
                    Pending::Elsewhere => send("override", other.get_untracked()),
                    _ => send("reject", None),
                }>{t.receiving_confirm}</button>
            </Show>
            {move || match decide.value().get() {
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }),
                _ => None,
            }}
        </article>
    }
    .into_any()
}
