//! The territory pages: the list of régions, one page per région and one
//! per département of the official list (Code officiel géographique),
//! whether or not a canteen of it has published yet, with their figures
//! and their canteens (content/methodologie.md, « Les statistiques »).

use super::Job;
use super::campagne::objectifs_de_tranche;
use super::pages::{Commun, LienCompte, Liste, Tamis, accueil, liste_pages};
use super::slice_page::stats_vue;
use crate::aggregate::campagnes::Campagnes;
use crate::aggregate::{Dimension, INCONNU, Statistiques};
use crate::model::territory::{self, Departement, Region};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What the territory pages are made from.
pub struct Territoires<'p> {
    /// Settings and assets of every page.
    pub commun: &'p Commun<'p>,
    /// The indexes of each département's canteens, by code.
    pub par_dep: &'p BTreeMap<&'p str, Vec<usize>>,
    /// The communes of each département that have canteens: (INSEE code,
    /// canteens' indexes).
    pub communes_par_dep: &'p BTreeMap<&'p str, Vec<(&'p str, &'p Vec<usize>)>>,
    /// Every figure.
    pub stats: &'p Statistiques,
    /// The published campaign and those in progress.
    pub campagnes: &'p Campagnes,
    /// Keeps the unchanged list pages of the previous build.
    pub tamis: &'p Tamis<'p>,
}

impl Territoires<'_> {
    /// The count of canteens and the objectives share of a slice, as the
    /// lists show them.
    fn lien(&self, dim: Dimension, code: &str, texte: String, url: String) -> LienCompte {
        LienCompte {
            texte,
            url,
            cantines: self.stats.tranche(dim, code).map_or(0, |t| t.cantines),
            objectifs: objectifs_de_tranche(self.stats, self.campagnes, dim, code),
        }
    }

    fn lien_region(&self, r: &Region) -> LienCompte {
        let url = format!("regions/{}/", r.code);
        self.lien(Dimension::Region, r.code, r.nom.to_string(), url)
    }

    fn lien_departement(&self, d: &Departement) -> LienCompte {
        let texte = format!("{} ({})", d.nom, d.code);
        let url = format!("departements/{}/", d.code);
        self.lien(Dimension::Departement, d.code, texte, url)
    }

    /// The list of every région, as the régions page and the site map
    /// show it.
    pub fn liste_regions(&self) -> Vec<LienCompte> {
        territory::regions()
            .iter()
            .map(|r| self.lien_region(r))
            .collect()
    }

    /// Every territory page: the régions page, each région, each
    /// département (and the département « non renseigné » when some
    /// canteens have none).
    pub fn jobs(&self, source: &str) -> Vec<Job> {
        let mut jobs = vec![self.page_regions()];
        for r in territory::regions() {
            jobs.push(self.page_region(r, source));
        }
        let codes: Vec<&str> = territory::departements()
            .iter()
            .map(|d| d.code)
            .chain(self.par_dep.contains_key(INCONNU).then_some(INCONNU))
            .collect();
        let par_departement: Vec<Vec<Job>> = codes
            .par_iter()
            .map(|code| self.pages_departement(code, source))
            .collect();
        jobs.extend(par_departement.into_iter().flatten());
        jobs
    }

    fn page_regions(&self) -> Job {
        let mut ctx = self.commun.context(
            "regions/index.html",
            "Régions et départements",
            "Les chiffres EGalim de chaque région et département.",
            "territoires",
            vec![accueil(), ("Territoires".into(), "regions/".into())],
        );
        ctx.insert("regions", &self.liste_regions());
        let inconnu: Vec<LienCompte> = self
            .par_dep
            .contains_key(INCONNU)
            .then(|| {
                self.lien(
                    Dimension::Departement,
                    INCONNU,
                    "Département non renseigné".into(),
                    "departements/inconnu/".into(),
                )
            })
            .into_iter()
            .collect();
        ctx.insert("inconnu", &inconnu);
        ctx.insert("annee", &self.campagnes.publiee);
        Job::Page {
            path: "regions/index.html".into(),
            template: "regions.html",
            context: ctx,
        }
    }

    fn page_region(&self, r: &Region, source: &str) -> Job {
        let deps: Vec<&Departement> = territory::departements()
            .iter()
            .filter(|d| d.region == r.code)
            .collect();
        let sous: Vec<(String, String)> = deps
            .iter()
            .map(|d| (format!("{} ({})", d.nom, d.code), d.code.to_string()))
            .collect();
        let path = format!("regions/{}/index.html", r.code);
        let fil = vec![
            accueil(),
            ("Territoires".into(), "regions/".into()),
            (r.nom.to_string(), format!("regions/{}/", r.code)),
        ];
        let mut ctx = self.commun.context(
            &path,
            r.nom,
            &format!("Les chiffres EGalim des cantines de la région {}.", r.nom),
            "territoires",
            fil,
        );
        ctx.insert("titre", r.nom);
        ctx.insert(
            "stats",
            &stats_vue(
                self.stats,
                self.campagnes,
                Dimension::Region,
                r.code,
                r.nom,
                Some((Dimension::Departement, "Département", &sous)),
            ),
        );
        let vide = self.stats.tranche(Dimension::Region, r.code).is_none();
        ctx.insert("vide", &vide);
        let liens: Vec<LienCompte> = deps.iter().map(|d| self.lien_departement(d)).collect();
        ctx.insert("sous_liens", &liens);
        ctx.insert("sous_titre", "Départements");
        ctx.insert("numero_page", &1);
        ctx.insert("source", source);
        Job::Page {
            path,
            template: "tranche.html",
            context: ctx,
        }
    }

    /// A département's list pages, the first with its figures and
    /// communes.
    fn pages_departement(&self, code: &str, source: &str) -> Vec<Job> {
        let dep = territory::departement(code);
        let nom = dep.map_or_else(
            || "Département non renseigné".to_string(),
            |d| format!("{} ({})", d.nom, d.code),
        );
        let base = format!("departements/{code}/");
        let mut fil = vec![accueil(), ("Territoires".into(), "regions/".into())];
        if let Some(r) = dep.and_then(|d| d.region()) {
            fil.push((r.nom.to_string(), format!("regions/{}/", r.code)));
        }
        fil.push((nom.clone(), base.clone()));
        let mut extra = tera::Context::new();
        extra.insert("titre", &nom);
        extra.insert("source", source);
        let idx = self.par_dep.get(code).map_or(&[][..], Vec::as_slice);
        extra.insert("vide", &idx.is_empty());
        let mut premiere = tera::Context::new();
        premiere.insert(
            "stats",
            &stats_vue(
                self.stats,
                self.campagnes,
                Dimension::Departement,
                code,
                &nom,
                None,
            ),
        );
        premiere.insert("communes", &self.communes(code));
        let mut jobs = Vec::new();
        liste_pages(
            &mut jobs,
            self.commun,
            &Liste {
                base: &base,
                titre: &nom,
                fil: &fil,
                extra: &extra,
                premiere,
            },
            idx,
            self.tamis,
        );
        jobs
    }

    /// The communes of a département that have canteens, in reading order.
    fn communes(&self, code: &str) -> Vec<LienCompte> {
        let mut v: Vec<LienCompte> = self
            .communes_par_dep
            .get(code)
            .into_iter()
            .flatten()
            .map(|&(insee, ix)| LienCompte {
                texte: territory::commune(insee)
                    .map_or_else(|| insee.to_string(), |c| c.nom.to_string()),
                url: format!("communes/{insee}/"),
                cantines: ix.len() as u64,
                objectifs: String::new(),
            })
            .collect();
        // Alphabetical as a reader expects it: Gévézé before Guichen,
        // not after Guipry-Messac as byte order puts it.
        v.sort_by_cached_key(|c| {
            (
                crate::model::reference::normalize_label(&c.texte),
                c.url.clone(),
            )
        });
        v
    }
}
