//! The HTML document and the router: what every page has in common.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::i18n::{use_i18n, Locale};
use crate::ui::layout::AppLayout;
use crate::{admin, audit, auth, devices, forecasting, home, production, warehouse};

/// Sets the saved or system colour theme before the first paint, so a dark wall TV
/// never flashes white while the WASM loads.
const THEME_BOOT_SCRIPT: &str = "try{var t=localStorage.getItem('floorcast-theme');\
if(t==='light'||t==='dark'){document.documentElement.dataset.theme=t}}catch(e){}";

/// The Content-Security-Policy of every page: only scripts carrying this
/// response's nonce run (and what they load), WebAssembly may compile, and nothing
/// may embed the page or change its base URL.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    )
}

/// The whole HTML document, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = Locale::default().tag();
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(policy) = http::HeaderValue::from_str(&content_security_policy(nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <script nonce=nonce>{THEME_BOOT_SCRIPT}</script>
                <HydrationScripts options=options_for_this_page(options)/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The server's options, pointed at the bundle that hydrates the requested page.
fn options_for_this_page(#[allow(unused_mut)] mut options: LeptosOptions) -> LeptosOptions {
    #[cfg(feature = "ssr")]
    if use_context::<http::request::Parts>().is_some_and(|request| is_floor_page(request.uri.path())) {
        options.output_name = FLOOR_BUNDLE.into();
    }
    options
}

/// The application: shared layout around one routed page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=NotFound>
                <Route path=path!("") view=home::page::HomePage/>
                <Route path=path!("forecasting") view=forecasting::page::ForecastingPage/>
                <Route path=path!("production") view=production::page::ProductionPage/>
                <Route path=path!("production/schedule") view=production::schedule::page::SchedulePage/>
                <Route path=path!("warehouse") view=warehouse::page::WarehousePage/>
                <Route path=path!("warehouse/receiving") view=warehouse::receiving::page::ReceivingPage/>
                <Route path=path!("admin") view=admin::page::AdminPage/>
                <Route path=path!("admin/catalog/:kind") view=admin::catalog::page::CatalogListPage/>
                <Route path=path!("admin/catalog/:kind/:id") view=admin::catalog::page::CatalogEditPage/>
                <Route path=path!("admin/audit") view=audit::page::AuditPage/>
                <Route path=path!("admin/loss-rules") view=production::loss_rules::page::LossRulesPage/>
                <Route path=path!("admin/users") view=admin::users::page::UsersPage/>
                <Route path=path!("admin/users/new") view=admin::users::page::NewUserPage/>
                <Route path=path!("admin/users/:id") view=admin::users::page::UserPage/>
                <Route path=path!("admin/tenants") view=admin::tenants::page::TenantsPage/>
                <Route path=path!("admin/devices") view=devices::page::DevicesPage/>
                <Route path=path!("login") view=auth::page::LoginPage/>
                <FloorRoutes/>
            </Routes>
        </Frame>
    }
}

/// The shop-floor application: the same frame with only the floor's routes, so
/// that the bundle a kiosk tablet downloads holds none of the office pages. The
/// server renders every page with [`App`]; pages under [`FLOOR_PATH_PREFIXES`] are
/// hydrated by this one (see [`is_floor_page`]).
#[component]
pub fn FloorApp() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=LoadFromServer>
                <FloorRoutes/>
            </Routes>
        </Frame>
    }
}

/// Where the shop-floor pages live: every route of [`FloorRoutes`] starts with one of these.
pub const FLOOR_PATH_PREFIXES: [&str; 2] = ["/kiosk/", "/tv/"];

/// The pages an operator uses at the machine and the wall TV's, in both applications.
#[component(transparent)]
fn FloorRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("kiosk/:facility") view=auth::page::KioskPage/>
        <Route path=path!("kiosk/:facility/station/:work_center") view=production::station::StationPage/>
        <Route path=path!("tv/:token") view=production::tv::DisplayLinkPage/>
    }
    .into_inner()
}

/// Whether the page at `path` is a floor page, hydrated by the floor's small
/// bundle ([`FLOOR_BUNDLE`]) rather than the office's with every page.
pub fn is_floor_page(path: &str) -> bool {
    FLOOR_PATH_PREFIXES.iter().any(|prefix| path.starts_with(prefix))
}

/// The file stems under `/pkg/` of the two bundles (the `frontend` and `floor`
/// crates), as the Makefile writes them.
#[cfg(feature = "ssr")]
pub const OFFICE_BUNDLE: &str = "floorcast";
#[cfg(feature = "ssr")]
pub const FLOOR_BUNDLE: &str = "floorcast-floor";

/// What every page has around it: contexts, stylesheet, title, router, layout.
#[component]
fn Frame(children: Children) -> impl IntoView {
    provide_meta_context();
    provide_context(Locale::default());
    crate::ui::theme::provide_theme();
    let t = use_i18n();
    view! {
        <Stylesheet id="floorcast" href="/pkg/floorcast.css"/>
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Meta name="description" content=t.tagline/>
        <Title formatter=move |page: String| if page.is_empty() { t.app_name.to_string() } else { format!("{page} · {}", t.app_name) }/>
        <Router>
            <AppLayout>{children()}</AppLayout>
        </Router>
    }
}

/// The floor application's answer to a link it has no page for (the side bar's
/// dashboards, the page after signing in): the browser loads it from the server,
/// which hydrates it with the office bundle. An unknown floor path is a real 404
/// that the server rendered already, so it is shown, not reloaded in a loop.
#[component]
fn LoadFromServer() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    if is_floor_page(&path) {
        return view! { <NotFound/> }.into_any();
    }
    #[cfg(feature = "hydrate")]
    {
        let search = location.search.get_untracked();
        let query = if search.is_empty() { String::new() } else { format!("?{search}") };
        let _ = window().location().replace(&format!("{path}{query}{}", location.hash.get_untracked()));
    }
    let t = use_i18n();
    view! { <p class="loading">{t.loading}</p> }.into_any()
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_i18n();
    view! {
        <Title text=t.not_found_title/>
        <section class="page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
        </section>
    }
}
