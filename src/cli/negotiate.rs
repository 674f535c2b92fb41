//! `headwind optimize` and `headwind compare`: the concession mix that costs Korea least, and mixes side
//! by side.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::estimate::load_estimates;
use super::{emit, to_json, Context, Format, Meta};
use crate::error::{Error, Result};
use crate::forecast::Scenario;
use crate::models;
use crate::negotiation::{
    frontier, run_capped, Breakdown, FrontierPoint, Menu, Mix, Problem, ProblemSettings,
    SolverKind, SolverReport, UsResponse,
};
use crate::report::{Align, Table};
use crate::workbench::Workbench;

/// Options shared by both commands.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--menu FILE|NAME`.
    pub menu: Option<String>,
    /// `--response FILE|NAME`.
    pub response: Option<String>,
    /// `--scenario FILE|NAME`: supplies the horizon and drivers (its tariffs are replaced by the response).
    pub scenario: Option<String>,
    /// `--solver nm|pso|lbfgs|all`.
    pub solvers: Vec<SolverKind>,
    /// `--budget X` (USD bn per year).
    pub budget: Option<f64>,
    /// `--risk-weight X`.
    pub risk_weight: f64,
    /// `--risk-measure p-negative|expected-shortfall`.
    pub risk_measure: crate::negotiation::RiskMeasure,
    /// `--paths N` per grid point.
    pub paths: usize,
    /// `--seed S`.
    pub seed: u64,
    /// `--format`.
    pub format: Format,
    /// `--plot DIR`.
    pub plot: Option<PathBuf>,
    /// `--output PATH`.
    pub output: Option<PathBuf>,
    /// `--export-problem FILE`.
    pub export_problem: Option<PathBuf>,
    /// `--model FILE|NAME`.
    pub model: Option<String>,
    /// `--max-iters N`: iteration cap per solver start (`None`: the solvers' defaults).
    pub max_iters: Option<u64>,
}

/// Build the precomputed problem.
pub fn build(ctx: &Context, opt: &Options) -> Result<(Problem, Meta)> {
    let wb = load_estimates(ctx, opt.model.as_deref())?;
    let (base, _) = wb.scenario(opt.scenario.as_deref().unwrap_or("korus"))?;
    let sl = base.origin.clone();
    let fc = wb.forecaster()?;
    let Workbench { ds, groups, .. } = wb;
    let korus_text = format!(
        "name = \"korus\"\nstart = \"{}\"\nquarters = {}\n[drivers]\n{}",
        base.start,
        base.quarters,
        base.drivers
            .iter()
            .map(|(k, v)| format!(
                "{k} = [{}]\n",
                v.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .collect::<String>()
    );
    let korus = Scenario::parse(&sl, &korus_text, &ds.io.sectors, &groups, &ds.tariffs)?;
    let (ml, mt) = models::resolve(
        opt.menu.as_deref().unwrap_or("concessions/menu"),
        ctx.models_dir.as_deref(),
    )?;
    let menu = Menu::parse(&ml, &mt)?;
    let (rl, rt) = models::resolve(
        opt.response.as_deref().unwrap_or("us_response"),
        ctx.models_dir.as_deref(),
    )?;
    let response = UsResponse::calibrate(&rl, &rt, &ds.deals)?;
    let settings = ProblemSettings {
        paths: opt.paths,
        seed: opt.seed,
        risk_weight: opt.risk_weight,
        risk_measure: opt.risk_measure,
        budget: opt.budget,
        link_defence: response.spec.link_defence,
    };
    if !(opt.risk_weight >= 0.0 && opt.risk_weight.is_finite()) {
        return Err(Error::Usage(format!(
            "--risk-weight must be a non-negative number, got {}",
            opt.risk_weight
        )));
    }
    let problem = Problem::build(&ds, &fc, &groups, &korus, menu, response, settings)?;
    check_feasible(&problem)?;
    Ok((problem, Meta::new(&ds)))
}

fn check_feasible(p: &Problem) -> Result<()> {
    if let Some(b) = p.settings.budget {
        let lows: Vec<f64> = p.menu.base_amounts();
        let out = p.evaluate(&lows).annual_outflow_usd_bn;
        if out > b + 1e-9 {
            return Err(Error::Usage(format!("infeasible: the menu's lower bounds already need {out:.1} USD bn per year, above --budget {b}")));
        }
    }
    Ok(())
}

fn mix_map(p: &Problem, amounts: &[f64]) -> BTreeMap<String, f64> {
    p.menu
        .instrument
        .iter()
        .zip(amounts)
        .map(|(i, a)| (i.name.clone(), *a))
        .collect()
}

#[derive(serde::Serialize)]
struct Best {
    mix: BTreeMap<String, f64>,
    objective: f64,
    expected_tariff_pct: f64,
    deal_tariff_pct: f64,
    gdp_loss_pct: f64,
    cost_usd_bn: f64,
    cost_pct_gdp: f64,
    p_negative_max: f64,
    costs_pct_gdp: BTreeMap<String, f64>,
    annual_outflow_usd_bn: f64,
}

fn best_of(p: &Problem, amounts: &[f64], b: &Breakdown) -> Best {
    Best {
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

#[derive(serde::Serialize)]
struct Calibration {
    coefficients: Vec<crate::econometrics::Coefficient>,
    sigma_pct: f64,
    rmse_pct: f64,
    partners: Vec<(String, f64, f64)>,
    korea_rate_no_concessions_pct: f64,
}

#[derive(serde::Serialize)]
struct OptimizeOut {
    meta: Meta,
    seed: u64,
    paths_per_grid_point: usize,
    best: Best,
    solvers: Vec<SolverReport>,
    /// Whether every start of every solver met its convergence test.
    all_converged: bool,
    frontier: Vec<FrontierPoint>,
    calibration: Calibration,
    analytics: Analytics,
}

#[derive(serde::Serialize)]
struct Analytics {
    investment_pledge_share_of_us_surplus: f64,
    note: &'static str,
}

fn analytics(p: &Problem, amounts: &[f64]) -> Analytics {
    let pledge_usd_bn: f64 = p
        .menu
        .instrument
        .iter()
        .zip(amounts)
        .filter(|(i, _)| {
            matches!(
                i.kind,
                crate::negotiation::Kind::Investment | crate::negotiation::Kind::Shipbuilding
            )
        })
        .map(|(_, a)| a)
        .sum();
    let surplus = p.response.imports - p.response.exports;
    Analytics {
        investment_pledge_share_of_us_surplus: pledge_usd_bn / (surplus * p.menu.payout_years),
        note: "pledge (USD bn) over the 2024 US goods deficit with Korea (Census, data/us_deals_2025.csv) times the payout years: the share of the surplus reinvested in the US over the payout; KITA reports 78.5% of the 2017-2024 surplus reinvested as FDI (raw korea_us_negotiation_facts.csv)",
    }
}

fn calibration(p: &Problem) -> Calibration {
    Calibration {
        coefficients: p.response.fit.coefficients.clone(),
        sigma_pct: p.response.sigma,
        rmse_pct: p.response.rmse(),
        partners: p.response.calibration.clone(),
        korea_rate_no_concessions_pct: p.response.rate(0.0, 0.0, 0.0),
    }
}

/// Run `optimize`.
pub fn optimize(ctx: &Context, opt: &Options) -> Result<()> {
    let (p, meta) = build(ctx, opt)?;
    if let Some(path) = &opt.export_problem {
        emit(&to_json(&export(&p))?, Some(path))?;
    }
    let mut solvers = Vec::new();
    for &k in &opt.solvers {
        let r = run_capped(
            &p,
            k,
            if k == SolverKind::ParticleSwarm { 1 } else { 4 },
            opt.seed,
            None,
            opt.max_iters,
        )?;
        if !r.converged {
            eprintln!(
                "warning: solver `{}` stopped at its iteration cap before converging; its mix (objective {:.6}) may not be optimal",
                r.solver, r.objective
            );
        }
        solvers.push(r);
    }
    let all_converged = solvers.iter().all(|r| r.converged);
    let best_run = solvers
        .iter()
        .min_by(|a, b| a.objective.total_cmp(&b.objective))
        .ok_or_else(|| Error::Usage("no solver selected".into()))?;
    let b = p.evaluate(&best_run.amounts);
    let front = frontier(&p, (b.cost_usd_bn * 1.5).max(1.0), 9, opt.seed)?;
    let out = OptimizeOut {
        meta,
        seed: opt.seed,
        paths_per_grid_point: opt.paths,
        best: best_of(&p, &best_run.amounts, &b),
        solvers: solvers.clone(),
        all_converged,
        frontier: front,
        calibration: calibration(&p),
        analytics: analytics(&p, &best_run.amounts),
    };
    if let Some(dir) = &opt.plot {
        let pts: Vec<(f64, f64)> = out
            .frontier
            .iter()
            .map(|f| (f.cost_usd_bn, f.gdp_loss_pct))
            .collect();
        crate::report::charts::frontier_chart(
            dir,
            "Concession cost vs expected GDP loss (epsilon-constraint frontier)",
            &pts,
        )?;
    }
    let text = match opt.format {
        Format::Json => to_json(&out)?,
        _ => optimize_table(&p, &out),
    };
    emit(&text, opt.output.as_ref())
}

fn optimize_table(p: &Problem, o: &OptimizeOut) -> String {
    let mut s = String::from(
        "headwind optimize: the concession mix with the least expected cost to Korea\n\n",
    );
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
    s.push_str(&format!(
        "\nobjective {:.4} (% of annual GDP over the horizon) = GDP loss {:.4} + cost {:.4} x (1 - P(deal fails)) + risk term;\n\
         tariff if the deal holds {:.2}%, expected tariff {:.2}% (incl. P(deal fails) = {:.0}% at {:.0}%); cost USD {:.1} bn;\n\
         largest quarterly P(growth < 0) {:.1}%; annual outflow USD {:.1} bn.\n\n",
        b.objective, b.gdp_loss_pct, b.cost_pct_gdp, b.deal_tariff_pct, b.expected_tariff_pct, 100.0 * p.response.spec.p_deal_fails, p.response.spec.no_deal_rate_pct, b.cost_usd_bn, 100.0 * b.p_negative_max, b.annual_outflow_usd_bn
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

#[derive(serde::Serialize)]
struct CompareRow {
    name: String,
    description: String,
    mix: BTreeMap<String, f64>,
    link_defence: bool,
    deal_tariff_pct: f64,
    expected_tariff_pct: f64,
    gdp_loss_pct: f64,
    cost_usd_bn: f64,
    cost_pct_gdp: f64,
    net_pct_gdp: f64,
    p_negative_max: f64,
    investment_pledge_share_of_us_surplus: f64,
}

/// Run `compare` on mix files or shipped mix names (all shipped mixes when none are given).
pub fn compare(ctx: &Context, opt: &Options, mixes: &[String]) -> Result<()> {
    let (p, meta) = build(ctx, opt)?;
    let names: Vec<String> = if mixes.is_empty() {
        models::shipped_mixes()
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        mixes.to_vec()
    };
    let mut rows = Vec::new();
    for m in &names {
        let (l, t) = models::resolve_mix(m, ctx.models_dir.as_deref())?;
        let mix = Mix::parse(&l, &t, &p.menu)?;
        let link = mix.link_defence.unwrap_or(p.settings.link_defence);
        let b = p.evaluate_linked(&mix.amounts, link);
        rows.push(CompareRow {
            name: mix.name.clone(),
            description: mix.description.clone(),
            mix: mix_map(&p, &mix.amounts),
            link_defence: link,
            deal_tariff_pct: b.deal_tariff_pct,
            expected_tariff_pct: b.expected_tariff_pct,
            gdp_loss_pct: b.gdp_loss_pct,
            cost_usd_bn: b.cost_usd_bn,
            cost_pct_gdp: b.cost_pct,
            net_pct_gdp: b.objective,
            p_negative_max: b.p_negative_max,
            investment_pledge_share_of_us_surplus: analytics(&p, &mix.amounts)
                .investment_pledge_share_of_us_surplus,
        });
    }
    #[derive(serde::Serialize)]
    struct Out<'a> {
        meta: Meta,
        mixes: &'a [CompareRow],
        calibration: Calibration,
    }
    if let Some(dir) = &opt.plot {
        let bars: Vec<(String, f64, f64)> = rows
            .iter()
            .map(|r| (r.name.clone(), r.gdp_loss_pct, r.cost_pct_gdp))
            .collect();
        crate::report::charts::bar_chart(
            dir,
            "compare",
            "Concession mixes: expected GDP loss and cost",
            "% of annual GDP over the horizon",
            ("expected GDP loss vs KORUS", "cost of the concessions"),
            &bars,
        )?;
    }
    let text = match opt.format {
        Format::Json => to_json(&Out {
            meta,
            mixes: &rows,
            calibration: calibration(&p),
        })?,
        _ => {
            let mut t = Table::new(
                "Concession mixes side by side (GDP loss vs KORUS and costs: % of annual GDP over the horizon)",
                &[("mix", Align::Left), ("tariff %", Align::Right), ("expected %", Align::Right), ("GDP loss", Align::Right), ("cost USD bn", Align::Right), ("cost % GDP", Align::Right), ("net", Align::Right), ("max P(<0)", Align::Right), ("pledge/surplus", Align::Right)],
            );
            for r in &rows {
                t.row(vec![
                    r.name.clone(),
                    format!("{:.2}", r.deal_tariff_pct),
                    format!("{:.2}", r.expected_tariff_pct),
                    format!("{:.4}", r.gdp_loss_pct),
                    format!("{:.1}", r.cost_usd_bn),
                    format!("{:.4}", r.cost_pct_gdp),
                    format!("{:.4}", r.net_pct_gdp),
                    format!("{:.1}%", 100.0 * r.p_negative_max),
                    format!("{:.0}%", 100.0 * r.investment_pledge_share_of_us_surplus),
                ]);
            }
            let mut s = t.render();
            s.push_str("net = GDP loss + (1 - P(deal fails)) x cost (+ risk term with --risk-weight). pledge/surplus: pledges over the 2024 US goods deficit with Korea times the payout years.\n");
            s
        }
    };
    emit(&text, opt.output.as_ref())
}

#[derive(serde::Serialize)]
struct Exported<'a> {
    note: &'static str,
    tau_grid: &'a [f64],
    loss_grid: &'a [f64],
    pneg_grid: &'a [f64],
    response: &'a crate::negotiation::ResponseSpec,
    response_coefficients: Vec<f64>,
    response_sigma: f64,
    imports: f64,
    exports: f64,
    menu: &'a Menu,
    opening_cost: &'a [f64],
    gdp_usd_bn: f64,
    horizon_years: f64,
    risk_weight: f64,
    budget: Option<f64>,
    link_defence: bool,
}

fn export(p: &Problem) -> Exported<'_> {
    Exported {
        note: "headwind's precomputed concession-mix problem: tools/reference/optimize_scipy.py rebuilds the objective from it",
        tau_grid: &p.tau_grid,
        loss_grid: &p.loss_grid,
        pneg_grid: &p.pneg_grid,
        response: &p.response.spec,
        response_coefficients: p.response.fit.coefficients.iter().map(|c| c.estimate).collect(),
        response_sigma: p.response.sigma,
        imports: p.response.imports,
        exports: p.response.exports,
        menu: &p.menu,
        opening_cost: &p.opening_cost,
        gdp_usd_bn: p.gdp_usd_bn,
        horizon_years: p.horizon_years,
        risk_weight: p.settings.risk_weight,
        budget: p.settings.budget,
        link_defence: p.settings.link_defence,
    }
}
