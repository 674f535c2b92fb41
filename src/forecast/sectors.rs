//! Sector-group effects of a scenario at central parameters: exports to the US, value added (total
//! and direct) through the input-output model, averaged over the horizon; and the export-weighted
//! tariff path.

use super::{Forecaster, Scenario};
use crate::error::Result;

/// Per-sector-group effects at central parameters (averages over the horizon).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectorEffect {
    /// Group code.
    pub group: String,
    /// Group name.
    pub name: String,
    /// Change in exports to the US, % of the group's baseline exports to the US.
    pub exports_to_us_change_pct: f64,
    /// Change in exports to the US over the horizon, KRW bn at 2020 prices.
    pub exports_to_us_change_krw_bn: f64,
    /// The same in USD bn (2020 average KRW/USD).
    pub exports_to_us_change_usd_bn: f64,
    /// Change in the group's value added, % of its value added.
    pub value_added_change_pct: f64,
    /// Change in the group's value added, % of GDP.
    pub value_added_change_pct_gdp: f64,
    /// Share of the group's value-added change that is direct (its own exports), 0..1; 0 when the
    /// group has no direct part (no change in its own exports).
    pub direct_share: f64,
}

impl SectorEffect {
    /// Whether the group's value-added change has a direct part (its own exports changed).
    pub fn has_direct_part(&self) -> bool {
        self.exports_to_us_change_krw_bn != 0.0
    }
}

impl Forecaster {
    /// Sector-group effects at central parameters averaged over the horizon, and the export-weighted
    /// tariff path of `scenario` (%, one value per horizon quarter).
    pub fn sector_effects(
        &self,
        scenario: &Scenario,
        baseline: &Scenario,
    ) -> Result<(Vec<SectorEffect>, Vec<f64>)> {
        let w = self.wedges(scenario, baseline);
        let r = self.response();
        let (dv, dp) = r.changes_split(&w, scenario.front_loading.map(|f| f.share), r.central());
        let horizon = (&dv + &dp).t().to_owned(); // n x H, value change
                                                  // Real value added responds to the volume change only.
        let prop = self.leontief.propagate(dv.t())?;
        let g = self.groups.matrix();
        let hq = scenario.quarters as f64;
        let sum_t = |m: &ndarray::Array2<f64>| g.dot(&m.sum_axis(ndarray::Axis(1)));
        let de_g = sum_t(&horizon);
        let va_g = sum_t(&prop.value_added);
        let va_dir = sum_t(&prop.value_added_direct);
        let x_g = g.dot(r.exports_q()) * hq;
        let va_base = g
            .dot(&(&self.leontief.value_added_coefficients * &self.leontief.gross_output))
            / 1000.0
            / 4.0
            * hq;
        let va_q = self.quarterly_value_added();
        let effects = self
            .groups
            .groups
            .iter()
            .enumerate()
            .map(|(i, (code, name))| SectorEffect {
                group: code.clone(),
                name: name.clone(),
                exports_to_us_change_pct: if x_g[i] > 0.0 {
                    100.0 * de_g[i] / x_g[i]
                } else {
                    0.0
                },
                exports_to_us_change_krw_bn: de_g[i],
                exports_to_us_change_usd_bn: de_g[i] / self.krw_per_usd_2020,
                value_added_change_pct: 100.0 * va_g[i] / va_base[i],
                value_added_change_pct_gdp: 100.0 * va_g[i] / (va_q * hq),
                direct_share: if va_g[i].abs() > 1e-12 && de_g[i] != 0.0 {
                    va_dir[i] / va_g[i]
                } else {
                    0.0
                },
            })
            .collect();
        let x = r.exports_q();
        let wsum = x.sum();
        let tariff_path: Vec<f64> = (0..scenario.quarters)
            .map(|k| {
                let tau = scenario.rates(r.n(), scenario.start.offset(k as i64), 1);
                tau.row(0).dot(x) / wsum
            })
            .collect();
        Ok((effects, tariff_path))
    }
}

/// One IO sector's US tariff by forecast quarter (JSON `tariff_schedule[]`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TariffScheduleRow {
    /// IO sector code.
    pub code: String,
    /// Sector name.
    pub name: String,
    /// Reporting group code.
    pub group: String,
    /// Scenario's additional US tariff, % ad valorem (coverage-weighted), per horizon quarter.
    pub rates: Vec<f64>,
    /// The comparator's.
    pub baseline_rates: Vec<f64>,
}

impl Forecaster {
    /// The per-sector, per-quarter schedule of `scenario` and `baseline` (sectors with a non-zero
    /// rate in either) and their export-weighted rates over goods only (%, per quarter).
    pub fn tariff_schedule(
        &self,
        scenario: &Scenario,
        baseline: &Scenario,
    ) -> (Vec<TariffScheduleRow>, Vec<f64>, Vec<f64>) {
        let r = self.response();
        let n = r.n();
        let ts = scenario.rates(n, scenario.start, scenario.quarters);
        let tb = baseline.rates(n, scenario.start, scenario.quarters);
        let goods = r.goods_mask();
        let x = r.exports_q();
        let wg: f64 = (0..n).filter(|&j| goods[j]).map(|j| x[j]).sum();
        let goods_rate = |t: &ndarray::Array2<f64>| -> Vec<f64> {
            (0..scenario.quarters)
                .map(|k| {
                    (0..n)
                        .filter(|&j| goods[j])
                        .map(|j| t[[k, j]] * x[j])
                        .sum::<f64>()
                        / wg
                })
                .collect()
        };
        let sectors = self.leontief.sectors();
        let rows = (0..n)
            .filter(|&j| {
                ts.column(j)
                    .iter()
                    .chain(tb.column(j).iter())
                    .any(|v| *v != 0.0)
            })
            .map(|j| TariffScheduleRow {
                code: sectors[j].code.clone(),
                name: sectors[j].label.clone(),
                group: self.groups.groups[self.groups.assignment[j]].0.clone(),
                // + 0.0 turns a negative zero (an all-in measure minus itself) into 0.
                rates: ts.column(j).iter().map(|v| v + 0.0).collect(),
                baseline_rates: tb.column(j).iter().map(|v| v + 0.0).collect(),
            })
            .collect();
        (rows, goods_rate(&ts), goods_rate(&tb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effect(krw_bn: f64) -> SectorEffect {
        SectorEffect {
            group: "g".into(),
            name: "group".into(),
            exports_to_us_change_pct: 0.0,
            exports_to_us_change_krw_bn: krw_bn,
            exports_to_us_change_usd_bn: 0.0,
            value_added_change_pct: -0.1,
            value_added_change_pct_gdp: -0.01,
            direct_share: 0.0,
        }
    }

    /// A group has a direct part exactly when its own exports to the US change (either way); a
    /// group hit only through its inputs to other exporters has none (the table prints "none").
    #[test]
    fn a_direct_part_is_a_change_in_the_group_s_own_exports() {
        assert!(!effect(0.0).has_direct_part());
        assert!(effect(-12.5).has_direct_part());
        assert!(effect(3.0).has_direct_part());
    }
}
