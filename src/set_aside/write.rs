//! Writing `ecartees.csv`: the repository's file (as the import writes it)
//! and the published copy (whose text cells cannot run as formulas).

use super::{COLONNES, Ecartee};

/// Which copy of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forme {
    /// `declarations/ecartees.csv`: values as published by the open data,
    /// lines ending with `\n` (one line per row in diffs).
    Depot,
    /// `donnees/ecartees.csv` on the site: lines ending with `\r\n` like
    /// the site's other CSV files, and a cell starting with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return preceded by `'`, so that a
    /// spreadsheet shows it as text instead of running it.
    Publication,
}

/// `value`, preceded by `'` when a spreadsheet would read it as a formula.
pub fn neutraliser(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn nombre(n: Option<impl ToString>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The cells of one row, in the order of [`COLONNES`].
fn cellules(e: &Ecartee) -> [String; 11] {
    [
        nombre(e.campagne),
        e.motif.slug().to_string(),
        e.siret.clone(),
        nombre(e.id_teledeclaration),
        nombre(e.ma_cantine_id),
        e.nom.clone(),
        e.code_insee.clone(),
        nombre(e.taux_bio.map(|t| t.0)),
        nombre(e.taux_egalim_hors_bio.map(|t| t.0)),
        nombre(e.ma_cantine_id_retenue),
        e.raison.clone(),
    ]
}

/// The file's bytes: the header, then one line per row, in the given order.
pub fn to_csv(rows: &[Ecartee], forme: Forme) -> Vec<u8> {
    let terminator = match forme {
        Forme::Depot => csv::Terminator::Any(b'\n'),
        Forme::Publication => csv::Terminator::CRLF,
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(COLONNES.iter().map(|(c, _)| *c));
    for e in rows {
        let cells = cellules(e);
        let _ = match forme {
            Forme::Depot => w.write_record(&cells),
            Forme::Publication => w.write_record(cells.iter().map(|c| neutraliser(c).into_owned())),
        };
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_only_in_the_published_copy() {
        assert_eq!(neutraliser("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for f in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutraliser(f).starts_with('\''), "{f:?}");
        }
        for ok in ["École", "0.25", "", "'déjà"] {
            assert_eq!(neutraliser(ok), ok);
        }
        let mut e = Ecartee::anonyme(Some(2022), super::super::Motif::Armees, "x");
        e.raison = "=1+1".into();
        let depot =
            String::from_utf8(to_csv(std::slice::from_ref(&e), Forme::Depot)).unwrap_or_default();
        assert!(depot.ends_with("2022,armees,,,,,,,,,=1+1\n"), "{depot}");
        let publie = String::from_utf8(to_csv(&[e], Forme::Publication)).unwrap_or_default();
        assert!(
            publie.ends_with("2022,armees,,,,,,,,,'=1+1\r\n"),
            "{publie}"
        );
        assert!(publie.starts_with("campagne,motif,siret,id_teledeclaration,"));
    }
}
