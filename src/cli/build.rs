//! `cantine build`: the whole site into public/, or nothing.

use std::path::PathBuf;

/// Arguments of `cantine build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Racine du dépôt (contient declarations/, content/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Dossier de sortie (remplacé seulement si la construction réussit).
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
}

/// Builds the site; 1 if the declarations have errors, 2 if writing failed.
pub fn run(args: &Args) -> u8 {
    let _ = args;
    2
}
