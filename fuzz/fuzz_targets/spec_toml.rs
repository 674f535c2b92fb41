//! Fuzz every TOML spec parser (model spec, scenario, concordance, menu, mix, US response): the first
//! byte picks the parser; parsing and validation must return Ok or an error, never panic.
#![no_main]
use std::sync::OnceLock;

use headwind::data::{DataSource, Dataset};
use headwind::econometrics::ModelSpec;
use headwind::forecast::Scenario;
use headwind::io::Concordance;
use headwind::negotiation::{Menu, Mix, UsResponse};
use libfuzzer_sys::fuzz_target;

struct Fixed {
    ds: Dataset,
    groups: Concordance,
    menu: Menu,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let ds = Dataset::load(&DataSource::Embedded).unwrap();
        let (gl, gt) = headwind::models::resolve("groups", None).unwrap();
        let groups = Concordance::parse(&gl, &gt, &ds.io.sectors).unwrap();
        let (ml, mt) = headwind::models::resolve("concessions/menu", None).unwrap();
        let menu = Menu::parse(&ml, &mt).unwrap();
        Fixed { ds, groups, menu }
    })
}

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let f = fixed();
    let text = String::from_utf8_lossy(&data[1..]);
    match data[0] % 6 {
        0 => {
            let _ = ModelSpec::parse("fuzz", &text);
        }
        1 => {
            let _ = Scenario::parse("fuzz", &text, &f.ds.io.sectors, &f.groups, &f.ds.tariffs);
        }
        2 => {
            let _ = Concordance::parse("fuzz", &text, &f.ds.io.sectors);
        }
        3 => {
            let _ = Menu::parse("fuzz", &text);
        }
        4 => {
            let _ = Mix::parse("fuzz", &text, &f.menu);
        }
        _ => {
            let _ = UsResponse::calibrate("fuzz", &text, &f.ds.deals);
        }
    }
});
