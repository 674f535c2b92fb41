//! Charts for a report (plotters), drawn to PNG and SVG files or to an SVG string for the HTML
//! report, with embedded fonts so they never depend on system fonts: DejaVu Sans, and NanumSquare
//! for Korean labels (`Lang::Ko`; SIL Open Font License, `src/report/fonts/`).
//!
//! - [`FanChart`]: GDP growth with the last quarters of history, the baseline's and the scenario's
//!   fans, and a second panel with the scenario's effect (scenario minus baseline, path by path)
//!   and its band;
//! - [`BarChart`]: horizontal bars with one or more series and the values printed (sector effects
//!   in % of GDP, sorted; the tornado; the concession mixes' loss, cost and net);
//! - [`FrontierChart`]: the cost–loss frontier with the optimum and the shipped mixes marked.
//!
//! Legends sit in a strip above the plot, never over the data; titles carry no seed (the footnote
//! records paths, seed and data version).

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::error::{Error, Result};

static FONT: Once = Once::new();

/// NanumSquare Regular (Hangul and Latin), from Debian's fonts-nanum 20200506-1 (OFL 1.1).
static HANGUL: &[u8] = include_bytes!("fonts/NanumSquareR.ttf");

/// The embedded Hangul font file (TrueType), for documents that embed it.
pub fn hangul_font() -> &'static [u8] {
    HANGUL
}

fn register_font() {
    FONT.call_once(|| {
        // A failure here means an embedded font could not be parsed; drawing then reports it.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
        let _ = plotters::style::register_font("hangul", FontStyle::Normal, HANGUL);
    });
}

/// Language of a chart's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (DejaVu Sans).
    #[default]
    En,
    /// Korean (NanumSquare).
    Ko,
}

impl Lang {
    /// Names accepted by [`std::str::FromStr`].
    pub const NAMES: [&'static str; 2] = ["en", "ko"];

    fn family(self) -> &'static str {
        match self {
            Lang::En => "sans-serif",
            Lang::Ko => "hangul",
        }
    }

    /// `en` or `ko` text by language.
    pub fn pick<'a>(self, en: &'a str, ko: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ko => ko,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        match s {
            "en" => Ok(Lang::En),
            "ko" => Ok(Lang::Ko),
            _ => Err(Error::Request(format!(
                "unknown language `{s}` (expected en or ko)"
            ))),
        }
    }
}

/// One fan: per quarter the 5, 25, 50, 75 and 95% quantiles (log points q/q).
pub struct Fan {
    /// Legend label.
    pub label: String,
    /// Quantiles per quarter: [q5, q25, median, q75, q95].
    pub bands: Vec<[f64; 5]>,
    /// Colour.
    pub color: RGBColor,
}

/// GDP growth: history, baseline and scenario fans, and the effect panel.
pub struct FanChart {
    /// Title (no seed: that goes to the footnote).
    pub title: String,
    /// Footnote: paths, seed, data version.
    pub footnote: String,
    /// Realised growth before the forecast (quarter, log points q/q).
    pub history: Vec<(String, f64)>,
    /// Forecast quarters.
    pub labels: Vec<String>,
    /// The baseline's fan, then the scenario's.
    pub fans: Vec<Fan>,
    /// Scenario minus baseline per forecast quarter: [q5, q25, mean, q75, q95], pp.
    pub effect: Vec<[f64; 5]>,
    /// Label language.
    pub lang: Lang,
}

/// Horizontal bars: rows of values, one bar per series, values printed beside the bars.
pub struct BarChart {
    /// Title.
    pub title: String,
    /// Footnote (may be empty).
    pub footnote: String,
    /// Axis description with units.
    pub xdesc: String,
    /// Series names and colours.
    pub series: Vec<(String, RGBColor)>,
    /// (row label, one value per series), top row first.
    pub rows: Vec<(String, Vec<f64>)>,
    /// Decimals of the printed values.
    pub decimals: usize,
    /// Label language.
    pub lang: Lang,
}

/// The cost–loss frontier with marked mixes.
pub struct FrontierChart {
    /// Title.
    pub title: String,
    /// Frontier points (cost USD bn, expected GDP loss % of GDP).
    pub pts: Vec<(f64, f64)>,
    /// Marks (name, cost, loss): the shipped mixes and the optimum (named `optimum`).
    pub marks: Vec<(String, f64, f64)>,
    /// Label language.
    pub lang: Lang,
}

/// A chart, drawn to files or to an SVG string.
pub trait Draw {
    /// Draw on any plotters backend.
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String>;

    /// The chart as an SVG document (for the HTML report).
    fn svg(&self) -> Result<String> {
        register_font();
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
            self.draw(root).map_err(|e| Error::Write {
                path: "<svg chart>".into(),
                source: std::io::Error::other(e),
            })?;
        }
        Ok(s)
    }

    /// `STEM.png` and `STEM.svg` in `dir` (written to temporaries, renamed with the run's outputs).
    fn write(&self, dir: &Path, stem: &str) -> Result<()> {
        prepare(dir)?;
        finish(dir, stem, "png", |tmp| {
            self.draw(BitMapBackend::new(&tmp, SIZE).into_drawing_area())
        })?;
        finish(dir, stem, "svg", |tmp| {
            self.draw(SVGBackend::new(&tmp, SIZE).into_drawing_area())
        })
    }
}

fn err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// A tick label with enough decimals for the axis span, never "-0".
fn tick(v: f64, span: f64) -> String {
    let d = if span < 0.05 {
        3
    } else if span < 0.5 {
        2
    } else {
        1
    };
    let s = format!("{v:.d$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

fn e2s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// A legend entry's mark.
enum Mark {
    Line(RGBColor),
    Dashed(RGBColor),
    Band(RGBColor, f64),
    Box(RGBColor),
    Dot(RGBColor),
    Triangle(RGBColor),
}

/// Legend entries left to right in their own strip (never over the data); wraps to a second row.
fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Mark)],
    family: &str,
) -> std::result::Result<(), String> {
    let (w, _) = area.dim_in_pixel();
    let font = TextStyle::from((family, 14).into_font());
    let (mut x, mut y) = (70i32, 12i32);
    for (label, mark) in entries {
        let tw = area.estimate_text_size(label, &font).map_err(e2s)?.0 as i32;
        if x + 30 + tw > w as i32 - 10 && x > 70 {
            x = 70;
            y += 20;
        }
        match mark {
            Mark::Line(c) => area
                .draw(&PathElement::new([(x, y), (x + 22, y)], c.stroke_width(3)))
                .map_err(e2s)?,
            Mark::Dashed(c) => {
                for k in 0..3 {
                    area.draw(&PathElement::new(
                        [(x + 8 * k, y), (x + 8 * k + 5, y)],
                        c.stroke_width(2),
                    ))
                    .map_err(e2s)?;
                }
            }
            Mark::Band(c, a) => area
                .draw(&Rectangle::new(
                    [(x, y - 6), (x + 22, y + 6)],
                    c.mix(*a).filled(),
                ))
                .map_err(e2s)?,
            Mark::Box(c) => area
                .draw(&Rectangle::new(
                    [(x + 4, y - 6), (x + 18, y + 6)],
                    c.filled(),
                ))
                .map_err(e2s)?,
            Mark::Dot(c) => area
                .draw(&Circle::new((x + 11, y), 4, c.filled()))
                .map_err(e2s)?,
            Mark::Triangle(c) => area
                .draw(&TriangleMarker::new((x + 11, y), 7, c.filled()))
                .map_err(e2s)?,
        }
        area.draw(&Text::new(
            label.clone(),
            (x + 28, y),
            font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(e2s)?;
        x += 28 + tw + 24;
    }
    Ok(())
}

fn footnote<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    family: &str,
) -> std::result::Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    let (_, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        (12, h as i32 - 14),
        (family, 12)
            .into_font()
            .color(&RGBColor(90, 90, 90))
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(e2s)
}

/// Scenario colour.
pub const SCENARIO: RGBColor = RGBColor(214, 39, 40);
/// Baseline colour.
pub const BASELINE: RGBColor = RGBColor(90, 90, 90);
const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(255, 127, 14);

impl Draw for FanChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let f = self.lang.family();
        root.fill(&WHITE).map_err(e2s)?;
        let root = root.titled(&self.title, (f, 20)).map_err(e2s)?;
        let (legend, rest) = root.split_vertically(46);
        let (_, h) = rest.dim_in_pixel();
        let (top, bottom) = rest.split_vertically((h as f64 * 0.64) as u32);
        let nh = self.history.len();
        let nf = self.labels.len();
        let n = nh + nf;
        let labels: Vec<String> = self
            .history
            .iter()
            .map(|h| h.0.clone())
            .chain(self.labels.iter().cloned())
            .collect();
        let every = if n > 14 { 2 } else { 1 };
        let fmt = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n && (i as usize) % every == 0 {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        };
        let vals = self
            .fans
            .iter()
            .flat_map(|fan| fan.bands.iter().flat_map(|b| [b[0], b[4]]))
            .chain(self.history.iter().map(|h| h.1));
        let lo = vals.clone().fold(0.0, f64::min);
        let hi = vals.fold(0.0, f64::max);
        let pad = ((hi - lo) * 0.08).max(0.1);
        let x0 = nh as f64 - 0.5;
        let mut chart = ChartBuilder::on(&top)
            .margin_left(10)
            .margin_right(20)
            .x_label_area_size(0)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo - pad)..(hi + pad))
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&fmt)
            .y_desc(
                self.lang
                    .pick("real GDP growth, % q/q", "실질 GDP 성장률, 전기비 %"),
            )
            .label_style((f, 13))
            .axis_desc_style((f, 14))
            .draw()
            .map_err(e2s)?;
        let zero = |c: &mut ChartContext<
            '_,
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
                    y0: f64,
                    y1: f64|
         -> std::result::Result<(), String> {
            c.draw_series(LineSeries::new(
                [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                BLACK.stroke_width(1),
            ))
            .map_err(e2s)?;
            c.draw_series(LineSeries::new(
                [(x0, y0), (x0, y1)],
                RGBColor(150, 150, 150).stroke_width(1),
            ))
            .map_err(e2s)?;
            Ok(())
        };
        zero(&mut chart, lo - pad, hi + pad)?;
        let mut entries = Vec::new();
        if nh > 0 {
            chart
                .draw_series(LineSeries::new(
                    self.history
                        .iter()
                        .enumerate()
                        .map(|(i, h)| (i as f64, h.1)),
                    BLACK.stroke_width(2),
                ))
                .map_err(e2s)?;
            chart
                .draw_series(
                    self.history
                        .iter()
                        .enumerate()
                        .map(|(i, h)| Circle::new((i as f64, h.1), 3, BLACK.filled())),
                )
                .map_err(e2s)?;
            entries.push((
                self.lang.pick("realised", "실적").to_string(),
                Mark::Line(BLACK),
            ));
        }
        for (k, fan) in self.fans.iter().enumerate() {
            for (a, b, alpha) in [(0usize, 4usize, 0.13), (1, 3, 0.28)] {
                let mut pts: Vec<(f64, f64)> = fan
                    .bands
                    .iter()
                    .enumerate()
                    .map(|(i, q)| ((nh + i) as f64, q[b]))
                    .collect();
                pts.extend(
                    fan.bands
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(i, q)| ((nh + i) as f64, q[a])),
                );
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        pts,
                        fan.color.mix(alpha).filled(),
                    )))
                    .map_err(e2s)?;
            }
            let line: Vec<(f64, f64)> = fan
                .bands
                .iter()
                .enumerate()
                .map(|(i, q)| ((nh + i) as f64, q[2]))
                .collect();
            if k == 0 {
                chart
                    .draw_series(DashedLineSeries::new(line, 6, 4, fan.color.stroke_width(2)))
                    .map_err(e2s)?;
                entries.push((
                    format!("{} ({})", fan.label, self.lang.pick("median", "중앙값")),
                    Mark::Dashed(fan.color),
                ));
            } else {
                chart
                    .draw_series(LineSeries::new(line, fan.color.stroke_width(2)))
                    .map_err(e2s)?;
                entries.push((
                    format!("{} ({})", fan.label, self.lang.pick("median", "중앙값")),
                    Mark::Line(fan.color),
                ));
            }
        }
        entries.push((
            self.lang.pick("25-75% band", "25-75% 구간").to_string(),
            Mark::Band(SCENARIO, 0.28),
        ));
        entries.push((
            self.lang.pick("5-95% band", "5-95% 구간").to_string(),
            Mark::Band(SCENARIO, 0.13),
        ));
        legend_strip(&legend, &entries, f)?;

        // The effect panel: scenario minus baseline, path by path.
        let elo = self.effect.iter().map(|e| e[0]).fold(0.0, f64::min);
        let ehi = self.effect.iter().map(|e| e[4]).fold(0.0, f64::max);
        let epad = ((ehi - elo) * 0.1).max(0.02);
        let mut eff = ChartBuilder::on(&bottom)
            .margin_left(10)
            .margin_right(20)
            .margin_bottom(38)
            .x_label_area_size(34)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (elo - epad)..(ehi + epad))
            .map_err(e2s)?;
        eff.configure_mesh()
            .x_labels(n)
            .x_label_formatter(&fmt)
            .y_labels(5)
            .y_label_formatter(&|y| tick(*y, ehi - elo))
            .y_desc(self.lang.pick("effect, pp q/q", "효과, %p"))
            .label_style((f, 13))
            .axis_desc_style((f, 14))
            .draw()
            .map_err(e2s)?;
        zero(&mut eff, elo - epad, ehi + epad)?;
        for (a, b, alpha) in [(0usize, 4usize, 0.18), (1, 3, 0.35)] {
            let mut pts: Vec<(f64, f64)> = self
                .effect
                .iter()
                .enumerate()
                .map(|(i, q)| ((nh + i) as f64, q[b]))
                .collect();
            pts.extend(
                self.effect
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, q)| ((nh + i) as f64, q[a])),
            );
            eff.draw_series(std::iter::once(Polygon::new(pts, BLUE.mix(alpha).filled())))
                .map_err(e2s)?;
        }
        eff.draw_series(LineSeries::new(
            self.effect
                .iter()
                .enumerate()
                .map(|(i, q)| ((nh + i) as f64, q[2])),
            BLUE.stroke_width(2),
        ))
        .map_err(e2s)?;
        let note = self.lang.pick(
            "lower panel: scenario minus baseline (mean; 25-75% and 5-95% bands, same draws)",
            "아래: 시나리오 - 기준선 (평균, 25-75%, 5-95% 구간, 동일 난수)",
        );
        let (_, rh) = root.dim_in_pixel();
        root.draw(&Text::new(
            note.to_string(),
            (12, rh as i32 - 30),
            (f, 12)
                .into_font()
                .color(&BLUE)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(e2s)?;
        footnote(&root, &self.footnote, f)?;
        root.present().map_err(e2s)
    }
}

impl Draw for BarChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let f = self.lang.family();
        root.fill(&WHITE).map_err(e2s)?;
        let root = root.titled(&self.title, (f, 20)).map_err(e2s)?;
        let (legend, plot) = root.split_vertically(if self.series.len() > 1 { 34 } else { 6 });
        let all = self.rows.iter().flat_map(|r| r.1.iter().copied());
        let lo = all.clone().fold(0.0, f64::min);
        let hi = all.fold(0.0, f64::max);
        let span = (hi - lo).max(1e-9);
        // Room for the printed values at both ends.
        let (lo, hi) = (
            lo - 0.16 * span * (lo < 0.0) as u8 as f64,
            hi + 0.16 * span * (hi > 0.0) as u8 as f64,
        );
        let (lo, hi) = if lo == hi {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        };
        let n = self.rows.len();
        let k = self.series.len().max(1);
        let label_w = self
            .rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 40) as u32
            * 8
            + 10;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(20)
            .margin_bottom(24)
            .x_label_area_size(40)
            .y_label_area_size(label_w)
            .build_cartesian_2d(lo..hi, -0.5f64..(n as f64 - 0.5))
            .map_err(e2s)?;
        // Top row first: row i sits at y = n - 1 - i.
        let rows = &self.rows;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                    rows[n - 1 - i as usize].0.clone()
                } else {
                    String::new()
                }
            })
            .x_desc(self.xdesc.as_str())
            .label_style((f, 13))
            .axis_desc_style((f, 14))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(LineSeries::new(
                [(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            ))
            .map_err(e2s)?;
        let h = 0.8 / k as f64;
        for (s, (_, colour)) in self.series.iter().enumerate() {
            for (i, (_, v)) in self.rows.iter().enumerate() {
                let Some(x) = v.get(s).copied() else { continue };
                let yc = (n - 1 - i) as f64 + 0.4 - h * (s as f64 + 0.5);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, yc - h * 0.45), (x, yc + h * 0.45)],
                        colour.filled(),
                    )))
                    .map_err(e2s)?;
                let text = format!("{:+.*}", self.decimals, x);
                let pos = if x < 0.0 {
                    Pos::new(HPos::Right, VPos::Center)
                } else {
                    Pos::new(HPos::Left, VPos::Center)
                };
                let gap = 0.01 * (hi - lo) * if x < 0.0 { -1.0 } else { 1.0 };
                chart
                    .draw_series(std::iter::once(Text::new(
                        text,
                        (x + gap, yc),
                        TextStyle::from((f, 11).into_font()).pos(pos),
                    )))
                    .map_err(e2s)?;
            }
        }
        if self.series.len() > 1 {
            let entries: Vec<(String, Mark)> = self
                .series
                .iter()
                .map(|(name, c)| (name.clone(), Mark::Box(*c)))
                .collect();
            legend_strip(&legend, &entries, f)?;
        }
        footnote(&root, &self.footnote, f)?;
        root.present().map_err(e2s)
    }
}

impl Draw for FrontierChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let f = self.lang.family();
        root.fill(&WHITE).map_err(e2s)?;
        let root = root.titled(&self.title, (f, 20)).map_err(e2s)?;
        let (legend, plot) = root.split_vertically(34);
        let all = || {
            self.pts
                .iter()
                .copied()
                .chain(self.marks.iter().map(|m| (m.1, m.2)))
        };
        let xmax = all().map(|p| p.0).fold(1.0, f64::max) * 1.12;
        let ymax = all().map(|p| p.1).fold(0.0, f64::max);
        let ymin = all().map(|p| p.1).fold(0.0, f64::min);
        let pad = ((ymax - ymin) * 0.1).max(1e-3);
        let mut chart = ChartBuilder::on(&plot)
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..xmax, ymin.min(0.0)..(ymax + pad))
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .x_desc(self.lang.pick(
                "cost of concessions, USD bn over the horizon",
                "양보 비용, 전망기간 합계 십억 달러",
            ))
            .y_desc(
                self.lang
                    .pick("expected GDP loss, % of GDP", "기대 GDP 손실, GDP 대비 %"),
            )
            .label_style((f, 13))
            .axis_desc_style((f, 14))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(LineSeries::new(
                self.pts.iter().copied(),
                BLUE.stroke_width(2),
            ))
            .map_err(e2s)?;
        chart
            .draw_series(self.pts.iter().map(|p| Circle::new(*p, 4, BLUE.filled())))
            .map_err(e2s)?;
        // Marks at (nearly) the same place share one label.
        let mut groups: Vec<(String, f64, f64)> = Vec::new();
        for (name, x, y) in &self.marks {
            match groups.iter_mut().find(|g| {
                (g.1 - x).abs() <= 0.01 * xmax && (g.2 - y).abs() <= 0.01 * (ymax - ymin).max(1e-9)
            }) {
                Some(g) => g.0 = format!("{}, {name}", g.0),
                None => groups.push((name.clone(), *x, *y)),
            }
        }
        for (name, x, y) in &groups {
            let colour = if name.contains("optimum") {
                SCENARIO
            } else {
                ORANGE
            };
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    (*x, *y),
                    7,
                    colour.filled(),
                )))
                .map_err(e2s)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    name.clone(),
                    (*x, *y),
                    TextStyle::from((f, 13).into_font()).pos(Pos::new(
                        if *x > 0.6 * xmax {
                            HPos::Right
                        } else {
                            HPos::Left
                        },
                        VPos::Top,
                    )),
                )))
                .map_err(e2s)?;
        }
        legend_strip(
            &legend,
            &[
                (
                    self.lang
                        .pick(
                            "frontier (least loss for a cost)",
                            "효율적 경계 (비용별 최소 손실)",
                        )
                        .to_string(),
                    Mark::Dot(BLUE),
                ),
                (
                    self.lang.pick("optimum", "최적").to_string(),
                    Mark::Triangle(SCENARIO),
                ),
                (
                    self.lang.pick("shipped mixes", "제시된 조합").to_string(),
                    Mark::Triangle(ORANGE),
                ),
            ],
            f,
        )?;
        root.present().map_err(e2s)
    }
}

fn finish(
    dir: &Path,
    stem: &str,
    ext: &str,
    draw: impl FnOnce(&Path) -> std::result::Result<(), String>,
) -> Result<()> {
    // Drawn to a uniquely named temporary beside the target and renamed with the run's other
    // outputs (crate::report::output): no fixed temporary names, nothing left by a failed run.
    let target = dir.join(format!("{stem}.{ext}"));
    super::output::produce(&target, ext, |tmp| draw(tmp).map_err(|e| err(&target, e)))
}

fn prepare(dir: &Path) -> Result<()> {
    register_font();
    super::output::make_dir(dir)
}

/// Chart size in pixels.
pub const SIZE: (u32, u32) = (1000, 620);

/// The series colours of paired bars.
pub const PAIR: [RGBColor; 3] = [BLUE, SCENARIO, RGBColor(44, 160, 44)];

#[cfg(test)]
mod tests {
    use super::*;

    fn fan() -> FanChart {
        FanChart {
            title: "t".into(),
            footnote: "n".into(),
            history: vec![("2025Q1".into(), 0.5), ("2025Q2".into(), -0.2)],
            labels: vec!["2025Q3".into(), "2025Q4".into()],
            fans: vec![
                Fan {
                    label: "b".into(),
                    bands: vec![[-1.0, 0.0, 0.5, 1.0, 2.0]; 2],
                    color: BASELINE,
                },
                Fan {
                    label: "s".into(),
                    bands: vec![[-1.5, -0.5, 0.2, 0.8, 1.5]; 2],
                    color: SCENARIO,
                },
            ],
            effect: vec![[-0.5, -0.4, -0.3, -0.2, -0.1]; 2],
            lang: Lang::En,
        }
    }

    #[test]
    fn charts_render_to_svg_with_their_labels() {
        let s = fan().svg().unwrap();
        assert!(s.starts_with("<svg") && s.contains("2025Q1") && s.contains("realised"));
        let b = BarChart {
            title: "bars".into(),
            footnote: String::new(),
            xdesc: "x".into(),
            series: vec![("one".into(), BLUE), ("two".into(), SCENARIO)],
            rows: vec![
                ("autos".into(), vec![-0.12, 0.3]),
                ("steel".into(), vec![0.05, -0.2]),
            ],
            decimals: 2,
            lang: Lang::En,
        }
        .svg()
        .unwrap();
        // Values printed, rows labelled, the legend drawn.
        for t in ["-0.12", "+0.30", "autos", "steel", "one", "two"] {
            assert!(b.contains(t), "{t} missing");
        }
    }

    #[test]
    fn tick_labels_have_the_decimals_the_span_needs_and_no_negative_zero() {
        assert_eq!(tick(-0.0001, 0.3), "0.00");
        assert_eq!(tick(-0.1, 0.3), "-0.10");
        assert_eq!(tick(0.004, 0.02), "0.004");
        assert_eq!(tick(1.5, 2.0), "1.5");
    }

    #[test]
    fn korean_labels_use_the_hangul_font() {
        let mut f = fan();
        f.lang = Lang::Ko;
        let s = f.svg().unwrap();
        assert!(s.contains("실적") && s.contains("hangul"));
        assert!("ko".parse::<Lang>().unwrap() == Lang::Ko && "fr".parse::<Lang>().is_err());
    }
}
