//! The corpus: typical mistakes of contributors, each made once in a valid
//! declaration ([`BASE`]). `⟨` marks the offending token, where the error
//! must point; it is removed before the file is checked.

/// A valid declaration of `declarations/07/21070017500016.yaml`.
pub const BASE: &str = r#"siret: "21070017500016"
nom: Cantine des Assions
code_insee: "07017"
secteurs: [education_primaire]
type_production: site
type_gestion: direct
modele_economique: public
ministere_tutelle: null
nombre_repas_jour: 120
nombre_repas_an: 17000
siret_cuisine_centrale: null
ma_cantine_id: 66207
presentation: |
  Cuisine préparée sur place chaque matin, avec les producteurs
  du **plateau ardéchois**. Menus sur <https://mairie.example/menus>.
bilans:
  - annee: 2024
    achats:
      valeur_totale: 182000.50
      valeur_bio: 31000
      valeur_siqo: 12000
      valeur_externalites_performance: 0
      valeur_egalim_autres: 9000
      valeur_viandes_volailles: 40000
      valeur_viandes_volailles_egalim: 15000
      valeur_viandes_volailles_france: 30000
      valeur_produits_de_la_mer: 8000
      valeur_produits_de_la_mer_egalim: 3000
      valeur_produits_de_la_mer_france: 1000
    gaspillage:
      diagnostic: true
      plan_actions: true
      actions: [INSCRIPTION, PORTIONS]
      convention_dons: false
    diversification:
      plan: true
      menu_vegetarien: MID
    plastique:
      contenants_cuisson: true
      contenants_service: true
      bouteilles: true
      ustensiles: false
    information:
      qualite: true
      frequence: REGULARLY
      supports: [DISPLAY, DIGITAL]
      lien: https://mairie.example/menus
    commentaires:
      qualite: "Les menus affichent l'origine de chaque produit."
  - annee: 2023
    source: opendata
    taux_bio: 0.2665
    taux_egalim_hors_bio: 0.1247
"#;

/// One mistake: `find` (once in [`BASE`]) becomes `replace`.
pub struct Mistake {
    /// What the contributor did.
    pub what: &'static str,
    /// The folder under `declarations/`.
    pub folder: &'static str,
    /// The file name, without `.yaml`.
    pub stem: &'static str,
    pub find: &'static str,
    /// The mistake, with `⟨` before the offending token.
    pub replace: &'static str,
    /// The code of the one error expected.
    pub code: &'static str,
}

const F: &str = "07";
const S: &str = "21070017500016";

const fn m(
    what: &'static str,
    find: &'static str,
    replace: &'static str,
    code: &'static str,
) -> Mistake {
    Mistake {
        what,
        folder: F,
        stem: S,
        find,
        replace,
        code,
    }
}

/// The purchases of the issue: percentages typed beside a real total.
const PERCENTS: &str = "      valeur_totale: 98450.75\n      valeur_bio: ⟨24.7\n      valeur_siqo: 11.4\n      valeur_egalim_autres: 8.3\n    gaspillage:";

const ACHATS: &str = "      valeur_totale: 182000.50\n      valeur_bio: 31000\n      valeur_siqo: 12000\n      valeur_externalites_performance: 0\n      valeur_egalim_autres: 9000\n      valeur_viandes_volailles: 40000\n      valeur_viandes_volailles_egalim: 15000\n      valeur_viandes_volailles_france: 30000\n      valeur_produits_de_la_mer: 8000\n      valeur_produits_de_la_mer_egalim: 3000\n      valeur_produits_de_la_mer_france: 1000\n    gaspillage:";

pub const CORPUS: &[Mistake] = &[
    // The layout of the file.
    m(
        "a tab to indent a line",
        "\n      valeur_bio: 31000",
        "\n⟨\tvaleur_bio: 31000",
        "tabulation",
    ),
    m(
        "a tab after spaces",
        "\n      valeur_siqo: 12000",
        "\n    ⟨\t  valeur_siqo: 12000",
        "tabulation",
    ),
    m(
        "no space after the colon",
        "      valeur_bio: 31000",
        "      ⟨valeur_bio:31000",
        "deux-points-sans-espace",
    ),
    m(
        "no colon after the key",
        "      valeur_siqo: 12000",
        "      ⟨valeur_siqo 12000",
        "deux-points-manquant",
    ),
    m(
        "one space too many",
        "      valeur_bio: 31000",
        "       ⟨valeur_bio: 31000",
        "indentation",
    ),
    m(
        "one space too few",
        "      plan_actions: true",
        "     ⟨plan_actions: true",
        "indentation",
    ),
    m(
        "a quote not closed",
        "qualite: \"Les menus affichent l'origine de chaque produit.\"",
        "qualite: ⟨\"Les menus affichent l'origine de chaque produit.",
        "guillemet-non-ferme",
    ),
    m(
        "text after the closing quote",
        "nom: Cantine des Assions",
        "nom: \"Cantine\" ⟨des Assions",
        "guillemets",
    ),
    m(
        "a colon in a text",
        "nom: Cantine des Assions",
        "nom: Cantine⟨: les Assions",
        "deux-points-dans-valeur",
    ),
    m(
        "a bracket not closed",
        "secteurs: [education_primaire]",
        "secteurs: ⟨[education_primaire",
        "crochet-non-ferme",
    ),
    m(
        "a backslash between double quotes",
        "qualite: \"Les menus affichent l'origine de chaque produit.\"",
        "qualite: \"Voir C:⟨\\menus\"",
        "barre-oblique-inverse",
    ),
    m(
        "a text starting with @",
        "nom: Cantine des Assions",
        "nom: ⟨@Cantine des Assions",
        "caractere-reserve",
    ),
    // Keys.
    m(
        "a key given twice",
        "secteurs: [education_primaire]",
        "⟨nom: Cantine des Assions\nsecteurs: [education_primaire]",
        "cle-en-double",
    ),
    m(
        "the skeleton's empty bilans kept",
        "bilans:\n  - annee: 2024",
        "bilans: []\n⟨bilans:\n  - annee: 2024",
        "cle-en-double",
    ),
    m(
        "an amount given twice",
        "      valeur_bio: 31000\n",
        "      valeur_bio: 31000\n      ⟨valeur_bio: 31000\n",
        "cle-en-double",
    ),
    m(
        "a typo in a key",
        "valeur_bio: 31000",
        "⟨valeur_bioo: 31000",
        "cle-inconnue",
    ),
    m(
        "a singular key",
        "secteurs: [education_primaire]",
        "⟨secteur: [education_primaire]",
        "cle-inconnue",
    ),
    m(
        "a key with a capital",
        "nombre_repas_an: 17000",
        "⟨Nombre_repas_an: 17000",
        "cle-inconnue",
    ),
    m(
        "an accent in a key",
        "nombre_repas_jour: 120",
        "⟨nombre_repas_journée: 120",
        "cle-inconnue",
    ),
    // Amounts.
    m(
        "a decimal comma",
        "valeur_totale: 182000.50",
        "valeur_totale: ⟨182000,50",
        "montant-invalide",
    ),
    m(
        "an amount written the French way",
        "valeur_totale: 182000.50",
        "valeur_totale: ⟨182 000,50 €",
        "montant-invalide",
    ),
    m(
        "an amount with its currency",
        "valeur_totale: 182000.50",
        "valeur_totale: ⟨182000.50 €",
        "montant-invalide",
    ),
    m(
        "thousands grouped with dots",
        "valeur_totale: 182000.50",
        "valeur_totale: ⟨182.000,50",
        "montant-invalide",
    ),
    m(
        "an amount between quotes",
        "valeur_bio: 31000",
        "valeur_bio: ⟨\"31000\"",
        "guillemets-en-trop",
    ),
    m(
        "a negative amount",
        "valeur_bio: 31000",
        "valeur_bio: ⟨-31000",
        "montant-negatif",
    ),
    m(
        "an amount with three decimals",
        "valeur_totale: 182000.50",
        "valeur_totale: ⟨182000.505",
        "montant-decimales",
    ),
    m(
        "amounts typed as percentages",
        ACHATS,
        PERCENTS,
        "montants-en-pourcentages",
    ),
    m(
        "an organic rate in percent",
        "taux_bio: 0.2665",
        "taux_bio: ⟨26.65",
        "taux-hors-bornes",
    ),
    m(
        "an organic rate with its % sign",
        "taux_bio: 0.2665",
        "taux_bio: ⟨26,65 %",
        "taux-invalide",
    ),
    // Years and counts.
    m(
        "a year between quotes",
        "annee: 2024",
        "annee: ⟨\"2024\"",
        "guillemets-en-trop",
    ),
    m(
        "a year in two digits",
        "annee: 2024",
        "annee: ⟨24",
        "annee-hors-periode",
    ),
    m(
        "a year with words",
        "annee: 2024",
        "annee: ⟨année 2024",
        "annee-invalide",
    ),
    m(
        "a count with its unit",
        "nombre_repas_jour: 120",
        "nombre_repas_jour: ⟨120 repas",
        "nombre-invalide",
    ),
    m(
        "a count with a thousands space",
        "nombre_repas_an: 17000",
        "nombre_repas_an: ⟨17 000",
        "nombre-invalide",
    ),
    m(
        "a count between quotes",
        "nombre_repas_an: 17000",
        "nombre_repas_an: ⟨\"17000\"",
        "guillemets-en-trop",
    ),
    m(
        "a count with an underscore",
        "nombre_repas_an: 17000",
        "nombre_repas_an: ⟨17_000",
        "nombre-invalide",
    ),
    // Choices.
    m(
        "a production type in words",
        "type_production: site",
        "type_production: ⟨sur place",
        "valeur-inconnue",
    ),
    m(
        "a management type with a capital",
        "type_gestion: direct",
        "type_gestion: ⟨Direct",
        "valeur-inconnue",
    ),
    m(
        "an economic model in French",
        "modele_economique: public",
        "modele_economique: ⟨publique",
        "valeur-inconnue",
    ),
    m(
        "a sector misspelt",
        "secteurs: [education_primaire]",
        "secteurs: [⟨ecole_primaire]",
        "valeur-inconnue",
    ),
    m(
        "one sector without brackets",
        "secteurs: [education_primaire]",
        "secteurs: ⟨education_primaire",
        "liste-attendue",
    ),
    m(
        "one action without brackets",
        "actions: [INSCRIPTION, PORTIONS]",
        "actions: ⟨INSCRIPTION",
        "liste-attendue",
    ),
    m(
        "a vegetarian menu frequency in French",
        "menu_vegetarien: MID",
        "menu_vegetarien: ⟨quotidien",
        "valeur-inconnue",
    ),
    m(
        "a choice in lower case",
        "frequence: REGULARLY",
        "frequence: ⟨regularly",
        "valeur-inconnue",
    ),
    m(
        "a medium in French",
        "supports: [DISPLAY, DIGITAL]",
        "supports: [⟨affichage, DIGITAL]",
        "valeur-inconnue",
    ),
    // Yes or no.
    m(
        "oui for true",
        "diagnostic: true",
        "diagnostic: ⟨oui",
        "booleen-invalide",
    ),
    m(
        "yes for true",
        "plan_actions: true",
        "plan_actions: ⟨yes",
        "booleen-invalide",
    ),
    m(
        "false between quotes",
        "convention_dons: false",
        "convention_dons: ⟨\"false\"",
        "guillemets-en-trop",
    ),
    // Codes and texts.
    m(
        "an INSEE code without quotes",
        "code_insee: \"07017\"",
        "code_insee: ⟨07017",
        "guillemets-manquants",
    ),
    m(
        "a name that is a number",
        "nom: Cantine des Assions",
        "nom: ⟨1789",
        "guillemets-manquants",
    ),
    m(
        "a SIRET with spaces",
        "siret: \"21070017500016\"",
        "siret: ⟨\"210 700 175 00016\"",
        "siret-format",
    ),
    // Where the file is.
    Mistake {
        what: "a file in another département's folder",
        folder: "26",
        stem: S,
        find: "code_insee: \"07017\"",
        replace: "code_insee: ⟨\"07017\"",
        code: "dossier-departement",
    },
    Mistake {
        what: "a folder without its leading zero",
        folder: "7",
        stem: S,
        find: "siret:",
        replace: "⟨siret:",
        code: "dossier-inconnu",
    },
    Mistake {
        what: "a file named after another SIRET",
        folder: F,
        stem: "21070017500024",
        find: "siret: \"21070017500016\"",
        replace: "siret: ⟨\"21070017500016\"",
        code: "nom-fichier",
    },
];
