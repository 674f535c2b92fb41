//! One-at-a-time sensitivity of a scenario's effect (a tornado, issue #14 item 6): each uncertain
//! input is swung between a stated low and high value with every other input at its central value
//! and the same random draws (common random numbers), and the mean real GDP level effect at the
//! horizon end is recorded.

use std::path::Path;

use crate::error::Result;
use crate::report::charts::{BarChart, Draw, Lang, PAIR};
use crate::report::{Align, Meta, Table};

/// One input of the tornado (JSON `inputs[]`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SensitivityInput {
    /// Input name.
    pub name: String,
    /// Its low value (units in `units`).
    pub low: f64,
    /// Its high value.
    pub high: f64,
    /// Its central value.
    pub central: f64,
    /// Units of low/high/central.
    pub units: String,
    /// Where low and high come from.
    pub basis: String,
    /// Mean real GDP level effect at the horizon end with the input at `low`, %.
    pub effect_low: f64,
    /// The same at `high`, %.
    pub effect_high: f64,
}

impl SensitivityInput {
    /// Width of the swing |effect_high − effect_low| (pp of GDP level).
    pub fn swing(&self) -> f64 {
        (self.effect_high - self.effect_low).abs()
    }
}

/// The tornado of one scenario against its comparator.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sensitivity {
    /// Version and data.
    pub meta: Meta,
    /// Scenario name.
    pub scenario: String,
    /// Comparator name.
    pub baseline: String,
    /// Paths per run and seed (the same draws in every run).
    pub paths: usize,
    /// Seed.
    pub seed: u64,
    /// Mean real GDP level effect at the horizon end with every input central, %.
    pub effect_central: f64,
    /// The inputs, largest swing first.
    pub inputs: Vec<SensitivityInput>,
}

impl Sensitivity {
    /// Sort the inputs by swing, largest first.
    pub fn sorted(mut self) -> Sensitivity {
        self.inputs.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
        self
    }

    /// The text table.
    pub fn summary(&self) -> String {
        let mut t = Table::new(
            format!(
                "Sensitivity of the real GDP level effect at the horizon end: {} vs {} (central {:+.3}%; {} paths, seed {}, same draws)",
                self.scenario, self.baseline, self.effect_central, self.paths, self.seed
            ),
            &[
                ("input", Align::Left),
                ("low", Align::Right),
                ("central", Align::Right),
                ("high", Align::Right),
                ("effect at low", Align::Right),
                ("effect at high", Align::Right),
                ("swing", Align::Right),
                ("basis", Align::Left),
            ],
        );
        for i in &self.inputs {
            t.row(vec![
                format!("{} ({})", i.name, i.units),
                format!("{:.3}", i.low),
                format!("{:.3}", i.central),
                format!("{:.3}", i.high),
                format!("{:+.3}", i.effect_low),
                format!("{:+.3}", i.effect_high),
                format!("{:.3}", i.swing()),
                i.basis.clone(),
            ]);
        }
        t.render()
    }

    /// CSV: one row per input.
    pub fn to_csv(&self) -> String {
        let mut s =
            String::from("name,units,low,central,high,effect_low,effect_high,effect_central\n");
        for i in &self.inputs {
            s.push_str(&format!(
                "{},{},{},{},{},{:.10},{:.10},{:.10}\n",
                crate::report::csv_field(&i.name),
                crate::report::csv_field(&i.units),
                i.low,
                i.central,
                i.high,
                i.effect_low,
                i.effect_high,
                self.effect_central
            ));
        }
        s
    }

    /// The tornado: the effect minus the central effect at each end of each input, largest swing
    /// at the top, values printed.
    pub fn tornado_chart(&self, lang: Lang) -> BarChart {
        BarChart {
            title: format!(
                "{}: {} {} {} ({} {:+.3}% of GDP)",
                lang.pick("What drives the effect", "효과를 좌우하는 가정"),
                self.scenario,
                lang.pick("vs", "대"),
                self.baseline,
                lang.pick("central", "중심"),
                self.effect_central
            ),
            footnote: String::new(),
            xdesc: lang
                .pick(
                    "change in the real GDP level effect, pp, vs all inputs central",
                    "실질 GDP 수준 효과의 변화, %p (모든 가정 중심값 대비)",
                )
                .to_string(),
            series: vec![
                (
                    lang.pick("input at its low value", "가정 하한").to_string(),
                    PAIR[0],
                ),
                (
                    lang.pick("input at its high value", "가정 상한")
                        .to_string(),
                    PAIR[1],
                ),
            ],
            rows: self
                .inputs
                .iter()
                .map(|i| {
                    (
                        i.name.clone(),
                        vec![
                            i.effect_low - self.effect_central,
                            i.effect_high - self.effect_central,
                        ],
                    )
                })
                .collect(),
            decimals: 3,
            lang,
        }
    }

    /// The tornado chart (`tornado.png`/`.svg`) in `dir`.
    pub fn plot(&self, dir: &Path) -> Result<()> {
        self.tornado_chart(Lang::En).write(dir, "tornado")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, low: f64, high: f64) -> SensitivityInput {
        SensitivityInput {
            name: name.into(),
            low: 0.5,
            high: 1.5,
            central: 1.0,
            units: "x".into(),
            basis: "b".into(),
            effect_low: low,
            effect_high: high,
        }
    }

    fn tornado() -> Sensitivity {
        Sensitivity {
            meta: Meta {
                headwind_version: "0",
                data_version: "d".into(),
                backend: "faer",
                as_of: None,
            },
            scenario: "s".into(),
            baseline: "b".into(),
            paths: 10,
            seed: 1,
            effect_central: -0.2,
            // Swings 0.1, 0.5 (high below low: the width is absolute) and 0.3.
            inputs: vec![
                input("small", -0.25, -0.15),
                input("large", 0.1, -0.4),
                input("middle", -0.3, 0.0),
            ],
        }
        .sorted()
    }

    #[test]
    fn inputs_are_sorted_by_the_absolute_width_of_their_swing() {
        let t = tornado();
        let names: Vec<&str> = t.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["large", "middle", "small"]);
        let swings: Vec<f64> = t.inputs.iter().map(|i| i.swing()).collect();
        for (s, w) in swings.iter().zip([0.5, 0.3, 0.1]) {
            assert!((s - w).abs() < 1e-15, "{swings:?}");
        }
    }

    #[test]
    fn the_csv_and_the_chart_carry_each_end_and_the_central_effect() {
        let t = tornado();
        let csv = t.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "name,units,low,central,high,effect_low,effect_high,effect_central"
        );
        assert_eq!(
            lines[1],
            "large,x,0.5,1,1.5,0.1000000000,-0.4000000000,-0.2000000000"
        );
        assert_eq!(lines.len(), 4);
        // The chart plots each end minus the central effect: large +0.3 / −0.2.
        let c = t.tornado_chart(Lang::En);
        assert_eq!(c.rows[0].0, "large");
        assert!((c.rows[0].1[0] - 0.3).abs() < 1e-15 && (c.rows[0].1[1] + 0.2).abs() < 1e-15);
        let text = t.summary();
        assert!(text.contains("central -0.200%"), "{text}");
        assert!(text.contains("+0.100") && text.contains("-0.400") && text.contains("0.500"));
    }

    #[test]
    fn the_tornado_is_drawn_as_png_and_svg() {
        let dir = std::env::temp_dir().join(format!("headwind-tornado-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        tornado().plot(&dir).unwrap();
        for ext in ["png", "svg"] {
            let f = dir.join(format!("tornado.{ext}"));
            assert!(std::fs::metadata(&f).unwrap().len() > 1000, "{f:?}");
        }
        let svg = std::fs::read_to_string(dir.join("tornado.svg")).unwrap();
        assert!(svg.contains("large") && svg.contains("What drives the effect"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
