//! Negotiation: concession menus, the calibrated US response, the precomputed concession-mix problem,
//! solvers (argmin) verified against grid search, and the loss-cost frontier (DESIGN §6).

mod explain;
mod menu;
mod problem;
mod reinvestment;
mod report;
mod response;
mod solve;

pub use explain::{explain, Explain, Marginal, RobustnessRow, COST_HIGH, COST_LOW};
pub use menu::{Instrument, Kind, Menu, Mix};
pub use problem::{
    annual_gdp_usd_bn, headline_scenario, headline_scenario_settled, Breakdown, Problem,
    ProblemSettings, RiskMeasure, TariffOutcome, OUTCOME_NODES,
};
pub use reinvestment::{census_surplus, reinvestment, Reinvestment, ReinvestmentPeriod};
pub use report::{
    analytics, assumptions, best_of, calibration, compare, export_problem, optimize, settle_sweep,
    starts_for, Analytics, Assumptions, Best, Calibration, CompareRow, Comparison, ExportedProblem,
    MixPoint, OptimizeReport, OptimizeSettings, SearchPolicy, SettleRow, SettleSweep,
    FRONTIER_POINTS,
};
pub use response::{ResponseSpec, UsResponse};
pub use solve::{
    frontier, grid_search, grid_search_capped, run, run_capped, FrontierPoint, SolverKind,
    SolverReport, DEFAULT_MAX_ITERS,
};
