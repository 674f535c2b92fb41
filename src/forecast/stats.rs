//! Summary statistics of simulated growth paths: quantiles (numpy's linear interpolation), the
//! probability of negative growth, of two consecutive negative quarters, growth-at-risk and expected
//! shortfall.

/// Quantile levels reported per quarter, in %.
pub const QUANTILES: [f64; 6] = [5.0, 10.0, 25.0, 75.0, 90.0, 95.0];

/// Linear-interpolation quantile of sorted data, p in [0, 100] (numpy's default, "type 7").
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let pos = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The same value as [`quantile_sorted`] of `values` sorted by `f64::total_cmp`, found by
/// selection (linear time; `values` is reordered).
pub fn quantile_select(values: &mut [f64], p: f64) -> f64 {
    let pos = p / 100.0 * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let (_, at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *at;
    let b = if hi == lo {
        a
    } else {
        above
            .iter()
            .copied()
            .min_by(f64::total_cmp)
            .expect("hi is within the slice")
    };
    a + (b - a) * (pos - lo as f64)
}

/// Statistics of one quarter's simulated growth (log points q/q).
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuarterStats {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Quantiles at [`QUANTILES`].
    pub quantiles: Vec<f64>,
    /// P(growth < 0).
    pub p_negative: f64,
}

/// Summarise one column of draws.
pub fn quarter_stats(values: &[f64]) -> QuarterStats {
    let mut s = values.to_vec();
    s.sort_by(f64::total_cmp);
    QuarterStats {
        mean: s.iter().sum::<f64>() / s.len() as f64,
        median: quantile_sorted(&s, 50.0),
        quantiles: QUANTILES.iter().map(|p| quantile_sorted(&s, *p)).collect(),
        p_negative: s.iter().filter(|v| **v < 0.0).count() as f64 / s.len() as f64,
    }
}

/// Share of paths (rows of `paths`, each a horizon of quarterly growth) with two consecutive negative quarters.
pub fn p_two_consecutive_negative(paths: &[Vec<f64>]) -> f64 {
    let hit = paths
        .iter()
        .filter(|p| p.windows(2).any(|w| w[0] < 0.0 && w[1] < 0.0))
        .count();
    hit as f64 / paths.len() as f64
}

/// Growth-at-risk (5% quantile) and expected shortfall (mean below it) of quarterly growth pooled over
/// every quarter of every path.
pub fn growth_at_risk(paths: &[Vec<f64>]) -> (f64, f64) {
    let mut all: Vec<f64> = paths.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let gar = quantile_sorted(&all, 5.0);
    let tail: Vec<f64> = all.iter().copied().filter(|v| *v <= gar).collect();
    (gar, tail.iter().sum::<f64>() / tail.len().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P(growth < 0) and P(two consecutive negative quarters) count strictly negative growth: a
    /// quarter of exactly zero growth is not a fall (hand-counted).
    #[test]
    fn zero_growth_is_not_negative() {
        let q = quarter_stats(&[-1.0, 0.0, 0.0, 1.0]);
        assert_eq!(q.p_negative, 0.25);
        // Path 1 has two falls in a row; path 2 a fall then zero; path 3 zero then a fall; path 4
        // a fall, zero, a fall.
        let paths = vec![
            vec![-1.0, -2.0, 1.0],
            vec![-1.0, 0.0, 1.0],
            vec![0.0, -1.0, 1.0],
            vec![-1.0, 0.0, -1.0],
        ];
        assert_eq!(p_two_consecutive_negative(&paths), 0.25);
    }

    /// Growth-at-risk is the 5% quantile of every quarter of every path pooled, interpolated as
    /// numpy's default; expected shortfall the mean of the values at or below it (hand-derived:
    /// 21 values 0..20, position 0.05 x 20 = 1, so GaR = 1 and ES = mean(0, 1) = 0.5).
    #[test]
    fn growth_at_risk_pools_every_quarter_of_every_path() {
        let paths: Vec<Vec<f64>> = vec![
            (0..7).map(|v| v as f64).collect(),
            (7..14).map(|v| v as f64).collect(),
            (14..21).rev().map(|v| v as f64).collect(),
        ];
        assert_eq!(growth_at_risk(&paths), (1.0, 0.5));
        // 41 values: position 2, no interpolation; 40 values 0..39: position 1.95 → 1.95.
        let p41: Vec<Vec<f64>> = vec![(0..41).map(|v| v as f64).collect()];
        assert_eq!(growth_at_risk(&p41).0, 2.0);
        let p40: Vec<Vec<f64>> = vec![(0..40).rev().map(|v| v as f64).collect()];
        let (g, es) = growth_at_risk(&p40);
        assert!((g - 1.95).abs() < 1e-12, "{g}");
        assert_eq!(es, 0.5);
    }

    /// Selection gives exactly the sorted quantile, with ties, signed zeros and every position
    /// type (exact order statistic, interpolation), at the ends too.
    #[test]
    fn selection_is_the_sorted_quantile_bit_for_bit() {
        let mut rng_state = 12345u64;
        let mut next = || {
            rng_state = rng_state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((rng_state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 4.0
        };
        for n in [1usize, 2, 3, 7, 400, 401, 3200] {
            let mut v: Vec<f64> = (0..n).map(|_| (next() * 8.0).round() / 8.0).collect();
            v.push(0.0);
            v.push(-0.0);
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 95.0, 99.9, 100.0] {
                let mut w = v.clone();
                let (a, b) = (quantile_select(&mut w, p), quantile_sorted(&sorted, p));
                assert_eq!(a.to_bits(), b.to_bits(), "n {n} p {p}: {a} vs {b}");
            }
        }
    }
}
