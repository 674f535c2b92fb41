//! Econometrics: OLS by QR with robust covariances and diagnostics (statsmodels' conventions), the
//! quarterly GDP model (ARX with lag selection), the export equation with the tariff wedge, and
//! rolling-origin backtests. Pure: no I/O.

mod arx;
mod backtest;
mod covariance;
mod diagnostics;
mod evaluation;
mod export_eq;
mod local_mean;
mod model;
mod ols;
mod quantile;
mod report;
mod summary;
mod timeseries;

pub use arx::{
    ArxConfig, ArxLayout, BacktestRow, BacktestSpec, Criterion, DriverChoice, DriverMode,
    DriverSpec, GdpMethod, GdpModel, GdpSpec, LagChoice, RollingForecasts,
};
pub use backtest::{brier, diebold_mariano, mae, rmse, DieboldMariano};
pub use covariance::{newey_west_auto_lags, CovType};
pub use diagnostics::{durbin_watson, jarque_bera, ljung_box, skew_kurtosis, TestStat};
pub use evaluation::{
    evaluate, simulate_local_mean, Evaluation, OriginForecast, PitHistogram, ROLLING_MEAN_20,
};
pub use export_eq::{tariff_series, ExportEquation, ExportSpec, TariffElasticity, TariffSpec};
pub use local_mean::{LocalMeanDraw, LocalMeanFit, LocalMeanSpec};
pub use model::{Channel, Estimates, GroupPassThrough, ModelSpec, TradeSpec, GAR_QUANTILES};
pub use ols::{Coefficient, Ols, OlsFit, LJUNG_BOX_LAGS};
pub use quantile::{
    quantreg, quantreg_last_iterate, rearranged_quantiles, QuantileFit, MAX_ITER, P_TOL,
};
pub use report::{BacktestReport, EstimateMeta, EstimateReport, GrowthAtRisk, BACKTEST_NOTE};
pub use summary::Summary;
pub use timeseries::{build_design, transform, Design, Term, Transform, Variable};
