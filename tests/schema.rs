//! The JSON Schema committed for contributors' editors must match the types,
//! and must accept the declarations shipped in the repository.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test --test schema`.

use std::path::Path;

const SCHEMA_PATH: &str = "schema/cantine.schema.json";

#[test]
fn committed_schema_matches_the_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = cantine::model::schema::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(root.join(SCHEMA_PATH), &generated).unwrap_or_else(|e| panic!("{e}"));
    }
    let committed = std::fs::read_to_string(root.join(SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is out of date with src/model: run `UPDATE_SCHEMA=1 cargo test --test schema` and commit it"
    );
}

/// The file as an editor reads it (YAML 1.2: `yes` is a text), checked
/// first by `cantine` itself.
fn yaml_to_json(text: &str) -> serde_json::Value {
    cantine::load::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options(text, options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn schema_accepts_a_full_declaration_and_rejects_bad_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(SCHEMA_PATH)).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let full = yaml_to_json(include_str!("fixtures/full_declaration.yaml"));
    let errors: Vec<String> = validator
        .iter_errors(&full)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let mut bad = full.clone();
    bad["siret"] = serde_json::json!("1234");
    assert!(!validator.is_valid(&bad));
    let mut bad = full.clone();
    bad["secteurs"] = serde_json::json!(["Cliniques"]);
    assert!(!validator.is_valid(&bad));
    let mut bad = full;
    bad["bilans"][0]["achats"]["valeur_bioo"] = serde_json::json!(1);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn schema_accepts_the_shipped_declarations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(SCHEMA_PATH)).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    // A deterministic sample: every 50th file in path order.
    let mut paths: Vec<_> = walkdir::WalkDir::new(root.join("declarations"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    for path in paths.iter().step_by(50) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let json = yaml_to_json(&text);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}
