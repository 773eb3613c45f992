//! Distributions sampled from the real repository: the generator copies
//! whole identities of real canteens (so that département, commune, sectors,
//! production and management types keep their real correlations) and the
//! real pairs of open-data ratios.

use cantine::model::{
    Declaration, Ministere, ModeleEconomique, Secteur, Taux, TypeGestion, TypeProduction,
};

/// The identity of one real canteen, used as a template.
#[derive(Clone)]
pub struct Profil {
    /// Folder under `declarations/`: a département code or `inconnu`.
    pub folder: String,
    /// Commune, consistent with `folder` in the real data.
    pub code_insee: Option<String>,
    /// Sectors, as declared.
    pub secteurs: Option<Vec<Secteur>>,
    /// Production type, as declared.
    pub type_production: Option<TypeProduction>,
    /// Management type, as declared.
    pub type_gestion: Option<TypeGestion>,
    /// Economic model, as declared.
    pub modele_economique: Option<ModeleEconomique>,
    /// Line ministry, as declared.
    pub ministere_tutelle: Option<Ministere>,
}

/// Every distribution the generator samples from.
pub struct Pools {
    /// One profile per real canteen.
    pub profils: Vec<Profil>,
    /// (folder, commune) of every real canteen that has a commune.
    pub lieux: Vec<(String, String)>,
    /// Values seen, one entry per real canteen that has them (so that
    /// sampling follows the real frequencies).
    pub secteurs: Vec<Vec<Secteur>>,
    /// Production types seen.
    pub types_production: Vec<TypeProduction>,
    /// Management types seen.
    pub types_gestion: Vec<TypeGestion>,
    /// Economic models seen.
    pub modeles: Vec<ModeleEconomique>,
    /// Real ministries, never `armee` (such canteens are never published).
    pub ministeres: Vec<Ministere>,
    /// (taux_bio, taux_egalim_hors_bio) of every real open-data bilan.
    pub taux: Vec<(Taux, Taux)>,
}

impl Pools {
    /// Reads every declaration of the real repository at `root`.
    pub fn from_repository(root: &std::path::Path) -> Result<Pools, String> {
        let loaded = cantine::load::load_declarations(root);
        let mut pools = Pools {
            profils: Vec::new(),
            lieux: Vec::new(),
            secteurs: Vec::new(),
            types_production: Vec::new(),
            types_gestion: Vec::new(),
            modeles: Vec::new(),
            ministeres: Vec::new(),
            taux: Vec::new(),
        };
        for file in &loaded.files {
            if let Some(d) = &file.declaration {
                pools.add(file.folder(), d);
            }
        }
        if pools.profils.is_empty() || pools.lieux.is_empty() || pools.taux.is_empty() {
            return Err(format!(
                "aucune déclaration exploitable sous {}/declarations : indiquez le dépôt réel avec --source",
                root.display()
            ));
        }
        if pools.ministeres.is_empty() {
            pools.ministeres.push(Ministere::Economie);
        }
        Ok(pools)
    }

    fn add(&mut self, folder: &str, d: &Declaration) {
        if d.ministere_tutelle == Some(Ministere::Armee) {
            return;
        }
        self.profils.push(Profil {
            folder: folder.to_string(),
            code_insee: d.code_insee.clone(),
            secteurs: d.secteurs.clone(),
            type_production: d.type_production,
            type_gestion: d.type_gestion,
            modele_economique: d.modele_economique,
            ministere_tutelle: d.ministere_tutelle,
        });
        if let Some(code) = &d.code_insee
            && folder != "inconnu"
        {
            self.lieux.push((folder.to_string(), code.clone()));
        }
        if let Some(s) = &d.secteurs
            && !s.is_empty()
        {
            self.secteurs.push(s.clone());
        }
        self.types_production.extend(d.type_production);
        self.types_gestion.extend(d.type_gestion);
        self.modeles.extend(d.modele_economique);
        self.ministeres.extend(d.ministere_tutelle);
        for b in &d.bilans {
            if let (Some(bio), Some(hors_bio)) = (b.taux_bio, b.taux_egalim_hors_bio) {
                self.taux.push((bio, hors_bio));
            }
        }
    }
}
