//! The build cache: what the load and validation stages learnt about each
//! declaration file, kept between builds so that a rebuild reads, parses
//! and checks only the files that changed.
//!
//! One file, `<dir>/declarations.bin` (by default `<root>/.cantine-cache/`,
//! which ignores itself for git): a header naming the program and the
//! options the rules ran with, with a checksum of the rest, then one
//! [`entry::Entry`] per declaration file (length-prefixed, borsh). The
//! entries written since (files changed or added) go to a second file,
//! `declarations-plus.bin`, tied to the first by its checksum, so that a
//! rebuild after one change writes a few entries, not 50 MB again; both
//! are written whole again once the second grows past an eighth of the
//! first, or once an eighth of the first's files are gone. A file
//! on disk is taken from the cache only when its size, times, inode and
//! device are those recorded and it was last changed well before the build
//! that recorded it looked at it ([`entry::FileStat::settled_before`]).
//! Anything unexpected in the cache (another program, another format,
//! truncated or damaged bytes) means an empty cache: the build then reads
//! every file, as without a cache. The cache never changes what a build
//! produces, only how fast.

pub mod entry;
pub mod fichier;
mod load;
pub mod pieces;

pub use load::{Memo, Origin, file_key, load_opening, update};

use crate::output::manifest::Identity;
use borsh::{BorshDeserialize, BorshSerialize};
use entry::FileStat;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::hash::BuildHasherDefault;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// File name of the cache in its folder.
const FILE: &str = "declarations.bin";

/// File name of the entries written since `FILE` was.
const PLUS: &str = "declarations-plus.bin";

const MAGIC_PLUS: [u8; 8] = *b"CANTINE+";

/// Bumped whenever the layout of the cache changes (2: checksum; 3:
/// bilans behind their length, see [`crate::model::Bilans`]; 4: the
/// diagnostics keep their fix, see [`crate::diagnostics::Fix`]).
const FORMAT: u32 = 4;

const MAGIC: [u8; 8] = *b"CANTINE\x01";

/// The first bytes of the cache file.
#[derive(Debug, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    /// [`program_id`] of the program that wrote it.
    program: u128,
    /// What the rules depend on besides the file (the current year).
    rules: u128,
    /// When the build that wrote it started looking at files.
    scanned: (i64, u32),
    /// Number of entries.
    count: u32,
    /// XXH3-128 of every byte after the header. Without it, a damaged
    /// byte inside an entry could decode to another declaration, key or
    /// diagnostic (or to a `Decimal` that panics when printed).
    checksum: u128,
}

/// The first bytes of the file of the entries written since the cache
/// file was.
#[derive(Debug, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
struct HeaderPlus {
    magic: [u8; 8],
    format: u32,
    program: u128,
    rules: u128,
    /// The checksum of the cache file these entries follow: written
    /// after another one, they are not used.
    base: u128,
    count: u32,
    /// XXH3-128 of every byte after this header.
    checksum: u128,
}

/// The cache of a previous build, as read at the start of this one.
#[derive(Debug, Default)]
pub struct Cache {
    /// Where it is kept (`None`: no cache).
    dir: Option<PathBuf>,
    program: u128,
    rules: u128,
    /// The whole file.
    bytes: Bytes,
    /// The entries written since (`PLUS`), when they follow `bytes`.
    plus: Bytes,
    /// The checksum and the number of entries of `bytes`.
    base: (u128, usize),
    /// Hash of the path → (what the file was, where its entry is: in
    /// `bytes`, or at `bytes.len() + n` for byte `n` of `plus`; an entry
    /// of `plus` replaces that of `bytes` for the same path). Keyed by
    /// [`path_key`], not by the path: no string is
    /// allocated for the 100 000 entries of a national cache; the entry's
    /// own path is compared when it is decoded.
    index: Index,
}

/// The key of a path in the index (two paths with the same key: the
/// second is read again, as its entry's path is not its own).
fn path_key(path: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path)
}

type Index = HashMap<u64, (FileStat, std::ops::Range<usize>), BuildHasherDefault<Identity>>;

impl Cache {
    /// No cache: every file is read, nothing is saved.
    pub fn disabled() -> Self {
        Cache::default()
    }

    /// Opens the cache kept in `dir` for the rules run with `rules` (a key
    /// of the validation options). A missing or unusable cache is empty.
    pub fn open(dir: &Path, rules: u128) -> Self {
        let mut cache = Cache {
            dir: Some(dir.to_path_buf()),
            program: program_id(),
            rules,
            ..Cache::default()
        };
        if cache.program == 0 {
            cache.dir = None;
            return cache;
        }
        let Some(bytes) = Bytes::map(&dir.join(FILE)) else {
            return cache;
        };
        let Some((header, ranges)) = cache.base_of(&bytes) else {
            return cache;
        };
        let Some(mut index) = heads(&bytes, ranges, 0).collect::<Option<Index>>() else {
            return cache;
        };
        // The entries written since, if they follow this very file.
        if let Some(plus) = Bytes::map(&dir.join(PLUS))
            && let Some(ranges) = cache.plus_of(&plus, header.checksum)
            && let Some(heads) = heads(&plus, ranges, bytes.len()).collect::<Option<Vec<_>>>()
        {
            index.extend(heads);
            cache.plus = plus;
        }
        cache.base = (header.checksum, header.count as usize);
        cache.bytes = bytes;
        cache.index = index;
        cache
    }

    /// Whether a header's (format, program, rules, checksum) say that
    /// `rest`, the bytes after it, were written in this format by this
    /// program for these rules, and are intact.
    fn des_notres(
        &self,
        (format, program, rules, checksum): (u32, u128, u128, u128),
        rest: &[u8],
    ) -> bool {
        format == FORMAT
            && program == self.program
            && rules == self.rules
            && xxhash_rust::xxh3::xxh3_128(rest) == checksum
    }

    /// The header and the entries of `bytes`, if it is a cache file this
    /// program can use.
    fn base_of(&self, bytes: &[u8]) -> Option<(Header, Vec<std::ops::Range<usize>>)> {
        let mut rest = bytes;
        let header = Header::deserialize(&mut rest).ok()?;
        let signe = (header.format, header.program, header.rules, header.checksum);
        if header.magic != MAGIC || !self.des_notres(signe, rest) {
            return None;
        }
        let ranges = entries(bytes, bytes.len() - rest.len(), header.count)?;
        Some((header, ranges))
    }

    /// The entries of `bytes`, if it holds those written since the cache
    /// file whose checksum is `base`, by this program.
    fn plus_of(&self, bytes: &[u8], base: u128) -> Option<Vec<std::ops::Range<usize>>> {
        let mut rest = bytes;
        let header = HeaderPlus::deserialize(&mut rest).ok()?;
        let signe = (header.format, header.program, header.rules, header.checksum);
        if header.magic != MAGIC_PLUS || header.base != base || !self.des_notres(signe, rest) {
            return None;
        }
        entries(bytes, bytes.len() - rest.len(), header.count)
    }

    /// The bytes at `range` (see `index`).
    fn octets(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        octets(&self.bytes, &self.plus, range)
    }

    /// The entry of the file at `path` if the file is still `stat`.
    fn entry(
        &self,
        path: &str,
        stat: &FileStat,
    ) -> Option<(entry::Contenu, std::ops::Range<usize>)> {
        let (known, range) = self.index.get(&path_key(path.as_bytes()))?;
        if known != stat {
            return None;
        }
        // The entry's path (borsh: length, then bytes) compared in place.
        let mut rest = self.octets(range.clone())?;
        let len = usize::try_from(u32::deserialize(&mut rest).ok()?).ok()?;
        if rest.get(..len)? != path.as_bytes() {
            return None;
        }
        let e = entry::Contenu::deserialize(&mut rest.get(len..)?).ok()?;
        Some((e, range.clone()))
    }

    /// Whether a cache is kept at all.
    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    /// How many files the cache knows.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the cache knows no file.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// The bytes at `range` of `base` followed by `plus`.
fn octets<'a>(base: &'a [u8], plus: &'a [u8], range: std::ops::Range<usize>) -> Option<&'a [u8]> {
    match range.start.checked_sub(base.len()) {
        Some(start) => plus.get(start..range.end.checked_sub(base.len())?),
        None => base.get(range),
    }
}

/// The ranges of the `count` entries of `bytes` from `at`, each
/// length-prefixed, up to its last byte exactly.
fn entries(bytes: &[u8], mut at: usize, count: u32) -> Option<Vec<std::ops::Range<usize>>> {
    // Each entry takes 4 bytes at least: a damaged count must not
    // reserve more than the file could hold (u32::MAX ranges would
    // abort the program, not fail).
    let mut ranges = Vec::with_capacity((count as usize).min(bytes.len() / 4));
    for _ in 0..count {
        let len = bytes.get(at..at + 4)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let range = at + 4..(at + 4).checked_add(len)?;
        bytes.get(range.clone())?;
        at = range.end;
        ranges.push(range);
    }
    (at == bytes.len()).then_some(ranges)
}

/// The head of each entry of `bytes` at `ranges` (its path, then its
/// file's stat), for the index; its range moved by `shift`.
fn heads(
    bytes: &[u8],
    ranges: Vec<std::ops::Range<usize>>,
    shift: usize,
) -> impl ParallelIterator<Item = Option<(u64, (FileStat, std::ops::Range<usize>))>> + '_ {
    ranges.into_par_iter().map(move |range| {
        let entry = bytes.get(range.clone())?;
        let len = u32::from_le_bytes(entry.get(..4)?.try_into().ok()?) as usize;
        let path = entry.get(4..4usize.checked_add(len)?)?;
        let stat = FileStat::deserialize(&mut entry.get(4 + len..)?).ok()?;
        Some((
            path_key(path),
            (stat, range.start + shift..range.end + shift),
        ))
    })
}

/// The bytes of the cache file: mapped, not copied (the file is in the
/// page cache after a build: mapping costs no fresh memory, reading it
/// would cost 52 MB at national scale).
#[derive(Debug, Default)]
enum Bytes {
    /// No cache file.
    #[default]
    None,
    /// The file, mapped.
    Mapped(memmap2::Mmap),
}

impl Bytes {
    /// The file at `path`, mapped; `None` if it cannot be.
    fn map(path: &Path) -> Option<Bytes> {
        let file = fs::File::open(path).ok()?;
        // SAFETY: the mapping is read-only, and no writer changes a cache
        // file in place: `Update::save` writes a new file and renames it
        // over the old one, whose inode (and mapping) stays as it was.
        // Someone truncating the file by hand while a build runs could
        // still make a read fault; the checksum catches any other change
        // made before it is mapped.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        Some(Bytes::Mapped(map))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::None => &[],
            Bytes::Mapped(m) => m,
        }
    }
}

/// What to write in the new cache for one file: bytes of the previous
/// cache, or a new entry.
pub enum Saved {
    /// The previous entry, unchanged.
    Kept(std::ops::Range<usize>),
    /// A new entry, encoded.
    New(Vec<u8>),
}

impl Saved {
    /// The entry's bytes (`old` and `plus`: the previous cache's files).
    fn bytes<'a>(&'a self, old: &'a [u8], plus: &'a [u8]) -> &'a [u8] {
        match self {
            Saved::Kept(range) => octets(old, plus, range.clone()).unwrap_or_default(),
            Saved::New(bytes) => bytes,
        }
    }
}

/// The cache to write after this build's load and validation.
pub struct Update {
    dir: PathBuf,
    header: Header,
    /// The previous cache's files.
    old: Bytes,
    plus: Bytes,
    /// `Some(checksum)`: `entries` follow the cache file of that
    /// checksum, kept as it is (`PLUS` is written); `None`: they are
    /// the whole cache (`FILE` is written, `PLUS` removed).
    suite_de: Option<u128>,
    entries: Vec<Saved>,
}

impl Update {
    /// Writes the new cache (a temporary file, then renamed over the old
    /// one, so a reader sees the old cache or the new one, never a part).
    /// Failing to save is not an error of the build: it only returns why.
    pub fn save(self) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        // The folder ignores itself: no entry needed in the repository's
        // .gitignore. CACHEDIR.TAG tells backup tools to skip it.
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            fs::write(
                &ignore,
                "# Cache de cantine build : ne pas versionner.\n*\n",
            )?;
            fs::write(
                self.dir.join("CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n# Cache de cantine build.\n",
            )?;
        }
        let mut sum = xxhash_rust::xxh3::Xxh3Default::new();
        for e in &self.entries {
            let bytes = e.bytes(&self.old, &self.plus);
            sum.update(&(bytes.len() as u32).to_le_bytes());
            sum.update(bytes);
        }
        let checksum = sum.digest128();
        let count = self.header.count;
        let (name, header) = match self.suite_de {
            Some(base) => (
                PLUS,
                borsh::to_vec(&HeaderPlus {
                    magic: MAGIC_PLUS,
                    format: FORMAT,
                    program: self.header.program,
                    rules: self.header.rules,
                    base,
                    count,
                    checksum,
                })?,
            ),
            None => (
                FILE,
                borsh::to_vec(&Header {
                    checksum,
                    ..self.header
                })?,
            ),
        };
        let tmp = self.dir.join(format!("{name}.tmp-{}", std::process::id()));
        let mut out = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(&tmp)?);
        out.write_all(&header)?;
        for e in &self.entries {
            let bytes = e.bytes(&self.old, &self.plus);
            out.write_all(&(bytes.len() as u32).to_le_bytes())?;
            out.write_all(bytes)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        fs::rename(&tmp, self.dir.join(name)).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })?;
        if self.suite_de.is_none() {
            // Entries that followed the replaced file: not used any more
            // (they name its checksum), removed.
            let _ = fs::remove_file(self.dir.join(PLUS));
        }
        Ok(())
    }
}

/// Removes the cache kept in `dir` (the next build reads every file).
pub fn effacer(dir: &Path) {
    let _ = fs::remove_file(dir.join(FILE));
    let _ = fs::remove_file(dir.join(PLUS));
}

/// This program, for the cache: a cache written by another build of
/// cantine (other rules, other model) is not used. The version and the
/// executable's size and modification time stand for the code; 0 when
/// they cannot be known (no cache then).
pub fn program_id() -> u128 {
    let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
    else {
        return 0;
    };
    let stat = FileStat::of(&meta);
    crate::output::Key::default()
        .mix(env!("CARGO_PKG_VERSION").as_bytes())
        .mix(&borsh::to_vec(&stat).unwrap_or_default())
        .finish()
}

#[cfg(test)]
mod tests;
