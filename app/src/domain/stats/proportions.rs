//! Comparing two acceptance rates (an A/B test of two strategies): the pooled
//! two-proportion z-test, z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), its two-sided
//! p-value, and the Wald 95 % interval of p̂₁ − p̂₂ with the unpooled standard error
//! (Agresti, *Categorical Data Analysis*, 3rd ed., §2.2 and §3.1).

use serde::{Deserialize, Serialize};

use super::figure::MIN_SAMPLE;
use crate::domain::normal;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub difference: f64,
    pub z: f64,
    pub p_value: f64,
    pub low: f64,
    pub high: f64,
}

/// `successes_a` of `n_a` against `successes_b` of `n_b`; `None` ("not enough
/// data") unless both groups have at least the minimum sample.
pub fn compare(successes_a: u64, n_a: u64, successes_b: u64, n_b: u64) -> Option<Comparison> {
    if n_a < MIN_SAMPLE as u64 || n_b < MIN_SAMPLE as u64 || successes_a > n_a || successes_b > n_b {
        return None;
    }
    let (na, nb) = (n_a as f64, n_b as f64);
    let (pa, pb) = (successes_a as f64 / na, successes_b as f64 / nb);
    let pooled = (successes_a + successes_b) as f64 / (na + nb);
    let se_pooled = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    let difference = pa - pb;
    let z = if se_pooled > 0.0 { difference / se_pooled } else { 0.0 };
    let p_value = 2.0 * (1.0 - normal::cdf(z.abs()));
    let se = (pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb).sqrt();
    let half = normal::inverse_cdf(0.975) * se;
    Some(Comparison { difference, z, p_value, low: difference - half, high: difference + half })
}
