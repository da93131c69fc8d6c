//! Server functions of user management (tenant administrators only). Every id is
//! looked up within the caller's tenant: another tenant's id is "not found".

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::{UserProfile, UserRow};
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::forms::SaveOutcome;
use crate::ui::list_query::{ListQuery, Page};

pub const USERS_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

/// Who may call user management's server functions.
pub const ACCESS: &[(&str, Access)] = &[
    (UsersList::PATH, USERS_ACCESS),
    (UserDetail::PATH, USERS_ACCESS),
    (UserCreate::PATH, USERS_ACCESS),
    (UserUpdate::PATH, USERS_ACCESS),
    (UserResetPassword::PATH, USERS_ACCESS),
    (UserSetActive::PATH, USERS_ACCESS),
    (BadgeCreate::PATH, USERS_ACCESS),
];

#[server(endpoint = "users_list")]
pub async fn users_list(#[server(default)] query: ListQuery) -> Result<Page<UserRow>, AppError> {
    server::list(query).await
}

#[server(endpoint = "user_detail")]
pub async fn user_detail(id: i64) -> Result<UserProfile, AppError> {
    server::detail(id).await
}

#[server(endpoint = "user_create")]
pub async fn user_create(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<SaveOutcome, AppError> {
    server::create(email, display_name, role, password).await
}

/// Changes a user's name and role.
#[server(endpoint = "user_update")]
pub async fn user_update(id: i64, display_name: String, role: String) -> Result<SaveOutcome, AppError> {
    server::update(id, display_name, role).await
}

#[server(endpoint = "user_reset_password")]
pub async fn user_reset_password(id: i64, password: String) -> Result<SaveOutcome, AppError> {
    server::reset_password(id, password).await
}

/// Deactivates (their sessions stop at once) or reactivates a user.
#[server(endpoint = "user_set_active")]
pub async fn user_set_active(id: i64, active: bool) -> Result<SaveOutcome, AppError> {
    server::set_active(id, active).await
}

/// Gives an operator a badge number and PIN at a facility.
#[server(endpoint = "badge_create")]
pub async fn badge_create(user_id: i64, facility: String, badge: String, pin: String) -> Result<SaveOutcome, AppError> {
    server::create_badge(user_id, facility, badge, pin).await
}

#[cfg(feature = "ssr")]
mod server {
    use sea_orm::ActiveValue::Set;

    use super::USERS_ACCESS;
    use crate::admin::users::model::{UserProfile, UserRow, ASSIGNABLE_ROLES};
    use crate::admin::users::store;
    use crate::audit::store::{record, Change};
    use crate::auth::accounts::{create_account, create_badge as store_badge, CreateAccountError, NewAccount};
    use crate::auth::guard::{tenant_read, tenant_write, AuthCtx};
    use crate::auth::kiosk_credentials::{Badge, Pin};
    use crate::auth::model::Role;
    use crate::auth::password::{Hashed, NewPassword};
    use crate::db::entity::user::UserStatus;
    use crate::db::scope::{ReadTx, TenantId, WriteTx};
    use crate::error::AppError;
    use crate::forms::{parse_text, Email, FieldError, SaveOutcome};
    use crate::i18n::use_i18n;
    use crate::ui::list_query::{ListQuery, Page};
    use sea_orm::ActiveEnum;

    async fn read() -> Result<(AuthCtx, TenantId, ReadTx), AppError> {
        tenant_read(USERS_ACCESS).await
    }

    async fn write() -> Result<(AuthCtx, TenantId, WriteTx), AppError> {
        tenant_write(USERS_ACCESS).await
    }

    /// Bad input is an outcome the form shows, not a failure: status 200, nothing stored.
    fn invalid(errors: Vec<FieldError>) -> Result<SaveOutcome, AppError> {
        Ok(SaveOutcome::Invalid { errors })
    }

    fn parse_role(role: &str) -> Result<Role, String> {
        Role::parse(role.trim())
            .filter(|r| ASSIGNABLE_ROLES.contains(r))
            .ok_or_else(|| use_i18n().err_choice.to_string())
    }

    pub async fn list(query: ListQuery) -> Result<Page<UserRow>, AppError> {
        let (_, tenant, tx) = read().await?;
        let page = store::list(&tx, tenant, &query).await?;
        tx.commit().await?;
        Ok(page)
    }

    pub async fn detail(id: i64) -> Result<UserProfile, AppError> {
        let (_, tenant, tx) = read().await?;
        let detail = store::detail(&tx, tenant, id).await?;
        tx.commit().await?;
        detail.ok_or_else(AppError::not_found)
    }

    pub async fn create(
        email: String,
        display_name: String,
        role: String,
        password: String,
    ) -> Result<SaveOutcome, AppError> {
        crate::auth::guard::require(USERS_ACCESS).await?;
        let t = use_i18n();
        let mut errors = Vec::new();
        let email = Email::parse(&email, t).map_err(|m| errors.push(FieldError::new("email", m))).ok();
        let name = parse_text(&display_name, 100, t).map_err(|m| errors.push(FieldError::new("display_name", m))).ok();
        let role = parse_role(&role).map_err(|m| errors.push(FieldError::new("role", m))).ok();
        let password = NewPassword::parse(&password).map_err(|m| errors.push(FieldError::new("password", m))).ok();
        let (Some(email), Some(display_name), Some(role), Some(password)) = (email, name, role, password) else {
            return invalid(errors);
        };
        let password = Hashed::of(password.as_str()).await;
        let (ctx, tenant, tx) = write().await?;
        let account = NewAccount { tenant_id: Some(tenant.0), email: email.clone(), display_name, role, password };
        let user = match create_account(&tx, account).await {
            Ok(user) => user,
            Err(CreateAccountError::Duplicate) => {
                return invalid(vec![FieldError::new("email", t.err_duplicate_email)])
            }
            Err(error) => return Err(AppError::internal(error)),
        };
        let summary = format!("email={:?}, role={}", email.as_str(), role.as_str());
        record(
            &tx,
            &ctx,
            Some(tenant),
            Change { action: "create", entity: "users", entity_id: Some(user.id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        Ok(SaveOutcome::Saved { id: user.id })
    }

    pub async fn update(id: i64, display_name: String, role: String) -> Result<SaveOutcome, AppError> {
        let (ctx, tenant, tx) = write().await?;
        let t = use_i18n();
        let Some(user) = store::find(&tx, tenant, id).await? else {
            return Err(AppError::not_found());
        };
        let mut errors = Vec::new();
        let name = parse_text(&display_name, 100, t).map_err(|m| errors.push(FieldError::new("display_name", m))).ok();
        let role = parse_role(&role).map_err(|m| errors.push(FieldError::new("role", m))).ok();
        if id == ctx.user_id && role.is_some_and(|r| r != Role::TenantAdmin) {
            errors.push(FieldError::new("role", t.err_own_role));
        }
        let (Some(display_name), Some(role), true) = (name, role, errors.is_empty()) else { return invalid(errors) };
        let summary = format!(
            "display_name: {:?} → {display_name:?}, role: {} → {}",
            user.display_name,
            user.role,
            role.as_str()
        );
        let role_changed = user.role != role.as_str();
        store::update(&tx, user, |u| {
            u.display_name = Set(display_name);
            u.role = Set(role.as_str().to_string());
            if role_changed {
                store::end_sessions(u);
            }
        })
        .await?;
        record(
            &tx,
            &ctx,
            Some(tenant),
            Change { action: "update", entity: "users", entity_id: Some(id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        crate::auth::cache::changed_in_request();
        Ok(SaveOutcome::Saved { id })
    }

    /// Hashes first (slow on purpose), then takes the write lock only to store it.
    pub async fn reset_password(id: i64, password: String) -> Result<SaveOutcome, AppError> {
        crate::auth::guard::require(USERS_ACCESS).await?;
        let password = match NewPassword::parse(&password) {
            Ok(password) => password,
            Err(message) => return invalid(vec![FieldError::new("password", message)]),
        };
        let secret = password.as_str().to_string();
        let hash = Hashed::of(&secret).await.into_string();
        let (ctx, tenant, tx) = write().await?;
        let Some(user) = store::find(&tx, tenant, id).await? else {
            return Err(AppError::not_found());
        };
        store::update(&tx, user, |u| {
            u.password_hash = Set(hash);
            store::end_sessions(u);
        })
        .await?;
        let change = Change {
            action: "reset_password",
            entity: "users",
            entity_id: Some(id.to_string()),
            summary: "password changed".into(),
        };
        record(&tx, &ctx, Some(tenant), change).await?;
        tx.commit().await?;
        crate::auth::cache::changed_in_request();
        Ok(SaveOutcome::Saved { id })
    }

    pub async fn set_active(id: i64, active: bool) -> Result<SaveOutcome, AppError> {
        let (ctx, tenant, tx) = write().await?;
        let Some(user) = store::find(&tx, tenant, id).await? else {
            return Err(AppError::not_found());
        };
        if id == ctx.user_id && !active {
            return invalid(vec![FieldError::new("active", use_i18n().err_deactivate_self)]);
        }
        let summary = format!("status: {} → {}", user.status.to_value(), UserStatus::from_active(active).to_value());
        store::update(&tx, user, store::set_active(active)).await?;
        let action = if active { "reactivate" } else { "deactivate" };
        record(&tx, &ctx, Some(tenant), Change { action, entity: "users", entity_id: Some(id.to_string()), summary })
            .await?;
        tx.commit().await?;
        crate::auth::cache::changed_in_request();
        Ok(SaveOutcome::Saved { id })
    }

    pub async fn create_badge(
        user_id: i64,
        facility: String,
        badge: String,
        pin: String,
    ) -> Result<SaveOutcome, AppError> {
        crate::auth::guard::require(USERS_ACCESS).await?;
        let pin = Pin::parse_new(&pin);
        let pin_hash = match &pin {
            Ok(pin) => Some(Hashed::of(pin.as_str()).await),
            Err(_) => None,
        };
        let (ctx, tenant, tx) = write().await?;
        let t = use_i18n();
        let Some(user) = store::find(&tx, tenant, user_id).await? else {
            return Err(AppError::not_found());
        };
        let mut errors = Vec::new();
        if user.role != Role::Operator.as_str() {
            errors.push(FieldError::new("badge", t.err_badge_operator_only));
        }
        let facility_row = match facility.trim().parse::<i64>() {
            Ok(id) => store::facility_of(&tx, tenant, id).await?,
            Err(_) => None,
        };
        if facility_row.is_none() {
            errors.push(FieldError::new("facility", t.err_reference));
        }
        let badge = Badge::parse(&badge);
        if badge.is_none() {
            errors.push(FieldError::new("badge", t.err_badge));
        }
        if let Err(refused) = pin {
            errors.push(FieldError::new("pin", refused.message(t)));
        }
        let (Some(facility_row), Some(badge), Some(pin_hash)) =
            (facility_row.filter(|_| errors.is_empty()), badge, pin_hash)
        else {
            return invalid(errors);
        };
        if store::badge_taken(&tx, tenant, facility_row.id, badge.as_str()).await? {
            return invalid(vec![FieldError::new("badge", t.err_badge_taken)]);
        }
        store_badge(&tx, &user, facility_row.id, &badge, pin_hash).await.map_err(AppError::internal)?;
        let summary = format!("badge {:?} at {:?}", badge.as_str(), facility_row.code);
        record(
            &tx,
            &ctx,
            Some(tenant),
            Change { action: "create_badge", entity: "users", entity_id: Some(user_id.to_string()), summary },
        )
        .await?;
        tx.commit().await?;
        Ok(SaveOutcome::Saved { id: user_id })
    }
}
