//! The trace: one container's walk along the kubelet's code path, step by step, with the
//! live values of the input. It is recorded by the same functions that compute the
//! environment (`env`, `envvars`), and only when the analysis is asked for it
//! (`AnalyzeOptions::trace`), so `podenv env` pays nothing for it.
//!
//! The step ids and their order are part of the stable JSON schema (`docs/json-schema.md`):
//! `cri`, `generateContainerConfig`, `GenerateRunContainerOptions`, `getServiceEnvVarMap`,
//! `FromServices`, `envFrom`, `env`, `merge`, `commandArgs`, `dns`. The order reads from
//! what the runtime receives down to where the service variables are made, then the
//! phases of `makeEnvironmentVariables` in the order they run.

use serde::de::{Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::{
    ErrorSite, ExpandedArg, Reference, ServiceLinkDns, Shadowed, Skipped, Source, Truncation, Value,
};

/// The step ids, in trace order.
pub const STEP_IDS: [&str; 10] = [
    "cri",
    "generateContainerConfig",
    "GenerateRunContainerOptions",
    "getServiceEnvVarMap",
    "FromServices",
    "envFrom",
    "env",
    "merge",
    "commandArgs",
    "dns",
];

/// Where a step lives upstream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepUpstream {
    /// `owner/name` of the repository.
    pub repository: String,
    pub file: String,
    pub function: String,
    /// The tag or commit the line range is read at.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// First and last line of the function (or message, for the CRI API) at `ref`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<[u32; 2]>,
    /// The link, with a `#Lx-Ly` anchor when the lines are known.
    pub url: String,
    /// Further places of the same step (for `dns`: the kubelet's comment advising DNS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<StepUpstream>,
}

impl StepUpstream {
    /// The ref as people read it, as [`crate::rules::Upstream::short_ref`] does: a tag as
    /// is, a commit cut to 12 characters.
    pub fn short_ref(&self) -> &str {
        let commit =
            self.git_ref.len() == 40 && self.git_ref.bytes().all(|b| b.is_ascii_hexdigit());
        if commit {
            &self.git_ref[..12]
        } else {
            &self.git_ref
        }
    }
}

/// One step of the walk. Serialised with its `id` as the tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "id")]
pub enum Step {
    #[serde(rename = "cri")]
    Cri(CriStep),
    #[serde(rename = "generateContainerConfig")]
    GenerateContainerConfig(GenerateContainerConfigStep),
    #[serde(rename = "GenerateRunContainerOptions")]
    GenerateRunContainerOptions(RunOptionsStep),
    #[serde(rename = "getServiceEnvVarMap")]
    GetServiceEnvVarMap(ServiceMapStep),
    #[serde(rename = "FromServices")]
    FromServices(FromServicesStep),
    #[serde(rename = "envFrom")]
    EnvFrom(EnvFromStep),
    #[serde(rename = "env")]
    Env(EnvStep),
    #[serde(rename = "merge")]
    Merge(MergeStep),
    #[serde(rename = "commandArgs")]
    CommandArgs(CommandArgsStep),
    #[serde(rename = "dns")]
    Dns(DnsStep),
}

impl Step {
    pub fn id(&self) -> &'static str {
        match self {
            Step::Cri(_) => "cri",
            Step::GenerateContainerConfig(_) => "generateContainerConfig",
            Step::GenerateRunContainerOptions(_) => "GenerateRunContainerOptions",
            Step::GetServiceEnvVarMap(_) => "getServiceEnvVarMap",
            Step::FromServices(_) => "FromServices",
            Step::EnvFrom(_) => "envFrom",
            Step::Env(_) => "env",
            Step::Merge(_) => "merge",
            Step::CommandArgs(_) => "commandArgs",
            Step::Dns(_) => "dns",
        }
    }

    pub fn upstream(&self) -> &StepUpstream {
        match self {
            Step::Cri(s) => &s.upstream,
            Step::GenerateContainerConfig(s) => &s.upstream,
            Step::GenerateRunContainerOptions(s) => &s.upstream,
            Step::GetServiceEnvVarMap(s) => &s.upstream,
            Step::FromServices(s) => &s.upstream,
            Step::EnvFrom(s) => &s.upstream,
            Step::Env(s) => &s.upstream,
            Step::Merge(s) => &s.upstream,
            Step::CommandArgs(s) => &s.upstream,
            Step::Dns(s) => &s.upstream,
        }
    }
}

// Reading a trace back (the explorer's worker sends it to the walk-through page). As in
// `model`, serde's derives for an internally tagged enum and for flattened fields buffer
// every field in a generic tree; these readers avoid that. A step's `id` is the first field
// `Serialize` writes, so the reader takes it first and hands the rest of the object to the
// step's own struct.

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Step, D::Error> {
        struct StepVisitor;
        impl<'de> Visitor<'de> for StepVisitor {
            type Value = Step;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a trace step, an object whose first field is `id`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
                if map.next_key::<std::borrow::Cow<str>>()?.as_deref() != Some("id") {
                    return Err(A::Error::custom("a trace step's first field must be `id`"));
                }
                let id: std::borrow::Cow<str> = map.next_value()?;
                let rest = serde::de::value::MapAccessDeserializer::new(map);
                Ok(match id.as_ref() {
                    "cri" => Step::Cri(CriStep::deserialize(rest)?),
                    "generateContainerConfig" => Step::GenerateContainerConfig(
                        GenerateContainerConfigStep::deserialize(rest)?,
                    ),
                    "GenerateRunContainerOptions" => {
                        Step::GenerateRunContainerOptions(RunOptionsStep::deserialize(rest)?)
                    }
                    "getServiceEnvVarMap" => {
                        Step::GetServiceEnvVarMap(ServiceMapStep::deserialize(rest)?)
                    }
                    "FromServices" => Step::FromServices(FromServicesStep::deserialize(rest)?),
                    "envFrom" => Step::EnvFrom(EnvFromStep::deserialize(rest)?),
                    "env" => Step::Env(EnvStep::deserialize(rest)?),
                    "merge" => Step::Merge(MergeStep::deserialize(rest)?),
                    "commandArgs" => Step::CommandArgs(CommandArgsStep::deserialize(rest)?),
                    "dns" => Step::Dns(DnsStep::deserialize(rest)?),
                    other => return Err(A::Error::unknown_variant(other, &STEP_IDS)),
                })
            }
        }
        deserializer.deserialize_map(StepVisitor)
    }
}

crate::model::with_value_fields!(FinalVarFields {
    name: String,
    origin: String,
    rule: String,
});

impl<'de> Deserialize<'de> for FinalVar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FinalVar, D::Error> {
        let mut fields = FinalVarFields::deserialize(deserializer)?;
        let mut value = fields.value_fields();
        Ok(FinalVar {
            name: fields.name,
            value: value.value()?,
            truncation: value.truncation()?,
            origin: fields.origin,
            rule: fields.rule,
        })
    }
}

crate::model::with_value_fields!(EnvFromKeyFields {
    key: String,
    name: String,
    replaced: Option<Box<Shadowed>>,
});

impl<'de> Deserialize<'de> for EnvFromKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EnvFromKey, D::Error> {
        let mut fields = EnvFromKeyFields::deserialize(deserializer)?;
        Ok(EnvFromKey {
            value: fields.value_fields().value()?,
            key: fields.key,
            name: fields.name,
            replaced: fields.replaced,
        })
    }
}

/// `cri`: what the container runtime receives (CRI `ContainerConfig.envs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriStep {
    pub upstream: StepUpstream,
    /// False when the kubelet never creates the container (CreateContainerConfigError, or
    /// a pod sandbox that cannot be created: see `sandbox_error`).
    pub created: bool,
    /// The pod's `FailedCreatePodSandBox` event, when its sandbox cannot be created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_error: Option<String>,
    /// The list handed over, sorted by name (the real order is Go map order, spec O2).
    pub envs: Vec<FinalVar>,
    /// What the runtime itself adds or layers under the list (spec O4).
    pub runtime_adds: Vec<RuntimeVar>,
}

/// One variable of the final list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalVar {
    pub name: String,
    #[serde(flatten)]
    pub value: Value,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    /// As [`Source::origin`].
    pub origin: String,
    pub rule: String,
}

/// A variable the runtime adds beside the kubelet's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeVar {
    pub name: String,
    /// The value, when podenv knows it (the pod's hostname for `HOSTNAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Who adds it, e.g. `containerd (CRI plugin)`.
    pub by: String,
    /// False when the kubelet's list sets the same name, which then wins.
    pub applies: bool,
    pub rule: String,
}

/// `generateContainerConfig`: kuberuntime copies the options into the CRI config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateContainerConfigStep {
    pub upstream: StepUpstream,
    /// Variables copied, one to one and unsorted.
    pub copied: usize,
    /// Variables from device plugins or DRA, which come first; podenv models none (spec O1).
    pub device_plugin_envs: usize,
    /// Set when the container fails: the kubelet's message and reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GenerateRunContainerOptions`: the environment joins the other run options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunOptionsStep {
    pub upstream: StepUpstream,
    /// Where a failure happened, if one did (CreateContainerConfigError, spec ERR1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_at: Option<ErrorSite>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_rule: Option<String>,
    /// Each `subPathExpr` expanded against the final list (spec X5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_path_exprs: Vec<SubPathExpr>,
}

/// One `volumeMounts[i].subPathExpr` and what it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubPathExpr {
    pub index: usize,
    pub expr: String,
    /// The sub-path, when the expansion succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// `getServiceEnvVarMap`: every Service considered, used or skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceMapStep {
    pub upstream: StepUpstream,
    /// `synced`, `none` (no API server, V1) or `unsynced` (V5).
    pub lister: String,
    pub enable_service_links: bool,
    pub namespace: String,
    /// Every Service in input order.
    pub services: Vec<ServiceDecision>,
    /// The Services whose variables are made, `namespace/name`, in input order.
    pub map: Vec<String>,
}

/// Why one Service is or is not in the service map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDecision {
    /// `namespace/name`.
    pub service: String,
    pub used: bool,
    /// `pod-namespace`, `master-service`, `other-namespace`, `headless`, `external-name`,
    /// `no-cluster-ip`, `service-links-disabled`, `master-replaced` (a `kubernetes` Service
    /// of the pod's namespace takes the name), `replaced` (a later duplicate takes it),
    /// `no-service-lister`, `services-not-synced`.
    pub reason: String,
    pub rule: String,
}

/// `FromServices`: the variables each Service of the map makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FromServicesStep {
    pub upstream: StepUpstream,
    pub groups: Vec<ServiceGroup>,
    /// Names two Services both make, with each candidate's value (spec V3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collisions: Vec<Collision>,
}

/// The variables of one Service, in the order the kubelet makes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceGroup {
    pub service: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub master_service: bool,
    pub cluster_ip: String,
    pub variables: Vec<ServiceVariable>,
}

/// One variable a Service makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceVariable {
    pub name: String,
    pub value: String,
    pub form: String,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_index: Option<usize>,
}

/// A name made by more than one Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collision {
    pub name: String,
    pub candidates: Vec<Candidate>,
    /// True when the candidates' values differ, so Go map order decides.
    pub nondeterministic: bool,
}

/// One Service's value for a colliding name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub service: String,
    pub value: String,
}

/// `envFrom`: each source in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvFromStep {
    pub upstream: StepUpstream,
    pub sources: Vec<EnvFromTrace>,
}

/// One `envFrom` source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvFromTrace {
    pub index: usize,
    /// `configMap` or `secret`.
    pub object_kind: String,
    /// `namespace/name`.
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    pub optional: bool,
    /// `added`, `optional-missing` (adds nothing), `assumed` (not in the input, assumed to
    /// exist: keys unknown, rule A11), `missing` (the container fails).
    pub outcome: String,
    pub rule: String,
    /// Every key added, in key order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<EnvFromKey>,
    /// Keys dropped as invalid names (Kubernetes before 1.30, spec ERR4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_keys: Vec<String>,
}

/// One key an `envFrom` source adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvFromKey {
    pub key: String,
    /// The variable name (prefix + key).
    pub name: String,
    #[serde(flatten)]
    pub value: Value,
    /// The earlier definition this key replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<Box<Shadowed>>,
}

/// `env`: each entry in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvStep {
    pub upstream: StepUpstream,
    pub entries: Vec<EnvEntryTrace>,
}

/// One `env` entry: as written, how it resolved, what it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvEntryTrace {
    pub index: usize,
    pub name: String,
    /// `value` as written (absent when the entry has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// The `valueFrom` kind: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`,
    /// `secretKeyRef`, `fileKeyRef`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_from: Option<String>,
    /// `set`, `skipped` (an optional miss, the name keeps what it had) or `failed`.
    pub outcome: String,
    /// How the value was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Each distinct `$(NAME)` with its value and definition at that moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// The result (for `set`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncation: Option<Truncation>,
    /// The earlier definition of the name this entry replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<Box<Shadowed>>,
    /// For `skipped`: what missed, recorded on the value left in place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Skipped>,
    /// For `failed`: the kubelet's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `merge`: the user's variables, then service variables for names not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeStep {
    pub upstream: StepUpstream,
    /// Names set by `envFrom`/`env` (tmpEnv), in name order.
    pub from_user: Vec<String>,
    /// Service variables added, in name order.
    pub added: Vec<String>,
    /// Service variables dropped because the user set the name (spec O2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
}

/// A service variable a user variable suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppressed {
    pub name: String,
    /// `namespace/name` of the Service.
    pub service: String,
    /// The user definition that won, as [`Source::origin`] plus its index.
    pub by: String,
}

/// `commandArgs`: `command` and `args` expanded against the final list (spec X4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandArgsStep {
    pub upstream: StepUpstream,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<ExpandedArg>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<ExpandedArg>>,
}

/// `dns`: the pod's resolver and the DNS name that replaces each service variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsStep {
    pub upstream: StepUpstream,
    pub dns_policy: String,
    /// The pod's resolv.conf as the runtime writes it.
    pub resolv_conf: String,
    /// The service variables this container has, each with its DNS name.
    pub links: Vec<ServiceLinkDns>,
    /// Bytes the service variables take in the environment (NAME=value and NUL each).
    pub service_env_bytes: u64,
    /// Why DNS is the better way, each a stable code: `start-order`, `stale-after-recreate`,
    /// `namespace-scope`, `environment-size`.
    pub reasons: Vec<String>,
}

/// The place of each step upstream, from the rule catalogue (`crate::rules::step`): the
/// first place is the step's own; further ones (the DNS advice comment) are in `more`.
pub fn upstream(id: &str) -> StepUpstream {
    let places = crate::rules::step(id)
        .map(|s| s.upstream)
        .unwrap_or_default();
    let one = |u: &crate::rules::Upstream| StepUpstream {
        repository: u.repository.into(),
        file: u.file.into(),
        function: u.function.into(),
        git_ref: u.git_ref.into(),
        lines: Some([u.lines.0, u.lines.1]),
        url: u.url(),
        more: Vec::new(),
    };
    match places.split_first() {
        Some((first, rest)) => {
            let mut up = one(first);
            up.more = rest.iter().map(one).collect();
            up
        }
        None => StepUpstream {
            repository: "kubernetes/kubernetes".into(),
            file: String::new(),
            function: id.into(),
            git_ref: crate::UPSTREAM_REF.into(),
            lines: None,
            url: format!(
                "https://github.com/kubernetes/kubernetes/tree/{}",
                crate::UPSTREAM_REF
            ),
            more: Vec::new(),
        },
    }
}

/// The pod-level parts of a trace: the service map's decisions and what each Service of
/// the map makes; shared by the pod's containers.
pub(crate) struct PodPart {
    pub service_map: ServiceMapStep,
    pub from_services: FromServicesStep,
}

/// Builds the pod-level parts (spec V1-V5, S1-S10): the decisions `envvars::service_env`
/// recorded, and `FromServices` of each Service it kept.
pub(crate) fn pod_part(
    services: &[crate::cluster::ServiceInfo],
    service_env: &crate::envvars::ServiceEnv,
    decisions: Vec<ServiceDecision>,
    lister: crate::context::ServiceLister,
    enable_service_links: bool,
    namespace: &str,
) -> PodPart {
    use crate::context::ServiceLister;
    let lister_word = match lister {
        ServiceLister::Synced => "synced",
        ServiceLister::None => "none",
        ServiceLister::Unsynced => "unsynced",
    };
    let decisions = if lister == ServiceLister::Synced {
        decisions
    } else {
        let (reason, rule) = match lister {
            ServiceLister::None => ("no-service-lister", "V1"),
            _ => ("services-not-synced", "V5"),
        };
        services
            .iter()
            .map(|s| ServiceDecision {
                service: s.key(),
                used: false,
                reason: reason.into(),
                rule: rule.into(),
            })
            .collect()
    };
    let mut groups = Vec::new();
    for (service, decision) in services.iter().zip(&decisions) {
        if !decision.used {
            continue;
        }
        let master = decision.reason == "master-service";
        let variables = crate::envvars::from_service(service, master)
            .into_iter()
            .map(|v| {
                let (form, rule, port_index) = match &v.source {
                    Source::Service {
                        form,
                        rule,
                        port_index,
                        ..
                    } => (form.clone(), rule.clone(), *port_index),
                    other => (String::new(), other.rule().to_string(), None),
                };
                ServiceVariable {
                    name: v.name,
                    value: v.value,
                    form,
                    rule,
                    port_index,
                }
            })
            .collect();
        groups.push(ServiceGroup {
            service: service.key(),
            master_service: master,
            cluster_ip: service.cluster_ip.clone(),
            variables,
        });
    }
    let collisions = service_env
        .entries
        .iter()
        .filter(|(_, e)| e.candidates.len() > 1)
        .map(|(name, e)| Collision {
            name: name.clone(),
            nondeterministic: e.distinct_values().len() > 1,
            candidates: e
                .candidates
                .iter()
                .map(|c| Candidate {
                    service: match &c.source {
                        Source::Service { service, .. } => service.clone(),
                        _ => String::new(),
                    },
                    value: c.value.clone(),
                })
                .collect(),
        })
        .collect();
    PodPart {
        service_map: ServiceMapStep {
            upstream: upstream("getServiceEnvVarMap"),
            lister: lister_word.into(),
            enable_service_links,
            namespace: namespace.into(),
            services: decisions,
            map: service_env.services.clone(),
        },
        from_services: FromServicesStep {
            upstream: upstream("FromServices"),
            groups,
            collisions,
        },
    }
}

/// The reasons a [`ServiceDecision`] can give, each explained in the rule catalogue
/// (`crate::rules::reason`).
pub const SERVICE_REASONS: [&str; 11] = [
    "pod-namespace",
    "master-service",
    "other-namespace",
    "service-links-disabled",
    "headless",
    "external-name",
    "no-cluster-ip",
    "master-replaced",
    "replaced",
    "no-service-lister",
    "services-not-synced",
];

/// The reasons to prefer DNS, as the `dns` step lists them.
pub const DNS_REASONS: [&str; 4] = [
    "start-order",
    "stale-after-recreate",
    "namespace-scope",
    "environment-size",
];

/// Puts one container's steps in trace order, from what it computed
/// (`env::compute_container`), the pod's part and the pod's DNS.
pub(crate) fn assemble(
    container: &crate::model::ContainerEnv,
    recorded: crate::env::Recorded,
    pod: &PodPart,
    dns: Option<&crate::model::PodDns>,
) -> Vec<Step> {
    let failed_step = container.error_at.as_ref().map(|e| e.step.as_str());
    let reached = |id: &str| -> bool {
        let Some(failed) = failed_step else {
            return true;
        };
        let order = |s: &str| STEP_IDS.iter().position(|x| *x == s).unwrap_or(0);
        // The run options step wraps everything from the service map to `merge`; a
        // failure there (a subPathExpr) comes after `merge`.
        let failed_at = if failed == "GenerateRunContainerOptions" {
            order("merge")
        } else {
            order(failed)
        };
        order(id) <= failed_at
    };
    let env = container.env.as_deref().unwrap_or_default();
    let mut steps = Vec::new();
    let has_hostname = env.iter().any(|v| v.name == "HOSTNAME");
    let hostname = dns.map(|d| {
        d.kernel_hostname
            .clone()
            .unwrap_or_else(|| d.hostname.clone())
    });
    steps.push(Step::Cri(CriStep {
        upstream: upstream("cri"),
        created: container.error.is_none() && dns.is_none_or(|d| d.sandbox_error.is_none()),
        envs: env
            .iter()
            .map(|v| FinalVar {
                name: v.name.clone(),
                value: v.value.clone(),
                truncation: v.truncation,
                origin: v.source.origin().into(),
                rule: v.source.rule().into(),
            })
            .collect(),
        sandbox_error: dns.and_then(|d| d.sandbox_error.clone()),
        runtime_adds: vec![RuntimeVar {
            name: "HOSTNAME".into(),
            value: hostname,
            by: "containerd's CRI plugin".into(),
            applies: !has_hostname,
            rule: "O4".into(),
        }],
    }));
    steps.push(Step::GenerateContainerConfig(GenerateContainerConfigStep {
        upstream: upstream("generateContainerConfig"),
        copied: env.len(),
        device_plugin_envs: 0,
        error: container.error.clone(),
        reason: container.reason.clone(),
    }));
    steps.push(Step::GenerateRunContainerOptions(RunOptionsStep {
        upstream: upstream("GenerateRunContainerOptions"),
        error_at: container.error_at.clone(),
        error: container.error.clone(),
        error_rule: container.error_rule.clone(),
        sub_path_exprs: recorded.sub_paths,
    }));
    steps.push(Step::GetServiceEnvVarMap(pod.service_map.clone()));
    if reached("FromServices") {
        steps.push(Step::FromServices(pod.from_services.clone()));
    }
    if reached("envFrom") {
        steps.push(Step::EnvFrom(EnvFromStep {
            upstream: upstream("envFrom"),
            sources: recorded.env_from,
        }));
    }
    if reached("env") {
        steps.push(Step::Env(EnvStep {
            upstream: upstream("env"),
            entries: recorded.env,
        }));
    }
    if let Some(merge) = recorded.merge {
        steps.push(Step::Merge(merge));
    }
    if container.error.is_none() {
        steps.push(Step::CommandArgs(CommandArgsStep {
            upstream: upstream("commandArgs"),
            command: container.command.clone(),
            args: container.args.clone(),
        }));
    }
    if let Some(dns) = dns {
        let service_names: std::collections::BTreeSet<&str> = env
            .iter()
            .filter(|v| matches!(v.source, Source::Service { .. }))
            .map(|v| v.name.as_str())
            .collect();
        let service_env_bytes = env
            .iter()
            .filter(|v| matches!(v.source, Source::Service { .. }))
            .map(|v| v.name.len() as u64 + 2 + v.value.known().map_or(0, |b| b.len() as u64))
            .sum();
        steps.push(Step::Dns(DnsStep {
            upstream: upstream("dns"),
            dns_policy: dns.dns_policy.clone(),
            resolv_conf: dns.resolv_conf.text.clone(),
            links: dns
                .service_links
                .iter()
                .filter(|l| service_names.contains(l.variable.as_str()))
                .cloned()
                .collect(),
            service_env_bytes,
            reasons: DNS_REASONS.iter().map(|r| r.to_string()).collect(),
        }));
    }
    steps
}

/// `podenv trace --output json`: each pod's containers with their steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceReport {
    pub schema_version: u32,
    pub kubernetes_version: String,
    pub pods: Vec<TracePod>,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// One pod of a [`TraceReport`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TracePod {
    pub namespace: String,
    pub name: String,
    pub source: crate::model::ObjectRef,
    pub containers: Vec<TraceContainer>,
}

/// One container of a [`TraceReport`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceContainer {
    pub name: String,
    pub kind: crate::model::ContainerKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_at: Option<ErrorSite>,
    pub steps: Vec<Step>,
}

/// The trace of an analysis made with `AnalyzeOptions { trace: true }`, keeping only the
/// containers named `container` when given (pods without one are left out).
pub fn report(analysis: crate::model::Analysis, container: Option<&str>) -> TraceReport {
    let pods = analysis
        .pods
        .into_iter()
        .filter_map(|pod| {
            let containers: Vec<TraceContainer> = pod
                .containers
                .into_iter()
                .filter(|c| container.is_none_or(|name| c.name == name))
                .map(|c| TraceContainer {
                    name: c.name,
                    kind: c.kind,
                    error: c.error,
                    reason: c.reason,
                    error_at: c.error_at,
                    steps: c.steps.unwrap_or_default(),
                })
                .collect();
            (!containers.is_empty() || container.is_none()).then_some(TracePod {
                namespace: pod.namespace,
                name: pod.name,
                source: pod.source,
                containers,
            })
        })
        .collect();
    TraceReport {
        schema_version: analysis.schema_version,
        kubernetes_version: analysis.kubernetes_version,
        pods,
        diagnostics: analysis.diagnostics,
    }
}
