//! The model files shipped in `models/`, embedded in the binary, and the rule that resolves a
//! `--flag FILE|NAME` argument: an existing path is read from disk; otherwise NAME is looked up in
//! `--models DIR` (as `DIR/NAME.toml`) or in the embedded copies.

use std::path::{Path, PathBuf};

use crate::data::read_text;
use crate::error::{Error, Result};

/// Embedded model files: (name without `.toml`, contents).
pub const EMBEDDED: [(&str, &str); 18] = [
    ("groups", include_str!("../../models/groups.toml")),
    ("model", include_str!("../../models/model.toml")),
    (
        "scenarios/korus",
        include_str!("../../models/scenarios/korus.toml"),
    ),
    (
        "scenarios/april-2025",
        include_str!("../../models/scenarios/april-2025.toml"),
    ),
    (
        "scenarios/reciprocal-25",
        include_str!("../../models/scenarios/reciprocal-25.toml"),
    ),
    (
        "scenarios/deal-15",
        include_str!("../../models/scenarios/deal-15.toml"),
    ),
    (
        "scenarios/chips-25",
        include_str!("../../models/scenarios/chips-25.toml"),
    ),
    (
        "scenarios/china-25",
        include_str!("../../models/scenarios/china-25.toml"),
    ),
    ("us_response", include_str!("../../models/us_response.toml")),
    (
        "sweeps/example",
        include_str!("../../models/sweeps/example.toml"),
    ),
    (
        "sweeps/global",
        include_str!("../../models/sweeps/global.toml"),
    ),
    (
        "concessions/menu",
        include_str!("../../models/concessions/menu.toml"),
    ),
    (
        "concessions/mixes/deal-2025",
        include_str!("../../models/concessions/mixes/deal-2025.toml"),
    ),
    (
        "concessions/mixes/separate-security",
        include_str!("../../models/concessions/mixes/separate-security.toml"),
    ),
    (
        "concessions/mixes/one-stop-shopping",
        include_str!("../../models/concessions/mixes/one-stop-shopping.toml"),
    ),
    (
        "concessions/mixes/energy-heavy",
        include_str!("../../models/concessions/mixes/energy-heavy.toml"),
    ),
    (
        "concessions/mixes/investment-heavy",
        include_str!("../../models/concessions/mixes/investment-heavy.toml"),
    ),
    (
        "concessions/mixes/no-deal",
        include_str!("../../models/concessions/mixes/no-deal.toml"),
    ),
];

/// Names of the shipped concession mixes.
pub fn shipped_mixes() -> Vec<&'static str> {
    EMBEDDED
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("concessions/mixes/"))
        .collect()
}

/// Resolve a mix argument: a file, or a name looked up as `concessions/mixes/NAME`.
pub fn resolve_mix(arg: &str, models_dir: Option<&Path>) -> Result<(String, String)> {
    if PathBuf::from(arg).is_file() {
        return resolve(arg, models_dir);
    }
    resolve(
        &format!("concessions/mixes/{}", arg.trim_end_matches(".toml")),
        models_dir,
    )
}

/// Resolve a scenario argument: a file, or a name looked up as `scenarios/NAME`.
pub fn resolve_scenario(arg: &str, models_dir: Option<&Path>) -> Result<(String, String)> {
    let p = PathBuf::from(arg);
    if p.is_file() {
        return resolve(arg, models_dir);
    }
    if p.exists() {
        // A directory, FIFO or device: read_text says which, and refuses it.
        return read_text(&p).map(|t| (p.display().to_string(), t));
    }
    if arg.contains('/') || arg.contains(std::path::MAIN_SEPARATOR) {
        return Err(Error::Read {
            path: p.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such scenario file"),
        });
    }
    resolve(
        &format!("scenarios/{}", arg.trim_end_matches(".toml")),
        models_dir,
    )
}

/// Resolve a model file argument to (label for messages, contents).
pub fn resolve(arg: &str, models_dir: Option<&Path>) -> Result<(String, String)> {
    let p = PathBuf::from(arg);
    if p.is_file() {
        return Ok((p.display().to_string(), read_text(&p)?));
    }
    let name = arg.trim_end_matches(".toml");
    if let Some(dir) = models_dir {
        let q = dir.join(format!("{name}.toml"));
        if q.is_file() {
            return Ok((q.display().to_string(), read_text(&q)?));
        }
    }
    if let Some((n, t)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
        return Ok((format!("embedded:models/{n}.toml"), t.to_string()));
    }
    let names: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
    Err(Error::Request(format!(
        "`{arg}` is neither a file nor a known model name (embedded: {})",
        names.join(", ")
    )))
}
