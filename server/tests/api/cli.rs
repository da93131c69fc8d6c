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
    assert!(stderr.starts_with("error: cannot open the database at postgres://postgres:***@127.0.0.1:1/none"), "{stderr}");
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
