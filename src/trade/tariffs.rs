//! Effective US tariff rates on Korean exports by IO sector and quarter.
//!
//! τ_s,t = Σ_m rate_m × coverage_m,s × (days of quarter t with m in force) / (days in t), in % ad
//! valorem on top of KORUS duties (which are zero for most goods). `all_in` measures (e.g. the 15%
//! autos rate from 2025-11-01) replace KORUS duties, which were zero for those goods, so they add in the
//! same way. Measures whose coverage overlaps within a sector simply add (a stated simplification).

use ndarray::Array1;

use crate::data::{Quarter, Sector, TariffCoverage};

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), H. Hinnant's algorithm.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn parse_day(s: &str) -> Option<i64> {
    let y = s.get(..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

/// First day and one-past-last day of a quarter, in days since 1970-01-01.
pub fn quarter_bounds(q: Quarter) -> (i64, i64) {
    let m0 = 3 * (q.q as u32 - 1) + 1;
    let start = days_from_civil(q.year, m0, 1);
    let next = q.offset(1);
    let end = days_from_civil(next.year, 3 * (next.q as u32 - 1) + 1, 1);
    (start, end)
}

/// Effective tariff rate (% ad valorem) on each sector's US-bound exports, averaged over quarter `q`.
/// Dates in the measures were validated on load; a malformed one counts as not in force.
pub fn effective_rates(measures: &[TariffCoverage], sectors: &[Sector], q: Quarter) -> Array1<f64> {
    let (qs, qe) = quarter_bounds(q);
    let len = (qe - qs) as f64;
    let mut tau = Array1::zeros(sectors.len());
    for m in measures {
        let Some(i) = sectors.iter().position(|s| s.code == m.code) else {
            continue;
        };
        let Some(from) = parse_day(&m.effective) else {
            continue;
        };
        let to = if m.end.is_empty() {
            i64::MAX
        } else {
            match parse_day(&m.end) {
                Some(d) => d + 1,
                None => continue,
            }
        };
        let overlap = (to.min(qe) - from.max(qs)).max(0) as f64;
        tau[i] += m.rate_pct * m.coverage_share * overlap / len;
    }
    tau
}

/// Export-weighted average effective rate (%) with weights `w` (e.g. exports to the US by sector).
pub fn export_weighted_rate(rates: &Array1<f64>, w: &Array1<f64>) -> f64 {
    let total = w.sum();
    if total > 0.0 {
        rates.dot(w) / total
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_are_python_s_date_arithmetic() {
        // (date(y, m, d) - date(1970, 1, 1)).days from Python's datetime (proleptic Gregorian), and
        // for year 0 (which datetime lacks): 0001-01-01 minus the 366 days of leap year 0.
        for ((y, m, d), days) in [
            ((1970, 1, 1), 0),
            ((1969, 12, 31), -1),
            ((2000, 2, 29), 11016),
            ((2000, 3, 1), 11017),
            ((1900, 3, 1), -25508),
            ((2024, 12, 31), 20088),
            ((2100, 3, 1), 47541),
            ((1600, 2, 29), -135081),
            ((1, 1, 1), -719162),
            ((0, 1, 1), -719528),
            ((0, 3, 1), -719468),
        ] {
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(parse_day("2025-04-05"), Some(20179 + 4));
        assert_eq!(parse_day("2025-4-5"), None);
        assert_eq!(parse_day("2025-04"), None);
    }

    #[test]
    fn quarter_bounds_run_from_the_first_day_to_the_next_quarter_s() {
        let q = |s: &str| s.parse::<Quarter>().unwrap();
        assert_eq!(quarter_bounds(q("2025Q1")), (20089, 20179));
        assert_eq!(quarter_bounds(q("2025Q4")), (20362, 20454));
        // 2024Q1 has the leap day: 91 days, like 2025Q2.
        assert_eq!(quarter_bounds(q("2024Q1")), (19723, 19814));
    }

    fn sectors() -> Vec<Sector> {
        ["01", "02"]
            .iter()
            .map(|c| Sector {
                code: c.to_string(),
                label: c.to_string(),
                name_en: c.to_string(),
                name_ko: c.to_string(),
            })
            .collect()
    }

    fn measure(code: &str, rate: f64, share: f64, effective: &str, end: &str) -> TariffCoverage {
        TariffCoverage {
            measure: "m".into(),
            effective: effective.into(),
            end: end.into(),
            rate_pct: rate,
            kind: "additional".into(),
            code: code.into(),
            coverage_share: share,
        }
    }

    #[test]
    fn a_quarter_s_rate_is_the_day_weighted_sum_of_the_measures_in_force() {
        // 2025Q2 has 91 days. 25% on half of sector 01 from 2025-04-05 (87 days in force) plus 10% on
        // all of it from 2025-04-05 to 2025-05-31 inclusive (57 days); sector 02: 50% all quarter and a
        // measure that ended before the quarter; an unknown sector and a malformed date are ignored.
        let q: Quarter = "2025Q2".parse().unwrap();
        let ms = [
            measure("01", 25.0, 0.5, "2025-04-05", ""),
            measure("01", 10.0, 1.0, "2025-04-05", "2025-05-31"),
            measure("02", 50.0, 1.0, "2025-01-01", ""),
            measure("02", 30.0, 1.0, "2025-01-01", "2025-03-31"),
            measure("99", 90.0, 1.0, "2025-01-01", ""),
            measure("02", 90.0, 1.0, "2025-xx-01", ""),
        ];
        let tau = effective_rates(&ms, &sectors(), q);
        let want0 = 25.0 * 0.5 * 87.0 / 91.0 + 10.0 * 57.0 / 91.0;
        assert!((tau[0] - want0).abs() < 1e-12, "{}", tau[0]);
        assert_eq!(tau[1], 50.0);
        // A malformed end date counts as not in force; a measure starting after the quarter adds 0.
        let later = [
            measure("01", 25.0, 1.0, "2025-01-01", "unknown"),
            measure("01", 25.0, 1.0, "2025-07-01", ""),
        ];
        assert_eq!(effective_rates(&later, &sectors(), q)[0], 0.0);
        // Its weighted mean: Σ τ w / Σ w, and 0 with no weight.
        let w = ndarray::array![3.0, 1.0];
        let avg = export_weighted_rate(&tau, &w);
        assert!((avg - (3.0 * want0 + 50.0) / 4.0).abs() < 1e-12);
        assert_eq!(export_weighted_rate(&tau, &ndarray::array![0.0, 0.0]), 0.0);
    }
}
