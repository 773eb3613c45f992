//! What the walk saw of a declaration file: the identity of its content
//! as the file system tells it, kept by the build cache to recognise a
//! file it already read.

use borsh::{BorshDeserialize, BorshSerialize};
use std::fs::Metadata;
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
}
