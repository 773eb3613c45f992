//! One canteen: merge the open data into its existing file (if any) without
//! losing anything a contributor wrote, then write the file if it changed.

use super::ImportError;
use super::files::{read_text, write_atomic};
use super::group::Canteen;
use super::identity::{Picked, ministere_interdit, read_identity};
use super::report::{Problem, ProblemKind};
use super::write_yaml::{SCHEMA_HEADER, to_yaml};
use crate::model::{Bilan, Declaration, Source, territory};
use crate::set_aside::{Ecartee, Motif};
use std::path::{Path, PathBuf};

/// What happened to one canteen's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A new file.
    Created,
    /// An existing file rewritten.
    Updated,
    /// An existing file that already held everything.
    Unchanged,
    /// Not imported (see the problems).
    Skipped,
}

/// The result of importing one canteen.
#[derive(Debug)]
pub struct Outcome {
    /// What happened to the file.
    pub status: Status,
    /// Open-data bilans for years the file did not have.
    pub bilans_ajoutes: u64,
    /// Open-data bilans replaced by different figures.
    pub bilans_actualises: u64,
    /// Open-data bilans removed: every row of their year was set aside.
    pub bilans_retires: u64,
    /// Problems to report.
    pub problems: Vec<Problem>,
    /// Rows not published for a reason found here (no name), for
    /// `declarations/ecartees.csv`.
    pub ecartees: Vec<Ecartee>,
}

impl Outcome {
    fn skipped(problem: Option<Problem>) -> Self {
        Outcome {
            status: Status::Skipped,
            bilans_ajoutes: 0,
            bilans_actualises: 0,
            bilans_retires: 0,
            problems: problem.into_iter().collect(),
            ecartees: Vec::new(),
        }
    }
}

/// Removes the open-data bilans of the years whose rows were all set
/// aside (`import::same_siret`); a declared bilan stays. How many went.
fn remove_set_aside_years(d: &mut Declaration, years: &[u16]) -> u64 {
    let before = d.bilans.len();
    d.bilans
        .retain(|b| b.est_declare() || !years.contains(&b.annee));
    (before - d.bilans.len()) as u64
}

/// Fills `slot` from the open data when the file leaves it empty; the open
/// data's problems about the field only matter then.
fn fill<T>(slot: &mut Option<T>, picked: Picked<T>, problems: &mut Vec<Problem>) {
    if slot.is_none() {
        *slot = picked.value;
        problems.extend(picked.problems);
    }
}

/// Imports one canteen. `existing` lists the files already carrying its SIRET.
pub fn import_canteen(
    root: &Path,
    canteen: &Canteen,
    existing: &[PathBuf],
) -> Result<Outcome, ImportError> {
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let whole_file = |path: &Path, kind, raison| Problem {
        fichier: shown(path),
        ligne: None,
        siret: canteen.siret.clone(),
        kind,
        raison,
    };
    let (existing_path, before, notes) = match existing {
        [] => (None, None, String::new()),
        [path] => match read_text(path).and_then(|t| {
            let d = crate::load::parse(&t).map_err(|e| first_line(&e.to_string()))?;
            Ok((d, leading_comments(&t)))
        }) {
            Ok((d, notes)) => (Some(path.clone()), Some(d), notes),
            Err(e) => {
                let raison = format!(
                    "fichier existant illisible ({e}) : laissé tel quel, données ouvertes non importées"
                );
                return Ok(Outcome::skipped(Some(whole_file(
                    path,
                    ProblemKind::FichierIllisible,
                    raison,
                ))));
            }
        },
        [first, ..] => {
            let all: Vec<String> = existing.iter().map(|p| shown(p)).collect();
            let raison = format!(
                "plusieurs fichiers pour ce SIRET ({}) : laissés tels quels",
                all.join(", ")
            );
            return Ok(Outcome::skipped(Some(whole_file(
                first,
                ProblemKind::FichiersMultiples,
                raison,
            ))));
        }
    };

    let rows = &canteen.rows;
    let open = read_identity(rows);
    let mut problems = Vec::new();
    let mut d = before.clone().unwrap_or_else(|| blank(&canteen.siret));

    if d.nom.trim().is_empty() {
        match open.nom.value {
            Some(n) => d.nom = n,
            None if before.is_none() => {
                let raison = "aucun nom de cantine dans les données : non importée".to_string();
                let mut skipped = Outcome::skipped(
                    rows.first()
                        .map(|r| r.problem(ProblemKind::NomAbsent, raison)),
                );
                skipped.ecartees = rows
                    .iter()
                    .map(|r| {
                        Ecartee::anonyme(Some(r.annee), Motif::NomAbsent, Motif::NomAbsent.label())
                    })
                    .collect();
                return Ok(skipped);
            }
            None => {}
        }
    }
    fill(&mut d.code_insee, open.code_insee, &mut problems);
    fill(&mut d.secteurs, open.secteurs, &mut problems);
    fill(&mut d.type_production, open.type_production, &mut problems);
    fill(&mut d.type_gestion, open.type_gestion, &mut problems);
    fill(
        &mut d.modele_economique,
        open.modele_economique,
        &mut problems,
    );
    fill(
        &mut d.siret_cuisine_centrale,
        open.siret_cuisine_centrale,
        &mut problems,
    );
    fill(&mut d.ma_cantine_id, open.ma_cantine_id, &mut problems);
    if d.ministere_tutelle.is_none() {
        problems.extend(open.ministere.problems);
        let source_row = open.ministere.from.and_then(|i| rows.get(i));
        if let (Some(m), Some(row)) = (open.ministere.value, source_row) {
            match ministere_interdit(d.modele_economique, d.secteurs.as_deref()) {
                None => d.ministere_tutelle = Some(m),
                Some(why) => problems.push(row.problem(
                    ProblemKind::MinistereRetire,
                    format!(
                        "ministère de tutelle « {} » non repris : {why} (SPEC §3.4)",
                        m.label()
                    ),
                )),
            }
        }
    }

    let removed = remove_set_aside_years(&mut d, &canteen.years_without_row);
    let mut added = 0;
    let mut refreshed = 0;
    for row in rows {
        let new = Bilan {
            annee: row.annee,
            source: Some(Source::Opendata),
            taux_bio: Some(row.taux_bio),
            taux_egalim_hors_bio: Some(row.taux_egalim_hors_bio),
            achats: None,
            gaspillage: None,
            diversification: None,
            plastique: None,
            information: None,
            commentaires: None,
        };
        let same_year: Vec<&Bilan> = d.bilans.iter().filter(|b| b.annee == row.annee).collect();
        if same_year.iter().any(|b| b.est_declare()) {
            problems.push(row.problem(
                ProblemKind::BilanDeclare,
                format!("le fichier contient un bilan déclaré pour {} : conservé, données ouvertes non reprises", row.annee),
            ));
            continue;
        }
        match same_year.as_slice() {
            [] => added += 1,
            [only] if **only == new => continue,
            _ => refreshed += 1,
        }
        d.bilans.retain(|b| b.annee != row.annee);
        d.bilans.push(new);
    }

    // The folder the data points to; an existing file stays where it is.
    let dept = d
        .code_insee
        .as_deref()
        .and_then(territory::departement_of_insee)
        .or(open.departement)
        .unwrap_or("inconnu");
    let path = match &existing_path {
        Some(p) => {
            let folder = p
                .parent()
                .and_then(|f| f.file_name())
                .and_then(|f| f.to_str());
            if dept != "inconnu" && folder != Some(dept) {
                problems.push(whole_file(
                    p,
                    ProblemKind::DossierDifferent,
                    format!("le département de la cantine est « {dept} » : déplacez le fichier dans declarations/{dept}/"),
                ));
            }
            p.clone()
        }
        None => root
            .join("declarations")
            .join(dept)
            .join(format!("{}.yaml", canteen.siret)),
    };

    let status = match &before {
        Some(b) if *b == d => Status::Unchanged,
        Some(_) => Status::Updated,
        None => Status::Created,
    };
    if status != Status::Unchanged {
        write_atomic(&path, &with_notes(&to_yaml(&d), &notes))?;
    }
    Ok(Outcome {
        status,
        bilans_ajoutes: added,
        bilans_actualises: refreshed,
        bilans_retires: removed,
        problems,
        ecartees: Vec::new(),
    })
}

/// The comment lines a contributor put at the top of the file (after the
/// schema line, before the first key): kept when the file is rewritten.
/// Comments further down cannot be placed back and are lost on a rewrite.
fn leading_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with(SCHEMA_HEADER) || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with('#') {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Inserts comment lines right after the schema line of a canonical file.
fn with_notes(canonical: &str, notes: &str) -> String {
    match canonical.split_once('\n') {
        Some((header, rest)) if !notes.is_empty() => format!("{header}\n{notes}{rest}"),
        _ => canonical.to_string(),
    }
}

/// The first line of a parse error, without its "error: " prefix (the
/// rest is a source excerpt that `cantine check` shows better).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message);
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// A declaration with only its SIRET.
fn blank(siret: &str) -> Declaration {
    Declaration {
        siret: siret.to_string(),
        nom: String::new(),
        code_insee: None,
        secteurs: None,
        type_production: None,
        type_gestion: None,
        modele_economique: None,
        ministere_tutelle: None,
        nombre_repas_jour: None,
        nombre_repas_an: None,
        siret_cuisine_centrale: None,
        ma_cantine_id: None,
        presentation: None,
        bilans: Vec::new().into(),
    }
}
