//! `--format xlsx` read back with an independent reader (calamine): every cell of every sheet is
//! the JSON output's value at the cell's path, exactly; every number of the JSON is in the
//! workbook; numbers are stored as numbers and the forecast's numeric columns name their units.

use std::io::Cursor;

use assert_cmd::Command;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use headwind::negotiation::{OptimizeSettings, SolverKind};
use headwind::report::{Format, Render};
use headwind::workbench::{ForecastRequest, NegotiationRequest, Workbench};
use serde_json::Value;

/// The JSON value at a workbook path (`a.b[2].c`, lists 1-based as the workbook writes them).
fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = root;
    for seg in path.split('.') {
        let (key, idx) = match seg.find('[') {
            Some(i) => (&seg[..i], Some(&seg[i..])),
            None => (seg, None),
        };
        if !key.is_empty() {
            v = v.get(key)?;
        }
        if let Some(idx) = idx {
            for k in idx.split(']').filter(|s| !s.is_empty()) {
                let k: usize = k.trim_start_matches('[').parse().ok()?;
                v = v.get(k.checked_sub(1)?)?;
            }
        }
    }
    Some(v)
}

/// A header without its `[unit]`.
fn key(header: &str) -> (&str, Option<&str>) {
    match header.find(" [") {
        Some(i) => (&header[..i], Some(header[i + 2..].trim_end_matches(']'))),
        None => (header, None),
    }
}

/// The cell equals the JSON value (numbers exactly; a null or a missing value is an empty cell).
fn same(cell: &Data, json: Option<&Value>, what: &str) {
    match (cell, json) {
        (Data::Empty, None | Some(Value::Null)) => {}
        (Data::Float(x), Some(Value::Number(n))) => {
            assert_eq!(Some(*x), n.as_f64(), "{what}: cell {x} vs JSON {n}")
        }
        (Data::Int(i), Some(Value::Number(n))) => {
            assert_eq!(Some(*i as f64), n.as_f64(), "{what}: cell {i} vs JSON {n}")
        }
        (Data::String(s), Some(Value::String(j))) => assert_eq!(s, j, "{what}"),
        (Data::String(s), Some(Value::Number(n))) => {
            // Integers beyond 2^53 are written as text, digit for digit.
            assert_eq!(s, &n.to_string(), "{what}");
            assert!(
                n.as_u64().is_some_and(|u| u > 1 << 53),
                "{what}: small number as text"
            );
        }
        (Data::String(s), Some(v @ Value::Array(_))) => {
            assert_eq!(s, &v.to_string(), "{what}: nested records as JSON text")
        }
        (Data::Bool(b), Some(Value::Bool(j))) => assert_eq!(b, j, "{what}"),
        (c, j) => panic!("{what}: cell {c:?} vs JSON {j:?}"),
    }
}

/// Numbers in the JSON value that the workbook holds as numbers: a list of records inside a
/// record is one JSON-text cell, so its numbers are not counted.
fn count_numbers(v: &Value, in_record: bool) -> usize {
    let records = |a: &[Value]| !a.is_empty() && a.iter().all(Value::is_object);
    match v {
        Value::Number(_) => 1,
        Value::Array(a) if records(a) && in_record => 0,
        Value::Array(a) if records(a) => a.iter().map(|r| count_numbers(r, true)).sum(),
        Value::Array(a) => a.iter().map(|x| count_numbers(x, in_record)).sum(),
        Value::Object(m) => m.values().map(|x| count_numbers(x, in_record)).sum(),
        _ => 0,
    }
}

/// Read the workbook back and check it against the JSON; returns (sheet names, numeric cells).
fn check<R: Render>(r: &R) -> (Vec<String>, usize) {
    let json: Value = serde_json::from_str(&r.render(Format::Json).unwrap()).unwrap();
    let bytes = r.render_bytes(Format::Xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    let names = wb.sheet_names().to_vec();
    assert_eq!(names[0], "summary");
    let mut numbers = 0;
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        let mut rows = range.rows();
        let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        if name == "summary" {
            assert_eq!(header, ["key", "value", "unit"]);
            for row in rows {
                let path = row[0].to_string();
                same(&row[1], at(&json, &path), &format!("summary {path}"));
                numbers += matches!(row[1], Data::Float(_) | Data::Int(_)) as usize;
            }
            continue;
        }
        let records = at(&json, name)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("sheet `{name}` is no JSON list"));
        let body: Vec<&[Data]> = rows.collect();
        assert_eq!(
            body.len(),
            records.len(),
            "sheet `{name}`: one row per record"
        );
        for (i, row) in body.iter().enumerate() {
            for (j, h) in header.iter().enumerate() {
                let (k, _) = key(h);
                let cell = row.get(j).unwrap_or(&Data::Empty);
                same(
                    cell,
                    at(&records[i], k),
                    &format!("{name} row {} `{k}`", i + 1),
                );
                numbers += matches!(cell, Data::Float(_) | Data::Int(_)) as usize;
            }
        }
    }
    // Every number of the JSON is in the workbook (none dropped by the layout).
    assert_eq!(
        numbers,
        count_numbers(&json, false),
        "every JSON number in a cell"
    );
    (names, numbers)
}

fn workbench() -> Workbench {
    Workbench::embedded().unwrap()
}

#[test]
fn forecast_workbook_reads_back_as_the_json() {
    let wb = workbench();
    let req = ForecastRequest {
        scenario: "chips-25".into(),
        paths: 2_000,
        ..Default::default()
    };
    let f = wb.forecast(&req, &|_| {}).unwrap();
    let (names, numbers) = check(&f);
    for s in ["quarters", "annual", "sectors", "tariff_schedule"] {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    assert!(numbers > 500, "{numbers} numbers");
    // Units in the headers of the tables a user reads.
    let bytes = f.render_bytes(Format::Xlsx).unwrap();
    let mut x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    for s in ["quarters", "annual", "sectors"] {
        let range = x.worksheet_range(s).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        for (j, h) in rows[0].iter().enumerate() {
            let numeric = rows[1..]
                .iter()
                .any(|r| matches!(r.get(j), Some(Data::Float(_) | Data::Int(_))));
            let h = h.to_string();
            let (k, unit) = key(&h);
            if numeric && k != "year" {
                assert!(
                    unit.is_some_and(|u| !u.is_empty()),
                    "{s}: `{k}` has no unit"
                );
            }
        }
    }
    // The headline number, found by name.
    let range = x.worksheet_range("summary").unwrap();
    let row = range
        .rows()
        .find(|r| r[0] == "gdp_level_effect_pct")
        .unwrap();
    assert_eq!(row[1], Data::Float(f.gdp_level_effect_pct));
    assert_eq!(row[2].to_string(), "%");
}

#[test]
fn compare_optimize_and_multipliers_workbooks_read_back_as_the_json() {
    let wb = workbench();
    let req = NegotiationRequest {
        paths: 100,
        ..Default::default()
    };
    let (names, _) = check(&wb.compare(&req, &[]).unwrap());
    assert!(names.iter().any(|n| n == "mixes"));
    let settings = OptimizeSettings {
        solvers: vec![SolverKind::ALL[0]],
        seed: 1,
        max_iters: Some(200),
        frontier_reach_usd_bn: None,
    };
    let (names, _) = check(&wb.optimize_with(&req, &settings, true, false).unwrap());
    for s in ["solvers", "frontier", "explain.robustness"] {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    let m = headwind::workbench::multipliers_report(
        &headwind::data::DataSource::Embedded,
        None,
        Some("groups"),
        None,
        true,
    )
    .unwrap();
    check(&m);
}

#[test]
fn the_same_result_gives_the_same_bytes() {
    let wb = workbench();
    let req = ForecastRequest {
        paths: 500,
        ..Default::default()
    };
    let a = wb.forecast(&req, &|_| {}).unwrap();
    let b = wb.forecast(&req, &|_| {}).unwrap();
    assert_eq!(
        a.render_bytes(Format::Xlsx).unwrap(),
        b.render_bytes(Format::Xlsx).unwrap()
    );
}

#[test]
fn cli_writes_xlsx_to_a_file_and_refuses_it_where_there_is_no_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.xlsx");
    Command::cargo_bin("headwind")
        .unwrap()
        .args([
            "--quiet", "forecast", "--paths", "300", "--format", "xlsx", "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let x: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert!(x.sheet_names().contains(&"quarters".to_string()));
    // The estimates have no xlsx form: clap refuses the value (exit 4).
    Command::cargo_bin("headwind")
        .unwrap()
        .args(["estimate", "--format", "xlsx"])
        .assert()
        .code(4);
}
