//! What the device-token admin page and the server say to each other (both sides).

use serde::{Deserialize, Serialize};

use crate::forms::FieldError;

/// One device token as the admin list shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceTokenRow {
    pub id: i64,
    /// `machine` (a gateway's feed) or `display` (a wall TV's link).
    pub kind: String,
    pub name: String,
    /// The work center a machine token feeds, or the facility a display link shows.
    pub target: String,
    pub created_by: String,
    pub created_ms: i64,
    pub revoked_ms: Option<i64>,
    pub last_used_ms: Option<i64>,
}

/// The admin page's data: the tokens, and the work centers and facilities a new one may be for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceTokensPage {
    pub tokens: Vec<DeviceTokenRow>,
    pub work_centers: Vec<(i64, String)>,
    pub facilities: Vec<(i64, String)>,
}

/// Where a display link shows its facility's floor: `/tv/<secret>`.
pub fn display_path(secret: &str) -> String {
    format!("/tv/{secret}")
}

/// The answer to making a token: the new token and its secret, shown this once;
/// or what is wrong with the form (nothing stored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TokenCreated {
    Created { token: DeviceTokenRow, secret: String },
    Invalid { errors: Vec<FieldError> },
}
