//! What operators of the server see: logs (with a request id per request) and
//! Prometheus metrics.

pub mod logging;
pub mod metrics;
