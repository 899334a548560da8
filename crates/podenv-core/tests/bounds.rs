//! Inputs built to exhaust memory or time come back as exact data with warnings
//! (issue 7): expansion is capped with exact lengths, scans are linear.

use podenv_core::limits::{ARG_MAX, MAX_ARG_STRLEN, MAX_EXPANDED_VALUE};
use podenv_core::model::{ContainerEnv, Value};
use podenv_core::{analyze, ClusterContext, SourceFile};

fn pod(env: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: c\n    image: busybox\n{extra}    env:\n{env}"
    )
}

fn container(text: &str) -> ContainerEnv {
    let analysis = analyze(
        &[SourceFile::new("p.yaml", text)],
        &ClusterContext::default(),
    );
    let pod = analysis.pods.into_iter().next().expect("one pod");
    pod.containers.into_iter().next().expect("one container")
}

/// 34 entries, each doubling the previous: 2^33 bytes at the end. podenv keeps a prefix,
/// the exact length, and says the process cannot start.
#[test]
fn doubling_expansion_is_cut_with_exact_length() {
    let mut env = "    - name: D_0\n      value: x\n".to_string();
    for n in 1..34 {
        env.push_str(&format!(
            "    - name: D_{n}\n      value: \"$(D_{p})$(D_{p})\"\n",
            p = n - 1
        ));
    }
    let c = container(&pod(&env, "    args: [\"$(D_33)\"]\n"));
    let vars = c.env.as_ref().expect("the kubelet creates the container");
    let d33 = vars.iter().find(|v| v.name == "D_33").expect("D_33");
    let cut = d33.truncation.expect("D_33 is cut");
    assert_eq!(cut.full_length, 1 << 33);
    assert!(d33.value == Value::Known(vec![b'x'; MAX_EXPANDED_VALUE]));
    // D_16 = 65536 bytes: exact, not cut, and within the limit.
    let d16 = vars.iter().find(|v| v.name == "D_16").expect("D_16");
    assert!(d16.truncation.is_none());
    assert!(d16.value == Value::Known(vec![b'x'; 1 << 16]));
    // D_17 (131072 bytes of value) is exact but over MAX_ARG_STRLEN as NAME=value.
    let d17 = vars.iter().find(|v| v.name == "D_17").expect("D_17");
    assert!(d17.truncation.is_none());
    let too_long: Vec<&str> = c
        .exec_warnings
        .iter()
        .filter(|w| w.code == "env-string-too-long")
        .map(|w| w.subject.as_str())
        .collect();
    let want: Vec<String> = (17..34).map(|n| format!("D_{n}")).collect();
    let mut sorted_want: Vec<&str> = want.iter().map(String::as_str).collect();
    sorted_want.sort();
    assert_eq!(too_long, sorted_want);
    let w33 = c
        .exec_warnings
        .iter()
        .find(|w| w.subject == "D_33")
        .expect("D_33 warning");
    assert!(w33.fails);
    assert_eq!(w33.size, (1u64 << 33) + 6);
    assert_eq!(w33.limit, MAX_ARG_STRLEN);
    let arg = c
        .exec_warnings
        .iter()
        .find(|w| w.subject == "args[0]")
        .expect("args[0]");
    assert_eq!(arg.size, (1u64 << 33) + 1);
    assert!(c
        .exec_warnings
        .iter()
        .any(|w| w.code == "arg-list-too-long" && !w.fails));
    let args = c.args.as_ref().expect("args");
    assert_eq!(args[0].truncation.map(|t| t.full_length), Some(1 << 33));
    assert!(c
        .notes
        .iter()
        .any(|n| n.message.contains("argument list too long") && n.message.contains("D_33")));
    // The JSON form marks the cut value.
    let json = serde_json::to_value(d33).expect("json");
    assert_eq!(json["truncated"], true);
    assert_eq!(json["fullLength"], 1u64 << 33);
}

/// Lengths saturate instead of wrapping: 70 doublings pass 2^64.
#[test]
fn lengths_saturate() {
    let mut env = "    - name: D_0\n      value: x\n".to_string();
    for n in 1..70 {
        env.push_str(&format!(
            "    - name: D_{n}\n      value: \"$(D_{p})$(D_{p})\"\n",
            p = n - 1
        ));
    }
    let c = container(&pod(&env, ""));
    let vars = c.env.as_ref().expect("env");
    let last = vars.iter().find(|v| v.name == "D_69").expect("D_69");
    assert_eq!(last.truncation.map(|t| t.full_length), Some(u64::MAX));
}

/// Thousands of Services legitimately exceed ARG_MAX: the env stays exact (no cut) and only
/// the likely-failure warning appears.
#[test]
fn many_services_exact_with_arg_max_warning() {
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: service-with-a-rather-long-name-to-fill-the-environment-{i:05}\n  namespace: default\nspec:\n  clusterIP: 10.96.{}.{}\n  ports:\n  - port: 80\n---\n",
            1 + i / 250,
            1 + i % 250
        ));
    }
    text.push_str("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: busybox\n");
    let c = container(&text);
    let vars = c.env.as_ref().expect("env");
    assert!(vars.len() > 4000 * 7);
    assert!(vars.iter().all(|v| v.truncation.is_none()));
    assert_eq!(c.exec_warnings.len(), 1);
    assert_eq!(c.exec_warnings[0].code, "arg-list-too-long");
    assert!(c.exec_warnings[0].size > ARG_MAX);
    assert!(!c.exec_warnings[0].fails);
}

/// A megabyte of `$(` in a value and in command: kept literally (issue 7; the time this took
/// is measured by the `expansion` benchmark).
#[test]
fn megabyte_of_open_operators_in_env_and_args() {
    let value = "$(".repeat(512 * 1024);
    let env = format!("    - name: A\n      value: \"{value}\"\n");
    // Two megabytes in all: under the 3 MiB document limit.
    let extra = format!("    command: [\"{value}\"]\n    args: [\"x\", \"$(A)\"]\n");
    let c = container(&pod(&env, &extra));
    let vars = c.env.as_ref().expect("env");
    // A value without references is kept whole, however long.
    assert!(vars[0].value == Value::Known(value.clone().into_bytes()));
    assert!(vars[0].truncation.is_none());
    let command = c.command.as_ref().expect("command");
    assert!(command[0].value == Value::Known(value.as_bytes().to_vec()));
    assert!(command[0].truncation.is_none());
    let args = c.args.as_ref().expect("args");
    // An expansion over MAX_EXPANDED_VALUE keeps a prefix and the exact length.
    assert_eq!(
        args[1].truncation.map(|t| t.full_length),
        Some(value.len() as u64)
    );
    assert!(args[1].value == Value::Known(value.as_bytes()[..MAX_EXPANDED_VALUE].to_vec()));
    assert!(c.exec_warnings.iter().any(|w| w.subject == "A"));
}

/// A full service range: the API server refuses every further Service (issue 7).
#[test]
fn full_service_range_refuses_further_services() {
    let (context, diags) = ClusterContext::parse(
        "context.yaml",
        "serviceCIDR: [10.96.0.0/28]\nclusterDNS: [10.96.0.10]\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let mut text = String::new();
    for i in 0..20 {
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\n  namespace: default\nspec:\n  ports:\n  - port: 80\n---\n"
        ));
    }
    text.push_str("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: busybox\n");
    let analysis = analyze(&[SourceFile::new("s.yaml", &text)], &context);
    let full: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "service-ip-range-full")
        .collect();
    // 14 usable offsets in a /28, minus the kubernetes Service and the DNS address.
    assert_eq!(full.len(), 20 - 12);
    for d in &full {
        assert!(d
            .message
            .contains("failed to allocate a serviceIP: range is full"));
        assert!(d.location.line > 1 || d.location.document == 1);
        assert_eq!(d.path.as_deref(), Some("spec.clusterIP"));
    }
    // Refused Services give no variables: 12 Services plus kubernetes, 7 variables each,
    // and KUBERNETES_SERVICE_PORT_HTTPS.
    let env = analysis.pods[0].containers[0].env.as_ref().expect("env");
    assert_eq!(env.len(), 13 * 7 + 1);
    let ips: std::collections::BTreeSet<_> = analysis
        .assumptions
        .iter()
        .filter(|a| a.rule == "A5")
        .map(|a| a.message.clone())
        .collect();
    assert_eq!(ips.len(), 12);
}

/// A full second family: a dual-stack Service that cannot get its secondary address is
/// refused too, with the error on `spec.clusterIPs` (issue 7).
#[test]
fn full_secondary_range_refuses_dual_stack_services() {
    let (context, diags) = ClusterContext::parse(
        "context.yaml",
        "serviceCIDR: [10.96.0.0/16, 'fd00::/124']\nclusterDNS: [10.96.0.10]\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let mut text = String::new();
    for i in 0..20 {
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n  ipFamilyPolicy: PreferDualStack\n  ports:\n  - port: 80\n---\n"
        ));
    }
    text.push_str(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n",
    );
    let analysis = analyze(&[SourceFile::new("s.yaml", &text)], &context);
    let full: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "service-ip-range-full")
        .collect();
    assert!(!full.is_empty(), "the /124 must run out");
    assert!(full.len() < 20, "some Services fit");
    for d in &full {
        assert_eq!(d.path.as_deref(), Some("spec.clusterIPs"));
        assert!(d.message.contains("fd00::/124"), "{}", d.message);
    }
    // A refused Service contributes no variables; each admitted one gives 7.
    let env = analysis.pods[0].containers[0].env.as_ref().expect("env");
    let admitted = 20 - full.len();
    assert_eq!(env.len(), (admitted + 1) * 7 + 1);
}

/// Issue 7: huge numbers say which range the field takes, at the number.
#[test]
fn out_of_range_numbers_are_explained() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 99999999999999999999999\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: t\nspec:\n  ports:\n  - port: 4294967296\n";
    let analysis = analyze(
        &[SourceFile::new("p.yaml", text)],
        &ClusterContext::default(),
    );
    let d = &analysis.diagnostics;
    let huge = d
        .iter()
        .find(|d| d.code == "number-out-of-range")
        .expect("huge number");
    assert_eq!((huge.location.line, huge.location.column), (7, 11));
    assert!(
        huge.message.contains("-2147483648 to 2147483647"),
        "{}",
        huge.message
    );
    assert!(!huge.message.contains("u128"));
    let int32 = d
        .iter()
        .find(|d| d.message.contains("4294967296"))
        .expect("int32");
    assert_eq!(int32.location.line, 15);
    assert!(int32
        .message
        .contains("out of range for an int32 field (valid: -2147483648 to 2147483647)"));
}

/// Issue 7: files past MAX_INPUT_BYTES in all are reported, not read.
#[test]
fn total_input_limit() {
    let half = podenv_core::limits::MAX_INPUT_BYTES / 2 + 1;
    let filler = format!("# {}\n", "x".repeat(half));
    let files = [
        SourceFile::new("a.yaml", filler.clone()),
        SourceFile::new("b.yaml", filler),
        SourceFile::new("c.yaml", "a: 1\n"),
    ];
    let analysis = analyze(&files, &ClusterContext::default());
    let over: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "input-too-large")
        .map(|d| d.location.file.as_str())
        .collect();
    assert_eq!(over, vec!["b.yaml", "c.yaml"]);
}
