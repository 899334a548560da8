//! The trace and the provenance it needs (issue 8): `command`/`args` expansion (spec X4),
//! reference values and definitions (X2, X3), `kept` surviving an overwrite (E6), candidate
//! values (V3), located failures (ERR1, ERR2), structured notes, and the steps themselves.

use podenv_core::model::{Analysis, ContainerEnv, Value};
use podenv_core::trace::Step;
use podenv_core::{analyze_with, AnalyzeOptions, ClusterContext, SourceFile};

fn run(yaml: &str, trace: bool) -> Analysis {
    analyze_with(
        &[SourceFile::new("m.yaml", yaml)],
        &ClusterContext::default(),
        AnalyzeOptions { trace },
    )
}

fn container<'a>(analysis: &'a Analysis, name: &str) -> &'a ContainerEnv {
    analysis
        .pods
        .iter()
        .flat_map(|p| &p.containers)
        .find(|c| c.name == name)
        .expect("container")
}

fn pod(containers: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n{containers}")
}

fn text(v: &Value) -> &str {
    v.as_str().expect("one UTF-8 value")
}

#[test]
fn command_and_args_expand_against_the_final_list() {
    // X4: the final list (service variables and later env entries included); unknown
    // names stay literal; `$$` is one `$`; each distinct name is listed once, with a count.
    let a = run(
        &pod(r#"  - name: c
    image: x
    env:
    - {name: A, value: "1"}
    - {name: B, value: "$(A)-$(LATER)"}
    - {name: LATER, value: late}
    command: ["run", "$(B)", "$(LATER)$(LATER)", "$$(A)", "$(NOPE)"]
    args: ["$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)"]
"#),
        false,
    );
    let c = container(&a, "c");
    let command = c.command.as_ref().expect("command");
    let values: Vec<&str> = command.iter().map(|x| text(&x.value)).collect();
    // B was made before LATER existed, so its $(LATER) stayed literal (X3).
    assert_eq!(values, ["run", "1-$(LATER)", "latelate", "$(A)", "$(NOPE)"]);
    let twice = &command[2].references;
    assert_eq!(twice.len(), 1);
    assert_eq!((twice[0].name.as_str(), twice[0].count), ("LATER", 2));
    assert_eq!(twice[0].value.as_ref().map(text), Some("late"));
    assert!(command[3].references.is_empty(), "$$ escapes: no reference");
    assert_eq!(command[4].references[0].resolved_from, "unresolved");
    assert!(command[4].references[0].value.is_none());
    let args = c.args.as_ref().expect("args");
    assert_eq!(text(&args[0].value), "10.96.0.1:443");
    let host = &args[0].references[0];
    assert_eq!(host.resolved_from, "service");
    let by = host.defined_by.as_ref().expect("definition");
    assert_eq!(by.object.as_deref(), Some("default/kubernetes"));
    assert_eq!(by.key.as_deref(), Some("SERVICE_HOST"));
}

#[test]
fn a_reference_records_the_value_and_definition_of_that_moment() {
    // X3: X=$(X) sees the previous X; the reference keeps that value and points at env[0].
    let a = run(
        &pod(r#"  - name: c
    image: x
    env:
    - {name: X, value: old}
    - {name: X, value: "$(X)-new"}
"#),
        false,
    );
    let x = container(&a, "c")
        .env
        .as_ref()
        .and_then(|e| e.iter().find(|v| v.name == "X"))
        .expect("X");
    assert_eq!(text(&x.value), "old-new");
    let podenv_core::model::Source::Env { references, .. } = &x.source else {
        panic!("env source")
    };
    assert_eq!(references[0].value.as_ref().map(text), Some("old"));
    let by = references[0].defined_by.as_ref().expect("definition");
    assert_eq!((by.origin.as_str(), by.index), ("env", Some(0)));
}

#[test]
fn kept_survives_when_a_later_entry_overwrites_the_value() {
    // E6: an optional miss keeps the earlier value and is recorded on it; when a later
    // entry then replaces that value, the shadowed definition still carries the miss.
    let a = run(
        &format!(
            "{}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cfg}}\ndata: {{k: v}}\n",
            pod(r#"  - name: c
    image: x
    env:
    - {name: A, value: first}
    - {name: A, valueFrom: {configMapKeyRef: {name: cfg, key: missing, optional: true}}}
    - {name: A, value: last}
"#)
        ),
        false,
    );
    let var = container(&a, "c")
        .env
        .as_ref()
        .and_then(|e| e.iter().find(|v| v.name == "A"))
        .expect("A");
    assert_eq!(text(&var.value), "last");
    assert!(var.kept.is_empty());
    assert_eq!(var.shadowed.len(), 1);
    assert_eq!(text(&var.shadowed[0].value), "first");
    assert_eq!(var.shadowed[0].kept.len(), 1);
    assert_eq!(var.shadowed[0].kept[0].rule, "E6");
    let notes = &container(&a, "c").notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].code.as_str(), notes[0].rule.as_str()),
        ("optional-key-missing", "E6")
    );
    assert_eq!(notes[0].entry.as_deref(), Some("env[1]"));
}

#[test]
fn colliding_service_variables_carry_each_candidate_value() {
    // V3: `web` makes WEB_SERVICE_PORT=80 while `web-service` makes WEB_SERVICE_PORT=tcp://...
    let a = run(
        &format!(
            "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{clusterIP: 10.96.1.1, ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: web-service}}\nspec: {{clusterIP: 10.96.1.2, ports: [{{port: 81}}]}}\n",
            pod("  - {name: c, image: x}\n")
        ),
        true,
    );
    let c = container(&a, "c");
    let var = c
        .env
        .as_ref()
        .and_then(|e| e.iter().find(|v| v.name == "WEB_SERVICE_PORT"))
        .expect("WEB_SERVICE_PORT");
    let podenv_core::model::Source::Service {
        candidates,
        candidate_values,
        rule,
        ..
    } = &var.source
    else {
        panic!("service source")
    };
    assert_eq!(rule, "V3");
    assert_eq!(candidates, &["default/web", "default/web-service"]);
    assert_eq!(candidate_values, &["80", "tcp://10.96.1.2:81"]);
    let steps = c.steps.as_ref().expect("steps");
    let Some(Step::FromServices(from)) = steps.iter().find(|s| s.id() == "FromServices") else {
        panic!("FromServices step")
    };
    let collision = from
        .collisions
        .iter()
        .find(|x| x.name == "WEB_SERVICE_PORT")
        .expect("collision");
    assert!(collision.nondeterministic);
    assert_eq!(collision.candidates.len(), 2);
}

#[test]
fn a_failure_names_its_step_entry_path_and_location() {
    // ERR2 at env[1] of the second container of a Deployment's template.
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - {name: ok, image: x}\n      - name: bad\n        image: x\n        env:\n        - {name: A, value: a}\n        - name: B\n          valueFrom:\n            configMapKeyRef: {name: nope, key: k}\n";
    for trace in [false, true] {
        let a = run(yaml, trace);
        let c = container(&a, "bad");
        assert_eq!(c.error.as_deref(), Some("configmap \"nope\" not found"));
        let site = c.error_at.as_ref().expect("site");
        assert_eq!(site.step, "env");
        assert_eq!(site.index, Some(1));
        assert_eq!(
            site.path.as_deref(),
            Some("spec.template.spec.containers[1].env[1].valueFrom.configMapKeyRef")
        );
        let at = site.location.as_ref().expect("location");
        assert_eq!((at.line, at.column), (17, 13));
    }
    let traced = run(yaml, true);
    let steps = container(&traced, "bad").steps.as_ref().expect("steps");
    let ids: Vec<&str> = steps.iter().map(Step::id).collect();
    assert_eq!(
        ids,
        [
            "cri",
            "generateContainerConfig",
            "GenerateRunContainerOptions",
            "getServiceEnvVarMap",
            "FromServices",
            "envFrom",
            "env",
            "dns"
        ]
    );
    let Some(Step::Env(env)) = steps.iter().find(|s| s.id() == "env") else {
        panic!("env step")
    };
    assert_eq!(env.entries.len(), 2);
    assert_eq!(env.entries[1].outcome, "failed");
}

#[test]
fn the_service_map_step_says_why_each_service_is_skipped() {
    let yaml = format!(
        "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: here}}\nspec: {{clusterIP: 10.96.1.1, ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: there, namespace: other}}\nspec: {{clusterIP: 10.96.1.2, ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: hl}}\nspec: {{clusterIP: None, ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: ext}}\nspec: {{type: ExternalName, externalName: example.com}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: kubernetes}}\nspec: {{clusterIP: 10.96.1.9, ports: [{{port: 443}}]}}\n",
        pod("  - {name: c, image: x}\n")
    );
    // The pod runs in `default`, so its own `kubernetes` Service is the master service.
    let a = run(&yaml, true);
    let steps = container(&a, "c").steps.as_ref().expect("steps");
    let Some(Step::GetServiceEnvVarMap(map)) =
        steps.iter().find(|s| s.id() == "getServiceEnvVarMap")
    else {
        panic!("service map step")
    };
    let reasons: Vec<(&str, bool, &str)> = map
        .services
        .iter()
        .map(|d| (d.service.as_str(), d.used, d.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("default/here", true, "pod-namespace"),
            ("other/there", false, "other-namespace"),
            ("default/hl", false, "headless"),
            ("default/ext", false, "external-name"),
            ("default/kubernetes", true, "master-service"),
        ]
    );
    // With links off only the master service is used.
    let off = run(
        &yaml.replace(
            "spec:\n  containers:",
            "spec:\n  enableServiceLinks: false\n  containers:",
        ),
        true,
    );
    let steps = container(&off, "c").steps.as_ref().expect("steps");
    let Some(Step::GetServiceEnvVarMap(map)) =
        steps.iter().find(|s| s.id() == "getServiceEnvVarMap")
    else {
        panic!("service map step")
    };
    assert_eq!(map.map, ["default/kubernetes"]);
    assert_eq!(map.services[0].reason, "service-links-disabled");
}

#[test]
fn a_kubernetes_service_in_the_pod_namespace_replaces_the_master() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: team}\nspec: {clusterIP: 10.96.7.7, ports: [{port: 80}]}\n";
    let a = run(yaml, true);
    let steps = container(&a, "c").steps.as_ref().expect("steps");
    let Some(Step::GetServiceEnvVarMap(map)) =
        steps.iter().find(|s| s.id() == "getServiceEnvVarMap")
    else {
        panic!("service map step")
    };
    let master = map
        .services
        .iter()
        .find(|d| d.service == "default/kubernetes")
        .expect("master");
    assert_eq!(
        (master.used, master.reason.as_str()),
        (false, "master-replaced")
    );
    assert_eq!(map.map, ["team/kubernetes"]);
}

#[test]
fn env_and_env_from_steps_record_replacements_and_prefixes() {
    let yaml = format!(
        "{}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cfg}}\ndata: {{MODE: prod}}\n",
        pod(r#"  - name: c
    image: x
    envFrom: [{configMapRef: {name: cfg}, prefix: P_}, {configMapRef: {name: gone, optional: true}}]
    env:
    - {name: P_MODE, value: "$(P_MODE)!"}
"#)
    );
    let a = run(&yaml, true);
    let steps = container(&a, "c").steps.as_ref().expect("steps");
    let Some(Step::EnvFrom(from)) = steps.iter().find(|s| s.id() == "envFrom") else {
        panic!("envFrom step")
    };
    assert_eq!(from.sources.len(), 2);
    assert_eq!(from.sources[0].keys[0].name, "P_MODE");
    assert_eq!(from.sources[1].outcome, "optional-missing");
    let Some(Step::Env(env)) = steps.iter().find(|s| s.id() == "env") else {
        panic!("env step")
    };
    let entry = &env.entries[0];
    assert_eq!(entry.result.as_ref().map(text), Some("prod!"));
    assert_eq!(entry.references[0].value.as_ref().map(text), Some("prod"));
    let replaced = entry.replaced.as_ref().expect("replaced");
    assert_eq!(text(&replaced.value), "prod");
    assert_eq!(replaced.source.origin(), "envFrom");
}

#[test]
fn reference_copies_are_bounded() {
    // A 50 KB value referenced by many entries: each reference keeps at most
    // MAX_REFERENCE_VALUE bytes and the exact length.
    let big = "x".repeat(50_000);
    let mut env = format!("    - {{name: BIG, value: \"{big}\"}}\n");
    for i in 0..50 {
        env.push_str(&format!(
            "    - {{name: REF{i}, value: \"$(BIG)$(BIG)\"}}\n"
        ));
    }
    let a = run(
        &pod(&format!("  - name: c\n    image: x\n    env:\n{env}")),
        false,
    );
    let vars = container(&a, "c").env.as_ref().expect("env");
    let r0 = vars.iter().find(|v| v.name == "REF0").expect("REF0");
    assert_eq!(r0.value.known().map(<[u8]>::len), Some(100_000));
    let podenv_core::model::Source::Env { references, .. } = &r0.source else {
        panic!("env source")
    };
    let copy = references[0]
        .value
        .as_ref()
        .and_then(Value::known)
        .expect("copy");
    assert_eq!(copy.len(), podenv_core::limits::MAX_REFERENCE_VALUE);
    assert_eq!(
        references[0].truncation.map(|t| t.full_length),
        Some(50_000)
    );
    assert_eq!(references[0].count, 2);
}
