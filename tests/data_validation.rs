//! Loading the real data and its identities, and malformed inputs each giving its specific error
//! (file, line, field, what was expected).

use headwind::data::{DataSource, Dataset, FILES};

fn embedded(name: &str) -> String {
    DataSource::Embedded.read(name).unwrap().1
}

/// Load with one file replaced; return the error text (panics if the load succeeds).
fn load_err(name: &str, text: String) -> String {
    match Dataset::load(&DataSource::Memory(vec![(name.to_string(), text)])) {
        Ok(_) => panic!("malformed {name} was accepted"),
        Err(e) => e.to_string(),
    }
}

fn replace_line(text: &str, line_no: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line_no {
                f(l)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn set_cell(text: &str, line_no: usize, col: usize, value: &str) -> String {
    replace_line(text, line_no, |l| {
        let mut cells: Vec<String> = l.split(',').map(String::from).collect();
        cells[col] = value.to_string();
        cells.join(",")
    })
}

#[test]
fn real_data_loads_with_every_identity() {
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    assert_eq!(ds.io.n(), 83);
    ds.io.check_identities("io").unwrap();
    // Published totals (BOK 2020, data/PROVENANCE.md): gross output 4,557.2 trn KRW, value added 2,036.2 trn.
    assert!((ds.io.gross_output.sum() / 1e6 - 4557.2).abs() < 0.1);
    assert!((ds.io.value_added_total().sum() / 1e6 - 2036.2).abs() < 0.1);
    let gdp = ds.macro_q.get("kor_gdp_real_krw_bn").unwrap();
    assert_eq!(ds.macro_q.quarters[0].to_string(), "1960Q1");
    // BOK q/q for 2026Q1 is 1.7% (chained onto the 2025Q4 level).
    let (_, last) = gdp.span();
    let g = gdp.values[last].unwrap() / gdp.values[last - 1].unwrap() - 1.0;
    assert!((g - 0.017).abs() < 1e-6, "{g}");
    assert_eq!(ds.exports_to_us.len(), 83);
    assert!(ds
        .tariffs
        .iter()
        .any(|t| t.measure == "s232_steel_50" && t.code == "27"));
    assert_eq!(ds.elasticities.len(), 43);
    assert_eq!(ds.files.len(), FILES.len());
    assert_eq!(ds.version().len(), 12);
}

#[test]
fn empty_file() {
    let e = load_err("macro_quarterly.csv", String::new());
    assert!(
        e.contains("macro_quarterly.csv:1") && e.contains("empty"),
        "{e}"
    );
}

#[test]
fn header_only_file() {
    let e = load_err(
        "trade_elasticities.csv",
        embedded("trade_elasticities.csv")
            .lines()
            .next()
            .unwrap()
            .to_string(),
    );
    assert!(e.contains("no data rows"), "{e}");
}

#[test]
fn missing_column() {
    let text = embedded("exports_to_us_by_sector.csv").replace("us_share,", "share,");
    let e = load_err("exports_to_us_by_sector.csv", text);
    assert!(
        e.contains("`us_share`") && e.contains("missing column"),
        "{e}"
    );
}

#[test]
fn non_numeric_cell() {
    let text = set_cell(&embedded("io2020_domestic.csv"), 5, 3, "12x");
    let e = load_err("io2020_domestic.csv", text);
    assert!(
        e.contains("io2020_domestic.csv:5")
            && e.contains("`03`")
            && e.contains("expected a number, found `12x`"),
        "{e}"
    );
}

#[test]
fn nan_cell() {
    let text = set_cell(&embedded("io2020_imported.csv"), 10, 4, "NaN");
    let e = load_err("io2020_imported.csv", text);
    assert!(
        e.contains("io2020_imported.csv:10") && e.contains("finite"),
        "{e}"
    );
}

#[test]
fn negative_gross_output() {
    let text = embedded("io2020_inputs.csv");
    let line = text.lines().position(|l| l.starts_with("9790")).unwrap() + 1;
    let e = load_err("io2020_inputs.csv", set_cell(&text, line, 7, "-5"));
    assert!(
        e.contains(&format!("io2020_inputs.csv:{line}"))
            && e.contains("`07`")
            && e.contains("positive"),
        "{e}"
    );
}

#[test]
fn duplicated_sector_code() {
    let text = set_cell(&embedded("io2020_sectors.csv"), 4, 0, "02");
    let e = load_err("io2020_sectors.csv", text);
    assert!(
        e.contains("io2020_sectors.csv:4") && e.contains("duplicated sector code `02`"),
        "{e}"
    );
}

#[test]
fn unknown_sector_code_in_sector_file() {
    let text = set_cell(&embedded("trade_elasticities.csv"), 3, 0, "99");
    let e = load_err("trade_elasticities.csv", text);
    assert!(
        e.contains("trade_elasticities.csv:3") && e.contains("unknown sector code `99`"),
        "{e}"
    );
}

#[test]
fn unknown_sector_row_in_flow_table() {
    let text = set_cell(&embedded("io2020_domestic.csv"), 3, 0, "X9");
    let e = load_err("io2020_domestic.csv", text);
    assert!(
        e.contains("io2020_domestic.csv:3") && e.contains("unknown sector code `X9`"),
        "{e}"
    );
}

#[test]
fn bad_quarter_label() {
    let text = set_cell(&embedded("macro_quarterly.csv"), 3, 0, "1960Q5");
    let e = load_err("macro_quarterly.csv", text);
    assert!(
        e.contains("macro_quarterly.csv:3") && e.contains("1960Q5"),
        "{e}"
    );
}

#[test]
fn gap_in_quarters() {
    let text = embedded("macro_quarterly.csv");
    let without: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 10)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let e = load_err("macro_quarterly.csv", without);
    assert!(e.contains("gap in the quarters"), "{e}");
}

#[test]
fn gap_inside_a_series() {
    // Line 200 is inside every series' span for kor_gdp_real_krw_bn (column 1).
    let text = set_cell(&embedded("macro_quarterly.csv"), 200, 1, "");
    let e = load_err("macro_quarterly.csv", text);
    assert!(
        e.contains("macro_quarterly.csv:200")
            && e.contains("kor_gdp_real_krw_bn")
            && e.contains("gap"),
        "{e}"
    );
}

#[test]
fn duplicated_quarter() {
    let text = set_cell(&embedded("macro_quarterly.csv"), 3, 0, "1960Q1");
    let e = load_err("macro_quarterly.csv", text);
    assert!(e.contains("duplicated quarter"), "{e}");
}

#[test]
fn unbalanced_table() {
    // Add 1,000 (million KRW) to one domestic flow: the row and column identities of sector 05 break.
    let text = embedded("io2020_domestic.csv");
    let cell: f64 = text
        .lines()
        .nth(5)
        .unwrap()
        .split(',')
        .nth(5)
        .unwrap()
        .parse()
        .unwrap();
    let e = load_err(
        "io2020_domestic.csv",
        set_cell(&text, 6, 5, &format!("{}", cell + 1000.0)),
    );
    assert!(
        e.contains("unbalanced table") && e.contains("sector 05"),
        "{e}"
    );
}

#[test]
fn truncated_row() {
    let text = replace_line(&embedded("tariff_measures.csv"), 4, |l| {
        l.split(',').take(3).collect::<Vec<_>>().join(",")
    });
    let e = load_err("tariff_measures.csv", text);
    assert!(
        e.contains("tariff_measures.csv:4") && e.contains("fields"),
        "{e}"
    );
}

#[test]
fn tariff_rate_out_of_range() {
    let text = set_cell(&embedded("tariff_measures.csv"), 2, 3, "900");
    let e = load_err("tariff_measures.csv", text);
    assert!(
        e.contains("tariff_measures.csv:2") && e.contains("`rate_pct`") && e.contains("[0, 500]"),
        "{e}"
    );
}

#[test]
fn share_above_one() {
    let text = set_cell(&embedded("exports_to_us_by_sector.csv"), 5, 3, "1.5");
    let e = load_err("exports_to_us_by_sector.csv", text);
    assert!(e.contains(":5") && e.contains("`us_share`"), "{e}");
}

#[test]
fn bad_date() {
    let text = set_cell(&embedded("tariff_measures.csv"), 2, 1, "2025-13-01");
    let e = load_err("tariff_measures.csv", text);
    assert!(e.contains("`effective`") && e.contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn crlf_and_utf8_bom_are_accepted() {
    let files: Vec<(String, String)> = FILES
        .iter()
        .map(|n| {
            (
                n.to_string(),
                format!("\u{feff}{}", embedded(n).replace('\n', "\r\n")),
            )
        })
        .collect();
    let a = Dataset::load(&DataSource::Memory(files)).unwrap();
    let b = Dataset::load(&DataSource::Embedded).unwrap();
    assert_eq!(a.io.z_domestic, b.io.z_domestic);
    assert_eq!(a.macro_q.quarters, b.macro_q.quarters);
}

#[test]
fn missing_directory_file_is_a_read_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = Dataset::load(&DataSource::Dir(dir.path().to_path_buf())).unwrap_err();
    assert!(
        e.to_string().contains("io2020_sectors.csv") && e.exit_code() == 5,
        "{e}"
    );
}

#[test]
fn exposure_in_the_base_year_totals_the_customs_figure() {
    // Issue #14: goods exports to the US in 2024 (current USD) within 5% of MOTIE's customs 127.8
    // USD bn; the model's exposure is that volume at 2020 prices.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/exports_to_us_by_sector.csv"
    ))
    .unwrap();
    let mut rdr = text.lines();
    let header: Vec<&str> = rdr.next().unwrap().split(',').collect();
    let (kind, v24) = (
        header.iter().position(|h| *h == "kind").unwrap(),
        header
            .iter()
            .position(|h| *h == "exports_to_us_usd_bn_2024")
            .unwrap(),
    );
    let goods: f64 = rdr
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r[kind] == "goods")
        .map(|r| r[v24].parse::<f64>().unwrap())
        .sum();
    assert!((goods / 127.8 - 1.0).abs() < 0.05, "{goods}");
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    let usd: f64 = ds
        .exports_to_us
        .iter()
        .map(|e| e.exports_to_us_usd_bn)
        .sum();
    assert!((100.0..140.0).contains(&usd), "{usd}");
}

#[test]
fn the_data_version_and_the_recorded_hashes_are_the_sha256_of_the_files() {
    use sha2::{Digest, Sha256};
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Version: the first 12 hex digits of SHA-256 over (name, hex SHA-256 of the file) in FILES order.
    let mut h = Sha256::new();
    for name in headwind::data::FILES {
        let text = std::fs::read(root.join("data").join(name)).unwrap();
        h.update(name.as_bytes());
        h.update(hex(&Sha256::digest(&text)).as_bytes());
    }
    let want = hex(&h.finalize())[..12].to_string();
    let ds = Dataset::load(&DataSource::Embedded).unwrap();
    assert_eq!(ds.version(), want);
    // One changed byte in one file changes it.
    let tmp = tempfile::tempdir().unwrap();
    for name in headwind::data::FILES {
        std::fs::copy(root.join("data").join(name), tmp.path().join(name)).unwrap();
    }
    let p = tmp.path().join("us_deals_2025.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("15", "16", 1)).unwrap();
    let other = Dataset::load(&DataSource::Dir(tmp.path().to_path_buf())).unwrap();
    assert_ne!(other.version(), want);
    // A forecast records the SHA-256 of the model spec and of the scenario file it read.
    let wb = headwind::workbench::Workbench::embedded().unwrap();
    let f = wb
        .forecast(
            &headwind::workbench::ForecastRequest {
                paths: 100,
                ..Default::default()
            },
            &|_| {},
        )
        .unwrap();
    let spec = std::fs::read(root.join("models/model.toml")).unwrap();
    assert_eq!(f.meta.model_spec_sha256, hex(&Sha256::digest(&spec)));
    let sc = std::fs::read(root.join("models/scenarios/deal-15.toml")).unwrap();
    assert_eq!(f.meta.scenario_sha256, hex(&Sha256::digest(&sc)));
    assert_eq!(f.meta.meta.data_version, want);
}

/// README facts read off the shipped GDP series (`kor_gdp_real_krw_bn`, growth 100·Δln): 13 of the 172
/// quarters from 1982Q1 to 2024Q4 were negative (7.6%, the nowcast section's historical frequency), and
/// four of the last twenty quarters to 2026Q1 (2022Q4, 2024Q2, 2025Q1, 2025Q4; the worked example).
#[test]
fn the_readme_s_counts_of_negative_quarters_are_the_data_s() {
    let text = embedded("macro_quarterly.csv");
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "kor_gdp_real_krw_bn")
        .unwrap();
    let levels: Vec<(String, f64)> = rdr
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !r[col].is_empty())
        .map(|r| (r[0].to_string(), r[col].parse::<f64>().unwrap()))
        .collect();
    let growth: Vec<(String, f64)> = levels
        .windows(2)
        .map(|w| (w[1].0.clone(), 100.0 * (w[1].1 / w[0].1).ln()))
        .collect();
    let span: Vec<&(String, f64)> = growth
        .iter()
        .filter(|(q, _)| q.as_str() >= "1982Q1" && q.as_str() <= "2024Q4")
        .collect();
    assert_eq!(span.len(), 172);
    assert_eq!(span.iter().filter(|(_, g)| *g < 0.0).count(), 13);
    let last20 = &growth[growth.len() - 20..];
    assert_eq!(last20.last().unwrap().0, "2026Q1");
    let negative: Vec<&str> = last20
        .iter()
        .filter(|(_, g)| *g < 0.0)
        .map(|(q, _)| q.as_str())
        .collect();
    assert_eq!(negative, ["2022Q4", "2024Q2", "2025Q1", "2025Q4"]);
}

#[test]
fn data_files_are_read_up_to_the_64_mib_cap_and_refused_beyond_it() {
    // The README's 64 MiB cap (Reliability, round two): a file of 64 MiB is read whole, one byte more
    // is an input error naming the size and the cap (sparse files: nothing is written to disk).
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("macro_quarterly.csv");
    let cap: u64 = 64 * 1024 * 1024;
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(cap).unwrap();
    assert_eq!(headwind::data::read_text(&p).unwrap().len() as u64, cap);
    f.set_len(cap + 1).unwrap();
    let e = headwind::data::read_text(&p).unwrap_err().to_string();
    assert!(
        e.contains("macro_quarterly.csv")
            && e.contains(&format!(
                "file is {} bytes, more than the {cap} accepted",
                cap + 1
            )),
        "{e}"
    );
}
