//! Rendering helpers shared by every result value: the metadata recorded in every output, JSON
//! serialization, plain-text tables, CSV field quoting, charts, and atomic file writes (temp file +
//! rename, so an interrupted run never leaves a half-written file) for the binary to use.

use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically (see [`output::Staged`]: temporary + rename, links followed,
/// special files written in place, the umask respected).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    output::write_one(path, bytes)
}

/// Metadata recorded in every output (JSON `meta`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meta {
    /// headwind version (Cargo package version).
    pub headwind_version: &'static str,
    /// Data version: hash of the dataset files.
    pub data_version: String,
    /// Linear-algebra backend.
    pub backend: &'static str,
    /// The quarter or month the data were cut at (`--as-of`), absent for the full data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

impl Meta {
    /// Metadata for a loaded dataset.
    pub fn new(ds: &crate::data::Dataset) -> Meta {
        Meta {
            headwind_version: env!("CARGO_PKG_VERSION"),
            data_version: ds.version(),
            backend: crate::linalg::BACKEND,
            as_of: ds
                .as_of_month
                .map(|m| m.to_string())
                .or_else(|| ds.as_of.map(|q| q.to_string())),
        }
    }
}

/// Serialize a result value to pretty JSON with a trailing newline.
pub fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| {
            Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!("cannot serialize output: {e}"),
            )
        })
}

/// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Column alignment in a [`Table`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left-aligned (text).
    Left,
    /// Right-aligned (numbers).
    Right,
}

/// A plain-text table with a title, header and aligned columns.
pub struct Table {
    title: String,
    header: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A new table with a title and (name, alignment) columns.
    pub fn new(title: impl Into<String>, header: &[(&str, Align)]) -> Table {
        Table {
            title: title.into(),
            header: header.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Append a column at the right (before any row is added).
    pub fn add_column(&mut self, name: &str, align: Align) {
        debug_assert!(self.rows.is_empty());
        self.header.push((name.to_string(), align));
    }

    /// Append a row of `cells` followed by `extra` cells (for columns added with
    /// [`Table::add_column`]).
    pub fn row_with(&mut self, extra: Vec<String>, mut cells: Vec<String>) {
        cells.extend(extra);
        self.row(cells);
    }

    /// Append a row (must have one cell per column).
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// Render as text.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|j| {
                self.rows
                    .iter()
                    .map(|r| r[j].chars().count())
                    .chain(std::iter::once(self.header[j].0.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let pad = widths[j].saturating_sub(c.chars().count());
                    match self.header[j].1 {
                        Align::Left => format!("{c}{}", " ".repeat(pad)),
                        Align::Right => format!("{}{c}", " ".repeat(pad)),
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        out.push_str(&"=".repeat(total.max(self.title.chars().count())));
        out.push('\n');
        out.push_str(&line(self.header.iter().map(|(h, _)| h.as_str()).collect()));
        out.push('\n');
        out.push_str(&"-".repeat(total));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r.iter().map(|s| s.as_str()).collect()));
            out.push('\n');
        }
        out
    }
}

pub mod charts;
pub mod finite;
pub mod html;
pub mod output;
pub mod xlsx;

/// Output formats of the result values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text tables (the `summary()`).
    Table,
    /// CSV.
    Csv,
    /// JSON (serde on the value; stable snake_case keys).
    Json,
    /// LaTeX tables.
    Latex,
    /// An Excel workbook (binary: see [`Render::render_bytes`]), one sheet per table.
    Xlsx,
}

impl Format {
    /// Names accepted by [`std::str::FromStr`], in this order.
    pub const NAMES: [&'static str; 5] = ["table", "csv", "json", "latex", "xlsx"];

    /// Whether the format is binary (written to a file, never to a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "latex" => Ok(Format::Latex),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(Error::Request(format!(
                "unknown format `{s}` (expected one of {})",
                Format::NAMES.join(", ")
            ))),
        }
    }
}

/// A result value that renders itself: text, CSV and LaTeX where the result is tabular, JSON by serde.
pub trait Render: serde::Serialize {
    /// The text report (what the command line prints by default).
    fn summary(&self) -> String;
    /// CSV, where the result has a natural table.
    fn to_csv(&self) -> Option<String> {
        None
    }
    /// LaTeX, where the result has a natural table.
    fn to_latex(&self) -> Option<String> {
        None
    }
    /// Units of the keys whose name carries none, for the xlsx headers (see [`xlsx::unit_of`]).
    fn xlsx_units(&self) -> xlsx::UnitTable {
        &[]
    }
    /// The xlsx workbook: every table of the JSON form a sheet, the other values on `summary`.
    fn to_xlsx(&self) -> Result<Vec<u8>> {
        xlsx::to_xlsx(self, "headwind", self.xlsx_units())
    }
    /// Render in any format as bytes (the text formats as UTF-8), with the checks of [`Render::render`].
    fn render_bytes(&self, format: Format) -> Result<Vec<u8>> {
        match format {
            Format::Xlsx => {
                self.render(Format::Json)?;
                self.to_xlsx()
            }
            f => self.render(f).map(String::into_bytes),
        }
    }
    /// Render in `format`; a format the result does not have is an invalid request. A result
    /// holding a NaN or infinite number (outside an `Option` left empty) is numerical trouble
    /// (exit 3) in every format, never written: see [`finite::first_non_finite`].
    fn render(&self, format: Format) -> Result<String> {
        if let Some(at) = finite::first_non_finite(self) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!("the result has a non-finite number at `{at}`; nothing was written"),
            ));
        }
        let missing = |f: &str| Error::Request(format!("this result has no {f} form"));
        match format {
            Format::Table => Ok(self.summary()),
            Format::Json => to_json(self),
            Format::Csv => self.to_csv().ok_or_else(|| missing("CSV")),
            Format::Latex => self.to_latex().ok_or_else(|| missing("LaTeX")),
            Format::Xlsx => Err(Error::Request(
                "xlsx is a binary format: use render_bytes".into(),
            )),
        }
    }
}

/// `Render` for a result with inherent `summary()` and `to_csv()`.
macro_rules! render_with_csv {
    ($t:ty, $units:expr) => {
        impl Render for $t {
            fn summary(&self) -> String {
                <$t>::summary(self)
            }
            fn to_csv(&self) -> Option<String> {
                Some(<$t>::to_csv(self))
            }
            fn xlsx_units(&self) -> xlsx::UnitTable {
                $units
            }
        }
    };
}

/// Units of a forecast's keys that carry none in their name.
const FORECAST_UNITS: xlsx::UnitTable = &[
    ("quarters.mean", "log points q/q"),
    ("quarters.median", "log points q/q"),
    ("quarters.quantiles", "log points q/q"),
    ("quarters.baseline_mean", "log points q/q"),
    ("quarters.baseline_median", "log points q/q"),
    ("quarters.baseline_quantiles", "log points q/q"),
    ("quarters.difference_mean", "log points q/q"),
    ("quarters.difference_quantiles", "log points q/q"),
    ("history.growth", "log points q/q"),
    ("quarters.yoy_mean", "% y/y"),
    ("quarters.baseline_yoy_mean", "% y/y"),
    ("annual.growth_mean", "% (calendar year)"),
    ("annual.growth_median", "% (calendar year)"),
    ("annual.growth_quantiles", "% (calendar year)"),
    ("annual.baseline_growth_mean", "% (calendar year)"),
    ("annual.baseline_growth_median", "% (calendar year)"),
    ("annual.baseline_growth_quantiles", "% (calendar year)"),
    ("annual.realised_quarters", "quarters"),
    ("growth_at_risk_5", "log points q/q"),
    ("expected_shortfall_5", "log points q/q"),
    ("baseline.growth_at_risk_5", "log points q/q"),
    ("baseline.expected_shortfall_5", "log points q/q"),
    ("difference.growth_at_risk_5", "log points q/q"),
    ("difference.expected_shortfall_5", "log points q/q"),
    ("gdp_level_effect_quantiles", "%"),
    ("gdi_level_effect_quantiles", "%"),
    ("tariff_schedule.rates", "%"),
    ("tariff_schedule.baseline_rates", "%"),
    ("sectors.direct_share", "share"),
    ("meta.tariff_elasticity", "elasticity"),
    ("meta.paths", "paths"),
];

/// Units of the multipliers' keys.
const MULTIPLIER_UNITS: xlsx::UnitTable = &[
    (
        "sectors.output_multiplier",
        "KRW of output per KRW of final demand",
    ),
    (
        "sectors.va_multiplier",
        "KRW of value added per KRW of final demand",
    ),
    (
        "sectors.import_multiplier",
        "KRW of imports per KRW of final demand",
    ),
    (
        "sectors.type2_output_multiplier",
        "KRW of output per KRW of final demand",
    ),
    (
        "sectors.type2_va_multiplier",
        "KRW of value added per KRW of final demand",
    ),
    ("sectors.power_of_dispersion", "index, mean 1"),
    ("sectors.sensitivity_of_dispersion", "index, mean 1"),
    (
        "groups.output_multiplier",
        "KRW of output per KRW of final demand",
    ),
    (
        "groups.va_multiplier",
        "KRW of value added per KRW of final demand",
    ),
    (
        "groups.import_multiplier",
        "KRW of imports per KRW of final demand",
    ),
    (
        "groups.type2_output_multiplier",
        "KRW of output per KRW of final demand",
    ),
    (
        "groups.type2_va_multiplier",
        "KRW of value added per KRW of final demand",
    ),
];

/// Units of the negotiation results' keys that carry none in their name.
const NEGOTIATION_UNITS: xlsx::UnitTable = &[
    ("objective", "% of annual GDP"),
    ("best.objective", "% of annual GDP"),
    ("best.mix", "instrument units (menu)"),
    ("frontier.mix", "instrument units (menu)"),
    ("solvers.objective", "% of annual GDP"),
    ("solvers.evaluations", "evaluations"),
    ("mixes.mix", "instrument units (menu)"),
    ("mixes.net", "% of annual GDP"),
];

render_with_csv!(crate::forecast::ForecastDistribution, FORECAST_UNITS);
render_with_csv!(crate::econometrics::BacktestReport, &[]);
render_with_csv!(crate::input_output::MultiplierReport, MULTIPLIER_UNITS);
render_with_csv!(crate::data::DataReport, &[]);
render_with_csv!(crate::negotiation::OptimizeReport, NEGOTIATION_UNITS);
render_with_csv!(crate::negotiation::Comparison, NEGOTIATION_UNITS);
render_with_csv!(crate::forecast::Sensitivity, &[]);

impl Render for crate::econometrics::EstimateReport {
    fn summary(&self) -> String {
        crate::econometrics::EstimateReport::summary(self)
    }
    fn to_latex(&self) -> Option<String> {
        Some(crate::econometrics::EstimateReport::to_latex(self))
    }
}

impl Render for crate::nowcast::Nowcast {
    fn summary(&self) -> String {
        crate::nowcast::Nowcast::summary(self)
    }
}
