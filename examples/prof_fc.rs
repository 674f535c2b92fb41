//! Profiling loop: `N` Monte Carlo simulations of the default forecast (deal-15 vs korus, 10,000
//! paths); prints milliseconds per simulation. Run under perf or callgrind.
use headwind::forecast::{McSettings, Shocks};
use headwind::workbench::Workbench;
fn main() {
    let wb = Workbench::embedded().unwrap();
    let (s, b) = (
        wb.scenario("deal-15").unwrap().0,
        wb.scenario("korus").unwrap().0,
    );
    let fc = wb.forecaster().unwrap();
    let mc = McSettings {
        paths: 10_000,
        seed: 20251029,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(fc.simulate(&s, &b, mc, &|_| {}).unwrap());
    }
    println!(
        "{} ms per simulate",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}
