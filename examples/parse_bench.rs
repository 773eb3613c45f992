//! Single-thread throughput of declaration parsing (benches/README.md,
//! "Fast YAML path"): the bare YAML event stream, serde-saphyr alone, and
//! `cantine::load::parse` (fast path, falling back to serde-saphyr). Also
//! checks that both parsers give the same result on every file.
//!
//! ```text
//! cargo run --release --example parse_bench -- declarations
//! ```

use serde_saphyr::granit_parser::Parser;
use std::time::Instant;

/// serde-saphyr exactly as `load::parse_saphyr` calls it.
fn parse_saphyr(text: &str) -> Result<cantine::model::Declaration, serde_saphyr::Error> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = cantine::load::MAX_DEPTH;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(text, options)
}

fn timed<T>(label: &str, mb: f64, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let s = start.elapsed().as_secs_f64();
    println!("{label:<28} {s:>7.3} s  {:>7.1} MB/s", mb / s);
    out
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "declarations".into());
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file()
            && e.file_name().to_string_lossy().ends_with(".yaml")
            && let Ok(t) = std::fs::read_to_string(e.path())
        {
            texts.push(t);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!("{dir}: {} files, {mb:.1} MB, one thread", texts.len());

    timed("YAML events only (granit)", mb, || {
        texts
            .iter()
            .map(|t| Parser::new_from_str(t).count())
            .sum::<usize>()
    });
    let old: Vec<_> = timed("serde-saphyr (before)", mb, || {
        texts.iter().map(|t| parse_saphyr(t)).collect()
    });
    let new: Vec<_> = timed("load::parse (after)", mb, || {
        texts.iter().map(|t| cantine::load::parse(t)).collect()
    });
    let fast = texts
        .iter()
        .filter(|t| cantine::load::takes_fast_path(t))
        .count();
    println!(
        "fast path: {fast}/{} files ({:.2} %)",
        texts.len(),
        100.0 * fast as f64 / texts.len().max(1) as f64
    );
    let mut differ = 0;
    for ((o, n), t) in old.iter().zip(&new).zip(&texts) {
        let same = match (o, n) {
            (Ok(a), Ok(b)) => a == b && format!("{a:?}") == format!("{b:?}"),
            (Err(a), Err(b)) => a.to_string() == b.to_string(),
            _ => false,
        };
        if !same {
            differ += 1;
            if differ <= 3 {
                eprintln!("DIFFERENT RESULT for:\n{t}");
            }
        }
    }
    println!("results that differ: {differ}");
    if differ > 0 {
        std::process::exit(1);
    }
}
