//! Finding the declaration files: `declarations/<département>/<siret>.yaml`,
//! each département folder read in parallel. Anything else under
//! `declarations/` (links, `.yml` files, files in the wrong place) becomes
//! a diagnostic.

use super::stat::FileStat;
use super::{Found, Loaded};
use crate::diagnostics::{Diagnostic, Severity};
use rayon::prelude::*;
use std::borrow::Cow;
use std::ffi::OsString;
use std::fs;
use std::path::Path;

/// Finds the declaration files under `root/declarations`, sorted by path
/// (depth first, names in byte order, as `walkdir` sorted by file name);
/// with `stat`, each file's metadata (not following links) is taken
/// relative to its open folder, which costs less than a lookup of the
/// whole path. Only what the build keeps is allocated: a found file's
/// two paths and the identity of its content ([`FileStat`]).
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
            v.entry(&dir, ("declarations", true), e, 1);
            v
        })
        .collect();
    let mut found = Vec::with_capacity(parts.iter().map(|p| p.found.len()).sum());
    loaded.diagnostics = top.diagnostics;
    for p in parts {
        found.extend(p.found);
        loaded.diagnostics.extend(p.diagnostics);
    }
    (found, loaded)
}

/// One entry of a folder; its paths are made only when needed.
struct Entry {
    entry: fs::DirEntry,
    /// Its name as stored (the sort key: byte order, as `walkdir`).
    os_name: OsString,
}

impl Entry {
    /// Its name as text (lossy for a name that is not UTF-8).
    fn name(&self) -> Cow<'_, str> {
        self.os_name.to_string_lossy()
    }
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
            format!("lecture impossible : {}", super::io_message(e)),
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
                Ok(entry) => entries.push(Entry {
                    os_name: entry.file_name(),
                    entry,
                }),
                Err(e) => self.unreadable(rel, &e),
            }
        }
        entries.sort_by(|a, b| a.os_name.cmp(&b.os_name));
        entries
    }

    /// Looks at entry `e` of folder `dir` (at `rel`, which names it
    /// `exact`ly unless a folder's name above is not UTF-8), at `depth`
    /// under `declarations/` (1: a département folder), and inside it if
    /// it is a folder.
    fn entry(&mut self, dir: &Path, (rel, exact): (&str, bool), e: Entry, depth: usize) {
        let name = e.name();
        let exact = exact && e.os_name.to_str().is_some();
        if name.starts_with('.') {
            return;
        }
        let e_rel = || format!("{rel}/{name}");
        let file_type = match e.entry.file_type() {
            Ok(t) => t,
            Err(err) => {
                self.unreadable(&e_rel(), &err);
                return;
            }
        };
        let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if file_type.is_symlink() {
            if is_yaml || depth == 1 {
                self.diagnostics.push(Diagnostic::file_level(
                    &e_rel(),
                    Severity::Error,
                    "lien-symbolique",
                    "les liens symboliques sont refusés dans declarations/",
                    Some("remplacez le lien par le fichier lui-même".into()),
                ));
            }
            return;
        }
        if file_type.is_dir() {
            let abs = dir.join(&e.os_name);
            let rel = e_rel();
            for child in self.entries(&abs, &rel) {
                self.entry(&abs, (&rel, exact), child, depth + 1);
            }
            return;
        }
        if !file_type.is_file() {
            return;
        }
        if name.ends_with(".yml") {
            self.diagnostics.push(Diagnostic::file_level(
                &e_rel(),
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
                &e_rel(),
                Severity::Error,
                "emplacement",
                "un fichier de déclaration doit être dans declarations/<département>/<siret>.yaml",
                Some("déplacez-le dans le dossier de son département (ou « inconnu »)".into()),
            ));
            return;
        }
        let stat = if self.stat {
            e.entry.metadata().ok().map(|m| FileStat::of(&m))
        } else {
            None
        };
        self.found.push(Found {
            abs: (!exact).then(|| dir.join(&e.os_name)),
            rel: e_rel(),
            stat,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    /// A file or folder whose name is not UTF-8 is still read from where
    /// it is (its `rel` is only a lossy name for the messages).
    #[test]
    fn names_that_are_not_utf8_are_read_from_their_real_path() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = tmp.path();
        let dossier = root
            .join("declarations")
            .join(std::ffi::OsStr::from_bytes(b"0\xff"));
        fs::create_dir_all(&dossier).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir_all(root.join("declarations/01")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dossier.join("1.yaml"), "nom: a\n").unwrap_or_else(|e| panic!("{e}"));
        let bizarre = std::ffi::OsStr::from_bytes(b"\xfe.yaml");
        fs::write(root.join("declarations/01").join(bizarre), "nom: b\n")
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(root.join("declarations/01/2.yaml"), "nom: c\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let (found, _) = walk(root, true);
        let textes: Vec<(bool, String)> = found
            .into_iter()
            .map(|f| (f.abs.is_some(), super::super::load_one(root, f).0.text))
            .collect();
        assert_eq!(
            textes,
            vec![
                (false, "nom: c\n".to_string()),
                (true, "nom: b\n".to_string()),
                (true, "nom: a\n".to_string()),
            ]
        );
    }
}
