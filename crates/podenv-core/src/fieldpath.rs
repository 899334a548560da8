//! Downward API field paths usable in `env[].valueFrom.fieldRef`.

use std::fmt;

use crate::names;

/// A field path the API server accepts for an env `fieldRef`, after conversion
/// (`spec.host` has become [`FieldPath::NodeName`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    /// `metadata.name`
    Name,
    /// `metadata.namespace`
    Namespace,
    /// `metadata.uid`
    Uid,
    /// `spec.nodeName` (also written `spec.host`)
    NodeName,
    /// `spec.serviceAccountName`
    ServiceAccountName,
    /// `status.hostIP`
    HostIp,
    /// `status.hostIPs`
    HostIps,
    /// `status.podIP`
    PodIp,
    /// `status.podIPs`
    PodIps,
    /// `metadata.labels['KEY']`, holding KEY exactly as written.
    Label(String),
    /// `metadata.annotations['KEY']`, holding KEY exactly as written.
    Annotation(String),
}

impl FieldPath {
    /// The path in its converted (internal) spelling, e.g. `spec.nodeName` or
    /// `metadata.labels['app']`.
    pub fn as_path(&self) -> String {
        match self {
            FieldPath::Name => "metadata.name".to_string(),
            FieldPath::Namespace => "metadata.namespace".to_string(),
            FieldPath::Uid => "metadata.uid".to_string(),
            FieldPath::NodeName => "spec.nodeName".to_string(),
            FieldPath::ServiceAccountName => "spec.serviceAccountName".to_string(),
            FieldPath::HostIp => "status.hostIP".to_string(),
            FieldPath::HostIps => "status.hostIPs".to_string(),
            FieldPath::PodIp => "status.podIP".to_string(),
            FieldPath::PodIps => "status.podIPs".to_string(),
            FieldPath::Label(k) => format!("metadata.labels['{k}']"),
            FieldPath::Annotation(k) => format!("metadata.annotations['{k}']"),
        }
    }
}

/// The plain paths env accepts, sorted as upstream lists them in "supported values".
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Spec F2: mirrors `pkg/fieldpath/fieldpath.go` `SplitMaybeSubscriptedPath`: a path ending
/// in `']` with a non-empty part before the first `['` splits into (path, subscript);
/// `metadata.annotations['a[b]c']` gives (`metadata.annotations`, `a[b]c`),
/// `metadata.labels['']` gives an empty subscript. Anything else is not subscripted.
pub fn split_maybe_subscripted_path(field_path: &str) -> Option<(&str, &str)> {
    let trimmed = field_path.strip_suffix("']")?;
    let (path, subscript) = trimmed.split_once("['")?;
    if path.is_empty() {
        return None;
    }
    Some((path, subscript))
}

/// Spec F1: mirrors `pkg/apis/core/pods/helpers.go` `ConvertDownwardAPIFieldLabel`: only
/// `v1` is known; subscripts are allowed on `metadata.labels`/`metadata.annotations` only;
/// `spec.host` becomes `spec.nodeName`; the other known labels (including volume-only ones
/// such as `status.phase`) pass unchanged. The error is upstream's text.
pub fn convert_downward_api_field_label(version: &str, label: &str) -> Result<String, String> {
    if version != "v1" {
        return Err(format!("unsupported pod version: {version}"));
    }
    if let Some((path, _)) = split_maybe_subscripted_path(label) {
        return match path {
            "metadata.annotations" | "metadata.labels" => Ok(label.to_string()),
            _ => Err(format!("field label does not support subscript: {label}")),
        };
    }
    match label {
        "metadata.annotations"
        | "metadata.labels"
        | "metadata.name"
        | "metadata.namespace"
        | "metadata.uid"
        | "spec.nodeName"
        | "spec.restartPolicy"
        | "spec.serviceAccountName"
        | "spec.schedulerName"
        | "status.phase"
        | "status.hostIP"
        | "status.hostIPs"
        | "status.podIP"
        | "status.podIPs" => Ok(label.to_string()),
        "spec.host" => Ok("spec.nodeName".to_string()),
        _ => Err(format!("field label not supported: {label}")),
    }
}

/// The kind of API field error, as it appears in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRefErrorKind {
    /// `Required value`
    Required,
    /// `Invalid value`
    Invalid,
    /// `Unsupported value`
    NotSupported,
}

/// One API-server error for an env `fieldRef`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRefError {
    /// The field upstream blames, relative to `valueFrom`: `fieldRef` (bad label or
    /// annotation key) or `fieldRef.fieldPath` (everything else).
    pub field: &'static str,
    /// The error type.
    pub kind: FieldRefErrorKind,
    /// The offending value, unquoted (empty for `Required`).
    pub value: String,
    /// The explanation after the value (may be empty).
    pub detail: String,
}

impl FieldRefError {
    /// The message body without the field path, as upstream's `field.Error.ErrorBody`
    /// prints it: `Invalid value: "x": detail`, `Unsupported value: "x": supported values:
    /// ...`, or `Required value`.
    pub fn body(&self) -> String {
        let mut out = match self.kind {
            FieldRefErrorKind::Required => "Required value".to_string(),
            FieldRefErrorKind::Invalid => format!("Invalid value: {}", go_quote(&self.value)),
            FieldRefErrorKind::NotSupported => {
                format!("Unsupported value: {}", go_quote(&self.value))
            }
        };
        if !self.detail.is_empty() {
            out.push_str(": ");
            out.push_str(&self.detail);
        }
        out
    }
}

impl fmt::Display for FieldRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// Go's `%q` for strings (`strconv.Quote`), closely enough for API messages: quotes,
/// backslashes and control characters are escaped the way Go writes them.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let n = c as u32;
                if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Spec F1, F2: mirrors `pkg/apis/core/validation/validation.go` `validateObjectFieldSelector`
/// with `validEnvDownwardAPIFieldPathExpressions` (after `SetDefaults_ObjectFieldSelector`
/// has turned an empty apiVersion into `v1`).
///
/// Order of checks as upstream: empty path (`Required`); conversion
/// ([`convert_downward_api_field_label`], reported as `error converting fieldPath: ...`);
/// then label keys must be qualified names, annotation keys too after lower-casing (one
/// error per message, blamed on `fieldRef` with the key as value); plain paths must be in
/// the env list (`Unsupported value` listing the sorted supported values).
pub fn check_env_field_ref(
    api_version: Option<&str>,
    path: &str,
) -> Result<FieldPath, Vec<FieldRefError>> {
    let version = match api_version {
        None | Some("") => "v1",
        Some(v) => v,
    };
    if path.is_empty() {
        return Err(vec![FieldRefError {
            field: "fieldRef.fieldPath",
            kind: FieldRefErrorKind::Required,
            value: String::new(),
            detail: String::new(),
        }]);
    }
    let internal = convert_downward_api_field_label(version, path).map_err(|e| {
        vec![FieldRefError {
            field: "fieldRef.fieldPath",
            kind: FieldRefErrorKind::Invalid,
            value: path.to_string(),
            detail: format!("error converting fieldPath: {e}"),
        }]
    })?;
    if let Some((base, key)) = split_maybe_subscripted_path(&internal) {
        let (checked, make): (String, fn(String) -> FieldPath) = match base {
            "metadata.annotations" => (key.to_lowercase(), FieldPath::Annotation),
            "metadata.labels" => (key.to_string(), FieldPath::Label),
            _ => {
                // Unreachable after conversion, kept for parity with upstream.
                return Err(vec![FieldRefError {
                    field: "fieldRef",
                    kind: FieldRefErrorKind::Invalid,
                    value: base.to_string(),
                    detail: "does not support subscript".to_string(),
                }]);
            }
        };
        return match names::is_qualified_name(&checked) {
            Ok(()) => Ok(make(key.to_string())),
            Err(msgs) => Err(msgs
                .into_iter()
                .map(|detail| FieldRefError {
                    field: "fieldRef",
                    kind: FieldRefErrorKind::Invalid,
                    value: checked.clone(),
                    detail,
                })
                .collect()),
        };
    }
    let parsed = match internal.as_str() {
        "metadata.name" => FieldPath::Name,
        "metadata.namespace" => FieldPath::Namespace,
        "metadata.uid" => FieldPath::Uid,
        "spec.nodeName" => FieldPath::NodeName,
        "spec.serviceAccountName" => FieldPath::ServiceAccountName,
        "status.hostIP" => FieldPath::HostIp,
        "status.hostIPs" => FieldPath::HostIps,
        "status.podIP" => FieldPath::PodIp,
        "status.podIPs" => FieldPath::PodIps,
        _ => {
            let supported: Vec<String> = ENV_FIELD_PATHS.iter().map(|p| go_quote(p)).collect();
            return Err(vec![FieldRefError {
                field: "fieldRef.fieldPath",
                kind: FieldRefErrorKind::NotSupported,
                value: internal.clone(),
                detail: format!("supported values: {}", supported.join(", ")),
            }]);
        }
    };
    Ok(parsed)
}

/// Spec F1, F2 (TV87): parse and validate an env `fieldRef` as the API server does; see
/// [`check_env_field_ref`] for the rules. `None` or an empty apiVersion means `v1`.
///
/// The error is the explanation `kubectl` shows after the value, e.g.
/// `error converting fieldPath: field label not supported: status.podIPs[0]`,
/// `error converting fieldPath: unsupported pod version: v2`,
/// `supported values: "metadata.name", ...` or a qualified-name message for a bad key
/// (several such messages are joined with `; `). Use [`check_env_field_ref`] for the
/// blamed field, the error type and the value.
pub fn parse_env_field_path(api_version: Option<&str>, path: &str) -> Result<FieldPath, String> {
    check_env_field_ref(api_version, path).map_err(|errs| {
        errs.iter()
            .map(|e| {
                if e.detail.is_empty() {
                    e.body()
                } else {
                    e.detail.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(path: &str) -> FieldPath {
        match parse_env_field_path(None, path) {
            Ok(f) => f,
            Err(e) => panic!("{path}: {e}"),
        }
    }

    fn err(version: Option<&str>, path: &str) -> String {
        match parse_env_field_path(version, path) {
            Ok(f) => panic!("{path} accepted as {f:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_allowed_path() {
        assert_eq!(ok("metadata.name"), FieldPath::Name);
        assert_eq!(ok("metadata.namespace"), FieldPath::Namespace);
        assert_eq!(ok("metadata.uid"), FieldPath::Uid);
        assert_eq!(ok("spec.nodeName"), FieldPath::NodeName);
        assert_eq!(ok("spec.serviceAccountName"), FieldPath::ServiceAccountName);
        assert_eq!(ok("status.hostIP"), FieldPath::HostIp);
        assert_eq!(ok("status.hostIPs"), FieldPath::HostIps);
        assert_eq!(ok("status.podIP"), FieldPath::PodIp);
        assert_eq!(ok("status.podIPs"), FieldPath::PodIps);
        // Legacy spelling converts.
        assert_eq!(ok("spec.host"), FieldPath::NodeName);
        // Explicit and empty apiVersion are both v1.
        assert_eq!(
            parse_env_field_path(Some("v1"), "metadata.uid"),
            Ok(FieldPath::Uid)
        );
        assert_eq!(
            parse_env_field_path(Some(""), "metadata.uid"),
            Ok(FieldPath::Uid)
        );
        for p in ENV_FIELD_PATHS {
            assert_eq!(ok(p).as_path(), p);
        }
    }

    #[test]
    fn subscripts() {
        assert_eq!(ok("metadata.labels['app']"), FieldPath::Label("app".into()));
        assert_eq!(
            ok("metadata.labels['app.kubernetes.io/name']"),
            FieldPath::Label("app.kubernetes.io/name".into())
        );
        assert_eq!(
            ok("metadata.labels['p_1234.name']"),
            FieldPath::Label("p_1234.name".into())
        );
        // Annotation keys are checked lower-cased but kept as written.
        assert_eq!(
            ok("metadata.annotations['Example.COM/Key']"),
            FieldPath::Annotation("Example.COM/Key".into())
        );
        assert_eq!(
            ok("metadata.annotations['Example.COM/Key']").as_path(),
            "metadata.annotations['Example.COM/Key']"
        );
        // Label keys are not lower-cased: an upper-case prefix is refused.
        assert!(err(None, "metadata.labels['Example.COM/Key']").starts_with("prefix part "));
        // Quotes inside the key are part of the key (and refused).
        let e = err(None, "metadata.labels['a']b']");
        assert!(e.starts_with("name part must consist of"), "{e}");
        assert!(err(None, "metadata.labels['..x']").starts_with("name part must consist of"));
        let e = err(None, "metadata.labels['']");
        assert_eq!(e.split("; ").count(), 2, "{e}");
        assert!(e.starts_with("name part must be non-empty; name part must consist of"));
        let e = check_env_field_ref(None, "metadata.annotations['BAD KEY']");
        assert_eq!(
            e.map_err(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>()),
            Err(vec!["fieldRef: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_string()])
        );
        let e = err(None, &format!("metadata.labels['{}']", "a".repeat(64)));
        assert_eq!(e, "name part must be no more than 63 characters");
        // Subscripts on other paths are refused during conversion.
        assert_eq!(
            err(None, "spec.nodeName['x']"),
            "error converting fieldPath: field label does not support subscript: spec.nodeName['x']"
        );
        assert_eq!(
            err(None, "['x']"),
            "error converting fieldPath: field label not supported: ['x']"
        );
    }

    #[test]
    fn split_subscripts() {
        assert_eq!(
            split_maybe_subscripted_path("metadata.annotations['myKey']"),
            Some(("metadata.annotations", "myKey"))
        );
        assert_eq!(
            split_maybe_subscripted_path("metadata.annotations['a[b]c']"),
            Some(("metadata.annotations", "a[b]c"))
        );
        assert_eq!(
            split_maybe_subscripted_path("metadata.labels['']"),
            Some(("metadata.labels", ""))
        );
        assert_eq!(split_maybe_subscripted_path("metadata.labels"), None);
        assert_eq!(split_maybe_subscripted_path("['x']"), None);
        assert_eq!(split_maybe_subscripted_path("a['b']c"), None);
    }

    #[test]
    fn rejected_paths() {
        let supported = "supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"";
        for p in [
            "metadata.labels",
            "metadata.annotations",
            "status.phase",
            "spec.restartPolicy",
            "spec.schedulerName",
        ] {
            assert_eq!(err(None, p), supported, "{p}");
            let full = check_env_field_ref(None, p).map_err(|v| v[0].to_string());
            assert_eq!(
                full,
                Err(format!(
                    "fieldRef.fieldPath: Unsupported value: \"{p}\": {supported}"
                ))
            );
        }
        // TV87
        assert_eq!(
            err(None, "status.podIPs[0]"),
            "error converting fieldPath: field label not supported: status.podIPs[0]"
        );
        assert_eq!(
            check_env_field_ref(None, "status.podIPs[0]").map_err(|v| v[0].to_string()),
            Err("fieldRef.fieldPath: Invalid value: \"status.podIPs[0]\": error converting fieldPath: field label not supported: status.podIPs[0]".to_string())
        );
        assert_eq!(
            err(Some("v2"), "metadata.name"),
            "error converting fieldPath: unsupported pod version: v2"
        );
        assert_eq!(
            err(Some("V1"), "metadata.name"),
            "error converting fieldPath: unsupported pod version: V1"
        );
        assert_eq!(
            err(None, "metadata.Name"),
            "error converting fieldPath: field label not supported: metadata.Name"
        );
        assert_eq!(err(None, ""), "Required value");
        assert_eq!(
            check_env_field_ref(None, "").map_err(|v| v[0].to_string()),
            Err("fieldRef.fieldPath: Required value".to_string())
        );
        // Odd characters are quoted as Go does.
        assert_eq!(
            check_env_field_ref(None, "a\"b\n").map_err(|v| v[0].body()),
            Err("Invalid value: \"a\\\"b\\n\": error converting fieldPath: field label not supported: a\"b\n".to_string())
        );
    }

    #[test]
    fn conversion() {
        assert_eq!(
            convert_downward_api_field_label("v1", "spec.host"),
            Ok("spec.nodeName".into())
        );
        assert_eq!(
            convert_downward_api_field_label("v1", "status.phase"),
            Ok("status.phase".into())
        );
        assert_eq!(
            convert_downward_api_field_label("v1", "metadata.labels['x']"),
            Ok("metadata.labels['x']".into())
        );
        assert_eq!(
            convert_downward_api_field_label("", "metadata.name"),
            Err("unsupported pod version: ".into())
        );
    }
}
