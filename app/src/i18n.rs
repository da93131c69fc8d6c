//! The one catalogue of user-facing text.
//!
//! Every string a user reads comes from a [`Catalogue`]. A second language is one
//! more `const` of the same type: the compiler then refuses to build until every
//! string is translated, so no page can fall back to English by accident.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
}

impl Locale {
    /// The BCP 47 tag used for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
        }
    }

    /// All strings in this language.
    pub fn catalogue(self) -> &'static Catalogue {
        match self {
            Locale::En => &EN,
        }
    }
}

/// Every user-facing string of the interface, one field per string.
#[derive(Debug)]
pub struct Catalogue {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_forecasting: &'static str,
    pub nav_production: &'static str,
    pub nav_warehouse: &'static str,
    pub nav_admin: &'static str,
    pub menu_open: &'static str,
    pub theme_toggle: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub last_updated: &'static str,
    pub never_updated: &'static str,
    pub loading: &'static str,
    pub refresh_every: &'static str,
    pub refresh_off: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub forecasting_title: &'static str,
    pub forecasting_intro: &'static str,
    pub production_title: &'static str,
    pub production_intro: &'static str,
    pub warehouse_title: &'static str,
    pub warehouse_intro: &'static str,
    pub admin_title: &'static str,
    pub admin_intro: &'static str,
    pub dashboard_not_ready: &'static str,
    pub status_title: &'static str,
    pub status_chart_title: &'static str,
    pub status_check: &'static str,
    pub status_state: &'static str,
    pub status_message: &'static str,
    pub status_duration: &'static str,
    pub status_duration_ms: &'static str,
    pub status_unavailable: &'static str,
    pub login_title: &'static str,
    pub login_email: &'static str,
    pub login_password: &'static str,
    pub login_submit: &'static str,
    pub login_pending: &'static str,
    pub login_link: &'static str,
    pub logout: &'static str,
    pub switch_operator: &'static str,
    pub kiosk_title: &'static str,
    pub kiosk_unknown: &'static str,
    pub kiosk_badge: &'static str,
    pub kiosk_pin: &'static str,
    pub kiosk_submit: &'static str,
    pub role_platform_admin: &'static str,
    pub role_tenant_admin: &'static str,
    pub role_supervisor: &'static str,
    pub role_operator: &'static str,
}

/// English, the reference language.
pub const EN: Catalogue = Catalogue {
    app_name: "Floorcast",
    tagline: "Shop-floor analytics",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_home: "Overview",
    nav_forecasting: "Forecasting",
    nav_production: "Production",
    nav_warehouse: "Warehouse",
    nav_admin: "Admin",
    menu_open: "Menu",
    theme_toggle: "Switch colour theme",
    theme_light: "Light",
    theme_dark: "Dark",
    last_updated: "Last updated",
    never_updated: "not yet",
    loading: "Loading…",
    refresh_every: "Refresh",
    refresh_off: "Off",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address. Use the navigation to find your way.",
    home_title: "Overview",
    home_intro: "Forecasts, machine performance and warehouse space for your facilities, live.",
    forecasting_title: "Forecasting & replenishment",
    forecasting_intro: "Demand history, forecasts with 80 % and 95 % bands, and what to order when.",
    production_title: "Production analytics",
    production_intro: "OEE, machine states and alerts for every work center, refreshed every few seconds.",
    warehouse_title: "Bin utilization & putaway",
    warehouse_intro: "Where received goods fit, and how full every bin and zone is.",
    admin_title: "Administration",
    admin_intro: "Tenants, users, facilities and master data.",
    dashboard_not_ready: "This dashboard has no data source yet in this version of Floorcast.",
    status_title: "System status",
    status_chart_title: "Readiness check duration (ms)",
    status_check: "Check",
    status_state: "Status",
    status_message: "Details",
    status_duration: "Duration",
    status_duration_ms: "ms",
    status_unavailable: "The server could not be reached. Retrying on the next refresh.",
    login_title: "Sign in",
    login_email: "Email",
    login_password: "Password",
    login_submit: "Sign in",
    login_pending: "Signing in…",
    login_link: "Sign in",
    logout: "Sign out",
    switch_operator: "Switch operator",
    kiosk_title: "Shop-floor sign-in",
    kiosk_unknown: "This kiosk is not set up for a facility. Ask your administrator for the kiosk address.",
    kiosk_badge: "Badge number",
    kiosk_pin: "PIN",
    kiosk_submit: "Start shift",
    role_platform_admin: "Platform administrator",
    role_tenant_admin: "Administrator",
    role_supervisor: "Supervisor",
    role_operator: "Operator",
};

/// The catalogue of the current page's language (English until a user setting exists).
pub fn use_i18n() -> &'static Catalogue {
    use_context::<Locale>().unwrap_or_default().catalogue()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_no_empty_string() {
        let text = format!("{EN:?}");
        assert!(!text.contains(": \"\""), "an English string is empty: {text}");
    }

    #[test]
    fn locale_tag_is_bcp47() {
        assert_eq!(Locale::En.tag(), "en");
    }
}
