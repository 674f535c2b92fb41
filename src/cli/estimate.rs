//! `headwind estimate` and `headwind backtest`: the estimated equations and their honest evaluation.

use std::path::PathBuf;

use super::{emit, to_json, Context, Format, Meta};
use crate::econometrics::{
    BacktestRow, DriverChoice, Estimates, LagChoice, Summary, TariffElasticity, GAR_QUANTILES,
};
use crate::error::Result;
use crate::report::{Align, Table};
use crate::workbench::Workbench;

/// Output format of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstimateFormat {
    /// statsmodels-like text.
    Table,
    /// JSON.
    Json,
    /// LaTeX tables.
    Latex,
}

/// Load the data and the model spec (`--model FILE|NAME`, default the embedded `model`) and estimate.
pub fn load_estimates(ctx: &Context, model: Option<&str>) -> Result<Workbench> {
    Workbench::load(&ctx.source(), ctx.models_dir.as_deref(), model)
}

#[derive(serde::Serialize)]
struct EstimateOut {
    meta: EstimateMeta,
    equations: Vec<Summary>,
    lag_selection: Vec<LagChoice>,
    driver_selection: Vec<DriverChoice>,
    tariff_elasticity: TariffElasticity,
    growth_at_risk: GrowthAtRisk,
}

#[derive(serde::Serialize)]
struct GrowthAtRisk {
    quarter: String,
    quantiles: Vec<f64>,
    fitted: Vec<f64>,
    fits: Vec<crate::econometrics::QuantileFit>,
}

#[derive(serde::Serialize)]
struct EstimateMeta {
    #[serde(flatten)]
    meta: Meta,
    model_spec: String,
    model_spec_sha256: String,
}

impl EstimateMeta {
    fn new(ds: &crate::data::Dataset, label: &str, sha256: &str) -> EstimateMeta {
        EstimateMeta {
            meta: Meta::new(ds),
            model_spec: label.to_string(),
            model_spec_sha256: sha256.to_string(),
        }
    }
}

/// Run `estimate`.
pub fn run_estimate(
    ctx: &Context,
    model: Option<&str>,
    format: EstimateFormat,
    output: Option<&PathBuf>,
) -> Result<()> {
    let Workbench {
        ds,
        spec,
        spec_label: label,
        spec_sha256,
        est,
        ..
    } = load_estimates(ctx, model)?;
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
    let text = match format {
        EstimateFormat::Json => to_json(&EstimateOut {
            meta: EstimateMeta::new(&ds, &label, &spec_sha256),
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
        })?,
        EstimateFormat::Latex => format!("{}\n{}", gdp.to_latex(), exp.to_latex()),
        EstimateFormat::Table => {
            let mut s = format!(
                "headwind estimate: model spec {label}, data version {}\n\n",
                ds.version()
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
            for l in &est.gdp.lag_table {
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
            for d in &est.gdp.driver_choices {
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
            s.push_str(&gar_table(&est));
            s.push('\n');
            s.push_str(&exp.to_text());
            s
        }
    };
    emit(&text, output)
}

#[derive(serde::Serialize)]
struct BacktestOut {
    meta: EstimateMeta,
    first_origin: String,
    note: &'static str,
    models: Vec<BacktestRow>,
}

const BACKTEST_NOTE: &str = "expanding-window re-estimation at each origin with the full-sample AR order and drivers; \
exogenous drivers enter at realised values (conditional forecasts); errors in log points of q/q GDP growth; \
DM compares ARX with each benchmark (positive: ARX more accurate), HLN small-sample correction";

/// Run `backtest`.
pub fn run_backtest(
    ctx: &Context,
    model: Option<&str>,
    format: Format,
    output: Option<&PathBuf>,
) -> Result<()> {
    let Workbench {
        ds,
        spec,
        spec_label: label,
        spec_sha256,
        est,
        ..
    } = load_estimates(ctx, model)?;
    let rows = est.gdp.backtest(&spec.backtest)?;
    let text = match format {
        Format::Json => to_json(&BacktestOut {
            meta: EstimateMeta::new(&ds, &label, &spec_sha256),
            first_origin: spec.backtest.first_origin.to_string(),
            note: BACKTEST_NOTE,
            models: rows,
        })?,
        Format::Csv => {
            let mut s =
                String::from("model,horizon,n,rmse,mae,dm_stat,dm_p_value,brier,brier_base_rate\n");
            let o = |v: Option<f64>| v.map(|x| format!("{x:.10}")).unwrap_or_default();
            for r in &rows {
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
        Format::Table => {
            let mut t = Table::new(
                format!(
                    "Rolling-origin backtest of {} from {} (model spec {label}, data {})",
                    est.gdp.spec.name,
                    spec.backtest.first_origin,
                    ds.version()
                ),
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
            let o = |v: Option<f64>, d: usize| {
                v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "-".into())
            };
            for r in &rows {
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
    };
    emit(&text, output)
}

fn gar_table(est: &Estimates) -> String {
    let d = &est.gdp.design;
    let mut header: Vec<(String, Align)> = vec![("quantile".into(), Align::Right)];
    header.extend(d.names.iter().map(|n| (n.clone(), Align::Right)));
    header.push(("fitted, last qtr".into(), Align::Right));
    let h: Vec<(&str, Align)> = header.iter().map(|(n, a)| (n.as_str(), *a)).collect();
    let last = d.quarters.last().map(|q| q.to_string()).unwrap_or_default();
    let mut t = Table::new(
        format!("Growth-at-risk quantile regressions (coefficient, robust s.e.); fitted quantiles at {last}, rearranged to be non-crossing"),
        &h,
    );
    let fitted = est.growth_at_risk_last_quarter();
    for (f, v) in est.growth_at_risk.iter().zip(&fitted) {
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
