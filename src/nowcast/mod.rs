//! Nowcasting Korea's GDP growth in the quarter in progress from monthly data (issue #13): the
//! equal-weight combination of two bridge equations estimated on the 60 complete quarters before the
//! target, with the months of the quarter not yet published set to the mean of the known ones.
//! Evidence and the candidates it beat: tools/reference/nowcast_candidates.md.
//!
//! For target quarter t with m ∈ {1, 2, 3} months known:
//! - regressors of a quarter s: gx_s(m) = 100 ln(mean of months 1..m of exports in s / mean of the
//!   three months of s − 1) (OECD, s.a., USD), gf_s(m) the same for KRW per USD, and the trend s − t;
//!   training quarters use m = 3;
//! - bridge A: y_s = a + c gx + f gf + d (s − t); bridge B: y_s = a + c gx + d (s − t); OLS on
//!   s = t − 60 .. t − 1 (the fit depends on t only, not on m);
//! - nowcast ŷ = ½ (A at t) + ½ (B at t); predictive distribution: the 60 values
//!   ŷ + ½ (e_A + e_B) √(n / (n − 4)) over the window (residual bootstrap, no random draws); quantiles by
//!   linear interpolation (type 7), P(growth < 0) the share below zero;
//! - next quarter: trend AR(1) y_s = a + d (s − t) + φ y_{s−1} on the same window, ŷ_{t+1} = a + d + φ ŷ,
//!   with its residuals × √(n / (n − 3)) around it.
//!
//! The news of a release is the change it makes to the nowcast with the coefficients held: for the
//! exports, ½ (c_A + c_B) Δgx, for the exchange rate ½ f_A Δgf, against the nowcast with one month fewer
//! (with one month, against the window means of the regressors, i.e. "no monthly news").

mod report;

pub use report::{Contribution, NextQuarter, Nowcast, NowcastBacktest, NowcastScore};

use ndarray::{Array1, Array2};
use serde::Deserialize;

use crate::data::{Month, MonthlyTable, Quarter};
use crate::econometrics::Ols;
use crate::error::{Error, Result};

/// `[nowcast]` in the model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NowcastSpec {
    /// Estimation window in quarters (complete quarters before the target).
    #[serde(default = "default_window")]
    pub window: usize,
    /// Monthly export series (macro_monthly.csv column).
    #[serde(default = "default_exports")]
    pub exports: String,
    /// Monthly exchange-rate series (KRW per USD).
    #[serde(default = "default_fx")]
    pub fx: String,
}

fn default_window() -> usize {
    60
}
fn default_exports() -> String {
    "kor_exports_usd_bn_sa".into()
}
fn default_fx() -> String {
    "krw_per_usd".into()
}

impl Default for NowcastSpec {
    fn default() -> Self {
        NowcastSpec {
            window: default_window(),
            exports: default_exports(),
            fx: default_fx(),
        }
    }
}

/// 100 ln(mean of months 1..m of quarter q / mean of the three months of q − 1) of `series`, or None
/// if a month is missing.
pub fn quarter_growth(t: &MonthlyTable, series: &str, q: Quarter, m: usize) -> Option<f64> {
    let first = Month::first_of(q);
    let cur: Option<Vec<f64>> = (0..m as i64)
        .map(|j| t.value(series, first.offset(j)))
        .collect();
    let prev: Option<Vec<f64>> = (-3..0i64)
        .map(|j| t.value(series, first.offset(j)))
        .collect();
    let (cur, prev) = (cur?, prev?);
    let a = cur.iter().sum::<f64>() / cur.len() as f64;
    let b = prev.iter().sum::<f64>() / 3.0;
    Some(100.0 * (a / b).ln())
}

/// The two bridge equations and the trend AR(1) estimated for one target quarter.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NowcastFit {
    /// Target quarter t.
    pub quarter: Quarter,
    /// First and last quarter of the window.
    pub window: (Quarter, Quarter),
    /// Bridge A coefficients: const, export growth, KRW/USD growth, trend.
    pub bridge_a: [f64; 4],
    /// Bridge B coefficients: const, export growth, trend.
    pub bridge_b: [f64; 3],
    /// Trend AR(1) for the next quarter: const, trend, lag.
    pub next_ar: [f64; 3],
    /// Averaged residuals ½ (e_A + e_B) of the window, oldest first (log points).
    #[serde(skip)]
    resid: Vec<f64>,
    /// Residuals of the trend AR(1).
    #[serde(skip)]
    resid_next: Vec<f64>,
    /// Window means of export and KRW growth (the "no news" reference).
    pub regressor_means: (f64, f64),
}

/// A nowcast distribution: point, sorted bootstrap values.
#[derive(Debug, Clone)]
pub struct NowcastDraw {
    /// Point nowcast (log points q/q).
    pub point: f64,
    /// Export growth and KRW/USD growth used (%).
    pub regressors: (f64, f64),
    /// The 60 predictive values, sorted.
    pub values: Vec<f64>,
}

impl NowcastDraw {
    /// Quantile (p in 0..1), linear interpolation.
    pub fn quantile(&self, p: f64) -> f64 {
        crate::forecast::quantile_sorted(&self.values, 100.0 * p)
    }

    /// Share of values below zero.
    pub fn p_negative(&self) -> f64 {
        self.values.partition_point(|x| *x < 0.0) as f64 / self.values.len() as f64
    }

    /// Share of values at or below `x` (the PIT of an outcome).
    pub fn cdf(&self, x: f64) -> f64 {
        self.values.partition_point(|v| *v <= x) as f64 / self.values.len() as f64
    }
}

fn ols(y: &[f64], cols: &[Vec<f64>], names: &[&str]) -> Result<(Vec<f64>, Vec<f64>)> {
    let n = y.len();
    let k = cols.len();
    let x = Array2::from_shape_fn((n, k), |(i, j)| cols[j][i]);
    let ya = Array1::from_vec(y.to_vec());
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let (beta, _) = Ols::point("gdp_growth", ya.view(), x.view(), &names)?;
    let e = (0..n)
        .map(|i| y[i] - (0..k).map(|j| beta[j] * cols[j][i]).sum::<f64>())
        .collect();
    Ok((beta.to_vec(), e))
}

impl NowcastFit {
    /// Estimate for target `t` on quarterly growth `y` (aligned with `quarters`) and the monthly table.
    pub fn estimate(
        quarters: &[Quarter],
        y: &[Option<f64>],
        monthly: &MonthlyTable,
        t: Quarter,
        spec: &NowcastSpec,
    ) -> Result<NowcastFit> {
        let w = spec.window;
        if !(12..=200).contains(&w) {
            return Err(Error::spec(
                "model spec",
                None,
                "nowcast.window",
                format!("expected 12..=200 quarters, found {w}"),
            ));
        }
        let growth = |q: Quarter| {
            quarters
                .iter()
                .position(|x| *x == q)
                .and_then(|i| y[i])
                .filter(|v| v.is_finite())
        };
        let mut ys = Vec::with_capacity(w);
        let mut ylag = Vec::with_capacity(w);
        let (mut gx, mut gf, mut tr) = (Vec::new(), Vec::new(), Vec::new());
        for k in (1..=w as i64).rev() {
            let s = t.offset(-k);
            let missing = |what: &str| {
                Error::Request(format!(
                    "nowcast of {t}: no {what} for {s} (the bridge needs the {w} complete quarters before the target)"
                ))
            };
            ys.push(growth(s).ok_or_else(|| missing("GDP growth"))?);
            ylag.push(growth(s.offset(-1)).ok_or_else(|| missing("lagged GDP growth"))?);
            gx.push(
                quarter_growth(monthly, &spec.exports, s, 3)
                    .ok_or_else(|| missing(&format!("monthly `{}`", spec.exports)))?,
            );
            gf.push(
                quarter_growth(monthly, &spec.fx, s, 3)
                    .ok_or_else(|| missing(&format!("monthly `{}`", spec.fx)))?,
            );
            tr.push(-(k as f64));
        }
        let one = vec![1.0; w];
        let (a, ea) = ols(
            &ys,
            &[one.clone(), gx.clone(), gf.clone(), tr.clone()],
            &["const", "export_growth", "krw_usd_growth", "trend"],
        )?;
        let (b, eb) = ols(
            &ys,
            &[one.clone(), gx.clone(), tr.clone()],
            &["const", "export_growth", "trend"],
        )?;
        let (c, ec) = ols(&ys, &[one, tr, ylag], &["const", "trend", "gdp_growth_l1"])?;
        let resid = ea.iter().zip(&eb).map(|(x, y)| 0.5 * (x + y)).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        Ok(NowcastFit {
            quarter: t,
            window: (t.offset(-(w as i64)), t.offset(-1)),
            bridge_a: [a[0], a[1], a[2], a[3]],
            bridge_b: [b[0], b[1], b[2]],
            next_ar: [c[0], c[1], c[2]],
            resid,
            resid_next: ec,
            regressor_means: (mean(&gx), mean(&gf)),
        })
    }

    /// The point nowcast at export growth `gx` and KRW/USD growth `gf` (%).
    pub fn point(&self, gx: f64, gf: f64) -> f64 {
        let (a, b) = (&self.bridge_a, &self.bridge_b);
        0.5 * (a[0] + a[1] * gx + a[2] * gf) + 0.5 * (b[0] + b[1] * gx)
    }

    /// The nowcast distribution at regressors (`gx`, `gf`).
    pub fn draw(&self, gx: f64, gf: f64) -> NowcastDraw {
        let point = self.point(gx, gf);
        let n = self.resid.len() as f64;
        let scale = (n / (n - 4.0)).sqrt();
        let mut values: Vec<f64> = self.resid.iter().map(|e| point + e * scale).collect();
        values.sort_by(f64::total_cmp);
        NowcastDraw {
            point,
            regressors: (gx, gf),
            values,
        }
    }

    /// The next quarter's distribution from the trend AR(1) around ŷ_{t+1} = a + d + φ ŷ_t.
    pub fn next(&self, now: f64) -> NowcastDraw {
        let c = &self.next_ar;
        let point = c[0] + c[1] + c[2] * now;
        let n = self.resid_next.len() as f64;
        let scale = (n / (n - 3.0)).sqrt();
        let mut values: Vec<f64> = self.resid_next.iter().map(|e| point + e * scale).collect();
        values.sort_by(f64::total_cmp);
        NowcastDraw {
            point,
            regressors: (f64::NAN, f64::NAN),
            values,
        }
    }

    /// The nowcast with `m` months of quarter t known in `monthly` (None if the export months are
    /// missing; a missing exchange-rate month falls back to the window mean of its growth).
    pub fn with_months(
        &self,
        monthly: &MonthlyTable,
        spec: &NowcastSpec,
        m: usize,
    ) -> Option<NowcastDraw> {
        let gx = quarter_growth(monthly, &spec.exports, self.quarter, m)?;
        let gf =
            quarter_growth(monthly, &spec.fx, self.quarter, m).unwrap_or(self.regressor_means.1);
        Some(self.draw(gx, gf))
    }
}

/// How many months of quarter `t` the monthly exports cover (0..=3).
pub fn months_known(monthly: &MonthlyTable, spec: &NowcastSpec, t: Quarter) -> usize {
    let first = Month::first_of(t);
    (0..3)
        .take_while(|j| monthly.value(&spec.exports, first.offset(*j)).is_some())
        .count()
}

/// Last quarter whose GDP advance estimate is out at the end of month `m` (published within the
/// month after the quarter): the quarter of m − 3.
pub fn last_gdp_quarter_known(m: Month) -> Quarter {
    m.offset(-3).quarter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gdp_of_a_quarter_is_known_from_the_month_after_it() {
        let q = |s: &str| s.parse::<Month>().unwrap();
        assert_eq!(last_gdp_quarter_known(q("2025-01")).to_string(), "2024Q4");
        assert_eq!(last_gdp_quarter_known(q("2025-03")).to_string(), "2024Q4");
        assert_eq!(last_gdp_quarter_known(q("2025-04")).to_string(), "2025Q1");
    }
}
