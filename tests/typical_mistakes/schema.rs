//! The published schema, applied as an editor applies it: the file read
//! as YAML 1.2 (`yes` is a text, `"2024"` a text, `07017` a number), then
//! validated. A file that is not YAML is rejected, as the editor rejects it.

use std::path::Path;
use std::sync::LazyLock;

const SCHEMA_PATH: &str = "schema/cantine.schema.json";

pub static SCHEMA: LazyLock<serde_json::Value> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
});

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&SCHEMA).unwrap_or_else(|e| panic!("{e}")));

/// The file as an editor reads it, or why it is not YAML.
fn as_editor_reads(text: &str) -> Result<serde_json::Value, String> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| e.to_string())
}

/// Why the schema rejects the file (empty when it accepts it).
pub fn schema_errors(text: &str) -> Vec<String> {
    match as_editor_reads(text) {
        Ok(json) => VALIDATOR.iter_errors(&json).map(|e| e.to_string()).collect(),
        Err(e) => vec![format!("not YAML: {e}")],
    }
}
