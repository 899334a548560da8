//! What the API server rejects (spec section 9), with the field path and wording
//! `kubectl` shows (`<path>: Invalid value: "x": <why>`).

use std::collections::{BTreeSet, HashSet};

use k8s_openapi::api::core::v1::{EnvFromSource, EnvVar, PodSpec, Service};

use crate::context::KubeVersion;
use crate::fieldpath::{self, FieldPath};
use crate::names;
use crate::quantity;

/// One rejected field. `path` is relative to the object (Service) or to the pod spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
    pub rule: &'static str,
    pub code: &'static str,
}

fn invalid(
    path: String,
    value: &str,
    why: &str,
    rule: &'static str,
    code: &'static str,
) -> FieldError {
    FieldError {
        path,
        message: format!("Invalid value: {value:?}: {why}"),
        rule,
        code,
    }
}

fn required(path: String, rule: &'static str, code: &'static str) -> FieldError {
    FieldError {
        path,
        message: "Required value".into(),
        rule,
        code,
    }
}

/// Mirrors validation.ValidateObjectMeta with the name rule of a pod or workload
/// (ValidatePodName and the workload `Validate*Name` functions: a DNS-1123 subdomain) and
/// ValidateNamespaceName (a DNS-1123 label), spec VAL4. Paths are relative to the object.
pub fn object_meta(name: &str, namespace: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(required("metadata.name".into(), "VAL4", "missing-name"));
    } else if let Err(msgs) = names::is_dns1123_subdomain(name) {
        errors.push(invalid(
            "metadata.name".into(),
            name,
            &msgs.join("; "),
            "VAL4",
            "invalid-name",
        ));
    }
    if let Err(msgs) = names::is_dns1123_label(namespace) {
        errors.push(invalid(
            "metadata.namespace".into(),
            namespace,
            &msgs.join("; "),
            "VAL4",
            "invalid-namespace",
        ));
    }
    errors
}

/// Mirrors validation.ValidateConfigMap and ValidateSecret as far as the environment
/// depends on them (spec VAL13): the name is a DNS-1123 subdomain (ValidateConfigMapName,
/// ValidateSecretName), the namespace a DNS-1123 label, and every key of `data` (and of
/// `binaryData` / `stringData`, under `field`) a valid ConfigMap key (IsConfigMapKey).
/// Paths are relative to the object.
pub fn config_object<'k>(
    name: &str,
    namespace: &str,
    keys: impl IntoIterator<Item = (&'static str, &'k str)>,
) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = object_meta(name, namespace)
        .into_iter()
        .map(|mut e| {
            e.rule = "VAL13";
            e
        })
        .collect();
    for (field, key) in keys {
        if let Err(msgs) = names::is_config_map_key(key) {
            errors.push(invalid(
                format!("{field}[{key}]"),
                key,
                &msgs.join("; "),
                "VAL13",
                "invalid-data-key",
            ));
        }
    }
    errors
}

/// Mirrors validation.ValidateService / validateServicePort (spec VAL7, VAL8, VAL10).
pub fn service(service: &Service, name: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(msgs) = names::is_dns1035_label(name) {
        errors.push(invalid(
            "metadata.name".into(),
            name,
            &msgs.join("; "),
            "VAL7",
            "invalid-service-name",
        ));
    }
    let Some(spec) = service.spec.as_ref() else {
        errors.push(required("spec".into(), "VAL8", "missing-service-spec"));
        return errors;
    };
    let service_type = spec.type_.as_deref().unwrap_or("ClusterIP");
    let known_types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !known_types.contains(&service_type) {
        errors.push(FieldError {
            path: "spec.type".into(),
            message: format!(
                "Unsupported value: {service_type:?}: supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
            ),
            rule: "VAL8",
            code: "invalid-service-type",
        });
    }
    let cluster_ip = spec.cluster_ip.as_deref().unwrap_or_default();
    let headless = cluster_ip == "None";
    let external = service_type == "ExternalName";
    let ports = spec.ports.as_deref().unwrap_or_default();
    if ports.is_empty() && !headless && !external {
        errors.push(required(
            "spec.ports".into(),
            "VAL8",
            "missing-service-ports",
        ));
    }
    let mut names_seen = HashSet::new();
    let mut pairs_seen = HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let base = format!("spec.ports[{i}]");
        let port_name = port.name.as_deref().unwrap_or_default();
        if port_name.is_empty() {
            if ports.len() > 1 {
                errors.push(required(
                    format!("{base}.name"),
                    "VAL8",
                    "unnamed-service-port",
                ));
            }
        } else {
            if let Err(msgs) = names::is_dns1123_label(port_name) {
                errors.push(invalid(
                    format!("{base}.name"),
                    port_name,
                    &msgs.join("; "),
                    "VAL8",
                    "invalid-port-name",
                ));
            }
            if !names_seen.insert(port_name.to_string()) {
                errors.push(FieldError {
                    path: format!("{base}.name"),
                    message: format!("Duplicate value: {port_name:?}"),
                    rule: "VAL8",
                    code: "duplicate-port-name",
                });
            }
        }
        if !(1..=65535).contains(&port.port) {
            errors.push(FieldError {
                path: format!("{base}.port"),
                message: format!(
                    "Invalid value: {}: must be between 1 and 65535, inclusive",
                    port.port
                ),
                rule: "VAL8",
                code: "invalid-port",
            });
        }
        let protocol = port.protocol.as_deref().unwrap_or("TCP");
        if !["TCP", "UDP", "SCTP"].contains(&protocol) {
            errors.push(FieldError {
                path: format!("{base}.protocol"),
                message: format!(
                    "Unsupported value: {protocol:?}: supported values: \"SCTP\", \"TCP\", \"UDP\""
                ),
                rule: "VAL8",
                code: "invalid-protocol",
            });
        }
        if !pairs_seen.insert((protocol.to_string(), port.port)) {
            errors.push(FieldError {
                path: base.clone(),
                message: format!(
                    "Duplicate value: {{\"port\":{},\"protocol\":{protocol:?}}}",
                    port.port
                ),
                rule: "VAL8",
                code: "duplicate-service-port",
            });
        }
    }
    if external {
        let external_name = spec.external_name.as_deref().unwrap_or_default();
        let trimmed = external_name.strip_suffix('.').unwrap_or(external_name);
        if external_name.is_empty() {
            errors.push(required(
                "spec.externalName".into(),
                "VAL10",
                "missing-external-name",
            ));
        } else if let Err(msgs) = names::is_dns1123_subdomain(trimmed) {
            errors.push(invalid(
                "spec.externalName".into(),
                external_name,
                &msgs.join("; "),
                "VAL10",
                "invalid-external-name",
            ));
        }
        if !cluster_ip.is_empty() {
            errors.push(FieldError {
                path: "spec.clusterIP".into(),
                message: format!(
                    "Invalid value: {cluster_ip:?}: may not be set for ExternalName services"
                ),
                rule: "VAL10",
                code: "external-name-cluster-ip",
            });
        }
    } else {
        if headless && (service_type == "NodePort" || service_type == "LoadBalancer") {
            errors.push(FieldError {
                path: "spec.clusterIPs[0]".into(),
                message: format!(
                    "Invalid value: \"None\": may not be set to 'None' for {service_type} services"
                ),
                rule: "VAL10",
                code: "headless-node-port",
            });
        }
        let mut ips: Vec<&str> = Vec::new();
        if !cluster_ip.is_empty() {
            ips.push(cluster_ip);
        }
        for (i, ip) in spec.cluster_ips.iter().flatten().enumerate() {
            if i == 0 && !cluster_ip.is_empty() && ip != cluster_ip {
                errors.push(FieldError {
                    path: "spec.clusterIPs[0]".into(),
                    message: format!(
                        "Invalid value: {ip:?}: must match `clusterIP` when both are specified"
                    ),
                    rule: "A5",
                    code: "cluster-ips-mismatch",
                });
            }
            ips.push(ip);
        }
        for ip in ips {
            if ip != "None" && crate::ip::parse_ip_sloppy(ip).is_none() {
                errors.push(invalid(
                    "spec.clusterIP".into(),
                    ip,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                    "A5",
                    "invalid-cluster-ip",
                ));
            }
        }
    }
    errors
}

/// The fields of one container (of any kind) that validation reads.
struct ContainerFields<'a> {
    /// Path inside the pod spec, e.g. `initContainers[0]`.
    path: String,
    name: &'a str,
    env: Option<&'a Vec<EnvVar>>,
    env_from: Option<&'a Vec<EnvFromSource>>,
}

/// Every container of a pod spec, in spec order.
fn containers(spec: &PodSpec) -> Vec<ContainerFields<'_>> {
    let mut out = Vec::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        out.push(ContainerFields {
            path: format!("initContainers[{i}]"),
            name: &c.name,
            env: c.env.as_ref(),
            env_from: c.env_from.as_ref(),
        });
    }
    for (i, c) in spec.containers.iter().enumerate() {
        out.push(ContainerFields {
            path: format!("containers[{i}]"),
            name: &c.name,
            env: c.env.as_ref(),
            env_from: c.env_from.as_ref(),
        });
    }
    for (i, c) in spec.ephemeral_containers.iter().flatten().enumerate() {
        out.push(ContainerFields {
            path: format!("ephemeralContainers[{i}]"),
            name: &c.name,
            env: c.env.as_ref(),
            env_from: c.env_from.as_ref(),
        });
    }
    out
}

/// Env names: strict before the RelaxedEnvironmentVariableValidation gate is on by
/// default (beta, v1.32), relaxed from then on (spec VAL1-VAL3).
fn check_env_name(name: &str, version: KubeVersion) -> Result<(), Vec<String>> {
    if version.at_least(32) {
        names::is_relaxed_env_var_name(name)
    } else {
        names::is_env_var_name(name)
    }
}

/// Mirrors validation.ValidateEnv / ValidateEnvFrom / validateEnvVarValueFrom and the
/// container-name checks (spec VAL1-VAL6, F2, R1, R2, E8 gating, VAL12).
pub fn pod_spec(spec: &PodSpec, version: KubeVersion) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if spec.containers.is_empty() {
        errors.push(required("containers".into(), "VAL4", "missing-containers"));
    }
    dns_policy_and_config(spec, &mut errors);
    let mut container_names = HashSet::new();
    for ContainerFields {
        path: base,
        name,
        env,
        env_from,
    } in containers(spec)
    {
        if name.is_empty() {
            errors.push(required(
                format!("{base}.name"),
                "VAL4",
                "missing-container-name",
            ));
        } else if let Err(msgs) = names::is_dns1123_label(name) {
            errors.push(invalid(
                format!("{base}.name"),
                name,
                &msgs.join("; "),
                "VAL4",
                "invalid-container-name",
            ));
        } else if !container_names.insert(name.to_string()) {
            errors.push(FieldError {
                path: format!("{base}.name"),
                message: format!("Duplicate value: {name:?}"),
                rule: "VAL4",
                code: "duplicate-container-name",
            });
        }
        for (i, e) in env.into_iter().flatten().enumerate() {
            env_var(e, &format!("{base}.env[{i}]"), version, &mut errors);
        }
        for (i, from) in env_from.into_iter().flatten().enumerate() {
            env_from_source(from, &format!("{base}.envFrom[{i}]"), version, &mut errors);
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            if let Err(msgs) = names::is_dns1123_label(value) {
                errors.push(invalid(
                    field.into(),
                    value,
                    &msgs.join("; "),
                    "VAL12",
                    "invalid-hostname",
                ));
            }
        }
    }
    errors
}

/// Mirrors validation.validateDNSPolicy and validatePodDNSConfig (spec VAL11): a known
/// policy; `None` needs a `dnsConfig` with at least one nameserver; at most 3 nameservers,
/// each an IP address.
fn dns_policy_and_config(spec: &PodSpec, errors: &mut Vec<FieldError>) {
    let policy = spec.dns_policy.as_deref().unwrap_or("ClusterFirst");
    let known = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
    if !known.contains(&policy) {
        errors.push(FieldError {
            path: "dnsPolicy".into(),
            message: format!(
                "Unsupported value: {policy:?}: supported values: \"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\""
            ),
            rule: "VAL11",
            code: "invalid-dns-policy",
        });
    }
    let nameservers = spec
        .dns_config
        .as_ref()
        .and_then(|c| c.nameservers.clone())
        .unwrap_or_default();
    if policy == "None" {
        if spec.dns_config.is_none() {
            errors.push(FieldError {
                path: "dnsConfig".into(),
                message: "Required value: must provide `dnsConfig` when `dnsPolicy` is None".into(),
                rule: "VAL11",
                code: "missing-dns-config",
            });
        } else if nameservers.is_empty() {
            errors.push(FieldError {
                path: "dnsConfig.nameservers".into(),
                message: "Required value: must provide at least one DNS nameserver when `dnsPolicy` is None".into(),
                rule: "VAL11",
                code: "missing-nameserver",
            });
        }
    }
    if nameservers.len() > 3 {
        errors.push(FieldError {
            path: "dnsConfig.nameservers".into(),
            message: format!(
                "Invalid value: \"{}\": must not have more than 3 nameservers",
                nameservers.join(" ")
            ),
            rule: "VAL11",
            code: "too-many-nameservers",
        });
    }
    for (i, ns) in nameservers.iter().enumerate() {
        if crate::ip::parse_ip_sloppy(ns).is_none() {
            errors.push(invalid(
                format!("dnsConfig.nameservers[{i}]"),
                ns,
                "must be a valid IP address",
                "VAL11",
                "invalid-nameserver",
            ));
        }
    }
}

fn env_var(e: &EnvVar, base: &str, version: KubeVersion, errors: &mut Vec<FieldError>) {
    if e.name.is_empty() {
        errors.push(required(format!("{base}.name"), "VAL4", "missing-env-name"));
    } else if let Err(msgs) = check_env_name(&e.name, version) {
        errors.push(invalid(
            format!("{base}.name"),
            &e.name,
            &msgs.join("; "),
            "VAL3",
            "invalid-env-name",
        ));
    }
    let Some(from) = e.value_from.as_ref() else {
        return;
    };
    let path = format!("{base}.valueFrom");
    let mut count = 0;
    if let Some(f) = &from.field_ref {
        count += 1;
        match fieldpath::check_env_field_ref(f.api_version.as_deref(), &f.field_path) {
            Err(field_errors) => {
                for fe in field_errors {
                    errors.push(FieldError {
                        path: format!("{path}.{}", fe.field),
                        message: fe.body(),
                        rule: "F2",
                        code: "invalid-field-path",
                    });
                }
            }
            // F4: status.hostIPs is dropped-or-rejected before PodHostIPs is on by default.
            Ok(FieldPath::HostIps) if !version.at_least(29) => errors.push(FieldError {
                path: format!("{path}.fieldRef"),
                message: "Forbidden: may not be set when feature gate 'PodHostIPs' is not enabled"
                    .into(),
                rule: "F4",
                code: "field-path-version",
            }),
            Ok(_) => {}
        }
    }
    if let Some(r) = &from.resource_field_ref {
        count += 1;
        if !quantity::is_allowed_env_resource(&r.resource) {
            errors.push(FieldError {
                path: format!("{path}.resourceFieldRef.resource"),
                message: format!(
                    "Unsupported value: {:?}: supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"",
                    r.resource
                ),
                rule: "R1",
                code: "invalid-resource",
            });
        } else if let Some(divisor) = &r.divisor {
            // R2: only cpu, memory and ephemeral-storage divisors are checked; the error
            // quotes the resource name (validateContainerResourceDivisor).
            let why = match r.resource.as_str() {
                "limits.cpu" | "requests.cpu" => Some("only divisor's values 1m and 1 are supported with the cpu resource"),
                "limits.memory" | "requests.memory" => Some("only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"),
                "limits.ephemeral-storage" | "requests.ephemeral-storage" => Some("only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource"),
                _ => None,
            };
            match (quantity::parse_quantity(&divisor.0), why) {
                (Ok(q), Some(why))
                    if !q.is_zero() && !quantity::is_allowed_divisor(&r.resource, &q) =>
                {
                    errors.push(invalid(
                        format!("{path}.resourceFieldRef.divisor"),
                        &r.resource,
                        why,
                        "R2",
                        "invalid-divisor",
                    ))
                }
                (Err(err), _) => errors.push(invalid(
                    format!("{path}.resourceFieldRef.divisor"),
                    &divisor.0,
                    &err.to_string(),
                    "R2",
                    "invalid-divisor",
                )),
                _ => {}
            }
        }
    }
    if let Some(k) = &from.config_map_key_ref {
        count += 1;
        key_ref(&k.name, &k.key, &format!("{path}.configMapKeyRef"), errors);
    }
    if let Some(k) = &from.secret_key_ref {
        count += 1;
        key_ref(&k.name, &k.key, &format!("{path}.secretKeyRef"), errors);
    }
    if let Some(f) = &from.file_key_ref {
        count += 1;
        if !version.at_least(35) {
            errors.push(FieldError {
                path: format!("{path}.fileKeyRef"),
                message: "Forbidden: fileKeyRef needs the EnvFiles feature (alpha in v1.34, beta and on by default from v1.35)".into(),
                rule: "E8",
                code: "file-key-ref-version",
            });
        }
        if f.volume_name.is_empty() {
            errors.push(required(
                format!("{path}.fileKeyRef.volumeName"),
                "E8",
                "missing-volume-name",
            ));
        }
        if f.path.is_empty() {
            errors.push(required(
                format!("{path}.fileKeyRef.path"),
                "E8",
                "missing-file-path",
            ));
        }
        if f.key.is_empty() {
            errors.push(required(
                format!("{path}.fileKeyRef.key"),
                "E8",
                "missing-file-key",
            ));
        }
    }
    let has_value = e.value.as_deref().is_some_and(|v| !v.is_empty());
    if count == 0 {
        errors.push(invalid(
            path.clone(),
            "",
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            "VAL4",
            "empty-value-from",
        ));
    } else if count > 1 {
        errors.push(invalid(
            path.clone(),
            "",
            "may not have more than one field specified at a time",
            "VAL4",
            "multiple-value-from",
        ));
    }
    if has_value {
        errors.push(invalid(
            path,
            "",
            "may not be specified when `value` is not empty",
            "VAL4",
            "value-and-value-from",
        ));
    }
}

fn key_ref(name: &str, key: &str, path: &str, errors: &mut Vec<FieldError>) {
    if name.is_empty() {
        errors.push(required(
            format!("{path}.name"),
            "VAL6",
            "missing-object-name",
        ));
    } else if let Err(msgs) = names::is_dns1123_subdomain(name) {
        errors.push(invalid(
            format!("{path}.name"),
            name,
            &msgs.join("; "),
            "VAL6",
            "invalid-object-name",
        ));
    }
    if key.is_empty() {
        errors.push(required(format!("{path}.key"), "VAL6", "missing-key"));
    } else if let Err(msgs) = names::is_config_map_key(key) {
        errors.push(invalid(
            format!("{path}.key"),
            key,
            &msgs.join("; "),
            "VAL6",
            "invalid-key",
        ));
    }
}

fn env_from_source(
    from: &EnvFromSource,
    base: &str,
    version: KubeVersion,
    errors: &mut Vec<FieldError>,
) {
    if let Some(prefix) = from.prefix.as_deref().filter(|p| !p.is_empty()) {
        if let Err(msgs) = check_env_name(prefix, version) {
            errors.push(invalid(
                format!("{base}.prefix"),
                prefix,
                &msgs.join("; "),
                "VAL3",
                "invalid-env-prefix",
            ));
        }
    }
    let mut count = 0;
    for (field, name) in [
        (
            "configMapRef",
            from.config_map_ref.as_ref().map(|r| r.name.as_str()),
        ),
        (
            "secretRef",
            from.secret_ref.as_ref().map(|r| r.name.as_str()),
        ),
    ] {
        let Some(name) = name else { continue };
        count += 1;
        if name.is_empty() {
            errors.push(required(
                format!("{base}.{field}.name"),
                "VAL6",
                "missing-object-name",
            ));
        } else if let Err(msgs) = names::is_dns1123_subdomain(name) {
            errors.push(invalid(
                format!("{base}.{field}.name"),
                name,
                &msgs.join("; "),
                "VAL6",
                "invalid-object-name",
            ));
        }
    }
    if count == 0 {
        errors.push(invalid(
            base.to_string(),
            "",
            "must specify one of: `configMapRef` or `secretRef`",
            "VAL4",
            "empty-env-from",
        ));
    } else if count > 1 {
        errors.push(invalid(
            base.to_string(),
            "",
            "may not have more than one field specified at a time",
            "VAL4",
            "multiple-env-from",
        ));
    }
}

/// API warnings that do not reject the pod: a later `env` entry hides an earlier one of
/// the same name unless it refers to it (spec VAL5, `pkg/api/pod/warnings.go`).
pub fn pod_warnings(spec: &PodSpec) -> Vec<FieldError> {
    let mut warnings = Vec::new();
    for ContainerFields {
        path: base, env, ..
    } in containers(spec)
    {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (i, e) in env.into_iter().flatten().enumerate() {
            if !seen.insert(e.name.as_str()) {
                let value = e.value.as_deref().unwrap_or_default();
                let reference = format!("$({})", e.name);
                let refers = value.contains(&reference) && value != reference;
                if !refers {
                    warnings.push(FieldError {
                        path: format!("{base}.env[{i}]"),
                        message: format!(
                            "hides previous definition of {:?}, which may be dropped when using apply",
                            e.name
                        ),
                        rule: "VAL5",
                        code: "duplicate-env-name",
                    });
                }
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec VAL4: a pod name is a DNS-1123 subdomain, a namespace a DNS-1123 label; the
    /// bad value is quoted with its control characters escaped.
    #[test]
    fn object_meta_rejects_names_the_api_server_rejects() {
        assert!(object_meta("web-0.example", "team-a").is_empty());
        let errors = object_meta("two\nlines", "Bad_NS");
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["metadata.name", "metadata.namespace"]);
        assert!(errors[0]
            .message
            .starts_with("Invalid value: \"two\\nlines\": a lowercase RFC 1123 subdomain"));
        assert!(!errors[0].message.contains('\n'));
        assert!(errors[1]
            .message
            .starts_with("Invalid value: \"Bad_NS\": a lowercase RFC 1123 label"));
        assert_eq!(object_meta("", "default")[0].message, "Required value");
    }

    /// Spec VAL4: container names are DNS-1123 labels.
    #[test]
    fn container_names_are_dns_labels() {
        let spec: PodSpec = serde_json::from_value(serde_json::json!({
            "containers": [{"name": "app\u{1b}[2J"}, {"name": "ok"}]
        }))
        .unwrap_or_default();
        let errors = pod_spec(&spec, KubeVersion::new(35));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "containers[0].name");
        assert_eq!(errors[0].code, "invalid-container-name");
        assert!(errors[0].message.contains("\\u{1b}[2J"));
    }
}
