//! From a tariff scenario to the distribution of Korea's quarterly GDP growth (DESIGN §4-5).
//!
//! A forecast is a pipeline of values handed down:
//!
//! ```text
//! Scenario, baseline -> rates -> Wedges (once)
//! per path: draws -> ExportResponse (ΔE by sector) -> value added ΔVA_t = Σ_s m_s ΔE_s,t
//!           -> level deviation ℓ_t = 100 ΔVA_t / VA -> growth deviation d_t = ℓ_t − ℓ_{t−1}
//!           -> ArxLayout::path (scenario: drivers + shocks + d_t; baseline: drivers + shocks)
//! paths -> ForecastDistribution -> summary() | serde JSON
//! ```
//!
//! m = vᵀL are the Type I value-added multipliers of the input-output model; VA is quarterly value
//! added (2020 structure). Induced demand is counted through the estimated AR dynamics, not Type II
//! multipliers. Monte Carlo draws the GDP coefficients (estimated covariance), bootstrapped residuals,
//! the aggregate elasticity, pass-through and diversion; scenario and baseline share every draw
//! (common random numbers). Each path has its own RNG stream, so results do not depend on the thread
//! count. Quarters before the scenario's start are history; a start before the data's end replays the
//! forecast from that quarter's history (the equations keep their full-sample estimates).

mod distribution;
mod monte_carlo;
mod scenario;
mod sectors;
mod sensitivity;
mod stats;
mod value_chains;

pub use distribution::{ForecastDistribution, ForecastMeta, QuarterRow, Risk};

/// The units line recorded in every forecast's metadata.
pub fn distribution_units() -> &'static str {
    distribution::UNITS
}
pub use monte_carlo::{McSettings, Shocks, Simulation};
pub use scenario::{
    coverage_from_measure, coverage_of, FrontLoading, Measure, MeasureKind, Overrides, Scenario,
    ScenarioBuilder, BUILT_IN_CODE,
};
pub use sectors::{SectorEffect, TariffScheduleRow};
pub use sensitivity::{Sensitivity, SensitivityInput};
pub use stats::{
    growth_at_risk, p_two_consecutive_negative, quantile_sorted, quarter_stats, QuarterStats,
    QUANTILES,
};
pub use value_chains::{partner_exposures, PartnerExposure, ValueChainEffect};

use ndarray::{Array1, Array2};

use crate::data::{Dataset, Quarter};
use crate::econometrics::{ArxLayout, Estimates, LocalMeanFit, LocalMeanSpec, TradeSpec};
use crate::error::{Error, NumericalCause, Result};
use crate::input_output::{Concordance, Leontief};
use crate::trade::{ElasticityUsed, ExportResponse, TradeDraw, Wedges};

/// The GDP equation as the Monte Carlo uses it: layout, point estimates, the Cholesky factor of their
/// covariance, the residual s.e. and the residuals (for the bootstrap), and the history it starts from.
#[derive(Debug, Clone)]
pub struct GdpEquation {
    /// Coefficient layout.
    pub layout: ArxLayout,
    /// Point estimates β (layout order).
    pub beta: Array1<f64>,
    /// Lower Cholesky factor of the coefficient covariance.
    pub chol: Array2<f64>,
    /// Residual standard error s (log points).
    pub sigma: f64,
    /// In-sample residuals (log points).
    pub residuals: Vec<f64>,
    /// Driver terms in layout order: (driver name, lag, the driver's values on `quarters`).
    pub drivers: Vec<(String, usize, Vec<Option<f64>>)>,
    /// Quarters of the history.
    pub quarters: Vec<Quarter>,
    /// Growth history on `quarters` (log points; None where missing).
    pub y: Vec<Option<f64>>,
    /// The local-mean baseline (the default method) and its spec: when present, paths follow
    /// [`LocalMeanFit::path`] with its parameter draws and mixture shocks, and `layout`, `beta`,
    /// `chol` and `residuals` only describe it (β = (m(1 − φ), φ), its shock pool).
    pub local_mean: Option<(LocalMeanFit, LocalMeanSpec)>,
}

impl GdpEquation {
    /// From the estimated model (the local-mean baseline when it was estimated, else the ARX),
    /// checking that every number is finite.
    pub fn from_estimates(est: &Estimates) -> Result<GdpEquation> {
        if let Some(lm) = &est.local_mean {
            let (quarters, y) = est.gdp.history();
            return Ok(GdpEquation {
                layout: ArxLayout { p: 1, drivers: 0 },
                beta: Array1::from_vec(vec![lm.mean * (1.0 - lm.phi), lm.phi]),
                chol: Array2::zeros((2, 2)),
                sigma: lm.sigma2.sqrt(),
                residuals: lm.normal_pool.clone(),
                drivers: vec![],
                quarters: quarters.to_vec(),
                y: y.to_vec(),
                local_mean: Some((lm.clone(), est.gdp.spec.local_mean.clone())),
            });
        }
        let fit = &est.gdp.fit;
        if fit.coefficients.iter().any(|c| !c.estimate.is_finite()) || !fit.sigma.is_finite() {
            return Err(Error::numerical(
                NumericalCause::NonFinite,
                "GDP model has a non-finite coefficient or residual standard error",
            ));
        }
        let (quarters, y) = est.gdp.history();
        Ok(GdpEquation {
            layout: est.gdp.layout(),
            beta: Array1::from_iter(fit.coefficients.iter().map(|c| c.estimate)),
            chol: crate::linalg::psd_cholesky(fit.cov_params.view())?,
            sigma: fit.sigma,
            residuals: fit.residuals.to_vec(),
            drivers: est.gdp.driver_terms(),
            quarters: quarters.to_vec(),
            y: y.to_vec(),
            local_mean: None,
        })
    }
}

/// Everything that does not change between paths, precomputed once.
pub struct Forecaster {
    response: ExportResponse,
    /// VA multipliers vᵀL by sector.
    va_mult: Array1<f64>,
    /// Quarterly value added, KRW bn (2020).
    va_q: f64,
    gdp: GdpEquation,
    /// The IO model (sector report).
    pub leontief: Leontief,
    /// Reporting groups.
    pub groups: Concordance,
    /// KRW per USD used to convert 2020-price KRW values.
    pub krw_per_usd_2020: f64,
    /// The tariff record (data/tariff_measures.csv) the status quo is read from, and the IO sectors
    /// it maps to; empty for a forecaster built from parts (status quo: no additional tariffs).
    record: (Vec<crate::data::TariffCoverage>, Vec<crate::data::Sector>),
    /// The monthly nowcast of the first forecast quarter: (quarter, predictive values). When a
    /// scenario starts there, each path's baseline growth in that quarter is a draw from these
    /// values (local-mean baseline only).
    nowcast: Option<(Quarter, Vec<f64>)>,
    /// Korean value added in partners' exports to the US (value chains through third countries).
    value_chains: Vec<PartnerExposure>,
    /// Pass-through of partner tariffs to US buyers (central, sd): the spec's default.
    partner_pass_through: (f64, f64),
}

impl Forecaster {
    /// Precompute from data, estimates, trade parameters and the groups concordance.
    pub fn new(
        ds: &Dataset,
        est: &Estimates,
        trade: &TradeSpec,
        groups: Concordance,
    ) -> Result<Forecaster> {
        let t = &est.exports.tariff;
        let elasticity = ElasticityUsed {
            value: t.used,
            sd: t.used_sd,
            source: t.source.clone(),
        };
        let response = ExportResponse::from_data(ds, trade, &groups, elasticity)?;
        let e0 = &ds.exports_to_us[0];
        let krw_per_usd_2020 = if e0.exports_to_us_usd_bn > 0.0 {
            e0.exports_to_us_krw_bn / e0.exports_to_us_usd_bn
        } else {
            f64::NAN
        };
        let fc = Forecaster::from_parts(
            response,
            Leontief::new(&ds.io)?,
            groups,
            GdpEquation::from_estimates(est)?,
            krw_per_usd_2020,
        )?;
        let mut fc = fc.with_tariff_record(ds.tariffs.clone(), ds.io.sectors.clone());
        fc.value_chains = partner_exposures(&ds.value_chains);
        fc.partner_pass_through = (trade.pass_through, trade.pass_through_sd);
        Ok(fc)
    }

    /// Use this tariff record (rows of data/tariff_measures.csv and the IO sectors they map to) for
    /// the status quo; an empty record makes the status quo "no additional tariffs" (KORUS).
    pub fn with_tariff_record(
        mut self,
        record: Vec<crate::data::TariffCoverage>,
        sectors: Vec<crate::data::Sector>,
    ) -> Forecaster {
        self.record = (record, sectors);
        self
    }

    /// The same forecaster with its export response transformed by `f` (sensitivity analysis).
    pub fn map_response(mut self, f: impl FnOnce(ExportResponse) -> ExportResponse) -> Forecaster {
        self.response = f(self.response);
        self
    }

    /// The same forecaster with the Korean value added in partners' exports scaled by `k`.
    pub fn with_value_chain_scale(mut self, k: f64) -> Forecaster {
        for p in self.value_chains.iter_mut() {
            for s in p.sectors.iter_mut() {
                s.1 *= k;
            }
        }
        self
    }

    /// Use the nowcast `values` (predictive draws, log points q/q) for the baseline of quarter `q`.
    pub fn with_nowcast(mut self, q: Quarter, values: Vec<f64>) -> Forecaster {
        self.nowcast = (!values.is_empty()).then_some((q, values));
        self
    }

    /// The nowcast used for the first quarter of a scenario starting at `start`, if any.
    pub(crate) fn nowcast_at(&self, start: Quarter) -> Option<&[f64]> {
        self.nowcast
            .as_ref()
            .filter(|(q, _)| *q == start)
            .map(|(_, v)| v.as_slice())
    }

    /// The status quo for a horizon starting at `start` ([`Scenario::status_quo`]).
    pub fn status_quo(&self, start: Quarter, quarters: usize) -> Scenario {
        Scenario::status_quo(start, quarters, &self.record.0, &self.record.1)
    }

    /// Assemble from parts built in code (e.g. a synthetic two-sector model): the export response, the
    /// input-output model (value-added multipliers and quarterly value added = Σ v_j x_j / 4000 KRW bn
    /// from million-KRW annual flows), the reporting groups, the GDP equation and the KRW/USD rate.
    pub fn from_parts(
        response: ExportResponse,
        leontief: Leontief,
        groups: Concordance,
        gdp: GdpEquation,
        krw_per_usd_2020: f64,
    ) -> Result<Forecaster> {
        if response.n() != leontief.n() || groups.assignment.len() != leontief.n() {
            return Err(Error::Request(format!(
                "forecaster: the export response has {} sectors, the IO model {}, the groups {}",
                response.n(),
                leontief.n(),
                groups.assignment.len()
            )));
        }
        if gdp.beta.len() != gdp.layout.k() || gdp.drivers.len() != gdp.layout.drivers {
            return Err(Error::Request(
                "forecaster: GDP coefficients do not match their layout".into(),
            ));
        }
        let va_mult = leontief.multipliers()?.value_added;
        let va_q =
            (&leontief.value_added_coefficients * &leontief.gross_output).sum() / 1000.0 / 4.0;
        Ok(Forecaster {
            response,
            va_mult,
            va_q,
            gdp,
            leontief,
            groups,
            krw_per_usd_2020,
            record: (Vec::new(), Vec::new()),
            nowcast: None,
            value_chains: Vec::new(),
            partner_pass_through: (1.0, 0.0),
        })
    }

    /// The export response.
    pub fn response(&self) -> &ExportResponse {
        &self.response
    }

    /// The GDP equation.
    pub fn gdp(&self) -> &GdpEquation {
        &self.gdp
    }

    /// Quarterly value added, KRW bn (2020 prices).
    pub fn quarterly_value_added(&self) -> f64 {
        self.va_q
    }

    /// Where the tariff elasticity comes from (value, sd, source).
    pub fn elasticity_source(&self) -> (f64, f64, &str) {
        let e = self.response.elasticity();
        (e.value, e.sd, &e.source)
    }

    /// The first quarter that can be forecast: the one after the last GDP observation.
    pub fn first_forecast_quarter(&self) -> Quarter {
        let last = self.gdp.y.iter().rposition(|v| v.is_some()).unwrap_or(0);
        self.gdp.quarters[last].offset(1)
    }

    /// Wedges of a scenario against a baseline over the scenario's horizon.
    pub fn wedges(&self, s: &Scenario, b: &Scenario) -> Wedges {
        let n = self.response.n();
        self.response.wedges(
            &s.rates(n, s.start, s.quarters),
            &b.rates(n, s.start, s.quarters),
        )
    }

    /// The terms-of-trade loss at the horizon's last quarter, % of quarterly GDP: the exporters'
    /// absorption of the tariff Σ_j X_j e^{Δln X_j} (e^{Δln P_j} − 1) (income lost on what they still
    /// sell, borne by their value added directly, not through the input-output model). Real GDI =
    /// real GDP + this.
    pub fn terms_of_trade_end(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> f64 {
        self.deviation_and_terms_of_trade(w, s, t).1
    }

    /// Real GDP growth deviations ([`Forecaster::growth_deviation`]) and the terms-of-trade loss at
    /// the horizon's end ([`Forecaster::terms_of_trade_end`]) from one pass over the export changes
    /// (the Monte Carlo's per-path work).
    pub fn deviation_and_terms_of_trade(
        &self,
        w: &Wedges,
        s: &Scenario,
        t: TradeDraw,
    ) -> (Vec<f64>, f64) {
        let mut level = vec![0.0; w.quarters()];
        let last = w.quarters().saturating_sub(1);
        let mut tot = 0.0;
        let fl = s.front_loading.map(|f| f.share);
        // Real GDP moves with export volumes only; the price absorption is income (terms of trade).
        self.response.changes_with(w, fl, t, |k, j, v, p| {
            level[k] += v * self.va_mult[j];
            if k == last {
                tot += p;
            }
        });
        let mut prev = 0.0;
        let dev = level
            .iter()
            .map(|l| {
                let l = 100.0 * l / self.va_q;
                let d = l - prev;
                prev = l;
                d
            })
            .collect();
        (dev, 100.0 * tot / self.va_q)
    }

    /// Real GDP growth deviations d_t over the horizon (log points) for trade parameters `t`: the
    /// value-added change Σ_j ΔX_j m_j of the export *volume* change as a share of quarterly value
    /// added, differenced; the level deviation before the horizon is zero.
    pub fn growth_deviation(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> Vec<f64> {
        self.deviation_and_terms_of_trade(w, s, t).0
    }
}
