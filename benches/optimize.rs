//! Optimizer benchmarks: objective evaluations per second and time to solution per solver on the default
//! problem (precomputed once). Compare with tools/reference/optimize_scipy.py on the exported problem.

use criterion::{criterion_group, criterion_main, Criterion};
use headwind::negotiation::{run, Problem, ProblemSettings, RiskMeasure, SolverKind, UsResponse};
use headwind::workbench::Workbench;

fn problem() -> Problem {
    let wb = Workbench::embedded().unwrap();
    let (korus, _) = wb.scenario("korus").unwrap();
    let fc = wb.forecaster().unwrap();
    let (ml, mt) = headwind::models::resolve("concessions/menu", None).unwrap();
    let (rl, rt) = headwind::models::resolve("us_response", None).unwrap();
    let r = UsResponse::calibrate(
        headwind::spec::parse_response(&rl, &rt).unwrap(),
        &rl,
        &wb.ds.deals,
    )
    .unwrap();
    let settings = ProblemSettings {
        paths: 400,
        seed: 20251029,
        risk_weight: 0.0,
        risk_measure: RiskMeasure::PNegative,
        budget: None,
        link_defence: Some(false),
        settle: None,
    };
    Problem::build(
        &wb.ds,
        &fc,
        &korus,
        headwind::spec::parse_menu(&ml, &mt).unwrap(),
        r,
        settings,
    )
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let p = problem();
    let mix = [200.0, 150.0, 28.6, 0.0, 1.0, 0.0, 0.0];
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
