//! DNS: the records a spec-compliant cluster DNS serves, each pod's resolv.conf, hostname
//! and /etc/hosts, every service variable next to the DNS name that replaces it, and the
//! resolver's walk for a typed name (spec sections 11-13).
//!
//! Pure like the rest of the core: the cluster (after API-server emulation) in, model
//! types out.

pub mod hosts;
pub mod links;
pub mod records;
pub mod resolv;
pub mod walk;

#[cfg(test)]
mod tests;

pub use records::{cluster_records, ClusterRecords};
pub use walk::resolver_walk;

use crate::cluster::{Cluster, PodInstance};
use crate::envvars::ServiceEnv;
use crate::ip;
use crate::model::{Analysis, DnsReport, NameWalk, PodDns, PodDnsReport, ResolvConf};

use self::hosts::HostAlias;
use self::records::PodIpOrigin;
use self::resolv::{PodDnsInput, SearchLimits};

/// A pod's DNS view (spec C1-C8, N1-N4, D7, and the env<->DNS mapping). `service_env` is
/// the service map its containers receive; `records` the cluster's records; `services`
/// the cluster's Services by `namespace/name` (built once per analysis).
pub fn pod_dns(
    cluster: &Cluster,
    pod: &PodInstance,
    service_env: &ServiceEnv,
    records: &ClusterRecords,
    services: &links::ServiceIndex,
) -> PodDns {
    let context = &cluster.context;
    let domain = context.cluster_domain.as_str();
    let host_network = pod.spec.host_network == Some(true);
    let dns_policy = pod
        .spec
        .dns_policy
        .clone()
        .unwrap_or_else(|| "ClusterFirst".into());
    let formed = resolv::form_pod_dns(&PodDnsInput {
        pod_name: &pod.name,
        namespace: &pod.namespace,
        uid: &pod.uid,
        dns_policy: &dns_policy,
        host_network,
        dns_config: pod.spec.dns_config.as_ref(),
        cluster_dns: &context.cluster_dns,
        cluster_domain: domain,
        host_resolv_conf: Some(&context.node_resolv_conf),
        node_ips: &context.node_ips,
        limits: SearchLimits::for_version(context.kubernetes_version),
    });
    let mut notes = formed.notes.clone();
    let cluster_dns: Vec<String> = context
        .cluster_dns
        .iter()
        .filter_map(|s| ip::parse_ip_sloppy(s).map(|a| ip::format_ip(&a)))
        .collect();
    let uses_cluster_dns = formed
        .parts
        .nameservers
        .iter()
        .any(|n| cluster_dns.contains(n));
    let resolv_conf = ResolvConf {
        base: formed.base.as_str().into(),
        text: if formed.error.is_some() {
            String::new()
        } else {
            resolv::render_resolv_conf(&formed.parts)
        },
        searches: formed.parts.searches,
        nameservers: formed.parts.nameservers,
        options: formed.parts.options,
        options_nondeterministic: formed.options_nondeterministic,
        warnings: formed.events,
        error: formed.error,
    };

    if pod
        .spec
        .hostname_override
        .as_deref()
        .is_some_and(|h| !h.is_empty())
    {
        notes.push(
            "spec.hostnameOverride needs the HostnameOverride feature gate (alpha, off by default); podenv ignores it (N1)".into(),
        );
    }
    let named = hosts::hostname_and_domain(
        &pod.name,
        pod.spec.hostname.as_deref(),
        pod.spec.subdomain.as_deref(),
        &pod.namespace,
        domain,
    );
    let (hostname, host_domain, mut kernel_error) = match named {
        Ok((h, d)) => (h, d, None),
        Err(e) => (pod.name.clone(), String::new(), Some(e)),
    };
    let fqdn = if host_domain.is_empty() {
        hostname.clone()
    } else {
        format!("{hostname}.{host_domain}")
    };
    let mut kernel_hostname = None;
    if host_network {
        kernel_hostname = Some(cluster.node.name.clone());
        notes.push(format!(
            "hostNetwork: the kernel hostname is the node's (`{}` stands in for it)",
            cluster.node.name
        ));
    } else if kernel_error.is_none() {
        match hosts::kernel_hostname(
            &hostname,
            &host_domain,
            pod.spec.set_hostname_as_fqdn == Some(true),
        ) {
            Ok(h) => kernel_hostname = Some(h),
            Err(e) => kernel_error = Some(e),
        }
    }
    let sandbox_error = resolv_conf
        .error
        .as_ref()
        .or(kernel_error.as_ref())
        .map(|e| format!("FailedCreatePodSandBox: Failed to create pod sandbox: {e}"));

    let (pod_ips, origin) = records::dns_pod_ips(cluster, pod);
    match origin {
        PodIpOrigin::Status => notes.push("pod IPs from the pasted status.podIPs".into()),
        PodIpOrigin::Node => {}
        PodIpOrigin::Context => {}
    }
    let aliases: Vec<HostAlias> = pod
        .spec
        .host_aliases
        .iter()
        .flatten()
        .map(|a| HostAlias {
            ip: a.ip.clone(),
            hostnames: a.hostnames.clone().unwrap_or_default(),
        })
        .collect();
    let hosts_file = if host_network {
        Some(hosts::host_network_hosts_file(&aliases))
    } else if pod_ips.is_empty() {
        None
    } else {
        Some(hosts::managed_hosts_file(
            &pod_ips,
            &hostname,
            &host_domain,
            &aliases,
        ))
    };

    // D7 / edge case 29: a subdomain needs a headless Service of that name selecting the pod.
    if let Some(subdomain) = pod.spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
        let service = cluster
            .services
            .iter()
            .find(|s| s.namespace == pod.namespace && s.name == subdomain);
        let record_name = format!("{fqdn}.");
        let served = records
            .records
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(&record_name));
        match service {
            None => notes.push(format!(
                "subdomain `{subdomain}` has no Service of that name in namespace {}: {fqdn} is in /etc/hosts (and the kernel hostname with setHostnameAsFQDN) but does not resolve in DNS (D7)",
                pod.namespace
            )),
            Some(s) if s.cluster_ip != "None" => notes.push(format!(
                "subdomain `{subdomain}` names Service {} which is not headless: per-pod names are only served for headless Services, so {fqdn} does not resolve (D7)",
                s.key()
            )),
            Some(_) if pod.spec.hostname.as_deref().unwrap_or_default().is_empty() => notes.push(format!(
                "subdomain `{subdomain}` without spec.hostname: only the Service's own records exist (D7)"
            )),
            Some(s) if !served => notes.push(format!(
                "headless Service {} does not publish this pod as an endpoint (selector, readiness or pasted endpoints): {fqdn} does not resolve (D7)",
                s.key()
            )),
            Some(_) => {}
        }
    }

    PodDns {
        dns_policy,
        host_network,
        cluster_domain: domain.to_string(),
        uses_cluster_dns,
        resolv_conf,
        hostname,
        domain: host_domain,
        fqdn,
        kernel_hostname,
        kernel_hostname_error: kernel_error,
        sandbox_error,
        pod_ips,
        hosts_file,
        service_links: links::service_links(service_env, services, domain),
        reachable_without_variables: links::reachable_without_variables(
            &cluster.services,
            service_env,
            &pod.namespace,
            pod.enable_service_links,
            context.service_lister,
            &records.empty_headless,
            domain,
        ),
        notes,
    }
}

/// The `podenv dns` result: the records, each pod's DNS view, and the walks (glibc and
/// musl) of each name in `names` for each pod.
pub fn report(analysis: &Analysis, names: &[String]) -> DnsReport {
    let pods = analysis
        .pods
        .iter()
        .map(|pod| {
            let walks = match &pod.dns {
                Some(dns) => names
                    .iter()
                    .map(|name| {
                        let glibc = resolver_walk(dns, &analysis.dns_records, name, false);
                        let musl = resolver_walk(dns, &analysis.dns_records, name, true);
                        let musl_differs = glibc.queries != musl.queries;
                        NameWalk {
                            name: name.clone(),
                            glibc,
                            musl,
                            musl_differs,
                        }
                    })
                    .collect(),
                None => Vec::new(),
            };
            PodDnsReport {
                namespace: pod.namespace.clone(),
                name: pod.name.clone(),
                generated_name: pod.generated_name,
                source: pod.source.clone(),
                rejected: pod.rejected,
                dns: pod.dns.clone(),
                walks,
            }
        })
        .collect();
    DnsReport {
        schema_version: analysis.schema_version,
        kubernetes_version: analysis.kubernetes_version.clone(),
        records: analysis.dns_records.clone(),
        notes: analysis.dns_notes.clone(),
        pods,
        diagnostics: analysis.diagnostics.clone(),
    }
}
