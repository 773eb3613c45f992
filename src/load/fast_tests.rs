//! Differential tests: `parse` (fast path, then serde-saphyr) must give
//! exactly what `parse_saphyr` gives, on real, synthetic and edge-case
//! files; and the fast path must keep handling the real files.

use super::{fast, parse, parse_saphyr};
use crate::import::to_yaml;
use crate::model::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// Asserts `parse` and `parse_saphyr` agree; returns whether the fast path
/// handled the text. Declarations are compared with `==` and through
/// `Debug`, which shows decimal scales (`1.50` is not `1.5`).
fn same(text: &str) -> bool {
    let fast_taken = fast::parse_fast(text).is_some();
    let new = parse(text);
    let old = parse_saphyr(text);
    match (&new, &old) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "different declarations for:\n{text}");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "for:\n{text}");
        }
        (Err(a), Err(b)) => {
            assert_eq!(**a, super::ParseError::from_reader(text, b), "for:\n{text}")
        }
        _ => panic!("Ok/Err differ for:\n{text}\nnew: {new:?}\nold: {old:?}"),
    }
    if fast_taken {
        assert!(
            old.is_ok(),
            "fast path accepted what saphyr refuses:\n{text}"
        );
    }
    fast_taken
}

#[test]
fn real_declarations_agree_and_take_the_fast_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("declarations");
    let start = std::time::Instant::now();
    let (mut total, mut fast_count) = (0usize, 0usize);
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_name().to_string_lossy().ends_with(".yaml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        total += 1;
        if same(&text) {
            fast_count += 1;
        }
    }
    eprintln!(
        "{fast_count}/{total} real files took the fast path ({:.1} s)",
        start.elapsed().as_secs_f64()
    );
    assert!(total > 10_000, "only {total} files under declarations/");
    assert!(fast_count * 100 >= total * 99, "{fast_count}/{total}");
}

#[test]
fn fixture_with_nulls_agrees() {
    let text = include_str!("../../tests/fixtures/full_declaration.yaml");
    assert!(same(text));
}

/// A tiny deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.chance() { Some(f(self)) } else { None }
    }
    fn some<T: Copy>(&mut self, items: &[T]) -> Option<Vec<T>> {
        self.opt(|r| (0..r.below(4)).map(|_| r.pick(items)).collect())
    }
}

/// Texts that stress the writer's choice of plain, quoted or block style.
const TEXTS: &[&str] = &[
    "Cantine des Assions",
    "École Jean-Jaurès — site n°2",
    "L'ÉCOLE DE L'ARBRE, annexe",
    "2023",
    "true",
    "yes",
    "null",
    "~",
    "07042",
    "1e3",
    "a: b",
    "#1 cantine",
    "- tiret",
    "guillemets \"doubles\" et \\ barre",
    " espace devant",
    "tab\tulation",
    "🍎 pommes bio",
    "Ligne un\nLigne deux\n",
    "Paragraphe.\n\n- point un\n- point deux\n\nFin.",
    "Deux fins\n\n",
    "Trois fins\n\n\n",
    "  indenté\nsuite",
    "ctrl \u{7} bell",
    "sép\u{2028}aration",
    "",
];

const AMOUNTS: &[&str] = &[
    "0",
    "1",
    "182000.50",
    "31000",
    "0.1",
    "12.5",
    "999999.99",
    "7.00",
];
const RATIOS: &[&str] = &["0", "1", "0.0311", "0.2665", "0.5000", "0.1"];

fn decimal(r: &mut Rng, pool: &[&str]) -> Decimal {
    Decimal::from_str(r.pick(pool)).unwrap_or_default()
}

fn declaration(r: &mut Rng) -> Declaration {
    let text = |r: &mut Rng| r.pick(TEXTS).to_string();
    let euros = |r: &mut Rng| r.opt(|r| Euros(decimal(r, AMOUNTS)));
    let taux = |r: &mut Rng| r.opt(|r| Taux(decimal(r, RATIOS)));
    let boolean = |r: &mut Rng| r.opt(|r| r.chance());
    let bilans = (0..r.below(4))
        .map(|i| Bilan {
            annee: 2025 - i as u16,
            source: r.opt(|r| r.pick(Source::ALL)),
            taux_bio: taux(r),
            taux_egalim_hors_bio: taux(r),
            achats: r.opt(|r| {
                Box::new(Achats {
                    valeur_totale: euros(r),
                    valeur_bio: euros(r),
                    valeur_siqo: euros(r),
                    valeur_externalites_performance: euros(r),
                    valeur_egalim_autres: euros(r),
                    valeur_viandes_volailles: euros(r),
                    valeur_viandes_volailles_egalim: euros(r),
                    valeur_viandes_volailles_france: euros(r),
                    valeur_produits_de_la_mer: euros(r),
                    valeur_produits_de_la_mer_egalim: euros(r),
                    valeur_produits_de_la_mer_france: euros(r),
                })
            }),
            gaspillage: r.opt(|r| {
                Box::new(Gaspillage {
                    diagnostic: boolean(r),
                    plan_actions: boolean(r),
                    actions: r.some(ActionGaspillage::ALL),
                    convention_dons: boolean(r),
                })
            }),
            diversification: r.opt(|r| {
                Box::new(Diversification {
                    plan: boolean(r),
                    menu_vegetarien: r.opt(|r| r.pick(MenuVegetarien::ALL)),
                })
            }),
            plastique: r.opt(|r| {
                Box::new(Plastique {
                    contenants_cuisson: boolean(r),
                    contenants_service: boolean(r),
                    bouteilles: boolean(r),
                    ustensiles: boolean(r),
                })
            }),
            information: r.opt(|r| {
                Box::new(Information {
                    qualite: boolean(r),
                    frequence: r.opt(|r| r.pick(FrequenceInformation::ALL)),
                    supports: r.some(SupportInformation::ALL),
                    lien: r.opt(|r| {
                        r.pick(&["https://mairie.example/menus", "www.exemple.fr", "x"])
                            .to_string()
                    }),
                })
            }),
            commentaires: r.opt(|r| {
                Box::new(Commentaires {
                    qualite: r.opt(text),
                    gaspillage: r.opt(text),
                    diversification: r.opt(text),
                    plastique: r.opt(text),
                    information: r.opt(text),
                })
            }),
        })
        .collect();
    Declaration {
        siret: r.pick(&["21070017500016", "00000000000000"]).to_string(),
        nom: text(r),
        code_insee: r.opt(|r| r.pick(&["07017", "2A004", "83137"]).to_string()),
        secteurs: r.some(Secteur::ALL),
        type_production: r.opt(|r| r.pick(TypeProduction::ALL)),
        type_gestion: r.opt(|r| r.pick(TypeGestion::ALL)),
        modele_economique: r.opt(|r| r.pick(ModeleEconomique::ALL)),
        ministere_tutelle: r.opt(|r| r.pick(Ministere::ALL)),
        nombre_repas_jour: r.opt(|r| r.pick(&[3, 120, 4_294_967_295])),
        nombre_repas_an: r.opt(|r| r.pick(&[0, 420, 17000])),
        siret_cuisine_centrale: r.opt(|_| "21070017500016".to_string()),
        ma_cantine_id: r.opt(|r| r.pick(&[0, 66207, u64::MAX])),
        presentation: r.opt(text),
        bilans,
    }
}

#[test]
fn synthetic_canonical_files_agree() {
    let mut r = Rng(7);
    let (mut total, mut fast_count) = (0usize, 0usize);
    for _ in 0..3000 {
        let d = declaration(&mut r);
        let text = to_yaml(&d);
        total += 1;
        if same(&text) {
            fast_count += 1;
        }
        // The canonical writer round-trips.
        if let Ok(back) = parse(&text) {
            assert_eq!(format!("{back:?}"), format!("{d:?}"), "for:\n{text}");
        }
    }
    eprintln!("{fast_count}/{total} synthetic files took the fast path");
    assert!(fast_count * 100 >= total * 90, "{fast_count}/{total}");
}

const BASE: &str = "\
# yaml-language-server: $schema=../../schema/cantine.schema.json
siret: \"21070017500016\"
nom: Cantine des Assions
code_insee: \"07017\"
secteurs: [education_primaire]
nombre_repas_jour: 120
bilans:
  - annee: 2024
    achats:
      valeur_totale: 182000.50
      valeur_bio: 31000
    gaspillage:
      diagnostic: true
      actions: [INSCRIPTION, PORTIONS]
    commentaires:
      qualite: |
        Texte.
  - annee: 2023
    source: opendata
    taux_bio: 0.0311
";

/// `BASE` with the first occurrence of `from` replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn base_takes_the_fast_path() {
    assert!(same(BASE));
}

#[test]
fn scalar_types_agree() {
    let cases = [
        ("nom: Cantine des Assions", "nom: 2023"),
        ("nom: Cantine des Assions", "nom: true"),
        ("nom: Cantine des Assions", "nom: yes"),
        ("nom: Cantine des Assions", "nom: null"),
        ("nom: Cantine des Assions", "nom: ~"),
        ("nom: Cantine des Assions", "nom:"),
        ("nom: Cantine des Assions", "nom: \"\""),
        ("nom: Cantine des Assions", "nom: ''"),
        ("nom: Cantine des Assions", "nom: 'L''école'"),
        (
            "nom: Cantine des Assions",
            "nom: \"a\\\"b\\\\c\\n\\t\\u00e9\\/\"",
        ),
        ("nom: Cantine des Assions", "nom: \"\\x41\""),
        ("nom: Cantine des Assions", "nom: \"\\ud800\""),
        ("nom: Cantine des Assions", "nom: 1e3"),
        ("nom: Cantine des Assions", "nom: 0x10"),
        ("nom: Cantine des Assions", "nom: .5"),
        ("nom: Cantine des Assions", "nom: +1"),
        ("nom: Cantine des Assions", "nom: École Émile-Zola 🍎"),
        ("nom: Cantine des Assions", "nom: a, b: c"),
        ("nom: Cantine des Assions", "nom: http://x.fr/a"),
        ("nom: Cantine des Assions", "nom: [a, b]"),
        ("nom: Cantine des Assions", "nom: {}"),
        ("nom: Cantine des Assions", "nom: &a x"),
        ("nom: Cantine des Assions", "nom: !!str 12"),
        ("code_insee: \"07017\"", "code_insee: 07017"),
        ("code_insee: \"07017\"", "code_insee: \"07042\""),
        ("code_insee: \"07017\"", "code_insee: 7042"),
        ("code_insee: \"07017\"", "code_insee: null"),
        ("code_insee: \"07017\"", "code_insee: ~"),
        ("code_insee: \"07017\"", "code_insee:"),
        ("siret: \"21070017500016\"", "siret: 21070017500016"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: \"120\""),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 0120"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: +120"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 1e3"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 0x10"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 120.0"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: -1"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 0"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 4294967296"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: 1_000"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: beaucoup"),
        ("nombre_repas_jour: 120", "nombre_repas_jour: ~"),
        (
            "nombre_repas_jour: 120",
            "ma_cantine_id: 18446744073709551615",
        ),
        (
            "nombre_repas_jour: 120",
            "ma_cantine_id: 18446744073709551616",
        ),
        ("  - annee: 2024", "  - annee: 70000"),
        ("  - annee: 2024", "  - annee: \"2024\""),
        ("  - annee: 2024", "  - annee: ~"),
        ("valeur_totale: 182000.50", "valeur_totale: \"182000.50\""),
        ("valeur_totale: 182000.50", "valeur_totale: '182000.50'"),
        ("valeur_totale: 182000.50", "valeur_totale: 1e3"),
        ("valeur_totale: 182000.50", "valeur_totale: 0x10"),
        ("valeur_totale: 182000.50", "valeur_totale: .5"),
        ("valeur_totale: 182000.50", "valeur_totale: +1"),
        ("valeur_totale: 182000.50", "valeur_totale: 12,50"),
        ("valeur_totale: 182000.50", "valeur_totale: 007"),
        ("valeur_totale: 182000.50", "valeur_totale: -3"),
        ("valeur_totale: 182000.50", "valeur_totale: 1.500"),
        ("valeur_totale: 182000.50", "valeur_totale: ~"),
        ("valeur_totale: 182000.50", "valeur_totale:"),
        ("valeur_totale: 182000.50", "valeur_totale: true"),
        ("taux_bio: 0.0311", "taux_bio: 0.03110"),
        ("taux_bio: 0.0311", "taux_bio: .0311"),
        ("diagnostic: true", "diagnostic: yes"),
        ("diagnostic: true", "diagnostic: True"),
        ("diagnostic: true", "diagnostic: \"true\""),
        ("diagnostic: true", "diagnostic: 1"),
        ("diagnostic: true", "diagnostic: false"),
        ("diagnostic: true", "diagnostic: null"),
        ("secteurs: [education_primaire]", "secteurs: []"),
        (
            "secteurs: [education_primaire]",
            "secteurs: [ education_primaire ]",
        ),
        (
            "secteurs: [education_primaire]",
            "secteurs: [education_primaire,]",
        ),
        ("secteurs: [education_primaire]", "secteurs: [inconnu]"),
        (
            "secteurs: [education_primaire]",
            "secteurs: [\"education_primaire\"]",
        ),
        (
            "secteurs: [education_primaire]",
            "secteurs: education_primaire",
        ),
        ("secteurs: [education_primaire]", "secteurs: [null]"),
        (
            "secteurs: [education_primaire]",
            "secteurs:\n  - education_primaire",
        ),
        ("source: opendata", "source: \"opendata\""),
        ("source: opendata", "source: OpenData"),
        ("source: opendata", "source: ~"),
    ];
    for (from, to) in cases {
        same(&edit(from, to));
    }
}

#[test]
fn layout_variants_agree() {
    let cases = [
        ("nom: Cantine des Assions", "nom: Cantine des Assions   "),
        (
            "nom: Cantine des Assions",
            "nom: Cantine des Assions # commentaire",
        ),
        ("nom: Cantine des Assions", "nom: Cantine#1"),
        ("nom: Cantine des Assions", "nom:Cantine"),
        ("nom: Cantine des Assions", "nom:   Cantine"),
        ("nom: Cantine des Assions", "nom : Cantine"),
        ("nom: Cantine des Assions", "nom: Cantine\n  suite"),
        ("nom: Cantine des Assions", "nom: Cantine\n\n  suite"),
        ("nom: Cantine des Assions", "nom: \"Cantine\n  suite\""),
        ("nom: Cantine des Assions", "nom: \"Cantine\" # c"),
        ("nom: Cantine des Assions", "nom: Cantine\nnom: Autre"),
        ("nom: Cantine des Assions", "nom: Cantine\ninconnu: 1"),
        ("nom: Cantine des Assions", "nom: Cantine\n\"quoted\": 1"),
        ("nom: Cantine des Assions", "nom: Cantine\n---\nnom: b"),
        ("nom: Cantine des Assions", "nom: Cantine\n..."),
        ("nom: Cantine des Assions", "nom: Cantine\n<<: {}"),
        (
            "nom: Cantine des Assions",
            "nom: Cantine\n  # commentaire indenté",
        ),
        ("nom: Cantine des Assions", "nom: |-\n  Un\n  Deux"),
        ("nom: Cantine des Assions", "nom: |+\n  Un\n\n"),
        ("nom: Cantine des Assions", "nom: >\n  Un\n  Deux"),
        ("nom: Cantine des Assions", "nom: |2\n  Un"),
        ("nom: Cantine des Assions", "nom: |\n\n  Un"),
        ("nom: Cantine des Assions", "nom: |\n   Un"),
        (
            "nom: Cantine des Assions",
            "nom: |\n  Un\n    deux\n\n\n  trois\n",
        ),
        ("nom: Cantine des Assions", "nom: |\n  Un\n  \n  deux"),
        ("nom: Cantine des Assions", "nom: |\n  # pas un commentaire"),
        ("nom: Cantine des Assions", "nom: |\n  Un\n # c\n"),
        ("nom: Cantine des Assions", "nom: |\n"),
        ("        Texte.\n", "        Texte.\n\n\n"),
        ("      qualite: |\n", "      qualite: |-\n"),
        ("      qualite: |\n", "      qualite: |+\n"),
        (
            "      qualite: |\n        Texte.\n",
            "      qualite: |+\n        Texte.\n\n",
        ),
        (
            "      qualite: |\n        Texte.\n",
            "      qualite: |\n       Texte.\n",
        ),
        ("  - annee: 2024", "- annee: 2024"),
        ("  - annee: 2024", "   - annee: 2024"),
        ("  - annee: 2024", "  -  annee: 2024"),
        ("  - annee: 2024", "  -\n    annee: 2024"),
        ("  - annee: 2023", "  - annee: 2023\n  -"),
        ("    source: opendata", "   source: opendata"),
        ("    source: opendata", "     source: opendata"),
        ("      valeur_bio: 31000", "       valeur_bio: 31000"),
        ("bilans:\n", "bilans:\n# commentaire\n\n"),
        ("bilans:\n", "bilans: []\nautre:\n"),
        ("siret:", "  siret:"),
        ("# yaml", "%YAML 1.2\n---\n# yaml"),
        ("# yaml", "---\n# yaml"),
        ("# yaml", "\u{feff}# yaml"),
    ];
    for (from, to) in cases {
        same(&edit(from, to));
    }
    same(&BASE.replace('\n', "\r\n"));
    same(&BASE.replace("  ", "\t"));
    same(BASE.trim_end_matches('\n'));
    same(&format!("{BASE}\n\n# fin\n"));
    same(&format!("{BASE}..."));
    same(&format!("{BASE}---\n"));
}

#[test]
fn degenerate_files_agree() {
    same("");
    same("\n\n");
    same("# seulement un commentaire\n");
    same(&"# commentaire\n".repeat(40));
    same(&format!("{}{BASE}", "# c\n".repeat(40)));
    same("siret: \"21070017500016\"\n");
    same("siret: \"21070017500016\"\nnom: x\n");
    same("- a\n- b\n");
    same("just a string\n");
    same("{}\n");
    same("[]\n");
    same("siret: \"21070017500016\"\nnom: x\nbilans:\n");
    same("siret: \"21070017500016\"\nnom: x\nbilans: []");
    let sections = "siret: \"21070017500016\"\nnom: x\nbilans:\n  - annee: 2024\n";
    assert!(same(&format!(
        "{sections}    achats: {{}}\n    plastique: ~\n"
    )));
    assert!(same(&format!(
        "{sections}    achats:\n    gaspillage: {{}}\n"
    )));
    same(&format!("{sections}    achats: {{a: 1}}\n"));
    same(&format!("{sections}    achats: []\n"));
}

#[test]
fn long_and_deep_inputs_agree() {
    let long = "é".repeat(5000);
    same(&edit("nom: Cantine des Assions", &format!("nom: {long}")));
    same(&edit(
        "nom: Cantine des Assions",
        &format!("nom: \"{long}\""),
    ));
    same(&edit(
        "nom: Cantine des Assions",
        &format!("nom: |\n  {long}\n  {long}"),
    ));
    let many = vec!["education_primaire"; 3000].join(", ");
    same(&edit(
        "secteurs: [education_primaire]",
        &format!("secteurs: [{many}]"),
    ));
    let key = "k".repeat(2000);
    same(&edit("nom: Cantine des Assions", &format!("{key}: x")));
    // Deep nesting: far beyond MAX_DEPTH.
    let mut deep = String::from("siret: \"21070017500016\"\nnom: x\nbilans:\n");
    for level in 1..80 {
        deep.push_str(&format!("{:w$}k:\n", "", w = level * 2));
    }
    same(&deep);
    let mut nested = String::from("siret: \"21070017500016\"\nnom: x\npresentation: ");
    nested.push_str(&"[".repeat(300));
    same(&nested);
    // Many bilans: node budget.
    let mut many_bilans = String::from("siret: \"21070017500016\"\nnom: x\nbilans:\n");
    for _ in 0..4000 {
        many_bilans.push_str("  - annee: 2024\n    source: opendata\n    taux_bio: 0.1\n");
    }
    same(&many_bilans);
}

#[test]
fn refused_characters_are_found_in_utf8() {
    for c in [
        '\t', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}',
        '\u{ffff}',
    ] {
        let text = edit("nom: Cantine des Assions", &format!("nom: Cantine{c}x"));
        assert!(fast::parse_tree(&text).is_err(), "{c:?}");
        same(&text);
    }
    for c in [
        'é', '\u{a0}', '\u{2027}', '\u{202f}', '\u{fefe}', '\u{fffd}', '🍎',
    ] {
        let text = edit("nom: Cantine des Assions", &format!("nom: Cantine{c}x"));
        assert!(same(&text), "{c:?}");
    }
}
