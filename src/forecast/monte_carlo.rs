//! The Monte Carlo loop: per path, draw the GDP coefficients, the shocks and the trade parameters
//! from the path's own ChaCha stream, then run the one ARX recursion for the scenario (with the tariff
//! deviation) and the baseline (without), sharing every draw.

use ndarray::{Array1, Array2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::{Forecaster, Scenario};
use crate::data::Quarter;
use crate::econometrics::{LocalMeanDraw, LocalMeanFit};
use crate::error::{Error, NumericalCause, Result};

/// The largest number of Monte Carlo paths a simulation accepts: every path's scenario and baseline
/// growth are kept (for exact quantiles), about [`bytes_per_path`] bytes each, so a million paths of
/// an eight-quarter horizon take about 0.37 GB.
pub const MAX_PATHS: usize = 1_000_000;

/// Memory a simulated path keeps for a horizon of `quarters`, bytes: two growth paths (8 bytes a
/// quarter, each with its 24-byte vector header) and the terms-of-trade value, twice (the kept path
/// and the per-path result before it is collected).
pub fn bytes_per_path(quarters: usize) -> usize {
    2 * (2 * (24 + 8 * quarters) + 8)
}

/// Check a path count for a horizon of `quarters`: at least 1 and at most [`MAX_PATHS`] (inclusive),
/// else a request error naming the memory the count would take.
pub fn check_paths(paths: usize, quarters: usize) -> Result<()> {
    if paths == 0 {
        return Err(Error::Request(
            "the number of paths must be at least 1".into(),
        ));
    }
    if paths > MAX_PATHS {
        return Err(Error::Request(format!(
            "--paths {} is above the limit of {MAX_PATHS}: every path is kept in memory for the quantiles (about {} bytes a path here, {:.1} GB at this count)",
            paths,
            bytes_per_path(quarters),
            paths as f64 * bytes_per_path(quarters) as f64 / 1e9
        )));
    }
    Ok(())
}

/// The largest cumulative swing of the GDP level a scenario's tariff effect may cause over the
/// horizon, % of GDP (sum of absolute quarterly deviations): far beyond any tariff episode on record.
pub const MAX_LEVEL_SWING: f64 = 100.0;

/// How shocks are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shocks {
    /// Resample the GDP equation's residuals (default; the local-mean baseline's mixture of recent
    /// and crisis residuals).
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

/// The simulated distribution for one scenario against its baseline.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Forecast quarters.
    pub quarters: Vec<Quarter>,
    /// Scenario growth paths (paths x quarters), log points q/q.
    pub scenario: Vec<Vec<f64>>,
    /// Baseline growth paths, same draws.
    pub baseline: Vec<Vec<f64>>,
    /// Per path: the scenario's terms-of-trade loss minus the baseline's at the horizon's last
    /// quarter, % of GDP (real GDI − real GDP level effect).
    pub terms_of_trade: Vec<f64>,
}

/// One path's scenario and baseline growth and its terms-of-trade difference.
type PathResult = (Vec<f64>, Vec<f64>, f64);

/// Draws shared by a scenario path and its baseline path.
#[derive(Debug, Clone)]
struct PathDraws {
    beta: Array1<f64>,
    local_mean: Option<LocalMeanDraw>,
    shocks: Vec<f64>,
    /// Standard normals of the elasticity, the pass-through shift and the diversion.
    z_trade: [f64; 3],
    /// Standard normals of the channel parameters (None when no channel is on).
    z_channels: Option<[f64; 3]>,
}

/// Everything the paths of one scenario pair share.
struct Prepared<'s> {
    scenario: &'s Scenario,
    baseline: &'s Scenario,
    w: crate::trade::Wedges,
    wb: crate::trade::Wedges,
    xs: Array2<f64>,
    xb: Array2<f64>,
    lm: Option<LocalMeanFit>,
    hist: Vec<f64>,
    has_partners: bool,
    idx_s: Vec<f64>,
    idx_b: Vec<f64>,
}

/// Every path's draws of a simulation, drawn once ([`Forecaster::draw_bank`]) and reused by runs
/// that differ only in tariffs and trade parameters.
#[derive(Debug, Clone)]
pub struct PathBank {
    start: Quarter,
    quarters: usize,
    mc: McSettings,
    channels_drawn: bool,
    local_mean_origin: Option<Quarter>,
    draws: Vec<PathDraws>,
}

impl PathBank {
    /// The settings the paths were drawn with.
    pub fn settings(&self) -> McSettings {
        self.mc
    }
}

impl Forecaster {
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
                Error::spec(
                    &sc.origin,
                    None,
                    &format!("drivers.{name}"),
                    "missing: the GDP model uses this driver; give a value (log points q/q) or a path",
                )
            })?;
            // Paths have the horizon's length when built through the builder; a scenario edited in
            // code after building is checked again here.
            let v = path
                .get((q.index() - sc.start.index()) as usize)
                .copied()
                .ok_or_else(|| {
                    Error::spec(
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
                return Err(Error::numerical(
                    NumericalCause::NonFinite,
                    format!("scenario `{}`: driver `{name}` is {v} in {q}; driver values must be finite", sc.name),
                ));
            }
            Ok(v)
        } else {
            let g = self.gdp();
            let i = g.quarters.iter().position(|x| *x == q);
            i.and_then(|i| values[i])
                .ok_or_else(|| Error::Request(format!("driver `{name}` has no data for {q}")))
        }
    }

    /// Driver regressor values (horizon x driver terms) for a scenario.
    fn driver_matrix(&self, sc: &Scenario) -> Result<Array2<f64>> {
        let d = &self.gdp().drivers;
        let mut m = Array2::zeros((sc.quarters, d.len()));
        for (c, (name, lag, values)) in d.iter().enumerate() {
            for t in 0..sc.quarters {
                m[[t, c]] = self.driver_value(sc, name, *lag, values, t)?;
            }
        }
        Ok(m)
    }

    /// Growth history before `start`: y_{start−1}, y_{start−2}, … (p values).
    fn history_before(&self, s: &Scenario) -> Result<Vec<f64>> {
        let g = self.gdp();
        let first = self.first_forecast_quarter();
        if s.start > first {
            return Err(Error::spec(
                &s.origin,
                None,
                "start",
                format!(
                    "the forecast must start at {first} (the quarter after the last GDP observation) or earlier; found {}",
                    s.start
                ),
            ));
        }
        let p = g.layout.p;
        let at = |q: Quarter| {
            g.quarters
                .iter()
                .position(|x| *x == q)
                .and_then(|i| g.y[i])
                .filter(|v| v.is_finite())
        };
        (1..=p)
            .map(|l| {
                let q = s.start.offset(-(l as i64));
                at(q).ok_or_else(|| {
                    Error::spec(
                        &s.origin,
                        None,
                        "start",
                        format!(
                            "no GDP growth for {q}, needed as lag {l} of a forecast starting {}",
                            s.start
                        ),
                    )
                })
            })
            .collect()
    }

    /// Check a scenario pair and precompute everything its paths share: wedges, driver matrices,
    /// the local-mean fit at the origin, the growth history and the tariff indices.
    fn prepare<'s>(
        &self,
        scenario: &'s Scenario,
        baseline: &'s Scenario,
        paths: usize,
    ) -> Result<Prepared<'s>> {
        let hist = self.history_before(scenario)?;
        if baseline.start != scenario.start || baseline.quarters != scenario.quarters {
            return Err(Error::Request(format!(
                "scenario `{}` ({} + {} quarters) and baseline `{}` ({} + {}) must share the horizon",
                scenario.name, scenario.start, scenario.quarters, baseline.name, baseline.start, baseline.quarters
            )));
        }
        check_paths(paths, scenario.quarters)?;
        // Both paths are the model baseline plus their own deviation from the status quo, so a
        // scenario's distribution does not depend on what it is compared with.
        let sq = self.status_quo(scenario.start, scenario.quarters);
        let w = self.wedges(scenario, &sq);
        let wb = self.wedges(baseline, &sq);
        let (idx_s, idx_b) = if self.channels().uncertainty.is_some() {
            (self.tariff_index(&w), self.tariff_index(&wb))
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Prepared {
            scenario,
            baseline,
            xs: self.driver_matrix(scenario)?,
            xb: self.driver_matrix(baseline)?,
            lm: self.local_mean_at(scenario)?,
            hist,
            has_partners: !(scenario.partners().is_empty() && baseline.partners().is_empty()),
            w,
            wb,
            idx_s,
            idx_b,
        })
    }

    /// Path `path`'s draws from its own ChaCha stream (seed `mc.seed`, stream `path`), the first
    /// quarter's shock replaced by the nowcast draw where there is one.
    fn draw_path(
        &self,
        mc: McSettings,
        start: Quarter,
        h: usize,
        lm: Option<&LocalMeanFit>,
        path: usize,
    ) -> PathDraws {
        let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
        rng.set_stream(path as u64);
        let mut d = self.draw(&mut rng, mc, h, lm);
        let nowcast = self.nowcast_at(start);
        if let (Some(v), Some(fit), Some(p)) = (nowcast, lm, &d.local_mean) {
            // The first quarter's baseline growth is a nowcast draw: replace its shock by the one
            // that puts the path there.
            let u: f64 = rng.random();
            let x = v[((u * v.len() as f64) as usize).min(v.len() - 1)];
            d.shocks[0] = x - fit.level(p, 1) - p.phi * (fit.last - p.mean);
        }
        d
    }

    /// One path's scenario and baseline growth and its terms-of-trade difference, from its draws
    /// and this forecaster's trade and channel parameters.
    fn run_path(&self, p: &Prepared<'_>, d: &PathDraws, path: usize) -> Result<PathResult> {
        let [ze, phi_z, zd] = d.z_trade;
        let trade = self.response().draw(ze, phi_z, zd);
        let channels = match d.z_channels {
            Some(z) => self.channels().draw(z),
            None => self.channels().central(),
        };
        let (vc_s, vc_b) = if p.has_partners {
            (
                Some(self.value_chain_level(p.scenario, trade)),
                Some(self.value_chain_level(p.baseline, trade)),
            )
        } else {
            (None, None)
        };
        let (dev, tot_s) =
            self.deviation_with(&p.w, p.scenario, trade, channels, vc_s.as_deref(), &p.idx_s);
        let (dev_b, tot_b) = self.deviation_with(
            &p.wb,
            p.baseline,
            trade,
            channels,
            vc_b.as_deref(),
            &p.idx_b,
        );
        // A tariff effect of more than a whole year's GDP is not an answer but a sign of
        // implausible inputs (e.g. an extreme elasticity override meeting a tariff removal).
        let swing = |v: &[f64]| v.iter().map(|x| x.abs()).sum::<f64>();
        if swing(&dev) > MAX_LEVEL_SWING || swing(&dev_b) > MAX_LEVEL_SWING {
            return Err(Error::numerical(
                NumericalCause::NonFinite,
                format!(
                    "Monte Carlo path {path}: the tariff effect moves the GDP level by more than {MAX_LEVEL_SWING}% (elasticity {:.2}); the scenario's inputs are outside any plausible range",
                    trade.elasticity
                ),
            ));
        }
        let add: Vec<f64> = d.shocks.iter().zip(&dev).map(|(e, x)| e + x).collect();
        let add_b: Vec<f64> = d.shocks.iter().zip(&dev_b).map(|(e, x)| e + x).collect();
        let (s, b) = match (&p.lm, &d.local_mean) {
            (Some(fit), Some(lp)) => (fit.path(lp, &add), fit.path(lp, &add_b)),
            _ => {
                let beta = d.beta.as_slice().expect("contiguous");
                let layout = self.gdp().layout;
                (
                    layout.path(beta, &p.hist, p.xs.view(), &add),
                    layout.path(beta, &p.hist, p.xb.view(), &add_b),
                )
            }
        };
        if s.iter().chain(&b).any(|v| !v.is_finite()) {
            return Err(Error::numerical(
                NumericalCause::NonFinite,
                format!("Monte Carlo path {path} produced a non-finite growth rate"),
            ));
        }
        Ok((s, b, tot_s - tot_b))
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
        let prep = self.prepare(scenario, baseline, mc.paths)?;
        let results: Vec<Result<PathResult>> = (0..mc.paths)
            .into_par_iter()
            .map(|path| {
                let d = self.draw_path(
                    mc,
                    scenario.start,
                    scenario.quarters,
                    prep.lm.as_ref(),
                    path,
                );
                let r = self.run_path(&prep, &d, path);
                if path % 256 == 255 {
                    progress(256);
                }
                r
            })
            .collect();
        Self::collect(scenario, mc.paths, results)
    }

    fn collect(
        scenario: &Scenario,
        paths: usize,
        results: impl IntoIterator<Item = Result<PathResult>>,
    ) -> Result<Simulation> {
        let mut scen = Vec::with_capacity(paths);
        let mut base = Vec::with_capacity(paths);
        let mut tots = Vec::with_capacity(paths);
        for r in results {
            let (s, b, t) = r?;
            scen.push(s);
            base.push(b);
            tots.push(t);
        }
        Ok(Simulation {
            quarters: scenario.horizon(),
            scenario: scen,
            baseline: base,
            terms_of_trade: tots,
        })
    }

    /// Draw every path of a simulation starting at `start` for `quarters` quarters once, for runs
    /// that differ only in their tariffs and trade parameters (sweeps): with common random numbers
    /// each path's draws are the same at every point, so [`Forecaster::simulate_bank`] gives what
    /// [`Forecaster::simulate`] gives with these settings, without drawing again. The draws that
    /// map to trade and channel parameters are kept as standard normals and mapped by the
    /// forecaster that runs them (a point's overrides change the mapping, not the draw).
    pub fn draw_bank(&self, scenario: &Scenario, mc: McSettings) -> Result<PathBank> {
        let prep = self.prepare(scenario, scenario, mc.paths)?;
        let lm = prep.lm;
        let draws = (0..mc.paths)
            .into_par_iter()
            .map(|path| self.draw_path(mc, scenario.start, scenario.quarters, lm.as_ref(), path))
            .collect();
        Ok(PathBank {
            start: scenario.start,
            quarters: scenario.quarters,
            mc,
            channels_drawn: self.channels().any(),
            local_mean_origin: lm.as_ref().map(|f| f.origin),
            draws,
        })
    }

    /// [`Forecaster::simulate`] on the banked draws of [`Forecaster::draw_bank`], one thread (a
    /// sweep runs its points in parallel instead). Refused if the scenarios' horizon, the channels
    /// in use or the GDP model's origin differ from the bank's.
    pub fn simulate_bank(
        &self,
        bank: &PathBank,
        scenario: &Scenario,
        baseline: &Scenario,
    ) -> Result<Simulation> {
        let prep = self.prepare(scenario, baseline, bank.draws.len())?;
        if scenario.start != bank.start
            || scenario.quarters != bank.quarters
            || self.channels().any() != bank.channels_drawn
            || prep.lm.as_ref().map(|f| f.origin) != bank.local_mean_origin
        {
            return Err(Error::Request(format!(
                "scenario `{}` ({} + {} quarters) does not fit the banked paths ({} + {} quarters)",
                scenario.name, scenario.start, scenario.quarters, bank.start, bank.quarters
            )));
        }
        let results = bank
            .draws
            .iter()
            .enumerate()
            .map(|(path, d)| self.run_path(&prep, d, path));
        Self::collect(scenario, bank.draws.len(), results)
    }

    /// The local-mean baseline at the scenario's origin (the quarter before its start): the
    /// full-sample fit when the scenario starts after the last observation, else re-estimated on the
    /// data up to the origin. None for the ARX.
    fn local_mean_at(&self, s: &Scenario) -> Result<Option<LocalMeanFit>> {
        let g = self.gdp();
        let Some((fit, spec)) = &g.local_mean else {
            return Ok(None);
        };
        let origin = s.start.offset(-1);
        if origin == fit.origin {
            return Ok(Some(fit.clone()));
        }
        LocalMeanFit::estimate(&g.quarters, &g.y, fit.sample_start, origin, spec, &s.origin)
            .map(Some)
    }

    fn draw(
        &self,
        rng: &mut ChaCha8Rng,
        mc: McSettings,
        h: usize,
        lm: Option<&LocalMeanFit>,
    ) -> PathDraws {
        let g = self.gdp();
        if let Some(fit) = lm {
            let p = if mc.parameter_uncertainty {
                let z: [f64; 3] = std::array::from_fn(|_| StandardNormal.sample(rng));
                fit.draw(z[0], z[1], z[2])
            } else {
                fit.central()
            };
            let shocks = (0..h)
                .map(|_| match mc.shocks {
                    Shocks::Bootstrap => {
                        let (u, v): (f64, f64) = (rng.random(), rng.random());
                        fit.shock(u, v)
                    }
                    Shocks::Gaussian => {
                        let z: f64 = StandardNormal.sample(rng);
                        g.sigma * z
                    }
                })
                .collect();
            let z_trade = std::array::from_fn(|_| StandardNormal.sample(rng));
            return PathDraws {
                beta: g.beta.clone(),
                local_mean: Some(p),
                shocks,
                z_trade,
                z_channels: self.channel_draw(rng),
            };
        }
        let k = g.beta.len();
        let beta = if mc.parameter_uncertainty {
            let z = Array1::from_iter((0..k).map(|_| -> f64 { StandardNormal.sample(rng) }));
            &g.beta + &g.chol.dot(&z)
        } else {
            g.beta.clone()
        };
        let shocks = (0..h)
            .map(|_| match mc.shocks {
                Shocks::Bootstrap => g.residuals[rng.random_range(0..g.residuals.len())],
                Shocks::Gaussian => {
                    let z: f64 = StandardNormal.sample(rng);
                    g.sigma * z
                }
            })
            .collect();
        let z_trade = std::array::from_fn(|_| StandardNormal.sample(rng));
        PathDraws {
            beta,
            local_mean: None,
            shocks,
            z_trade,
            z_channels: self.channel_draw(rng),
        }
    }

    /// The standard normals of one path's channel parameters: three more from the path's stream
    /// when a channel is on (none otherwise, so forecasts without channels keep their draws).
    fn channel_draw(&self, rng: &mut ChaCha8Rng) -> Option<[f64; 3]> {
        if !self.channels().any() {
            return None;
        }
        Some(std::array::from_fn(|_| StandardNormal.sample(rng)))
    }
}
