//! A container's environment as a file a POSIX shell can source (`set -a; . ./app.env`), and
//! as `docker run -e` arguments: the one quoting implementation every front end uses (the
//! CLI's `--output env`, the explorer's `.env` and `docker run` exports).
//!
//! Values are shell words from [`crate::text::shell_word`]: single-quoted, with any control
//! byte spliced in as `"$(printf '\ooo')"`, so sourcing runs nothing and gives the exact bytes
//! back. What a shell cannot assign (a name that is not a shell name, a NUL byte, a value
//! only known at runtime or decided by Go map order, a value over Linux's per-string limit or
//! one podenv did not keep whole) is written as a comment with every control character
//! escaped, so no input can end the comment early.

use std::fmt::Write as _;

use crate::model::{ContainerEnv, EnvVar, Value};
use crate::text::{escape_controls, shell_word};

/// True for a name a POSIX shell can assign: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_shell_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Printable form of a value in a comment: UTF-8 with control characters escaped; other
/// bytes as base64.
pub fn show_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => escape_controls(&text.escape_debug().to_string()).into_owned(),
        Err(_) => format!(
            "base64:{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
        ),
    }
}

/// One `# ...` line; the text cannot end the comment (newlines and controls escaped).
pub fn comment(out: &mut String, text: &str) {
    let _ = writeln!(out, "# {}", escape_controls(text));
}

/// Why a variable cannot be written as an assignment, or `None` with its shell word.
fn word_or_reason(c: &ContainerEnv, v: &EnvVar) -> Result<String, String> {
    // A string over the kernel's limit is not written: a cut value is not the kubelet's,
    // and a full one would make every later exec of the shell that sources it fail (E2BIG).
    if let Some(w) = c
        .exec_warnings
        .iter()
        .find(|w| w.code == "env-string-too-long" && w.subject == v.name)
    {
        return Err(format!("{} not written: {}", v.name, w.message));
    }
    if let Some(cut) = &v.truncation {
        return Err(format!(
            "{} not written: podenv kept only the first bytes of its {} (limits in the README)",
            v.name, cut.full_length
        ));
    }
    match &v.value {
        Value::Known(bytes) if is_shell_name(&v.name) => shell_word(bytes).ok_or_else(|| {
            format!(
                "{} holds a NUL byte, which no environment can carry: {}",
                v.name,
                show_bytes(bytes)
            )
        }),
        Value::Known(bytes) => Err(format!(
            "{} is not a shell variable name; it is set to {}",
            v.name,
            show_bytes(bytes)
        )),
        Value::OneOf(values) => Err(format!(
            "{} is nondeterministic (Go map order); one of: {}",
            v.name,
            values
                .iter()
                .map(|v| show_bytes(v))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        Value::Runtime(why) => Err(format!("{}: {why}", v.name)),
    }
}

/// Appends one container's block: the `header` comment, the kubelet's error if any, then a
/// `NAME=word` line (or a comment saying why not) per variable.
pub fn env_file_block(out: &mut String, header: &str, c: &ContainerEnv) {
    comment(out, header);
    if let Some(error) = &c.error {
        comment(
            out,
            &format!("does not start: CreateContainerConfigError: {error}"),
        );
    }
    for v in c.env.iter().flatten() {
        match word_or_reason(c, v) {
            Ok(word) => {
                let _ = writeln!(out, "{}={word}", v.name);
            }
            Err(reason) => comment(out, &reason),
        }
    }
}

/// `docker run --rm -e 'NAME=value' ... IMAGE`, each argument a shell word. Docker takes any
/// name; a value that is not one whole byte string (cut, nondeterministic, runtime-only) or
/// holds a NUL is listed in a comment above the command instead.
pub fn docker_run(c: &ContainerEnv) -> String {
    let mut notes = String::new();
    let mut command = String::from("docker run --rm");
    for v in c.env.iter().flatten() {
        let arg = match (&v.value, &v.truncation) {
            (Value::Known(bytes), None) => {
                let mut arg = v.name.as_bytes().to_vec();
                arg.push(b'=');
                arg.extend_from_slice(bytes);
                shell_word(&arg).ok_or_else(|| format!("{} holds a NUL byte: not passed", v.name))
            }
            (_, Some(cut)) => Err(format!(
                "{} not passed: podenv kept only the first bytes of its {}",
                v.name, cut.full_length
            )),
            _ => Err(word_or_reason(c, v).err().unwrap_or_default()),
        };
        match arg {
            Ok(word) => {
                let _ = write!(command, " \\\n  -e {word}");
            }
            Err(reason) => comment(&mut notes, &reason),
        }
    }
    command.push_str(" \\\n  IMAGE\n");
    notes + &command
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, ClusterContext, SourceFile};

    fn container(env_yaml: &str) -> ContainerEnv {
        let yaml = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: app\n    image: x\n    env:\n{env_yaml}");
        let a = analyze(
            &[SourceFile::new("t.yaml", yaml)],
            &ClusterContext::default(),
        );
        a.pods[0].containers[0].clone()
    }

    fn sourced(file: &str, names: &[&str]) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!("podenv-envfile-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("app.env");
        std::fs::write(&path, file).expect("write");
        let script = format!(
            "set -a; . '{}'; {}",
            path.display(),
            names
                .iter()
                .map(|n| format!("printf '%s\\0' \"${n}\""))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(&dir)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|s| !s.is_empty() || names.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn hostile_values_source_to_their_exact_bytes_and_run_nothing() {
        // Issue 9 defect 1: `id` in backquotes and $HOME inside double quotes ran when sourced.
        let c = container(
            "    - {name: TICKS, value: \"`touch pwned`\"}\n    - {name: DOLLAR, value: \"$HOME $(touch pwned2)\"}\n    - {name: QUOTE, value: \"it's \\\"x\\\"\"}\n    - {name: NL, value: \"a\\nb\\u001b[31m\"}\n",
        );
        let mut file = String::new();
        env_file_block(&mut file, "pod default/p container app", &c);
        let got = sourced(&file, &["DOLLAR", "NL", "QUOTE", "TICKS"]);
        assert_eq!(
            got,
            [
                "$HOME $(touch pwned2)",
                "a\nb\u{1b}[31m",
                "it's \"x\"",
                "`touch pwned`"
            ]
        );
        let dir = std::env::temp_dir().join(format!("podenv-envfile-{}", std::process::id()));
        assert!(!dir.join("pwned").exists() && !dir.join("pwned2").exists());
        assert!(!file.bytes().any(|b| b == 0x1b), "no raw ESC in the file");
    }

    #[test]
    fn names_a_shell_cannot_assign_are_comments() {
        let c = container("    - {name: app.conf, value: \"x\\ny\"}\n");
        let mut file = String::new();
        env_file_block(&mut file, "h", &c);
        assert!(file.starts_with("# h\n"), "{file}");
        assert!(
            file.contains("\n# app.conf is not a shell variable name; it is set to x\\ny\n"),
            "{file}"
        );
    }

    #[test]
    fn recognises_shell_names() {
        assert!(is_shell_name("REDIS_PORT"));
        assert!(is_shell_name("_x1"));
        assert!(!is_shell_name("1_REPLACE_ME"));
        assert!(!is_shell_name("app.conf"));
        assert!(!is_shell_name(""));
    }

    #[test]
    fn docker_run_arguments_are_shell_words() {
        let c = container("    - {name: A, value: \"it's $X\"}\n");
        let plain = docker_run(&c);
        assert!(
            plain.starts_with("docker run --rm \\\n  -e 'A=it'\\''s $X' \\\n"),
            "{plain}"
        );
        assert!(plain.ends_with(" \\\n  IMAGE\n"), "{plain}");
    }
}
