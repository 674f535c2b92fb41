//! Forecast benchmarks: the default job (deal-15 vs korus, 10,000 paths) as simulation only (setup
//! precomputed) and end to end (load data, estimate, precompute, simulate). Compare with
//! tools/reference/pipeline.py (numpy/statsmodels, the same problem); README, Performance.

use criterion::{criterion_group, criterion_main, Criterion};
use headwind::forecast::{McSettings, Shocks};
use headwind::workbench::Workbench;

const MC: McSettings = McSettings {
    paths: 10_000,
    seed: 20251029,
    shocks: Shocks::Bootstrap,
    parameter_uncertainty: true,
};

fn end_to_end() -> f64 {
    let wb = Workbench::embedded().unwrap();
    let (s, b) = (
        wb.scenario("deal-15").unwrap().0,
        wb.scenario("korus").unwrap().0,
    );
    let sim = wb
        .forecaster()
        .unwrap()
        .simulate(&s, &b, MC, &|_| {})
        .unwrap();
    sim.scenario[0][0]
}

fn benches(c: &mut Criterion) {
    let wb = Workbench::embedded().unwrap();
    let (s, b) = (
        wb.scenario("deal-15").unwrap().0,
        wb.scenario("korus").unwrap().0,
    );
    let fc = wb.forecaster().unwrap();
    let mut g = c.benchmark_group("forecast");
    g.sample_size(20);
    g.bench_function("simulate_10000_paths", |bch| {
        bch.iter(|| fc.simulate(&s, &b, MC, &|_| {}).unwrap())
    });
    g.bench_function("end_to_end_10000_paths", |bch| bch.iter(end_to_end));
    g.finish();
}

criterion_group!(forecast, benches);
criterion_main!(forecast);
