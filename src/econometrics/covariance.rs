//! Covariance estimators for OLS coefficients, with statsmodels' exact conventions.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, ShapeBuilder};

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

/// aᵀb for tall, narrow a and b (n x k) as k² dot products of columns: with column-major storage the
/// columns are contiguous and the dots vectorise, where a packed matrix product costs more in setup
/// than in arithmetic at these sizes.
fn cross(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.ncols(), b.ncols()), |(i, j)| {
        a.column(i).dot(&b.column(j))
    })
}

/// a b for small square matrices (k x k, k the number of regressors).
fn small_product(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| a.row(i).dot(&b.column(j)))
}

/// Column-major copy of X with row t scaled by w_t.
fn scaled_rows(x: ArrayView2<f64>, w: ArrayView1<f64>) -> Array2<f64> {
    let mut out = Array2::zeros(x.raw_dim().f());
    for (mut o, c) in out.columns_mut().into_iter().zip(x.columns()) {
        ndarray::Zip::from(&mut o)
            .and(&c)
            .and(&w)
            .for_each(|o, c, w| *o = c * w);
    }
    out
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
    let xf = {
        let mut f = Array2::zeros(x.raw_dim().f());
        f.assign(&x);
        f
    };
    let weighted_meat = |w: Array1<f64>| cross(xf.view(), scaled_rows(x, w.view()).view());
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
            let xu = scaled_rows(x, resid); // n x k scores, column-major
            let mut s = cross(xu.view(), xu.view());
            for l in 1..=lags.min(n.saturating_sub(1)) {
                let w = 1.0 - l as f64 / (lags as f64 + 1.0);
                let a = xu.slice(ndarray::s![l.., ..]);
                let b = xu.slice(ndarray::s![..n - l, ..]);
                let g = cross(a, b);
                s = s + (&g + &g.t()) * w;
            }
            (sandwich(s), Some(lags))
        }
    }
}
