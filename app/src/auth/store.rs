//! The queries of signing in. They run in an all-tenants scope: whose account an
//! e-mail or badge belongs to is exactly what sign-in has to find out.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};

use super::model::KioskWorkCenter;
use crate::db::entity::tenant::TenantStatus;
use crate::db::entity::user::UserStatus;
use crate::db::entity::{facility, operator_badge, tenant, user};

/// A user with their tenant (none for platform administrators).
pub struct Account {
    pub user: user::Model,
    pub tenant: Option<tenant::Model>,
}

impl Account {
    /// Active user of an active tenant (or of no tenant).
    pub fn may_sign_in(&self) -> bool {
        self.user.status == UserStatus::Active && self.tenant.as_ref().is_none_or(|t| t.status == TenantStatus::Active)
    }
}

async fn with_tenant(db: &impl ConnectionTrait, user: user::Model) -> Result<Account, DbErr> {
    let tenant = match user.tenant_id {
        Some(id) => tenant::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(Account { user, tenant })
}

/// Every account with this e-mail (one per tenant at most), oldest first.
pub async fn accounts_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Vec<Account>, DbErr> {
    let users =
        user::Entity::find().filter(user::Column::Email.eq(email)).order_by_asc(user::Column::Id).all(db).await?;
    let mut accounts = Vec::with_capacity(users.len());
    for user in users {
        accounts.push(with_tenant(db, user).await?);
    }
    Ok(accounts)
}

/// What the guard checks on every request, read in one statement: the user's
/// role and status, their tenant's status, and the names the top bar shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub role: String,
    pub display_name: String,
    pub tenant_name: Option<String>,
    /// Active user of an active tenant (or of no tenant).
    pub may_sign_in: bool,
    /// Sessions signed in before this (Unix milliseconds) are over.
    pub sessions_valid_after: Option<i64>,
}

/// The standing of user `user_id`, who must belong to `tenant_id` (from the session).
pub async fn standing(
    db: &impl ConnectionTrait,
    user_id: i64,
    tenant_id: Option<i64>,
) -> Result<Option<Standing>, DbErr> {
    let (u, t) = (Alias::new("u"), Alias::new("t"));
    let mut select = Query::select();
    select
        .expr_as(Expr::col((u.clone(), user::Column::Role)), Alias::new("role"))
        .expr_as(Expr::col((u.clone(), user::Column::DisplayName)), Alias::new("display_name"))
        .expr_as(Expr::col((u.clone(), user::Column::Status)), Alias::new("user_status"))
        .expr_as(Expr::col((u.clone(), user::Column::SessionsValidAfter)), Alias::new("sessions_valid_after"))
        .expr_as(Expr::col((t.clone(), tenant::Column::Name)), Alias::new("tenant_name"))
        .expr_as(Expr::col((t.clone(), tenant::Column::Status)), Alias::new("tenant_status"))
        .from_as(user::Entity, u.clone())
        .join_as(
            JoinType::LeftJoin,
            tenant::Entity,
            t.clone(),
            Expr::col((t.clone(), tenant::Column::Id)).equals((u.clone(), user::Column::TenantId)),
        )
        .and_where(Expr::col((u.clone(), user::Column::Id)).eq(user_id));
    match tenant_id {
        Some(id) => select.and_where(Expr::col((u.clone(), user::Column::TenantId)).eq(id)),
        None => select.and_where(Expr::col((u, user::Column::TenantId)).is_null()),
    };
    let Some(row) = db.query_one(&select).await? else { return Ok(None) };
    let user_status: UserStatus = row.try_get("", "user_status")?;
    let tenant_status: Option<TenantStatus> = row.try_get("", "tenant_status")?;
    Ok(Some(Standing {
        role: row.try_get("", "role")?,
        display_name: row.try_get("", "display_name")?,
        tenant_name: row.try_get("", "tenant_name")?,
        may_sign_in: user_status == UserStatus::Active && tenant_status.is_none_or(|s| s == TenantStatus::Active),
        sessions_valid_after: row.try_get("", "sessions_valid_after")?,
    }))
}

pub async fn account_by_id(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Account>, DbErr> {
    match user::Entity::find_by_id(user_id).one(db).await? {
        Some(user) => Ok(Some(with_tenant(db, user).await?)),
        None => Ok(None),
    }
}

/// The badge `badge` at facility `facility_id`, with its operator's account.
pub async fn badge_at(
    db: &impl ConnectionTrait,
    facility_id: i64,
    badge: &str,
) -> Result<Option<(operator_badge::Model, Account)>, DbErr> {
    let Some(found) = operator_badge::Entity::find()
        .filter(operator_badge::Column::FacilityId.eq(facility_id))
        .filter(operator_badge::Column::Badge.eq(badge))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(account_by_id(db, found.user_id).await?.map(|account| (found, account)))
}

pub async fn facility(
    db: &impl ConnectionTrait,
    facility_id: i64,
) -> Result<Option<(facility::Model, tenant::Model)>, DbErr> {
    let Some(found) = facility::Entity::find_by_id(facility_id).one(db).await? else { return Ok(None) };
    Ok(tenant::Entity::find_by_id(found.tenant_id).one(db).await?.map(|t| (found, t)))
}

pub async fn record_sign_in(db: &impl ConnectionTrait, user: &user::Model) -> Result<(), DbErr> {
    let mut active: user::ActiveModel = user.clone().into();
    active.last_login_at = Set(Some(Utc::now()));
    active.update(db).await.map(|_| ())
}

/// The work centers of a facility, for the kiosk's picker.
pub async fn work_centers_at(
    db: &impl ConnectionTrait,
    tenant_id: i64,
    facility_id: i64,
) -> Result<Vec<KioskWorkCenter>, DbErr> {
    let listed =
        crate::production::store::work_centers(db, crate::db::scope::TenantId(tenant_id), Some(facility_id)).await?;
    Ok(listed.into_iter().map(|(id, label)| KioskWorkCenter { id, label }).collect())
}
