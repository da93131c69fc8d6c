//! What the catalog's server functions send to the browser.

use serde::{Deserialize, Serialize};

use super::spec::CatalogKind;
pub use crate::forms::SaveOutcome;

/// One row of a list: its id and the text of each listed field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRow {
    pub id: i64,
    pub cells: Vec<String>,
}

/// A row another kind may refer to, as a picker shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefOption {
    pub id: i64,
    pub code: String,
    /// `code — name`.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeleteOutcome {
    Deleted {
        code: String,
    },
    /// Rows of another kind still refer to it.
    InUse {
        by: CatalogKind,
    },
    /// Recorded history (production runs, counts, states) refers to it.
    InHistory,
    NotFound,
}

/// A bad line of an imported CSV file (line 1 is the header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// The result of an import: all rows stored, or none and every reason why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Imported { created: usize, updated: usize },
    Rejected { errors: Vec<LineError> },
}
