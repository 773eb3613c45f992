//! What the cache keeps of one declaration file, and how a file on disk is
//! recognised as the one that was read.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Declaration;
use borsh::{BorshDeserialize, BorshSerialize};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

pub use crate::load::stat::{FileStat, RACY, now};

/// One file as a previous build read and checked it.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Entry {
    /// Path relative to the repository root.
    pub path: String,
    /// The file when it was read.
    pub stat: FileStat,
    /// The key of its path and text (`output::Key`), for the pages.
    pub key: u128,
    /// The parsed declaration.
    pub declaration: Declaration,
    /// What the per-file rules said of it.
    pub diagnostics: Vec<StoredDiagnostic>,
}

/// An [`Entry`] after its path: what a build takes from an entry whose
/// path it has checked in place (the same bytes, without allocating the
/// path of each of 100 000 entries to compare it).
#[derive(Debug, BorshDeserialize)]
pub struct Contenu {
    /// The file when it was read.
    pub stat: FileStat,
    /// The key of its path and text.
    pub key: u128,
    /// The parsed declaration.
    pub declaration: Declaration,
    /// What the per-file rules said of it.
    pub diagnostics: Vec<StoredDiagnostic>,
}

/// A [`Diagnostic`] as stored (its code as text).
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct StoredDiagnostic {
    file: String,
    line: u32,
    column: u32,
    length: u32,
    error: bool,
    code: String,
    message: String,
    help: Option<String>,
    source_line: Option<String>,
    fix: Option<crate::diagnostics::Fix>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            length: d.length,
            error: d.severity == Severity::Error,
            code: d.code.to_string(),
            message: d.message.clone(),
            help: d.help.clone(),
            source_line: d.source_line.clone(),
            fix: d.fix.clone(),
        }
    }
}

impl From<StoredDiagnostic> for Diagnostic {
    fn from(d: StoredDiagnostic) -> Self {
        Diagnostic {
            file: d.file,
            line: d.line,
            column: d.column,
            length: d.length,
            severity: if d.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            code: intern(&d.code),
            message: d.message,
            help: d.help,
            source_line: d.source_line,
            fix: d.fix,
        }
    }
}

/// Diagnostic codes are `&'static str`; the few dozen codes read back from
/// the cache are allocated once each for the life of the program.
fn intern(code: &str) -> &'static str {
    static CODES: LazyLock<Mutex<HashSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(HashSet::new()));
    let mut codes = CODES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(c) = codes.get(code) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_round_trip_with_their_code() {
        let d = Diagnostic::file_level(
            "declarations/07/x.yaml",
            Severity::Warning,
            "identite-incomplete",
            "m",
            Some("h".into()),
        );
        let back = Diagnostic::from(StoredDiagnostic::from(&d));
        assert_eq!(back, d);
        assert_eq!(back.code, "identite-incomplete");
    }
}
