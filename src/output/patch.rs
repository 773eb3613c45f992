//! Big files patched rather than remade: a national export is a sequence
//! of pieces, each made from a known set of canteens and named by the key
//! of their inputs. A rebuild makes only the pieces whose key is new; the
//! others are copied from the previous site's file, inside the kernel
//! (`copy_file_range`, through `std::io::copy`), without passing through
//! the program's memory. Which bytes of the previous file hold which
//! piece is a [`PieceTable`], kept by the build cache.
//!
//! The whole file's key is made of its pieces' keys: a file whose key did
//! not change is kept as any other keyed file ([`Staging::reuse`]).

use super::manifest::Sig;
use super::{Mode, OutputError, Staging, io_err, safe_relative};
use borsh::{BorshDeserialize, BorshSerialize};
use std::fs;
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

/// One piece of a patched file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Bytes made by this build.
    New(Vec<u8>),
    /// Bytes of the previous site's file: `len` bytes from `start`.
    Old {
        /// Offset in the previous file.
        start: u64,
        /// Length.
        len: u64,
    },
}

impl Piece {
    /// The piece's length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Piece::New(b) => b.len() as u64,
            Piece::Old { len, .. } => *len,
        }
    }

    /// Whether the piece is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a build leaves for the next one to patch a file: the file's key,
/// and the key and length of each of its pieces, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct PieceTable {
    /// The key of the whole file (as in the marker).
    pub key: u128,
    /// (key, length) of each piece, in file order.
    pub pieces: Vec<(u128, u64)>,
}

impl PieceTable {
    /// The file's length.
    pub fn len(&self) -> u64 {
        self.pieces.iter().map(|(_, l)| l).sum()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where each piece is in the file: key → (start, length). A key met
    /// twice (the same inputs) keeps its first place.
    pub fn places(&self) -> std::collections::HashMap<u128, (u64, u64)> {
        let mut at = 0;
        let mut places = std::collections::HashMap::with_capacity(self.pieces.len());
        for &(key, len) in &self.pieces {
            places.entry(key).or_insert((at, len));
            at += len;
        }
        places
    }
}

impl Staging {
    /// Whether the previous site holds `rel` as made from inputs `key`,
    /// `len` bytes long: its pieces can then be copied from it.
    pub fn holds(&self, rel: &str, key: u128, len: u64) -> bool {
        let Ok(p) = safe_relative(rel) else {
            return false;
        };
        let previous = self.previous();
        let Some(line) = self.line_made_from(rel, key) else {
            return false;
        };
        let listed = match previous.mode {
            Mode::InPlace => previous.present(line),
            Mode::Replace => true,
        };
        listed
            && fs::symlink_metadata(self.dest.join(p)).is_ok_and(|m| m.is_file() && m.len() == len)
    }

    /// Writes `rel`, made from inputs `key`, as `pieces` end to end; the
    /// old pieces are copied from the previous site's file, which
    /// [`Staging::holds`] said is there. A file whose key did not change
    /// is kept; a file whose bytes did not change (same length, old pieces
    /// in place, new pieces equal to the bytes they replace) is kept too.
    pub fn write_pieces(&self, rel: &str, key: u128, pieces: &[Piece]) -> Result<(), OutputError> {
        if self.reuse(rel, key)? {
            return Ok(());
        }
        let p = safe_relative(rel)?;
        let previous = self.previous();
        let line = previous.manifest.find(rel);
        if let Some(line) = line {
            self.claim(previous, line, rel)?;
        }
        let path = self.dir.join(p);
        let old = self.dest.join(p);
        let listed = line.is_some_and(|l| match previous.mode {
            Mode::InPlace => previous.present(l),
            Mode::Replace => self.has_previous,
        });
        let same = listed && same_as(&old, pieces);
        let at = |e: io::Error| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                io_err(&old)(e)
            } else {
                io_err(&path)(e)
            }
        };
        self.keep_or_write(rel, line, Sig::Inputs(key), same, (&old, &path), || {
            write_from(&path, &old, pieces).map_err(at)
        })
    }
}

/// Whether the file at `old` already holds `pieces` end to end: same
/// length, each old piece where it was, each new piece equal to the bytes
/// it would replace (read from those places only).
fn same_as(old: &Path, pieces: &[Piece]) -> bool {
    let len: u64 = pieces.iter().map(Piece::len).sum();
    let Ok(file) = fs::File::open(old) else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == len) {
        return false;
    }
    let mut at = 0;
    let mut buf = Vec::new();
    for piece in pieces {
        let same = match piece {
            Piece::Old { start, .. } => *start == at,
            Piece::New(bytes) => {
                buf.resize(bytes.len(), 0);
                file.read_exact_at(&mut buf, at).is_ok() && buf == *bytes
            }
        };
        if !same {
            return false;
        }
        at += piece.len();
    }
    true
}

/// Writes `pieces` into a new file at `path`, copying the old ones from
/// the file at `old`. A previous file shorter than a piece says is an
/// error (`UnexpectedEof`), not a shorter file.
fn write_from(path: &Path, old: &Path, pieces: &[Piece]) -> io::Result<()> {
    let mut out = fs::File::create(path)?;
    let mut source: Option<fs::File> = None;
    for piece in pieces {
        match piece {
            Piece::New(bytes) => out.write_all(bytes)?,
            Piece::Old { start, len } => {
                let file = match &mut source {
                    Some(f) => f,
                    None => source.insert(fs::File::open(old)?),
                };
                file.seek(io::SeekFrom::Start(*start))?;
                let copied = io::copy(&mut file.take(*len), &mut out)?;
                if copied != *len {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "fichier précédent plus court que prévu",
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Staging;

    fn read(p: &Path) -> Vec<u8> {
        fs::read(p).unwrap_or_default()
    }

    /// Builds `out` with one file `f` made of `pieces`; returns its bytes.
    fn build(out: &Path, key: u128, pieces: &[Piece]) -> Vec<u8> {
        let staging = Staging::new(out).unwrap_or_else(|e| panic!("{e}"));
        staging
            .write_pieces("d/f.csv", key, pieces)
            .unwrap_or_else(|e| panic!("{e}"));
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        read(&out.join("d/f.csv"))
    }

    #[test]
    fn old_pieces_are_copied_from_the_previous_file() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = tmp.path().join("public");
        let first = vec![
            Piece::New(b"head\n".to_vec()),
            Piece::New(b"aaaa\n".to_vec()),
            Piece::New(b"bbbb\n".to_vec()),
        ];
        assert_eq!(build(&out, 1, &first), b"head\naaaa\nbbbb\n");
        let staging = Staging::new(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(staging.holds("d/f.csv", 1, 15));
        assert!(!staging.holds("d/f.csv", 2, 15), "another key");
        assert!(!staging.holds("d/f.csv", 1, 14), "another length");
        drop(staging);
        // The second piece moves after a new one; the first stays.
        let second = vec![
            Piece::Old { start: 0, len: 5 },
            Piece::New(b"cc\n".to_vec()),
            Piece::Old { start: 10, len: 5 },
            Piece::Old { start: 5, len: 5 },
        ];
        assert_eq!(build(&out, 2, &second), b"head\ncc\nbbbb\naaaa\n");
    }

    #[test]
    fn a_file_with_the_same_bytes_is_not_rewritten() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = tmp.path().join("public");
        let first = vec![
            Piece::New(b"head\n".to_vec()),
            Piece::New(b"row\n".to_vec()),
        ];
        build(&out, 1, &first);
        let ino = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(p).map(|m| m.ino()).unwrap_or(0)
        };
        let before = ino(&out.join("d/f.csv"));
        // A new key, the same bytes: a new piece equal to the old one.
        let same = vec![
            Piece::Old { start: 0, len: 5 },
            Piece::New(b"row\n".to_vec()),
        ];
        assert_eq!(build(&out, 2, &same), b"head\nrow\n");
        assert_eq!(ino(&out.join("d/f.csv")), before, "kept, not rewritten");
        // Other bytes of the same length: rewritten.
        let other = vec![
            Piece::Old { start: 0, len: 5 },
            Piece::New(b"new\n".to_vec()),
        ];
        assert_eq!(build(&out, 3, &other), b"head\nnew\n");
        assert_ne!(ino(&out.join("d/f.csv")), before);
    }

    #[test]
    fn a_previous_file_too_short_fails_the_build_and_keeps_the_site() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = tmp.path().join("public");
        build(&out, 1, &[Piece::New(b"0123456789".to_vec())]);
        let staging = Staging::new(&out).unwrap_or_else(|e| panic!("{e}"));
        let err = staging
            .write_pieces("d/f.csv", 2, &[Piece::Old { start: 5, len: 10 }])
            .err();
        assert!(err.is_some_and(|e| e.to_string().contains("d/f.csv")));
        drop(staging);
        assert_eq!(read(&out.join("d/f.csv")), b"0123456789");
    }

    #[test]
    fn a_table_places_each_piece() {
        let t = PieceTable {
            key: 9,
            pieces: vec![(1, 5), (2, 3), (1, 5), (3, 0)],
        };
        assert_eq!(t.len(), 13);
        let places = t.places();
        assert_eq!(places.get(&1), Some(&(0, 5)));
        assert_eq!(places.get(&2), Some(&(5, 3)));
        assert_eq!(places.get(&3), Some(&(13, 0)));
    }
}
