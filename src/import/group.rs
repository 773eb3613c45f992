//! From raw rows to canteens: row-level checks (SIRET, year, ratios, armed
//! forces), grouping by SIRET, and one canteen per SIRET with at most one
//! teledeclaration per year (`same_siret`).

use super::clean::parse_ratio;
use super::report::{Problem, ProblemKind};
use super::rows::RawRow;
use super::same_siret;
use crate::model::{Ministere, Taux, siret};
use crate::set_aside::{Ecartee, Motif};
use std::collections::{BTreeMap, BTreeSet};

/// First data year the schema accepts (SPEC §6).
const PREMIERE_ANNEE: u16 = 2019;

/// A row that passed the row-level checks.
#[derive(Debug, Clone)]
pub struct Row {
    /// The cells as published.
    pub raw: RawRow,
    /// Normalised, valid SIRET.
    pub siret: String,
    /// Teledeclaration id.
    pub id: u64,
    /// Data year.
    pub annee: u16,
    /// Organic share.
    pub taux_bio: Taux,
    /// Other EGalim share.
    pub taux_egalim_hors_bio: Taux,
}

impl Row {
    /// A problem about this row.
    pub fn problem(&self, kind: ProblemKind, raison: String) -> Problem {
        problem(&self.raw, &self.siret, kind, raison)
    }
}

/// A problem about a raw row.
fn problem(raw: &RawRow, siret: &str, kind: ProblemKind, raison: String) -> Problem {
    Problem {
        fichier: raw.fichier.to_string(),
        ligne: Some(raw.ligne),
        siret: siret.to_string(),
        kind,
        raison,
    }
}

/// One canteen of the open data: at most one row per year, newest first.
#[derive(Debug, Clone)]
pub struct Canteen {
    /// Normalised SIRET.
    pub siret: String,
    /// The kept rows, newest year first.
    pub rows: Vec<Row>,
    /// Years whose rows were all set aside: no open-data bilan for them.
    pub years_without_row: Vec<u16>,
}

/// Output of the grouping step.
#[derive(Debug, Default)]
pub struct Grouped {
    /// Canteens sorted by SIRET.
    pub canteens: Vec<Canteen>,
    /// Rows not imported, and values fixed.
    pub problems: Vec<Problem>,
    /// Empty ratio cells read as 0 in kept rows.
    pub taux_vides: u64,
    /// The rows not published, for `declarations/ecartees.csv`.
    pub ecartees: Vec<Ecartee>,
}

/// The motif of a row refused by [`prepare`], in `ecartees.csv`.
fn motif_of_refusal(kind: ProblemKind) -> Motif {
    match kind {
        ProblemKind::SiretInvalide => Motif::SiretInvalide,
        ProblemKind::TauxInvalide => Motif::TauxInvalides,
        _ => Motif::LigneIllisible,
    }
}

/// Checks each row, drops armed-forces canteens, groups rows by SIRET and
/// keeps one canteen per SIRET, at most one teledeclaration per year.
pub fn group(raw: Vec<RawRow>) -> Grouped {
    let mut out = Grouped::default();
    let mut by_siret: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut armee: BTreeSet<String> = BTreeSet::new();
    for r in raw {
        let campagne = r
            .year
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|y| *y >= PREMIERE_ANNEE);
        match prepare(r, &mut out.problems) {
            Some(row) => {
                if Ministere::from_label(&row.raw.ministry) == Some(Ministere::Armee) {
                    armee.insert(row.siret.clone());
                }
                by_siret.entry(row.siret.clone()).or_default().push(row);
            }
            None => {
                if let Some(p) = out.problems.last() {
                    let motif = motif_of_refusal(p.kind);
                    out.ecartees
                        .push(Ecartee::anonyme(campagne, motif, motif.label()));
                }
            }
        }
    }
    for (siret, mut rows) in by_siret {
        if armee.contains(&siret) {
            refuse_armed_forces(&rows, &mut out);
            continue;
        }
        // Newest year first; within a year, the highest id first; then the
        // reading order, so that ties resolve the same way every run.
        rows.sort_by(|a, b| {
            (b.annee, b.id)
                .cmp(&(a.annee, a.id))
                .then_with(|| (&a.raw.fichier, a.raw.ligne).cmp(&(&b.raw.fichier, b.raw.ligne)))
        });
        let selection = same_siret::select(rows);
        record_set_aside(&selection.set_aside, &mut out);
        let kept = selection.kept;
        for row in &kept {
            for (cell, name) in [
                (&row.raw.ratio_bio, "teledeclaration_ratio_bio"),
                (
                    &row.raw.ratio_egalim_hors_bio,
                    "teledeclaration_ratio_egalim_hors_bio",
                ),
            ] {
                if cell.trim().is_empty() {
                    out.taux_vides += 1;
                    out.problems.push(row.problem(
                        ProblemKind::TauxVide,
                        format!("{name} vide : importé comme 0"),
                    ));
                }
            }
        }
        out.canteens.push(Canteen {
            siret,
            rows: kept,
            years_without_row: selection.years_without_row,
        });
    }
    out
}

/// Every row of an armed-forces canteen: never imported, only counted.
fn refuse_armed_forces(rows: &[Row], out: &mut Grouped) {
    for row in rows {
        let raison = if Ministere::from_label(&row.raw.ministry) == Some(Ministere::Armee) {
            "ministère de tutelle « Armées » : les cantines des armées ne sont jamais publiées"
        } else {
            "cantine déclarée sous le ministère des Armées une autre année : jamais publiée"
        };
        out.problems
            .push(row.problem(ProblemKind::Armee, raison.into()));
        let motif = Motif::Armees;
        out.ecartees
            .push(Ecartee::anonyme(Some(row.annee), motif, motif.label()));
    }
}

/// Reports the rows set aside by [`same_siret::select`] and lists them.
fn record_set_aside(set_aside: &[same_siret::SetAside], out: &mut Grouped) {
    for e in set_aside {
        let kind = match e.motif {
            Motif::Remplacee => ProblemKind::Doublon,
            _ => ProblemKind::CantineEcartee,
        };
        let r = &e.row;
        let raison = format!(
            "télédéclaration n° {} « {} » de {} non publiée : {}",
            r.id,
            r.raw.name.trim(),
            r.annee,
            e.raison
        );
        out.problems.push(r.problem(kind, raison));
        out.ecartees.push(e.ecartee());
    }
}

/// Row-level checks; `None` (with a problem) when the row cannot be imported.
fn prepare(raw: RawRow, problems: &mut Vec<Problem>) -> Option<Row> {
    let normalised = siret::normalize(&raw.siret);
    if let Err(e) = siret::check(&normalised) {
        let why = match e {
            siret::SiretError::Format => "n'a pas 14 chiffres",
            siret::SiretError::Checksum => "a une clé de contrôle invalide",
        };
        let shown = raw.siret.trim().to_string();
        let raison = format!("le SIRET « {shown} » {why} : ligne non importée");
        problems.push(problem(&raw, &shown, ProblemKind::SiretInvalide, raison));
        return None;
    }
    let id = raw.id.trim().parse::<u64>().ok();
    let annee = raw
        .year
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|y| *y >= PREMIERE_ANNEE);
    let (Some(id), Some(annee)) = (id, annee) else {
        let raison = format!(
            "id « {} » ou année « {} » illisible : ligne non importée",
            raw.id.trim(),
            raw.year.trim()
        );
        problems.push(problem(
            &raw,
            &normalised,
            ProblemKind::LigneIllisible,
            raison,
        ));
        return None;
    };
    let ratios = (
        parse_ratio(&raw.ratio_bio),
        parse_ratio(&raw.ratio_egalim_hors_bio),
    );
    let (bio, egalim) = match ratios {
        (Ok(b), Ok(e)) => (b.taux(), e.taux()),
        (b, e) => {
            let why: Vec<String> = [b.err(), e.err()].into_iter().flatten().collect();
            let raison = format!("taux illisible ({}) : ligne non importée", why.join(" ; "));
            problems.push(problem(
                &raw,
                &normalised,
                ProblemKind::TauxInvalide,
                raison,
            ));
            return None;
        }
    };
    if bio.0 + egalim.0 > rust_decimal::Decimal::ONE {
        let raison = format!(
            "taux bio {} + taux EGalim hors bio {} dépassent 1 : ligne non importée",
            bio.0, egalim.0
        );
        problems.push(problem(
            &raw,
            &normalised,
            ProblemKind::TauxInvalide,
            raison,
        ));
        return None;
    }
    Some(Row {
        raw,
        siret: normalised,
        id,
        annee,
        taux_bio: bio,
        taux_egalim_hors_bio: egalim,
    })
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
