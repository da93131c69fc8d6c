//! Load from `hey` (Debian's package; rsc.io/hey): one process per client, so each
//! client has its own session, connection and pace; every request's latency comes
//! back as CSV and is pooled here.

use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

/// One stream of requests: `clients` closed-loop clients, each at most `rate_per_client`
/// requests a second (`None`: as fast as it can), for `duration`.
pub struct Load<'a> {
    pub url: &'a str,
    pub cookies: &'a [String],
    pub body: &'a str,
    pub rate_per_client: Option<f64>,
    pub duration: Duration,
}

/// What one stream measured.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    /// Response times in seconds, of every answered request.
    pub latencies: Vec<f64>,
    /// Requests answered with a status other than 200.
    pub failures: usize,
}

/// Whether `hey` is on the PATH.
pub fn available() -> bool {
    std::process::Command::new("hey").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Runs the load: one `hey` per cookie, all at once, and pools what they measured.
pub async fn run(load: &Load<'_>) -> Result<Measured, String> {
    let mut children = Vec::new();
    for cookie in load.cookies {
        let mut command = Command::new("hey");
        command
            .arg("-c")
            .arg("1")
            .arg("-z")
            .arg(format!("{}ms", load.duration.as_millis()))
            .arg("-m")
            .arg("POST")
            .arg("-T")
            .arg("application/x-www-form-urlencoded")
            .arg("-A")
            .arg("application/json")
            .arg("-H")
            .arg(format!("Cookie: floorcast_session={cookie}"))
            .arg("-d")
            .arg(load.body)
            .arg("-o")
            .arg("csv");
        if let Some(rate) = load.rate_per_client {
            command.arg("-q").arg(format!("{rate}"));
        }
        command.arg(load.url).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        children.push(command.spawn().map_err(|e| format!("cannot start hey: {e}"))?);
    }
    let mut measured = Measured::default();
    for child in children {
        let output = child.wait_with_output().await.map_err(|e| format!("hey failed: {e}"))?;
        if !output.status.success() {
            return Err(format!("hey failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
        }
        parse_csv(&String::from_utf8_lossy(&output.stdout), &mut measured);
    }
    Ok(measured)
}

/// `hey -o csv`: `response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset`.
fn parse_csv(csv: &str, into: &mut Measured) {
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (Some(seconds), Some(status)) = (fields.first(), fields.get(6)) else { continue };
        let (Ok(seconds), Ok(status)) = (seconds.parse::<f64>(), status.parse::<u16>()) else { continue };
        into.latencies.push(seconds);
        if status != 200 {
            into.failures += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_heys_csv() {
        let csv = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\n\
                   0.0021,0.0001,0,0,0.002,0,200,0.01\n0.0500,0,0,0,0.05,0,500,0.02\nnonsense\n";
        let mut measured = Measured::default();
        parse_csv(csv, &mut measured);
        assert_eq!(measured.latencies, vec![0.0021, 0.05]);
        assert_eq!(measured.failures, 1);
    }
}
