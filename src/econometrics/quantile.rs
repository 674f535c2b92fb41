//! Quantile regression (Koenker-Bassett) for growth-at-risk, solved by iteratively reweighted least
//! squares as statsmodels' `QuantReg` does (weights 1/|ρ-residual|, floor 1e-6, stop when the largest
//! coefficient change is <= 1e-6, at most 1,000 iterations), each weighted step by QR. Standard
//! errors: statsmodels' default "robust" sandwich with an Epanechnikov kernel density estimate of the
//! sparsity and the Hall-Sheather bandwidth. Predicted quantiles across τ are made non-crossing by
//! rearrangement (Chernozhukov, Fernández-Val & Galichon 2010): sort the predictions.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};
use statrs::distribution::{Continuous, ContinuousCDF, Normal, StudentsT};

use super::ols::Coefficient;
use crate::error::{Error, Result};
use crate::linalg;

/// Largest number of IRLS iterations.
pub const MAX_ITER: usize = 1000;
/// Convergence tolerance on the largest coefficient change.
pub const P_TOL: f64 = 1e-6;

/// A fitted quantile regression at quantile `q`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuantileFit {
    /// Quantile τ in (0, 1).
    pub q: f64,
    /// Coefficients with robust standard errors (t with n - k df, as statsmodels).
    pub coefficients: Vec<Coefficient>,
    /// IRLS iterations used.
    pub iterations: usize,
    /// Bandwidth of the sparsity estimate.
    pub bandwidth: f64,
    /// Sparsity 1/f̂(0).
    pub sparsity: f64,
    /// Number of observations.
    pub nobs: usize,
    /// Whether IRLS met its tolerance within [`MAX_ITER`] iterations (false only from
    /// [`quantreg_last_iterate`], which keeps the last iterate as statsmodels does with a warning).
    pub converged: bool,
}

impl QuantileFit {
    /// Predicted τ-quantile for regressors `x` (same order as the coefficients).
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.coefficients
            .iter()
            .zip(x)
            .map(|(c, v)| c.estimate * v)
            .sum()
    }
}

/// Linear-interpolation percentile (numpy's default), p in [0, 100].
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let pos = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Fit the τ = `q` quantile regression of y on X. Errors: q outside (0, 1), bad shapes, non-finite
/// data, non-convergence within [`MAX_ITER`] iterations.
pub fn quantreg(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    names: &[String],
    q: f64,
) -> Result<QuantileFit> {
    fit(y, x, names, q, true)
}

/// As [`quantreg`], but when IRLS has not met its tolerance after [`MAX_ITER`] iterations the last
/// iterate is kept with `converged = false` (statsmodels' behaviour, with its ConvergenceWarning);
/// for side regressions such as growth-at-risk that must not stop a replay.
pub fn quantreg_last_iterate(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    names: &[String],
    q: f64,
) -> Result<QuantileFit> {
    fit(y, x, names, q, false)
}

fn fit(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    names: &[String],
    q: f64,
    strict: bool,
) -> Result<QuantileFit> {
    let (n, k) = x.dim();
    if !(q > 0.0 && q < 1.0) {
        return Err(Error::Request(format!(
            "quantile must be strictly between 0 and 1, got {q}"
        )));
    }
    if y.len() != n || names.len() != k || n <= k {
        return Err(Error::Request(format!(
            "quantile regression: y has {} rows, X is {n}x{k}",
            y.len()
        )));
    }
    if x.iter().chain(y.iter()).any(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("quantile regression at q = {q}: data have NaN or infinite entries"),
        ));
    }
    let mut beta = Array1::from_elem(k, 1.0);
    // Square roots of the IRLS weights 1/|ρ(e)|.
    let mut sw = vec![1.0; n];
    let mut iterations = 0;
    let mut diff = f64::INFINITY;
    while iterations < MAX_ITER && diff > P_TOL {
        iterations += 1;
        let next = linalg::weighted_lstsq(x, y, &sw)?;
        diff = (&next - &beta).iter().fold(0.0, |m, v| m.max(v.abs()));
        beta = next;
        for (t, s) in sw.iter_mut().enumerate() {
            let e = y[t] - x.row(t).dot(&beta);
            let e = if e.abs() < 1e-6 {
                if e >= 0.0 {
                    1e-6
                } else {
                    -1e-6
                }
            } else {
                e
            };
            let rho = if e < 0.0 { q * e } else { (1.0 - q) * e };
            *s = (1.0 / rho.abs()).sqrt();
        }
    }
    if strict && diff > P_TOL {
        return Err(Error::numerical(crate::error::NumericalCause::NotConverged, format!("quantile regression at q = {q} did not converge in {MAX_ITER} iterations (last change {diff:.2e})")));
    }
    let e = &y - &x.dot(&beta);
    let mut sorted: Vec<f64> = e.to_vec();
    sorted.sort_by(f64::total_cmp);
    let iqr = percentile(&sorted, 75.0) - percentile(&sorted, 25.0);
    let norm = Normal::new(0.0, 1.0).expect("standard normal");
    let z = norm.inverse_cdf(q);
    let hs = (n as f64).powf(-1.0 / 3.0)
        * norm.inverse_cdf(0.975).powf(2.0 / 3.0)
        * (1.5 * norm.pdf(z).powi(2) / (2.0 * z * z + 1.0)).powf(1.0 / 3.0);
    let ymean = y.mean().unwrap_or(0.0);
    let ystd = (y.iter().map(|v| (v - ymean).powi(2)).sum::<f64>() / n as f64).sqrt();
    // Hall-Sheather bandwidth; with few observations q ± hs leaves (0, 1) and, as in statsmodels,
    // the bandwidth and hence the standard errors are NaN (the coefficients stand).
    let h = if q - hs > 0.0 && q + hs < 1.0 {
        ystd.min(iqr / 1.34) * (norm.inverse_cdf(q + hs) - norm.inverse_cdf(q - hs))
    } else {
        f64::NAN
    };
    let fhat0 = e
        .iter()
        .map(|v| {
            let u = v / h;
            if u.abs() <= 1.0 {
                0.75 * (1.0 - u * u)
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / (n as f64 * h);
    if h.is_finite() && !(fhat0.is_finite() && fhat0 > 0.0) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("quantile regression at q = {q}: density estimate at zero is {fhat0}"),
        ));
    }
    let d = e.mapv(|v| {
        if v > 0.0 {
            (q / fhat0).powi(2)
        } else {
            ((1.0 - q) / fhat0).powi(2)
        }
    });
    let r = linalg::qr_r(x)?;
    let lu = linalg::Lu::new(r.view())?;
    let rinv = lu.inverse()?;
    let xtxi = rinv.dot(&rinv.t());
    let xtdx = x.t().dot(&(&x * &d.insert_axis(Axis(1))));
    let vcov = xtxi.dot(&xtdx).dot(&xtxi);
    let df = (n - k) as f64;
    let t = StudentsT::new(0.0, 1.0, df)
        .map_err(|e| Error::numerical(crate::error::NumericalCause::Other, e.to_string()))?;
    let crit = t.inverse_cdf(0.975);
    let coefficients = (0..k)
        .map(|j| {
            let se = vcov[[j, j]].sqrt();
            let tv = beta[j] / se;
            Coefficient {
                name: names[j].clone(),
                estimate: beta[j],
                std_error: se,
                t: tv,
                // statrs panics on a NaN argument: no bandwidth, no p-value.
                p_value: if tv.is_nan() {
                    f64::NAN
                } else {
                    2.0 * t.sf(tv.abs())
                },
                ci_low: beta[j] - crit * se,
                ci_high: beta[j] + crit * se,
            }
        })
        .collect();
    Ok(QuantileFit {
        q,
        coefficients,
        iterations,
        bandwidth: h,
        sparsity: 1.0 / fhat0,
        nobs: n,
        converged: diff <= P_TOL,
    })
}

/// Non-crossing predicted quantiles: predictions at increasing τ, rearranged (sorted) so they are
/// monotone. Returns the rearranged values in the order of `fits`' τ (which must be increasing).
pub fn rearranged_quantiles(fits: &[QuantileFit], x: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = fits.iter().map(|f| f.predict(x)).collect();
    v.sort_by(f64::total_cmp);
    v
}

#[cfg(test)]
mod short_sample_tests {
    use super::*;

    #[test]
    fn a_tail_quantile_on_a_short_sample_gives_nan_standard_errors_not_a_panic() {
        // n = 40, q = 0.05: the Hall-Sheather half-width hs ≈ 0.062 puts q − hs below zero, where
        // statsmodels' bandwidth (norm.ppf) is NaN; the fit stands and the standard errors are NaN.
        let n = 40;
        let x =
            ndarray::Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 });
        let y =
            ndarray::Array1::from_shape_fn(n, |i| 0.5 * i as f64 + ((i * 7919) % 13) as f64 / 13.0);
        let names = vec!["const".to_string(), "x".to_string()];
        let f = quantreg(y.view(), x.view(), &names, 0.05).unwrap();
        assert!(f.coefficients.iter().all(|c| c.estimate.is_finite()));
        assert!(f.coefficients.iter().all(|c| c.std_error.is_nan()));
        assert!(f.bandwidth.is_nan());
        // The median on the same data has a bandwidth and finite standard errors.
        let m = quantreg(y.view(), x.view(), &names, 0.5).unwrap();
        assert!(m.coefficients.iter().all(|c| c.std_error.is_finite()));
    }
}
