//! Typical mistakes of contributors (`corpus.rs`), each checked as a
//! contributor meets it: `check` reports one error, in French only, at the
//! offending token (file:line:col), with a fix that, applied as written in
//! the diagnostic, makes `check` pass. Each file, broken and fixed, is also
//! read as an editor reads it (YAML 1.2) and validated against the
//! published schema: the schema and `check` agree, except on the rules the
//! schema's description lists as beyond a schema.

mod corpus;
mod schema;

use cantine::diagnostics::{Diagnostic, Severity, apply};
use corpus::{BASE, CORPUS, Mistake};
use std::path::Path;

const MARK: char = '⟨';
const YEAR: u16 = 2026;

/// The broken text, without its mark, and the mark's 1-based line and
/// column (in characters).
fn broken(m: &Mistake) -> (String, u32, u32) {
    assert_eq!(BASE.matches(m.find).count(), 1, "{}: find once", m.what);
    let marked = BASE.replacen(m.find, m.replace, 1);
    let at = marked
        .find(MARK)
        .unwrap_or_else(|| panic!("{}: no ⟨ in the mistake", m.what));
    let before = &marked[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let text = marked.replacen(MARK, "", 1);
    (text, line as u32, column as u32)
}

fn rel(m: &Mistake) -> String {
    format!("declarations/{}/{}.yaml", m.folder, m.stem)
}

/// Runs `check` on a repository holding `text` at `rel`.
fn check(rel: &str, text: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), rel, text);
    cantine::check(dir.path(), YEAR).diagnostics
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn show(diags: &[Diagnostic]) -> String {
    cantine::diagnostics::render(diags, cantine::diagnostics::Format::Human)
}

/// Words of the English messages of the YAML and deserialisation layers,
/// none of which is French.
const ENGLISH: &[&str] = &[
    "the",
    "at",
    "line",
    "column",
    "expected",
    "found",
    "while",
    "scanning",
    "invalid",
    "unknown",
    "field",
    "missing",
    "duplicate",
    "mapping",
    "sequence",
    "scalar",
    "string",
    "integer",
    "struct",
    "variant",
    "of",
    "did",
    "you",
    "mean",
    "with",
    "and",
    "is",
    "not",
    "error",
    "value",
    "key",
    "could",
    "cannot",
    "failed",
    "unexpected",
    "end",
    "stream",
    "tab",
    "allowed",
    "block",
    "character",
    "quoted",
    "flow",
    "floating",
    "number",
];

/// The English words of `text`, outside the « quotes » that cite the file.
fn english_words(text: &str) -> Vec<String> {
    let mut outside = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

/// The file after the fix of `d`: its place and text.
fn fixed(rel: &str, text: &str, d: &Diagnostic) -> (String, String) {
    let fix = d
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("no fix for:\n{}", show(std::slice::from_ref(d))));
    let text = apply(text, &fix.edits).unwrap_or_else(|| panic!("fix does not apply: {fix:?}"));
    (fix.move_to.clone().unwrap_or_else(|| rel.to_string()), text)
}

/// What the help says to write: each edit's text, or the new place.
fn help_gives_the_fix(d: &Diagnostic) -> bool {
    let help = d.help.as_deref().unwrap_or("");
    let Some(fix) = &d.fix else {
        return false;
    };
    // The new place, or at least the new name ("renommez-le …").
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    fix.move_to
        .as_deref()
        .is_none_or(|p| help.contains(&name(p)))
        && fix
            .edits
            .iter()
            .map(|e| e.text.trim())
            .filter(|t| !t.is_empty() && !t.chars().all(char::is_whitespace))
            .all(|t| help.contains(t) || d.message.contains(t))
}

#[test]
fn the_corpus_has_at_least_40_mistakes_and_the_base_is_valid() {
    assert!(CORPUS.len() >= 40, "{}", CORPUS.len());
    let diags = check(&format!("declarations/07/{}.yaml", "21070017500016"), BASE);
    assert!(diags.is_empty(), "{}", show(&diags));
}

#[test]
fn each_mistake_is_one_french_error_at_its_token_with_a_fix_that_passes() {
    let mut failures = Vec::new();
    for m in CORPUS {
        if let Err(why) = one_mistake(m) {
            failures.push(format!("— {} [{}]: {why}", m.what, m.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn one_mistake(m: &Mistake) -> Result<(), String> {
    let (text, line, column) = broken(m);
    let rel = rel(m);
    let diags = check(&rel, &text);
    let errs = errors(&diags);
    let [e] = errs.as_slice() else {
        return Err(format!("{} errors:\n{}", errs.len(), show(&diags)));
    };
    if e.code != m.code {
        return Err(format!("code {}:\n{}", e.code, show(&diags)));
    }
    if (e.file.as_str(), e.line, e.column) != (rel.as_str(), line, column) {
        return Err(format!(
            "at {}:{}:{}, expected {rel}:{line}:{column}:\n{}",
            e.file,
            e.line,
            e.column,
            show(&diags)
        ));
    }
    for d in &diags {
        let words = english_words(&format!(
            "{} {}",
            d.message,
            d.help.as_deref().unwrap_or("")
        ));
        if !words.is_empty() {
            return Err(format!("English {words:?}:\n{}", show(&diags)));
        }
    }
    if !help_gives_the_fix(e) {
        return Err(format!(
            "the help does not say the fix {:?}:\n{}",
            e.fix,
            show(&diags)
        ));
    }
    let (new_rel, new_text) = fixed(&rel, &text, e);
    let after = check(&new_rel, &new_text);
    if !errors(&after).is_empty() {
        return Err(format!(
            "still failing after the fix:\n{new_text}\n{}",
            show(&after)
        ));
    }
    Ok(())
}

/// The rules of `check` that a JSON Schema cannot express, by code.
fn beyond_schema() -> Vec<&'static str> {
    cantine::model::schema::RULES_BEYOND_SCHEMA
        .iter()
        .map(|(code, _)| *code)
        .collect()
}

#[test]
fn the_schema_and_check_agree_on_every_file_of_the_corpus() {
    let description = schema::SCHEMA["description"].as_str().unwrap_or("");
    let beyond = beyond_schema();
    for code in &beyond {
        assert!(
            description.contains(&format!("({code})")),
            "the schema's description does not list ({code}):\n{description}"
        );
    }
    let mut failures = Vec::new();
    let base = schema::schema_errors(BASE);
    assert!(base.is_empty(), "{base:?}");
    for m in CORPUS {
        let (text, _, _) = broken(m);
        if schema::schema_errors(&text).is_empty() && !beyond.contains(&m.code) {
            failures.push(format!(
                "— {}: the schema accepts what check refuses",
                m.what
            ));
        }
        let diags = check(&rel(m), &text);
        let Some(e) = errors(&diags).first().copied().filter(|e| e.fix.is_some()) else {
            continue;
        };
        let (_, after) = fixed(&rel(m), &text, e);
        let left = schema::schema_errors(&after);
        if !left.is_empty() {
            failures.push(format!(
                "— {}: the schema refuses the fixed file: {left:?}",
                m.what
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Ways of writing that are not mistakes: `check` and the schema both
/// accept them.
#[test]
fn the_schema_and_check_accept_the_same_variants() {
    let variants = [
        ("siret: \"21070017500016\"", "siret: 21070017500016"),
        ("nom: Cantine des Assions", "nom: 'Cantine des Assions'"),
        ("ministere_tutelle: null", "ministere_tutelle: ~"),
        ("siret_cuisine_centrale: null", "siret_cuisine_centrale:"),
        ("diagnostic: true", "diagnostic: True"),
        (
            "secteurs: [education_primaire]",
            "secteurs:\n  - education_primaire",
        ),
        ("valeur_totale: 182000.50", "valeur_totale: 182000.5"),
        ("valeur_bio: 31000", "valeur_bio: 31000.00"),
        ("valeur_bio: 31000", "valeur_bio: 3.1e4"),
    ];
    for (find, replace) in variants {
        assert_eq!(BASE.matches(find).count(), 1, "{find}");
        let text = BASE.replacen(find, replace, 1);
        let diags = check("declarations/07/21070017500016.yaml", &text);
        assert!(errors(&diags).is_empty(), "{replace}:\n{}", show(&diags));
        let refused = schema::schema_errors(&text);
        assert!(refused.is_empty(), "{replace}: {refused:?}");
    }
}
