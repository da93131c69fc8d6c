//! Creating accounts and operator badges, with the rules that make them valid.
//! Used by the admin command line, the demo seed and the admin forms.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::kiosk_credentials::Badge;
use super::model::Role;
use super::password::Hashed;
use crate::db::entity::user::UserStatus;
use crate::db::entity::{operator_badge, user};
pub use crate::forms::Email;

/// Everything needed to create an account, already validated.
pub struct NewAccount {
    /// `None` only for platform administrators.
    pub tenant_id: Option<i64>,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    /// A [`super::password::NewPassword`], hashed before the transaction began.
    pub password: Hashed,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("An account with this e-mail exists already.")]
    Duplicate,
    #[error("A platform administrator belongs to no tenant; every other role belongs to one.")]
    RoleTenantMismatch,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Creates the account; the caller's transaction decides whether it stays.
pub async fn create_account(db: &impl ConnectionTrait, new: NewAccount) -> Result<user::Model, CreateAccountError> {
    if (new.role == Role::PlatformAdmin) != new.tenant_id.is_none() {
        return Err(CreateAccountError::RoleTenantMismatch);
    }
    let same_email = user::Entity::find().filter(user::Column::Email.eq(new.email.as_str()));
    let same_email = match new.tenant_id {
        Some(tenant) => same_email.filter(user::Column::TenantId.eq(tenant)),
        None => same_email.filter(user::Column::TenantId.is_null()),
    };
    if same_email.count(db).await? > 0 {
        return Err(CreateAccountError::Duplicate);
    }
    Ok(user::ActiveModel {
        tenant_id: Set(new.tenant_id),
        email: Set(new.email.as_str().to_string()),
        display_name: Set(new.display_name),
        role: Set(new.role.as_str().to_string()),
        status: Set(UserStatus::Active),
        password_hash: Set(new.password.into_string()),
        last_login_at: Set(None),
        created_at: Set(Utc::now()),
        sessions_valid_after: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Gives operator `user` a badge at a facility of their tenant, with a PIN that
/// passed [`super::kiosk_credentials::Pin::parse_new`] and was hashed before the transaction began.
pub async fn create_badge(
    db: &impl ConnectionTrait,
    operator: &user::Model,
    facility_id: i64,
    badge: &Badge,
    pin: Hashed,
) -> Result<operator_badge::Model, String> {
    let tenant_id = operator.tenant_id.ok_or("Only operators of a tenant get badges.")?;
    operator_badge::ActiveModel {
        tenant_id: Set(tenant_id),
        facility_id: Set(facility_id),
        user_id: Set(operator.id),
        badge: Set(badge.as_str().to_string()),
        pin_hash: Set(pin.into_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| e.to_string())
}
