//! Tenant management pages for platform administrators: the list with a form for
//! a new tenant, and per-tenant rename / suspend / reactivate.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{tenants_list, TenantCreate, TenantRename, TenantRow, TenantSetActive};
use crate::forms::{error_for, SaveOutcome};
use crate::i18n::use_i18n;
use crate::ui::form::Field;
use crate::ui::list::{use_list_query, ListHeader, PagedTable, SortHeader};

const BASE: &str = "/admin/tenants";

#[component]
pub fn TenantsPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_list_query();
    let create = ServerAction::<TenantCreate>::new();
    let rename = ServerAction::<TenantRename>::new();
    let set_active = ServerAction::<TenantSetActive>::new();
    let tenants = Resource::new(
        move || (query.get(), create.version().get(), rename.version().get(), set_active.version().get()),
        |(query, ..)| tenants_list(query),
    );
    let head = move || {
        view! {
            <SortHeader label=t.tenant_name column="name" base=BASE query/>
            <SortHeader label=t.tenant_slug column="slug" base=BASE query/>
            <th scope="col">{t.admin_users}</th>
            <th scope="col">{t.tenant_status}</th>
            <th scope="col"><span class="visually-hidden">{t.edit}</span></th>
        }
    };
    let row = move |row: TenantRow| view! { <TenantLine row rename set_active/> };
    view! {
        <Title text=t.admin_tenants/>
        <section class="page">
            <ListHeader title=t.admin_tenants base=BASE query/>
            <PagedTable base=BASE query page=tenants head row/>
            <NewTenantForm create/>
        </section>
    }
}

#[component]
fn TenantLine(
    row: TenantRow,
    rename: ServerAction<TenantRename>,
    set_active: ServerAction<TenantSetActive>,
) -> impl IntoView {
    let t = use_i18n();
    let id = row.id;
    let rename_error = move || match rename.value().get() {
        Some(Ok(SaveOutcome::Invalid { errors })) => error_for(&errors, "name"),
        _ => None,
    };
    view! {
        <tr data-testid=format!("tenant-{}", row.slug)>
            <td>
                <ActionForm action=rename attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label class="visually-hidden" for=format!("name-{id}")>{t.tenant_name}</label>
                    <input id=format!("name-{id}") name="name" value=row.name.clone() maxlength="200"/>
                    <button type="submit" class="icon-button">{t.tenant_rename}</button>
                </ActionForm>
                <p class="field-error" role="alert">{rename_error}</p>
            </td>
            <td>{row.slug.clone()}</td>
            <td class="num">{row.users}</td>
            <td>{if row.active { t.tenant_active } else { t.tenant_suspended }}</td>
            <td>
                <ActionForm action=set_active attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="active" value=(!row.active).to_string()/>
                    <button type="submit" class=if row.active { "icon-button danger" } else { "icon-button" }>
                        {if row.active { t.tenant_suspend } else { t.tenant_reactivate }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn NewTenantForm(create: ServerAction<TenantCreate>) -> impl IntoView {
    let t = use_i18n();
    let errors = Signal::derive(move || SaveOutcome::errors_of(create.value().get()));
    let error = move |field: &'static str| Signal::derive(move || error_for(&errors.get(), field));
    view! {
        <section class="panel">
            <h2>{t.tenant_new}</h2>
            <ActionForm action=create attr:class="form-card" attr:novalidate=true>
                <Field id="name" label=t.tenant_name error=error("name")>
                    <input id="name" name="name" maxlength="200" aria-describedby="name-error"/>
                </Field>
                <Field id="slug" label=t.tenant_slug error=error("slug")>
                    <input id="slug" name="slug" maxlength="64" aria-describedby="slug-error"/>
                </Field>
                <h3>{t.tenant_first_admin}</h3>
                <Field id="admin_email" label=t.user_email error=error("admin_email")>
                    <input id="admin_email" name="admin_email" type="email" maxlength="254" autocomplete="off" aria-describedby="admin_email-error"/>
                </Field>
                <Field id="admin_name" label=t.user_name error=error("admin_name")>
                    <input id="admin_name" name="admin_name" maxlength="100" aria-describedby="admin_name-error"/>
                </Field>
                <Field id="admin_password" label=t.user_password error=error("admin_password")>
                    <input id="admin_password" name="admin_password" type="password" autocomplete="new-password" aria-describedby="admin_password-error"/>
                </Field>
                <button type="submit" class="primary" disabled=move || create.pending().get()>{t.save}</button>
                {move || matches!(create.value().get(), Some(Ok(SaveOutcome::Saved { .. }))).then(|| view! { <p class="notice" role="status">{t.saved}</p> })}
                {move || match create.value().get() {
                    Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> }),
                    _ => None,
                }}
            </ActionForm>
        </section>
    }
}
