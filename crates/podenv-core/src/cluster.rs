//! The cluster as the kubelet sees it: objects after API-server defaulting and
//! validation (spec section 1, section 9), with every assumption recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use k8s_openapi::api::core::v1::{ConfigMap, PodSpec, ResourceRequirements, Secret, Service};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;

use crate::context::{defaults, ResolvedContext};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ip;
use crate::model::Assumption;
use crate::objects::{Documents, Inputs, Object, ObjectMeta};
use crate::validate;
use crate::workload::{self, PodDraft};

/// A Service after defaulting and cluster-IP allocation.
#[derive(Debug, Clone)]
pub struct ServiceInfo {
    pub meta: ObjectMeta,
    pub namespace: String,
    pub name: String,
    /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    pub service_type: String,
    /// `spec.clusterIP` exactly as the API stores it (may be empty or `None`).
    pub cluster_ip: String,
    pub cluster_ips: Vec<String>,
    pub ports: Vec<ServicePortInfo>,
    pub external_name: Option<String>,
    pub selector: BTreeMap<String, String>,
    pub publish_not_ready_addresses: bool,
    /// `spec.ipFamilyPolicy` as written (SingleStack when absent).
    pub ip_family_policy: Option<String>,
    /// `spec.ipFamilies` as written.
    pub ip_families: Vec<String>,
    /// True for the `default/kubernetes` Service podenv added itself.
    pub assumed: bool,
}

impl ServiceInfo {
    /// Mirrors v1helper.IsServiceIPSet (spec S1): a cluster IP that is neither empty nor `None`.
    pub fn has_cluster_ip(&self) -> bool {
        !self.cluster_ip.is_empty() && self.cluster_ip != "None"
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePortInfo {
    pub name: String,
    pub port: i32,
    /// After defaulting: `TCP`, `UDP` or `SCTP` (spec A1).
    pub protocol: String,
}

/// Facts about the node the pods run on.
#[derive(Debug, Clone)]
pub struct NodeFacts {
    pub name: String,
    /// Host IPs as the kubelet reports them, or the kubelet's error (spec F3a).
    pub host_ips: Result<Vec<String>, String>,
    /// Node allocatable resources (spec R4).
    pub allocatable: BTreeMap<String, String>,
}

/// A pod after defaulting, ready for the kubelet's logic.
#[derive(Debug, Clone)]
pub struct PodInstance {
    /// The manifest object this pod comes from.
    pub source: ObjectMeta,
    pub namespace: String,
    pub name: String,
    pub generated_name: bool,
    pub uid: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub spec: PodSpec,
    pub node_name: String,
    pub service_account_name: String,
    pub enable_service_links: bool,
    /// Static pods skip the service-sync gate (spec V5).
    pub static_pod: bool,
    /// True when the API server would reject the pod (it then never runs).
    pub rejected: bool,
}

/// Everything the env computation needs.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub context: ResolvedContext,
    pub services: Vec<ServiceInfo>,
    pub config_maps: HashMap<(String, String), BTreeMap<String, String>>,
    pub secrets: HashMap<(String, String), BTreeMap<String, Vec<u8>>>,
    pub node: NodeFacts,
    pub pods: Vec<PodInstance>,
    pub inputs: Inputs,
    /// ConfigMaps and Secrets the pods reference but the input lacks, assumed to exist
    /// (context `assumeMissingObjects`, rule A11): `(kind, namespace, name)` with kind
    /// `configMap` or `secret`.
    pub assumed_objects: BTreeSet<(&'static str, String, String)>,
}

impl Cluster {
    /// True when the `kind` (`configMap` or `secret`) object `namespace/name` is not in the
    /// input but assumed to exist (rule A11).
    pub fn is_assumed(&self, kind: &'static str, namespace: &str, name: &str) -> bool {
        self.assumed_objects
            .contains(&(kind, namespace.to_string(), name.to_string()))
    }
}

/// Collects assumptions and diagnostics while the cluster is built.
pub struct Recorder<'a> {
    pub documents: &'a mut Documents,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    pub assumptions: &'a mut Vec<Assumption>,
}

impl Recorder<'_> {
    pub fn assume(&mut self, rule: &str, meta: &ObjectMeta, field: Option<&str>, message: String) {
        self.assumptions.push(Assumption {
            rule: rule.into(),
            object: meta.display(),
            field: field.map(str::to_string),
            message,
            location: (meta.doc != usize::MAX).then(|| meta.location.clone()),
        });
    }

    pub fn diagnose(
        &mut self,
        severity: Severity,
        code: &str,
        rule: Option<&str>,
        meta: &ObjectMeta,
        path: &str,
        message: String,
    ) {
        let location = self.documents.locate(meta, path);
        self.diagnostics.push(Diagnostic {
            severity,
            code: code.into(),
            message,
            location,
            path: (!path.is_empty()).then(|| path.to_string()),
            rule: rule.map(str::to_string),
            object: Some(meta.display()),
        });
    }
}

/// Applies API-server defaulting and validation to every input object.
pub fn build_cluster(inputs: Inputs, context: ResolvedContext, rec: &mut Recorder) -> Cluster {
    let services = build_services(&inputs, &context, rec);
    let config_maps = config_maps(&inputs.config_maps, rec);
    let secrets = secrets(&inputs.secrets, rec);
    let node = node_facts(&inputs, &context, rec);
    let pods = build_pods(&inputs, &context, &node, rec);
    let assumed_objects = if context.assume_missing_objects {
        assume_missing_objects(&pods, &config_maps, &secrets, rec)
    } else {
        BTreeSet::new()
    };
    Cluster {
        context,
        services,
        config_maps,
        secrets,
        node,
        pods,
        inputs,
        assumed_objects,
    }
}

/// Rule A11 (podenv's own, no upstream): with `assumeMissingObjects`, every ConfigMap and
/// Secret a pod that runs references (`envFrom`, `configMapKeyRef`, `secretKeyRef`, in any
/// container) but the input does not hold is taken to exist, each recorded as an
/// assumption. Their values are placeholders: a key reference reads a value known only in
/// the cluster, an `envFrom` adds keys podenv cannot know.
fn assume_missing_objects(
    pods: &[PodInstance],
    config_maps: &HashMap<(String, String), BTreeMap<String, String>>,
    secrets: &HashMap<(String, String), BTreeMap<String, Vec<u8>>>,
    rec: &mut Recorder,
) -> BTreeSet<(&'static str, String, String)> {
    let mut assumed = BTreeSet::new();
    for pod in pods.iter().filter(|p| !p.rejected) {
        let spec = &pod.spec;
        let envs = spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten())
            .map(|c| (&c.env, &c.env_from))
            .chain(
                spec.ephemeral_containers
                    .iter()
                    .flatten()
                    .map(|c| (&c.env, &c.env_from)),
            );
        for (env, env_from) in envs {
            let from_refs = env_from.iter().flatten().filter_map(|f| {
                f.config_map_ref
                    .as_ref()
                    .map(|r| ("configMap", r.name.as_str()))
                    .or_else(|| f.secret_ref.as_ref().map(|r| ("secret", r.name.as_str())))
            });
            let key_refs = env
                .iter()
                .flatten()
                .filter_map(|e| e.value_from.as_ref())
                .filter_map(|v| {
                    v.config_map_key_ref
                        .as_ref()
                        .map(|r| ("configMap", r.name.as_str()))
                        .or_else(|| {
                            v.secret_key_ref
                                .as_ref()
                                .map(|r| ("secret", r.name.as_str()))
                        })
                });
            for (kind, name) in from_refs.chain(key_refs) {
                let key = (pod.namespace.clone(), name.to_string());
                let present = match kind {
                    "configMap" => config_maps.contains_key(&key),
                    _ => secrets.contains_key(&key),
                };
                if !present {
                    assumed.insert((kind, key.0, key.1));
                }
            }
        }
    }
    for (kind, namespace, name) in &assumed {
        let title = crate::model::object_title(kind);
        rec.assumptions.push(Assumption {
            rule: "A11".into(),
            object: format!("{title} {namespace}/{name}"),
            field: None,
            message: format!(
                "{title} {namespace}/{name} is not in the input; assumeMissingObjects takes it to exist (generated by kustomize or Helm, or created at run time), so its values are shown as placeholders"
            ),
            location: None,
        });
    }
    assumed
}

/// Later objects with the same kind, namespace and name replace earlier ones, as a
/// second `kubectl apply` would.
fn dedupe<'a, T>(objects: &'a [Object<T>], rec: &mut Recorder) -> Vec<&'a Object<T>> {
    let mut last: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        if let Some(prev) = last.insert((&o.meta.namespace, &o.meta.name), i) {
            let prev_loc = &objects[prev].meta.location;
            rec.diagnose(
                Severity::Warning,
                "duplicate-object",
                None,
                &o.meta,
                "",
                format!(
                    "{} is defined twice; this definition replaces the one at {}:{}",
                    o.meta.display(),
                    prev_loc.file,
                    prev_loc.line
                ),
            );
        }
    }
    let keep: BTreeSet<usize> = last.into_values().collect();
    keep.into_iter().filter_map(|i| objects.get(i)).collect()
}

/// Reports what the API server rejects in a ConfigMap or Secret (spec VAL13); a rejected
/// object is never stored, so references to it find nothing, as in a real cluster.
fn config_object_accepted<'k>(
    meta: &ObjectMeta,
    keys: impl IntoIterator<Item = (&'static str, &'k str)>,
    rec: &mut Recorder,
) -> bool {
    let errors = validate::config_object(&meta.name, &meta.namespace, keys);
    for e in &errors {
        rec.diagnose(
            Severity::Error,
            e.code,
            Some(e.rule),
            meta,
            &e.path,
            format!(
                "{} \"{}\" is invalid: {}: {} (the API server rejects it, so it is not stored and references to it find nothing)",
                meta.kind, meta.name, e.path, e.message
            ),
        );
    }
    errors.is_empty()
}

fn config_maps(
    objects: &[Object<ConfigMap>],
    rec: &mut Recorder,
) -> HashMap<(String, String), BTreeMap<String, String>> {
    dedupe(objects, rec)
        .into_iter()
        .filter(|o| {
            let data = o
                .object
                .data
                .iter()
                .flatten()
                .map(|(k, _)| ("data", k.as_str()));
            let binary = o
                .object
                .binary_data
                .iter()
                .flatten()
                .map(|(k, _)| ("binaryData", k.as_str()));
            config_object_accepted(&o.meta, data.chain(binary), rec)
        })
        .map(|o| {
            (
                (o.meta.namespace.clone(), o.meta.name.clone()),
                o.object.data.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Secrets with `stringData` merged over `data`, as the API server stores them (spec A8;
/// upstream `pkg/registry/core/secret/strategy.go` PrepareForCreate, which moves
/// `stringData` into `data`, the later key winning).
fn secrets(
    objects: &[Object<Secret>],
    rec: &mut Recorder,
) -> HashMap<(String, String), BTreeMap<String, Vec<u8>>> {
    let mut out = HashMap::new();
    for o in dedupe(objects, rec) {
        let data_keys = o
            .object
            .data
            .iter()
            .flatten()
            .map(|(k, _)| ("data", k.as_str()));
        let string_keys = o
            .object
            .string_data
            .iter()
            .flatten()
            .map(|(k, _)| ("stringData", k.as_str()));
        if !config_object_accepted(&o.meta, data_keys.chain(string_keys), rec) {
            continue;
        }
        let mut data: BTreeMap<String, Vec<u8>> = o
            .object
            .data
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect();
        if let Some(string_data) = &o.object.string_data {
            for (k, v) in string_data {
                data.insert(k.clone(), v.clone().into_bytes());
            }
            if !string_data.is_empty() {
                rec.assume(
                    "A8",
                    &o.meta,
                    Some("stringData"),
                    "stringData merged into data (stringData wins on the same key), as the API server stores Secrets".into(),
                );
            }
        }
        out.insert((o.meta.namespace.clone(), o.meta.name.clone()), data);
    }
    out
}

/// The node the pods are assumed to run on and its facts (spec F3a, R4). Host IPs mirror
/// `pkg/util/node/node.go` GetNodeHostIPs via `ip::node_host_ips`, as the kubelet's
/// getHostIPsAnyWay uses it; allocatable feeds `pkg/kubelet/kubelet_resources.go`
/// defaultPodLimitsForDownwardAPI (see `env::resource_field_value`).
fn node_facts(inputs: &Inputs, context: &ResolvedContext, rec: &mut Recorder) -> NodeFacts {
    let pasted = match &context.node_name {
        Some(name) => inputs.nodes.iter().find(|n| &n.meta.name == name),
        None => inputs.nodes.first(),
    };
    let name = context
        .node_name
        .clone()
        .or_else(|| pasted.map(|n| n.meta.name.clone()))
        .unwrap_or_else(|| defaults::NODE_NAME.to_string());
    let host_ips = match (&context.host_ips, pasted) {
        (Some(ips), _) => {
            let addresses: Vec<ip::NodeAddress> = ips
                .iter()
                .map(|a| ip::NodeAddress {
                    kind: "InternalIP".into(),
                    address: a.clone(),
                })
                .collect();
            ip::node_host_ips(&addresses)
        }
        (None, Some(node)) => {
            let addresses: Vec<ip::NodeAddress> = node
                .object
                .status
                .as_ref()
                .and_then(|s| s.addresses.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|a| ip::NodeAddress {
                    kind: a.type_,
                    address: a.address,
                })
                .collect();
            ip::node_host_ips(&addresses)
        }
        (None, None) => Ok(vec![defaults::HOST_IP.to_string()]),
    };
    let allocatable = match (&context.node_allocatable, pasted) {
        (Some(map), _) => map.clone(),
        (None, Some(node)) => node
            .object
            .status
            .as_ref()
            .and_then(|s| s.allocatable.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect(),
        (None, None) => defaults::NODE_ALLOCATABLE
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    if let Some(node) = pasted {
        rec.assume(
            "F3a",
            &node.meta,
            None,
            "pods run on this Node; its addresses and allocatable are used where the context does not set hostIPs / nodeAllocatable".into(),
        );
    }
    NodeFacts {
        name,
        host_ips,
        allocatable,
    }
}

/// Services after defaulting (spec A1), validation (VAL7, VAL8, VAL10), cluster-IP
/// allocation, and the `default/kubernetes` Service when the input lacks it.
fn build_services(
    inputs: &Inputs,
    context: &ResolvedContext,
    rec: &mut Recorder,
) -> Vec<ServiceInfo> {
    let mut services = Vec::new();
    for object in dedupe(&inputs.services, rec) {
        let errors = validate::service(&object.object, &object.meta.name);
        if !errors.is_empty() {
            for e in errors {
                rec.diagnose(
                    Severity::Error,
                    "invalid-service",
                    Some(e.rule),
                    &object.meta,
                    &e.path,
                    format!(
                        "Service \"{}\" is invalid: {}: {} (the API server rejects it, so it contributes no variables or DNS records)",
                        object.meta.name, e.path, e.message
                    ),
                );
            }
            continue;
        }
        services.push(default_service(object, rec));
    }
    allocate_cluster_ips(&mut services, context, rec);
    let has_master = services
        .iter()
        .any(|s| s.namespace == "default" && s.name == "kubernetes");
    if !has_master && context.assume_kubernetes_service {
        if let Some(service) = kubernetes_service(context) {
            rec.assume(
                "V2",
                &service.meta,
                None,
                format!(
                    "the input has no default/kubernetes Service; podenv adds the API server's Service at {} (first IP of serviceCIDR {}), port 443 named https. Set assumeKubernetesService: false to leave it out",
                    service.cluster_ip,
                    context.service_cidr.first().map(String::as_str).unwrap_or_default()
                ),
            );
            services.push(service);
        }
    }
    services
}

/// Mirrors `pkg/apis/core/v1/defaults.go` SetDefaults_ServiceSpec (spec A1, A5): type
/// ClusterIP, port protocol TCP, and `clusterIP`/`clusterIPs` filled from each other as the
/// API server's Service REST strategy does; plus namespace defaulting (A0).
fn default_service(object: &Object<Service>, rec: &mut Recorder) -> ServiceInfo {
    let meta = &object.meta;
    let spec = object.object.spec.clone().unwrap_or_default();
    if meta.namespace.is_empty() || object.object.metadata.namespace.is_none() {
        rec.assume(
            "A0",
            meta,
            Some("metadata.namespace"),
            format!(
                "no namespace given; the context namespace `{}` is used",
                meta.namespace
            ),
        );
    }
    let service_type = match spec.type_.clone().filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            rec.assume(
                "A1",
                meta,
                Some("spec.type"),
                "type defaults to ClusterIP".into(),
            );
            "ClusterIP".into()
        }
    };
    let mut ports = Vec::new();
    for (i, p) in spec
        .ports
        .clone()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let protocol = match p.protocol.filter(|p| !p.is_empty()) {
            Some(p) => p,
            None => {
                rec.assume(
                    "A1",
                    meta,
                    Some(&format!("spec.ports[{i}].protocol")),
                    "protocol defaults to TCP".into(),
                );
                "TCP".into()
            }
        };
        ports.push(ServicePortInfo {
            name: p.name.unwrap_or_default(),
            port: p.port,
            protocol,
        });
    }
    let mut cluster_ip = spec.cluster_ip.clone().unwrap_or_default();
    let mut cluster_ips = spec.cluster_ips.clone().unwrap_or_default();
    if cluster_ip.is_empty() {
        if let Some(first) = cluster_ips.first() {
            cluster_ip = first.clone();
        }
    } else if cluster_ips.is_empty() {
        cluster_ips.push(cluster_ip.clone());
    }
    if service_type == "ExternalName" {
        cluster_ip.clear();
        cluster_ips.clear();
    }
    ServiceInfo {
        meta: meta.clone(),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        service_type,
        cluster_ip,
        cluster_ips,
        ports,
        external_name: spec.external_name.clone(),
        selector: spec.selector.clone().unwrap_or_default(),
        publish_not_ready_addresses: spec.publish_not_ready_addresses.unwrap_or(false),
        ip_family_policy: spec.ip_family_policy.clone(),
        ip_families: spec.ip_families.clone().unwrap_or_default(),
        assumed: false,
    }
}

/// Spec A5 (upstream `pkg/registry/core/service/ipallocator`, Allocate and its
/// ErrNotInRange): a cluster IP the Service sets itself must lie in the cluster's service
/// CIDR of its family, or the API server refuses it ("provided IP is not in the valid range"). The
/// CIDR here is the context's, often a default, so this is a warning that names it.
fn outside_service_cidr(
    service: &ServiceInfo,
    cidrs: &[ip::Cidr],
    context: &ResolvedContext,
    rec: &mut Recorder,
) {
    for (i, text) in service.cluster_ips.iter().enumerate() {
        let Some(addr) = ip::parse_ip_sloppy(text) else {
            continue;
        };
        let same_family: Vec<&ip::Cidr> = cidrs
            .iter()
            .filter(|c| c.addr.is_ipv6() == addr.is_ipv6())
            .collect();
        if same_family.is_empty() || same_family.iter().any(|c| c.contains(&addr)) {
            continue;
        }
        let path = if i == 0 {
            "spec.clusterIP".to_string()
        } else {
            format!("spec.clusterIPs[{i}]")
        };
        let defaulted = context.defaulted.iter().any(|k| k == "serviceCIDR");
        rec.diagnose(
            Severity::Warning,
            "cluster-ip-outside-service-cidr",
            Some("A5"),
            &service.meta,
            &path,
            format!(
                "{text} is outside the service CIDR {}{}: the API server of such a cluster rejects the Service (the provided IP is not in the valid range); set serviceCIDR in the context to your cluster's range",
                same_family
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                if defaulted { " (the context's default)" } else { "" }
            ),
        );
    }
}

/// Gives every ClusterIP / NodePort / LoadBalancer Service without a cluster IP one from
/// the service CIDR, as the API server's allocator would. The real allocator picks at
/// random; podenv picks by a hash of `namespace/name`, skipping the network address, the
/// first address (the `kubernetes` Service), the clusterDNS addresses and addresses in
/// use, so adding a Service never moves another one. Stands in for the API server's
/// allocator (`pkg/registry/core/service/ipallocator`, spec A5); dual-stack follows
/// `spec.ipFamilyPolicy` / `spec.ipFamilies` as that allocator reads them.
fn allocate_cluster_ips(
    services: &mut Vec<ServiceInfo>,
    context: &ResolvedContext,
    rec: &mut Recorder,
) {
    let mut probes: HashMap<usize, Probe> = HashMap::new();
    let mut refused: BTreeSet<usize> = BTreeSet::new();
    let cidrs: Vec<ip::Cidr> = context
        .service_cidr
        .iter()
        .filter_map(|c| ip::parse_cidr(c).ok())
        .collect();
    let mut used: BTreeSet<std::net::IpAddr> = services
        .iter()
        .flat_map(|s| s.cluster_ips.iter())
        .filter_map(|ip| ip::parse_ip_sloppy(ip))
        .collect();
    for dns in &context.cluster_dns {
        if let Some(ip) = ip::parse_ip_sloppy(dns) {
            used.insert(ip);
        }
    }
    for cidr in &cidrs {
        if let Some(first) = cidr.first_host() {
            used.insert(first);
        }
    }
    for service in services.iter() {
        if !service.assumed && service.has_cluster_ip() {
            outside_service_cidr(service, &cidrs, context, rec);
        }
    }
    for (index, service) in services.iter_mut().enumerate() {
        if service.service_type == "ExternalName" || !service.cluster_ip.is_empty() {
            continue;
        }
        // The primary family is the first of spec.ipFamilies, else the cluster's first.
        let wants_v6 = service.ip_families.first().map(|f| f == "IPv6");
        let cidr = match wants_v6 {
            Some(v6) => cidrs
                .iter()
                .find(|c| c.addr.is_ipv6() == v6)
                .or(cidrs.first()),
            None => cidrs.first(),
        };
        let Some(cidr) = cidr else {
            continue;
        };
        let probe = probes.entry(cidr_index(&cidrs, cidr)).or_default();
        let Ok(found) = allocate_in(cidr, &service.key(), &mut used, probe) else {
            range_full(rec, service, "spec.clusterIP", cidr);
            refused.insert(index);
            continue;
        };
        if let Some(ip) = found {
            let text = ip::format_ip(&ip);
            rec.assume(
                "A5",
                &service.meta,
                Some("spec.clusterIP"),
                format!(
                    "no clusterIP given; podenv allocates {text} from serviceCIDR {} (a real cluster picks one at random; set spec.clusterIP to match yours)",
                    context.service_cidr.first().map(String::as_str).unwrap_or_default()
                ),
            );
            service.cluster_ip = text.clone();
            service.cluster_ips = vec![text];
        }
    }
    // Dual-stack Services get an address of the second family as well.
    if cidrs.len() >= 2 {
        for (index, service) in services.iter_mut().enumerate() {
            if refused.contains(&index) {
                continue;
            }
            let dual = matches!(
                service.ip_family_policy.as_deref(),
                Some("PreferDualStack" | "RequireDualStack")
            );
            if service.service_type == "ExternalName" || !service.has_cluster_ip() || !dual {
                continue;
            }
            if service.cluster_ips.len() >= 2 {
                continue;
            }
            let primary_v6 = service.cluster_ip.contains(':');
            let Some(second) = cidrs.iter().find(|c| c.addr.is_ipv6() != primary_v6) else {
                continue;
            };
            let probe = probes.entry(cidr_index(&cidrs, second)).or_default();
            let Ok(found) = allocate_in(second, &service.key(), &mut used, probe) else {
                range_full(rec, service, "spec.clusterIPs", second);
                refused.insert(index);
                continue;
            };
            if let Some(ip) = found {
                let text = ip::format_ip(&ip);
                rec.assume(
                    "A5",
                    &service.meta,
                    Some("spec.clusterIPs"),
                    format!(
                        "dual-stack Service: secondary cluster IP {text} allocated from {}",
                        context
                            .service_cidr
                            .get(1)
                            .map(String::as_str)
                            .unwrap_or_default()
                    ),
                );
                service.cluster_ips.push(text);
            }
        }
    }
    // Refused Services are not created.
    let mut index = 0;
    services.retain(|_| {
        let keep = !refused.contains(&index);
        index += 1;
        keep
    });
}

/// The position of `cidr` in `cidrs` (the key of its [`Probe`]).
fn cidr_index(cidrs: &[ip::Cidr], cidr: &ip::Cidr) -> usize {
    cidrs
        .iter()
        .position(|c| std::ptr::eq(c, cidr))
        .unwrap_or(usize::MAX)
}

/// Mirrors the API server refusing a Service when its allocator has no free address
/// (spec A5; upstream `pkg/registry/core/service/ipallocator` `ErrFull`, reported by the
/// Service REST storage as an internal error): the Service is not created.
fn range_full(rec: &mut Recorder, service: &ServiceInfo, path: &str, cidr: &ip::Cidr) {
    rec.diagnose(
        Severity::Error,
        "service-ip-range-full",
        Some("A5"),
        &service.meta,
        path,
        format!(
            "Internal error occurred: failed to allocate a serviceIP: range is full (serviceCIDR {}/{} has no free address left; the API server refuses Service \"{}\", so it contributes no variables or DNS records). Widen serviceCIDR, delete Services, or make some headless (clusterIP: None)",
            ip::format_ip(&cidr.addr),
            cidr.prefix,
            service.name
        ),
    );
}

/// What is known about one CIDR's offsets while allocating: offsets found taken link to
/// the next one to try (a union-find "next free" forest), so every probe sequence skips
/// runs of taken offsets in amortised constant time and gives the same address a plain
/// linear probe would. Fullness is remembered.
#[derive(Default)]
struct Probe {
    /// Taken offset index -> the next index to try.
    next: HashMap<u128, u128>,
    /// Number of indexes known taken.
    taken: u128,
    full: bool,
}

impl Probe {
    /// The first index at or after `from` (cyclically) not known taken. Not called when full.
    fn find(&mut self, from: u128) -> u128 {
        let mut root = from;
        while let Some(&n) = self.next.get(&root) {
            root = n;
        }
        // Path compression.
        let mut at = from;
        while let Some(n) = self.next.get(&at).copied() {
            if n == root {
                break;
            }
            self.next.insert(at, root);
            at = n;
        }
        root
    }

    fn mark(&mut self, index: u128, span: u128) {
        self.next.insert(index, (index + 1) % span);
        self.taken += 1;
        if self.taken >= span {
            self.full = true;
        }
    }
}

/// Most offsets one Service's probe may move past its hash start (keeps very large ranges,
/// such as an IPv6 /64, from being walked).
const MAX_PROBE: u128 = 1 << 20;

/// The address for `key`: its hash picks a start offset, then the first free offset from
/// there (linear probing, via `probe`). `Err(())` when the range is full (the API server
/// refuses the Service); `Ok(None)` when the range is too small or the probe gives up.
fn allocate_in(
    cidr: &ip::Cidr,
    key: &str,
    used: &mut BTreeSet<std::net::IpAddr>,
    probe: &mut Probe,
) -> Result<Option<std::net::IpAddr>, ()> {
    let size = cidr.size();
    if size < 4 {
        return Ok(None);
    }
    // Offsets 1..size-1 (skip the network address and, for IPv4, the broadcast address).
    let span = size - 2;
    let start = u128::from(workload::fnv1a32(key.as_bytes())) % span;
    loop {
        if probe.full {
            return Err(());
        }
        let index = probe.find(start);
        let distance = (index + span - start) % span;
        if distance >= span.min(MAX_PROBE) {
            return Ok(None);
        }
        let ip = cidr.nth(1 + index);
        probe.mark(index, span);
        if let Some(ip) = ip {
            if used.insert(ip) {
                return Ok(Some(ip));
            }
        }
    }
}

/// The `default/kubernetes` Service the API server maintains (spec V2, TV9; upstream
/// `pkg/controlplane/controller/kubernetesservice` takes the first IP of the service range
/// and port 443 named `https`).
fn kubernetes_service(context: &ResolvedContext) -> Option<ServiceInfo> {
    let cidr = ip::parse_cidr(context.service_cidr.first()?).ok()?;
    let ip = ip::format_ip(&cidr.first_host()?);
    let meta = ObjectMeta {
        kind: "Service".into(),
        namespace: "default".into(),
        name: "kubernetes".into(),
        doc: usize::MAX,
        prefix: String::new(),
        location: crate::diagnostic::Location {
            file: "(assumed by podenv)".into(),
            ..Default::default()
        },
    };
    Some(ServiceInfo {
        meta,
        namespace: "default".into(),
        name: "kubernetes".into(),
        service_type: "ClusterIP".into(),
        cluster_ip: ip.clone(),
        cluster_ips: vec![ip],
        ports: vec![ServicePortInfo {
            name: "https".into(),
            port: 443,
            protocol: "TCP".into(),
        }],
        external_name: None,
        selector: BTreeMap::new(),
        publish_not_ready_addresses: false,
        ip_family_policy: None,
        ip_families: Vec::new(),
        assumed: true,
    })
}

/// Pods from every Pod and workload, after defaulting (spec A2-A7) and validation.
fn build_pods(
    inputs: &Inputs,
    context: &ResolvedContext,
    node: &NodeFacts,
    rec: &mut Recorder,
) -> Vec<PodInstance> {
    let mut pods = Vec::new();
    for object in &inputs.workloads {
        let Some(draft) = workload::pod_for(object) else {
            rec.diagnose(
                Severity::Error,
                "missing-pod-spec",
                None,
                &object.meta,
                "spec",
                format!(
                    "{} has no pod spec (spec.template.spec); nothing to compute",
                    object.meta.display()
                ),
            );
            continue;
        };
        pods.push(default_pod(object, draft, context, node, rec));
    }
    pods
}

/// Mirrors `pkg/apis/core/v1/defaults.go` SetDefaults_Pod / SetDefaults_PodSpec (spec
/// A2-A4, A7), the ServiceAccount admission plugin (A6) and scheduling/uid assignment
/// (A9), records what the workload's controller did (A10), then validates the result
/// (`validate::pod_spec`).
fn default_pod(
    object: &Object<crate::objects::Workload>,
    draft: PodDraft,
    context: &ResolvedContext,
    node: &NodeFacts,
    rec: &mut Recorder,
) -> PodInstance {
    let meta = &object.meta;
    for note in &draft.notes {
        rec.assume("A10", meta, None, note.clone());
    }
    // Paths inside the manifest: a bare Pod has its spec at `spec`, workloads at
    // `spec.template.spec` (CronJob: `spec.jobTemplate.spec.template.spec`).
    let spec_path = spec_path(&meta.kind);
    let mut spec = draft.spec;
    if let Some(links) = context.enable_service_links {
        rec.assume(
            "A2",
            meta,
            Some(&format!("{spec_path}.enableServiceLinks")),
            format!("enableServiceLinks set to {links} by the context override (what-if)"),
        );
        spec.enable_service_links = Some(links);
    } else if spec.enable_service_links.is_none() {
        rec.assume(
            "A2",
            meta,
            Some(&format!("{spec_path}.enableServiceLinks")),
            "enableServiceLinks defaults to true".into(),
        );
        spec.enable_service_links = Some(true);
    }
    if spec.dns_policy.as_deref().unwrap_or_default().is_empty() {
        spec.dns_policy = Some("ClusterFirst".into());
    }
    let service_account_name = match spec
        .service_account_name
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| spec.service_account.clone().filter(|s| !s.is_empty()))
    {
        Some(sa) => sa,
        None => {
            rec.assume(
                "A6",
                meta,
                Some(&format!("{spec_path}.serviceAccountName")),
                "serviceAccountName defaults to `default` (ServiceAccount admission)".into(),
            );
            "default".into()
        }
    };
    spec.service_account_name = Some(service_account_name.clone());
    default_resources(&mut spec, meta, spec_path, rec);
    default_field_ref_versions(&mut spec);
    let node_name = match spec.node_name.clone().filter(|n| !n.is_empty()) {
        Some(n) => n,
        None => {
            rec.assume(
                "A9",
                meta,
                Some(&format!("{spec_path}.nodeName")),
                format!("scheduled to node `{}`", node.name),
            );
            node.name.clone()
        }
    };
    spec.node_name = Some(node_name.clone());
    let uid = match (
        &context.pod_uid,
        draft.metadata.uid.clone().filter(|u| !u.is_empty()),
    ) {
        (Some(uid), _) => uid.clone(),
        (None, Some(uid)) => uid,
        (None, None) => {
            let uid = workload::stable_uid(&format!("pod:{}/{}", meta.namespace, draft.name));
            rec.assume(
                "A9",
                meta,
                Some("metadata.uid"),
                format!("pod uid {uid} (stand-in; set podUID in the context to use yours)"),
            );
            uid
        }
    };
    let annotations = draft.metadata.annotations.clone().unwrap_or_default();
    let static_pod = annotations
        .get("kubernetes.io/config.source")
        .is_some_and(|s| s != "api");
    let meta_errors = validate::object_meta(&meta.name, &meta.namespace);
    let spec_errors = validate::pod_spec(&spec, context.kubernetes_version);
    let rejected = !meta_errors.is_empty() || !spec_errors.is_empty();
    let errors = meta_errors.into_iter().map(|e| (e.path.clone(), e)).chain(
        spec_errors
            .into_iter()
            .map(|e| (format!("{spec_path}.{}", e.path), e)),
    );
    for (path, e) in errors {
        rec.diagnose(
            Severity::Error,
            e.code,
            Some(e.rule),
            meta,
            &path,
            format!(
                "{} \"{}\" is invalid: {}: {} (the API server rejects it, so no container runs)",
                meta.kind, meta.name, path, e.message
            ),
        );
    }
    for w in validate::pod_warnings(&spec) {
        let path = format!("{spec_path}.{}", w.path);
        rec.diagnose(
            Severity::Warning,
            w.code,
            Some(w.rule),
            meta,
            &path,
            format!("{path}: {}", w.message),
        );
    }
    PodInstance {
        source: meta.clone(),
        namespace: meta.namespace.clone(),
        name: draft.name,
        generated_name: draft.generated_name,
        uid,
        labels: draft.metadata.labels.clone().unwrap_or_default(),
        annotations,
        spec,
        node_name,
        service_account_name,
        enable_service_links: true,
        static_pod,
        rejected,
    }
    .with_links()
}

impl PodInstance {
    fn with_links(mut self) -> Self {
        self.enable_service_links = self.spec.enable_service_links.unwrap_or(true);
        self
    }
}

/// Where the pod spec sits inside a manifest of this kind.
pub fn spec_path(kind: &str) -> &'static str {
    match kind {
        "Pod" => "spec",
        "CronJob" => "spec.jobTemplate.spec.template.spec",
        "PodTemplate" => "template.spec",
        _ => "spec.template.spec",
    }
}

/// Spec A3 + A7: quantities rounded up to milli precision, then requests copied from
/// limits where unset (SetDefaults_ResourceList, SetDefaults_Pod).
fn default_resources(spec: &mut PodSpec, meta: &ObjectMeta, spec_path: &str, rec: &mut Recorder) {
    let lists: [(&str, &mut Vec<k8s_openapi::api::core::v1::Container>); 2] = [
        (
            "initContainers",
            spec.init_containers.get_or_insert_with(Vec::new),
        ),
        ("containers", &mut spec.containers),
    ];
    for (field, containers) in lists {
        for (i, c) in containers.iter_mut().enumerate() {
            let Some(res) = c.resources.as_mut() else {
                continue;
            };
            round_to_milli(res);
            let limits = res.limits.clone().unwrap_or_default();
            let requests = res.requests.get_or_insert_with(BTreeMap::new);
            for (name, q) in limits {
                if let std::collections::btree_map::Entry::Vacant(slot) = requests.entry(name) {
                    let name = slot.key();
                    rec.assume(
                        "A3",
                        meta,
                        Some(&format!(
                            "{spec_path}.{field}[{i}].resources.requests.{name}"
                        )),
                        format!("requests.{name} defaults to limits.{name} ({})", q.0),
                    );
                    slot.insert(q);
                }
            }
        }
    }
    if spec.init_containers.as_ref().is_some_and(Vec::is_empty) {
        spec.init_containers = None;
    }
}

/// Spec A7: every request and limit rounded up to milli precision
/// (`pkg/apis/core/v1/defaults.go` SetDefaults_ResourceList).
fn round_to_milli(res: &mut ResourceRequirements) {
    for list in [res.limits.as_mut(), res.requests.as_mut()]
        .into_iter()
        .flatten()
    {
        for q in list.values_mut() {
            if let Ok(parsed) = crate::quantity::parse_quantity(&q.0) {
                let rounded = parsed.round_up_to_milli();
                if rounded != parsed {
                    *q = KubeQuantity(rounded.canonical_string());
                }
            }
        }
    }
}

/// Spec A4: `fieldRef.apiVersion` defaults to `v1` (`pkg/apis/core/v1/defaults.go`
/// SetDefaults_ObjectFieldSelector), for every kind of container.
fn default_field_ref_versions(spec: &mut PodSpec) {
    let regular = spec
        .init_containers
        .iter_mut()
        .flatten()
        .chain(spec.containers.iter_mut())
        .map(|c| &mut c.env);
    let ephemeral = spec
        .ephemeral_containers
        .iter_mut()
        .flatten()
        .map(|c| &mut c.env);
    for env in regular.chain(ephemeral) {
        for e in env.iter_mut().flatten() {
            if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
                if f.api_version.as_deref().unwrap_or_default().is_empty() {
                    f.api_version = Some("v1".into());
                }
            }
        }
    }
}

#[cfg(test)]
mod allocation_tests {
    use super::*;

    /// The plain linear probe `allocate_in` replaced; the new one must agree with it.
    fn naive(
        cidr: &ip::Cidr,
        key: &str,
        used: &mut BTreeSet<std::net::IpAddr>,
    ) -> Option<std::net::IpAddr> {
        let span = cidr.size() - 2;
        let start = u128::from(workload::fnv1a32(key.as_bytes())) % span;
        for step in 0..span.min(MAX_PROBE) {
            if let Some(ip) = cidr.nth(1 + (start + step) % span) {
                if used.insert(ip) {
                    return Some(ip);
                }
            }
        }
        None
    }

    #[test]
    fn same_addresses_as_linear_probing_then_full() {
        let Ok(cidr) = ip::parse_cidr("10.96.0.0/26") else {
            panic!("cidr");
        };
        let mut used_a: BTreeSet<std::net::IpAddr> = BTreeSet::new();
        for pre in [
            "10.96.0.1",
            "10.96.0.10",
            "10.96.0.11",
            "10.96.0.12",
            "10.96.0.40",
        ] {
            if let Some(ip) = ip::parse_ip_sloppy(pre) {
                used_a.insert(ip);
            }
        }
        let mut used_b = used_a.clone();
        let mut probe = Probe::default();
        let free = 62 - used_a.len();
        for i in 0..free {
            let key = format!("default/svc-{i}");
            let want = naive(&cidr, &key, &mut used_a);
            assert!(want.is_some());
            assert_eq!(
                allocate_in(&cidr, &key, &mut used_b, &mut probe),
                Ok(want),
                "{key}"
            );
        }
        // Full: refused, and remembered without rescanning.
        assert_eq!(
            allocate_in(&cidr, "default/late", &mut used_b, &mut probe),
            Err(())
        );
        assert!(probe.full);
    }
}
