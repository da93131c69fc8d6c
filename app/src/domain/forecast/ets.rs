//! Exponential smoothing in state-space form, the ETS family of Hyndman, Koehler,
//! Ord & Snyder, *Forecasting with Exponential Smoothing* (2008), ch. 2 and 6, and
//! Hyndman & Athanasopoulos, *FPP3* §8.5–8.7.
//!
//! Error A/M × trend N/A/Ad × season N/A/M (multiplicative trend is left out: it
//! extrapolates explosively and rarely wins on demand data). SES is ETS(A,N,N),
//! Holt's linear method ETS(A,A,N), damped Holt ETS(A,Ad,N), Holt-Winters additive
//! ETS(A,A,A) and multiplicative ETS(M,A,M).
//!
//! With e_t = y_t − ŷ_t (raw one-step error) the point recursions are the same for
//! additive and multiplicative errors; the error type changes the likelihood and the
//! intervals only:
//!
//! | season | ŷ_t              | ℓ_t                 | b_t           | s_t                       |
//! |--------|------------------|---------------------|---------------|---------------------------|
//! | N      | ℓ + φb           | ℓ + φb + α e        | φb + β e      |                           |
//! | A      | ℓ + φb + s       | ℓ + φb + α e        | φb + β e      | s + γ e                   |
//! | M      | (ℓ + φb)·s       | ℓ + φb + α e / s    | φb + β e / s  | s + γ e / (ℓ + φb)        |
//!
//! Parameters are fitted by maximum likelihood with Nelder–Mead inside the box
//! statsforecast's AutoETS searches in practice, 0 < α < 1, 0 < β ≤ 0.2/m,
//! 0 < γ ≤ 1 − 0.2/m, 0.8 ≤ φ ≤ 0.98 (m the season), together with ℓ₀ and b₀. Seasonal start values come from a classical
//! decomposition of the first seasons (Hyndman et al. 2008 §2.6.1); for seasons up to
//! 12 on histories up to 200 periods they are then fitted too, while longer seasons
//! (a week of days, a year of weeks) keep them, which bounds the search at six
//! dimensions where the data is long.

use super::model::{aicc, never_shrinking, FitError, ModelForecast, Spread};
use super::optimize::{nelder_mead, Bounds};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    Additive,
    Multiplicative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrendType {
    None,
    Additive,
    Damped,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeasonType {
    None,
    Additive,
    Multiplicative,
}

/// One member of the family; `m` is the season length (ignored without a season).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    pub error: ErrorType,
    pub trend: TrendType,
    pub season: SeasonType,
    pub m: usize,
}

impl Spec {
    /// Simple exponential smoothing, ETS(A,N,N).
    pub const SES: Spec = Spec { error: ErrorType::Additive, trend: TrendType::None, season: SeasonType::None, m: 1 };
    /// Holt's linear trend, ETS(A,A,N).
    pub const HOLT: Spec =
        Spec { error: ErrorType::Additive, trend: TrendType::Additive, season: SeasonType::None, m: 1 };
    /// Holt-Winters additive, ETS(A,A,A).
    pub fn holt_winters_additive(m: usize) -> Spec {
        Spec { error: ErrorType::Additive, trend: TrendType::Additive, season: SeasonType::Additive, m }
    }
    /// Holt-Winters multiplicative, ETS(M,A,M).
    pub fn holt_winters_multiplicative(m: usize) -> Spec {
        Spec { error: ErrorType::Multiplicative, trend: TrendType::Additive, season: SeasonType::Multiplicative, m }
    }

    fn season_length(&self) -> usize {
        if self.season == SeasonType::None {
            1
        } else {
            self.m.max(1)
        }
    }

    fn has_trend(&self) -> bool {
        self.trend != TrendType::None
    }

    /// Count of estimated quantities: smoothing parameters, start states and σ².
    fn parameter_count(&self) -> usize {
        let mut k = 2 + 1; // α, ℓ₀, σ²
        if self.has_trend() {
            k += 2;
        }
        if self.trend == TrendType::Damped {
            k += 1;
        }
        if self.season != SeasonType::None {
            k += self.season_length(); // γ and m − 1 free start values
        }
        k
    }

    /// "ETS(A,Ad,M)" in the notation of Hyndman et al.
    pub fn code(&self) -> String {
        let error = match self.error {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        };
        let trend = match self.trend {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::Damped => "Ad",
        };
        let season = match self.season {
            SeasonType::None => "N",
            SeasonType::Additive => "A",
            SeasonType::Multiplicative => "M",
        };
        format!("ETS({error},{trend},{season})")
    }
}

/// Longest season whose start values are fitted (on histories up to `FULL_SEARCH_MAX`).
pub const MAX_FITTED_SEASON: usize = 12;

/// Nelder–Mead budget per fitted parameter: enough to settle a 2–6 dimensional
/// likelihood to 1e-6 on demand data, and the bound on the time every series costs.
const EVALUATIONS_PER_PARAMETER: usize = 60;

/// The budget above `FULL_SEARCH_MAX` periods, where the likelihood is smooth and the
/// start values close: on our evaluation halving the budget moved MASE by under 0.1 %
/// on daily and weekly data and cut the daily `auto` run by a fifth.
const LONG_EVALUATIONS_PER_PARAMETER: usize = 30;

/// Smoothing parameters α (level), β (trend), γ (season) and φ (damping).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// State before the first observation: ℓ₀, b₀ and the seasonal values of the first
/// `m` periods (index = position in the cycle, starting with the first observation).
#[derive(Clone, Debug, PartialEq)]
pub struct Initial {
    pub level: f64,
    pub slope: f64,
    pub season: Vec<f64>,
}

/// A fitted member of the family.
#[derive(Clone, Debug, PartialEq)]
pub struct Ets {
    pub spec: Spec,
    pub params: Params,
    pub initial: Initial,
    /// Variance of the one-step errors: of e_t for additive errors, of e_t / ŷ_t for multiplicative.
    sigma2: f64,
    aicc: f64,
}

/// States after running the recursions over a series.
struct Filtered {
    level: f64,
    slope: f64,
    season: Vec<f64>,
    /// Σ e², Σ (e/ŷ)² and Σ ln|ŷ| over the series.
    sse: f64,
    relative_sse: f64,
    log_abs_fitted: f64,
    n: usize,
}

impl Ets {
    /// A model with given parameters and start states (fitting nothing): the classic
    /// methods with hand-picked constants, and the known-answer tests.
    pub fn with_params(spec: Spec, params: Params, initial: Initial, y: &[f64]) -> Result<Ets, FitError> {
        let filtered = run(&spec, &params, &initial, y).ok_or(FitError::NotFinite)?;
        let (sigma2, log_likelihood) = likelihood(&spec, &filtered);
        let aicc = aicc(log_likelihood, spec.parameter_count(), y.len());
        Ok(Ets { spec, params, initial, sigma2, aicc })
    }

    /// Fits `spec` to `y` by maximum likelihood.
    pub fn fit(y: &[f64], spec: Spec) -> Result<Ets, FitError> {
        let m = spec.season_length();
        let needed = (spec.parameter_count() + 2).max(if m > 1 { 2 * m } else { 3 });
        if y.len() < needed {
            return Err(FitError::TooShort { needed, got: y.len() });
        }
        let multiplicative = spec.error == ErrorType::Multiplicative || spec.season == SeasonType::Multiplicative;
        if multiplicative && y.iter().any(|v| *v <= 0.0) {
            return Err(FitError::NotPositive);
        }
        let start = initial_states(y, &spec);
        let scale = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64 + 1e-9;
        // x = [α, β, γ, φ, ℓ₀, b₀]: a box, whatever the member. The start and the box
        // follow statsforecast's `initparam` as it runs: α = 0.2/m; β ≤ 0.2/m (m the
        // data's season, also for the non-seasonal members), a stiff trend that does not
        // chase the last few periods of a short history; γ ≤ 1 − 0.2/m; φ = 0.978.
        let alpha = 0.2 / m as f64;
        let beta_max = 0.2 / spec.m.max(1) as f64;
        let gamma_max = 1.0 - alpha;
        let x0 = [alpha, 0.1 * beta_max, 0.05 * gamma_max, 0.978, start.level, start.slope];
        let bounds = Bounds {
            lower: vec![1e-4, 1e-4, 1e-4, 0.8, start.level - 2.0 * scale, start.slope - scale],
            upper: vec![0.9999, beta_max, gamma_max, 0.98, start.level + 2.0 * scale, start.slope + scale],
        };
        let (dims, mut x0, mut bounds) = active_dimensions(&spec, &x0, bounds);
        // Start values of a short season on a short history are fitted too (all but the
        // last, which the normalisation fixes); longer ones keep the decomposition's.
        let free_seasons = if spec.season != SeasonType::None && m <= MAX_FITTED_SEASON && y.len() <= FULL_SEARCH_MAX {
            m - 1
        } else {
            0
        };
        for &s in &start.season[..free_seasons] {
            x0.push(s);
            let (low, high) = match spec.season {
                SeasonType::Multiplicative => (s.min(0.05), s.max(5.0)),
                _ => (s - 2.0 * scale, s + 2.0 * scale),
            };
            bounds.lower.push(low);
            bounds.upper.push(high);
        }
        let decode = |x: &[f64]| decode(&spec, &dims, x, &start);
        let objective = |x: &[f64]| {
            let (params, initial) = decode(x);
            match run(&spec, &params, &initial, y) {
                Some(filtered) => -likelihood(&spec, &filtered).1,
                None => f64::INFINITY,
            }
        };
        let per_parameter = if y.len() > FULL_SEARCH_MAX { LONG_EVALUATIONS_PER_PARAMETER } else { EVALUATIONS_PER_PARAMETER };
        let budget = per_parameter * x0.len();
        let mut best = nelder_mead(objective, &x0, &bounds, budget, 1e-6);
        if free_seasons > 0 {
            // Many dimensions: a restart from the optimum escapes a collapsed simplex.
            best = nelder_mead(objective, &best.x, &bounds, budget, 1e-8);
        }
        if !best.value.is_finite() {
            return Err(FitError::NotFinite);
        }
        let (params, initial) = decode(&best.x);
        Ets::with_params(spec, params, initial, y)
    }

    pub fn aicc(&self) -> f64 {
        self.aicc
    }

    pub fn describe(&self) -> String {
        self.spec.code()
    }

    /// One-step fitted values ŷ_t over `y` (for tests and residual checks); stops
    /// early where the states leave the admissible region.
    pub fn fitted(&self, y: &[f64]) -> Vec<f64> {
        let mut fitted = Vec::with_capacity(y.len());
        run_observed(&self.spec, &self.params, &self.initial, y, |yhat| fitted.push(yhat));
        fitted
    }

    /// Forecasts h steps after the end of `y` (the fitted series or that series
    /// extended by later observations: parameters are reused, states are rerun).
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let spec = &self.spec;
        let p = &self.params;
        let m = spec.season_length();
        let end = match run(spec, p, &self.initial, y) {
            Some(filtered) => filtered,
            None => return flat_forecast(y, h),
        };
        let n = end.n;
        let mut point = Vec::with_capacity(h);
        let mut phi_sum = 0.0;
        let mut phi_power = 1.0;
        for step in 1..=h {
            phi_power *= damping(spec, p);
            phi_sum += phi_power;
            let trend = if spec.has_trend() { phi_sum_or_step(spec, phi_sum, step) * end.slope } else { 0.0 };
            let s = end.season[(n + step - 1) % m];
            point.push(match spec.season {
                SeasonType::None => end.level + trend,
                SeasonType::Additive => end.level + trend + s,
                SeasonType::Multiplicative => (end.level + trend) * s,
            });
        }
        // Class-1 variance (Hyndman et al. 2008, Table 6.1): v_h = σ²(1 + Σ_{j<h} c_j²),
        // c_j = α + β·Σ_{i≤j} φ^i + γ·[j mod m = 0]; applied on the relative scale for
        // multiplicative members, an approximation that is close for σ small.
        let mut std_error = Vec::with_capacity(h);
        let mut sum_c2 = 0.0;
        let mut phi_j = 0.0;
        let mut phi_power = 1.0;
        for step in 1..=h {
            let variance = self.sigma2 * (1.0 + sum_c2);
            let scale = if spec.error == ErrorType::Multiplicative { point[step - 1].abs() } else { 1.0 };
            std_error.push(variance.sqrt() * scale);
            phi_power *= damping(spec, p);
            phi_j += phi_power;
            let trend_part = if spec.has_trend() { p.beta * phi_sum_or_step(spec, phi_j, step) } else { 0.0 };
            let season_part = if spec.season != SeasonType::None && step % m == 0 { p.gamma } else { 0.0 };
            let c = p.alpha + trend_part + season_part;
            sum_c2 += c * c;
        }
        ModelForecast { point, spread: Spread::Normal(never_shrinking(&std_error)) }
    }
}

/// Histories up to this long get the whole family searched (15 members for
/// positive data); longer ones, daily data above all, a reduced set that costs a fifth.
pub const FULL_SEARCH_MAX: usize = 200;

/// Every member of the family search that fits (at least one, else the last error),
/// each with its AICc; `akaike.rs` weighs them. The family is that of Hyndman et al.
/// (2008) §7.2 and R's `ets`: error A/M × trend N/A/Ad × season N/A/M, without the
/// unstable additive-error, multiplicative-season members, multiplicative ones only for
/// strictly positive data, seasonal ones only with a season `m` and two whole seasons
/// of history.
///
/// Above `FULL_SEARCH_MAX` periods the caller passes `m` only when the season test
/// found it, and the search keeps to A,N / A,Ad / M,N with that season or none: the
/// members that win most often, at a fifth of the cost.
pub fn fit_family(y: &[f64], m: Option<usize>) -> Result<Vec<Ets>, FitError> {
    let positive = y.iter().all(|v| *v > 0.0);
    let m = m.filter(|m| *m > 1 && y.len() >= 2 * m);
    let candidates = if y.len() <= FULL_SEARCH_MAX { whole_family(m, positive) } else { reduced_family(m, positive) };
    let mut fitted = Vec::new();
    let mut last_error = FitError::TooShort { needed: 3, got: y.len() };
    for spec in candidates {
        match Ets::fit(y, spec) {
            Ok(model) if model.aicc.is_finite() => fitted.push(model),
            Ok(_) => {}
            Err(error) => last_error = error,
        }
    }
    if fitted.is_empty() {
        Err(last_error)
    } else {
        Ok(fitted)
    }
}

fn whole_family(m: Option<usize>, positive: bool) -> Vec<Spec> {
    let errors: &[ErrorType] =
        if positive { &[ErrorType::Additive, ErrorType::Multiplicative] } else { &[ErrorType::Additive] };
    let mut seasons = vec![SeasonType::None];
    if m.is_some() {
        seasons.push(SeasonType::Additive);
        if positive {
            seasons.push(SeasonType::Multiplicative);
        }
    }
    let mut family = Vec::new();
    for &error in errors {
        for trend in [TrendType::None, TrendType::Additive, TrendType::Damped] {
            for &season in &seasons {
                if !(error == ErrorType::Additive && season == SeasonType::Multiplicative) {
                    family.push(Spec { error, trend, season, m: m.unwrap_or(1) });
                }
            }
        }
    }
    family
}

fn reduced_family(m: Option<usize>, positive: bool) -> Vec<Spec> {
    let (season, multiplicative_season, m) = match m {
        Some(m) => (SeasonType::Additive, SeasonType::Multiplicative, m),
        None => (SeasonType::None, SeasonType::None, 1),
    };
    let mut family = vec![
        Spec { error: ErrorType::Additive, trend: TrendType::None, season, m },
        Spec { error: ErrorType::Additive, trend: TrendType::Damped, season, m },
    ];
    if positive {
        family.push(Spec {
            error: ErrorType::Multiplicative,
            trend: TrendType::None,
            season: multiplicative_season,
            m,
        });
    }
    family
}

fn damping(spec: &Spec, p: &Params) -> f64 {
    if spec.trend == TrendType::Damped {
        p.phi
    } else {
        1.0
    }
}

/// Σ_{i≤h} φ^i for a damped trend, h for a linear one.
fn phi_sum_or_step(spec: &Spec, phi_sum: f64, step: usize) -> f64 {
    if spec.trend == TrendType::Damped {
        phi_sum
    } else {
        step as f64
    }
}

/// Last value repeated with a zero spread: what a model that could not rerun its
/// recursions (non-finite states on new data) can still say honestly.
fn flat_forecast(y: &[f64], h: usize) -> ModelForecast {
    let last = y.last().copied().unwrap_or(0.0);
    ModelForecast { point: vec![last; h], spread: Spread::Normal(vec![0.0; h]) }
}

/// Runs the recursions over `y`; `None` when a state leaves the finite (or, for
/// multiplicative members, positive) region.
fn run(spec: &Spec, p: &Params, initial: &Initial, y: &[f64]) -> Option<Filtered> {
    run_observed(spec, p, initial, y, |_| ())
}

/// `run`, handing each one-step forecast ŷ_t to `observe`. The member's shape is made
/// a compile-time constant here, so that the loop the likelihood search spends its
/// time in carries no branch on it.
fn run_observed(spec: &Spec, p: &Params, initial: &Initial, y: &[f64], observe: impl FnMut(f64)) -> Option<Filtered> {
    const NONE: u8 = 0;
    const ADDITIVE: u8 = 1;
    const MULTIPLICATIVE: u8 = 2;
    let relative = spec.error == ErrorType::Multiplicative;
    match (relative, spec.has_trend(), spec.season) {
        (false, false, SeasonType::None) => recurse::<false, false, NONE>(spec, p, initial, y, observe),
        (false, false, SeasonType::Additive) => recurse::<false, false, ADDITIVE>(spec, p, initial, y, observe),
        (false, false, SeasonType::Multiplicative) => recurse::<false, false, MULTIPLICATIVE>(spec, p, initial, y, observe),
        (false, true, SeasonType::None) => recurse::<false, true, NONE>(spec, p, initial, y, observe),
        (false, true, SeasonType::Additive) => recurse::<false, true, ADDITIVE>(spec, p, initial, y, observe),
        (false, true, SeasonType::Multiplicative) => recurse::<false, true, MULTIPLICATIVE>(spec, p, initial, y, observe),
        (true, false, SeasonType::None) => recurse::<true, false, NONE>(spec, p, initial, y, observe),
        (true, false, SeasonType::Additive) => recurse::<true, false, ADDITIVE>(spec, p, initial, y, observe),
        (true, false, SeasonType::Multiplicative) => recurse::<true, false, MULTIPLICATIVE>(spec, p, initial, y, observe),
        (true, true, SeasonType::None) => recurse::<true, true, NONE>(spec, p, initial, y, observe),
        (true, true, SeasonType::Additive) => recurse::<true, true, ADDITIVE>(spec, p, initial, y, observe),
        (true, true, SeasonType::Multiplicative) => recurse::<true, true, MULTIPLICATIVE>(spec, p, initial, y, observe),
    }
}

/// The recursions of Hyndman et al. (2008) Table 2.1 for one shape: relative
/// (multiplicative) errors or not, a trend or not (damped through φ), and the season
/// 0 none, 1 additive, 2 multiplicative.
fn recurse<const RELATIVE: bool, const TREND: bool, const SEASON: u8>(
    spec: &Spec,
    p: &Params,
    initial: &Initial,
    y: &[f64],
    mut observe: impl FnMut(f64),
) -> Option<Filtered> {
    let m = spec.season_length();
    let phi = damping(spec, p);
    let positive_only = RELATIVE || SEASON == 2;
    let mut season = if initial.season.len() == m { initial.season.clone() } else { vec![0.0; m] };
    let (mut level, mut slope) = (initial.level, initial.slope);
    let (mut sse, mut relative_sse, mut log_abs_fitted) = (0.0, 0.0, 0.0);
    // Σ ln ŷ as the logarithm of a running product, taken before the product could
    // leave the normal range: one ln every few dozen steps instead of one per step.
    let mut product = 1.0f64;
    // Position in the cycle: a counter, cheaper than t mod m on every step.
    let mut slot = 0;
    for &value in y {
        let phi_b = if TREND { phi * slope } else { 0.0 };
        let base = level + phi_b;
        let s = if SEASON == 0 { 0.0 } else { season[slot] };
        let yhat = match SEASON {
            0 => base,
            1 => base + s,
            _ => base * s,
        };
        if !yhat.is_finite() || (positive_only && yhat <= 0.0) {
            return None;
        }
        observe(yhat);
        let e = value - yhat;
        sse += e * e;
        if RELATIVE {
            relative_sse += (e / yhat) * (e / yhat);
            if (1e-100..=1e100).contains(&yhat) {
                product *= yhat;
                if !(1e-200..=1e200).contains(&product) {
                    log_abs_fitted += product.ln();
                    product = 1.0;
                }
            } else {
                log_abs_fitted += yhat.ln();
            }
        }
        // The error enters level and slope deseasonalised when the season multiplies.
        let adjusted = if SEASON == 2 { e / s } else { e };
        level = base + p.alpha * adjusted;
        if TREND {
            slope = phi_b + p.beta * adjusted;
        }
        match SEASON {
            0 => {}
            1 => season[slot] = s + p.gamma * e,
            _ => season[slot] = s + p.gamma * e / base,
        }
        slot = if slot + 1 == m { 0 } else { slot + 1 };
    }
    log_abs_fitted += product.ln();
    Some(Filtered { level, slope, season, sse, relative_sse, log_abs_fitted, n: y.len() })
}

/// σ² and the Gaussian log-likelihood at its maximum over σ² (Hyndman et al. 2008 §5.2):
/// additive errors −n/2·ln(2πeσ²) with σ² = Σe²/n; multiplicative errors the same on
/// e/ŷ minus Σ ln|ŷ|.
fn likelihood(spec: &Spec, f: &Filtered) -> (f64, f64) {
    let n = f.n as f64;
    let sigma2 = match spec.error {
        ErrorType::Additive => f.sse / n,
        ErrorType::Multiplicative => f.relative_sse / n,
    }
    .max(1e-300);
    let gaussian = -0.5 * n * ((2.0 * std::f64::consts::PI * sigma2).ln() + 1.0);
    let log_likelihood = match spec.error {
        ErrorType::Additive => gaussian,
        ErrorType::Multiplicative => gaussian - f.log_abs_fitted,
    };
    (sigma2, log_likelihood)
}

/// Which of the six box coordinates the member uses.
fn active_dimensions(spec: &Spec, x0: &[f64; 6], bounds: Bounds) -> (Vec<usize>, Vec<f64>, Bounds) {
    let mut dims = vec![0];
    if spec.has_trend() {
        dims.push(1);
    }
    if spec.season != SeasonType::None {
        dims.push(2);
    }
    if spec.trend == TrendType::Damped {
        dims.push(3);
    }
    dims.push(4);
    if spec.has_trend() {
        dims.push(5);
    }
    let pick = |v: &[f64]| dims.iter().map(|&d| v[d]).collect::<Vec<f64>>();
    let bounds = Bounds { lower: pick(&bounds.lower), upper: pick(&bounds.upper) };
    (dims.clone(), pick(x0), bounds)
}

/// Parameters and start states from a point of the search: the active box
/// coordinates, then any fitted seasonal start values (the last one completes the
/// normalisation: sum 0, or average 1).
fn decode(spec: &Spec, dims: &[usize], x: &[f64], start: &Initial) -> (Params, Initial) {
    let mut full = [0.0, 0.0, 0.0, 1.0, start.level, 0.0];
    for (value, &d) in x.iter().zip(dims) {
        full[d] = *value;
    }
    let alpha = full[0];
    let params = Params {
        alpha,
        beta: if spec.has_trend() { full[1] } else { 0.0 },
        gamma: if spec.season != SeasonType::None { full[2] } else { 0.0 },
        phi: if spec.trend == TrendType::Damped { full[3] } else { 1.0 },
    };
    let fitted_seasons = &x[dims.len()..];
    let mut season = start.season.clone();
    if !fitted_seasons.is_empty() {
        let m = season.len();
        season[..m - 1].copy_from_slice(fitted_seasons);
        let sum: f64 = fitted_seasons.iter().sum();
        season[m - 1] = if spec.season == SeasonType::Multiplicative { m as f64 - sum } else { -sum };
    }
    (params, Initial { level: full[4], slope: full[5], season })
}

/// Start states by the heuristic of Hyndman et al. (2008) §2.6.1, as R and
/// statsforecast apply it: seasonal indices from a classical decomposition of all
/// whole seasons, then a least-squares line through the first max(10, 2m)
/// deseasonalised values for ℓ₀ and b₀.
fn initial_states(y: &[f64], spec: &Spec) -> Initial {
    let m = spec.season_length();
    let season = match spec.season {
        SeasonType::None => vec![0.0],
        SeasonType::Additive => seasonal_indices(y, m, false),
        SeasonType::Multiplicative => seasonal_indices(y, m, true),
    };
    let deseasonalised: Vec<f64> = y
        .iter()
        .take(10.max(2 * m).min(y.len()))
        .enumerate()
        .map(|(t, v)| match spec.season {
            SeasonType::None => *v,
            SeasonType::Additive => v - season[t % m],
            SeasonType::Multiplicative => v / season[t % m],
        })
        .collect();
    let k = deseasonalised.len() as f64;
    let t_mean = (k - 1.0) / 2.0;
    let y_mean = deseasonalised.iter().sum::<f64>() / k;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in deseasonalised.iter().enumerate() {
        sxy += (t as f64 - t_mean) * (v - y_mean);
        sxx += (t as f64 - t_mean).powi(2);
    }
    let slope = if spec.has_trend() && sxx > 0.0 { sxy / sxx } else { 0.0 };
    // ℓ₀ sits one period before the first observation.
    let level = y_mean - slope * (t_mean + 1.0);
    Initial { level, slope, season }
}

/// Average deviation (or ratio) of each cycle position from a centred moving average
/// over the whole seasons, normalised to sum 0 (or to average 1).
fn seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let cycles = (y.len() / m).max(2);
    let span = &y[..(cycles * m).min(y.len())];
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    let half = m / 2;
    for t in half..span.len().saturating_sub(half) {
        // 2×m centred moving average when m is even, plain m-term when odd.
        let centre = if m.is_multiple_of(2) {
            (span[t - half..t + half].iter().sum::<f64>() + span[t - half + 1..=t + half].iter().sum::<f64>())
                / (2 * m) as f64
        } else {
            span[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        let detrended = if multiplicative {
            if centre > 0.0 {
                span[t] / centre
            } else {
                continue;
            }
        } else {
            span[t] - centre
        };
        sums[t % m] += detrended;
        counts[t % m] += 1;
    }
    let neutral = if multiplicative { 1.0 } else { 0.0 };
    let mut indices: Vec<f64> =
        sums.iter().zip(&counts).map(|(s, c)| if *c > 0 { s / *c as f64 } else { neutral }).collect();
    let mean = indices.iter().sum::<f64>() / m as f64;
    for index in &mut indices {
        if multiplicative {
            *index = if mean > 0.0 { (*index / mean).max(1e-3) } else { 1.0 };
        } else {
            *index -= mean;
        }
    }
    indices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard_errors(forecast: &ModelForecast) -> Vec<f64> {
        match &forecast.spread {
            Spread::Normal(se) => se.clone(),
            Spread::Empirical { .. } => panic!("ETS intervals are analytic"),
        }
    }

    #[test]
    fn simple_exponential_smoothing_matches_the_hand_recursion() {
        // α = 0.5, ℓ₀ = 10; y = 12, 8, 11:
        // ŷ₁ = 10, ℓ₁ = 10 + 0.5·2 = 11; ŷ₂ = 11, ℓ₂ = 11 − 1.5 = 9.5; ŷ₃ = 9.5, ℓ₃ = 9.5 + 0.75 = 10.25.
        let y = [12.0, 8.0, 11.0];
        let params = Params { alpha: 0.5, beta: 0.0, gamma: 0.0, phi: 1.0 };
        let model =
            Ets::with_params(Spec::SES, params, Initial { level: 10.0, slope: 0.0, season: vec![] }, &y).unwrap();
        assert_eq!(model.fitted(&y), vec![10.0, 11.0, 9.5]);
        let forecast = model.forecast(&y, 3);
        assert_eq!(forecast.point, vec![10.25; 3]);
        // σ² = (4 + 9 + 2.25)/3 = 5.0833; se_h = σ·√(1 + (h−1)α²).
        let sigma = (15.25f64 / 3.0).sqrt();
        let se = standard_errors(&forecast);
        for (h, value) in se.iter().enumerate() {
            assert!((value - sigma * (1.0 + h as f64 * 0.25).sqrt()).abs() < 1e-12, "{se:?}");
        }
    }

    #[test]
    fn holt_linear_matches_the_hand_recursion() {
        // α = 0.5, β = 0.25 (error-correction form), ℓ₀ = 10, b₀ = 1; y = 12, 13:
        // ŷ₁ = 11, e = 1 → ℓ₁ = 11.5, b₁ = 1.25; ŷ₂ = 12.75, e = 0.25 → ℓ₂ = 12.875, b₂ = 1.3125.
        let y = [12.0, 13.0];
        let params = Params { alpha: 0.5, beta: 0.25, gamma: 0.0, phi: 1.0 };
        let model =
            Ets::with_params(Spec::HOLT, params, Initial { level: 10.0, slope: 1.0, season: vec![] }, &y).unwrap();
        assert_eq!(model.fitted(&y), vec![11.0, 12.75]);
        assert_eq!(model.forecast(&y, 2).point, vec![12.875 + 1.3125, 12.875 + 2.0 * 1.3125]);
    }

    #[test]
    fn damped_holt_sums_the_damping_powers() {
        // φ = 0.9, ℓ = 10, b = 2 with α = β = tiny, no data: ŷ_h = 10 + (0.9 + 0.81 + …)·2.
        let spec = Spec { trend: TrendType::Damped, ..Spec::HOLT };
        let params = Params { alpha: 0.0, beta: 0.0, gamma: 0.0, phi: 0.9 };
        let model =
            Ets::with_params(spec, params, Initial { level: 10.0, slope: 2.0, season: vec![] }, &[11.8]).unwrap();
        let point = model.forecast(&[11.8], 2).point;
        // One observation first moves ℓ to 10 + 0.9·2 = 11.8, b to 1.8.
        assert!((point[0] - (11.8 + 0.9 * 1.8)).abs() < 1e-12);
        assert!((point[1] - (11.8 + 1.71 * 1.8)).abs() < 1e-12);
    }

    #[test]
    fn holt_winters_additive_matches_the_hand_recursion() {
        // m = 2, α = 0.5, β = 0.1, γ = 0.2, ℓ₀ = 10, b₀ = 0, s = (+1, −1); y = 12, 9:
        // t=1: ŷ = 10 + 0 + 1 = 11, e = 1 → ℓ = 10.5, b = 0.1, s₁ = 1.2
        // t=2: ŷ = 10.5 + 0.1 − 1 = 9.6, e = −0.6 → ℓ = 10.3, b = 0.04, s₂ = −1.12
        // ŷ(h=1) = 10.3 + 0.04 + 1.2 = 11.54; ŷ(h=2) = 10.3 + 0.08 − 1.12 = 9.26.
        let y = [12.0, 9.0];
        let params = Params { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 1.0 };
        let initial = Initial { level: 10.0, slope: 0.0, season: vec![1.0, -1.0] };
        let model = Ets::with_params(Spec::holt_winters_additive(2), params, initial, &y).unwrap();
        let fitted = model.fitted(&y);
        assert!((fitted[1] - 9.6).abs() < 1e-12, "{fitted:?}");
        let point = model.forecast(&y, 2).point;
        assert!((point[0] - 11.54).abs() < 1e-12 && (point[1] - 9.26).abs() < 1e-12, "{point:?}");
    }

    #[test]
    fn holt_winters_multiplicative_matches_the_hand_recursion() {
        // m = 2, α = 0.5, β = 0.1, γ = 0.2, ℓ₀ = 10, b₀ = 0, s = (1.2, 0.8); y = 13, 8:
        // t=1: ŷ = 12, e = 1 → ℓ = 10 + 0.5/1.2 = 10.41667, b = 0.1/1.2 = 0.083333, s₁ = 1.2 + 0.2/10 = 1.22
        // t=2: base = 10.5, ŷ = 8.4, e = −0.4 → ℓ = 10.25, b = 0.033333, s₂ = 0.8 − 0.08/10.5 = 0.792381
        // ŷ(h=1) = (10.25 + 0.033333)·1.22 = 12.545667.
        let y = [13.0, 8.0];
        let params = Params { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 1.0 };
        let initial = Initial { level: 10.0, slope: 0.0, season: vec![1.2, 0.8] };
        let model = Ets::with_params(Spec::holt_winters_multiplicative(2), params, initial, &y).unwrap();
        let point = model.forecast(&y, 2).point;
        assert!((point[0] - (10.25 + 0.1 / 3.0) * 1.22).abs() < 1e-9, "{point:?}");
        assert!((point[1] - (10.25 + 0.2 / 3.0) * (0.8 - 0.08 / 10.5)).abs() < 1e-9, "{point:?}");
    }

    #[test]
    fn a_constant_series_gives_a_constant_forecast() {
        let y = vec![42.0; 60];
        for spec in [Spec::SES, Spec::HOLT, Spec::holt_winters_additive(7), Spec::holt_winters_multiplicative(7)] {
            let model = Ets::fit(&y, spec).unwrap();
            for value in model.forecast(&y, 14).point {
                assert!((value - 42.0).abs() < 1e-3, "{} gave {value}", spec.code());
            }
        }
    }

    /// The member R's `ets` would pick.
    fn lowest_aicc(y: &[f64], m: Option<usize>) -> Ets {
        fit_family(y, m).unwrap().into_iter().min_by(|a, b| a.aicc.total_cmp(&b.aicc)).unwrap()
    }

    #[test]
    fn recovers_a_weekly_pattern_and_its_intervals_widen() {
        let pattern = [10.0, 12.0, 14.0, 13.0, 11.0, 4.0, 2.0];
        let y: Vec<f64> = (0..140).map(|t| pattern[t % 7] + ((t * 7919) % 13) as f64 / 13.0 - 0.5).collect();
        let model = lowest_aicc(&y, Some(7));
        assert_ne!(model.spec.season, SeasonType::None, "{}", model.describe());
        let forecast = model.forecast(&y, 14);
        for (step, value) in forecast.point.iter().enumerate() {
            assert!((value - pattern[(140 + step) % 7]).abs() < 1.0, "step {step}: {value}");
        }
        let se = standard_errors(&forecast);
        assert!(se.windows(2).all(|w| w[1] >= w[0]), "{se:?}");
    }

    #[test]
    fn follows_a_trend_with_a_trending_member() {
        let y: Vec<f64> = (0..80).map(|t| 20.0 + 1.5 * t as f64 + if t % 2 == 0 { 0.7 } else { -0.7 }).collect();
        let model = lowest_aicc(&y, None);
        assert_ne!(model.spec.trend, TrendType::None, "{}", model.describe());
        let point = model.forecast(&y, 5).point;
        assert!(point[4] > point[0] && point[0] > 135.0, "{point:?}");
    }

    #[test]
    fn refuses_too_short_and_non_positive_input() {
        assert!(matches!(Ets::fit(&[1.0, 2.0], Spec::HOLT), Err(FitError::TooShort { .. })));
        assert_eq!(
            Ets::fit(&[1.0, 0.0, 2.0, 3.0, 1.0, 2.0, 4.0, 1.0, 2.0, 3.0], Spec::holt_winters_multiplicative(2)),
            Err(FitError::NotPositive)
        );
    }

    #[test]
    fn reuses_parameters_on_an_extended_series() {
        let y: Vec<f64> = (0..50).map(|t| 30.0 + (t % 5) as f64).collect();
        let model = Ets::fit(&y[..40], Spec::SES).unwrap();
        let short = model.forecast(&y[..40], 1).point[0];
        let long = model.forecast(&y, 1).point[0];
        let expected_long = {
            let mut level = model.initial.level;
            for v in &y {
                level += model.params.alpha * (v - level);
            }
            level
        };
        assert!((long - expected_long).abs() < 1e-9 && (short - long).abs() > 0.0);
    }
}
