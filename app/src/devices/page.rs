//! The devices admin page (`/admin/devices`): a tenant administrator makes a
//! token for a work center's PLC gateway or a display link for a facility's wall
//! TV, copies its secret (shown this once) and revokes it when the device is
//! retired.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{device_tokens, DeviceTokenCreate, DeviceTokenRevoke, DisplayLinkCreate, FEED_COUNTS_PATH};
use super::model::{display_path, DeviceTokenRow, TokenCreated};
use crate::forms::error_for;
use crate::i18n::use_i18n;
use crate::ui::form::Field;
use crate::ui::layout::{format_utc_minute, PageHeader};

#[component]
pub fn DevicesPage() -> impl IntoView {
    let t = use_i18n();
    let create = ServerAction::<DeviceTokenCreate>::new();
    let create_display = ServerAction::<DisplayLinkCreate>::new();
    let revoke = ServerAction::<DeviceTokenRevoke>::new();
    let page = Resource::new(
        move || (create.version().get(), create_display.version().get(), revoke.version().get()),
        |_| device_tokens(),
    );
    let created = Signal::derive(move || create.value().get());
    let created_display = Signal::derive(move || create_display.value().get());
    view! {
        <Title text=t.devices_title/>
        <section class="page">
            <PageHeader title=t.devices_title intro=t.devices_intro/>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || page.get().map(|found| match found {
                    Ok(found) => view! {
                        <TokenTable tokens=found.tokens revoke/>
                        <NewTokenForm create work_centers=found.work_centers/>
                        <NewDisplayForm create=create_display facilities=found.facilities/>
                    }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </Suspense>
            <NewSecret created/>
            <NewDisplayLink created=created_display/>
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<DeviceTokenRow>, revoke: ServerAction<DeviceTokenRevoke>) -> impl IntoView {
    let t = use_i18n();
    if tokens.is_empty() {
        return view! { <p class="empty-state">{t.devices_none}</p> }.into_any();
    }
    let when = |ms: Option<i64>| ms.map_or_else(|| "—".to_string(), |ms| format!("{} UTC", format_utc_minute(ms)));
    view! {
        <table class="data-table" data-testid="device-tokens">
            <thead>
                <tr>
                    <th scope="col">{t.devices_kind}</th>
                    <th scope="col">{t.devices_name}</th>
                    <th scope="col">{t.devices_work_center}" / "{t.devices_facility}</th>
                    <th scope="col">{t.devices_made}</th>
                    <th scope="col">{t.devices_last_used}</th>
                    <th scope="col">{t.devices_status}</th>
                    <th scope="col"><span class="visually-hidden">{t.devices_revoke}</span></th>
                </tr>
            </thead>
            <tbody>
                {tokens.into_iter().map(|token| view! {
                    <tr data-testid=format!("token-{}", token.id)>
                        <td>{if token.kind == "display" { t.devices_kind_display } else { t.devices_kind_machine }}</td>
                        <td>{token.name.clone()}</td>
                        <td>{token.target.clone()}</td>
                        <td>{format!("{} · {}", when(Some(token.created_ms)), token.created_by)}</td>
                        <td>{when(token.last_used_ms)}</td>
                        <td>{match token.revoked_ms {
                            Some(ms) => format!("{} {}", t.devices_revoked, when(Some(ms))),
                            None => t.devices_active.to_string(),
                        }}</td>
                        <td>
                            {token.revoked_ms.is_none().then(|| view! {
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="id" value=token.id.to_string()/>
                                    <button type="submit" class="icon-button danger">{t.devices_revoke}</button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The message of each field of a form whose last answer is `answer`.
fn field_errors(answer: Signal<Answer>) -> impl Fn(&'static str) -> Signal<Option<String>> + Copy {
    let errors = Signal::derive(move || match answer.get() {
        Some(Ok(TokenCreated::Invalid { errors })) => errors,
        _ => vec![],
    });
    move |field| Signal::derive(move || error_for(&errors.get(), field))
}

/// What a create form's action last answered, if anything.
type Answer = Option<Result<TokenCreated, crate::error::AppError>>;

#[component]
fn NewTokenForm(create: ServerAction<DeviceTokenCreate>, work_centers: Vec<(i64, String)>) -> impl IntoView {
    let t = use_i18n();
    let error = field_errors(Signal::derive(move || create.value().get()));
    view! {
        <section class="panel">
            <h2>{t.devices_new}</h2>
            <ActionForm action=create attr:class="form-card" attr:novalidate=true>
                <Field id="name" label=t.devices_name error=error("name")>
                    <input id="name" name="name" maxlength="100" placeholder=t.devices_name_hint aria-describedby="name-error"/>
                </Field>
                <Field id="work_center_id" label=t.devices_work_center error=error("work_center_id")>
                    <select id="work_center_id" name="work_center_id" aria-describedby="work_center_id-error">
                        <option value="">{t.devices_pick_work_center}</option>
                        {work_centers.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </Field>
                <button type="submit" class="primary" disabled=move || create.pending().get()>{t.devices_make}</button>
                {move || match create.value().get() {
                    Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.message}</p> }),
                    _ => None,
                }}
            </ActionForm>
        </section>
    }
}

#[component]
fn NewDisplayForm(create: ServerAction<DisplayLinkCreate>, facilities: Vec<(i64, String)>) -> impl IntoView {
    let t = use_i18n();
    let error = field_errors(Signal::derive(move || create.value().get()));
    view! {
        <section class="panel">
            <h2>{t.devices_new_display}</h2>
            <ActionForm action=create attr:class="form-card" attr:novalidate=true attr:data-testid="new-display-link">
                <Field id="display-name" label=t.devices_name error=error("name")>
                    <input id="display-name" name="name" maxlength="100" aria-describedby="display-name-error"/>
                </Field>
                <Field id="facility_id" label=t.devices_facility error=error("facility_id")>
                    <select id="facility_id" name="facility_id" aria-describedby="facility_id-error">
                        <option value="">{t.devices_pick_facility}</option>
                        {facilities.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </Field>
                <button type="submit" class="primary" disabled=move || create.pending().get()>{t.devices_make_display}</button>
            </ActionForm>
        </section>
    }
}

/// The address of the display link just made, to open on the TV.
#[component]
fn NewDisplayLink(created: Signal<Answer>) -> impl IntoView {
    let t = use_i18n();
    move || match created.get() {
        Some(Ok(TokenCreated::Created { token, secret })) => Some(view! {
            <section class="panel notice" role="status">
                <h2>{format!("{} {}", t.devices_link_for, token.name)}</h2>
                <p>{t.devices_link_once}</p>
                <pre class="secret" data-testid="new-display-link-path">{display_path(&secret)}</pre>
            </section>
        }),
        _ => None,
    }
}

/// The secret of the machine token just made, with a request that uses it.
#[component]
fn NewSecret(created: Signal<Answer>) -> impl IntoView {
    let t = use_i18n();
    move || match created.get() {
        Some(Ok(TokenCreated::Created { token, secret })) => {
            let example = format!(
                "curl -X POST \"$FLOORCAST_URL{FEED_COUNTS_PATH}\" -H \"Authorization: Bearer {secret}\" \
                 -H 'Content-Type: application/json' \
                 -d '{{\"idempotency_key\": \"'$(cat /proc/sys/kernel/random/uuid)'\", \"good\": 12, \"scrap\": 0}}'"
            );
            Some(view! {
                <section class="panel notice" role="status">
                    <h2>{format!("{} {}", t.devices_secret_for, token.name)}</h2>
                    <p>{t.devices_secret_once}</p>
                    <pre class="secret" data-testid="new-secret">{secret}</pre>
                    <p>{t.devices_example}</p>
                    <pre class="secret">{example}</pre>
                </section>
            })
        }
        _ => None,
    }
}
