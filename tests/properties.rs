//! Property tests (proptest) on the numerical core.

use headwind::data::{IoTable, Sector};
use headwind::econometrics::{quantreg, rearranged_quantiles, CovType, Ols};
use headwind::forecast::quantile_sorted;
use headwind::io::Leontief;
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
    let mut va = Array2::zeros((4, n));
    let mut fd = Array2::zeros((n, 7));
    for j in 0..n {
        va[[0, j]] = x[j] - z.column(j).sum();
    }
    for i in 0..n {
        fd[[i, 6]] = x[i] - z.row(i).sum();
    }
    IoTable {
        sectors: (0..n)
            .map(|i| Sector {
                code: format!("{i}"),
                label: format!("s{i}"),
                name_en: String::new(),
                name_ko: String::new(),
            })
            .collect(),
        z_domestic: z,
        z_imported: Array2::zeros((n, n)),
        fd_domestic: fd,
        fd_imported: Array2::zeros((n, 7)),
        value_added: va,
        gross_output: Array1::from(x.to_vec()),
        fd_names: [
            "private_consumption",
            "government_consumption",
            "private_gfcf",
            "government_gfcf",
            "inventories",
            "valuables",
            "exports",
        ]
        .map(String::from)
        .to_vec(),
    }
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
    }
}
