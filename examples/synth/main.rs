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
mod repo;
mod rng;
mod text;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

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
    let start = std::time::Instant::now();
    let r = repo::ecrire(&args.source, &args.out, args.count, args.seed)?;
    println!(
        "{} cantines ({} bilans dont {} avec montants, {} satellites reliés), {:.1} Mo, dans {} en {:.2} s",
        r.cantines,
        r.bilans,
        r.declares,
        r.satellites,
        r.octets as f64 / 1e6,
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
