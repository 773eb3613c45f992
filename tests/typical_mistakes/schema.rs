//! The published schema, applied as an editor applies it: the file read
//! as YAML 1.2 (`yes` is a text, `"2024"` a text, `07017` a number), then
//! validated. A file that is not YAML is rejected, as the editor rejects it.

use cantine::load::style::{Core, core_type};
use serde_json::{Map, Value};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
use std::path::Path;
use std::sync::LazyLock;

const SCHEMA_PATH: &str = "schema/cantine.schema.json";

pub static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
});

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&SCHEMA).unwrap_or_else(|e| panic!("{e}")));

/// The file as an editor reads it (YAML 1.2, core schema), or why it is
/// not YAML: the events of the YAML parser, each plain scalar typed as
/// the core schema types it (`cantine::load::style::core_type`).
fn as_editor_reads(text: &str) -> Result<Value, String> {
    let parser = Parser::new_from_str(text);
    let mut stack: Vec<(Value, Option<String>)> = Vec::new();
    let mut root = None;
    for event in parser {
        let (event, _) = event.map_err(|e| e.to_string())?;
        let value = match event {
            Event::Scalar(v, style, _, _) => scalar(&v, style),
            Event::MappingStart(..) => {
                stack.push((Value::Object(Map::new()), None));
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push((Value::Array(Vec::new()), None));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some((v, _)) => v,
                None => return Err("unbalanced".into()),
            },
            Event::Alias(_) | Event::UnresolvedAlias(_) => return Err("alias".into()),
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(value),
            Some((Value::Array(items), _)) => items.push(value),
            Some((Value::Object(map), pending)) => match pending.take() {
                None => *pending = Some(key_text(value)),
                Some(key) => {
                    if map.insert(key.clone(), value).is_some() {
                        return Err(format!("duplicate key {key}"));
                    }
                }
            },
            Some(_) => return Err("not a collection".into()),
        }
    }
    root.ok_or_else(|| "empty".to_string())
}

fn key_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A scalar as YAML 1.2's core schema reads it.
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    let number =
        |v: Option<serde_json::Number>| v.map_or_else(|| Value::String(text.into()), Value::Number);
    match core_type(text) {
        Core::Null => Value::Null,
        Core::Bool => Value::Bool(text.eq_ignore_ascii_case("true")),
        Core::Int => {
            let parsed = if let Some(o) = text.strip_prefix("0o") {
                i64::from_str_radix(o, 8).ok()
            } else if let Some(x) = text.strip_prefix("0x") {
                i64::from_str_radix(x, 16).ok()
            } else {
                text.parse::<i64>().ok()
            };
            number(parsed.map(serde_json::Number::from))
        }
        Core::Float => number(
            text.parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64),
        ),
        Core::Text => Value::String(text.to_string()),
    }
}

/// Why the schema rejects the file (empty when it accepts it).
pub fn schema_errors(text: &str) -> Vec<String> {
    match as_editor_reads(text) {
        Ok(json) => VALIDATOR
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect(),
        Err(e) => vec![format!("not YAML: {e}")],
    }
}
