//! `cargo xtask bench` (= `cargo bench -p podenv-core --bench analyze`).
//!
//! One Pod whose container has 50 env entries, plus 10 / 1,000 / 10,000 Services in the pod's
//! namespace (every one yields service link variables). Times `analyze` (YAML parse included)
//! and, separately, rendering the result to JSON. The YAML text is built outside the timed loop.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use podenv_core::context::ClusterContext;
use podenv_core::SourceFile;

const SIZES: &[usize] = &[10, 1_000, 10_000];
const NAMESPACE: &str = "default";

/// `count` Services `svc-00001`..., one named TCP port each, explicit clusterIPs in 10.96.0.0/16
/// (from 10.96.1.1 up, clear of the kubernetes and DNS service IPs).
fn services_yaml(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        let ip = format!("10.96.{}.{}", 1 + i / 250, 1 + i % 250);
        write!(
            out,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{n:05}\n  namespace: {NAMESPACE}\n\
             spec:\n  clusterIP: {ip}\n  selector:\n    app: svc-{n:05}\n  ports:\n  - name: http\n    \
             protocol: TCP\n    port: {port}\n    targetPort: 8080\n",
            n = i + 1,
            port = 8000 + i % 1000,
        )
        .unwrap();
    }
    out
}

/// One Pod, one container, 50 env entries: literals, `$(VAR)` references to service link
/// variables and to earlier entries, and a couple of fieldRefs.
fn pod_yaml(services: usize) -> String {
    let mut out = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bench\n  namespace: {NAMESPACE}\n\
         spec:\n  containers:\n  - name: app\n    image: busybox\n    env:\n"
    );
    out.push_str("    - name: POD_NAME\n      valueFrom:\n        fieldRef:\n          fieldPath: metadata.name\n");
    out.push_str("    - name: POD_IP\n      valueFrom:\n        fieldRef:\n          fieldPath: status.podIP\n");
    for i in 2..50 {
        let svc = (i * 37) % services + 1;
        let value = match i % 4 {
            0 => format!("literal-value-{i}"),
            1 => format!("http://$(SVC_{svc:05}_SERVICE_HOST):$(SVC_{svc:05}_SERVICE_PORT)/api"),
            2 if i == 2 => "$(POD_NAME)-suffix".to_string(),
            2 => format!("$(VAR_{:02})/child-of-$(POD_NAME)", i - 1),
            _ => format!("tcp://$(POD_IP):{} and $(SVC_{svc:05}_PORT)", 9000 + i),
        };
        write!(out, "    - name: VAR_{i:02}\n      value: \"{value}\"\n").unwrap();
    }
    out
}

fn inputs(services: usize) -> Vec<SourceFile> {
    vec![
        SourceFile {
            name: "services.yaml".to_string(),
            text: services_yaml(services),
        },
        SourceFile {
            name: "pod.yaml".to_string(),
            text: pod_yaml(services),
        },
    ]
}

fn bench_analyze(c: &mut Criterion) {
    let context = ClusterContext::default();
    let mut group = c.benchmark_group("analyze");
    for &n in SIZES {
        let files = inputs(n);
        if n >= 1_000 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("parse+analyze", n), &files, |b, files| {
            b.iter(|| podenv_core::analyze(black_box(files), black_box(&context)))
        });
        let analysis = podenv_core::analyze(&files, &context);
        check_meaningful(&analysis, n);
        group.bench_with_input(
            BenchmarkId::new("render-json", n),
            &analysis,
            |b, analysis| b.iter(|| serde_json::to_string(black_box(analysis)).unwrap()),
        );
    }
    group.finish();
}

/// Guards against timing an error path: the pod must come out with its env, free of errors.
fn check_meaningful(analysis: &podenv_core::model::Analysis, services: usize) {
    assert!(
        !analysis.has_input_errors(),
        "bench input has errors: {:?}",
        analysis.diagnostics
    );
    let env_len = analysis
        .pods
        .iter()
        .flat_map(|pod| &pod.containers)
        .filter_map(|container| container.env.as_ref())
        .map(Vec::len)
        .sum::<usize>();
    assert!(
        env_len >= 50 + services,
        "expected at least {} env vars, got {env_len}",
        50 + services
    );
}

/// A megabyte of `$(` in one env value, and again in `command` plus `args: [$(A)]` (under
/// the 3 MiB document limit; issue 7: each
/// `$(` used to rescan the rest of the string for `)`, which was quadratic).
fn open_operators_pod(in_args: bool) -> Vec<SourceFile> {
    let value = "$(".repeat(512 * 1024);
    let extra = if in_args {
        format!("    command: [\"{value}\"]\n    args: [\"$(A)\"]\n")
    } else {
        String::new()
    };
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n{extra}    env:\n    - name: A\n      value: \"{value}\"\n"
    );
    vec![SourceFile {
        name: "pod.yaml".to_string(),
        text,
    }]
}

fn bench_expansion(c: &mut Criterion) {
    let context = ClusterContext::default();
    let mut group = c.benchmark_group("expansion");
    group.sample_size(10);
    for (label, in_args) in [
        ("1MB-open-operators-env", false),
        ("1MB-open-operators-env+argv", true),
    ] {
        let files = open_operators_pod(in_args);
        group.bench_function(label, |b| {
            b.iter(|| podenv_core::analyze(black_box(&files), black_box(&context)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analyze, bench_expansion);
criterion_main!(benches);
