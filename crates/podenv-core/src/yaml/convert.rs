//! serde_yaml values to serde_json values, the way the API machinery sees them.

use serde_json::{Map, Number, Value as Json};
use serde_yaml::Value as Yaml;

// Deeper than serde_yaml (128) and serde_json (128) ever produce: a guard, not a feature.
use crate::limits::MAX_CONVERT_DEPTH as MAX_DEPTH;

/// Why a parsed YAML value has no JSON form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ConvertError {
    /// Nested more than [`MAX_DEPTH`] levels.
    TooDeep,
    /// A `<<` merge key whose value is not a mapping or a list of mappings.
    BadMerge,
}

/// Converts one document. Merge keys (`<<`) are resolved bottom-up, so chains of merges
/// work; explicit keys win over merged ones, and earlier merge sources over later ones.
pub(super) fn to_json(value: Yaml) -> Result<Json, ConvertError> {
    convert(value, 0)
}

fn convert(value: Yaml, depth: usize) -> Result<Json, ConvertError> {
    if depth > MAX_DEPTH {
        return Err(ConvertError::TooDeep);
    }
    Ok(match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(b),
        Yaml::Number(n) => number(&n),
        Yaml::String(s) => Json::String(s),
        Yaml::Sequence(items) => Json::Array(
            items
                .into_iter()
                .map(|item| convert(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => {
            let mut object = Map::new();
            let mut merges = Vec::new();
            for (key, value) in mapping {
                if matches!(&key, Yaml::String(k) if k == "<<") {
                    merges.push(value);
                    continue;
                }
                let key = key_text(key, depth + 1)?;
                object.insert(key, convert(value, depth + 1)?);
            }
            for source in merges {
                match convert(source, depth + 1)? {
                    Json::Object(source) => merge_into(&mut object, source),
                    Json::Array(sources) => {
                        for source in sources {
                            match source {
                                Json::Object(source) => merge_into(&mut object, source),
                                _ => return Err(ConvertError::BadMerge),
                            }
                        }
                    }
                    _ => return Err(ConvertError::BadMerge),
                }
            }
            Json::Object(object)
        }
        Yaml::Tagged(tagged) => convert(tagged.value, depth + 1)?,
    })
}

fn merge_into(object: &mut Map<String, Json>, source: Map<String, Json>) {
    for (key, value) in source {
        object.entry(key).or_insert(value);
    }
}

fn number(n: &serde_yaml::Number) -> Json {
    if let Some(i) = n.as_i64() {
        Json::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Json::Number(u.into())
    } else {
        match n.as_f64().and_then(Number::from_f64) {
            Some(f) => Json::Number(f),
            // NaN and the infinities have no JSON number: keep their YAML spelling.
            None => Json::String(n.to_string()),
        }
    }
}

/// A mapping key as the text a person wrote: `80` -> "80", `true` -> "true".
fn key_text(key: Yaml, depth: usize) -> Result<String, ConvertError> {
    Ok(match key {
        Yaml::String(s) => s,
        Yaml::Null => "null".to_owned(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Tagged(tagged) => key_text(tagged.value, depth + 1)?,
        // A complex key (`? [a, b]`): its compact JSON text.
        complex @ (Yaml::Sequence(_) | Yaml::Mapping(_)) => convert(complex, depth)?.to_string(),
    })
}
