//! Charts (plotters, PNG and SVG) with the embedded DejaVu Sans font, so they never depend on system
//! fonts: a fan chart of GDP growth (scenario vs baseline) and a bar chart of sector effects.

use std::path::Path;
use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::error::{Error, Result};

static FONT: Once = Once::new();

fn register_font() {
    FONT.call_once(|| {
        // A failure here means the embedded font could not be parsed; drawing then reports it.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
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

fn err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn fan_draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    labels: &[String],
    fans: &[Fan],
) -> std::result::Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let lo = fans
        .iter()
        .flat_map(|f| f.bands.iter().map(|b| b[0]))
        .fold(f64::INFINITY, f64::min)
        .min(0.0)
        - 0.3;
    let hi = fans
        .iter()
        .flat_map(|f| f.bands.iter().map(|b| b[4]))
        .fold(f64::NEG_INFINITY, f64::max)
        .max(0.0)
        + 0.3;
    let n = labels.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_desc("real GDP growth, % q/q (log points)")
        .x_desc("quarter")
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            BLACK.stroke_width(1),
        ))
        .map_err(|e| e.to_string())?;
    for f in fans {
        for (a, b, alpha) in [(0usize, 4usize, 0.15), (1, 3, 0.3)] {
            let mut pts: Vec<(f64, f64)> = f
                .bands
                .iter()
                .enumerate()
                .map(|(i, q)| (i as f64, q[b]))
                .collect();
            pts.extend(
                f.bands
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, q)| (i as f64, q[a])),
            );
            chart
                .draw_series(std::iter::once(Polygon::new(
                    pts,
                    f.color.mix(alpha).filled(),
                )))
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series(LineSeries::new(
                f.bands.iter().enumerate().map(|(i, q)| (i as f64, q[2])),
                f.color.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?
            .label(format!("{} (median; 25-75% and 5-95% bands)", f.label))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], f.color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

fn bars_draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    xdesc: &str,
    legend: (&str, &str),
    bars: &[(String, f64, f64)],
) -> std::result::Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let lo = bars.iter().map(|b| b.1.min(b.2)).fold(0.0, f64::min) * 1.15 - 1e-6;
    let hi = bars.iter().map(|b| b.1.max(b.2)).fold(0.0, f64::max) * 1.15 + 1e-6;
    let n = bars.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(260)
        .build_cartesian_2d(lo..hi, -0.5f64..(n as f64 - 0.5))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .y_labels(n)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                bars[i as usize].0.clone()
            } else {
                String::new()
            }
        })
        .x_desc(xdesc)
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Rectangle::new(
                [(0.0, i as f64 - 0.35), (b.1, i as f64)],
                RGBColor(31, 119, 180).filled(),
            )
        }))
        .map_err(|e| e.to_string())?
        .label(legend.0)
        .legend(|(x, y)| {
            Rectangle::new(
                [(x, y - 5), (x + 15, y + 5)],
                RGBColor(31, 119, 180).filled(),
            )
        });
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Rectangle::new(
                [(0.0, i as f64), (b.2, i as f64 + 0.35)],
                RGBColor(214, 39, 40).filled(),
            )
        }))
        .map_err(|e| e.to_string())?
        .label(legend.1)
        .legend(|(x, y)| {
            Rectangle::new(
                [(x, y - 5), (x + 15, y + 5)],
                RGBColor(214, 39, 40).filled(),
            )
        });
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .position(SeriesLabelPosition::LowerLeft)
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
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

const SIZE: (u32, u32) = (1000, 600);

/// Fan chart `fan.png` and `fan.svg` in `dir` (written to temporary files, then renamed).
pub fn fan_chart(dir: &Path, title: &str, labels: &[String], fans: &[Fan]) -> Result<()> {
    prepare(dir)?;
    finish(dir, "fan", "png", |tmp| {
        fan_draw(
            BitMapBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            labels,
            fans,
        )
    })?;
    finish(dir, "fan", "svg", |tmp| {
        fan_draw(
            SVGBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            labels,
            fans,
        )
    })
}

/// Sector bar chart `sectors.png` and `sectors.svg`: (label, exports change %, value-added change %).
pub fn sector_chart(dir: &Path, title: &str, bars: &[(String, f64, f64)]) -> Result<()> {
    bar_chart(
        dir,
        "sectors",
        title,
        "% change over the horizon vs baseline",
        ("exports to the US, % change", "value added, % change"),
        bars,
    )
}

/// Paired horizontal bars `STEM.png` and `STEM.svg`: (label, first value, second value).
pub fn bar_chart(
    dir: &Path,
    stem: &str,
    title: &str,
    xdesc: &str,
    legend: (&str, &str),
    bars: &[(String, f64, f64)],
) -> Result<()> {
    prepare(dir)?;
    finish(dir, stem, "png", |tmp| {
        bars_draw(
            BitMapBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            xdesc,
            legend,
            bars,
        )
    })?;
    finish(dir, stem, "svg", |tmp| {
        bars_draw(
            SVGBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            xdesc,
            legend,
            bars,
        )
    })
}

/// Frontier chart `frontier.png` and `frontier.svg`: (cost USD bn, GDP loss % of GDP) points, and
/// named marks (shipped mixes, the optimum) at (name, cost, loss); the loss axis starts at zero.
pub fn frontier_chart(
    dir: &Path,
    title: &str,
    pts: &[(f64, f64)],
    marks: &[(String, f64, f64)],
) -> Result<()> {
    prepare(dir)?;
    finish(dir, "frontier", "png", |tmp| {
        frontier_draw(
            BitMapBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            pts,
            marks,
        )
    })?;
    finish(dir, "frontier", "svg", |tmp| {
        frontier_draw(
            SVGBackend::new(&tmp, SIZE).into_drawing_area(),
            title,
            pts,
            marks,
        )
    })
}

fn frontier_draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    pts: &[(f64, f64)],
    marks: &[(String, f64, f64)],
) -> std::result::Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let all = || pts.iter().copied().chain(marks.iter().map(|m| (m.1, m.2)));
    let xmax = all().map(|p| p.0).fold(1.0, f64::max) * 1.12;
    let ymax = all().map(|p| p.1).fold(0.0, f64::max);
    let ymin = all().map(|p| p.1).fold(0.0, f64::min);
    let pad = ((ymax - ymin) * 0.1).max(1e-3);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..xmax, ymin.min(0.0)..(ymax + pad))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("cost of concessions, USD bn over the horizon")
        .y_desc("expected GDP loss, % of GDP")
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(
            pts.iter().copied(),
            RGBColor(31, 119, 180).stroke_width(2),
        ))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(
            pts.iter()
                .map(|p| Circle::new(*p, 4, RGBColor(31, 119, 180).filled())),
        )
        .map_err(|e| e.to_string())?
        .label("frontier (least loss for a cost)")
        .legend(|(x, y)| Circle::new((x + 10, y), 4, RGBColor(31, 119, 180).filled()));
    // Marks at (nearly) the same place share one label.
    let mut groups: Vec<(String, f64, f64)> = Vec::new();
    for (name, x, y) in marks {
        match groups.iter_mut().find(|g| {
            (g.1 - x).abs() <= 0.01 * xmax && (g.2 - y).abs() <= 0.01 * (ymax - ymin).max(1e-9)
        }) {
            Some(g) => g.0 = format!("{}, {name}", g.0),
            None => groups.push((name.clone(), *x, *y)),
        }
    }
    for (name, x, y) in &groups {
        let colour = if name.contains("optimum") {
            RGBColor(214, 39, 40)
        } else {
            RGBColor(255, 127, 14)
        };
        chart
            .draw_series(std::iter::once(TriangleMarker::new(
                (*x, *y),
                7,
                colour.filled(),
            )))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(Text::new(
                name.clone(),
                (*x, *y),
                TextStyle::from(("sans-serif", 13).into_font()).pos(
                    plotters::style::text_anchor::Pos::new(
                        if *x > 0.6 * xmax {
                            plotters::style::text_anchor::HPos::Right
                        } else {
                            plotters::style::text_anchor::HPos::Left
                        },
                        plotters::style::text_anchor::VPos::Top,
                    ),
                ),
            )))
            .map_err(|e| e.to_string())?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
