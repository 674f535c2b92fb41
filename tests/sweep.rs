//! Sweeps against independent references: Saltelli's sample and the Sobol estimators against
//! SALib (tools/reference/sobol_salib.py) on the Ishigami function and on a headwind design, the
//! Ishigami indices against their analytic values; shards from every job-array engine's
//! environment merged byte for byte into the unsharded table; merge and spec errors.

mod common;

use assert_cmd::Command;
use headwind::sweep::{parse_sweep, saltelli, sobol::ishigami, sobol_indices};

#[derive(serde::Deserialize)]
struct Salib {
    ishigami: Ishigami,
    headwind_example: Example,
}

#[derive(serde::Deserialize)]
struct Ishigami {
    n: usize,
    x: Vec<Vec<f64>>,
    y: Vec<f64>,
    #[serde(rename = "S1")]
    s1: Vec<f64>,
    #[serde(rename = "S1_conf")]
    s1_conf: Vec<f64>,
    #[serde(rename = "ST")]
    st: Vec<f64>,
    #[serde(rename = "ST_conf")]
    st_conf: Vec<f64>,
    #[serde(rename = "S1_analytic")]
    s1_analytic: Vec<f64>,
    #[serde(rename = "ST_analytic")]
    st_analytic: Vec<f64>,
}

#[derive(serde::Deserialize)]
struct Example {
    y: Vec<f64>,
    #[serde(rename = "S1")]
    s1: Vec<f64>,
    #[serde(rename = "ST")]
    st: Vec<f64>,
    #[serde(rename = "S1_conf")]
    s1_conf: Vec<f64>,
    salib_sample_uniform_columns: std::collections::BTreeMap<String, Vec<f64>>,
}

fn salib() -> Salib {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sobol_salib.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

fn names(k: usize) -> Vec<String> {
    (1..=k).map(|i| format!("x{i}")).collect()
}

#[test]
fn saltelli_sample_is_salib_s() {
    let r = salib().ishigami;
    let u = saltelli(r.n, 3).unwrap();
    assert_eq!(u.len(), r.x.len());
    let pi = std::f64::consts::PI;
    for (i, (mine, theirs)) in u.iter().zip(&r.x).enumerate() {
        for j in 0..3 {
            let x = -pi + 2.0 * pi * mine[j];
            // Measured: exact on both backends (SALib scales the same way).
            common::close(x, theirs[j], 1e-14, 1.0, &format!("row {i} col {j}"));
        }
    }
}

#[test]
fn sobol_estimators_are_salib_s_on_ishigami() {
    let r = salib().ishigami;
    // The function, evaluated here, gives SALib's values.
    for (x, y) in r.x.iter().zip(&r.y) {
        common::close(ishigami(x), *y, 1e-14, 1.0, "ishigami"); // measured 1.8e-15
    }
    let s = sobol_indices("ishigami", &r.y, &names(3), 1000, 1).unwrap();
    for (i, ix) in s.indices.iter().enumerate() {
        // The same formulas on the same values: measured differences below 1e-15.
        common::close(ix.first_order, r.s1[i], 1e-14, 1.0, &format!("S1 {i}")); // measured 3.9e-16
        common::close(ix.total_order, r.st[i], 1e-14, 1.0, &format!("ST {i}")); // measured 2.8e-16

        // The bootstrap draws differ (another generator): the half-widths agree within 20%.
        assert!(
            (ix.first_order_conf / r.s1_conf[i] - 1.0).abs() < 0.2,
            "S1 conf {i}: {} vs {}",
            ix.first_order_conf,
            r.s1_conf[i]
        );
        assert!(
            (ix.total_order_conf / r.st_conf[i] - 1.0).abs() < 0.2,
            "ST conf {i}: {} vs {}",
            ix.total_order_conf,
            r.st_conf[i]
        );
    }
}

#[test]
fn ishigami_indices_converge_to_the_analytic_values() {
    let r = salib().ishigami;
    let n = 8192;
    let pi = std::f64::consts::PI;
    let y: Vec<f64> = saltelli(n, 3)
        .unwrap()
        .iter()
        .map(|u| ishigami(&u.iter().map(|v| -pi + 2.0 * pi * v).collect::<Vec<_>>()))
        .collect();
    let s = sobol_indices("ishigami", &y, &names(3), 300, 2).unwrap();
    for (i, ix) in s.indices.iter().enumerate() {
        // Within the 95% bootstrap interval's half-width plus the analytic values' rounding.
        assert!(
            (ix.first_order - r.s1_analytic[i]).abs() < ix.first_order_conf + 1e-4,
            "S1 {i}: {} vs {}",
            ix.first_order,
            r.s1_analytic[i]
        );
        assert!(
            (ix.total_order - r.st_analytic[i]).abs() < ix.total_order_conf + 1e-4,
            "ST {i}: {} vs {}",
            ix.total_order,
            r.st_analytic[i]
        );
        assert!(
            ix.first_order_conf < 0.05,
            "N = 8192 pins them: {}",
            ix.first_order_conf
        );
    }
}

#[test]
fn indices_of_the_headwind_design_are_salib_s_and_its_layout_is_salib_s() {
    let r = salib().headwind_example;
    let names: Vec<String> = ["reciprocal_rate", "elasticity", "pass_through", "diversion"]
        .map(String::from)
        .to_vec();
    let s = sobol_indices("gdp_level_effect_pct", &r.y, &names, 1000, 1).unwrap();
    for (i, ix) in s.indices.iter().enumerate() {
        common::close(ix.first_order, r.s1[i], 1e-14, 1.0, &format!("S1 {i}")); // measured 2.2e-16
        common::close(ix.total_order, r.st[i], 1e-14, 1.0, &format!("ST {i}")); // measured 3.3e-16
        assert!((ix.first_order_conf / r.s1_conf[i] - 1.0).abs() < 0.2);
    }
    // The example's uniform inputs sit where SALib's sample puts them.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/sweeps/example.toml"
    ))
    .unwrap();
    let sweep = parse_sweep("example.toml", &text).unwrap();
    for (j, name) in [
        (0usize, "reciprocal_rate"),
        (2, "pass_through"),
        (3, "diversion"),
    ] {
        let theirs = &r.salib_sample_uniform_columns[name];
        assert_eq!(theirs.len(), sweep.points.len());
        for (p, t) in sweep.points.iter().zip(theirs) {
            common::close(p[j], *t, 1e-14, 1.0, name); // exact on both backends
        }
    }
}

const SMALL: &str = r#"
name = "small"
scenario = "reciprocal-25"
vs = "korus"
paths = 60
seed = 5
[design]
kind = "grid"
[[parameter]]
name = "rate"
target = "measure[1].rate_pct"
min = 0
max = 50
steps = 4
[[parameter]]
name = "pass_through"
target = "overrides.pass_through"
min = 0.6
max = 1.0
values = [0.6, 1.0]
"#;

fn headwind() -> Command {
    let mut c = Command::cargo_bin("headwind").unwrap();
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_MAX",
        "AWS_BATCH_JOB_ARRAY_INDEX",
        "AWS_BATCH_JOB_ARRAY_SIZE",
        "JOB_COMPLETION_INDEX",
    ] {
        c.env_remove(v);
    }
    c.arg("--quiet");
    c
}

#[test]
fn shards_from_every_engine_merge_into_the_unsharded_table_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("small.toml");
    std::fs::write(&spec, SMALL).unwrap();
    let whole = dir.path().join("whole.csv");
    headwind()
        .arg("sweep")
        .arg(&spec)
        .arg("--output")
        .arg(&whole)
        .assert()
        .success();
    let text = std::fs::read_to_string(&whole).unwrap();
    assert_eq!(
        text.lines().count(),
        2 + 8,
        "header line, columns, 8 points"
    );
    // Three shards, each from a different engine's environment.
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    let c = dir.path().join("c.csv");
    headwind()
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .arg("sweep")
        .arg(&spec)
        .arg("--output")
        .arg(&a)
        .assert()
        .success();
    headwind()
        .env("AWS_BATCH_JOB_ARRAY_INDEX", "1")
        .env("AWS_BATCH_JOB_ARRAY_SIZE", "3")
        .arg("sweep")
        .arg(&spec)
        .arg("--output")
        .arg(&b)
        .assert()
        .success();
    headwind()
        .env("JOB_COMPLETION_INDEX", "2")
        .arg("sweep")
        .arg(&spec)
        .args(["--shards", "3", "--output"])
        .arg(&c)
        .assert()
        .success();
    for (f, want) in [
        (&a, "# shard 1/3"),
        (&b, "# shard 2/3"),
        (&c, "# shard 3/3"),
    ] {
        assert!(std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .starts_with(want));
    }
    let merged = dir.path().join("merged.csv");
    headwind()
        .arg("merge")
        .arg(&c)
        .arg(&a)
        .arg(&b)
        .arg("--output")
        .arg(&merged)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(&whole).unwrap()
    );
    // --shard overrides the environment.
    let d = dir.path().join("d.csv");
    headwind()
        .env("SLURM_ARRAY_TASK_ID", "3")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .arg("sweep")
        .arg(&spec)
        .args(["--shard", "1/3", "--output"])
        .arg(&d)
        .assert()
        .success();
    assert_eq!(std::fs::read(&d).unwrap(), std::fs::read(&a).unwrap());

    // A missing shard, a duplicate, a different spec: refused, nothing written.
    let out = dir.path().join("bad.csv");
    headwind()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("points are missing"));
    headwind()
        .arg("merge")
        .arg(&a)
        .arg(&a)
        .arg(&b)
        .arg(&c)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("is in both"));
    let other = dir.path().join("other.toml");
    std::fs::write(&other, SMALL.replace("seed = 5", "seed = 6")).unwrap();
    let e = dir.path().join("e.csv");
    headwind()
        .arg("sweep")
        .arg(&other)
        .args(["--shard", "3/3", "--output"])
        .arg(&e)
        .assert()
        .success();
    headwind()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg(&e)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a different sweep"));
    assert!(!out.exists());
}

#[test]
fn common_random_numbers_make_the_effect_monotone_in_the_rate() {
    let wb = headwind::workbench::Workbench::embedded().unwrap();
    let sweep = parse_sweep("small.toml", SMALL).unwrap();
    let t = wb.sweep(&sweep, None, &|_| {}).unwrap();
    let effect = t.column("gdp_level_effect_pct").unwrap();
    let rate = t.column("rate").unwrap();
    let pt = t.column("pass_through").unwrap();
    // Same draws at every point: at a given pass-through a higher rate never lowers the loss.
    for p in [0.6, 1.0] {
        let mut v: Vec<(f64, f64)> = rate
            .iter()
            .zip(&effect)
            .zip(&pt)
            .filter(|(_, x)| **x == p)
            .map(|((r, e), _)| (*r, *e))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in v.windows(2) {
            assert!(w[1].1 <= w[0].1 + 1e-12, "{w:?}");
        }
    }
    // The rate-0 points differ from KORUS only by the Section 232 measures, which stay.
    assert!(effect.iter().all(|e| *e < 0.0));
}

#[test]
fn bad_sweep_specs_name_the_key() {
    for (text, want) in [
        (
            SMALL.replace("measure[1].rate_pct", "measure[0].rate_pct"),
            "parameter[1].target",
        ),
        (SMALL.replace("max = 50", "max = 900"), "parameter[1].max"),
        (
            SMALL.replace("values = [0.6, 1.0]", "values = [0.6, 1.4]"),
            "parameter[2].values",
        ),
        (SMALL.replace("steps = 4", ""), "parameter[1].steps"),
        (SMALL.replace("paths = 60", "paths = 0"), "paths"),
        (
            SMALL.replace("kind = \"grid\"", "kind = \"lhs\""),
            "design.points",
        ),
        (
            SMALL.replace("name = \"pass_through\"", "name = \"rate\""),
            "parameter[2].name",
        ),
        (
            SMALL.replace("kind = \"grid\"", "kind = \"grid\"\nextra = 1"),
            "unknown field",
        ),
    ] {
        let e = parse_sweep("s.toml", &text).unwrap_err().to_string();
        assert!(e.contains("s.toml") && e.contains(want), "{want}: {e}");
    }
    // A measure the scenario does not have: the error names the parameter at run time.
    let wb = headwind::workbench::Workbench::embedded().unwrap();
    let s = parse_sweep("s.toml", &SMALL.replace("measure[1]", "measure[9]")).unwrap();
    let e = wb.sweep(&s, None, &|_| {}).unwrap_err().to_string();
    assert!(
        e.contains("measure[9].rate_pct") && e.contains("3 measure(s)"),
        "{e}"
    );
}

#[test]
fn the_readme_s_example_indices_are_what_the_shipped_design_gives() {
    // README, "Sweeps": the shipped example's first-order indices and the elasticity's interval.
    let wb = headwind::workbench::Workbench::embedded().unwrap();
    let sweep = wb.sweep_spec("example").unwrap();
    assert_eq!(sweep.points.len(), 384);
    let t = wb.sweep(&sweep, None, &|_| {}).unwrap();
    let r = sobol_indices(
        "gdp_level_effect_pct",
        &t.column("gdp_level_effect_pct").unwrap(),
        &t.parameters,
        1000,
        1,
    )
    .unwrap();
    let s1: Vec<String> = r
        .indices
        .iter()
        .map(|i| format!("{:.2}", i.first_order))
        .collect();
    assert_eq!(s1, ["0.05", "0.72", "0.14", "0.01"]);
    let e = &r.indices[1];
    assert_eq!(
        format!(
            "{:.2}-{:.2}",
            e.first_order_interval.0, e.first_order_interval.1
        ),
        "0.47-1.03"
    );
}

#[test]
fn shards_of_another_model_or_data_cut_are_refused_and_outputs_are_checked_first() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("small.toml");
    // A grid with `values` only: min and max come from the values.
    std::fs::write(&spec, SMALL.replace("min = 0.6\nmax = 1.0\n", "")).unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    headwind()
        .arg("sweep")
        .arg(&spec)
        .args(["--shard", "1/2", "--output"])
        .arg(&a)
        .assert()
        .success();
    headwind()
        .args(["--as-of", "2025Q4", "sweep"])
        .arg(&spec)
        .args(["--shard", "2/2", "--output"])
        .arg(&b)
        .assert()
        .success();
    let first = std::fs::read_to_string(&b).unwrap();
    assert!(first.lines().next().unwrap().contains("as of 2025Q4"));
    assert!(first
        .lines()
        .next()
        .unwrap()
        .contains("model embedded:models/model.toml sha256 "));
    let out = dir.path().join("m.csv");
    headwind()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a different sweep"));
    assert!(!out.exists());
    // Formats and columns refused before any work.
    headwind()
        .arg("sweep")
        .arg(&spec)
        .args(["--output"])
        .arg(dir.path().join("x.xlsx"))
        .assert()
        .code(4)
        .stderr(predicates::str::contains(".csv or .parquet"));
    headwind()
        .args(["sweep", "example", "--sobol", "nope", "--output"])
        .arg(dir.path().join("s.csv"))
        .assert()
        .code(4)
        .stderr(predicates::str::contains("not a column"));
    headwind()
        .args(["sweep", "example", "--shards", "3"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("--shards N needs"));
    let pq = dir.path().join("a.parquet");
    headwind()
        .arg("sweep")
        .arg(&spec)
        .args(["--shard", "1/2", "--output"])
        .arg(&pq)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&pq).unwrap()[..4], b"PAR1");
    headwind()
        .arg("merge")
        .arg(&pq)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("a Parquet file"));
}

/// The sweep's fast path (paths drawn once, mapped through each point's trade parameters, only the
/// row's statistics computed) gives, bit for bit, the row of the full forecast of the point's
/// scenario: the same shortest round-trip numbers in every column, at points that change the rate
/// only, the overrides only, and both; on one thread, three threads and the default pool.
#[test]
fn every_sweep_row_is_the_full_forecast_of_its_point_bit_for_bit_on_any_thread_count() {
    use headwind::sweep::{row, PointOutputs};
    let wb = headwind::workbench::Workbench::embedded().unwrap();
    let sweep = wb.sweep_spec("example").unwrap();
    let table = wb.sweep(&sweep, None, &|_| {}).unwrap();
    // One thread and three (more than this machine's two cores, so work is split and stolen
    // differently from the default pool's) give the default pool's bytes.
    for threads in [1, 3] {
        let other = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| wb.sweep(&sweep, None, &|_| {}).unwrap());
        assert_eq!(
            table.to_csv(),
            other.to_csv(),
            "rows differ between {threads} thread(s) and the default pool"
        );
    }
    let (base, sha) = wb.scenario(&sweep.spec.scenario).unwrap();
    let (vs, vs_sha) = wb.scenario(sweep.spec.vs.as_deref().unwrap()).unwrap();
    // A point and its neighbour with only the rate changed, one with only the overrides changed,
    // and a spread of the rest.
    let p = &sweep.points;
    let first =
        |f: &dyn Fn(&[f64], &[f64]) -> bool| (1..p.len()).find(|&i| f(&p[i - 1], &p[i])).unwrap();
    let rate_only = first(&|a, b| a[0] != b[0] && a[1..] == b[1..]);
    let overrides_only = first(&|a, b| a[0] == b[0] && a[1..] != b[1..]);
    let mut picks: Vec<usize> = vec![rate_only - 1, rate_only, overrides_only - 1, overrides_only];
    picks.extend((0..p.len()).step_by(29));
    for i in picks {
        let sc = sweep.scenario_at(&base, &sweep.points[i]).unwrap();
        let f = wb
            .forecast_scenarios(
                &sc,
                &sha,
                &vs,
                &vs_sha,
                sweep.spec.paths,
                sweep.spec.seed,
                &|_| {},
            )
            .unwrap();
        let want = row(i, &sweep.points[i], &PointOutputs::of(&f));
        let got = &table.rows.iter().find(|r| r.0 == i).unwrap().1;
        assert_eq!(got, &want, "point {}", i + 1);
    }
}
