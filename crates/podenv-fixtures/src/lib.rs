//! The fixture cases of `tests/cases/<case>/`, read and rendered the same way by every harness:
//! the core's (`crates/podenv-core/tests/cases.rs`, natively) and the npm package's
//! (`crates/podenv-wasm/tests/cases.rs`, through the JavaScript API in Node and Chromium).
//!
//! A case folder holds the input manifests (every `*.yaml`, `*.yml`, `*.json` file except
//! `context.yaml` and `expected.*`, read in name order), an optional `context.yaml` (the cluster
//! context), an optional `options` file, an optional `resolve.txt`, and `expected.txt`: the
//! [`render`]ing of the analysis (the summary, then the sections the options ask for).
//!
//! **`options`**: one option per line; blank lines and `#` comments are ignored; an unknown
//! word (or a repeated one) is an error naming the file. The options:
//!
//! - `dns`: add the DNS section (`render_dns`, from `podenv dns`'s report): the records, each
//!   pod's resolv.conf, hostname, /etc/hosts, env<->DNS mapping, and the resolver walk (glibc
//!   and musl) of every name listed in the optional `resolve.txt` (one per line, `#` comments;
//!   a `resolve.txt` without `dns` is an error).
//! - `trace`: add each container's trace (`render_trace`, from `podenv trace`'s report): one
//!   line per step of the kubelet's path (`podenv_core::trace`) with its essential data; never
//!   the upstream links, which follow the catalogue.
//!
//! **The summary pins the why**, not only `NAME=value`: under each variable its source (origin,
//! the fields that identify it, the spec rule), the `$(NAME)` references it met, what it
//! shadowed (with the reason, the rule and what had been kept) and the optional misses that
//! kept it; per container the error with its rule and site, `command`/`args` expanded, the
//! notes and the exec warnings; per analysis the assumptions. See `render_summary` for the
//! exact lines.
//!
//! With the feature `embedded`, [`embedded::cases`] holds every case folder's files, compiled
//! in (for wasm tests, which cannot read the file system).

use std::fmt::Write as _;

use base64::Engine as _;
use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_core::model::{
    Analysis, ContainerEnv, Definition, DnsReport, ErrorSite, QueryOutcome, Reference,
    ResolverWalk, Shadowed, Skipped, Source, Value,
};
use podenv_core::trace::TraceReport;
use podenv_core::SourceFile;

/// The expected rendering of a case.
pub const EXPECTED: &str = "expected.txt";
/// The cluster context of a case.
pub const CONTEXT: &str = "context.yaml";
/// The names to resolve (option `dns`).
pub const RESOLVE: &str = "resolve.txt";
/// The options of a case.
pub const OPTIONS: &str = "options";

#[cfg(feature = "embedded")]
pub mod embedded {
    //! Every case folder of `tests/cases`, compiled in by the build script.
    include!(concat!(env!("OUT_DIR"), "/embedded_cases.rs"));
}

/// One case, read: its inputs, context, options, names to resolve and expected text.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// The manifests, in file-name order.
    pub files: Vec<SourceFile>,
    pub context: Option<SourceFile>,
    pub options: Options,
    /// The names of `resolve.txt` (option `dns`); empty when there is none.
    pub resolve: Vec<String>,
    /// `expected.txt`, when the folder has one.
    pub expected: Option<String>,
}

/// What a case's `options` file asks for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub dns: bool,
    pub trace: bool,
}

impl Case {
    /// Reads a case from its folder's files (`(file name, text)`, any order): the harnesses
    /// read them from disk or from [`embedded::cases`]. Other files are ignored.
    pub fn from_files(name: &str, entries: &[(&str, &str)]) -> Result<Case, String> {
        let mut entries: Vec<(&str, &str)> = entries.to_vec();
        entries.sort();
        let mut case = Case {
            name: name.to_string(),
            files: Vec::new(),
            context: None,
            options: Options::default(),
            resolve: Vec::new(),
            expected: None,
        };
        let mut resolve = None;
        for (file, text) in entries {
            match file {
                EXPECTED => case.expected = Some(text.to_string()),
                CONTEXT => case.context = Some(SourceFile::new(file, text)),
                OPTIONS => case.options = read_options(name, text)?,
                RESOLVE => resolve = Some(read_resolve(text)),
                _ if [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| file.ends_with(ext))
                    && !file.starts_with("expected.") =>
                {
                    case.files.push(SourceFile::new(file, text));
                }
                _ => {}
            }
        }
        if case.files.is_empty() {
            return Err(format!(
                "tests/cases/{name}: no input files (*.yaml, *.yml, *.json)"
            ));
        }
        match resolve {
            Some(_) if !case.options.dns => {
                return Err(format!(
                    "tests/cases/{name}/{RESOLVE} is only read with the `dns` option: add it to {OPTIONS}"
                ))
            }
            Some(names) => case.resolve = names,
            None => {}
        }
        Ok(case)
    }
}

/// Reads `<case>/options`: one word per line, blank lines and `#` comments ignored; an
/// unknown or repeated word is an error naming the file and line.
fn read_options(case: &str, text: &str) -> Result<Options, String> {
    let shown = format!("tests/cases/{case}/{OPTIONS}");
    let mut options = Options::default();
    for (i, line) in text.lines().enumerate() {
        let word = line.split('#').next().unwrap_or_default().trim();
        if word.is_empty() {
            continue;
        }
        let flag = match word {
            "dns" => &mut options.dns,
            "trace" => &mut options.trace,
            _ => {
                return Err(format!(
                    "{shown}:{}: unknown option {word:?} (known: dns, trace)",
                    i + 1
                ))
            }
        };
        if *flag {
            return Err(format!("{shown}:{}: option {word:?} given twice", i + 1));
        }
        *flag = true;
    }
    Ok(options)
}

/// The names of `resolve.txt`, one per line (`#` comments).
fn read_resolve(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The text `expected.txt` pins: the summary of `analysis`, then the DNS section from `dns`
/// (`podenv dns`'s report with the case's names) and the trace section from `trace`
/// (`podenv trace`'s report), when the case's options ask for them.
pub fn render(analysis: &Analysis, dns: Option<&DnsReport>, trace: Option<&TraceReport>) -> String {
    let mut out = render_summary(analysis);
    if let Some(report) = dns {
        out.push_str(&render_dns(report));
    }
    if let Some(report) = trace {
        out.push_str(&render_trace(report));
    }
    out
}

/// A compact, reviewable text of an analysis; every line below a variable says why it has
/// its value:
///
/// ```text
/// pod <namespace>/<name>[ (generated)][ (rejected)]
///   <kind>/<name>[ (sidecar)]
///     ! <reason>: <message>                  (the container does not start)
///       rule <rule> at <step>[ [<index>]][ <path>][ <file>:<line>:<column>]
///     NAME=value                             (env sorted by name)
///     NAME=<one of> v1 | v2                  (Value::OneOf)
///     NAME=<runtime: why>                    (Value::Runtime)
///       truncated: full length <n> bytes
///       from <source>
///         $(REF) -> "<value>" (<definition>)[ x<count>]   (a reference the value met)
///         $(REF) unresolved, left literal    (X2, X3)
///         candidate <service> = "<value>"    (V3: every Service that makes the name)
///       shadowed "<value>" from <source>; <reason> (<rule>)
///         $(REF) ... / candidate ...         (the shadowed source's references or candidates)
///         kept <source>; <reason>[ (<rule>)] (misses that had kept the shadowed value)
///       kept <source>; <reason>[ (<rule>)]   (E6-E8: later optional misses; the rule only
///                                             when it is not the source's)
///     command[<i>] "<original>" -> "<value>"[ truncated: full length <n> bytes]
///       $(REF) -> ...
///     args[<i>] "<original>" -> "<value>"
///     note <code> <rule> <entry|->: <message>
///     exec-warning <code> <fails|likely> <subject> <size>/<limit>: <message>
/// assumption <rule> <object>[ <field>]: <message>
/// diagnostic <severity> <code> <file>:<line>:<column>[ <path>]: <message>
/// ```
///
/// `<source>` is the origin with the fields that identify it and its rule:
/// `service <ns/name> <form>[ port[<i>][ <name>] <port>/<proto>][ master][ dns <name>] (<rule>)`,
/// `envFrom[<i>] <configMap|secret> <ns/name> key <key>[ prefix <p>] (E3)`,
/// `env[<i>] "<raw>" (<rule>)`, `env[<i>] fieldRef <path> (F3)`,
/// `env[<i>] resourceFieldRef <container> <resource> divisor <d> quantity <q> from <where> (R3)`,
/// `env[<i>] configMapKeyRef|secretKeyRef <ns/name> key <key> (E6|E7)`,
/// `env[<i>] fileKeyRef volume <v> path <p> key <key> (E8)`. A `<definition>` is the short
/// form: `env[<i>][ <origin>]`, `envFrom[<i>] <ns/name> key <key>` or `service <ns/name>
/// <form>`, then the rule.
///
/// Values print as UTF-8 with `\n`, `\r`, `\t` and `\\` escaped (and `"` inside quotes), or as
/// `base64:<b64>` when not UTF-8. A value past `CLIP` characters (there or in quotes) is cut
/// and followed by `...(<n> bytes, fnv1a64 <hash>)`: its length and a hash of all its bytes,
/// so a huge value makes one bounded line and is still pinned. Diagnostics of Info severity
/// are left out.
fn render_summary(analysis: &Analysis) -> String {
    let mut out = String::new();
    for pod in &analysis.pods {
        let generated = if pod.generated_name {
            " (generated)"
        } else {
            ""
        };
        let rejected = if pod.rejected { " (rejected)" } else { "" };
        writeln!(
            out,
            "pod {}/{}{generated}{rejected}",
            pod.namespace, pod.name
        )
        .unwrap();
        for container in &pod.containers {
            let sidecar = if container.sidecar { " (sidecar)" } else { "" };
            writeln!(
                out,
                "  {}/{}{sidecar}",
                container.kind.as_str(),
                container.name
            )
            .unwrap();
            render_container(&mut out, container);
        }
    }
    for a in &analysis.assumptions {
        write!(out, "assumption {} {}", a.rule, a.object).unwrap();
        if let Some(field) = &a.field {
            write!(out, " {field}").unwrap();
        }
        writeln!(out, ": {}", esc(&a.message)).unwrap();
    }
    out.push_str(&render_diagnostics(&analysis.diagnostics));
    out
}

/// One container of the summary: error, variables with their why, command/args, notes.
fn render_container(out: &mut String, container: &ContainerEnv) {
    if let Some(error) = &container.error {
        let reason = container
            .reason
            .as_deref()
            .unwrap_or("CreateContainerConfigError");
        writeln!(out, "    ! {reason}: {}", esc(error)).unwrap();
        let rule = container.error_rule.as_deref().unwrap_or("-");
        write!(out, "      rule {rule}").unwrap();
        if let Some(at) = &container.error_at {
            write!(out, " at {}", error_site(at)).unwrap();
        }
        out.push('\n');
    }
    let mut env: Vec<_> = container.env.iter().flatten().collect();
    env.sort_by(|a, b| a.name.cmp(&b.name));
    for var in env {
        writeln!(out, "    {}={}", var.name, render_value(&var.value)).unwrap();
        if let Some(t) = &var.truncation {
            writeln!(out, "      truncated: full length {} bytes", t.full_length).unwrap();
        }
        render_source(out, "      ", "from ", &var.source);
        for s in &var.shadowed {
            render_shadowed(out, "      ", "shadowed", s);
        }
        for k in &var.kept {
            render_skipped(out, "      ", k);
        }
    }
    for (field, list) in [("command", &container.command), ("args", &container.args)] {
        for (i, arg) in list.iter().flatten().enumerate() {
            write!(
                out,
                "    {field}[{i}] {} -> {}",
                quote(&arg.original),
                quoted_value(&arg.value)
            )
            .unwrap();
            if let Some(t) = &arg.truncation {
                write!(out, " truncated: full length {} bytes", t.full_length).unwrap();
            }
            out.push('\n');
            render_references(out, "      ", &arg.references);
        }
    }
    for n in &container.notes {
        writeln!(
            out,
            "    note {} {} {}: {}",
            n.code,
            n.rule,
            n.entry.as_deref().unwrap_or("-"),
            esc(&n.message)
        )
        .unwrap();
    }
    for w in &container.exec_warnings {
        writeln!(
            out,
            "    exec-warning {} {} {} {}/{}: {}",
            w.code,
            if w.fails { "fails" } else { "likely" },
            w.subject,
            w.size,
            w.limit,
            esc(&w.message)
        )
        .unwrap();
    }
}

/// `<step>[ [<index>]][ <path>][ <file>:<line>:<column>]`.
fn error_site(at: &ErrorSite) -> String {
    let mut s = at.step.clone();
    if let Some(i) = at.index {
        write!(s, " [{i}]").unwrap();
    }
    if let Some(path) = &at.path {
        write!(s, " {path}").unwrap();
    }
    if let Some(l) = &at.location {
        write!(s, " {}:{}:{}", l.file, l.line, l.column).unwrap();
    }
    s
}

/// `<indent><lead><source>`, then its references and candidates one level deeper.
fn render_source(out: &mut String, indent: &str, lead: &str, source: &Source) {
    writeln!(out, "{indent}{lead}{}", source_desc(source)).unwrap();
    render_source_parts(out, &format!("{indent}  "), source);
}

/// A source's references (`env` values) or candidates (V3), one per line.
fn render_source_parts(out: &mut String, deeper: &str, source: &Source) {
    match source {
        Source::Env { references, .. } => render_references(out, deeper, references),
        Source::Service {
            candidates,
            candidate_values,
            ..
        } => {
            for (service, value) in candidates.iter().zip(candidate_values) {
                writeln!(out, "{deeper}candidate {service} = {}", quote(value)).unwrap();
            }
        }
        _ => {}
    }
}

fn render_shadowed(out: &mut String, indent: &str, word: &str, s: &Shadowed) {
    write!(out, "{indent}{word} {}", quoted_value(&s.value)).unwrap();
    if let Some(t) = &s.truncation {
        write!(out, " (truncated: full length {} bytes)", t.full_length).unwrap();
    }
    writeln!(
        out,
        " from {}; {} ({})",
        source_desc(&s.source),
        esc(&s.reason),
        s.rule
    )
    .unwrap();
    let deeper = format!("{indent}  ");
    render_source_parts(out, &deeper, &s.source);
    for k in &s.kept {
        render_skipped(out, &deeper, k);
    }
}

/// `kept <source>; <reason>`, with ` (<rule>)` when the rule is not the source's own.
fn render_skipped(out: &mut String, indent: &str, k: &Skipped) {
    write!(
        out,
        "{indent}kept {}; {}",
        source_desc(&k.source),
        esc(&k.reason)
    )
    .unwrap();
    if k.rule != k.source.rule() {
        write!(out, " ({})", k.rule).unwrap();
    }
    out.push('\n');
}

fn render_references(out: &mut String, indent: &str, references: &[Reference]) {
    for r in references {
        write!(out, "{indent}$({})", r.name).unwrap();
        match (&r.value, &r.defined_by) {
            (Some(value), Some(d)) => {
                write!(out, " -> {} ({})", quoted_value(value), definition(d)).unwrap();
                if r.resolved_from != d.origin {
                    write!(out, " resolvedFrom={}", r.resolved_from).unwrap();
                }
            }
            (Some(value), None) => {
                write!(out, " -> {} ({})", quoted_value(value), r.resolved_from).unwrap()
            }
            (None, _) => {
                out.push_str(" unresolved, left literal");
                if r.resolved_from != "unresolved" {
                    write!(out, " ({})", r.resolved_from).unwrap();
                }
            }
        }
        if let Some(t) = &r.truncation {
            write!(out, " truncated: full length {} bytes", t.full_length).unwrap();
        }
        if r.count != 1 {
            write!(out, " x{}", r.count).unwrap();
        }
        out.push('\n');
    }
}

/// The short form of a definition: `env[2]`, `env[1] fieldRef`, `envFrom[0] ns/cfg key K`,
/// `service ns/db SERVICE_HOST`, then the rule.
fn definition(d: &Definition) -> String {
    let mut s = match (d.origin.as_str(), d.index) {
        ("envFrom", Some(i)) => format!("envFrom[{i}]"),
        ("env", Some(i)) => format!("env[{i}]"),
        (origin, Some(i)) => format!("env[{i}] {origin}"),
        (origin, None) => origin.to_string(),
    };
    if let Some(object) = &d.object {
        write!(s, " {object}").unwrap();
    }
    if let Some(key) = &d.key {
        if d.origin == "service" {
            write!(s, " {key}").unwrap();
        } else {
            write!(s, " key {key}").unwrap();
        }
    }
    write!(s, " {}", d.rule).unwrap();
    s
}

/// A source with the fields that identify it and its rule (see `render_summary`).
fn source_desc(source: &Source) -> String {
    match source {
        Source::Service {
            rule,
            service,
            form,
            port_index,
            port_name,
            port,
            protocol,
            master_service,
            dns,
            ..
        } => {
            let mut s = format!("service {service} {form}");
            if let Some(i) = port_index {
                write!(s, " port[{i}]").unwrap();
                if let Some(name) = port_name {
                    write!(s, " {name}").unwrap();
                }
                if let (Some(port), Some(protocol)) = (port, protocol) {
                    write!(s, " {port}/{protocol}").unwrap();
                }
            }
            if *master_service {
                s.push_str(" master");
            }
            if let Some(dns) = dns {
                write!(s, " dns {dns}").unwrap();
            }
            write!(s, " ({rule})").unwrap();
            s
        }
        Source::EnvFrom {
            rule,
            index,
            object_kind,
            object,
            key,
            prefix,
        } => {
            let prefix = prefix
                .as_ref()
                .map_or(String::new(), |p| format!(" prefix {p}"));
            format!("envFrom[{index}] {object_kind} {object} key {key}{prefix} ({rule})")
        }
        Source::Env {
            rule, index, raw, ..
        } => format!("env[{index}] {} ({rule})", quote(raw)),
        Source::FieldRef {
            rule,
            index,
            field_path,
        } => format!("env[{index}] fieldRef {field_path} ({rule})"),
        Source::ResourceFieldRef {
            rule,
            index,
            container_name,
            resource,
            divisor,
            quantity,
            quantity_from,
        } => format!(
            "env[{index}] resourceFieldRef {container_name} {resource} divisor {divisor} \
             quantity {quantity} from {quantity_from} ({rule})"
        ),
        Source::ConfigMapKeyRef {
            rule,
            index,
            object,
            key,
        } => format!("env[{index}] configMapKeyRef {object} key {key} ({rule})"),
        Source::SecretKeyRef {
            rule,
            index,
            object,
            key,
        } => format!("env[{index}] secretKeyRef {object} key {key} ({rule})"),
        Source::FileKeyRef {
            rule,
            index,
            volume_name,
            path,
            key,
        } => format!("env[{index}] fileKeyRef volume {volume_name} path {path} key {key} ({rule})"),
    }
}

/// Quoted values are cut past this many characters (with the full length), so that a
/// huge value makes one bounded line wherever it is repeated.
const CLIP: usize = 200;

/// Free text (messages, reasons) on one line: control characters escaped.
fn esc(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// `"text"`, escaped, cut at `CLIP` characters.
fn quote(text: &str) -> String {
    quote_bytes(text.as_bytes())
}

fn quote_bytes(bytes: &[u8]) -> String {
    let shown = render_bytes(bytes).replace('"', "\\\"");
    if shown.chars().count() <= CLIP {
        return format!("\"{shown}\"");
    }
    let cut: String = shown.chars().take(CLIP).collect();
    format!("\"{cut}\"{}", clip_tail(bytes))
}

/// What follows a cut value: its length and a hash of all its bytes, so the expected file
/// still pins the whole value.
fn clip_tail(bytes: &[u8]) -> String {
    // FNV-1a, 64 bits.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("...({} bytes, fnv1a64 {hash:016x})", bytes.len())
}

fn quoted_value(value: &Value) -> String {
    match value {
        Value::Known(bytes) => quote_bytes(bytes),
        Value::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| quote_bytes(v)).collect();
            format!("<one of> {}", values.join(" | "))
        }
        Value::Runtime(why) => format!("<runtime: {}>", esc(why)),
    }
}

/// The DNS section of a case with the `dns` option:
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
fn render_dns(report: &DnsReport) -> String {
    let mut out = String::new();
    for r in &report.records {
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
    for note in &report.notes {
        writeln!(out, "dns note {note}").unwrap();
    }
    for pod in &report.pods {
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
                "  {} {} {} ({:?})",
                if r.nxdomain {
                    "unreachable"
                } else {
                    "reachable"
                },
                r.service,
                r.dns_name,
                r.reason
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
        for walk in &pod.walks {
            let (glibc, musl) = (&walk.glibc, &walk.musl);
            render_walk(&mut out, glibc);
            if musl.queries == glibc.queries && musl.notes == glibc.notes {
                writeln!(out, "  walk {} Musl: same as Glibc", walk.name).unwrap();
            } else {
                render_walk(&mut out, musl);
            }
        }
    }
    out
}

/// The trace section of a case with the `trace` option: each container's steps in order,
/// one line per step with its essential data and indented lines for its parts (never the
/// upstream links):
///
/// ```text
/// trace <ns>/<pod> <kind>/<name>
///   cri created=<bool> envs=<n>[ (<origin> <count>, ...)]
///     runtime <NAME>[="<value>"] by <who> applies=<bool> (<rule>)
///   generateContainerConfig copied=<n> devicePluginEnvs=<n>[ error <reason>: <message>]
///   GenerateRunContainerOptions[ error (<rule>) at <site>: <message>]
///     subPathExpr volumeMounts[<i>] "<expr>" -> "<result>"|failed
///   getServiceEnvVarMap lister=<l> enableServiceLinks=<bool> namespace=<ns> map=<svc>, ...
///     service <ns/name> used|unused <reason> (<rule>)
///   FromServices
///     group <ns/name> clusterIP=<ip>[ master]
///       NAME="<value>" <form>[ port[<i>]] (<rule>)
///     collision NAME[ nondeterministic]: <svc>="<value>" | ...
///   envFrom
///     [<i>] <configMap|secret> <ns/name>[ prefix <p>][ optional] <outcome> (<rule>)
///       key <key> -> NAME="<value>"
///         replaced "<value>" from <source>; <reason> (<rule>)
///       skipped-keys <k1>, <k2>
///   env
///     [<i>] NAME <set|skipped|failed>[ value "<written>"][ valueFrom <kind>]
///       from <source>          (then its references, as in the summary)
///       result "<value>"[ truncated: full length <n> bytes]
///       replaced "<value>" from <source>; <reason> (<rule>)
///       kept <source>; <reason>[ (<rule>)]    (what an optional miss recorded)
///       error: <message>
///   merge from-user=<names> added=<names>
///     suppressed NAME of <service> by <definition>
///   commandArgs
///     command[<i>] / args[<i>]  (as in the summary)
///   dns policy=<p> serviceEnvBytes=<n> reasons=<codes>
///     resolv.conf "<text>"
///     link VAR="<value>" -> <dns name>|- (<service> <form>)
/// ```
fn render_trace(report: &TraceReport) -> String {
    use podenv_core::trace::Step;
    let mut out = String::new();
    for pod in &report.pods {
        for c in &pod.containers {
            writeln!(
                out,
                "trace {}/{} {}/{}",
                pod.namespace,
                pod.name,
                c.kind.as_str(),
                c.name
            )
            .unwrap();
            for step in &c.steps {
                match step {
                    Step::Cri(s) => {
                        let mut origins: std::collections::BTreeMap<&str, usize> =
                            Default::default();
                        for v in &s.envs {
                            *origins.entry(v.origin.as_str()).or_default() += 1;
                        }
                        let origins: Vec<String> =
                            origins.iter().map(|(o, n)| format!("{o} {n}")).collect();
                        write!(out, "  cri created={} envs={}", s.created, s.envs.len()).unwrap();
                        if !origins.is_empty() {
                            write!(out, " ({})", origins.join(", ")).unwrap();
                        }
                        out.push('\n');
                        for r in &s.runtime_adds {
                            write!(out, "    runtime {}", r.name).unwrap();
                            if let Some(v) = &r.value {
                                write!(out, "={}", quote(v)).unwrap();
                            }
                            writeln!(out, " by {} applies={} ({})", r.by, r.applies, r.rule)
                                .unwrap();
                        }
                    }
                    Step::GenerateContainerConfig(s) => {
                        write!(
                            out,
                            "  generateContainerConfig copied={} devicePluginEnvs={}",
                            s.copied, s.device_plugin_envs
                        )
                        .unwrap();
                        if let Some(e) = &s.error {
                            write!(
                                out,
                                " error {}: {}",
                                s.reason.as_deref().unwrap_or("-"),
                                esc(e)
                            )
                            .unwrap();
                        }
                        out.push('\n');
                    }
                    Step::GenerateRunContainerOptions(s) => {
                        out.push_str("  GenerateRunContainerOptions");
                        if let Some(e) = &s.error {
                            write!(out, " error ({})", s.error_rule.as_deref().unwrap_or("-"))
                                .unwrap();
                            if let Some(at) = &s.error_at {
                                write!(out, " at {}", error_site(at)).unwrap();
                            }
                            write!(out, ": {}", esc(e)).unwrap();
                        }
                        out.push('\n');
                        for p in &s.sub_path_exprs {
                            let result = p.result.as_deref().map_or("failed".into(), quote);
                            writeln!(
                                out,
                                "    subPathExpr volumeMounts[{}] {} -> {result}",
                                p.index,
                                quote(&p.expr)
                            )
                            .unwrap();
                        }
                    }
                    Step::GetServiceEnvVarMap(s) => {
                        writeln!(
                            out,
                            "  getServiceEnvVarMap lister={} enableServiceLinks={} namespace={} map={}",
                            s.lister,
                            s.enable_service_links,
                            s.namespace,
                            if s.map.is_empty() { "-".into() } else { s.map.join(", ") }
                        )
                        .unwrap();
                        for d in &s.services {
                            writeln!(
                                out,
                                "    service {} {} {} ({})",
                                d.service,
                                if d.used { "used" } else { "unused" },
                                d.reason,
                                d.rule
                            )
                            .unwrap();
                        }
                    }
                    Step::FromServices(s) => {
                        out.push_str("  FromServices\n");
                        for g in &s.groups {
                            let master = if g.master_service { " master" } else { "" };
                            writeln!(
                                out,
                                "    group {} clusterIP={}{master}",
                                g.service, g.cluster_ip
                            )
                            .unwrap();
                            for v in &g.variables {
                                write!(out, "      {}={} {}", v.name, quote(&v.value), v.form)
                                    .unwrap();
                                if let Some(i) = v.port_index {
                                    write!(out, " port[{i}]").unwrap();
                                }
                                writeln!(out, " ({})", v.rule).unwrap();
                            }
                        }
                        for col in &s.collisions {
                            let nondet = if col.nondeterministic {
                                " nondeterministic"
                            } else {
                                ""
                            };
                            let candidates: Vec<String> = col
                                .candidates
                                .iter()
                                .map(|c| format!("{}={}", c.service, quote(&c.value)))
                                .collect();
                            writeln!(
                                out,
                                "    collision {}{nondet}: {}",
                                col.name,
                                candidates.join(" | ")
                            )
                            .unwrap();
                        }
                    }
                    Step::EnvFrom(s) => {
                        out.push_str("  envFrom\n");
                        for src in &s.sources {
                            write!(
                                out,
                                "    [{}] {} {}",
                                src.index, src.object_kind, src.object
                            )
                            .unwrap();
                            if let Some(p) = &src.prefix {
                                write!(out, " prefix {p}").unwrap();
                            }
                            if src.optional {
                                out.push_str(" optional");
                            }
                            writeln!(out, " {} ({})", src.outcome, src.rule).unwrap();
                            for k in &src.keys {
                                writeln!(
                                    out,
                                    "      key {} -> {}={}",
                                    k.key,
                                    k.name,
                                    quoted_value(&k.value)
                                )
                                .unwrap();
                                if let Some(r) = &k.replaced {
                                    render_shadowed(&mut out, "        ", "replaced", r);
                                }
                            }
                            if !src.skipped_keys.is_empty() {
                                writeln!(out, "      skipped-keys {}", src.skipped_keys.join(", "))
                                    .unwrap();
                            }
                        }
                    }
                    Step::Env(s) => {
                        out.push_str("  env\n");
                        for e in &s.entries {
                            write!(out, "    [{}] {} {}", e.index, e.name, e.outcome).unwrap();
                            if let Some(w) = &e.written {
                                write!(out, " value {}", quote(w)).unwrap();
                            }
                            if let Some(k) = &e.value_from {
                                write!(out, " valueFrom {k}").unwrap();
                            }
                            out.push('\n');
                            if let Some(src) = &e.source {
                                render_source(&mut out, "      ", "from ", src);
                            }
                            // The references are the source's (rendered under it); a
                            // trace entry without a source shows its own.
                            if e.source.is_none() {
                                render_references(&mut out, "      ", &e.references);
                            }
                            if let Some(v) = &e.result {
                                write!(out, "      result {}", quoted_value(v)).unwrap();
                                if let Some(t) = &e.truncation {
                                    write!(out, " truncated: full length {} bytes", t.full_length)
                                        .unwrap();
                                }
                                out.push('\n');
                            }
                            if let Some(r) = &e.replaced {
                                render_shadowed(&mut out, "      ", "replaced", r);
                            }
                            if let Some(k) = &e.skipped {
                                render_skipped(&mut out, "      ", k);
                            }
                            if let Some(err) = &e.error {
                                writeln!(out, "      error: {}", esc(err)).unwrap();
                            }
                        }
                    }
                    Step::Merge(s) => {
                        let list = |v: &[String]| {
                            if v.is_empty() {
                                "-".to_string()
                            } else {
                                v.join(", ")
                            }
                        };
                        writeln!(
                            out,
                            "  merge from-user={} added={}",
                            list(&s.from_user),
                            list(&s.added)
                        )
                        .unwrap();
                        for x in &s.suppressed {
                            writeln!(
                                out,
                                "    suppressed {} of {} by {}",
                                x.name, x.service, x.by
                            )
                            .unwrap();
                        }
                    }
                    Step::CommandArgs(s) => {
                        out.push_str("  commandArgs\n");
                        for (field, list) in [("command", &s.command), ("args", &s.args)] {
                            for (i, arg) in list.iter().flatten().enumerate() {
                                write!(
                                    out,
                                    "    {field}[{i}] {} -> {}",
                                    quote(&arg.original),
                                    quoted_value(&arg.value)
                                )
                                .unwrap();
                                if let Some(t) = &arg.truncation {
                                    write!(out, " truncated: full length {} bytes", t.full_length)
                                        .unwrap();
                                }
                                out.push('\n');
                                render_references(&mut out, "      ", &arg.references);
                            }
                        }
                    }
                    Step::Dns(s) => {
                        writeln!(
                            out,
                            "  dns policy={} serviceEnvBytes={} reasons={}",
                            s.dns_policy,
                            s.service_env_bytes,
                            s.reasons.join(", ")
                        )
                        .unwrap();
                        writeln!(out, "    resolv.conf {}", quote(&s.resolv_conf)).unwrap();
                        for l in &s.links {
                            writeln!(
                                out,
                                "    link {}={} -> {} ({} {})",
                                l.variable,
                                quote(&l.value),
                                l.dns.as_deref().unwrap_or("-"),
                                l.service,
                                l.form
                            )
                            .unwrap();
                        }
                    }
                }
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
        Value::Known(bytes) => render_clipped(bytes),
        Value::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| render_clipped(v)).collect();
            format!("<one of> {}", values.join(" | "))
        }
        Value::Runtime(why) => format!("<runtime: {why}>"),
    }
}

/// [`render_bytes`], cut at `CLIP` characters (see [`clip_tail`]).
fn render_clipped(bytes: &[u8]) -> String {
    let shown = render_bytes(bytes);
    if shown.chars().count() <= CLIP {
        return shown;
    }
    let cut: String = shown.chars().take(CLIP).collect();
    format!("{cut}{}", clip_tail(bytes))
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
pub fn diff(expected: &str, actual: &str) -> String {
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
