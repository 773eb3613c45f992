//! What an import did, and every row it could not import as-is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why a row (or a value of a row) was not imported as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// The row lacks a readable `id` or `year`: not imported.
    LigneIllisible,
    /// The canteen's SIRET is not valid even once spaces are removed: not imported.
    SiretInvalide,
    /// An armed-forces canteen (ministry `Armées`): never imported (SPEC §3.4).
    Armee,
    /// A ratio is not a number between 0 and 1, or the two sum above 1: not imported.
    TauxInvalide,
    /// An empty ratio cell, imported as 0 (a quirk of the export).
    TauxVide,
    /// A more recent teledeclaration of the same canteen and year replaces it.
    Doublon,
    /// Another canteen than the one the SIRET's page presents
    /// (`import::same_siret`): set aside, listed in `declarations/ecartees.csv`.
    CantineEcartee,
    /// The existing file holds a declared bilan for that year: kept, row skipped.
    BilanDeclare,
    /// The existing file cannot be read or parsed: left untouched.
    FichierIllisible,
    /// Several existing files carry this SIRET: left untouched.
    FichiersMultiples,
    /// No name in any row: not imported.
    NomAbsent,
    /// An INSEE code missing its leading zero, fixed.
    CodeInseeCorrige,
    /// An INSEE code that is no commune: not written.
    CodeInseeInconnu,
    /// A sector label that maps to no sector: dropped.
    SecteurInconnu,
    /// More than 3 sectors: the extra ones dropped.
    SecteursEnTrop,
    /// A ministry label that maps to no ministry: dropped.
    MinistereInconnu,
    /// A ministry where SPEC §3.4 forbids one: dropped.
    MinistereRetire,
    /// An unknown production type, management type, economic model or platform id: dropped.
    ValeurInconnue,
    /// A central-kitchen SIRET that is invalid or the canteen's own: dropped.
    CuisineCentraleInvalide,
    /// The existing file sits in another département folder than the data says: kept there.
    DossierDifferent,
}

impl ProblemKind {
    /// Short French description, used to group problems in the summary.
    pub fn label(self) -> &'static str {
        use ProblemKind::*;
        match self {
            LigneIllisible => "ligne illisible (id ou année) — non importée",
            SiretInvalide => "SIRET invalide — non importée",
            Armee => "cantine des armées — jamais importée (confidentialité)",
            TauxInvalide => "taux invalides — non importée",
            TauxVide => "taux vide importé comme 0",
            Doublon => "télédéclaration remplacée par une plus récente de la même cantine",
            CantineEcartee => {
                "autre cantine sous le même SIRET — écartée (declarations/ecartees.csv)"
            }
            BilanDeclare => "bilan déclaré déjà présent pour l'année — conservé",
            FichierIllisible => "fichier existant illisible — laissé tel quel",
            FichiersMultiples => "plusieurs fichiers existants pour le SIRET — laissés tels quels",
            NomAbsent => "nom absent — non importée",
            CodeInseeCorrige => "code INSEE sans son zéro initial — corrigé",
            CodeInseeInconnu => "code INSEE inconnu — non repris",
            SecteurInconnu => "secteur inconnu — non repris",
            SecteursEnTrop => "plus de 3 secteurs — secteurs en trop non repris",
            MinistereInconnu => "ministère inconnu — non repris",
            MinistereRetire => "ministère de tutelle non autorisé — non repris",
            ValeurInconnue => "valeur inconnue — non reprise",
            CuisineCentraleInvalide => "SIRET de cuisine centrale invalide — non repris",
            DossierDifferent => "fichier existant dans un autre dossier — laissé à sa place",
        }
    }
}

/// One row (or value) not imported as published.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The CSV file (or, for an existing declaration, the YAML file).
    pub fichier: String,
    /// 1-based line of the CSV row; `None` for a whole-file problem.
    pub ligne: Option<u64>,
    /// The canteen's SIRET as read (normalised when possible).
    pub siret: String,
    /// What kind of problem, for counting.
    pub kind: ProblemKind,
    /// What happened, in French, naming the offending value.
    pub raison: String,
}

/// Counts and problems of one import run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read, over all files.
    pub lignes_lues: u64,
    /// Number of CSV files read.
    pub fichiers_lus: usize,
    /// Declaration files created.
    pub cantines_creees: u64,
    /// Existing declaration files rewritten with new data.
    pub cantines_mises_a_jour: u64,
    /// Existing declaration files that already held the same data.
    pub cantines_inchangees: u64,
    /// Open-data bilans added (a year the file did not have).
    pub bilans_ajoutes: u64,
    /// Open-data bilans replaced by different figures.
    pub bilans_actualises: u64,
    /// Open-data bilans removed: every row of their year was set aside.
    pub bilans_retires: u64,
    /// Rows listed in `declarations/ecartees.csv`.
    pub lignes_ecartees: usize,
    /// Whether `declarations/ecartees.csv` was written (its content changed).
    pub ecartees_ecrit: bool,
    /// Empty ratio cells written as 0.
    pub taux_vides: u64,
    /// Every problem, sorted by file, line, SIRET.
    pub problemes: Vec<Problem>,
}

impl ImportReport {
    /// Whether some row or value was not imported as published.
    pub fn has_problems(&self) -> bool {
        !self.problemes.is_empty()
    }

    /// Number of problems of each kind, in the order of [`ProblemKind`].
    pub fn counts_by_kind(&self) -> BTreeMap<ProblemKind, usize> {
        let mut counts = BTreeMap::new();
        for p in &self.problemes {
            *counts.entry(p.kind).or_insert(0) += 1;
        }
        counts
    }

    /// French, human-readable summary followed by every problem.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let written = self.cantines_creees + self.cantines_mises_a_jour;
        let _ = writeln!(s, "Import des données ouvertes ma cantine");
        let _ = writeln!(
            s,
            "  {} lignes lues dans {} fichier(s)",
            self.lignes_lues, self.fichiers_lus
        );
        let _ = writeln!(
            s,
            "  {written} fichier(s) de cantine écrit(s) : {} créé(s), {} mis à jour ; {} inchangé(s)",
            self.cantines_creees, self.cantines_mises_a_jour, self.cantines_inchangees
        );
        let _ = writeln!(
            s,
            "  bilans : {} ajouté(s), {} actualisé(s), {} retiré(s)",
            self.bilans_ajoutes, self.bilans_actualises, self.bilans_retires
        );
        let _ = writeln!(
            s,
            "  {} ligne(s) non publiée(s) listée(s) dans {} ({})",
            self.lignes_ecartees,
            crate::set_aside::FICHIER,
            if self.ecartees_ecrit {
                "écrit"
            } else {
                "inchangé"
            }
        );
        if self.taux_vides > 0 {
            let _ = writeln!(s, "  {} taux vide(s) importé(s) comme 0", self.taux_vides);
        }
        if self.problemes.is_empty() {
            let _ = writeln!(s, "Aucun problème.");
            return s;
        }
        let _ = writeln!(s, "{} problème(s) :", self.problemes.len());
        for (kind, n) in self.counts_by_kind() {
            let _ = writeln!(s, "  {n:>6}  {}", kind.label());
        }
        let _ = writeln!(s, "Détail :");
        for p in &self.problemes {
            match p.ligne {
                Some(l) => {
                    let _ = write!(s, "  {}:{l}", p.fichier);
                }
                None => {
                    let _ = write!(s, "  {}", p.fichier);
                }
            }
            let _ = writeln!(s, " — SIRET {} — {}", p.siret, p.raison);
        }
        s
    }
}
