//! Single-thread YAML parse throughput (see benches/README.md, "Fast YAML path").
//!
//! ```text
//! cargo run --release --example parse_bench -- declarations
//! ```
use serde_saphyr::granit_parser::Parser;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "declarations".into());
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".yaml") {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!("{} files, {:.1} MB", texts.len(), mb);

    let t = Instant::now();
    let mut n = 0usize;
    for text in &texts {
        for ev in Parser::new_from_str(text) {
            if ev.is_ok() {
                n += 1;
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!("granit events only: {:.3} s, {:.1} MB/s ({n} events)", s, mb / s);

    let t = Instant::now();
    let mut ok = 0usize;
    for text in &texts {
        if cantine::load::parse(text).is_ok() {
            ok += 1;
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!("parse (current): {:.3} s, {:.1} MB/s ({ok} ok)", s, mb / s);
}
