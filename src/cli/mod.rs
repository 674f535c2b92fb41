//! Command implementations behind the `headwind` binary. Each takes a plain options value, calls
//! the library and renders output; only here (and in the binary) is anything printed.

pub mod data;
pub mod estimate;
pub mod forecast;
pub mod multipliers;
pub mod negotiate;

use std::io::Write;
use std::path::PathBuf;

use crate::data::{DataSource, Dataset};
use crate::error::{Error, Result};
use crate::report::write_atomic;

/// Output format of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// CSV.
    Csv,
    /// JSON (stable snake_case keys).
    Json,
}

/// Global options shared by every command.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `--data DIR`.
    pub data_dir: Option<PathBuf>,
    /// `--models DIR`.
    pub models_dir: Option<PathBuf>,
    /// `--quiet`.
    pub quiet: bool,
}

impl Context {
    /// The data source chosen by `--data`.
    pub fn source(&self) -> DataSource {
        match &self.data_dir {
            Some(d) => DataSource::Dir(d.clone()),
            None => DataSource::Embedded,
        }
    }

    /// Load and validate the datasets.
    pub fn load(&self) -> Result<Dataset> {
        Dataset::load(&self.source())
    }
}

/// Write `text` to `path` atomically, or to standard output.
pub fn emit(text: &str, path: Option<&PathBuf>) -> Result<()> {
    match path {
        Some(p) => write_atomic(p, text.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Serialize to pretty JSON with a trailing newline.
pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Numerical(format!("cannot serialize output (non-finite number?): {e}")))
}

/// Common metadata recorded in every output.
#[derive(serde::Serialize)]
pub struct Meta {
    /// headwind version (Cargo package version).
    pub headwind_version: &'static str,
    /// Data version: hash of the dataset files.
    pub data_version: String,
    /// Linear-algebra backend.
    pub backend: &'static str,
}

impl Meta {
    /// Metadata for a loaded dataset.
    pub fn new(ds: &Dataset) -> Meta {
        Meta {
            headwind_version: env!("CARGO_PKG_VERSION"),
            data_version: ds.version(),
            backend: crate::linalg::BACKEND,
        }
    }
}
