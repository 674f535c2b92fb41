//! Checked tariff scenarios: the horizon, the US tariff measures by IO sector and quarter, the baseline
//! compared with, exogenous driver paths, optional front-loading and parameter overrides. Built from a
//! file by [`crate::spec::parse_scenario`] or in code with [`Scenario::builder`]; either way
//! [`ScenarioBuilder::build`] checks every number once, so nothing downstream re-validates.

use std::collections::BTreeMap;

use ndarray::Array2;
use serde::Deserialize;

use crate::data::{Quarter, Sector, TariffCoverage};
use crate::error::{Error, Result};
use crate::input_output::Concordance;

/// Label used in errors for scenarios built in code.
pub const BUILT_IN_CODE: &str = "built in code";

/// Exports pulled forward ahead of a tariff increase.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontLoading {
    /// Share of a quarter's US-bound exports of an affected sector shipped one quarter early (0..1).
    pub share: f64,
}

/// Parameter overrides (None = model default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, serde::Serialize)]
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

impl Overrides {
    /// Whether any parameter is overridden.
    pub fn any(&self) -> bool {
        self.elasticity.is_some() || self.pass_through.is_some() || self.diversion.is_some()
    }
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Where it came from (file label, or [`BUILT_IN_CODE`]).
    pub origin: String,
    /// First forecast quarter.
    pub start: Quarter,
    /// Horizon in quarters (4..=12).
    pub quarters: usize,
    /// Baseline scenario name for comparisons.
    pub baseline: String,
    /// Tariff measures.
    pub measures: Vec<Measure>,
    /// Driver paths by name, one value per horizon quarter (log points q/q).
    pub drivers: BTreeMap<String, Vec<f64>>,
    /// Front-loading.
    pub front_loading: Option<FrontLoading>,
    /// Overrides.
    pub overrides: Overrides,
}

/// How a measure combines with the others on the share of a sector it covers (stacking rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Stacks on everything else (most Section 232 and IEEPA measures).
    #[default]
    Additional,
    /// Replaces every other duty on the covered share (e.g. the 15% all-in autos rate of 2025-11-01).
    AllIn,
    /// "The higher of the other duties or this rate" on the covered share (e.g. "higher of MFN/KORUS
    /// or 15%", 2025-11-14); above KORUS's zero it is this rate.
    Floor,
}

/// One tariff measure of a scenario.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Name.
    pub name: String,
    /// Rate, % ad valorem.
    pub rate_pct: f64,
    /// Coverage share by IO sector (0..1, table order).
    pub coverage: Vec<f64>,
    /// First quarter in force.
    pub start: Quarter,
    /// Last quarter in force (None: to the end of the horizon).
    pub end: Option<Quarter>,
    /// A third country (ISO3, e.g. `CHN`) whose exports to the US the measure applies to; None for
    /// Korea. A partner measure's `coverage` has one value: the share of the partner's exports to
    /// the US it covers. It reaches Korea through the Korean value added in those exports.
    pub partner: Option<String>,
    /// Stacking kind (default additional).
    pub kind: MeasureKind,
    /// A Section 232 product measure (reciprocal-type measures flagged `exempt_232` skip its share).
    pub section_232: bool,
    /// Does not apply to the share of a sector covered by Section 232 measures in force (the
    /// reciprocal tariffs' exemption); the shares are treated as independent: coverage × (1 − c₂₃₂).
    pub exempt_232: bool,
}

impl Measure {
    /// An additional measure on Korea's exports with the given per-sector coverage.
    pub fn additional(
        name: &str,
        rate_pct: f64,
        coverage: Vec<f64>,
        start: Quarter,
        end: Option<Quarter>,
    ) -> Measure {
        Measure {
            name: name.to_string(),
            rate_pct,
            coverage,
            start,
            end,
            partner: None,
            kind: MeasureKind::Additional,
            section_232: false,
            exempt_232: false,
        }
    }
}

/// Per-sector coverage of a data measure (tariff_measures.csv), or None if the data have no such measure.
pub fn coverage_from_measure(
    id: &str,
    data_measures: &[TariffCoverage],
    sectors: &[Sector],
) -> Option<Vec<f64>> {
    let rows: Vec<&TariffCoverage> = data_measures.iter().filter(|t| t.measure == id).collect();
    if rows.is_empty() {
        return None;
    }
    let mut cov = vec![0.0; sectors.len()];
    for r in rows {
        if let Some(j) = sectors.iter().position(|x| x.code == r.code) {
            cov[j] = r.coverage_share;
        }
    }
    Some(cov)
}

/// Coverage `share` on the listed IO sector codes or reporting-group codes; `Err(code)` names the
/// first code that is neither.
pub fn coverage_of(
    codes: &[String],
    share: f64,
    sectors: &[Sector],
    groups: &Concordance,
) -> std::result::Result<Vec<f64>, String> {
    let mut cov = vec![0.0; sectors.len()];
    for code in codes {
        if let Some(j) = sectors.iter().position(|x| x.code == *code) {
            cov[j] = share;
        } else if let Some(g) = groups.groups.iter().position(|(gc, _)| gc == code) {
            for (j, a) in groups.assignment.iter().enumerate() {
                if *a == g {
                    cov[j] = share;
                }
            }
        } else {
            return Err(code.clone());
        }
    }
    Ok(cov)
}

/// Builds a [`Scenario`] in code; [`ScenarioBuilder::build`] checks it.
#[derive(Debug, Clone)]
pub struct ScenarioBuilder {
    s: Scenario,
}

impl ScenarioBuilder {
    /// Where the scenario came from, for error messages (default [`BUILT_IN_CODE`]).
    pub fn origin(mut self, origin: &str) -> Self {
        self.s.origin = origin.to_string();
        self
    }
    /// Description.
    pub fn description(mut self, d: &str) -> Self {
        self.s.description = d.to_string();
        self
    }
    /// Name of the baseline scenario (default `korus`).
    pub fn baseline(mut self, b: &str) -> Self {
        self.s.baseline = b.to_string();
        self
    }
    /// Add a measure.
    pub fn measure(mut self, m: Measure) -> Self {
        self.s.measures.push(m);
        self
    }
    /// Set a driver path (log points q/q, one value per horizon quarter).
    pub fn driver(mut self, name: &str, path: Vec<f64>) -> Self {
        self.s.drivers.insert(name.to_string(), path);
        self
    }
    /// Copy every driver path of another scenario.
    pub fn drivers_of(mut self, other: &Scenario) -> Self {
        for (k, v) in &other.drivers {
            self = self.driver(k, v.clone());
        }
        self
    }
    /// Front-loading share (0..1).
    pub fn front_loading(mut self, share: f64) -> Self {
        self.s.front_loading = Some(FrontLoading { share });
        self
    }
    /// Parameter overrides.
    pub fn overrides(mut self, o: Overrides) -> Self {
        self.s.overrides = o;
        self
    }

    /// The scenario without checks (for values built from already-checked data).
    fn build_unchecked(self) -> Scenario {
        self.s
    }

    /// Check every number and return the scenario. Errors name the origin and the key as a file
    /// would have it (`measure[i].rate_pct`, `drivers.NAME`, ...).
    pub fn build(self) -> Result<Scenario> {
        let s = self.s;
        let file = s.origin.as_str();
        if !(4..=12).contains(&s.quarters) {
            return Err(Error::spec(
                file,
                None,
                "quarters",
                format!("horizon must be 4 to 12 quarters, found {}", s.quarters),
            ));
        }
        for (i, m) in s.measures.iter().enumerate() {
            let key = |k: &str| format!("measure[{}].{k}", i + 1);
            if !(0.0..=500.0).contains(&m.rate_pct) || !m.rate_pct.is_finite() {
                return Err(Error::spec(
                    file,
                    None,
                    &key("rate_pct"),
                    format!("rate {} is outside [0, 500] %", m.rate_pct),
                ));
            }
            if m.coverage.iter().any(|c| !(0.0..=1.0).contains(c)) {
                return Err(Error::spec(
                    file,
                    None,
                    &key("coverage"),
                    "coverage shares must be in [0, 1]",
                ));
            }
            if let Some(e) = m.end {
                if e < m.start {
                    return Err(Error::spec(
                        file,
                        None,
                        &key("end"),
                        format!("end {e} is before start {}", m.start),
                    ));
                }
            }
        }
        // Stacked measures: the rate on a sector in a quarter, all measures together by the stacking
        // rules, stays within the 500% any single measure may have.
        if let Some(n) = s
            .measures
            .iter()
            .filter(|m| m.partner.is_none())
            .map(|m| m.coverage.len())
            .next()
        {
            if s.measures
                .iter()
                .any(|m| m.partner.is_none() && m.coverage.len() != n)
            {
                return Err(Error::spec(
                    file,
                    None,
                    "measure",
                    "measures on Korea must all have one coverage share per sector",
                ));
            }
            let r = s.rates(n, s.start, s.quarters);
            if let Some(((k, j), v)) = r
                .indexed_iter()
                .find(|(_, v)| !v.is_finite() || **v > 500.0)
            {
                return Err(Error::spec(
                    file,
                    None,
                    "measure",
                    format!(
                        "the measures stack to {v:.1}% on sector {:02} in {}: above the 500% any one rate may have",
                        j + 1,
                        s.start.offset(k as i64)
                    ),
                ));
            }
        }
        for (k, path) in &s.drivers {
            let key = format!("drivers.{k}");
            if path.len() != s.quarters {
                return Err(Error::spec(
                    file,
                    None,
                    &key,
                    format!(
                        "path has {} values, the horizon has {} quarters",
                        path.len(),
                        s.quarters
                    ),
                ));
            }
            if path.iter().any(|x| !x.is_finite() || x.abs() > 50.0) {
                return Err(Error::spec(
                    file,
                    None,
                    &key,
                    "values must be finite growth rates within +-50 log points",
                ));
            }
        }
        if let Some(f) = s.front_loading {
            if !(0.0..=1.0).contains(&f.share) {
                return Err(Error::spec(
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
                    return Err(Error::spec(
                        file,
                        None,
                        k,
                        format!("{x} is outside [0, {hi}]"),
                    ));
                }
            }
        }
        Ok(s)
    }
}

impl Scenario {
    /// Start building a scenario in code: name, first forecast quarter, horizon in quarters.
    pub fn builder(name: &str, start: Quarter, quarters: usize) -> ScenarioBuilder {
        ScenarioBuilder {
            s: Scenario {
                name: name.to_string(),
                description: String::new(),
                origin: BUILT_IN_CODE.to_string(),
                start,
                quarters,
                baseline: "korus".into(),
                measures: Vec::new(),
                drivers: BTreeMap::new(),
                front_loading: None,
                overrides: Overrides::default(),
            },
        }
    }

    /// The status quo under KORUS with the same horizon and driver paths: no additional US tariffs.
    pub fn korus_like(&self) -> Scenario {
        Scenario {
            name: "korus".into(),
            description: "KORUS: no additional US tariffs".into(),
            origin: self.origin.clone(),
            start: self.start,
            quarters: self.quarters,
            baseline: "korus".into(),
            measures: Vec::new(),
            drivers: self.drivers.clone(),
            front_loading: None,
            overrides: Overrides::default(),
        }
    }

    /// The status quo at `start`: every measure of the tariff record (data/tariff_measures.csv) in
    /// force on the last day of the quarter before `start` (effective on or before it, and not ended
    /// before it), held for the whole horizon; measures that took effect later are not in it, and no
    /// later end date is assumed known. Each scenario's path is the model baseline plus its own tariff
    /// deviation from this status quo.
    pub fn status_quo(
        start: Quarter,
        quarters: usize,
        record: &[TariffCoverage],
        sectors: &[Sector],
    ) -> Scenario {
        let origin = start.offset(-1);
        let last_day = origin.last_day();
        let mut ids: Vec<&str> = record
            .iter()
            .filter(|t| t.effective.as_str() <= last_day.as_str())
            .filter(|t| t.end.is_empty() || t.end.as_str() >= last_day.as_str())
            .map(|t| t.measure.as_str())
            .collect();
        ids.dedup();
        ids.sort_unstable();
        ids.dedup();
        let mut s = Scenario::builder("status-quo", start, quarters)
            .description(&format!(
                "tariffs in force on {last_day} (data/tariff_measures.csv), held"
            ))
            .build_unchecked();
        for id in ids {
            let rate = record
                .iter()
                .find(|t| t.measure == id)
                .map_or(0.0, |t| t.rate_pct);
            if let Some(coverage) = coverage_from_measure(id, record, sectors) {
                let mut m = Measure::additional(id, rate, coverage, start, None);
                if record.iter().any(|t| t.measure == id && t.kind == "all_in") {
                    m.kind = MeasureKind::AllIn;
                }
                m.section_232 = id.starts_with("s232_");
                s.measures.push(m);
            }
        }
        s
    }

    /// The third countries with measures in the scenario.
    pub fn partners(&self) -> Vec<String> {
        let mut p: Vec<String> = self
            .measures
            .iter()
            .filter_map(|m| m.partner.clone())
            .collect();
        p.sort();
        p.dedup();
        p
    }

    /// A partner's average US tariff on its exports to the US (% ad valorem, coverage-weighted) by
    /// quarter from `from` for `len` quarters; overlapping measures add.
    pub fn partner_rates(&self, partner: &str, from: Quarter, len: usize) -> Vec<f64> {
        (0..len)
            .map(|k| {
                let q = from.offset(k as i64);
                self.measures
                    .iter()
                    .filter(|m| m.partner.as_deref() == Some(partner))
                    .filter(|m| q >= m.start && m.end.is_none_or(|e| q <= e))
                    .map(|m| m.rate_pct * m.coverage.first().copied().unwrap_or(1.0))
                    .sum()
            })
            .collect()
    }

    /// Tariff rates τ (% ad valorem) on Korea's exports by quarter (rows, from `from` for `len`
    /// quarters) and sector (n), by the stacking rules: per sector j and quarter, (1) additional
    /// measures add, rate × coverage, a measure flagged `exempt_232` on coverage × (1 − c₂₃₂,j) with
    /// c₂₃₂,j the largest coverage of a Section 232 measure in force; (2) an all-in measure with
    /// coverage c replaces everything on its share: τ ← (1 − c) τ + c R; (3) a floor measure:
    /// τ ← (1 − c) τ + c max(τ, R). Partner measures are not included.
    pub fn rates(&self, n: usize, from: Quarter, len: usize) -> Array2<f64> {
        let mut tau = Array2::zeros((len, n));
        for k in 0..len {
            let q = from.offset(k as i64);
            let live: Vec<&Measure> = self
                .measures
                .iter()
                .filter(|m| m.partner.is_none())
                .filter(|m| q >= m.start && m.end.is_none_or(|e| q <= e))
                .collect();
            for j in 0..n {
                let cov = |m: &Measure| m.coverage.get(j).copied().unwrap_or(0.0);
                let c232 = live
                    .iter()
                    .filter(|m| m.section_232)
                    .map(|m| cov(m))
                    .fold(0.0, f64::max);
                let mut t: f64 = live
                    .iter()
                    .filter(|m| m.kind == MeasureKind::Additional)
                    .map(|m| {
                        let c = if m.exempt_232 {
                            cov(m) * (1.0 - c232)
                        } else {
                            cov(m)
                        };
                        m.rate_pct * c
                    })
                    .sum();
                for m in live.iter().filter(|m| m.kind == MeasureKind::AllIn) {
                    let c = cov(m);
                    t = (1.0 - c) * t + c * m.rate_pct;
                }
                for m in live.iter().filter(|m| m.kind == MeasureKind::Floor) {
                    let c = cov(m);
                    t = (1.0 - c) * t + c * t.max(m.rate_pct);
                }
                tau[[k, j]] = t;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    #[test]
    fn overlapping_measures_add_and_end_quarters_are_inclusive() {
        let s = Scenario::builder("t", q("2026Q1"), 4)
            .measure(Measure::additional(
                "a",
                10.0,
                vec![1.0, 0.5],
                q("2026Q1"),
                Some(q("2026Q2")),
            ))
            .measure(Measure::additional(
                "b",
                20.0,
                vec![0.0, 1.0],
                q("2026Q2"),
                None,
            ))
            .build()
            .unwrap();
        let t = s.rates(2, q("2026Q1"), 4);
        assert_eq!(t.column(0).to_vec(), vec![10.0, 10.0, 0.0, 0.0]);
        assert_eq!(t.column(1).to_vec(), vec![5.0, 25.0, 20.0, 20.0]);
    }

    #[test]
    fn stacking_rules_all_in_floor_and_the_232_exemption_by_hand() {
        let start = q("2026Q1");
        let m = |name: &str, rate: f64, cov: Vec<f64>| {
            Measure::additional(name, rate, cov, start, None)
        };
        // Sector 0: steel 232 at 50% on 40% of it, reciprocal 15% on all of it but exempt from 232:
        // 50·0.4 + 15·1·(1 − 0.4) = 29. Sector 1: 10% additional, then an all-in 15% on 60% of it:
        // 0.4·10 + 0.6·15 = 13. Sector 2: 5% additional under a 15% floor on all of it: max(5, 15) = 15;
        // a floor below the other duties changes nothing (sector 3: 20 under a 15% floor = 20).
        let mut steel = m("s232 steel", 50.0, vec![0.4, 0.0, 0.0, 0.0]);
        steel.section_232 = true;
        let mut recip = m("reciprocal", 15.0, vec![1.0, 0.0, 0.0, 0.0]);
        recip.exempt_232 = true;
        let mut allin = m("autos all-in", 15.0, vec![0.0, 0.6, 0.0, 0.0]);
        allin.kind = MeasureKind::AllIn;
        let mut floor = m("floor", 15.0, vec![0.0, 0.0, 1.0, 1.0]);
        floor.kind = MeasureKind::Floor;
        let s = Scenario::builder("t", start, 4)
            .measure(steel)
            .measure(recip)
            .measure(m("ten", 10.0, vec![0.0, 1.0, 0.0, 0.0]))
            .measure(allin)
            .measure(m("five", 5.0, vec![0.0, 0.0, 1.0, 0.0]))
            .measure(m("twenty", 20.0, vec![0.0, 0.0, 0.0, 1.0]))
            .measure(floor)
            .build()
            .unwrap();
        let t = s.rates(4, start, 1);
        for (j, want) in [29.0, 13.0, 15.0, 20.0].iter().enumerate() {
            assert!(
                (t[[0, j]] - want).abs() < 1e-12,
                "sector {j}: {} vs {want}",
                t[[0, j]]
            );
        }
    }

    #[test]
    fn builder_checks_numbers_and_names_the_key() {
        let e = Scenario::builder("t", q("2026Q1"), 4)
            .driver("us_gdp_growth", vec![0.5; 3])
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("built in code: `drivers.us_gdp_growth`"),
            "{e}"
        );
        let e = Scenario::builder("t", q("2026Q1"), 20).build().unwrap_err();
        assert!(e.to_string().contains("4 to 12"), "{e}");
    }

    /// The status quo holds the data's measures in force on the origin's last day (in force that
    /// day counts, from and until it), each at its rate and coverage, with its kind from the data
    /// (an all-in measure replaces the other duties) and Section 232 flagged by its id.
    #[test]
    fn the_status_quo_holds_the_measures_in_force_on_the_origin_s_last_day_with_their_kind() {
        let row = |measure: &str,
                   effective: &str,
                   end: &str,
                   rate: f64,
                   kind: &str,
                   code: &str,
                   c: f64| {
            TariffCoverage {
                measure: measure.into(),
                effective: effective.into(),
                end: end.into(),
                rate_pct: rate,
                kind: kind.into(),
                code: code.into(),
                coverage_share: c,
            }
        };
        let record = vec![
            row("recip_10", "2025-04-05", "", 10.0, "additional", "01", 1.0),
            row("recip_10", "2025-04-05", "", 10.0, "additional", "02", 0.5),
            row("allin_15", "2025-08-07", "", 15.0, "all_in", "02", 1.0),
            row(
                "s232_steel_50",
                "2025-06-04",
                "",
                50.0,
                "additional",
                "02",
                0.2,
            ),
            row(
                "ended",
                "2025-03-01",
                "2025-09-29",
                25.0,
                "additional",
                "01",
                1.0,
            ),
            row(
                "ends_that_day",
                "2025-01-01",
                "2025-09-30",
                5.0,
                "additional",
                "01",
                1.0,
            ),
            row(
                "starts_that_day",
                "2025-09-30",
                "",
                7.0,
                "additional",
                "02",
                1.0,
            ),
            row("later", "2025-10-01", "", 30.0, "additional", "01", 1.0),
        ];
        let sectors: Vec<Sector> = ["01", "02"]
            .iter()
            .map(|c| Sector {
                code: c.to_string(),
                label: c.to_string(),
                name_en: c.to_string(),
                name_ko: c.to_string(),
            })
            .collect();
        // Start 2025Q4: the origin is 2025Q3, its last day 2025-09-30.
        let s = Scenario::status_quo(q("2025Q4"), 4, &record, &sectors);
        let ids: Vec<&str> = s.measures.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "allin_15",
                "ends_that_day",
                "recip_10",
                "s232_steel_50",
                "starts_that_day"
            ]
        );
        let m = |id: &str| s.measures.iter().find(|m| m.name == id).unwrap();
        assert_eq!(m("allin_15").kind, MeasureKind::AllIn);
        for id in [
            "ends_that_day",
            "recip_10",
            "s232_steel_50",
            "starts_that_day",
        ] {
            assert_eq!(m(id).kind, MeasureKind::Additional, "{id}");
        }
        assert!(m("s232_steel_50").section_232 && !m("recip_10").section_232);
        assert_eq!(m("recip_10").coverage, vec![1.0, 0.5]);
        assert_eq!(
            (
                m("recip_10").rate_pct,
                m("recip_10").start,
                m("recip_10").end
            ),
            (10.0, q("2025Q4"), None)
        );
    }

    /// A partner's rate: its measures' rate × coverage, in force from the start quarter through the
    /// end quarter (inclusive), measures on Korea and other partners left out.
    #[test]
    fn partner_rates_count_the_partner_s_measures_through_their_end_quarter() {
        let on = |partner: Option<&str>, rate: f64, share: f64, start: &str, end: Option<&str>| {
            let mut m = Measure::additional("m", rate, vec![share], q(start), end.map(q));
            m.partner = partner.map(str::to_string);
            m
        };
        let s = Scenario {
            measures: vec![
                on(Some("china"), 20.0, 0.5, "2026Q2", Some("2026Q3")),
                on(Some("china"), 10.0, 1.0, "2026Q3", None),
                on(Some("mexico"), 25.0, 1.0, "2026Q1", None),
                on(None, 15.0, 1.0, "2026Q1", None),
            ],
            ..Scenario::builder("t", q("2026Q1"), 4).build().unwrap()
        };
        assert_eq!(
            s.partner_rates("china", q("2026Q1"), 4),
            vec![0.0, 10.0, 20.0, 10.0]
        );
        assert_eq!(
            s.partners(),
            vec!["china".to_string(), "mexico".to_string()]
        );
    }

    /// The bounds are inclusive and name their key: measures may stack to 500% on a sector (not
    /// more), a driver may grow by 50 log points a quarter (not more), an
    /// override must lie in its range.
    #[test]
    fn scenario_bounds_admit_their_limits_and_refuse_beyond() {
        let stacked = |a: f64, b: f64| {
            Scenario::builder("t", q("2026Q1"), 4)
                .measure(Measure::additional("a", a, vec![1.0], q("2026Q1"), None))
                .measure(Measure::additional("b", b, vec![1.0], q("2026Q1"), None))
                .build()
        };
        assert!(stacked(250.0, 250.0).is_ok());
        let e = stacked(250.0, 250.5).unwrap_err().to_string();
        assert!(e.contains("stack to 500.5% on sector 01 in 2026Q1"), "{e}");
        // A single rate is checked before stacking.
        let e = stacked(f64::INFINITY, 0.0).unwrap_err().to_string();
        assert!(
            e.contains("`measure[1].rate_pct`") && e.contains("rate inf is outside [0, 500]"),
            "{e}"
        );
        let driver = |g: f64| {
            Scenario::builder("t", q("2026Q1"), 4)
                .driver("us_gdp_growth", vec![0.5, g, -g, 0.5])
                .build()
        };
        assert!(driver(50.0).is_ok());
        for bad in [50.5, f64::NAN] {
            let e = driver(bad).unwrap_err().to_string();
            assert!(
                e.contains("`drivers.us_gdp_growth`") && e.contains("within +-50"),
                "{e}"
            );
        }
        let with = |o: Overrides| Scenario::builder("t", q("2026Q1"), 4).overrides(o).build();
        assert!(with(Overrides {
            elasticity: Some(50.0),
            pass_through: Some(1.0),
            diversion: Some(0.0),
        })
        .is_ok());
        let e = with(Overrides {
            pass_through: Some(1.5),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("`overrides.pass_through`") && e.contains("1.5 is outside [0, 1]"),
            "{e}"
        );
    }

    /// A measure may end in the quarter it starts (in force for that one quarter); ending before it
    /// starts is an error naming the measure's `end`.
    #[test]
    fn a_measure_may_end_in_its_start_quarter_but_not_before() {
        let one = |end: &str| {
            Scenario::builder("t", q("2026Q1"), 4)
                .measure(Measure::additional(
                    "a",
                    10.0,
                    vec![1.0],
                    q("2026Q2"),
                    Some(q(end)),
                ))
                .build()
        };
        let s = one("2026Q2").unwrap();
        assert_eq!(
            s.rates(1, q("2026Q1"), 4).column(0).to_vec(),
            vec![0.0, 10.0, 0.0, 0.0]
        );
        let e = one("2026Q1").unwrap_err().to_string();
        assert!(e.contains("end 2026Q1 is before start 2026Q2"), "{e}");
        assert!(e.contains("end`"), "{e}");
    }
}
