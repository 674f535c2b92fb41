//! Optimizer benchmarks: objective evaluations per second and time to solution per solver on the default
//! problem (precomputed once). Compare with tools/reference/optimize_scipy.py on the exported problem.

use criterion::{criterion_group, criterion_main, Criterion};
use headwind::data::{DataSource, Dataset};
use headwind::econometrics::{Estimates, ModelSpec};
use headwind::forecast::{Forecaster, Scenario};
use headwind::io::Concordance;
use headwind::negotiation::{run, Menu, Problem, ProblemSettings, SolverKind, UsResponse};

fn problem() -> Problem {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (l, t) = headwind::models::resolve("model", None).unwrap();
    let spec = ModelSpec::parse(&l, &t).unwrap();
    let est = Estimates::estimate(&ds, &spec, &l).unwrap();
    let (gl, gt) = headwind::models::resolve("groups", None).unwrap();
    let groups = Concordance::parse(&gl, &gt, &ds.io.sectors).unwrap();
    let (sl, st) = headwind::models::resolve_scenario("korus", None).unwrap();
    let korus = Scenario::parse(&sl, &st, &ds.io.sectors, &groups, &ds.tariffs).unwrap();
    let fc = Forecaster::new(&ds, &est, &spec.trade, groups.clone()).unwrap();
    let (ml, mt) = headwind::models::resolve("concessions/menu", None).unwrap();
    let (rl, rt) = headwind::models::resolve("us_response", None).unwrap();
    let r = UsResponse::calibrate(&rl, &rt, &ds.deals).unwrap();
    let settings = ProblemSettings {
        paths: 400,
        seed: 20251029,
        risk_weight: 0.0,
        budget: None,
        link_defence: false,
    };
    Problem::build(
        &ds,
        &fc,
        &groups,
        &korus,
        Menu::parse(&ml, &mt).unwrap(),
        r,
        settings,
    )
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let p = problem();
    let mix = [200.0, 150.0, 28.6, 0.0, 1.0, 0.0];
    c.bench_function("evaluate_one_mix", |b| b.iter(|| p.evaluate(&mix)));
    let mut g = c.benchmark_group("time_to_solution");
    g.sample_size(20);
    for k in [
        SolverKind::NelderMead,
        SolverKind::ParticleSwarm,
        SolverKind::Lbfgs,
    ] {
        let starts = if k == SolverKind::ParticleSwarm { 1 } else { 4 };
        g.bench_function(k.name(), |b| {
            b.iter(|| run(&p, k, starts, 20251029, None).unwrap())
        });
    }
    g.finish();
}

criterion_group!(optimize, benches);
criterion_main!(optimize);
