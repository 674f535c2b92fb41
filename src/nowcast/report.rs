//! Result values of the nowcast: [`Nowcast`] (`headwind nowcast`) and [`NowcastBacktest`] (the
//! `nowcast_1m`, `nowcast_2m`, `nowcast_3m` rows of `headwind backtest`).

use std::collections::BTreeMap;

use super::{months_known, quarter_growth, NowcastDraw, NowcastFit, NowcastSpec};
use crate::data::{Month, MonthlyTable, Quarter};
use crate::econometrics::{brier, mae, rmse, BacktestRow, OriginForecast};
use crate::error::{Error, Result};
use crate::report::{Align, Meta, Table};

/// Quantile levels (%) reported, as the forecast's `quantiles` keys.
const LEVELS: [f64; 6] = [5.0, 10.0, 25.0, 75.0, 90.0, 95.0];

fn keyed(d: &NowcastDraw) -> BTreeMap<String, f64> {
    LEVELS
        .iter()
        .map(|p| (format!("{p}"), d.quantile(p / 100.0)))
        .collect()
}

/// One indicator's news: what its latest release changed in the nowcast.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Contribution {
    /// Indicator (monthly series name).
    pub indicator: String,
    /// Month of its latest release used.
    pub release: String,
    /// The regressor after the release: growth of the known months' average over the previous
    /// quarter's, %.
    pub value: f64,
    /// Change of the nowcast due to it, log points (pp of q/q growth).
    pub contribution: f64,
}

/// The next quarter's forecast from the nowcast (trend AR(1)).
#[derive(Debug, Clone, serde::Serialize)]
pub struct NextQuarter {
    /// Quarter.
    pub quarter: String,
    /// Mean growth, log points q/q.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Quantiles keyed "5", "10", "25", "75", "90", "95".
    pub quantiles: BTreeMap<String, f64>,
    /// P(growth < 0).
    pub p_negative: f64,
}

/// The nowcast of the quarter in progress (JSON contract: `quarter`, `months_used`, `mean`,
/// `quantiles`, `p_negative`, `contributions`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Nowcast {
    /// Version and data.
    pub meta: Meta,
    /// Information set: the end of this month (publication lags applied).
    pub as_of: String,
    /// Target quarter.
    pub quarter: String,
    /// Months of the quarter with export data (1..=3).
    pub months_used: usize,
    /// Mean growth, log points q/q (≈ % q/q, s.a.).
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Quantiles keyed like the forecast's.
    pub quantiles: BTreeMap<String, f64>,
    /// P(growth < 0).
    pub p_negative: f64,
    /// The nowcast before the latest releases (one month fewer; with one month, the bridge at the
    /// window means of the regressors).
    pub previous: f64,
    /// News by indicator (sums to mean − previous).
    pub contributions: Vec<Contribution>,
    /// The next quarter.
    pub next: NextQuarter,
    /// The bridge equations.
    pub fit: NowcastFit,
    /// Realised growth of the quarter where the shipped data have it (replays).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realised: Option<f64>,
    /// Share of the predictive distribution at or below the realised value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pit: Option<f64>,
}

impl Nowcast {
    /// The nowcast as of the end of month `as_of`: `monthly` already cut there (publication lags),
    /// `quarters`/`y` the quarterly growth known then (through the quarter before the target).
    /// `realised` is the outcome if known (replays).
    pub fn new(
        meta: Meta,
        monthly: &MonthlyTable,
        quarters: &[Quarter],
        y: &[Option<f64>],
        as_of: Month,
        spec: &NowcastSpec,
        realised: Option<f64>,
    ) -> Result<Nowcast> {
        let t = as_of.quarter();
        let m = months_known(monthly, spec, t);
        if m == 0 {
            let last = monthly
                .last_month(&spec.exports)
                .map(|x| x.to_string())
                .unwrap_or_default();
            return Err(Error::Request(format!(
                "no monthly `{}` for {t} as of {as_of} (the last month with data is {last}); \
                 use --as-of YYYY-MM inside a quarter with export data",
                spec.exports
            )));
        }
        let fit = NowcastFit::estimate(quarters, y, monthly, t, spec)?;
        let now = fit
            .with_months(monthly, spec, m)
            .expect("months_known checked the export months");
        let (gx0, gf0) = if m == 1 {
            fit.regressor_means
        } else {
            let p = fit
                .with_months(monthly, spec, m - 1)
                .expect("fewer months are known too");
            p.regressors
        };
        let (gx, gf) = now.regressors;
        let (a, b) = (&fit.bridge_a, &fit.bridge_b);
        let first = Month::first_of(t);
        let release = first.offset(m as i64 - 1).to_string();
        let gf_now = quarter_growth(monthly, &spec.fx, t, m).unwrap_or(fit.regressor_means.1);
        let contributions = vec![
            Contribution {
                indicator: spec.exports.clone(),
                release: release.clone(),
                value: gx,
                contribution: 0.5 * (a[1] + b[1]) * (gx - gx0),
            },
            Contribution {
                indicator: spec.fx.clone(),
                release,
                value: gf_now,
                contribution: 0.5 * a[2] * (gf - gf0),
            },
        ];
        let next = fit.next(now.point);
        let pit = realised.map(|r| now.cdf(r));
        Ok(Nowcast {
            meta,
            as_of: as_of.to_string(),
            quarter: t.to_string(),
            months_used: m,
            mean: now.point,
            median: now.quantile(0.5),
            quantiles: keyed(&now),
            p_negative: now.p_negative(),
            previous: fit.point(gx0, gf0),
            contributions,
            next: NextQuarter {
                quarter: t.offset(1).to_string(),
                mean: next.point,
                median: next.quantile(0.5),
                quantiles: keyed(&next),
                p_negative: next.p_negative(),
            },
            fit,
            realised,
            pit,
        })
    }

    /// The text the command line prints.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "headwind nowcast: {} as of the end of {} ({} of 3 months of exports), data {}\n\n",
            self.quarter, self.as_of, self.months_used, self.meta.data_version
        );
        let mut t = Table::new(
            "Real GDP growth, % q/q (log points, s.a.): nowcast and next quarter",
            &[
                ("quarter", Align::Left),
                ("mean", Align::Right),
                ("5%", Align::Right),
                ("25%", Align::Right),
                ("median", Align::Right),
                ("75%", Align::Right),
                ("95%", Align::Right),
                ("P(<0)", Align::Right),
                ("realised", Align::Right),
            ],
        );
        let row = |q: &str, mean: f64, qs: &BTreeMap<String, f64>, med: f64, p: f64, r: String| {
            vec![
                q.to_string(),
                format!("{mean:.2}"),
                format!("{:.2}", qs["5"]),
                format!("{:.2}", qs["25"]),
                format!("{med:.2}"),
                format!("{:.2}", qs["75"]),
                format!("{:.2}", qs["95"]),
                format!("{:.1}%", 100.0 * p),
                r,
            ]
        };
        let real = self
            .realised
            .map(|r| format!("{r:.2} (PIT {:.2})", self.pit.unwrap_or(f64::NAN)))
            .unwrap_or_else(|| "-".into());
        t.row(row(
            &self.quarter,
            self.mean,
            &self.quantiles,
            self.median,
            self.p_negative,
            real,
        ));
        let n = &self.next;
        t.row(vec![
            format!("{} (next)", n.quarter),
            format!("{:.2}", n.mean),
            format!("{:.2}", n.quantiles["5"]),
            format!("{:.2}", n.quantiles["25"]),
            format!("{:.2}", n.median),
            format!("{:.2}", n.quantiles["75"]),
            format!("{:.2}", n.quantiles["95"]),
            format!("{:.1}%", 100.0 * n.p_negative),
            "-".into(),
        ]);
        s.push_str(&t.render());
        let mut c = Table::new(
            format!(
                "News: what the latest releases changed (nowcast {:+.2} -> {:+.2})",
                self.previous, self.mean
            ),
            &[
                ("indicator", Align::Left),
                ("release", Align::Left),
                ("growth %", Align::Right),
                ("contribution", Align::Right),
            ],
        );
        for x in &self.contributions {
            c.row(vec![
                x.indicator.clone(),
                x.release.clone(),
                format!("{:+.2}", x.value),
                format!("{:+.3}", x.contribution),
            ]);
        }
        s.push('\n');
        s.push_str(&c.render());
        s.push_str(&format!(
            "Method: equal-weight bridges on exports (and KRW/USD) with a window trend, {} quarters {}-{}; \
             missing months at the mean of the known ones; bands from the window's residuals. \
             The shipped data are the latest vintage, not real-time: see README.\n",
            self.fit.resid_len(),
            self.fit.window.0,
            self.fit.window.1
        ));
        s
    }
}

impl NowcastFit {
    fn resid_len(&self) -> usize {
        self.resid.len()
    }
}

/// Scores of the nowcast with m months at h = 1 (the quarter after the last GDP observation).
#[derive(Debug, Clone, serde::Serialize)]
pub struct NowcastScore {
    /// Months known (1..=3).
    pub months: usize,
    /// The row as in `backtest`'s `models`.
    pub row: BacktestRow,
}

/// The nowcast's pseudo-real-time backtest: at month m of each target quarter from the first
/// origin + 1, with the monthly data of months 1..m and GDP to the quarter before (publication lags
/// of the shipped data; the final vintage stands in for real-time data).
#[derive(Debug, Clone)]
pub struct NowcastBacktest {
    /// One row per m (models `nowcast_1m`, `nowcast_2m`, `nowcast_3m`).
    pub rows: Vec<BacktestRow>,
    /// Every nowcast (origin = target − 1, horizon 1).
    pub forecasts: Vec<OriginForecast>,
}

impl NowcastBacktest {
    /// Run it for targets first_origin + 1 ..= the last quarter with GDP and three months of exports.
    pub fn run(
        quarters: &[Quarter],
        y: &[Option<f64>],
        sample_start: Quarter,
        monthly: &MonthlyTable,
        first_origin: Quarter,
        spec: &NowcastSpec,
    ) -> Result<NowcastBacktest> {
        let growth = |q: Quarter| quarters.iter().position(|x| *x == q).and_then(|i| y[i]);
        let last = quarters
            .iter()
            .zip(y)
            .rev()
            .find(|(q, v)| v.is_some() && months_known(monthly, spec, **q) == 3)
            .map(|(q, _)| *q)
            .ok_or_else(|| Error::Request("nowcast backtest: no quarter with data".into()))?;
        let mut rows = Vec::new();
        let mut forecasts = Vec::new();
        let mut targets = Vec::new();
        let mut t = first_origin.offset(1);
        while t <= last {
            targets.push(t);
            t = t.offset(1);
        }
        let fits: Vec<NowcastFit> = targets
            .iter()
            .map(|t| NowcastFit::estimate(quarters, y, monthly, *t, spec))
            .collect::<Result<_>>()?;
        for m in 1..=3 {
            let name = format!("nowcast_{m}m");
            let mut e = Vec::new();
            let (mut c50, mut c90) = (0usize, 0usize);
            let (mut p, mut neg, mut base) = (Vec::new(), Vec::new(), Vec::new());
            for (t, fit) in targets.iter().zip(&fits) {
                let actual = growth(*t).expect("targets have GDP");
                let d = fit.with_months(monthly, spec, m).ok_or_else(|| {
                    Error::Request(format!("nowcast backtest: no exports for {t}"))
                })?;
                let q = [
                    d.quantile(0.05),
                    d.quantile(0.25),
                    d.quantile(0.75),
                    d.quantile(0.95),
                ];
                c50 += usize::from(q[1] <= actual && actual <= q[2]);
                c90 += usize::from(q[0] <= actual && actual <= q[3]);
                p.push(d.p_negative());
                neg.push(actual < 0.0);
                let hist: Vec<f64> = quarters
                    .iter()
                    .zip(y)
                    .filter(|(q, _)| **q >= sample_start && **q < *t)
                    .filter_map(|(_, v)| *v)
                    .collect();
                base.push(hist.iter().filter(|v| **v < 0.0).count() as f64 / hist.len() as f64);
                e.push(actual - d.point);
                forecasts.push(OriginForecast {
                    model: name.clone(),
                    origin: t.offset(-1),
                    horizon: 1,
                    target: *t,
                    forecast: d.point,
                    actual,
                    error: actual - d.point,
                    quantiles: Some(q),
                    p_negative: Some(d.p_negative()),
                    pit: Some(d.cdf(actual)),
                });
            }
            let n = e.len() as f64;
            let (b, bb) = (brier(&p, &neg), brier(&base, &neg));
            rows.push(BacktestRow {
                model: name,
                role: "nowcast",
                horizon: 1,
                n: e.len(),
                rmse: rmse(&e),
                mae: mae(&e),
                mean_error: e.iter().sum::<f64>() / n,
                dm_stat: None,
                dm_p_value: None,
                coverage_50: Some(c50 as f64 / n),
                coverage_90: Some(c90 as f64 / n),
                brier: Some(b),
                brier_base_rate: Some(bb),
                brier_skill: (bb > 0.0).then(|| 1.0 - b / bb),
            });
        }
        Ok(NowcastBacktest { rows, forecasts })
    }
}
