//! The export equation: Korea's exports to the US (US-recorded imports from Korea, y/y log change, since
//! the series is not seasonally adjusted) on US import demand, the exchange rate and the tariff wedge
//! Δ4 100·ln(1 + τ_t/100), τ_t the export-weighted effective US tariff on Korean goods. The tariff
//! elasticity (−coefficient on the wedge) is reported with its standard error; it is used by the
//! forecast only when enough quarters of tariff variation identify it, else the literature prior is used.

use serde::Deserialize;

use super::arx::DriverSpec;
use super::covariance::CovType;
use super::ols::{Ols, OlsFit};
use super::timeseries::{build_design, Design, Term, Transform, Variable};
use crate::data::{Dataset, Quarter};
use crate::error::{Error, Result};
use crate::trade::{effective_rates, export_weighted_rate};

/// `[exports.tariff]`: identification rule and the literature prior.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TariffSpec {
    /// Lags of the wedge change.
    pub lags: Vec<usize>,
    /// Quarters with a non-zero wedge change needed to treat the estimate as identified.
    pub min_quarters: usize,
    /// Prior tariff elasticity (positive: % fall in exports per 1 log point of tariff).
    pub prior_elasticity: f64,
    /// Prior standard deviation.
    pub prior_sd: f64,
    /// Source of the prior.
    pub prior_source: String,
}

/// `[exports]` in the model spec.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSpec {
    /// Equation name.
    pub name: String,
    /// Level series of exports to the US.
    pub dependent: String,
    /// Transform of the dependent variable.
    pub transform: Transform,
    /// First quarter of the sample.
    pub sample_start: Quarter,
    /// Last quarter (default: last complete).
    #[serde(default)]
    pub sample_end: Option<Quarter>,
    /// Covariance type.
    pub covariance: String,
    /// Regressors other than the tariff wedge.
    pub regressors: Vec<DriverSpec>,
    /// Tariff wedge settings.
    pub tariff: TariffSpec,
}

/// Which tariff elasticity the forecast uses, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TariffElasticity {
    /// Estimated elasticity (−Σ coefficients on the wedge terms).
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Quarters in the sample with a non-zero wedge change.
    pub quarters_with_variation: usize,
    /// Whether the data identify it (by the spec's rule).
    pub identified: bool,
    /// Value the forecast uses.
    pub used: f64,
    /// Its standard deviation.
    pub used_sd: f64,
    /// `estimated` or `literature prior (SOURCE)`.
    pub source: String,
    /// Plain-words explanation.
    pub note: String,
}

/// The estimated export equation.
#[derive(Debug, Clone)]
pub struct ExportEquation {
    /// Design.
    pub design: Design,
    /// Fit.
    pub fit: OlsFit,
    /// Tariff elasticity decision.
    pub tariff: TariffElasticity,
}

/// Quarterly export-weighted effective tariff (%) over the table's quarters.
pub fn tariff_series(ds: &Dataset) -> Vec<f64> {
    let w = ndarray::Array1::from_iter(ds.exports_to_us.iter().map(|e| e.exports_to_us_krw_bn));
    ds.macro_q
        .quarters
        .iter()
        .map(|q| export_weighted_rate(&effective_rates(&ds.tariffs, &ds.io.sectors, *q), &w))
        .collect()
}

impl ExportEquation {
    /// Estimate on the dataset; `file` names the spec in errors.
    pub fn estimate(ds: &Dataset, spec: &ExportSpec, file: &str) -> Result<ExportEquation> {
        let cov = CovType::parse(&spec.covariance).ok_or_else(|| {
            Error::spec(
                file,
                None,
                "exports.covariance",
                format!("unknown covariance `{}`", spec.covariance),
            )
        })?;
        if spec.tariff.lags.is_empty() {
            return Err(Error::spec(
                file,
                None,
                "exports.tariff.lags",
                "expected at least one lag",
            ));
        }
        let t = &ds.macro_q;
        let y = Variable::from_table(
            t,
            &spec.dependent,
            spec.transform,
            &spec.name,
            file,
            "exports.dependent",
        )?;
        let mut vars = Vec::new();
        let mut terms = Vec::new();
        for (i, r) in spec.regressors.iter().enumerate() {
            vars.push(Variable::from_table(
                t,
                &r.series,
                r.transform,
                &r.name,
                file,
                &format!("exports.regressors[{}].series", i + 1),
            )?);
            terms.extend(r.lags.iter().map(|&lag| Term { var: i, lag }));
        }
        let wedge_level: Vec<Option<f64>> = tariff_series(ds)
            .iter()
            .map(|tau| Some(100.0 * (1.0 + tau / 100.0).ln()))
            .collect();
        let step = if spec.transform == Transform::Dlog100Yoy {
            4
        } else {
            1
        };
        let wedge: Vec<Option<f64>> = (0..wedge_level.len())
            .map(|i| {
                i.checked_sub(step)
                    .map(|j| wedge_level[i].unwrap_or(0.0) - wedge_level[j].unwrap_or(0.0))
            })
            .collect();
        let wi = vars.len();
        vars.push(Variable {
            name: "tariff_wedge".into(),
            values: wedge,
        });
        terms.extend(spec.tariff.lags.iter().map(|&lag| Term { var: wi, lag }));
        let build = |terms: &[Term]| {
            build_design(
                &t.quarters,
                &y,
                &vars,
                terms,
                spec.sample_start,
                spec.sample_end,
            )
            .map_err(|e| Error::spec(file, None, "exports.sample_start", e))
        };
        let mut design = build(&terms)?;
        let k = design.names.len();
        let wcols: Vec<usize> = (k - spec.tariff.lags.len()..k).collect();
        let variation = (0..design.y.len())
            .filter(|&i| wcols.iter().any(|&c| design.x[[i, c]].abs() > 1e-12))
            .count();
        // No tariff variation at all in the sample (e.g. data cut before 2025): the wedge column is
        // zero and not identified; fit without it and use the prior.
        let no_variation = variation == 0;
        if no_variation {
            design = build(&terms[..terms.len() - spec.tariff.lags.len()])?;
        }
        cov.check_lags(design.y.len(), file, "exports.covariance")?;
        let fit = Ols::new(cov).fit(&spec.name, design.y.view(), design.x.view(), &design.names)?;
        let (estimate, std_error) = if no_variation {
            (f64::NAN, f64::NAN)
        } else {
            let estimate = -wcols
                .iter()
                .map(|&c| fit.coefficients[c].estimate)
                .sum::<f64>();
            let var: f64 = wcols
                .iter()
                .flat_map(|&a| wcols.iter().map(move |&b| (a, b)))
                .map(|(a, b)| fit.cov_params[[a, b]])
                .sum();
            (estimate, var.sqrt())
        };
        let identified = variation >= spec.tariff.min_quarters && std_error.is_finite();
        let (used, used_sd, source, note) = if identified {
            (
                estimate,
                std_error,
                "estimated".to_string(),
                format!("estimated from {variation} quarters of tariff variation"),
            )
        } else {
            (
                spec.tariff.prior_elasticity,
                spec.tariff.prior_sd,
                format!("literature prior ({})", spec.tariff.prior_source),
                if no_variation {
                    format!(
                        "not identified: no tariff variation in the sample (the wedge is dropped from the equation); \
                         the forecast uses the literature prior {:.2} (sd {:.2})",
                        spec.tariff.prior_elasticity, spec.tariff.prior_sd
                    )
                } else {
                    format!(
                        "not identified: only {variation} quarters of tariff variation in the sample (rule: at least {}); \
                         the estimate {estimate:.2} (s.e. {std_error:.2}) is shown but the forecast uses the literature prior {:.2} (sd {:.2})",
                        spec.tariff.min_quarters, spec.tariff.prior_elasticity, spec.tariff.prior_sd
                    )
                },
            )
        };
        Ok(ExportEquation {
            design,
            fit,
            tariff: TariffElasticity {
                estimate,
                std_error,
                quarters_with_variation: variation,
                identified,
                used,
                used_sd,
                source,
                note,
            },
        })
    }

    /// The estimation sample as "start-end".
    pub fn sample(&self) -> String {
        format!(
            "{}-{}",
            self.design.quarters[0],
            self.design.quarters[self.design.quarters.len() - 1]
        )
    }
}
