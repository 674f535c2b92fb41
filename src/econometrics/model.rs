//! The model specification (models/model.toml): the GDP equation, the export equation and the
//! backtest settings, parsed strictly (unknown keys are errors naming the line).

use serde::Deserialize;

use super::arx::{BacktestSpec, GdpMethod, GdpModel, GdpSpec};
use super::export_eq::{ExportEquation, ExportSpec};
use super::local_mean::LocalMeanFit;
use super::quantile::{quantreg_last_iterate, rearranged_quantiles, QuantileFit};
use crate::data::Dataset;
use crate::error::Result;

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
    /// Trade-response parameters for the forecast.
    pub trade: TradeSpec,
    /// The monthly nowcast of the quarter in progress (`[nowcast]`; defaults if absent).
    #[serde(default)]
    pub nowcast: crate::nowcast::NowcastSpec,
}

/// `[trade]`: the export response to tariffs (DESIGN §4). Values with sources in models/model.toml.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TradeSpec {
    /// Share of the volume response in each quarter after a tariff change (sums to 1).
    pub lag_profile: Vec<f64>,
    /// Pass-through φ: share of the tariff borne by US buyers (0..1), all sectors unless overridden.
    pub pass_through: f64,
    /// Standard deviation of φ for Monte Carlo.
    pub pass_through_sd: f64,
    /// Diversion δ: share of lost US volume sold elsewhere (0..1).
    pub diversion: f64,
    /// Standard deviation of δ.
    pub diversion_sd: f64,
    /// Group-specific pass-through.
    #[serde(default)]
    pub pass_through_groups: Vec<GroupPassThrough>,
    /// Optional second-round income channel (`[trade.income_channel]`; off when absent).
    #[serde(default)]
    pub income_channel: Option<Channel>,
    /// Optional trade-policy-uncertainty channel on investment (`[trade.uncertainty_channel]`).
    #[serde(default)]
    pub uncertainty_channel: Option<Channel>,
    /// Optional exchange-rate reaction (`[trade.exchange_rate_channel]`).
    #[serde(default)]
    pub exchange_rate_channel: Option<Channel>,
}

/// An optional transmission channel: on or off, its parameter with a standard deviation for the
/// Monte Carlo, and where the number comes from (printed with every forecast that uses it).
///
/// - income: `value` = share of the lost domestic income (value added lost through volumes plus the
///   terms-of-trade loss) that is not spent at home, passed to GDP through the private-consumption
///   value-added inducement coefficient of the input-output table.
/// - uncertainty: `value` = real GDP level loss, % per tariff point of the export-weighted goods
///   wedge (phased in along the lag profile).
/// - exchange rate: `value` = share of the tariff wedge offset by KRW depreciation against the USD
///   (0..1): the wedge exporters face becomes (1 − value) Δ.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Whether the forecast uses the channel.
    pub enabled: bool,
    /// The central parameter (units per channel above).
    pub value: f64,
    /// Its standard deviation (drawn per path, clamped to the parameter's range).
    pub sd: f64,
    /// Where the number comes from.
    pub source: String,
}

/// Pass-through for one reporting group (models/groups.toml code).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupPassThrough {
    /// Group code.
    pub group: String,
    /// φ.
    pub value: f64,
    /// Its standard deviation.
    pub sd: f64,
    /// Source.
    pub source: String,
}

impl ModelSpec {
    /// Check a spec read from `file` (or built in code): the trade parameters' ranges. The GDP and
    /// export equations are checked when estimated, against the data they name.
    pub fn check(self, file: &str) -> Result<ModelSpec> {
        let spec = self;
        let t = &spec.trade;
        let lp = &t.lag_profile;
        if lp.is_empty()
            || lp.iter().any(|w| w.is_nan() || *w < 0.0)
            || (lp.iter().sum::<f64>() - 1.0).abs() > 1e-9
        {
            return Err(crate::error::Error::spec(
                file,
                None,
                "trade.lag_profile",
                "weights must be non-negative and sum to 1",
            ));
        }
        // Shares and their standard deviations live in [0, 1] (NaN fails every range test: the
        // ranges are checked with `contains`, never with `min`/`max`, which drop a NaN).
        for (k, v) in [
            ("trade.pass_through", t.pass_through),
            ("trade.diversion", t.diversion),
            ("trade.pass_through_sd", t.pass_through_sd),
            ("trade.diversion_sd", t.diversion_sd),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(crate::error::Error::spec(
                    file,
                    None,
                    k,
                    format!("{v} is outside [0, 1]"),
                ));
            }
        }
        for (key, c, hi) in [
            ("trade.income_channel", &t.income_channel, 1.0),
            ("trade.uncertainty_channel", &t.uncertainty_channel, 1.0),
            ("trade.exchange_rate_channel", &t.exchange_rate_channel, 1.0),
        ] {
            if let Some(c) = c {
                if !(0.0..=hi).contains(&c.value) || !c.sd.is_finite() || c.sd < 0.0 {
                    return Err(crate::error::Error::spec(
                        file,
                        None,
                        key,
                        format!(
                            "value must be in [0, {hi}] and sd finite and non-negative; found value {} sd {}",
                            c.value, c.sd
                        ),
                    ));
                }
                if c.source.trim().is_empty() {
                    return Err(crate::error::Error::spec(
                        file,
                        None,
                        &format!("{key}.source"),
                        "say where the number comes from",
                    ));
                }
            }
        }
        let e = &spec.exports.tariff;
        for (k, v, hi) in [
            ("exports.tariff.prior_elasticity", e.prior_elasticity, 20.0),
            ("exports.tariff.prior_sd", e.prior_sd, 20.0),
        ] {
            if !(0.0..=hi).contains(&v) {
                return Err(crate::error::Error::spec(
                    file,
                    None,
                    k,
                    format!("{v} is outside [0, {hi}] (an elasticity of trade flows to tariffs)"),
                ));
            }
        }
        for (i, g) in t.pass_through_groups.iter().enumerate() {
            if !(0.0..=1.0).contains(&g.value) || !(0.0..=1.0).contains(&g.sd) {
                return Err(crate::error::Error::spec(
                    file,
                    None,
                    &format!("trade.pass_through_groups[{}]", i + 1),
                    format!(
                        "value and sd must be in [0, 1]; found value {} sd {}",
                        g.value, g.sd
                    ),
                ));
            }
        }
        Ok(spec)
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
    /// The local-mean baseline at the last GDP quarter (when `gdp.method = "local_mean"`).
    pub local_mean: Option<LocalMeanFit>,
}

/// Quantiles of the growth-at-risk regressions.
pub const GAR_QUANTILES: [f64; 7] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

impl Estimates {
    /// Estimate everything the spec asks for.
    pub fn estimate(ds: &Dataset, spec: &ModelSpec, file: &str) -> Result<Estimates> {
        spec.backtest.check(file)?;
        // The backtest's first origin needs an estimation sample before it (the ARX uses up to 4
        // lags, the local mean a 20-quarter window): at least 40 quarters after the sample start.
        let span = spec.backtest.first_origin.index() - spec.gdp.sample_start.index();
        if span < 40 {
            return Err(crate::error::Error::spec(
                file,
                None,
                "backtest.first_origin",
                format!(
                    "{} is only {span} quarters after gdp.sample_start {}: give it at least 40 quarters of estimation sample",
                    spec.backtest.first_origin, spec.gdp.sample_start
                ),
            ));
        }
        let gdp = GdpModel::estimate(&ds.macro_q, &spec.gdp, &spec.backtest, file)?;
        let local_mean = match spec.gdp.method {
            GdpMethod::LocalMean => {
                let (q, y) = gdp.history();
                let last = y
                    .iter()
                    .rposition(|v| v.is_some())
                    .ok_or_else(|| crate::error::Error::Request("no GDP growth data".into()))?;
                Some(LocalMeanFit::estimate(
                    q,
                    y,
                    spec.gdp.sample_start,
                    q[last],
                    &spec.gdp.local_mean,
                    file,
                )?)
            }
            GdpMethod::Arx => None,
        };
        let d = &gdp.design;
        let growth_at_risk = GAR_QUANTILES
            .iter()
            .map(|q| quantreg_last_iterate(d.y.view(), d.x.view(), &d.names, *q))
            .collect::<Result<Vec<_>>>()?;
        Ok(Estimates {
            exports: ExportEquation::estimate(ds, &spec.exports, file)?,
            gdp,
            growth_at_risk,
            local_mean,
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
