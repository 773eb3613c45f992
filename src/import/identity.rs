//! A canteen's identity from its open-data rows: each field from the most
//! recent year that has a usable value, falling back to older years.
//!
//! Each field keeps the problems met on the way (an unknown INSEE code in
//! 2023, a dropped sector…), so that the merge can report them only for the
//! fields it actually takes from the open data.

use super::clean::{Insee, clean_insee, parse_sectors};
use super::group::Row;
use super::report::{Problem, ProblemKind};
use crate::model::{
    Ministere, ModeleEconomique, Secteur, TypeGestion, TypeProduction, siret, territory,
};

/// One identity field: the value found (if any), the row it came from, and
/// the problems met in the rows looked at.
#[derive(Debug, Clone)]
pub struct Picked<T> {
    /// The value to write.
    pub value: Option<T>,
    /// Index (in the canteen's rows) of the row the value came from.
    pub from: Option<usize>,
    /// Problems of the rows looked at, newest first.
    pub problems: Vec<Problem>,
}

/// What one row says about one field.
enum Cell<T> {
    /// Nothing: look at older rows.
    Empty,
    /// A usable value, with notes on what was fixed or dropped.
    Value(T, Vec<Problem>),
    /// An unusable value: report it, look at older rows.
    Invalid(Vec<Problem>),
}

/// Looks at rows newest first and stops at the first usable value.
fn pick<T>(rows: &[Row], read: impl Fn(&Row) -> Cell<T>) -> Picked<T> {
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match read(row) {
            Cell::Empty => {}
            Cell::Invalid(p) => problems.extend(p),
            Cell::Value(v, p) => {
                problems.extend(p);
                return Picked {
                    value: Some(v),
                    from: Some(i),
                    problems,
                };
            }
        }
    }
    Picked {
        value: None,
        from: None,
        problems,
    }
}

/// Everything the open data says about a canteen's identity.
#[derive(Debug, Clone)]
pub struct OpenIdentity {
    /// `canteen_name`, trimmed.
    pub nom: Picked<String>,
    /// Known commune code.
    pub code_insee: Picked<String>,
    /// 1 to 3 sectors.
    pub secteurs: Picked<Vec<Secteur>>,
    /// Production type.
    pub type_production: Picked<TypeProduction>,
    /// Management type.
    pub type_gestion: Picked<TypeGestion>,
    /// Economic model.
    pub modele_economique: Picked<ModeleEconomique>,
    /// Line ministry, before the rule of SPEC §3.4 is applied.
    pub ministere: Picked<Ministere>,
    /// Valid central-kitchen SIRET, not the canteen's own.
    pub siret_cuisine_centrale: Picked<String>,
    /// Id on the national platform.
    pub ma_cantine_id: Picked<u64>,
    /// Valid `canteen_department` code (used when there is no INSEE code).
    pub departement: Option<&'static str>,
}

/// Reads a slug cell (`public`, `direct`, `site`…).
fn slug_cell<T>(row: &Row, cell: &str, what: &str, from_slug: fn(&str) -> Option<T>) -> Cell<T> {
    let t = cell.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    match from_slug(t) {
        Some(v) => Cell::Value(v, Vec::new()),
        None => Cell::Invalid(vec![row.problem(
            ProblemKind::ValeurInconnue,
            format!("{what} « {t} » inconnu : non repris"),
        )]),
    }
}

/// Reads the identity of a canteen from its rows (newest first).
pub fn read_identity(rows: &[Row]) -> OpenIdentity {
    OpenIdentity {
        nom: pick(rows, |r| {
            let n = r.raw.name.trim();
            if n.is_empty() {
                Cell::Empty
            } else {
                Cell::Value(n.to_string(), Vec::new())
            }
        }),
        code_insee: pick(rows, |r| match clean_insee(&r.raw.insee) {
            Insee::Empty => Cell::Empty,
            Insee::Valid(c) => Cell::Value(c, Vec::new()),
            Insee::Padded { from, to } => {
                let p = r.problem(
                    ProblemKind::CodeInseeCorrige,
                    format!("code INSEE « {from} » corrigé en « {to} » (zéro initial perdu)"),
                );
                Cell::Value(to, vec![p])
            }
            Insee::Unknown(c) => Cell::Invalid(vec![r.problem(
                ProblemKind::CodeInseeInconnu,
                format!("code INSEE « {c} » : aucune commune ne porte ce code ; non repris"),
            )]),
        }),
        secteurs: pick(rows, |r| {
            let s = parse_sectors(&r.raw.sectors);
            let mut problems: Vec<Problem> = s
                .unknown
                .iter()
                .map(|l| {
                    r.problem(
                        ProblemKind::SecteurInconnu,
                        format!("secteur « {l} » inconnu : non repris"),
                    )
                })
                .collect();
            if !s.dropped.is_empty() {
                problems.push(r.problem(
                    ProblemKind::SecteursEnTrop,
                    format!(
                        "plus de 3 secteurs : « {} » non repris (3 au plus)",
                        s.dropped.join(" », « ")
                    ),
                ));
            }
            match (s.kept.is_empty(), problems.is_empty()) {
                (false, _) => Cell::Value(s.kept, problems),
                (true, true) => Cell::Empty,
                (true, false) => Cell::Invalid(problems),
            }
        }),
        type_production: pick(rows, |r| {
            slug_cell(
                r,
                &r.raw.production_type,
                "type de production",
                TypeProduction::from_slug,
            )
        }),
        type_gestion: pick(rows, |r| {
            slug_cell(
                r,
                &r.raw.management_type,
                "type de gestion",
                TypeGestion::from_slug,
            )
        }),
        modele_economique: pick(rows, |r| {
            slug_cell(
                r,
                &r.raw.economic_model,
                "modèle économique",
                ModeleEconomique::from_slug,
            )
        }),
        ministere: pick(rows, |r| {
            let t = r.raw.ministry.trim();
            if t.is_empty() {
                return Cell::Empty;
            }
            match Ministere::from_label(t) {
                Some(m) => Cell::Value(m, Vec::new()),
                None => Cell::Invalid(vec![r.problem(
                    ProblemKind::MinistereInconnu,
                    format!("ministère « {t} » inconnu : non repris"),
                )]),
            }
        }),
        siret_cuisine_centrale: pick(rows, |r| {
            let raw = r.raw.central_kitchen_siret.trim();
            if raw.is_empty() {
                return Cell::Empty;
            }
            let k = siret::normalize(raw);
            let why = if k == r.siret {
                "est celui de la cantine elle-même"
            } else if siret::check(&k).is_err() {
                "n'est pas un SIRET valide"
            } else {
                return Cell::Value(k, Vec::new());
            };
            Cell::Invalid(vec![r.problem(
                ProblemKind::CuisineCentraleInvalide,
                format!("SIRET de cuisine centrale « {raw} » {why} : non repris"),
            )])
        }),
        ma_cantine_id: pick(rows, |r| {
            let t = r.raw.canteen_id.trim();
            if t.is_empty() {
                return Cell::Empty;
            }
            match t.parse::<u64>() {
                Ok(id) => Cell::Value(id, Vec::new()),
                Err(_) => Cell::Invalid(vec![r.problem(
                    ProblemKind::ValeurInconnue,
                    format!("identifiant ma cantine « {t} » illisible : non repris"),
                )]),
            }
        }),
        departement: rows
            .iter()
            .find_map(|r| territory::departement(r.raw.department.trim()).map(|d| d.code)),
    }
}

/// Why SPEC §3.4 forbids a ministry for this canteen, if it does: only a
/// public canteen with a sector that requires one may name a ministry.
pub fn ministere_interdit(
    modele: Option<ModeleEconomique>,
    secteurs: Option<&[Secteur]>,
) -> Option<&'static str> {
    match modele {
        Some(ModeleEconomique::Prive) => Some("cantine privée"),
        None => Some("modèle économique inconnu"),
        Some(ModeleEconomique::Public) => match secteurs {
            None | Some([]) => Some("secteurs inconnus"),
            Some(s) if !s.iter().any(|x| x.ministere_requis()) => {
                Some("aucun de ses secteurs n'a de ministère de tutelle")
            }
            Some(_) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::rows::RawRow;
    use crate::model::Taux;
    use std::sync::Arc;

    fn row(annee: u16, f: impl FnOnce(&mut RawRow)) -> Row {
        let mut raw = RawRow {
            fichier: Arc::from("t.csv"),
            ligne: u64::from(annee),
            ..RawRow::default()
        };
        f(&mut raw);
        Row {
            raw,
            siret: "21070017500016".into(),
            id: u64::from(annee),
            annee,
            taux_bio: Taux::default(),
            taux_egalim_hors_bio: Taux::default(),
        }
    }

    #[test]
    fn newest_usable_value_wins_field_by_field() {
        let rows = vec![
            row(2023, |r| {
                r.name = "Cantine 2023".into();
                r.insee = "31000".into();
                r.sectors = "Crèche".into();
            }),
            row(2022, |r| {
                r.name = "Cantine 2022".into();
                r.insee = "7019".into();
                r.economic_model = "public".into();
                r.central_kitchen_siret = "21070017500016".into();
            }),
            row(2021, |r| r.insee = "07017".into()),
        ];
        let id = read_identity(&rows);
        assert_eq!(id.nom.value.as_deref(), Some("Cantine 2023"));
        assert_eq!(id.secteurs.value, Some(vec![Secteur::SocialCreche]));
        // 2023 is a postal code, 2022 lost its zero: the fixed 2022 code wins.
        assert_eq!(id.code_insee.value.as_deref(), Some("07019"));
        let kinds: Vec<_> = id.code_insee.problems.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![ProblemKind::CodeInseeInconnu, ProblemKind::CodeInseeCorrige]
        );
        assert_eq!(id.modele_economique.value, Some(ModeleEconomique::Public));
        assert_eq!(id.siret_cuisine_centrale.value, None);
        assert_eq!(
            id.siret_cuisine_centrale.problems[0].kind,
            ProblemKind::CuisineCentraleInvalide
        );
    }

    #[test]
    fn ministry_rule() {
        use ModeleEconomique::*;
        assert_eq!(
            ministere_interdit(Some(Public), Some(&[Secteur::AdministrationPrison])),
            None
        );
        assert_eq!(
            ministere_interdit(Some(Prive), Some(&[Secteur::AdministrationPrison])),
            Some("cantine privée")
        );
        assert!(ministere_interdit(Some(Public), Some(&[Secteur::EducationPrimaire])).is_some());
        assert!(ministere_interdit(Some(Public), None).is_some());
    }
}
