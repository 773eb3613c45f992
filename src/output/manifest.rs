//! The marker file `.cantine-build`: it says a folder was written by
//! `cantine build`, and lists every file of that site with what it was
//! made from: the key of its inputs, or for a file without one (exports,
//! search index, sitemaps) a hash of its bytes. The next build reads it to
//! know what the previous site holds without walking it, and to recognise
//! an unchanged file without reading it.
//!
//! The marker of a site of 100 000 canteens lists 210 000 files (14 MB):
//! it is parsed without one allocation per line (paths stay in the text,
//! found through a table of path hashes) and written without `format!`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// First line of a complete manifest (every file listed, each with its
/// key or content hash). Older markers (v2: files without key marked `-`;
/// v1: keyed files only) are read, but a site built with them is replaced
/// whole, not updated in place.
pub const HEADER: &str = "# Produit par cantine build ; remplace a chaque construction. Fichiers et cles de leurs entrees ou de leur contenu (v3).";

/// What a file of the site was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sig {
    /// The key of its inputs ([`super::Key`]): the page is the same while
    /// the key is.
    Inputs(u128),
    /// The XXH3-128 of its bytes, for files made without an input key.
    Bytes(u128),
    /// Nothing known (a `-` line of an older marker).
    Unknown,
}

impl Sig {
    /// The content key of `bytes`.
    pub fn of_bytes(bytes: &[u8]) -> Sig {
        Sig::Bytes(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// [`Sig::of_bytes`] of the parts put end to end (the same hash).
    pub fn of_parts(parts: &[&[u8]]) -> Sig {
        match parts {
            [one] => Sig::of_bytes(one),
            _ => {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for p in parts {
                    h.update(p);
                }
                Sig::Bytes(h.digest128())
            }
        }
    }
}

/// One line of a marker: where its path sits in the text, and its key
/// (32 bytes: looked up 210 000 times a build, in no particular order).
#[derive(Debug, Clone, Copy)]
struct Line {
    key: [u64; 2],
    start: u32,
    len: u32,
    kind: u8,
}

impl Line {
    fn new(start: usize, len: usize, sig: Sig) -> Option<Line> {
        let (kind, v) = match sig {
            Sig::Inputs(k) => (1, k),
            Sig::Bytes(h) => (2, h),
            Sig::Unknown => (0, 0),
        };
        Some(Line {
            key: [(v >> 64) as u64, v as u64],
            start: u32::try_from(start).ok()?,
            len: u32::try_from(len).ok()?,
            kind,
        })
    }

    fn sig(&self) -> Sig {
        let v = (u128::from(self.key[0]) << 64) | u128::from(self.key[1]);
        match self.kind {
            1 => Sig::Inputs(v),
            2 => Sig::Bytes(v),
            _ => Sig::Unknown,
        }
    }

    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// A hasher for keys that are already hashes (`u64`).
#[derive(Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn path_hash(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

/// What the marker of the previous build says.
#[derive(Debug, Default)]
pub struct Manifest {
    text: String,
    lines: Vec<Line>,
    /// Path hash → line. Two paths with the same 64-bit hash keep the
    /// first: the other is then unknown, so it is written again and its
    /// old copy deleted first (correct, only slower).
    index: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    /// Every file of the site is listed (the site can be updated in place).
    pub complete: bool,
    /// The lines are sorted by path, as this program writes them.
    sorted: bool,
}

impl Manifest {
    /// Reads a marker; lines it does not understand are ignored (the file
    /// they describe is then made again).
    pub fn parse(text: String) -> Manifest {
        let mut first = text.split('\n');
        let complete = first.next().map(|l| l.strip_suffix('\r').unwrap_or(l)) == Some(HEADER);
        let mut lines = Vec::with_capacity(text.len() / 64);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let line = line.strip_suffix('\n').unwrap_or(line);
            if line.starts_with('#') {
                continue;
            }
            let Some((k, p)) = line.split_once('\t') else {
                continue;
            };
            if p.is_empty() {
                continue;
            }
            let sig = match k.strip_prefix('=') {
                _ if k == "-" => Sig::Unknown,
                Some(h) => match parse_hex(h) {
                    Some(h) => Sig::Bytes(h),
                    None => continue,
                },
                None => match parse_hex(k) {
                    Some(k) => Sig::Inputs(k),
                    None => continue,
                },
            };
            // Beyond 4 GiB the offsets do not fit: such a marker is not
            // used (the site is then replaced whole).
            let Some(l) = Line::new(start + k.len() + 1, p.len(), sig) else {
                return Manifest::default();
            };
            lines.push(l);
        }
        if u32::try_from(lines.len()).is_err() {
            return Manifest::default();
        }
        let mut index = HashMap::with_capacity_and_hasher(lines.len(), Default::default());
        let mut sorted = true;
        let mut last = "";
        for (i, l) in lines.iter().enumerate() {
            let p = text.get(l.range()).unwrap_or("");
            sorted &= last < p;
            last = p;
            index.entry(path_hash(p)).or_insert(i as u32);
        }
        Manifest {
            text,
            lines,
            index,
            complete,
            sorted,
        }
    }

    /// How many files the marker lists.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the marker lists no file.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line of `path`, if listed.
    pub fn find(&self, path: &str) -> Option<usize> {
        if self.lines.is_empty() {
            return None;
        }
        let i = *self.index.get(&path_hash(path))? as usize;
        (self.path(i) == path).then_some(i)
    }

    /// The path of line `i`.
    pub fn path(&self, i: usize) -> &str {
        self.lines
            .get(i)
            .and_then(|l| self.text.get(l.range()))
            .unwrap_or("")
    }

    /// The key of line `i`.
    pub fn sig(&self, i: usize) -> Sig {
        self.lines.get(i).map_or(Sig::Unknown, Line::sig)
    }

    /// The lines whose paths start with `prefix`: one run of a sorted
    /// marker, found by bisection (none in a marker not in path order).
    pub fn lines_starting_with(&self, prefix: &str) -> std::ops::Range<usize> {
        if !self.sorted {
            return 0..0;
        }
        let path = |l: &Line| self.text.get(l.range()).unwrap_or("");
        let first = self.lines.partition_point(|l| path(l) < prefix);
        let len = self.lines.get(first..).map_or(0, |rest| {
            rest.partition_point(|l| path(l).starts_with(prefix))
        });
        first..first + len
    }

    /// The lines are in path order (so a new marker can be merged from
    /// them without sorting).
    pub fn is_sorted(&self) -> bool {
        self.sorted
    }
}

fn parse_hex(s: &str) -> Option<u128> {
    if s.is_empty() || s.len() > 32 {
        return None;
    }
    // Two halves in u64 and one check at the end: the marker's 210 000
    // keys are parsed before the presence check can start.
    let (mut hi, mut lo, mut bad) = (0u64, 0u64, 0u8);
    for b in s.bytes() {
        let d = HEX[usize::from(b)];
        bad |= d;
        hi = (hi << 4) | (lo >> 60);
        lo = (lo << 4) | u64::from(d & 0xf);
    }
    (bad & 0xf0 == 0).then(|| (u128::from(hi) << 64) | u128::from(lo))
}

/// The value of each byte as a hexadecimal digit, `0xff` if it is not one.
const HEX: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Appends `v` as 32 lowercase hexadecimal digits.
fn push_hex(out: &mut Vec<u8>, v: u128) {
    let mut buf = [0u8; 32];
    for (pair, b) in buf.chunks_exact_mut(2).zip(v.to_be_bytes()) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
    out.extend_from_slice(&buf);
}

/// The two lowercase hexadecimal digits of each byte: a marker line's key
/// in 16 look-ups (210 000 lines at national scale).
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [DIGITS[i >> 4], DIGITS[i & 0xf]];
        i += 1;
    }
    t
};

/// The header line of a marker.
pub fn header() -> &'static str {
    HEADER
}

/// The marker text: the header, then `key<TAB>path` per file, in the
/// order given (sorted by path). The key is 32 hex digits for an input
/// key, `=` and 32 hex digits for a content hash, `-` when unknown.
pub fn write<'a>(files: impl IntoIterator<Item = (&'a str, Sig)>, count: usize) -> Vec<u8> {
    // A line is 34 bytes and its path (about 33 at national scale): room
    // for paths of 62 bytes, so that a 14 MB marker is never regrown and
    // copied (pages reserved and not written are not touched).
    let mut out = Vec::with_capacity(HEADER.len() + 1 + count * 96);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(b'\n');
    push_lines(&mut out, files);
    out
}

/// Appends the lines of `files` (no header), as [`write`] does.
pub fn push_lines<'a>(out: &mut Vec<u8>, files: impl IntoIterator<Item = (&'a str, Sig)>) {
    for (path, sig) in files {
        match sig {
            Sig::Inputs(k) => push_hex(out, k),
            Sig::Bytes(h) => {
                out.push(b'=');
                push_hex(out, h);
            }
            Sig::Unknown => out.push(b'-'),
        }
        out.push(b'\t');
        out.extend_from_slice(path.as_bytes());
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_are_read_back_and_anything_else_refused() {
        for v in [
            0,
            1,
            0xf0,
            u128::MAX,
            u128::MAX >> 4,
            0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
        ] {
            let mut t = Vec::new();
            push_hex(&mut t, v);
            let t = String::from_utf8(t).unwrap();
            assert_eq!(parse_hex(&t), Some(v), "{t}");
            assert_eq!(parse_hex(&t.to_uppercase()), Some(v), "{t}");
        }
        assert_eq!(parse_hex("a"), Some(10));
        assert_eq!(parse_hex("1F"), Some(31));
        for bad in ["", "g", "12 4", "é1", "-1", "0x12", &"0".repeat(33)] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips_keys_and_content_hashes() {
        let files = [
            ("a.css", Sig::of_bytes(b"body{}")),
            ("b/index.html", Sig::Inputs(0xabc)),
            ("c.txt", Sig::Unknown),
        ];
        let text = write(files, files.len());
        let text = String::from_utf8(text).unwrap_or_default();
        assert!(text.contains("00000000000000000000000000000abc\tb/index.html\n"));
        let m = Manifest::parse(text);
        assert!(m.complete);
        assert!(m.is_sorted());
        assert_eq!(m.len(), 3);
        let sig = |p: &str| m.find(p).map(|i| m.sig(i));
        assert_eq!(sig("b/index.html"), Some(Sig::Inputs(0xabc)));
        assert_eq!(sig("a.css"), Some(Sig::of_bytes(b"body{}")));
        assert_ne!(sig("a.css"), Some(Sig::of_bytes(b"body{ }")));
        assert_eq!(sig("c.txt"), Some(Sig::Unknown));
        assert_eq!(sig("d.txt"), None);
        assert_eq!(
            m.find("b/index.html").map(|i| m.path(i)),
            Some("b/index.html")
        );
    }

    #[test]
    fn an_older_marker_is_read_but_not_complete() {
        let m = Manifest::parse(
            "# Produit par cantine build\n00000000000000000000000000000abc\tx.html\n".into(),
        );
        assert!(!m.complete);
        assert_eq!(m.find("x.html").map(|i| m.sig(i)), Some(Sig::Inputs(0xabc)));
        // v2: every file listed, `-` for files without key.
        let v2 = "# Produit par cantine build ; remplace a chaque construction. Fichiers et cles de leurs entrees (v2).\n\
                  -\ta.css\n00000000000000000000000000000abc\tx.html\n";
        let m = Manifest::parse(v2.into());
        assert!(!m.complete);
        assert_eq!(m.find("a.css").map(|i| m.sig(i)), Some(Sig::Unknown));
        assert_eq!(m.find("x.html").map(|i| m.sig(i)), Some(Sig::Inputs(0xabc)));
    }

    #[test]
    fn lines_it_does_not_understand_are_ignored() {
        let text = format!("{HEADER}\nzz\tbad.html\n=xyz\tbad2.html\nno-tab\n1\t\n1\tok.html\n");
        let m = Manifest::parse(text);
        assert_eq!(m.len(), 1);
        assert_eq!(m.find("ok.html").map(|i| m.sig(i)), Some(Sig::Inputs(1)));
        assert_eq!(m.find("bad.html"), None);
    }

    #[test]
    fn an_unsorted_marker_is_noticed() {
        let m = Manifest::parse(format!("{HEADER}\n1\tb.html\n2\ta.html\n"));
        assert!(!m.is_sorted());
        assert_eq!(
            m.lines_starting_with("b"),
            0..0,
            "no run in an unsorted marker"
        );
    }

    #[test]
    fn the_lines_under_a_prefix_are_one_run() {
        let files = [
            "a/1.json",
            "a/2.json",
            "a/index.html",
            "ab/1.json",
            "b.html",
        ];
        let text = write(files.map(|f| (f, Sig::Inputs(1))), files.len());
        let m = Manifest::parse(String::from_utf8(text).unwrap_or_default());
        assert_eq!(m.lines_starting_with("a/"), 0..3);
        assert_eq!(m.lines_starting_with("a"), 0..4);
        assert_eq!(m.lines_starting_with("ab/"), 3..4);
        assert_eq!(m.lines_starting_with(""), 0..5);
        assert_eq!(
            m.lines_starting_with("aa/"),
            3..3,
            "none, where it would be"
        );
        assert_eq!(m.lines_starting_with("c/"), 5..5);
        assert_eq!(m.path(m.lines_starting_with("ab/").start), "ab/1.json");
    }
}
