//! Dashboard polling: a tick that advances every N seconds while the tab is visible,
//! and the picker that lets a supervisor choose N (5, 10, 30 s or off).

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The refresh intervals offered, in seconds.
pub const REFRESH_CHOICES: [u32; 3] = [5, 10, 30];

/// A counter that increases every `every_secs` seconds (never while `None`), and
/// not at all while the browser tab is hidden: a wall TV left on a hidden tab does
/// not load the server. Use it as the source of a `Resource` to refetch.
pub fn use_polling(every_secs: Signal<Option<u32>>) -> ReadSignal<u64> {
    let (tick, set_tick) = signal(0u64);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(secs) = every_secs.get() else { return };
        let every = std::time::Duration::from_secs(u64::from(secs));
        let advance = move || {
            let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
            if !hidden {
                set_tick.update(|n| *n += 1);
            }
        };
        if let Ok(handle) = set_interval_with_handle(advance, every) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (every_secs, set_tick);
    tick
}

/// A select of the refresh interval, bound to `every_secs`.
#[component]
pub fn RefreshPicker(every_secs: RwSignal<Option<u32>>) -> impl IntoView {
    let t = use_i18n();
    let current = move || every_secs.get().map(|s| s.to_string()).unwrap_or_else(|| "off".into());
    view! {
        <label class="refresh-picker">
            <span>{t.refresh_every}</span>
            <select
                data-testid="refresh-picker"
                prop:value=current
                on:change=move |ev| every_secs.set(event_target_value(&ev).parse().ok())
            >
                {REFRESH_CHOICES
                    .iter()
                    .map(|s| view! { <option value=s.to_string()>{format!("{s} s")}</option> })
                    .collect_view()}
                <option value="off">{t.refresh_off}</option>
            </select>
        </label>
    }
}
