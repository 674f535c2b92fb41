//! Econometrics: OLS by QR with robust covariances and diagnostics, matching statsmodels'
//! conventions; summaries that read like statsmodels' tables. Pure: no I/O.

mod covariance;
mod diagnostics;
mod ols;
mod summary;

pub use covariance::{newey_west_auto_lags, CovType};
pub use diagnostics::{durbin_watson, jarque_bera, ljung_box, skew_kurtosis, TestStat};
pub use ols::{Coefficient, Ols, OlsFit, LJUNG_BOX_LAGS};
pub use summary::Summary;
