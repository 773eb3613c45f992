//! The `cantine` command: argument parsing only; the library does the work.

use cantine::cli;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Small pages rather than transparent huge pages for this process, unless
/// `MIMALLOC_ALLOW_THP` says otherwise. On the 2-core VM we measure on,
/// memory the system took back costs about three times more to fault in
/// by huge pages (its host must back 2 MiB at a time, zeroed) than by
/// 4 KiB pages: a rebuild after one change, a few seconds after the
/// previous one, spent 1.25 s in the kernel with huge pages and 0.76 s
/// without; a full build took 8.69 s against 8.35 s, with 35 to 85 MB
/// less peak memory. (Right after another build, while its huge pages
/// are still backed, the default was 0.1 s faster: benches/README.md,
/// "Session 9".)
fn pages_ordinaires() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // Only a speed setting: a kernel without it changes nothing.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Générateur du site national de transparence de la restauration collective (loi EGalim).
#[derive(Parser)]
#[command(name = "cantine", version, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie toutes les déclarations (les contrôles décrits sur la page de méthodologie).
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

/// Ends the process with `code` once the standard streams are flushed,
/// without the allocator's exit handler: mimalloc, linked statically,
/// frees every page it holds at exit (`mi_process_done`), 1 800 calls to
/// `madvise` after a national rebuild, which the kernel's own teardown
/// makes useless (benches/README.md, "Session 10").
fn quitter(code: u8) -> ExitCode {
    use std::io::Write;
    let (sortie, erreurs) = (std::io::stdout().flush(), std::io::stderr().flush());
    if sortie.is_err() || erreurs.is_err() {
        // What could not be written is reported by the usual exit.
        return ExitCode::from(code);
    }
    // SAFETY: `_exit` ends the process at once. Nothing is left to run:
    // every file was written and closed by the command (its folders
    // committed, its staging removed), the streams are flushed just above,
    // and the only thread still running frees memory.
    unsafe { libc::_exit(i32::from(code)) }
}

fn main() -> ExitCode {
    pages_ordinaires();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => cli::check::run(&args),
        Command::Build(args) => cli::build::run(&args),
        Command::New(args) => cli::new::run(&args),
        Command::Import {
            source: ImportSource::Opendata { files, root },
        } => cli::import::run_opendata(&root, &files),
    };
    quitter(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_command_runs_on_small_pages_unless_told_otherwise() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            return;
        }
        pages_ordinaires();
        // Kernels without the setting answer an error: nothing to check.
        if let Ok(off) = rustix::thread::transparent_huge_pages_are_disabled() {
            assert!(off);
        }
    }
}
