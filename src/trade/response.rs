//! The export response to tariffs (DESIGN §4): tariff wedges between a scenario and its baseline →
//! change in the value of exports to the US by sector and quarter.
//!
//! For sector s and horizon quarter t: wedge Δ_s,t = ln(1+τ_S/100) − ln(1+τ_B/100); volume
//! Δln X = −ε r_s φ_s Σ_k w_k Δ_s,t−k; price Δln P = −(1−φ_s) Δ_s,t; value change
//! ΔE = X_s [exp(Δln X + Δln P) − 1] + δ X_s [1 − exp(Δln X)] (KRW bn, 2020 prices), with optional
//! front-loading (a share of a quarter's exports shipped one quarter ahead of a rise in the wedge).
//! Symbols: X_s quarterly exports to the US (KRW bn), ε the aggregate tariff elasticity, r_s the
//! sector's relative elasticity (export-weighted mean 1 over goods), φ_s pass-through to US buyers,
//! w_k the lag profile, δ diversion to other markets.

use ndarray::{Array1, Array2, ArrayView1};

use crate::data::Dataset;
use crate::econometrics::TradeSpec;
use crate::error::{Error, Result};
use crate::input_output::Concordance;

/// The trade parameters of one Monte Carlo path: the tariff elasticity ε, the standard-normal draw
/// that shifts every sector's pass-through by its own standard deviation, and the diversion share δ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TradeDraw {
    /// Aggregate tariff elasticity ε (≥ 0).
    pub elasticity: f64,
    /// Standard-normal shift of pass-through: φ_s + sd_s·z, clamped to [0, 1].
    pub phi_z: f64,
    /// Diversion share δ (0..1).
    pub diversion: f64,
    /// Share of the wedge exporters face after the exchange-rate reaction: 1 − θ, θ the share of
    /// the tariff offset by KRW depreciation (1 without the channel).
    pub wedge_scale: f64,
}

/// The aggregate tariff elasticity used and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticityUsed {
    /// Central value ε.
    pub value: f64,
    /// Standard deviation for Monte Carlo.
    pub sd: f64,
    /// Source (estimate, literature prior or a scenario override).
    pub source: String,
}

/// The export response, precomputed once per model (every field checked on construction).
#[derive(Debug, Clone)]
pub struct ExportResponse {
    /// Quarterly exports to the US by sector, KRW bn (2020 prices).
    exports_q: Array1<f64>,
    /// Relative sector elasticity r_s.
    rel_elasticity: Array1<f64>,
    /// Pass-through φ_s and its standard deviation.
    phi: Array1<f64>,
    phi_sd: Array1<f64>,
    /// Lag profile w_k (sums to 1).
    lag_profile: Vec<f64>,
    /// Diversion δ and its standard deviation.
    diversion: f64,
    diversion_sd: f64,
    elasticity: ElasticityUsed,
}

/// Tariff inputs of one scenario pair over the horizon, precomputed: Δ (quarters x sectors), the
/// sectors with exports to the US and a non-zero wedge, and the run-length form of their wedges.
#[derive(Debug, Clone)]
pub struct Wedges {
    delta: Array2<f64>,
    active: Vec<usize>,
    /// Per active sector: the distinct values of its lagged and current wedge over the horizon and,
    /// per quarter, which one applies (wedges are step paths, so a handful of exponentials per path
    /// replace one per quarter).
    steps: Vec<Steps>,
}

impl Wedges {
    /// Horizon length in quarters.
    pub fn quarters(&self) -> usize {
        self.delta.nrows()
    }
    /// The wedge matrix Δ (quarters x sectors, log points / 100).
    pub fn delta(&self) -> &Array2<f64> {
        &self.delta
    }
}

/// Run-length form of one sector's wedge paths.
#[derive(Debug, Clone, PartialEq)]
struct Steps {
    lagged: Vec<f64>,
    lagged_at: Vec<usize>,
    delta: Vec<f64>,
    delta_at: Vec<usize>,
}

/// Distinct consecutive values of `v` and, per element, the index of its value (bitwise equality).
fn runs(v: ArrayView1<f64>) -> (Vec<f64>, Vec<usize>) {
    let mut vals: Vec<f64> = Vec::new();
    let at = v
        .iter()
        .map(|x| {
            if vals.last().is_none_or(|l| l.to_bits() != x.to_bits()) {
                vals.push(*x);
            }
            vals.len() - 1
        })
        .collect();
    (vals, at)
}

impl Steps {
    fn new(lagged: ArrayView1<f64>, delta: ArrayView1<f64>) -> Steps {
        let (lagged, lagged_at) = runs(lagged);
        let (delta, delta_at) = runs(delta);
        Steps {
            lagged,
            lagged_at,
            delta,
            delta_at,
        }
    }
}

fn bad(key: &str, msg: impl std::fmt::Display) -> Error {
    Error::Request(format!("export response: `{key}` {msg}"))
}

impl ExportResponse {
    /// A response from explicit parameters (all per sector, table order): quarterly exports to the US
    /// (KRW bn), relative elasticities, pass-through and its s.d., the lag profile, diversion and its
    /// s.d., and the aggregate elasticity.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        exports_q: Array1<f64>,
        rel_elasticity: Array1<f64>,
        phi: Array1<f64>,
        phi_sd: Array1<f64>,
        lag_profile: Vec<f64>,
        diversion: f64,
        diversion_sd: f64,
        elasticity: ElasticityUsed,
    ) -> Result<ExportResponse> {
        let n = exports_q.len();
        if rel_elasticity.len() != n || phi.len() != n || phi_sd.len() != n {
            return Err(bad("sectors", "vectors must all have one value per sector"));
        }
        if lag_profile.is_empty()
            || lag_profile.iter().any(|w| w.is_nan() || *w < 0.0)
            || (lag_profile.iter().sum::<f64>() - 1.0).abs() > 1e-9
        {
            return Err(Error::spec(
                "model spec",
                None,
                "trade.lag_profile",
                "weights must be non-negative and sum to 1",
            ));
        }
        for (k, v) in [
            ("pass_through", &phi),
            ("diversion", &Array1::from_elem(1, diversion)),
        ] {
            if v.iter().any(|x| !(0.0..=1.0).contains(x)) {
                return Err(Error::spec(
                    "model spec",
                    None,
                    &format!("trade.{k}"),
                    "must be in [0, 1]",
                ));
            }
        }
        let finite_nonneg = |x: &f64| x.is_finite() && *x >= 0.0;
        if !exports_q.iter().all(finite_nonneg)
            || !phi_sd.iter().all(finite_nonneg)
            || !rel_elasticity.iter().all(|x| x.is_finite())
            || !finite_nonneg(&diversion_sd)
        {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                "export response: exports, relative elasticities and standard deviations must be finite and non-negative",
            ));
        }
        if !(finite_nonneg(&elasticity.value) && finite_nonneg(&elasticity.sd)) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!(
                    "tariff elasticity {} (sd {}) must be finite and non-negative",
                    elasticity.value, elasticity.sd
                ),
            ));
        }
        Ok(ExportResponse {
            exports_q,
            rel_elasticity,
            phi,
            phi_sd,
            lag_profile,
            diversion,
            diversion_sd,
            elasticity,
        })
    }

    /// The response for the shipped data: exports to the US by sector, relative elasticities from
    /// data/trade_elasticities.csv (export-weighted mean 1 over goods), pass-through from `trade`
    /// (group values where given).
    pub fn from_data(
        ds: &Dataset,
        trade: &TradeSpec,
        groups: &Concordance,
        elasticity: ElasticityUsed,
    ) -> Result<ExportResponse> {
        let n = ds.io.n();
        let exports_q = Array1::from_iter(
            ds.exports_to_us
                .iter()
                .map(|e| e.exports_to_us_krw_bn / 4.0),
        );
        let goods: Vec<bool> = ds
            .io
            .sectors
            .iter()
            .map(|s| ds.elasticities.iter().any(|e| e.code == s.code))
            .collect();
        let el = |code: &str| {
            ds.elasticities
                .iter()
                .find(|e| e.code == code)
                .map(|e| e.elasticity)
                .unwrap_or(0.0)
        };
        let wsum: f64 = (0..n).filter(|&i| goods[i]).map(|i| exports_q[i]).sum();
        let wmean: f64 = (0..n)
            .filter(|&i| goods[i])
            .map(|i| exports_q[i] * el(&ds.io.sectors[i].code))
            .sum::<f64>()
            / wsum;
        let rel_elasticity = Array1::from_iter(ds.io.sectors.iter().map(|s| el(&s.code) / wmean));
        let mut phi = Array1::from_elem(n, trade.pass_through);
        let mut phi_sd = Array1::from_elem(n, trade.pass_through_sd);
        for g in &trade.pass_through_groups {
            let gi = groups
                .groups
                .iter()
                .position(|(c, _)| *c == g.group)
                .ok_or_else(|| {
                    Error::spec(
                        "model spec",
                        None,
                        "trade.pass_through_groups.group",
                        format!("unknown group `{}`", g.group),
                    )
                })?;
            for (j, a) in groups.assignment.iter().enumerate() {
                if *a == gi {
                    phi[j] = g.value;
                    phi_sd[j] = g.sd;
                }
            }
        }
        ExportResponse::new(
            exports_q,
            rel_elasticity,
            phi,
            phi_sd,
            trade.lag_profile.clone(),
            trade.diversion,
            trade.diversion_sd,
            elasticity,
        )
    }

    /// Number of sectors.
    pub fn n(&self) -> usize {
        self.exports_q.len()
    }

    /// Quarterly exports to the US by sector, KRW bn (2020 prices).
    pub fn exports_q(&self) -> &Array1<f64> {
        &self.exports_q
    }

    /// The same response with every sector's exports to the US scaled by `k` (exposure sensitivity).
    pub fn with_exposure_scale(mut self, k: f64) -> ExportResponse {
        self.exports_q.mapv_inplace(|x| x * k);
        self
    }

    /// The same response with the relative sector elasticities moved from the aggregate: r'_s =
    /// max(0, 1 + k (r_s − 1)) for sectors with an elasticity (k = 0: uniform, k = 2: dispersion
    /// doubled).
    pub fn with_elasticity_dispersion(mut self, k: f64) -> ExportResponse {
        self.rel_elasticity.mapv_inplace(|r| {
            if r == 0.0 {
                0.0
            } else {
                (1.0 + k * (r - 1.0)).max(0.0)
            }
        });
        self
    }

    /// Which sectors are goods (have a trade elasticity): the weights of the goods-only rate.
    pub fn goods_mask(&self) -> Vec<bool> {
        self.rel_elasticity.iter().map(|r| *r > 0.0).collect()
    }

    /// The lag profile w_k (shares of the volume response by quarter after a change).
    pub fn lag_profile(&self) -> &[f64] {
        &self.lag_profile
    }

    /// The aggregate elasticity used.
    pub fn elasticity(&self) -> &ElasticityUsed {
        &self.elasticity
    }

    /// The parameters at their central values.
    pub fn central(&self) -> TradeDraw {
        TradeDraw {
            elasticity: self.elasticity.value,
            phi_z: 0.0,
            diversion: self.diversion,
            wedge_scale: 1.0,
        }
    }

    /// The parameters for standard-normal draws (z_ε, z_φ, z_δ): ε + sd·z_ε floored at 0, the
    /// pass-through shift z_φ, δ + sd·z_δ clamped to [0, 1].
    pub fn draw(&self, z_elasticity: f64, z_phi: f64, z_diversion: f64) -> TradeDraw {
        TradeDraw {
            elasticity: (self.elasticity.value + self.elasticity.sd * z_elasticity).max(0.0),
            phi_z: z_phi,
            diversion: (self.diversion + self.diversion_sd * z_diversion).clamp(0.0, 1.0),
            wedge_scale: 1.0,
        }
    }

    /// Wedges between scenario rates `ts` and baseline rates `tb` (horizon quarters x sectors, %).
    pub fn wedges(&self, ts: &Array2<f64>, tb: &Array2<f64>) -> Wedges {
        // Quarters before the horizon are history: both paths carry the tariffs actually in force, so
        // the wedge is zero there and only differences from the start count.
        let (h, n) = ts.dim();
        assert_eq!(
            (h, n),
            tb.dim(),
            "scenario and baseline rates must share a shape"
        );
        assert_eq!(n, self.n(), "rates must have one column per sector");
        let l = self.lag_profile.len();
        let delta = Array2::from_shape_fn((h, n), |(k, j)| {
            (1.0 + ts[[k, j]] / 100.0).ln() - (1.0 + tb[[k, j]] / 100.0).ln()
        });
        let lagged = Array2::from_shape_fn((h, n), |(k, j)| {
            (0..l.min(k + 1))
                .map(|m| self.lag_profile[m] * delta[[k - m, j]])
                .sum()
        });
        let active: Vec<usize> = (0..n)
            .filter(|&j| self.exports_q[j] != 0.0 && delta.column(j).iter().any(|d| *d != 0.0))
            .collect();
        let steps = active
            .iter()
            .map(|&j| Steps::new(lagged.column(j), delta.column(j)))
            .collect();
        Wedges {
            delta,
            active,
            steps,
        }
    }

    /// Export changes (KRW bn, 2020 prices) for parameters `t`, handed to
    /// `sink(quarter, sector, volume, price)` one term at a time (a sector-quarter may receive several
    /// terms, which add up): `volume` = X [e^{Δln X} − 1] + δ X [1 − e^{Δln X}] (real), `price` =
    /// X e^{Δln X} [e^{Δln P} − 1] (the terms-of-trade part); their sum is the value change ΔE.
    /// `front_loading` is the share of a quarter's exports shipped ahead of a rise in the wedge.
    pub fn changes_with(
        &self,
        w: &Wedges,
        front_loading: Option<f64>,
        t: TradeDraw,
        mut sink: impl FnMut(usize, usize, f64, f64),
    ) {
        let TradeDraw {
            elasticity,
            phi_z,
            diversion,
            wedge_scale,
        } = t;
        let h = w.delta.nrows();
        let mut ev = Vec::with_capacity(h);
        let mut ep = Vec::with_capacity(h);
        for (&j, st) in w.active.iter().zip(&w.steps) {
            let x = self.exports_q[j];
            let phi = (self.phi[j] + self.phi_sd[j] * phi_z).clamp(0.0, 1.0);
            let eps = elasticity * self.rel_elasticity[j];
            // Volume change exp(-ε φ L) and price change exp(-(1 - φ) Δ), once per distinct wedge.
            ev.clear();
            ev.extend(
                st.lagged
                    .iter()
                    .map(|l| (-eps * phi * wedge_scale * l).exp()),
            );
            ep.clear();
            ep.extend(
                st.delta
                    .iter()
                    .map(|d| (-(1.0 - phi) * wedge_scale * d).exp()),
            );
            for (k, (&li, &di)) in st.lagged_at.iter().zip(&st.delta_at).enumerate() {
                let (v, p) = (ev[li], ep[di]);
                // Volume (real): the lost US volume net of what is sold elsewhere; price: the
                // exporters' absorption of the tariff on what they still sell in the US (a terms-of-
                // trade loss: income, not output). Volume + price = the value change.
                sink(
                    k,
                    j,
                    x * (v - 1.0) + diversion * x * (1.0 - v),
                    x * v * (p - 1.0),
                );
            }
            if let Some(share) = front_loading {
                // Shipments are pulled forward only within the horizon (history is not rewritten).
                for k in 1..h {
                    if w.delta[[k, j]] > w.delta[[k - 1, j]] + 1e-12 {
                        sink(k - 1, j, share * x, 0.0);
                        sink(k, j, -share * x, 0.0);
                    }
                }
            }
        }
    }

    /// Export value changes ΔE (horizon quarters x sectors, KRW bn) for parameters `t`.
    pub fn changes(&self, w: &Wedges, front_loading: Option<f64>, t: TradeDraw) -> Array2<f64> {
        let (v, p) = self.changes_split(w, front_loading, t);
        v + p
    }

    /// Volume (real) and price (terms-of-trade) parts of the export changes (horizon quarters x
    /// sectors, KRW bn at 2020 prices).
    pub fn changes_split(
        &self,
        w: &Wedges,
        front_loading: Option<f64>,
        t: TradeDraw,
    ) -> (Array2<f64>, Array2<f64>) {
        let mut dv = Array2::zeros(w.delta.dim());
        let mut dp = Array2::zeros(w.delta.dim());
        self.changes_with(w, front_loading, t, |k, j, v, p| {
            dv[[k, j]] += v;
            dp[[k, j]] += p;
        });
        (dv, dp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn run_length_steps_index_every_quarter() {
        let (vals, at) = runs(array![0.0, 0.1, 0.1, 0.1, 0.05, 0.05].view());
        assert_eq!(vals, vec![0.0, 0.1, 0.05]);
        assert_eq!(at, vec![0, 1, 1, 1, 2, 2]);
        let (vals, at) = runs(array![0.2].view());
        assert_eq!((vals, at), (vec![0.2], vec![0]));
    }

    fn one_sector(phi: f64) -> ExportResponse {
        ExportResponse::new(
            array![100.0, 0.0],
            array![1.0, 1.0],
            array![phi, phi],
            array![0.0, 0.0],
            vec![0.5, 0.5],
            0.0,
            0.0,
            ElasticityUsed {
                value: 2.0,
                sd: 0.0,
                source: "test".into(),
            },
        )
        .unwrap()
    }

    #[test]
    fn a_permanent_tariff_phases_in_along_the_lag_profile() {
        // 10% from the first quarter: Δ = ln 1.1; lagged wedge Δ/2 then Δ; φ = 1, ε = 2:
        // ΔE_0 = 100 (exp(-2·Δ/2) - 1) = 100 (1/1.1 - 1), ΔE_1 = 100 (exp(-2Δ) - 1) = 100 (1/1.21 - 1).
        let r = one_sector(1.0);
        let ts = Array2::from_elem((3, 2), 10.0);
        let tb = Array2::zeros((3, 2));
        let w = r.wedges(&ts, &tb);
        let de = r.changes(&w, None, r.central());
        assert!((de[[0, 0]] - 100.0 * (1.0 / 1.1 - 1.0)).abs() < 1e-12);
        assert!((de[[1, 0]] - 100.0 * (1.0 / 1.21 - 1.0)).abs() < 1e-12);
        assert!((de[[2, 0]] - de[[1, 0]]).abs() < 1e-12);
        // The sector with no exports to the US is inactive.
        assert_eq!(de.column(1).sum(), 0.0);
    }

    #[test]
    fn absorption_lowers_the_export_price_one_for_one_with_the_unpassed_wedge() {
        // φ = 0 with a zero elasticity response: value falls by the price cut exp(-Δ) - 1.
        let r = one_sector(0.0);
        let ts = Array2::from_elem((1, 2), 25.0);
        let de = r.changes(&r.wedges(&ts, &Array2::zeros((1, 2))), None, r.central());
        assert!((de[[0, 0]] - 100.0 * (1.0 / 1.25 - 1.0)).abs() < 1e-12);
    }

    #[test]
    fn front_loading_moves_exports_one_quarter_ahead_of_a_rise() {
        let r = one_sector(1.0);
        let mut ts = Array2::zeros((3, 2));
        ts[[2, 0]] = 10.0;
        let w = r.wedges(&ts, &Array2::zeros((3, 2)));
        let plain = r.changes(&w, None, r.central());
        let fl = r.changes(&w, Some(0.1), r.central());
        assert!((fl[[1, 0]] - plain[[1, 0]] - 10.0).abs() < 1e-12);
        assert!((fl[[2, 0]] - plain[[2, 0]] + 10.0).abs() < 1e-12);
    }

    fn two_sectors() -> ExportResponse {
        ExportResponse::new(
            array![100.0, 50.0, 0.0],
            array![1.5, 0.5, 0.0],
            array![0.8, 0.6, 0.5],
            array![0.1, 0.5, 0.0],
            vec![0.5, 0.3, 0.2],
            0.2,
            0.1,
            ElasticityUsed {
                value: 2.0,
                sd: 0.5,
                source: "test".into(),
            },
        )
        .unwrap()
    }

    #[test]
    fn draws_shift_floor_and_clamp_the_parameters() {
        let r = two_sectors();
        // ε + sd z, the pass-through shift as drawn, δ + sd z.
        let d = r.draw(1.0, 0.7, 1.0);
        assert_eq!(d.elasticity, 2.5);
        assert_eq!(d.phi_z, 0.7);
        assert!((d.diversion - 0.3).abs() < 1e-15);
        assert_eq!(d.wedge_scale, 1.0);
        // ε is floored at 0 (2 - 0.5·10 < 0) and δ clamped to [0, 1] (0.2 ∓ 0.1·10).
        let lo = r.draw(-10.0, 0.0, -10.0);
        assert_eq!((lo.elasticity, lo.diversion), (0.0, 0.0));
        assert_eq!(r.draw(0.0, 0.0, 10.0).diversion, 1.0);
        let c = r.central();
        assert_eq!(
            (c.elasticity, c.phi_z, c.diversion, c.wedge_scale),
            (2.0, 0.0, 0.2, 1.0)
        );
        assert_eq!(r.elasticity().sd, 0.5);
        assert_eq!(r.lag_profile(), &[0.5, 0.3, 0.2]);
        assert_eq!(r.n(), 3);
    }

    #[test]
    fn exposure_and_dispersion_rescale_the_sectors() {
        let r = two_sectors();
        assert_eq!(r.goods_mask(), vec![true, true, false]);
        let s = r.clone().with_exposure_scale(0.5);
        assert_eq!(s.exports_q().to_vec(), vec![50.0, 25.0, 0.0]);
        // r' = max(0, 1 + k (r - 1)); a sector without an elasticity stays at 0.
        let d = r.clone().with_elasticity_dispersion(3.0);
        assert_eq!(d.rel_elasticity.to_vec(), vec![2.5, 0.0, 0.0]);
        assert_eq!(d.goods_mask(), vec![true, false, false]);
        let u = r.with_elasticity_dispersion(0.0);
        assert_eq!(u.rel_elasticity.to_vec(), vec![1.0, 1.0, 0.0]);
    }

    #[test]
    fn volume_and_price_parts_follow_the_hand_derivation_for_a_drawn_path() {
        // Sector 0: 10% from quarter 0; sector 1: 20% from quarter 1, falling to 5% in quarter 3;
        // sector 2 is taxed but ships nothing to the US. Lag profile (0.5, 0.3, 0.2), so the lagged
        // wedges are 0.5Δ, 0.8Δ, Δ after a step. Draw: ε = 2.5, φ_z = 1 (φ = 0.9 and 1.1 → 1),
        // δ = 0.3, half the wedge passed on by the exchange rate (wedge_scale 0.5).
        let r = two_sectors();
        let h = 4;
        let mut ts = Array2::zeros((h, 3));
        let tb = Array2::zeros((h, 3));
        for k in 0..h {
            ts[[k, 0]] = 10.0;
            ts[[k, 2]] = 30.0;
        }
        ts[[1, 1]] = 20.0;
        ts[[2, 1]] = 20.0;
        ts[[3, 1]] = 5.0;
        let w = r.wedges(&ts, &tb);
        assert_eq!(w.quarters(), h);
        assert_eq!(w.delta()[[0, 0]], 1.1f64.ln());
        assert_eq!(w.delta()[[3, 1]], 1.05f64.ln());
        let t = TradeDraw {
            wedge_scale: 0.5,
            ..r.draw(1.0, 1.0, 1.0)
        };
        let (d0, d1, d3) = (1.1f64.ln(), 1.2f64.ln(), 1.05f64.ln());
        let lag0 = [0.5 * d0, 0.8 * d0, d0, d0];
        let lag1 = [0.0, 0.5 * d1, 0.8 * d1, 0.5 * d3 + 0.3 * d1 + 0.2 * d1];
        let (dv, dp) = r.changes_split(&w, None, t);
        for k in 0..h {
            // Sector 0: ε r = 3.75, φ = 0.9.
            let v = (-3.75 * 0.9 * 0.5 * lag0[k]).exp();
            let p = (-(1.0 - 0.9) * 0.5 * d0).exp();
            assert!(
                (dv[[k, 0]] - 100.0 * 0.7 * (v - 1.0)).abs() < 1e-12,
                "volume 0 at {k}"
            );
            assert!(
                (dp[[k, 0]] - 100.0 * v * (p - 1.0)).abs() < 1e-12,
                "price 0 at {k}"
            );
            // Sector 1: ε r = 1.25, φ clamped to 1: no price change.
            let v = (-1.25 * 0.5 * lag1[k]).exp();
            assert!(
                (dv[[k, 1]] - 50.0 * 0.7 * (v - 1.0)).abs() < 1e-12,
                "volume 1 at {k}"
            );
            assert_eq!(dp[[k, 1]], 0.0);
            // Sector 2 ships nothing to the US.
            assert_eq!((dv[[k, 2]], dp[[k, 2]]), (0.0, 0.0));
        }
        let de = r.changes(&w, None, t);
        for k in 0..h {
            for j in 0..3 {
                assert!((de[[k, j]] - dv[[k, j]] - dp[[k, j]]).abs() < 1e-12);
            }
        }
        // Front-loading: a rise in a sector's wedge pulls `share` of its exports one quarter ahead
        // (sector 1 from quarter 1 to 0); sector 0's wedge starts at the horizon (history is not
        // rewritten) and sector 1's fall in quarter 3 pulls nothing.
        let fl = r.changes(&w, Some(0.1), t);
        let diff = &fl - &de;
        assert!((diff[[0, 1]] - 5.0).abs() < 1e-12);
        assert!((diff[[1, 1]] + 5.0).abs() < 1e-12);
        for (k, j) in [(0, 0), (1, 0), (2, 0), (3, 0), (2, 1), (3, 1), (0, 2)] {
            assert_eq!(diff[[k, j]], 0.0, "no front-loading at ({k}, {j})");
        }
    }
}
