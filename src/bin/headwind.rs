//! The `headwind` command line: parses arguments into a plain config, calls the library, renders
//! errors once and exits with a fixed code per error class (2 input, 3 numerical, 4 usage, 5 I/O).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use headwind::cli;
use headwind::negotiation::{RiskMeasure, SolverKind};

#[derive(Parser)]
#[command(
    name = "headwind",
    version,
    about = "US tariffs -> Korea's sectoral exports and quarterly GDP"
)]
struct Args {
    /// Directory with the dataset CSV files (default: the copy embedded in the binary).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Directory with model TOML files, searched for NAME.toml before the embedded ones.
    #[arg(long, global = true, value_name = "DIR")]
    models: Option<PathBuf>,
    /// No progress bars or notes on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum EstFormat {
    Table,
    Json,
    Latex,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum SolverArg {
    Nm,
    Pso,
    Lbfgs,
    All,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum RiskArg {
    PNegative,
    ExpectedShortfall,
}

#[derive(clap::Args, Clone)]
struct NegotiationArgs {
    /// Concession menu (file, or embedded name; default `concessions/menu`).
    #[arg(long, value_name = "FILE|NAME")]
    menu: Option<String>,
    /// US response spec (file, or embedded name; default `us_response`).
    #[arg(long, value_name = "FILE|NAME")]
    response: Option<String>,
    /// Scenario giving the horizon and driver paths (its own tariffs are replaced by the US response).
    #[arg(long, value_name = "FILE|NAME")]
    scenario: Option<String>,
    /// Cap on annual outflows (pledges paid per year + purchases + defence), USD bn per year.
    #[arg(long, value_name = "USD_BN")]
    budget: Option<f64>,
    /// Weight on the risk measure, % of GDP per unit (probability, or log points of shortfall).
    #[arg(long, default_value_t = 0.0)]
    risk_weight: f64,
    /// Risk measure penalised with --risk-weight: the largest quarterly P(growth < 0), or minus the 5%
    /// expected shortfall of quarterly growth.
    #[arg(long, value_enum, default_value = "p-negative")]
    risk_measure: RiskArg,
    /// Monte Carlo paths per point of the precomputed tariff grid.
    #[arg(long, default_value_t = 400)]
    paths: usize,
    /// Random seed.
    #[arg(long, default_value_t = 20251029)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Model spec (file, or embedded name; default `model`).
    #[arg(long, value_name = "FILE|NAME")]
    model: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Search for the concession mix that costs Korea least (Nelder-Mead, particle swarm, L-BFGS).
    Optimize {
        #[command(flatten)]
        args: NegotiationArgs,
        /// Solver(s).
        #[arg(long, value_enum, default_value = "all")]
        solver: SolverArg,
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
    },
    /// Compare concession mixes side by side (files or shipped names; all shipped mixes by default).
    Compare {
        /// Mix files (TOML) or shipped names: deal-2025, separate-security, one-stop-shopping, energy-heavy, investment-heavy, no-deal.
        mixes: Vec<String>,
        #[command(flatten)]
        args: NegotiationArgs,
        /// Write the comparison chart (PNG and SVG) to this directory.
        #[arg(long, value_name = "DIR")]
        plot: Option<PathBuf>,
    },
    /// Forecast GDP growth under a tariff scenario against its baseline (Monte Carlo).
    Forecast {
        /// Scenario (file, or name in models/scenarios: korus, april-2025, reciprocal-25, deal-15, chips-25).
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
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
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
    /// Estimate the GDP and export equations (statsmodels-style summaries).
    Estimate {
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: EstFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Rolling-origin backtest of the GDP model against AR(1), random walk and historical mean.
    Backtest {
        /// Model spec (file, or name of an embedded model; default `model`).
        #[arg(long, value_name = "FILE|NAME")]
        model: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// List every dataset (rows, span, source) and run the validation checks.
    Data {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
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
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

fn fmt(f: Format) -> cli::Format {
    match f {
        Format::Table => cli::Format::Table,
        Format::Csv => cli::Format::Csv,
        Format::Json => cli::Format::Json,
    }
}

fn neg_options(
    a: NegotiationArgs,
    solvers: Vec<SolverKind>,
    plot: Option<PathBuf>,
    export_problem: Option<PathBuf>,
) -> cli::negotiate::Options {
    cli::negotiate::Options {
        menu: a.menu,
        response: a.response,
        scenario: a.scenario,
        solvers,
        budget: a.budget,
        risk_weight: a.risk_weight,
        risk_measure: match a.risk_measure {
            RiskArg::PNegative => RiskMeasure::PNegative,
            RiskArg::ExpectedShortfall => RiskMeasure::ExpectedShortfall,
        },
        paths: a.paths,
        seed: a.seed,
        format: fmt(a.format),
        plot,
        output: a.output,
        export_problem,
        model: a.model,
        max_iters: None,
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let ctx = cli::Context {
        data_dir: args.data,
        models_dir: args.models,
        quiet: args.quiet,
    };
    let result = match args.command {
        Command::Data { format } => cli::data::run(&ctx, fmt(format)),
        Command::Optimize {
            args,
            solver,
            plot,
            export_problem,
            max_iters,
        } => {
            let solvers = match solver {
                SolverArg::Nm => vec![SolverKind::NelderMead],
                SolverArg::Pso => vec![SolverKind::ParticleSwarm],
                SolverArg::Lbfgs => vec![SolverKind::Lbfgs],
                SolverArg::All => vec![
                    SolverKind::NelderMead,
                    SolverKind::ParticleSwarm,
                    SolverKind::Lbfgs,
                ],
            };
            let mut opt = neg_options(args, solvers, plot, export_problem);
            opt.max_iters = max_iters;
            cli::negotiate::optimize(&ctx, &opt)
        }
        Command::Compare { mixes, args, plot } => {
            cli::negotiate::compare(&ctx, &neg_options(args, vec![], plot, None), &mixes)
        }
        Command::Forecast {
            scenario,
            vs,
            paths,
            seed,
            format,
            plot,
            output,
            model,
        } => cli::forecast::run(
            &ctx,
            &cli::forecast::Options {
                scenario,
                vs,
                paths,
                seed,
                format: fmt(format),
                plot,
                output,
                model,
            },
        ),
        Command::Estimate {
            model,
            format,
            output,
        } => {
            let f = match format {
                EstFormat::Table => cli::estimate::EstimateFormat::Table,
                EstFormat::Json => cli::estimate::EstimateFormat::Json,
                EstFormat::Latex => cli::estimate::EstimateFormat::Latex,
            };
            cli::estimate::run_estimate(&ctx, model.as_deref(), f, output.as_ref())
        }
        Command::Backtest {
            model,
            format,
            output,
        } => cli::estimate::run_backtest(&ctx, model.as_deref(), fmt(format), output.as_ref()),
        Command::Multipliers {
            aggregate,
            top,
            type2,
            format,
            output,
        } => cli::multipliers::run(
            &ctx,
            &cli::multipliers::Options {
                aggregate,
                top,
                type2,
                format: fmt(format),
                output,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("headwind: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
