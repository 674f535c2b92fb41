//! The model specification (models/model.toml): the GDP equation, the export equation and the
//! backtest settings, parsed strictly (unknown keys are errors naming the line).

use serde::Deserialize;

use super::arx::{BacktestSpec, GdpModel, GdpSpec};
use super::export_eq::{ExportEquation, ExportSpec};
use super::quantile::{quantreg, rearranged_quantiles, QuantileFit};
use crate::data::Dataset;
use crate::error::Result;
use crate::spec::parse_toml;

/// The whole model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// GDP equation.
    pub gdp: GdpSpec,
    /// Export equation.
    pub exports: ExportSpec,
    /// Backtest settings.
    pub backtest: BacktestSpec,
}

impl ModelSpec {
    /// Parse from TOML text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<ModelSpec> {
        parse_toml(file, text)
    }
}

/// Both estimated equations.
#[derive(Debug, Clone)]
pub struct Estimates {
    /// GDP model.
    pub gdp: GdpModel,
    /// Export equation.
    pub exports: ExportEquation,
    /// Growth-at-risk quantile regressions of the GDP equation's design at [`GAR_QUANTILES`].
    pub growth_at_risk: Vec<QuantileFit>,
}

/// Quantiles of the growth-at-risk regressions.
pub const GAR_QUANTILES: [f64; 7] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

impl Estimates {
    /// Estimate everything the spec asks for.
    pub fn estimate(ds: &Dataset, spec: &ModelSpec, file: &str) -> Result<Estimates> {
        let gdp = GdpModel::estimate(&ds.macro_q, &spec.gdp, &spec.backtest, file)?;
        let d = &gdp.design;
        let growth_at_risk = GAR_QUANTILES
            .iter()
            .map(|q| quantreg(d.y.view(), d.x.view(), &d.names, *q))
            .collect::<Result<Vec<_>>>()?;
        Ok(Estimates {
            exports: ExportEquation::estimate(ds, &spec.exports, file)?,
            gdp,
            growth_at_risk,
        })
    }

    /// Non-crossing conditional quantiles of GDP growth at the last sample quarter's regressors
    /// (log points q/q), in [`GAR_QUANTILES`] order.
    pub fn growth_at_risk_last_quarter(&self) -> Vec<f64> {
        let d = &self.gdp.design;
        let last = d.x.row(d.x.nrows() - 1).to_vec();
        rearranged_quantiles(&self.growth_at_risk, &last)
    }
}
