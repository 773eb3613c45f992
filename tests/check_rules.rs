//! `cantine check` rules end to end: small repositories under
//! `tests/fixtures/check/<case>/` go through the loader and the validate
//! stage, and the exact diagnostics (file, line, column, code, severity)
//! are asserted. Hostile files are generated in temporary folders.

use cantine::diagnostics::{self, Diagnostic, Severity};
use cantine::load::load_declarations;
use cantine::validate::{Options, validate};
use std::path::Path;
use std::time::{Duration, Instant};

const OPTIONS: Options = Options { current_year: 2026 };

/// Loader and validate diagnostics of a repository, merged and sorted as
/// `cantine check` shows them.
fn check_root(root: &Path) -> Vec<Diagnostic> {
    let loaded = load_declarations(root);
    let mut all = loaded.diagnostics.clone();
    all.extend(validate(&loaded, &OPTIONS));
    diagnostics::sort(&mut all);
    all
}

fn check_case(case: &str) -> Vec<Diagnostic> {
    check_root(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/check")
            .join(case),
    )
}

type Row = (String, u32, u32, &'static str, Severity);

fn rows(diags: &[Diagnostic]) -> Vec<Row> {
    diags
        .iter()
        .map(|d| (d.file.clone(), d.line, d.column, d.code, d.severity))
        .collect()
}

fn row(file: &str, line: u32, column: u32, code: &'static str, severity: Severity) -> Row {
    (file.to_string(), line, column, code, severity)
}

use Severity::{Error, Warning};

#[test]
fn fully_valid_declared_file_has_no_diagnostics() {
    let diags = check_case("valide");
    assert!(
        diags.is_empty(),
        "{}",
        diagnostics::render(&diags, diagnostics::Format::Human)
    );
}

#[test]
fn opendata_only_file_gets_one_warning() {
    let diags = check_case("opendata");
    let file = "declarations/inconnu/20000000000006.yaml";
    assert_eq!(
        rows(&diags),
        vec![row(file, 1, 1, "identite-incomplete", Warning)]
    );
    assert!(
        diags[0]
            .message
            .contains("code_insee, secteurs, type_production")
    );
    assert_eq!(
        diags[0].source_line.as_deref(),
        Some("siret: \"20000000000006\"")
    );
}

#[test]
fn several_semantic_errors_each_at_their_value() {
    let diags = check_case("erreurs");
    let file = "declarations/07/21070017500016.yaml";
    assert_eq!(
        rows(&diags),
        vec![
            row(file, 4, 32, "secteur-en-double", Error),
            row(file, 8, 1, "ministere-interdit", Error),
            row(file, 10, 18, "repas-incoherents", Error),
            row(file, 12, 12, "annee-hors-periode", Error),
            row(file, 15, 19, "achats-depassement", Error),
            row(file, 16, 20, "montant-decimales", Error),
            row(file, 18, 13, "lien-invalide", Error),
        ],
        "{}",
        diagnostics::render(&diags, diagnostics::Format::Human)
    );
    let depassement = &diags[4];
    assert_eq!(
        depassement.message,
        "valeur_bio (200\u{a0}000\u{a0}€) dépasse valeur_totale (182\u{a0}000,50\u{a0}€)"
    );
    assert_eq!(
        depassement.source_line.as_deref(),
        Some("      valeur_bio: 200000")
    );
    assert_eq!(depassement.length, 6);
    assert!(diags[6].message.contains("« javascript:alert(1) »"));
}

#[test]
fn duplicate_siret_across_two_folders() {
    let diags = check_case("doublon");
    let a = "declarations/07/21070017500016.yaml";
    let b = "declarations/26/21070017500016.yaml";
    assert_eq!(
        rows(&diags),
        vec![
            row(a, 1, 8, "siret-en-double", Error),
            row(b, 1, 8, "siret-en-double", Error)
        ]
    );
    assert!(diags[0].message.ends_with(b));
    assert!(diags[1].message.ends_with(a));
}

#[test]
fn one_platform_id_in_two_files_is_a_warning_on_each() {
    let repo = temp_repo();
    // Two pairs sharing an id (7 and 42) and one file alone (9).
    for (fin, id) in [("08", 7), ("16", 42), ("24", 7), ("32", 42), ("40", 9)] {
        let siret = format!("210700175000{fin}");
        let yaml = format!(
            "siret: \"{siret}\"\nnom: Cantine {fin}\ncode_insee: \"07017\"\nma_cantine_id: {id}\n"
        );
        let path = repo.path().join(format!("declarations/07/{siret}.yaml"));
        if let Err(e) = std::fs::write(&path, yaml) {
            panic!("écriture de {} : {e}", path.display());
        }
    }
    let diags = check_root(repo.path());
    let doubles: Vec<(&str, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "ma-cantine-id-en-double")
        .map(|d| (d.file.as_str(), d.line, d.message.as_str()))
        .collect();
    let f = |fin: &str| format!("declarations/07/210700175000{fin}.yaml");
    assert_eq!(
        doubles,
        vec![
            (
                f("08").as_str(),
                4,
                format!("ma_cantine_id 7 figure aussi dans {}", f("24")).as_str()
            ),
            (
                f("16").as_str(),
                4,
                format!("ma_cantine_id 42 figure aussi dans {}", f("32")).as_str()
            ),
            (
                f("24").as_str(),
                4,
                format!("ma_cantine_id 7 figure aussi dans {}", f("08")).as_str()
            ),
            (
                f("32").as_str(),
                4,
                format!("ma_cantine_id 42 figure aussi dans {}", f("16")).as_str()
            ),
        ]
    );
    assert!(
        doubles
            .iter()
            .all(|d| diags.iter().any(|x| x.file == d.0 && x.severity == Warning))
    );
}

#[test]
fn wrong_folder_names_the_right_one() {
    let diags = check_case("mauvais-dossier");
    assert_eq!(
        rows(&diags),
        vec![
            row(
                "declarations/26/21070017500016.yaml",
                3,
                13,
                "dossier-departement",
                Error
            ),
            row(
                "declarations/inconnu/21070017500024.yaml",
                3,
                13,
                "dossier-departement",
                Error
            ),
        ]
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some(
            "déplacez le fichier dans declarations/07/21070017500016.yaml (ou corrigez code_insee)"
        )
    );
    assert!(diags[1].message.contains("Privas (07186)"));
}

#[test]
fn missing_central_kitchen_is_a_warning() {
    let diags = check_case("cuisine-absente");
    assert_eq!(
        rows(&diags),
        vec![row(
            "declarations/07/21070017500032.yaml",
            10,
            25,
            "cuisine-centrale-absente",
            Warning
        )]
    );
    assert!(diags[0].message.contains("21070017500024"));
}

/// A temporary repository with `declarations/07/`.
fn temp_repo() -> tempfile::TempDir {
    let dir = match tempfile::TempDir::new() {
        Ok(d) => d,
        Err(e) => panic!("dossier temporaire : {e}"),
    };
    if let Err(e) = std::fs::create_dir_all(dir.path().join("declarations/07")) {
        panic!("création de declarations/07 : {e}");
    }
    dir
}

/// Writes `bytes` as `declarations/07/<name>`, checks the repository, and
/// returns the diagnostics, failing if the check took more than 10 s.
fn check_hostile(name: &str, bytes: &[u8]) -> Vec<Row> {
    let repo = temp_repo();
    if let Err(e) = std::fs::write(repo.path().join("declarations/07").join(name), bytes) {
        panic!("écriture de {name} : {e}");
    }
    let start = Instant::now();
    let diags = check_root(repo.path());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "trop lent : {:?}",
        start.elapsed()
    );
    rows(&diags)
}

#[test]
fn binary_file_is_one_error() {
    let mut bytes = b"siret: \"21070017500016\"\n".to_vec();
    bytes.extend([0u8, 159, 146, 150, 0, 1, 2]);
    assert_eq!(
        check_hostile("21070017500016.yaml", &bytes),
        vec![row(
            "declarations/07/21070017500016.yaml",
            1,
            1,
            "fichier-binaire",
            Error
        )]
    );
}

#[test]
fn file_over_one_mebibyte_is_one_error() {
    let mut text = String::from("siret: \"21070017500016\"\nnom: Cantine\npresentation: |\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("  Une ligne de présentation répétée pour grossir le fichier.\n");
    }
    assert_eq!(
        check_hostile("21070017500016.yaml", text.as_bytes()),
        vec![row(
            "declarations/07/21070017500016.yaml",
            1,
            1,
            "fichier-trop-gros",
            Error
        )]
    );
}

#[test]
fn deeply_nested_yaml_is_one_error() {
    // 10 000 open sequences, then 10 000 open mappings: the reader stops at
    // its nesting limit instead of recursing until the stack overflows.
    for text in ["[".repeat(10_000), "{a: ".repeat(10_000)] {
        let found = check_hostile("21070017500016.yaml", text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        let (file, line, _, code, severity) = &found[0];
        assert_eq!(
            (file.as_str(), *line, *code, *severity),
            (
                "declarations/07/21070017500016.yaml",
                1,
                "yaml-trop-profond",
                Error
            )
        );
    }
}

#[test]
fn non_utf8_file_is_one_error() {
    // "Cantine des Écoles" in Latin-1: É is the single byte 0xC9.
    let bytes = b"siret: \"21070017500016\"\nnom: Cantine des \xC9coles\n";
    assert_eq!(
        check_hostile("21070017500016.yaml", bytes),
        vec![row(
            "declarations/07/21070017500016.yaml",
            1,
            1,
            "encodage",
            Error
        )]
    );
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_the_repository_is_one_error() {
    let repo = temp_repo();
    let outside = match tempfile::NamedTempFile::new() {
        Ok(f) => f,
        Err(e) => panic!("fichier temporaire : {e}"),
    };
    if let Err(e) = std::fs::write(outside.path(), "siret: \"21070017500016\"\nnom: Secret\n") {
        panic!("écriture : {e}");
    }
    let link = repo.path().join("declarations/07/21070017500016.yaml");
    if let Err(e) = std::os::unix::fs::symlink(outside.path(), &link) {
        panic!("lien symbolique : {e}");
    }
    let diags = check_root(repo.path());
    assert_eq!(
        rows(&diags),
        vec![row(
            "declarations/07/21070017500016.yaml",
            1,
            1,
            "lien-symbolique",
            Error
        )]
    );
    // Nothing of the target was read.
    assert!(!diags[0].message.contains("Secret"));
}
