//! The `podenv dns` table: records, then per pod its resolv.conf, /etc/hosts, the
//! env<->DNS mapping, the Services it reaches without variables, and the resolver walks.

use std::fmt::Write as _;

use podenv_core::model::{DnsReport, PodDnsReport, QueryOutcome, ResolverWalk, UnlinkedReason};
use podenv_core::text::{escape_controls as esc, escape_controls_keep_layout};

fn width<'a>(items: impl Iterator<Item = &'a str>, min: usize, max: usize) -> usize {
    items
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(min)
        .clamp(min, max)
}

fn reason_text(reason: UnlinkedReason) -> &'static str {
    match reason {
        UnlinkedReason::OtherNamespace => "other namespace",
        UnlinkedReason::Headless => "headless",
        UnlinkedReason::ExternalName => "ExternalName",
        UnlinkedReason::ServiceLinksDisabled => "enableServiceLinks: false",
        UnlinkedReason::ServicesNotSynced => "kubelet has no synced Services",
    }
}

fn outcome_text(outcome: QueryOutcome) -> &'static str {
    match outcome {
        QueryOutcome::Answer => "answer",
        QueryOutcome::NoData => "NODATA",
        QueryOutcome::NxDomain => "NXDOMAIN",
        QueryOutcome::External => "external (not answered by cluster DNS)",
    }
}

/// The whole report as text.
pub fn table(report: &DnsReport) -> String {
    let mut out = String::new();
    records(&mut out, report);
    for pod in &report.pods {
        out.push('\n');
        pod_block(&mut out, pod);
    }
    if report.pods.is_empty() {
        out.push_str("\nno pods or workloads in the input\n");
    }
    // The last net before a terminal: each input-derived line is escaped below, this
    // catches any other control character.
    escape_controls_keep_layout(&out).into_owned()
}

fn records(out: &mut String, report: &DnsReport) {
    let _ = writeln!(
        out,
        "DNS records a spec-compliant cluster DNS (CoreDNS) serves"
    );
    let name_w = width(report.records.iter().map(|r| r.name.as_str()), 4, 64);
    let data_w = width(report.records.iter().map(|r| r.data.as_str()), 4, 56);
    let _ = writeln!(
        out,
        "    {:name_w$}  {:5}  {:data_w$}  FROM",
        "NAME", "TYPE", "DATA"
    );
    let mut derived = false;
    let mut pod_records = false;
    for r in &report.records {
        let mut from = match (&r.service, &r.pod) {
            (Some(s), Some(p)) => format!("service {s}, pod {p}"),
            (Some(s), None) => format!("service {s}"),
            (None, Some(p)) => format!("pod {p}"),
            (None, None) => String::new(),
        };
        let _ = write!(from, " ({})", r.rule);
        let mark = if r.derived { "*" } else { " " };
        derived |= r.derived;
        pod_records |= r.rule == "D9";
        let _ = writeln!(
            out,
            "  {mark} {:name_w$}  {:5}  {:data_w$}  {}",
            r.name,
            r.record_type.as_str(),
            r.data,
            from.trim_start()
        );
    }
    if derived {
        let _ = writeln!(
            out,
            "  * endpoints derived from pasted pods matching the Service's selector (no EndpointSlice or Endpoints pasted)"
        );
    }
    if pod_records {
        let _ = writeln!(
            out,
            "  D9 pod records: {}",
            podenv_core::dns::records::POD_RECORD_NOTE
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "  note: {}", esc(note));
    }
}

fn pod_block(out: &mut String, pod: &PodDnsReport) {
    let mut header = format!("pod {}/{}", pod.namespace, pod.name);
    if pod.source.kind != "Pod" {
        let _ = write!(header, " (from {} {})", pod.source.kind, pod.source.name);
    }
    let _ = writeln!(out, "{}", esc(&header));
    let Some(dns) = &pod.dns else {
        let _ = writeln!(out, "  ! rejected by the API server; it never runs");
        return;
    };
    let _ = write!(out, "  hostname {}", dns.hostname);
    if dns.fqdn != dns.hostname {
        let _ = write!(out, ", FQDN {}", dns.fqdn);
    }
    match (&dns.kernel_hostname, &dns.kernel_hostname_error) {
        (_, Some(e)) => {
            let _ = writeln!(out, "\n  ! kernel hostname: {e}");
        }
        (Some(k), None) => {
            let _ = writeln!(out, ", kernel hostname {k}");
        }
        (None, None) => out.push('\n'),
    }
    if let Some(e) = &dns.sandbox_error {
        let _ = writeln!(out, "  ! {e}");
    }
    let conf = &dns.resolv_conf;
    let server = if dns.uses_cluster_dns {
        "cluster DNS"
    } else {
        "not the cluster DNS"
    };
    let host_net = if dns.host_network {
        ", hostNetwork"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  /etc/resolv.conf (dnsPolicy {}{host_net}, {} base, {server}):",
        dns.dns_policy, conf.base
    );
    match &conf.error {
        Some(e) => {
            let _ = writeln!(
                out,
                "    ! the kubelet cannot read the node's resolv.conf: {e}"
            );
        }
        None if conf.text.is_empty() => {
            let _ = writeln!(out, "    (empty)");
        }
        None => {
            for line in conf.text.lines() {
                let _ = writeln!(out, "    {}", esc(line));
            }
        }
    }
    if conf.options_nondeterministic {
        let _ = writeln!(
            out,
            "    (the options order is random: the kubelet merges dnsConfig options in Go map order, C5)"
        );
    }
    for w in &conf.warnings {
        let _ = writeln!(
            out,
            "  ! Warning {}: {} ({})",
            w.reason,
            esc(&w.message),
            w.rule
        );
    }
    match &dns.hosts_file {
        Some(text) => {
            let _ = writeln!(out, "  /etc/hosts:");
            for line in text.lines() {
                let _ = writeln!(out, "    {}", esc(line));
            }
        }
        None => {
            let _ = writeln!(out, "  /etc/hosts: not managed (the pod has no IP)");
        }
    }
    if !dns.service_links.is_empty() {
        let _ = writeln!(
            out,
            "  service variables and the DNS names that replace them:"
        );
        let var_w = width(dns.service_links.iter().map(|l| l.variable.as_str()), 8, 48);
        let value_w = width(dns.service_links.iter().map(|l| l.value.as_str()), 5, 40);
        let _ = writeln!(out, "    {:var_w$}  {:value_w$}  DNS", "VARIABLE", "VALUE");
        for l in &dns.service_links {
            let _ = writeln!(
                out,
                "    {:var_w$}  {:value_w$}  {}",
                l.variable,
                l.value,
                l.dns.as_deref().unwrap_or("-")
            );
        }
    }
    for (nxdomain, title) in [
        (false, "reachable by DNS, but no variables:"),
        (
            true,
            "known to DNS, but answering NXDOMAIN (no variables either):",
        ),
    ] {
        let listed: Vec<_> = dns
            .reachable_without_variables
            .iter()
            .filter(|r| r.nxdomain == nxdomain)
            .collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title}");
        let name_w = width(listed.iter().map(|r| r.dns_name.as_str()), 4, 64);
        for r in listed {
            let _ = write!(
                out,
                "    {:name_w$}  {} ({})",
                r.dns_name,
                r.service,
                reason_text(r.reason)
            );
            if let Some(note) = &r.note {
                let _ = write!(out, ": {note}");
            }
            out.push('\n');
        }
    }
    for note in &dns.notes {
        let _ = writeln!(out, "  note: {}", esc(note));
    }
    for walk in &pod.walks {
        walk_block(out, &walk.glibc, "glibc / Go");
        if walk.musl_differs {
            walk_block(out, &walk.musl, "musl");
        } else {
            let _ = writeln!(out, "  musl sends the same queries");
            for note in walk
                .musl
                .notes
                .iter()
                .filter(|n| !walk.glibc.notes.contains(n))
            {
                let _ = writeln!(out, "    note: {}", esc(note));
            }
        }
    }
}

fn walk_block(out: &mut String, walk: &ResolverWalk, resolver: &str) {
    let _ = writeln!(
        out,
        "  resolve {} ({resolver}, ndots:{}):",
        walk.name, walk.ndots
    );
    let name_w = width(walk.queries.iter().map(|q| q.name.as_str()), 4, 72);
    for (i, q) in walk.queries.iter().enumerate() {
        let arrow = if walk.answered_by == Some(i) {
            "  <- answers"
        } else {
            ""
        };
        let answers = if q.answers.is_empty() {
            outcome_text(q.outcome).to_string()
        } else {
            q.answers.join(", ")
        };
        let _ = writeln!(out, "    {}. {:name_w$}  {answers}{arrow}", i + 1, q.name);
    }
    match walk.answered_by {
        None if walk.literal => {
            let _ = writeln!(out, "    no query: the address is the answer");
        }
        Some(_) => {
            let _ = writeln!(
                out,
                "    {} wasted lookup(s) before the answer",
                walk.wasted_lookups
            );
        }
        None => {
            let _ = writeln!(
                out,
                "    no answer: the lookup fails after {} queries",
                walk.wasted_lookups
            );
        }
    }
    for note in &walk.notes {
        let _ = writeln!(out, "    note: {}", esc(note));
    }
}
