//! Python bindings of headwind: each function loads the data and specs, asks the library's
//! [`Workbench`] the question with the GIL released, and returns the result value rendered three ways
//! — the text summary the command line prints, the JSON the command line writes with
//! `--format json`, and its CSV where it has one — for the Python layer in `pkg/headwind` to wrap.
//! Errors become Python exceptions of the library's error classes, with the same messages.

use std::path::PathBuf;

use headwind::data::DataSource;
use headwind::negotiation::{OptimizeSettings, SolverKind};
use headwind::report::{Format, Render};
use headwind::workbench::{self, AsOf, ForecastRequest, NegotiationRequest, Workbench};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    _headwind,
    HeadwindError,
    PyException,
    "An error from headwind (the message is the command line's)."
);
pyo3::create_exception!(
    _headwind,
    InputError,
    HeadwindError,
    "Bad input: a data file or spec failed its checks (the command line's exit code 2)."
);
pyo3::create_exception!(
    _headwind,
    NumericalError,
    HeadwindError,
    "Numerical trouble detected and refused (exit code 3)."
);
pyo3::create_exception!(
    _headwind,
    RequestError,
    HeadwindError,
    "An invalid request: a bad option or combination of options (exit code 4)."
);
pyo3::create_exception!(
    _headwind,
    FileError,
    HeadwindError,
    "A file could not be read or written (exit code 5)."
);

fn to_py(e: headwind::Error) -> PyErr {
    let msg = e.to_string();
    match e.exit_code() {
        2 => InputError::new_err(msg),
        3 => NumericalError::new_err(msg),
        4 => RequestError::new_err(msg),
        _ => FileError::new_err(msg),
    }
}

/// The result value rendered: (summary text, JSON text, CSV text or None, xlsx bytes or None).
type Rendered = (String, String, Option<String>, Option<Vec<u8>>);

/// Render a result; `tabular`: it has the CSV and xlsx forms of the command line.
fn rendered<R: Render>(r: &R, tabular: bool) -> headwind::Result<Rendered> {
    Ok((
        r.render(Format::Table)?,
        r.render(Format::Json)?,
        if tabular {
            Some(r.render(Format::Csv)?)
        } else {
            None
        },
        if tabular {
            Some(r.render_bytes(Format::Xlsx)?)
        } else {
            None
        },
    ))
}

/// Where the data and specs come from, as the command line's global options.
struct Inputs {
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    as_of: Option<String>,
}

impl Inputs {
    fn source(&self) -> DataSource {
        match &self.data {
            Some(d) => DataSource::Dir(d.clone()),
            None => DataSource::Embedded,
        }
    }

    fn as_of(&self) -> headwind::Result<Option<AsOf>> {
        self.as_of
            .as_deref()
            .map(|q| {
                q.parse::<AsOf>()
                    .map_err(|e| headwind::Error::Request(format!("as_of: {e}")))
            })
            .transpose()
    }

    fn workbench(&self, model: Option<&str>) -> headwind::Result<Workbench> {
        Workbench::load_at(&self.source(), self.models.as_deref(), model, self.as_of()?)
    }
}

/// Run `f` with the GIL released and turn its error into a Python exception.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> headwind::Result<T> + Send) -> PyResult<T> {
    py.detach(f).map_err(to_py)
}

/// A forecast of `scenario` against `vs` (None: the scenario's own baseline).
#[pyfunction]
#[pyo3(signature = (scenario="deal-15".to_string(), vs=None, paths=10_000, seed=20251029, as_of=None, data=None, models=None, model=None))]
#[allow(clippy::too_many_arguments)]
fn forecast(
    py: Python<'_>,
    scenario: String,
    vs: Option<String>,
    paths: usize,
    seed: u64,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    model: Option<String>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let wb = inputs.workbench(model.as_deref())?;
        let req = ForecastRequest {
            scenario,
            vs,
            paths,
            seed,
        };
        rendered(&wb.forecast(&req, &|_| {})?, true)
    })
}

/// The tornado: how the level effect moves with each uncertain parameter.
#[pyfunction]
#[pyo3(signature = (scenario="deal-15".to_string(), vs=None, paths=2_000, seed=20251029, as_of=None, data=None, models=None, model=None))]
#[allow(clippy::too_many_arguments)]
fn sensitivity(
    py: Python<'_>,
    scenario: String,
    vs: Option<String>,
    paths: usize,
    seed: u64,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    model: Option<String>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let wb = inputs.workbench(model.as_deref())?;
        let req = ForecastRequest {
            scenario,
            vs,
            paths,
            seed,
        };
        rendered(&wb.sensitivity(&req)?, true)
    })
}

/// The estimated equations.
#[pyfunction]
#[pyo3(signature = (model=None, as_of=None, data=None, models=None))]
fn estimate(
    py: Python<'_>,
    model: Option<String>,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        rendered(
            &inputs.workbench(model.as_deref())?.estimate_report(),
            false,
        )
    })
}

/// The pseudo-out-of-sample backtest that chooses the GDP model.
#[pyfunction]
#[pyo3(signature = (model=None, drivers=None, as_of=None, data=None, models=None))]
fn backtest(
    py: Python<'_>,
    model: Option<String>,
    drivers: Option<String>,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let drivers = drivers
            .map(|d| d.parse::<headwind::econometrics::DriverMode>())
            .transpose()
            .map_err(headwind::Error::Request)?;
        let wb = inputs.workbench(model.as_deref())?;
        rendered(&wb.backtest_report_with(drivers)?, true)
    })
}

/// The nowcast of the current quarter from monthly data.
#[pyfunction]
#[pyo3(signature = (model=None, as_of=None, data=None, models=None))]
fn nowcast(
    py: Python<'_>,
    model: Option<String>,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        rendered(
            &inputs.workbench(model.as_deref())?.nowcast_report()?,
            false,
        )
    })
}

/// Input-output multipliers, optionally aggregated to a concordance's groups.
#[pyfunction]
#[pyo3(signature = (aggregate=None, top=None, type2=false, data=None, models=None))]
fn multipliers(
    py: Python<'_>,
    aggregate: Option<String>,
    top: Option<usize>,
    type2: bool,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of: None,
    };
    run(py, move || {
        let r = workbench::multipliers_report(
            &inputs.source(),
            inputs.models.as_deref(),
            aggregate.as_deref(),
            top,
            type2,
        )?;
        rendered(&r, true)
    })
}

/// The datasets and their checks.
#[pyfunction]
#[pyo3(signature = (data=None,))]
fn data_report(py: Python<'_>, data: Option<PathBuf>) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models: None,
        as_of: None,
    };
    run(py, move || {
        rendered(&workbench::data_report(&inputs.source())?, true)
    })
}

/// The negotiation options shared by `optimize` and `compare`.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct Negotiation {
    menu: Option<String>,
    response: Option<String>,
    scenario: Option<String>,
    budget: Option<f64>,
    risk_weight: f64,
    risk_measure: String,
    link_defence: Option<bool>,
    settle: Option<String>,
    paths: usize,
    seed: u64,
}

impl Negotiation {
    fn request(self) -> headwind::Result<NegotiationRequest> {
        Ok(NegotiationRequest {
            menu: self.menu,
            response: self.response,
            scenario: self.scenario,
            budget: self.budget,
            risk_weight: self.risk_weight,
            risk_measure: self.risk_measure.parse()?,
            paths: self.paths,
            seed: self.seed,
            link_defence: self.link_defence,
            settle: self
                .settle
                .as_deref()
                .map(|q| {
                    q.parse::<headwind::data::Quarter>().map_err(|_| {
                        headwind::Error::Request(format!(
                            "settle `{q}`: expected a quarter like 2026Q4"
                        ))
                    })
                })
                .transpose()?,
        })
    }
}

/// The concession mix that costs Korea least, with the frontier (options as a dict, see the
/// Python wrapper).
#[pyfunction]
#[pyo3(signature = (negotiation, solver="all".to_string(), max_iters=None, explain=false, settle_sweep=false, as_of=None, data=None, models=None, model=None))]
#[allow(clippy::too_many_arguments)]
fn optimize(
    py: Python<'_>,
    negotiation: Negotiation,
    solver: String,
    max_iters: Option<u64>,
    explain: bool,
    settle_sweep: bool,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    model: Option<String>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let req = negotiation.request()?;
        if max_iters == Some(0) {
            return Err(headwind::Error::Request(
                "max_iters must be at least 1".into(),
            ));
        }
        let solvers = if solver == "all" {
            SolverKind::ALL.to_vec()
        } else {
            vec![solver.parse()?]
        };
        let wb = inputs.workbench(model.as_deref())?;
        let settings = OptimizeSettings {
            solvers,
            seed: req.seed,
            max_iters,
            frontier_reach_usd_bn: None,
        };
        let r = wb.optimize_with(&req, &settings, explain, settle_sweep)?;
        let mut out = rendered(&r, true)?;
        if explain || settle_sweep {
            // Their tables have no CSV form (as on the command line); the workbook has them.
            out.2 = None;
        }
        Ok(out)
    })
}

/// Shipped or user mixes side by side (every shipped mix when `mixes` is empty).
#[pyfunction]
#[pyo3(signature = (mixes, negotiation, as_of=None, data=None, models=None, model=None))]
fn compare(
    py: Python<'_>,
    mixes: Vec<String>,
    negotiation: Negotiation,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    model: Option<String>,
) -> PyResult<Rendered> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let req = negotiation.request()?;
        let wb = inputs.workbench(model.as_deref())?;
        rendered(&wb.compare(&req, &mixes)?, true)
    })
}

/// The self-contained HTML report (`headwind report`), as a string.
#[pyfunction]
#[pyo3(signature = (scenario="deal-15".to_string(), vs=None, paths=10_000, seed=20251029, sensitivity_paths=2_000, compare=None, optimize=false, budget=None, negotiation_paths=400, lang="en".to_string(), as_of=None, data=None, models=None, model=None))]
#[allow(clippy::too_many_arguments)]
fn report(
    py: Python<'_>,
    scenario: String,
    vs: Option<String>,
    paths: usize,
    seed: u64,
    sensitivity_paths: usize,
    compare: Option<Vec<String>>,
    optimize: bool,
    budget: Option<f64>,
    negotiation_paths: usize,
    lang: String,
    as_of: Option<String>,
    data: Option<PathBuf>,
    models: Option<PathBuf>,
    model: Option<String>,
) -> PyResult<String> {
    let inputs = Inputs {
        data,
        models,
        as_of,
    };
    run(py, move || {
        let wb = inputs.workbench(model.as_deref())?;
        let req = workbench::ReportRequest {
            forecast: ForecastRequest {
                scenario,
                vs,
                paths,
                seed,
            },
            sensitivity_paths: (sensitivity_paths > 0).then_some(sensitivity_paths),
            mixes: compare,
            optimize,
            negotiation: NegotiationRequest {
                budget,
                paths: negotiation_paths,
                seed,
                ..Default::default()
            },
            lang: lang.parse()?,
        };
        wb.report(&req, &|_| {})
    })
}

/// The native module `headwind._headwind`.
#[pymodule]
fn _headwind(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HeadwindError", py.get_type::<HeadwindError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("NumericalError", py.get_type::<NumericalError>())?;
    m.add("RequestError", py.get_type::<RequestError>())?;
    m.add("FileError", py.get_type::<FileError>())?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(estimate, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(nowcast, m)?)?;
    m.add_function(wrap_pyfunction!(multipliers, m)?)?;
    m.add_function(wrap_pyfunction!(data_report, m)?)?;
    m.add_function(wrap_pyfunction!(optimize, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    Ok(())
}
