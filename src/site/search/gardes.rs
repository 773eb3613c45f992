//! Every canteen's search flags (`drapeaux.json`: categories and latest
//! verdict), kept by shard between builds in the cache folder
//! (`drapeaux.bin`). The verdict is an indicator to compute from the
//! latest bilan; after one changed declaration, 99 of the 100 shards are
//! unchanged, and their flags are read back rather than computed again
//! (4 % of a rebuild's CPU at national scale: benches/README.md,
//! "Session 9").
//!
//! A shard's flags are stored under the key of its rows
//! ([`super::reprise::Reprise::cle_de`]: the program, the shard's code,
//! and each row's canteen data key, which covers its file and its central
//! kitchen's). The file is checked as a whole ([`crate::cache::fichier`]);
//! an entry whose length is not the shard's is not used.

use crate::cache::fichier;
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// File name in the cache folder.
pub const FILE: &str = "drapeaux.bin";

/// Kind of file.
const MAGIC: [u8; 8] = *b"CANTINED";

/// Layout of the body: per shard, its key (16 bytes), its number of
/// flags (4 bytes), then the flags (2 bytes each), little-endian.
const FORMAT: u32 = 1;

/// The flags kept by the previous build.
#[derive(Debug, Default)]
pub struct DrapeauxGardes {
    corps: fichier::Corps,
    /// Shard key → where its flags lie in the body.
    index: HashMap<u128, std::ops::Range<usize>>,
}

impl DrapeauxGardes {
    /// What `dir` holds (nothing if the file is missing, foreign or damaged).
    pub fn lire(dir: &Path) -> Self {
        let Some(corps) = fichier::lire(dir, FILE, MAGIC, FORMAT) else {
            return Self::default();
        };
        match indexer(&corps) {
            Some(index) => DrapeauxGardes { corps, index },
            None => Self::default(),
        }
    }

    /// The `n` flags kept under `cle`, if any.
    pub fn drapeaux(&self, cle: u128, n: usize) -> Option<Vec<u16>> {
        let octets = self.corps.get(self.index.get(&cle)?.clone())?;
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
}

/// Where each shard's flags lie in `corps`; `None` if it is not a body
/// this program wrote.
fn indexer(corps: &[u8]) -> Option<HashMap<u128, std::ops::Range<usize>>> {
    let mut index = HashMap::new();
    let mut at = 0;
    while at < corps.len() {
        let cle = u128::from_le_bytes(corps.get(at..at + 16)?.try_into().ok()?);
        let n = u32::from_le_bytes(corps.get(at + 16..at + 20)?.try_into().ok()?) as usize;
        let debut = at + 20;
        let fin = debut.checked_add(n.checked_mul(2)?)?;
        corps.get(debut..fin)?;
        index.insert(cle, debut..fin);
        at = fin;
    }
    Some(index)
}

/// The body for `tranches`: (shard key, its flags), in shard order.
pub fn corps(tranches: &[(u128, &[u16])]) -> Vec<u8> {
    let taille = tranches.iter().map(|(_, d)| 20 + 2 * d.len()).sum();
    let mut out = Vec::with_capacity(taille);
    for (cle, drapeaux) in tranches {
        out.extend_from_slice(&cle.to_le_bytes());
        out.extend_from_slice(&u32::try_from(drapeaux.len()).unwrap_or(0).to_le_bytes());
        for d in *drapeaux {
            out.extend_from_slice(&d.to_le_bytes());
        }
    }
    out
}

/// Writes `corps` as `dir/drapeaux.bin`.
pub fn garder(dir: &Path, corps: &[u8]) -> io::Result<()> {
    fichier::garder(dir, FILE, MAGIC, FORMAT, &[corps])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_by_key_and_length() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        assert!(DrapeauxGardes::lire(dir).drapeaux(1, 0).is_none());
        let a: [u16; 3] = [1, 130, 257];
        let b: [u16; 0] = [];
        garder(dir, &corps(&[(7, &a), (9, &b)])).unwrap_or_else(|e| panic!("{e}"));
        let g = DrapeauxGardes::lire(dir);
        assert_eq!(g.drapeaux(7, 3), Some(a.to_vec()));
        assert_eq!(g.drapeaux(9, 0), Some(Vec::new()));
        assert_eq!(g.drapeaux(7, 4), None, "another number of rows");
        assert_eq!(g.drapeaux(8, 3), None, "another key");
    }

    #[test]
    fn a_body_cut_short_is_not_used() {
        let body = corps(&[(7, &[1, 2])]);
        assert!(indexer(&body).is_some());
        assert!(indexer(&body[..body.len() - 1]).is_none());
        assert!(indexer(&body[..10]).is_none());
    }
}
