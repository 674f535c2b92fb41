//! `headwind data`: list every dataset and run the checks (loading runs them all).

use super::{emit, to_json, Context, Format, Meta};
use crate::data::Dataset;
use crate::error::Result;
use crate::io::Leontief;
use crate::report::{Align, Table};

#[derive(serde::Serialize)]
struct Entry {
    name: String,
    origin: String,
    rows: usize,
    span: String,
    source: &'static str,
    sha256: String,
}

#[derive(serde::Serialize)]
struct Checks {
    io_identities_rtol: f64,
    io_max_column_sum_a_d: f64,
    io_spectral_radius_bound: f64,
    export_va_inducement_coefficient: f64,
    macro_quarters: usize,
}

#[derive(serde::Serialize)]
struct Out {
    meta: Meta,
    datasets: Vec<Entry>,
    checks: Checks,
    status: &'static str,
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
            "2020 (US shares 2024)".into(),
            "BOK IO exports x MOTIE/KAMA/KAICA shares",
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
        _ => (String::new(), ""),
    }
}

/// Run the command.
pub fn run(ctx: &Context, format: Format) -> Result<()> {
    let ds = ctx.load()?;
    let model = Leontief::new(&ds.io)?;
    let ind = model.inducement()?;
    let exports = ds.io.fd_index("exports").expect("exports column");
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
    };
    let datasets: Vec<Entry> = ds
        .files
        .iter()
        .map(|f| {
            let (span, source) = describe(&f.name, &ds);
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
    let text = match format {
        Format::Json => to_json(&Out {
            meta: Meta::new(&ds),
            datasets,
            checks,
            status: "ok",
        })?,
        Format::Csv => {
            let mut s = String::from("name,rows,span,source,sha256\n");
            for d in &datasets {
                s.push_str(&format!(
                    "{},{},\"{}\",\"{}\",{}\n",
                    d.name, d.rows, d.span, d.source, d.sha256
                ));
            }
            s
        }
        Format::Table => {
            let mut t = Table::new(
                format!(
                    "headwind datasets (data version {}, {})",
                    ds.version(),
                    datasets[0].origin.split(':').next().unwrap_or("")
                ),
                &[
                    ("dataset", Align::Left),
                    ("rows", Align::Right),
                    ("span", Align::Left),
                    ("source", Align::Left),
                ],
            );
            for d in &datasets {
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
                 (BOK publishes 0.6652); {} contiguous quarters, no gaps.\nSources and derivations: data/PROVENANCE.md\n",
                checks.io_identities_rtol,
                checks.io_max_column_sum_a_d,
                checks.io_spectral_radius_bound,
                checks.export_va_inducement_coefficient,
                checks.macro_quarters
            ));
            s
        }
    };
    emit(&text, None)
}
