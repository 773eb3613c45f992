//! A small file of the cache folder that a build keeps for the next one
//! (`pieces.bin`, `agregats.bin`): a header naming its kind and layout,
//! with an XXH3-128 checksum of the body that follows. A missing, foreign,
//! outdated or damaged file reads as `None`: the next build then does the
//! work again, it never uses bytes it did not write.

use borsh::{BorshDeserialize, BorshSerialize};
use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

#[derive(BorshSerialize, BorshDeserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    /// XXH3-128 of every byte after the header.
    checksum: u128,
}

/// Size of the header as written (borsh: no padding).
const HEADER: usize = 8 + 4 + 16;

/// The body of a kept file, mapped rather than read: after a build the
/// file is in the page cache, and a copy would cost fresh memory (15 MB
/// for `agregats.bin` at national scale, about 2 ms per MB on the CI's
/// VMs: benches/README.md §3.0).
#[derive(Debug, Default)]
pub enum Corps {
    /// No body.
    #[default]
    Vide,
    /// The whole file, mapped; the body is what follows the header.
    Carte(memmap2::Mmap),
    /// A body made in memory (tests).
    #[cfg(test)]
    Octets(Vec<u8>),
}

impl std::ops::Deref for Corps {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Corps::Vide => &[],
            Corps::Carte(m) => m.get(HEADER..).unwrap_or_default(),
            #[cfg(test)]
            Corps::Octets(v) => v,
        }
    }
}

/// The body of `dir/name` if its header says `magic` and `format` and
/// its checksum holds.
pub fn lire(dir: &Path, name: &str, magic: [u8; 8], format: u32) -> Option<Corps> {
    let file = fs::File::open(dir.join(name)).ok()?;
    // SAFETY: the mapping is read-only, and no writer changes a kept file
    // in place: `garder` writes a new file and renames it over the old
    // one, whose inode (and mapping) stays as it was. Someone truncating
    // the file by hand while a build runs could still make a read fault;
    // the checksum catches any other change made before it is mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let header = Header::try_from_slice(map.get(..HEADER)?).ok()?;
    let body = map.get(HEADER..)?;
    if header.magic != magic
        || header.format != format
        || xxhash_rust::xxh3::xxh3_128(body) != header.checksum
    {
        return None;
    }
    Some(Corps::Carte(map))
}

/// Writes a body made of `parts` put end to end as `dir/name` (a
/// temporary file renamed over the old one).
pub fn garder(
    dir: &Path,
    name: &str,
    magic: [u8; 8],
    format: u32,
    parts: &[&[u8]],
) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    for p in parts {
        h.update(p);
    }
    let header = Header {
        magic,
        format,
        checksum: h.digest128(),
    };
    let tmp = dir.join(format!("{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(&borsh::to_vec(&header)?)?;
        for p in parts {
            file.write_all(p)?;
        }
        Ok(())
    })()
    .and_then(|()| fs::rename(&tmp, dir.join(name)));
    written.inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_round_trips_and_anything_else_reads_as_none() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        let magic = *b"CANTINET";
        assert!(lire(dir, "t.bin", magic, 1).is_none(), "no file yet");
        garder(dir, "t.bin", magic, 1, &[b"cor", b"ps"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lire(dir, "t.bin", magic, 1).as_deref(), Some(&b"corps"[..]));
        assert!(lire(dir, "t.bin", magic, 2).is_none(), "another format");
        assert!(
            lire(dir, "t.bin", *b"CANTINEX", 1).is_none(),
            "another kind"
        );
        let path = dir.join("t.bin");
        let mut bytes = fs::read(&path).unwrap_or_default();
        assert_eq!(bytes.len(), HEADER + 5);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(lire(dir, "t.bin", magic, 1).is_none(), "damaged");
        fs::write(&path, &bytes[..10]).unwrap_or_else(|e| panic!("{e}"));
        assert!(lire(dir, "t.bin", magic, 1).is_none(), "truncated");
    }
}
