//! The audit log page: newest first, searchable, paged.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::audit_list;
use super::model::AuditEntry;
use crate::i18n::use_i18n;
use crate::ui::list::{use_list_query, ListHeader, PagedTable};

const BASE: &str = "/admin/audit";

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_i18n();
    let query = use_list_query();
    let entries = Resource::new(move || query.get(), audit_list);
    let head = move || {
        view! {
            <th scope="col">{t.audit_at}</th>
            <th scope="col">{t.audit_user}</th>
            <th scope="col">{t.audit_action}</th>
            <th scope="col">{t.audit_entity}</th>
            <th scope="col">{t.audit_summary}</th>
        }
    };
    let row = |e: AuditEntry| {
        view! {
            <tr>
                <td><time datetime=e.at.clone()>{e.at.get(..19).unwrap_or_default().replace('T', " ")}</time></td>
                <td>{e.user}</td>
                <td>{e.action}</td>
                <td>{e.entity}{e.entity_id.map(|id| format!(" #{id}"))}</td>
                <td>{e.summary}</td>
            </tr>
        }
    };
    view! {
        <Title text=t.admin_audit/>
        <section class="page">
            <ListHeader title=t.admin_audit base=BASE query/>
            <PagedTable base=BASE query page=entries head row/>
        </section>
    }
}
