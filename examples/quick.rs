use headwind::data::{DataSource, Dataset};
use headwind::econometrics::{Estimates, ModelSpec};
fn main() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (l, t) = headwind::models::resolve("model", None).unwrap();
    let spec = ModelSpec::parse(&l, &t).unwrap();
    let e = Estimates::estimate(&ds, &spec, &l).unwrap();
    println!("{}", e.gdp.fit.summary("gdp", &e.gdp.sample()).to_text());
    println!("{:?}\n{:?}", e.gdp.lag_table, e.gdp.driver_choices);
    println!(
        "{}",
        e.exports
            .fit
            .summary("exports", &e.exports.sample())
            .to_text()
    );
    println!("{:?}", e.exports.tariff);
    for r in e.gdp.backtest(&spec.backtest).unwrap() {
        println!("{:?}", r);
    }
}
