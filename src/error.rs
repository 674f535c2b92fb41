//! One error type for the whole crate, carrying enough context (file, line, field) to tell a user
//! exactly what to fix. The binary renders it once and maps each class to a fixed exit code.

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout headwind.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every way headwind can fail on user input or numerical trouble.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed or inconsistent input: names the file, the line (1-based, header = line 1) if any,
    /// the field or key, and what was expected.
    #[error("{}", render_input(.file, .line, .field, .message))]
    Input {
        /// File name as the user knows it (path, or `embedded:NAME` for built-in data).
        file: String,
        /// 1-based line number in the file, when the problem sits on one line.
        line: Option<usize>,
        /// Column, key or field name.
        field: String,
        /// What was found and what was expected.
        message: String,
    },
    /// Numerical trouble detected in the model: singular or non-productive matrix, NaN, non-convergence.
    #[error("numerical problem: {0}")]
    Numerical(String),
    /// Invalid request from the command line or an API call (wrong lengths, unknown names).
    #[error("{0}")]
    Usage(String),
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
    /// An input error at a given line and field.
    pub fn input(file: &str, line: Option<usize>, field: &str, message: impl fmt::Display) -> Self {
        Error::Input {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    /// Exit code class used by the CLI: 2 input, 3 numerical, 4 usage, 5 I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } => 2,
            Error::Numerical(_) => 3,
            Error::Usage(_) => 4,
            Error::Read { .. } | Error::Write { .. } => 5,
        }
    }
}
