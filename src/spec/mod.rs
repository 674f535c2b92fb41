//! The only place headwind reads TOML. Each file kind is deserialized into a raw spec (strict about
//! unknown keys) and converted once into a checked model type; the same checked types can be built in
//! code (`Scenario::builder`, `Menu::check`, `Mix::new`, `ResponseSpec::check`, `Concordance::new`),
//! so nothing in the core writes TOML or parses it back.
//!
//! | file | raw spec | checked type |
//! |---|---|---|
//! | models/model.toml | [`ModelSpec`] (serde) | [`ModelSpec::check`] |
//! | models/groups.toml | [`GroupsSpec`] | [`Concordance`] |
//! | models/scenarios/*.toml | [`ScenarioSpec`] | [`Scenario`](crate::forecast::Scenario) |
//! | models/concessions/menu.toml | [`Menu`] (serde) | [`Menu::check`] |
//! | models/concessions/mixes/*.toml | [`MixSpec`] | [`Mix`] |
//! | models/us_response.toml | [`ResponseSpec`] (serde) | [`ResponseSpec::check`] |
//!
//! Where the raw and the checked type would be field-for-field identical (model, menu, response), one
//! struct serves both and `check` is the conversion; nothing downstream re-validates.

pub mod embedded;
mod scenario;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::data::Sector;
use crate::econometrics::ModelSpec;
use crate::error::{Error, Result};
use crate::input_output::Concordance;
use crate::negotiation::{Menu, Mix, ResponseSpec};

pub use scenario::{
    parse_scenario, scenario_from_spec, DriverPath, MeasureSpec, ScenarioContext, ScenarioSpec,
};

/// Parse a TOML document into `T`, strict about unknown keys where `T` says so (`deny_unknown_fields`).
/// Errors carry the 1-based line of the offending key or value.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_of = |e: &toml::de::Error| {
        e.span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
    };
    // Names and labels read from files reach terminals and CSV files: no control characters in
    // any string or key (line breaks and tabs are allowed in descriptions, sources and notes).
    if let Ok(v) = toml::from_str::<toml::Value>(text) {
        control_characters(file, "", &v)?;
    }
    toml::from_str::<T>(text).map_err(|e| Error::spec(file, line_of(&e), "", e.message().trim()))
}

fn control_characters(file: &str, key: &str, v: &toml::Value) -> Result<()> {
    let bad = |s: &str, prose: bool| {
        s.chars()
            .any(|c| c.is_control() && !(prose && matches!(c, '\n' | '\t' | '\r')))
    };
    let prose = ["description", "source", "note", "basis"]
        .iter()
        .any(|k| key.rsplit('.').next().is_some_and(|last| last.contains(k)));
    match v {
        toml::Value::String(s) if bad(s, prose) => Err(Error::spec(
            file,
            None,
            key,
            format!(
                "contains a control character ({}): names and labels must be plain text",
                s.escape_debug()
            ),
        )),
        toml::Value::Table(t) => {
            for (k, x) in t {
                let path = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                if bad(k, false) {
                    return Err(Error::spec(
                        file,
                        None,
                        &path.escape_debug().to_string(),
                        "a key with a control character",
                    ));
                }
                control_characters(file, &path, x)?;
            }
            Ok(())
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                control_characters(file, &format!("{key}[{}]", i + 1), x)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Parse and check a model spec (models/model.toml).
pub fn parse_model(file: &str, text: &str) -> Result<ModelSpec> {
    parse_toml::<ModelSpec>(file, text)?.check(file)
}

/// models/groups.toml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupsSpec {
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// The groups.
    pub group: Vec<GroupSpec>,
}

/// One `[[group]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Group code.
    pub code: String,
    /// Group name.
    pub name: String,
    /// IO sector codes in the group.
    pub sectors: Vec<String>,
}

/// Parse a concordance (models/groups.toml or another aggregation) and check it against the sectors.
pub fn parse_groups(file: &str, text: &str, sectors: &[Sector]) -> Result<Concordance> {
    let g: GroupsSpec = parse_toml(file, text)?;
    let groups: Vec<(String, String, Vec<String>)> = g
        .group
        .into_iter()
        .map(|x| (x.code, x.name, x.sectors))
        .collect();
    Concordance::new(
        file,
        g.description.as_deref().unwrap_or(""),
        &groups,
        sectors,
    )
}

/// Parse and check a concession menu.
pub fn parse_menu(file: &str, text: &str) -> Result<Menu> {
    parse_toml::<Menu>(file, text)?.check(file)
}

/// A mix file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixSpec {
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Overrides the response's security-linkage switch for this mix.
    #[serde(default)]
    pub link_defence: Option<bool>,
    /// Amount per instrument name.
    pub mix: BTreeMap<String, f64>,
}

/// Parse a concession mix against a menu.
pub fn parse_mix(file: &str, text: &str, menu: &Menu) -> Result<Mix> {
    let s: MixSpec = parse_toml(file, text)?;
    Mix::new(file, &s.name, &s.description, s.link_defence, &s.mix, menu)
}

/// Parse and check a US response spec (calibrate it with
/// [`UsResponse::calibrate`](crate::negotiation::UsResponse::calibrate)).
pub fn parse_response(file: &str, text: &str) -> Result<ResponseSpec> {
    parse_toml::<ResponseSpec>(file, text)?.check(file)
}
