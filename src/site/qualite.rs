//! The page « Qualité des données » (`/donnees/qualite/`) and the published
//! `donnees/ecartees.csv`: every row of the open data the site does not
//! publish, and why (content/methodologie.md, « Import des données
//! ouvertes »), read from `declarations/ecartees.csv` ([`crate::set_aside`]).
//! Also the sentence of a canteen page whose SIRET had other canteens set
//! aside.

use super::Job;
use super::canteen_page::Lien;
use super::pages::Commun;
use crate::indicators::percent::pct_affiche;
use crate::render::charts::format::entier;
use crate::set_aside::{COLONNES, Ecartee, Forme, Motif, to_csv};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The page, relative to the site root.
pub const URL: &str = "donnees/qualite/";

/// What a SIRET's page says about the other canteens set aside under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// Other canteens of the platform that declared under the SIRET.
    pub cantines: usize,
    /// Their teledeclarations set aside.
    pub lignes: usize,
}

impl Resume {
    /// What the page's key depends on.
    pub fn cle(&self) -> [u8; 16] {
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&(self.cantines as u64).to_le_bytes());
        k[8..].copy_from_slice(&(self.lignes as u64).to_le_bytes());
        k
    }
}

/// The sentence of a canteen page, with its link (see [`phrase`]).
#[derive(Debug, Clone, Serialize)]
pub struct AutresCantines {
    /// The text before the link.
    pub debut: String,
    /// The link to this SIRET on the quality page.
    pub lien: Lien,
    /// The text after the link.
    pub fin: &'static str,
}

/// Whether a motif means another canteen than the one the page presents
/// (a re-declaration of the same canteen is not).
fn autre_cantine(m: Motif) -> bool {
    matches!(
        m,
        Motif::AutreCantine | Motif::CantineRetenueAbsente | Motif::CantineDistincte
    )
}

/// The SIRETs under which other canteens were set aside.
pub fn par_siret(rows: &[Ecartee]) -> BTreeMap<String, Resume> {
    let mut canteens: BTreeMap<&str, (BTreeSet<Option<u64>>, usize)> = BTreeMap::new();
    for e in rows.iter().filter(|e| autre_cantine(e.motif)) {
        let entry = canteens.entry(&e.siret).or_default();
        entry.0.insert(e.ma_cantine_id);
        entry.1 += 1;
    }
    canteens
        .into_iter()
        .map(|(siret, (ids, lignes))| {
            let resume = Resume {
                cantines: ids.len(),
                lignes,
            };
            (siret.to_string(), resume)
        })
        .collect()
}

/// The sentence of the canteen page of `siret`, e.g. « 7 autres cantines
/// ont télédéclaré sous ce SIRET : cette page ne présente que celle de la
/// télédéclaration la plus récente, et leurs 15 télédéclarations écartées
/// ne sont ni publiées ni comptées dans les statistiques. »
pub fn phrase(siret: &str, r: &Resume) -> AutresCantines {
    let (cantines, ont) = if r.cantines > 1 {
        (format!("{} autres cantines", r.cantines), "ont")
    } else {
        ("Une autre cantine".to_string(), "a")
    };
    let (lignes, fin) = if r.lignes > 1 {
        (
            format!("{} télédéclarations écartées", r.lignes),
            " ne sont ni publiées ni comptées dans les statistiques.",
        )
    } else {
        (
            "télédéclaration écartée".to_string(),
            " n'est ni publiée ni comptée dans les statistiques.",
        )
    };
    let possessif = match (r.cantines > 1, r.lignes > 1) {
        (true, _) => "leurs",
        (false, true) => "ses",
        (false, false) => "sa",
    };
    AutresCantines {
        debut: format!(
            "{cantines} de la plateforme ma cantine {ont} télédéclaré sous ce SIRET : cette page ne présente que celle de la télédéclaration la plus récente, et {possessif} "
        ),
        lien: Lien {
            texte: lignes,
            url: format!("{URL}#siret-{siret}"),
        },
        fin,
    }
}

/// The sentence of the canteen page of `siret`, if other canteens were set
/// aside under it.
pub fn de_la_page(
    annuaire: &dyn super::canteen_page::Annuaire,
    siret: &str,
) -> Option<AutresCantines> {
    annuaire.ecartees(siret).map(|r| phrase(siret, r))
}

/// One set-aside row as the page shows it.
#[derive(Debug, Serialize)]
struct LigneVue {
    campagne: String,
    teledeclaration: String,
    cantine: String,
    nom: String,
    bio: String,
    egalim: String,
    raison: String,
}

/// The rows set aside under one SIRET.
#[derive(Debug, Serialize)]
struct Groupe {
    siret: String,
    /// The name of the canteen published for this SIRET, if any.
    nom: Option<String>,
    /// Its page, if published.
    url: Option<String>,
    cantine_retenue: String,
    lignes: Vec<LigneVue>,
}

/// Refused rows of one motif and campaign: counted, never named.
#[derive(Debug, Serialize)]
struct Compte {
    motif: &'static str,
    campagne: String,
    lignes: String,
}

fn texte(n: Option<impl ToString>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

fn ligne_vue(e: &Ecartee) -> LigneVue {
    LigneVue {
        campagne: texte(e.campagne),
        teledeclaration: texte(e.id_teledeclaration),
        cantine: texte(e.ma_cantine_id),
        nom: e.nom.clone(),
        bio: e.taux_bio.map_or_else(|| "—".into(), |t| pct_affiche(t.0)),
        egalim: e
            .taux_egalim_hors_bio
            .map_or_else(|| "—".into(), |t| pct_affiche(t.0)),
        raison: e.raison.clone(),
    }
}

/// The named rows by SIRET (in the file's order), with the published
/// canteen of each SIRET (`publiee` gives its name).
fn groupes(rows: &[Ecartee], publiee: &dyn Fn(&str) -> Option<String>) -> Vec<Groupe> {
    let mut out: Vec<Groupe> = Vec::new();
    for e in rows.iter().filter(|e| e.motif.nomme()) {
        if out.last().is_none_or(|g| g.siret != e.siret) {
            let nom = publiee(&e.siret);
            out.push(Groupe {
                siret: e.siret.clone(),
                url: nom.as_ref().map(|_| format!("cantines/{}/", e.siret)),
                nom,
                cantine_retenue: texte(e.ma_cantine_id_retenue),
                lignes: Vec::new(),
            });
        }
        if let Some(g) = out.last_mut() {
            g.lignes.push(ligne_vue(e));
        }
    }
    out
}

/// The refused rows, counted by motif and campaign.
fn comptes(rows: &[Ecartee]) -> Vec<Compte> {
    let mut n: BTreeMap<(Motif, Option<u16>), u64> = BTreeMap::new();
    for e in rows.iter().filter(|e| !e.motif.nomme()) {
        *n.entry((e.motif, e.campagne)).or_default() += 1;
    }
    n.into_iter()
        .map(|((m, campagne), lignes)| Compte {
            motif: m.label(),
            campagne: campagne.map_or_else(|| "illisible".into(), |y| y.to_string()),
            lignes: entier(lignes),
        })
        .collect()
}

/// The counts of the page as sentences (French agreement in code, not in
/// the template).
#[derive(Debug, Serialize)]
struct Phrases {
    /// Rows not published, over all.
    chapo: String,
    /// Rows set aside among canteens sharing a SIRET.
    ecartees: String,
    /// Rows refused.
    refusees: String,
}

impl Phrases {
    fn de(lignes: usize, nommees: usize, sirets: usize) -> Self {
        let n = |k: usize| entier(k as u64);
        let refusees = lignes - nommees;
        Phrases {
            chapo: match lignes {
                0 => "Toutes les lignes des données ouvertes ma cantine sont publiées sur ce site.".into(),
                1 => "Une ligne des données ouvertes ma cantine n'est ni publiée sur ce site ni comptée dans ses statistiques.".into(),
                k => format!("{} lignes des données ouvertes ma cantine ne sont ni publiées sur ce site ni comptées dans ses statistiques.", n(k)),
            },
            ecartees: match nommees {
                0 => "Aucune télédéclaration n'est écartée pour ce motif.".into(),
                1 => "Une télédéclaration est écartée.".into(),
                k => format!("{} télédéclarations sont écartées, sous {} SIRET.", n(k), n(sirets)),
            },
            refusees: match refusees {
                0 => "Aucune ligne n'est refusée.".into(),
                1 => "Une ligne est refusée.".into(),
                k => format!("{} lignes sont refusées.", n(k)),
            },
        }
    }
}

/// The page and the published CSV. `ecartees`: the rows of
/// `declarations/ecartees.csv` (`None`: no such file); `publiee`: the name
/// of the canteen published for a SIRET.
pub fn jobs(
    commun: &Commun<'_>,
    ecartees: Option<&[Ecartee]>,
    publiee: &dyn Fn(&str) -> Option<String>,
) -> Vec<Job> {
    let rows = ecartees.unwrap_or_default();
    let path = format!("{URL}index.html");
    let mut ctx = commun.context(
        &path,
        "Qualité des données",
        "Les lignes des données ouvertes ma cantine qui ne sont pas publiées sur ce site, et pourquoi.",
        "donnees",
        vec![
            ("Accueil".to_string(), String::new()),
            ("Données ouvertes".into(), "donnees/".into()),
            ("Qualité des données".into(), URL.into()),
        ],
    );
    let groupes = groupes(rows, publiee);
    let nommees = rows.iter().filter(|e| e.motif.nomme()).count();
    ctx.insert("fichier_present", &ecartees.is_some());
    ctx.insert("lignes", &rows.len());
    ctx.insert("phrases", &Phrases::de(rows.len(), nommees, groupes.len()));
    ctx.insert("groupes", &groupes);
    ctx.insert("comptes", &comptes(rows));
    ctx.insert("colonnes", COLONNES);
    let motifs: Vec<(&str, &str)> = Motif::ALL.iter().map(|m| (m.slug(), m.label())).collect();
    ctx.insert("motifs", &motifs);
    ctx.insert("source", &commun.site.source);
    vec![
        Job::Page {
            path,
            template: "qualite.html",
            context: ctx,
        },
        Job::fichier("donnees/ecartees.csv", to_csv(rows, Forme::Publication)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(siret: &str, motif: Motif, cantine: u64) -> Ecartee {
        let mut e = Ecartee::anonyme(Some(2022), motif, "r");
        if motif.nomme() {
            e.siret = siret.into();
            e.id_teledeclaration = Some(cantine * 10);
            e.ma_cantine_id = Some(cantine);
        }
        e
    }

    #[test]
    fn a_siret_counts_its_other_canteens_not_its_redeclarations() {
        let rows = vec![
            row("21760451100014", Motif::AutreCantine, 1048),
            row("21760451100014", Motif::AutreCantine, 1048),
            row("21760451100014", Motif::CantineRetenueAbsente, 1049),
            row("21740208000014", Motif::Remplacee, 58478),
            row("", Motif::Armees, 0),
        ];
        let p = par_siret(&rows);
        assert_eq!(p.len(), 1);
        let r = &p["21760451100014"];
        assert_eq!(
            *r,
            Resume {
                cantines: 2,
                lignes: 3
            }
        );
        let s = phrase("21760451100014", r);
        assert_eq!(
            format!("{}{}{}", s.debut, s.lien.texte, s.fin),
            "2 autres cantines de la plateforme ma cantine ont télédéclaré sous ce SIRET : \
             cette page ne présente que celle de la télédéclaration la plus récente, et leurs \
             3 télédéclarations écartées ne sont ni publiées ni comptées dans les statistiques."
        );
        assert_eq!(s.lien.url, "donnees/qualite/#siret-21760451100014");
        let one = phrase(
            "1",
            &Resume {
                cantines: 1,
                lignes: 1,
            },
        );
        assert!(
            one.debut
                .starts_with("Une autre cantine de la plateforme ma cantine a ")
        );
        assert!(one.debut.ends_with(", et sa "));
        assert_eq!(one.lien.texte, "télédéclaration écartée");
    }

    #[test]
    fn refused_rows_are_counted_by_motif_and_campaign() {
        let mut rows = vec![
            row("", Motif::Armees, 0),
            row("", Motif::Armees, 0),
            row("", Motif::SiretInvalide, 0),
        ];
        rows[2].campagne = Some(2021);
        let c = comptes(&rows);
        let vus: Vec<(&str, &str, &str)> = c
            .iter()
            .map(|c| (c.motif, c.campagne.as_str(), c.lignes.as_str()))
            .collect();
        assert_eq!(
            vus,
            vec![
                ("SIRET invalide", "2021", "1"),
                (Motif::Armees.label(), "2022", "2")
            ]
        );
    }
}
