//! Quarterly macro series (`macro_quarterly.csv`): one `quarter` column (`YYYYQn`), one column per series.
//! Series may start late and end early (empty cells), but never have gaps inside their span.

use std::fmt;
use std::str::FromStr;

use super::csvutil::{parse_csv, CsvTable};
use crate::error::{Error, Result};

/// A calendar quarter.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Quarter {
    /// Calendar year.
    pub year: i32,
    /// Quarter 1..=4.
    pub q: u8,
}

impl Quarter {
    /// Quarters since year 0 (monotone index for arithmetic).
    pub fn index(self) -> i64 {
        self.year as i64 * 4 + (self.q as i64 - 1)
    }
    /// Inverse of [`Quarter::index`].
    pub fn from_index(k: i64) -> Quarter {
        Quarter {
            year: k.div_euclid(4) as i32,
            q: (k.rem_euclid(4) + 1) as u8,
        }
    }
    /// The quarter's last day, `YYYY-MM-DD`.
    pub fn last_day(self) -> String {
        let md = ["03-31", "06-30", "09-30", "12-31"][(self.q as usize).clamp(1, 4) - 1];
        format!("{:04}-{md}", self.year)
    }

    /// The quarter `k` quarters later (earlier if negative).
    pub fn offset(self, k: i64) -> Quarter {
        Quarter::from_index(self.index() + k)
    }
}

impl FromStr for Quarter {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("expected a quarter like `2025Q3`, found `{s}`");
        let (y, q) = s.split_once(['Q', 'q']).ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) || !(1800..=2200).contains(&year) || y.len() != 4 {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }
}

impl TryFrom<String> for Quarter {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        s.parse()
    }
}

impl From<Quarter> for String {
    fn from(q: Quarter) -> String {
        q.to_string()
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// One quarterly series over the table's quarters (None outside its span).
#[derive(Debug, Clone)]
pub struct Series {
    /// Column name (units are in data/PROVENANCE.md and in the name's suffix).
    pub name: String,
    /// Values aligned with [`QuarterlyTable::quarters`].
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// First and last quarter index (into the table) with a value.
    pub fn span(&self) -> (usize, usize) {
        let first = self.values.iter().position(|v| v.is_some()).unwrap_or(0);
        let last = self.values.iter().rposition(|v| v.is_some()).unwrap_or(0);
        (first, last)
    }
}

/// Contiguous quarterly table.
#[derive(Debug, Clone)]
pub struct QuarterlyTable {
    /// Consecutive quarters, no gaps or duplicates.
    pub quarters: Vec<Quarter>,
    /// The series, in file order.
    pub series: Vec<Series>,
}

impl QuarterlyTable {
    /// A series by name.
    pub fn get(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.name == name)
    }
}

pub(crate) fn parse_quarterly(file: &str, text: &str) -> Result<QuarterlyTable> {
    let t = parse_csv(file, text)?;
    let qc = t.col("quarter")?;
    if qc != 0 {
        return Err(t.err(1, "quarter", "the first column must be `quarter`"));
    }
    let names: Vec<String> = t.header[1..].to_vec();
    if names.is_empty() {
        return Err(t.err(1, "", "no series columns after `quarter`"));
    }
    let mut quarters: Vec<Quarter> = Vec::with_capacity(t.rows.len());
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(t.rows.len()); names.len()];
    for (line, r) in &t.rows {
        let q: Quarter = r[0]
            .parse()
            .map_err(|m: String| t.err(*line, "quarter", m))?;
        if let Some(prev) = quarters.last() {
            if q.index() <= prev.index() {
                let what = if q == *prev {
                    "duplicated quarter"
                } else {
                    "quarters out of order"
                };
                return Err(t.err(*line, "quarter", format!("{what}: {q} after {prev}")));
            }
            if q.index() != prev.index() + 1 {
                return Err(t.err(
                    *line,
                    "quarter",
                    format!("gap in the quarters: {q} follows {prev}"),
                ));
            }
        }
        quarters.push(q);
        push_levels(&t, *line, &names, &r[1..], &mut values)?;
    }
    let series = checked_series(file, &t, names, values, |k| quarters[k].to_string())?;
    Ok(QuarterlyTable { quarters, series })
}

/// Read one row's cells (after the date column) as optional positive levels into `values`, one
/// vector per series; the error names the line and the column.
pub(crate) fn push_levels(
    t: &CsvTable,
    line: usize,
    names: &[String],
    cells: &[String],
    values: &mut [Vec<Option<f64>>],
) -> Result<()> {
    for (k, name) in names.iter().enumerate() {
        let v = t.opt_num(line, name, &cells[k])?;
        if let Some(x) = v {
            if x <= 0.0 {
                return Err(t.err(line, name, format!("expected a positive level, found {x}")));
            }
        }
        values[k].push(v);
    }
    Ok(())
}

/// The largest level a quarterly or monthly series may hold.
pub(crate) const MAX_LEVEL: f64 = 1e9;
/// The largest factor by which a series may move from one period to the next.
pub(crate) const MAX_JUMP: f64 = 4.0;

/// The series of a table, each with at least one value and no gap inside its span; `label(k)` names
/// row k (its quarter or month) in the error.
pub(crate) fn checked_series(
    file: &str,
    t: &CsvTable,
    names: Vec<String>,
    values: Vec<Vec<Option<f64>>>,
    label: impl Fn(usize) -> String,
) -> Result<Vec<Series>> {
    let series: Vec<Series> = names
        .into_iter()
        .zip(values)
        .map(|(name, values)| Series { name, values })
        .collect();
    for s in &series {
        if s.values.iter().all(|v| v.is_none()) {
            return Err(Error::data(file, None, &s.name, "series has no values"));
        }
        // Plausibility: levels are in billions (or per-dollar rates) and move by less than a factor
        // of MAX_JUMP from one period to the next (the shipped data: 2.8 at most, Korea's 1960s
        // monthly exports); a bigger step is a typo or a unit error.
        for (k, v) in s.values.iter().enumerate() {
            let Some(x) = v else { continue };
            if *x > MAX_LEVEL {
                return Err(t.err(
                    t.rows[k].0,
                    &s.name,
                    format!("{x} at {} is above the plausible {MAX_LEVEL:e} (values are in billions or per-dollar rates)", label(k)),
                ));
            }
            if let Some(Some(p)) = k.checked_sub(1).map(|j| s.values[j]) {
                let r = (x / p).max(p / x);
                if r > MAX_JUMP {
                    return Err(t.err(
                        t.rows[k].0,
                        &s.name,
                        format!(
                            "{x} at {} is {r:.3e} times the previous value {p}: more than the {MAX_JUMP}-fold move accepted from one period to the next (a typo or a unit error?)",
                            label(k)
                        ),
                    ));
                }
            }
        }
        let (a, b) = s.span();
        if let Some(k) = (a..=b).find(|&k| s.values[k].is_none()) {
            return Err(t.err(
                t.rows[k].0,
                &s.name,
                format!(
                    "gap in the series at {} (values exist before and after)",
                    label(k)
                ),
            ));
        }
    }
    Ok(series)
}
