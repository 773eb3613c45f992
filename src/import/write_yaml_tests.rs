use super::*;
use crate::load::parse;
use crate::model::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn eur(s: &str) -> Option<Euros> {
    Some(Euros(Decimal::from_str(s).unwrap()))
}

fn taux(s: &str) -> Option<Taux> {
    Some(Taux(Decimal::from_str(s).unwrap()))
}

fn opendata(annee: u16, bio: &str, egalim: &str) -> Bilan {
    Bilan {
        annee,
        source: Some(Source::Opendata),
        taux_bio: taux(bio),
        taux_egalim_hors_bio: taux(egalim),
        achats: None,
        gaspillage: None,
        diversification: None,
        plastique: None,
        information: None,
        commentaires: None,
    }
}

/// Every field set, with text that is hard to quote.
fn rich() -> Declaration {
    Declaration {
        siret: "21070017500016".into(),
        nom: "Cantine « Les Assions » : l'école #1 \"du village\"".into(),
        code_insee: Some("07017".into()),
        secteurs: Some(vec![Secteur::EducationPrimaire, Secteur::SocialCreche]),
        type_production: Some(TypeProduction::Site),
        type_gestion: Some(TypeGestion::Directe),
        modele_economique: Some(ModeleEconomique::Public),
        ministere_tutelle: Some(Ministere::Justice),
        nombre_repas_jour: Some(120),
        nombre_repas_an: Some(17000),
        siret_cuisine_centrale: Some("21070017500024".into()),
        ma_cantine_id: Some(66207),
        presentation: Some(
            "Cuisine préparée sur place : « fait maison » ✓\n\n- \"pain\" bio\n  - # pas un commentaire\n\nFin.\n"
                .into(),
        ),
        bilans: vec![
            Bilan {
                annee: 2024,
                source: None,
                taux_bio: None,
                taux_egalim_hors_bio: None,
                achats: Some(Box::new(Achats {
                    valeur_totale: eur("182000.50"),
                    valeur_bio: eur("31000"),
                    valeur_siqo: eur("12000.05"),
                    valeur_externalites_performance: eur("0"),
                    valeur_egalim_autres: eur("9000"),
                    valeur_viandes_volailles: eur("40000"),
                    valeur_viandes_volailles_egalim: eur("15000"),
                    valeur_viandes_volailles_france: eur("30000"),
                    valeur_produits_de_la_mer: eur("8000"),
                    valeur_produits_de_la_mer_egalim: eur("3000"),
                    valeur_produits_de_la_mer_france: eur("1000"),
                })),
                gaspillage: Some(Box::new(Gaspillage {
                    diagnostic: Some(true),
                    plan_actions: Some(true),
                    actions: Some(vec![ActionGaspillage::Inscription, ActionGaspillage::Portions]),
                    convention_dons: Some(false),
                })),
                diversification: Some(Box::new(Diversification {
                    plan: Some(true),
                    menu_vegetarien: Some(MenuVegetarien::Hebdomadaire),
                })),
                plastique: Some(Box::new(Plastique {
                    contenants_cuisson: Some(true),
                    contenants_service: Some(true),
                    bouteilles: Some(true),
                    ustensiles: Some(false),
                })),
                information: Some(Box::new(Information {
                    qualite: Some(true),
                    frequence: Some(FrequenceInformation::Reguliere),
                    supports: Some(vec![SupportInformation::Affichage, SupportInformation::Numerique]),
                    lien: Some("https://mairie.example/menus?a=1#top".into()),
                })),
                commentaires: Some(Box::new(Commentaires {
                    qualite: Some("Sans retour final".into()),
                    gaspillage: Some("  commence par des espaces\net « guillemets »".into()),
                    diversification: Some("Deux lignes vides à la fin\n\n".into()),
                    plastique: Some("tab\tet retour\r\nchariot".into()),
                    information: Some("".into()),
                })),
            },
            opendata(2023, "0.2665", "0.1247"),
            opendata(2022, "0", "0.1000"),
        ].into(),
    }
}

#[test]
fn rich_declaration_round_trips() {
    let d = rich();
    let text = to_yaml(&d);
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, d, "\n{text}");
    // Writing again gives the same bytes.
    assert_eq!(to_yaml(&back), text);
}

#[test]
fn layout_follows_the_spec_example() {
    let mut d = rich();
    d.bilans.reverse();
    let text = to_yaml(&d);
    assert!(text.starts_with(
        "# yaml-language-server: $schema=../../schema/cantine.schema.json\nsiret: \"21070017500016\"\n"
    ));
    assert!(
        text.contains("\ncode_insee: \"07017\"\nsecteurs: [education_primaire, social_creche]\n")
    );
    assert!(text.contains(
        "presentation: |\n  Cuisine préparée sur place : « fait maison » ✓\n\n  - \"pain\" bio\n"
    ));
    // Bilans newest first, whatever the order in memory.
    let y2024 = text.find("- annee: 2024").unwrap();
    let y2023 = text.find("- annee: 2023").unwrap();
    let y2022 = text.find("- annee: 2022").unwrap();
    assert!(y2024 < y2023 && y2023 < y2022);
    assert!(text.contains(
        "  - annee: 2023\n    source: opendata\n    taux_bio: 0.2665\n    taux_egalim_hors_bio: 0.1247\n"
    ));
    // Exact decimals, as written in the source (no float rounding).
    assert!(text.contains("      valeur_totale: 182000.50\n"));
    assert!(text.contains("    taux_egalim_hors_bio: 0.1000\n"));
}

#[test]
fn minimal_open_data_file() {
    let d = Declaration {
        siret: "21070017500016".into(),
        nom: "Cantine des Assions".into(),
        code_insee: None,
        secteurs: None,
        type_production: None,
        type_gestion: None,
        modele_economique: None,
        ministere_tutelle: None,
        nombre_repas_jour: None,
        nombre_repas_an: None,
        siret_cuisine_centrale: None,
        ma_cantine_id: None,
        presentation: None,
        bilans: vec![opendata(2021, "0.1519", "0.0474")].into(),
    };
    assert_eq!(
        to_yaml(&d),
        "# yaml-language-server: $schema=../../schema/cantine.schema.json\n\
         siret: \"21070017500016\"\n\
         nom: Cantine des Assions\n\
         bilans:\n  - annee: 2021\n    source: opendata\n    taux_bio: 0.1519\n    taux_egalim_hors_bio: 0.0474\n"
    );
    assert_eq!(parse(&to_yaml(&d)).unwrap(), d);
}

#[test]
fn names_are_quoted_only_when_needed() {
    assert_eq!(string("Collège Jean Jaurès"), "Collège Jean Jaurès");
    assert_eq!(string("L'Orée du Bois, Crèche"), "L'Orée du Bois, Crèche");
    assert_eq!(string("HOPITAL  APHP   TENON"), "HOPITAL  APHP   TENON");
    assert_eq!(string("Cantine : site 2"), "\"Cantine : site 2\"");
    assert_eq!(string("École #2"), "\"École #2\"");
    assert_eq!(string(" espace"), "\" espace\"");
    assert_eq!(string("2024"), "\"2024\"");
    assert_eq!(string("Yes"), "\"Yes\"");
    assert_eq!(string("null"), "\"null\"");
    assert_eq!(string("- tiret"), "\"- tiret\"");
    assert_eq!(string("dit \"le grand\""), "\"dit \\\"le grand\\\"\"");
    assert_eq!(string(""), "\"\"");
}

#[test]
fn tricky_strings_round_trip_everywhere() {
    let samples = [
        "",
        " ",
        "\n",
        "\n\n",
        "a\n",
        "a\n\n\n",
        " a",
        "a ",
        "a\n \nb",
        "a  \nb",
        "\ttab",
        "x: y",
        "# titre",
        "- liste",
        "[1, 2]",
        "{a: b}",
        "'",
        "\"",
        "\\",
        "é\u{2028}",
        "\u{feff}bom",
        "\u{7}bell",
        "---",
        "...",
        "a\n---\nb",
        "true",
        "~",
        "0123",
        "1e5",
        "*ancre",
        "&ref",
        "!tag",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "? q",
        "a\r\nb",
        "ligne\n    code indenté\nfin",
    ];
    for s in samples {
        let mut d = rich();
        d.nom = s.to_string();
        d.presentation = Some(s.to_string());
        d.bilans[0].commentaires = Some(Box::new(Commentaires {
            qualite: Some(s.to_string()),
            ..Default::default()
        }));
        d.bilans[0].information.as_mut().unwrap().lien = Some(s.to_string());
        let text = to_yaml(&d);
        let back = parse(&text).unwrap_or_else(|e| panic!("{s:?}: {e}\n{text}"));
        assert_eq!(back, d, "{s:?}\n{text}");
    }
}

#[test]
fn empty_sections_stay_present() {
    let mut d = rich();
    d.bilans[0].achats = Some(Box::new(Achats::default()));
    d.bilans[0].commentaires = Some(Box::new(Commentaires::default()));
    d.secteurs = Some(vec![]);
    d.bilans.truncate(1);
    let text = to_yaml(&d);
    assert!(text.contains("    achats: {}\n"));
    assert!(text.contains("secteurs: []\n"));
    assert_eq!(parse(&text).unwrap(), d);
    d.bilans.clear();
    assert!(to_yaml(&d).ends_with("bilans: []\n"));
    assert_eq!(parse(&to_yaml(&d)).unwrap(), d);
}
