//! Writing and reading the audit log.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::model::AuditEntry;
use crate::auth::guard::AuthCtx;
use crate::db::entity::{audit_log, user};
use crate::db::scope::TenantId;
use crate::db::search::contains_any;
use crate::ui::list_query::{ListQuery, Page, PER_PAGE};

/// Longest summary kept; a summary of a large change is cut here.
const MAX_SUMMARY_CHARS: usize = 2000;

/// What changed, for [`record`].
pub struct Change<'a> {
    /// `create`, `update`, `delete`, `import`, `suspend`, …
    pub action: &'a str,
    /// The table or concept, e.g. `materials`, `users`.
    pub entity: &'a str,
    pub entity_id: Option<String>,
    /// Before/after in a few words, e.g. `name: "Old" → "New"`.
    pub summary: String,
}

/// Writes one entry for `change` made by `actor` in `tenant` (none for platform actions).
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &AuthCtx,
    tenant: Option<TenantId>,
    change: Change<'_>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        tenant_id: Set(tenant.map(|t| t.0)),
        user_id: Set(Some(actor.user_id)),
        action: Set(change.action.to_string()),
        entity: Set(change.entity.to_string()),
        entity_id: Set(change.entity_id),
        summary: Set(change.summary.chars().take(MAX_SUMMARY_CHARS).collect()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// One page of a tenant's log, newest first; searches action, entity and summary.
pub async fn list(db: &impl ConnectionTrait, tenant: TenantId, query: &ListQuery) -> Result<Page<AuditEntry>, DbErr> {
    let mut select = audit_log::Entity::find().filter(audit_log::Column::TenantId.eq(tenant.0));
    if let Some(text) = query.search_text() {
        let columns = [audit_log::Column::Action, audit_log::Column::Entity, audit_log::Column::Summary]
            .map(|c| Expr::col((audit_log::Entity, c)));
        select = select.filter(contains_any(columns, &text));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(query.offset())
        .limit(PER_PAGE)
        .all(db)
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let user = match row.user_id {
            Some(id) => {
                user::Entity::find_by_id(id).one(db).await?.map(|u| u.email).unwrap_or_else(|| format!("#{id}"))
            }
            None => String::new(),
        };
        entries.push(AuditEntry {
            id: row.id,
            at: row.at.to_rfc3339(),
            user,
            action: row.action,
            entity: row.entity,
            entity_id: row.entity_id,
            summary: row.summary,
        });
    }
    Ok(Page { rows: entries, total, page: query.page() })
}
