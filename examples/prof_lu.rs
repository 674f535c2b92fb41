//! Profiling loop: factorize + solve 100 right-hand sides at size n (argument, default 1,000) with
//! the compiled backend's `Lu`; prints the median of 7 runs in milliseconds.
use headwind::linalg::Lu;
use ndarray::Array2;
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let a = Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            1.0
        } else {
            -0.6 / n as f64 * (((i * 7 + j * 13) % 17) as f64 / 8.0)
        }
    });
    let d = Array2::from_shape_fn((n, 100), |(i, k)| ((i + 3 * k) % 11) as f64);
    let mut ts: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(Lu::new(a.view()).unwrap().solve(d.view()).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    println!("n = {n}: {:.1} ms", ts[3]);
}
