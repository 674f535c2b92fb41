//! Trade: US tariff schedules on Korean goods by sector and quarter (from the measures in data/).
//! Not for: the export response to tariffs (that belongs with the forecast).

mod tariffs;

pub use tariffs::{days_from_civil, effective_rates, export_weighted_rate, quarter_bounds};
