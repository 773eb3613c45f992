//! The five badges, one per measure of the law, per bilan (SPEC §4.5).
//!
//! A badge is **no data** when its section is absent from the bilan, **not
//! earned** when the section is present but the rule fails. Inside a
//! present section, a missing field counts as "not done": a canteen that
//! writes the section but leaves `diagnostic` out has not said it made one.

use crate::model::{Bilan, Declaration, Diversification, Gaspillage, MenuVegetarien, Secteur};
use serde::Serialize;

/// The outcome of one badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// The rule is met.
    Obtenu,
    /// The section is there, the rule is not met.
    NonObtenu,
    /// The section is absent: nothing is known.
    SansDonnee,
}

impl Badge {
    /// The badge of a present section whose rule gives `regle`.
    fn selon(regle: bool) -> Self {
        if regle { Self::Obtenu } else { Self::NonObtenu }
    }

    /// The French label of the outcome.
    pub fn label(self) -> &'static str {
        match self {
            Self::Obtenu => "Obtenu",
            Self::NonObtenu => "Non obtenu",
            Self::SansDonnee => "Pas de donnée",
        }
    }
}

/// The five measures a badge rewards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mesure {
    /// Sustainable and quality purchases.
    Appro,
    /// Fight against food waste.
    Gaspillage,
    /// Protein diversification.
    Diversification,
    /// Single-use plastics.
    Plastique,
    /// Information of guests.
    Information,
}

impl Mesure {
    /// The five measures, in the order pages show them.
    pub const ALL: [Mesure; 5] = [
        Mesure::Appro,
        Mesure::Gaspillage,
        Mesure::Diversification,
        Mesure::Plastique,
        Mesure::Information,
    ];

    /// The badge's title, as on the national platform.
    pub fn titre(self) -> &'static str {
        match self {
            Self::Appro => "Des produits durables et de qualité",
            Self::Gaspillage => "Vers du 0 gaspi alimentaire",
            Self::Diversification => "Equilibre nutritionnel et menu végé",
            Self::Plastique => "Une démarche 0 plastique",
            Self::Information => "Transparence et communication",
        }
    }
}

/// The five badges of one bilan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Badges {
    /// Sustainable and quality purchases.
    pub appro: Badge,
    /// Fight against food waste.
    pub gaspillage: Badge,
    /// Protein diversification.
    pub diversification: Badge,
    /// Single-use plastics.
    pub plastique: Badge,
    /// Information of guests.
    pub information: Badge,
}

impl Badges {
    /// The badge of a measure.
    pub fn de(&self, mesure: Mesure) -> Badge {
        match mesure {
            Mesure::Appro => self.appro,
            Mesure::Gaspillage => self.gaspillage,
            Mesure::Diversification => self.diversification,
            Mesure::Plastique => self.plastique,
            Mesure::Information => self.information,
        }
    }
}

/// **appro**: the objectives are reached (SPEC §4.2); no data when that
/// is unknown.
pub fn badge_appro(objectifs_atteints: Option<bool>) -> Badge {
    objectifs_atteints.map_or(Badge::SansDonnee, Badge::selon)
}

/// Above this many meals a day, a canteen must also have a food-donation
/// agreement to earn the anti-waste badge.
pub const REPAS_JOUR_SANS_CONVENTION_DONS_MAX: u32 = 3000;

/// **gaspillage**: a diagnostic, at least one action, and a food-donation
/// agreement unless the canteen serves fewer than 3 000 meals a day
/// (`0 < nombre_repas_jour < 3000`; an unknown count does not exempt).
pub fn badge_gaspillage(g: Option<&Gaspillage>, nombre_repas_jour: Option<u32>) -> Badge {
    let Some(g) = g else {
        return Badge::SansDonnee;
    };
    let petite =
        nombre_repas_jour.is_some_and(|n| n > 0 && n < REPAS_JOUR_SANS_CONVENTION_DONS_MAX);
    Badge::selon(
        g.diagnostic == Some(true)
            && g.actions.as_ref().is_some_and(|a| !a.is_empty())
            && (g.convention_dons == Some(true) || petite),
    )
}

/// From this many meals a day, a multi-year diversification plan earns
/// the diversification badge on its own.
pub const REPAS_JOUR_PLAN_DIVERSIFICATION: u32 = 200;

/// Whether one of the canteen's sectors is an `administration_*` sector;
/// unknown when its sectors are not given.
pub fn a_un_secteur_administration(secteurs: Option<&[Secteur]>) -> Option<bool> {
    secteurs
        .filter(|s| !s.is_empty())
        .map(|s| s.iter().any(|x| x.est_administration()))
}

/// **diversification**: (at least 200 meals a day AND a plan) OR (an
/// administration sector AND a daily vegetarian menu) OR (no
/// administration sector AND a vegetarian menu at least weekly: MID, HIGH
/// or DAILY). When the sectors are unknown and only the sector decides
/// (a weekly menu, no plan), the badge is "no data".
pub fn badge_diversification(
    d: Option<&Diversification>,
    nombre_repas_jour: Option<u32>,
    administration: Option<bool>,
) -> Badge {
    use MenuVegetarien::*;
    let Some(d) = d else {
        return Badge::SansDonnee;
    };
    let grande_avec_plan = nombre_repas_jour.is_some_and(|n| n >= REPAS_JOUR_PLAN_DIVERSIFICATION)
        && d.plan == Some(true);
    let quotidien = d.menu_vegetarien == Some(Quotidien);
    let hebdomadaire = matches!(
        d.menu_vegetarien,
        Some(Hebdomadaire | PlusieursParSemaine | Quotidien)
    );
    if grande_avec_plan || quotidien {
        return Badge::Obtenu;
    }
    match administration {
        Some(true) => Badge::NonObtenu,
        Some(false) => Badge::selon(hebdomadaire),
        None if hebdomadaire => Badge::SansDonnee,
        None => Badge::NonObtenu,
    }
}

/// **plastique**: all four substitutions made.
pub fn badge_plastique(p: Option<&crate::model::Plastique>) -> Badge {
    p.map_or(Badge::SansDonnee, |p| {
        Badge::selon(
            [
                p.contenants_cuisson,
                p.contenants_service,
                p.bouteilles,
                p.ustensiles,
            ]
            .iter()
            .all(|x| *x == Some(true)),
        )
    })
}

/// **information**: guests are informed of the share of sustainable and
/// quality products.
pub fn badge_information(i: Option<&crate::model::Information>) -> Badge {
    i.map_or(Badge::SansDonnee, |i| Badge::selon(i.qualite == Some(true)))
}

/// The five badges of a bilan of the canteen `decl`, given whether it
/// reaches the procurement objectives.
pub fn badges(decl: &Declaration, bilan: &Bilan, objectifs_atteints: Option<bool>) -> Badges {
    let administration = a_un_secteur_administration(decl.secteurs.as_deref());
    Badges {
        appro: badge_appro(objectifs_atteints),
        gaspillage: badge_gaspillage(bilan.gaspillage.as_deref(), decl.nombre_repas_jour),
        diversification: badge_diversification(
            bilan.diversification.as_deref(),
            decl.nombre_repas_jour,
            administration,
        ),
        plastique: badge_plastique(bilan.plastique.as_deref()),
        information: badge_information(bilan.information.as_deref()),
    }
}

#[cfg(test)]
#[path = "badges_tests.rs"]
mod tests;
