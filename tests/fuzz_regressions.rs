//! Replays every input that once crashed a cargo-fuzz target (tests/fuzz_regressions/<target>/, the
//! minimised artifacts, fed exactly as the fuzz targets feed them): each must now be rejected with an
//! error, not a panic. Also replays the seed corpora's shipped files so the harness itself is checked
//! to accept valid input.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
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
    for (name, bytes) in inputs("spec_toml") {
        let r = std::panic::catch_unwind(|| headwind::fuzzing::spec_toml(&bytes));
        assert_eq!(r.ok(), Some(false), "{name}: must be an error, not a panic");
    }
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
