//! Sobol sensitivity indices from Saltelli's sample: first-order indices by Saltelli et al.
//! (2010)'s estimator, S_i = mean(f_B (f_ABi − f_A)) / V, and total indices by Jansen (1999)'s,
//! ST_i = mean((f_A − f_ABi)²) / (2 V), V the variance of f_A and f_B pooled — the estimators of
//! SALib's `sobol.analyze` (checked against it in `tests/sweep.rs`) — with bootstrap confidence
//! intervals: the base rows resampled with replacement, the interval ± z(0.975) × the bootstrap
//! standard deviation (SALib's convention) and the 2.5–97.5% percentiles.

use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::error::{Error, Result};

/// One input's indices.
#[derive(Debug, Clone, Serialize)]
pub struct SobolIndex {
    /// Input name.
    pub name: String,
    /// First-order index S_i (share of the output variance from the input alone).
    pub first_order: f64,
    /// Half-width of its 95% interval (1.96 × bootstrap s.d.).
    pub first_order_conf: f64,
    /// Bootstrap 2.5% and 97.5% percentiles.
    pub first_order_interval: (f64, f64),
    /// Total index ST_i (share with all its interactions).
    pub total_order: f64,
    /// Half-width of its 95% interval.
    pub total_order_conf: f64,
    /// Bootstrap 2.5% and 97.5% percentiles.
    pub total_order_interval: (f64, f64),
}

/// Sobol indices of one output.
#[derive(Debug, Clone, Serialize)]
pub struct SobolReport {
    /// The output analysed.
    pub output: String,
    /// Base sample size N (runs N (k + 2)).
    pub base_samples: usize,
    /// Bootstrap resamples.
    pub bootstrap: usize,
    /// Bootstrap seed.
    pub seed: u64,
    /// Output variance (pooled A and B).
    pub variance: f64,
    /// Per input.
    pub indices: Vec<SobolIndex>,
}

/// First-order and total indices of a Saltelli-ordered output vector `y` (per base row: A, AB_1
/// ... AB_k, B) restricted to base rows `rows`.
pub fn jansen(y: &[f64], k: usize, rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let w = k + 2;
    let a = |r: usize| y[r * w];
    let b = |r: usize| y[r * w + k + 1];
    let ab = |r: usize, i: usize| y[r * w + 1 + i];
    let n = rows.len() as f64;
    let pooled: Vec<f64> = rows.iter().flat_map(|&r| [a(r), b(r)]).collect();
    let mean = pooled.iter().sum::<f64>() / pooled.len() as f64;
    let var = pooled.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / pooled.len() as f64;
    let s1 = (0..k)
        .map(|i| rows.iter().map(|&r| b(r) * (ab(r, i) - a(r))).sum::<f64>() / n / var)
        .collect();
    let st = (0..k)
        .map(|i| rows.iter().map(|&r| (a(r) - ab(r, i)).powi(2)).sum::<f64>() / n / (2.0 * var))
        .collect();
    (s1, st)
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    crate::forecast::quantile_sorted(&v, p)
}

fn sd(v: &[f64]) -> f64 {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0).max(1.0)).sqrt()
}

/// Sobol indices of output `y` (Saltelli order) for inputs `names`, with `bootstrap` resamples
/// drawn with `seed`. The output is standardised first (as SALib does: the indices are
/// scale-free, the arithmetic better conditioned).
pub fn sobol_indices(
    output: &str,
    y: &[f64],
    names: &[String],
    bootstrap: usize,
    seed: u64,
) -> Result<SobolReport> {
    let k = names.len();
    if bootstrap < 2 {
        return Err(Error::Request(format!(
            "{bootstrap} bootstrap resamples: the intervals need at least 2 (1,000 is usual)"
        )));
    }
    if k == 0 || y.len() % (k + 2) != 0 || y.len() < 2 * (k + 2) {
        return Err(Error::Request(format!(
            "Sobol indices need a Saltelli sample of N (k + 2) runs with N >= 2 (k = {k}); got {} runs",
            y.len()
        )));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("output `{output}` is not finite at run {}", i + 1),
        ));
    }
    let n = y.len() / (k + 2);
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let scale = sd(y);
    if scale.is_nan() || scale <= 1e-14 * mean.abs().max(1e-300) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("output `{output}` does not vary over the design: no variance to apportion"),
        ));
    }
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / scale).collect();
    let all: Vec<usize> = (0..n).collect();
    let (s1, st) = jansen(&z, k, &all);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut b1 = vec![Vec::with_capacity(bootstrap); k];
    let mut bt = vec![Vec::with_capacity(bootstrap); k];
    for _ in 0..bootstrap {
        let rows: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
        let (a, b) = jansen(&z, k, &rows);
        for i in 0..k {
            b1[i].push(a[i]);
            bt[i].push(b[i]);
        }
    }
    let zq = 1.959963984540054;
    let pooled: Vec<f64> = (0..n)
        .flat_map(|r| [y[r * (k + 2)], y[r * (k + 2) + k + 1]])
        .collect();
    let pm = pooled.iter().sum::<f64>() / pooled.len() as f64;
    let variance = pooled.iter().map(|v| (v - pm).powi(2)).sum::<f64>() / pooled.len() as f64;
    let indices = (0..k)
        .map(|i| {
            let ci = |v: &[f64]| {
                if v.is_empty() {
                    (f64::NAN, f64::NAN)
                } else {
                    (percentile(v.to_vec(), 2.5), percentile(v.to_vec(), 97.5))
                }
            };
            SobolIndex {
                name: names[i].clone(),
                first_order: s1[i],
                first_order_conf: if bootstrap > 1 {
                    zq * sd(&b1[i])
                } else {
                    f64::NAN
                },
                first_order_interval: ci(&b1[i]),
                total_order: st[i],
                total_order_conf: if bootstrap > 1 {
                    zq * sd(&bt[i])
                } else {
                    f64::NAN
                },
                total_order_interval: ci(&bt[i]),
            }
        })
        .collect();
    Ok(SobolReport {
        output: output.to_string(),
        base_samples: n,
        bootstrap,
        seed,
        variance,
        indices,
    })
}

impl SobolReport {
    /// The text table.
    pub fn summary(&self) -> String {
        let mut t = crate::report::Table::new(
            format!(
                "Sobol indices of {} (N = {}, {} runs; 95% intervals from {} bootstrap resamples, seed {})",
                self.output,
                self.base_samples,
                self.base_samples * (self.indices.len() + 2),
                self.bootstrap,
                self.seed
            ),
            &[
                ("input", crate::report::Align::Left),
                ("S1", crate::report::Align::Right),
                ("S1 95%", crate::report::Align::Right),
                ("ST", crate::report::Align::Right),
                ("ST 95%", crate::report::Align::Right),
            ],
        );
        for i in &self.indices {
            t.row(vec![
                i.name.clone(),
                format!("{:.3}", i.first_order),
                format!(
                    "{:.3}-{:.3}",
                    i.first_order_interval.0, i.first_order_interval.1
                ),
                format!("{:.3}", i.total_order),
                format!(
                    "{:.3}-{:.3}",
                    i.total_order_interval.0, i.total_order_interval.1
                ),
            ]);
        }
        format!(
            "{}S1: the share of the output's variance ({:.4e}) from the input alone; ST: with all its interactions. Sum of S1 {:.3}.\n",
            t.render(),
            self.variance,
            self.indices.iter().map(|i| i.first_order).sum::<f64>()
        )
    }

    /// The chart: S1 and ST per input, with values printed.
    pub fn chart(&self, lang: crate::report::charts::Lang) -> crate::report::charts::BarChart {
        use crate::report::charts::PAIR;
        crate::report::charts::BarChart {
            title: format!("{} {}", lang.pick("Sobol indices of", "Sobol 민감도 지수:"), self.output),
            footnote: format!(
                "N = {}, {} bootstrap resamples; first-order (Saltelli 2010) and total (Jansen 1999) estimators",
                self.base_samples, self.bootstrap
            ),
            xdesc: lang.pick("share of the output variance", "출력 분산 중 비중").to_string(),
            series: vec![
                (lang.pick("first order S1", "1차 S1").to_string(), PAIR[0]),
                (lang.pick("total ST", "총 ST").to_string(), PAIR[1]),
            ],
            rows: self
                .indices
                .iter()
                .map(|i| (i.name.clone(), vec![i.first_order, i.total_order]))
                .collect(),
            decimals: 3,
            lang,
        }
    }
}

impl crate::report::Render for SobolReport {
    fn summary(&self) -> String {
        SobolReport::summary(self)
    }
}

/// The Ishigami function, sin x1 + a sin² x2 + b x3⁴ sin x1 (a = 7, b = 0.1), the standard test of
/// sensitivity indices; inputs uniform on [−π, π].
pub fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}
