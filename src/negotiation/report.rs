//! Result values of `optimize` and `compare`: the best concession mix with every solver's report, the
//! loss-cost frontier, the US-response calibration and the reinvestment analytics; and mixes side by
//! side. Each renders the text and CSV the command line prints; JSON is serde on the value.

use std::collections::BTreeMap;

use super::{
    frontier, run_capped, Breakdown, FrontierPoint, Kind, Mix, Problem, SolverKind, SolverReport,
};
use crate::error::{Error, Result};
use crate::report::{csv_field, Align, Meta, Table};

fn mix_map(p: &Problem, amounts: &[f64]) -> BTreeMap<String, f64> {
    p.menu
        .instrument
        .iter()
        .zip(amounts)
        .map(|(i, a)| (i.name.clone(), *a))
        .collect()
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Best {
    /// mix.
    pub mix: BTreeMap<String, f64>,
    /// objective.
    pub objective: f64,
    /// expected tariff pct.
    pub expected_tariff_pct: f64,
    /// deal tariff pct.
    pub deal_tariff_pct: f64,
    /// gdp loss pct.
    pub gdp_loss_pct: f64,
    /// cost usd bn.
    pub cost_usd_bn: f64,
    /// cost pct gdp.
    pub cost_pct_gdp: f64,
    /// p negative max.
    pub p_negative_max: f64,
    /// costs pct gdp.
    pub costs_pct_gdp: BTreeMap<String, f64>,
    /// annual outflow usd bn.
    pub annual_outflow_usd_bn: f64,
    /// Quantiles of the tariff if the deal holds (US-response uncertainty), %, keyed like the
    /// forecast's `quantiles`.
    pub tariff_pct_quantiles: BTreeMap<String, f64>,
    /// Predictive s.d. of the tariff if the deal holds, points.
    pub deal_tariff_sd_pct: f64,
    /// Probability that the deal holds and the mix beats no deal (conceding nothing at the no-deal
    /// rate), over the US response's uncertainty.
    pub p_beats_no_deal: f64,
    /// The risk term of the objective (risk weight × risk measure), % of GDP.
    pub risk_term: f64,
    /// Monte Carlo standard error of the GDP loss, % of GDP.
    pub gdp_loss_mc_se: f64,
}

/// The best mix's evaluation.
pub fn best_of(p: &Problem, amounts: &[f64], b: &Breakdown) -> Best {
    let o = p.tariff_outcome(amounts, p.link_defence());
    Best {
        tariff_pct_quantiles: o.tariff_pct_quantiles,
        deal_tariff_sd_pct: b.deal_tariff_sd_pct,
        p_beats_no_deal: o.p_beats_no_deal,
        risk_term: b.risk_term,
        gdp_loss_mc_se: b.gdp_loss_mc_se,
        mix: mix_map(p, amounts),
        objective: b.objective,
        expected_tariff_pct: b.expected_tariff_pct,
        deal_tariff_pct: b.deal_tariff_pct,
        gdp_loss_pct: b.gdp_loss_pct,
        cost_usd_bn: b.cost_usd_bn,
        cost_pct_gdp: b.cost_pct,
        p_negative_max: b.p_negative_max,
        costs_pct_gdp: b.costs_pct.iter().cloned().collect(),
        annual_outflow_usd_bn: b.annual_outflow_usd_bn,
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Calibration {
    /// coefficients.
    pub coefficients: Vec<crate::econometrics::Coefficient>,
    /// sigma pct.
    pub sigma_pct: f64,
    /// rmse pct.
    pub rmse_pct: f64,
    /// partners.
    pub partners: Vec<(String, f64, f64)>,
    /// korea rate no concessions pct.
    pub korea_rate_no_concessions_pct: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Analytics {
    /// investment pledge share of us surplus.
    pub investment_pledge_share_of_us_surplus: f64,
    /// note.
    pub note: &'static str,
    /// The mix's pledges per payout year as % of the 2021-2024 average annual US Census surplus
    /// (the scale of the reinvestment table's FDI ratios).
    pub pledge_per_year_share_of_surplus_2021_2024_pct: f64,
    /// Korea's FDI in the US over its US goods surplus, computed from the shipped series beside the
    /// published figures.
    pub reinvestment: super::Reinvestment,
}

/// Pledges over the US goods surplus with Korea.
pub fn analytics(p: &Problem, amounts: &[f64]) -> Analytics {
    let pledge_usd_bn: f64 = p
        .menu
        .instrument
        .iter()
        .zip(amounts)
        .filter(|(i, _)| matches!(i.kind, Kind::Investment | Kind::Shipbuilding))
        .map(|(_, a)| a)
        .sum();
    let surplus = p.response.imports - p.response.exports;
    Analytics {
        pledge_per_year_share_of_surplus_2021_2024_pct: p
            .reinvestment
            .pledge_share_pct(pledge_usd_bn, p.menu.payout_years),
        reinvestment: p.reinvestment.clone(),
        investment_pledge_share_of_us_surplus: pledge_usd_bn / (surplus * p.menu.payout_years),
        note: "pledge (USD bn) over the 2024 US goods deficit with Korea (Census, data/us_deals_2025.csv) times the payout years: the share of the surplus reinvested in the US over the payout; KITA reports 78.5% of the 2017-2024 surplus reinvested as FDI (raw korea_us_negotiation_facts.csv)",
    }
}

/// The US response calibration.
pub fn calibration(p: &Problem) -> Calibration {
    Calibration {
        coefficients: p.response.fit.coefficients.clone(),
        sigma_pct: p.response.sigma,
        rmse_pct: p.response.rmse(),
        partners: p.response.calibration.clone(),
        korea_rate_no_concessions_pct: p.response.rate(0.0, 0.0, 0.0),
    }
}

/// How the optimizer searched: solvers, starts, iteration caps and the frontier's grid.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchPolicy {
    /// Solvers run.
    pub solvers: Vec<&'static str>,
    /// Starts per solver (particle swarm: one swarm).
    pub starts: BTreeMap<String, usize>,
    /// Iteration cap per start (None: the solvers' defaults).
    pub max_iters: Option<u64>,
    /// Frontier: epsilon-constraint caps from 0 to this cost, USD bn.
    pub frontier_max_cost_usd_bn: f64,
    /// Frontier points.
    pub frontier_points: usize,
}

/// Settings of [`optimize`].
#[derive(Debug, Clone)]
pub struct OptimizeSettings {
    /// Solvers to run.
    pub solvers: Vec<SolverKind>,
    /// Seed of the starts and the swarm.
    pub seed: u64,
    /// Iteration cap per start (None: the defaults).
    pub max_iters: Option<u64>,
    /// Cost of the costliest mix to compare with (e.g. the shipped mixes), USD bn: the frontier runs
    /// to 10% beyond it (None: 1.5 times the best mix's cost, at least 1 USD bn).
    pub frontier_reach_usd_bn: Option<f64>,
}

/// The result of `optimize`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OptimizeReport {
    /// Version, data version and backend.
    pub meta: Meta,
    /// Seed.
    pub seed: u64,
    /// Monte Carlo paths per point of the precomputed tariff grid.
    pub paths_per_grid_point: usize,
    /// The best mix over all solvers.
    pub best: Best,
    /// Every solver's report.
    pub solvers: Vec<SolverReport>,
    /// Whether every start of every solver met its convergence test.
    pub all_converged: bool,
    /// Loss-cost frontier.
    pub frontier: Vec<FrontierPoint>,
    /// US-response calibration.
    pub calibration: Calibration,
    /// Reinvestment analytics.
    pub analytics: Analytics,
    /// The search policy used.
    pub policy: SearchPolicy,
    /// The assumptions of the run.
    pub assumptions: Assumptions,
    /// When to settle (with `--settle-sweep`): the best mix settled in each quarter of the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settle: Option<SettleSweep>,
    /// The shipped mixes against the frontier: cost and expected GDP loss under this problem (set
    /// by [`Workbench::optimize`](crate::workbench::Workbench::optimize) and the command line).
    pub shipped_mixes: Vec<MixPoint>,
    /// Why the optimum is what it is (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<super::Explain>,
    #[serde(skip)]
    table: String,
}

/// The assumptions a negotiation result was computed under (JSON `assumptions`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Assumptions {
    /// Menu file label.
    pub menu: String,
    /// US response file label.
    pub response: String,
    /// Budget on annual commitments, USD bn a year (None: no budget).
    pub budget_usd_bn_per_year: Option<f64>,
    /// Risk weight and measure.
    pub risk_weight: f64,
    /// `p-negative` or `expected-shortfall`.
    pub risk_measure: &'static str,
    /// Whether defence cost-sharing counts in the US response (the run's default; a mix may override).
    pub link_defence: bool,
    /// Probability that a deal does not hold.
    pub p_deal_fails: f64,
    /// Rate if it does not, %.
    pub no_deal_rate_pct: f64,
    /// Settlement quarter (None: the horizon's first quarter).
    pub settle: Option<String>,
    /// Monte Carlo paths per grid point and seed.
    pub paths_per_grid_point: usize,
    /// Seed of the loss curves and the response draws.
    pub seed: u64,
    /// The optional transmission channels of the model spec, on or off (they move the loss curve).
    pub channels: Vec<crate::forecast::ChannelNote>,
}

/// The assumptions of problem `p` (channels filled by the caller, who knows the model spec).
pub fn assumptions(p: &Problem) -> Assumptions {
    Assumptions {
        menu: p.menu.origin.clone(),
        response: p.response.origin.clone(),
        budget_usd_bn_per_year: p.settings.budget,
        risk_weight: p.settings.risk_weight,
        risk_measure: match p.settings.risk_measure {
            super::RiskMeasure::PNegative => "p-negative",
            super::RiskMeasure::ExpectedShortfall => "expected-shortfall",
        },
        link_defence: p.link_defence(),
        p_deal_fails: p.response.spec.p_deal_fails,
        no_deal_rate_pct: p.response.spec.no_deal_rate_pct,
        settle: p.settings.settle.map(|q| q.to_string()),
        paths_per_grid_point: p.settings.paths,
        seed: p.settings.seed,
        channels: Vec::new(),
    }
}

/// The line saying which optional transmission channels move the loss curve (empty when none is on).
fn channels_line(ch: &[crate::forecast::ChannelNote]) -> String {
    let on: Vec<&str> = ch
        .iter()
        .filter(|c| c.enabled)
        .map(|c| c.name.as_str())
        .collect();
    if on.is_empty() {
        String::new()
    } else {
        format!(
            "Optional channels on in the loss curve: {} (models/model.toml [trade.*_channel]).\n",
            on.join(", ")
        )
    }
}

/// A named mix's place against the frontier.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MixPoint {
    /// Mix name.
    pub name: String,
    /// Cost, USD bn over the horizon.
    pub cost_usd_bn: f64,
    /// Expected GDP loss, % of GDP.
    pub gdp_loss_pct: f64,
    /// Objective, % of GDP.
    pub objective: f64,
}

/// The best mix settled in one quarter of the horizon.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SettleRow {
    /// Settlement quarter.
    pub quarter: String,
    /// Quarters of the horizon at the status quo's tariffs before it.
    pub quarters_at_current_rate: usize,
    /// The mix's objective settled then (% of annual GDP over the horizon).
    pub objective: f64,
    /// Expected discounted GDP loss, % of GDP.
    pub gdp_loss_pct: f64,
    /// The mix's cost (it runs from the settlement), % of GDP.
    pub cost_pct_gdp: f64,
    /// Tariff if the deal holds, %.
    pub deal_tariff_pct: f64,
    /// Objective settled then minus settled in the first quarter: the cost of waiting (negative:
    /// waiting pays).
    pub cost_of_waiting_pct: f64,
    /// The headline rate a deal settled then (same concessions, rate known) would have to reach to
    /// be worth as much as settling in the first quarter; None if no rate from 0 to the no-deal rate
    /// does.
    pub break_even_tariff_pct: Option<f64>,
    /// Why there is no break-even rate, when there is none (null otherwise).
    pub break_even_note: Option<String>,
}

/// When to settle: the mix settled in each quarter of the horizon.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SettleSweep {
    /// The mix (instrument → amount).
    pub mix: BTreeMap<String, f64>,
    /// The status quo's mean tariff on Korean goods exports in the first quarter (%), which applies
    /// until the settlement.
    pub current_rate_note: String,
    /// One row per settlement quarter.
    pub rows: Vec<SettleRow>,
}

impl SettleSweep {
    /// The text table.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            "When to settle: the mix that is best settled in the first quarter, settled in each quarter of the first half of the horizon (status quo tariffs until then)",
            &[
                ("settle", Align::Left),
                ("quarters at current", Align::Right),
                ("tariff %", Align::Right),
                ("GDP loss", Align::Right),
                ("cost", Align::Right),
                ("objective", Align::Right),
                ("cost of waiting (-: waiting pays)", Align::Right),
                ("break-even tariff %", Align::Right),
            ],
        );
        for r in &self.rows {
            t.row(vec![
                r.quarter.clone(),
                r.quarters_at_current_rate.to_string(),
                format!("{:.2}", r.deal_tariff_pct),
                format!("{:.4}", r.gdp_loss_pct),
                format!("{:.4}", r.cost_pct_gdp),
                format!("{:.4}", r.objective),
                format!("{:+.4}", r.cost_of_waiting_pct),
                match (r.break_even_tariff_pct, &r.break_even_note) {
                    (Some(b), _) => format!("{b:.2}"),
                    (None, Some(n)) if n.starts_with("waiting wins") => "> no-deal".into(),
                    _ => "< 0".into(),
                },
            ]);
        }
        let mut s = t.render();
        s.push_str(&format!(
            "{}\ncost of waiting = objective settled then - settled in the first quarter (% of annual GDP over the horizon; negative: waiting pays).\n\
             break-even tariff: the highest rate a later deal with the same concessions could carry and still be worth as much as settling now\n\
             (> no-deal: waiting wins at any rate up to the no-deal rate; < 0: waiting loses at any rate). The status quo is held to the horizon's end,\n\
             also a measure the data give an expiry date (e.g. the Section 122 surcharge, 150 days by law): waiting is worth what that assumption is worth.\n\
             The loss is counted within the horizon only and a later deal's rate acts along the four-quarter lag profile, so late settlements look better\n\
             than they are (the sweep stops at the horizon's midpoint for that reason); waiting carries no escalation risk here beyond P(deal fails).\n",
            self.current_rate_note
        ));
        s
    }
}

/// Sweep the settlement quarter for `amounts`: `problems[k]` is the problem settled in the k-th
/// quarter of the horizon (the first: settled now), all with the same settings otherwise.
pub fn settle_sweep(problems: &[Problem], amounts: &[f64], note: String) -> Result<SettleSweep> {
    let now = problems
        .first()
        .ok_or_else(|| Error::Request("settle sweep: no quarters".into()))?;
    let b0 = now.evaluate(amounts);
    let rows = problems
        .iter()
        .map(|p| {
            let b = p.evaluate(amounts);
            let start = p
                .settings
                .settle
                .map(|q| q.to_string())
                .unwrap_or_else(|| "first quarter".into());
            SettleRow {
                quarter: start,
                quarters_at_current_rate: p.quarters_before_settle,
                objective: b.objective,
                gdp_loss_pct: b.gdp_loss_pct,
                cost_pct_gdp: b.cost_pct,
                deal_tariff_pct: b.deal_tariff_pct,
                cost_of_waiting_pct: b.objective - b0.objective,
                break_even_tariff_pct: p.rate_for_objective(b0.objective, b.cost_pct),
                break_even_note: if p.rate_for_objective(b0.objective, b.cost_pct).is_some() {
                    None
                } else if p.objective_at_rate(0.0, b.cost_pct) > b0.objective {
                    Some("waiting loses even if the later deal's rate were 0%".into())
                } else {
                    Some(format!(
                        "waiting wins at any rate up to the no-deal rate ({}%)",
                        p.response.spec.no_deal_rate_pct
                    ))
                },
            }
        })
        .collect();
    Ok(SettleSweep {
        mix: mix_map(now, amounts),
        current_rate_note: note,
        rows,
    })
}

/// Starts per solver: four for Nelder-Mead and L-BFGS, one swarm for particle swarm.
pub fn starts_for(k: SolverKind) -> usize {
    if k == SolverKind::ParticleSwarm {
        1
    } else {
        4
    }
}

/// Frontier points.
pub const FRONTIER_POINTS: usize = 9;

/// Search for the best mix with each solver, then trace the frontier from zero to 1.5 times the best
/// mix's cost (at least 1 USD bn) or 10% beyond `frontier_reach_usd_bn` if larger.
pub fn optimize(p: &Problem, meta: Meta, s: &OptimizeSettings) -> Result<OptimizeReport> {
    let mut solvers = Vec::new();
    for &k in &s.solvers {
        solvers.push(run_capped(p, k, starts_for(k), s.seed, None, s.max_iters)?);
    }
    let all_converged = solvers.iter().all(|r| r.converged);
    let best_run = solvers
        .iter()
        .min_by(|a, b| a.objective.total_cmp(&b.objective))
        .ok_or_else(|| Error::Request("no solver selected".into()))?;
    let b = p.evaluate(&best_run.amounts);
    let max_cost = (b.cost_usd_bn * 1.5)
        .max(1.0)
        .max(s.frontier_reach_usd_bn.unwrap_or(0.0) * 1.1);
    let front = frontier(p, max_cost, FRONTIER_POINTS, s.seed)?;
    let mut out = OptimizeReport {
        meta,
        seed: s.seed,
        paths_per_grid_point: p.settings.paths,
        best: best_of(p, &best_run.amounts, &b),
        solvers: solvers.clone(),
        all_converged,
        frontier: front,
        calibration: calibration(p),
        analytics: analytics(p, &best_run.amounts),
        policy: SearchPolicy {
            solvers: s.solvers.iter().map(|k| k.name()).collect(),
            starts: s
                .solvers
                .iter()
                .map(|k| (k.name().to_string(), starts_for(*k)))
                .collect(),
            max_iters: s.max_iters,
            frontier_max_cost_usd_bn: max_cost,
            frontier_points: FRONTIER_POINTS,
        },
        assumptions: assumptions(p),
        settle: None,
        shipped_mixes: Vec::new(),
        explain: None,
        table: String::new(),
    };
    out.table = optimize_table(p, &out);
    Ok(out)
}

impl OptimizeReport {
    /// The text the command line prints.
    pub fn summary(&self) -> String {
        let mut s = self.table.clone();
        s.push_str(&channels_line(&self.assumptions.channels));
        if let Some(e) = &self.explain {
            s.push('\n');
            s.push_str(&e.summary());
        }
        if let Some(w) = &self.settle {
            s.push('\n');
            s.push_str(&w.summary());
        }
        s
    }

    /// CSV: the best mix, one row per instrument.
    pub fn to_csv(&self) -> String {
        let mut s = format!(
            "# headwind optimize: objective {:.6}, deal tariff {:.4}%, GDP loss {:.6}, cost USD {:.4} bn, seed {}, data {}\n",
            self.best.objective, self.best.deal_tariff_pct, self.best.gdp_loss_pct, self.best.cost_usd_bn, self.seed, self.meta.data_version
        );
        s.push_str("instrument,amount,cost_pct_gdp\n");
        for (name, a) in &self.best.mix {
            s.push_str(&format!(
                "{},{:.6},{:.6}\n",
                csv_field(name),
                a,
                self.best.costs_pct_gdp.get(name).copied().unwrap_or(0.0)
            ));
        }
        s
    }

    /// Solvers that stopped at their iteration cap before converging.
    pub fn unconverged(&self) -> Vec<&SolverReport> {
        self.solvers.iter().filter(|r| !r.converged).collect()
    }
}

fn optimize_table(p: &Problem, o: &OptimizeReport) -> String {
    let mut s = String::from(
        "headwind optimize: the concession mix with the least expected cost to Korea\n\n",
    );
    if let Some(q) = p.settings.settle {
        s.push_str(&format!(
            "Settled in {q}: the status quo's tariffs for the {} quarter(s) before it, the mix's rate and costs from it.\n\n",
            p.quarters_before_settle
        ));
    }
    let mut t = Table::new(
        "Best mix",
        &[
            ("instrument", Align::Left),
            ("amount", Align::Right),
            ("unit", Align::Left),
            ("cost, % of GDP", Align::Right),
        ],
    );
    for ins in &p.menu.instrument {
        let red = if ins.red_line { " (red line)" } else { "" };
        t.row(vec![
            format!("{}{red}", ins.name),
            format!("{:.2}", o.best.mix[&ins.name]),
            ins.unit.clone(),
            format!("{:.4}", o.best.costs_pct_gdp[&ins.name]),
        ]);
    }
    s.push_str(&t.render());
    let b = &o.best;
    let q = &b.tariff_pct_quantiles;
    s.push_str(&format!(
        "\nobjective {:.4} (% of annual GDP over the horizon; Monte Carlo s.e. of the loss {:.4}) =\n  GDP loss {:.4}\n  + cost {:.4} x (1 - P(deal fails))\n  + risk term {:.4} (weight {} x the risk measure).\n\
         Tariff if the deal holds {:.2}% (5-95%: {:.2} to {:.2}; s.d. {:.2} from the US response's parameters and residual);\n\
         expected tariff {:.2}% (incl. P(deal fails) = {:.0}% at {:.0}%); P(the mix beats the no-deal mix) {:.0}%; economic cost USD {:.1} bn;\n\
         largest quarterly P(growth < 0) {:.1}%; annual outflow USD {:.1} bn.\n\n",
        b.objective, b.gdp_loss_mc_se, b.gdp_loss_pct, b.cost_pct_gdp, b.risk_term, p.settings.risk_weight,
        b.deal_tariff_pct, q["5"], q["95"], b.deal_tariff_sd_pct,
        b.expected_tariff_pct, 100.0 * p.response.spec.p_deal_fails, p.response.spec.no_deal_rate_pct,
        100.0 * b.p_beats_no_deal, b.cost_usd_bn, 100.0 * b.p_negative_max, b.annual_outflow_usd_bn
    ));
    let mut t = Table::new(
        "Solvers",
        &[
            ("solver", Align::Left),
            ("objective", Align::Right),
            ("evaluations", Align::Right),
            ("seconds", Align::Right),
            ("converged", Align::Left),
        ],
    );
    for r in &o.solvers {
        t.row(vec![
            r.solver.to_string(),
            format!("{:.6}", r.objective),
            r.evaluations.to_string(),
            format!("{:.4}", r.seconds),
            r.converged.to_string(),
        ]);
    }
    s.push_str(&t.render());
    let mut t = Table::new(
        "Frontier: least GDP loss for a given concession cost",
        &[
            ("cost, USD bn", Align::Right),
            ("GDP loss, % of GDP", Align::Right),
        ],
    );
    for f in &o.frontier {
        t.row(vec![
            format!("{:.1}", f.cost_usd_bn),
            format!("{:.4}", f.gdp_loss_pct),
        ]);
    }
    s.push('\n');
    s.push_str(&t.render());
    s.push_str(&format!(
        "\nUS response calibrated on {} deals: RMSE {:.2} points, residual s.d. {:.2}; Korea with no concessions: {:.2}%.\n\
         Korea's pledges in this mix are {:.0}% of its US goods surplus over {} years (KITA: 78.5% of 2017-2024 surplus reinvested as FDI).\n",
        o.calibration.partners.len(), o.calibration.rmse_pct, o.calibration.sigma_pct, o.calibration.korea_rate_no_concessions_pct,
        100.0 * o.analytics.investment_pledge_share_of_us_surplus, p.menu.payout_years
    ));
    s
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CompareRow {
    /// name.
    pub name: String,
    /// description.
    pub description: String,
    /// mix.
    pub mix: BTreeMap<String, f64>,
    /// link defence.
    pub link_defence: bool,
    /// deal tariff pct.
    pub deal_tariff_pct: f64,
    /// expected tariff pct.
    pub expected_tariff_pct: f64,
    /// gdp loss pct.
    pub gdp_loss_pct: f64,
    /// cost usd bn.
    pub cost_usd_bn: f64,
    /// cost pct gdp.
    pub cost_pct_gdp: f64,
    /// net pct gdp.
    pub net_pct_gdp: f64,
    /// p negative max.
    pub p_negative_max: f64,
    /// investment pledge share of us surplus.
    pub investment_pledge_share_of_us_surplus: f64,
    /// Quantiles of the tariff if the deal holds, %, keyed like the forecast's `quantiles`.
    pub tariff_pct_quantiles: BTreeMap<String, f64>,
    /// Predictive s.d. of the tariff if the deal holds, points.
    pub deal_tariff_sd_pct: f64,
    /// Probability that the deal holds and the mix beats no deal.
    pub p_beats_no_deal: f64,
    /// The risk term of the net value, % of GDP.
    pub risk_term: f64,
    /// Monte Carlo standard error of the GDP loss, % of GDP.
    pub gdp_loss_mc_se: f64,
    /// Pledges per payout year as % of the 2021-2024 average annual US Census surplus.
    pub pledge_per_year_share_of_surplus_2021_2024_pct: f64,
}

/// The result of `compare`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    /// Version, data version and backend.
    pub meta: Meta,
    /// One row per mix.
    pub mixes: Vec<CompareRow>,
    /// The assumptions of the run.
    pub assumptions: Assumptions,
    /// The settlement quarter when `--settle` moved it from the horizon's first quarter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settle: Option<String>,
    /// US-response calibration.
    pub calibration: Calibration,
    /// Korea's FDI in the US over its US goods surplus, beside the published figures.
    pub reinvestment: super::Reinvestment,
}

/// Evaluate mixes side by side.
pub fn compare(p: &Problem, meta: Meta, mixes: &[Mix]) -> Comparison {
    let rows = mixes
        .iter()
        .map(|mix| {
            let link = p.link_for(mix);
            let b = p.evaluate_linked(&mix.amounts, link);
            let o = p.tariff_outcome(&mix.amounts, link);
            CompareRow {
                tariff_pct_quantiles: o.tariff_pct_quantiles,
                deal_tariff_sd_pct: b.deal_tariff_sd_pct,
                p_beats_no_deal: o.p_beats_no_deal,
                risk_term: b.risk_term,
                gdp_loss_mc_se: b.gdp_loss_mc_se,
                name: mix.name.clone(),
                description: mix.description.clone(),
                mix: mix_map(p, &mix.amounts),
                link_defence: link,
                deal_tariff_pct: b.deal_tariff_pct,
                expected_tariff_pct: b.expected_tariff_pct,
                gdp_loss_pct: b.gdp_loss_pct,
                cost_usd_bn: b.cost_usd_bn,
                cost_pct_gdp: b.cost_pct,
                net_pct_gdp: b.objective,
                p_negative_max: b.p_negative_max,
                investment_pledge_share_of_us_surplus: analytics(p, &mix.amounts)
                    .investment_pledge_share_of_us_surplus,
                pledge_per_year_share_of_surplus_2021_2024_pct: analytics(p, &mix.amounts)
                    .pledge_per_year_share_of_surplus_2021_2024_pct,
            }
        })
        .collect();
    Comparison {
        meta,
        assumptions: assumptions(p),
        settle: p.settings.settle.map(|q| q.to_string()),
        mixes: rows,
        calibration: calibration(p),
        reinvestment: p.reinvestment.clone(),
    }
}

impl Comparison {
    /// The text table the command line prints.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            "Concession mixes side by side (GDP loss vs KORUS and costs: % of annual GDP over the horizon)",
            &[("mix", Align::Left), ("tariff %", Align::Right), ("5-95%", Align::Right), ("expected %", Align::Right), ("GDP loss", Align::Right), ("cost USD bn", Align::Right), ("cost % GDP", Align::Right), ("net", Align::Right), ("P(beats no-deal mix)", Align::Right), ("max P(<0)", Align::Right), ("pledge/2024 surplus", Align::Right)],
        );
        for r in &self.mixes {
            t.row(vec![
                r.name.clone(),
                format!("{:.2}", r.deal_tariff_pct),
                format!(
                    "{:.1}-{:.1}",
                    r.tariff_pct_quantiles["5"], r.tariff_pct_quantiles["95"]
                ),
                format!("{:.2}", r.expected_tariff_pct),
                format!("{:.4}", r.gdp_loss_pct),
                format!("{:.1}", r.cost_usd_bn),
                format!("{:.4}", r.cost_pct_gdp),
                format!("{:.4}", r.net_pct_gdp),
                format!("{:.0}%", 100.0 * r.p_beats_no_deal),
                format!("{:.1}%", 100.0 * r.p_negative_max),
                format!("{:.0}%", 100.0 * r.investment_pledge_share_of_us_surplus),
            ]);
        }
        let mut s = t.render();
        if let Some(q) = &self.settle {
            s.push_str(&format!(
                "Settled in {q}: the status quo's tariffs until then.\n"
            ));
        }
        let extra: Vec<String> = self
            .mixes
            .iter()
            .map(|r| {
                format!(
                    "{} {:.0}%",
                    r.name, r.pledge_per_year_share_of_surplus_2021_2024_pct
                )
            })
            .collect();
        s.push_str("net = GDP loss + (1 - P(deal fails)) x cost (+ risk term with a risk weight). tariff %: if the deal holds, with its 5-95% range from the US response's\nparameter and residual uncertainty; P(beats no-deal mix): the deal holds and the mix's loss + cost beats conceding nothing (the `no-deal` mix) on the same US-response draw;\nif the deal fails both face the no-deal rate with nothing paid (a tie, not counted). pledge/2024 surplus: pledges over the 2024 US goods deficit\nwith Korea (Census) times the payout years.\n");
        s.push('\n');
        s.push_str(&self.reinvestment.summary());
        s.push_str(&format!(
            "Pledges per payout year on that scale: {}.\n",
            extra.join(", ")
        ));
        s
    }

    /// CSV: one row per mix.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("name,link_defence,deal_tariff_pct,expected_tariff_pct,gdp_loss_pct,cost_usd_bn,cost_pct_gdp,net_pct_gdp,p_negative_max,investment_pledge_share_of_us_surplus,tariff_pct_5,tariff_pct_95,p_beats_no_deal\n");
        for r in &self.mixes {
            s.push_str(&format!(
                "{},{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}\n",
                csv_field(&r.name),
                r.link_defence,
                r.deal_tariff_pct,
                r.expected_tariff_pct,
                r.gdp_loss_pct,
                r.cost_usd_bn,
                r.cost_pct_gdp,
                r.net_pct_gdp,
                r.p_negative_max,
                r.investment_pledge_share_of_us_surplus,
                r.tariff_pct_quantiles["5"],
                r.tariff_pct_quantiles["95"],
                r.p_beats_no_deal
            ));
        }
        s
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedProblem<'a> {
    /// note.
    pub note: &'static str,
    /// tau grid.
    pub tau_grid: &'a [f64],
    /// loss grid.
    pub loss_grid: &'a [f64],
    /// pneg grid.
    pub pneg_grid: &'a [f64],
    /// response.
    pub response: &'a super::ResponseSpec,
    /// response coefficients.
    pub response_coefficients: Vec<f64>,
    /// response sigma.
    pub response_sigma: f64,
    /// Covariance of the response coefficients (row-major 3 x 3).
    pub response_cov: Vec<f64>,
    /// The response draws common to every mix: (b_k, e_k).
    pub response_draws: &'a [([f64; 3], f64)],
    /// imports.
    pub imports: f64,
    /// exports.
    pub exports: f64,
    /// menu.
    pub menu: &'a super::Menu,
    /// opening cost.
    pub opening_cost: &'a [f64],
    /// gdp usd bn.
    pub gdp_usd_bn: f64,
    /// horizon years.
    pub horizon_years: f64,
    /// risk weight.
    pub risk_weight: f64,
    /// budget.
    pub budget: Option<f64>,
    /// link defence.
    pub link_defence: bool,
}

/// The precomputed problem, for tools/reference/optimize_scipy.py.
pub fn export_problem(p: &Problem) -> ExportedProblem<'_> {
    ExportedProblem {
        note: "headwind's precomputed concession-mix problem: tools/reference/optimize_scipy.py rebuilds the objective from it",
        tau_grid: &p.tau_grid,
        loss_grid: &p.loss_grid,
        pneg_grid: &p.pneg_grid,
        response: &p.response.spec,
        response_coefficients: p.response.fit.coefficients.iter().map(|c| c.estimate).collect(),
        response_sigma: p.response.sigma,
        response_cov: p.response.fit.cov_params.iter().copied().collect(),
        response_draws: &p.response_draws,
        imports: p.response.imports,
        exports: p.response.exports,
        menu: &p.menu,
        opening_cost: &p.opening_cost,
        gdp_usd_bn: p.gdp_usd_bn,
        horizon_years: p.horizon_years,
        risk_weight: p.settings.risk_weight,
        budget: p.settings.budget,
        link_defence: p.link_defence(),
    }
}

impl Comparison {
    /// The comparison chart: each mix's expected GDP loss, cost and the net value that ranks them
    /// (% of annual GDP over the horizon), values printed.
    pub fn chart(&self, lang: crate::report::charts::Lang) -> crate::report::charts::BarChart {
        use crate::report::charts::PAIR;
        crate::report::charts::BarChart {
            title: lang
                .pick(
                    "Concession mixes: expected GDP loss, cost and net",
                    "양보 조합: 기대 GDP 손실, 비용, 순효과",
                )
                .to_string(),
            footnote: format!(
                "net = GDP loss + (1 - P(deal fails)) x cost; data {}",
                self.meta.data_version
            ),
            xdesc: lang
                .pick(
                    "% of annual GDP over the horizon",
                    "전망기간 연간 GDP 대비 %",
                )
                .to_string(),
            series: vec![
                (
                    lang.pick("expected GDP loss vs KORUS", "KORUS 대비 기대 GDP 손실")
                        .to_string(),
                    PAIR[1],
                ),
                (
                    lang.pick("cost of the concessions", "양보 비용")
                        .to_string(),
                    PAIR[0],
                ),
                (
                    lang.pick("net (ranks the mixes)", "순효과 (순위 기준)")
                        .to_string(),
                    PAIR[2],
                ),
            ],
            rows: self
                .mixes
                .iter()
                .map(|m| {
                    (
                        m.name.clone(),
                        vec![m.gdp_loss_pct, m.cost_pct_gdp, m.net_pct_gdp],
                    )
                })
                .collect(),
            decimals: 3,
            lang,
        }
    }
}

impl OptimizeReport {
    /// The frontier chart with the optimum and the shipped mixes marked.
    pub fn frontier_chart(
        &self,
        lang: crate::report::charts::Lang,
    ) -> crate::report::charts::FrontierChart {
        let mut marks: Vec<(String, f64, f64)> = self
            .shipped_mixes
            .iter()
            .map(|m| (m.name.clone(), m.cost_usd_bn, m.gdp_loss_pct))
            .collect();
        marks.push((
            "optimum".into(),
            self.best.cost_usd_bn,
            self.best.gdp_loss_pct,
        ));
        crate::report::charts::FrontierChart {
            title: lang
                .pick(
                    "Concession cost vs expected GDP loss (epsilon-constraint frontier)",
                    "양보 비용 대 기대 GDP 손실 (효율적 경계)",
                )
                .to_string(),
            pts: self
                .frontier
                .iter()
                .map(|f| (f.cost_usd_bn, f.gdp_loss_pct))
                .collect(),
            marks,
            lang,
        }
    }
}
