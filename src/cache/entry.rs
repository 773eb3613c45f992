//! What the cache keeps of one declaration file, and how a file on disk is
//! recognised as the one that was read.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Declaration;
use borsh::{BorshDeserialize, BorshSerialize};
use std::collections::HashSet;
use std::fs::Metadata;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The identity of a file's content as the file system tells it: size,
/// modification and change times, inode and device. Any write changes the
/// change time (which no user command can set back), and an editor that
/// replaces the file changes the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct FileStat {
    size: u64,
    mtime: (i64, u32),
    ctime: (i64, u32),
    ino: u64,
    dev: u64,
}

impl FileStat {
    /// The identity of `meta`.
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        FileStat {
            size: meta.len(),
            mtime: (meta.mtime(), nanos(meta.mtime_nsec())),
            ctime: (meta.ctime(), nanos(meta.ctime_nsec())),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// The identity of `meta` (without inode nor change time).
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> Self {
        let since = |t: std::io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
        };
        FileStat {
            size: meta.len(),
            mtime: since(meta.modified()),
            ctime: since(meta.created()),
            ino: 0,
            dev: 0,
        }
    }

    /// Whether the file was last changed long enough before `scan` (when
    /// the build began looking at files) that a change made while or after
    /// it was read would show in its times. Files changed within
    /// [`RACY`] of the scan are read again next time (git's "racily clean"
    /// entries): time stamps are coarse, and a write in the same tick as the
    /// read would otherwise go unseen.
    pub fn settled_before(&self, scan: (i64, u32)) -> bool {
        let latest = self.mtime.max(self.ctime);
        let limit = (scan.0 - RACY.as_secs() as i64, scan.1);
        latest < limit
    }
}

/// How long before the scan a file must have been last changed to be kept.
pub const RACY: Duration = Duration::from_secs(2);

fn nanos(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// Now, as (seconds, nanoseconds) since the Unix epoch.
pub fn now() -> (i64, u32) {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
}

/// One file as a previous build read and checked it.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Entry {
    /// Path relative to the repository root.
    pub path: String,
    /// The file when it was read.
    pub stat: FileStat,
    /// The key of its path and text (`output::Key`), for the pages.
    pub key: u128,
    /// The parsed declaration.
    pub declaration: Declaration,
    /// What the per-file rules said of it.
    pub diagnostics: Vec<StoredDiagnostic>,
}

/// The start of an [`Entry`]: enough to match it with a file on disk
/// without decoding the rest.
#[derive(Debug, BorshDeserialize)]
pub struct Head {
    /// Path relative to the repository root.
    pub path: String,
    /// The file when it was read.
    pub stat: FileStat,
}

/// A [`Diagnostic`] as stored (its code as text).
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct StoredDiagnostic {
    file: String,
    line: u32,
    column: u32,
    length: u32,
    error: bool,
    code: String,
    message: String,
    help: Option<String>,
    source_line: Option<String>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            length: d.length,
            error: d.severity == Severity::Error,
            code: d.code.to_string(),
            message: d.message.clone(),
            help: d.help.clone(),
            source_line: d.source_line.clone(),
        }
    }
}

impl From<StoredDiagnostic> for Diagnostic {
    fn from(d: StoredDiagnostic) -> Self {
        Diagnostic {
            file: d.file,
            line: d.line,
            column: d.column,
            length: d.length,
            severity: if d.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            code: intern(&d.code),
            message: d.message,
            help: d.help,
            source_line: d.source_line,
        }
    }
}

/// Diagnostic codes are `&'static str`; the few dozen codes read back from
/// the cache are allocated once each for the life of the program.
fn intern(code: &str) -> &'static str {
    static CODES: LazyLock<Mutex<HashSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(HashSet::new()));
    let mut codes = CODES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(c) = codes.get(code) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_near_the_scan_is_not_settled() {
        let stat = |s: i64| FileStat {
            size: 1,
            mtime: (s, 0),
            ctime: (s, 0),
            ino: 1,
            dev: 1,
        };
        assert!(stat(100).settled_before((103, 0)));
        assert!(!stat(101).settled_before((103, 0)));
        assert!(!stat(200).settled_before((103, 0)));
        // The change time counts too (a write, a chmod).
        let mut s = stat(90);
        s.ctime = (102, 0);
        assert!(!s.settled_before((103, 0)));
    }

    #[test]
    fn diagnostics_round_trip_with_their_code() {
        let d = Diagnostic::file_level(
            "declarations/07/x.yaml",
            Severity::Warning,
            "identite-incomplete",
            "m",
            Some("h".into()),
        );
        let back = Diagnostic::from(StoredDiagnostic::from(&d));
        assert_eq!(back, d);
        assert_eq!(back.code, "identite-incomplete");
    }
}
