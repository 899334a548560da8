//! The rule catalogue: every behaviour podenv mirrors, by the id the code cites.
//!
//! Each [`Rule`] has an id (`S3`, `F3a`, `ERR2`, ...), a title, a statement in our own plain
//! words and the places upstream that show it, each an [`Upstream`] with a file, a function
//! and a line range at a pinned git ref. The explorer's details panel, the CLI's
//! `podenv rules` and the generated `docs/rules.md` all read this one table; Simplified
//! Chinese titles and statements live beside it in `rules/zh.rs`.
//!
//! Pure data: everything is `&'static`, so a front end that never asks for a rule pays
//! nothing for it. [`markdown`] renders the catalogue as the text of `docs/rules.md`.
//!
//! **How the line ranges were checked.** Every range below was read off the stored copy of
//! the file (the tool library's `read_file`), numbered line by line, and the chunks were
//! checked against the stored length before counting; no range comes from memory. The
//! copy of a file that could be read is at the commit named in its [`Upstream::git_ref`];
//! none of the files could be read at the tag `v1.35.0`, so every link is pinned to the
//! commit of the copy that was read (see [`PINS`] for what each copy is). A rule whose
//! upstream place could not be numbered this way lists only the places that could, and its
//! statement says what was not checked.

use serde::Serialize;

mod zh;

/// The Kubernetes release podenv models. Links are not pinned to it (see the module docs):
/// the stored copies that could be numbered are at the commits in [`PINS`].
pub const MODELLED_RELEASE: &str = "v1.35.0";

/// A language the catalogue is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese (中文).
    Zh,
}

impl Lang {
    /// `en` or `zh` (case-insensitive), as the CLI and a page's `lang` attribute spell it.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// One place upstream: a line range of a file at a pinned git ref.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upstream {
    /// `owner/name` on GitHub: `kubernetes/kubernetes`, `coredns/coredns`, ...
    pub repository: &'static str,
    /// The path inside the repository.
    pub file: &'static str,
    /// The function (or message, section, variable) the lines belong to.
    pub function: &'static str,
    /// A release tag such as `v1.35.0` or a 40-hex commit.
    #[serde(rename = "ref")]
    pub git_ref: &'static str,
    /// First and last line, inclusive (1-based).
    pub lines: (u32, u32),
}

impl Upstream {
    /// The GitHub link with its `#Lx-Ly` anchor. Markdown files get `?plain=1` so the
    /// anchor lands on the source lines rather than on the rendered page.
    pub fn url(&self) -> String {
        let plain = if self.file.ends_with(".md") {
            "?plain=1"
        } else {
            ""
        };
        let (first, last) = self.lines;
        format!(
            "https://github.com/{}/blob/{}/{}{plain}#L{first}-L{last}",
            self.repository, self.git_ref, self.file
        )
    }

    /// The ref as people read it: a tag as is, a commit cut to 12 characters.
    pub fn short_ref(&self) -> &'static str {
        if is_commit(self.git_ref) {
            &self.git_ref[..12]
        } else {
            self.git_ref
        }
    }
}

/// Whether `git_ref` is a full 40-hex commit id.
pub fn is_commit(git_ref: &str) -> bool {
    git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A stored copy of an upstream file the ranges were read from, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pin {
    pub repository: &'static str,
    pub file: &'static str,
    #[serde(rename = "ref")]
    pub git_ref: &'static str,
    /// Why this ref, and how this copy differs from the modelled release where that matters.
    pub note: &'static str,
}

/// One rule of the behaviour podenv mirrors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The id the code, the fixtures and the spec cite: `S3`, `F3a`, `ERR2`, `X-ENV`.
    pub id: &'static str,
    /// A short English title.
    pub title: &'static str,
    /// The rule in plain English words (ours, not upstream's).
    pub statement: &'static str,
    /// Where upstream shows it; empty for rules that are podenv's own emulation or history
    /// (the statement says which).
    pub upstream: &'static [Upstream],
}

impl Rule {
    /// The family this rule belongs to (`S` for `S3`, `ERR` for `ERR2`).
    pub fn family(&self) -> &'static Family {
        family_of(self.id)
    }

    /// The title in `lang` (English when a translation is missing, which a test forbids).
    pub fn title_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title,
            Lang::Zh => zh::text(self.id).map_or(self.title, |(title, _)| title),
        }
    }

    /// The statement in `lang` (English when a translation is missing).
    pub fn statement_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.statement,
            Lang::Zh => zh::text(self.id).map_or(self.statement, |(_, statement)| statement),
        }
    }
}

/// A family of rules: the letters their ids start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Family {
    pub prefix: &'static str,
    pub title: &'static str,
    pub title_zh: &'static str,
}

impl Family {
    /// The family's title in `lang`.
    pub fn title_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title,
            Lang::Zh => self.title_zh,
        }
    }
}

/// The families, in the order the catalogue and `docs/rules.md` list them.
pub static FAMILIES: &[Family] = &[
    Family {
        prefix: "A",
        title: "API defaults and emulated cluster actions",
        title_zh: "API 默认值与模拟的集群动作",
    },
    Family {
        prefix: "S",
        title: "Service link variables",
        title_zh: "Service 链接变量",
    },
    Family {
        prefix: "V",
        title: "Which Services a container sees",
        title_zh: "容器能看到哪些 Service",
    },
    Family {
        prefix: "E",
        title: "Building one container's environment",
        title_zh: "构建单个容器的环境变量",
    },
    Family {
        prefix: "X",
        title: "$(VAR) expansion and env files",
        title_zh: "$(VAR) 展开与 env 文件",
    },
    Family {
        prefix: "F",
        title: "Downward API: pod fields",
        title_zh: "Downward API：Pod 字段",
    },
    Family {
        prefix: "R",
        title: "Downward API: container resources",
        title_zh: "Downward API：容器资源",
    },
    Family {
        prefix: "O",
        title: "The list handed to the runtime",
        title_zh: "交给容器运行时的列表",
    },
    Family {
        prefix: "ERR",
        title: "Errors as a user sees them",
        title_zh: "用户看到的错误",
    },
    Family {
        prefix: "VAL",
        title: "What the API server rejects",
        title_zh: "API 服务器会拒绝什么",
    },
    Family {
        prefix: "H",
        title: "Version history",
        title_zh: "版本历史",
    },
    Family {
        prefix: "D",
        title: "DNS records a cluster DNS serves",
        title_zh: "集群 DNS 提供的记录",
    },
    Family {
        prefix: "C",
        title: "A pod's resolv.conf",
        title_zh: "Pod 的 resolv.conf",
    },
    Family {
        prefix: "N",
        title: "Hostname and /etc/hosts",
        title_zh: "主机名与 /etc/hosts",
    },
    Family {
        prefix: "W",
        title: "How a resolver walks the search list",
        title_zh: "解析器如何遍历搜索列表",
    },
];

/// The family of an id: its leading capital letters (`X-ENV` is in `X`). Unknown prefixes
/// fall back to the first family so the function never fails; a test keeps every catalogue
/// id in a known family.
pub fn family_of(id: &str) -> &'static Family {
    let prefix_len = id.bytes().take_while(u8::is_ascii_uppercase).count();
    let prefix = &id[..prefix_len];
    FAMILIES
        .iter()
        .find(|f| f.prefix == prefix)
        .unwrap_or(&FAMILIES[0])
}

/// Every rule, family by family in the order of [`FAMILIES`].
pub fn all() -> &'static [Rule] {
    RULES
}

/// The rule with exactly this id (`F3a` is a rule of its own, not a fallback to `F3`).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule with this id, ignoring case (`f3a` finds `F3a`, an exact match first): how a
/// person types ids at `podenv rules` or asks the npm package's `rules`.
pub fn find(id: &str) -> Option<&'static Rule> {
    rule(id).or_else(|| all().iter().find(|r| r.id.eq_ignore_ascii_case(id)))
}

/// The catalogue's JSON form (`podenv rules --output json`, the npm package's `rules`): an
/// array of `{id, family, lang, title, statement, upstream: [{repository, file, function,
/// ref, lines: [first, last], url}]}` in `lang`.
pub fn to_json(chosen: &[&Rule], lang: Lang) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = chosen
        .iter()
        .map(|rule| {
            let upstream: Vec<serde_json::Value> = rule
                .upstream
                .iter()
                .map(|place| {
                    serde_json::json!({
                        "repository": place.repository,
                        "file": place.file,
                        "function": place.function,
                        "ref": place.git_ref,
                        "lines": [place.lines.0, place.lines.1],
                        "url": place.url(),
                    })
                })
                .collect();
            serde_json::json!({
                "id": rule.id,
                "family": rule.family().prefix,
                "lang": lang,
                "title": rule.title_in(lang),
                "statement": rule.statement_in(lang),
                "upstream": upstream,
            })
        })
        .collect();
    serde_json::Value::Array(rules)
}

/// The rule's title in `lang`.
pub fn title(id: &str, lang: Lang) -> Option<&'static str> {
    rule(id).map(|r| r.title_in(lang))
}

/// The rule's statement in `lang`.
pub fn statement(id: &str, lang: Lang) -> Option<&'static str> {
    rule(id).map(|r| r.statement_in(lang))
}

/// A step of the kubelet path podenv traces, and where upstream it happens. The first
/// entry of `upstream` is the step's own place; any further entry is a related place (the
/// `dns` step also points at the kubelet's comment that advises DNS over variables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub id: &'static str,
    /// A short English title.
    pub title: &'static str,
    /// What happens in this step, in plain English words (ours, not upstream's).
    pub statement: &'static str,
    pub upstream: &'static [Upstream],
}

impl Step {
    /// The title in `lang` (English when a translation is missing, which a test forbids).
    pub fn title_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title,
            Lang::Zh => zh::step_text(self.id).map_or(self.title, |(title, _)| title),
        }
    }

    /// The statement in `lang`.
    pub fn statement_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.statement,
            Lang::Zh => zh::step_text(self.id).map_or(self.statement, |(_, s)| s),
        }
    }
}

/// A reason code the trace records (why a Service is or is not in the service map, why DNS
/// is the better way), in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub text: &'static str,
    pub text_zh: &'static str,
}

impl Reason {
    pub fn text_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.text,
            Lang::Zh => self.text_zh,
        }
    }
}

/// The words for a trace reason code (`trace::ServiceDecision::reason`,
/// `trace::DnsStep::reasons`).
pub fn reason(code: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.code == code)
}

/// Every reason code with its words.
pub fn reasons() -> &'static [Reason] {
    REASONS
}

static REASONS: &[Reason] = &[
    // Why a Service is in the service map, or not (V1, V2, V5, S1).
    Reason {
        code: "pod-namespace",
        text: "in the pod's namespace",
        text_zh: "位于 Pod 所在的命名空间",
    },
    Reason {
        code: "master-service",
        text: "the API server's own Service, default/kubernetes, which every pod sees",
        text_zh: "API 服务器自己的 Service（default/kubernetes），每个 Pod 都能看到",
    },
    Reason {
        code: "other-namespace",
        text: "in another namespace: only reachable by DNS",
        text_zh: "位于其他命名空间：只能通过 DNS 访问",
    },
    Reason {
        code: "service-links-disabled",
        text: "enableServiceLinks is false for this pod",
        text_zh: "这个 Pod 的 enableServiceLinks 为 false",
    },
    Reason {
        code: "headless",
        text: "headless (clusterIP: None): no variables, DNS only",
        text_zh: "headless（clusterIP: None）：没有变量，只有 DNS",
    },
    Reason {
        code: "external-name",
        text: "type ExternalName has no cluster IP: no variables",
        text_zh: "ExternalName 类型没有集群 IP：没有变量",
    },
    Reason {
        code: "no-cluster-ip",
        text: "no cluster IP: no variables",
        text_zh: "没有集群 IP：没有变量",
    },
    Reason {
        code: "master-replaced",
        text: "a Service named kubernetes in the pod's own namespace takes its name",
        text_zh: "Pod 所在命名空间里名为 kubernetes 的 Service 顶替了它",
    },
    Reason {
        code: "replaced",
        text: "a later Service with the same namespace and name takes its place",
        text_zh: "后面一个同命名空间同名的 Service 取代了它",
    },
    Reason {
        code: "no-service-lister",
        text: "the kubelet runs without an API server, so it knows no Services",
        text_zh: "kubelet 没有连接 API 服务器，不知道任何 Service",
    },
    Reason {
        code: "services-not-synced",
        text: "the kubelet has not listed the Services yet (a static pod may start without them)",
        text_zh: "kubelet 还没有列出过 Service（静态 Pod 可能在没有它们的情况下启动）",
    },
    // Why DNS is the better way (the `dns` step).
    Reason {
        code: "start-order",
        text: "Variables exist only for Services that existed when the container started: a Service created later is missing until the container restarts. DNS finds it as soon as it exists, so connect by name and keep retrying.",
        text_zh: "变量只包含容器启动时已经存在的 Service：之后创建的 Service 要等容器重启才会出现。DNS 在 Service 创建后立刻就能查到，所以请按名称连接，并持续重试。",
    },
    Reason {
        code: "stale-after-recreate",
        text: "A Service that is deleted and created again usually gets a new cluster IP; a running container keeps the old address in its variables. DNS answers with the current one.",
        text_zh: "删除后重新创建的 Service 通常会得到新的集群 IP，而运行中的容器的变量里仍是旧地址。DNS 返回的是当前地址。",
    },
    Reason {
        code: "namespace-scope",
        text: "Variables cover only the pod's own namespace (plus default/kubernetes); DNS reaches a Service of any namespace as name.namespace.",
        text_zh: "变量只覆盖 Pod 自己的命名空间（以及 default/kubernetes）；DNS 用 name.namespace 就能访问任何命名空间的 Service。",
    },
    Reason {
        code: "environment-size",
        text: "Every Service adds at least seven variables to every container of its namespace; with thousands of Services, containers start slowly or fail when the environment outgrows the kernel's limits. DNS costs nothing until a name is looked up.",
        text_zh: "每个 Service 都会给同一命名空间的每个容器至少增加七个变量；Service 多达数千时，容器启动变慢，环境变量超过内核限制时甚至无法启动。DNS 只在查询名称时才有开销。",
    },
];

/// Every trace step, from the CRI field back to the Service list, then command/args and DNS.
pub fn steps() -> &'static [Step] {
    STEPS
}

/// The trace step with this id: `cri`, `generateContainerConfig`,
/// `GenerateRunContainerOptions`, `getServiceEnvVarMap`, `FromServices`, `envFrom`, `env`,
/// `merge`, `commandArgs`, `dns`.
pub fn step(id: &str) -> Option<&'static Step> {
    STEPS.iter().find(|s| s.id == id)
}

// ---------------------------------------------------------------------------------------
// Pinned copies. Each const names one stored copy; the line ranges in the rules below were
// numbered on exactly that copy.

const K8S: &str = "kubernetes/kubernetes";

struct Source {
    repository: &'static str,
    file: &'static str,
    git_ref: &'static str,
}

const fn at(source: &Source, function: &'static str, first: u32, last: u32) -> Upstream {
    Upstream {
        repository: source.repository,
        file: source.file,
        function,
        git_ref: source.git_ref,
        lines: (first, last),
    }
}

/// Read in 16,000-character chunks (three, 41,729 characters, up to the end of
/// `containerResourceRuntimeValue`), joined and numbered: 1,052 lines.
const KUBELET_PODS: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/kubelet_pods.go",
    git_ref: "001a80e975bb880d0fe60b304d30950fe661f278",
};
/// Read whole (3,313 characters, 108 lines).
const ENVVARS: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/envvars/envvars.go",
    git_ref: "3085dc64145a749514d6c6c6c08f3f6ed91296e7",
};
/// Read whole (5,949 characters, 168 lines).
const ENVVARS_TEST: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/envvars/envvars_test.go",
    git_ref: "729007a86b89e2fb907db113e0715bd47520d718",
};
/// Read whole (3,161 characters, 105 lines).
const EXPAND: Source = Source {
    repository: K8S,
    file: "third_party/forked/golang/expansion/expand.go",
    git_ref: "fde22c3f9aacfd260225a9741de123a41157b7c0",
};
/// Read up to the end of `ExpandContainerCommandAndArgs` (180 lines).
const CONTAINER_HELPERS: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/container/helpers.go",
    git_ref: "5a3a5ff08bfa5aae9379e872ad0fcd794e5e20d5",
};
/// Read up to the end of `GetPodDNS` (14,710 of 15,811 characters, 426 lines).
const POD_DNS: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/network/dns/dns.go",
    git_ref: "04791b4906602ffda5ccf9bc4c84d3329f1d7080",
};
/// Read up to the end of `generateContainerConfig` (16,486 characters, 399 lines).
const KUBERUNTIME_CONTAINER: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/kuberuntime/kuberuntime_container.go",
    git_ref: "fbba6b47ad9824012048624a5ef60669e8109517",
};
/// Read up to the `envs` field of `ContainerConfig` (four chunks, 58,870 characters).
const CRI_API: Source = Source {
    repository: K8S,
    file: "staging/src/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto",
    git_ref: "0268656aec06fe837312d7ec3051e6b7f3dc6cde",
};
/// Read whole (11,870 characters, 310 lines).
const RESOURCE_HELPERS: Source = Source {
    repository: K8S,
    file: "pkg/api/v1/resource/helpers.go",
    git_ref: "f9cfc9d93491c42c0ee6b3705d4c46f7e173f356",
};
/// Read whole (1,955 characters, 57 lines).
const KUBELET_RESOURCES: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/kubelet_resources.go",
    git_ref: "5ee699c3a198ae17b77369f04983ed779d1f5f9b",
};
/// Read up to the end of `GetNodeHostIP` (109 lines).
const NODE_UTIL: Source = Source {
    repository: K8S,
    file: "pkg/util/node/node.go",
    git_ref: "a23d4fdd58eef400a9f7af9590f7d97210de250a",
};
/// Read up to the end of `SetDefaults_ObjectFieldSelector` (10,176 characters, 329 lines).
const DEFAULTS: Source = Source {
    repository: K8S,
    file: "pkg/apis/core/v1/defaults.go",
    git_ref: "e34b0935e09e39e5e7fb74b8f6ad141107d3b90e",
};
/// Read up to the end of `ExtractFieldPathAsString` (83 lines).
const FIELDPATH: Source = Source {
    repository: K8S,
    file: "pkg/fieldpath/fieldpath.go",
    git_ref: "9935d0298df2f7755526cfe37fafbe9a41abc9db",
};
/// Read whole (3,373 characters, 100 lines).
const POD_HELPERS: Source = Source {
    repository: K8S,
    file: "pkg/apis/core/pods/helpers.go",
    git_ref: "9efa0b0228c08a0be9eac268ac222025169fe6e8",
};
/// Read whole (3,609 characters, 112 lines).
const ENV_UTIL: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/util/env/env_util.go",
    git_ref: "c97061155db7ff2753c493bb627883d130512d54",
};
/// Read up to the end of `validatePodDNSConfig` (twelve reads, 158,828 of 357,218
/// characters, 3,770 lines); the join was also checked against separate reads at offsets
/// 99,000 and 140,000, which start on the same characters.
const CORE_VALIDATION: Source = Source {
    repository: K8S,
    file: "pkg/apis/core/validation/validation.go",
    git_ref: "a7264f95ffc8b56377da16e83461aa59467ebb3e",
};
/// Read up to the end of `IsConfigMapKey` (16,428 characters, 421 lines).
const NAME_VALIDATION: Source = Source {
    repository: K8S,
    file: "staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go",
    git_ref: "008b3652959ca58af8be3fb5b6ecfe9ae7638282",
};
/// Read up to the end of `GetNodenameForKernel` (49 lines).
const KUBELET_UTIL: Source = Source {
    repository: K8S,
    file: "pkg/kubelet/util/util.go",
    git_ref: "cb6ff2d8ce3595f88570f82c7d0e6d98910afd3c",
};
/// Read up to the end of the first container visit in `warningsForPodSpecAndMeta`
/// (12,939 of 22,253 characters, 288 lines); the end was checked against a separate read
/// at offset 12,880, which starts on the same characters.
const POD_WARNINGS: Source = Source {
    repository: K8S,
    file: "pkg/api/pod/warnings.go",
    git_ref: "1853742da6212a55cfe41328d8d463efe7c0bd93",
};
/// Read up to the end of `Convert_v1_Secret_To_core_Secret` (12,416 of 18,298 characters,
/// 358 lines); the function's first character is at offset 12,020, where a separate
/// string search of the stored copy also found it.
const CONVERSION: Source = Source {
    repository: K8S,
    file: "pkg/apis/core/v1/conversion.go",
    git_ref: "a2b9bc4e458bb7ec30967d227c72c031a39a7f79",
};
/// Read up to the default-account step of `Admit` (6,704 of 16,634 characters, 177 lines);
/// the end was checked against a separate read at offset 6,640, which starts on the same
/// characters.
const SA_ADMISSION: Source = Source {
    repository: K8S,
    file: "plugin/pkg/admission/serviceaccount/admission.go",
    git_ref: "15816b382ef2b81bd376fc2492062a8216e0a490",
};
/// Read up to the end of `ShouldSetHostname` (4,868 of 9,644 characters, 151 lines); a
/// separate read at offset 4,703 starts on the function's first character.
const ENDPOINT_UTIL: Source = Source {
    repository: K8S,
    file: "pkg/controller/util/endpoint/controller_utils.go",
    git_ref: "aed80471ab6fbe2c2f884d1000108db3b65246b8",
};
/// Read up to the end of `parseDNSOptions` (12,032 of 13,040 characters, 326 lines); a
/// separate read at offset 11,448 starts on the comment above the function.
const CONTAINERD_SANDBOX: Source = Source {
    repository: "containerd/containerd",
    file: "internal/cri/server/podsandbox/sandbox_run_linux.go",
    git_ref: "56e5564d6ce6d5e91f70e733b911c4941c14874c",
};
/// Read whole (8,188 characters, 198 lines).
const DNS_SPEC: Source = Source {
    repository: "kubernetes/dns",
    file: "docs/specification.md",
    git_ref: "00f97cb14c316087cd9a01af4954c4ff0b2756ba",
};
/// Read up to the end of `findServices` (16,841 characters, 558 lines).
const COREDNS: Source = Source {
    repository: "coredns/coredns",
    file: "plugin/kubernetes/kubernetes.go",
    git_ref: "f6b2ec27cc16c41e8dbe5667827fc84e78475388",
};
/// Read up to the end of `nameList` (15,152 characters, 527 lines).
const GO_DNSCLIENT: Source = Source {
    repository: "golang/go",
    file: "src/net/dnsclient_unix.go",
    git_ref: "44a0f15bd58d096559bddf370b84e9e979c32747",
};

const fn pin(source: &Source, note: &'static str) -> Pin {
    Pin {
        repository: source.repository,
        file: source.file,
        git_ref: source.git_ref,
        note,
    }
}

/// Every copy the ranges were read from, with why that ref and not the tag.
pub static PINS: &[Pin] = &[
    pin(&KUBELET_PODS, "The only stored copy; a v1.35 development commit (it has EnvFiles, HostnameOverride and RestartAllContainers). The v1.35.0 copy could not be read."),
    pin(&ENVVARS, "The newest stored copy, from 2017: it builds `tcp://IP:port` without IPv6 brackets. Current behaviour (brackets) is shown by the test file below. The v1.35.0 copy could not be read."),
    pin(&ENVVARS_TEST, "The only stored copy of the test that pins today's output, IPv6 brackets and SCTP included."),
    pin(&EXPAND, "The UTF-8-aware version of the expander (the other stored copy is the older byte-wise one). The v1.35.0 copy could not be read."),
    pin(&CONTAINER_HELPERS, "A 2020-era copy (CRI v1alpha2 imports); `ExpandContainerCommandAndArgs` and `ExpandContainerVolumeMounts` already behave as modelled. The v1.35.0 copy could not be read."),
    pin(&POD_DNS, "A v1.26-v1.29-era copy (still has the `ExpandedDNSConfig` gate check; newer copies add a logger argument). The v1.35.0 copy could not be read."),
    pin(&KUBERUNTIME_CONTAINER, "A recent copy (image volumes, allocation manager). The v1.35.0 copy could not be read."),
    pin(&CRI_API, "A recent copy (it already has the CRIListStreaming calls). The v1.35.0 copy could not be read."),
    pin(&RESOURCE_HELPERS, "A v1.2x-era copy with `ExtractContainerResourceValue` and `MergeContainerResourceLimits`. The v1.35.0 copy could not be read."),
    pin(&KUBELET_RESOURCES, "A copy from before pod-level resources (it defaults limits from node allocatable only). The v1.35.0 copy could not be read."),
    pin(&NODE_UTIL, "An older copy: it has `GetNodeHostIP` (one address, InternalIP before ExternalIP), not yet the dual-stack `GetNodeHostIPs`. The v1.35.0 copy could not be read."),
    pin(&DEFAULTS, "An older copy (2019-era): Service defaults are in `SetDefaults_Service`, later split out into `SetDefaults_ServiceSpec`. The v1.35.0 copy could not be read."),
    pin(&FIELDPATH, "The only stored copy. The v1.35.0 copy could not be read."),
    pin(&POD_HELPERS, "An older copy: its list of convertible field labels has no `status.hostIPs` yet. The v1.35.0 copy could not be read."),
    pin(&ENV_UTIL, "The only stored copy (the file is new in v1.34). The v1.35.0 copy could not be read."),
    pin(&CORE_VALIDATION, "A v1.29/v1.30-era copy (relaxed env names behind an option, PodHostIPs still gated); the Service checks further down the file were not numbered. The v1.35.0 copy could not be read."),
    pin(&NAME_VALIDATION, "A recent copy with `IsEnvVarName` and `IsRelaxedEnvVarName`. The v1.35.0 copy could not be read."),
    pin(&KUBELET_UTIL, "The only stored copy. The v1.35.0 copy could not be read."),
    pin(&CONVERSION, "An old copy (2018-era, it still converts to extensions/ReplicaSet). The only stored copy; the v1.35.0 copy could not be read, so later changes to the function are not checked."),
    pin(&SA_ADMISSION, "An old copy (2017-era, internal clientset and initializers). The only stored copy; the v1.35.0 copy could not be read, so later changes to the file are not checked."),
    pin(&ENDPOINT_UTIL, "A 2020-era copy (discovery/v1beta1). The only stored copy; the v1.35.0 copy could not be read, so later changes to the file are not checked."),
    pin(&CONTAINERD_SANDBOX, "A containerd 2.x copy (internal/cri layout). containerd has no v1.35.0 tag; this commit is the stored copy."),
    pin(&POD_WARNINGS, "A recent copy (AppArmor fields, ClusterTrustBundle projections). The v1.35.0 copy could not be read."),
    pin(&DNS_SPEC, "Schema 1.0.1, the only version stored; CoreDNS already serves 1.1.0 (AAAA, ip6.arpa)."),
    pin(&COREDNS, "The only stored copy of the CoreDNS `kubernetes` plugin."),
    pin(&GO_DNSCLIENT, "The only stored copy of Go's pure resolver."),
];

// ---------------------------------------------------------------------------------------
// Trace steps (read by the trace view).

static STEPS: &[Step] = &[
    Step {
        id: "cri",
        title: "What the container runtime receives",
        statement: "The kubelet hands the container runtime one list of NAME=value pairs: the envs field of the CRI ContainerConfig (in the dockershim days, docker's Config.Env). The runtime adds little of its own: containerd sets HOSTNAME unless the list sets it, and the image's ENV lines lie beneath the list, which wins for any name both set (rule O4, not checked against containerd's source). The steps below show how this list was made.",
        upstream: &[at(&CRI_API, "ContainerConfig.envs", 1249, 1250)],
    },
    Step {
        id: "generateContainerConfig",
        title: "kuberuntime copies the list into the CRI config",
        statement: "kuberuntime's generateContainerConfig asks the kubelet for the container's run options, then copies each variable into the CRI config one by one, in the order it got them: nothing is sorted or removed here. Variables from device plugins or DRA, if any, come first. If the run options fail, the container is never created and its status shows CreateContainerConfigError.",
        upstream: &[at(
            &KUBERUNTIME_CONTAINER,
            "generateContainerConfig",
            338,
            399,
        )],
    },
    Step {
        id: "GenerateRunContainerOptions",
        title: "The environment joins the run options",
        statement: "GenerateRunContainerOptions gathers what the runtime needs to start the container: devices, mounts, port mappings and the environment that makeEnvironmentVariables builds. An error while building the environment, or while expanding a volume mount's subPathExpr against it, is returned from here; the kubelet then reports CreateContainerConfigError and tries again later with the same inputs, so the error stays until the input changes.",
        upstream: &[at(&KUBELET_PODS, "GenerateRunContainerOptions", 643, 692)],
    },
    Step {
        id: "getServiceEnvVarMap",
        title: "Which Services the container sees",
        statement: "getServiceEnvVarMap goes through every Service the kubelet has listed. With enableServiceLinks on, it keeps the Services of the pod's namespace; the kubernetes Service of the default namespace is kept in every case (a Service named kubernetes in the pod's own namespace takes its place while links are on). A Service without a cluster IP, headless or ExternalName, is skipped. The kept Services are put in a map by name, so the order in which they are visited next is Go's random map order.",
        upstream: &[at(&KUBELET_PODS, "getServiceEnvVarMap", 698, 746)],
    },
    Step {
        id: "FromServices",
        title: "The variables each Service makes",
        statement: "envvars.FromServices turns each kept Service into variables: NAME_SERVICE_HOST and NAME_SERVICE_PORT, one NAME_SERVICE_PORT_<PORT NAME> per named port, and the Docker-link set: NAME_PORT, and per port NAME_PORT_<port>_<PROTOCOL> with its _PROTO, _PORT and _ADDR. NAME is the Service's name in capitals with every '-' turned into '_'. When two Services make the same name, the one visited last wins, and the visit order is random.",
        upstream: &[at(&ENVVARS, "FromServices", 30, 60)],
    },
    Step {
        id: "envFrom",
        title: "envFrom sources, in order",
        statement: "makeEnvironmentVariables first goes through envFrom, top to bottom. Each ConfigMap or Secret adds all of its data keys, each with the source's prefix in front; a later source replaces a key an earlier one set. A source that does not exist stops the container unless it is marked optional. Values from envFrom are taken as they are: $(NAME) in them is never expanded.",
        upstream: &[at(
            &KUBELET_PODS,
            "makeEnvironmentVariables (envFrom loop)",
            788,
            849,
        )],
    },
    Step {
        id: "env",
        title: "env entries, in order",
        statement: "Then each env entry, top to bottom. A value is expanded: $(NAME) becomes what NAME holds at that moment, from envFrom, from the entries above, or from the service variables; a name not defined yet stays as written, and $$ becomes $. A valueFrom reads a pod field, a container resource, or a ConfigMap or Secret key, and its result is never expanded. Each entry replaces any earlier definition of its name; an optional reference that finds nothing leaves the earlier value in place.",
        upstream: &[at(
            &KUBELET_PODS,
            "makeEnvironmentVariables (env loop)",
            851,
            981,
        )],
    },
    Step {
        id: "merge",
        title: "The user's variables first, then the service variables",
        statement: "The variables from envFrom and env go into the list first; then every service variable whose name the user did not set. A user variable always suppresses the service variable of the same name. Both collections are Go maps, so the real order of the list is random; podenv shows it sorted by name.",
        upstream: &[at(
            &KUBELET_PODS,
            "makeEnvironmentVariables (tmpEnv, then service variables)",
            983,
            999,
        )],
    },
    Step {
        id: "commandArgs",
        title: "command and args",
        statement: "When the environment is final, each $(NAME) in the container's command and args is expanded against it, service variables included. A name that is not defined stays as written; this step cannot fail.",
        upstream: &[at(
            &CONTAINER_HELPERS,
            "ExpandContainerCommandAndArgs",
            164,
            180,
        )],
    },
    Step {
        id: "dns",
        title: "Use DNS instead of service variables",
        statement: "A comment in makeEnvironmentVariables names the race between the kubelet seeing the pod and seeing its Services, and recommends DNS over the variables: look the Service's name up and keep retrying until it resolves. The kubelet writes the pod's resolv.conf, through which the container reaches each Service by name. A DNS answer is current when it is asked for; variables are frozen when the container starts.",
        upstream: &[
            at(&POD_DNS, "GetPodDNS", 363, 426),
            at(
                &KUBELET_PODS,
                "makeEnvironmentVariables (comment: use DNS instead of env vars)",
                773,
                776,
            ),
        ],
    },
];

// ---------------------------------------------------------------------------------------
// The catalogue. Statements are ours; facts come from the spec and the files above.

static RULES: &[Rule] = &[
    // A: API defaults and emulated cluster actions.
    Rule {
        id: "A0",
        title: "Objects without a namespace get the context's namespace",
        statement: "An object that names no namespace is put in the namespace of the cluster context, as kubectl does with the namespace of the current kubeconfig context. This is podenv standing in for kubectl; there is no upstream kubelet code for it.",
        upstream: &[],
    },
    Rule {
        id: "A1",
        title: "Service defaults",
        statement: "Before anyone reads a Service, the API server fills in its defaults: each port's protocol becomes TCP, targetPort becomes the port number, the type becomes ClusterIP and sessionAffinity becomes None.",
        upstream: &[at(&DEFAULTS, "SetDefaults_Service", 97, 133)],
    },
    Rule {
        id: "A2",
        title: "enableServiceLinks and dnsPolicy defaults",
        statement: "A Pod that does not set enableServiceLinks gets true, and one that does not set dnsPolicy gets ClusterFirst. The first default is applied to Pods only, not to pod templates, so the kubelet never sees an unset value.",
        upstream: &[
            at(&DEFAULTS, "SetDefaults_Pod", 163, 166),
            at(&DEFAULTS, "SetDefaults_PodSpec", 173, 175),
        ],
    },
    Rule {
        id: "A3",
        title: "Requests copied from limits",
        statement: "For every container and init container, a resource that has a limit but no request gets a request equal to the limit. This is why requests.* resourceFieldRefs often show the limit.",
        upstream: &[at(&DEFAULTS, "SetDefaults_Pod", 134, 162)],
    },
    Rule {
        id: "A4",
        title: "fieldRef apiVersion defaults to v1",
        statement: "A fieldRef without apiVersion gets v1; the kubelet accepts no other version.",
        upstream: &[
            at(&DEFAULTS, "SetDefaults_ObjectFieldSelector", 325, 329),
            at(&POD_HELPERS, "ConvertDownwardAPIFieldLabel", 65, 68),
        ],
    },
    Rule {
        id: "A5",
        title: "Cluster IPs are allocated from the service range",
        statement: "A Service that asks for a cluster IP but names none gets one from the service CIDR; dual-stack Services get one per family, and the first address of the range belongs to the kubernetes Service. A real cluster picks at random, podenv picks deterministically and says so; a full range makes the API server refuse the Service. This is podenv's emulation of the API server's IP allocator, whose code was not numbered for this catalogue.",
        upstream: &[],
    },
    Rule {
        id: "A6",
        title: "The default service account",
        statement: "A pod that names no service account runs as the namespace's `default` account; the ServiceAccount admission plugin fills it in when the pod is created. podenv applies it the same way.",
        upstream: &[
            at(&SA_ADMISSION, "DefaultServiceAccountName", 43, 44),
            at(&SA_ADMISSION, "Admit", 174, 177),
        ],
    },
    Rule {
        id: "A7",
        title: "Quantities rounded up to milli-units",
        statement: "Every resource quantity in requests and limits is rounded up to a thousandth of a unit when the object is defaulted, before requests are copied from limits (A3). It only shows for quantities finer than a milli-unit.",
        upstream: &[at(&DEFAULTS, "SetDefaults_ResourceList", 35, 44)],
    },
    Rule {
        id: "A8",
        title: "A Secret's stringData is merged into data",
        statement: "When a Secret is stored, every stringData key is written into data, replacing a data key of the same name. podenv merges them the same way before any reference reads the Secret. Upstream does it while converting the v1 Secret to the internal type.",
        upstream: &[at(&CONVERSION, "Convert_v1_Secret_To_core_Secret", 342, 358)],
    },
    Rule {
        id: "A9",
        title: "Scheduling and the pod uid",
        statement: "A pod with no nodeName is placed on the context's node, as the scheduler would place it, and a pod with no uid gets a stable stand-in uid (set podUID in the context to use yours). Both are podenv's stand-ins for the scheduler and the API server; there is no upstream code to link.",
        upstream: &[],
    },
    Rule {
        id: "A10",
        title: "Controllers make the pod from the template",
        statement: "A Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob or PodTemplate is turned into the pod its controller would create: names get a stand-in for the random suffix (StatefulSets use ordinal 0 with hostname and subdomain set), and labels such as pod-template-hash are added. This is podenv's emulation of the controllers; no upstream lines were numbered for it.",
        upstream: &[],
    },
    Rule {
        id: "A11",
        title: "Objects assumed to exist",
        statement: "With assumeMissingObjects set in the context, a ConfigMap or Secret that a pod references but the input does not hold (one kustomize or Helm generates, or one created at run time) is taken to exist, and each is listed as an assumption. A key read from it shows a placeholder, since its value is only known in the cluster; an envFrom of it adds keys podenv cannot know, so none is shown. Without the setting, the kubelet's behaviour applies: a required reference fails the container. This is podenv's own stand-in; there is no upstream code to link.",
        upstream: &[],
    },
    // S: Service link variables.
    Rule {
        id: "S1",
        title: "Only Services with a cluster IP yield variables",
        statement: "A Service whose cluster IP is empty or None yields no variables, so headless and ExternalName Services never appear in the environment.",
        upstream: &[at(&ENVVARS, "FromServices", 35, 40), at(&KUBELET_PODS, "getServiceEnvVarMap", 718, 721)],
    },
    Rule {
        id: "S2",
        title: "The variable prefix",
        statement: "The prefix is the Service name in upper case with every '-' turned into '_'; nothing else changes. Port names are turned into suffixes the same way.",
        upstream: &[at(&ENVVARS, "makeEnvVariableName", 62, 68)],
    },
    Rule {
        id: "S3",
        title: "The variables of one Service, in order",
        statement: "Each Service yields NAME_SERVICE_HOST (its cluster IP), NAME_SERVICE_PORT (its first port), NAME_SERVICE_PORT_<PORTNAME> for each named port in list order, and then the Docker-link variables (S5).",
        upstream: &[at(&ENVVARS, "FromServices", 42, 57)],
    },
    Rule {
        id: "S4",
        title: "Unnamed ports get no named variable",
        statement: "A port without a name gets no NAME_SERVICE_PORT_<PORTNAME> variable. Validation requires names as soon as a Service has two ports, so in practice only single-port Services have an unnamed port.",
        upstream: &[at(&ENVVARS, "FromServices", 48, 55)],
    },
    Rule {
        id: "S5",
        title: "Docker-link variables",
        statement: "NAME_PORT is the first port as proto://address:port. Every port adds NAME_PORT_<port>_<PROTO> in the same URL form, plus _PROTO (the protocol in lower case), _PORT (the number) and _ADDR (the cluster IP). In the URL forms an IPv6 address is put in brackets; _ADDR and NAME_SERVICE_HOST stay bare.",
        upstream: &[
            at(&ENVVARS, "makeLinkVariables", 70, 108),
            at(&ENVVARS_TEST, "TestFromServices (super-ipv6)", 138, 150),
        ],
    },
    Rule {
        id: "S6",
        title: "Protocol spelling",
        statement: "The protocol is used as written (TCP when empty): lower case in URLs and _PROTO, upper case in the variable name, so TCP, UDP and SCTP become tcp, udp and sctp.",
        upstream: &[at(&ENVVARS, "makeLinkVariables", 76, 96)],
    },
    Rule {
        id: "S7",
        title: "How many variables a Service yields",
        statement: "A Service with n ports of which k are named yields 2 + k + 1 + 4n variables: host and first port, one per named port, the first-port URL, and four per port.",
        upstream: &[at(&ENVVARS, "FromServices", 42, 57), at(&ENVVARS, "makeLinkVariables", 80, 105)],
    },
    Rule {
        id: "S8",
        title: "What the variables ignore",
        statement: "targetPort, nodePort, appProtocol, the selector and the Service type play no part: NodePort and LoadBalancer Services yield exactly what a ClusterIP Service with the same ports yields.",
        upstream: &[at(&ENVVARS, "FromServices", 30, 60)],
    },
    Rule {
        id: "S9",
        title: "Dual-stack Services show one family",
        statement: "Only spec.clusterIP, the primary address, is used; no variable exposes a dual-stack Service's second cluster IP.",
        upstream: &[at(&ENVVARS, "FromServices", 43, 44)],
    },
    Rule {
        id: "S10",
        title: "IPv6 brackets since v1.7",
        statement: "Kubelets since v1.7 put IPv6 cluster IPs in brackets in the URL variables; older ones wrote proto://IP:port even for IPv6, which is what the stored copy of envvars.go still shows.",
        upstream: &[
            at(&ENVVARS, "makeLinkVariables (unbracketed form)", 82, 91),
            at(&ENVVARS_TEST, "TestFromServices (super-ipv6)", 82, 92),
        ],
    },
    // V: which Services a container sees.
    Rule {
        id: "V1",
        title: "No API server, no Service variables",
        statement: "A kubelet that has no Service lister (standalone, no API server) builds no service variables at all, not even KUBERNETES_*.",
        upstream: &[at(&KUBELET_PODS, "getServiceEnvVarMap", 704, 709)],
    },
    Rule {
        id: "V2",
        title: "Own namespace, plus default/kubernetes",
        statement: "A container sees the Services of its own namespace when enableServiceLinks is true, and always the kubernetes Service of the default namespace. A Service named kubernetes in the pod's own namespace replaces the default one when service links are on.",
        upstream: &[
            at(&KUBELET_PODS, "masterServices", 694, 694),
            at(&KUBELET_PODS, "getServiceEnvVarMap", 715, 735),
        ],
    },
    Rule {
        id: "V3",
        title: "Colliding names: Go map order decides",
        statement: "The chosen Services are walked in Go map order, which changes from run to run, and their variables go into one name-to-value map; when two Services yield the same name, whichever comes later wins, so the value is not predictable.",
        upstream: &[at(&KUBELET_PODS, "getServiceEnvVarMap", 737, 745)],
    },
    Rule {
        id: "V4",
        title: "Computed when the container starts",
        statement: "The environment is built each time a container starts. Services created or changed later show up only after a restart, and changing them does not restart anything.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables", 768, 771)],
    },
    Rule {
        id: "V5",
        title: "Wait until Services were listed once",
        statement: "A pod from the API server cannot start until the kubelet has listed Services at least once; static pods skip this wait and may start without KUBERNETES_* right after a kubelet restart.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables", 755, 765)],
    },
    // E: building one container's environment.
    Rule {
        id: "E1",
        title: "Order: services, envFrom, env",
        statement: "The kubelet takes the service variables, then every envFrom source in order, then every env entry in order; a later definition replaces an earlier one of the same name.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables", 749, 1000)],
    },
    Rule {
        id: "E2",
        title: "enableServiceLinks must be set",
        statement: "If enableServiceLinks is unset when the kubelet builds the environment, the container fails. API defaulting (A2) means this only happens when defaulting was bypassed.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables", 751, 753)],
    },
    Rule {
        id: "E3",
        title: "envFrom copies every key",
        statement: "envFrom copies every key of a ConfigMap's data or a Secret's data, with the prefix in front, and a later source wins on the same name. Keys are not filtered, binaryData is never read, and values are never expanded. A missing source is skipped only when it is optional.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (envFrom loop)", 788, 849)],
    },
    Rule {
        id: "E4",
        title: "An env value is expanded",
        statement: "A non-empty value is expanded ($(NAME), X1-X3); otherwise valueFrom is resolved and never expanded; an entry with neither sets the variable to the empty string. The result replaces any earlier definition of the name.",
        upstream: &[
            at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 863, 868),
            at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 980, 980),
        ],
    },
    Rule {
        id: "E5",
        title: "fieldRef and resourceFieldRef",
        statement: "fieldRef reads a field of the running pod and resourceFieldRef a resource of a container (the downward API, F and R rules); an error in either stops the container.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 871, 884)],
    },
    Rule {
        id: "E6",
        title: "configMapKeyRef",
        statement: "configMapKeyRef reads one key of a ConfigMap's data. A missing ConfigMap or key stops the container unless the reference is optional; an optional miss leaves any earlier value of the name in place.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 885, 911)],
    },
    Rule {
        id: "E7",
        title: "secretKeyRef",
        statement: "secretKeyRef reads one key of a Secret's data, with the same rules as configMapKeyRef: a miss stops the container unless optional, and an optional miss leaves the earlier value.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 912, 940)],
    },
    Rule {
        id: "E8",
        title: "fileKeyRef",
        statement: "With the EnvFiles gate on, fileKeyRef reads one key from an env file in a mounted pod volume when the container starts. A file that cannot be read or parsed always fails; a missing or empty key is skipped only when optional.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 941, 976)],
    },
    // X: $(VAR) expansion and env files.
    Rule {
        id: "X1",
        title: "The $(VAR) syntax",
        statement: "$(NAME) is replaced, where NAME runs to the first ')'; $$ is a literal $; a $( without a later ) is kept; $ followed by anything else, or at the very end, is kept as written. Backslashes mean nothing.",
        upstream: &[at(&EXPAND, "Expand", 39, 74), at(&EXPAND, "tryReadVariableName", 82, 105)],
    },
    Rule {
        id: "X2",
        title: "Unknown names stay; no second pass",
        statement: "A name is looked up in each map in order and the first hit wins; an unknown name is left as $(NAME). A replacement is not scanned again, so a value that itself contains $(X) stays literal.",
        upstream: &[at(&EXPAND, "MappingFuncFor", 23, 34)],
    },
    Rule {
        id: "X3",
        title: "What an env value can see",
        statement: "An env value sees the envFrom keys, the env entries above it and the service variables, never an entry further down. X=$(X) sees the previous value of X.",
        upstream: &[
            at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 860, 862),
            at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 980, 980),
        ],
    },
    Rule {
        id: "X4",
        title: "command and args",
        statement: "command and args are expanded with the final environment, service and device-plugin variables included; unknown names stay literal.",
        upstream: &[
            at(&CONTAINER_HELPERS, "ExpandContainerCommandAndArgs", 164, 180),
            at(&KUBERUNTIME_CONTAINER, "generateContainerConfig", 354, 354),
        ],
    },
    Rule {
        id: "X5",
        title: "subPathExpr",
        statement: "subPathExpr is expanded with the final environment, but a missing or empty name is an error that stops the container.",
        upstream: &[at(&CONTAINER_HELPERS, "ExpandContainerVolumeMounts", 145, 161)],
    },
    Rule {
        id: "X6",
        title: "UTF-8 after $",
        statement: "The character after $ is read as one UTF-8 character, so a multi-byte character right after $ is kept whole (an older byte-wise expander could split it).",
        upstream: &[at(&EXPAND, "tryReadVariableName", 82, 105)],
    },
    Rule {
        id: "X-ENV",
        title: "The env-file format",
        statement: "In an env file read by fileKeyRef, leading blanks are ignored, blank and # lines are skipped, and each line is NAME=VALUE with blanks around = and at the end trimmed; there is no quoting. A trailing backslash joins the next line with one space. A line without = or with an empty name is an error, and the first line with the key wins.",
        upstream: &[at(&ENV_UTIL, "ParseEnv", 36, 112)],
    },
    // F: downward API, pod fields.
    Rule {
        id: "F1",
        title: "fieldRef apiVersion and legacy paths",
        statement: "The fieldRef apiVersion must be v1, and the legacy path spec.host is read as spec.nodeName.",
        upstream: &[
            at(&POD_HELPERS, "ConvertDownwardAPIFieldLabel", 65, 100),
            at(&KUBELET_PODS, "podFieldSelectorRuntimeValue", 1005, 1008),
        ],
    },
    Rule {
        id: "F2",
        title: "Which fields env may read",
        statement: "env may read metadata.name, metadata.namespace, metadata.uid, metadata.labels['k'], metadata.annotations['k'], spec.nodeName, spec.serviceAccountName, status.hostIP(s) and status.podIP(s). Whole label or annotation maps and indexed forms such as status.podIPs[0] are rejected; a label key must be a qualified name, an annotation key too once lower-cased.",
        upstream: &[
            at(&CORE_VALIDATION, "validEnvDownwardAPIFieldPathExpressions", 2601, 2611),
            at(&CORE_VALIDATION, "validateObjectFieldSelector", 2668, 2701),
            at(&FIELDPATH, "ExtractFieldPathAsString", 52, 67),
        ],
    },
    Rule {
        id: "F3",
        title: "Field values",
        statement: "Names, uid, node and service account are copied as they are; a missing label or annotation key gives the empty string. Pod IPs are sorted with the node's IP family first, at most one per family, and joined with ','; status.podIP is the first of them.",
        upstream: &[
            at(&KUBELET_PODS, "podFieldSelectorRuntimeValue", 1010, 1042),
            at(&FIELDPATH, "ExtractFieldPathAsString", 46, 83),
        ],
    },
    Rule {
        id: "F3a",
        title: "Host IPs come from the Node",
        statement: "status.hostIP is the Node's first InternalIP, or its first ExternalIP when there is none; status.hostIPs adds the first address of the other family. With neither kind of address the container fails with 'host IP unknown'. The stored copy of node.go has only the single-address GetNodeHostIP; the dual-stack GetNodeHostIPs could not be read.",
        upstream: &[at(&NODE_UTIL, "GetNodeHostIP", 96, 109)],
    },
    Rule {
        id: "F4",
        title: "When the IP fields arrived",
        statement: "status.podIPs became readable from env with dual-stack in v1.17; status.hostIPs came with PodHostIPs (alpha v1.28, beta v1.29, GA v1.30), and until GA the API refused it unless the gate was on.",
        upstream: &[at(&CORE_VALIDATION, "validateDownwardAPIHostIPs", 2703, 2711)],
    },
    // R: downward API, container resources.
    Rule {
        id: "R1",
        title: "Which resources can be read",
        statement: "limits and requests of cpu, memory and ephemeral-storage, and any hugepages-* limit or request.",
        upstream: &[
            at(&CORE_VALIDATION, "validContainerResourceFieldPathExpressions", 2613, 2625),
            at(&RESOURCE_HELPERS, "ExtractContainerResourceValue", 214, 242),
        ],
    },
    Rule {
        id: "R2",
        title: "The divisor",
        statement: "The divisor scales the value: 1m or 1 for cpu; 1, 1k, 1M, ... or 1Ki, 1Mi, ... for memory, ephemeral-storage and hugepages. An unset divisor means 1; validation compares the divisor's canonical string with these lists.",
        upstream: &[
            at(&CORE_VALIDATION, "validContainerResourceDivisorFor*", 2797, 2809),
            at(&CORE_VALIDATION, "validateContainerResourceDivisor", 2811, 2837),
            at(&RESOURCE_HELPERS, "ExtractContainerResourceValue", 207, 212),
        ],
    },
    Rule {
        id: "R3",
        title: "Always rounded up",
        statement: "The value is the quantity divided by the divisor, rounded up to a whole number and printed without a unit: 250m of cpu with the default divisor gives 1.",
        upstream: &[at(&RESOURCE_HELPERS, "convertResource*ToString", 247, 271)],
    },
    Rule {
        id: "R4",
        title: "No limit reads as node allocatable",
        statement: "A missing or zero cpu, memory or ephemeral-storage limit is read as the node's allocatable amount (hugepages never are); requests are not filled in by the kubelet.",
        upstream: &[
            at(&KUBELET_RESOURCES, "defaultPodLimitsForDownwardAPI", 35, 57),
            at(&RESOURCE_HELPERS, "MergeContainerResourceLimits", 290, 304),
        ],
    },
    Rule {
        id: "R5",
        title: "containerName",
        statement: "An empty containerName means this container; otherwise the named container is looked up among containers, then init containers.",
        upstream: &[
            at(&KUBELET_PODS, "containerResourceRuntimeValue", 1046, 1052),
            at(&RESOURCE_HELPERS, "findContainerInPod", 274, 286),
        ],
    },
    Rule {
        id: "R6",
        title: "A Node object is needed",
        statement: "If the kubelet cannot get its Node, a resourceFieldRef fails the container, even when every limit is set.",
        upstream: &[at(&KUBELET_RESOURCES, "defaultPodLimitsForDownwardAPI", 40, 43)],
    },
    // O: the list handed to the runtime.
    Rule {
        id: "O1",
        title: "Device-plugin variables come first",
        statement: "The container manager's variables (device plugins, DRA) come first, then the kubelet's list is appended.",
        upstream: &[
            at(&KUBELET_PODS, "GenerateRunContainerOptions", 647, 650),
            at(&KUBELET_PODS, "GenerateRunContainerOptions", 667, 671),
        ],
    },
    Rule {
        id: "O2",
        title: "User values win; the order is random",
        statement: "The list is every env and envFrom variable, then every service variable whose name is not already taken. So your own value wins over a service variable of the same name, and the order changes from run to run.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (tmpEnv, then service variables)", 983, 999)],
    },
    Rule {
        id: "O3",
        title: "Copied one to one into the CRI",
        statement: "generateContainerConfig copies the list into the CRI envs field as it is: no sorting, no de-duplication.",
        upstream: &[
            at(&KUBERUNTIME_CONTAINER, "generateContainerConfig", 387, 396),
            at(&CRI_API, "ContainerConfig.envs", 1249, 1250),
        ],
    },
    Rule {
        id: "O4",
        title: "What the runtime adds",
        statement: "Outside the kubelet, containerd adds HOSTNAME and the image's ENV entries act as defaults that the container's list overrides. Not verified against containerd's source; no link.",
        upstream: &[],
    },
    Rule {
        id: "O5",
        title: "How podenv shows the list",
        statement: "podenv shows the kubelet's list sorted by name, as upstream tests compare it, with each variable's origin, and says that the real order is random. podenv's own presentation; no upstream code.",
        upstream: &[],
    },
    Rule {
        id: "O6",
        title: "What exec accepts",
        statement: "Past the runtime, Linux copies the environment and arguments into the new process: each NAME=value string or argument (with its NUL) may be at most 131,072 bytes (MAX_ARG_STRLEN), or exec fails with E2BIG and the container never starts; all of them with their pointers should fit a quarter of the stack limit (2 MiB with the usual 8 MiB). Thousands of Services reach the second limit. Linux, not Kubernetes: include/uapi/linux/binfmts.h and fs/exec.c; no link pinned.",
        upstream: &[],
    },
    // ERR: errors as a user sees them.
    Rule {
        id: "ERR1",
        title: "CreateContainerConfigError",
        statement: "When any variable cannot be built, the container is not started: a Warning event 'Failed' with 'Error: <message>', status CreateContainerConfigError, and retries with back-off until the missing object exists.",
        upstream: &[
            at(&KUBERUNTIME_CONTAINER, "startContainer", 249, 257),
            at(&KUBERUNTIME_CONTAINER, "ErrCreateContainerConfig", 66, 66),
        ],
    },
    Rule {
        id: "ERR2",
        title: "The kubelet's messages",
        statement: "The message names what is missing: configmap \"NAME\" not found, secret \"NAME\" not found, couldn't find key KEY in ConfigMap NS/NAME (or Secret), and the messages of E2, V5, E8 and X5.",
        upstream: &[
            at(&KUBELET_PODS, "makeEnvironmentVariables", 751, 765),
            at(&KUBELET_PODS, "makeEnvironmentVariables (env loop)", 885, 940),
        ],
    },
    Rule {
        id: "ERR3",
        title: "What is not an error",
        statement: "Optional misses, unknown $(NAME) references (kept literally) and empty values are not errors.",
        upstream: &[at(&KUBELET_PODS, "makeEnvironmentVariables (envFrom loop)", 800, 808)],
    },
    Rule {
        id: "ERR4",
        title: "Dropped envFrom keys before v1.30",
        statement: "Kubelets from v1.6 to v1.29 dropped envFrom keys that were not valid variable names and emitted one InvalidEnvironmentVariableNames event per source; the pod still started. History only; today's code has no such filter.",
        upstream: &[],
    },
    // VAL: what the API server rejects.
    Rule {
        id: "VAL1",
        title: "Strict variable names",
        statement: "A strict name starts with a letter, '_', '-' or '.', goes on with those or digits, and is not '.', '..' or anything starting with '..'.",
        upstream: &[at(&NAME_VALIDATION, "IsEnvVarName", 368, 385)],
    },
    Rule {
        id: "VAL2",
        title: "Relaxed variable names",
        statement: "A relaxed name is any non-empty run of printable ASCII characters other than '='; spaces are allowed.",
        upstream: &[at(&NAME_VALIDATION, "IsRelaxedEnvVarName", 388, 403)],
    },
    Rule {
        id: "VAL3",
        title: "Which name rule applies",
        statement: "The RelaxedEnvironmentVariableValidation gate (alpha v1.30, beta v1.32, GA v1.34) picks relaxed names for env names and envFrom prefixes; before that, strict names apply.",
        upstream: &[
            at(&CORE_VALIDATION, "ValidateEnv", 2586, 2594),
            at(&CORE_VALIDATION, "ValidateEnvFrom", 2742, 2752),
        ],
    },
    Rule {
        id: "VAL4",
        title: "env entries",
        statement: "An env name must not be empty; a non-empty value and valueFrom exclude each other; valueFrom names exactly one source.",
        upstream: &[
            at(&CORE_VALIDATION, "ValidateEnv", 2583, 2585),
            at(&CORE_VALIDATION, "validateEnvVarValueFrom", 2655, 2663),
        ],
    },
    Rule {
        id: "VAL5",
        title: "Duplicate names are only a warning",
        statement: "Two env entries with the same name are allowed; the API only warns that the later one hides the earlier. There is no warning when the later entry is a plain value that contains $(NAME) and something more (X=$(X)123); a valueFrom, a value of exactly $(NAME), or a value without $(NAME) all warn.",
        upstream: &[at(&POD_WARNINGS, "warningsForPodSpecAndMeta", 259, 287)],
    },
    Rule {
        id: "VAL6",
        title: "Key references",
        statement: "A ConfigMap or Secret name must be a DNS subdomain, and a key must be made of letters, digits, '-', '_' and '.', at most 253 long, and not '.', '..' or '..'-prefixed.",
        upstream: &[
            at(&CORE_VALIDATION, "validateConfigMapKeySelector", 2839, 2855),
            at(&CORE_VALIDATION, "validateSecretKeySelector", 2857, 2873),
            at(&NAME_VALIDATION, "IsConfigMapKey", 405, 421),
            at(&NAME_VALIDATION, "IsDNS1123Subdomain", 198, 207),
        ],
    },
    Rule {
        id: "VAL7",
        title: "Service names",
        statement: "A Service name is a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 long.",
        upstream: &[at(&NAME_VALIDATION, "IsDNS1035Label", 232, 241)],
    },
    Rule {
        id: "VAL8",
        title: "Service ports",
        statement: "Ports are required unless the Service is headless or ExternalName; with more than one port every port needs a unique DNS-1123 label name (all digits allowed); numbers are 1-65535; the protocol is TCP, UDP or SCTP; (protocol, port) pairs are unique. The port checks in validation.go were not numbered; the name rule is linked.",
        upstream: &[at(&NAME_VALIDATION, "IsDNS1123Label", 167, 182)],
    },
    Rule {
        id: "VAL9",
        title: "Container port names",
        statement: "A container port name is at most 15 characters of a-z, 0-9 and '-', with at least one letter, no '--' and no '-' at either end.",
        upstream: &[
            at(&NAME_VALIDATION, "IsValidPortName", 321, 339),
            at(&CORE_VALIDATION, "validateContainerPorts", 2539, 2575),
        ],
    },
    Rule {
        id: "VAL10",
        title: "ExternalName and headless rules",
        statement: "externalName must be a DNS subdomain (one trailing dot allowed); an ExternalName Service may not set clusterIPs or IP families; NodePort and LoadBalancer Services cannot be headless. The Service checks in validation.go were not numbered; the subdomain rule is linked.",
        upstream: &[at(&NAME_VALIDATION, "IsDNS1123Subdomain", 198, 207)],
    },
    Rule {
        id: "VAL11",
        title: "Pod DNS config",
        statement: "dnsPolicy None needs a dnsConfig with at least one nameserver; at most 3 nameservers, each an IP; at most 32 search domains and 2048 characters (6 and 256 before ExpandedDNSConfig); each search a DNS subdomain (a trailing dot is allowed); every option needs a name. The copy linked here already has the larger limits unconditionally.",
        upstream: &[
            at(&CORE_VALIDATION, "MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars", 3695, 3704),
            at(&CORE_VALIDATION, "validatePodDNSConfig", 3728, 3770),
        ],
    },
    Rule {
        id: "VAL12",
        title: "hostname and subdomain",
        statement: "spec.hostname and spec.subdomain must be DNS-1123 labels, and the kubelet checks them again; hostnameOverride must be a DNS subdomain.",
        upstream: &[
            at(&NAME_VALIDATION, "IsDNS1123Label", 167, 182),
            at(&KUBELET_PODS, "GeneratePodHostNameAndDomain", 595, 632),
        ],
    },
    Rule {
        id: "VAL13",
        title: "Names of objects and data keys",
        statement: "Pods, workloads, ConfigMaps and Secrets are named with DNS-1123 subdomains and namespaces with DNS-1123 labels; every key of a ConfigMap's data or binaryData and of a Secret's data or stringData must be a valid ConfigMap key. The API server rejects the object otherwise, so it is never stored: a pod does not run, and references to a ConfigMap or Secret find nothing.",
        upstream: &[
            at(&NAME_VALIDATION, "IsDNS1123Subdomain", 198, 207),
            at(&NAME_VALIDATION, "IsDNS1123Label", 167, 182),
            at(&NAME_VALIDATION, "IsConfigMapKey", 405, 421),
        ],
    },
    Rule {
        id: "VAL14",
        title: "Unknown fields (strict field validation)",
        statement: "kubectl asks the API server for strict field validation by default (--validate=strict): a field the object's type does not have, such as a misspelled evn or valueform, makes kubectl apply fail with unknown field \"<path>\". With --validate=false the server silently drops the field, which is what podenv models, so the variable the field was meant to make is missing. podenv warns at the field and names the closest known one. The server-side decoder was not read; no link.",
        upstream: &[],
    },
    // H: version history (facts about releases; no code to link).
    Rule {
        id: "H1",
        title: "v1.6: envFrom",
        statement: "envFrom arrived in v1.6; invalid keys first failed the pod, then were skipped with an event. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H2",
        title: "v1.7: IPv6 brackets; wider names",
        statement: "v1.7 brought IPv6 brackets in link variables; the env-name rule was widened to allow '.' and '-' around v1.8. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H3",
        title: "v1.30: relaxed names, no key filter",
        statement: "v1.30 relaxed env names behind a gate and removed the kubelet's envFrom key filter and its event; beta v1.32, GA v1.34. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H4",
        title: "v1.13: enableServiceLinks",
        statement: "enableServiceLinks arrived in v1.13, default true; the kubernetes Service is injected either way. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H5",
        title: "Downward API fields over time",
        statement: "The base fields have always been readable; status.podIPs came in v1.17 and status.hostIPs in v1.28-v1.30. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H6",
        title: "fileKeyRef",
        statement: "fileKeyRef (EnvFiles) was alpha in v1.34 and beta in v1.35. History only; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "H7",
        title: "Search-list limits",
        statement: "The search-list limits grew from 6 domains and 256 characters to 32 and 2048 between v1.22 and v1.28 (ExpandedDNSConfig). History only; the gate check is visible in C6's link.",
        upstream: &[],
    },
    Rule {
        id: "H8",
        title: "FromServices' signature",
        statement: "FromServices changed from taking a ServiceList to a slice of Services without changing behaviour, apart from S2's old name tweaks and S10. History only; no code to link.",
        upstream: &[],
    },
    // D: DNS records a cluster DNS serves.
    Rule {
        id: "D1",
        title: "dns-version TXT",
        statement: "dns-version.<domain> answers TXT with the schema version of the DNS spec the server implements.",
        upstream: &[at(&DNS_SPEC, "2.2 Record for Schema Version", 45, 55), at(&COREDNS, "Services (TXT)", 95, 107)],
    },
    Rule {
        id: "D2",
        title: "A/AAAA for a ClusterIP Service",
        statement: "<svc>.<ns>.svc.<domain> answers the cluster IP: A for IPv4, AAAA for IPv6; CoreDNS answers every cluster IP of a dual-stack Service.",
        upstream: &[at(&DNS_SPEC, "2.3.1 A Record", 57, 69), at(&COREDNS, "findServices (ClusterIP)", 542, 555)],
    },
    Rule {
        id: "D3",
        title: "SRV for named ports",
        statement: "Each named port has _<port>._<proto>.<svc>.<ns>.svc.<domain> pointing at the Service name with the Service port (not targetPort); unnamed ports have no SRV.",
        upstream: &[at(&DNS_SPEC, "2.3.2 SRV Records", 70, 90)],
    },
    Rule {
        id: "D4",
        title: "PTR for the cluster IP",
        statement: "The reversed address under in-addr.arpa (IPv4) or the 32 reversed nibbles under ip6.arpa (IPv6) points back at the Service name.",
        upstream: &[at(&DNS_SPEC, "2.3.3 PTR Record", 91, 99)],
    },
    Rule {
        id: "D5",
        title: "Headless Services",
        statement: "A headless Service name answers one address per ready endpoint (NXDOMAIN if none); each endpoint with a hostname gets <host>.<svc>.<ns>.svc.<domain>, SRV records per named port and endpoint, and PTRs. publishNotReadyAddresses counts not-ready endpoints as ready.",
        upstream: &[at(&DNS_SPEC, "2.4 Records for a Headless Service", 101, 171), at(&COREDNS, "findServices (headless)", 504, 540)],
    },
    Rule {
        id: "D6",
        title: "An endpoint's hostname",
        statement: "An endpoint's DNS hostname is its hostname field; else, in CoreDNS's endpoint_pod_names mode, the pod name; else its IP with '.' or ':' turned into '-'.",
        upstream: &[at(&DNS_SPEC, "2.1 Definitions (hostname)", 35, 38), at(&COREDNS, "endpointHostname", 341, 355)],
    },
    Rule {
        id: "D7",
        title: "Pod hostname and subdomain",
        statement: "A pod that sets hostname and a subdomain equal to a headless Service in its namespace gets hostname.subdomain.<ns>.svc.<domain> (StatefulSets set both). The endpoint controllers copy the hostname into the Service's endpoints only when the subdomain names that Service in the pod's namespace, and the kubelet builds the pod's own domain from the subdomain.",
        upstream: &[
            at(&ENDPOINT_UTIL, "ShouldSetHostname", 149, 151),
            at(&KUBELET_PODS, "GeneratePodHostNameAndDomain", 595, 632),
        ],
    },
    Rule {
        id: "D8",
        title: "ExternalName is a CNAME",
        statement: "An ExternalName Service name is a CNAME to externalName (with a trailing dot); no cluster IP, no variables, no SRV.",
        upstream: &[at(&DNS_SPEC, "2.5 Records for External Name Services", 173, 185), at(&COREDNS, "findServices (ExternalName)", 492, 502)],
    },
    Rule {
        id: "D9",
        title: "Pod A records",
        statement: "<ip-with-dashes>.<ns>.pod.<domain> answers that IP: exactly three '-' and no '--' read as IPv4, anything else as IPv6. CoreDNS serves them only with pods insecure (any valid IP) or pods verified (a pod must have it); the default, pods disabled, serves none.",
        upstream: &[at(&DNS_SPEC, "2.6 Deprecated Records", 187, 194), at(&COREDNS, "findPods", 357, 424)],
    },
    Rule {
        id: "D10",
        title: "A documentation drift",
        statement: "The website's pod-ip-address.deployment-name.my-namespace.svc form is really D6's IP-dashes hostname under a headless Service name, not a Deployment name. About documentation; no code to link.",
        upstream: &[],
    },
    // C: a pod's resolv.conf.
    Rule {
        id: "C1",
        title: "Parsing the node's resolv.conf",
        statement: "Lines are trimmed and # lines skipped; nameserver lines add up (the first word after nameserver counts, a bare nameserver line is an error); the last search line and the last options line win; search entries lose one trailing dot.",
        upstream: &[at(&POD_DNS, "parseResolvConf", 230, 277)],
    },
    Rule {
        id: "C2",
        title: "Policy decides the base",
        statement: "None starts empty; ClusterFirstWithHostNet uses the cluster base; ClusterFirst uses it too except on hostNetwork pods, which get the host base; Default uses the host base; an unknown policy is treated as cluster.",
        upstream: &[at(&POD_DNS, "getPodDNSType", 301, 320)],
    },
    Rule {
        id: "C3",
        title: "The cluster base",
        statement: "Nameservers are the cluster DNS IPs; search is <ns>.svc.<domain>, svc.<domain>, <domain>, then the node's searches without duplicates; options are exactly ndots:5. With no cluster DNS configured, the kubelet warns (MissingClusterDNS) and uses the host base.",
        upstream: &[
            at(&POD_DNS, "GetPodDNS", 378, 398),
            at(&POD_DNS, "generateSearchesForDNSClusterFirst", 166, 176),
            at(&POD_DNS, "defaultDNSOptions", 45, 45),
        ],
    },
    Rule {
        id: "C4",
        title: "The host base",
        statement: "The node's nameservers, searches and options as parsed. If the kubelet's resolvConf is empty: one 127.0.0.1 or ::1 per node IP (127.0.0.1 when there are none), search '.', no options.",
        upstream: &[at(&POD_DNS, "GetPodDNS", 399, 419), at(&POD_DNS, "getHostDNSConfig", 279, 299)],
    },
    Rule {
        id: "C5",
        title: "Merging dnsConfig",
        statement: "dnsConfig nameservers and searches are appended without duplicates; options are merged by name, dnsConfig winning, and written back in Go map order, so their order is not fixed.",
        upstream: &[at(&POD_DNS, "appendDNSConfig", 355, 360), at(&POD_DNS, "mergeDNSOptions", 324, 350)],
    },
    Rule {
        id: "C6",
        title: "Limits applied last",
        statement: "At most 3 nameservers; at most 32 search domains, each at most 253 characters, and a search line of at most 2048 characters, cut from the end (6 and 256 before ExpandedDNSConfig). Any cut raises a DNSConfigForming warning.",
        upstream: &[
            at(&POD_DNS, "formDNSConfigFitsLimits", 160, 164),
            at(&POD_DNS, "formDNSSearchFitsLimits", 100, 148),
            at(&POD_DNS, "formDNSNameserversFitsLimits", 150, 158),
        ],
    },
    Rule {
        id: "C7",
        title: "How the runtime writes the file",
        statement: "containerd writes the search line first, then one nameserver line per server, then the options line; when the kubelet sends no DNS config at all, it copies the node's resolv.conf instead. Other runtimes were not checked.",
        upstream: &[
            at(&CONTAINERD_SANDBOX, "setupSandboxFiles", 273, 287),
            at(&CONTAINERD_SANDBOX, "parseDNSOptions", 310, 326),
        ],
    },
    Rule {
        id: "C7a",
        title: "A documentation drift",
        statement: "The website still says at most 6 search domains; the code allows 32 since ExpandedDNSConfig (C6). About documentation; no code to link.",
        upstream: &[],
    },
    Rule {
        id: "C8",
        title: "ClusterFirst on the host network",
        statement: "A hostNetwork pod with ClusterFirst silently gets the node's resolver; ClusterFirstWithHostNet gives it cluster DNS.",
        upstream: &[at(&POD_DNS, "getPodDNSType", 308, 315)],
    },
    // N: hostname and /etc/hosts.
    Rule {
        id: "N1",
        title: "The pod's hostname",
        statement: "The hostname is spec.hostname, else the pod name, cut to 63 characters with trailing '-' and '.' removed; with the HostnameOverride gate, hostnameOverride is used and the domain is empty.",
        upstream: &[
            at(&KUBELET_PODS, "GeneratePodHostNameAndDomain", 595, 621),
            at(&KUBELET_PODS, "truncatePodHostnameIfNeeded", 571, 586),
        ],
    },
    Rule {
        id: "N2",
        title: "The pod's domain",
        statement: "The domain is <subdomain>.<ns>.svc.<domain> when spec.subdomain is set, else empty, whether or not a matching headless Service exists.",
        upstream: &[at(&KUBELET_PODS, "GeneratePodHostNameAndDomain", 623, 631)],
    },
    Rule {
        id: "N3",
        title: "setHostnameAsFQDN",
        statement: "With setHostnameAsFQDN and a domain, the kernel hostname is hostname.domain; a name longer than 64 characters fails the pod sandbox.",
        upstream: &[at(&KUBELET_UTIL, "GetNodenameForKernel", 36, 49)],
    },
    Rule {
        id: "N4",
        title: "The managed /etc/hosts",
        statement: "A header line, the fixed localhost and IPv6 lines, one line per pod IP with the FQDN and the short name (or just the name without a domain), then the hostAliases block. Host-network pods get the node's file plus the aliases.",
        upstream: &[
            at(&KUBELET_PODS, "managedHostsFileContent", 530, 553),
            at(&KUBELET_PODS, "hostsEntriesFromHostAliases", 555, 568),
            at(&KUBELET_PODS, "nodeHostsFileContent", 516, 526),
        ],
    },
    // W: how a resolver walks the search list.
    Rule {
        id: "W1",
        title: "A trailing dot means absolute",
        statement: "A name ending in '.' is looked up as it is and nothing else.",
        upstream: &[at(&GO_DNSCLIENT, "nameList", 497, 503)],
    },
    Rule {
        id: "W2",
        title: "ndots decides what goes first",
        statement: "With fewer dots than ndots, each search domain is tried first and the name as typed last; with enough dots, the name as typed goes first. The first positive answer ends the walk.",
        upstream: &[at(&GO_DNSCLIENT, "nameList", 505, 527)],
    },
    Rule {
        id: "W3",
        title: "Go skips some candidates",
        statement: "Go's resolver skips candidates longer than 254 characters and .onion names.",
        upstream: &[at(&GO_DNSCLIENT, "nameList", 490, 495), at(&GO_DNSCLIENT, "avoidDNS", 478, 486)],
    },
    Rule {
        id: "W4",
        title: "musl differs",
        statement: "musl (Alpine) does not try the search list at all when the name has enough dots. Not verified against musl's source; no link.",
        upstream: &[],
    },
    Rule {
        id: "W5",
        title: "ndots:5 makes outside names slow",
        statement: "With the Kubernetes ndots:5, a name with fewer than five dots, such as api.example.com, tries every search domain before the name itself: three or four wasted lookups. A trailing dot avoids them.",
        upstream: &[at(&POD_DNS, "defaultDNSOptions", 45, 45), at(&GO_DNSCLIENT, "nameList", 505, 527)],
    },
];

/// The catalogue as the Markdown of `docs/rules.md`: one section per family, each rule with
/// id, title, statement and upstream links, then the trace steps and the pinned copies.
pub fn markdown() -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("# Rules\n\n");
    out.push_str(
        "<!-- Generated from crates/podenv-core/src/rules.rs by `cargo test -p podenv-core --test rules`; \
         UPDATE_EXPECT=1 rewrites it. Do not edit by hand. -->\n\n",
    );
    out.push_str(&format!(
        "Every behaviour podenv mirrors, by the id the code, the fixtures and the output cite. \
         podenv models Kubernetes {MODELLED_RELEASE}. Statements are podenv's own words. \
         Upstream links point at line ranges that were numbered on a stored copy of each file; \
         no copy at the tag {MODELLED_RELEASE} could be read, so each link is pinned to the \
         commit of the copy that was read (see [Pinned copies](#pinned-copies)). \
         `podenv rules [ID]...` prints the same entries; `--lang zh` prints them in Chinese.\n\n"
    ));
    for family in FAMILIES {
        let rules: Vec<&Rule> = RULES
            .iter()
            .filter(|r| r.family().prefix == family.prefix)
            .collect();
        if rules.is_empty() {
            continue;
        }
        out.push_str(&format!("## {} — {}\n\n", family.prefix, family.title));
        for rule in rules {
            out.push_str(&format!(
                "### {} — {}\n\n{}\n\n",
                rule.id,
                markdown_text(rule.title),
                markdown_text(rule.statement)
            ));
            if rule.upstream.is_empty() {
                out.push_str("No upstream link (see the statement).\n\n");
                continue;
            }
            for place in rule.upstream {
                out.push_str(&format!("- {}\n", link(place)));
            }
            out.push('\n');
        }
    }
    out.push_str("## Trace steps\n\n| step | upstream |\n|---|---|\n");
    for step in STEPS {
        let places: Vec<String> = step.upstream.iter().map(link).collect();
        out.push_str(&format!("| `{}` | {} |\n", step.id, places.join("<br>")));
    }
    out.push_str("\n## Pinned copies\n\n| repository | file | ref | note |\n|---|---|---|---|\n");
    for pin in PINS {
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} |\n",
            pin.repository, pin.file, pin.git_ref, pin.note
        ));
    }
    out
}

/// Plain text made safe for Markdown: `<svc>` would otherwise be read as an HTML tag.
fn markdown_text(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// `[file function, lines a-b @ ref](url)` for Markdown.
fn link(place: &Upstream) -> String {
    let (first, last) = place.lines;
    format!(
        "[`{}` {}, lines {first}-{last} @ `{}`]({})",
        place.file,
        place.function,
        place.short_ref(),
        place.url()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_in_a_known_family() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let prefix_len = rule.id.bytes().take_while(u8::is_ascii_uppercase).count();
            assert!(
                FAMILIES.iter().any(|f| f.prefix == &rule.id[..prefix_len]),
                "{} is in no family",
                rule.id
            );
        }
        let mut steps = HashSet::new();
        for s in STEPS {
            assert!(steps.insert(s.id), "duplicate step {}", s.id);
        }
    }

    #[test]
    fn every_rule_has_english_and_chinese_texts() {
        for rule in RULES {
            assert!(!rule.title.trim().is_empty(), "{} has no title", rule.id);
            assert!(
                !rule.statement.trim().is_empty(),
                "{} has no statement",
                rule.id
            );
            let (title, statement) = zh::text(rule.id).unwrap_or(("", ""));
            assert!(!title.trim().is_empty(), "{} has no Chinese title", rule.id);
            assert!(
                !statement.trim().is_empty(),
                "{} has no Chinese statement",
                rule.id
            );
            assert!(
                statement
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}'s Chinese statement has no Chinese in it",
                rule.id
            );
        }
        for id in zh::ids() {
            assert!(rule(id).is_some(), "Chinese text for unknown rule {id}");
        }
    }

    #[test]
    fn every_upstream_has_an_ordered_range_and_a_pinned_ref() {
        let places = RULES
            .iter()
            .flat_map(|r| r.upstream.iter().map(move |u| (r.id, u)))
            .chain(
                STEPS
                    .iter()
                    .flat_map(|s| s.upstream.iter().map(move |u| (s.id, u))),
            );
        for (id, place) in places {
            let (first, last) = place.lines;
            assert!(first >= 1 && first <= last, "{id}: lines {first}-{last}");
            let tag = place.git_ref.starts_with('v')
                && place.git_ref[1..]
                    .split('.')
                    .all(|p| p.parse::<u32>().is_ok());
            assert!(
                is_commit(place.git_ref) || tag,
                "{id}: ref {}",
                place.git_ref
            );
            assert!(place.repository.contains('/'), "{id}: {}", place.repository);
            assert!(!place.function.is_empty() && !place.file.is_empty(), "{id}");
            assert!(
                PINS.iter()
                    .any(|p| p.file == place.file && p.git_ref == place.git_ref),
                "{id}: {} @ {} is not among the pinned copies",
                place.file,
                place.git_ref
            );
            assert!(place.url().ends_with(&format!("#L{first}-L{last}")));
        }
    }

    #[test]
    fn links_carry_line_anchors() {
        let s3 = rule("S3").map(|r| r.upstream[0].url());
        assert_eq!(
            s3.as_deref(),
            Some("https://github.com/kubernetes/kubernetes/blob/3085dc64145a749514d6c6c6c08f3f6ed91296e7/pkg/kubelet/envvars/envvars.go#L42-L57")
        );
        let d1 = rule("D1").map(|r| r.upstream[0].url()).unwrap_or_default();
        assert!(
            d1.contains("/docs/specification.md?plain=1#L45-L55"),
            "{d1}"
        );
    }

    #[test]
    fn lookups_are_exact_and_translated() {
        assert_eq!(rule("F3a").map(|r| r.id), Some("F3a"));
        assert_eq!(rule("F3").map(|r| r.id), Some("F3"));
        // Built at run time so the repository scan does not read it as a citation.
        assert!(rule(&["F3", "b"].concat()).is_none());
        assert!(rule("s3").is_none());
        assert_eq!(family_of("ERR2").prefix, "ERR");
        assert_eq!(family_of("VAL10").prefix, "VAL");
        assert_eq!(family_of("X-ENV").prefix, "X");
        assert!(statement("S3", Lang::En).is_some_and(|s| s.contains("SERVICE_HOST")));
        assert!(statement("S3", Lang::Zh).is_some_and(|s| s.contains("SERVICE_HOST")));
        assert_ne!(title("S3", Lang::En), title("S3", Lang::Zh));
        assert_eq!(Lang::parse("ZH"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn every_step_the_trace_uses_is_there() {
        for id in crate::trace::STEP_IDS {
            assert!(step(id).is_some_and(|s| !s.upstream.is_empty()), "{id}");
        }
        assert_eq!(step("dns").map(|s| s.upstream.len()), Some(2));
    }

    #[test]
    fn every_step_and_reason_has_english_and_chinese_words() {
        for s in steps() {
            assert!(!s.title.is_empty() && !s.statement.is_empty(), "{}", s.id);
            let zh = zh::step_text(s.id);
            assert!(
                zh.is_some_and(|(t, st)| !t.is_empty() && !st.is_empty()),
                "{}",
                s.id
            );
            assert_ne!(s.title_in(Lang::Zh), s.title, "{}", s.id);
        }
        // Every reason the trace can record has words in both languages.
        for code in crate::trace::SERVICE_REASONS
            .iter()
            .chain(&crate::trace::DNS_REASONS)
        {
            let r = reason(code).unwrap_or_else(|| panic!("no words for reason {code}"));
            assert!(!r.text.is_empty() && !r.text_zh.is_empty(), "{code}");
        }
        assert_eq!(
            reasons().len(),
            crate::trace::SERVICE_REASONS.len() + crate::trace::DNS_REASONS.len()
        );
    }

    #[test]
    fn every_spec_rule_is_catalogued() {
        // The rules of ../shared/spec/kubelet-env-and-dns.md, plus podenv's own A0, A8-A10.
        let families: &[(&str, u32)] = &[
            ("A", 10),
            ("S", 10),
            ("V", 5),
            ("E", 8),
            ("X", 6),
            ("F", 4),
            ("R", 6),
            ("O", 5),
            ("ERR", 4),
            ("VAL", 12),
            ("H", 8),
            ("D", 10),
            ("C", 8),
            ("N", 4),
            ("W", 5),
        ];
        for (prefix, last) in families {
            let first = if *prefix == "A" { 0 } else { 1 };
            for n in first..=*last {
                let id = format!("{prefix}{n}");
                assert!(rule(&id).is_some(), "{id} missing");
            }
        }
        for id in ["F3a", "C7a", "X-ENV"] {
            assert!(rule(id).is_some(), "{id} missing");
        }
    }
}
