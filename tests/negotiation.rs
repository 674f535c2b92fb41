//! The concession-mix optimizer: the US response against an independent numpy calibration, every
//! solver against exhaustive grid search on small menus (within 0.1%), red lines and budgets, errors.

mod common;

use headwind::data::{DataSource, Dataset};
use headwind::negotiation::{
    grid_search, run, run_capped, Problem, ProblemSettings, RiskMeasure, SolverKind, UsResponse,
};
use headwind::workbench::Workbench;

fn response(ds: &Dataset) -> UsResponse {
    let (l, t) = headwind::models::resolve("us_response", None).unwrap();
    UsResponse::calibrate(
        headwind::spec::parse_response(&l, &t).unwrap(),
        &l,
        &ds.deals,
    )
    .unwrap()
}

fn problem(menu_text: &str, budget: Option<f64>) -> Problem {
    let wb = Workbench::embedded().unwrap();
    let (korus, _) = wb.scenario("korus").unwrap();
    let fc = wb.forecaster().unwrap();
    let menu = headwind::spec::parse_menu("menu.toml", menu_text).unwrap();
    let r = response(&wb.ds);
    let settings = ProblemSettings {
        paths: 150,
        seed: 3,
        risk_weight: 0.5,
        risk_measure: RiskMeasure::PNegative,
        budget,
        link_defence: Some(false),
        settle: None,
    };
    Problem::build(&wb.ds, &fc, &korus, menu, r, settings).unwrap()
}

const HEAD: &str = "payout_years = 10.0\nannual_outflow_cap = 20.0\nfx_penalty = 0.001\ndiscount_per_quarter = 0.99\n";

fn instrument(name: &str, kind: &str, upper: f64, cost: f64) -> String {
    format!("[[instrument]]\nname = \"{name}\"\nkind = \"{kind}\"\nunit = \"x\"\nlower = 0.0\nupper = {upper}\ncost_rate = {cost}\n")
}

#[derive(serde::Deserialize)]
struct Reference {
    coefficients: Vec<f64>,
    sigma: f64,
    fitted: Vec<f64>,
    korea_rate_no_concessions: f64,
    cov: Vec<Vec<f64>>,
}

#[test]
fn us_response_calibration_matches_numpy_and_reproduces_the_deals() {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/us_response_reference.json"
    );
    let want: Reference = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let r = response(&ds);
    for (c, w) in r.fit.coefficients.iter().zip(&want.coefficients) {
        common::close(c.estimate, *w, 1e-14, 1.0, &c.name); // measured 6.3e-16
    }
    common::close(r.sigma, want.sigma, 1e-14, 1.0, "sigma"); // measured 2.2e-16

    // The coefficient covariance σ²(XᵀX)⁻¹ behind the predictive s.d. of every mix's tariff.
    for i in 0..3 {
        for j in 0..3 {
            let w = want.cov[i][j];
            let got = r.fit.cov_params[[i, j]];
            common::close(got, w, 1e-14, 1e-3, &format!("cov[{i}][{j}]")); // measured 2.4e-15
        }
    }
    for ((_, _, f), w) in r.calibration.iter().zip(&want.fitted) {
        common::close(*f, *w, 1e-14, 1.0, "fitted"); // measured 3.7e-16
    }
    common::close(
        r.rate(0.0, 0.0, 0.0),
        want.korea_rate_no_concessions,
        1e-14, // measured 1.9e-16
        1.0,
        "rate with no concessions",
    );
    // The RMSE over the deals from numpy's fitted values, and the 0.41 points the README states.
    let rmse_ref = (r
        .calibration
        .iter()
        .zip(&want.fitted)
        .map(|((_, a, _), f)| (a - f).powi(2))
        .sum::<f64>()
        / want.fitted.len() as f64)
        .sqrt();
    common::close(r.rmse(), rmse_ref, 1e-14, 1.0, "calibration RMSE"); // measured 6.1e-16
    assert!(
        (rmse_ref - 0.41).abs() < 0.005,
        "README: RMSE 0.41, reference {rmse_ref}"
    );
    // Purchases shrink the deficit and so the rate; pledges earn credit; opening earns credit.
    assert!(r.rate(30.0, 0.0, 0.0) < r.rate(0.0, 0.0, 0.0));
    assert!(r.rate(0.0, 300.0, 0.0) <= r.rate(0.0, 0.0, 0.0));
    assert!(r.rate(0.0, 0.0, 1.0) < r.rate(0.0, 0.0, 0.0));
}

fn assert_solvers_match_grid(p: &Problem, points: usize) {
    let (grid, at) = grid_search(p, points);
    for k in [
        SolverKind::NelderMead,
        SolverKind::ParticleSwarm,
        SolverKind::Lbfgs,
    ] {
        let r = run(p, k, 4, 11, None).unwrap();
        assert!(
            r.objective <= grid * (1.0 + 1e-3) + 1e-9,
            "{}: {} vs grid {} at {:?} (solver at {:?})",
            k.name(),
            r.objective,
            grid,
            at,
            r.amounts
        );
        assert!(r.evaluations > 0);
    }
}

#[test]
fn every_solver_reaches_the_grid_optimum_on_a_two_instrument_menu() {
    let menu = format!(
        "{HEAD}{}{}",
        instrument("energy", "purchases", 40.0, 0.05),
        instrument("investment", "investment", 400.0, 0.15)
    );
    let p = problem(&menu, None);
    assert_solvers_match_grid(&p, 161);
}

#[test]
fn every_solver_reaches_the_grid_optimum_on_a_three_instrument_menu_with_a_budget() {
    let menu = format!(
        "{HEAD}{}{}{}",
        instrument("energy", "purchases", 40.0, 0.05),
        instrument("shipbuilding", "shipbuilding", 200.0, 0.05),
        instrument("defence", "defence", 10.0, 1.0)
    );
    let p = problem(&menu, Some(15.0));
    assert_solvers_match_grid(&p, 41);
    let best = run(&p, SolverKind::NelderMead, 4, 1, None).unwrap();
    let b = p.evaluate(&best.amounts);
    assert!(
        b.budget_violation < 0.05,
        "budget violated by {}",
        b.budget_violation
    );
}

/// A solver stopped by its iteration cap says so: `converged` is false, and its answer is no better
/// than the converged one (the cap only removes iterations). With the default cap the same starts
/// converge.
#[test]
fn a_solver_stopped_by_its_iteration_cap_reports_not_converged() {
    let menu = format!(
        "{HEAD}{}{}",
        instrument("energy", "purchases", 40.0, 0.05),
        instrument("investment", "investment", 400.0, 0.15)
    );
    let p = problem(&menu, None);
    for k in [
        SolverKind::NelderMead,
        SolverKind::Lbfgs,
        SolverKind::ParticleSwarm,
    ] {
        let full = run(&p, k, 2, 5, None).unwrap();
        assert!(full.converged, "{} with the default cap", k.name());
        let capped = run_capped(&p, k, 2, 5, None, Some(2)).unwrap();
        assert!(!capped.converged, "{} stopped after 2 iterations", k.name());
        assert!(capped.objective.is_finite());
        assert!(
            capped.objective >= full.objective - 1e-12,
            "{}: capped {} below converged {}",
            k.name(),
            capped.objective,
            full.objective
        );
    }
}

#[test]
fn red_lines_stay_at_zero_and_mix_errors_name_the_key() {
    let (l, t) = headwind::models::resolve("concessions/menu", None).unwrap();
    let menu = headwind::spec::parse_menu(&l, &t).unwrap();
    let red = menu.instrument.iter().position(|i| i.red_line).unwrap();
    assert!(!menu.free().contains(&red));
    let e = headwind::spec::parse_mix("m.toml", "name = \"x\"\n[mix]\nrice_beef = 0.5\n", &menu)
        .unwrap_err()
        .to_string();
    assert!(e.contains("mix.rice_beef") && e.contains("red line"), "{e}");
    let e = headwind::spec::parse_mix("m.toml", "name = \"x\"\n[mix]\nnuclear = 1.0\n", &menu)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("mix.nuclear") && e.contains("unknown instrument"),
        "{e}"
    );
    let e = headwind::spec::parse_mix("m.toml", "name = \"x\"\n[mix]\ninvestment = 900.0\n", &menu)
        .unwrap_err()
        .to_string();
    assert!(e.contains("outside"), "{e}");
    // An instrument the mix leaves out is 0: with a positive lower bound that is out of bounds, an
    // error naming it rather than a silent 0.
    let mut m2 = menu.clone();
    let d = m2
        .instrument
        .iter()
        .position(|i| i.name == "defence")
        .unwrap();
    m2.instrument[d].lower = 2.0;
    let e = headwind::spec::parse_mix("m.toml", "name = \"x\"\n[mix]\nenergy = 10.0\n", &m2)
        .unwrap_err()
        .to_string();
    assert!(e.contains("mix.defence") && e.contains("missing"), "{e}");
}

#[test]
fn menu_errors_are_reported() {
    let e = headwind::spec::parse_menu("m.toml", &format!("{HEAD}instrument = []\n"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no instruments"), "{e}");
    let reversed = format!("{HEAD}{}", instrument("energy", "purchases", 40.0, 0.05))
        .replace("lower = 0.0\nupper = 40", "lower = 50.0\nupper = 40");
    let e = headwind::spec::parse_menu("m.toml", &reversed)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bounds reversed") && e.contains("instrument[1]"),
        "{e}"
    );
    let bad_kind = format!("{HEAD}{}", instrument("x", "bribes", 1.0, 0.0));
    let e = headwind::spec::parse_menu("m.toml", &bad_kind)
        .unwrap_err()
        .to_string();
    assert!(e.contains("m.toml:") && e.contains("bribes"), "{e}");
}

#[test]
fn a_zero_budget_buys_nothing_that_costs_money_and_the_loss_grid_covers_the_no_deal_rate() {
    // The budget caps every annual commitment, shipbuilding pledges included (per year of the
    // payout period): with a budget of 0 no money instrument is bought.
    let menu = format!(
        "{HEAD}{}{}",
        instrument("shipbuilding", "shipbuilding", 150.0, 0.02),
        instrument("energy", "purchases", 30.0, 0.05)
    );
    let p = problem(&menu, Some(0.0));
    let best = run(&p, SolverKind::NelderMead, 4, 7, None).unwrap();
    let b = p.evaluate(&best.amounts);
    assert!(
        b.annual_outflow_usd_bn < 1e-2,
        "{:?} -> {}",
        best.amounts,
        b.annual_outflow_usd_bn
    );
    // Half-point steps to 60%, then every rate up to the no-deal rate the response can produce.
    let nd = p.response.spec.no_deal_rate_pct;
    assert!(p.tau_grid.last().copied().unwrap() >= nd.min(500.0) - 1e-9);
    assert!(p.tau_grid.windows(2).all(|w| w[1] > w[0]));
}

#[test]
fn the_frontier_never_rises_with_cost_and_matches_a_capped_grid_search() {
    let menu = format!(
        "{HEAD}{}{}",
        instrument("shipbuilding", "shipbuilding", 150.0, 0.02),
        instrument("energy", "purchases", 30.0, 0.05)
    );
    let p = problem(&menu, None);
    let max_cost = 12.0;
    let pts = headwind::negotiation::frontier(&p, max_cost, 7, 5).unwrap();
    assert_eq!(pts.len(), 7);
    for (k, w) in pts.windows(2).enumerate() {
        assert!(
            w[1].gdp_loss_pct <= w[0].gdp_loss_pct + 1e-12,
            "point {}: loss rises from {} to {}",
            k + 1,
            w[0].gdp_loss_pct,
            w[1].gdp_loss_pct
        );
    }
    for (k, f) in pts.iter().enumerate() {
        let cap = max_cost * k as f64 / 6.0;
        assert!(
            f.cost_usd_bn <= cap + 1e-6,
            "point {k}: cost {} above cap {cap}",
            f.cost_usd_bn
        );
        // Exhaustive check: no mix on a 41 x 41 grid under the same cap is better by more than the
        // grid's resolution allows (0.2% of the loss).
        let (g, _) = headwind::negotiation::grid_search_capped(&p, 41, cap);
        assert!(
            f.gdp_loss_pct <= g * 1.002 + 1e-9,
            "point {k}: frontier {} vs grid {g}",
            f.gdp_loss_pct
        );
    }
}

/// The scipy reference on the exported problem and the same problem rebuilt here
/// (`headwind optimize --paths 200 --seed 7`).
fn scipy_reference() -> (serde_json::Value, Problem) {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/optimize_reference.json"
    );
    let want = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let req = headwind::workbench::NegotiationRequest {
        paths: 200,
        seed: 7,
        ..Default::default()
    };
    (want, Workbench::embedded().unwrap().problem(&req).unwrap())
}

#[test]
fn the_us_response_uncertainty_matches_numpy_on_the_exported_problem() {
    // tools/reference/optimize_scipy.py rebuilt the objective (predictive s.d. √(xᵀVx + σ²) with the
    // floor, Gauss-Hermite nodes), the tariff quantiles and P(beats no deal) on the response draws
    // from `headwind optimize --paths 200 --seed 7 --export-problem`.
    let (want, prob) = scipy_reference();
    let link = prob.link_defence();
    let probes = want["probes"].as_array().unwrap();
    assert!(probes.len() >= 4);
    let mut some_win = false;
    for probe in probes {
        let a: Vec<f64> = probe["amounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let b = prob.evaluate(&a);
        let w = probe["objective"].as_f64().unwrap();
        common::close(b.objective, w, 1e-14, 1.0, &format!("{a:?} objective")); // measured 2.2e-16
        let sd = probe["deal_tariff_sd_pct"].as_f64().unwrap();
        common::close(b.deal_tariff_sd_pct, sd, 1e-14, 1.0, "tariff s.d."); // measured 5.6e-16
        let o = prob.tariff_outcome(&a, link);
        for (k, v) in probe["tariff_pct_quantiles"].as_object().unwrap() {
            let got = o.tariff_pct_quantiles[k];
            // measured 2.5e-16
            common::close(got, v.as_f64().unwrap(), 1e-14, 1.0, &format!("{a:?} q{k}"));
        }
        let pb = probe["p_beats_no_deal"].as_f64().unwrap();
        common::close(o.p_beats_no_deal, pb, 1e-14, 1.0, "P(beats no deal)"); // exact on both backends
        some_win |= pb > 0.0;
        // The quantiles straddle the central rate, and the range widens with the predictive s.d.
        assert!(o.tariff_pct_quantiles["5"] <= b.deal_tariff_pct + 1e-9);
        assert!(o.tariff_pct_quantiles["95"] >= b.deal_tariff_pct - 1e-9);
    }
    assert!(
        some_win,
        "the probes should include a mix that sometimes beats no deal"
    );
}

#[test]
fn the_predictive_sd_of_the_us_response_matches_the_ols_formula_and_its_draws() {
    // s(x) = √(xᵀ V x + σ²): by hand from the calibration's covariance, and the draws' mean and
    // spread of the rate agree with τ̂ and s within Monte Carlo error (20 000 draws).
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let r = response(&ds);
    let (purchases, pledges) = (10.0, 150.0);
    let x = r.regressors(purchases, pledges);
    let v = &r.fit.cov_params;
    let mut q = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            q += x[i] * v[[i, j]] * x[j];
        }
    }
    let s = (q + r.sigma * r.sigma).sqrt();
    assert!((r.rate_sd(purchases, pledges) - s).abs() < 1e-12);
    assert!(s > r.sigma, "parameter uncertainty adds to the residual");
    let draws = r.draws(20_000, 11).unwrap();
    let mu = r.unclamped_rate(purchases, pledges, 0.0);
    let rates: Vec<f64> = draws
        .iter()
        .map(|(b, e)| 10.0 + b[0] * x[0] + b[1] * x[1] + b[2] * x[2] + e)
        .collect();
    let n = rates.len() as f64;
    let m = rates.iter().sum::<f64>() / n;
    let sd = (rates.iter().map(|t| (t - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!((m - mu).abs() < 4.0 * s / n.sqrt(), "mean {m} vs {mu}");
    assert!((sd / s - 1.0).abs() < 0.03, "sd {sd} vs {s}");
    // The same seed gives the same draws.
    assert_eq!(r.draws(5, 11).unwrap(), draws[..5].to_vec());
}

#[test]
fn a_later_settlement_keeps_the_status_quo_until_then_and_the_loss_and_cost_move_accordingly() {
    use headwind::forecast::{McSettings, Shocks};
    use headwind::negotiation::headline_scenario_settled;
    let wb = Workbench::embedded().unwrap();
    let (korus, _) = wb.scenario("korus").unwrap();
    let fc = wb.forecaster().unwrap();
    let r = response(&wb.ds);
    let start = korus.start;
    let settle = start.offset(2);
    let n = wb.ds.io.sectors.len();
    // The schedule: the status quo's rates (measures in force at the start, held) in the two
    // quarters before the settlement, the headline scenario's from it on.
    let tau = 30.0;
    let s = headline_scenario_settled(&korus, &r, tau, &wb.ds, &fc.groups, Some(settle)).unwrap();
    let now = headline_scenario_settled(&korus, &r, tau, &wb.ds, &fc.groups, None).unwrap();
    let sq = fc.status_quo(start, korus.quarters);
    let (rs, rn, rq) = (
        s.rates(n, start, korus.quarters),
        now.rates(n, start, korus.quarters),
        sq.rates(n, start, korus.quarters),
    );
    for k in 0..korus.quarters {
        let want = if k < 2 { rq.row(k) } else { rn.row(k) };
        for j in 0..n {
            assert!(
                (rs[[k, j]] - want[j]).abs() < 1e-12,
                "quarter {k} sector {j}"
            );
        }
    }
    // The loss curve at a grid rate is the discounted level loss Σ_t δ^{t+1} (−ℓ_t)/4 of that
    // settled scenario against KORUS, simulated with the problem's paths and seed.
    let req = |settle| headwind::workbench::NegotiationRequest {
        paths: 150,
        seed: 5,
        settle,
        ..Default::default()
    };
    let p_now = wb.problem(&req(None)).unwrap();
    let p_later = wb.problem(&req(Some(settle))).unwrap();
    let mc = McSettings {
        paths: 150,
        seed: 5,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let sim = fc.simulate(&s, &korus.korus_like(), mc, &|_| {}).unwrap();
    let delta = p_later.menu.discount_per_quarter;
    let m = sim.scenario.len() as f64;
    let (mut level, mut loss) = (0.0, 0.0);
    for t in 0..korus.quarters {
        level += sim
            .scenario
            .iter()
            .zip(&sim.baseline)
            .map(|(a, b)| a[t] - b[t])
            .sum::<f64>()
            / m;
        loss += delta.powi(t as i32 + 1) * (-level) / 4.0;
    }
    assert!(
        (p_later.loss(tau) - loss).abs() < 1e-12,
        "{} vs {loss}",
        p_later.loss(tau)
    );
    // More quarters at the status quo: above its rates a later deal loses less, at 0% more.
    assert!(p_later.loss(40.0) < p_now.loss(40.0));
    assert!(p_later.loss(0.0) > p_now.loss(0.0));
    // Costs run from the settlement: a purchase pledge costs cost_rate × amount × years left.
    let i = p_now
        .menu
        .instrument
        .iter()
        .position(|x| x.name == "energy")
        .unwrap();
    let mut a = vec![0.0; p_now.menu.instrument.len()];
    a[i] = 10.0;
    let rate = p_now.menu.instrument[i].cost_rate;
    let gdp = p_now.gdp_usd_bn;
    let years = korus.quarters as f64 / 4.0;
    assert!((p_now.evaluate(&a).cost_pct - 100.0 * rate * 10.0 * years / gdp).abs() < 1e-12);
    assert!(
        (p_later.evaluate(&a).cost_pct - 100.0 * rate * 10.0 * (years - 0.5) / gdp).abs() < 1e-12
    );
    assert_eq!(p_later.quarters_before_settle, 2);
    // A settlement outside the horizon is an error naming the flag.
    let e = wb
        .problem(&req(Some(start.offset(korus.quarters as i64))))
        .err()
        .unwrap();
    assert!(e.to_string().contains("--settle"), "{e}");
}

#[test]
fn the_settle_sweep_starts_at_zero_cost_of_waiting_and_its_break_even_rates_solve_the_equation() {
    let wb = Workbench::embedded().unwrap();
    let req = headwind::workbench::NegotiationRequest {
        paths: 100,
        seed: 9,
        ..Default::default()
    };
    let p = wb.problem(&req).unwrap();
    let mut a = p.menu.base_amounts();
    a[1] = 20.0;
    let sweep = wb.settle_sweep(&req, &a).unwrap();
    let start = wb.scenario("korus").unwrap().0.start;
    assert_eq!(
        sweep.rows.len(),
        4,
        "the first half of the eight-quarter horizon"
    );
    assert_eq!(sweep.rows[0].cost_of_waiting_pct, 0.0);
    for (k, row) in sweep.rows.iter().enumerate() {
        assert_eq!(row.quarters_at_current_rate, k);
        if let Some(b) = row.break_even_tariff_pct {
            // Settled then at the break-even rate, the deterministic objective equals settling now.
            let mut r = req.clone();
            r.settle = Some(start.offset(k as i64));
            let pk = wb.problem(&r).unwrap();
            let now = p.evaluate(&a).objective;
            assert!((pk.objective_at_rate(b, row.cost_pct_gdp) - now).abs() < 1e-9);
        } else {
            assert!(row.break_even_note.is_some());
        }
    }
}

#[test]
fn the_explain_view_matches_numpy_marginals_and_each_robustness_optimum_is_optimal_for_its_case() {
    let (want, prob) = scipy_reference();
    let a: Vec<f64> = want["probes"][0]["amounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let e = headwind::negotiation::explain(&prob, &a, 7).unwrap();
    // The objective's slope per instrument equals the finite difference of scipy's own objective.
    for (m, w) in e
        .marginal
        .iter()
        .zip(want["marginal_at_probe_0"].as_array().unwrap())
    {
        let w = w.as_f64().unwrap();
        // Measured 5.3e-11 (OpenBLAS's Haswell, Zen and Prescott kernels; SkylakeX 2.7e-12, faer
        // exact): a finite difference magnifies rounding in the objective by 1/step.
        common::close(m.objective_per_unit, w, 2e-10, 1e-3, &m.instrument);
    }
    // Pledges buy tariff points; the red line is flagged.
    let ship = e
        .marginal
        .iter()
        .find(|m| m.instrument == "shipbuilding")
        .unwrap();
    assert!(ship.tariff_points_per_unit < 0.0);
    assert!(e.marginal.iter().any(|m| m.at == "red line"));
    // The table starts with the central case and each row's mix is at least as good, under its
    // own assumption, as the central mix (it is that case's optimum).
    assert_eq!(e.robustness[0].case, "central");
    assert!(e.robustness.len() >= 15);
    let central: Vec<f64> = prob
        .menu
        .instrument
        .iter()
        .map(|i| e.robustness[0].mix[&i.name])
        .collect();
    for r in &e.robustness[1..] {
        if let Some(q) = r.case.strip_prefix("P(deal fails) ") {
            let pf: f64 = q.split(' ').next().unwrap().parse().unwrap();
            let v = prob.variant(|_, resp, _, _| resp.spec.p_deal_fails = pf);
            let mine: Vec<f64> = prob
                .menu
                .instrument
                .iter()
                .map(|i| r.mix[&i.name])
                .collect();
            assert!(
                v.evaluate(&mine).objective <= v.evaluate(&central).objective + 1e-9,
                "{}",
                r.case
            );
        }
    }
    // Halving shipbuilding's cost makes it worth buying much more of it.
    let low = e
        .robustness
        .iter()
        .find(|r| r.case.starts_with("shipbuilding cost x0.5"))
        .unwrap();
    assert!(low.mix["shipbuilding"] > a[1] + 10.0, "{:?}", low.mix);
    assert!(e.knife_edge);
    // No budget: no shadow price; with a binding budget a positive one (the optimum wants about
    // 0.12 USD bn a year of shipbuilding pledges; a budget of 0.05 a year binds).
    assert!(e.budget_shadow_price.is_none());
    let tight = prob.variant(|_, _, s, _| s.budget = Some(0.05));
    let best = headwind::negotiation::run(&tight, SolverKind::NelderMead, 4, 7, None).unwrap();
    let et = headwind::negotiation::explain(&tight, &best.amounts, 7).unwrap();
    assert!(
        et.budget_shadow_price.unwrap() > 0.0,
        "{:?}",
        et.budget_shadow_price
    );
}

#[test]
fn the_reinvestment_table_matches_numpy_and_the_published_figures_are_consistent() {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reinvestment_reference.json"
    );
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let r = headwind::negotiation::reinvestment(&ds).unwrap();
    for (got, w) in r.periods.iter().zip(want["periods"].as_array().unwrap()) {
        assert_eq!(got.period, w["period"].as_str().unwrap());
        for (a, key) in [
            (got.census_surplus_usd_bn, "census_surplus_usd_bn"),
            (got.ratio_census_pct, "ratio_census_pct"),
            (
                got.implied_korean_customs_surplus_usd_bn.unwrap(),
                "implied_korean_customs_surplus_usd_bn",
            ),
        ] {
            let b = w[key].as_f64().unwrap();
            common::close(a, b, 1e-14, 1.0, &format!("{} {key}", got.period)); // exact on both backends
        }
    }
    let per_year = want["census_surplus_per_year_2021_2024"].as_f64().unwrap();
    common::close(
        r.census_surplus_per_year_2021_2024,
        per_year,
        1e-14, // exact on both backends
        1.0,
        "surplus per year",
    );
    // The two sub-period claims and KITA's 2017-2024 ratio imply the same total surplus within 0.5%.
    let (sum, kita) = r.implied_surplus_sum_usd_bn.unwrap();
    assert!((sum / kita - 1.0).abs() < 0.005, "{sum} vs {kita}");
    // A 200 bn pledge over 10 years is 20 bn a year: that over the 2021-2024 average surplus.
    assert!((r.pledge_share_pct(200.0, 10.0) - 100.0 * 20.0 / per_year).abs() < 1e-9);
}

#[test]
fn a_binding_budget_changes_the_optimum_and_its_shadow_price_is_the_value_of_relaxing_it() {
    // Shipbuilding costs 1% here: the unconstrained optimum pledges far more than a budget of 2 USD
    // bn a year (20 bn over ten years) allows, so the budget binds.
    let menu = format!(
        "{HEAD}{}{}",
        instrument("shipbuilding", "shipbuilding", 200.0, 0.01),
        instrument("energy", "purchases", 40.0, 0.05)
    );
    let free = problem(&menu, None);
    let tight = problem(&menu, Some(2.0));
    let best_free = run(&free, SolverKind::NelderMead, 4, 11, None).unwrap();
    let best_tight = run(&tight, SolverKind::NelderMead, 4, 11, None).unwrap();
    let outflow = |p: &Problem, a: &[f64]| p.evaluate(a).annual_outflow_usd_bn;
    assert!(
        outflow(&free, &best_free.amounts) > 2.5,
        "{:?}",
        best_free.amounts
    );
    assert!(
        outflow(&tight, &best_tight.amounts) <= 2.0 + 0.05,
        "{:?}",
        best_tight.amounts
    );
    assert!(best_tight.objective > best_free.objective + 1e-6);
    // The explain view's shadow price: relaxing the budget lowers the optimum; with diminishing
    // returns to pledges the optimum is convex in the budget, so the marginal value at the binding
    // budget is at least the average value of relaxing it all the way to the unconstrained optimum
    // (gap / outflow needed), and no more than what the first USD bn a year of pledges is worth.
    let e = headwind::negotiation::explain(&tight, &best_tight.amounts, 11).unwrap();
    let sp = e.budget_shadow_price.unwrap();
    let gap = best_tight.objective - best_free.objective;
    let need = outflow(&free, &best_free.amounts) - 2.0;
    assert!(sp >= 0.9 * gap / need, "shadow {sp}, gap {gap} over {need}");
    let none = tight.variant(|_, _, s, _| s.budget = Some(0.0));
    let zero = run(&none, SolverKind::NelderMead, 4, 11, None).unwrap();
    let first = (zero.objective
        - tight
            .variant(|_, _, s, _| s.budget = Some(1.0))
            .evaluate(
                &run(
                    &tight.variant(|_, _, s, _| s.budget = Some(1.0)),
                    SolverKind::NelderMead,
                    4,
                    11,
                    None,
                )
                .unwrap()
                .amounts,
            )
            .objective)
        / 1.0;
    assert!(
        sp <= first * 1.1 + 1e-9,
        "shadow {sp} above the first unit's value {first}"
    );
}

#[test]
fn korea_annual_gdp_in_usd_is_the_last_four_quarters_over_their_mean_exchange_rate() {
    // By hand from data/macro_quarterly.csv: the last four quarters with GDP, KRW bn summed, over the
    // mean of their KRW/USD rates.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/macro_quarterly.csv"
    ))
    .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let (g, fx) = (
        head.iter()
            .position(|h| h == "kor_gdp_real_krw_bn")
            .unwrap(),
        head.iter().position(|h| h == "krw_per_usd").unwrap(),
    );
    let rows: Vec<(f64, f64)> = rdr
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !r[g].is_empty())
        .map(|r| (r[g].parse().unwrap(), r[fx].parse().unwrap_or(f64::NAN)))
        .collect();
    let last4 = &rows[rows.len() - 4..];
    let krw: f64 = last4.iter().map(|x| x.0).sum();
    let rate: f64 = last4.iter().map(|x| x.1).sum::<f64>() / 4.0;
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let got = headwind::negotiation::annual_gdp_usd_bn(&ds).unwrap();
    assert!(
        (got - krw / rate).abs() < 1e-9 * got,
        "{got} vs {}",
        krw / rate
    );
    // About 1.6-1.9 trillion dollars (real, 2020 prices at current rates).
    assert!((1500.0..2000.0).contains(&got), "{got}");
}

#[test]
fn market_opening_costs_the_value_added_of_the_displaced_demand_and_earns_its_tariff_credit() {
    // Cost per unit of opening (% of GDP over the horizon) = import_shift × Σ_j (vᵀL)_j × domestic
    // non-export final demand_j / total value added × 100 × horizon years, for the instrument's
    // sectors; the US response credits opening_credit_pct points per unit of opening.
    let wb = Workbench::embedded().unwrap();
    let p = wb
        .problem(&headwind::workbench::NegotiationRequest {
            paths: 50,
            ..Default::default()
        })
        .unwrap();
    let ds = &wb.ds;
    let m = headwind::input_output::Leontief::new(&ds.io)
        .unwrap()
        .multipliers()
        .unwrap()
        .value_added;
    let exports = ds.io.fd_index("exports").unwrap();
    let va_total = ds.io.value_added_total().sum();
    let mut checked = 0;
    for (i, ins) in p.menu.instrument.iter().enumerate() {
        if ins.kind != headwind::negotiation::Kind::MarketOpening {
            assert_eq!(p.opening_cost[i], 0.0);
            continue;
        }
        let mut va = 0.0;
        for code in &ins.sectors {
            let j = ds.io.sector_index(code).unwrap();
            let fd: f64 = (0..ds.io.fd_domestic.ncols())
                .filter(|k| *k != exports)
                .map(|k| ds.io.fd_domestic[[j, k]])
                .sum();
            va += m[j] * fd;
        }
        let want = ins.import_shift * va / va_total * 100.0 * p.horizon_years;
        assert!(
            (p.opening_cost[i] - want).abs() < 1e-12 * want.max(1e-12),
            "{}",
            ins.name
        );
        checked += 1;
    }
    assert!(checked >= 2);
    let r = &p.response;
    let credit = r.spec.opening_credit_pct;
    assert!((r.rate(0.0, 0.0, 0.0) - r.rate(0.0, 0.0, 1.0) - credit).abs() < 1e-12);
}

#[test]
fn menu_checks_hold_at_their_boundaries_and_name_the_key() {
    // Each rule at its boundary: the value on the boundary passes, the next one fails naming the
    // instrument's key (1-based) or the menu's.
    let one = |body: &str| format!("{HEAD}[[instrument]]\nname = \"a\"\nunit = \"x\"\n{body}\n");
    let ok = |text: &str| {
        headwind::spec::parse_menu("m.toml", text).unwrap_or_else(|e| panic!("{text}\n-> {e}"))
    };
    let err = |text: &str, key: &str| {
        let e = headwind::spec::parse_menu("m.toml", text)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains(key), "{text}\n-> {e} (expected `{key}`)");
    };
    let inv = |lower: f64, upper: f64| {
        one(&format!(
            "kind = \"investment\"\nlower = {lower}\nupper = {upper}\ncost_rate = 0.01"
        ))
    };
    ok(&inv(0.0, 5000.0));
    err(&inv(0.0, 5000.5), "instrument[1].upper");
    err(&inv(-0.5, 10.0), "instrument[1].lower");
    ok(&inv(3.0, 3.0)); // fixed: lower = upper
    err(&inv(3.5, 3.0), "bounds reversed");
    err(&inv(0.0, f64::INFINITY), "not finite"); // TOML `inf`
    err(&inv(f64::NAN, 1.0).replace("NaN", "nan"), "not finite");
    let flow = |upper: f64| {
        one(&format!(
            "kind = \"purchases\"\nlower = 0.0\nupper = {upper}\ncost_rate = 0.01"
        ))
    };
    ok(&flow(1000.0));
    err(&flow(1000.5), "plausible maximum");
    let opening = |upper: f64, extra: &str| {
        one(&format!(
            "kind = \"market_opening\"\nlower = 0.0\nupper = {upper}\ncost_rate = 0.0\nsectors = [\"40\"]\n{extra}"
        ))
    };
    ok(&opening(1.0, "import_shift = 1.0"));
    err(&opening(1.5, ""), "market opening is a share");
    err(
        &opening(1.0, "import_shift = 1.5"),
        "instrument[1].cost_rate",
    );
    err(
        &opening(1.0, "").replace("sectors = [\"40\"]", "sectors = []"),
        "instrument[1].sectors",
    );
    err(
        &inv(0.0, 1.0).replace("0.01", "10.5"),
        "cost_rate must be in [0, 10]",
    );
    ok(&inv(0.0, 1.0).replace("0.01", "10.0"));
    let red = |lower: f64| format!("{}red_line = true\n", inv(lower, 5.0));
    let m = ok(&red(0.0));
    err(&red(1.0), "instrument[1].red_line");
    // A red line stays at 0 and is not free; a fixed instrument stays at its bound and is not free.
    let two = format!(
        "{}{}",
        red(0.0),
        inv(2.0, 2.0)
            .trim_start_matches(HEAD)
            .replace("name = \"a\"", "name = \"b\"")
    );
    let m2 = ok(&two);
    assert_eq!(m2.base_amounts(), [0.0, 2.0]);
    assert!(m2.free().is_empty());
    assert!(m.free().is_empty());
    let free = ok(&inv(1.0, 4.0));
    assert_eq!((free.base_amounts(), free.free()), (vec![1.0], vec![0]));
    err(
        &format!(
            "{}{}",
            inv(0.0, 1.0),
            inv(0.0, 1.0).trim_start_matches(HEAD)
        ),
        "instrument[2].name",
    );
    // Menu-level ranges.
    for (key, bad, good) in [
        (
            "payout_years = 10.0",
            "payout_years = 0.0",
            "payout_years = 100.0",
        ),
        (
            "annual_outflow_cap = 20.0",
            "annual_outflow_cap = -1.0",
            "annual_outflow_cap = 0.0",
        ),
        (
            "fx_penalty = 0.001",
            "fx_penalty = 100.5",
            "fx_penalty = 100.0",
        ),
        (
            "discount_per_quarter = 0.99",
            "discount_per_quarter = 0.49",
            "discount_per_quarter = 1.0",
        ),
    ] {
        let name = key.split(' ').next().unwrap();
        err(&inv(0.0, 1.0).replace(key, bad), name);
        ok(&inv(0.0, 1.0).replace(key, good));
    }
}

#[test]
fn section_232_steel_stays_at_50_percent_whatever_the_headline_rate() {
    // models/us_response.toml: the headline rate τ applies on the reciprocal coverage (the complement of
    // Section 232's), Section 232 (s232_steel_50) stays at 50% on its own coverage. From
    // data/tariff_measures.csv: steel mill products (27) are all under Section 232, so 50% whatever τ;
    // non-ferrous metals (28) 50 · 0.25 + τ · 0.75; fabricated metals (30) 50 · 0.5 + τ · 0.5.
    use headwind::negotiation::headline_scenario;
    let wb = Workbench::embedded().unwrap();
    let (korus, _) = wb.scenario("korus").unwrap();
    let fc = wb.forecaster().unwrap();
    let r = response(&wb.ds);
    let n = wb.ds.io.sectors.len();
    let at = |code: &str| {
        wb.ds
            .io
            .sectors
            .iter()
            .position(|s| s.code == code)
            .unwrap()
    };
    for tau in [0.0, 10.0, 18.83, 25.0, 60.0] {
        let s = headline_scenario(&korus, &r, tau, &wb.ds, &fc.groups).unwrap();
        let rates = s.rates(n, korus.start, korus.quarters);
        for row in rates.rows() {
            assert!(
                (row[at("27")] - 50.0).abs() < 1e-12,
                "τ = {tau}: steel {}",
                row[at("27")]
            );
            assert!(
                (row[at("28")] - (12.5 + 0.75 * tau)).abs() < 1e-12,
                "τ = {tau}"
            );
            assert!(
                (row[at("30")] - (25.0 + 0.5 * tau)).abs() < 1e-12,
                "τ = {tau}"
            );
        }
    }
}
