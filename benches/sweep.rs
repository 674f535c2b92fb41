//! Sweep throughput: the shipped design (models/sweeps/example.toml: 384 points of reciprocal-25 vs
//! korus, 400 paths each, common random numbers) run end to end by the library, in points per
//! second. Compare with tools/reference/sweep_numpy.py (the numpy pipeline running the same points,
//! setup hoisted out of the loop as here), run back to back on the same machine; README, Performance.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use headwind::workbench::Workbench;

fn benches(c: &mut Criterion) {
    let wb = Workbench::embedded().unwrap();
    let sweep = wb.sweep_spec("example").unwrap();
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    g.throughput(Throughput::Elements(sweep.points.len() as u64));
    g.bench_function("example_384_points_400_paths", |b| {
        b.iter(|| wb.sweep(&sweep, None, &|_| {}).unwrap())
    });
    g.finish();
}

criterion_group!(sweep, benches);
criterion_main!(sweep);
