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
    /// An `ignored-kind` note naming its object: the ones [`group_ignored_kinds`] groups.
    pub fn is_ignored_kind(&self) -> bool {
        self.code == "ignored-kind" && self.object.is_some()
    }

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

/// The `ignored-kind` notes of one kind, told once: a manifest set with 35 RBAC objects
/// gets one line per kind, not 35 identical notes that bury the real problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnoredKind {
    pub kind: String,
    pub count: usize,
    /// Where the first object of the kind is.
    pub first: Location,
    /// The objects' names, in input order.
    pub names: Vec<String>,
}

impl IgnoredKind {
    /// One line for a terminal: `file:line:column: note: 20 ClusterRole objects are ignored
    /// (admin, edit, …)`, escaped like [`Diagnostic::to_line`].
    pub fn to_line(&self) -> String {
        use crate::text::escape_controls;
        const SHOWN: usize = 3;
        let mut names: Vec<String> = self
            .names
            .iter()
            .take(SHOWN)
            .map(|n| escape_controls(n).into_owned())
            .collect();
        if self.names.len() > SHOWN {
            names.push(format!("and {} more", self.names.len() - SHOWN));
        }
        let objects = if self.count == 1 {
            "object is"
        } else {
            "objects are"
        };
        format!(
            "{}:{}:{}: note: {} {} {objects} ignored ({}): {}",
            escape_controls(&self.first.file),
            self.first.line,
            self.first.column,
            self.count,
            escape_controls(&self.kind),
            names.join(", "),
            crate::objects::READ_KINDS
        )
    }
}

/// Splits the diagnostics into the `ignored-kind` notes, grouped by kind in order of first
/// appearance, and all the others, in their order.
pub fn group_ignored_kinds(diagnostics: &[Diagnostic]) -> (Vec<IgnoredKind>, Vec<&Diagnostic>) {
    let mut groups: Vec<IgnoredKind> = Vec::new();
    let mut others = Vec::new();
    for d in diagnostics {
        let Some(object) = d.object.as_deref().filter(|_| d.is_ignored_kind()) else {
            others.push(d);
            continue;
        };
        let (kind, name) = object.split_once(' ').unwrap_or((object, ""));
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(group) => {
                group.count += 1;
                group.names.push(name.to_string());
            }
            None => groups.push(IgnoredKind {
                kind: kind.to_string(),
                count: 1,
                first: d.location.clone(),
                names: vec![name.to_string()],
            }),
        }
    }
    (groups, others)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_kinds_are_told_once_per_kind() {
        let text = (0..35)
            .map(|i| {
                let kind = if i % 7 == 0 { "Role" } else { "ClusterRole" };
                format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: r{i}}}\n")
            })
            .collect::<Vec<_>>()
            .join("---\n");
        let text = format!("{text}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{containers: [{{name: c, image: x, evn: []}}]}}\n");
        let analysis = crate::analyze(
            &[crate::SourceFile::new("rbac.yaml", text)],
            &crate::ClusterContext::default(),
        );
        let (groups, others) = group_ignored_kinds(&analysis.diagnostics);
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].kind.as_str(), groups[0].count), ("Role", 5));
        assert_eq!(
            (groups[1].kind.as_str(), groups[1].count),
            ("ClusterRole", 30)
        );
        assert_eq!(groups[0].first.line, 1, "the first Role, r0");
        assert_eq!(groups[1].names[..2], ["r1".to_string(), "r2".to_string()]);
        assert!(others.iter().all(|d| d.code != "ignored-kind"));
        assert!(
            others.iter().any(|d| d.severity == Severity::Warning),
            "the real problem stays: {others:?}"
        );
        assert_eq!(
            groups[1].to_line(),
            "rbac.yaml:5:1: note: 30 ClusterRole objects are ignored (r1, r2, r3, and 27 more): podenv reads Pods, workloads, Services, ConfigMaps, Secrets, Nodes, Endpoints and EndpointSlices"
        );
    }
}
