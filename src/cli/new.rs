//! `cantine new --siret S --insee C`: the skeleton of a new declaration.

use std::path::PathBuf;

/// Arguments of `cantine new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// SIRET de la cantine (14 chiffres, espaces acceptés).
    #[arg(long)]
    pub siret: String,
    /// Code INSEE de la commune (ex. 07017).
    #[arg(long)]
    pub insee: String,
    /// Nom de la cantine (sinon « Cantine de <commune> », à corriger).
    #[arg(long)]
    pub nom: Option<String>,
    /// Racine du dépôt (contient declarations/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Writes the skeleton; 2 when it cannot (invalid input, file already there).
pub fn run(args: &Args) -> u8 {
    match crate::scaffold::new_declaration(
        &args.root,
        &args.siret,
        &args.insee,
        args.nom.as_deref(),
    ) {
        Ok(path) => {
            println!("Créé : {}", path.display());
            println!("Complétez les champs commentés, puis lancez « cantine check ».");
            0
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            2
        }
    }
}
