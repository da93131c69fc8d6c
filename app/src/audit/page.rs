//! The audit log page: newest first, searchable, paged.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::audit_list;
use crate::auth::page::message_of;
use crate::i18n::use_i18n;
use crate::ui::list::{use_list_query, Pager, SearchBox};

const BASE: &str = "/admin/audit";

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_list_query();
    let entries = Resource::new(move || query.get(), audit_list);
    view! {
        <Title text=t.admin_audit/>
        <section class="page">
            <header class="page-header">
                <h1>{t.admin_audit}</h1>
                <div class="page-controls"><SearchBox base=BASE query/></div>
            </header>
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || entries.get().map(|result| match result {
                    Ok(page) if page.rows.is_empty() => view! { <p class="empty-state">{t.no_rows}</p> }.into_any(),
                    Ok(page) => {
                        let pages = page.pages();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table">
                                    <thead><tr>
                                        <th scope="col">{t.audit_at}</th>
                                        <th scope="col">{t.audit_user}</th>
                                        <th scope="col">{t.audit_action}</th>
                                        <th scope="col">{t.audit_entity}</th>
                                        <th scope="col">{t.audit_summary}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.rows.into_iter().map(|e| view! {
                                            <tr>
                                                <td><time datetime=e.at.clone()>{e.at.get(..19).unwrap_or_default().replace('T', " ")}</time></td>
                                                <td>{e.user}</td>
                                                <td>{e.action}</td>
                                                <td>{e.entity}{e.entity_id.map(|id| format!(" #{id}"))}</td>
                                                <td>{e.summary}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager base=BASE query total=page.total pages/>
                        }.into_any()
                    }
                    Err(error) => view! { <p class="error" role="alert">{message_of(&error)}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
