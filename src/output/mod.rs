//! Stage 7, write: the site replaces the previous one only once the whole
//! build succeeded; a failed or interrupted build leaves the previous site
//! intact, and unchanged files are never rewritten, so deploy tools see only
//! real changes.
//!
//! Two ways to publish, chosen by what the destination holds:
//!
//! - **Whole replacement** (first build, or a site from an older version):
//!   every file goes into a fresh staging folder beside the destination,
//!   which then takes its place by two renames. A file whose bytes equal
//!   the previous site's is hard-linked from it (same inode, same
//!   modification time).
//! - **Update in place** (the destination's marker lists all its files):
//!   only files whose bytes changed are written to the staging folder; the
//!   commit moves them into the site and deletes the files that are gone,
//!   under a journal that the next build replays if this one is
//!   interrupted (see [`journal`]). A rebuild after one change then costs
//!   a few renames, not a copy of 200 000 files. When more than a tenth of
//!   the files changed (a new theme or address), the kept files are
//!   hard-linked into the staging folder and the site is replaced whole:
//!   cheaper than 100 000 renames, and readers never see a mix.
//!
//! Files added by hand to a published site folder are not listed in its
//! marker: an update in place leaves them alone (a whole replacement, e.g.
//! after deleting the folder, does not).
//!
//! A page whose inputs have the same key as in the previous build (see
//! [`Staging::reuse`]) is kept without even being rendered. The keys live
//! in the marker file (see [`manifest`]), so they always describe the
//! folder they sit in.

mod cleaner;
pub mod journal;
pub mod manifest;

use cleaner::{is_empty_dir, spawn_cleaner};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// How the new site will replace the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The staging folder becomes the site.
    Replace,
    /// The changed files are moved into the site.
    InPlace,
}

/// A folder being filled; becomes the site with [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    mode: Mode,
    /// Path → key of its inputs (when the caller gave one).
    written: Mutex<BTreeMap<String, Option<u128>>>,
    /// Files written to the staging folder (in place: the changed ones).
    changed: Mutex<Vec<String>>,
    /// Files of the previous build and their keys, from its marker file.
    previous: HashMap<String, Option<u128>>,
    /// A previous site exists to compare with and link from.
    has_previous: bool,
    /// Folders already created in the staging folder: one `mkdir` per
    /// folder, not one per file (benches/README.md, R3).
    folders: Mutex<HashSet<PathBuf>>,
    /// Files kept from the previous build rather than written.
    reused: AtomicUsize,
    /// Removes the folders of previous sites left by earlier builds.
    cleaner: Option<std::thread::JoinHandle<()>>,
    /// The commit started moving files: the staging folder belongs to the
    /// journal now and must not be deleted.
    journaled: bool,
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Staging {
    /// Prepares a staging folder beside `dest`, after finishing the commit
    /// of an interrupted build if `dest` holds its journal.
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
        // A journal that cannot be replayed leaves a site of unknown
        // state: it is then replaced whole.
        let journal_done = dest.join(MARKER).exists() && journal::replay(dest).is_ok();
        let _ = fs::remove_file(dest.join(journal::JOURNAL));
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let has_previous = dest.join(MARKER).is_file();
        let previous = fs::read_to_string(dest.join(MARKER))
            .map(|text| manifest::parse(&text))
            .unwrap_or_default();
        let mode = if has_previous && previous.complete && journal_done {
            Mode::InPlace
        } else {
            Mode::Replace
        };
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            mode,
            written: Mutex::new(BTreeMap::new()),
            changed: Mutex::new(Vec::new()),
            previous: previous.files,
            has_previous,
            folders: Mutex::new(HashSet::new()),
            reused: AtomicUsize::new(0),
            cleaner: Some(spawn_cleaner(parent.to_path_buf(), name.clone())),
            journaled: false,
            committed: false,
        })
    }

    fn record(&self, rel: &str, key: Option<u128>) -> Result<(), OutputError> {
        if lock(&self.written).insert(rel.to_string(), key).is_none() {
            Ok(())
        } else {
            Err(OutputError::Duplicate(rel.to_string()))
        }
    }

    /// Keeps `rel` from the previous build when it was made from inputs
    /// with the same `key`; returns false (and does nothing) otherwise, and
    /// the caller renders the file.
    pub fn reuse(&self, rel: &str, key: u128) -> Result<bool, OutputError> {
        let p = safe_relative(rel)?;
        if self.previous.get(rel) != Some(&Some(key)) {
            return Ok(false);
        }
        let old = self.dest.join(p);
        let kept = match self.mode {
            Mode::InPlace => fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()),
            Mode::Replace => {
                let new = self.dir.join(p);
                self.create_parent(&new)?;
                fs::hard_link(&old, &new).is_ok()
            }
        };
        if !kept {
            return Ok(false);
        }
        self.record(rel, Some(key))?;
        self.reused.fetch_add(1, Ordering::Relaxed);
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
        let old = self.dest.join(p);
        // On a first build there is nothing to compare with: no `stat`.
        let same = self.has_previous
            && (self.mode == Mode::Replace || self.previous.contains_key(rel))
            && fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(&old).is_ok_and(|b| b == bytes);
        match (same, self.mode) {
            (true, Mode::InPlace) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            (true, Mode::Replace) => {
                self.create_parent(&path)?;
                if fs::hard_link(&old, &path).is_ok() {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
            }
            (false, _) => self.create_parent(&path)?,
        }
        fs::write(&path, bytes).map_err(io_err(&path))?;
        if self.mode == Mode::InPlace {
            lock(&self.changed).push(rel.to_string());
        }
        Ok(())
    }

    /// Creates the folder of `path` unless this build already did.
    fn create_parent(&self, path: &Path) -> Result<(), OutputError> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if lock(&self.folders).contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        lock(&self.folders).insert(parent.to_path_buf());
        Ok(())
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        lock(&self.written).len()
    }

    /// How many of them were kept unchanged from the previous build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Publishes the new site.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let marker = self.dir.join(MARKER);
        let text = manifest::write(&lock(&self.written));
        fs::write(&marker, text).map_err(io_err(&marker))?;
        if self.mode == Mode::InPlace && self.many_changes() {
            self.link_kept_files()?;
            self.mode = Mode::Replace;
        }
        match self.mode {
            Mode::InPlace => self.commit_in_place()?,
            Mode::Replace => self.commit_replace()?,
        }
        self.committed = true;
        // Previous sites left by the whole replacement are removed by the
        // next build, in the background while it loads and renders:
        // deleting tens of thousands of files takes seconds a build need
        // not wait for. Their files are mostly hard links shared with the
        // new site, so they cost little disk meanwhile.
        if let Some(cleaner) = self.cleaner.take() {
            let _ = cleaner.join();
        }
        Ok(())
    }

    /// Moving files one by one into the site costs more than replacing it
    /// whole once a large share changed (a new theme, a new address: 3 s
    /// of renames for 100 000 pages, during which readers see a mix), so
    /// beyond a tenth of the files the site is replaced whole.
    fn many_changes(&self) -> bool {
        let changed = lock(&self.changed).len();
        let written = lock(&self.written);
        let removed = self
            .previous
            .keys()
            .filter(|p| !written.contains_key(*p))
            .count();
        (changed + removed) * 10 > written.len().max(1000)
    }

    /// Hard-links into the staging folder every file kept from the
    /// previous site, so that the staging folder holds the whole site.
    fn link_kept_files(&self) -> Result<(), OutputError> {
        use rayon::prelude::*;
        let changed: HashSet<String> = lock(&self.changed).iter().cloned().collect();
        let kept: Vec<String> = lock(&self.written)
            .keys()
            .filter(|p| !changed.contains(*p))
            .cloned()
            .collect();
        kept.par_iter().try_for_each(|rel| {
            let p = safe_relative(rel)?;
            let new = self.dir.join(p);
            self.create_parent(&new)?;
            let old = self.dest.join(p);
            fs::hard_link(&old, &new).map_err(io_err(&new))
        })
    }

    fn commit_in_place(&mut self) -> Result<(), OutputError> {
        let written = lock(&self.written);
        let mut removals: Vec<String> = self
            .previous
            .keys()
            .filter(|p| !written.contains_key(*p))
            .cloned()
            .collect();
        drop(written);
        removals.sort();
        let mut moves = std::mem::take(&mut *lock(&self.changed));
        moves.sort();
        // The marker goes last: until it moves, the site's marker still
        // describes the files a replay would bring.
        moves.push(MARKER.to_string());
        let changes = journal::Changes {
            staging: self
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            removals,
            moves,
        };
        let at = |e| io_err(&self.dest)(e);
        journal::write(&self.dest, &changes).map_err(at)?;
        self.journaled = true;
        journal::apply(&self.dest, &changes).map_err(at)?;
        journal::finish(&self.dest, &changes).map_err(at)
    }

    fn commit_replace(&mut self) -> Result<(), OutputError> {
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
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && !self.journaled {
            let _ = fs::remove_dir_all(&self.dir);
        }
        if let Some(cleaner) = self.cleaner.take() {
            let _ = cleaner.join();
        }
    }
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

    /// Adds a value, as its JSON text.
    pub fn mix_json<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        self.mix(&serde_json::to_vec(value).unwrap_or_default())
    }

    /// The key.
    pub fn finish(self) -> u128 {
        self.0
    }
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

    #[test]
    fn an_update_in_place_removes_what_is_gone_and_prunes_empty_folders() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("cantines/1/index.html", b"un")
            .unwrap_or_else(|e| panic!("{e}"));
        s.write("cantines/2/index.html", b"deux")
            .unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));

        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.mode, Mode::InPlace);
        s.write("cantines/1/index.html", b"un")
            .unwrap_or_else(|e| panic!("{e}"));
        s.write("cantines/3/index.html", b"trois")
            .unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(!dest.join("cantines/2").exists(), "a removed page stayed");
        assert_eq!(
            fs::read(dest.join("cantines/3/index.html")).unwrap_or_default(),
            b"trois"
        );
        assert!(!dest.join(journal::JOURNAL).exists());
        // Only the site is left: no staging folder, no old copy.
        assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(0), 1);
        let marker = fs::read_to_string(dest.join(MARKER)).unwrap_or_default();
        assert!(marker.contains("cantines/3/index.html"));
        assert!(!marker.contains("cantines/2/index.html"));
    }

    #[test]
    fn an_interrupted_update_is_finished_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("a.html", b"a1").unwrap_or_else(|e| panic!("{e}"));
        s.write("b.html", b"b1").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));

        // A build that stopped right after writing its journal: a.html
        // changed, b.html removed, nothing applied yet.
        let staging = tmp.path().join(".public.staging-999999999");
        fs::create_dir_all(&staging).unwrap_or_else(|e| panic!("{e}"));
        fs::write(staging.join("a.html"), b"a2").unwrap_or_else(|e| panic!("{e}"));
        let mut w = BTreeMap::new();
        w.insert("a.html".to_string(), None);
        fs::write(staging.join(MARKER), manifest::write(&w)).unwrap_or_else(|e| panic!("{e}"));
        let changes = journal::Changes {
            staging: ".public.staging-999999999".into(),
            removals: vec!["b.html".into()],
            moves: vec!["a.html".into(), MARKER.into()],
        };
        journal::write(&dest, &changes).unwrap_or_else(|e| panic!("{e}"));

        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(dest.join("a.html")).unwrap_or_default(), b"a2");
        assert!(!dest.join("b.html").exists());
        assert!(!staging.exists());
        assert!(!dest.join(journal::JOURNAL).exists());
        assert_eq!(s.mode, Mode::InPlace);
    }

    #[test]
    fn a_journal_that_cannot_be_replayed_means_a_whole_replacement() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("a.html", b"a1").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        fs::write(dest.join(journal::JOURNAL), "garbage").unwrap_or_else(|e| panic!("{e}"));
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.mode, Mode::Replace);
        assert!(!dest.join(journal::JOURNAL).exists());
    }

    #[test]
    fn a_site_mostly_changed_is_replaced_whole() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..2000 {
            s.write(&format!("p/{i}.html"), b"v1")
                .unwrap_or_else(|e| panic!("{e}"));
        }
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        let kept = fs::metadata(dest.join("p/1999.html"))
            .map(|m| m.ino())
            .unwrap_or(0);

        // 1 500 of 2 000 files change: no file-by-file moves.
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..2000 {
            let v: &[u8] = if i < 1500 { b"v2" } else { b"v1" };
            s.write(&format!("p/{i}.html"), v)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(s.many_changes());
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(dest.join("p/0.html")).unwrap_or_default(), b"v2");
        assert_eq!(
            fs::read(dest.join("p/1999.html")).unwrap_or_default(),
            b"v1"
        );
        // The unchanged file is the same inode, linked into the new site.
        let now = fs::metadata(dest.join("p/1999.html"))
            .map(|m| m.ino())
            .unwrap_or(1);
        assert_eq!(now, kept);
        assert!(!dest.join(journal::JOURNAL).exists());
    }
}
