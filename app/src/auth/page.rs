//! The sign-in page, the shop-floor kiosk, and the user menu in the top bar.
//! Both forms are plain HTML forms too: they work before the WASM has loaded.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

use leptos::server_fn::ServerFn;

use super::api::{kiosk_facility, Login, Logout, OperatorLogin};
use super::model::{Role, SignedInUser};
use crate::error::AppError;
use crate::i18n::{use_i18n, Catalogue};

/// The error text of a finished action, if it failed.
fn error_of<S>(action: ServerAction<S>) -> impl Fn() -> Option<String> + Copy + Send + Sync
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action.value().with(|value| match value {
            Some(Err(error)) => Some(error.to_string()),
            _ => None,
        })
    }
}

/// How a role is named on screen.
pub fn role_label(role: Role, t: &Catalogue) -> &'static str {
    match role {
        Role::PlatformAdmin => t.role_platform_admin,
        Role::TenantAdmin => t.role_tenant_admin,
        Role::Supervisor => t.role_supervisor,
        Role::Operator => t.role_operator,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_i18n();
    let login = ServerAction::<Login>::new();
    let error = error_of(login);
    view! {
        <Title text=t.login_title/>
        <section class="page narrow">
            <h1>{t.login_title}</h1>
            <ActionForm action=login attr:class="form-card">
                <label for="email">{t.login_email}</label>
                <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"/>
                <label for="password">{t.login_password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                {move || error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { t.login_pending } else { t.login_submit }}
                </button>
            </ActionForm>
        </section>
    }
}

/// A facility's shared tablet: badge number and PIN, large fields for gloves.
#[component]
pub fn KioskPage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let facility_param = move || params.read().get("facility").unwrap_or_default();
    let facility = Resource::new(facility_param, |id| async move {
        match id.parse::<i64>() {
            Ok(id) => kiosk_facility(id).await.ok().flatten(),
            Err(_) => None,
        }
    });
    let sign_in = ServerAction::<OperatorLogin>::new();
    let error = error_of(sign_in);
    view! {
        <Title text=t.kiosk_title/>
        <section class="page narrow kiosk">
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || facility.get().map(|found| match found {
                    None => view! { <p class="empty-state">{t.kiosk_unknown}</p> }.into_any(),
                    Some(found) => view! {
                        <h1>{found.name.clone()}</h1>
                        <ActionForm action=sign_in attr:class="form-card">
                            <input type="hidden" name="facility" value=found.facility_id.to_string()/>
                            {(!found.work_centers.is_empty()).then(|| view! {
                                <label for="work_center">{t.kiosk_work_center}</label>
                                <select id="work_center" name="work_center" required>
                                    {found.work_centers.iter().map(|w| view! { <option value=w.id.to_string()>{w.label.clone()}</option> }).collect_view()}
                                </select>
                            })}
                            <label for="badge">{t.kiosk_badge}</label>
                            <input id="badge" name="badge" inputmode="numeric" autocomplete="off" required maxlength="32"/>
                            <label for="pin">{t.kiosk_pin}</label>
                            <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" required maxlength="8"/>
                            {move || error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                            <button type="submit" class="primary" disabled=move || sign_in.pending().get()>{t.kiosk_submit}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The signed-in user and a sign-out button ("Switch operator" at a kiosk), or a
/// sign-in link.
#[component]
pub fn UserMenu() -> impl IntoView {
    let t = use_i18n();
    let logout = ServerAction::<Logout>::new();
    // Asked again after every navigation: signing in or out ends in one.
    let location = use_location();
    let user = Resource::new(move || (logout.version().get(), location.pathname.get()), |_| super::api::current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || user.get().map(|found| match found.ok().flatten() {
                None => view! { <a class="icon-button" href="/login">{t.login_link}</a> }.into_any(),
                Some(user) => view! { <SignedIn user logout/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SignedIn(user: SignedInUser, logout: ServerAction<Logout>) -> impl IntoView {
    let t = use_i18n();
    let leave = if user.role == Role::Operator && user.facility_id.is_some() { t.switch_operator } else { t.logout };
    let role = role_label(user.role, t);
    view! {
        <span class="user" data-testid="current-user">
            <strong>{user.display_name}</strong>
            <span class="muted">
                {role}
                {user.tenant_name.map(|name| format!(" · {name}"))}
                {user.work_center.map(|w| format!(" · {w}"))}
            </span>
        </span>
        <ActionForm action=logout>
            <button type="submit" class="icon-button" data-testid="logout">{leave}</button>
        </ActionForm>
    }
}
