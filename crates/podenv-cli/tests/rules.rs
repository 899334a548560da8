//! `podenv rules` against the real binary: exit codes and the shape of both outputs.

use std::process::Command;

fn podenv(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podenv"))
        .args(args)
        .output()
        .expect("run podenv");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_the_asked_rules_with_their_links() {
    let (code, stdout, stderr) = podenv(&["rules", "s3", "F3a"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("S3  "), "{stdout}");
    assert!(stdout.contains("\nF3a  "), "{stdout}");
    assert!(stdout.contains("envvars.go#L42-L57"), "{stdout}");
}

#[test]
fn json_lists_every_rule_in_chinese() {
    let (code, stdout, stderr) = podenv(&["rules", "--lang", "zh", "--output", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let rules = value.as_array().expect("array");
    assert_eq!(rules.len(), podenv_core::rules::all().len());
    assert!(rules.iter().all(|r| r["lang"] == "zh"));
}

#[test]
fn an_unknown_id_is_an_input_error_and_is_escaped() {
    let (code, stdout, stderr) = podenv(&["rules", "S1", "no\u{1b}pe"]);
    assert_eq!(code, 2);
    assert!(stdout.starts_with("S1  "), "{stdout}");
    assert!(stderr.contains("unknown rule id"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
