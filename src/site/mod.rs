//! Stage 5, plan: the list of everything the site contains — pages (path,
//! template, context), open-data files, sitemap, feed — as render jobs.
//! Knows nothing of HTML: templates do.

pub mod campagne;
pub mod canteen_page;
pub mod content;
pub mod ecrire;
pub mod exports_patch;
pub mod gardees;
pub mod links;
pub mod listing;
pub mod opendata;
pub mod pages;
pub mod pages_carte;
mod pages_territoires;
pub mod published;
pub mod qualite;
pub mod search;
pub mod sitemap;
pub mod slice_page;

pub use published::Cantine;

use serde::Serialize;

/// Site-wide settings (from `site.toml` and the command line).
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// Name of the site.
    pub titre: String,
    /// Tagline under the name.
    pub devise: String,
    /// Credit line of the data.
    pub source: String,
    /// Absolute URL the site is published at, ending with `/`
    /// (`https://exemple.fr/` or `https://exemple.fr/cantines/`).
    pub base_url: String,
}

impl Site {
    /// The URL path the site is served from: `/` or `/cantines/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }
}

/// What one job produces.
pub enum Job {
    /// An HTML page from a template and its context.
    Page {
        /// Path in the site (`cantines/123/index.html`).
        path: String,
        /// Template name.
        template: &'static str,
        /// Template context.
        context: tera::Context,
    },
    /// A page of a canteen list: its context without the entries, made
    /// at render time from the canteens' indexes. At national scale the
    /// lists hold about four entries per canteen; planned as template
    /// values they took 0.5 GB (benches/README.md).
    Liste {
        /// Path in the site (`departements/07/page/2/index.html`).
        path: String,
        /// Template name.
        template: &'static str,
        /// Template context, `entrees` excepted.
        context: tera::Context,
        /// Indexes of the listed canteens, in list order.
        indices: Vec<usize>,
    },
    /// A canteen page (built lazily from the canteen index, to keep memory flat).
    Cantine(usize),
    /// A canteen's JSON (lazily).
    ApiCantine(usize),
    /// Bytes already made (static files, exports), in pieces put end to
    /// end when written: the national exports (82 MB at 100 000 canteens)
    /// are never joined in memory.
    Fichier {
        /// Path in the site.
        path: String,
        /// The key of its inputs, when known (else its bytes' hash is kept).
        key: Option<u128>,
        /// Content, piece by piece (often one piece).
        morceaux: Vec<Vec<u8>>,
    },
    /// A file kept from the previous build by the plan (its inputs'
    /// key unchanged): nothing to write.
    Garde {
        /// Path in the site.
        path: String,
    },
    /// A national export patched from the previous build's file
    /// ([`crate::output::patch`]).
    Morceaux {
        /// Path in the site.
        path: String,
        /// The key of the whole file.
        key: u128,
        /// Its pieces, new or to copy.
        pieces: Vec<crate::output::Piece>,
    },
}

impl Job {
    /// A file of bytes already made, in one piece.
    pub fn fichier(path: impl Into<String>, bytes: Vec<u8>) -> Job {
        Job::Fichier {
            path: path.into(),
            key: None,
            morceaux: vec![bytes],
        }
    }

    /// The path this job writes, given the canteens.
    pub fn path(&self, cantines: &[Cantine<'_>]) -> String {
        match self {
            Job::Page { path, .. }
            | Job::Liste { path, .. }
            | Job::Fichier { path, .. }
            | Job::Garde { path }
            | Job::Morceaux { path, .. } => path.clone(),
            // 200 000 paths per national build: joined without `format!`.
            Job::Cantine(i) => cantines
                .get(*i)
                .map(|c| {
                    let mut path = c.url();
                    path.push_str("index.html");
                    path
                })
                .unwrap_or_default(),
            Job::ApiCantine(i) => cantines
                .get(*i)
                .map(|c| ["api/cantines/", &c.decl.siret, ".json"].concat())
                .unwrap_or_default(),
        }
    }
}

/// Canteens for the tests of the site's files: the repository's real
/// declarations, computed as a build computes them, plus a few whose texts
/// need escaping in CSV and JSON.
#[cfg(test)]
pub(crate) mod essai {
    use super::Cantine;
    use crate::model::Declaration;
    use std::collections::HashMap;

    /// Names that need quoting or escaping somewhere.
    const NOMS: [&str; 4] = [
        "Cantine \"Les Lilas\", annexe",
        "Self\\Restaurant\tdu port",
        "École\nsur deux lignes",
        "Crèche « Les Écureuils » ; cuisine",
    ];

    /// (folder, declaration) of every file, in path order.
    pub fn declarations() -> Vec<(String, Declaration)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load_declarations(root);
        let mut out: Vec<(String, Declaration)> = loaded
            .files
            .into_iter()
            .filter_map(|f| Some((f.folder().to_string(), f.declaration?)))
            .filter(|(_, d)| crate::validate::est_publiable(d))
            .collect();
        // Renamed copies of the first few, with new SIRETs.
        let copies: Vec<(String, Declaration)> = out
            .iter()
            .take(NOMS.len())
            .zip(NOMS)
            .enumerate()
            .map(|(i, ((folder, d), nom))| {
                let mut d = d.clone();
                d.nom = nom.to_string();
                d.siret = format!("9999999999{i:04}");
                (folder.clone(), d)
            })
            .collect();
        out.extend(copies);
        out
    }

    /// The published canteens of `decls`, in the build's order.
    pub fn cantines(decls: &[(String, Declaration)]) -> Vec<Cantine<'_>> {
        let by_siret: HashMap<&str, &Declaration> =
            decls.iter().map(|(_, d)| (d.siret.as_str(), d)).collect();
        let mut v: Vec<Cantine<'_>> = decls
            .iter()
            .map(|(folder, d)| {
                let central = d
                    .siret_cuisine_centrale
                    .as_deref()
                    .and_then(|s| by_siret.get(s).copied());
                Cantine::new(d, folder, central)
            })
            .collect();
        v.sort_by_cached_key(|c| {
            (
                crate::model::reference::normalize_label(&c.decl.nom),
                c.decl.siret.clone(),
            )
        });
        v
    }
}
