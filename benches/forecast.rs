//! Forecast benchmarks: the default job (deal-15 vs korus, 10,000 paths) as simulation only (setup
//! precomputed) and end to end (load data, estimate, precompute, simulate). Compare with
//! tools/reference/pipeline.py (numpy/statsmodels, the same problem); README, Performance.

use criterion::{criterion_group, criterion_main, Criterion};
use headwind::data::{DataSource, Dataset};
use headwind::econometrics::{Estimates, ModelSpec};
use headwind::forecast::{Forecaster, McSettings, Scenario, Shocks};
use headwind::io::Concordance;

const MC: McSettings = McSettings {
    paths: 10_000,
    seed: 20251029,
    shocks: Shocks::Bootstrap,
    parameter_uncertainty: true,
};

fn end_to_end() -> f64 {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (l, t) = headwind::models::resolve("model", None).unwrap();
    let spec = ModelSpec::parse(&l, &t).unwrap();
    let est = Estimates::estimate(&ds, &spec, &l).unwrap();
    let (gl, gt) = headwind::models::resolve("groups", None).unwrap();
    let groups = Concordance::parse(&gl, &gt, &ds.io.sectors).unwrap();
    let sc = |n: &str| {
        let (a, b) = headwind::models::resolve_scenario(n, None).unwrap();
        Scenario::parse(&a, &b, &ds.io.sectors, &groups, &ds.tariffs).unwrap()
    };
    let (s, b) = (sc("deal-15"), sc("korus"));
    let fc = Forecaster::new(&ds, &est, &spec.trade, groups.clone()).unwrap();
    let sim = fc.simulate(&s, &b, MC, &|_| {}).unwrap();
    sim.scenario[0][0]
}

fn benches(c: &mut Criterion) {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (l, t) = headwind::models::resolve("model", None).unwrap();
    let spec = ModelSpec::parse(&l, &t).unwrap();
    let est = Estimates::estimate(&ds, &spec, &l).unwrap();
    let (gl, gt) = headwind::models::resolve("groups", None).unwrap();
    let groups = Concordance::parse(&gl, &gt, &ds.io.sectors).unwrap();
    let sc = |n: &str| {
        let (a, b) = headwind::models::resolve_scenario(n, None).unwrap();
        Scenario::parse(&a, &b, &ds.io.sectors, &groups, &ds.tariffs).unwrap()
    };
    let (s, b) = (sc("deal-15"), sc("korus"));
    let fc = Forecaster::new(&ds, &est, &spec.trade, groups.clone()).unwrap();
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
