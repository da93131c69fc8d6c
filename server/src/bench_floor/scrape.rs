//! The counters the floor benchmark reads off the server's own `/metrics`, before
//! and after each scenario, so its figures are the ones an operator would see.

/// The counters that matter here, at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counters {
    /// Times the floor overview was computed rather than shared.
    pub overview_computations: f64,
    /// Database statements, successful or not.
    pub db_statements: f64,
}

impl Counters {
    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: Counters) -> Counters {
        Counters {
            overview_computations: self.overview_computations - earlier.overview_computations,
            db_statements: self.db_statements - earlier.db_statements,
        }
    }
}

/// Reads the counters from `base_url`'s `/metrics`.
pub async fn read(base_url: &str) -> Result<Counters, String> {
    let text = reqwest::get(format!("{base_url}/metrics"))
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| format!("cannot read /metrics: {e}"))?
        .text()
        .await
        .map_err(|e| format!("cannot read /metrics: {e}"))?;
    Ok(parse(&text))
}

/// Sums the samples of the two counters in Prometheus' text format.
fn parse(text: &str) -> Counters {
    let mut counters = Counters::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((series, value)) = line.rsplit_once(' ') else { continue };
        let Ok(value) = value.parse::<f64>() else { continue };
        if series.starts_with("floorcast_db_queries_total") {
            counters.db_statements += value;
        } else if series.starts_with("floorcast_snapshot_requests_total")
            && series.contains("view=\"production_overview\"")
            && series.contains("outcome=\"miss\"")
        {
            counters.overview_computations += value;
        }
    }
    counters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_the_two_counters_and_ignores_the_rest() {
        let text = "# TYPE floorcast_db_queries_total counter\n\
            floorcast_db_queries_total{outcome=\"ok\"} 120\n\
            floorcast_db_queries_total{outcome=\"failed\"} 3\n\
            floorcast_snapshot_requests_total{view=\"production_overview\",outcome=\"miss\"} 7\n\
            floorcast_snapshot_requests_total{view=\"production_overview\",outcome=\"hit\"} 70\n\
            floorcast_snapshot_requests_total{view=\"home\",outcome=\"miss\"} 2\n\
            floorcast_http_requests_total{route=\"/metrics\"} 9\n";
        let counters = parse(text);
        assert_eq!(counters, Counters { overview_computations: 7.0, db_statements: 123.0 });
        let later = Counters { overview_computations: 9.0, db_statements: 200.0 };
        assert_eq!(later.since(counters), Counters { overview_computations: 2.0, db_statements: 77.0 });
    }
}
