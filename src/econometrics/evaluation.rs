//! The rolling-origin backtest of the GDP baseline as a user would have run it (issue #12): at each
//! origin from `backtest.first_origin` the model is re-estimated on data up to the origin only, its
//! drivers (if any) are forecast too unless `backtest.drivers = "realised"`, and its forecasts and
//! predictive bands are scored against the outcomes, next to four benchmarks on the same targets: an
//! expanding-sample AR(1) with a constant, the random walk, the historical mean and the 20-quarter
//! rolling mean. Scores: RMSE, MAE, mean error (actual − forecast), Diebold–Mariano with the HLN
//! correction, coverage of the central 50% and 90% bands, Brier score of P(growth < 0) and its skill
//! against the historical base rate, and the PIT histogram.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use statrs::distribution::{ContinuousCDF, Normal};

use super::arx::{BacktestRow, BacktestSpec, GdpMethod, GdpModel};
use super::backtest::{brier, diebold_mariano, mae, rmse};
use super::local_mean::LocalMeanFit;
use crate::data::Quarter;
use crate::error::Result;

/// A benchmark's point forecast from origin index and horizon.
type Benchmark<'a> = Box<dyn Fn(usize, usize) -> f64 + 'a>;

/// Name of the 20-quarter rolling-mean benchmark (JSON contract).
pub const ROLLING_MEAN_20: &str = "rolling_mean_20";

/// One forecast of one model for one origin and horizon.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OriginForecast {
    /// Model name (as in [`BacktestRow::model`]).
    pub model: String,
    /// Origin: the last quarter of data used.
    pub origin: Quarter,
    /// Horizon h (quarters).
    pub horizon: usize,
    /// Target quarter origin + h.
    pub target: Quarter,
    /// Point forecast (log points q/q; the predictive mean for the model).
    pub forecast: f64,
    /// Outcome (log points q/q).
    pub actual: f64,
    /// actual − forecast.
    pub error: f64,
    /// Predictive 5%, 25%, 75% and 95% quantiles (models with bands).
    pub quantiles: Option<[f64; 4]>,
    /// Predictive P(growth < 0).
    pub p_negative: Option<f64>,
    /// Probability integral transform: predictive P(growth ≤ actual).
    pub pit: Option<f64>,
}

/// The PIT histogram of one horizon: ten equal bins on [0, 1].
#[derive(Debug, Clone, serde::Serialize)]
pub struct PitHistogram {
    /// Horizon (quarters).
    pub horizon: usize,
    /// Counts per decile bin.
    pub counts: Vec<usize>,
    /// Mean PIT (0.5 if calibrated).
    pub mean: f64,
    /// Standard deviation of the PIT (0.289 if uniform).
    pub sd: f64,
}

/// Scores, per-origin forecasts and PIT histograms.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// One row per model and horizon, the headwind model first.
    pub rows: Vec<BacktestRow>,
    /// Every forecast of every model.
    pub forecasts: Vec<OriginForecast>,
    /// PIT histograms of the headwind model.
    pub pit: Vec<PitHistogram>,
    /// Name of the headwind model.
    pub model: &'static str,
}

/// Predictive summaries of one density forecast.
struct Density {
    q: [f64; 4],
    p_neg: f64,
    pit: f64,
}

/// Quantile (p in 0..1) with linear interpolation of a sorted sample (numpy's default, type 7).
fn q7(sorted: &[f64], p: f64) -> f64 {
    crate::forecast::quantile_sorted(sorted, 100.0 * p)
}

/// Simulate the local-mean model's predictive distribution `h_max` quarters ahead: `paths` paths with
/// parameter draws and mixture shocks from the stream (`seed`, `stream`). Returns the sorted draws
/// per horizon (log points q/q).
pub fn simulate_local_mean(
    fit: &LocalMeanFit,
    h_max: usize,
    paths: usize,
    seed: u64,
    stream: u64,
) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    let mut out = vec![Vec::with_capacity(paths); h_max];
    for _ in 0..paths {
        let z1: f64 = StandardNormal.sample(&mut rng);
        let z2: f64 = StandardNormal.sample(&mut rng);
        let z3: f64 = StandardNormal.sample(&mut rng);
        let d = fit.draw(z1, z2, z3);
        let shocks: Vec<f64> = (0..h_max)
            .map(|_| {
                let (u, v): (f64, f64) = (rng.random(), rng.random());
                fit.shock(u, v)
            })
            .collect();
        for (col, v) in out.iter_mut().zip(fit.path(&d, &shocks)) {
            col.push(v);
        }
    }
    for col in out.iter_mut() {
        col.sort_by(f64::total_cmp);
    }
    out
}

fn density_of(sorted: &[f64], actual: f64) -> Density {
    let n = sorted.len() as f64;
    Density {
        q: [
            q7(sorted, 0.05),
            q7(sorted, 0.25),
            q7(sorted, 0.75),
            q7(sorted, 0.95),
        ],
        p_neg: sorted.partition_point(|v| *v < 0.0) as f64 / n,
        pit: sorted.partition_point(|v| *v <= actual) as f64 / n,
    }
}

/// Run the backtest `bt` of the estimated GDP model. `file` names the model spec in errors.
pub fn evaluate(gdp: &GdpModel, bt: &BacktestSpec, file: &str) -> Result<Evaluation> {
    bt.check(file)?;
    let (quarters, y) = gdp.history();
    let start = gdp.spec.sample_start;
    let i0 = quarters.iter().position(|q| *q == start).ok_or_else(|| {
        crate::error::Error::spec(
            file,
            None,
            "gdp.sample_start",
            format!("{start} is not in the data"),
        )
    })?;
    let last = y
        .iter()
        .rposition(|v| v.is_some())
        .ok_or_else(|| crate::error::Error::Request("no GDP growth data".into()))?;
    let yv = |i: usize| y[i].unwrap_or(f64::NAN);
    let io0 = quarters
        .iter()
        .position(|q| *q == bt.first_origin)
        .filter(|i| *i > i0 && *i < last)
        .ok_or_else(|| {
            crate::error::Error::spec(
                file,
                None,
                "backtest.first_origin",
                format!(
                    "{} must lie inside the GDP sample {start}..{}",
                    bt.first_origin, quarters[last]
                ),
            )
        })?;
    if i0 == 0 || io0 + 1 < 20 {
        return Err(crate::error::Error::spec(
            file,
            None,
            "backtest.first_origin",
            "the benchmarks need a lag before gdp.sample_start and 20 quarters before the first origin",
        ));
    }
    let h_max = *bt.horizons.iter().max().expect("checked non-empty");
    let method = gdp.spec.method;
    let model = method.name();
    // The headwind model's forecasts: (origin index, horizon) -> (forecast, density).
    let mut model_fc: Vec<(usize, usize, f64, Option<Density>)> = Vec::new();
    match method {
        GdpMethod::LocalMean => {
            for o in io0..last {
                let fit = LocalMeanFit::estimate(
                    quarters,
                    y,
                    start,
                    quarters[o],
                    &gdp.spec.local_mean,
                    file,
                )?;
                let sims =
                    simulate_local_mean(&fit, h_max, bt.paths, bt.seed, quarters[o].index() as u64);
                let point = fit.point(h_max);
                for &h in &bt.horizons {
                    if o + h > last {
                        continue;
                    }
                    let d = density_of(&sims[h - 1], yv(o + h));
                    model_fc.push((o, h, point[h - 1], Some(d)));
                }
            }
        }
        GdpMethod::Arx => {
            let norm = Normal::new(0.0, 1.0).expect("standard normal");
            let zq = [
                -1.6448536269514722,
                -0.6744897501960817,
                0.6744897501960817,
                1.6448536269514722,
            ];
            for &h in &bt.horizons {
                let r = gdp.rolling(&gdp.config, h, bt.first_origin, None, bt.drivers)?;
                for k in 0..r.origins.len() {
                    let o = quarters
                        .iter()
                        .position(|q| *q == r.origins[k])
                        .expect("design quarters are table quarters");
                    let (m, s) = (r.forecast[k], r.sd[k]);
                    let d = Density {
                        q: zq.map(|z| m + s * z),
                        p_neg: norm.cdf(-m / s),
                        pit: norm.cdf((r.actual[k] - m) / s),
                    };
                    model_fc.push((o, h, m, Some(d)));
                }
            }
        }
    }
    // Benchmarks on the same (origin, horizon) pairs.
    let ar1_path = |o: usize, h: usize| -> f64 {
        let pairs: Vec<(f64, f64)> = (i0..=o).map(|t| (yv(t - 1), yv(t))).collect();
        let nf = pairs.len() as f64;
        let (mx, my) = pairs
            .iter()
            .fold((0.0, 0.0), |a, (x, y)| (a.0 + x / nf, a.1 + y / nf));
        let sxx: f64 = pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum();
        let sxy: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let b = sxy / sxx;
        let a = my - b * mx;
        let mut f = yv(o);
        for _ in 0..h {
            f = a + b * f;
        }
        f
    };
    let mean_of = |lo: usize, hi: usize| (lo..=hi).map(yv).sum::<f64>() / (hi + 1 - lo) as f64;
    let benches: [(&str, Benchmark); 4] = [
        ("ar1", Box::new(ar1_path)),
        ("random_walk", Box::new(|o, _| yv(o))),
        ("mean", Box::new(move |o, _| mean_of(i0, o))),
        (
            ROLLING_MEAN_20,
            Box::new(move |o, _| mean_of(o + 1 - 20, o)),
        ),
    ];
    let mut forecasts = Vec::new();
    let mut rows = Vec::new();
    let mut pit = Vec::new();
    for &h in &bt.horizons {
        let fc: Vec<&(usize, usize, f64, Option<Density>)> =
            model_fc.iter().filter(|f| f.1 == h).collect();
        if fc.len() < 3 {
            return Err(crate::error::Error::Request(format!(
                "backtest: only {} {h}-quarter-ahead targets after {}; at least 3 are needed",
                fc.len(),
                bt.first_origin
            )));
        }
        let actual: Vec<f64> = fc.iter().map(|f| yv(f.0 + h)).collect();
        let neg: Vec<bool> = actual.iter().map(|a| *a < 0.0).collect();
        let base: Vec<f64> = fc
            .iter()
            .map(|f| (i0..=f.0).filter(|t| yv(*t) < 0.0).count() as f64 / (f.0 + 1 - i0) as f64)
            .collect();
        let e_model: Vec<f64> = fc.iter().zip(&actual).map(|(f, a)| a - f.2).collect();
        let dens: Vec<&Density> = fc.iter().filter_map(|f| f.3.as_ref()).collect();
        let n = fc.len() as f64;
        let cover = |lo: usize, hi: usize| {
            dens.iter()
                .zip(&actual)
                .filter(|(d, a)| d.q[lo] <= **a && **a <= d.q[hi])
                .count() as f64
                / n
        };
        let p: Vec<f64> = dens.iter().map(|d| d.p_neg).collect();
        let b_model = brier(&p, &neg);
        let b_base = brier(&base, &neg);
        rows.push(BacktestRow {
            model: model.to_string(),
            role: "model",
            horizon: h,
            n: fc.len(),
            rmse: rmse(&e_model),
            mae: mae(&e_model),
            mean_error: e_model.iter().sum::<f64>() / n,
            dm_stat: None,
            dm_p_value: None,
            coverage_50: Some(cover(1, 2)),
            coverage_90: Some(cover(0, 3)),
            brier: Some(b_model),
            brier_base_rate: Some(b_base),
            brier_skill: (b_base > 0.0).then(|| 1.0 - b_model / b_base),
        });
        let pits: Vec<f64> = dens.iter().map(|d| d.pit).collect();
        let mut counts = vec![0usize; 10];
        for v in &pits {
            counts[((v * 10.0) as usize).min(9)] += 1;
        }
        let pm = pits.iter().sum::<f64>() / n;
        let psd = (pits.iter().map(|v| (v - pm).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        pit.push(PitHistogram {
            horizon: h,
            counts,
            mean: pm,
            sd: psd,
        });
        for (f, a) in fc.iter().zip(&actual) {
            let d = f.3.as_ref();
            forecasts.push(OriginForecast {
                model: model.to_string(),
                origin: quarters[f.0],
                horizon: h,
                target: quarters[f.0 + h],
                forecast: f.2,
                actual: *a,
                error: a - f.2,
                quantiles: d.map(|d| d.q),
                p_negative: d.map(|d| d.p_neg),
                pit: d.map(|d| d.pit),
            });
        }
        for (name, f) in &benches {
            let pts: Vec<f64> = fc.iter().map(|x| f(x.0, h)).collect();
            let e: Vec<f64> = actual.iter().zip(&pts).map(|(a, p)| a - p).collect();
            let dm = diebold_mariano(&e_model, &e, h).ok();
            rows.push(BacktestRow {
                model: name.to_string(),
                role: "benchmark",
                horizon: h,
                n: e.len(),
                rmse: rmse(&e),
                mae: mae(&e),
                mean_error: e.iter().sum::<f64>() / n,
                dm_stat: dm.map(|d| d.statistic),
                dm_p_value: dm.map(|d| d.p_value),
                coverage_50: None,
                coverage_90: None,
                brier: None,
                brier_base_rate: None,
                brier_skill: None,
            });
            for ((x, a), p) in fc.iter().zip(&actual).zip(&pts) {
                forecasts.push(OriginForecast {
                    model: name.to_string(),
                    origin: quarters[x.0],
                    horizon: h,
                    target: quarters[x.0 + h],
                    forecast: *p,
                    actual: *a,
                    error: a - p,
                    quantiles: None,
                    p_negative: None,
                    pit: None,
                });
            }
        }
    }
    Ok(Evaluation {
        rows,
        forecasts,
        pit,
        model,
    })
}
