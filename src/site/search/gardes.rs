//! What the search index keeps by shard between builds, in the cache
//! folder (`recherche.bin`): every canteen's search flags
//! (`drapeaux.json`: categories and latest verdict, an indicator to
//! compute from the latest bilan) and the folded names and words of the
//! word index (`mots/<clé>.json`). After one changed declaration, 99 of
//! the 100 shards are unchanged, and both are read back rather than made
//! again (benches/README.md, "Session 9" and "Session 10").
//!
//! Each entry is stored under a key of the shard's rows
//! ([`super::reprise::Reprise::cle_de`]: the program, what the entry is
//! and its shard, and each row's canteen data key, which covers its file
//! and its central kitchen's). The file is checked as a whole
//! ([`crate::cache::fichier`]); the reader of an entry checks its length
//! and contents again, and makes the entry afresh when they do not fit.

use crate::cache::fichier;
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// File name in the cache folder.
pub const FILE: &str = "recherche.bin";

/// The file of the first version, which held the flags alone: removed
/// when `recherche.bin` is written.
const ANCIEN: &str = "drapeaux.bin";

/// Kind of file.
const MAGIC: [u8; 8] = *b"CANTINER";

/// Layout of the body: per entry, its key (16 bytes), its length in
/// bytes (4 bytes), then its bytes, little-endian.
const FORMAT: u32 = 1;

/// The entries kept by the previous build.
#[derive(Debug, Default)]
pub struct Gardes {
    corps: fichier::Corps,
    /// Key → where its bytes lie in the body.
    index: HashMap<u128, std::ops::Range<usize>>,
}

impl Gardes {
    /// What `dir` holds (nothing if the file is missing, foreign or damaged).
    pub fn lire(dir: &Path) -> Self {
        let Some(corps) = fichier::lire(dir, FILE, MAGIC, FORMAT) else {
            return Self::default();
        };
        match indexer(&corps) {
            Some(index) => Gardes {
                corps,
                index: index.into_iter().collect(),
            },
            None => Self::default(),
        }
    }

    /// The bytes kept under `cle`, if any.
    pub fn octets(&self, cle: u128) -> Option<&[u8]> {
        self.corps.get(self.index.get(&cle)?.clone())
    }
}

/// Where each entry's bytes lie in `corps`, in order; `None` if it is
/// not a body this program wrote.
fn indexer(corps: &[u8]) -> Option<Vec<(u128, std::ops::Range<usize>)>> {
    let mut index = Vec::new();
    let mut at = 0;
    while at < corps.len() {
        let cle = u128::from_le_bytes(corps.get(at..at + 16)?.try_into().ok()?);
        let n = u32::from_le_bytes(corps.get(at + 16..at + 20)?.try_into().ok()?) as usize;
        let debut = at + 20;
        let fin = debut.checked_add(n)?;
        corps.get(debut..fin)?;
        index.push((cle, debut..fin));
        at = fin;
    }
    Some(index)
}

/// The body for `entrees`: (key, bytes), sorted by key so that the same
/// entries give the same file.
pub fn corps(entrees: &mut [(u128, Vec<u8>)]) -> Vec<u8> {
    entrees.sort_unstable_by_key(|(cle, _)| *cle);
    let taille = entrees.iter().map(|(_, o)| 20 + o.len()).sum();
    let mut out = Vec::with_capacity(taille);
    for (cle, octets) in entrees.iter() {
        let Ok(n) = u32::try_from(octets.len()) else {
            continue;
        };
        out.extend_from_slice(&cle.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(octets);
    }
    out
}

/// Writes `corps` as `dir/recherche.bin` (and removes the first version's
/// file, if any).
pub fn garder(dir: &Path, corps: &[u8]) -> io::Result<()> {
    fichier::garder(dir, FILE, MAGIC, FORMAT, &[corps])?;
    match std::fs::remove_file(dir.join(ANCIEN)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Search flags as bytes (2 each, little-endian).
pub fn drapeaux_en_octets(drapeaux: &[u16]) -> Vec<u8> {
    drapeaux.iter().flat_map(|d| d.to_le_bytes()).collect()
}

/// The `n` flags of `octets`, if it holds exactly `n`.
pub fn drapeaux_de_octets(octets: &[u8], n: usize) -> Option<Vec<u16>> {
    if octets.len() != 2 * n {
        return None;
    }
    Some(
        octets
            .chunks_exact(2)
            .map(|d| u16::from_le_bytes([d[0], d[1]]))
            .collect(),
    )
}

/// The entries of a body, in order (for tests that alter them; none if
/// it is not a body this program wrote).
#[cfg(test)]
pub fn entrees(corps: &[u8]) -> Vec<(u128, Vec<u8>)> {
    indexer(corps)
        .unwrap_or_default()
        .into_iter()
        .map(|(cle, r)| (cle, corps.get(r).unwrap_or_default().to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_by_key() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        assert!(Gardes::lire(dir).octets(1).is_none());
        std::fs::write(dir.join(ANCIEN), b"x").unwrap_or_else(|e| panic!("{e}"));
        let a = drapeaux_en_octets(&[1, 130, 257]);
        let mut entrees = vec![(9, Vec::new()), (7, a.clone())];
        garder(dir, &corps(&mut entrees)).unwrap_or_else(|e| panic!("{e}"));
        let g = Gardes::lire(dir);
        assert_eq!(g.octets(7), Some(a.as_slice()));
        assert_eq!(g.octets(9), Some(&[][..]));
        assert_eq!(g.octets(8), None, "another key");
        assert!(
            !dir.join(ANCIEN).exists(),
            "the first version's file is removed"
        );
        assert_eq!(
            super::entrees(&corps(&mut entrees_ecrites())),
            entrees_ecrites()
        );
        let lus = g.octets(7).and_then(|o| drapeaux_de_octets(o, 3));
        assert_eq!(lus, Some(vec![1, 130, 257]));
        assert_eq!(g.octets(7).and_then(|o| drapeaux_de_octets(o, 4)), None);
    }

    fn entrees_ecrites() -> Vec<(u128, Vec<u8>)> {
        vec![(3, vec![1, 2]), (7, Vec::new()), (9, vec![5])]
    }

    #[test]
    fn a_body_cut_short_is_not_used() {
        let body = corps(&mut [(7, vec![1, 2, 3])]);
        assert!(indexer(&body).is_some());
        assert!(indexer(&body[..body.len() - 1]).is_none());
        assert!(indexer(&body[..10]).is_none());
    }

    #[test]
    fn the_same_entries_give_the_same_bytes() {
        let a = corps(&mut [(7, vec![1]), (3, vec![2, 2])]);
        let b = corps(&mut [(3, vec![2, 2]), (7, vec![1])]);
        assert_eq!(a, b);
    }
}
