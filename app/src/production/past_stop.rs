//! A stop that is already over, recorded after the fact on the tablet: its state
//! and reason, and how long it lasted, as minutes ending now or as a from–to of
//! the clock. It goes through the outbox like every tap, with its moments fixed
//! when it was entered, so a stop recorded offline lands where it happened; the
//! server splits the current state around it or refuses an overlap.

use leptos::prelude::*;

use super::model::{StationAction, StationStatus};
use super::outbox::Outbox;
use super::station::{state_name, ReasonPicker};
use crate::domain::oee::MachineState;
use crate::i18n::use_i18n;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// The longest stop entered as minutes: a day.
const MAX_MINUTES: i64 = 24 * 60;

/// The interval of a stop `minutes` long that ended at `now_ms`.
pub fn interval_of_minutes(now_ms: i64, minutes: i64) -> Option<(i64, i64)> {
    (1..=MAX_MINUTES).contains(&minutes).then(|| (now_ms - minutes * MINUTE_MS, now_ms))
}

/// The interval between two clock times (minutes after local midnight), the
/// latest one that ended by `now_ms`: "22:50 to 23:10" entered at 00:30 is
/// yesterday's, "23:50 to 00:10" crosses midnight. `midnight_ms` is the local
/// midnight that began today.
pub fn interval_of_clock(now_ms: i64, midnight_ms: i64, from_min: i64, to_min: i64) -> Option<(i64, i64)> {
    if from_min == to_min {
        return None;
    }
    let mut to = midnight_ms + to_min * MINUTE_MS;
    if to > now_ms {
        to -= DAY_MS;
    }
    let mut from = midnight_ms + from_min * MINUTE_MS;
    while from >= to {
        from -= DAY_MS;
    }
    Some((from, to))
}

/// `"07:45"` → 465.
fn clock_minutes(text: &str) -> Option<i64> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.parse().ok()?);
    ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(hours * 60 + minutes)
}

#[component]
pub fn PastStop(station: StationStatus, outbox: Outbox) -> impl IntoView {
    let t = use_i18n();
    let wc = station.work_center_id;
    let states = [MachineState::Down, MachineState::Idle, MachineState::Setup, MachineState::Maintenance];
    let state = RwSignal::new(MachineState::Down);
    let reason = RwSignal::new(None::<i64>);
    let (minutes, from, to) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let problem = RwSignal::new(None::<&'static str>);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((now_ms, midnight_ms)) = now_and_midnight() else { return };
        let interval = match minutes.get_untracked().trim() {
            "" => clock_minutes(&from.get_untracked())
                .zip(clock_minutes(&to.get_untracked()))
                .and_then(|(from, to)| interval_of_clock(now_ms, midnight_ms, from, to)),
            text => text.parse().ok().and_then(|m| interval_of_minutes(now_ms, m)),
        };
        let Some((from_ms, to_ms)) = interval else {
            problem.set(Some(t.station_past_invalid));
            return;
        };
        problem.set(None);
        let reason_id = reason.get_untracked();
        let action = StationAction::State {
            state: state.get_untracked(),
            reason_id,
            comment: None,
            from_ms: Some(from_ms),
            to_ms: Some(to_ms),
        };
        outbox.push(wc, action);
        for field in [minutes, from, to] {
            field.set(String::new());
        }
    };
    view! {
        <details class="form-card past-stop" data-testid="past-stop">
            <summary>{t.station_past_title}</summary>
            <form on:submit=record novalidate>
                <div class="big-buttons">
                    <label class="reason">
                        <span>{t.station_past_state}</span>
                        <select on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            if let Some(found) = states.into_iter().find(|s| format!("{s:?}") == picked) {
                                state.set(found);
                            }
                        }>
                            {states.into_iter().map(|s| view! { <option value=format!("{s:?}")>{state_name(s, t)}</option> }).collect_view()}
                        </select>
                    </label>
                    <ReasonPicker label=t.station_stop_reason reasons=station.downtime_reasons.clone() reason/>
                </div>
                <div class="big-buttons">
                    <label class="reason">
                        <span>{t.station_past_minutes}</span>
                        <input inputmode="numeric" bind:value=minutes data-testid="past-minutes"/>
                    </label>
                    <span class="past-or">{t.station_past_or}</span>
                    <label class="reason">
                        <span>{t.station_past_from}</span>
                        <input type="time" bind:value=from data-testid="past-from"/>
                    </label>
                    <label class="reason">
                        <span>{t.station_past_to}</span>
                        <input type="time" bind:value=to data-testid="past-to"/>
                    </label>
                </div>
                {move || problem.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                <button type="submit" class="big-button primary">{t.station_past_record}</button>
            </form>
        </details>
    }
}

/// Now, and the local midnight that began today (in the browser; nothing on the server).
fn now_and_midnight() -> Option<(i64, i64)> {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        let midnight = js_sys::Date::new(&now.clone().into());
        midnight.set_hours(0);
        midnight.set_minutes(0);
        midnight.set_seconds(0);
        midnight.set_milliseconds(0);
        Some((now.get_time() as i64, midnight.get_time() as i64))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIDNIGHT: i64 = 100 * DAY_MS;

    #[test]
    fn minutes_end_now_and_stay_within_a_day() {
        let now = MIDNIGHT + 10 * 60 * MINUTE_MS;
        assert_eq!(interval_of_minutes(now, 15), Some((now - 15 * MINUTE_MS, now)));
        assert_eq!(interval_of_minutes(now, 0), None);
        assert_eq!(interval_of_minutes(now, 24 * 60 + 1), None);
    }

    #[test]
    fn clock_times_are_the_latest_interval_that_is_over() {
        let at = |h: i64, m: i64| MIDNIGHT + (h * 60 + m) * MINUTE_MS;
        let now = at(10, 0);
        assert_eq!(interval_of_clock(now, MIDNIGHT, 7 * 60 + 45, 8 * 60 + 5), Some((at(7, 45), at(8, 5))));
        // Entered at 00:30: "22:50 to 23:10" was yesterday, "23:50 to 00:10" crossed midnight.
        let early = at(0, 30);
        assert_eq!(
            interval_of_clock(early, MIDNIGHT, 22 * 60 + 50, 23 * 60 + 10),
            Some((at(22, 50) - DAY_MS, at(23, 10) - DAY_MS))
        );
        assert_eq!(interval_of_clock(early, MIDNIGHT, 23 * 60 + 50, 10), Some((at(23, 50) - DAY_MS, at(0, 10))));
        assert_eq!(interval_of_clock(now, MIDNIGHT, 480, 480), None);
        assert_eq!(clock_minutes("07:45"), Some(465));
        assert_eq!(clock_minutes("25:00"), None);
    }
}
