//! The marker file `.cantine-build`: it says a folder was written by
//! `cantine build`, and lists every file of that site with the key of its
//! inputs (when it has one). The next build reads it to know what the
//! previous site holds without walking it.

use std::collections::{BTreeMap, HashMap};

/// First line of a complete manifest (every file listed). Older marker
/// files listed keyed files only: they are read, but a site built with
/// them is replaced whole, not updated in place.
pub const HEADER: &str = "# Produit par cantine build ; remplace a chaque construction. Fichiers et cles de leurs entrees (v2).";

/// What the marker of the previous build says.
#[derive(Debug, Default)]
pub struct Manifest {
    /// Path → key of its inputs (`None`: a file without key).
    pub files: HashMap<String, Option<u128>>,
    /// Every file of the site is listed (the site can be updated in place).
    pub complete: bool,
}

/// The marker text: the header, then `key<TAB>path` (key `-` when none),
/// sorted by path.
pub fn write(written: &BTreeMap<String, Option<u128>>) -> String {
    let mut out = String::with_capacity(written.len() * 64);
    out.push_str(HEADER);
    out.push('\n');
    for (path, key) in written {
        match key {
            Some(k) => out.push_str(&format!("{k:032x}\t{path}\n")),
            None => {
                out.push_str("-\t");
                out.push_str(path);
                out.push('\n');
            }
        }
    }
    out
}

/// Reads a marker; lines it does not understand are ignored (the page
/// they describe is then rendered again).
pub fn parse(text: &str) -> Manifest {
    let complete = text.lines().next() == Some(HEADER);
    let files = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (k, p) = l.split_once('\t')?;
            if p.is_empty() {
                return None;
            }
            let key = if k == "-" {
                None
            } else {
                Some(u128::from_str_radix(k, 16).ok()?)
            };
            Some((p.to_string(), key))
        })
        .collect();
    Manifest { files, complete }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_keys_and_files_without_key() {
        let mut w = BTreeMap::new();
        w.insert("b/index.html".to_string(), Some(0xabc_u128));
        w.insert("a.css".to_string(), None);
        let m = parse(&write(&w));
        assert!(m.complete);
        assert_eq!(m.files.len(), 2);
        assert_eq!(m.files.get("b/index.html"), Some(&Some(0xabc)));
        assert_eq!(m.files.get("a.css"), Some(&None));
    }

    #[test]
    fn an_old_marker_is_read_but_not_complete() {
        let m = parse("# Produit par cantine build\n00000000000000000000000000000abc\tx.html\n");
        assert!(!m.complete);
        assert_eq!(m.files.get("x.html"), Some(&Some(0xabc)));
    }
}
