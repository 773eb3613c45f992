//! The skeleton of a new declaration file, written by `cantine new`.

use crate::model::{siret, territory};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why a skeleton could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The SIRET is malformed or its checksum fails.
    #[error("SIRET « {0} » invalide : 14 chiffres dont la clé de contrôle (Luhn) est juste")]
    Siret(String),
    /// The INSEE code is not in the reference.
    #[error(
        "code INSEE « {0} » inconnu : c'est le code de la commune (5 caractères, ex. 07017), pas le code postal"
    )]
    Insee(String),
    /// A declaration for this SIRET already exists.
    #[error("une déclaration existe déjà pour ce SIRET : {0} (modifiez-la plutôt)")]
    Exists(String),
    /// Writing failed.
    #[error("écriture de {0} impossible : {msg}", msg = crate::load::io_message(.1))]
    Io(String, std::io::Error),
}

/// Writes `declarations/<dept>/<siret>.yaml` and returns its path.
pub fn new_declaration(
    root: &Path,
    siret_text: &str,
    insee: &str,
    nom: Option<&str>,
) -> Result<PathBuf, ScaffoldError> {
    let siret = siret::normalize(siret_text);
    siret::check(&siret).map_err(|_| ScaffoldError::Siret(siret_text.to_string()))?;
    let insee = insee.trim();
    let commune =
        territory::commune(insee).ok_or_else(|| ScaffoldError::Insee(insee.to_string()))?;
    let declarations = root.join("declarations");
    if let Some(existing) = find_existing(&declarations, &siret) {
        return Err(ScaffoldError::Exists(existing.display().to_string()));
    }
    let dir = declarations.join(commune.departement);
    let path = dir.join(format!("{siret}.yaml"));
    let default_name = format!("Cantine de {}", commune.nom);
    let text = skeleton(&siret, insee, commune.nom, nom.unwrap_or(&default_name));
    std::fs::create_dir_all(&dir).map_err(|e| ScaffoldError::Io(dir.display().to_string(), e))?;
    // create_new: never overwrite a file that appeared meanwhile.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| ScaffoldError::Io(path.display().to_string(), e))?;
    Ok(path)
}

fn find_existing(declarations: &Path, siret: &str) -> Option<PathBuf> {
    let name = format!("{siret}.yaml");
    std::fs::read_dir(declarations)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().join(&name))
        .find(|p| p.is_file())
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn skeleton(siret: &str, insee: &str, commune: &str, nom: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# yaml-language-server: $schema=../../schema/cantine.schema.json"
    );
    let _ = writeln!(
        t,
        "# Déclaration de la cantine {siret}. Décommentez et complétez chaque champ,"
    );
    let _ = writeln!(
        t,
        "# puis vérifiez avec « cantine check ». Les montants sont en € HT."
    );
    let _ = writeln!(t, "siret: \"{siret}\"");
    let _ = writeln!(t, "nom: {}", yaml_string(nom));
    let _ = writeln!(t, "code_insee: \"{insee}\"  # {commune}");
    t.push_str(
        "# secteurs: [education_primaire]      # 1 à 3 identifiants (voir le schéma)
# type_production: site                # site (cuisine sur place) | site_cooked_elsewhere (satellite) | central | central_serving
# type_gestion: direct                 # direct | conceded (concédée)
# modele_economique: public            # public | private
# nombre_repas_jour: 120               # au moins 3
# nombre_repas_an: 17000               # au moins 420
# siret_cuisine_centrale: \"…\"          # pour un restaurant satellite
# presentation: |                      # Markdown, 2000 caractères au plus
#   Cuisine préparée sur place chaque matin.
# Un bilan par année de données (montants en euros HT, sans espace ni
# symbole €, avec un point avant les centimes), par exemple :
# bilans:
#   - annee: 2025
#     achats:
#       valeur_totale: 182000.50
#       valeur_bio: 31000
#       valeur_siqo: 12000
#       valeur_egalim_autres: 9000
#     gaspillage:
#       diagnostic: true
#       actions: [INSCRIPTION, PORTIONS]
#     diversification:
#       menu_vegetarien: MID
#     plastique:
#       contenants_cuisson: true
#       contenants_service: true
#       bouteilles: true
#       ustensiles: true
#     information:
#       qualite: true
",
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_parses_and_names_the_commune() {
        let text = skeleton(
            "21070017500016",
            "07017",
            "Les Assions",
            "Cantine \"des\" Assions: test",
        );
        let d = crate::load::parse(&text).map_err(|e| e.to_string());
        let d = d.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.siret, "21070017500016");
        assert_eq!(d.nom, "Cantine \"des\" Assions: test");
        assert_eq!(d.code_insee.as_deref(), Some("07017"));
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../schema/cantine.schema.json\n")
        );
    }

    /// Uncommenting the example lines (all but the central kitchen's
    /// placeholder) gives a file that `check` accepts: the example's
    /// `bilans` is the only one.
    #[test]
    fn uncommenting_the_example_gives_a_valid_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = new_declaration(dir.path(), "21070017500016", "07017", None)
            .unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if !rest.starts_with("siret_cuisine_centrale")
                        && (rest.starts_with(' ')
                            || rest.split_once(':').is_some_and(|(k, _)| {
                                k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                            })) =>
                {
                    format!("{rest}\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        assert!(uncommented.contains("\nbilans:\n  - annee: 2025\n"));
        assert_eq!(uncommented.matches("\nbilans:").count(), 1);
        std::fs::write(&path, &uncommented).unwrap_or_else(|e| panic!("{e}"));
        let report = crate::check(dir.path(), 2026);
        assert!(
            report.diagnostics.is_empty(),
            "{}",
            crate::diagnostics::render(&report.diagnostics, crate::diagnostics::Format::Human)
        );
    }

    #[test]
    fn refuses_bad_input_and_existing_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            new_declaration(dir.path(), "21070017500017", "07017", None),
            Err(ScaffoldError::Siret(_))
        ));
        assert!(matches!(
            new_declaration(dir.path(), "21070017500016", "07000", None),
            Err(ScaffoldError::Insee(_))
        ));
        let path = new_declaration(dir.path(), "210 700 175 00016", "07017", None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(path.ends_with("declarations/07/21070017500016.yaml"));
        assert!(matches!(
            new_declaration(dir.path(), "21070017500016", "07017", None),
            Err(ScaffoldError::Exists(_))
        ));
    }
}
