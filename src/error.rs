//! One error type for the library, with a variant per area: bad data files, bad specification files,
//! numerical trouble (with its cause), invalid requests made through the API, and file I/O. Each carries
//! enough context (file, line, key) to tell a user exactly what to fix. The library never renders or
//! exits; the binary prints the error once and maps [`Error::exit_code`] to its process exit code.
//!
//! Messages never name command-line flags: the library does not know how it was called.

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout headwind.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of numerical trouble was detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NumericalCause {
    /// A matrix is singular or numerically singular (a pivot or R diagonal at zero).
    Singular,
    /// An input-output system is not productive (spectral radius of A_d at or above 1).
    NotProductive,
    /// Regressors are collinear (a column is a linear combination of earlier ones).
    Collinear,
    /// A computation produced or was handed NaN or infinity.
    NonFinite,
    /// An iterative method stopped before meeting its convergence test.
    NotConverged,
    /// Anything else: a distribution with an invalid parameter, a degenerate statistic.
    Other,
}

impl fmt::Display for NumericalCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumericalCause::Singular => "singular matrix",
            NumericalCause::NotProductive => "not productive",
            NumericalCause::Collinear => "collinear regressors",
            NumericalCause::NonFinite => "non-finite value",
            NumericalCause::NotConverged => "not converged",
            NumericalCause::Other => "numerical",
        })
    }
}

/// Every way headwind can fail on user input or numerical trouble.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed or inconsistent data file (CSV): names the file, the line (1-based, header = line
    /// 1) if any, the column and what was expected.
    #[error("{}", render_input(.file, .line, .field, .message))]
    Data {
        /// File name as the user knows it (path, or `embedded:NAME` for built-in data).
        file: String,
        /// 1-based line number in the file, when the problem sits on one line.
        line: Option<usize>,
        /// Column or field name.
        field: String,
        /// What was found and what was expected.
        message: String,
    },
    /// A malformed or inconsistent specification (model, scenario, menu, mix, response, groups):
    /// names the file (or `built in code`), the line where TOML gives one, and the key.
    #[error("{}", render_input(.file, .line, .key, .message))]
    Spec {
        /// File name as the user knows it (path, `embedded:models/NAME.toml` or `built in code`).
        file: String,
        /// 1-based line number, when known.
        line: Option<usize>,
        /// Key path, e.g. `measure[2].sectors` (1-based indices for arrays of tables).
        key: String,
        /// What was found and what was expected.
        message: String,
    },
    /// Numerical trouble detected in the model, with its cause.
    #[error("numerical problem: {message}")]
    Numerical {
        /// The kind of trouble.
        cause: NumericalCause,
        /// What was computed and what went wrong.
        message: String,
    },
    /// An invalid request through the API (wrong lengths, unknown names, settings out of range).
    #[error("{0}")]
    Request(String),
    /// A file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// Path that failed.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// An output file could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// Path that failed.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
}

fn render_input(file: &str, line: &Option<usize>, field: &str, message: &str) -> String {
    let mut s = String::from(file);
    if let Some(l) = line {
        s.push_str(&format!(":{l}"));
    }
    if !field.is_empty() {
        s.push_str(&format!(": `{field}`"));
    }
    s.push_str(": ");
    s.push_str(message);
    s
}

impl Error {
    /// A data-file error at a given line and column.
    pub fn data(file: &str, line: Option<usize>, field: &str, message: impl fmt::Display) -> Self {
        Error::Data {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    /// A specification error at a given line and key.
    pub fn spec(file: &str, line: Option<usize>, key: &str, message: impl fmt::Display) -> Self {
        Error::Spec {
            file: file.to_string(),
            line,
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    /// Numerical trouble with its cause.
    pub fn numerical(cause: NumericalCause, message: impl fmt::Display) -> Self {
        Error::Numerical {
            cause,
            message: message.to_string(),
        }
    }

    /// The message of a numerical error (None for other variants).
    pub fn numerical_message(&self) -> Option<&str> {
        match self {
            Error::Numerical { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Exit code class the binary uses: 2 bad input (data or spec), 3 numerical, 4 invalid request,
    /// 5 I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Data { .. } | Error::Spec { .. } => 2,
            Error::Numerical { .. } => 3,
            Error::Request(_) => 4,
            Error::Read { .. } | Error::Write { .. } => 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_render_file_line_and_key() {
        let e = Error::spec(
            "scenario.toml",
            Some(7),
            "measure[2].rate_pct",
            "rate 900 > 500",
        );
        assert_eq!(
            e.to_string(),
            "scenario.toml:7: `measure[2].rate_pct`: rate 900 > 500"
        );
        assert_eq!(e.exit_code(), 2);
        let d = Error::data("macro.csv", None, "", "empty file");
        assert_eq!(d.to_string(), "macro.csv: empty file");
    }

    #[test]
    fn exit_codes_follow_the_documented_classes() {
        assert_eq!(
            Error::numerical(NumericalCause::Singular, "x").exit_code(),
            3
        );
        assert_eq!(Error::Request("x".into()).exit_code(), 4);
        let io = std::io::Error::other("x");
        let w = Error::Write {
            path: "a".into(),
            source: io,
        };
        assert_eq!(w.exit_code(), 5);
    }
}
