//! podenv-wasm: the thin wasm-bindgen adapter over podenv-core.
//!
//! JavaScript (the npm package) calls the functions of [`js`] (feature `js`, on by default):
//! `analyze`, `dns`, `trace`, `rules`, `version`, `redactSecrets`, and gets plain objects with
//! the CLI's JSON schema (`docs/json-schema.md`). The Yew explorer (`web/`) calls [`run`], the
//! same path without the JSON step, and turns the feature off. Nothing here knows kubelet
//! rules: every answer comes from `podenv_core::run`.

use podenv_core::model::Analysis;
use podenv_core::SourceFile;

#[cfg(feature = "js")]
pub mod js;

/// The name under which pasted manifests appear in diagnostics.
pub const MANIFESTS_FILE: &str = "manifests.yaml";
/// The name under which the cluster context appears in diagnostics.
pub const CONTEXT_FILE: &str = "cluster context";

/// One request: what the user pasted, and the options of the explorer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// Manifests: multi-document YAML or JSON.
    pub manifests: &'a str,
    /// A cluster context (YAML or JSON mapping); empty means every default.
    pub context: &'a str,
    /// When set, every pod spec in the manifests is read as if it had
    /// `enableServiceLinks` set to this value.
    pub enable_service_links: Option<bool>,
    /// Record each container's walk along the kubelet's path (`ContainerEnv::steps`), for
    /// the walk-through page; off otherwise, as it costs time and memory.
    pub trace: bool,
}

/// Runs the core on one request. Context diagnostics come first, then the manifests' own.
pub fn run(input: &Input) -> Analysis {
    // The core's one front door, as the CLI and the fixture harness use it.
    let context = SourceFile::new(CONTEXT_FILE, input.context);
    podenv_core::run(&podenv_core::Request {
        files: &[SourceFile::new(MANIFESTS_FILE, input.manifests)],
        context: Some(&context),
        enable_service_links: input.enable_service_links,
        options: podenv_core::AnalyzeOptions { trace: input.trace },
    })
}

/// Serialises an analysis; a failure (which the model's types cannot produce) becomes a
/// JSON object with an `error` field instead of a panic.
pub fn to_json(analysis: &Analysis) -> String {
    serde_json::to_string(analysis)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD_AND_SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  clusterIP: 10.96.4.2
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: busybox
";

    fn names(analysis: &Analysis) -> Vec<String> {
        analysis.pods[0].containers[0]
            .env
            .as_ref()
            .map(|env| env.iter().map(|v| v.name.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn to_json_is_the_schema_json() {
        let analysis = run(&Input {
            manifests: POD_AND_SERVICE,
            ..Input::default()
        });
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&analysis)).expect("valid JSON");
        assert_eq!(json["schemaVersion"], 2);
        assert_eq!(json["pods"][0]["name"], "app");
    }

    #[test]
    fn context_diagnostics_come_first() {
        let analysis = run(&Input {
            manifests: POD_AND_SERVICE,
            context: "kubernetesVersion: banana\n",
            enable_service_links: None,
            trace: false,
        });
        assert_eq!(analysis.diagnostics[0].location.file, CONTEXT_FILE);
    }

    #[test]
    fn service_links_override_removes_service_variables() {
        let with = run(&Input {
            manifests: POD_AND_SERVICE,
            ..Input::default()
        });
        assert!(names(&with).contains(&"REDIS_SERVICE_HOST".to_string()));
        let without = run(&Input {
            manifests: POD_AND_SERVICE,
            enable_service_links: Some(false),
            ..Input::default()
        });
        let without = names(&without);
        assert!(!without.contains(&"REDIS_SERVICE_HOST".to_string()));
        // The master service's variables stay (spec V2).
        assert!(without.contains(&"KUBERNETES_SERVICE_HOST".to_string()));
        assert!(!without.is_empty());
    }

    #[test]
    fn redact_secrets_is_the_core_redaction() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {K: hunter2}\n";
        let out = js::redact_secrets(text);
        assert!(
            !out.contains("hunter2") && out.contains("REDACTED"),
            "{out}"
        );
    }
}
