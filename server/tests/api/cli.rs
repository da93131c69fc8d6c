//! An operator runs the `server` binary: bad configuration is one clear line and a
//! non-zero exit, never a panic; `health` exits 0/1/2.

use std::process::{Command, Output};

use crate::helpers::{Backend, TestDb};

fn server(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command.args(args).env_remove("DATABASE_URL").env("RUST_LOG", "error");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the server binary runs")
}

/// Exit code and stderr, after checking stderr is one line without a panic.
fn one_line_failure(output: &Output) -> (i32, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    (output.status.code().unwrap(), stderr)
}

#[test]
fn malformed_database_url_is_a_configuration_error() {
    for url in ["mysql://localhost/x", "not a url", "postgres://"] {
        let output = server(&["migrate", "status"], &[("DATABASE_URL", url)]);
        let (code, stderr) = one_line_failure(&output);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.starts_with("configuration error: DATABASE_URL="), "{stderr}");
    }
}

#[test]
fn malformed_listen_address_is_a_configuration_error() {
    let output = server(&["serve"], &[("FLOORCAST_ADDR", "localhost:http")]);
    let (code, stderr) = one_line_failure(&output);
    assert_eq!(code, 2);
    assert!(stderr.contains("FLOORCAST_ADDR"), "{stderr}");
}

#[test]
fn unreachable_database_is_one_line() {
    let output = server(&["migrate", "up"], &[("DATABASE_URL", "postgres://postgres:secret@127.0.0.1:1/none")]);
    let (code, stderr) = one_line_failure(&output);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: cannot open the database at postgres://postgres:***@127.0.0.1:1/none"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "the password leaked: {stderr}");
}

#[tokio::test]
async fn port_in_use_is_one_line() {
    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = server(&["serve"], &[("DATABASE_URL", test_db.url.as_str()), ("FLOORCAST_ADDR", &addr)]);
    let (code, stderr) = one_line_failure(&output);
    assert_eq!(code, 1);
    assert!(stderr.contains("already in use"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    let output = server(&["seed"], &[]);
    assert_eq!(output.status.code(), Some(2), "seed without --demo");
    let output = server(&["frobnicate"], &[]);
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test]
async fn seed_scale_out_of_range_changes_nothing() {
    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let output = server(&["seed", "--demo", "--scale", "0"], &[("DATABASE_URL", test_db.url.as_str())]);
    let (code, stderr) = one_line_failure(&output);
    assert_eq!(code, 2);
    assert!(stderr.contains("--scale must be from 1 to 1000"), "{stderr}");
}

#[tokio::test]
async fn seed_then_migrate_status_then_health() {
    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let env = [("DATABASE_URL", test_db.url.as_str())];

    let output = server(&["seed", "--demo"], &env);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Acme Print"));

    let output = server(&["migrate", "status"], &env);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.lines().all(|l| l.starts_with("applied ")), "{stdout}");

    let site = test_db.site_root();
    let site = site.to_str().unwrap();
    let output = server(&["health"], &[env[0], ("FLOORCAST_SITE_ROOT", site)]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((output.status.code(), report["status"].as_str()), (Some(0), Some("HEALTHY")));

    let output = server(&["health"], &[env[0], ("FLOORCAST_SITE_ROOT", "/nonexistent")]);
    assert_eq!(output.status.code(), Some(1), "no bundle: DEGRADED");

    let output = server(&["health"], &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((output.status.code(), report["status"].as_str()), (Some(2), Some("UNHEALTHY")));
}

/// `serve` logs one JSON line per request carrying its request id, and a SIGTERM
/// stops it cleanly with exit code 0.
#[tokio::test]
async fn serve_logs_json_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;

    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", test_db.url.as_str())
        .env("FLOORCAST_ADDR", "127.0.0.1:0")
        .env("FLOORCAST_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut banner).unwrap();
    let url = banner.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{banner}");

    let response = reqwest::Client::new()
        .get(format!("{url}/health/live"))
        .header("x-request-id", "cli-test-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop after SIGTERM");

    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let lines: Vec<serde_json::Value> =
        stderr.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    assert!(
        lines.iter().any(|l| l["span"]["id"] == "cli-test-42" && l["status"] == 200),
        "no log line for the request:\n{stderr}"
    );
}

/// A real installation starts without demo data: the first platform administrator
/// comes from the command line, and can then sign in.
#[tokio::test]
async fn create_platform_admin_from_the_command_line() {
    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let url = test_db.url.as_str().to_string();
    let create = |password: Option<&str>| {
        let mut env = vec![("DATABASE_URL", url.as_str())];
        if let Some(password) = password {
            env.push(("FLOORCAST_ADMIN_PASSWORD", password));
        }
        server(&["admin", "create-platform-admin", "--email", "Root@Example.com", "--name", "Root"], &env)
    };

    let (code, stderr) = one_line_failure(&create(None));
    assert_eq!(code, 2);
    assert!(stderr.contains("FLOORCAST_ADMIN_PASSWORD"), "{stderr}");
    let (code, stderr) = one_line_failure(&create(Some("short")));
    assert_eq!(code, 2);
    assert!(stderr.contains("at least 10"), "{stderr}");

    let output = create(Some("a-long-root-password"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("root@example.com"));
    let (code, stderr) = one_line_failure(&create(Some("a-long-root-password")));
    assert_eq!(code, 2);
    assert!(stderr.contains("exists already"), "{stderr}");

    let app = crate::helpers::spawn_app_with(crate::helpers::test_config(&test_db), test_db.share()).await;
    let client = crate::helpers::browser();
    assert!(!app.login(&client, "root@example.com", "a-long-root-password").await.status().is_client_error());
    assert_eq!(app.whoami(&client).await["role"], "platform_admin");
}

/// `seed --demo --live` seeds, then steps the floor at once and every 10 s until
/// stopped: its first step writes a machine state on every demo work center
/// (a run with its make-ready, a break or "not scheduled", as the clock says).
#[tokio::test]
async fn seed_demo_live_keeps_the_floor_moving_until_stopped() {
    use app::db::entity::state_event;
    use sea_orm::{Database, EntityTrait, PaginatorTrait};
    let test_db = TestDb::create(Backend::Sqlite).await.unwrap();
    let mut live = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["seed", "--demo", "--history-days", "0", "--live"])
        .env("DATABASE_URL", test_db.url.as_str())
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut states = 0;
    while states < 12 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if let Ok(db) = Database::connect(test_db.url.as_str()).await {
            states = state_event::Entity::find().count(&db).await.unwrap_or(0);
            let _ = db.close().await;
        }
    }
    assert!(live.try_wait().unwrap().is_none(), "the live demo keeps running");
    live.kill().unwrap();
    live.wait().unwrap();
    assert!(states >= 12, "a state per demo work center, {states} found");
}
