//! The plain data podenv-core returns. These types are the API boundary shared by the
//! CLI, the wasm adapter and the web app; their serde form is the documented, stable
//! JSON schema (see `docs/json-schema.md`). Keep changes additive.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::{Diagnostic, Location};

/// Version of the JSON schema below. Bump only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything podenv computed for one set of inputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    pub schema_version: u32,
    /// The Kubernetes minor version modelled, e.g. `1.35`.
    pub kubernetes_version: String,
    pub pods: Vec<PodEnv>,
    /// Every assumption the API-server emulation made (defaults applied, IPs allocated, objects added).
    pub assumptions: Vec<Assumption>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every record a spec-compliant cluster DNS (CoreDNS) would serve for the input
    /// (spec D1-D9), in a stable order: `dns-version`, Services by namespace and name, pods.
    pub dns_records: Vec<DnsRecord>,
    /// Cluster-wide DNS remarks, e.g. a headless Service without ready endpoints (NXDOMAIN).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_notes: Vec<String>,
}

impl Analysis {
    /// True when some container would fail with CreateContainerConfigError, or its
    /// process would certainly fail to exec (an [`ExecWarning`] with `fails`), or its pod's
    /// sandbox cannot be created (`PodDns::sandbox_error`: then no container starts).
    pub fn any_container_fails(&self) -> bool {
        self.pods.iter().any(|p| {
            p.dns.as_ref().is_some_and(|d| d.sandbox_error.is_some())
                || p.containers
                    .iter()
                    .any(|c| c.error.is_some() || c.exec_warnings.iter().any(|w| w.fails))
        })
    }

    /// True when `var` comes from the `default/kubernetes` Service that podenv's API-server
    /// emulation added (spec V2: the input had none), not from a pasted Service: an
    /// "API default" rather than something the user wrote.
    pub fn is_api_default(&self, var: &EnvVar) -> bool {
        match &var.source {
            Source::Service {
                master_service: true,
                service,
                ..
            } => self.assumptions.iter().any(|a| {
                a.location.is_none()
                    && a.object
                        .strip_prefix("Service ")
                        .is_some_and(|object| object == service)
            }),
            _ => false,
        }
    }

    /// True when the input has errors (unparsable documents, objects the API server rejects).
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
    }
}

/// One step of API-server (or controller / scheduler) emulation applied to an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assumption {
    /// Spec rule id, e.g. `A1`.
    pub rule: String,
    /// The object it applies to, as `Kind namespace/name`.
    pub object: String,
    /// The field that was set, e.g. `spec.ports[0].protocol`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What was assumed, in plain words.
    pub message: String,
    /// Where the object starts in the input (absent for objects podenv added itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// The pod a manifest produces, and the environment of each of its containers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodEnv {
    pub namespace: String,
    pub name: String,
    /// True when the name was generated the way a controller would (not the real, random name).
    pub generated_name: bool,
    /// The manifest object this pod comes from (a Pod or a workload).
    pub source: ObjectRef,
    pub node_name: String,
    pub uid: String,
    pub service_account_name: String,
    pub enable_service_links: bool,
    /// True when the API server would reject the pod: it never runs, `containers` is empty
    /// and the reasons are in `diagnostics`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rejected: bool,
    pub containers: Vec<ContainerEnv>,
    /// The pod's resolv.conf, hostname, /etc/hosts and env<->DNS mapping (spec C*, N*).
    /// Absent for pods the API server rejects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<PodDns>,
}

/// A reference to an input object and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub location: Location,
}

/// Which list of the pod spec a container belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ContainerKind {
    InitContainer,
    Container,
    EphemeralContainer,
}

impl ContainerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerKind::InitContainer => "initContainer",
            ContainerKind::Container => "container",
            ContainerKind::EphemeralContainer => "ephemeralContainer",
        }
    }

    /// The field of the pod spec holding containers of this kind.
    pub fn spec_field(self) -> &'static str {
        match self {
            ContainerKind::InitContainer => "initContainers",
            ContainerKind::Container => "containers",
            ContainerKind::EphemeralContainer => "ephemeralContainers",
        }
    }
}

/// The environment of one container, or the error that keeps it from starting.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerEnv {
    pub name: String,
    pub kind: ContainerKind,
    /// True for an init container with `restartPolicy: Always` (a sidecar).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sidecar: bool,
    /// Sorted by name. Present when the container would start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<EnvVar>>,
    /// The kubelet's message when the container would not start (spec ERR1, ERR2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `CreateContainerConfigError` when `error` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Spec rule behind the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_rule: Option<String>,
    /// `command` after `$(VAR)` expansion against the final list (spec X4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<ExpandedArg>>,
    /// `args` after `$(VAR)` expansion against the final list (spec X4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<ExpandedArg>>,
    /// Where the failure happened: the step of the kubelet's path, the `env`/`envFrom`
    /// entry and its field path, located in the input (present with `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_at: Option<ErrorSite>,
    /// Events or notes the kubelet would emit for this container (e.g. skipped envFrom keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Why the container's process would (or would likely) fail to exec although the kubelet
    /// creates it: an environment or argument string over `MAX_ARG_STRLEN`, or all of them
    /// over `ARG_MAX` (see `crate::limits`). Each one is also in `notes` as a sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exec_warnings: Vec<ExecWarning>,
    /// The kubelet's path for this container, step by step with the live values
    /// (`crate::trace`); present only when the analysis was asked to trace (the explorer's
    /// worker sends it to the walk-through page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<crate::trace::Step>>,
}

/// A note about one container: an event the kubelet would record, or a remark of podenv's,
/// with the rule it follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// A stable kebab-case code, e.g. `optional-key-missing`, `invalid-env-names-skipped`.
    pub code: String,
    /// The spec rule id it follows.
    pub rule: String,
    /// The `env` or `envFrom` entry it is about, as `env[2]` or `envFrom[0]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    pub message: String,
}

impl Note {
    pub fn new(code: &str, rule: &str, entry: Option<String>, message: String) -> Note {
        Note {
            code: code.into(),
            rule: rule.into(),
            entry,
            message,
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a container's failure happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorSite {
    /// The trace step that failed: `getServiceEnvVarMap`, `envFrom`, `env` or
    /// `GenerateRunContainerOptions` (a `subPathExpr`).
    pub step: String,
    /// The index of the failing `env`, `envFrom` or `volumeMounts` entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The field path in the manifest object, e.g.
    /// `spec.template.spec.containers[0].env[3].valueFrom.configMapKeyRef`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where that field is in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// A limit of `execve` that the container's process would hit (spec: Linux exec limits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecWarning {
    /// `env-string-too-long`, `arg-string-too-long` (definite: exec fails with E2BIG) or
    /// `arg-list-too-long` (likely: depends on the stack rlimit).
    pub code: String,
    /// True when the process certainly fails to start (the kernel limit is fixed).
    pub fails: bool,
    /// What is too long: a variable name, `command[i]`, `args[i]`, or `argv+envp`.
    pub subject: String,
    /// Bytes counted against the limit (the string with its NUL, or the whole total).
    pub size: u64,
    /// The limit, in bytes.
    pub limit: u64,
    pub message: String,
}

/// Marks a value podenv did not materialise in full: `value` holds only its first bytes
/// (at most `crate::limits::MAX_EXPANDED_VALUE`) and `fullLength` its exact length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Truncation {
    /// Always true; present so JSON readers can test one flag.
    pub truncated: bool,
    /// The exact length in bytes of the full value (saturating at 2^64-1).
    pub full_length: u64,
}

impl Truncation {
    pub fn of(full_length: u64) -> Truncation {
        Truncation {
            truncated: true,
            full_length,
        }
    }
}

/// One `command`/`args` element after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpandedArg {
    pub original: String,
    pub value: Value,
    /// Set when the expansion is longer than podenv materialises (see [`Truncation`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    /// Each distinct `$(NAME)` met, in order of first use, with the final list's value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
}

/// One variable of the final list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    #[serde(flatten)]
    pub value: Value,
    /// Set when the value is longer than podenv materialises (see [`Truncation`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    /// Where the value came from.
    pub source: Source,
    /// Earlier definitions of the same name that this one replaced or suppressed, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadowed: Vec<Shadowed>,
    /// Later `env` entries of the same name that did not apply (an optional ConfigMap,
    /// Secret or file key that was missing), which is why this value stayed (spec E6-E8).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Skipped>,
}

/// A later definition that was skipped, leaving the earlier value in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub source: Source,
    pub reason: String,
    pub rule: String,
}

/// A definition that lost to another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shadowed {
    #[serde(flatten)]
    pub value: Value,
    /// Set when the value is longer than podenv materialises (see [`Truncation`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    pub source: Source,
    /// Why it lost, e.g. "overwritten by env[2]" (spec rule in `rule`).
    pub reason: String,
    pub rule: String,
    /// Optional entries that had missed while this definition stood (see [`EnvVar::kept`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Skipped>,
}

/// A variable's value as the kubelet would hand it to the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A byte string; serialised as `value` when valid UTF-8, else as `valueBase64`.
    Known(Vec<u8>),
    /// Go map order decides between these (spec V3); serialised as `nondeterministic: true`
    /// and `values` (each an object with `value` or `valueBase64`).
    OneOf(Vec<Vec<u8>>),
    /// Only known when the container starts (e.g. a `fileKeyRef` whose file is not supplied).
    Runtime(String),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Known(s.into().into_bytes())
    }

    /// The single value, if there is exactly one.
    pub fn known(&self) -> Option<&[u8]> {
        match self {
            Value::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The single value as text, if there is exactly one and it is UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        self.known().and_then(|v| std::str::from_utf8(v).ok())
    }
}

fn serialize_bytes_field<M: SerializeMap>(map: &mut M, bytes: &[u8]) -> Result<(), M::Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => map.serialize_entry("value", text),
        Err(_) => map.serialize_entry(
            "valueBase64",
            &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes),
        ),
    }
}

struct BytesObject<'a>(&'a [u8]);

impl Serialize for BytesObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        serialize_bytes_field(&mut map, self.0)?;
        map.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Value::Known(bytes) => serialize_bytes_field(&mut map, bytes)?,
            Value::OneOf(values) => {
                map.serialize_entry("nondeterministic", &true)?;
                let objects: Vec<BytesObject> = values.iter().map(|v| BytesObject(v)).collect();
                map.serialize_entry("values", &objects)?;
            }
            Value::Runtime(why) => {
                map.serialize_entry("runtime", why)?;
            }
        }
        map.end()
    }
}

// Reading the JSON back (the explorer's worker sends it to the page). `Value` and
// `Truncation` are flattened into their parents and `Source` is internally tagged; serde's
// derives for those buffer every field in a generic `Content` tree, which costs tens of KB of
// wasm. Each such type is read instead through a flat struct holding every field it may have,
// then checked; the JSON is exactly the one `Serialize` writes (round-trip tested).

/// One candidate of a nondeterministic value: `value` or `valueBase64`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BytesFields {
    value: Option<String>,
    value_base64: Option<String>,
}

fn bytes_of<E: serde::de::Error>(
    value: Option<String>,
    value_base64: Option<String>,
) -> Result<Vec<u8>, E> {
    match (value, value_base64) {
        (Some(text), _) => Ok(text.into_bytes()),
        (None, Some(encoded)) => {
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
                .map_err(E::custom)
        }
        (None, None) => Err(E::missing_field("value")),
    }
}

/// The fields of a [`Value`] and its optional [`Truncation`], as written flattened.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ValueFields {
    pub(crate) value: Option<String>,
    pub(crate) value_base64: Option<String>,
    #[serde(default)]
    pub(crate) nondeterministic: bool,
    pub(crate) values: Option<Vec<BytesFields>>,
    pub(crate) runtime: Option<String>,
    pub(crate) truncated: Option<bool>,
    pub(crate) full_length: Option<u64>,
}

impl ValueFields {
    pub(crate) fn value<E: serde::de::Error>(&mut self) -> Result<Value, E> {
        if self.nondeterministic {
            let values = self
                .values
                .take()
                .unwrap_or_default()
                .into_iter()
                .map(|v| bytes_of(v.value, v.value_base64))
                .collect::<Result<_, _>>()?;
            return Ok(Value::OneOf(values));
        }
        if let Some(why) = self.runtime.take() {
            return Ok(Value::Runtime(why));
        }
        bytes_of(self.value.take(), self.value_base64.take()).map(Value::Known)
    }

    pub(crate) fn truncation<E: serde::de::Error>(&self) -> Result<Option<Truncation>, E> {
        match (self.truncated, self.full_length) {
            (None, _) => Ok(None),
            (Some(truncated), Some(full_length)) => Ok(Some(Truncation {
                truncated,
                full_length,
            })),
            (Some(_), None) => Err(E::missing_field("fullLength")),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        ValueFields::deserialize(deserializer)?.value()
    }
}

/// `value` of a required field read as an `Option`.
fn required<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// A struct with a flattened value: its own fields, then [`ValueFields`]' fields inline.
macro_rules! with_value_fields {
    ($name:ident { $($(#[$attr:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $name {
            $($(#[$attr])* $field: $ty,)*
            value: Option<String>,
            value_base64: Option<String>,
            #[serde(default)]
            nondeterministic: bool,
            values: Option<Vec<$crate::model::BytesFields>>,
            runtime: Option<String>,
            truncated: Option<bool>,
            full_length: Option<u64>,
        }

        impl $name {
            fn value_fields(&mut self) -> $crate::model::ValueFields {
                $crate::model::ValueFields {
                    value: self.value.take(),
                    value_base64: self.value_base64.take(),
                    nondeterministic: self.nondeterministic,
                    values: self.values.take(),
                    runtime: self.runtime.take(),
                    truncated: self.truncated,
                    full_length: self.full_length,
                }
            }
        }
    };
}

pub(crate) use with_value_fields;

/// An [`ExpandedArg`]: its value is an object of its own, the truncation flattened.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExpandedArgFields {
    original: String,
    value: Value,
    truncated: Option<bool>,
    full_length: Option<u64>,
    #[serde(default)]
    references: Vec<Reference>,
}

impl<'de> Deserialize<'de> for ExpandedArg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ExpandedArg, D::Error> {
        let fields = ExpandedArgFields::deserialize(deserializer)?;
        let truncation = ValueFields {
            value: None,
            value_base64: None,
            nondeterministic: false,
            values: None,
            runtime: None,
            truncated: fields.truncated,
            full_length: fields.full_length,
        }
        .truncation()?;
        Ok(ExpandedArg {
            original: fields.original,
            value: fields.value,
            truncation,
            references: fields.references,
        })
    }
}

with_value_fields!(EnvVarFields {
    name: String,
    source: Source,
    #[serde(default)]
    shadowed: Vec<Shadowed>,
    #[serde(default)]
    kept: Vec<Skipped>,
});

impl<'de> Deserialize<'de> for EnvVar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EnvVar, D::Error> {
        let mut fields = EnvVarFields::deserialize(deserializer)?;
        let mut value = fields.value_fields();
        Ok(EnvVar {
            name: fields.name,
            value: value.value()?,
            truncation: value.truncation()?,
            source: fields.source,
            shadowed: fields.shadowed,
            kept: fields.kept,
        })
    }
}

with_value_fields!(ShadowedFields {
    source: Source,
    reason: String,
    rule: String,
    #[serde(default)]
    kept: Vec<Skipped>,
});

fn one() -> usize {
    1
}

with_value_fields!(ReferenceFields {
    name: String,
    resolved_from: String,
    #[serde(default = "one")]
    count: usize,
    defined_by: Option<Definition>,
});

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Reference, D::Error> {
        let mut fields = ReferenceFields::deserialize(deserializer)?;
        let has_value = fields.value.is_some()
            || fields.value_base64.is_some()
            || fields.nondeterministic
            || fields.runtime.is_some();
        let mut value = fields.value_fields();
        Ok(Reference {
            name: fields.name,
            resolved_from: fields.resolved_from,
            count: fields.count,
            truncation: value.truncation()?,
            value: if has_value {
                Some(value.value()?)
            } else {
                None
            },
            defined_by: fields.defined_by,
        })
    }
}

impl<'de> Deserialize<'de> for Shadowed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Shadowed, D::Error> {
        let mut fields = ShadowedFields::deserialize(deserializer)?;
        let mut value = fields.value_fields();
        Ok(Shadowed {
            value: value.value()?,
            truncation: value.truncation()?,
            source: fields.source,
            reason: fields.reason,
            rule: fields.rule,
            kept: fields.kept,
        })
    }
}

/// Every field any [`Source`] variant has, with its `kind`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceFields {
    kind: String,
    rule: String,
    service: Option<String>,
    form: Option<String>,
    port_index: Option<usize>,
    port_name: Option<String>,
    port: Option<i32>,
    protocol: Option<String>,
    #[serde(default)]
    master_service: bool,
    #[serde(default)]
    candidates: Vec<String>,
    #[serde(default)]
    candidate_values: Vec<String>,
    dns: Option<String>,
    index: Option<usize>,
    object_kind: Option<String>,
    object: Option<String>,
    key: Option<String>,
    prefix: Option<String>,
    raw: Option<String>,
    #[serde(default)]
    references: Vec<Reference>,
    field_path: Option<String>,
    container_name: Option<String>,
    resource: Option<String>,
    divisor: Option<String>,
    quantity: Option<String>,
    quantity_from: Option<String>,
    volume_name: Option<String>,
    path: Option<String>,
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        let f = SourceFields::deserialize(deserializer)?;
        let rule = f.rule;
        let index = || required(f.index, "index");
        Ok(match f.kind.as_str() {
            "service" => Source::Service {
                rule,
                service: required(f.service, "service")?,
                form: required(f.form, "form")?,
                port_index: f.port_index,
                port_name: f.port_name,
                port: f.port,
                protocol: f.protocol,
                master_service: f.master_service,
                candidates: f.candidates,
                candidate_values: f.candidate_values,
                dns: f.dns,
            },
            "envFrom" => Source::EnvFrom {
                rule,
                index: index()?,
                object_kind: required(f.object_kind, "objectKind")?,
                object: required(f.object, "object")?,
                key: required(f.key, "key")?,
                prefix: f.prefix,
            },
            "env" => Source::Env {
                rule,
                index: index()?,
                raw: required(f.raw, "raw")?,
                references: f.references,
            },
            "fieldRef" => Source::FieldRef {
                rule,
                index: index()?,
                field_path: required(f.field_path, "fieldPath")?,
            },
            "resourceFieldRef" => Source::ResourceFieldRef {
                rule,
                index: index()?,
                container_name: required(f.container_name, "containerName")?,
                resource: required(f.resource, "resource")?,
                divisor: required(f.divisor, "divisor")?,
                quantity: required(f.quantity, "quantity")?,
                quantity_from: required(f.quantity_from, "quantityFrom")?,
            },
            "configMapKeyRef" => Source::ConfigMapKeyRef {
                rule,
                index: index()?,
                object: required(f.object, "object")?,
                key: required(f.key, "key")?,
            },
            "secretKeyRef" => Source::SecretKeyRef {
                rule,
                index: index()?,
                object: required(f.object, "object")?,
                key: required(f.key, "key")?,
            },
            "fileKeyRef" => Source::FileKeyRef {
                rule,
                index: index()?,
                volume_name: required(f.volume_name, "volumeName")?,
                path: required(f.path, "path")?,
                key: required(f.key, "key")?,
            },
            other => {
                return Err(serde::de::Error::unknown_variant(
                    other,
                    &[
                        "service",
                        "envFrom",
                        "env",
                        "fieldRef",
                        "resourceFieldRef",
                        "configMapKeyRef",
                        "secretKeyRef",
                        "fileKeyRef",
                    ],
                ))
            }
        })
    }
}

/// Where a variable came from. Serialised with a `kind` tag and the spec rule id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Source {
    /// A Service link variable (spec S3-S5, V2).
    #[serde(rename_all = "camelCase")]
    Service {
        rule: String,
        /// `namespace/name` of the Service.
        service: String,
        /// Which of the link forms, e.g. `SERVICE_HOST`, `SERVICE_PORT`, `SERVICE_PORT_<NAME>`,
        /// `PORT`, `PORT_<port>_<PROTO>`, `PORT_<port>_<PROTO>_PROTO`, `_PORT`, `_ADDR`.
        form: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port_index: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        protocol: Option<String>,
        /// True when this is the `kubernetes` master service from `default` (spec V2).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        master_service: bool,
        /// Every Service that yields this name, when more than one does (spec V3).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        candidates: Vec<String>,
        /// The value each of `candidates` yields, in the same order.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        candidate_values: Vec<String>,
        /// The DNS name that replaces this variable (spec D2, D3): the Service's A/AAAA name
        /// for `SERVICE_HOST` and `_ADDR`, the SRV name for the port number of a named port,
        /// `proto://name:port` for the `PORT` URL forms.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns: Option<String>,
    },
    /// A key of a ConfigMap or Secret pulled in by `envFrom` (spec E3).
    #[serde(rename_all = "camelCase")]
    EnvFrom {
        rule: String,
        /// Index in `envFrom`.
        index: usize,
        /// `configMap` or `secret`.
        object_kind: String,
        /// `namespace/name`.
        object: String,
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
    },
    /// An `env` entry with a literal `value` (after `$(VAR)` expansion, spec E4, X1-X3) or no value.
    #[serde(rename_all = "camelCase")]
    Env {
        rule: String,
        index: usize,
        /// The value as written in the manifest.
        raw: String,
        /// References met while expanding, in order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        references: Vec<Reference>,
    },
    /// `valueFrom.fieldRef` (spec F1-F3a).
    #[serde(rename_all = "camelCase")]
    FieldRef {
        rule: String,
        index: usize,
        field_path: String,
    },
    /// `valueFrom.resourceFieldRef` (spec R1-R5).
    #[serde(rename_all = "camelCase")]
    ResourceFieldRef {
        rule: String,
        index: usize,
        /// The container whose resources were read.
        container_name: String,
        resource: String,
        divisor: String,
        /// The quantity used before division.
        quantity: String,
        /// Where the quantity came from: `container`, `nodeAllocatable`, `podLimits`, `unset`.
        quantity_from: String,
    },
    /// `valueFrom.configMapKeyRef` (spec E6).
    #[serde(rename_all = "camelCase")]
    ConfigMapKeyRef {
        rule: String,
        index: usize,
        object: String,
        key: String,
    },
    /// `valueFrom.secretKeyRef` (spec E7).
    #[serde(rename_all = "camelCase")]
    SecretKeyRef {
        rule: String,
        index: usize,
        object: String,
        key: String,
    },
    /// `valueFrom.fileKeyRef` (spec E8).
    #[serde(rename_all = "camelCase")]
    FileKeyRef {
        rule: String,
        index: usize,
        volume_name: String,
        path: String,
        key: String,
    },
}

impl Source {
    /// The spec rule id this source follows.
    pub fn rule(&self) -> &str {
        match self {
            Source::Service { rule, .. }
            | Source::EnvFrom { rule, .. }
            | Source::Env { rule, .. }
            | Source::FieldRef { rule, .. }
            | Source::ResourceFieldRef { rule, .. }
            | Source::ConfigMapKeyRef { rule, .. }
            | Source::SecretKeyRef { rule, .. }
            | Source::FileKeyRef { rule, .. } => rule,
        }
    }

    /// Short origin label used by tables and badges.
    pub fn origin(&self) -> &'static str {
        match self {
            Source::Service { .. } => "service",
            Source::EnvFrom { .. } => "envFrom",
            Source::Env { .. } => "env",
            Source::FieldRef { .. } => "fieldRef",
            Source::ResourceFieldRef { .. } => "resourceFieldRef",
            Source::ConfigMapKeyRef { .. } => "configMapKeyRef",
            Source::SecretKeyRef { .. } => "secretKeyRef",
            Source::FileKeyRef { .. } => "fileKeyRef",
        }
    }
}

/// The kind as Kubernetes writes it (`ConfigMap`, `Secret`) for an `object_kind` as
/// [`Source::EnvFrom`] and `Cluster::is_assumed` write it (`configMap`, `secret`).
pub fn object_title(object_kind: &str) -> &'static str {
    if object_kind == "configMap" {
        "ConfigMap"
    } else {
        "Secret"
    }
}

/// A `$(NAME)` met while expanding a value: one per distinct name, in order of first use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub name: String,
    /// Where the referenced value came from: `env`, `envFrom`, `service`, ... or `unresolved`
    /// when the reference was left literal (spec X2, X3).
    pub resolved_from: String,
    /// How many times the name occurs in the value (absent when once).
    #[serde(skip_serializing_if = "is_one")]
    pub count: usize,
    /// What the name expanded to at that moment (absent when unresolved). At most
    /// `crate::limits::MAX_REFERENCE_VALUE` bytes are kept, with `truncation` past that.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    /// The definition that supplied the value at that moment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defined_by: Option<Definition>,
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// A short pointer to the definition of a name: enough to find it in the trace or the
/// manifest without repeating its whole provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Definition {
    /// As [`Source::origin`]: `env`, `envFrom`, `service`, `fieldRef`, ...
    pub origin: String,
    pub rule: String,
    /// The `env` or `envFrom` index, for those origins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// `namespace/name` of the ConfigMap, Secret or Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The ConfigMap or Secret key, or the Service variable's form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Definition {
    /// One line: `env[0]`, `envFrom[1] shop/web-config LOG_LEVEL` (the CLI's trace and the
    /// walk-through page both show it; a terminal escapes it).
    pub fn summary(&self) -> String {
        let mut text = self.origin.clone();
        if let Some(i) = self.index {
            text.push_str(&format!("[{i}]"));
        }
        for part in [&self.object, &self.key].into_iter().flatten() {
            text.push(' ');
            text.push_str(part);
        }
        text
    }

    pub fn of(source: &Source) -> Definition {
        let (index, object, key) = match source {
            Source::Service { service, form, .. } => {
                (None, Some(service.clone()), Some(form.clone()))
            }
            Source::EnvFrom {
                index, object, key, ..
            } => (Some(*index), Some(object.clone()), Some(key.clone())),
            Source::ConfigMapKeyRef {
                index, object, key, ..
            }
            | Source::SecretKeyRef {
                index, object, key, ..
            } => (Some(*index), Some(object.clone()), Some(key.clone())),
            Source::Env { index, .. }
            | Source::FieldRef { index, .. }
            | Source::ResourceFieldRef { index, .. } => (Some(*index), None, None),
            Source::FileKeyRef {
                index,
                volume_name,
                path,
                key,
                ..
            } => (
                Some(*index),
                Some(format!("{volume_name}/{path}")),
                Some(key.clone()),
            ),
        };
        Definition {
            origin: source.origin().into(),
            rule: source.rule().into(),
            index,
            object,
            key,
        }
    }
}

/// The kind of a DNS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DnsRecordType {
    A,
    AAAA,
    SRV,
    PTR,
    CNAME,
    TXT,
}

impl DnsRecordType {
    pub fn as_str(self) -> &'static str {
        match self {
            DnsRecordType::A => "A",
            DnsRecordType::AAAA => "AAAA",
            DnsRecordType::SRV => "SRV",
            DnsRecordType::PTR => "PTR",
            DnsRecordType::CNAME => "CNAME",
            DnsRecordType::TXT => "TXT",
        }
    }
}

/// One record a spec-compliant cluster DNS serves (spec D1-D9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    /// Owner name, fully qualified with the trailing dot, e.g. `web.shop.svc.cluster.local.`.
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: DnsRecordType,
    /// The answer: an IP (A/AAAA), a name with trailing dot (PTR/CNAME), `port target` (SRV)
    /// or the quoted text (TXT).
    pub data: String,
    /// SRV only: the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// SRV only: the target name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `namespace/name` of the Service the record belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// `namespace/name` of the pod behind the record (pod A records, endpoints from pods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    /// True when the endpoints were derived from pasted pods whose labels match the
    /// Service's selector, because no EndpointSlice or Endpoints was pasted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
    /// Spec rule id (D1-D9).
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An event the kubelet records while forming a pod's DNS (e.g. `DNSConfigForming`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsEvent {
    /// Event reason, e.g. `DNSConfigForming`, `MissingClusterDNS`.
    pub reason: String,
    pub message: String,
    /// Spec rule id.
    pub rule: String,
}

/// The resolver configuration the kubelet hands to the runtime (spec C1-C8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvConf {
    /// The base the kubelet starts from (spec C2): `cluster`, `host` or `none`.
    pub base: String,
    pub searches: Vec<String>,
    pub nameservers: Vec<String>,
    pub options: Vec<String>,
    /// True when Go map order decides the order of `options` (a `dnsConfig` is present, C5);
    /// `options` then shows one possible order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub options_nondeterministic: bool,
    /// The file as the runtime writes it (C7): `search`, then `nameserver` lines, then `options`.
    pub text: String,
    /// Warning events (`DNSConfigForming`, `MissingClusterDNS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<DnsEvent>,
    /// The kubelet's error when it cannot form the config (the node file does not parse, C1);
    /// the pod sandbox is then not created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One service variable next to the DNS name that replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLinkDns {
    pub variable: String,
    pub value: String,
    /// `namespace/name` of the Service.
    pub service: String,
    /// The link form, as in [`Source::Service`].
    pub form: String,
    /// The DNS equivalent; absent when there is none (the protocol of an unnamed port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<String>,
}

/// Why a Service reachable by DNS yields no variables in the pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnlinkedReason {
    /// Only Services of the pod's own namespace yield variables (V2).
    OtherNamespace,
    /// No cluster IP: no variables (S1).
    Headless,
    /// No cluster IP: no variables (S1).
    ExternalName,
    /// `enableServiceLinks: false` (V2).
    ServiceLinksDisabled,
    /// The kubelet has no synced Service informer (V1, V5).
    ServicesNotSynced,
}

/// A Service the pod reaches by DNS although it gets no variables for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachableService {
    /// `namespace/name`.
    pub service: String,
    /// The Service's name without the trailing dot, e.g. `db.data.svc.cluster.local`.
    pub dns_name: String,
    pub reason: UnlinkedReason,
    /// True when the name answers NXDOMAIN (a headless Service without ready endpoints,
    /// spec D5): the cluster DNS knows the Service, but the pod cannot reach it by name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nxdomain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A pod's DNS view: resolv.conf, hostname, /etc/hosts and the env<->DNS mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodDns {
    /// `spec.dnsPolicy` after defaulting.
    pub dns_policy: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub host_network: bool,
    /// The kubelet's `clusterDomain`.
    pub cluster_domain: String,
    /// True when one of the pod's nameservers is a kubelet `clusterDNS` address, i.e. the
    /// cluster DNS answers the pod's queries.
    pub uses_cluster_dns: bool,
    pub resolv_conf: ResolvConf,
    /// The pod's hostname (spec N1).
    pub hostname: String,
    /// `subdomain.namespace.svc.<clusterDomain>`, when `spec.subdomain` is set (N2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub domain: String,
    /// `hostname.domain`, or the hostname when there is no domain.
    pub fqdn: String,
    /// The hostname the container's kernel reports (N3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel_hostname: Option<String>,
    /// Why the kubelet cannot set the kernel hostname (N1, N3); the sandbox then fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel_hostname_error: Option<String>,
    /// The `FailedCreatePodSandBox` event when the pod sandbox cannot be created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_error: Option<String>,
    /// The IPs used for the pod's DNS names and /etc/hosts.
    pub pod_ips: Vec<String>,
    /// The kubelet-managed /etc/hosts (N4); absent when the pod has no IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts_file: Option<String>,
    /// Every service variable of the pod next to its DNS name.
    pub service_links: Vec<ServiceLinkDns>,
    /// Services reachable by DNS that yield no variables, with the reason.
    pub reachable_without_variables: Vec<ReachableService>,
    /// Remarks, e.g. a subdomain without a matching headless Service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Which stub resolver a walk models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Resolver {
    /// glibc and Go's pure resolver (spec W1-W3).
    Glibc,
    /// musl (Alpine), spec W4.
    Musl,
}

/// What the cluster DNS says to one query of a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QueryOutcome {
    /// The records answer the name (A, AAAA or CNAME).
    Answer,
    /// The name exists (e.g. an SRV owner) but has no address: the resolver moves on.
    NoData,
    /// Inside the cluster domain and not served: the resolver moves on.
    NxDomain,
    /// Outside the cluster domain: forwarded upstream, not answered by cluster DNS.
    External,
}

/// One query a resolver sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalkQuery {
    /// Fully qualified, with the trailing dot.
    pub name: String,
    pub outcome: QueryOutcome,
    /// `TYPE data` for each answering record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
}

/// The queries a pod's resolver sends for a name the user types (spec W1-W5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolverWalk {
    /// The name as typed.
    pub name: String,
    pub resolver: Resolver,
    pub ndots: u32,
    pub queries: Vec<WalkQuery>,
    /// Index in `queries` of the query that answers: the first `answer`, else the name
    /// itself when it is external (upstream answers if the name exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<usize>,
    /// Queries sent before the answering one (all of them when none answers).
    pub wasted_lookups: usize,
    /// True when the name is an IP address: the stub resolver returns it as it is and
    /// sends no query (`queries` is empty).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub literal: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One typed name walked by both resolvers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NameWalk {
    pub name: String,
    /// glibc and Go's resolver (W1-W3).
    pub glibc: ResolverWalk,
    /// musl (W4).
    pub musl: ResolverWalk,
    /// True when musl sends different queries.
    pub musl_differs: bool,
}

/// One pod in the `podenv dns` result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodDnsReport {
    pub namespace: String,
    pub name: String,
    pub generated_name: bool,
    pub source: ObjectRef,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rejected: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<PodDns>,
    /// One per `--resolve` name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub walks: Vec<NameWalk>,
}

/// `podenv dns --output json`: the records, each pod's DNS view and the resolver walks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsReport {
    pub schema_version: u32,
    pub kubernetes_version: String,
    pub records: Vec<DnsRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub pods: Vec<PodDnsReport>,
    pub diagnostics: Vec<Diagnostic>,
}
