//! What each key of a declaration holds, by its path in the document, so
//! that a reader error or a quoting problem can be explained with the
//! field's own words ("une année sur 4 chiffres") and fixed with a value
//! of the right form. The table follows `src/model/declaration.rs`; a test
//! checks it against the published schema (`schema/cantine.schema.json`).

use crate::model::{
    ActionGaspillage, FrequenceInformation, MenuVegetarien, Ministere, ModeleEconomique, Secteur,
    Source, SupportInformation, TypeGestion, TypeProduction,
};

/// A closed list of values (a slug enum of `src/model/reference.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// `secteurs`.
    Secteur,
    /// `type_production`.
    TypeProduction,
    /// `type_gestion`.
    TypeGestion,
    /// `modele_economique`.
    ModeleEconomique,
    /// `ministere_tutelle`.
    Ministere,
    /// `source` of a bilan.
    Source,
    /// `gaspillage.actions`.
    ActionGaspillage,
    /// `diversification.menu_vegetarien`.
    MenuVegetarien,
    /// `information.frequence`.
    FrequenceInformation,
    /// `information.supports`.
    SupportInformation,
}

impl Choices {
    /// Every value as (slug written in YAML, French label), in the model's order.
    pub fn values(self) -> Vec<(&'static str, &'static str)> {
        macro_rules! pairs {
            ($t:ty) => {
                <$t>::ALL.iter().map(|v| (v.slug(), v.label())).collect()
            };
        }
        match self {
            Choices::Secteur => pairs!(Secteur),
            Choices::TypeProduction => pairs!(TypeProduction),
            Choices::TypeGestion => pairs!(TypeGestion),
            Choices::ModeleEconomique => pairs!(ModeleEconomique),
            Choices::Ministere => pairs!(Ministere),
            Choices::Source => pairs!(Source),
            Choices::ActionGaspillage => pairs!(ActionGaspillage),
            Choices::MenuVegetarien => pairs!(MenuVegetarien),
            Choices::FrequenceInformation => pairs!(FrequenceInformation),
            Choices::SupportInformation => pairs!(SupportInformation),
        }
    }
}

/// A block of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The file itself: the canteen's identity.
    Racine,
    /// One item of `bilans`.
    Bilan,
    /// `achats`.
    Achats,
    /// `gaspillage`.
    Gaspillage,
    /// `diversification`.
    Diversification,
    /// `plastique`.
    Plastique,
    /// `information`.
    Information,
    /// `commentaires`.
    Commentaires,
}

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A SIRET (14 digits, written as text).
    Siret,
    /// An INSEE commune code (5 characters, written as text).
    Insee,
    /// Free text.
    Texte,
    /// A web address.
    Lien,
    /// A data year.
    Annee,
    /// A whole number of meals.
    Repas,
    /// The platform identifier.
    Identifiant,
    /// An amount in euros HT.
    Montant,
    /// A ratio between 0 and 1.
    Taux,
    /// `true` or `false`.
    Booleen,
    /// One value of a closed list.
    Choix(Choices),
    /// A list of values of a closed list.
    Liste(Choices),
    /// A block of keys.
    Bloc(Section),
    /// The list of bilans.
    Bilans,
}

impl Kind {
    /// Whether YAML must read the value as a number or a boolean.
    pub fn is_number_or_bool(self) -> bool {
        matches!(
            self,
            Kind::Annee
                | Kind::Repas
                | Kind::Identifiant
                | Kind::Montant
                | Kind::Taux
                | Kind::Booleen
        )
    }

    /// Whether the value is text (YAML must not read it as a number).
    pub fn is_text(self) -> bool {
        matches!(self, Kind::Siret | Kind::Insee | Kind::Texte | Kind::Lien)
    }

    /// What the value must be, in French.
    pub fn expected(self) -> String {
        match self {
            Kind::Siret => "un SIRET de 14 chiffres, entre guillemets".into(),
            Kind::Insee => "le code INSEE de la commune, 5 caractères entre guillemets".into(),
            Kind::Texte => "un texte".into(),
            Kind::Lien => "une adresse web complète, commençant par https://".into(),
            Kind::Annee => "l'année des données, sur 4 chiffres".into(),
            Kind::Repas => "un nombre entier de repas, sans espace".into(),
            Kind::Identifiant => "un nombre entier".into(),
            Kind::Montant => {
                "un montant en euros HT, avec un point avant les centimes, sans espace ni symbole €"
                    .into()
            }
            Kind::Taux => "un taux entre 0 et 1, avec un point (0.25 pour 25 %)".into(),
            Kind::Booleen => "true (oui) ou false (non)".into(),
            Kind::Choix(c) => format!("une des valeurs : {}", listed(c)),
            Kind::Liste(c) => format!("une liste entre crochets de valeurs parmi : {}", listed(c)),
            Kind::Bloc(_) => {
                "un bloc de clés, chacune sur sa ligne, indentées de 2 espaces de plus".into()
            }
            Kind::Bilans => "une liste de bilans, chacun commençant par « - annee: »".into(),
        }
    }

    /// A value of the right form, for examples.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Siret => "\"21070017500016\"",
            Kind::Insee => "\"07017\"",
            Kind::Texte => "Cantine des Assions",
            Kind::Lien => "https://mairie.example/menus",
            Kind::Annee => "2024",
            Kind::Repas => "17000",
            Kind::Identifiant => "87613",
            Kind::Montant => "98450.75",
            Kind::Taux => "0.2665",
            Kind::Booleen => "true",
            Kind::Choix(_) | Kind::Liste(_) | Kind::Bloc(_) | Kind::Bilans => "…",
        }
    }
}

/// The values of a list with their labels: "direct (Gestion directe), conceded (Gestion concédée)".
pub fn listed(c: Choices) -> String {
    c.values()
        .iter()
        .map(|(slug, label)| format!("{slug} ({label})"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Section {
    /// The keys of the block, in the model's order.
    pub fn keys(self) -> &'static [(&'static str, Kind)] {
        use Kind::*;
        match self {
            Section::Racine => &[
                ("siret", Siret),
                ("nom", Texte),
                ("code_insee", Insee),
                ("secteurs", Liste(Choices::Secteur)),
                ("type_production", Choix(Choices::TypeProduction)),
                ("type_gestion", Choix(Choices::TypeGestion)),
                ("modele_economique", Choix(Choices::ModeleEconomique)),
                ("ministere_tutelle", Choix(Choices::Ministere)),
                ("nombre_repas_jour", Repas),
                ("nombre_repas_an", Repas),
                ("siret_cuisine_centrale", Siret),
                ("ma_cantine_id", Identifiant),
                ("presentation", Texte),
                ("bilans", Bilans),
            ],
            Section::Bilan => &[
                ("annee", Annee),
                ("source", Choix(Choices::Source)),
                ("taux_bio", Taux),
                ("taux_egalim_hors_bio", Taux),
                ("achats", Bloc(Section::Achats)),
                ("gaspillage", Bloc(Section::Gaspillage)),
                ("diversification", Bloc(Section::Diversification)),
                ("plastique", Bloc(Section::Plastique)),
                ("information", Bloc(Section::Information)),
                ("commentaires", Bloc(Section::Commentaires)),
            ],
            Section::Achats => &[
                ("valeur_totale", Montant),
                ("valeur_bio", Montant),
                ("valeur_siqo", Montant),
                ("valeur_externalites_performance", Montant),
                ("valeur_egalim_autres", Montant),
                ("valeur_viandes_volailles", Montant),
                ("valeur_viandes_volailles_egalim", Montant),
                ("valeur_viandes_volailles_france", Montant),
                ("valeur_produits_de_la_mer", Montant),
                ("valeur_produits_de_la_mer_egalim", Montant),
                ("valeur_produits_de_la_mer_france", Montant),
            ],
            Section::Gaspillage => &[
                ("diagnostic", Booleen),
                ("plan_actions", Booleen),
                ("actions", Liste(Choices::ActionGaspillage)),
                ("convention_dons", Booleen),
            ],
            Section::Diversification => &[
                ("plan", Booleen),
                ("menu_vegetarien", Choix(Choices::MenuVegetarien)),
            ],
            Section::Plastique => &[
                ("contenants_cuisson", Booleen),
                ("contenants_service", Booleen),
                ("bouteilles", Booleen),
                ("ustensiles", Booleen),
            ],
            Section::Information => &[
                ("qualite", Booleen),
                ("frequence", Choix(Choices::FrequenceInformation)),
                ("supports", Liste(Choices::SupportInformation)),
                ("lien", Lien),
            ],
            Section::Commentaires => &[
                ("qualite", Texte),
                ("gaspillage", Texte),
                ("diversification", Texte),
                ("plastique", Texte),
                ("information", Texte),
            ],
        }
    }

    /// What a key of this block holds.
    pub fn kind(self, key: &str) -> Option<Kind> {
        self.keys()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, kind)| *kind)
    }

    /// How a contributor names the block in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Section::Racine => "l'identité de la cantine (en début de ligne, sans indentation)",
            Section::Bilan => "un bilan (sous « - annee: »)",
            Section::Achats => "achats",
            Section::Gaspillage => "gaspillage",
            Section::Diversification => "diversification",
            Section::Plastique => "plastique",
            Section::Information => "information",
            Section::Commentaires => "commentaires",
        }
    }

    /// Every block, in file order.
    pub const ALL: [Section; 8] = [
        Section::Racine,
        Section::Bilan,
        Section::Achats,
        Section::Gaspillage,
        Section::Diversification,
        Section::Plastique,
        Section::Information,
        Section::Commentaires,
    ];
}

/// What the node at `path` holds (`""` is the file itself), if the path
/// follows the model: `bilans[0]` is a bilan, `secteurs[1]` one sector.
pub fn kind_at(path: &str) -> Option<Kind> {
    let mut kind = Kind::Bloc(Section::Racine);
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let mut parts = seg.split('[');
        let key = parts.next().unwrap_or("");
        let section = match kind {
            Kind::Bloc(s) => s,
            _ => return None,
        };
        kind = section.kind(key)?;
        for _index in parts {
            kind = match kind {
                Kind::Bilans => Kind::Bloc(Section::Bilan),
                Kind::Liste(c) => Kind::Choix(c),
                _ => return None,
            };
        }
    }
    Some(kind)
}

/// The block that holds the node at `path`, or the block itself when
/// `path` is one; a list of bilans holds bilans.
pub fn section_at(path: &str) -> Option<Section> {
    match kind_at(path)? {
        Kind::Bloc(s) => Some(s),
        Kind::Bilans => Some(Section::Bilan),
        _ => None,
    }
}

/// The blocks where a key is known, in file order.
pub fn sections_with(key: &str) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|s| s.kind(key).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_path() {
        assert_eq!(kind_at("bilans[0].achats.valeur_bio"), Some(Kind::Montant));
        assert_eq!(kind_at("bilans[2].annee"), Some(Kind::Annee));
        assert_eq!(
            kind_at("bilans[0].information.qualite"),
            Some(Kind::Booleen)
        );
        assert_eq!(kind_at("bilans[0].commentaires.qualite"), Some(Kind::Texte));
        assert_eq!(kind_at("secteurs[1]"), Some(Kind::Choix(Choices::Secteur)));
        assert_eq!(kind_at("secteurs"), Some(Kind::Liste(Choices::Secteur)));
        assert_eq!(kind_at("bilans"), Some(Kind::Bilans));
        assert_eq!(kind_at("bilans[0]"), Some(Kind::Bloc(Section::Bilan)));
        assert_eq!(kind_at(""), Some(Kind::Bloc(Section::Racine)));
        assert_eq!(kind_at("bilans[0].achats.valeur_bioo"), None);
        assert_eq!(section_at("bilans[0]"), Some(Section::Bilan));
        assert_eq!(section_at("bilans"), Some(Section::Bilan));
        assert_eq!(sections_with("valeur_bio"), vec![Section::Achats]);
        assert_eq!(
            sections_with("qualite"),
            vec![Section::Information, Section::Commentaires]
        );
    }

    /// The table names every property of the published schema, with the
    /// same kind of value (so that it follows the model).
    #[test]
    fn the_table_follows_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&crate::model::schema::json_schema())
            .unwrap_or_else(|e| panic!("{e}"));
        let defs = &schema["$defs"];
        let blocks = [
            (Section::Racine, &schema),
            (Section::Bilan, &defs["Bilan"]),
            (Section::Achats, &defs["Achats"]),
            (Section::Gaspillage, &defs["Gaspillage"]),
            (Section::Diversification, &defs["Diversification"]),
            (Section::Plastique, &defs["Plastique"]),
            (Section::Information, &defs["Information"]),
            (Section::Commentaires, &defs["Commentaires"]),
        ];
        for (section, def) in blocks {
            let props = def["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{section:?}"));
            let mut in_schema: Vec<&str> = props.keys().map(String::as_str).collect();
            let mut in_table: Vec<&str> = section.keys().iter().map(|(k, _)| *k).collect();
            in_schema.sort_unstable();
            in_table.sort_unstable();
            assert_eq!(in_schema, in_table, "{section:?}");
            for (key, kind) in section.keys() {
                let text = props[*key].to_string();
                let ok = match kind {
                    Kind::Annee | Kind::Repas | Kind::Identifiant => text.contains("integer"),
                    Kind::Montant => text.contains("Euros"),
                    Kind::Taux => text.contains("Taux"),
                    Kind::Booleen => text.contains("boolean"),
                    Kind::Siret | Kind::Insee | Kind::Texte | Kind::Lien => text.contains("string"),
                    Kind::Choix(_) | Kind::Liste(_) | Kind::Bloc(_) | Kind::Bilans => {
                        text.contains("$ref")
                    }
                };
                assert!(ok, "{section:?}.{key}: {kind:?} vs {text}");
            }
        }
    }
}
