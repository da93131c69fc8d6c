//! Server functions of tenant management (platform administrators only).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::forms::SaveOutcome;
use crate::ui::list_query::{ListQuery, Page};

pub const TENANTS_ACCESS: Access = Access::Roles(&[Role::PlatformAdmin]);

/// Who may call tenant administration's server functions.
pub const ACCESS: &[(&str, Access)] = &[
    (TenantsList::PATH, TENANTS_ACCESS),
    (TenantCreate::PATH, TENANTS_ACCESS),
    (TenantRename::PATH, TENANTS_ACCESS),
    (TenantSetActive::PATH, TENANTS_ACCESS),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub active: bool,
    pub users: u64,
}

#[server(endpoint = "tenants_list")]
pub async fn tenants_list(#[server(default)] query: ListQuery) -> Result<Page<TenantRow>, AppError> {
    server::list(query).await
}

/// Creates a tenant and its first administrator, both or neither.
#[server(endpoint = "tenant_create")]
pub async fn tenant_create(
    name: String,
    slug: String,
    admin_email: String,
    admin_name: String,
    admin_password: String,
) -> Result<SaveOutcome, AppError> {
    server::create(name, slug, admin_email, admin_name, admin_password).await
}

#[server(endpoint = "tenant_rename")]
pub async fn tenant_rename(id: i64, name: String) -> Result<SaveOutcome, AppError> {
    server::rename(id, name).await
}

/// Suspends (its users are signed out at once) or reactivates a tenant.
#[server(endpoint = "tenant_set_active")]
pub async fn tenant_set_active(id: i64, active: bool) -> Result<SaveOutcome, AppError> {
    server::set_active(id, active).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use sea_orm::{
        ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
        QuerySelect,
    };

    use super::{TenantRow, TENANTS_ACCESS};
    use crate::admin::tenants::slug::Slug;
    use crate::audit::store::{record, Change};
    use crate::auth::accounts::{create_account, NewAccount};
    use crate::auth::guard::{require, AuthCtx};
    use crate::auth::model::Role;
    use crate::auth::password::{Hashed, NewPassword};
    use crate::db::entity::tenant::TenantStatus;
    use crate::db::entity::{tenant, user};
    use crate::db::scope::{self, Access, Scope, TenantId, Tx};
    use crate::db::search::contains_any;
    use crate::db::use_server_state;
    use crate::error::AppError;
    use crate::forms::{parse_text, Email, FieldError, SaveOutcome};
    use crate::i18n::use_i18n;
    use crate::ui::list_query::{ListQuery, Page, PER_PAGE};
    use sea_orm::sea_query::Expr;
    use sea_orm::ActiveEnum;

    /// The platform administrator, with a transaction over every tenant.
    async fn open<A: Access>() -> Result<(AuthCtx, Tx<A>), AppError> {
        let ctx = require(TENANTS_ACCESS).await?;
        let tx = scope::begin(&use_server_state()?.db, Scope::AllTenants).await?;
        Ok((ctx, tx))
    }

    /// Bad input is an outcome the form shows, not a failure: status 200, nothing stored.
    fn invalid(errors: Vec<FieldError>) -> Result<SaveOutcome, AppError> {
        Ok(SaveOutcome::Invalid { errors })
    }

    pub async fn list(query: ListQuery) -> Result<Page<TenantRow>, AppError> {
        let (_, tx) = open::<scope::Read>().await?;
        let mut select = tenant::Entity::find();
        if let Some(text) = query.search_text() {
            let columns = [tenant::Column::Name, tenant::Column::Slug].map(|c| Expr::col((tenant::Entity, c)));
            select = select.filter(contains_any(columns, &text));
        }
        let total = select.clone().count(&tx).await?;
        let column = if query.sort == "slug" { tenant::Column::Slug } else { tenant::Column::Name };
        let select = if query.desc { select.order_by_desc(column) } else { select.order_by_asc(column) };
        let tenants = select.order_by_asc(tenant::Column::Id).offset(query.offset()).limit(PER_PAGE).all(&tx).await?;
        let mut rows = Vec::with_capacity(tenants.len());
        for t in tenants {
            let users = user::Entity::find().filter(user::Column::TenantId.eq(t.id)).count(&tx).await?;
            rows.push(TenantRow {
                id: t.id,
                active: t.status == TenantStatus::Active,
                name: t.name,
                slug: t.slug,
                users,
            });
        }
        tx.commit().await?;
        Ok(Page { rows, total, page: query.page() })
    }

    pub async fn create(
        name: String,
        slug: String,
        admin_email: String,
        admin_name: String,
        admin_password: String,
    ) -> Result<SaveOutcome, AppError> {
        require(TENANTS_ACCESS).await?;
        let t = use_i18n();
        let mut errors = Vec::new();
        let name = parse_text(&name, 200, t).map_err(|m| errors.push(FieldError::new("name", m))).ok();
        let slug = Slug::parse(&slug).or_else(|| {
            errors.push(FieldError::new("slug", t.err_slug));
            None
        });
        let email = Email::parse(&admin_email, t).map_err(|m| errors.push(FieldError::new("admin_email", m))).ok();
        let admin_name =
            parse_text(&admin_name, 100, t).map_err(|m| errors.push(FieldError::new("admin_name", m))).ok();
        let password =
            NewPassword::parse(&admin_password).map_err(|m| errors.push(FieldError::new("admin_password", m))).ok();
        let (Some(name), Some(slug), Some(email), Some(admin_name), Some(password)) =
            (name, slug, email, admin_name, password)
        else {
            return invalid(errors);
        };
        let password = Hashed::of(password.as_str()).await;
        let (ctx, tx) = open::<scope::Write>().await?;
        if tenant::Entity::find().filter(tenant::Column::Slug.eq(slug.as_str())).count(&tx).await? > 0 {
            return invalid(vec![FieldError::new("slug", t.err_slug_taken)]);
        }
        let created = tenant::ActiveModel {
            name: Set(name.clone()),
            slug: Set(slug.as_str().to_string()),
            status: Set(TenantStatus::Active),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        let account = NewAccount {
            tenant_id: Some(created.id),
            email: email.clone(),
            display_name: admin_name,
            role: Role::TenantAdmin,
            password,
        };
        create_account(&tx, account).await.map_err(AppError::internal)?;
        let summary = format!("name={name:?}, slug={:?}, first admin {:?}", slug.as_str(), email.as_str());
        record(
            &tx,
            &ctx,
            Some(TenantId(created.id)),
            Change { action: "create", entity: "tenants", entity_id: Some(created.id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        Ok(SaveOutcome::Saved { id: created.id })
    }

    pub async fn rename(id: i64, name: String) -> Result<SaveOutcome, AppError> {
        let (ctx, tx) = open::<scope::Write>().await?;
        let Some(found) = tenant::Entity::find_by_id(id).one(&tx).await? else { return Err(AppError::not_found()) };
        let name = match parse_text(&name, 200, use_i18n()) {
            Ok(name) => name,
            Err(message) => return invalid(vec![FieldError::new("name", message)]),
        };
        let summary = format!("name: {:?} → {name:?}", found.name);
        let mut active: tenant::ActiveModel = found.into();
        active.name = Set(name);
        active.update(&tx).await?;
        record(
            &tx,
            &ctx,
            Some(TenantId(id)),
            Change { action: "rename", entity: "tenants", entity_id: Some(id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        crate::auth::cache::changed_in_request();
        Ok(SaveOutcome::Saved { id })
    }

    pub async fn set_active(id: i64, active: bool) -> Result<SaveOutcome, AppError> {
        let (ctx, tx) = open::<scope::Write>().await?;
        let Some(found) = tenant::Entity::find_by_id(id).one(&tx).await? else { return Err(AppError::not_found()) };
        let status = if active { TenantStatus::Active } else { TenantStatus::Suspended };
        let summary = format!("status: {} → {}", found.status.to_value(), status.to_value());
        let mut row: tenant::ActiveModel = found.into();
        row.status = Set(status);
        row.update(&tx).await?;
        let action = if active { "reactivate" } else { "suspend" };
        record(
            &tx,
            &ctx,
            Some(TenantId(id)),
            Change { action, entity: "tenants", entity_id: Some(id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        crate::auth::cache::changed_in_request();
        Ok(SaveOutcome::Saved { id })
    }
}
