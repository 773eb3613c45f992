//! Import of the national open data ("ma cantine" teledeclaration
//! campaigns) into declaration files, `declarations/<dept>/<siret>.yaml`.
//!
//! Steps: read the CSV rows (`rows`), check each row and keep one canteen
//! per SIRET, at most one teledeclaration per year (`group`, `same_siret`),
//! read each canteen's identity from its newest rows (`identity`), merge it
//! into the existing file without losing contributor data and write it
//! atomically (`merge`, `files`), in the canonical layout of `write_yaml`.
//! Everything not imported as published is reported (`report`), and every
//! row not published is listed in `declarations/ecartees.csv`
//! ([`crate::set_aside`]).

mod clean;
mod files;
mod group;
mod identity;
mod merge;
mod report;
mod rows;
mod same_siret;
pub mod write_yaml;

pub use report::{ImportReport, Problem, ProblemKind};
pub use write_yaml::to_yaml;

use merge::Status;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Why an import could not run at all (problems with single rows are not
/// errors: they go into the [`ImportReport`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file or folder could not be read or written.
    #[error("{} : {source}", fichier.display())]
    Io {
        /// The file or folder.
        fichier: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// A CSV file is not a readable open-data export.
    #[error("{} : fichier CSV illisible : {raison}", fichier.display())]
    Csv {
        /// The CSV file.
        fichier: PathBuf,
        /// What is wrong, in French (or the CSV reader's message).
        raison: String,
    },
}

/// Imports the open-data CSV files into `root/declarations/<dept>/<siret>.yaml`.
///
/// Creates a file per new SIRET, adds or refreshes `source: opendata` bilans
/// in existing files, and never removes or overrides what a contributor
/// wrote. Files are written only when their content changes, so a second run
/// changes nothing. Canteens are processed in parallel; results are
/// gathered in SIRET order, so the report is the same on every run.
pub fn import_opendata(root: &Path, files: &[PathBuf]) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::default();
    let mut raw = Vec::new();
    for file in files {
        let rows = rows::read_file(file)?;
        report.fichiers_lus += 1;
        report.lignes_lues += rows.len() as u64;
        raw.extend(rows);
    }
    let mut grouped = group::group(raw);
    let mut ecartees = std::mem::take(&mut grouped.ecartees);
    let mut problems = grouped.problems;
    report.taux_vides = grouped.taux_vides;
    let existing = files::index(root)?;
    let outcomes: Vec<Result<merge::Outcome, ImportError>> = grouped
        .canteens
        .par_iter()
        .map(|c| {
            let paths = existing.get(&c.siret).map_or(&[][..], Vec::as_slice);
            merge::import_canteen(root, c, paths)
        })
        .collect();
    for outcome in outcomes {
        let o = outcome?;
        match o.status {
            Status::Created => report.cantines_creees += 1,
            Status::Updated => report.cantines_mises_a_jour += 1,
            Status::Unchanged => report.cantines_inchangees += 1,
            Status::Skipped => {}
        }
        if o.status != Status::Skipped {
            report.bilans_ajoutes += o.bilans_ajoutes;
            report.bilans_actualises += o.bilans_actualises;
            report.bilans_retires += o.bilans_retires;
        }
        problems.extend(o.problems);
        ecartees.extend(o.ecartees);
    }
    problems.sort();
    report.problemes = problems;
    report.lignes_ecartees = ecartees.len();
    report.ecartees_ecrit = write_set_aside(root, ecartees)?;
    Ok(report)
}

/// Writes `declarations/ecartees.csv` when its content changes (whether
/// it was written).
fn write_set_aside(
    root: &Path,
    mut ecartees: Vec<crate::set_aside::Ecartee>,
) -> Result<bool, ImportError> {
    crate::set_aside::trier(&mut ecartees);
    let bytes = crate::set_aside::to_csv(&ecartees, crate::set_aside::Forme::Depot);
    let path = root.join(crate::set_aside::FICHIER);
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    // The rows are written by the csv crate from UTF-8 strings.
    let text = String::from_utf8_lossy(&bytes);
    files::write_atomic(&path, &text)?;
    Ok(true)
}
