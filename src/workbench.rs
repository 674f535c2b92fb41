//! The library's front door: data and specs loaded once into checked models with their provenance
//! hashes, and one method per question a user asks, each returning an immutable result value that
//! renders itself (`summary()`, `to_csv()`, serde JSON). The command line is a thin layer over these;
//! tests, benches and notebooks call them directly.
//!
//! Scenario overrides, the defence-linkage precedence and the KORUS status quo are decided here, once,
//! so `forecast`, `optimize`, `compare` and a library caller get the same model from the same files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::data::{DataReport, DataSource, Dataset};
use crate::econometrics::{BacktestReport, EstimateReport, Estimates, ModelSpec};
use crate::error::{Error, Result};
use crate::forecast::{
    Channels, ForecastDistribution, ForecastMeta, Forecaster, McSettings, Scenario, Shocks,
};
use crate::input_output::{Concordance, MultiplierReport};
use crate::negotiation::{
    compare, optimize, Comparison, Menu, Mix, OptimizeReport, OptimizeSettings, Problem,
    ProblemSettings, RiskMeasure, UsResponse,
};
use crate::report::Meta;
use crate::spec::{self, embedded as models, ScenarioContext};

/// Loaded data, model and estimates.
pub struct Workbench {
    /// The datasets.
    pub ds: Dataset,
    /// The model spec.
    pub spec: ModelSpec,
    /// Where the model spec came from.
    pub spec_label: String,
    /// SHA-256 of the model spec text.
    pub spec_sha256: String,
    /// Estimated equations.
    pub est: Estimates,
    /// Reporting groups (models/groups.toml).
    pub groups: Concordance,
    /// For a replay (`as_of`): the realised GDP growth (quarter, log points q/q) after the cut, from
    /// the full data; empty otherwise.
    pub outcomes: Vec<(crate::data::Quarter, f64)>,
    models_dir: Option<PathBuf>,
}

/// An information set: the end of a quarter (`2024Q4`) or of a month (`2025-02`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// The end of a quarter: that quarter's GDP is known.
    Quarter(crate::data::Quarter),
    /// The end of a month: GDP to the last quarter published, monthly data as released.
    Month(crate::data::Month),
}

impl std::str::FromStr for AsOf {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.contains('-') {
            s.parse().map(AsOf::Month)
        } else {
            s.parse()
                .map(AsOf::Quarter)
                .map_err(|e| format!("{e} (or a month YYYY-MM)"))
        }
    }
}

/// What to forecast.
#[derive(Debug, Clone)]
pub struct ForecastRequest {
    /// Scenario file or shipped name.
    pub scenario: String,
    /// Baseline file or name (None: the scenario's own `baseline`).
    pub vs: Option<String>,
    /// Monte Carlo paths.
    pub paths: usize,
    /// Seed (same seed, same numbers, any thread count).
    pub seed: u64,
}

impl Default for ForecastRequest {
    fn default() -> Self {
        ForecastRequest {
            scenario: "deal-15".into(),
            vs: None,
            paths: 10_000,
            seed: 20251029,
        }
    }
}

/// What a negotiation question is asked against.
#[derive(Debug, Clone)]
pub struct NegotiationRequest {
    /// Concession menu (file or name; None: `concessions/menu`).
    pub menu: Option<String>,
    /// US response spec (None: `us_response`).
    pub response: Option<String>,
    /// Scenario giving the start, horizon, driver paths and parameter overrides (None: `korus`).
    pub scenario: Option<String>,
    /// Cap on annual commitments (investment and shipbuilding pledges per year of the payout
    /// period, purchases, defence), USD bn per year.
    pub budget: Option<f64>,
    /// Weight on the risk measure.
    pub risk_weight: f64,
    /// Risk measure penalised.
    pub risk_measure: RiskMeasure,
    /// Monte Carlo paths per grid point.
    pub paths: usize,
    /// Seed.
    pub seed: u64,
    /// Defence linkage (None: the response spec's; a mix's own setting wins over both).
    pub link_defence: Option<bool>,
    /// Settlement quarter (None: the horizon's first quarter); the status quo's tariffs apply before.
    pub settle: Option<crate::data::Quarter>,
}

impl Default for NegotiationRequest {
    fn default() -> Self {
        NegotiationRequest {
            menu: None,
            response: None,
            scenario: None,
            budget: None,
            risk_weight: 0.0,
            risk_measure: RiskMeasure::PNegative,
            settle: None,
            paths: 400,
            seed: 20251029,
            link_defence: None,
        }
    }
}

fn sha256_hex(text: &str) -> String {
    crate::data::hex(&Sha256::digest(text.as_bytes()))
}

/// An `--as-of` cut must leave the model's selection backtest (from `backtest.first_origin`) at
/// least four targets and must not be past the last GDP observation.
fn check_as_of(
    full: &Dataset,
    spec: &crate::econometrics::ModelSpec,
    q: crate::data::Quarter,
    at: Option<AsOf>,
) -> Result<()> {
    let typed = match at {
        Some(AsOf::Month(m)) => format!("{m} (GDP known to {q})"),
        _ => q.to_string(),
    };
    let earliest = spec.backtest.first_origin.offset(1);
    if q < earliest {
        return Err(Error::Request(format!(
            "--as-of {typed}: replays start at {earliest}: the model is chosen by a backtest from {} \
             (backtest.first_origin in the model spec) that needs a target before the cut",
            spec.backtest.first_origin
        )));
    }
    let g = crate::econometrics::Variable::from_table(
        &full.macro_q,
        &spec.gdp.dependent,
        spec.gdp.transform,
        &spec.gdp.name,
        "model spec",
        "gdp.dependent",
    )?;
    let last = full
        .macro_q
        .quarters
        .iter()
        .zip(&g.values)
        .filter(|(_, v)| v.is_some())
        .map(|(x, _)| *x)
        .next_back();
    if let Some(last) = last {
        if q > last {
            return Err(Error::Request(format!(
                "--as-of {typed} is after the last GDP observation ({last}); without --as-of the forecast starts at {}",
                last.offset(1)
            )));
        }
    }
    Ok(())
}

/// Check a `models` directory argument: it must exist and be a directory.
fn check_models_dir(dir: Option<&Path>) -> Result<()> {
    if let Some(d) = dir {
        if !d.is_dir() {
            return Err(Error::Read {
                path: d.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the models directory does not exist or is not a directory",
                ),
            });
        }
    }
    Ok(())
}

impl Workbench {
    /// Load data from `source` and the model spec `model` (file or embedded name, default `model`),
    /// and estimate the equations.
    pub fn load(
        source: &DataSource,
        models_dir: Option<&Path>,
        model: Option<&str>,
    ) -> Result<Workbench> {
        Workbench::load_as_of(source, models_dir, model, None)
    }

    /// As [`Workbench::load`], with the data cut at `as_of` ([`Dataset::as_of`]): estimation, model
    /// selection and the quantile regressions run on the cut sample, forecasts start the quarter
    /// after it, the status quo holds only the tariffs in force then, and the realised outcomes after
    /// the cut are kept in [`Workbench::outcomes`] to print beside the forecast.
    pub fn load_as_of(
        source: &DataSource,
        models_dir: Option<&Path>,
        model: Option<&str>,
        as_of: Option<crate::data::Quarter>,
    ) -> Result<Workbench> {
        Workbench::load_at(source, models_dir, model, as_of.map(AsOf::Quarter))
    }

    /// As [`Workbench::load_as_of`] for a quarter or a month. As of the end of a month, the
    /// quarterly data end with the last quarter whose GDP advance estimate is out
    /// ([`crate::nowcast::last_gdp_quarter_known`]) and each monthly series with the last month
    /// published by then (its lag in data/monthly_release_lags.csv).
    pub fn load_at(
        source: &DataSource,
        models_dir: Option<&Path>,
        model: Option<&str>,
        at: Option<AsOf>,
    ) -> Result<Workbench> {
        check_models_dir(models_dir)?;
        let mut full = Dataset::load(source)?;
        let as_of = match at {
            None => None,
            Some(AsOf::Quarter(q)) => {
                full.monthly = full
                    .monthly
                    .as_of(crate::data::Month::first_of(q).offset(2));
                Some(q)
            }
            Some(AsOf::Month(m)) => {
                full.monthly = full.monthly.as_of(m);
                Some(crate::nowcast::last_gdp_quarter_known(m))
            }
        };
        let (label, text) = models::resolve(model.unwrap_or("model"), models_dir)?;
        let spec = spec::parse_model(&label, &text)?;
        if let Some(q) = as_of {
            check_as_of(&full, &spec, q, at)?;
        }
        let as_of_month = match at {
            Some(AsOf::Month(m)) => Some(m),
            _ => None,
        };
        let (ds, outcomes) = match as_of {
            None => (full, Vec::new()),
            Some(q) => {
                let g = crate::econometrics::Variable::from_table(
                    &full.macro_q,
                    &spec.gdp.dependent,
                    spec.gdp.transform,
                    &spec.gdp.name,
                    &label,
                    "gdp.dependent",
                )?;
                let outcomes = full
                    .macro_q
                    .quarters
                    .iter()
                    .zip(&g.values)
                    .filter(|(x, _)| **x > q)
                    .filter_map(|(x, v)| v.map(|v| (*x, v)))
                    .collect();
                (full.as_of(q)?, outcomes)
            }
        };
        let mut ds = ds;
        ds.as_of_month = as_of_month;
        let est = Estimates::estimate(&ds, &spec, &label)?;
        let (gl, gt) = models::resolve("groups", models_dir)?;
        let groups = spec::parse_groups(&gl, &gt, &ds.io.sectors)?;
        Ok(Workbench {
            ds,
            spec,
            spec_sha256: sha256_hex(&text),
            spec_label: label,
            est,
            groups,
            outcomes,
            models_dir: models_dir.map(Path::to_path_buf),
        })
    }

    /// The embedded data and models.
    pub fn embedded() -> Result<Workbench> {
        Workbench::load(&DataSource::Embedded, None, None)
    }

    /// The first quarter that can be forecast (the one after the last GDP observation).
    pub fn first_forecast_quarter(&self) -> crate::data::Quarter {
        let (q, y) = self.est.gdp.history();
        let last = y.iter().rposition(|v| v.is_some()).unwrap_or(0);
        q[last].offset(1)
    }

    /// What scenario files are checked against.
    pub fn scenario_context(&self) -> ScenarioContext<'_> {
        ScenarioContext {
            sectors: &self.ds.io.sectors,
            groups: &self.groups,
            measures: &self.ds.tariffs,
            default_start: self.first_forecast_quarter(),
            partners: &self.ds.partners,
        }
    }

    /// A scenario by file or name, checked against the data; returns it with its text's SHA-256.
    pub fn scenario(&self, arg: &str) -> Result<(Scenario, String)> {
        let (label, text) = models::resolve_scenario(arg, self.models_dir.as_deref())?;
        let s = spec::parse_scenario(&label, &text, &self.scenario_context())?;
        Ok((s, sha256_hex(&text)))
    }

    /// A scenario's own comparator (its `baseline` key): a shipped name, or a file path resolved from
    /// the scenario file's folder (not the working directory); a failure names the scenario file and
    /// the key.
    pub fn baseline_of(&self, scenario: &Scenario) -> Result<(Scenario, String)> {
        let b = &scenario.baseline;
        let looks_like_path = b.ends_with(".toml") || b.contains('/');
        let arg = match std::path::Path::new(&scenario.origin).parent() {
            Some(dir)
                if looks_like_path
                    && !scenario.origin.starts_with("embedded:")
                    && std::path::Path::new(b).is_relative() =>
            {
                dir.join(b).display().to_string()
            }
            _ => b.clone(),
        };
        self.scenario(&arg).map_err(|e| match e {
            Error::Spec { .. } | Error::Data { .. } | Error::Numerical { .. } => e,
            other => Error::spec(
                &scenario.origin,
                None,
                "baseline",
                format!("`{b}`: {other}"),
            ),
        })
    }

    /// The forecaster with the spec's trade parameters.
    pub fn forecaster(&self) -> Result<Forecaster> {
        Forecaster::new(&self.ds, &self.est, &self.spec.trade, self.groups.clone())
    }

    /// The forecaster with `scenario`'s parameter overrides applied: an elasticity override replaces
    /// the estimate (or prior) and its source; a pass-through override applies to every sector
    /// (group values are dropped); a diversion override replaces the spec's.
    pub fn forecaster_for(&self, scenario: &Scenario) -> Result<Forecaster> {
        let o = scenario.overrides;
        if !o.any() {
            return self.forecaster();
        }
        let (trade, est) = self.overridden(scenario);
        Forecaster::new(&self.ds, &est, &trade, self.groups.clone())
    }

    /// The trade spec and estimates with `scenario`'s overrides applied.
    fn overridden(&self, scenario: &Scenario) -> (crate::econometrics::TradeSpec, Estimates) {
        let o = scenario.overrides;
        let mut trade = self.spec.trade.clone();
        if let Some(p) = o.pass_through {
            trade.pass_through = p;
            trade.pass_through_groups.clear();
        }
        if let Some(d) = o.diversion {
            trade.diversion = d;
        }
        let mut est = self.est.clone();
        if let Some(e) = o.elasticity {
            est.exports.tariff.used = e;
            est.exports.tariff.source = format!("scenario override in {}", scenario.origin);
        }
        (trade, est)
    }

    /// Forecast a scenario against its baseline. `progress` is called with the number of paths done.
    pub fn forecast(
        &self,
        req: &ForecastRequest,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ForecastDistribution> {
        let (scenario, scenario_sha256) = self.scenario(&req.scenario)?;
        let (baseline, baseline_sha256) = match &req.vs {
            Some(vs) => self.scenario(vs)?,
            None => self.baseline_of(&scenario)?,
        };
        self.forecast_scenarios(
            &scenario,
            &scenario_sha256,
            &baseline,
            &baseline_sha256,
            req.paths,
            req.seed,
            progress,
        )
    }

    /// Forecast scenarios already built (from files or in code); the hashes are recorded in the
    /// output's metadata (empty for scenarios built in code).
    #[allow(clippy::too_many_arguments)]
    pub fn forecast_scenarios(
        &self,
        scenario: &Scenario,
        scenario_sha256: &str,
        baseline: &Scenario,
        baseline_sha256: &str,
        paths: usize,
        seed: u64,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ForecastDistribution> {
        let nowcast = self.nowcast_for_forecast()?;
        self.forecast_with_nowcast(
            scenario,
            scenario_sha256,
            baseline,
            baseline_sha256,
            paths,
            seed,
            nowcast,
            progress,
        )
    }

    /// [`Workbench::forecast_scenarios`] with the nowcast of the first quarter already estimated
    /// (a sweep estimates it once for all its points).
    #[allow(clippy::too_many_arguments)]
    fn forecast_with_nowcast(
        &self,
        scenario: &Scenario,
        scenario_sha256: &str,
        baseline: &Scenario,
        baseline_sha256: &str,
        paths: usize,
        seed: u64,
        nowcast: Option<(crate::data::Quarter, Vec<f64>, usize)>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ForecastDistribution> {
        let mut fc = self.forecaster_for(scenario)?;
        let unused_drivers = self.check_drivers(&fc, &[scenario, baseline])?;
        let mut nowcast_note = None;
        if let Some((q, values, m)) = nowcast {
            if q == scenario.start && fc.gdp().local_mean.is_some() {
                nowcast_note = Some(format!(
                    "{q} from the monthly nowcast ({m} of 3 months of exports)"
                ));
                fc = fc.with_nowcast(q, values);
            }
        }
        let mc = McSettings {
            paths,
            seed,
            shocks: Shocks::Bootstrap,
            parameter_uncertainty: true,
        };
        let sim = fc.simulate(scenario, baseline, mc, progress)?;
        let (sectors, tariff_s) = fc.sector_effects(scenario, baseline)?;
        let (_, tariff_b) = fc.sector_effects(baseline, baseline)?;
        let (el, el_sd, el_src) = fc.elasticity_source();
        let meta = ForecastMeta {
            meta: Meta::new(&self.ds),
            seed,
            paths,
            scenario: scenario.name.clone(),
            baseline: baseline.name.clone(),
            scenario_file: scenario.origin.clone(),
            scenario_sha256: scenario_sha256.to_string(),
            baseline_file: baseline.origin.clone(),
            baseline_sha256: baseline_sha256.to_string(),
            model_spec: self.spec_label.clone(),
            model_spec_sha256: self.spec_sha256.clone(),
            tariff_elasticity: el,
            tariff_elasticity_sd: el_sd,
            tariff_elasticity_source: el_src.to_string(),
            units: crate::forecast::distribution_units(),
            scenario_description: scenario.description.clone(),
            baseline_description: baseline.description.clone(),
            overrides: scenario.overrides,
            start: scenario.start.to_string(),
            nowcast: nowcast_note,
            channels: crate::forecast::ChannelNote::from_spec(&self.spec.trade),
            unused_drivers,
        };
        let g = fc.gdp();
        let history: Vec<(crate::data::Quarter, f64)> = g
            .quarters
            .iter()
            .zip(&g.y)
            .filter(|(q, _)| **q < scenario.start)
            .filter_map(|(q, v)| v.map(|v| (*q, v)))
            .collect();
        let mut out = ForecastDistribution::from_simulation(
            meta,
            &sim,
            sectors,
            &tariff_s,
            &tariff_b,
            &history,
            &self.outcomes,
        );
        out.value_chains = fc.value_chain_effects(scenario, baseline);
        let (rows, goods_s, goods_b) = fc.tariff_schedule(scenario, baseline);
        out.set_tariff_schedule(rows, &goods_s, &goods_b);
        Ok(out)
    }

    /// Check the scenarios' driver paths against the model: a name that is not one of the spec's
    /// `[[gdp.candidates]]` is an error naming the scenario file and key (a misspelling would be
    /// ignored otherwise); the names the estimated GDP model does not use are returned, so the
    /// output says they change nothing.
    pub fn check_drivers(&self, fc: &Forecaster, scenarios: &[&Scenario]) -> Result<Vec<String>> {
        let known: Vec<&str> = self
            .spec
            .gdp
            .candidates
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let used: Vec<&str> = fc.gdp().drivers.iter().map(|d| d.0.as_str()).collect();
        let mut unused = Vec::new();
        for s in scenarios {
            for name in s.drivers.keys() {
                if !known.contains(&name.as_str()) {
                    return Err(Error::spec(
                        &s.origin,
                        None,
                        &format!("drivers.{name}"),
                        format!(
                            "unknown driver; the model spec's GDP drivers are: {}",
                            known.join(", ")
                        ),
                    ));
                }
                if !used.contains(&name.as_str()) && !unused.contains(name) {
                    unused.push(name.clone());
                }
            }
        }
        Ok(unused)
    }

    /// The nowcast of the quarter in progress as of the end of the `--as-of` month, or else of the last
    /// month with monthly export data.
    pub fn nowcast_report(&self) -> Result<crate::nowcast::Nowcast> {
        let spec = &self.spec.nowcast;
        let month = match self.ds.as_of_month {
            Some(m) => m,
            None => self
                .ds
                .monthly
                .last_month(&spec.exports)
                .ok_or_else(|| Error::Request(format!("no monthly `{}` data", spec.exports)))?,
        };
        let (q, y) = self.est.gdp.history();
        let t = month.quarter();
        let realised = self
            .outcomes
            .iter()
            .find(|o| o.0 == t)
            .map(|o| o.1)
            .or_else(|| q.iter().position(|x| *x == t).and_then(|i| y[i]));
        crate::nowcast::Nowcast::new(
            Meta::new(&self.ds),
            &self.ds.monthly,
            q,
            y,
            month,
            spec,
            realised,
        )
    }

    /// The nowcast distribution of the first forecast quarter when monthly exports for it exist:
    /// (quarter, sorted predictive values, months used).
    pub fn nowcast_for_forecast(&self) -> Result<Option<(crate::data::Quarter, Vec<f64>, usize)>> {
        let spec = &self.spec.nowcast;
        let t = self.first_forecast_quarter();
        let m = crate::nowcast::months_known(&self.ds.monthly, spec, t);
        if m == 0 {
            return Ok(None);
        }
        let (q, y) = self.est.gdp.history();
        let fit = crate::nowcast::NowcastFit::estimate(q, y, &self.ds.monthly, t, spec)?;
        Ok(fit
            .with_months(&self.ds.monthly, spec, m)
            .map(|d| (t, d.values, m)))
    }

    /// One-at-a-time sensitivity (tornado) of the scenario's real GDP level effect against its
    /// comparator: each input at a stated low and high value, everything else central, the same draws.
    pub fn sensitivity(&self, req: &ForecastRequest) -> Result<crate::forecast::Sensitivity> {
        use crate::forecast::{Sensitivity, SensitivityInput};
        let (scenario, _) = self.scenario(&req.scenario)?;
        let (baseline, _) = match &req.vs {
            Some(vs) => self.scenario(vs)?,
            None => self.baseline_of(&scenario)?,
        };
        let mc = McSettings {
            paths: req.paths,
            seed: req.seed,
            shocks: Shocks::Bootstrap,
            parameter_uncertainty: true,
        };
        let effect = |fc: &Forecaster, s: &Scenario| -> Result<f64> {
            let sim = fc.simulate(s, &baseline, mc, &|_| {})?;
            let n = sim.scenario.len() as f64;
            Ok(sim
                .scenario
                .iter()
                .zip(&sim.baseline)
                .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x - y).sum::<f64>())
                .sum::<f64>()
                / n)
        };
        let base = self.forecaster_for(&scenario)?;
        let central = effect(&base, &scenario)?;
        let with_override =
            |f: &dyn Fn(&mut crate::forecast::Overrides, f64), v: f64| -> Result<f64> {
                let mut sc = scenario.clone();
                f(&mut sc.overrides, v);
                effect(&self.forecaster_for(&sc)?, &sc)
            };
        let mut inputs = Vec::new();
        let mut push =
            |name: &str, units: &str, basis: &str, c: f64, lo: f64, hi: f64, el: f64, eh: f64| {
                inputs.push(SensitivityInput {
                    name: name.into(),
                    low: lo,
                    high: hi,
                    central: c,
                    units: units.into(),
                    basis: basis.into(),
                    effect_low: el,
                    effect_high: eh,
                })
            };
        let (e0, esd, _) = base.elasticity_source();
        let (lo, hi) = ((e0 - esd).max(0.0), e0 + esd);
        let set_e = |o: &mut crate::forecast::Overrides, v: f64| o.elasticity = Some(v);
        push(
            "aggregate tariff elasticity",
            "elasticity",
            "central ± 1 sd (the draws around it stay)",
            e0,
            lo,
            hi,
            with_override(&set_e, lo)?,
            with_override(&set_e, hi)?,
        );
        let set_p = |o: &mut crate::forecast::Overrides, v: f64| o.pass_through = Some(v);
        push(
            "pass-through to US buyers, every sector",
            "share",
            "0.5 (half absorbed) to 1 (full pass-through, Amiti-Redding-Weinstein 2019); central 0.9, autos 0.25",
            self.spec.trade.pass_through,
            0.5,
            1.0,
            with_override(&set_p, 0.5)?,
            with_override(&set_p, 1.0)?,
        );
        let set_d = |o: &mut crate::forecast::Overrides, v: f64| o.diversion = Some(v);
        push(
            "diversion to other markets",
            "share of lost US volume",
            "0 to 0.2 (central 0.1, an assumption)",
            self.spec.trade.diversion,
            0.0,
            0.2,
            with_override(&set_d, 0.0)?,
            with_override(&set_d, 0.2)?,
        );
        let with_lags = |w: Vec<f64>| -> Result<f64> {
            let mut trade = self.spec.trade.clone();
            trade.lag_profile = w;
            effect(
                &Forecaster::new(&self.ds, &self.est, &trade, self.groups.clone())?,
                &scenario,
            )
        };
        let mean_lag = |w: &[f64]| w.iter().enumerate().map(|(k, x)| k as f64 * x).sum::<f64>();
        let (fast, slow) = (vec![1.0, 0.0, 0.0, 0.0], vec![0.1, 0.2, 0.3, 0.4]);
        push(
            "adjustment speed (mean lag)",
            "quarters",
            "all in the first quarter (0) to back-loaded 0.1/0.2/0.3/0.4 (2); central 0.4/0.3/0.2/0.1",
            mean_lag(&self.spec.trade.lag_profile),
            mean_lag(&fast),
            mean_lag(&slow),
            with_lags(fast)?,
            with_lags(slow)?,
        );
        let scaled = |k: f64| -> Result<f64> {
            effect(
                &self
                    .forecaster_for(&scenario)?
                    .map_response(|r| r.with_exposure_scale(k)),
                &scenario,
            )
        };
        push(
            "exposure (exports to the US)",
            "x 2024 level",
            "-10% to +10% (ICIO shares and customs totals)",
            1.0,
            0.9,
            1.1,
            scaled(0.9)?,
            scaled(1.1)?,
        );
        let disp = |k: f64| -> Result<f64> {
            effect(
                &self
                    .forecaster_for(&scenario)?
                    .map_response(|r| r.with_elasticity_dispersion(k)),
                &scenario,
            )
        };
        push(
            "sector elasticities (dispersion)",
            "x Broda-Weinstein spread",
            "uniform across goods (0) to twice the spread (2)",
            1.0,
            0.0,
            2.0,
            disp(0.0)?,
            disp(2.0)?,
        );
        if let Some(lm) = &self.est.local_mean {
            let with_phi = |phi: f64| -> Result<f64> {
                let mut est = self.est.clone();
                if let Some(l) = est.local_mean.as_mut() {
                    l.phi = phi;
                }
                effect(
                    &Forecaster::new(&self.ds, &est, &self.spec.trade, self.groups.clone())?,
                    &scenario,
                )
            };
            let (lo, hi) = (lm.phi - 2.0 * lm.phi_se, lm.phi + 2.0 * lm.phi_se);
            push(
                "GDP persistence (phi)",
                "AR coefficient",
                "estimate ± 2 s.e.",
                lm.phi,
                lo,
                hi,
                with_phi(lo)?,
                with_phi(hi)?,
            );
        }
        if !(scenario.partners().is_empty() && baseline.partners().is_empty()) {
            let vc = |k: f64| -> Result<f64> {
                effect(
                    &self.forecaster_for(&scenario)?.with_value_chain_scale(k),
                    &scenario,
                )
            };
            push(
                "value-chain exposure (Korean VA in partners' exports)",
                "x data",
                "half to 1.5 times (the data are a third of KIET's published level)",
                1.0,
                0.5,
                1.5,
                vc(0.5)?,
                vc(1.5)?,
            );
        }
        // The optional channels: off (0) to twice the spec's value, with sd 0 so both ends use the
        // same draws as each other (the channel's three extra normals are the last of each path's
        // draws, so the level effect's other draws are unchanged).
        for (name, key, units, spec) in [
            (
                "income channel (second round)",
                "income",
                "share of lost income",
                &self.spec.trade.income_channel,
            ),
            (
                "uncertainty channel on investment",
                "uncertainty",
                "% GDP per tariff point",
                &self.spec.trade.uncertainty_channel,
            ),
            (
                "exchange-rate offset (KRW)",
                "exchange_rate",
                "share of the wedge",
                &self.spec.trade.exchange_rate_channel,
            ),
        ] {
            let Some(c) = spec else { continue };
            let with = |v: f64| -> Result<f64> {
                let mut ch = base.channels().clone();
                let on = Some(crate::econometrics::Channel {
                    enabled: true,
                    value: v,
                    sd: 0.0,
                    source: c.source.clone(),
                });
                match key {
                    "income" => {
                        ch.income = on;
                        ch.consumption_va_inducement =
                            Channels::consumption_va_inducement(&base.leontief)?;
                    }
                    "uncertainty" => ch.uncertainty = on,
                    _ => ch.exchange_rate = on,
                }
                effect(
                    &self.forecaster_for(&scenario)?.with_channels(ch),
                    &scenario,
                )
            };
            push(
                name,
                units,
                &format!(
                    "off to twice the spec's {} ({}{})",
                    c.value,
                    c.source,
                    if c.enabled { "" } else { "; off by default" }
                ),
                if c.enabled { c.value } else { 0.0 },
                0.0,
                2.0 * c.value,
                with(0.0)?,
                with(2.0 * c.value)?,
            );
        }
        Ok(Sensitivity {
            meta: Meta::new(&self.ds),
            scenario: scenario.name.clone(),
            baseline: baseline.name.clone(),
            paths: req.paths,
            seed: req.seed,
            effect_central: central,
            inputs,
        }
        .sorted())
    }

    /// The estimated equations with their selection tables.
    pub fn estimate_report(&self) -> EstimateReport {
        EstimateReport::new(
            &self.ds,
            &self.spec_label,
            &self.spec_sha256,
            &self.spec,
            &self.est,
        )
    }

    /// The rolling-origin backtest the spec asks for.
    pub fn backtest_report(&self) -> Result<BacktestReport> {
        self.backtest_report_with(None)
    }

    /// The backtest with drivers forecast or realised instead of the spec's `backtest.drivers` (the
    /// ARX's driver selection keeps the spec's mode).
    pub fn backtest_report_with(
        &self,
        drivers: Option<crate::econometrics::DriverMode>,
    ) -> Result<BacktestReport> {
        let mut spec = self.spec.clone();
        if let Some(d) = drivers {
            spec.backtest.drivers = d;
        }
        BacktestReport::new(
            &self.ds,
            &self.spec_label,
            &self.spec_sha256,
            &spec,
            &self.est,
        )
    }

    /// The concession menu (file or name; None: `concessions/menu`).
    pub fn menu(&self, arg: Option<&str>) -> Result<Menu> {
        let (l, t) = models::resolve(
            arg.unwrap_or("concessions/menu"),
            self.models_dir.as_deref(),
        )?;
        spec::parse_menu(&l, &t)
    }

    /// The calibrated US response (file or name; None: `us_response`).
    pub fn us_response(&self, arg: Option<&str>) -> Result<UsResponse> {
        let (l, t) = models::resolve(arg.unwrap_or("us_response"), self.models_dir.as_deref())?;
        UsResponse::calibrate(spec::parse_response(&l, &t)?, &l, &self.ds.deals)
    }

    /// The precomputed concession-mix problem for a request: the scenario's start, horizon, drivers
    /// and parameter overrides, the menu, the calibrated response and the settings.
    pub fn problem(&self, req: &NegotiationRequest) -> Result<Problem> {
        let (base, _) = self.scenario(req.scenario.as_deref().unwrap_or("korus"))?;
        let fc = self.forecaster_for(&base)?;
        let menu = self.menu(req.menu.as_deref())?;
        let response = self.us_response(req.response.as_deref())?;
        let settings = ProblemSettings {
            paths: req.paths,
            seed: req.seed,
            risk_weight: req.risk_weight,
            risk_measure: req.risk_measure,
            budget: req.budget,
            link_defence: req.link_defence,
            settle: req.settle,
        };
        let problem = Problem::build(&self.ds, &fc, &base, menu, response, settings)?;
        if let Some(b) = problem.settings.budget {
            let out = problem
                .evaluate(&problem.menu.base_amounts())
                .annual_outflow_usd_bn;
            if out > b + 1e-9 {
                return Err(Error::Request(format!("infeasible: the menu's lower bounds already need {out:.1} USD bn per year, above the budget of {b}")));
            }
        }
        Ok(problem)
    }

    /// When to settle: `amounts` settled in each quarter of the first half of the request's horizon
    /// (the status quo's tariffs until then), against settling in the first quarter.
    pub fn settle_sweep(
        &self,
        req: &NegotiationRequest,
        amounts: &[f64],
    ) -> Result<crate::negotiation::SettleSweep> {
        let (base, _) = self.scenario(req.scenario.as_deref().unwrap_or("korus"))?;
        // The first half of the horizon: a later deal would have too few quarters left for its
        // four-quarter adjustment to count (the loss is truncated at the horizon).
        let problems = (0..base.quarters.div_ceil(2))
            .map(|k| {
                let mut r = req.clone();
                r.settle = Some(base.start.offset(k as i64));
                self.problem(&r)
            })
            .collect::<Result<Vec<_>>>()?;
        let sq = Scenario::status_quo(
            base.start,
            base.quarters,
            &self.ds.tariffs,
            &self.ds.io.sectors,
        );
        let names: Vec<&str> = sq.measures.iter().map(|m| m.name.as_str()).collect();
        let note = format!(
            "Status quo until the settlement: the measures in force on {} ({}; data/tariff_measures.csv).",
            base.start.offset(-1).last_day(),
            if names.is_empty() { "none".to_string() } else { names.join(", ") }
        );
        crate::negotiation::settle_sweep(&problems, amounts, note)
    }

    /// Search for the best concession mix.
    pub fn optimize(
        &self,
        req: &NegotiationRequest,
        settings: &OptimizeSettings,
    ) -> Result<OptimizeReport> {
        let p = self.problem(req)?;
        let mut s = settings.clone();
        if s.frontier_reach_usd_bn.is_none() {
            s.frontier_reach_usd_bn = Some(self.frontier_reach(&p));
        }
        let mut r = optimize(&p, Meta::new(&self.ds), &s)?;
        r.shipped_mixes = self.shipped_mix_points(&p);
        r.assumptions.channels = crate::forecast::ChannelNote::from_spec(&self.spec.trade);
        Ok(r)
    }

    /// [`Workbench::optimize`] with the optional tables of `headwind optimize`: `explain` adds the
    /// marginal values, budget shadow price and robustness table of the optimum; `settle_sweep` adds
    /// the optimum settled in each quarter of the first half of the horizon.
    pub fn optimize_with(
        &self,
        req: &NegotiationRequest,
        settings: &OptimizeSettings,
        explain: bool,
        settle_sweep: bool,
    ) -> Result<OptimizeReport> {
        let mut r = self.optimize(req, settings)?;
        if explain || settle_sweep {
            let p = self.problem(req)?;
            let amounts: Vec<f64> = p
                .menu
                .instrument
                .iter()
                .map(|i| r.best.mix[&i.name])
                .collect();
            if explain {
                r.explain = Some(crate::negotiation::explain(&p, &amounts, settings.seed)?);
            }
            if settle_sweep {
                r.settle = Some(self.settle_sweep(req, &amounts)?);
            }
        }
        Ok(r)
    }

    /// Every shipped mix's cost and expected GDP loss under problem `p` (for the frontier chart).
    pub fn shipped_mix_points(
        &self,
        p: &crate::negotiation::Problem,
    ) -> Vec<crate::negotiation::MixPoint> {
        models::shipped_mixes()
            .iter()
            .filter_map(|name| self.mix(name, &p.menu).ok().map(|m| (name, m)))
            .map(|(name, m)| {
                let b = p.evaluate_linked(&m.amounts, p.link_for(&m));
                crate::negotiation::MixPoint {
                    name: name.to_string(),
                    cost_usd_bn: b.cost_usd_bn,
                    gdp_loss_pct: b.gdp_loss_pct,
                    objective: b.objective,
                }
            })
            .collect()
    }

    /// The cost of the costliest shipped mix under problem `p` (USD bn): the frontier runs beyond it,
    /// so every shipped mix can be read against it.
    pub fn frontier_reach(&self, p: &crate::negotiation::Problem) -> f64 {
        models::EMBEDDED
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("concessions/mixes/"))
            .filter_map(|name| self.mix(name, &p.menu).ok())
            .map(|m| p.evaluate(&m.amounts).cost_usd_bn)
            .fold(0.0, f64::max)
    }

    /// A mix by file or shipped name, checked against `menu`.
    pub fn mix(&self, arg: &str, menu: &Menu) -> Result<Mix> {
        let (l, t) = models::resolve_mix(arg, self.models_dir.as_deref())?;
        spec::parse_mix(&l, &t, menu)
    }

    /// Compare mixes (files or shipped names; every shipped mix when empty).
    pub fn compare(&self, req: &NegotiationRequest, mixes: &[String]) -> Result<Comparison> {
        let p = self.problem(req)?;
        let names: Vec<String> = if mixes.is_empty() {
            models::shipped_mixes()
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            mixes.to_vec()
        };
        let mixes = names
            .iter()
            .map(|m| self.mix(m, &p.menu))
            .collect::<Result<Vec<_>>>()?;
        let mut c = compare(&p, Meta::new(&self.ds), &mixes);
        c.assumptions.channels = crate::forecast::ChannelNote::from_spec(&self.spec.trade);
        Ok(c)
    }
}

impl Workbench {
    /// A sweep spec by file or shipped name (`sweeps/NAME`).
    pub fn sweep_spec(&self, arg: &str) -> Result<crate::sweep::Sweep> {
        let p = PathBuf::from(arg);
        let (label, text) = if p.is_file() {
            models::resolve(arg, self.models_dir.as_deref())?
        } else {
            models::resolve(
                &format!("sweeps/{}", arg.trim_end_matches(".toml")),
                self.models_dir.as_deref(),
            )?
        };
        crate::sweep::parse_sweep(&label, &text)
    }

    /// Run a sweep, or the shard `shard` of it: the forecast at each point with the spec's paths
    /// and seed (common random numbers); `progress` is called with the number of points done.
    pub fn sweep(
        &self,
        sweep: &crate::sweep::Sweep,
        shard: Option<crate::sweep::Shard>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<crate::sweep::SweepTable> {
        use crate::sweep::{column_header, row, PointOutputs, SweepTable};
        let (base, _) = self.scenario(&sweep.spec.scenario)?;
        let (vs, _) = match &sweep.spec.vs {
            Some(v) => self.scenario(v)?,
            None => self.baseline_of(&base)?,
        };
        let range = match shard {
            Some(s) => sweep.shard_range(s.k, s.n),
            None => 0..sweep.points.len(),
        };
        // The nowcast depends on the data only: estimated once, not at every point; and with
        // common random numbers every point's paths have the same draws, so they are drawn once
        // (with the nowcast of the first quarter) and each point only maps them through its own
        // trade parameters ([`Forecaster::draw_bank`]).
        let nowcast = self.nowcast_for_forecast()?;
        let mut fc0 = self.forecaster_for(&base)?;
        self.check_drivers(&fc0, &[&base, &vs])?;
        if let Some((q, values, _)) = nowcast {
            if q == base.start && fc0.gdp().local_mean.is_some() {
                fc0 = fc0.with_nowcast(q, values);
            }
        }
        let mc = McSettings {
            paths: sweep.spec.paths,
            seed: sweep.spec.seed,
            shocks: Shocks::Bootstrap,
            parameter_uncertainty: true,
        };
        let bank = fc0.draw_bank(&base, mc)?;
        let g = fc0.gdp();
        let history: Vec<(crate::data::Quarter, f64)> = g
            .quarters
            .iter()
            .zip(&g.y)
            .filter(|(q, _)| **q < base.start)
            .filter_map(|(q, v)| v.map(|v| (*q, v)))
            .collect();
        let point = |i: usize| -> Result<(usize, String, Vec<i32>)> {
            let sc = sweep.scenario_at(&base, &sweep.points[i])?;
            let fc = if sc.overrides == base.overrides {
                None
            } else {
                let (trade, est) = self.overridden(&sc);
                Some(fc0.with_trade(&self.ds, &est, &trade)?)
            };
            let sim = fc
                .as_ref()
                .unwrap_or(&fc0)
                .simulate_bank(&bank, &sc, &vs)
                .map_err(|e| match e {
                    Error::Numerical { cause, message } => Error::Numerical {
                        cause,
                        message: format!("sweep point {}: {message}", i + 1),
                    },
                    e => e,
                })?;
            let o = PointOutputs::from_simulation(&sim, &history);
            if let Some(at) = crate::report::finite::first_non_finite(&o) {
                return Err(Error::numerical(
                    crate::error::NumericalCause::NonFinite,
                    format!("sweep point {}: a non-finite output at `{at}`", i + 1),
                ));
            }
            progress(1);
            let years = o.annual_effect_pp.iter().map(|(y, _)| *y).collect();
            Ok((i, row(i, &sweep.points[i], &o), years))
        };
        // Points in parallel, each one's paths in order on one thread: the rows do not depend on
        // the number of threads.
        let done: Vec<Result<(usize, String, Vec<i32>)>> =
            range.clone().into_par_iter().map(point).collect();
        let mut rows = Vec::with_capacity(range.len());
        let mut years: Option<Vec<i32>> = None;
        for r in done {
            let (i, text, y) = r?;
            years.get_or_insert(y);
            rows.push((i, text));
        }
        let as_of = self
            .ds
            .as_of_month
            .map(|m| m.to_string())
            .or_else(|| self.ds.as_of.map(|q| q.to_string()));
        let Some(years) = years else {
            return Err(Error::Request(format!(
                "shard {} has no points: the sweep has {} points, fewer than its shards",
                shard
                    .map(|s| format!("{}/{}", s.k, s.n))
                    .unwrap_or_default(),
                sweep.points.len()
            )));
        };
        Ok(SweepTable {
            header_line: sweep.header_line(
                &crate::sweep::SweepContext {
                    model_spec: &self.spec_label,
                    model_spec_sha256: &self.spec_sha256,
                    data_version: &self.ds.version(),
                    as_of: as_of.as_deref(),
                },
                &vs.name,
            ),
            shard_line: shard.map(|s| {
                format!(
                    "# shard {}/{}: points {}-{}",
                    s.k,
                    s.n,
                    range.start + 1,
                    range.end
                )
            }),
            columns: column_header(&sweep.spec.parameters, &years),
            rows,
            total: sweep.points.len(),
            parameters: sweep
                .spec
                .parameters
                .iter()
                .map(|p| p.name.clone())
                .collect(),
            kind: sweep.spec.design.kind,
        })
    }
}

/// What `headwind report` puts on the page.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    /// The forecast (scenario, comparator, paths, seed).
    pub forecast: ForecastRequest,
    /// Paths of the sensitivity runs (None: no sensitivity section).
    pub sensitivity_paths: Option<usize>,
    /// Mixes to compare (None: no comparison; empty: every shipped mix).
    pub mixes: Option<Vec<String>>,
    /// Whether to add the optimum and the frontier.
    pub optimize: bool,
    /// The negotiation settings of the comparison and the optimum.
    pub negotiation: NegotiationRequest,
    /// Label language.
    pub lang: crate::report::charts::Lang,
}

impl Workbench {
    /// The self-contained HTML report (see [`crate::report::html`]); `progress` is called with the
    /// forecast's paths as they are done.
    pub fn report(&self, req: &ReportRequest, progress: &(dyn Fn(u64) + Sync)) -> Result<String> {
        let forecast = self.forecast(&req.forecast, progress)?;
        let sensitivity = match req.sensitivity_paths {
            Some(paths) => Some(self.sensitivity(&ForecastRequest {
                paths,
                ..req.forecast.clone()
            })?),
            None => None,
        };
        let comparison = match &req.mixes {
            Some(m) => Some(self.compare(&req.negotiation, m)?),
            None => None,
        };
        let optimize = if req.optimize {
            let settings = OptimizeSettings {
                solvers: crate::negotiation::SolverKind::ALL.to_vec(),
                seed: req.negotiation.seed,
                max_iters: None,
                frontier_reach_usd_bn: None,
            };
            Some(self.optimize(&req.negotiation, &settings)?)
        } else {
            None
        };
        let data = DataReport::new(&self.ds)?;
        for (what, at) in [
            (
                "forecast",
                crate::report::finite::first_non_finite(&forecast),
            ),
            (
                "sensitivity",
                sensitivity
                    .as_ref()
                    .and_then(crate::report::finite::first_non_finite),
            ),
            (
                "comparison",
                comparison
                    .as_ref()
                    .and_then(crate::report::finite::first_non_finite),
            ),
            (
                "optimization",
                optimize
                    .as_ref()
                    .and_then(crate::report::finite::first_non_finite),
            ),
        ] {
            if let Some(at) = at {
                return Err(Error::numerical(
                    crate::error::NumericalCause::NonFinite,
                    format!("the {what} has a non-finite number at `{at}`; no report was written"),
                ));
            }
        }
        crate::report::html::render(&crate::report::html::ReportParts {
            forecast: &forecast,
            sensitivity: sensitivity.as_ref(),
            comparison: comparison.as_ref(),
            optimize: optimize.as_ref(),
            data: &data,
            lang: req.lang,
        })
    }
}

/// The datasets and their checks (no estimation needed).
pub fn data_report(source: &DataSource) -> Result<DataReport> {
    DataReport::new(&Dataset::load(source)?)
}

/// Input-output multipliers, optionally aggregated with a concordance (file or model name).
pub fn multipliers_report(
    source: &DataSource,
    models_dir: Option<&Path>,
    aggregate: Option<&str>,
    top: Option<usize>,
    type2: bool,
) -> Result<MultiplierReport> {
    check_models_dir(models_dir)?;
    let ds = Dataset::load(source)?;
    match aggregate {
        Some(arg) => {
            let (label, text) = models::resolve(arg, models_dir)?;
            let conc = spec::parse_groups(&label, &text, &ds.io.sectors)?;
            MultiplierReport::new(&ds, Some((&label, &conc)), top, type2)
        }
        None => MultiplierReport::new(&ds, None, top, type2),
    }
}
