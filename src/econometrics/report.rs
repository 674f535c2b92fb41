//! Result values of `estimate` and `backtest`: the fitted GDP and export equations with their
//! selection tables and growth-at-risk regressions, and the rolling-origin backtest. Each renders the
//! text (and LaTeX or CSV) the command line prints; JSON is serde on the value.

use super::{
    BacktestRow, DriverChoice, Estimates, LagChoice, ModelSpec, QuantileFit, Summary,
    TariffElasticity, GAR_QUANTILES,
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
        t.render()
    }
}

/// What the backtest note says about the method.
pub const BACKTEST_NOTE: &str = "expanding-window re-estimation at each origin with the full-sample AR order and drivers; \
exogenous drivers enter at realised values (conditional forecasts); errors in log points of q/q GDP growth; \
DM compares ARX with each benchmark (positive: ARX more accurate), HLN small-sample correction";

/// The result of `backtest`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BacktestReport {
    /// Settings and sources.
    pub meta: EstimateMeta,
    /// First forecast origin.
    pub first_origin: String,
    /// Method note.
    pub note: &'static str,
    /// One row per model and horizon.
    pub models: Vec<BacktestRow>,
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
        let rows = est.gdp.backtest(&spec.backtest)?;
        Ok(BacktestReport {
            meta: EstimateMeta::new(ds, label, sha256),
            first_origin: spec.backtest.first_origin.to_string(),
            note: BACKTEST_NOTE,
            models: rows,
            title: format!(
                "Rolling-origin backtest of {} from {} (model spec {label}, data {})",
                est.gdp.spec.name,
                spec.backtest.first_origin,
                ds.version()
            ),
        })
    }

    /// CSV: one row per model and horizon.
    pub fn to_csv(&self) -> String {
        let mut s =
            String::from("model,horizon,n,rmse,mae,dm_stat,dm_p_value,brier,brier_base_rate\n");
        let o = |v: Option<f64>| v.map(|x| format!("{x:.10}")).unwrap_or_default();
        for r in &self.models {
            s.push_str(&format!(
                "{},{},{},{:.10},{:.10},{},{},{},{}\n",
                r.model,
                r.horizon,
                r.n,
                r.rmse,
                r.mae,
                o(r.dm_stat),
                o(r.dm_p_value),
                o(r.brier),
                o(r.brier_base_rate)
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
                ("DM vs ARX", Align::Right),
                ("p", Align::Right),
                ("Brier", Align::Right),
                ("Brier base", Align::Right),
            ],
        );
        let o =
            |v: Option<f64>, d: usize| v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "-".into());
        for r in &self.models {
            t.row(vec![
                r.model.to_string(),
                r.horizon.to_string(),
                r.n.to_string(),
                format!("{:.3}", r.rmse),
                format!("{:.3}", r.mae),
                o(r.dm_stat, 2),
                o(r.dm_p_value, 3),
                o(r.brier, 4),
                o(r.brier_base_rate, 4),
            ]);
        }
        let mut s = t.render();
        s.push_str(&format!("Note: {BACKTEST_NOTE}.\n"));
        s
    }
}
