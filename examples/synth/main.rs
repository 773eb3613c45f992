//! Synthetic repository generator for benchmarks (issue 6).
//!
//! ```text
//! cargo run --release --example synth -- --count 100000 --seed 42 --out /tmp/synth
//! ```
//!
//! Writes `declarations/<dept>/<siret>.yaml` for N canteens whose
//! distributions are drawn from the real repository (`--source`, default
//! the current folder), plus copies of its `site.toml`, `content/`,
//! `themes/` and `schema/`, so that `cantine check --root OUT` and
//! `cantine build --root OUT` run on it. The output depends only on the
//! seed, the count and the real declarations. It passes `check` with no
//! error (warnings are those of incomplete open-data identities).

mod bilan;
mod canteen;
mod pools;
mod rng;
mod text;

use clap::Parser;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// File that marks a folder as written by this generator, so that it may
/// be replaced without deleting anything else.
const MARQUEUR: &str = ".synth";

/// Generates a synthetic repository of canteens.
#[derive(Parser)]
struct Args {
    /// Number of canteens.
    #[arg(long, default_value_t = 100_000)]
    count: u64,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output repository (created; replaced only if this generator wrote it).
    #[arg(long)]
    out: PathBuf,
    /// The real repository the distributions are drawn from.
    #[arg(long, default_value = ".")]
    source: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth : {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    if args.count > 100_000_000 {
        return Err("--count : 100 000 000 cantines au plus".into());
    }
    let start = std::time::Instant::now();
    let pools = pools::Pools::from_repository(&args.source)?;
    prepare(&args.out)?;

    let mut canteens: Vec<canteen::Synth> = (0..args.count)
        .into_par_iter()
        .filter_map(|i| canteen::generate(&pools, args.seed, i))
        .collect();
    canteen::link_satellites(&mut canteens, args.seed);

    let decl_dir = args.out.join("declarations");
    let folders: std::collections::BTreeSet<&str> =
        canteens.iter().map(|c| c.folder.as_str()).collect();
    for f in folders {
        mkdir(&decl_dir.join(f))?;
    }
    let bytes: Result<Vec<usize>, String> = canteens
        .par_iter()
        .map(|c| {
            let text = cantine::import::to_yaml(&c.decl);
            let path = decl_dir
                .join(&c.folder)
                .join(format!("{}.yaml", c.decl.siret));
            std::fs::write(&path, &text)
                .map(|()| text.len())
                .map_err(|e| format!("écriture de {} impossible : {e}", path.display()))
        })
        .collect();
    let bytes: usize = bytes?.iter().sum();

    for name in ["content", "themes", "schema"] {
        let from = args.source.join(name);
        if from.is_dir() {
            copy_dir(&from, &args.out.join(name))?;
        }
    }
    copy_file(&args.source.join("site.toml"), &args.out.join("site.toml"))?;

    let bilans: usize = canteens.iter().map(|c| c.decl.bilans.len()).sum();
    let declares: usize = canteens
        .iter()
        .flat_map(|c| &c.decl.bilans)
        .filter(|b| b.achats.is_some())
        .count();
    let satellites = canteens
        .iter()
        .filter(|c| c.decl.siret_cuisine_centrale.is_some())
        .count();
    println!(
        "{} cantines ({} bilans dont {} avec montants, {} satellites reliés), {:.1} Mo, dans {} en {:.2} s",
        canteens.len(),
        bilans,
        declares,
        satellites,
        bytes as f64 / 1e6,
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Creates `out`, or empties one this generator wrote before; refuses to
/// touch any other non-empty folder.
fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("{} illisible : {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARQUEUR).is_file() {
            return Err(format!(
                "{} existe et n'a pas été écrit par synth : choisissez un autre --out",
                out.display()
            ));
        }
        for name in ["declarations", "content", "themes", "schema"] {
            let p = out.join(name);
            if p.is_dir() {
                std::fs::remove_dir_all(&p)
                    .map_err(|e| format!("suppression de {} impossible : {e}", p.display()))?;
            }
        }
    }
    mkdir(out)?;
    std::fs::write(
        out.join(MARQUEUR),
        "dépôt synthétique écrit par examples/synth\n",
    )
    .map_err(|e| format!("écriture dans {} impossible : {e}", out.display()))
}

fn mkdir(p: &Path) -> Result<(), String> {
    std::fs::create_dir_all(p).map_err(|e| format!("création de {} impossible : {e}", p.display()))
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copie de {} impossible : {e}", from.display()))
}

/// Copies a folder recursively (regular files and folders only).
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    mkdir(to)?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("{} illisible : {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{} illisible : {e}", from.display()))?;
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            copy_file(&entry.path(), &target)?;
        }
    }
    Ok(())
}
