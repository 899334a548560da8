//! The environment of one container: the kubelet's makeEnvironmentVariables with
//! provenance for every variable (spec sections 4-8).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, EnvFromSource, EnvVar as KubeEnvVar, ResourceFieldSelector, ResourceRequirements,
};

use crate::cluster::{Cluster, PodInstance};
use crate::envvars::ServiceEnv;
use crate::expand;
use crate::fieldpath::{self, FieldPath};
use crate::ip;
use crate::limits::MAX_REFERENCE_VALUE;
use crate::limits::{
    ARG_MAX, ARG_POINTER_BYTES, MAX_ARG_STRLEN, MAX_COMBINATIONS, MAX_CONTAINER_EXPANSION,
    MAX_EXPANDED_VALUE,
};
use crate::model::{
    object_title, ContainerEnv, ContainerKind, Definition, EnvVar, ErrorSite, ExecWarning,
    ExpandedArg, Note, Reference, Shadowed, Skipped, Source, Truncation, Value,
};
use crate::names;
use crate::quantity;
use crate::trace::{EnvEntryTrace, EnvFromKey, EnvFromTrace, MergeStep, SubPathExpr, Suppressed};

/// The parts of a container (init, regular or ephemeral) the env logic reads.
#[derive(Debug, Clone, Copy)]
pub struct ContainerView<'a> {
    pub name: &'a str,
    pub kind: ContainerKind,
    /// Its index in the pod spec's list of its kind.
    pub index: usize,
    pub sidecar: bool,
    pub env: &'a [KubeEnvVar],
    pub env_from: &'a [EnvFromSource],
    pub command: Option<&'a [String]>,
    pub args: Option<&'a [String]>,
    pub resources: Option<&'a ResourceRequirements>,
    pub volume_mounts: &'a [k8s_openapi::api::core::v1::VolumeMount],
}

impl<'a> ContainerView<'a> {
    pub fn of(c: &'a Container, kind: ContainerKind, index: usize) -> ContainerView<'a> {
        ContainerView {
            name: &c.name,
            kind,
            index,
            sidecar: kind == ContainerKind::InitContainer
                && c.restart_policy.as_deref() == Some("Always"),
            env: c.env.as_deref().unwrap_or_default(),
            env_from: c.env_from.as_deref().unwrap_or_default(),
            command: c.command.as_deref(),
            args: c.args.as_deref(),
            resources: c.resources.as_ref(),
            volume_mounts: c.volume_mounts.as_deref().unwrap_or_default(),
        }
    }

    pub fn of_ephemeral(
        c: &'a k8s_openapi::api::core::v1::EphemeralContainer,
        index: usize,
    ) -> ContainerView<'a> {
        ContainerView {
            name: &c.name,
            kind: ContainerKind::EphemeralContainer,
            index,
            sidecar: false,
            env: c.env.as_deref().unwrap_or_default(),
            env_from: c.env_from.as_deref().unwrap_or_default(),
            command: c.command.as_deref(),
            args: c.args.as_deref(),
            resources: c.resources.as_ref(),
            volume_mounts: c.volume_mounts.as_deref().unwrap_or_default(),
        }
    }
}

/// Every container of a pod in the order the pod spec lists them.
pub fn containers_of(pod: &PodInstance) -> Vec<ContainerView<'_>> {
    let spec = &pod.spec;
    let mut out = Vec::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        out.push(ContainerView::of(c, ContainerKind::InitContainer, i));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        out.push(ContainerView::of(c, ContainerKind::Container, i));
    }
    for (i, c) in spec.ephemeral_containers.iter().flatten().enumerate() {
        out.push(ContainerView::of_ephemeral(c, i));
    }
    out
}

/// The ConfigMap or Secret an `envFrom` entry names, and its data if it exists.
struct EnvFromObject<'a> {
    object_kind: &'static str,
    name: &'a str,
    optional: bool,
    data: Option<Vec<(String, Vec<u8>)>>,
}

fn env_from_object<'a>(
    cluster: &Cluster,
    ns: &str,
    from: &'a EnvFromSource,
) -> Option<EnvFromObject<'a>> {
    if let Some(r) = &from.config_map_ref {
        let data = cluster
            .config_maps
            .get(&(ns.to_string(), r.name.clone()))
            .map(|d| {
                d.iter()
                    .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
                    .collect()
            });
        return Some(EnvFromObject {
            object_kind: "configMap",
            name: &r.name,
            optional: r.optional == Some(true),
            data,
        });
    }
    let r = from.secret_ref.as_ref()?;
    let data = cluster
        .secrets
        .get(&(ns.to_string(), r.name.clone()))
        .map(|d| d.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    Some(EnvFromObject {
        object_kind: "secret",
        name: &r.name,
        optional: r.optional == Some(true),
        data,
    })
}

/// A name in the working map (`tmpEnv`).
#[derive(Debug, Clone)]
struct Entry {
    value: Value,
    truncation: Option<Truncation>,
    source: Source,
    shadowed: Vec<Shadowed>,
    kept: Vec<Skipped>,
}

/// The kubelet's working map of user variables, by name.
type TmpEnv = BTreeMap<String, Entry>;

/// A failure that keeps the container from starting (spec ERR1, ERR2), and where it
/// happened.
struct Failure {
    message: String,
    rule: &'static str,
    /// The trace step that failed.
    step: &'static str,
    /// The `env`/`envFrom`/`volumeMounts` index.
    index: Option<usize>,
    /// The field inside the container, e.g. `env[3].valueFrom.configMapKeyRef`.
    field: Option<String>,
}

fn fail(message: impl Into<String>, rule: &'static str) -> Failure {
    Failure {
        message: message.into(),
        rule,
        step: "env",
        index: None,
        field: None,
    }
}

impl Failure {
    /// Places the failure at `field` of entry `index` in `step`.
    fn at(mut self, step: &'static str, index: Option<usize>, field: Option<String>) -> Failure {
        self.step = step;
        self.index = index;
        self.field = field;
        self
    }
}

/// What the trace keeps of one container while it is computed; only allocated when the
/// analysis is asked to trace.
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    pub env_from: Vec<EnvFromTrace>,
    pub env: Vec<EnvEntryTrace>,
    pub merge: Option<MergeStep>,
    pub sub_paths: Vec<SubPathExpr>,
}

/// One container's computation in progress: what it reads, the notes it makes, its
/// expansion budget and (when asked) its trace.
struct Build<'a> {
    cluster: &'a Cluster,
    pod: &'a PodInstance,
    service_env: &'a ServiceEnv,
    container: ContainerView<'a>,
    notes: Vec<Note>,
    budget: Budget,
    trace: Option<Box<Recorded>>,
}

/// A container's result and, when traced, what was recorded on the way.
pub(crate) struct Computed {
    pub env: ContainerEnv,
    /// The failure's field inside the container, for the analysis to locate.
    pub error_field: Option<String>,
    pub recorded: Option<Box<Recorded>>,
}

/// The environment of one container with provenance for every variable, following the
/// kubelet's path: `GenerateRunContainerOptions` (which calls makeEnvironmentVariables and
/// checks `subPathExpr`s), then kuberuntime's `generateContainerConfig` (which expands
/// `command`/`args`); see [`make_environment_variables`] for the phases. With `trace`, each
/// phase records its step (`crate::trace`).
pub fn container_env(
    cluster: &Cluster,
    pod: &PodInstance,
    service_env: &ServiceEnv,
    container: ContainerView,
) -> ContainerEnv {
    compute_container(cluster, pod, service_env, container, false).env
}

pub(crate) fn compute_container(
    cluster: &Cluster,
    pod: &PodInstance,
    service_env: &ServiceEnv,
    container: ContainerView,
    trace: bool,
) -> Computed {
    let mut build = Build {
        cluster,
        pod,
        service_env,
        container,
        notes: Vec::new(),
        budget: Budget {
            remaining: MAX_CONTAINER_EXPANSION,
        },
        trace: trace.then(Box::default),
    };
    let mut result = ContainerEnv {
        name: container.name.to_string(),
        kind: container.kind,
        sidecar: container.sidecar,
        env: None,
        error: None,
        reason: None,
        error_rule: None,
        error_at: None,
        command: None,
        args: None,
        notes: Vec::new(),
        exec_warnings: Vec::new(),
        steps: None,
    };
    let mut error_field = None;
    match generate_run_container_options(&mut build) {
        Ok(env) => {
            generate_container_config(&mut build, &mut result, &env);
            crate::hints::service_hosts_not_in_input(
                cluster,
                &pod.namespace,
                &env,
                &mut build.notes,
            );
            result.env = Some(env);
        }
        Err(failure) => {
            result.error = Some(failure.message);
            result.reason = Some("CreateContainerConfigError".into());
            result.error_rule = Some(failure.rule.into());
            result.error_at = Some(ErrorSite {
                step: failure.step.into(),
                index: failure.index,
                path: None,
                location: None,
            });
            error_field = failure.field;
        }
    }
    result.notes = build.notes;
    Computed {
        env: result,
        error_field,
        recorded: build.trace,
    }
}

/// Mirrors kubelet GenerateRunContainerOptions, the part about the environment (spec O1,
/// X5, ERR1; upstream `pkg/kubelet/kubelet_pods.go` GenerateRunContainerOptions): the
/// list from makeEnvironmentVariables, then the mounts, whose `subPathExpr`s expand
/// against it. Any error here fails the container with CreateContainerConfigError.
fn generate_run_container_options(b: &mut Build) -> Result<Vec<EnvVar>, Failure> {
    let env = make_environment_variables(b)?;
    check_sub_path_exprs(b, &env)?;
    Ok(env)
}

/// Mirrors kuberuntime generateContainerConfig after the run options (spec O3, X4;
/// upstream `pkg/kubelet/kuberuntime/kuberuntime_container.go` generateContainerConfig):
/// `command` and `args` are expanded against the final list and the list is copied into
/// the CRI config. podenv adds what `execve` would make of it (Linux exec limits).
fn generate_container_config(b: &mut Build, result: &mut ContainerEnv, env: &[EnvVar]) {
    let container = b.container;
    result.command = container
        .command
        .map(|c| expand_container_command_and_args(c, env, &mut b.budget));
    result.args = container
        .args
        .map(|a| expand_container_command_and_args(a, env, &mut b.budget));
    result.exec_warnings = exec_limits(env, result.command.as_deref(), result.args.as_deref());
    b.notes.extend(
        result
            .exec_warnings
            .iter()
            .map(|w| Note::new(&w.code, "O6", None, w.message.clone())),
    );
}

/// Mirrors kubelet makeEnvironmentVariables (spec E1-E8, O2; upstream
/// `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables), phase by phase: the service
/// map's sync gate ([`service_sync_gate`]), `envFrom` ([`apply_env_from`]), `env`
/// ([`apply_env`]), and the final list ([`merge_service_env`]).
fn make_environment_variables(b: &mut Build) -> Result<Vec<EnvVar>, Failure> {
    service_sync_gate(b)?;
    let mut tmp = TmpEnv::new();
    apply_env_from(b, &mut tmp)?;
    apply_env(b, &mut tmp)?;
    Ok(merge_service_env(b, tmp))
}

/// Spec V5 (upstream `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables, the
/// service-informer check before getServiceEnvVarMap): until the kubelet has listed
/// Services once, only static pods may build an environment.
fn service_sync_gate(b: &Build) -> Result<(), Failure> {
    if b.cluster.context.service_lister == crate::context::ServiceLister::Unsynced
        && !b.pod.static_pod
    {
        return Err(fail(
            "services have not yet been read at least once, cannot construct envvars",
            "V5",
        )
        .at("getServiceEnvVarMap", None, None));
    }
    Ok(())
}

/// Spec E3, ERR4 (upstream `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables, the
/// `envFrom` loop): each source in order adds every key of its ConfigMap's or Secret's
/// data, with the prefix; a later key replaces an earlier one of the same name. A missing
/// optional source adds nothing; a missing required one fails the container.
fn apply_env_from(b: &mut Build, tmp: &mut TmpEnv) -> Result<(), Failure> {
    let version = b.cluster.context.kubernetes_version;
    let ns = b.pod.namespace.as_str();
    let container = b.container;
    for (index, from) in container.env_from.iter().enumerate() {
        let prefix = from.prefix.clone().filter(|p| !p.is_empty());
        let Some(EnvFromObject {
            object_kind,
            name,
            optional,
            data,
        }) = env_from_object(b.cluster, ns, from)
        else {
            continue;
        };
        let mut traced = b.trace.is_some().then(|| EnvFromTrace {
            index,
            object_kind: object_kind.into(),
            object: format!("{ns}/{name}"),
            prefix: prefix.clone(),
            optional,
            outcome: "added".into(),
            rule: "E3".into(),
            keys: Vec::new(),
            skipped_keys: Vec::new(),
        });
        let Some(data) = data else {
            if b.cluster.is_assumed(object_kind, ns, name) {
                let title = object_title(object_kind);
                b.notes.push(Note::new(
                    "assumed-object-keys-unknown",
                    "A11",
                    Some(format!("envFrom[{index}]")),
                    format!("envFrom[{index}]: {title} {ns}/{name} is assumed to exist but is not in the input, so the keys it adds are unknown and none is shown (A11)"),
                ));
                if let (Some(t), Some(mut traced)) = (b.trace.as_deref_mut(), traced) {
                    traced.outcome = "assumed".into();
                    traced.rule = "A11".into();
                    t.env_from.push(traced);
                }
                continue;
            }
            if optional {
                b.notes.push(Note::new(
                    "optional-source-missing",
                    "E3",
                    Some(format!("envFrom[{index}]")),
                    format!("envFrom[{index}]: optional {object_kind} {ns}/{name} not found, so it adds nothing (E3)"),
                ));
                if let (Some(t), Some(mut traced)) = (b.trace.as_deref_mut(), traced) {
                    traced.outcome = "optional-missing".into();
                    t.env_from.push(traced);
                }
                continue;
            }
            if let (Some(t), Some(mut traced)) = (b.trace.as_deref_mut(), traced) {
                traced.outcome = "missing".into();
                traced.rule = "ERR2".into();
                t.env_from.push(traced);
            }
            b.notes.push(not_in_input_note(
                object_kind,
                &format!("{ns}/{name}"),
                format!("envFrom[{index}]"),
            ));
            let kind_word = if object_kind == "configMap" {
                "configmap"
            } else {
                "secret"
            };
            let field = if object_kind == "configMap" {
                "configMapRef"
            } else {
                "secretRef"
            };
            return Err(
                fail(format!("{kind_word} \"{name}\" not found"), "ERR2").at(
                    "envFrom",
                    Some(index),
                    Some(format!("envFrom[{index}].{field}")),
                ),
            );
        };
        let mut invalid_keys = Vec::new();
        for (key, value) in data {
            let var_name = match &prefix {
                Some(p) => format!("{p}{key}"),
                None => key.clone(),
            };
            // ERR4: kubelets before v1.30 dropped keys that are not valid env names.
            if !version.at_least(30) && names::is_env_var_name(&var_name).is_err() {
                invalid_keys.push(key);
                continue;
            }
            let source = Source::EnvFrom {
                rule: "E3".into(),
                index,
                object_kind: object_kind.into(),
                object: format!("{ns}/{name}"),
                key: key.clone(),
                prefix: prefix.clone(),
            };
            let traced_value = traced.as_ref().map(|_| Value::Known(value.clone()));
            let replaced = set(
                tmp,
                var_name.clone(),
                Value::Known(value),
                None,
                source,
                format!("overwritten by envFrom[{index}]"),
                "E3",
                traced.is_some(),
            );
            if let (Some(traced), Some(value)) = (traced.as_mut(), traced_value) {
                traced.keys.push(EnvFromKey {
                    key,
                    name: var_name,
                    value,
                    replaced: replaced.map(Box::new),
                });
            }
        }
        if !invalid_keys.is_empty() {
            invalid_keys.sort();
            let kind_word = if object_kind == "configMap" {
                "configMap"
            } else {
                "secret"
            };
            b.notes.push(Note::new(
                "invalid-env-names-skipped",
                "ERR4",
                Some(format!("envFrom[{index}]")),
                format!(
                "Warning InvalidEnvironmentVariableNames: Keys [{}] from the EnvFrom {kind_word} {ns}/{name} were skipped since they are considered invalid environment variable names. (ERR4, Kubernetes before 1.30)",
                invalid_keys.join(", ")
            )));
            if let Some(traced) = traced.as_mut() {
                traced.skipped_keys = invalid_keys;
            }
        }
        if let (Some(t), Some(traced)) = (b.trace.as_deref_mut(), traced) {
            t.env_from.push(traced);
        }
    }
    Ok(())
}

/// Spec E4-E8, X1-X3 (upstream `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables,
/// the `env` loop): each entry in order sets its name in tmpEnv, replacing what was
/// there, except an optional miss, which leaves it.
fn apply_env(b: &mut Build, tmp: &mut TmpEnv) -> Result<(), Failure> {
    let container = b.container;
    for (index, e) in container.env.iter().enumerate() {
        let outcome = env_entry(b, tmp, index, e);
        let traced = match outcome {
            Ok(t) => t,
            Err(failure) => {
                if let Some(t) = b.trace.as_deref_mut() {
                    t.env.push(EnvEntryTrace {
                        index,
                        name: e.name.clone(),
                        written: e.value.clone().filter(|v| !v.is_empty()),
                        value_from: e.value_from.as_ref().and_then(value_from_kind),
                        outcome: "failed".into(),
                        source: None,
                        references: Vec::new(),
                        result: None,
                        truncation: None,
                        replaced: None,
                        skipped: None,
                        error: Some(failure.message.clone()),
                    });
                }
                let field = failure
                    .field
                    .clone()
                    .unwrap_or_else(|| match &e.value_from {
                        Some(from) => format!(
                            "env[{index}].valueFrom.{}",
                            value_from_kind(from).unwrap_or_default()
                        ),
                        None => format!("env[{index}]"),
                    });
                return Err(failure.at("env", Some(index), Some(field)));
            }
        };
        if let (Some(t), Some(traced)) = (b.trace.as_deref_mut(), traced) {
            t.env.push(traced);
        }
    }
    Ok(())
}

/// The `valueFrom` kind of an entry, as the trace names it.
fn value_from_kind(from: &k8s_openapi::api::core::v1::EnvVarSource) -> Option<String> {
    let kind = if from.field_ref.is_some() {
        "fieldRef"
    } else if from.resource_field_ref.is_some() {
        "resourceFieldRef"
    } else if from.config_map_key_ref.is_some() {
        "configMapKeyRef"
    } else if from.secret_key_ref.is_some() {
        "secretKeyRef"
    } else if from.file_key_ref.is_some() {
        "fileKeyRef"
    } else {
        return None;
    };
    Some(kind.into())
}

/// One `env` entry (spec E4-E8): a non-empty `value` is expanded against tmpEnv and the
/// service map (X3); else `valueFrom` is resolved (never expanded); else the value is
/// empty. Returns the entry's trace when tracing.
fn env_entry(
    b: &mut Build,
    tmp: &mut TmpEnv,
    index: usize,
    e: &KubeEnvVar,
) -> Result<Option<EnvEntryTrace>, Failure> {
    let tracing = b.trace.is_some();
    let ns = b.pod.namespace.clone();
    let raw = e.value.clone().unwrap_or_default();
    let mut traced = tracing.then(|| EnvEntryTrace {
        index,
        name: e.name.clone(),
        written: e.value.clone(),
        value_from: None,
        outcome: "set".into(),
        source: None,
        references: Vec::new(),
        result: None,
        truncation: None,
        replaced: None,
        skipped: None,
        error: None,
    });
    if !raw.is_empty() {
        let service_env = b.service_env;
        let (value, truncation, references) =
            expand_with(&raw, &mut b.budget, |name| lookup(tmp, service_env, name));
        let source = Source::Env {
            rule: "X3".into(),
            index,
            raw,
            references,
        };
        set_traced(
            tmp,
            e.name.clone(),
            value,
            truncation,
            source,
            format!("overwritten by env[{index}]"),
            "E4",
            &mut traced,
        );
        return Ok(traced);
    }
    let Some(from) = &e.value_from else {
        let source = Source::Env {
            rule: "E4".into(),
            index,
            raw,
            references: Vec::new(),
        };
        set_traced(
            tmp,
            e.name.clone(),
            Value::text(""),
            None,
            source,
            format!("overwritten by env[{index}] (empty value)"),
            "E4",
            &mut traced,
        );
        return Ok(traced);
    };
    if let Some(t) = traced.as_mut() {
        t.value_from = value_from_kind(from);
    }
    let resolved = value_from(b, index, &e.name, from)?;
    match resolved {
        Some((value, source)) => {
            // E4: any entry that resolves replaces the name, whatever its source.
            set_traced(
                tmp,
                e.name.clone(),
                value,
                None,
                source,
                format!("overwritten by env[{index}]"),
                "E4",
                &mut traced,
            );
        }
        // An optional miss leaves an earlier value of the name in place (E6-E8,
        // edge case 7): record it on that value.
        None => {
            let skipped = skipped_key_ref(&ns, index, from);
            if let Some(t) = traced.as_mut() {
                t.outcome = "skipped".into();
                t.skipped = skipped.clone();
            }
            if let (Some(entry), Some(skipped)) = (tmp.get_mut(&e.name), skipped) {
                entry.kept.push(skipped);
            }
        }
    }
    Ok(traced)
}

/// Resolves a `valueFrom` (spec E5-E8; upstream `pkg/kubelet/kubelet_pods.go`
/// makeEnvironmentVariables, the `valueFrom` branches of the env loop): `Ok(None)` is an
/// optional miss.
fn value_from(
    b: &mut Build,
    index: usize,
    var_name: &str,
    from: &k8s_openapi::api::core::v1::EnvVarSource,
) -> Result<Option<(Value, Source)>, Failure> {
    let (cluster, pod, container) = (b.cluster, b.pod, b.container);
    let ns = pod.namespace.as_str();
    let notes = &mut b.notes;
    if let Some(f) = &from.field_ref {
        let value = field_ref_value(cluster, pod, f.api_version.as_deref(), &f.field_path)?;
        return Ok(Some((
            Value::text(value),
            Source::FieldRef {
                rule: "F3".into(),
                index,
                field_path: f.field_path.clone(),
            },
        )));
    }
    if let Some(r) = &from.resource_field_ref {
        return resource_field_value(cluster, pod, container, r, index).map(Some);
    }
    if let Some(k) = &from.config_map_key_ref {
        let found = cluster
            .config_maps
            .get(&(ns.to_string(), k.name.clone()))
            .map(|data| data.get(&k.key).map(|v| v.clone().into_bytes()));
        let target = KeyRef {
            kind: KeyRefKind::ConfigMap,
            name: &k.name,
            key: &k.key,
            optional: k.optional == Some(true),
            assumed: cluster.is_assumed("configMap", ns, &k.name),
        };
        return key_ref_value(target, ns, found, index, var_name, notes);
    }
    if let Some(k) = &from.secret_key_ref {
        let found = cluster
            .secrets
            .get(&(ns.to_string(), k.name.clone()))
            .map(|data| data.get(&k.key).cloned());
        let target = KeyRef {
            kind: KeyRefKind::Secret,
            name: &k.name,
            key: &k.key,
            optional: k.optional == Some(true),
            assumed: cluster.is_assumed("secret", ns, &k.name),
        };
        return key_ref_value(target, ns, found, index, var_name, notes);
    }
    if let Some(f) = &from.file_key_ref {
        return file_key_value(cluster, pod, f, index, var_name, notes);
    }
    // No source the kubelet knows: the value stays empty (E8, gate off).
    Ok(Some((
        Value::text(""),
        Source::Env {
            rule: "E8".into(),
            index,
            raw: String::new(),
            references: Vec::new(),
        },
    )))
}

/// Spec O2 (upstream `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables, the end):
/// every tmpEnv entry, then every service variable whose name is not taken; a user
/// variable suppresses the service variable of its name.
fn merge_service_env(b: &mut Build, tmp: TmpEnv) -> Vec<EnvVar> {
    let service_env = b.service_env;
    let mut merge = b.trace.as_ref().map(|_| MergeStep {
        upstream: crate::trace::upstream("merge"),
        from_user: tmp.keys().cloned().collect(),
        added: Vec::new(),
        suppressed: Vec::new(),
    });
    let mut out: BTreeMap<String, EnvVar> = BTreeMap::new();
    for (name, entry) in tmp {
        let mut shadowed = entry.shadowed;
        if let Some(service) = service_env.entries.get(&name) {
            let (value, source) = service_value(service);
            if let (
                Some(m),
                Source::Service {
                    service: first,
                    candidates,
                    ..
                },
            ) = (merge.as_mut(), &source)
            {
                m.suppressed.push(Suppressed {
                    name: name.clone(),
                    service: if candidates.len() > 1 {
                        candidates.join(", ")
                    } else {
                        first.clone()
                    },
                    by: definition_label(&entry.source),
                });
            }
            shadowed.push(Shadowed {
                value,
                truncation: None,
                source,
                reason: "service link variable dropped because env/envFrom sets this name".into(),
                rule: "O2".into(),
                kept: Vec::new(),
            });
        }
        out.insert(
            name.clone(),
            EnvVar {
                name,
                value: entry.value,
                truncation: entry.truncation,
                source: entry.source,
                shadowed,
                kept: entry.kept,
            },
        );
    }
    for (name, service) in &service_env.entries {
        if out.contains_key(name) {
            continue;
        }
        if let Some(m) = merge.as_mut() {
            m.added.push(name.clone());
        }
        let (value, source) = service_value(service);
        out.insert(
            name.clone(),
            EnvVar {
                name: name.clone(),
                value,
                truncation: None,
                source,
                shadowed: Vec::new(),
                kept: Vec::new(),
            },
        );
    }
    if let (Some(t), Some(m)) = (b.trace.as_deref_mut(), merge) {
        t.merge = Some(m);
    }
    out.into_values().collect()
}

/// `env[2]`, `envFrom[0]`, ... for a user definition.
fn definition_label(source: &Source) -> String {
    let d = Definition::of(source);
    match d.index {
        Some(i) if d.origin == "envFrom" => format!("envFrom[{i}]"),
        Some(i) => format!("env[{i}]"),
        None => d.origin,
    }
}

/// The hint beside a container that fails on a ConfigMap or Secret the input lacks: such
/// objects are often generated (kustomize, Helm) or created at run time, and the context's
/// `assumeMissingObjects` shows the environment as if they existed (rule A11).
fn not_in_input_note(object_kind: &str, object: &str, field: String) -> Note {
    let title = object_title(object_kind);
    Note::new(
        "object-not-in-input",
        "A11",
        Some(field),
        format!("{title} {object} is not in the input. If the cluster has it (generated by kustomize or Helm, or created at run time), set assumeMissingObjects: true in the context to see this container's environment with its values as placeholders (A11)"),
    )
}

/// The object a `configMapKeyRef` / `secretKeyRef` reads.
#[derive(Clone, Copy)]
enum KeyRefKind {
    ConfigMap,
    Secret,
}

struct KeyRef<'a> {
    kind: KeyRefKind,
    name: &'a str,
    key: &'a str,
    optional: bool,
    /// The object is not in the input but assumed to exist (rule A11).
    assumed: bool,
}

/// Mirrors the configMapKeyRef / secretKeyRef branches of kubelet makeEnvironmentVariables
/// (spec E6, E7, ERR2; upstream `pkg/kubelet/kubelet_pods.go`). `found` is `None` when the
/// object does not exist and `Some(None)` when it lacks the key. An optional miss skips the
/// entry (returns `Ok(None)`, leaving any earlier value of the name in place); any other miss
/// fails the container with the kubelet's message.
fn key_ref_value(
    target: KeyRef,
    ns: &str,
    found: Option<Option<Vec<u8>>>,
    index: usize,
    var_name: &str,
    notes: &mut Vec<Note>,
) -> Result<Option<(Value, Source)>, Failure> {
    let (title, lower, rule) = match target.kind {
        KeyRefKind::ConfigMap => ("ConfigMap", "configmap", "E6"),
        KeyRefKind::Secret => ("Secret", "secret", "E7"),
    };
    let object = format!("{ns}/{}", target.name);
    let key = target.key;
    let source = |object: String| match target.kind {
        KeyRefKind::ConfigMap => Source::ConfigMapKeyRef {
            rule: rule.into(),
            index,
            object,
            key: key.into(),
        },
        KeyRefKind::Secret => Source::SecretKeyRef {
            rule: rule.into(),
            index,
            object,
            key: key.into(),
        },
    };
    match found {
        Some(Some(bytes)) => Ok(Some((Value::Known(bytes), source(object)))),
        None if target.assumed => Ok(Some((
            Value::Runtime(format!(
                "key {key} of {title} {object}, which is assumed to exist (A11): its value is only known in the cluster"
            )),
            source(object),
        ))),
        None if target.optional => {
            notes.push(Note::new(
                "optional-object-missing",
                rule,
                Some(format!("env[{index}]")),
                format!("env[{index}] {var_name}: optional {title} {object} not found; the variable is left as it was ({rule})"),
            ));
            Ok(None)
        }
        None => {
            let kind = match target.kind {
                KeyRefKind::ConfigMap => "configMap",
                KeyRefKind::Secret => "secret",
            };
            notes.push(not_in_input_note(kind, &object, format!("env[{index}]")));
            Err(fail(
                format!("{lower} \"{}\" not found", target.name),
                "ERR2",
            ))
        }
        Some(None) if target.optional => {
            notes.push(Note::new(
                "optional-key-missing",
                rule,
                Some(format!("env[{index}]")),
                format!("env[{index}] {var_name}: optional key {key} not in {title} {object}; the variable is left as it was ({rule})"),
            ));
            Ok(None)
        }
        Some(None) => Err(fail(
            format!("couldn't find key {key} in {title} {object}"),
            "ERR2",
        )),
    }
}

/// Describes an optional key reference that missed (spec E6-E8), for the value it left
/// in place.
fn skipped_key_ref(
    ns: &str,
    index: usize,
    from: &k8s_openapi::api::core::v1::EnvVarSource,
) -> Option<Skipped> {
    let (source, what) = if let Some(k) = &from.config_map_key_ref {
        let object = format!("{ns}/{}", k.name);
        let what = format!(
            "optional configMapKeyRef {object} key {} found nothing",
            k.key
        );
        let source = Source::ConfigMapKeyRef {
            rule: "E6".into(),
            index,
            object,
            key: k.key.clone(),
        };
        (source, what)
    } else if let Some(k) = &from.secret_key_ref {
        let object = format!("{ns}/{}", k.name);
        let what = format!("optional secretKeyRef {object} key {} found nothing", k.key);
        let source = Source::SecretKeyRef {
            rule: "E7".into(),
            index,
            object,
            key: k.key.clone(),
        };
        (source, what)
    } else {
        let f = from.file_key_ref.as_ref()?;
        let what = format!(
            "optional fileKeyRef {}/{} key {} found nothing",
            f.volume_name, f.path, f.key
        );
        let source = Source::FileKeyRef {
            rule: "E8".into(),
            index,
            volume_name: f.volume_name.clone(),
            path: f.path.clone(),
            key: f.key.clone(),
        };
        (source, what)
    };
    let rule = source.rule().to_string();
    Some(Skipped {
        source,
        reason: format!("env[{index}] did not apply: {what}, so this value stayed"),
        rule,
    })
}

/// Sets `name` in tmpEnv, remembering what it replaced (with the optional misses that
/// had kept the replaced value). With `want`, returns a copy of the replaced definition
/// for the trace.
#[allow(clippy::too_many_arguments)]
fn set(
    tmp: &mut TmpEnv,
    name: String,
    value: Value,
    truncation: Option<Truncation>,
    source: Source,
    reason: String,
    rule: &str,
    want: bool,
) -> Option<Shadowed> {
    let mut shadowed = Vec::new();
    let mut replaced = None;
    if let Some(previous) = tmp.remove(&name) {
        shadowed = previous.shadowed;
        let lost = Shadowed {
            value: previous.value,
            truncation: previous.truncation,
            source: previous.source,
            reason,
            rule: rule.into(),
            kept: previous.kept,
        };
        if want {
            replaced = Some(lost.clone());
        }
        shadowed.push(lost);
    }
    tmp.insert(
        name,
        Entry {
            value,
            truncation,
            source,
            shadowed,
            kept: Vec::new(),
        },
    );
    replaced
}

/// [`set`] for an `env` entry, filling in its trace when there is one.
#[allow(clippy::too_many_arguments)]
fn set_traced(
    tmp: &mut TmpEnv,
    name: String,
    value: Value,
    truncation: Option<Truncation>,
    source: Source,
    reason: String,
    rule: &str,
    traced: &mut Option<EnvEntryTrace>,
) {
    if let Some(t) = traced.as_mut() {
        t.result = Some(value.clone());
        t.truncation = truncation;
        if let Source::Env { references, .. } = &source {
            t.references = references.clone();
        }
        t.source = Some(source.clone());
    }
    let replaced = set(
        tmp,
        name,
        value,
        truncation,
        source,
        reason,
        rule,
        traced.is_some(),
    );
    if let Some(t) = traced.as_mut() {
        t.replaced = replaced.map(Box::new);
    }
}

/// The value and provenance of a service-map name; several candidates with different
/// values make it nondeterministic (spec V3).
fn service_value(entry: &crate::envvars::ServiceEnvEntry) -> (Value, Source) {
    let distinct = entry.distinct_values();
    let value = if distinct.len() > 1 {
        Value::OneOf(distinct.iter().map(|v| v.as_bytes().to_vec()).collect())
    } else {
        Value::text(distinct.first().copied().unwrap_or_default())
    };
    let mut source = entry
        .candidates
        .first()
        .map(|c| c.source.clone())
        .unwrap_or(Source::Service {
            rule: "S3".into(),
            service: String::new(),
            form: String::new(),
            port_index: None,
            port_name: None,
            port: None,
            protocol: None,
            master_service: false,
            candidates: Vec::new(),
            candidate_values: Vec::new(),
            dns: None,
        });
    if entry.candidates.len() > 1 {
        if let Source::Service {
            candidates,
            candidate_values,
            rule,
            ..
        } = &mut source
        {
            for c in &entry.candidates {
                if let Source::Service { service, .. } = &c.source {
                    candidates.push(service.clone());
                    candidate_values.push(c.value.clone());
                }
            }
            if distinct.len() > 1 {
                *rule = "V3".into();
            }
        }
    }
    (value, source)
}

/// What a `$(NAME)` lookup finds: the value, its truncation and its definition.
enum Found<'a> {
    Value(&'a Value, Option<Truncation>, &'a Source),
    Service(Value, Box<Source>),
    Missing,
}

/// Spec X3: tmpEnv as it stands, then the service map (upstream
/// `third_party/forked/golang/expansion/expand.go` MappingFuncFor over the two maps, in
/// the order makeEnvironmentVariables passes them).
fn lookup<'a>(tmp: &'a TmpEnv, service_env: &ServiceEnv, name: &str) -> Found<'a> {
    if let Some(entry) = tmp.get(name) {
        return Found::Value(&entry.value, entry.truncation, &entry.source);
    }
    if let Some(entry) = service_env.entries.get(name) {
        let (value, source) = service_value(entry);
        return Found::Service(value, Box::new(source));
    }
    Found::Missing
}

/// The copy of a referenced value kept beside its reference: at most
/// `MAX_REFERENCE_VALUE` bytes (cut at a character boundary when the value is text),
/// charged to the container's budget; a cut copy carries the exact full length.
fn reference_copy(
    value: &Value,
    truncation: Option<Truncation>,
    budget: &mut Budget,
) -> (Value, Option<Truncation>) {
    let mut cut_full: Option<u64> = truncation.map(|t| t.full_length);
    let mut copy = |bytes: &[u8], budget: &mut Budget| -> Vec<u8> {
        let mut keep = bytes.len().min(MAX_REFERENCE_VALUE).min(budget.remaining);
        if keep < bytes.len() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                while keep > 0 && !text.is_char_boundary(keep) {
                    keep -= 1;
                }
            }
            let full = bytes.len() as u64;
            cut_full = Some(cut_full.map_or(full, |f| f.max(full)));
        }
        budget.spend(keep);
        bytes.get(..keep).unwrap_or_default().to_vec()
    };
    let value = match value {
        Value::Known(bytes) => Value::Known(copy(bytes, budget)),
        Value::OneOf(options) => Value::OneOf(options.iter().map(|o| copy(o, budget)).collect()),
        Value::Runtime(why) => Value::Runtime(why.clone()),
    };
    (value, cut_full.map(Truncation::of))
}

/// What is left of a container's materialisation budget (`MAX_CONTAINER_EXPANSION`).
struct Budget {
    remaining: usize,
}

impl Budget {
    /// The cap for the next expansion.
    fn cap(&self) -> usize {
        self.remaining.min(MAX_EXPANDED_VALUE)
    }

    fn spend(&mut self, bytes: usize) {
        self.remaining = self.remaining.saturating_sub(bytes);
    }
}

/// The bytes podenv holds for a value and its true length.
fn piece<'a>(bytes: &'a [u8], truncation: Option<Truncation>) -> expand::Piece<'a> {
    expand::Piece {
        bytes,
        full_length: truncation.map_or(bytes.len() as u64, |t| t.full_length),
    }
}

/// Expands `raw` (spec X1, X2), following nondeterministic and runtime-only values. Each
/// output is capped by the budget; a cut result keeps its prefix and its exact length.
fn expand_with<'a>(
    raw: &str,
    budget: &mut Budget,
    mut find: impl FnMut(&str) -> Found<'a>,
) -> (Value, Option<Truncation>, Vec<Reference>) {
    // First pass: which names are referenced (no output kept) and what they resolve to.
    // Each distinct name is looked up once.
    let scan = expand::expand(raw, 0, |_| None::<&[u8]>);
    let mut references: Vec<Reference> = Vec::new();
    let mut resolved: BTreeMap<String, (Value, Option<Truncation>)> = BTreeMap::new();
    // Each distinct name is looked up once: name -> its index in `references`.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut runtime = Vec::new();
    for r in &scan.references {
        if let Some(reference) = seen
            .get(r.name.as_str())
            .and_then(|&at| references.get_mut(at))
        {
            reference.count += 1;
            continue;
        }
        let found = match find(&r.name) {
            Found::Value(v, t, source) => {
                Some((v.clone(), t, source.origin(), Definition::of(source)))
            }
            Found::Service(v, source) => Some((v, None, "service", Definition::of(&source))),
            Found::Missing => None,
        };
        let reference = match found {
            Some((value, truncation, from, defined_by)) => {
                if matches!(value, Value::Runtime(_)) {
                    runtime.push(r.name.clone());
                }
                let (copy, cut) = reference_copy(&value, truncation, budget);
                resolved.insert(r.name.clone(), (value, truncation));
                Reference {
                    name: r.name.clone(),
                    resolved_from: from.into(),
                    count: 1,
                    value: Some(copy),
                    truncation: cut,
                    defined_by: Some(defined_by),
                }
            }
            None => Reference {
                name: r.name.clone(),
                resolved_from: "unresolved".into(),
                count: 1,
                value: None,
                truncation: None,
                defined_by: None,
            },
        };
        seen.insert(r.name.as_str(), references.len());
        references.push(reference);
    }
    if !runtime.is_empty() {
        return (
            Value::Runtime(format!(
                "expands $({}) which is only known when the container starts",
                runtime.join("), $(")
            )),
            None,
            references,
        );
    }
    // Every combination of the nondeterministic values referenced.
    let choices: Vec<(&String, &Vec<Vec<u8>>)> = resolved
        .iter()
        .filter_map(|(k, (v, _))| match v {
            Value::OneOf(options) => Some((k, options)),
            _ => None,
        })
        .collect();
    let mut outputs: Vec<expand::Expansion> = Vec::new();
    let mut counters = vec![0usize; choices.len()];
    // Without references the output is no longer than the input: keep it whole.
    let cap = if scan.references.is_empty() {
        usize::MAX
    } else {
        budget.cap()
    };
    for _ in 0..MAX_COMBINATIONS {
        let mut expansion = expand::expand(raw, cap, |name| {
            if let Some(pos) = choices.iter().position(|(k, _)| k.as_str() == name) {
                let idx = counters.get(pos).copied().unwrap_or(0);
                return choices
                    .get(pos)
                    .and_then(|(_, o)| o.get(idx))
                    .map(|b| piece(b, None));
            }
            resolved
                .get(name)
                .and_then(|(v, t)| v.known().map(|b| piece(b, *t)))
        });
        expansion.references = Vec::new();
        budget.spend(expansion.output.len());
        if !outputs.iter().any(|o| {
            o.output == expansion.output
                && o.full_length == expansion.full_length
                && o.truncated == expansion.truncated
        }) {
            outputs.push(expansion);
        }
        // Advance the odometer; stop after the last combination.
        let mut advanced = false;
        for (pos, counter) in counters.iter_mut().enumerate() {
            let len = choices.get(pos).map(|(_, o)| o.len()).unwrap_or(1);
            *counter += 1;
            if *counter < len {
                advanced = true;
                break;
            }
            *counter = 0;
        }
        if !advanced {
            break;
        }
    }
    // A cut output cannot be handed to a process whatever the order; report the longest.
    if let Some(longest) = outputs
        .iter()
        .filter(|o| o.truncated)
        .max_by_key(|o| o.full_length)
    {
        let truncation = Truncation::of(longest.full_length);
        return (
            Value::Known(longest.output.clone()),
            Some(truncation),
            references,
        );
    }
    let value = if outputs.len() == 1 {
        Value::Known(outputs.remove(0).output)
    } else {
        Value::OneOf(outputs.into_iter().map(|o| o.output).collect())
    };
    (value, None, references)
}

/// The Linux exec limits (see `crate::limits`): every environment string (`NAME=value` and
/// its NUL) and argument must fit `MAX_ARG_STRLEN`, or execve fails with E2BIG; all of
/// them with their pointers should fit `ARG_MAX` (a quarter of the stack rlimit). Only what
/// the manifest gives is counted: the image's own entrypoint and variables come on top.
fn exec_limits(
    env: &[EnvVar],
    command: Option<&[ExpandedArg]>,
    args: Option<&[ExpandedArg]>,
) -> Vec<ExecWarning> {
    fn length(value: &Value, truncation: Option<Truncation>) -> u64 {
        if let Some(t) = truncation {
            return t.full_length;
        }
        match value {
            Value::Known(b) => b.len() as u64,
            Value::OneOf(options) => options.iter().map(|o| o.len() as u64).max().unwrap_or(0),
            Value::Runtime(_) => 0,
        }
    }
    let mut warnings = Vec::new();
    let mut total: u64 = 0;
    for v in env {
        // NAME, '=', value, NUL.
        let size = (v.name.len() as u64 + 2).saturating_add(length(&v.value, v.truncation));
        total = total.saturating_add(size).saturating_add(ARG_POINTER_BYTES);
        if size > MAX_ARG_STRLEN {
            warnings.push(ExecWarning {
                code: "env-string-too-long".into(),
                fails: true,
                subject: v.name.clone(),
                size,
                limit: MAX_ARG_STRLEN,
                message: format!(
                    "the process would fail to start (exec: argument list too long, E2BIG): environment variable {} is {size} bytes as NAME=value, over Linux's MAX_ARG_STRLEN of {MAX_ARG_STRLEN} bytes per string; shorten the value",
                    v.name
                ),
            });
        }
    }
    let items = [("command", command), ("args", args)];
    for (field, list) in items {
        for (i, item) in list.into_iter().flatten().enumerate() {
            let size = length(&item.value, item.truncation).saturating_add(1);
            total = total.saturating_add(size).saturating_add(ARG_POINTER_BYTES);
            if size > MAX_ARG_STRLEN {
                warnings.push(ExecWarning {
                    code: "arg-string-too-long".into(),
                    fails: true,
                    subject: format!("{field}[{i}]"),
                    size,
                    limit: MAX_ARG_STRLEN,
                    message: format!(
                        "the process would fail to start (exec: argument list too long, E2BIG): {field}[{i}] expands to {size} bytes, over Linux's MAX_ARG_STRLEN of {MAX_ARG_STRLEN} bytes per string; shorten it"
                    ),
                });
            }
        }
    }
    if total > ARG_MAX {
        warnings.push(ExecWarning {
            code: "arg-list-too-long".into(),
            fails: false,
            subject: "argv+envp".into(),
            size: total,
            limit: ARG_MAX,
            message: format!(
                "the process would likely fail to start (exec: argument list too long, E2BIG): environment and arguments take {total} bytes, over ARG_MAX of {ARG_MAX} bytes (a quarter of the usual 8 MiB stack rlimit; a larger stack rlimit raises it); drop variables, e.g. with enableServiceLinks: false"
            ),
        });
    }
    warnings
}

/// Mirrors kubelet ExpandContainerVolumeMounts and the subPath checks in makeMounts
/// (spec X5; upstream `pkg/kubelet/container/helpers.go`, `pkg/kubelet/kubelet_pods.go`):
/// each `subPathExpr` is expanded with the final list; a referenced name that is missing
/// or empty fails the container (`missing value for A, B`, names sorted), as does an
/// absolute result or one that steps out with `..`.
fn check_sub_path_exprs(b: &mut Build, env: &[EnvVar]) -> Result<(), Failure> {
    for (index, mount) in b.container.volume_mounts.iter().enumerate() {
        let Some(expr) = mount.sub_path_expr.as_deref().filter(|e| !e.is_empty()) else {
            continue;
        };
        let site = |failure: Failure| {
            failure.at(
                "GenerateRunContainerOptions",
                Some(index),
                Some(format!("volumeMounts[{index}].subPathExpr")),
            )
        };
        let mut missing = std::collections::BTreeSet::new();
        let expansion = expand::expand(expr, MAX_EXPANDED_VALUE, |name| {
            let found = env
                .binary_search_by(|v| v.name.as_str().cmp(name))
                .ok()
                .and_then(|i| env.get(i))
                .map(|v| match &v.value {
                    Value::Known(bytes) => bytes.as_slice(),
                    Value::OneOf(options) => options.first().map(Vec::as_slice).unwrap_or_default(),
                    Value::Runtime(_) => b"runtime",
                });
            match found {
                Some(bytes) if !bytes.is_empty() => Some(bytes),
                _ => {
                    missing.insert(name.to_string());
                    None
                }
            }
        });
        if !missing.is_empty() {
            let names: Vec<String> = missing.into_iter().collect();
            return Err(site(fail(
                format!("missing value for {}", names.join(", ")),
                "X5",
            )));
        }
        let sub_path = String::from_utf8_lossy(&expansion.output).into_owned();
        if let Some(t) = b.trace.as_deref_mut() {
            t.sub_paths.push(SubPathExpr {
                index,
                expr: expr.to_string(),
                result: Some(sub_path.clone()),
            });
        }
        if sub_path.starts_with('/') {
            return Err(site(fail(
                format!("error SubPath `{sub_path}` must not be an absolute path"),
                "X5",
            )));
        }
        if sub_path.split('/').any(|part| part == "..") {
            return Err(site(fail(
                format!("unable to provision SubPath `{sub_path}`: must not contain '..'"),
                "X5",
            )));
        }
    }
    Ok(())
}

/// Mirrors kubelet ExpandContainerCommandAndArgs (spec X4; upstream
/// `pkg/kubelet/container/helpers.go` ExpandContainerCommandAndArgs): each `command` or
/// `args` item is expanded against the final list; unknown names stay literal.
fn expand_container_command_and_args(
    items: &[String],
    env: &[EnvVar],
    budget: &mut Budget,
) -> Vec<ExpandedArg> {
    items
        .iter()
        .map(|item| {
            let (value, truncation, references) = expand_with(item, budget, |name| {
                match env.binary_search_by(|v| v.name.as_str().cmp(name)) {
                    Ok(i) => match env.get(i) {
                        Some(v) => Found::Value(&v.value, v.truncation, &v.source),
                        None => Found::Missing,
                    },
                    Err(_) => Found::Missing,
                }
            });
            ExpandedArg {
                original: item.clone(),
                value,
                truncation,
                references,
            }
        })
        .collect()
}

/// Mirrors kubelet podFieldSelectorRuntimeValue (spec F1-F3a; upstream
/// `pkg/kubelet/kubelet_pods.go` podFieldSelectorRuntimeValue, sortPodIPs,
/// getHostIPsAnyWay; `pkg/fieldpath` ExtractFieldPathAsString).
fn field_ref_value(
    cluster: &Cluster,
    pod: &PodInstance,
    api_version: Option<&str>,
    path: &str,
) -> Result<String, Failure> {
    let field = fieldpath::parse_env_field_path(api_version, path).map_err(|m| fail(m, "F2"))?;
    let host_ips = || cluster.node.host_ips.clone().map_err(|m| fail(m, "F3a"));
    let pod_ips = || -> Vec<String> {
        // The same IPs DNS and /etc/hosts use (host network: the node's), sorted by the
        // node's IP family.
        let (raw, _) = crate::dns::records::dns_pod_ips(cluster, pod);
        ip::sort_pod_ips(&raw, &cluster.context.node_ips)
    };
    Ok(match field {
        FieldPath::Name => pod.name.clone(),
        FieldPath::Namespace => pod.namespace.clone(),
        FieldPath::Uid => pod.uid.clone(),
        FieldPath::NodeName => pod.node_name.clone(),
        FieldPath::ServiceAccountName => pod.service_account_name.clone(),
        FieldPath::Label(key) => pod.labels.get(&key).cloned().unwrap_or_default(),
        FieldPath::Annotation(key) => pod.annotations.get(&key).cloned().unwrap_or_default(),
        FieldPath::PodIp => match pod_ips().first() {
            Some(ip) => ip.clone(),
            None if pod.spec.host_network == Some(true) => String::new(),
            None => cluster.context.pod_ip.clone(),
        },
        FieldPath::PodIps => pod_ips().join(","),
        FieldPath::HostIp => host_ips()?.first().cloned().unwrap_or_default(),
        FieldPath::HostIps => host_ips()?.join(","),
    })
}

/// Mirrors kubelet containerResourceRuntimeValue with defaultPodLimitsForDownwardAPI
/// (spec R1-R5; upstream `pkg/kubelet/kubelet_pods.go`, `pkg/kubelet/kubelet_resources.go`,
/// `pkg/api/v1/resource/helpers.go` ExtractContainerResourceValue).
fn resource_field_value(
    cluster: &Cluster,
    pod: &PodInstance,
    container: ContainerView,
    selector: &ResourceFieldSelector,
    index: usize,
) -> Result<(Value, Source), Failure> {
    let version = cluster.context.kubernetes_version;
    let (kind, resource) = selector.resource.split_once('.').ok_or_else(|| {
        fail(
            format!("unsupported container resource : {}", selector.resource),
            "R1",
        )
    })?;
    // R5: empty containerName means this container; otherwise spec.containers, then
    // spec.initContainers. Only regular containers and this one get limit defaults.
    let (target_name, resources, defaulted) =
        match selector.container_name.as_deref().filter(|n| !n.is_empty()) {
            None => (container.name.to_string(), container.resources, true),
            Some(name) => {
                if let Some(c) = pod.spec.containers.iter().find(|c| c.name == name) {
                    (name.to_string(), c.resources.as_ref(), true)
                } else if let Some(c) = pod
                    .spec
                    .init_containers
                    .iter()
                    .flatten()
                    .find(|c| c.name == name)
                {
                    (name.to_string(), c.resources.as_ref(), false)
                } else {
                    return Err(fail(format!("container {name} not found"), "R5"));
                }
            }
        };
    let list = match kind {
        "limits" => resources.and_then(|r| r.limits.as_ref()),
        _ => resources.and_then(|r| r.requests.as_ref()),
    };
    let given = list.and_then(|l| l.get(resource)).map(|q| q.0.clone());
    let mut quantity_from = "container";
    let mut text = given.clone().unwrap_or_else(|| "0".into());
    let defaultable = matches!(resource, "cpu" | "memory" | "ephemeral-storage");
    let is_zero = quantity::parse_quantity(&text)
        .map(|q| q.is_zero())
        .unwrap_or(true);
    if kind == "limits" && defaultable && defaulted && is_zero {
        // R4: pod-level limits (PodLevelResources, on by default from v1.34) or node allocatable.
        let pod_limit = pod
            .spec
            .resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .and_then(|l| l.get(resource))
            .filter(|_| version.at_least(34));
        if let Some(q) = pod_limit {
            text = q.0.clone();
            quantity_from = "podLimits";
        } else if let Some(q) = cluster.node.allocatable.get(resource) {
            text = q.clone();
            quantity_from = "nodeAllocatable";
        } else {
            text = "0".into();
            quantity_from = "unset";
        }
    } else if given.is_none() {
        quantity_from = "unset";
    }
    let q = quantity::parse_quantity(&text).map_err(|e| {
        fail(
            format!("invalid quantity {text:?} for {}: {e}", selector.resource),
            "R3",
        )
    })?;
    let divisor_text = selector
        .divisor
        .as_ref()
        .map(|d| d.0.clone())
        .unwrap_or_else(|| "1".into());
    let divisor = quantity::parse_quantity(&divisor_text)
        .map_err(|e| fail(format!("invalid divisor {divisor_text:?}: {e}"), "R2"))?;
    let value = quantity::divide_round_up(&q, &divisor, resource == "cpu");
    Ok((
        Value::text(value),
        Source::ResourceFieldRef {
            rule: "R3".into(),
            index,
            container_name: target_name,
            resource: selector.resource.clone(),
            divisor: divisor_text,
            quantity: text,
            quantity_from: quantity_from.into(),
        },
    ))
}

/// Mirrors the kubelet's fileKeyRef branch (spec E8, X-ENV; upstream
/// `pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables, `pkg/kubelet/util/env` ParseEnv).
/// The file lives in a pod volume, so its content comes from the context's `envFiles`
/// (`<volume>/<path>`); without it the value is only known at runtime.
fn file_key_value(
    cluster: &Cluster,
    pod: &PodInstance,
    selector: &k8s_openapi::api::core::v1::FileKeySelector,
    index: usize,
    name: &str,
    notes: &mut Vec<Note>,
) -> Result<Option<(Value, Source)>, Failure> {
    let volume = &selector.volume_name;
    let exists = pod.spec.volumes.iter().flatten().any(|v| &v.name == volume);
    if !exists {
        return Err(fail(
            format!("cannot find the volume {volume:?} referenced by FileKeyRef"),
            "E8",
        ));
    }
    let source = Source::FileKeyRef {
        rule: "E8".into(),
        index,
        volume_name: volume.clone(),
        path: selector.path.clone(),
        key: selector.key.clone(),
    };
    let key = format!("{volume}/{}", selector.path.trim_start_matches('/'));
    let Some(content) = cluster.context.env_files.get(&key) else {
        return Ok(Some((
            Value::Runtime(format!(
                "read when the container starts from key {} of file {} in volume {volume}; supply the file as envFiles[\"{key}\"] in the context to see it",
                selector.key, selector.path
            )),
            source,
        )));
    };
    let host_path = format!(
        "/var/lib/kubelet/pods/{}/volumes/kubernetes.io~empty-dir/{volume}/{}",
        pod.uid,
        selector.path.trim_start_matches('/')
    );
    let value = parse_env_file(content, &selector.key)
        .map_err(|_| fail("couldn't parse env file", "E8"))?;
    match value {
        Some(v) if !v.is_empty() => Ok(Some((Value::text(v), source))),
        found if selector.optional == Some(true) => {
            let what = if found.is_some() {
                "has an empty value in"
            } else {
                "not in"
            };
            notes.push(Note::new(
                "optional-key-missing",
                "E8",
                Some(format!("env[{index}]")),
                format!(
                    "env[{index}] {name}: optional key {} {what} file {key}; the variable is left as it was (E8)",
                    selector.key
                ),
            ));
            Ok(None)
        }
        _ => Err(fail(
            format!(
                "environment variable key {:?} not found in file {host_path:?}",
                selector.key
            ),
            "E8",
        )),
    }
}

/// Mirrors kubelet env.ParseEnv (spec X-ENV; upstream `pkg/kubelet/util/env/env_util.go`):
/// reads `key=value` lines in order and stops at the first line for `key`, so a malformed
/// line after it is never read. Returns None when the key is absent; errors on a
/// malformed line met before it.
pub fn parse_env_file(content: &str, key: &str) -> Result<Option<String>, String> {
    let mut lines = content.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let line = line.trim_start_matches([' ', '\t']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut logical = line.trim_end().to_string();
        while logical.ends_with('\\') {
            logical.pop();
            let Some((_, next)) = lines.next() else {
                return Err(format!(
                    "line {}: unexpected end of file in a continued line",
                    n + 1
                ));
            };
            let next = next.trim_start_matches([' ', '\t']);
            if next.trim().is_empty() || next.starts_with('#') {
                return Err(format!(
                    "line {}: blank or comment line inside a continued line",
                    n + 1
                ));
            }
            logical = format!("{} {}", logical.trim_end(), next.trim_end());
        }
        let Some((k, v)) = logical.split_once('=') else {
            return Err(format!("line {}: no `=` in {logical:?}", n + 1));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(format!("line {}: empty variable name", n + 1));
        }
        if k == key {
            return Ok(Some(v.trim().to_string()));
        }
    }
    Ok(None)
}
