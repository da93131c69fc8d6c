//! The catalog pages: a list per kind (search, sort, pages, CSV import) and a form
//! per row. Lists are plain links and GET forms, so they work before the WASM loads.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde::{Deserialize, Serialize};

use super::api::{catalog_get, catalog_list, catalog_options, CatalogDelete, CatalogImport, CatalogSave};
use super::model::{CatalogRow, DeleteOutcome, ImportOutcome, RefOption, SaveOutcome};
use super::spec::{CatalogKind, FieldKind, FieldSpec};
use crate::error::AppError;
use crate::forms::{error_for, FieldError};
use crate::i18n::use_i18n;
use crate::idempotency::form_key::use_form_key;
use crate::ui::form::Field;
use crate::ui::list::{use_list_query, ListHeader, PagedTable, SortHeader};

fn use_kind() -> Memo<Option<CatalogKind>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("kind").and_then(|slug| CatalogKind::from_slug(&slug))))
}

fn list_base(kind: CatalogKind) -> String {
    format!("/admin/catalog/{}", kind.slug())
}

#[component]
pub fn CatalogListPage() -> impl IntoView {
    let t = use_i18n();
    let kind = use_kind();
    view! {
        {move || match kind.get() {
            Some(kind) => view! { <CatalogList kind/> }.into_any(),
            None => view! { <p class="empty-state">{t.not_found_body}</p> }.into_any(),
        }}
    }
}

#[component]
fn CatalogList(kind: CatalogKind) -> impl IntoView {
    let t = use_i18n();
    let spec = kind.spec();
    let base = list_base(kind);
    let query = use_list_query();
    let rows = Resource::new(move || query.get(), move |query| catalog_list(kind, query));
    let listed: Vec<&'static FieldSpec> = spec.fields.iter().filter(|f| f.listed).collect();
    let head = {
        let base = base.clone();
        move || {
            view! {
                {listed.iter().map(|f| view! { <SortHeader label=(f.label)(t) column=f.name base=base.clone() query/> }).collect_view()}
                <th scope="col"><span class="visually-hidden">{t.edit}</span></th>
            }
        }
    };
    let row = {
        let base = base.clone();
        move |row: CatalogRow| {
            view! {
                <tr>
                    {row.cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                    <td><a href=format!("{base}/{}", row.id)>{t.edit}</a></td>
                </tr>
            }
        }
    };
    let new_href = format!("{base}/new");
    view! {
        <Title text=(spec.title)(t)/>
        <section class="page">
            <ListHeader title=(spec.title)(t) base=base.clone() query>
                <a class="icon-button primary" href=new_href>{t.new_entry}</a>
            </ListHeader>
            <PagedTable base=base.clone() query page=rows head row/>
            {kind.importable().then(|| view! { <ImportPanel kind/> })}
        </section>
    }
}

#[component]
fn ImportPanel(kind: CatalogKind) -> impl IntoView {
    let t = use_i18n();
    let import = ServerAction::<CatalogImport>::new();
    let outcome = move || import.value().get();
    // The chosen file's text lands in the text area, where it can be checked and fixed.
    let text = RwSignal::new(String::new());
    view! {
        <section class="panel">
            <h2>{t.import_title}</h2>
            <p class="muted">{t.import_help}</p>
            <ActionForm action=import attr:class="form-card">
                <input type="hidden" name="kind" value=kind.slug().replace('-', "_")/>
                <label for="csv-file">{t.import_file}</label>
                <input id="csv-file" type="file" accept=".csv,text/csv" on:change=move |ev| read_file_into(ev, text)/>
                <label for="csv">{t.import_text}</label>
                <textarea id="csv" name="csv" rows="8" spellcheck="false" required
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button type="submit" class="primary" disabled=move || import.pending().get()>{t.import_submit}</button>
            </ActionForm>
            {move || outcome().map(|result| match result {
                Ok(ImportOutcome::Imported { created, updated }) => view! {
                    <p class="notice" role="status">
                        {t.import_done.replace("{created}", &created.to_string()).replace("{updated}", &updated.to_string())}
                    </p>
                }.into_any(),
                Ok(ImportOutcome::Rejected { errors }) => view! {
                    <ul class="form-error" role="alert">
                        {errors
                            .into_iter()
                            .map(|e| view! { <li>{t.import_line.replace("{line}", &e.line.to_string()).replace("{message}", &e.message)}</li> })
                            .collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

/// Reads the file chosen in a file input into `target` (browser only).
fn read_file_into(ev: leptos::ev::Event, target: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input.and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                target.set(text.as_string().unwrap_or_default());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, target);
}

/// The form data a row's page needs: its current values and the reference choices.
#[derive(Clone, Serialize, Deserialize)]
struct FormData {
    values: HashMap<String, String>,
    options: HashMap<String, Vec<RefOption>>,
}

async fn load_form(kind: CatalogKind, id: Option<i64>) -> Result<FormData, AppError> {
    let values = match id {
        Some(id) => catalog_get(kind, id).await?,
        None => HashMap::new(),
    };
    let mut options = HashMap::new();
    for field in kind.spec().fields {
        if let FieldKind::Reference(target) = field.kind {
            options.insert(field.name.to_string(), catalog_options(target).await?);
        }
    }
    Ok(FormData { values, options })
}

#[component]
pub fn CatalogEditPage() -> impl IntoView {
    let t = use_i18n();
    let kind = use_kind();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let data = Resource::new(
        move || (kind.get(), id.get()),
        |(kind, id)| async move {
            match kind {
                Some(kind) => load_form(kind, id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || data.get().map(|result| match (result, kind.get()) {
                    (Ok(Some(data)), Some(kind)) => view! { <CatalogForm kind id=id.get() data/> }.into_any(),
                    (Err(error), _) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                    _ => view! { <p class="empty-state">{t.not_found_body}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CatalogForm(kind: CatalogKind, id: Option<i64>, data: FormData) -> impl IntoView {
    let t = use_i18n();
    let spec = kind.spec();
    let save = ServerAction::<CatalogSave>::new();
    let delete = ServerAction::<CatalogDelete>::new();
    let errors = Signal::derive(move || SaveOutcome::errors_of(save.value().get()));
    let write_key = use_form_key(save);
    let navigate = use_navigate();
    let back = list_base(kind);
    {
        let (navigate, back) = (navigate.clone(), back.clone());
        Effect::new(move |_| {
            let saved = matches!(save.value().get(), Some(Ok(SaveOutcome::Saved { .. })));
            let deleted = matches!(delete.value().get(), Some(Ok(DeleteOutcome::Deleted { .. })));
            if saved || deleted {
                navigate(&back, Default::default());
            }
        });
    }
    let title = (spec.title)(t);
    let kind_name = kind.slug().replace('-', "_");
    let delete_kind_name = kind_name.clone();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p><a href=back.clone()>{t.back_to_list}</a></p>
        <ActionForm action=save attr:class="form-card" attr:novalidate=true>
            <input type="hidden" name="kind" value=kind_name/>
            <input type="hidden" name="idempotency_key" prop:value=write_key/>
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            {spec.fields.iter().map(|field| {
                let value = data.values.get(field.name).cloned().unwrap_or_default();
                let options = data.options.get(field.name).cloned().unwrap_or_default();
                view! { <CatalogInput field value options errors/> }
            }).collect_view()}
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { t.saving } else { t.save }}
            </button>
            {move || match save.value().get() {
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> }),
                _ => None,
            }}
        </ActionForm>
        {id.map(|id| view! {
            <ActionForm action=delete attr:class="danger-zone">
                <input type="hidden" name="kind" value=delete_kind_name.clone()/>
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" class="danger">{t.delete}</button>
                {move || match delete.value().get() {
                    Some(Ok(DeleteOutcome::InUse { by })) => Some(view! {
                        <p class="form-error" role="alert">{t.in_use.replace("{kind}", (by.spec().title)(t))}</p>
                    }.into_any()),
                    Some(Ok(DeleteOutcome::InHistory)) => Some(view! {
                        <p class="form-error" role="alert">{t.in_history}</p>
                    }.into_any()),
                    Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()),
                    _ => None,
                }}
            </ActionForm>
        })}
    }
}

/// The input of one field, named `values[<field>]` as the save function expects.
#[component]
fn CatalogInput(
    field: &'static FieldSpec,
    value: String,
    options: Vec<RefOption>,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let t = use_i18n();
    let id = format!("field-{}", field.name);
    let name = format!("values[{}]", field.name);
    let error = Signal::derive(move || error_for(&errors.get(), field.name));
    let described = format!("{id}-error");
    let input = match field.kind {
        FieldKind::Choice(choices) => view! {
            <select id=id.clone() name=name aria-describedby=described aria-invalid=move || error.get().is_some().to_string()>
                <option value="">{t.choose}</option>
                {choices.iter().map(|c| view! { <option value=*c selected=value == *c>{*c}</option> }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::Flag { default } => {
            let yes = value == "yes" || (value.is_empty() && default);
            view! {
                <select id=id.clone() name=name aria-describedby=described aria-invalid=move || error.get().is_some().to_string()>
                    <option value="yes" selected=yes>{t.yes}</option>
                    <option value="no" selected=!yes>{t.no}</option>
                </select>
            }.into_any()
        }
        FieldKind::Reference(_) => view! {
            <select id=id.clone() name=name aria-describedby=described aria-invalid=move || error.get().is_some().to_string()>
                <option value="">{if field.required { t.choose } else { t.none_option }}</option>
                {options.into_iter().map(|o| {
                    let selected = value == o.id.to_string();
                    view! { <option value=o.id.to_string() selected=selected>{o.label}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        kind => {
            let (input_type, mode) = match kind {
                FieldKind::Email => ("email", "email"),
                FieldKind::Integer { .. } => ("text", "numeric"),
                FieldKind::Decimal { .. } => ("text", "decimal"),
                _ => ("text", "text"),
            };
            let max = match kind {
                FieldKind::Text { max } | FieldKind::Code { max } => max.to_string(),
                _ => "254".to_string(),
            };
            view! {
                <input id=id.clone() name=name type=input_type inputmode=mode value=value maxlength=max
                    aria-describedby=described aria-invalid=move || error.get().is_some().to_string()/>
            }.into_any()
        }
    };
    view! { <Field id label=(field.label)(t) error>{input}</Field> }
}
