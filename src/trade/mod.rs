//! Trade: US tariff schedules on Korean goods by sector and quarter (from the measures in data/), and
//! the export response to tariff wedges ([`ExportResponse`]).

mod response;
mod tariffs;

pub use response::{ElasticityUsed, ExportResponse, TradeDraw, Wedges};
pub use tariffs::{days_from_civil, effective_rates, export_weighted_rate, quarter_bounds};
