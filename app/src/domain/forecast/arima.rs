//! ARIMA with automatic order selection after Hyndman & Khandakar (2008), "Automatic
//! time series forecasting: the forecast package for R", JSS 27(3) — the method of R's
//! `auto.arima` and statsforecast's `AutoARIMA`, with a fixed budget of work per series.
//!
//! 1. Seasonal differencing D ∈ {0, 1}: seasonal strength of a classical additive
//!    decomposition, F_s = max(0, 1 − Var(R)/Var(S + R)) (Wang, Smith & Hyndman 2006);
//!    D = 1 when F_s > 0.64, the threshold of R's `nsdiffs` (which uses STL), and only
//!    with at least 2m + 4 observations.
//! 2. Regular differencing d ∈ {0, 1, 2} of the seasonally differenced series: the KPSS
//!    level-stationarity test (Kwiatkowski et al. 1992) with a Bartlett long-run variance
//!    over ⌊3√n/13⌋ lags, differencing while the statistic exceeds the 5 % critical value
//!    0.463 — the rule of `forecast::ndiffs`.
//! 3. Orders: the H–K stepwise search by AICc over p, q ≤ 5 and seasonal P, Q ≤ 1, from
//!    (2,2)(1,1), (0,0)(0,0), (1,0)(1,0), (0,1)(0,1) through ±1 moves, first improvement
//!    wins; a constant (mean, or drift) only when d + D ≤ 1. At most 14 candidates.
//!    Seasonal AR/MA terms only for m ≤ 12: for m = 52 or 365 they would condition every
//!    fit on a whole season, so long periods get seasonal differencing only.
//! 4. Estimation: conditional sum of squares (CSS) by bounded Nelder–Mead, started from
//!    Hannan–Rissanen (1982) regressions. Like R's `approximation = TRUE`, the search
//!    uses cheap fits (≤ 100 evaluations) and only the winner is refined (≤ 200). The
//!    coefficients are searched as partial autocorrelations in ±0.98 and mapped by
//!    Durbin–Levinson, so every visited model is stationary and invertible. The constant
//!    is the sample mean of the differenced series (consistent, one dimension less).
//! 5. Forecasts: the ARMA recursion on the differenced series, integrated back; standard
//!    errors σ·√(Σ_{j<h} ψ_j²) from the ψ-weights of φ(B)Φ(B^m)(1−B)^d(1−B^m)^D.

use std::cell::RefCell;

use super::linalg::{least_squares, Design};
use super::model::{aicc, gaussian_log_likelihood, residual_variance, FitError, ModelForecast, Spread};
use super::optimize::{nelder_mead, Bounds};

/// Fewest observations accepted: twice the smallest model's parameters (mean, σ) plus four.
const MIN_OBSERVATIONS: usize = 8;
/// Largest regular AR or MA order searched.
const MAX_ORDER: usize = 5;
/// Longest period that still gets seasonal AR/MA terms.
const MAX_SEASONAL_TERMS_PERIOD: usize = 12;
/// `nsdiffs`: seasonally difference above this seasonal strength.
const SEASONAL_STRENGTH_THRESHOLD: f64 = 0.64;
/// KPSS level-stationarity test, 5 % critical value (Kwiatkowski et al. 1992, table 1).
const KPSS_CRITICAL_5PCT: f64 = 0.463;
/// Candidate models fitted per series, the four starting ones included.
const MAX_CANDIDATES: usize = 14;
/// Bound on every partial autocorrelation: keeps fits clear of unit roots.
const PACF_LIMIT: f64 = 0.98;
/// Search fits: a box of ±0.3 around the Hannan–Rissanen start (a small first simplex)
/// and a loose tolerance (1e-4 of the SSE is 0.05 in log-likelihood at n = 730).
const SEARCH: Effort = Effort { evals: 100, tolerance: 1e-4, radius: 0.3 };
/// The winner is refitted over the whole box from the search's optimum.
const FINAL: Effort = Effort { evals: 200, tolerance: 1e-8, radius: 2.0 * PACF_LIMIT };
/// Nonzero terms of φ(B)Φ(B^m): p regular, one seasonal, p cross terms.
const MAX_TERMS: usize = 2 * MAX_ORDER + 1;

/// (p, d, q)(P, D, Q)[m] and whether the differenced series has a nonzero mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Orders {
    pub p: usize,
    pub d: usize,
    pub q: usize,
    pub big_p: usize,
    pub big_d: usize,
    pub big_q: usize,
    /// Seasonal period, 1 when there is none.
    pub m: usize,
    pub constant: bool,
}

impl Orders {
    fn coefficients(&self) -> usize {
        self.p + self.q + self.big_p + self.big_q
    }

    /// Parameters counted by AICc: ARMA coefficients, constant, σ².
    fn params(&self) -> usize {
        self.coefficients() + usize::from(self.constant) + 1
    }
}

/// Coefficients of φ(B) = 1 − Σφ_i B^i, θ(B) = 1 + Σθ_j B^j, Φ(B^m) = 1 − Φ B^m,
/// Θ(B^m) = 1 + Θ B^m (R's sign convention), and the mean μ of the differenced series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Coefficients {
    pub phi: Vec<f64>,
    pub theta: Vec<f64>,
    pub big_phi: f64,
    pub big_theta: f64,
    pub mu: f64,
}

/// A fitted seasonal ARIMA model.
#[derive(Clone, Debug, PartialEq)]
pub struct Arima {
    orders: Orders,
    coefficients: Coefficients,
    /// Innovation variance σ², like μ in units of `scale`.
    sigma2: f64,
    /// Largest |y| of the fitted series: fitting on y/scale keeps squares finite for huge data.
    scale: f64,
    aicc: f64,
}

impl Arima {
    /// Chooses d (and seasonal D when `season` is Some(m) with m > 1) and the ARMA orders stepwise by AICc, then fits.
    pub fn fit_auto(y: &[f64], season: Option<usize>) -> Result<Arima, FitError> {
        let n = y.len();
        if n < MIN_OBSERVATIONS {
            return Err(FitError::TooShort { needed: MIN_OBSERVATIONS, got: n });
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(FitError::NotFinite);
        }
        let largest = max_abs(y);
        let scale = if largest > 0.0 { largest } else { 1.0 };
        let scaled: Vec<f64> = y.iter().map(|v| v / scale).collect();
        let m = season.filter(|&m| m > 1 && m < n).unwrap_or(1);
        let seasonal = m > 1 && n >= 2 * m + 4 && seasonal_strength(&scaled, m) > SEASONAL_STRENGTH_THRESHOLD;
        let big_d = usize::from(seasonal);
        let seasonally_differenced = difference(&scaled, m, big_d);
        let d = regular_differences(&seasonally_differenced);
        let w = difference(&seasonally_differenced, 1, d);
        let base = Orders { p: 0, d, q: 0, big_p: 0, big_d, big_q: 0, m, constant: false };
        let search = Search::new(&w, base);
        let best = search.stepwise();
        let best = search.fit(best.orders, &best.pacf, &FINAL);
        let sigma2 = search.sigma2(&best);
        if !best.aicc.is_finite() || !sigma2.is_finite() {
            return Err(FitError::NotFinite);
        }
        let coefficients = coefficients_from_pacf(&best.orders, &best.pacf, search.mean);
        let n_effective = w.len() - search.n_cond;
        // log L(y) = log L(y/scale) − n·ln(scale), so AICc moves by 2n·ln(scale).
        let aicc = best.aicc + 2.0 * n_effective as f64 * scale.ln();
        Ok(Arima { scale, aicc, ..Arima::from_coefficients(best.orders, coefficients, sigma2) })
    }

    /// A model with given orders and coefficients (at most 5 regular ones each), on the
    /// data's own scale; its AICc is unknown (NaN) as nothing was fitted.
    pub(crate) fn from_coefficients(orders: Orders, mut coefficients: Coefficients, sigma2: f64) -> Arima {
        coefficients.phi.truncate(MAX_ORDER);
        coefficients.theta.truncate(MAX_ORDER);
        let orders = Orders { p: coefficients.phi.len(), q: coefficients.theta.len(), m: orders.m.max(1), ..orders };
        Arima { orders, coefficients, sigma2, scale: 1.0, aicc: f64::NAN }
    }

    /// AICc of the chosen model (for comparing within the family).
    pub fn aicc(&self) -> f64 {
        self.aicc
    }

    /// Human-readable, e.g. "ARIMA(1,1,1)" or "ARIMA(0,1,1)(0,1,0)[7]" or "ARIMA(2,0,0) with mean".
    pub fn describe(&self) -> String {
        let o = &self.orders;
        let mut text = format!("ARIMA({},{},{})", o.p, o.d, o.q);
        if o.m > 1 && o.big_p + o.big_d + o.big_q > 0 {
            text.push_str(&format!("({},{},{})[{}]", o.big_p, o.big_d, o.big_q, o.m));
        }
        if o.constant {
            text.push_str(if o.d + o.big_d == 0 { " with mean" } else { " with drift" });
        }
        text
    }

    /// Forecasts h steps after the end of `y` using the fitted coefficients. `y` is the
    /// series the model was fitted on, or that series extended by later observations
    /// (the caller validates on a shorter series, then reuses the coefficients on the full one
    /// without refitting). Spread::Normal with the analytic standard error per step
    /// sigma * sqrt(sum_{j<h} psi_j^2) from the psi-weights of the full (differenced) model.
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let o = &self.orders;
        let c = &self.coefficients;
        // Work in units of the larger of the fit's scale and this series' largest value.
        let scale = self.scale.max(max_abs(y));
        let ratio = self.scale / scale;
        let history: Vec<f64> = y.iter().map(|v| v / scale).collect();
        let mu = if o.constant { c.mu * ratio } else { 0.0 };
        let ar = Terms::multiplicative(&c.phi, c.big_phi, o.m, -1.0);
        let ma = Terms::multiplicative(&c.theta, c.big_theta, o.m, 1.0);
        let delta = differencing_polynomial(o.d, o.big_d, o.m);

        let n = history.len();
        let point: Vec<f64> = if n < delta.len() {
            // Too short to undo the differencing: hold the last value.
            vec![history.last().copied().unwrap_or(0.0); h]
        } else {
            let mut x: Vec<f64> =
                difference(&difference(&history, o.m, o.big_d), 1, o.d).iter().map(|v| v - mu).collect();
            let n_x = x.len();
            let mut e = vec![0.0; n_x + h];
            css_residuals(&x, &ar, &ma, 0, n_x, &mut e[..n_x]);
            // Future innovations are zero, so only their known past enters.
            for t in n_x..n_x + h {
                let mut v = 0.0;
                for (lag, a) in ar.iter().filter(|(lag, _)| *lag <= t) {
                    v += a * x[t - lag];
                }
                for (lag, b) in ma.iter().filter(|(lag, _)| *lag <= t) {
                    v += b * e[t - lag];
                }
                x.push(v);
            }
            // δ(B)y_t = w_t, so y_t = w_t − Σ_{k≥1} δ_k y_{t−k}.
            let mut levels = history;
            for step in 0..h {
                let t = n + step;
                let mut v = x[n_x + step] + mu;
                for (k, delta_k) in delta.iter().enumerate().skip(1) {
                    v -= delta_k * levels[t - k];
                }
                levels.push(v);
            }
            levels.split_off(n)
        };
        let psi = psi_weights(&ar, &ma, &delta, h);
        let sigma = self.sigma2.max(0.0).sqrt() * self.scale;
        let mut cumulative = 0.0;
        let spread = psi
            .iter()
            .map(|psi_j| {
                cumulative += psi_j * psi_j;
                finite(sigma * cumulative.sqrt())
            })
            .collect();
        ModelForecast { point: point.iter().map(|v| finite(v * scale)).collect(), spread: Spread::Normal(spread) }
    }
}

/// The nonzero terms c_k B^k of an expanded lag polynomial, on the stack so that a CSS
/// evaluation allocates nothing.
#[derive(Clone, Copy)]
struct Terms {
    lag: [usize; MAX_TERMS],
    coef: [f64; MAX_TERMS],
    len: usize,
}

impl Terms {
    /// Recursion coefficients of the product of a regular and a seasonal factor: c_i at
    /// lag i, s at lag m and `cross`·c_i·s at m + i. For AR, (1 − Σφ_i B^i)(1 − ΦB^m)
    /// gives cross = −1; for MA, (1 + Σθ_j B^j)(1 + ΘB^m) gives cross = +1.
    fn multiplicative(regular: &[f64], seasonal: f64, m: usize, cross: f64) -> Terms {
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

    fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.lag[..self.len].iter().copied().zip(self.coef[..self.len].iter().copied())
    }

    fn max_lag(&self) -> usize {
        self.lag[..self.len].iter().copied().max().unwrap_or(0)
    }
}

/// CSS residuals e_t = x_t − Σ a_k x_{t−k} − Σ b_k e_{t−k}, zero before `start` (or the
/// longest AR lag, if later): the observations CSS conditions on. Returns Σ e_t² over
/// t ≥ `sum_from`. `e` must be as long as `x`.
fn css_residuals(x: &[f64], ar: &Terms, ma: &Terms, start: usize, sum_from: usize, e: &mut [f64]) -> f64 {
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
fn ar_to_pacf(phi: &[f64]) -> Option<[f64; MAX_ORDER]> {
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
fn polynomials(orders: &Orders, pacf: &[f64]) -> (Terms, Terms) {
    let (phi, theta, big_phi, big_theta) = split_pacf(orders, pacf);
    let ar = Terms::multiplicative(&phi[..orders.p], big_phi, orders.m, -1.0);
    (ar, Terms::multiplicative(&theta[..orders.q], big_theta, orders.m, 1.0))
}

fn coefficients_from_pacf(orders: &Orders, pacf: &[f64], mean: f64) -> Coefficients {
    let (phi, theta, big_phi, big_theta) = split_pacf(orders, pacf);
    let (phi, theta) = (phi[..orders.p].to_vec(), theta[..orders.q].to_vec());
    Coefficients { phi, theta, big_phi, big_theta, mu: if orders.constant { mean } else { 0.0 } }
}

/// How hard Nelder–Mead works on one candidate: evaluation cap, relative tolerance,
/// and half-width of the box around the start.
struct Effort {
    evals: usize,
    tolerance: f64,
    radius: f64,
}

/// One fitted candidate: its orders, searched partial autocorrelations and AICc.
struct Candidate {
    orders: Orders,
    pacf: Vec<f64>,
    aicc: f64,
}

/// H–K's ±1 moves of (p, q), also applied to (P, Q).
const MOVES: [(isize, isize); 8] = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];

/// Everything the candidates of one differenced series share. All candidates condition
/// on the same first `n_cond` observations, so their likelihoods cover the same data.
struct Search<'a> {
    w: &'a [f64],
    demeaned: Vec<f64>,
    mean: f64,
    base: Orders,
    max_pq: usize,
    max_seasonal: usize,
    allow_constant: bool,
    n_cond: usize,
    /// Innovations estimated by a long AR (Hannan–Rissanen stage one), valid from `long_order`.
    innovations: Vec<f64>,
    long_order: usize,
    /// Reused residual buffer: the objective runs thousands of times per series.
    residuals: RefCell<Vec<f64>>,
}

impl<'a> Search<'a> {
    fn new(w: &'a [f64], base: Orders) -> Search<'a> {
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
    fn stepwise(&self) -> Candidate {
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
    fn fit(&self, orders: Orders, start: &[f64], effort: &Effort) -> Candidate {
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
    fn sigma2(&self, candidate: &Candidate) -> f64 {
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

/// ψ-weights of x_t = ψ(B)ε_t with φ*(B) = φ(B)Φ(B^m)·δ(B): ψ_0 = 1 and
/// ψ_j = θ*_j + Σ_k φ*_k ψ_{j−k}, where φ*(B) = 1 − Σ φ*_k B^k.
fn psi_weights(ar: &Terms, ma: &Terms, delta: &[f64], h: usize) -> Vec<f64> {
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

/// Coefficients δ_0..δ_{d+mD} of (1 − B)^d (1 − B^m)^D.
fn differencing_polynomial(d: usize, big_d: usize, m: usize) -> Vec<f64> {
    let mut delta = vec![1.0];
    for lag in std::iter::repeat_n(1, d).chain(std::iter::repeat_n(m, big_d)) {
        let mut next = vec![0.0; delta.len() + lag];
        for (i, c) in delta.iter().enumerate() {
            next[i] += c;
            next[i + lag] -= c;
        }
        delta = next;
    }
    delta
}

/// Applies (1 − B^lag) `times` times.
fn difference(x: &[f64], lag: usize, times: usize) -> Vec<f64> {
    let mut out = x.to_vec();
    for _ in 0..times {
        out = out.iter().skip(lag).zip(&out).map(|(later, earlier)| later - earlier).collect();
    }
    out
}

/// d by repeated KPSS tests (`forecast::ndiffs`): difference while stationarity is
/// rejected at 5 %, at most twice, never below `MIN_OBSERVATIONS` values.
fn regular_differences(x: &[f64]) -> usize {
    let mut d = 0;
    let mut current = x.to_vec();
    while d < 2
        && current.len() > MIN_OBSERVATIONS
        && !is_constant(&current)
        && kpss_statistic(&current) > KPSS_CRITICAL_5PCT
    {
        current = difference(&current, 1, 1);
        d += 1;
    }
    d
}

/// KPSS level statistic η = Σ S_t² / (n² λ²): S_t partial sums of deviations from the
/// mean, λ² their Bartlett-weighted long-run variance over ⌊3√n/13⌋ lags.
fn kpss_statistic(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let deviations: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let lags = ((3.0 * n.sqrt() / 13.0) as usize).min(x.len().saturating_sub(1));
    let mut long_run = deviations.iter().map(|e| e * e).sum::<f64>() / n;
    for lag in 1..=lags {
        let gamma = deviations[lag..].iter().zip(&deviations).map(|(a, b)| a * b).sum::<f64>() / n;
        long_run += 2.0 * (1.0 - lag as f64 / (lags + 1) as f64) * gamma;
    }
    let mut partial = 0.0;
    let mut eta = 0.0;
    for e in &deviations {
        partial += e;
        eta += partial * partial;
    }
    if long_run > 0.0 {
        eta / (n * n * long_run)
    } else {
        0.0
    }
}

/// Seasonal strength F_s = max(0, 1 − Var(R)/Var(S + R)) of a classical additive
/// decomposition: trend by centred moving average (2×m for even m), S + R = y − trend,
/// S the mean of S + R per season position. Needs n ≥ 2m; O(n) via prefix sums.
fn seasonal_strength(y: &[f64], m: usize) -> f64 {
    let n = y.len();
    let half = m / 2;
    if n < 2 * m {
        return 0.0;
    }
    let mut prefix = vec![0.0; n + 1];
    for (t, v) in y.iter().enumerate() {
        prefix[t + 1] = prefix[t] + v;
    }
    let detrended: Vec<(usize, f64)> = (half..n - half)
        .map(|t| {
            let trend = if m % 2 == 1 {
                prefix[t + half + 1] - prefix[t - half]
            } else {
                prefix[t + half] - prefix[t - half + 1] + 0.5 * (y[t - half] + y[t + half])
            } / m as f64;
            (t, y[t] - trend)
        })
        .collect();
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for (t, v) in &detrended {
        sums[t % m] += v;
        counts[t % m] += 1;
    }
    // Centring S would shift R by a constant, which leaves Var(R) unchanged.
    let remainder: Vec<f64> = detrended.iter().map(|(t, v)| v - sums[t % m] / counts[t % m].max(1) as f64).collect();
    let seasonal_plus_remainder: Vec<f64> = detrended.iter().map(|(_, v)| *v).collect();
    let total = variance(&seasonal_plus_remainder);
    if total > 0.0 {
        (1.0 - variance(&remainder) / total).max(0.0)
    } else {
        0.0
    }
}

fn variance(x: &[f64]) -> f64 {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n
}

fn is_constant(x: &[f64]) -> bool {
    x.windows(2).all(|pair| pair[0] == pair[1])
}

fn max_abs(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |largest, v| largest.max(v.abs()))
}

/// Overflowed values become the largest finite ones, so callers always get numbers.
fn finite(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-f64::MAX, f64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic N(0, 1) noise: splitmix64 uniforms through Box–Muller.
    fn noise(n: usize, seed: u64) -> Vec<f64> {
        let mut state = seed;
        let mut uniform = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n).map(|_| (-2.0 * uniform().max(1e-12).ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos()).collect()
    }

    fn arma(phi: &[f64], theta: &[f64], mu: f64) -> Coefficients {
        Coefficients { phi: phi.to_vec(), theta: theta.to_vec(), big_phi: 0.0, big_theta: 0.0, mu }
    }

    fn model(d: usize, big_d: usize, m: usize, coefficients: Coefficients, sigma2: f64) -> Arima {
        let constant = coefficients.mu != 0.0;
        let big_p = usize::from(coefficients.big_phi != 0.0);
        let big_q = usize::from(coefficients.big_theta != 0.0);
        let orders = Orders { p: 0, d, q: 0, big_p, big_d, big_q, m, constant };
        Arima::from_coefficients(orders, coefficients, sigma2)
    }

    fn normal(forecast: &ModelForecast) -> &[f64] {
        match &forecast.spread {
            Spread::Normal(se) => se,
            Spread::Empirical { .. } => panic!("ARIMA gives analytic intervals"),
        }
    }

    fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
        }
    }

    #[test]
    fn arima_011_forecast_and_standard_errors_match_hand_arithmetic() {
        // w = (2, −1); e_1 = 2, e_2 = −1 − 0.5·2 = −2; ŵ = 0.5·(−2) = −1 then 0, so ŷ = 10, 10, 10.
        // ψ_j = 1 + θ = 1.5 for j ≥ 1: se_h = 2·√(1 + (h − 1)·2.25).
        let forecast = model(1, 0, 1, arma(&[], &[0.5], 0.0), 4.0).forecast(&[10.0, 12.0, 11.0], 3);
        assert_close(&forecast.point, &[10.0, 10.0, 10.0], 1e-12);
        assert_close(normal(&forecast), &[2.0, 2.0 * 3.25f64.sqrt(), 2.0 * 5.5f64.sqrt()], 1e-12);
    }

    #[test]
    fn ar1_with_mean_decays_towards_the_mean() {
        // ŷ_h = 10 + 0.5^h·(14 − 10); se_h² = Σ_{j<h} 0.25^j.
        let forecast = model(0, 0, 1, arma(&[0.5], &[], 10.0), 1.0).forecast(&[9.0, 11.0, 14.0], 3);
        assert_close(&forecast.point, &[12.0, 11.0, 10.5], 1e-12);
        assert_close(normal(&forecast), &[1.0, 1.25f64.sqrt(), 1.3125f64.sqrt()], 1e-12);
    }

    #[test]
    fn seasonal_random_walk_repeats_the_last_season() {
        // ARIMA(0,0,0)(0,1,0)[4]: ψ_j = 1 at multiples of 4, so se_h = σ·√(⌊(h − 1)/4⌋ + 1).
        let forecast = model(0, 1, 4, arma(&[], &[], 0.0), 9.0).forecast(&[1.0, 5.0, 2.0, 7.0, 2.0, 6.0, 3.0, 8.0], 6);
        assert_close(&forecast.point, &[2.0, 6.0, 3.0, 8.0, 2.0, 6.0], 1e-12);
        assert_close(normal(&forecast), &[3.0, 3.0, 3.0, 3.0, 3.0 * 2f64.sqrt(), 3.0 * 2f64.sqrt()], 1e-12);
    }

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

    #[test]
    fn seasonal_strength_separates_a_pattern_from_noise() {
        let pattern: Vec<f64> = (0..84).map(|t| [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0][t % 7] + 0.1 * t as f64).collect();
        assert!(seasonal_strength(&pattern, 7) > 0.99);
        assert!(seasonal_strength(&noise(84, 29), 7) < SEASONAL_STRENGTH_THRESHOLD);
        assert_eq!(seasonal_strength(&[2.0; 84], 7), 0.0);
    }

    #[test]
    fn describe_names_orders_season_and_constant() {
        assert_eq!(model(1, 0, 1, arma(&[0.1], &[0.2], 0.0), 1.0).describe(), "ARIMA(1,1,1)");
        assert_eq!(model(1, 1, 7, arma(&[], &[0.2], 0.0), 1.0).describe(), "ARIMA(0,1,1)(0,1,0)[7]");
        assert_eq!(model(0, 0, 1, arma(&[0.5, 0.1], &[], 3.0), 1.0).describe(), "ARIMA(2,0,0) with mean");
        assert_eq!(model(1, 0, 1, arma(&[], &[], 0.5), 1.0).describe(), "ARIMA(0,1,0) with drift");
    }

    #[test]
    fn simulated_ar1_keeps_d_zero_and_recovers_phi() {
        let eps = noise(500, 7);
        let mut y = vec![0.0; 500];
        for t in 1..500 {
            y[t] = 0.7 * y[t - 1] + eps[t];
        }
        let fit = Arima::fit_auto(&y, None).expect("fits");
        assert_eq!((fit.orders.d, fit.orders.big_d), (0, 0), "{}", fit.describe());
        // Higher-order fits are fine as long as the lag-one coefficient is the AR(1) one.
        assert!((fit.coefficients.phi.first().copied().unwrap_or(0.0) - 0.7).abs() < 0.1, "{fit:?}");
        assert!(fit.aicc().is_finite());
    }

    #[test]
    fn random_walk_is_differenced_once() {
        let y: Vec<f64> =
            noise(400, 11).iter().scan(100.0, |level, e| Some(*level + e).inspect(|v| *level = *v)).collect();
        let fit = Arima::fit_auto(&y, None).expect("fits");
        assert_eq!(fit.orders.d, 1, "{}", fit.describe());
    }

    #[test]
    fn trend_forecasts_keep_rising() {
        let y: Vec<f64> = noise(200, 3).iter().enumerate().map(|(t, e)| 50.0 + 0.5 * t as f64 + e).collect();
        let fit = Arima::fit_auto(&y, None).expect("fits");
        let forecast = fit.forecast(&y, 20);
        assert!(forecast.point.windows(2).skip(2).all(|pair| pair[1] > pair[0]), "{}: {forecast:?}", fit.describe());
        assert!(forecast.point[19] > y[190..].iter().sum::<f64>() / 10.0 + 5.0, "{forecast:?}");
    }

    #[test]
    fn period_12_pattern_is_repeated() {
        let pattern = |t: usize| {
            20.0 + 6.0 * (std::f64::consts::TAU * t as f64 / 12.0).sin() + if t % 12 == 3 { 4.0 } else { 0.0 }
        };
        let y: Vec<f64> = noise(144, 5).iter().enumerate().map(|(t, e)| pattern(t) + 0.3 * e).collect();
        let fit = Arima::fit_auto(&y, Some(12)).expect("fits");
        assert_eq!(fit.orders.big_d, 1, "a pattern this strong is seasonally differenced: {}", fit.describe());
        let forecast = fit.forecast(&y, 24);
        let mae = forecast.point.iter().enumerate().map(|(h, f)| (f - pattern(144 + h)).abs()).sum::<f64>() / 24.0;
        assert!(mae < 0.6, "{}: MAE {mae}", fit.describe());
    }

    #[test]
    fn constant_and_zero_series_give_flat_finite_forecasts() {
        for level in [0.0, 42.0, -3.5] {
            let fit = Arima::fit_auto(&[level; 60], Some(7)).expect("fits");
            let forecast = fit.forecast(&[level; 60], 10);
            assert_close(&forecast.point, &[level; 10], 1e-9 * (1.0 + level.abs()));
            assert!(normal(&forecast).iter().all(|se| se.is_finite()), "{forecast:?}");
        }
    }

    #[test]
    fn standard_errors_never_shrink() {
        let eps = noise(300, 13);
        let series = [
            eps.clone(),
            eps.iter().scan(0.0, |level, e| Some(*level + e).inspect(|v| *level = *v)).collect(),
            eps.iter().enumerate().map(|(t, e)| 10.0 * ((t % 7) as f64) + e).collect::<Vec<f64>>(),
        ];
        for y in series {
            let fit = Arima::fit_auto(&y, Some(7)).expect("fits");
            let forecast = fit.forecast(&y, 30);
            let se = normal(&forecast);
            assert!(se[0] > 0.0 && se.windows(2).all(|pair| pair[1] >= pair[0]), "{}: {se:?}", fit.describe());
        }
    }

    #[test]
    fn forecast_on_an_extended_series_reuses_the_coefficients() {
        let eps = noise(330, 17);
        let y: Vec<f64> =
            eps.iter().enumerate().map(|(t, e)| 30.0 + 5.0 * ((t % 7) as f64) + 0.1 * t as f64 + e).collect();
        let fit = Arima::fit_auto(&y[..300], Some(7)).expect("fits");
        // Appending the model's own forecasts leaves zero residuals, so it must continue them.
        let ahead = fit.forecast(&y[..300], 15).point;
        let extended: Vec<f64> = y[..300].iter().chain(&ahead[..5]).copied().collect();
        assert_close(&fit.forecast(&extended, 10).point, &ahead[5..], 1e-8);
        // Real later observations move the forecast: it starts from the new end.
        let full = fit.forecast(&y, 10).point;
        assert!(full.iter().zip(&ahead).any(|(a, b)| (a - b).abs() > 1e-6), "{full:?}");
        assert!((full[0] - y[323]).abs() < 10.0, "{full:?} after {:?}", &y[320..]);
    }

    #[test]
    fn short_and_extreme_series_never_panic() {
        assert_eq!(Arima::fit_auto(&[1.0; 7], None), Err(FitError::TooShort { needed: 8, got: 7 }));
        assert_eq!(Arima::fit_auto(&[1.0, f64::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], None), Err(FitError::NotFinite));
        let inputs: [Vec<f64>; 3] = [
            vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0],
            noise(100, 19).iter().map(|e| 1e300 * e).collect(),
            (0..50).map(|t| if t % 2 == 0 { f64::MAX } else { -f64::MAX }).collect(),
        ];
        for y in inputs {
            let fit = Arima::fit_auto(&y, Some(4)).expect("fits");
            let forecast = fit.forecast(&y, 12);
            assert!(forecast.point.iter().chain(normal(&forecast)).all(|v| v.is_finite()), "{forecast:?}");
            assert!(fit.forecast(&y[..2], 3).point.iter().all(|v| v.is_finite()));
        }
    }
}
