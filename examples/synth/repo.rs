//! Writing a synthetic repository: its declarations, and copies of the
//! real repository's `site.toml`, `content/`, `themes/` and `schema/`
//! (used by the generator's command and by the tests that read a
//! synthetic site back).

use crate::{canteen, pools};
use rayon::prelude::*;
use std::path::Path;

/// File that marks a folder as written by this generator, so that it may
/// be replaced without deleting anything else.
const MARQUEUR: &str = ".synth";

/// What [`ecrire`] wrote.
pub struct Resume {
    /// Canteens.
    pub cantines: usize,
    /// Bilans in all.
    pub bilans: usize,
    /// Of which with amounts.
    pub declares: usize,
    /// Satellites linked to a kitchen.
    pub satellites: usize,
    /// Bytes of declarations.
    pub octets: usize,
}

/// Writes a synthetic repository of `count` canteens into `out`, drawn
/// from the real repository `source` with `seed`.
pub fn ecrire(source: &Path, out: &Path, count: u64, seed: u64) -> Result<Resume, String> {
    if count > 100_000_000 {
        return Err("--count : 100 000 000 cantines au plus".into());
    }
    let pools = pools::Pools::from_repository(source)?;
    prepare(out)?;

    let mut canteens: Vec<canteen::Synth> = (0..count)
        .into_par_iter()
        .filter_map(|i| canteen::generate(&pools, seed, i))
        .collect();
    canteen::link_satellites(&mut canteens, seed);

    let decl_dir = out.join("declarations");
    let folders: std::collections::BTreeSet<&str> =
        canteens.iter().map(|c| c.folder.as_str()).collect();
    for f in folders {
        mkdir(&decl_dir.join(f))?;
    }
    let bytes: Result<Vec<usize>, String> = canteens
        .par_iter()
        .map(|c| {
            let text = cantine::import::to_yaml(&c.decl);
            let path = decl_dir
                .join(&c.folder)
                .join(format!("{}.yaml", c.decl.siret));
            std::fs::write(&path, &text)
                .map(|()| text.len())
                .map_err(|e| format!("écriture de {} impossible : {e}", path.display()))
        })
        .collect();
    let bytes: usize = bytes?.iter().sum();

    for name in ["content", "themes", "schema"] {
        let from = source.join(name);
        if from.is_dir() {
            copy_dir(&from, &out.join(name))?;
        }
    }
    copy_file(&source.join("site.toml"), &out.join("site.toml"))?;

    let bilans: usize = canteens.iter().map(|c| c.decl.bilans.len()).sum();
    let declares: usize = canteens
        .iter()
        .flat_map(|c| &c.decl.bilans)
        .filter(|b| b.achats.is_some())
        .count();
    let satellites = canteens
        .iter()
        .filter(|c| c.decl.siret_cuisine_centrale.is_some())
        .count();
    Ok(Resume {
        cantines: canteens.len(),
        bilans,
        declares,
        satellites,
        octets: bytes,
    })
}

/// Creates `out`, or empties one this generator wrote before; refuses to
/// touch any other non-empty folder.
fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("{} illisible : {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARQUEUR).is_file() {
            return Err(format!(
                "{} existe et n'a pas été écrit par synth : choisissez un autre --out",
                out.display()
            ));
        }
        for name in ["declarations", "content", "themes", "schema"] {
            let p = out.join(name);
            if p.is_dir() {
                std::fs::remove_dir_all(&p)
                    .map_err(|e| format!("suppression de {} impossible : {e}", p.display()))?;
            }
        }
    }
    mkdir(out)?;
    std::fs::write(
        out.join(MARQUEUR),
        "dépôt synthétique écrit par examples/synth\n",
    )
    .map_err(|e| format!("écriture dans {} impossible : {e}", out.display()))
}

fn mkdir(p: &Path) -> Result<(), String> {
    std::fs::create_dir_all(p).map_err(|e| format!("création de {} impossible : {e}", p.display()))
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copie de {} impossible : {e}", from.display()))
}

/// Copies a folder recursively (regular files and folders only).
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    mkdir(to)?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("{} illisible : {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{} illisible : {e}", from.display()))?;
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if kind.is_file() {
            copy_file(&entry.path(), &target)?;
        }
    }
    Ok(())
}
