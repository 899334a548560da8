//! The examples gallery: realistic manifest sets, most of them the files in `examples/`
//! (also used by the CLI smoke test), plus a generated `kubectl get svc -A -o yaml` dump of
//! 500 Services. Titles and descriptions are in the translation table (`i18n`).

use std::fmt::Write as _;

/// The example the explorer opens with.
pub const DEMO: &str = "demo";

/// Where an example's text comes from.
#[derive(Debug, Clone, Copy)]
pub enum ExampleText {
    File(&'static str),
    Generated(fn() -> String),
}

/// One gallery entry.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Stable id, used in share links (`#example=<id>`) and test hooks.
    pub id: &'static str,
    pub source: ExampleText,
    /// Cluster-context keys the example is meant to be read with.
    pub context: &'static [(&'static str, &'static str)],
}

impl Example {
    pub fn text(&self) -> String {
        match self.source {
            ExampleText::File(text) => text.to_string(),
            ExampleText::Generated(generate) => generate(),
        }
    }
}

/// Every example, in gallery order.
pub const ALL: &[Example] = &[
    Example {
        id: DEMO,
        source: ExampleText::File(include_str!("../../examples/demo.yaml")),
        context: &[],
    },
    Example {
        id: "kafka-port",
        source: ExampleText::File(include_str!("../../examples/kafka-port.yaml")),
        context: &[],
    },
    Example {
        id: "redis-links-disabled",
        source: ExampleText::File(include_str!("../../examples/redis-links-disabled.yaml")),
        context: &[],
    },
    Example {
        id: "statefulset",
        source: ExampleText::File(include_str!("../../examples/statefulset.yaml")),
        context: &[],
    },
    Example {
        id: "dual-stack",
        source: ExampleText::File(include_str!("../../examples/dual-stack.yaml")),
        context: &[
            ("podIPs", "10.244.1.7, fd00:10:244:1::7"),
            ("hostIPs", "172.18.0.3, fc00:f853:ccd:e793::3"),
            ("serviceCIDR", "10.96.0.0/16, fd00:10:96::/112"),
        ],
    },
    Example {
        id: "envfrom-prefixes",
        source: ExampleText::File(include_str!("../../examples/envfrom-prefixes.yaml")),
        context: &[],
    },
    Example {
        id: "missing-configmap",
        source: ExampleText::File(include_str!("../../examples/missing-configmap.yaml")),
        context: &[],
    },
    Example {
        id: "downward-api",
        source: ExampleText::File(include_str!("../../examples/downward-api.yaml")),
        context: &[],
    },
    Example {
        id: "service-dump-500",
        source: ExampleText::Generated(service_dump_500),
        context: &[("namespace", "prod")],
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.id == id)
}

/// Teams and components whose product names the 500 Services.
const TEAMS: &[&str] = &[
    "checkout",
    "payments",
    "catalog",
    "search",
    "cart",
    "orders",
    "shipping",
    "inventory",
    "pricing",
    "accounts",
    "auth",
    "profile",
    "reviews",
    "recommend",
    "ads",
    "email",
    "sms",
    "billing",
    "invoices",
    "ledger",
    "fraud",
    "support",
    "chat",
    "media",
    "reports",
];
const COMPONENTS: &[&str] = &[
    "api",
    "worker",
    "db",
    "cache",
    "grpc",
    "web",
    "admin",
    "events",
    "scheduler",
    "gateway",
    "metrics",
    "sync",
    "importer",
    "exporter",
    "queue",
    "indexer",
    "proxy",
    "canary",
    "shadow",
    "replica",
];
const NAMESPACES: &[&str] = &["prod", "prod", "prod", "prod", "staging", "payments-prod"];

/// `kubectl get svc -A -o yaml` of a busy cluster: 500 Services, most of them in `prod`,
/// each with the fields a real API server returns, then the Deployment being debugged.
pub fn service_dump_500() -> String {
    service_dump(500)
}

/// The dump with `count` application Services (plus `default/kubernetes` and
/// `kube-system/kube-dns`).
pub fn service_dump(count: usize) -> String {
    let mut out = String::with_capacity(count * 900);
    out.push_str("# kubectl get svc -A -o yaml (500 Services), then the Deployment to debug.\n");
    out.push_str("apiVersion: v1\nitems:\n");
    push_service(
        &mut out,
        "default",
        "kubernetes",
        "10.96.0.1",
        &[("https", 443, 6443, "TCP")],
        1,
    );
    push_service(
        &mut out,
        "kube-system",
        "kube-dns",
        "10.96.0.10",
        &[
            ("dns", 53, 53, "UDP"),
            ("dns-tcp", 53, 53, "TCP"),
            ("metrics", 9153, 9153, "TCP"),
        ],
        2,
    );
    for i in 0..count {
        let team = TEAMS[i / COMPONENTS.len() % TEAMS.len()];
        let component = COMPONENTS[i % COMPONENTS.len()];
        let name = format!("{team}-{component}");
        let namespace = NAMESPACES[i % NAMESPACES.len()];
        let ip = format!("10.96.{}.{}", 10 + i / 200, 10 + i % 200);
        let ports: &[(&str, i32, i32, &str)] = match component {
            "db" => &[("postgres", 5432, 5432, "TCP")],
            "cache" => &[("redis", 6379, 6379, "TCP")],
            "grpc" | "gateway" => &[("grpc", 9090, 9090, "TCP"), ("metrics", 9102, 9102, "TCP")],
            "metrics" => &[("http-metrics", 9102, 9102, "TCP")],
            "events" | "queue" => &[("amqp", 5672, 5672, "TCP"), ("http", 15672, 15672, "TCP")],
            _ => &[("http", 80, 8080, "TCP"), ("metrics", 9102, 9102, "TCP")],
        };
        push_service(&mut out, namespace, &name, &ip, ports, 3 + i);
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out.push_str(
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: storefront\n  namespace: prod\n\
         spec:\n  replicas: 4\n  selector:\n    matchLabels: {app: storefront}\n  template:\n    \
         metadata:\n      labels: {app: storefront}\n    spec:\n      containers:\n      - name: storefront\n        \
         image: example/storefront:9.2\n        env:\n        - name: CHECKOUT_URL\n          \
         value: http://$(CHECKOUT_API_SERVICE_HOST):$(CHECKOUT_API_SERVICE_PORT_HTTP)\n        \
         - name: SEARCH_GRPC\n          value: $(SEARCH_GRPC_SERVICE_HOST):$(SEARCH_GRPC_SERVICE_PORT_GRPC)\n",
    );
    out
}

fn push_service(
    out: &mut String,
    namespace: &str,
    name: &str,
    ip: &str,
    ports: &[(&str, i32, i32, &str)],
    serial: usize,
) {
    let _ = write!(
        out,
        "- apiVersion: v1\n  kind: Service\n  metadata:\n    creationTimestamp: \"2025-06-{day:02}T09:{min:02}:{sec:02}Z\"\n    \
         labels:\n      app.kubernetes.io/name: {name}\n      app.kubernetes.io/managed-by: Helm\n    \
         name: {name}\n    namespace: {namespace}\n    resourceVersion: \"{rv}\"\n    \
         uid: 6f1c{serial:04x}-3b2a-4c1d-9e8f-{serial:012x}\n  spec:\n    clusterIP: {ip}\n    clusterIPs:\n    - {ip}\n    \
         internalTrafficPolicy: Cluster\n    ipFamilies:\n    - IPv4\n    ipFamilyPolicy: SingleStack\n    ports:\n",
        day = 1 + serial % 28,
        min = serial % 60,
        sec = (serial * 7) % 60,
        rv = 1000 + serial * 13,
    );
    for (port_name, port, target, protocol) in ports {
        let _ = write!(
            out,
            "    - name: {port_name}\n      port: {port}\n      protocol: {protocol}\n      targetPort: {target}\n"
        );
    }
    let _ = write!(
        out,
        "    selector:\n      app.kubernetes.io/name: {name}\n    sessionAffinity: None\n    type: ClusterIP\n  \
         status:\n    loadBalancer: {{}}\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use podenv_core::diagnostic::Severity;
    use podenv_core::SourceFile;

    #[test]
    fn at_least_eight_examples_with_unique_ids() {
        assert!(ALL.len() >= 8);
        let mut ids: Vec<_> = ALL.iter().map(|e| e.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }

    #[test]
    fn the_dump_has_500_services_without_input_errors() {
        let text = service_dump_500();
        assert_eq!(text.matches("  kind: Service\n").count(), 502);
        let analysis = podenv_core::analyze(
            &[SourceFile::new("dump.yaml", text)],
            &podenv_core::ClusterContext::default(),
        );
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_line())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(analysis.pods.len(), 1);
    }
}
