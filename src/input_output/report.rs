//! The result of `multipliers`: per-sector multipliers and linkages (optionally Type II), and the
//! final-demand inducement coefficients, for the full or an aggregated table.

use std::collections::BTreeMap;

use super::{Concordance, Leontief};
use crate::data::Dataset;
use crate::error::Result;
use crate::report::{csv_field, Align, Meta, Table};

/// One sector's row of the JSON `sectors` array (keys are a stable contract).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectorRow {
    /// Sector (or group) code.
    pub code: String,
    /// Short label.
    pub name: String,
    /// Output multiplier (column sum of L).
    pub output_multiplier: f64,
    /// Value-added multiplier vᵀL.
    pub va_multiplier: f64,
    /// Import multiplier mᵀL.
    pub import_multiplier: f64,
    /// Power of dispersion (backward linkage, normalised).
    pub power_of_dispersion: f64,
    /// Sensitivity of dispersion (forward linkage, normalised).
    pub sensitivity_of_dispersion: f64,
    /// Type II output multiplier (households closed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type2_output_multiplier: Option<f64>,
    /// Type II value-added multiplier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type2_va_multiplier: Option<f64>,
}

/// Inducement coefficients of one final-demand item.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Coefficients {
    /// Induced output per unit of final demand.
    pub output: f64,
    /// Induced value added per unit.
    pub value_added: f64,
    /// Induced imports per unit.
    pub imports: f64,
}

/// Metadata of the multipliers (JSON `meta`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct MultiplierMeta {
    /// Version, data version and backend.
    #[serde(flatten)]
    pub meta: Meta,
    /// Aggregation file label, if any.
    pub aggregation: Option<String>,
    /// Sectors in the (aggregated) model.
    pub sectors_in_model: usize,
    /// Whether Type II multipliers are included.
    pub type2: bool,
}

/// The result of `multipliers`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MultiplierReport {
    /// Settings.
    pub meta: MultiplierMeta,
    /// Sectors sorted by output multiplier (largest first), truncated to `top` if asked.
    pub sectors: Vec<SectorRow>,
    /// Inducement coefficients by final-demand item.
    pub inducement: BTreeMap<String, Coefficients>,
    #[serde(skip)]
    names: Vec<String>,
}

impl MultiplierReport {
    /// Compute for the dataset's table, aggregated with `aggregation` = (label, concordance) if
    /// given; `top` keeps the N sectors with the largest output multiplier; `type2` adds Type II.
    pub fn new(
        ds: &Dataset,
        aggregation: Option<(&str, &Concordance)>,
        top: Option<usize>,
        type2: bool,
    ) -> Result<MultiplierReport> {
        let table = match aggregation {
            Some((_, c)) => c.aggregate(&ds.io)?,
            None => ds.io.clone(),
        };
        if top == Some(0) {
            return Err(crate::error::Error::Request(
                "top must be at least 1".into(),
            ));
        }
        let model = Leontief::new(&table)?;
        let m = model.multipliers()?;
        let t2 = if type2 { Some(model.type_ii()?) } else { None };
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
        if let Some(n) = top {
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
        Ok(MultiplierReport {
            meta: MultiplierMeta {
                meta: Meta::new(ds),
                aggregation: aggregation.map(|(l, _)| l.to_string()),
                sectors_in_model: model.n(),
                type2,
            },
            sectors: rows,
            inducement,
            names: ind.names.clone(),
        })
    }

    /// CSV: one row per sector.
    pub fn to_csv(&self) -> String {
        let mut s = String::from(
            "code,name,output_multiplier,va_multiplier,import_multiplier,power_of_dispersion,sensitivity_of_dispersion,\
             type2_output_multiplier,type2_va_multiplier\n",
        );
        let opt = |v: Option<f64>| v.map(|x| format!("{x:.10}")).unwrap_or_default();
        for r in &self.sectors {
            s.push_str(&format!(
                "{},\"{}\",{:.10},{:.10},{:.10},{:.10},{:.10},{},{}\n",
                csv_field(&r.code),
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

    /// The text tables the command line prints.
    pub fn summary(&self) -> String {
        let type2 = self.meta.type2;
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
            "Input-output multipliers per unit of final demand, BOK 2020 table{} (data {}), sorted by output multiplier",
            self.meta
                .aggregation
                .as_deref()
                .map(|a| format!(", aggregated with {a}"))
                .unwrap_or_default(),
            self.meta.meta.data_version
        );
        let mut t = Table::new(title, &header);
        for r in &self.sectors {
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
        for name in &self.names {
            let c = &self.inducement[name];
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
}
