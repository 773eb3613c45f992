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
            for row in &rows {
                let raison = if Ministere::from_label(&row.raw.ministry) == Some(Ministere::Armee) {
                    "ministère de tutelle « Armées » : les cantines des armées ne sont jamais publiées"
                } else {
                    "cantine déclarée sous le ministère des Armées une autre année : jamais publiée"
                };
                out.problems
                    .push(row.problem(ProblemKind::Armee, raison.into()));
                out.ecartees.push(Ecartee::anonyme(
                    Some(row.annee),
                    Motif::Armees,
                    Motif::Armees.label(),
                ));
            }
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
        for e in &selection.set_aside {
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
mod tests {
    use super::*;
    use std::sync::Arc;

    fn raw(line: u64, id: &str, year: &str, siret: &str, name: &str) -> RawRow {
        RawRow {
            fichier: Arc::from("t.csv"),
            ligne: line,
            id: id.into(),
            year: year.into(),
            siret: siret.into(),
            name: name.into(),
            ratio_bio: "0.2".into(),
            ratio_egalim_hors_bio: "0.3".into(),
            ..RawRow::default()
        }
    }

    #[test]
    fn canteens_sharing_a_siret_are_not_mixed_in_one_series() {
        // Real case of 2022: two canteens of Libourne (1263 and 1258) share
        // SIRET 26330240800012; the page presents 1263, the latest.
        let with_canteen = |mut r: RawRow, c: &str| {
            r.canteen_id = c.into();
            r
        };
        let rows = vec![
            with_canteen(
                raw(2, "7479", "2022", "26330240800012", "CCAS DE LIBOURNE"),
                "1263",
            ),
            with_canteen(
                raw(3, "7476", "2022", "26330240800012", "RPA LE CARMEL"),
                "1258",
            ),
            with_canteen(
                raw(4, "310", "2021", "26330240800012", "RPA LE CARMEL"),
                "1258",
            ),
        ];
        let g = group(rows);
        assert_eq!(g.canteens.len(), 1);
        let kept: Vec<(u16, u64)> = g.canteens[0].rows.iter().map(|r| (r.annee, r.id)).collect();
        // 2021 is the other canteen's only: not shown as the CCAS's.
        assert_eq!(kept, vec![(2022, 7479)]);
        assert_eq!(g.canteens[0].years_without_row, vec![2021]);
        let lines: Vec<(Option<u64>, ProblemKind)> =
            g.problems.iter().map(|p| (p.ligne, p.kind)).collect();
        assert_eq!(
            lines,
            vec![
                (Some(3), ProblemKind::CantineEcartee),
                (Some(4), ProblemKind::CantineEcartee)
            ]
        );
        assert!(
            g.problems[0].raison.starts_with(
                "télédéclaration n° 7476 « RPA LE CARMEL » de 2022 non publiée : cantine n° 1258"
            ),
            "{}",
            g.problems[0].raison
        );
        let ecartees: Vec<(Option<u16>, Motif, Option<u64>)> = g
            .ecartees
            .iter()
            .map(|e| (e.campagne, e.motif, e.id_teledeclaration))
            .collect();
        assert_eq!(
            ecartees,
            vec![
                (Some(2022), Motif::AutreCantine, Some(7476)),
                (Some(2021), Motif::CantineDistincte, Some(310))
            ]
        );
    }

    #[test]
    fn row_level_refusals() {
        let mut empty = raw(5, "12", "2023", "21070017500016", "Vide");
        empty.ratio_bio = String::new();
        let mut over = raw(6, "13", "2023", "21910679600010", "Trop");
        over.ratio_bio = "0.8".into();
        let mut army = raw(7, "14", "2023", "18080903000018", "Caserne");
        army.ministry = "Armées".into();
        let army_other_year = raw(8, "9", "2022", "18080903000018", "Caserne");
        let rows = vec![
            raw(2, "10", "2021", "3473816260014", "AURIAM"),
            raw(
                3,
                "11",
                "2023",
                "213 501 265 00010",
                "CUISINE CENTRALE DE GUICHEN",
            ),
            raw(4, "x", "2023", "21070017500016", "Sans id"),
            empty,
            over,
            army,
            army_other_year,
        ];
        let g = group(rows);
        let kinds: Vec<(Option<u64>, ProblemKind)> =
            g.problems.iter().map(|p| (p.ligne, p.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (Some(2), ProblemKind::SiretInvalide),
                (Some(4), ProblemKind::LigneIllisible),
                (Some(6), ProblemKind::TauxInvalide),
                (Some(7), ProblemKind::Armee),
                (Some(8), ProblemKind::Armee),
                (Some(5), ProblemKind::TauxVide),
            ]
        );
        // The SIRET with spaces is normalised and imported.
        let sirets: Vec<&str> = g.canteens.iter().map(|c| c.siret.as_str()).collect();
        assert_eq!(sirets, vec!["21070017500016", "21350126500010"]);
        assert_eq!(
            g.canteens[0].rows[0].taux_bio.0,
            rust_decimal::Decimal::ZERO
        );
        assert_eq!(g.taux_vides, 1);
        // Refused rows are listed for counting, without naming the canteen.
        let refused: Vec<(Option<u16>, Motif)> =
            g.ecartees.iter().map(|e| (e.campagne, e.motif)).collect();
        assert_eq!(
            refused,
            vec![
                (Some(2021), Motif::SiretInvalide),
                (Some(2023), Motif::LigneIllisible),
                (Some(2023), Motif::TauxInvalides),
                (Some(2023), Motif::Armees),
                (Some(2022), Motif::Armees),
            ]
        );
        assert!(
            g.ecartees
                .iter()
                .all(|e| e.siret.is_empty() && e.nom.is_empty())
        );
    }
}
