//! `podenv trace` (issue 8): the same walk as the core's trace, as text and JSON, with the
//! exit codes of `podenv env`.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podenv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("podenv runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

const INPUT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: 10.96.5.5, ports: [{name: pg, port: 5432}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: app\n    image: x\n    env:\n    - {name: URL, value: \"pg://$(DB_SERVICE_HOST)/$(LATER)\"}\n    - {name: LATER, value: x}\n  - name: broken\n    image: x\n    env:\n    - {name: A, valueFrom: {configMapKeyRef: {name: nope, key: k}}}\n";

#[test]
fn json_has_every_step_in_order_with_its_upstream_place() {
    let (code, out) = run(&["trace", "--output", "json", "--container", "app"], INPUT);
    assert_eq!(code, 1, "the other container fails, as with podenv env");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let containers = &json["pods"][0]["containers"];
    assert_eq!(
        containers.as_array().map(Vec::len),
        Some(1),
        "--container filters"
    );
    let steps = containers[0]["steps"].as_array().expect("steps");
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(
        ids,
        podenv_core::trace::STEP_IDS.to_vec(),
        "every step, in the schema's order"
    );
    for step in steps {
        let up = &step["upstream"];
        assert!(up["file"].as_str().is_some_and(|f| !f.is_empty()));
        assert!(up["function"].as_str().is_some_and(|f| !f.is_empty()));
        let git_ref = up["ref"].as_str().unwrap_or_default();
        assert!(
            git_ref == "v1.35.0" || podenv_core::rules::is_commit(git_ref),
            "pinned: {git_ref}"
        );
        let lines = up["lines"].as_array().expect("a line range");
        assert!(lines[0].as_u64() <= lines[1].as_u64());
        let url = up["url"].as_str().unwrap_or_default();
        assert!(url.contains(git_ref) && url.contains("#L"), "{url}");
    }
    let env = steps.iter().find(|s| s["id"] == "env").expect("env step");
    let refs = &env["entries"][0]["references"];
    assert_eq!(refs[0]["name"], "DB_SERVICE_HOST");
    assert_eq!(refs[0]["value"], "10.96.5.5");
    assert_eq!(refs[0]["definedBy"]["object"], "default/db");
    assert_eq!(refs[1]["resolvedFrom"], "unresolved");
    let cri = &steps[0];
    let url = cri["envs"]
        .as_array()
        .and_then(|e| e.iter().find(|v| v["name"] == "URL"))
        .expect("URL in the final list");
    assert_eq!(url["value"], "pg://10.96.5.5/$(LATER)");
}

#[test]
fn text_names_the_failing_entry_and_its_place() {
    let (code, out) = run(&["trace", "--container", "broken"], INPUT);
    assert_eq!(code, 1);
    assert!(
        out.contains("CreateContainerConfigError: configmap \"nope\" not found in step env at spec.containers[1].env[0].valueFrom.configMapKeyRef (<stdin>:"),
        "{out}"
    );
    assert!(
        out.contains("[env] env entries, in order\n      makeEnvironmentVariables"),
        "each step is titled from the catalogue: {out}"
    );
    assert!(
        !out.contains("[commandArgs]"),
        "a failed container never reaches commandArgs"
    );
}

#[test]
fn input_errors_exit_2() {
    let (code, _) = run(&["trace"], "kind: [");
    assert_eq!(code, 2);
}
