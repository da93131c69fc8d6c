//! What the receiving screen sends and gets back (both sides).

use serde::{Deserialize, Serialize};

use crate::forms::FieldError;

/// One received line as the operator typed or scanned it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceivingLine {
    /// The material's code (what a barcode scanner types).
    pub material: String,
    /// Whole pieces, as typed.
    pub quantity: String,
    /// Optional lot.
    pub lot: String,
}

/// A bin as the operator reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinRef {
    pub id: i64,
    pub code: String,
    pub zone: String,
    pub aisle: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub bin: BinRef,
    pub reason: String,
}

/// What became of one line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LineOutcome {
    Offer {
        recommendation_id: i64,
        bin: BinRef,
        confidence: f64,
        reason: String,
        alternatives: Vec<Alternative>,
    },
    /// No bin fits (or the material cannot be checked); recorded as a capacity failure.
    NoFit {
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineResult {
    pub material: String,
    pub pieces: u32,
    pub lot: Option<String>,
    pub outcome: LineOutcome,
}

/// The answer to a receiving batch: every bad field named (nothing written), or a result per line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Receiving {
    Invalid { errors: Vec<FieldError> },
    Recommended { lines: Vec<LineResult> },
}

/// What a person decides about a recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Accept,
    Reject,
    /// Put it in another bin than recommended.
    Override,
}

impl Decision {
    pub fn parse(text: &str) -> Option<Decision> {
        match text {
            "accept" => Some(Decision::Accept),
            "reject" => Some(Decision::Reject),
            "override" => Some(Decision::Override),
            _ => None,
        }
    }

    /// The status it leaves the recommendation in.
    pub fn status(self) -> &'static str {
        match self {
            Decision::Accept => "ACCEPTED",
            Decision::Reject => "REJECTED",
            Decision::Override => "OVERRIDDEN",
        }
    }
}

/// The recommendation after a decision: its status and, unless rejected, the bin it went to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    pub status: String,
    pub bin: Option<BinRef>,
}
