//! Property tests (proptest) on the numerical core.

mod common;

use headwind::data::IoTable;
use headwind::econometrics::{quantreg, rearranged_quantiles, CovType, Ols};
use headwind::forecast::quantile_sorted;
use headwind::input_output::Leontief;
use ndarray::{Array1, Array2};
use proptest::prelude::*;

/// A random productive table: column sums of A below 0.9, output positive, balanced by construction.
fn table(n: usize, a: &[f64], x: &[f64]) -> IoTable {
    let mut z = Array2::zeros((n, n));
    for j in 0..n {
        let col: f64 = (0..n).map(|i| a[i * n + j]).sum::<f64>().max(1e-9);
        for i in 0..n {
            z[[i, j]] = 0.9 * a[i * n + j] / col * 0.9 * x[j];
        }
    }
    common::balanced_table(z, Array1::from(x.to_vec()))
}

fn io_inputs() -> impl Strategy<Value = (usize, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>)> {
    (2usize..12).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec(0.0f64..1.0, n * n),
            prop::collection::vec(1.0f64..1e6, n),
            prop::collection::vec(-1e4f64..1e4, n),
            prop::collection::vec(-1e4f64..1e4, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn leontief_solutions_satisfy_the_system((n, a, x, d, e) in io_inputs()) {
        let t = table(n, &a, &x);
        t.check_identities("random table").unwrap();
        let m = Leontief::new(&t).unwrap();
        let dv = Array2::from_shape_vec((n, 1), d.clone()).unwrap();
        let sol = m.solve(dv.view()).unwrap();
        let resid = &sol - &m.domestic_coefficients.dot(&sol) - &dv;
        let scale = sol.iter().fold(1.0f64, |s, v| s.max(v.abs()));
        prop_assert!(resid.iter().all(|r| r.abs() <= 1e-10 * scale));
        // Linearity and the zero shock.
        let ev = Array2::from_shape_vec((n, 1), e).unwrap();
        let both = &dv * 2.0 - &ev;
        let lhs = m.propagate(both.view()).unwrap().value_added;
        let rhs = m.propagate(dv.view()).unwrap().value_added * 2.0 - m.propagate(ev.view()).unwrap().value_added;
        prop_assert!(lhs.iter().zip(rhs.iter()).all(|(p, q)| (p - q).abs() <= 1e-9 * scale.max(q.abs())));
        let zero = m.propagate(Array2::zeros((n, 2)).view()).unwrap();
        prop_assert!(zero.output.iter().all(|v| *v == 0.0));
    }

    #[test]
    fn ols_residuals_are_orthogonal_to_the_regressors(xs in prop::collection::vec(-10.0f64..10.0, 60), noise in prop::collection::vec(-1.0f64..1.0, 30)) {
        let n = 30;
        let x = Array2::from_shape_fn((n, 3), |(i, j)| if j == 0 { 1.0 } else { xs[i * 2 + j - 1] });
        let y = Array1::from_shape_fn(n, |i| 1.0 + 0.5 * x[[i, 1]] - 2.0 * x[[i, 2]] + noise[i]);
        let names = ["const", "a", "b"].map(String::from);
        match Ols::new(CovType::Hc1).fit("y", y.view(), x.view(), &names) {
            Ok(f) => {
                let g = x.t().dot(&f.residuals);
                let scale = x.iter().map(|v| v.abs()).sum::<f64>() * f.residuals.iter().map(|v| v.abs()).fold(1.0, f64::max);
                prop_assert!(g.iter().all(|v| v.abs() <= 1e-10 * scale));
            }
            Err(e) => prop_assert!(e.to_string().contains("collinearity")),
        }
    }

    #[test]
    fn sample_quantiles_are_monotone(mut v in prop::collection::vec(-1e3f64..1e3, 1..200)) {
        v.sort_by(f64::total_cmp);
        let qs: Vec<f64> = [1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0].iter().map(|p| quantile_sorted(&v, *p)).collect();
        prop_assert!(qs.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn rearranged_regression_quantiles_are_monotone(xs in prop::collection::vec(-3.0f64..3.0, 80), e in prop::collection::vec(-2.0f64..2.0, 80), probe in -20.0f64..20.0) {
        let x = Array2::from_shape_fn((80, 2), |(i, j)| if j == 0 { 1.0 } else { xs[i] });
        let y = Array1::from_shape_fn(80, |i| 0.5 + xs[i] + e[i] * (1.0 + xs[i].abs()));
        let names = ["const", "x"].map(String::from);
        let fits: Vec<_> = [0.1, 0.25, 0.5, 0.75, 0.9].iter().filter_map(|q| quantreg(y.view(), x.view(), &names, *q).ok()).collect();
        prop_assume!(fits.len() == 5);
        let v = rearranged_quantiles(&fits, &[1.0, probe]);
        prop_assert!(v.windows(2).all(|w| w[0] <= w[1]));
        // ... and they are the raw predictions b_q·x, rearranged: the same multiset (Chernozhukov,
        // Fernández-Val & Galichon 2010), so an all-zero or otherwise invented output fails.
        let mut raw: Vec<f64> = fits
            .iter()
            .map(|f| f.coefficients[0].estimate + f.coefficients[1].estimate * probe)
            .collect();
        raw.sort_by(f64::total_cmp);
        for (a, b) in v.iter().zip(&raw) {
            prop_assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{} vs {}", a, b);
        }
    }
}

/// The shipped data, model and KORUS baseline, loaded once for the tariff properties.
fn forecast_setup() -> &'static (
    headwind::workbench::Workbench,
    headwind::forecast::Forecaster,
) {
    static SETUP: std::sync::OnceLock<(
        headwind::workbench::Workbench,
        headwind::forecast::Forecaster,
    )> = std::sync::OnceLock::new();
    SETUP.get_or_init(|| {
        let wb = headwind::workbench::Workbench::embedded().unwrap();
        let fc = wb.forecaster().unwrap();
        (wb, fc)
    })
}

/// Expected cumulative GDP level loss (log points, summed over the horizon; positive = loss) of a
/// uniform tariff of `rate` % on every goods group from 2026Q2, against KORUS.
fn uniform_tariff_loss(rate: f64, seed: u64) -> f64 {
    use headwind::forecast::{McSettings, Shocks};
    let (wb, fc) = forecast_setup();
    let text = format!(
        "name = \"uniform\"\nstart = \"2026Q2\"\nquarters = 8\n[[measure]]\nname = \"all goods\"\nrate_pct = {rate}\n\
         sectors = [\"agri\", \"mining\", \"food\", \"light\", \"petrochem\", \"minerals\", \"steel\", \"semis\", \"electronics\", \"machinery\", \"autos\", \"ships\", \"other_mfg\"]\n\
         start = \"2026Q2\"\n[drivers]\nus_gdp_growth = 0.61\n"
    );
    let sc = headwind::spec::parse_scenario("uniform.toml", &text, &wb.scenario_context()).unwrap();
    let korus = wb.scenario("korus").unwrap().0;
    let mc = McSettings {
        paths: 300,
        seed,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let sim = fc.simulate(&sc, &korus, mc, &|_| {}).unwrap();
    -sim.scenario
        .iter()
        .zip(&sim.baseline)
        .map(|(s, b)| s.iter().zip(b).map(|(x, y)| x - y).sum::<f64>())
        .sum::<f64>()
        / sim.scenario.len() as f64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Higher uniform tariffs never reduce the expected GDP loss: any two rates in [0, 150] %, any seed
    /// (common random numbers: both rates see the same draws).
    #[test]
    fn higher_uniform_tariffs_never_reduce_the_loss(low in 0.0f64..150.0, step in 0.01f64..150.0, seed in any::<u64>()) {
        let high = low + step;
        let (l, h) = (uniform_tariff_loss(low, seed), uniform_tariff_loss(high, seed));
        prop_assert!(l.is_finite() && h.is_finite());
        prop_assert!(h > l, "loss at {high}% = {h} not above loss at {low}% = {l}");
    }

    /// The optimizer's precomputed loss and risk curves (Hermite interpolation of the Monte Carlo grid)
    /// keep that order between grid points: a higher headline rate never costs less.
    #[test]
    fn the_optimizers_loss_curve_never_falls_with_the_tariff(a in 0.0f64..1.0, b in 0.0f64..1.0) {
        let p = problem();
        let (lo, hi) = (p.tau_grid[0], p.tau_grid[p.tau_grid.len() - 1]);
        let (t1, t2) = (lo + (hi - lo) * a.min(b), lo + (hi - lo) * a.max(b));
        prop_assert!(p.loss(t2) >= p.loss(t1), "loss({t2}) = {} < loss({t1}) = {}", p.loss(t2), p.loss(t1));
    }
}

fn problem() -> &'static headwind::negotiation::Problem {
    use headwind::negotiation::{Problem, ProblemSettings, RiskMeasure, UsResponse};
    static P: std::sync::OnceLock<Problem> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let (wb, fc) = forecast_setup();
        let korus = wb.scenario("korus").unwrap().0;
        let (l, t) = headwind::models::resolve("concessions/menu", None).unwrap();
        let menu = headwind::spec::parse_menu(&l, &t).unwrap();
        let (l, t) = headwind::models::resolve("us_response", None).unwrap();
        let r = UsResponse::calibrate(
            headwind::spec::parse_response(&l, &t).unwrap(),
            &l,
            &wb.ds.deals,
        )
        .unwrap();
        let settings = ProblemSettings {
            paths: 200,
            seed: 9,
            risk_weight: 0.0,
            risk_measure: RiskMeasure::PNegative,
            budget: None,
            link_defence: Some(false),
            settle: None,
        };
        Problem::build(&wb.ds, fc, &korus, menu, r, settings).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Issue #14: exporters' price cuts are income, not output. With every other input fixed, lower
    /// pass-through to US buyers (more absorption) never gives a larger real (volume) loss; the price
    /// part (terms of trade) is what grows.
    #[test]
    fn lower_pass_through_never_gives_a_larger_real_loss(
        exports in prop::collection::vec(0.0f64..1e4, 3),
        rates in prop::collection::vec(0.0f64..100.0, 3),
        eps in 0.0f64..5.0,
        phis in (0.0f64..1.0, 0.0f64..1.0),
        div in 0.0f64..1.0,
    ) {
        use headwind::trade::{ElasticityUsed, ExportResponse, TradeDraw};
        let (lo, hi) = if phis.0 <= phis.1 { phis } else { (phis.1, phis.0) };
        let make = |phi: f64| {
            ExportResponse::new(
                Array1::from(exports.clone()),
                Array1::from(vec![1.0, 0.5, 2.0]),
                Array1::from(vec![phi; 3]),
                Array1::zeros(3),
                vec![0.4, 0.3, 0.2, 0.1],
                div,
                0.0,
                ElasticityUsed { value: eps, sd: 0.0, source: "test".into() },
            )
            .unwrap()
        };
        let ts = Array2::from_shape_fn((6, 3), |(_, j)| rates[j]);
        let tb = Array2::zeros((6, 3));
        let draw = TradeDraw { elasticity: eps, phi_z: 0.0, diversion: div, wedge_scale: 1.0 };
        let (r_lo, r_hi) = (make(lo), make(hi));
        let (v_lo, p_lo) = r_lo.changes_split(&r_lo.wedges(&ts, &tb), None, draw);
        let (v_hi, p_hi) = r_hi.changes_split(&r_hi.wedges(&ts, &tb), None, draw);
        prop_assert!(v_lo.sum() >= v_hi.sum() - 1e-9 * (1.0 + v_hi.sum().abs()));
        prop_assert!(p_lo.sum() <= p_hi.sum() + 1e-9 * (1.0 + p_hi.sum().abs()));
        prop_assert!(v_lo.iter().chain(v_hi.iter()).all(|x| *x <= 1e-12));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Issue #16: no scenario file that parses can make a forecast succeed with a non-finite number
    /// in its result: it either fails (input or numerical error) or every number is finite (the
    /// result renders in every format the command line offers).
    #[test]
    fn a_scenario_that_parses_never_gives_a_non_finite_result(
        rate in prop_oneof![Just(0.0), 0.0f64..500.0, Just(500.0)],
        coverage in 0.0f64..=1.0,
        start_off in 0usize..6,
        end_off in proptest::option::of(0usize..8),
        driver in prop_oneof![Just(0.0), -50.0f64..50.0],
        elasticity in proptest::option::of(prop_oneof![Just(0.0), 0.0f64..20.0]),
        pass_through in proptest::option::of(0.0f64..=1.0),
        front in proptest::option::of(0.0f64..=1.0),
        partner in any::<bool>(),
        quarters in 4usize..=12,
    ) {
        use headwind::report::{Format, Render};
        let (wb, _) = forecast_setup();
        let start = wb.first_forecast_quarter();
        let q = |k: usize| start.offset(k as i64 - 2).to_string();
        let mut text = format!(
            "name = \"p\"\nquarters = {quarters}\nbaseline = \"korus\"\n[[measure]]\nname = \"m\"\nrate_pct = {rate}\nsectors = [\"autos\", \"semis\"]\ncoverage = {coverage}\nstart = \"{}\"\n",
            q(start_off)
        );
        if let Some(e) = end_off {
            text.push_str(&format!("end = \"{}\"\n", q(start_off + e)));
        }
        if partner {
            text.push_str(&format!("[[measure]]\nname = \"china\"\nrate_pct = {rate}\npartner = \"CHN\"\ncoverage = {coverage}\nstart = \"{}\"\n", q(start_off)));
        }
        text.push_str(&format!("[drivers]\nus_gdp_growth = {driver}\n"));
        if let Some(f) = front {
            text.push_str(&format!("[front_loading]\nshare = {f}\n"));
        }
        if elasticity.is_some() || pass_through.is_some() {
            text.push_str("[overrides]\n");
            if let Some(e) = elasticity {
                text.push_str(&format!("elasticity = {e}\n"));
            }
            if let Some(p) = pass_through {
                text.push_str(&format!("pass_through = {p}\n"));
            }
        }
        let sc = match headwind::spec::parse_scenario("p.toml", &text, &wb.scenario_context()) {
            Ok(s) => s,
            Err(e) => {
                // Only input errors, never a panic; the generator keeps to valid ranges, so say which.
                prop_assert!(matches!(e, headwind::Error::Spec { .. }), "{e}");
                return Ok(());
            }
        };
        let korus = sc.korus_like();
        let dist = match wb.forecast_scenarios(&sc, "", &korus, "", 200, 7, &|_| {}) {
            Ok(d) => d,
            Err(e) => {
                prop_assert!(!matches!(e, headwind::Error::Request(_)), "{e}");
                return Ok(());
            }
        };
        // What the command line does: render, or refuse with a numerical error (exit 3); never a
        // non-finite number in what it writes.
        for f in [Format::Json, Format::Csv, Format::Table] {
            match dist.render(f) {
                Ok(_) => prop_assert_eq!(headwind::report::finite::first_non_finite(&dist), None),
                Err(e) => prop_assert!(matches!(e, headwind::Error::Numerical { .. }), "{e}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// Issue #16: no model spec that parses and validates can make a forecast write a non-finite
    /// number: trade parameters and optional channels anywhere in their accepted ranges either give
    /// a finite result or an error (numerical trouble is exit 3, never a silent null).
    #[test]
    fn a_model_spec_that_validates_never_gives_a_non_finite_result(
        pass_through in 0.0f64..=1.0,
        pass_through_sd in 0.0f64..=1.0,
        diversion in 0.0f64..=1.0,
        prior in 0.0f64..=20.0,
        prior_sd in 0.0f64..=20.0,
        first_lag in 0.0f64..=1.0,
        channel in 0.0f64..=1.0,
        on in any::<bool>(),
    ) {
        use headwind::report::{Format, Render};
        let (_, base) = headwind::models::resolve("model", None).unwrap();
        let text = base
            .replace("pass_through = 0.9", &format!("pass_through = {pass_through}"))
            .replace("pass_through_sd = 0.1", &format!("pass_through_sd = {pass_through_sd}"))
            .replace("diversion = 0.1\n", &format!("diversion = {diversion}\n"))
            .replace("prior_elasticity = 0.76", &format!("prior_elasticity = {prior}"))
            .replace("prior_sd = 0.5", &format!("prior_sd = {prior_sd}"))
            .replace("lag_profile = [0.4, 0.3, 0.2, 0.1]", &format!("lag_profile = [{first_lag}, {}]", 1.0 - first_lag))
            .replace("value = 0.27", &format!("value = {channel}"))
            .replace("enabled = false", if on { "enabled = true" } else { "enabled = false" });
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("model.toml"), &text).unwrap();
        let wb = match headwind::workbench::Workbench::load_at(
            &headwind::data::DataSource::Embedded,
            Some(dir.path()),
            None,
            None,
        ) {
            Ok(w) => w,
            Err(e) => {
                prop_assert!(!matches!(e, headwind::Error::Request(_)), "{e}");
                return Ok(());
            }
        };
        let req = headwind::workbench::ForecastRequest { paths: 200, ..Default::default() };
        match wb.forecast(&req, &|_| {}) {
            Ok(dist) => {
                for f in [Format::Json, Format::Csv, Format::Table] {
                    match dist.render(f) {
                        Ok(_) => prop_assert_eq!(headwind::report::finite::first_non_finite(&dist), None),
                        Err(e) => prop_assert!(matches!(e, headwind::Error::Numerical { .. }), "{e}"),
                    }
                }
            }
            Err(e) => prop_assert!(!matches!(e, headwind::Error::Request(_)), "{e}"),
        }
    }
}
