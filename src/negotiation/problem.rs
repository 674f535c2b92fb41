//! The concession-mix problem, precomputed so that one evaluation costs microseconds: the expected GDP
//! loss and the risk of a negative quarter as functions of the headline US tariff are simulated once on a
//! grid (the forecast engine, common random numbers across grid points) and interpolated with a monotone
//! cubic; the US response, the costs and the constraints are closed-form.
//!
//! objective(c) = (1 − p)·[E_z L(τ(c) + σz) + cost(c) + λ E_z R(τ(c) + σz)] + p·[L(τ_nd) + λ R(τ_nd)]
//!              + budget penalty,
//! with p the probability that the deal does not hold (no concessions are then paid and the no-deal rate
//! τ_nd applies; R is the chosen risk measure), z standard normal (Gauss-Hermite nodes: sample-average approximation with common random
//! numbers, so the objective is smooth in c), L the discounted GDP loss over the horizon (% of annual GDP)
//! against KORUS, R the largest quarterly P(growth < 0), λ the risk weight.

use std::sync::atomic::{AtomicU64, Ordering};

use super::menu::{Kind, Menu};
use super::response::UsResponse;
use crate::data::{Dataset, Quarter};
use crate::error::{Error, Result};
use crate::forecast::{
    coverage_from_measure, coverage_of, Forecaster, McSettings, Measure, Scenario, Shocks,
};
use crate::input_output::Concordance;

/// Probabilists' Gauss-Hermite nodes and weights (7 points) for E[f(Z)], Z ~ N(0, 1).
const GH: [(f64, f64); 7] = [
    (-3.750439717725742, 0.000548268855972),
    (-2.366759410734541, 0.030757123967586),
    (-1.154405394739968, 0.240123178605013),
    (0.0, 0.457142857142857),
    (1.154405394739968, 0.240123178605013),
    (2.366759410734541, 0.030757123967586),
    (3.750439717725742, 0.000548268855972),
];

/// The risk measure penalised with `risk_weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskMeasure {
    /// The largest quarterly P(growth < 0) over the horizon.
    PNegative,
    /// Minus the expected shortfall at 5% of quarterly growth pooled over the horizon (log points).
    ExpectedShortfall,
}

impl RiskMeasure {
    /// Names accepted by [`std::str::FromStr`].
    pub const NAMES: [&'static str; 2] = ["p-negative", "expected-shortfall"];
}

impl std::str::FromStr for RiskMeasure {
    type Err = Error;
    fn from_str(s: &str) -> Result<RiskMeasure> {
        match s {
            "p-negative" => Ok(RiskMeasure::PNegative),
            "expected-shortfall" => Ok(RiskMeasure::ExpectedShortfall),
            _ => Err(Error::Request(format!(
                "unknown risk measure `{s}` (expected p-negative or expected-shortfall)"
            ))),
        }
    }
}

/// Settings of the precomputation and the objective.
#[derive(Debug, Clone, Copy)]
pub struct ProblemSettings {
    /// Monte Carlo paths per grid point.
    pub paths: usize,
    /// Seed (common across grid points).
    pub seed: u64,
    /// Weight λ on the risk term, % of GDP per unit of the risk measure.
    pub risk_weight: f64,
    /// Which risk measure the weight applies to.
    pub risk_measure: RiskMeasure,
    /// Cap on annual outflows (pledges paid per year + purchases + defence), USD bn per year.
    pub budget: Option<f64>,
    /// Whether defence cost-sharing counts in the US response (None: the response spec's
    /// `link_defence`). A mix's own `link_defence` takes precedence over both (see
    /// [`Problem::link_for`]).
    pub link_defence: Option<bool>,
    /// The quarter the deal is settled (None: the horizon's first quarter). Before it the status
    /// quo's tariffs apply (the measures in force at the horizon's start, held); from it the mix's
    /// headline rate, and the mix's costs run only from it.
    pub settle: Option<Quarter>,
}

/// Evaluation of one mix.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Breakdown {
    /// The objective (% of annual GDP over the horizon).
    pub objective: f64,
    /// Expected headline tariff including the chance the deal fails, %.
    pub expected_tariff_pct: f64,
    /// Tariff if the deal holds (central), %.
    pub deal_tariff_pct: f64,
    /// Expected discounted GDP loss vs KORUS, % of annual GDP summed over the horizon.
    pub gdp_loss_pct: f64,
    /// Cost of the mix, % of annual GDP summed over the horizon (if the deal holds).
    pub cost_pct: f64,
    /// Cost of the mix in USD bn over the horizon.
    pub cost_usd_bn: f64,
    /// Each instrument's cost, % of GDP.
    pub costs_pct: Vec<(String, f64)>,
    /// Expected largest quarterly P(growth < 0).
    pub p_negative_max: f64,
    /// Annual outflow: cash investment paid per year + purchases + defence, USD bn per year.
    pub annual_outflow_usd_bn: f64,
    /// Amount by which the annual outflow exceeds the budget, USD bn per year.
    pub budget_violation: f64,
    /// Predictive standard deviation of the tariff if the deal holds (US-response parameter and
    /// residual uncertainty), tariff points.
    pub deal_tariff_sd_pct: f64,
    /// The risk term of the objective: risk weight × the expected risk measure, % of GDP.
    pub risk_term: f64,
    /// Monte Carlo standard error of the expected GDP loss (the loss curve's path-to-path spread
    /// over √paths, read at the mix's tariffs), % of GDP: the objective's own sampling error.
    pub gdp_loss_mc_se: f64,
}

/// The US response's uncertainty for one mix: the tariff if the deal holds and whether the mix beats
/// conceding nothing and facing the no-deal rate.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TariffOutcome {
    /// Quantiles of the tariff if the deal holds, %, keyed like the forecast's `quantiles`
    /// ("5" … "95"): max(floor, τ̂ + s Φ⁻¹(q)).
    pub tariff_pct_quantiles: std::collections::BTreeMap<String, f64>,
    /// Probability that the deal holds and its outcome beats no deal: L(τ) + cost + λR(τ) <
    /// L(τ_nd) + λR(τ_nd) over the response's uncertainty (stratified normal nodes).
    pub p_beats_no_deal: f64,
}

/// Draws of the US response behind [`Problem::tariff_outcome`].
pub const OUTCOME_NODES: usize = 2000;

/// A precomputed concession-mix problem.
pub struct Problem {
    /// The menu.
    pub menu: Menu,
    /// The calibrated US response.
    pub response: UsResponse,
    /// Settings.
    pub settings: ProblemSettings,
    /// Headline tariff grid, %.
    pub tau_grid: Vec<f64>,
    /// Discounted GDP loss on the grid.
    pub loss_grid: Vec<f64>,
    /// Largest quarterly P(growth < 0) on the grid.
    pub pneg_grid: Vec<f64>,
    /// Minus the 5% expected shortfall of quarterly growth on the grid (log points).
    pub es_grid: Vec<f64>,
    /// Monte Carlo standard error of the discounted GDP loss on the grid.
    pub loss_se_grid: Vec<f64>,
    /// Draws of the US response common to every mix: coefficients b_k ~ N(b̂, V) and the residual
    /// e_k ~ N(0, σ²), tariff points ([`OUTCOME_NODES`] of them, from the settings' seed).
    pub response_draws: Vec<([f64; 3], f64)>,
    loss_se_slopes: Vec<f64>,
    es_slopes: Vec<f64>,
    loss_slopes: Vec<f64>,
    pneg_slopes: Vec<f64>,
    /// Opening cost per unit for each instrument (0 for other kinds), % of GDP over the horizon.
    pub opening_cost: Vec<f64>,
    /// Korea's annual GDP in USD bn (conversion of USD costs).
    pub gdp_usd_bn: f64,
    /// Years from the settlement quarter to the horizon's end, over which the mix's costs run (the
    /// whole horizon when settled in its first quarter).
    pub horizon_years: f64,
    /// Quarters of the horizon before the settlement, at the status quo's tariffs.
    pub quarters_before_settle: usize,
    /// The reinvestment table of the shipped data (FDI in the US over the US goods surplus).
    pub reinvestment: super::Reinvestment,
    evaluations: AtomicU64,
}

/// Fritsch-Carlson monotone cubic Hermite slopes.
fn monotone_slopes(x: &[f64], y: &[f64]) -> Vec<f64> {
    let n = x.len();
    let d: Vec<f64> = (0..n - 1)
        .map(|i| (y[i + 1] - y[i]) / (x[i + 1] - x[i]))
        .collect();
    let mut m = vec![0.0; n];
    m[0] = d[0];
    m[n - 1] = d[n - 2];
    for i in 1..n - 1 {
        m[i] = if d[i - 1] * d[i] <= 0.0 {
            0.0
        } else {
            (d[i - 1] + d[i]) / 2.0
        };
    }
    for i in 0..n - 1 {
        if d[i] == 0.0 {
            m[i] = 0.0;
            m[i + 1] = 0.0;
        } else {
            let (a, b) = (m[i] / d[i], m[i + 1] / d[i]);
            let s = a * a + b * b;
            if s > 9.0 {
                let t = 3.0 / s.sqrt();
                m[i] = t * a * d[i];
                m[i + 1] = t * b * d[i];
            }
        }
    }
    m
}

fn hermite(x: &[f64], y: &[f64], m: &[f64], v: f64) -> f64 {
    let v = v.clamp(x[0], x[x.len() - 1]);
    let h = x[1] - x[0];
    let i = (((v - x[0]) / h).floor() as usize).min(x.len() - 2);
    let t = (v - x[i]) / h;
    let (t2, t3) = (t * t, t * t * t);
    (2.0 * t3 - 3.0 * t2 + 1.0) * y[i]
        + (t3 - 2.0 * t2 + t) * h * m[i]
        + (-2.0 * t3 + 3.0 * t2) * y[i + 1]
        + (t3 - t2) * h * m[i + 1]
}

/// The headline-rate scenario built in code: rate τ on the reciprocal coverage and on the headline
/// groups (autos under the 2025 deals), the non-negotiable Section 232 measure at its rate, from the
/// base scenario's start with its horizon and driver paths.
pub fn headline_scenario(
    base: &Scenario,
    response: &UsResponse,
    tau: f64,
    ds: &Dataset,
    groups: &Concordance,
) -> Result<Scenario> {
    headline_scenario_settled(base, response, tau, ds, groups, None)
}

/// [`headline_scenario`] settled in quarter `settle`: the status quo's measures (those in force at
/// the horizon's start, held) until the quarter before, the headline measures from `settle` on.
pub fn headline_scenario_settled(
    base: &Scenario,
    response: &UsResponse,
    tau: f64,
    ds: &Dataset,
    groups: &Concordance,
    settle: Option<Quarter>,
) -> Result<Scenario> {
    let settle = settle.unwrap_or(base.start);
    let mut sc = headline_measures(base, response, tau, ds, groups, settle)?;
    if settle > base.start {
        let sq = Scenario::status_quo(base.start, base.quarters, &ds.tariffs, &ds.io.sectors);
        for mut m in sq.measures {
            m.end = Some(settle.offset(-1));
            sc.measures.push(m);
        }
    }
    Ok(sc)
}

fn headline_measures(
    base: &Scenario,
    response: &UsResponse,
    tau: f64,
    ds: &Dataset,
    groups: &Concordance,
    from: Quarter,
) -> Result<Scenario> {
    let s = &response.spec;
    let sectors = &ds.io.sectors;
    let data_coverage = |id: &str, key: &str| {
        coverage_from_measure(id, &ds.tariffs, sectors).ok_or_else(|| {
            Error::spec(
                &response.origin,
                None,
                key,
                format!("no measure `{id}` in tariff_measures.csv"),
            )
        })
    };
    let headline_groups =
        coverage_of(&s.headline_groups, 1.0, sectors, groups).map_err(|code| {
            Error::spec(
                &response.origin,
                None,
                "headline_groups",
                format!("unknown sector or group `{code}`"),
            )
        })?;
    let measure = |name: &str, rate_pct: f64, coverage: Vec<f64>| {
        Measure::additional(name, rate_pct, coverage, from, None)
    };
    Scenario::builder(&format!("headline {tau:.2}%"), base.start, base.quarters)
        .origin(&base.origin)
        .measure(measure(
            "headline",
            tau,
            data_coverage(&s.headline_coverage, "headline_coverage")?,
        ))
        .measure(measure("headline autos", tau, headline_groups))
        .measure(measure(
            "non-negotiable",
            s.non_negotiable_rate_pct,
            data_coverage(&s.non_negotiable_measure, "non_negotiable_measure")?,
        ))
        .drivers_of(base)
        .build()
}

impl Problem {
    /// Precompute the loss and risk curves with the forecast engine: headline-rate scenarios built from
    /// `base` (its start, horizon and driver paths) against the KORUS status quo with the same drivers.
    /// `fc` should carry `base`'s parameter overrides (see
    /// [`Workbench::forecaster_for`](crate::workbench::Workbench::forecaster_for)).
    pub fn build(
        ds: &Dataset,
        fc: &Forecaster,
        base: &Scenario,
        menu: Menu,
        response: UsResponse,
        settings: ProblemSettings,
    ) -> Result<Problem> {
        let korus = &base.korus_like();
        let groups = &fc.groups;
        let last = base.start.offset(base.quarters as i64 - 1);
        settle_checked(settings.settle, base.start, last)?;
        let before = settings
            .settle
            .map_or(0, |q| (q.index() - base.start.index()) as usize);
        if !(settings.risk_weight >= 0.0 && settings.risk_weight.is_finite()) {
            return Err(Error::Request(format!(
                "the risk weight must be a non-negative number, got {}",
                settings.risk_weight
            )));
        }
        if settings.paths == 0 {
            return Err(Error::Request("paths must be at least 1".into()));
        }
        if let Some(b) = settings.budget {
            if b.is_nan() || b < 0.0 {
                return Err(Error::Request(format!(
                    "the budget must be a non-negative amount, got {b}"
                )));
            }
        }
        // Half-point steps to 60%, then coarser up to the largest rate the response can produce (the
        // no-deal rate, at most 500%), so no rate is read off the end of the grid.
        let top = response.spec.no_deal_rate_pct.clamp(60.0, 500.0);
        let mut tau_grid: Vec<f64> = (0..=120).map(|k| k as f64 * 0.5).collect();
        let mut t = 60.0;
        while t < top {
            t = (t + if t < 100.0 { 5.0 } else { 25.0 }).min(top);
            tau_grid.push(t);
        }
        let mc = McSettings {
            paths: settings.paths,
            seed: settings.seed,
            shocks: Shocks::Bootstrap,
            parameter_uncertainty: true,
        };
        let delta = menu.discount_per_quarter;
        let mut loss_grid = Vec::with_capacity(tau_grid.len());
        let mut pneg_grid = Vec::with_capacity(tau_grid.len());
        let mut es_grid = Vec::with_capacity(tau_grid.len());
        let mut loss_se_grid = Vec::with_capacity(tau_grid.len());
        for &tau in &tau_grid {
            let sc = headline_scenario_settled(base, &response, tau, ds, groups, settings.settle)?;
            let sim = fc.simulate(&sc, korus, mc, &|_| {})?;
            let n = sim.scenario.len() as f64;
            let h = sim.quarters.len();
            let mut level = 0.0;
            let mut loss = 0.0;
            let mut pmax: f64 = 0.0;
            for t in 0..h {
                level += sim
                    .scenario
                    .iter()
                    .zip(&sim.baseline)
                    .map(|(s, b)| s[t] - b[t])
                    .sum::<f64>()
                    / n;
                loss += delta.powi(t as i32 + 1) * (-level) / 4.0;
                pmax = pmax.max(sim.scenario.iter().filter(|p| p[t] < 0.0).count() as f64 / n);
            }
            // Each path's own discounted loss, for the Monte Carlo standard error of the mean.
            let per_path: Vec<f64> = sim
                .scenario
                .iter()
                .zip(&sim.baseline)
                .map(|(s, b)| {
                    let mut level = 0.0;
                    (0..h)
                        .map(|t| {
                            level += s[t] - b[t];
                            delta.powi(t as i32 + 1) * (-level) / 4.0
                        })
                        .sum::<f64>()
                })
                .collect();
            let mean = per_path.iter().sum::<f64>() / n;
            let var = per_path.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
            loss_se_grid.push((var / n).sqrt());
            loss_grid.push(loss);
            pneg_grid.push(pmax);
            es_grid.push(-crate::forecast::growth_at_risk(&sim.scenario).1);
        }
        let horizon_years = (korus.quarters - before) as f64 / 4.0;
        let lf = crate::input_output::Leontief::new(&ds.io)?;
        let va_mult = lf.multipliers()?.value_added;
        let va_total = ds.io.value_added_total().sum();
        let exports = ds.io.fd_index("exports");
        let opening_cost = menu
            .instrument
            .iter()
            .enumerate()
            .map(|(i, ins)| {
                if ins.kind != Kind::MarketOpening {
                    return Ok(0.0);
                }
                let mut va = 0.0;
                for code in &ins.sectors {
                    let j = ds.io.sector_index(code).ok_or_else(|| {
                        Error::spec(
                            &menu.origin,
                            None,
                            &format!("instrument[{}].sectors", i + 1),
                            format!("unknown sector `{code}`"),
                        )
                    })?;
                    let fd: f64 = (0..ds.io.fd_domestic.ncols())
                        .filter(|&k| Some(k) != exports)
                        .map(|k| ds.io.fd_domestic[[j, k]])
                        .sum();
                    va += va_mult[j] * fd;
                }
                Ok(ins.import_shift * va / va_total * 100.0 * horizon_years)
            })
            .collect::<Result<Vec<f64>>>()?;
        let gdp_usd_bn = annual_gdp_usd_bn(ds)?;
        Ok(Problem {
            loss_slopes: monotone_slopes(&tau_grid, &loss_grid),
            pneg_slopes: monotone_slopes(&tau_grid, &pneg_grid),
            es_slopes: monotone_slopes(&tau_grid, &es_grid),
            es_grid,
            response_draws: response.draws(OUTCOME_NODES, settings.seed)?,
            loss_se_slopes: monotone_slopes(&tau_grid, &loss_se_grid),
            loss_se_grid,
            tau_grid,
            loss_grid,
            pneg_grid,
            opening_cost,
            gdp_usd_bn,
            horizon_years,
            quarters_before_settle: before,
            reinvestment: super::reinvestment(ds)?,
            menu,
            response,
            settings,
            evaluations: AtomicU64::new(0),
        })
    }

    /// The same precomputed problem (loss and risk curves, response draws) with the menu, the
    /// response spec, the settings or the opening costs changed by `f`: for what-ifs that do not
    /// move the loss curves (cost rates, the deal-failure probability, the budget, the risk weight).
    pub fn variant(
        &self,
        f: impl FnOnce(&mut Menu, &mut UsResponse, &mut ProblemSettings, &mut Vec<f64>),
    ) -> Problem {
        let (mut menu, mut response, mut settings, mut opening_cost) = (
            self.menu.clone(),
            self.response.clone(),
            self.settings,
            self.opening_cost.clone(),
        );
        f(&mut menu, &mut response, &mut settings, &mut opening_cost);
        Problem {
            menu,
            response,
            settings,
            tau_grid: self.tau_grid.clone(),
            loss_grid: self.loss_grid.clone(),
            pneg_grid: self.pneg_grid.clone(),
            es_grid: self.es_grid.clone(),
            loss_se_grid: self.loss_se_grid.clone(),
            response_draws: self.response_draws.clone(),
            loss_se_slopes: self.loss_se_slopes.clone(),
            es_slopes: self.es_slopes.clone(),
            loss_slopes: self.loss_slopes.clone(),
            pneg_slopes: self.pneg_slopes.clone(),
            opening_cost,
            gdp_usd_bn: self.gdp_usd_bn,
            horizon_years: self.horizon_years,
            quarters_before_settle: self.quarters_before_settle,
            reinvestment: self.reinvestment.clone(),
            evaluations: AtomicU64::new(0),
        }
    }

    /// Discounted GDP loss (% of annual GDP over the horizon) at headline rate τ.
    pub fn loss(&self, tau: f64) -> f64 {
        hermite(&self.tau_grid, &self.loss_grid, &self.loss_slopes, tau)
    }

    /// The objective of a mix costing `cost_pct` (% of GDP) whose deal sets rate τ for sure (no
    /// US-response uncertainty): (1 − p)[L(τ) + cost + λR(τ)] + p[L(τ_nd) + λR(τ_nd)].
    pub fn objective_at_rate(&self, tau: f64, cost_pct: f64) -> f64 {
        let p = self.response.spec.p_deal_fails;
        let lambda = self.settings.risk_weight;
        let nd = self.response.spec.no_deal_rate_pct;
        (1.0 - p) * (self.loss(tau) + cost_pct + lambda * self.penalised(tau))
            + p * (self.loss(nd) + lambda * self.penalised(nd))
    }

    /// The headline rate in [0, τ_nd] at which [`Problem::objective_at_rate`] equals `target` (the
    /// loss rises with the rate, so bisection); None if no rate in that range reaches it.
    pub fn rate_for_objective(&self, target: f64, cost_pct: f64) -> Option<f64> {
        let nd = self.response.spec.no_deal_rate_pct;
        let f = |t: f64| self.objective_at_rate(t, cost_pct) - target;
        let (mut lo, mut hi) = (0.0, nd);
        if f(lo) > 0.0 || f(hi) < 0.0 {
            return None;
        }
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if f(mid) > 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(0.5 * (lo + hi))
    }

    /// Monte Carlo standard error of [`Problem::loss`] at τ.
    pub fn loss_se(&self, tau: f64) -> f64 {
        hermite(
            &self.tau_grid,
            &self.loss_se_grid,
            &self.loss_se_slopes,
            tau,
        )
        .max(0.0)
    }

    /// The US response's uncertainty for a mix (amounts in menu order, defence linked or not): the
    /// tariff's quantiles if the deal holds and the probability that the mix beats conceding nothing.
    ///
    /// Both use the problem's [`Problem::response_draws`] (common to every mix): draw k gives the rate
    /// max(floor, floor + b_k·x(c) + e_k − o·m) with b_k ~ N(b̂, V) and e_k ~ N(0, σ²). The mix beats
    /// no deal on draw k when the deal holds and L(τ_k(c)) + cost(c) + λR(τ_k(c)) < L(τ_k(0)) + λR(τ_k(0)),
    /// 0 the mix that concedes nothing (if the deal fails both face the no-deal rate and nothing is
    /// paid: a tie, not a win).
    pub fn tariff_outcome(&self, amounts: &[f64], link: bool) -> TariffOutcome {
        let b = self.evaluate_linked(amounts, link);
        let (purchases, pledges, opening) = self.instruments(amounts, link);
        let r = &self.response;
        let x = r.regressors(purchases, pledges);
        let x0 = r.regressors(0.0, 0.0);
        let lambda = self.settings.risk_weight;
        let value = |t: f64| self.loss(t) + lambda * self.penalised(t);
        let mut rates = Vec::with_capacity(self.response_draws.len());
        let mut wins = 0usize;
        for (bk, ek) in &self.response_draws {
            let t = r.rate_with(bk, &x, *ek, opening);
            let t0 = r.rate_with(bk, &x0, *ek, 0.0);
            if value(t) + b.cost_pct < value(t0) {
                wins += 1;
            }
            rates.push(t);
        }
        rates.sort_by(f64::total_cmp);
        let n = rates.len().max(1) as f64;
        TariffOutcome {
            tariff_pct_quantiles: crate::forecast::QUANTILES
                .iter()
                .map(|q| (format!("{q}"), crate::forecast::quantile_sorted(&rates, *q)))
                .collect(),
            p_beats_no_deal: (1.0 - r.spec.p_deal_fails) * wins as f64 / n,
        }
    }

    /// What a mix gives the US response: annual purchases, pledges (shipbuilding included; defence
    /// over `defence_years` when linked) and market opening.
    pub fn instruments(&self, amounts: &[f64], link: bool) -> (f64, f64, f64) {
        let (mut purchases, mut pledges, mut opening) = (0.0, 0.0, 0.0);
        for (ins, &a) in self.menu.instrument.iter().zip(amounts) {
            match ins.kind {
                Kind::Investment | Kind::Shipbuilding => pledges += a,
                Kind::Purchases => purchases += a,
                Kind::Defence => {
                    if link {
                        pledges += a * self.response.spec.defence_years;
                    }
                }
                Kind::MarketOpening => opening += a,
            }
        }
        (purchases, pledges, opening)
    }

    /// Largest quarterly P(growth < 0) at headline rate τ.
    pub fn risk(&self, tau: f64) -> f64 {
        hermite(&self.tau_grid, &self.pneg_grid, &self.pneg_slopes, tau).clamp(0.0, 1.0)
    }

    /// The penalised risk measure at headline rate τ.
    fn penalised(&self, tau: f64) -> f64 {
        match self.settings.risk_measure {
            RiskMeasure::PNegative => self.risk(tau),
            RiskMeasure::ExpectedShortfall => {
                hermite(&self.tau_grid, &self.es_grid, &self.es_slopes, tau)
            }
        }
    }

    /// Number of objective evaluations so far.
    pub fn evaluations(&self) -> u64 {
        self.evaluations.load(Ordering::Relaxed)
    }

    /// Whether defence cost-sharing counts in the US response under the problem's settings.
    pub fn link_defence(&self) -> bool {
        self.settings
            .link_defence
            .unwrap_or(self.response.spec.link_defence)
    }

    /// The linkage for a mix: the mix's own `link_defence`, else the settings', else the response's.
    pub fn link_for(&self, mix: &super::Mix) -> bool {
        mix.link_defence.unwrap_or_else(|| self.link_defence())
    }

    /// Evaluate a full mix (amounts in menu order) with the settings' security linkage.
    pub fn evaluate(&self, amounts: &[f64]) -> Breakdown {
        self.evaluate_linked(amounts, self.link_defence())
    }

    /// Evaluate with an explicit choice of linking defence cost-sharing to trade.
    pub fn evaluate_linked(&self, amounts: &[f64], link: bool) -> Breakdown {
        self.evaluations.fetch_add(1, Ordering::Relaxed);
        let menu = &self.menu;
        let r = &self.response;
        let (mut pledges, mut purchases, mut opening, mut invest_per_year, mut flows) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        let mut pledged_per_year = 0.0;
        let paid_share = (self.horizon_years / menu.payout_years).min(1.0);
        let mut costs = Vec::with_capacity(amounts.len());
        let mut cost_usd = 0.0;
        for (ins, &a) in menu.instrument.iter().zip(amounts) {
            let (usd, pct) = match ins.kind {
                Kind::Investment | Kind::Shipbuilding => {
                    pledges += a;
                    if ins.kind == Kind::Investment {
                        // Cash investment leaves through the FX market; shipbuilding is mostly loans
                        // and guarantees to projects built by Korean yards (no FX penalty).
                        invest_per_year += a / menu.payout_years;
                    } else {
                        // It is still a commitment the budget caps, per year of the payout period.
                        pledged_per_year += a / menu.payout_years;
                    }
                    let usd = ins.cost_rate * a * paid_share;
                    (usd, 100.0 * usd / self.gdp_usd_bn)
                }
                Kind::Purchases => {
                    purchases += a;
                    flows += a;
                    let usd = ins.cost_rate * a * self.horizon_years;
                    (usd, 100.0 * usd / self.gdp_usd_bn)
                }
                Kind::Defence => {
                    if link {
                        pledges += a * r.spec.defence_years;
                    }
                    flows += a;
                    let usd = ins.cost_rate * a * self.horizon_years;
                    (usd, 100.0 * usd / self.gdp_usd_bn)
                }
                Kind::MarketOpening => {
                    opening += a;
                    let pct = a * self.opening_cost[costs.len()];
                    (pct / 100.0 * self.gdp_usd_bn, pct)
                }
            };
            cost_usd += usd;
            costs.push((ins.name.clone(), pct));
        }
        let fx = menu.fx_penalty
            * (invest_per_year - menu.annual_outflow_cap).max(0.0).powi(2)
            * self.horizon_years;
        let cost_pct = costs.iter().map(|c| c.1).sum::<f64>() + fx;
        let tau = r.rate(purchases, pledges, opening);
        let (mu, sd) = (
            r.unclamped_rate(purchases, pledges, opening),
            r.rate_sd(purchases, pledges),
        );
        let p = r.spec.p_deal_fails;
        let lambda = self.settings.risk_weight;
        let (mut el, mut er, mut ep, mut et, mut ese) = (0.0, 0.0, 0.0, 0.0, 0.0);
        // Expectation over the US response: the rate is max(floor, τ̂ + s z), z standard normal, s
        // the predictive s.d. (coefficient covariance and residual); Gauss-Hermite nodes are the
        // common draws of every evaluation.
        for (z, w) in GH {
            let t = (mu + sd * z).max(r.spec.floor_pct);
            el += w * self.loss(t);
            er += w * self.risk(t);
            ep += w * self.penalised(t);
            et += w * t;
            ese += w * self.loss_se(t);
        }
        let nd = r.spec.no_deal_rate_pct;
        let gdp_loss = (1.0 - p) * el + p * self.loss(nd);
        let risk = (1.0 - p) * er + p * self.risk(nd);
        let penalised = (1.0 - p) * ep + p * self.penalised(nd);
        // The budget caps every annual commitment: investment and shipbuilding pledges per year of
        // the payout period, purchases and defence.
        let outflow = invest_per_year + pledged_per_year + flows;
        let violation = self
            .settings
            .budget
            .map(|b| (outflow - b).max(0.0))
            .unwrap_or(0.0);
        let objective =
            gdp_loss + (1.0 - p) * cost_pct + lambda * penalised + 100.0 * violation * violation;
        Breakdown {
            objective,
            deal_tariff_sd_pct: sd,
            risk_term: lambda * penalised,
            // The loss curve's points share their draws, so the errors add (an upper bound).
            gdp_loss_mc_se: (1.0 - p) * ese + p * self.loss_se(nd),
            expected_tariff_pct: (1.0 - p) * et + p * nd,
            deal_tariff_pct: tau,
            gdp_loss_pct: gdp_loss,
            cost_pct,
            cost_usd_bn: cost_usd + fx / 100.0 * self.gdp_usd_bn,
            costs_pct: costs,
            p_negative_max: risk,
            annual_outflow_usd_bn: outflow,
            budget_violation: violation,
        }
    }
}

/// Check a settlement quarter against the horizon [first, last]: an error names `--settle` and the
/// range.
fn settle_checked(
    settle: Option<Quarter>,
    first: Quarter,
    last: Quarter,
) -> Result<Option<Quarter>> {
    match settle {
        Some(q) if q < first || q > last => Err(Error::Request(format!(
            "--settle {q} is outside the horizon {first}..{last}: settle in one of its quarters"
        ))),
        other => Ok(other),
    }
}

/// Korea's annual GDP in USD bn: the last four quarters of real GDP (KRW bn, 2020 prices) over the mean
/// KRW/USD rate of the same quarters (an approximation: real rather than nominal GDP).
pub fn annual_gdp_usd_bn(ds: &Dataset) -> Result<f64> {
    let q = &ds.macro_q;
    let gdp = q.get("kor_gdp_real_krw_bn").ok_or_else(|| {
        Error::data(
            "macro_quarterly.csv",
            None,
            "kor_gdp_real_krw_bn",
            "missing series",
        )
    })?;
    let fx = q
        .get("krw_per_usd")
        .ok_or_else(|| Error::data("macro_quarterly.csv", None, "krw_per_usd", "missing series"))?;
    let (_, last) = gdp.span();
    if last < 3 {
        return Err(Error::Request("fewer than four quarters of GDP".into()));
    }
    let (mut krw, mut rate) = (0.0, 0.0);
    for k in last - 3..=last {
        krw += gdp.values[k].unwrap_or(0.0);
        rate += fx.values[k]
            .ok_or_else(|| Error::Request(format!("no KRW/USD rate for {}", q.quarters[k])))?
            / 4.0;
    }
    Ok(krw / rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_hermite_nodes_integrate_normal_moments_exactly() {
        // A 7-point rule is exact for polynomials up to degree 13: E[1] = 1, E[Z] = 0, E[Z²] = 1,
        // E[Z⁴] = 3, E[Z⁶] = 15 (to the printed precision of the weights, 1e-12).
        let m = |k: i32| GH.iter().map(|(z, w)| w * z.powi(k)).sum::<f64>();
        assert!((m(0) - 1.0).abs() < 1e-12);
        assert!(m(1).abs() < 1e-12 && m(3).abs() < 1e-12);
        assert!((m(2) - 1.0).abs() < 1e-12);
        assert!((m(4) - 3.0).abs() < 1e-11);
        assert!((m(6) - 15.0).abs() < 1e-10);
    }

    #[test]
    fn monotone_hermite_interpolation_never_overshoots_monotone_data() {
        // Fritsch-Carlson: a step-like increasing series stays within its bracketing values and
        // increasing on a dense grid; the knots are reproduced exactly.
        let x: Vec<f64> = (0..8).map(|k| k as f64).collect();
        let y = [0.0, 0.0, 0.1, 3.0, 3.1, 3.1, 5.0, 5.0];
        let m = monotone_slopes(&x, &y);
        for (xi, yi) in x.iter().zip(&y) {
            assert!((hermite(&x, &y, &m, *xi) - yi).abs() < 1e-12);
        }
        let mut prev = f64::NEG_INFINITY;
        for k in 0..=700 {
            let v = hermite(&x, &y, &m, k as f64 * 0.01);
            assert!(v >= prev - 1e-12, "not monotone at {}", k as f64 * 0.01);
            let i = ((k as f64 * 0.01).floor() as usize).min(6);
            assert!(
                v >= y[i] - 1e-12 && v <= y[i + 1] + 1e-12,
                "overshoot at {k}"
            );
            prev = v;
        }
        // Flat segments have zero slopes at both ends (no wiggle).
        assert_eq!((m[0], m[1]), (0.0, 0.0));
        // Out-of-range arguments are clamped to the ends.
        assert_eq!(hermite(&x, &y, &m, -3.0), 0.0);
        assert_eq!(hermite(&x, &y, &m, 99.0), 5.0);
    }
}
