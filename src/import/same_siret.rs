//! One SIRET, one canteen: which teledeclarations of a SIRET its page
//! presents, and which are set aside (content/methodologie.md, « Import des
//! données ouvertes »).
//!
//! Several canteens of the national platform (`canteen_id`) may declare
//! under one SIRET, typically a commune's SIRET for all its school
//! canteens. The SIRET's page presents one canteen, the one of its most
//! recent teledeclaration: a time series is one canteen's. In each year:
//! - that canteen's latest teledeclaration is kept (an older one of the
//!   same year is replaced);
//! - the other canteens' rows are set aside;
//! - when that canteen did not declare, a year of one canteen only keeps
//!   it (the platform may have given the establishment a new id) unless
//!   that canteen declared another year beside the presented one (then it
//!   is another canteen); a year of several canteens keeps none (which one
//!   stands for the establishment is unknown).
//!
//! Rows without a readable `canteen_id` count as one canteen.

use super::group::Row;
use crate::set_aside::{Ecartee, Motif};
use std::collections::{BTreeMap, BTreeSet};

/// A canteen of the platform: its `canteen_id`, if readable.
type CanteenId = Option<u64>;

/// What the rule keeps and sets aside of one SIRET's rows.
#[derive(Debug, Default)]
pub struct Selection {
    /// At most one row per year, newest year first.
    pub kept: Vec<Row>,
    /// The rows set aside, each with its motif and reason.
    pub set_aside: Vec<SetAside>,
    /// Years with rows of which none is kept, newest first.
    pub years_without_row: Vec<u16>,
}

/// A row set aside.
#[derive(Debug)]
pub struct SetAside {
    /// The row.
    pub row: Row,
    /// Why.
    pub motif: Motif,
    /// Why, in French, with the ids involved.
    pub raison: String,
    /// The canteen the SIRET's page presents.
    pub retained: CanteenId,
}

impl SetAside {
    /// The line of `ecartees.csv`.
    pub fn ecartee(&self) -> Ecartee {
        let r = &self.row;
        Ecartee {
            campagne: Some(r.annee),
            motif: self.motif,
            siret: r.siret.clone(),
            id_teledeclaration: Some(r.id),
            ma_cantine_id: canteen_id(r),
            nom: r.raw.name.trim().to_string(),
            code_insee: r.raw.insee.trim().to_string(),
            taux_bio: Some(r.taux_bio),
            taux_egalim_hors_bio: Some(r.taux_egalim_hors_bio),
            ma_cantine_id_retenue: self.retained,
            raison: self.raison.clone(),
        }
    }
}

/// The canteen of a row.
pub fn canteen_id(row: &Row) -> CanteenId {
    row.raw.canteen_id.trim().parse().ok()
}

/// A canteen as the reasons name it.
fn shown(c: CanteenId) -> String {
    match c {
        Some(id) => format!("n° {id}"),
        None => "sans identifiant".to_string(),
    }
}

/// Applies the rule to the rows of one SIRET, sorted newest first (year,
/// then id, descending).
pub fn select(rows: Vec<Row>) -> Selection {
    let mut out = Selection::default();
    let Some(retained) = rows.first().map(canteen_id) else {
        return out;
    };
    let mut by_year: BTreeMap<u16, Vec<Row>> = BTreeMap::new();
    for row in rows {
        by_year.entry(row.annee).or_default().push(row);
    }
    let rule = Rule {
        retained,
        beside: beside(&by_year, retained),
    };
    for (year, rows) in by_year.into_iter().rev() {
        rule.year(year, rows, &mut out);
    }
    out
}

/// The canteens seen beside `retained` in one year, each with the latest
/// such year: they are other canteens.
fn beside(by_year: &BTreeMap<u16, Vec<Row>>, retained: CanteenId) -> BTreeMap<CanteenId, u16> {
    let mut out = BTreeMap::new();
    for (year, rows) in by_year {
        if rows.iter().any(|r| canteen_id(r) == retained) {
            for c in rows.iter().map(canteen_id).filter(|c| *c != retained) {
                out.insert(c, *year);
            }
        }
    }
    out
}

/// The rule for one SIRET.
struct Rule {
    /// The canteen its page presents.
    retained: CanteenId,
    /// Other canteens known to be distinct (see [`beside`]).
    beside: BTreeMap<CanteenId, u16>,
}

impl Rule {
    fn set_aside(&self, row: Row, motif: Motif, raison: String) -> SetAside {
        SetAside {
            row,
            motif,
            raison,
            retained: self.retained,
        }
    }

    /// One year's rows (newest first).
    fn year(&self, year: u16, rows: Vec<Row>, out: &mut Selection) {
        let canteens: BTreeSet<CanteenId> = rows.iter().map(canteen_id).collect();
        let single = match canteens.len() {
            1 => canteens.first().copied(),
            _ => None,
        };
        let chosen = if canteens.contains(&self.retained) {
            Some(self.retained)
        } else {
            single.filter(|c| !self.beside.contains_key(c))
        };
        match chosen {
            Some(c) => self.keep(c, year, rows, out),
            None => {
                out.years_without_row.push(year);
                for row in rows {
                    let (motif, raison) = self.why_none(&row, year, single, canteens.len());
                    out.set_aside.push(self.set_aside(row, motif, raison));
                }
            }
        }
    }

    /// Keeps the latest row of canteen `chosen`; sets the others aside.
    fn keep(&self, chosen: CanteenId, year: u16, rows: Vec<Row>, out: &mut Selection) {
        let mut kept: Option<u64> = None;
        for row in rows {
            let c = canteen_id(&row);
            if c != chosen {
                let raison = format!(
                    "cantine {}, autre que la cantine {} présentée sous ce SIRET, qui a aussi télédéclaré pour {year}",
                    shown(c),
                    shown(chosen)
                );
                out.set_aside
                    .push(self.set_aside(row, Motif::AutreCantine, raison));
            } else if let Some(newer) = kept {
                let raison = format!(
                    "remplacée par la télédéclaration n° {newer}, plus récente, de la même cantine"
                );
                out.set_aside
                    .push(self.set_aside(row, Motif::Remplacee, raison));
            } else {
                kept = Some(row.id);
                out.kept.push(row);
            }
        }
    }

    /// Why a row of a year that keeps none is set aside.
    fn why_none(
        &self,
        row: &Row,
        year: u16,
        single: Option<CanteenId>,
        canteens: usize,
    ) -> (Motif, String) {
        let c = canteen_id(row);
        match self.beside.get(&c) {
            Some(y) if single.is_some() => (
                Motif::CantineDistincte,
                format!(
                    "la cantine {} a télédéclaré pour {y} sous ce SIRET à côté de la cantine {} qui y est présentée : ce sont deux cantines distinctes",
                    shown(c),
                    shown(self.retained)
                ),
            ),
            _ => (
                Motif::CantineRetenueAbsente,
                format!(
                    "{canteens} cantines ont télédéclaré pour {year} sous ce SIRET, mais pas la cantine {} qui y est présentée : on ne peut savoir laquelle représente l'établissement",
                    shown(self.retained)
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::rows::RawRow;
    use crate::model::Taux;
    use std::sync::Arc;

    /// A row of SIRET 21760451100014: (year, teledeclaration id, canteen id).
    fn row((annee, id, cantine): (u16, u64, &str)) -> Row {
        Row {
            raw: RawRow {
                fichier: Arc::from("t.csv"),
                ligne: id,
                canteen_id: cantine.into(),
                name: format!("Cantine {cantine}"),
                ..RawRow::default()
            },
            siret: "21760451100014".into(),
            id,
            annee,
            taux_bio: Taux::default(),
            taux_egalim_hors_bio: Taux::default(),
        }
    }

    /// The rule over rows given in any order (sorted as `group` sorts them).
    fn run(rows: &[(u16, u64, &str)]) -> Selection {
        let mut rows: Vec<Row> = rows.iter().copied().map(row).collect();
        rows.sort_by_key(|r| std::cmp::Reverse((r.annee, r.id)));
        select(rows)
    }

    fn kept(s: &Selection) -> Vec<(u16, u64)> {
        s.kept.iter().map(|r| (r.annee, r.id)).collect()
    }

    fn set_aside(s: &Selection) -> Vec<(u64, Motif)> {
        s.set_aside.iter().map(|e| (e.row.id, e.motif)).collect()
    }

    #[test]
    fn distinct_canteens_of_one_siret_keep_the_presented_one_each_year() {
        // Real case of 21760451100014 (Saint-Étienne-du-Rouvray), reduced:
        // canteen 1054 is the 2023 one; 2021 and 2022 hold it and others.
        let s = run(&[
            (2021, 393, "1048"),
            (2021, 399, "1054"),
            (2021, 400, "1055"),
            (2022, 3000, "1049"),
            (2022, 3005, "1054"),
            (2023, 9000, "1054"),
        ]);
        assert_eq!(kept(&s), vec![(2023, 9000), (2022, 3005), (2021, 399)]);
        // Today's highest id of 2021 (400) is another canteen: set aside.
        assert_eq!(
            set_aside(&s),
            vec![
                (3000, Motif::AutreCantine),
                (400, Motif::AutreCantine),
                (393, Motif::AutreCantine)
            ]
        );
        assert!(s.years_without_row.is_empty());
        let e = s.set_aside[1].ecartee();
        assert_eq!(
            (e.ma_cantine_id, e.ma_cantine_id_retenue),
            (Some(1055), Some(1054))
        );
        assert_eq!(
            e.raison,
            "cantine n° 1055, autre que la cantine n° 1054 présentée sous ce SIRET, qui a aussi télédéclaré pour 2021"
        );
    }

    #[test]
    fn a_year_without_the_presented_canteen_keeps_no_row() {
        // Real case of 21830153900019: 1744 and 1745 in 2021, 1740 since.
        let s = run(&[
            (2021, 486, "1745"),
            (2021, 487, "1744"),
            (2022, 5000, "1740"),
            (2023, 9000, "1740"),
        ]);
        assert_eq!(kept(&s), vec![(2023, 9000), (2022, 5000)]);
        assert_eq!(
            set_aside(&s),
            vec![
                (487, Motif::CantineRetenueAbsente),
                (486, Motif::CantineRetenueAbsente)
            ]
        );
        assert_eq!(s.years_without_row, vec![2021]);
        assert!(s.set_aside[0].raison.starts_with(
            "2 cantines ont télédéclaré pour 2021 sous ce SIRET, mais pas la cantine n° 1740"
        ));
    }

    #[test]
    fn a_lone_row_is_kept_unless_its_canteen_is_known_to_be_another() {
        // Real case of 26750045201928: 46359 alone in 2021 and 2022, then
        // beside 91040 (the presented canteen) in 2023.
        let s = run(&[
            (2021, 4864, "46359"),
            (2022, 8459, "46359"),
            (2023, 15842, "46359"),
            (2023, 17838, "91040"),
        ]);
        assert_eq!(kept(&s), vec![(2023, 17838)]);
        assert_eq!(
            set_aside(&s),
            vec![
                (15842, Motif::AutreCantine),
                (8459, Motif::CantineDistincte),
                (4864, Motif::CantineDistincte)
            ]
        );
        assert_eq!(s.years_without_row, vec![2022, 2021]);
        assert!(
            s.set_aside[1]
                .raison
                .contains("a télédéclaré pour 2023 sous ce SIRET à côté de la cantine n° 91040"),
            "{}",
            s.set_aside[1].raison
        );
        // A new platform id for the same establishment, never beside the
        // presented one: its years are kept.
        let s = run(&[(2021, 10, "500"), (2022, 20, "600"), (2023, 30, "600")]);
        assert_eq!(kept(&s), vec![(2023, 30), (2022, 20), (2021, 10)]);
        assert!(s.set_aside.is_empty());
    }

    #[test]
    fn a_redeclaration_of_the_same_canteen_is_replaced() {
        let s = run(&[(2022, 7476, "1263"), (2022, 7479, "1263"), (2021, 310, "")]);
        assert_eq!(kept(&s), vec![(2022, 7479), (2021, 310)]);
        assert_eq!(set_aside(&s), vec![(7476, Motif::Remplacee)]);
        assert_eq!(
            s.set_aside[0].raison,
            "remplacée par la télédéclaration n° 7479, plus récente, de la même cantine"
        );
        // Rows without a canteen id count as one canteen.
        let s = run(&[(2022, 2, ""), (2022, 1, "")]);
        assert_eq!(kept(&s), vec![(2022, 2)]);
        assert_eq!(set_aside(&s), vec![(1, Motif::Remplacee)]);
    }

    #[test]
    fn the_outcome_does_not_depend_on_the_reading_order() {
        let rows = [
            (2021, 393, "1048"),
            (2021, 399, "1054"),
            (2022, 3000, "1049"),
            (2022, 3005, "1054"),
            (2023, 9000, "1054"),
            (2023, 8000, "1049"),
        ];
        let a = run(&rows);
        let mut reversed = rows;
        reversed.reverse();
        let b = run(&reversed);
        assert_eq!(kept(&a), kept(&b));
        let lines =
            |s: &Selection| -> Vec<Ecartee> { s.set_aside.iter().map(SetAside::ecartee).collect() };
        assert_eq!(lines(&a), lines(&b));
    }
}
