//! Sweeps: a declared design over scenario parameters (grid, Latin hypercube, Sobol sequence or
//! Saltelli's sample for Sobol indices), the forecast run at every point with common random
//! numbers (the same seed, so the same shocks and parameter draws at every point), and one tidy
//! row per point with its inputs and headline outputs. A sweep can be cut into shards
//! (`--shard K/N`, or from a job-array engine's environment) whose tables [`merge`] back into
//! exactly the unsharded table, byte for byte.
//!
//! The spec (`models/sweeps/example.toml`):
//!
//! ```toml
//! name = "example"
//! scenario = "reciprocal-25"   # the scenario whose parameters vary
//! vs = "korus"                 # comparator (default: the scenario's own baseline)
//! paths = 500                  # Monte Carlo paths per point
//! seed = 20251029              # the same at every point (common random numbers)
//! [design]
//! kind = "saltelli"            # grid | lhs | sobol | saltelli
//! points = 64                  # lhs, sobol: points; saltelli: base sample N (N (k + 2) runs)
//! seed = 1                     # lhs: the sampling seed
//! [[parameter]]
//! name = "reciprocal_rate"
//! target = "measure[1].rate_pct"   # or overrides.elasticity | overrides.pass_through | overrides.diversion
//! min = 10
//! max = 40
//! ```

pub mod parquet;
pub mod sobol;

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::forecast::{ForecastDistribution, Scenario};

pub use sobol::{jansen, sobol_indices, SobolIndex, SobolReport};

/// How the points are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DesignKind {
    /// Every combination of each parameter's `values` (or `steps` values from min to max).
    Grid,
    /// Latin hypercube: `points` strata per parameter, randomly paired (seeded).
    Lhs,
    /// The first `points` points of the Sobol sequence (Joe and Kuo's direction numbers), after
    /// skipping the origin.
    Sobol,
    /// Saltelli's sample for first-order and total Sobol indices: for each of `points` base rows,
    /// A, the k rows of A with column i from B, then B (N (k + 2) runs, SALib's order).
    Saltelli,
}

impl DesignKind {
    /// The spec's name of the design (`grid`, `lhs`, `sobol`, `saltelli`).
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Lhs => "lhs",
            DesignKind::Sobol => "sobol",
            DesignKind::Saltelli => "saltelli",
        }
    }
}

/// A parameter's distribution over [min, max].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Uniform on [min, max].
    Uniform,
    /// Normal with `mean` and `sd`, truncated to [min, max].
    Normal,
}

/// One varied parameter (a `[[parameter]]` table).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Column name in the output.
    pub name: String,
    /// What it sets: `measure[N].rate_pct` (N 1-based, % ad valorem), `overrides.elasticity`,
    /// `overrides.pass_through` or `overrides.diversion` (shares 0..1).
    pub target: String,
    /// Lower bound (a grid with `values` may leave it out: the smallest value).
    #[serde(default = "unset")]
    pub min: f64,
    /// Upper bound (a grid with `values` may leave it out: the largest value).
    #[serde(default = "unset")]
    pub max: f64,
    /// Grid: the values (otherwise `steps` values evenly from min to max).
    #[serde(default)]
    pub values: Option<Vec<f64>>,
    /// Grid: number of values from min to max.
    #[serde(default)]
    pub steps: Option<usize>,
    /// Distribution for lhs, sobol and saltelli designs (default uniform).
    #[serde(default = "uniform")]
    pub distribution: Distribution,
    /// Normal: mean.
    #[serde(default)]
    pub mean: Option<f64>,
    /// Normal: standard deviation.
    #[serde(default)]
    pub sd: Option<f64>,
}

fn unset() -> f64 {
    f64::NAN
}

fn uniform() -> Distribution {
    Distribution::Uniform
}

/// The `[design]` table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Layout.
    pub kind: DesignKind,
    /// lhs, sobol: number of points; saltelli: the base sample N.
    #[serde(default)]
    pub points: Option<usize>,
    /// lhs: sampling seed; saltelli: the bootstrap's seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// saltelli: bootstrap resamples for the indices' confidence intervals (default 1000).
    #[serde(default)]
    pub bootstrap: Option<usize>,
}

/// A sweep spec as read from TOML.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    /// Name (in the output's first line).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// The scenario (file or shipped name) whose parameters vary.
    pub scenario: String,
    /// Comparator (None: the scenario's own baseline).
    #[serde(default)]
    pub vs: Option<String>,
    /// Monte Carlo paths per point.
    #[serde(default = "default_paths")]
    pub paths: usize,
    /// Seed of every point's forecast (common random numbers).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The design.
    pub design: Design,
    /// The varied parameters.
    #[serde(rename = "parameter")]
    pub parameters: Vec<Parameter>,
}

fn default_paths() -> usize {
    500
}

fn default_seed() -> u64 {
    20251029
}

/// Most points a sweep may have (a typo in `points` should not start a week-long run).
pub const MAX_POINTS: usize = 10_000_000;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A measure's rate (index 0-based).
    MeasureRate(usize),
    /// The elasticity override.
    Elasticity,
    /// The pass-through override.
    PassThrough,
    /// The diversion override.
    Diversion,
}

impl Target {
    fn parse(file: &str, key: &str, s: &str) -> Result<Target> {
        let bad = || {
            Error::spec(
                file,
                None,
                key,
                format!("unknown target `{s}` (expected measure[N].rate_pct with N from 1, overrides.elasticity, overrides.pass_through or overrides.diversion)"),
            )
        };
        match s {
            "overrides.elasticity" => Ok(Target::Elasticity),
            "overrides.pass_through" => Ok(Target::PassThrough),
            "overrides.diversion" => Ok(Target::Diversion),
            _ => {
                let n = s
                    .strip_prefix("measure[")
                    .and_then(|r| r.strip_suffix("].rate_pct"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n >= 1)
                    .ok_or_else(bad)?;
                Ok(Target::MeasureRate(n - 1))
            }
        }
    }

    /// The range a value may take.
    fn range(self) -> (f64, f64, &'static str) {
        match self {
            Target::MeasureRate(_) => (0.0, 500.0, "% ad valorem"),
            Target::Elasticity => (0.0, 20.0, "elasticity"),
            Target::PassThrough => (0.0, 1.0, "share"),
            Target::Diversion => (0.0, 1.0, "share"),
        }
    }
}

/// A checked sweep: the spec, the parameters' targets, and every point's values.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The spec.
    pub spec: SweepSpec,
    /// Where the spec came from.
    pub label: String,
    /// SHA-256 of the spec text.
    pub spec_sha256: String,
    /// Each parameter's target.
    pub targets: Vec<Target>,
    /// The points: one value per parameter.
    pub points: Vec<Vec<f64>>,
}

/// Parse and check a sweep spec, and lay out its points.
pub fn parse_sweep(file: &str, text: &str) -> Result<Sweep> {
    let mut spec: SweepSpec = crate::spec::parse_toml(file, text)?;
    let line_of = |needle: &str, nth: usize| -> Option<usize> {
        // The line of the nth `[[parameter]]` table (1-based), for messages about its keys.
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with(needle))
            .nth(nth)
            .map(|(i, _)| i + 1)
    };
    for p in &mut spec.parameters {
        if let Some(v) = p.values.as_ref().filter(|v| !v.is_empty()) {
            if p.min.is_nan() {
                p.min = v.iter().copied().fold(f64::INFINITY, f64::min);
            }
            if p.max.is_nan() {
                p.max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            }
        }
    }
    let e = |key: &str, msg: String| Error::spec(file, None, key, msg);
    if spec.parameters.is_empty() {
        return Err(e(
            "parameter",
            "a sweep needs at least one [[parameter]]".into(),
        ));
    }
    if spec.paths == 0 || spec.paths > crate::forecast::MAX_PATHS {
        return Err(e(
            "paths",
            format!(
                "{} paths: expected 1 to {}",
                spec.paths,
                crate::forecast::MAX_PATHS
            ),
        ));
    }
    let mut targets = Vec::new();
    for (i, p) in spec.parameters.iter().enumerate() {
        let key = |k: &str| format!("parameter[{}].{k}", i + 1);
        let line = line_of("[[parameter]]", i);
        let e = |key: &str, msg: String| Error::spec(file, line, key, msg);
        if p.min.is_nan() || p.max.is_nan() {
            return Err(e(
                &key(if p.min.is_nan() { "min" } else { "max" }),
                "expected the range's bounds `min` and `max` (a grid may give `values` instead)"
                    .into(),
            ));
        }
        let ident = p
            .name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && p.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ident {
            return Err(e(
                &key("name"),
                format!("`{}`: expected a column name of letters, digits and _ (not starting with a digit)", p.name),
            ));
        }
        if spec.parameters[..i].iter().any(|q| q.name == p.name) {
            return Err(e(&key("name"), format!("`{}` is used twice", p.name)));
        }
        let t = Target::parse(file, &key("target"), &p.target)?;
        if spec.parameters[..i].iter().any(|q| q.target == p.target) {
            return Err(e(
                &key("target"),
                format!("`{}` is set by two parameters", p.target),
            ));
        }
        let (lo, hi, units) = t.range();
        if !(p.min.is_finite() && p.max.is_finite() && p.min <= p.max) {
            return Err(e(
                &key("min"),
                format!(
                    "min {} and max {}: expected finite numbers with min <= max",
                    p.min, p.max
                ),
            ));
        }
        if p.min < lo || p.max > hi {
            return Err(e(
                &key(if p.min < lo { "min" } else { "max" }),
                format!(
                    "[{}, {}] is outside {}'s range [{lo}, {hi}] ({units})",
                    p.min, p.max, p.target
                ),
            ));
        }
        if let Some(v) = &p.values {
            if let Some(x) = v
                .iter()
                .find(|x| !(x.is_finite() && **x >= p.min && **x <= p.max))
            {
                return Err(e(
                    &key("values"),
                    format!("{x} is outside [{}, {}]", p.min, p.max),
                ));
            }
            if v.is_empty() {
                return Err(e(&key("values"), "an empty list".into()));
            }
        }
        if p.distribution == Distribution::Normal {
            match (p.mean, p.sd) {
                (Some(m), Some(s)) if m.is_finite() && s.is_finite() && s > 0.0 => {}
                _ => {
                    return Err(e(
                        &key("sd"),
                        "a normal distribution needs a finite mean and sd > 0".into(),
                    ))
                }
            }
        }
        targets.push(t);
    }
    let k = spec.parameters.len();
    let points = match spec.design.kind {
        DesignKind::Grid => {
            let mut axes = Vec::new();
            for (i, p) in spec.parameters.iter().enumerate() {
                let axis = match (&p.values, p.steps) {
                    (Some(v), None) => v.clone(),
                    (None, Some(n)) if n >= 2 => (0..n)
                        .map(|j| p.min + (p.max - p.min) * j as f64 / (n - 1) as f64)
                        .collect(),
                    (None, Some(1)) => vec![p.min],
                    _ => {
                        return Err(e(
                            &format!("parameter[{}].steps", i + 1),
                            "a grid parameter needs either `values` or `steps` (at least 1)".into(),
                        ))
                    }
                };
                axes.push(axis);
            }
            let total = axes.iter().try_fold(1usize, |a, x| a.checked_mul(x.len()));
            match total {
                Some(n) if n <= MAX_POINTS => {}
                _ => {
                    return Err(e(
                        "parameter",
                        format!("the grid has more than {MAX_POINTS} points"),
                    ))
                }
            }
            grid(&axes)
        }
        kind => {
            let n = spec
                .design
                .points
                .ok_or_else(|| e("design.points", "expected the number of points".into()))?;
            let runs = if kind == DesignKind::Saltelli {
                n.checked_mul(k + 2)
            } else {
                Some(n)
            };
            if n == 0 || runs.is_none_or(|r| r > MAX_POINTS) {
                return Err(e(
                    "design.points",
                    format!("{n}: expected 1 to {MAX_POINTS} runs"),
                ));
            }
            if spec
                .parameters
                .iter()
                .any(|p| p.values.is_some() || p.steps.is_some())
            {
                return Err(e(
                    "parameter",
                    "`values` and `steps` are for grid designs".into(),
                ));
            }
            let unit = match kind {
                DesignKind::Lhs => lhs(n, k, spec.design.seed.unwrap_or(1)),
                DesignKind::Sobol => sobol_points(n, k)?,
                _ => saltelli(n, k)?,
            };
            unit.iter()
                .map(|u| {
                    u.iter()
                        .zip(&spec.parameters)
                        .map(|(x, p)| from_unit(*x, p))
                        .collect()
                })
                .collect()
        }
    };
    Ok(Sweep {
        label: file.to_string(),
        spec_sha256: crate::data::hex(&<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
        spec,
        targets,
        points,
    })
}

/// Every combination of the axes, the last parameter varying fastest.
fn grid(axes: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut out = vec![vec![]];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|p| {
                axis.iter().map(move |x| {
                    let mut q = p.clone();
                    q.push(*x);
                    q
                })
            })
            .collect();
    }
    out
}

/// Latin hypercube on [0, 1)^k: stratum centres jittered uniformly, columns permuted (seeded).
fn lhs(n: usize, k: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(k);
    for _ in 0..k {
        let mut c: Vec<f64> = (0..n)
            .map(|i| (i as f64 + rng.random::<f64>()) / n as f64)
            .collect();
        // Fisher-Yates with the seeded generator.
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            c.swap(i, j);
        }
        cols.push(c);
    }
    (0..n)
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect()
}

/// The first `n` points of the `dims`-dimensional Sobol sequence after the origin.
fn sobol_raw(n: usize, dims: usize) -> Result<Vec<Vec<f64>>> {
    use ::sobol::SobolParams;
    let params = ::sobol::params::JoeKuoD6::minimal();
    if dims > params.max_dims() {
        return Err(Error::Request(format!(
            "a Sobol design of {dims} dimensions is beyond the {} the direction numbers cover",
            params.max_dims()
        )));
    }
    Ok(::sobol::Sobol::<f64>::new(dims, &params)
        .skip(1)
        .take(n)
        .collect())
}

fn sobol_points(n: usize, k: usize) -> Result<Vec<Vec<f64>>> {
    sobol_raw(n, k)
}

/// Saltelli's sample on the unit cube (no second-order terms): from a 2k-dimensional Sobol sequence, A = the first
/// k columns, B = the last k; per base row, A, then AB_i (A with column i from B) for each i, then B.
pub fn saltelli(n: usize, k: usize) -> Result<Vec<Vec<f64>>> {
    let base = sobol_raw(n, 2 * k)?;
    let mut out = Vec::with_capacity(n * (k + 2));
    for row in &base {
        let (a, b) = row.split_at(k);
        out.push(a.to_vec());
        for i in 0..k {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            out.push(ab);
        }
        out.push(b.to_vec());
    }
    Ok(out)
}

/// Map a unit-interval coordinate to the parameter's distribution.
fn from_unit(u: f64, p: &Parameter) -> f64 {
    match p.distribution {
        Distribution::Uniform => p.min + (p.max - p.min) * u,
        Distribution::Normal => {
            use statrs::distribution::{ContinuousCDF, Normal};
            let (m, s) = (p.mean.unwrap_or(0.0), p.sd.unwrap_or(1.0));
            let Ok(nd) = Normal::new(m, s) else {
                return p.min;
            };
            let (lo, hi) = (nd.cdf(p.min), nd.cdf(p.max));
            if hi - lo < 1e-300 {
                return p.min.max(m.min(p.max));
            }
            nd.inverse_cdf(lo + (hi - lo) * u).clamp(p.min, p.max)
        }
    }
}

impl Sweep {
    /// The scenario at point `values` (the base scenario with the parameters set).
    pub fn scenario_at(&self, base: &Scenario, values: &[f64]) -> Result<Scenario> {
        let mut s = base.clone();
        for ((t, v), p) in self.targets.iter().zip(values).zip(&self.spec.parameters) {
            match t {
                Target::MeasureRate(i) => {
                    let n = s.measures.len();
                    let m = s.measures.get_mut(*i).ok_or_else(|| {
                        Error::spec(
                            &self.label,
                            None,
                            &format!("parameter `{}`.target", p.name),
                            format!("{}: scenario `{}` has {n} measure(s)", p.target, base.name),
                        )
                    })?;
                    m.rate_pct = *v;
                }
                Target::Elasticity => s.overrides.elasticity = Some(*v),
                Target::PassThrough => s.overrides.pass_through = Some(*v),
                Target::Diversion => s.overrides.diversion = Some(*v),
            }
        }
        Ok(s)
    }

    /// Refuse, before a run, a column name its table will not have (`--sobol COLUMN`).
    pub fn check_column(&self, col: &str) -> Result<()> {
        let outputs = SweepTable::output_columns(&[]);
        if outputs.iter().any(|o| o == col)
            || col.starts_with("effect_pp_")
            || self.spec.parameters.iter().any(|p| p.name == col)
        {
            return Ok(());
        }
        Err(Error::Request(format!(
            "--sobol `{col}`: not a column of the sweep table (outputs: {}, effect_pp_YEAR)",
            outputs.join(", ")
        )))
    }

    /// The points of shard `k` of `n` (1-based): a contiguous block, sizes differing by at most one.
    pub fn shard_range(&self, k: usize, n: usize) -> std::ops::Range<usize> {
        let p = self.points.len();
        (p * (k - 1) / n)..(p * k / n)
    }

    /// The output's first line: everything a merge must find equal in every shard (the sweep spec,
    /// the model spec, the data version and cut, headwind's version and backend, the design).
    pub fn header_line(&self, data: &SweepContext<'_>, baseline: &str) -> String {
        format!(
            "# headwind sweep {}: spec sha256 {}, model {} sha256 {}, data {}{}, headwind {}, backend {}, design {}, points {}, paths {}, seed {}, scenario {} vs {}, parameters {}",
            self.spec.name,
            self.spec_sha256,
            data.model_spec,
            data.model_spec_sha256,
            data.data_version,
            data.as_of.map(|a| format!(" as of {a}")).unwrap_or_default(),
            env!("CARGO_PKG_VERSION"),
            crate::linalg::BACKEND,
            self.spec.design.kind.name(),
            self.points.len(),
            self.spec.paths,
            self.spec.seed,
            self.spec.scenario,
            baseline,
            self.spec
                .parameters
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}

/// What, besides the sweep spec, a sweep's numbers depend on (recorded in the table's first line).
#[derive(Debug, Clone, Copy)]
pub struct SweepContext<'a> {
    /// Model spec label.
    pub model_spec: &'a str,
    /// Model spec SHA-256.
    pub model_spec_sha256: &'a str,
    /// Data version.
    pub data_version: &'a str,
    /// The `--as-of` cut, if any.
    pub as_of: Option<&'a str>,
}

/// A shard: `k` of `n`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 1..=n.
    pub k: usize,
    /// Number of shards.
    pub n: usize,
}

impl std::str::FromStr for Shard {
    type Err = Error;
    fn from_str(s: &str) -> Result<Shard> {
        let bad = || {
            Error::Request(format!(
                "--shard `{s}`: expected K/N with 1 <= K <= N, e.g. 2/8"
            ))
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// The shard a job-array engine assigns through the environment `env` (a lookup, so tests
    /// and the library need not read the process environment): Slurm (`SLURM_ARRAY_TASK_ID`, and
    /// `SLURM_ARRAY_TASK_COUNT`, or `SLURM_ARRAY_TASK_MIN`/`MAX` for 1-based ranges), AWS Batch
    /// (`AWS_BATCH_JOB_ARRAY_INDEX`, 0-based, with `AWS_BATCH_JOB_ARRAY_SIZE`), or a Kubernetes
    /// Indexed Job (`JOB_COMPLETION_INDEX`, 0-based, with the count `count` given by `--shards`).
    pub fn from_env(
        env: &dyn Fn(&str) -> Option<String>,
        count: Option<usize>,
    ) -> Result<Option<Shard>> {
        let num = |name: &str| -> Result<Option<usize>> {
            match env(name) {
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| {
                    Error::Request(format!(
                        "environment variable {name}=`{v}`: expected a whole number"
                    ))
                }),
            }
        };
        let make = |k0: usize, n: usize, what: &str| -> Result<Option<Shard>> {
            if n == 0 || k0 >= n {
                return Err(Error::Request(format!(
                    "{what}: index {k0} (0-based) of {n} tasks is not a valid shard"
                )));
            }
            Ok(Some(Shard { k: k0 + 1, n }))
        };
        if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            // --array=1-N or 0-(N-1): the task's place is its id minus the array's minimum.
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let n = match (
                count,
                num("SLURM_ARRAY_TASK_COUNT")?,
                num("SLURM_ARRAY_TASK_MAX")?,
            ) {
                (Some(n), _, _) => n,
                (None, Some(c), _) => c,
                (None, None, Some(max)) if max >= min => max - min + 1,
                _ => return Err(Error::Request(
                    "SLURM_ARRAY_TASK_ID is set without SLURM_ARRAY_TASK_COUNT: give --shards N"
                        .into(),
                )),
            };
            let k0 = id.checked_sub(min).ok_or_else(|| {
                Error::Request(format!(
                    "SLURM_ARRAY_TASK_ID {id} is below the array's minimum {min}"
                ))
            })?;
            return make(k0, n, "Slurm array");
        }
        if let Some(i) = num("AWS_BATCH_JOB_ARRAY_INDEX")? {
            let n = count.or(num("AWS_BATCH_JOB_ARRAY_SIZE")?).ok_or_else(|| {
                Error::Request("AWS_BATCH_JOB_ARRAY_INDEX is set without AWS_BATCH_JOB_ARRAY_SIZE: give --shards N".into())
            })?;
            return make(i, n, "AWS Batch array");
        }
        if let Some(i) = num("JOB_COMPLETION_INDEX")? {
            let n = count.ok_or_else(|| {
                Error::Request("JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set: give the job's completions as --shards N".into())
            })?;
            return make(i, n, "Kubernetes Indexed Job");
        }
        Ok(None)
    }
}

/// The headline outputs of one point.
#[derive(Debug, Clone, Serialize)]
pub struct PointOutputs {
    /// Real GDP level effect at the horizon end, %.
    pub gdp_level_effect_pct: f64,
    /// Its quantiles (5, 10, 25, 75, 90, 95), %.
    pub gdp_level_effect_quantiles: BTreeMap<String, f64>,
    /// Real GDI level effect, %.
    pub gdi_level_effect_pct: f64,
    /// Calendar-year growth effects (year, pp).
    pub annual_effect_pp: Vec<(i32, f64)>,
    /// The largest quarterly P(growth < 0) of the scenario.
    pub p_negative_max: f64,
    /// P(two consecutive negative quarters).
    pub p_two_consecutive_negative: f64,
    /// Growth-at-risk (5%), log points q/q.
    pub growth_at_risk_5: f64,
}

impl PointOutputs {
    /// The outputs of a forecast.
    pub fn of(f: &ForecastDistribution) -> PointOutputs {
        PointOutputs {
            gdp_level_effect_pct: f.gdp_level_effect_pct,
            gdp_level_effect_quantiles: f.gdp_level_effect_quantiles.clone(),
            gdi_level_effect_pct: f.gdi_level_effect_pct,
            annual_effect_pp: f
                .annual
                .iter()
                .map(|a| (a.year, a.effect_pp_mean))
                .collect(),
            p_negative_max: f.quarters.iter().map(|q| q.p_negative).fold(0.0, f64::max),
            p_two_consecutive_negative: f.p_two_consecutive_negative,
            growth_at_risk_5: f.growth_at_risk_5,
        }
    }
}

impl PointOutputs {
    /// The outputs straight from simulated paths, without the rest of the forecast: the same
    /// numbers, bit for bit, as [`PointOutputs::of`] the [`ForecastDistribution`] of `sim` with
    /// realised growth `history` before the horizon (the sweep's fast path; `tests/sweep.rs`
    /// checks the two agree at every point of the example design).
    pub fn from_simulation(
        sim: &crate::forecast::Simulation,
        history: &[(crate::data::Quarter, f64)],
    ) -> PointOutputs {
        use crate::forecast::{quantile_select, quantile_sorted, QUANTILES};
        let n = sim.scenario.len() as f64;
        let mut levels = crate::forecast::level_effects(sim);
        let gdi: f64 = levels
            .iter()
            .zip(sim.terms_of_trade.iter().chain(std::iter::repeat(&0.0)))
            .map(|(l, t)| l + t)
            .sum::<f64>();
        let level = levels.iter().sum::<f64>() / n;
        levels.sort_by(f64::total_cmp);
        let h = sim.quarters.len();
        let p_negative_max = (0..h)
            .map(|t| sim.scenario.iter().filter(|p| p[t] < 0.0).count() as f64 / n)
            .fold(0.0, f64::max);
        let mut pooled: Vec<f64> = sim.scenario.iter().flatten().copied().collect();
        PointOutputs {
            gdp_level_effect_pct: level,
            gdp_level_effect_quantiles: QUANTILES
                .iter()
                .map(|p| (format!("{p}"), quantile_sorted(&levels, *p)))
                .collect(),
            gdi_level_effect_pct: gdi / n,
            annual_effect_pp: crate::forecast::annual_effect_means(sim, history),
            p_negative_max,
            p_two_consecutive_negative: crate::forecast::p_two_consecutive_negative(&sim.scenario),
            growth_at_risk_5: quantile_select(&mut pooled, 5.0),
        }
    }
}

/// Quantile keys of the level effect, in column order.
const LEVEL_QUANTILES: [&str; 6] = ["5", "10", "25", "75", "90", "95"];

/// The table's column header for `params` and the years of the annual effects.
pub fn column_header(params: &[Parameter], years: &[i32]) -> String {
    let mut h = vec!["point".to_string()];
    h.extend(params.iter().map(|p| p.name.clone()));
    h.push("gdp_level_effect_pct".into());
    h.extend(
        LEVEL_QUANTILES
            .iter()
            .map(|q| format!("gdp_level_effect_q{q}_pct")),
    );
    h.push("gdi_level_effect_pct".into());
    h.extend(years.iter().map(|y| format!("effect_pp_{y}")));
    h.extend(
        [
            "p_negative_max",
            "p_two_consecutive_negative",
            "growth_at_risk_5",
        ]
        .map(String::from),
    );
    h.join(",")
}

/// One row: the point's index (1-based), its inputs and outputs, numbers in the shortest form that
/// reads back to the same `f64`.
pub fn row(index: usize, values: &[f64], o: &PointOutputs) -> String {
    let mut r = vec![(index + 1).to_string()];
    r.extend(values.iter().map(|v| format!("{v:?}")));
    r.push(format!("{:?}", o.gdp_level_effect_pct));
    r.extend(LEVEL_QUANTILES.iter().map(|q| {
        format!(
            "{:?}",
            o.gdp_level_effect_quantiles
                .get(*q)
                .copied()
                .unwrap_or(f64::NAN)
        )
    }));
    r.push(format!("{:?}", o.gdi_level_effect_pct));
    r.extend(o.annual_effect_pp.iter().map(|(_, v)| format!("{v:?}")));
    r.push(format!("{:?}", o.p_negative_max));
    r.push(format!("{:?}", o.p_two_consecutive_negative));
    r.push(format!("{:?}", o.growth_at_risk_5));
    r.join(",")
}

/// A sweep's table: the header line, the column header and one row per point run.
#[derive(Debug, Clone)]
pub struct SweepTable {
    /// The first line (spec, data, version, design).
    pub header_line: String,
    /// `# shard K/N: points A-B` for a shard, None for a whole sweep.
    pub shard_line: Option<String>,
    /// The column header.
    pub columns: String,
    /// (point index 0-based, row text).
    pub rows: Vec<(usize, String)>,
    /// Total points of the sweep.
    pub total: usize,
    /// Parameter names (for the Sobol analysis).
    pub parameters: Vec<String>,
    /// Design.
    pub kind: DesignKind,
}

impl SweepTable {
    /// The table in the format the output path's extension names: `.parquet`, or `.csv` (also
    /// with no extension or on standard output); any other extension is refused.
    pub fn to_bytes_for(&self, path: Option<&std::path::Path>) -> Result<Vec<u8>> {
        let ext = path
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("parquet") => parquet::to_parquet(self),
            None | Some("csv") => Ok(self.to_csv().into_bytes()),
            Some(other) => Err(Error::Request(format!(
                "--output `{}`: a sweep table is written as .csv or .parquet, not .{other}",
                path.map(|p| p.display().to_string()).unwrap_or_default()
            ))),
        }
    }

    /// The names of a sweep's output columns (for checking a requested column before a run).
    pub fn output_columns(years: &[i32]) -> Vec<String> {
        let mut v = vec!["gdp_level_effect_pct".to_string()];
        v.extend(
            LEVEL_QUANTILES
                .iter()
                .map(|q| format!("gdp_level_effect_q{q}_pct")),
        );
        v.push("gdi_level_effect_pct".into());
        v.extend(years.iter().map(|y| format!("effect_pp_{y}")));
        v.extend(
            [
                "p_negative_max",
                "p_two_consecutive_negative",
                "growth_at_risk_5",
            ]
            .map(String::from),
        );
        v
    }

    /// The CSV text.
    pub fn to_csv(&self) -> String {
        let mut s = String::new();
        s.push_str(&self.header_line);
        s.push('\n');
        if let Some(l) = &self.shard_line {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str(&self.columns);
        s.push('\n');
        for (_, r) in &self.rows {
            s.push_str(r);
            s.push('\n');
        }
        s
    }

    /// A numeric column by name (every row).
    pub fn column(&self, name: &str) -> Result<Vec<f64>> {
        let j = self
            .columns
            .split(',')
            .position(|c| c == name)
            .ok_or_else(|| {
                Error::Request(format!(
                    "the sweep table has no column `{name}` (columns: {})",
                    self.columns
                ))
            })?;
        self.rows
            .iter()
            .map(|(i, r)| {
                r.split(',')
                    .nth(j)
                    .and_then(|x| x.parse::<f64>().ok())
                    .ok_or_else(|| Error::data("sweep table", Some(i + 1), name, "not a number"))
            })
            .collect()
    }

    /// Read a table written by [`SweepTable::to_csv`] (a shard or a whole sweep).
    pub fn parse(file: &str, text: &str) -> Result<SweepTable> {
        let mut lines = text.lines();
        let e = |line: usize, msg: &str| Error::data(file, Some(line), "", msg);
        let header_line = lines
            .next()
            .filter(|l| l.starts_with("# headwind sweep "))
            .ok_or_else(|| {
                e(
                    1,
                    "not a headwind sweep table (the first line must start `# headwind sweep`)",
                )
            })?
            .to_string();
        let field = |key: &str| -> Option<String> {
            header_line
                .split(", ")
                .find_map(|part| part.strip_prefix(&format!("{key} ")).map(str::to_string))
        };
        let total: usize = field("points")
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| e(1, "the first line has no `points N`"))?;
        let kind: DesignKind = field("design")
            .and_then(|d| serde_json::from_value(serde_json::Value::String(d)).ok())
            .ok_or_else(|| e(1, "the first line has no known `design`"))?;
        let parameters: Vec<String> = field("parameters")
            .map(|p| p.split(' ').map(str::to_string).collect())
            .unwrap_or_default();
        let mut n = 1;
        let mut next = lines.next();
        n += 1;
        let mut shard_line = None;
        if let Some(l) = next.filter(|l| l.starts_with("# shard ")) {
            shard_line = Some(l.to_string());
            next = lines.next();
            n += 1;
        }
        let columns = next.ok_or_else(|| e(n, "no column header"))?.to_string();
        if !columns.starts_with("point,") {
            return Err(e(n, "the column header must start with `point`"));
        }
        let width = columns.split(',').count();
        let mut rows = Vec::new();
        for l in lines {
            n += 1;
            if l.is_empty() {
                continue;
            }
            if l.split(',').count() != width {
                return Err(e(
                    n,
                    &format!("{} fields, expected {width}", l.split(',').count()),
                ));
            }
            let idx: usize = l
                .split(',')
                .next()
                .and_then(|p| p.parse().ok())
                .filter(|p: &usize| *p >= 1 && *p <= total)
                .ok_or_else(|| e(n, &format!("the point index must be 1 to {total}")))?;
            rows.push((idx - 1, l.to_string()));
        }
        Ok(SweepTable {
            header_line,
            shard_line,
            columns,
            rows,
            total,
            parameters,
            kind,
        })
    }
}

/// Merge shard tables into the whole sweep's table: every shard from the same spec, data and
/// version (the same first line and columns), every point present exactly once.
pub fn merge(tables: &[(String, SweepTable)]) -> Result<SweepTable> {
    let Some((first_file, first)) = tables.first() else {
        return Err(Error::Request("merge: no tables given".into()));
    };
    let mut seen: Vec<Option<&str>> = vec![None; first.total];
    let mut rows = Vec::with_capacity(first.total);
    for (file, t) in tables {
        if t.header_line != first.header_line {
            return Err(Error::data(
                file,
                Some(1),
                "",
                format!(
                    "a different sweep from {first_file}: the spec, data, version or design differ\n  {first_file}: {}\n  {file}: {}",
                    first.header_line, t.header_line
                ),
            ));
        }
        if t.columns != first.columns {
            return Err(Error::data(
                file,
                None,
                "",
                format!("columns differ from {first_file}"),
            ));
        }
        for (i, r) in &t.rows {
            if let Some(other) = seen[*i] {
                return Err(Error::Request(format!(
                    "merge: point {} is in both {other} and {file}: a shard was given twice or two runs overlap",
                    i + 1
                )));
            }
            seen[*i] = Some(file.as_str());
            rows.push((*i, r.clone()));
        }
    }
    let missing: Vec<usize> = seen
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| i + 1)
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(|m| m.to_string()).collect();
        return Err(Error::Request(format!(
            "merge: {} of {} points are missing (first: {}{}): a shard is absent or incomplete",
            missing.len(),
            first.total,
            shown.join(", "),
            if missing.len() > 10 { ", ..." } else { "" }
        )));
    }
    rows.sort_by_key(|r| r.0);
    Ok(SweepTable {
        header_line: first.header_line.clone(),
        shard_line: None,
        columns: first.columns.clone(),
        rows,
        total: first.total,
        parameters: first.parameters.clone(),
        kind: first.kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_points() {
        for p in [1usize, 7, 64, 1000] {
            for n in 1..=9 {
                let sweep = Sweep {
                    spec: parse_sweep("t", SPEC).unwrap().spec,
                    label: "t".into(),
                    spec_sha256: String::new(),
                    targets: vec![],
                    points: vec![vec![]; p],
                };
                let mut all = Vec::new();
                for k in 1..=n {
                    all.extend(sweep.shard_range(k, n));
                }
                assert_eq!(all, (0..p).collect::<Vec<_>>());
            }
        }
    }

    const SPEC: &str = r#"
name = "t"
scenario = "reciprocal-25"
[design]
kind = "grid"
[[parameter]]
name = "rate"
target = "measure[1].rate_pct"
min = 0
max = 50
steps = 3
[[parameter]]
name = "el"
target = "overrides.elasticity"
min = 0.5
max = 1.5
values = [0.5, 1.5]
"#;

    #[test]
    fn a_grid_is_every_combination() {
        let s = parse_sweep("t", SPEC).unwrap();
        assert_eq!(
            s.points,
            vec![
                vec![0.0, 0.5],
                vec![0.0, 1.5],
                vec![25.0, 0.5],
                vec![25.0, 1.5],
                vec![50.0, 0.5],
                vec![50.0, 1.5]
            ]
        );
        assert_eq!(s.targets, vec![Target::MeasureRate(0), Target::Elasticity]);
    }

    #[test]
    fn a_latin_hypercube_has_one_point_per_stratum_in_every_column() {
        let u = lhs(50, 3, 7);
        for j in 0..3 {
            let mut strata: Vec<usize> = u.iter().map(|r| (r[j] * 50.0).floor() as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..50).collect::<Vec<_>>());
        }
        assert_eq!(u, lhs(50, 3, 7), "seeded");
    }

    #[test]
    fn saltelli_rows_follow_salib_order() {
        let s = saltelli(4, 2).unwrap();
        assert_eq!(s.len(), 16);
        for r in 0..4 {
            let (a, ab1, ab2, b) = (&s[4 * r], &s[4 * r + 1], &s[4 * r + 2], &s[4 * r + 3]);
            assert_eq!((ab1[0], ab1[1]), (b[0], a[1]));
            assert_eq!((ab2[0], ab2[1]), (a[0], b[1]));
        }
        // The first Sobol point after the origin is (1/2, ..., 1/2).
        assert_eq!(s[0], vec![0.5, 0.5]);
        assert_eq!(s[3], vec![0.5, 0.5]);
    }

    #[test]
    fn a_truncated_normal_stays_in_its_bounds_and_is_centred() {
        let p = Parameter {
            name: "x".into(),
            target: "overrides.elasticity".into(),
            min: 0.0,
            max: 2.0,
            values: None,
            steps: None,
            distribution: Distribution::Normal,
            mean: Some(1.0),
            sd: Some(0.5),
        };
        assert!((from_unit(0.5, &p) - 1.0).abs() < 1e-9);
        assert_eq!(from_unit(0.0, &p), 0.0);
        assert!((from_unit(1.0, &p) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn engine_environments_give_the_shard() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let s = |pairs: &'static [(&'static str, &'static str)], n: Option<usize>| {
            Shard::from_env(&env(pairs), n)
        };
        assert_eq!(
            s(
                &[
                    ("SLURM_ARRAY_TASK_ID", "1"),
                    ("SLURM_ARRAY_TASK_COUNT", "2"),
                    ("SLURM_ARRAY_TASK_MIN", "1")
                ],
                None
            )
            .unwrap(),
            Some(Shard { k: 1, n: 2 })
        );
        assert_eq!(
            s(
                &[
                    ("SLURM_ARRAY_TASK_ID", "0"),
                    ("SLURM_ARRAY_TASK_COUNT", "4"),
                    ("SLURM_ARRAY_TASK_MIN", "0")
                ],
                None
            )
            .unwrap(),
            Some(Shard { k: 1, n: 4 })
        );
        assert_eq!(
            s(
                &[
                    ("AWS_BATCH_JOB_ARRAY_INDEX", "3"),
                    ("AWS_BATCH_JOB_ARRAY_SIZE", "4")
                ],
                None
            )
            .unwrap(),
            Some(Shard { k: 4, n: 4 })
        );
        assert_eq!(
            s(&[("JOB_COMPLETION_INDEX", "0")], Some(3)).unwrap(),
            Some(Shard { k: 1, n: 3 })
        );
        assert!(s(&[("JOB_COMPLETION_INDEX", "0")], None).is_err());
        assert!(s(
            &[
                ("AWS_BATCH_JOB_ARRAY_INDEX", "4"),
                ("AWS_BATCH_JOB_ARRAY_SIZE", "4")
            ],
            None
        )
        .is_err());
        assert!(s(
            &[
                ("SLURM_ARRAY_TASK_ID", "x"),
                ("SLURM_ARRAY_TASK_COUNT", "2")
            ],
            None
        )
        .is_err());
        assert_eq!(s(&[], None).unwrap(), None);
        assert_eq!("2/8".parse::<Shard>().unwrap(), Shard { k: 2, n: 8 });
        for bad in ["0/2", "3/2", "1", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
