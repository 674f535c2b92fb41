//! IO-core benchmarks: the 83-sector BOK table (factorize + solve, propagation of 100 shocks) and
//! synthetic productive tables at n = 500, 1,000 and 3,500 on the compiled backend, plus faer
//! directly when the `lapack` feature is on (so one run measures both). Compare with
//! tools/reference/bench_numpy_io.py (numpy/LAPACK on the same problems); README, Performance.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use headwind::data::{DataSource, Dataset};
use headwind::input_output::Leontief;
use headwind::linalg::{faer_impl, Lu, BACKEND};
use ndarray::Array2;
use rand::{Rng, SeedableRng};

/// A random productive I - A: A >= 0 with every column summing to 0.6 (seeded).
fn synthetic(n: usize) -> Array2<f64> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20250730);
    let mut a = Array2::from_shape_fn((n, n), |_| rng.random::<f64>());
    for mut col in a.columns_mut() {
        let s = col.sum();
        col.mapv_inplace(|v| -0.6 * v / s);
    }
    for i in 0..n {
        a[[i, i]] += 1.0;
    }
    a
}

fn bok(c: &mut Criterion) {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let mut g = c.benchmark_group("bok83");
    g.bench_function(format!("build_factorize/{BACKEND}"), |b| {
        b.iter(|| Leontief::new(&ds.io).unwrap())
    });
    let m = Leontief::new(&ds.io).unwrap();
    let shocks = Array2::from_shape_fn((83, 100), |(i, k)| ((i * 31 + k * 7) % 17) as f64 - 8.0);
    g.bench_function(format!("propagate_100_shocks/{BACKEND}"), |b| {
        b.iter(|| m.propagate(shocks.view()).unwrap())
    });
    g.bench_function(format!("multipliers/{BACKEND}"), |b| {
        b.iter(|| m.multipliers().unwrap())
    });
    g.finish();
}

fn synthetic_tables(c: &mut Criterion) {
    let mut g = c.benchmark_group("factorize_solve");
    g.sample_size(10);
    for n in [500usize, 1000, 3500] {
        let a = synthetic(n);
        let d = Array2::from_shape_fn((n, 100), |(i, k)| ((i + 3 * k) % 11) as f64);
        g.bench_with_input(BenchmarkId::new(BACKEND, n), &n, |b, _| {
            b.iter(|| Lu::new(a.view()).unwrap().solve(d.view()).unwrap())
        });
        if BACKEND != "faer" {
            g.bench_with_input(BenchmarkId::new("faer", n), &n, |b, _| {
                b.iter(|| {
                    let (f, _) = faer_impl::Factor::new(&a.view()).unwrap();
                    f.solve(&d.view())
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bok, synthetic_tables);
criterion_main!(benches);
