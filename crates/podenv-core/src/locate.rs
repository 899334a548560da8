//! Where a variable comes from in the manifest text: the env entry, the `envFrom` entry, the
//! ConfigMap or Secret key, the Service port. The explorer highlights these places when a
//! variable is selected.
//!
//! Nothing here is part of an [`crate::model::Analysis`]: the places are computed on demand,
//! for one variable at a time, from the same files the analysis read. The work stays small
//! on a large input: files and documents are split as the analysis splits them
//! ([`LazyDocuments`]), a document is parsed only when its text contains the name looked
//! for, and positions are computed only for the documents that hold the places.
//!
//! Objects are found as `objects::read_inputs` reads them (a `List`'s items, their kind taken
//! from the list's kind, the namespace defaulted to the context's), and when several objects
//! share a kind, namespace and name the last one counts, as `cluster` keeps it (a second
//! `kubectl apply` replaces the first).

use serde_json::Value as Json;

use crate::cluster;
use crate::model::{ContainerKind, ObjectRef, Source};
use crate::objects::{self, SourceFile};
use crate::yaml::{LazyDocuments, PositionIndex, RawDocument};

/// What a place in the text is to the variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanRole {
    /// The container's `env[i]` entry (a value, a `valueFrom`).
    EnvEntry,
    /// The container's `envFrom[i]` entry.
    EnvFromEntry,
    /// The key (and value) in a ConfigMap's `data` (or `binaryData`).
    ConfigMapKey,
    /// The key (and value) in a Secret's `stringData` or `data`.
    SecretKey,
    /// The Service's `spec.ports[i]` entry behind a port variable.
    ServicePort,
    /// The Service's `metadata.name` entry, behind `*_SERVICE_HOST` and the other forms that
    /// name no port.
    Service,
}

impl SpanRole {
    /// A stable name (`env-entry`, `config-map-key`, ...), for test hooks and classes.
    pub fn as_str(self) -> &'static str {
        match self {
            SpanRole::EnvEntry => "env-entry",
            SpanRole::EnvFromEntry => "env-from-entry",
            SpanRole::ConfigMapKey => "config-map-key",
            SpanRole::SecretKey => "secret-key",
            SpanRole::ServicePort => "service-port",
            SpanRole::Service => "service",
        }
    }
}

/// A 1-based line and column (in characters) of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

/// One place a variable comes from: `from` is its first character, `to` just past its last.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceSpan {
    pub file: String,
    /// 1-based document number within the file, as diagnostics count it.
    pub document: usize,
    pub from: TextPosition,
    pub to: TextPosition,
    pub role: SpanRole,
}

/// The places in `files` that variable source `source` of the container `container` (of
/// `kind`) of the pod made from `pod` comes from, in the order the kubelet reads them (the
/// container's entry first, then the object it names). `namespace` is the context's
/// namespace (objects without `metadata.namespace` are in it). `source` is an
/// [`crate::model::EnvVar`]'s source, or one of what it shadowed.
///
/// Empty when nothing is in the text: the `default/kubernetes` Service podenv adds itself,
/// text edited since the analysis, an object that is not there. Never panics.
pub fn source_spans(
    files: &[SourceFile],
    namespace: &str,
    pod: &ObjectRef,
    container: &str,
    kind: ContainerKind,
    source: &Source,
) -> Vec<SourceSpan> {
    let files = files
        .get(..crate::analyze::readable_files(files))
        .unwrap_or_default();
    let mut spans = Vec::new();
    let entry = |field: &str, index: usize, role: SpanRole| {
        let (found, path) = container_path(files, pod, container, kind)?;
        found.span(&format!("{path}.{field}[{index}]"), role)
    };
    match source {
        Source::Service {
            service,
            port_index,
            ..
        } => {
            let (ns, name) = split_ref(service);
            if let Some(found) = find_object(files, namespace, "Service", ns, name) {
                spans.extend(match port_index {
                    Some(i) => found.span(
                        &format!("{}spec.ports[{i}]", found.prefix),
                        SpanRole::ServicePort,
                    ),
                    None => {
                        found.span(&format!("{}metadata.name", found.prefix), SpanRole::Service)
                    }
                });
            }
        }
        Source::EnvFrom {
            index,
            object_kind,
            object,
            key,
            ..
        } => {
            spans.extend(entry("envFrom", *index, SpanRole::EnvFromEntry));
            let secret = object_kind.eq_ignore_ascii_case("secret");
            spans.extend(key_span(files, namespace, secret, object, key));
        }
        Source::ConfigMapKeyRef {
            index, object, key, ..
        } => {
            spans.extend(entry("env", *index, SpanRole::EnvEntry));
            spans.extend(key_span(files, namespace, false, object, key));
        }
        Source::SecretKeyRef {
            index, object, key, ..
        } => {
            spans.extend(entry("env", *index, SpanRole::EnvEntry));
            spans.extend(key_span(files, namespace, true, object, key));
        }
        Source::Env { index, .. }
        | Source::FieldRef { index, .. }
        | Source::ResourceFieldRef { index, .. }
        | Source::FileKeyRef { index, .. } => {
            spans.extend(entry("env", *index, SpanRole::EnvEntry));
        }
    }
    spans
}

/// `namespace/name` as the model writes object references.
fn split_ref(reference: &str) -> (&str, &str) {
    reference.split_once('/').unwrap_or(("", reference))
}

/// The place of `key` in the ConfigMap or Secret `object` (`namespace/name`): a Secret's
/// `stringData` entry wins over its `data` one, as the API server merges them (spec A8).
fn key_span(
    files: &[SourceFile],
    namespace: &str,
    secret: bool,
    object: &str,
    key: &str,
) -> Option<SourceSpan> {
    let (ns, name) = split_ref(object);
    let (kind, fields, role) = if secret {
        ("Secret", ["stringData", "data"], SpanRole::SecretKey)
    } else {
        ("ConfigMap", ["data", "binaryData"], SpanRole::ConfigMapKey)
    };
    let found = find_object(files, namespace, kind, ns, name)?;
    // Keys are quoted as they are: one holding a quote or a backslash is not a valid key
    // (spec VAL13), and the API server stores no object that has one.
    fields
        .iter()
        .find_map(|field| found.span(&format!("{}{field}['{key}']", found.prefix), role))
}

/// An object found in the text: its document, parsed, and where it sits in it.
struct Found<'a> {
    file: &'a str,
    document: usize,
    index: PositionIndex,
    /// The object's path prefix in its document: empty, or `items[k].`.
    prefix: String,
}

impl Found<'_> {
    fn span(&self, path: &str, role: SpanRole) -> Option<SourceSpan> {
        let (from, to) = self.index.span(path.trim_end_matches('.'))?;
        Some(SourceSpan {
            file: self.file.to_string(),
            document: self.document,
            from: TextPosition {
                line: from.0,
                column: from.1,
            },
            to: TextPosition {
                line: to.0,
                column: to.1,
            },
            role,
        })
    }
}

/// The pod's object (its file and document are in `pod.location`) and the path of the
/// container `name` of `kind` in it (`items[k].spec.containers[i]`, ...): the pod spec sits
/// where `cluster::spec_path` says for the object's kind.
fn container_path<'a>(
    files: &'a [SourceFile],
    pod: &ObjectRef,
    name: &str,
    kind: ContainerKind,
) -> Option<(Found<'a>, String)> {
    let file = files.iter().find(|f| f.name == pod.location.file)?;
    let lazy = LazyDocuments::new(&file.text);
    let raw = (0..lazy.len())
        .find(|&i| lazy.index(i) == Some(pod.location.document))
        .and_then(|i| lazy.parse(i))?;
    let Ok(Some(root)) = &raw.value else {
        return None;
    };
    let index = PositionIndex::build(&raw);
    // In a List, the item the analysis located at `pod.location`; else the item of that
    // kind and name.
    let (prefix, object) = match list_items(root) {
        Some(items) => {
            let at = (pod.location.line, pod.location.column);
            let by_position = (0..items.len()).find(|k| {
                index
                    .span(&format!("items[{k}]"))
                    .is_some_and(|(from, _)| from == at)
            });
            let k = by_position.or_else(|| {
                items.iter().position(|item| {
                    item.pointer("/metadata/name").and_then(Json::as_str) == Some(&pod.name)
                })
            })?;
            (format!("items[{k}]."), items.get(k)?)
        }
        None => (String::new(), root),
    };
    let spec_path = cluster::spec_path(&pod.kind);
    let mut spec = object;
    for field in spec_path.split('.') {
        spec = spec.get(field)?;
    }
    let position = spec
        .get(kind.spec_field())?
        .as_array()?
        .iter()
        .position(|c| c.get("name").and_then(Json::as_str) == Some(name))?;
    let path = format!("{prefix}{spec_path}.{}[{position}]", kind.spec_field());
    let found = Found {
        file: &file.name,
        document: raw.index,
        index,
        prefix,
    };
    Some((found, path))
}

/// The items of a `List` or `*List` document, as `objects` reads them.
fn list_items(root: &Json) -> Option<&Vec<Json>> {
    objects::list_item_kind(root.get("kind")?.as_str()?)?;
    root.get("items")?.as_array()
}

/// The last object of `kind` named `namespace/name` in `files` (the one the analysis
/// keeps), with the path prefix it has in its document. A document is parsed only when its
/// text contains the name (an escaped name, `"\u0061pp"`, is not found).
fn find_object<'a>(
    files: &'a [SourceFile],
    default_namespace: &str,
    kind: &str,
    namespace: &str,
    name: &str,
) -> Option<Found<'a>> {
    if name.is_empty() {
        return None;
    }
    let mut last: Option<(&'a str, RawDocument, String)> = None;
    for file in files {
        if !mentions(&file.text, name) || !file.text.contains(kind) {
            continue;
        }
        let lazy = LazyDocuments::new(&file.text);
        for i in 0..lazy.len() {
            let text = lazy.text(i);
            if !mentions(text, name) || !text.contains(kind) {
                continue;
            }
            let Some(raw) = lazy.parse(i) else {
                continue;
            };
            let Ok(Some(root)) = &raw.value else {
                continue;
            };
            let matches = |object: &Json, item_kind: Option<&str>| {
                read_as(object, item_kind).is_some_and(|(k, ns, n)| {
                    k == kind && n == name && ns.unwrap_or(default_namespace) == namespace
                })
            };
            let found = match list_items(root) {
                Some(items) => {
                    let item_kind = root
                        .get("kind")
                        .and_then(Json::as_str)
                        .and_then(objects::list_item_kind)
                        .filter(|k| !k.is_empty());
                    items
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(_, item)| matches(item, item_kind))
                        .map(|(k, _)| format!("items[{k}]."))
                }
                None => matches(root, None).then(String::new),
            };
            if let Some(prefix) = found {
                last = Some((&file.name, raw, prefix));
            }
        }
    }
    let (file, raw, prefix) = last?;
    Some(Found {
        file,
        document: raw.index,
        index: PositionIndex::build(&raw),
        prefix,
    })
}

/// Whether `name` occurs in `text` as a whole name: not inside a longer name (`db` in
/// `db-2`), so that a dump of many similar objects parses only the documents that matter.
fn mentions(text: &str, name: &str) -> bool {
    let part_of_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    text.match_indices(name).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + name.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

/// The kind, namespace (if set) and name of an object as `objects::read_inputs` reads
/// them: a List item without `kind` takes the list's (and then its apiVersion may be
/// left out); the kind must be served at the apiVersion written.
fn read_as<'v>(
    object: &'v Json,
    item_kind: Option<&'v str>,
) -> Option<(&'v str, Option<&'v str>, &'v str)> {
    let written = object.get("kind").and_then(Json::as_str);
    let kind = written.or(item_kind)?;
    let expected = objects::known_api_version(kind)?;
    let api_version = object.get("apiVersion").and_then(Json::as_str);
    let served = match api_version {
        Some(version) => version == expected,
        // Only a kind taken from the list gets its apiVersion filled in.
        None => written.is_none(),
    };
    if !served {
        return None;
    }
    let metadata = object.get("metadata")?;
    let name = metadata.get("name").and_then(Json::as_str)?;
    let namespace = metadata
        .get("namespace")
        .and_then(Json::as_str)
        .filter(|ns| !ns.is_empty());
    Some((kind, namespace, name))
}

#[cfg(test)]
mod tests;
