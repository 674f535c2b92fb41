//! The input-output core (Leontief demand model) on an [`IoTable`](crate::data::IoTable).
//!
//! Notation follows Miller & Blair: A_d = Z_d x̂⁻¹ (domestic input coefficients), L = (I - A_d)⁻¹
//! (Leontief inverse), v = value added / x (value-added coefficients), A_m = Z_m x̂⁻¹ (imported input
//! coefficients), m = 1ᵀA_m. (I - A_d) is factorized once; each shock is a solve; L is formed only for
//! reports. Not for: price models or supply-side (Ghosh) shocks.

mod aggregate;
mod multipliers;
mod propagate;
mod report;

pub use aggregate::Concordance;
pub use multipliers::{Inducement, SectorMultipliers, TypeII};
pub use propagate::Propagation;
pub use report::{Coefficients, MultiplierMeta, MultiplierReport, SectorRow};

use ndarray::{Array1, Array2, ArrayView2, Axis};

use crate::data::{IoTable, Sector};
use crate::error::{Error, Result};
use crate::linalg::Lu;

/// A productive Leontief model with (I - A_d) factorized.
#[derive(Clone)]
pub struct Leontief {
    sectors: Vec<Sector>,
    /// A_d (n x n): domestic input coefficients.
    pub domestic_coefficients: Array2<f64>,
    /// A_m (n x n): imported input coefficients by product (row) and using sector (column).
    pub import_coefficients: Array2<f64>,
    /// v (n): value added per unit of gross output.
    pub value_added_coefficients: Array1<f64>,
    /// x (n): gross output, million KRW.
    pub gross_output: Array1<f64>,
    /// F_d (n x k): domestic final demand by use, million KRW.
    pub final_demand: Array2<f64>,
    /// F_m (n x k): imported final demand by use, million KRW.
    pub final_demand_imported: Array2<f64>,
    /// Names of the final-demand columns.
    pub fd_names: Vec<String>,
    /// Compensation of employees per unit of output (for Type II), n.
    pub compensation_coefficients: Array1<f64>,
    factor: Lu,
    spectral_radius_bound: f64,
}

/// Upper bound on the spectral radius of A: the Perron root of |A| (power iteration on |A| + I).
fn perron_root_abs(a: ArrayView2<f64>) -> (f64, Array1<f64>) {
    let n = a.nrows();
    let abs = a.mapv(f64::abs);
    let mut v = Array1::from_elem(n, 1.0 / n as f64);
    let mut lambda = 0.0;
    for _ in 0..10_000 {
        let w = abs.dot(&v) + &v; // (|A| + I) v: primitive, so the iteration converges
        let s = w.sum();
        let next = s / v.sum() - 1.0;
        v = w / s;
        if (next - lambda).abs() < 1e-13 {
            lambda = next;
            break;
        }
        lambda = next;
    }
    (lambda, v)
}

impl Leontief {
    /// Build the model from a table: coefficients, productivity check, factorization of (I - A_d).
    ///
    /// Fails with [`Error::Numerical`] naming the sector when a column sum of A_d is >= 1 or the
    /// spectral-radius bound is >= 1 (the table is not productive), or when (I - A_d) is singular.
    pub fn new(table: &IoTable) -> Result<Leontief> {
        let n = table.n();
        let x = &table.gross_output;
        if let Some(j) = x.iter().position(|v| !v.is_finite() || *v <= 0.0) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!(
                    "sector {}: gross output {} must be positive and finite",
                    table.sectors[j].code, x[j]
                ),
            ));
        }
        let scale = |z: &Array2<f64>| {
            let mut a = z.clone();
            for (j, mut col) in a.axis_iter_mut(Axis(1)).enumerate() {
                col /= x[j];
            }
            a
        };
        let a_d = scale(&table.z_domestic);
        let a_m = scale(&table.z_imported);
        if a_d.iter().chain(a_m.iter()).any(|v| !v.is_finite()) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                "input coefficients contain NaN or infinity",
            ));
        }
        let colsum = a_d.sum_axis(Axis(0));
        if let Some(j) = colsum.iter().position(|s| *s >= 1.0) {
            let s = &table.sectors[j];
            return Err(Error::numerical(crate::error::NumericalCause::NotProductive, format!(
                "non-productive table: sector {} ({}) has domestic input coefficients summing to {:.6} >= 1 \
                 (it uses more domestic inputs than it produces)",
                s.code, s.label, colsum[j]
            )));
        }
        let (rho, vec) = perron_root_abs(a_d.view());
        if rho >= 1.0 {
            let j = vec
                .iter()
                .enumerate()
                .fold(0, |b, (i, v)| if *v > vec[b] { i } else { b });
            return Err(Error::numerical(crate::error::NumericalCause::NotProductive, format!(
                "non-productive table: spectral radius bound of A_d is {rho:.6} >= 1; sector {} ({}) dominates \
                 the offending eigenvector",
                table.sectors[j].code, table.sectors[j].label
            )));
        }
        let i_minus_a = Array2::<f64>::eye(n) - &a_d;
        let factor = Lu::new(i_minus_a.view()).map_err(|e| match e {
            Error::Numerical { cause, message } => {
                Error::numerical(cause, format!("I - A_d: {message}"))
            }
            other => other,
        })?;
        let va = table.value_added_total();
        Ok(Leontief {
            sectors: table.sectors.clone(),
            domestic_coefficients: a_d,
            import_coefficients: a_m,
            value_added_coefficients: &va / x,
            gross_output: x.clone(),
            final_demand: table.fd_domestic.clone(),
            final_demand_imported: table.fd_imported.clone(),
            fd_names: table.fd_names.clone(),
            compensation_coefficients: &table.value_added.row(0) / x,
            factor,
            spectral_radius_bound: rho,
        })
    }

    /// Number of sectors.
    pub fn n(&self) -> usize {
        self.sectors.len()
    }

    /// The sectors, in model order.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// Perron root of |A_d|: an upper bound on the spectral radius of A_d (< 1 for a productive table).
    pub fn spectral_radius_bound(&self) -> f64 {
        self.spectral_radius_bound
    }

    /// m (n): imported intermediate inputs per unit of output, by using sector (column sums of A_m).
    pub fn import_coefficient_totals(&self) -> Array1<f64> {
        self.import_coefficients.sum_axis(Axis(0))
    }

    /// Solve (I - A_d) X = D for a matrix of final-demand changes D (n x k): X = L D, without forming L.
    pub fn solve(&self, d: ArrayView2<f64>) -> Result<Array2<f64>> {
        self.check_shock(&d)?;
        self.factor.solve(d)
    }

    /// Row vectors times L: Y = Wᵀ L for W (n x k), via a transpose solve; returns k x n.
    pub fn left_multiply(&self, w: ArrayView2<f64>) -> Result<Array2<f64>> {
        Ok(self.factor.solve_transpose(w)?.reversed_axes())
    }

    /// The explicit Leontief inverse L = (I - A_d)⁻¹ (n x n), for reports.
    pub fn leontief_inverse(&self) -> Result<Array2<f64>> {
        self.factor.inverse()
    }

    fn check_shock(&self, d: &ArrayView2<f64>) -> Result<()> {
        if d.nrows() != self.n() {
            return Err(Error::Request(format!(
                "shock has {} sectors, the model has {}",
                d.nrows(),
                self.n()
            )));
        }
        if let Some(((i, j), v)) = d.indexed_iter().find(|(_, v)| !v.is_finite()) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                format!(
                    "shock {} for sector {} is {v}: expected a finite number",
                    j + 1,
                    self.sectors[i].code
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn perron_root_of_a_positive_matrix_matches_its_largest_eigenvalue() {
        // [[0.2, 0.3], [0.1, 0.4]]: eigenvalues (0.6 ± √(0.04 + 0.12)) / 2 = 0.5 and 0.1; the Perron
        // vector of the larger one is proportional to (1, 1).
        let (rho, v) = perron_root_abs(array![[0.2, 0.3], [0.1, 0.4]].view());
        assert!((rho - 0.5).abs() < 1e-12, "{rho}");
        assert!((v[0] - v[1]).abs() < 1e-10);
        // Signs do not matter: |A| bounds the spectral radius of A.
        let (rho_abs, _) = perron_root_abs(array![[-0.2, 0.3], [0.1, -0.4]].view());
        assert!((rho_abs - 0.5).abs() < 1e-12);
        // A symmetric matrix with eigenvalues ±0.5: the bound is 0.5.
        let (r, _) = perron_root_abs(array![[0.0, 0.5], [0.5, 0.0]].view());
        assert!((r - 0.5).abs() < 1e-12);
    }
}
