//! Where each spec rule lives upstream, pinned to the release podenv models. The plain-words
//! explanation of each rule is UI text and lives in the translation table (`i18n`).

/// The Kubernetes release tag every upstream link is pinned to.
pub const UPSTREAM_TAG: &str = "v1.35.0";

const REPOSITORY: &str = "https://github.com/kubernetes/kubernetes/blob";

/// The upstream file (in kubernetes/kubernetes) and function behind a rule id.
pub fn upstream(rule: &str) -> Option<(&'static str, &'static str)> {
    let family = rule.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_lowercase());
    let place = match (family, rule) {
        (_, "F3a") => ("pkg/util/node/node.go", "GetNodeHostIPs"),
        (_, "R3") => (
            "pkg/api/v1/resource/helpers.go",
            "ExtractContainerResourceValue",
        ),
        (_, "R4") => (
            "pkg/kubelet/kubelet_resources.go",
            "defaultPodLimitsForDownwardAPI",
        ),
        (_, "X4") => (
            "pkg/kubelet/container/helpers.go",
            "ExpandContainerCommandAndArgs",
        ),
        (_, "V2" | "V3") => ("pkg/kubelet/kubelet_pods.go", "getServiceEnvVarMap"),
        ("S", _) => ("pkg/kubelet/envvars/envvars.go", "FromServices"),
        ("V", _) => ("pkg/kubelet/kubelet_pods.go", "makeEnvironmentVariables"),
        ("E", _) => ("pkg/kubelet/kubelet_pods.go", "makeEnvironmentVariables"),
        ("X", _) => ("third_party/forked/golang/expansion/expand.go", "Expand"),
        ("F", _) => (
            "pkg/kubelet/kubelet_pods.go",
            "podFieldSelectorRuntimeValue",
        ),
        ("R", _) => (
            "pkg/kubelet/kubelet_pods.go",
            "containerResourceRuntimeValue",
        ),
        ("O", _) => ("pkg/kubelet/kubelet_pods.go", "makeEnvironmentVariables"),
        ("ERR", _) => (
            "pkg/kubelet/kuberuntime/kuberuntime_container.go",
            "generateContainerConfig",
        ),
        ("A", _) => ("pkg/apis/core/v1/defaults.go", "SetDefaults_Pod"),
        ("VAL", _) => ("pkg/apis/core/validation/validation.go", "ValidatePodSpec"),
        ("C", _) => ("pkg/kubelet/network/dns/dns.go", "GetPodDNS"),
        ("N", _) => (
            "pkg/kubelet/kubelet_pods.go",
            "GeneratePodHostNameAndDomain",
        ),
        _ => return None,
    };
    Some(place)
}

/// A link to the upstream file behind a rule at [`UPSTREAM_TAG`], and the function's name.
pub fn upstream_link(rule: &str) -> Option<(String, &'static str)> {
    upstream(rule).map(|(path, function)| (format!("{REPOSITORY}/{UPSTREAM_TAG}/{path}"), function))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_pinned_to_the_release_tag() {
        let (url, function) = upstream_link("S3").unwrap();
        assert_eq!(
            url,
            "https://github.com/kubernetes/kubernetes/blob/v1.35.0/pkg/kubelet/envvars/envvars.go"
        );
        assert_eq!(function, "FromServices");
        assert_eq!(upstream_link("F3a").unwrap().1, "GetNodeHostIPs");
        assert_eq!(upstream_link("ERR2").unwrap().1, "generateContainerConfig");
        assert!(upstream_link("D2").is_none());
    }
}
