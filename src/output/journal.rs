//! Updating a site in place, safely. A rebuild after a small change writes
//! only the files whose bytes changed, into the staging folder; the commit
//! then moves them over the published site one by one (`rename`, atomic
//! per file) and deletes the files the new site no longer has.
//!
//! Before touching the site, the commit writes a journal listing those
//! moves and deletions. If the process stops halfway (crash, power cut,
//! Ctrl-C), the next build finds the journal and finishes the same moves
//! and deletions before doing anything else, so the site ends up exactly
//! as the interrupted build made it. If the journal cannot be replayed,
//! the next build replaces the whole site instead.

use super::safe_relative;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Name of the journal file, in the site folder while a commit runs.
pub const JOURNAL: &str = ".cantine-journal";

const HEADER: &str = "# cantine build : journal de mise a jour en place (v1)";

/// The moves and deletions of one commit.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Name of the staging folder (a sibling of the site folder).
    pub staging: String,
    /// Files of the old site to delete, `/`-separated.
    pub removals: Vec<String>,
    /// Files to move from the staging folder into the site, in order.
    pub moves: Vec<String>,
}

fn to_text(c: &Changes) -> String {
    let mut out = format!("{HEADER}\nstaging\t{}\n", c.staging);
    for r in &c.removals {
        out.push_str("D\t");
        out.push_str(r);
        out.push('\n');
    }
    for m in &c.moves {
        out.push_str("M\t");
        out.push_str(m);
        out.push('\n');
    }
    out
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("journal illisible : {what}"),
    )
}

fn from_text(text: &str) -> io::Result<Changes> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(invalid("en-tête"));
    }
    let staging = lines
        .next()
        .and_then(|l| l.strip_prefix("staging\t"))
        .filter(|s| !s.is_empty() && !s.contains(['/', '\\']) && *s != "." && *s != "..")
        .ok_or_else(|| invalid("dossier de préparation"))?
        .to_string();
    let mut c = Changes {
        staging,
        ..Changes::default()
    };
    for line in lines {
        let (kind, rel) = line.split_once('\t').ok_or_else(|| invalid(line))?;
        safe_relative(rel).map_err(|_| invalid(rel))?;
        match kind {
            "D" => c.removals.push(rel.to_string()),
            "M" => c.moves.push(rel.to_string()),
            _ => return Err(invalid(line)),
        }
    }
    Ok(c)
}

/// Writes the journal into `dest` (atomically: a temporary file renamed).
pub fn write(dest: &Path, changes: &Changes) -> io::Result<()> {
    let tmp = dest.join(format!("{JOURNAL}.tmp"));
    fs::write(&tmp, to_text(changes))?;
    fs::rename(&tmp, dest.join(JOURNAL))
}

/// Carries out the journal's deletions then moves. Each step can run again
/// after an interruption: a file already deleted or already moved is
/// skipped.
pub fn apply(dest: &Path, changes: &Changes) -> io::Result<()> {
    let staging = staging_dir(dest, &changes.staging);
    for rel in &changes.removals {
        let path = dest.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => prune_empty_parents(dest, &path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    for rel in &changes.moves {
        let from = staging.join(rel);
        let to = dest.join(rel);
        // One system call for a file whose folder exists (almost all).
        match fs::rename(&from, &to) {
            Ok(()) => {}
            // Already moved by an interrupted run of this journal.
            Err(_) if !from.exists() => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::rename(&from, &to)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Removes the journal and what is left of the staging folder.
pub fn finish(dest: &Path, changes: &Changes) -> io::Result<()> {
    fs::remove_file(dest.join(JOURNAL))?;
    let staging = staging_dir(dest, &changes.staging);
    match fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Finishes the commit an interrupted build left in `dest`, if any.
/// Returns whether there was one.
pub fn replay(dest: &Path) -> io::Result<bool> {
    let text = match fs::read_to_string(dest.join(JOURNAL)) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let changes = from_text(&text)?;
    apply(dest, &changes)?;
    finish(dest, &changes)?;
    Ok(true)
}

fn staging_dir(dest: &Path, name: &str) -> PathBuf {
    dest.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(name)
}

/// Removes the folders a deletion left empty, up to (not including) `dest`.
fn prune_empty_parents(dest: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == dest || !d.starts_with(dest) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_round_trips_and_refuses_escaping_paths() {
        let c = Changes {
            staging: ".public.staging-12".into(),
            removals: vec!["cantines/1/index.html".into()],
            moves: vec!["index.html".into(), ".cantine-build".into()],
        };
        assert_eq!(from_text(&to_text(&c)).ok(), Some(c));
        let bad = format!("{HEADER}\nstaging\t.s\nM\t../../etc/passwd\n");
        assert!(from_text(&bad).is_err());
        let bad = format!("{HEADER}\nstaging\t../x\n");
        assert!(from_text(&bad).is_err());
    }
}
