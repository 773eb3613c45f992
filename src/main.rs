//! The `cantine` command: argument parsing only; the library does the work.

use cantine::cli;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Générateur du site national de transparence de la restauration collective (loi EGalim).
#[derive(Parser)]
#[command(name = "cantine", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie toutes les déclarations (règles de la spécification §6).
    Check(cli::check::Args),
    /// Construit le site statique dans public/.
    Build(cli::build::Args),
    /// Crée le squelette d'une nouvelle déclaration.
    New(cli::new::Args),
    /// Importe des données externes dans declarations/.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// Importe les fichiers CSV des campagnes de télédéclaration ma cantine.
    Opendata {
        /// Fichiers CSV (campagne_td_AAAA.csv).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Racine du dépôt (contient declarations/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => cli::check::run(&args),
        Command::Build(args) => cli::build::run(&args),
        Command::New(args) => cli::new::run(&args),
        Command::Import {
            source: ImportSource::Opendata { files, root },
        } => cli::import::run_opendata(&root, &files),
    };
    ExitCode::from(code)
}
