//! Fuzz targets of podenv and the invariants they assert, shared by two drivers:
//!
//! - libFuzzer (coverage-guided): `fuzz/fuzz_targets/<target>.rs`, run by `cargo xtask fuzz`
//!   through cargo-fuzz with `RUSTC_BOOTSTRAP=1` on the stable toolchain;
//! - the seeded mutation harness ([`mutate`], the `podenv-fuzz` binary): coverage-less,
//!   deterministic for a seed, stable Rust only; its seeds are `examples/`, `tests/cases/*`
//!   and `tests/bad/*`.
//!
//! Every target takes raw bytes and panics when an invariant breaks:
//! - no panic inside podenv-core;
//! - every diagnostic has line >= 1, column >= 1, document >= 1 and a non-empty message;
//! - the analysis and the DNS report serialise to JSON that parses back;
//! - `expand` agrees with [`reference_expand`], an obviously-correct slow model of X1/X2/X6;
//! - (hook) a share link never carries a Secret value: [`redaction_hook`].
//!
//! A crash input found by either driver is kept in `fuzz/regressions/<target>/` and replayed
//! by `cargo test -p podenv-fuzz` (`tests/regressions.rs`).

pub mod mutate;

use std::collections::HashMap;

use podenv_core::diagnostic::Diagnostic;
use podenv_core::{analyze, ClusterContext, SourceFile};

/// A fuzz target: panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// The targets, by name: `manifest`, `expand`, `context`, `analysis`.
pub const TARGETS: &[(&str, Target)] = &[
    ("manifest", manifest),
    ("expand", expand),
    ("context", context),
    ("analysis", analysis),
];

/// Looks a target up by name.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Inputs larger than this are cut: the targets look for logic bugs, not for the size bounds
/// the bad-input corpus (`tests/bad/`) measures.
pub const MAX_INPUT: usize = 64 * 1024;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

fn check_diagnostics(what: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(
            d.location.line >= 1,
            "{what}: diagnostic with line 0: {d:?}"
        );
        assert!(
            d.location.column >= 1,
            "{what}: diagnostic with column 0: {d:?}"
        );
        assert!(
            !d.message.trim().is_empty(),
            "{what}: diagnostic without a message: {d:?}"
        );
        assert!(
            !d.code.is_empty(),
            "{what}: diagnostic without a code: {d:?}"
        );
    }
}

/// (1) Manifest reading: any text through `analyze` with the default context.
pub fn manifest(data: &[u8]) {
    let files = [SourceFile::new("fuzz.yaml", text(data))];
    let analysis = analyze(&files, &ClusterContext::default());
    check_diagnostics("manifest", &analysis.diagnostics);
}

/// (2) `$(VAR)` expansion against [`reference_expand`]. The first line of the input declares
/// the variables (`NAME=VALUE` separated by `;`), the rest is the text expanded.
pub fn expand(data: &[u8]) {
    let text = text(data);
    let (decl, input) = text.split_once('\n').unwrap_or(("", text.as_str()));
    let mut vars: HashMap<String, Vec<u8>> = HashMap::new();
    for part in decl.split(';') {
        if let Some((name, value)) = part.split_once('=') {
            vars.entry(name.to_string())
                .or_insert_with(|| value.as_bytes().to_vec());
        }
    }
    let actual =
        podenv_core::expand::expand(input, usize::MAX, |name| vars.get(name).map(Vec::as_slice));
    let expected = reference_expand(input, &vars);
    assert_eq!(
        actual.output, expected.0,
        "expand disagrees with the reference model for {input:?} with {vars:?}"
    );
    assert!(!actual.truncated);
    assert_eq!(actual.full_length, expected.0.len() as u64);
    // With a small cap: the first bytes of the same output, the exact full length, and
    // `truncated` exactly when something was left out (issue 7, bounded expansion).
    let cap = input.len() % 17;
    let capped = podenv_core::expand::expand(input, cap, |name| vars.get(name).map(Vec::as_slice));
    let keep = expected.0.len().min(cap);
    assert_eq!(
        capped.output,
        expected.0[..keep],
        "capped output for {input:?}"
    );
    assert_eq!(capped.full_length, expected.0.len() as u64);
    assert_eq!(
        capped.truncated,
        expected.0.len() > cap,
        "truncated flag for {input:?}"
    );
    let names: Vec<(&str, bool)> = actual
        .references
        .iter()
        .map(|r| (r.name.as_str(), r.resolved))
        .collect();
    let expected_names: Vec<(&str, bool)> =
        expected.1.iter().map(|(n, r)| (n.as_str(), *r)).collect();
    assert_eq!(
        names, expected_names,
        "expand reports other references than the model for {input:?}"
    );
}

/// The rules X1, X2, X6 of the spec, written for clarity, not speed: walk the characters;
/// `$$` is one `$`; `$(name)` up to the first `)` is the variable's value, or kept literally
/// when unknown; `$(` with no `)` after it is kept and the walk goes on after the `(`; `$` and
/// any other character are both kept; a final `$` is kept. Values are never rescanned.
/// Returns the output and every reference met with whether it resolved.
pub fn reference_expand(
    input: &str,
    vars: &HashMap<String, Vec<u8>>,
) -> (Vec<u8>, Vec<(String, bool)>) {
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut refs = Vec::new();
    let flush = |out: &mut String, bytes: &mut Vec<u8>| {
        bytes.extend_from_slice(out.as_bytes());
        out.clear();
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' || i + 1 == chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        if next == '$' {
            out.push('$');
            i += 2;
        } else if next == '(' {
            let close = chars[i + 2..].iter().position(|&c| c == ')');
            match close {
                Some(len) => {
                    let name: String = chars[i + 2..i + 2 + len].iter().collect();
                    match vars.get(&name) {
                        Some(value) => {
                            flush(&mut out, &mut bytes);
                            bytes.extend_from_slice(value);
                            refs.push((name, true));
                        }
                        None => {
                            out.push_str("$(");
                            out.push_str(&name);
                            out.push(')');
                            refs.push((name, false));
                        }
                    }
                    i += 2 + len + 1;
                }
                None => {
                    out.push_str("$(");
                    i += 2;
                }
            }
        } else {
            out.push('$');
            out.push(next);
            i += 2;
        }
    }
    flush(&mut out, &mut bytes);
    (bytes, refs)
}

/// A small pod that reads most context facts, analysed under a fuzzed context.
const CONTEXT_PROBE: &str = "\
apiVersion: v1
kind: Service
metadata: {name: redis}
spec: {ports: [{port: 6379}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    env:
    - {name: A, value: $(REDIS_SERVICE_HOST)}
    - name: IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: HOST
      valueFrom: {fieldRef: {fieldPath: status.hostIPs}}
    - name: NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: CPU
      valueFrom: {resourceFieldRef: {resource: limits.cpu}}
";

/// (3) Context parsing: `ClusterContext::parse` of any text, then an analysis under it.
pub fn context(data: &[u8]) {
    let (context, diagnostics) = ClusterContext::parse("context.yaml", &text(data));
    check_diagnostics("context", &diagnostics);
    let analysis = analyze(&[SourceFile::new("probe.yaml", CONTEXT_PROBE)], &context);
    check_diagnostics("context probe", &analysis.diagnostics);
    check_json("context probe", &analysis);
}

fn check_json<T: serde::Serialize>(what: &str, value: &T) {
    let json = serde_json::to_string(value)
        .unwrap_or_else(|e| panic!("{what}: the result does not serialise: {e}"));
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("{what}: the JSON output does not parse back: {e}");
    }
}

/// (4) The whole analysis and its renderings: the first byte picks the context (default, or
/// one of a few variants), the rest is the manifests. Checks the diagnostics, the JSON of the
/// analysis and of the DNS report (with a resolver walk), and the redaction hook.
pub fn analysis(data: &[u8]) {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let context_text = match selector % 4 {
        0 => "",
        1 => "namespace: other\nserviceCIDR: [10.96.0.0/28, 'fd00::/120']\npodIPs: [10.244.0.5, 'fd00::5']\n",
        2 => "serviceLister: none\nkubernetesVersion: '1.29'\nenableServiceLinks: false\n",
        _ => "clusterDomain: example.org\nhostIPs: []\nassumeKubernetesService: false\n",
    };
    let (context, context_diagnostics) = ClusterContext::parse("context.yaml", context_text);
    assert!(
        context_diagnostics.is_empty(),
        "fixed context: {context_diagnostics:?}"
    );
    let text = text(rest);
    let analysis = analyze(&[SourceFile::new("fuzz.yaml", text.as_str())], &context);
    check_diagnostics("analysis", &analysis.diagnostics);
    check_json("analysis", &analysis);
    let names = [
        "kubernetes.default".to_string(),
        "redis".to_string(),
        "x.".to_string(),
    ];
    let report = podenv_core::dns::report(&analysis, &names);
    check_json("dns report", &report);
    redaction_hook(&text, &context);
}

/// Share-link redaction (issue 7): the text a share link carries,
/// `podenv_core::redact::redact_secrets(text)`, analysed again with the same context, gives
/// every variable that a Secret feeds (`secretKeyRef`, `envFrom` of a Secret) the redaction
/// marker and nothing else: no Secret value survives redaction in a form the analysis reads.
pub fn redaction_hook(text: &str, context: &ClusterContext) {
    use podenv_core::model::{Source, Value};
    let redacted = podenv_core::redact::redact_secrets(text);
    let again = analyze(
        &[SourceFile::new("fuzz.yaml", redacted.text.as_str())],
        context,
    );
    for pod in &again.pods {
        for container in &pod.containers {
            for var in container.env.iter().flatten() {
                let from_secret = match &var.source {
                    Source::SecretKeyRef { .. } => true,
                    Source::EnvFrom { object_kind, .. } => object_kind == "secret",
                    _ => false,
                };
                if let (true, Value::Known(bytes)) = (from_secret, &var.value) {
                    assert!(
                        bytes.as_slice() == podenv_core::redact::REDACTED.as_bytes(),
                        "redacted text still feeds {} from a Secret: {:?}\n--- redacted text ---\n{}",
                        var.name,
                        String::from_utf8_lossy(bytes),
                        redacted.text
                    );
                }
            }
        }
    }
}
