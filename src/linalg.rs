//! The small dense linear-algebra interface used by the whole crate.
//!
//! Two interchangeable backends: pure-Rust **faer** (default; builds with cargo alone on any machine)
//! and **ndarray-linalg** on the system OpenBLAS/LAPACK (cargo feature `lapack`, needs
//! `libopenblas-dev`). Both are tested to agree to 1e-10. Not for: sparse matrices or eigenproblems.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{Error, Result};

/// Name of the backend compiled in: `"faer"` or `"lapack"`.
pub const BACKEND: &str = if cfg!(feature = "lapack") {
    "lapack"
} else {
    "faer"
};

/// Pivots smaller than this times the largest pivot mark a matrix as numerically singular.
const SINGULAR_RTOL: f64 = 1e-13;

fn check_square(a: &ArrayView2<f64>, what: &str) -> Result<()> {
    if a.nrows() != a.ncols() || a.nrows() == 0 {
        return Err(Error::Request(format!(
            "{what}: expected a non-empty square matrix, got {}x{}",
            a.nrows(),
            a.ncols()
        )));
    }
    if a.iter().any(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("{what}: matrix has NaN or infinite entries"),
        ));
    }
    Ok(())
}

fn check_finite(m: &Array2<f64>, what: &str) -> Result<()> {
    if m.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("{what}: solution is not finite"),
        ))
    }
}

/// The faer backend: always compiled (so the `lapack` build can be checked against it), used by
/// default.
pub mod faer_impl {
    use super::*;
    use faer::Mat;

    /// ndarray view to an owned faer matrix.
    pub fn to_faer(a: &ArrayView2<f64>) -> Mat<f64> {
        let (n, m) = a.dim();
        // Contiguous storage is handed to faer as a strided view and copied by faer (blocked, so a
        // row-major source is not read with a stride of n); other layouts element by element.
        if let Some(s) = a.as_slice() {
            faer::MatRef::from_row_major_slice(s, n, m).to_owned()
        } else if let Some(s) = a.t().as_slice() {
            faer::MatRef::from_column_major_slice(s, n, m).to_owned()
        } else {
            Mat::from_fn(n, m, |i, j| a[[i, j]])
        }
    }

    /// faer matrix to an owned ndarray.
    pub fn from_faer(m: faer::MatRef<'_, f64>) -> Array2<f64> {
        Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
    }

    /// LU factorization with partial pivoting (faer's in-place kernel: L and U stay packed in one
    /// matrix, as LAPACK's dgetrf leaves them, instead of being split into two new n x n matrices).
    /// A row-major (C-order) matrix is, read as column-major storage, its own transpose: faer then
    /// factorizes Aᵀ from a plain copy (no transposing copy) and the solves swap roles
    /// (A x = b is (Aᵀ)ᵀ x = b).
    #[derive(Clone)]
    pub struct Factor {
        lu: Mat<f64>,
        perm: Vec<usize>,
        perm_inv: Vec<usize>,
        transposed: bool,
        par: faer::Par,
    }

    impl Factor {
        /// Factorize; also returns the smallest/largest pivot ratio.
        pub fn new(a: &ArrayView2<f64>) -> Result<(Self, f64)> {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::lu::partial_pivoting::factor;
            let n = a.nrows();
            let (mut lu, transposed) = match a.as_slice() {
                Some(s) => (
                    faer::MatRef::from_column_major_slice(s, n, n).to_owned(),
                    true,
                ),
                None => (to_faer(a), false),
            };
            let par = par_for(n * n);
            let mut perm = vec![0usize; n];
            let mut perm_inv = vec![0usize; n];
            let mut buf = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
                n,
                n,
                par,
                Default::default(),
            ));
            factor::lu_in_place(
                lu.as_mut(),
                &mut perm,
                &mut perm_inv,
                par,
                MemStack::new(&mut buf),
                Default::default(),
            );
            let diag: Vec<f64> = (0..n).map(|i| lu[(i, i)].abs()).collect();
            let max = diag.iter().cloned().fold(0.0, f64::max);
            let min = diag.iter().cloned().fold(f64::INFINITY, f64::min);
            let ratio = if max > 0.0 { min / max } else { 0.0 };
            Ok((
                Factor {
                    lu,
                    perm,
                    perm_inv,
                    transposed,
                    par,
                },
                ratio,
            ))
        }

        fn perm(&self) -> faer::perm::PermRef<'_, usize> {
            faer::perm::PermRef::new_checked(&self.perm, &self.perm_inv, self.perm.len())
        }

        /// Solve (A or Aᵀ) X = B on the packed factors; `transpose` asks for Aᵀ.
        fn solve_as(&self, b: &ArrayView2<f64>, transpose: bool) -> Array2<f64> {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::lu::partial_pivoting::solve;
            let n = self.lu.nrows();
            let mut x = to_faer(b);
            let k = x.ncols();
            let lu = self.lu.as_ref();
            let mut buf =
                MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(n, k, self.par));
            let stack = MemStack::new(&mut buf);
            // The factors are of Aᵀ when `transposed`: A x = b is then the transpose solve.
            if transpose != self.transposed {
                solve::solve_transpose_in_place(lu, lu, self.perm(), x.as_mut(), self.par, stack);
            } else {
                solve::solve_in_place(lu, lu, self.perm(), x.as_mut(), self.par, stack);
            }
            from_faer(x.as_ref())
        }

        /// Solve A X = B.
        pub fn solve(&self, b: &ArrayView2<f64>) -> Array2<f64> {
            self.solve_as(b, false)
        }
        /// Solve Aᵀ X = B.
        pub fn solve_transpose(&self, b: &ArrayView2<f64>) -> Array2<f64> {
            self.solve_as(b, true)
        }
        /// A⁻¹.
        pub fn inverse(&self) -> Array2<f64> {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::lu::partial_pivoting::inverse;
            let n = self.lu.nrows();
            let mut inv = Mat::zeros(n, n);
            let lu = self.lu.as_ref();
            let mut buf = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(n, self.par));
            inverse::inverse(
                inv.as_mut(),
                lu,
                lu,
                self.perm(),
                self.par,
                MemStack::new(&mut buf),
            );
            if self.transposed {
                from_faer(inv.as_ref().transpose())
            } else {
                from_faer(inv.as_ref())
            }
        }
    }

    /// Problems with fewer elements than this run on one thread: below it, waking the rayon pool costs
    /// more than the arithmetic (a 175 x 3 regression factorizes in about a microsecond).
    const PARALLEL_MIN_ELEMENTS: usize = 1 << 18;

    fn par_for(elements: usize) -> faer::Par {
        if elements < PARALLEL_MIN_ELEMENTS {
            faer::Par::Seq
        } else {
            faer::get_global_parallelism()
        }
    }

    /// Householder QR of X (n x k, n >= k): the factored matrix (R in the upper triangle, Householder
    /// vectors below) and the block coefficients.
    struct ThinQr {
        qr: Mat<f64>,
        coeff: Mat<f64>,
        par: faer::Par,
    }

    impl ThinQr {
        fn new(x: &ArrayView2<f64>) -> ThinQr {
            ThinQr::factor(to_faer(x))
        }

        fn factor(mut qr: Mat<f64>) -> ThinQr {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::qr::no_pivoting::factor;
            let (n, k) = qr.shape();
            let par = par_for(n * k);
            let bs = factor::recommended_block_size::<f64>(n, k);
            let mut coeff = Mat::zeros(bs, k.min(n));
            let mut buf = MemBuffer::new(factor::qr_in_place_scratch::<f64>(
                n,
                k,
                bs,
                par,
                Default::default(),
            ));
            factor::qr_in_place(
                qr.as_mut(),
                coeff.as_mut(),
                par,
                MemStack::new(&mut buf),
                Default::default(),
            );
            ThinQr { qr, coeff, par }
        }

        fn r(&self) -> Array2<f64> {
            let k = self.qr.ncols();
            Array2::from_shape_fn((k, k), |(i, j)| if j >= i { self.qr[(i, j)] } else { 0.0 })
        }

        fn solve(&self, y: &ArrayView1<f64>) -> Array1<f64> {
            self.solve_with(|i| y[i])
        }

        /// Least-squares solution for the right-hand side with entries `y(i)`.
        fn solve_with(&self, y: impl Fn(usize) -> f64) -> Array1<f64> {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::qr::no_pivoting::solve;
            let (n, k) = self.qr.shape();
            // As faer documents: the Householder basis is read from the strictly lower trapezoid and R
            // from the upper triangle of the same factored matrix.
            let mut rhs = Mat::from_fn(n, 1, |i, _| y(i));
            let mut buf = MemBuffer::new(solve::solve_lstsq_in_place_scratch::<f64>(
                n,
                k,
                self.coeff.nrows(),
                1,
                self.par,
            ));
            solve::solve_lstsq_in_place(
                self.qr.as_ref(),
                self.coeff.as_ref(),
                self.qr.as_ref(),
                rhs.as_mut(),
                self.par,
                MemStack::new(&mut buf),
            );
            Array1::from_shape_fn(k, |i| rhs[(i, 0)])
        }
    }

    /// Thin R (k x k) of the QR factorization of X (n x k, n >= k).
    pub fn qr_r(x: &ArrayView2<f64>) -> Array2<f64> {
        ThinQr::new(x).r()
    }

    /// Least squares by QR.
    pub fn lstsq(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> Array1<f64> {
        ThinQr::new(x).solve(y)
    }

    /// Weighted least squares: min Σ (s_i (y_i - x_i b))², the weighted design built straight into
    /// the factorization's storage.
    pub fn weighted_lstsq(x: &ArrayView2<f64>, y: &ArrayView1<f64>, s: &[f64]) -> Array1<f64> {
        let xs = Mat::from_fn(x.nrows(), x.ncols(), |i, j| x[[i, j]] * s[i]);
        ThinQr::factor(xs).solve_with(|i| y[i] * s[i])
    }

    /// Least squares by QR, also returning R (one factorization for both).
    pub fn qr_lstsq(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> (Array2<f64>, Array1<f64>) {
        let qr = ThinQr::new(x);
        (qr.r(), qr.solve(y))
    }
}

#[cfg(feature = "lapack")]
mod lapack_impl {
    use super::*;
    use ndarray::{s, ShapeBuilder};
    use ndarray_linalg::{Diag, SolveTriangular, QR, UPLO};
    use std::os::raw::{c_char, c_int};

    /// LU factorization with partial pivoting: LAPACK dgetrf on a column-major copy; solves with
    /// dgetrs on all right-hand sides at once (BLAS-3), as numpy/scipy's lu_solve does.
    #[derive(Clone)]
    pub struct Factor {
        lu: Array2<f64>, // column-major
        ipiv: Vec<c_int>,
        n: usize,
    }

    fn fortran(a: &ArrayView2<f64>) -> Array2<f64> {
        let mut f = Array2::zeros(a.raw_dim().f());
        f.assign(a);
        f
    }

    impl Factor {
        pub(super) fn new(a: &ArrayView2<f64>) -> Result<(Self, f64)> {
            let n = a.nrows();
            let mut lu = fortran(a);
            let mut ipiv = vec![0 as c_int; n];
            let mut info: c_int = 0;
            let nn = n as c_int;
            let data = lu.as_slice_memory_order_mut().expect("contiguous");
            // SAFETY: `data` holds n*n f64 in column-major order with leading dimension n; ipiv has n slots.
            unsafe {
                lapack_sys::dgetrf_(
                    &nn,
                    &nn,
                    data.as_mut_ptr(),
                    &nn,
                    ipiv.as_mut_ptr(),
                    &mut info,
                )
            };
            if info < 0 {
                return Err(Error::numerical(
                    crate::error::NumericalCause::Other,
                    format!("dgetrf: argument {} invalid", -info),
                ));
            }
            let diag: Vec<f64> = (0..n).map(|i| lu[[i, i]].abs()).collect();
            let max = diag.iter().cloned().fold(0.0, f64::max);
            let min = diag.iter().cloned().fold(f64::INFINITY, f64::min);
            let ratio = if max > 0.0 && info == 0 {
                min / max
            } else {
                0.0
            };
            Ok((Factor { lu, ipiv, n }, ratio))
        }
        fn getrs(&self, b: &ArrayView2<f64>, trans: u8) -> Array2<f64> {
            let mut x = fortran(b);
            let (nn, nrhs) = (self.n as c_int, b.ncols() as c_int);
            let mut info: c_int = 0;
            let t = trans as c_char;
            let data = x.as_slice_memory_order_mut().expect("contiguous");
            // SAFETY: the factor is n x n column-major with its pivots; `data` is n x nrhs column-major.
            unsafe {
                lapack_sys::dgetrs_(
                    &t,
                    &nn,
                    &nrhs,
                    self.lu.as_ptr(),
                    &nn,
                    self.ipiv.as_ptr(),
                    data.as_mut_ptr(),
                    &nn,
                    &mut info,
                )
            };
            debug_assert_eq!(info, 0);
            x
        }
        pub(super) fn solve(&self, b: &ArrayView2<f64>) -> Array2<f64> {
            self.getrs(b, b'N')
        }
        pub(super) fn solve_transpose(&self, b: &ArrayView2<f64>) -> Array2<f64> {
            self.getrs(b, b'T')
        }
        pub(super) fn inverse(&self) -> Array2<f64> {
            self.solve(&Array2::<f64>::eye(self.n).view())
        }
    }

    pub(super) fn qr_r(x: &ArrayView2<f64>) -> Array2<f64> {
        let (_, r) = x.to_owned().qr().expect("QR of a finite matrix");
        let k = x.ncols();
        r.slice(s![..k, ..k]).to_owned()
    }

    pub(super) fn lstsq(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> Array1<f64> {
        qr_lstsq(x, y).1
    }

    pub(super) fn weighted_lstsq(
        x: &ArrayView2<f64>,
        y: &ArrayView1<f64>,
        s: &[f64],
    ) -> Array1<f64> {
        let xs = Array2::from_shape_fn(x.dim(), |(i, j)| x[[i, j]] * s[i]);
        let ys = Array1::from_shape_fn(y.len(), |i| y[i] * s[i]);
        lstsq(&xs.view(), &ys.view())
    }

    pub(super) fn qr_lstsq(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> (Array2<f64>, Array1<f64>) {
        let (q, r) = x.to_owned().qr().expect("QR of a finite matrix");
        let k = x.ncols();
        let qty = q.t().dot(y);
        let r = r.slice(s![..k, ..k]).to_owned();
        // An exactly singular R (dtrtrs reports a zero diagonal) gives a NaN solution: the caller's
        // rank check on R, or its finiteness check on b, reports it.
        let b = r
            .solve_triangular(UPLO::Upper, Diag::NonUnit, &qty.slice(s![..k]).to_owned())
            .unwrap_or_else(|_| Array1::from_elem(k, f64::NAN));
        (r, b)
    }
}

#[cfg(not(feature = "lapack"))]
use faer_impl as backend;
#[cfg(feature = "lapack")]
use lapack_impl as backend;

/// A square matrix factorized once (LU with partial pivoting), reused for many solves.
#[derive(Clone)]
pub struct Lu {
    inner: backend::Factor,
    n: usize,
    pivot_ratio: f64,
}

impl Lu {
    /// Factorize `a` (n x n). Fails with [`Error::Numerical`] when `a` is singular to working
    /// precision (smallest/largest LU pivot below 1e-13) or has non-finite entries.
    pub fn new(a: ArrayView2<f64>) -> Result<Self> {
        check_square(&a, "LU factorization")?;
        let (inner, pivot_ratio) = backend::Factor::new(&a)?;
        if pivot_ratio.is_nan() || pivot_ratio <= SINGULAR_RTOL {
            return Err(Error::numerical(crate::error::NumericalCause::Singular, format!(
                "matrix is singular to working precision (smallest/largest LU pivot = {pivot_ratio:.3e})"
            )));
        }
        Ok(Lu {
            inner,
            n: a.nrows(),
            pivot_ratio,
        })
    }

    /// Dimension n.
    pub fn dim(&self) -> usize {
        self.n
    }

    /// Conditioning indicator: smallest over largest absolute LU pivot; below 1e-13 the matrix is
    /// treated as singular.
    pub fn pivot_ratio(&self) -> f64 {
        self.pivot_ratio
    }

    fn check_rhs(&self, b: &ArrayView2<f64>) -> Result<()> {
        if b.nrows() != self.n {
            return Err(Error::Request(format!(
                "right-hand side has {} rows, expected {}",
                b.nrows(),
                self.n
            )));
        }
        if b.iter().any(|v| !v.is_finite()) {
            return Err(Error::numerical(
                crate::error::NumericalCause::NonFinite,
                "right-hand side has NaN or infinite entries",
            ));
        }
        Ok(())
    }

    /// Solve A X = B for X (B is n x k).
    pub fn solve(&self, b: ArrayView2<f64>) -> Result<Array2<f64>> {
        self.check_rhs(&b)?;
        let x = self.inner.solve(&b);
        check_finite(&x, "LU solve")?;
        Ok(x)
    }

    /// Solve Aᵀ X = B for X (B is n x k): row vectors times the inverse, without forming it.
    pub fn solve_transpose(&self, b: ArrayView2<f64>) -> Result<Array2<f64>> {
        self.check_rhs(&b)?;
        let x = self.inner.solve_transpose(&b);
        check_finite(&x, "LU transpose solve")?;
        Ok(x)
    }

    /// Solve A x = b for one vector.
    pub fn solve_vec(&self, b: ArrayView1<f64>) -> Result<Array1<f64>> {
        let b2 = b.insert_axis(ndarray::Axis(1));
        Ok(self.solve(b2)?.column(0).to_owned())
    }

    /// The explicit inverse A⁻¹ (only for reports that need every element).
    pub fn inverse(&self) -> Result<Array2<f64>> {
        let x = self.inner.inverse();
        check_finite(&x, "matrix inverse")?;
        Ok(x)
    }
}

/// Shapes of a least-squares problem: n >= k >= 1, y of length n.
fn check_shapes(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> Result<()> {
    if x.nrows() != y.len() || x.nrows() < x.ncols() || x.ncols() == 0 {
        return Err(Error::Request(format!(
            "least squares: X is {}x{}, y has {} rows",
            x.nrows(),
            x.ncols(),
            y.len()
        )));
    }
    Ok(())
}

/// Shapes and finite data for a least-squares problem.
fn check_least_squares(x: &ArrayView2<f64>, y: &ArrayView1<f64>) -> Result<()> {
    check_shapes(x, y)?;
    // No short-circuit: the fold vectorises, and clean data (the usual case) are read in full anyway.
    if !x
        .iter()
        .chain(y.iter())
        .fold(true, |ok, v| ok & v.is_finite())
    {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            "least squares: data have NaN or infinite entries",
        ));
    }
    Ok(())
}

/// The solution if every entry is finite.
fn finite_solution(b: Array1<f64>, what: &str) -> Result<Array1<f64>> {
    if b.iter().all(|v| v.is_finite()) {
        Ok(b)
    } else {
        Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!("{what}: solution is not finite"),
        ))
    }
}

/// Least squares min ‖y - X b‖ by QR (never the normal equations). X is n x k with n >= k and
/// full column rank (callers check rank first).
pub fn lstsq(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Array1<f64>> {
    check_least_squares(&x, &y)?;
    finite_solution(backend::lstsq(&x, &y), "least squares")
}

/// Weighted least squares min Σ (s_i (y_i - x_i b))² by QR of the row-scaled design (the step of
/// iteratively reweighted least squares). The caller has checked X and y once; the weights `s` must be
/// finite and the solution is checked.
pub fn weighted_lstsq(x: ArrayView2<f64>, y: ArrayView1<f64>, s: &[f64]) -> Result<Array1<f64>> {
    if s.len() != y.len() || s.iter().any(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            format!(
                "weighted least squares: {} weights for {} rows, or weights that are not finite",
                s.len(),
                y.len()
            ),
        ));
    }
    check_shapes(&x, &y)?;
    finite_solution(backend::weighted_lstsq(&x, &y, s), "weighted least squares")
}

/// [`lstsq`] and [`qr_r`] from one factorization: (R, b). Shapes and data are checked; b is returned
/// as computed: the caller checks the rank on R first (a rank-deficient X can give a non-finite b)
/// and then b's finiteness.
pub fn qr_lstsq(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<(Array2<f64>, Array1<f64>)> {
    check_least_squares(&x, &y)?;
    Ok(backend::qr_lstsq(&x, &y))
}

/// The upper-triangular factor R (k x k) of a thin QR factorization X = Q R (X is n x k, n >= k).
/// Used for rank checks and for (XᵀX)⁻¹ = R⁻¹R⁻ᵀ without forming XᵀX.
pub fn qr_r(x: ArrayView2<f64>) -> Result<Array2<f64>> {
    if x.nrows() < x.ncols() || x.ncols() == 0 {
        return Err(Error::Request(format!(
            "QR: X is {}x{}, need n >= k >= 1",
            x.nrows(),
            x.ncols()
        )));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            "QR: matrix has NaN or infinite entries",
        ));
    }
    Ok(backend::qr_r(&x))
}

/// A square root F of a small symmetric positive semi-definite matrix (F Fᵀ = A), for drawing
/// correlated normals: faer's Cholesky factor L when A is positive definite, else U·diag(√λ) from
/// faer's self-adjoint eigendecomposition (eigenvalues within −1e-12·max|λ| of zero count as zero).
/// Fails on a non-finite or clearly indefinite matrix.
pub fn psd_cholesky(a: ArrayView2<f64>) -> Result<Array2<f64>> {
    check_square(&a, "covariance")?;
    let n = a.nrows();
    if a.iter().any(|v| !v.is_finite()) {
        return Err(Error::numerical(
            crate::error::NumericalCause::NonFinite,
            "coefficient covariance has a non-finite entry",
        ));
    }
    let m = faer::Mat::from_fn(n, n, |i, j| a[[i, j]]);
    if let Ok(llt) = m.llt(faer::Side::Lower) {
        let l = llt.L();
        return Ok(Array2::from_shape_fn((n, n), |(i, j)| {
            if j <= i {
                l[(i, j)]
            } else {
                0.0
            }
        }));
    }
    let evd = m.self_adjoint_eigen(faer::Side::Lower).map_err(|e| {
        Error::numerical(
            crate::error::NumericalCause::NotConverged,
            format!("eigendecomposition of the coefficient covariance failed: {e:?}"),
        )
    })?;
    let s = evd.S().column_vector();
    let u = evd.U();
    let scale = (0..n).map(|i| s[i].abs()).fold(0.0, f64::max);
    if (0..n).any(|i| s[i] < -1e-12 * scale.max(1e-300)) {
        return Err(Error::numerical(
            crate::error::NumericalCause::Other,
            "coefficient covariance is not positive semi-definite",
        ));
    }
    Ok(Array2::from_shape_fn((n, n), |(i, j)| {
        u[(i, j)] * s[j].max(0.0).sqrt()
    }))
}

#[cfg(test)]
mod psd_tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cholesky_of_a_positive_definite_matrix_is_lower_and_reproduces_it() {
        let a = array![[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]];
        let l = psd_cholesky(a.view()).unwrap();
        assert_eq!(l[[0, 1]], 0.0);
        assert!((l[[0, 0]] - 2.0).abs() < 1e-15 && (l[[1, 0]] - 1.0).abs() < 1e-15);
        let back = l.dot(&l.t());
        assert!(back
            .iter()
            .zip(a.iter())
            .all(|(x, y)| (x - y).abs() < 1e-13));
    }

    #[test]
    fn a_semi_definite_matrix_gets_a_square_root_and_an_indefinite_one_an_error() {
        // Rank one: [1 1; 1 1] = v vᵀ with v = (1, 1).
        let a = array![[1.0, 1.0], [1.0, 1.0]];
        let f = psd_cholesky(a.view()).unwrap();
        let back = f.dot(&f.t());
        assert!(back
            .iter()
            .zip(a.iter())
            .all(|(x, y)| (x - y).abs() < 1e-12));
        let bad = array![[1.0, 2.0], [2.0, 1.0]];
        assert!(psd_cholesky(bad.view()).is_err());
        let nan = array![[f64::NAN, 0.0], [0.0, 1.0]];
        assert!(psd_cholesky(nan.view()).is_err());
    }
}
