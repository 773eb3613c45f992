//! Removal of what earlier builds left beside the site folder: previous
//! sites (`.<name>.old-*`) and abandoned staging folders.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Removes, in a background thread, the previous sites (`.<name>.old-*`)
/// and abandoned staging folders (`.<name>.staging-*` of processes that no
/// longer run) that earlier builds left beside the destination.
pub fn spawn_cleaner(parent: PathBuf, name: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let Ok(entries) = fs::read_dir(&parent) else {
            return;
        };
        let own = format!(".{name}.staging-{}", std::process::id());
        for entry in entries.filter_map(Result::ok) {
            let file = entry.file_name().to_string_lossy().into_owned();
            let old = file.starts_with(&format!(".{name}.old-"));
            let stale_staging = file.starts_with(&format!(".{name}.staging-"))
                && file != own
                && file
                    .rsplit('-')
                    .next()
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
            if old || stale_staging {
                let _ = remove_dir_all_parallel(&entry.path());
            }
        }
    })
}

/// Removes a folder of many small files, two levels fanned out over the
/// cores (one `cantines/` folder holds a folder per canteen).
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut leaves = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            for sub in fs::read_dir(&path)? {
                leaves.push(sub?.path());
            }
        } else {
            leaves.push(path);
        }
    }
    leaves.par_iter().try_for_each(|p| {
        if p.is_dir() {
            fs::remove_dir_all(p)
        } else {
            fs::remove_file(p)
        }
    })?;
    fs::remove_dir_all(dir)
}

pub fn is_empty_dir(p: &Path) -> bool {
    fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}
