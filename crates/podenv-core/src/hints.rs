//! podenv's remarks about a container's final environment that the kubelet does not make:
//! a value naming a Service host the input does not hold. Nothing here changes a variable;
//! each remark is a container `Note`.

use std::collections::BTreeSet;

use crate::cluster::Cluster;
use crate::dns::walk::{after_scheme, dns_name_of};
use crate::ip;
use crate::model::{EnvVar, Note, Source};
use crate::names;

/// Variable-name endings that say the value is a host.
const HOST_NAME_SUFFIXES: &[&str] = &["_HOST", "_HOSTNAME", "_ADDR", "_ADDRESS", "_SERVER"];

/// Spec D2 (the A/AAAA name of a Service, `<name>.<namespace>.svc.<domain>`): a value the
/// user wrote (an `env` value, a ConfigMap key) that names a Service by its DNS name, or by
/// a short name the pod's search path turns into one, when the input has no such Service.
/// Such a name only resolves if the cluster holds the Service; a typo or a Service left out
/// of the paste is a common reason a connection fails. Values fed by Services, the
/// downward API and Secrets are not read. Conservative on purpose: a bare word counts only
/// with a port, a scheme or a host-like variable name.
pub fn service_hosts_not_in_input(
    cluster: &Cluster,
    namespace: &str,
    env: &[EnvVar],
    notes: &mut Vec<Note>,
) {
    let domain = cluster.context.cluster_domain.trim_end_matches('.');
    // Built at the first candidate only: most containers have none, and a pod among
    // thousands of Services should not pay for them.
    let mut known_namespaces: Option<BTreeSet<&str>> = None;
    for var in env {
        if !matches!(
            var.source,
            Source::Env { .. } | Source::EnvFrom { .. } | Source::ConfigMapKeyRef { .. }
        ) || matches!(&var.source, Source::EnvFrom { object_kind, .. } if object_kind == "secret")
        {
            continue;
        }
        let Some(value) = var.value.as_str() else {
            continue;
        };
        let host_like_name = HOST_NAME_SUFFIXES.iter().any(|s| var.name.ends_with(s));
        if !value.contains(['.', ':']) && !host_like_name {
            continue;
        }
        let known = known_namespaces.get_or_insert_with(|| {
            let mut set: BTreeSet<&str> = cluster
                .services
                .iter()
                .map(|s| s.namespace.as_str())
                .collect();
            set.insert(namespace);
            set
        });
        let Some((service_ns, service_name)) =
            named_service(value, namespace, domain, host_like_name, known)
        else {
            continue;
        };
        let exists = cluster
            .services
            .iter()
            .any(|s| s.namespace == service_ns && s.name == service_name);
        if exists {
            continue;
        }
        notes.push(Note::new(
            "service-host-not-in-input",
            "D2",
            Some(var.name.clone()),
            format!(
                "{} names the Service {service_ns}/{service_name} ({service_name}.{service_ns}.svc.{domain}), which is not in the input: the name resolves only if the cluster has that Service (D2)",
                var.name
            ),
        ));
    }
}

/// The `(namespace, name)` of the Service `value` names, if it plainly names one.
fn named_service(
    value: &str,
    namespace: &str,
    domain: &str,
    host_like_name: bool,
    known_namespaces: &BTreeSet<&str>,
) -> Option<(String, String)> {
    let value = value.trim();
    if value.is_empty() || value.len() > 512 || value.chars().any(char::is_whitespace) {
        return None;
    }
    let after = after_scheme(value);
    let scheme = after.is_some();
    // The authority without its `user:password@` (the resolver walk has no userinfo).
    let rest = match after {
        Some(rest) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            authority.rsplit('@').next().unwrap_or_default()
        }
        None => value,
    };
    let (host, dropped) = dns_name_of(rest);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host == "localhost" || ip::parse_ip_sloppy(&host).is_some() {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| names::is_dns1123_label(l).is_err()) {
        return None;
    }
    let svc_at = labels.iter().rposition(|l| *l == "svc");
    if let Some(at) = svc_at {
        // `<name>.<ns>.svc` or `<name>.<ns>.svc.<domain>` (a pod's `<host>.<name>.<ns>.svc`
        // names the Service too).
        let tail = labels[at + 1..].join(".");
        if at >= 2 && (tail.is_empty() || tail == domain) {
            return Some((labels[at - 1].to_string(), labels[at - 2].to_string()));
        }
        return None;
    }
    let plain = dropped.is_some() || scheme;
    match labels.as_slice() {
        [name] if plain || host_like_name => Some((namespace.to_string(), name.to_string())),
        [name, ns] if plain && known_namespaces.contains(ns) => {
            Some((ns.to_string(), name.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(value: &str, host_like: bool) -> Option<(String, String)> {
        let known: BTreeSet<&str> = ["default", "cache"].into_iter().collect();
        named_service(value, "default", "cluster.local", host_like, &known)
    }

    fn pair(ns: &str, name: &str) -> Option<(String, String)> {
        Some((ns.to_string(), name.to_string()))
    }

    #[test]
    fn full_and_short_service_names_are_read() {
        assert_eq!(
            named("redis.cache.svc.cluster.local", false),
            pair("cache", "redis")
        );
        assert_eq!(named("redis.cache.svc", false), pair("cache", "redis"));
        assert_eq!(
            named("redis.cache.svc.cluster.local.", false),
            pair("cache", "redis")
        );
        assert_eq!(
            named("web-0.web.shop.svc.cluster.local", false),
            pair("shop", "web")
        );
        assert_eq!(named("redis:6379", false), pair("default", "redis"));
        assert_eq!(
            named("redis://redis:6379/0", false),
            pair("default", "redis")
        );
        assert_eq!(
            named("postgres://app:s3cr:et@db:5432/shop?sslmode=off", false),
            pair("default", "db")
        );
        assert_eq!(
            named("http://api.cache:8080/health", false),
            pair("cache", "api")
        );
        assert_eq!(named("db", true), pair("default", "db"));
    }

    #[test]
    fn words_ips_and_outside_names_are_not_services() {
        assert_eq!(named("info", false), None);
        assert_eq!(named("true", false), None);
        assert_eq!(named("10.96.4.2:6379", false), None);
        assert_eq!(named("tcp://10.96.4.2:6379", false), None);
        assert_eq!(named("[fd00::1]:80", false), None);
        assert_eq!(named("localhost:5432", true), None);
        assert_eq!(named("https://example.com/x", false), None);
        assert_eq!(named("example.com:443", false), None);
        assert_eq!(named("redis.cache.svc.other.domain", false), None);
        assert_eq!(named("Hello World:1", false), None);
        assert_eq!(named("a_b:80", false), None);
        assert_eq!(named("", true), None);
    }
}
