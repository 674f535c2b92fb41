//! Small CSV reading layer: BOM and CRLF tolerant, every error names the file, line and column.

use crate::error::{Error, Result};

/// A parsed CSV file: header plus rows, each row with its 1-based line number in the file.
pub(crate) struct CsvTable {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Largest input file accepted (bytes): protects against runaway inputs.
pub(crate) const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

pub(crate) fn parse_csv(file: &str, text: &str) -> Result<CsvTable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(Error::data(
            file,
            None,
            "",
            format!(
                "file is {} bytes, more than the {MAX_FILE_BYTES} accepted",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::data(
            file,
            Some(1),
            "",
            "file is empty; expected a header line",
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Error::data(file, line, "", format!("malformed CSV: {e}"))
        })?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields: Vec<String> = rec.iter().map(|f| f.trim().to_string()).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        match &header {
            None => {
                for (i, h) in fields.iter().enumerate() {
                    if h.is_empty() {
                        return Err(Error::data(
                            file,
                            Some(line),
                            "",
                            format!("header column {} is empty", i + 1),
                        ));
                    }
                    if fields[..i].contains(h) {
                        return Err(Error::data(
                            file,
                            Some(line),
                            h,
                            "duplicated column in the header",
                        ));
                    }
                }
                header = Some(fields);
            }
            Some(h) => {
                if fields.len() != h.len() {
                    return Err(Error::data(
                        file,
                        Some(line),
                        "",
                        format!(
                            "row has {} fields, the header has {} (truncated or extra cells?)",
                            fields.len(),
                            h.len()
                        ),
                    ));
                }
                rows.push((line, fields));
            }
        }
    }
    // Text that is not blank can still hold no field at all (only separators and whitespace).
    let Some(header) = header else {
        return Err(Error::data(
            file,
            Some(1),
            "",
            "file has no header line: every record is empty (only separators or whitespace)",
        ));
    };
    if rows.is_empty() {
        return Err(Error::data(
            file,
            Some(1),
            "",
            "file has a header but no data rows",
        ));
    }
    Ok(CsvTable {
        file: file.to_string(),
        header,
        rows,
    })
}

impl CsvTable {
    /// Index of a required column.
    pub fn col(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            Error::data(
                &self.file,
                Some(1),
                name,
                format!("missing column; the header is: {}", self.header.join(",")),
            )
        })
    }

    /// Require the header to be exactly `expected` (names and order).
    pub fn expect_header(&self, expected: &[String]) -> Result<()> {
        for (i, e) in expected.iter().enumerate() {
            match self.header.get(i) {
                Some(h) if h == e => {}
                Some(h) => {
                    return Err(Error::data(
                        &self.file,
                        Some(1),
                        h,
                        format!(
                            "column {} should be `{e}` (unknown or out-of-order sector code?)",
                            i + 1
                        ),
                    ))
                }
                None => return Err(Error::data(&self.file, Some(1), e, "missing column")),
            }
        }
        if self.header.len() > expected.len() {
            return Err(Error::data(
                &self.file,
                Some(1),
                &self.header[expected.len()],
                "unexpected extra column",
            ));
        }
        Ok(())
    }

    /// A required finite number.
    pub fn num(&self, line: usize, field: &str, s: &str) -> Result<f64> {
        let v: f64 = s.parse().map_err(|_| {
            Error::data(
                &self.file,
                Some(line),
                field,
                format!("expected a number, found `{s}`"),
            )
        })?;
        if !v.is_finite() {
            return Err(Error::data(
                &self.file,
                Some(line),
                field,
                format!("expected a finite number, found `{s}`"),
            ));
        }
        Ok(v)
    }

    /// An optional finite number: empty cell means missing.
    pub fn opt_num(&self, line: usize, field: &str, s: &str) -> Result<Option<f64>> {
        if s.is_empty() {
            Ok(None)
        } else {
            self.num(line, field, s).map(Some)
        }
    }

    /// A number in [lo, hi].
    pub fn num_in(&self, line: usize, field: &str, s: &str, lo: f64, hi: f64) -> Result<f64> {
        let v = self.num(line, field, s)?;
        if v < lo || v > hi {
            return Err(Error::data(
                &self.file,
                Some(line),
                field,
                format!("value {v} is outside [{lo}, {hi}]"),
            ));
        }
        Ok(v)
    }

    pub fn err(&self, line: usize, field: &str, msg: impl std::fmt::Display) -> Error {
        Error::data(&self.file, Some(line), field, msg)
    }
}
