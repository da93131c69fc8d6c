//! User management pages: the list, the new-user form, and one user's page
//! (name and role, password, status, badges).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::api::{user_detail, users_list, BadgeCreate, UserCreate, UserResetPassword, UserSetActive, UserUpdate};
use super::model::{UserProfile, UserRow, ASSIGNABLE_ROLES};
use crate::admin::catalog::api::catalog_options;
use crate::admin::catalog::spec::CatalogKind;
use crate::auth::model::Role;
use crate::auth::page::role_label;
use crate::error::AppError;
use crate::forms::{error_for, FieldError, SaveOutcome};
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::form::Field;
use crate::ui::list::{use_list_query, ListHeader, PagedTable, SortHeader};

const BASE: &str = "/admin/users";

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_list_query();
    let users = Resource::new(move || query.get(), users_list);
    let head = move || {
        view! {
            <SortHeader label=t.user_email column="email" base=BASE query/>
            <SortHeader label=t.user_name column="display_name" base=BASE query/>
            <SortHeader label=t.user_role column="role" base=BASE query/>
            <th scope="col">{t.user_status}</th>
            <SortHeader label=t.user_last_login column="last_login_at" base=BASE query/>
        }
    };
    let row = move |u: UserRow| {
        view! {
            <tr>
                <td><a href=format!("{BASE}/{}", u.id)>{u.email}</a></td>
                <td>{u.display_name}</td>
                <td>{role_label(u.role, t)}</td>
                <td>{if u.active { t.user_active } else { t.user_inactive }}</td>
                <td>{u.last_login_at.map(|at| at.get(..16).unwrap_or_default().replace('T', " ")).unwrap_or_else(|| t.never.to_string())}</td>
            </tr>
        }
    };
    view! {
        <Title text=t.admin_users/>
        <section class="page">
            <ListHeader title=t.admin_users base=BASE query>
                <a class="icon-button primary" href="/admin/users/new">{t.user_new}</a>
            </ListHeader>
            <PagedTable base=BASE query page=users head row/>
        </section>
    }
}

fn role_select(
    name: &'static str,
    current: Option<Role>,
    t: &'static Catalogue,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <select id=name name=name aria-describedby=format!("{name}-error") aria-invalid=move || error.get().is_some().to_string()>
            {ASSIGNABLE_ROLES.map(|role| view! {
                <option value=role.as_str() selected=current == Some(role)>{role_label(role, t)}</option>
            }).collect_view()}
        </select>
    }
}

fn field_error(errors: Signal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error_for(&errors.get(), field))
}

/// Goes to `to` once `action` has saved.
fn navigate_when_saved<S>(action: ServerAction<S>, to: String)
where
    S: leptos::server_fn::ServerFn<Output = SaveOutcome, Error = AppError> + Clone + Send + Sync + 'static,
{
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(SaveOutcome::Saved { id })) = action.value().get() {
            navigate(&to.replace("{id}", &id.to_string()), Default::default());
        }
    });
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let t = use_i18n();
    let create = ServerAction::<UserCreate>::new();
    let errors = Signal::derive(move || SaveOutcome::errors_of(create.value().get()));
    navigate_when_saved(create, format!("{BASE}/{{id}}"));
    view! {
        <Title text=t.user_new/>
        <section class="page narrow">
            <h1>{t.user_new}</h1>
            <p><a href=BASE>{t.back_to_list}</a></p>
            <ActionForm action=create attr:class="form-card" attr:novalidate=true>
                <Field id="email" label=t.user_email error=field_error(errors, "email")>
                    <input id="email" name="email" type="email" autocomplete="off" maxlength="254" aria-describedby="email-error"/>
                </Field>
                <Field id="display_name" label=t.user_name error=field_error(errors, "display_name")>
                    <input id="display_name" name="display_name" maxlength="100" aria-describedby="display_name-error"/>
                </Field>
                <Field id="role" label=t.user_role error=field_error(errors, "role")>
                    {role_select("role", Some(Role::Supervisor), t, field_error(errors, "role"))}
                </Field>
                <Field id="password" label=t.user_password error=field_error(errors, "password")>
                    <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-error"/>
                </Field>
                <button type="submit" class="primary" disabled=move || create.pending().get()>{t.save}</button>
                {move || match create.value().get() {
                    Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> }),
                    _ => None,
                }}
            </ActionForm>
        </section>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or_default()));
    let update = ServerAction::<UserUpdate>::new();
    let reset = ServerAction::<UserResetPassword>::new();
    let set_active = ServerAction::<UserSetActive>::new();
    let add_badge = ServerAction::<BadgeCreate>::new();
    let detail = Resource::new(
        move || (id.get(), update.version().get(), set_active.version().get(), add_badge.version().get()),
        |(id, ..)| user_detail(id),
    );
    let facilities = Resource::new(|| (), |_| catalog_options(CatalogKind::Facilities));
    view! {
        <section class="page narrow">
            <p><a href=BASE>{t.back_to_list}</a></p>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || detail.get().map(|result| match result {
                    Ok(detail) => view! { <UserForms detail update reset set_active add_badge facilities/> }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn UserForms(
    detail: UserProfile,
    update: ServerAction<UserUpdate>,
    reset: ServerAction<UserResetPassword>,
    set_active: ServerAction<UserSetActive>,
    add_badge: ServerAction<BadgeCreate>,
    facilities: Resource<Result<Vec<crate::admin::catalog::model::RefOption>, AppError>>,
) -> impl IntoView {
    let t = use_i18n();
    let user = detail.user;
    let id = user.id;
    let update_errors = Signal::derive(move || SaveOutcome::errors_of(update.value().get()));
    let reset_errors = Signal::derive(move || SaveOutcome::errors_of(reset.value().get()));
    let status_errors = Signal::derive(move || SaveOutcome::errors_of(set_active.value().get()));
    let badge_errors = Signal::derive(move || SaveOutcome::errors_of(add_badge.value().get()));
    let saved =
        move |result: Option<Result<SaveOutcome, AppError>>| matches!(result, Some(Ok(SaveOutcome::Saved { .. })));
    view! {
        <Title text=user.email.clone()/>
        <h1>{user.email.clone()}</h1>
        <ActionForm action=update attr:class="form-card" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <Field id="display_name" label=t.user_name error=field_error(update_errors, "display_name")>
                <input id="display_name" name="display_name" value=user.display_name.clone() maxlength="100" aria-describedby="display_name-error"/>
            </Field>
            <Field id="role" label=t.user_role error=field_error(update_errors, "role")>
                {role_select("role", Some(user.role), t, field_error(update_errors, "role"))}
            </Field>
            <button type="submit" class="primary">{t.save}</button>
            {move || saved(update.value().get()).then(|| view! { <p class="notice" role="status">{t.saved}</p> })}
        </ActionForm>
        <ActionForm action=reset attr:class="form-card" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <Field id="password" label=t.user_new_password error=field_error(reset_errors, "password")>
                <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-error"/>
            </Field>
            <button type="submit">{t.user_reset_password}</button>
            {move || saved(reset.value().get()).then(|| view! { <p class="notice" role="status">{t.saved}</p> })}
        </ActionForm>
        <ActionForm action=set_active attr:class="form-card">
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="active" value=(!user.active).to_string()/>
            <p>{t.user_status} ": " <strong>{if user.active { t.user_active } else { t.user_inactive }}</strong></p>
            <button type="submit" class=if user.active { "danger" } else { "primary" }>
                {if user.active { t.user_deactivate } else { t.user_reactivate }}
            </button>
            <p class="field-error" role="alert">{move || error_for(&status_errors.get(), "active")}</p>
        </ActionForm>
        {(user.role == Role::Operator).then(|| view! {
            <section class="form-card">
                <h2>{t.user_badges}</h2>
                <ul>{detail.badges.into_iter().map(|b| view! { <li>{b.badge} " · " {b.facility}</li> }).collect_view()}</ul>
                <ActionForm action=add_badge attr:novalidate=true>
                    <input type="hidden" name="user_id" value=id.to_string()/>
                    <Field id="facility" label=t.field_facility error=field_error(badge_errors, "facility")>
                        <select id="facility" name="facility" aria-describedby="facility-error">
                            <Suspense fallback=|| ()>
                                {move || facilities.get().and_then(Result::ok).map(|options| options.into_iter().map(|o| view! {
                                    <option value=o.id.to_string()>{o.label}</option>
                                }).collect_view())}
                            </Suspense>
                        </select>
                    </Field>
                    <Field id="badge" label=t.kiosk_badge error=field_error(badge_errors, "badge")>
                        <input id="badge" name="badge" inputmode="numeric" maxlength="32" aria-describedby="badge-error"/>
                    </Field>
                    <Field id="pin" label=t.kiosk_pin error=field_error(badge_errors, "pin")>
                        <input id="pin" name="pin" type="password" inputmode="numeric" maxlength="8" autocomplete="off" aria-describedby="pin-error"/>
                    </Field>
                    <button type="submit">{t.user_add_badge}</button>
                </ActionForm>
            </section>
        })}
    }
}
