//! Econometrics benchmarks: OLS with Newey-West on the GDP model's design, the 200-origin rolling
//! backtest, and the median quantile regression; compare with tools/reference/bench_statsmodels.py.

use criterion::{criterion_group, criterion_main, Criterion};
use headwind::data::{DataSource, Dataset, Quarter};
use headwind::econometrics::{evaluate, quantreg, ArxConfig, CovType, DriverMode, Estimates, Ols};

fn benches(c: &mut Criterion) {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let (label, text) = headwind::models::resolve("model", None).unwrap();
    let spec = headwind::spec::parse_model(&label, &text).unwrap();
    let est = Estimates::estimate(&ds, &spec, &label).unwrap();
    let d = &est.gdp.design;
    let ols = Ols::new(CovType::Hac { lags: Some(4) });
    c.bench_function("ols_hac_gdp", |b| {
        b.iter(|| ols.fit("y", d.y.view(), d.x.view(), &d.names).unwrap())
    });
    // About 200 origins: the AR(1) of GDP growth from 1962Q1, one-step forecasts from every origin
    // 1975Q3..2025Q4, re-estimating the model and the AR(1) benchmark at each origin.
    let mut ar_spec = spec.gdp.clone();
    ar_spec.sample_start = "1962Q1".parse().unwrap();
    ar_spec.candidates.clear();
    ar_spec.max_ar_lags = 1;
    let mut bt = spec.backtest.clone();
    bt.first_origin = "1975Q3".parse().unwrap();
    let ar =
        headwind::econometrics::GdpModel::estimate(&ds.macro_q, &ar_spec, &bt, &label).unwrap();
    let end: Quarter = "2026Q1".parse().unwrap();
    let origins = ar
        .rolling(
            &ArxConfig {
                p: 1,
                drivers: vec![],
            },
            1,
            bt.first_origin,
            Some(end),
            DriverMode::Realised,
        )
        .unwrap()
        .targets
        .len();
    assert_eq!(origins, 202);
    c.bench_function("rolling_backtest_202_origins", |b| {
        b.iter(|| {
            ar.rolling(
                &ArxConfig {
                    p: 1,
                    drivers: vec![],
                },
                1,
                bt.first_origin,
                Some(end),
                DriverMode::Realised,
            )
            .unwrap()
        })
    });
    // The shipped backtest: the local-mean baseline re-estimated at 85 origins, 4000 Monte Carlo
    // paths each, plus four benchmarks (the tools/reference/gdp_candidates.py job).
    c.bench_function("local_mean_backtest_85_origins", |b| {
        b.iter(|| evaluate(&est.gdp, &spec.backtest, &label).unwrap())
    });
    c.bench_function("quantreg_median_gdp", |b| {
        b.iter(|| quantreg(d.y.view(), d.x.view(), &d.names, 0.5).unwrap())
    });
}

criterion_group!(econometrics, benches);
criterion_main!(econometrics);
