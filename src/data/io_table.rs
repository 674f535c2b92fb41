//! The Bank of Korea 2020 benchmark input-output table (83 sectors, producer prices, million KRW),
//! loaded from `io2020_*.csv` and checked against its accounting identities.

use ndarray::{Array1, Array2, Axis};

use super::csvutil::{parse_csv, CsvTable};
use crate::error::{Error, Result};

/// One IO sector: Bank of Korea code, short label, English and Korean names.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sector {
    /// Bank of Korea code, two digits as text (`"01"` .. `"83"`).
    pub code: String,
    /// Short label for tables and charts (ours).
    pub label: String,
    /// English name (our translation of the BOK name).
    pub name_en: String,
    /// Bank of Korea's Korean name.
    pub name_ko: String,
}

/// Final-demand columns of the table, in file order, with their BOK codes.
pub const FINAL_DEMAND: [(&str, &str); 7] = [
    ("9111", "private_consumption"),
    ("9112", "government_consumption"),
    ("9121", "private_gfcf"),
    ("9122", "government_gfcf"),
    ("9131", "inventories"),
    ("9132", "valuables"),
    ("9140", "exports"),
];

/// Value-added rows: compensation of employees, operating surplus, consumption of fixed capital,
/// taxes on production less subsidies.
pub const VALUE_ADDED: [(&str, &str); 4] = [
    ("9610", "compensation_of_employees"),
    ("9621", "operating_surplus"),
    ("9622", "consumption_of_fixed_capital"),
    ("9630", "net_production_taxes"),
];

/// Code of the gross-output (total input) row in `io2020_inputs.csv`.
pub const GROSS_OUTPUT_ROW: &str = "9790";

/// Relative tolerance of the accounting identities (the published table balances to the unit).
pub const IDENTITY_RTOL: f64 = 1e-9;

/// An input-output table with domestic and imported transactions separated (Miller & Blair notation:
/// Z_d, Z_m intermediate flows; F_d, F_m final demand; V value added; x gross output). Million KRW.
#[derive(Debug, Clone)]
pub struct IoTable {
    /// Sectors in table order.
    pub sectors: Vec<Sector>,
    /// Z_d (n x n): domestic intermediate flows, row = supplying sector, column = using sector.
    pub z_domestic: Array2<f64>,
    /// Z_m (n x n): imported intermediate flows by product (row) and using sector (column).
    pub z_imported: Array2<f64>,
    /// F_d (n x 7): domestic final demand by product and use ([`FINAL_DEMAND`] order).
    pub fd_domestic: Array2<f64>,
    /// F_m (n x 7): imported final demand by product and use.
    pub fd_imported: Array2<f64>,
    /// V (4 x n): value-added components ([`VALUE_ADDED`] order) by sector.
    pub value_added: Array2<f64>,
    /// x (n): gross output by sector.
    pub gross_output: Array1<f64>,
    /// Final-demand names (snake_case) in column order.
    pub fd_names: Vec<String>,
}

impl IoTable {
    /// Relative tolerance used for the accounting identities.
    pub fn identity_rtol() -> f64 {
        IDENTITY_RTOL
    }

    /// Number of sectors n.
    pub fn n(&self) -> usize {
        self.sectors.len()
    }

    /// Total value added by sector (column sums of V), million KRW.
    pub fn value_added_total(&self) -> Array1<f64> {
        self.value_added.sum_axis(Axis(0))
    }

    /// Index of a final-demand column by snake_case name (`"exports"`, ...).
    pub fn fd_index(&self, name: &str) -> Option<usize> {
        self.fd_names.iter().position(|n| n == name)
    }

    /// Index of a sector by code.
    pub fn sector_index(&self, code: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.code == code)
    }

    /// Check the table's accounting identities and the plausibility of value-added shares; name the
    /// sector and the gap on failure.
    /// Column: Σ_i Z_d + Σ_i Z_m + Σ V = x. Row: Σ_j Z_d + Σ F_d = x. Output positive.
    pub fn check_identities(&self, file: &str) -> Result<()> {
        let n = self.n();
        let col = self.z_domestic.sum_axis(Axis(0))
            + self.z_imported.sum_axis(Axis(0))
            + self.value_added_total();
        let row = self.z_domestic.sum_axis(Axis(1)) + self.fd_domestic.sum_axis(Axis(1));
        let va = self.value_added_total();
        for j in 0..n {
            // Plausibility: a sector's value added is a real share of its output (the 2020 table's
            // smallest is 10.7%, crude oil and gas), or exactly zero (BoK's dummy sector 83).
            let share = va[j] / self.gross_output[j];
            if self.gross_output[j] > 0.0
                && share != 0.0
                && !(VA_SHARE_FLOOR..=1.0).contains(&share)
            {
                return Err(Error::data(
                    file,
                    None,
                    &self.sectors[j].code,
                    format!(
                        "value added is {share:.3e} of gross output in sector {}: outside [{VA_SHARE_FLOOR}, 1] (0 is accepted for a dummy sector); a unit or sign error?",
                        self.sectors[j].code
                    ),
                ));
            }
        }
        for j in 0..n {
            let x = self.gross_output[j];
            let code = &self.sectors[j].code;
            if x <= 0.0 {
                return Err(Error::data(
                    file,
                    None,
                    code,
                    format!("gross output {x} must be positive"),
                ));
            }
            for (what, total) in [
                ("column (total input)", col[j]),
                ("row (domestic supply = use)", row[j]),
            ] {
                if (total - x).abs() > IDENTITY_RTOL * x.abs().max(1.0) {
                    return Err(Error::data(
                        file,
                        None,
                        code,
                        format!(
                            "unbalanced table: sector {code} {what} sums to {total}, gross output is {x} (gap {:.6e})",
                            total - x
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The smallest value-added share of gross output accepted (other than exactly zero).
pub const VA_SHARE_FLOOR: f64 = 0.01;

fn sector_header(sectors: &[Sector]) -> Vec<String> {
    sectors.iter().map(|s| s.code.clone()).collect()
}

pub(crate) fn parse_sectors(file: &str, text: &str) -> Result<Vec<Sector>> {
    let t = parse_csv(file, text)?;
    let (c, l, e, k) = (
        t.col("code")?,
        t.col("label")?,
        t.col("name_en")?,
        t.col("name_ko")?,
    );
    let mut out: Vec<Sector> = Vec::with_capacity(t.rows.len());
    for (line, r) in &t.rows {
        let code = r[c].clone();
        if code.is_empty() || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            return Err(t.err(
                *line,
                "code",
                format!("expected a sector code like `01`, found `{code}`"),
            ));
        }
        if out.iter().any(|s| s.code == code) {
            return Err(t.err(*line, "code", format!("duplicated sector code `{code}`")));
        }
        out.push(Sector {
            code,
            label: r[l].clone(),
            name_en: r[e].clone(),
            name_ko: r[k].clone(),
        });
    }
    Ok(out)
}

/// Parse a square flow file: header `row_code, <sector codes>, <final-demand codes>`, one row per sector.
fn parse_flows(t: &CsvTable, sectors: &[Sector]) -> Result<(Array2<f64>, Array2<f64>)> {
    let n = sectors.len();
    let mut expected = vec!["row_code".to_string()];
    expected.extend(sector_header(sectors));
    expected.extend(FINAL_DEMAND.iter().map(|(c, _)| c.to_string()));
    t.expect_header(&expected)?;
    if t.rows.len() != n {
        let line = t.rows.last().map(|r| r.0);
        return Err(Error::data(
            &t.file,
            line,
            "row_code",
            format!("expected {n} sector rows, found {}", t.rows.len()),
        ));
    }
    let mut z = Array2::zeros((n, n));
    let mut f = Array2::zeros((n, FINAL_DEMAND.len()));
    for (i, (line, r)) in t.rows.iter().enumerate() {
        if r[0] != sectors[i].code {
            let msg = if sectors.iter().any(|s| s.code == r[0]) {
                format!(
                    "row for sector `{}` is out of order or duplicated; expected `{}`",
                    r[0], sectors[i].code
                )
            } else {
                format!(
                    "unknown sector code `{}`; expected `{}`",
                    r[0], sectors[i].code
                )
            };
            return Err(t.err(*line, "row_code", msg));
        }
        for j in 0..n {
            z[[i, j]] = t.num(*line, &expected[j + 1], &r[j + 1])?;
        }
        for k in 0..FINAL_DEMAND.len() {
            f[[i, k]] = t.num(*line, &expected[n + 1 + k], &r[n + 1 + k])?;
        }
    }
    Ok((z, f))
}

/// Parse and validate the four IO files into an [`IoTable`].
pub(crate) fn parse_io(
    sectors: (&str, &str),
    domestic: (&str, &str),
    imported: (&str, &str),
    inputs: (&str, &str),
) -> Result<IoTable> {
    let sectors = parse_sectors(sectors.0, sectors.1)?;
    let (z_domestic, fd_domestic) = parse_flows(&parse_csv(domestic.0, domestic.1)?, &sectors)?;
    let (z_imported, fd_imported) = parse_flows(&parse_csv(imported.0, imported.1)?, &sectors)?;
    let t = parse_csv(inputs.0, inputs.1)?;
    let mut expected = vec!["row_code".to_string()];
    expected.extend(sector_header(&sectors));
    t.expect_header(&expected)?;
    let n = sectors.len();
    let mut value_added = Array2::zeros((VALUE_ADDED.len(), n));
    let mut gross_output = None;
    let mut seen: Vec<&str> = Vec::new();
    for (line, r) in &t.rows {
        let code = r[0].as_str();
        if seen.contains(&code) {
            return Err(t.err(*line, "row_code", format!("duplicated row `{code}`")));
        }
        seen.push(code);
        let vals = (0..n)
            .map(|j| t.num(*line, &expected[j + 1], &r[j + 1]))
            .collect::<Result<Vec<f64>>>()?;
        if let Some(k) = VALUE_ADDED.iter().position(|(c, _)| *c == code) {
            value_added.row_mut(k).assign(&Array1::from(vals));
        } else if code == GROSS_OUTPUT_ROW {
            for (j, v) in vals.iter().enumerate() {
                if *v <= 0.0 {
                    return Err(t.err(
                        *line,
                        &expected[j + 1],
                        format!("gross output must be positive, found {v}"),
                    ));
                }
            }
            gross_output = Some(Array1::from(vals));
        } else {
            return Err(t.err(
                *line,
                "row_code",
                format!("unknown row `{code}`; expected 9610, 9621, 9622, 9630 (value added) or 9790 (gross output)"),
            ));
        }
    }
    for (c, _) in VALUE_ADDED {
        if !seen.contains(&c) {
            return Err(Error::data(
                &t.file,
                None,
                "row_code",
                format!("missing value-added row `{c}`"),
            ));
        }
    }
    let gross_output = gross_output
        .ok_or_else(|| Error::data(&t.file, None, "row_code", "missing gross-output row `9790`"))?;
    let table = IoTable {
        sectors,
        z_domestic,
        z_imported,
        fd_domestic,
        fd_imported,
        value_added,
        gross_output,
        fd_names: FINAL_DEMAND.iter().map(|(_, n)| n.to_string()).collect(),
    };
    table.check_identities(domestic.0)?;
    Ok(table)
}
