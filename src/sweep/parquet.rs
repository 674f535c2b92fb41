//! Parquet output of a sweep table (the `parquet` crate's low-level writer, no Arrow): one row
//! group, `point` as INT64 and every other column as DOUBLE, uncompressed (the tables are small and
//! every reader takes it), the table's first line kept as the file's key-value metadata
//! `headwind.sweep`, and a fixed `created_by`, so the same table gives the same bytes.

use std::sync::Arc;

use parquet::data_type::{DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::SweepTable;
use crate::error::{Error, Result};

fn perr(e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: "<parquet table>".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// The table as a Parquet file.
pub fn to_parquet(t: &SweepTable) -> Result<Vec<u8>> {
    let names: Vec<&str> = t.columns.split(',').collect();
    let fields: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(j, n)| {
            if j == 0 {
                format!("REQUIRED INT64 {n};")
            } else {
                format!("REQUIRED DOUBLE {n};")
            }
        })
        .collect();
    let schema = Arc::new(
        parse_message_type(&format!("message sweep {{ {} }}", fields.join(" "))).map_err(perr)?,
    );
    let mut cols: Vec<Vec<f64>> = vec![Vec::with_capacity(t.rows.len()); names.len()];
    let mut points: Vec<i64> = Vec::with_capacity(t.rows.len());
    for (i, r) in &t.rows {
        points.push(*i as i64 + 1);
        for (j, x) in r.split(',').enumerate().skip(1) {
            cols[j].push(
                x.parse::<f64>().map_err(|_| {
                    Error::data("sweep table", Some(i + 1), names[j], "not a number")
                })?,
            );
        }
    }
    let props = Arc::new(
        WriterProperties::builder()
            .set_created_by(format!("headwind {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "headwind.sweep".to_string(),
                t.header_line.clone(),
            )]))
            .build(),
    );
    let mut buf: Vec<u8> = Vec::new();
    let mut w = SerializedFileWriter::new(&mut buf, schema, props).map_err(perr)?;
    let mut rg = w.next_row_group().map_err(perr)?;
    let mut j = 0;
    while let Some(mut col) = rg.next_column().map_err(perr)? {
        if j == 0 {
            col.typed::<Int64Type>()
                .write_batch(&points, None, None)
                .map_err(perr)?;
        } else {
            col.typed::<DoubleType>()
                .write_batch(&cols[j], None, None)
                .map_err(perr)?;
        }
        col.close().map_err(perr)?;
        j += 1;
    }
    rg.close().map_err(perr)?;
    w.close().map_err(perr)?;
    Ok(buf)
}
