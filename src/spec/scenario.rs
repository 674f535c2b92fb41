//! Scenario files (models/scenarios/*.toml) read into the raw [`ScenarioSpec`] and converted once into a
//! checked [`Scenario`]: measures get per-sector coverage from the data or the reporting groups, driver
//! constants become paths, and the scenario builder checks every number.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::parse_toml;
use crate::data::{Quarter, Sector, TariffCoverage};
use crate::error::{Error, Result};
use crate::forecast::{
    coverage_from_measure, coverage_of, FrontLoading, Measure, MeasureKind, Overrides, Scenario,
};
use crate::input_output::Concordance;

/// What a scenario file is checked against: the IO sectors, the reporting groups, the data's tariff
/// measures (for `coverage_from`) and the default first forecast quarter (the quarter after the
/// data's last GDP observation), used when the file gives no `start`.
pub struct ScenarioContext<'a> {
    /// IO sectors in table order.
    pub sectors: &'a [Sector],
    /// Reporting groups (models/groups.toml).
    pub groups: &'a Concordance,
    /// Tariff measures of data/tariff_measures.csv.
    pub measures: &'a [TariffCoverage],
    /// Start used when the file has none.
    pub default_start: Quarter,
    /// Third countries with value-chain data (ISO3 codes) a measure's `partner` may name.
    pub partners: &'a [String],
}

/// A scenario file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Name.
    pub name: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// First forecast quarter `YYYYQn` (default: the quarter after the last GDP observation).
    #[serde(default)]
    pub start: Option<String>,
    /// Horizon in quarters.
    pub quarters: usize,
    /// Baseline scenario compared with.
    #[serde(default = "default_baseline")]
    pub baseline: String,
    /// Tariff measures.
    #[serde(default)]
    pub measure: Vec<MeasureSpec>,
    /// Driver paths (a constant or one value per quarter).
    #[serde(default)]
    pub drivers: BTreeMap<String, DriverPath>,
    /// Front-loading.
    #[serde(default)]
    pub front_loading: Option<FrontLoading>,
    /// Parameter overrides.
    #[serde(default)]
    pub overrides: Overrides,
}

fn default_baseline() -> String {
    "korus".into()
}

/// One `[[measure]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    /// Name.
    pub name: String,
    /// Rate, % ad valorem.
    pub rate_pct: f64,
    /// Sector codes or group codes covered.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Share of each listed sector covered (default 1).
    #[serde(default)]
    pub coverage: Option<f64>,
    /// A data measure (tariff_measures.csv) whose per-sector coverage is used instead of `sectors`.
    #[serde(default)]
    pub coverage_from: Option<String>,
    /// A third country (ISO3) whose exports to the US the measure applies to (none: Korea).
    #[serde(default)]
    pub partner: Option<String>,
    /// Stacking kind: `additional` (default), `all_in`, `floor`.
    #[serde(default)]
    pub kind: MeasureKind,
    /// A Section 232 product measure.
    #[serde(default)]
    pub section_232: bool,
    /// Exempt on the share covered by Section 232 measures (the reciprocal tariffs' rule).
    #[serde(default)]
    pub exempt_232: bool,
    /// First quarter in force.
    pub start: String,
    /// Last quarter in force.
    #[serde(default)]
    pub end: Option<String>,
}

/// A driver path: one value for every quarter, or one per quarter.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "toml::Value")]
pub enum DriverPath {
    /// The same value in every quarter.
    Constant(f64),
    /// One value per quarter.
    Path(Vec<f64>),
}

impl TryFrom<toml::Value> for DriverPath {
    type Error = String;
    fn try_from(v: toml::Value) -> std::result::Result<DriverPath, String> {
        let num = |v: &toml::Value| match v {
            toml::Value::Float(x) => Some(*x),
            toml::Value::Integer(i) => Some(*i as f64),
            _ => None,
        };
        const WANT: &str =
            "expected a number (log points q/q, every quarter) or a list of numbers, one per quarter";
        match &v {
            toml::Value::Array(a) => a
                .iter()
                .map(|x| num(x).ok_or_else(|| format!("{WANT}; found the list element {x}")))
                .collect::<std::result::Result<Vec<f64>, String>>()
                .map(DriverPath::Path),
            other => num(other)
                .map(DriverPath::Constant)
                .ok_or_else(|| format!("{WANT}; found {other}")),
        }
    }
}

fn quarter(file: &str, key: &str, s: &str) -> Result<Quarter> {
    s.parse()
        .map_err(|m: String| Error::spec(file, None, key, m))
}

/// Parse a scenario file and check it against `ctx`; `file` names it in errors.
pub fn parse_scenario(file: &str, text: &str, ctx: &ScenarioContext) -> Result<Scenario> {
    let s: ScenarioSpec = parse_toml(file, text)?;
    scenario_from_spec(file, s, ctx)
}

/// Convert a raw scenario into a checked one.
pub fn scenario_from_spec(file: &str, s: ScenarioSpec, ctx: &ScenarioContext) -> Result<Scenario> {
    let start = match &s.start {
        Some(q) => quarter(file, "start", q)?,
        None => ctx.default_start,
    };
    let mut b = Scenario::builder(&s.name, start, s.quarters)
        .origin(file)
        .description(&s.description)
        .baseline(&s.baseline)
        .overrides(s.overrides);
    if let Some(f) = s.front_loading {
        b = b.front_loading(f.share);
    }
    for (i, m) in s.measure.iter().enumerate() {
        let key = |k: &str| format!("measure[{}].{k}", i + 1);
        if let Some(p) = &m.partner {
            if !ctx.partners.iter().any(|x| x == p) {
                return Err(Error::spec(
                    file,
                    None,
                    &key("partner"),
                    format!(
                        "unknown partner `{p}`; value-chain data exist for {}",
                        ctx.partners.join(", ")
                    ),
                ));
            }
            if !m.sectors.is_empty() || m.coverage_from.is_some() {
                return Err(Error::spec(
                    file,
                    None,
                    &key("partner"),
                    "a partner measure applies to the partner's exports to the US: give `coverage` (share, default 1), not `sectors` or `coverage_from`",
                ));
            }
            if m.kind != MeasureKind::Additional || m.section_232 || m.exempt_232 {
                return Err(Error::spec(
                    file,
                    None,
                    &key("partner"),
                    "stacking keys (`kind`, `section_232`, `exempt_232`) apply to measures on Korea; a partner measure is an additional tariff on the partner's exports",
                ));
            }
            let c = m.coverage.unwrap_or(1.0);
            let ms = quarter(file, &key("start"), &m.start)?;
            let me = m
                .end
                .as_deref()
                .map(|e| quarter(file, &key("end"), e))
                .transpose()?;
            b = b.measure(Measure {
                name: m.name.clone(),
                rate_pct: m.rate_pct,
                coverage: vec![c],
                start: ms,
                end: me,
                partner: Some(p.clone()),
                kind: MeasureKind::Additional,
                section_232: false,
                exempt_232: false,
            });
            continue;
        }
        if m.coverage_from.is_some() && m.coverage.is_some() {
            return Err(Error::spec(
                file,
                None,
                &key("coverage"),
                "`coverage` scales `sectors`; with `coverage_from` the shares come from tariff_measures.csv, so drop one of the two",
            ));
        }
        let coverage = match (&m.coverage_from, m.sectors.is_empty()) {
            (Some(id), true) => coverage_from_measure(id, ctx.measures, ctx.sectors).ok_or_else(|| {
                Error::spec(
                    file,
                    None,
                    &key("coverage_from"),
                    format!("no measure `{id}` in tariff_measures.csv"),
                )
            })?,
            (None, false) => {
                let c = m.coverage.unwrap_or(1.0);
                if !(0.0..=1.0).contains(&c) {
                    return Err(Error::spec(
                        file,
                        None,
                        &key("coverage"),
                        format!("coverage {c} is outside [0, 1]"),
                    ));
                }
                coverage_of(&m.sectors, c, ctx.sectors, ctx.groups).map_err(|code| {
                    Error::spec(
                        file,
                        None,
                        &key("sectors"),
                        format!("unknown sector or group `{code}`"),
                    )
                })?
            }
            _ => {
                return Err(Error::spec(
                    file,
                    None,
                    &key("sectors"),
                    "give either `sectors` (with optional `coverage`) or `coverage_from`, not both or neither",
                ))
            }
        };
        let ms = quarter(file, &key("start"), &m.start)?;
        let me = m
            .end
            .as_deref()
            .map(|e| quarter(file, &key("end"), e))
            .transpose()?;
        b = b.measure(Measure {
            name: m.name.clone(),
            rate_pct: m.rate_pct,
            coverage,
            start: ms,
            end: me,
            partner: None,
            kind: m.kind,
            section_232: m.section_232,
            exempt_232: m.exempt_232,
        });
    }
    for (k, v) in s.drivers {
        b = match v {
            DriverPath::Constant(x) => b.driver(&k, vec![x; s.quarters]),
            DriverPath::Path(p) => b.driver(&k, p),
        };
    }
    b.build()
}
