//! Light and dark themes. The system preference applies until the user picks one;
//! the pick is kept in `localStorage` and applied before first paint (see `root.rs`).

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The theme on screen, shared with everything that draws (charts pick their
/// colours from it). Provided once by the app root.
#[derive(Clone, Copy)]
pub struct ThemeCtx(pub RwSignal<Theme>);

pub fn provide_theme() {
    // The server cannot know the browser's theme; the browser corrects it on hydration.
    let theme = RwSignal::new(Theme::Light);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| theme.set(browser::current()));
    provide_context(ThemeCtx(theme));
}

/// The theme on screen (light until the browser has said otherwise).
pub fn use_theme() -> RwSignal<Theme> {
    use_context::<ThemeCtx>().map(|ctx| ctx.0).unwrap_or_else(|| RwSignal::new(Theme::Light))
}

/// One button that flips between light and dark. Its label names the theme a
/// press switches to, so it reads correctly to a screen reader too.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let t = use_i18n();
    let theme = use_theme();
    let label = move || match theme.get().other() {
        Theme::Light => t.theme_light,
        Theme::Dark => t.theme_dark,
    };
    let toggle = move |_| {
        let next = theme.get_untracked().other();
        theme.set(next);
        #[cfg(feature = "hydrate")]
        browser::apply(next);
    };
    view! {
        <button
            class="icon-button theme-toggle"
            data-testid="theme-toggle"
            title=t.theme_toggle
            aria-label=t.theme_toggle
            on:click=toggle
        >
            <span aria-hidden="true">{move || if theme.get() == Theme::Dark { "☀" } else { "☾" }}</span>
            <span class="theme-label">{label}</span>
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Theme;

    const STORAGE_KEY: &str = "floorcast-theme";

    fn name(theme: Theme) -> &'static str {
        match theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme on screen now: the saved pick, else the system preference.
    pub fn current() -> Theme {
        let Some(window) = web_sys::window() else { return Theme::Light };
        let root_theme =
            window.document().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("data-theme"));
        match root_theme.as_deref() {
            Some("dark") => return Theme::Dark,
            Some("light") => return Theme::Light,
            _ => {}
        }
        let prefers_dark =
            window.match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|q| q.matches());
        if prefers_dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    /// Shows `theme` now and remembers it for the next visit.
    pub fn apply(theme: Theme) {
        let Some(window) = web_sys::window() else { return };
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", name(theme));
        }
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, name(theme));
        }
    }
}
