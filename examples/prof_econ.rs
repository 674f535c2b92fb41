//! Profiling loop: `N` fits of the GDP equation (OLS with HAC(4)), or of the median quantile
//! regression with the argument `q`; prints microseconds per fit. Run under perf or callgrind.
use headwind::econometrics::{quantreg, CovType, Ols};
use headwind::workbench::Workbench;
fn main() {
    let wb = Workbench::embedded().unwrap();
    let d = &wb.est.gdp.design;
    let ols = Ols::new(CovType::Hac { lags: Some(4) });
    let which = std::env::args().nth(1).unwrap_or_default();
    let t = std::time::Instant::now();
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20000);
    for _ in 0..n {
        if which == "q" {
            std::hint::black_box(quantreg(d.y.view(), d.x.view(), &d.names, 0.5).unwrap());
        } else {
            std::hint::black_box(ols.fit("y", d.y.view(), d.x.view(), &d.names).unwrap());
        }
    }
    println!("{} us per fit", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
