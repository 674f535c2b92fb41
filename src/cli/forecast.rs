//! `headwind forecast`: a tariff scenario against its baseline, as distributions of quarterly GDP growth.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use super::estimate::load_estimates;
use super::{emit, to_json, Context, Format, Meta};
use crate::error::{Error, Result};
use crate::forecast::{
    growth_at_risk, p_two_consecutive_negative, quarter_stats, Forecaster, McSettings, Scenario,
    SectorEffect, Shocks, Simulation, QUANTILES,
};
use crate::report::charts::{fan_chart, sector_chart, Fan};
use crate::report::{Align, Table};
use crate::workbench::Workbench;

/// Options of the command.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--scenario FILE|NAME` (default `deal-15`).
    pub scenario: String,
    /// `--vs FILE|NAME` (default: the scenario's `baseline`).
    pub vs: Option<String>,
    /// `--paths N`.
    pub paths: usize,
    /// `--seed S`.
    pub seed: u64,
    /// `--format`.
    pub format: Format,
    /// `--plot DIR`.
    pub plot: Option<PathBuf>,
    /// `--output PATH`.
    pub output: Option<PathBuf>,
    /// `--model FILE|NAME`.
    pub model: Option<String>,
}

#[derive(serde::Serialize)]
struct ForecastMeta {
    #[serde(flatten)]
    meta: Meta,
    seed: u64,
    paths: usize,
    scenario: String,
    baseline: String,
    scenario_file: String,
    scenario_sha256: String,
    baseline_file: String,
    baseline_sha256: String,
    model_spec: String,
    model_spec_sha256: String,
    tariff_elasticity: f64,
    tariff_elasticity_sd: f64,
    tariff_elasticity_source: String,
    units: &'static str,
}

#[derive(serde::Serialize)]
struct QuarterOut {
    quarter: String,
    mean: f64,
    median: f64,
    quantiles: BTreeMap<String, f64>,
    p_negative: f64,
    baseline_mean: f64,
    baseline_median: f64,
    baseline_quantiles: BTreeMap<String, f64>,
    baseline_p_negative: f64,
    difference_mean: f64,
    tariff_pct: f64,
    baseline_tariff_pct: f64,
}

#[derive(serde::Serialize)]
struct Risk {
    p_two_consecutive_negative: f64,
    growth_at_risk_5: f64,
    expected_shortfall_5: f64,
}

#[derive(serde::Serialize)]
struct Out {
    meta: ForecastMeta,
    quarters: Vec<QuarterOut>,
    p_two_consecutive_negative: f64,
    growth_at_risk_5: f64,
    expected_shortfall_5: f64,
    baseline: Risk,
    difference: Risk,
    gdp_level_effect_pct: f64,
    sectors: Vec<SectorEffect>,
}

fn risk(paths: &[Vec<f64>]) -> Risk {
    let (gar, es) = growth_at_risk(paths);
    Risk {
        p_two_consecutive_negative: p_two_consecutive_negative(paths),
        growth_at_risk_5: gar,
        expected_shortfall_5: es,
    }
}

fn keyed(q: &[f64]) -> BTreeMap<String, f64> {
    QUANTILES
        .iter()
        .zip(q)
        .map(|(p, v)| (format!("{p}"), *v))
        .collect()
}

fn column(paths: &[Vec<f64>], t: usize) -> Vec<f64> {
    paths.iter().map(|p| p[t]).collect()
}

/// Run the command.
pub fn run(ctx: &Context, opt: &Options) -> Result<()> {
    let wb = load_estimates(ctx, opt.model.as_deref())?;
    let (scenario, scenario_sha256) = wb.scenario(&opt.scenario)?;
    let vs = opt.vs.clone().unwrap_or_else(|| scenario.baseline.clone());
    let (baseline, baseline_sha256) = wb.scenario(&vs)?;
    let slabel = scenario.origin.clone();
    let Workbench {
        ds,
        spec,
        spec_label: label,
        spec_sha256,
        est,
        groups,
        ..
    } = wb;
    let mut trade = spec.trade.clone();
    if let Some(p) = scenario.overrides.pass_through {
        trade.pass_through = p;
        trade.pass_through_groups.clear();
    }
    if let Some(d) = scenario.overrides.diversion {
        trade.diversion = d;
    }
    let mut est = est;
    if let Some(e) = scenario.overrides.elasticity {
        est.exports.tariff.used = e;
        est.exports.tariff.source = format!("scenario override in {slabel}");
    }
    let fc = Forecaster::new(&ds, &est, &trade, groups)?;
    let mc = McSettings {
        paths: opt.paths,
        seed: opt.seed,
        shocks: Shocks::Bootstrap,
        parameter_uncertainty: true,
    };
    let bar = if ctx.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(opt.paths as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} paths")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.set_message("Monte Carlo");
        b
    };
    let sim = fc.simulate(&scenario, &baseline, mc, &|k| bar.inc(k))?;
    bar.finish_and_clear();
    let (sectors, tariff_s) = fc.sector_effects(&scenario, &baseline)?;
    let (_, tariff_b) = fc.sector_effects(&baseline, &baseline)?;
    let (el, el_sd, el_src) = fc.elasticity_source();
    let meta = ForecastMeta {
        meta: Meta::new(&ds),
        seed: opt.seed,
        paths: opt.paths,
        scenario: scenario.name.clone(),
        baseline: baseline.name.clone(),
        scenario_file: slabel.clone(),
        scenario_sha256,
        baseline_file: baseline.origin.clone(),
        baseline_sha256,
        model_spec: label,
        model_spec_sha256: spec_sha256,
        tariff_elasticity: el,
        tariff_elasticity_sd: el_sd,
        tariff_elasticity_source: el_src.to_string(),
        units: "growth in log points q/q (≈ % q/q, s.a.); tariffs in % ad valorem, export-weighted; values at 2020 prices",
    };
    let out = summarise(meta, &sim, sectors, &tariff_s, &tariff_b);
    if let Some(dir) = &opt.plot {
        plot(dir, &out, &sim)?;
    }
    let text = match opt.format {
        Format::Json => to_json(&out)?,
        Format::Csv => csv(&out),
        Format::Table => table(&out, &scenario, &baseline),
    };
    emit(&text, opt.output.as_ref())
}

fn summarise(
    meta: ForecastMeta,
    sim: &Simulation,
    sectors: Vec<SectorEffect>,
    tau_s: &[f64],
    tau_b: &[f64],
) -> Out {
    let quarters = sim
        .quarters
        .iter()
        .enumerate()
        .map(|(t, q)| {
            let s = quarter_stats(&column(&sim.scenario, t));
            let b = quarter_stats(&column(&sim.baseline, t));
            QuarterOut {
                quarter: q.to_string(),
                mean: s.mean,
                median: s.median,
                quantiles: keyed(&s.quantiles),
                p_negative: s.p_negative,
                baseline_mean: b.mean,
                baseline_median: b.median,
                baseline_quantiles: keyed(&b.quantiles),
                baseline_p_negative: b.p_negative,
                difference_mean: s.mean - b.mean,
                tariff_pct: tau_s[t],
                baseline_tariff_pct: tau_b[t],
            }
        })
        .collect();
    let diff: Vec<Vec<f64>> = sim
        .scenario
        .iter()
        .zip(&sim.baseline)
        .map(|(s, b)| s.iter().zip(b).map(|(x, y)| x - y).collect())
        .collect();
    let level = diff.iter().map(|d| d.iter().sum::<f64>()).sum::<f64>() / diff.len() as f64;
    let sr = risk(&sim.scenario);
    let br = risk(&sim.baseline);
    Out {
        meta,
        quarters,
        p_two_consecutive_negative: sr.p_two_consecutive_negative,
        growth_at_risk_5: sr.growth_at_risk_5,
        expected_shortfall_5: sr.expected_shortfall_5,
        difference: Risk {
            p_two_consecutive_negative: sr.p_two_consecutive_negative
                - br.p_two_consecutive_negative,
            growth_at_risk_5: sr.growth_at_risk_5 - br.growth_at_risk_5,
            expected_shortfall_5: sr.expected_shortfall_5 - br.expected_shortfall_5,
        },
        baseline: br,
        gdp_level_effect_pct: level,
        sectors,
    }
}

fn csv(o: &Out) -> String {
    let mut s = format!("# headwind forecast: scenario {} vs {}, seed {}, paths {}, data {}, model spec sha256 {}\n", o.meta.scenario, o.meta.baseline, o.meta.seed, o.meta.paths, o.meta.meta.data_version, o.meta.model_spec_sha256);
    s.push_str("quarter,mean,median,q5,q10,q25,q75,q90,q95,p_negative,baseline_mean,baseline_p_negative,difference_mean,tariff_pct,baseline_tariff_pct\n");
    for q in &o.quarters {
        let qs: Vec<String> = QUANTILES
            .iter()
            .map(|p| format!("{:.6}", q.quantiles[&format!("{p}")]))
            .collect();
        s.push_str(&format!(
            "{},{:.6},{:.6},{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}\n",
            q.quarter,
            q.mean,
            q.median,
            qs.join(","),
            q.p_negative,
            q.baseline_mean,
            q.baseline_p_negative,
            q.difference_mean,
            q.tariff_pct,
            q.baseline_tariff_pct
        ));
    }
    s
}

fn table(o: &Out, sc: &Scenario, b: &Scenario) -> String {
    let mut s = format!(
        "headwind forecast: {} ({}) vs {} ({})\n{} paths, seed {}, data {}, tariff elasticity {:.2} (sd {:.2}; {})\n\n",
        sc.name, sc.description, b.name, b.description, o.meta.paths, o.meta.seed, o.meta.meta.data_version, o.meta.tariff_elasticity, o.meta.tariff_elasticity_sd, o.meta.tariff_elasticity_source
    );
    let mut t = Table::new(
        "Real GDP growth, % q/q (log points, s.a.): scenario distribution and baseline",
        &[
            ("quarter", Align::Left),
            ("tariff %", Align::Right),
            ("mean", Align::Right),
            ("5%", Align::Right),
            ("25%", Align::Right),
            ("median", Align::Right),
            ("75%", Align::Right),
            ("95%", Align::Right),
            ("P(<0)", Align::Right),
            ("base mean", Align::Right),
            ("base P(<0)", Align::Right),
            ("diff", Align::Right),
        ],
    );
    for q in &o.quarters {
        t.row(vec![
            q.quarter.clone(),
            format!("{:.1}", q.tariff_pct),
            format!("{:.2}", q.mean),
            format!("{:.2}", q.quantiles["5"]),
            format!("{:.2}", q.quantiles["25"]),
            format!("{:.2}", q.median),
            format!("{:.2}", q.quantiles["75"]),
            format!("{:.2}", q.quantiles["95"]),
            format!("{:.1}%", 100.0 * q.p_negative),
            format!("{:.2}", q.baseline_mean),
            format!("{:.1}%", 100.0 * q.baseline_p_negative),
            format!("{:+.3}", q.difference_mean),
        ]);
    }
    s.push_str(&t.render());
    s.push_str(&format!(
        "\nOver the horizon: P(two consecutive negative quarters) {:.1}% (baseline {:.1}%); growth-at-risk (5%) {:.2} \
         (baseline {:.2}); expected shortfall {:.2} (baseline {:.2});\nGDP level at the horizon end {:+.3}% vs baseline.\n\n",
        100.0 * o.p_two_consecutive_negative,
        100.0 * o.baseline.p_two_consecutive_negative,
        o.growth_at_risk_5,
        o.baseline.growth_at_risk_5,
        o.expected_shortfall_5,
        o.baseline.expected_shortfall_5,
        o.gdp_level_effect_pct
    ));
    let mut t = Table::new(
        "Sector effects at central parameters, averages over the horizon (vs baseline)",
        &[
            ("group", Align::Left),
            ("exports to US %", Align::Right),
            ("USD bn", Align::Right),
            ("VA %", Align::Right),
            ("VA % of GDP", Align::Right),
            ("direct share", Align::Right),
        ],
    );
    let mut secs: Vec<&SectorEffect> = o.sectors.iter().collect();
    secs.sort_by(|a, b| {
        a.value_added_change_pct_gdp
            .total_cmp(&b.value_added_change_pct_gdp)
    });
    for e in secs {
        t.row(vec![
            e.name.clone(),
            format!("{:+.2}", e.exports_to_us_change_pct),
            format!("{:+.2}", e.exports_to_us_change_usd_bn),
            format!("{:+.3}", e.value_added_change_pct),
            format!("{:+.4}", e.value_added_change_pct_gdp),
            format!("{:.2}", e.direct_share),
        ]);
    }
    s.push_str(&t.render());
    s.push_str("USD bn: sum over the horizon at 2020 prices and the 2020 KRW/USD rate. Method and limitations: README.\n");
    s
}

fn plot(dir: &std::path::Path, o: &Out, sim: &Simulation) -> Result<()> {
    let labels: Vec<String> = sim.quarters.iter().map(|q| q.to_string()).collect();
    let bands = |paths: &[Vec<f64>]| -> Vec<[f64; 5]> {
        (0..labels.len())
            .map(|t| {
                let mut c = column(paths, t);
                c.sort_by(f64::total_cmp);
                [5.0, 25.0, 50.0, 75.0, 95.0].map(|p| crate::forecast::quantile_sorted(&c, p))
            })
            .collect()
    };
    let fans = [
        Fan {
            label: o.meta.baseline.clone(),
            bands: bands(&sim.baseline),
            color: plotters::style::RGBColor(100, 100, 100),
        },
        Fan {
            label: o.meta.scenario.clone(),
            bands: bands(&sim.scenario),
            color: plotters::style::RGBColor(214, 39, 40),
        },
    ];
    fan_chart(
        dir,
        &format!(
            "Korea real GDP growth: {} vs {} ({} paths, seed {})",
            o.meta.scenario, o.meta.baseline, o.meta.paths, o.meta.seed
        ),
        &labels,
        &fans,
    )?;
    let bars: Vec<(String, f64, f64)> = o
        .sectors
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                e.exports_to_us_change_pct,
                e.value_added_change_pct,
            )
        })
        .collect();
    if bars.is_empty() {
        return Err(Error::Usage("no sectors to plot".into()));
    }
    sector_chart(
        dir,
        &format!("Sector effects: {} vs {}", o.meta.scenario, o.meta.baseline),
        &bars,
    )
}
