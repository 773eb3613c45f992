//! Every page of the site, as jobs: home, territories, sectors, communes,
//! content pages, data page, site map, 404, and the canteen pages.

use super::campagne::objectifs_de_tranche;
use super::content::ContentPage;
use super::listing;
use super::opendata;
use super::pages_territoires::Territoires;
use super::slice_page::stats_vue;
use super::{Cantine, Job, Site};
use crate::aggregate::campagnes::Campagnes;
use crate::aggregate::{Dimension, Statistiques};
use crate::model::territory;
use crate::model::{Categorie, Secteur};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What every page template receives besides its own data.
pub struct Commun<'a> {
    /// Site settings.
    pub site: &'a Site,
    /// URL path prefix (`/` or `/sous-chemin/`).
    pub root: String,
    /// Fingerprinted asset paths by logical name.
    pub assets: BTreeMap<&'static str, String>,
}

/// The `page` object of templates.
#[derive(Serialize)]
struct PageMeta<'a> {
    titre: &'a str,
    description: &'a str,
    rubrique: &'a str,
    fil: Vec<(String, String)>,
    canonique: Option<String>,
}

impl Commun<'_> {
    /// A template context with the common variables.
    pub fn context(
        &self,
        path: &str,
        titre: &str,
        description: &str,
        rubrique: &str,
        fil: Vec<(String, String)>,
    ) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", self.site);
        ctx.insert("root", &self.root);
        ctx.insert("assets", &self.assets);
        let url_path = path.strip_suffix("index.html").unwrap_or(path);
        let canonique = self
            .site
            .base_url
            .contains("://")
            .then(|| format!("{}{}", self.site.base_url, url_path));
        ctx.insert(
            "page",
            &PageMeta {
                titre,
                description,
                rubrique,
                fil,
                canonique,
            },
        );
        ctx
    }
}

/// The first link of every breadcrumb.
pub(super) fn accueil() -> (String, String) {
    ("Accueil".to_string(), String::new())
}

/// A slice in a list: its page, its canteens, its objectives share.
#[derive(Serialize)]
pub(super) struct LienCompte {
    pub(super) texte: String,
    pub(super) url: String,
    pub(super) cantines: u64,
    pub(super) objectifs: String,
}

/// A slice as a list shows it: canteens and the objectives share of the
/// published campaign.
fn lien_compte(
    (stats, campagnes): (&Statistiques, &Campagnes),
    dim: Dimension,
    code: &str,
    texte: String,
    url: String,
) -> LienCompte {
    LienCompte {
        texte,
        url,
        cantines: stats.tranche(dim, code).map_or(0, |t| t.cantines),
        objectifs: objectifs_de_tranche(stats, campagnes, dim, code),
    }
}

/// A paginated list page: where it is and what it shows.
pub(super) struct Liste<'a> {
    pub(super) base: &'a str,
    pub(super) titre: &'a str,
    pub(super) fil: &'a [(String, String)],
    /// What every page of the list shows.
    pub(super) extra: &'a tera::Context,
    /// What only the first page shows (the slice's figures, its communes):
    /// not copied into the other pages' contexts, where the template does
    /// not read it (at national scale, 1 500 list pages).
    pub(super) premiere: tera::Context,
}

/// What the plan does with each list page as soon as it is made: the
/// build keys it and, when the previous site holds it made from the same
/// key, keeps that file (a [`Job::Garde`]), so that the page's context is
/// freed at once rather than held until the render stage (at national
/// scale, 6 500 list pages and 45 MB of contexts, nearly all unchanged
/// after one change).
pub type Tamis<'a> = dyn Fn(Job) -> Job + Sync + 'a;

/// The pages of a list, planned in parallel and pushed in order.
pub(super) fn liste_pages(
    jobs: &mut Vec<Job>,
    commun: &Commun<'_>,
    l: &Liste<'_>,
    idx: &[usize],
    tamis: &Tamis<'_>,
) {
    let Liste {
        base,
        titre,
        fil,
        extra,
        ref premiere,
    } = *l;
    let template = "tranche.html";
    // The pages of a list in parallel, in order: a sector's list has up
    // to 150 pages, each keyed (see [`Tamis`]) as soon as it is planned.
    let pages = listing::paginer(base, idx.to_vec());
    let planned: Vec<Job> = pages
        .into_par_iter()
        .map(|(n, chunk, liens)| {
            let path = format!("{}index.html", listing::page_url(base, n));
            let t = if n > 1 {
                format!("{titre} (page {n})")
            } else {
                titre.to_string()
            };
            let mut ctx = commun.context(
                &path,
                &t,
                &format!("Cantines et chiffres EGalim : {titre}."),
                "territoires",
                fil.to_vec(),
            );
            ctx.extend(extra.clone());
            if n == 1 {
                ctx.extend(premiere.clone());
            }
            ctx.insert("pages", &liens);
            ctx.insert("numero_page", &n);
            tamis(Job::Liste {
                path,
                template,
                context: ctx,
                indices: chunk,
            })
        })
        .collect();
    jobs.extend(planned);
}

/// Plans the pages that do not depend on one canteen alone: home,
/// territories, sectors, content, data. `cantines` are sorted by name then
/// SIRET; `par_dep` holds the indexes of each département's canteens, by
/// code (the aggregate stage groups them, for its totals too).
fn plan_pages(
    commun: &Commun<'_>,
    cantines: &[Cantine<'_>],
    par_dep: &BTreeMap<&str, Vec<usize>>,
    (stats, campagnes): (&Statistiques, &Campagnes),
    contenus: &[ContentPage],
    tamis: &Tamis<'_>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let source = &commun.site.source;

    // Indexes of canteens by slice, in list order: gathered in hash maps
    // (100 000 canteens, 30 000 communes: a sorted map would compare
    // codes 15 times per canteen), then sorted once by code.
    // The départements come grouped (`par_dep`, by the aggregate stage);
    // the communes and the sectors (read from the declarations) are
    // grouped side by side.
    type Groupes<'c> = BTreeMap<&'c str, Vec<usize>>;
    let (par_commune, par_secteur): (Groupes<'_>, Groupes<'_>) = rayon::join(
        || {
            let mut par_commune: foldhash::HashMap<&str, Vec<usize>> = Default::default();
            for (i, c) in cantines.iter().enumerate() {
                if let Some(com) = c.commune {
                    par_commune.entry(com.code).or_default().push(i);
                }
            }
            par_commune.into_iter().collect()
        },
        || {
            let mut par_secteur: foldhash::HashMap<&str, Vec<usize>> = Default::default();
            for (i, c) in cantines.iter().enumerate() {
                for s in c.decl.secteurs.iter().flatten() {
                    par_secteur.entry(s.slug()).or_default().push(i);
                }
            }
            par_secteur.into_iter().collect()
        },
    );

    // Home.
    let regions: Vec<(String, String)> = territory::regions()
        .iter()
        .filter(|r| stats.tranche(Dimension::Region, r.code).is_some())
        .map(|r| (r.nom.to_string(), r.code.to_string()))
        .collect();
    let mut ctx = commun.context("index.html", "Accueil", "Où en est chaque cantine de France avec la loi EGalim : bio, produits durables, gaspillage, plastique, menus végétariens.", "accueil", Vec::new());
    ctx.insert(
        "stats",
        &stats_vue(
            stats,
            campagnes,
            Dimension::National,
            crate::aggregate::FRANCE,
            "en France",
            Some((Dimension::Region, "Région", &regions)),
        ),
    );
    ctx.insert(
        "carte",
        &super::pages_carte::carte_nationale(stats, campagnes, &commun.root),
    );
    let categories: Vec<(String, String)> = Categorie::ALL
        .iter()
        .map(|c| (c.label().to_string(), c.slug().to_string()))
        .collect();
    let cat_fig = super::pages_carte::barres_categories(stats, campagnes, &categories);
    ctx.insert("figure_categories", &cat_fig);
    ctx.insert("source", source);
    jobs.push(Job::Page {
        path: "index.html".into(),
        template: "index.html",
        context: ctx,
    });

    // Communes of each département, grouped once (not a scan of every
    // commune per département).
    let mut communes_par_dep: BTreeMap<&str, Vec<(&str, &Vec<usize>)>> = BTreeMap::new();
    for (insee, ix) in &par_commune {
        if let Some(c) = territory::commune(insee) {
            communes_par_dep
                .entry(c.departement)
                .or_default()
                .push((insee, ix));
        }
    }

    // Régions and départements, every one of the official list.
    let territoires = Territoires {
        commun,
        par_dep,
        communes_par_dep: &communes_par_dep,
        stats,
        campagnes,
        tamis,
    };
    let liste_regions = territoires.liste_regions();
    jobs.extend(territoires.jobs(source));

    // Communes: the last step of browsing without JavaScript.
    let par_commune_v: Vec<(&&str, &Vec<usize>)> = par_commune.iter().collect();
    let commune_jobs: Vec<Job> = par_commune_v
        .par_iter()
        .filter_map(|&(insee, idx)| {
            let com = territory::commune(insee)?;
            let dep = territory::departement(com.departement);
            let path = format!("communes/{insee}/index.html");
            let mut fil = vec![accueil(), ("Territoires".into(), "regions/".into())];
            if let Some(d) = dep {
                if let Some(r) = d.region() {
                    fil.push((r.nom.to_string(), format!("regions/{}/", r.code)));
                }
                fil.push((
                    format!("{} ({})", d.nom, d.code),
                    format!("departements/{}/", d.code),
                ));
            }
            fil.push((com.nom.to_string(), format!("communes/{insee}/")));
            let titre = format!("Cantines de {} ({})", com.nom, com.departement);
            let mut ctx = commun.context(
                &path,
                &titre,
                &format!("Les cantines de {} et leurs chiffres EGalim.", com.nom),
                "territoires",
                fil,
            );
            ctx.insert("titre", &titre);
            // Every canteen of the list is in this commune: no commune column.
            ctx.insert("sans_commune", &true);
            ctx.insert("pages", &Vec::<listing::PageLien>::new());
            ctx.insert("numero_page", &1);
            Some(tamis(Job::Liste {
                path,
                template: "tranche.html",
                context: ctx,
                indices: idx.clone(),
            }))
        })
        .collect();
    jobs.extend(commune_jobs);

    // Sectors and categories.
    let mut cats = Vec::new();
    for cat in Categorie::ALL {
        let secteurs: Vec<LienCompte> = Secteur::ALL
            .iter()
            .filter(|s| s.categorie() == *cat)
            .map(|s| {
                lien_compte(
                    (stats, campagnes),
                    Dimension::Secteur,
                    s.slug(),
                    s.label().to_string(),
                    format!("secteurs/{}/", s.slug()),
                )
            })
            .collect();
        cats.push((
            lien_compte(
                (stats, campagnes),
                Dimension::Categorie,
                cat.slug(),
                cat.label().to_string(),
                String::new(),
            ),
            secteurs,
        ));
    }
    let mut ctx = commun.context("secteurs/index.html", "Secteurs", "Les chiffres EGalim par secteur : scolaire, santé, social, entreprises, administrations, loisirs.", "secteurs", vec![accueil(), ("Secteurs".into(), "secteurs/".into())]);
    ctx.insert("categories", &cats);
    ctx.insert(
        "figure_categories",
        &super::pages_carte::barres_categories(stats, campagnes, &categories),
    );
    jobs.push(Job::Page {
        path: "secteurs/index.html".into(),
        template: "secteurs.html",
        context: ctx,
    });
    for s in Secteur::ALL {
        let idx = par_secteur.get(s.slug()).cloned().unwrap_or_default();
        let base = format!("secteurs/{}/", s.slug());
        let fil = vec![
            accueil(),
            ("Secteurs".into(), "secteurs/".into()),
            (s.label().to_string(), base.clone()),
        ];
        let mut extra = tera::Context::new();
        extra.insert("titre", s.label());
        extra.insert("categorie", s.categorie().label());
        extra.insert("vide", &idx.is_empty());
        let mut premiere = tera::Context::new();
        premiere.insert(
            "stats",
            &stats_vue(
                stats,
                campagnes,
                Dimension::Secteur,
                s.slug(),
                &format!("secteur « {} »", s.label()),
                None,
            ),
        );
        extra.insert("source", source);
        liste_pages(
            &mut jobs,
            commun,
            &Liste {
                base: &base,
                titre: s.label(),
                fil: &fil,
                extra: &extra,
                premiere,
            },
            &idx,
            tamis,
        );
    }

    // Content pages.
    for p in contenus {
        let path = format!("{}/index.html", p.slug);
        let rubrique = if p.slug == "methodologie" {
            "methodologie"
        } else {
            ""
        };
        let mut ctx = commun.context(
            &path,
            &p.meta.title,
            &p.meta.description,
            rubrique,
            vec![accueil(), (p.meta.title.clone(), format!("{}/", p.slug))],
        );
        ctx.insert("contenu", &p.html);
        jobs.push(Job::Page {
            path,
            template: "page.html",
            context: ctx,
        });
    }

    // Open data page.
    let mut ctx = commun.context(
        "donnees/index.html",
        "Données ouvertes",
        "Télécharger les chiffres EGalim de chaque cantine : CSV, JSON, et leur description.",
        "donnees",
        vec![accueil(), ("Données ouvertes".into(), "donnees/".into())],
    );
    ctx.insert("colonnes_bilans", opendata::COLONNES_BILANS);
    ctx.insert("colonnes_cantines", opendata::COLONNES_CANTINES);
    // Counts written as on the other pages ("12 694", not "12694").
    let entier = |n: usize| crate::render::charts::format::entier(n as u64);
    ctx.insert("nombre_cantines", &entier(cantines.len()));
    ctx.insert(
        "nombre_bilans",
        &entier(cantines.iter().map(|c| c.decl.bilans.len()).sum::<usize>()),
    );
    ctx.insert("source", source);
    jobs.push(Job::Page {
        path: "donnees/index.html".into(),
        template: "donnees.html",
        context: ctx,
    });

    // Site map page, 404.
    let mut ctx = commun.context(
        "plan-du-site/index.html",
        "Plan du site",
        "Toutes les rubriques du site.",
        "",
        vec![accueil(), ("Plan du site".into(), "plan-du-site/".into())],
    );
    ctx.insert("regions", &liste_regions);
    ctx.insert(
        "contenus",
        &contenus
            .iter()
            .map(|p| (p.meta.title.clone(), format!("{}/", p.slug)))
            .collect::<Vec<_>>(),
    );
    jobs.push(Job::Page {
        path: "plan-du-site/index.html".into(),
        template: "plan.html",
        context: ctx,
    });
    let ctx = commun.context(
        "404.html",
        "Page introuvable",
        "Cette page n'existe pas.",
        "",
        Vec::new(),
    );
    jobs.push(Job::Page {
        path: "404.html".into(),
        template: "404.html",
        context: ctx,
    });

    jobs
}

/// Room left in the plan for the files the build adds to it.
const AJOUTS: usize = 256;

/// Every job of the site but the open-data exports and sitemaps: the
/// search index is made while the other pages are planned. `par_dep`:
/// the indexes of each département's canteens, by code.
pub fn plan(
    commun: &Commun<'_>,
    cantines: &[Cantine<'_>],
    par_dep: &BTreeMap<&str, Vec<usize>>,
    stats: (&Statistiques, &Campagnes),
    contenus: &[ContentPage],
    reprise: &super::search::reprise::Reprise<'_>,
    tamis: &Tamis<'_>,
) -> Vec<Job> {
    let (mut jobs, recherche) = rayon::join(
        || plan_pages(commun, cantines, par_dep, stats, contenus, tamis),
        || super::search::jobs(commun, cantines, reprise),
    );
    // Sized once: 210 000 jobs at national scale, and the few files the
    // build adds (theme, exports, sitemaps), so that it is never regrown.
    jobs.reserve(recherche.len() + 2 * cantines.len() + AJOUTS);
    jobs.extend(recherche);

    // Canteens and their JSON, written in place by both threads (pushed
    // by one, the 200 000 jobs kept the other core idle).
    jobs.par_extend((0..2 * cantines.len()).into_par_iter().map(|k| {
        if k % 2 == 0 {
            Job::Cantine(k / 2)
        } else {
            Job::ApiCantine(k / 2)
        }
    }));
    jobs
}
