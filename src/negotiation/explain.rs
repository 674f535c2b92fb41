//! Why the optimum is what it is (`optimize --explain`): the marginal value of each instrument at the
//! optimum, the shadow price of the budget, and the best mix under alternative cost assumptions and
//! deal-failure probabilities (is the answer knife-edge?).

use std::collections::BTreeMap;

use super::menu::Kind;
use super::{run_capped, starts_for, Problem, SolverKind};
use crate::error::Result;
use crate::report::{Align, Table};

/// One instrument's marginal value at the optimum, per unit of the instrument (its `unit`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Marginal {
    /// Instrument name.
    pub instrument: String,
    /// Its unit (USD bn, USD bn per year, share).
    pub unit: String,
    /// Amount at the optimum.
    pub amount: f64,
    /// `lower`, `upper`, `interior` or `red line`.
    pub at: String,
    /// Change of the tariff if the deal holds per unit, points (negative: it buys points).
    pub tariff_points_per_unit: f64,
    /// Change of the expected GDP loss per unit, % of GDP.
    pub gdp_loss_per_unit: f64,
    /// Change of the cost per unit, % of GDP.
    pub cost_per_unit: f64,
    /// Change of the objective per unit, % of GDP (≥ 0 at a lower bound, ≈ 0 inside, ≤ 0 at an upper
    /// bound when the optimum is right).
    pub objective_per_unit: f64,
}

/// The best mix under one alternative assumption.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RobustnessRow {
    /// The assumption changed.
    pub case: String,
    /// Best mix (instrument → amount).
    pub mix: BTreeMap<String, f64>,
    /// Its objective, % of GDP.
    pub objective: f64,
    /// Tariff if the deal holds, %.
    pub deal_tariff_pct: f64,
    /// Cost, USD bn.
    pub cost_usd_bn: f64,
    /// Instruments whose amount moves by more than 1% of their range from the central optimum.
    pub changed: Vec<String>,
}

/// The explain view.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Explain {
    /// Marginal values at the optimum.
    pub marginal: Vec<Marginal>,
    /// Shadow price of the budget: fall of the optimal objective per USD bn a year more budget
    /// (% of GDP); None without `--budget`.
    pub budget_shadow_price: Option<f64>,
    /// Best mix under each alternative assumption, the central case first.
    pub robustness: Vec<RobustnessRow>,
    /// Whether some alternative changes the best mix.
    pub knife_edge: bool,
    /// Gain of the optimum over conceding nothing, % of GDP.
    pub gain_over_nothing_pct: f64,
    /// The reinvestment table and the optimum's pledges per payout year on its scale (% of the
    /// 2021-2024 average annual US Census surplus).
    pub reinvestment: super::Reinvestment,
    /// See [`Explain::reinvestment`].
    pub pledge_per_year_share_of_surplus_2021_2024_pct: f64,
}

/// Cost multipliers of the robustness table: low and high per instrument.
pub const COST_LOW: f64 = 0.5;
/// See [`COST_LOW`].
pub const COST_HIGH: f64 = 2.0;

fn best(p: &Problem, seed: u64) -> Result<Vec<f64>> {
    let mut runs = Vec::new();
    for k in SolverKind::ALL {
        runs.push(run_capped(p, k, starts_for(k), seed, None, None)?);
    }
    Ok(runs
        .into_iter()
        .min_by(|a, b| a.objective.total_cmp(&b.objective))
        .map(|r| r.amounts)
        .unwrap_or_default())
}

/// Explain the optimum `amounts` of problem `p` (solvers re-run with `seed` for each alternative).
pub fn explain(p: &Problem, amounts: &[f64], seed: u64) -> Result<Explain> {
    let menu = &p.menu;
    let marginal = menu
        .instrument
        .iter()
        .enumerate()
        .map(|(i, ins)| {
            let range = ins.upper - ins.lower;
            let h = 1e-4 * range.max(1e-9);
            let a = amounts[i];
            let at = if ins.red_line {
                "red line"
            } else if a <= ins.lower + 1e-6 * range {
                "lower"
            } else if a >= ins.upper - 1e-6 * range {
                "upper"
            } else {
                "interior"
            };
            // Central differences inside the box, one-sided at a bound.
            let (lo, hi) = ((a - h).max(ins.lower), (a + h).min(ins.upper));
            let at_amount = |v: f64| {
                let mut x = amounts.to_vec();
                x[i] = v;
                p.evaluate(&x)
            };
            let (bl, bh) = (at_amount(lo), at_amount(hi));
            let d = (hi - lo).max(1e-300);
            Marginal {
                instrument: ins.name.clone(),
                unit: ins.unit.clone(),
                amount: a,
                at: at.into(),
                tariff_points_per_unit: (bh.deal_tariff_pct - bl.deal_tariff_pct) / d,
                gdp_loss_per_unit: (bh.gdp_loss_pct - bl.gdp_loss_pct) / d,
                cost_per_unit: (bh.cost_pct - bl.cost_pct) / d,
                objective_per_unit: (bh.objective - bl.objective) / d,
            }
        })
        .collect();
    let budget_shadow_price = match p.settings.budget {
        Some(b) => {
            let step = (0.05 * b).max(1.0);
            let more = p.variant(|_, _, s, _| s.budget = Some(b + step));
            let o0 = p.evaluate(amounts).objective;
            let o1 = more.evaluate(&best(&more, seed)?).objective;
            Some(((o0 - o1) / step).max(0.0))
        }
        None => None,
    };
    let central = p.evaluate(amounts);
    let nothing = p.evaluate(&menu.base_amounts());
    let mut cases: Vec<(String, Problem)> = Vec::new();
    for (i, ins) in menu.instrument.iter().enumerate() {
        if ins.red_line || ins.upper <= ins.lower {
            continue;
        }
        for (label, k) in [("low", COST_LOW), ("high", COST_HIGH)] {
            let v = p.variant(|m, _, _, oc| {
                if m.instrument[i].kind == Kind::MarketOpening {
                    oc[i] *= k;
                } else {
                    m.instrument[i].cost_rate *= k;
                }
            });
            cases.push((format!("{} cost x{k} ({label})", ins.name), v));
        }
    }
    for (label, k) in [("all costs low", COST_LOW), ("all costs high", COST_HIGH)] {
        let v = p.variant(|m, _, _, oc| {
            for ins in m.instrument.iter_mut() {
                ins.cost_rate *= k;
            }
            for c in oc.iter_mut() {
                *c *= k;
            }
        });
        cases.push((format!("{label} (x{k})"), v));
    }
    let cash = menu
        .instrument
        .iter()
        .find(|i| i.kind == Kind::Investment)
        .map(|i| i.cost_rate);
    if let Some(rate) = cash {
        if menu.instrument.iter().any(|i| i.kind == Kind::Shipbuilding) {
            let v = p.variant(|m, _, _, _| {
                for ins in m.instrument.iter_mut() {
                    if ins.kind == Kind::Shipbuilding {
                        ins.cost_rate = rate;
                    }
                }
            });
            cases.push((
                format!("shipbuilding at cash investment's cost rate ({rate})"),
                v,
            ));
        }
    }
    let pf = p.response.spec.p_deal_fails;
    for q in [0.0, 0.1, 0.3, 0.5] {
        if (q - pf).abs() > 1e-12 {
            let v = p.variant(|_, r, _, _| r.spec.p_deal_fails = q);
            cases.push((format!("P(deal fails) {q} (central {pf})"), v));
        }
    }
    let row = |case: String, q: &Problem, a: &[f64]| {
        let b = q.evaluate(a);
        let changed = menu
            .instrument
            .iter()
            .zip(a.iter().zip(amounts))
            .filter(|(ins, (x, y))| (*x - *y).abs() > 0.01 * (ins.upper - ins.lower).max(1e-12))
            .map(|(ins, _)| ins.name.clone())
            .collect();
        RobustnessRow {
            case,
            mix: menu
                .instrument
                .iter()
                .zip(a)
                .map(|(i, x)| (i.name.clone(), *x))
                .collect(),
            objective: b.objective,
            deal_tariff_pct: b.deal_tariff_pct,
            cost_usd_bn: b.cost_usd_bn,
            changed,
        }
    };
    let mut robustness = vec![row("central".into(), p, amounts)];
    for (case, q) in &cases {
        let a = best(q, seed)?;
        robustness.push(row(case.clone(), q, &a));
    }
    let knife_edge = robustness.iter().any(|r| !r.changed.is_empty());
    Ok(Explain {
        marginal,
        budget_shadow_price,
        robustness,
        knife_edge,
        gain_over_nothing_pct: nothing.objective - central.objective,
        pledge_per_year_share_of_surplus_2021_2024_pct: p.reinvestment.pledge_share_pct(
            menu.instrument
                .iter()
                .zip(amounts)
                .filter(|(i, _)| matches!(i.kind, Kind::Investment | Kind::Shipbuilding))
                .map(|(_, a)| a)
                .sum(),
            menu.payout_years,
        ),
        reinvestment: p.reinvestment.clone(),
    })
}

impl Explain {
    /// The text tables.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            "Why this mix: marginal value of each instrument at the optimum (per unit of the instrument)",
            &[
                ("instrument", Align::Left),
                ("unit", Align::Left),
                ("amount", Align::Right),
                ("at", Align::Left),
                ("tariff pts", Align::Right),
                ("GDP loss", Align::Right),
                ("cost", Align::Right),
                ("objective", Align::Right),
            ],
        );
        for m in &self.marginal {
            t.row(vec![
                m.instrument.clone(),
                m.unit.clone(),
                format!("{:.2}", m.amount),
                m.at.clone(),
                format!("{:+.5}", m.tariff_points_per_unit),
                format!("{:+.6}", m.gdp_loss_per_unit),
                format!("{:+.6}", m.cost_per_unit),
                format!("{:+.6}", m.objective_per_unit),
            ]);
        }
        let mut s = t.render();
        s.push_str("GDP loss, cost and objective in % of annual GDP over the horizon per unit; at a lower bound the objective's slope is >= 0 (adding more does not pay).\n\
                    objective = GDP loss + (1 - P(deal fails)) x cost + risk term + the budget penalty 100 x (outflow above the budget)^2 where a budget binds.\n");
        s.push_str(&match self.budget_shadow_price {
            Some(v) => {
                format!("Shadow price of the budget: {v:.6}% of GDP per USD bn a year more.\n")
            }
            None => "Shadow price of the budget: none set (--budget).\n".into(),
        });
        s.push_str(&format!(
            "Gain of the optimum over conceding nothing: {:.4}% of GDP.\n\n",
            self.gain_over_nothing_pct
        ));
        let mut t = Table::new(
            "Robustness: the best mix under alternative assumptions (costs low x0.5 / high x2 per instrument, deal-failure probability)",
            &[
                ("case", Align::Left),
                ("objective", Align::Right),
                ("tariff %", Align::Right),
                ("cost USD bn", Align::Right),
                ("instruments that move", Align::Left),
            ],
        );
        for r in &self.robustness {
            let moved: Vec<String> = r
                .changed
                .iter()
                .map(|n| format!("{n} {:.1}", r.mix[n]))
                .collect();
            t.row(vec![
                r.case.clone(),
                format!("{:.4}", r.objective),
                format!("{:.2}", r.deal_tariff_pct),
                format!("{:.1}", r.cost_usd_bn),
                if moved.is_empty() {
                    "-".into()
                } else {
                    moved.join(", ")
                },
            ]);
        }
        s.push_str(&t.render());
        s.push_str(if self.knife_edge {
            "Knife-edge: some alternative assumption changes the best mix (rows with instruments that move).\n"
        } else {
            "Robust: no alternative assumption here changes the best mix.\n"
        });
        s.push('\n');
        s.push_str(&self.reinvestment.summary());
        s.push_str(&format!(
            "The optimum's pledges per payout year on that scale: {:.1}%.\n",
            self.pledge_per_year_share_of_surplus_2021_2024_pct
        ));
        s
    }
}
