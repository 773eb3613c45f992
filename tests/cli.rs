//! The `cantine` command as contributors and CI run it: exit statuses and
//! the three output formats of `check`, and `new`.

use std::path::Path;
use std::process::Command;

fn cantine(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cantine"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795392000") // 2026-11-23
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(case: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(case)
        .display()
        .to_string()
}

#[test]
fn check_human_format_exits_1_with_positions_and_help() {
    let (code, out, _) = cantine(&["check", "--root", &fixture("erreurs")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("erreur[achats-depassement]: valeur_bio"),
        "{out}"
    );
    assert!(
        out.contains("--> declarations/07/21070017500016.yaml:15:19"),
        "{out}"
    );
    assert!(out.contains("= aide : "));
    assert!(
        out.contains("7 erreurs, 0 avertissement dans 1 fichier."),
        "{out}"
    );
}

#[test]
fn check_json_format_lists_every_problem() {
    let (code, out, _) = cantine(&["check", "--root", &fixture("erreurs"), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let items = v.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 7);
    let first = &items[0];
    for key in ["file", "line", "column", "severity", "code", "message"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "declarations/07/21070017500016.yaml");
}

#[test]
fn check_github_format_writes_annotations() {
    let (code, out, _) = cantine(&["check", "--root", &fixture("erreurs"), "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{out}"
    );
    assert!(out.contains(
        "::error file=declarations/07/21070017500016.yaml,line=15,col=19,title=achats-depassement::"
    ));
}

#[test]
fn check_of_a_valid_repository_exits_0() {
    let (code, out, _) = cantine(&["check", "--root", &fixture("valide")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 erreur, 0 avertissement"));
}

#[test]
fn new_writes_a_skeleton_that_check_accepts() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(tmp.path().join("declarations")).unwrap_or_else(|e| panic!("{e}"));
    let root = tmp.path().display().to_string();
    let (code, out, err) = cantine(&[
        "new",
        "--siret",
        "210 700 175 00016",
        "--insee",
        "07017",
        "--root",
        &root,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("declarations/07/21070017500016.yaml"));
    let text = std::fs::read_to_string(tmp.path().join("declarations/07/21070017500016.yaml"))
        .unwrap_or_default();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schema/cantine.schema.json\n"));
    let (code, out, _) = cantine(&["check", "--root", &root]);
    assert_eq!(code, 0, "{out}");
    // A second `new` for the same SIRET refuses, and the file is untouched.
    let (code, _, err) = cantine(&[
        "new",
        "--siret",
        "21070017500016",
        "--insee",
        "07017",
        "--root",
        &root,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("existe déjà"), "{err}");
}

#[test]
fn check_without_declarations_folder_says_where_to_run() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, out, _) = cantine(&["check", "--root", &tmp.path().display().to_string()]);
    assert_eq!(code, 1);
    assert!(out.contains("--root"), "{out}");
}
