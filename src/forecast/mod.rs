//! From a tariff scenario to the distribution of Korea's quarterly GDP growth (DESIGN §4-5).
//!
//! For sector s and quarter t: tariff wedge Δ_s,t = ln(1+τ_S/100) - ln(1+τ_B/100) (scenario vs
//! baseline); export volume Δln X = -ε r_s φ_s Σ_k w_k Δ_s,t-k; price Δln P = -(1-φ_s) Δ_s,t; value
//! change ΔE = X_s [exp(Δln X + Δln P) - 1] + δ X_s [1 - exp(Δln X)] (KRW bn, 2020 prices), with
//! optional front-loading. Value added ΔVA_t = Σ_s m_s ΔE_s,t (m = vᵀL, Type I), the GDP level deviation
//! ℓ_t = 100 ΔVA_t / VA (% of quarterly GDP, 2020 structure) and growth deviation d_t = ℓ_t - ℓ_{t-1}.
//! Baseline growth: the ARX model's forecast with the baseline's driver paths; scenario: the ARX forecast
//! with its own drivers, plus d_t, fed through the estimated AR dynamics (induced demand is counted
//! there, not through Type II multipliers). Monte Carlo draws coefficients (estimated covariance),
//! bootstrapped residuals, the aggregate elasticity, pass-through and diversion; scenario and baseline
//! share every draw (common random numbers). Each path has its own RNG stream, so results do not depend
//! on the thread count.

mod scenario;
mod stats;

pub use scenario::{FrontLoading, Measure, Overrides, Scenario};
pub use stats::{
    growth_at_risk, p_two_consecutive_negative, quantile_sorted, quarter_stats, QuarterStats,
    QUANTILES,
};

use ndarray::{Array1, Array2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use crate::data::{Dataset, Quarter};
use crate::econometrics::{Estimates, TradeSpec};
use crate::error::{Error, Result};
use crate::io::{Concordance, Leontief};

/// How shocks are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shocks {
    /// Resample the GDP equation's residuals (default).
    Bootstrap,
    /// Normal with the residual standard error (for checks against analytic results).
    Gaussian,
}

/// Monte Carlo settings.
#[derive(Debug, Clone, Copy)]
pub struct McSettings {
    /// Number of paths.
    pub paths: usize,
    /// Seed.
    pub seed: u64,
    /// Shock distribution.
    pub shocks: Shocks,
    /// Draw GDP-equation coefficients from their estimated covariance.
    pub parameter_uncertainty: bool,
}

/// Everything that does not change between paths, precomputed once.
pub struct Forecaster {
    n: usize,
    /// Quarterly exports to the US by sector, KRW bn (2020 prices).
    exports_q: Array1<f64>,
    /// VA multipliers vᵀL by sector.
    va_mult: Array1<f64>,
    /// Quarterly value added, KRW bn (2020).
    va_q: f64,
    /// Relative sector elasticity r_s (export-weighted mean 1 over goods).
    rel_elasticity: Array1<f64>,
    /// Pass-through by sector, central and sd.
    phi: Array1<f64>,
    phi_sd: Array1<f64>,
    trade: TradeSpec,
    elasticity: f64,
    elasticity_sd: f64,
    elasticity_source: String,
    beta: Array1<f64>,
    chol: Array2<f64>,
    sigma: f64,
    residuals: Vec<f64>,
    p: usize,
    drivers: Vec<(String, usize, Vec<Option<f64>>)>,
    quarters: Vec<Quarter>,
    y: Vec<Option<f64>>,
    /// The IO model (sector report).
    pub leontief: Leontief,
    /// Reporting groups.
    pub groups: Concordance,
    /// KRW per USD used to convert 2020-price KRW values.
    pub krw_per_usd_2020: f64,
}

/// Lower Cholesky factor of a small symmetric positive semi-definite matrix.
fn cholesky(a: &Array2<f64>) -> Result<Array2<f64>> {
    let k = a.nrows();
    let mut l = Array2::zeros((k, k));
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|m| l[[i, m]] * l[[j, m]]).sum();
            if i == j {
                let d = a[[i, i]] - s;
                if d < -1e-12 * a[[i, i]].abs().max(1e-300) {
                    return Err(Error::Numerical(
                        "coefficient covariance is not positive semi-definite".into(),
                    ));
                }
                l[[i, i]] = d.max(0.0).sqrt();
            } else {
                l[[i, j]] = if l[[j, j]] > 0.0 {
                    (a[[i, j]] - s) / l[[j, j]]
                } else {
                    0.0
                };
            }
        }
    }
    Ok(l)
}

/// Draws shared by a scenario path and its baseline path.
struct PathDraws {
    beta: Array1<f64>,
    shocks: Vec<f64>,
    trade: TradeDraw,
}

/// Trade-response parameters of one path: the tariff elasticity, the standard-normal draw that shifts
/// every sector's pass-through by its own standard deviation, and the diversion share.
#[derive(Debug, Clone, Copy)]
struct TradeDraw {
    elasticity: f64,
    phi_z: f64,
    diversion: f64,
}

/// The simulated distribution for one scenario against its baseline.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Forecast quarters.
    pub quarters: Vec<Quarter>,
    /// Scenario growth paths (paths x quarters), log points q/q.
    pub scenario: Vec<Vec<f64>>,
    /// Baseline growth paths, same draws.
    pub baseline: Vec<Vec<f64>>,
}

/// Per-sector-group effects at central parameters (averages over the horizon).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectorEffect {
    /// Group code.
    pub group: String,
    /// Group name.
    pub name: String,
    /// Change in exports to the US, % of the group's baseline exports to the US.
    pub exports_to_us_change_pct: f64,
    /// Change in exports to the US over the horizon, KRW bn at 2020 prices.
    pub exports_to_us_change_krw_bn: f64,
    /// The same in USD bn (2020 average KRW/USD).
    pub exports_to_us_change_usd_bn: f64,
    /// Change in the group's value added, % of its value added.
    pub value_added_change_pct: f64,
    /// Change in the group's value added, % of GDP.
    pub value_added_change_pct_gdp: f64,
    /// Share of the group's value-added change that is direct (its own exports), 0..1.
    pub direct_share: f64,
}

/// Tariff inputs of one scenario pair over the horizon, precomputed: Δ (quarters x sectors), the
/// run-length form of Δ and its lag-weighted sum, and the sectors with exports to the US and a non-zero wedge.
struct Wedges {
    delta: Array2<f64>,
    active: Vec<usize>,
    /// Per active sector: the distinct values of its lagged and current wedge over the horizon and,
    /// per quarter, which one applies (wedges are step paths, so a handful of exponentials per path
    /// replace one per quarter).
    steps: Vec<Steps>,
}

/// Run-length form of one sector's wedge paths.
struct Steps {
    lagged: Vec<f64>,
    lagged_at: Vec<usize>,
    delta: Vec<f64>,
    delta_at: Vec<usize>,
}

impl Steps {
    fn new(lagged: ndarray::ArrayView1<f64>, delta: ndarray::ArrayView1<f64>) -> Steps {
        let runs = |v: ndarray::ArrayView1<f64>| {
            let mut vals: Vec<f64> = Vec::new();
            let at = v
                .iter()
                .map(|x| {
                    if vals.last().is_none_or(|l| l.to_bits() != x.to_bits()) {
                        vals.push(*x);
                    }
                    vals.len() - 1
                })
                .collect();
            (vals, at)
        };
        let (lagged, lagged_at) = runs(lagged);
        let (delta, delta_at) = runs(delta);
        Steps {
            lagged,
            lagged_at,
            delta,
            delta_at,
        }
    }
}

impl Forecaster {
    /// Precompute from data, estimates and the groups concordance.
    pub fn new(
        ds: &Dataset,
        est: &Estimates,
        trade: &TradeSpec,
        groups: Concordance,
    ) -> Result<Forecaster> {
        let leontief = Leontief::new(&ds.io)?;
        let n = ds.io.n();
        let lp = &trade.lag_profile;
        if lp.is_empty()
            || lp.iter().any(|w| w.is_nan() || *w < 0.0)
            || (lp.iter().sum::<f64>() - 1.0).abs() > 1e-9
        {
            return Err(Error::input(
                "model spec",
                None,
                "trade.lag_profile",
                "weights must be non-negative and sum to 1",
            ));
        }
        for (k, v) in [
            ("trade.pass_through", trade.pass_through),
            ("trade.diversion", trade.diversion),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::input(
                    "model spec",
                    None,
                    k,
                    format!("{v} is outside [0, 1]"),
                ));
            }
        }
        let t = &est.exports.tariff;
        if !(t.used.is_finite() && t.used >= 0.0 && t.used_sd.is_finite() && t.used_sd >= 0.0) {
            return Err(Error::Numerical(format!(
                "tariff elasticity {} (sd {}) must be finite and non-negative",
                t.used, t.used_sd
            )));
        }
        if est
            .gdp
            .fit
            .coefficients
            .iter()
            .any(|c| !c.estimate.is_finite())
            || !est.gdp.fit.sigma.is_finite()
        {
            return Err(Error::Numerical(
                "GDP model has a non-finite coefficient or residual standard error".into(),
            ));
        }
        let exports_q = Array1::from_iter(
            ds.exports_to_us
                .iter()
                .map(|e| e.exports_to_us_krw_bn / 4.0),
        );
        let goods: Vec<bool> = ds
            .io
            .sectors
            .iter()
            .map(|s| ds.elasticities.iter().any(|e| e.code == s.code))
            .collect();
        let el = |code: &str| {
            ds.elasticities
                .iter()
                .find(|e| e.code == code)
                .map(|e| e.elasticity)
                .unwrap_or(0.0)
        };
        let wsum: f64 = (0..n).filter(|&i| goods[i]).map(|i| exports_q[i]).sum();
        let wmean: f64 = (0..n)
            .filter(|&i| goods[i])
            .map(|i| exports_q[i] * el(&ds.io.sectors[i].code))
            .sum::<f64>()
            / wsum;
        let rel_elasticity = Array1::from_iter(ds.io.sectors.iter().map(|s| el(&s.code) / wmean));
        let mut phi = Array1::from_elem(n, trade.pass_through);
        let mut phi_sd = Array1::from_elem(n, trade.pass_through_sd);
        for g in &trade.pass_through_groups {
            let gi = groups
                .groups
                .iter()
                .position(|(c, _)| *c == g.group)
                .ok_or_else(|| {
                    Error::input(
                        "model spec",
                        None,
                        "trade.pass_through_groups.group",
                        format!("unknown group `{}`", g.group),
                    )
                })?;
            for (j, a) in groups.assignment.iter().enumerate() {
                if *a == gi {
                    phi[j] = g.value;
                    phi_sd[j] = g.sd;
                }
            }
        }
        let mult = leontief.multipliers()?;
        let va_q = ds.io.value_added_total().sum() / 1000.0 / 4.0;
        let fit = &est.gdp.fit;
        let (quarters, y) = est.gdp.history();
        let e0 = &ds.exports_to_us[0];
        let krw_per_usd_2020 = if e0.exports_to_us_usd_bn > 0.0 {
            e0.exports_to_us_krw_bn / e0.exports_to_us_usd_bn
        } else {
            f64::NAN
        };
        Ok(Forecaster {
            n,
            exports_q,
            va_mult: mult.value_added,
            va_q,
            rel_elasticity,
            phi,
            phi_sd,
            trade: trade.clone(),
            elasticity: est.exports.tariff.used,
            elasticity_sd: est.exports.tariff.used_sd,
            elasticity_source: est.exports.tariff.source.clone(),
            beta: Array1::from_iter(fit.coefficients.iter().map(|c| c.estimate)),
            chol: cholesky(&fit.cov_params)?,
            sigma: fit.sigma,
            residuals: fit.residuals.to_vec(),
            p: est.gdp.config.p,
            drivers: est.gdp.driver_terms(),
            quarters: quarters.to_vec(),
            y: y.to_vec(),
            leontief,
            groups,
            krw_per_usd_2020,
        })
    }

    /// Where the tariff elasticity comes from (estimated or literature prior).
    pub fn elasticity_source(&self) -> (f64, f64, &str) {
        (self.elasticity, self.elasticity_sd, &self.elasticity_source)
    }

    /// The first quarter that can be forecast: the one after the last GDP observation.
    pub fn first_forecast_quarter(&self) -> Quarter {
        let last = self.y.iter().rposition(|v| v.is_some()).unwrap_or(0);
        self.quarters[last].offset(1)
    }

    fn wedges(&self, s: &Scenario, b: &Scenario) -> Wedges {
        // Quarters before the horizon are history: both paths carry the tariffs actually in force, so
        // the wedge between scenario and baseline is zero there and only differences from the start count.
        let l = self.trade.lag_profile.len();
        let h = s.quarters;
        let ts = s.rates(self.n, s.start, h);
        let tb = b.rates(self.n, s.start, h);
        let delta = Array2::from_shape_fn((h, self.n), |(k, j)| {
            (1.0 + ts[[k, j]] / 100.0).ln() - (1.0 + tb[[k, j]] / 100.0).ln()
        });
        let lagged = Array2::from_shape_fn((h, self.n), |(k, j)| {
            (0..l.min(k + 1))
                .map(|m| self.trade.lag_profile[m] * delta[[k - m, j]])
                .sum()
        });
        let active: Vec<usize> = (0..self.n)
            .filter(|&j| self.exports_q[j] != 0.0 && delta.column(j).iter().any(|d| *d != 0.0))
            .collect();
        let steps = active
            .iter()
            .map(|&j| Steps::new(lagged.column(j), delta.column(j)))
            .collect();
        Wedges {
            delta,
            active,
            steps,
        }
    }

    /// Export value changes ΔE (KRW bn) for given parameter values, handed to `sink(quarter, sector,
    /// change)` one term at a time (a sector-quarter may receive several terms, which add up).
    fn export_changes_with(
        &self,
        w: &Wedges,
        s: &Scenario,
        t: TradeDraw,
        mut sink: impl FnMut(usize, usize, f64),
    ) {
        let TradeDraw {
            elasticity,
            phi_z,
            diversion,
        } = t;
        let h = w.delta.nrows();
        let mut ev = Vec::with_capacity(h);
        let mut ep = Vec::with_capacity(h);
        for (&j, st) in w.active.iter().zip(&w.steps) {
            let x = self.exports_q[j];
            let phi = (self.phi[j] + self.phi_sd[j] * phi_z).clamp(0.0, 1.0);
            let eps = elasticity * self.rel_elasticity[j];
            // Volume change exp(-ε φ L) and price change exp(-(1 - φ) Δ), once per distinct wedge.
            ev.clear();
            ev.extend(st.lagged.iter().map(|l| (-eps * phi * l).exp()));
            ep.clear();
            ep.extend(st.delta.iter().map(|d| (-(1.0 - phi) * d).exp()));
            for (k, (&li, &di)) in st.lagged_at.iter().zip(&st.delta_at).enumerate() {
                let (v, p) = (ev[li], ep[di]);
                sink(k, j, x * (v * p - 1.0) + diversion * x * (1.0 - v));
            }
            if let Some(f) = s.front_loading {
                // Shipments are pulled forward only within the horizon (history is not rewritten).
                for k in 1..h {
                    if w.delta[[k, j]] > w.delta[[k - 1, j]] + 1e-12 {
                        sink(k - 1, j, f.share * x);
                        sink(k, j, -f.share * x);
                    }
                }
            }
        }
    }

    /// Export value changes ΔE (horizon quarters x sectors, KRW bn) for given parameter values.
    fn export_changes(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> Array2<f64> {
        let mut de = Array2::zeros(w.delta.dim());
        self.export_changes_with(w, s, t, |k, j, v| de[[k, j]] += v);
        de
    }

    /// GDP growth deviations d_t over the horizon (log points) for given parameter values: the
    /// value-added change Σ_j ΔE_j m_j (m the value-added multipliers) as a share of quarterly value
    /// added, differenced; the level deviation before the horizon is zero.
    fn growth_deviation(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> Vec<f64> {
        let mut level = vec![0.0; w.delta.nrows()];
        self.export_changes_with(w, s, t, |k, j, v| level[k] += v * self.va_mult[j]);
        let mut prev = 0.0;
        level
            .iter()
            .map(|l| {
                let l = 100.0 * l / self.va_q;
                let d = l - prev;
                prev = l;
                d
            })
            .collect()
    }

    fn driver_value(
        &self,
        sc: &Scenario,
        name: &str,
        lag: usize,
        values: &[Option<f64>],
        t: usize,
    ) -> Result<f64> {
        let q = sc.start.offset(t as i64 - lag as i64);
        if q >= sc.start {
            let path = sc.drivers.get(name).ok_or_else(|| {
                Error::input(&sc.origin, None, &format!("drivers.{name}"), "missing: the GDP model uses this driver; give a value (log points q/q) or a path")
            })?;
            let v = path
                .get((q.index() - sc.start.index()) as usize)
                .copied()
                .ok_or_else(|| {
                    Error::input(
                        &sc.origin,
                        None,
                        &format!("drivers.{name}"),
                        format!(
                            "path has {} values, the horizon has {} quarters",
                            path.len(),
                            sc.quarters
                        ),
                    )
                })?;
            if !v.is_finite() {
                return Err(Error::Numerical(format!(
                    "scenario `{}`: driver `{name}` is {v} in {q}; driver values must be finite",
                    sc.name
                )));
            }
            Ok(v)
        } else {
            let i = self.quarters.iter().position(|x| *x == q);
            i.and_then(|i| values[i])
                .ok_or_else(|| Error::Usage(format!("driver `{name}` has no data for {q}")))
        }
    }

    /// Driver regressor values (horizon x driver terms) for a scenario.
    fn driver_matrix(&self, sc: &Scenario) -> Result<Array2<f64>> {
        let mut m = Array2::zeros((sc.quarters, self.drivers.len()));
        for (c, (name, lag, values)) in self.drivers.iter().enumerate() {
            for t in 0..sc.quarters {
                m[[t, c]] = self.driver_value(sc, name, *lag, values, t)?;
            }
        }
        Ok(m)
    }

    fn check(&self, s: &Scenario) -> Result<()> {
        let first = self.first_forecast_quarter();
        if s.start != first {
            return Err(Error::input(&s.origin, None, "start", format!("the forecast must start at {first}, the quarter after the last GDP observation; found {}", s.start)));
        }
        Ok(())
    }

    /// Simulate `scenario` against `baseline` with common random numbers. `progress` is called with
    /// the number of paths completed (from worker threads).
    pub fn simulate(
        &self,
        scenario: &Scenario,
        baseline: &Scenario,
        mc: McSettings,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Simulation> {
        self.check(scenario)?;
        if baseline.start != scenario.start || baseline.quarters != scenario.quarters {
            return Err(Error::Usage(format!(
                "scenario `{}` ({} + {} quarters) and baseline `{}` ({} + {}) must share the horizon",
                scenario.name, scenario.start, scenario.quarters, baseline.name, baseline.start, baseline.quarters
            )));
        }
        if mc.paths == 0 {
            return Err(Error::Usage("--paths must be at least 1".into()));
        }
        let h = scenario.quarters;
        let w = self.wedges(scenario, baseline);
        let xs = self.driver_matrix(scenario)?;
        let xb = self.driver_matrix(baseline)?;
        let last = self.y.iter().rposition(|v| v.is_some()).expect("GDP data");
        let hist: Vec<f64> = (0..self.p)
            .map(|l| self.y[last - l].unwrap_or(f64::NAN))
            .collect(); // y_T, y_T-1, ...
        if hist.iter().any(|v| !v.is_finite()) {
            return Err(Error::Numerical(
                "GDP history has gaps before the forecast start".into(),
            ));
        }
        let k = self.beta.len();
        let results: Vec<Result<(Vec<f64>, Vec<f64>)>> = (0..mc.paths)
            .into_par_iter()
            .map(|path| {
                let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
                rng.set_stream(path as u64);
                let d = self.draw(&mut rng, mc, h, k);
                let dev = self.growth_deviation(&w, scenario, d.trade);
                let s = self.arx_path(&d, &hist, &xs, Some(&dev));
                let b = self.arx_path(&d, &hist, &xb, None);
                if s.iter().chain(&b).any(|v| !v.is_finite()) {
                    return Err(Error::Numerical(format!(
                        "Monte Carlo path {path} produced a non-finite growth rate"
                    )));
                }
                if path % 256 == 255 {
                    progress(256);
                }
                Ok((s, b))
            })
            .collect();
        let mut scen = Vec::with_capacity(mc.paths);
        let mut base = Vec::with_capacity(mc.paths);
        for r in results {
            let (s, b) = r?;
            scen.push(s);
            base.push(b);
        }
        Ok(Simulation {
            quarters: scenario.horizon(),
            scenario: scen,
            baseline: base,
        })
    }

    fn draw(&self, rng: &mut ChaCha8Rng, mc: McSettings, h: usize, k: usize) -> PathDraws {
        let beta = if mc.parameter_uncertainty {
            let z = Array1::from_iter((0..k).map(|_| -> f64 { StandardNormal.sample(rng) }));
            &self.beta + &self.chol.dot(&z)
        } else {
            self.beta.clone()
        };
        let shocks = (0..h)
            .map(|_| match mc.shocks {
                Shocks::Bootstrap => self.residuals[rng.random_range(0..self.residuals.len())],
                Shocks::Gaussian => {
                    let z: f64 = StandardNormal.sample(rng);
                    self.sigma * z
                }
            })
            .collect();
        let ze: f64 = StandardNormal.sample(rng);
        let phi_z: f64 = StandardNormal.sample(rng);
        let zd: f64 = StandardNormal.sample(rng);
        PathDraws {
            beta,
            shocks,
            trade: TradeDraw {
                elasticity: (self.elasticity + self.elasticity_sd * ze).max(0.0),
                phi_z,
                diversion: (self.trade.diversion + self.trade.diversion_sd * zd).clamp(0.0, 1.0),
            },
        }
    }

    /// One growth path: y_t = c + Σ φ_i y_{t-i} + drivers·b + e_t (+ d_t for the scenario), the AR
    /// lags running on the path's own values so that tariff deviations propagate through the dynamics.
    fn arx_path(
        &self,
        d: &PathDraws,
        hist: &[f64],
        drivers: &Array2<f64>,
        dev: Option<&[f64]>,
    ) -> Vec<f64> {
        let h = drivers.nrows();
        let mut lags: Vec<f64> = hist.to_vec();
        let mut out = Vec::with_capacity(h);
        for t in 0..h {
            let mut v = d.beta[0];
            for (i, lag) in lags.iter().enumerate().take(self.p) {
                v += d.beta[1 + i] * lag;
            }
            for c in 0..drivers.ncols() {
                v += d.beta[1 + self.p + c] * drivers[[t, c]];
            }
            v += d.shocks[t] + dev.map(|x| x[t]).unwrap_or(0.0);
            out.push(v);
            lags.insert(0, v);
            lags.truncate(self.p.max(1));
        }
        out
    }

    /// Sector-group effects at central parameters, averaged over the horizon.
    pub fn sector_effects(
        &self,
        scenario: &Scenario,
        baseline: &Scenario,
    ) -> Result<(Vec<SectorEffect>, Vec<f64>)> {
        let w = self.wedges(scenario, baseline);
        let de = self.export_changes(
            &w,
            scenario,
            TradeDraw {
                elasticity: self.elasticity,
                phi_z: 0.0,
                diversion: self.trade.diversion,
            },
        );
        let horizon = de.t().to_owned(); // n x H
        let prop = self.leontief.propagate(horizon.view())?;
        let g = self.groups.matrix();
        let hq = scenario.quarters as f64;
        let sum_t = |m: &Array2<f64>| g.dot(&m.sum_axis(ndarray::Axis(1)));
        let de_g = sum_t(&horizon);
        let va_g = sum_t(&prop.value_added);
        let va_dir = sum_t(&prop.value_added_direct);
        let x_g = g.dot(&self.exports_q) * hq;
        let va_base = g
            .dot(&(&self.leontief.value_added_coefficients * &self.leontief.gross_output))
            / 1000.0
            / 4.0
            * hq;
        let effects = self
            .groups
            .groups
            .iter()
            .enumerate()
            .map(|(i, (code, name))| SectorEffect {
                group: code.clone(),
                name: name.clone(),
                exports_to_us_change_pct: if x_g[i] > 0.0 {
                    100.0 * de_g[i] / x_g[i]
                } else {
                    0.0
                },
                exports_to_us_change_krw_bn: de_g[i],
                exports_to_us_change_usd_bn: de_g[i] / self.krw_per_usd_2020,
                value_added_change_pct: 100.0 * va_g[i] / va_base[i],
                value_added_change_pct_gdp: 100.0 * va_g[i] / (self.va_q * hq),
                direct_share: if va_g[i].abs() > 1e-12 {
                    va_dir[i] / va_g[i]
                } else {
                    0.0
                },
            })
            .collect();
        let tariff_path: Vec<f64> = (0..scenario.quarters)
            .map(|k| {
                let tau = scenario.rates(self.n, scenario.start.offset(k as i64), 1);
                let wsum = self.exports_q.sum();
                tau.row(0).dot(&self.exports_q) / wsum
            })
            .collect();
        Ok((effects, tariff_path))
    }
}
