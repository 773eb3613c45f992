//! What the site publishes as national, regional, departmental and sector
//! figures (content/methodologie.md, « Les campagnes publiées », « Les
//! petits effectifs »): the first bilans of a new campaign never become
//! the headline; a figure over too few bilans is « données insuffisantes
//! (N bilans) », never a percentage; every territory of the official list
//! has its page. Each test builds a small site and reads it back.

use std::path::{Path, PathBuf};

mod common;
use common::{build_site as build, fixture_repo, read, site_files};

/// The site fixture (3 canteens with 2024 bilans, 2 others) and the 49
/// real declarations of Ardèche (2021–2023); `site.toml` is the real one,
/// its `campagne_publiee` line replaced by `reglage` (none: the coverage
/// rule decides).
fn repo(reglage: Option<&str>) -> tempfile::TempDir {
    let tmp = fixture_repo(true);
    let chemin = tmp.path().join("site.toml");
    let site = std::fs::read_to_string(&chemin).unwrap_or_else(|e| panic!("{e}"));
    let mut site: String = site
        .lines()
        .filter(|l| !l.starts_with("campagne_publiee"))
        .map(|l| format!("{l}\n"))
        .collect();
    if let Some(r) = reglage {
        site.push_str(r);
        site.push('\n');
    }
    write(&chemin, &site);
    tmp
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn built(reglage: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = repo(reglage);
    let out = tmp.path().join("public");
    build(tmp.path(), &out).unwrap_or_else(|e| panic!("{e}"));
    (tmp, out)
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const NBSP: char = '\u{a0}';

#[test]
fn the_first_bilans_of_a_new_campaign_do_not_become_the_headline() {
    // 49 bilans of 2023, 3 of 2024: the coverage rule keeps 2023.
    let (_tmp, out) = built(None);
    let accueil = read(&out, "index.html");
    assert!(
        accueil.contains("<h2>Chiffres clés 2023 en France</h2>"),
        "{accueil}"
    );
    assert!(!accueil.contains("Chiffres clés 2024"));
    assert!(accueil.contains("Campagne 2024 en cours : 3 bilans déclarés à ce jour."));
    // The chart by year shows the published years only.
    let par_annee = accueil
        .split("id=\"objectifs-par-annee\"")
        .nth(1)
        .unwrap_or_default();
    let par_annee = par_annee.split("</figure>").next().unwrap_or_default();
    assert!(par_annee.contains(">2023<"), "{par_annee}");
    assert!(!par_annee.contains("2024"), "{par_annee}");
    // A département page: the published year, and what 2024 holds here.
    let ardeche = read(&out, "departements/07/index.html");
    assert!(ardeche.contains("<h2>Chiffres clés 2023</h2>"));
    assert!(
        ardeche.contains("Campagne 2024 en cours : 3 bilans déclarés à ce jour ici (3 en France).")
    );
    // The 2024 bilan stays on its canteen's page, labelled.
    let ecole = read(&out, "cantines/21070017500107/index.html");
    assert!(ecole.contains("<h2 id=\"annee-2024\">Bilan 2024 (le plus récent)</h2>"));
    assert!(ecole.contains(
        "Campagne 2024 en cours : 3 bilans déclarés à ce jour. Ce bilan est publié tel que déclaré"
    ));
    assert!(!ecole.contains("Campagne 2023 en cours"));
    // In the exports, labelled too.
    let stats = json(&out, "donnees/statistiques.json");
    assert_eq!(stats["campagne_publiee"], 2023);
    assert_eq!(stats["choix_de_la_campagne"], "couverture");
    assert_eq!(stats["campagnes"]["2024"]["statut"], "en_cours");
    assert_eq!(stats["campagnes"]["2024"]["bilans"], 3);
    assert_eq!(stats["campagnes"]["2023"]["statut"], "publiee");
    let bilans = read(&out, "donnees/bilans.csv");
    let entete: Vec<&str> = bilans
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .collect();
    let col = entete.iter().position(|c| *c == "campagne");
    let statut = |siret: &str, annee: &str| -> Option<String> {
        bilans
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|c| c.first() == Some(&siret) && c.get(4) == Some(&annee))
            .and_then(|c| col.and_then(|i| c.get(i)).map(|s| s.to_string()))
    };
    assert_eq!(
        statut("21070017500107", "2024").as_deref(),
        Some("en_cours")
    );
    assert_eq!(statut("21070017500107", "2023").as_deref(), Some("publiee"));
    let api = json(&out, "api/cantines/21070017500107.json");
    assert_eq!(api["bilans"][0]["campagne"], "en_cours");
    let flux = read(&out, "flux.xml");
    assert!(flux.contains("(campagne 2024 en cours : 3 bilans déclarés à ce jour)"));
}

#[test]
fn the_published_campaign_is_the_repository_s_decision() {
    let (_tmp, out) = built(Some("campagne_publiee = 2024"));
    let accueil = read(&out, "index.html");
    assert!(accueil.contains("<h2>Chiffres clés 2024 en France</h2>"));
    assert!(!accueil.contains("en cours"));
    // 2 bilans of 2024 are judged: too few for a percentage.
    assert!(
        accueil.contains(
            "<strong class=\"chiffre-insuffisant\">données insuffisantes (2 bilans)</strong>"
        ),
        "{accueil}"
    );
    let stats = json(&out, "donnees/statistiques.json");
    assert_eq!(stats["choix_de_la_campagne"], "reglage");
    assert_eq!(stats["campagnes"]["2024"]["statut"], "publiee");

    // A year no campaign can have closed is refused, with the fix.
    let tmp = repo(Some("campagne_publiee = 2031"));
    let e = build(tmp.path(), &tmp.path().join("public")).err();
    let message = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("campagne_publiee = 2031")
            && message.contains("entre 2019 et 2026")
            && message.contains("campagne_publiee = 2025"),
        "{message}"
    );
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn a_figure_over_fewer_than_ten_bilans_is_not_a_percentage() {
    let (_tmp, out) = built(None);
    // La Réunion: one canteen, one bilan of 2023 that reaches its objectives.
    let reunion = read(&out, "departements/974/index.html");
    assert!(
        reunion.contains("données insuffisantes (1 bilan)"),
        "{reunion}"
    );
    assert!(!reunion.contains(&format!("100{NBSP}%")), "{reunion}");
    assert!(!reunion.contains("id=\"repartition-bio\""));
    assert!(reunion.contains("il faut au moins 10 bilans pour la publier"));
    // The région bars of the home page, and the list of régions, say so too.
    let accueil = read(&out, "index.html");
    let barres = accueil
        .split("id=\"objectifs-par-tranche\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        barres.contains("données insuffisantes (1 bilan)"),
        "{barres}"
    );
    let regions = read(&out, "regions/index.html");
    assert!(
        regions.contains("données insuffisantes (1 bilan) en 2023"),
        "{regions}"
    );
    // In statistiques.json: the counts, no share.
    let stats = json(&out, "donnees/statistiques.json");
    assert_eq!(stats["effectif_minimum"], 10);
    let dep = &stats["departement"]["974"]["annees"]["2023"];
    assert_eq!(dep["objectifs_atteints"]["evalues"], 1);
    assert_eq!(dep["objectifs_atteints"]["atteints"], 1);
    assert!(dep["objectifs_atteints"]["pct_tronque"].is_null());
    assert!(dep["pct_bio"]["mediane"].is_null());
    // Ardèche's 2023 (47 bilans or more) is published as a percentage.
    let ardeche = &stats["departement"]["07"]["annees"]["2023"];
    assert!(
        ardeche["objectifs_atteints"]["pct_tronque"].is_u64(),
        "{ardeche}"
    );
}

#[test]
fn every_region_and_departement_of_the_official_list_has_its_page() {
    let (_tmp, out) = built(None);
    for d in cantine::model::territory::departements() {
        let rel = format!("departements/{}/index.html", d.code);
        assert!(out.join(&rel).is_file(), "{rel}");
    }
    for r in cantine::model::territory::regions() {
        let rel = format!("regions/{}/index.html", r.code);
        assert!(out.join(&rel).is_file(), "{rel}");
    }
    // Mayotte: no canteen has published; the page says so and how to.
    let mayotte = read(&out, "departements/976/index.html");
    assert!(mayotte.contains("<h1>Mayotte (976)</h1>"));
    assert!(mayotte.contains("Aucune cantine n'a encore publié de données ici."));
    assert!(mayotte.contains("href=\"/contribuer/\""));
    assert!(!mayotte.contains("Chiffres clés"));
    // Linked from its région, from the list of régions and from the map.
    assert!(read(&out, "regions/06/index.html").contains("href=\"/departements/976/\""));
    assert!(read(&out, "regions/index.html").contains("href=\"/regions/06/\""));
    assert!(
        read(&out, "index.html")
            .contains("<th scope=\"row\"><a href=\"/departements/976/\">Mayotte (976)</a></th>")
    );
    assert!(read(&out, "sitemap.xml").contains("/departements/976/</loc>"));
}

/// A declared 2024 bilan of a new canteen of Ardèche.
fn nouvelle_cantine(root: &Path) {
    let modele = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full_declaration.yaml");
    let texte = std::fs::read_to_string(modele).unwrap_or_else(|e| panic!("{e}"));
    let texte = texte.replace("21070017500016", "21070017590009");
    write(&root.join("declarations/07/21070017590009.yaml"), &texte);
}

#[test]
fn a_new_bilan_of_the_campaign_in_progress_updates_every_page_that_counts_it() {
    let tmp = repo(None);
    let root = tmp.path();
    let public = root.join("public");
    build(root, &public).unwrap_or_else(|e| panic!("{e}"));
    let ecole = "cantines/21070017500107/index.html";
    assert!(read(&public, ecole).contains("3 bilans déclarés à ce jour"));
    nouvelle_cantine(root);
    build(root, &public).unwrap_or_else(|e| panic!("{e}"));
    // The school's file did not change; the count on its page did.
    assert!(read(&public, ecole).contains("4 bilans déclarés à ce jour"));
    assert!(
        read(&public, "departements/07/index.html").contains("4 bilans déclarés à ce jour ici")
    );
    // The rebuild is the site a clean build makes.
    let propre = root.join("propre");
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: propre.clone(),
        base_url: Some("https://exemple.fr/".to_string()),
        theme: "default".into(),
        current_year: 2026,
        cache: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (site_files(&public), site_files(&propre));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        assert!(
            Some(bytes) == b.get(rel),
            "{rel} differs from a clean build"
        );
    }
}
