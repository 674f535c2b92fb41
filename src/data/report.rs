//! The result of `data`: every dataset (rows, span, source, hash) and the checks run on load.

use super::Dataset;
use crate::error::Result;
use crate::input_output::Leontief;
use crate::report::{csv_field, Align, Meta, Table};

/// One dataset.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// File name.
    pub name: String,
    /// Where it was read from (`embedded:NAME` or a path).
    pub origin: String,
    /// Data rows.
    pub rows: usize,
    /// Time span or coverage.
    pub span: String,
    /// Publisher(s).
    pub source: &'static str,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// The checks run on load, with their values.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Checks {
    /// Relative tolerance of the IO accounting identities.
    pub io_identities_rtol: f64,
    /// Largest column sum of A_d.
    pub io_max_column_sum_a_d: f64,
    /// Upper bound on the spectral radius of A_d.
    pub io_spectral_radius_bound: f64,
    /// Value added induced per unit of exports (BOK publishes 0.6652).
    pub export_va_inducement_coefficient: f64,
    /// Contiguous quarters of macro data.
    pub macro_quarters: usize,
    /// Goods exports to the US in the exposure's year (2024, current USD bn) and the customs figure.
    pub exposure_goods_usd_bn: (f64, f64),
    /// Korean value added in all partners' exports to the US, latest year (year, USD bn), and the
    /// published KIET totals (final-goods concept) it is checked against.
    pub value_chains_total: (i32, f64),
    /// KIET: Korean value added reaching the US through third countries' final-goods exports
    /// (2021, 2022, 2023; USD bn; raw/valuechains/PROVENANCE.md).
    pub kiet_published: [(i32, f64); 3],
    /// Reconciliation of the tariff record with duties collected, 2025Q2: (the record's
    /// goods-export-weighted rate %, implied duties USD bn = rate × US imports from Korea, published
    /// effective rate %, published duties USD bn).
    pub duties_2025q2: Option<(f64, f64, f64, f64)>,
}

/// The result of `data`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DataReport {
    /// Version, data version and backend.
    pub meta: Meta,
    /// Every dataset.
    pub datasets: Vec<Entry>,
    /// The checks.
    pub checks: Checks,
    /// `ok` (loading fails otherwise).
    pub status: &'static str,
}

fn describe(name: &str, ds: &Dataset) -> (String, &'static str) {
    let q = &ds.macro_q.quarters;
    match name {
        "io2020_sectors.csv" => (
            format!("{} sectors", ds.io.n()),
            "Bank of Korea IO 2020 codebook (English: ours)",
        ),
        "io2020_domestic.csv" | "io2020_imported.csv" | "io2020_inputs.csv" => (
            "2020".into(),
            "Bank of Korea 2020 benchmark IO table, producer prices, KRW mn",
        ),
        "macro_quarterly.csv" => (
            format!("{}..{}", q[0], q[q.len() - 1]),
            "IMF IFS/FRED, BOK q/q splice, BEA, Fed H.10, OECD, US Census",
        ),
        "exports_to_us_by_sector.csv" => (
            "2024 volume, 2020 prices".into(),
            "OECD ICIO 2022 US shares x 2024 customs totals (MOTIE, KAMA, KAICA)",
        ),
        "tariff_measures.csv" => {
            let first = ds
                .tariffs
                .iter()
                .map(|t| t.effective.as_str())
                .min()
                .unwrap_or("");
            let last = ds
                .tariffs
                .iter()
                .map(|t| t.effective.as_str())
                .max()
                .unwrap_or("");
            (
                format!("{first}..{last}"),
                "Federal Register, White House, press (per measure)",
            )
        }
        "trade_elasticities.csv" => (
            "1990-2001 est.".into(),
            "Broda-Weinstein 2006; Caliendo-Parro 2015",
        ),
        "us_deals_2025.csv" => (
            format!("{} partners, 2025-26", ds.deals.len()),
            "fact sheets and press per partner; Census 2024 trade",
        ),
        "macro_monthly.csv" => {
            let m = &ds.monthly.months;
            (
                format!("{}..{}", m[0], m[m.len() - 1]),
                "OECD IMTS, Fed H.10, US Census via FRED (monthly)",
            )
        }
        "korea_us_reinvestment.csv" => (
            format!("{} figures, 2017-2024", ds.reinvestment.len()),
            "KITA (FDI and surplus, via Chosun Ilbo); two ratios as claims",
        ),
        "us_duties_korea.csv" => (
            format!("{} figures, 2024Q4-2025Q2", ds.duties.len()),
            "KCCI analysis of USITC tariff statistics (press)",
        ),
        "korean_va_in_partner_exports_to_us.csv" => (
            format!("{} partners, {} years", ds.partners.len(), {
                let mut y: Vec<i32> = ds.value_chains.iter().map(|v| v.year).collect();
                y.sort();
                y.dedup();
                y.len()
            }),
            "WIOD 2013 release (2011) x OECD ICIO 2019-2022 bilateral trade",
        ),
        "monthly_release_lags.csv" => (
            format!("{} indicators", ds.monthly.lags.len()),
            "release calendars of MOTIE, Census, Fed, BOK (ragged edge)",
        ),
        _ => (String::new(), ""),
    }
}

/// The record's 2025Q2 effective rate on Korean goods (2024 exposure weights) and the duties it
/// implies on US imports from Korea that quarter, beside the published figures.
fn duties_check(ds: &Dataset) -> Option<(f64, f64, f64, f64)> {
    let q: crate::data::Quarter = "2025Q2".parse().ok()?;
    let find = |m: &str| {
        ds.duties
            .iter()
            .find(|d| d.period == "2025Q2" && d.measure.starts_with(m))
            .map(|d| d.value)
    };
    let (pr, pd) = (
        find("effective US tariff rate")?,
        find("US customs duties levied")?,
    );
    let tau = crate::trade::effective_rates(&ds.tariffs, &ds.io.sectors, q);
    let (mut num, mut den) = (0.0, 0.0);
    for (j, e) in ds.exports_to_us.iter().enumerate() {
        if e.kind.as_deref() == Some("goods") {
            num += tau[j] * e.exports_to_us_krw_bn;
            den += e.exports_to_us_krw_bn;
        }
    }
    let rate = num / den;
    let imports = ds
        .macro_q
        .get("us_imports_from_kor_usd_bn_nsa")
        .and_then(|s| {
            ds.macro_q
                .quarters
                .iter()
                .position(|x| *x == q)
                .and_then(|i| s.values[i])
        })?;
    Some((rate, rate / 100.0 * imports, pr, pd))
}

impl DataReport {
    /// Describe a loaded (and so validated) dataset.
    pub fn new(ds: &Dataset) -> Result<DataReport> {
        let model = Leontief::new(&ds.io)?;
        let ind = model.inducement()?;
        let exports = ds.io.fd_index("exports").ok_or_else(|| {
            crate::error::Error::data("io2020_domestic.csv", None, "9140", "no exports column")
        })?;
        let checks = Checks {
            io_identities_rtol: crate::data::IoTable::identity_rtol(),
            io_max_column_sum_a_d: model
                .domestic_coefficients
                .sum_axis(ndarray::Axis(0))
                .iter()
                .cloned()
                .fold(f64::MIN, f64::max),
            io_spectral_radius_bound: model.spectral_radius_bound(),
            export_va_inducement_coefficient: ind.value_added_coefficient[exports],
            macro_quarters: ds.macro_q.quarters.len(),
            exposure_goods_usd_bn: (
                ds.exports_to_us
                    .iter()
                    .filter(|e| e.kind.as_deref() == Some("goods"))
                    .filter_map(|e| e.exports_to_us_usd_bn_2024)
                    .sum(),
                127.8,
            ),
            value_chains_total: {
                let y = ds.value_chains.iter().map(|v| v.year).max().unwrap_or(0);
                (
                    y,
                    ds.value_chains
                        .iter()
                        .filter(|v| v.year == y && v.partner == "ALL")
                        .map(|v| v.va_usd_bn)
                        .sum(),
                )
            },
            kiet_published: [(2021, 68.0), (2022, 63.7), (2023, 46.0)],
            duties_2025q2: duties_check(ds),
        };
        let datasets: Vec<Entry> = ds
            .files
            .iter()
            .map(|f| {
                let (span, source) = describe(&f.name, ds);
                Entry {
                    name: f.name.clone(),
                    origin: f.origin.clone(),
                    rows: f.rows,
                    span,
                    source,
                    sha256: f.sha256.clone(),
                }
            })
            .collect();
        Ok(DataReport {
            meta: Meta::new(ds),
            datasets,
            checks,
            status: "ok",
        })
    }

    /// CSV: one row per dataset.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("name,rows,span,source,sha256\n");
        for d in &self.datasets {
            s.push_str(&format!(
                "{},{},\"{}\",\"{}\",{}\n",
                csv_field(&d.name),
                d.rows,
                d.span,
                d.source,
                d.sha256
            ));
        }
        s
    }

    /// The text the command line prints.
    pub fn summary(&self) -> String {
        let datasets = &self.datasets;
        let checks = &self.checks;
        let mut t = Table::new(
            format!(
                "headwind datasets (data version {}, {})",
                self.meta.data_version,
                datasets
                    .first()
                    .map(|d| d.origin.split(':').next().unwrap_or(""))
                    .unwrap_or("")
            ),
            &[
                ("dataset", Align::Left),
                ("rows", Align::Right),
                ("span", Align::Left),
                ("source", Align::Left),
            ],
        );
        for d in datasets {
            t.row(vec![
                d.name.clone(),
                d.rows.to_string(),
                d.span.clone(),
                d.source.to_string(),
            ]);
        }
        let mut s = t.render();
        s.push_str(&format!(
            "\nchecks passed: IO identities within {:e} relative; A_d max column sum {:.4} < 1; \
             spectral radius bound {:.4} < 1;\n  export value-added inducement coefficient {:.4} \
             (BOK publishes 0.6652); {} contiguous quarters, no gaps.\n\
             exposure: goods exports to the US in 2024 {:.2} USD bn against customs {:.1} ({:+.1}%).\n\
             value chains: Korean value added in partners' exports to the US {:.2} USD bn in {} (gross exports, WIOD 2011 \
             coefficients); KIET (final goods) {:.1} (2021), {:.1} (2022), {:.1} (2023): ours is {:.0}% of KIET's 2022 level \
             (tools/valuechains_notes.md says why).\n{}Sources and derivations: data/PROVENANCE.md\n",
            checks.io_identities_rtol,
            checks.io_max_column_sum_a_d,
            checks.io_spectral_radius_bound,
            checks.export_va_inducement_coefficient,
            checks.macro_quarters,
            checks.exposure_goods_usd_bn.0,
            checks.exposure_goods_usd_bn.1,
            100.0 * (checks.exposure_goods_usd_bn.0 / checks.exposure_goods_usd_bn.1 - 1.0),
            checks.value_chains_total.1,
            checks.value_chains_total.0,
            checks.kiet_published[0].1,
            checks.kiet_published[1].1,
            checks.kiet_published[2].1,
            100.0 * checks.value_chains_total.1 / checks.kiet_published[1].1,
            match checks.duties_2025q2 {
                Some((r, d, pr, pd)) => format!(
                    "tariff record vs duties collected, 2025Q2: effective rate {r:.1}% (goods, export-weighted) against \
                     {pr:.1}% published (KCCI from USITC); duties {d:.2} USD bn (rate x US imports from Korea) against {pd:.2}.\n"
                ),
                None => String::new(),
            }
        ));
        s
    }
}
