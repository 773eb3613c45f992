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

/// A temporary repository: the site fixture's declarations
/// (tests/fixtures/site), with `ardeche` the 49 real declarations of
/// Ardèche beside them, and the real theme, content and `site.toml`.
pub fn fixture_repo(ardeche: bool) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(
        &root.join("tests/fixtures/site/declarations"),
        &tmp.path().join("declarations"),
    );
    if ardeche {
        copy_dir(
            &root.join("declarations/07"),
            &tmp.path().join("declarations/07"),
        );
    }
    copy_dir(&root.join("themes"), &tmp.path().join("themes"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("site.toml"), tmp.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    tmp
}

/// Builds `root` into `out` as published at https://exemple.fr/ in 2026,
/// with its cache in `root/.cantine-cache`.
pub fn build_site(
    root: &Path,
    out: &Path,
) -> Result<cantine::build::Report, cantine::build::BuildError> {
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some("https://exemple.fr/".to_string()),
        theme: "default".into(),
        current_year: 2026,
        cache: Some(root.join(".cantine-cache")),
    })
}

/// The text of the built file `rel`.
pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
