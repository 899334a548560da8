//! Secret values taken out of pasted manifests, for text that leaves the page (share links,
//! bug reports).
//!
//! The text is split into documents exactly as [`crate::yaml::split_documents`] splits it for
//! the analysis, and Secrets are found in the parsed values the way [`crate::objects`] reads
//! them (a `Secret`, the items of a `List` or `*List`, kindless items taking the list's item
//! kind). Objects the reader skips but that may still hold values (no kind, a kind spelt like
//! `secret`) are counted as Secrets too. A document that holds a Secret is written again from its parsed value: aliases are
//! resolved there, so an anchor defined anywhere in the document cannot carry a value out, and
//! every place a value can sit is replaced:
//!
//! - each `data` value by the base64 of [`REDACTED`] (so it still decodes), or by a text that
//!   is not base64 when the original was not either (so the analysis fails the same way);
//!   each `stringData` value by [`REDACTED`]; keys stay, so references still resolve;
//! - an annotation whose value is JSON (kubectl's `last-applied-configuration` holds the
//!   whole Secret, data included) is redacted the same way inside; a `last-applied-configuration`
//!   that is not JSON is replaced whole;
//! - any other string of the Secret (an unknown field, a label, an annotation) that is or
//!   contains one of its values; when the document uses aliases, also any string of the
//!   document's other objects that is one of the values (the anchor may sit there).
//!
//! `metadata.managedFields` only lists keys (`f:data: {f:KEY: {}}`) and Secrets have no
//! `status`, so they carry no values. YAML anchors are per document, and the splitter cuts only
//! at `---`/`...` lines at column 1, which end any scalar, so an alias in a Secret document
//! cannot reach another document: such a document does not parse and is left out.
//!
//! A document that does not parse but mentions a Secret is replaced by a comment. Every other
//! document, and the text between documents, is kept byte for byte; the redacted documents
//! stay at their place and use the file's own line breaks.

use std::collections::BTreeSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{Map, Value as Json};

use crate::model::{EnvVar, Source};
use crate::yaml::{line_starts, split_documents, RawDocument};

/// What a redacted value becomes (in `stringData`; its base64 in `data`).
pub const REDACTED: &str = "REDACTED";
/// A redacted `data` value whose original was not valid base64: still not base64.
const REDACTED_NOT_BASE64: &str = "<REDACTED>";
/// The annotation `kubectl apply` writes with the whole applied object as JSON.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// Values shorter than this are only replaced where they are a whole string, not a part.
const MIN_PART_LEN: usize = 4;

/// Redacted manifests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The text with every Secret value replaced.
    pub text: String,
    /// How many values (or unreadable documents) were replaced.
    pub count: usize,
}

/// Replaces every Secret value of `text` (see the module documentation). Never panics.
pub fn redact_secrets(text: &str) -> Redacted {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let docs = split_documents(text);
    let starts = line_starts(body);
    let json_mode = looks_like_json(body, &starts);
    let mut count = 0;
    // (where the document starts in `body`, if found; its replacement, if any)
    let mut pieces: Vec<(Option<usize>, Option<String>)> = Vec::with_capacity(docs.len());
    let mut from = 0;
    for doc in &docs {
        let at = locate(body, &starts, doc, from);
        if let Some(at) = at {
            from = at + doc.text.len();
        }
        let replacement = match &doc.value {
            Ok(Some(value)) => redact_document(&doc.text, value, &mut count)
                .map(|value| render(&doc.text, &to_yaml_safe_json(&value))),
            Ok(None) => None,
            Err(_) if mentions_secret(&doc.text) => {
                count += 1;
                Some(if json_mode {
                    // A comment would turn the rest of a JSON file into YAML.
                    line_break_after(&doc.text).to_string()
                } else {
                    render(
                        &doc.text,
                        "# A document that mentions a Secret but does not parse was left out.",
                    )
                })
            }
            Err(_) => None,
        };
        pieces.push((at, replacement));
    }
    let mut out = String::from(bom);
    if pieces.iter().all(|(at, _)| at.is_some()) {
        let mut copied = 0;
        for ((at, replacement), doc) in pieces.iter().zip(&docs) {
            let (Some(at), Some(replacement)) = (at, replacement) else {
                continue;
            };
            out.push_str(&body[copied..*at]);
            out.push_str(replacement);
            copied = at + doc.text.len();
        }
        out.push_str(&body[copied..]);
    } else {
        // Never expected: a document not found where the splitter says it starts. Only the
        // documents are written then (the text between them is comments and blank lines).
        for ((_, replacement), doc) in pieces.iter().zip(&docs) {
            out.push_str(replacement.as_deref().unwrap_or(&doc.text));
        }
    }
    Redacted { text: out, count }
}

/// The variables of one container's final list whose value a Secret feeds, for exports
/// meant for others (the explorer's Markdown bug report, the fuzz targets' share-link check): `secretKeyRef`, `envFrom` of a Secret, and
/// every `env` value that expands one of them. An `envFrom` reference counts when the
/// container has any Secret `envFrom` (the reference does not say which source it met),
/// and a reference to a name counts when any definition of that name came from a Secret.
pub fn secret_fed(env: &[EnvVar]) -> BTreeSet<&str> {
    fn secret_source(source: &Source) -> bool {
        match source {
            Source::SecretKeyRef { .. } => true,
            Source::EnvFrom { object_kind, .. } => object_kind.eq_ignore_ascii_case("secret"),
            _ => false,
        }
    }
    fn sources(var: &EnvVar) -> Vec<&Source> {
        std::iter::once(&var.source)
            .chain(var.shadowed.iter().map(|s| &s.source))
            .collect()
    }
    let secret_env_from = env.iter().flat_map(sources).any(|source| {
        matches!(source, Source::EnvFrom { object_kind, .. } if object_kind.eq_ignore_ascii_case("secret"))
    });
    let mut hidden: BTreeSet<&str> = env
        .iter()
        .filter(|var| sources(var).into_iter().any(secret_source))
        .map(|var| var.name.as_str())
        .collect();
    loop {
        let before = hidden.len();
        for var in env {
            let feeds = sources(var).into_iter().any(|source| match source {
                Source::Env { references, .. } => references.iter().any(|r| {
                    hidden.contains(r.name.as_str())
                        || r.resolved_from == "secretKeyRef"
                        || (r.resolved_from == "envFrom" && secret_env_from)
                }),
                _ => false,
            });
            if feeds {
                hidden.insert(var.name.as_str());
            }
        }
        if hidden.len() == before {
            return hidden;
        }
    }
}

/// The byte offset of `doc` in `body`: on its first line, at or after `from`, with only
/// whitespace before it (JSON values may share a line).
fn locate(body: &str, starts: &[usize], doc: &RawDocument, from: usize) -> Option<usize> {
    let line_start = *starts.get(doc.start_line.checked_sub(1)?)?;
    let search = from.max(line_start);
    let found = search + body.get(search..)?.find(&doc.text)?;
    body[search..found]
        .trim_matches([' ', '\t', '\n', '\r'])
        .is_empty()
        .then_some(found)
}

/// The splitter's test for JSON input.
fn looks_like_json(body: &str, starts: &[usize]) -> bool {
    body.trim_start().starts_with(['{', '['])
        && !lines(body, starts).any(|line| is_marker(line, "---") || is_marker(line, "..."))
}

/// The lines of `text` (without their breaks), `starts` from [`line_starts`].
fn lines<'a>(text: &'a str, starts: &'a [usize]) -> impl Iterator<Item = &'a str> + 'a {
    starts.iter().enumerate().map(move |(i, &start)| {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    })
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Conservative: a broken document may be a Secret when it names the kind or its fields.
fn mentions_secret(text: &str) -> bool {
    text.contains("Secret")
        || text.contains("stringData")
        || text.lines().any(|line| {
            let line = line.trim_start().to_ascii_lowercase();
            (line.starts_with("kind") || line.starts_with("\"kind\"")) && line.contains("secret")
        })
}

/// The line break the document uses (`\n` when it has none).
fn line_break(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// The document's final line break, if it ends with one.
fn line_break_after(text: &str) -> &'static str {
    if text.ends_with("\r\n") {
        "\r\n"
    } else if text.ends_with('\r') {
        "\r"
    } else if text.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

/// `content` in place of document `original`: its `---` and `...` markers kept, its line
/// breaks used, a final line break when it had one.
fn render(original: &str, content: &str) -> String {
    let br = line_break(original);
    let starts = line_starts(original);
    let explicit = lines(original, &starts).any(|line| is_marker(line, "---"));
    let ended = lines(original, &starts)
        .filter(|line| !line.trim().is_empty())
        .last()
        .is_some_and(|line| is_marker(line, "..."));
    let mut parts: Vec<&str> = Vec::new();
    if explicit {
        parts.push("---");
    }
    parts.extend(content.lines());
    if ended {
        parts.push("...");
    }
    let mut out = parts.join(br);
    out.push_str(line_break_after(original));
    out
}

/// Pretty JSON (JSON is YAML, and YAML's reader takes it back), with the characters YAML
/// does not allow raw, or reads as line breaks, escaped.
fn to_yaml_safe_json(value: &Json) -> String {
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let unsafe_in_yaml = matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        );
        if unsafe_in_yaml {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// What the reader treats as a Secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Secret,
    /// No kind (the reader reports it and skips it): redacted when it has Secret fields.
    Unknown,
    Other,
}

fn kind_of(kind: Option<&Json>, inherited: Option<&str>) -> Kind {
    let kind = match kind {
        None => inherited.unwrap_or_default(),
        Some(Json::String(kind)) => kind,
        Some(_) => "",
    };
    if kind.is_empty() {
        Kind::Unknown
    } else if kind.to_ascii_lowercase().contains("secret") {
        // The reader reads only `Secret`; a misspelt or look-alike kind is not read, but
        // its values are still values.
        Kind::Secret
    } else {
        Kind::Other
    }
}

/// The redacted form of a parsed document, when it holds a Secret.
fn redact_document(text: &str, value: &Json, count: &mut usize) -> Option<Json> {
    let mut value = value.clone();
    let mut values = BTreeSet::new();
    let mut secrets = 0;
    match &mut value {
        // Not an object the reader reads, but it may still hold Secrets.
        Json::Array(items) => {
            for item in items {
                walk(item, None, &mut values, &mut secrets, count);
            }
        }
        value => walk(value, None, &mut values, &mut secrets, count),
    }
    if secrets == 0 {
        return None;
    }
    values.remove("");
    if uses_aliases(text) {
        scrub(&mut value, &values, false, count);
    }
    Some(value)
}

/// Finds and redacts the Secrets of one object, or of a list's items.
fn walk(
    value: &mut Json,
    inherited: Option<&str>,
    values: &mut BTreeSet<String>,
    secrets: &mut usize,
    count: &mut usize,
) {
    let Json::Object(map) = value else {
        return;
    };
    let kind = map.get("kind").and_then(Json::as_str).map(str::to_string);
    let own_kind = map.get("kind").cloned();
    let listy = match &kind {
        Some(kind) => kind == "List" || kind.ends_with("List"),
        None => own_kind.is_none(),
    };
    if listy && map.get("items").is_some_and(Json::is_array) {
        let item_kind = kind
            .as_deref()
            .and_then(|k| k.strip_suffix("List"))
            .unwrap_or_default()
            .to_string();
        if let Some(Json::Array(items)) = map.get_mut("items") {
            for item in items {
                walk(item, Some(&item_kind), values, secrets, count);
            }
        }
        return;
    }
    match kind_of(own_kind.as_ref(), inherited) {
        Kind::Secret => {}
        Kind::Unknown if map.contains_key("data") || map.contains_key("stringData") => {}
        _ => return,
    }
    *secrets += 1;
    redact_secret(map, values, count);
}

/// Redacts one Secret object in place, adding its values to `values`.
fn redact_secret(map: &mut Map<String, Json>, values: &mut BTreeSet<String>, count: &mut usize) {
    if let Some(data) = map.get_mut("data") {
        replace_values(data, values, count, |s, values| {
            if let Ok(bytes) = STANDARD.decode(s) {
                if let Ok(text) = String::from_utf8(bytes) {
                    values.insert(text);
                }
                STANDARD.encode(REDACTED)
            } else {
                REDACTED_NOT_BASE64.to_string()
            }
        });
    }
    if let Some(string_data) = map.get_mut("stringData") {
        replace_values(string_data, values, count, |_, _| REDACTED.to_string());
    }
    if let Some(Json::Object(annotations)) = map
        .get_mut("metadata")
        .and_then(|m| m.get_mut("annotations"))
    {
        for (key, annotation) in annotations.iter_mut() {
            let Json::String(text) = annotation else {
                continue;
            };
            match serde_json::from_str::<Json>(text) {
                Ok(mut inner @ (Json::Object(_) | Json::Array(_))) => {
                    let before = *count;
                    let mut secrets = 0;
                    walk(&mut inner, Some("Secret"), values, &mut secrets, count);
                    if *count != before {
                        *text = serde_json::to_string(&inner).unwrap_or_default();
                    }
                }
                _ if key == LAST_APPLIED => {
                    *text = REDACTED.to_string();
                    *count += 1;
                }
                _ => {}
            }
        }
    }
    values.remove("");
    let mut object = Json::Object(std::mem::take(map));
    scrub(&mut object, values, true, count);
    if let Json::Object(object) = object {
        *map = object;
    }
}

/// Replaces each value of a `data`/`stringData` mapping (or the field itself when it is not
/// a mapping), keeping the JSON type so that what failed to read still fails.
fn replace_values(
    field: &mut Json,
    values: &mut BTreeSet<String>,
    count: &mut usize,
    string: impl Fn(&str, &mut BTreeSet<String>) -> String,
) {
    let mut one = |value: &mut Json| {
        let replacement = match value {
            Json::Null => return,
            Json::String(s) => {
                values.insert(s.clone());
                Json::String(string(s, values))
            }
            Json::Number(n) => {
                values.insert(n.to_string());
                Json::Number(0.into())
            }
            Json::Bool(_) => Json::Bool(false),
            Json::Array(_) => Json::Array(Vec::new()),
            Json::Object(_) => Json::Object(Map::new()),
        };
        *value = replacement;
        *count += 1;
    };
    match field {
        Json::Object(map) => map.values_mut().for_each(&mut one),
        other => one(other),
    }
}

/// Replaces strings that are one of `values` (or, when `parts`, contain one that is long
/// enough) by [`REDACTED`]. The fields that name objects (`kind`, `apiVersion`, an object's
/// `metadata.name` and `namespace`) are left alone: they are not values, and references
/// need them.
fn scrub(value: &mut Json, values: &BTreeSet<String>, parts: bool, count: &mut usize) {
    if values.is_empty() {
        return;
    }
    match value {
        Json::String(s) => {
            let hit = values.contains(s.as_str())
                || (parts
                    && values
                        .iter()
                        .any(|v| v.chars().count() >= MIN_PART_LEN && s.contains(v.as_str())));
            let marker =
                s == REDACTED || s == REDACTED_NOT_BASE64 || *s == STANDARD.encode(REDACTED);
            if hit && !marker {
                *s = REDACTED.to_string();
                *count += 1;
            }
        }
        Json::Array(items) => {
            for item in items {
                scrub(item, values, parts, count);
            }
        }
        Json::Object(map) => {
            for (key, item) in map.iter_mut() {
                match key.as_str() {
                    "kind" | "apiVersion" => {}
                    "metadata" => {
                        if let Json::Object(meta) = item {
                            for (key, item) in meta.iter_mut() {
                                if key != "name" && key != "namespace" {
                                    scrub(item, values, parts, count);
                                }
                            }
                        } else {
                            scrub(item, values, parts, count);
                        }
                    }
                    _ => scrub(item, values, parts, count),
                }
            }
        }
        _ => {}
    }
}

/// True when the document has an alias (`*name`), or cannot be read event by event.
fn uses_aliases(text: &str) -> bool {
    for event in saphyr_parser::Parser::new_from_str(text) {
        match event {
            Ok((saphyr_parser::Event::Alias(_), _)) | Err(_) => return true,
            Ok((saphyr_parser::Event::StreamEnd, _)) => return false,
            Ok(_) => {}
        }
    }
    false
}

#[cfg(test)]
mod tests;
