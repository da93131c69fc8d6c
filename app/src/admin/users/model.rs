//! Users as the user pages see them.

use serde::{Deserialize, Serialize};

use crate::auth::model::Role;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// RFC 3339, or none if never signed in.
    pub last_login_at: Option<String>,
}

/// A badge of an operator at one facility (the PIN is never sent back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeRow {
    pub facility: String,
    pub badge: String,
}

/// Everything the edit page of a user shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    pub user: UserRow,
    pub badges: Vec<BadgeRow>,
}

/// The roles a tenant administrator may give.
pub const ASSIGNABLE_ROLES: [Role; 3] = [Role::TenantAdmin, Role::Supervisor, Role::Operator];
