//! `cantine import opendata` when several canteens of the national
//! platform declare under one SIRET (content/methodologie.md, « Import des
//! données ouvertes »): the fixture CSV files of `tests/fixtures/import/`
//! imported into a temporary repository, the declarations and
//! `declarations/ecartees.csv` read back.

use cantine::import::{ImportReport, ProblemKind, import_opendata};
use cantine::load::parse;
use cantine::model::Declaration;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    vec![dir.join("opendata_2022.csv"), dir.join("opendata_2023.csv")]
}

fn imported() -> (tempfile::TempDir, ImportReport) {
    let root = tempfile::tempdir().unwrap();
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

fn kinds(report: &ImportReport, siret: &str) -> Vec<ProblemKind> {
    report
        .problemes
        .iter()
        .filter(|p| p.siret == siret)
        .map(|p| p.kind)
        .collect()
}

#[test]
fn each_siret_page_keeps_one_canteens_figures() {
    let (root, report) = imported();
    let decl = |rel: &str| -> Declaration { parse(&read(root.path(), rel)).unwrap() };
    // Two canteens (1263, 1258) under one SIRET: the page presents the
    // latest one, 1263, and only its figures; 1258's are set aside.
    let libourne = decl("declarations/33/26330240800012.yaml");
    assert_eq!(libourne.nom, "CCAS DE LIBOURNE");
    assert_eq!(libourne.ma_cantine_id, Some(1263));
    let years: Vec<u16> = libourne.bilans.iter().map(|b| b.annee).collect();
    assert_eq!(years, vec![2023]);
    assert_eq!(libourne.bilans[0].taux_bio.unwrap().0.to_string(), "0.3023");
    assert_eq!(
        kinds(&report, "26330240800012"),
        vec![ProblemKind::CantineEcartee, ProblemKind::CantineEcartee]
    );
    // A re-declaration of one canteen: the latest replaces the older.
    let passy = decl("declarations/74/21740208000014.yaml");
    assert_eq!(passy.bilans[0].taux_bio.unwrap().0.to_string(), "0.3000");
    assert!(kinds(&report, "21740208000014").contains(&ProblemKind::Doublon));
    // A canteen whose 2022 rows are all other canteens': no 2022 bilan.
    let cedre = decl("declarations/83/21830153900019.yaml");
    assert_eq!(cedre.nom, "cuisine centrale \"Le cèdre bleu\"");
    let years: Vec<u16> = cedre.bilans.iter().map(|b| b.annee).collect();
    assert_eq!(years, vec![2023]);
}

#[test]
fn rows_set_aside_are_listed_in_ecartees_csv() {
    use cantine::set_aside::Motif;
    let (root, report) = imported();
    let text = read(root.path(), "declarations/ecartees.csv");
    let (rows, diags) = cantine::set_aside::parse(&text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(report.lignes_ecartees, rows.len());
    type Listed<'a> = (&'a str, Option<u16>, Option<u64>, Motif, Option<u64>);
    let listed: Vec<Listed<'_>> = rows
        .iter()
        .map(|e| {
            (
                e.siret.as_str(),
                e.campagne,
                e.id_teledeclaration,
                e.motif,
                e.ma_cantine_id_retenue,
            )
        })
        .collect();
    // By SIRET, campaign and teledeclaration; then the refused rows, which
    // name nothing.
    assert_eq!(
        listed,
        vec![
            (
                "21740208000014",
                Some(2023),
                Some(13300),
                Motif::Remplacee,
                Some(58478)
            ),
            (
                "21830153900019",
                Some(2022),
                Some(7500),
                Motif::CantineRetenueAbsente,
                Some(1740)
            ),
            (
                "21830153900019",
                Some(2022),
                Some(7501),
                Motif::CantineRetenueAbsente,
                Some(1740)
            ),
            (
                "26330240800012",
                Some(2022),
                Some(7300),
                Motif::CantineDistincte,
                Some(1263)
            ),
            (
                "26330240800012",
                Some(2023),
                Some(17000),
                Motif::AutreCantine,
                Some(1263)
            ),
            ("", Some(2022), None, Motif::SiretInvalide, None),
            ("", Some(2023), None, Motif::Armees, None),
        ]
    );
    // A line as a data user reads it: the figures as published.
    assert!(text.contains(
        "\n2023,autre_cantine,26330240800012,17000,1258,RPA LE CARMEL,33243,0.1000,0.2000,1263,\
         \"cantine n° 1258, autre que la cantine n° 1263 présentée sous ce SIRET, qui a aussi télédéclaré pour 2023\"\n"
    ), "{text}");
    // The armed-forces canteen and the invalid SIRET are counted, never named.
    for hidden in ["18080903000018", "Caserne", "3473816260014", "AURIAM"] {
        assert!(!text.contains(hidden), "{hidden} in {text}");
    }
}

/// A file written by the former rule (highest id of the year, whatever
/// the canteen) loses the open-data bilan of a year whose rows are all
/// set aside; a contributor's declared bilan stays.
#[test]
fn a_year_set_aside_leaves_the_file_but_not_the_declared_bilans() {
    let root = tempfile::tempdir().unwrap();
    write(
        root.path(),
        "declarations/83/21830153900019.yaml",
        r#"# yaml-language-server: $schema=../../schema/cantine.schema.json
siret: "21830153900019"
nom: "cuisine centrale \"Le cèdre bleu\""
ma_cantine_id: 1740
bilans:
  - annee: 2023
    source: opendata
    taux_bio: 0.2077
    taux_egalim_hors_bio: 0.2042
  - annee: 2022
    source: opendata
    taux_bio: 0.1100
    taux_egalim_hors_bio: 0.2000
  - annee: 2021
    gaspillage:
      diagnostic: true
"#,
    );
    let report = import_opendata(root.path(), &fixtures()).unwrap();
    assert_eq!(report.bilans_retires, 1);
    let after = parse(&read(root.path(), "declarations/83/21830153900019.yaml")).unwrap();
    let years: Vec<u16> = after.bilans.iter().map(|b| b.annee).collect();
    assert_eq!(years, vec![2023, 2021]);
    assert!(
        report.render().contains("1 retiré(s)"),
        "{}",
        report.render()
    );
}
