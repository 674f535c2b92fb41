//! Entry points shared by the cargo-fuzz targets (`fuzz/`) and the replay of their crash inputs
//! (`tests/fuzz_regressions.rs`): one byte string in, every parser's verdict out. Each function
//! returns whether the input was accepted; it must never panic.

use std::sync::OnceLock;

use crate::data::{DataSource, Dataset, FILES};
use crate::input_output::Concordance;
use crate::negotiation::{Menu, UsResponse};
use crate::spec::{self, ScenarioContext};

/// The dataset CSV parsers: the first byte picks which of the fourteen files (in [`FILES`] order, modulo
/// `FILES.len()`) is replaced by the rest of the input (lossy UTF-8); the others are the embedded files.
pub fn data_csv(data: &[u8]) -> bool {
    let Some((&pick, rest)) = data.split_first() else {
        return false;
    };
    let name = FILES[pick as usize % FILES.len()];
    let text = String::from_utf8_lossy(rest).into_owned();
    Dataset::load(&DataSource::Memory(vec![(name.to_string(), text)])).is_ok()
}

struct Fixed {
    ds: Dataset,
    groups: Concordance,
    menu: Menu,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let ds = Dataset::load(&DataSource::Embedded).expect("embedded data are valid");
        let (gl, gt) = crate::models::resolve("groups", None).expect("embedded groups");
        let groups = spec::parse_groups(&gl, &gt, &ds.io.sectors).expect("embedded groups parse");
        let (ml, mt) = crate::models::resolve("concessions/menu", None).expect("embedded menu");
        let menu = spec::parse_menu(&ml, &mt).expect("embedded menu parses");
        Fixed { ds, groups, menu }
    })
}

/// The TOML spec parsers: the first byte picks the parser (modulo 6: model spec, scenario,
/// concordance, concession menu, mix, US response) and the rest is the file text (lossy UTF-8).
pub fn spec_toml(data: &[u8]) -> bool {
    let Some((&pick, rest)) = data.split_first() else {
        return false;
    };
    let f = fixed();
    let text = String::from_utf8_lossy(rest);
    match pick % 6 {
        0 => spec::parse_model("fuzz", &text).is_ok(),
        1 => {
            let ctx = ScenarioContext {
                sectors: &f.ds.io.sectors,
                groups: &f.groups,
                measures: &f.ds.tariffs,
                default_start: "2026Q2".parse().expect("a quarter"),
                partners: &f.ds.partners,
            };
            spec::parse_scenario("fuzz", &text, &ctx).is_ok()
        }
        2 => spec::parse_groups("fuzz", &text, &f.ds.io.sectors).is_ok(),
        3 => spec::parse_menu("fuzz", &text).is_ok(),
        4 => spec::parse_mix("fuzz", &text, &f.menu).is_ok(),
        _ => spec::parse_response("fuzz", &text)
            .and_then(|r| UsResponse::calibrate(r, "fuzz", &f.ds.deals))
            .is_ok(),
    }
}
