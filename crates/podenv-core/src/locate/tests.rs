use super::*;
use crate::model::{Analysis, EnvVar};
use crate::{analyze, ClusterContext};

/// The text of `span` in `text` (lines and columns counted as the core counts them).
fn cut<'t>(text: &'t str, span: &SourceSpan) -> &'t str {
    let offset = |p: TextPosition| {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(p.line - 1)
            .map(str::len)
            .sum();
        let line = text.get(line_start..).unwrap_or("");
        line_start
            + line
                .char_indices()
                .nth(p.column - 1)
                .map_or(line.len(), |(i, _)| i)
    };
    &text[offset(span.from)..offset(span.to)]
}

fn analysis_of(files: &[SourceFile], namespace: &str) -> Analysis {
    let context = if namespace.is_empty() {
        ClusterContext::default()
    } else {
        let text = format!("namespace: {namespace}\n");
        ClusterContext::parse("context.yaml", &text).0
    };
    analyze(files, &context)
}

/// The spans of variable `name` of container `container` of the pod named `pod`.
fn spans(
    files: &[SourceFile],
    namespace: &str,
    pod: &str,
    container: &str,
    name: &str,
) -> Vec<SourceSpan> {
    let analysis = analysis_of(files, namespace);
    let pod = analysis
        .pods
        .iter()
        .find(|p| p.source.name == pod || p.name == pod)
        .unwrap_or_else(|| panic!("no pod {pod}: {:#?}", analysis.diagnostics));
    let c = pod
        .containers
        .iter()
        .find(|c| c.name == container)
        .unwrap_or_else(|| panic!("no container {container}"));
    let var: &EnvVar = c
        .env
        .iter()
        .flatten()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", c.env));
    let ns = if namespace.is_empty() {
        "default"
    } else {
        namespace
    };
    source_spans(files, ns, &pod.source, &c.name, c.kind, &var.source)
}

/// (role, text) of each span, all in one file `text`.
fn cuts<'t>(text: &'t str, spans: &[SourceSpan]) -> Vec<(&'static str, &'t str)> {
    spans
        .iter()
        .map(|s| (s.role.as_str(), cut(text, s)))
        .collect()
}

const POD: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: fast
  'dotted.key': \"x\"
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
data:
  PASSWORD: aHVudGVyMg==
stringData:
  TOKEN: t0k
---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  clusterIP: 10.96.4.2
  ports:
  - name: main
    port: 6379
  - {name: admin, port: 7000}
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox
    envFrom:
    - prefix: CFG_
      configMapRef: {name: settings}
    env:
    - name: GREETING
      value: hello $(MODE)
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: settings
          key: MODE
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}
    - name: TOKEN
      valueFrom: {secretKeyRef: {name: creds, key: TOKEN}}
    - name: NODE
      valueFrom:
        fieldRef: {fieldPath: spec.nodeName}
";

#[test]
fn env_entry_and_config_map_key() {
    let files = [SourceFile::new("m.yaml", POD)];
    let found = spans(&files, "", "app", "app", "MODE");
    assert_eq!(
        cuts(POD, &found),
        vec![
            (
                "env-entry",
                "name: MODE\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: MODE"
            ),
            ("config-map-key", "MODE: fast"),
        ]
    );
    // Positions exact: 1-based, `to` just past the last character.
    assert_eq!(found[1].from, TextPosition { line: 6, column: 3 });
    assert_eq!(
        found[1].to,
        TextPosition {
            line: 6,
            column: 13
        }
    );
    assert_eq!((found[1].file.as_str(), found[1].document), ("m.yaml", 1));
    assert_eq!(found[0].document, 4);
    assert_eq!(
        found[0].from,
        TextPosition {
            line: 42,
            column: 7
        }
    );

    let greeting = spans(&files, "", "app", "app", "GREETING");
    assert_eq!(
        cuts(POD, &greeting),
        vec![("env-entry", "name: GREETING\n      value: hello $(MODE)")]
    );
    let node = spans(&files, "", "app", "app", "NODE");
    assert_eq!(
        cuts(POD, &node),
        vec![(
            "env-entry",
            "name: NODE\n      valueFrom:\n        fieldRef: {fieldPath: spec.nodeName}"
        )]
    );
}

#[test]
fn env_from_with_a_prefix_and_a_quoted_key() {
    let files = [SourceFile::new("m.yaml", POD)];
    let found = spans(&files, "", "app", "app", "CFG_dotted.key");
    assert_eq!(
        cuts(POD, &found),
        vec![
            (
                "env-from-entry",
                "prefix: CFG_\n      configMapRef: {name: settings}"
            ),
            ("config-map-key", "'dotted.key': \"x\""),
        ]
    );
}

#[test]
fn secret_keys_from_data_and_string_data() {
    let files = [SourceFile::new("m.yaml", POD)];
    let password = spans(&files, "", "app", "app", "PASSWORD");
    assert_eq!(
        cuts(POD, &password),
        vec![
            (
                "env-entry",
                "name: PASSWORD\n      valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}"
            ),
            ("secret-key", "PASSWORD: aHVudGVyMg=="),
        ]
    );
    let token = spans(&files, "", "app", "app", "TOKEN");
    assert_eq!(cuts(POD, &token)[1], ("secret-key", "TOKEN: t0k"));
}

#[test]
fn service_ports_and_names() {
    let files = [SourceFile::new("m.yaml", POD)];
    assert_eq!(
        cuts(
            POD,
            &spans(&files, "", "app", "app", "REDIS_SERVICE_PORT_MAIN")
        ),
        vec![("service-port", "name: main\n    port: 6379")]
    );
    assert_eq!(
        cuts(
            POD,
            &spans(&files, "", "app", "app", "REDIS_PORT_7000_TCP_ADDR")
        ),
        vec![("service-port", "{name: admin, port: 7000}")]
    );
    assert_eq!(
        cuts(POD, &spans(&files, "", "app", "app", "REDIS_SERVICE_HOST")),
        vec![("service", "name: redis")]
    );
    // The master Service podenv adds itself is not in the text.
    assert!(spans(&files, "", "app", "app", "KUBERNETES_SERVICE_HOST").is_empty());
}

#[test]
fn a_list_and_namespace_defaulting() {
    let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings, namespace: other}
  data: {MODE: wrong}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings}
  data: {MODE: right}
- apiVersion: v1
  kind: Pod
  metadata: {name: app}
  spec:
    containers:
    - name: side
      image: busybox
    - name: app
      image: busybox
      env:
      - {name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: MODE}}}
";
    let files = [SourceFile::new("list.yaml", text)];
    let found = spans(&files, "shop", "app", "app", "MODE");
    assert_eq!(
        cuts(text, &found),
        vec![
            (
                "env-entry",
                "{name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: MODE}}}"
            ),
            ("config-map-key", "MODE: right"),
        ]
    );
    assert_eq!(found[1].from.line, 11);
}

#[test]
fn a_typed_list_whose_items_have_no_kind() {
    let text = "\
apiVersion: v1
kind: ConfigMapList
items:
- metadata: {name: settings}
  data:
    MODE: fast
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: busybox
    envFrom: [{configMapRef: {name: settings}}]
";
    let files = [SourceFile::new("m.yaml", text)];
    let found = spans(&files, "", "app", "app", "MODE");
    assert_eq!(
        cuts(text, &found),
        vec![
            ("env-from-entry", "{configMapRef: {name: settings}}"),
            ("config-map-key", "MODE: fast")
        ]
    );
}

#[test]
fn a_deployment_and_a_later_duplicate_in_another_file() {
    let deploy = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
      - name: init
        image: busybox
        env:
        - name: STAGE
          valueFrom:
            configMapKeyRef: {name: settings, key: STAGE}
      containers:
      - name: web
        image: nginx
";
    let first = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {STAGE: one}\n";
    let second =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  STAGE: two\n";
    let files = [
        SourceFile::new("deploy.yaml", deploy),
        SourceFile::new("a.yaml", first),
        SourceFile::new("b.yaml", second),
    ];
    let found = spans(&files, "", "web", "init", "STAGE");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        cut(deploy, &found[0]),
        "name: STAGE\n          valueFrom:\n            configMapKeyRef: {name: settings, key: STAGE}"
    );
    assert_eq!(found[1].file, "b.yaml");
    assert_eq!(cut(second, &found[1]), "STAGE: two");
}

#[test]
fn a_cron_job() {
    let text = "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: '0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: busybox
            env:
            - name: A
              value: one
            - name: B
              value: |
                two
                lines
";
    let files = [SourceFile::new("cron.yaml", text)];
    let a = spans(&files, "", "nightly", "job", "A");
    assert_eq!(
        cuts(text, &a),
        vec![("env-entry", "name: A\n              value: one")]
    );
    let b = spans(&files, "", "nightly", "job", "B");
    assert_eq!(b.len(), 1);
    assert_eq!(
        cut(text, &b[0]),
        "name: B\n              value: |\n                two\n                lines"
    );
}

#[test]
fn anchors_and_aliases() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: one
    image: busybox
    env:
    - &shared {name: SHARED, value: yes}
  - name: two
    image: busybox
    env:
    - *shared
";
    let files = [SourceFile::new("m.yaml", text)];
    // An alias item is the entry it stands for.
    let found = spans(&files, "", "app", "two", "SHARED");
    assert_eq!(
        cuts(text, &found),
        vec![("env-entry", "&shared {name: SHARED, value: yes}")]
    );
}

#[test]
fn json_input() {
    let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
 "spec": {"containers": [{"name": "app", "image": "busybox",
   "env": [{"name": "A", "value": "1"}]}]}}
"#;
    let files = [SourceFile::new("m.json", text)];
    let found = spans(&files, "", "app", "app", "A");
    assert_eq!(
        cuts(text, &found),
        vec![("env-entry", r#"{"name": "A", "value": "1"}"#)]
    );
}

/// A source that points at what the text does not have gives nothing, never a panic.
#[test]
fn absent_and_hostile_places_are_empty() {
    let files = [SourceFile::new("m.yaml", POD)];
    let analysis = analysis_of(&files, "");
    let pod = &analysis.pods[0];
    let env_at = |index| Source::Env {
        rule: "E4".into(),
        index,
        raw: String::new(),
        references: Vec::new(),
    };
    let kind = ContainerKind::Container;
    assert!(source_spans(&files, "default", &pod.source, "app", kind, &env_at(99)).is_empty());
    assert!(source_spans(&files, "default", &pod.source, "nobody", kind, &env_at(0)).is_empty());
    assert!(source_spans(
        &files,
        "default",
        &pod.source,
        "app",
        ContainerKind::InitContainer,
        &env_at(0)
    )
    .is_empty());
    assert!(source_spans(&[], "default", &pod.source, "app", kind, &env_at(0)).is_empty());
    let mut elsewhere = pod.source.clone();
    elsewhere.location.document = 40;
    assert!(source_spans(&files, "default", &elsewhere, "app", kind, &env_at(0)).is_empty());
    // The text changed since the analysis.
    let edited = [SourceFile::new("m.yaml", "{{ not yaml")];
    assert!(source_spans(&edited, "default", &pod.source, "app", kind, &env_at(0)).is_empty());
    let missing = Source::ConfigMapKeyRef {
        rule: "E6".into(),
        index: 0,
        object: "default/nothing".into(),
        key: "K".into(),
    };
    let found = source_spans(&files, "default", &pod.source, "app", kind, &missing);
    assert_eq!(
        cuts(POD, &found),
        vec![("env-entry", "name: GREETING\n      value: hello $(MODE)")]
    );
    let service = |service: &str, port_index| Source::Service {
        rule: "S3".into(),
        service: service.into(),
        form: "SERVICE_HOST".into(),
        port_index,
        port_name: None,
        port: None,
        protocol: None,
        master_service: false,
        candidates: Vec::new(),
        candidate_values: Vec::new(),
        dns: None,
    };
    for source in [
        service("", None),
        service("/", None),
        service("default/redis", Some(usize::MAX)),
        service("other/redis", None),
        service("default/redis'][", None),
    ] {
        assert!(source_spans(&files, "default", &pod.source, "app", kind, &source).is_empty());
    }
    // A name found only inside longer names is not looked at.
    assert!(!mentions("name: redis-2, redisx", "redis"));
    assert!(mentions("name: \"redis\"", "redis"));
}

#[test]
fn hostile_text_never_panics() {
    let inputs = [
        "",
        "---\n---\n",
        "kind: Pod\nmetadata: {name: app}\nspec: {containers: [{name: app, env: [{name: A}]}]}\n",
        "apiVersion: v1\nkind: List\nitems: [*x]\n",
        "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
        "a: &a [*a]\n",
        "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: app}\r\ndata: {A: b}\r\n",
        "[1, 2",
        "key: \"\u{202e}app\"\n",
    ];
    let pod = ObjectRef {
        kind: "Pod".into(),
        namespace: "default".into(),
        name: "app".into(),
        location: crate::diagnostic::Location {
            file: "m.yaml".into(),
            document: 1,
            line: 1,
            column: 1,
        },
    };
    let sources = [
        Source::Env {
            rule: "E4".into(),
            index: 0,
            raw: String::new(),
            references: Vec::new(),
        },
        Source::EnvFrom {
            rule: "E3".into(),
            index: 0,
            object_kind: "configMap".into(),
            object: "default/app".into(),
            key: "A".into(),
            prefix: None,
        },
    ];
    for text in inputs {
        let files = [SourceFile::new("m.yaml", text)];
        for source in &sources {
            let _ = source_spans(
                &files,
                "default",
                &pod,
                "app",
                ContainerKind::Container,
                source,
            );
        }
    }
    // A BOM and CRLF line ends: the ConfigMap key is found on its line.
    let files = [SourceFile::new("m.yaml", inputs[6])];
    let found = source_spans(
        &files,
        "default",
        &pod,
        "app",
        ContainerKind::Container,
        &sources[1],
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].from.line, found[0].role),
        (4, SpanRole::ConfigMapKey)
    );
}
