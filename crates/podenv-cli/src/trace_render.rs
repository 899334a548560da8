//! `podenv trace` for a terminal: one block per step of the kubelet's path, with the
//! input's own values. Every input-derived field goes through `escape_controls`.

use std::fmt::Write as _;

use podenv_core::model::{Reference, Shadowed, Value};
use podenv_core::text::escape_controls;
use podenv_core::trace::{Step, TraceReport};

use crate::render::{origin, show_value};

fn esc(text: &str) -> String {
    escape_controls(text).into_owned()
}

/// A value with its cut mark.
fn value_text(value: &Value, truncation: Option<podenv_core::model::Truncation>) -> String {
    let mut s = show_value(value);
    if let Some(t) = truncation {
        let _ = write!(s, " [{} bytes; cut]", t.full_length);
    }
    s
}

fn reference_line(out: &mut String, indent: &str, r: &Reference) {
    let count = if r.count > 1 {
        format!(" ×{}", r.count)
    } else {
        String::new()
    };
    match &r.value {
        None => {
            let _ = writeln!(
                out,
                "{indent}$({}){count} stays literal: no variable of that name is defined yet (X2)",
                esc(&r.name)
            );
        }
        Some(value) => {
            let by = r
                .defined_by
                .as_ref()
                .map_or(String::new(), |d| esc(&d.summary()));
            let _ = writeln!(
                out,
                "{indent}$({}){count} -> {}  (from {by})",
                esc(&r.name),
                value_text(value, r.truncation)
            );
        }
    }
}

fn replaced_line(out: &mut String, indent: &str, s: &Shadowed) {
    let _ = writeln!(
        out,
        "{indent}replaced {} = {}",
        origin(&s.source),
        value_text(&s.value, s.truncation)
    );
    for k in &s.kept {
        let _ = writeln!(out, "{indent}  (it had been kept: {})", esc(&k.reason));
    }
}

/// The whole trace as text.
pub fn text(report: &TraceReport) -> String {
    let mut out = String::new();
    for pod in &report.pods {
        let _ = writeln!(
            out,
            "pod {}/{} (from {} {})",
            esc(&pod.namespace),
            esc(&pod.name),
            esc(&pod.source.kind),
            esc(&pod.source.name)
        );
        for c in &pod.containers {
            let _ = writeln!(out, "  {}/{}", c.kind.as_str(), esc(&c.name));
            if let Some(error) = &c.error {
                let at = c.error_at.as_ref().map_or(String::new(), |site| {
                    let mut at = format!(" in step {}", site.step);
                    if let Some(path) = &site.path {
                        let _ = write!(at, " at {}", esc(path));
                    }
                    if let Some(l) = &site.location {
                        let _ = write!(at, " ({}:{}:{})", esc(&l.file), l.line, l.column);
                    }
                    at
                });
                let _ = writeln!(
                    out,
                    "    {}: {}{at}",
                    c.reason.as_deref().unwrap_or("error"),
                    esc(error)
                );
            }
            for step in &c.steps {
                step_text(&mut out, step);
            }
            out.push('\n');
        }
    }
    out
}

fn step_text(out: &mut String, step: &Step) {
    let up = step.upstream();
    let title = podenv_core::rules::step(step.id()).map_or("", |s| s.title);
    let _ = writeln!(
        out,
        "    [{}] {title}\n      {} in {}\n      {}",
        step.id(),
        up.function,
        up.file,
        up.url
    );
    let i = "      ";
    match step {
        Step::Cri(s) => {
            if !s.created {
                let _ = writeln!(out, "{i}nothing: the container is not created");
            } else {
                let _ = writeln!(
                    out,
                    "{i}{} variables (sorted here; the kubelet's order is Go map order, O2):",
                    s.envs.len()
                );
                for v in &s.envs {
                    let _ = writeln!(
                        out,
                        "{i}  {}={}",
                        esc(&v.name),
                        value_text(&v.value, v.truncation)
                    );
                }
            }
            for r in &s.runtime_adds {
                let value = r.value.as_deref().map(esc).unwrap_or_default();
                let note = if r.applies {
                    "added by the runtime"
                } else {
                    "the runtime's value loses to the list's"
                };
                let _ = writeln!(
                    out,
                    "{i}{}={value} ({note}: {}, {})",
                    esc(&r.name),
                    r.by,
                    r.rule
                );
            }
        }
        Step::GenerateContainerConfig(s) => {
            let _ = writeln!(
                out,
                "{i}copied {} variables one to one, unsorted; {} from device plugins (O1, O3)",
                s.copied, s.device_plugin_envs
            );
            if let Some(e) = &s.error {
                let _ = writeln!(
                    out,
                    "{i}failed: {} ({})",
                    esc(e),
                    s.reason.as_deref().unwrap_or_default()
                );
            }
        }
        Step::GenerateRunContainerOptions(s) => {
            for p in &s.sub_path_exprs {
                let _ = writeln!(
                    out,
                    "{i}volumeMounts[{}].subPathExpr {} -> {}",
                    p.index,
                    esc(&p.expr),
                    p.result.as_deref().map(esc).unwrap_or_default()
                );
            }
            match &s.error {
                Some(e) => {
                    let _ = writeln!(
                        out,
                        "{i}error: {} ({}) -> CreateContainerConfigError (ERR1)",
                        esc(e),
                        s.error_rule.as_deref().unwrap_or_default()
                    );
                }
                None => {
                    let _ = writeln!(out, "{i}the environment joins the run options");
                }
            }
        }
        Step::GetServiceEnvVarMap(s) => {
            let _ = writeln!(
                out,
                "{i}lister {}, enableServiceLinks {}, pod namespace {}",
                s.lister,
                s.enable_service_links,
                esc(&s.namespace)
            );
            for d in &s.services {
                let _ = writeln!(
                    out,
                    "{i}  {} {} ({}, {})",
                    if d.used { "used   " } else { "skipped" },
                    esc(&d.service),
                    d.reason,
                    d.rule
                );
            }
        }
        Step::FromServices(s) => {
            for g in &s.groups {
                let _ = writeln!(out, "{i}{} {}", esc(&g.service), esc(&g.cluster_ip));
                for v in &g.variables {
                    let _ = writeln!(
                        out,
                        "{i}  {}={}  ({} {})",
                        esc(&v.name),
                        esc(&v.value),
                        v.rule,
                        v.form
                    );
                }
            }
            for c in &s.collisions {
                let values: Vec<String> = c
                    .candidates
                    .iter()
                    .map(|x| format!("{}={}", esc(&x.service), esc(&x.value)))
                    .collect();
                let _ = writeln!(
                    out,
                    "{i}collision {}: {}{}",
                    esc(&c.name),
                    values.join(", "),
                    if c.nondeterministic {
                        " (Go map order decides, V3)"
                    } else {
                        ""
                    }
                );
            }
        }
        Step::EnvFrom(s) => {
            if s.sources.is_empty() {
                let _ = writeln!(out, "{i}no envFrom sources");
            }
            for src in &s.sources {
                let prefix = src
                    .prefix
                    .as_deref()
                    .map_or(String::new(), |p| format!(" prefix {}", esc(p)));
                let _ = writeln!(
                    out,
                    "{i}envFrom[{}] {} {}{prefix}: {} ({})",
                    src.index,
                    src.object_kind,
                    esc(&src.object),
                    src.outcome,
                    src.rule
                );
                for k in &src.keys {
                    let _ = writeln!(
                        out,
                        "{i}  {}={} (key {})",
                        esc(&k.name),
                        show_value(&k.value),
                        esc(&k.key)
                    );
                    if let Some(r) = &k.replaced {
                        replaced_line(out, &format!("{i}    "), r);
                    }
                }
                if !src.skipped_keys.is_empty() {
                    let keys: Vec<String> = src.skipped_keys.iter().map(|k| esc(k)).collect();
                    let _ = writeln!(out, "{i}  skipped keys: {} (ERR4)", keys.join(", "));
                }
            }
        }
        Step::Env(s) => {
            if s.entries.is_empty() {
                let _ = writeln!(out, "{i}no env entries");
            }
            for e in &s.entries {
                let how = match (&e.written, &e.value_from) {
                    (Some(w), _) if !w.is_empty() => format!("value {:?}", esc(w)),
                    (_, Some(kind)) => format!("valueFrom.{kind}"),
                    _ => "no value".to_string(),
                };
                let _ = writeln!(
                    out,
                    "{i}env[{}] {} ({how}): {}",
                    e.index,
                    esc(&e.name),
                    e.outcome
                );
                for r in &e.references {
                    reference_line(out, &format!("{i}  "), r);
                }
                if let Some(v) = &e.result {
                    let _ = writeln!(out, "{i}  = {}", value_text(v, e.truncation));
                }
                if let Some(r) = &e.replaced {
                    replaced_line(out, &format!("{i}  "), r);
                }
                if let Some(k) = &e.skipped {
                    let _ = writeln!(out, "{i}  {}", esc(&k.reason));
                }
                if let Some(err) = &e.error {
                    let _ = writeln!(out, "{i}  error: {}", esc(err));
                }
            }
        }
        Step::Merge(s) => {
            let _ = writeln!(
                out,
                "{i}{} from envFrom/env, then {} service variables added (O2)",
                s.from_user.len(),
                s.added.len()
            );
            for x in &s.suppressed {
                let _ = writeln!(
                    out,
                    "{i}  {} from {} suppressed by {}",
                    esc(&x.name),
                    esc(&x.service),
                    esc(&x.by)
                );
            }
        }
        Step::CommandArgs(s) => {
            let lists = [("command", &s.command), ("args", &s.args)];
            for (field, list) in lists {
                let Some(list) = list else { continue };
                for (n, a) in list.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "{i}{field}[{n}] {:?} -> {}",
                        esc(&a.original),
                        value_text(&a.value, a.truncation)
                    );
                    for r in &a.references {
                        reference_line(out, &format!("{i}  "), r);
                    }
                }
            }
            if s.command.is_none() && s.args.is_none() {
                let _ = writeln!(
                    out,
                    "{i}no command or args: the image's own entrypoint runs"
                );
            }
        }
        Step::Dns(s) => {
            let _ = writeln!(out, "{i}dnsPolicy {}; resolv.conf:", esc(&s.dns_policy));
            for line in s.resolv_conf.lines() {
                let _ = writeln!(out, "{i}  {}", esc(line));
            }
            for l in &s.links {
                let _ = writeln!(
                    out,
                    "{i}{} -> {}",
                    esc(&l.variable),
                    l.dns
                        .as_deref()
                        .map(esc)
                        .unwrap_or_else(|| "(no DNS name)".into())
                );
            }
            let _ = writeln!(
                out,
                "{i}service variables take {} bytes; the kubelet's own comment advises DNS ({})",
                s.service_env_bytes,
                s.reasons.join(", ")
            );
        }
    }
}
