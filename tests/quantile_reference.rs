//! Quantile regression against statsmodels' QuantReg (tests/fixtures/statsmodels_quantreg.json, made by
//! tools/reference/quantreg_statsmodels.py) on Engel's data and on Korea GDP growth; and non-crossing
//! predicted quantiles.

mod common;

use std::collections::HashMap;

use headwind::econometrics::{quantreg, rearranged_quantiles};
use ndarray::{Array1, Array2};

#[derive(serde::Deserialize)]
struct Fixture {
    datasets: HashMap<String, Data>,
}

#[derive(serde::Deserialize)]
struct Data {
    y: Vec<f64>,
    #[serde(rename = "X")]
    x: Vec<Vec<f64>>,
    names: Vec<String>,
    fits: HashMap<String, Fit>,
}

#[derive(serde::Deserialize)]
struct Fit {
    params: Vec<f64>,
    bse: Vec<f64>,
    pvalues: Vec<f64>,
    iterations: usize,
    bandwidth: f64,
    sparsity: f64,
}

#[track_caller]
fn close(a: f64, b: f64, rtol: f64, what: &str) {
    common::log_tolerance((a - b).abs(), rtol * b.abs().max(1e-3));
    assert!(
        common::measuring() || (a - b).abs() <= rtol * b.abs().max(1e-3),
        "{what}: {a:.12e} vs statsmodels {b:.12e}"
    );
}

fn load() -> Fixture {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/statsmodels_quantreg.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn quantile_regression_matches_statsmodels_quantreg() {
    // Same algorithm and stopping rule as statsmodels (IRLS, change <= 1e-6), so the iterates agree far
    // closer than the stopping rule: estimates to 6e-9 relative, standard errors and sparsity 1e-8,
    // p-values 2e-7 (measured on both backends; each tolerance three times that, rounded up to 1, 2 or
    // 5 x 10^k, with the measured error in a comment).
    for (name, d) in load().datasets {
        let y = Array1::from(d.y.clone());
        let x = Array2::from_shape_fn((d.x.len(), d.x[0].len()), |(i, j)| d.x[i][j]);
        for (q, want) in &d.fits {
            let f = quantreg(y.view(), x.view(), &d.names, q.parse().unwrap()).unwrap();
            let what = format!("{name} q={q}");
            // IRLS creeps near the solution at extreme quantiles, so the iteration counts differ a little
            // (QR vs pinv steps); both stop on the same rule.
            assert!(
                f.iterations.abs_diff(want.iterations) <= want.iterations / 10 + 2,
                "{what} iterations {} vs {}",
                f.iterations,
                want.iterations
            );
            close(
                f.bandwidth,
                want.bandwidth,
                2e-9, // measured 3.5e-10
                &format!("{what} bandwidth"),
            );
            close(f.sparsity, want.sparsity, 5e-8, &format!("{what} sparsity")); // measured 1.2e-08
            for (j, c) in f.coefficients.iter().enumerate() {
                close(
                    c.estimate,
                    want.params[j],
                    2e-8, // measured 6.4e-09
                    &format!("{what} {} estimate", c.name),
                );
                close(
                    c.std_error,
                    want.bse[j],
                    5e-8, // measured 1.2e-08
                    &format!("{what} {} s.e.", c.name),
                );
                close(
                    c.p_value,
                    want.pvalues[j],
                    1e-6, // measured 2.0e-07
                    &format!("{what} {} p", c.name),
                );
            }
        }
    }
}

#[test]
fn rearranged_quantiles_never_cross() {
    let fx = load();
    let d = &fx.datasets["korea_gdp"];
    let y = Array1::from(d.y.clone());
    let x = Array2::from_shape_fn((d.x.len(), d.x[0].len()), |(i, j)| d.x[i][j]);
    let fits: Vec<_> = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
        .iter()
        .map(|q| quantreg(y.view(), x.view(), &d.names, *q).unwrap())
        .collect();
    // Extreme conditioning values (a deep recession and a boom) where raw quantile lines may cross.
    for xs in [[1.0, -7.0, -8.0], [1.0, 0.5, 0.6], [1.0, 6.0, 8.0]] {
        let v = rearranged_quantiles(&fits, &xs);
        assert!(v.windows(2).all(|w| w[0] <= w[1]), "{v:?}");
    }
    assert!(quantreg(y.view(), x.view(), &d.names, 1.0).is_err());
}

#[derive(serde::Deserialize)]
struct NonConvergence {
    cases: HashMap<String, Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    y: Vec<f64>,
    #[serde(rename = "X")]
    x: Vec<Vec<f64>>,
    q: f64,
    statsmodels_converged: bool,
    iterations: usize,
    params: Vec<f64>,
}

/// Heavy-tailed data on which statsmodels' IRLS hits its 1,000-iteration limit
/// (tools/reference/quantreg_nonconvergence.py): headwind must report an error naming the failure,
/// not return the last iterate; on the converging control set drawn the same way it must agree.
#[test]
fn quantile_regression_reports_non_convergence_where_statsmodels_does_not_converge() {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/statsmodels_quantreg_nonconvergence.json"
    );
    let f: NonConvergence = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let names = ["const", "x"].map(String::from);
    for (key, c) in &f.cases {
        let y = Array1::from(c.y.clone());
        let x = Array2::from_shape_fn((c.x.len(), 2), |(i, j)| c.x[i][j]);
        let r = quantreg(y.view(), x.view(), &names, c.q);
        if c.statsmodels_converged {
            let fit = r.unwrap_or_else(|e| panic!("{key}: {e}"));
            assert_eq!(fit.iterations, c.iterations, "{key}: iterations");
            for (k, b) in c.params.iter().enumerate() {
                close(
                    fit.coefficients[k].estimate,
                    *b,
                    5e-13, // measured 8.5e-14
                    &format!("{key} param {k}"),
                );
            }
        } else {
            match r {
                Err(headwind::Error::Numerical { message: msg, .. }) => assert!(
                    msg.contains("did not converge") && msg.contains("1000 iterations"),
                    "{key}: {msg}"
                ),
                other => panic!("{key}: expected a non-convergence error, got {other:?}"),
            }
        }
    }
    assert_eq!(
        f.cases.len(),
        2,
        "one converging and one non-converging case"
    );
}
