//! Stage 1, load: walk `declarations/`, read each file defensively, parse
//! it into a [`Declaration`]. Problems become diagnostics; nothing panics,
//! nothing is skipped silently.

mod fast;
mod fast_de;
pub mod fields;
mod key_error;
mod lines;
pub mod locate;
mod next_errors;
pub mod outline;
pub mod parse_error;
pub mod stat;
pub mod style;
mod suggest;
mod syntax_error;
mod value_error;
mod walk;

#[cfg(test)]
mod fast_tests;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Declaration;
pub use parse_error::ParseError;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
pub use walk::walk;

/// Largest declaration file accepted. A real one is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Deepest YAML nesting accepted (a declaration needs 4 levels).
pub const MAX_DEPTH: usize = 32;

/// One declaration file as read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the repository root, `/`-separated
    /// (`declarations/<folder>/<stem>.yaml`).
    pub path: String,
    /// The file's text (empty if it could not be read).
    pub text: String,
    /// The parsed declaration, if the file is valid YAML of the right shape.
    pub declaration: Option<Declaration>,
    /// How its values are written, when a rule of `style.rs` objects
    /// (quotes): found while reading the file, reported with the per-file
    /// rules' diagnostics (and kept with them by the build cache).
    pub written: Vec<Diagnostic>,
}

impl SourceFile {
    /// Folder name under `declarations/` (the département code, or `inconnu`).
    pub fn folder(&self) -> &str {
        self.path.rsplit('/').nth(1).unwrap_or_default()
    }

    /// File name without its extension (`.yaml`).
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or_default();
        match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem,
            _ => name,
        }
    }
}

/// Everything read from `declarations/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Problems found while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
}

/// A candidate file found by the walk.
pub struct Found {
    /// Path on disk, only when `rel` cannot name it (a name that is not
    /// UTF-8): otherwise the root joined with `rel`, made when the file is
    /// read (100 000 paths fewer kept by a rebuild, which reads one file).
    pub abs: Option<PathBuf>,
    /// Path relative to the repository root, `/`-separated.
    pub rel: String,
    /// The identity of its content (metadata not following links), when
    /// the walk was asked for it.
    pub stat: Option<stat::FileStat>,
}

/// Walks `root/declarations` and loads every `*.yaml` file in parallel.
pub fn load_declarations(root: &Path) -> Loaded {
    let (found, mut loaded) = walk(root, false);
    // Unzipped as they are made: the files' vector allocated once.
    let (files, diags): (Vec<SourceFile>, Vec<Vec<Diagnostic>>) =
        found.into_par_iter().map(|f| load_one(root, f)).unzip();
    loaded.files.extend(files);
    loaded.diagnostics.extend(diags.into_iter().flatten());
    loaded
}

/// The [`SourceFile`] of a file found by [`walk`], not read yet (its
/// path moved, not copied).
pub fn unread(found: Found) -> SourceFile {
    SourceFile {
        path: found.rel,
        text: String::new(),
        declaration: None,
        written: Vec::new(),
    }
}

/// Reads and parses one file found by [`walk`] under `root`.
pub fn load_one(root: &Path, found: Found) -> (SourceFile, Vec<Diagnostic>) {
    let abs = match &found.abs {
        Some(abs) => abs.clone(),
        None => root.join(&found.rel),
    };
    let mut file = unread(found);
    let mut diags = Vec::new();
    match read_text(&abs) {
        Ok(text) => file.text = text,
        Err((code, message, help)) => {
            diags.push(Diagnostic::file_level(
                &file.path,
                Severity::Error,
                code,
                message,
                help,
            ));
            return (file, diags);
        }
    }
    match fast::parse_fast(&file.text) {
        Some(d) => file.declaration = Some(d),
        None => match parse_saphyr(&file.text) {
            Ok(d) => {
                file.declaration = Some(d);
                file.written = style::check(&file.path, &file.text);
            }
            Err(e) => {
                let first = ParseError::from_reader(&file.text, &e);
                let next = next_errors::after(&file.text, &first);
                for error in std::iter::once(first).chain(next) {
                    diags.push(error.into_diagnostic(&file.path, &file.text));
                }
            }
        },
    }
    (file, diags)
}

type ReadError = (&'static str, String, Option<String>);

/// What went wrong with a file, in French (the system's own text is English).
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "fichier ou dossier introuvable",
        K::PermissionDenied => "accès refusé (droits du fichier ou du dossier)",
        K::AlreadyExists => "le fichier existe déjà",
        K::InvalidData => "contenu illisible",
        K::StorageFull => "disque plein",
        K::ReadOnlyFilesystem => "système de fichiers en lecture seule",
        K::IsADirectory => "c'est un dossier, pas un fichier",
        K::NotADirectory => "un élément du chemin n'est pas un dossier",
        K::Interrupted | K::TimedOut => "opération interrompue",
        _ => "erreur du système de fichiers",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what} (code système {code})"),
        None => what.to_string(),
    }
}

/// Reads a file as UTF-8 text, refusing huge, binary and non-UTF-8 files.
fn read_text(path: &Path) -> Result<String, ReadError> {
    let io = |e: std::io::Error| -> ReadError {
        (
            "lecture-impossible",
            format!("lecture impossible : {}", io_message(&e)),
            None,
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Sized from the metadata (one `fstat`) so that a typical file is read
    // in one call instead of a series of growing reads; capped, since the
    // metadata may lie (special files) and the size check below decides.
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(hint.min(MAX_FILE_BYTES) as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            "fichier-trop-gros",
            format!("le fichier dépasse {} Kio", MAX_FILE_BYTES / 1024),
            Some(
                "une déclaration fait quelques kilo-octets : vérifiez qu'il s'agit du bon fichier"
                    .into(),
            ),
        ));
    }
    if bytes.contains(&0) {
        return Err((
            "fichier-binaire",
            "le fichier contient des octets nuls : ce n'est pas un fichier texte".into(),
            Some("une déclaration est un fichier texte YAML encodé en UTF-8".into()),
        ));
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        (
            "encodage",
            format!("le fichier n'est pas encodé en UTF-8 (octet invalide à la ligne {line})"),
            Some("enregistrez le fichier en UTF-8 (et non en Latin-1 / Windows-1252)".into()),
        )
    })
}

/// Parses a declaration from YAML text, with budgets against hostile input.
///
/// Files in the canonical layout take a fast path (`fast.rs`) that gives
/// the same declaration; everything else, and every error, comes from
/// serde-saphyr. Errors are translated (`parse_error.rs`): French, at the
/// offending token, with a fix when one can be written.
pub fn parse(text: &str) -> Result<Declaration, Box<ParseError>> {
    match fast::parse_fast(text) {
        Some(d) => Ok(d),
        None => parse_saphyr(text).map_err(|e| Box::new(ParseError::from_reader(text, &e))),
    }
}

/// Whether `text` takes the fast path (for benchmarks and tests).
pub fn takes_fast_path(text: &str) -> bool {
    fast::parse_fast(text).is_some()
}

/// Parses a declaration with serde-saphyr only (the reference behaviour).
/// Booleans are YAML 1.2's `true` and `false` only (any case): the
/// YAML 1.1 words `yes`, `no`, `on`, `off` are errors with their fix, as
/// editors reading the file with the schema read them as text.
pub(crate) fn parse_saphyr(text: &str) -> Result<Declaration, serde_saphyr::Error> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options(text, options)
}
