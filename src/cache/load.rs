//! Stage 1 with the cache: files unchanged since the previous build come
//! from the cache (parsed, checked, keyed), the others are read.

use super::entry::{self, FileStat, StoredDiagnostic};
use super::{Cache, FORMAT, Header, MAGIC, Saved, Update};
use crate::diagnostics::Diagnostic;
use crate::load::{self, Loaded, SourceFile};
use crate::model::Declaration;
use borsh::BorshSerialize;
use rayon::prelude::*;
use std::path::Path;

/// Where a loaded file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The cache (these bytes of it): the file was not read.
    Cache(std::ops::Range<usize>),
    /// The disk.
    Read,
}

/// What the build knows of a loaded file besides its declaration.
#[derive(Debug)]
pub struct Memo {
    /// The file on disk when it was looked at (`None`: could not be known).
    pub stat: Option<FileStat>,
    /// The key of its path and text, for the incremental output.
    pub key: u128,
    /// From the cache or read.
    pub origin: Origin,
    /// What the per-file rules said of it, when known from the cache.
    pub known: Option<Vec<Diagnostic>>,
}

/// The key of a file's path and text.
pub fn file_key(path: &str, text: &str) -> u128 {
    crate::output::Key::default()
        .mix(path.as_bytes())
        .mix(text.as_bytes())
        .finish()
}

/// The load stage with a cache: like [`load::load_declarations`], plus a
/// memo per file and when the scan began, for [`update`]. The cache is
/// opened by `open` while the walk runs (checking
/// and indexing a national cache, 52 MB, takes as long as a tenth of the
/// walk); files are looked at closely enough for the cache when `stat`.
/// Also returns the cache.
pub fn load_opening(
    root: &Path,
    stat: bool,
    open: impl FnOnce() -> Cache + Send,
) -> (Loaded, Vec<Memo>, (i64, u32), Cache) {
    let scanned = entry::now();
    let ((found, loaded), cache) = rayon::join(|| load::walk(root, stat), open);
    let (loaded, memos) = reprendre(root, &cache, found, loaded);
    (loaded, memos, scanned, cache)
}

/// The files `found` by the walk, from `cache` when they did not change,
/// read otherwise.
fn reprendre(
    root: &Path,
    cache: &Cache,
    found: Vec<load::Found>,
    mut loaded: Loaded,
) -> (Loaded, Vec<Memo>) {
    // Unzipped as they are made: each vector allocated once at its size
    // and filled in parallel (pushing 100 000 files of 300 bytes one by
    // one grew and copied it; moving the memos out of pairs afterwards
    // took one thread while the other waited).
    type Parts = (Vec<SourceFile>, (Vec<Memo>, Vec<Vec<Diagnostic>>));
    let (files, (memos, diags)): Parts = found
        .into_par_iter()
        .map(|f| {
            let stat = f.stat;
            if let Some(s) = &stat
                && let Some((e, range)) = cache.entry(&f.rel, s)
            {
                let mut file = load::unread(f);
                file.declaration = Some(e.declaration);
                let known = e.diagnostics.into_iter().map(Diagnostic::from).collect();
                let memo = Memo {
                    stat,
                    key: e.key,
                    origin: Origin::Cache(range),
                    known: Some(known),
                };
                return (file, (memo, Vec::new()));
            }
            let (file, diags) = load::load_one(root, f);
            let memo = Memo {
                stat,
                key: file_key(&file.path, &file.text),
                origin: Origin::Read,
                known: None,
            };
            (file, (memo, diags))
        })
        .unzip();
    // Most files have no diagnostic here (only those read can).
    loaded.diagnostics.extend(diags.into_iter().flatten());
    if loaded.files.is_empty() {
        loaded.files = files;
    } else {
        loaded.files.extend(files);
    }
    (loaded, memos)
}

/// An entry as written: borrows the declaration (same bytes as
/// [`entry::Entry`]).
#[derive(BorshSerialize)]
struct EntryRef<'a> {
    path: &'a str,
    stat: FileStat,
    key: u128,
    declaration: &'a Declaration,
    diagnostics: Vec<StoredDiagnostic>,
}

/// The cache after this build: the previous entries of the files that did
/// not change, new entries for the files read (when their per-file rules
/// ran, `computed[i]`, and they were last changed well before `scanned`).
/// `None` when there is nothing to save: no cache, or the same files as
/// before, all unchanged.
pub fn update(
    cache: Cache,
    loaded: &Loaded,
    memos: &[Memo],
    computed: &[Option<Vec<Diagnostic>>],
    scanned: (i64, u32),
) -> Option<Update> {
    let dir = cache.dir.clone()?;
    let unchanged = memos.iter().all(|m| matches!(m.origin, Origin::Cache(_)))
        && memos.len() == cache.index.len();
    if unchanged {
        return None;
    }
    let entries: Vec<Saved> = loaded
        .files
        .par_iter()
        .zip(memos.par_iter())
        .enumerate()
        .filter_map(|(i, (file, memo))| {
            if let Origin::Cache(range) = &memo.origin {
                return Some(Saved::Kept(range.clone()));
            }
            let stat = memo.stat?;
            let declaration = file.declaration.as_ref()?;
            let diagnostics = computed.get(i)?.as_ref()?;
            if !stat.settled_before(scanned) {
                return None;
            }
            let e = EntryRef {
                path: &file.path,
                stat,
                key: memo.key,
                declaration,
                diagnostics: diagnostics.iter().map(StoredDiagnostic::from).collect(),
            };
            borsh::to_vec(&e).ok().map(Saved::New)
        })
        .collect();
    // A few changed entries are written after the previous cache file,
    // kept as it is; the whole cache again once they weigh an eighth of
    // it, or once an eighth of its files are gone.
    let base_len = cache.bytes.len();
    let dans_la_base = |s: &Saved| matches!(s, Saved::Kept(r) if r.start < base_len);
    let (base_sum, base_count) = cache.base;
    let gardees = entries.iter().filter(|s| dans_la_base(s)).count();
    let suite: usize = entries
        .iter()
        .filter(|s| !dans_la_base(s))
        .map(|s| 4 + s.bytes(&cache.bytes, &cache.plus).len())
        .sum();
    let a_la_suite = base_len > 0
        && suite <= base_len / 8
        && base_count - gardees.min(base_count) <= base_count / 8;
    let entries = if a_la_suite {
        entries.into_iter().filter(|s| !dans_la_base(s)).collect()
    } else {
        entries
    };
    Some(Update {
        dir,
        header: Header {
            magic: MAGIC,
            format: FORMAT,
            program: cache.program,
            rules: cache.rules,
            scanned,
            count: u32::try_from(entries.len()).ok()?,
            // Computed by `Update::save`, over the bytes it writes.
            checksum: 0,
        },
        old: cache.bytes,
        plus: cache.plus,
        suite_de: a_la_suite.then_some(base_sum),
        entries,
    })
}
