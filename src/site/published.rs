//! A published canteen: its declaration, where it lives, and its
//! indicators — what every page and export of the site reads.

use crate::indicators::CantineIndicateurs;
use crate::model::Declaration;
use crate::model::territory::{self, Commune, Departement, Region};

/// One canteen as the site shows it.
#[derive(Debug)]
pub struct Cantine<'a> {
    /// The declaration as written.
    pub decl: &'a Declaration,
    /// Its commune, when `code_insee` is known.
    pub commune: Option<&'static Commune>,
    /// Its département: from the commune, else from the file's folder.
    pub departement: Option<&'static Departement>,
    /// Its région.
    pub region: Option<&'static Region>,
    /// Its indicators.
    pub ind: CantineIndicateurs,
}

impl<'a> Cantine<'a> {
    /// Assembles a canteen; `folder` is the file's folder under `declarations/`.
    pub fn new(decl: &'a Declaration, folder: &str, ind: CantineIndicateurs) -> Self {
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
            ind,
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

    /// The latest data year, if any bilan.
    pub fn derniere_annee(&self) -> Option<u16> {
        self.ind.bilans.first().map(|b| b.annee)
    }
}
