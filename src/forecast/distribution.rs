//! The result of a forecast: per-quarter distributions of GDP growth under the scenario and its
//! baseline and their difference, horizon risk measures, the level effect, sector effects, tariff
//! paths and the settings and sources used. Immutable; JSON is serde on it; [`summary`] and
//! [`to_csv`] render exactly what the command line prints.
//!
//! [`summary`]: ForecastDistribution::summary
//! [`to_csv`]: ForecastDistribution::to_csv

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    growth_at_risk, p_two_consecutive_negative, quarter_stats, Overrides, SectorEffect, Simulation,
    QUANTILES,
};
use crate::data::Quarter;
use crate::error::Result;
use crate::report::charts::{BarChart, Draw, Fan, FanChart, Lang};
use crate::report::{csv_field, Align, Meta, Table};

/// Settings and sources of a forecast (JSON `meta`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ForecastMeta {
    /// Version, data version and backend.
    #[serde(flatten)]
    pub meta: Meta,
    /// Seed.
    pub seed: u64,
    /// Monte Carlo paths.
    pub paths: usize,
    /// Scenario name.
    pub scenario: String,
    /// Baseline name.
    pub baseline: String,
    /// Scenario file label.
    pub scenario_file: String,
    /// SHA-256 of the scenario file text (empty for a scenario built in code).
    pub scenario_sha256: String,
    /// Baseline file label.
    pub baseline_file: String,
    /// SHA-256 of the baseline file text.
    pub baseline_sha256: String,
    /// Model spec label.
    pub model_spec: String,
    /// SHA-256 of the model spec text.
    pub model_spec_sha256: String,
    /// Aggregate tariff elasticity used.
    pub tariff_elasticity: f64,
    /// Its standard deviation.
    pub tariff_elasticity_sd: f64,
    /// Its source.
    pub tariff_elasticity_source: String,
    /// Units of the outputs.
    pub units: &'static str,
    /// Scenario description.
    pub scenario_description: String,
    /// Baseline description.
    pub baseline_description: String,
    /// The scenario's parameter overrides, as applied.
    pub overrides: Overrides,
    /// First forecast quarter.
    pub start: String,
    /// When the first quarter's baseline comes from the monthly nowcast: which and with how many
    /// months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nowcast: Option<String>,
    /// The optional transmission channels configured in the model spec, on or off, with their
    /// numbers and sources (JSON `channels`).
    pub channels: Vec<ChannelNote>,
    /// Driver paths the scenario or the comparator gives that the estimated GDP model does not use
    /// (they change nothing; the local-mean baseline uses none).
    pub unused_drivers: Vec<String>,
}

/// One optional transmission channel as a forecast records it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChannelNote {
    /// `income`, `uncertainty` or `exchange_rate`.
    pub name: String,
    /// Whether this forecast used it.
    pub enabled: bool,
    /// Central parameter.
    pub value: f64,
    /// Its standard deviation.
    pub sd: f64,
    /// Units of the parameter.
    pub units: String,
    /// Where the number comes from.
    pub source: String,
}

impl ChannelNote {
    /// The notes for the channels configured in `trade` (those absent from the spec are left out).
    pub fn from_spec(trade: &crate::econometrics::TradeSpec) -> Vec<ChannelNote> {
        [
            (
                "income",
                &trade.income_channel,
                "share of lost domestic income by which domestic demand falls",
            ),
            (
                "uncertainty",
                &trade.uncertainty_channel,
                "% of real GDP per tariff point of the lagged goods wedge",
            ),
            (
                "exchange_rate",
                &trade.exchange_rate_channel,
                "share of the tariff wedge offset by KRW depreciation",
            ),
        ]
        .into_iter()
        .filter_map(|(name, c, units)| {
            c.as_ref().map(|c| ChannelNote {
                name: name.into(),
                enabled: c.enabled,
                value: c.value,
                sd: c.sd,
                units: units.into(),
                source: c.source.clone(),
            })
        })
        .collect()
    }
}

/// Units line recorded in every forecast.
pub(crate) const UNITS: &str = "growth in log points q/q (≈ % q/q, s.a.); tariffs in % ad valorem, export-weighted; values at 2020 prices";

/// One forecast quarter (JSON `quarters[]`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuarterRow {
    /// Quarter `YYYYQn`.
    pub quarter: String,
    /// Scenario mean growth, log points q/q.
    pub mean: f64,
    /// Scenario median.
    pub median: f64,
    /// Scenario quantiles keyed "5", "10", "25", "75", "90", "95" (numeric order).
    pub quantiles: BTreeMap<String, f64>,
    /// Scenario P(growth < 0).
    pub p_negative: f64,
    /// Baseline mean.
    pub baseline_mean: f64,
    /// Baseline median.
    pub baseline_median: f64,
    /// Baseline quantiles.
    pub baseline_quantiles: BTreeMap<String, f64>,
    /// Baseline P(growth < 0).
    pub baseline_p_negative: f64,
    /// Scenario minus baseline mean.
    pub difference_mean: f64,
    /// Quantiles of scenario minus baseline growth, path by path (the same draws), keyed like
    /// `quantiles`, log points q/q: the band of the scenario's effect.
    pub difference_quantiles: BTreeMap<String, f64>,
    /// Scenario's export-weighted tariff, %.
    pub tariff_pct: f64,
    /// Baseline's export-weighted tariff, %.
    pub baseline_tariff_pct: f64,
    /// Scenario's tariff weighted over goods exports only, % (`tariff_pct` weights goods and
    /// services together).
    pub tariff_goods_pct: f64,
    /// Baseline's goods-only rate, %.
    pub baseline_tariff_goods_pct: f64,
    /// Scenario mean growth on the same quarter a year earlier, % (None if history is too short).
    pub yoy_mean: Option<f64>,
    /// Baseline mean y/y growth, %.
    pub baseline_yoy_mean: Option<f64>,
    /// Replays (`--as-of`): the realised growth of the quarter, log points q/q.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realised: Option<f64>,
    /// Realised − scenario mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_error: Option<f64>,
    /// PIT: share of scenario paths at or below the realised value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pit: Option<f64>,
}

/// One calendar year (JSON `annual[]`): annual growth as statistical offices compute it, the mean of
/// the year's four quarterly levels over the previous year's mean, in %; quarters before the
/// forecast start are the realised ones.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AnnualRow {
    /// Calendar year.
    pub year: i32,
    /// Scenario mean annual growth, %.
    pub growth_mean: f64,
    /// Scenario median annual growth, %.
    pub growth_median: f64,
    /// Scenario quantiles of annual growth, keyed like `quantiles`.
    pub growth_quantiles: BTreeMap<String, f64>,
    /// Baseline (comparator) mean annual growth, %.
    pub baseline_growth_mean: f64,
    /// Mean effect of the scenario on annual growth, percentage points (scenario − baseline).
    pub effect_pp_mean: f64,
    /// Quantiles of the effect, pp.
    pub effect_pp_quantiles: BTreeMap<String, f64>,
    /// Scenario P(annual growth < 0).
    pub p_negative: f64,
    /// Baseline P(annual growth < 0).
    pub baseline_p_negative: f64,
    /// Quarters of the year that are realised (before the forecast start).
    pub realised_quarters: usize,
    /// Replays (`--as-of`): the realised annual growth, %, where the data have the whole year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realised_growth: Option<f64>,
    /// Realised − scenario mean, pp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_error: Option<f64>,
    /// PIT: share of scenario paths with annual growth at or below the realised one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pit: Option<f64>,
}

/// Calendar-year and y/y figures of simulated paths that start after `history` (quarter, growth in
/// log points q/q, ascending and contiguous up to the quarter before the first forecast quarter).
struct Calendar {
    /// Annual rows for every year with all four quarters known or forecast, the previous year too,
    /// and at least one quarter forecast.
    annual: Vec<AnnualRow>,
    /// y/y mean per forecast quarter (scenario, baseline), %.
    yoy: Vec<(Option<f64>, Option<f64>)>,
}

/// The quarters a calendar is computed over: the contiguous realised history right before the
/// first forecast quarter and the horizon, with the index sets of the complete years.
struct CalendarFrame {
    hist: Vec<(Quarter, f64)>,
    /// The log level of each history quarter (running sum of `hist`'s growth, log points).
    hist_levels: Vec<f64>,
    /// (year, its four quarters' indices, the previous year's) for each horizon year whose year and
    /// previous year are complete in `quarters`.
    years: Vec<(i32, Vec<usize>, Vec<usize>)>,
}

impl CalendarFrame {
    fn new(horizon: &[Quarter], history: &[(Quarter, f64)]) -> Option<CalendarFrame> {
        let first = horizon.first().copied()?;
        // Keep the contiguous history ending right before the first forecast quarter.
        let mut hist: Vec<(Quarter, f64)> = Vec::new();
        let mut want = first.offset(-1);
        for (q, v) in history.iter().rev() {
            if *q != want || !v.is_finite() {
                break;
            }
            hist.push((*q, *v));
            want = want.offset(-1);
        }
        hist.reverse();
        let quarters: Vec<Quarter> = hist
            .iter()
            .map(|x| x.0)
            .chain(horizon.iter().copied())
            .collect();
        let mut ys: Vec<i32> = horizon.iter().map(|q| q.year).collect();
        ys.dedup();
        let idx = |yr: i32| -> Option<Vec<usize>> {
            let v: Vec<usize> = (1..=4u8)
                .filter_map(|q| quarters.iter().position(|x| x.year == yr && x.q == q))
                .collect();
            (v.len() == 4).then_some(v)
        };
        let years = ys
            .into_iter()
            .filter_map(|y| Some((y, idx(y)?, idx(y - 1)?)))
            .collect();
        let mut l = 0.0;
        let hist_levels = hist
            .iter()
            .map(|x| {
                l += x.1;
                l
            })
            .collect();
        Some(CalendarFrame {
            hist,
            hist_levels,
            years,
        })
    }

    /// Log level (log points) of each quarter relative to the quarter before the first one kept.
    fn levels(&self, path: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.hist_levels.len() + path.len());
        out.extend_from_slice(&self.hist_levels);
        self.extend_levels(path, &mut out);
        out
    }

    /// Append the horizon's log levels of `path` to `out` (the running sum continued from the
    /// history's last level, so each value is the one [`CalendarFrame::levels`] gives).
    fn extend_levels(&self, path: &[f64], out: &mut Vec<f64>) {
        let mut l = self.hist_levels.last().copied().unwrap_or(0.0);
        out.extend(path.iter().map(|g| {
            l += g;
            l
        }));
    }

    /// Calendar-year growth, %: the ratio of the year's average level to the previous year's.
    fn growth(levels: &[f64], cur: &[usize], prev: &[usize]) -> f64 {
        Self::growth_by(|k| levels[k], cur, prev)
    }

    /// [`CalendarFrame::growth`] with the log level of quarter index `k` given by `level(k)`.
    fn growth_by(level: impl Fn(usize) -> f64, cur: &[usize], prev: &[usize]) -> f64 {
        let avg = |ix: &[usize]| ix.iter().map(|&k| (level(k) / 100.0).exp()).sum::<f64>();
        100.0 * (avg(cur) / avg(prev) - 1.0)
    }
}

/// The mean calendar-year growth effect (scenario − baseline, pp) of each complete year: what
/// `annual[].effect_pp_mean` reports, without the rest of the calendar.
pub(crate) fn annual_effect_means(sim: &Simulation, history: &[(Quarter, f64)]) -> Vec<(i32, f64)> {
    let Some(frame) = CalendarFrame::new(&sim.quarters, history) else {
        return Vec::new();
    };
    let nh = frame.hist_levels.len();
    let n = sim.scenario.len();
    // Per year, each path's effect; the path's levels are computed once for all years, and only
    // the horizon's part of them (the history's is shared).
    let mut eff = vec![vec![0.0; n]; frame.years.len()];
    let (mut ls, mut lb) = (Vec::new(), Vec::new());
    for (i, (s, b)) in sim.scenario.iter().zip(&sim.baseline).enumerate() {
        ls.clear();
        lb.clear();
        frame.extend_levels(s, &mut ls);
        frame.extend_levels(b, &mut lb);
        let growth = |l: &[f64], cur: &[usize], prev: &[usize]| {
            let at = |k: usize| {
                if k < nh {
                    frame.hist_levels[k]
                } else {
                    l[k - nh]
                }
            };
            CalendarFrame::growth_by(at, cur, prev)
        };
        for (y, (_, cur, prev)) in frame.years.iter().enumerate() {
            eff[y][i] = growth(&ls, cur, prev) - growth(&lb, cur, prev);
        }
    }
    frame
        .years
        .iter()
        .zip(&eff)
        .map(|((year, _, _), e)| (*year, e.iter().sum::<f64>() / n as f64))
        .collect()
}

fn calendar(sim: &Simulation, history: &[(Quarter, f64)], outcomes: &[(Quarter, f64)]) -> Calendar {
    let h = sim.quarters.len();
    let Some(frame) = CalendarFrame::new(&sim.quarters, history) else {
        return Calendar {
            annual: vec![],
            yoy: vec![],
        };
    };
    let nh = frame.hist.len();
    let n = sim.scenario.len();
    let ls: Vec<Vec<f64>> = sim.scenario.iter().map(|p| frame.levels(p)).collect();
    let lb: Vec<Vec<f64>> = sim.baseline.iter().map(|p| frame.levels(p)).collect();
    let yoy = (0..h)
        .map(|t| {
            let k = nh + t;
            if k < 4 {
                return (None, None);
            }
            let m = |l: &[Vec<f64>]| {
                Some(
                    l.iter()
                        .map(|p| 100.0 * (((p[k] - p[k - 4]) / 100.0).exp() - 1.0))
                        .sum::<f64>()
                        / n as f64,
                )
            };
            (m(&ls), m(&lb))
        })
        .collect();
    let mut annual = Vec::new();
    for (year, cur, prev) in &frame.years {
        let (year, cur, prev) = (*year, cur.as_slice(), prev.as_slice());
        let growth = |p: &[f64]| CalendarFrame::growth(p, cur, prev);
        // The realised path over the horizon, where every quarter up to the year's end is known.
        let realised: Option<f64> = {
            let need = cur.iter().copied().max().unwrap_or(0).saturating_sub(nh) + 1;
            let path: Option<Vec<f64>> = sim.quarters[..need.min(h)]
                .iter()
                .map(|q| outcomes.iter().find(|o| o.0 == *q).map(|o| o.1))
                .collect();
            path.map(|p| growth(&frame.levels(&p)))
        };
        let mut gs: Vec<f64> = ls.iter().map(|p| growth(p)).collect();
        let gb: Vec<f64> = lb.iter().map(|p| growth(p)).collect();
        let mut eff: Vec<f64> = gs.iter().zip(&gb).map(|(a, b)| a - b).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let pneg = |v: &[f64]| v.iter().filter(|x| **x < 0.0).count() as f64 / v.len() as f64;
        let row_mean = mean(&gs);
        let (bm, bp, em, sp) = (mean(&gb), pneg(&gb), mean(&eff), pneg(&gs));
        gs.sort_by(f64::total_cmp);
        eff.sort_by(f64::total_cmp);
        let qs = |v: &[f64]| -> Vec<f64> {
            QUANTILES
                .iter()
                .map(|p| super::quantile_sorted(v, *p))
                .collect()
        };
        annual.push(AnnualRow {
            year,
            growth_mean: row_mean,
            growth_median: super::quantile_sorted(&gs, 50.0),
            growth_quantiles: keyed(&qs(&gs)),
            baseline_growth_mean: bm,
            effect_pp_mean: em,
            effect_pp_quantiles: keyed(&qs(&eff)),
            p_negative: sp,
            baseline_p_negative: bp,
            realised_quarters: cur.iter().filter(|&&k| k < nh).count(),
            realised_growth: realised,
            forecast_error: realised.map(|r| r - row_mean),
            pit: realised.map(|r| gs.partition_point(|v| *v <= r) as f64 / n as f64),
        });
    }
    Calendar { annual, yoy }
}

/// Horizon risk measures of one set of paths.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Risk {
    /// Share of paths with two consecutive negative quarters.
    pub p_two_consecutive_negative: f64,
    /// 5% quantile of quarterly growth pooled over the horizon (log points).
    pub growth_at_risk_5: f64,
    /// Mean growth at or below it.
    pub expected_shortfall_5: f64,
}

impl Risk {
    fn of(paths: &[Vec<f64>]) -> Risk {
        let (gar, es) = growth_at_risk(paths);
        Risk {
            p_two_consecutive_negative: p_two_consecutive_negative(paths),
            growth_at_risk_5: gar,
            expected_shortfall_5: es,
        }
    }
}

/// The forecast distribution of a scenario against its baseline.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ForecastDistribution {
    /// Settings and sources.
    pub meta: ForecastMeta,
    /// Per-quarter statistics.
    pub quarters: Vec<QuarterRow>,
    /// Scenario: P(two consecutive negative quarters).
    pub p_two_consecutive_negative: f64,
    /// Scenario growth-at-risk (5%).
    pub growth_at_risk_5: f64,
    /// Scenario expected shortfall (5%).
    pub expected_shortfall_5: f64,
    /// Baseline risk measures.
    pub baseline: Risk,
    /// Scenario minus baseline risk measures.
    pub difference: Risk,
    /// Mean real GDP level at the horizon end vs baseline, %.
    pub gdp_level_effect_pct: f64,
    /// Quantiles of the real GDP level effect, keyed like `quantiles`.
    pub gdp_level_effect_quantiles: BTreeMap<String, f64>,
    /// Mean real GDI level effect at the horizon end, %: the real GDP effect plus the terms-of-trade
    /// loss from exporters' price absorption (income, not output). Risk measures use real GDP.
    pub gdi_level_effect_pct: f64,
    /// Quantiles of the real GDI level effect.
    pub gdi_level_effect_quantiles: BTreeMap<String, f64>,
    /// Sector-group effects.
    pub sectors: Vec<SectorEffect>,
    /// Calendar-year growth of the scenario and the baseline and the effect in pp.
    pub annual: Vec<AnnualRow>,
    /// Value chains through third countries: per partner with measures and Korean sector group,
    /// the change in Korean value added (central parameters; empty without partner measures).
    pub value_chains: Vec<super::ValueChainEffect>,
    /// Per IO sector with a US tariff in the scenario or the comparator: the rate by quarter.
    pub tariff_schedule: Vec<super::TariffScheduleRow>,
    /// The realised growth of the (up to) 12 quarters before the forecast starts, log points q/q,
    /// for the charts.
    pub history: Vec<HistoryPoint>,
}

/// A realised quarter before the forecast (JSON `history[]`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryPoint {
    /// Quarter `YYYYQn`.
    pub quarter: String,
    /// Real GDP growth, log points q/q.
    pub growth: f64,
}

/// Quarters of history kept for the charts.
pub const HISTORY_QUARTERS: usize = 12;

fn keyed(q: &[f64]) -> BTreeMap<String, f64> {
    QUANTILES
        .iter()
        .zip(q)
        .map(|(p, v)| (format!("{p}"), *v))
        .collect()
}

/// Per path, the real GDP level effect at the horizon end (scenario minus comparator, summed over
/// the horizon's quarters), log points.
pub(crate) fn level_effects(sim: &Simulation) -> Vec<f64> {
    sim.scenario
        .iter()
        .zip(&sim.baseline)
        .map(|(s, b)| s.iter().zip(b).map(|(x, y)| x - y).sum::<f64>())
        .collect()
}

fn column(paths: &[Vec<f64>], t: usize) -> Vec<f64> {
    paths.iter().map(|p| p[t]).collect()
}

impl ForecastDistribution {
    /// Summarise simulated paths: `tau_s`, `tau_b` are the export-weighted tariff paths (%),
    /// `history` the realised growth (quarter, log points q/q) before the first forecast quarter, for
    /// calendar-year and y/y figures, and `outcomes` the realised growth after it (replays; empty
    /// otherwise), printed beside the forecast with the error and the PIT.
    pub fn from_simulation(
        meta: ForecastMeta,
        sim: &Simulation,
        sectors: Vec<SectorEffect>,
        tau_s: &[f64],
        tau_b: &[f64],
        history: &[(Quarter, f64)],
        outcomes: &[(Quarter, f64)],
    ) -> ForecastDistribution {
        let cal = calendar(sim, history, outcomes);
        let quarters = sim
            .quarters
            .iter()
            .enumerate()
            .map(|(t, q)| {
                let col = column(&sim.scenario, t);
                let s = quarter_stats(&col);
                let bcol = column(&sim.baseline, t);
                let b = quarter_stats(&bcol);
                let diff: Vec<f64> = col.iter().zip(&bcol).map(|(x, y)| x - y).collect();
                let d = quarter_stats(&diff);
                let realised = outcomes.iter().find(|o| o.0 == *q).map(|o| o.1);
                QuarterRow {
                    quarter: q.to_string(),
                    mean: s.mean,
                    median: s.median,
                    quantiles: keyed(&s.quantiles),
                    p_negative: s.p_negative,
                    baseline_mean: b.mean,
                    baseline_median: b.median,
                    baseline_quantiles: keyed(&b.quantiles),
                    baseline_p_negative: b.p_negative,
                    difference_mean: s.mean - b.mean,
                    difference_quantiles: keyed(&d.quantiles),
                    tariff_pct: tau_s[t],
                    baseline_tariff_pct: tau_b[t],
                    tariff_goods_pct: f64::NAN,
                    baseline_tariff_goods_pct: f64::NAN,
                    yoy_mean: cal.yoy.get(t).and_then(|x| x.0),
                    baseline_yoy_mean: cal.yoy.get(t).and_then(|x| x.1),
                    realised,
                    forecast_error: realised.map(|r| r - s.mean),
                    pit: realised
                        .map(|r| col.iter().filter(|v| **v <= r).count() as f64 / col.len() as f64),
                }
            })
            .collect();
        let n = sim.scenario.len() as f64;
        let mut levels = level_effects(sim);
        let mut gdi: Vec<f64> = levels
            .iter()
            .zip(sim.terms_of_trade.iter().chain(std::iter::repeat(&0.0)))
            .map(|(l, t)| l + t)
            .collect();
        let level = levels.iter().sum::<f64>() / n;
        let gdi_mean = gdi.iter().sum::<f64>() / n;
        levels.sort_by(f64::total_cmp);
        gdi.sort_by(f64::total_cmp);
        let qs = |v: &[f64]| -> Vec<f64> {
            QUANTILES
                .iter()
                .map(|p| super::quantile_sorted(v, *p))
                .collect()
        };
        let sr = Risk::of(&sim.scenario);
        let br = Risk::of(&sim.baseline);
        ForecastDistribution {
            meta,
            quarters,
            p_two_consecutive_negative: sr.p_two_consecutive_negative,
            growth_at_risk_5: sr.growth_at_risk_5,
            expected_shortfall_5: sr.expected_shortfall_5,
            difference: Risk {
                p_two_consecutive_negative: sr.p_two_consecutive_negative
                    - br.p_two_consecutive_negative,
                growth_at_risk_5: sr.growth_at_risk_5 - br.growth_at_risk_5,
                expected_shortfall_5: sr.expected_shortfall_5 - br.expected_shortfall_5,
            },
            baseline: br,
            gdp_level_effect_pct: level,
            gdp_level_effect_quantiles: keyed(&qs(&levels)),
            gdi_level_effect_pct: gdi_mean,
            gdi_level_effect_quantiles: keyed(&qs(&gdi)),
            sectors,
            annual: cal.annual,
            value_chains: Vec::new(),
            tariff_schedule: Vec::new(),
            history: history[history.len().saturating_sub(HISTORY_QUARTERS)..]
                .iter()
                .filter(|(_, g)| g.is_finite())
                .map(|(q, g)| HistoryPoint {
                    quarter: q.to_string(),
                    growth: *g,
                })
                .collect(),
        }
    }

    /// CSV: one row per quarter, with a comment line recording seed, paths, data and spec.
    pub fn to_csv(&self) -> String {
        let m = &self.meta;
        let mut s = format!(
            "# headwind forecast: scenario {} vs {}, seed {}, paths {}, data {}, model spec sha256 {}\n",
            csv_field(&m.scenario),
            csv_field(&m.baseline),
            m.seed,
            m.paths,
            m.meta.data_version,
            m.model_spec_sha256
        );
        s.push_str("quarter,mean,median,q5,q10,q25,q75,q90,q95,p_negative,baseline_mean,baseline_p_negative,difference_mean,tariff_pct,baseline_tariff_pct,yoy_mean,baseline_yoy_mean,realised\n");
        for q in &self.quarters {
            let qs: Vec<String> = QUANTILES
                .iter()
                .map(|p| format!("{:.6}", q.quantiles[&format!("{p}")]))
                .collect();
            let o = |v: Option<f64>| v.map(|x| format!("{x:.6}")).unwrap_or_default();
            s.push_str(&format!(
                "{},{:.6},{:.6},{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{},{},{}\n",
                q.quarter,
                q.mean,
                q.median,
                qs.join(","),
                q.p_negative,
                q.baseline_mean,
                q.baseline_p_negative,
                q.difference_mean,
                q.tariff_pct,
                q.baseline_tariff_pct,
                o(q.yoy_mean),
                o(q.baseline_yoy_mean),
                o(q.realised)
            ));
        }
        s
    }

    /// The text report the command line prints.
    pub fn summary(&self) -> String {
        let m = &self.meta;
        let mut s = format!(
            "headwind forecast: {} ({}) vs {} ({})\n{} paths, seed {}, data {}, tariff elasticity {:.2} (sd {:.2}; {})\n\n",
            m.scenario, m.scenario_description, m.baseline, m.baseline_description, m.paths, m.seed, m.meta.data_version, m.tariff_elasticity, m.tariff_elasticity_sd, m.tariff_elasticity_source
        );
        if let Some(n) = &m.nowcast {
            s.push_str(&format!(
                "Nowcast: {n}; later quarters follow the GDP baseline from it.\n\n"
            ));
        }
        let on: Vec<String> = m
            .channels
            .iter()
            .filter(|c| c.enabled)
            .map(|c| {
                format!(
                    "{} {} (sd {}; {}; {})",
                    c.name, c.value, c.sd, c.units, c.source
                )
            })
            .collect();
        let off: Vec<&str> = m
            .channels
            .iter()
            .filter(|c| !c.enabled)
            .map(|c| c.name.as_str())
            .collect();
        if !on.is_empty() {
            s.push_str(&format!("Optional channels on: {}.\n", on.join("; ")));
        }
        if !off.is_empty() {
            s.push_str(&format!(
                "Optional channels off (models/model.toml [trade.*_channel]): {}.\n",
                off.join(", ")
            ));
        }
        if !m.channels.is_empty() {
            s.push('\n');
        }
        if !m.unused_drivers.is_empty() {
            s.push_str(&format!(
                "Driver paths not used by the GDP model (they change nothing): {}.\n\n",
                m.unused_drivers.join(", ")
            ));
        }
        if let Some(q) = &m.meta.as_of {
            s.push_str(&format!(
                "Replay as of {q}: data cut at {q}, models re-estimated on the cut sample, status quo = tariffs in force then; realised values from the shipped data.\n\n"
            ));
        }
        let mut t = Table::new(
            "Real GDP growth, % q/q (log points, s.a.): scenario distribution and baseline",
            &[
                ("quarter", Align::Left),
                ("tariff %", Align::Right),
                ("goods %", Align::Right),
                ("mean", Align::Right),
                ("5%", Align::Right),
                ("25%", Align::Right),
                ("median", Align::Right),
                ("75%", Align::Right),
                ("95%", Align::Right),
                ("P(<0)", Align::Right),
                ("base mean", Align::Right),
                ("base P(<0)", Align::Right),
                ("diff", Align::Right),
            ],
        );
        let replay = self.quarters.iter().any(|q| q.realised.is_some());
        if replay {
            t.add_column("realised", Align::Right);
            t.add_column("PIT", Align::Right);
        }
        let opt = |v: Option<f64>, d: usize| v.map_or("-".to_string(), |x| format!("{x:.d$}"));
        for q in &self.quarters {
            let mut extra = Vec::new();
            if replay {
                extra.push(opt(q.realised, 2));
                extra.push(opt(q.pit, 2));
            }
            t.row_with(
                extra,
                vec![
                    q.quarter.clone(),
                    format!("{:.1}", q.tariff_pct),
                    format!("{:.1}", q.tariff_goods_pct + 0.0),
                    format!("{:.2}", q.mean),
                    format!("{:.2}", q.quantiles["5"]),
                    format!("{:.2}", q.quantiles["25"]),
                    format!("{:.2}", q.median),
                    format!("{:.2}", q.quantiles["75"]),
                    format!("{:.2}", q.quantiles["95"]),
                    format!("{:.1}%", 100.0 * q.p_negative),
                    format!("{:.2}", q.baseline_mean),
                    format!("{:.1}%", 100.0 * q.baseline_p_negative),
                    format!("{:+.3}", q.difference_mean),
                ],
            );
        }
        s.push_str(&t.render());
        s.push_str(&self.annual_table());
        s.push_str(&format!(
            "\nOver the horizon: P(two consecutive negative quarters) {:.1}% (baseline {:.1}%); growth-at-risk (5%) {:.2} \
             (baseline {:.2}); expected shortfall {:.2} (baseline {:.2});\nReal GDP level at the horizon end {:+.3}% vs baseline (90% interval {:+.3} to {:+.3}); real GDI (with the \
             terms-of-trade loss of exporters' price cuts) {:+.3}% ({:+.3} to {:+.3}). Risk measures are on real GDP.\n\n",
            100.0 * self.p_two_consecutive_negative,
            100.0 * self.baseline.p_two_consecutive_negative,
            self.growth_at_risk_5,
            self.baseline.growth_at_risk_5,
            self.expected_shortfall_5,
            self.baseline.expected_shortfall_5,
            self.gdp_level_effect_pct,
            self.gdp_level_effect_quantiles["5"],
            self.gdp_level_effect_quantiles["95"],
            self.gdi_level_effect_pct,
            self.gdi_level_effect_quantiles["5"],
            self.gdi_level_effect_quantiles["95"]
        ));
        let mut t = Table::new(
            "Sector effects at central parameters, averages over the horizon (vs baseline)",
            &[
                ("group", Align::Left),
                ("exports to US %", Align::Right),
                ("USD bn", Align::Right),
                ("VA %", Align::Right),
                ("VA % of GDP", Align::Right),
                ("direct share", Align::Right),
            ],
        );
        let mut secs: Vec<&SectorEffect> = self.sectors.iter().collect();
        secs.sort_by(|a, b| {
            a.value_added_change_pct_gdp
                .total_cmp(&b.value_added_change_pct_gdp)
        });
        for e in secs {
            t.row(vec![
                e.name.clone(),
                format!("{:+.2}", e.exports_to_us_change_pct),
                format!("{:+.2}", e.exports_to_us_change_usd_bn),
                format!("{:+.3}", e.value_added_change_pct),
                format!("{:+.4}", e.value_added_change_pct_gdp),
                if e.has_direct_part() {
                    format!("{:.2}", e.direct_share)
                } else {
                    "none".into()
                },
            ]);
        }
        s.push_str(&t.render());
        s.push_str(&self.value_chain_table());
        s.push_str(&self.tariff_table());
        s.push_str("USD bn: sum over the horizon at 2020 prices and the 2020 KRW/USD rate; direct share \"none\": no change in the group's own exports. Method and limitations: README.\n");
        s
    }

    /// Set the tariff schedule and the goods-only rates (per quarter, %) of scenario and baseline.
    pub fn set_tariff_schedule(
        &mut self,
        rows: Vec<super::TariffScheduleRow>,
        goods_s: &[f64],
        goods_b: &[f64],
    ) {
        for (q, (s, b)) in self.quarters.iter_mut().zip(goods_s.iter().zip(goods_b)) {
            // + 0.0: no negative zero in the output.
            q.tariff_goods_pct = *s + 0.0;
            q.baseline_tariff_goods_pct = *b + 0.0;
        }
        self.tariff_schedule = rows;
    }

    /// The tariff schedule: one row per sector with a tariff, one column per quarter (scenario rate;
    /// the comparator's in brackets where it differs).
    pub fn tariff_table(&self) -> String {
        if self.tariff_schedule.is_empty() {
            return String::new();
        }
        let labels: Vec<String> = self.quarters.iter().map(|q| q.quarter.clone()).collect();
        let mut header: Vec<(&str, Align)> = vec![("sector", Align::Left)];
        header.extend(labels.iter().map(|l| (l.as_str(), Align::Right)));
        let mut t = Table::new(
            format!(
                "US tariff schedule by sector, % ad valorem ({}; [{}] where it differs)",
                self.meta.scenario, self.meta.baseline
            ),
            &header,
        );
        let mut goods = vec!["goods, export-weighted".to_string()];
        goods.extend(
            self.quarters
                .iter()
                .map(|q| format!("{:.1}", q.tariff_goods_pct)),
        );
        t.row(goods);
        for r in &self.tariff_schedule {
            let mut row = vec![format!("{} {}", r.code, r.name)];
            row.extend(r.rates.iter().zip(&r.baseline_rates).map(|(s, b)| {
                if (s - b).abs() > 1e-9 {
                    format!("{s:.1} [{b:.1}]")
                } else {
                    format!("{s:.1}")
                }
            }));
            t.row(row);
        }
        format!("\n{}", t.render())
    }

    /// Value chains by partner (totals) and the largest Korean groups (empty without partners).
    pub fn value_chain_table(&self) -> String {
        if self.value_chains.is_empty() {
            return String::new();
        }
        let mut partners: Vec<&str> = self
            .value_chains
            .iter()
            .map(|v| v.partner.as_str())
            .collect();
        partners.dedup();
        let mut t = Table::new(
            format!(
                "Value chains through third countries: Korean value added in partners' exports to the US (central parameters, {} data)",
                self.value_chains[0].data_year
            ),
            &[
                ("partner", Align::Left),
                ("Korean group", Align::Left),
                ("VA USD bn", Align::Right),
                ("VA % of GDP", Align::Right),
                ("direct", Align::Right),
                ("indirect", Align::Right),
            ],
        );
        for p in partners {
            let rows: Vec<&super::ValueChainEffect> = self
                .value_chains
                .iter()
                .filter(|v| v.partner == p)
                .collect();
            let sum =
                |f: fn(&super::ValueChainEffect) -> f64| rows.iter().map(|v| f(v)).sum::<f64>();
            t.row(vec![
                p.to_string(),
                "all".into(),
                format!("{:+.3}", sum(|v| v.va_change_usd_bn)),
                format!("{:+.4}", sum(|v| v.va_change_pct_gdp)),
                format!("{:+.3}", sum(|v| v.direct_usd_bn)),
                format!("{:+.3}", sum(|v| v.indirect_usd_bn)),
            ]);
            let mut top = rows.clone();
            top.sort_by(|a, b| a.va_change_usd_bn.total_cmp(&b.va_change_usd_bn));
            for v in top.iter().take(3) {
                t.row(vec![
                    String::new(),
                    v.korean_sector.clone(),
                    format!("{:+.3}", v.va_change_usd_bn),
                    format!("{:+.4}", v.va_change_pct_gdp),
                    format!("{:+.3}", v.direct_usd_bn),
                    format!("{:+.3}", v.indirect_usd_bn),
                ]);
            }
        }
        format!("\n{}", t.render())
    }

    /// The calendar-year table (empty if no year is complete).
    pub fn annual_table(&self) -> String {
        if self.annual.is_empty() {
            return String::new();
        }
        let mut t = Table::new(
            format!(
                "Calendar-year real GDP growth, % (mean of quarterly levels over the previous year's): {} vs {}",
                self.meta.scenario, self.meta.baseline
            ),
            &[
                ("year", Align::Left),
                ("realised q", Align::Right),
                ("mean", Align::Right),
                ("5%", Align::Right),
                ("median", Align::Right),
                ("95%", Align::Right),
                ("P(<0)", Align::Right),
                ("base mean", Align::Right),
                ("effect pp", Align::Right),
                ("effect 5%", Align::Right),
                ("effect 95%", Align::Right),
            ],
        );
        let replay = self.annual.iter().any(|a| a.realised_growth.is_some());
        if replay {
            t.add_column("realised", Align::Right);
            t.add_column("PIT", Align::Right);
        }
        let opt = |v: Option<f64>, d: usize| v.map_or("-".to_string(), |x| format!("{x:.d$}"));
        for a in &self.annual {
            let mut extra = Vec::new();
            if replay {
                extra.push(opt(a.realised_growth, 2));
                extra.push(opt(a.pit, 2));
            }
            t.row_with(
                extra,
                vec![
                    a.year.to_string(),
                    a.realised_quarters.to_string(),
                    format!("{:.2}", a.growth_mean),
                    format!("{:.2}", a.growth_quantiles["5"]),
                    format!("{:.2}", a.growth_median),
                    format!("{:.2}", a.growth_quantiles["95"]),
                    format!("{:.1}%", 100.0 * a.p_negative),
                    format!("{:.2}", a.baseline_growth_mean),
                    format!("{:+.3}", a.effect_pp_mean),
                    format!("{:+.3}", a.effect_pp_quantiles["5"]),
                    format!("{:+.3}", a.effect_pp_quantiles["95"]),
                ],
            );
        }
        format!("\n{}", t.render())
    }

    /// The fan chart: the last quarters of history, the baseline's and the scenario's fans, and the
    /// effect panel (scenario minus baseline, path by path, with its bands).
    pub fn fan_chart(&self, lang: Lang) -> FanChart {
        let band = |q: &BTreeMap<String, f64>, mid: f64| [q["5"], q["25"], mid, q["75"], q["95"]];
        FanChart {
            title: format!(
                "{}: {} {} {}",
                lang.pick("Korea real GDP growth", "한국 실질 GDP 성장률"),
                self.meta.scenario,
                lang.pick("vs", "대"),
                self.meta.baseline
            ),
            footnote: format!(
                "{} paths, seed {}, data {}, model {}; growth in log points q/q, s.a.",
                self.meta.paths,
                self.meta.seed,
                self.meta.meta.data_version,
                &self.meta.model_spec_sha256[..12.min(self.meta.model_spec_sha256.len())]
            ),
            history: self
                .history
                .iter()
                .map(|h| (h.quarter.clone(), h.growth))
                .collect(),
            labels: self.quarters.iter().map(|q| q.quarter.clone()).collect(),
            fans: vec![
                Fan {
                    label: self.meta.baseline.clone(),
                    bands: self
                        .quarters
                        .iter()
                        .map(|q| band(&q.baseline_quantiles, q.baseline_median))
                        .collect(),
                    color: crate::report::charts::BASELINE,
                },
                Fan {
                    label: self.meta.scenario.clone(),
                    bands: self
                        .quarters
                        .iter()
                        .map(|q| band(&q.quantiles, q.median))
                        .collect(),
                    color: crate::report::charts::SCENARIO,
                },
            ],
            effect: self
                .quarters
                .iter()
                .map(|q| band(&q.difference_quantiles, q.difference_mean))
                .collect(),
            lang,
        }
    }

    /// The sector chart: the change in each group's value added, averaged over the horizon's
    /// quarters, in % of GDP, largest loss at the top, values printed.
    pub fn sector_chart(&self, lang: Lang) -> BarChart {
        let mut rows: Vec<(String, Vec<f64>)> = self
            .sectors
            .iter()
            .map(|e| (e.name.clone(), vec![e.value_added_change_pct_gdp]))
            .collect();
        rows.sort_by(|a, b| a.1[0].total_cmp(&b.1[0]));
        let total: f64 = self
            .sectors
            .iter()
            .map(|e| e.value_added_change_pct_gdp)
            .sum();
        BarChart {
            title: format!(
                "{}: {} {} {}",
                lang.pick("Value added by sector group", "산업군별 부가가치"),
                self.meta.scenario,
                lang.pick("vs", "대"),
                self.meta.baseline
            ),
            footnote: format!(
                "sum {total:+.3}% of GDP (horizon average; central parameters); {} paths, seed {}, data {}",
                self.meta.paths, self.meta.seed, self.meta.meta.data_version
            ),
            xdesc: lang
                .pick(
                    "change in value added, average over the horizon, % of GDP",
                    "부가가치 변화, 전망기간 평균, GDP 대비 %",
                )
                .to_string(),
            series: vec![(
                lang.pick("value added", "부가가치").to_string(),
                crate::report::charts::PAIR[0],
            )],
            rows,
            decimals: 3,
            lang,
        }
    }

    /// Write the fan chart (`fan.png`/`.svg`) and the sector chart (`sectors.png`/`.svg`) into `dir`.
    pub fn plot(&self, dir: &Path) -> Result<()> {
        self.plot_lang(dir, Lang::En)
    }

    /// [`ForecastDistribution::plot`] with labels in `lang`.
    pub fn plot_lang(&self, dir: &Path, lang: Lang) -> Result<()> {
        if self.sectors.is_empty() {
            return Err(crate::error::Error::Request("no sectors to plot".into()));
        }
        self.fan_chart(lang).write(dir, "fan")?;
        self.sector_chart(lang).write(dir, "sectors")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effect_band_is_the_quantiles_of_paired_differences_and_history_keeps_12_quarters() {
        // 101 paths whose scenario exceeds the baseline by k/100 on path k: the paired differences
        // are 0, 0.01, ..., 1, so the p% quantile is p/100 exactly (any interpolation convention),
        // while the difference of the two marginal quantiles is the same only by luck.
        let quarters: Vec<Quarter> = (0..2).map(|k| q("2026Q2").offset(k)).collect();
        let baseline: Vec<Vec<f64>> = (0..101).map(|k| vec![(k * 37 % 101) as f64; 2]).collect();
        let scenario: Vec<Vec<f64>> = baseline
            .iter()
            .enumerate()
            .map(|(k, b)| b.iter().map(|x| x + k as f64 / 100.0).collect())
            .collect();
        let sim = Simulation {
            quarters,
            scenario,
            baseline,
            terms_of_trade: vec![0.0; 101],
        };
        let history: Vec<(Quarter, f64)> =
            (0..15).map(|k| (q("2022Q3").offset(k), k as f64)).collect();
        let meta = test_meta(101);
        let d = ForecastDistribution::from_simulation(
            meta,
            &sim,
            vec![],
            &[0.0; 2],
            &[0.0; 2],
            &history,
            &[],
        );
        for t in 0..2 {
            for (key, want) in [
                ("5", 0.05),
                ("10", 0.10),
                ("25", 0.25),
                ("75", 0.75),
                ("90", 0.90),
                ("95", 0.95),
            ] {
                let got = d.quarters[t].difference_quantiles[key];
                assert!((got - want).abs() < 1e-12, "q{t} {key}%: {got}");
            }
            assert!((d.quarters[t].difference_mean - 0.5).abs() < 1e-12);
        }
        assert_eq!(d.history.len(), 12);
        assert_eq!(d.history[0].quarter, "2023Q2");
        assert_eq!(d.history[11].quarter, "2026Q1");
        assert_eq!(d.history[11].growth, 14.0);
    }

    fn test_meta(paths: usize) -> ForecastMeta {
        ForecastMeta {
            meta: crate::report::Meta {
                headwind_version: "t",
                data_version: "t".into(),
                backend: "t",
                as_of: None,
            },
            seed: 1,
            paths,
            scenario: "s".into(),
            baseline: "b".into(),
            scenario_file: String::new(),
            scenario_sha256: String::new(),
            baseline_file: String::new(),
            baseline_sha256: String::new(),
            model_spec: String::new(),
            model_spec_sha256: String::new(),
            tariff_elasticity: 0.0,
            tariff_elasticity_sd: 0.0,
            tariff_elasticity_source: String::new(),
            units: UNITS,
            scenario_description: String::new(),
            baseline_description: String::new(),
            overrides: Default::default(),
            start: "2026Q2".into(),
            nowcast: None,
            channels: vec![],
            unused_drivers: vec![],
        }
    }

    #[test]
    fn risk_differences_and_the_pit_of_a_small_simulation_by_hand() {
        // Four paths over 2026Q2..Q3. Scenario: (-1, -2), (-1, 1), (2, 3), (-0.5, -0.5); baseline:
        // (1, 2), (-1, -1), (3, 4), (2, 1).
        let sim = Simulation {
            quarters: vec![q("2026Q2"), q("2026Q3")],
            scenario: vec![
                vec![-1.0, -2.0],
                vec![-1.0, 1.0],
                vec![2.0, 3.0],
                vec![-0.5, -0.5],
            ],
            baseline: vec![
                vec![1.0, 2.0],
                vec![-1.0, -1.0],
                vec![3.0, 4.0],
                vec![2.0, 1.0],
            ],
            terms_of_trade: vec![0.0; 4],
        };
        // Realised growth of 2026Q2: `r`.
        let with_outcome = |r: f64| {
            ForecastDistribution::from_simulation(
                test_meta(4),
                &sim,
                vec![],
                &[0.0; 2],
                &[0.0; 2],
                &[],
                &[(q("2026Q2"), r)],
            )
        };
        let d = with_outcome(0.0);
        // Two falls in a row: scenario paths 1 and 4 (1/2), baseline path 2 (1/4).
        assert_eq!(d.p_two_consecutive_negative, 0.5);
        assert_eq!(d.baseline.p_two_consecutive_negative, 0.25);
        assert_eq!(d.difference.p_two_consecutive_negative, 0.25);
        // Growth-at-risk pools the 8 quarters: the scenario's sorted -2, -1, -1, -0.5, -0.5, 1, 2,
        // 3 put the 5% quantile at position 0.35: -2 + 0.35 = -1.65, and the mean at or below it is
        // -2; the baseline's -1, -1, 1, ... give -1 and -1.
        let close =
            |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-12, "{what}: {a} vs {b}");
        close(d.growth_at_risk_5, -1.65, "GaR");
        close(d.expected_shortfall_5, -2.0, "ES");
        close(d.baseline.growth_at_risk_5, -1.0, "baseline GaR");
        close(d.baseline.expected_shortfall_5, -1.0, "baseline ES");
        close(d.difference.growth_at_risk_5, -0.65, "GaR difference");
        close(d.difference.expected_shortfall_5, -1.0, "ES difference");
        // 2026Q2 realised 0: three of the four scenario paths (-1, -1, -0.5) are at or below it,
        // and the mean is -0.125; 2026Q3 has no outcome.
        let r = &d.quarters[0];
        assert_eq!((r.realised, r.pit), (Some(0.0), Some(0.75)));
        close(r.forecast_error.unwrap(), 0.125, "error");
        close(r.mean, -0.125, "mean");
        close(r.p_negative, 0.75, "P(< 0)");
        close(r.baseline_p_negative, 0.25, "baseline P(< 0)");
        close(r.difference_mean, -0.125 - 1.25, "difference");
        let r = &d.quarters[1];
        assert_eq!((r.realised, r.pit, r.forecast_error), (None, None, None));
        // A realised value equal to a path's counts that path (at or below): -1 has two.
        let d = with_outcome(-1.0);
        assert_eq!(d.quarters[0].pit, Some(0.5));
    }

    #[test]
    fn the_tariff_schedule_sets_goods_rates_without_negative_zeros_and_brackets_only_differences() {
        let mut d = two_quarters([0.0, 0.0], [0.0, 0.0], vec![]);
        assert_eq!(d.tariff_table(), "", "no schedule, no table");
        let row = crate::forecast::TariffScheduleRow {
            code: "27".into(),
            name: "Motor vehicles".into(),
            group: "autos".into(),
            rates: vec![25.0, 15.0],
            baseline_rates: vec![0.0, 15.0],
        };
        // A rate of -0 (e.g. a difference of equal rates) is stored as +0.
        d.set_tariff_schedule(vec![row], &[12.5, -0.0], &[-0.0, 7.25]);
        let q0 = &d.quarters[0];
        let q1 = &d.quarters[1];
        assert_eq!((q0.tariff_goods_pct, q1.tariff_goods_pct), (12.5, 0.0));
        assert_eq!(
            (q0.baseline_tariff_goods_pct, q1.baseline_tariff_goods_pct),
            (0.0, 7.25)
        );
        assert!(
            q1.tariff_goods_pct.is_sign_positive()
                && q0.baseline_tariff_goods_pct.is_sign_positive()
        );
        assert_eq!(d.tariff_schedule.len(), 1);
        // The table: the goods rate row, then the sector with the comparator's rate in brackets only
        // where it differs (25 against 0 in 2026Q2; 15 against 15 in 2026Q3).
        let t = d.tariff_table();
        let goods = t
            .lines()
            .find(|l| l.contains("goods, export-weighted"))
            .expect("goods row");
        assert!(goods.contains("12.5") && goods.contains("0.0"), "{goods}");
        let autos = t
            .lines()
            .find(|l| l.contains("27 Motor vehicles"))
            .expect("sector row");
        assert!(autos.contains("25.0 [0.0]"), "{autos}");
        assert!(
            autos.contains("15.0") && !autos.contains("15.0 ["),
            "{autos}"
        );
        assert!(t.contains("(s; [b] where it differs)"), "{t}");
    }

    #[test]
    fn the_summary_lists_channels_on_and_off_and_unused_drivers_only_when_there_are_some() {
        let sim = Simulation {
            quarters: vec![q("2026Q2"), q("2026Q3")],
            scenario: vec![vec![0.5, 0.5]; 2],
            baseline: vec![vec![0.5, 0.5]; 2],
            terms_of_trade: vec![0.0; 2],
        };
        let with = |meta: ForecastMeta| {
            ForecastDistribution::from_simulation(
                meta,
                &sim,
                vec![],
                &[0.0; 2],
                &[0.0; 2],
                &[],
                &[],
            )
            .summary()
        };
        // None of them: the header, one blank line, then the table (no stray blank lines).
        let plain = with(test_meta(2));
        assert!(
            !plain.contains("Optional channels") && !plain.contains("Driver paths"),
            "{plain}"
        );
        assert!(!plain.contains("\n\n\n"), "{plain}");
        let note = |name: &str, enabled: bool| ChannelNote {
            name: name.into(),
            enabled,
            value: 0.2,
            sd: 0.1,
            units: "share".into(),
            source: "src".into(),
        };
        let mut meta = test_meta(2);
        meta.channels = vec![
            note("income", true),
            note("uncertainty", false),
            note("exchange_rate", false),
        ];
        meta.unused_drivers = vec!["us_gdp_growth".into()];
        let text = with(meta);
        assert!(
            text.contains("Optional channels on: income 0.2 (sd 0.1; share; src).\n"),
            "{text}"
        );
        assert!(
            text.contains("Optional channels off (models/model.toml [trade.*_channel]): uncertainty, exchange_rate.\n\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Driver paths not used by the GDP model (they change nothing): us_gdp_growth.\n\n"
            ),
            "{text}"
        );
        // All channels on: no "off" line; all off: no "on" line.
        let mut meta = test_meta(2);
        meta.channels = vec![note("income", true)];
        let text = with(meta);
        assert!(
            text.contains("Optional channels on") && !text.contains("Optional channels off"),
            "{text}"
        );
        let mut meta = test_meta(2);
        meta.channels = vec![note("income", false)];
        let text = with(meta);
        assert!(
            !text.contains("Optional channels on") && text.contains("Optional channels off"),
            "{text}"
        );
    }

    #[test]
    fn the_value_chain_table_totals_each_partner_and_lists_its_three_largest_losses() {
        let mut d = two_quarters([0.5, 0.5], [0.5, 0.5], vec![]);
        assert_eq!(d.value_chain_table(), "", "no partners, no table");
        let v = |partner: &str, sector: &str, usd: f64| super::super::ValueChainEffect {
            partner: partner.into(),
            korean_sector: sector.into(),
            va_change_usd_bn: usd,
            va_change_pct_gdp: usd / 100.0,
            direct_usd_bn: 0.75 * usd,
            indirect_usd_bn: 0.25 * usd,
            data_year: 2022,
        };
        d.value_chains = vec![
            v("CHN", "chemicals", -0.4),
            v("CHN", "electronics", -1.2),
            v("CHN", "metals", -0.1),
            v("CHN", "machinery", -0.3),
            v("MEX", "autos", -0.2),
        ];
        let t = d.value_chain_table();
        assert!(t.contains("(central parameters, 2022 data)"), "{t}");
        let line = |needle: &str| t.lines().find(|l| l.contains(needle)).map(str::to_string);
        // China's total: -2.000 USD bn, -0.0200% of GDP, direct -1.500, indirect -0.500.
        let chn = line("CHN").expect("CHN row");
        for cell in ["all", "-2.000", "-0.0200", "-1.500", "-0.500"] {
            assert!(chn.contains(cell), "{cell} in {chn}");
        }
        // Its three largest losses, largest first; metals (the smallest) is left out.
        let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} in {t}"));
        assert!(at("electronics") < at("chemicals") && at("chemicals") < at("machinery"));
        assert!(!t.contains("metals"), "{t}");
        let mex = line("MEX").expect("MEX row");
        assert!(
            mex.contains("-0.200") && mex.contains("-0.150") && mex.contains("-0.050"),
            "{mex}"
        );
        assert!(at("CHN") < at("MEX") && at("MEX") < at("autos"));
    }

    #[test]
    fn plot_writes_the_fan_and_sector_charts_and_refuses_without_sectors() {
        let sim = Simulation {
            quarters: vec![q("2026Q2"), q("2026Q3")],
            scenario: vec![vec![0.5, -0.5], vec![1.0, 0.0]],
            baseline: vec![vec![0.6, 0.4], vec![0.9, 0.5]],
            terms_of_trade: vec![0.0; 2],
        };
        let sector = super::super::SectorEffect {
            group: "autos".into(),
            name: "Motor vehicles".into(),
            exports_to_us_change_pct: -10.0,
            exports_to_us_change_krw_bn: -500.0,
            exports_to_us_change_usd_bn: -0.4,
            value_added_change_pct: -2.0,
            value_added_change_pct_gdp: -0.1,
            direct_share: 0.6,
        };
        let dir = tempfile::tempdir().unwrap();
        let empty = ForecastDistribution::from_simulation(
            test_meta(2),
            &sim,
            vec![],
            &[0.0; 2],
            &[0.0; 2],
            &[],
            &[],
        );
        assert!(empty.plot(dir.path()).is_err(), "no sectors, no charts");
        let d = ForecastDistribution::from_simulation(
            test_meta(2),
            &sim,
            vec![sector],
            &[0.0; 2],
            &[0.0; 2],
            &[],
            &[],
        );
        d.plot(dir.path()).unwrap();
        for f in ["fan.png", "fan.svg", "sectors.png", "sectors.svg"] {
            let len = std::fs::metadata(dir.path().join(f))
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(len > 1000, "{f}: {len} bytes");
        }
        let svg = std::fs::read_to_string(dir.path().join("sectors.svg")).unwrap();
        assert!(
            svg.contains("Motor vehicles") || svg.contains("autos"),
            "the sector is labelled"
        );
    }

    /// Two paths over 2026Q2..Q3, each `scenario` (baseline `baseline`) growth per quarter, summarised
    /// with `sectors`, no outcomes.
    fn two_quarters(
        scenario: [f64; 2],
        baseline: [f64; 2],
        sectors: Vec<SectorEffect>,
    ) -> ForecastDistribution {
        let sim = Simulation {
            quarters: vec![q("2026Q2"), q("2026Q3")],
            scenario: vec![scenario.to_vec(); 2],
            baseline: vec![baseline.to_vec(); 2],
            terms_of_trade: vec![0.0; 2],
        };
        ForecastDistribution::from_simulation(
            test_meta(2),
            &sim,
            sectors,
            &[0.0; 2],
            &[0.0; 2],
            &[],
            &[],
        )
    }

    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    #[test]
    fn annual_growth_is_the_ratio_of_average_levels_with_realised_quarters_first() {
        // History 2025Q1..2026Q1 at 1 log point a quarter, then paths at 2 (scenario) and 1
        // (baseline) from 2026Q2 for 7 quarters. Levels L_t = exp(l_t/100) with l the cumulated
        // growth; annual growth 100 (ΣL_2026 / ΣL_2025 − 1), worked out here by hand.
        let history: Vec<(Quarter, f64)> = (0..5).map(|k| (q("2025Q1").offset(k), 1.0)).collect();
        let quarters: Vec<Quarter> = (0..7).map(|k| q("2026Q2").offset(k)).collect();
        let sim = Simulation {
            quarters,
            scenario: vec![vec![2.0; 7]; 3],
            baseline: vec![vec![1.0; 7]; 3],
            terms_of_trade: vec![0.0; 3],
        };
        let cal = calendar(&sim, &history, &[]);
        assert_eq!(
            cal.annual.iter().map(|a| a.year).collect::<Vec<_>>(),
            vec![2026, 2027]
        );
        let e = |x: f64| (x / 100.0).exp();
        let y2025 = e(1.0) + e(2.0) + e(3.0) + e(4.0);
        let y2026 = e(5.0) + e(7.0) + e(9.0) + e(11.0);
        let y2027 = e(13.0) + e(15.0) + e(17.0) + e(19.0);
        let a = &cal.annual[0];
        assert!((a.growth_mean - 100.0 * (y2026 / y2025 - 1.0)).abs() < 1e-10);
        assert_eq!(a.realised_quarters, 1);
        assert!((cal.annual[1].growth_mean - 100.0 * (y2027 / y2026 - 1.0)).abs() < 1e-10);
        // The baseline grows 1 log point every quarter: exactly 100 (e^{4/100} − 1) % a year.
        let b = 100.0 * (e(4.0) - 1.0);
        assert!((a.baseline_growth_mean - b).abs() < 1e-10);
        assert!((a.effect_pp_mean - (a.growth_mean - b)).abs() < 1e-10);
        assert_eq!(a.p_negative, 0.0);
        // y/y of the first forecast quarter (2026Q2): 2 + 1 + 1 + 1 log points over the year.
        assert!((cal.yoy[0].0.unwrap() - 100.0 * (e(5.0) - 1.0)).abs() < 1e-10);
        // Every later quarter: the scenario's log level is 5 + 2 (t + 1) at forecast quarter t, so
        // four quarters back it was 8 lower from t = 3 on (all forecast quarters) and, at t = 1 and
        // 2, 2 + 3 - t history quarters of 1 and 1 + t forecast quarters of 2 back. The baseline
        // grows 1 a quarter: 100 (e^{4/100} − 1) every quarter.
        let lag_sum = |t: usize| {
            if t >= 3 {
                8.0
            } else {
                (3 - t) as f64 + 2.0 * (t + 1) as f64
            }
        };
        assert_eq!(cal.yoy.len(), 7);
        for (t, (s, b)) in cal.yoy.iter().enumerate() {
            let (s, b) = (s.unwrap(), b.unwrap());
            assert!(
                (s - 100.0 * (e(lag_sum(t)) - 1.0)).abs() < 1e-10,
                "yoy {t}: {s}"
            );
            assert!(
                (b - 100.0 * (e(4.0) - 1.0)).abs() < 1e-10,
                "baseline yoy {t}: {b}"
            );
        }
        // With four history quarters (2025Q2..2026Q1) the first forecast quarter's y/y compares it
        // with the first history quarter (levels 1 and 4 + 2 = 6: 5 log points); with three, there
        // is no quarter four back for it (None) but there is for the next (levels 1 and 3 + 4).
        let four = calendar(&sim, &history[1..], &[]);
        assert!((four.yoy[0].0.unwrap() - 100.0 * (e(5.0) - 1.0)).abs() < 1e-10);
        let three = calendar(&sim, &history[2..], &[]);
        assert_eq!(three.yoy[0], (None, None));
        assert!((three.yoy[1].0.unwrap() - 100.0 * (e(6.0) - 1.0)).abs() < 1e-10);
        // Only years whose previous year is complete count: with history from 2025Q4, 2026 drops
        // out (2025 is incomplete) and 2027 stays.
        let cut = calendar(&sim, &history[3..], &[]);
        assert_eq!(
            cut.annual.iter().map(|a| a.year).collect::<Vec<_>>(),
            vec![2027]
        );
    }

    #[test]
    fn annual_rows_summarise_unequal_paths_and_score_the_realised_year() {
        // The same history (2025Q1..2026Q1 at 1 log point a quarter); four paths, each growing at a
        // constant rate over the 7 forecast quarters: scenario -2, -1, 1, 2 and baseline -3, -1, 1,
        // 3 log points a quarter, paired path by path. Realised: 0 in 2026Q2..Q4 (2027 unknown).
        let history: Vec<(Quarter, f64)> = (0..5).map(|k| (q("2025Q1").offset(k), 1.0)).collect();
        let quarters: Vec<Quarter> = (0..7).map(|k| q("2026Q2").offset(k)).collect();
        let (gs, gb) = ([-2.0, -1.0, 1.0, 2.0], [-3.0, -1.0, 1.0, 3.0]);
        let sim = Simulation {
            quarters: quarters.clone(),
            scenario: gs.iter().map(|g| vec![*g; 7]).collect(),
            baseline: gb.iter().map(|g| vec![*g; 7]).collect(),
            terms_of_trade: vec![0.0; 4],
        };
        let outcomes: Vec<(Quarter, f64)> = quarters[..3].iter().map(|q| (*q, 0.0)).collect();
        let cal = calendar(&sim, &history, &outcomes);
        // Annual growth from the two years' log levels (2025: 1..4; 2026Q1: 5, then 5 + g t).
        let e = |x: f64| (x / 100.0).exp();
        let annual = |prev: [f64; 4], cur: [f64; 4]| {
            100.0
                * (cur.iter().map(|l| e(*l)).sum::<f64>() / prev.iter().map(|l| e(*l)).sum::<f64>()
                    - 1.0)
        };
        let y26 = |g: f64| [5.0, 5.0 + g, 5.0 + 2.0 * g, 5.0 + 3.0 * g];
        let y27 = |g: f64| [5.0 + 4.0 * g, 5.0 + 5.0 * g, 5.0 + 6.0 * g, 5.0 + 7.0 * g];
        let g26 = |g: f64| annual([1.0, 2.0, 3.0, 4.0], y26(g));
        let g27 = |g: f64| annual(y26(g), y27(g));
        // Linear interpolation between order statistics (numpy's default), by hand.
        let interp = |v: &[f64], p: f64| {
            let mut s = v.to_vec();
            s.sort_by(f64::total_cmp);
            let pos = p / 100.0 * (s.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            s[lo] + (pos - lo as f64) * (s[hi] - s[lo])
        };
        let close =
            |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-10, "{what}: {a} vs {b}");
        for (row, g) in cal.annual.iter().zip([&g26 as &dyn Fn(f64) -> f64, &g27]) {
            let s: Vec<f64> = gs.iter().map(|x| g(*x)).collect();
            let b: Vec<f64> = gb.iter().map(|x| g(*x)).collect();
            let eff: Vec<f64> = s.iter().zip(&b).map(|(x, y)| x - y).collect();
            let y = row.year;
            close(
                row.growth_mean,
                s.iter().sum::<f64>() / 4.0,
                &format!("{y} mean"),
            );
            close(
                row.baseline_growth_mean,
                b.iter().sum::<f64>() / 4.0,
                &format!("{y} base"),
            );
            close(
                row.effect_pp_mean,
                eff.iter().sum::<f64>() / 4.0,
                &format!("{y} effect"),
            );
            close(row.growth_median, interp(&s, 50.0), &format!("{y} median"));
            for p in QUANTILES {
                let k = format!("{p}");
                close(
                    row.growth_quantiles[&k],
                    interp(&s, p),
                    &format!("{y} q{k}"),
                );
                close(
                    row.effect_pp_quantiles[&k],
                    interp(&eff, p),
                    &format!("{y} eff q{k}"),
                );
            }
            // The sweep's short cut gives the same mean effect.
            let fast = annual_effect_means(&sim, &history);
            let at = fast.iter().find(|(yr, _)| *yr == y).expect("year");
            close(
                at.1,
                eff.iter().sum::<f64>() / 4.0,
                &format!("{y} fast effect"),
            );
            // P(annual growth < 0): counted by hand from the values.
            let neg = |v: &[f64]| v.iter().filter(|x| **x < 0.0).count() as f64 / 4.0;
            assert_eq!(
                (row.p_negative, row.baseline_p_negative),
                (neg(&s), neg(&b)),
                "{y}"
            );
        }
        // In 2026 only the fastest fall (-2 a quarter, levels 5, 3, 1, -1 against 1, 2, 3, 4) is a
        // contraction; in 2027 -1 is too. The baseline: -3 and -1 in 2027, -3 alone in 2026.
        assert_eq!(
            (cal.annual[0].p_negative, cal.annual[1].p_negative),
            (0.25, 0.5)
        );
        assert_eq!(
            (
                cal.annual[0].baseline_p_negative,
                cal.annual[1].baseline_p_negative
            ),
            (0.25, 0.5)
        );
        assert_eq!(
            (
                cal.annual[0].realised_quarters,
                cal.annual[1].realised_quarters
            ),
            (1, 0)
        );
        assert_eq!(
            annual_effect_means(&sim, &history)
                .iter()
                .map(|(y, _)| *y)
                .collect::<Vec<_>>(),
            vec![2026, 2027]
        );
        // History from 2025Q4 only: 2026's previous year is incomplete, so only 2027 has a mean
        // effect; with no history before 2026Q2 at all, neither year (2026Q1 is missing).
        let cut = annual_effect_means(&sim, &history[3..]);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].0, 2027);
        // The same hand-derived 2027 effect: levels relative to a later first quarter differ by a
        // constant factor, which the ratio of annual sums cancels.
        let eff27 = gs
            .iter()
            .zip(&gb)
            .map(|(s, b)| g27(*s) - g27(*b))
            .sum::<f64>()
            / 4.0;
        close(cut[0].1, eff27, "2027 effect, short history");
        assert!(annual_effect_means(&sim, &[]).is_empty());
        // 2026 is realised (levels 5, 5, 5, 5): its growth, the error against the mean, and the PIT
        // (the -2 and -1 paths lie below it, 1 and 2 above).
        let r = annual([1.0, 2.0, 3.0, 4.0], [5.0; 4]);
        let a = &cal.annual[0];
        close(a.realised_growth.unwrap(), r, "realised 2026");
        close(a.forecast_error.unwrap(), r - a.growth_mean, "error 2026");
        assert_eq!(a.pit, Some(0.5));
        assert_eq!(cal.annual[1].realised_growth, None);
        assert_eq!(cal.annual[1].pit, None);
        // No growth at all: annual growth is exactly 0, which is not a contraction (P(< 0), strict).
        let flat_history: Vec<(Quarter, f64)> = history.iter().map(|(q, _)| (*q, 0.0)).collect();
        let flat = Simulation {
            quarters,
            scenario: vec![vec![0.0; 7]; 2],
            baseline: vec![vec![0.0; 7]; 2],
            terms_of_trade: vec![0.0; 2],
        };
        let cal = calendar(&flat, &flat_history, &[]);
        for a in &cal.annual {
            assert_eq!(
                (a.growth_mean, a.p_negative, a.baseline_p_negative),
                (0.0, 0.0, 0.0)
            );
        }
    }
}
