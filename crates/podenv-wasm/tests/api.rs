//! The npm package's JavaScript API, function by function, in Node and headless Chromium:
//! the arguments it takes, the plain objects it returns (the CLI's JSON schema), and the
//! errors it throws. The fixture corpus runs through it in `tests/cases.rs`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use podenv_wasm::js;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const POD_AND_SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  clusterIP: 10.96.4.2
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: busybox
  - name: side
    image: busybox
";

/// A JS object from JSON text, as a caller writes `{...}`.
fn obj(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let key = match key.parse::<u32>() {
            Ok(i) => JsValue::from(i),
            Err(_) => JsValue::from(key),
        };
        Reflect::get(&v, &key).unwrap_or(JsValue::UNDEFINED)
    })
}

fn string(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string in {:?}", JSON::stringify(value)))
}

/// `NAME=value` of every variable of the container at `pods.0.containers.<i>`.
fn env(analysis: &JsValue, container: u32) -> Vec<String> {
    let env: Array = get(analysis, &format!("pods.0.containers.{container}.env")).unchecked_into();
    env.iter()
        .map(|v| format!("{}={}", string(&v, "name"), string(&v, "value")))
        .collect()
}

fn error_of(call: Result<JsValue, JsValue>) -> js_sys::Error {
    call.expect_err("the call should throw")
        .dyn_into()
        .expect("an Error")
}

#[wasm_bindgen_test]
fn analyze_returns_the_service_variables_as_a_plain_object() {
    let analysis = js::analyze(
        &POD_AND_SERVICE.into(),
        &obj(r#"{"context": {"namespace": "shop"}}"#),
    )
    .expect("no input error");
    assert_eq!(get(&analysis, "schemaVersion"), JsValue::from(2));
    assert_eq!(string(&analysis, "pods.0.namespace"), "shop");
    let env = env(&analysis, 0);
    for line in [
        "REDIS_PORT=tcp://10.96.4.2:6379",
        "REDIS_PORT_6379_TCP=tcp://10.96.4.2:6379",
        "REDIS_PORT_6379_TCP_ADDR=10.96.4.2",
        "REDIS_PORT_6379_TCP_PORT=6379",
        "REDIS_PORT_6379_TCP_PROTO=tcp",
        "REDIS_SERVICE_HOST=10.96.4.2",
        "REDIS_SERVICE_PORT=6379",
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
    ] {
        assert!(
            env.contains(&line.to_string()),
            "{line} missing from {env:?}"
        );
    }
    // Plain data: it survives JSON.stringify and has no class of its own.
    assert!(Object::get_prototype_of(&analysis) == Object::get_prototype_of(&Object::new()));
}

#[wasm_bindgen_test]
fn the_context_may_be_text_a_mapping_or_a_named_text() {
    for context in [
        JsValue::from("namespace: shop\n"),
        obj(r#"{"namespace": "shop"}"#),
        obj(r#"{"name": "ctx.yaml", "text": "namespace: shop\n"}"#),
    ] {
        let options = Object::new();
        Reflect::set(&options, &"context".into(), &context).unwrap();
        let analysis = js::analyze(&POD_AND_SERVICE.into(), &options).expect("no error");
        assert_eq!(string(&analysis, "pods.0.namespace"), "shop");
    }
}

#[wasm_bindgen_test]
fn enable_service_links_false_keeps_only_the_master_service() {
    let analysis = js::analyze(
        &POD_AND_SERVICE.into(),
        &obj(r#"{"enableServiceLinks": false}"#),
    )
    .expect("no error");
    let env = env(&analysis, 0);
    assert!(env.iter().all(|l| !l.starts_with("REDIS_")), "{env:?}");
    assert!(env.contains(&"KUBERNETES_SERVICE_HOST=10.96.0.1".to_string()));
}

#[wasm_bindgen_test]
fn input_errors_throw_the_located_message_with_the_result_attached() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers: [\n";
    let error = error_of(js::analyze(&text.into(), &JsValue::UNDEFINED));
    assert_eq!(String::from(error.name()), "PodenvInputError");
    let message = String::from(error.message());
    assert!(message.starts_with("manifests.yaml:"), "{message}");
    assert!(message.contains(": error: "), "{message}");
    let diagnostics: Array = get(&error, "diagnostics").unchecked_into();
    assert!(diagnostics.length() >= 1);
    assert_eq!(
        string(&diagnostics.get(0), "location.file"),
        "manifests.yaml"
    );
    assert_eq!(get(&error, "result.schemaVersion"), JsValue::from(2));
    // A named file is named in the message; an unnamed one of a list by its place.
    let files = Array::of2(
        &POD_AND_SERVICE.into(),
        &obj(&format!(r#"{{"name": "bad.yaml", "text": {:?}}}"#, text)),
    );
    let message = String::from(error_of(js::analyze(&files, &JsValue::NULL)).message());
    assert!(message.starts_with("bad.yaml:"), "{message}");
    // A bad context is an input error too.
    let error = error_of(js::analyze(
        &POD_AND_SERVICE.into(),
        &obj(r#"{"context": "kubernetesVersion: banana"}"#),
    ));
    assert!(
        String::from(error.message()).starts_with("cluster context:1:"),
        "{}",
        String::from(error.message())
    );
}

#[wasm_bindgen_test]
fn wrong_arguments_throw_type_errors_that_name_them() {
    let cases: [(Result<JsValue, JsValue>, &str); 6] = [
        (
            js::analyze(&JsValue::from(5), &JsValue::UNDEFINED),
            "manifests must be",
        ),
        (
            js::analyze(&POD_AND_SERVICE.into(), &"x".into()),
            "must be an object",
        ),
        (
            js::analyze(&POD_AND_SERVICE.into(), &obj(r#"{"names": ["redis"]}"#)),
            "analyze() has no option `names`",
        ),
        (
            js::dns(&POD_AND_SERVICE.into(), &obj(r#"{"nmes": []}"#)),
            "unknown option `nmes` of dns()",
        ),
        (
            js::trace(&POD_AND_SERVICE.into(), &obj(r#"{"container": 3}"#)),
            "container",
        ),
        (js::rules(&obj(r#"{"lang": "fr"}"#)), "en and zh"),
    ];
    for (i, (call, words)) in cases.into_iter().enumerate() {
        let error = call.expect_err("should throw");
        assert!(
            error.is_instance_of::<js_sys::TypeError>(),
            "case {i}: {error:?}"
        );
        let message = String::from(error.unchecked_into::<js_sys::Error>().message());
        assert!(message.contains(words), "case {i}: {message}");
    }
}

#[wasm_bindgen_test]
fn dns_gives_resolv_conf_and_the_resolver_walk_of_each_name() {
    let report =
        js::dns(&POD_AND_SERVICE.into(), &obj(r#"{"names": ["redis"]}"#)).expect("no error");
    assert_eq!(string(&report, "pods.0.walks.0.name"), "redis");
    assert_eq!(
        string(&report, "pods.0.walks.0.glibc.queries.0.name"),
        "redis.default.svc.cluster.local."
    );
    assert_eq!(
        string(&report, "pods.0.walks.0.glibc.queries.0.outcome"),
        "answer"
    );
    let resolv = string(&report, "pods.0.dns.resolvConf.text");
    assert!(
        resolv.contains("search default.svc.cluster.local svc.cluster.local cluster.local"),
        "{resolv}"
    );
    let records: Array = get(&report, "records").unchecked_into();
    assert!(records
        .iter()
        .any(|r| string(&r, "name") == "redis.default.svc.cluster.local."
            && string(&r, "data") == "10.96.4.2"));
}

#[wasm_bindgen_test]
fn trace_walks_the_kubelets_path_for_the_chosen_container() {
    let report =
        js::trace(&POD_AND_SERVICE.into(), &obj(r#"{"container": "side"}"#)).expect("no error");
    let containers: Array = get(&report, "pods.0.containers").unchecked_into();
    assert_eq!(containers.length(), 1);
    assert_eq!(string(&report, "pods.0.containers.0.name"), "side");
    assert_eq!(string(&report, "pods.0.containers.0.steps.0.id"), "cri");
    let ids: Vec<String> = Array::from(&get(&report, "pods.0.containers.0.steps"))
        .iter()
        .map(|s| string(&s, "id"))
        .collect();
    for id in ["getServiceEnvVarMap", "FromServices", "env"] {
        assert!(ids.iter().any(|i| i == id), "{id} not in {ids:?}");
    }
}

#[wasm_bindgen_test]
fn rules_is_the_catalogue_in_either_language() {
    let all: Array = js::rules(&JsValue::UNDEFINED)
        .expect("rules")
        .unchecked_into();
    assert_eq!(all.length() as usize, podenv_core::rules::all().len());
    let en: Array = js::rules(&obj(r#"{"ids": ["s3"]}"#))
        .expect("rules")
        .unchecked_into();
    assert_eq!(en.length(), 1);
    assert_eq!(string(&en.get(0), "id"), "S3");
    let zh: Array = js::rules(&obj(r#"{"ids": ["S3"], "lang": "zh"}"#))
        .expect("rules")
        .unchecked_into();
    assert_eq!(string(&zh.get(0), "lang"), "zh");
    assert_ne!(string(&en.get(0), "title"), string(&zh.get(0), "title"));
    let error = error_of(js::rules(&obj(r#"{"ids": ["NOPE9"]}"#)));
    assert!(String::from(error.message()).contains("NOPE9"));
}

#[wasm_bindgen_test]
fn version_and_redaction() {
    assert_eq!(js::version(), env!("CARGO_PKG_VERSION"));
    let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {K: hunter2}\n";
    let out = js::redact_secrets(text);
    assert!(
        !out.contains("hunter2") && out.contains("REDACTED"),
        "{out}"
    );
}
