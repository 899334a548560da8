//! Every variable says where it came from and what it hid (issue 2, "Provenance").

use podenv_core::model::{Source, Value};
use podenv_core::{analyze, ClusterContext, SourceFile};

const MANIFESTS: &str = "\
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: shop}
spec: {clusterIP: 10.96.4.2, ports: [{port: 6379}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: base, namespace: shop}
data: {MODE: dev, REDIS_PORT: from-configmap}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
  - name: app
    envFrom:
    - configMapRef: {name: base}
    env:
    - name: MODE
      valueFrom: {configMapKeyRef: {name: override, key: MODE, optional: true}}
    - name: REDIS_PORT
      value: \"6379\"
";

fn env() -> Vec<podenv_core::model::EnvVar> {
    let analysis = analyze(
        &[SourceFile::new("m.yaml", MANIFESTS)],
        &ClusterContext::default(),
    );
    analysis.pods[0].containers[0]
        .env
        .clone()
        .expect("the container starts")
}

#[test]
fn an_optional_miss_is_recorded_on_the_value_it_left_in_place() {
    let env = env();
    let mode = env.iter().find(|v| v.name == "MODE").expect("MODE");
    assert_eq!(mode.value, Value::text("dev"));
    assert!(matches!(&mode.source, Source::EnvFrom { key, .. } if key == "MODE"));
    assert_eq!(mode.kept.len(), 1);
    assert!(
        matches!(&mode.kept[0].source, Source::ConfigMapKeyRef { object, .. } if object == "shop/override")
    );
    assert_eq!(mode.kept[0].rule, "E6");
}

#[test]
fn env_beats_envfrom_and_the_service_variable_it_hides() {
    let env = env();
    let port = env
        .iter()
        .find(|v| v.name == "REDIS_PORT")
        .expect("REDIS_PORT");
    assert_eq!(port.value, Value::text("6379"));
    assert!(matches!(&port.source, Source::Env { index: 1, .. }));
    let hidden: Vec<(&str, Option<&str>)> = port
        .shadowed
        .iter()
        .map(|s| (s.rule.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(
        hidden,
        vec![
            ("E4", Some("from-configmap")),
            ("O2", Some("tcp://10.96.4.2:6379"))
        ]
    );
    // The other service variables are still there.
    assert!(env
        .iter()
        .any(|v| v.name == "REDIS_SERVICE_HOST" && v.value.as_str() == Some("10.96.4.2")));
}
