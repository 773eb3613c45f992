//! Stage 7, write: every output file goes into a fresh staging folder next
//! to the destination, which replaces the old site only once the whole
//! build succeeded. A failed or interrupted build leaves the previous site
//! intact.
//!
//! Unchanged files are not rewritten: a file whose bytes equal the previous
//! site's is hard-linked from it (same inode, same modification time), so
//! deploy tools see only real changes. A page whose inputs have the same
//! key as in the previous build (see [`Staging::reuse`]) is linked without
//! even being rendered. The keys live in the marker file, so they always
//! describe the folder they sit in.

use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// Path → key of its inputs (when the caller gave one).
    written: Mutex<BTreeMap<String, Option<u128>>>,
    /// Keys of the previous build, from its marker file.
    previous: HashMap<String, u128>,
    /// A previous site exists to compare with and link from.
    has_previous: bool,
    /// Folders already created in the staging folder: one `mkdir` per
    /// folder, not one per file (benches/README.md, R3).
    folders: Mutex<HashSet<PathBuf>>,
    /// Files linked from the previous build rather than written.
    reused: std::sync::atomic::AtomicUsize,
    /// Removes the folders of previous sites left by earlier builds.
    cleaner: Option<std::thread::JoinHandle<()>>,
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
        let previous = fs::read_to_string(dest.join(MARKER))
            .map(|text| parse_manifest(&text))
            .unwrap_or_default();
        let has_previous = dest.join(MARKER).is_file();
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            written: Mutex::new(BTreeMap::new()),
            previous,
            has_previous,
            folders: Mutex::new(HashSet::new()),
            reused: std::sync::atomic::AtomicUsize::new(0),
            cleaner: Some(spawn_cleaner(parent.to_path_buf(), name.clone())),
            committed: false,
        })
    }

    fn record(&self, rel: &str, key: Option<u128>) -> Result<(), OutputError> {
        let fresh = match self.written.lock() {
            Ok(mut w) => w.insert(rel.to_string(), key).is_none(),
            Err(poisoned) => poisoned.into_inner().insert(rel.to_string(), key).is_none(),
        };
        if fresh {
            Ok(())
        } else {
            Err(OutputError::Duplicate(rel.to_string()))
        }
    }

    /// Links `rel` from the previous build when it was made from inputs
    /// with the same `key`; returns false (and does nothing) otherwise, and
    /// the caller renders the file.
    pub fn reuse(&self, rel: &str, key: u128) -> Result<bool, OutputError> {
        let p = safe_relative(rel)?;
        if self.previous.get(rel) != Some(&key) {
            return Ok(false);
        }
        let old = self.dest.join(p);
        let new = self.dir.join(p);
        self.create_parent(&new)?;
        if fs::hard_link(&old, &new).is_err() {
            return Ok(false);
        }
        self.record(rel, Some(key))?;
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(true)
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    /// Safe to call from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_keyed(rel, None, bytes)
    }

    /// [`Staging::write`], remembering the key of the file's inputs for the
    /// next build.
    pub fn write_keyed(
        &self,
        rel: &str,
        key: Option<u128>,
        bytes: &[u8],
    ) -> Result<(), OutputError> {
        let p = safe_relative(rel)?;
        self.record(rel, key)?;
        let path = self.dir.join(p);
        self.create_parent(&path)?;
        let old = self.dest.join(p);
        // On a first build there is nothing to compare with: no `stat`.
        let same = self.has_previous
            && fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64)
            && fs::read(&old).is_ok_and(|b| b == bytes);
        if same && fs::hard_link(&old, &path).is_ok() {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        fs::write(&path, bytes).map_err(io_err(&path))
    }

    /// Creates the folder of `path` unless this build already did.
    fn create_parent(&self, path: &Path) -> Result<(), OutputError> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let known = |f: &HashSet<PathBuf>| f.contains(parent);
        let seen = match self.folders.lock() {
            Ok(f) => known(&f),
            Err(poisoned) => known(&poisoned.into_inner()),
        };
        if seen {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        match self.folders.lock() {
            Ok(mut f) => f.insert(parent.to_path_buf()),
            Err(poisoned) => poisoned.into_inner().insert(parent.to_path_buf()),
        };
        Ok(())
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// How many of them were linked unchanged from the previous build.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Replaces the destination with the staging folder.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let marker = self.dir.join(MARKER);
        let manifest = match self.written.lock() {
            Ok(w) => write_manifest(&w),
            Err(poisoned) => write_manifest(&poisoned.into_inner()),
        };
        fs::write(&marker, manifest).map_err(io_err(&marker))?;
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
        // The previous site is left as a hidden sibling folder and removed
        // by the next build, in the background while it loads and renders:
        // deleting tens of thousands of files takes seconds a build need not
        // wait for. Its files are mostly hard links shared with the new site,
        // so it costs little disk meanwhile.
        if let Some(cleaner) = self.cleaner.take() {
            let _ = cleaner.join();
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
        if let Some(cleaner) = self.cleaner.take() {
            let _ = cleaner.join();
        }
    }
}

/// The marker file: a header, then `key<TAB>path` for every keyed file.
fn write_manifest(written: &BTreeMap<String, Option<u128>>) -> String {
    let mut out = String::from(
        "# Produit par cantine build ; remplace a chaque construction. Cles des entrees par fichier.\n",
    );
    for (path, key) in written {
        if let Some(k) = key {
            out.push_str(&format!("{k:032x}\t{path}\n"));
        }
    }
    out
}

fn parse_manifest(text: &str) -> HashMap<String, u128> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (k, p) = l.split_once('\t')?;
            Some((p.to_string(), u128::from_str_radix(k, 16).ok()?))
        })
        .collect()
}

/// FNV-1a, 128 bits: the key of a page's inputs. Not cryptographic: inputs
/// are the project's own files, and a collision would only keep a page
/// from being re-rendered.
#[derive(Debug, Clone, Copy)]
pub struct Key(u128);

impl Default for Key {
    fn default() -> Self {
        Key(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Key {
    /// Adds bytes (with their length, so that concatenations differ).
    pub fn mix(mut self, bytes: &[u8]) -> Self {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u128::from(*b);
            self.0 = self
                .0
                .wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
        self
    }

    /// The key.
    pub fn finish(self) -> u128 {
        self.0
    }
}

/// Removes, in a background thread, the previous sites (`.<name>.old-*`)
/// and abandoned staging folders (`.<name>.staging-*` of processes that no
/// longer run) that earlier builds left beside the destination.
fn spawn_cleaner(parent: PathBuf, name: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let Ok(entries) = fs::read_dir(&parent) else {
            return;
        };
        let own = format!(".{name}.staging-{}", std::process::id());
        for entry in entries.filter_map(Result::ok) {
            let file = entry.file_name().to_string_lossy().into_owned();
            let old = file.starts_with(&format!(".{name}.old-"));
            let stale_staging = file.starts_with(&format!(".{name}.staging-"))
                && file != own
                && file
                    .rsplit('-')
                    .next()
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
            if old || stale_staging {
                let _ = remove_dir_all_parallel(&entry.path());
            }
        }
    })
}

/// Removes a folder of many small files, two levels fanned out over the
/// cores (one `cantines/` folder holds a folder per canteen).
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut leaves = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            for sub in fs::read_dir(&path)? {
                leaves.push(sub?.path());
            }
        } else {
            leaves.push(path);
        }
    }
    leaves.par_iter().try_for_each(|p| {
        if p.is_dir() {
            fs::remove_dir_all(p)
        } else {
            fs::remove_file(p)
        }
    })?;
    fs::remove_dir_all(dir)
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
    fn unchanged_files_keep_their_inode_and_keyed_files_skip_rendering() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let key = Key::default().mix(b"entree").finish();
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("same.html", b"a").unwrap_or_else(|e| panic!("{e}"));
        s.write("changed.html", b"b")
            .unwrap_or_else(|e| panic!("{e}"));
        s.write_keyed("page.html", Some(key), b"c")
            .unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        let inode = |p: &str| fs::metadata(dest.join(p)).map(|m| m.ino()).unwrap_or(0);
        let (same, changed, page) = (
            inode("same.html"),
            inode("changed.html"),
            inode("page.html"),
        );

        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("same.html", b"a").unwrap_or_else(|e| panic!("{e}"));
        s.write("changed.html", b"B")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(s.reuse("page.html", key).unwrap_or(false));
        assert!(!s.reuse("other.html", key).unwrap_or(true));
        assert_eq!(s.reused(), 2);
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inode("same.html"), same, "an unchanged file was rewritten");
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(inode("page.html"), page);
        assert_eq!(fs::read(dest.join("page.html")).unwrap_or_default(), b"c");
        assert_eq!(
            fs::read(dest.join("changed.html")).unwrap_or_default(),
            b"B"
        );
    }

    #[test]
    fn keys_depend_on_every_input() {
        assert_ne!(
            Key::default().mix(b"ab").mix(b"c").finish(),
            Key::default().mix(b"a").mix(b"bc").finish()
        );
        assert_eq!(
            Key::default().mix(b"x").finish(),
            Key::default().mix(b"x").finish()
        );
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
