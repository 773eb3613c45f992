//! Reading `declarations/ecartees.csv` back: every problem becomes a
//! diagnostic at its line, in French, like those of the declarations.

use super::{COLONNES, Ecartee, FICHIER, Motif};
use crate::diagnostics::{Diagnostic, Severity, suggest};
use crate::model::{Taux, siret};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// Largest file accepted (a national import writes a few hundred rows).
const MAX_OCTETS: u64 = 16 * 1024 * 1024;

/// First campaign year the schema accepts (content/methodologie.md).
const PREMIERE_CAMPAGNE: u16 = 2019;

/// Reads `root/declarations/ecartees.csv`: `None` when there is none (a
/// repository the import never ran in), with the problems found.
pub fn load(root: &Path) -> (Option<Vec<Ecartee>>, Vec<Diagnostic>) {
    let path = root.join(FICHIER);
    let erreur = |code, message: String, aide: Option<&str>| {
        let d = Diagnostic::file_level(
            FICHIER,
            Severity::Error,
            code,
            message,
            aide.map(str::to_string),
        );
        (None, vec![d])
    };
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, Vec::new()),
        Err(e) => {
            return erreur(
                "lecture-impossible",
                format!("lecture impossible : {}", crate::load::io_message(&e)),
                None,
            );
        }
        Ok(m) if m.file_type().is_symlink() => {
            return erreur(
                "lien-symbolique",
                "les liens symboliques sont refusés dans declarations/".into(),
                Some("remplacez le lien par le fichier lui-même"),
            );
        }
        Ok(m) if m.len() > MAX_OCTETS => {
            return erreur(
                "fichier-trop-gros",
                format!("le fichier dépasse {} Mio", MAX_OCTETS / (1024 * 1024)),
                Some("ce fichier est écrit par cantine import opendata : relancez l'import"),
            );
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            return erreur(
                "lecture-impossible",
                format!("lecture impossible : {}", crate::load::io_message(&e)),
                None,
            );
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let (rows, diags) = parse(text);
            (Some(rows), diags)
        }
        Err(_) => erreur(
            "encodage",
            "le fichier n'est pas encodé en UTF-8".into(),
            Some("enregistrez le fichier en UTF-8"),
        ),
    }
}

/// A problem at one line of the file.
fn a_la_ligne(text: &str, line: u64, code: &'static str, message: String) -> Diagnostic {
    let source = text
        .lines()
        .nth(usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX))
        .map(str::to_string);
    Diagnostic {
        file: FICHIER.to_string(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: 1,
        length: source
            .as_deref()
            .map_or(1, |s| u32::try_from(s.chars().count()).unwrap_or(1)),
        severity: Severity::Error,
        code,
        message,
        help: Some(
            "ce fichier est écrit par cantine import opendata : relancez l'import plutôt que de le modifier à la main"
                .into(),
        ),
        source_line: source,
        fix: None,
    }
}

/// Parses the text of the file: the rows that read, and a diagnostic for
/// each line that does not.
pub fn parse(text: &str) -> (Vec<Ecartee>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let attendu: Vec<&str> = COLONNES.iter().map(|(c, _)| *c).collect();
    let mut entete_lue = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, csv::Position::line);
                // The csv crate's own text is English.
                let message = "CSV illisible à partir de cette ligne (un guillemet non refermé ?)";
                diags.push(a_la_ligne(text, line, "ecartees-csv", message.into()));
                break;
            }
        };
        let line = record.position().map_or(1, csv::Position::line);
        if !entete_lue {
            entete_lue = true;
            if record.iter().collect::<Vec<_>>() != attendu {
                let message = format!("en-tête attendu : {}", attendu.join(","));
                diags.push(a_la_ligne(text, line, "ecartees-entete", message));
                break;
            }
            continue;
        }
        let cells: Vec<&str> = record.iter().collect();
        match ligne(&cells) {
            Ok(e) => rows.push(e),
            Err((code, message)) => diags.push(a_la_ligne(text, line, code, message)),
        }
    }
    if !entete_lue {
        let message = format!("fichier vide : en-tête attendu : {}", attendu.join(","));
        diags.push(a_la_ligne(text, 1, "ecartees-entete", message));
    }
    (rows, diags)
}

type Refus = (&'static str, String);

/// One data line.
fn ligne(cells: &[&str]) -> Result<Ecartee, Refus> {
    let [
        campagne,
        motif,
        siret,
        id,
        cantine,
        nom,
        insee,
        bio,
        egalim,
        retenue,
        raison,
    ] = cells
    else {
        return Err((
            "ecartees-champs",
            format!("{} champ(s) au lieu de {}", cells.len(), COLONNES.len()),
        ));
    };
    let Some(motif) = Motif::from_slug(motif) else {
        let proche = suggest(motif, Motif::ALL.iter().map(|m| m.slug()))
            .map(|s| format!(" (vouliez-vous dire « {s} » ?)"))
            .unwrap_or_default();
        return Err((
            "ecartees-motif",
            format!("motif inconnu « {motif} »{proche}"),
        ));
    };
    let e = Ecartee {
        campagne: annee(campagne)?,
        motif,
        siret: siret.to_string(),
        id_teledeclaration: entier("id_teledeclaration", id)?,
        ma_cantine_id: entier("ma_cantine_id", cantine)?,
        nom: nom.to_string(),
        code_insee: insee.to_string(),
        taux_bio: taux("taux_bio", bio)?,
        taux_egalim_hors_bio: taux("taux_egalim_hors_bio", egalim)?,
        ma_cantine_id_retenue: entier("ma_cantine_id_retenue", retenue)?,
        raison: raison.trim().to_string(),
    };
    if e.raison.is_empty() {
        return Err(("ecartees-valeur", "la colonne « raison » est vide".into()));
    }
    if motif.nomme() {
        if siret::check(&e.siret).is_err() {
            return Err(("ecartees-valeur", format!("SIRET « {} » invalide", e.siret)));
        }
        if e.id_teledeclaration.is_none() {
            return Err((
                "ecartees-valeur",
                "la colonne « id_teledeclaration » est vide".into(),
            ));
        }
        return Ok(e);
    }
    // A refused row is only counted: it names no canteen.
    let nommant = [
        ("siret", siret),
        ("id_teledeclaration", id),
        ("ma_cantine_id", cantine),
        ("nom", nom),
        ("code_insee", insee),
        ("taux_bio", bio),
        ("taux_egalim_hors_bio", egalim),
        ("ma_cantine_id_retenue", retenue),
    ];
    match nommant.iter().find(|(_, v)| !v.is_empty()) {
        Some((colonne, _)) => Err((
            "ecartees-anonyme",
            format!(
                "une ligne de motif « {} » ne nomme aucune cantine : la colonne « {colonne} » doit être vide",
                motif.slug()
            ),
        )),
        None => Ok(e),
    }
}

fn annee(cell: &str) -> Result<Option<u16>, Refus> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<u16>() {
        Ok(y) if y >= PREMIERE_CAMPAGNE => Ok(Some(y)),
        _ => Err((
            "ecartees-valeur",
            format!("campagne « {cell} » : une année à partir de {PREMIERE_CAMPAGNE} est attendue"),
        )),
    }
}

fn entier(colonne: &str, cell: &str) -> Result<Option<u64>, Refus> {
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<u64>().map(Some).map_err(|_| {
        (
            "ecartees-valeur",
            format!("{colonne} « {cell} » : un nombre entier est attendu"),
        )
    })
}

fn taux(colonne: &str, cell: &str) -> Result<Option<Taux>, Refus> {
    if cell.is_empty() {
        return Ok(None);
    }
    match Decimal::from_str(cell) {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Ok(Some(Taux(d))),
        _ => Err((
            "ecartees-valeur",
            format!("{colonne} « {cell} » : une part entre 0 et 1 est attendue"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set_aside::write::{Forme, to_csv};

    const ENTETE: &str = "campagne,motif,siret,id_teledeclaration,ma_cantine_id,nom,code_insee,taux_bio,taux_egalim_hors_bio,ma_cantine_id_retenue,raison\n";

    #[test]
    fn what_the_import_writes_reads_back() {
        let mut nommee = Ecartee::anonyme(Some(2021), Motif::AutreCantine, "autre cantine");
        nommee.siret = "21760451100014".into();
        nommee.id_teledeclaration = Some(393);
        nommee.ma_cantine_id = Some(1048);
        nommee.nom = "Berthelot, \"maternelle\"".into();
        nommee.code_insee = "76451".into();
        nommee.taux_bio = Some(Taux(Decimal::new(1000, 4)));
        nommee.taux_egalim_hors_bio = Some(Taux(Decimal::ZERO));
        nommee.ma_cantine_id_retenue = Some(1054);
        let anonyme = Ecartee::anonyme(None, Motif::SiretInvalide, "SIRET invalide");
        let rows = vec![nommee, anonyme];
        let text = String::from_utf8(to_csv(&rows, Forme::Depot)).unwrap_or_default();
        let (lues, diags) = parse(&text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lues, rows);
        // The decimal keeps its published digits.
        assert!(text.contains(",0.1000,0,1054,"), "{text}");
    }

    #[test]
    fn each_bad_line_is_reported_at_its_line() {
        let text = format!(
            "{ENTETE}\
             2021,autre_cantine,21760451100014,393,1048,Berthelot,76451,0.1,0.2,1054,autre\n\
             2021,autre_cantin,21760451100014,394,1049,Crescendo,76451,0.1,0.2,1054,autre\n\
             2021,armees,18080903000018,,,,,,,,armées\n\
             2021,autre_cantine,21760451100015,395,1050,X,76451,0.1,0.2,1054,autre\n\
             2021,autre_cantine,21760451100014,396,1051,X,76451,1.5,0.2,1054,autre\n\
             2021,remplacee,21760451100014\n\
             2021,siret_invalide,,,,,,,,,\n"
        );
        let (rows, diags) = parse(&text);
        assert_eq!(rows.len(), 1);
        let vus: Vec<(u32, &str)> = diags.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            vus,
            vec![
                (3, "ecartees-motif"),
                (4, "ecartees-anonyme"),
                (5, "ecartees-valeur"),
                (6, "ecartees-valeur"),
                (7, "ecartees-champs"),
                (8, "ecartees-valeur"),
            ]
        );
        assert!(
            diags[0].message.contains("« autre_cantine »"),
            "{}",
            diags[0].message
        );
        assert!(
            diags[1].message.contains("« siret » doit être vide"),
            "{}",
            diags[1].message
        );
        assert!(
            diags[3].message.contains("taux_bio « 1.5 »"),
            "{}",
            diags[3].message
        );
        assert_eq!(diags[4].message, "3 champ(s) au lieu de 11");
        assert_eq!(
            diags[4].source_line.as_deref(),
            Some("2021,remplacee,21760451100014")
        );
    }

    #[test]
    fn a_wrong_header_stops_the_reading() {
        let (rows, diags) = parse("annee,motif\n2021,armees\n");
        assert!(rows.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].code), (1, "ecartees-entete"));
        let (_, diags) = parse("");
        assert_eq!(diags[0].code, "ecartees-entete");
    }
}
