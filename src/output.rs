//! Stage 7, write: every output file goes into a fresh staging folder next
//! to the destination, which replaces the old site only once the whole
//! build succeeded. A failed or interrupted build leaves the previous site
//! intact.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Name of the marker file that says a folder was written by `cantine build`
/// (so that we never delete a folder we did not create).
pub const MARKER: &str = ".cantine-build";

/// Errors of the write stage.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file or folder could not be written.
    #[error("écriture de {path} impossible : {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// The destination exists and was not made by cantine.
    #[error(
        "le dossier {0} existe et n'a pas été produit par cantine build : il ne sera pas remplacé (videz-le ou choisissez un autre --output)"
    )]
    NotOurs(String),
    /// A planned path would leave the output folder or is not a plain relative path.
    #[error("chemin de sortie refusé : « {0} »")]
    UnsafePath(String),
    /// Two outputs claim the same path.
    #[error("deux fichiers de sortie ont le même chemin : « {0} »")]
    Duplicate(String),
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A folder being filled; becomes the site with [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    written: Mutex<BTreeSet<String>>,
    committed: bool,
}

/// Checks that `rel` is a plain relative path (no `..`, no root, no prefix).
pub fn safe_relative(rel: &str) -> Result<&Path, OutputError> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p)
    } else {
        Err(OutputError::UnsafePath(rel.to_string()))
    }
}

impl Staging {
    /// Prepares a staging folder beside `dest`.
    pub fn new(dest: &Path) -> Result<Self, OutputError> {
        if dest.exists() && !dest.join(MARKER).exists() && !is_empty_dir(dest) {
            return Err(OutputError::NotOurs(dest.display().to_string()));
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            written: Mutex::new(BTreeSet::new()),
            committed: false,
        })
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    /// Safe to call from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let p = safe_relative(rel)?;
        let fresh = match self.written.lock() {
            Ok(mut w) => w.insert(rel.to_string()),
            Err(poisoned) => poisoned.into_inner().insert(rel.to_string()),
        };
        if !fresh {
            return Err(OutputError::Duplicate(rel.to_string()));
        }
        let path = self.dir.join(p);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, bytes).map_err(io_err(&path))
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// Replaces the destination with the staging folder.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let marker = self.dir.join(MARKER);
        fs::write(
            &marker,
            b"Produit par cantine build ; remplace a chaque construction.\n",
        )
        .map_err(io_err(&marker))?;
        let old = self.dest.with_file_name(format!(
            ".{}.old-{}",
            self.dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.dest.exists();
        if had_old {
            fs::rename(&self.dest, &old).map_err(io_err(&self.dest))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.dest) {
            if had_old {
                // Put the previous site back.
                let _ = fs::rename(&old, &self.dest);
            }
            return Err(io_err(&self.dest)(e));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn is_empty_dir(p: &Path) -> bool {
    fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        assert!(safe_relative("cantines/123/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn replaces_only_on_commit() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("index.html", b"v1")
            .unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(dest.join("index.html")).unwrap_or_default(), b"v1");

        // A build that fails midway leaves the previous site untouched.
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("index.html", b"v2")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(s);
        assert_eq!(fs::read(dest.join("index.html")).unwrap_or_default(), b"v1");
        assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(0), 1);

        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("a.txt", b"x").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            s.write("a.txt", b"y"),
            Err(OutputError::Duplicate(_))
        ));
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("docs");
        fs::create_dir_all(&dest).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dest.join("precious.txt"), b"keep").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(Staging::new(&dest), Err(OutputError::NotOurs(_))));
    }
}
