//! Who may call which server function. The server refuses any server function
//! missing from [`POLICY`] (deny by default), and a test fails when a registered
//! server function has no entry, so a new one cannot be forgotten.

use super::model::Role;
use crate::admin::catalog::api as catalog;
use crate::admin::tenants::api as tenants;
use crate::admin::users::api as users;

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
            (Access::Roles(_), None) => false,
        }
    }
}

/// Server function path → who may call it.
pub const POLICY: &[(&str, Access)] = &[
    ("/api/system_status", crate::health::api::SYSTEM_STATUS_ACCESS),
    ("/api/login", super::api::LOGIN_ACCESS),
    ("/api/operator_login", super::api::OPERATOR_LOGIN_ACCESS),
    ("/api/logout", super::api::LOGOUT_ACCESS),
    ("/api/current_user", super::api::CURRENT_USER_ACCESS),
    ("/api/kiosk_facility", super::api::KIOSK_FACILITY_ACCESS),
    ("/api/overview_summary", crate::home::api::OVERVIEW_ACCESS),
    ("/api/catalog_list", catalog::CATALOG_READ_ACCESS),
    ("/api/catalog_get", catalog::CATALOG_READ_ACCESS),
    ("/api/catalog_options", catalog::CATALOG_READ_ACCESS),
    ("/api/catalog_save", catalog::CATALOG_WRITE_ACCESS),
    ("/api/catalog_delete", catalog::CATALOG_WRITE_ACCESS),
    ("/api/catalog_import", catalog::CATALOG_WRITE_ACCESS),
    ("/api/audit_list", crate::audit::api::AUDIT_ACCESS),
    ("/api/users_list", users::USERS_ACCESS),
    ("/api/user_detail", users::USERS_ACCESS),
    ("/api/user_create", users::USERS_ACCESS),
    ("/api/user_update", users::USERS_ACCESS),
    ("/api/user_reset_password", users::USERS_ACCESS),
    ("/api/user_set_active", users::USERS_ACCESS),
    ("/api/badge_create", users::USERS_ACCESS),
    ("/api/tenants_list", tenants::TENANTS_ACCESS),
    ("/api/tenant_create", tenants::TENANTS_ACCESS),
    ("/api/tenant_rename", tenants::TENANTS_ACCESS),
    ("/api/tenant_set_active", tenants::TENANTS_ACCESS),
];

/// The access rule of the server function at `path`, if it has one.
pub fn access_for(path: &str) -> Option<Access> {
    POLICY.iter().find(|(p, _)| *p == path).map(|(_, access)| *access)
}
