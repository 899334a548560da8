//! Bad input never panics: every prefix of every example, and assorted hostile texts,
//! go through `analyze` and come back as data.

use podenv_core::{analyze, ClusterContext, SourceFile};

fn examples() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn every_prefix_of_every_example_is_handled() {
    let context = ClusterContext::default();
    let examples = examples();
    assert!(!examples.is_empty(), "examples/ should hold manifests");
    for (name, text) in examples {
        // Step through char boundaries; small files are cut everywhere.
        let step = (text.len() / 400).max(1);
        let mut cut = 0;
        while cut <= text.len() {
            if text.is_char_boundary(cut) {
                let file = SourceFile::new(name.clone(), &text[..cut]);
                let analysis = analyze(&[file], &context);
                for d in &analysis.diagnostics {
                    assert!(
                        d.location.line >= 1,
                        "{name}@{cut}: diagnostic without a line: {d:?}"
                    );
                    assert!(!d.message.is_empty());
                }
            }
            cut += step;
        }
    }
}

#[test]
fn hostile_texts_are_reported_not_panicked_on() {
    let nested = "[".repeat(100_000);
    let texts = [
        "",
        "---\n---\n...\n",
        "kind: Pod\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a, env: [{name: A, value: 8080}]}]}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: 10.0.0.1, ports: [{port: 99999}]}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, env: [{name: A, value: '$($($($(', valueFrom: {fieldRef: {fieldPath: status.podIPs[0]}}}]}]}\n",
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[1,2,{\"kind\":\"List\",\"items\":[]}]}",
        "a: &a [*a]\n",
        "\u{feff}%YAML 1.2\n---\nkind: [\n",
        &nested,
    ];
    let context = ClusterContext::default();
    for text in texts {
        let analysis = analyze(&[SourceFile::new("hostile.yaml", text)], &context);
        for d in &analysis.diagnostics {
            assert!(d.location.line >= 1, "diagnostic without a line: {d:?}");
        }
    }
}

#[test]
fn one_broken_document_does_not_stop_the_others() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: redis}\nspec: {clusterIP: 10.96.4.2, ports: [{port: 6379}]}\n---\nkind: [oops\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec: {containers: [{name: app}]}\n";
    let analysis = analyze(
        &[SourceFile::new("m.yaml", text)],
        &ClusterContext::default(),
    );
    let error = analysis
        .diagnostics
        .iter()
        .find(|d| d.code == "yaml-syntax")
        .expect("the broken document is reported");
    assert_eq!(error.location.document, 2);
    assert!(error.location.line >= 6, "{error:?}");
    let pod = analysis
        .pods
        .first()
        .expect("the pod after the broken document is read");
    let env = pod.containers[0]
        .env
        .as_ref()
        .expect("the container starts");
    assert!(env
        .iter()
        .any(|v| v.name == "REDIS_SERVICE_HOST" && v.value.as_str() == Some("10.96.4.2")));
}

/// Redaction never panics either, and no cut of an example leaves a Secret value (or the
/// start of one) in the text, however the document around it breaks.
#[test]
fn every_prefix_of_every_example_is_redacted() {
    let secrets = ["s3cr3t", "correct-horse-battery-staple"];
    for (name, text) in examples() {
        // Every third cut: each value is cut at several places.
        for cut in (0..=text.len())
            .step_by(3)
            .filter(|&cut| text.is_char_boundary(cut))
        {
            let prefix = &text[..cut];
            let out = podenv_core::redact::redact_secrets(prefix).text;
            for secret in secrets {
                assert!(
                    !out.contains(&secret[..5]),
                    "{name}@{cut}: {secret} leaked:\n{out}"
                );
            }
        }
    }
    for text in [
        "\u{feff}",
        "\r",
        "---\r...\r",
        "- *a",
        "&a [*a]",
        "{\"kind\": \"Secret\"",
        "kind: Secret\ndata: {K: [\n",
    ] {
        podenv_core::redact::redact_secrets(text);
    }
}
