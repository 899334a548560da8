//! Service link variables: which Services a pod sees and the variables each yields.

use std::collections::BTreeMap;

use crate::cluster::ServiceInfo;
use crate::ip;
use crate::model::Source;
use crate::trace::ServiceDecision;

/// One variable a Service yields, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceVar {
    pub name: String,
    pub value: String,
    pub source: Source,
}

/// Mirrors envvars.makeEnvVariableName (spec S2): upper-case, `-` becomes `_`.
pub fn env_variable_name(name: &str) -> String {
    name.to_uppercase().replace('-', "_")
}

/// Mirrors envvars.FromServices for one Service (spec S1-S10; upstream
/// `pkg/kubelet/envvars/envvars.go` FromServices, makeLinkVariables), in the exact
/// order the kubelet emits them: `_SERVICE_HOST`, `_SERVICE_PORT`, one
/// `_SERVICE_PORT_<NAME>` per named port, then the Docker-link block per port.
pub fn from_service(service: &ServiceInfo, master_service: bool) -> Vec<ServiceVar> {
    let mut out = Vec::new();
    // S1: headless and ExternalName Services (no cluster IP) yield nothing.
    if !service.has_cluster_ip() {
        return out;
    }
    let prefix = env_variable_name(&service.name);
    let ip = service.cluster_ip.as_str();
    let key = service.key();
    let source = |rule: &str, form: String, index: Option<usize>| -> Source {
        let port = index.and_then(|i| service.ports.get(i));
        Source::Service {
            rule: rule.into(),
            service: key.clone(),
            form,
            port_index: index,
            port_name: port.map(|p| p.name.clone()).filter(|n| !n.is_empty()),
            port: port.map(|p| p.port),
            protocol: port.map(|p| p.protocol.clone()),
            master_service,
            candidates: Vec::new(),
            candidate_values: Vec::new(),
            // Filled in by `dns::links::fill_source_dns` (needs the cluster domain).
            dns: None,
        }
    };
    let mut push = |name: String, value: String, source: Source| {
        out.push(ServiceVar {
            name,
            value,
            source,
        });
    };
    push(
        format!("{prefix}_SERVICE_HOST"),
        ip.to_string(),
        source("S3", "SERVICE_HOST".into(), None),
    );
    // The kubelet reads the first port without checking that one exists; validation
    // guarantees it for Services with a cluster IP.
    let Some(first) = service.ports.first() else {
        return out;
    };
    push(
        format!("{prefix}_SERVICE_PORT"),
        first.port.to_string(),
        source("S3", "SERVICE_PORT".into(), Some(0)),
    );
    for (i, port) in service.ports.iter().enumerate() {
        if port.name.is_empty() {
            continue; // S4
        }
        push(
            format!("{prefix}_SERVICE_PORT_{}", env_variable_name(&port.name)),
            port.port.to_string(),
            source("S4", "SERVICE_PORT_<NAME>".into(), Some(i)),
        );
    }
    for (i, port) in service.ports.iter().enumerate() {
        // S5, S6: protocol as written (defaulted to TCP), lower-cased in URLs.
        let proto_upper = if port.protocol.is_empty() {
            "TCP".to_string()
        } else {
            port.protocol.to_uppercase()
        };
        let proto_lower = proto_upper.to_lowercase();
        let url = format!("{proto_lower}://{}", ip::join_host_port(ip, port.port));
        let base = format!("{prefix}_PORT_{}_{proto_upper}", port.port);
        if i == 0 {
            push(
                format!("{prefix}_PORT"),
                url.clone(),
                source("S5", "PORT".into(), Some(i)),
            );
        }
        push(
            base.clone(),
            url,
            source("S5", "PORT_<port>_<PROTO>".into(), Some(i)),
        );
        push(
            format!("{base}_PROTO"),
            proto_lower,
            source("S5", "PORT_<port>_<PROTO>_PROTO".into(), Some(i)),
        );
        push(
            format!("{base}_PORT"),
            port.port.to_string(),
            source("S5", "PORT_<port>_<PROTO>_PORT".into(), Some(i)),
        );
        push(
            format!("{base}_ADDR"),
            ip.to_string(),
            source("S5", "PORT_<port>_<PROTO>_ADDR".into(), Some(i)),
        );
    }
    out
}

/// One name of the service map with every Service that yields it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEnvEntry {
    /// The candidate from each Service (at most one per Service: within one Service the
    /// later variable of a name wins, deterministically).
    pub candidates: Vec<ServiceVar>,
}

impl ServiceEnvEntry {
    /// Distinct values in candidate order.
    pub fn distinct_values(&self) -> Vec<&str> {
        let mut values: Vec<&str> = Vec::new();
        for c in &self.candidates {
            if !values.contains(&c.value.as_str()) {
                values.push(&c.value);
            }
        }
        values
    }
}

/// The service map a pod's containers see (spec V1-V3).
#[derive(Debug, Clone, Default)]
pub struct ServiceEnv {
    pub entries: BTreeMap<String, ServiceEnvEntry>,
    /// The Services whose variables are in the map, in input order (`namespace/name`).
    pub services: Vec<String>,
}

/// Mirrors kubelet getServiceEnvVarMap (spec V2, V3; upstream
/// `pkg/kubelet/kubelet_pods.go` getServiceEnvVarMap): Services without a cluster IP are
/// skipped; `default/kubernetes` is taken unless a Service of that name is already in
/// the map; Services of the pod's namespace are taken (replacing any of the same name)
/// only when `enableServiceLinks` is true. The kubelet then flattens the map in Go map
/// order, so a variable name yielded by two Services with different values is
/// nondeterministic: every candidate is kept.
///
/// With `decisions`, records why each Service is used or skipped (the trace's
/// `getServiceEnvVarMap` step), in input order.
pub fn service_env(
    services: &[ServiceInfo],
    namespace: &str,
    enable_service_links: bool,
    mut decisions: Option<&mut Vec<ServiceDecision>>,
) -> ServiceEnv {
    // name -> (service index, is master)
    let mut by_name: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for (i, service) in services.iter().enumerate() {
        let is_master = service.namespace == "default" && service.name == "kubernetes";
        let (used, reason, rule) = if !service.has_cluster_ip() {
            let reason = if service.service_type == "ExternalName" {
                "external-name"
            } else if service.cluster_ip == "None" {
                "headless"
            } else {
                "no-cluster-ip"
            };
            (false, reason, "S1")
        } else if is_master {
            by_name.entry(service.name.as_str()).or_insert((i, true));
            (true, "master-service", "V2")
        } else if service.namespace == namespace && enable_service_links {
            by_name.insert(service.name.as_str(), (i, false));
            (true, "pod-namespace", "V2")
        } else if service.namespace == namespace {
            (false, "service-links-disabled", "V2")
        } else {
            (false, "other-namespace", "V2")
        };
        if let Some(decisions) = decisions.as_deref_mut() {
            decisions.push(ServiceDecision {
                service: service.key(),
                used,
                reason: reason.into(),
                rule: rule.into(),
            });
        }
    }
    let mut chosen: Vec<(usize, bool)> = by_name.into_values().collect();
    chosen.sort();
    if let Some(decisions) = decisions {
        // Taken, then replaced by a later Service of the same name: a `kubernetes` Service
        // of the pod's namespace takes the master's name; a later duplicate takes another's.
        for (i, (service, d)) in services.iter().zip(decisions.iter_mut()).enumerate() {
            if d.used && !chosen.iter().any(|(c, _)| *c == i) {
                d.used = false;
                let is_master = service.namespace == "default" && service.name == "kubernetes";
                d.reason = if is_master {
                    "master-replaced"
                } else {
                    "replaced"
                }
                .into();
            }
        }
    }
    let mut env = ServiceEnv::default();
    for (i, master) in chosen {
        let Some(service) = services.get(i) else {
            continue;
        };
        env.services.push(service.key());
        // Within one Service, a later variable of the same name wins.
        let mut own: BTreeMap<String, ServiceVar> = BTreeMap::new();
        for var in from_service(service, master) {
            own.insert(var.name.clone(), var);
        }
        for (name, var) in own {
            env.entries
                .entry(name)
                .or_insert_with(|| ServiceEnvEntry {
                    candidates: Vec::new(),
                })
                .candidates
                .push(var);
        }
    }
    env
}
