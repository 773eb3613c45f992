//! The piece tables of the files a build patches rather than remakes (the
//! national exports, see [`crate::output::patch`]), kept in the cache
//! folder as `pieces.bin`: a header with a checksum, then the tables by
//! path (borsh). A table is used only if the previous site still holds
//! the file it describes (same key in the site's marker, same length):
//! a table from another build, another output folder or a damaged file
//! only means the files are made whole.

use super::fichier;
use crate::output::PieceTable;
use borsh::BorshDeserialize;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// File name in the cache folder.
const FILE: &str = "pieces.bin";

const MAGIC: [u8; 8] = *b"CANTINEP";

/// Bumped whenever the layout changes.
const FORMAT: u32 = 1;

/// The tables by path in the site.
pub type Tables = BTreeMap<String, PieceTable>;

/// The tables kept in `dir`; none if there are none or they are unusable.
pub fn read(dir: &Path) -> Tables {
    fichier::lire(dir, FILE, MAGIC, FORMAT)
        .and_then(|body| Tables::try_from_slice(&body).ok())
        .unwrap_or_default()
}

/// Keeps `tables` in `dir` (a temporary file renamed over the old one).
pub fn save(dir: &Path, tables: &Tables) -> io::Result<()> {
    fichier::garder(dir, FILE, MAGIC, FORMAT, &[&borsh::to_vec(tables)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn tables_round_trip_and_damage_means_none() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut tables = Tables::new();
        tables.insert(
            "donnees/cantines.csv".into(),
            PieceTable {
                key: 42,
                pieces: vec![(1, 10), (2, 20)],
            },
        );
        assert!(read(tmp.path()).is_empty(), "no file yet");
        save(tmp.path(), &tables).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read(tmp.path()), tables);
        let path = tmp.path().join(FILE);
        let mut bytes = fs::read(&path).unwrap_or_default();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(read(tmp.path()).is_empty(), "damaged");
        fs::write(&path, &bytes[..10]).unwrap_or_else(|e| panic!("{e}"));
        assert!(read(tmp.path()).is_empty(), "truncated");
    }
}
