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

/// The body of `dir/name` if its header says `magic` and `format` and
/// its checksum holds.
pub fn lire(dir: &Path, name: &str, magic: [u8; 8], format: u32) -> Option<Vec<u8>> {
    let mut bytes = fs::read(dir.join(name)).ok()?;
    let header = Header::try_from_slice(bytes.get(..HEADER)?).ok()?;
    let body = bytes.get(HEADER..)?;
    if header.magic != magic
        || header.format != format
        || xxhash_rust::xxh3::xxh3_128(body) != header.checksum
    {
        return None;
    }
    bytes.drain(..HEADER);
    Some(bytes)
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
        assert_eq!(lire(dir, "t.bin", magic, 1), None, "no file yet");
        garder(dir, "t.bin", magic, 1, &[b"cor", b"ps"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lire(dir, "t.bin", magic, 1).as_deref(), Some(&b"corps"[..]));
        assert_eq!(lire(dir, "t.bin", magic, 2), None, "another format");
        assert_eq!(lire(dir, "t.bin", *b"CANTINEX", 1), None, "another kind");
        let path = dir.join("t.bin");
        let mut bytes = fs::read(&path).unwrap_or_default();
        assert_eq!(bytes.len(), HEADER + 5);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lire(dir, "t.bin", magic, 1), None, "damaged");
        fs::write(&path, &bytes[..10]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lire(dir, "t.bin", magic, 1), None, "truncated");
    }
}
