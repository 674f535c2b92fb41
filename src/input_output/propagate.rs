//! Shock propagation: changes in final demand (e.g. exports to the US) to output, value added and
//! imports by sector, split into direct and indirect parts.

use ndarray::{Array2, ArrayView2, Axis};

use super::Leontief;
use crate::error::Result;

/// Effects of k final-demand shocks on n sectors (each matrix n x k), in the shock's unit.
///
/// Δx = L Δf (total), direct Δx = Δf, indirect = total - direct; ΔVA = v̂ Δx; ΔM = m̂ Δx, where m is
/// the imported-intermediate coefficient of each producing sector.
#[derive(Debug, Clone)]
pub struct Propagation {
    /// Total change in gross output by sector.
    pub output: Array2<f64>,
    /// Direct change in output (the shock itself).
    pub output_direct: Array2<f64>,
    /// Total change in value added by sector.
    pub value_added: Array2<f64>,
    /// Direct change in value added: v̂ Δf.
    pub value_added_direct: Array2<f64>,
    /// Total change in imported intermediate inputs, by using sector.
    pub imports: Array2<f64>,
    /// Direct change in imported intermediates: m̂ Δf.
    pub imports_direct: Array2<f64>,
}

impl Propagation {
    /// Indirect output change: total minus direct.
    pub fn output_indirect(&self) -> Array2<f64> {
        &self.output - &self.output_direct
    }
    /// Indirect value-added change: total minus direct.
    pub fn value_added_indirect(&self) -> Array2<f64> {
        &self.value_added - &self.value_added_direct
    }
    /// Indirect imports change: total minus direct.
    pub fn imports_indirect(&self) -> Array2<f64> {
        &self.imports - &self.imports_direct
    }
}

impl Leontief {
    /// Propagate k shocks at once (`shocks` is n x k, million KRW or any consistent unit).
    /// Errors on a wrong number of sectors or non-finite entries.
    pub fn propagate(&self, shocks: ArrayView2<f64>) -> Result<Propagation> {
        let output = self.solve(shocks)?;
        let v = self.value_added_coefficients.view().insert_axis(Axis(1));
        let m = self.import_coefficient_totals().insert_axis(Axis(1));
        let scale = |a: &ArrayView2<f64>, c: &ArrayView2<f64>| -> Array2<f64> { a * c };
        let direct = shocks.to_owned();
        Ok(Propagation {
            value_added: scale(&output.view(), &v),
            value_added_direct: scale(&direct.view(), &v),
            imports: scale(&output.view(), &m.view()),
            imports_direct: scale(&direct.view(), &m.view()),
            output,
            output_direct: direct,
        })
    }
}
