//! `cantine build`: load → validate → compute → aggregate → plan → render
//! → write, with the time of each stage. The site replaces the previous one
//! only when every stage succeeded.

use crate::aggregate::campagnes::Campagnes;
use crate::cache::{self, Cache};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::render::compiled::PageCantine;
use crate::render::theme::{Theme, ThemeError, tera_error_chain};
use crate::site::links::{self, BrokenLink};
use crate::site::listing;
use crate::site::pages::{self, Commun};
use crate::site::search::gardes::Gardes;
use crate::site::search::reprise::{self, Reprise};
use crate::site::{self, Cantine, Job, Site, canteen_page, exports_patch, opendata, sitemap};
use crate::{aggregate, load, output, validate};
use foldhash::{HashMap, HashMapExt as _};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Options of a build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Repository root (holds `declarations/`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Output folder, replaced on success.
    pub output: PathBuf,
    /// Absolute URL the site is published at; `None` takes `site.toml`'s.
    pub base_url: Option<String>,
    /// Theme name under `themes/`.
    pub theme: String,
    /// Current year (upper bound of data years).
    pub current_year: u16,
    /// Folder of the build cache (`None`: every file is read and checked).
    pub cache: Option<PathBuf>,
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct Report {
    /// Canteens published.
    pub cantines: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all.
    pub fichiers: usize,
    /// Bytes written.
    pub octets: u64,
    /// Files linked unchanged from the previous build (not rewritten).
    pub inchanges: usize,
    /// Warnings of the declarations (not fatal).
    pub avertissements: usize,
    /// Time of each stage, in order.
    pub durees: Vec<(&'static str, Duration)>,
    /// Declaration files read from disk (the others came from the cache).
    pub relues: usize,
    /// Declaration files taken from the cache (unchanged since a build).
    pub du_cache: usize,
    /// Départements whose statistics were added up (their canteens
    /// changed, or no totals were kept).
    pub groupes_recomptes: usize,
    /// Départements whose statistics' totals came from the cache.
    pub groupes_repris: usize,
    /// Why the build cache could not be saved, if it could not.
    pub cache_error: Option<String>,
}

/// Why a build failed; the previous site is untouched.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Declarations or content pages have errors.
    #[error("{} erreur(s) dans les déclarations ou les pages : corrigez-les (cantine check les détaille)", count_errors(.0))]
    Invalid(Vec<Diagnostic>),
    /// The theme is missing or broken.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// A page could not be rendered.
    #[error("rendu de {page} impossible avec le modèle {template} : {detail}")]
    Render {
        /// Page path.
        page: String,
        /// Template.
        template: String,
        /// Why.
        detail: String,
    },
    /// Some internal links point nowhere.
    #[error("{} lien(s) interne(s) cassé(s), par exemple « {} » dans {}", .0.len(), .0.first().map(|l| l.href.as_str()).unwrap_or(""), .0.first().map(|l| l.page.as_str()).unwrap_or(""))]
    BrokenLinks(Vec<BrokenLink>),
    /// The site configuration is invalid.
    #[error("site.toml invalide : {0}")]
    Config(String),
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// Bilans kept in the build cache could not be read back (see
    /// `model::bilans::illisibles`): the cache was removed.
    #[error(
        "le cache de construction ({0}) était endommagé : il a été effacé, relancez la construction"
    )]
    CacheIllisible(String),
}

fn count_errors(d: &[Diagnostic]) -> usize {
    d.iter().filter(|x| x.severity == Severity::Error).count()
}

/// `site.toml` at the repository root.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteConfig {
    titre: String,
    devise: String,
    source: String,
    base_url: String,
    /// The latest campaign (data year) published as the national result;
    /// unset: the coverage rule decides (`aggregate::campagnes`).
    campagne_publiee: Option<u16>,
}

/// The first data year a bilan may have (content/contribuer.md).
const PREMIERE_ANNEE: u16 = 2019;

/// `site.toml`'s settings, and its `campagne_publiee` (checked against
/// the data years a bilan may have).
fn load_site(
    root: &Path,
    base_url: Option<&str>,
    current_year: u16,
) -> Result<(Site, Option<u16>), BuildError> {
    let text = std::fs::read_to_string(root.join("site.toml"))
        .map_err(|e| BuildError::Config(e.to_string()))?;
    let cfg: SiteConfig =
        toml::from_str(&text).map_err(|e| BuildError::Config(e.message().to_string()))?;
    let mut base = base_url.map_or(cfg.base_url, str::to_string);
    if !base.ends_with('/') {
        base.push('/');
    }
    if !(base.starts_with("https://") || base.starts_with("http://") || base.starts_with('/')) {
        return Err(BuildError::Config(format!(
            "base_url « {base} » : une URL absolue (https://…) ou un chemin (/…) est attendu"
        )));
    }
    if let Some(annee) = cfg.campagne_publiee
        && !(PREMIERE_ANNEE..=current_year).contains(&annee)
    {
        return Err(BuildError::Config(format!(
            "campagne_publiee = {annee} : indiquez l'année des données de la dernière campagne close, entre {PREMIERE_ANNEE} et {current_year} (ex. campagne_publiee = {}), ou supprimez la ligne pour que la règle de couverture décide",
            current_year.saturating_sub(1).max(PREMIERE_ANNEE)
        )));
    }
    let site = Site {
        titre: cfg.titre,
        devise: cfg.devise,
        source: cfg.source,
        base_url: base,
    };
    Ok((site, cfg.campagne_publiee))
}

struct Timer {
    start: Instant,
    durees: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.durees.push((stage, now - self.start));
        self.start = now;
    }
}

struct Annuaire<'f, 'a> {
    /// Every declaration file by SIRET (a canteen's name is its published
    /// declaration's).
    fiches: &'f HashMap<&'a str, Fiche<'a>>,
    satellites: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    /// Other canteens set aside under each SIRET (site::qualite).
    ecartees: BTreeMap<String, site::qualite::Resume>,
}

impl canteen_page::Annuaire for Annuaire<'_, '_> {
    fn nom(&self, siret: &str) -> Option<&str> {
        Some(self.fiches.get(siret)?.publiee?.nom.as_str())
    }
    fn satellites(&self, siret: &str) -> Vec<(&str, &str)> {
        self.satellites.get(siret).cloned().unwrap_or_default()
    }
    fn ecartees(&self, siret: &str) -> Option<&site::qualite::Resume> {
        self.ecartees.get(siret)
    }
}

/// The satellites of each central kitchen, in the canteens' order; names
/// come from `fiches` (no second map of 100 000 names).
fn annuaire<'f, 'a>(
    cantines: &[Cantine<'a>],
    fiches: &'f HashMap<&'a str, Fiche<'a>>,
    ecartees: BTreeMap<String, site::qualite::Resume>,
) -> Annuaire<'f, 'a> {
    let mut satellites: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for c in cantines {
        if let Some(k) = c.decl.siret_cuisine_centrale.as_deref() {
            satellites
                .entry(k)
                .or_default()
                .push((c.decl.siret.as_str(), c.decl.nom.as_str()));
        }
    }
    Annuaire {
        fiches,
        satellites,
        ecartees,
    }
}

/// Each file's key and, when it is published, its declaration, by SIRET
/// (no SIRET is in two files once the files are valid): the data keys,
/// the central kitchens of satellites and their names.
fn fiches_par_siret<'a>(
    files: &'a [load::SourceFile],
    memos: &[cache::Memo],
) -> HashMap<&'a str, Fiche<'a>> {
    let mut fiches = HashMap::with_capacity(files.len());
    fiches.extend(files.iter().zip(memos).filter_map(|(f, m)| {
        let d = f.declaration.as_ref()?;
        let publiee = validate::est_publiable(d).then_some(d);
        Some((
            d.siret.as_str(),
            Fiche {
                cle: m.key,
                publiee,
            },
        ))
    }));
    fiches
}

/// What the per-file rules depend on besides the file: a cache written
/// with other options is not used.
fn cache_rules(v: &validate::Options) -> u128 {
    output::Key::default()
        .mix(&v.current_year.to_le_bytes())
        .finish()
}

/// The thread saving the cache; waited for when dropped, so that a
/// failed build does not exit while it writes. Saving is not part of the
/// build's result: a cache that cannot be written only makes the next
/// build slower, and the report says why.
struct Saver(Option<std::thread::JoinHandle<std::io::Result<()>>>);

impl Saver {
    /// Waits for the save; why it failed, if it did.
    fn finish(&mut self) -> Option<String> {
        match self.0.take()?.join() {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some("arrêt inattendu".into()),
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The RFC 3339 date of the build (from `SOURCE_DATE_EPOCH` when set), for the feed.
fn build_date(year: u16) -> String {
    format!("{year}-01-01T00:00:00Z")
}

/// Builds the whole site.
pub fn build(opts: &Options) -> Result<Report, BuildError> {
    let mut t = Timer {
        start: Instant::now(),
        durees: Vec::new(),
    };
    // The reference tables are read while the files are walked (see
    // `territory::preparer`; a thread that cannot start leaves them to
    // their first lookup).
    let _ = std::thread::Builder::new()
        .name("territoire".into())
        .spawn(crate::model::territory::preparer);
    // The theme's templates are parsed meanwhile too (its errors are told
    // at the plan stage, after the declarations').
    let theme_en_cours = {
        let (root, nom) = (opts.root.clone(), opts.theme.clone());
        std::thread::Builder::new()
            .name("theme".into())
            .spawn(move || Theme::load(&root, &nom))
            .ok()
    };
    let (site, campagne_publiee) =
        load_site(&opts.root, opts.base_url.as_deref(), opts.current_year)?;
    let illisibles = crate::model::bilans::illisibles();
    // The staging folder first: the previous site's marker is read, and
    // its files looked for, in the background while the stages below run
    // (nothing is published before the commit; a failed build removes
    // the staging folder).
    let staging = output::Staging::new(&opts.output)?;

    // load: files unchanged since the previous build come from the cache
    let vopts = validate::Options {
        current_year: opts.current_year,
    };
    let (mut loaded, memos, scanned, cache) =
        cache::load_opening(&opts.root, opts.cache.is_some(), || match &opts.cache {
            Some(dir) => Cache::open(dir, cache_rules(&vopts)),
            None => Cache::disabled(),
        });
    let (contenus, content_diags) = site::content::load(&opts.root);
    t.lap("chargement");

    // validate
    let mut diags = loaded.diagnostics.clone();
    let known: Vec<Option<&[Diagnostic]>> = memos.par_iter().map(|m| m.known.as_deref()).collect();
    let read = |path: &str| std::fs::read_to_string(opts.root.join(path)).ok();
    let (found, computed) = validate::validate_incremental(&loaded, &vopts, &known, &read);
    diags.extend(found);
    diags.extend(content_diags);
    // The rows of the open data not published (src/set_aside).
    let (ecartees, ecartees_diags) = crate::set_aside::load(&opts.root);
    diags.extend(ecartees_diags);
    diagnostics::sort(&mut diags);
    let relues = memos
        .iter()
        .filter(|m| m.origin == cache::Origin::Read)
        .count();
    let du_cache = memos.len() - relues;
    // The texts are needed no more once validated: each file's key for
    // the incremental output is kept, and the texts (108 MB at 100 000
    // canteens) are freed before the plan stage peaks.
    loaded
        .files
        .par_iter_mut()
        .for_each(|f| f.text = String::new());
    // The new cache is made while the map of the files by SIRET is (one
    // thread inserts 100 000 keys; the other encodes the new entries).
    let (update, fiches) = rayon::join(
        || cache::update(cache, &loaded, &memos, &computed, scanned),
        || fiches_par_siret(&loaded.files, &memos),
    );
    // The new cache is written while the build goes on; the build waits
    // for it before returning (`saver` joins on drop).
    let mut saver = Saver(update.map(|u| std::thread::spawn(move || u.save())));
    drop(computed);
    let (errors, warnings) = diagnostics::count(&diags);
    if errors > 0 {
        return Err(BuildError::Invalid(diags));
    }
    t.lap("validation");

    // compute
    let files: Vec<(&load::SourceFile, &crate::model::Declaration, u128)> = loaded
        .files
        .iter()
        .zip(&memos)
        .filter_map(|(f, m)| Some((f, f.declaration.as_ref()?, m.key)))
        .filter(|(_, d, _)| validate::est_publiable(d))
        .collect();
    drop(memos);
    // One canteen per file (an indexed map: written in place, not
    // gathered in parts and copied), with its file's key and its central
    // kitchen's (looked up here once, not by each key made from them).
    // (Their indicators are computed when first needed: see `Cantine`.)
    let cantines: Vec<Cantine<'_>> = files
        .par_iter()
        .map(|&(f, d, cle)| {
            let cuisine = d
                .siret_cuisine_centrale
                .as_deref()
                .and_then(|s| fiches.get(s));
            Cantine::new(d, f.folder(), cuisine.and_then(|k| k.publiee))
                .avec_cles(cle, cuisine.map_or(0, |k| k.cle))
        })
        .collect();
    // Alphabetical order as people read it: case and accents ignored.
    let cantines = par_ordre_alphabetique(cantines);
    t.lap("calcul");

    // aggregate: by département, each group's totals kept between builds
    // (a group whose canteens did not change is not added up again).
    // The program is part of the groups' keys (and of the export pieces'):
    // an unknown program matches no other build.
    let programme = match cache::program_id() {
        0 => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(u128::from(std::process::id()), |d| d.as_nanos()),
        id => id,
    };
    // Each canteen's data key (its file's and its central kitchen's),
    // while the canteens are grouped by département (and the satellites
    // by kitchen) and the previous totals are read.
    let ((donnees, (par_dep, annuaire)), memoire) = rayon::join(
        || {
            rayon::join(
                || -> Vec<u128> { cantines.par_iter().map(reprise::cle_de_donnees).collect() },
                // The satellites of each kitchen too, for the plan.
                || {
                    let autres = site::qualite::par_siret(ecartees.as_deref().unwrap_or_default());
                    (
                        par_departement(&cantines),
                        annuaire(&cantines, &fiches, autres),
                    )
                },
            )
        },
        || {
            opts.cache
                .as_deref()
                .map(aggregate::memoire::Memoire::lire)
                .unwrap_or_default()
        },
    );
    let groupes = groupes_d_agregats(&cantines, &par_dep, &donnees, programme);
    let groupes_total = groupes.len();
    let aggregate::memoire::Agregats {
        stats,
        garde,
        repris: groupes_repris,
    } = aggregate::memoire::agreger_par_groupes(
        &groupes,
        &memoire,
        opts.cache.is_some(),
        |c: &&Cantine<'_>| (c.decl, c.ind()),
    );
    drop(groupes);
    // The published campaign: the headline of every aggregate page.
    let campagnes = Campagnes::decider(&stats, campagne_publiee, opts.current_year);
    // Kept while the build goes on (the unchanged groups' bytes are those
    // of the memory read).
    let mut agregats_saver = Saver(match (&opts.cache, garde) {
        (Some(dir), Some(garde)) => {
            let dir = dir.clone();
            Some(std::thread::spawn(move || memoire.garder(&dir, &garde)))
        }
        _ => None,
    });
    t.lap("agrégats");

    // plan
    let theme = match theme_en_cours.map(std::thread::JoinHandle::join) {
        Some(Ok(theme)) => theme?,
        // No thread, or it stopped unexpectedly: loaded here.
        _ => Theme::load(&opts.root, &opts.theme)?,
    };
    let mut assets = BTreeMap::new();
    assets.insert("css", theme.asset("style.css"));
    assets.insert("recherche_js", theme.asset("recherche.js"));
    assets.insert("favicon", theme.asset("favicon.svg"));
    let commun = Commun {
        site: &site,
        root: site.base_path(),
        assets,
    };
    // What every page depends on: this program, the theme, the site settings.
    let base = output::Key::default()
        .mix(env!("CARGO_PKG_VERSION").as_bytes())
        .mix(&theme.fingerprint.to_le_bytes())
        .mix_json(&site);
    // What the national exports' pieces depend on besides their
    // canteens: the above and this very program (their rows are made by
    // code, not templates).
    let sel = base.mix(&programme.to_le_bytes()).finish();
    let anciennes = opts
        .cache
        .as_deref()
        .map(cache::pieces::read)
        .unwrap_or_default();
    // The canteen pages' names and keys first: the national exports and
    // the search index are made of pieces keyed by their canteens' keys.
    let cles = cles_des_pages(&cantines, base, &annuaire, &campagnes);
    // A search index file unchanged since the previous build is kept by
    // the plan itself (not made again): `Staging::reuse` records it.
    let garder = |path: &str, key: u128| staging.reuse(path, key).unwrap_or(false);
    let reprise = Reprise::new(&cantines, &donnees, sel, &garder)
        .avec_gardes(opts.cache.as_deref().map(Gardes::lire).unwrap_or_default());
    // A list page kept from the previous build is known as soon as it is
    // planned: its context is freed there (see `pages::Tamis`).
    let precedent = staging.has_previous();
    let tamis = |job: Job| -> Job {
        let Some(k) = precedent.then(|| cle_du_job(base, &cles, &job)).flatten() else {
            return job;
        };
        match job {
            Job::Page { path, .. } | Job::Liste { path, .. } if garder(&path, k) => {
                Job::Garde { path }
            }
            job => job,
        }
    };
    // The pages and the search index, the exports, the feed and the
    // statistics at the same time.
    let ((mut jobs, exports), (stats_json, flux)) = rayon::join(
        || {
            rayon::join(
                || {
                    pages::plan(
                        &commun,
                        &cantines,
                        &par_dep,
                        (&stats, &campagnes),
                        &contenus,
                        &reprise,
                        &tamis,
                    )
                },
                || {
                    exports_patch::exports(
                        &cantines,
                        &cles,
                        sel,
                        exports_patch::moyenne(cantines.len()),
                        &campagnes,
                        |path| {
                            anciennes
                                .get(path)
                                .filter(|t| staging.holds(path, t.key, t.len()))
                                .cloned()
                        },
                    )
                },
            )
        },
        || {
            rayon::join(
                || opendata::statistiques_json(&stats, &campagnes),
                || {
                    let date = build_date(opts.current_year);
                    sitemap::flux(&site, &cantines, &campagnes, &date)
                },
            )
        },
    );
    // The search flags and folded names, kept for the next build while
    // this one goes on.
    let mut recherche_saver = Saver(match (&opts.cache, reprise.a_garder()) {
        (Some(dir), Some(corps)) => {
            let dir = dir.clone();
            Some(std::thread::spawn(move || {
                crate::site::search::gardes::garder(&dir, &corps)
            }))
        }
        _ => None,
    });
    drop(reprise);
    for (path, bytes) in theme.assets.values() {
        jobs.push(Job::fichier(path.clone(), bytes.clone()));
    }
    // « Qualité des données » and donnees/ecartees.csv (site::qualite).
    let publiee = |s: &str| Some(fiches.get(s)?.publiee?.nom.clone());
    jobs.extend(site::qualite::jobs(&commun, ecartees.as_deref(), &publiee));
    let mut tables = cache::pieces::Tables::new();
    for e in exports {
        tables.insert(e.path.to_string(), e.table);
        jobs.push(Job::Morceaux {
            path: e.path.into(),
            key: e.key,
            pieces: e.pieces,
        });
    }
    jobs.push(Job::fichier("donnees/statistiques.json", stats_json));
    jobs.push(Job::fichier("robots.txt", sitemap::robots(&site)));
    jobs.push(Job::fichier("flux.xml", flux));
    // With room for the sitemaps, so that 210 000 paths are not moved.
    let mut paths: Vec<String> = Vec::with_capacity(jobs.len() + 64);
    paths.par_extend(jobs.par_iter().map(|j| j.path(&cantines)));
    let html_pages = paths.par_iter().filter(|p| p.ends_with(".html")).count();
    // The sitemaps (written after the jobs) while the link checker's set
    // of the 210 000 paths is made: one thread, 20 ms at national scale.
    // And the canteens' files kept from the previous site, found along
    // its marker (see `site::gardees`).
    let (((plans, page_cantine), mut liens), gardees) = rayon::join(
        || {
            rayon::join(
                || {
                    (
                        sitemap::sitemaps(&site, &paths),
                        PageCantine::prepare(&theme, &commun),
                    )
                },
                || {
                    links::Verificateur::new(
                        paths.iter().map(String::as_str).collect(),
                        &site.base_path(),
                    )
                },
            )
        },
        || site::gardees::trouver(&staging, &cantines, &cles),
    );
    let page_cantine = page_cantine?;
    let gardees = gardees?;
    liens.ajouter(plans.iter().map(|(name, _)| name.as_str()));
    t.lap("plan");

    // render + write (each job's path was computed once, by the plan)
    debug_assert_eq!(jobs.len(), paths.len());
    let un = |(job, path): (&Job, &String)| -> Result<(u64, Vec<BrokenLink>), BuildError> {
        let path = path.as_str();
        let key: Option<u128>;
        let bytes = match job {
            Job::Garde { .. } => return Ok((0, Vec::new())),
            Job::Fichier { key, morceaux, .. } => {
                let len = morceaux.iter().map(|m| m.len() as u64).sum();
                return staging
                    .write_parts(path, *key, morceaux)
                    .map(|()| (len, Vec::new()))
                    .map_err(Into::into);
            }
            Job::Morceaux { key, pieces, .. } => {
                let len = pieces.iter().map(output::Piece::len).sum();
                return staging
                    .write_pieces(path, *key, pieces)
                    .map(|()| (len, Vec::new()))
                    .map_err(Into::into);
            }
            Job::ApiCantine(i) => {
                if gardees.api(*i) {
                    return Ok((0, Vec::new()));
                }
                let key = cles.get(*i).copied().map(site::gardees::cle_api);
                if let Some(k) = key
                    && staging.reuse(path, k)?
                {
                    return Ok((0, Vec::new()));
                }
                let bytes = cantines
                    .get(*i)
                    .map(|c| opendata::api_cantine(c, &campagnes))
                    .unwrap_or_default();
                return staging
                    .write_keyed(path, key, &bytes)
                    .map(|()| (bytes.len() as u64, Vec::new()))
                    .map_err(Into::into);
            }
            Job::Page {
                template, context, ..
            } => {
                let k = cle_du_job(base, &cles, job).unwrap_or_default();
                if staging.reuse(path, k)? {
                    return Ok((0, Vec::new()));
                }
                key = Some(k);
                render(&theme.tera, template, context, path)?
            }
            Job::Liste {
                template,
                context,
                indices,
                ..
            } => {
                let k = cle_du_job(base, &cles, job).unwrap_or_default();
                if staging.reuse(path, k)? {
                    return Ok((0, Vec::new()));
                }
                key = Some(k);
                let mut ctx = context.clone();
                ctx.insert("entrees", &listing::entrees(&cantines, indices, &campagnes));
                render(&theme.tera, template, &ctx, path)?
            }
            Job::Cantine(i) => {
                if gardees.page(*i) {
                    return Ok((0, Vec::new()));
                }
                let Some(c) = cantines.get(*i) else {
                    return Ok((0, Vec::new()));
                };
                key = cles.get(*i).copied();
                if let Some(k) = key
                    && staging.reuse(path, k)?
                {
                    return Ok((0, Vec::new()));
                }
                let vue = canteen_page::vue(c, &annuaire, &campagnes);
                page_cantine.rendre(&theme, &commun, c, &vue, path)?
            }
        };
        let broken = liens.check_page(path, &bytes);
        staging.write_keyed(path, key, bytes.as_bytes())?;
        Ok((bytes.len() as u64, broken))
    };
    // The national exports beside the other jobs, one thread each: copying
    // their unchanged pieces (80 MB at national scale, in three files) are
    // the longest jobs. Among the others, they fell to one thread, which
    // copied all three while the other core, done with the pages, waited.
    // The outcome does not depend on the order (errors are told in plan
    // order).
    let morceaux = |i: &usize| matches!(jobs.get(*i), Some(Job::Morceaux { .. }));
    let exports: Vec<usize> = (0..jobs.len()).filter(morceaux).collect();
    let faire = |i: usize| -> Option<Ecrit> {
        let jp = (jobs.get(i)?, paths.get(i)?);
        Some(Ecrit::de(i, un(jp)))
    };
    // Added up as they come (not 210 000 results kept in a vector).
    let (des_exports, des_autres) = rayon::join(
        || {
            exports
                .par_iter()
                .with_max_len(1)
                .filter_map(|&i| faire(i))
                .reduce(Ecrit::default, Ecrit::joindre)
        },
        || {
            (0..jobs.len())
                .into_par_iter()
                .filter(|i| !morceaux(i))
                .filter_map(faire)
                .reduce(Ecrit::default, Ecrit::joindre)
        },
    );
    let Ecrit {
        octets,
        mut broken,
        erreur,
    } = des_exports.joindre(des_autres);
    if let Some((_, e)) = erreur {
        return Err(e);
    }
    let octets = octets
        + plans
            .par_iter()
            .map(|(name, bytes)| staging.write(name, bytes).map(|()| bytes.len() as u64))
            .collect::<Result<Vec<u64>, _>>()?
            .iter()
            .sum::<u64>();
    if !broken.is_empty() {
        broken.sort();
        return Err(BuildError::BrokenLinks(broken));
    }
    t.lap("rendu et écriture");
    // Nothing is published with bilans that could not be read back from
    // the cache (they would show as none).
    if crate::model::bilans::illisibles() != illisibles
        && let Some(dir) = &opts.cache
    {
        cache::effacer(dir);
        return Err(BuildError::CacheIllisible(dir.display().to_string()));
    }
    let fichiers = staging.count();
    let inchanges = staging.reused();
    staging.commit()?;
    let mut cache_error = saver.finish();
    for saver in [&mut agregats_saver, &mut recherche_saver] {
        if let Some(e) = saver.finish() {
            cache_error.get_or_insert(e);
        }
    }
    // The tables of the exports just written, for the next build to patch
    // them (after the commit: a table describes a published file).
    if let Some(dir) = &opts.cache
        && let Err(e) = cache::pieces::save(dir, &tables)
    {
        cache_error.get_or_insert(e.to_string());
    }
    t.lap("remplacement");
    let report = Report {
        cantines: cantines.len(),
        pages: html_pages,
        fichiers,
        inchanges,
        octets,
        avertissements: warnings,
        durees: t.durees,
        relues,
        du_cache,
        groupes_recomptes: groupes_total - groupes_repris,
        groupes_repris,
        cache_error,
    };
    // What borrows the declarations goes first; the declarations, the
    // jobs and their paths (hundreds of MB and millions of allocations
    // at national scale) are freed by another thread: the report does
    // not wait for them.
    drop((liens, page_cantine, cles, annuaire, cantines, files));
    drop(fiches);
    liberer((loaded, jobs, paths));
    Ok(report)
}

/// `cantines` sorted by folded name (case and accents ignored), then
/// SIRET. Unlike `par_sort_by_cached_key`, the canteens are put in order
/// in parallel (that sort swaps them into place on one thread, then frees
/// its 100 000 keys there, while the other core waits).
fn par_ordre_alphabetique(cantines: Vec<Cantine<'_>>) -> Vec<Cantine<'_>> {
    let mut cles: Vec<(String, &str, usize)> = cantines
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let nom = crate::model::reference::normalize_label(&c.decl.nom);
            (nom, c.decl.siret.as_str(), i)
        })
        .collect();
    cles.par_sort_unstable();
    // The keys are freed as they are used, on both threads.
    cles.into_par_iter()
        .filter_map(|(_, _, i)| cantines.get(i).cloned())
        .collect()
}

/// Frees `restes` on another thread (on this one if none can start: the
/// closure that owns them is then dropped here).
fn liberer<T: Send + 'static>(restes: T) {
    let _ = std::thread::Builder::new()
        .name("liberation".into())
        .spawn(move || drop(restes));
}

/// What the render stage did: bytes written, broken links found, and the
/// error of the first job (in plan order) that failed, if any.
#[derive(Default)]
struct Ecrit {
    octets: u64,
    broken: Vec<BrokenLink>,
    erreur: Option<(usize, BuildError)>,
}

impl Ecrit {
    /// The outcome of job `i`.
    fn de(i: usize, r: Result<(u64, Vec<BrokenLink>), BuildError>) -> Self {
        match r {
            Ok((octets, broken)) => Ecrit {
                octets,
                broken,
                erreur: None,
            },
            Err(e) => Ecrit {
                erreur: Some((i, e)),
                ..Ecrit::default()
            },
        }
    }

    /// Both outcomes; of two errors, the earlier job's (the same error
    /// whatever the threads did first).
    fn joindre(mut self, autre: Ecrit) -> Self {
        self.octets += autre.octets;
        self.broken.extend(autre.broken);
        self.erreur = match (self.erreur, autre.erreur) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        self
    }
}

/// The indexes of the canteens of each département, by code (for the
/// aggregates and for the département pages).
fn par_departement(cantines: &[Cantine<'_>]) -> BTreeMap<&'static str, Vec<usize>> {
    let mut par_dep: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in cantines.iter().enumerate() {
        par_dep
            .entry(c.departement.map_or(aggregate::INCONNU, |d| d.code))
            .or_default()
            .push(i);
    }
    par_dep
}

/// The canteens by département (`par_dep`, in code order), each group
/// keyed by its canteens' data keys in order and by the program that adds
/// them up.
fn groupes_d_agregats<'c, 'a>(
    cantines: &'c [Cantine<'a>],
    par_dep: &BTreeMap<&str, Vec<usize>>,
    donnees: &[u128],
    programme: u128,
) -> Vec<aggregate::memoire::Groupe<&'c Cantine<'a>>> {
    let sel = output::Key::default()
        .mix(b"agregats")
        .mix(&programme.to_le_bytes());
    let groupes: Vec<&Vec<usize>> = par_dep.values().collect();
    groupes
        .into_par_iter()
        .map(|indices| {
            let mut cle = sel;
            let mut membres = Vec::with_capacity(indices.len());
            for &i in indices {
                if let (Some(c), Some(k)) = (cantines.get(i), donnees.get(i)) {
                    cle = cle.mix(&k.to_le_bytes());
                    membres.push(c);
                }
            }
            aggregate::memoire::Groupe {
                cle: cle.finish(),
                cantines: membres,
            }
        })
        .collect()
}

/// A declaration file as the later stages look it up by SIRET.
struct Fiche<'d> {
    /// The key of its path and text.
    cle: u128,
    /// Its declaration, if it is published.
    publiee: Option<&'d crate::model::Declaration>,
}

/// The key of each canteen's page: everything the page shows comes from
/// its own file, its central kitchen's file, its satellites' names, the
/// national count of each campaign in progress it has a bilan of, the
/// theme, the site settings and this program's version. A page whose key
/// did not change since the previous build is linked, not rendered. The
/// compiled templates (`render::compiled::SOURCES`) count as theme too.
/// (The same keys stand for the canteen's API file and export rows.)
fn cles_des_pages(
    cantines: &[Cantine<'_>],
    base: output::Key,
    annuaire: &Annuaire<'_, '_>,
    campagnes: &Campagnes,
) -> Vec<u128> {
    let base = base.mix(crate::render::compiled::SOURCES.concat().as_bytes());
    cantines
        .par_iter()
        .map(|c| {
            let mut k = base.mix(&c.cle_fichier().to_le_bytes());
            if let Some(central) = c.cle_centrale() {
                k = k.mix(&central.to_le_bytes());
            }
            for (siret, nom) in canteen_page::Annuaire::satellites(annuaire, &c.decl.siret) {
                k = k.mix(siret.as_bytes()).mix(nom.as_bytes());
            }
            // A canteen whose latest bilan is of a campaign in progress
            // shows the national count of each such campaign it has a
            // bilan of: every campaign in progress up to its latest year
            // is mixed (known without decoding its bilans; at worst a
            // page is made again for a count it does not show).
            if let Some(derniere) = c.derniere_annee() {
                for (annee, n) in campagnes.annees_en_cours() {
                    if annee <= derniere {
                        k = k
                            .mix(b"en-cours")
                            .mix(&annee.to_le_bytes())
                            .mix(&n.to_le_bytes());
                    }
                }
            }
            if let Some(r) = canteen_page::Annuaire::ecartees(annuaire, &c.decl.siret) {
                k = k.mix(&r.cle());
            }
            k.finish()
        })
        .collect()
}

/// The key of a page or a list page: its template and everything it is
/// given (theme, site and version are in `base`); a list's entries come
/// from its canteens, whose page keys (`cles`) stand for them. `None` for
/// the other jobs.
fn cle_du_job(base: output::Key, cles: &[u128], job: &Job) -> Option<u128> {
    match job {
        Job::Page {
            template, context, ..
        } => Some(cle_de_page(base, template, context).finish()),
        Job::Liste {
            template,
            context,
            indices,
            ..
        } => {
            let mut k = cle_de_page(base, template, context);
            for i in indices {
                k = k.mix(&cles.get(*i).copied().unwrap_or(0).to_le_bytes());
            }
            Some(k.finish())
        }
        _ => None,
    }
}

/// The key of a page made from a template and a context: the template
/// and everything it is given (theme, site and version are in `base`).
fn cle_de_page(base: output::Key, template: &str, context: &tera::Context) -> output::Key {
    base.mix(template.as_bytes())
        .mix_json(&context.clone().into_json())
}

fn render(
    tera: &tera::Tera,
    template: &str,
    ctx: &tera::Context,
    path: &str,
) -> Result<String, BuildError> {
    tera.render(template, ctx).map_err(|e| BuildError::Render {
        page: path.to_string(),
        template: template.to_string(),
        detail: tera_error_chain(&e),
    })
}
