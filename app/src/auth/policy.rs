//! Who may call which server function. Each feature declares its rules beside its
//! server functions; [`POLICY`] gathers them. The server refuses any server
//! function without a rule (deny by default), and a test fails when a registered
//! server function has none, so a new one cannot be forgotten.

use super::model::Role;

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
    /// A device presenting a token (a machine gateway), signed in or not: the
    /// route checks the token itself.
    DeviceToken,
}

impl Access {
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public | Access::DeviceToken, _) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
            (Access::Roles(_), None) => false,
        }
    }
}

/// Every feature's access rules (each declared next to its server functions as
/// `ACCESS`). A new feature adds its line here.
pub const POLICY: &[&[(&str, Access)]] = &[
    crate::health::api::ACCESS,
    super::api::ACCESS,
    crate::home::api::ACCESS,
    crate::admin::catalog::api::ACCESS,
    crate::admin::users::api::ACCESS,
    crate::admin::tenants::api::ACCESS,
    crate::audit::api::ACCESS,
    crate::production::api::ACCESS,
    crate::production::alerts::api::ACCESS,
    crate::production::schedule::api::ACCESS,
    crate::production::loss_rules::api::ACCESS,
    crate::production::tv_api::ACCESS,
    crate::devices::api::ACCESS,
    crate::warehouse::receiving::api::ACCESS,
    crate::warehouse::utilization::api::ACCESS,
];

/// Every rule of every feature, as (path, access).
pub fn rules() -> impl Iterator<Item = (&'static str, Access)> {
    POLICY.iter().flat_map(|feature| feature.iter().copied())
}

/// The access rule of the server function at `path`, if it has one.
pub fn access_for(path: &str) -> Option<Access> {
    rules().find(|(p, _)| *p == path).map(|(_, access)| access)
}
