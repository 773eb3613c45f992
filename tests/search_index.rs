//! The search index (`recherche/index/`) of a small repository: a real
//! canteen of the dataset plus a few written here, built with the real
//! theme, then read back as `recherche.js` reads it.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};

mod common;
use common::copy_dir;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Met the 2024 objectives: 30 % organic, 60 % EGalim.
const ECUREUILS: &str = r#"siret: "21070017500032"
nom: Crèche « Les Écureuils »
code_insee: "07017"
secteurs: [social_creche, education_primaire]
type_production: site
type_gestion: direct
modele_economique: public
nombre_repas_jour: 40
nombre_repas_an: 8000
bilans:
  - annee: 2024
    achats:
      valeur_totale: 100000
      valeur_bio: 30000
      valeur_siqo: 30000
"#;

/// Corsica (2A), and a name full of accents.
const THERESE: &str = r#"siret: "21200004600012"
nom: ÉCOLE Sainte-Thérèse
code_insee: "2A004"
secteurs: [education_primaire]
bilans:
  - annee: 2023
    source: opendata
    taux_bio: 0.004
    taux_egalim_hors_bio: 0.1
"#;

/// No commune, so no département; no bilan.
const SANS_COMMUNE: &str = r#"siret: "30000000000202"
nom: Restaurant d'entreprise Œuvre
secteurs: [entreprise_entreprise]
bilans: []
"#;

/// A repository: one real declaration (Cantine des Assions), the ones
/// above, the real theme and content.
fn repo() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let decl = tmp.path().join("declarations");
    std::fs::create_dir_all(decl.join("07")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root.join("declarations/07/21070017500016.yaml"),
        decl.join("07/21070017500016.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    write(&decl.join("07/21070017500032.yaml"), ECUREUILS);
    write(&decl.join("2A/21200004600012.yaml"), THERESE);
    write(&decl.join("inconnu/30000000000202.yaml"), SANS_COMMUNE);
    copy_dir(&root.join("themes"), &tmp.path().join("themes"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("site.toml"), tmp.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    tmp
}

fn build(root: &Path, out: &Path) {
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some("/".into()),
        theme: "default".into(),
        current_year: 2026,
        cache: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = repo();
    let out = tmp.path().join("public");
    build(tmp.path(), &out);
    (tmp, out)
}

fn read_json(out: &Path, rel: &str) -> Value {
    let text = std::fs::read_to_string(out.join("recherche/index").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The shard row of a SIRET.
fn row<'a>(shard: &'a Value, siret: &str) -> &'a Value {
    shard["cantines"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r[0] == siret))
        .unwrap_or_else(|| panic!("{siret} absent de {shard}"))
}

#[test]
fn each_canteen_is_in_its_departement_shard_with_what_a_result_shows() {
    let (_tmp, out) = built();
    let ardeche = read_json(&out, "07.json");
    assert_eq!(ardeche["departement"], "07");
    assert_eq!(ardeche["debut"], 0);
    assert_eq!(
        ardeche["colonnes"],
        json!([
            "siret",
            "nom",
            "commune",
            "categories",
            "annee",
            "objectifs",
            "bio",
            "egalim"
        ])
    );
    // Both Ardèche canteens share one commune row, with its postal code.
    assert_eq!(
        ardeche["communes"],
        json!([["07017", "Les Assions", "07140"]])
    );
    // Cantine des Assions, 2023: 26.65 % organic, 26.65 + 12.47 = 39.12 %
    // EGalim, below the 50 % objective.
    assert_eq!(
        row(&ardeche, "21070017500016"),
        &json!([
            "21070017500016",
            "Cantine des Assions",
            0,
            "education",
            2023,
            false,
            26.65,
            39.12
        ])
    );
    // Two sectors, two categories (in the order of Categorie::ALL); 2024 met.
    assert_eq!(
        row(&ardeche, "21070017500032"),
        &json!([
            "21070017500032",
            "Crèche « Les Écureuils »",
            0,
            "education social",
            2024,
            true,
            30,
            60
        ])
    );
    let corse = read_json(&out, "2A.json");
    assert_eq!(
        corse["communes"],
        json!([["2A004", "Ajaccio", "20000 20090 20167"]])
    );
    assert_eq!(row(&corse, "21200004600012")[6], json!(0.4));
    // No commune: the "inconnu" shard, commune -1, no year, no verdict.
    let inconnu = read_json(&out, "inconnu.json");
    assert_eq!(
        row(&inconnu, "30000000000202"),
        &json!([
            "30000000000202",
            "Restaurant d'entreprise Œuvre",
            -1,
            "enterprise",
            null,
            null,
            null,
            null
        ])
    );
}

/// The groups of a key's file: (shard, INSEE, folded commune, postal codes, [(folded name, row)]).
fn groupes(out: &Path, cle: &str) -> Value {
    read_json(out, &format!("mots/{cle}.json"))["groupes"].clone()
}

#[test]
fn the_national_index_files_each_word_under_its_first_three_letters() {
    let (_tmp, out) = built();
    let assions = json!([
        "07",
        "07017",
        "les assions",
        "07140",
        [["cantine des assions", 0], ["creche les ecureuils", 1]]
    ]);
    // A word of the commune's name files both Ardèche canteens, in shard order.
    assert_eq!(groupes(&out, "ass"), json!([assions]));
    // Accents and case folded: « Écureuils », « ÉCOLE Sainte-Thérèse ».
    assert_eq!(
        groupes(&out, "ecu"),
        json!([[
            "07",
            "07017",
            "les assions",
            "07140",
            [["creche les ecureuils", 1]]
        ]])
    );
    assert_eq!(
        groupes(&out, "the"),
        json!([[
            "2A",
            "2A004",
            "ajaccio",
            "20000 20090 20167",
            [["ecole sainte therese", 0]]
        ]])
    );
    // Postal codes and INSEE codes are words too.
    assert_eq!(groupes(&out, "071"), json!([assions]));
    assert_eq!(groupes(&out, "070"), json!([assions]));
    assert_eq!(groupes(&out, "2a0")[0][0], "2A");
    // No commune: an empty commune; « Œuvre » folds to « oeuvre ».
    assert_eq!(
        groupes(&out, "oeu"),
        json!([[
            "inconnu",
            "",
            "",
            "",
            [["restaurant d entreprise oeuvre", 0]]
        ]])
    );
    // Words of fewer than three letters are no keys.
    assert!(!out.join("recherche/index/mots/de.json").exists());
    // The manifest counts canteens per key, so the script picks the rarest word.
    let manifeste = read_json(&out, "mots.json");
    assert_eq!(manifeste["longueur"], 3);
    assert_eq!(manifeste["cles"]["ass"], 2);
    assert_eq!(manifeste["cles"]["eco"], 1);
    assert_eq!(manifeste["cles"]["ecu"], 1);
    assert_eq!(manifeste["cles"]["the"], 1);
    assert!(manifeste["cles"].get("de").is_none());
}

#[test]
fn a_result_found_elsewhere_needs_only_a_piece_of_its_shard() {
    let (_tmp, out) = built();
    // Pieces of 64 rows: a small shard is one piece, the same rows.
    let piece = read_json(&out, "07/0.json");
    let shard = read_json(&out, "07.json");
    assert_eq!(piece, shard);
    assert!(!out.join("recherche/index/07/1.json").exists());
    // Flags: category bits (administration 1, enterprise 2, education 4,
    // health 8, social 16…) + 128 × verdict (1 met, 2 missed, 0 unknown).
    let drapeaux = read_json(&out, "drapeaux.json");
    assert_eq!(
        drapeaux["categories"],
        json!([
            "administration",
            "enterprise",
            "education",
            "health",
            "social",
            "leisure",
            "autres"
        ])
    );
    assert_eq!(
        drapeaux["departements"],
        json!([
            ["07", [4 + 256, 4 + 16 + 128]],
            ["2A", [4 + 256]],
            ["inconnu", [2]]
        ])
    );
}

#[test]
fn a_siret_finds_its_shard_through_its_siren_bucket() {
    let (_tmp, out) = built();
    // 210700175 mod 97 = 73: both Ardèche canteens share their SIREN.
    assert_eq!(
        read_json(&out, "siren/73.json")["cantines"],
        json!([["21070017500016", "07", 0], ["21070017500032", "07", 1]])
    );
    // 212000046 mod 97 = 47.
    assert_eq!(
        read_json(&out, "siren/47.json")["cantines"],
        json!([["21200004600012", "2A", 0]])
    );
    // Every bucket exists, so that the script never meets a 404.
    for n in 0..97 {
        assert!(
            out.join(format!("recherche/index/siren/{n}.json"))
                .is_file()
        );
    }
}

#[test]
fn the_page_offers_the_departements_and_loads_the_fingerprinted_script() {
    let (_tmp, out) = built();
    let html =
        std::fs::read_to_string(out.join("recherche/index.html")).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains(r#"<option value="07" data-nom="Ardèche">07 – Ardèche</option>"#));
    assert!(
        html.contains(r#"<option value="2A" data-nom="Corse-du-Sud">2A – Corse-du-Sud</option>"#)
    );
    assert!(html.contains(r#"<option value="inconnu""#));
    assert!(html.contains(r#"<option value="education">Enseignement</option>"#));
    assert!(html.contains(r#"data-index="/recherche/index/""#));
    assert!(html.contains("Parmi les 4 cantines publiées"));
    // Without JavaScript: the explanation and the way to browse.
    assert!(
        html.contains(r#"<noscript><p class="carte-info">La recherche a besoin de JavaScript"#)
    );
    let script = html
        .split(r#"<script src="/"#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("pas de script : {html}"));
    assert!(script.starts_with("static/recherche.") && script.ends_with(".js"));
    assert!(out.join(script).is_file(), "{script}");
}

#[test]
fn two_builds_write_the_same_index_bytes() {
    let tmp = repo();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(tmp.path(), &a);
    build(tmp.path(), &b);
    let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir.join("recherche"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).map(Path::to_path_buf);
                let bytes = std::fs::read(e.path()).unwrap_or_else(|e| panic!("{e}"));
                (rel.unwrap_or_else(|e| panic!("{e}")), bytes)
            })
            .collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    // The page, 3 shards and their 3 pieces, drapeaux.json, 97 buckets,
    // mots.json and the key files.
    assert!(fa.len() > 1 + 6 + 1 + 97 + 1, "{}", fa.len());
    assert!(fa == fb, "les deux constructions diffèrent");
}
