//! The reinvestment argument from data (issue #15 item 6): Korea's direct investment in the US as a
//! share of its US goods surplus, computed from shipped series and printed beside the published
//! figures, with each mix's pledges on the same scale.
//!
//! FDI: the period averages published by KITA (`data/korea_us_reinvestment.csv`). Surplus, US Census
//! basis: US imports from Korea minus US exports to Korea (Census IMPKR/EXPKR), summed over the
//! years' quarters of `data/macro_quarterly.csv`. The Korean-customs surplus by year is not in the
//! data (only 2017 and 2024): the published Korean-customs ratios are shown with the surplus they
//! imply, FDI × years / ratio.

use crate::data::{Dataset, DutyFigure};
use crate::error::{Error, Result};
use crate::report::{Align, Table};

/// One period of the reinvestment table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReinvestmentPeriod {
    /// `YYYY-YYYY`.
    pub period: String,
    /// Korea's FDI in the US, USD bn per year (KITA).
    pub fdi_usd_bn_per_year: f64,
    /// US goods deficit with Korea summed over the period, US Census basis, USD bn.
    pub census_surplus_usd_bn: f64,
    /// FDI over the period / that surplus, %.
    pub ratio_census_pct: f64,
    /// The published ratio on the Korean customs basis, %, if any.
    pub published_ratio_pct: Option<f64>,
    /// Where it comes from (a claim where no source was found).
    pub published_source: Option<String>,
    /// The Korean-customs surplus the published ratio implies, FDI × years / ratio, USD bn.
    pub implied_korean_customs_surplus_usd_bn: Option<f64>,
}

/// The reinvestment table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reinvestment {
    /// 2017-2020, 2021-2024 and 2017-2024.
    pub periods: Vec<ReinvestmentPeriod>,
    /// The two sub-periods' implied Korean-customs surpluses added up, against the one KITA's
    /// 2017-2024 ratio implies (USD bn): the published figures' consistency.
    pub implied_surplus_sum_usd_bn: Option<(f64, f64)>,
    /// Korean-customs (KITA) and Census surplus in the years both are shipped: (year, KITA, Census).
    pub basis_comparison: Vec<(i32, f64, f64)>,
    /// Average annual US Census surplus 2021-2024, USD bn: the scale of a mix's pledges per year.
    pub census_surplus_per_year_2021_2024: f64,
}

fn figure<'a>(figs: &'a [DutyFigure], period: &str, measure: &str) -> Option<&'a DutyFigure> {
    figs.iter()
        .find(|f| f.period == period && f.measure == measure)
}

/// The US Census surplus (US imports from Korea − exports to Korea) in calendar year `y`, USD bn;
/// an error unless all four quarters are there.
pub fn census_surplus(ds: &Dataset, y: i32) -> Result<f64> {
    let q = &ds.macro_q;
    let get = |name: &str| {
        q.get(name)
            .ok_or_else(|| Error::data("macro_quarterly.csv", None, name, "missing series"))
    };
    let (imp, exp) = (
        get("us_imports_from_kor_usd_bn_nsa")?,
        get("us_exports_to_kor_usd_bn_nsa")?,
    );
    let mut total = 0.0;
    let mut n = 0;
    for (k, quarter) in q.quarters.iter().enumerate() {
        if quarter.year == y {
            match (imp.values[k], exp.values[k]) {
                (Some(i), Some(e)) => {
                    total += i - e;
                    n += 1;
                }
                _ => break,
            }
        }
    }
    if n != 4 {
        return Err(Error::data(
            "macro_quarterly.csv",
            None,
            "us_imports_from_kor_usd_bn_nsa",
            format!("the reinvestment table needs all four quarters of {y}; found {n}"),
        ));
    }
    Ok(total)
}

/// Build the table from the shipped data.
pub fn reinvestment(ds: &Dataset) -> Result<Reinvestment> {
    let figs = &ds.reinvestment;
    let fdi = |p: &str| {
        figure(figs, p, "fdi_to_us_usd_bn_per_year")
            .map(|f| f.value)
            .ok_or_else(|| {
                Error::data(
                    "korea_us_reinvestment.csv",
                    None,
                    "measure",
                    format!("no `fdi_to_us_usd_bn_per_year` for {p}"),
                )
            })
    };
    let (f1, f2) = (fdi("2017-2020")?, fdi("2021-2024")?);
    let mut periods = Vec::new();
    for (period, first, last, f) in [
        ("2017-2020", 2017, 2020, f1),
        ("2021-2024", 2021, 2024, f2),
        ("2017-2024", 2017, 2024, (4.0 * f1 + 4.0 * f2) / 8.0),
    ] {
        let years = (last - first + 1) as f64;
        let surplus = (first..=last)
            .map(|y| census_surplus(ds, y))
            .sum::<Result<f64>>()?;
        let published = figure(figs, period, "published_ratio_pct_korean_customs");
        periods.push(ReinvestmentPeriod {
            period: period.into(),
            fdi_usd_bn_per_year: f,
            census_surplus_usd_bn: surplus,
            ratio_census_pct: 100.0 * f * years / surplus,
            published_ratio_pct: published.map(|p| p.value),
            published_source: published.map(|p| p.source.clone()),
            implied_korean_customs_surplus_usd_bn: published
                .filter(|p| p.value > 0.0)
                .map(|p| 100.0 * f * years / p.value),
        });
    }
    let implied = |i: usize| periods[i].implied_korean_customs_surplus_usd_bn;
    let implied_surplus_sum_usd_bn = match (implied(0), implied(1), implied(2)) {
        (Some(a), Some(b), Some(c)) => Some((a + b, c)),
        _ => None,
    };
    let basis_comparison = [2017, 2024]
        .iter()
        .filter_map(|y| {
            let k = figure(figs, &y.to_string(), "korean_customs_surplus_usd_bn")?;
            Some((*y, k.value, census_surplus(ds, *y).ok()?))
        })
        .collect();
    Ok(Reinvestment {
        census_surplus_per_year_2021_2024: periods[1].census_surplus_usd_bn / 4.0,
        periods,
        implied_surplus_sum_usd_bn,
        basis_comparison,
    })
}

impl Reinvestment {
    /// A mix's pledges per year of the payout (USD bn) on the same scale: % of the 2021-2024 average
    /// annual US Census surplus.
    pub fn pledge_share_pct(&self, pledges_usd_bn: f64, payout_years: f64) -> f64 {
        100.0 * pledges_usd_bn / payout_years / self.census_surplus_per_year_2021_2024
    }

    /// The text table.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            "Reinvestment: Korea's FDI in the US as a share of its US goods surplus",
            &[
                ("period", Align::Left),
                ("FDI USD bn/yr", Align::Right),
                ("surplus, Census, USD bn in the period", Align::Right),
                ("ratio, Census", Align::Right),
                ("published (Korean customs)", Align::Right),
                ("implied customs surplus, USD bn", Align::Right),
            ],
        );
        for p in &self.periods {
            t.row(vec![
                p.period.clone(),
                format!("{:.2}", p.fdi_usd_bn_per_year),
                format!("{:.1}", p.census_surplus_usd_bn),
                format!("{:.1}%", p.ratio_census_pct),
                p.published_ratio_pct
                    .map_or("-".into(), |r| format!("{r:.1}%")),
                p.implied_korean_customs_surplus_usd_bn
                    .map_or("-".into(), |r| format!("{r:.1}")),
            ]);
        }
        let mut s = t.render();
        s.push_str("FDI: KITA period averages; surplus, Census: US imports from Korea minus US exports to Korea (IMPKR - EXPKR), data/macro_quarterly.csv,\nsummed over the period; ratio = FDI x years / surplus.\n");
        for (y, k, c) in &self.basis_comparison {
            s.push_str(&format!(
                "{y}: surplus {k:.1} USD bn on the Korean customs basis (KITA), {c:.1} on the Census basis.\n"
            ));
        }
        if let Some((sum, kita)) = self.implied_surplus_sum_usd_bn {
            s.push_str(&format!(
                "The 2017-2020 and 2021-2024 ratios (claims, no source found) imply customs surpluses adding to {sum:.1} USD bn; KITA's 2017-2024 ratio implies {kita:.1}.\n"
            ));
        }
        s.push_str(&format!(
            "A mix's pledges are put on the same scale as pledge per payout year over the 2021-2024 average Census surplus ({:.1} USD bn a year).\n",
            self.census_surplus_per_year_2021_2024
        ));
        s
    }
}
