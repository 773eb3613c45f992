//! `cantine import opendata FILE...`: national open data → declarations/.

use std::path::{Path, PathBuf};

/// Imports the campaign CSV files; 1 if some rows could not be imported as they were.
pub fn run_opendata(root: &Path, files: &[PathBuf]) -> u8 {
    match crate::import::import_opendata(root, files) {
        Ok(report) => {
            print!("{}", report.render());
            0
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            2
        }
    }
}
