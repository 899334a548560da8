//! Service variables next to the DNS names that replace them, and the Services a pod
//! reaches by DNS without variables (spec S1-S5, V1-V5 against D2-D8).

use std::collections::BTreeSet;

use crate::cluster::ServiceInfo;
use crate::context::ServiceLister;
use crate::envvars::ServiceEnv;
use crate::model::{ContainerEnv, ReachableService, ServiceLinkDns, Source, UnlinkedReason};

use super::records::{service_name, srv_name};

/// Spec S3-S5 against D2/D3: the DNS name that replaces one service variable form:
/// `SERVICE_HOST` and `..._ADDR` -> the Service's A/AAAA name; `SERVICE_PORT`,
/// `SERVICE_PORT_<NAME>` and `..._PORT` -> the SRV name of that port when it is named, else
/// `name:port`; `..._PROTO` -> the SRV name (none for an unnamed port); `PORT` and
/// `PORT_<port>_<PROTO>` -> `proto://name:port`.
pub fn dns_for_form(
    service: &ServiceInfo,
    form: &str,
    port_index: Option<usize>,
    domain: &str,
) -> Option<String> {
    let host = service_name(&service.name, &service.namespace, domain);
    let port = port_index.and_then(|i| service.ports.get(i));
    let srv = || {
        port.filter(|p| !p.name.is_empty()).map(|p| {
            srv_name(
                &p.name,
                &p.protocol,
                &service.name,
                &service.namespace,
                domain,
            )
        })
    };
    match form {
        "SERVICE_HOST" | "PORT_<port>_<PROTO>_ADDR" => Some(host),
        "SERVICE_PORT" | "SERVICE_PORT_<NAME>" | "PORT_<port>_<PROTO>_PORT" => {
            srv().or_else(|| port.map(|p| format!("{host}:{}", p.port)))
        }
        "PORT_<port>_<PROTO>_PROTO" => srv(),
        "PORT" | "PORT_<port>_<PROTO>" => {
            port.map(|p| format!("{}://{host}:{}", p.protocol.to_lowercase(), p.port))
        }
        _ => None,
    }
}

/// Services by `namespace/name`, built once per analysis so lookups stay O(1) with
/// thousands of Services.
pub type ServiceIndex<'a> = std::collections::HashMap<String, &'a ServiceInfo>;

/// Indexes Services by `namespace/name`.
pub fn index_services(services: &[ServiceInfo]) -> ServiceIndex<'_> {
    services.iter().map(|s| (s.key(), s)).collect()
}

fn fill(source: &mut Source, services: &ServiceIndex, domain: &str) {
    if let Source::Service {
        service,
        form,
        port_index,
        dns,
        ..
    } = source
    {
        if let Some(info) = services.get(service.as_str()) {
            *dns = dns_for_form(info, form, *port_index, domain);
        }
    }
}

/// Sets `dns` on every service source of the containers' variables (and of what they
/// shadowed).
pub fn fill_source_dns(containers: &mut [ContainerEnv], services: &ServiceIndex, domain: &str) {
    for container in containers {
        for var in container.env.iter_mut().flatten() {
            fill(&mut var.source, services, domain);
            for shadowed in &mut var.shadowed {
                fill(&mut shadowed.source, services, domain);
            }
        }
    }
}

/// Every variable of the pod's service map (what each of its containers receives from
/// Services, V2/V3), one row per Service yielding it, next to its DNS name.
pub fn service_links(
    env: &ServiceEnv,
    services: &ServiceIndex,
    domain: &str,
) -> Vec<ServiceLinkDns> {
    let mut out = Vec::new();
    for (name, entry) in &env.entries {
        for candidate in &entry.candidates {
            let Source::Service {
                service,
                form,
                port_index,
                ..
            } = &candidate.source
            else {
                continue;
            };
            let dns = services
                .get(service.as_str())
                .and_then(|s| dns_for_form(s, form, *port_index, domain));
            out.push(ServiceLinkDns {
                variable: name.clone(),
                value: candidate.value.clone(),
                service: service.clone(),
                form: form.clone(),
                dns,
            });
        }
    }
    out
}

/// The complement of `pkg/kubelet/kubelet_pods.go` getServiceEnvVarMap and
/// `pkg/kubelet/envvars/envvars.go` FromServices (spec V1-V5, S1, against D2-D8): the
/// Services the pod reaches by DNS but gets no variables for: ExternalName and headless Services (no cluster IP), Services of other namespaces
/// (except the API server's `default/kubernetes` when it is injected), and, with
/// `enableServiceLinks: false` or without a synced Service informer, the pod's own.
pub fn reachable_without_variables(
    services: &[ServiceInfo],
    env: &ServiceEnv,
    namespace: &str,
    enable_service_links: bool,
    lister: ServiceLister,
    empty_headless: &BTreeSet<String>,
    domain: &str,
) -> Vec<ReachableService> {
    let mut sorted: Vec<&ServiceInfo> = services.iter().collect();
    sorted.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    // A set: `env.services` lists every linked Service, and thousands of them made this
    // loop quadratic.
    let linked: std::collections::HashSet<&str> = env.services.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for service in sorted {
        let key = service.key();
        if linked.contains(key.as_str()) {
            continue;
        }
        let reason = if service.service_type == "ExternalName" {
            UnlinkedReason::ExternalName
        } else if !service.has_cluster_ip() {
            UnlinkedReason::Headless
        } else if service.namespace == namespace
            || (service.namespace == "default"
                && service.name == "kubernetes"
                && lister != ServiceLister::Synced)
        {
            if lister != ServiceLister::Synced {
                UnlinkedReason::ServicesNotSynced
            } else if !enable_service_links {
                UnlinkedReason::ServiceLinksDisabled
            } else {
                continue;
            }
        } else {
            UnlinkedReason::OtherNamespace
        };
        let nxdomain = empty_headless.contains(&key);
        let note = if nxdomain {
            Some("no ready endpoints: the name answers NXDOMAIN".to_string())
        } else if service.service_type == "ExternalName" {
            service
                .external_name
                .as_ref()
                .map(|t| format!("a CNAME to {}", t.trim_end_matches('.')))
        } else {
            None
        };
        out.push(ReachableService {
            service: key,
            dns_name: service_name(&service.name, &service.namespace, domain),
            reason,
            nxdomain,
            note,
        });
    }
    out
}
