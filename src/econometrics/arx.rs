//! The quarterly GDP model: ARX/ARDL of Korea's real GDP growth (log points q/q, s.a.) with the AR
//! order chosen by information criterion and exogenous drivers kept only where they improve
//! rolling-origin one-quarter-ahead RMSE. Spec in models/model.toml (`[gdp]`), not in code.

use ndarray::{s, Array2};
use serde::Deserialize;

use super::backtest::rmse;
use super::covariance::CovType;
use super::local_mean::LocalMeanSpec;
use super::ols::{Ols, OlsFit};
use super::timeseries::{build_design, Design, Term, Transform, Variable};
use crate::data::{Quarter, QuarterlyTable};
use crate::error::{Error, Result};

/// Information criterion for the AR order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    /// Akaike.
    Aic,
    /// Schwarz/Bayesian.
    Bic,
}

/// A candidate exogenous driver.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DriverSpec {
    /// Name in coefficient tables.
    pub name: String,
    /// Column of data/macro_quarterly.csv.
    pub series: String,
    /// Transform of the series.
    pub transform: Transform,
    /// Lags (0 = same quarter).
    pub lags: Vec<usize>,
}

/// Which GDP baseline the forecast uses (`[gdp] method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GdpMethod {
    /// AR(1) in deviations from the trailing mean, mixture shocks (the default; [`LocalMeanFit`]).
    #[default]
    LocalMean,
    /// ARX with the AR order by criterion and drivers by rolling RMSE, on an expanding sample or a
    /// rolling `window`.
    Arx,
}

impl GdpMethod {
    /// Name in reports (`local_mean`, `arx`).
    pub fn name(self) -> &'static str {
        match self {
            GdpMethod::LocalMean => "local_mean",
            GdpMethod::Arx => "arx",
        }
    }
}

/// How exogenous drivers enter a backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverMode {
    /// Forecast by their own AR(1) on the same sample, as a user would have to (default).
    #[default]
    Forecast,
    /// At their realised values (a conditional forecast).
    Realised,
}

impl DriverMode {
    /// `forecast` or `realised`.
    pub fn name(self) -> &'static str {
        match self {
            DriverMode::Forecast => "forecast",
            DriverMode::Realised => "realised",
        }
    }
}

impl std::str::FromStr for DriverMode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "forecast" => Ok(DriverMode::Forecast),
            "realised" | "realized" => Ok(DriverMode::Realised),
            _ => Err(format!("expected forecast or realised, found `{s}`")),
        }
    }
}

/// `[gdp]` in the model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct GdpSpec {
    /// Equation name.
    pub name: String,
    /// The baseline used by the forecast (default `local_mean`); the ARX below is always estimated
    /// too (growth-at-risk regressions, `estimate` tables) and selectable with `method = "arx"`.
    #[serde(default)]
    pub method: GdpMethod,
    /// Settings of the local-mean baseline (`[gdp.local_mean]`).
    #[serde(default)]
    pub local_mean: LocalMeanSpec,
    /// Rolling estimation window of the ARX in quarters (None: expanding from `sample_start`).
    #[serde(default)]
    pub window: Option<usize>,
    /// Level series of real GDP.
    pub dependent: String,
    /// Transform of the dependent variable (dlog100 = growth in log points).
    pub transform: Transform,
    /// First quarter of the estimation sample.
    pub sample_start: Quarter,
    /// Last quarter (default: last with every series available).
    #[serde(default)]
    pub sample_end: Option<Quarter>,
    /// Largest AR order tried (1..=max).
    pub max_ar_lags: usize,
    /// Criterion for the AR order.
    pub criterion: Criterion,
    /// Covariance type: classical, hc0..hc3, hac, hac:L.
    pub covariance: String,
    /// Candidate drivers, tried in order.
    #[serde(default)]
    pub candidates: Vec<DriverSpec>,
}

/// `[backtest]` in the model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BacktestSpec {
    /// First forecast origin (the last quarter of the first estimation window).
    pub first_origin: Quarter,
    /// Horizons in quarters (1..=12).
    pub horizons: Vec<usize>,
    /// Drivers forecast (default) or at realised values.
    #[serde(default)]
    pub drivers: DriverMode,
    /// Monte Carlo paths per origin for the predictive densities (default 4000).
    #[serde(default = "default_backtest_paths")]
    pub paths: usize,
    /// Seed of the per-origin Monte Carlo streams.
    #[serde(default = "default_backtest_seed")]
    pub seed: u64,
}

fn default_backtest_paths() -> usize {
    4000
}

fn default_backtest_seed() -> u64 {
    20260412
}

impl BacktestSpec {
    /// Check horizons and paths; `file` names the spec.
    pub fn check(&self, file: &str) -> Result<()> {
        if self.horizons.is_empty() || self.horizons.iter().any(|h| !(1..=12).contains(h)) {
            return Err(Error::spec(
                file,
                None,
                "backtest.horizons",
                format!(
                    "expected one or more horizons in 1..=12 quarters, found {:?}",
                    self.horizons
                ),
            ));
        }
        if !(100..=100_000).contains(&self.paths) {
            return Err(Error::spec(
                file,
                None,
                "backtest.paths",
                format!(
                    "expected 100..=100000 paths per origin, found {}",
                    self.paths
                ),
            ));
        }
        Ok(())
    }
}

/// One row of the AR-order selection table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LagChoice {
    /// AR order.
    pub p: usize,
    /// AIC of the AR(p) fit on the common sample.
    pub aic: f64,
    /// BIC.
    pub bic: f64,
}

/// One driver decision.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DriverChoice {
    /// Driver name.
    pub name: String,
    /// One-step rolling RMSE without it (log points).
    pub rmse_without: f64,
    /// With it.
    pub rmse_with: f64,
    /// Kept?
    pub kept: bool,
}

/// A model configuration: AR order and the drivers (indices into the spec's candidates).
#[derive(Debug, Clone, PartialEq)]
pub struct ArxConfig {
    /// AR order p.
    pub p: usize,
    /// Drivers kept.
    pub drivers: Vec<usize>,
}

/// The estimated GDP model.
#[derive(Debug, Clone)]
pub struct GdpModel {
    /// The spec it came from.
    pub spec: GdpSpec,
    /// Chosen configuration.
    pub config: ArxConfig,
    /// Estimation design (full sample).
    pub design: Design,
    /// The fit with the spec's covariance.
    pub fit: OlsFit,
    /// AR-order table.
    pub lag_table: Vec<LagChoice>,
    /// Driver decisions.
    pub driver_choices: Vec<DriverChoice>,
    vars: Vec<Variable>,
    quarters: Vec<Quarter>,
}

/// Rolling-origin forecasts of one ARX configuration at one horizon.
#[derive(Debug, Clone)]
pub struct RollingForecasts {
    /// Horizon h (quarters).
    pub horizon: usize,
    /// Origins (the last quarter of each estimation sample).
    pub origins: Vec<Quarter>,
    /// Target quarters.
    pub targets: Vec<Quarter>,
    /// Point forecasts (log points q/q).
    pub forecast: Vec<f64>,
    /// Classical forecast standard deviations s·√Σψ² (parameter uncertainty ignored).
    pub sd: Vec<f64>,
    /// Outcomes.
    pub actual: Vec<f64>,
}

impl RollingForecasts {
    /// Errors actual − forecast.
    pub fn errors(&self) -> Vec<f64> {
        self.actual
            .iter()
            .zip(&self.forecast)
            .map(|(a, f)| a - f)
            .collect()
    }
}

/// Backtest statistics of one model at one horizon (JSON contract: keys are kept, new ones added).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BacktestRow {
    /// Model: the headwind baseline (`local_mean` or `arx`), then the benchmarks `ar1`,
    /// `random_walk`, `mean` (historical mean) and `rolling_mean_20`.
    pub model: String,
    /// `model` for the headwind baseline, `benchmark` otherwise.
    pub role: &'static str,
    /// Horizon (quarters).
    pub horizon: usize,
    /// Number of forecasts.
    pub n: usize,
    /// RMSE (log points).
    pub rmse: f64,
    /// MAE (log points).
    pub mae: f64,
    /// Mean error, actual − forecast (log points; negative = over-prediction).
    pub mean_error: f64,
    /// DM statistic of the headwind model against this model (positive: headwind more accurate);
    /// None for the model itself.
    pub dm_stat: Option<f64>,
    /// DM p-value.
    pub dm_p_value: Option<f64>,
    /// Share of outcomes inside the central 50% band (models with bands).
    pub coverage_50: Option<f64>,
    /// Share of outcomes inside the central 90% band.
    pub coverage_90: Option<f64>,
    /// Brier score of the model's P(growth < 0).
    pub brier: Option<f64>,
    /// Brier score of the historical base rate.
    pub brier_base_rate: Option<f64>,
    /// Brier skill 1 − Brier / Brier(base rate) (positive: better than the base rate).
    pub brier_skill: Option<f64>,
}

/// The coefficient layout of an ARX(p) equation, known only here: β = (c, φ_1..φ_p, b_1..b_m) for
/// y_t = c + Σ_i φ_i y_{t−i} + Σ_j b_j x_{j,t} + e_t. The one recursion of the crate
/// ([`ArxLayout::path`]) serves the rolling backtest (point forecasts, no shocks) and the Monte Carlo
/// (drawn coefficients, shocks and tariff deviations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArxLayout {
    /// AR order p.
    pub p: usize,
    /// Number of driver terms m (after the AR lags).
    pub drivers: usize,
}

impl ArxLayout {
    /// Number of coefficients 1 + p + m.
    pub fn k(&self) -> usize {
        1 + self.p + self.drivers
    }

    /// The AR coefficients φ_1..φ_p of β.
    pub fn ar<'a>(&self, beta: &'a [f64]) -> &'a [f64] {
        &beta[1..=self.p]
    }

    /// An h-quarter path: y_t = c + Σ φ_i y_{t−i} + b·x_t + add_t, the AR lags running on the path's
    /// own values. `hist` holds y_T, y_{T−1}, … (at least p values), `drivers` the driver terms per
    /// quarter (h x m) and `add` what is added each quarter (shocks, tariff deviations; h values).
    pub fn path(
        &self,
        beta: &[f64],
        hist: &[f64],
        drivers: ndarray::ArrayView2<f64>,
        add: &[f64],
    ) -> Vec<f64> {
        debug_assert_eq!(beta.len(), self.k());
        debug_assert_eq!(drivers.ncols(), self.drivers);
        let mut lags: Vec<f64> = hist[..self.p].to_vec();
        let mut out = Vec::with_capacity(add.len());
        for (t, a) in add.iter().enumerate() {
            let mut v = beta[0];
            for (i, lag) in lags.iter().enumerate() {
                v += beta[1 + i] * lag;
            }
            for (c, x) in drivers.row(t).iter().enumerate() {
                v += beta[1 + self.p + c] * x;
            }
            v += a;
            out.push(v);
            if self.p > 0 {
                lags.rotate_right(1);
                lags[0] = v;
            }
        }
        out
    }
}

fn terms_for(p: usize, drivers: &[usize], spec: &GdpSpec) -> Vec<Term> {
    let mut t: Vec<Term> = (1..=p).map(|l| Term { var: 0, lag: l }).collect();
    for &d in drivers {
        for &l in &spec.candidates[d].lags {
            t.push(Term { var: d + 1, lag: l });
        }
    }
    t
}

/// Coefficients ψ_0..ψ_{h-1} of the MA(∞) form of an AR(p) with coefficients `phi`.
fn psi_weights(phi: &[f64], h: usize) -> Vec<f64> {
    let mut psi = vec![1.0; h.max(1)];
    for j in 1..h {
        psi[j] = (1..=phi.len().min(j))
            .map(|i| phi[i - 1] * psi[j - i])
            .sum();
    }
    psi
}

impl GdpModel {
    /// Estimate the model on `table`: AR order by criterion, drivers by out-of-sample RMSE, final fit
    /// with the spec's covariance. `file` names the spec in error messages.
    pub fn estimate(
        table: &QuarterlyTable,
        spec: &GdpSpec,
        bt: &BacktestSpec,
        file: &str,
    ) -> Result<GdpModel> {
        let cov = CovType::parse(&spec.covariance).ok_or_else(|| {
            Error::spec(
                file,
                None,
                "gdp.covariance",
                format!(
                    "expected classical, hc0..hc3, hac or hac:L, found `{}`",
                    spec.covariance
                ),
            )
        })?;
        if spec.max_ar_lags == 0 || spec.max_ar_lags > 12 {
            return Err(Error::spec(
                file,
                None,
                "gdp.max_ar_lags",
                format!("expected 1..=12, found {}", spec.max_ar_lags),
            ));
        }
        let mut vars = vec![Variable::from_table(
            table,
            &spec.dependent,
            spec.transform,
            &spec.name,
            file,
            "gdp.dependent",
        )?];
        for (i, c) in spec.candidates.iter().enumerate() {
            if c.lags.is_empty() || c.lags.iter().any(|l| *l > 12) {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("gdp.candidates[{}].lags", i + 1),
                    "expected one or more lags in 0..=12",
                ));
            }
            vars.push(Variable::from_table(
                table,
                &c.series,
                c.transform,
                &c.name,
                file,
                &format!("gdp.candidates[{}].series", i + 1),
            )?);
        }
        let quarters = table.quarters.clone();
        let all: Vec<usize> = (0..spec.candidates.len()).collect();
        // Common sample for every comparison: the one the largest model can use.
        let widest = build_design(
            &quarters,
            &vars[0],
            &vars,
            &terms_for(spec.max_ar_lags, &all, spec),
            spec.sample_start,
            spec.sample_end,
        )
        .map_err(|e| Error::spec(file, None, "gdp.sample_start", e))?;
        let end = *widest.quarters.last().expect("non-empty");
        let mut model = GdpModel {
            spec: spec.clone(),
            config: ArxConfig {
                p: 1,
                drivers: vec![],
            },
            design: widest.clone(),
            fit: Ols::new(CovType::Classical).fit(
                &spec.name,
                widest.y.view(),
                widest.x.view(),
                &widest.names,
            )?,
            lag_table: vec![],
            driver_choices: vec![],
            vars,
            quarters,
        };
        let ols = Ols::new(CovType::Classical);
        for p in 1..=spec.max_ar_lags {
            let d = model.design_for(&ArxConfig { p, drivers: vec![] }, Some(end))?;
            let f = ols.fit(&spec.name, d.y.view(), d.x.view(), &d.names)?;
            model.lag_table.push(LagChoice {
                p,
                aic: f.aic,
                bic: f.bic,
            });
        }
        let best = model
            .lag_table
            .iter()
            .min_by(|a, b| match spec.criterion {
                Criterion::Aic => a.aic.total_cmp(&b.aic),
                Criterion::Bic => a.bic.total_cmp(&b.bic),
            })
            .expect("at least one order");
        let mut config = ArxConfig {
            p: best.p,
            drivers: vec![],
        };
        let mut current = model
            .rolling(&config, 1, bt.first_origin, Some(end), bt.drivers)?
            .errors();
        for d in 0..spec.candidates.len() {
            let mut trial = config.clone();
            trial.drivers.push(d);
            let e = model
                .rolling(&trial, 1, bt.first_origin, Some(end), bt.drivers)?
                .errors();
            let (without, with) = (rmse(&current), rmse(&e));
            let kept = with < without;
            model.driver_choices.push(DriverChoice {
                name: spec.candidates[d].name.clone(),
                rmse_without: without,
                rmse_with: with,
                kept,
            });
            if kept {
                config = trial;
                current = e;
            }
        }
        model.design = model.design_for(&config, Some(end))?;
        if let Some(w) = spec.window {
            model.design = model.design.last_rows(w);
        }
        cov.check_lags(model.design.y.len(), file, "gdp.covariance")?;
        model.fit = Ols::new(cov).fit(
            &spec.name,
            model.design.y.view(),
            model.design.x.view(),
            &model.design.names,
        )?;
        model.config = config;
        Ok(model)
    }

    fn design_for(&self, cfg: &ArxConfig, end: Option<Quarter>) -> Result<Design> {
        build_design(
            &self.quarters,
            &self.vars[0],
            &self.vars,
            &terms_for(cfg.p, &cfg.drivers, &self.spec),
            self.spec.sample_start,
            end,
        )
    }

    /// The estimation sample as "start-end".
    pub fn sample(&self) -> String {
        format!(
            "{}-{}",
            self.design.quarters[0],
            self.design.quarters[self.design.quarters.len() - 1]
        )
    }

    /// The table's quarters and the dependent variable on them (log points), for forecasting.
    pub fn history(&self) -> (&[Quarter], &[Option<f64>]) {
        (&self.quarters, &self.vars[0].values)
    }

    /// The driver terms of the fitted design in column order after the AR lags:
    /// (driver name, lag, the driver's values on the table's quarters).
    pub fn driver_terms(&self) -> Vec<(String, usize, Vec<Option<f64>>)> {
        let mut out = Vec::new();
        for &d in &self.config.drivers {
            for &l in &self.spec.candidates[d].lags {
                out.push((
                    self.spec.candidates[d].name.clone(),
                    l,
                    self.vars[d + 1].values.clone(),
                ));
            }
        }
        out
    }

    /// AR coefficients φ_1..φ_p of the fit.
    pub fn ar_coefficients(&self) -> Vec<f64> {
        let beta: Vec<f64> = self.fit.coefficients.iter().map(|c| c.estimate).collect();
        self.layout().ar(&beta).to_vec()
    }

    /// The coefficient layout of the fitted equation.
    pub fn layout(&self) -> ArxLayout {
        ArxLayout {
            p: self.config.p,
            drivers: self.fit.coefficients.len() - 1 - self.config.p,
        }
    }

    /// Rolling-origin forecasts of configuration `cfg` at horizon `h` from `first_origin` to the
    /// last target the design has (re-estimated at each origin on an expanding sample, or on the
    /// spec's rolling `window`). With [`DriverMode::Forecast`] each driver is forecast by its own
    /// AR(1) (OLS with a constant, same sample) iterated from its last value at the origin; with
    /// [`DriverMode::Realised`] drivers enter at their realised values (conditional forecasts).
    pub fn rolling(
        &self,
        cfg: &ArxConfig,
        h: usize,
        first_origin: Quarter,
        end: Option<Quarter>,
        mode: DriverMode,
    ) -> Result<RollingForecasts> {
        let d = self.design_for(cfg, end)?;
        let n = d.y.len();
        let o0 = d
            .quarters
            .iter()
            .position(|q| *q == first_origin)
            .ok_or_else(|| {
                Error::Request(format!(
                    "backtest first origin {first_origin} is outside the estimation sample {}..{}",
                    d.quarters[0],
                    d.quarters[n - 1]
                ))
            })?;
        if h == 0 || o0 + h >= n {
            return Err(Error::Request(format!(
                "backtest first origin {first_origin} leaves no {h}-quarter-ahead target"
            )));
        }
        let terms = terms_for(cfg.p, &cfg.drivers, &self.spec);
        let mut out = RollingForecasts {
            horizon: h,
            origins: vec![],
            targets: vec![],
            forecast: vec![],
            sd: vec![],
            actual: vec![],
        };
        for o in o0..n - h {
            let lo = self.spec.window.map_or(0, |w| (o + 1).saturating_sub(w));
            let f = Ols::point(
                "y",
                d.y.slice(s![lo..=o]),
                d.x.slice(s![lo..=o, ..]),
                &d.names,
            )?;
            let mut x = d.x.clone();
            if mode == DriverMode::Forecast {
                self.forecast_drivers(&mut x, &d, &terms[cfg.p..], cfg.p, o, h, lo);
            }
            let (yhat, var) = iterate(&f, &x, cfg.p, o, h);
            out.origins.push(d.quarters[o]);
            out.targets.push(d.quarters[o + h]);
            out.forecast.push(yhat);
            out.sd.push(var.sqrt());
            out.actual.push(d.y[o + h]);
        }
        Ok(out)
    }

    /// Replace the driver columns of rows o+1..=o+h of `x` by AR(1) forecasts made at origin row `o`
    /// (values at quarters up to the origin stay realised). `lo` is the first sample row.
    #[allow(clippy::too_many_arguments)]
    fn forecast_drivers(
        &self,
        x: &mut Array2<f64>,
        d: &Design,
        terms: &[Term],
        p: usize,
        o: usize,
        h: usize,
        lo: usize,
    ) {
        let origin_row = d.rows[o];
        let first_row = d.rows[lo];
        for (c, term) in terms.iter().enumerate() {
            let v = &self.vars[term.var].values;
            // AR(1) with a constant on the sample's quarters (both values present).
            let pairs: Vec<(f64, f64)> = (first_row.max(1)..=origin_row)
                .filter_map(|r| Some((v[r - 1]?, v[r]?)))
                .collect();
            let nf = pairs.len() as f64;
            let (mx, my) = pairs
                .iter()
                .fold((0.0, 0.0), |a, (x0, y0)| (a.0 + x0 / nf, a.1 + y0 / nf));
            let sxx: f64 = pairs.iter().map(|(x0, _)| (x0 - mx).powi(2)).sum();
            let sxy: f64 = pairs.iter().map(|(x0, y0)| (x0 - mx) * (y0 - my)).sum();
            let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            let a = my - b * mx;
            let Some(last) = v[origin_row] else { continue };
            for j in 1..=h {
                let row = o + j;
                let q_row = d.rows[row];
                if q_row < term.lag || q_row - term.lag <= origin_row {
                    continue;
                }
                let steps = q_row - term.lag - origin_row;
                let mut f = last;
                for _ in 0..steps {
                    f = a + b * f;
                }
                x[[row, 1 + p + c]] = f;
            }
        }
    }
}

/// h-step iterated forecast from origin row `o` of a design whose columns are laid out as
/// [`ArxLayout`] (constant, p AR lags, drivers) with point estimates (b, s): the forecast and its
/// variance s² Σ ψ_j² (parameter uncertainty ignored, as in the classical forecast error). Lags after
/// the origin are the path's own forecasts; drivers enter at the design's (realised) values.
fn iterate(
    f: &(ndarray::Array1<f64>, f64),
    x: &Array2<f64>,
    p: usize,
    o: usize,
    h: usize,
) -> (f64, f64) {
    let (beta, sigma) = (f.0.as_slice().expect("contiguous"), f.1);
    let layout = ArxLayout {
        p,
        drivers: beta.len() - 1 - p,
    };
    // Row o+1 holds y_o, y_{o-1}, ... in its AR columns.
    let hist: Vec<f64> = (1..=p).map(|c| x[[o + 1, c]]).collect();
    let drivers = x.slice(s![o + 1..=o + h, 1 + p..]);
    let preds = layout.path(beta, &hist, drivers, &vec![0.0; h]);
    let psi = psi_weights(layout.ar(beta), h);
    let var = sigma * sigma * psi.iter().map(|w| w * w).sum::<f64>();
    (preds[h - 1], var)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_weights_of_an_ar2_follow_the_recursion() {
        // ψ_0 = 1, ψ_1 = φ1, ψ_2 = φ1² + φ2, ψ_3 = φ1 ψ_2 + φ2 ψ_1.
        let (a, b) = (0.5, 0.2);
        let psi = psi_weights(&[a, b], 4);
        let want = [1.0, a, a * a + b, a * (a * a + b) + b * a];
        for (p, w) in psi.iter().zip(want) {
            assert!((p - w).abs() < 1e-15, "{psi:?}");
        }
        assert_eq!(psi_weights(&[0.9], 1), vec![1.0]);
    }

    #[test]
    fn arx_path_runs_on_its_own_lags_and_adds_drivers_and_shocks() {
        // y_t = 1 + 0.5 y_{t-1} + 2 x_t + a_t from y_T = 4: y_1 = 1 + 2 + 2·1 + 0.5 = 5.5,
        // y_2 = 1 + 2.75 + 2·0 - 1 = 2.75.
        let l = ArxLayout { p: 1, drivers: 1 };
        let x = ndarray::array![[1.0], [0.0]];
        let y = l.path(&[1.0, 0.5, 2.0], &[4.0], x.view(), &[0.5, -1.0]);
        assert_eq!(y, vec![5.5, 2.75]);
        // AR(0) with no drivers: a constant plus the additions.
        let l0 = ArxLayout { p: 0, drivers: 0 };
        let none = Array2::<f64>::zeros((2, 0));
        assert_eq!(
            l0.path(&[0.3], &[], none.view(), &[0.0, 0.1]),
            vec![0.3, 0.4]
        );
    }
}
