//! Helpers shared by the integration tests: each test file includes this
//! module (`mod common;`) and uses a part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Copies the folder `from` into `to` (created), files and subfolders.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or_else(|e| panic!("{e}"));
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::copy(entry.path(), &dest).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Every file under `root`, the incremental-build marker included: path
/// relative to `root` → bytes.
pub fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap_or_else(|e| panic!("{e}"))
                .display()
                .to_string();
            let bytes = std::fs::read(e.path()).unwrap_or_else(|e| panic!("{e}"));
            (rel, bytes)
        })
        .collect()
}

/// Every file of a built site but the incremental-build marker.
pub fn site_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut f = files(root);
    f.retain(|rel, _| !rel.starts_with(cantine::output::MARKER));
    f
}
