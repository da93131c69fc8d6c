//! Nelder–Mead simplex minimisation inside a box (Nelder & Mead 1965), with the
//! dimension-adaptive coefficients of Gao & Han (2012, *Comput. Optim. Appl.* 51):
//! reflection 1, expansion 1 + 2/n, contraction 3/4 − 1/(2n), shrink 1 − 1/n, which
//! keep the simplex from collapsing in the 5–15 dimensions an ETS fit with seasonal
//! start values has. The first simplex steps each coordinate by 5 % of its start
//! value (1e-4 where it is 0), as R's and statsforecast's ETS do: a local search
//! from a good start. Points are clamped into the box, so the objective is only
//! ever evaluated at admissible parameters.

/// Relative step of each coordinate in the first simplex…
const FIRST_STEP: f64 = 0.05;
/// …and the absolute step of a coordinate that starts at 0.
const FIRST_STEP_AT_ZERO: f64 = 1e-4;

/// Lower and upper bound of each parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

impl Bounds {
    fn clamp(&self, x: &mut [f64]) {
        for ((v, lo), hi) in x.iter_mut().zip(&self.lower).zip(&self.upper) {
            *v = v.clamp(*lo, *hi);
        }
    }
}

/// The best point found and its objective value.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
}

/// Minimises `f` from `start`, stopping after `max_evals` evaluations or when the
/// simplex's values agree to `tolerance` (relative).
pub fn nelder_mead(
    f: impl Fn(&[f64]) -> f64,
    start: &[f64],
    bounds: &Bounds,
    max_evals: usize,
    tolerance: f64,
) -> Minimum {
    let dim = start.len();
    let eval = |x: &[f64]| {
        let v = f(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut first = start.to_vec();
    bounds.clamp(&mut first);
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(dim + 1);
    simplex.push((first.clone(), eval(&first)));
    for i in 0..dim {
        let mut x = first.clone();
        x[i] = if x[i] == 0.0 { FIRST_STEP_AT_ZERO } else { x[i] * (1.0 + FIRST_STEP) };
        bounds.clamp(&mut x);
        let v = eval(&x);
        simplex.push((x, v));
    }
    let mut evals = dim + 1;
    // At n = 2 these are the classic 2, ½, ½; a line search keeps them too.
    let n = (dim as f64).max(2.0);
    let (expand, contract, shrink) = (1.0 + 2.0 / n, 0.75 - 0.5 / n, 1.0 - 1.0 / n);
    let point = |centroid: &[f64], worst: &[f64], coefficient: f64| -> Vec<f64> {
        let mut x: Vec<f64> = centroid.iter().zip(worst).map(|(c, w)| c + coefficient * (c - w)).collect();
        bounds.clamp(&mut x);
        x
    };
    while evals < max_evals {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let best = simplex[0].1;
        let worst = simplex[dim].1;
        if (worst - best).abs() <= tolerance * (best.abs() + tolerance) {
            break;
        }
        let mut centroid = vec![0.0; dim];
        for (x, _) in &simplex[..dim] {
            for (c, v) in centroid.iter_mut().zip(x) {
                *c += v / dim as f64;
            }
        }
        let reflected = point(&centroid, &simplex[dim].0, 1.0);
        let reflected_value = eval(&reflected);
        evals += 1;
        if reflected_value < best {
            let expanded = point(&centroid, &simplex[dim].0, expand);
            let expanded_value = eval(&expanded);
            evals += 1;
            simplex[dim] = if expanded_value < reflected_value {
                (expanded, expanded_value)
            } else {
                (reflected, reflected_value)
            };
        } else if reflected_value < simplex[dim - 1].1 {
            simplex[dim] = (reflected, reflected_value);
        } else {
            let contracted = if reflected_value < worst {
                point(&centroid, &simplex[dim].0, contract)
            } else {
                point(&centroid, &simplex[dim].0, -contract)
            };
            let contracted_value = eval(&contracted);
            evals += 1;
            if contracted_value < worst.min(reflected_value) {
                simplex[dim] = (contracted, contracted_value);
            } else {
                let best_point = simplex[0].0.clone();
                for (x, v) in simplex.iter_mut().skip(1) {
                    for (xi, bi) in x.iter_mut().zip(&best_point) {
                        *xi = bi + shrink * (*xi - bi);
                    }
                    *v = eval(x);
                }
                evals += dim;
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, value) = simplex.swap_remove(0);
    Minimum { x, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_quadratic_bowl() {
        let bounds = Bounds { lower: vec![-10.0, -10.0], upper: vec![10.0, 10.0] };
        let min = nelder_mead(|x| (x[0] - 3.0).powi(2) + 2.0 * (x[1] + 1.0).powi(2), &[0.0, 0.0], &bounds, 500, 1e-12);
        assert!((min.x[0] - 3.0).abs() < 1e-4 && (min.x[1] + 1.0).abs() < 1e-4, "{min:?}");
    }

    #[test]
    fn stays_inside_the_box_when_the_minimum_lies_outside() {
        let bounds = Bounds { lower: vec![0.0], upper: vec![1.0] };
        let min = nelder_mead(|x| (x[0] - 5.0).powi(2), &[0.5], &bounds, 200, 1e-12);
        assert!((min.x[0] - 1.0).abs() < 1e-9, "{min:?}");
    }

    #[test]
    fn minimises_the_rosenbrock_valley() {
        let bounds = Bounds { lower: vec![-5.0, -5.0], upper: vec![5.0, 5.0] };
        let rosenbrock = |x: &[f64]| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2);
        let min = nelder_mead(rosenbrock, &[-1.2, 1.0], &bounds, 5000, 1e-14);
        assert!((min.x[0] - 1.0).abs() < 1e-3 && (min.x[1] - 1.0).abs() < 1e-3, "{min:?}");
    }
}
