//! Rules across files (SPEC §6): one file per SIRET in the whole
//! repository, a satellite's central kitchen present in it, and one file
//! per canteen of the national platform (`ma_cantine_id`).

use super::finding::Finding;
use crate::load::SourceFile;
use crate::model::{TypeProduction, siret};
use rayon::prelude::*;

/// The SIRET a file stands for: the declared one, or for a file that could
/// not be parsed, its name when it looks like a SIRET (so that a broken
/// copy of a canteen is still seen as a duplicate).
fn siret_of(file: &SourceFile) -> Option<&str> {
    match &file.declaration {
        Some(d) => Some(d.siret.as_str()),
        None => (siret::check(file.stem()).is_ok()).then_some(file.stem()),
    }
}

/// Runs the cross-file rules; `findings[i]` receives those of `files[i]`.
pub(crate) fn check(files: &[SourceFile], findings: &mut [Vec<Finding>]) {
    let by_siret = ParSiret::new(files);
    check_duplicates(files, &by_siret, findings);
    check_kitchens(files, &by_siret, findings);
    check_platform_ids(files, findings);
}

/// The files by SIRET: (SIRET, file index) pairs sorted, so that the
/// files of one SIRET are neighbours, in file order. A sorted vector
/// rather than a map of 100 000 vectors: this runs at every build.
struct ParSiret<'a>(Vec<(&'a str, usize)>);

impl<'a> ParSiret<'a> {
    fn new(files: &'a [SourceFile]) -> Self {
        let mut paires: Vec<(&str, usize)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((siret_of(f)?, i)))
            .collect();
        paires.par_sort_unstable();
        ParSiret(paires)
    }

    /// The first file (in file order) of `siret`.
    fn premier(&self, siret: &str) -> Option<usize> {
        let k = self.0.partition_point(|(s, _)| *s < siret);
        self.0.get(k).filter(|(s, _)| *s == siret).map(|(_, i)| *i)
    }

    /// The SIRETs of several files, each with its files in file order.
    fn en_double(&self) -> impl Iterator<Item = (&'a str, Vec<usize>)> + '_ {
        self.0
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|g| g.len() > 1)
            .map(|g| (g[0].0, g.iter().map(|(_, i)| *i).collect()))
    }
}

/// Two files with the same `ma_cantine_id` describe the same canteen of the
/// national platform, most likely under an old and a new SIRET: a warning,
/// since only people who know the canteen can tell which file is right.
fn check_platform_ids(files: &[SourceFile], findings: &mut [Vec<Finding>]) {
    // (id, file index) pairs sorted, as `ParSiret`: a tree of 100 000
    // vectors took a tenth of a rebuild's validation.
    let mut by_id: Vec<(u64, usize)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.declaration.as_ref()?.ma_cantine_id?, i)))
        .collect();
    by_id.par_sort_unstable();
    for groupe in by_id.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        let id = groupe[0].0;
        let indices: Vec<usize> = groupe.iter().map(|(_, i)| *i).collect();
        for &i in &indices {
            let others: Vec<&str> = indices
                .iter()
                .filter(|j| **j != i)
                .map(|j| files[*j].path.as_str())
                .collect();
            if let Some(out) = findings.get_mut(i) {
                out.push(
                    Finding::warning(
                        "ma_cantine_id",
                        "ma-cantine-id-en-double",
                        format!("ma_cantine_id {id} figure aussi dans {}", others.join(", ")),
                    )
                    .help(
                        "une cantine de la plateforme ma cantine n'a qu'un fichier : si son SIRET a \
                         changé, gardez le fichier du SIRET actuel ; sinon corrigez l'identifiant",
                    ),
                );
            }
        }
    }
}

fn check_duplicates(files: &[SourceFile], by_siret: &ParSiret<'_>, findings: &mut [Vec<Finding>]) {
    for (siret, indices) in by_siret.en_double() {
        for &i in &indices {
            let others: Vec<&str> = indices
                .iter()
                .filter(|j| **j != i)
                .map(|j| files[*j].path.as_str())
                .collect();
            let path = if files[i].declaration.is_some() {
                "siret"
            } else {
                ""
            };
            if let Some(out) = findings.get_mut(i) {
                out.push(
                    Finding::error(
                        path,
                        "siret-en-double",
                        format!(
                            "le SIRET {siret} est aussi déclaré dans {}",
                            others.join(", ")
                        ),
                    )
                    .help(
                        "une seule déclaration par établissement : réunissez les bilans dans un \
                         seul fichier, celui du dossier du département de la commune, et \
                         supprimez l'autre",
                    ),
                );
            }
        }
    }
}

fn check_kitchens(files: &[SourceFile], by_siret: &ParSiret<'_>, findings: &mut [Vec<Finding>]) {
    // Each satellite's kitchen looked up in parallel (a binary search of
    // 100 000 SIRETs each), the findings added in file order.
    let trouvees: Vec<(usize, Finding)> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, file)| Some((i, kitchen_finding(files, by_siret, file)?)))
        .collect();
    for (i, finding) in trouvees {
        if let Some(out) = findings.get_mut(i) {
            out.push(finding);
        }
    }
}

/// What `file` says of a central kitchen that is missing or is not one.
fn kitchen_finding(
    files: &[SourceFile],
    by_siret: &ParSiret<'_>,
    file: &SourceFile,
) -> Option<Finding> {
    let d = file.declaration.as_ref()?;
    let kitchen = d.siret_cuisine_centrale.as_deref()?;
    // An invalid SIRET or the canteen's own is already an error of its file.
    if siret::check(kitchen).is_err() || kitchen == d.siret {
        return None;
    }
    let found = by_siret.premier(kitchen).and_then(|j| files.get(j));
    let finding = match found {
        None => Finding::warning(
            "siret_cuisine_centrale",
            "cuisine-centrale-absente",
            format!("aucun fichier du dépôt ne déclare la cuisine centrale de SIRET {kitchen}"),
        )
        .help(
            "ajoutez la déclaration de la cuisine centrale, ou corrigez le SIRET ; en \
             attendant, la page du satellite ne peut pas renvoyer vers elle",
        ),
        Some(other) => {
            let tp = other.declaration.as_ref().and_then(|k| k.type_production)?;
            if !matches!(tp, TypeProduction::Site | TypeProduction::Satellite) {
                return None;
            }
            Finding::warning(
                "siret_cuisine_centrale",
                "cuisine-centrale-type",
                format!(
                    "le SIRET {kitchen} ({}) n'est pas une cuisine centrale : son \
                     type_production vaut « {} » ({})",
                    other.path,
                    tp.slug(),
                    tp.label()
                ),
            )
            .help(
                "vérifiez le SIRET de la cuisine centrale ; si c'est le bon, son fichier \
                 doit indiquer « type_production: central » ou « central_serving »",
            )
        }
    };
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, decl};

    fn file(folder: &str, yaml: &str) -> SourceFile {
        let d = decl(yaml);
        SourceFile {
            path: format!("declarations/{folder}/{}.yaml", d.siret),
            text: yaml.to_string(),
            declaration: Some(d),
            written: Vec::new(),
        }
    }

    fn run(files: &[SourceFile]) -> Vec<Vec<(&'static str, String, Severity)>> {
        let mut findings = vec![Vec::new(); files.len()];
        check(files, &mut findings);
        findings.iter().map(|f| codes(f)).collect()
    }

    const CUISINE: &str = "21070017500024";

    fn satellite() -> String {
        VALIDE.replace("21070017500016", "21070017500032").replace(
            "type_production: site",
            "type_production: site_cooked_elsewhere",
        ) + &format!("siret_cuisine_centrale: \"{CUISINE}\"\n")
    }

    fn cuisine(type_production: &str) -> String {
        VALIDE.replace("21070017500016", CUISINE).replace(
            "type_production: site",
            &format!("type_production: {type_production}"),
        )
    }

    #[test]
    fn distinct_sirets_and_a_present_kitchen_pass() {
        let files = [
            file("07", VALIDE),
            file("07", &cuisine("central")),
            file("07", &satellite()),
        ];
        assert!(run(&files).iter().all(Vec::is_empty));
    }

    #[test]
    fn duplicate_siret_is_reported_on_each_file_naming_the_other() {
        let files = [file("07", VALIDE), file("26", VALIDE)];
        let mut findings = vec![Vec::new(); 2];
        check(&files, &mut findings);
        assert_eq!(
            codes(&findings[0]),
            vec![("siret-en-double", "siret".into(), Severity::Error)]
        );
        assert_eq!(
            codes(&findings[1]),
            vec![("siret-en-double", "siret".into(), Severity::Error)]
        );
        assert_eq!(
            findings[0][0].message,
            "le SIRET 21070017500016 est aussi déclaré dans declarations/26/21070017500016.yaml"
        );
        assert!(
            findings[1][0]
                .message
                .ends_with("declarations/07/21070017500016.yaml")
        );
    }

    #[test]
    fn unparsed_copy_named_after_the_siret_is_a_duplicate() {
        let broken = SourceFile {
            path: "declarations/26/21070017500016.yaml".into(),
            text: "siret: [".into(),
            declaration: None,
            written: Vec::new(),
        };
        let found = run(&[file("07", VALIDE), broken]);
        assert_eq!(
            found[0],
            vec![("siret-en-double", "siret".into(), Severity::Error)]
        );
        assert_eq!(
            found[1],
            vec![("siret-en-double", String::new(), Severity::Error)]
        );
    }

    #[test]
    fn same_platform_id_in_two_files_is_a_warning() {
        let a = format!("{VALIDE}ma_cantine_id: 66207\n");
        let b = a.replace("21070017500016", "21070017500008");
        let found = run(&[file("07", &a), file("07", &b)]);
        let expected = vec![(
            "ma-cantine-id-en-double",
            "ma_cantine_id".to_string(),
            Severity::Warning,
        )];
        assert_eq!(found, vec![expected.clone(), expected]);
        let c = b.replace("66207", "66208");
        assert!(
            run(&[file("07", &a), file("07", &c)])
                .iter()
                .all(Vec::is_empty)
        );
    }

    #[test]
    fn missing_kitchen_is_a_warning() {
        let found = run(&[file("07", &satellite())]);
        assert_eq!(
            found[0],
            vec![(
                "cuisine-centrale-absente",
                "siret_cuisine_centrale".into(),
                Severity::Warning
            )]
        );
    }

    #[test]
    fn kitchen_that_does_not_cook_for_others_is_a_warning() {
        let found = run(&[file("07", &cuisine("site")), file("07", &satellite())]);
        assert!(found[0].is_empty());
        assert_eq!(
            found[1],
            vec![(
                "cuisine-centrale-type",
                "siret_cuisine_centrale".into(),
                Severity::Warning
            )]
        );
        let ok = run(&[
            file("07", &cuisine("central_serving")),
            file("07", &satellite()),
        ]);
        assert!(ok.iter().all(Vec::is_empty));
    }
}
