//! `cantine import opendata`: the fixture CSV files of
//! `tests/fixtures/import/` (same header as the national files) imported into
//! a temporary repository.

use cantine::import::{ImportReport, ProblemKind, import_opendata};
use cantine::load::parse;
use cantine::model::{Ministere, Secteur, TypeGestion};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    vec![dir.join("opendata_2022.csv"), dir.join("opendata_2023.csv")]
}

/// A contributor's file: a declared 2024 bilan, a declared 2022 bilan with
/// measures only, a presentation, a comment, and their own name.
const VILLIERS: &str = r#"# yaml-language-server: $schema=../../schema/cantine.schema.json
# Fichier tenu par la mairie.
siret: "21910679600010"
nom: Restaurant scolaire de Villiers-le-Bâcle
secteurs: [education_primaire]
nombre_repas_jour: 90
nombre_repas_an: 12600
presentation: |
  Repas cuisinés sur place.
  Menu : « bio » le vendredi.
bilans:
  - annee: 2024
    achats:
      valeur_totale: 50000.00
      valeur_bio: 12500.50
    gaspillage:
      diagnostic: true
  - annee: 2022
    diversification:
      menu_vegetarien: MID
"#;

const BROKEN: &str = "siret: \"21690123000013\"\nnom: [pas fermé\n";

/// A repository with the two existing files, then imported.
fn imported() -> (tempfile::TempDir, ImportReport) {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "declarations/91/21910679600010.yaml", VILLIERS);
    write(root.path(), "declarations/69/21690123000013.yaml", BROKEN);
    let report = import_opendata(root.path(), &fixtures()).unwrap();
    (root, report)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under `declarations/`, with its bytes and mtime.
fn snapshot(root: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(root.join("declarations"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            let mtime = e.metadata().unwrap().modified().unwrap();
            (rel, (fs::read(e.path()).unwrap(), mtime))
        })
        .collect()
}

fn kinds(report: &ImportReport, siret: &str) -> Vec<ProblemKind> {
    report
        .problemes
        .iter()
        .filter(|p| p.siret == siret)
        .map(|p| p.kind)
        .collect()
}

#[test]
fn two_years_merge_into_one_new_file() {
    let (root, report) = imported();
    // Identity from 2023, the management type (empty in 2023) from 2022;
    // the empty 2022 ratio is written 0.
    assert_eq!(
        read(root.path(), "declarations/07/21070017500016.yaml"),
        "# yaml-language-server: $schema=../../schema/cantine.schema.json\n\
         siret: \"21070017500016\"\n\
         nom: Cantine des Assions\n\
         code_insee: \"07017\"\n\
         secteurs: [education_primaire]\n\
         type_production: site\n\
         type_gestion: conceded\n\
         modele_economique: public\n\
         ma_cantine_id: 66207\n\
         bilans:\n  \
         - annee: 2023\n    source: opendata\n    taux_bio: 0.2665\n    taux_egalim_hors_bio: 0.1247\n  \
         - annee: 2022\n    source: opendata\n    taux_bio: 0.2000\n    taux_egalim_hors_bio: 0\n"
    );
    assert_eq!(report.taux_vides, 1);
    assert_eq!(
        kinds(&report, "21070017500016"),
        vec![ProblemKind::TauxVide]
    );
}

#[test]
fn counts_and_refusals() {
    let (root, report) = imported();
    assert_eq!(report.fichiers_lus, 2);
    assert_eq!(report.lignes_lues, 23);
    // 15 SIRETs: one invalid, one armed-forces, one with a broken file, one
    // existing (updated), eleven created.
    assert_eq!(report.cantines_creees, 11);
    assert_eq!(report.cantines_mises_a_jour, 1);
    assert_eq!(report.cantines_inchangees, 0);
    // 11 new files: 13 bilans (Assions and Passy have two); Villiers gets 2023.
    assert_eq!(report.bilans_ajoutes, 14);
    assert!(report.has_problems());

    // The armed-forces canteen is nowhere, the invalid SIRET neither.
    let files: Vec<String> = snapshot(root.path()).into_keys().collect();
    assert!(
        !files.iter().any(|f| f.contains("18080903000018")),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.contains("3473816260014")));
    assert_eq!(kinds(&report, "18080903000018"), vec![ProblemKind::Armee]);
    assert_eq!(
        kinds(&report, "3473816260014"),
        vec![ProblemKind::SiretInvalide]
    );
    let invalid = report
        .problemes
        .iter()
        .find(|p| p.kind == ProblemKind::SiretInvalide)
        .unwrap();
    assert!(invalid.fichier.ends_with("opendata_2022.csv"));
    assert_eq!(invalid.ligne, Some(3));

    let text = report.render();
    assert!(text.contains("11 créé(s), 1 mis à jour"), "{text}");
    assert!(
        text.contains("cantine des armées — jamais importée"),
        "{text}"
    );
    assert!(text.contains("opendata_2022.csv:3 — SIRET 3473816260014 — le SIRET « 3473816260014 » n'a pas 14 chiffres"), "{text}");
}

#[test]
fn values_fixed_or_dropped() {
    let (root, report) = imported();
    let decl = |rel: &str| parse(&read(root.path(), rel)).unwrap();

    // More than 3 sectors: the first 3, in the file's order.
    let passy = decl("declarations/74/21740208000014.yaml");
    assert_eq!(
        passy.secteurs,
        Some(vec![
            Secteur::SocialAutre,
            Secteur::LoisirAutre,
            Secteur::EducationPrimaire
        ])
    );
    assert_eq!(passy.bilans.len(), 2);
    let dropped = report
        .problemes
        .iter()
        .find(|p| p.kind == ProblemKind::SecteursEnTrop)
        .unwrap();
    assert!(
        dropped
            .raison
            .contains("« Crèche », « Autres établissements non listés »"),
        "{}",
        dropped.raison
    );

    // A private canteen with a ministry: the ministry is not kept.
    let cercle = decl("declarations/13/18133703100015.yaml");
    assert_eq!(cercle.ministere_tutelle, None);
    assert_eq!(cercle.secteurs, Some(vec![Secteur::AdministrationArmee]));
    assert_eq!(
        kinds(&report, "18133703100015"),
        vec![ProblemKind::MinistereRetire]
    );
    // A public prison keeps its ministry.
    assert_eq!(
        decl("declarations/01/17690120500599.yaml").ministere_tutelle,
        Some(Ministere::Justice)
    );

    // INSEE code that lost its zero: fixed, and it gives the folder.
    assert_eq!(
        decl("declarations/07/19070916200019.yaml")
            .code_insee
            .as_deref(),
        Some("07019")
    );
    assert_eq!(
        kinds(&report, "19070916200019"),
        vec![ProblemKind::CodeInseeCorrige]
    );
    // A postal code and no département: no code_insee, folder `inconnu`.
    assert_eq!(
        decl("declarations/inconnu/21310555000015.yaml").code_insee,
        None
    );
    assert_eq!(
        kinds(&report, "21310555000015"),
        vec![ProblemKind::CodeInseeInconnu]
    );

    // Canteens sharing a SIRET: tests/import_same_siret.rs.
    assert_eq!(passy.bilans[0].taux_bio.unwrap().0.to_string(), "0.3000");

    // A central kitchen that is the canteen itself is dropped; a valid one is kept.
    assert_eq!(
        decl("declarations/56/21560024800011.yaml").siret_cuisine_centrale,
        None
    );
    assert_eq!(
        kinds(&report, "21560024800011"),
        vec![ProblemKind::CuisineCentraleInvalide]
    );
    let relais = decl("declarations/07/21070017500024.yaml");
    assert_eq!(
        relais.siret_cuisine_centrale.as_deref(),
        Some("21070017500016")
    );
    assert_eq!(relais.nom, "Cantine \"Le Relais\" : self #2");

    // A SIRET published with spaces is normalised.
    assert!(
        root.path()
            .join("declarations/35/21350126500010.yaml")
            .exists()
    );
}

#[test]
fn contributor_file_keeps_everything() {
    let (root, report) = imported();
    let before = parse(VILLIERS).unwrap();
    let text = read(root.path(), "declarations/91/21910679600010.yaml");
    // The contributor's note at the top survives the rewrite.
    assert!(text.starts_with(
        "# yaml-language-server: $schema=../../schema/cantine.schema.json\n# Fichier tenu par la mairie.\nsiret:"
    ), "{text}");
    let after = parse(&text).unwrap();
    // The contributor's values win; absent fields are filled from the open data.
    assert_eq!(after.nom, before.nom);
    assert_eq!(after.presentation, before.presentation);
    assert_eq!(after.nombre_repas_jour, Some(90));
    assert_eq!(after.code_insee.as_deref(), Some("91679"));
    assert_eq!(after.type_gestion, Some(TypeGestion::Directe));
    assert_eq!(after.ma_cantine_id, Some(1131));
    // Declared bilans untouched; the open data adds 2023 only, not 2022.
    let years: Vec<u16> = after.bilans.iter().map(|b| b.annee).collect();
    assert_eq!(years, vec![2024, 2023, 2022]);
    assert_eq!(after.bilans[0], before.bilans[0]);
    assert_eq!(after.bilans[2], before.bilans[1]);
    assert_eq!(after.bilans[1].taux_bio.unwrap().0.to_string(), "0.2622");
    assert_eq!(
        kinds(&report, "21910679600010"),
        vec![ProblemKind::BilanDeclare]
    );

    // An existing file that does not parse is left byte for byte.
    assert_eq!(
        read(root.path(), "declarations/69/21690123000013.yaml"),
        BROKEN
    );
    let broken = report
        .problemes
        .iter()
        .find(|p| p.siret == "21690123000013")
        .unwrap();
    assert_eq!(broken.kind, ProblemKind::FichierIllisible);
    assert_eq!(broken.fichier, "declarations/69/21690123000013.yaml");
}

#[test]
fn second_run_changes_nothing() {
    let (root, first) = imported();
    let before = snapshot(root.path());
    let second = import_opendata(root.path(), &fixtures()).unwrap();
    assert_eq!(second.cantines_creees, 0);
    assert_eq!(second.cantines_mises_a_jour, 0);
    assert_eq!(second.cantines_inchangees, 12);
    assert_eq!(second.bilans_ajoutes + second.bilans_actualises, 0);
    assert_eq!(second.lignes_ecartees, first.lignes_ecartees);
    assert!(first.ecartees_ecrit && !second.ecartees_ecrit);
    // Rows not imported are reported again; fixes already written into the
    // files (sectors, INSEE code) are no longer taken from the open data.
    let still: Vec<_> = first
        .problemes
        .iter()
        .filter(|p| {
            !matches!(
                p.kind,
                ProblemKind::SecteursEnTrop | ProblemKind::CodeInseeCorrige
            )
        })
        .cloned()
        .collect();
    assert_eq!(second.problemes, still);
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let (a, ra) = imported();
    let (b, rb) = imported();
    let strip = |m: BTreeMap<String, (Vec<u8>, SystemTime)>| -> BTreeMap<String, Vec<u8>> {
        m.into_iter().map(|(k, (bytes, _))| (k, bytes)).collect()
    };
    assert_eq!(strip(snapshot(a.path())), strip(snapshot(b.path())));
    // Paths in the report are the CSV paths as given, identical too.
    assert_eq!(ra.render(), rb.render());
}

#[test]
fn new_figures_refresh_an_open_data_bilan() {
    let (root, _) = imported();
    let dir = tempfile::tempdir().unwrap();
    let csv = fs::read_to_string(&fixtures()[1])
        .unwrap()
        .replace(",0.2665,0.1247,", ",0.3000,0.1247,");
    let changed = dir.path().join("opendata_2023.csv");
    fs::write(&changed, csv).unwrap();
    let report = import_opendata(root.path(), &[fixtures()[0].clone(), changed]).unwrap();
    assert_eq!(report.cantines_mises_a_jour, 1);
    assert_eq!(report.bilans_actualises, 1);
    assert!(
        read(root.path(), "declarations/07/21070017500016.yaml").contains("taux_bio: 0.3000\n")
    );
}

#[test]
fn unreadable_csv_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("pas_opendata.csv");
    fs::write(&bad, "a,b\n1,2\n").unwrap();
    let err = import_opendata(dir.path(), &[bad]).unwrap_err().to_string();
    assert!(
        err.contains("pas_opendata.csv") && err.contains("colonne(s) absente(s)"),
        "{err}"
    );
    let missing = dir.path().join("absent.csv");
    let err = import_opendata(dir.path(), &[missing])
        .unwrap_err()
        .to_string();
    assert!(err.contains("absent.csv"), "{err}");
}

/// The real import, run by hand:
/// `CANTINE_IMPORT_ROOT=/work/main cargo test --release --test import_opendata -- --ignored --nocapture`
/// (without the variable, into a temporary folder).
#[test]
#[ignore]
fn import_real_open_data() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/ma-cantine-opendata")
        .canonicalize()
        .unwrap();
    let files: Vec<PathBuf> = [2021, 2022, 2023]
        .iter()
        .map(|y| data.join(format!("campagne_td_{y}.csv")))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let root = std::env::var_os("CANTINE_IMPORT_ROOT")
        .map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    let start = std::time::Instant::now();
    let report = import_opendata(&root, &files).unwrap();
    let elapsed = start.elapsed();
    println!("{}", report.render());
    for (kind, n) in report.counts_by_kind() {
        println!("{n:>6}  {kind:?}");
    }
    println!("durée : {elapsed:.2?}");
    // Every file written reads back with the loader.
    let loaded = cantine::load::load_declarations(&root);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    assert!(loaded.files.iter().all(|f| f.declaration.is_some()));
    println!("{} fichiers relus sans erreur", loaded.files.len());
}
