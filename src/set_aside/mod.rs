//! The rows of the open data that the site does not publish, and why:
//! `declarations/ecartees.csv`, written by `cantine import opendata`,
//! checked by `cantine check`, published by `cantine build` as
//! `donnees/ecartees.csv` and as the page « Qualité des données »
//! (content/methodologie.md, « Import des données ouvertes »).
//!
//! The site is built from the repository, not from the open-data files:
//! what the import set aside must be in the repository for the build to
//! show it. A row names the canteen it comes from only when it was set
//! aside because several canteens share its SIRET; the rows refused for
//! other reasons (invalid SIRET, unreadable row, armed forces…) keep only
//! their campaign and reason, so that they can be counted and never named.

mod read;
mod write;

pub use read::{load, parse};
pub use write::{Forme, neutraliser, to_csv};

use crate::model::Taux;

/// The file, relative to the repository root.
pub const FICHIER: &str = "declarations/ecartees.csv";

/// Columns of `ecartees.csv`, in order, with what they hold (shown on the
/// « Qualité des données » page).
pub const COLONNES: &[(&str, &str)] = &[
    (
        "campagne",
        "Année de la campagne de télédéclaration (vide si illisible)",
    ),
    ("motif", "Code du motif (voir le tableau des motifs)"),
    (
        "siret",
        "SIRET sous lequel la cantine a télédéclaré (vide pour une ligne refusée, qui n'est jamais nommée)",
    ),
    (
        "id_teledeclaration",
        "Identifiant de la télédéclaration dans les données ouvertes ma cantine (colonne id)",
    ),
    (
        "ma_cantine_id",
        "Identifiant de la cantine sur la plateforme ma cantine (colonne canteen_id)",
    ),
    ("nom", "Nom de la cantine dans la télédéclaration"),
    ("code_insee", "Code INSEE de la commune, tel que publié"),
    ("taux_bio", "Part de produits bio déclarée, de 0 à 1"),
    (
        "taux_egalim_hors_bio",
        "Part des autres produits durables et de qualité, de 0 à 1",
    ),
    (
        "ma_cantine_id_retenue",
        "Identifiant ma cantine de la cantine présentée sur la page de ce SIRET",
    ),
    ("raison", "Pourquoi la ligne n'est pas publiée"),
];

/// Why a row is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Motif {
    /// Another canteen than the one the SIRET's page presents, which
    /// declared the same year.
    AutreCantine,
    /// Several canteens declared that year under the SIRET, not the one
    /// its page presents: which one stands for the establishment is unknown.
    CantineRetenueAbsente,
    /// The only row of its year, from a canteen that declared another year
    /// beside the one the page presents: a different canteen.
    CantineDistincte,
    /// Replaced by a more recent teledeclaration of the same canteen.
    Remplacee,
    /// The SIRET is invalid.
    SiretInvalide,
    /// The teledeclaration id or the year cannot be read.
    LigneIllisible,
    /// A ratio is not a share, or the two add up above 1.
    TauxInvalides,
    /// No row of the SIRET names the canteen.
    NomAbsent,
    /// An armed-forces canteen (confidential).
    Armees,
}

impl Motif {
    /// Every motif, in the order of the page.
    pub const ALL: [Motif; 9] = [
        Motif::AutreCantine,
        Motif::CantineRetenueAbsente,
        Motif::CantineDistincte,
        Motif::Remplacee,
        Motif::SiretInvalide,
        Motif::LigneIllisible,
        Motif::TauxInvalides,
        Motif::NomAbsent,
        Motif::Armees,
    ];

    /// The code written in the `motif` column.
    pub fn slug(self) -> &'static str {
        match self {
            Motif::AutreCantine => "autre_cantine",
            Motif::CantineRetenueAbsente => "cantine_retenue_absente",
            Motif::CantineDistincte => "cantine_distincte",
            Motif::Remplacee => "remplacee",
            Motif::SiretInvalide => "siret_invalide",
            Motif::LigneIllisible => "ligne_illisible",
            Motif::TauxInvalides => "taux_invalides",
            Motif::NomAbsent => "nom_absent",
            Motif::Armees => "armees",
        }
    }

    /// The motif of a code.
    pub fn from_slug(s: &str) -> Option<Motif> {
        Motif::ALL.into_iter().find(|m| m.slug() == s)
    }

    /// Whether its rows name the canteen (SIRET, ids, name, figures): only
    /// the rows set aside among canteens sharing a SIRET do.
    pub fn nomme(self) -> bool {
        matches!(
            self,
            Motif::AutreCantine
                | Motif::CantineRetenueAbsente
                | Motif::CantineDistincte
                | Motif::Remplacee
        )
    }

    /// What it means, in French, for the page's table of motifs.
    pub fn label(self) -> &'static str {
        match self {
            Motif::AutreCantine => {
                "une autre cantine que celle présentée sous ce SIRET, qui a télédéclaré la même année"
            }
            Motif::CantineRetenueAbsente => {
                "plusieurs cantines ont télédéclaré cette année-là sous ce SIRET, mais pas celle qui y est présentée"
            }
            Motif::CantineDistincte => {
                "seule ligne de son année, mais d'une cantine qui a télédéclaré une autre année à côté de celle présentée"
            }
            Motif::Remplacee => "remplacée par une télédéclaration plus récente de la même cantine",
            Motif::SiretInvalide => "SIRET invalide",
            Motif::LigneIllisible => "identifiant ou année de la télédéclaration illisible",
            Motif::TauxInvalides => "parts d'achats illisibles ou dont la somme dépasse 100 %",
            Motif::NomAbsent => "aucune télédéclaration du SIRET ne donne de nom",
            Motif::Armees => "cantine des armées (confidentialité : jamais nommée)",
        }
    }
}

/// One row of the open data not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecartee {
    /// Campaign year, when readable.
    pub campagne: Option<u16>,
    /// Why.
    pub motif: Motif,
    /// Normalised SIRET (empty when the motif names no canteen).
    pub siret: String,
    /// The teledeclaration's id (`id`).
    pub id_teledeclaration: Option<u64>,
    /// The canteen's id on the national platform (`canteen_id`).
    pub ma_cantine_id: Option<u64>,
    /// The canteen's name in the teledeclaration.
    pub nom: String,
    /// The commune's code, as published.
    pub code_insee: String,
    /// Organic share.
    pub taux_bio: Option<Taux>,
    /// Other EGalim share.
    pub taux_egalim_hors_bio: Option<Taux>,
    /// The platform id of the canteen the SIRET's page presents.
    pub ma_cantine_id_retenue: Option<u64>,
    /// Why, in French, with the ids involved.
    pub raison: String,
}

impl Ecartee {
    /// A refused row, which names nothing: only its campaign and reason.
    pub fn anonyme(campagne: Option<u16>, motif: Motif, raison: &str) -> Self {
        Ecartee {
            campagne,
            motif,
            siret: String::new(),
            id_teledeclaration: None,
            ma_cantine_id: None,
            nom: String::new(),
            code_insee: String::new(),
            taux_bio: None,
            taux_egalim_hors_bio: None,
            ma_cantine_id_retenue: None,
            raison: raison.to_string(),
        }
    }

    /// The order of the file: the named rows by SIRET, campaign and
    /// teledeclaration, then the refused rows by campaign and motif.
    fn cle(&self) -> impl Ord + '_ {
        (
            !self.motif.nomme(),
            &self.siret,
            self.campagne,
            self.id_teledeclaration,
            self.motif,
            &self.raison,
        )
    }
}

/// Sorts rows in the order of the file (the same rows, the same bytes).
pub fn trier(rows: &mut [Ecartee]) {
    rows.sort_by(|a, b| a.cle().cmp(&b.cle()));
}
