//! What the overview shows a tenant's people at a glance.

use serde::{Deserialize, Serialize};

/// How much master data the tenant has, per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantFigures {
    pub facilities: u64,
    pub work_centers: u64,
    pub materials: u64,
    pub bins: u64,
    pub users: u64,
    /// When the figures were read, as Unix milliseconds.
    pub computed_at_ms: i64,
}
