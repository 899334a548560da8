//! Hostname, FQDN and the kubelet-managed /etc/hosts (spec section 12.1, rules N1-N4).

use crate::names;

/// Longest hostname the kubelet hands to the runtime.
const HOSTNAME_MAX: usize = 63;
/// Longest FQDN usable as the kernel hostname.
const FQDN_MAX: usize = 64;

/// The header of the managed file.
pub const MANAGED_HEADER: &str = "# Kubernetes-managed hosts file.\n";
/// The header of the file a host-network pod gets.
pub const HOST_NETWORK_HEADER: &str = "# Kubernetes-managed hosts file (host network).\n";

/// Mirrors `pkg/kubelet/kubelet_pods.go` truncatePodHostnameIfNeeded (spec N1, TV109): a
/// hostname longer than 63 characters is cut to 63 and loses trailing `-` and `.`; an
/// empty result is an error.
pub fn truncate_hostname(pod_name: &str, hostname: &str) -> Result<String, String> {
    if hostname.len() <= HOSTNAME_MAX {
        return Ok(hostname.to_string());
    }
    let mut end = HOSTNAME_MAX;
    while !hostname.is_char_boundary(end) {
        end -= 1;
    }
    let truncated = hostname[..end].trim_end_matches(['-', '.']);
    if truncated.is_empty() {
        return Err(format!(
            "hostname for pod {pod_name:?} was invalid: {hostname:?}"
        ));
    }
    Ok(truncated.to_string())
}

/// Mirrors `pkg/kubelet/kubelet_pods.go` GeneratePodHostNameAndDomain (spec N1, N2): the
/// hostname is `spec.hostname` (which must be a DNS-1123 label) or the pod name, truncated;
/// the domain is `<subdomain>.<ns>.svc.<clusterDomain>` when `spec.subdomain` is set (also a
/// DNS-1123 label), whether or not a matching Service exists. Returns the kubelet's error
/// texts for invalid labels.
pub fn hostname_and_domain(
    pod_name: &str,
    hostname: Option<&str>,
    subdomain: Option<&str>,
    namespace: &str,
    cluster_domain: &str,
) -> Result<(String, String), String> {
    let mut name = pod_name;
    if let Some(h) = hostname.filter(|h| !h.is_empty()) {
        if let Err(msgs) = names::is_dns1123_label(h) {
            return Err(format!(
                "pod Hostname {h:?} is not a valid DNS label: {}",
                msgs.join(";")
            ));
        }
        name = h;
    }
    let name = truncate_hostname(pod_name, name)?;
    let mut domain = String::new();
    if let Some(s) = subdomain.filter(|s| !s.is_empty()) {
        if let Err(msgs) = names::is_dns1123_label(s) {
            return Err(format!(
                "pod Subdomain {s:?} is not a valid DNS label: {}",
                msgs.join(";")
            ));
        }
        domain = format!("{s}.{namespace}.svc.{cluster_domain}");
    }
    Ok((name, domain))
}

/// Mirrors `pkg/kubelet/util/util.go` GetNodenameForKernel (spec N3, TV108): the short
/// hostname, or `hostname.domain` when `setHostnameAsFQDN` is true and there is a domain;
/// an FQDN longer than 64 characters is the kubelet's error.
pub fn kernel_hostname(
    hostname: &str,
    domain: &str,
    set_hostname_as_fqdn: bool,
) -> Result<String, String> {
    if domain.is_empty() || !set_hostname_as_fqdn {
        return Ok(hostname.to_string());
    }
    let fqdn = format!("{hostname}.{domain}");
    if fqdn.len() > FQDN_MAX {
        return Err(format!(
            "failed to construct FQDN from pod hostname and cluster domain, FQDN {fqdn} is too long ({FQDN_MAX} characters is the max, {} characters requested)",
            fqdn.len()
        ));
    }
    Ok(fqdn)
}

/// One `hostAliases` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostAlias {
    pub ip: String,
    pub hostnames: Vec<String>,
}

/// Mirrors `pkg/kubelet/kubelet_pods.go` hostsEntriesFromHostAliases (spec N4): nothing
/// without aliases; else a blank line, `# Entries added by HostAliases.` and one
/// `IP<TAB>name1<TAB>name2...` line per alias.
pub fn host_alias_entries(aliases: &[HostAlias]) -> String {
    if aliases.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n# Entries added by HostAliases.\n");
    for alias in aliases {
        out.push_str(&format!("{}\t{}\n", alias.ip, alias.hostnames.join("\t")));
    }
    out
}

/// Mirrors `pkg/kubelet/kubelet_pods.go` managedHostsFileContent (spec N4, TV110): the
/// header, the fixed loopback and IPv6 lines, one line per pod IP (`IP<TAB>fqdn<TAB>host`
/// with a domain, `IP<TAB>host` without), then the HostAliases block.
pub fn managed_hosts_file(
    pod_ips: &[String],
    hostname: &str,
    domain: &str,
    aliases: &[HostAlias],
) -> String {
    let mut out = String::from(MANAGED_HEADER);
    out.push_str("127.0.0.1\tlocalhost\n");
    out.push_str("::1\tlocalhost ip6-localhost ip6-loopback\n");
    out.push_str("fe00::0\tip6-localnet\n");
    out.push_str("fe00::0\tip6-mcastprefix\n");
    out.push_str("fe00::1\tip6-allnodes\n");
    out.push_str("fe00::2\tip6-allrouters\n");
    for ip in pod_ips {
        if domain.is_empty() {
            out.push_str(&format!("{ip}\t{hostname}\n"));
        } else {
            out.push_str(&format!("{ip}\t{hostname}.{domain}\t{hostname}\n"));
        }
    }
    out.push_str(&host_alias_entries(aliases));
    out
}

/// Mirrors `pkg/kubelet/kubelet_pods.go` nodeHostsFileContent (spec N4): a host-network pod
/// gets the host-network header, the node's own /etc/hosts (not known to podenv, shown as a
/// placeholder line) and the HostAliases block.
pub fn host_network_hosts_file(aliases: &[HostAlias]) -> String {
    let mut out = String::from(HOST_NETWORK_HEADER);
    out.push_str("# <the node's /etc/hosts follows here>\n");
    out.push_str(&host_alias_entries(aliases));
    out
}
