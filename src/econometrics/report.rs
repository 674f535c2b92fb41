//! Result values of `estimate` and `backtest`: the fitted GDP and export equations with their
//! selection tables and growth-at-risk regressions, and the rolling-origin backtest. Each renders the
//! text (and LaTeX or CSV) the command line prints; JSON is serde on the value.

use super::{
    evaluate, BacktestRow, DriverChoice, Estimates, LagChoice, LocalMeanFit, ModelSpec,
    OriginForecast, PitHistogram, QuantileFit, Summary, TariffElasticity, GAR_QUANTILES,
};
use crate::data::Dataset;
use crate::error::Result;
use crate::report::{Align, Meta, Table};

/// Metadata of an estimation or backtest (JSON `meta`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct EstimateMeta {
    /// Version, data version and backend.
    #[serde(flatten)]
    pub meta: Meta,
    /// Model spec label.
    pub model_spec: String,
    /// SHA-256 of the model spec text.
    pub model_spec_sha256: String,
}

impl EstimateMeta {
    /// For a dataset and a spec (label and hash).
    pub fn new(ds: &Dataset, label: &str, sha256: &str) -> EstimateMeta {
        EstimateMeta {
            meta: Meta::new(ds),
            model_spec: label.to_string(),
            model_spec_sha256: sha256.to_string(),
        }
    }
}

/// Growth-at-risk quantile regressions and their fitted quantiles at the last sample quarter.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GrowthAtRisk {
    /// Last sample quarter.
    pub quarter: String,
    /// Quantile levels.
    pub quantiles: Vec<f64>,
    /// Fitted (rearranged) quantiles at the last quarter's regressors, log points.
    pub fitted: Vec<f64>,
    /// The fits.
    pub fits: Vec<QuantileFit>,
}

/// The result of `estimate`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EstimateReport {
    /// Settings and sources.
    pub meta: EstimateMeta,
    /// GDP and export equation summaries (statsmodels layout).
    pub equations: Vec<Summary>,
    /// AR-order selection table.
    pub lag_selection: Vec<LagChoice>,
    /// Driver selection table.
    pub driver_selection: Vec<DriverChoice>,
    /// The tariff elasticity: estimate, identification and the value used.
    pub tariff_elasticity: TariffElasticity,
    /// Growth-at-risk regressions.
    pub growth_at_risk: GrowthAtRisk,
    /// The GDP baseline the forecast uses (`local_mean` or `arx`).
    pub gdp_method: &'static str,
    /// The local-mean baseline at the last GDP quarter (when it is the method).
    pub local_mean: Option<LocalMeanFit>,
    #[serde(skip)]
    data_version: String,
}

impl EstimateReport {
    /// Build from the estimates.
    pub fn new(
        ds: &Dataset,
        label: &str,
        sha256: &str,
        spec: &ModelSpec,
        est: &Estimates,
    ) -> EstimateReport {
        let mut gdp = est.gdp.fit.summary(&est.gdp.spec.name, &est.gdp.sample());
        let kept: Vec<&str> = est
            .gdp
            .driver_choices
            .iter()
            .filter(|d| d.kept)
            .map(|d| d.name.as_str())
            .collect();
        gdp.notes.push(format!(
            "AR order {} chosen by {:?} among 1..={}; drivers kept by rolling one-quarter-ahead RMSE: {}",
            est.gdp.config.p,
            est.gdp.spec.criterion,
            est.gdp.spec.max_ar_lags,
            if kept.is_empty() { "none".to_string() } else { kept.join(", ") }
        ));
        let mut exp = est
            .exports
            .fit
            .summary(&spec.exports.name, &est.exports.sample());
        exp.notes.push(format!(
            "tariff elasticity: {} -> forecast uses {:.2} ({})",
            est.exports.tariff.note, est.exports.tariff.used, est.exports.tariff.source
        ));
        EstimateReport {
            meta: EstimateMeta::new(ds, label, sha256),
            equations: vec![gdp, exp],
            lag_selection: est.gdp.lag_table.clone(),
            driver_selection: est.gdp.driver_choices.clone(),
            tariff_elasticity: est.exports.tariff.clone(),
            growth_at_risk: GrowthAtRisk {
                quarter: est
                    .gdp
                    .design
                    .quarters
                    .last()
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
                quantiles: GAR_QUANTILES.to_vec(),
                fitted: est.growth_at_risk_last_quarter(),
                fits: est.growth_at_risk.clone(),
            },
            gdp_method: spec.gdp.method.name(),
            local_mean: est.local_mean.clone(),
            data_version: ds.version(),
        }
    }

    /// Both equations as LaTeX tables.
    pub fn to_latex(&self) -> String {
        format!(
            "{}\n{}",
            self.equations[0].to_latex(),
            self.equations[1].to_latex()
        )
    }

    /// The statsmodels-style text the command line prints.
    pub fn summary(&self) -> String {
        let (gdp, exp) = (&self.equations[0], &self.equations[1]);
        let mut s = format!(
            "headwind estimate: model spec {}, data version {}\n\n",
            self.meta.model_spec, self.data_version
        );
        if let Some(l) = &self.local_mean {
            s.push_str(&local_mean_table(l));
            s.push('\n');
            s.push_str("The ARX below is estimated for the growth-at-risk regressions and as the alternative baseline (gdp.method = \"arx\").\n\n");
        }
        s.push_str(&gdp.to_text());
        s.push('\n');
        let mut t = Table::new(
            "AR order selection (common sample)",
            &[
                ("p", Align::Right),
                ("AIC", Align::Right),
                ("BIC", Align::Right),
            ],
        );
        for l in &self.lag_selection {
            t.row(vec![
                l.p.to_string(),
                format!("{:.2}", l.aic),
                format!("{:.2}", l.bic),
            ]);
        }
        s.push_str(&t.render());
        let mut t = Table::new(
            "Driver selection (rolling one-quarter-ahead RMSE, log points)",
            &[
                ("driver", Align::Left),
                ("without", Align::Right),
                ("with", Align::Right),
                ("kept", Align::Left),
            ],
        );
        for d in &self.driver_selection {
            t.row(vec![
                d.name.clone(),
                format!("{:.4}", d.rmse_without),
                format!("{:.4}", d.rmse_with),
                if d.kept { "yes" } else { "no" }.into(),
            ]);
        }
        s.push('\n');
        s.push_str(&t.render());
        s.push('\n');
        s.push_str(&self.gar_table());
        s.push('\n');
        s.push_str(&exp.to_text());
        s
    }

    fn gar_table(&self) -> String {
        let g = &self.growth_at_risk;
        let names: Vec<String> = g
            .fits
            .first()
            .map(|f| f.coefficients.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        let mut header: Vec<(String, Align)> = vec![("quantile".into(), Align::Right)];
        header.extend(names.iter().map(|n| (n.clone(), Align::Right)));
        header.push(("fitted, last qtr".into(), Align::Right));
        let h: Vec<(&str, Align)> = header.iter().map(|(n, a)| (n.as_str(), *a)).collect();
        let mut t = Table::new(
            format!("Growth-at-risk quantile regressions (coefficient, robust s.e.); fitted quantiles at {}, rearranged to be non-crossing", g.quarter),
            &h,
        );
        for (f, v) in g.fits.iter().zip(&g.fitted) {
            let mut row = vec![format!("{:.2}", f.q)];
            row.extend(
                f.coefficients
                    .iter()
                    .map(|c| format!("{:.3} ({:.3})", c.estimate, c.std_error)),
            );
            row.push(format!("{v:.2}"));
            t.row(row);
        }
        let mut out = t.render();
        let unconverged: Vec<String> = g
            .fits
            .iter()
            .filter(|f| !f.converged)
            .map(|f| format!("{:.2}", f.q))
            .collect();
        if !unconverged.is_empty() {
            out.push_str(&format!(
                "Note: IRLS did not meet its tolerance in {} iterations at q = {}; the last iterate is shown (as statsmodels does, with a warning).\n",
                super::MAX_ITER,
                unconverged.join(", ")
            ));
        }
        out
    }
}

/// The local-mean baseline as a table: level, φ, shock pools.
fn local_mean_table(l: &LocalMeanFit) -> String {
    let mut t = Table::new(
        format!(
            "GDP baseline (forecast): AR(1) around the trailing {}-quarter mean with a damped drift, estimated {}-{} ({} non-crisis quarters)",
            l.mean_window, l.sample_start, l.origin, l.n_used
        ),
        &[
            ("parameter", Align::Left),
            ("estimate", Align::Right),
            ("s.e.", Align::Right),
            ("meaning", Align::Left),
        ],
    );
    t.row(vec![
        "m (local mean)".into(),
        format!("{:.4}", l.mean),
        format!("{:.4}", l.mean_se),
        format!("trend growth, log points q/q ({:.2}% a year)", 4.0 * l.mean),
    ]);
    t.row(vec![
        "g (drift)".into(),
        format!("{:.5}", l.drift),
        format!("{:.5}", l.drift_se),
        format!(
            "trend slope per quarter; level h ahead = m + {:.2} g ({:.1} + h)",
            l.trend_damping,
            (l.mean_window as f64 - 1.0) / 2.0
        ),
    ]);
    t.row(vec![
        "phi".into(),
        format!("{:.4}", l.phi),
        format!("{:.4}", l.phi_se),
        "persistence of deviations from m".into(),
    ]);
    t.row(vec![
        "s".into(),
        format!("{:.4}", l.sigma2.sqrt()),
        "-".into(),
        "residual s.d., non-crisis quarters since the sample start".into(),
    ]);
    let sd_pool = {
        let n = l.normal_pool.len() as f64;
        let m = l.normal_pool.iter().sum::<f64>() / n;
        (l.normal_pool.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    t.row(vec![
        "recent shock s.d.".into(),
        format!("{sd_pool:.4}"),
        "-".into(),
        format!(
            "{} residuals {}-{} (the normal pool)",
            l.normal_pool.len(),
            l.normal_pool_quarters
                .first()
                .map(|q| q.to_string())
                .unwrap_or_default(),
            l.normal_pool_quarters
                .last()
                .map(|q| q.to_string())
                .unwrap_or_default()
        ),
    ]);
    t.row(vec![
        "pi (crisis)".into(),
        format!("{:.4}", l.crisis_probability),
        "-".into(),
        format!(
            "probability of a crisis shock per quarter; pool {}",
            l.crisis_pool
                .iter()
                .map(|(q, e)| format!("{q} {e:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ]);
    t.render()
}

/// What the backtest note says about the method.
pub const BACKTEST_NOTE: &str = "re-estimation at each origin on data up to the origin only (the ARX keeps the full-sample \
AR order and drivers); drivers forecast by their own AR(1) unless meta.drivers = realised; errors in log points of q/q GDP \
growth, mean error = actual - forecast; bands and P(growth < 0) from the model's predictive distribution (local mean: \
Monte Carlo with parameter draws and mixture shocks; ARX: Gaussian); DM compares the model with each benchmark \
(positive: model more accurate; on the nowcast rows negative means the nowcast is), HLN small-sample correction; Brier skill \
against the historical base rate; drivers matter only for method = arx (the local-mean baseline has none)";

/// Metadata of a backtest (JSON `meta`): the estimate metadata plus how drivers entered.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BacktestMeta {
    /// Version, data and spec.
    #[serde(flatten)]
    pub meta: EstimateMeta,
    /// `forecast` (drivers forecast too, the default) or `realised` (conditional).
    pub drivers: &'static str,
    /// The headwind model evaluated (`local_mean` or `arx`).
    pub model: &'static str,
    /// Monte Carlo paths per origin (local mean).
    pub paths: usize,
    /// Seed of the per-origin streams.
    pub seed: u64,
}

/// The result of `backtest`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BacktestReport {
    /// Settings and sources.
    pub meta: BacktestMeta,
    /// First forecast origin.
    pub first_origin: String,
    /// Method note.
    pub note: &'static str,
    /// One row per model and horizon, the headwind model first at each horizon.
    pub models: Vec<BacktestRow>,
    /// PIT histograms of the headwind model, per horizon.
    pub pit: Vec<PitHistogram>,
    /// Every forecast: one per model, origin and horizon.
    pub forecasts: Vec<OriginForecast>,
    #[serde(skip)]
    title: String,
}

impl BacktestReport {
    /// Run the backtest the spec asks for.
    pub fn new(
        ds: &Dataset,
        label: &str,
        sha256: &str,
        spec: &ModelSpec,
        est: &Estimates,
    ) -> Result<BacktestReport> {
        let mut ev = evaluate(&est.gdp, &spec.backtest, label)?;
        // The monthly nowcast at h = 1, on the same targets, with DM against the model.
        if spec.backtest.horizons.contains(&1) && !ds.monthly.months.is_empty() {
            let (q, y) = est.gdp.history();
            let nb = crate::nowcast::NowcastBacktest::run(
                q,
                y,
                spec.gdp.sample_start,
                &ds.monthly,
                spec.backtest.first_origin,
                &spec.nowcast,
            )?;
            let model_e: std::collections::HashMap<String, f64> = ev
                .forecasts
                .iter()
                .filter(|f| f.model == ev.model && f.horizon == 1)
                .map(|f| (f.target.to_string(), f.error))
                .collect();
            for mut row in nb.rows {
                let pairs: Vec<(f64, f64)> = nb
                    .forecasts
                    .iter()
                    .filter(|f| f.model == row.model)
                    .filter_map(|f| model_e.get(&f.target.to_string()).map(|m| (*m, f.error)))
                    .collect();
                let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
                if let Ok(dm) = crate::econometrics::diebold_mariano(&a, &b, 1) {
                    row.dm_stat = Some(dm.statistic);
                    row.dm_p_value = Some(dm.p_value);
                }
                ev.rows.push(row);
            }
            ev.forecasts.extend(nb.forecasts);
        }
        Ok(BacktestReport {
            meta: BacktestMeta {
                meta: EstimateMeta::new(ds, label, sha256),
                drivers: spec.backtest.drivers.name(),
                model: ev.model,
                paths: spec.backtest.paths,
                seed: spec.backtest.seed,
            },
            first_origin: spec.backtest.first_origin.to_string(),
            note: BACKTEST_NOTE,
            models: ev.rows,
            pit: ev.pit,
            forecasts: ev.forecasts,
            title: format!(
                "Rolling-origin backtest of {} ({}, drivers {}) from {} (model spec {label}, data {})",
                est.gdp.spec.name,
                ev.model,
                spec.backtest.drivers.name(),
                spec.backtest.first_origin,
                ds.version()
            ),
        })
    }

    /// CSV: one row per model, origin and horizon (errors to plot).
    pub fn to_csv(&self) -> String {
        let mut s = String::from(
            "model,role,origin,horizon,target,forecast,actual,error,q05,q25,q75,q95,p_negative,pit\n",
        );
        let o = |v: Option<f64>| v.map(|x| format!("{x:.10}")).unwrap_or_default();
        for f in &self.forecasts {
            let role = if f.model == self.meta.model {
                "model"
            } else if f.model.starts_with("nowcast_") {
                "nowcast"
            } else {
                "benchmark"
            };
            let q = |i: usize| o(f.quantiles.map(|q| q[i]));
            s.push_str(&format!(
                "{},{role},{},{},{},{:.10},{:.10},{:.10},{},{},{},{},{},{}\n",
                f.model,
                f.origin,
                f.horizon,
                f.target,
                f.forecast,
                f.actual,
                f.error,
                q(0),
                q(1),
                q(2),
                q(3),
                o(f.p_negative),
                o(f.pit)
            ));
        }
        s
    }

    /// The text table the command line prints.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            self.title.clone(),
            &[
                ("model", Align::Left),
                ("h", Align::Right),
                ("n", Align::Right),
                ("RMSE", Align::Right),
                ("MAE", Align::Right),
                ("ME", Align::Right),
                ("DM", Align::Right),
                ("p", Align::Right),
                ("cov50", Align::Right),
                ("cov90", Align::Right),
                ("Brier", Align::Right),
                ("base", Align::Right),
                ("skill", Align::Right),
            ],
        );
        let o =
            |v: Option<f64>, d: usize| v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "-".into());
        for r in &self.models {
            t.row(vec![
                r.model.clone(),
                r.horizon.to_string(),
                r.n.to_string(),
                format!("{:.3}", r.rmse),
                format!("{:.3}", r.mae),
                format!("{:+.3}", r.mean_error),
                o(r.dm_stat, 2),
                o(r.dm_p_value, 3),
                o(r.coverage_50, 3),
                o(r.coverage_90, 3),
                o(r.brier, 4),
                o(r.brier_base_rate, 4),
                o(r.brier_skill, 3),
            ]);
        }
        let mut s = t.render();
        let mut p = Table::new(
            format!(
                "PIT histogram of {} (deciles; calibrated: equal counts, mean 0.5, sd 0.289)",
                self.meta.model
            ),
            &[
                ("h", Align::Right),
                ("counts per decile", Align::Left),
                ("mean", Align::Right),
                ("sd", Align::Right),
            ],
        );
        for h in &self.pit {
            p.row(vec![
                h.horizon.to_string(),
                h.counts
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                format!("{:.3}", h.mean),
                format!("{:.3}", h.sd),
            ]);
        }
        s.push('\n');
        s.push_str(&p.render());
        let n = self.models.first().map_or(0, |r| r.n) as f64;
        if n > 0.0 {
            let band = |p: f64| {
                let se = (p * (1.0 - p) / n).sqrt();
                format!(
                    "{:.0}-{:.0}%",
                    100.0 * (p - 2.0 * se),
                    100.0 * (p + 2.0 * se)
                )
            };
            s.push_str(&format!(
                "Coverage within two binomial standard errors at n = {n}: 50% band {}, 90% band {}.\n",
                band(0.5),
                band(0.9)
            ));
        }
        s.push_str(&format!("Note: {BACKTEST_NOTE}.\n"));
        s
    }
}
