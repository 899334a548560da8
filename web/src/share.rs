//! Share links and autosave: the whole state as a compact snapshot.
//!
//! A share link is `…#s=<base64url(deflate(json))>`. The JSON leaves out every field at its
//! default, and names a gallery example by id instead of repeating its text. Secret values
//! are replaced unless the user opts in ([`redact_secrets`]).

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The hash parameter that carries a snapshot.
pub const HASH_KEY: &str = "s=";
/// The hash parameter that opens a gallery example, e.g. `#example=kafka-port`.
pub const EXAMPLE_KEY: &str = "example=";
/// What a redacted Secret value becomes (in `stringData`; base64 of it in `data`).
pub const REDACTED: &str = "REDACTED";

/// What is kept of the state. Short field names keep links short.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The manifests, unless they are a gallery example's unchanged text.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub manifests: Option<String>,
    /// The gallery example in the editor (absent: the demo, when `m` is absent too).
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Cluster-context keys as typed.
    #[serde(rename = "c", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// The enableServiceLinks override.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub links: Option<bool>,
    /// The selected container, `namespace/pod|kind/name`.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(rename = "h", default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_service: bool,
    /// The variable whose details are open.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    #[serde(rename = "q", default, skip_serializing_if = "Option::is_none")]
    pub dns_query: Option<String>,
    /// Only in local storage: the colour scheme.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// Why a link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError(pub String);

/// The hash fragment (without `#`) for a snapshot.
pub fn encode(snapshot: &Snapshot) -> String {
    let json = serde_json::to_vec(snapshot).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{HASH_KEY}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// What a page address's hash asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashRequest {
    Nothing,
    Snapshot(Snapshot),
    Example(String),
    Invalid(ShareError),
}

/// Reads a hash fragment (with or without `#`).
pub fn decode_hash(hash: &str) -> HashRequest {
    let hash = hash.trim_start_matches('#');
    if hash.is_empty() {
        return HashRequest::Nothing;
    }
    if let Some(id) = hash.strip_prefix(EXAMPLE_KEY) {
        return HashRequest::Example(id.to_string());
    }
    match hash.strip_prefix(HASH_KEY) {
        Some(data) => match decode(data) {
            Ok(snapshot) => HashRequest::Snapshot(snapshot),
            Err(e) => HashRequest::Invalid(e),
        },
        None => HashRequest::Nothing,
    }
}

fn decode(data: &str) -> Result<Snapshot, ShareError> {
    let compressed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| ShareError(format!("not base64url: {e}")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, 64 << 20)
        .map_err(|e| ShareError(format!("cannot inflate: {e:?}")))?;
    serde_json::from_slice(&json).map_err(|e| ShareError(format!("not a snapshot: {e}")))
}

/// The snapshot as local storage keeps it (plain JSON, Secrets included: it never leaves
/// the browser).
pub fn to_storage(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).unwrap_or_default()
}

pub fn from_storage(text: &str) -> Option<Snapshot> {
    serde_json::from_str(text).ok()
}

/// The snapshot for a share link: Secret values replaced by [`REDACTED`] unless
/// `include_secrets`.
pub fn for_link(mut snapshot: Snapshot, include_secrets: bool) -> Snapshot {
    if !include_secrets {
        if let Some(text) = &snapshot.manifests {
            snapshot.manifests = Some(redact_secrets(text));
        }
    }
    snapshot
}

/// Replaces every value of every Secret's `data` and `stringData` (also inside `List`s) with
/// [`REDACTED`], keeping the keys so that references still resolve. A document that mentions
/// `Secret` but does not parse is replaced by a comment: its values cannot be found safely.
/// Other documents are kept byte for byte.
pub fn redact_secrets(text: &str) -> String {
    let docs = podenv_core::yaml::split_documents(text);
    if docs.is_empty() {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut next_line = 0; // 0-based index of the first line not yet copied
    for doc in &docs {
        let start = doc.start_line.saturating_sub(1);
        let count = doc.text.lines().count();
        if start < next_line || start + count > lines.len() {
            continue;
        }
        let replacement = match &doc.value {
            Ok(Some(value)) => {
                let mut value = value.clone();
                redact_value(&mut value).then(|| render_redacted(doc.text.starts_with("---"), &value))
            }
            Ok(None) => None,
            Err(_) => mentions_secret(&doc.text).then(|| {
                let mut lines = Vec::new();
                if doc.text.starts_with("---") {
                    lines.push("---".to_string());
                }
                lines.push("# A document that mentions a Secret but does not parse was left out of this link.".to_string());
                lines
            }),
        };
        if let Some(replacement) = replacement {
            out.extend(lines[next_line..start].iter().map(|s| s.to_string()));
            out.extend(replacement);
            next_line = start + count;
        }
    }
    out.extend(
        lines[next_line.min(lines.len())..]
            .iter()
            .map(|s| s.to_string()),
    );
    out.join("\n")
}

fn mentions_secret(text: &str) -> bool {
    text.contains("Secret") || text.contains("stringData")
}

/// A redacted document as pretty JSON (JSON is YAML, and the JSON writer is already in the
/// page; a YAML writer would only add weight).
fn render_redacted(had_separator: bool, value: &Json) -> Vec<String> {
    let yaml = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    let mut lines = Vec::new();
    if had_separator {
        lines.push("---".to_string());
    }
    lines.extend(yaml.trim_end().lines().map(str::to_string));
    lines
}

/// True when anything was redacted.
fn redact_value(value: &mut Json) -> bool {
    if let Some(items) = value.get_mut("items").and_then(Json::as_array_mut) {
        let mut changed = false;
        for item in items {
            changed |= redact_value(item);
        }
        return changed;
    }
    if value.get("kind").and_then(Json::as_str) != Some("Secret") {
        return false;
    }
    let mut changed = false;
    for (field, replacement) in [
        ("data", SECRET_DATA_BASE64.encode(REDACTED)),
        ("stringData", REDACTED.to_string()),
    ] {
        if let Some(map) = value.get_mut(field).and_then(Json::as_object_mut) {
            for v in map.values_mut() {
                *v = Json::String(replacement.clone());
                changed = true;
            }
        }
    }
    changed
}

/// Secret `data` is standard base64 with padding.
const SECRET_DATA_BASE64: base64::engine::GeneralPurpose =
    base64::engine::general_purpose::STANDARD;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_the_hash() {
        let snapshot = Snapshot {
            manifests: Some("kind: Pod\n".into()),
            filter: Some("REDIS".into()),
            hide_service: true,
            ..Snapshot::default()
        };
        let hash = format!("#{}", encode(&snapshot));
        assert_eq!(decode_hash(&hash), HashRequest::Snapshot(snapshot));
    }

    #[test]
    fn defaults_are_omitted() {
        let json = serde_json::to_string(&Snapshot::default()).unwrap();
        assert_eq!(json, "{}");
    }

    #[test]
    fn a_broken_link_is_an_error_not_a_panic() {
        assert!(matches!(decode_hash("#s=!!!"), HashRequest::Invalid(_)));
        assert!(matches!(decode_hash("#s=AAAA"), HashRequest::Invalid(_)));
        assert_eq!(decode_hash(""), HashRequest::Nothing);
        assert_eq!(
            decode_hash("#example=kafka-port"),
            HashRequest::Example("kafka-port".into())
        );
    }

    #[test]
    fn secrets_are_redacted_and_other_documents_kept_verbatim() {
        let text = "# my app\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: b}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  PASSWORD: aHVudGVyMg==\nstringData:\n  TOKEN: abc\n---\nkind: Pod\nmetadata: {name: p}\n";
        let out = redact_secrets(text);
        assert!(!out.contains("aHVudGVyMg=="), "{out}");
        assert!(!out.contains("abc"), "{out}");
        assert!(out.contains("PASSWORD"));
        assert!(out.contains("UkVEQUNURUQ="));
        assert!(out.starts_with(
            "# my app\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: b}\n---\n"
        ));
        assert!(
            out.ends_with("---\nkind: Pod\nmetadata: {name: p}\n"),
            "{out}"
        );
    }

    #[test]
    fn secrets_in_lists_and_broken_documents_are_redacted() {
        let list = "kind: List\nitems:\n- kind: Secret\n  metadata: {name: s}\n  stringData: {K: hunter2}\n";
        assert!(!redact_secrets(list).contains("hunter2"));
        let broken = "kind: Pod\n---\nkind: Secret\nstringData: {K: hunter2\n";
        let out = redact_secrets(broken);
        assert!(!out.contains("hunter2"), "{out}");
        assert!(out.starts_with("kind: Pod\n---\n"));
    }

    #[test]
    fn only_links_are_redacted() {
        let snapshot = Snapshot {
            manifests: Some("kind: Secret\nstringData: {K: hunter2}\n".into()),
            ..Snapshot::default()
        };
        assert!(!for_link(snapshot.clone(), false)
            .manifests
            .unwrap()
            .contains("hunter2"));
        assert!(for_link(snapshot, true)
            .manifests
            .unwrap()
            .contains("hunter2"));
    }
}
