//! Strict field validation, as `kubectl apply` asks of the API server by default
//! (`--validate=strict`, spec VAL14; upstream k8s.io/apimachinery `pkg/runtime/serializer`
//! strict decoding, which reports `unknown field "spec.containers[0].evn"`).
//!
//! [`deserialize`] reads a typed object from its JSON value through a thin wrapper around
//! serde_json's own `&Value` deserializer. The wrapper changes nothing about the result; it
//! only compares each mapping's keys with the field names the type declares (the list serde
//! passes to `deserialize_struct`) and records every key the type does not know, with its
//! path and the closest known name. One pass: the object is deserialised once.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};

/// A key the object's type does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    /// The full field path, e.g. `spec.containers[0].evn`.
    pub path: String,
    /// The closest field the type has, when one is close (`env` for `evn`).
    pub suggestion: Option<&'static str>,
}

/// Deserialises `T` from `value` (failing with the path of the bad field, like
/// serde_path_to_error alone) and returns every unknown field met, in reading order.
pub fn deserialize<T: serde::de::DeserializeOwned>(
    value: &Json,
) -> (
    Result<T, serde_path_to_error::Error<serde_json::Error>>,
    Vec<UnknownField>,
) {
    let unknown = RefCell::new(Vec::new());
    let root = Path::Root;
    let result = serde_path_to_error::deserialize(Strict {
        value,
        path: &root,
        unknown: &unknown,
    });
    (result, unknown.into_inner())
}

/// A step of a field path, kept on the stack: the path is only written out for an
/// unknown field.
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                if matches!(parent, Path::Root) {
                    write!(f, "{key}")
                } else {
                    write!(f, "{parent}.{key}")
                }
            }
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// The wrapping deserializer.
pub struct Strict<'de, 'p> {
    value: &'de Json,
    path: &'p Path<'p>,
    unknown: &'p RefCell<Vec<UnknownField>>,
}

/// The known field closest to `key`: the same name in another case, or one or two edits
/// away (for names of four letters or more).
fn closest(key: &str, fields: &'static [&'static str]) -> Option<&'static str> {
    if let Some(same) = fields.iter().find(|f| f.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    let lower = key.to_ascii_lowercase();
    let limit = if key.chars().count() >= 4 { 2 } else { 1 };
    fields
        .iter()
        .map(|f| (edit_distance(&lower, &f.to_ascii_lowercase()), *f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                d = d.min(prev2[j - 2] + 1);
            }
            row[j] = d;
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

impl<'de, 'p> Strict<'de, 'p> {
    fn check_fields(&self, map: &Map<String, Json>, fields: &'static [&'static str]) {
        for key in map.keys() {
            if !fields.contains(&key.as_str()) {
                let path = Path::Key(self.path, key);
                self.unknown.borrow_mut().push(UnknownField {
                    path: path.to_string(),
                    suggestion: closest(key, fields),
                });
            }
        }
    }
}

macro_rules! delegate {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                de::Deserializer::$method(self.value, visitor)
            }
        )*
    };
}

impl<'de, 'p> de::Deserializer<'de> for Strict<'de, 'p> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Json::Object(map) => visitor.visit_map(StrictMap::new(map, self.path, self.unknown)),
            Json::Array(items) => visitor.visit_seq(StrictSeq::new(items, self.path, self.unknown)),
            other => de::Deserializer::deserialize_any(other, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            Json::Object(map) => {
                self.check_fields(map, fields);
                visitor.visit_map(StrictMap::new(map, self.path, self.unknown))
            }
            other => de::Deserializer::deserialize_struct(other, name, fields, visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Json::Object(map) => visitor.visit_map(StrictMap::new(map, self.path, self.unknown)),
            other => de::Deserializer::deserialize_map(other, visitor),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Json::Array(items) => visitor.visit_seq(StrictSeq::new(items, self.path, self.unknown)),
            other => de::Deserializer::deserialize_seq(other, visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        de::Deserializer::deserialize_tuple(self.value, len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        de::Deserializer::deserialize_tuple_struct(self.value, name, len, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        de::Deserializer::deserialize_unit_struct(self.value, name, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        de::Deserializer::deserialize_enum(self.value, name, variants, visitor)
    }

    delegate! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }
}

/// A mapping whose values are read through [`Strict`] with their key on the path.
struct StrictMap<'de, 'p> {
    iter: serde_json::map::Iter<'de>,
    value: Option<(&'de str, &'de Json)>,
    path: &'p Path<'p>,
    unknown: &'p RefCell<Vec<UnknownField>>,
}

impl<'de, 'p> StrictMap<'de, 'p> {
    fn new(
        map: &'de Map<String, Json>,
        path: &'p Path<'p>,
        unknown: &'p RefCell<Vec<UnknownField>>,
    ) -> Self {
        StrictMap {
            iter: map.iter(),
            value: None,
            path,
            unknown,
        }
    }
}

impl<'de> MapAccess<'de> for StrictMap<'de, '_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some((key.as_str(), value));
                let key = de::value::BorrowedStrDeserializer::<'de, serde_json::Error>::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("value asked before its key"));
        };
        let path = Path::Key(self.path, key);
        seed.deserialize(Strict {
            value,
            path: &path,
            unknown: self.unknown,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// A sequence whose items are read through [`Strict`] with their index on the path.
struct StrictSeq<'de, 'p> {
    iter: std::iter::Enumerate<std::slice::Iter<'de, Json>>,
    path: &'p Path<'p>,
    unknown: &'p RefCell<Vec<UnknownField>>,
}

impl<'de, 'p> StrictSeq<'de, 'p> {
    fn new(
        items: &'de [Json],
        path: &'p Path<'p>,
        unknown: &'p RefCell<Vec<UnknownField>>,
    ) -> Self {
        StrictSeq {
            iter: items.iter().enumerate(),
            path,
            unknown,
        }
    }
}

impl<'de> SeqAccess<'de> for StrictSeq<'de, '_> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.iter.next() {
            Some((i, value)) => {
                let path = Path::Index(self.path, i);
                seed.deserialize(Strict {
                    value,
                    path: &path,
                    unknown: self.unknown,
                })
                .map(Some)
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Pod;

    fn unknown_of(yaml: &str) -> (Result<Pod, String>, Vec<UnknownField>) {
        let value: Json = serde_yaml::from_str(yaml).expect("yaml");
        let (pod, unknown) = deserialize::<Pod>(&value);
        (pod.map_err(|e| e.to_string()), unknown)
    }

    #[test]
    fn misspelled_fields_are_found_with_their_path_and_the_closest_name() {
        let (pod, unknown) = unknown_of(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    evn: [{name: A, value: b}]\n    envfrom: []\n    env:\n    - name: B\n      valueform: {fieldRef: {fieldPath: metadata.name}}\n    bogus: 1\n",
        );
        let pod = pod.expect("the pod still reads");
        assert_eq!(pod.spec.expect("spec").containers[0].name, "c");
        let found: Vec<(&str, Option<&str>)> = unknown
            .iter()
            .map(|u| (u.path.as_str(), u.suggestion))
            .collect();
        assert_eq!(
            found,
            [
                ("spec.containers[0].bogus", None),
                ("spec.containers[0].envfrom", Some("envFrom")),
                ("spec.containers[0].evn", Some("env")),
                ("spec.containers[0].env[0].valueform", Some("valueFrom")),
            ]
        );
    }

    #[test]
    fn known_fields_and_maps_of_any_key_are_not_reported() {
        let (pod, unknown) = unknown_of(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {anything: goes}, annotations: {x/y: z}}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: 1, example.com/gpu: 1}}\nstatus: {podIP: 10.0.0.1}\n",
        );
        assert!(pod.is_ok());
        assert_eq!(unknown, []);
    }

    #[test]
    fn type_errors_keep_their_path() {
        let (pod, _) = unknown_of("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, ports: [{containerPort: x}]}\n");
        let message = pod.expect_err("a type error");
        assert!(
            message.starts_with("spec.containers[0].ports[0].containerPort"),
            "{message}"
        );
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("evn", "env"), 1);
        assert_eq!(edit_distance("valueform", "valuefrom"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
