//! The view of one canteen's transparency page (SPEC §5 `/cantines/<siret>/`):
//! everything formatted for citizens, in French; the template only lays it out.

use super::campagne::libelle_en_cours;
use super::published::Cantine;
use crate::aggregate::campagnes::Campagnes;
use crate::indicators::badges::{Badge, Mesure};
use crate::indicators::{BilanIndicateurs, SourceBilan, affiche_pourcentage};
use crate::render::charts::format::pourcent_exact;
use crate::render::charts::{BarreEmpilee, Figure, barre_empilee};
use crate::render::markdown::render_untrusted;
use rust_decimal::Decimal;
use serde::Serialize;

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Lien {
    /// Text of the link.
    pub texte: String,
    /// Target, relative to the site root (empty when there is no page to link).
    pub url: String,
}

/// A line of the identity block.
#[derive(Debug, Serialize)]
pub struct Ligne {
    /// Label.
    pub nom: &'static str,
    /// Value, or "non renseigné".
    pub valeur: String,
}

/// One badge as shown.
#[derive(Debug, Serialize)]
pub struct BadgeVue {
    /// Name of the badge.
    pub nom: &'static str,
    /// "Obtenu", "Non obtenu", "Pas de donnée".
    pub etat: &'static str,
    /// CSS modifier.
    pub classe: &'static str,
    /// What it takes to earn it.
    pub regle: &'static str,
}

/// One year of the canteen.
#[derive(Debug, Serialize)]
pub struct AnneeVue {
    /// Data year.
    pub annee: u16,
    /// Where the figures come from, e.g. "données ouvertes ma cantine 2023".
    pub source: String,
    /// For a bilan of a campaign in progress, the sentence that says so
    /// (« Campagne 2024 en cours : 12 bilans déclarés à ce jour. … »).
    pub campagne_en_cours: Option<String>,
    /// The procurement figures are the central kitchen's.
    pub appro_cuisine_centrale: bool,
    /// Stacked bar with the thresholds (absent without procurement figures).
    pub barre: Option<Figure>,
    /// Shown percentages.
    pub pct_bio: String,
    /// Shown percentage EGalim (bio included).
    pub pct_egalim: String,
    /// Thresholds of this canteen for this year, exact ("20 %", "2 %").
    pub seuil_bio: String,
    /// EGalim threshold.
    pub seuil_egalim: String,
    /// The organic share's own verdict, as the page appends it to its
    /// objective: ", atteint", ", non atteint", or empty when unknown.
    pub verdict_bio: &'static str,
    /// The EGalim share's own verdict (same form).
    pub verdict_egalim: &'static str,
    /// Objective verdict text.
    pub objectif: &'static str,
    /// CSS modifier of the verdict.
    pub objectif_classe: &'static str,
    /// Meat and fish lines (label, value), only those known.
    pub viandes_poissons: Vec<Ligne>,
    /// Meat/fish objective verdict, when judged.
    pub objectif_viandes_poissons: Option<String>,
    /// The cost per meal looked implausible: excluded from statistics.
    pub aberrant: bool,
    /// The five badges.
    pub badges: Vec<BadgeVue>,
    /// Contributor comments, sanitised HTML, per measure.
    pub commentaires: Vec<Ligne>,
}

/// The whole page.
#[derive(Debug, Serialize)]
pub struct CantineVue {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub nom: String,
    /// Commune, département, région as links.
    pub lieu: Vec<Lien>,
    /// Identity lines.
    pub identite: Vec<Ligne>,
    /// Sectors as links.
    pub secteurs: Vec<Lien>,
    /// Presentation, sanitised HTML.
    pub presentation: Option<String>,
    /// The central kitchen, for a satellite.
    pub cuisine_centrale: Option<Lien>,
    /// Satellites served by this kitchen.
    pub satellites: Vec<Lien>,
    /// Territory group label, e.g. "Hexagone".
    pub groupe: &'static str,
    /// Years, latest first.
    pub annees: Vec<AnneeVue>,
    /// Other canteens set aside under this SIRET (site::qualite).
    pub autres_cantines: Option<super::qualite::AutresCantines>,
}

impl CantineVue {
    /// The presentation when there is one to show (an empty one is not,
    /// as in the Tera templates).
    pub fn presentation_html(&self) -> Option<&str> {
        self.presentation.as_deref().filter(|p| !p.is_empty())
    }
}

impl AnneeVue {
    /// The sentence of a campaign in progress, when there is one to show.
    pub fn campagne_en_cours_texte(&self) -> Option<&str> {
        self.campagne_en_cours.as_deref()
    }

    /// The meat/fish objective verdict when there is one to show.
    pub fn objectif_viandes_poissons_texte(&self) -> Option<&str> {
        self.objectif_viandes_poissons
            .as_deref()
            .filter(|p| !p.is_empty())
    }
}

const NON_RENSEIGNE: &str = "non renseigné";

fn pourcent(p: Option<Decimal>) -> String {
    p.map(affiche_pourcentage)
        .unwrap_or_else(|| "inconnue".to_string())
}

/// A share's own verdict against its threshold, as appended to "objectif
/// 20 %": judged on the exported 2-decimal percentage, as the objectives
/// are (the shown value is truncated, so it never contradicts it).
fn verdict(p: Option<Decimal>, seuil: Decimal) -> &'static str {
    match p {
        Some(p) if p >= seuil => ", atteint",
        Some(_) => ", non atteint",
        None => "",
    }
}

/// The name of each badge and the rule that earns it (SPEC §4.5).
pub fn badge_textes(m: Mesure) -> (&'static str, &'static str) {
    match m {
        Mesure::Appro => (
            "Des produits durables et de qualité",
            "Atteindre les objectifs de produits bio et de produits durables et de qualité applicables à la cantine.",
        ),
        Mesure::Gaspillage => (
            "Vers du 0 gaspi alimentaire",
            "Avoir réalisé un diagnostic du gaspillage, mené au moins une action, et signé une convention de dons (obligatoire à partir de 3 000 repas par jour).",
        ),
        Mesure::Diversification => (
            "Equilibre nutritionnel et menu végé",
            "Servir un menu végétarien au moins une fois par semaine (chaque jour en restauration administrative), ou, à partir de 200 repas par jour, avoir un plan de diversification des protéines.",
        ),
        Mesure::Plastique => (
            "Une démarche 0 plastique",
            "Avoir remplacé les contenants de cuisson et de service, les bouteilles et les ustensiles en plastique.",
        ),
        Mesure::Information => (
            "Transparence et communication",
            "Informer les convives de la part de produits durables et de qualité dans les repas.",
        ),
    }
}

const MESURES: [Mesure; 5] = [
    Mesure::Appro,
    Mesure::Gaspillage,
    Mesure::Diversification,
    Mesure::Plastique,
    Mesure::Information,
];

fn badge_vue(m: Mesure, b: Badge) -> BadgeVue {
    let (nom, regle) = badge_textes(m);
    let classe = match b {
        Badge::Obtenu => "obtenu",
        Badge::NonObtenu => "non-obtenu",
        Badge::SansDonnee => "sans-donnee",
    };
    BadgeVue {
        nom,
        etat: b.label(),
        classe,
        regle,
    }
}

/// The sentence of a bilan of a campaign in progress.
fn en_cours(campagnes: &Campagnes, annee: u16) -> Option<String> {
    let libelle = libelle_en_cours(campagnes, annee)?;
    let mut phrase = String::with_capacity(libelle.len() + 160);
    let mut lettres = libelle.chars();
    phrase.extend(lettres.next().map(|c| c.to_ascii_uppercase()));
    phrase.extend(lettres);
    phrase.push_str(". Ce bilan est publié tel que déclaré ; il comptera dans les chiffres nationaux à la clôture de la campagne.");
    Some(phrase)
}

fn annee_vue(c: &Cantine<'_>, b: &BilanIndicateurs, campagnes: &Campagnes) -> AnneeVue {
    let source = match b.source {
        SourceBilan::Declare => format!("déclaré par la cantine (données {})", b.annee),
        SourceBilan::DonneesOuvertes => format!("données ouvertes ma cantine {}", b.annee),
    };
    let barre = match (b.pct.pct_bio, b.pct.pct_egalim) {
        (Some(bio), Some(egalim)) => {
            let id = format!("achats-{}", b.annee);
            let titre = format!("Achats alimentaires {}", b.annee);
            Some(barre_empilee(&BarreEmpilee {
                id: &id,
                titre: &titre,
                pct_bio: bio,
                pct_egalim: egalim,
                seuil_bio: b.seuils.bio,
                seuil_egalim: b.seuils.egalim,
            }))
        }
        _ => None,
    };
    let (objectif, objectif_classe) = match b.objectifs_atteints {
        Some(true) => ("Objectifs atteints", "atteint"),
        Some(false) => ("Objectifs non atteints", "non-atteint"),
        None => (
            "Objectifs non évalués : part bio ou EGalim inconnue",
            "inconnu",
        ),
    };
    let mut viandes_poissons = Vec::new();
    for (nom, v) in [
        (
            "Viandes et volailles EGalim",
            b.pct.pct_viandes_volailles_egalim,
        ),
        (
            "Viandes et volailles d'origine France",
            b.pct.pct_viandes_volailles_france,
        ),
        (
            "Produits de la mer EGalim",
            b.pct.pct_produits_de_la_mer_egalim,
        ),
        (
            "Produits de la mer d'origine France",
            b.pct.pct_produits_de_la_mer_france,
        ),
        (
            "Viandes, volailles et produits de la mer EGalim",
            b.pct.pct_viandes_poissons_egalim,
        ),
    ] {
        if let Some(v) = v {
            viandes_poissons.push(Ligne {
                nom,
                valeur: affiche_pourcentage(v),
            });
        }
    }
    let objectif_viandes_poissons = match (b.seuil_viandes_poissons, b.objectif_viandes_poissons) {
        (Some(s), Some(ok)) => Some(format!(
            "Objectif de {} de viandes et poissons EGalim {}",
            pourcent_exact(s),
            if ok { "atteint" } else { "non atteint" }
        )),
        (Some(s), None) => Some(format!(
            "Objectif de {} de viandes et poissons EGalim : non évalué, faute de données",
            pourcent_exact(s)
        )),
        _ => None,
    };
    let commentaires = c
        .decl
        .bilans
        .iter()
        .find(|x| x.annee == b.annee)
        .and_then(|x| x.commentaires.as_deref())
        .map(|k| {
            [
                ("Achats durables et de qualité", &k.qualite),
                ("Gaspillage alimentaire", &k.gaspillage),
                ("Diversification des protéines", &k.diversification),
                ("Plastiques", &k.plastique),
                ("Information des convives", &k.information),
            ]
            .into_iter()
            .filter_map(|(nom, t)| {
                t.as_deref().map(|t| Ligne {
                    nom,
                    valeur: render_untrusted(t),
                })
            })
            .collect()
        })
        .unwrap_or_default();
    AnneeVue {
        annee: b.annee,
        source,
        campagne_en_cours: en_cours(campagnes, b.annee),
        appro_cuisine_centrale: b.appro_de_la_cuisine_centrale,
        barre,
        pct_bio: pourcent(b.pct.pct_bio),
        pct_egalim: pourcent(b.pct.pct_egalim),
        seuil_bio: pourcent_exact(b.seuils.bio),
        seuil_egalim: pourcent_exact(b.seuils.egalim),
        verdict_bio: verdict(b.pct.pct_bio, b.seuils.bio),
        verdict_egalim: verdict(b.pct.pct_egalim, b.seuils.egalim),
        objectif,
        objectif_classe,
        viandes_poissons,
        objectif_viandes_poissons,
        aberrant: b.aberrant,
        badges: MESURES
            .iter()
            .map(|m| badge_vue(*m, b.badges.de(*m)))
            .collect(),
        commentaires,
    }
}

/// What the page needs to know about other canteens.
pub trait Annuaire {
    /// Name of a published canteen by SIRET.
    fn nom(&self, siret: &str) -> Option<&str>;
    /// Published satellites of a kitchen (SIRET, name), sorted by name.
    fn satellites(&self, siret: &str) -> Vec<(&str, &str)>;
    /// Other canteens set aside under a SIRET (site::qualite).
    fn ecartees(&self, siret: &str) -> Option<&super::qualite::Resume>;
}

/// Builds the view of a canteen's page.
pub fn vue(c: &Cantine<'_>, annuaire: &dyn Annuaire, campagnes: &Campagnes) -> CantineVue {
    let d = c.decl;
    let mut lieu = Vec::new();
    if let Some(commune) = c.commune {
        lieu.push(Lien {
            texte: commune.nom.to_string(),
            url: format!("communes/{}/", commune.code),
        });
    }
    if let Some(dep) = c.departement {
        lieu.push(Lien {
            texte: format!("{} ({})", dep.nom, dep.code),
            url: format!("departements/{}/", dep.code),
        });
    }
    if let Some(reg) = c.region {
        lieu.push(Lien {
            texte: reg.nom.to_string(),
            url: format!("regions/{}/", reg.code),
        });
    }
    let or_nr = |v: Option<String>| v.unwrap_or_else(|| NON_RENSEIGNE.to_string());
    let identite = vec![
        Ligne {
            nom: "SIRET",
            valeur: d.siret.clone(),
        },
        Ligne {
            nom: "Repas par jour",
            valeur: or_nr(
                d.nombre_repas_jour
                    .map(|n| crate::render::charts::format::entier(u64::from(n))),
            ),
        },
        Ligne {
            nom: "Type de production",
            valeur: or_nr(d.type_production.map(|x| x.label().to_string())),
        },
        Ligne {
            nom: "Type de gestion",
            valeur: or_nr(d.type_gestion.map(|x| x.label().to_string())),
        },
        Ligne {
            nom: "Modèle économique",
            valeur: or_nr(d.modele_economique.map(|x| x.label().to_string())),
        },
    ]
    .into_iter()
    .chain(d.ministere_tutelle.map(|m| Ligne {
        nom: "Ministère de tutelle",
        valeur: m.label().to_string(),
    }))
    .collect();
    let secteurs = d
        .secteurs
        .iter()
        .flatten()
        .map(|s| Lien {
            texte: s.label().to_string(),
            url: format!("secteurs/{}/", s.slug()),
        })
        .collect();
    let cuisine_centrale = d
        .siret_cuisine_centrale
        .as_deref()
        .map(|s| match annuaire.nom(s) {
            Some(nom) => Lien {
                texte: nom.to_string(),
                url: format!("cantines/{s}/"),
            },
            None => Lien {
                texte: format!("SIRET {s} (non publiée sur ce site)"),
                url: String::new(),
            },
        });
    let satellites = annuaire
        .satellites(&d.siret)
        .into_iter()
        .map(|(s, nom)| Lien {
            texte: nom.to_string(),
            url: format!("cantines/{s}/"),
        })
        .collect();
    CantineVue {
        siret: d.siret.clone(),
        nom: d.nom.clone(),
        lieu,
        identite,
        secteurs,
        presentation: d.presentation.as_deref().map(render_untrusted),
        cuisine_centrale,
        satellites,
        groupe: c.ind().groupe.label(),
        annees: c
            .ind()
            .bilans
            .iter()
            .map(|b| annee_vue(c, b, campagnes))
            .collect(),
        autres_cantines: super::qualite::de_la_page(annuaire, &d.siret),
    }
}
