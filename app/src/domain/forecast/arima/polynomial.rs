//! Lag polynomials of the ARMA part: expanded multiplicative terms, CSS residuals, the Durbin–Levinson
//! map between partial autocorrelations and coefficients, and the ψ-weights of forecast errors.

use super::{Coefficients, Orders, MAX_ORDER};

/// Nonzero terms of φ(B)Φ(B^m): p regular, one seasonal, p cross terms.
const MAX_TERMS: usize = 2 * MAX_ORDER + 1;

/// The nonzero terms c_k B^k of an expanded lag polynomial, on the stack so that a CSS
/// evaluation allocates nothing.
#[derive(Clone, Copy)]
pub(super) struct Terms {
    lag: [usize; MAX_TERMS],
    coef: [f64; MAX_TERMS],
    len: usize,
}

impl Terms {
    /// Recursion coefficients of the product of a regular and a seasonal factor: c_i at
    /// lag i, s at lag m and `cross`·c_i·s at m + i. For AR, (1 − Σφ_i B^i)(1 − ΦB^m)
    /// gives cross = −1; for MA, (1 + Σθ_j B^j)(1 + ΘB^m) gives cross = +1.
    pub(super) fn multiplicative(regular: &[f64], seasonal: f64, m: usize, cross: f64) -> Terms {
        let mut terms = Terms { lag: [0; MAX_TERMS], coef: [0.0; MAX_TERMS], len: 0 };
        let regular = &regular[..regular.len().min(MAX_ORDER)];
        for (i, c) in regular.iter().enumerate() {
            terms.push(i + 1, *c);
        }
        if seasonal != 0.0 {
            terms.push(m, seasonal);
            for (i, c) in regular.iter().enumerate() {
                terms.push(m + i + 1, cross * c * seasonal);
            }
        }
        terms
    }

    fn push(&mut self, lag: usize, coef: f64) {
        self.lag[self.len] = lag;
        self.coef[self.len] = coef;
        self.len += 1;
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.lag[..self.len].iter().copied().zip(self.coef[..self.len].iter().copied())
    }

    fn max_lag(&self) -> usize {
        self.lag[..self.len].iter().copied().max().unwrap_or(0)
    }
}

/// CSS residuals e_t = x_t − Σ a_k x_{t−k} − Σ b_k e_{t−k}, zero before `start` (or the
/// longest AR lag, if later): the observations CSS conditions on. Returns Σ e_t² over
/// t ≥ `sum_from`. `e` must be as long as `x`.
pub(super) fn css_residuals(x: &[f64], ar: &Terms, ma: &Terms, start: usize, sum_from: usize, e: &mut [f64]) -> f64 {
    let start = start.max(ar.max_lag()).min(x.len());
    e[..start].fill(0.0);
    let mut sse = 0.0;
    for t in start..x.len() {
        let mut v = x[t];
        for (lag, a) in ar.iter() {
            v -= a * x[t - lag];
        }
        for (lag, b) in ma.iter() {
            if lag <= t {
                v -= b * e[t - lag];
            }
        }
        e[t] = v;
        if t >= sum_from {
            sse += v * v;
        }
    }
    sse
}

/// Durbin–Levinson: AR coefficients from partial autocorrelations r, via
/// φ_kk = r_k, φ_kj = φ_{k−1,j} − r_k φ_{k−1,k−j}. Stationary whenever all |r_k| < 1.
fn pacf_to_ar(r: &[f64], phi: &mut [f64]) {
    let mut previous = [0.0; MAX_ORDER];
    for k in 0..r.len() {
        previous[..k].copy_from_slice(&phi[..k]);
        phi[k] = r[k];
        for j in 0..k {
            phi[j] = previous[j] - r[k] * previous[k - 1 - j];
        }
    }
}

/// The inverse (step-down) recursion; `None` when some |r_k| ≥ 1, i.e. the polynomial
/// 1 − Σφ_i B^i has a root on or inside the unit circle.
pub(super) fn ar_to_pacf(phi: &[f64]) -> Option<[f64; MAX_ORDER]> {
    let mut a = [0.0; MAX_ORDER];
    a[..phi.len()].copy_from_slice(phi);
    let mut r = [0.0; MAX_ORDER];
    for k in (0..phi.len()).rev() {
        let r_k = a[k];
        if r_k.is_nan() || r_k.abs() >= 1.0 {
            return None;
        }
        r[k] = r_k;
        let previous = a;
        for j in 0..k {
            a[j] = (previous[j] + r_k * previous[k - 1 - j]) / (1.0 - r_k * r_k);
        }
    }
    Some(r)
}

/// Splits the searched vector [r_φ (p), r_θ (q), Φ (P), Θ (Q)] into φ, θ, Φ, Θ.
/// θ(B) = 1 + Σθ_j B^j is invertible iff 1 − Σ(−θ_j)B^j is stationary, hence the sign.
fn split_pacf(orders: &Orders, pacf: &[f64]) -> ([f64; MAX_ORDER], [f64; MAX_ORDER], f64, f64) {
    let (p, q) = (orders.p, orders.q);
    let mut phi = [0.0; MAX_ORDER];
    pacf_to_ar(&pacf[..p], &mut phi[..p]);
    let mut theta = [0.0; MAX_ORDER];
    pacf_to_ar(&pacf[p..p + q], &mut theta[..q]);
    theta[..q].iter_mut().for_each(|t| *t = -*t);
    let big_phi = if orders.big_p > 0 { pacf[p + q] } else { 0.0 };
    let big_theta = if orders.big_q > 0 { pacf[p + q + orders.big_p] } else { 0.0 };
    (phi, theta, big_phi, big_theta)
}

/// The AR and MA recursion terms of a searched vector (no allocation).
pub(super) fn polynomials(orders: &Orders, pacf: &[f64]) -> (Terms, Terms) {
    let (phi, theta, big_phi, big_theta) = split_pacf(orders, pacf);
    let ar = Terms::multiplicative(&phi[..orders.p], big_phi, orders.m, -1.0);
    (ar, Terms::multiplicative(&theta[..orders.q], big_theta, orders.m, 1.0))
}

pub(super) fn coefficients_from_pacf(orders: &Orders, pacf: &[f64], mean: f64) -> Coefficients {
    let (phi, theta, big_phi, big_theta) = split_pacf(orders, pacf);
    let (phi, theta) = (phi[..orders.p].to_vec(), theta[..orders.q].to_vec());
    Coefficients { phi, theta, big_phi, big_theta, mu: if orders.constant { mean } else { 0.0 } }
}

/// ψ-weights of x_t = ψ(B)ε_t with φ*(B) = φ(B)Φ(B^m)·δ(B): ψ_0 = 1 and
/// ψ_j = θ*_j + Σ_k φ*_k ψ_{j−k}, where φ*(B) = 1 − Σ φ*_k B^k.
pub(super) fn psi_weights(ar: &Terms, ma: &Terms, delta: &[f64], h: usize) -> Vec<f64> {
    let mut phi = vec![0.0; ar.max_lag() + 1];
    phi[0] = 1.0;
    for (lag, a) in ar.iter() {
        phi[lag] -= a;
    }
    let mut product = vec![0.0; phi.len() + delta.len() - 1];
    for (i, phi_i) in phi.iter().enumerate() {
        for (j, delta_j) in delta.iter().enumerate() {
            product[i + j] += phi_i * delta_j;
        }
    }
    let phi_star: Vec<(usize, f64)> =
        product.iter().enumerate().skip(1).filter(|(_, c)| **c != 0.0).map(|(k, c)| (k, -c)).collect();
    let mut psi = vec![1.0];
    for j in 1..h {
        let theta_j: f64 = ma.iter().filter(|(lag, _)| *lag == j).map(|(_, b)| b).sum();
        psi.push(theta_j + phi_star.iter().filter(|(k, _)| *k <= j).map(|(k, c)| c * psi[j - k]).sum::<f64>());
    }
    psi.truncate(h);
    psi
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_close;
    use super::*;

    #[test]
    fn durbin_levinson_maps_partial_autocorrelations_both_ways() {
        // φ_1 = r_1(1 − r_2) = 0.35, φ_2 = r_2 = 0.3.
        let mut phi = [0.0; 2];
        pacf_to_ar(&[0.5, 0.3], &mut phi);
        assert_close(&phi, &[0.35, 0.3], 1e-12);
        let r = ar_to_pacf(&phi).expect("stationary");
        assert_close(&r[..2], &[0.5, 0.3], 1e-12);
        assert_eq!(ar_to_pacf(&[1.2]), None, "a root inside the unit circle");
        assert_eq!(ar_to_pacf(&[0.5, 0.6]), None, "φ_1 + φ_2 > 1 is not stationary");
    }

    #[test]
    fn multiplicative_seasonal_polynomials_expand_by_hand() {
        // (1 − 0.5B)(1 − 0.4B⁴) = 1 − 0.5B − 0.4B⁴ + 0.2B⁵; (1 + 0.3B)(1 + 0.6B⁴) = 1 + 0.3B + 0.6B⁴ + 0.18B⁵.
        let ar: Vec<(usize, f64)> = Terms::multiplicative(&[0.5], 0.4, 4, -1.0).iter().collect();
        let ma: Vec<(usize, f64)> = Terms::multiplicative(&[0.3], 0.6, 4, 1.0).iter().collect();
        assert_eq!((ar[0], ar[1], ar[2].0, ma[0], ma[1], ma[2].0), ((1, 0.5), (4, 0.4), 5, (1, 0.3), (4, 0.6), 5));
        assert!((ar[2].1 + 0.2).abs() < 1e-12 && (ma[2].1 - 0.18).abs() < 1e-12, "{ar:?} {ma:?}");
    }
}
