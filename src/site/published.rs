//! A published canteen: its declaration, where it lives, and its
//! indicators — what every page and export of the site reads.
//!
//! The indicators are computed when first asked for: a rebuild after one
//! change asks only for those of the canteens whose pages, export pieces,
//! search shards or aggregate groups are made again (the others are kept
//! from the previous build).

use crate::indicators::{CantineIndicateurs, compute_dans, objectifs_du_dernier};
use crate::model::Declaration;
use crate::model::territory::{self, Commune, Departement, Region};
use std::sync::OnceLock;

/// One canteen as the site shows it. A clone copies references (and the
/// indicators, if computed already).
#[derive(Debug, Clone)]
pub struct Cantine<'a> {
    /// The declaration as written.
    pub decl: &'a Declaration,
    /// Its commune, when `code_insee` is known.
    pub commune: Option<&'static Commune>,
    /// Its département: from the commune, else from the file's folder.
    pub departement: Option<&'static Departement>,
    /// Its région.
    pub region: Option<&'static Region>,
    /// The declaration of the central kitchen it names, when published.
    central: Option<&'a Declaration>,
    /// Its file's folder under `declarations/`.
    dossier: &'a str,
    /// The keys of its file and of its central kitchen's file (0 when
    /// there is none), for the keys of its outputs (see
    /// [`Cantine::avec_cles`]).
    cles: (u128, u128),
    /// Its indicators, once computed.
    ind: OnceLock<CantineIndicateurs>,
}

impl<'a> Cantine<'a> {
    /// Assembles a canteen; `folder` is the file's folder under
    /// `declarations/`, `central` the published declaration of the central
    /// kitchen it names.
    pub fn new(decl: &'a Declaration, folder: &'a str, central: Option<&'a Declaration>) -> Self {
        let commune = decl.code_insee.as_deref().and_then(territory::commune);
        let departement = commune
            .and_then(|c| territory::departement(c.departement))
            .or_else(|| territory::departement(folder));
        let region = departement.and_then(|d| d.region());
        Cantine {
            decl,
            commune,
            departement,
            region,
            central,
            dossier: folder,
            cles: (0, 0),
            ind: OnceLock::new(),
        }
    }

    /// The same canteen, knowing the keys of its file and of its central
    /// kitchen's file (0 when that file is unknown): its outputs' keys are
    /// made from them without looking the two files up by SIRET.
    pub fn avec_cles(self, fichier: u128, central: u128) -> Self {
        Cantine {
            cles: (fichier, central),
            ..self
        }
    }

    /// The key of its file (0 when not given, see [`Cantine::avec_cles`]).
    pub fn cle_fichier(&self) -> u128 {
        self.cles.0
    }

    /// The key of its central kitchen's file, when it names one.
    pub fn cle_centrale(&self) -> Option<u128> {
        self.decl
            .siret_cuisine_centrale
            .as_ref()
            .map(|_| self.cles.1)
    }

    /// Its indicators (computed at the first call).
    pub fn ind(&self) -> &CantineIndicateurs {
        self.ind
            .get_or_init(|| compute_dans(self.decl, self.central, Some(self.dossier)))
    }

    /// Whether the latest bilan meets the organic and EGalim objectives
    /// (`None`: unknown, or no bilan): from that bilan's organic and
    /// EGalim shares alone, when the canteen's indicators are not computed.
    pub fn objectifs_du_dernier(&self) -> Option<bool> {
        match self.ind.get() {
            Some(ind) => ind.bilans.first()?.objectifs_atteints,
            None => objectifs_du_dernier(self.decl, self.central, Some(self.dossier)),
        }
    }

    /// The canteen's page, relative to the site root.
    pub fn url(&self) -> String {
        // Room for the `index.html` that `Job::path` adds.
        let mut url = String::with_capacity(self.decl.siret.len() + 20);
        url.push_str("cantines/");
        url.push_str(&self.decl.siret);
        url.push('/');
        url
    }

    /// The latest data year, if any bilan (that of the indicators' first
    /// bilan).
    pub fn derniere_annee(&self) -> Option<u16> {
        self.decl.bilans.derniere_annee()
    }
}
