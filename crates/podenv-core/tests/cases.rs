//! Fixture cases: one test per folder `tests/cases/<case>/` at the repository root, run
//! natively through `podenv_core::run`. What a case folder holds and how its `expected.txt`
//! is rendered: `podenv-fixtures` (`crates/podenv-fixtures`), shared with the npm package's
//! harness, which runs the same cases through the JavaScript API.
//!
//! Run one case: `cargo test -p podenv-core --test cases -- <case>`.
//! Create or refresh expected files: `UPDATE_EXPECT=1 cargo test -p podenv-core --test cases`;
//! a case whose file changed then fails once, so a regeneration is never silent. Review the diff.
//!
//! Beyond the expected text, every case checks that the trace is the same computation as the
//! environment (`check_trace_agrees`).

use std::fs;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use podenv_core::model::Analysis;
use podenv_core::SourceFile;
use podenv_fixtures::{Case, EXPECTED};

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

/// The trace is the same computation as the environment: analysing with the trace gives
/// the same JSON once the steps are removed, every traced container has its steps in the
/// schema's order, and the final list of the `cri` step is the container's `env`.
fn check_trace_agrees(
    files: &[SourceFile],
    context: Option<&SourceFile>,
    plain: &Analysis,
) -> Result<Analysis, Failed> {
    use podenv_core::trace::{Step, STEP_IDS};
    let traced = podenv_core::run(&podenv_core::Request {
        files,
        context,
        enable_service_links: None,
        options: podenv_core::AnalyzeOptions { trace: true },
    });
    let mut stripped = traced.clone();
    for pod in &mut stripped.pods {
        for c in &mut pod.containers {
            if c.steps.take().is_none() {
                return Err(format!("{}/{}: no trace recorded", pod.name, c.name).into());
            }
        }
    }
    let a = serde_json::to_string(plain).map_err(|e| e.to_string())?;
    let b = serde_json::to_string(&stripped).map_err(|e| e.to_string())?;
    if a != b {
        return Err("the analysis with the trace differs from the one without".into());
    }
    for pod in &traced.pods {
        for c in &pod.containers {
            let steps = c.steps.as_deref().unwrap_or_default();
            let ids: Vec<&str> = steps.iter().map(Step::id).collect();
            let mut order = STEP_IDS.iter();
            if !ids.iter().all(|id| order.any(|s| s == id)) {
                return Err(format!("{}/{}: steps out of order: {ids:?}", pod.name, c.name).into());
            }
            for step in steps {
                if let Step::GetServiceEnvVarMap(map) = step {
                    if let Some(d) = map
                        .services
                        .iter()
                        .find(|d| podenv_core::rules::reason(&d.reason).is_none())
                    {
                        return Err(format!("reason {:?} has no words", d.reason).into());
                    }
                }
            }
            let Some(Step::Cri(cri)) = steps.first() else {
                return Err(
                    format!("{}/{}: the trace does not start with cri", pod.name, c.name).into(),
                );
            };
            let env = c.env.as_deref().unwrap_or_default();
            let same = cri.envs.len() == env.len()
                && cri.envs.iter().zip(env).all(|(f, v)| {
                    f.name == v.name && f.value == v.value && f.truncation == v.truncation
                });
            let sandbox_fails = pod.dns.as_ref().is_some_and(|d| d.sandbox_error.is_some());
            if !same || cri.created != (c.error.is_none() && !sandbox_fails) {
                return Err(format!(
                    "{}/{}: the cri step's list is not the container's env",
                    pod.name, c.name
                )
                .into());
            }
            if c.error.is_none() && ids.len() != STEP_IDS.len() {
                return Err(format!(
                    "{}/{}: a container that starts has every step: {ids:?}",
                    pod.name, c.name
                )
                .into());
            }
        }
    }
    Ok(traced)
}

fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

fn run_case(dir: &Path) -> Result<(), Failed> {
    let case = read_case(dir)?;
    // The front door every front end uses; the context's diagnostics come first.
    let analysis = podenv_core::run(&podenv_core::Request {
        files: &case.files,
        context: case.context.as_ref(),
        ..Default::default()
    });
    let traced = check_trace_agrees(&case.files, case.context.as_ref(), &analysis)?;
    let dns = case
        .options
        .dns
        .then(|| podenv_core::dns::report(&analysis, &case.resolve));
    let trace = case
        .options
        .trace
        .then(|| podenv_core::trace::report(traced, None));
    let actual = podenv_fixtures::render(&analysis, dns.as_ref(), trace.as_ref());

    let expected_path = dir.join(EXPECTED);
    // Shown as `tests/cases/<case>/expected.txt`, relative to the repository root.
    let shown = format!("tests/cases/{}/{EXPECTED}", case.name);
    let expected = case.expected;
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
            podenv_fixtures::diff(expected.as_deref().unwrap_or(""), &actual)
        )
        .into());
    }
    match expected {
        None => Err(format!(
            "{shown} is missing. Create it with\n  UPDATE_EXPECT=1 cargo test -p podenv-core --test cases -- {}\n\
             and check every line against the spec. Actual output:\n{actual}",
            case.name
        )
        .into()),
        Some(expected) if expected == actual => Ok(()),
        Some(expected) => Err(format!(
            "{shown} differs (- expected, + actual); UPDATE_EXPECT=1 rewrites it\n{}",
            podenv_fixtures::diff(&expected, &actual)
        )
        .into()),
    }
}

/// Reads a case folder's files (skipping the notes, `*.md`) into a [`Case`].
fn read_case(dir: &Path) -> Result<Case, String> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !path.is_file() || name.ends_with(".md") {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        entries.push((name, text));
    }
    let entries: Vec<(&str, &str)> = entries
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Case::from_files(&case_name(dir), &entries)
}
