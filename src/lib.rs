//! # headwind
//!
//! How US tariffs hit South Korea's exports, sector by sector, and its quarterly GDP.
//!
//! The crate is a pure numerical core plus thin I/O layers:
//! - [`data`]: the real datasets (Bank of Korea 2020 IO table, quarterly macro series, exports to the US by
//!   sector, the US tariff timeline, trade elasticities), embedded and validated on load;
//! - [`linalg`]: the dense linear-algebra interface (faer by default, LAPACK with feature `lapack`);
//! - [`io`]: the Leontief model: coefficients, productivity check, multipliers, final-demand inducement,
//!   shock propagation, sector aggregation and Type II multipliers;
//! - [`report`]: atomic file output and table rendering.
//!
//! Units: IO flows are million KRW (2020 producer prices) unless a field says otherwise.

pub mod cli;
pub mod data;
pub mod econometrics;
pub mod error;
pub mod forecast;
pub mod fuzzing;
pub mod io;
pub mod linalg;
pub mod models;
pub mod negotiation;
pub mod report;
pub mod spec;
pub mod trade;
pub mod workbench;

pub use error::{Error, Result};
