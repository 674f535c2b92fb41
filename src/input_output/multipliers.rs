//! Multipliers, linkage indices and final-demand inducement, as the Bank of Korea publishes them.

use ndarray::{Array1, Array2, Axis};

use super::Leontief;
use crate::error::{Error, Result};
use crate::linalg::Lu;

/// Per-sector multipliers and linkages (all per unit of final demand for the sector's product).
#[derive(Debug, Clone)]
pub struct SectorMultipliers {
    /// Output multiplier: column sums of L (1ᵀL).
    pub output: Array1<f64>,
    /// Value-added multiplier: vᵀL (BOK 부가가치유발계수, column totals).
    pub value_added: Array1<f64>,
    /// Import multiplier: mᵀL = 1ᵀA_m L (imported intermediates induced; BOK 수입유발계수 totals).
    pub imports: Array1<f64>,
    /// Power of dispersion (backward linkage): column sum of L over the mean column sum.
    pub power_of_dispersion: Array1<f64>,
    /// Sensitivity of dispersion (forward linkage): row sum of L over the mean row sum.
    pub sensitivity_of_dispersion: Array1<f64>,
}

/// What each final-demand use induces (BOK 최종수요항목별 유발액), million KRW, and the coefficients.
#[derive(Debug, Clone)]
pub struct Inducement {
    /// Final-demand names, column order.
    pub names: Vec<String>,
    /// Output induced, by sector (n x k): L F_d.
    pub output: Array2<f64>,
    /// Value added induced, by sector (n x k): v̂ L F_d.
    pub value_added: Array2<f64>,
    /// Imports induced, by product (n x k): A_m L F_d + F_m (intermediate plus direct final imports).
    pub imports: Array2<f64>,
    /// Output inducement coefficient per use: Σ L F_d / Σ F_d.
    pub output_coefficient: Array1<f64>,
    /// Value-added inducement coefficient per use: Σ v̂ L F_d / Σ F_d (exports: 0.6652 in 2020).
    pub value_added_coefficient: Array1<f64>,
    /// Import inducement coefficient per use: Σ imports induced / Σ (F_d + F_m).
    pub imports_coefficient: Array1<f64>,
}

/// Type II multipliers (households made endogenous). Labelled: they include induced consumption.
#[derive(Debug, Clone)]
pub struct TypeII {
    /// Type II output multiplier per sector (column sums of the first n rows of the closed inverse).
    pub output: Array1<f64>,
    /// Type II value-added multiplier per sector.
    pub value_added: Array1<f64>,
    /// Household income (compensation of employees) generated per unit of final demand.
    pub income: Array1<f64>,
}

impl Leontief {
    /// Output, value-added and import multipliers and the two dispersion indices, via transpose
    /// solves on the one factorization (L itself is needed only for the row sums).
    pub fn multipliers(&self) -> Result<SectorMultipliers> {
        let n = self.n();
        let mut w = Array2::zeros((n, 3));
        w.column_mut(0).fill(1.0);
        w.column_mut(1).assign(&self.value_added_coefficients);
        w.column_mut(2).assign(&self.import_coefficient_totals());
        let rows = self.left_multiply(w.view())?; // 3 x n
        let output = rows.row(0).to_owned();
        let ones = Array2::from_elem((n, 1), 1.0);
        let row_sums = self.solve(ones.view())?.column(0).to_owned(); // L 1
        let power = &output / output.mean().unwrap_or(1.0);
        let sens = &row_sums / row_sums.mean().unwrap_or(1.0);
        Ok(SectorMultipliers {
            output,
            value_added: rows.row(1).to_owned(),
            imports: rows.row(2).to_owned(),
            power_of_dispersion: power,
            sensitivity_of_dispersion: sens,
        })
    }

    /// Output, value added and imports induced by each final-demand use, with coefficients.
    pub fn inducement(&self) -> Result<Inducement> {
        let lf = self.solve(self.final_demand.view())?;
        let va = &lf * &self.value_added_coefficients.view().insert_axis(Axis(1));
        let imports = self.import_coefficients.dot(&lf) + &self.final_demand_imported;
        let fd = self.final_demand.sum_axis(Axis(0));
        let fd_all = &fd + &self.final_demand_imported.sum_axis(Axis(0));
        Ok(Inducement {
            names: self.fd_names.clone(),
            output_coefficient: lf.sum_axis(Axis(0)) / &fd,
            value_added_coefficient: va.sum_axis(Axis(0)) / &fd,
            imports_coefficient: imports.sum_axis(Axis(0)) / &fd_all,
            output: lf,
            value_added: va,
            imports,
        })
    }

    /// Type II multipliers: households closed with compensation of employees (row) and domestic
    /// private consumption per unit of total compensation (column). Includes induced consumption, so
    /// never combine with an econometric consumption response (that would count induced demand twice).
    pub fn type_ii(&self) -> Result<TypeII> {
        let n = self.n();
        let pc = self
            .fd_names
            .iter()
            .position(|s| s == "private_consumption")
            .ok_or_else(|| {
                Error::Request("Type II needs a `private_consumption` final-demand column".into())
            })?;
        let wages: f64 = (&self.compensation_coefficients * &self.gross_output).sum();
        if wages.is_nan() || wages <= 0.0 {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                "Type II: total compensation of employees must be positive",
            ));
        }
        let h_col = self.final_demand.column(pc).mapv(|c| c / wages);
        let mut closed = Array2::<f64>::eye(n + 1);
        for i in 0..n {
            for j in 0..n {
                closed[[i, j]] -= self.domestic_coefficients[[i, j]];
            }
            closed[[i, n]] -= h_col[i];
            closed[[n, i]] -= self.compensation_coefficients[i];
        }
        let lu = Lu::new(closed.view()).map_err(|e| {
            Error::numerical(
                crate::error::NumericalCause::Other,
                format!("Type II closed system is not invertible: {e}"),
            )
        })?;
        let mut w = Array2::zeros((n + 1, 3));
        for i in 0..n {
            w[[i, 0]] = 1.0;
            w[[i, 1]] = self.value_added_coefficients[i];
        }
        w[[n, 2]] = 1.0;
        let rows = lu.solve_transpose(w.view())?.reversed_axes();
        let cut = |k: usize| rows.row(k).slice(ndarray::s![..n]).to_owned();
        // A productive closed system has a non-negative inverse: Type II output multipliers at least
        // 1 and every multiplier finite and non-negative. Anything else means household spending per
        // unit of wages is too large for the table (the closure has no economic meaning).
        for j in 0..n {
            let (o, v, h) = (rows[[0, j]], rows[[1, j]], rows[[2, j]]);
            if !(o.is_finite() && v.is_finite() && h.is_finite())
                || o < 1.0 - 1e-9
                || v < 0.0
                || h < 0.0
            {
                return Err(Error::numerical(
                    crate::error::NumericalCause::Other,
                    format!(
                        "Type II closure is not productive: sector {} has output multiplier {o:.4}, value added {v:.4}, income {h:.4} (private consumption per unit of compensation is too large for the table; Type I multipliers are unaffected)",
                        self.sectors[j].code
                    ),
                ));
            }
        }
        Ok(TypeII {
            output: cut(0),
            value_added: cut(1),
            income: cut(2),
        })
    }
}
