//! The readiness report, shared by the HTTP endpoint, the CLI and the status page.

use serde::{Deserialize, Serialize};

/// How well a part of the system works. Ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthStatus {
    /// Works as it should.
    Healthy,
    /// Serves, but something users notice is missing or slow.
    Degraded,
    /// Cannot serve requests.
    Unhealthy,
}

impl HealthStatus {
    /// The exit code of `server health`: 0 healthy, 1 degraded, 2 unhealthy.
    pub fn exit_code(self) -> u8 {
        match self {
            HealthStatus::Healthy => 0,
            HealthStatus::Degraded => 1,
            HealthStatus::Unhealthy => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "HEALTHY",
            HealthStatus::Degraded => "DEGRADED",
            HealthStatus::Unhealthy => "UNHEALTHY",
        }
    }
}

/// The outcome of one readiness check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub status: HealthStatus,
    pub message: String,
    pub duration_ms: f64,
}

/// All checks, and the overall status: the worst of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthReport {
    pub status: HealthStatus,
    pub checks: Vec<Check>,
    /// When the checks ran, as Unix milliseconds.
    pub checked_at_ms: i64,
}

impl HealthReport {
    pub fn from_checks(checks: Vec<Check>, checked_at_ms: i64) -> Self {
        let status = checks.iter().map(|c| c.status).max().unwrap_or(HealthStatus::Healthy);
        HealthReport { status, checks, checked_at_ms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: HealthStatus) -> Check {
        Check { name: "x".into(), status, message: String::new(), duration_ms: 0.0 }
    }

    #[test]
    fn overall_status_is_the_worst_check() {
        let report = HealthReport::from_checks(
            vec![check(HealthStatus::Healthy), check(HealthStatus::Degraded), check(HealthStatus::Healthy)],
            0,
        );
        assert_eq!(report.status, HealthStatus::Degraded);
        let report = HealthReport::from_checks(vec![check(HealthStatus::Degraded), check(HealthStatus::Unhealthy)], 0);
        assert_eq!(report.status, HealthStatus::Unhealthy);
    }

    #[test]
    fn serialises_status_in_capitals() {
        let json = serde_json::to_string(&check(HealthStatus::Unhealthy)).unwrap();
        assert!(json.contains("\"status\":\"UNHEALTHY\""), "{json}");
        assert_eq!(HealthStatus::Degraded.exit_code(), 1);
    }
}
