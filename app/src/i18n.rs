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

/// Declares every string once: its field and its English text side by side. The
/// macro writes the [`Catalogue`] type and [`EN`] from the one list.
macro_rules! catalogue {
    ($($field:ident: $english:literal,)*) => {
        /// Every user-facing string of the interface, one field per string.
        #[derive(Debug)]
        pub struct Catalogue {
            $(pub $field: &'static str,)*
        }

        /// English, the reference language.
        pub const EN: Catalogue = Catalogue {
            $($field: $english,)*
        };
    };
}

catalogue! {
    // The shell: navigation, theme, refreshing
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
    never_updated: "Not updated yet",
    updated_ago: "Updated {secs} s ago",
    stale_since: "Stale since {time}",
    retrying_in: " · retrying in {secs} s",
    refresh_now: "Refresh now",
    figures_title: "Your data",
    loading: "Loading…",
    refresh_every: "Refresh",
    refresh_off: "Off",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address. Use the navigation to find your way.",

    // Overview and dashboards
    home_title: "Overview",
    home_intro: "Forecasts, machine performance and warehouse space for your facilities, live.",
    forecasting_title: "Forecasting & replenishment",
    forecasting_intro: "Demand history, forecasts with 80 % and 95 % bands, and what to order when.",
    production_title: "Production analytics",
    production_intro: "OEE, machine states and alerts for every work center, refreshed every few seconds.",
    warehouse_title: "Bin utilization & putaway",
    warehouse_intro: "Where received goods fit, and how full every bin and zone is.",

    // Administration
    admin_title: "Administration",
    admin_intro: "Tenants, users, facilities and master data.",

    // Overview and dashboards
    dashboard_not_ready: "This dashboard has no data source yet in this version of Floorcast.",
    status_title: "System status",
    status_chart_title: "Readiness check duration (ms)",
    status_check: "Check",
    status_state: "Status",
    status_message: "Details",
    status_duration: "Duration",
    status_duration_ms: "ms",
    status_unavailable: "The server could not be reached. Retrying on the next refresh.",

    // Signing in (auth)
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
    kiosk_work_center: "Work center",
    role_platform_admin: "Platform administrator",
    role_tenant_admin: "Administrator",
    role_supervisor: "Supervisor",
    role_operator: "Operator",

    // Forms: field labels and messages
    err_required: "Required.",
    err_too_long: "At most {max} characters.",
    err_control_chars: "No control characters, please.",
    err_email: "This is not an e-mail address.",
    err_code: "Letters, digits and - _ . / only.",
    err_choice: "Choose one of the offered values.",
    err_integer: "Enter a whole number.",
    err_decimal: "Enter a number.",
    err_range: "Enter a value from {min} to {max}.",
    err_reference: "Choose an existing entry.",
    err_duplicate_code: "This code is taken already.",
    field_code: "Code",
    field_name: "Name",
    field_timezone: "Time zone",
    field_email: "Email",
    field_lead_time_days: "Lead time (days)",
    field_sku: "SKU",
    field_unit: "Unit",
    field_unit_length_mm: "Unit length (mm)",
    field_unit_width_mm: "Unit width (mm)",
    field_unit_height_mm: "Unit height (mm)",
    field_unit_weight_kg: "Unit weight (kg)",
    field_service_level: "Cycle service level",
    field_order_cost: "Cost per order",
    field_holding_cost_rate: "Holding cost rate (per year)",
    field_min_order_qty: "Minimum order quantity",
    field_order_multiple: "Order multiple",
    field_vendor: "Vendor",
    field_facility: "Facility",
    field_work_center_kind: "Kind",
    field_ideal_rate_per_hour: "Ideal rate (units/hour)",
    field_unexplained_after_min: "Minutes without a count before a running machine counts as stopped (empty: 5)",
    field_zone: "Zone",
    field_length_mm: "Length (mm)",
    field_width_mm: "Width (mm)",
    field_height_mm: "Height (mm)",
    field_max_weight_kg: "Max weight (kg)",

    // Lists and the master-data catalog
    catalog_facilities: "Facilities",
    catalog_vendors: "Vendors",
    catalog_materials: "Materials",
    catalog_work_centers: "Work centers",
    catalog_bins: "Bin locations",
    catalog_downtime_reasons: "Downtime reasons",
    catalog_scrap_reasons: "Scrap reasons",
    field_stop_loss: "Loss (breakdown, setup and adjustment, planned stop left out of planned time, or planned stop counted as a loss)",
    field_needs_comment: "Needs a comment",
    catalog_alert_rules: "Alert rules",
    field_alert_kind: "Alert when (oee_below, down_longer_than, scrap_rate_above, unexplained_longer_than)",
    field_alert_work_center: "Work center (empty: every work center)",
    field_alert_threshold: "Threshold (percent for OEE and scrap rate, minutes otherwise)",
    err_percent_threshold: "A percentage is at most 100.",
    err_time_zone: "Enter a time zone of the tz database, such as Europe/Berlin or UTC.",
    catalog_shifts: "Shifts",
    catalog_holidays: "Holidays",
    field_starts_at: "Starts (HH:MM, local time)",
    field_ends_at: "Ends (HH:MM; at or before the start: the next day)",
    field_weekdays: "Weekdays (mon,tue,wed,thu,fri,sat,sun)",
    field_breaks: "Planned breaks (HH:MM+minutes, comma-separated)",
    field_date: "Date (YYYY-MM-DD)",
    err_clock: "Enter a time of day as HH:MM, from 00:00 to 23:59.",
    err_weekdays: "List weekdays as mon, tue, wed, thu, fri, sat or sun, separated by commas.",
    err_breaks: "Write each break as HH:MM+minutes, such as 10:00+15, separated by commas.",
    err_break_outside_shift: "Each break must lie inside the shift and apart from the others.",
    err_date: "Enter a real date as YYYY-MM-DD.",
    catalog_products: "Products",
    catalog_cycle_times: "Cycle times",
    field_product: "Product",
    field_work_center: "Work center",
    field_ideal_cycle_s: "Ideal cycle time (seconds per piece)",
    err_duplicate_pair: "Another row has this product and work center already.",
    alerts_title: "Alerts",
    alerts_none_open: "No open alerts: every work center is within its rules.",
    alerts_history: "Cleared in the last 7 days ({n})",
    alerts_history_empty: "None cleared in the last 7 days.",
    alerts_open_for: "Raised {since} UTC, open for {min} min",
    alerts_comment: "What is being done about it",
    alerts_acknowledge: "Acknowledge",
    alerts_acknowledged: "Acknowledged {at} UTC by {by}",
    alert_oee_below: "OEE {value} % below {threshold} %",
    alert_down_longer_than: "Down longer than {threshold} min",
    alert_scrap_rate_above: "Scrap {value} % above {threshold} %",
    alert_unexplained_longer_than: "Stop without a reason for more than {threshold} min",
    prod_in_state_for: "for {min} min",
    prod_waiting_for_reason: "Waiting for a reason",
    field_active: "Offered to operators",
    yes: "Yes",
    no: "No",
    err_flag: "Yes or no.",
    search: "Search",
    pages: "Pages",
    previous: "Previous",
    next: "Next",
    page_of: "Page {page} of {pages} · {total} rows",
    no_rows: "Nothing here yet.",
    new_entry: "New",
    save: "Save",
    saving: "Saving…",
    saved: "Saved.",
    delete: "Delete",
    deleted: "Deleted.",
    in_use: "Still in use by {kind}; change those first.",
    in_history: "Recorded history (production runs, counts, machine states) refers to this, so it stays.",
    back_to_list: "Back to the list",
    choose: "Choose…",
    none_option: "None",
    import_title: "Import from CSV",
    import_help: "All rows or none: fix every reported line and import again. A code that exists already updates that row. References use the other row's code.",
    import_file: "CSV file",
    import_text: "CSV text",
    import_submit: "Import",
    import_done: "Imported: {created} new, {updated} updated.",
    import_line: "Line {line}: {message}",

    // Administration
    admin_catalog: "Master data",
    admin_users: "Users",
    admin_tenants: "Tenants",
    admin_audit: "Audit log",

    // Signing in (auth)
    sign_in_needed: "Please sign in with an account that may see this page.",

    // Lists and the master-data catalog
    edit: "Edit",

    // Audit log
    audit_at: "When (UTC)",
    audit_user: "Who",
    audit_action: "Action",
    audit_entity: "What",
    audit_summary: "Change",

    // Forms: field labels and messages
    err_duplicate_email: "An account with this e-mail exists already.",
    err_own_role: "You cannot take away your own administrator role.",
    err_deactivate_self: "You cannot deactivate yourself.",
    err_badge_operator_only: "Only operators get badges.",
    err_badge: "A badge number is 1 to 32 letters or digits.",
    err_badge_taken: "This badge number is taken at this facility.",
    err_pin_shape: "A PIN is 4 to 8 digits.",
    err_pin_common: "This PIN is among the most common ones and easy to guess. Choose another.",
    err_slug: "Lower-case letters, digits and - only, 2 to 64 characters.",
    err_slug_taken: "This short name is taken.",

    // Production: the supervisor's dashboard
    prod_window: "Last 24 hours",
    prod_oee: "OEE",
    prod_availability: "Availability",
    prod_performance: "Performance",
    prod_quality: "Quality",
    prod_good: "Good pieces",
    prod_scrap: "Scrap pieces",
    prod_active_runs: "Runs going",
    prod_oee_today: "OEE today (since 00:00 UTC)",
    prod_oee_last_hour: "OEE last hour",
    prod_runs_scheduled: "Runs scheduled",
    prod_runs_completed_today: "Runs completed today",
    prod_unexplained_min: "Unexplained stops (min)",
    prod_no_run: "No run",
    prod_above_ideal: "Faster than the ideal rate: is the ideal cycle time too slow?",
    prod_sign_in: "Supervisors and administrators see the floor here once signed in; operators record at the kiosk of their work center.",
    prod_no_work_centers: "No work centers yet: an administrator adds them in master data.",
    prod_losses_title: "Losses, last 24 hours",
    prod_six_losses: "The six big losses (minutes)",
    prod_downtime_pareto: "Stops by reason (minutes)",
    prod_scrap_pareto: "Scrap by reason (pieces)",
    prod_utilization_title: "Utilization, last 24 hours (hours in each state)",
    prod_minutes: "minutes",
    prod_hours: "hours",
    prod_pieces_axis: "pieces",
    prod_cumulative_share: "Cumulative share",
    prod_no_reason_yet: "No reason given",
    prod_not_recorded: "Not recorded",
    devices_title: "Machine feeds and displays",
    devices_intro: "A machine token lets a PLC gateway post one work center's counts and states without a person signing in; a display link lets a wall TV show one facility's floor, read-only. Revoke either when the device is retired or its secret may have leaked.",
    devices_none: "No machine tokens yet.",
    devices_name: "Name",
    devices_name_hint: "e.g. Press 1 gateway",
    devices_work_center: "Work center",
    devices_pick_work_center: "Choose a work center",
    devices_made: "Made",
    devices_last_used: "Last used",
    devices_status: "Status",
    devices_active: "Active",
    devices_revoked: "Revoked",
    devices_revoke: "Revoke",
    devices_new: "New machine token",
    devices_make: "Make token",
    devices_secret_for: "Token for",
    devices_secret_once: "Copy this token into the gateway now: it is shown only this once. Floorcast keeps only a fingerprint of it.",
    devices_example: "A count posted with it:",
    feed_bad_body: "The body is not the JSON this endpoint takes",
    feed_no_live_run: "No run is going on this work center: start one before counting.",
    tv_title: "Floor display",
    tv_stale: "Data is {minutes} min old: the server cannot be reached. This display keeps trying by itself.",
    tv_link_unusable: "This display link is unknown or was revoked. Ask a tenant administrator for a new one.",
    devices_new_display: "New display link for a wall TV",
    devices_make_display: "Make display link",
    devices_facility: "Facility",
    devices_pick_facility: "Choose a facility",
    devices_kind: "Kind",
    devices_kind_machine: "Machine feed",
    devices_kind_display: "Display link",
    devices_link_for: "Display link for",
    devices_link_once: "Open this address on the wall TV now: it is shown only this once.",
    trend_title: "OEE trend",
    trend_span: "Span",
    trend_bad_span: "Choose one of the trend's spans.",
    trend_24h_hour: "Last 24 hours, by hour",
    trend_7d_hour: "Last 7 days, by hour",
    trend_7d_shift: "Last 7 days, by shift",
    trend_7d_day: "Last 7 days, by day",
    trend_30d_day: "Last 30 days, by day",
    trend_90d_day: "Last 90 days, by day",
    trend_percent: "%",
    trend_times_utc: "Hours and days in UTC; shifts start at their facility's local time.",
    trend_no_shifts: "No shifts are set: a tenant administrator adds them under Master data → Shifts.",
    loss_breakdowns: "Breakdowns",
    loss_setup: "Setup and adjustments",
    loss_unexplained: "Unexplained stops",
    loss_minor_stops: "Minor stops",
    loss_reduced_speed: "Reduced speed",
    loss_startup_rejects: "Start-up rejects",
    loss_production_rejects: "Production rejects",

    // Production: the runs table
    runs_title: "Runs",
    runs_status: "Status",
    runs_any_status: "Any status",
    runs_work_center: "Work center",
    runs_all_work_centers: "All work centers",
    runs_from: "From (UTC)",
    runs_to: "To (UTC)",
    runs_show: "Show",
    runs_csv: "Download CSV",
    runs_csv_preparing: "Preparing the CSV…",
    runs_none: "No runs match this filter.",
    runs_col_job: "Job",
    runs_col_product: "Product",
    runs_col_planned: "Planned",
    runs_col_good: "Good",
    runs_col_scrap: "Scrap",
    runs_col_started: "Started (UTC)",
    runs_col_ended: "Ended (UTC)",
    runs_col_operator: "Operator",
    run_scheduled: "Scheduled",
    run_active: "Running",
    run_paused: "Paused",
    run_completed: "Completed",
    run_cancelled: "Cancelled",
    runs_bad_status: "Choose a status from the list.",
    runs_bad_date: "Write a day as YYYY-MM-DD, for example 2026-12-03.",
    runs_from_after_to: "“From” is after “To”.",
    runs_range_too_long: "At most 366 days at once: narrow the dates.",
    runs_bad_page: "There is no such page.",
    runs_csv_too_many: "More than 50,000 runs: narrow the dates or pick a work center.",

    // Production: the operator's tablet
    station_title: "Station",
    station_all_sent: "Everything is sent.",
    station_waiting: "{n} waiting to send",
    station_refused: "Not recorded",
    station_past_title: "Record a stop that is over",
    station_past_state: "State",
    station_past_minutes: "Minutes, ending now",
    station_past_or: "or",
    station_past_from: "From",
    station_past_to: "To",
    station_past_record: "Record the stop",
    station_past_invalid: "Give the minutes (1 to 1440), or a from and a to time.",
    station_dismiss: "OK",
    station_no_state: "No state recorded yet",
    station_good: "good",
    station_scrap: "scrap",
    station_planned: "planned",
    station_good_1: "+1 good",
    station_good_10: "+10 good",
    station_scrap_reason: "Scrap reason",
    station_scrap_1: "+1 scrap",
    station_pause: "Pause run",
    station_resume: "Resume run",
    station_finish: "Finish run",
    station_start_title: "Start a run",
    station_job: "Job",
    station_product: "Product",
    station_planned_quantity: "Planned quantity",
    station_start: "Start run",
    station_state_title: "Machine state",
    station_down_reason: "Reason for down",
    station_reason_later: "Explain later",
    station_unexplained: "Stopped since {since} without a reason. Why?",
    station_stop_reason: "Reason for the stop",
    station_explain: "Give reason",
    state_running: "Running",
    state_idle: "Idle",
    state_setup: "Setup",
    state_down: "Down",
    state_maintenance: "Maintenance",
    state_not_scheduled: "Not scheduled",

    // Production: the operator station's refusals
    prod_run_already_live: "A run is already going on this work center: finish it first.",
    prod_no_ideal_rate: "This work center has no ideal rate yet: an administrator sets it in master data.",
    prod_unknown_product: "This product is not in master data any more: pick another.",
    prod_run_not_scheduled: "This run is no longer on the schedule: it was started or cancelled.",
    station_from_schedule: "From the schedule",
    station_start_scheduled: "Start",
    station_other_product: "Another product (type its name)",
    schedule_title: "Schedule",
    schedule_intro: "Runs planned per work center; operators start them from their tablet.",
    schedule_link: "Schedule",
    schedule_back: "← Production dashboard",
    schedule_new: "Plan a run",
    schedule_planned_start: "Planned start (the facility's local time)",
    schedule_planned_end: "Planned end (optional)",
    schedule_submit: "Schedule run",
    schedule_saved: "Scheduled.",
    schedule_waiting: "Waiting to start ({n})",
    schedule_none: "Nothing is scheduled.",
    schedule_cancel: "Cancel",
    schedule_no_products: "There are no products yet: a tenant administrator adds them under Master data →",
    schedule_quantity: "Enter a whole number of pieces from 1 to 1,000,000,000.",
    schedule_no_cycle_time: "Neither this product nor the work center has an ideal cycle time: set one under Master data → Products, Cycle times or Work centers.",
    schedule_bad_time: "Enter a date and time.",
    schedule_start_range: "Plan a start between yesterday and a year from now.",
    schedule_end_before_start: "The end must come after the start.",
    schedule_started_already: "This run has started already: it is finished on its tablet, not cancelled here.",
    prod_job_and_product: "Give the job (up to 64 characters) and the product (up to 200).",
    prod_planned_quantity: "The planned quantity is a whole number from 0 to 1,000,000,000.",
    prod_run_not_live: "This run is not going any more (finished or replaced, perhaps on another tablet).",
    prod_run_paused: "The run is paused: resume it first.",
    prod_run_not_paused: "The run is not paused.",
    prod_pieces: "Count 1 to 100,000 pieces (good and scrap together, none negative).",
    prod_scrap_reason: "Choose why the pieces are scrap.",
    prod_in_the_future: "This count is dated in the future: check the tablet's clock.",
    prod_comment: "A comment has at most 500 characters, without control characters.",
    prod_unknown_reason: "This reason does not exist (any more).",
    prod_comment_needed: "This reason needs a comment.",
    prod_interval: "Give a past interval: a start before its end, at most 7 days ago.",
    prod_state_overlaps: "This overlaps a time already recorded for this work center.",
    prod_not_unexplained: "This stop has a reason already (or is not a stop of this work center).",

    // Users
    user_email: "Email",
    user_name: "Name",
    user_role: "Role",
    user_password: "Password",
    user_new_password: "New password",
    user_status: "Status",
    user_last_login: "Last sign-in",
    user_active: "Active",
    user_inactive: "Deactivated",
    user_new: "New user",
    user_deactivate: "Deactivate",
    user_reactivate: "Reactivate",
    user_reset_password: "Set password",
    user_badges: "Kiosk badges",
    user_add_badge: "Add badge",

    // The shell: navigation, theme, refreshing
    never: "never",

    // Tenants
    tenant_name: "Name",
    tenant_slug: "Short name",
    tenant_status: "Status",
    tenant_new: "New tenant",
    tenant_first_admin: "First administrator",
    tenant_suspend: "Suspend",
    tenant_reactivate: "Reactivate",
    tenant_active: "Active",
    tenant_suspended: "Suspended",
    tenant_rename: "Rename",

    // Errors every server function may answer (error.rs, the guard, the walls)
    err_not_signed_in: "Please sign in.",
    err_not_allowed: "Your role does not allow this.",
    err_not_found: "Not found.",
    err_internal: "Something went wrong on our side. Please try again; if it keeps happening, quote request {id}.",
    err_database_unavailable: "The database cannot be reached right now. Please try again in a moment.",
    err_server_unreachable: "The server cannot be reached. Check the connection; nothing was lost.",
    err_bad_answer: "The server sent an answer this page does not understand. Please reload the page.",
    err_missing_field: "The request lacks the field \"{field}\".",
    err_unknown_value: "\"{value}\" is not one of the accepted values.",
    err_unknown_field: "The request has an unknown field \"{field}\".",
    err_bad_number: "The request could not be read: a number field holds something else, or a number too large.",
    err_bad_bool: "The request could not be read: a yes/no field holds something other than true or false.",
    err_bad_request: "The request could not be read: a field is missing or has the wrong type.",
    err_nul: "The request contains a NUL character, which no field accepts.",
    err_cross_site: "Requests from other sites are refused.",
    err_key_reused: "This idempotency key was already used for a different request. Make a new key for a new write.",
    err_key_running: "The first attempt of this write is still running. Try again in a moment.",
    err_key_shape: "The idempotency key must be a UUID (like 123e4567-e89b-42d3-a456-426614174000).",

    // Signing in: the answers of the sign-in functions
    err_wrong_credentials: "Email or password is wrong.",
    err_wrong_badge: "Badge or PIN is wrong.",
    err_wrong_work_center: "Choose a work center of this facility.",
    err_tenant_suspended: "Your organisation's access is suspended. Please contact your administrator.",
    err_kiosk_facility: "Choose the facility of this kiosk.",
    err_throttled: "Too many failed sign-ins. Try again in {minutes} minute(s).",
}

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
