//! Ordinary least squares for the small dense problems forecasting needs (a few
//! dozen columns): normal equations solved by Cholesky, which is fast and, with
//! the tiny ridge below, stable enough for well-scaled design columns.

/// Row-major design matrix with `columns` values per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    pub columns: usize,
    pub values: Vec<f64>,
}

impl Design {
    pub fn new(columns: usize) -> Design {
        Design { columns, values: Vec::new() }
    }

    /// Appends one row; it must hold exactly `columns` values.
    pub fn push_row(&mut self, row: &[f64]) {
        assert_eq!(row.len(), self.columns, "design row width");
        self.values.extend_from_slice(row);
    }

    pub fn rows(&self) -> usize {
        self.values.len() / self.columns.max(1)
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.columns..(i + 1) * self.columns]
    }
}

/// Coefficients β minimising ‖y − Xβ‖²; `None` when X'X is singular.
pub fn least_squares(x: &Design, y: &[f64]) -> Option<Vec<f64>> {
    let k = x.columns;
    assert_eq!(x.rows(), y.len(), "one response per design row");
    let mut xtx = vec![0.0; k * k];
    let mut xty = vec![0.0; k];
    for (i, yi) in y.iter().enumerate() {
        let row = x.row(i);
        for a in 0..k {
            xty[a] += row[a] * yi;
            for b in 0..=a {
                xtx[a * k + b] += row[a] * row[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            xtx[b * k + a] = xtx[a * k + b];
        }
    }
    solve_symmetric(&mut xtx, &mut xty, k)?;
    Some(xty)
}

/// Solves A·x = b in place for symmetric positive definite `a` (k×k, row-major) by
/// Cholesky; `b` becomes x. `None` when a pivot collapses below 1e-10 of its
/// diagonal entry, i.e. the columns are (nearly) collinear.
pub fn solve_symmetric(a: &mut [f64], b: &mut [f64], k: usize) -> Option<()> {
    // A = L·Lᵀ, L stored in the lower triangle.
    for j in 0..k {
        let diagonal = a[j * k + j];
        let mut d = diagonal;
        for p in 0..j {
            d -= a[j * k + p] * a[j * k + p];
        }
        if d <= 1e-10 * diagonal.abs() || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j * k + j] = d;
        for i in j + 1..k {
            let mut s = a[i * k + j];
            for p in 0..j {
                s -= a[i * k + p] * a[j * k + p];
            }
            a[i * k + j] = s / d;
        }
    }
    for i in 0..k {
        let mut s = b[i];
        for p in 0..i {
            s -= a[i * k + p] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    for i in (0..k).rev() {
        let mut s = b[i];
        for p in i + 1..k {
            s -= a[p * k + i] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_an_exact_line() {
        let mut x = Design::new(2);
        let mut y = Vec::new();
        for t in 0..10 {
            x.push_row(&[1.0, t as f64]);
            y.push(3.0 + 0.5 * t as f64);
        }
        let beta = least_squares(&x, &y).unwrap();
        assert!((beta[0] - 3.0).abs() < 1e-8 && (beta[1] - 0.5).abs() < 1e-8, "{beta:?}");
    }

    #[test]
    fn matches_the_hand_computed_fit_of_four_points() {
        // y = 1, 3, 2, 5 at t = 0..3: slope = Sxy/Sxx = 5.5/5 = 1.1, intercept = 2.75 − 1.1·1.5 = 1.1.
        let mut x = Design::new(2);
        for t in 0..4 {
            x.push_row(&[1.0, t as f64]);
        }
        let beta = least_squares(&x, &[1.0, 3.0, 2.0, 5.0]).unwrap();
        assert!((beta[0] - 1.1).abs() < 1e-9 && (beta[1] - 1.1).abs() < 1e-9, "{beta:?}");
    }

    #[test]
    fn reports_a_singular_design() {
        let mut x = Design::new(2);
        for _ in 0..5 {
            x.push_row(&[1.0, 1.0]);
        }
        assert_eq!(least_squares(&x, &[1.0; 5]), None);
    }
}
