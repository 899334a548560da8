//! Names and values from the input never reach a terminal or a shell file raw (issue 7,
//! defect 4).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podenv-inj-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str], stdin: &str) -> (Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podenv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

fn pod(name_yaml: &str, env_yaml: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name_yaml}\nspec:\n  containers:\n  - name: app\n    image: x\n    env:\n{env_yaml}"
    )
}

#[test]
fn pod_name_with_newline_cannot_run_a_command_when_sourced() {
    let dir = temp_dir("name");
    let marker = dir.join("pwned");
    let name = format!("\"a\\ntouch {}\\n\"", marker.display());
    let manifest = pod(&name, "    - name: A\n      value: b\n");
    let (stdout, stderr) = run(&["env", "--output", "env", "-"], &manifest);
    assert!(!stdout.contains(&0x1b));
    let file = dir.join("env.sh");
    std::fs::write(&file, &stdout).unwrap();
    for shell in ["/bin/sh", "bash"] {
        let status = Command::new(shell)
            .arg("-c")
            .arg(format!("set -a; . '{}'", file.display()))
            .status()
            .unwrap();
        let _ = status;
        assert!(!marker.exists(), "{shell} ran a command from the pod name");
    }
    // The name is rejected like the API server does, quoted Go-style on one line.
    assert!(
        stderr.contains(r#"metadata.name: Invalid value: "a\ntouch "#),
        "{stderr}"
    );
    for line in stderr.lines() {
        assert!(line.starts_with("<stdin>:"), "forged line: {line:?}");
    }
}

#[test]
fn service_name_with_newline_cannot_forge_a_diagnostic() {
    let manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"x\\nfile:1:1: error: forged\\u001b[2J\"\nspec:\n  ports:\n  - port: 80\n";
    let (_, stderr) = run(&["env", "-"], manifest);
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(!stderr.is_empty());
    for line in stderr.lines() {
        assert!(line.starts_with("<stdin>:"), "forged line: {line:?}");
    }
}

#[test]
fn control_characters_in_values_never_reach_the_table() {
    let env = "    - name: A\n      value: \"\\e[31mred\\e]8;;http://x\\a\\r\\b\\u009b\\u202e\"\n    - name: \"B\\e[2J\"\n      value: x\n";
    // The second pod is rejected for its name, but its header is still printed.
    let manifest = format!("{}---\n{}", pod("p", env), pod("\"q\\e[2J\\a\"", env));
    for args in [&["env", "-"][..], &["dns", "-"][..]] {
        let (stdout, stderr) = run(args, &manifest);
        for bad in [0x1b_u8, 0x07, 0x08, b'\r'] {
            assert!(!stdout.contains(&bad), "{args:?}: byte {bad:#x} in stdout");
            assert!(
                !stderr.as_bytes().contains(&bad),
                "{args:?}: {bad:#x} in stderr"
            );
        }
        let text = String::from_utf8(stdout).unwrap();
        assert!(!text.contains('\u{9b}') && !text.contains('\u{202e}'));
    }
}

#[test]
fn env_output_round_trips_hostile_values_through_sh_and_bash() {
    let values: &[(&str, &str)] = &[
        ("V_NL", "a\nb"),
        ("V_QUOTE", "it's"),
        ("V_SUBST", "$(id)"),
        ("V_BACKTICK", "`id`"),
        ("V_BACKSLASH", "a\\b\\"),
        ("V_ESC", "\u{1b}[31m"),
        ("V_CR", "a\rb"),
        ("V_TAB", "a\tb"),
        ("V_DASH", "-n"),
        ("V_EQ", "=x=y"),
        ("V_EMPTY", ""),
    ];
    let mut env = String::new();
    for (name, value) in values {
        env.push_str(&format!(
            "    - name: {name}\n      value: {}\n",
            serde_json::to_string(value).unwrap()
        ));
    }
    let dir = temp_dir("roundtrip");
    let manifest = format!(
        "{}    - name: V_BIN\n      valueFrom:\n        secretKeyRef:\n          name: s\n          key: raw\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  raw: /won\n",
        pod("p", &env)
    );
    let (stdout, _) = run(&["env", "--output", "env", "-"], &manifest);
    let file = dir.join("env.sh");
    std::fs::write(&file, &stdout).unwrap();
    let mut values: Vec<(&str, &[u8])> = values.iter().map(|(n, v)| (*n, v.as_bytes())).collect();
    // Non-UTF-8 bytes from a Secret: 0xff, newline, quote.
    values.push(("V_BIN", b"\xff\n'"));
    for shell in ["/bin/sh", "bash"] {
        for (name, value) in &values {
            let out = Command::new(shell)
                .arg("-c")
                .arg(format!(
                    "set -a; . '{}'; printf '%s' \"${name}\"",
                    file.display()
                ))
                .env_clear()
                .output()
                .unwrap();
            assert_eq!(
                out.stdout,
                *value,
                "{shell} {name}: {:?}",
                String::from_utf8_lossy(&stdout)
            );
        }
    }
}

#[test]
fn json_output_escapes_control_characters() {
    let manifest = pod("p", "    - name: A\n      value: \"\\e[31m\\n\\u202e\"\n");
    let (stdout, _) = run(&["env", "--output", "json", "-"], &manifest);
    assert!(!stdout.contains(&0x1b) && !stdout.contains(&b'\r'));
    let _: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
}
