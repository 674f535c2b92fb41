//! Residual diagnostics as values: Durbin-Watson, Ljung-Box, Jarque-Bera (statsmodels' definitions).

use ndarray::ArrayView1;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// A test statistic with its p-value, degrees of freedom and null hypothesis.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TestStat {
    /// Test name.
    pub name: &'static str,
    /// Value of the statistic.
    pub statistic: f64,
    /// p-value under the null (None when the test has no p-value, e.g. Durbin-Watson).
    pub p_value: Option<f64>,
    /// Degrees of freedom of the reference distribution, if any.
    pub df: Option<f64>,
    /// The null hypothesis in words.
    pub null: &'static str,
}

/// Durbin-Watson: Σ (e_t - e_{t-1})² / Σ e_t². Near 2 without first-order autocorrelation.
pub fn durbin_watson(e: ArrayView1<f64>) -> TestStat {
    let num: f64 = e
        .windows(2)
        .into_iter()
        .map(|w| (w[1] - w[0]).powi(2))
        .sum();
    let den: f64 = e.iter().map(|v| v * v).sum();
    TestStat {
        name: "Durbin-Watson",
        statistic: num / den,
        p_value: None,
        df: None,
        null: "no first-order autocorrelation (statistic near 2)",
    }
}

fn chi2_sf(x: f64, df: f64) -> f64 {
    ChiSquared::new(df).map(|d| d.sf(x)).unwrap_or(f64::NAN)
}

/// Ljung-Box Q at `lags`: n(n+2) Σ_{k=1..L} r_k² / (n-k), r_k the sample autocorrelation of the
/// demeaned series; p from χ²(L) (no degrees-of-freedom adjustment, as statsmodels' default).
pub fn ljung_box(e: ArrayView1<f64>, lags: usize) -> TestStat {
    let n = e.len();
    let mean = e.mean().unwrap_or(0.0);
    let d: Vec<f64> = e.iter().map(|v| v - mean).collect();
    let c0: f64 = d.iter().map(|v| v * v).sum();
    let lags = lags.min(n.saturating_sub(1)).max(1);
    let mut q = 0.0;
    for k in 1..=lags {
        let ck: f64 = d[k..].iter().zip(&d[..n - k]).map(|(a, b)| a * b).sum();
        let r = ck / c0;
        q += r * r / (n - k) as f64;
    }
    q *= n as f64 * (n as f64 + 2.0);
    TestStat {
        name: "Ljung-Box",
        statistic: q,
        p_value: Some(chi2_sf(q, lags as f64)),
        df: Some(lags as f64),
        null: "no autocorrelation up to the lag",
    }
}

/// Skewness and kurtosis (not excess) with the biased moment estimators (scipy's defaults).
pub fn skew_kurtosis(e: ArrayView1<f64>) -> (f64, f64) {
    let n = e.len() as f64;
    let mean = e.mean().unwrap_or(0.0);
    let m = |p: i32| e.iter().map(|v| (v - mean).powi(p)).sum::<f64>() / n;
    let m2 = m(2);
    (m(3) / m2.powf(1.5), m(4) / (m2 * m2))
}

/// Jarque-Bera: n/6 (S² + (K-3)²/4), p from χ²(2).
pub fn jarque_bera(e: ArrayView1<f64>) -> TestStat {
    let (s, k) = skew_kurtosis(e);
    let jb = e.len() as f64 / 6.0 * (s * s + (k - 3.0).powi(2) / 4.0);
    TestStat {
        name: "Jarque-Bera",
        statistic: jb,
        p_value: Some(chi2_sf(jb, 2.0)),
        df: Some(2.0),
        null: "residuals are normally distributed",
    }
}
