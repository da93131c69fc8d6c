//! Roles, and the signed-in user as the browser sees it.

use serde::{Deserialize, Serialize};

/// What a user may do. Platform administrators belong to no tenant; everyone
/// else belongs to exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    TenantAdmin,
    Supervisor,
    Operator,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::PlatformAdmin, Role::TenantAdmin, Role::Supervisor, Role::Operator];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::TenantAdmin => "tenant_admin",
            Role::Supervisor => "supervisor",
            Role::Operator => "operator",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// The signed-in user, for the top bar and for pages that adapt to the role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub display_name: String,
    pub role: Role,
    /// `None` for platform administrators.
    pub tenant_name: Option<String>,
    /// Set for operators signed in at a facility's kiosk.
    pub facility_id: Option<i64>,
    /// The work center a kiosk operator chose, as `code — name`.
    pub work_center: Option<String>,
}

/// What a kiosk shows before anyone signs in: the facility it stands in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskInfo {
    pub facility_id: i64,
    pub name: String,
    /// The facility's work centers, one of which the operator picks.
    pub work_centers: Vec<KioskWorkCenter>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskWorkCenter {
    pub id: i64,
    /// `code — name`.
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
