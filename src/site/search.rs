//! `/recherche/`: find a canteen among all of them without a server.

use super::pages::Commun;
use super::{Cantine, Job};

/// The search page and its index files.
pub fn jobs(commun: &Commun<'_>, cantines: &[Cantine<'_>]) -> Vec<Job> {
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
    ctx.insert("nombre_cantines", &cantines.len());
    vec![Job::Page {
        path: "recherche/index.html".into(),
        template: "recherche.html",
        context: ctx,
    }]
}
