//! The entry point: manifests and a context in, an [`Analysis`] out.

use crate::cluster::{self, Recorder};
use crate::context::{ClusterContext, ServiceLister};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::dns;
use crate::env::{compute_container, containers_of};
use crate::envvars;
use crate::limits::MAX_INPUT_BYTES;
use crate::model::{Analysis, ObjectRef, PodEnv, SCHEMA_VERSION};
use crate::objects::{self, SourceFile};
use crate::trace;

/// How many of `files`, from the first, fit [`MAX_INPUT_BYTES`] together (the ones read).
pub(crate) fn readable_files(files: &[SourceFile]) -> usize {
    let mut total = 0usize;
    for (i, file) in files.iter().enumerate() {
        total = total.saturating_add(file.text.len());
        if total > MAX_INPUT_BYTES {
            return i;
        }
    }
    files.len()
}

/// The files that fit [`MAX_INPUT_BYTES`] together; each file past it is reported
/// (`input-too-large`) and not read.
fn within_input_limit<'a>(
    files: &'a [SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> &'a [SourceFile] {
    let kept = readable_files(files);
    for file in files.get(kept..).unwrap_or_default() {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: "input-too-large".into(),
            message: format!(
                "the input is over podenv's limit of {MAX_INPUT_BYTES} bytes in all (MAX_INPUT_BYTES), so this file is not read; analyse fewer or smaller files at a time"
            ),
            location: Location {
                file: file.name.clone(),
                document: 1,
                line: 1,
                column: 1,
            },
            path: None,
            rule: None,
            object: None,
        });
    }
    files.get(..kept).unwrap_or_default()
}

/// What to compute beyond the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// Record each container's walk along the kubelet's path (`ContainerEnv::steps`,
    /// see `crate::trace`). Off by default: the trace costs time and memory.
    pub trace: bool,
}

/// One request, as every front end has it: the manifests, the cluster context's text (if
/// any), the explorer's `enableServiceLinks` override and the options. [`run`] is the one
/// door the CLI, the wasm adapter and the fixture harness go through, so the same input gives
/// the same answer everywhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    pub files: &'a [SourceFile],
    /// The context file (YAML or JSON); `None` or blank text means every default.
    pub context: Option<&'a SourceFile>,
    /// When set, every pod spec is read as if it had `enableServiceLinks` set to this.
    pub enable_service_links: Option<bool>,
    pub options: AnalyzeOptions,
}

/// Parses the context (its diagnostics come first in the result), applies the overrides
/// and analyses the manifests.
pub fn run(request: &Request) -> Analysis {
    let (mut context, mut diagnostics) = match request.context {
        Some(file) if !file.text.trim().is_empty() => ClusterContext::parse(&file.name, &file.text),
        _ => (ClusterContext::default(), Vec::new()),
    };
    if request.enable_service_links.is_some() {
        context.enable_service_links = request.enable_service_links;
    }
    let mut analysis = analyze_with(request.files, &context, request.options);
    diagnostics.append(&mut analysis.diagnostics);
    analysis.diagnostics = diagnostics;
    analysis
}

/// Computes, for every pod the input stands for, the environment the kubelet would hand
/// to each container, with every API-server assumption and every problem found.
/// Never panics on bad input; problems are diagnostics.
pub fn analyze(files: &[SourceFile], context: &ClusterContext) -> Analysis {
    analyze_with(files, context, AnalyzeOptions::default())
}

/// [`analyze`], with options (e.g. the trace).
pub fn analyze_with(
    files: &[SourceFile],
    context: &ClusterContext,
    options: AnalyzeOptions,
) -> Analysis {
    let (resolved, notes) = context.resolve();
    let mut diagnostics: Vec<Diagnostic> = notes
        .into_iter()
        .map(|message| Diagnostic {
            severity: Severity::Warning,
            code: "context".into(),
            message,
            location: Location {
                file: "cluster context".into(),
                document: 1,
                line: 1,
                column: 1,
            },
            path: None,
            rule: None,
            object: Some("cluster context".into()),
        })
        .collect();
    let mut assumptions = Vec::new();
    let version = resolved.kubernetes_version;
    let files = within_input_limit(files, &mut diagnostics);
    let (inputs, mut documents) =
        objects::read_inputs(files, &resolved.namespace, &mut diagnostics);
    let cluster = {
        let mut rec = Recorder {
            documents: &mut documents,
            diagnostics: &mut diagnostics,
            assumptions: &mut assumptions,
        };
        cluster::build_cluster(inputs, resolved, &mut rec)
    };
    // Spec D1-D9: what the cluster DNS serves, computed once for all pods.
    let records = dns::cluster_records(&cluster);
    let service_index = dns::links::index_services(&cluster.services);
    let mut pods = Vec::new();
    for pod in &cluster.pods {
        let (containers, pod_dns) = if pod.rejected {
            (Vec::new(), None)
        } else {
            // V1: a kubelet without an API server has no Services at all; V5: an
            // informer that has not synced has none yet (static pods still start).
            let mut decisions = Vec::new();
            let service_env = if cluster.context.service_lister != ServiceLister::Synced {
                envvars::ServiceEnv::default()
            } else {
                envvars::service_env(
                    &cluster.services,
                    &pod.namespace,
                    pod.enable_service_links,
                    options.trace.then_some(&mut decisions),
                )
            };
            let mut recorded = Vec::new();
            let mut containers = Vec::new();
            let spec_path = cluster::spec_path(&pod.source.kind);
            for view in containers_of(pod) {
                let computed = compute_container(&cluster, pod, &service_env, view, options.trace);
                let mut container = computed.env;
                if let (Some(site), Some(field)) =
                    (container.error_at.as_mut(), computed.error_field)
                {
                    let path = format!(
                        "{spec_path}.{}[{}].{field}",
                        view.kind.spec_field(),
                        view.index
                    );
                    site.location = Some(documents.locate(&pod.source, &path));
                    site.path = Some(path);
                }
                recorded.push(computed.recorded);
                containers.push(container);
            }
            dns::links::fill_source_dns(
                &mut containers,
                &service_index,
                &cluster.context.cluster_domain,
            );
            let pod_dns = dns::pod_dns(&cluster, pod, &service_env, &records, &service_index);
            if options.trace {
                let part = trace::pod_part(
                    &cluster.services,
                    &service_env,
                    decisions,
                    cluster.context.service_lister,
                    pod.enable_service_links,
                    &pod.namespace,
                );
                for (container, recorded) in containers.iter_mut().zip(recorded) {
                    let recorded = recorded.map(|r| *r).unwrap_or_default();
                    container.steps =
                        Some(trace::assemble(container, recorded, &part, Some(&pod_dns)));
                }
            }
            (containers, Some(pod_dns))
        };
        pods.push(PodEnv {
            namespace: pod.namespace.clone(),
            name: pod.name.clone(),
            generated_name: pod.generated_name,
            source: ObjectRef {
                kind: pod.source.kind.clone(),
                namespace: pod.source.namespace.clone(),
                name: pod.source.name.clone(),
                location: pod.source.location.clone(),
            },
            node_name: pod.node_name.clone(),
            uid: pod.uid.clone(),
            service_account_name: pod.service_account_name.clone(),
            enable_service_links: pod.enable_service_links,
            rejected: pod.rejected,
            containers,
            dns: pod_dns,
        });
    }
    Analysis {
        schema_version: SCHEMA_VERSION,
        kubernetes_version: version.to_string(),
        pods,
        assumptions,
        diagnostics,
        dns_records: records.records,
        dns_notes: records.notes,
    }
}
