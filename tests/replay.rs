//! Replays as of earlier quarters (`--as-of`, issue #12): the data are cut, the models re-estimated on
//! the cut sample, the forecast starts the next quarter with the status quo of that time, and the
//! realised outcomes are reported beside it.

use headwind::data::{DataSource, Quarter};
use headwind::workbench::{ForecastRequest, Workbench};

fn q(s: &str) -> Quarter {
    s.parse().unwrap()
}

fn replay(as_of: &str, scenario: &str) -> (Workbench, headwind::forecast::ForecastDistribution) {
    let wb = Workbench::load_as_of(&DataSource::Embedded, None, None, Some(q(as_of))).unwrap();
    let req = ForecastRequest {
        scenario: scenario.into(),
        paths: 400,
        ..ForecastRequest::default()
    };
    let f = wb.forecast(&req, &|_| {}).unwrap();
    (wb, f)
}

#[test]
fn a_sample_of_as_of_quarters_from_2005_replays_with_every_shipped_scenario() {
    for as_of in ["2005Q1", "2008Q4", "2011Q3", "2016Q2", "2020Q1", "2023Q4"] {
        for scenario in ["deal-15", "korus", "chips-25"] {
            let (wb, f) = replay(as_of, scenario);
            let cut = q(as_of);
            assert_eq!(wb.first_forecast_quarter(), cut.offset(1), "{as_of}");
            assert_eq!(f.meta.start, cut.offset(1).to_string());
            assert_eq!(f.meta.meta.as_of.as_deref(), Some(as_of));
            // Estimated on the cut sample only.
            assert_eq!(wb.est.local_mean.as_ref().unwrap().origin, cut);
            // Every forecast quarter before 2026Q2 has its realised value, error and PIT.
            for r in &f.quarters {
                let known = r.quarter.parse::<Quarter>().unwrap() <= q("2026Q1");
                assert_eq!(r.realised.is_some(), known, "{as_of} {}", r.quarter);
                if let (Some(x), Some(e)) = (r.realised, r.forecast_error) {
                    assert!((x - r.mean - e).abs() < 1e-12);
                    assert!((0.0..=1.0).contains(&r.pit.unwrap()));
                }
            }
            assert!(!f.annual.is_empty(), "{as_of}: no calendar year");
            assert!(f.annual.iter().all(|a| a.realised_growth.is_some()));
        }
    }
}

#[test]
fn replay_of_2025_from_2024q4_has_no_tariffs_in_the_status_quo_and_the_realised_year() {
    let (wb, f) = replay("2024Q4", "deal-15");
    let fc = wb.forecaster().unwrap();
    assert!(fc.status_quo(q("2025Q1"), 8).measures.is_empty());
    // No tariff variation before 2025: the elasticity is the prior.
    assert!(!wb.est.exports.tariff.identified);
    assert!(wb.est.exports.tariff.source.contains("literature prior"));
    // Calendar 2025: all four quarters forecast, realised 2025 growth from the shipped data
    // (levels 2025 over 2024: 1.00%), and a negative effect of the deal's tariffs against KORUS.
    let y25 = f.annual.iter().find(|a| a.year == 2025).unwrap();
    assert_eq!(y25.realised_quarters, 0);
    assert!(
        (y25.realised_growth.unwrap() - 1.0035).abs() < 1e-3,
        "{y25:?}"
    );
    assert!(y25.effect_pp_mean < 0.0);
    // The first quarter: 2025Q1 realised −0.2% q/q (BOK), 100 ln(0.998) log points.
    assert!((f.quarters[0].realised.unwrap() - 100.0 * 0.998f64.ln()).abs() < 1e-6);
}

#[test]
fn as_of_outside_the_data_is_an_error_not_a_panic() {
    for (bad, want) in [
        ("1900Q1", "replays start at 2005Q1"),
        ("2004Q4", "replays start at 2005Q1"),
        ("2026Q2", "after the last GDP observation (2026Q1)"),
        ("2030Q1", "after the last GDP observation (2026Q1)"),
    ] {
        let e = Workbench::load_as_of(&DataSource::Embedded, None, None, Some(q(bad)))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains(want) && e.contains(bad), "{e}");
    }
}

#[test]
fn the_2025_replay_with_each_optional_channel_gives_the_readme_s_table() {
    // README, "Optional channels": `--as-of 2024Q4 forecast` (deal-15 vs KORUS, 10,000 paths, the
    // default seed) with each channel of models/model.toml switched on (`enabled = true`), the effect
    // on calendar-year growth in 2025 and 2026 (pp) and on the level at 2026Q4 (%), as printed there.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/model.toml")).unwrap();
    let dir = std::env::temp_dir().join(format!("headwind-channels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let on = |t: &str, table: &str| {
        let head = format!("[trade.{table}]");
        let at = t.find(&head).unwrap();
        let off = at + t[at..].find("enabled = false").unwrap();
        format!(
            "{}enabled = true{}",
            &t[..off],
            &t[off + "enabled = false".len()..]
        )
    };
    let income = on(&text, "income_channel");
    let uncertainty = on(&text, "uncertainty_channel");
    let fx = on(&text, "exchange_rate_channel");
    let all = on(&on(&income, "uncertainty_channel"), "exchange_rate_channel");
    for (name, spec, want) in [
        ("none", text.clone(), [-0.09, -0.16, -0.25]),
        ("income", income, [-0.15, -0.19, -0.34]),
        ("uncertainty", uncertainty, [-0.21, -0.33, -0.53]),
        ("exchange rate", fx, [-0.06, -0.12, -0.18]),
        ("all three", all, [-0.23, -0.31, -0.53]),
    ] {
        let path = dir.join(format!("{}.toml", name.replace(' ', "-")));
        std::fs::write(&path, spec).unwrap();
        let wb = Workbench::load_as_of(
            &DataSource::Embedded,
            None,
            Some(path.to_str().unwrap()),
            Some(q("2024Q4")),
        )
        .unwrap();
        let f = wb.forecast(&ForecastRequest::default(), &|_| {}).unwrap();
        let pp = |y: i32| {
            f.annual
                .iter()
                .find(|a| a.year == y)
                .unwrap()
                .effect_pp_mean
        };
        let got = [pp(2025), pp(2026), f.gdp_level_effect_pct];
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 0.005 + 1e-9,
                "{name}: {got:?} against the README's {want:?}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
