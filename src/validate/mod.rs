//! Stage 2, validate: the rules of SPEC §6 over every declaration.
//!
//! Per-file rules run in parallel and produce [`finding::Finding`]s
//! addressed by document path; the cross-file rules (one file per SIRET,
//! central kitchens present) run after them; positions are resolved last,
//! only for the files that have findings. Each rule file is named after
//! what it checks.

mod activity;
mod amounts;
mod bilans;
mod completeness;
mod cost;
mod finding;
mod identity;
mod kitchen;
mod meat_fish;
mod percentages;
mod repository;
mod territory;
mod texts;

use crate::diagnostics::{self, Diagnostic};
use crate::load::Loaded;
use crate::model::{Declaration, Ministere};
use finding::Finding;
use rayon::prelude::*;

/// What the rules need to know beyond the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The current calendar year: the latest data year a bilan may have.
    pub current_year: u16,
}

/// The first data year a bilan may have (the first EGalim campaign's data).
pub const PREMIERE_ANNEE: u16 = 2019;

/// One parsed file, as the per-file rules see it.
pub(crate) struct FileContext<'a> {
    /// Folder under `declarations/` (département code or `inconnu`).
    pub folder: &'a str,
    /// File name without `.yaml`.
    pub stem: &'a str,
    /// The declaration.
    pub decl: &'a Declaration,
    /// Options of the run.
    pub options: &'a Options,
}

/// Runs every rule on every loaded file and the cross-file rules; returns the
/// diagnostics (positions resolved, source line attached), NOT including the
/// loader's own diagnostics (the caller merges both and sorts).
pub fn validate(loaded: &Loaded, options: &Options) -> Vec<Diagnostic> {
    validate_incremental(loaded, options, &[], &|_| None).0
}

/// [`validate`], with the per-file rules' diagnostics already known for
/// some files (`known[i]`, from the build cache: the file did not change
/// since a build of this program checked it). The per-file rules run only
/// on the other files; the cross-file rules always run on all of them, and
/// when they report on a file whose text was not read, `read` gives it.
/// Also returns the per-file rules' diagnostics computed now, by file
/// (`None` where they were known), for the cache.
pub fn validate_incremental(
    loaded: &Loaded,
    options: &Options,
    known: &[Option<&[Diagnostic]>],
    read: &(dyn Fn(&str) -> Option<String> + Sync),
) -> (Vec<Diagnostic>, Vec<Option<Vec<Diagnostic>>>) {
    let per_file: Vec<Option<Vec<Diagnostic>>> = loaded
        .files
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            if known.get(i).is_some_and(Option::is_some) {
                return None;
            }
            let found = match &file.declaration {
                Some(decl) => check_file(&FileContext {
                    folder: file.folder(),
                    stem: file.stem(),
                    decl,
                    options,
                }),
                None => Vec::new(),
            };
            let mut diags = if found.is_empty() {
                Vec::new()
            } else {
                finding::resolve(&file.path, &file.text, found)
            };
            diags.extend(file.written.iter().cloned());
            Some(diags)
        })
        .collect();
    let mut cross: Vec<Vec<Finding>> = vec![Vec::new(); loaded.files.len()];
    repository::check(&loaded.files, &mut cross);
    let mut out: Vec<Diagnostic> = loaded
        .files
        .par_iter()
        .zip(cross.into_par_iter())
        .filter(|(_, found)| !found.is_empty())
        .flat_map_iter(|(file, found)| {
            if file.text.is_empty() {
                let text = read(&file.path).unwrap_or_default();
                finding::resolve(&file.path, &text, found)
            } else {
                finding::resolve(&file.path, &file.text, found)
            }
        })
        .collect();
    for (i, computed) in per_file.iter().enumerate() {
        match computed {
            Some(d) => out.extend(d.iter().cloned()),
            None => out.extend(
                known
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or_default()
                    .iter()
                    .cloned(),
            ),
        }
    }
    diagnostics::sort(&mut out);
    (out, per_file)
}

/// Whether a canteen may be published at all (false for ministere_tutelle: armee). Used by the build to exclude armed-forces canteens.
pub fn est_publiable(d: &Declaration) -> bool {
    // SPEC §3.4: armed-forces canteens are confidential; nothing of them
    // may reach the site, its statistics or its exports.
    d.ministere_tutelle != Some(Ministere::Armee)
}

/// Every per-file rule, in a fixed order.
fn check_file(ctx: &FileContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    identity::check(ctx, &mut out);
    territory::check(ctx, &mut out);
    activity::check(ctx, &mut out);
    completeness::check(ctx, &mut out);
    kitchen::check(ctx, &mut out);
    bilans::check(ctx, &mut out);
    amounts::check(ctx, &mut out);
    percentages::check(ctx, &mut out);
    meat_fish::check(ctx, &mut out);
    cost::check(ctx, &mut out);
    texts::check(ctx, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers for the rule tests: run one rule on a small YAML document.

    use super::{FileContext, Finding, Options};
    use crate::diagnostics::Severity;
    use crate::model::Declaration;

    /// A complete, valid declared canteen in Les Assions (07017), to which
    /// tests append or replace lines.
    pub const VALIDE: &str = "\
siret: \"21070017500016\"
nom: Cantine des Assions
code_insee: \"07017\"
secteurs: [education_primaire]
type_production: site
type_gestion: direct
modele_economique: public
nombre_repas_jour: 120
nombre_repas_an: 17000
";

    /// Parses a declaration, failing the test with the reader's message.
    pub fn decl(yaml: &str) -> Declaration {
        match crate::load::parse(yaml) {
            Ok(d) => d,
            Err(e) => panic!("YAML de test invalide : {e}\n{yaml}"),
        }
    }

    /// Runs `rule` on `yaml` as if it were `declarations/<folder>/<stem>.yaml`.
    pub fn run_in(
        rule: fn(&FileContext<'_>, &mut Vec<Finding>),
        folder: &str,
        stem: &str,
        yaml: &str,
    ) -> Vec<Finding> {
        let d = decl(yaml);
        let options = Options { current_year: 2026 };
        let ctx = FileContext {
            folder,
            stem,
            decl: &d,
            options: &options,
        };
        let mut out = Vec::new();
        rule(&ctx, &mut out);
        out
    }

    /// Runs `rule` on `yaml` as `declarations/07/21070017500016.yaml`.
    pub fn run(rule: fn(&FileContext<'_>, &mut Vec<Finding>), yaml: &str) -> Vec<Finding> {
        run_in(rule, "07", "21070017500016", yaml)
    }

    /// The SPEC §2 example's purchases, all consistent.
    pub const ACHATS: &str = concat!(
        "      valeur_totale: 182000.50\n",
        "      valeur_bio: 31000\n",
        "      valeur_siqo: 12000\n",
        "      valeur_externalites_performance: 0\n",
        "      valeur_egalim_autres: 9000\n",
        "      valeur_viandes_volailles: 40000\n",
        "      valeur_viandes_volailles_egalim: 15000\n",
        "      valeur_viandes_volailles_france: 30000\n",
        "      valeur_produits_de_la_mer: 8000\n",
        "      valeur_produits_de_la_mer_egalim: 3000\n",
        "      valeur_produits_de_la_mer_france: 1000\n",
    );

    /// A 2024 bilan with these `achats` lines added to [`VALIDE`].
    pub fn with_achats(achats: &str) -> String {
        format!("{VALIDE}bilans:\n  - annee: 2024\n    achats:\n{achats}")
    }

    /// [`ACHATS`] with one amount replaced.
    pub fn set_amount(field: &str, value: &str) -> String {
        let line = ACHATS
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{field}:")))
            .unwrap_or("");
        with_achats(&ACHATS.replace(line, &format!("      {field}: {value}")))
    }

    /// The (code, path, severity) of each finding, for compact assertions.
    pub fn codes(findings: &[Finding]) -> Vec<(&'static str, String, Severity)> {
        findings
            .iter()
            .map(|f| (f.code, f.path.clone(), f.severity))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{VALIDE, decl};
    use super::*;

    #[test]
    fn armed_forces_canteens_are_never_published() {
        let armee = decl(&format!(
            "{}ministere_tutelle: armee\n",
            VALIDE.replace("education_primaire", "administration_armee")
        ));
        assert!(!est_publiable(&armee));
        let police = decl(&format!(
            "{}ministere_tutelle: interieur\n",
            VALIDE.replace("education_primaire", "administration_armee")
        ));
        assert!(est_publiable(&police));
        assert!(est_publiable(&decl(VALIDE)));
    }
}
