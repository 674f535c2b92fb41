use headwind::data::{DataSource, Dataset};
use headwind::econometrics::{quantreg, CovType, Estimates, ModelSpec, Ols};
fn main() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (label, text) = headwind::models::resolve("model", None).unwrap();
    let spec = ModelSpec::parse(&label, &text).unwrap();
    let est = Estimates::estimate(&ds, &spec, &label).unwrap();
    let d = &est.gdp.design;
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
