//! Open-data outputs (SPEC §5 `/donnees/`): one JSON per canteen, and the
//! national CSV and JSON files. The same numbers as the pages. No € amount
//! is written anywhere: shares, thresholds and verdicts only (SPEC §2).

use super::published::Cantine;
use crate::aggregate::campagnes::Campagnes;
use crate::indicators::badges::Badge;
use crate::indicators::percent::ecrire_decimal;
use crate::indicators::{BilanIndicateurs, percent::serialise_decimal_opt};
use crate::site::ecrire::{
    csv_bool_opt, csv_champ, entier, json_echappe, json_entier_opt, json_str, json_str_opt,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write as _;

/// A badge in the exports: `true` earned, `false` not earned, `null` no data.
fn badge(b: Badge) -> Option<bool> {
    match b {
        Badge::Obtenu => Some(true),
        Badge::NonObtenu => Some(false),
        Badge::SansDonnee => None,
    }
}

/// The five badges of a bilan, as exported.
#[derive(Debug, Serialize)]
pub struct BadgesExport {
    /// Des produits durables et de qualité.
    pub appro: Option<bool>,
    /// Vers du 0 gaspi alimentaire.
    pub gaspillage: Option<bool>,
    /// Equilibre nutritionnel et menu végé.
    pub diversification: Option<bool>,
    /// Une démarche 0 plastique.
    pub plastique: Option<bool>,
    /// Transparence et communication.
    pub information: Option<bool>,
}

/// One bilan as exported.
#[derive(Debug, Serialize)]
pub struct BilanExport {
    /// Data year.
    pub annee: u16,
    /// `declare` or `donnees_ouvertes`.
    pub source: &'static str,
    /// `publiee` (a national result) or `en_cours` (a campaign in
    /// progress: content/methodologie.md, « Les campagnes publiées »).
    pub campagne: &'static str,
    /// The shares are the central kitchen's (satellite without its own figures).
    pub appro_de_la_cuisine_centrale: bool,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_bio: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_egalim: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_egalim_hors_bio: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    seuil_bio: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    seuil_egalim: Option<Decimal>,
    objectifs_atteints: Option<bool>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_viandes_volailles_egalim: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_viandes_volailles_france: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_produits_de_la_mer_egalim: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_produits_de_la_mer_france: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    pct_viandes_poissons_egalim: Option<Decimal>,
    #[serde(serialize_with = "serialise_decimal_opt")]
    seuil_viandes_poissons: Option<Decimal>,
    objectif_viandes_poissons: Option<bool>,
    cout_repas_aberrant: bool,
    badges: BadgesExport,
}

impl BilanExport {
    /// The export of one computed bilan.
    pub fn de(b: &BilanIndicateurs, campagnes: &Campagnes) -> Self {
        BilanExport {
            annee: b.annee,
            source: match b.source {
                crate::indicators::SourceBilan::Declare => "declare",
                crate::indicators::SourceBilan::DonneesOuvertes => "donnees_ouvertes",
            },
            campagne: campagnes.statut(b.annee).code(),
            appro_de_la_cuisine_centrale: b.appro_de_la_cuisine_centrale,
            pct_bio: b.pct.pct_bio,
            pct_egalim: b.pct.pct_egalim,
            pct_egalim_hors_bio: b.pct.pct_egalim_hors_bio,
            seuil_bio: Some(b.seuils.bio),
            seuil_egalim: Some(b.seuils.egalim),
            objectifs_atteints: b.objectifs_atteints,
            pct_viandes_volailles_egalim: b.pct.pct_viandes_volailles_egalim,
            pct_viandes_volailles_france: b.pct.pct_viandes_volailles_france,
            pct_produits_de_la_mer_egalim: b.pct.pct_produits_de_la_mer_egalim,
            pct_produits_de_la_mer_france: b.pct.pct_produits_de_la_mer_france,
            pct_viandes_poissons_egalim: b.pct.pct_viandes_poissons_egalim,
            seuil_viandes_poissons: b.seuil_viandes_poissons,
            objectif_viandes_poissons: b.objectif_viandes_poissons,
            cout_repas_aberrant: b.aberrant,
            badges: BadgesExport {
                appro: badge(b.badges.appro),
                gaspillage: badge(b.badges.gaspillage),
                diversification: badge(b.badges.diversification),
                plastique: badge(b.badges.plastique),
                information: badge(b.badges.information),
            },
        }
    }
}

/// A canteen's identity, as exported.
#[derive(Debug, Serialize)]
pub struct IdentiteExport<'a> {
    siret: &'a str,
    nom: &'a str,
    code_insee: Option<&'a str>,
    commune: Option<&'static str>,
    departement: Option<&'static str>,
    region: Option<&'static str>,
    secteurs: Vec<&'static str>,
    type_production: Option<&'static str>,
    type_gestion: Option<&'static str>,
    modele_economique: Option<&'static str>,
    ministere_tutelle: Option<&'static str>,
    nombre_repas_jour: Option<u32>,
    siret_cuisine_centrale: Option<&'a str>,
    ma_cantine_id: Option<u64>,
}

impl<'a> IdentiteExport<'a> {
    fn de(c: &'a Cantine<'_>) -> Self {
        let d = c.decl;
        IdentiteExport {
            siret: &d.siret,
            nom: &d.nom,
            code_insee: d.code_insee.as_deref(),
            commune: c.commune.map(|x| x.nom),
            departement: c.departement.map(|x| x.code),
            region: c.region.map(|x| x.code),
            secteurs: d.secteurs.iter().flatten().map(|s| s.slug()).collect(),
            type_production: d.type_production.map(|x| x.slug()),
            type_gestion: d.type_gestion.map(|x| x.slug()),
            modele_economique: d.modele_economique.map(|x| x.slug()),
            ministere_tutelle: d.ministere_tutelle.map(|x| x.slug()),
            nombre_repas_jour: d.nombre_repas_jour,
            siret_cuisine_centrale: d.siret_cuisine_centrale.as_deref(),
            ma_cantine_id: d.ma_cantine_id,
        }
    }
}

#[derive(Serialize)]
struct CantineExport<'a> {
    #[serde(flatten)]
    identite: IdentiteExport<'a>,
    bilans: Vec<BilanExport>,
}

/// `api/cantines/<siret>.json`: identity and every bilan.
pub fn api_cantine(c: &Cantine<'_>, campagnes: &Campagnes) -> Vec<u8> {
    let export = CantineExport {
        identite: IdentiteExport::de(c),
        bilans: c
            .ind()
            .bilans
            .iter()
            .map(|b| BilanExport::de(b, campagnes))
            .collect(),
    };
    // Compact: 100 000 of these files are written (25 % fewer bytes than
    // pretty-printed); browsers' JSON viewers indent them for reading.
    serde_json::to_vec(&export).unwrap_or_default()
}

/// A canteen's object in `cantines.json`.
fn objet_cantines_json(out: &mut Vec<u8>, c: &Cantine<'_>) {
    let i = IdentiteExport::de(c);
    out.extend_from_slice(b"{\"siret\":");
    json_str(out, i.siret);
    out.extend_from_slice(b",\"nom\":");
    json_str(out, i.nom);
    out.extend_from_slice(b",\"code_insee\":");
    json_str_opt(out, i.code_insee);
    out.extend_from_slice(b",\"commune\":");
    json_str_opt(out, i.commune);
    out.extend_from_slice(b",\"departement\":");
    json_str_opt(out, i.departement);
    out.extend_from_slice(b",\"region\":");
    json_str_opt(out, i.region);
    out.extend_from_slice(b",\"secteurs\":[");
    for (k, s) in i.secteurs.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        json_str(out, s);
    }
    out.extend_from_slice(b"],\"type_production\":");
    json_str_opt(out, i.type_production);
    out.extend_from_slice(b",\"type_gestion\":");
    json_str_opt(out, i.type_gestion);
    out.extend_from_slice(b",\"modele_economique\":");
    json_str_opt(out, i.modele_economique);
    out.extend_from_slice(b",\"ministere_tutelle\":");
    json_str_opt(out, i.ministere_tutelle);
    out.extend_from_slice(b",\"nombre_repas_jour\":");
    json_entier_opt(out, i.nombre_repas_jour.map(u64::from));
    out.extend_from_slice(b",\"siret_cuisine_centrale\":");
    json_str_opt(out, i.siret_cuisine_centrale);
    out.extend_from_slice(b",\"ma_cantine_id\":");
    json_entier_opt(out, i.ma_cantine_id);
    out.extend_from_slice(b",\"annees\":[");
    for (k, b) in c.ind().bilans.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        entier(out, u64::from(b.annee));
    }
    // `Cantine::url`.
    out.extend_from_slice(b"],\"url\":\"cantines/");
    json_echappe(out, &c.decl.siret);
    out.extend_from_slice(b"/\"}");
}

/// Columns of `cantines.csv`, with their meaning (shown on `/donnees/`).
pub const COLONNES_CANTINES: &[(&str, &str)] = &[
    ("siret", "SIRET de l'établissement (14 chiffres)"),
    ("nom", "Nom de la cantine"),
    ("code_insee", "Code INSEE de la commune (vide si inconnu)"),
    (
        "commune",
        "Nom de la commune (Code officiel géographique 2026)",
    ),
    ("departement", "Code du département"),
    (
        "region",
        "Code de la région (une collectivité d'outre-mer est sa propre région)",
    ),
    (
        "secteurs",
        "Secteurs d'activité, identifiants séparés par « | »",
    ),
    (
        "type_production",
        "site, site_cooked_elsewhere (satellite), central, central_serving",
    ),
    ("type_gestion", "direct ou conceded"),
    ("modele_economique", "public ou private"),
    (
        "ministere_tutelle",
        "Ministère de tutelle (restaurants de l'État)",
    ),
    ("nombre_repas_jour", "Nombre moyen de repas par jour"),
    (
        "siret_cuisine_centrale",
        "SIRET de la cuisine centrale d'un restaurant satellite",
    ),
    ("annees", "Années de données publiées, séparées par « | »"),
];

/// Columns of `bilans.csv`, with their meaning (shown on `/donnees/`).
pub const COLONNES_BILANS: &[(&str, &str)] = &[
    ("siret", "SIRET de la cantine"),
    ("nom", "Nom de la cantine"),
    ("departement", "Code du département"),
    ("region", "Code de la région"),
    ("annee", "Année des données"),
    (
        "source",
        "declare (déclaré dans le dépôt) ou donnees_ouvertes (données ouvertes ma cantine)",
    ),
    (
        "campagne",
        "publiee (campagne publiée : ses chiffres nationaux sont ceux du site) ou en_cours (campagne en cours : bilan publié tel que déclaré, pas encore compté comme résultat national)",
    ),
    (
        "appro_de_la_cuisine_centrale",
        "true si les parts sont celles de la cuisine centrale du satellite",
    ),
    (
        "pct_bio",
        "Part des achats bio, en %, arrondie au centième (demi au pair)",
    ),
    (
        "pct_egalim",
        "Part des achats durables et de qualité, bio compris, en %",
    ),
    (
        "pct_egalim_hors_bio",
        "Part des achats durables et de qualité hors bio, en %",
    ),
    (
        "seuil_bio",
        "Objectif bio applicable à cette cantine cette année, en %",
    ),
    (
        "seuil_egalim",
        "Objectif EGalim applicable à cette cantine cette année, en %",
    ),
    (
        "objectifs_atteints",
        "true si les deux objectifs sont atteints, false sinon, vide si inconnu",
    ),
    (
        "pct_viandes_volailles_egalim",
        "Part EGalim des viandes et volailles, en %",
    ),
    (
        "pct_viandes_volailles_france",
        "Part d'origine France des viandes et volailles, en %",
    ),
    (
        "pct_produits_de_la_mer_egalim",
        "Part EGalim des produits de la mer, en %",
    ),
    (
        "pct_produits_de_la_mer_france",
        "Part d'origine France des produits de la mer, en %",
    ),
    (
        "pct_viandes_poissons_egalim",
        "Part EGalim des viandes, volailles et produits de la mer ensemble, en %",
    ),
    (
        "seuil_viandes_poissons",
        "Objectif viandes et poissons (60 %, 100 % pour un restaurant de l'État), à partir de 2024",
    ),
    (
        "objectif_viandes_poissons",
        "true si cet objectif est atteint, false sinon, vide si non évalué",
    ),
    (
        "cout_repas_aberrant",
        "true si le coût par repas déclaré est aberrant : bilan exclu des statistiques",
    ),
    (
        "badge_appro",
        "Badge « Des produits durables et de qualité » : true, false, vide = pas de donnée",
    ),
    ("badge_gaspillage", "Badge « Vers du 0 gaspi alimentaire »"),
    (
        "badge_diversification",
        "Badge « Equilibre nutritionnel et menu végé »",
    ),
    ("badge_plastique", "Badge « Une démarche 0 plastique »"),
    (
        "badge_information",
        "Badge « Transparence et communication »",
    ),
];

/// The header line of a CSV file (the column names need no quotes).
fn entete(out: &mut Vec<u8>, colonnes: &[(&str, &str)]) {
    for (i, (nom, _)) in colonnes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_champ(out, nom);
    }
    out.extend_from_slice(b"\r\n");
}

/// A CSV field of text, empty when unknown.
fn champ_opt(out: &mut Vec<u8>, v: Option<&str>) {
    csv_champ(out, v.unwrap_or_default());
}

/// A CSV field of a percentage, as `normalize().to_string()`; empty when unknown.
fn champ_dec(out: &mut Vec<u8>, v: Option<Decimal>) {
    if let Some(v) = v {
        ecrire_decimal(out, v);
    }
}

/// Values joined by `|`, as one CSV field; `tampon` is scratch space.
fn champ_liste<T>(
    out: &mut Vec<u8>,
    tampon: &mut String,
    valeurs: impl Iterator<Item = T>,
    texte: impl Fn(&mut String, T),
) {
    tampon.clear();
    for (i, v) in valeurs.enumerate() {
        if i > 0 {
            tampon.push('|');
        }
        texte(tampon, v);
    }
    csv_champ(out, tampon);
}

/// A canteen's row in `cantines.csv`.
fn ligne_cantines_csv(out: &mut Vec<u8>, c: &Cantine<'_>) {
    let d = c.decl;
    let mut tampon = String::new();
    csv_champ(out, &d.siret);
    out.push(b',');
    csv_champ(out, &d.nom);
    out.push(b',');
    champ_opt(out, d.code_insee.as_deref());
    out.push(b',');
    champ_opt(out, c.commune.map(|x| x.nom));
    out.push(b',');
    champ_opt(out, c.departement.map(|x| x.code));
    out.push(b',');
    champ_opt(out, c.region.map(|x| x.code));
    out.push(b',');
    champ_liste(out, &mut tampon, d.secteurs.iter().flatten(), |t, s| {
        t.push_str(s.slug());
    });
    out.push(b',');
    champ_opt(out, d.type_production.map(|x| x.slug()));
    out.push(b',');
    champ_opt(out, d.type_gestion.map(|x| x.slug()));
    out.push(b',');
    champ_opt(out, d.modele_economique.map(|x| x.slug()));
    out.push(b',');
    champ_opt(out, d.ministere_tutelle.map(|x| x.slug()));
    out.push(b',');
    if let Some(n) = d.nombre_repas_jour {
        entier(out, u64::from(n));
    }
    out.push(b',');
    champ_opt(out, d.siret_cuisine_centrale.as_deref());
    out.push(b',');
    champ_liste(out, &mut tampon, c.ind().bilans.iter(), |t, b| {
        let _ = write!(t, "{}", b.annee);
    });
    out.extend_from_slice(b"\r\n");
}

/// A canteen's rows in `bilans.csv`, one per bilan.
fn lignes_bilans_csv(out: &mut Vec<u8>, c: &Cantine<'_>, campagnes: &Campagnes) {
    // The canteen's columns, written once for all its rows.
    let mut debut = Vec::new();
    csv_champ(&mut debut, &c.decl.siret);
    debut.push(b',');
    csv_champ(&mut debut, &c.decl.nom);
    debut.push(b',');
    champ_opt(&mut debut, c.departement.map(|d| d.code));
    debut.push(b',');
    champ_opt(&mut debut, c.region.map(|r| r.code));
    debut.push(b',');
    for b in &c.ind().bilans {
        let e = BilanExport::de(b, campagnes);
        out.extend_from_slice(&debut);
        entier(out, u64::from(e.annee));
        out.push(b',');
        csv_champ(out, e.source);
        out.push(b',');
        csv_champ(out, e.campagne);
        out.push(b',');
        csv_bool_opt(out, Some(e.appro_de_la_cuisine_centrale));
        for v in [
            e.pct_bio,
            e.pct_egalim,
            e.pct_egalim_hors_bio,
            e.seuil_bio,
            e.seuil_egalim,
        ] {
            out.push(b',');
            champ_dec(out, v);
        }
        out.push(b',');
        csv_bool_opt(out, e.objectifs_atteints);
        for v in [
            e.pct_viandes_volailles_egalim,
            e.pct_viandes_volailles_france,
            e.pct_produits_de_la_mer_egalim,
            e.pct_produits_de_la_mer_france,
            e.pct_viandes_poissons_egalim,
            e.seuil_viandes_poissons,
        ] {
            out.push(b',');
            champ_dec(out, v);
        }
        out.push(b',');
        csv_bool_opt(out, e.objectif_viandes_poissons);
        out.push(b',');
        csv_bool_opt(out, Some(e.cout_repas_aberrant));
        let badges = &e.badges;
        for v in [
            badges.appro,
            badges.gaspillage,
            badges.diversification,
            badges.plastique,
            badges.information,
        ] {
            out.push(b',');
            csv_bool_opt(out, v);
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// One national export: its path, and what comes before and after its rows.
#[derive(Debug)]
pub struct Fichier {
    /// Path in the site.
    pub path: &'static str,
    /// Bytes before the rows.
    pub entete: Vec<u8>,
    /// Bytes after the rows.
    pub fin: Vec<u8>,
}

/// `donnees/cantines.csv` (one row per canteen), `donnees/bilans.csv` (one
/// row per bilan) and `donnees/cantines.json` (every canteen's identity,
/// years and URL), in the order of [`lignes_exports`]' rows. Their bytes
/// are those the `csv` crate and `serde_json` wrote before (tested
/// against them).
pub fn fichiers_exportes() -> [Fichier; 3] {
    let mut entete_cantines = Vec::new();
    entete(&mut entete_cantines, COLONNES_CANTINES);
    let mut entete_bilans = Vec::new();
    entete(&mut entete_bilans, COLONNES_BILANS);
    [
        Fichier {
            path: "donnees/cantines.csv",
            entete: entete_cantines,
            fin: Vec::new(),
        },
        Fichier {
            path: "donnees/bilans.csv",
            entete: entete_bilans,
            fin: Vec::new(),
        },
        Fichier {
            path: "donnees/cantines.json",
            entete: b"[".to_vec(),
            fin: b"]\n".to_vec(),
        },
    ]
}

/// The rows of `cantines` in the three files of [`fichiers_exportes`], in
/// one pass over the canteens, each read once for the three files (at
/// national scale, reading a canteen scattered in memory costs more than
/// writing its rows); `premiere`: these are the first rows of the files
/// (no separator before them).
pub fn lignes_exports(
    cantines: &[Cantine<'_>],
    premiere: bool,
    campagnes: &Campagnes,
) -> [Vec<u8>; 3] {
    let mut outs: [Vec<u8>; 3] = std::array::from_fn(|_| Vec::with_capacity(1 << 17));
    for (i, c) in cantines.iter().enumerate() {
        if i > 0 || !premiere {
            outs[2].push(b',');
        }
        let [a, b, j] = &mut outs;
        ligne_cantines_csv(a, c);
        lignes_bilans_csv(b, c, campagnes);
        objet_cantines_json(j, c);
    }
    outs
}

/// The three national exports made whole, each as pieces put end to end.
#[cfg(test)]
pub fn exports(
    cantines: &[Cantine<'_>],
    campagnes: &Campagnes,
) -> [(&'static str, Vec<Vec<u8>>); 3] {
    let cles: Vec<u128> = (0..cantines.len() as u128).collect();
    let faits = super::exports_patch::exports(cantines, &cles, 0, 64, campagnes, |_| None);
    let mut out = fichiers_exportes().map(|f| (f.path, Vec::new()));
    for (o, e) in out.iter_mut().zip(faits) {
        for p in e.pieces {
            if let crate::output::Piece::New(b) = p {
                o.1.push(b);
            }
        }
    }
    out
}

/// `donnees/statistiques.json`: every aggregate, by dimension, slice and year.
///
/// Before the figures: the published campaign and how it was chosen, the
/// status and national count of every data year, and the minimum count
/// under which a share, a median or a mean is `null` (content/methodologie.md).
pub fn statistiques_json(stats: &crate::aggregate::Statistiques, campagnes: &Campagnes) -> Vec<u8> {
    #[derive(Serialize)]
    struct Fichier<'a> {
        campagne_publiee: Option<u16>,
        choix_de_la_campagne: crate::aggregate::campagnes::Decision,
        campagnes: &'a std::collections::BTreeMap<u16, crate::aggregate::campagnes::Campagne>,
        effectif_minimum: u64,
        #[serde(flatten)]
        statistiques: crate::aggregate::Statistiques,
    }
    let fichier = Fichier {
        campagne_publiee: campagnes.publiee,
        choix_de_la_campagne: campagnes.decision,
        campagnes: &campagnes.annees,
        effectif_minimum: crate::aggregate::EFFECTIF_MINIMUM,
        statistiques: stats.publiees(),
    };
    let mut out = serde_json::to_vec_pretty(&fichier).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::essai;

    /// The former writers, through `String` rows, the `csv` crate and
    /// serde: the reference for the bytes.
    mod ancien {
        use super::super::*;

        #[derive(Serialize)]
        struct CantineResume<'a> {
            #[serde(flatten)]
            identite: IdentiteExport<'a>,
            annees: Vec<u16>,
            url: String,
        }

        pub fn cantines_json(cantines: &[Cantine<'_>]) -> Vec<u8> {
            let all: Vec<CantineResume<'_>> = cantines
                .iter()
                .map(|c| CantineResume {
                    identite: IdentiteExport::de(c),
                    annees: c.ind().bilans.iter().map(|b| b.annee).collect(),
                    url: c.url(),
                })
                .collect();
            let mut out = serde_json::to_vec(&all).unwrap_or_default();
            out.push(b'\n');
            out
        }

        fn opt<T: ToString>(v: Option<T>) -> String {
            v.map(|x| x.to_string()).unwrap_or_default()
        }

        fn dec(v: Option<Decimal>) -> String {
            v.map(|x| x.normalize().to_string()).unwrap_or_default()
        }

        fn csv_bytes(header: &[(&str, &str)], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            let _ = w.write_record(header.iter().map(|(h, _)| *h));
            for row in rows {
                let _ = w.write_record(&row);
            }
            w.into_inner().unwrap_or_default()
        }

        pub fn cantines_csv(cantines: &[Cantine<'_>]) -> Vec<u8> {
            csv_bytes(
                COLONNES_CANTINES,
                cantines.iter().map(|c| {
                    let i = IdentiteExport::de(c);
                    vec![
                        i.siret.to_string(),
                        i.nom.to_string(),
                        opt(i.code_insee),
                        opt(i.commune),
                        opt(i.departement),
                        opt(i.region),
                        i.secteurs.join("|"),
                        opt(i.type_production),
                        opt(i.type_gestion),
                        opt(i.modele_economique),
                        opt(i.ministere_tutelle),
                        opt(i.nombre_repas_jour),
                        opt(i.siret_cuisine_centrale),
                        c.ind()
                            .bilans
                            .iter()
                            .map(|b| b.annee.to_string())
                            .collect::<Vec<_>>()
                            .join("|"),
                    ]
                }),
            )
        }

        pub fn bilans_csv(cantines: &[Cantine<'_>], campagnes: &Campagnes) -> Vec<u8> {
            csv_bytes(
                COLONNES_BILANS,
                cantines.iter().flat_map(|c| {
                    c.ind().bilans.iter().map(move |b| {
                        let e = BilanExport::de(b, campagnes);
                        vec![
                            c.decl.siret.clone(),
                            c.decl.nom.clone(),
                            opt(c.departement.map(|d| d.code)),
                            opt(c.region.map(|r| r.code)),
                            e.annee.to_string(),
                            e.source.to_string(),
                            e.campagne.to_string(),
                            e.appro_de_la_cuisine_centrale.to_string(),
                            dec(e.pct_bio),
                            dec(e.pct_egalim),
                            dec(e.pct_egalim_hors_bio),
                            dec(e.seuil_bio),
                            dec(e.seuil_egalim),
                            opt(e.objectifs_atteints),
                            dec(e.pct_viandes_volailles_egalim),
                            dec(e.pct_viandes_volailles_france),
                            dec(e.pct_produits_de_la_mer_egalim),
                            dec(e.pct_produits_de_la_mer_france),
                            dec(e.pct_viandes_poissons_egalim),
                            dec(e.seuil_viandes_poissons),
                            opt(e.objectif_viandes_poissons),
                            e.cout_repas_aberrant.to_string(),
                            opt(e.badges.appro),
                            opt(e.badges.gaspillage),
                            opt(e.badges.diversification),
                            opt(e.badges.plastique),
                            opt(e.badges.information),
                        ]
                    })
                }),
            )
        }
    }

    fn texte(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn exports_are_the_bytes_of_the_former_writers() {
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        assert!(cantines.len() > 5_000, "{}", cantines.len());
        assert!(cantines.iter().any(|c| c.decl.nom.contains('"')));
        // 2023 in progress: both statuses are written.
        let campagnes = Campagnes::de_comptes(
            std::collections::BTreeMap::from([(2021, 1), (2022, 1), (2023, 1)]),
            Some(2022),
            2026,
        );
        let c = &campagnes;
        let fait = |cantines: &[Cantine<'_>], k: usize| exports(cantines, c)[k].1.concat();
        for (nouveau, ancien) in [
            (fait(&cantines, 0), ancien::cantines_csv(&cantines)),
            (fait(&cantines, 1), ancien::bilans_csv(&cantines, c)),
            (fait(&cantines, 2), ancien::cantines_json(&cantines)),
            // Fewer canteens than a piece, and none.
            (
                fait(&cantines[..3], 0),
                ancien::cantines_csv(&cantines[..3]),
            ),
            (
                fait(&cantines[..3], 1),
                ancien::bilans_csv(&cantines[..3], c),
            ),
            (
                fait(&cantines[..3], 2),
                ancien::cantines_json(&cantines[..3]),
            ),
            (fait(&[], 0), ancien::cantines_csv(&[])),
            (fait(&[], 1), ancien::bilans_csv(&[], c)),
            (fait(&[], 2), ancien::cantines_json(&[])),
        ] {
            assert!(nouveau == ancien, "{}", {
                let (n, a) = (texte(&nouveau), texte(&ancien));
                let i = n
                    .bytes()
                    .zip(a.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(n.len().min(a.len()));
                format!(
                    "differs at {i}: {:?} / {:?}",
                    n.get(i.saturating_sub(80)..(i + 80).min(n.len())),
                    a.get(i.saturating_sub(80)..(i + 80).min(a.len()))
                )
            });
        }
    }
}
