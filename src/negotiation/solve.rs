//! Solvers for the concession-mix problem (argmin): Nelder-Mead and L-BFGS (finite-difference
//! gradients) on the bounded reparametrisation x = lo + (hi - lo)·(1 + sin z)/2 (periodic, so a search
//! never runs off into a flat tail as it can with a sigmoid), each from several seeded starts (the box
//! centre and random points; no restart from the best point); particle swarm on the box;
//! multi-start from seeded points; exhaustive grid search (the check in tests); and the Pareto frontier of
//! GDP loss against concession cost by an epsilon-constraint sweep.

use std::time::Instant;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::particleswarm::ParticleSwarm;
use argmin::solver::quasinewton::LBFGS;
use ndarray::Array1;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::problem::{Breakdown, Problem};
use crate::error::{Error, Result};

/// Which solver(s) to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverKind {
    /// Nelder-Mead.
    NelderMead,
    /// Particle swarm.
    ParticleSwarm,
    /// L-BFGS with finite-difference gradients.
    Lbfgs,
}

impl std::str::FromStr for SolverKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<SolverKind> {
        SolverKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                Error::Request(format!("unknown solver `{s}` (expected nm, pso or lbfgs)"))
            })
    }
}

impl SolverKind {
    /// Every solver, in the order `optimize` runs them.
    pub const ALL: [SolverKind; 3] = [
        SolverKind::NelderMead,
        SolverKind::ParticleSwarm,
        SolverKind::Lbfgs,
    ];

    /// Short name used in outputs (`nm`, `pso`, `lbfgs`).
    pub fn name(self) -> &'static str {
        match self {
            SolverKind::NelderMead => "nm",
            SolverKind::ParticleSwarm => "pso",
            SolverKind::Lbfgs => "lbfgs",
        }
    }
}

/// One solver run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SolverReport {
    /// `nm`, `pso` or `lbfgs`.
    pub solver: &'static str,
    /// Best objective found.
    pub objective: f64,
    /// Objective evaluations used.
    pub evaluations: u64,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Whether every start ended by the solver's convergence test (not the iteration cap).
    pub converged: bool,
    /// Best mix (amounts in menu order).
    pub amounts: Vec<f64>,
}

/// A point of the frontier.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FrontierPoint {
    /// Cost cap ε and the cost of the best mix under it, USD bn over the horizon.
    pub cost_usd_bn: f64,
    /// Expected discounted GDP loss at that mix, % of annual GDP over the horizon.
    pub gdp_loss_pct: f64,
    /// The mix.
    pub amounts: Vec<f64>,
}

/// The bounded reparametrisation: maps any z to [0, 1].
fn unit(z: f64) -> f64 {
    0.5 * (1.0 + z.sin())
}

/// The problem seen by a solver: free instruments only; optional bounded transform; optional cost cap.
struct View<'a> {
    p: &'a Problem,
    free: Vec<usize>,
    transformed: bool,
    /// (cap in USD bn, weight): minimise loss + weight·max(0, cost − cap)² instead of the objective.
    cost_cap: Option<f64>,
}

impl View<'_> {
    fn amounts(&self, x: &Array1<f64>) -> Vec<f64> {
        let mut a: Vec<f64> = self.p.menu.base_amounts();
        for (k, &i) in self.free.iter().enumerate() {
            let ins = &self.p.menu.instrument[i];
            a[i] = if self.transformed {
                ins.lower + (ins.upper - ins.lower) * unit(x[k])
            } else {
                x[k].clamp(ins.lower, ins.upper)
            };
        }
        a
    }
    fn value(&self, x: &Array1<f64>) -> f64 {
        let b = self.p.evaluate(&self.amounts(x));
        match self.cost_cap {
            None => b.objective,
            Some(cap) => {
                b.gdp_loss_pct
                    + 100.0 * b.budget_violation.powi(2)
                    + 1e3 * ((b.cost_usd_bn - cap).max(0.0) / self.p.gdp_usd_bn * 100.0).powi(2)
            }
        }
    }
}

impl CostFunction for View<'_> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, x: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.value(x))
    }
}

impl Gradient for View<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;
    fn gradient(&self, x: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        let mut g = Array1::zeros(x.len());
        for k in 0..x.len() {
            let h = 1e-5 * x[k].abs().max(1.0);
            let (mut a, mut b) = (x.clone(), x.clone());
            a[k] += h;
            b[k] -= h;
            g[k] = (self.value(&a) - self.value(&b)) / (2.0 * h);
        }
        Ok(g)
    }
}

fn argmin_err(e: argmin::core::Error) -> Error {
    Error::numerical(
        crate::error::NumericalCause::Other,
        format!("optimizer failed: {e}"),
    )
}

/// Starting points in z-space: the centre of the box and `starts - 1` seeded draws.
fn starts(n: usize, starts: usize, seed: u64) -> Vec<Array1<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut v = vec![Array1::zeros(n)];
    for _ in 1..starts {
        v.push(Array1::from_iter(
            (0..n).map(|_| rng.random_range(-3.0..3.0)),
        ));
    }
    v
}

/// Default iteration caps per start: Nelder-Mead, L-BFGS, particle swarm.
pub const DEFAULT_MAX_ITERS: (u64, u64, u64) = (3000, 300, 300);

/// Run one solver with multi-start and the default iteration caps. `cost_cap` switches to the
/// epsilon-constraint objective.
pub fn run(
    p: &Problem,
    kind: SolverKind,
    n_starts: usize,
    seed: u64,
    cost_cap: Option<f64>,
) -> Result<SolverReport> {
    run_capped(p, kind, n_starts, seed, cost_cap, None)
}

/// [`run`] with an explicit iteration cap per start (`None`: [`DEFAULT_MAX_ITERS`]). A start stopped by
/// the cap rather than the solver's convergence test makes the report's `converged` false.
pub fn run_capped(
    p: &Problem,
    kind: SolverKind,
    n_starts: usize,
    seed: u64,
    cost_cap: Option<f64>,
    max_iters: Option<u64>,
) -> Result<SolverReport> {
    let cap = |default: u64| max_iters.unwrap_or(default);
    let free = p.menu.free();
    if free.is_empty() {
        let amounts: Vec<f64> = p.menu.base_amounts();
        let b = p.evaluate(&amounts);
        return Ok(SolverReport {
            solver: kind.name(),
            objective: b.objective,
            evaluations: 1,
            seconds: 0.0,
            converged: true,
            amounts,
        });
    }
    let n = free.len();
    let t0 = Instant::now();
    let e0 = p.evaluations();
    let mut best: Option<(f64, Array1<f64>)> = None;
    let mut all_converged = true;
    let transformed = kind != SolverKind::ParticleSwarm;
    let view = || View {
        p,
        free: free.clone(),
        transformed,
        cost_cap,
    };
    let mut consider =
        |cost: f64, x: Array1<f64>, converged: bool, best: &mut Option<(f64, Array1<f64>)>| {
            all_converged &= converged;
            if best.as_ref().is_none_or(|b| cost < b.0) {
                *best = Some((cost, x));
            }
        };
    match kind {
        SolverKind::NelderMead => {
            for z0 in starts(n, n_starts, seed) {
                let mut simplex = vec![z0.clone()];
                for k in 0..n {
                    let mut v = z0.clone();
                    v[k] += 1.0;
                    simplex.push(v);
                }
                let solver = NelderMead::new(simplex)
                    .with_sd_tolerance(1e-12)
                    .map_err(argmin_err)?;
                let res = Executor::new(view(), solver)
                    .configure(|s| s.max_iters(cap(DEFAULT_MAX_ITERS.0)))
                    .run()
                    .map_err(argmin_err)?;
                let st = res.state();
                let converged = matches!(
                    st.get_termination_reason(),
                    Some(argmin::core::TerminationReason::SolverConverged)
                );
                let x = st.get_best_param().cloned().unwrap_or(z0);
                consider(st.get_best_cost(), x, converged, &mut best);
            }
        }
        SolverKind::Lbfgs => {
            for z0 in starts(n, n_starts, seed) {
                let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
                    .with_tolerance_grad(1e-9)
                    .map_err(argmin_err)?
                    .with_tolerance_cost(1e-14)
                    .map_err(argmin_err)?;
                let res = Executor::new(view(), solver)
                    .configure(|s| s.param(z0.clone()).max_iters(cap(DEFAULT_MAX_ITERS.1)))
                    .run();
                match res {
                    Ok(res) => {
                        let st = res.state();
                        let converged = matches!(
                            st.get_termination_reason(),
                            Some(argmin::core::TerminationReason::SolverConverged)
                        );
                        let x = st.get_best_param().cloned().unwrap_or(z0);
                        consider(st.get_best_cost(), x, converged, &mut best);
                    }
                    // A line search that cannot make progress (flat region at a bound) ends this start.
                    Err(_) => {
                        let v = view();
                        consider(v.value(&z0), z0, false, &mut best);
                    }
                }
            }
        }
        SolverKind::ParticleSwarm => {
            let lo = Array1::from_iter(free.iter().map(|&i| p.menu.instrument[i].lower));
            let hi = Array1::from_iter(free.iter().map(|&i| p.menu.instrument[i].upper));
            let solver = ParticleSwarm::new((lo, hi), 40)
                .with_rng_generator(ChaCha8Rng::seed_from_u64(seed));
            let res = Executor::new(view(), solver)
                .configure(|s| s.max_iters(cap(DEFAULT_MAX_ITERS.2)))
                .run()
                .map_err(argmin_err)?;
            let st = res.state();
            let x = st
                .get_best_param()
                .map(|p| p.position.clone())
                .ok_or_else(|| {
                    Error::numerical(
                        crate::error::NumericalCause::Other,
                        "particle swarm found no particle",
                    )
                })?;
            // PSO has no convergence test of its own: it always runs its iterations, so it counts as
            // converged only when it ran the full default number of them.
            let full = cap(DEFAULT_MAX_ITERS.2) >= DEFAULT_MAX_ITERS.2;
            consider(st.get_best_cost(), x, full, &mut best);
        }
    }
    let (_, x) = best.ok_or_else(|| {
        Error::numerical(
            crate::error::NumericalCause::Other,
            "no solver start produced a result",
        )
    })?;
    let v = view();
    let amounts = v.amounts(&x);
    let objective = p.evaluate(&amounts).objective;
    Ok(SolverReport {
        solver: kind.name(),
        objective,
        evaluations: p.evaluations() - e0,
        seconds: t0.elapsed().as_secs_f64(),
        converged: all_converged,
        amounts,
    })
}

/// Visit every point of a grid with `points` values per free instrument (fixed instruments at their
/// bounds), handing each mix to `f`.
fn for_each_grid_point(p: &Problem, points: usize, mut f: impl FnMut(&[f64])) {
    let free = p.menu.free();
    let mut amounts: Vec<f64> = p.menu.base_amounts();
    let total = points.pow(free.len() as u32);
    for idx in 0..total {
        let mut r = idx;
        for &i in &free {
            let ins = &p.menu.instrument[i];
            let k = r % points;
            r /= points;
            amounts[i] = ins.lower + (ins.upper - ins.lower) * k as f64 / (points - 1) as f64;
        }
        f(&amounts);
    }
}

/// Exhaustive search over the free instruments on a grid with `points` values per instrument
/// (for verification on small menus: points^n evaluations).
pub fn grid_search(p: &Problem, points: usize) -> (f64, Vec<f64>) {
    let mut best = (f64::INFINITY, p.menu.base_amounts());
    for_each_grid_point(p, points, |a| {
        let v = p.evaluate(a).objective;
        if v < best.0 {
            best = (v, a.to_vec());
        }
    });
    best
}

/// The least GDP loss over a grid of `points` values per free instrument among mixes costing at most
/// `cap_usd_bn` (and within the budget): the exhaustive check of the frontier on small menus.
pub fn grid_search_capped(p: &Problem, points: usize, cap_usd_bn: f64) -> (f64, Vec<f64>) {
    let mut best = (f64::INFINITY, p.menu.base_amounts());
    for_each_grid_point(p, points, |a| {
        let b = p.evaluate(a);
        if b.cost_usd_bn <= cap_usd_bn + 1e-9
            && b.budget_violation <= 1e-12
            && b.gdp_loss_pct < best.0
        {
            best = (b.gdp_loss_pct, a.to_vec());
        }
    });
    best
}

/// Scale the amounts above their lower bounds by the largest share in [0, 1] (bisection, 30 steps)
/// that keeps the mix's cost within `cap` (USD bn); unchanged if it already fits.
fn repair(p: &Problem, base: &[f64], a: Vec<f64>, cap: f64) -> Vec<f64> {
    if p.evaluate(&a).cost_usd_bn <= cap {
        return a;
    }
    let mix = |t: f64| -> Vec<f64> {
        a.iter()
            .zip(base)
            .map(|(x, lo)| lo + t * (x - lo))
            .collect()
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..30 {
        let mid = 0.5 * (lo + hi);
        if p.evaluate(&mix(mid)).cost_usd_bn <= cap {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    mix(lo)
}

/// Loss-cost frontier (epsilon-constraint): for cost caps from 0 to `max_cost_usd_bn`, the least
/// expected GDP loss among mixes costing at most the cap. At each cap the candidates are a
/// particle-swarm run and a Nelder-Mead multi-start under a penalty on cost above the cap, and the
/// previous (cheaper) cap's mix, which stays feasible (the warm start); the best feasible candidate
/// is kept. A mix found at a larger cap that is cheaper than a smaller cap and better there replaces
/// it (dominance filter), so the loss never rises with cost.
pub fn frontier(
    p: &Problem,
    max_cost_usd_bn: f64,
    points: usize,
    seed: u64,
) -> Result<Vec<FrontierPoint>> {
    let caps: Vec<f64> = (0..points)
        .map(|k| max_cost_usd_bn * k as f64 / (points.max(2) - 1) as f64)
        .collect();
    let feasible = |b: &Breakdown, cap: f64| {
        b.cost_usd_bn <= cap * (1.0 + 1e-6) + 1e-9 && b.budget_violation <= 1e-9
    };
    let base = p.menu.base_amounts();
    let mut found: Vec<(f64, Vec<f64>)> = Vec::with_capacity(points);
    for &cap in &caps {
        let mut cands: Vec<Vec<f64>> = vec![base.clone()];
        if let Some(prev) = found.last() {
            cands.push(prev.1.clone());
        }
        cands.push(run(p, SolverKind::ParticleSwarm, 1, seed, Some(cap))?.amounts);
        cands.push(run(p, SolverKind::NelderMead, 4, seed, Some(cap))?.amounts);
        let mut best: Option<(f64, Vec<f64>)> = None;
        for a in cands {
            // The penalised solvers can end a little above the cap: shrink the free instruments
            // towards their lower bounds (bisection on the share kept) until the mix fits.
            let a = repair(p, &base, a, cap);
            let b = p.evaluate(&a);
            if feasible(&b, cap) && best.as_ref().is_none_or(|x| b.gdp_loss_pct < x.0) {
                best = Some((b.gdp_loss_pct, a));
            }
        }
        found.push(best.unwrap_or_else(|| (p.evaluate(&base).gdp_loss_pct, base.clone())));
    }
    // Dominance: a mix found under a larger cap that is feasible under a smaller one and better there.
    for k in 0..found.len() {
        for j in k + 1..found.len() {
            let b = p.evaluate(&found[j].1);
            if feasible(&b, caps[k]) && b.gdp_loss_pct < found[k].0 {
                found[k] = (b.gdp_loss_pct, found[j].1.clone());
            }
        }
        if k > 0 && found[k].0 > found[k - 1].0 {
            found[k] = found[k - 1].clone();
        }
    }
    Ok(found
        .into_iter()
        .map(|(_, a)| {
            let b = p.evaluate(&a);
            FrontierPoint {
                cost_usd_bn: b.cost_usd_bn,
                gdp_loss_pct: b.gdp_loss_pct,
                amounts: a,
            }
        })
        .collect())
}
