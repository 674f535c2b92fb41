//! Value chains through third countries (issue #14, item 4): a US tariff on a partner's exports to the
//! US (a scenario measure with `partner = "CHN"`) lowers those exports, and with them the Korean value
//! added embodied in them (Korean intermediates in Chinese, Mexican, Vietnamese... goods).
//!
//! For partner p and horizon quarter t: wedge Δ_p,t = ln(1 + τ_p,t/100) (against the status quo, which
//! holds no partner measures: the shipped tariff record is Korea's), the partner's export volume to the
//! US Δln X_p = −ε φ Σ_k w_k Δ_p,t−k (the path's aggregate elasticity ε and pass-through φ, the same lag
//! profile as Korea's), and the Korean value added embodied falls in proportion:
//! ΔVA_g,t = VA_p,g (e^{Δln X_p} − 1), by Korean sector group g, real GDP level 100 Σ ΔVA / VA.
//! VA_p,g is the latest year of data/korean_va_in_partner_exports_to_us.csv (WIOD 2011 coefficients
//! × ICIO 2022 bilateral exports), quarterly, at 2020 prices.
//!
//! Not modelled (stated in the README): US buyers switching from the partner to Korean goods (trade
//! diversion in Korea's favour), and the partner's own demand for Korean goods for home use.

use super::{Forecaster, Scenario};
use crate::data::ValueChain;
use crate::trade::TradeDraw;

/// KRW per USD of 2020 (FRED EXKOUS mean, data/PROVENANCE.md).
const KRW_PER_USD_2020: f64 = 1179.60;
/// ASSUMPTION: current-USD values of the value-chain year are deflated to 2020 prices by Korea's
/// export unit value of H2 2024 (1.1317, ECOS; the deflator of the 2024 exposure), for want of a
/// 2022 index in the raw data.
const USD_DEFLATOR: f64 = 1.1317;

/// Korean value added embodied in one partner's exports to the US, by Korean sector group.
#[derive(Debug, Clone)]
pub struct PartnerExposure {
    /// Partner (ISO3).
    pub partner: String,
    /// Year of the data.
    pub year: i32,
    /// Per Korean sector group: (group, quarterly VA embodied in KRW bn at 2020 prices, direct
    /// share of it).
    pub sectors: Vec<(String, f64, f64)>,
}

/// The exposures of every partner in the latest year of the data.
pub fn partner_exposures(rows: &[ValueChain]) -> Vec<PartnerExposure> {
    let latest = rows.iter().map(|v| v.year).max().unwrap_or(0);
    let mut out: Vec<PartnerExposure> = Vec::new();
    for r in rows
        .iter()
        .filter(|r| r.year == latest && r.partner != "ALL")
    {
        let va_q = r.va_usd_bn * KRW_PER_USD_2020 / USD_DEFLATOR / 4.0;
        let direct = if r.va_usd_bn > 0.0 {
            r.direct_usd_bn / r.va_usd_bn
        } else {
            0.0
        };
        match out.iter_mut().find(|p| p.partner == r.partner) {
            Some(p) => p.sectors.push((r.korean_sector.clone(), va_q, direct)),
            None => out.push(PartnerExposure {
                partner: r.partner.clone(),
                year: latest,
                sectors: vec![(r.korean_sector.clone(), va_q, direct)],
            }),
        }
    }
    out
}

/// The value-chain effect of one partner's measures on one Korean sector group, at central
/// parameters (scenario vs its comparator).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ValueChainEffect {
    /// Partner (ISO3).
    pub partner: String,
    /// Korean sector group (value-chain classification).
    pub korean_sector: String,
    /// Change in Korean value added over the horizon, USD bn at 2020 prices.
    pub va_change_usd_bn: f64,
    /// Average change in Korean value added over the horizon, % of GDP.
    pub va_change_pct_gdp: f64,
    /// Part of it in Korean inputs bought directly by the partner, USD bn.
    pub direct_usd_bn: f64,
    /// Part through third countries' inputs, USD bn.
    pub indirect_usd_bn: f64,
    /// Year of the value-chain data.
    pub data_year: i32,
}

impl Forecaster {
    /// Multiplicative change e^{Δln X_p,t} − 1 of partner `p`'s exports to the US by horizon quarter
    /// for the scenario's partner measures and the path's trade parameters.
    fn partner_volume(&self, s: &Scenario, p: &str, t: TradeDraw) -> Vec<f64> {
        let tau = s.partner_rates(p, s.start, s.quarters);
        let w = self.response().lag_profile();
        let delta: Vec<f64> = tau.iter().map(|x| (1.0 + x / 100.0).ln()).collect();
        let (phi0, sd) = self.partner_pass_through;
        let phi = (phi0 + sd * t.phi_z).clamp(0.0, 1.0);
        (0..delta.len())
            .map(|k| {
                let lagged: f64 = (0..w.len().min(k + 1)).map(|m| w[m] * delta[k - m]).sum();
                (-t.elasticity * phi * lagged).exp() - 1.0
            })
            .collect()
    }

    /// The real GDP level deviation (% of quarterly GDP) by horizon quarter from the scenario's
    /// partner measures (zero without any).
    pub fn value_chain_level(&self, s: &Scenario, t: TradeDraw) -> Vec<f64> {
        let mut level = vec![0.0; s.quarters];
        for p in s.partners() {
            let Some(e) = self.value_chains.iter().find(|e| e.partner == p) else {
                continue;
            };
            let va: f64 = e.sectors.iter().map(|x| x.1).sum();
            for (l, v) in level.iter_mut().zip(self.partner_volume(s, &p, t)) {
                *l += 100.0 * va * v / self.quarterly_value_added();
            }
        }
        level
    }

    /// Per partner and Korean sector group, the value-chain effect of `scenario` against
    /// `baseline` at central parameters.
    pub fn value_chain_effects(
        &self,
        scenario: &Scenario,
        baseline: &Scenario,
    ) -> Vec<ValueChainEffect> {
        let t = self.response().central();
        let mut partners = scenario.partners();
        partners.extend(baseline.partners());
        partners.sort();
        partners.dedup();
        let h = scenario.quarters as f64;
        let mut out = Vec::new();
        for p in partners {
            let Some(e) = self.value_chains.iter().find(|e| e.partner == p) else {
                continue;
            };
            let vs = self.partner_volume(scenario, &p, t);
            let vb = self.partner_volume(baseline, &p, t);
            let total: f64 = vs.iter().zip(&vb).map(|(a, b)| a - b).sum();
            for (g, va_q, direct) in &e.sectors {
                let krw = va_q * total;
                let usd = krw / KRW_PER_USD_2020;
                out.push(ValueChainEffect {
                    partner: p.clone(),
                    korean_sector: g.clone(),
                    va_change_usd_bn: usd,
                    va_change_pct_gdp: 100.0 * krw / (self.quarterly_value_added() * h),
                    direct_usd_bn: usd * direct,
                    indirect_usd_bn: usd * (1.0 - direct),
                    data_year: e.year,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(partner: &str, year: i32, va: f64, direct: f64) -> ValueChain {
        ValueChain {
            partner: partner.into(),
            korean_sector: "chem".into(),
            year,
            va_usd_bn: va,
            direct_usd_bn: direct,
            indirect_usd_bn: va - direct,
            partner_exports_to_us_usd_bn: 400.0,
        }
    }

    #[test]
    fn exposures_are_the_latest_year_s_partners_in_krw_at_2020_prices_per_quarter() {
        // 2022 rows only, `ALL` left out; VA 4.5271 USD bn a year (current) = 4.5271 × 1,179.60 /
        // 1.1317 / 4 KRW bn a quarter at 2020 prices; direct share 1.5 / 4.5271; a zero-VA row has
        // a zero direct share (not 0/0). Partners keep the order of their first row.
        let rows = [
            row("CHN", 2011, 9.0, 1.0),
            row("MEX", 2022, 4.5271, 1.5),
            row("ALL", 2022, 20.0, 2.0),
            row("CHN", 2022, 0.0, 0.0),
            row("MEX", 2022, 1.0, 0.25),
        ];
        let e = partner_exposures(&rows);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].partner.as_str(), e[0].year), ("MEX", 2022));
        assert_eq!(e[1].partner, "CHN");
        let (g, va_q, direct) = &e[0].sectors[0];
        assert_eq!(g, "chem");
        assert!((va_q - 4.5271 * 1179.60 / 1.1317 / 4.0).abs() < 1e-12);
        assert!((direct - 1.5 / 4.5271).abs() < 1e-15);
        assert_eq!(e[0].sectors.len(), 2);
        assert!((e[0].sectors[1].2 - 0.25).abs() < 1e-15);
        assert_eq!(e[1].sectors[0].1, 0.0);
        assert_eq!(e[1].sectors[0].2, 0.0);
    }
}
