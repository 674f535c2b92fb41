//! Excel output (`--format xlsx`): any result value, laid out from its JSON form so the workbook
//! holds exactly the JSON's numbers. Every list of records becomes a sheet (one row per record,
//! nested objects as dotted columns such as `quantiles.5`, lists of numbers as `rates[1]`,
//! `rates[2]`, ... 1-based); every other scalar goes to the first sheet, `summary`, as a
//! (key, value, unit) row. Numbers are stored as numbers (full `f64` precision), text as text, and
//! each header carries its unit in brackets (`gdp_loss_pct [%]`), from the key's suffix (`_pct`,
//! `_pp`, `_usd_bn`, `p_...`) or the result's own unit table for keys without one.
//!
//! The workbook's creation date is fixed (2000-01-01), so the same result gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, NumericalCause, Result};

/// Units of keys whose name carries none: (path prefix, unit), the path as in the workbook
/// (`quarters.mean`, `annual.growth_mean`); the first matching prefix wins.
pub type UnitTable = &'static [(&'static str, &'static str)];

/// One cell.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Num(f64),
    Text(String),
    Bool(bool),
    Empty,
}

/// A sheet: its JSON path, header (dotted keys) and rows.
struct Sheet {
    path: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// Largest integer stored exactly in an `f64`: bigger ones (a 64-bit seed) are written as text.
const EXACT_INT: u64 = 1 << 53;

fn scalar(v: &Value) -> Option<Cell> {
    match v {
        Value::Null => Some(Cell::Empty),
        Value::Bool(b) => Some(Cell::Bool(*b)),
        Value::String(s) => Some(Cell::Text(s.clone())),
        Value::Number(n) => Some(match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) if u > EXACT_INT => Cell::Text(u.to_string()),
            (None, Some(i), _) if i.unsigned_abs() > EXACT_INT => Cell::Text(i.to_string()),
            (_, _, Some(x)) => Cell::Num(x),
            _ => Cell::Text(n.to_string()),
        }),
        _ => None,
    }
}

/// An object's entries in their JSON order, except that keys which are all numbers (quantile
/// levels "5", "10", ... kept in a map sorted as text) come in numeric order.
fn ordered(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    let numeric: Option<Vec<f64>> = v.iter().map(|(k, _)| k.parse::<f64>().ok()).collect();
    if let Some(keys) = numeric {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]));
        v = idx.into_iter().map(|i| v[i]).collect();
    }
    v
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_records(a: &[Value]) -> bool {
    !a.is_empty() && a.iter().all(Value::is_object)
}

/// Flatten one record into (column, cell) pairs; lists of records inside a record are kept as
/// their JSON text (one cell).
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Cell)>) {
    if let Some(c) = scalar(v) {
        out.push((prefix.to_string(), c));
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in ordered(m) {
                flatten(&join(prefix, k), x, out);
            }
        }
        Value::Array(a) if a.iter().all(|x| scalar(x).is_some()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{}]", i + 1), x, out);
            }
        }
        other => out.push((prefix.to_string(), Cell::Text(other.to_string()))),
    }
}

fn table(path: &str, records: &[Value]) -> Sheet {
    let mut header: Vec<String> = Vec::new();
    let flat: Vec<Vec<(String, Cell)>> = records
        .iter()
        .map(|r| {
            let mut cells = Vec::new();
            flatten("", r, &mut cells);
            for (k, _) in &cells {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
            cells
        })
        .collect();
    let rows = flat
        .into_iter()
        .map(|cells| {
            header
                .iter()
                .map(|h| {
                    cells
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, c)| c.clone())
                        .unwrap_or(Cell::Empty)
                })
                .collect()
        })
        .collect();
    Sheet {
        path: path.to_string(),
        header,
        rows,
    }
}

/// Walk the JSON value: records lists to sheets, scalars to the summary rows.
fn walk(path: &str, v: &Value, summary: &mut Vec<(String, Cell)>, sheets: &mut Vec<Sheet>) {
    if let Some(c) = scalar(v) {
        summary.push((path.to_string(), c));
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in ordered(m) {
                walk(&join(path, k), x, summary, sheets);
            }
        }
        Value::Array(a) if is_records(a) => sheets.push(table(path, a)),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(&format!("{path}[{}]", i + 1), x, summary, sheets);
            }
        }
        _ => {}
    }
}

/// The unit of a key (the workbook path `sheet.column`), or "" when it has none.
pub fn unit_of(path: &str, units: UnitTable) -> &'static str {
    if let Some((_, u)) = units.iter().find(|(p, _)| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    }) {
        return u;
    }
    // The last segment that is not a quantile level or a list index names the quantity.
    let segments: Vec<&str> = path.split(['.', '[']).collect();
    let name = segments
        .iter()
        .rev()
        .map(|s| s.trim_end_matches(']'))
        .find(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("");
    let has = |suffix: &str| name.ends_with(suffix) || name.contains(&format!("{suffix}_"));
    if has("_pct_gdp") {
        "% of GDP"
    } else if has("_usd_bn") {
        "USD bn"
    } else if has("_krw_bn") {
        "KRW bn"
    } else if has("_pp") {
        "pp"
    } else if has("_pct") {
        "%"
    } else if name.starts_with("p_") || name.contains("_p_") || name.ends_with("_p_negative") {
        "probability"
    } else if name == "seconds" {
        "s"
    } else {
        ""
    }
}

fn with_unit(name: &str, unit: &str) -> String {
    if unit.is_empty() {
        name.to_string()
    } else {
        format!("{name} [{unit}]")
    }
}

/// A valid, unique sheet name (at most 31 characters, none of `[]:*?/\`).
fn sheet_name(path: &str, taken: &mut Vec<String>) -> String {
    let clean: String = path
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let base: String = clean.chars().take(31).collect();
    let mut name = if base.is_empty() {
        "table".to_string()
    } else {
        base
    };
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!("~{k}");
        name = clean.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
        k += 1;
    }
    taken.push(name.clone());
    name
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Write {
        path: std::path::PathBuf::from("<xlsx workbook>"),
        source: std::io::Error::other(e.to_string()),
    }
}

fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    c: &Cell,
) -> std::result::Result<(), XlsxError> {
    match c {
        Cell::Num(x) => ws.write_number(row, col, *x).map(|_| ()),
        Cell::Text(s) => ws.write_string(row, col, s).map(|_| ()),
        Cell::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
        Cell::Empty => Ok(()),
    }
}

/// The workbook of a result value: `title` goes to the document properties, `units` names the
/// units of keys without a unit suffix.
pub fn to_xlsx<T: Serialize + ?Sized>(v: &T, title: &str, units: UnitTable) -> Result<Vec<u8>> {
    let json = serde_json::to_value(v).map_err(|e| {
        Error::numerical(
            NumericalCause::NonFinite,
            format!("cannot serialize output: {e}"),
        )
    })?;
    let mut summary = Vec::new();
    let mut sheets = Vec::new();
    walk("", &json, &mut summary, &mut sheets);
    let build = || -> std::result::Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_comment("headwind: every number as in the JSON output (--format json)")
                .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
        );
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let mut taken = vec!["summary".to_string()];
        {
            let ws = wb.add_worksheet();
            ws.set_name("summary")?;
            for (j, h) in ["key", "value", "unit"].iter().enumerate() {
                ws.write_string_with_format(0, j as u16, *h, &bold)?;
            }
            for (i, (k, c)) in summary.iter().enumerate() {
                let r = i as u32 + 1;
                ws.write_string(r, 0, k)?;
                write_cell(ws, r, 1, c)?;
                let u = unit_of(k, units);
                if !u.is_empty() {
                    ws.write_string(r, 2, u)?;
                }
            }
            ws.set_freeze_panes(1, 0)?;
            ws.set_column_width(0, 40)?;
            ws.set_column_width(1, 24)?;
        }
        for s in &sheets {
            let name = sheet_name(&s.path, &mut taken);
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            for (j, h) in s.header.iter().enumerate() {
                let u = unit_of(&join(&s.path, h), units);
                ws.write_string_with_format(0, j as u16, with_unit(h, u), &bold)?;
                ws.set_column_width(j as u16, (h.len() + u.len() + 3).clamp(8, 40) as f64)?;
            }
            for (i, row) in s.rows.iter().enumerate() {
                for (j, c) in row.iter().enumerate() {
                    write_cell(ws, i as u32 + 1, j as u16, c)?;
                }
            }
            ws.set_freeze_panes(1, 0)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(xlsx_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_from_suffixes_and_the_table() {
        let t: UnitTable = &[("quarters.mean", "log points q/q")];
        assert_eq!(unit_of("quarters.mean", t), "log points q/q");
        assert_eq!(unit_of("quarters.mean_x", t), "");
        assert_eq!(unit_of("gdp_level_effect_quantiles.5", t), "");
        assert_eq!(unit_of("best.tariff_pct_quantiles.5", t), "%");
        assert_eq!(unit_of("sectors.value_added_change_pct_gdp", t), "% of GDP");
        assert_eq!(unit_of("annual.effect_pp_quantiles.95", t), "pp");
        assert_eq!(unit_of("best.cost_usd_bn", t), "USD bn");
        assert_eq!(unit_of("quarters.p_negative", t), "probability");
        assert_eq!(unit_of("quarters.baseline_p_negative", t), "probability");
        assert_eq!(
            unit_of(
                "tariff_schedule.rates[3]",
                &[("tariff_schedule.rates", "%")]
            ),
            "%"
        );
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec!["summary".to_string()];
        let a = sheet_name("explain.a_very_long_table_name_beyond_31_chars", &mut taken);
        let b = sheet_name(
            "explain.a_very_long_table_name_beyond_31_chars_too",
            &mut taken,
        );
        assert_eq!(a.chars().count(), 31);
        assert!(b.ends_with("~2") && b.chars().count() == 31);
        assert_eq!(sheet_name("x[1]/y", &mut taken), "x_1__y");
        assert_eq!(sheet_name("Summary", &mut taken), "Summary~2");
    }

    #[test]
    fn quantile_levels_come_in_numeric_order() {
        let v = serde_json::json!({"q": {"10": 1.0, "25": 2.0, "5": 0.5, "95": 9.0}});
        let mut cells = Vec::new();
        flatten("", &v, &mut cells);
        let keys: Vec<&str> = cells.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["q.5", "q.10", "q.25", "q.95"]);
    }

    #[test]
    fn big_integers_are_text_not_rounded_numbers() {
        let v: Value = serde_json::json!(18446744073709551615u64);
        assert_eq!(scalar(&v), Some(Cell::Text("18446744073709551615".into())));
        let v: Value = serde_json::json!(20251029u64);
        assert_eq!(scalar(&v), Some(Cell::Num(20251029.0)));
    }
}
