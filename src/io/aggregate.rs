//! Sector aggregation: a concordance (models/*.toml) maps the 83 BOK sectors to reporting groups;
//! the table's flows are summed (Z* = G Z Gᵀ, F* = G F, V* = V Gᵀ, x* = G x) and the model is
//! recomputed on the aggregated table, so identities hold exactly.

use ndarray::{Array1, Array2};
use serde::Deserialize;

use crate::data::{IoTable, Sector};
use crate::error::{Error, Result};
use crate::spec::parse_toml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConcordanceSpec {
    #[serde(default)]
    description: Option<String>,
    group: Vec<GroupSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    code: String,
    name: String,
    sectors: Vec<String>,
}

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
    /// Parse and check a concordance against the table's sectors: every sector in exactly one
    /// group, no unknown sectors, no empty or duplicated groups.
    pub fn parse(file: &str, text: &str, sectors: &[Sector]) -> Result<Concordance> {
        let spec: ConcordanceSpec = parse_toml(file, text)?;
        if spec.group.is_empty() {
            return Err(Error::input(file, None, "group", "no groups defined"));
        }
        let mut assignment: Vec<Option<usize>> = vec![None; sectors.len()];
        let mut groups = Vec::new();
        for (g, grp) in spec.group.iter().enumerate() {
            let key = format!("group[{}].sectors", g);
            if grp.code.trim().is_empty() {
                return Err(Error::input(
                    file,
                    None,
                    &format!("group[{g}].code"),
                    "empty group code",
                ));
            }
            if groups
                .iter()
                .any(|(c, _): &(String, String)| *c == grp.code)
            {
                return Err(Error::input(
                    file,
                    None,
                    &format!("group[{g}].code"),
                    format!("duplicated group `{}`", grp.code),
                ));
            }
            if grp.sectors.is_empty() {
                return Err(Error::input(
                    file,
                    None,
                    &key,
                    format!("group `{}` has no sectors", grp.code),
                ));
            }
            for code in &grp.sectors {
                let i = sectors
                    .iter()
                    .position(|s| s.code == *code)
                    .ok_or_else(|| {
                        Error::input(
                            file,
                            None,
                            &key,
                            format!("unknown sector `{code}` in group `{}`", grp.code),
                        )
                    })?;
                if let Some(prev) = assignment[i] {
                    return Err(Error::input(
                        file,
                        None,
                        &key,
                        format!(
                            "sector `{code}` is in group `{}` and again in `{}`",
                            spec.group[prev].code, grp.code
                        ),
                    ));
                }
                assignment[i] = Some(g);
            }
            groups.push((grp.code.clone(), grp.name.clone()));
        }
        let missing: Vec<&str> = sectors
            .iter()
            .zip(&assignment)
            .filter(|(_, a)| a.is_none())
            .map(|(s, _)| s.code.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::input(
                file,
                None,
                "group",
                format!("sectors in no group: {}", missing.join(", ")),
            ));
        }
        Ok(Concordance {
            description: spec.description.unwrap_or_default(),
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
            return Err(Error::Usage(format!(
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
