//! Ordinary least squares by QR, with classical, HC0-HC3 and Newey-West covariances and the
//! statistics statsmodels reports (its conventions: AIC = -2 llf + 2k, BIC = -2 llf + ln(n) k,
//! R² centred when a constant is present, robust inference with the normal distribution).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use statrs::distribution::{ContinuousCDF, FisherSnedecor, Normal, StudentsT};

use super::covariance::{covariance, CovType};
use super::diagnostics::{durbin_watson, jarque_bera, ljung_box, TestStat};
use crate::error::{Error, Result};
use crate::linalg;

/// Ljung-Box lag used in every fit summary (two years of quarters).
pub const LJUNG_BOX_LAGS: usize = 8;

/// An OLS estimator: the covariance type is a setting; `fit` returns an immutable [`OlsFit`].
#[derive(Debug, Clone, Copy)]
pub struct Ols {
    /// Covariance estimator.
    pub cov: CovType,
}

/// One coefficient's estimate and inference.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Coefficient {
    /// Regressor name.
    pub name: String,
    /// Point estimate.
    pub estimate: f64,
    /// Standard error (square root of the covariance diagonal).
    pub std_error: f64,
    /// Estimate / standard error (t or z).
    pub t: f64,
    /// Two-sided p-value (Student t with n-k df for classical, normal for robust).
    pub p_value: f64,
    /// Lower bound of the 95% confidence interval.
    pub ci_low: f64,
    /// Upper bound of the 95% confidence interval.
    pub ci_high: f64,
}

/// A fitted OLS regression: estimates, covariance, fit statistics and diagnostics.
#[derive(Debug, Clone)]
pub struct OlsFit {
    /// Name of the dependent variable.
    pub dependent: String,
    /// Coefficients in regressor order.
    pub coefficients: Vec<Coefficient>,
    /// Covariance matrix of the estimates.
    pub cov_params: Array2<f64>,
    /// Covariance type used.
    pub cov: CovType,
    /// Newey-West lag actually used (HAC only).
    pub hac_lags: Option<usize>,
    /// Residuals e = y - X b.
    pub residuals: Array1<f64>,
    /// Fitted values X b.
    pub fitted: Array1<f64>,
    /// Number of observations n.
    pub nobs: usize,
    /// Number of regressors k (including the constant).
    pub k: usize,
    /// Whether a constant column is present.
    pub has_constant: bool,
    /// Sum of squared residuals.
    pub ssr: f64,
    /// R² (centred if there is a constant).
    pub r_squared: f64,
    /// Adjusted R².
    pub adj_r_squared: f64,
    /// F statistic of all slopes = 0 (Wald form with the chosen covariance when robust).
    pub f_stat: f64,
    /// p-value of the F statistic.
    pub f_p_value: f64,
    /// Gaussian log-likelihood.
    pub log_likelihood: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Schwarz (Bayesian) information criterion.
    pub bic: f64,
    /// Condition number of X (ratio of extreme singular values).
    pub condition_number: f64,
    /// Durbin-Watson.
    pub durbin_watson: TestStat,
    /// Ljung-Box at [`LJUNG_BOX_LAGS`].
    pub ljung_box: TestStat,
    /// Jarque-Bera.
    pub jarque_bera: TestStat,
    /// Residual standard error s = sqrt(SSR / (n - k)).
    pub sigma: f64,
    /// (XᵀX)⁻¹, kept for forecasting and parameter draws.
    pub xtx_inv: Array2<f64>,
}

/// Inverse of an upper-triangular matrix by back substitution.
fn upper_inverse(r: &Array2<f64>) -> Array2<f64> {
    let k = r.nrows();
    let mut inv = Array2::zeros((k, k));
    for j in 0..k {
        inv[[j, j]] = 1.0 / r[[j, j]];
        for i in (0..j).rev() {
            let s: f64 = (i + 1..=j).map(|m| r[[i, m]] * inv[[m, j]]).sum();
            inv[[i, j]] = -s / r[[i, i]];
        }
    }
    inv
}

/// Smallest |R_jj| / ‖x_j‖ below this marks column j as a linear combination of earlier ones.
const COLLINEAR_RTOL: f64 = 1e-10;

impl Ols {
    /// A new estimator with the given covariance type.
    pub fn new(cov: CovType) -> Ols {
        Ols { cov }
    }

    /// Checked least squares shared by [`Ols::fit`] and [`Ols::point`]: (R, b).
    fn solve(
        dependent: &str,
        y: ArrayView1<f64>,
        x: ArrayView2<f64>,
        names: &[String],
    ) -> Result<(Array2<f64>, Array1<f64>)> {
        let (n, k) = x.dim();
        if names.len() != k || y.len() != n {
            return Err(Error::Request(format!(
                "OLS: y has {} rows, X is {n}x{k}, {} names",
                y.len(),
                names.len()
            )));
        }
        if n <= k {
            return Err(Error::Request(format!(
                "OLS `{dependent}`: {n} observations for {k} regressors; need more observations than regressors"
            )));
        }
        // The factorization scans the data once; only when it finds a NaN or infinity is the scan
        // repeated to name the variable and row.
        let (r, beta) = linalg::qr_lstsq(x, y).map_err(|e| {
            if let Some(t) = y.iter().position(|v| !v.is_finite()) {
                return Error::numerical(
                    crate::error::NumericalCause::NonFinite,
                    format!(
                        "OLS `{dependent}`: dependent variable is not finite at row {}",
                        t + 1
                    ),
                );
            }
            if let Some(((t, j), _)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
                return Error::numerical(
                    crate::error::NumericalCause::NonFinite,
                    format!(
                        "OLS `{dependent}`: regressor `{}` is NaN or infinite at row {}",
                        names[j],
                        t + 1
                    ),
                );
            }
            e
        })?;
        for j in 0..k {
            let norm = x.column(j).dot(&x.column(j)).sqrt();
            if norm == 0.0 || r[[j, j]].abs() <= COLLINEAR_RTOL * norm {
                let earlier = if norm == 0.0 || j == 0 {
                    "(it is all zeros)".to_string()
                } else {
                    format!("of {}", names[..j].join(", "))
                };
                return Err(Error::numerical(crate::error::NumericalCause::Collinear, format!(
                    "OLS `{dependent}`: perfect collinearity: regressor `{}` is a linear combination {earlier}",
                    names[j]
                )));
            }
        }
        if beta.iter().any(|v| !v.is_finite()) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!("OLS `{dependent}`: least-squares solution is not finite"),
            ));
        }
        Ok((r, beta))
    }

    /// Point estimates b and the residual standard error s = sqrt(SSR / (n - k)) only, with the same
    /// checks as [`Ols::fit`]: what a rolling backtest needs at each origin, without the covariance,
    /// inference and diagnostics.
    pub fn point(
        dependent: &str,
        y: ArrayView1<f64>,
        x: ArrayView2<f64>,
        names: &[String],
    ) -> Result<(Array1<f64>, f64)> {
        let (_, beta) = Ols::solve(dependent, y, x, names)?;
        let ssr: f64 = y
            .iter()
            .zip(x.rows())
            .map(|(yt, xt)| (yt - xt.dot(&beta)).powi(2))
            .sum();
        Ok((beta, (ssr / (y.len() - x.ncols()) as f64).sqrt()))
    }

    /// Fit y on X (n x k; include a column of ones for a constant). `names` has k entries.
    /// Errors: too few observations, NaN/inf in the data (naming the column and row), perfect
    /// collinearity (naming the columns).
    pub fn fit(
        &self,
        dependent: &str,
        y: ArrayView1<f64>,
        x: ArrayView2<f64>,
        names: &[String],
    ) -> Result<OlsFit> {
        let (n, k) = x.dim();
        let (r, beta) = Ols::solve(dependent, y, x, names)?;
        let rinv = upper_inverse(&r);
        let xtx_inv = rinv.dot(&rinv.t());
        let fitted = x.dot(&beta);
        let residuals = &y - &fitted;
        let ssr = residuals.dot(&residuals);
        let (cov_params, hac_lags) = covariance(self.cov, x, residuals.view(), &xtx_inv);
        let df_resid = (n - k) as f64;
        let has_constant = (0..k).any(|j| {
            let c = x[[0, j]];
            c != 0.0 && x.column(j).iter().all(|v| *v == c)
        });
        let k_const = if has_constant { 1.0 } else { 0.0 };
        let tss = if has_constant {
            let m = y.mean().unwrap_or(0.0);
            y.iter().map(|v| (v - m).powi(2)).sum::<f64>()
        } else {
            y.dot(&y)
        };
        let r_squared = 1.0 - ssr / tss;
        let adj_r_squared = 1.0 - (n as f64 - k_const) / df_resid * (1.0 - r_squared);
        let nf = n as f64;
        let log_likelihood =
            -nf / 2.0 * ((2.0 * std::f64::consts::PI).ln() + (ssr / nf).ln() + 1.0);
        let kf = k as f64;
        let aic = -2.0 * log_likelihood + 2.0 * kf;
        let bic = -2.0 * log_likelihood + nf.ln() * kf;
        let uses_t = self.cov.uses_t();
        let tdist = StudentsT::new(0.0, 1.0, df_resid)
            .map_err(|e| Error::numerical(crate::error::NumericalCause::Other, e.to_string()))?;
        let norm = Normal::new(0.0, 1.0).expect("standard normal");
        let (crit, pval): (f64, Box<dyn Fn(f64) -> f64>) = if uses_t {
            (
                tdist.inverse_cdf(0.975),
                Box::new(move |z: f64| {
                    if z.is_nan() {
                        f64::NAN
                    } else {
                        2.0 * tdist.sf(z.abs())
                    }
                }),
            )
        } else {
            (
                norm.inverse_cdf(0.975),
                Box::new(move |z: f64| {
                    if z.is_nan() {
                        f64::NAN
                    } else {
                        2.0 * norm.sf(z.abs())
                    }
                }),
            )
        };
        let coefficients = (0..k)
            .map(|j| {
                let se = cov_params[[j, j]].sqrt();
                let t = beta[j] / se;
                Coefficient {
                    name: names[j].clone(),
                    estimate: beta[j],
                    std_error: se,
                    t,
                    p_value: pval(t),
                    ci_low: beta[j] - crit * se,
                    ci_high: beta[j] + crit * se,
                }
            })
            .collect();
        let slopes: Vec<usize> = (0..k)
            .filter(|&j| !(has_constant && x.column(j).iter().all(|v| *v == x[[0, j]])))
            .collect();
        let (f_stat, f_p_value) =
            f_test(&beta, &cov_params, &slopes, !uses_t, r_squared, df_resid)?;
        let condition_number = {
            // The singular values of X are those of R.
            let sv = singular_values(&r);
            sv.iter().cloned().fold(0.0, f64::max)
                / sv.iter().cloned().fold(f64::INFINITY, f64::min)
        };
        let sigma = (ssr / df_resid).sqrt();
        Ok(OlsFit {
            dependent: dependent.to_string(),
            coefficients,
            cov_params,
            cov: self.cov,
            hac_lags,
            durbin_watson: durbin_watson(residuals.view()),
            ljung_box: ljung_box(residuals.view(), LJUNG_BOX_LAGS),
            jarque_bera: jarque_bera(residuals.view()),
            residuals,
            fitted,
            nobs: n,
            k,
            has_constant,
            ssr,
            r_squared,
            adj_r_squared,
            f_stat,
            f_p_value,
            log_likelihood,
            aic,
            bic,
            condition_number,
            sigma,
            xtx_inv,
        })
    }
}

/// F test that all slopes (every coefficient but the constant) are zero. Classical: from R²; robust:
/// Wald form (R b)ᵀ (R V Rᵀ)⁻¹ (R b) / q with the chosen covariance, F(q, n-k) as statsmodels.
fn f_test(
    beta: &Array1<f64>,
    cov: &Array2<f64>,
    slopes: &[usize],
    wald: bool,
    r2: f64,
    df_resid: f64,
) -> Result<(f64, f64)> {
    let q = slopes.len();
    if q == 0 {
        return Ok((f64::NAN, f64::NAN));
    }
    let f = if wald {
        let b = Array1::from_iter(slopes.iter().map(|&j| beta[j]));
        let v = Array2::from_shape_fn((q, q), |(a, c)| cov[[slopes[a], slopes[c]]]);
        let lu = linalg::Lu::new(v.view())?;
        let vb = lu.solve_vec(b.view())?;
        b.dot(&vb) / q as f64
    } else {
        (r2 / q as f64) / ((1.0 - r2) / df_resid)
    };
    let dist = FisherSnedecor::new(q as f64, df_resid)
        .map_err(|e| Error::numerical(crate::error::NumericalCause::Other, e.to_string()))?;
    Ok((f, dist.sf(f)))
}

/// Singular values of a small square matrix by one-sided Jacobi (Hestenes) rotations: accurate in the
/// relative sense even for ill-conditioned R (Longley: condition number 4.9e9).
fn singular_values(r: &Array2<f64>) -> Vec<f64> {
    let k = r.ncols();
    // Columns of R as contiguous vectors, rotated in place.
    let mut u: Vec<Vec<f64>> = (0..k).map(|j| r.column(j).to_vec()).collect();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..k {
            for q in p + 1..k {
                let alpha = dot(&u[p], &u[p]);
                let beta = dot(&u[q], &u[q]);
                let gamma = dot(&u[p], &u[q]);
                if gamma.abs() <= 1e-15 * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let (head, tail) = u.split_at_mut(q);
                for (a, b) in head[p].iter_mut().zip(tail[0].iter_mut()) {
                    let (x, y) = (*a, *b);
                    *a = x * c - y * s;
                    *b = x * s + y * c;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    u.iter().map(|c| dot(c, c).sqrt()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn triangular_inverse_times_the_matrix_is_the_identity() {
        let r = array![[2.0, -1.0, 0.5], [0.0, 4.0, 3.0], [0.0, 0.0, -0.5]];
        let inv = upper_inverse(&r);
        let prod = r.dot(&inv);
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((prod[[i, j]] - want).abs() < 1e-14, "{prod}");
            }
            for j in 0..i {
                assert_eq!(inv[[i, j]], 0.0);
            }
        }
    }

    #[test]
    fn jacobi_singular_values_match_a_hand_derivation() {
        // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5, so σ = √45, √5.
        let mut sv = singular_values(&array![[3.0, 0.0], [4.0, 5.0]]);
        sv.sort_by(|a, b| b.total_cmp(a));
        assert!((sv[0] - 45f64.sqrt()).abs() < 1e-13 && (sv[1] - 5f64.sqrt()).abs() < 1e-13);
        // Diagonal: the absolute diagonal; a tiny singular value keeps its relative accuracy.
        let mut d = singular_values(&array![[1e-9, 0.0], [0.0, -2.0]]);
        d.sort_by(f64::total_cmp);
        assert!((d[0] - 1e-9).abs() < 1e-24 && (d[1] - 2.0).abs() < 1e-15);
    }
}
