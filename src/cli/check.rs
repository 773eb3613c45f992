//! `cantine check`: every problem of every declaration, for pull-request CI.

use crate::diagnostics::{self, Format, Severity};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `cantine check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Racine du dépôt (contient declarations/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Format de sortie : human (lisible), github (annotations), json.
    #[arg(long, default_value = "human", value_parser = parse_format)]
    pub format: Format,
    /// N'affiche que les erreurs (les avertissements restent comptés).
    #[arg(long)]
    pub errors_only: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "human" => Ok(Format::Human),
        "github" => Ok(Format::Github),
        "json" => Ok(Format::Json),
        other => Err(format!(
            "format inconnu « {other} » : human, github ou json"
        )),
    }
}

/// Runs the check and prints the diagnostics; 1 if any is an error.
pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    let report = crate::check(&args.root, super::current_year());
    let (errors, warnings) = diagnostics::count(&report.diagnostics);
    let summary = diagnostics::summary(&report.diagnostics);
    let shown: Vec<_> = if args.errors_only {
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    } else {
        report.diagnostics
    };
    let mut text = diagnostics::render(&shown, args.format);
    if args.format == Format::Human {
        text.push_str(&summary);
        if args.errors_only && warnings > 0 {
            text.push_str(&format!(
                "({warnings} avertissement{} non affiché{} : relancez sans --errors-only pour les voir.)\n",
                s(warnings),
                s(warnings)
            ));
        }
        text.push_str(&format!(
            "{} fichier{} vérifié{} en {:.2} s.\n",
            report.files,
            s(report.files),
            s(report.files),
            started.elapsed().as_secs_f64()
        ));
    }
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() {
        return 2;
    }
    if args.format == Format::Github {
        eprintln!(
            "{errors} erreur(s), {warnings} avertissement(s), {} fichier(s).",
            report.files
        );
    }
    u8::from(errors > 0)
}

fn s(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}
