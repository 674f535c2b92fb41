//! Concession menus (models/concessions/*.toml): instruments with units, bounds, red lines, timing and
//! a stated cost to Korea; and concession mixes (amounts per instrument) for `compare`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};

/// What an instrument is, which fixes how it enters the US response and how it costs Korea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A US cash investment pledge (USD bn in total): credit in the US response; cost = cost_rate × the
    /// part paid out within the horizon, plus the FX-strain penalty on annual cash outflows above the cap.
    Investment,
    /// Shipbuilding cooperation (USD bn in total): credit like investment; cost = cost_rate (net of
    /// Korean yards' gains) × the part paid out within the horizon.
    Shipbuilding,
    /// Purchases of US energy and other goods (USD bn per year): shrink the deficit in the reciprocal
    /// formula; cost = cost_rate (price premium over alternative supply) × purchases.
    Purchases,
    /// Defence cost-sharing above the agreed SMA schedule (USD bn per year): fiscal cost = cost_rate ×
    /// payments; counts in the US response only when security is linked to trade.
    Defence,
    /// Opening a market (share 0..1 of the barriers removed): credit `opening_credit_pct` per unit;
    /// cost = domestic final demand displaced by imports, through the IO model.
    MarketOpening,
}

/// One instrument.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Name (used in mixes and outputs).
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Unit (documentation: USD bn, USD bn per year, share).
    pub unit: String,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Red line: fixed at zero.
    #[serde(default)]
    pub red_line: bool,
    /// Cost per unit (see [`Kind`]).
    #[serde(default)]
    pub cost_rate: f64,
    /// Market opening only: IO sector codes whose domestic final demand is displaced.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Market opening only: share of those sectors' domestic final demand displaced at full opening.
    #[serde(default)]
    pub import_shift: f64,
    /// Timing (documentation).
    #[serde(default)]
    pub timing: String,
    /// Source or rationale of the numbers.
    #[serde(default)]
    pub source: String,
}

/// A concession menu.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Menu {
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Years over which total pledges are paid out.
    pub payout_years: f64,
    /// Annual cap on cash-investment outflows before FX strain, USD bn per year.
    pub annual_outflow_cap: f64,
    /// FX-strain penalty, % of GDP per (USD bn per year above the cap)² per year.
    pub fx_penalty: f64,
    /// Quarterly discount factor for GDP losses.
    pub discount_per_quarter: f64,
    /// Instruments.
    pub instrument: Vec<Instrument>,
    /// Where the menu came from (file label or `built in code`), for error messages.
    #[serde(skip)]
    pub origin: String,
}

impl Menu {
    /// Check a menu read from `file` (or built in code): instruments, bounds, red lines and costs.
    pub fn check(self, file: &str) -> Result<Menu> {
        let mut m = self;
        m.origin = file.to_string();
        if m.instrument.is_empty() {
            return Err(Error::spec(
                file,
                None,
                "instrument",
                "the menu has no instruments",
            ));
        }
        for (i, ins) in m.instrument.iter().enumerate() {
            // 1-based, like the `[[instrument]]` tables a user counts in the file.
            let k = |f: &str| format!("instrument[{}].{f}", i + 1);
            if m.instrument[..i].iter().any(|o| o.name == ins.name) {
                return Err(Error::spec(
                    file,
                    None,
                    &k("name"),
                    format!("duplicated instrument `{}`", ins.name),
                ));
            }
            if !(ins.lower.is_finite() && ins.upper.is_finite()) || ins.lower > ins.upper {
                return Err(Error::spec(
                    file,
                    None,
                    &k("upper"),
                    format!(
                        "bounds reversed or not finite: [{}, {}]",
                        ins.lower, ins.upper
                    ),
                ));
            }
            // Plausible maxima keep the objective finite and the solvers bounded: pledges (USD bn in
            // total) up to 5,000, about three years of Korea's GDP; flows (USD bn a year) up to 1,000.
            let max = match ins.kind {
                Kind::Investment | Kind::Shipbuilding => 5_000.0,
                Kind::Purchases | Kind::Defence => 1_000.0,
                // Shares: checked below with the lower bound.
                Kind::MarketOpening => f64::INFINITY,
            };
            if ins.upper > max {
                return Err(Error::spec(
                    file,
                    None,
                    &k("upper"),
                    format!(
                        "{} {} is above the plausible maximum {max} for a {:?} instrument",
                        ins.upper, ins.unit, ins.kind
                    ),
                ));
            }
            if ins.lower < 0.0 || (ins.kind == Kind::MarketOpening && ins.upper > 1.0) {
                return Err(Error::spec(
                    file,
                    None,
                    &k("lower"),
                    "amounts are non-negative; market opening is a share in [0, 1]",
                ));
            }
            if ins.red_line && ins.lower > 0.0 {
                return Err(Error::spec(
                    file,
                    None,
                    &k("red_line"),
                    "a red line is fixed at 0, but the lower bound is positive",
                ));
            }
            if !(0.0..=10.0).contains(&ins.cost_rate) || !(0.0..=1.0).contains(&ins.import_shift) {
                return Err(Error::spec(
                    file,
                    None,
                    &k("cost_rate"),
                    "cost_rate must be in [0, 10] and import_shift in [0, 1]",
                ));
            }
            if ins.kind == Kind::MarketOpening && ins.sectors.is_empty() {
                return Err(Error::spec(
                    file,
                    None,
                    &k("sectors"),
                    "market opening needs the IO sectors it affects",
                ));
            }
        }
        for (k, v, lo, hi) in [
            ("payout_years", m.payout_years, 1e-6, 100.0),
            ("annual_outflow_cap", m.annual_outflow_cap, 0.0, 1e6),
            ("fx_penalty", m.fx_penalty, 0.0, 100.0),
            ("discount_per_quarter", m.discount_per_quarter, 0.5, 1.0),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err(Error::spec(
                    file,
                    None,
                    k,
                    format!("{v} is outside [{lo}, {hi}]"),
                ));
            }
        }
        Ok(m)
    }

    /// The mix every search starts from and keeps for the instruments it does not move: red lines at
    /// 0, every other instrument at its lower bound (amounts in menu order, each in its unit).
    pub fn base_amounts(&self) -> Vec<f64> {
        self.instrument
            .iter()
            .map(|i| if i.red_line { 0.0 } else { i.lower })
            .collect()
    }

    /// Instruments the optimizer may move (not red lines, upper > lower).
    pub fn free(&self) -> Vec<usize> {
        (0..self.instrument.len())
            .filter(|&i| {
                !self.instrument[i].red_line && self.instrument[i].upper > self.instrument[i].lower
            })
            .collect()
    }
}

/// A named concession mix: an amount for each instrument of a menu (missing = 0).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Mix {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Overrides the response's security-linkage switch.
    pub link_defence: Option<bool>,
    /// Amounts in menu order.
    pub amounts: Vec<f64>,
}

impl Mix {
    /// A mix of `menu`'s instruments by name (missing instruments are 0): unknown instruments, amounts
    /// outside bounds and red lines are errors naming `file` (a file label, or `built in code`).
    pub fn new(
        file: &str,
        name: &str,
        description: &str,
        link_defence: Option<bool>,
        mix: &BTreeMap<String, f64>,
        menu: &Menu,
    ) -> Result<Mix> {
        let mut amounts = vec![0.0; menu.instrument.len()];
        for (name, v) in mix {
            let i = menu
                .instrument
                .iter()
                .position(|x| x.name == *name)
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        menu.instrument.iter().map(|x| x.name.as_str()).collect();
                    Error::spec(
                        file,
                        None,
                        &format!("mix.{name}"),
                        format!("unknown instrument; the menu has: {}", names.join(", ")),
                    )
                })?;
            let ins = &menu.instrument[i];
            if ins.red_line && *v != 0.0 {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("mix.{name}"),
                    "this instrument is a red line (fixed at 0)",
                ));
            }
            if !v.is_finite() || *v < ins.lower || *v > ins.upper {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("mix.{name}"),
                    format!(
                        "{v} is outside the menu's bounds [{}, {}] {}",
                        ins.lower, ins.upper, ins.unit
                    ),
                ));
            }
            amounts[i] = *v;
        }
        // An instrument left out is 0, which must be within its bounds: a menu with a positive lower
        // bound needs the mix to say how much.
        for ins in &menu.instrument {
            if !mix.contains_key(&ins.name) && ins.lower > 0.0 {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("mix.{}", ins.name),
                    format!(
                        "missing: the menu's lower bound for `{}` is {} {}, so the mix must give an amount in [{}, {}]",
                        ins.name, ins.lower, ins.unit, ins.lower, ins.upper
                    ),
                ));
            }
        }
        Ok(Mix {
            name: name.to_string(),
            description: description.to_string(),
            link_defence,
            amounts,
        })
    }
}
