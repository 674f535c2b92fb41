//! # headwind
//!
//! How US tariffs hit South Korea's exports, sector by sector, and its quarterly GDP; and which
//! concession mix costs Korea least.
//!
//! The crate follows one principle: **spec → checked model → result value → renderer**.
//! - [`spec`]: the only place TOML is read (model, scenarios, groups, menu, mixes, US response), into
//!   checked model types that can also be built in code;
//! - [`data`]: the real datasets (Bank of Korea 2020 IO table, quarterly macro series, exports to the
//!   US by sector, the US tariff timeline, trade elasticities, the 2025 deals), embedded and validated
//!   on load;
//! - [`linalg`]: dense linear algebra (faer by default, LAPACK with feature `lapack`);
//! - [`input_output`]: the Leontief model (Miller & Blair names): coefficients, productivity check,
//!   multipliers, final-demand inducement, shock propagation, aggregation, Type II;
//! - [`econometrics`]: OLS with robust covariances (statsmodels conventions), quantile regression, the
//!   ARX GDP model and its one recursion, the export equation, rolling backtests;
//! - [`trade`]: tariff schedules and the export response to tariff wedges;
//! - [`forecast`]: scenarios, the Monte Carlo and the [`ForecastDistribution`](forecast::ForecastDistribution);
//! - [`negotiation`]: menus, the calibrated US response, the precomputed concession-mix problem,
//!   solvers, the frontier, [`OptimizeReport`](negotiation::OptimizeReport) and
//!   [`Comparison`](negotiation::Comparison);
//! - [`report`]: metadata, JSON, tables, charts and the [`Render`](report::Render) trait;
//! - [`workbench`]: load once, then one method per question;
//! - [`fuzzing`]: the entry points of the fuzz targets;
//! - [`error`]: one error type with a variant per area.
//!
//! The library never prints, exits or reads environment variables; the `headwind` binary does.
//! Units: IO flows are million KRW (2020 producer prices) unless a field says otherwise; growth is in
//! log points q/q (≈ % q/q); tariffs are % ad valorem.
//!
//! ```
//! use headwind::workbench::{ForecastRequest, Workbench};
//!
//! let wb = Workbench::embedded()?;
//! let req = ForecastRequest { paths: 500, ..ForecastRequest::default() };
//! let dist = wb.forecast(&req, &|_| {})?;
//! println!("{}", dist.summary());
//! assert_eq!(dist.quarters.len(), 8);
//! assert!(dist.gdp_level_effect_pct < 0.0, "the 2025 deal's tariffs lower GDP against KORUS");
//! # Ok::<(), headwind::Error>(())
//! ```

pub mod data;
pub mod econometrics;
pub mod error;
pub mod forecast;
pub mod fuzzing;
pub mod input_output;
pub mod linalg;
pub mod negotiation;
pub mod nowcast;
pub mod report;
pub mod spec;
pub mod sweep;
pub mod trade;
pub mod workbench;

pub use error::{Error, NumericalCause, Result};
/// The model files shipped in `models/` (embedded) and how a FILE|NAME argument resolves.
pub use spec::embedded as models;
