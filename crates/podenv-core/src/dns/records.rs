//! The records a spec-compliant cluster DNS serves for Services and pods (spec section 11,
//! rules D1-D10).

use std::collections::BTreeSet;
use std::net::IpAddr;

use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::cluster::{Cluster, PodInstance, ServiceInfo};
use crate::ip;
use crate::model::{DnsRecord, DnsRecordType};
use crate::objects::Workload;

/// The schema version current CoreDNS answers for `dns-version` (spec D1).
pub const DNS_SCHEMA_VERSION: &str = "1.1.0";

/// Note on every pod A record (spec D9).
pub const POD_RECORD_NOTE: &str =
    "served only when CoreDNS has `pods insecure` or `pods verified`; the default `pods disabled` serves none";

/// The records and cluster-wide remarks.
#[derive(Debug, Clone, Default)]
pub struct ClusterRecords {
    pub records: Vec<DnsRecord>,
    pub notes: Vec<String>,
    /// `namespace/name` of headless Services without a ready endpoint (their name is NXDOMAIN).
    pub empty_headless: BTreeSet<String>,
}

/// `a.b.c` joined from non-empty labels, no trailing dot.
pub fn join_name(labels: &[&str]) -> String {
    labels
        .iter()
        .map(|l| l.trim_matches('.'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// `svc.ns.svc.<domain>` without the trailing dot (spec D2).
pub fn service_name(service: &str, namespace: &str, domain: &str) -> String {
    join_name(&[service, namespace, "svc", domain])
}

/// `_port._proto.svc.ns.svc.<domain>` without the trailing dot (spec D3).
pub fn srv_name(
    port_name: &str,
    protocol: &str,
    service: &str,
    namespace: &str,
    domain: &str,
) -> String {
    format!(
        "_{port_name}._{}.{}",
        protocol.to_lowercase(),
        service_name(service, namespace, domain)
    )
}

fn rooted(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

fn address_type(addr: &IpAddr) -> DnsRecordType {
    if ip::is_ipv4_family(addr) {
        DnsRecordType::A
    } else {
        DnsRecordType::AAAA
    }
}

/// Collects records, dropping exact duplicates (same name, type and data).
#[derive(Default)]
struct RecordSet {
    records: Vec<DnsRecord>,
    seen: BTreeSet<(String, DnsRecordType, String)>,
}

/// Who a record belongs to.
#[derive(Clone, Default)]
struct Owner {
    service: Option<String>,
    pod: Option<String>,
    derived: bool,
    note: Option<String>,
}

impl RecordSet {
    fn push(
        &mut self,
        name: &str,
        record_type: DnsRecordType,
        data: String,
        rule: &str,
        owner: &Owner,
    ) {
        self.push_srv_like(name, record_type, data, None, None, rule, owner);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_srv_like(
        &mut self,
        name: &str,
        record_type: DnsRecordType,
        data: String,
        port: Option<i32>,
        target: Option<String>,
        rule: &str,
        owner: &Owner,
    ) {
        let name = rooted(name);
        if !self
            .seen
            .insert((name.to_ascii_lowercase(), record_type, data.clone()))
        {
            return;
        }
        self.records.push(DnsRecord {
            name,
            record_type,
            data,
            port,
            target,
            service: owner.service.clone(),
            pod: owner.pod.clone(),
            derived: owner.derived,
            rule: rule.into(),
            note: owner.note.clone(),
        });
    }

    fn address(&mut self, name: &str, addr: &IpAddr, rule: &str, owner: &Owner) {
        self.push(name, address_type(addr), ip::format_ip(addr), rule, owner);
    }

    fn srv(&mut self, name: &str, port: i32, target: &str, rule: &str, owner: &Owner) {
        let target = rooted(target);
        self.push_srv_like(
            name,
            DnsRecordType::SRV,
            format!("{port} {target}"),
            Some(port),
            Some(target),
            rule,
            owner,
        );
    }

    fn ptr(&mut self, addr: &IpAddr, target: &str, rule: &str, owner: &Owner) {
        self.push(
            &ip::reverse_pointer_name(addr),
            DnsRecordType::PTR,
            rooted(target),
            rule,
            owner,
        );
    }
}

/// The pasted Pod object behind a pod instance, when the input is a bare Pod.
pub(crate) fn pasted_pod<'a>(cluster: &'a Cluster, pod: &PodInstance) -> Option<&'a Pod> {
    cluster
        .inputs
        .workloads
        .iter()
        .find_map(|o| match &o.object {
            Workload::Pod(p) if o.meta == pod.source => Some(p.as_ref()),
            _ => None,
        })
}

/// Where a pod's DNS IPs came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodIpOrigin {
    /// `status.podIPs` / `status.podIP` of the pasted Pod.
    Status,
    /// The node's IPs (host-network pod).
    Node,
    /// The context's `podIPs`.
    Context,
}

/// The pod's IPs as the runtime reports them, used alike for `status.podIP(s)` env values
/// (before the kubelet's family sort, spec F3), DNS names, endpoints and /etc/hosts: the
/// node's IPs for a host-network pod; else podIP(s) set explicitly in the context; else
/// the pasted Pod's `status.podIPs` (or `status.podIP`); else the context default.
/// Unparsable entries are dropped.
pub fn dns_pod_ips(cluster: &Cluster, pod: &PodInstance) -> (Vec<String>, PodIpOrigin) {
    let status = pasted_pod(cluster, pod).and_then(|p| p.status.as_ref());
    let from_status: Vec<String> = match status {
        Some(s) => match &s.pod_ips {
            Some(ips) if !ips.is_empty() => ips.iter().map(|p| p.ip.clone()).collect(),
            _ => s.pod_ip.iter().cloned().collect(),
        },
        None => Vec::new(),
    };
    let explicit = !cluster.context.defaulted.iter().any(|k| k == "podIPs");
    let (raw, origin) = if pod.spec.host_network == Some(true) {
        (
            cluster.node.host_ips.clone().unwrap_or_default(),
            PodIpOrigin::Node,
        )
    } else if !explicit && !from_status.is_empty() {
        (from_status, PodIpOrigin::Status)
    } else {
        (cluster.context.pod_ips.clone(), PodIpOrigin::Context)
    };
    let ips = raw
        .iter()
        .filter_map(|s| ip::parse_ip_sloppy(s).map(|a| ip::format_ip(&a)))
        .collect();
    (ips, origin)
}

/// Mirrors `pkg/api/v1/pod/util.go` IsPodReady as the EndpointSlice controller uses it
/// (spec D5): the pasted `Ready` condition; `None` (assumed ready) when the input has none.
fn pod_ready(cluster: &Cluster, pod: &PodInstance) -> Option<bool> {
    let status = pasted_pod(cluster, pod)?.status.as_ref()?;
    let condition = status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "Ready")?;
    Some(condition.status == "True")
}

/// One endpoint port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EndpointPort {
    name: String,
    port: i32,
    protocol: String,
}

/// One ready (or published) endpoint of a headless Service.
#[derive(Debug, Clone)]
struct Endpoint {
    ips: Vec<IpAddr>,
    hostname: Option<String>,
    ports: Vec<EndpointPort>,
    pod: Option<String>,
}

/// Where a headless Service's endpoints came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndpointSource {
    Slices,
    Endpoints,
    Pods,
}

/// The pasted Service object behind a ServiceInfo (the last definition wins, as in the cluster).
fn raw_service<'a>(cluster: &'a Cluster, service: &ServiceInfo) -> Option<&'a Service> {
    cluster
        .inputs
        .services
        .iter()
        .rev()
        .find(|o| o.meta.namespace == service.namespace && o.meta.name == service.name)
        .map(|o| &o.object)
}

/// Mirrors the EndpointSlice controller's port lookup, `pkg/api/v1/pod/util.go` FindPort
/// (spec D5): a numeric targetPort is used as is; a named one is the container port of the
/// same name and protocol (regular containers, then sidecar init containers); none found
/// means the endpoint has no such port. An absent targetPort defaults to the port.
fn find_target_port(
    pod: &PodInstance,
    target: Option<&IntOrString>,
    port: i32,
    protocol: &str,
) -> Option<i32> {
    let name = match target {
        None => return Some(port),
        Some(IntOrString::Int(n)) => return Some(*n),
        Some(IntOrString::String(name)) => name,
    };
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"));
    pod.spec
        .containers
        .iter()
        .chain(sidecars)
        .flat_map(|c| c.ports.iter().flatten())
        .find(|p| {
            p.name.as_deref() == Some(name.as_str())
                && p.protocol.as_deref().unwrap_or("TCP") == protocol
        })
        .map(|p| p.container_port)
}

/// Mirrors the API server's ipFamilies defaulting for headless Services with a selector
/// (`pkg/registry/core/service/storage` alloc.go initIPFamilyFields) as the EndpointSlice
/// controller then uses it (spec D2, D5): `spec.ipFamilies` as written, else both families
/// for a dual-stack policy, else the family of the first service CIDR.
fn service_families(cluster: &Cluster, service: &ServiceInfo) -> (bool, bool) {
    if !service.ip_families.is_empty() {
        return (
            service.ip_families.iter().any(|f| f == "IPv4"),
            service.ip_families.iter().any(|f| f == "IPv6"),
        );
    }
    let cidrs: Vec<bool> = cluster
        .context
        .service_cidr
        .iter()
        .filter_map(|c| ip::parse_cidr(c).ok())
        .map(|c| c.addr.is_ipv6())
        .collect();
    let primary_v6 = cidrs.first().copied().unwrap_or(false);
    if matches!(
        service.ip_family_policy.as_deref(),
        Some("PreferDualStack" | "RequireDualStack")
    ) {
        return (
            !primary_v6 || cidrs.contains(&false),
            primary_v6 || cidrs.contains(&true),
        );
    }
    (!primary_v6, primary_v6)
}

/// Mirrors the EndpointSlice controller (`pkg/controller/endpointslice`, podToEndpoint,
/// `endpointutil.ShouldSetHostname`) as CoreDNS then reads it (spec D5-D7): endpoints
/// from the pasted EndpointSlices of the Service (label `kubernetes.io/service-name`), else
/// from its pasted Endpoints, else derived from the pasted pods its selector matches. An
/// endpoint counts when ready (an absent `ready` condition counts as ready) or when the
/// Service publishes not-ready addresses. A derived endpoint gets `spec.hostname` as its
/// hostname when the pod's `subdomain` names this Service.
fn headless_endpoints(
    cluster: &Cluster,
    service: &ServiceInfo,
    notes: &mut Vec<String>,
) -> (Vec<Endpoint>, Option<EndpointSource>) {
    let publish = service.publish_not_ready_addresses;
    let slices: Vec<_> = cluster
        .inputs
        .endpoint_slices
        .iter()
        .filter(|o| {
            o.meta.namespace == service.namespace
                && o.object
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("kubernetes.io/service-name"))
                    == Some(&service.name)
        })
        .collect();
    if !slices.is_empty() {
        let mut endpoints = Vec::new();
        for slice in slices {
            let ports: Vec<EndpointPort> = slice
                .object
                .ports
                .iter()
                .flatten()
                .filter_map(|p| {
                    Some(EndpointPort {
                        name: p.name.clone().unwrap_or_default(),
                        port: p.port?,
                        protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                    })
                })
                .collect();
            for ep in slice.object.endpoints.iter().flatten() {
                let ready = ep.conditions.as_ref().and_then(|c| c.ready) != Some(false);
                if !ready && !publish {
                    continue;
                }
                let ips: Vec<IpAddr> = ep
                    .addresses
                    .iter()
                    .filter_map(|a| ip::parse_ip_sloppy(a))
                    .collect();
                if ips.is_empty() {
                    continue;
                }
                endpoints.push(Endpoint {
                    ips,
                    hostname: ep.hostname.clone().filter(|h| !h.is_empty()),
                    ports: ports.clone(),
                    pod: target_pod(ep.target_ref.as_ref(), &service.namespace),
                });
            }
        }
        return (endpoints, Some(EndpointSource::Slices));
    }
    let legacy = cluster
        .inputs
        .endpoints
        .iter()
        .rev()
        .find(|o| o.meta.namespace == service.namespace && o.meta.name == service.name);
    if let Some(object) = legacy {
        let mut endpoints = Vec::new();
        for subset in object.object.subsets.iter().flatten() {
            let ports: Vec<EndpointPort> = subset
                .ports
                .iter()
                .flatten()
                .map(|p| EndpointPort {
                    name: p.name.clone().unwrap_or_default(),
                    port: p.port,
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                })
                .collect();
            let not_ready = subset
                .not_ready_addresses
                .iter()
                .flatten()
                .filter(|_| publish);
            for address in subset.addresses.iter().flatten().chain(not_ready) {
                let Some(addr) = ip::parse_ip_sloppy(&address.ip) else {
                    continue;
                };
                endpoints.push(Endpoint {
                    ips: vec![addr],
                    hostname: address.hostname.clone().filter(|h| !h.is_empty()),
                    ports: ports.clone(),
                    pod: target_pod(address.target_ref.as_ref(), &service.namespace),
                });
            }
        }
        return (endpoints, Some(EndpointSource::Endpoints));
    }
    if service.selector.is_empty() {
        return (Vec::new(), None);
    }
    let raw = raw_service(cluster, service);
    let raw_ports = raw
        .and_then(|s| s.spec.as_ref())
        .and_then(|s| s.ports.clone())
        .unwrap_or_default();
    let (want_v4, want_v6) = service_families(cluster, service);
    let mut endpoints = Vec::new();
    for pod in &cluster.pods {
        if pod.rejected
            || pod.namespace != service.namespace
            || !service
                .selector
                .iter()
                .all(|(k, v)| pod.labels.get(k) == Some(v))
        {
            continue;
        }
        if !publish && pod_ready(cluster, pod) == Some(false) {
            notes.push(format!(
                "pod {}/{} is not Ready: it is not an endpoint of headless Service {}",
                pod.namespace,
                pod.name,
                service.key()
            ));
            continue;
        }
        let (ips, _) = dns_pod_ips(cluster, pod);
        let ips: Vec<IpAddr> = ips
            .iter()
            .filter_map(|s| ip::parse_ip_sloppy(s))
            .filter(|a| {
                if ip::is_ipv4_family(a) {
                    want_v4
                } else {
                    want_v6
                }
            })
            .collect();
        if ips.is_empty() {
            continue;
        }
        let hostname = pod.spec.hostname.clone().filter(|h| {
            !h.is_empty() && pod.spec.subdomain.as_deref() == Some(service.name.as_str())
        });
        let ports = service
            .ports
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let target = raw_ports.get(i).and_then(|r| r.target_port.as_ref());
                Some(EndpointPort {
                    name: p.name.clone(),
                    port: find_target_port(pod, target, p.port, &p.protocol)?,
                    protocol: p.protocol.clone(),
                })
            })
            .collect();
        endpoints.push(Endpoint {
            ips,
            hostname,
            ports,
            pod: Some(format!("{}/{}", pod.namespace, pod.name)),
        });
    }
    (endpoints, Some(EndpointSource::Pods))
}

/// Mirrors CoreDNS `plugin/kubernetes/kubernetes.go` findServices and `reverse.go`
/// serviceRecordForIP for a Service with cluster IPs (spec D2-D4): one A or AAAA per cluster
/// IP (both families for dual-stack), an SRV per named port (the Service port, target the
/// Service name) and a PTR per cluster IP.
fn cluster_ip_records(set: &mut RecordSet, service: &ServiceInfo, domain: &str) {
    let name = service_name(&service.name, &service.namespace, domain);
    let owner = Owner {
        service: Some(service.key()),
        ..Owner::default()
    };
    let ips: Vec<IpAddr> = service
        .cluster_ips
        .iter()
        .filter_map(|s| ip::parse_ip_sloppy(s))
        .collect();
    for addr in &ips {
        set.address(&name, addr, "D2", &owner);
    }
    for port in service.ports.iter().filter(|p| !p.name.is_empty()) {
        let srv = srv_name(
            &port.name,
            &port.protocol,
            &service.name,
            &service.namespace,
            domain,
        );
        set.srv(&srv, port.port, &name, "D3", &owner);
    }
    for addr in &ips {
        set.ptr(addr, &name, "D4", &owner);
    }
}

/// Mirrors CoreDNS `plugin/kubernetes/kubernetes.go` findServices (headless branch) and
/// endpointHostname (spec D5-D7, D10): the Service name answers every endpoint IP; each
/// endpoint has a name under the Service (its hostname, else its IP with dashes), an SRV per
/// named port per endpoint (the endpoint's port, i.e. the target port) and a PTR per IP.
fn headless_records(
    set: &mut RecordSet,
    out: &mut ClusterRecords,
    cluster: &Cluster,
    service: &ServiceInfo,
    domain: &str,
) {
    let name = service_name(&service.name, &service.namespace, domain);
    let (endpoints, source) = headless_endpoints(cluster, service, &mut out.notes);
    let derived = source == Some(EndpointSource::Pods);
    if endpoints.is_empty() {
        out.empty_headless.insert(service.key());
        let why = match source {
            Some(EndpointSource::Slices) => "its pasted EndpointSlices have no ready endpoint",
            Some(EndpointSource::Endpoints) => "its pasted Endpoints have no ready address",
            Some(EndpointSource::Pods) => {
                "no EndpointSlice or Endpoints is pasted and no pasted pod matches its selector"
            }
            None => "it has no selector and no EndpointSlice or Endpoints is pasted",
        };
        out.notes.push(format!(
            "headless Service {} has no ready endpoints ({why}): {name}. answers NXDOMAIN (D5)",
            service.key()
        ));
        return;
    }
    if derived {
        out.notes.push(format!(
            "headless Service {}: endpoints derived from the pasted pods its selector matches (no EndpointSlice or Endpoints pasted); pods are assumed Ready unless their status says otherwise",
            service.key()
        ));
    }
    let base_owner = |pod: &Option<String>| Owner {
        service: Some(service.key()),
        pod: pod.clone(),
        derived,
        note: None,
    };
    for ep in &endpoints {
        for addr in &ep.ips {
            set.address(&name, addr, "D5", &base_owner(&ep.pod));
        }
    }
    // (endpoint host name, its IPs)
    let mut hosts: Vec<(String, Vec<IpAddr>, &Endpoint)> = Vec::new();
    for ep in &endpoints {
        match &ep.hostname {
            Some(h) => hosts.push((join_name(&[h, &name]), ep.ips.clone(), ep)),
            None => {
                for addr in &ep.ips {
                    hosts.push((
                        join_name(&[&ip::pod_dns_label(addr), &name]),
                        vec![*addr],
                        ep,
                    ));
                }
            }
        }
    }
    for (host, ips, ep) in &hosts {
        let rule = if ep.hostname.is_some() { "D7" } else { "D6" };
        for addr in ips {
            set.address(host, addr, rule, &base_owner(&ep.pod));
        }
    }
    for (host, _, ep) in &hosts {
        for port in ep.ports.iter().filter(|p| !p.name.is_empty()) {
            let srv = srv_name(
                &port.name,
                &port.protocol,
                &service.name,
                &service.namespace,
                domain,
            );
            set.srv(&srv, port.port, host, "D5", &base_owner(&ep.pod));
        }
    }
    for (host, ips, ep) in &hosts {
        for addr in ips {
            set.ptr(addr, host, "D5", &base_owner(&ep.pod));
        }
    }
}

/// Mirrors CoreDNS `plugin/kubernetes/kubernetes.go` findServices (ExternalName branch,
/// spec D8): the Service name is a CNAME to the external name, rooted.
fn external_name_records(set: &mut RecordSet, service: &ServiceInfo, domain: &str) {
    let Some(target) = service.external_name.as_deref().filter(|t| !t.is_empty()) else {
        return;
    };
    let owner = Owner {
        service: Some(service.key()),
        ..Owner::default()
    };
    let name = service_name(&service.name, &service.namespace, domain);
    set.push(&name, DnsRecordType::CNAME, rooted(target), "D8", &owner);
}

/// Mirrors the kubernetes/dns specification (schema 1.1.0) as CoreDNS's `kubernetes`
/// plugin serves it (`plugin/kubernetes/kubernetes.go` Records, findServices, findPods,
/// endpointHostname; spec D1-D9): the `dns-version` TXT record, every Service's records by
/// namespace and name, then the pod A/AAAA records `<ip-with-dashes>.<ns>.pod.<domain>`.
pub fn cluster_records(cluster: &Cluster) -> ClusterRecords {
    let domain = cluster.context.cluster_domain.as_str();
    let mut out = ClusterRecords::default();
    let mut set = RecordSet::default();
    set.push(
        &join_name(&["dns-version", domain]),
        DnsRecordType::TXT,
        format!("\"{DNS_SCHEMA_VERSION}\""),
        "D1",
        &Owner {
            note: Some(
                "the schema version CoreDNS reports; the 1.0.1 specification text says \"1.0.1\""
                    .into(),
            ),
            ..Owner::default()
        },
    );
    let mut services: Vec<&ServiceInfo> = cluster.services.iter().collect();
    services.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    for service in services {
        if service.service_type == "ExternalName" {
            external_name_records(&mut set, service, domain);
        } else if service.has_cluster_ip() {
            cluster_ip_records(&mut set, service, domain);
        } else if service.cluster_ip == "None" {
            headless_records(&mut set, &mut out, cluster, service, domain);
        }
    }
    for pod in cluster.pods.iter().filter(|p| !p.rejected) {
        let (ips, _) = dns_pod_ips(cluster, pod);
        let owner = Owner {
            pod: Some(format!("{}/{}", pod.namespace, pod.name)),
            note: Some(POD_RECORD_NOTE.into()),
            ..Owner::default()
        };
        for addr in ips.iter().filter_map(|s| ip::parse_ip_sloppy(s)) {
            let name = join_name(&[&ip::pod_dns_label(&addr), &pod.namespace, "pod", domain]);
            set.address(&name, &addr, "D9", &owner);
        }
    }
    out.records = set.records;
    out
}

/// `namespace/name` of the Pod an endpoint's `targetRef` points at, if it points at a Pod.
fn target_pod(
    target: Option<&k8s_openapi::api::core::v1::ObjectReference>,
    namespace: &str,
) -> Option<String> {
    target
        .filter(|r| r.kind.as_deref() == Some("Pod"))
        .and_then(|r| r.name.as_deref())
        .map(|n| format!("{namespace}/{n}"))
}
