//! Command-line arguments (clap). Choice lists come from the library's own names, so nothing here
//! mirrors a library enum by hand.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};

use headwind::negotiation::{RiskMeasure, SolverKind};

fn formats(names: &'static [&'static str]) -> PossibleValuesParser {
    PossibleValuesParser::new(names)
}

fn solver_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = SolverKind::ALL.iter().map(|k| k.name()).collect();
    v.push("all");
    v
}

/// The `headwind` command line.
#[derive(Parser)]
#[command(
    name = "headwind",
    version,
    about = "US tariffs -> Korea's sectoral exports and quarterly GDP"
)]
pub struct Args {
    /// Directory with the dataset CSV files (default: the copy embedded in the binary).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Directory with model TOML files, searched for NAME.toml before the embedded ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// No progress bars or notes on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Replay as if the data ended at this quarter (YYYYQn) or month (YYYY-MM): every series is cut
    /// there (a month keeps each monthly series to its publication lag and GDP to the last quarter
    /// published), the models are re-estimated on the cut sample, forecasts start the next quarter,
    /// the status quo holds only the tariffs in force then, and realised outcomes are printed beside.
    #[arg(long, global = true, value_name = "QUARTER|MONTH")]
    pub as_of: Option<String>,
    /// Language of chart labels (`--plot`) and of the report's headings: en or ko (Korean, with an
    /// embedded Hangul font).
    #[arg(long, global = true, default_value = "en", value_parser = PossibleValuesParser::new(headwind::report::charts::Lang::NAMES))]
    pub lang: String,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by `optimize` and `compare`.
#[derive(clap::Args, Clone)]
pub struct NegotiationArgs {
    /// Concession menu (file, or embedded name; default `concessions/menu`).
    #[arg(long, value_name = "FILE|NAME")]
    pub menu: Option<String>,
    /// US response spec (file, or embedded name; default `us_response`).
    #[arg(long, value_name = "FILE|NAME")]
    pub response: Option<String>,
    /// Scenario giving the start, horizon, driver paths and parameter overrides (its own tariffs are
    /// replaced by the US response's headline rate).
    #[arg(long, value_name = "FILE|NAME")]
    pub scenario: Option<String>,
    /// Cap on annual commitments, USD bn per year: investment and shipbuilding pledges per year of the
    /// payout period + purchases + defence (0: no concession that costs money).
    #[arg(long, value_name = "USD_BN")]
    pub budget: Option<f64>,
    /// Weight on the risk measure, % of GDP per unit (probability, or log points of shortfall).
    #[arg(long, default_value_t = 0.0)]
    pub risk_weight: f64,
    /// Risk measure penalised with --risk-weight: the largest quarterly P(growth < 0), or minus the 5%
    /// expected shortfall of quarterly growth.
    #[arg(long, default_value = "p-negative", value_parser = PossibleValuesParser::new(RiskMeasure::NAMES))]
    pub risk_measure: String,
    /// Count defence cost-sharing in the US response (on) or keep security separate (off); default:
    /// the response spec's `link_defence`. A mix file's own `link_defence` wins.
    #[arg(long, value_name = "on|off", value_parser = PossibleValuesParser::new(["on", "off"]))]
    pub link_defence: Option<String>,
    /// Settle the deal in this quarter (e.g. 2026Q4): the status quo's tariffs apply until then, the
    /// mix's headline rate and costs from then on (default: the horizon's first quarter).
    #[arg(long, value_name = "QUARTER")]
    pub settle: Option<String>,
    /// Monte Carlo paths per point of the precomputed tariff grid.
    #[arg(long, default_value_t = 400)]
    pub paths: usize,
    /// Random seed.
    #[arg(long, default_value_t = 20251029)]
    pub seed: u64,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
    pub format: String,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Model spec (file, or embedded name; default `model`).
    #[arg(long, value_name = "FILE|NAME")]
    pub model: Option<String>,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Search for the concession mix that costs Korea least (Nelder-Mead, particle swarm, L-BFGS).
    Optimize {
        /// Shared negotiation options.
        #[command(flatten)]
        args: NegotiationArgs,
        /// Solver(s).
        #[arg(long, default_value = "all", value_parser = PossibleValuesParser::new(solver_names()))]
        solver: String,
        /// Write the frontier chart (PNG and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
        /// Write the precomputed problem as JSON (for tools/reference/optimize_scipy.py).
        #[arg(long, value_name = "FILE")]
        export_problem: Option<PathBuf>,
        /// Iteration cap per solver start (default: 3000 Nelder-Mead, 300 L-BFGS, 300 particle swarm).
        /// A start stopped by the cap is reported as not converged.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max_iters: Option<u64>,
        /// Also settle the best mix in each quarter of the horizon: the cost of waiting and the
        /// break-even tariff a later deal would have to reach (JSON `settle`).
        #[arg(long)]
        settle_sweep: bool,
        /// Explain the optimum: each instrument's marginal value, the budget's shadow price and the
        /// best mix under alternative cost assumptions and deal-failure probabilities (JSON `explain`).
        #[arg(long)]
        explain: bool,
    },
    /// Compare concession mixes side by side (files or shipped names; all shipped mixes by default).
    Compare {
        /// Mix files (TOML) or shipped names: deal-2025, separate-security, one-stop-shopping, energy-heavy, investment-heavy, no-deal.
        mixes: Vec<String>,
        /// Shared negotiation options.
        #[command(flatten)]
        args: NegotiationArgs,
        /// Write the comparison chart (PNG and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
    },
    /// Forecast GDP growth under a tariff scenario against its baseline (Monte Carlo).
    Forecast {
        /// Scenario (file, or name in models/scenarios: korus, april-2025, reciprocal-25, deal-15, chips-25, china-25).
        #[arg(long, value_name = "FILE|NAME", default_value = "deal-15")]
        scenario: String,
        /// Baseline scenario (default: the scenario's own `baseline`, korus for the shipped ones).
        #[arg(long, value_name = "FILE|NAME")]
        vs: Option<String>,
        /// Number of Monte Carlo paths.
        #[arg(long, default_value_t = 10_000)]
        paths: usize,
        /// Random seed (same seed, same numbers, any thread count).
        #[arg(long, default_value_t = 20251029)]
        seed: u64,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
        format: String,
        /// Write fan and sector charts (PNG and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
    },
    /// One-at-a-time sensitivity (tornado) of a scenario's real GDP level effect: each uncertain
    /// input at a stated low and high value, the others central, the same draws.
    Sensitivity {
        /// Scenario (file or name).
        #[arg(long, value_name = "FILE|NAME", default_value = "deal-15")]
        scenario: String,
        /// Comparator (default: the scenario's own `baseline`).
        #[arg(long, value_name = "FILE|NAME")]
        vs: Option<String>,
        /// Monte Carlo paths per run.
        #[arg(long, default_value_t = 2_000)]
        paths: usize,
        /// Random seed (the same draws in every run).
        #[arg(long, default_value_t = 20251029)]
        seed: u64,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
        format: String,
        /// Write the tornado chart (PNG and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
    },
    /// One self-contained HTML report (inline SVG charts and CSS, no external request): headline
    /// numbers with their uncertainty, fan chart, annual and quarterly tables, sector effects,
    /// tariff schedule, sensitivity, and the concession mixes and the optimum where asked; method
    /// notes, data provenance and file hashes.
    Report {
        /// Scenario (TOML file or shipped name).
        #[arg(long, value_name = "FILE|NAME", default_value = "deal-15")]
        scenario: String,
        /// Comparator (default: the scenario's own `baseline`).
        #[arg(long, value_name = "FILE|NAME")]
        vs: Option<String>,
        /// Monte Carlo paths of the forecast.
        #[arg(long, default_value_t = 10_000)]
        paths: usize,
        /// Seed (the same seed, the same page).
        #[arg(long, default_value_t = 20251029)]
        seed: u64,
        /// Paths of each sensitivity run (0: no sensitivity section).
        #[arg(long, default_value_t = 2_000)]
        sensitivity_paths: usize,
        /// Add the comparison of concession mixes (names or files; none given: every shipped mix).
        #[arg(long, value_name = "MIX", num_args = 0..)]
        compare: Option<Vec<String>>,
        /// Add the optimum concession mix and the frontier.
        #[arg(long)]
        optimize: bool,
        /// Cap on annual commitments for the optimum, USD bn per year.
        #[arg(long, value_name = "USD_BN")]
        budget: Option<f64>,
        /// Monte Carlo paths per mix of the comparison and the optimum.
        #[arg(long, default_value_t = 400)]
        negotiation_paths: usize,
        /// Write the page here (default: standard output).
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Model spec (TOML file or name; default: the embedded `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
    },
    /// A sweep: the forecast at every point of a declared design (grid, lhs, sobol or saltelli
    /// over scenario parameters), with common random numbers; one CSV row per point. Sharded runs
    /// (`--shard K/N`, or a job array's environment) are combined by `merge`.
    Sweep {
        /// Sweep spec (TOML file or shipped name, e.g. `example`).
        spec: String,
        /// Run only shard K of N (1-based), e.g. 2/8. Default: from SLURM_ARRAY_TASK_ID,
        /// AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX where an engine sets them.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// The number of shards where the engine gives only an index (Kubernetes Indexed Jobs).
        #[arg(long, value_name = "N")]
        shards: Option<usize>,
        /// Sobol indices of this output column (saltelli designs, whole sweeps), printed after the run.
        #[arg(long, value_name = "COLUMN")]
        sobol: Option<String>,
        /// Write the Sobol chart (sobol.png/.svg) here.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
        /// Write the table here (atomically; default: standard output).
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Model spec (TOML file or name; default: the embedded `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
    },
    /// Merge sweep shards into the whole sweep's table (byte for byte the unsharded run's): every
    /// shard from the same spec, data and version, every point exactly once.
    Merge {
        /// Shard tables.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the merged table here (default: standard output).
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Sobol first-order and total indices of a saltelli sweep's table, with bootstrap intervals.
    Sobol {
        /// A whole (or merged) sweep table.
        table: PathBuf,
        /// The output column analysed.
        #[arg(long, default_value = "gdp_level_effect_pct")]
        column: String,
        /// Bootstrap resamples.
        #[arg(long, default_value_t = 1000)]
        bootstrap: usize,
        /// Bootstrap seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
        format: String,
        /// Write the chart (sobol.png/.svg) here.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
    },
    /// Estimate the GDP and export equations (statsmodels-style summaries).
    Estimate {
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "json", "latex"]))]
        format: String,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Rolling-origin backtest of the GDP model against AR(1), random walk and historical mean.
    Backtest {
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
        /// Drivers forecast by their own AR(1) as a user would have to (default), or at realised
        /// values (conditional); overrides the spec's `backtest.drivers`.
        #[arg(long, value_parser = PossibleValuesParser::new(["forecast", "realised"]))]
        drivers: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
        format: String,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Nowcast the quarter in progress from monthly exports and the exchange rate (as of --as-of
    /// YYYY-MM, default the last month with export data): growth distribution, P(growth < 0),
    /// months used and the news of the latest releases.
    Nowcast {
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "json"]))]
        format: String,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// List every dataset (rows, span, source) and run the validation checks.
    Data {
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
        format: String,
    },
    /// Input-output multipliers, linkages and final-demand inducement coefficients.
    Multipliers {
        /// Aggregate sectors with a concordance (file, or name of a model such as `groups`).
        #[arg(long, value_name = "FILE|NAME")]
        aggregate: Option<String>,
        /// Show only the N sectors with the largest output multiplier (table format).
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Add Type II multipliers (households closed: includes induced consumption).
        #[arg(long)]
        type2: bool,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = formats(&["table", "csv", "json", "xlsx"]))]
        format: String,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}
