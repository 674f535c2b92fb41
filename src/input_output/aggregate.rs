//! Sector aggregation: a concordance (models/*.toml) maps the 83 BOK sectors to reporting groups;
//! the table's flows are summed (Z* = G Z Gᵀ, F* = G F, V* = V Gᵀ, x* = G x) and the model is
//! recomputed on the aggregated table, so identities hold exactly.

use ndarray::{Array1, Array2};

use crate::data::{IoTable, Sector};
use crate::error::{Error, Result};

/// A validated concordance from IO sectors to reporting groups.
#[derive(Debug, Clone)]
pub struct Concordance {
    /// Free-text description from the file.
    pub description: String,
    /// Groups in file order: (code, name).
    pub groups: Vec<(String, String)>,
    /// For each IO sector (table order), the index of its group.
    pub assignment: Vec<usize>,
}

impl Concordance {
    /// Check a concordance given as (code, name, sector codes) groups against the table's sectors:
    /// every sector in exactly one group, no unknown sectors, no empty or duplicated groups. `file`
    /// names where it came from in errors (a file label, or `built in code`).
    pub fn new(
        file: &str,
        description: &str,
        group: &[(String, String, Vec<String>)],
        sectors: &[Sector],
    ) -> Result<Concordance> {
        if group.is_empty() {
            return Err(Error::spec(file, None, "group", "no groups defined"));
        }
        let mut assignment: Vec<Option<usize>> = vec![None; sectors.len()];
        let mut groups = Vec::new();
        for (g, (gcode, gname, gsectors)) in group.iter().enumerate() {
            let key = format!("group[{}].sectors", g);
            if gcode.trim().is_empty() {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("group[{g}].code"),
                    "empty group code",
                ));
            }
            if groups.iter().any(|(c, _): &(String, String)| c == gcode) {
                return Err(Error::spec(
                    file,
                    None,
                    &format!("group[{g}].code"),
                    format!("duplicated group `{}`", gcode),
                ));
            }
            if gsectors.is_empty() {
                return Err(Error::spec(
                    file,
                    None,
                    &key,
                    format!("group `{}` has no sectors", gcode),
                ));
            }
            for code in gsectors {
                let i = sectors
                    .iter()
                    .position(|s| s.code == *code)
                    .ok_or_else(|| {
                        Error::spec(
                            file,
                            None,
                            &key,
                            format!("unknown sector `{code}` in group `{}`", gcode),
                        )
                    })?;
                if let Some(prev) = assignment[i] {
                    return Err(Error::spec(
                        file,
                        None,
                        &key,
                        format!(
                            "sector `{code}` is in group `{}` and again in `{}`",
                            group[prev].0, gcode
                        ),
                    ));
                }
                assignment[i] = Some(g);
            }
            groups.push((gcode.clone(), gname.clone()));
        }
        let missing: Vec<&str> = sectors
            .iter()
            .zip(&assignment)
            .filter(|(_, a)| a.is_none())
            .map(|(s, _)| s.code.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::spec(
                file,
                None,
                "group",
                format!("sectors in no group: {}", missing.join(", ")),
            ));
        }
        Ok(Concordance {
            description: description.to_string(),
            groups,
            assignment: assignment
                .into_iter()
                .map(|a| a.expect("checked"))
                .collect(),
        })
    }

    /// The aggregation matrix G (groups x sectors) of zeros and ones.
    pub fn matrix(&self) -> Array2<f64> {
        let mut g = Array2::zeros((self.groups.len(), self.assignment.len()));
        for (i, &k) in self.assignment.iter().enumerate() {
            g[[k, i]] = 1.0;
        }
        g
    }

    /// Aggregate a table's flows to the groups.
    pub fn aggregate(&self, t: &IoTable) -> Result<IoTable> {
        if t.n() != self.assignment.len() {
            return Err(Error::Request(format!(
                "concordance covers {} sectors, the table has {}",
                self.assignment.len(),
                t.n()
            )));
        }
        let g = self.matrix();
        let sum = |z: &Array2<f64>| g.dot(z).dot(&g.t());
        let sectors = self
            .groups
            .iter()
            .map(|(code, name)| Sector {
                code: code.clone(),
                label: name.clone(),
                name_en: name.clone(),
                name_ko: String::new(),
            })
            .collect();
        Ok(IoTable {
            sectors,
            z_domestic: sum(&t.z_domestic),
            z_imported: sum(&t.z_imported),
            fd_domestic: g.dot(&t.fd_domestic),
            fd_imported: g.dot(&t.fd_imported),
            value_added: t.value_added.dot(&g.t()),
            gross_output: g.dot(&t.gross_output),
            fd_names: t.fd_names.clone(),
        })
    }

    /// Sum a per-sector vector to groups.
    pub fn sum_vector(&self, v: &Array1<f64>) -> Array1<f64> {
        self.matrix().dot(v)
    }
}
