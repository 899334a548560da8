//! Located, user-facing messages. Every problem podenv reports names the file, the
//! document, the line and column, and (where one applies) the field path.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The input (or part of it) cannot be used: the API server would reject it, or it does not parse.
    Error,
    /// The input is used, but something deserves attention (an API warning, a dropped value).
    Warning,
    /// Informational: an ignored kind, an assumption, a note.
    Info,
}

/// Where something is in the user's input. Lines, columns and documents count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub file: String,
    /// 1-based index of the YAML document (`---`-separated chunk) within the file.
    pub document: usize,
    pub line: usize,
    pub column: usize,
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `yaml-syntax`, `invalid-env-name`, `ignored-kind`.
    pub code: String,
    pub message: String,
    pub location: Location,
    /// Field path inside the object, e.g. `spec.containers[0].env[2].name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Spec rule id this diagnostic follows from, e.g. `VAL8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The object the diagnostic is about, as `Kind namespace/name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

impl Diagnostic {
    /// `file:line:column: message` as printed by the CLI on stderr. One line, whatever the
    /// input held: the file name, message and path have their control characters escaped
    /// (`crate::text::escape_controls`), so a name cannot forge a second diagnostic.
    pub fn to_line(&self) -> String {
        use crate::text::escape_controls;
        let mut out = format!(
            "{}:{}:{}: {}: {}",
            escape_controls(&self.location.file),
            self.location.line,
            self.location.column,
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            },
            escape_controls(&self.message)
        );
        if let Some(path) = &self.path {
            out.push_str(&format!(" (at {})", escape_controls(path)));
        }
        out
    }
}
