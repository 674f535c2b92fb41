//! Replays every input that once crashed a cargo-fuzz target (tests/fuzz_regressions/<target>/crash-*,
//! the minimised artifacts, fed exactly as the fuzz targets feed them) and, for the spec parsers, the
//! malformed specs of the bad-input corpus (`corpus-*`, made by tools/make_fuzz_regressions.py from
//! tests/bad_inputs: inputs that once made headwind panic, hang or answer wrongly): each must now be
//! rejected with an error, not a panic. Also replays the seed corpora's shipped files so the harness itself is checked
//! to accept valid input.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.starts_with("crash-") || n.starts_with("corpus-")
                })
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn data_csv_crash_inputs_are_rejected_without_panicking() {
    let cases = inputs("data_csv");
    assert!(!cases.is_empty(), "the crash found on 2026-11-29 is kept");
    for (name, bytes) in cases {
        let r = std::panic::catch_unwind(|| headwind::fuzzing::data_csv(&bytes));
        assert_eq!(r.ok(), Some(false), "{name}: must be an error, not a panic");
    }
}

#[test]
fn spec_toml_crash_inputs_are_rejected_without_panicking() {
    let cases = inputs("spec_toml");
    // Every parser has cases (first byte mod 6), and none is lost.
    for pick in 0..6u8 {
        assert!(
            cases.iter().any(|(_, b)| b[0] % 6 == pick),
            "no replay input for parser {pick}"
        );
    }
    assert!(
        cases.len() >= 37,
        "only {} replay inputs (README: 37)",
        cases.len()
    );
    let accepted: Vec<String> = cases
        .into_iter()
        .filter(|(name, bytes)| {
            let r = std::panic::catch_unwind(|| headwind::fuzzing::spec_toml(bytes));
            assert!(r.is_ok(), "{name}: panicked");
            r.ok() != Some(false)
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        accepted.is_empty(),
        "accepted by the parsers (must be errors): {accepted:?}"
    );
}

/// The harness accepts the shipped files (so a rejection above is the parser's verdict, not a
/// harness that rejects everything).
#[test]
fn the_fuzz_harness_accepts_the_shipped_files() {
    for (i, name) in headwind::data::FILES.iter().enumerate() {
        let (_, text) = headwind::data::DataSource::Embedded.read(name).unwrap();
        let mut bytes = vec![i as u8];
        bytes.extend(text.as_bytes());
        assert!(headwind::fuzzing::data_csv(&bytes), "{name}");
    }
    for (pick, name) in [
        (0u8, "model"),
        (1, "scenarios/deal-15"),
        (2, "groups"),
        (3, "concessions/menu"),
        (4, "concessions/mixes/deal-2025"),
        (5, "us_response"),
    ] {
        let (_, text) = headwind::models::resolve(name, None).unwrap();
        let mut bytes = vec![pick];
        bytes.extend(text.as_bytes());
        assert!(headwind::fuzzing::spec_toml(&bytes), "{name}");
    }
}
