//! Helpers shared by the integration tests: reading the committed reference fixtures.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

/// Path of a fixture under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A BOK sheet as exported to CSV: header codes and rows keyed by row code (cells as text).
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: HashMap<String, Vec<String>>,
}

impl Sheet {
    pub fn load(name: &str) -> Sheet {
        let text = std::fs::read_to_string(fixture(&format!("bok/{name}"))).expect("fixture");
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut it = rdr
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
        let header = it.next().unwrap();
        let rows = it.map(|r| (r[0].clone(), r)).collect();
        Sheet { header, rows }
    }

    /// Numeric cell (row code, column code); empty cells read as 0.
    pub fn get(&self, row: &str, col: &str) -> f64 {
        let j = self
            .header
            .iter()
            .position(|h| h == col)
            .unwrap_or_else(|| panic!("column {col}"));
        let cell = &self.rows.get(row).unwrap_or_else(|| panic!("row {row}"))[j];
        if cell.is_empty() {
            0.0
        } else {
            cell.parse().unwrap()
        }
    }
}

/// Assert |a - b| <= rtol * max(|b|, floor) with a message naming the item.
#[track_caller]
pub fn close(a: f64, b: f64, rtol: f64, floor: f64, what: &str) {
    let tol = rtol * b.abs().max(floor);
    log_tolerance((a - b).abs(), tol);
    assert!(
        measuring() || (a - b).abs() <= tol,
        "{what}: got {a:.17e}, reference {b:.17e}, |diff| {:.3e} > {tol:.3e}",
        (a - b).abs()
    );
}

pub fn codes() -> Vec<String> {
    (1..=83).map(|i| format!("{i:02}")).collect()
}

/// A balanced IO table from flows Z and outputs x: one value-added row absorbs the column balance
/// (v_j = x_j - Σ_i z_ij) and final demand in column 0 the row balance; no imports.
pub fn balanced_table(z: ndarray::Array2<f64>, x: ndarray::Array1<f64>) -> headwind::data::IoTable {
    let n = x.len();
    let mut va = ndarray::Array2::zeros((4, n));
    let mut fd = ndarray::Array2::zeros((n, 7));
    for j in 0..n {
        va[[0, j]] = x[j] - z.column(j).sum();
        fd[[j, 0]] = x[j] - z.row(j).sum();
    }
    headwind::data::IoTable {
        sectors: (0..n)
            .map(|i| headwind::data::Sector {
                code: format!("s{i}"),
                label: format!("Sector {i}"),
                name_en: String::new(),
                name_ko: String::new(),
            })
            .collect(),
        z_imported: ndarray::Array2::zeros((n, n)),
        fd_imported: ndarray::Array2::zeros((n, 7)),
        z_domestic: z,
        fd_domestic: fd,
        value_added: va,
        gross_output: x,
        fd_names: [
            "private_consumption",
            "government_consumption",
            "private_gfcf",
            "government_gfcf",
            "inventories",
            "valuables",
            "exports",
        ]
        .map(String::from)
        .to_vec(),
    }
}

/// Every file under `d`, recursively.
pub fn walk(d: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Record a reference comparison's measured error against its tolerance (both absolute, in the
/// compared quantity's units) when `HEADWIND_TOLERANCE_LOG` names a file: one line
/// `file:line<TAB>error<TAB>tolerance` per comparison, keyed by the caller's source location (every
/// `close` is `#[track_caller]`). `tools/tolerance_report.py` turns the log into the largest error and
/// the tolerance-to-error ratio per call site: how the tolerances in the comments were measured.
/// Whether `HEADWIND_TOLERANCE_LOG` is set: a measuring run, in which the comparisons that log their
/// error also go on past a failure, so one run measures every site (never set in CI).
pub fn measuring() -> bool {
    std::env::var_os(TOLERANCE_LOG).is_some()
}

/// The environment variable naming the measuring run's log file.
const TOLERANCE_LOG: &str = "HEADWIND_TOLERANCE_LOG";

#[track_caller]
pub fn log_tolerance(error: f64, tolerance: f64) {
    log_tolerance_tagged("", error, tolerance);
}

/// As [`log_tolerance`], the site keyed also by `tag` (`file:line[tag]`), for a call site that
/// compares several datasets held to different tolerances.
#[track_caller]
pub fn log_tolerance_tagged(tag: &str, error: f64, tolerance: f64) {
    use std::io::Write;
    let Some(path) = std::env::var_os(TOLERANCE_LOG) else {
        return;
    };
    let at = std::panic::Location::caller();
    let tag = if tag.is_empty() {
        String::new()
    } else {
        format!("[{tag}]")
    };
    let line = format!(
        "{}:{}{tag}\t{error:e}\t{tolerance:e}\n",
        at.file(),
        at.line()
    );
    // One write per line with O_APPEND: lines from parallel test threads do not interleave.
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}
