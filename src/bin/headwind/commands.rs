//! One function per command: options → library call → renderer → write.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use headwind::data::DataSource;
use headwind::negotiation::{export_problem, OptimizeSettings, SolverKind};
use headwind::report::charts::{Draw, Lang};
use headwind::report::{to_json, write_atomic, Format, Render};
use headwind::workbench::{self, ForecastRequest, NegotiationRequest, Workbench};
use headwind::{Error, Result};

use crate::args::{Args, Command, NegotiationArgs};

/// Global options shared by every command.
struct Context {
    source: DataSource,
    models: Option<PathBuf>,
    quiet: bool,
    as_of: Option<workbench::AsOf>,
    lang: Lang,
}

impl Context {
    fn workbench(&self, model: Option<&str>) -> Result<Workbench> {
        Workbench::load_at(&self.source, self.models.as_deref(), model, self.as_of)
    }

    /// A note on stderr (silenced by --quiet; a stderr that cannot be written is ignored).
    fn note(&self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{msg}");
        }
    }
}

fn format(s: &str) -> Result<Format> {
    s.parse()
}

/// Write `text` to `path` atomically, or to standard output (a failed write is an I/O error).
fn emit(text: &str, path: Option<&PathBuf>) -> Result<()> {
    emit_bytes(text.as_bytes(), path)
}

/// Refuse a binary format (xlsx) bound for a terminal, before any work is done.
fn check_binary_target(f: Format, path: Option<&PathBuf>) -> Result<()> {
    if f.is_binary() && path.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Request(
            "--format xlsx writes a binary workbook: give --output FILE.xlsx (or redirect standard output)".into(),
        ));
    }
    Ok(())
}

/// Write `bytes` to `path` atomically, or to standard output.
fn emit_bytes(bytes: &[u8], path: Option<&PathBuf>) -> Result<()> {
    match path {
        Some(p) => write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|source| Error::Write {
                    path: PathBuf::from("<standard output>"),
                    source,
                })
        }
    }
}

fn progress_bar(quiet: bool, len: u64, msg: &'static str) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} paths")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b.set_message(msg);
    b
}

fn negotiation_request(a: &NegotiationArgs) -> Result<NegotiationRequest> {
    Ok(NegotiationRequest {
        menu: a.menu.clone(),
        response: a.response.clone(),
        scenario: a.scenario.clone(),
        budget: a.budget,
        risk_weight: a.risk_weight,
        risk_measure: a.risk_measure.parse()?,
        paths: a.paths,
        seed: a.seed,
        link_defence: a.link_defence.as_deref().map(|s| s == "on"),
        settle: a
            .settle
            .as_deref()
            .map(|q| {
                q.parse::<headwind::data::Quarter>().map_err(|_| {
                    headwind::error::Error::Request(format!(
                        "--settle `{q}`: expected a quarter like 2026Q4"
                    ))
                })
            })
            .transpose()?,
    })
}

/// Say on stderr which of a `--scenario`'s tariff measures the negotiation replaces by the US
/// response's headline rate (its start, horizon, drivers and overrides are kept).
fn replaced_note(ctx: &Context, wb: &Workbench, req: &NegotiationRequest) -> Result<()> {
    if let Some(name) = &req.scenario {
        let (s, _) = wb.scenario(name)?;
        if !s.measures.is_empty() {
            let names: Vec<&str> = s.measures.iter().map(|m| m.name.as_str()).collect();
            ctx.note(&format!(
                "note: scenario `{}`: its {} tariff measure(s) ({}) are replaced by the US response's headline rate for each mix; its start, horizon, drivers and overrides are kept",
                s.name,
                names.len(),
                names.join("; ")
            ));
        }
    }
    Ok(())
}

/// Run the parsed command.
pub fn run(args: Args) -> Result<()> {
    let ctx = Context {
        source: match &args.data {
            Some(d) => DataSource::Dir(d.clone()),
            None => DataSource::Embedded,
        },
        models: args.models.clone(),
        quiet: args.quiet,
        lang: args.lang.parse()?,
        as_of: args
            .as_of
            .as_deref()
            .map(|q| {
                q.parse::<workbench::AsOf>()
                    .map_err(|e| Error::Request(format!("--as-of: {e}")))
            })
            .transpose()?,
    };
    match args.command {
        Command::Data { format: f } => {
            let f = format(&f)?;
            check_binary_target(f, None)?;
            let r = workbench::data_report(&ctx.source)?;
            emit_bytes(&r.render_bytes(f)?, None)
        }
        Command::Multipliers {
            aggregate,
            top,
            type2,
            format: f,
            output,
        } => {
            let f = format(&f)?;
            check_binary_target(f, output.as_ref())?;
            let r = workbench::multipliers_report(
                &ctx.source,
                ctx.models.as_deref(),
                aggregate.as_deref(),
                top,
                type2,
            )?;
            emit_bytes(&r.render_bytes(f)?, output.as_ref())
        }
        Command::Estimate {
            model,
            format: f,
            output,
        } => {
            let f = format(&f)?;
            let r = ctx.workbench(model.as_deref())?.estimate_report();
            emit(&r.render(f)?, output.as_ref())
        }
        Command::Nowcast {
            model,
            format: f,
            output,
        } => {
            let f = format(&f)?;
            let r = ctx.workbench(model.as_deref())?.nowcast_report()?;
            emit(&r.render(f)?, output.as_ref())
        }
        Command::Backtest {
            model,
            drivers,
            format: f,
            output,
        } => {
            let f = format(&f)?;
            check_binary_target(f, output.as_ref())?;
            let drivers = drivers
                .map(|d| d.parse::<headwind::econometrics::DriverMode>())
                .transpose()
                .map_err(Error::Request)?;
            let r = ctx
                .workbench(model.as_deref())?
                .backtest_report_with(drivers)?;
            emit_bytes(&r.render_bytes(f)?, output.as_ref())
        }
        Command::Forecast {
            scenario,
            vs,
            paths,
            seed,
            format: f,
            plot,
            output,
            model,
        } => {
            let f = format(&f)?;
            check_binary_target(f, output.as_ref())?;
            let wb = ctx.workbench(model.as_deref())?;
            let bar = progress_bar(ctx.quiet, paths as u64, "Monte Carlo");
            let req = ForecastRequest {
                scenario,
                vs,
                paths,
                seed,
            };
            let dist = wb.forecast(&req, &|k| bar.inc(k));
            bar.finish_and_clear();
            let dist = dist?;
            let bytes = dist.render_bytes(f)?;
            if let Some(dir) = &plot {
                dist.plot_lang(dir, ctx.lang)?;
            }
            emit_bytes(&bytes, output.as_ref())
        }
        Command::Report {
            scenario,
            vs,
            paths,
            seed,
            sensitivity_paths,
            compare,
            optimize,
            budget,
            negotiation_paths,
            output,
            model,
        } => {
            let wb = ctx.workbench(model.as_deref())?;
            let bar = progress_bar(ctx.quiet, paths as u64, "Monte Carlo");
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
                lang: ctx.lang,
            };
            let page = wb.report(&req, &|k| bar.inc(k));
            bar.finish_and_clear();
            emit(&page?, output.as_ref())
        }
        Command::Sweep {
            spec,
            shard,
            shards,
            sobol,
            plot,
            output,
            model,
        } => {
            let wb = ctx.workbench(model.as_deref())?;
            let sweep = wb.sweep_spec(&spec)?;
            let shard = match (shard, shards) {
                (Some(_), Some(_)) => {
                    return Err(Error::Request(
                        "--shard K/N already gives the number of shards: drop --shards".into(),
                    ))
                }
                (Some(s), None) => Some(s.parse::<headwind::sweep::Shard>()?),
                (None, n) => {
                    let s = headwind::sweep::Shard::from_env(&|k| std::env::var(k).ok(), n)?;
                    if s.is_none() && n.is_some() {
                        return Err(Error::Request(
                            "--shards N needs the task's index from the engine (SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX), and none is set: give --shard K/N".into(),
                        ));
                    }
                    s
                }
            };
            if plot.is_some() && sobol.is_none() {
                return Err(Error::Request(
                    "--plot draws the Sobol chart: give --sobol COLUMN too".into(),
                ));
            }
            if shard.is_some_and(|s| s.n > 1) && sobol.is_some() {
                return Err(Error::Request(
                    "--sobol needs the whole sweep: run it on the merged table with `headwind sobol TABLE`".into(),
                ));
            }
            if sobol.is_some() && sweep.spec.design.kind != headwind::sweep::DesignKind::Saltelli {
                return Err(Error::Request(format!(
                    "--sobol needs a saltelli design; {} has `{}`",
                    sweep.label,
                    sweep.spec.design.kind.name()
                )));
            }
            if let Some(col) = &sobol {
                sweep.check_column(col)?;
            }
            if sobol.is_some() && output.is_none() {
                return Err(Error::Request(
                    "--sobol prints the indices on standard output: give the table --output FILE"
                        .into(),
                ));
            }
            if let Some(s) = shard {
                ctx.note(&format!(
                    "shard {}/{}: points {:?} of {}",
                    s.k,
                    s.n,
                    sweep.shard_range(s.k, s.n),
                    sweep.points.len()
                ));
            }
            let n = shard.map_or(sweep.points.len(), |s| sweep.shard_range(s.k, s.n).len());
            let bar = progress_bar(ctx.quiet, n as u64, "Sweep");
            let t = wb.sweep(&sweep, shard, &|k| bar.inc(k));
            bar.finish_and_clear();
            let t = t?;
            let report = match &sobol {
                Some(col) => Some(headwind::sweep::sobol_indices(
                    col,
                    &t.column(col)?,
                    &t.parameters,
                    sweep.spec.design.bootstrap.unwrap_or(1000),
                    sweep.spec.design.seed.unwrap_or(1),
                )?),
                None => None,
            };
            if let (Some(r), Some(dir)) = (&report, &plot) {
                r.chart(ctx.lang).write(dir, "sobol")?;
            }
            emit_bytes(&t.to_bytes_for(output.as_deref())?, output.as_ref())?;
            match report {
                Some(r) => emit(&r.render(Format::Table)?, None),
                None => Ok(()),
            }
        }
        Command::Merge { files, output } => {
            let tables = files
                .iter()
                .map(|f| {
                    let text = read_table_text(f)?;
                    let label = f.display().to_string();
                    let t = headwind::sweep::SweepTable::parse(&label, &text)?;
                    Ok((label, t))
                })
                .collect::<Result<Vec<_>>>()?;
            let merged = headwind::sweep::merge(&tables)?;
            emit_bytes(&merged.to_bytes_for(output.as_deref())?, output.as_ref())
        }
        Command::Sobol {
            table,
            column,
            bootstrap,
            seed,
            format: f,
            plot,
        } => {
            let f = format(&f)?;
            let label = table.display().to_string();
            let t = headwind::sweep::SweepTable::parse(&label, &read_table_text(&table)?)?;
            if t.shard_line.is_some() {
                return Err(Error::Request(format!(
                    "{label} is one shard: merge the shards first (`headwind merge`)"
                )));
            }
            if t.kind != headwind::sweep::DesignKind::Saltelli {
                return Err(Error::Request(format!(
                    "{label}: Sobol indices need a saltelli design, not {}",
                    t.kind.name()
                )));
            }
            let r = headwind::sweep::sobol_indices(
                &column,
                &t.column(&column)?,
                &t.parameters,
                bootstrap,
                seed,
            )?;
            if let Some(dir) = &plot {
                r.chart(ctx.lang).write(dir, "sobol")?;
            }
            emit(&r.render(f)?, None)
        }
        Command::Sensitivity {
            scenario,
            vs,
            paths,
            seed,
            format: f,
            plot,
            output,
            model,
        } => {
            let f = format(&f)?;
            check_binary_target(f, output.as_ref())?;
            let wb = ctx.workbench(model.as_deref())?;
            let req = ForecastRequest {
                scenario,
                vs,
                paths,
                seed,
            };
            let r = wb.sensitivity(&req)?;
            let bytes = r.render_bytes(f)?;
            if let Some(dir) = &plot {
                r.tornado_chart(ctx.lang).write(dir, "tornado")?;
            }
            emit_bytes(&bytes, output.as_ref())
        }
        Command::Optimize {
            args: a,
            solver,
            plot,
            export_problem: export,
            max_iters,
            settle_sweep,
            explain,
        } => {
            let f = format(&a.format)?;
            check_binary_target(f, a.output.as_ref())?;
            if f == Format::Csv && (explain || settle_sweep) {
                return Err(Error::Request(
                    "--explain and --settle-sweep add tables that have no CSV form: use --format table or json".into(),
                ));
            }
            let wb = ctx.workbench(a.model.as_deref())?;
            let req = negotiation_request(&a)?;
            replaced_note(&ctx, &wb, &req)?;
            let solvers = if solver == "all" {
                SolverKind::ALL.to_vec()
            } else {
                vec![solver.parse()?]
            };
            let settings = OptimizeSettings {
                solvers,
                seed: a.seed,
                max_iters,
                frontier_reach_usd_bn: None,
            };
            let r = wb.optimize_with(&req, &settings, explain, settle_sweep)?;
            for s in r.unconverged() {
                ctx.note(&format!(
                    "warning: solver `{}` stopped at its iteration cap before converging; its mix (objective {:.6}) may not be optimal",
                    s.solver, s.objective
                ));
            }
            let bytes = r.render_bytes(f)?;
            if let Some(path) = &export {
                let p = wb.problem(&req)?;
                write_atomic(path, to_json(&export_problem(&p))?.as_bytes())?;
            }
            if let Some(dir) = &plot {
                r.frontier_chart(ctx.lang).write(dir, "frontier")?;
            }
            emit_bytes(&bytes, a.output.as_ref())
        }
        Command::Compare {
            mixes,
            args: a,
            plot,
        } => {
            let f = format(&a.format)?;
            check_binary_target(f, a.output.as_ref())?;
            let wb = ctx.workbench(a.model.as_deref())?;
            let req = negotiation_request(&a)?;
            replaced_note(&ctx, &wb, &req)?;
            let r = wb.compare(&req, &mixes)?;
            let bytes = r.render_bytes(f)?;
            if let Some(dir) = &plot {
                r.chart(ctx.lang).write(dir, "compare")?;
            }
            emit_bytes(&bytes, a.output.as_ref())
        }
    }
}

/// A sweep table's text; a Parquet file is refused with what to do instead (merge and sobol read
/// the CSV tables; a merge can write Parquet).
fn read_table_text(path: &Path) -> Result<String> {
    let is_parquet = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        || std::fs::File::open(path)
            .and_then(|mut f| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut f, &mut magic).map(|_| magic == *b"PAR1")
            })
            .unwrap_or(false);
    if is_parquet {
        return Err(Error::Request(format!(
            "{}: a Parquet file; merge and sobol read the CSV tables (`headwind sweep ... --output shard.csv`), and `headwind merge ... --output sweep.parquet` writes Parquet",
            path.display()
        )));
    }
    headwind::data::read_text(path)
}
