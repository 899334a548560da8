//! The model's JSON reads back into the same values: for every fixture case under
//! `tests/cases/`, the analysis with its trace (and, for `dns-` cases, the DNS report with the walks of
//! `resolve.txt`) serialised, deserialised and serialised again gives the same JSON. The
//! explorer relies on it: its Web Worker sends the analysis to the page as this JSON.

use std::fs;
use std::path::{Path, PathBuf};

use podenv_core::context::ClusterContext;
use podenv_core::model::{Analysis, DnsReport};
use podenv_core::SourceFile;

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/cases exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The inputs (by name) and the optional context of a case, as `cases.rs` reads them.
fn read_case(dir: &Path) -> (Vec<SourceFile>, Option<SourceFile>) {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("readable case")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let mut inputs = Vec::new();
    let mut context = None;
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let is_input = [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
        if !is_input || name.starts_with("expected.") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("UTF-8 case file");
        let file = SourceFile { name, text };
        if file.name == "context.yaml" {
            context = Some(file);
        } else {
            inputs.push(file);
        }
    }
    (inputs, context)
}

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> Result<(), String> {
    let first = serde_json::to_string(value).map_err(|e| e.to_string())?;
    let back: T = serde_json::from_str(&first).map_err(|e| format!("deserialize: {e}"))?;
    let second = serde_json::to_string(&back).map_err(|e| e.to_string())?;
    if first == second {
        Ok(())
    } else {
        let at = first
            .bytes()
            .zip(second.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(first.len().min(second.len()));
        let from = at.saturating_sub(80);
        Err(format!(
            "differs at byte {at}:\n  first:  {}\n  second: {}",
            &first[from..(at + 80).min(first.len())],
            &second[from..(at + 80).min(second.len())]
        ))
    }
}

#[test]
fn every_case_round_trips_through_json() {
    let dirs = case_dirs();
    assert!(!dirs.is_empty(), "no fixture case found");
    let mut failures = Vec::new();
    for dir in &dirs {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (files, context_file) = read_case(dir);
        let context = match &context_file {
            Some(file) => ClusterContext::parse(&file.name, &file.text).0,
            None => ClusterContext::default(),
        };
        // With the trace, so that the steps round-trip too (the walk-through page reads
        // them from the worker); the analysis without it is the same minus the steps.
        let analysis: Analysis = podenv_core::analyze_with(
            &files,
            &context,
            podenv_core::AnalyzeOptions { trace: true },
        );
        if let Some(pod) = analysis.pods.first() {
            assert!(
                pod.containers.iter().all(|c| c.steps.is_some()),
                "{case}: traced analysis without steps"
            );
        }
        if let Err(e) = round_trip(&analysis) {
            failures.push(format!("{case} (analysis): {e}"));
        }
        let names: Vec<String> = fs::read_to_string(dir.join("resolve.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let report: DnsReport = podenv_core::dns::report(&analysis, &names);
        if let Err(e) = round_trip(&report) {
            failures.push(format!("{case} (dns report): {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases do not round-trip:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

#[test]
fn values_read_back_in_every_form() {
    use podenv_core::model::Value;
    for value in [
        Value::text("plain"),
        Value::Known(vec![0xff, 0x00, 0x41]),
        Value::OneOf(vec![b"a".to_vec(), vec![0xfe]]),
        Value::Runtime("the file is read when the container starts".into()),
    ] {
        let json = serde_json::to_string(&value).unwrap();
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value, "{json}");
    }
    assert!(serde_json::from_str::<Value>("{}").is_err());
    assert!(serde_json::from_str::<Value>(r#"{"valueBase64":"%%"}"#).is_err());
}
