//! The wall TV (`/tv/<display link>`, or `/production?tv=1` for a signed-in
//! supervisor): one facility's floor full screen, without navigation, in type
//! readable from across the hall, with the facility's open alerts above the
//! tiles. It rotates through the facilities on a timer,
//! says plainly how old its data is while the server cannot be reached, keeps
//! polling until it can, and reloads itself when the server comes back with a
//! new build. A display link needs no session, so a restarted server never
//! sends the TV to a sign-in page.

use std::future::Future;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::alerts::model::AlertRow;
use super::alerts::panel::describe;
use super::model::TvBoard;
use super::page::Floor;
use super::tv_api::{production_tv, tv_board};
use crate::error::{AppError, ErrorKind};
use crate::i18n::use_i18n;
use crate::ui::polling::{use_clock, use_poll_backing_off};

/// How often the board polls, and how long it shows a facility before the next.
const POLL_SECS: u32 = 10;
#[cfg(feature = "hydrate")]
const ROTATE_SECS: u64 = 20;
/// While the server is away a TV retries at least once a minute (a desk: every five).
const TV_MAX_BACKOFF_SECS: u32 = 60;

/// `/tv/<token>`: the board of a display link.
#[component]
pub fn DisplayLinkPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with_untracked(|p| p.get("token").unwrap_or_default());
    view! { <TvScreen fetch=move |_| tv_board(token())/> }
}

/// `/production?tv=1`: a signed-in supervisor's board of every facility in turn.
#[component]
pub fn SupervisorTv() -> impl IntoView {
    view! { <TvScreen fetch=production_tv/> }
}

#[component]
fn TvScreen<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn(Option<i64>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<TvBoard, AppError>> + Send + 'static,
{
    let t = use_i18n();
    let facility = RwSignal::new(None::<i64>);
    let board = use_poll_backing_off(Signal::stored(Some(POLL_SECS)), TV_MAX_BACKOFF_SECS, move || {
        fetch(facility.get_untracked())
    });
    reload_on_new_build(board.latest);
    rotate(board.latest, facility, move || board.refresh());
    let clock = use_clock();
    let stale_minutes = move || {
        board.stale_since_ms.get()?;
        let updated = board.updated_at_ms.get()?;
        Some(((clock.get() - updated).max(0) / 60_000).to_string())
    };
    view! {
        <Title text=t.tv_title/>
        <div class="tv" data-testid="tv">
            {move || stale_minutes().map(|minutes| view! {
                <p class="tv-stale" role="alert" data-testid="tv-stale">{t.tv_stale.replace("{minutes}", &minutes)}</p>
            })}
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || match (board.data.get(), board.error.get()) {
                    (Some(found), _) => view! {
                        <header class="tv-header">
                            <h1 data-testid="tv-facility">{found.facility.clone()}</h1>
                            <p class="tv-clock">{move || crate::ui::layout::format_time_of_day(clock.get())}</p>
                        </header>
                        <TvAlerts alerts=found.alerts/>
                        <Floor found=found.overview/>
                    }.into_any(),
                    (None, Some(error)) if error.kind == ErrorKind::NotFound => {
                        view! { <p class="tv-message" role="alert">{t.tv_link_unusable}</p> }.into_any()
                    }
                    (None, Some(error)) => view! { <p class="tv-message" role="alert">{error.message}</p> }.into_any(),
                    (None, None) => view! { <p class="loading">{t.loading}</p> }.into_any(),
                }}
            </Transition>
        </div>
    }
}

/// The facility's open alerts, in a strip above the tiles; nothing when there are none.
#[component]
fn TvAlerts(alerts: Vec<AlertRow>) -> impl IntoView {
    let t = use_i18n();
    (!alerts.is_empty()).then(|| {
        view! {
            <ul class="tv-alerts" role="alert" data-testid="tv-alerts">
                {alerts.into_iter().map(|alert| view! {
                    <li class:acknowledged=alert.acknowledged_ms.is_some()>
                        <strong>{alert.work_center.clone()}</strong>" · "{describe(&alert, t)}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// Reloads the page when a board names another site build than the first one
/// this page received (the server came back with a new version).
fn reload_on_new_build(latest: Signal<Option<TvBoard>>) {
    let first = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(version) = latest.with(|board| board.as_ref().map(|b| b.site_version.clone())) else { return };
        match first.get_value() {
            None => first.set_value(Some(version)),
            Some(known) if known != version => reload(),
            Some(_) => {}
        }
    });
}

fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Every 20 s (`ROTATE_SECS`), moves to the facility after the one shown and fetches it.
fn rotate(latest: Signal<Option<TvBoard>>, facility: RwSignal<Option<i64>>, refresh: impl Fn() + Copy + 'static) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let step = move || {
            let next = latest.with_untracked(|board| board.as_ref().and_then(next_facility));
            if let Some(next) = next {
                facility.set(Some(next));
                refresh();
            }
        };
        if let Ok(handle) = set_interval_with_handle(step, std::time::Duration::from_secs(ROTATE_SECS)) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (latest, facility, refresh);
}

/// The facility after the one `board` shows, round the list; none when it is the only one.
#[cfg(any(feature = "hydrate", test))]
fn next_facility(board: &TvBoard) -> Option<i64> {
    let at = board.facilities.iter().position(|&id| id == board.facility_id)?;
    let next = board.facilities[(at + 1) % board.facilities.len()];
    (next != board.facility_id).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::production::model::FloorOverview;

    fn board(facility_id: i64, facilities: Vec<i64>) -> TvBoard {
        let overview = FloorOverview { window_end_ms: 1, ..FloorOverview::default() };
        TvBoard {
            facility_id,
            facility: "Plant".into(),
            overview,
            alerts: Vec::new(),
            facilities,
            site_version: "v1".into(),
        }
    }

    #[test]
    fn the_board_rotates_round_the_facilities_and_stays_on_an_only_one() {
        assert_eq!(next_facility(&board(1, vec![1, 2, 3])), Some(2));
        assert_eq!(next_facility(&board(3, vec![1, 2, 3])), Some(1));
        assert_eq!(next_facility(&board(7, vec![7])), None);
        assert_eq!(next_facility(&board(9, vec![1, 2])), None, "a facility no longer listed stays shown");
    }
}
