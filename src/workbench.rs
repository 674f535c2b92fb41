//! Everything a forecast or an optimization needs, loaded once: the validated data, the model spec and its
//! estimates, the reporting groups and the precomputed forecaster. Shared by the CLI, tests and benches.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::data::{DataSource, Dataset};
use crate::econometrics::{Estimates, ModelSpec};
use crate::error::Result;
use crate::forecast::{Forecaster, Scenario};
use crate::io::Concordance;
use crate::models;

/// Loaded data, model and forecaster.
pub struct Workbench {
    /// The datasets.
    pub ds: Dataset,
    /// The model spec.
    pub spec: ModelSpec,
    /// Where the model spec came from.
    pub spec_label: String,
    /// SHA-256 of the model spec text.
    pub spec_sha256: String,
    /// Estimated equations.
    pub est: Estimates,
    /// Reporting groups (models/groups.toml).
    pub groups: Concordance,
    models_dir: Option<std::path::PathBuf>,
}

impl Workbench {
    /// Load data from `source` and the model spec `model` (file or embedded name, default `model`).
    pub fn load(
        source: &DataSource,
        models_dir: Option<&Path>,
        model: Option<&str>,
    ) -> Result<Workbench> {
        let ds = Dataset::load(source)?;
        let (label, text) = models::resolve(model.unwrap_or("model"), models_dir)?;
        let spec = ModelSpec::parse(&label, &text)?;
        let est = Estimates::estimate(&ds, &spec, &label)?;
        let (gl, gt) = models::resolve("groups", models_dir)?;
        let groups = Concordance::parse(&gl, &gt, &ds.io.sectors)?;
        Ok(Workbench {
            ds,
            spec,
            spec_sha256: crate::data::hex(&Sha256::digest(text.as_bytes())),
            spec_label: label,
            est,
            groups,
            models_dir: models_dir.map(Path::to_path_buf),
        })
    }

    /// The embedded data and models.
    pub fn embedded() -> Result<Workbench> {
        Workbench::load(&DataSource::Embedded, None, None)
    }

    /// A scenario by file or name, validated against the data; returns it with its text's SHA-256.
    pub fn scenario(&self, arg: &str) -> Result<(Scenario, String)> {
        let (label, text) = models::resolve_scenario(arg, self.models_dir.as_deref())?;
        let s = Scenario::parse(
            &label,
            &text,
            &self.ds.io.sectors,
            &self.groups,
            &self.ds.tariffs,
        )?;
        Ok((s, crate::data::hex(&Sha256::digest(text.as_bytes()))))
    }

    /// The forecaster with the spec's trade parameters.
    pub fn forecaster(&self) -> Result<Forecaster> {
        Forecaster::new(&self.ds, &self.est, &self.spec.trade, self.groups.clone())
    }
}
