//! The responsive frame around every page: brand, navigation, theme switch.
//!
//! Wide screens show the navigation as a side bar; narrow ones (a tablet in
//! portrait) fold it behind a menu button. Every control is at least 44 px tall.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::auth::page::UserMenu;
use crate::i18n::use_i18n;
use crate::ui::theme::ThemeToggle;

#[component]
pub fn AppLayout(children: Children) -> impl IntoView {
    let t = use_i18n();
    let menu_open = RwSignal::new(false);
    let close_menu = move |_| menu_open.set(false);
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <div class="app" class:menu-open=move || menu_open.get()>
            <header class="topbar">
                <button
                    class="icon-button menu-button"
                    aria-controls="main-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰"</span>
                    <span class="visually-hidden">{t.menu_open}</span>
                </button>
                <a class="brand" href="/">
                    <img src="/favicon.svg" alt="" width="28" height="28"/>
                    <span>{t.app_name}</span>
                </a>
                <span class="tagline">{t.tagline}</span>
                <UserMenu/>
                <ThemeToggle/>
            </header>
            <nav id="main-nav" class="sidebar" aria-label=t.nav_label on:click=close_menu>
                <A href="/" exact=true>{t.nav_home}</A>
                <A href="/forecasting">{t.nav_forecasting}</A>
                <A href="/production">{t.nav_production}</A>
                <A href="/warehouse">{t.nav_warehouse}</A>
                <A href="/admin">{t.nav_admin}</A>
            </nav>
            <main id="main" class="content">{children()}</main>
        </div>
    }
}

/// A page's heading with the dashboard controls beside it (refresh, last updated).
#[component]
pub fn PageHeader(
    title: &'static str,
    intro: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="intro">{intro}</p>
            </div>
            <div class="page-controls">{children.map(|c| c())}</div>
        </header>
    }
}

/// A page whose feature has not been built yet: its heading and an honest empty state.
#[component]
pub fn PendingPage(title: &'static str, intro: &'static str) -> impl IntoView {
    let t = use_i18n();
    view! {
        <Title text=title/>
        <section class="page">
            <PageHeader title intro/>
            <p class="empty-state">{t.dashboard_not_ready}</p>
        </section>
    }
}

/// `YYYY-MM-DD HH:MM` of a Unix time in milliseconds, in UTC on both sides (so
/// the server's page and the hydrated one agree).
pub fn format_utc_minute(ms: i64) -> String {
    let (days, secs) = (ms.div_euclid(86_400_000), ms.div_euclid(1000).rem_euclid(86_400));
    let date = crate::domain::forecast::calendar::Date::from_days(days);
    format!("{date} {:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// `HH:MM:SS` of a Unix time in milliseconds: local time in the browser, UTC on the server.
pub fn format_time_of_day(ms: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
        format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let secs = ms.div_euclid(1000).rem_euclid(86_400);
        format!("{:02}:{:02}:{:02} UTC", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

#[cfg(all(test, not(feature = "hydrate")))]
mod tests {
    use super::{format_time_of_day, format_utc_minute};

    #[test]
    fn utc_minutes_have_the_calendar_date() {
        assert_eq!(format_utc_minute(0), "1970-01-01 00:00");
        assert_eq!(format_utc_minute(1_796_292_000_000), "2026-12-03 10:00");
        assert_eq!(format_utc_minute(951_782_400_000), "2000-02-29 00:00");
        assert_eq!(format_utc_minute(-1), "1969-12-31 23:59");
    }

    #[test]
    fn formats_utc_time_of_day() {
        // 2026-11-28T13:04:05.678Z
        assert_eq!(format_time_of_day(1_795_871_045_678), "13:04:05 UTC");
        assert_eq!(format_time_of_day(0), "00:00:00 UTC");
    }
}
