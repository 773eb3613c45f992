//! `/recherche/`: find a canteen among all of them without a server. The
//! page holds the form; `recherche.js` (theme) reads the index files that
//! [`index::fichiers`] writes (from [`index::tranches`]) under `recherche/index/`.

pub mod gardes;
pub mod index;
pub mod mots;
pub mod plier;
pub mod reprise;

use super::pages::Commun;
use super::{Cantine, Job};
use crate::model::{Categorie, territory};
use crate::render::charts::format::entier;
use reprise::Reprise;

/// The search page and its index files (those unchanged since the
/// previous build kept by `reprise`).
pub fn jobs(commun: &Commun<'_>, cantines: &[Cantine<'_>], reprise: &Reprise<'_>) -> Vec<Job> {
    let tranches = index::tranches(cantines);
    let fichiers = index::fichiers(&tranches, reprise);
    // A token of the index's content, added to its URLs (`?v=…`) so that a
    // browser never mixes a cached shard with a newer national index: the
    // keys of its canteens in row order, which its bytes follow.
    let version = reprise.version(&tranches);
    // (code, option label sorted by code, name shown in results).
    let departements: Vec<(&str, String, &str)> = tranches
        .iter()
        .map(|(code, _)| match territory::departement(code) {
            Some(d) => (*code, format!("{} – {}", d.code, d.nom), d.nom),
            None => (
                *code,
                "Département non renseigné".into(),
                "département non renseigné",
            ),
        })
        .collect();
    let categories: Vec<(&str, &str)> = Categorie::ALL
        .iter()
        .map(|c| (c.slug(), c.label()))
        .collect();

    let mut ctx = commun.context(
        "recherche/index.html",
        "Rechercher une cantine",
        "Trouver une cantine par son nom, sa commune, son code postal ou son SIRET.",
        "recherche",
        vec![
            ("Accueil".into(), String::new()),
            ("Recherche".into(), "recherche/".into()),
        ],
    );
    ctx.insert(
        "nombre_cantines",
        &entier(u64::try_from(cantines.len()).unwrap_or(u64::MAX)),
    );
    ctx.insert("departements", &departements);
    ctx.insert("categories", &categories);
    ctx.insert("version_index", &format!("{:08x}", version & 0xffff_ffff));
    let mut jobs = vec![Job::Page {
        path: "recherche/index.html".into(),
        template: "recherche.html",
        context: ctx,
    }];
    jobs.extend(fichiers.into_iter().map(|f| match f.bytes {
        Some(bytes) => Job::Fichier {
            path: f.path,
            key: f.key,
            morceaux: vec![bytes],
        },
        None => Job::Garde { path: f.path },
    }));
    jobs
}
