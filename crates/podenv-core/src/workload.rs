//! Turning workloads into the pod their controller would create.
//!
//! Real controllers generate random name suffixes; podenv derives them from a hash of
//! the workload so the output is stable, and marks such names as generated.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, ObjectFieldSelector, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta as KubeMeta;

use crate::objects::{Object, Workload};

/// The pod a manifest stands for, before API-server defaulting.
#[derive(Debug, Clone)]
pub struct PodDraft {
    pub name: String,
    pub generated_name: bool,
    pub metadata: KubeMeta,
    pub spec: PodSpec,
    /// What the controller did, in plain words (shown as assumptions).
    pub notes: Vec<String>,
}

/// Alphabet Kubernetes uses for random name suffixes (no vowels, no confusable digits).
const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// 32-bit FNV-1a, the hash family controllers use for template hashes.
pub fn fnv1a32(data: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in data {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// A stable stand-in for a random suffix of `len` characters.
fn suffix(seed: &str, len: usize) -> String {
    let mut hash =
        fnv1a32(seed.as_bytes()) as u64 | ((fnv1a32(seed.as_bytes()).rotate_left(7) as u64) << 32);
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        let idx = (hash % SUFFIX_ALPHABET.len() as u64) as usize;
        out.push(SUFFIX_ALPHABET.get(idx).copied().unwrap_or(b'x') as char);
        hash /= SUFFIX_ALPHABET.len() as u64;
        if hash == 0 {
            hash = u64::from(fnv1a32(out.as_bytes())) + 1;
        }
    }
    out
}

/// A stable stand-in for a pod-template-hash (Deployments) or revision hash.
fn template_hash(seed: &str) -> String {
    suffix(&format!("template:{seed}"), 10)
}

/// A UUID-shaped, stable identifier derived from `seed`.
pub fn stable_uid(seed: &str) -> String {
    let a = fnv1a32(seed.as_bytes());
    let b = fnv1a32(format!("{seed}#1").as_bytes());
    let c = fnv1a32(format!("{seed}#2").as_bytes());
    let d = fnv1a32(format!("{seed}#3").as_bytes());
    format!(
        "{a:08x}-{:04x}-4{:03x}-{:04x}-{:04x}{c:08x}",
        b >> 16,
        b & 0x0fff,
        (d >> 16) & 0x3fff | 0x8000,
        d & 0xffff
    )
}

/// Builds the pod for a workload object, as its controller would: StatefulSet replica 0
/// with hostname and subdomain (`pkg/controller/statefulset/stateful_set_utils.go`
/// newStatefulSetPod, spec D7), Deployments through a ReplicaSet with `pod-template-hash`
/// (`pkg/controller/deployment`), DaemonSets, ReplicaSets, ReplicationControllers
/// (`pkg/controller/controller_utils.go` GetPodFromTemplate), Jobs and CronJobs
/// (`pkg/controller/job`, `pkg/controller/cronjob`).
pub fn pod_for(workload: &Object<Workload>) -> Option<PodDraft> {
    let meta = &workload.meta;
    let seed = format!("{}/{}/{}", meta.kind, meta.namespace, meta.name);
    let owner = meta.name.clone();
    let mut notes = Vec::new();
    let (template_meta, spec, name, generated, mut labels, mut annotations) = match &workload.object
    {
        Workload::Pod(pod) => {
            let spec = pod.spec.clone()?;
            return Some(PodDraft {
                name: owner,
                generated_name: false,
                metadata: pod.metadata.clone(),
                spec,
                notes,
            });
        }
        Workload::PodTemplate(t) => {
            let template = t.template.clone()?;
            let spec = template.spec?;
            notes.push(format!("pod named after the PodTemplate `{owner}`"));
            (
                template.metadata,
                spec,
                owner,
                false,
                BTreeMap::new(),
                BTreeMap::new(),
            )
        }
        Workload::Deployment(d) => {
            let template = d.spec.template.clone();
            let hash = template_hash(&seed);
            let name = format!("{owner}-{hash}-{}", suffix(&seed, 5));
            notes.push(format!(
                "the Deployment's ReplicaSet `{owner}-{hash}` creates pods named `{owner}-{hash}-<random>`; podenv shows one with a stand-in suffix and label pod-template-hash={hash}"
            ));
            let labels = BTreeMap::from([("pod-template-hash".to_string(), hash)]);
            (
                template.metadata,
                template.spec?,
                name,
                true,
                labels,
                BTreeMap::new(),
            )
        }
        Workload::ReplicaSet(rs) => {
            let template = rs.spec.template.clone()?;
            let name = format!("{owner}-{}", suffix(&seed, 5));
            notes.push(format!(
                "the ReplicaSet creates pods named `{owner}-<random>`"
            ));
            (
                template.metadata,
                template.spec?,
                name,
                true,
                BTreeMap::new(),
                BTreeMap::new(),
            )
        }
        Workload::ReplicationController(rc) => {
            let template = rc.spec.as_ref()?.template.clone()?;
            let name = format!("{owner}-{}", suffix(&seed, 5));
            notes.push(format!(
                "the ReplicationController creates pods named `{owner}-<random>`"
            ));
            (
                template.metadata,
                template.spec?,
                name,
                true,
                BTreeMap::new(),
                BTreeMap::new(),
            )
        }
        Workload::DaemonSet(ds) => {
            let template = ds.spec.template.clone();
            let name = format!("{owner}-{}", suffix(&seed, 5));
            notes.push(format!(
                "the DaemonSet creates one pod per node named `{owner}-<random>`"
            ));
            let labels = BTreeMap::from([
                ("controller-revision-hash".to_string(), template_hash(&seed)),
                ("pod-template-generation".to_string(), "1".to_string()),
            ]);
            (
                template.metadata,
                template.spec?,
                name,
                true,
                labels,
                BTreeMap::new(),
            )
        }
        Workload::StatefulSet(sts) => {
            let spec = &sts.spec;
            let template = spec.template.clone();
            let start = spec
                .ordinals
                .as_ref()
                .and_then(|o| o.start)
                .unwrap_or(0)
                .max(0);
            let name = format!("{owner}-{start}");
            let mut pod_spec = template.spec?;
            // The StatefulSet controller sets hostname to the pod name and subdomain to
            // the governing Service (spec D7).
            pod_spec.hostname = Some(name.clone());
            if let Some(service) = spec.service_name.as_ref().filter(|s| !s.is_empty()) {
                pod_spec.subdomain = Some(service.clone());
            }
            notes.push(format!(
                "replica {start} of the StatefulSet is named `{name}`, with hostname `{name}`{}",
                match &pod_spec.subdomain {
                    Some(s) => format!(" and subdomain `{s}`"),
                    None => String::new(),
                }
            ));
            let labels = BTreeMap::from([
                (
                    "controller-revision-hash".to_string(),
                    format!("{owner}-{}", template_hash(&seed)),
                ),
                (
                    "statefulset.kubernetes.io/pod-name".to_string(),
                    name.clone(),
                ),
                (
                    "apps.kubernetes.io/pod-index".to_string(),
                    start.to_string(),
                ),
            ]);
            (
                template.metadata,
                pod_spec,
                name,
                false,
                labels,
                BTreeMap::new(),
            )
        }
        Workload::Job(job) => {
            let spec = job.spec.as_ref()?;
            job_pod(
                &owner,
                &seed,
                spec.template.clone(),
                spec.completion_mode.as_deref(),
                &mut notes,
            )?
        }
        Workload::CronJob(cj) => {
            let job_template = cj.spec.job_template.clone();
            let job_spec = job_template.spec?;
            // The CronJob controller names each Job `<cronjob>-<scheduled time in minutes>`.
            let minutes = 29_000_000 + (crate::workload::fnv1a32(seed.as_bytes()) % 100_000);
            let job_name = format!("{owner}-{minutes}");
            notes.push(format!(
                "the CronJob creates a Job `{owner}-<scheduled minute>`; podenv uses `{job_name}`"
            ));
            job_pod(
                &job_name,
                &seed,
                job_spec.template,
                job_spec.completion_mode.as_deref(),
                &mut notes,
            )?
        }
    };
    let mut metadata = template_meta.unwrap_or_default();
    // Controller-owned labels and annotations win over template ones of the same key.
    let mut merged = metadata.labels.take().unwrap_or_default();
    merged.append(&mut labels);
    metadata.labels = (!merged.is_empty()).then_some(merged);
    let mut merged = metadata.annotations.take().unwrap_or_default();
    merged.append(&mut annotations);
    metadata.annotations = (!merged.is_empty()).then_some(merged);
    metadata.name = Some(name.clone());
    metadata.namespace = Some(meta.namespace.clone());
    Some(PodDraft {
        name,
        generated_name: generated,
        metadata,
        spec,
        notes,
    })
}

type Parts = (
    Option<KubeMeta>,
    PodSpec,
    String,
    bool,
    BTreeMap<String, String>,
    BTreeMap<String, String>,
);

/// The pod a Job controller creates (for Indexed Jobs: the pod with index 0, with the
/// completion-index annotation and `JOB_COMPLETION_INDEX` appended as upstream
/// `pkg/controller/job/indexed_job_utils.go` addCompletionIndexEnvVariables does).
fn job_pod(
    job_name: &str,
    seed: &str,
    template: k8s_openapi::api::core::v1::PodTemplateSpec,
    completion_mode: Option<&str>,
    notes: &mut Vec<String>,
) -> Option<Parts> {
    let mut spec = template.spec?;
    let controller_uid = stable_uid(&format!("job:{seed}"));
    let mut labels = BTreeMap::from([
        (
            "batch.kubernetes.io/controller-uid".to_string(),
            controller_uid.clone(),
        ),
        (
            "batch.kubernetes.io/job-name".to_string(),
            job_name.to_string(),
        ),
        ("controller-uid".to_string(), controller_uid),
        ("job-name".to_string(), job_name.to_string()),
    ]);
    let mut annotations = BTreeMap::new();
    let indexed = completion_mode == Some("Indexed");
    let name = if indexed {
        labels.insert(
            "batch.kubernetes.io/job-completion-index".into(),
            "0".into(),
        );
        annotations.insert(
            "batch.kubernetes.io/job-completion-index".into(),
            "0".into(),
        );
        // The Job controller appends JOB_COMPLETION_INDEX to every container that does
        // not define it, read from the completion-index annotation.
        for container in spec
            .init_containers
            .iter_mut()
            .flatten()
            .chain(spec.containers.iter_mut())
        {
            let env = container.env.get_or_insert_with(Vec::new);
            if !env.iter().any(|e| e.name == "JOB_COMPLETION_INDEX") {
                env.push(EnvVar {
                    name: "JOB_COMPLETION_INDEX".into(),
                    value: None,
                    value_from: Some(EnvVarSource {
                        field_ref: Some(ObjectFieldSelector {
                            api_version: Some("v1".into()),
                            field_path:
                                "metadata.annotations['batch.kubernetes.io/job-completion-index']"
                                    .into(),
                        }),
                        ..Default::default()
                    }),
                });
            }
        }
        notes.push(format!(
            "the Indexed Job creates pod `{job_name}-0-<random>` for index 0 and appends JOB_COMPLETION_INDEX to each container"
        ));
        format!("{job_name}-0-{}", suffix(seed, 5))
    } else {
        notes.push(format!("the Job creates pods named `{job_name}-<random>`"));
        format!("{job_name}-{}", suffix(seed, 5))
    };
    Some((template.metadata, spec, name, true, labels, annotations))
}
