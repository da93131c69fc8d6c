//! Configuration from environment variables, parsed once at start.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite://data/floorcast.db` | `sqlite://PATH` or `postgres://USER@HOST:PORT/DB` |
//! | `FLOORCAST_ADDR` | `127.0.0.1:3000` | address and port to listen on |
//! | `FLOORCAST_SITE_ROOT` | `target/site` | the built site: WASM bundle, CSS, ECharts |
//! | `FLOORCAST_LOG_FORMAT` | `pretty` | `pretty` for people, `json` for log collectors |
//! | `FLOORCAST_MAX_BODY_BYTES` | `1048576` | largest request body accepted |
//! | `FLOORCAST_DB_MAX_CONNECTIONS` | `10` | size of the database connection pool |
//! | `FLOORCAST_SECURE_COOKIES` | `false` | `true` behind TLS: the session cookie is sent over HTTPS only |
//! | `FLOORCAST_SESSION_IDLE_MINUTES` | `480` | a session ends after this long without a request |
//! | `FLOORCAST_SESSION_MAX_HOURS` | `12` | a session ends this long after sign-in, however active |
//! | `FLOORCAST_OPERATOR_IDLE_MINUTES` | `15` | idle timeout of operators' kiosk sessions |
//! | `FLOORCAST_IDEMPOTENCY_DAYS` | `7` | how long a write's idempotency key (and its answer) is kept |
//! | `FLOORCAST_SNAPSHOT_TTL_MS` | `2000` | how long a dashboard snapshot is shared before it is computed again (0: never shared) |
//! | `FLOORCAST_METRICS_TOKEN` | (none) | when set, `/metrics` answers only with `Authorization: Bearer <token>` |
//! | `FLOORCAST_TRUSTED_PROXIES` | (none) | comma-separated CIDRs of reverse proxies whose `X-Forwarded-For` names the client |
//! | `RUST_LOG` | `info` | log filter, e.g. `info,server=debug` |

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use app::db::AuthSettings;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/floorcast.db";

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Which database engine a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL that names a supported backend and parses as a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let backend = if raw.starts_with("sqlite:") {
            Backend::Sqlite
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err("must start with sqlite:// or postgres://".into());
        };
        let parsed = url::Url::parse(raw).map_err(|e| format!("is not a valid URL ({e})"))?;
        if backend == Backend::Postgres && parsed.host_str().is_none_or(str::is_empty) {
            return Err("names no host".into());
        }
        if backend == Backend::Sqlite && raw.trim_start_matches("sqlite:").trim_start_matches('/').is_empty() {
            return Err("names no database file".into());
        }
        Ok(DatabaseUrl { url: raw.to_string(), backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.url) {
            Ok(mut parsed) if parsed.password().is_some() => {
                let _ = parsed.set_password(Some("***"));
                parsed.to_string()
            }
            _ => self.url.clone(),
        }
    }
}

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub addr: SocketAddr,
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    pub max_body_bytes: usize,
    pub db_max_connections: u32,
    pub secure_cookies: bool,
    pub auth: AuthSettings,
    pub idempotency_retention: Duration,
    pub snapshot_ttl: Duration,
    pub metrics_token: Option<String>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// A setting that could not be used; its message names the variable and the value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {variable}={value:?} {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, which returns a variable's value if set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let read = |variable: &'static str, default: &str| {
            let value = lookup(variable).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_string());
            (variable, value)
        };
        let fail = |(variable, value): (&'static str, String), reason: String| ConfigError { variable, value, reason };

        let setting = read("DATABASE_URL", DEFAULT_DATABASE_URL);
        let database_url = DatabaseUrl::parse(&setting.1).map_err(|reason| fail(setting, reason))?;

        let setting = read("FLOORCAST_ADDR", "127.0.0.1:3000");
        let addr =
            setting.1.trim().parse().map_err(|_| fail(setting, "is not an address like 127.0.0.1:3000".into()))?;

        let site_root = PathBuf::from(read("FLOORCAST_SITE_ROOT", "target/site").1);

        let setting = read("FLOORCAST_LOG_FORMAT", "pretty");
        let log_format = match setting.1.trim() {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            _ => return Err(fail(setting, "must be pretty or json".into())),
        };

        let setting = read("FLOORCAST_MAX_BODY_BYTES", "1048576");
        let max_body_bytes = match setting.1.trim().parse::<usize>() {
            Ok(n) if n >= 1024 => n,
            _ => return Err(fail(setting, "must be a whole number of bytes, at least 1024".into())),
        };

        let setting = read("FLOORCAST_DB_MAX_CONNECTIONS", "10");
        let db_max_connections = match setting.1.trim().parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => return Err(fail(setting, "must be a whole number from 1 to 1000".into())),
        };

        let setting = read("FLOORCAST_SECURE_COOKIES", "false");
        let secure_cookies = match setting.1.trim() {
            "true" => true,
            "false" => false,
            _ => return Err(fail(setting, "must be true or false".into())),
        };

        // A whole number from 1 to `max`, in units of `per` seconds.
        let whole_units = |variable: &'static str, default: &str, per: u64, max: u64| {
            let setting = read(variable, default);
            match setting.1.trim().parse::<u64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(Duration::from_secs(n * per)),
                _ => Err(fail(setting, format!("must be a whole number from 1 to {max}"))),
            }
        };
        let auth = AuthSettings {
            idle_timeout: whole_units("FLOORCAST_SESSION_IDLE_MINUTES", "480", 60, 7 * 24 * 60)?,
            max_lifetime: whole_units("FLOORCAST_SESSION_MAX_HOURS", "12", 3600, 24 * 30)?,
            operator_idle_timeout: whole_units("FLOORCAST_OPERATOR_IDLE_MINUTES", "15", 60, 24 * 60)?,
        };

        let idempotency_retention = whole_units("FLOORCAST_IDEMPOTENCY_DAYS", "7", 24 * 3600, 365)?;
        let setting = read("FLOORCAST_SNAPSHOT_TTL_MS", "2000");
        let snapshot_ttl = match setting.1.trim().parse::<u64>() {
            Ok(ms) if ms <= 60_000 => Duration::from_millis(ms),
            _ => return Err(fail(setting, "must be a whole number of milliseconds from 0 to 60000".into())),
        };

        let metrics_token = lookup("FLOORCAST_METRICS_TOKEN").map(|t| t.trim().to_string()).filter(|t| !t.is_empty());

        let setting = read("FLOORCAST_TRUSTED_PROXIES", "");
        let trusted_proxies = match parse_networks(&setting.1) {
            Ok(nets) => nets,
            Err(bad) => {
                return Err(fail(setting, format!("holds {bad:?}, not a network like 10.0.0.0/8 or 127.0.0.1")))
            }
        };

        Ok(Config {
            database_url,
            addr,
            site_root,
            log_format,
            max_body_bytes,
            db_max_connections,
            secure_cookies,
            auth,
            idempotency_retention,
            snapshot_ttl,
            metrics_token,
            trusted_proxies,
        })
    }
}

/// Comma-separated networks (`10.0.0.0/8`, `::1`: a bare address is its own /32 or /128).
fn parse_networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| item.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_port_3000() {
        let config = config_with(&[]).unwrap();
        assert_eq!(config.database_url.as_str(), DEFAULT_DATABASE_URL);
        assert_eq!(config.database_url.backend(), Backend::Sqlite);
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.log_format, LogFormat::Pretty);
    }

    #[test]
    fn postgres_url_selects_postgres() {
        let config = config_with(&[("DATABASE_URL", "postgres://app:secret@db:5432/floorcast")]).unwrap();
        assert_eq!(config.database_url.backend(), Backend::Postgres);
        assert_eq!(config.database_url.redacted(), "postgres://app:***@db:5432/floorcast");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let cases = [
            ("DATABASE_URL", "mysql://localhost/x"),
            ("DATABASE_URL", "postgres://"),
            ("DATABASE_URL", "sqlite://"),
            ("FLOORCAST_ADDR", "localhost"),
            ("FLOORCAST_ADDR", "127.0.0.1:99999"),
            ("FLOORCAST_LOG_FORMAT", "xml"),
            ("FLOORCAST_MAX_BODY_BYTES", "-1"),
            ("FLOORCAST_DB_MAX_CONNECTIONS", "0"),
            ("FLOORCAST_SECURE_COOKIES", "yes"),
            ("FLOORCAST_SESSION_IDLE_MINUTES", "0"),
            ("FLOORCAST_SESSION_MAX_HOURS", "many"),
            ("FLOORCAST_OPERATOR_IDLE_MINUTES", "-5"),
            ("FLOORCAST_IDEMPOTENCY_DAYS", "0"),
            ("FLOORCAST_SNAPSHOT_TTL_MS", "soon"),
            ("FLOORCAST_SNAPSHOT_TTL_MS", "60001"),
            ("FLOORCAST_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local"),
        ];
        for (variable, value) in cases {
            let error = config_with(&[(variable, value)]).expect_err(value);
            assert_eq!(error.variable, variable);
            let line = error.to_string();
            assert!(line.starts_with(&format!("configuration error: {variable}=")), "{line}");
            assert!(!line.contains('\n'), "one line only: {line}");
        }
    }
}
