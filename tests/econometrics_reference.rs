//! OLS against statsmodels (tests/fixtures/statsmodels_ols.json, made by
//! tools/reference/ols_statsmodels.py) on Longley, stackloss, US macrodata and headwind's own Korea GDP data:
//! coefficients, standard errors of every covariance type, t, p, intervals, R², F, llf, AIC/BIC and
//! diagnostics, each to a relative tolerance set from its measured error (see `Tol`).

mod common;

use std::collections::HashMap;

use headwind::econometrics::{CovType, Ols, OlsFit};
use ndarray::{Array1, Array2};

#[derive(serde::Deserialize)]
struct Fixture {
    hac_lags: usize,
    ljung_box_lags: usize,
    datasets: HashMap<String, Dataset>,
}

#[derive(serde::Deserialize)]
struct Dataset {
    y: Vec<f64>,
    #[serde(rename = "X")]
    x: Vec<Vec<f64>>,
    names: Vec<String>,
    fits: HashMap<String, CovFit>,
    model: Model,
}

#[derive(serde::Deserialize)]
struct CovFit {
    params: Vec<f64>,
    bse: Vec<f64>,
    tvalues: Vec<f64>,
    pvalues: Vec<f64>,
    conf_int: Vec<Vec<f64>>,
    use_t: bool,
    fvalue: f64,
    f_pvalue: f64,
}

#[derive(serde::Deserialize)]
struct Model {
    nobs: usize,
    rsquared: f64,
    rsquared_adj: f64,
    llf: f64,
    aic: f64,
    bic: f64,
    ssr: f64,
    durbin_watson: f64,
    jarque_bera: f64,
    jarque_bera_p: f64,
    ljung_box: f64,
    ljung_box_p: f64,
    condition_number: f64,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/statsmodels_ols.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `what` starts with the dataset's name, which keys the measured error (datasets have their own `Tol`).
#[track_caller]
fn close(a: f64, b: f64, rtol: f64, what: &str) {
    let tol = rtol * b.abs().max(1e-12);
    common::log_tolerance_tagged(what.split(' ').next().unwrap_or(""), (a - b).abs(), tol);
    assert!(
        common::measuring() || (a - b).abs() <= tol,
        "{what}: headwind {a:.15e} vs statsmodels {b:.15e}"
    );
}

/// Interval bounds are estimate ± 1.96 s.e.: their error scales with |estimate| + 2 s.e., not with the
/// bound itself (which can be near zero through cancellation).
#[track_caller]
fn close_bound(a: f64, b: f64, est: f64, se: f64, rtol: f64, what: &str) {
    let tol = rtol * (est.abs() + 2.0 * se.abs());
    common::log_tolerance_tagged(what.split(' ').next().unwrap_or(""), (a - b).abs(), tol);
    assert!(
        common::measuring() || (a - b).abs() <= tol,
        "{what}: headwind {a:.15e} vs statsmodels {b:.15e}"
    );
}

fn fit(d: &Dataset, cov: CovType) -> OlsFit {
    let y = Array1::from(d.y.clone());
    let x = Array2::from_shape_fn((d.x.len(), d.x[0].len()), |(i, j)| d.x[i][j]);
    Ols::new(cov)
        .fit("y", y.view(), x.view(), &d.names)
        .unwrap()
}

/// Relative tolerances per reported statistic (of |statsmodels' value|, floored at 1e-12; interval
/// bounds of |estimate| + 2 s.e.), each the smallest of 1, 2, 5 x 10^k at or above three times the
/// largest error measured on both backends (`HEADWIND_TOLERANCE_LOG`, tools/tolerance_report.py),
/// floored at 1e-14 (rounding-level agreement, which the faer and LAPACK backends reach differently). The
/// LAPACK runs cover OpenBLAS's kernels for Haswell, SkylakeX, Zen, Sandybridge, Nehalem and Prescott
/// (`OPENBLAS_CORETYPE`): on ill-conditioned Longley they round differently (SkylakeX's widest).
/// Measured largest relative errors in the comments: well-conditioned data / Longley.
struct Tol {
    estimate: f64,
    se: f64,
    t: f64,
    p: f64,
    ci: f64,
    f: f64,
    f_p: f64,
    r2: f64,
    adj_r2: f64,
    ssr: f64,
    llf: f64,
    aic: f64,
    bic: f64,
    dw: f64,
    jb: f64,
    jb_p: f64,
    lb: f64,
    lb_p: f64,
    cond: f64,
}

/// Stackloss, US macrodata and the Korea GDP data (condition numbers up to 1e4).
const WELL: Tol = Tol {
    estimate: 1e-13, // 3.1e-14
    se: 5e-13,       // 1.7e-13
    t: 5e-13,        // 1.6e-13
    p: 5e-10,        // 8.2e-11: a p-value amplifies a relative error in t by about t²
    ci: 1e-12,       // 1.9e-13
    f: 5e-13,        // 8.0e-14
    f_p: 2e-12,      // 6.1e-13
    r2: 1e-14,       // 3.0e-15
    adj_r2: 1e-14,   // 3.3e-15
    ssr: 1e-14,      // 7.9e-16
    llf: 1e-14,      // 1.9e-16
    aic: 1e-14,      // 1.9e-16
    bic: 1e-14,      // 2.2e-16
    dw: 1e-14,       // 1.8e-15
    jb: 5e-13,       // 8.2e-14
    jb_p: 5e-13,     // 8.9e-14
    lb: 1e-14,       // 2.0e-15
    lb_p: 2e-14,     // 3.8e-15
    cond: 1e-14,     // 1.3e-15
};

/// Longley is ill-conditioned (condition number 4.9e9): HC standard errors and the robust Wald F (which
/// inverts the ill-conditioned slope covariance) differ most (statsmodels forms the sandwich from
/// pinv(X), headwind from R⁻¹ of the QR; both within what the conditioning allows).
const LONGLEY: Tol = Tol {
    estimate: 5e-11, // 1.1e-11
    se: 2e-07,       // 4.6e-08
    t: 2e-07,        // 4.6e-08
    p: 5e-06,        // 8.0e-07
    ci: 1e-07,       // 2.2e-08
    f: 2e-06,        // 6.1e-07
    f_p: 1e-05,      // 2.7e-06
    r2: 5e-14,       // 1.4e-14
    adj_r2: 1e-13,   // 2.4e-14
    ssr: 1e-11,      // 3.1e-12
    llf: 1e-12,      // 2.3e-13
    aic: 1e-12,      // 2.1e-13
    bic: 1e-12,      // 2.1e-13
    dw: 5e-12,       // 6.8e-13
    jb: 1e-10,       // 2.7e-11
    jb_p: 5e-11,     // 9.2e-12
    lb: 1e-11,       // 3.2e-12
    lb_p: 5e-11,     // 9.2e-12
    cond: 1e-13,     // 3.1e-14
};

#[test]
fn ols_matches_statsmodels_for_every_covariance_type_on_three_datasets() {
    let fx = fixture();
    assert_eq!(fx.ljung_box_lags, headwind::econometrics::LJUNG_BOX_LAGS);
    for (name, d) in &fx.datasets {
        let tol = if name == "longley" { &LONGLEY } else { &WELL };
        for (key, cov) in [
            ("nonrobust", CovType::Classical),
            ("HC0", CovType::Hc0),
            ("HC1", CovType::Hc1),
            ("HC2", CovType::Hc2),
            ("HC3", CovType::Hc3),
            (
                "HAC",
                CovType::Hac {
                    lags: Some(fx.hac_lags),
                },
            ),
        ] {
            let r = &d.fits[key];
            let f = fit(d, cov);
            assert_eq!(cov.uses_t(), r.use_t, "{name} {key}: t vs normal inference");
            for (j, c) in f.coefficients.iter().enumerate() {
                let what = format!("{name} {key} {}", c.name);
                close(
                    c.estimate,
                    r.params[j],
                    tol.estimate,
                    &format!("{what} estimate"),
                );
                close(c.std_error, r.bse[j], tol.se, &format!("{what} std error"));
                close(c.t, r.tvalues[j], tol.t, &format!("{what} t"));
                close(c.p_value, r.pvalues[j], tol.p, &format!("{what} p"));
                close_bound(
                    c.ci_low,
                    r.conf_int[j][0],
                    r.params[j],
                    r.bse[j],
                    tol.ci,
                    &format!("{what} ci low"),
                );
                close_bound(
                    c.ci_high,
                    r.conf_int[j][1],
                    r.params[j],
                    r.bse[j],
                    tol.ci,
                    &format!("{what} ci high"),
                );
            }
            close(f.f_stat, r.fvalue, tol.f, &format!("{name} {key} F"));
            close(
                f.f_p_value,
                r.f_pvalue,
                tol.f_p,
                &format!("{name} {key} F p-value"),
            );
            let m = &d.model;
            assert_eq!(f.nobs, m.nobs);
            close(f.r_squared, m.rsquared, tol.r2, &format!("{name} R2"));
            close(
                f.adj_r_squared,
                m.rsquared_adj,
                tol.adj_r2,
                &format!("{name} adj R2"),
            );
            close(f.ssr, m.ssr, tol.ssr, &format!("{name} SSR"));
            close(f.log_likelihood, m.llf, tol.llf, &format!("{name} llf"));
            close(f.aic, m.aic, tol.aic, &format!("{name} AIC"));
            close(f.bic, m.bic, tol.bic, &format!("{name} BIC"));
            close(
                f.durbin_watson.statistic,
                m.durbin_watson,
                tol.dw,
                &format!("{name} DW"),
            );
            close(
                f.jarque_bera.statistic,
                m.jarque_bera,
                tol.jb,
                &format!("{name} JB"),
            );
            close(
                f.jarque_bera.p_value.unwrap(),
                m.jarque_bera_p,
                tol.jb_p,
                &format!("{name} JB p"),
            );
            close(
                f.ljung_box.statistic,
                m.ljung_box,
                tol.lb,
                &format!("{name} LB"),
            );
            close(
                f.ljung_box.p_value.unwrap(),
                m.ljung_box_p,
                tol.lb_p,
                &format!("{name} LB p"),
            );
            close(
                f.condition_number,
                m.condition_number,
                tol.cond,
                &format!("{name} condition number"),
            );
        }
    }
}

#[test]
fn the_automatic_hac_lag_is_the_newey_west_rule_and_feeds_the_covariance() {
    use headwind::econometrics::newey_west_auto_lags;
    // floor(4 (n/100)^(2/9)) by hand: n = 50: 4·0.8572 = 3.43 → 3; 100 → 4; 175: 4·1.1325 = 4.53 → 4;
    // 500: 4·1.4307 = 5.72 → 5; 1000: 4·1.6681 = 6.67 → 6.
    for (n, want) in [(50, 3), (100, 4), (175, 4), (500, 5), (1000, 6)] {
        assert_eq!(newey_west_auto_lags(n), want, "n = {n}");
    }
    // `hac` without a lag uses the rule: the same covariance as `hac:L` with L from the rule, and a
    // different one from a neighbouring lag (so the rule is what decides).
    let fx = fixture();
    for (name, d) in &fx.datasets {
        let n = d.y.len();
        let auto = fit(d, CovType::Hac { lags: None });
        let rule = fit(
            d,
            CovType::Hac {
                lags: Some(newey_west_auto_lags(n)),
            },
        );
        let other = fit(
            d,
            CovType::Hac {
                lags: Some(newey_west_auto_lags(n) + 2),
            },
        );
        for ((a, b), c) in auto
            .coefficients
            .iter()
            .zip(&rule.coefficients)
            .zip(&other.coefficients)
        {
            assert_eq!(a.std_error, b.std_error, "{name} {}", a.name);
            assert_ne!(a.std_error, c.std_error, "{name} {}", a.name);
        }
    }
}
