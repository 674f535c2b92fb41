//! Fuzz every dataset parser: the first byte picks which of the nine files is replaced by the input;
//! loading must return Ok or an error, never panic.
#![no_main]
use headwind::data::{DataSource, Dataset, FILES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let name = FILES[data[0] as usize % FILES.len()];
    let text = String::from_utf8_lossy(&data[1..]).into_owned();
    let _ = Dataset::load(&DataSource::Memory(vec![(name.to_string(), text)]));
});
