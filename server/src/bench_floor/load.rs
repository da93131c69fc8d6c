//! The floor's load: dashboards that poll the overview every few seconds and
//! tablets that record counts, each a client of its own (own session, own
//! keep-alive connection, own pace), run on a thread and runtime of their own so
//! the load generator never queues behind the server it measures.
//!
//! Open-loop pacing: every client has a phase and an interval and sends at
//! `start + phase + k × interval` whatever the previous answer took, as a browser
//! on a timer does. A tablet's every count carries a fresh idempotency key.

use std::time::{Duration, Instant};

use app::production::model::StationAction;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// One client of the load.
#[derive(Clone, Debug)]
pub struct Client {
    pub cookie: String,
    pub every: Duration,
    /// When its first request goes, after the load starts.
    pub phase: Duration,
    pub call: Call,
}

/// What a client sends.
#[derive(Clone, Debug)]
pub enum Call {
    /// `production_overview`, as the supervisor's dashboard polls it.
    Overview,
    /// One good piece on the work center's live run, as the operator's +1 button sends it.
    CountOne { work_center_id: i64, run_id: i64 },
}

/// What the clients of one kind measured.
#[derive(Debug, Default)]
pub struct Measured {
    /// Round trips in seconds, of every answered request.
    pub latencies: Vec<f64>,
    /// Requests answered with a status other than 2xx, or not answered at all.
    pub failures: usize,
}

/// Runs `clients` against `base_url` for `duration`; returns the overview
/// pollers' and the tablets' measurements.
pub async fn run(base_url: &str, clients: Vec<Client>, duration: Duration) -> Result<(Measured, Measured), String> {
    let base_url = base_url.to_string();
    tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the load generator's runtime: {e}"))?;
        runtime.block_on(drive(&base_url, clients, duration))
    })
    .await
    .map_err(|e| format!("the load generator stopped: {e}"))?
}

async fn drive(base_url: &str, clients: Vec<Client>, duration: Duration) -> Result<(Measured, Measured), String> {
    let start = tokio::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos() as u64;
    for (index, client) in clients.into_iter().enumerate() {
        let mut rng = SmallRng::seed_from_u64(seed ^ index as u64);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        let base_url = base_url.to_string();
        tasks.spawn(async move {
            let overview = matches!(client.call, Call::Overview);
            let mut measured = Measured::default();
            let end = start + duration;
            let mut at = start + client.phase;
            // `every` zero: back to back, each request as soon as the last is answered.
            while at < end && tokio::time::Instant::now() < end {
                tokio::time::sleep_until(at).await;
                let sent = Instant::now();
                match send(&http, &base_url, &client, &mut rng).await {
                    Ok(()) => measured.latencies.push(sent.elapsed().as_secs_f64()),
                    Err(()) => measured.failures += 1,
                }
                at += client.every;
            }
            (overview, measured)
        });
    }
    let (mut overviews, mut writes) = (Measured::default(), Measured::default());
    while let Some(done) = tasks.join_next().await {
        let (overview, measured) = done.map_err(|e| format!("a load client failed: {e}"))?;
        let into = if overview { &mut overviews } else { &mut writes };
        into.latencies.extend(measured.latencies);
        into.failures += measured.failures;
    }
    Ok((overviews, writes))
}

/// One request; `Err` when it was not answered with a 2xx status and a body.
async fn send(http: &reqwest::Client, base_url: &str, client: &Client, rng: &mut SmallRng) -> Result<(), ()> {
    let cookie = format!("floorcast_session={}", client.cookie);
    let request = match &client.call {
        Call::Overview => http
            .post(format!("{base_url}/api/production_overview"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(""),
        Call::CountOne { work_center_id, run_id } => {
            let action =
                StationAction::Count { run_id: *run_id, good: 1, scrap: 0, scrap_reason_id: None, at_ms: None };
            let body = serde_json::json!({
                "work_center_id": work_center_id,
                "action": action,
                "idempotency_key": idempotency_key(rng),
            });
            http.post(format!("{base_url}/api/station_write")).json(&body)
        }
    };
    let response =
        request.header("accept", "application/json").header("cookie", cookie).send().await.map_err(|_| ())?;
    let ok = response.status().is_success();
    response.bytes().await.map_err(|_| ())?;
    if ok {
        Ok(())
    } else {
        Err(())
    }
}

/// A fresh random key in the UUID shape the tablets send (version 4).
fn idempotency_key(rng: &mut impl Rng) -> String {
    let bits: u128 = rng.random();
    let bits = (bits & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use app::idempotency::IdempotencyKey;
    use rand::SeedableRng;

    use super::idempotency_key;

    #[test]
    fn keys_are_fresh_and_in_the_shape_the_server_accepts() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (a, b) = (idempotency_key(&mut rng), idempotency_key(&mut rng));
        assert_ne!(a, b);
        for key in [&a, &b] {
            assert!(IdempotencyKey::parse(key).is_ok(), "{key}");
            assert_eq!(&key[14..15], "4", "version 4: {key}");
        }
    }
}
