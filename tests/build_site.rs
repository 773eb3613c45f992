//! Builds a small fixture repository (tests/fixtures/site) with the real
//! theme and content, then reads back what a citizen and a data user see.

use std::path::{Path, PathBuf};

mod common;
use common::{fixture_repo, read, site_files};

/// A temporary repository: the fixture declarations, the real theme, content and site.toml.
fn repo() -> tempfile::TempDir {
    fixture_repo(false)
}

fn build(
    root: &Path,
    out: &Path,
    base_url: &str,
) -> Result<cantine::build::Report, cantine::build::BuildError> {
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some(base_url.to_string()),
        theme: "default".into(),
        current_year: 2026,
        cache: Some(root.join(".cantine-cache")),
    })
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = repo();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    (tmp, out)
}

#[test]
fn canteen_page_shows_figures_thresholds_and_badges() {
    let (_tmp, out) = built();
    let html = read(&out, "cantines/21070017500107/index.html");
    assert!(html.contains("<h1>École des Assions</h1>"));
    // 25 000 / 100 000 = 25 % bio; (25 000 + 20 000 + 10 000) / 100 000 = 55 % EGalim.
    assert!(
        html.contains("Bio : <strong>25\u{a0}%</strong> des achats (objectif 20\u{a0}%, atteint)"),
        "{html}"
    );
    assert!(html.contains("<strong>55\u{a0}%</strong> (objectif 50\u{a0}%, atteint)"));
    assert!(html.contains("Objectifs atteints"));
    // Meat and fish 2024: (15 000 + 10 000) / (30 000 + 10 000) = 62.5 % ≥ 60 %.
    assert!(
        html.contains("Objectif de 60\u{a0}% de viandes et poissons EGalim atteint"),
        "{html}"
    );
    // No diversification or information section in 2024: "no data", not "not earned".
    assert!(html.contains("badge--sans-donnee"));
    assert!(html.contains("Pas de donnée"));
    // Plastic section present, one substitution missing: not earned.
    assert!(html.contains("badge--non-obtenu"));
    assert!(html.contains("données ouvertes ma cantine 2023"));
}

#[test]
fn overseas_canteen_shows_its_own_thresholds() {
    let (_tmp, out) = built();
    let html = read(&out, "cantines/21974110000107/index.html");
    // La Réunion, data year 2023: 5 % bio and 20 % EGalim (décret 2021-1235).
    assert!(html.contains("(objectif 5\u{a0}%, atteint)"), "{html}");
    assert!(html.contains("(objectif 20\u{a0}%, atteint)"));
    // 6 % bio and 21 % EGalim: both reached.
    assert!(html.contains("Objectifs atteints"));
    let json = read(&out, "api/cantines/21974110000107.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["bilans"][0]["seuil_bio"], 5, "{json}");
    assert_eq!(v["bilans"][0]["seuil_egalim"], 20, "{json}");
}

#[test]
fn contributor_html_is_inert() {
    let (_tmp, out) = built();
    let html = read(&out, "cantines/21070017500107/index.html");
    assert!(
        !html.contains("<script>alert"),
        "a script tag from a declaration reached the page"
    );
    assert!(
        !html.contains("<img src=x"),
        "an img tag from a declaration reached the page"
    );
    assert!(
        !html.contains("javascript:"),
        "a javascript: link reached the page"
    );
    assert!(html.contains("&lt;script&gt;alert"));
    assert!(html.contains("<strong>faite maison</strong>"));
}

#[test]
fn satellite_inherits_the_kitchen_procurement_and_links_both_ways() {
    let (_tmp, out) = built();
    let sat = read(&out, "cantines/21070017500305/index.html");
    assert!(
        sat.contains("ses achats de 2024 sont ceux de sa cuisine centrale"),
        "{sat}"
    );
    assert!(sat.contains("href=\"/cantines/21070017500206/\""));
    // The kitchen's 10 % bio, judged with the satellite's thresholds.
    assert!(sat.contains("Bio : <strong>10\u{a0}%</strong>"));
    let kitchen = read(&out, "cantines/21070017500206/index.html");
    assert!(kitchen.contains("Restaurant satellite des Assions"));
    let json = read(&out, "api/cantines/21070017500305.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        v["bilans"][0]["appro_de_la_cuisine_centrale"], true,
        "{json}"
    );
}

#[test]
fn open_data_files_have_the_documented_fields_and_no_euro_amount() {
    let (_tmp, out) = built();
    let csv = read(&out, "donnees/bilans.csv");
    let header = csv.lines().next().unwrap_or_default();
    for col in cantine::site::opendata::COLONNES_BILANS {
        assert!(
            header.split(',').any(|h| h == col.0),
            "missing column {}",
            col.0
        );
    }
    assert_eq!(csv.lines().count(), 1 + 6, "one row per canteen and year");
    let row = csv
        .lines()
        .find(|l| l.starts_with("21070017500107") && l.contains(",2024,"))
        .unwrap_or_default();
    assert!(row.contains(",25,55,30,20,50,true,"), "{row}");
    let json = read(&out, "api/cantines/21070017500107.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let b = &v["bilans"][0];
    assert_eq!(b["annee"], 2024);
    assert_eq!(b["pct_bio"], 25);
    assert_eq!(b["objectifs_atteints"], true);
    assert_eq!(b["badges"]["diversification"], serde_json::Value::Null);
    assert_eq!(b["badges"]["plastique"], false);
    assert_eq!(b["badges"]["gaspillage"], true);
    assert_eq!(b["cout_repas_aberrant"], false);
    // Unknown values are null, never 0.
    assert_eq!(
        v["bilans"][1]["pct_viandes_volailles_egalim"],
        serde_json::Value::Null
    );
    // No € amount anywhere: the declared totals never appear.
    for file in [
        "donnees/bilans.csv",
        "donnees/cantines.csv",
        "donnees/cantines.json",
        "api/cantines/21070017500107.json",
        "donnees/statistiques.json",
    ] {
        let text = read(&out, file);
        assert!(
            !text.contains("100000") && !text.contains("500000") && !text.contains("valeur_"),
            "{file} leaks an amount"
        );
    }
    let stats: serde_json::Value = serde_json::from_str(&read(&out, "donnees/statistiques.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let y = &stats["national"]["france"]["annees"]["2024"];
    assert_eq!(y["bilans"], 3);
    assert!(stats["departement"]["974"]["annees"]["2023"].is_object());
}

#[test]
fn builds_are_byte_identical_and_serve_from_a_sub_path() {
    let tmp = repo();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build(tmp.path(), &a, "https://exemple.fr/cantines/").unwrap_or_else(|e| panic!("{e}"));
    build(tmp.path(), &b, "https://exemple.fr/cantines/").unwrap_or_else(|e| panic!("{e}"));
    let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                (rel, std::fs::read(e.path()).unwrap_or_default())
            })
            .collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 20);
    assert!(fa == fb, "two builds of the same input differ");
    let home = read(&a, "index.html");
    assert!(
        home.contains("href=\"/cantines/regions/\""),
        "links must carry the sub-path"
    );
    assert!(
        read(&a, "sitemap.xml")
            .contains("<loc>https://exemple.fr/cantines/cantines/21070017500107/</loc>")
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let (tmp, out) = built();
    let before = read(&out, "index.html");
    std::fs::write(
        tmp.path().join("declarations/07/21070017500107.yaml"),
        "siret: [\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = build(tmp.path(), &out, "https://exemple.fr/");
    assert!(matches!(err, Err(cantine::build::BuildError::Invalid(_))));
    assert_eq!(read(&out, "index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("staging"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn browsing_reaches_every_canteen_without_javascript() {
    let (_tmp, out) = built();
    assert!(read(&out, "regions/index.html").contains("href=\"/regions/84/\""));
    assert!(read(&out, "regions/84/index.html").contains("href=\"/departements/07/\""));
    assert!(read(&out, "departements/07/index.html").contains("href=\"/communes/07017/\""));
    assert!(read(&out, "communes/07017/index.html").contains("href=\"/cantines/21070017500107/\""));
    assert!(
        read(&out, "departements/inconnu/index.html")
            .contains("href=\"/cantines/30000000000103/\"")
    );
}

#[test]
fn lists_give_each_canteen_its_commune_and_latest_bilan() {
    let (_tmp, out) = built();
    let ligne = |siret: &str, nom: &str, reste: &str| {
        format!("<tr><th scope=\"row\"><a href=\"/cantines/{siret}/\">{nom}</a></th>{reste}</tr>")
    };
    let departement = read(&out, "departements/07/index.html");
    for attendu in [
        ligne(
            "21070017500107",
            "École des Assions",
            "<td>Les Assions</td><td>atteints en 2024 (campagne en cours)</td>",
        ),
        ligne(
            "21070017500206",
            "Cuisine centrale du plateau",
            "<td>Les Assions</td><td>non atteints en 2024 (campagne en cours)</td>",
        ),
    ] {
        assert!(departement.contains(&attendu), "{attendu}");
    }
    // A commune's list has no commune column.
    let commune = read(&out, "communes/07017/index.html");
    let attendu = ligne(
        "21070017500107",
        "École des Assions",
        "<td>atteints en 2024 (campagne en cours)</td>",
    );
    assert!(commune.contains(&attendu), "{attendu}");
    let inconnu = read(&out, "departements/inconnu/index.html");
    let attendu = ligne(
        "30000000000103",
        "Restaurant d&#39;entreprise sans commune",
        "<td>commune non renseignée</td><td>atteints en 2022</td>",
    );
    assert!(inconnu.contains(&attendu), "{attendu}");
}

/// Lists are in the order people read: case and accents ignored, then
/// SIRET for names that fold to the same words (byte order would put
/// « zèbre » and « Écureuil » last).
#[test]
fn lists_are_in_reading_order_case_and_accents_ignored() {
    let tmp = repo();
    for (siret, nom) in [
        ("21070017500420", "zèbre"),
        ("21070017500412", "ecureuil"),
        ("21070017500404", "Écureuil"),
    ] {
        let yaml = format!(
            "siret: \"{siret}\"\nnom: {nom}\ncode_insee: \"07017\"\nsecteurs: [education_primaire]\n\
             type_production: site\ntype_gestion: direct\nmodele_economique: public\n\
             nombre_repas_jour: 50\nnombre_repas_an: 7000\nbilans: []\n"
        );
        std::fs::write(
            tmp.path().join(format!("declarations/07/{siret}.yaml")),
            yaml,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = tmp.path().join("public");
    build(tmp.path(), &out, "/").unwrap_or_else(|e| panic!("{e}"));
    let attendu = [
        "21070017500206", // Cuisine centrale du plateau
        "21070017500107", // École des Assions
        "21070017500404", // Écureuil
        "21070017500412", // ecureuil
        "21070017500305", // Restaurant satellite des Assions
        "21070017500420", // zèbre
    ];
    for page in ["communes/07017/index.html", "departements/07/index.html"] {
        let html = read(&out, page);
        let at: Vec<usize> = attendu
            .iter()
            .map(|s| {
                html.find(&format!("href=\"/cantines/{s}/\""))
                    .unwrap_or_else(|| panic!("{page}: {s} is not listed"))
            })
            .collect();
        assert!(at.is_sorted(), "{page}: {at:?}");
    }
}

#[test]
fn rebuild_after_one_change_rewrites_only_what_changed_and_matches_a_clean_build() {
    use std::os::unix::fs::MetadataExt;
    let tmp = repo();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    let inode = |rel: &str| {
        std::fs::metadata(out.join(rel))
            .map(|m| m.ino())
            .unwrap_or(0)
    };
    let other = inode("cantines/21974110000107/index.html");
    let other_json = inode("api/cantines/21974110000107.json");
    let changed = inode("cantines/21070017500107/index.html");
    // A list page of another département, and the changed canteen's own.
    let other_list = inode("departements/974/index.html");
    let changed_list = inode("departements/07/index.html");

    let file = tmp.path().join("declarations/07/21070017500107.yaml");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_default()
        .replace("nom: École des Assions", "nom: École publique des Assions");
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let report = build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert!(report.inchanges > 0);
    assert_eq!(
        inode("cantines/21974110000107/index.html"),
        other,
        "an unchanged page was rewritten"
    );
    assert_eq!(inode("api/cantines/21974110000107.json"), other_json);
    assert_eq!(
        inode("departements/974/index.html"),
        other_list,
        "an unchanged list page was rewritten"
    );
    assert_ne!(inode("departements/07/index.html"), changed_list);
    assert!(read(&out, "departements/07/index.html").contains("École publique des Assions"));
    assert_ne!(inode("cantines/21070017500107/index.html"), changed);
    assert!(
        read(&out, "cantines/21070017500107/index.html")
            .contains("<h1>École publique des Assions</h1>")
    );

    // The incremental result is byte-identical to a clean build.
    let clean = tmp.path().join("clean");
    build(tmp.path(), &clean, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    for entry in walkdir::WalkDir::new(&clean)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix(&clean)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if rel == cantine::output::MARKER {
            continue;
        }
        assert_eq!(
            std::fs::read(entry.path()).ok(),
            std::fs::read(out.join(&rel)).ok(),
            "{rel} differs from a clean build"
        );
    }
}

#[test]
fn a_removed_then_restored_canteen_leaves_exactly_a_clean_build_each_time() {
    let tmp = repo();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    let file = tmp.path().join("declarations/974/21974110000107.yaml");
    let text = std::fs::read(&file).unwrap_or_default();

    // Removed: its page, its JSON and its now empty département are gone.
    std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
    build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.join("cantines/21974110000107").exists());
    assert!(!out.join("api/cantines/21974110000107.json").exists());
    let clean = tmp.path().join("clean-1");
    build(tmp.path(), &clean, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site_files(&out), site_files(&clean));

    // Restored: back to the first site, byte for byte.
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    let clean = tmp.path().join("clean-2");
    build(tmp.path(), &clean, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site_files(&out), site_files(&clean));
    assert!(out.join("cantines/21974110000107/index.html").is_file());

    // Nothing is left beside the site: no staging folder, no journal.
    assert!(!out.join(cantine::output::journal::JOURNAL).exists());
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".public"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn files_deleted_by_hand_from_the_site_are_restored_by_the_next_build() {
    let (tmp, out) = built();
    let search_file = walkdir::WalkDir::new(out.join("recherche/index"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .unwrap_or_else(|| panic!("no search index file"));
    for rel in [
        "cantines/21974110000107/index.html",
        "api/cantines/21974110000107.json",
        "donnees/cantines.csv",
        "sitemap.xml",
    ] {
        std::fs::remove_file(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
    std::fs::remove_file(&search_file).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(out.join("cantines/21070017500107")).unwrap_or_else(|e| panic!("{e}"));

    // Nothing changed in the repository: the site is updated in place,
    // every other file kept, and the deleted ones made again.
    let report = build(tmp.path(), &out, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.inchanges + 6, report.fichiers);
    let clean = tmp.path().join("clean");
    build(tmp.path(), &clean, "https://exemple.fr/").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site_files(&out), site_files(&clean));
    assert_eq!(
        std::fs::read(out.join(cantine::output::MARKER)).ok(),
        std::fs::read(clean.join(cantine::output::MARKER)).ok(),
        "the marker differs from a clean build's"
    );
}
