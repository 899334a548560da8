//! The CLI goes through the core's one front door (`podenv_core::run`), as the wasm adapter
//! and the fixture harness do: the same input gives the same answer, context diagnostics
//! included (issue 9: the CLI's JSON used to leave them out).

use std::process::Command;

const MANIFEST: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: app\n    image: x\n    env:\n    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n";
const CONTEXT: &str = "podIPs: [not-an-ip]\n";

#[test]
fn the_json_carries_the_context_diagnostics_as_the_wasm_adapter_does() {
    let dir = std::env::temp_dir().join(format!("podenv-front-door-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let manifest = dir.join("pod.yaml");
    let context = dir.join("context.yaml");
    std::fs::write(&manifest, MANIFEST).expect("write manifest");
    std::fs::write(&context, CONTEXT).expect("write context");
    let out = Command::new(env!("CARGO_BIN_EXE_podenv"))
        .args(["env", "--output", "json", "--context"])
        .arg(&context)
        .arg(&manifest)
        .output()
        .expect("podenv runs");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a context error is an input error"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"not-an-ip\" is not an IP address"),
        "{stderr}"
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let first = &cli["diagnostics"][0];
    assert_eq!(first["code"], "context-invalid-value", "{cli}");
    assert!(first["location"]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("context.yaml")));

    // The wasm adapter's answer for the same input has the same diagnostic, first.
    let wasm = podenv_wasm::run(&podenv_wasm::Input {
        manifests: MANIFEST,
        context: CONTEXT,
        ..Default::default()
    });
    assert_eq!(wasm.diagnostics[0].code, "context-invalid-value");
    assert_eq!(
        wasm.diagnostics[0].message,
        first["message"].as_str().unwrap_or_default()
    );
    // And the same environment.
    let env = |json: &serde_json::Value| json["pods"][0]["containers"][0]["env"].to_string();
    let wasm_json: serde_json::Value =
        serde_json::from_str(&podenv_wasm::to_json(&wasm)).expect("wasm JSON");
    assert_eq!(env(&cli), env(&wasm_json));
}
