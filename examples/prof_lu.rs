//! Profiling loop: the faer LU path at size n (argument, default 1,000), split into conversion,
//! factorization, 100-column solve and conversion back, sequential and on the rayon pool.
use faer::linalg::solvers::{PartialPivLu, Solve};
use headwind::linalg::faer_impl::{from_faer, to_faer};
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
    for par in [faer::Par::Seq, faer::Par::rayon(0)] {
        faer::set_global_parallelism(par);
        let mut t = [0.0f64; 4];
        for _ in 0..5 {
            let s = Instant::now();
            let fa = to_faer(&a.view());
            t[0] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let lu = PartialPivLu::new(fa.as_ref());
            t[1] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let fb = to_faer(&d.view());
            let x = lu.solve(fb.as_ref());
            t[2] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            std::hint::black_box(from_faer(x.as_ref()));
            t[3] += s.elapsed().as_secs_f64();
        }
        println!(
            "{par:?}: to_faer {:.2} ms, lu {:.2} ms, solve {:.2} ms, from_faer {:.2} ms",
            t[0] * 200.0,
            t[1] * 200.0,
            t[2] * 200.0,
            t[3] * 200.0
        );
    }
}
