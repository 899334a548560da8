//! Fixture cases: one test per folder `tests/cases/<case>/` at the repository root.
//!
//! A case folder holds the input manifests (every `*.yaml`, `*.yml`, `*.json` file except
//! `context.yaml` and `expected.*`, read in name order), an optional `context.yaml` (the cluster
//! context), and `expected.txt`: the summary `render_summary` prints for the analysis.
//!
//! Run one case: `cargo test -p podenv-core --test cases -- <case>`.
//! Create or refresh expected files: `UPDATE_EXPECT=1 cargo test -p podenv-core --test cases`;
//! a case whose file changed then fails once, so a regeneration is never silent. Review the diff.
//!
//! DNS cases: a folder whose name starts with `dns-` also gets the DNS section (`render_dns`):
//! the records, each pod's resolv.conf, hostname, /etc/hosts, env<->DNS mapping, and the
//! resolver walk (glibc and musl) of every name listed in its optional `resolve.txt` (one per
//! line, `#` comments). Other cases are rendered exactly as before.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use libtest_mimic::{Arguments, Failed, Trial};
use podenv_core::context::ClusterContext;
use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_core::model::{Analysis, QueryOutcome, ResolverWalk, Value};
use podenv_core::SourceFile;

const EXPECTED: &str = "expected.txt";
const CONTEXT: &str = "context.yaml";
const RESOLVE: &str = "resolve.txt";
const DNS_PREFIX: &str = "dns-";

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
    context: &ClusterContext,
    plain: &Analysis,
) -> Result<(), Failed> {
    use podenv_core::trace::{Step, STEP_IDS};
    let traced =
        podenv_core::analyze_with(files, context, podenv_core::AnalyzeOptions { trace: true });
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
            if !same || cri.created != c.error.is_none() {
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
    Ok(())
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
    check_trace_agrees(&files, &context, &analysis)?;
    let mut actual = render_diagnostics(&context_diagnostics);
    actual.push_str(&render_summary(&analysis));
    if case_name(dir).starts_with(DNS_PREFIX) {
        let names = match fs::read_to_string(dir.join(RESOLVE)) {
            Ok(text) => text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("cannot read {RESOLVE}: {e}").into()),
        };
        actual.push_str(&render_dns(&analysis, &names));
    }

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

/// The DNS section of a `dns-*` case:
///
/// ```text
/// dns record <name> <TYPE> <data>[ service=<ns/name>][ pod=<ns/name>][ derived] (<rule>)
/// dns note <cluster-wide note>
/// dns pod <namespace>/<name> policy=<dnsPolicy> base=<cluster|host|none>[ hostNetwork][ clusterDNS=no]
///   hostname=<h> domain=<d> fqdn=<f> kernel=<k>|kernel-error=<e>
///   resolv.conf[ (options order random)]:
///     | <line>
///   warning <reason> (<rule>): <message>
///   /etc/hosts:
///     | <line, tabs shown as \t>
///   link <VAR>=<value> -> <dns name>|- (<service> <form>)
///   reachable <ns/name> <dns name> (<reason>)[: note]
///   note <note>
///   walk <name> <resolver> ndots=<n> answered-by=<i|none> wasted=<n>
///     <i>. <query> <outcome>[ <answers>]
///     note <note>
///   walk <name> Musl: same as Glibc       (when musl sends the same queries)
/// ```
fn render_dns(analysis: &Analysis, names: &[String]) -> String {
    let mut out = String::new();
    for r in &analysis.dns_records {
        write!(
            out,
            "dns record {} {} {}",
            r.name,
            r.record_type.as_str(),
            r.data
        )
        .unwrap();
        if let Some(s) = &r.service {
            write!(out, " service={s}").unwrap();
        }
        if let Some(p) = &r.pod {
            write!(out, " pod={p}").unwrap();
        }
        if r.derived {
            out.push_str(" derived");
        }
        writeln!(out, " ({})", r.rule).unwrap();
    }
    for note in &analysis.dns_notes {
        writeln!(out, "dns note {note}").unwrap();
    }
    for pod in &analysis.pods {
        let Some(dns) = &pod.dns else {
            writeln!(
                out,
                "dns pod {}/{} (rejected: no DNS)",
                pod.namespace, pod.name
            )
            .unwrap();
            continue;
        };
        write!(
            out,
            "dns pod {}/{} policy={} base={}",
            pod.namespace, pod.name, dns.dns_policy, dns.resolv_conf.base
        )
        .unwrap();
        if dns.host_network {
            out.push_str(" hostNetwork");
        }
        if !dns.uses_cluster_dns {
            out.push_str(" clusterDNS=no");
        }
        out.push('\n');
        write!(
            out,
            "  hostname={} domain={} fqdn={}",
            dns.hostname,
            if dns.domain.is_empty() {
                "-"
            } else {
                &dns.domain
            },
            dns.fqdn
        )
        .unwrap();
        match (&dns.kernel_hostname, &dns.kernel_hostname_error) {
            (_, Some(e)) => writeln!(out, " kernel-error={e}").unwrap(),
            (Some(k), None) => writeln!(out, " kernel={k}").unwrap(),
            (None, None) => out.push('\n'),
        }
        if let Some(e) = &dns.sandbox_error {
            writeln!(out, "  ! {e}").unwrap();
        }
        if let Some(e) = &dns.resolv_conf.error {
            writeln!(out, "  resolv.conf error: {e}").unwrap();
        } else {
            let random = if dns.resolv_conf.options_nondeterministic {
                " (options order random)"
            } else {
                ""
            };
            writeln!(out, "  resolv.conf{random}:").unwrap();
            for line in dns.resolv_conf.text.lines() {
                writeln!(out, "    | {line}").unwrap();
            }
        }
        for w in &dns.resolv_conf.warnings {
            writeln!(out, "  warning {} ({}): {}", w.reason, w.rule, w.message).unwrap();
        }
        match &dns.hosts_file {
            Some(text) => {
                writeln!(out, "  /etc/hosts:").unwrap();
                for line in text.lines() {
                    writeln!(out, "    | {}", line.replace('\t', "\\t")).unwrap();
                }
            }
            None => writeln!(out, "  /etc/hosts: none (no pod IP)").unwrap(),
        }
        for l in &dns.service_links {
            writeln!(
                out,
                "  link {}={} -> {} ({} {})",
                l.variable,
                l.value,
                l.dns.as_deref().unwrap_or("-"),
                l.service,
                l.form
            )
            .unwrap();
        }
        for r in &dns.reachable_without_variables {
            write!(
                out,
                "  reachable {} {} ({:?})",
                r.service, r.dns_name, r.reason
            )
            .unwrap();
            if let Some(note) = &r.note {
                write!(out, ": {note}").unwrap();
            }
            out.push('\n');
        }
        for note in &dns.notes {
            writeln!(out, "  note {note}").unwrap();
        }
        for name in names {
            let glibc = podenv_core::dns::resolver_walk(dns, &analysis.dns_records, name, false);
            let musl = podenv_core::dns::resolver_walk(dns, &analysis.dns_records, name, true);
            render_walk(&mut out, &glibc);
            if musl.queries == glibc.queries && musl.notes == glibc.notes {
                writeln!(out, "  walk {name} Musl: same as Glibc").unwrap();
            } else {
                render_walk(&mut out, &musl);
            }
        }
    }
    out
}

fn render_walk(out: &mut String, walk: &ResolverWalk) {
    let answered = walk
        .answered_by
        .map_or_else(|| "none".to_string(), |i| (i + 1).to_string());
    writeln!(
        out,
        "  walk {} {:?} ndots={} answered-by={answered} wasted={}",
        walk.name, walk.resolver, walk.ndots, walk.wasted_lookups
    )
    .unwrap();
    for (i, q) in walk.queries.iter().enumerate() {
        let outcome = match q.outcome {
            QueryOutcome::Answer => "answer",
            QueryOutcome::NoData => "nodata",
            QueryOutcome::NxDomain => "nxdomain",
            QueryOutcome::External => "external",
        };
        write!(out, "    {}. {} {outcome}", i + 1, q.name).unwrap();
        if !q.answers.is_empty() {
            write!(out, " {}", q.answers.join(", ")).unwrap();
        }
        out.push('\n');
    }
    for note in &walk.notes {
        writeln!(out, "    note {note}").unwrap();
    }
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
