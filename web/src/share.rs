//! Share links and autosave: the whole state as a compact snapshot.
//!
//! A share link is `…#s=<base64url(deflate(json))>`. The JSON leaves out every field at its
//! default, and names a gallery example by id instead of repeating its text. Secret values
//! are replaced unless the user opts in ([`redact_secrets`]).

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The hash parameter that carries a snapshot.
pub const HASH_KEY: &str = "s=";
/// The hash parameter that opens a gallery example, e.g. `#example=kafka-port`.
pub const EXAMPLE_KEY: &str = "example=";
/// What a redacted Secret value becomes (in `stringData`; base64 of it in `data`).
pub const REDACTED: &str = podenv_core::redact::REDACTED;

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
    /// The context's `assumeMissingObjects` switch (rule A11).
    #[serde(rename = "a", default, skip_serializing_if = "std::ops::Not::not")]
    pub assume_missing: bool,
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

/// Every Secret value of `text` replaced by [`REDACTED`] (see [`podenv_core::redact`]):
/// the core reads the documents the way the analysis does, so nothing it reads as a Secret
/// is left behind; other documents are kept byte for byte.
pub fn redact_secrets(text: &str) -> String {
    podenv_core::redact::redact_secrets(text).text
}

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

    /// The manifests a share link carries, read back as the receiving page reads them.
    fn linked_manifests(text: &str) -> String {
        let snapshot = Snapshot {
            manifests: Some(text.into()),
            ..Snapshot::default()
        };
        let hash = format!("#{}", encode(&for_link(snapshot, false)));
        match decode_hash(&hash) {
            HashRequest::Snapshot(s) => s.manifests.unwrap_or_default(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn share_links_never_carry_secret_values() {
        let applied = r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"K":"b2xkLXBhc3N3b3Jk"}}"#;
        let cases = [
            // A SecretList whose items have no kind.
            "kind: SecretList\napiVersion: v1\nitems:\n- metadata: {name: s}\n  data: {K: c2VjcmV0LXZhbHVl}\n".to_string(),
            // kubectl apply's annotation.
            format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{applied}'\ndata: {{K: c2VjcmV0LXZhbHVl}}\n"),
            // An anchor defined outside data, and a merge key.
            "x: &v c2VjcmV0LXZhbHVl\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {K: *v}\n".to_string(),
            "d: &d {K: c2VjcmV0LXZhbHVl}\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {<<: *d}\n".to_string(),
            // CR-only line breaks.
            "kind: ConfigMap\rmetadata: {name: c}\r---\rapiVersion: v1\rkind: Secret\rmetadata: {name: s}\rdata:\r  K: c2VjcmV0LXZhbHVl\r".to_string(),
        ];
        for text in cases {
            let linked = linked_manifests(&text);
            for secret in [
                "c2VjcmV0LXZhbHVl",
                "secret-value",
                "b2xkLXBhc3N3b3Jk",
                "old-password",
            ] {
                assert!(!linked.contains(secret), "{secret} in {linked:?}");
            }
            assert!(linked.contains("UkVEQUNURUQ="), "{linked:?}");
        }
        let linked = linked_manifests(
            "kind: ConfigMap\rmetadata: {name: c}\r---\rkind: Secret\rstringData: {K: v}\r",
        );
        assert!(
            linked.starts_with("kind: ConfigMap\rmetadata: {name: c}\r---\r"),
            "{linked:?}"
        );
    }

    #[test]
    fn gallery_links_never_carry_secret_values() {
        let mut with_secrets = 0;
        for example in crate::examples::ALL {
            let text = example.text();
            let linked = linked_manifests(&text);
            if linked != text {
                with_secrets += 1;
            }
            for secret in ["s3cr3t", "correct-horse-battery-staple"] {
                assert!(!linked.contains(secret), "{}: {secret}", example.id);
            }
        }
        assert!(with_secrets >= 2);
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
