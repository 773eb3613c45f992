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
//! [`Staging::reuse`]) is kept without even being rendered; a file made
//! without key (exports, search index) is kept when the hash of its bytes
//! equals the previous one, without reading the old file. Keys and hashes
//! live in the marker file (see [`manifest`]), so they always describe the
//! folder they sit in. Before keeping a file, the update in place checks
//! that it is still there (one `stat` per file, or one listing per folder
//! of many files, in a background thread started by [`Staging::new`]): a
//! file deleted by hand is made again. A file *edited* by hand is not
//! noticed (its key still matches); delete it, or the marker, to have it
//! made again.
//!
//! Files are recorded in one list per thread and gathered once by the
//! commit, which writes the new marker and the journal in one pass.

mod cleaner;
pub mod journal;
pub mod manifest;
pub mod patch;
mod present;

use cleaner::{is_empty_dir, spawn_cleaner};
use manifest::{Manifest, Sig};
pub use patch::{Piece, PieceTable};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    /// The staging folder becomes the site.
    #[default]
    Replace,
    /// The changed files are moved into the site.
    InPlace,
}

/// What the previous site holds. Read in a background thread started by
/// [`Staging::new`], so that reading its marker and checking which of its
/// files are still there overlap the stages before the write.
#[derive(Debug, Default)]
struct Previous {
    mode: Mode,
    /// Its files and their keys, from its marker.
    manifest: Manifest,
    /// In place: whether each listed file is still in the site (a file
    /// deleted by hand is made again).
    present: Vec<bool>,
    /// Whether this build produced each listed file (the others are
    /// deleted by the commit).
    claimed: Vec<AtomicBool>,
}

impl Previous {
    fn read(dest: &Path, journal_done: bool) -> Previous {
        let text = fs::read_to_string(dest.join(MARKER)).unwrap_or_default();
        let manifest = Manifest::parse(text);
        let mode = if manifest.complete && journal_done {
            Mode::InPlace
        } else {
            Mode::Replace
        };
        let present = match mode {
            Mode::InPlace => present::files(dest, &manifest),
            Mode::Replace => Vec::new(),
        };
        let claimed = (0..manifest.len())
            .map(|_| AtomicBool::new(false))
            .collect();
        Previous {
            mode,
            manifest,
            present,
            claimed,
        }
    }

    fn present(&self, line: usize) -> bool {
        self.present.get(line).copied().unwrap_or(false)
    }

    /// Marks `line` as produced by this build; whether it already was (two
    /// outputs with the same path).
    fn claim(&self, line: usize) -> bool {
        self.claimed
            .get(line)
            .is_some_and(|c| c.swap(true, Ordering::AcqRel))
    }
}

/// One file of the new site, as recorded while writing.
#[derive(Debug)]
enum Rec {
    /// A file the previous site listed (its line in the marker).
    Listed {
        line: usize,
        sig: Sig,
        written: bool,
    },
    /// A file the previous site did not list.
    New {
        path: String,
        sig: Sig,
        written: bool,
    },
}

/// A folder being filled; becomes the site with [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    /// The destination has a marker: its files can be compared with.
    has_previous: bool,
    /// What the previous site holds, once read (see [`Staging::previous`]).
    previous: OnceLock<Previous>,
    loader: Mutex<Option<JoinHandle<Previous>>>,
    /// The files of the new site, one list per thread (no lock shared by
    /// the writers), gathered and sorted once by the commit.
    records: Vec<Mutex<Vec<Rec>>>,
    /// Folders already created in the staging folder: one `mkdir` per
    /// folder, not one per file (benches/README.md, R3).
    folders: Mutex<HashSet<PathBuf>>,
    /// Files of the new site so far.
    count: AtomicUsize,
    /// Files kept from the previous build rather than written.
    reused: AtomicUsize,
    /// Files written to the staging folder (in place: the changed ones).
    written: AtomicUsize,
    /// Files of the previous build this one produced too.
    claimed: AtomicUsize,
    /// Removes the folders of previous sites left by earlier builds.
    cleaner: Option<JoinHandle<()>>,
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

/// Whether the file at `old` holds exactly `parts` put end to end.
fn same_bytes(old: &Path, parts: &[&[u8]]) -> bool {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == len as u64)
        && fs::read(old).is_ok_and(|b| {
            let mut rest = b.as_slice();
            parts.iter().all(|p| match rest.split_at_checked(p.len()) {
                Some((head, tail)) if head == *p => {
                    rest = tail;
                    true
                }
                _ => false,
            })
        })
}

/// Writes `parts` end to end into a new file at `path`.
fn write_parts(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::io::Write;
    match parts {
        [one] => fs::write(path, one),
        _ => {
            let mut f = fs::File::create(path)?;
            for p in parts {
                f.write_all(p)?;
            }
            Ok(())
        }
    }
}

impl Staging {
    /// Prepares a staging folder beside `dest`, after finishing the commit
    /// of an interrupted build if `dest` holds its journal. The previous
    /// site's marker is read, and its files looked for, in the background:
    /// call this early, the first write waits for it.
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
        let previous = OnceLock::new();
        let mut loader = None;
        if has_previous {
            let dest = dest.to_path_buf();
            loader = Some(std::thread::spawn(move || {
                Previous::read(&dest, journal_done)
            }));
        } else {
            let _ = previous.set(Previous::default());
        }
        let shards = rayon::current_num_threads() + 1;
        Ok(Staging {
            dest: dest.to_path_buf(),
            dir,
            has_previous,
            previous,
            loader: Mutex::new(loader),
            records: (0..shards).map(|_| Mutex::new(Vec::new())).collect(),
            folders: Mutex::new(HashSet::new()),
            count: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            claimed: AtomicUsize::new(0),
            cleaner: Some(spawn_cleaner(parent.to_path_buf(), name.clone())),
            journaled: false,
            committed: false,
        })
    }

    /// What the previous site holds, waiting for the background reading
    /// if it is not done. If that thread failed, nothing is known of the
    /// previous site and it is replaced whole.
    fn previous(&self) -> &Previous {
        self.previous.get_or_init(|| {
            lock(&self.loader)
                .take()
                .and_then(|h| h.join().ok())
                .unwrap_or_default()
        })
    }

    /// Records one file of the new site, in the calling thread's list.
    fn record(&self, rec: Rec) {
        let shard = rayon::current_thread_index().map_or(0, |i| i + 1) % self.records.len();
        if let Some(list) = self.records.get(shard) {
            lock(list).push(rec);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Marks line `line` of the previous marker as produced by this build;
    /// a second claim means two outputs with the same path.
    fn claim(&self, previous: &Previous, line: usize, rel: &str) -> Result<(), OutputError> {
        if previous.claim(line) {
            return Err(OutputError::Duplicate(rel.to_string()));
        }
        self.claimed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The lines of the previous marker whose paths start with `prefix`,
    /// for [`Staging::reuse_lines`]; none unless the site is updated in
    /// place (and its marker is in path order, as this program writes it).
    pub fn previous_lines(&self, prefix: &str) -> std::ops::Range<usize> {
        let previous = self.previous();
        match previous.mode {
            Mode::InPlace => previous.manifest.lines_starting_with(prefix),
            Mode::Replace => 0..0,
        }
    }

    /// The path of line `line` of the previous marker (`""` past its end).
    pub fn previous_path(&self, line: usize) -> &str {
        self.previous().manifest.path(line)
    }

    /// [`Staging::reuse`] of files the caller found in the previous marker
    /// itself, each `(line, key)` (see [`Staging::previous_lines`]): for
    /// each, whether the file of that line was kept. Walking the marker's
    /// lines in order spares the 200 000 look-ups of paths scattered over
    /// 25 MB that a national rebuild would otherwise make one by one. A
    /// file not kept is not claimed: its job renders it as usual.
    pub fn reuse_lines(&self, lines: &[(usize, u128)]) -> Result<Vec<bool>, OutputError> {
        let previous = self.previous();
        if previous.mode != Mode::InPlace {
            return Ok(vec![false; lines.len()]);
        }
        let manifest = &previous.manifest;
        let kept = lines
            .par_iter()
            .with_min_len(1024)
            .map(|&(line, key)| {
                if manifest.sig(line) != Sig::Inputs(key) || !previous.present(line) {
                    return Ok(false);
                }
                if previous.claim(line) {
                    return Err(OutputError::Duplicate(manifest.path(line).to_string()));
                }
                Ok(true)
            })
            .collect::<Result<Vec<bool>, OutputError>>()?;
        let n = kept.iter().filter(|k| **k).count();
        for counter in [&self.count, &self.reused, &self.claimed] {
            counter.fetch_add(n, Ordering::Relaxed);
        }
        Ok(kept)
    }

    /// Keeps `rel` from the previous build when it was made from inputs
    /// with the same `key` (and is still there); returns false (and does
    /// nothing) otherwise, and the caller renders the file.
    pub fn reuse(&self, rel: &str, key: u128) -> Result<bool, OutputError> {
        let p = safe_relative(rel)?;
        let previous = self.previous();
        let Some(line) = self.line_made_from(rel, key) else {
            return Ok(false);
        };
        let kept = match previous.mode {
            Mode::InPlace => previous.present(line),
            Mode::Replace => {
                let new = self.dir.join(p);
                self.create_parent(&new)?;
                fs::hard_link(self.dest.join(p), &new).is_ok()
            }
        };
        if !kept {
            return Ok(false);
        }
        // Claimed and not recorded: a claimed line without a record is a
        // file kept as the marker lists it (see `NewSite::gather`); 200 000
        // records fewer after one change.
        self.claim(previous, line, rel)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        self.reused.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// The line of the previous marker listing `rel` as made from inputs
    /// `key`, if there is one.
    fn line_made_from(&self, rel: &str, key: u128) -> Option<usize> {
        let manifest = &self.previous().manifest;
        manifest
            .find(rel)
            .filter(|&line| manifest.sig(line) == Sig::Inputs(key))
    }

    /// Whether the previous site lists any file (so that a file can be
    /// kept from it).
    pub fn has_previous(&self) -> bool {
        !self.previous().manifest.is_empty()
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    /// Safe to call from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_keyed(rel, None, bytes)
    }

    /// [`Staging::write`] of a file made of `parts` put end to end, never
    /// joined in memory (the national exports: 82 MB at 100 000 canteens).
    /// With `key`, the key of its inputs is kept for the next build, as by
    /// [`Staging::write_keyed`].
    pub fn write_parts(
        &self,
        rel: &str,
        key: Option<u128>,
        parts: &[Vec<u8>],
    ) -> Result<(), OutputError> {
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        self.write_inner(rel, key, &parts)
    }

    /// [`Staging::write`], remembering the key of the file's inputs for the
    /// next build (without key, a hash of its bytes is kept instead).
    pub fn write_keyed(
        &self,
        rel: &str,
        key: Option<u128>,
        bytes: &[u8],
    ) -> Result<(), OutputError> {
        self.write_inner(rel, key, &[bytes])
    }

    fn write_inner(
        &self,
        rel: &str,
        key: Option<u128>,
        bytes: &[&[u8]],
    ) -> Result<(), OutputError> {
        let p = safe_relative(rel)?;
        let previous = self.previous();
        let sig = key.map_or_else(|| Sig::of_parts(bytes), Sig::Inputs);
        let line = previous.manifest.find(rel);
        if let Some(line) = line {
            self.claim(previous, line, rel)?;
        }
        let path = self.dir.join(p);
        let old = self.dest.join(p);
        let same = match previous.mode {
            // The marker's content hash answers without reading the old
            // file; a rendered page (new key) is compared byte for byte.
            Mode::InPlace => line.is_some_and(|line| {
                previous.present(line)
                    && match (sig, previous.manifest.sig(line)) {
                        (Sig::Bytes(new), Sig::Bytes(old)) => new == old,
                        _ => same_bytes(&old, bytes),
                    }
            }),
            // On a first build there is nothing to compare with: no `stat`.
            Mode::Replace => self.has_previous && same_bytes(&old, bytes),
        };
        self.keep_or_write(rel, line, sig, same, (&old, &path), || {
            write_parts(&path, bytes).map_err(io_err(&path))
        })
    }

    /// The end of writing one file of the new site at `rel` (the staging
    /// folder's `path`; `old`, the previous site's): kept when `same`
    /// (hard-linked into the staging folder on a whole replacement), else
    /// made by `write`; then recorded with `sig`, at its `line` of the
    /// previous marker if it had one.
    fn keep_or_write(
        &self,
        rel: &str,
        line: Option<usize>,
        sig: Sig,
        same: bool,
        (old, path): (&Path, &Path),
        write: impl FnOnce() -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let kept = match (same, self.previous().mode) {
            (true, Mode::InPlace) => true,
            (true, Mode::Replace) => {
                self.create_parent(path)?;
                fs::hard_link(old, path).is_ok()
            }
            (false, _) => false,
        };
        if kept {
            self.reused.fetch_add(1, Ordering::Relaxed);
        } else {
            self.create_parent(path)?;
            write()?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        let written = !kept;
        self.record(match line {
            Some(line) => Rec::Listed { line, sig, written },
            None => Rec::New {
                path: rel.to_string(),
                sig,
                written,
            },
        });
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
        self.count.load(Ordering::Relaxed)
    }

    /// How many of them were kept unchanged from the previous build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Publishes the new site.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let many = self.many_changes();
        let previous = std::mem::take(&mut self.previous)
            .into_inner()
            .unwrap_or_default();
        let records: Vec<Rec> = self
            .records
            .iter_mut()
            .flat_map(|list| {
                std::mem::take(
                    list.get_mut()
                        .unwrap_or_else(std::sync::PoisonError::into_inner),
                )
            })
            .collect();
        let site = NewSite::gather(&previous.manifest, &previous.claimed, records)?;
        let marker = self.dir.join(MARKER);
        let mut file = fs::File::create(&marker).map_err(io_err(&marker))?;
        for part in site.manifest_parts(&previous.manifest) {
            io::Write::write_all(&mut file, &part).map_err(io_err(&marker))?;
        }
        drop(file);
        let mut mode = previous.mode;
        if mode == Mode::InPlace && many {
            self.link_kept_files(&site, &previous.manifest)?;
            mode = Mode::Replace;
        }
        match mode {
            Mode::InPlace => self.commit_in_place(&site, &previous.manifest)?,
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
        let previous = self.previous();
        let removed = previous
            .manifest
            .len()
            .saturating_sub(self.claimed.load(Ordering::Relaxed));
        let changed = self.written.load(Ordering::Relaxed);
        (changed + removed) * 10 > self.count().max(1000)
    }

    /// Hard-links into the staging folder every file kept from the
    /// previous site, so that the staging folder holds the whole site.
    fn link_kept_files(&self, site: &NewSite, manifest: &Manifest) -> Result<(), OutputError> {
        let kept: Vec<&str> = site.kept(manifest).collect();
        kept.par_iter().try_for_each(|rel| {
            let p = safe_relative(rel)?;
            let new = self.dir.join(p);
            self.create_parent(&new)?;
            let old = self.dest.join(p);
            fs::hard_link(&old, &new).map_err(io_err(&new))
        })
    }

    fn commit_in_place(&mut self, site: &NewSite, manifest: &Manifest) -> Result<(), OutputError> {
        let mut removals: Vec<String> = site
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_none())
            .map(|(i, _)| manifest.path(i).to_string())
            .collect();
        if !manifest.is_sorted() {
            removals.sort();
        }
        let mut moves = site.written(manifest);
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

/// The files of the new site, gathered once by the commit: those the
/// previous marker listed, by line, and the others sorted by path.
struct NewSite {
    /// Per line of the previous marker: the file's key and whether it was
    /// written to the staging folder; `None` when the new site lacks it.
    lines: Vec<Option<(Sig, bool)>>,
    /// Files the previous marker did not list, sorted by path.
    news: Vec<(String, Sig, bool)>,
}

impl NewSite {
    /// The new site from the previous `manifest`, the lines this build
    /// `claimed`, and its `records`. A claimed line without a record is a
    /// file kept by [`Staging::reuse`]: made from the inputs the marker
    /// lists, not written.
    fn gather(
        manifest: &Manifest,
        claimed: &[AtomicBool],
        records: Vec<Rec>,
    ) -> Result<NewSite, OutputError> {
        let mut lines: Vec<Option<(Sig, bool)>> = claimed
            .iter()
            .enumerate()
            .map(|(i, c)| c.load(Ordering::Relaxed).then(|| (manifest.sig(i), false)))
            .collect();
        let mut news = Vec::new();
        for rec in records {
            match rec {
                Rec::Listed { line, sig, written } => {
                    if let Some(slot) = lines.get_mut(line) {
                        *slot = Some((sig, written));
                    }
                }
                Rec::New { path, sig, written } => news.push((path, sig, written)),
            }
        }
        news.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = news.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(OutputError::Duplicate(w[0].0.clone()));
        }
        Ok(NewSite { lines, news })
    }

    /// Every file of the new site with its key, sorted by path: merged as
    /// they are read when the previous marker is sorted (as this program
    /// writes it), not gathered in a vector of 210 000 first.
    fn files<'a>(
        &'a self,
        manifest: &'a Manifest,
    ) -> Box<dyn Iterator<Item = (&'a str, Sig)> + 'a> {
        let listed = self
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.map(|(sig, _)| (manifest.path(i), sig)));
        let news = self.news.iter().map(|(p, sig, _)| (p.as_str(), *sig));
        if !manifest.is_sorted() {
            let mut all: Vec<_> = listed.chain(news).collect();
            all.sort_unstable_by(|a, b| a.0.cmp(b.0));
            return Box::new(all.into_iter());
        }
        // Both sorted: one merge.
        Box::new(fusion(listed, news))
    }

    /// The new marker.
    #[cfg(test)]
    fn manifest(&self, manifest: &Manifest) -> Vec<u8> {
        self.manifest_parts(manifest).concat()
    }

    /// The new marker, in parts to write one after the other: made in
    /// parallel when the previous marker is sorted (210 000 lines, 14 MB,
    /// at national scale). Part `k` holds the previous marker's lines of
    /// one range, merged with the new files that sort among them (from
    /// the path of its first line to that of the next part's first line).
    fn manifest_parts(&self, manifest: &Manifest) -> Vec<Vec<u8>> {
        let count = self.lines.iter().filter(|l| l.is_some()).count() + self.news.len();
        if !manifest.is_sorted() || self.lines.len() != manifest.len() {
            return vec![manifest::write(self.files(manifest), count)];
        }
        let mut header = manifest::header().as_bytes().to_vec();
        header.push(b'\n');
        let parties = rayon::current_num_threads().max(1) * 4;
        let taille = self.lines.len().div_ceil(parties).max(1);
        let debuts: Vec<usize> = (0..self.lines.len()).step_by(taille).collect();
        // The first new file of each part.
        let premier_nouveau = |k: usize| match debuts.get(k) {
            None => self.news.len(),
            Some(_) if k == 0 => 0,
            Some(&i) => self
                .news
                .partition_point(|n| n.0.as_str() < manifest.path(i)),
        };
        let mut parts = vec![header];
        parts.par_extend((0..debuts.len().max(1)).into_par_iter().map(|k| {
            let lignes = debuts.get(k).copied().unwrap_or(0)
                ..debuts.get(k + 1).copied().unwrap_or(self.lines.len());
            let nouveaux = self
                .news
                .get(premier_nouveau(k)..premier_nouveau(k + 1))
                .unwrap_or_default();
            let listed = lignes.filter_map(|i| {
                let (sig, _) = (*self.lines.get(i)?)?;
                Some((manifest.path(i), sig))
            });
            let mut out = Vec::with_capacity(count.div_ceil(parties) * 80);
            manifest::push_lines(
                &mut out,
                fusion(
                    listed,
                    nouveaux.iter().map(|(p, sig, _)| (p.as_str(), *sig)),
                ),
            );
            out
        }));
        parts
    }

    /// Files written to the staging folder, sorted by path.
    fn written(&self, manifest: &Manifest) -> Vec<String> {
        let mut out: Vec<String> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_some_and(|(_, w)| w))
            .map(|(i, _)| manifest.path(i).to_string())
            .chain(self.news.iter().filter(|n| n.2).map(|n| n.0.clone()))
            .collect();
        out.sort_unstable();
        out
    }

    /// Files kept from the previous site (not written to the staging folder).
    fn kept<'a>(&'a self, manifest: &'a Manifest) -> impl Iterator<Item = &'a str> + 'a {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_some_and(|(_, w)| !w))
            .map(|(i, _)| manifest.path(i))
            .chain(self.news.iter().filter(|n| !n.2).map(|n| n.0.as_str()))
    }
}

/// Two lists of files sorted by path, merged (the second's first on a tie,
/// which never happens: a new file is one the previous marker lacks).
fn fusion<'a>(
    listed: impl Iterator<Item = (&'a str, Sig)>,
    news: impl Iterator<Item = (&'a str, Sig)>,
) -> impl Iterator<Item = (&'a str, Sig)> {
    let mut news = news.peekable();
    let mut listed = listed.peekable();
    std::iter::from_fn(move || match (listed.peek(), news.peek()) {
        (Some(l), Some(n)) if n.0 < l.0 => news.next(),
        (Some(_), _) => listed.next(),
        (None, _) => news.next(),
    })
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

/// The key of a page's inputs: XXH3-128 of each part, chained (the key
/// so far and the part's hash are hashed together). Not cryptographic:
/// inputs are the project's own files, and a collision would only keep a
/// page from being re-rendered. It was FNV-1a, one byte at a time: 0.15 s
/// for the 108 MB of declarations at national scale, against 0.007 s now
/// (benches/README.md, "Rebuild: the write side").
#[derive(Debug, Clone, Copy)]
pub struct Key(u128);

impl Default for Key {
    fn default() -> Self {
        Key(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Key {
    /// Adds bytes (each part hashed apart, so that concatenations differ).
    pub fn mix(self, bytes: &[u8]) -> Self {
        self.chain(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    fn chain(self, part: u128) -> Self {
        let mut block = [0u8; 32];
        block[..16].copy_from_slice(&self.0.to_le_bytes());
        block[16..].copy_from_slice(&part.to_le_bytes());
        Key(xxhash_rust::xxh3::xxh3_128(&block))
    }

    /// Adds a value, as its JSON text (hashed as it is written, without
    /// keeping the text).
    pub fn mix_json<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        struct Hashing(xxhash_rust::xxh3::Xxh3Default);
        impl io::Write for Hashing {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut h = Hashing(xxhash_rust::xxh3::Xxh3Default::new());
        match serde_json::to_writer(&mut h, value) {
            Ok(()) => self.chain(h.0.digest128()),
            Err(_) => self.mix(b""),
        }
    }

    /// The key.
    pub fn finish(self) -> u128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The new marker merges the files kept from the previous one with the
    /// new ones, in path order, and drops the files not made again.
    #[test]
    fn the_new_marker_merges_kept_and_new_files_in_order() {
        let previous = Manifest::parse(
            String::from_utf8(manifest::write(
                [
                    ("a", Sig::Inputs(1)),
                    ("c", Sig::Inputs(3)),
                    ("e", Sig::Inputs(5)),
                ],
                3,
            ))
            .unwrap_or_default(),
        );
        let claimed: Vec<AtomicBool> = [true, false, true]
            .into_iter()
            .map(AtomicBool::new)
            .collect();
        let records = vec![
            Rec::New {
                path: "f".into(),
                sig: Sig::Inputs(6),
                written: true,
            },
            Rec::Listed {
                line: 2,
                sig: Sig::Inputs(50),
                written: true,
            },
            Rec::New {
                path: "b".into(),
                sig: Sig::Inputs(2),
                written: true,
            },
            Rec::New {
                path: "0".into(),
                sig: Sig::Unknown,
                written: true,
            },
        ];
        let site = NewSite::gather(&previous, &claimed, records).unwrap_or_else(|e| panic!("{e}"));
        let new = Manifest::parse(String::from_utf8(site.manifest(&previous)).unwrap_or_default());
        let got: Vec<(&str, Sig)> = (0..new.len()).map(|i| (new.path(i), new.sig(i))).collect();
        assert_eq!(
            got,
            vec![
                ("0", Sig::Unknown),
                ("a", Sig::Inputs(1)),
                ("b", Sig::Inputs(2)),
                ("e", Sig::Inputs(50)),
                ("f", Sig::Inputs(6)),
            ]
        );
        assert!(new.is_sorted() && new.complete);
    }

    #[test]
    fn the_marker_made_in_parts_is_the_marker_made_at_once() {
        // 3 000 listed files (every third dropped, every fifth rewritten)
        // and new files before, among and after them.
        let listed: Vec<(String, Sig)> = (0..3000)
            .map(|i| (format!("p/{:05}.html", 10 * i + 5), Sig::Inputs(i)))
            .collect();
        let previous = Manifest::parse(
            String::from_utf8(manifest::write(
                listed.iter().map(|(p, s)| (p.as_str(), *s)),
                listed.len(),
            ))
            .unwrap_or_default(),
        );
        let claimed: Vec<AtomicBool> = (0..3000).map(|i| AtomicBool::new(i % 3 != 0)).collect();
        let mut records: Vec<Rec> = (0..3000)
            .filter(|i| i % 5 == 0)
            .map(|i| Rec::Listed {
                line: i,
                sig: Sig::Bytes(i as u128),
                written: true,
            })
            .collect();
        for path in [
            "a.html",
            "p/00000.html",
            "p/00017.html",
            "p/15000.html",
            "z/x.html",
        ] {
            records.push(Rec::New {
                path: path.into(),
                sig: Sig::Unknown,
                written: true,
            });
        }
        records.extend((0..3000).step_by(7).map(|i| Rec::New {
            path: format!("p/{:05}.html", 10 * i + 7),
            sig: Sig::Inputs(1),
            written: true,
        }));
        let site = NewSite::gather(&previous, &claimed, records).unwrap_or_else(|e| panic!("{e}"));
        let parts = site.manifest_parts(&previous);
        assert!(parts.len() > 2, "{}", parts.len());
        let count = site.lines.iter().flatten().count() + site.news.len();
        assert_eq!(
            parts.concat(),
            manifest::write(site.files(&previous), count)
        );
        let new = Manifest::parse(String::from_utf8(parts.concat()).unwrap_or_default());
        assert!(new.is_sorted() && new.complete);
        // Kept, then rewritten among the dropped, then new.
        assert_eq!(new.len(), 2000 + 200 + 5 + 3000 / 7 + 1);
    }

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

        // Two outputs with the same path: the build fails, the site stays.
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("a.txt", b"x").unwrap_or_else(|e| panic!("{e}"));
        let _ = s.write("a.txt", b"y");
        assert!(matches!(s.commit(), Err(OutputError::Duplicate(_))));
        assert_eq!(fs::read(dest.join("index.html")).unwrap_or_default(), b"v1");
        assert!(!dest.join("a.txt").exists());
        // A path of the previous site is refused at once.
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        s.write("index.html", b"v3")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            s.write("index.html", b"v3"),
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
    fn a_file_in_pieces_is_its_pieces_end_to_end_however_cut() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let parts =
            |p: &[&str]| -> Vec<Vec<u8>> { p.iter().map(|x| x.as_bytes().to_vec()).collect() };
        let inode = || {
            fs::metadata(dest.join("d.csv"))
                .map(|m| m.ino())
                .unwrap_or(0)
        };
        let build = |p: &[&str]| {
            let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
            s.write_parts("d.csv", None, &parts(p))
                .unwrap_or_else(|e| panic!("{e}"));
            s.commit().unwrap_or_else(|e| panic!("{e}"));
            fs::read(dest.join("d.csv")).unwrap_or_default()
        };
        assert_eq!(
            build(&["en-tête\n", "a;1\n", "b;2\n"]),
            b"en-t\xc3\xaate\na;1\nb;2\n"
        );
        let first = inode();
        // The same bytes cut elsewhere: recognised, not rewritten.
        assert_eq!(
            build(&["en-tête\na;", "1\nb;2\n"]),
            "en-tête\na;1\nb;2\n".as_bytes()
        );
        assert_eq!(inode(), first, "an unchanged file was rewritten");
        // One byte changed in the last piece: rewritten.
        assert_eq!(
            build(&["en-tête\n", "a;1\n", "b;3\n"]),
            "en-tête\na;1\nb;3\n".as_bytes()
        );
        assert_ne!(inode(), first);
    }

    #[test]
    fn a_value_mixes_as_its_json_text() {
        let v = serde_json::json!({"nom": "Cantine des Assions", "annees": [2021, 2022]});
        let text = serde_json::to_vec(&v).unwrap_or_default();
        assert_eq!(
            Key::default().mix_json(&v).finish(),
            Key::default().mix(&text).finish()
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
        assert_eq!(s.previous().mode, Mode::InPlace);
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
        let marker = manifest::write([("a.html", Sig::of_bytes(b"a2"))], 1);
        fs::write(staging.join(MARKER), marker).unwrap_or_else(|e| panic!("{e}"));
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
        assert_eq!(s.previous().mode, Mode::InPlace);
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
        assert_eq!(s.previous().mode, Mode::Replace);
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
    #[test]
    fn files_deleted_by_hand_are_made_again() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let key = Key::default().mix(b"page").finish();
        let build = || {
            let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
            if !s.reuse("cantines/1/index.html", key).unwrap_or(false) {
                s.write_keyed("cantines/1/index.html", Some(key), b"page")
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            for (rel, bytes) in [
                ("donnees/cantines.csv", &b"siret\n1\n"[..]),
                ("donnees/bilans.csv", b"annee\n"),
                ("recherche/index/a.json", b"[1]"),
                ("recherche/index/b.json", b"[2]"),
                ("recherche/index/c.json", b"[3]"),
            ] {
                s.write(rel, bytes).unwrap_or_else(|e| panic!("{e}"));
            }
            let reused = s.reused();
            s.commit().unwrap_or_else(|e| panic!("{e}"));
            reused
        };
        assert_eq!(build(), 0);
        assert_eq!(build(), 6);
        // By hand: a page's folder, an export, one file of a big folder.
        fs::remove_dir_all(dest.join("cantines/1")).unwrap_or_else(|e| panic!("{e}"));
        fs::remove_file(dest.join("donnees/cantines.csv")).unwrap_or_else(|e| panic!("{e}"));
        fs::remove_file(dest.join("recherche/index/b.json")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(build(), 3);
        assert_eq!(
            fs::read(dest.join("cantines/1/index.html")).unwrap_or_default(),
            b"page"
        );
        assert_eq!(
            fs::read(dest.join("donnees/cantines.csv")).unwrap_or_default(),
            b"siret\n1\n"
        );
        assert_eq!(
            fs::read(dest.join("recherche/index/b.json")).unwrap_or_default(),
            b"[2]"
        );
        assert_eq!(build(), 6);
    }

    #[test]
    fn files_without_key_are_known_by_the_hash_of_their_bytes() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        let build = |csv: &[u8], json: &[u8]| {
            let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
            s.write("donnees/cantines.csv", csv)
                .unwrap_or_else(|e| panic!("{e}"));
            s.write("donnees/cantines.json", json)
                .unwrap_or_else(|e| panic!("{e}"));
            s.commit().unwrap_or_else(|e| panic!("{e}"));
        };
        let inode = |p: &str| fs::metadata(dest.join(p)).map(|m| m.ino()).unwrap_or(0);
        build(b"nom\nA\n", b"[\"A\"]");
        let (csv, json) = (
            inode("donnees/cantines.csv"),
            inode("donnees/cantines.json"),
        );
        let marker = fs::read_to_string(dest.join(MARKER)).unwrap_or_default();
        assert!(marker.starts_with(manifest::HEADER));
        assert!(marker.contains("\t=") || marker.contains("\n="), "{marker}");
        // Same size, other bytes: the hash tells them apart.
        build(b"nom\nB\n", b"[\"A\"]");
        assert_ne!(
            inode("donnees/cantines.csv"),
            csv,
            "a changed export was kept"
        );
        assert_eq!(
            fs::read(dest.join("donnees/cantines.csv")).unwrap_or_default(),
            b"nom\nB\n"
        );
        assert_eq!(
            inode("donnees/cantines.json"),
            json,
            "an unchanged export was rewritten"
        );
    }

    #[test]
    fn a_site_with_an_older_marker_is_replaced_whole_and_unchanged_files_are_linked() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dest = tmp.path().join("public");
        fs::create_dir_all(dest.join("p")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dest.join("p/a.html"), b"a").unwrap_or_else(|e| panic!("{e}"));
        fs::write(dest.join("gone.html"), b"g").unwrap_or_else(|e| panic!("{e}"));
        let v2 = "# Produit par cantine build ; remplace a chaque construction. Fichiers et cles de leurs entrees (v2).\n\
                  -\tgone.html\n-\tp/a.html\n";
        fs::write(dest.join(MARKER), v2).unwrap_or_else(|e| panic!("{e}"));
        let a = fs::metadata(dest.join("p/a.html"))
            .map(|m| m.ino())
            .unwrap_or(0);
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.previous().mode, Mode::Replace);
        s.write("p/a.html", b"a").unwrap_or_else(|e| panic!("{e}"));
        s.write("b.html", b"b").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.reused(), 1);
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(!dest.join("gone.html").exists());
        assert_eq!(fs::read(dest.join("b.html")).unwrap_or_default(), b"b");
        let now = fs::metadata(dest.join("p/a.html"))
            .map(|m| m.ino())
            .unwrap_or(1);
        assert_eq!(now, a);
        let marker = fs::read_to_string(dest.join(MARKER)).unwrap_or_default();
        assert!(marker.starts_with(manifest::HEADER));
        // The next build updates in place.
        let s = Staging::new(&dest).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.previous().mode, Mode::InPlace);
    }
}
