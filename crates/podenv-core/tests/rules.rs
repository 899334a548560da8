//! The rule catalogue against the repository: `docs/rules.md` is the catalogue rendered, and
//! every rule id cited anywhere in the sources and the fixtures' expected output exists.
//!
//! Refresh the document: `UPDATE_EXPECT=1 cargo test -p podenv-core --test rules`
//! (review the diff before committing).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use podenv_core::rules;

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn docs_rules_md_is_the_rendered_catalogue() {
    let path = repository_root().join("docs/rules.md");
    let actual = rules::markdown();
    let expected = fs::read_to_string(&path).ok();
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        if expected.as_deref() != Some(actual.as_str()) {
            fs::write(&path, &actual).unwrap_or_else(|e| panic!("cannot write docs/rules.md: {e}"));
            panic!("docs/rules.md was rewritten: review it (git diff), then rerun without UPDATE_EXPECT");
        }
        return;
    }
    match expected {
        None => panic!("docs/rules.md is missing; create it with UPDATE_EXPECT=1 cargo test -p podenv-core --test rules"),
        Some(expected) => {
            if let Some((n, (e, a))) = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .find(|(_, (e, a))| e != a)
            {
                panic!(
                    "docs/rules.md differs from the catalogue at line {}:\n- {e}\n+ {a}\nUPDATE_EXPECT=1 rewrites it",
                    n + 1
                );
            }
            assert_eq!(
                expected.lines().count(),
                actual.lines().count(),
                "docs/rules.md has a different number of lines; UPDATE_EXPECT=1 rewrites it"
            );
        }
    }
}

/// Words that look like rule ids but are not: C0 control characters, and a variable named
/// V0 in a test. Anything else that looks like an id must be in the catalogue.
const NOT_RULE_IDS: &[&str] = &["C0", "V0"];

/// The rule-id families, longest first so `ERR2` is not read as `E`... of `R2`.
const PREFIXES: &[&str] = &[
    "ERR", "VAL", "A", "C", "D", "E", "F", "H", "N", "O", "R", "S", "V", "W", "X",
];

/// Every rule id cited in `text`: standalone words such as `S3`, `F3a`, `ERR2`, `X-ENV`,
/// with ranges such as `E6-E8` or `R1-R5` expanded.
fn cited_ids(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut ids = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // `IpAddr::V6` is a Rust path, not a citation: a `:` before the word rules it out.
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b':'));
        let Some((prefix, number, end)) = boundary.then(|| id_at(bytes, i)).flatten() else {
            i += 1;
            continue;
        };
        ids.push(text[i..end].to_string());
        // A range: `E6-E8`, `R1-R5`, `W1-W3`.
        if bytes.get(end) == Some(&b'-') {
            if let Some((prefix2, last, end2)) = id_at(bytes, end + 1) {
                if prefix2 == prefix && last > number {
                    for n in number + 1..last {
                        ids.push(format!("{prefix}{n}"));
                    }
                    ids.push(text[end + 1..end2].to_string());
                    i = end2;
                    continue;
                }
            }
        }
        i = end;
    }
    ids
}

/// An id starting at `i`: its family prefix, number and end, if the word there is one.
fn id_at(bytes: &[u8], i: usize) -> Option<(&'static str, u32, usize)> {
    if bytes[i..].starts_with(b"X-ENV") && !bytes.get(i + 5).is_some_and(u8::is_ascii_alphanumeric)
    {
        return Some(("X", 0, i + 5));
    }
    let prefix = PREFIXES
        .iter()
        .find(|p| bytes[i..].starts_with(p.as_bytes()))?;
    let digits_start = i + prefix.len();
    let digits = bytes[digits_start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let mut end = digits_start + digits;
    if bytes.get(end).is_some_and(u8::is_ascii_lowercase)
        && !bytes
            .get(end + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        end += 1;
    }
    if bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return None;
    }
    let number = std::str::from_utf8(&bytes[digits_start..digits_start + digits])
        .ok()?
        .parse()
        .ok()?;
    Some((prefix, number, end))
}

fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            collect(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_rule_id_is_in_the_catalogue() {
    let root = repository_root();
    let mut files = Vec::new();
    let rust = |p: &Path| p.extension().is_some_and(|e| e == "rs");
    collect(&root.join("crates"), &rust, &mut files);
    collect(&root.join("web/src"), &rust, &mut files);
    let expected = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("expected"))
    };
    collect(&root.join("tests/cases"), &expected, &mut files);
    collect(&root.join("tests/bad"), &expected, &mut files);
    assert!(
        files.len() > 100,
        "found only {} files under {}",
        files.len(),
        root.display()
    );

    let mut missing = BTreeSet::new();
    let mut cited = BTreeSet::new();
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        for id in cited_ids(&text) {
            if NOT_RULE_IDS.contains(&id.as_str()) {
                continue;
            }
            if rules::rule(&id).is_none() {
                let shown = file
                    .strip_prefix(&root)
                    .unwrap_or(file)
                    .display()
                    .to_string();
                missing.insert(format!("{id} ({shown})"));
            }
            cited.insert(id);
        }
    }
    assert!(
        missing.is_empty(),
        "rule ids cited but not catalogued:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
    // The scan really sees the code's citations.
    for id in [
        "S3", "F3a", "ERR2", "A0", "A8", "A9", "A10", "D1", "W2", "VAL8",
    ] {
        assert!(cited.contains(id), "{id} not found by the scan");
    }
}

#[test]
fn the_scanner_reads_ids_and_ranges() {
    assert_eq!(
        cited_ids("spec X3 and (V2), E6-E8; F3a."),
        ["X3", "V2", "E6", "E7", "E8", "F3a"]
    );
    assert_eq!(
        cited_ids("\"ERR2\" VAL10 X-ENV"),
        ["ERR2", "VAL10", "X-ENV"]
    );
    assert!(cited_ids("TV93 IPv4 k8s 0xE3 AS3 S3_ S3x1 IpAddr::V6").is_empty());
    assert_eq!(
        cited_ids("D1-D10"),
        (1..=10).map(|n| format!("D{n}")).collect::<Vec<_>>()
    );
}
