//! Which files of the previous site are still there: a rebuild keeps a
//! file only if it is (a file deleted by hand is made again).
//!
//! The marker lists 210 000 files at national scale. The lines of one
//! folder follow each other (the marker is sorted by path), so the folders
//! are found without a map: a run of at least [`READ_FOLDER_FROM`] lines
//! in one folder (`api/cantines/`: 100 000 files) reads the folder once;
//! a shorter run (`cantines/<siret>/index.html`: one file each) asks for
//! each file, relative to the folder two levels up, kept open
//! (`<siret>/index.html` from `cantines/`: each path component looked up
//! costs the kernel about the same). The runs are shared
//! among threads by their expected cost, each thread filling its own
//! part of the answer.

use super::manifest::Manifest;
use rustix::fs::{AtFlags, FileType, Mode, OFlags, openat, statat};
use std::collections::HashSet;
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
                let mut near = Near::default();
                for run in part {
                    let slots = &mut mine[run.start - first..run.end - first];
                    check(dest, dest_fd.as_ref(), manifest, &run, slots, &mut near);
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
/// `near` keeps the folder opened last for single files (see [`Near`]).
fn check(
    dest: &Path,
    dest_fd: Option<&OwnedFd>,
    manifest: &Manifest,
    run: &Run,
    slots: &mut [bool],
    near: &mut Near,
) {
    let lines = run.start..run.end;
    if run.len() >= READ_FOLDER_FROM {
        let names = Names::of(&dest.join(folder(manifest.path(run.start))));
        let set = names.set();
        for (slot, i) in slots.iter_mut().zip(lines) {
            let path = manifest.path(i);
            let name = path.rsplit_once('/').map_or(path, |(_, n)| n);
            *slot = set.contains(name.as_bytes());
        }
        return;
    }
    for (slot, i) in slots.iter_mut().zip(lines) {
        let path = manifest.path(i);
        *slot = match dest_fd {
            // Only asked, never opened: a line the new site does not make
            // (an absolute or `..` path in a damaged marker) is not used.
            Some(fd) if !path.starts_with('/') => {
                let (fd, rest) = near.split(fd, path);
                statat(fd, rest, AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile)
            }
            _ => fs::symlink_metadata(dest.join(path)).is_ok_and(|m| m.is_file()),
        };
    }
}

/// The folder two levels above the files asked for one by one, kept open:
/// `cantines/<siret>/index.html` is asked as `<siret>/index.html` from
/// `cantines/`, one path lookup fewer per file than from the site's folder
/// (a third of the kernel's work for the 100 000 canteen pages).
#[derive(Default)]
struct Near {
    /// The folder's path in the site, and the folder if it could be opened.
    open: Option<(String, Option<OwnedFd>)>,
}

impl Near {
    /// The folder to ask `path` from, and `path` relative to it: its
    /// grandparent when it can be opened, else `dest_fd` and `path`.
    fn split<'p, 'f>(&'f mut self, dest_fd: &'f OwnedFd, path: &'p str) -> (&'f OwnedFd, &'p str) {
        let Some((dir, rest)) = path
            .rsplit_once('/')
            .and_then(|(parent, _)| parent.rsplit_once('/'))
            .and_then(|(dir, _)| Some((dir, path.get(dir.len() + 1..)?)))
        else {
            return (dest_fd, path);
        };
        if self.open.as_ref().is_none_or(|(d, _)| d != dir) {
            let fd = openat(
                dest_fd,
                dir,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .ok();
            self.open = Some((dir.to_string(), fd));
        }
        match &self.open {
            Some((_, Some(fd))) => (fd, rest),
            _ => (dest_fd, path),
        }
    }
}

/// The names of the regular files of a folder, in one buffer (no string
/// per name).
struct Names {
    bytes: Vec<u8>,
    /// (start, end) of each name in `bytes`.
    spans: Vec<(usize, usize)>,
}

impl Names {
    /// The files of folder `dir` (none if it cannot be read).
    fn of(dir: &Path) -> Names {
        let mut names = Names {
            bytes: Vec::new(),
            spans: Vec::new(),
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return names;
        };
        for e in entries.filter_map(Result::ok) {
            if !e.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let start = names.bytes.len();
            names.bytes.extend_from_slice(e.file_name().as_bytes());
            names.spans.push((start, names.bytes.len()));
        }
        names
    }

    /// The names as a set: one probe per lookup, where a binary search
    /// of `api/cantines/`'s 100 000 names missed the cache 17 times.
    fn set(&self) -> HashSet<&[u8], foldhash::fast::RandomState> {
        self.spans
            .iter()
            .filter_map(|&(a, b)| self.bytes.get(a..b))
            .collect()
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
        fs::create_dir_all(d.join("d")).unwrap();
        fs::create_dir_all(d.join("x/y/z")).unwrap();
        fs::create_dir_all(d.join("x/y/w")).unwrap();
        for f in [
            "api/c/1.json",
            "api/c/2.json",
            "api/c/4.json",
            "p/1/index.html",
            "top.html",
            "d/one.html",
            "x/y/z/f.html",
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
            "d/one.html",
            "p/1/index.html",
            "p/2/index.html",
            "p/3/index.html",
            "q/r/index.html",
            "top.html",
            "x/y/w/f.html",
            "x/y/z/f.html",
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
                ("d/one.html", true),
                ("p/1/index.html", true),
                ("p/2/index.html", false),
                ("p/3/index.html", false),
                ("q/r/index.html", false),
                ("top.html", true),
                ("x/y/w/f.html", false),
                ("x/y/z/f.html", true),
            ]
        );
        // Without its folder, nothing is there.
        assert!(files(&d.join("absent"), &m).iter().all(|p| !p));
    }
}
