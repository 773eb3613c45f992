//! `cantine`: the static site generator of the French collective-catering
//! transparency site. The pipeline runs one way:
//! load → validate → compute → aggregate → plan → render → write.

pub mod aggregate;
pub mod build;
pub mod cache;
pub mod cli;
pub mod diagnostics;
pub mod import;
pub mod indicators;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod set_aside;
pub mod site;
pub mod validate;

use std::path::Path;

/// What `check` found in a repository.
#[derive(Debug)]
pub struct CheckReport {
    /// Declaration files read.
    pub files: usize,
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<diagnostics::Diagnostic>,
}

/// Loads and validates every declaration under `root/declarations`.
pub fn check(root: &Path, current_year: u16) -> CheckReport {
    let loaded = load::load_declarations(root);
    let mut all = loaded.diagnostics.clone();
    all.extend(validate::validate(
        &loaded,
        &validate::Options { current_year },
    ));
    // declarations/ecartees.csv, written by the import (src/set_aside).
    all.extend(set_aside::load(root).1);
    diagnostics::sort(&mut all);
    CheckReport {
        files: loaded.files.len(),
        diagnostics: all,
    }
}
