//! Statistics stated honestly: every figure carries its sample size and is withheld
//! below 30 observations (`figure.rs`); tests compare each with SciPy's answer on the
//! same data (`bench/stats_reference.py` prints the constants pasted in `tests.rs`).
//!
//! - `outliers.rs`: IQR fences, z-score and modified z-score, with severity.
//! - `regression.rs`: least-squares trend with the slope's p-value and a direction
//!   only when significant.
//! - `correlation.rs`: Pearson and Spearman with p-values.
//! - `proportions.rs`: two acceptance rates compared (z-test, 95 % interval).
//! - `distributions.rs`: Student's t for the p-values.

pub mod correlation;
pub mod distributions;
pub mod figure;
pub mod outliers;
pub mod proportions;
pub mod regression;

#[cfg(test)]
mod tests;
