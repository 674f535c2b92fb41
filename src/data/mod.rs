//! Typed, validated datasets: the Bank of Korea IO table, quarterly macro series, exports to the US by
//! sector, the US tariff timeline and trade elasticities. The default files in `data/` are embedded in
//! the binary; `--data DIR` loads a user's own copies, validated the same way.
//!
//! Not for: model parameters or scenarios (those are TOML specs in `models/`).

mod csvutil;
mod io_table;
mod monthly;
mod quarterly;
mod report;
mod sector_data;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use io_table::{IoTable, Sector, FINAL_DEMAND, VALUE_ADDED};
pub use monthly::{Month, MonthlyTable};
pub use quarterly::{Quarter, QuarterlyTable, Series};
pub use report::{Checks, DataReport, Entry};
pub use sector_data::{Deal, DutyFigure, Elasticity, SectorExports, TariffCoverage, ValueChain};

use crate::error::{Error, Result};

/// File names of the datasets, in load order.
pub const FILES: [&str; 14] = [
    "io2020_sectors.csv",
    "io2020_domestic.csv",
    "io2020_imported.csv",
    "io2020_inputs.csv",
    "macro_quarterly.csv",
    "exports_to_us_by_sector.csv",
    "tariff_measures.csv",
    "trade_elasticities.csv",
    "us_deals_2025.csv",
    "macro_monthly.csv",
    "monthly_release_lags.csv",
    "korean_va_in_partner_exports_to_us.csv",
    "us_duties_korea.csv",
    "korea_us_reinvestment.csv",
];

const EMBEDDED: [(&str, &str); 14] = [
    (
        "io2020_sectors.csv",
        include_str!("../../data/io2020_sectors.csv"),
    ),
    (
        "io2020_domestic.csv",
        include_str!("../../data/io2020_domestic.csv"),
    ),
    (
        "io2020_imported.csv",
        include_str!("../../data/io2020_imported.csv"),
    ),
    (
        "io2020_inputs.csv",
        include_str!("../../data/io2020_inputs.csv"),
    ),
    (
        "macro_quarterly.csv",
        include_str!("../../data/macro_quarterly.csv"),
    ),
    (
        "exports_to_us_by_sector.csv",
        include_str!("../../data/exports_to_us_by_sector.csv"),
    ),
    (
        "tariff_measures.csv",
        include_str!("../../data/tariff_measures.csv"),
    ),
    (
        "trade_elasticities.csv",
        include_str!("../../data/trade_elasticities.csv"),
    ),
    (
        "us_deals_2025.csv",
        include_str!("../../data/us_deals_2025.csv"),
    ),
    (
        "macro_monthly.csv",
        include_str!("../../data/macro_monthly.csv"),
    ),
    (
        "monthly_release_lags.csv",
        include_str!("../../data/monthly_release_lags.csv"),
    ),
    (
        "korean_va_in_partner_exports_to_us.csv",
        include_str!("../../data/korean_va_in_partner_exports_to_us.csv"),
    ),
    (
        "us_duties_korea.csv",
        include_str!("../../data/us_duties_korea.csv"),
    ),
    (
        "korea_us_reinvestment.csv",
        include_str!("../../data/korea_us_reinvestment.csv"),
    ),
];

/// Where the dataset files come from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// The files embedded in the binary at build time (a copy of `data/`).
    Embedded,
    /// A directory holding files with the names in [`FILES`].
    Dir(PathBuf),
    /// In-memory files (name, contents); missing names fall back to the embedded copy. For tests and tools.
    Memory(Vec<(String, String)>),
}

impl DataSource {
    /// Read one file: returns (label used in error messages, contents).
    pub fn read(&self, name: &str) -> Result<(String, String)> {
        let embedded = || {
            let text = EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string());
            text.map(|t| (format!("embedded:data/{name}"), t))
                .ok_or_else(|| Error::Request(format!("no embedded data file `{name}`")))
        };
        match self {
            DataSource::Embedded => embedded(),
            DataSource::Memory(files) => match files.iter().find(|(n, _)| n == name) {
                Some((n, t)) => Ok((n.clone(), t.clone())),
                None => embedded(),
            },
            DataSource::Dir(dir) => {
                let path = dir.join(name);
                read_text(&path).map(|t| (path.display().to_string(), t))
            }
        }
    }
}

/// Read a text file with a size limit and a clear error for non-UTF-8 content. Only regular files
/// (or links to them) are read, and never more than the limit plus one byte: a FIFO, a device such
/// as /dev/zero or a directory is an input error, not a hang or an exhausted memory.
pub fn read_text(path: &Path) -> Result<String> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(Error::data(
            &path.display().to_string(),
            None,
            "",
            "not a regular file (a directory, FIFO, socket or device): give a text file",
        ));
    }
    let cap = csvutil::MAX_FILE_BYTES;
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(cap) + 1);
    std::fs::File::open(path)
        .map_err(read_err)?
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() > cap {
        return Err(Error::data(
            &path.display().to_string(),
            None,
            "",
            format!(
                "file is {} bytes, more than the {} accepted",
                meta.len().max(bytes.len() as u64),
                cap
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        Error::data(
            &path.display().to_string(),
            Some(line),
            "",
            "file is not valid UTF-8 text",
        )
    })
}

/// One loaded file: name, label, data rows and SHA-256 of its contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileInfo {
    /// File name (one of [`FILES`]).
    pub name: String,
    /// Where it was read from (path or `embedded:data/NAME`).
    pub origin: String,
    /// Number of non-empty lines after the header.
    pub rows: usize,
    /// Hex SHA-256 of the file contents.
    pub sha256: String,
}

/// All datasets, loaded and validated.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The 2020 IO table.
    pub io: IoTable,
    /// Quarterly macro series.
    pub macro_q: QuarterlyTable,
    /// Exports to the US by IO sector.
    pub exports_to_us: Vec<SectorExports>,
    /// US tariff measures on Korean goods by IO sector.
    pub tariffs: Vec<TariffCoverage>,
    /// Trade elasticities by IO goods sector.
    pub elasticities: Vec<Elasticity>,
    /// The 2025 US bilateral deals (calibration of the US response).
    pub deals: Vec<Deal>,
    /// Monthly indicators and their publication lags (the nowcast).
    pub monthly: MonthlyTable,
    /// Korean value added in partners' exports to the US (value chains through third countries).
    pub value_chains: Vec<ValueChain>,
    /// Partners with value-chain data in the latest year (ISO3, `OTHER` = the rest; not `ALL`).
    pub partners: Vec<String>,
    /// Published US duties collected on Korean goods (the effective-rate reconciliation).
    pub duties: Vec<DutyFigure>,
    /// Published figures on Korea's FDI in the US and its US goods surplus (the reinvestment
    /// argument; same columns as `us_duties_korea.csv`).
    pub reinvestment: Vec<DutyFigure>,
    /// The files read, with hashes.
    pub files: Vec<FileInfo>,
    /// The quarter the data were cut at ([`Dataset::as_of`]), if any.
    pub as_of: Option<Quarter>,
    /// The month of the information set when the cut was made as of a month (nowcasts).
    pub as_of_month: Option<Month>,
}

impl Dataset {
    /// Load and validate every dataset from `source`.
    pub fn load(source: &DataSource) -> Result<Dataset> {
        let mut texts = Vec::with_capacity(FILES.len());
        let mut files = Vec::with_capacity(FILES.len());
        for name in FILES {
            let (origin, text) = source.read(name)?;
            let rows = text
                .lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .count();
            files.push(FileInfo {
                name: name.to_string(),
                origin: origin.clone(),
                rows,
                sha256: hex(&Sha256::digest(text.as_bytes())),
            });
            texts.push((origin, text));
        }
        let f = |k: usize| (texts[k].0.as_str(), texts[k].1.as_str());
        let io = io_table::parse_io(f(0), f(1), f(2), f(3))?;
        let macro_q = quarterly::parse_quarterly(f(4).0, f(4).1)?;
        let exports_to_us = sector_data::parse_exports(f(5).0, f(5).1, &io.sectors)?;
        let tariffs = sector_data::parse_tariffs(f(6).0, f(6).1, &io.sectors)?;
        let elasticities = sector_data::parse_elasticities(f(7).0, f(7).1, &io.sectors)?;
        let deals = sector_data::parse_deals(f(8).0, f(8).1)?;
        let monthly = monthly::parse_monthly(f(9).0, f(9).1, f(10).0, f(10).1)?;
        let value_chains = sector_data::parse_value_chains(f(11).0, f(11).1)?;
        let duties = sector_data::parse_duties(f(12).0, f(12).1)?;
        let reinvestment = sector_data::parse_duties(f(13).0, f(13).1)?;
        let latest = value_chains.iter().map(|v| v.year).max().unwrap_or(0);
        let mut partners: Vec<String> = value_chains
            .iter()
            .filter(|v| v.year == latest && v.partner != "ALL")
            .map(|v| v.partner.clone())
            .collect();
        partners.sort();
        partners.dedup();
        Ok(Dataset {
            io,
            macro_q,
            exports_to_us,
            tariffs,
            elasticities,
            deals,
            monthly,
            value_chains,
            partners,
            duties,
            reinvestment,
            files,
            as_of: None,
            as_of_month: None,
        })
    }

    /// The data as they stood at the end of quarter `q`: every quarterly series cut after `q`. The
    /// tariff record keeps every measure, because scenarios take their coverage from it; what was in
    /// force is read by date ([`crate::forecast::Scenario::status_quo`] takes only measures effective
    /// by the quarter's last day and ignores later end dates; the export equation's tariff history
    /// ends at `q`). The IO table, the sector trade shares, the elasticity priors and the 2025 deals
    /// are structural inputs and stay. The data version is unchanged; the output metadata record
    /// the cut.
    pub fn as_of(&self, q: Quarter) -> Result<Dataset> {
        let qs = &self.macro_q.quarters;
        let (Some(first), Some(last)) = (qs.first(), qs.last()) else {
            return Err(Error::Request("the quarterly data are empty".into()));
        };
        if q < *first || q > *last {
            return Err(Error::Request(format!(
                "--as-of {q} is outside the quarterly data ({first}..{last})"
            )));
        }
        let keep = qs.iter().take_while(|x| **x <= q).count();
        let mut ds = self.clone();
        ds.macro_q.quarters.truncate(keep);
        for s in ds.macro_q.series.iter_mut() {
            s.values.truncate(keep);
        }
        ds.as_of = Some(q);
        Ok(ds)
    }

    /// Short data version: first 12 hex digits of the SHA-256 over all file hashes, in [`FILES`] order.
    pub fn version(&self) -> String {
        let mut h = Sha256::new();
        for f in &self.files {
            h.update(f.name.as_bytes());
            h.update(f.sha256.as_bytes());
        }
        hex(&h.finalize())[..12].to_string()
    }
}

/// Lower-case hex of a byte slice.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
