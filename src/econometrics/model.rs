//! The model specification (models/model.toml): the GDP equation, the export equation and the
//! backtest settings, parsed strictly (unknown keys are errors naming the line).

use serde::Deserialize;

use super::arx::{BacktestSpec, GdpModel, GdpSpec};
use super::export_eq::{ExportEquation, ExportSpec};
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
}

impl Estimates {
    /// Estimate everything the spec asks for.
    pub fn estimate(ds: &Dataset, spec: &ModelSpec, file: &str) -> Result<Estimates> {
        Ok(Estimates {
            gdp: GdpModel::estimate(&ds.macro_q, &spec.gdp, &spec.backtest, file)?,
            exports: ExportEquation::estimate(ds, &spec.exports, file)?,
        })
    }
}
