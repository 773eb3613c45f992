//! Which files of the previous site are still there: a rebuild keeps a
//! file only if it is (a file deleted by hand is made again).
//!
//! The marker lists 210 000 files at national scale. The lines of one
//! folder follow each other (the marker is sorted by path), so the folders
//! are found without a map: a run of at least [`READ_FOLDER_FROM`] lines
//! in one folder (`api/cantines/`: 100 000 files) reads the folder once;
//! a shorter run (`cantines/<siret>/index.html`: one file each) asks for
//! each file, relative to the site's folder (fewer path lookups than from
//! the root: 0.75× the time of a whole path here). The runs are shared
//! among threads by their expected cost, each thread filling its own
//! part of the answer.

use super::manifest::Manifest;
use rustix::fs::{AtFlags, FileType, Mode, OFlags, openat, statat};
use std::fs;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// A folder listed with at least this many files is read, not asked for
/// each of them.
const READ_FOLDER_FROM: usize = 3;

/// For each line of `manifest`, whether `dest` holds it as a regular file
/// (not following links).
pub(super) fn files(dest: &Path, manifest: &Manifest) -> Vec<bool> {
    let runs = runs(manifest);
    let mut present = vec![false; manifest.len()];
    // `None`: the folder cannot be opened; each file is then asked for by
    // its whole path (and is most likely missing too).
    let dest_fd = openat(
        rustix::fs::CWD,
        dest,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let parts = share(&runs, threads);
    let (dest_fd, manifest) = (&dest_fd, manifest);
    std::thread::scope(|s| {
        let mut rest: &mut [bool] = &mut present;
        let mut done = 0;
        for part in parts {
            let Some(last) = part.last() else { continue };
            let (mine, after) = rest.split_at_mut(last.end - done);
            rest = after;
            let first = done;
            done = last.end;
            s.spawn(move || {
                for run in part {
                    let slots = &mut mine[run.start - first..run.end - first];
                    check(dest, dest_fd.as_ref(), manifest, &run, slots);
                }
            });
        }
    });
    present
}

/// Lines `start..end` of the marker, all in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    start: usize,
    end: usize,
}

impl Run {
    fn len(&self) -> usize {
        self.end - self.start
    }

    /// What checking it costs, in tenths of a `stat`: a folder read costs
    /// about a third of a `stat` per file.
    fn cost(&self) -> usize {
        if self.len() >= READ_FOLDER_FROM {
            self.len() * 3 + 10
        } else {
            self.len() * 10
        }
    }
}

/// The folder of a path (`""` at the top).
fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The marker's lines, in runs of one folder each. A folder whose lines
/// are not all together (a marker not written by this program) gives
/// several runs: slower, not wrong.
fn runs(manifest: &Manifest) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < manifest.len() {
        let dir = folder(manifest.path(start));
        let mut end = start + 1;
        while end < manifest.len() && folder(manifest.path(end)) == dir {
            end += 1;
        }
        runs.push(Run { start, end });
        start = end;
    }
    runs
}

/// `runs` cut into at most `parts` consecutive parts of about the same
/// cost.
fn share(runs: &[Run], parts: usize) -> Vec<Vec<Run>> {
    let total: usize = runs.iter().map(Run::cost).sum();
    let per_part = total.div_ceil(parts.max(1)).max(1);
    let mut out = vec![Vec::new()];
    let mut cost = 0;
    for run in runs {
        if cost >= per_part
            && let Some(last) = out.last()
            && !last.is_empty()
        {
            out.push(Vec::new());
            cost = 0;
        }
        cost += run.cost();
        if let Some(last) = out.last_mut() {
            last.push(run.clone());
        }
    }
    out
}

/// Fills `slots` (one per line of `run`) with whether each file is there.
fn check(
    dest: &Path,
    dest_fd: Option<&OwnedFd>,
    manifest: &Manifest,
    run: &Run,
    slots: &mut [bool],
) {
    let lines = run.start..run.end;
    if run.len() >= READ_FOLDER_FROM {
        let names = Names::of(&dest.join(folder(manifest.path(run.start))));
        for (slot, i) in slots.iter_mut().zip(lines) {
            let path = manifest.path(i);
            let name = path.rsplit_once('/').map_or(path, |(_, n)| n);
            *slot = names.contains(name.as_bytes());
        }
        return;
    }
    for (slot, i) in slots.iter_mut().zip(lines) {
        let path = manifest.path(i);
        *slot = match dest_fd {
            // Only asked, never opened: a line the new site does not make
            // (an absolute or `..` path in a damaged marker) is not used.
            Some(fd) if !path.starts_with('/') => statat(fd, path, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile),
            _ => fs::symlink_metadata(dest.join(path)).is_ok_and(|m| m.is_file()),
        };
    }
}

/// The names of the regular files of a folder, in one buffer (no string
/// per name), sorted by their hash for lookups.
struct Names {
    bytes: Vec<u8>,
    /// (hash of the name, start, end in `bytes`), sorted.
    index: Vec<(u64, usize, usize)>,
}

impl Names {
    /// The files of folder `dir` (none if it cannot be read).
    fn of(dir: &Path) -> Names {
        let mut names = Names {
            bytes: Vec::new(),
            index: Vec::new(),
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return names;
        };
        for e in entries.filter_map(Result::ok) {
            if !e.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let name = e.file_name();
            let name = name.as_bytes();
            let start = names.bytes.len();
            names.bytes.extend_from_slice(name);
            let hash = xxhash_rust::xxh3::xxh3_64(name);
            names.index.push((hash, start, names.bytes.len()));
        }
        names.index.sort_unstable();
        names
    }

    fn contains(&self, name: &[u8]) -> bool {
        let hash = xxhash_rust::xxh3::xxh3_64(name);
        let from = self.index.partition_point(|e| e.0 < hash);
        self.index
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|e| e.0 == hash)
            .any(|&(_, a, b)| self.bytes.get(a..b) == Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(paths: &[&str]) -> Manifest {
        let files: Vec<(&str, super::super::manifest::Sig)> = paths
            .iter()
            .map(|p| (*p, super::super::manifest::Sig::Inputs(1)))
            .collect();
        let n = files.len();
        Manifest::parse(
            String::from_utf8(super::super::manifest::write(files, n)).unwrap_or_default(),
        )
    }

    #[test]
    fn runs_follow_folders() {
        let m = marker(&["a/1", "a/2", "a/3", "a/b/1", "c", "d"]);
        let r: Vec<(usize, usize)> = runs(&m).iter().map(|r| (r.start, r.end)).collect();
        assert_eq!(r, vec![(0, 3), (3, 4), (4, 6)]);
    }

    #[test]
    fn shares_cover_every_run_once_in_order() {
        let runs: Vec<Run> = (0..10)
            .map(|i| Run {
                start: i * 2,
                end: i * 2 + 2,
            })
            .collect();
        for parts in 1..5 {
            let shared = share(&runs, parts);
            assert!(shared.len() <= parts, "{parts}: {}", shared.len());
            assert_eq!(shared.concat(), runs);
        }
        assert_eq!(share(&[], 2).concat(), Vec::<Run>::new());
    }

    #[test]
    fn finds_files_read_or_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("api/c")).unwrap();
        fs::create_dir_all(d.join("p/1")).unwrap();
        fs::create_dir_all(d.join("p/2")).unwrap();
        for f in [
            "api/c/1.json",
            "api/c/2.json",
            "api/c/4.json",
            "p/1/index.html",
            "top.html",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        // A folder where a file was: not a file.
        fs::create_dir_all(d.join("api/c/3.json")).unwrap();
        std::os::unix::fs::symlink(d.join("top.html"), d.join("p/2/index.html")).unwrap();
        let m = marker(&[
            "api/c/1.json",
            "api/c/2.json",
            "api/c/3.json",
            "api/c/4.json",
            "api/c/5.json",
            "p/1/index.html",
            "p/2/index.html",
            "p/3/index.html",
            "top.html",
        ]);
        let present = files(d, &m);
        let got: Vec<(&str, bool)> = (0..m.len()).map(|i| (m.path(i), present[i])).collect();
        assert_eq!(
            got,
            vec![
                ("api/c/1.json", true),
                ("api/c/2.json", true),
                ("api/c/3.json", false),
                ("api/c/4.json", true),
                ("api/c/5.json", false),
                ("p/1/index.html", true),
                ("p/2/index.html", false),
                ("p/3/index.html", false),
                ("top.html", true),
            ]
        );
        // Without its folder, nothing is there.
        assert!(files(&d.join("absent"), &m).iter().all(|p| !p));
    }
}
