//! Runs the binary on every malformed input of tests/bad_inputs/ (made by tools/make_bad_inputs.py,
//! listed in MANIFEST.csv) and requires: a non-zero exit, no panic, a message naming the file and a line
//! or key and containing the expected words, and no output file left behind.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn command(kind: &str, case: &Path, tmp: &Path, out: &Path) -> (Command, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_headwind"));
    let file = case.file_name().unwrap().to_string_lossy().to_string();
    if let Some(target) = kind.strip_prefix("data:") {
        let dir = tmp.join("data");
        std::fs::create_dir_all(&dir).unwrap();
        for name in headwind::data::FILES {
            let (_, text) = headwind::data::DataSource::Embedded.read(name).unwrap();
            std::fs::write(dir.join(name), text).unwrap();
        }
        std::fs::copy(case, dir.join(target)).unwrap();
        c.arg("--data")
            .arg(&dir)
            .args(["forecast", "--paths", "100"]);
        return (with_out(c, out), target.to_string());
    }
    match kind {
        "model" => c.args(["forecast", "--paths", "100", "--model"]).arg(case),
        "scenario" => c
            .args(["forecast", "--paths", "100", "--scenario"])
            .arg(case),
        "menu" => c.args(["optimize", "--paths", "20", "--menu"]).arg(case),
        "response" => c
            .args(["optimize", "--paths", "20", "--response"])
            .arg(case),
        "concordance" => c.args(["multipliers", "--aggregate"]).arg(case),
        "mix" => c.args(["compare", "--paths", "20"]).arg(case),
        other => panic!("unknown kind {other}"),
    };
    (with_out(c, out), file)
}

fn with_out(mut c: Command, out: &Path) -> Command {
    c.args(["--format", "json", "--output"]).arg(out);
    c
}

#[test]
fn every_malformed_input_fails_cleanly_with_a_precise_message() {
    let manifest = std::fs::read_to_string(root().join("tests/bad_inputs/MANIFEST.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(manifest.as_bytes());
    let mut n = 0;
    let mut failures = Vec::new();
    let mut data_kinds = std::collections::BTreeSet::new();
    for row in rdr.records() {
        let row = row.unwrap();
        let (path, kind, expect) = (&row[0], &row[1], &row[2]);
        if let Some(file) = kind.strip_prefix("data:") {
            data_kinds.insert(file.to_string());
        }
        let case = root().join("tests/bad_inputs").join(path);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out.json");
        let (mut cmd, named) = command(kind, &case, tmp.path(), &out);
        let res = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&res.stderr);
        let names_place = err.contains(':')
            && (err.contains('`')
                || err
                    .chars()
                    .zip(err.chars().skip(1))
                    .any(|(a, b)| a == ':' && b.is_ascii_digit()));
        // Malformed input is exit code 2 (README: Commands), whatever the kind.
        let ok = res.status.code() == Some(2)
            && !err.contains("panicked")
            && err.contains(&named)
            && err.contains(expect)
            && names_place
            && !out.exists();
        if !ok {
            failures.push(format!(
                "{path} ({kind}): exit {:?}, output left: {}, stderr: {}",
                res.status.code(),
                out.exists(),
                err.trim()
            ));
        }
        n += 1;
    }
    // Every case of the manifest ran, and the manifest lists every file of the corpus.
    let files = common::walk(&root().join("tests/bad_inputs"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|f| f != "MANIFEST.csv"))
        .count();
    assert_eq!(
        n, files,
        "MANIFEST.csv lists {n} cases, the corpus has {files} files"
    );
    assert!(n >= 74, "the corpus has only {n} cases (README: 74)");
    // README: "every input kind: the fourteen data CSVs": each dataset file has at least one case.
    let uncovered: Vec<&str> = headwind::data::FILES
        .iter()
        .copied()
        .filter(|f| !data_kinds.contains(*f))
        .collect();
    assert!(uncovered.is_empty(), "no malformed case for {uncovered:?}");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
