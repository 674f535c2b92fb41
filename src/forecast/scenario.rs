//! Tariff scenarios (models/scenarios/*.toml): the horizon, the US tariff measures by sector group and
//! quarter, the baseline compared with, exogenous driver paths, optional front-loading and parameter
//! overrides. Parsed strictly; every error names the file and the key.

use std::collections::BTreeMap;

use ndarray::Array2;
use serde::Deserialize;

use crate::data::{Quarter, Sector, TariffCoverage};
use crate::error::{Error, Result};
use crate::io::Concordance;
use crate::spec::parse_toml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioSpec {
    name: String,
    #[serde(default)]
    description: String,
    start: String,
    quarters: usize,
    #[serde(default = "default_baseline")]
    baseline: String,
    #[serde(default)]
    measure: Vec<MeasureSpec>,
    #[serde(default)]
    drivers: BTreeMap<String, DriverPath>,
    #[serde(default)]
    front_loading: Option<FrontLoading>,
    #[serde(default)]
    overrides: Overrides,
}

fn default_baseline() -> String {
    "korus".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasureSpec {
    name: String,
    rate_pct: f64,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    coverage: Option<f64>,
    #[serde(default)]
    coverage_from: Option<String>,
    start: String,
    #[serde(default)]
    end: Option<String>,
}

/// A driver path: one value for every quarter, or one per quarter.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum DriverPath {
    Constant(f64),
    Path(Vec<f64>),
}

/// Exports pulled forward ahead of a tariff increase.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontLoading {
    /// Share of a quarter's US-bound exports of an affected sector shipped one quarter early (0..1).
    pub share: f64,
}

/// Parameter overrides (None = model default).
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Aggregate tariff elasticity (replaces the estimated/prior value).
    #[serde(default)]
    pub elasticity: Option<f64>,
    /// Pass-through φ for every sector (share of the tariff borne by US buyers, 0..1).
    #[serde(default)]
    pub pass_through: Option<f64>,
    /// Diversion δ (share of lost US volume sold elsewhere, 0..1).
    #[serde(default)]
    pub diversion: Option<f64>,
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Where it came from.
    pub origin: String,
    /// First forecast quarter.
    pub start: Quarter,
    /// Horizon in quarters (4..=12).
    pub quarters: usize,
    /// Baseline scenario name for comparisons.
    pub baseline: String,
    /// Measures: (name, rate %, per-sector coverage 0..1, first quarter, last quarter or None).
    pub measures: Vec<Measure>,
    /// Driver paths by name, one value per horizon quarter (log points q/q).
    pub drivers: BTreeMap<String, Vec<f64>>,
    /// Front-loading.
    pub front_loading: Option<FrontLoading>,
    /// Overrides.
    pub overrides: Overrides,
}

/// One tariff measure of a scenario.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Name.
    pub name: String,
    /// Rate, % ad valorem.
    pub rate_pct: f64,
    /// Coverage share by IO sector.
    pub coverage: Vec<f64>,
    /// First quarter in force.
    pub start: Quarter,
    /// Last quarter in force (None: to the end of the horizon).
    pub end: Option<Quarter>,
}

fn quarter(file: &str, key: &str, s: &str) -> Result<Quarter> {
    s.parse()
        .map_err(|m: String| Error::input(file, None, key, m))
}

impl Scenario {
    /// Parse and validate a scenario against the sectors, groups and data measures.
    pub fn parse(
        file: &str,
        text: &str,
        sectors: &[Sector],
        groups: &Concordance,
        data_measures: &[TariffCoverage],
    ) -> Result<Scenario> {
        let s: ScenarioSpec = parse_toml(file, text)?;
        let start = quarter(file, "start", &s.start)?;
        if !(4..=12).contains(&s.quarters) {
            return Err(Error::input(
                file,
                None,
                "quarters",
                format!("horizon must be 4 to 12 quarters, found {}", s.quarters),
            ));
        }
        let n = sectors.len();
        let mut measures = Vec::new();
        for (i, m) in s.measure.iter().enumerate() {
            let key = |k: &str| format!("measure[{i}].{k}");
            if !(0.0..=500.0).contains(&m.rate_pct) || !m.rate_pct.is_finite() {
                return Err(Error::input(
                    file,
                    None,
                    &key("rate_pct"),
                    format!("rate {} is outside [0, 500] %", m.rate_pct),
                ));
            }
            let mut cov = vec![0.0; n];
            match (&m.coverage_from, m.sectors.is_empty()) {
                (Some(id), true) => {
                    let rows: Vec<&TariffCoverage> =
                        data_measures.iter().filter(|t| t.measure == *id).collect();
                    if rows.is_empty() {
                        return Err(Error::input(
                            file,
                            None,
                            &key("coverage_from"),
                            format!("no measure `{id}` in tariff_measures.csv"),
                        ));
                    }
                    for r in rows {
                        if let Some(j) = sectors.iter().position(|x| x.code == r.code) {
                            cov[j] = r.coverage_share;
                        }
                    }
                }
                (None, false) => {
                    let c = m.coverage.unwrap_or(1.0);
                    if !(0.0..=1.0).contains(&c) {
                        return Err(Error::input(
                            file,
                            None,
                            &key("coverage"),
                            format!("coverage {c} is outside [0, 1]"),
                        ));
                    }
                    for code in &m.sectors {
                        if let Some(j) = sectors.iter().position(|x| x.code == *code) {
                            cov[j] = c;
                        } else if let Some(g) = groups.groups.iter().position(|(gc, _)| gc == code)
                        {
                            for (j, a) in groups.assignment.iter().enumerate() {
                                if *a == g {
                                    cov[j] = c;
                                }
                            }
                        } else {
                            return Err(Error::input(
                                file,
                                None,
                                &key("sectors"),
                                format!("unknown sector or group `{code}`"),
                            ));
                        }
                    }
                }
                _ => {
                    return Err(Error::input(file, None, &key("sectors"), "give either `sectors` (with optional `coverage`) or `coverage_from`, not both or neither"));
                }
            }
            let ms = quarter(file, &key("start"), &m.start)?;
            let me = m
                .end
                .as_deref()
                .map(|e| quarter(file, &key("end"), e))
                .transpose()?;
            if let Some(e) = me {
                if e < ms {
                    return Err(Error::input(
                        file,
                        None,
                        &key("end"),
                        format!("end {e} is before start {ms}"),
                    ));
                }
            }
            measures.push(Measure {
                name: m.name.clone(),
                rate_pct: m.rate_pct,
                coverage: cov,
                start: ms,
                end: me,
            });
        }
        let mut drivers = BTreeMap::new();
        for (k, v) in &s.drivers {
            let path = match v {
                DriverPath::Constant(x) => vec![*x; s.quarters],
                DriverPath::Path(p) if p.len() == s.quarters => p.clone(),
                DriverPath::Path(p) => {
                    return Err(Error::input(
                        file,
                        None,
                        &format!("drivers.{k}"),
                        format!(
                            "path has {} values, the horizon has {} quarters",
                            p.len(),
                            s.quarters
                        ),
                    ))
                }
            };
            if path.iter().any(|x| !x.is_finite() || x.abs() > 50.0) {
                return Err(Error::input(
                    file,
                    None,
                    &format!("drivers.{k}"),
                    "values must be finite growth rates within +-50 log points",
                ));
            }
            drivers.insert(k.clone(), path);
        }
        if let Some(f) = s.front_loading {
            if !(0.0..=1.0).contains(&f.share) {
                return Err(Error::input(
                    file,
                    None,
                    "front_loading.share",
                    format!("{} is outside [0, 1]", f.share),
                ));
            }
        }
        let o = s.overrides;
        for (k, v, hi) in [
            ("overrides.elasticity", o.elasticity, 50.0),
            ("overrides.pass_through", o.pass_through, 1.0),
            ("overrides.diversion", o.diversion, 1.0),
        ] {
            if let Some(x) = v {
                if !(0.0..=hi).contains(&x) {
                    return Err(Error::input(
                        file,
                        None,
                        k,
                        format!("{x} is outside [0, {hi}]"),
                    ));
                }
            }
        }
        Ok(Scenario {
            name: s.name,
            description: s.description,
            origin: file.to_string(),
            start,
            quarters: s.quarters,
            baseline: s.baseline,
            measures,
            drivers,
            front_loading: s.front_loading,
            overrides: o,
        })
    }

    /// Tariff rates τ (% ad valorem) by quarter (rows, from `from` for `len` quarters) and sector (n).
    pub fn rates(&self, n: usize, from: Quarter, len: usize) -> Array2<f64> {
        let mut tau = Array2::zeros((len, n));
        for k in 0..len {
            let q = from.offset(k as i64);
            for m in &self.measures {
                if q >= m.start && m.end.is_none_or(|e| q <= e) {
                    for (j, c) in m.coverage.iter().enumerate() {
                        tau[[k, j]] += m.rate_pct * c;
                    }
                }
            }
        }
        tau
    }

    /// The horizon's quarters.
    pub fn horizon(&self) -> Vec<Quarter> {
        (0..self.quarters)
            .map(|k| self.start.offset(k as i64))
            .collect()
    }
}
