//! Tests of `group` (row-level checks, grouping by SIRET).

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
