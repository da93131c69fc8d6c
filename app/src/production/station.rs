//! The operator's tablet at the machine (`/kiosk/:facility/station/:work_center`):
//! big touch targets for gloves, the run, the counts and the machine's state.
//! Every tap goes through the [`Outbox`], so it shows at once and survives a
//! dropped Wi-Fi or a reload.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::station_view;
use super::model::{Reason, StationAction, StationStatus};
use super::outbox::Outbox;
use super::past_stop::PastStop;
use super::start_run::StartRun;
use crate::domain::oee::MachineState;
use crate::error::AppError;
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::polling::use_poll;

/// How often the tablet asks for the station's state (other tablets, the machine feed).
const REFRESH_SECS: u32 = 5;

#[component]
pub fn StationPage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let work_center = move || params.with_untracked(|p| p.get("work_center").and_then(|id| id.parse::<i64>().ok()));
    let outbox = Outbox::new();
    let poll = use_poll(Signal::stored(Some(REFRESH_SECS)), move || {
        let id = work_center();
        async move {
            match id {
                Some(id) => station_view(id).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    // What the server accepted is reloaded at once, so the optimistic view hands over cleanly.
    Effect::new(move |previous: Option<u64>| {
        let delivered = outbox.delivered.get();
        if previous.is_some_and(|p| p != delivered) {
            poll.refresh();
        }
        delivered
    });
    view! {
        <Title text=t.station_title/>
        <section class="page station">
            <Queue outbox/>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || match (poll.data.get(), poll.error.get()) {
                    (Some(station), _) => view! { <Station station outbox/> }.into_any(),
                    (None, Some(error)) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                    (None, None) => view! { <p class="loading">{t.loading}</p> }.into_any(),
                }}
            </Transition>
        </section>
    }
}

/// "N waiting to send", and what the server refused.
#[component]
fn Queue(outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let waiting = move || outbox.pending.with(Vec::len);
    view! {
        <p class="queue" data-testid="queue" role="status">
            {move || match waiting() {
                0 => t.station_all_sent.to_string(),
                n => t.station_waiting.replace("{n}", &n.to_string()),
            }}
        </p>
        {move || outbox.refusals.with(|all| all.iter().map(|message| view! {
            <p class="form-error" role="alert">{format!("{}: {message}", t.station_refused)}</p>
        }).collect_view())}
        {move || (!outbox.refusals.with(Vec::is_empty)).then(|| view! {
            <button class="big-button" on:click=move |_| outbox.refusals.set(Vec::new())>{t.station_dismiss}</button>
        })}
    }
}

#[component]
fn Station(station: StationStatus, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let wc = station.work_center_id;
    let state_label = station.state.map(|s| state_name(s, t)).unwrap_or(t.station_no_state);
    view! {
        <header class="station-header">
            <h1>{station.name.clone()}</h1>
            <p class="state" data-testid="machine-state">{state_label}</p>
        </header>
        {station.unexplained_stop_id.map(|stop| view! { <ExplainStop station=station.clone() stop outbox/> })}
        {match station.run.clone() {
            None => view! { <StartRun station=station.clone() outbox/> }.into_any(),
            Some(run) => {
                let run_id = run.id;
                // Counts still in the outbox, shown at once.
                let pending = move |pick: fn(&StationAction) -> i64| outbox.pending.with(|all| all.iter()
                    .filter(|p| p.work_center_id == wc && matches!(p.action, StationAction::Count { run_id: r, .. } if r == run_id))
                    .map(|p| pick(&p.action)).sum::<i64>());
                let good = move || run.good + pending(|a| if let StationAction::Count { good, .. } = a { *good } else { 0 });
                let scrap = move || run.scrap + pending(|a| if let StationAction::Count { scrap, .. } = a { *scrap } else { 0 });
                let scrap_reason = RwSignal::new(station.scrap_reasons.first().map(|r| r.id));
                let count = move |good: i64, scrap: i64| {
                    let scrap_reason_id = if scrap > 0 { scrap_reason.get_untracked() } else { None };
                    outbox.push(wc, StationAction::Count { run_id, good, scrap, scrap_reason_id, at_ms: now_ms() });
                };
                let paused = run.paused;
                view! {
                    <p class="run">{format!("{} · {}", run.job, run.product)}</p>
                    <p class="counts">
                        <span data-testid="good">{move || good().to_string()}</span>" "{t.station_good}" · "
                        <span data-testid="scrap">{move || scrap().to_string()}</span>" "{t.station_scrap}" / "
                        {run.planned_quantity.to_string()}" "{t.station_planned}
                    </p>
                    <div class="big-buttons">
                        <button class="big-button primary" disabled=paused on:click=move |_| count(1, 0)>{t.station_good_1}</button>
                        <button class="big-button primary" disabled=paused on:click=move |_| count(10, 0)>{t.station_good_10}</button>
                        <label class="reason">
                            <span>{t.station_scrap_reason}</span>
                            <select on:change=move |ev| scrap_reason.set(event_target_value(&ev).parse().ok())>
                                {station.scrap_reasons.iter().map(|r| view! { <option value=r.id.to_string()>{r.name.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button class="big-button" disabled=paused on:click=move |_| count(0, 1)>{t.station_scrap_1}</button>
                    </div>
                    <div class="big-buttons">
                        {if paused {
                            view! { <button class="big-button" on:click=move |_| outbox.push(wc, StationAction::ResumeRun { run_id })>{t.station_resume}</button> }.into_any()
                        } else {
                            view! { <button class="big-button" on:click=move |_| outbox.push(wc, StationAction::PauseRun { run_id })>{t.station_pause}</button> }.into_any()
                        }}
                        <button class="big-button" on:click=move |_| outbox.push(wc, StationAction::FinishRun { run_id })>{t.station_finish}</button>
                    </div>
                }.into_any()
            }
        }}
        <StateButtons station=station.clone() outbox/>
        <PastStop station outbox/>
    }
}

/// The machine stopped without a reason (the floor watch noticed, or someone set
/// it idle): the operator is asked for one.
#[component]
fn ExplainStop(station: StationStatus, stop: i64, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let wc = station.work_center_id;
    let reasons: Vec<_> = station.downtime_reasons.iter().filter(|r| !r.needs_comment).cloned().collect();
    let reason = RwSignal::new(reasons.first().map(|r| r.id));
    let since = station.state_since_ms.map(crate::ui::layout::format_time_of_day).unwrap_or_default();
    let explain = move |_| {
        if let Some(reason_id) = reason.get_untracked() {
            outbox.push(wc, StationAction::Explain { state_event_id: stop, reason_id, comment: None });
        }
    };
    view! {
        <div class="explain-stop" role="alert" data-testid="explain-stop">
            <p>{t.station_unexplained.replace("{since}", &since)}</p>
            <div class="big-buttons">
                <select aria-label=t.station_stop_reason on:change=move |ev| reason.set(event_target_value(&ev).parse().ok())>
                    {reasons.iter().map(|r| view! { <option value=r.id.to_string()>{r.name.clone()}</option> }).collect_view()}
                </select>
                <button class="big-button primary" on:click=explain>{t.station_explain}</button>
            </div>
        </div>
    }
}

#[component]
fn StateButtons(station: StationStatus, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let wc = station.work_center_id;
    let reason = RwSignal::new(None::<i64>);
    let set = move |state: MachineState| {
        let reason_id = if state == MachineState::Down { reason.get_untracked() } else { None };
        outbox.push(wc, StationAction::State { state, reason_id, comment: None, from_ms: None, to_ms: None });
    };
    let states = [MachineState::Running, MachineState::Idle, MachineState::Setup, MachineState::Maintenance];
    view! {
        <h2>{t.station_state_title}</h2>
        <div class="big-buttons">
            {states.into_iter().map(|state| view! {
                <button class="big-button" on:click=move |_| set(state)>{state_name(state, t)}</button>
            }).collect_view()}
            <ReasonPicker label=t.station_down_reason reasons=station.downtime_reasons.clone() reason/>
            <button class="big-button danger" on:click=move |_| set(MachineState::Down)>{state_name(MachineState::Down, t)}</button>
        </div>
    }
}

/// A downtime reason an operator may pick without writing a comment, or "later".
#[component]
pub(super) fn ReasonPicker(label: &'static str, reasons: Vec<Reason>, reason: RwSignal<Option<i64>>) -> impl IntoView {
    let t = use_i18n();
    view! {
        <label class="reason">
            <span>{label}</span>
            <select on:change=move |ev| reason.set(event_target_value(&ev).parse().ok())>
                <option value="">{t.station_reason_later}</option>
                {reasons.into_iter().filter(|r| !r.needs_comment).map(|r| view! {
                    <option value=r.id.to_string()>{r.name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

pub fn state_name(state: MachineState, t: &Catalogue) -> &'static str {
    match state {
        MachineState::Running => t.state_running,
        MachineState::Idle => t.state_idle,
        MachineState::Setup => t.state_setup,
        MachineState::Down => t.state_down,
        MachineState::Maintenance => t.state_maintenance,
        MachineState::NotScheduled => t.state_not_scheduled,
    }
}

/// When the operator tapped, kept with a queued action (taps happen in the browser only).
fn now_ms() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    return Some(js_sys::Date::now() as i64);
    #[cfg(not(feature = "hydrate"))]
    None
}
