//! The default GDP baseline: growth as a slowly moving local mean plus AR(1) deviations from it, with
//! shocks from the recent regime and crisis quarters as a mixture component (issue #12; the candidates
//! and the out-of-sample evidence are in tools/reference/gdp_candidates.md).
//!
//! For an origin o (the last quarter used) and growth y_t (log points q/q):
//! - level m_o = mean(y_{o−M+1..o}), the trailing M-quarter mean (crisis quarters included);
//! - dynamics: x_t = y_{t−1} − m_{t−1}, d_t = y_t − m_{t−1}, φ = Σ x d / Σ x² by OLS without a
//!   constant over the non-crisis quarters t of sample_start..o; residuals e_t = d_t − φ x_t for all t;
//!   s² = Σ_{non-crisis} e² / (n − 1); var φ = s² / Σ x²;
//! - trend drift: g_o = OLS slope of y on time over the W calendar quarters o−W+1..o, crisis quarters
//!   left out (the window may reach before the sample start); the mean is
//!   centred (M − 1)/2 quarters before the origin, so the level h quarters ahead is the damped
//!   projection ℓ_{o+h} = m_o + κ g_o ((M − 1)/2 + h) (κ = 0 switches the drift off);
//! - forecast ŷ_{o+h} = ℓ_{o+h} + φ^h (y_o − m_o), i.e. z_0 = y_o − m_o, z_j = φ z_{j−1} + e_j + a_j,
//!   y_{o+j} = ℓ_{o+j} + z_j with additions a_j (tariff deviations) in [`LocalMeanFit::path`];
//! - shocks: with probability π = (crisis quarters ≤ o) / (quarters in the sample) a uniform draw from
//!   the crisis quarters' residuals, otherwise from the last R non-crisis residuals; centred by
//!   μ = (1 − π) mean(normal pool) + π mean(crisis pool);
//! - parameter draws φ* ~ N(φ, var φ), m* ~ N(m_o, var(window, ddof 1)/M), g* ~ N(g_o, var g_o),
//!   independent.
//!
//! W = 100 and κ = 0.5 were chosen on the early origins (2004Q4–2014Q4) from W ∈ {60, 80, 100, 120},
//! κ ∈ {0.25, 0.5, 1} and confirmed on the later ones (tools/reference/gdp_candidates.md §6).

use serde::Deserialize;

use crate::data::Quarter;
use crate::error::{Error, Result};

/// `[gdp.local_mean]` in the model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocalMeanSpec {
    /// Window M of the trailing mean (quarters).
    #[serde(default = "default_window")]
    pub mean_window: usize,
    /// Number R of recent non-crisis residuals in the normal shock pool.
    #[serde(default = "default_window")]
    pub recent_residuals: usize,
    /// Crisis quarters: left out of the φ and drift regressions, and the crisis shock pool.
    #[serde(default = "default_crises")]
    pub crisis_quarters: Vec<Quarter>,
    /// Window W of the trend-drift regression (quarters).
    #[serde(default = "default_trend_window")]
    pub trend_window: usize,
    /// Damping κ of the drift projection (0 = no drift, 1 = the full estimated slope).
    #[serde(default = "default_trend_damping")]
    pub trend_damping: f64,
}

fn default_trend_window() -> usize {
    100
}

fn default_trend_damping() -> f64 {
    0.5
}

fn default_window() -> usize {
    20
}

fn default_crises() -> Vec<Quarter> {
    ["1998Q1", "2008Q4", "2020Q1", "2020Q2"]
        .iter()
        .map(|q| q.parse().expect("valid quarter"))
        .collect()
}

impl Default for LocalMeanSpec {
    fn default() -> Self {
        LocalMeanSpec {
            mean_window: default_window(),
            recent_residuals: default_window(),
            crisis_quarters: default_crises(),
            trend_window: default_trend_window(),
            trend_damping: default_trend_damping(),
        }
    }
}

/// One draw of the local-mean parameters (a path's level, drift and persistence).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalMeanDraw {
    /// Level m (log points q/q).
    pub mean: f64,
    /// Drift g (log points per quarter).
    pub drift: f64,
    /// Persistence φ.
    pub phi: f64,
}

/// The local-mean AR(1) estimated at one origin.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LocalMeanFit {
    /// Origin: the last quarter used.
    pub origin: Quarter,
    /// First dependent quarter of the φ regression.
    pub sample_start: Quarter,
    /// Trailing-mean window M (quarters).
    pub mean_window: usize,
    /// Local level m_o (log points q/q).
    pub mean: f64,
    /// Its standard error sd(window)/√M.
    pub mean_se: f64,
    /// AR coefficient φ of deviations from the local level.
    pub phi: f64,
    /// Its standard error √(s²/Σx²).
    pub phi_se: f64,
    /// Residual variance s² of the non-crisis quarters.
    pub sigma2: f64,
    /// Non-crisis quarters in the φ regression.
    pub n_used: usize,
    /// Quarters in the sample (crisis included).
    pub n_sample: usize,
    /// Trend drift g_o: slope of growth on time over the trend window (log points per quarter).
    pub drift: f64,
    /// Its standard error.
    pub drift_se: f64,
    /// Damping κ of the drift projection.
    pub trend_damping: f64,
    /// Growth at the origin y_o.
    pub last: f64,
    /// Normal shock pool: the last R non-crisis residuals, oldest first (log points).
    pub normal_pool: Vec<f64>,
    /// Quarters of the normal pool.
    pub normal_pool_quarters: Vec<Quarter>,
    /// Crisis quarters in the sample and their residuals.
    pub crisis_pool: Vec<(Quarter, f64)>,
    /// Probability π of a crisis shock per quarter.
    pub crisis_probability: f64,
    /// Mean μ of the uncentred mixture, subtracted from every draw.
    pub shock_mean: f64,
}

impl LocalMeanFit {
    /// Estimate at origin `origin` on growth `y` (aligned with `quarters`; None where missing), with
    /// the φ regression starting at `sample_start`. `file` names the spec in errors.
    pub fn estimate(
        quarters: &[Quarter],
        y: &[Option<f64>],
        sample_start: Quarter,
        origin: Quarter,
        spec: &LocalMeanSpec,
        file: &str,
    ) -> Result<LocalMeanFit> {
        let m = spec.mean_window;
        if !(4..=80).contains(&m) {
            return Err(Error::spec(
                file,
                None,
                "gdp.local_mean.mean_window",
                format!("expected 4..=80 quarters, found {m}"),
            ));
        }
        if !(0.0..=2.0).contains(&spec.trend_damping) {
            return Err(Error::spec(
                file,
                None,
                "gdp.local_mean.trend_damping",
                format!("expected 0..=2, found {}", spec.trend_damping),
            ));
        }
        if !(8..=400).contains(&spec.trend_window) {
            return Err(Error::spec(
                file,
                None,
                "gdp.local_mean.trend_window",
                format!("expected 8..=400 quarters, found {}", spec.trend_window),
            ));
        }
        if !(4..=200).contains(&spec.recent_residuals) {
            return Err(Error::spec(
                file,
                None,
                "gdp.local_mean.recent_residuals",
                format!(
                    "expected 4..=200 residuals, found {}",
                    spec.recent_residuals
                ),
            ));
        }
        let pos = |q: Quarter| quarters.iter().position(|x| *x == q);
        let (i0, io) = match (pos(sample_start), pos(origin)) {
            (Some(a), Some(b)) if a < b => (a, b),
            _ => {
                return Err(Error::Request(format!(
                "GDP local mean: sample {sample_start}..{origin} is not inside the data ({}..{})",
                quarters.first().map(|q| q.to_string()).unwrap_or_default(),
                quarters.last().map(|q| q.to_string()).unwrap_or_default()
            )))
            }
        };
        if i0 < m + 1 {
            return Err(Error::spec(
                file,
                None,
                "gdp.sample_start",
                format!(
                    "{sample_start} leaves fewer than {} quarters of growth before it for the trailing mean",
                    m + 1
                ),
            ));
        }
        let val = |i: usize| -> Result<f64> {
            y[i].filter(|v| v.is_finite()).ok_or_else(|| {
                Error::Request(format!(
                    "GDP growth is missing in {} (needed by the local-mean model up to {origin})",
                    quarters[i]
                ))
            })
        };
        let window_mean = |end: usize| -> Result<f64> {
            let mut s = 0.0;
            for i in end + 1 - m..=end {
                s += val(i)?;
            }
            Ok(s / m as f64)
        };
        let crisis = |i: usize| spec.crisis_quarters.contains(&quarters[i]);
        let mut xs = Vec::new();
        let mut ds = Vec::new();
        for t in i0..=io {
            let mm = window_mean(t - 1)?;
            xs.push(val(t - 1)? - mm);
            ds.push(val(t)? - mm);
        }
        let keep: Vec<bool> = (i0..=io).map(|t| !crisis(t)).collect();
        let n_used = keep.iter().filter(|k| **k).count();
        if n_used < 8 {
            return Err(Error::spec(
                file,
                None,
                "gdp.sample_start",
                format!("the GDP local mean has only {n_used} non-crisis quarters in {sample_start}..{origin}; at least 8 are needed: start the sample earlier"),
            ));
        }
        let (mut sxx, mut sxd) = (0.0, 0.0);
        for ((x, d), k) in xs.iter().zip(&ds).zip(&keep) {
            if *k {
                sxx += x * x;
                sxd += x * d;
            }
        }
        if sxx.is_nan() || sxx <= 0.0 {
            return Err(Error::numerical(
                crate::error::NumericalCause::Singular,
                format!("GDP local mean: growth never deviates from its trailing mean in {sample_start}..{origin}"),
            ));
        }
        let phi = sxd / sxx;
        let e: Vec<f64> = xs.iter().zip(&ds).map(|(x, d)| d - phi * x).collect();
        let sigma2 = e
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(v, _)| v * v)
            .sum::<f64>()
            / (n_used - 1) as f64;
        let mean = window_mean(io)?;
        let var_w = (io + 1 - m..=io)
            .map(|i| (val(i).unwrap_or(mean) - mean).powi(2))
            .sum::<f64>()
            / (m - 1) as f64;
        let mut normal: Vec<(Quarter, f64)> = (i0..=io)
            .zip(&e)
            .filter(|(t, _)| !crisis(*t))
            .map(|(t, v)| (quarters[t], *v))
            .collect();
        let r = spec.recent_residuals.min(normal.len());
        let normal = normal.split_off(normal.len() - r);
        let crisis_pool: Vec<(Quarter, f64)> = (i0..=io)
            .zip(&e)
            .filter(|(t, _)| crisis(*t))
            .map(|(t, v)| (quarters[t], *v))
            .collect();
        // Drift: OLS of y on time over the trend window's non-crisis quarters (inside the data).
        let tw: Vec<(f64, f64)> = (io.saturating_sub(spec.trend_window - 1)..=io)
            .filter(|t| !crisis(*t))
            .filter_map(|t| y[t].filter(|v| v.is_finite()).map(|v| (t as f64, v)))
            .collect();
        let (drift, drift_se) = if tw.len() >= 8 {
            let nf = tw.len() as f64;
            let tm = tw.iter().map(|p| p.0).sum::<f64>() / nf;
            let ym = tw.iter().map(|p| p.1).sum::<f64>() / nf;
            let stt: f64 = tw.iter().map(|p| (p.0 - tm).powi(2)).sum();
            let sty: f64 = tw.iter().map(|p| (p.0 - tm) * (p.1 - ym)).sum();
            let b = sty / stt;
            let rss: f64 = tw.iter().map(|p| (p.1 - ym - b * (p.0 - tm)).powi(2)).sum();
            (b, (rss / (nf - 2.0) / stt).sqrt())
        } else {
            (0.0, 0.0)
        };
        let n_sample = io + 1 - i0;
        let pi = crisis_pool.len() as f64 / n_sample as f64;
        let mean_of = |v: &mut dyn Iterator<Item = f64>, n: usize| {
            if n == 0 {
                0.0
            } else {
                v.sum::<f64>() / n as f64
            }
        };
        let mu = (1.0 - pi) * mean_of(&mut normal.iter().map(|x| x.1), normal.len())
            + pi * mean_of(&mut crisis_pool.iter().map(|x| x.1), crisis_pool.len());
        let fit = LocalMeanFit {
            origin,
            sample_start,
            mean_window: m,
            mean,
            mean_se: (var_w / m as f64).sqrt(),
            phi,
            phi_se: (sigma2 / sxx).sqrt(),
            sigma2,
            n_used,
            n_sample,
            drift,
            drift_se,
            trend_damping: spec.trend_damping,
            last: val(io)?,
            normal_pool: normal.iter().map(|x| x.1).collect(),
            normal_pool_quarters: normal.iter().map(|x| x.0).collect(),
            crisis_pool,
            crisis_probability: pi,
            shock_mean: mu,
        };
        if [
            fit.phi,
            fit.phi_se,
            fit.mean,
            fit.mean_se,
            fit.sigma2,
            fit.drift,
            fit.drift_se,
        ]
        .iter()
        .any(|v| !v.is_finite())
        {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!("GDP local mean at {origin}: a non-finite estimate"),
            ));
        }
        Ok(fit)
    }

    /// The estimated parameters as a draw (no parameter uncertainty).
    pub fn central(&self) -> LocalMeanDraw {
        LocalMeanDraw {
            mean: self.mean,
            drift: self.drift,
            phi: self.phi,
        }
    }

    /// Draw parameters from three standard normals (φ, m, g), independent.
    pub fn draw(&self, z_phi: f64, z_mean: f64, z_drift: f64) -> LocalMeanDraw {
        LocalMeanDraw {
            mean: self.mean + self.mean_se * z_mean,
            drift: self.drift + self.drift_se * z_drift,
            phi: self.phi + self.phi_se * z_phi,
        }
    }

    /// The level ℓ_{o+j} = m + κ g ((M − 1)/2 + j) of quarter j ≥ 1 after the origin under draw `d`.
    pub fn level(&self, d: &LocalMeanDraw, j: usize) -> f64 {
        d.mean + self.trend_damping * d.drift * ((self.mean_window as f64 - 1.0) / 2.0 + j as f64)
    }

    /// A path from the origin under draw `d`: z_0 = y_o − m, z_j = φ z_{j−1} + add_j,
    /// y_{o+j} = ℓ_{o+j} + z_j, for as many quarters as `add` has (shocks plus tariff deviations).
    pub fn path(&self, d: &LocalMeanDraw, add: &[f64]) -> Vec<f64> {
        let mut z = self.last - d.mean;
        add.iter()
            .enumerate()
            .map(|(k, a)| {
                z = d.phi * z + a;
                self.level(d, k + 1) + z
            })
            .collect()
    }

    /// Point forecasts ŷ_{o+1..o+h} (log points q/q).
    pub fn point(&self, h: usize) -> Vec<f64> {
        self.path(&self.central(), &vec![0.0; h])
    }

    /// One centred shock from two uniforms in [0, 1): `u` picks the pool (crisis if u < π) and `v` the
    /// element.
    pub fn shock(&self, u: f64, v: f64) -> f64 {
        let pick = |pool: &[f64]| pool[((v * pool.len() as f64) as usize).min(pool.len() - 1)];
        let raw = if u < self.crisis_probability && !self.crisis_pool.is_empty() {
            let c: Vec<f64> = self.crisis_pool.iter().map(|x| x.1).collect();
            pick(&c)
        } else {
            pick(&self.normal_pool)
        };
        raw - self.shock_mean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarters(n: usize) -> Vec<Quarter> {
        let q0: Quarter = "2000Q1".parse().unwrap();
        (0..n).map(|k| q0.offset(k as i64)).collect()
    }

    #[test]
    fn phi_is_ols_without_constant_on_deviations_from_the_trailing_mean() {
        // A deterministic alternating series: growth 1, 0, 1, 0, ... The trailing 4-quarter mean is
        // always 0.5, so x_t = ±0.5 and d_t = ∓0.5: φ = −1 exactly, residuals zero.
        let q = quarters(30);
        let y: Vec<Option<f64>> = (0..30).map(|i| Some((i % 2) as f64)).collect();
        let spec = LocalMeanSpec {
            mean_window: 4,
            recent_residuals: 4,
            crisis_quarters: vec![],
            trend_window: 20,
            trend_damping: 0.0,
        };
        let f = LocalMeanFit::estimate(&q, &y, q[6], q[29], &spec, "t").unwrap();
        assert!((f.phi + 1.0).abs() < 1e-12, "{}", f.phi);
        assert!((f.mean - 0.5).abs() < 1e-12);
        assert!(f.sigma2.abs() < 1e-20);
        // y_o = 1 (index 29 is odd): path 0.5 − 0.5 = 0, then 1, 0, 1.
        // With κ = 0 the level stays at the mean.
        let p = f.point(4);
        assert!(
            (p[0] - 0.0).abs() < 1e-12 && (p[1] - 1.0).abs() < 1e-12,
            "{p:?}"
        );
    }

    #[test]
    fn crisis_quarters_form_their_own_pool_with_their_share_of_the_sample() {
        let q = quarters(40);
        let y: Vec<Option<f64>> = (0..40)
            .map(|i| {
                Some(if i == 30 {
                    -5.0
                } else {
                    0.5 + 0.1 * ((i * 7 % 5) as f64 - 2.0)
                })
            })
            .collect();
        let spec = LocalMeanSpec {
            mean_window: 8,
            recent_residuals: 6,
            crisis_quarters: vec![q[30]],
            trend_window: 20,
            trend_damping: 0.0,
        };
        let f = LocalMeanFit::estimate(&q, &y, q[10], q[39], &spec, "t").unwrap();
        assert_eq!(f.n_sample, 30);
        assert_eq!(f.n_used, 29);
        assert_eq!(f.crisis_pool.len(), 1);
        assert!((f.crisis_probability - 1.0 / 30.0).abs() < 1e-15);
        assert_eq!(f.normal_pool.len(), 6);
        assert_eq!(*f.normal_pool_quarters.last().unwrap(), q[39]);
        // Draws: u below π takes the crisis residual, otherwise the pool element v picks.
        let c = f.crisis_pool[0].1 - f.shock_mean;
        assert_eq!(f.shock(0.0, 0.3), c);
        assert_eq!(f.shock(0.5, 0.0), f.normal_pool[0] - f.shock_mean);
        assert_eq!(f.shock(0.5, 0.9999), f.normal_pool[5] - f.shock_mean);
        // Centred: the exact mixture mean of the draws is zero.
        let n = f.normal_pool.len() as f64;
        let mean = (1.0 - f.crisis_probability)
            * f.normal_pool.iter().map(|v| v - f.shock_mean).sum::<f64>()
            / n
            + f.crisis_probability * c;
        assert!(mean.abs() < 1e-12, "{mean}");
    }

    #[test]
    fn the_level_projects_the_damped_drift_from_the_centre_of_the_window() {
        // Growth falling by exactly 0.01 a quarter: the trailing 8-quarter mean lags the last value
        // by 3.5 quarters of drift, and the full drift (κ = 1) puts the level back on the line.
        let q = quarters(60);
        let y: Vec<Option<f64>> = (0..60).map(|i| Some(2.0 - 0.01 * i as f64)).collect();
        let spec = LocalMeanSpec {
            mean_window: 8,
            recent_residuals: 8,
            crisis_quarters: vec![],
            trend_window: 40,
            trend_damping: 1.0,
        };
        let f = LocalMeanFit::estimate(&q, &y, q[20], q[59], &spec, "t").unwrap();
        assert!((f.drift + 0.01).abs() < 1e-12, "{}", f.drift);
        let d = f.central();
        for j in 1..5 {
            let want = 2.0 - 0.01 * (59 + j) as f64;
            assert!((f.level(&d, j) - want).abs() < 1e-12, "{j}");
        }
        // A path adds deviations through φ: with φ = 0 a one-off addition lasts one quarter.
        let d0 = LocalMeanDraw { phi: 0.0, ..d };
        let p = f.path(&d0, &[1.0, 0.0]);
        assert!((p[0] - f.level(&d0, 1) - 1.0).abs() < 1e-12);
        assert!((p[1] - f.level(&d0, 2)).abs() < 1e-12);
    }

    #[test]
    fn too_short_a_sample_is_an_error_not_a_panic() {
        let q = quarters(12);
        let y: Vec<Option<f64>> = vec![Some(1.0); 12];
        let spec = LocalMeanSpec::default();
        assert!(LocalMeanFit::estimate(&q, &y, q[2], q[11], &spec, "t").is_err());
        assert!(LocalMeanFit::estimate(&q, &y, q[11], q[2], &spec, "t").is_err());
    }
}
