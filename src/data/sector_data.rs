//! Sector-level datasets keyed by IO sector code: exports to the US, US tariff measures and trade
//! elasticities. Every code must exist in the IO codebook.

use super::csvutil::{parse_csv, CsvTable};
use super::io_table::Sector;
use crate::error::Result;

/// Korea's exports to the US by IO sector, base year 2020 (`exports_to_us_by_sector.csv`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectorExports {
    /// IO sector code.
    pub code: String,
    /// Exports of domestic products, all destinations, KRW bn (2020 IO table).
    pub exports_total_krw_bn: f64,
    /// Share of the sector's exports going to the US (0..1).
    pub us_share: f64,
    /// Exports to the US, KRW bn at 2020 prices.
    pub exports_to_us_krw_bn: f64,
    /// Exports to the US, USD bn at the 2020 average KRW/USD rate.
    pub exports_to_us_usd_bn: f64,
    /// Whether `us_share` is published or a labelled assumption (text from the file).
    pub us_share_basis: String,
    /// Exports to the US in the exposure year, current USD bn (column `exports_to_us_usd_bn_2024`,
    /// optional).
    pub exports_to_us_usd_bn_2024: Option<f64>,
    /// `goods` or `services` (column `kind`, optional).
    pub kind: Option<String>,
}

/// One (measure, sector) row of the US tariff timeline (`tariff_measures.csv`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TariffCoverage {
    /// Measure identifier, e.g. `s232_steel_50`.
    pub measure: String,
    /// Effective date (YYYY-MM-DD).
    pub effective: String,
    /// Last day in force (YYYY-MM-DD), empty if still in force.
    pub end: String,
    /// Rate, % ad valorem.
    pub rate_pct: f64,
    /// `additional` (stacks on MFN/KORUS) or `all_in` (replaces other duties).
    pub kind: String,
    /// IO sector code.
    pub code: String,
    /// Share of the sector's US-bound exports covered (0..1).
    pub coverage_share: f64,
}

/// Trade elasticity prior for one IO goods sector (`trade_elasticities.csv`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Elasticity {
    /// IO sector code.
    pub code: String,
    /// Central trade elasticity (positive: % fall in trade per % rise in tariff-inclusive price).
    pub elasticity: f64,
    /// Standard deviation stated for Monte Carlo draws.
    pub elasticity_sd: f64,
    /// Caliendo-Parro (2015) theta of the mapped ISIC sector.
    pub cp_theta: f64,
    /// Source of the central value.
    pub source: String,
}

fn check_code(t: &CsvTable, line: usize, code: &str, sectors: &[Sector]) -> Result<()> {
    if sectors.iter().any(|s| s.code == code) {
        Ok(())
    } else {
        Err(t.err(
            line,
            "code",
            format!("unknown sector code `{code}` (not in io2020_sectors.csv)"),
        ))
    }
}

fn check_date(t: &CsvTable, line: usize, field: &str, s: &str) -> Result<()> {
    let ok = s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..7]
            .parse::<u32>()
            .map(|m| (1..=12).contains(&m))
            .unwrap_or(false)
        && s[8..]
            .parse::<u32>()
            .map(|d| (1..=31).contains(&d))
            .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(t.err(
            line,
            field,
            format!("expected a date YYYY-MM-DD, found `{s}`"),
        ))
    }
}

pub(crate) fn parse_exports(
    file: &str,
    text: &str,
    sectors: &[Sector],
) -> Result<Vec<SectorExports>> {
    let t = parse_csv(file, text)?;
    let (c, tot, sh, krw, usd, basis) = (
        t.col("code")?,
        t.col("exports_total_krw_bn_2020")?,
        t.col("us_share")?,
        t.col("exports_to_us_krw_bn_2020")?,
        t.col("exports_to_us_usd_bn_2020")?,
        t.col("us_share_basis")?,
    );
    let v24 = t
        .header
        .iter()
        .position(|h| h == "exports_to_us_usd_bn_2024");
    let kind = t.header.iter().position(|h| h == "kind");
    let mut out: Vec<SectorExports> = Vec::new();
    for (line, r) in &t.rows {
        check_code(&t, *line, &r[c], sectors)?;
        if out.iter().any(|e| e.code == r[c]) {
            return Err(t.err(*line, "code", format!("duplicated sector `{}`", r[c])));
        }
        out.push(SectorExports {
            code: r[c].clone(),
            exports_total_krw_bn: t.num_in(
                *line,
                "exports_total_krw_bn_2020",
                &r[tot],
                0.0,
                f64::MAX,
            )?,
            us_share: t.num_in(*line, "us_share", &r[sh], 0.0, 1.0)?,
            exports_to_us_krw_bn: t.num_in(
                *line,
                "exports_to_us_krw_bn_2020",
                &r[krw],
                0.0,
                f64::MAX,
            )?,
            exports_to_us_usd_bn: t.num_in(
                *line,
                "exports_to_us_usd_bn_2020",
                &r[usd],
                0.0,
                f64::MAX,
            )?,
            us_share_basis: r[basis].clone(),
            exports_to_us_usd_bn_2024: v24
                .map(|i| t.num_in(*line, "exports_to_us_usd_bn_2024", &r[i], 0.0, f64::MAX))
                .transpose()?,
            kind: kind.map(|i| r[i].clone()),
        });
    }
    if let Some(s) = sectors
        .iter()
        .find(|s| !out.iter().any(|e| e.code == s.code))
    {
        return Err(crate::error::Error::data(
            file,
            None,
            "code",
            format!("sector `{}` has no row", s.code),
        ));
    }
    Ok(out)
}

pub(crate) fn parse_tariffs(
    file: &str,
    text: &str,
    sectors: &[Sector],
) -> Result<Vec<TariffCoverage>> {
    let t = parse_csv(file, text)?;
    let cols = [
        "measure",
        "effective",
        "end",
        "rate_pct",
        "kind",
        "code",
        "coverage_share",
    ]
    .map(|n| t.col(n))
    .into_iter()
    .collect::<Result<Vec<usize>>>()?;
    let mut out: Vec<TariffCoverage> = Vec::new();
    for (line, r) in &t.rows {
        let g = |k: usize| r[cols[k]].as_str();
        if g(0).is_empty() {
            return Err(t.err(*line, "measure", "empty measure identifier"));
        }
        check_date(&t, *line, "effective", g(1))?;
        if !g(2).is_empty() {
            check_date(&t, *line, "end", g(2))?;
            if g(2) < g(1) {
                return Err(t.err(
                    *line,
                    "end",
                    format!("end {} is before effective {}", g(2), g(1)),
                ));
            }
        }
        if !matches!(g(4), "additional" | "all_in") {
            return Err(t.err(
                *line,
                "kind",
                format!("expected `additional` or `all_in`, found `{}`", g(4)),
            ));
        }
        check_code(&t, *line, g(5), sectors)?;
        if out.iter().any(|m| m.measure == g(0) && m.code == g(5)) {
            return Err(t.err(
                *line,
                "code",
                format!(
                    "duplicated row for measure `{}` and sector `{}`",
                    g(0),
                    g(5)
                ),
            ));
        }
        out.push(TariffCoverage {
            measure: g(0).to_string(),
            effective: g(1).to_string(),
            end: g(2).to_string(),
            rate_pct: t.num_in(*line, "rate_pct", g(3), 0.0, 500.0)?,
            kind: g(4).to_string(),
            code: g(5).to_string(),
            coverage_share: t.num_in(*line, "coverage_share", g(6), 0.0, 1.0)?,
        });
    }
    Ok(out)
}

pub(crate) fn parse_elasticities(
    file: &str,
    text: &str,
    sectors: &[Sector],
) -> Result<Vec<Elasticity>> {
    let t = parse_csv(file, text)?;
    let (c, e, sd, cp, src) = (
        t.col("code")?,
        t.col("elasticity")?,
        t.col("elasticity_sd")?,
        t.col("cp_theta")?,
        t.col("source")?,
    );
    let mut out: Vec<Elasticity> = Vec::new();
    for (line, r) in &t.rows {
        check_code(&t, *line, &r[c], sectors)?;
        if out.iter().any(|x| x.code == r[c]) {
            return Err(t.err(*line, "code", format!("duplicated sector `{}`", r[c])));
        }
        out.push(Elasticity {
            code: r[c].clone(),
            elasticity: t.num_in(*line, "elasticity", &r[e], 0.0, 1000.0)?,
            elasticity_sd: t.num_in(*line, "elasticity_sd", &r[sd], 0.0, 1000.0)?,
            cp_theta: t.num_in(*line, "cp_theta", &r[cp], 0.0, 1000.0)?,
            source: r[src].clone(),
        });
    }
    Ok(out)
}

/// One 2025 US bilateral deal (`us_deals_2025.csv`); amounts in USD bn, rates in %.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Deal {
    /// Partner.
    pub partner: String,
    /// Rate announced on 2 April 2025.
    pub april_rate_pct: f64,
    /// Rate agreed in the deal.
    pub deal_rate_pct: f64,
    /// Investment pledge (0 if none).
    pub investment_usd_bn: f64,
    /// Purchase pledge (0 if none).
    pub purchases_usd_bn: f64,
    /// Period of the purchase pledge in years, if stated.
    pub purchase_years: Option<f64>,
    /// US goods imports from the partner, 2024 (None if not found).
    pub us_imports_usd_bn: Option<f64>,
    /// US goods exports to the partner, 2024.
    pub us_exports_usd_bn: Option<f64>,
}

pub(crate) fn parse_deals(file: &str, text: &str) -> Result<Vec<Deal>> {
    let t = parse_csv(file, text)?;
    let c = [
        "partner",
        "april_rate_pct",
        "deal_rate_pct",
        "investment_usd_bn",
        "purchases_usd_bn",
        "purchase_years",
        "us_imports_usd_bn",
        "us_exports_usd_bn",
    ]
    .map(|n| t.col(n))
    .into_iter()
    .collect::<Result<Vec<usize>>>()?;
    let mut out: Vec<Deal> = Vec::new();
    for (line, r) in &t.rows {
        let opt = |k: usize, name: &str| -> Result<Option<f64>> {
            match t.opt_num(*line, name, &r[c[k]])? {
                Some(v) if v < 0.0 => Err(t.err(
                    *line,
                    name,
                    format!("expected a non-negative amount, found {v}"),
                )),
                v => Ok(v),
            }
        };
        if r[c[0]].is_empty() || out.iter().any(|d| d.partner == r[c[0]]) {
            return Err(t.err(
                *line,
                "partner",
                format!("empty or duplicated partner `{}`", r[c[0]]),
            ));
        }
        out.push(Deal {
            partner: r[c[0]].clone(),
            april_rate_pct: t.num_in(*line, "april_rate_pct", &r[c[1]], 0.0, 500.0)?,
            deal_rate_pct: t.num_in(*line, "deal_rate_pct", &r[c[2]], 0.0, 500.0)?,
            investment_usd_bn: opt(3, "investment_usd_bn")?.unwrap_or(0.0),
            purchases_usd_bn: opt(4, "purchases_usd_bn")?.unwrap_or(0.0),
            purchase_years: opt(5, "purchase_years")?,
            us_imports_usd_bn: opt(6, "us_imports_usd_bn")?,
            us_exports_usd_bn: opt(7, "us_exports_usd_bn")?,
        });
    }
    Ok(out)
}

/// Korean value added embodied in a partner's exports to the US, by Korean sector group
/// (`korean_va_in_partner_exports_to_us.csv`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ValueChain {
    /// Partner (ISO3; `OTHER` all other countries; `ALL` the total).
    pub partner: String,
    /// Korean sector group (the file's own value-chain groups).
    pub korean_sector: String,
    /// Year.
    pub year: i32,
    /// Korean value added embodied, USD bn (current).
    pub va_usd_bn: f64,
    /// Of which in Korean inputs bought directly by the partner's industries.
    pub direct_usd_bn: f64,
    /// Of which through third countries' inputs.
    pub indirect_usd_bn: f64,
    /// The partner's total exports to the US that year, USD bn.
    pub partner_exports_to_us_usd_bn: f64,
}

pub(crate) fn parse_value_chains(file: &str, text: &str) -> Result<Vec<ValueChain>> {
    let t = parse_csv(file, text)?;
    let c = |n: &str| t.col(n);
    let (p, k, y, va, d, i, pe) = (
        c("partner")?,
        c("korean_sector")?,
        c("year")?,
        c("va_usd_bn")?,
        c("direct_usd_bn")?,
        c("indirect_usd_bn")?,
        c("partner_exports_to_us_usd_bn")?,
    );
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let year = t.num_in(*line, "year", &r[y], 1990.0, 2100.0)?;
        let row = ValueChain {
            partner: r[p].clone(),
            korean_sector: r[k].clone(),
            year: year as i32,
            va_usd_bn: t.num_in(*line, "va_usd_bn", &r[va], 0.0, 1e4)?,
            direct_usd_bn: t.num_in(*line, "direct_usd_bn", &r[d], 0.0, 1e4)?,
            indirect_usd_bn: t.num_in(*line, "indirect_usd_bn", &r[i], 0.0, 1e4)?,
            partner_exports_to_us_usd_bn: t.num_in(
                *line,
                "partner_exports_to_us_usd_bn",
                &r[pe],
                0.0,
                1e5,
            )?,
        };
        if (row.direct_usd_bn + row.indirect_usd_bn - row.va_usd_bn).abs()
            > 1e-4 * row.va_usd_bn.max(1.0)
        {
            return Err(t.err(*line, "va_usd_bn", "direct + indirect must equal the total"));
        }
        if r[p].len() < 3 || r[k].is_empty() {
            return Err(t.err(*line, "partner", "expected an ISO3 code and a sector group"));
        }
        out.push(row);
    }
    Ok(out)
}

/// One published figure (`us_duties_korea.csv`: US duties collected on Korean goods;
/// `korea_us_reinvestment.csv`: Korea's FDI in the US and its US surplus).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DutyFigure {
    /// Period (`YYYYQn`).
    pub period: String,
    /// What it measures.
    pub measure: String,
    /// Value.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// Publisher and page.
    pub source: String,
}

pub(crate) fn parse_duties(file: &str, text: &str) -> Result<Vec<DutyFigure>> {
    let t = parse_csv(file, text)?;
    let (p, m, v, u, s) = (
        t.col("period")?,
        t.col("measure")?,
        t.col("value")?,
        t.col("unit")?,
        t.col("source")?,
    );
    t.rows
        .iter()
        .map(|(line, r)| {
            Ok(DutyFigure {
                period: r[p].clone(),
                measure: r[m].clone(),
                value: t.num_in(*line, "value", &r[v], 0.0, 1e6)?,
                unit: r[u].clone(),
                source: r[s].clone(),
            })
        })
        .collect()
}
