//! Fuzz every TOML spec parser (model spec, scenario, concordance, menu, mix, US response): the first
//! byte picks the parser; parsing and validation must return Ok or an error, never panic. The logic
//! lives in `headwind::fuzzing` so that tests/fuzz_regressions.rs replays crash inputs the same way.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = headwind::fuzzing::spec_toml(data);
});
