//! What the device-token admin page and the server say to each other (both sides).

use serde::{Deserialize, Serialize};

use crate::forms::FieldError;

/// One device token as the admin list shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceTokenRow {
    pub id: i64,
    pub name: String,
    /// The work center a machine token feeds.
    pub work_center: String,
    pub created_by: String,
    pub created_ms: i64,
    pub revoked_ms: Option<i64>,
    pub last_used_ms: Option<i64>,
}

/// The admin page's data: the tokens, and the work centers a new one may feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceTokensPage {
    pub tokens: Vec<DeviceTokenRow>,
    pub work_centers: Vec<(i64, String)>,
}

/// The answer to making a token: the new token and its secret, shown this once;
/// or what is wrong with the form (nothing stored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TokenCreated {
    Created { token: DeviceTokenRow, secret: String },
    Invalid { errors: Vec<FieldError> },
}
