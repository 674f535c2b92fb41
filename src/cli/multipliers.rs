//! `headwind multipliers`: per-sector multipliers and linkages, and final-demand inducement coefficients.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{emit, to_json, Context, Format, Meta};
use crate::error::{Error, Result};
use crate::io::{Concordance, Leontief};
use crate::models;
use crate::report::{Align, Table};

/// Options of the command.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--aggregate FILE|NAME`.
    pub aggregate: Option<String>,
    /// `--top N`.
    pub top: Option<usize>,
    /// `--type2`.
    pub type2: bool,
    /// `--format`.
    pub format: Format,
    /// `--output PATH`.
    pub output: Option<PathBuf>,
}

/// One sector's row of the JSON `sectors` array (keys are a stable contract).
#[derive(serde::Serialize)]
pub struct SectorRow {
    code: String,
    name: String,
    output_multiplier: f64,
    va_multiplier: f64,
    import_multiplier: f64,
    power_of_dispersion: f64,
    sensitivity_of_dispersion: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    type2_output_multiplier: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type2_va_multiplier: Option<f64>,
}

/// Inducement coefficients of one final-demand item.
#[derive(serde::Serialize)]
pub struct Coefficients {
    output: f64,
    value_added: f64,
    imports: f64,
}

#[derive(serde::Serialize)]
struct MetaOut {
    #[serde(flatten)]
    meta: Meta,
    aggregation: Option<String>,
    sectors_in_model: usize,
    type2: bool,
}

#[derive(serde::Serialize)]
struct Out {
    meta: MetaOut,
    sectors: Vec<SectorRow>,
    inducement: BTreeMap<String, Coefficients>,
}

/// Run the command.
pub fn run(ctx: &Context, opt: &Options) -> Result<()> {
    let ds = ctx.load()?;
    let (table, aggregation) = match &opt.aggregate {
        Some(arg) => {
            let (label, text) = models::resolve(arg, ctx.models_dir.as_deref())?;
            let conc = Concordance::parse(&label, &text, &ds.io.sectors)?;
            (conc.aggregate(&ds.io)?, Some(label))
        }
        None => (ds.io.clone(), None),
    };
    if opt.top == Some(0) {
        return Err(Error::Usage("--top must be at least 1".into()));
    }
    let model = Leontief::new(&table)?;
    let m = model.multipliers()?;
    let t2 = if opt.type2 {
        Some(model.type_ii()?)
    } else {
        None
    };
    let ind = model.inducement()?;
    let mut rows: Vec<SectorRow> = model
        .sectors()
        .iter()
        .enumerate()
        .map(|(j, s)| SectorRow {
            code: s.code.clone(),
            name: s.label.clone(),
            output_multiplier: m.output[j],
            va_multiplier: m.value_added[j],
            import_multiplier: m.imports[j],
            power_of_dispersion: m.power_of_dispersion[j],
            sensitivity_of_dispersion: m.sensitivity_of_dispersion[j],
            type2_output_multiplier: t2.as_ref().map(|t| t.output[j]),
            type2_va_multiplier: t2.as_ref().map(|t| t.value_added[j]),
        })
        .collect();
    rows.sort_by(|a, b| b.output_multiplier.total_cmp(&a.output_multiplier));
    if let Some(n) = opt.top {
        rows.truncate(n);
    }
    let inducement: BTreeMap<String, Coefficients> = ind
        .names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            (
                name.clone(),
                Coefficients {
                    output: ind.output_coefficient[k],
                    value_added: ind.value_added_coefficient[k],
                    imports: ind.imports_coefficient[k],
                },
            )
        })
        .collect();
    let text = match opt.format {
        Format::Json => to_json(&Out {
            meta: MetaOut {
                meta: Meta::new(&ds),
                aggregation,
                sectors_in_model: model.n(),
                type2: opt.type2,
            },
            sectors: rows,
            inducement,
        })?,
        Format::Csv => render_csv(&rows),
        Format::Table => render_table(
            &rows,
            &ind.names,
            &inducement,
            aggregation.as_deref(),
            opt.type2,
            &ds.version(),
        ),
    };
    emit(&text, opt.output.as_ref())
}

fn render_csv(rows: &[SectorRow]) -> String {
    let mut s = String::from(
        "code,name,output_multiplier,va_multiplier,import_multiplier,power_of_dispersion,sensitivity_of_dispersion,\
         type2_output_multiplier,type2_va_multiplier\n",
    );
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.10}")).unwrap_or_default();
    for r in rows {
        s.push_str(&format!(
            "{},\"{}\",{:.10},{:.10},{:.10},{:.10},{:.10},{},{}\n",
            r.code,
            r.name.replace('"', "\"\""),
            r.output_multiplier,
            r.va_multiplier,
            r.import_multiplier,
            r.power_of_dispersion,
            r.sensitivity_of_dispersion,
            opt(r.type2_output_multiplier),
            opt(r.type2_va_multiplier)
        ));
    }
    s
}

fn render_table(
    rows: &[SectorRow],
    names: &[String],
    ind: &BTreeMap<String, Coefficients>,
    aggregation: Option<&str>,
    type2: bool,
    version: &str,
) -> String {
    let mut header = vec![
        ("code", Align::Left),
        ("sector", Align::Left),
        ("output", Align::Right),
        ("value added", Align::Right),
        ("imports", Align::Right),
        ("power disp.", Align::Right),
        ("sensitivity", Align::Right),
    ];
    if type2 {
        header.push(("type II out", Align::Right));
        header.push(("type II VA", Align::Right));
    }
    let title = format!(
        "Input-output multipliers per unit of final demand, BOK 2020 table{} (data {version}), sorted by output multiplier",
        aggregation.map(|a| format!(", aggregated with {a}")).unwrap_or_default()
    );
    let mut t = Table::new(title, &header);
    for r in rows {
        let mut cells = vec![
            r.code.clone(),
            r.name.clone(),
            format!("{:.4}", r.output_multiplier),
            format!("{:.4}", r.va_multiplier),
            format!("{:.4}", r.import_multiplier),
            format!("{:.4}", r.power_of_dispersion),
            format!("{:.4}", r.sensitivity_of_dispersion),
        ];
        if type2 {
            cells.push(format!(
                "{:.4}",
                r.type2_output_multiplier.unwrap_or(f64::NAN)
            ));
            cells.push(format!("{:.4}", r.type2_va_multiplier.unwrap_or(f64::NAN)));
        }
        t.row(cells);
    }
    let mut s = t.render();
    s.push('\n');
    let mut f = Table::new(
        "Final-demand inducement coefficients (induced / final demand)",
        &[
            ("final demand", Align::Left),
            ("output", Align::Right),
            ("value added", Align::Right),
            ("imports", Align::Right),
        ],
    );
    for name in names {
        let c = &ind[name];
        f.row(vec![
            name.clone(),
            format!("{:.4}", c.output),
            format!("{:.4}", c.value_added),
            format!("{:.4}", c.imports),
        ]);
    }
    s.push_str(&f.render());
    if type2 {
        s.push_str("\nType II multipliers close the model for households (compensation of employees -> private consumption);\nthey include induced consumption and must not be added to an econometric consumption response.\n");
    }
    s
}
