//! Queries of user management, always within the caller's tenant.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::model::{BadgeRow, UserProfile, UserRow};
use crate::auth::model::Role;
use crate::db::entity::user::UserStatus;
use crate::db::entity::{facility, operator_badge, user};
use crate::db::scope::TenantId;
use crate::db::search::contains_any;
use crate::ui::list_query::{ListQuery, Page, PER_PAGE};

fn row(user: user::Model) -> UserRow {
    UserRow {
        id: user.id,
        role: Role::parse(&user.role).unwrap_or(Role::Operator),
        active: user.status == UserStatus::Active,
        last_login_at: user.last_login_at.map(|at| at.to_rfc3339()),
        email: user.email,
        display_name: user.display_name,
    }
}

pub async fn list(db: &impl ConnectionTrait, tenant: TenantId, query: &ListQuery) -> Result<Page<UserRow>, DbErr> {
    let mut select = user::Entity::find().filter(user::Column::TenantId.eq(tenant.0));
    if let Some(text) = query.search_text() {
        let columns = [user::Column::Email, user::Column::DisplayName].map(|c| Expr::col((user::Entity, c)));
        select = select.filter(contains_any(columns, &text));
    }
    let total = select.clone().count(db).await?;
    let column = match query.sort.as_str() {
        "display_name" => user::Column::DisplayName,
        "role" => user::Column::Role,
        "last_login_at" => user::Column::LastLoginAt,
        _ => user::Column::Email,
    };
    let select = if query.desc { select.order_by_desc(column) } else { select.order_by_asc(column) };
    let users = select.order_by_asc(user::Column::Id).offset(query.offset()).limit(PER_PAGE).all(db).await?;
    Ok(Page { rows: users.into_iter().map(row).collect(), total, page: query.page() })
}

/// A user of the tenant, or `None` (also for another tenant's user).
pub async fn find(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).filter(user::Column::TenantId.eq(tenant.0)).one(db).await
}

pub async fn detail(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<UserProfile>, DbErr> {
    let Some(user) = find(db, tenant, id).await? else { return Ok(None) };
    let badges = operator_badge::Entity::find()
        .filter(operator_badge::Column::TenantId.eq(tenant.0))
        .filter(operator_badge::Column::UserId.eq(id))
        .order_by_asc(operator_badge::Column::Id)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(badges.len());
    for badge in badges {
        let facility =
            facility::Entity::find_by_id(badge.facility_id).one(db).await?.map(|f| f.name).unwrap_or_default();
        rows.push(BadgeRow { facility, badge: badge.badge });
    }
    Ok(Some(UserProfile { user: row(user), badges: rows }))
}

/// A facility of the tenant, or `None`.
pub async fn facility_of(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: i64,
) -> Result<Option<facility::Model>, DbErr> {
    facility::Entity::find_by_id(id).filter(facility::Column::TenantId.eq(tenant.0)).one(db).await
}

pub async fn badge_taken(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility_id: i64,
    badge: &str,
) -> Result<bool, DbErr> {
    Ok(operator_badge::Entity::find()
        .filter(operator_badge::Column::TenantId.eq(tenant.0))
        .filter(operator_badge::Column::FacilityId.eq(facility_id))
        .filter(operator_badge::Column::Badge.eq(badge))
        .count(db)
        .await?
        > 0)
}

/// Changes the given columns of a user of the tenant.
pub async fn update(
    db: &impl ConnectionTrait,
    user: user::Model,
    change: impl FnOnce(&mut user::ActiveModel),
) -> Result<user::Model, DbErr> {
    let mut active: user::ActiveModel = user.into();
    change(&mut active);
    active.update(db).await
}

/// Sets a user's status; deactivating ends their sessions at once.
pub fn set_active(active: bool) -> impl FnOnce(&mut user::ActiveModel) {
    move |user| {
        user.status = Set(UserStatus::from_active(active));
        if !active {
            end_sessions(user);
        }
    }
}

/// Ends every session the user has open now (the guard checks on every request).
pub fn end_sessions(user: &mut user::ActiveModel) {
    user.sessions_valid_after = Set(Some(chrono::Utc::now().timestamp_millis()));
}
