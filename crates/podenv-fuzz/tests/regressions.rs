//! Replays every saved crash input (`fuzz/regressions/<target>/*`) through its target, then a
//! short deterministic mutation run per target (seed 7), so a normal `cargo test` keeps both.

use std::time::Duration;

use podenv_fuzz::mutate;

#[test]
fn saved_crash_inputs_stay_fixed() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, target) in podenv_fuzz::TARGETS {
        let dir = mutate::root().join("fuzz/regressions").join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        let hidden = |p: &std::path::Path| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        };
        for path in paths.into_iter().filter(|p| p.is_file() && !hidden(p)) {
            let data = std::fs::read(&path).expect("readable regression input");
            count += 1;
            if let Err(message) = mutate::try_run(*target, &data) {
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    println!("{count} regression input(s) replayed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seeded_mutation_finds_nothing() {
    let seeds = mutate::seeds();
    assert!(seeds.len() > 50, "seed corpus too small: {}", seeds.len());
    for (name, target) in podenv_fuzz::TARGETS {
        let report = mutate::run(
            *target,
            &seeds,
            7,
            seeds.len() as u64 + 300,
            Duration::from_secs(20),
        );
        if let Some((data, message)) = report.failure {
            let saved = mutate::save_regression(name, &data);
            panic!(
                "{name}: seed 7, input {} failed: {message}\nsaved: {saved:?}",
                report.executions + 1
            );
        }
    }
}

#[test]
fn reference_model_matches_the_spec_table() {
    use std::collections::HashMap;
    let vars: HashMap<String, Vec<u8>> = [("A", "1"), ("B", "$(A)"), ("", "E")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
    for (input, expected) in [
        ("$(A)", "1"),
        ("$$(A)", "$(A)"),
        ("$(B)", "$(A)"),
        ("$(C)", "$(C)"),
        ("$(", "$("),
        ("$(A", "$(A"),
        ("$()", "E"),
        ("$x$", "$x$"),
        ("$é", "$é"),
        ("$($(A))", "$($(A))"),
    ] {
        let (out, _) = podenv_fuzz::reference_expand(input, &vars);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{input}");
        podenv_fuzz::expand(format!("A=1;B=$(A);=E\n{input}").as_bytes());
    }
}

/// The redaction invariant of the `analysis` target holds on the four ways Secrets leaked
/// into share links (issue 7), and the hook does look: these inputs do feed variables from a
/// Secret before redaction.
#[test]
fn redaction_hook_sees_the_known_leaks() {
    let dir = mutate::root().join("fuzz/regressions/analysis");
    let mut checked = 0;
    for name in [
        "redact-secretlist-kindless-items",
        "redact-anchor-outside-data",
        "redact-cr-line-endings",
        "redact-last-applied",
    ] {
        let data = std::fs::read(dir.join(name)).expect("regression input");
        let text = String::from_utf8_lossy(&data[1..]).into_owned();
        let context = podenv_core::ClusterContext::default();
        let before = podenv_core::analyze(
            &[podenv_core::SourceFile::new("x.yaml", text.as_str())],
            &context,
        );
        let fed = before
            .pods
            .iter()
            .flat_map(|p| &p.containers)
            .flat_map(|c| c.env.iter().flatten())
            .any(|v| v.value.as_str() == Some("hunter2-secret"));
        assert!(
            fed,
            "{name}: the Secret should feed a variable before redaction"
        );
        podenv_fuzz::redaction_hook(&text, &context);
        checked += 1;
    }
    assert_eq!(checked, 4);
}
