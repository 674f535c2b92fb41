//! The IO core against independent references: the Bank of Korea's own published sheets for the 2020
//! table (tests/fixtures/bok, copied from ../shared/data/raw/structure, see data/PROVENANCE.md) and
//! pymrio on the same table (tests/fixtures/pymrio_io.json, made by tools/reference/io_pymrio.py).

mod common;

use common::{close, codes, fixture, Sheet};
use headwind::data::{DataSource, Dataset};
use headwind::input_output::Leontief;
use ndarray::Array2;

fn model() -> (Dataset, Leontief) {
    let ds = Dataset::load(&DataSource::Embedded).expect("embedded data load");
    let m = Leontief::new(&ds.io).expect("productive table");
    (ds, m)
}

// Tolerances (issue #19): relative to the element, floored where elements are tiny (BOK prints 16
// significant digits), each the smallest of 1, 2, 5 x 10^k at or above three times the largest relative
// error measured on the faer and LAPACK backends (`HEADWIND_TOLERANCE_LOG`, tools/tolerance_report.py
// --suggest), floored at 1e-14; the measured error is in a comment at each comparison. The issue that
// introduced the test asked for 1e-9: the published sheets are reproduced to rounding.

#[test]
fn leontief_inverse_matches_bank_of_korea_2020() {
    // BOK sheet 생산유발계수: (I - A_d)^-1, with column sums (9590), power of dispersion (9801)
    // and sensitivity of dispersion (9802).
    let (_, m) = model();
    let l = m.leontief_inverse().unwrap();
    let bok = Sheet::load("kor_io2020_leontief_domestic_bok.csv");
    let c = codes();
    for (i, ri) in c.iter().enumerate() {
        for (j, cj) in c.iter().enumerate() {
            close(
                l[[i, j]],
                bok.get(ri, cj),
                2e-14, // measured 6.2e-15
                1e-6,
                &format!("L[{ri},{cj}]"),
            );
        }
    }
    let mult = m.multipliers().unwrap();
    for (j, cj) in c.iter().enumerate() {
        close(
            mult.output[j],
            bok.get("9590", cj),
            1e-14, // measured 1.0e-15
            1.0,
            &format!("output multiplier {cj}"),
        );
        close(
            mult.power_of_dispersion[j],
            bok.get("9801", cj),
            1e-14, // measured 1.4e-15
            1.0,
            &format!("power of dispersion {cj}"),
        );
        close(
            mult.sensitivity_of_dispersion[j],
            bok.get(cj, "9802"),
            1e-14, // measured 1.0e-15
            1.0,
            &format!("sensitivity {cj}"),
        );
    }
}

#[test]
fn value_added_inducement_matches_bank_of_korea_2020() {
    // BOK sheet 부가가치유발계수: v̂ (I - A_d)^-1 and its column totals (9590) = VA multipliers.
    let (_, m) = model();
    let l = m.leontief_inverse().unwrap();
    let vl = &l
        * &m.value_added_coefficients
            .view()
            .insert_axis(ndarray::Axis(1));
    let bok = Sheet::load("kor_io2020_va_inducement_bok.csv");
    let c = codes();
    for (i, ri) in c.iter().enumerate() {
        for (j, cj) in c.iter().enumerate() {
            close(
                vl[[i, j]],
                bok.get(ri, cj),
                2e-14, // measured 6.3e-15
                1e-6,
                &format!("vL[{ri},{cj}]"),
            );
        }
    }
    let mult = m.multipliers().unwrap();
    for (j, cj) in c.iter().enumerate() {
        close(
            mult.value_added[j],
            bok.get("9590", cj),
            1e-14, // measured 7.8e-16
            1.0,
            &format!("VA multiplier {cj}"),
        );
    }
}

#[test]
fn domestic_input_coefficients_match_bank_of_korea_2020() {
    let (_, m) = model();
    let bok = Sheet::load("kor_io2020_coef_domestic_Ad.csv");
    let c = codes();
    for (i, ri) in c.iter().enumerate() {
        for (j, cj) in c.iter().enumerate() {
            close(
                m.domestic_coefficients[[i, j]],
                bok.get(ri, cj),
                1e-14, // measured 6.6e-16
                1e-6,
                &format!("A_d[{ri},{cj}]"),
            );
        }
    }
}

#[test]
fn induced_output_value_added_and_imports_by_final_demand_match_bank_of_korea_2020() {
    // BOK sheets 최종수요항목별 생산/부가가치/수입유발액: induced amounts by product and final-demand item
    // (million KRW), subtotals (9819) and inducement coefficients (9811).
    let (_, m) = model();
    let ind = m.inducement().unwrap();
    let items = ["9111", "9112", "9121", "9122", "9131", "9132", "9140"];
    let c = codes();
    for (sheet, got) in [
        ("kor_io2020_fd_induced_output_bok.csv", &ind.output),
        ("kor_io2020_fd_induced_va_bok.csv", &ind.value_added),
        ("kor_io2020_fd_induced_imports_bok.csv", &ind.imports),
    ] {
        let bok = Sheet::load(sheet);
        for (k, item) in items.iter().enumerate() {
            let mut total = 0.0;
            for (i, ri) in c.iter().enumerate() {
                close(
                    got[[i, k]],
                    bok.get(ri, item),
                    5e-14, // measured 1.5e-14
                    1e3,
                    &format!("{sheet} [{ri},{item}]"),
                );
                total += got[[i, k]];
            }
            close(
                total,
                bok.get("9819", item),
                1e-14, // measured 7.8e-16
                1.0,
                &format!("{sheet} subtotal {item}"),
            );
        }
    }
    for (k, item) in items.iter().enumerate() {
        close(
            ind.output_coefficient[k],
            Sheet::load("kor_io2020_fd_induced_output_bok.csv").get("9811", item),
            1e-14, // measured 5.2e-16
            1.0,
            "output coef",
        );
        close(
            ind.value_added_coefficient[k],
            Sheet::load("kor_io2020_fd_induced_va_bok.csv").get("9811", item),
            1e-14, // measured 4.4e-16
            1.0,
            "VA coef",
        );
        close(
            ind.imports_coefficient[k],
            Sheet::load("kor_io2020_fd_induced_imports_bok.csv").get("9811", item),
            1e-14, // measured 1.1e-16
            1.0,
            "imports coef",
        );
    }
}

#[test]
fn exports_value_added_inducement_coefficient_is_0_6652() {
    // The headline figure BOK publishes for 2020: value added induced per unit of exports = 0.6652.
    let (ds, m) = model();
    let ind = m.inducement().unwrap();
    let k = ds.io.fd_index("exports").unwrap();
    assert_eq!(format!("{:.4}", ind.value_added_coefficient[k]), "0.6652");
}

#[derive(serde::Deserialize)]
struct Pymrio {
    leontief_inverse: Vec<Vec<f64>>,
    output_multiplier: Vec<f64>,
    va_multiplier: Vec<f64>,
    shocks: Vec<Vec<f64>>,
    output_change: Vec<Vec<f64>>,
    va_change: Vec<Vec<f64>>,
}

fn to_array(v: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((v.len(), v[0].len()), |(i, j)| v[i][j])
}

#[test]
fn leontief_multipliers_and_propagation_agree_with_pymrio() {
    let p: Pymrio =
        serde_json::from_str(&std::fs::read_to_string(fixture("pymrio_io.json")).unwrap()).unwrap();
    let (_, m) = model();
    let l = m.leontief_inverse().unwrap();
    let lp = to_array(&p.leontief_inverse);
    for ((i, j), v) in l.indexed_iter() {
        close(
            *v,
            lp[[i, j]],
            5e-14, // measured 7.2e-15
            1e-6,
            &format!("L[{i},{j}] vs pymrio"),
        );
    }
    let mult = m.multipliers().unwrap();
    for j in 0..83 {
        close(
            mult.output[j],
            p.output_multiplier[j],
            1e-14, // measured 6.6e-16
            1.0,
            "output multiplier vs pymrio",
        );
        close(
            mult.value_added[j],
            p.va_multiplier[j],
            1e-14, // measured 6.7e-16
            1.0,
            "VA multiplier vs pymrio",
        );
    }
    let shocks = to_array(&p.shocks);
    let prop = m.propagate(shocks.view()).unwrap();
    let (dx, dva) = (to_array(&p.output_change), to_array(&p.va_change));
    for ((i, k), v) in prop.output.indexed_iter() {
        close(
            *v,
            dx[[i, k]],
            1e-14, // measured 1.1e-15
            1.0,
            &format!("output change [{i},{k}] vs pymrio"),
        );
        close(
            prop.value_added[[i, k]],
            dva[[i, k]],
            1e-14, // measured 1.1e-15
            1.0,
            &format!("VA change [{i},{k}] vs pymrio"),
        );
    }
    // Direct + indirect = total, by construction of the split.
    let back = &prop.output_direct + &prop.output_indirect();
    for (a, b) in back.iter().zip(prop.output.iter()) {
        close(*a, *b, 1e-14, 1.0, "direct + indirect"); // measured 1.5e-16
    }
}

#[test]
fn korean_value_added_in_partner_exports_matches_pymrio_on_wiod_2011() {
    // tests/fixtures/valuechain_reference.json: pymrio's IOSystem on the WIOD 2013 release's 2011 world
    // table (tools/reference/valuechain_pymrio.py), Korean value added embodied in each partner's
    // exports to the US by WIOD sector (USD mn), split into direct (Korean inputs the partner buys) and
    // indirect (through third countries). The shipped data's 2011 rows (method `wiod2011_exact`,
    // tools/derive_valuechains.py) sum WIOD sectors to value-chain groups
    // (data/concordance_wiod_groups.csv) and print USD bn to 6 decimals: each group, each split and the
    // partner's exports to the US must equal pymrio's within that rounding (0.5e-6 bn), and the groups
    // must add up to pymrio's partner total.
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("valuechain_reference.json")).unwrap(),
    )
    .unwrap();
    let conc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/concordance_wiod_groups.csv"
    ))
    .unwrap();
    // wiod_sector -> vc_group (the 4th column; names are quoted and hold commas, hence the csv crate).
    let mut rdr = csv::Reader::from_reader(conc.as_bytes());
    let group_of: std::collections::BTreeMap<String, String> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].to_string())
        })
        .collect();
    let mut checked = 0;
    for partner in ["CAN", "CHN", "DEU", "JPN", "MEX", "TWN"] {
        let p = &want["partners"][partner];
        let by_sector = p["va_by_korean_sector_usd_mn"].as_object().unwrap();
        let mut by_group = std::collections::BTreeMap::<String, f64>::new();
        for (s, v) in by_sector {
            *by_group.entry(group_of[s].clone()).or_default() += v.as_f64().unwrap() / 1000.0;
        }
        let rows: Vec<_> = ds
            .value_chains
            .iter()
            .filter(|r| r.partner == partner && r.year == 2011)
            .collect();
        assert_eq!(rows.len(), by_group.len(), "{partner}: one row per group");
        for r in &rows {
            let g = by_group[&r.korean_sector];
            assert!(
                (r.va_usd_bn - g).abs() <= 0.5e-6 + 1e-12,
                "{partner} {}: data {} vs pymrio {g}",
                r.korean_sector,
                r.va_usd_bn
            );
            assert!((r.direct_usd_bn + r.indirect_usd_bn - r.va_usd_bn).abs() <= 1.5e-6);
            let exports = p["exports_to_us_usd_mn"].as_f64().unwrap() / 1000.0;
            assert!((r.partner_exports_to_us_usd_bn - exports).abs() <= 0.5e-3 + 1e-12);
            checked += 1;
        }
        let total: f64 = rows.iter().map(|r| r.va_usd_bn).sum();
        let direct: f64 = rows.iter().map(|r| r.direct_usd_bn).sum();
        let tol = 0.5e-6 * rows.len() as f64 + 1e-12;
        assert!(
            (total - p["va_usd_mn"].as_f64().unwrap() / 1000.0).abs() <= tol,
            "{partner} total"
        );
        assert!(
            (direct - p["direct_usd_mn"].as_f64().unwrap() / 1000.0).abs() <= tol,
            "{partner} direct"
        );
    }
    assert_eq!(checked, 6 * 14);
}
