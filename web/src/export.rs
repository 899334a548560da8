//! Copy-out formats for one container's environment: `.env`, JSON, `docker run -e`
//! arguments and Markdown for bug reports. Pure text functions.

use std::collections::BTreeSet;

use podenv_core::model::{ContainerEnv, EnvVar, PodEnv, Value};
use podenv_core::redact::{secret_fed, REDACTED};

use crate::state::{bytes_text, ExportFormat};

/// The text of one export format for a container. `include_secrets` only matters for the
/// Markdown of bug reports: the other formats are the environment itself, to be used.
pub fn render(
    format: ExportFormat,
    kubernetes_version: &str,
    pod: &PodEnv,
    container: &ContainerEnv,
    include_secrets: bool,
) -> String {
    match format {
        ExportFormat::DotEnv => dotenv(container),
        ExportFormat::Json => json(container),
        ExportFormat::DockerRun => docker_run(container),
        ExportFormat::Markdown => markdown(kubernetes_version, pod, container, include_secrets),
    }
}

/// `KEY='value'` lines a POSIX shell can source, written by the core's one quoting
/// implementation (`podenv_core::envfile`, the same as `podenv env --output env`).
pub fn dotenv(container: &ContainerEnv) -> String {
    let mut out = String::new();
    let header = format!("{} {}", container.kind.as_str(), container.name);
    podenv_core::envfile::env_file_block(&mut out, &header, container);
    out
}

/// The container's part of the JSON schema (`docs/json-schema.md`).
pub fn json(container: &ContainerEnv) -> String {
    serde_json::to_string_pretty(container).unwrap_or_default()
}

/// `docker run` with one `-e` per variable, each a shell word from the core
/// (`podenv_core::envfile::docker_run`).
pub fn docker_run(container: &ContainerEnv) -> String {
    podenv_core::envfile::docker_run(container)
}

/// A Markdown section for a bug report: the container, the kubelet's error if any, and a
/// table of the variables with their origin. Always in English, whatever the page's language:
/// it is pasted into issue trackers next to the kubelet's and kubectl's English messages, and
/// the same state gives the same report for everyone (like the other exports). Unless `include_secrets`, the value of every
/// variable a Secret feeds (see [`secret_fed`]) is [`REDACTED`].
pub fn markdown(
    kubernetes_version: &str,
    pod: &PodEnv,
    container: &ContainerEnv,
    include_secrets: bool,
) -> String {
    let mut out = format!(
        "### Environment of `{}/{}` ({} `{}`)\n\nComputed by podenv {} for Kubernetes {} (pod from {} `{}`).\n\n",
        pod.namespace,
        pod.name,
        container.kind.as_str(),
        container.name,
        env!("CARGO_PKG_VERSION"),
        kubernetes_version,
        pod.source.kind,
        pod.source.name,
    );
    if let Some(error) = &container.error {
        out.push_str(&format!(
            "> **CreateContainerConfigError**: {}\n\n",
            one_line(error)
        ));
    }
    if let Some(env) = &container.env {
        let hidden = if include_secrets {
            BTreeSet::new()
        } else {
            secret_fed(env)
        };
        out.push_str("| name | value | origin |\n|---|---|---|\n");
        for var in env {
            if hidden.contains(var.name.as_str()) {
                out.push_str(&format!(
                    "| `{}` | `{REDACTED}` | {} {} |\n",
                    markdown_cell(&var.name),
                    var.source.origin(),
                    var.source.rule()
                ));
                continue;
            }
            let mut value = markdown_code(&export_value(var));
            if let Some(comment) = value_comment(&var.value) {
                value.push_str(&format!(" ({})", markdown_cell(&comment)));
            }
            out.push_str(&format!(
                "| `{}` | {} | {} {} |\n",
                markdown_cell(&var.name),
                value,
                var.source.origin(),
                var.source.rule()
            ));
        }
    }
    out
}

/// The value an export writes: the value, or the first candidate of a nondeterministic one,
/// or empty when only the running container knows it.
fn export_value(var: &EnvVar) -> String {
    match &var.value {
        Value::Known(bytes) => bytes_text(bytes),
        Value::OneOf(values) => values.first().map(|v| bytes_text(v)).unwrap_or_default(),
        Value::Runtime(_) => String::new(),
    }
}

/// A remark for values that are not one known string.
fn value_comment(value: &Value) -> Option<String> {
    match value {
        Value::Known(bytes) if std::str::from_utf8(bytes).is_err() => {
            Some("not UTF-8; shown as base64".to_string())
        }
        Value::Known(_) => None,
        Value::OneOf(values) => Some(format!(
            "nondeterministic, one of: {}",
            values
                .iter()
                .map(|v| bytes_text(v))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        Value::Runtime(why) => Some(format!("only known at runtime: {why}")),
    }
}

fn markdown_code(text: &str) -> String {
    if text.is_empty() {
        return "*(empty)*".to_string();
    }
    let cell = markdown_cell(text);
    let fence = if cell.contains('`') { "`` " } else { "`" };
    let close = if cell.contains('`') { " ``" } else { "`" };
    format!("{fence}{cell}{close}")
}

fn markdown_cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use podenv_core::SourceFile;

    fn container(yaml: &str) -> (PodEnv, ContainerEnv) {
        let analysis = podenv_core::analyze(
            &[SourceFile::new("t.yaml", yaml)],
            &podenv_core::ClusterContext::default(),
        );
        let pod = analysis.pods[0].clone();
        let c = pod.containers[0].clone();
        (pod, c)
    }

    const POD: &str = "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: app\n    image: x\n    env:\n    - {name: PLAIN, value: abc}\n    - {name: QUOTED, value: \"it's a | b\"}\n    - {name: SPACE, value: \"a b\"}\n";

    #[test]
    fn dotenv_uses_the_cores_shell_words() {
        let (_, c) = container(POD);
        let text = dotenv(&c);
        assert!(text.starts_with("# container app\n"), "{text}");
        assert!(text.contains("PLAIN='abc'\n"), "{text}");
        assert!(text.contains("SPACE='a b'\n"), "{text}");
        assert!(text.contains("QUOTED='it'\\''s a | b'\n"), "{text}");
    }

    #[test]
    fn dotenv_never_uses_double_quotes_for_backquotes_or_dollars() {
        // Issue 9 defect 1: `id` and $HOME were exported inside double quotes.
        let (_, c) = container(&POD.replace("value: abc", "value: \"`id` $HOME\""));
        let text = dotenv(&c);
        assert!(text.contains("PLAIN='`id` $HOME'\n"), "{text}");
    }

    #[test]
    fn docker_run_quotes_for_the_shell() {
        let (_, c) = container(POD);
        let text = docker_run(&c);
        assert!(text.starts_with("docker run --rm \\\n"));
        assert!(text.contains("-e 'QUOTED=it'\\''s a | b'"), "{text}");
    }

    #[test]
    fn markdown_escapes_table_cells() {
        let (pod, c) = container(POD);
        let text = markdown("1.35", &pod, &c, false);
        assert!(
            text.contains("| `QUOTED` | `it's a \\| b` | env X3 |"),
            "{text}"
        );
    }

    #[test]
    fn json_is_the_schema_form() {
        let (_, c) = container(POD);
        let value: serde_json::Value = serde_json::from_str(&json(&c)).unwrap();
        assert_eq!(value["name"], "app");
        let plain = value["env"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == "PLAIN")
            .unwrap();
        assert_eq!(plain["source"]["kind"], "env");
        assert_eq!(plain["value"], "abc");
    }

    #[test]
    fn a_failing_container_says_why() {
        let (pod, c) = container("kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: x\n    envFrom: [{configMapRef: {name: missing}}]\n");
        assert!(dotenv(&c).contains(
            "\n# does not start: CreateContainerConfigError: configmap \"missing\" not found"
        ));
        assert!(markdown("1.35", &pod, &c, false).contains("**CreateContainerConfigError**"));
    }

    const WITH_SECRETS: &str = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {PASSWORD: hunter2-secret, USER: admin-user}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: api}\ndata: {TOKEN: dG9rZW4tdmFsdWU=}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: app\n    image: x\n    envFrom: [{secretRef: {name: db}}]\n    env:\n    - {name: API, valueFrom: {secretKeyRef: {name: api, key: TOKEN}}}\n    - {name: URL, value: \"postgres://$(USER):$(PASSWORD)@db\"}\n    - {name: AUTH, value: \"Bearer $(API)\"}\n    - {name: WRAPPED, value: \"[$(URL)]\"}\n    - {name: PLAIN, value: visible-value}\n";

    #[test]
    fn markdown_redacts_secret_values_unless_asked() {
        let (pod, c) = container(WITH_SECRETS);
        let text = markdown("1.35", &pod, &c, false);
        for secret in [
            "hunter2-secret",
            "admin-user",
            "token-value",
            "dG9rZW4tdmFsdWU=",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for name in ["PASSWORD", "USER", "API", "URL", "AUTH", "WRAPPED"] {
            assert!(
                text.contains(&format!("| `{name}` | `REDACTED` |")),
                "{name} in {text}"
            );
        }
        assert!(text.contains("| `PLAIN` | `visible-value` |"), "{text}");
        let full = render(ExportFormat::Markdown, "1.35", &pod, &c, true);
        assert!(
            full.contains("hunter2-secret") && full.contains("Bearer token-value"),
            "{full}"
        );
        // The other formats are the environment itself.
        assert!(render(ExportFormat::DotEnv, "1.35", &pod, &c, false).contains("hunter2-secret"));
    }
}
