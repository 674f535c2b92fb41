//! `headwind report`: one self-contained HTML file for a policy team — headline numbers with their
//! uncertainty, the fan chart, the annual and quarterly tables, sector effects, the tariff schedule,
//! the sensitivity tornado, the concession mixes and the optimum where asked, method notes and the
//! data's provenance with file hashes. Charts are inline SVG, styles inline CSS; the page makes no
//! request of any kind (no script, no external font, image or stylesheet), so it opens offline and
//! can be sent by e-mail. With Korean labels (`Lang::Ko`) the Hangul font is embedded as a data URL.

use std::fmt::Write as _;

use crate::data::DataReport;
use crate::forecast::{ForecastDistribution, Sensitivity};
use crate::negotiation::{Comparison, OptimizeReport};
use crate::report::charts::{Draw, Lang};
use crate::Result;

/// What goes into a report: the forecast is required, the rest where asked.
pub struct ReportParts<'a> {
    /// The scenario forecast against its comparator.
    pub forecast: &'a ForecastDistribution,
    /// The sensitivity tornado of the same pair.
    pub sensitivity: Option<&'a Sensitivity>,
    /// Concession mixes side by side.
    pub comparison: Option<&'a Comparison>,
    /// The optimum and the frontier.
    pub optimize: Option<&'a OptimizeReport>,
    /// The datasets and their hashes.
    pub data: &'a DataReport,
    /// Label language of the charts and headings.
    pub lang: Lang,
}

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Standard base64 (RFC 4648) of `bytes`, for the embedded font.
fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        o.push(T[(n >> 18) as usize & 63] as char);
        o.push(T[(n >> 12) as usize & 63] as char);
        o.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        o.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    o
}

/// An inline SVG chart that scales with the page (a viewBox is added where plotters leaves none).
fn inline_svg(svg: &str, caption: &str) -> String {
    let body = svg.trim_start_matches(|c| c != '<');
    let body = if body.contains("viewBox") {
        body.to_string()
    } else {
        let (w, h) = crate::report::charts::SIZE;
        body.replacen(
            "<svg ",
            &format!("<svg viewBox=\"0 0 {w} {h}\" role=\"img\" "),
            1,
        )
    };
    format!(
        "<figure>{body}<figcaption>{}</figcaption></figure>\n",
        esc(caption)
    )
}

/// A table: header cells and rows of (already escaped) cells; numeric columns right-aligned.
fn table(header: &[&str], rows: &[Vec<String>], numeric_from: usize) -> String {
    let mut t = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for (j, h) in header.iter().enumerate() {
        let cls = if j >= numeric_from {
            " class=\"n\""
        } else {
            ""
        };
        let _ = write!(t, "<th{cls}>{}</th>", esc(h));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        t.push_str("<tr>");
        for (j, c) in r.iter().enumerate() {
            let cls = if j >= numeric_from {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(t, "<td{cls}>{c}</td>");
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table></div>\n");
    t
}

fn q(m: &std::collections::BTreeMap<String, f64>, k: &str) -> f64 {
    m.get(k).copied().unwrap_or(f64::NAN)
}

const CSS: &str = "
:root{--ink:#1b1f24;--muted:#5b6470;--line:#d9dde3;--accent:#b3261e;--blue:#1f77b4}
*{box-sizing:border-box}
body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:var(--ink);margin:0;background:#f6f7f9;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
.sub{color:var(--muted);margin:0 0 1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:12px;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fbfbfc}
.card .v{font-size:1.5rem;font-weight:bold;color:var(--accent)}
.card .k{color:var(--muted);font-size:.85rem}
.card .r{font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.4rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
figure{margin:.6rem 0 1.2rem}figure svg{width:100%;height:auto;border:1px solid var(--line)}
figcaption{color:var(--muted);font-size:.8rem}
.note{color:var(--muted);font-size:.85rem}
code{font-size:.85em;background:#eef1f5;padding:0 3px;border-radius:3px}
.hash{font-family:'DejaVu Sans Mono',monospace;font-size:.75rem;word-break:break-all}
@media print{body{background:#fff}main{padding:0}}
";

/// Render the report: one HTML document, no external resource.
pub fn render(p: &ReportParts<'_>) -> Result<String> {
    let f = p.forecast;
    let m = &f.meta;
    let lang = p.lang;
    let mut h = String::new();
    let title = format!(
        "headwind: {} {} {}",
        m.scenario,
        lang.pick("vs", "대"),
        m.baseline
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}",
        if lang == Lang::Ko { "ko" } else { "en" },
        esc(&title)
    );
    if lang == Lang::Ko {
        // The charts' Korean labels need a Hangul font the reader's machine may lack.
        let _ = write!(
            h,
            "@font-face{{font-family:'hangul';src:url(data:font/ttf;base64,{}) format('truetype')}}body{{font-family:'hangul','DejaVu Sans',sans-serif}}",
            base64(crate::report::charts::hangul_font())
        );
    }
    h.push_str("</style>\n</head>\n<body>\n<main>\n");
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"sub\">{} — <b>{}</b>: {} · {} <b>{}</b>: {}</p>",
        esc(lang.pick("US tariffs and Korea's GDP", "미국 관세와 한국 GDP")),
        esc(&title),
        esc(&m.scenario),
        esc(&m.scenario_description),
        esc(lang.pick("comparator", "비교 기준")),
        esc(&m.baseline),
        esc(&m.baseline_description)
    );
    let _ = writeln!(
        h,
        "<p class=\"note\">headwind {} · data {} · backend {} · model spec <code>{}</code> · {} Monte Carlo paths, seed {} · forecast from {}{}</p>",
        esc(m.meta.headwind_version),
        esc(&m.meta.data_version),
        esc(m.meta.backend),
        esc(&m.model_spec),
        m.paths,
        m.seed,
        esc(&m.start),
        m.meta
            .as_of
            .as_ref()
            .map(|a| format!(" · information set as of {}", esc(a)))
            .unwrap_or_default()
    );

    // Headline numbers, each with its uncertainty.
    h.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"cards\">\n",
        esc(lang.pick("Headline", "핵심 결과"))
    ));
    let card = |k: &str, v: String, r: String| {
        format!(
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"r\">{}</div></div>\n",
            esc(k),
            v,
            r
        )
    };
    let lq = &f.gdp_level_effect_quantiles;
    let last = f
        .quarters
        .last()
        .map(|x| x.quarter.clone())
        .unwrap_or_default();
    h.push_str(&card(
        &format!("real GDP level effect at {last}"),
        format!("{:+.2}%", f.gdp_level_effect_pct),
        format!(
            "5–95%: {:+.2}% to {:+.2}% · real GDI {:+.2}%",
            q(lq, "5"),
            q(lq, "95"),
            f.gdi_level_effect_pct
        ),
    ));
    for a in &f.annual {
        h.push_str(&card(
            &format!("{} growth effect, pp", a.year),
            format!("{:+.2}", a.effect_pp_mean),
            format!(
                "5–95%: {:+.2} to {:+.2} · growth {:.2}% vs {:.2}%",
                q(&a.effect_pp_quantiles, "5"),
                q(&a.effect_pp_quantiles, "95"),
                a.growth_mean,
                a.baseline_growth_mean
            ),
        ));
    }
    if let Some(w) = f.quarters.iter().max_by(|a, b| {
        (a.p_negative - a.baseline_p_negative).total_cmp(&(b.p_negative - b.baseline_p_negative))
    }) {
        h.push_str(&card(
            "largest rise in P(growth < 0) over the comparator",
            format!("{:+.1} pp", 100.0 * (w.p_negative - w.baseline_p_negative)),
            format!(
                "{}: {:.0}% vs {:.0}% · highest in any quarter {:.0}%",
                esc(&w.quarter),
                100.0 * w.p_negative,
                100.0 * w.baseline_p_negative,
                100.0 * f.quarters.iter().map(|x| x.p_negative).fold(0.0, f64::max)
            ),
        ));
    }
    h.push_str(&card(
        "P(two consecutive negative quarters)",
        format!("{:.0}%", 100.0 * f.p_two_consecutive_negative),
        format!(
            "comparator {:.0}% · difference {:+.1} pp",
            100.0 * f.baseline.p_two_consecutive_negative,
            100.0 * f.difference.p_two_consecutive_negative
        ),
    ));
    h.push_str(&card(
        "growth-at-risk (5%), % q/q",
        format!("{:+.2}", f.growth_at_risk_5),
        format!(
            "comparator {:+.2} · expected shortfall {:+.2}",
            f.baseline.growth_at_risk_5, f.expected_shortfall_5
        ),
    ));
    h.push_str("</div>\n");

    // Growth path.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(lang.pick("Quarterly growth", "분기 성장률"))
    );
    h.push_str(&inline_svg(
        &f.fan_chart(lang).svg()?,
        "Real GDP growth, % q/q (log points, s.a.): the last 12 quarters realised, then the comparator's and the scenario's medians with 25–75% and 5–95% bands; lower panel: the scenario's effect, path by path on the same draws.",
    ));
    let rows: Vec<Vec<String>> = f
        .quarters
        .iter()
        .map(|x| {
            vec![
                esc(&x.quarter),
                format!("{:+.2}", x.mean),
                format!(
                    "{:+.2} to {:+.2}",
                    q(&x.quantiles, "5"),
                    q(&x.quantiles, "95")
                ),
                format!("{:.0}%", 100.0 * x.p_negative),
                format!("{:+.2}", x.baseline_mean),
                format!("{:.0}%", 100.0 * x.baseline_p_negative),
                format!("{:+.3}", x.difference_mean),
                format!(
                    "{:+.3} to {:+.3}",
                    q(&x.difference_quantiles, "5"),
                    q(&x.difference_quantiles, "95")
                ),
                format!("{:.1}", x.tariff_pct),
                format!("{:.1}", x.baseline_tariff_pct),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "quarter",
            "growth, mean",
            "5–95%",
            "P(<0)",
            "comparator mean",
            "comparator P(<0)",
            "effect, pp",
            "effect 5–95%",
            "tariff %",
            "comparator tariff %",
        ],
        &rows,
        1,
    ));

    // Calendar years.
    let _ = writeln!(h, "<h2>{}</h2>", esc(lang.pick("Calendar years", "연간")));
    let rows: Vec<Vec<String>> = f
        .annual
        .iter()
        .map(|a| {
            vec![
                a.year.to_string(),
                format!("{:.2}", a.growth_mean),
                format!(
                    "{:.2} to {:.2}",
                    q(&a.growth_quantiles, "5"),
                    q(&a.growth_quantiles, "95")
                ),
                format!("{:.2}", a.baseline_growth_mean),
                format!("{:+.3}", a.effect_pp_mean),
                format!(
                    "{:+.3} to {:+.3}",
                    q(&a.effect_pp_quantiles, "5"),
                    q(&a.effect_pp_quantiles, "95")
                ),
                format!("{:.0}%", 100.0 * a.p_negative),
                a.realised_quarters.to_string(),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "year",
            "growth %, mean",
            "5–95%",
            "comparator %",
            "effect, pp",
            "effect 5–95%",
            "P(year < 0)",
            "realised quarters",
        ],
        &rows,
        1,
    ));
    h.push_str("<p class=\"note\">Annual growth as statistical offices compute it: the mean of the year's four quarterly levels over the previous year's; quarters before the forecast start are the realised ones.</p>\n");

    // Sectors.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(lang.pick("Sector effects", "산업별 효과"))
    );
    h.push_str(&inline_svg(
        &f.sector_chart(lang).svg()?,
        "Change in each sector group's value added, averaged over the horizon's quarters, % of GDP (central parameters), largest loss first; the headline level effect is at the horizon's end.",
    ));
    let mut sectors: Vec<&crate::forecast::SectorEffect> = f.sectors.iter().collect();
    sectors.sort_by(|a, b| {
        a.value_added_change_pct_gdp
            .total_cmp(&b.value_added_change_pct_gdp)
    });
    let rows: Vec<Vec<String>> = sectors
        .iter()
        .map(|e| {
            vec![
                esc(&e.name),
                format!("{:+.2}", e.exports_to_us_change_pct),
                format!("{:+.2}", e.exports_to_us_change_usd_bn),
                format!("{:+.2}", e.value_added_change_pct),
                format!("{:+.4}", e.value_added_change_pct_gdp),
                format!("{:.0}%", 100.0 * e.direct_share),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "sector group",
            "exports to the US, %",
            "exports to the US, USD bn over the horizon",
            "value added, % (horizon average)",
            "value added, % of GDP (horizon average)",
            "direct share",
        ],
        &rows,
        1,
    ));
    if !f.value_chains.is_empty() {
        h.push_str("<h3>Through value chains (third countries' tariffs)</h3>\n");
        let rows: Vec<Vec<String>> = f
            .value_chains
            .iter()
            .map(|v| {
                vec![
                    esc(&v.partner),
                    esc(&v.korean_sector),
                    format!("{:+.3}", v.va_change_usd_bn),
                    format!("{:+.4}", v.va_change_pct_gdp),
                    v.data_year.to_string(),
                ]
            })
            .collect();
        h.push_str(&table(
            &[
                "partner",
                "Korean sector",
                "VA, USD bn",
                "VA, % of GDP",
                "data year",
            ],
            &rows,
            2,
        ));
    }

    // Tariff schedule.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(lang.pick("Tariff schedule", "관세 일정"))
    );
    let qs: Vec<&str> = f.quarters.iter().map(|x| x.quarter.as_str()).collect();
    let mut header: Vec<&str> = vec!["code", "sector", "group"];
    header.extend(qs.iter().copied());
    let rows: Vec<Vec<String>> = f
        .tariff_schedule
        .iter()
        .map(|r| {
            let mut v = vec![esc(&r.code), esc(&r.name), esc(&r.group)];
            v.extend(r.rates.iter().zip(&r.baseline_rates).map(|(a, b)| {
                if (a - b).abs() < 1e-12 {
                    format!("{a:.1}")
                } else {
                    format!("{a:.1} <span class=\"note\">({b:.1})</span>")
                }
            }));
            v
        })
        .collect();
    h.push_str(&table(&header, &rows, 3));
    h.push_str("<p class=\"note\">US tariff on each input-output sector, % ad valorem, by quarter; the comparator's rate in brackets where it differs.</p>\n");

    if let Some(s) = p.sensitivity {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            esc(lang.pick("What drives the answer", "민감도"))
        );
        h.push_str(&inline_svg(
            &s.tornado_chart(lang).svg()?,
            "The level effect at the horizon end with each input at its low and high value, the others central (same draws).",
        ));
        let rows: Vec<Vec<String>> = s
            .inputs
            .iter()
            .map(|i| {
                vec![
                    esc(&i.name),
                    esc(&i.units),
                    format!("{}", i.low),
                    format!("{}", i.central),
                    format!("{}", i.high),
                    format!("{:+.3}", i.effect_low),
                    format!("{:+.3}", i.effect_high),
                    esc(&i.basis),
                ]
            })
            .collect();
        h.push_str(&table(
            &[
                "input",
                "units",
                "low",
                "central",
                "high",
                "effect at low, %",
                "effect at high, %",
                "basis of the range",
            ],
            &rows,
            2,
        ));
        let _ = writeln!(
            h,
            "<p class=\"note\">Central effect {:+.3}% of GDP; {} paths, seed {}.</p>",
            s.effect_central, s.paths, s.seed
        );
    }

    if let Some(c) = p.comparison {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            esc(lang.pick("Concession mixes", "양보 조합 비교"))
        );
        h.push_str(&inline_svg(
            &c.chart(lang).svg()?,
            "Expected GDP loss against KORUS, cost of the concessions and the net value that ranks the mixes, % of annual GDP over the horizon.",
        ));
        let rows: Vec<Vec<String>> = c
            .mixes
            .iter()
            .map(|x| {
                vec![
                    esc(&x.name),
                    esc(&x.description),
                    format!("{:.1}", x.deal_tariff_pct),
                    format!(
                        "{:.1}–{:.1}",
                        q(&x.tariff_pct_quantiles, "5"),
                        q(&x.tariff_pct_quantiles, "95")
                    ),
                    format!("{:.3}", x.gdp_loss_pct),
                    format!("{:.1}", x.cost_usd_bn),
                    format!("{:.3}", x.cost_pct_gdp),
                    format!("{:.3}", x.net_pct_gdp),
                    format!("{:.0}%", 100.0 * x.p_beats_no_deal),
                ]
            })
            .collect();
        h.push_str(&table(
            &[
                "mix",
                "description",
                "deal tariff %",
                "5–95%",
                "GDP loss, % GDP",
                "cost, USD bn",
                "cost, % GDP",
                "net, % GDP",
                "P(beats no-deal mix)",
            ],
            &rows,
            2,
        ));
        let _ = writeln!(
            h,
            "<p class=\"note\">{} paths per mix, seed {}; net = GDP loss + (1 − P(deal fails)) × cost.</p>",
            c.assumptions.paths_per_grid_point, c.assumptions.seed
        );
    }

    if let Some(o) = p.optimize {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            esc(lang.pick("The concession mix that costs least", "최소 비용 양보 조합"))
        );
        let b = &o.best;
        let rows: Vec<Vec<String>> = b
            .mix
            .iter()
            .map(|(k, v)| {
                vec![
                    esc(k),
                    format!("{v:.3}"),
                    format!("{:.4}", b.costs_pct_gdp.get(k).copied().unwrap_or(0.0)),
                ]
            })
            .collect();
        let _ = writeln!(
            h,
            "<div class=\"cards\">{}{}{}</div>",
            card(
                "deal tariff at the optimum",
                format!("{:.1}%", b.deal_tariff_pct),
                format!(
                    "5–95%: {:.1}–{:.1}% · expected {:.1}%",
                    q(&b.tariff_pct_quantiles, "5"),
                    q(&b.tariff_pct_quantiles, "95"),
                    b.expected_tariff_pct
                )
            ),
            card(
                "expected GDP loss, % of GDP",
                format!("{:.3}", b.gdp_loss_pct),
                format!("Monte Carlo s.e. {:.4}", b.gdp_loss_mc_se)
            ),
            card(
                "cost of the concessions",
                format!("{:.1} USD bn", b.cost_usd_bn),
                format!(
                    "{:.3}% of GDP · P(beats no-deal mix) {:.0}%",
                    b.cost_pct_gdp,
                    100.0 * b.p_beats_no_deal
                )
            ),
        );
        h.push_str(&table(
            &["instrument", "amount (menu units)", "cost, % of GDP"],
            &rows,
            1,
        ));
        h.push_str(&inline_svg(
            &o.frontier_chart(lang).svg()?,
            "The least expected GDP loss for each cost of concessions (epsilon-constraint frontier), with the optimum and the shipped mixes.",
        ));
    }

    // Method and assumptions.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(lang.pick("Method and assumptions", "방법과 가정"))
    );
    let _ = writeln!(
        h,
        "<ul>\n<li><b>Trade</b>: a tariff wedge cuts each sector's exports to the US with the tariff elasticity {:.2} (s.d. {:.2}; {}), partly absorbed by exporters' prices (a terms-of-trade loss counted in real GDI, not in real GDP).</li>\n<li><b>Input-output</b>: the Bank of Korea 2020 input-output table turns lost exports into lost value added by sector (Leontief, domestic flows).</li>\n<li><b>GDP</b>: the baseline is a local mean of real GDP growth with AR(1) deviations, chosen by a pseudo-out-of-sample backtest; shocks are bootstrapped residuals with a crisis tail, and parameter uncertainty is drawn; scenario and comparator share every draw.</li>\n<li><b>Optional channels</b>: {}.</li>\n<li><b>Units</b>: {}.</li>\n{}</ul>",
        m.tariff_elasticity,
        m.tariff_elasticity_sd,
        esc(&m.tariff_elasticity_source),
        if m.channels.iter().any(|c| c.enabled) {
            m.channels
                .iter()
                .filter(|c| c.enabled)
                .map(|c| format!("{} on ({} {}, {})", esc(&c.name), c.value, esc(&c.units), esc(&c.source)))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            format!(
                "off ({})",
                m.channels.iter().map(|c| esc(&c.name)).collect::<Vec<_>>().join(", ")
            )
        },
        esc(m.units),
        m.nowcast
            .as_ref()
            .map(|n| format!("<li><b>Nowcast</b>: {}</li>\n", esc(n)))
            .unwrap_or_default()
    );
    h.push_str("<p class=\"note\">The full method, its references and its limitations are in the README's Method and Limitations sections; every number here is also in <code>headwind forecast --format json</code> with the same seed.</p>\n");

    // Provenance.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        esc(lang.pick("Data and provenance", "자료와 출처"))
    );
    let rows: Vec<Vec<String>> = p
        .data
        .datasets
        .iter()
        .map(|d| {
            vec![
                esc(&d.name),
                esc(&d.span),
                d.rows.to_string(),
                esc(d.source),
                format!("<span class=\"hash\">{}</span>", esc(&d.sha256)),
            ]
        })
        .collect();
    h.push_str(&table(
        &["file", "span", "rows", "source", "SHA-256"],
        &rows,
        5,
    ));
    let specs = vec![
        vec![
            esc(&m.model_spec),
            format!("<span class=\"hash\">{}</span>", esc(&m.model_spec_sha256)),
        ],
        vec![
            esc(&m.scenario_file),
            format!("<span class=\"hash\">{}</span>", esc(&m.scenario_sha256)),
        ],
        vec![
            esc(&m.baseline_file),
            format!("<span class=\"hash\">{}</span>", esc(&m.baseline_sha256)),
        ],
    ];
    h.push_str(&table(&["spec", "SHA-256"], &specs, 2));
    let _ = writeln!(
        h,
        "<p class=\"note\">Data version {} (hash of the dataset files); derivations in data/PROVENANCE.md. Generated by headwind {} — reproducible: the same command, seed and files give the same page.</p>",
        esc(&p.data.meta.data_version),
        esc(m.meta.headwind_version)
    );
    h.push_str("</main>\n</body>\n</html>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&#39;");
    }
}
