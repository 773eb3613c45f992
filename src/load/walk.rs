//! Finding the declaration files: `declarations/<département>/<siret>.yaml`,
//! each département folder read in parallel. Anything else under
//! `declarations/` (links, `.yml` files, files in the wrong place) becomes
//! a diagnostic.

use super::{Found, Loaded};
use crate::diagnostics::{Diagnostic, Severity};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// Finds the declaration files under `root/declarations`, sorted by path
/// (depth first, names in byte order, as `walkdir` sorted by file name);
/// with `stat`, each file's metadata (not following links) is taken
/// relative to its open folder, which costs less than a lookup of the
/// whole path.
pub fn walk(root: &Path, stat: bool) -> (Vec<Found>, Loaded) {
    let dir = root.join("declarations");
    let mut loaded = Loaded::default();
    if !dir.is_dir() {
        loaded.diagnostics.push(Diagnostic::file_level(
            "declarations",
            Severity::Error,
            "dossier-absent",
            format!("le dossier « {} » est introuvable", dir.display()),
            Some("lancez la commande à la racine du dépôt, ou indiquez-la avec --root".into()),
        ));
        return (Vec::new(), loaded);
    }
    let mut top = Visit::default();
    let folders = top.entries(&dir, "declarations");
    // Each entry of `declarations/` in order; folders visited in parallel.
    let parts: Vec<Visit> = folders
        .into_par_iter()
        .map(|e| {
            let mut v = Visit {
                stat,
                ..Visit::default()
            };
            v.entry(e, 1);
            v
        })
        .collect();
    let mut found = Vec::new();
    loaded.diagnostics = top.diagnostics;
    for p in parts {
        found.extend(p.found);
        loaded.diagnostics.extend(p.diagnostics);
    }
    (found, loaded)
}

/// One entry of a folder, with its path.
struct Entry {
    entry: fs::DirEntry,
    /// Its name as stored (the sort key: byte order, as `walkdir`).
    os_name: std::ffi::OsString,
    abs: PathBuf,
    rel: String,
    name: String,
}

#[derive(Default)]
struct Visit {
    stat: bool,
    found: Vec<Found>,
    diagnostics: Vec<Diagnostic>,
}

impl Visit {
    fn unreadable(&mut self, rel: &str, e: &std::io::Error) {
        self.diagnostics.push(Diagnostic::file_level(
            rel,
            Severity::Error,
            "lecture-impossible",
            format!("lecture impossible : {e}"),
            None,
        ));
    }

    /// The entries of folder `dir` (at `rel`), sorted by name.
    fn entries(&mut self, dir: &Path, rel: &str) -> Vec<Entry> {
        let read = match fs::read_dir(dir) {
            Ok(r) => r,
            Err(e) => {
                self.unreadable(rel, &e);
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for e in read {
            match e {
                Ok(entry) => {
                    let os_name = entry.file_name();
                    let name = os_name.to_string_lossy().into_owned();
                    entries.push(Entry {
                        abs: entry.path(),
                        rel: format!("{rel}/{name}"),
                        name,
                        os_name,
                        entry,
                    });
                }
                Err(e) => self.unreadable(rel, &e),
            }
        }
        entries.sort_by(|a, b| a.os_name.cmp(&b.os_name));
        entries
    }

    /// Looks at one entry at `depth` under `declarations/` (1: a
    /// département folder), and inside it if it is a folder.
    fn entry(&mut self, e: Entry, depth: usize) {
        if e.name.starts_with('.') {
            return;
        }
        let file_type = match e.entry.file_type() {
            Ok(t) => t,
            Err(err) => {
                self.unreadable(&e.rel, &err);
                return;
            }
        };
        let is_yaml = e.name.ends_with(".yaml") || e.name.ends_with(".yml");
        if file_type.is_symlink() {
            if is_yaml || depth == 1 {
                self.diagnostics.push(Diagnostic::file_level(
                    &e.rel,
                    Severity::Error,
                    "lien-symbolique",
                    "les liens symboliques sont refusés dans declarations/",
                    Some("remplacez le lien par le fichier lui-même".into()),
                ));
            }
            return;
        }
        if file_type.is_dir() {
            for child in self.entries(&e.abs, &e.rel) {
                self.entry(child, depth + 1);
            }
            return;
        }
        if !file_type.is_file() {
            return;
        }
        if e.name.ends_with(".yml") {
            self.diagnostics.push(Diagnostic::file_level(
                &e.rel,
                Severity::Error,
                "extension",
                "l'extension « .yml » n'est pas lue",
                Some("renommez le fichier en « .yaml »".into()),
            ));
            return;
        }
        if !is_yaml {
            return;
        }
        if depth != 2 {
            self.diagnostics.push(Diagnostic::file_level(
                &e.rel,
                Severity::Error,
                "emplacement",
                "un fichier de déclaration doit être dans declarations/<département>/<siret>.yaml",
                Some("déplacez-le dans le dossier de son département (ou « inconnu »)".into()),
            ));
            return;
        }
        let meta = if self.stat {
            e.entry.metadata().ok()
        } else {
            None
        };
        self.found.push(Found {
            abs: e.abs,
            rel: e.rel,
            meta,
        });
    }
}
