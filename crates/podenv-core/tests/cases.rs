//! Fixture cases: one test per folder `tests/cases/<case>/` at the repository root.
//!
//! A case folder holds the input manifests (every `*.yaml`, `*.yml`, `*.json` file except
//! `context.yaml` and `expected.*`, read in name order), an optional `context.yaml` (the cluster
//! context), and `expected.txt`: the summary `render_summary` prints for the analysis.
//!
//! Run one case: `cargo test -p podenv-core --test cases -- <case>`.
//! Create or refresh expected files: `UPDATE_EXPECT=1 cargo test -p podenv-core --test cases`;
//! a case whose file changed then fails once, so a regeneration is never silent. Review the diff.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use libtest_mimic::{Arguments, Failed, Trial};
use podenv_core::context::ClusterContext;
use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_core::model::{Analysis, Value};
use podenv_core::SourceFile;

const EXPECTED: &str = "expected.txt";
const CONTEXT: &str = "context.yaml";

fn main() {
    let args = Arguments::from_args();
    let trials = match case_dirs() {
        Ok(dirs) => dirs
            .into_iter()
            .map(|dir| Trial::test(case_name(&dir), move || run_case(&dir)))
            .collect(),
        Err(message) => vec![Trial::test("list-cases", move || Err(message.into()))],
    };
    libtest_mimic::run(&args, trials).exit();
}

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

/// Every sub-folder of `tests/cases`, sorted; none when the folder does not exist.
fn case_dirs() -> Result<Vec<PathBuf>, String> {
    let root = cases_root();
    let entries = match fs::read_dir(&root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", root.display())),
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

fn run_case(dir: &Path) -> Result<(), Failed> {
    let (files, context_file) = read_case(dir)?;
    if files.is_empty() {
        let case = case_name(dir);
        return Err(format!("tests/cases/{case}: no input files (*.yaml, *.yml, *.json)").into());
    }
    let (context, context_diagnostics) = match &context_file {
        Some(file) => ClusterContext::parse(&file.name, &file.text),
        None => (ClusterContext::default(), Vec::new()),
    };
    let analysis = podenv_core::analyze(&files, &context);
    let mut actual = render_diagnostics(&context_diagnostics);
    actual.push_str(&render_summary(&analysis));

    let expected_path = dir.join(EXPECTED);
    // Shown as `tests/cases/<case>/expected.txt`, relative to the repository root.
    let shown = format!("tests/cases/{}/{EXPECTED}", case_name(dir));
    let expected = match fs::read_to_string(&expected_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {shown}: {e}").into()),
    };
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        if expected.as_deref() == Some(actual.as_str()) {
            return Ok(());
        }
        fs::write(&expected_path, &actual).map_err(|e| format!("cannot write {shown}: {e}"))?;
        return Err(format!(
            "{shown} was {}: review it (git diff), then rerun without UPDATE_EXPECT\n{}",
            if expected.is_some() {
                "updated"
            } else {
                "created"
            },
            diff(expected.as_deref().unwrap_or(""), &actual)
        )
        .into());
    }
    match expected {
        None => Err(format!(
            "{shown} is missing. Create it with\n  UPDATE_EXPECT=1 cargo test -p podenv-core --test cases -- {}\n\
             and check every line against the spec. Actual output:\n{actual}",
            case_name(dir)
        )
        .into()),
        Some(expected) if expected == actual => Ok(()),
        Some(expected) => Err(format!(
            "{shown} differs (- expected, + actual); UPDATE_EXPECT=1 rewrites it\n{}",
            diff(&expected, &actual)
        )
        .into()),
    }
}

/// The inputs (sorted by file name) and the optional context file of a case folder.
fn read_case(dir: &Path) -> Result<(Vec<SourceFile>, Option<SourceFile>), String> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut inputs = Vec::new();
    let mut context = None;
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let is_input = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if !is_input || name.starts_with("expected.") {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file = SourceFile { name, text };
        if file.name == CONTEXT {
            context = Some(file);
        } else {
            inputs.push(file);
        }
    }
    Ok((inputs, context))
}

/// A compact, reviewable text of an analysis:
///
/// ```text
/// pod <namespace>/<name>[ (generated)]
///   <kind>/<name>
///     NAME=value                  (env sorted by name)
///     NAME=<one of> v1 | v2       (Value::OneOf)
///     NAME=<runtime: why>         (Value::Runtime)
///     ! CreateContainerConfigError: <message>
/// diagnostic <severity> <code> <file>:<line>:<column>[ <path>]: <message>
/// ```
///
/// Values print as UTF-8 with `\n`, `\r`, `\t` and `\\` escaped, or as `base64:<b64>` when not
/// UTF-8. Diagnostics of Info severity are left out.
fn render_summary(analysis: &Analysis) -> String {
    let mut out = String::new();
    for pod in &analysis.pods {
        let generated = if pod.generated_name {
            " (generated)"
        } else {
            ""
        };
        writeln!(out, "pod {}/{}{generated}", pod.namespace, pod.name).unwrap();
        for container in &pod.containers {
            writeln!(out, "  {}/{}", container.kind.as_str(), container.name).unwrap();
            if let Some(error) = &container.error {
                let reason = container
                    .reason
                    .as_deref()
                    .unwrap_or("CreateContainerConfigError");
                writeln!(out, "    ! {reason}: {error}").unwrap();
                continue;
            }
            let mut env: Vec<_> = container.env.iter().flatten().collect();
            env.sort_by(|a, b| a.name.cmp(&b.name));
            for var in env {
                writeln!(out, "    {}={}", var.name, render_value(&var.value)).unwrap();
            }
        }
    }
    out.push_str(&render_diagnostics(&analysis.diagnostics));
    out
}

fn render_value(value: &Value) -> String {
    match value {
        Value::Known(bytes) => render_bytes(bytes),
        Value::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| render_bytes(v)).collect();
            format!("<one of> {}", values.join(" | "))
        }
        Value::Runtime(why) => format!("<runtime: {why}>"),
    }
}

fn render_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
            .replace('\t', "\\t"),
        Err(_) => format!(
            "base64:{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ),
    }
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => continue,
        };
        let loc = &d.location;
        write!(
            out,
            "diagnostic {severity} {} {}:{}:{}",
            d.code, loc.file, loc.line, loc.column
        )
        .unwrap();
        if let Some(path) = &d.path {
            write!(out, " {path}").unwrap();
        }
        writeln!(out, ": {}", d.message).unwrap();
    }
    out
}

/// A line diff (longest common subsequence): ` ` same, `-` expected only, `+` actual only.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j] = length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            writeln!(out, "  {}", a[i]).unwrap();
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            writeln!(out, "- {}", a[i]).unwrap();
            i += 1;
        } else {
            writeln!(out, "+ {}", b[j]).unwrap();
            j += 1;
        }
    }
    if !expected.is_empty() && expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the files differ in their final newline)\n");
    }
    out
}
