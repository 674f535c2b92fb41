//! Reading model specification files (TOML) with errors that name the file, line and key.
//! Not for: validation of the values themselves (each spec's own constructor does that).

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Parse a TOML document into `T`, strict about unknown keys where `T` says so (`deny_unknown_fields`).
/// Errors carry the 1-based line of the offending key or value.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str::<T>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        Error::input(file, line, "", e.message().trim())
    })
}
