//! The `headwind` binary as a user runs it: exit codes, JSON contracts, atomic output, clear errors.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn headwind() -> Command {
    Command::cargo_bin("headwind").unwrap()
}

/// Run headwind with `args`, require success (showing stderr otherwise) and parse stdout as JSON.
fn json_output(args: &[&str]) -> serde_json::Value {
    let out = headwind().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn data_lists_every_dataset_and_passes_checks() {
    headwind().arg("data").assert().success().stdout(
        predicate::str::contains("macro_quarterly.csv")
            .and(predicate::str::contains("checks passed")),
    );
}

#[test]
fn data_json_has_status_and_version() {
    let out = headwind()
        .args(["data", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(
        v["datasets"].as_array().unwrap().len(),
        headwind::data::FILES.len()
    );
    assert_eq!(v["meta"]["data_version"].as_str().unwrap().len(), 12);
}

#[test]
fn multipliers_json_keys_are_the_documented_contract() {
    let v = json_output(&["multipliers", "--format", "json"]);
    let sectors = v["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 83);
    for key in [
        "code",
        "name",
        "output_multiplier",
        "va_multiplier",
        "import_multiplier",
        "power_of_dispersion",
        "sensitivity_of_dispersion",
    ] {
        assert!(sectors[0].get(key).is_some(), "missing key {key}");
    }
    // Sorted by output multiplier, largest first.
    assert!(sectors[0]["output_multiplier"].as_f64() >= sectors[82]["output_multiplier"].as_f64());
    let exports = &v["inducement"]["exports"];
    assert_eq!(
        format!("{:.4}", exports["value_added"].as_f64().unwrap()),
        "0.6652"
    );
    assert!(exports["output"].as_f64().is_some() && exports["imports"].as_f64().is_some());
    // Every sector's numbers against pymrio on the same table (tools/reference; measured errors
    // 6e-16 and 8e-16 relative): output multipliers 1ᵀL, value-added multipliers vᵀL, import
    // multipliers 1 − vᵀL (the table's inputs are value added or imports), power and sensitivity of
    // dispersion = column and row sums of L over their means.
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::fixture("pymrio_io.json")).unwrap())
            .unwrap();
    let codes: Vec<&str> = r["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let col = |k: &str| -> Vec<f64> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let (om, va) = (col("output_multiplier"), col("va_multiplier"));
    let rows: Vec<f64> = r["leontief_inverse"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .sum()
        })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (om_mean, row_mean) = (mean(&om), mean(&rows));
    for s in sectors {
        let code = s["code"].as_str().unwrap();
        let i = codes.iter().position(|c| *c == code).unwrap();
        let f = |k: &str| s[k].as_f64().unwrap();
        common::close(f("output_multiplier"), om[i], 1e-14, 1.0, code);
        common::close(f("va_multiplier"), va[i], 1e-14, 1.0, code);
        common::close(f("import_multiplier"), 1.0 - va[i], 1e-14, 1.0, code);
        common::close(f("power_of_dispersion"), om[i] / om_mean, 1e-14, 1.0, code);
        common::close(
            f("sensitivity_of_dispersion"),
            rows[i] / row_mean,
            1e-14,
            1.0,
            code,
        );
    }
}

#[test]
fn multipliers_aggregate_top_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.csv");
    headwind()
        .args([
            "multipliers",
            "--aggregate",
            "groups",
            "--top",
            "5",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 6);
    assert!(text.starts_with("code,name,output_multiplier"));
    // Only the output file: no temp file left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn bad_concordance_fails_cleanly_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let conc = dir.path().join("bad.toml");
    std::fs::write(
        &conc,
        "[[group]]\ncode = \"a\"\nname = \"A\"\nsectors = [\"01\", \"zz\"]\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    headwind()
        .args(["multipliers", "--format", "json", "--aggregate"])
        .arg(&conc)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.toml")
                .and(predicate::str::contains("unknown sector `zz`"))
                .and(predicate::str::contains("panicked").not()),
        );
    assert!(!out.exists());
}

#[test]
fn user_data_directory_is_validated_like_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    for name in headwind::data::FILES {
        let (_, text) = headwind::data::DataSource::Embedded.read(name).unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    headwind()
        .arg("--data")
        .arg(dir.path())
        .arg("data")
        .assert()
        .success();
    std::fs::write(
        dir.path().join("macro_quarterly.csv"),
        "quarter,x\n2020Q1,1\n2020Q3,2\n",
    )
    .unwrap();
    headwind()
        .arg("--data")
        .arg(dir.path())
        .arg("data")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("macro_quarterly.csv:3").and(predicate::str::contains("gap")),
        );
}

#[test]
fn unknown_model_name_is_a_usage_error() {
    headwind()
        .args(["multipliers", "--aggregate", "no-such-grouping"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no-such-grouping"));
}

#[test]
fn estimate_json_has_the_documented_equation_keys() {
    let v = json_output(&["estimate", "--format", "json"]);
    let eqs = v["equations"].as_array().unwrap();
    assert_eq!(eqs.len(), 2);
    for eq in eqs {
        for key in [
            "name",
            "nobs",
            "r_squared",
            "aic",
            "bic",
            "covariance",
            "coefficients",
        ] {
            assert!(eq.get(key).is_some(), "missing {key}");
        }
        for key in ["name", "estimate", "std_error", "t", "p_value"] {
            assert!(
                eq["coefficients"][0].get(key).is_some(),
                "missing coefficient key {key}"
            );
        }
    }
    assert_eq!(v["tariff_elasticity"]["identified"], false);
    assert_eq!(v["meta"]["model_spec_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn estimate_latex_and_table_formats() {
    headwind()
        .args(["estimate", "--format", "latex"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\\begin{tabular}"));
    headwind().arg("estimate").assert().success().stdout(
        predicate::str::contains("Dep. Variable:")
            .and(predicate::str::contains("literature prior")),
    );
}

#[test]
fn backtest_json_has_the_documented_keys() {
    let out = headwind()
        .args(["backtest", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["meta"]["drivers"], "forecast");
    let rows = v["models"].as_array().unwrap();
    assert_eq!(rows.len(), 13);
    assert!(["nowcast_1m", "nowcast_2m", "nowcast_3m"]
        .iter()
        .all(|m| rows.iter().any(|r| r["model"] == *m)));
    for key in [
        "model",
        "horizon",
        "rmse",
        "mae",
        "dm_stat",
        "dm_p_value",
        "brier",
        "brier_base_rate",
        "mean_error",
        "coverage_50",
        "coverage_90",
        "brier_skill",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    assert!(rows.iter().any(|r| r["model"] == "local_mean"
        && r["brier"].as_f64().is_some()
        && r["coverage_90"].as_f64().is_some()));
    assert!(rows.iter().any(|r| r["model"] == "rolling_mean_20"));
    assert!(v["pit"][0]["counts"].as_array().unwrap().len() == 10);
}

#[test]
fn nowcast_as_of_a_month_prints_the_quarter_with_its_probability_of_contraction() {
    let out = headwind()
        .args(["--as-of", "2025-03", "nowcast", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quarter"], "2025Q1");
    assert_eq!(v["months_used"], 3);
    for key in ["mean", "quantiles", "p_negative", "contributions"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let p = v["p_negative"].as_f64().unwrap();
    assert!((p - 0.45).abs() < 1e-9, "{p}");
    for key in ["indicator", "release", "value", "contribution"] {
        assert!(v["contributions"][0].get(key).is_some(), "missing {key}");
    }
    // The numbers against the independent numpy/statsmodels bridge (tools/reference/nowcast_bridge.py,
    // replay of 2025Q1 as of March; measured errors 6e-17 on the mean, 9e-14 on the quantiles, 8e-14
    // on the realised growth and 4e-15 on the previous nowcast).
    let r: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::fixture("nowcast_reference.json")).unwrap(),
    )
    .unwrap();
    let r = &r["replay_2025Q1"][2];
    assert_eq!(r["as_of"], "2025-03");
    let f = |x: &serde_json::Value| x.as_f64().unwrap();
    common::close(f(&v["mean"]), f(&r["nowcast"]), 1e-12, 1.0, "nowcast mean");
    common::close(
        f(&v["median"]),
        f(&r["quantiles"]["50"]),
        1e-12,
        1.0,
        "median",
    );
    for q in ["5", "25", "75", "95"] {
        common::close(f(&v["quantiles"][q]), f(&r["quantiles"][q]), 1e-12, 1.0, q);
    }
    assert_eq!(f(&v["p_negative"]), f(&r["p_negative"]));
    common::close(f(&v["realised"]), f(&r["actual"]), 1e-12, 1.0, "realised");
    let c = &v["contributions"][0];
    assert_eq!(c["release"], "2025-03");
    common::close(
        f(&c["value"]),
        f(&r["export_growth"]),
        1e-12,
        1.0,
        "export growth",
    );
    // The news adds up: the release moved the nowcast from `previous` (as of February) to `mean`.
    let news: f64 = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| f(&c["contribution"]))
        .sum();
    common::close(f(&v["previous"]) + news, f(&v["mean"]), 1e-12, 1.0, "news");
    let feb = &serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(common::fixture("nowcast_reference.json")).unwrap(),
    )
    .unwrap()["replay_2025Q1"][1];
    common::close(
        f(&v["previous"]),
        f(&feb["nowcast"]),
        1e-12,
        1.0,
        "previous",
    );
    headwind()
        .args(["--as-of", "2025-13", "nowcast"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--as-of"));
    headwind()
        .args(["--as-of", "2025-03", "nowcast"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2025Q1").and(predicate::str::contains("P(<0)")));
}

#[test]
fn sensitivity_is_a_tornado_with_the_documented_keys_and_a_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tornado");
    let out = headwind()
        .args([
            "sensitivity",
            "--paths",
            "500",
            "--format",
            "json",
            "--plot",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = v["inputs"].as_array().unwrap();
    assert!(inputs.len() >= 6);
    for key in ["name", "low", "high", "effect_low", "effect_high"] {
        assert!(inputs[0].get(key).is_some(), "missing {key}");
    }
    // Sorted by swing, largest first; a higher elasticity gives a larger loss.
    let swing = |r: &serde_json::Value| {
        (r["effect_high"].as_f64().unwrap() - r["effect_low"].as_f64().unwrap()).abs()
    };
    assert!(inputs.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    let el = inputs
        .iter()
        .find(|r| r["name"] == "aggregate tariff elasticity")
        .unwrap();
    assert!(el["effect_high"].as_f64().unwrap() < el["effect_low"].as_f64().unwrap());
    assert!(dir.join("tornado.png").exists() && dir.join("tornado.svg").exists());
    // Every forecast carries the level-effect quantiles.
    let f = json_output(&["forecast", "--paths", "500", "--format", "json"]);
    for k in ["5", "25", "75", "95"] {
        assert!(f["gdp_level_effect_quantiles"][k].as_f64().is_some());
        assert!(f["gdi_level_effect_quantiles"][k].as_f64().is_some());
    }
    assert!(f["annual"][0]["effect_pp_quantiles"]["5"]
        .as_f64()
        .is_some());
    // The optional channels are listed, off, with their sources; and the tornado swings each one.
    let ch = f["meta"]["channels"].as_array().unwrap();
    let names: Vec<&str> = ch.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["income", "uncertainty", "exchange_rate"]);
    for c in ch {
        assert_eq!(c["enabled"], false);
        assert!(!c["source"].as_str().unwrap().is_empty());
    }
    for (name, sign) in [
        ("income channel (second round)", -1.0),
        ("uncertainty channel on investment", -1.0),
        ("exchange-rate offset (KRW)", 1.0),
    ] {
        let r = inputs.iter().find(|r| r["name"] == name).unwrap();
        let (lo, hi) = (
            r["effect_low"].as_f64().unwrap(),
            r["effect_high"].as_f64().unwrap(),
        );
        // Off gives the central effect; on moves it the channel's way (a smaller loss with the offset).
        assert!(
            (lo - v["effect_central"].as_f64().unwrap()).abs() < 1e-12,
            "{name}"
        );
        assert!(sign * (hi - lo) > 0.0, "{name}: {lo} -> {hi}");
    }
}

#[test]
fn backtest_csv_has_one_row_per_model_origin_and_horizon() {
    let out = headwind()
        .args(["backtest", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("model,role,origin,horizon,target,forecast,actual,error"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 85 one-quarter and 82 four-quarter targets from 2004Q4 to 2026Q1, five models each, and the
    // three nowcasts at one quarter.
    assert_eq!(rows.len(), 5 * (85 + 82) + 3 * 85);
    let first = &rows[0];
    assert_eq!(
        &first[..5],
        &["local_mean", "model", "2004Q4", "1", "2005Q1"]
    );
    let (f, a, e): (f64, f64, f64) = (
        first[5].parse().unwrap(),
        first[6].parse().unwrap(),
        first[7].parse().unwrap(),
    );
    assert!((a - f - e).abs() < 1e-9);
}

#[test]
fn bad_model_spec_is_an_input_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_, text) = headwind::models::resolve("model", None).unwrap();
    let p = dir.path().join("m.toml");
    std::fs::write(
        &p,
        text.replace("criterion = \"bic\"", "criterion = \"hqic\""),
    )
    .unwrap();
    headwind()
        .args(["estimate", "--model"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("m.toml:").and(predicate::str::contains("hqic")));
}

#[test]
fn forecast_json_has_the_documented_keys_and_records_its_inputs() {
    let v = json_output(&["forecast", "--paths", "2000", "--format", "json"]);
    let meta = &v["meta"];
    assert_eq!(meta["scenario"], "deal-15");
    assert_eq!(meta["baseline"], "korus");
    assert_eq!(meta["paths"], 2000);
    assert!(
        meta["seed"].is_u64()
            && meta["data_version"].is_string()
            && meta["model_spec_sha256"].is_string()
    );
    assert!(meta["scenario_sha256"].is_string() && meta["headwind_version"].is_string());
    let q = &v["quarters"][0];
    assert_eq!(q["quarter"], "2026Q2");
    for key in [
        "mean",
        "median",
        "p_negative",
        "baseline_mean",
        "baseline_p_negative",
    ] {
        assert!(q[key].is_f64(), "missing {key}");
    }
    for p in ["5", "10", "25", "75", "90", "95"] {
        assert!(q["quantiles"][p].is_f64(), "missing quantile {p}");
    }
    for key in [
        "p_two_consecutive_negative",
        "growth_at_risk_5",
        "expected_shortfall_5",
        "gdp_level_effect_pct",
    ] {
        assert!(v[key].is_f64(), "missing {key}");
    }
    let s = &v["sectors"][0];
    for key in [
        "group",
        "exports_to_us_change_pct",
        "value_added_change_pct",
        "value_added_change_pct_gdp",
        "direct_share",
    ] {
        assert!(s.get(key).is_some(), "missing sector key {key}");
    }
    assert!(
        v["gdp_level_effect_pct"].as_f64().unwrap() < 0.0,
        "tariffs lower GDP relative to KORUS"
    );
}

#[test]
fn forecast_output_is_byte_identical_on_one_and_two_threads() {
    for format in ["json", "csv"] {
        let run = |threads: &str| {
            headwind()
                .env("RAYON_NUM_THREADS", threads)
                .args([
                    "forecast",
                    "--scenario",
                    "chips-25",
                    "--paths",
                    "3000",
                    "--seed",
                    "42",
                    "--format",
                    format,
                ])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{format}");
        assert_eq!(one, run("2"), "{format}, and across runs");
    }
}

/// The optimizer too: the same mixes, objectives and frontier on 1 and 2 threads (only the measured
/// solver times may differ).
#[test]
fn optimize_output_is_identical_on_one_and_two_threads_apart_from_timings() {
    let run = |threads: &str| {
        let out = headwind()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "optimize", "--paths", "200", "--seed", "7", "--format", "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for s in v["solvers"].as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("seconds");
        }
        v
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn forecast_plots_png_and_svg_and_csv_output() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("f.csv");
    headwind()
        .args(["forecast", "--paths", "1000", "--format", "csv", "--plot"])
        .arg(dir.path().join("charts"))
        .arg("--output")
        .arg(&csv)
        .assert()
        .success();
    for f in ["fan.png", "fan.svg", "sectors.png", "sectors.svg"] {
        let p = dir.path().join("charts").join(f);
        assert!(
            std::fs::metadata(&p)
                .map(|m| m.len() > 1000)
                .unwrap_or(false),
            "{f} missing or empty"
        );
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("# headwind forecast: scenario deal-15 vs korus, seed"));
    assert_eq!(text.lines().count(), 2 + 8);
}

#[test]
fn forecast_with_a_bad_scenario_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("bad.toml");
    let (_, text) = headwind::models::resolve_scenario("deal-15", None).unwrap();
    std::fs::write(
        &sc,
        text.replace(
            "rate_pct = 15\ncoverage_from",
            "rate_pct = 650\ncoverage_from",
        ),
    )
    .unwrap();
    let out = dir.path().join("out.json");
    headwind()
        .args(["forecast", "--format", "json", "--scenario"])
        .arg(&sc)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.toml")
                .and(predicate::str::contains("rate_pct"))
                .and(predicate::str::contains("panicked").not()),
        );
    assert!(!out.exists());
}

#[test]
fn optimize_json_has_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let problem = dir.path().join("problem.json");
    let out = headwind()
        .args([
            "optimize",
            "--paths",
            "100",
            "--format",
            "json",
            "--export-problem",
        ])
        .arg(&problem)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "mix",
        "objective",
        "expected_tariff_pct",
        "gdp_loss_pct",
        "cost_usd_bn",
        "p_negative_max",
    ] {
        assert!(v["best"].get(key).is_some(), "missing best.{key}");
    }
    assert_eq!(v["best"]["mix"]["rice_beef"], 0.0, "red line");
    let solvers = v["solvers"].as_array().unwrap();
    assert_eq!(solvers.len(), 3);
    for key in ["solver", "objective", "evaluations", "seconds", "converged"] {
        assert!(solvers[0].get(key).is_some(), "missing solvers[].{key}");
    }
    for key in ["cost_usd_bn", "gdp_loss_pct"] {
        assert!(
            v["frontier"][0].get(key).is_some(),
            "missing frontier[].{key}"
        );
    }
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&problem).unwrap()).unwrap();
    assert_eq!(
        p["tau_grid"].as_array().unwrap().len(),
        p["loss_grid"].as_array().unwrap().len()
    );
}

#[test]
fn optimize_reports_a_solver_stopped_by_its_iteration_cap() {
    let out = headwind()
        .args([
            "optimize",
            "--paths",
            "100",
            "--solver",
            "nm",
            "--max-iters",
            "2",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["all_converged"], false);
    assert_eq!(v["solvers"][0]["converged"], false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: solver `nm` stopped at its iteration cap"),
        "{err}"
    );
    headwind()
        .args(["optimize", "--max-iters", "0"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--max-iters"));
}

#[test]
fn compare_shipped_mixes_and_infeasible_budget() {
    let v = json_output(&["compare", "--paths", "100", "--format", "json"]);
    let names: Vec<&str> = v["mixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    for n in [
        "deal-2025",
        "separate-security",
        "one-stop-shopping",
        "energy-heavy",
        "investment-heavy",
        "no-deal",
    ] {
        assert!(names.contains(&n), "missing mix {n}");
    }
    let no_deal = v["mixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "no-deal")
        .unwrap();
    assert_eq!(no_deal["cost_usd_bn"], 0.0);
    // Every mix carries its tariff's range under the US response's uncertainty and P(beats no deal);
    // conceding nothing cannot beat itself.
    for m in v["mixes"].as_array().unwrap() {
        let q = &m["tariff_pct_quantiles"];
        let (lo, hi) = (q["5"].as_f64().unwrap(), q["95"].as_f64().unwrap());
        assert!(lo < hi && lo >= 10.0, "{}: {lo}-{hi}", m["name"]);
        let p = m["p_beats_no_deal"].as_f64().unwrap();
        assert!((0.0..=0.8).contains(&p), "P(beats) {p} above P(deal holds)");
    }
    assert_eq!(no_deal["p_beats_no_deal"], 0.0);
    let o = json_output(&["optimize", "--paths", "100", "--format", "json"]);
    assert!(
        o["best"]["tariff_pct_quantiles"]["95"].as_f64().unwrap()
            > o["best"]["tariff_pct_quantiles"]["5"].as_f64().unwrap()
    );
    assert!(o["best"]["p_beats_no_deal"].as_f64().is_some());
    assert!(o["best"]["gdp_loss_mc_se"].as_f64().unwrap() > 0.0);
    assert!(o["best"]["risk_term"].as_f64().is_some());
    // The shipped mixes are placed against the frontier (and marked on its chart): none lies below it.
    let marks = o["shipped_mixes"].as_array().unwrap();
    assert_eq!(marks.len(), 6);
    let front = o["frontier"].as_array().unwrap();
    for m in marks {
        let (c, l) = (
            m["cost_usd_bn"].as_f64().unwrap(),
            m["gdp_loss_pct"].as_f64().unwrap(),
        );
        let best_within = front
            .iter()
            .filter(|f| f["cost_usd_bn"].as_f64().unwrap() <= c + 1e-9)
            .map(|f| f["gdp_loss_pct"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min);
        assert!(
            best_within <= l + 0.01,
            "{} lies below the frontier: {l} < {best_within}",
            m["name"]
        );
    }
    // The frontier runs from zero to 10% beyond the costliest shipped mix (README), or 1.5 times the
    // optimum's cost (at least 1 USD bn) if that is further.
    let costliest = v["mixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["cost_usd_bn"].as_f64().unwrap())
        .fold(0.0, f64::max);
    let best_cost = o["best"]["cost_usd_bn"].as_f64().unwrap();
    let reach = o["policy"]["frontier_max_cost_usd_bn"].as_f64().unwrap();
    let want = (1.1 * costliest).max(1.5 * best_cost).max(1.0);
    assert!(
        costliest > 1.0 && (reach - want).abs() <= 1e-9 * want,
        "{reach} vs {want}"
    );
    assert!(front
        .iter()
        .all(|f| f["cost_usd_bn"].as_f64().unwrap() <= reach + 1e-9));
    let dir = tempfile::tempdir().unwrap();
    let menu = dir.path().join("menu.toml");
    let (_, text) = headwind::models::resolve("concessions/menu", None).unwrap();
    std::fs::write(
        &menu,
        text.replace(
            "name = \"energy\"\nkind = \"purchases\"\nunit = \"USD bn per year\"\nlower = 0.0",
            "name = \"energy\"\nkind = \"purchases\"\nunit = \"USD bn per year\"\nlower = 30.0",
        ),
    )
    .unwrap();
    headwind()
        .args(["optimize", "--paths", "50", "--budget", "10", "--menu"])
        .arg(&menu)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("infeasible"));
}

/// Clap's own usage errors (an unknown flag, a bad value) exit 4 as the README documents; help and
/// version exit 0.
#[test]
fn usage_errors_exit_four_and_help_exits_zero() {
    headwind()
        .args(["forecast", "--no-such-flag"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--no-such-flag"));
    headwind()
        .args(["forecast", "--format", "yaml"])
        .assert()
        .code(4);
    headwind().arg("--bogus").assert().code(4);
    headwind().arg("--help").assert().code(0);
    headwind().arg("--version").assert().code(0);
}

/// `optimize --scenario` applies the scenario's parameter overrides (they used to be applied only by
/// `forecast`): a larger tariff elasticity, or lower pass-through, changes the expected GDP loss.
#[test]
fn optimize_applies_the_scenario_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let base = "name = \"k\"\nquarters = 8\n[drivers]\nus_gdp_growth = 0.61\n";
    let plain = dir.path().join("plain.toml");
    std::fs::write(&plain, base).unwrap();
    let loss = |file: &std::path::Path| {
        let v = json_output(&[
            "optimize",
            "--scenario",
            file.to_str().unwrap(),
            "--solver",
            "nm",
            "--paths",
            "60",
            "--format",
            "json",
        ]);
        // The no-concession mix's loss is the first frontier point (cost cap 0).
        v["frontier"][0]["gdp_loss_pct"].as_f64().unwrap()
    };
    let l0 = loss(&plain);
    for (k, v) in [("elasticity", "2.0"), ("pass_through", "0.3")] {
        let f = dir.path().join(format!("{k}.toml"));
        std::fs::write(&f, format!("{base}[overrides]\n{k} = {v}\n")).unwrap();
        let l = loss(&f);
        assert!(
            (l - l0).abs() > 1e-4,
            "override {k} = {v} left the loss unchanged ({l} vs {l0})"
        );
    }
}

#[test]
fn every_forecast_carries_a_tariff_schedule_and_the_goods_only_rate() {
    let f = json_output(&["forecast", "--paths", "300", "--format", "json"]);
    let sched = f["tariff_schedule"].as_array().unwrap();
    assert!(!sched.is_empty());
    for key in ["code", "name", "group", "rates", "baseline_rates"] {
        assert!(sched[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(sched[0]["rates"].as_array().unwrap().len(), 8);
    // Goods only: above the all-exports rate, which also weights untariffed services.
    let q = &f["quarters"][0];
    assert!(q["tariff_goods_pct"].as_f64().unwrap() > q["tariff_pct"].as_f64().unwrap());
}

/// Issue #16, unbounded work and silent wrong answers: a --paths beyond the memory limit, special
/// files in --data, a scenario's `baseline` resolved from its own folder, an unused driver reported.
#[test]
fn bounded_work_special_data_files_and_scenario_relative_baselines() {
    // The limit is 1,000,000 paths: one more is refused before any work, as is a runaway count.
    for cmd in ["forecast", "sensitivity", "optimize", "compare"] {
        for paths in ["1000001", "1000000000"] {
            let out = headwind().args([cmd, "--paths", paths]).output().unwrap();
            assert_eq!(out.status.code(), Some(4), "{cmd} --paths {paths}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!("--paths {paths} is above the limit of 1000000")),
                "{err}"
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for name in headwind::data::FILES {
        let (_, text) = headwind::data::DataSource::Embedded.read(name).unwrap();
        std::fs::write(data.join(name), text).unwrap();
    }
    #[cfg(unix)]
    {
        let target = data.join("trade_elasticities.csv");
        std::fs::remove_file(&target).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &target).unwrap();
        let out = headwind()
            .arg("--data")
            .arg(&data)
            .arg("data")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
        std::fs::remove_file(&target).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(&target).status();
        if fifo.map(|s| s.success()).unwrap_or(false) {
            let out = headwind()
                .arg("--data")
                .arg(&data)
                .arg("data")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "a FIFO must not block");
        }
    }
    // `baseline = "mybase.toml"` is found next to the scenario, whatever the working directory.
    let sub = tmp.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (_, korus) = headwind::models::resolve("scenarios/korus", None).unwrap();
    std::fs::write(
        sub.join("mybase.toml"),
        korus.replace("name = \"korus\"", "name = \"my-base\""),
    )
    .unwrap();
    let (_, deal) = headwind::models::resolve("scenarios/deal-15", None).unwrap();
    std::fs::write(
        sub.join("sc.toml"),
        deal.replace("baseline = \"korus\"", "baseline = \"mybase.toml\""),
    )
    .unwrap();
    let out = headwind()
        .current_dir(tmp.path())
        .args([
            "forecast",
            "--paths",
            "200",
            "--format",
            "json",
            "--scenario",
        ])
        .arg("sub/sc.toml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["meta"]["baseline"], "my-base");
    // The shipped scenarios give a US GDP path the local-mean baseline does not use: said, not silent.
    assert_eq!(v["meta"]["unused_drivers"][0], "us_gdp_growth");
}

/// Issue #16, output integrity: special files written in place, links followed, the umask respected,
/// nothing left by a failed or interrupted run, concurrent runs into one chart folder.
#[cfg(unix)]
#[test]
fn outputs_are_written_all_or_nothing_in_place_for_special_files_and_with_the_umask() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let bin = assert_cmd::cargo::cargo_bin("headwind");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // /dev/null stays the device.
    headwind()
        .args(["multipliers", "--format", "csv", "--output", "/dev/null"])
        .assert()
        .success();
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // A link keeps pointing at its target, which receives the output.
    std::os::unix::fs::symlink("target.txt", d.join("link.txt")).unwrap();
    headwind()
        .current_dir(d)
        .args(["multipliers", "--output", "link.txt"])
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(d.join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(d.join("target.txt"))
        .unwrap()
        .contains("multipliers"));
    // New files get 0666 minus the umask, charts too.
    for (mask, want) in [("022", 0o644), ("077", 0o600)] {
        let out = d.join(format!("m{mask}.txt"));
        let plot = d.join(format!("p{mask}"));
        let ok = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {mask}; exec \"$0\" forecast --paths 100 -q --plot \"$1\" --output \"$2\"",
            ))
            .arg(&bin)
            .arg(&plot)
            .arg(&out)
            .status()
            .unwrap();
        assert!(ok.success());
        for f in [out, plot.join("fan.png")] {
            let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, want, "{} under umask {mask}", f.display());
        }
    }
    // A run that fails at its last write leaves neither the charts, the exported problem nor the
    // chart folder it created.
    let out = headwind()
        .current_dir(d)
        .args([
            "optimize",
            "--paths",
            "50",
            "--solver",
            "nm",
            "--plot",
            "plotA",
            "--export-problem",
            "prob.json",
            "--output",
            "nodir/out.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nodir/out.txt") && !err.contains(".headwind-"),
        "{err}"
    );
    assert!(!d.join("plotA").exists() && !d.join("prob.json").exists());
    // Two runs into one chart folder at once: no collision, every chart complete.
    let pl = d.join("pl");
    let a = std::process::Command::new(&bin)
        .args(["forecast", "--paths", "300", "-q", "--plot"])
        .arg(&pl)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let b = std::process::Command::new(&bin)
        .args([
            "forecast",
            "--scenario",
            "chips-25",
            "--paths",
            "300",
            "-q",
            "--plot",
        ])
        .arg(&pl)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(b.success() && a.wait_with_output().unwrap().status.success());
    let names: Vec<String> = std::fs::read_dir(&pl)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    // An interrupt removes the temporaries written so far and exits 130, with no output. The run is
    // long (many seconds even in release), so the signal always arrives while it works.
    let mut child = std::process::Command::new(&bin)
        .current_dir(d)
        .args([
            "optimize", "--paths", "20000", "--format", "json", "--output", "o.json", "--plot",
            "pi",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before the interrupt"
    );
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let st = child.wait_with_output().unwrap().status;
    assert_eq!(st.code(), Some(130), "{st:?}");
    assert!(
        !d.join("o.json").exists(),
        "an interrupted run wrote its output"
    );
    let left: Vec<_> = common::walk(d)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".headwind-")
        })
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}

/// An error whose message cannot be written (stderr on a full device) keeps its exit code: no panic
/// (exit 101) from the error report itself.
#[cfg(unix)]
#[test]
fn an_unwritable_stderr_keeps_the_errors_exit_code() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        eprintln!("skipped: no /dev/full on this machine");
        return;
    };
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("headwind"))
        .args(["forecast", "--scenario", "no-such-scenario"])
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4));
}
