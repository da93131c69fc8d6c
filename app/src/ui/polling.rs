//! Dashboard polling, one way for every dashboard: [`use_poll`] fetches every N
//! seconds (the [`RefreshPicker`]: 5, 10, 30 s or off), never while the browser tab
//! is hidden, backs off exponentially while fetches fail, and keeps the last good
//! data on screen; [`PollStatus`] says "updated N s ago" or "stale since …" and
//! offers a manual refresh.
//!
//! The first fetch runs on the server, so the page arrives with its data; the
//! browser takes over after hydration.

use std::future::Future;

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;

/// The refresh intervals offered, in seconds.
pub const REFRESH_CHOICES: [u32; 3] = [5, 10, 30];

/// The longest wait between retries while fetches fail.
pub const MAX_BACKOFF_SECS: u32 = 300;

/// The seconds to wait before the next fetch after `failures` failures in a row:
/// the chosen interval, doubled per failure, at most `max_backoff_secs` (or the
/// interval itself when it is longer).
pub fn next_delay_secs(every_secs: u32, failures: u32, max_backoff_secs: u32) -> u32 {
    let doubled = every_secs.saturating_mul(1u32.checked_shl(failures.min(16)).unwrap_or(u32::MAX));
    doubled.min(max_backoff_secs.max(every_secs))
}

/// What a polled view shows: the last good data and how fresh it is.
pub struct Poll<T: Send + Sync + 'static> {
    /// The last data fetched successfully (kept through failures). Read it inside a
    /// `<Transition>`: the server then waits for the first fetch and renders it.
    pub data: Signal<Option<T>>,
    /// The same, as the browser last received it: for readers outside a
    /// `<Transition>` (a chart), `None` on the server.
    pub latest: Signal<Option<T>>,
    /// When `data` arrived (Unix ms).
    pub updated_at_ms: Signal<Option<i64>>,
    /// Since when fetches fail (Unix ms), while they do.
    pub stale_since_ms: Signal<Option<i64>>,
    /// The latest failure, while fetches fail.
    pub error: Signal<Option<AppError>>,
    /// Whether the first fetch is still under way.
    pub loading: Signal<bool>,
    /// Seconds until the next fetch is due (the back-off while failing).
    pub next_in_secs: Signal<Option<u32>>,
    /// Counts manual refreshes: part of the fetch's source, so each one refetches.
    refreshes: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Poll<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Poll<T> {}

impl<T: Send + Sync + 'static> Poll<T> {
    /// Fetches now and starts the interval afresh.
    pub fn refresh(&self) {
        self.refreshes.update(|n| *n += 1);
    }
}

/// Polls `fetch` every `every_secs` seconds (never while `None` or the tab is
/// hidden), backing off up to [`MAX_BACKOFF_SECS`] while fetches fail.
pub fn use_poll<T, Fut>(every_secs: Signal<Option<u32>>, fetch: impl Fn() -> Fut + Send + Sync + 'static) -> Poll<T>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    use_poll_backing_off(every_secs, MAX_BACKOFF_SECS, fetch)
}

/// [`use_poll`] with its own longest wait between retries: a wall TV nobody
/// watches over retries sooner than a desk, so it is back within a minute of the server.
pub fn use_poll_backing_off<T, Fut>(
    every_secs: Signal<Option<u32>>,
    max_backoff_secs: u32,
    fetch: impl Fn() -> Fut + Send + Sync + 'static,
) -> Poll<T>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let refreshes = RwSignal::new(0u64);
    let (tick, set_tick) = signal(0u64);
    let failures = RwSignal::new(0u32);
    let next_in_secs = RwSignal::new(None::<u32>);
    let resource = Resource::new(move || (tick.get(), refreshes.get()), move |_| fetch());
    // The last good data, for while a fetch fails (kept by the browser).
    let last_good = RwSignal::new(None::<T>);
    let updated_at_ms = RwSignal::new(None::<i64>);
    let stale_since_ms = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match resource.get() {
        Some(Ok(value)) => {
            last_good.set(Some(value));
            updated_at_ms.set(Some(now_ms()));
            stale_since_ms.set(None);
            error.set(None);
            failures.set(0);
        }
        Some(Err(failure)) => {
            if stale_since_ms.get_untracked().is_none() {
                stale_since_ms.set(Some(now_ms()));
            }
            error.set(Some(failure));
            failures.update(|n| *n = n.saturating_add(1));
        }
        None => {}
    });
    schedule(every_secs, max_backoff_secs, failures, next_in_secs, set_tick, refreshes);
    // Read inside a Suspense/Transition: the server waits for the first fetch.
    let data = Signal::derive(move || match resource.get() {
        Some(Ok(value)) => Some(value),
        _ => last_good.get(),
    });
    let loading = Signal::derive(move || updated_at_ms.get().is_none() && error.get().is_none());
    Poll {
        data,
        latest: last_good.into(),
        updated_at_ms: updated_at_ms.into(),
        stale_since_ms: stale_since_ms.into(),
        error: error.into(),
        loading,
        next_in_secs: next_in_secs.into(),
        refreshes,
    }
}

/// Advances `set_tick` after each delay, counting `next_in_secs` down each second.
/// A hidden tab skips its ticks; a manual refresh restarts the count. (Browser
/// only: the server renders the first fetch and nothing more.)
fn schedule(
    every_secs: Signal<Option<u32>>,
    max_backoff_secs: u32,
    failures: RwSignal<u32>,
    next_in_secs: RwSignal<Option<u32>>,
    set_tick: WriteSignal<u64>,
    refreshes: RwSignal<u64>,
) {
    #[cfg(not(feature = "hydrate"))]
    let _ = (every_secs, max_backoff_secs, failures, next_in_secs, set_tick, refreshes);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        refreshes.track();
        let Some(every) = every_secs.get() else {
            next_in_secs.set(None);
            return;
        };
        next_in_secs.set(Some(next_delay_secs(every, failures.get_untracked(), max_backoff_secs)));
        let second = std::time::Duration::from_secs(1);
        let countdown = move || {
            let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
            let left = next_in_secs.get_untracked().unwrap_or(every).saturating_sub(1);
            if left > 0 {
                next_in_secs.set(Some(left));
            } else if hidden {
                // A wall TV on a hidden tab does not load the server; it fetches when shown.
                next_in_secs.set(Some(1));
            } else {
                next_in_secs.set(Some(next_delay_secs(every, failures.get_untracked(), max_backoff_secs)));
                set_tick.update(|n| *n += 1);
            }
        };
        if let Ok(handle) = set_interval_with_handle(countdown, second) {
            on_cleanup(move || handle.clear());
        }
    });
}

/// Unix milliseconds now: the browser's clock, or the server's while rendering.
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
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

/// "Updated 12 s ago", or "Stale since 10:42:05 · retrying in 20 s" while fetches
/// fail, and a button to refresh now.
#[component]
pub fn PollStatus<T: Send + Sync + 'static>(poll: Poll<T>) -> impl IntoView {
    let t = use_i18n();
    let clock = use_clock();
    let fresh = move || {
        let at = poll.updated_at_ms.get()?;
        let ago = ((clock.get() - at).max(0) / 1000).to_string();
        Some(t.updated_ago.replace("{secs}", &ago))
    };
    let stale = move || {
        let since = poll.stale_since_ms.get()?;
        let mut text = t.stale_since.replace("{time}", &crate::ui::layout::format_time_of_day(since));
        if let Some(secs) = poll.next_in_secs.get() {
            text.push_str(&t.retrying_in.replace("{secs}", &secs.to_string()));
        }
        Some(text)
    };
    let reason = move || poll.error.get().map(|e| e.message);
    view! {
        <div class="poll-status" aria-live="polite">
            {move || match (stale(), fresh()) {
                (Some(stale), _) => view! {
                    <p class="stale" data-testid="poll-stale" title=reason>{stale}</p>
                }.into_any(),
                (None, Some(fresh)) => view! { <p class="fresh" data-testid="poll-updated">{fresh}</p> }.into_any(),
                (None, None) => view! { <p class="fresh">{t.never_updated}</p> }.into_any(),
            }}
            <button type="button" class="icon-button" data-testid="poll-refresh"
                disabled=move || poll.loading.get()
                on:click=move |_| poll.refresh()>
                {t.refresh_now}
            </button>
        </div>
    }
}

/// The time now, advancing every second in the browser (for "N s ago").
pub fn use_clock() -> Signal<i64> {
    let (now, set_now) = signal(now_ms());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_ms()), std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = set_now;
    now.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_exponentially_up_to_five_minutes() {
        let max = MAX_BACKOFF_SECS;
        assert_eq!(next_delay_secs(5, 0, max), 5);
        assert_eq!(next_delay_secs(5, 1, max), 10);
        assert_eq!(next_delay_secs(5, 3, max), 40);
        assert_eq!(next_delay_secs(5, 7, max), 300);
        assert_eq!(next_delay_secs(30, 40, max), 300);
        assert_eq!(next_delay_secs(600, 2, max), 600, "never shorter than the chosen interval");
        assert_eq!(next_delay_secs(10, 5, 60), 60, "a TV's own cap");
    }
}
