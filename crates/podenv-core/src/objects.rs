//! Reading manifests into typed Kubernetes objects.
//!
//! Each file is split into documents; each document may hold one object or a `List`
//! (`kind: List` or any `*List` kind, as `kubectl get -o yaml` prints them). Objects of
//! kinds podenv uses are deserialised into k8s-openapi types; other kinds are reported
//! as ignored. One broken document or object never stops the others.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Endpoints, Node, Pod, PodTemplate, ReplicationController, Secret, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::yaml::{PositionIndex, RawDocument};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Where an object was found, enough to point diagnostics at any of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    pub kind: String,
    /// Namespace after defaulting (empty for cluster-scoped kinds).
    pub namespace: String,
    pub name: String,
    /// Index into [`Documents`].
    pub doc: usize,
    /// Path prefix of the object inside its document: empty, or `items[3].`.
    pub prefix: String,
    pub location: Location,
}

impl ObjectMeta {
    /// `Kind namespace/name` (or `Kind name` when cluster-scoped).
    pub fn display(&self) -> String {
        if self.namespace.is_empty() {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// A typed object with its metadata.
#[derive(Debug, Clone)]
pub struct Object<T> {
    pub meta: ObjectMeta,
    pub object: T,
}

/// Every workload kind that carries a pod template.
#[derive(Debug, Clone)]
pub enum Workload {
    Pod(Box<Pod>),
    Deployment(Box<Deployment>),
    StatefulSet(Box<StatefulSet>),
    DaemonSet(Box<DaemonSet>),
    ReplicaSet(Box<ReplicaSet>),
    ReplicationController(Box<ReplicationController>),
    Job(Box<Job>),
    CronJob(Box<CronJob>),
    PodTemplate(Box<PodTemplate>),
}

/// All objects read from the input, in input order.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub services: Vec<Object<Service>>,
    pub config_maps: Vec<Object<ConfigMap>>,
    pub secrets: Vec<Object<Secret>>,
    pub nodes: Vec<Object<Node>>,
    pub endpoints: Vec<Object<Endpoints>>,
    pub endpoint_slices: Vec<Object<EndpointSlice>>,
    pub workloads: Vec<Object<Workload>>,
}

/// The parsed documents, kept so diagnostics can be located lazily.
#[derive(Debug, Default)]
pub struct Documents {
    pub docs: Vec<(String, RawDocument)>,
    indexes: BTreeMap<usize, PositionIndex>,
}

impl Documents {
    /// Location of `path` (relative to the object) inside the object's document.
    pub fn locate(&mut self, meta: &ObjectMeta, path: &str) -> Location {
        let Some((file, doc)) = self.docs.get(meta.doc) else {
            return meta.location.clone();
        };
        let index = self
            .indexes
            .entry(meta.doc)
            .or_insert_with(|| PositionIndex::build(doc));
        let full = format!("{}{}", meta.prefix, path);
        let (line, column) = index.locate(full.trim_end_matches('.'));
        Location {
            file: file.clone(),
            document: doc.index,
            line,
            column,
        }
    }
}

/// Kinds podenv reads, with the apiVersion the API serves them at.
const KNOWN_KINDS: &[(&str, &str)] = &[
    ("Pod", "v1"),
    ("Service", "v1"),
    ("ConfigMap", "v1"),
    ("Secret", "v1"),
    ("Node", "v1"),
    ("Endpoints", "v1"),
    ("ReplicationController", "v1"),
    ("PodTemplate", "v1"),
    ("EndpointSlice", "discovery.k8s.io/v1"),
    ("Deployment", "apps/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
];

/// Reads every file. `default_namespace` is the context's namespace (API-server
/// namespace defaulting, as `kubectl apply` without `-n` does).
pub fn read_inputs(
    files: &[SourceFile],
    default_namespace: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Inputs, Documents) {
    let mut inputs = Inputs::default();
    let mut documents = Documents::default();
    for file in files {
        for doc in crate::yaml::split_documents(&file.text) {
            let doc_slot = documents.docs.len();
            let value = match &doc.value {
                Ok(Some(value)) => value.clone(),
                Ok(None) => continue,
                Err(err) => {
                    let hint = if looks_like_template(&doc.text) {
                        "; this looks like an unrendered Helm or Go template: render it first (`helm template`)"
                    } else {
                        ""
                    };
                    diagnostics.push(err.to_diagnostic(
                        &file.name,
                        doc.index,
                        format!(
                            "{}{hint} (this document is skipped; the others are read)",
                            err.message
                        ),
                    ));
                    continue;
                }
            };
            let base = Location {
                file: file.name.clone(),
                document: doc.index,
                line: doc.content_line,
                column: 1,
            };
            documents.docs.push((file.name.clone(), doc));
            let mut reader = Reader {
                inputs: &mut inputs,
                documents: &mut documents,
                diagnostics,
                default_namespace,
                doc: doc_slot,
                base,
                template: None,
            };
            reader.read_value(value, String::new(), 0);
        }
    }
    (inputs, documents)
}

struct Reader<'a> {
    inputs: &'a mut Inputs,
    documents: &'a mut Documents,
    diagnostics: &'a mut Vec<Diagnostic>,
    default_namespace: &'a str,
    doc: usize,
    base: Location,
    /// Whether the document looks like an unrendered template, once asked (a List document
    /// may hold thousands of objects, each with an error: the text is scanned once).
    template: Option<bool>,
}

impl Reader<'_> {
    fn is_template(&mut self) -> bool {
        if self.template.is_none() {
            let doc = self.documents.docs.get(self.doc);
            self.template = Some(doc.is_some_and(|(_, d)| looks_like_template(&d.text)));
        }
        self.template == Some(true)
    }

    fn meta_for(&mut self, kind: &str, prefix: &str) -> ObjectMeta {
        let mut meta = ObjectMeta {
            kind: kind.to_string(),
            namespace: String::new(),
            name: String::new(),
            doc: self.doc,
            prefix: prefix.to_string(),
            location: self.base.clone(),
        };
        if !prefix.is_empty() {
            meta.location = self.documents.locate(&meta, "");
        }
        meta
    }

    fn error(&mut self, meta: &ObjectMeta, path: &str, code: &str, message: String) {
        let location = self.documents.locate(meta, path);
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message,
            location,
            path: (!path.is_empty()).then(|| path.to_string()),
            rule: None,
            object: (!meta.name.is_empty()).then(|| meta.display()),
        });
    }

    /// Spec VAL14: a field the object's type does not have. kubectl asks the API server for
    /// strict field validation by default, which rejects the object; with
    /// `--validate=false` (or `ignore`) the field is dropped, which is what podenv models.
    fn unknown_field(&mut self, meta: &ObjectMeta, field: &crate::strict::UnknownField) {
        let location = self.documents.locate(meta, &field.path);
        let hint = field
            .suggestion
            .map_or(String::new(), |s| format!("; did you mean \"{s}\"?"));
        self.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: "unknown-field".into(),
            message: format!(
                "unknown field \"{}\"{hint} kubectl apply fails on it (strict field validation, the default: `--validate=strict`); with `--validate=false` the API server drops the field, and podenv ignores it",
                field.path
            ),
            location,
            path: Some(field.path.clone()),
            rule: Some("VAL14".into()),
            object: (!meta.name.is_empty()).then(|| meta.display()),
        });
    }

    fn read_value(&mut self, value: Json, prefix: String, depth: usize) {
        let meta = self.meta_for("", &prefix);
        let Json::Object(map) = value else {
            self.error(
                &meta,
                "",
                "not-an-object",
                "expected a Kubernetes object (a mapping with apiVersion, kind and metadata)"
                    .into(),
            );
            return;
        };
        let kind = map
            .get("kind")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let api_version = map
            .get("apiVersion")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        if kind.is_empty() {
            self.error(
                &meta,
                "",
                "missing-kind",
                "object has no `kind`; add e.g. `kind: Pod` or `kind: Service`".into(),
            );
            return;
        }
        // `List` and `*List` kinds hold objects in `items`.
        if list_item_kind(&kind).is_some() && map.contains_key("items") {
            if depth > 0 {
                self.error(
                    &meta,
                    "",
                    "nested-list",
                    "a List inside a List is not read".into(),
                );
                return;
            }
            let item_kind = list_item_kind(&kind).unwrap_or_default().to_string();
            match map.get("items") {
                Some(Json::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut item = item.clone();
                        // `kubectl get -o yaml` items carry kind and apiVersion; typed
                        // lists (e.g. ServiceList) may omit them.
                        if let Json::Object(obj) = &mut item {
                            if !item_kind.is_empty() && !obj.contains_key("kind") {
                                obj.insert("kind".into(), Json::String(item_kind.clone()));
                                if let Some(v) = known_api_version(&item_kind) {
                                    obj.entry("apiVersion").or_insert(Json::String(v.into()));
                                }
                            }
                        }
                        self.read_value(item, format!("{prefix}items[{i}]."), depth + 1);
                    }
                }
                Some(Json::Null) => {}
                _ => self.error(
                    &meta,
                    "items",
                    "invalid-list",
                    "`items` must be a list".into(),
                ),
            }
            return;
        }
        let mut meta = self.meta_for(&kind, &prefix);
        meta.name = map
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(expected_version) = known_api_version(&kind) else {
            self.diagnostics.push(Diagnostic {
                severity: Severity::Info,
                code: "ignored-kind".into(),
                message: format!("{kind} `{}` is ignored: {READ_KINDS}", meta.name),
                location: meta.location.clone(),
                path: None,
                rule: None,
                object: Some(format!("{kind} {}", meta.name)),
            });
            return;
        };
        if api_version != expected_version {
            let message = if api_version.is_empty() {
                format!("{kind} has no `apiVersion`; add `apiVersion: {expected_version}`")
            } else {
                format!(
                    "{kind} is not served at apiVersion `{api_version}`; use `apiVersion: {expected_version}`"
                )
            };
            self.error(&meta, "apiVersion", "unsupported-api-version", message);
            return;
        }
        if meta.name.is_empty() {
            let generate = map
                .get("metadata")
                .and_then(|m| m.get("generateName"))
                .and_then(Json::as_str)
                .is_some();
            let message = if generate {
                format!("{kind} uses metadata.generateName; give it a metadata.name so podenv can refer to it")
            } else {
                format!("{kind} has no metadata.name; add one")
            };
            self.error(&meta, "metadata", "missing-name", message);
            return;
        }
        let cluster_scoped = kind == "Node";
        if !cluster_scoped {
            meta.namespace = map
                .get("metadata")
                .and_then(|m| m.get("namespace"))
                .and_then(Json::as_str)
                .filter(|ns| !ns.is_empty())
                .unwrap_or(self.default_namespace)
                .to_string();
        }
        let mut value = Json::Object(map);
        // A type error in a field the environment does not depend on (a probe, a port, a
        // security context) is reported, and the field is left out so that the object is
        // still modelled; any other type error leaves the object out, said so.
        macro_rules! typed {
            ($ty:ty) => {{
                let mut pruned = 0;
                loop {
                    match deserialize::<$ty>(&value) {
                        Ok((object, unknown)) => {
                            for field in &unknown {
                                self.unknown_field(&meta, field);
                            }
                            break object;
                        }
                        Err((path, message)) => {
                            if pruned < MAX_PRUNED && prune_irrelevant(&mut value, &path) {
                                pruned += 1;
                                self.error(&meta, &path, "invalid-field", format!(
                                    "{message}; the API server rejects this {kind}. The environment does not depend on this field, so podenv leaves it out and shows the rest"
                                ));
                                continue;
                            }
                            let hint = if self.is_template() {
                                ". This looks like an unrendered Helm or Go template (`{{ ... }}`): render it first (`helm template`)"
                            } else {
                                ""
                            };
                            self.error(&meta, &path, "invalid-object", format!(
                                "{message}; {kind} `{}` is not modelled: the environment depends on this field{hint}",
                                meta.name
                            ));
                            return;
                        }
                    }
                }
            }};
        }
        let meta_for_push = meta.clone();
        macro_rules! push {
            ($list:ident, $ty:ty) => {{
                let object = typed!($ty);
                self.inputs.$list.push(Object {
                    meta: meta_for_push,
                    object,
                })
            }};
        }
        match kind.as_str() {
            "Service" => push!(services, Service),
            "ConfigMap" => push!(config_maps, ConfigMap),
            "Secret" => push!(secrets, Secret),
            "Node" => push!(nodes, Node),
            "Endpoints" => push!(endpoints, Endpoints),
            "EndpointSlice" => push!(endpoint_slices, EndpointSlice),
            _ => {
                let workload = match kind.as_str() {
                    "Pod" => Workload::Pod(Box::new(typed!(Pod))),
                    "Deployment" => Workload::Deployment(Box::new(typed!(Deployment))),
                    "StatefulSet" => Workload::StatefulSet(Box::new(typed!(StatefulSet))),
                    "DaemonSet" => Workload::DaemonSet(Box::new(typed!(DaemonSet))),
                    "ReplicaSet" => Workload::ReplicaSet(Box::new(typed!(ReplicaSet))),
                    "ReplicationController" => {
                        Workload::ReplicationController(Box::new(typed!(ReplicationController)))
                    }
                    "Job" => Workload::Job(Box::new(typed!(Job))),
                    "CronJob" => Workload::CronJob(Box::new(typed!(CronJob))),
                    "PodTemplate" => Workload::PodTemplate(Box::new(typed!(PodTemplate))),
                    _ => return,
                };
                self.inputs.workloads.push(Object {
                    meta: meta_for_push,
                    object: workload,
                });
            }
        }
    }
}

/// The apiVersion podenv reads `kind` at (`None`: a kind podenv does not read).
pub(crate) fn known_api_version(kind: &str) -> Option<&'static str> {
    KNOWN_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| *v)
}

/// serde's "invalid value: integer `N`, expected i32" in words that say what to fix.
fn out_of_range(message: &str) -> String {
    let ranges = [
        ("i32", "an int32 field", "-2147483648 to 2147483647"),
        (
            "i64",
            "an int64 field",
            "-9223372036854775808 to 9223372036854775807",
        ),
    ];
    if let Some((number, expected)) = message
        .strip_prefix("invalid value: integer `")
        .and_then(|r| r.split_once("`, expected "))
    {
        if let Some((_, what, range)) = ranges.iter().find(|(t, _, _)| *t == expected) {
            return format!(
                "{number} is out of range for {what} (valid: {range}); use a number in range"
            );
        }
    }
    message.to_string()
}

/// Deserialises a typed object with its unknown fields (`crate::strict`), or returns the
/// failing field path and a message a person can act on.
/// What an `ignored-kind` note says podenv reads instead.
pub const READ_KINDS: &str =
    "podenv reads Pods, workloads, Services, ConfigMaps, Secrets, Nodes, Endpoints and EndpointSlices";

/// How many irrelevant fields one object may lose before it is given up.
const MAX_PRUNED: usize = 16;

/// True when a document holds `{{ ... }}`, the mark of a Helm or Go template.
fn looks_like_template(text: &str) -> bool {
    text.find("{{").is_some_and(|at| text[at..].contains("}}"))
}

/// Fields of a container the environment never reads (spec E*, X*, R*: only `name`,
/// `env`, `envFrom`, `command`, `args`, `resources` and `volumeMounts` matter).
const CONTAINER_IRRELEVANT: &[&str] = &[
    "ports",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "securityContext",
    "imagePullPolicy",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "workingDir",
    "stdin",
    "stdinOnce",
    "tty",
    "resizePolicy",
    "volumeDevices",
];

/// Fields of a pod spec, a workload spec or a Service spec that no variable, DNS record or
/// resolv.conf depends on.
const SPEC_IRRELEVANT: &[&str] = &[
    "affinity",
    "tolerations",
    "nodeSelector",
    "securityContext",
    "imagePullSecrets",
    "priority",
    "priorityClassName",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "topologySpreadConstraints",
    "schedulerName",
    "readinessGates",
    "runtimeClassName",
    "overhead",
    "preemptionPolicy",
    "schedulingGates",
    "resourceClaims",
    "replicas",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "progressDeadlineSeconds",
    "paused",
    "updateStrategy",
    "podManagementPolicy",
    "persistentVolumeClaimRetentionPolicy",
    "backoffLimit",
    "completions",
    "parallelism",
    "ttlSecondsAfterFinished",
    "suspend",
    "successfulJobsHistoryLimit",
    "failedJobsHistoryLimit",
    "startingDeadlineSeconds",
    "concurrencyPolicy",
    "sessionAffinity",
    "sessionAffinityConfig",
    "externalTrafficPolicy",
    "internalTrafficPolicy",
    "healthCheckNodePort",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "loadBalancerClass",
    "allocateLoadBalancerNodePorts",
];

/// Metadata fields nothing reads.
const METADATA_IRRELEVANT: &[&str] = &[
    "ownerReferences",
    "finalizers",
    "managedFields",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "generation",
    "resourceVersion",
    "selfLink",
];

/// Removes the field at `path` (as `serde_path_to_error` writes it, e.g.
/// `spec.containers[0].ports[1].containerPort`) when it lies inside a field the environment
/// does not depend on; removes that whole field. False when the path is relevant.
fn prune_irrelevant(value: &mut Json, path: &str) -> bool {
    // Segments: keys and indexes, in order.
    let mut segments: Vec<Result<&str, usize>> = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            segments.push(Ok(key));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else {
                return false;
            };
            let Ok(index) = inner[..end].parse::<usize>() else {
                return false;
            };
            segments.push(Err(index));
            rest = &inner[end + 1..];
        }
    }
    let cut = segments.iter().enumerate().position(|(i, segment)| {
        let Ok(key) = segment else {
            return false;
        };
        let parent = |back: usize| i.checked_sub(back).and_then(|j| segments.get(j));
        let in_container = matches!(parent(1), Some(Err(_)))
            && matches!(
                parent(2),
                Some(Ok("containers" | "initContainers" | "ephemeralContainers"))
            );
        (in_container && CONTAINER_IRRELEVANT.contains(key))
            || (parent(1) == Some(&Ok("spec")) && SPEC_IRRELEVANT.contains(key))
            || (parent(1) == Some(&Ok("metadata")) && METADATA_IRRELEVANT.contains(key))
    });
    let Some(cut) = cut else {
        return false;
    };
    let mut node = value;
    for segment in &segments[..cut] {
        node = match (segment, node) {
            (Ok(key), Json::Object(map)) => match map.get_mut(*key) {
                Some(next) => next,
                None => return false,
            },
            (Err(index), Json::Array(items)) => match items.get_mut(*index) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    match (&segments[cut], node) {
        (Ok(key), Json::Object(map)) => map.remove(*key).is_some(),
        _ => false,
    }
}

fn deserialize<T: serde::de::DeserializeOwned>(
    value: &Json,
) -> Result<(T, Vec<crate::strict::UnknownField>), (String, String)> {
    let (result, unknown) = crate::strict::deserialize::<T>(value);
    result.map(|object| (object, unknown)).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = out_of_range(&err.into_inner().to_string());
        let message = if path.is_empty() {
            inner
        } else {
            format!("{path}: {inner}")
        };
        (path, message)
    })
}

/// For a `List` or `*List` kind (whose objects are in `items`), the kind its items default
/// to: `Service` for `ServiceList`, empty for `List`; `None` for any other kind.
pub(crate) fn list_item_kind(kind: &str) -> Option<&str> {
    kind.strip_suffix("List")
}
