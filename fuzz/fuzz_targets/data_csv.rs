//! Fuzz every dataset parser: the first byte picks which of the dataset files (`headwind::data::FILES`) is replaced by the input;
//! loading must return Ok or an error, never panic. The logic lives in `headwind::fuzzing` so that
//! tests/fuzz_regressions.rs replays crash inputs the same way.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = headwind::fuzzing::data_csv(data);
});
