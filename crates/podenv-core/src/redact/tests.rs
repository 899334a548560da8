use std::fs;
use std::path::Path;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::model::{Analysis, Source};
use crate::{analyze, ClusterContext, SourceFile};

const REDACTED_B64: &str = "UkVEQUNURUQ=";

fn analysis(text: &str) -> Analysis {
    analyze(
        &[SourceFile::new("t.yaml", text)],
        &ClusterContext::default(),
    )
}

fn syntax_errors(analysis: &Analysis) -> Vec<&Diagnostic> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "yaml-syntax")
        .collect()
}

/// Every Secret value of the text that must not be in the output: `data` values raw and
/// decoded, `stringData` values.
fn secret_values(text: &str) -> Vec<String> {
    let analysis_inputs = crate::objects::read_inputs(
        &[SourceFile::new("t.yaml", text)],
        "default",
        &mut Vec::new(),
    )
    .0;
    let mut out = Vec::new();
    for secret in &analysis_inputs.secrets {
        for (_, v) in secret.object.data.iter().flatten() {
            out.push(STANDARD.encode(&v.0));
            if let Ok(text) = String::from_utf8(v.0.clone()) {
                out.push(text);
            }
        }
        for (_, v) in secret.object.string_data.iter().flatten() {
            out.push(v.clone());
        }
    }
    out
}

/// Same containers and variable names; same values for every variable that no Secret feeds.
fn assert_same_analysis(before: &Analysis, after: &Analysis) {
    assert!(syntax_errors(after).is_empty(), "{:?}", after.diagnostics);
    assert_eq!(before.pods.len(), after.pods.len());
    for (p, q) in before.pods.iter().zip(&after.pods) {
        assert_eq!(p.name, q.name);
        for (c, d) in p.containers.iter().zip(&q.containers) {
            let names = |c: &crate::model::ContainerEnv| {
                c.env
                    .iter()
                    .flatten()
                    .map(|v| v.name.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(c), names(d), "{}", c.name);
            for (v, w) in c.env.iter().flatten().zip(d.env.iter().flatten()) {
                let from_secret = match &v.source {
                    Source::SecretKeyRef { .. } => true,
                    Source::EnvFrom { object_kind, .. } => object_kind == "secret",
                    Source::Env { references, .. } => !references.is_empty(),
                    _ => false,
                };
                if !from_secret {
                    assert_eq!(v.value, w.value, "{}", v.name);
                }
            }
        }
    }
}

/// Redacts, then checks that no value of `secrets` is in the output and that it reads back.
fn check(text: &str, secrets: &[&str]) -> String {
    let out = redact_secrets(text).text;
    for secret in secrets {
        assert!(!out.contains(secret), "{secret:?} leaked:\n{out}");
    }
    assert!(syntax_errors(&analysis(&out)).is_empty(), "{out}");
    out
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: x\n    envFrom:\n    - secretRef: {name: s}\n";

#[test]
fn plain_secret_data_and_string_data() {
    let text = format!("{POD}---\napiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n  PASSWORD: aHVudGVyMg==\nstringData:\n  TOKEN: s3cr3t-token\n");
    let out = check(&text, &["aHVudGVyMg==", "hunter2", "s3cr3t-token"]);
    assert!(out.starts_with(POD), "{out}");
    assert!(out.contains(REDACTED_B64) && out.contains("PASSWORD") && out.contains("TOKEN"));
    let after = analysis(&out);
    assert_same_analysis(&analysis(&text), &after);
    let env = after.pods[0].containers[0].env.as_ref().unwrap();
    let token = env.iter().find(|v| v.name == "TOKEN").unwrap();
    assert_eq!(token.value.as_str(), Some(REDACTED));
    assert_eq!(redact_secrets(&text).count, 2);
}

#[test]
fn a_secret_list_with_kindless_items() {
    // (a) `kubectl get secrets -o yaml` may print items without `kind`: the reader gives
    // them the list's item kind, and so does the redaction.
    let text = "apiVersion: v1\nkind: SecretList\nitems:\n- apiVersion: v1\n  metadata: {name: s}\n  data: {PASSWORD: aHVudGVyMg==}\n  stringData: {TOKEN: s3cr3t-token}\n";
    let before = analysis(&format!("{POD}---\n{text}"));
    let out = check(text, &["aHVudGVyMg==", "hunter2", "s3cr3t-token"]);
    assert_same_analysis(&before, &analysis(&format!("{POD}---\n{out}")));
    // A plain List whose items lack kind: not read as Secrets, redacted all the same.
    let list = "apiVersion: v1\nkind: List\nitems:\n- metadata: {name: s}\n  data: {PASSWORD: aHVudGVyMg==}\n- kind: ConfigMap\n  apiVersion: v1\n  metadata: {name: c}\n  data: {A: kept-value}\n";
    let out = check(list, &["aHVudGVyMg=="]);
    assert!(out.contains("kept-value"), "{out}");
    // A bare sequence of objects is not read, but is redacted too.
    check(
        "- {kind: Secret, metadata: {name: s}, stringData: {K: s3cr3t-token}}\n",
        &["s3cr3t-token"],
    );
    // A misspelt kind is not read, but is redacted too.
    check(
        "kind: 'secret '\nstringData: {K: s3cr3t-token}\n",
        &["s3cr3t-token"],
    );
    // A ConfigMapList's kindless items are ConfigMaps: kept.
    let config_maps = "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: c}\n  data: {A: kept-value}\n";
    assert_eq!(redact_secrets(config_maps).text, config_maps);
}

#[test]
fn the_last_applied_annotation_is_redacted_inside() {
    // (b) `kubectl apply` keeps the whole applied Secret, data included, as JSON.
    let applied = r#"{"apiVersion":"v1","data":{"PASSWORD":"b2xkLXBhc3N3b3Jk"},"kind":"Secret","metadata":{"annotations":{},"name":"s","namespace":"default"},"stringData":{"TOKEN":"old-token-value"}}"#;
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    {LAST_APPLIED}: |\n      {applied}\n    team: payments\ndata:\n  PASSWORD: aHVudGVyMg==\n"
    );
    let out = check(
        &text,
        &[
            "aHVudGVyMg==",
            "hunter2",
            "b2xkLXBhc3N3b3Jk",
            "old-password",
            "old-token-value",
        ],
    );
    assert!(
        out.contains(LAST_APPLIED) && out.contains("payments"),
        "{out}"
    );
    // The annotation is still JSON, with its keys.
    let value = split_documents(&out)[0].value.clone().unwrap().unwrap();
    let annotation = value["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .unwrap();
    let inner: Json = serde_json::from_str(annotation).unwrap();
    assert_eq!(inner["data"]["PASSWORD"], REDACTED_B64);
    assert_eq!(inner["stringData"]["TOKEN"], REDACTED);
    // Not JSON: replaced whole.
    let broken = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    {LAST_APPLIED}: '{{\"data\": {{\"P\": \"b2xkLXBhc3N3b3Jk\"'\n"
    );
    check(&broken, &["b2xkLXBhc3N3b3Jk"]);
}

#[test]
fn anchors_defined_outside_data_do_not_leak() {
    // (c) The anchor sits at the top, in an annotation or in a merged mapping.
    let cases = [
        "x: &v c2VjcmV0LXZhbHVl\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {K: *v}\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations: {note: &v c2VjcmV0LXZhbHVl}\ndata: {K: *v}\n",
        "defaults: &d {K: c2VjcmV0LXZhbHVl}\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  <<: *d\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  labels: &d {K: secret-value}\nstringData:\n  <<: *d\n",
        // In a List, the anchor may sit in another item.
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {A: &v secret-value}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  stringData: {K: *v}\n",
    ];
    for text in cases {
        let out = check(text, &["c2VjcmV0LXZhbHVl", "secret-value"]);
        assert!(out.contains("\"K\""), "{out}");
    }
}

#[test]
fn an_alias_to_another_document_does_not_parse_and_is_left_out() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: &v kept}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {K: *v}\n---\nkind: Secret\nstringData:\n  K: |\n    a\n    --- not a marker: indented\n    block-scalar-secret\n";
    let out = redact_secrets(text).text;
    assert!(
        out.starts_with(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: &v kept}\n---\n# "
        ),
        "{out}"
    );
    assert!(!out.contains("block-scalar-secret"), "{out}");
    assert_eq!(split_documents(&out).len(), 3, "{out}");
}

#[test]
fn cr_only_and_mixed_line_breaks_keep_documents_in_place() {
    // (d) The parser ends lines at `\n`, `\r\n` and a lone `\r`.
    for br in ["\r", "\r\n", "\n"] {
        let config = [
            "# head",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: {name: c}",
            "data: {A: b}",
        ]
        .join(br);
        let secret = [
            "---",
            "apiVersion: v1",
            "kind: Secret",
            "metadata: {name: s}",
            "stringData:",
            "  K: s3cr3t-value",
        ]
        .join(br);
        let tail = [
            "---",
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: p}",
            "spec: {containers: [{name: a, image: x}]}",
            "",
        ]
        .join(br);
        let text = format!("{config}{br}{secret}{br}{tail}");
        let out = check(&text, &["s3cr3t-value"]);
        assert!(
            out.starts_with(&format!("{config}{br}---{br}{{")),
            "{out:?}"
        );
        assert!(out.ends_with(&tail), "{out:?}");
        assert!(!out.replace(br, "").contains('\r') || br == "\r", "{out:?}");
        let docs = split_documents(&out);
        assert_eq!(docs.len(), 3);
        assert_eq!(
            docs[1].value.as_ref().unwrap().as_ref().unwrap()["stringData"]["K"],
            REDACTED
        );
    }
    // A lone `\r` inside a `\n` file: the Secret is where the parser sees it.
    let text = "kind: ConfigMap\rmetadata: {name: c}\n---\rkind: Secret\rmetadata: {name: s}\rstringData: {K: s3cr3t-value}\n---\nkind: Pod\n";
    let out = check(text, &["s3cr3t-value"]);
    assert!(
        out.starts_with("kind: ConfigMap\rmetadata: {name: c}\n---\r{"),
        "{out:?}"
    );
    assert!(out.ends_with("}\n---\nkind: Pod\n"), "{out:?}");
}

#[test]
fn json_input_stays_json() {
    let text = "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}} {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"s\"}, \"data\": {\"K\": \"aHVudGVyMg==\"}}\n[1]";
    let out = check(text, &["aHVudGVyMg=="]);
    assert!(
        out.starts_with("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}} {"),
        "{out}"
    );
    assert!(out.ends_with("}\n[1]"), "{out}");
    let broken =
        "{\"kind\": \"Secret\", \"stringData\": {\"K\": \"hunter2\"\n{\"kind\": \"Pod\"}\n";
    let out = check(broken, &["hunter2"]);
    assert!(out.trim_start().starts_with('{'), "{out}");
}

#[test]
fn markers_directives_and_bom_are_kept_around_the_secret() {
    let text = "\u{feff}%YAML 1.1\n--- {apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {K: s3cr3t-value}}\n...\n# after\nkind: Pod\n";
    let out = check(text, &["s3cr3t-value"]);
    assert!(out.starts_with("\u{feff}---\n{"), "{out}");
    assert!(out.ends_with("}\n...\n# after\nkind: Pod\n"), "{out}");
}

#[test]
fn invalid_values_stay_invalid_and_odd_characters_are_escaped() {
    let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, labels: {l: \"x\\u2028y\\x85\"}}\ndata: {K: not-base64!, N: 1234, Z: null}\n";
    let out = check(text, &["not-base64!", "1234"]);
    let value = split_documents(&out)[0].value.clone().unwrap().unwrap();
    assert_eq!(value["data"]["K"], REDACTED_NOT_BASE64);
    assert_eq!(value["data"]["Z"], Json::Null);
    assert_eq!(value["metadata"]["labels"]["l"], "x\u{2028}y\u{85}");
}

#[test]
fn documents_without_secrets_are_kept_byte_for_byte() {
    let text = "# c\nkind: ConfigMap\ndata: {a: &x b, c: *x}\n---\n\nkind: Pod\n  bad: [\n";
    assert_eq!(
        redact_secrets(text),
        Redacted {
            text: text.into(),
            count: 0
        }
    );
}

/// Every example and fixture with Secrets: no Secret value (raw or decoded) is left, unless
/// it also appears in a document that is not a Secret's, or names something; other
/// documents are byte for byte the same, and the analysis gives the same variables.
#[test]
fn examples_and_fixtures_never_leak() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for entry in fs::read_dir(root.join("examples")).unwrap() {
        files.push(vec![entry.unwrap().path()]);
    }
    for case in fs::read_dir(root.join("tests/cases")).unwrap() {
        let case = case.unwrap().path();
        let mut inputs: Vec<_> = fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json"))
                    && name != "context.yaml"
                    && !name.starts_with("expected")
            })
            .collect();
        inputs.sort();
        files.push(inputs);
    }
    let mut checked = 0;
    for paths in files {
        let text: String = paths
            .iter()
            .map(|p| {
                let mut t = fs::read_to_string(p).unwrap();
                if !t.ends_with('\n') {
                    t.push('\n');
                }
                format!("---\n{t}")
            })
            .collect();
        let values = secret_values(&text);
        if values.is_empty() {
            continue;
        }
        checked += 1;
        let out = redact_secrets(&text).text;
        let before = split_documents(&text);
        let after = split_documents(&out);
        assert_eq!(before.len(), after.len(), "{paths:?}");
        let mut public = String::new();
        for (b, a) in before.iter().zip(&after) {
            let is_secret =
                matches!(&b.value, Ok(Some(v)) if redact_document(&b.text, v, &mut 0).is_some());
            if is_secret {
                // Names and keys stay visible on purpose.
                public.push_str(
                    &serde_json::to_string(&keys_and_names(
                        a.value.as_ref().unwrap().as_ref().unwrap(),
                    ))
                    .unwrap(),
                );
            } else {
                assert_eq!(b.text, a.text, "{paths:?}");
                public.push_str(&b.text);
            }
        }
        for value in values
            .iter()
            .filter(|v| !v.is_empty() && !public.contains(v.as_str()))
        {
            assert!(!out.contains(value.as_str()), "{paths:?}: {value:?} leaked");
        }
        assert_same_analysis(&analysis(&text), &analysis(&out));
    }
    assert!(checked >= 10, "only {checked} inputs with Secrets");
}

/// The keys of every mapping and the naming fields, which redaction keeps.
fn keys_and_names(value: &Json) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                if matches!(k.as_str(), "name" | "namespace" | "kind" | "apiVersion") {
                    if let Json::String(s) = v {
                        out.push(s.clone());
                    }
                }
                out.extend(keys_and_names(v));
            }
        }
        Json::Array(items) => items.iter().for_each(|i| out.extend(keys_and_names(i))),
        _ => {}
    }
    out
}
