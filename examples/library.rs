//! The README's "Use it as a library" example: a forecast and an optimization through the library.
use headwind::report::{Format, Render};
use headwind::workbench::{ForecastRequest, NegotiationRequest, Workbench};

fn main() -> headwind::Result<()> {
    let wb = Workbench::embedded()?; // data, model spec and estimates, loaded once
    let dist = wb.forecast(
        &ForecastRequest {
            scenario: "chips-25".into(),
            paths: 10_000,
            ..Default::default()
        },
        &|_paths_done| {},
    )?;
    println!("{}", dist.summary()); // exactly the text `headwind forecast` prints
    println!("2026Q2 P(growth < 0): {:.3}", dist.quarters[0].p_negative);
    let json = dist.render(Format::Json)?; // the CLI's JSON: serde on the value

    let best = wb.optimize(
        &NegotiationRequest::default(),
        &headwind::negotiation::OptimizeSettings {
            solvers: headwind::negotiation::SolverKind::ALL.to_vec(),
            seed: 1,
            max_iters: None,
            frontier_reach_usd_bn: None, // None: beyond the costliest shipped mix
        },
    )?;
    println!("{}", best.summary());
    assert!(json.contains("\"gdp_level_effect_pct\""));
    Ok(())
}
