//! `cantine build`: the whole site into public/, or nothing.

use crate::diagnostics::{self, Format};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `cantine build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Racine du dépôt (contient declarations/, content/, themes/, site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Dossier de sortie (remplacé seulement si la construction réussit).
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// Adresse publique du site (ex. https://exemple.fr/cantines/), sinon celle de site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Thème (dossier sous themes/).
    #[arg(long, default_value = "default")]
    pub theme: String,
    /// Affiche la durée de chaque étape.
    #[arg(long)]
    pub timings: bool,
    /// Dossier du cache de construction (par défaut <root>/.cantine-cache) :
    /// les déclarations inchangées depuis la construction précédente n'y sont
    /// ni relues ni revérifiées.
    #[arg(long, value_name = "DOSSIER")]
    pub cache: Option<PathBuf>,
    /// Sans cache : relit et revérifie toutes les déclarations, n'écrit pas de cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
}

/// Builds the site; 1 if the input has errors, 2 if the build could not run.
pub fn run(args: &Args) -> u8 {
    let started = Instant::now();
    let opts = crate::build::Options {
        root: args.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        theme: args.theme.clone(),
        current_year: super::current_year(),
        cache: if args.no_cache {
            None
        } else {
            Some(
                args.cache
                    .clone()
                    .unwrap_or_else(|| args.root.join(".cantine-cache")),
            )
        },
    };
    match crate::build::build(&opts) {
        Ok(r) => {
            println!(
                "Site construit dans {} : {} cantines, {} pages, {} fichiers dont {} inchangés, {:.1} Mo écrits, en {:.2} s ({} avertissement(s) dans les déclarations).",
                args.output.display(),
                r.cantines,
                r.pages,
                r.fichiers,
                r.inchanges,
                r.octets as f64 / 1_000_000.0,
                started.elapsed().as_secs_f64(),
                r.avertissements
            );
            if args.timings {
                println!(
                    "Déclarations relues : {} ; reprises du cache : {}.",
                    r.relues, r.du_cache
                );
                println!(
                    "Statistiques : départements recomptés : {} ; repris du cache : {}.",
                    r.groupes_recomptes, r.groupes_repris
                );
            }
            if let Some(why) = &r.cache_error {
                eprintln!(
                    "Note : le cache de construction n'a pas pu être écrit ({why}) ; la prochaine construction relira toutes les déclarations."
                );
            }
            if args.timings {
                println!("\n{:<20} {:>10}", "étape", "durée (s)");
                for (etape, d) in &r.durees {
                    println!("{:<20} {:>10.3}", etape, d.as_secs_f64());
                }
            }
            0
        }
        Err(crate::build::BuildError::Invalid(diags)) => {
            let errors: Vec<_> = diags
                .into_iter()
                .filter(|d| d.severity == diagnostics::Severity::Error)
                .collect();
            eprint!(
                "{}{}",
                diagnostics::render(&errors, Format::Human),
                diagnostics::summary(&errors)
            );
            eprintln!("La construction est annulée ; le site précédent est intact.");
            1
        }
        Err(crate::build::BuildError::BrokenLinks(links)) => {
            for l in links.iter().take(50) {
                eprintln!("lien cassé : « {} » dans {}", l.href, l.page);
            }
            if links.len() > 50 {
                eprintln!("… et {} autres.", links.len() - 50);
            }
            eprintln!(
                "{} lien(s) interne(s) cassé(s) : la construction est annulée ; le site précédent est intact.",
                links.len()
            );
            2
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            eprintln!("La construction est annulée ; le site précédent est intact.");
            2
        }
    }
}
