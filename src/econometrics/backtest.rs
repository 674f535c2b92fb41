//! Honest forecast evaluation: rolling-origin (expanding window) forecasts, RMSE and MAE, the
//! Diebold-Mariano test with the Harvey-Leybourne-Newbold small-sample correction, and Brier scores.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::error::{Error, Result};

/// Diebold-Mariano test of equal squared-error accuracy at horizon h.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct DieboldMariano {
    /// HLN-corrected statistic; positive means the first forecast (the model) is more accurate.
    pub statistic: f64,
    /// Two-sided p-value from Student t with n-1 df.
    pub p_value: f64,
    /// Number of forecast pairs.
    pub n: usize,
}

/// DM test on forecast errors `e_model`, `e_bench` (same targets), horizon `h` (quarters).
/// d_t = e_bench² - e_model²; long-run variance with h-1 autocovariances (rectangular window, the
/// original DM choice); statistic scaled by sqrt((n + 1 - 2h + h(h-1)/n) / n) (HLN 1997).
pub fn diebold_mariano(e_model: &[f64], e_bench: &[f64], h: usize) -> Result<DieboldMariano> {
    let n = e_model.len();
    if n != e_bench.len() || n < 3 || h == 0 {
        return Err(Error::Request(format!(
            "Diebold-Mariano needs >= 3 paired errors and h >= 1 (got {n}, h = {h})"
        )));
    }
    let d: Vec<f64> = e_model
        .iter()
        .zip(e_bench)
        .map(|(m, b)| b * b - m * m)
        .collect();
    let nf = n as f64;
    let mean = d.iter().sum::<f64>() / nf;
    let gamma = |k: usize| {
        (k..n)
            .map(|t| (d[t] - mean) * (d[t - k] - mean))
            .sum::<f64>()
            / nf
    };
    let mut v = gamma(0);
    for k in 1..h.min(n) {
        v += 2.0 * gamma(k);
    }
    if v <= 0.0 {
        v = gamma(0); // negative long-run variance estimate: fall back to the variance
    }
    if v <= 0.0 {
        return Err(Error::numerical(
            crate::error::NumericalCause::Other,
            "Diebold-Mariano: loss differential has zero variance",
        ));
    }
    let hf = h as f64;
    let dm = mean / (v / nf).sqrt();
    let stat = dm * ((nf + 1.0 - 2.0 * hf + hf * (hf - 1.0) / nf) / nf).sqrt();
    if !stat.is_finite() {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            "Diebold-Mariano: the statistic is not finite (non-finite forecast errors?)",
        ));
    }
    let t = StudentsT::new(0.0, 1.0, nf - 1.0)
        .map_err(|e| Error::numerical(crate::error::NumericalCause::Other, e.to_string()))?;
    Ok(DieboldMariano {
        statistic: stat,
        p_value: 2.0 * t.sf(stat.abs()),
        n,
    })
}

/// Root mean squared error.
pub fn rmse(e: &[f64]) -> f64 {
    (e.iter().map(|v| v * v).sum::<f64>() / e.len() as f64).sqrt()
}

/// Mean absolute error.
pub fn mae(e: &[f64]) -> f64 {
    e.iter().map(|v| v.abs()).sum::<f64>() / e.len() as f64
}

/// Brier score of probabilities `p` for binary outcomes `o`: mean (p - o)².
pub fn brier(p: &[f64], o: &[bool]) -> f64 {
    p.iter()
        .zip(o)
        .map(|(p, o)| (p - if *o { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / p.len() as f64
}
