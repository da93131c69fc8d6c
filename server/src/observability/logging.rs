//! Log output through `tracing`: readable lines for people, JSON for collectors.

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogFormat;

/// Installs the global log subscriber. `RUST_LOG` filters (default `info`).
/// Calling it again (as tests do) keeps the first subscriber.
pub fn init(format: LogFormat) {
    init_with_default(format, "info");
}

/// As [`init`], with `default` as the filter when `RUST_LOG` is unset.
pub fn init_with_default(format: LogFormat, default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Pretty => builder.compact().try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
    };
}
