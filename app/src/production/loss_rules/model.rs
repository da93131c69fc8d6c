//! The loss rules as the form shows and sends them (both sides).

use serde::{Deserialize, Serialize};

use crate::domain::oee::LossPolicy;
use crate::forms::FieldError;
use crate::i18n::Catalogue;

/// A tenant's loss rules in the units people think in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossRules {
    pub minor_stop_s: i64,
    pub startup_min: i64,
    pub startup_pieces: i64,
}

/// The bounds the form and the table's CHECK constraints share.
pub const MINOR_STOP_S: (i64, i64) = (1, 3_600);
pub const STARTUP_MIN: (i64, i64) = (0, 480);
pub const STARTUP_PIECES: (i64, i64) = (0, 1_000_000);

impl Default for LossRules {
    fn default() -> LossRules {
        LossRules::from(LossPolicy::default())
    }
}

impl From<LossPolicy> for LossRules {
    fn from(policy: LossPolicy) -> LossRules {
        LossRules {
            minor_stop_s: policy.minor_stop_ms / 1_000,
            startup_min: policy.startup_ms / 60_000,
            startup_pieces: policy.startup_pieces,
        }
    }
}

impl From<LossRules> for LossPolicy {
    fn from(rules: LossRules) -> LossPolicy {
        LossPolicy {
            minor_stop_ms: rules.minor_stop_s * 1_000,
            startup_ms: rules.startup_min * 60_000,
            startup_pieces: rules.startup_pieces,
        }
    }
}

impl LossRules {
    /// The rules typed into the form, or a message beside each bad field.
    pub fn parse(
        minor_stop_s: &str,
        startup_min: &str,
        startup_pieces: &str,
        t: &Catalogue,
    ) -> Result<LossRules, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut whole = |field: &str, text: &str, (min, max): (i64, i64)| match text.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                let message = t.loss_rules_range.replace("{min}", &min.to_string()).replace("{max}", &max.to_string());
                errors.push(FieldError::new(field, message));
                0
            }
        };
        let rules = LossRules {
            minor_stop_s: whole("minor_stop_s", minor_stop_s, MINOR_STOP_S),
            startup_min: whole("startup_min", startup_min, STARTUP_MIN),
            startup_pieces: whole("startup_pieces", startup_pieces, STARTUP_PIECES),
        };
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    #[test]
    fn the_defaults_are_the_policys() {
        assert_eq!(LossRules::default(), LossRules { minor_stop_s: 120, startup_min: 10, startup_pieces: 0 });
        assert_eq!(LossPolicy::from(LossRules::default()), LossPolicy::default());
    }

    #[test]
    fn each_bad_field_is_named_with_its_bounds() {
        assert_eq!(
            LossRules::parse(" 90 ", "0", "250", &EN),
            Ok(LossRules { minor_stop_s: 90, startup_min: 0, startup_pieces: 250 })
        );
        let errors = LossRules::parse("0", "481", "many", &EN).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["minor_stop_s", "startup_min", "startup_pieces"]);
        assert_eq!(errors[0].message, "Enter a whole number from 1 to 3600.");
    }
}
