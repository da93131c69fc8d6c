//! The Hyndman–Khandakar stepwise search over ARMA orders: CSS fits by bounded Nelder–Mead from
//! Hannan–Rissanen starts, scored by AICc.

use std::cell::RefCell;

use super::polynomial::{ar_to_pacf, css_residuals, polynomials};
use super::{Orders, MAX_ORDER};
use crate::domain::forecast::linalg::{least_squares, Design};
use crate::domain::forecast::model::{aicc, gaussian_log_likelihood, residual_variance};
use crate::domain::forecast::optimize::{nelder_mead, Bounds};

/// Longest period that still gets seasonal AR/MA terms.
const MAX_SEASONAL_TERMS_PERIOD: usize = 12;
/// Candidate models fitted per series, the four starting ones included.
const MAX_CANDIDATES: usize = 14;
/// Bound on every partial autocorrelation: keeps fits clear of unit roots.
const PACF_LIMIT: f64 = 0.98;
/// Search fits: a box of ±0.3 around the Hannan–Rissanen start (a small first simplex)
/// and a loose tolerance (1e-4 of the SSE is 0.05 in log-likelihood at n = 730).
const SEARCH: Effort = Effort { evals: 100, tolerance: 1e-4, radius: 0.3 };
/// The winner is refitted over the whole box from the search's optimum.
pub(super) const FINAL: Effort = Effort { evals: 200, tolerance: 1e-8, radius: 2.0 * PACF_LIMIT };

/// How hard Nelder–Mead works on one candidate: evaluation cap, relative tolerance,
/// and half-width of the box around the start.
pub(super) struct Effort {
    evals: usize,
    tolerance: f64,
    radius: f64,
}

/// One fitted candidate: its orders, searched partial autocorrelations and AICc.
pub(super) struct Candidate {
    pub(super) orders: Orders,
    pub(super) pacf: Vec<f64>,
    pub(super) aicc: f64,
}

/// H–K's ±1 moves of (p, q), also applied to (P, Q).
const MOVES: [(isize, isize); 8] = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];

/// Everything the candidates of one differenced series share. All candidates condition
/// on the same first `n_cond` observations, so their likelihoods cover the same data.
pub(super) struct Search<'a> {
    w: &'a [f64],
    demeaned: Vec<f64>,
    pub(super) mean: f64,
    base: Orders,
    max_pq: usize,
    max_seasonal: usize,
    allow_constant: bool,
    pub(super) n_cond: usize,
    /// Innovations estimated by a long AR (Hannan–Rissanen stage one), valid from `long_order`.
    innovations: Vec<f64>,
    long_order: usize,
    /// Reused residual buffer: the objective runs thousands of times per series.
    residuals: RefCell<Vec<f64>>,
}

impl<'a> Search<'a> {
    pub(super) fn new(w: &'a [f64], base: Orders) -> Search<'a> {
        let n = w.len();
        let mean = w.iter().sum::<f64>() / n.max(1) as f64;
        let demeaned: Vec<f64> = w.iter().map(|v| v - mean).collect();
        // Short series get smaller models: about six observations per regular order.
        let max_pq = (n.saturating_sub(4) / 6).min(MAX_ORDER);
        let m = base.m;
        let max_seasonal = usize::from(m > 1 && m <= MAX_SEASONAL_TERMS_PERIOD && n >= 4 * m + 10);
        let long_order = if max_seasonal > 0 { m + MAX_ORDER } else { 2 * MAX_ORDER }.min(n / 4);
        let innovations = long_ar_residuals(&demeaned, long_order);
        Search {
            w,
            demeaned,
            mean,
            base,
            max_pq,
            max_seasonal,
            allow_constant: base.d + base.big_d <= 1,
            n_cond: max_pq + m * max_seasonal,
            innovations,
            long_order,
            residuals: RefCell::new(vec![0.0; n]),
        }
    }

    /// The H–K stepwise search: best of the starting models, then the first ±1 move that
    /// lowers AICc, repeated until no move helps or the candidate budget is spent.
    pub(super) fn stepwise(&self) -> Candidate {
        let c = self.allow_constant;
        let starts = [(2, 2, 1, 1, c), (0, 0, 0, 0, c), (1, 0, 1, 0, c), (0, 1, 0, 1, c), (0, 0, 0, 0, false)];
        let mut tried: Vec<Candidate> = Vec::with_capacity(MAX_CANDIDATES);
        for (p, q, big_p, big_q, constant) in starts {
            let orders = Orders {
                p: p.min(self.max_pq),
                q: q.min(self.max_pq),
                big_p: big_p.min(self.max_seasonal),
                big_q: big_q.min(self.max_seasonal),
                constant,
                ..self.base
            };
            self.try_candidate(orders, &mut tried);
        }
        let mut best = (0..tried.len()).min_by(|&a, &b| tried[a].aicc.total_cmp(&tried[b].aicc)).unwrap_or(0);
        'search: while tried.len() < MAX_CANDIDATES {
            for orders in self.neighbours(&tried[best].orders) {
                if tried.len() >= MAX_CANDIDATES {
                    break 'search;
                }
                if let Some(i) = self.try_candidate(orders, &mut tried) {
                    if tried[i].aicc < tried[best].aicc {
                        best = i;
                        continue 'search;
                    }
                }
            }
            break;
        }
        tried.swap_remove(best)
    }

    /// Seasonal moves first, then regular ones, then the constant toggled (H–K's order).
    fn neighbours(&self, orders: &Orders) -> Vec<Orders> {
        let moved = |value: usize, delta: isize, max: usize| value.checked_add_signed(delta).filter(|v| *v <= max);
        let seasonal = MOVES.iter().filter_map(|&(dp, dq)| {
            let big_p = moved(orders.big_p, dp, self.max_seasonal)?;
            Some(Orders { big_p, big_q: moved(orders.big_q, dq, self.max_seasonal)?, ..*orders })
        });
        let regular = MOVES.iter().filter_map(|&(dp, dq)| {
            Some(Orders { p: moved(orders.p, dp, self.max_pq)?, q: moved(orders.q, dq, self.max_pq)?, ..*orders })
        });
        let toggled = self.allow_constant.then_some(Orders { constant: !orders.constant, ..*orders });
        seasonal.chain(regular).chain(toggled).collect()
    }

    /// Fits `orders` unless already tried; the index of the new candidate, if any.
    fn try_candidate(&self, orders: Orders, tried: &mut Vec<Candidate>) -> Option<usize> {
        if tried.iter().any(|c| c.orders == orders) {
            return None;
        }
        let start = self.hannan_rissanen(&orders);
        tried.push(self.fit(orders, &start, &SEARCH));
        Some(tried.len() - 1)
    }

    fn series(&self, constant: bool) -> &[f64] {
        if constant {
            &self.demeaned
        } else {
            self.w
        }
    }

    fn css(&self, orders: &Orders, pacf: &[f64]) -> f64 {
        let (ar, ma) = polynomials(orders, pacf);
        let mut e = self.residuals.borrow_mut();
        css_residuals(self.series(orders.constant), &ar, &ma, orders.p + orders.m * orders.big_p, self.n_cond, &mut e)
    }

    /// Minimises CSS from `start` and scores the result by AICc.
    pub(super) fn fit(&self, orders: Orders, start: &[f64], effort: &Effort) -> Candidate {
        let (pacf, sse) = if start.is_empty() {
            (Vec::new(), self.css(&orders, &[]))
        } else {
            let centre: Vec<f64> =
                start.iter().map(|s| if s.is_finite() { s.clamp(-PACF_LIMIT, PACF_LIMIT) } else { 0.0 }).collect();
            let bounds = Bounds {
                lower: centre.iter().map(|c| (c - effort.radius).max(-PACF_LIMIT)).collect(),
                upper: centre.iter().map(|c| (c + effort.radius).min(PACF_LIMIT)).collect(),
            };
            let minimum = nelder_mead(|pacf| self.css(&orders, pacf), &centre, &bounds, effort.evals, effort.tolerance);
            (minimum.x, minimum.value)
        };
        let n_effective = self.w.len() - self.n_cond;
        let aicc = aicc(gaussian_log_likelihood(sse, n_effective), orders.params(), n_effective);
        Candidate { orders, pacf, aicc }
    }

    /// σ² of the candidate's conditional residuals, its estimated parameters removed.
    pub(super) fn sigma2(&self, candidate: &Candidate) -> f64 {
        let sse = self.css(&candidate.orders, &candidate.pacf);
        if !sse.is_finite() {
            return f64::INFINITY;
        }
        let e = self.residuals.borrow();
        residual_variance(&e[self.n_cond..], candidate.orders.params() - 1)
    }

    /// Hannan–Rissanen start values: regress x_t on its own lags and the long-AR
    /// innovations' lags, then map to partial autocorrelations. Zeros where that fails.
    fn hannan_rissanen(&self, orders: &Orders) -> Vec<f64> {
        let Orders { p, q, big_p, big_q, m, .. } = *orders;
        let k = orders.coefficients();
        let mut start = vec![0.0; k];
        let x = &self.demeaned;
        let e = &self.innovations;
        let first = (self.long_order + q.max(m * big_q)).max(p.max(m * big_p));
        if k == 0 || x.len() < first + 2 * k + 5 {
            return start;
        }
        let mut design = Design::new(k);
        let mut row = vec![0.0; k];
        for t in first..x.len() {
            // Column order matches the searched vector: φ lags, θ lags, Φ, Θ.
            let values = (1..=p)
                .map(|lag| x[t - lag])
                .chain((1..=q).map(|lag| e[t - lag]))
                .chain((big_p > 0).then(|| x[t - m]))
                .chain((big_q > 0).then(|| e[t - m]));
            for (slot, value) in row.iter_mut().zip(values) {
                *slot = value;
            }
            design.push_row(&row);
        }
        let Some(beta) = least_squares(&design, &x[first..]) else { return start };
        if let Some(r) = ar_to_pacf(&beta[..p]) {
            start[..p].copy_from_slice(&r[..p]);
        }
        let minus_theta: Vec<f64> = beta[p..p + q].iter().map(|t| -t).collect();
        if let Some(r) = ar_to_pacf(&minus_theta) {
            start[p..p + q].copy_from_slice(&r[..q]);
        }
        start[p + q..].copy_from_slice(&beta[p + q..]);
        start
    }
}

/// Innovations of a long AR(`order`) fitted by least squares (zeros where undefined or
/// when the regression is singular, which makes the later regressions fall back to zeros).
fn long_ar_residuals(x: &[f64], order: usize) -> Vec<f64> {
    let mut e = vec![0.0; x.len()];
    if order == 0 || x.len() < 3 * order {
        return e;
    }
    let mut design = Design::new(order);
    for t in order..x.len() {
        design.push_row(&x[t - order..t]);
    }
    if let Some(a) = least_squares(&design, &x[order..]) {
        for t in order..x.len() {
            e[t] = x[t] - x[t - order..t].iter().zip(&a).map(|(v, a)| v * a).sum::<f64>();
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::super::tests::noise;
    use super::*;

    #[test]
    fn css_estimate_of_an_ar1_matches_the_closed_form() {
        // Without a mean, CSS for AR(1) is least squares: φ̂ = Σ x_t x_{t−1} / Σ x_{t−1}² over t ≥ n_cond.
        let eps = noise(200, 23);
        let x: Vec<f64> = eps.iter().scan(0.0, |last, e| Some(0.6 * *last + e).inspect(|v| *last = *v)).collect();
        let search = Search::new(&x, Orders { p: 0, d: 0, q: 0, big_p: 0, big_d: 0, big_q: 0, m: 1, constant: false });
        let fit = search.fit(Orders { p: 1, ..search.base }, &[0.0], &FINAL);
        let pairs = (search.n_cond..x.len()).map(|t| (x[t] * x[t - 1], x[t - 1] * x[t - 1]));
        let (cross, square) = pairs.fold((0.0, 0.0), |(a, b), (c, d)| (a + c, b + d));
        assert!((fit.pacf[0] - cross / square).abs() < 1e-4, "{} vs {}", fit.pacf[0], cross / square);
    }
}
