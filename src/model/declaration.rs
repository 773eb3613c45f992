//! One canteen's declaration file (SPEC §2), as typed serde structs.
//!
//! Unknown keys are errors (`deny_unknown_fields`). Every section is
//! optional: a missing section means "no data", which is not "false".

use super::amount::{Euros, Taux};
use super::bilans::Bilans;
use super::reference::{
    ActionGaspillage, FrequenceInformation, MenuVegetarien, Ministere, ModeleEconomique, Secteur,
    Source, SupportInformation, TypeGestion, TypeProduction,
};
use borsh::{BorshDeserialize, BorshSerialize};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A canteen: its identity and one bilan per data year.
#[derive(
    Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema, BorshSerialize, BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Déclaration d'une cantine (cantine)")]
pub struct Declaration {
    /// SIRET de l'établissement : 14 chiffres ; c'est aussi le nom du fichier.
    #[schemars(regex(pattern = r"^[0-9]{14}$"))]
    pub siret: String,
    /// Nom de la cantine.
    #[schemars(length(min = 1, max = 200))]
    pub nom: String,
    /// Code INSEE de la commune (5 caractères, ex. "07017", "2A004").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9][0-9AB][0-9]{3}$"))]
    pub code_insee: Option<String>,
    /// Secteurs d'activité : 1 à 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 3))]
    pub secteurs: Option<Vec<Secteur>>,
    /// Type de production.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_production: Option<TypeProduction>,
    /// Type de gestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_gestion: Option<TypeGestion>,
    /// Modèle économique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modele_economique: Option<ModeleEconomique>,
    /// Ministère de tutelle (cantines publiques de certains secteurs uniquement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ministere_tutelle: Option<Ministere>,
    /// Nombre moyen de repas servis par jour (au moins 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 3))]
    pub nombre_repas_jour: Option<u32>,
    /// Nombre de repas servis par an (au moins 420).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 420))]
    pub nombre_repas_an: Option<u32>,
    /// SIRET de la cuisine centrale qui prépare les repas (restaurant satellite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{14}$"))]
    pub siret_cuisine_centrale: Option<String>,
    /// Identifiant de la cantine sur la plateforme nationale ma cantine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ma_cantine_id: Option<u64>,
    /// Présentation en Markdown (2000 caractères au plus ; le HTML n'est pas rendu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub presentation: Option<String>,
    /// Un bilan par année de données.
    #[serde(default)]
    #[schemars(with = "Vec<Bilan>")]
    pub bilans: Bilans,
}

/// One data year of a canteen.
#[derive(
    Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema, BorshSerialize, BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Bilan {
    /// Année des données (déclarées l'année suivante).
    #[schemars(range(min = 2019))]
    pub annee: u16,
    /// Origine des chiffres : `opendata` pour un bilan importé des données ouvertes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Part bio des achats (0 à 1), forme « données ouvertes ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taux_bio: Option<Taux>,
    /// Part EGalim hors bio des achats (0 à 1), forme « données ouvertes ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taux_egalim_hors_bio: Option<Taux>,
    /// Achats de l'année en € HT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achats: Option<Box<Achats>>,
    /// Lutte contre le gaspillage alimentaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gaspillage: Option<Box<Gaspillage>>,
    /// Diversification des sources de protéines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diversification: Option<Box<Diversification>>,
    /// Substitution des plastiques.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plastique: Option<Box<Plastique>>,
    /// Information des convives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information: Option<Box<Information>>,
    /// Commentaires en Markdown, par mesure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commentaires: Option<Box<Commentaires>>,
}

impl Bilan {
    /// Whether the bilan holds declared data (amounts or measures), as opposed
    /// to ratios imported from the open data.
    pub fn est_declare(&self) -> bool {
        self.source.is_none()
            || self.achats.is_some()
            || self.gaspillage.is_some()
            || self.diversification.is_some()
            || self.plastique.is_some()
            || self.information.is_some()
    }
}

/// Purchases of the year, € HT.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Achats {
    /// Total des achats alimentaires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_totale: Option<Euros>,
    /// Produits issus de l'agriculture biologique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_bio: Option<Euros>,
    /// Label Rouge, AOC/AOP, IGP, STG (hors bio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_siqo: Option<Euros>,
    /// Produits acquis selon les externalités environnementales / performance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_externalites_performance: Option<Euros>,
    /// Autres produits EGalim : HVE, pêche durable, RUP, commerce équitable, fermier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_egalim_autres: Option<Euros>,
    /// Viandes et volailles, total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_viandes_volailles: Option<Euros>,
    /// Viandes et volailles EGalim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_viandes_volailles_egalim: Option<Euros>,
    /// Viandes et volailles d'origine France.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_viandes_volailles_france: Option<Euros>,
    /// Produits de la mer et de l'aquaculture, total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_produits_de_la_mer: Option<Euros>,
    /// Produits de la mer EGalim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_produits_de_la_mer_egalim: Option<Euros>,
    /// Produits de la mer d'origine France.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeur_produits_de_la_mer_france: Option<Euros>,
}

/// Food-waste measures.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Gaspillage {
    /// Un diagnostic du gaspillage a été réalisé.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostic: Option<bool>,
    /// Un plan d'actions a été mis en place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_actions: Option<bool>,
    /// Actions menées.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<ActionGaspillage>>,
    /// Une convention de dons alimentaires est signée.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convention_dons: Option<bool>,
}

/// Protein diversification.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Diversification {
    /// Un plan pluriannuel de diversification des protéines existe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<bool>,
    /// Fréquence du menu végétarien.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu_vegetarien: Option<MenuVegetarien>,
}

/// Single-use plastic substitution.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Plastique {
    /// Contenants de cuisson et de réchauffe en plastique remplacés.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contenants_cuisson: Option<bool>,
    /// Contenants de service en plastique remplacés.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contenants_service: Option<bool>,
    /// Bouteilles d'eau plate en plastique supprimées.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bouteilles: Option<bool>,
    /// Ustensiles à usage unique en plastique supprimés.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ustensiles: Option<bool>,
}

/// Information of guests.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Information {
    /// Les convives sont informés de la part de produits durables et de qualité.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualite: Option<bool>,
    /// Fréquence de l'information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequence: Option<FrequenceInformation>,
    /// Supports utilisés.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports: Option<Vec<SupportInformation>>,
    /// Lien vers l'information en ligne.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(url)]
    pub lien: Option<String>,
}

/// Contributor comments per measure (Markdown, 1000 characters at most each).
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Deserialize,
    Serialize,
    JsonSchema,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Commentaires {
    /// Sur les achats durables et de qualité.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub qualite: Option<String>,
    /// Sur la lutte contre le gaspillage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub gaspillage: Option<String>,
    /// Sur la diversification des protéines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub diversification: Option<String>,
    /// Sur la substitution des plastiques.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub plastique: Option<String>,
    /// Sur l'information des convives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub information: Option<String>,
}
