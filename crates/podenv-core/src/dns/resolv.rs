//! A pod's resolv.conf as the kubelet forms it (spec section 12, rules C1-C8).

use k8s_openapi::api::core::v1::{PodDNSConfig, PodDNSConfigOption};

use crate::context::KubeVersion;
use crate::ip;
use crate::model::DnsEvent;

/// The three parts of a resolver configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DnsParts {
    pub nameservers: Vec<String>,
    pub searches: Vec<String>,
    pub options: Vec<String>,
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` parseResolvConf (spec C1, TV102).
///
/// The text is cut at `\n`; each line is trimmed and skipped when it starts with `#`. A
/// `nameserver` line adds its first argument (the rest, e.g. a `# comment`, is ignored) and
/// is an error without one; the last `search` line wins, each entry losing one trailing dot;
/// the last `options` line wins. Other lines are ignored. The error text is the kubelet's.
pub fn parse_resolv_conf(text: &str) -> Result<DnsParts, String> {
    let mut parts = DnsParts::default();
    let mut error = None;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = trimmed.split_whitespace().collect();
        let Some((first, rest)) = fields.split_first() else {
            continue;
        };
        match *first {
            "nameserver" => match rest.first() {
                Some(server) => parts.nameservers.push((*server).to_string()),
                None => error = Some("nameserver list is empty ".to_string()),
            },
            "search" => {
                parts.searches = rest
                    .iter()
                    .map(|s| s.strip_suffix('.').unwrap_or(s).to_string())
                    .collect();
            }
            "options" => parts.options = rest.iter().map(|s| (*s).to_string()).collect(),
            _ => {}
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(parts),
    }
}

/// The base configuration a pod starts from (spec C2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsBase {
    /// Cluster DNS servers and the cluster search domains (C3).
    Cluster,
    /// The node's resolver (C4).
    Host,
    /// Nothing: only `dnsConfig` (policy `None`).
    None,
}

impl DnsBase {
    pub fn as_str(self) -> &'static str {
        match self {
            DnsBase::Cluster => "cluster",
            DnsBase::Host => "host",
            DnsBase::None => "none",
        }
    }
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` getPodDNSType (spec C2, TV100): `None` gives an
/// empty base; `ClusterFirstWithHostNet` the cluster base; `ClusterFirst` the cluster base
/// unless the pod uses the host network, where it silently becomes `Default` (C8); `Default`
/// the node's resolver. Any other policy is an error and the kubelet uses the cluster base.
pub fn pod_dns_type(policy: &str, host_network: bool) -> Result<DnsBase, String> {
    match policy {
        "None" => Ok(DnsBase::None),
        "ClusterFirstWithHostNet" => Ok(DnsBase::Cluster),
        "ClusterFirst" if !host_network => Ok(DnsBase::Cluster),
        "ClusterFirst" | "Default" => Ok(DnsBase::Host),
        other => Err(format!("invalid DNSPolicy={other}")),
    }
}

/// The kubelet's search-line limits (spec C6, H7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLimits {
    pub max_paths: usize,
    pub max_chars: usize,
    /// Entries longer than 253 characters are dropped on their own (since v1.22).
    pub drop_long_entries: bool,
}

impl SearchLimits {
    /// Before `ExpandedDNSConfig`: 6 paths, 256 characters.
    pub const LEGACY: SearchLimits = SearchLimits {
        max_paths: 6,
        max_chars: 256,
        drop_long_entries: true,
    };
    /// With `ExpandedDNSConfig`: 32 paths, 2048 characters.
    pub const EXPANDED: SearchLimits = SearchLimits {
        max_paths: 32,
        max_chars: 2048,
        drop_long_entries: true,
    };

    /// Mirrors the `ExpandedDNSConfig` switch in `pkg/kubelet/network/dns/dns.go`
    /// formDNSSearchFitsLimits (spec C6, H7): the expanded limits from v1.26 (where the gate
    /// is on by default), the legacy ones before; the 253-character entry filter arrived
    /// with the gate in v1.22 (PR #100651) and applies whether or not it is on.
    pub fn for_version(version: KubeVersion) -> SearchLimits {
        if version.at_least(26) {
            SearchLimits::EXPANDED
        } else {
            SearchLimits {
                drop_long_entries: version.at_least(22),
                ..SearchLimits::LEGACY
            }
        }
    }
}

/// Longest search entry kept (a DNS-1123 subdomain).
const MAX_SEARCH_ENTRY: usize = 253;
/// At most this many nameservers reach the pod.
pub const MAX_NAMESERVERS: usize = 3;

/// Mirrors `pkg/kubelet/network/dns/dns.go` formDNSSearchFitsLimits (spec C6, TV103): keep
/// the first `max_paths` entries; drop any entry longer than 253 characters (v1.22+); then,
/// while the space-joined line is longer than `max_chars`, remove entries from the end.
/// Returns the kept entries and, when something was cut, the `DNSConfigForming` message.
pub fn fit_searches(
    mut searches: Vec<String>,
    limits: SearchLimits,
) -> (Vec<String>, Option<String>) {
    let mut exceeded = false;
    if searches.len() > limits.max_paths {
        searches.truncate(limits.max_paths);
        exceeded = true;
    }
    if limits.drop_long_entries {
        let before = searches.len();
        searches.retain(|s| s.len() <= MAX_SEARCH_ENTRY);
        exceeded |= searches.len() != before;
    }
    let line_len = searches.join(" ").len();
    if line_len > limits.max_chars {
        let mut cut_len = 0usize;
        let mut cut = 0usize;
        for entry in searches.iter().rev() {
            cut_len += entry.len() + 1;
            cut += 1;
            if line_len.saturating_sub(cut_len) <= limits.max_chars {
                break;
            }
        }
        searches.truncate(searches.len().saturating_sub(cut));
        exceeded = true;
    }
    let message = exceeded.then(|| {
        format!(
            "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: {}",
            searches.join(" ")
        )
    });
    (searches, message)
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` formDNSNameserversFitsLimits (spec C6, TV104):
/// only the first three nameservers are kept; cutting yields the `DNSConfigForming` message.
pub fn fit_nameservers(mut nameservers: Vec<String>) -> (Vec<String>, Option<String>) {
    if nameservers.len() <= MAX_NAMESERVERS {
        return (nameservers, None);
    }
    nameservers.truncate(MAX_NAMESERVERS);
    let message = format!(
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: {}",
        nameservers.join(" ")
    );
    (nameservers, Some(message))
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` omitDuplicates (spec C3, C5): keeps the first
/// occurrence of each entry.
fn omit_duplicates(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` mergeDNSOptions (spec C5, TV101): base options
/// become a name -> value table (split at the first `:`), `dnsConfig` options overwrite by
/// name (no value, or an empty one, gives the bare name), and the table is written back as
/// `name` or `name:value`. The kubelet writes it in Go map order, so the order is random;
/// podenv returns one possible order: base names first, then new names in `dnsConfig` order.
pub fn merge_dns_options(existing: &[String], extra: &[PodDNSConfigOption]) -> Vec<String> {
    let mut table: Vec<(String, String)> = Vec::new();
    let mut set = |name: &str, value: &str| match table.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = value.to_string(),
        None => table.push((name.to_string(), value.to_string())),
    };
    for option in existing {
        match option.split_once(':') {
            Some((name, value)) => set(name, value),
            None => set(option, ""),
        }
    }
    for option in extra {
        set(
            option.name.as_deref().unwrap_or_default(),
            option.value.as_deref().unwrap_or_default(),
        );
    }
    table
        .into_iter()
        .map(|(name, value)| {
            if value.is_empty() {
                name
            } else {
                format!("{name}:{value}")
            }
        })
        .collect()
}

/// Mirrors containerd's CRI plugin `parseDNSOptions` (spec C7): `search` line (if any),
/// one `nameserver` line per server, then the `options` line (if any).
pub fn render_resolv_conf(parts: &DnsParts) -> String {
    let mut out = String::new();
    if !parts.searches.is_empty() {
        out.push_str(&format!("search {}\n", parts.searches.join(" ")));
    }
    for server in &parts.nameservers {
        out.push_str(&format!("nameserver {server}\n"));
    }
    if !parts.options.is_empty() {
        out.push_str(&format!("options {}\n", parts.options.join(" ")));
    }
    out
}

/// What the kubelet needs to form one pod's DNS configuration.
#[derive(Debug, Clone)]
pub struct PodDnsInput<'a> {
    pub pod_name: &'a str,
    pub namespace: &'a str,
    pub uid: &'a str,
    /// `spec.dnsPolicy` after defaulting.
    pub dns_policy: &'a str,
    pub host_network: bool,
    pub dns_config: Option<&'a PodDNSConfig>,
    /// kubelet `clusterDNS`, as configured.
    pub cluster_dns: &'a [String],
    /// kubelet `clusterDomain`.
    pub cluster_domain: &'a str,
    /// The text of the kubelet's `resolvConf` file; `None` when the kubelet's `resolvConf`
    /// is the empty string (no file).
    pub host_resolv_conf: Option<&'a str>,
    /// The node's IPs (kubelet `nodeIPs`), used when there is no `resolvConf` (C4).
    pub node_ips: &'a [String],
    pub limits: SearchLimits,
}

/// The kubelet's result for one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormedDns {
    pub base: DnsBase,
    pub parts: DnsParts,
    /// True when Go map order decides the option order (C5).
    pub options_nondeterministic: bool,
    pub events: Vec<DnsEvent>,
    pub notes: Vec<String>,
    /// The kubelet's error; the pod sandbox is then not created.
    pub error: Option<String>,
}

fn event(reason: &str, rule: &str, message: String) -> DnsEvent {
    DnsEvent {
        reason: reason.into(),
        message,
        rule: rule.into(),
    }
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` generateSearchesForDNSClusterFirst (spec C3):
/// `<ns>.svc.<domain>`, `svc.<domain>`, `<domain>`, then the node's searches, duplicates
/// removed keeping the first; only the node's searches when the cluster domain is empty.
pub fn cluster_first_searches(
    namespace: &str,
    cluster_domain: &str,
    host: Vec<String>,
) -> Vec<String> {
    if cluster_domain.is_empty() {
        return host;
    }
    let mut searches = vec![
        format!("{namespace}.svc.{cluster_domain}"),
        format!("svc.{cluster_domain}"),
        cluster_domain.to_string(),
    ];
    searches.extend(host);
    omit_duplicates(searches)
}

/// Mirrors `pkg/kubelet/network/dns/dns.go` GetPodDNS with getHostDNSConfig, appendDNSConfig
/// and formDNSConfigFitsLimits (spec C1-C6, TV93-TV99).
///
/// The node file is parsed first for every policy (a parse error fails the pod). The cluster
/// base uses the clusterDNS addresses (printed canonically; unparsable ones are skipped as
/// the kubelet does at start-up), the cluster searches and exactly `ndots:5`; without any
/// clusterDNS it emits `MissingClusterDNS` and falls back to the node's resolver. The host
/// base is the node file; with no file it is one loopback nameserver per node IP family
/// entry and the search `.`. A `dnsConfig` is appended (duplicates removed) and its options
/// merged; the limits are applied last, nameservers first.
pub fn form_pod_dns(input: &PodDnsInput) -> FormedDns {
    let mut events = Vec::new();
    let mut notes = Vec::new();
    let base = match pod_dns_type(input.dns_policy, input.host_network) {
        Ok(base) => base,
        Err(message) => {
            notes.push(format!(
                "{message}: the kubelet logs \"Failed to get DNS type for pod. Falling back to DNSClusterFirst policy.\" (C2)"
            ));
            DnsBase::Cluster
        }
    };
    let host = match input.host_resolv_conf {
        Some(text) => match parse_resolv_conf(text) {
            Ok(parts) => parts,
            Err(error) => {
                return FormedDns {
                    base,
                    parts: DnsParts::default(),
                    options_nondeterministic: false,
                    events,
                    notes,
                    error: Some(error),
                }
            }
        },
        None => DnsParts::default(),
    };
    if input.dns_policy == "ClusterFirst" && input.host_network {
        notes.push(
            "dnsPolicy ClusterFirst on hostNetwork: the kubelet silently uses the node's resolver; use ClusterFirstWithHostNet for cluster names (C8)".into(),
        );
    }
    let cluster_dns: Vec<String> = input
        .cluster_dns
        .iter()
        .filter_map(|s| ip::parse_ip_sloppy(s).map(|ip| ip::format_ip(&ip)))
        .collect();
    let mut parts;
    let mut effective = base;
    match base {
        DnsBase::None => parts = DnsParts::default(),
        DnsBase::Cluster if !cluster_dns.is_empty() => {
            parts = DnsParts {
                nameservers: cluster_dns,
                searches: cluster_first_searches(
                    input.namespace,
                    input.cluster_domain,
                    host.searches,
                ),
                options: vec!["ndots:5".to_string()],
            };
        }
        DnsBase::Cluster | DnsBase::Host => {
            if base == DnsBase::Cluster {
                let node_message = "kubelet does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\" policy. Falling back to \"Default\" policy.";
                events.push(event(
                    "MissingClusterDNS",
                    "C3",
                    format!(
                        "pod: \"{}_{}({})\". {node_message}",
                        input.pod_name, input.namespace, input.uid
                    ),
                ));
                effective = DnsBase::Host;
            }
            parts = host;
            if input.host_resolv_conf.is_none() {
                parts.nameservers = input
                    .node_ips
                    .iter()
                    .map(|s| match ip::parse_ip_sloppy(s) {
                        Some(addr) if !ip::is_ipv4_family(&addr) => "::1".to_string(),
                        _ => "127.0.0.1".to_string(),
                    })
                    .collect();
                if parts.nameservers.is_empty() {
                    parts.nameservers.push("127.0.0.1".into());
                }
                parts.searches = vec![".".into()];
            }
        }
    }
    let mut options_nondeterministic = false;
    if let Some(config) = input.dns_config {
        let mut nameservers = std::mem::take(&mut parts.nameservers);
        nameservers.extend(config.nameservers.iter().flatten().cloned());
        parts.nameservers = omit_duplicates(nameservers);
        let mut searches = std::mem::take(&mut parts.searches);
        searches.extend(config.searches.iter().flatten().cloned());
        parts.searches = omit_duplicates(searches);
        parts.options = merge_dns_options(
            &parts.options,
            config.options.as_deref().unwrap_or_default(),
        );
        options_nondeterministic = parts.options.len() > 1;
    }
    let (nameservers, message) = fit_nameservers(parts.nameservers);
    parts.nameservers = nameservers;
    if let Some(message) = message {
        events.push(event("DNSConfigForming", "C6", message));
    }
    let (searches, message) = fit_searches(parts.searches, input.limits);
    parts.searches = searches;
    if let Some(message) = message {
        events.push(event("DNSConfigForming", "C6", message));
    }
    if base == DnsBase::None && parts == DnsParts::default() {
        notes.push(
            "dnsPolicy None without dnsConfig: the API server rejects such a pod (VAL11); a runtime given an empty DNS config copies the node's /etc/resolv.conf".into(),
        );
    }
    FormedDns {
        base: effective,
        parts,
        options_nondeterministic,
        events,
        notes,
        error: None,
    }
}
