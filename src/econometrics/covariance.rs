//! Covariance estimators for OLS coefficients, with statsmodels' exact conventions.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// Which covariance matrix of the OLS coefficients to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase", tag = "type")]
pub enum CovType {
    /// Classical: s² (XᵀX)⁻¹ with s² = SSR / (n - k). Inference with Student t.
    Classical,
    /// White: (XᵀX)⁻¹ Xᵀ diag(e²) X (XᵀX)⁻¹. Inference with the normal distribution (statsmodels).
    Hc0,
    /// HC0 × n / (n - k).
    Hc1,
    /// e_t² / (1 - h_t) in the middle, h_t the leverage.
    Hc2,
    /// e_t² / (1 - h_t)² in the middle.
    Hc3,
    /// Newey-West with Bartlett weights w_l = 1 - l/(L+1), l = 1..L, no small-sample correction
    /// (statsmodels `cov_type="HAC"` default). `lags: None` uses floor(4 (n/100)^(2/9)).
    Hac {
        /// Maximum lag L.
        lags: Option<usize>,
    },
}

impl CovType {
    /// Check a fixed HAC lag against the sample size `n`: an error naming `file` and `key` when the
    /// lag is not below it (the Bartlett sum would run past the sample).
    pub fn check_lags(self, n: usize, file: &str, key: &str) -> crate::error::Result<()> {
        match self {
            CovType::Hac { lags: Some(l) } if l >= n => Err(crate::error::Error::spec(
                file,
                None,
                key,
                format!("HAC lag {l} is not below the {n} observations of the sample: give hac:L with L < {n}, or hac for the Newey-West rule"),
            )),
            _ => Ok(()),
        }
    }

    /// statsmodels' name for the covariance type.
    pub fn name(&self) -> String {
        match self {
            CovType::Classical => "nonrobust".into(),
            CovType::Hc0 => "HC0".into(),
            CovType::Hc1 => "HC1".into(),
            CovType::Hc2 => "HC2".into(),
            CovType::Hc3 => "HC3".into(),
            CovType::Hac { .. } => "HAC".into(),
        }
    }

    /// Whether inference uses Student t (classical) or the normal distribution (robust), as statsmodels.
    pub fn uses_t(&self) -> bool {
        matches!(self, CovType::Classical)
    }

    /// Parse a name: `classical`/`nonrobust`, `hc0`..`hc3`, `hac` (auto lags) or `hac:L`.
    pub fn parse(s: &str) -> Option<CovType> {
        let l = s.to_ascii_lowercase();
        Some(match l.as_str() {
            "classical" | "nonrobust" => CovType::Classical,
            "hc0" => CovType::Hc0,
            "hc1" => CovType::Hc1,
            "hc2" => CovType::Hc2,
            "hc3" => CovType::Hc3,
            "hac" => CovType::Hac { lags: None },
            _ => {
                let lags = l.strip_prefix("hac:")?.parse().ok()?;
                CovType::Hac { lags: Some(lags) }
            }
        })
    }
}

/// The usual automatic Newey-West lag: floor(4 (n/100)^(2/9)).
pub fn newey_west_auto_lags(n: usize) -> usize {
    (4.0 * (n as f64 / 100.0).powf(2.0 / 9.0)).floor() as usize
}

/// The columns of X with row t scaled by w_t, each as a contiguous vector.
fn scaled_columns(x: ArrayView2<f64>, w: ArrayView1<f64>) -> Vec<Vec<f64>> {
    x.columns()
        .into_iter()
        .map(|c| c.iter().zip(&w).map(|(a, b)| a * b).collect())
        .collect()
}

/// Σ_t a_{t+l} b_t over the overlap of two columns (lag l >= 0), by ndarray's unrolled dot product.
fn lagged_dot(a: &[f64], b: &[f64], l: usize) -> f64 {
    ArrayView1::from(&a[l..]).dot(&ArrayView1::from(&b[..b.len() - l]))
}

/// aᵀb for column sets a and b: k² dot products of contiguous columns, where a packed matrix product
/// costs more in setup than in arithmetic at these sizes (k = a handful of regressors).
fn cross(a: &[Vec<f64>], b: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| lagged_dot(&a[i], &b[j], 0))
}

/// a b for small square matrices (k x k, k the number of regressors).
fn small_product(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| a.row(i).dot(&b.column(j)))
}

/// Covariance of the coefficients. `xtx_inv` = (XᵀX)⁻¹, `resid` = e, `ssr` = eᵀe.
pub(crate) fn covariance(
    cov: CovType,
    x: ArrayView2<f64>,
    resid: ArrayView1<f64>,
    xtx_inv: &Array2<f64>,
) -> (Array2<f64>, Option<usize>) {
    let (n, k) = x.dim();
    let sandwich = |meat: Array2<f64>| small_product(&small_product(xtx_inv, &meat), xtx_inv);
    let weighted_meat = |w: Array1<f64>| {
        let ones = Array1::ones(n);
        cross(
            &scaled_columns(x, ones.view()),
            &scaled_columns(x, w.view()),
        )
    };
    let e2 = resid.mapv(|e| e * e);
    let leverage = || {
        // h_t = x_t (XᵀX)⁻¹ x_tᵀ
        let xh = x.dot(xtx_inv);
        (&xh * &x).sum_axis(Axis(1))
    };
    match cov {
        CovType::Classical => {
            let s2 = e2.sum() / (n - k) as f64;
            (xtx_inv * s2, None)
        }
        CovType::Hc0 => (sandwich(weighted_meat(e2)), None),
        CovType::Hc1 => (
            sandwich(weighted_meat(e2)) * (n as f64 / (n - k) as f64),
            None,
        ),
        CovType::Hc2 => {
            let h = leverage();
            (sandwich(weighted_meat(&e2 / &h.mapv(|h| 1.0 - h))), None)
        }
        CovType::Hc3 => {
            let h = leverage();
            (
                sandwich(weighted_meat(&e2 / &h.mapv(|h| (1.0 - h) * (1.0 - h)))),
                None,
            )
        }
        CovType::Hac { lags } => {
            let lags = lags.unwrap_or_else(|| newey_west_auto_lags(n));
            let xu = scaled_columns(x, resid); // the scores x_t e_t, by column
            let mut s = cross(&xu, &xu);
            for l in 1..=lags.min(n.saturating_sub(1)) {
                // Γ_l = Σ_t u_{t+l} u_tᵀ enters as w_l (Γ_l + Γ_lᵀ), Bartlett weight w_l.
                let w = 1.0 - l as f64 / (lags as f64 + 1.0);
                for i in 0..k {
                    for j in 0..k {
                        let g = w * lagged_dot(&xu[i], &xu[j], l);
                        s[[i, j]] += g;
                        s[[j, i]] += g;
                    }
                }
            }
            (sandwich(s), Some(lags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_covariance_name_parses_in_any_case_and_reports_statsmodels_name() {
        // statsmodels' `cov_type` names: "nonrobust", "HC0".."HC3", "HAC".
        for (text, want, name) in [
            ("classical", CovType::Classical, "nonrobust"),
            ("NonRobust", CovType::Classical, "nonrobust"),
            ("hc0", CovType::Hc0, "HC0"),
            ("HC1", CovType::Hc1, "HC1"),
            ("hc2", CovType::Hc2, "HC2"),
            ("Hc3", CovType::Hc3, "HC3"),
            ("hac", CovType::Hac { lags: None }, "HAC"),
            ("HAC:4", CovType::Hac { lags: Some(4) }, "HAC"),
        ] {
            let c = CovType::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(c, want, "{text}");
            assert_eq!(c.name(), name, "{text}");
        }
        for bad in ["hc4", "hac:", "hac:-1", "hac:x", "robust", ""] {
            assert_eq!(CovType::parse(bad), None, "{bad}");
        }
        assert!(CovType::Classical.uses_t() && !CovType::Hc1.uses_t());
    }

    #[test]
    fn a_fixed_hac_lag_must_be_below_the_sample_size() {
        let hac = CovType::Hac { lags: Some(5) };
        let e = hac
            .check_lags(5, "model.toml", "gdp.covariance")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("model.toml")
                && e.contains("gdp.covariance")
                && e.contains("HAC lag 5 is not below the 5 observations"),
            "{e}"
        );
        assert!(hac.check_lags(6, "model.toml", "gdp.covariance").is_ok());
        assert!(CovType::Hac { lags: None }.check_lags(1, "f", "k").is_ok());
        assert!(CovType::Classical.check_lags(1, "f", "k").is_ok());
    }
}
