//! Error paths and algebraic properties of the IO core, on the real table and on small tables whose
//! answers are derived by hand in the comments.

mod common;

use common::balanced_table as table;
use headwind::data::{DataSource, Dataset};
use headwind::input_output::Leontief;
use headwind::Error;
use ndarray::{array, Array2};

#[test]
fn two_sector_leontief_inverse_matches_hand_derivation() {
    // A = [[0.2, 0.3], [0.4, 0.1]]; I - A = [[0.8, -0.3], [-0.4, 0.9]], det = 0.72 - 0.12 = 0.6,
    // L = (1/0.6) [[0.9, 0.3], [0.4, 0.8]] = [[1.5, 0.5], [0.6667, 1.3333]]. Output multipliers 2.1667, 1.8333.
    let x = array![100.0, 200.0];
    let z = array![[20.0, 60.0], [40.0, 20.0]];
    let m = Leontief::new(&table(z, x)).unwrap();
    let l = m.leontief_inverse().unwrap();
    let want = array![[1.5, 0.5], [0.4 / 0.6, 0.8 / 0.6]];
    for (a, b) in l.iter().zip(want.iter()) {
        assert!((a - b).abs() < 1e-14, "{a} vs {b}");
    }
    let mult = m.multipliers().unwrap();
    assert!((mult.output[0] - (1.5 + 0.4 / 0.6)).abs() < 1e-14);
    // Value added coefficients v = (1 - 0.6, 1 - 0.4) = (0.4, 0.6); VA multiplier vᵀL column 0 =
    // 0.4*1.5 + 0.6*0.6667 = 1.0 (no imports: all final demand becomes value added).
    assert!((mult.value_added[0] - 1.0).abs() < 1e-14);
    assert!((mult.value_added[1] - 1.0).abs() < 1e-14);
}

#[test]
fn non_productive_table_is_reported_with_the_sector() {
    // Sector s1 uses 1.1 units of domestic inputs per unit of output.
    let x = array![100.0, 100.0];
    let z = array![[10.0, 60.0], [10.0, 50.0]];
    let t = table(z, x);
    let err = match Leontief::new(&t) {
        Err(e) => e,
        Ok(_) => panic!("non-productive table accepted"),
    };
    let msg = err.to_string();
    assert!(matches!(err, Error::Numerical { .. }), "{msg}");
    assert!(
        msg.contains("s1") && msg.contains("non-productive"),
        "{msg}"
    );
}

#[test]
fn productive_columns_but_spectral_radius_above_one_is_reported() {
    // Negative entries let column sums stay below 1 while |A| has Perron root >= 1:
    // A = [[0.5, 0.9], [-0.9, 0.05]] has column sums -0.4 and 0.95 (< 1), but
    // |A| = [[0.5, 0.9], [0.9, 0.05]] has Perron root (0.55 + sqrt(0.2025 + 3.24)) / 2 = 1.203.
    let x = array![100.0, 100.0];
    let z = array![[50.0, 90.0], [-90.0, 5.0]];
    let err = Leontief::new(&table(z, x)).err().expect("must fail");
    assert!(err.to_string().contains("spectral radius"), "{err}");
}

#[test]
fn singular_i_minus_a_is_a_numerical_error() {
    let a = array![[1.0, 2.0], [2.0, 4.0]];
    let err = headwind::linalg::Lu::new(a.view()).err().expect("singular");
    assert!(matches!(err, Error::Numerical { .. }), "{err}");
}

#[test]
fn shock_of_wrong_length_or_with_nan_is_rejected() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let m = Leontief::new(&ds.io).unwrap();
    let short = Array2::zeros((82, 1));
    assert!(m
        .propagate(short.view())
        .unwrap_err()
        .to_string()
        .contains("82 sectors"));
    let mut bad = Array2::zeros((83, 2));
    bad[[30, 1]] = f64::NAN;
    let msg = m.propagate(bad.view()).unwrap_err().to_string();
    assert!(msg.contains("sector 31") && msg.contains("NaN"), "{msg}");
}

#[test]
fn propagation_is_linear_and_zero_shock_gives_zero() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let m = Leontief::new(&ds.io).unwrap();
    let a = Array2::from_shape_fn((83, 1), |(i, _)| ((i * 7919) % 101) as f64 - 50.0);
    let b = Array2::from_shape_fn((83, 1), |(i, _)| ((i * 104729) % 97) as f64);
    let both = &a * 2.5 - &b;
    let pa = m.propagate(a.view()).unwrap();
    let pb = m.propagate(b.view()).unwrap();
    let pab = m.propagate(both.view()).unwrap();
    for i in 0..83 {
        let lin = 2.5 * pa.value_added[[i, 0]] - pb.value_added[[i, 0]];
        assert!((pab.value_added[[i, 0]] - lin).abs() <= 1e-10 * lin.abs().max(1.0));
    }
    let zero = m.propagate(Array2::zeros((83, 3)).view()).unwrap();
    assert!(zero
        .output
        .iter()
        .chain(zero.value_added.iter())
        .all(|v| *v == 0.0));
}

#[test]
fn value_added_plus_import_multiplier_is_one_per_unit_of_final_demand() {
    // Accounting: each unit of final demand for domestic output is paid out as value added or as
    // imported intermediates (vᵀ + mᵀ = 1ᵀ - 1ᵀA_d, so (vᵀ + mᵀ) L = 1ᵀ).
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let mult = Leontief::new(&ds.io).unwrap().multipliers().unwrap();
    for j in 0..83 {
        assert!((mult.value_added[j] + mult.imports[j] - 1.0).abs() < 1e-12);
    }
}

const GROUPS: &str = include_str!("../models/groups.toml");

#[test]
fn aggregation_preserves_totals_and_identities() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let c = headwind::spec::parse_groups("groups.toml", GROUPS, &ds.io.sectors).unwrap();
    let agg = c.aggregate(&ds.io).unwrap();
    assert_eq!(agg.n(), 16);
    agg.check_identities("aggregated").unwrap();
    assert!((agg.gross_output.sum() - ds.io.gross_output.sum()).abs() < 1e-3);
    // The aggregated model against numpy on the same aggregation (tools/reference/
    // io_aggregated_numpy.py): the export VA inducement coefficient is 0.6953, not the 83-sector
    // 0.6652 (aggregation bias: a group's coefficients average sectors with different export
    // shares); output multipliers per group too.
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::fixture("io_aggregated_reference.json")).unwrap(),
    )
    .unwrap();
    let m = Leontief::new(&agg).unwrap();
    let ind = m.inducement().unwrap();
    let k = agg.fd_index("exports").unwrap();
    let w = want["export_va_inducement"].as_f64().unwrap();
    common::close(
        ind.value_added_coefficient[k],
        w,
        1e-14, // measured 1.1e-16
        1.0,
        "export VA inducement",
    );
    let mult = m.multipliers().unwrap();
    for (a, b) in mult
        .output
        .iter()
        .zip(want["output_multiplier"].as_array().unwrap())
    {
        let b = b.as_f64().unwrap();
        common::close(*a, b, 1e-14, 1.0, "output multiplier"); // measured 3.5e-16
    }
}

#[test]
fn one_to_one_concordance_reproduces_the_83_sector_model() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let mut toml = String::new();
    for s in &ds.io.sectors {
        toml.push_str(&format!(
            "[[group]]\ncode = \"g{0}\"\nname = \"{0}\"\nsectors = [\"{0}\"]\n",
            s.code
        ));
    }
    let c = headwind::spec::parse_groups("one.toml", &toml, &ds.io.sectors).unwrap();
    let a = Leontief::new(&c.aggregate(&ds.io).unwrap())
        .unwrap()
        .multipliers()
        .unwrap();
    let b = Leontief::new(&ds.io).unwrap().multipliers().unwrap();
    for j in 0..83 {
        assert!((a.output[j] - b.output[j]).abs() < 1e-12);
    }
}

#[test]
fn concordance_errors_name_the_problem() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let s = &ds.io.sectors;
    let unknown = GROUPS.replace("\"83\"]", "\"83\", \"99\"]");
    let e = headwind::spec::parse_groups("g.toml", &unknown, s)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown sector `99`") && e.contains("g.toml"),
        "{e}"
    );
    let dup = GROUPS.replace("sectors = [\"31\"]", "sectors = [\"31\", \"40\"]");
    let e = headwind::spec::parse_groups("g.toml", &dup, s)
        .unwrap_err()
        .to_string();
    assert!(e.contains("sector `40`") && e.contains("again"), "{e}");
    let missing = GROUPS.replace("sectors = [\"41\", \"42\"]", "sectors = [\"41\"]");
    let e = headwind::spec::parse_groups("g.toml", &missing, s)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no group: 42"), "{e}");
    let typo = GROUPS.replacen("sectors =", "sector =", 1);
    let e = headwind::spec::parse_groups("g.toml", &typo, s)
        .unwrap_err()
        .to_string();
    assert!(e.contains("g.toml:") && e.contains("sector"), "{e}");
}

#[test]
fn type_ii_multipliers_exceed_type_i() {
    // Closing the model for households adds induced consumption, so Type II >= Type I everywhere.
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let m = Leontief::new(&ds.io).unwrap();
    let t1 = m.multipliers().unwrap();
    let t2 = m.type_ii().unwrap();
    for j in 0..83 {
        assert!(t2.output[j] > t1.output[j], "sector {j}");
        assert!(t2.income[j] > 0.0);
    }
}

#[cfg(feature = "lapack")]
#[test]
fn lapack_and_faer_backends_agree_to_1e_10() {
    use headwind::linalg::{faer_impl, Lu};
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let m = Leontief::new(&ds.io).unwrap();
    let i_minus_a = Array2::<f64>::eye(83) - &m.domestic_coefficients;
    let lapack = Lu::new(i_minus_a.view()).unwrap();
    let (faer, _) = faer_impl::Factor::new(&i_minus_a.view()).unwrap();
    let rhs = ds.io.fd_domestic.clone();
    let a = lapack.solve(rhs.view()).unwrap();
    let b = faer.solve(&rhs.view());
    for (x, y) in a.iter().zip(b.iter()) {
        assert!((x - y).abs() <= 1e-10 * y.abs().max(1.0), "{x} vs {y}");
    }
    let (ia, ib) = (lapack.inverse().unwrap(), faer.inverse());
    for (x, y) in ia.iter().zip(ib.iter()) {
        assert!((x - y).abs() <= 1e-10 * y.abs().max(1e-3));
    }
    let ta = lapack.solve_transpose(rhs.view()).unwrap();
    let tb = faer.solve_transpose(&rhs.view());
    for (x, y) in ta.iter().zip(tb.iter()) {
        assert!((x - y).abs() <= 1e-10 * y.abs().max(1.0));
    }
    let x = Array2::from_shape_fn((40, 3), |(i, j)| {
        ((i * 31 + j * 17) % 13) as f64 + if i == j { 5.0 } else { 0.0 }
    });
    let y = ndarray::Array1::from_shape_fn(40, |i| (i as f64).sin());
    let (ba, bb) = (
        headwind::linalg::lstsq(x.view(), y.view()).unwrap(),
        faer_impl::lstsq(&x.view(), &y.view()),
    );
    for (p, q) in ba.iter().zip(bb.iter()) {
        assert!((p - q).abs() <= 1e-10 * q.abs().max(1.0));
    }
}

/// The LU solves, transpose solves and inverse agree for every memory layout the backends meet
/// (C order, Fortran order, a strided view), checked against a hand-computed 3 x 3 case:
/// A = [[2, 1, 0], [1, 3, 1], [0, 1, 4]], det A = 18, A⁻¹ = adj(A) / 18.
#[test]
fn lu_results_do_not_depend_on_the_memory_layout() {
    use headwind::linalg::Lu;
    use ndarray::{s, ShapeBuilder};
    let a = array![[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]];
    let inv = array![[11.0, -4.0, 1.0], [-4.0, 8.0, -2.0], [1.0, -2.0, 5.0]] / 18.0;
    // A non-symmetric matrix to tell A from Aᵀ: B = A + e₁e₃ᵀ (so B[0][2] = 1).
    let mut b = a.clone();
    b[[0, 2]] = 1.0;
    let mut fortran = Array2::zeros((3, 3).f());
    fortran.assign(&b);
    let mut wide = Array2::zeros((3, 6));
    wide.slice_mut(s![.., ..;2]).assign(&b);
    let rhs = array![[1.0, 0.0], [2.0, 1.0], [3.0, -1.0]];
    let lu_a = Lu::new(a.view()).unwrap();
    let ia = lu_a.inverse().unwrap();
    assert!(
        ia.iter().zip(&inv).all(|(x, y)| (x - y).abs() < 1e-14),
        "{ia}"
    );
    for (name, m) in [
        ("C order", b.view()),
        ("Fortran order", fortran.view()),
        ("strided", wide.slice(s![.., ..;2])),
    ] {
        let lu = Lu::new(m).unwrap();
        let x = lu.solve(rhs.view()).unwrap();
        let r = b.dot(&x) - &rhs;
        assert!(r.iter().all(|v| v.abs() < 1e-13), "{name}: A x - b = {r}");
        let xt = lu.solve_transpose(rhs.view()).unwrap();
        let rt = b.t().dot(&xt) - &rhs;
        assert!(
            rt.iter().all(|v| v.abs() < 1e-13),
            "{name}: Aᵀ x - b = {rt}"
        );
        let i = lu.inverse().unwrap();
        let e = b.dot(&i) - Array2::<f64>::eye(3);
        assert!(e.iter().all(|v| v.abs() < 1e-13), "{name}: A A⁻¹ - I = {e}");
    }
}

#[test]
fn implausible_value_added_and_a_non_productive_type_ii_closure_are_errors() {
    // Value added 1e-5 of output in sector s1: Z column sums to x(1 - 1e-5).
    let x = array![100.0, 200.0];
    let z = array![[20.0, 60.0], [30.0, 200.0 * (1.0 - 1e-5) - 60.0]];
    let e = table(z, x.clone())
        .check_identities("t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("value added") && e.contains("s1"), "{e}");
    // Type II with private consumption four times the compensation of employees (the difference
    // taken off inventories, so the rows still balance): households spend more than they earn and
    // the closed system's inverse turns negative.
    let z = array![[20.0, 10.0], [30.0, 20.0]];
    let mut t = table(z, x);
    for j in 0..2 {
        let c = t.fd_domestic[[j, 0]];
        t.fd_domestic[[j, 0]] = 4.0 * c;
        t.fd_domestic[[j, 4]] = -3.0 * c;
    }
    t.check_identities("t.csv").unwrap();
    let e = Leontief::new(&t)
        .unwrap()
        .type_ii()
        .expect_err("non-productive closure accepted");
    assert!(matches!(e, Error::Numerical { .. }), "{e}");
    assert!(e.to_string().contains("not productive"), "{e}");
}
