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

pub(crate) use distribution::{annual_effect_means, level_effects};
pub use distribution::{ChannelNote, ForecastDistribution, ForecastMeta, QuarterRow, Risk};

/// The units line recorded in every forecast's metadata.
pub fn distribution_units() -> &'static str {
    distribution::UNITS
}
pub use monte_carlo::{
    bytes_per_path, check_paths, McSettings, PathBank, Shocks, Simulation, MAX_PATHS,
};
pub use scenario::{
    coverage_from_measure, coverage_of, FrontLoading, Measure, MeasureKind, Overrides, Scenario,
    ScenarioBuilder, BUILT_IN_CODE,
};
pub use sectors::{SectorEffect, TariffScheduleRow};
pub use sensitivity::{Sensitivity, SensitivityInput};
pub use stats::{
    growth_at_risk, p_two_consecutive_negative, quantile_select, quantile_sorted, quarter_stats,
    QuarterStats, QUANTILES,
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

/// The export elasticity the estimates settled on (estimate or prior), with its s.d. and source.
fn elasticity_used(est: &Estimates) -> ElasticityUsed {
    let t = &est.exports.tariff;
    ElasticityUsed {
        value: t.used,
        sd: t.used_sd,
        source: t.source.clone(),
    }
}

/// Everything that does not change between paths, precomputed once.
#[derive(Clone)]
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
    /// KRW per USD, the 2020 mean (total KRW over total USD of the exports table), converting
    /// 2020-price KRW values.
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
    /// The optional transmission channels switched on in the spec.
    channels: Channels,
}

/// The optional transmission channels a forecaster uses (`[trade.*_channel]` with `enabled = true`),
/// and the value-added inducement coefficient of private consumption the income channel passes
/// through (Σ v̂ L f_pc / Σ f_pc of the input-output table; 0.8564 in the BoK 2020 table).
#[derive(Debug, Clone, Default)]
pub struct Channels {
    /// Second-round income channel.
    pub income: Option<crate::econometrics::Channel>,
    /// Trade-policy-uncertainty channel on investment.
    pub uncertainty: Option<crate::econometrics::Channel>,
    /// Exchange-rate reaction.
    pub exchange_rate: Option<crate::econometrics::Channel>,
    /// Value-added inducement coefficient of private consumption.
    pub consumption_va_inducement: f64,
}

/// One path's parameters of the optional channels (zero, and a wedge scale of 1, when off).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelDraw {
    /// Share of lost domestic income by which domestic final demand falls.
    pub income_share: f64,
    /// Real GDP level loss, % per tariff point of the lagged goods wedge.
    pub uncertainty: f64,
    /// Share of the wedge offset by KRW depreciation.
    pub exchange_rate_offset: f64,
}

impl Channels {
    /// The enabled channels of `trade`; the inducement coefficient from `leontief` when the income
    /// channel is on.
    pub fn from_spec(trade: &TradeSpec, leontief: &Leontief) -> Result<Channels> {
        let on = |c: &Option<crate::econometrics::Channel>| c.clone().filter(|c| c.enabled);
        let income = on(&trade.income_channel);
        let consumption_va_inducement = if income.is_some() {
            Channels::consumption_va_inducement(leontief)?
        } else {
            0.0
        };
        Ok(Channels {
            income,
            uncertainty: on(&trade.uncertainty_channel),
            exchange_rate: on(&trade.exchange_rate_channel),
            consumption_va_inducement,
        })
    }

    /// The value-added inducement coefficient of private consumption of `leontief`'s table.
    pub fn consumption_va_inducement(leontief: &Leontief) -> Result<f64> {
        let ind = leontief.inducement()?;
        let i = ind
            .names
            .iter()
            .position(|n| n == "private_consumption")
            .ok_or_else(|| {
                Error::Request(
                    "the income channel needs a `private_consumption` final-demand column".into(),
                )
            })?;
        Ok(ind.value_added_coefficient[i])
    }

    /// Whether any channel is on.
    pub fn any(&self) -> bool {
        self.income.is_some() || self.uncertainty.is_some() || self.exchange_rate.is_some()
    }

    /// The parameters at their central values.
    pub fn central(&self) -> ChannelDraw {
        self.draw([0.0; 3])
    }

    /// The parameters for standard-normal draws z (income, uncertainty, exchange rate): value +
    /// sd·z, floored at 0 (and the shares capped at 1).
    pub fn draw(&self, z: [f64; 3]) -> ChannelDraw {
        let v = |c: &Option<crate::econometrics::Channel>, z: f64, hi: f64| {
            c.as_ref()
                .map_or(0.0, |c| (c.value + c.sd * z).clamp(0.0, hi))
        };
        ChannelDraw {
            income_share: v(&self.income, z[0], 1.0),
            uncertainty: v(&self.uncertainty, z[1], f64::INFINITY),
            exchange_rate_offset: v(&self.exchange_rate, z[2], 1.0),
        }
    }
}

impl Forecaster {
    /// Precompute from data, estimates, trade parameters and the groups concordance.
    pub fn new(
        ds: &Dataset,
        est: &Estimates,
        trade: &TradeSpec,
        groups: Concordance,
    ) -> Result<Forecaster> {
        let response = ExportResponse::from_data(ds, trade, &groups, elasticity_used(est))?;
        // The 2020 mean rate (1,179.60, data/PROVENANCE.md) as total KRW over total USD: one row's
        // ratio carries the rounding of its USD column (118.603 / 0.1005 = 1,180.13 for crops).
        let (krw, usd) = ds.exports_to_us.iter().fold((0.0, 0.0), |(k, u), e| {
            (k + e.exports_to_us_krw_bn, u + e.exports_to_us_usd_bn)
        });
        let krw_per_usd_2020 = if usd > 0.0 { krw / usd } else { f64::NAN };
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
        fc.channels = Channels::from_spec(trade, &fc.leontief)?;
        Ok(fc)
    }

    /// The same forecaster with other trade parameters and export elasticity: what
    /// [`Forecaster::new`] builds from `trade` and `est`, keeping the input-output model and the GDP
    /// equation (which do not depend on them) instead of inverting and estimating again.
    pub fn with_trade(
        &self,
        ds: &Dataset,
        est: &Estimates,
        trade: &TradeSpec,
    ) -> Result<Forecaster> {
        let mut fc = self.clone();
        fc.response = ExportResponse::from_data(ds, trade, &fc.groups, elasticity_used(est))?;
        fc.partner_pass_through = (trade.pass_through, trade.pass_through_sd);
        fc.channels = Channels::from_spec(trade, &fc.leontief)?;
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

    /// The same forecaster with these partner exposures (Korean value added in each partner's
    /// exports to the US, e.g. from [`partner_exposures`]) and the partners' pass-through: central φ
    /// and its standard deviation (the spec's `trade.pass_through`, `trade.pass_through_sd`).
    pub fn with_value_chains(
        mut self,
        exposures: Vec<PartnerExposure>,
        pass_through: (f64, f64),
    ) -> Forecaster {
        self.value_chains = exposures;
        self.partner_pass_through = pass_through;
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
            channels: Channels::default(),
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

    /// The optional channels in use.
    pub fn channels(&self) -> &Channels {
        &self.channels
    }

    /// The same forecaster with these channels (switch channels on or off in code).
    pub fn with_channels(mut self, c: Channels) -> Forecaster {
        self.channels = c;
        self
    }

    /// The tariff index of the uncertainty channel by horizon quarter, tariff points: the
    /// export-weighted mean goods wedge 100 Σ_j X_j Δ_j,t / Σ_j X_j (goods sectors), phased in along
    /// the lag profile like the export volumes.
    pub fn tariff_index(&self, w: &Wedges) -> Vec<f64> {
        let x = self.response.exports_q();
        let goods = self.response.goods_mask();
        let total: f64 = x
            .iter()
            .zip(&goods)
            .filter(|(_, g)| **g)
            .map(|(x, _)| x)
            .sum();
        let d = w.delta();
        let mean: Vec<f64> = (0..w.quarters())
            .map(|k| {
                if total <= 0.0 {
                    return 0.0;
                }
                100.0
                    * (0..x.len())
                        .filter(|j| goods[*j])
                        .map(|j| x[j] * d[[k, j]])
                        .sum::<f64>()
                    / total
            })
            .collect();
        let lp = self.response.lag_profile();
        (0..mean.len())
            .map(|k| (0..lp.len().min(k + 1)).map(|m| lp[m] * mean[k - m]).sum())
            .collect()
    }

    /// The terms-of-trade loss at the horizon's last quarter, % of quarterly GDP: the exporters'
    /// absorption of the tariff Σ_j X_j e^{Δln X_j} (e^{Δln P_j} − 1) (income lost on what they still
    /// sell, borne by their value added directly, not through the input-output model). Real GDI =
    /// real GDP + this.
    pub fn terms_of_trade_end(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> f64 {
        self.deviation_and_terms_of_trade(w, s, t).1
    }

    /// Real GDP growth deviations ([`Forecaster::growth_deviation`]) and the terms-of-trade loss at
    /// the horizon's end ([`Forecaster::terms_of_trade_end`]) from one pass over the export changes,
    /// with the enabled channels at their central values and without partner measures.
    pub fn deviation_and_terms_of_trade(
        &self,
        w: &Wedges,
        s: &Scenario,
        t: TradeDraw,
    ) -> (Vec<f64>, f64) {
        let idx = if self.channels.uncertainty.is_some() {
            self.tariff_index(w)
        } else {
            Vec::new()
        };
        self.deviation_with(w, s, t, self.channels.central(), None, &idx)
    }

    /// The Monte Carlo's per-path work: real GDP growth deviations (log points) and the terms-of-
    /// trade loss at the horizon's end (% of GDP) for trade parameters `t` and channel parameters `c`.
    ///
    /// Level deviation, % of quarterly GDP: ℓ_t = 100 Σ_j ΔX_j,t m_j / VA (export volumes through the
    /// Type I value-added multipliers) + `value_chain` (partner measures, if given); with the income
    /// channel ℓ_t += s c_pc (ℓ_t + T_t), T_t = 100 Σ_j X_j e^{Δln X} (e^{Δln P} − 1) / VA the terms-
    /// of-trade loss and c_pc the consumption VA inducement coefficient; with the uncertainty channel
    /// ℓ_t −= κ u_t, u_t = `index` ([`Forecaster::tariff_index`]); the exchange-rate channel scales
    /// the wedge by 1 − θ before all of this. Growth deviations d_t = ℓ_t − ℓ_{t−1}, ℓ_{−1} = 0.
    pub fn deviation_with(
        &self,
        w: &Wedges,
        s: &Scenario,
        t: TradeDraw,
        c: ChannelDraw,
        value_chain: Option<&[f64]>,
        index: &[f64],
    ) -> (Vec<f64>, f64) {
        let h = w.quarters();
        let mut level = vec![0.0; h];
        let mut tot = vec![0.0; h];
        let fl = s.front_loading.map(|f| f.share);
        let t = TradeDraw {
            wedge_scale: 1.0 - c.exchange_rate_offset,
            ..t
        };
        // Real GDP moves with export volumes only; the price absorption is income (terms of trade).
        self.response.changes_with(w, fl, t, |k, j, v, p| {
            level[k] += v * self.va_mult[j];
            tot[k] += p;
        });
        for (k, l) in level.iter_mut().enumerate() {
            *l = 100.0 * *l / self.va_q;
            tot[k] = 100.0 * tot[k] / self.va_q;
            if let Some(vc) = value_chain {
                *l += vc.get(k).copied().unwrap_or(0.0);
            }
            if c.income_share != 0.0 {
                *l += c.income_share * self.channels.consumption_va_inducement * (*l + tot[k]);
            }
            if c.uncertainty != 0.0 {
                *l -= c.uncertainty * index.get(k).copied().unwrap_or(0.0);
            }
        }
        let mut prev = 0.0;
        let dev = level
            .iter()
            .map(|l| {
                let d = l - prev;
                prev = *l;
                d
            })
            .collect();
        (dev, tot.last().copied().unwrap_or(0.0))
    }

    /// Real GDP growth deviations d_t over the horizon (log points) for trade parameters `t`: the
    /// value-added change Σ_j ΔX_j m_j of the export *volume* change as a share of quarterly value
    /// added, differenced; the level deviation before the horizon is zero.
    pub fn growth_deviation(&self, w: &Wedges, s: &Scenario, t: TradeDraw) -> Vec<f64> {
        self.deviation_and_terms_of_trade(w, s, t).0
    }
}
