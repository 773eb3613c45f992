//! The declaration files already on disk, and atomic writing.

use super::ImportError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Existing declaration files by SIRET (file stem), each SIRET's paths sorted.
pub type Existing = BTreeMap<String, Vec<PathBuf>>;

/// Lists `root/declarations/*/*.yaml` (hidden entries and symlinks skipped:
/// the loader refuses them, and we must not write through them).
pub fn index(root: &Path) -> Result<Existing, ImportError> {
    let mut out = Existing::new();
    let dir = root.join("declarations");
    if !dir.is_dir() {
        return Ok(out);
    }
    for folder in sorted_entries(&dir)? {
        if !is_plain(&folder, true) {
            continue;
        }
        for file in sorted_entries(&folder)? {
            let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(stem) = name.strip_suffix(".yaml")
                && is_plain(&file, false)
            {
                out.entry(stem.to_string()).or_default().push(file.clone());
            }
        }
    }
    Ok(out)
}

/// Whether an entry is a visible, real (non-symlink) directory or file.
fn is_plain(path: &Path, want_dir: bool) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    match std::fs::symlink_metadata(path) {
        Ok(m) => !hidden && !m.file_type().is_symlink() && m.is_dir() == want_dir,
        Err(_) => false,
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let io = |e| ImportError::Io {
        fichier: dir.to_path_buf(),
        source: e,
    };
    let mut v = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        v.push(entry.map_err(io)?.path());
    }
    v.sort();
    Ok(v)
}

/// Writes `content` to `path` through a temporary file in the same folder
/// and a rename, so that a reader (or a crash) never sees half a file.
/// No fsync: the import can simply be run again, and syncing 12 000 files
/// one by one would multiply its time.
pub fn write_atomic(path: &Path, content: &str) -> Result<(), ImportError> {
    let io = |e| ImportError::Io {
        fichier: path.to_path_buf(),
        source: e,
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("declaration");
    let tmp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, content).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        // Best effort: the error that matters is the write's.
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Reads an existing declaration as text (UTF-8, BOM removed).
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("lecture impossible : {e}"))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|_| "le fichier n'est pas encodé en UTF-8".to_string())
}
