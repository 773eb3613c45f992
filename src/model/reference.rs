//! Reference lists of SPEC §3: sectors and their categories, production and
//! management types, line ministries, measure enums. Slugs are the values
//! written in YAML; labels are what citizens read.

use serde::{Deserialize, Serialize};

/// Declares a closed list of YAML slugs as a Rust enum with its French label.
macro_rules! slug_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $variant:ident = $slug:literal, $label:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema, borsh::BorshSerialize, borsh::BorshDeserialize)]
        #[borsh(use_discriminant = false)]
        pub enum $name {
            $(
                #[doc = $label]
                #[serde(rename = $slug)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The slug written in YAML.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }

            /// The French label shown to citizens.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Looks a value up by its YAML slug.
            pub fn from_slug(slug: &str) -> Option<Self> {
                match slug { $($slug => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

slug_enum! {
    /// Sector category (SPEC §3.1).
    Categorie {
        Administration = "administration", "Administration";
        Entreprise = "enterprise", "Entreprise";
        Enseignement = "education", "Enseignement";
        Sante = "health", "Santé";
        Social = "social", "Social / Médico-social";
        Loisirs = "leisure", "Loisirs";
        Autres = "autres", "Autres";
    }
}

slug_enum! {
    /// Sector of activity (SPEC §3.1): 26 slugs.
    Secteur {
        AdministrationPrison = "administration_prison", "Restaurants des prisons";
        AdministrationAdministratif = "administration_administratif", "Restaurants administratifs d'Etat (RA)";
        AdministrationArmee = "administration_armee", "Restaurants des armées / police / gendarmerie";
        AdministrationEtablissementPublic = "administration_etablissement_public", "Etablissements publics d'Etat (EPA ou EPIC)";
        AdministrationInterAdministratif = "administration_inter_administratif", "Restaurants inter-administratifs d'État (RIA)";
        AdministrationCollectivites = "administration_administratif_des_collectivites", "Restaurants administratifs des collectivités territoriales";
        EntrepriseEntreprise = "entreprise_entreprise", "Restaurants d'entreprises";
        EntrepriseInterEntreprise = "entreprise_inter_entreprise", "Restaurants inter-entreprises";
        EducationPrimaire = "education_primaire", "Ecole primaire (maternelle et élémentaire)";
        EducationCollege = "education_secondaire_college", "Secondaire collège";
        EducationLycee = "education_secondaire_lycee", "Secondaire lycée (hors agricole)";
        EducationAgricole = "education_enseignement_agricole", "Etablissements d'enseignement agricole";
        EducationSuperieur = "education_superieur_universitaire", "Supérieur et Universitaire";
        EducationAutre = "education_autre", "Autres structures d'enseignement";
        SanteHopital = "sante_hopital", "Hôpitaux";
        SanteClinique = "sante_clinique", "Cliniques";
        SanteAutre = "sante_autre", "Autres établissements de soins";
        SocialCreche = "social_creche", "Crèche";
        SocialIme = "social_ime", "IME / ITEP";
        SocialEsat = "social_esat", "ESAT / Etablissements spécialisés";
        SocialEhpad = "social_ehpad", "EHPAD / maisons de retraite / foyers de personnes âgées";
        SocialPjj = "social_pjj", "Etablissements de la PJJ";
        SocialAutre = "social_autre", "Autres établissements sociaux et médico-sociaux";
        LoisirCentreVacances = "loisir_centre_vacances", "Centre de vacances / sportif";
        LoisirAutre = "loisir_autre", "Autres établissements de loisirs";
        AutresAutre = "autres_autre", "Autres établissements non listés";
    }
}

impl Secteur {
    /// The sector's category.
    pub fn categorie(self) -> Categorie {
        use Secteur::*;
        match self {
            AdministrationPrison
            | AdministrationAdministratif
            | AdministrationArmee
            | AdministrationEtablissementPublic
            | AdministrationInterAdministratif
            | AdministrationCollectivites => Categorie::Administration,
            EntrepriseEntreprise | EntrepriseInterEntreprise => Categorie::Entreprise,
            EducationPrimaire | EducationCollege | EducationLycee | EducationAgricole
            | EducationSuperieur | EducationAutre => Categorie::Enseignement,
            SanteHopital | SanteClinique | SanteAutre => Categorie::Sante,
            SocialCreche | SocialIme | SocialEsat | SocialEhpad | SocialPjj | SocialAutre => {
                Categorie::Social
            }
            LoisirCentreVacances | LoisirAutre => Categorie::Loisirs,
            AutresAutre => Categorie::Autres,
        }
    }

    /// Whether a public canteen of this sector must name its line ministry (SPEC §3.1).
    pub fn ministere_requis(self) -> bool {
        use Secteur::*;
        matches!(
            self,
            AdministrationPrison
                | AdministrationAdministratif
                | AdministrationArmee
                | AdministrationEtablissementPublic
                | AdministrationInterAdministratif
                | EducationSuperieur
                | SocialPjj
        )
    }

    /// Whether the sector is one of the six `administration_*` sectors, the
    /// group the diversification badge treats apart (SPEC §4.5).
    pub fn est_administration(self) -> bool {
        self.categorie() == Categorie::Administration
    }

    /// Finds the sector a label designates, including the older labels of the
    /// national open data (curly apostrophes, missing spaces, renamed sectors).
    pub fn from_label(label: &str) -> Option<Self> {
        let wanted = normalize_label(label);
        if let Some(s) = Secteur::ALL
            .iter()
            .find(|s| normalize_label(s.label()) == wanted || s.slug() == label.trim())
        {
            return Some(*s);
        }
        LEGACY_LABELS
            .iter()
            .find(|(l, _)| normalize_label(l) == wanted)
            .map(|(_, s)| *s)
    }
}

/// Labels the national platform used in earlier campaigns, or that differ from
/// today's label by more than spacing, case, accents or apostrophes.
const LEGACY_LABELS: &[(&str, Secteur)] = &[
    ("Secondaire lycée agricole", Secteur::EducationAgricole),
    (
        "Autres établissements du secteur public",
        Secteur::AdministrationEtablissementPublic,
    ),
    (
        "Autres établissements sociaux et médicaux sociaux",
        Secteur::SocialAutre,
    ),
];

/// Folds a label for comparison: lower case, no accents, straight
/// apostrophes, no spaces around slashes, single spaces.
pub fn normalize_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for ch in label.trim().chars() {
        // An ASCII character lower-cases to one ASCII character: no
        // Unicode table (the build sorts 100 000 names by this key).
        if ch.is_ascii() {
            push_folded(&mut out, ch.to_ascii_lowercase());
        } else {
            for c in ch.to_lowercase() {
                push_folded(&mut out, c);
            }
        }
    }
    out
}

/// One lower-case character of [`normalize_label`], folded, at the end
/// of `out`.
fn push_folded(out: &mut String, c: char) {
    let folded = match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        '’' | '‘' | '`' => '\'',
        c if c.is_whitespace() => ' ',
        c => c,
    };
    if folded == ' ' && (out.ends_with(' ') || out.ends_with('/')) {
        return;
    }
    if folded == '/' && out.ends_with(' ') {
        out.pop();
    }
    out.push(folded);
}

slug_enum! {
    /// Production type (SPEC §3.2).
    TypeProduction {
        Site = "site", "Restaurant avec cuisine sur place";
        Satellite = "site_cooked_elsewhere", "Restaurant satellite";
        Centrale = "central", "Cuisine centrale";
        CentraleEtSite = "central_serving", "Cuisine centrale et site";
    }
}

slug_enum! {
    /// Management type (SPEC §3.3).
    TypeGestion {
        Directe = "direct", "Gestion directe";
        Concedee = "conceded", "Gestion concédée";
    }
}

slug_enum! {
    /// Economic model (SPEC §3.3).
    ModeleEconomique {
        Public = "public", "Public";
        Prive = "private", "Privé";
    }
}

slug_enum! {
    /// Line ministry (SPEC §3.4).
    Ministere {
        AffairesEtrangeres = "affaires_etrangeres", "Affaires étrangères";
        Agriculture = "agriculture", "Agriculture, Alimentation et Forêts";
        Armee = "armee", "Armées";
        Territoires = "territoires", "Cohésion des territoires - Relations avec les collectivités territoriales";
        Culture = "culture", "Culture";
        Economie = "economie", "Économie et finances";
        Jeunesse = "jeunesse", "Éducation et Jeunesse";
        EnseignementSuperieur = "enseignement_superieur", "Enseignement supérieur et Recherche";
        Ecologie = "ecologie", "Environnement";
        Transformation = "transformation", "Fonction Publiques";
        Interieur = "interieur", "Intérieur et Outre-mer";
        Justice = "justice", "Justice";
        Mer = "mer", "Mer";
        AdministrationTerritoriale = "administration_territoriale", "Administration territoriale de l'État";
        AutoritesIndependantes = "autorites_independantes", "Autorités indépendantes";
        PremierMinistre = "premier_ministre", "Services du Premier Ministre";
        Sante = "sante", "Santé et Solidarités";
        Sport = "sport", "Sports, Jeux Olympiques et Paralympiques";
        Travail = "travail", "Travail";
    }
}

impl Ministere {
    /// Finds the ministry an open-data label designates.
    pub fn from_label(label: &str) -> Option<Self> {
        let wanted = normalize_label(label);
        Ministere::ALL
            .iter()
            .find(|m| normalize_label(m.label()) == wanted || m.slug() == label.trim())
            .copied()
    }
}

slug_enum! {
    /// Anti-waste action (SPEC §3.6).
    ActionGaspillage {
        Inscription = "INSCRIPTION", "Pré-inscription des convives";
        Sensibilisation = "AWARENESS", "Sensibilisation";
        Formation = "TRAINING", "Formation du personnel";
        Distribution = "DISTRIBUTION", "Réorganisation de la distribution";
        Portions = "PORTIONS", "Choix des portions";
        Reutilisation = "REUSE", "Réutilisation des restes";
    }
}

slug_enum! {
    /// How often a vegetarian menu is served (SPEC §3.6).
    MenuVegetarien {
        Jamais = "NEVER", "Jamais";
        Rarement = "LOW", "Moins d'une fois par semaine";
        Hebdomadaire = "MID", "Une fois par semaine";
        PlusieursParSemaine = "HIGH", "Plus d'une fois par semaine";
        Quotidien = "DAILY", "Quotidien";
    }
}

slug_enum! {
    /// How often guests are informed.
    FrequenceInformation {
        Reguliere = "REGULARLY", "Régulièrement";
        Annuelle = "YEARLY", "Une fois par an";
        Rare = "LESS_THAN_YEARLY", "Moins d'une fois par an";
    }
}

slug_enum! {
    /// Medium used to inform guests (SPEC §3.6).
    SupportInformation {
        Affichage = "DISPLAY", "Affichage";
        Numerique = "DIGITAL", "Voie électronique";
    }
}

slug_enum! {
    /// Where a bilan's figures come from.
    Source {
        Opendata = "opendata", "Données ouvertes ma cantine";
    }
}

#[cfg(test)]
mod tests {
    /// The rules applied to every character alike: Unicode lower case,
    /// then the folding (no ASCII shortcut).
    fn normalize_lent(label: &str) -> String {
        let mut out = String::new();
        for c in label.trim().chars().flat_map(char::to_lowercase) {
            super::push_folded(&mut out, c);
        }
        out
    }

    #[test]
    fn the_ascii_shortcut_normalizes_as_the_rules_do() {
        let mut textes: Vec<String> = (0u32..0x500)
            .chain([0x212a, 0x130, 0x2019, 0x2018, 0xa0, 0x202f, 0x3000])
            .filter_map(char::from_u32)
            .flat_map(|c| {
                [
                    c.to_string(),
                    format!(" Ab{c}cD /  9"),
                    format!("{c}{c} / x"),
                ]
            })
            .collect();
        textes.push("  Cuisine  Centrale / Site de l`École ".into());
        for t in &textes {
            assert_eq!(super::normalize_label(t), normalize_lent(t), "{t:?}");
        }
    }

    use super::*;

    #[test]
    fn every_open_data_sector_label_maps_to_a_slug() {
        let labels = [
            (
                "Autres etablissements du secteur public",
                "administration_etablissement_public",
            ),
            ("Autres etablissements non listés", "autres_autre"),
            ("Autres structures d’enseignement", "education_autre"),
            (
                "Autres établissements sociaux et médicaux sociaux",
                "social_autre",
            ),
            ("Centre de vacances/sportif", "loisir_centre_vacances"),
            (
                "EHPAD/ maisons de retraite / foyers de personnes âgées",
                "social_ehpad",
            ),
            ("ESAT/établissements spécialisés", "social_esat"),
            (
                "Etablissements publics d’Etat (EPA ou EPIC)",
                "administration_etablissement_public",
            ),
            ("IME/ITEP", "social_ime"),
            (
                "Restaurants administratifs d’Etat (RA)",
                "administration_administratif",
            ),
            (
                "Restaurants des armées/police/gendarmerie",
                "administration_armee",
            ),
            ("Restaurants d’entreprises", "entreprise_entreprise"),
            (
                "Restaurants inter-administratifs d’Etat (RIA)",
                "administration_inter_administratif",
            ),
            (
                "Secondaire Lycée agricole",
                "education_enseignement_agricole",
            ),
            (
                "Secondaire lycée (hors agricole)",
                "education_secondaire_lycee",
            ),
            (
                "Supérieur et Universitaire",
                "education_superieur_universitaire",
            ),
        ];
        for (label, slug) in labels {
            assert_eq!(
                Secteur::from_label(label).map(Secteur::slug),
                Some(slug),
                "{label}"
            );
        }
        assert_eq!(Secteur::from_label("Boulangerie"), None);
    }

    #[test]
    fn categories_and_ministry_rules() {
        assert_eq!(Secteur::ALL.len(), 26);
        assert_eq!(
            Secteur::ALL
                .iter()
                .filter(|s| s.est_administration())
                .count(),
            6
        );
        assert_eq!(
            Secteur::ALL.iter().filter(|s| s.ministere_requis()).count(),
            7
        );
        assert_eq!(Secteur::SocialPjj.categorie(), Categorie::Social);
    }

    #[test]
    fn open_data_ministry_labels() {
        for (label, slug) in [
            ("Justice", "justice"),
            ("Économie et finances", "economie"),
            ("Intérieur et Outre-mer", "interieur"),
            ("Armées", "armee"),
            ("Fonction Publiques", "transformation"),
            ("Environnement", "ecologie"),
        ] {
            assert_eq!(
                Ministere::from_label(label).map(Ministere::slug),
                Some(slug)
            );
        }
    }
}
