//! A two-sector forecast built entirely in code (no shipped data or model files), checked against a
//! hand derivation of every step: wedge, export change, value-added multiplier, level and growth
//! deviation, and the ARX propagation.

mod common;

use headwind::econometrics::ArxLayout;
use headwind::econometrics::Channel;
use headwind::forecast::{
    ChannelDraw, Channels, Forecaster, GdpEquation, McSettings, Measure, PartnerExposure, Scenario,
    Shocks,
};
use headwind::input_output::{Concordance, Leontief};
use headwind::trade::{ElasticityUsed, ExportResponse, TradeDraw};
use ndarray::{array, Array2};

fn model() -> Forecaster {
    model_with_pass_through(1.0)
}

fn model_with_pass_through(phi: f64) -> Forecaster {
    model_with(phi, false)
}

/// The two-sector model; with `split` each sector is its own reporting group (`g0`, `g1`), so
/// group `g1` exports nothing to the US.
fn model_with(phi: f64, split: bool) -> Forecaster {
    // y_t = 0.5 + 0.5 y_{t-1}, no shocks, from y = 1 in 2025Q4 (the steady state).
    model_with_gdp(phi, split, arx_gdp(vec![0.5, 0.5], vec![]))
}

/// The two-sector response: sector 0 exports `x0` KRW bn a quarter to the US, sector 1 nothing;
/// pass-through `phi` (no s.d.), relative elasticities 1, ε = 1, the whole effect in the first
/// quarter, no diversion.
fn response_with_exports(x0: f64, phi: f64) -> ExportResponse {
    response_for(array![x0, 0.0], phi)
}

/// The same response for any number of sectors exporting `x` KRW bn a quarter each.
fn response_for(x: ndarray::Array1<f64>, phi: f64) -> ExportResponse {
    let n = x.len();
    ExportResponse::new(
        x,
        ndarray::Array1::ones(n),
        ndarray::Array1::from_elem(n, phi),
        ndarray::Array1::zeros(n),
        vec![1.0],
        0.0,
        0.0,
        ElasticityUsed {
            value: 1.0,
            sd: 0.0,
            source: "hand derivation".into(),
        },
    )
    .unwrap()
}

/// An ARX(1) GDP equation with coefficients `beta` (constant, AR(1), then one per driver term),
/// no shocks or parameter uncertainty, and one observation: y = 1 in 2025Q4.
fn arx_gdp(beta: Vec<f64>, drivers: Vec<(String, usize, Vec<Option<f64>>)>) -> GdpEquation {
    let k = beta.len();
    GdpEquation {
        layout: ArxLayout {
            p: 1,
            drivers: drivers.len(),
        },
        beta: beta.into(),
        chol: Array2::zeros((k, k)),
        sigma: 0.0,
        residuals: vec![0.0],
        drivers,
        quarters: vec!["2025Q4".parse().unwrap()],
        y: vec![Some(1.0)],
        local_mean: None,
    }
}

/// The two-sector economy with GDP equation `gdp`.
fn model_with_gdp(phi: f64, split: bool, gdp: GdpEquation) -> Forecaster {
    // Z = [[20, 10], [30, 20]], x = [100, 200] (million KRW, no imports): A = [[0.2, 0.05], [0.3, 0.1]],
    // v = (0.5, 0.85). With no imports all final demand becomes value added, so vᵀL = (1, 1).
    // Value added 0.5·100 + 0.85·200 = 220 million KRW a year = 0.055 KRW bn a quarter.
    let table = common::balanced_table(array![[20.0, 10.0], [30.0, 20.0]], array![100.0, 200.0]);
    let leontief = Leontief::new(&table).unwrap();
    let spec: Vec<(String, String, Vec<String>)> = if split {
        vec![
            ("g0".into(), "Sector 0".into(), vec!["s0".into()]),
            ("g1".into(), "Sector 1".into(), vec!["s1".into()]),
        ]
    } else {
        vec![(
            "all".into(),
            "Both sectors".into(),
            vec!["s0".into(), "s1".into()],
        )]
    };
    let groups = Concordance::new("built in code", "", &spec, &table.sectors).unwrap();
    // Sector 0 exports 0.011 KRW bn a quarter to the US; φ = 1, ε = 1, all in the first quarter.
    let response = response_with_exports(0.011, phi);
    Forecaster::from_parts(response, leontief, groups, gdp, 1000.0).unwrap()
}

#[test]
fn a_ten_percent_tariff_on_a_two_sector_economy_matches_the_hand_derivation() {
    let fc = model();
    assert!((fc.quarterly_value_added() - 0.055).abs() < 1e-15);
    let start = fc.first_forecast_quarter();
    assert_eq!(start.to_string(), "2026Q1");
    let tariff = ten_percent_on_sector_0(&fc);
    let base = tariff.korus_like();
    let mc = McSettings {
        paths: 3,
        seed: 1,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let sim = fc.simulate(&tariff, &base, mc, &|_| {}).unwrap();
    // ΔE = 0.011 (1/1.1 − 1) = −0.001 KRW bn every quarter; ΔVA = 1 · ΔE; level −100·0.001/0.055 =
    // −1.8182% from the first quarter on, so d = (−1.8182, 0, 0, 0), and the AR(1) carries it with
    // weight 0.5^t: scenario growth 1 − 1.8182·0.5^t, baseline 1.
    let d0 = -100.0 * 0.001 / 0.055;
    for path in 0..3 {
        for t in 0..4 {
            let want = 1.0 + d0 * 0.5f64.powi(t as i32);
            assert!(
                (sim.scenario[path][t] - want).abs() < 1e-12,
                "t={t}: {}",
                sim.scenario[path][t]
            );
            assert!((sim.baseline[path][t] - 1.0).abs() < 1e-15);
        }
    }
    let (effects, tau) = fc.sector_effects(&tariff, &base).unwrap();
    assert_eq!(tau, vec![10.0; 4], "all exports to the US are sector 0's");
    let e = &effects[0];
    assert!((e.exports_to_us_change_krw_bn + 0.004).abs() < 1e-15);
    assert!((e.exports_to_us_change_pct - 100.0 * (1.0 / 1.1 - 1.0)).abs() < 1e-12);
    assert!((e.value_added_change_pct_gdp - d0).abs() < 1e-12);
    assert!((e.exports_to_us_change_usd_bn + 0.004 / 1000.0).abs() < 1e-18);
}

fn ten_percent_on_sector_0(fc: &Forecaster) -> Scenario {
    let start = fc.first_forecast_quarter();
    Scenario::builder("ten", start, 4)
        .measure(Measure::additional(
            "10% on sector 0",
            10.0,
            vec![1.0, 0.0],
            start,
            None,
        ))
        .build()
        .unwrap()
}

/// The sector table of 10% on sector 0 against KORUS, one group per sector, pass-through `phi`.
fn split_sector_table(phi: f64) -> Vec<headwind::forecast::SectorEffect> {
    let fc = model_with(phi, true);
    let tariff = ten_percent_on_sector_0(&fc);
    fc.sector_effects(&tariff, &tariff.korus_like()).unwrap().0
}

#[test]
fn a_group_with_no_exports_to_the_us_reports_zeros_not_nan() {
    // Group g1 (sector 1) exports nothing to the US: its export change is 0 of 0, reported as 0%
    // (not NaN), and with no export change of its own its direct share is 0. Its value added still
    // falls, through the inputs it sells to sector 0: ΔVA₁ = v₁ (L ΔE)₁ with ΔE = (−0.001, 0) KRW bn a
    // quarter, L = (I − A)⁻¹, A = [[0.2, 0.05], [0.3, 0.1]]: det(I − A) = 0.8·0.9 − 0.05·0.3 = 0.705,
    // L₁₀ = 0.3 / 0.705, v₁ = 0.85, so ΔVA₁ = −0.85 · 0.3 / 0.705 · 0.001 per quarter.
    let effects = split_sector_table(1.0);
    let g1 = &effects[1];
    assert_eq!(g1.group, "g1");
    assert_eq!(g1.exports_to_us_change_krw_bn, 0.0);
    assert_eq!(g1.exports_to_us_change_pct, 0.0, "0 of 0 exports is 0%");
    assert_eq!(g1.direct_share, 0.0, "no own export change, no direct part");
    let dva1 = -0.85 * 0.3 / 0.705 * 0.001;
    // % of the group's value added (0.85 · 200 / 4000 KRW bn a quarter) and of GDP (0.055).
    assert!((g1.value_added_change_pct - 100.0 * dva1 / (0.85 * 200.0 / 4000.0)).abs() < 1e-12);
    assert!((g1.value_added_change_pct_gdp - 100.0 * dva1 / 0.055).abs() < 1e-12);
    // Group g0 is the whole export change, and its own direct share v₀ΔE₀ / (v₀ (LΔE)₀) = 1 / L₀₀ =
    // 0.705 / 0.9.
    let g0 = &effects[0];
    assert!((g0.exports_to_us_change_pct - 100.0 * (1.0 / 1.1 - 1.0)).abs() < 1e-12);
    assert!((g0.direct_share - 0.705 / 0.9).abs() < 1e-12);
}

#[test]
fn exporters_that_absorb_the_whole_tariff_lose_value_not_volume() {
    // φ = 0: the exporter cuts its price by the whole wedge, the volume does not move (v = 1), so real
    // value added does not change and the direct share of a zero change is reported as 0 (not 0/0);
    // the export value falls by the price part 0.011 (1/1.1 − 1) KRW bn a quarter.
    let effects = split_sector_table(0.0);
    let g0 = &effects[0];
    assert!((g0.exports_to_us_change_krw_bn - 4.0 * 0.011 * (1.0 / 1.1 - 1.0)).abs() < 1e-15);
    assert_eq!(g0.value_added_change_pct_gdp, 0.0);
    assert_eq!(g0.direct_share, 0.0);
}

#[test]
fn the_tariff_schedule_lists_taxed_sectors_and_the_goods_rate() {
    // Sector 0 alone is taxed (10% from the first quarter) and both sectors are goods (positive relative
    // elasticity), so the schedule has one row, and the goods-only rate is Σ τ_j X_j / Σ X_j =
    // 10 · 0.011 / 0.011 = 10% in the scenario and 0% under KORUS.
    let fc = model_with(1.0, true);
    let tariff = ten_percent_on_sector_0(&fc);
    let (rows, goods, goods_base) = fc.tariff_schedule(&tariff, &tariff.korus_like());
    assert_eq!(rows.len(), 1, "an untaxed sector has no row");
    assert_eq!(
        (rows[0].code.as_str(), rows[0].group.as_str()),
        ("s0", "g0")
    );
    assert_eq!(rows[0].rates, vec![10.0; 4]);
    assert_eq!(rows[0].baseline_rates, vec![0.0; 4]);
    // No negative zeros (which JSON would print as -0.0).
    assert!(rows[0].baseline_rates.iter().all(|v| v.is_sign_positive()));
    assert!(goods.iter().all(|v| (v - 10.0).abs() < 1e-12), "{goods:?}");
    assert!(goods_base.iter().all(|v| *v == 0.0), "{goods_base:?}");
    // The other way round (KORUS against the tariff): the untaxed scenario's own rates are +0 too.
    let (rows, _, _) = fc.tariff_schedule(&tariff.korus_like(), &tariff);
    assert_eq!(rows[0].rates, vec![0.0; 4]);
    assert!(rows[0].rates.iter().all(|v| v.is_sign_positive()));
    assert_eq!(rows[0].baseline_rates, vec![10.0; 4]);
}

fn on_china(fc: &Forecaster, rate: f64) -> Scenario {
    let start = fc.first_forecast_quarter();
    let mut m = Measure::additional("on China", rate, vec![1.0], start, None);
    m.partner = Some("CHN".into());
    Scenario::builder(&format!("chn-{rate}"), start, 4)
        .measure(m)
        .build()
        .unwrap()
}

#[test]
fn a_tariff_on_a_partner_reaches_korea_through_the_value_added_in_its_exports() {
    // China's exports to the US embody 0.0011 KRW bn a quarter of Korean value added (a quarter of it
    // in inputs China buys directly); partners' pass-through φ = 0.8, ε = 1, the lag profile puts the
    // whole response in the quarter of the change. A 25% tariff on China: its exports to the US change
    // by v = 1.25^−0.8 − 1 every quarter, Korean value added by 0.0011 v KRW bn, the GDP level by
    // 100 · 0.0011 v / 0.055 = 2v % (d = (2v, 0, 0, 0) through the AR(1), as in the first test). Against a
    // comparator with 10% on China the effect is the difference of the two volume changes.
    let exposure = PartnerExposure {
        partner: "CHN".into(),
        year: 2022,
        sectors: vec![("chem".into(), 0.0011, 0.25)],
    };
    let fc = model().with_value_chains(vec![exposure.clone()], (0.8, 0.0));
    let s25 = on_china(&fc, 25.0);
    let korus = s25.korus_like();
    let v25 = 1.25f64.powf(-0.8) - 1.0;
    let v10 = 1.1f64.powf(-0.8) - 1.0;
    let e = fc.value_chain_effects(&s25, &korus);
    assert_eq!(e.len(), 1);
    let krw = 0.0011 * 4.0 * v25;
    assert!((e[0].va_change_usd_bn - krw / 1179.60).abs() < 1e-15);
    assert!((e[0].va_change_pct_gdp - 100.0 * krw / (0.055 * 4.0)).abs() < 1e-12);
    assert!((e[0].direct_usd_bn - 0.25 * krw / 1179.60).abs() < 1e-15);
    assert!((e[0].indirect_usd_bn - 0.75 * krw / 1179.60).abs() < 1e-15);
    let e = fc.value_chain_effects(&s25, &on_china(&fc, 10.0));
    let krw = 0.0011 * 4.0 * (v25 - v10);
    assert!((e[0].va_change_usd_bn - krw / 1179.60).abs() < 1e-15);
    // Through the simulation: only the value chain moves GDP (Korea's own tariffs are unchanged).
    let mc = McSettings {
        paths: 2,
        seed: 3,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let sim = fc.simulate(&s25, &korus, mc, &|_| {}).unwrap();
    for path in 0..2 {
        for t in 0..4 {
            let want = 1.0 + 2.0 * v25 * 0.5f64.powi(t as i32);
            let got = sim.scenario[path][t];
            assert!((got - want).abs() < 1e-12, "t={t}: {got} vs {want}");
        }
    }
    // A drawn path: partners' pass-through 0.8 + 0.1 z_φ (z_φ = 1: 0.9; z_φ = 3: 1.1, clamped to 1)
    // and ε = 1.5 give the level 2 (1.25^(−1.5 φ) − 1) % in every quarter.
    let fc = model().with_value_chains(vec![exposure], (0.8, 0.1));
    for (z, phi) in [(1.0, 0.9), (3.0, 1.0), (-9.0, 0.0)] {
        let t = TradeDraw {
            elasticity: 1.5,
            phi_z: z,
            diversion: 0.0,
            wedge_scale: 1.0,
        };
        let level = fc.value_chain_level(&s25, t);
        let want = 2.0 * (1.25f64.powf(-1.5 * phi) - 1.0);
        assert!(
            level.iter().all(|l| (l - want).abs() < 1e-12),
            "z_φ = {z}: {level:?} vs {want}"
        );
    }
    // Scaling the Korean value added in partners' exports by 2.5 (the value-chain sensitivity)
    // scales the level by 2.5: 5 (1.25^(−1.5 φ) − 1) % at φ = 0.9.
    let scaled = fc.clone().with_value_chain_scale(2.5);
    let t = TradeDraw {
        elasticity: 1.5,
        phi_z: 1.0,
        diversion: 0.0,
        wedge_scale: 1.0,
    };
    let want = 5.0 * (1.25f64.powf(-1.5 * 0.9) - 1.0);
    let level = scaled.value_chain_level(&s25, t);
    assert!(
        level.iter().all(|l| (l - want).abs() < 1e-12),
        "{level:?} vs {want}"
    );
    // Without exposure data the partner measure does nothing.
    let sim = model().simulate(&s25, &korus, mc, &|_| {}).unwrap();
    assert!(sim.scenario[0].iter().all(|g| (g - 1.0).abs() < 1e-15));
}

fn channel(value: f64) -> Option<Channel> {
    Some(Channel {
        enabled: true,
        value,
        sd: 0.0,
        source: "hand derivation".into(),
    })
}

#[test]
fn the_optional_channels_match_the_hand_derivation() {
    // φ = 0.5: Δln X = −0.5 ln 1.1 (ε = 1) and Δln P = −0.5 ln 1.1, so with v = 1.1^−0.5 the volume
    // change is 0.011 (v − 1) and the price part 0.011 v (v − 1) KRW bn; with multipliers 1 and
    // quarterly value added 0.055 the level ℓ = 20 (v − 1) % and the terms-of-trade loss T = 20 v (v − 1) %.
    let fc = model_with_pass_through(0.5);
    let tariff = ten_percent_on_sector_0(&fc);
    let base = tariff.korus_like();
    let w = fc.wedges(&tariff, &base);
    let t = fc.response().central();
    let v = 1.1f64.powf(-0.5);
    let (l, tot) = (20.0 * (v - 1.0), 20.0 * v * (v - 1.0));
    let off = ChannelDraw {
        income_share: 0.0,
        uncertainty: 0.0,
        exchange_rate_offset: 0.0,
    };
    let (d, t_end) = fc.deviation_with(&w, &tariff, t, off, None, &[]);
    assert!((d[0] - l).abs() < 1e-12 && d[1..].iter().all(|x| x.abs() < 1e-12));
    assert!((t_end - tot).abs() < 1e-12);
    // The old entry point gives the same numbers when no channel is on.
    assert_eq!(
        fc.deviation_and_terms_of_trade(&w, &tariff, t),
        (d.clone(), t_end)
    );
    assert!((fc.terms_of_trade_end(&w, &tariff, t) - tot).abs() < 1e-12);
    assert_eq!(fc.growth_deviation(&w, &tariff, t), d);

    // Income channel, share 0.2: ℓ' = ℓ + 0.2 c_pc (ℓ + T), c_pc = 1 (no imports: all final demand is
    // value added); the terms-of-trade loss itself is unchanged.
    let fc = fc.with_channels(Channels {
        income: channel(0.2),
        uncertainty: channel(0.02),
        exchange_rate: channel(0.27),
        consumption_va_inducement: 1.0,
    });
    let c = |s: f64, k: f64, th: f64| ChannelDraw {
        income_share: s,
        uncertainty: k,
        exchange_rate_offset: th,
    };
    let (d, t_end) = fc.deviation_with(&w, &tariff, t, c(0.2, 0.0, 0.0), None, &[]);
    assert!((d[0] - (l + 0.2 * (l + tot))).abs() < 1e-12, "{}", d[0]);
    assert!((t_end - tot).abs() < 1e-12);

    // Uncertainty, 0.02 % per point: the index is the goods wedge 100 ln 1.1 from the first quarter
    // (one-quarter lag profile), so ℓ' = ℓ − 0.02 · 100 ln 1.1.
    let idx = fc.tariff_index(&w);
    for u in &idx {
        assert!((u - 100.0 * 1.1f64.ln()).abs() < 1e-12);
    }
    let (d, _) = fc.deviation_with(&w, &tariff, t, c(0.0, 0.02, 0.0), None, &idx);
    assert!((d[0] - (l - 2.0 * 1.1f64.ln())).abs() < 1e-12);

    // Exchange rate, offset 0.27: the wedge becomes 0.73 ln 1.1, so v = 1.1^(−0.5·0.73).
    let (d, t_end) = fc.deviation_with(&w, &tariff, t, c(0.0, 0.0, 0.27), None, &[]);
    let v = 1.1f64.powf(-0.5 * 0.73);
    assert!((d[0] - 20.0 * (v - 1.0)).abs() < 1e-12);
    assert!((t_end - 20.0 * v * (v - 1.0)).abs() < 1e-12);

    // All three, and a value-chain level added before the income channel acts on it.
    let vc = [-0.1, -0.1, -0.1, -0.1];
    let (d, _) = fc.deviation_with(&w, &tariff, t, c(0.2, 0.02, 0.27), Some(&vc), &idx);
    let l1 = 20.0 * (v - 1.0) - 0.1;
    let want = l1 + 0.2 * (l1 + 20.0 * v * (v - 1.0)) - 2.0 * 1.1f64.ln();
    assert!((d[0] - want).abs() < 1e-12, "{} vs {want}", d[0]);

    // Channels with sd 0 in the Monte Carlo: each path's first-quarter deviation is the same, and
    // the AR(1) carries it: growth 1 + d_0 0.5^t.
    let mc = McSettings {
        paths: 2,
        seed: 3,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let sim = fc.simulate(&tariff, &base, mc, &|_| {}).unwrap();
    let (d, _) = fc.deviation_with(&w, &tariff, t, fc.channels().central(), None, &idx);
    for p in 0..2 {
        for k in 0..4 {
            let want = 1.0 + d[0] * 0.5f64.powi(k as i32);
            assert!((sim.scenario[p][k] - want).abs() < 1e-12);
        }
    }
}

/// The memory a kept path takes, in the `--paths` limit's message: per path two growth paths of
/// `q` quarters (f64 each) with their vector headers and the terms-of-trade value, counted twice
/// (the kept path and the per-path result before it is collected); sizes from the standard library.
#[test]
fn bytes_per_path_counts_both_growth_paths_their_headers_and_the_in_flight_copy() {
    use std::mem::size_of;
    for q in [1usize, 8, 40] {
        let one = 2 * (size_of::<Vec<f64>>() + q * size_of::<f64>()) + size_of::<f64>();
        assert_eq!(
            headwind::forecast::bytes_per_path(q),
            2 * one,
            "{q} quarters"
        );
    }
    // Eight quarters: 368 bytes, so the limit of a million paths is about 0.37 GB.
    assert_eq!(headwind::forecast::bytes_per_path(8), 368);
}

/// The path limit is inclusive: a million paths run, one more is refused with the memory it would
/// take (368 bytes a path at 8 quarters: 0.4 GB), and zero paths are refused.
#[test]
fn the_path_limit_admits_exactly_a_million_paths() {
    use headwind::forecast::{check_paths, MAX_PATHS};
    assert_eq!(MAX_PATHS, 1_000_000);
    assert!(check_paths(1, 8).is_ok());
    assert!(check_paths(MAX_PATHS, 8).is_ok());
    let err = check_paths(MAX_PATHS + 1, 8).unwrap_err().to_string();
    assert!(
        err.contains("--paths 1000001 is above the limit of 1000000")
            && err.contains("about 368 bytes a path here, 0.4 GB at this count"),
        "{err}"
    );
    let err = check_paths(0, 8).unwrap_err().to_string();
    assert!(err.contains("at least 1"), "{err}");
}

/// ARX drivers at lags 0 and 1: the first forecast quarter takes a lagged driver's last observed
/// value from the data, later quarters the scenario's path one quarter back (hand derivation).
#[test]
fn a_lagged_driver_uses_its_last_observation_then_the_scenario_path() {
    // y_t = 0.5 + 0.5 y_{t-1} + 0.2 us_t - 0.1 fx_{t-1}; data end 2025Q4 with y = 1, fx = 2.
    let gdp = arx_gdp(
        vec![0.5, 0.5, 0.2, -0.1],
        vec![
            ("us".into(), 0, vec![Some(0.6)]),
            ("fx".into(), 1, vec![Some(2.0)]),
        ],
    );
    let fc = model_with_gdp(1.0, false, gdp);
    let start = fc.first_forecast_quarter();
    let s = Scenario::builder("drivers", start, 4)
        .driver("us", vec![1.0; 4])
        .driver("fx", vec![3.0, 4.0, 5.0, 6.0])
        .build()
        .unwrap();
    let mc = McSettings {
        paths: 2,
        seed: 1,
        shocks: Shocks::Gaussian,
        parameter_uncertainty: false,
    };
    let sim = fc.simulate(&s, &s, mc, &|_| {}).unwrap();
    // 2026Q1: 0.5 + 0.5 + 0.2 - 0.1 · 2 (fx of 2025Q4, data) = 1; then fx of the quarter before
    // from the path: 0.5 + 0.5 + 0.2 - 0.3 = 0.9, 0.5 + 0.45 + 0.2 - 0.4 = 0.75, 0.5 + 0.375 +
    // 0.2 - 0.5 = 0.575.
    let want = [1.0, 0.9, 0.75, 0.575];
    for path in &sim.scenario {
        for (t, (got, w)) in path.iter().zip(want).enumerate() {
            assert!((got - w).abs() < 1e-12, "quarter {t}: {got} against {w}");
        }
    }
    // A lagged driver with no observation before the start is an error naming it.
    let gdp = arx_gdp(vec![0.5, 0.5, -0.1], vec![("fx".into(), 1, vec![None])]);
    let fc = model_with_gdp(1.0, false, gdp);
    let s = Scenario::builder("drivers", start, 4)
        .driver("fx", vec![3.0, 4.0, 5.0, 6.0])
        .build()
        .unwrap();
    let err = fc.simulate(&s, &s, mc, &|_| {}).unwrap_err().to_string();
    assert!(err.contains("driver `fx` has no data for 2025Q4"), "{err}");
}

/// A tariff effect that moves the GDP level by more than a whole year's GDP (the sum of absolute
/// quarterly deviations above 100%) is refused as implausible input, in the scenario or in its
/// comparator; a large effect below the bound is an answer.
#[test]
fn a_tariff_effect_larger_than_a_year_of_gdp_is_refused_in_either_scenario() {
    let with_exports = |x0: f64| model().map_response(|_| response_with_exports(x0, 1.0));
    let mc = McSettings {
        paths: 2,
        seed: 1,
        shocks: Shocks::Gaussian,
        parameter_uncertainty: false,
    };
    // Exports of 1 KRW bn a quarter: the 10% tariff cuts them by 1 − 1/1.1 = 0.0909, 165% of the
    // quarterly value added (0.055): a level deviation of −165% in the first quarter, then flat.
    let fc = with_exports(1.0);
    let t = ten_percent_on_sector_0(&fc);
    let k = t.korus_like();
    for (s, b) in [(&t, &k), (&k, &t)] {
        let err = fc.simulate(s, b, mc, &|_| {}).unwrap_err().to_string();
        assert!(
            err.contains("moves the GDP level by more than 100%"),
            "{} vs {}: {err}",
            s.name,
            b.name
        );
    }
    // Half the exports: −82.6%, within the bound.
    let fc = with_exports(0.5);
    let t = ten_percent_on_sector_0(&fc);
    let sim = fc.simulate(&t, &t.korus_like(), mc, &|_| {}).unwrap();
    let d0 = -100.0 * 0.5 * (1.0 - 1.0 / 1.1) / 0.055;
    assert!(
        (sim.scenario[0][0] - (1.0 + d0)).abs() < 1e-9,
        "{}",
        sim.scenario[0][0]
    );
}

/// Banked draws (the sweep's) give the simulation's paths exactly, and are refused for a scenario
/// of another horizon or by a forecaster with other channels on; progress comes in blocks of 256
/// completed paths.
#[test]
fn banked_paths_are_the_simulation_s_and_refuse_another_horizon_or_channel_set() {
    let fc = model();
    let t = ten_percent_on_sector_0(&fc);
    let k = t.korus_like();
    let mc = McSettings {
        paths: 5,
        seed: 3,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let bank = fc.draw_bank(&t, mc).unwrap();
    let banked = fc.simulate_bank(&bank, &t, &k).unwrap();
    let direct = fc.simulate(&t, &k, mc, &|_| {}).unwrap();
    assert_eq!(banked.scenario, direct.scenario);
    assert_eq!(banked.baseline, direct.baseline);
    assert_eq!(banked.terms_of_trade, direct.terms_of_trade);
    // Four quarters against a bank of five.
    let start = fc.first_forecast_quarter();
    let long = Scenario::builder("long", start, 5).build().unwrap();
    let bank5 = fc.draw_bank(&long, mc).unwrap();
    let err = fc.simulate_bank(&bank5, &t, &k).unwrap_err().to_string();
    assert!(err.contains("does not fit the banked paths"), "{err}");
    // A direct simulation needs the scenario and its comparator on one horizon: the same start but
    // four quarters against five is refused.
    let err = fc.simulate(&t, &long, mc, &|_| {}).unwrap_err().to_string();
    assert!(err.contains("must share the horizon"), "{err}");
    // The bank has no channel draws; a forecaster with the income channel on needs them.
    let with_income = model().with_channels(Channels {
        income: channel(0.2),
        uncertainty: None,
        exchange_rate: None,
        consumption_va_inducement: 1.0,
    });
    let err = with_income
        .simulate_bank(&bank, &t, &k)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not fit the banked paths"), "{err}");
    // 1,000 paths report 3 blocks of 256 (the last 232 are not a full block).
    let done = std::sync::atomic::AtomicU64::new(0);
    let mc = McSettings { paths: 1000, ..mc };
    fc.simulate(&t, &k, mc, &|n| {
        done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(done.into_inner(), 768);
}

#[test]
fn parts_that_do_not_fit_together_are_refused_with_their_sizes() {
    let table = common::balanced_table(array![[20.0, 10.0], [30.0, 20.0]], array![100.0, 200.0]);
    let groups = || {
        let spec = vec![(
            "all".to_string(),
            "Both sectors".to_string(),
            vec!["s0".to_string(), "s1".to_string()],
        )];
        Concordance::new("built in code", "", &spec, &table.sectors).unwrap()
    };
    let leontief = || Leontief::new(&table).unwrap();
    // An export response for three sectors against a two-sector IO model (the groups fit the IO).
    let three = response_for(array![0.011, 0.0, 0.0], 1.0);
    let e = Forecaster::from_parts(
        three,
        leontief(),
        groups(),
        arx_gdp(vec![0.5, 0.5], vec![]),
        1000.0,
    )
    .err()
    .expect("three sectors against two")
    .to_string();
    assert!(
        e.contains("the export response has 3 sectors, the IO model 2, the groups 2"),
        "{e}"
    );
    // Three GDP coefficients for an AR(1) without drivers (the driver list fits the layout).
    let e = Forecaster::from_parts(
        response_with_exports(0.011, 1.0),
        leontief(),
        groups(),
        arx_gdp(vec![0.5, 0.5, 0.1], vec![]),
        1000.0,
    )
    .err()
    .expect("three coefficients for two")
    .to_string();
    assert!(
        e.contains("GDP coefficients do not match their layout"),
        "{e}"
    );
    // And the parts that fit are accepted.
    assert!(Forecaster::from_parts(
        response_with_exports(0.011, 1.0),
        leontief(),
        groups(),
        arx_gdp(vec![0.5, 0.5], vec![]),
        1000.0,
    )
    .is_ok());
}
