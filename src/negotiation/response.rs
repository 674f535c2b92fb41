//! The US response: the headline tariff the US is expected to set on Korean goods for a concession mix,
//! with uncertainty, calibrated on the 2025 deals (data/us_deals_2025.csv).
//!
//! τ(c) = max(floor, floor + b₀·1{US deficit} + b₁·(F(P) − floor) + b₂·credit(I) − o·m), where
//! F(P) = max(floor, s·(deficit − P)/imports) is the April 2025 "reciprocal" formula (s = 50: half the
//! bilateral goods deficit over US imports, floor 10%) with annual purchases of US goods P shrinking the
//! deficit, credit(I) = 1 − exp(−100·I/imports/κ) a saturating credit for investment pledges I (shipbuilding
//! included; defence cost-sharing too when security is linked to trade), and m the market-opening share.
//! b₀, b₁, b₂ are estimated by OLS on the deals; the residual s.d. is the response's uncertainty.

use serde::Deserialize;

use crate::data::Deal;
use crate::econometrics::{CovType, Ols, OlsFit};
use crate::error::{Error, Result};

/// models/us_response.toml.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Tariff floor, % (10: the universal baseline).
    pub floor_pct: f64,
    /// Scale s of the reciprocal formula (50 = half the deficit ratio).
    pub formula_scale: f64,
    /// Years over which a purchase pledge with no stated period is spread.
    pub default_purchase_years: f64,
    /// Saturation κ of the investment credit, % of US imports from the partner.
    pub credit_kappa_pct: f64,
    /// Tariff points conceded per unit of market opening (share 0..1).
    pub opening_credit_pct: f64,
    /// Whether defence cost-sharing counts toward the deal ("one-stop shopping").
    pub link_defence: bool,
    /// Years of defence payments counted as a pledge when linked.
    pub defence_years: f64,
    /// Probability that a deal does not hold.
    pub p_deal_fails: f64,
    /// Rate applied if the deal fails, %.
    pub no_deal_rate_pct: f64,
    /// Data measure (tariff_measures.csv) giving the coverage of the headline rate.
    pub headline_coverage: String,
    /// Reporting groups that also get the headline rate (e.g. autos under the deals).
    pub headline_groups: Vec<String>,
    /// Data measure whose coverage is not negotiable (e.g. Section 232 steel).
    pub non_negotiable_measure: String,
    /// Rate on the non-negotiable coverage, %.
    pub non_negotiable_rate_pct: f64,
    /// Partner whose trade the mix applies to (row of us_deals_2025.csv).
    pub partner: String,
}

/// The calibrated response.
#[derive(Debug, Clone)]
pub struct UsResponse {
    /// The spec.
    pub spec: ResponseSpec,
    /// Where the spec came from (file label or `built in code`).
    pub origin: String,
    /// Calibration fit (coefficients b₀, b₁, b₂ with standard errors).
    pub fit: OlsFit,
    /// Partners used and their (actual, fitted) deal rates, %.
    pub calibration: Vec<(String, f64, f64)>,
    /// Residual standard deviation, tariff points.
    pub sigma: f64,
    /// Partner's US imports and exports, USD bn (2024).
    pub imports: f64,
    /// US exports to the partner.
    pub exports: f64,
}

impl ResponseSpec {
    /// Check the ranges of a spec read from `file` (or built in code).
    pub fn check(self, file: &str) -> Result<ResponseSpec> {
        let spec = self;
        for (k, v, lo, hi) in [
            ("floor_pct", spec.floor_pct, 0.0, 500.0),
            ("no_deal_rate_pct", spec.no_deal_rate_pct, 0.0, 500.0),
            (
                "non_negotiable_rate_pct",
                spec.non_negotiable_rate_pct,
                0.0,
                500.0,
            ),
            ("p_deal_fails", spec.p_deal_fails, 0.0, 1.0),
            ("formula_scale", spec.formula_scale, 0.0, 1000.0),
            ("credit_kappa_pct", spec.credit_kappa_pct, 1e-6, 1e6),
            (
                "default_purchase_years",
                spec.default_purchase_years,
                1e-6,
                100.0,
            ),
            ("defence_years", spec.defence_years, 0.0, 100.0),
            ("opening_credit_pct", spec.opening_credit_pct, 0.0, 100.0),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err(Error::spec(
                    file,
                    None,
                    k,
                    format!("{v} is outside [{lo}, {hi}]"),
                ));
            }
        }
        Ok(spec)
    }

    /// The reciprocal formula F(P), %.
    fn formula(&self, deficit: f64, imports: f64, purchases: f64) -> f64 {
        self.floor_pct
            .max(self.formula_scale * (deficit - purchases) / imports)
    }

    /// The saturating investment credit, 0..1.
    fn credit(&self, pledge: f64, imports: f64) -> f64 {
        1.0 - (-100.0 * pledge / imports / self.credit_kappa_pct).exp()
    }
}

impl UsResponse {
    /// Calibrate a checked response spec (see [`ResponseSpec::check`]) on the deals; `file` names the
    /// spec in errors.
    pub fn calibrate(spec: ResponseSpec, file: &str, deals: &[Deal]) -> Result<UsResponse> {
        let spec = spec.check(file)?;
        let partner = deals
            .iter()
            .find(|d| d.partner == spec.partner)
            .ok_or_else(|| {
                Error::spec(
                    file,
                    None,
                    "partner",
                    format!("`{}` is not in us_deals_2025.csv", spec.partner),
                )
            })?;
        let (imports, exports) = match (partner.us_imports_usd_bn, partner.us_exports_usd_bn) {
            (Some(i), Some(e)) if i > 0.0 => (i, e),
            _ => {
                return Err(Error::spec(
                    file,
                    None,
                    "partner",
                    format!("`{}` has no 2024 trade figures", spec.partner),
                ))
            }
        };
        let used: Vec<&Deal> = deals
            .iter()
            .filter(|d| {
                d.us_imports_usd_bn.is_some_and(|i| i > 0.0) && d.us_exports_usd_bn.is_some()
            })
            .collect();
        let n = used.len();
        let mut x = ndarray::Array2::zeros((n, 3));
        let mut y = ndarray::Array1::zeros(n);
        for (i, d) in used.iter().enumerate() {
            let (imp, exp) = (
                d.us_imports_usd_bn.unwrap_or(1.0),
                d.us_exports_usd_bn.unwrap_or(0.0),
            );
            let years = d.purchase_years.unwrap_or(spec.default_purchase_years);
            let f = spec.formula(imp - exp, imp, d.purchases_usd_bn / years);
            x[[i, 0]] = if imp > exp { 1.0 } else { 0.0 };
            x[[i, 1]] = f - spec.floor_pct;
            x[[i, 2]] = spec.credit(d.investment_usd_bn, imp);
            y[i] = d.deal_rate_pct - spec.floor_pct;
        }
        let names = [
            "deficit_partner",
            "formula_above_floor",
            "investment_credit",
        ]
        .map(String::from);
        let fit = Ols::new(CovType::Classical).fit(
            "deal_rate_above_floor",
            y.view(),
            x.view(),
            &names,
        )?;
        let calibration = used
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    d.partner.clone(),
                    d.deal_rate_pct,
                    spec.floor_pct + fit.fitted[i],
                )
            })
            .collect();
        Ok(UsResponse {
            origin: file.to_string(),
            sigma: fit.sigma,
            spec,
            fit,
            calibration,
            imports,
            exports,
        })
    }

    /// Expected headline rate (%) for annual purchases P (USD bn/yr), pledges I (USD bn, incl.
    /// shipbuilding and, when linked, defence) and market opening m (0..1), before uncertainty.
    pub fn rate(&self, purchases: f64, pledges: f64, opening: f64) -> f64 {
        self.unclamped_rate(purchases, pledges, opening)
            .max(self.spec.floor_pct)
    }

    /// The calibration's regressors for a mix: (1{US deficit}, F(P) − floor, credit(I)).
    pub fn regressors(&self, purchases: f64, pledges: f64) -> [f64; 3] {
        let deficit = self.imports - self.exports;
        let f = self.spec.formula(deficit, self.imports, purchases);
        [
            if deficit > 0.0 { 1.0 } else { 0.0 },
            f - self.spec.floor_pct,
            self.spec.credit(pledges, self.imports),
        ]
    }

    /// The fitted rate before the floor: floor + b̂·x − o·m, %.
    pub fn unclamped_rate(&self, purchases: f64, pledges: f64, opening: f64) -> f64 {
        let x = self.regressors(purchases, pledges);
        self.spec.floor_pct
            + self
                .fit
                .coefficients
                .iter()
                .zip(x)
                .map(|(c, x)| c.estimate * x)
                .sum::<f64>()
            - self.spec.opening_credit_pct * opening
    }

    /// Predictive standard deviation of the rate for a mix, tariff points: √(xᵀ V x + σ²), V the
    /// calibration's coefficient covariance (parameter uncertainty) and σ the residual s.d. (what a
    /// partner-specific negotiation adds); the standard OLS prediction interval's scale.
    pub fn rate_sd(&self, purchases: f64, pledges: f64) -> f64 {
        let x = self.regressors(purchases, pledges);
        let v = &self.fit.cov_params;
        let mut q = 0.0;
        for i in 0..3 {
            for j in 0..3 {
                q += x[i] * v[[i, j]] * x[j];
            }
        }
        (q.max(0.0) + self.sigma * self.sigma).sqrt()
    }

    /// The rate for coefficients `b`, regressors `x`, residual `e` (points) and opening m:
    /// max(floor, floor + b·x + e − o·m), %.
    pub fn rate_with(&self, b: &[f64; 3], x: &[f64; 3], e: f64, opening: f64) -> f64 {
        (self.spec.floor_pct + b[0] * x[0] + b[1] * x[1] + b[2] * x[2] + e
            - self.spec.opening_credit_pct * opening)
            .max(self.spec.floor_pct)
    }

    /// `n` joint draws of the response from a ChaCha8 stream seeded with `seed`: coefficients
    /// b̂ + C z (C the Cholesky factor of the coefficient covariance) and the residual σ z₄.
    pub fn draws(&self, n: usize, seed: u64) -> Result<Vec<([f64; 3], f64)>> {
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let c = crate::linalg::psd_cholesky(self.fit.cov_params.view())?;
        let b: Vec<f64> = self.fit.coefficients.iter().map(|c| c.estimate).collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(0x5553_5245_5350); // "USRESP": apart from the forecast's path streams
        Ok((0..n)
            .map(|_| {
                let z: [f64; 4] = std::array::from_fn(|_| StandardNormal.sample(&mut rng));
                let mut bk = [0.0; 3];
                for i in 0..3 {
                    bk[i] = b[i] + (0..=i).map(|j| c[[i, j]] * z[j]).sum::<f64>();
                }
                (bk, self.sigma * z[3])
            })
            .collect())
    }

    /// The rate for a standard-normal draw z of the response: max(floor, unclamped + sd·z), %.
    pub fn rate_draw(&self, purchases: f64, pledges: f64, opening: f64, z: f64) -> f64 {
        (self.unclamped_rate(purchases, pledges, opening) + self.rate_sd(purchases, pledges) * z)
            .max(self.spec.floor_pct)
    }

    /// Root mean squared error of the calibration (tariff points).
    pub fn rmse(&self) -> f64 {
        (self
            .calibration
            .iter()
            .map(|(_, a, f)| (a - f).powi(2))
            .sum::<f64>()
            / self.calibration.len() as f64)
            .sqrt()
    }
}
