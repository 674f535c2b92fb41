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
            parse_day(&m.end).map(|d| d + 1).unwrap_or(i64::MIN)
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
