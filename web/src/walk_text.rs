//! The walk-through page's own words, in one table per language (the same scheme as
//! `i18n`: a Chinese table is another value of the same struct, so the compiler checks that
//! nothing is missing). What each step of the kubelet does, and why a Service is used or
//! skipped, is knowledge about Kubernetes and comes from the core's catalogue
//! (`podenv_core::rules::step`, `podenv_core::rules::reason`); these are the page's labels.

use crate::i18n::strings;

/// The walk-through's UI text of one language. `{}` marks where a value goes
/// (`crate::i18n::fill`).
#[derive(Debug)]
pub struct WalkStrings {
    pub nav: &'static str,
    pub nav_hint: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub back: &'static str,
    pub see_how: &'static str,
    pub container: &'static str,
    pub follow: &'static str,
    pub follow_none: &'static str,
    /// `{}`: the variable followed.
    pub following: &'static str,
    pub loading: &'static str,
    pub paused: &'static str,
    pub no_container: &'static str,
    /// `{}`: the step's number; `{}`: how many steps.
    pub step_of: &'static str,
    pub upstream: &'static str,
    pub also: &'static str,
    /// `{}`: how many more rows.
    pub show_all: &'static str,
    pub col_name: &'static str,
    pub col_value: &'static str,
    pub col_origin: &'static str,
    pub col_rule: &'static str,
    pub col_service: &'static str,
    pub col_decision: &'static str,
    pub col_why: &'static str,
    pub col_form: &'static str,
    pub col_key: &'static str,
    pub col_variable: &'static str,
    pub col_dns: &'static str,

    /// `{}`: how many variables.
    pub created: &'static str,
    pub not_created: &'static str,
    pub sandbox_error: &'static str,
    pub final_list: &'static str,
    pub runtime_adds: &'static str,
    /// `{}`: who adds it.
    pub runtime_added_by: &'static str,
    pub runtime_overridden: &'static str,
    pub runtime_unknown: &'static str,

    /// `{}`: how many variables; `{}`: how many from device plugins.
    pub copied: &'static str,
    pub failed_with: &'static str,

    pub run_options_ok: &'static str,
    pub failed_at: &'static str,
    /// `{}`: the entry's index.
    pub entry: &'static str,
    pub sub_paths: &'static str,
    pub sub_path_failed: &'static str,

    pub lister_synced: &'static str,
    pub lister_none: &'static str,
    pub lister_unsynced: &'static str,
    /// `{}`: the pod's namespace; `{}`: `true` or `false`.
    pub map_context: &'static str,
    pub used: &'static str,
    pub skipped: &'static str,
    /// `{}`: how many Services are in the map.
    pub map_size: &'static str,
    pub no_services: &'static str,

    /// `{}`: the Service; `{}`: its cluster IP.
    pub group: &'static str,
    pub master_service: &'static str,
    pub no_groups: &'static str,
    pub collisions: &'static str,
    pub collision_random: &'static str,
    pub collision_same: &'static str,

    pub no_env_from: &'static str,
    pub prefix: &'static str,
    pub optional: &'static str,
    /// `{}`: how many keys.
    pub added_keys: &'static str,
    pub optional_missing: &'static str,
    /// An `envFrom` source assumed to exist (rule A11): its keys are unknown.
    pub assumed_missing: &'static str,
    pub missing: &'static str,
    pub replaces: &'static str,
    pub skipped_keys: &'static str,

    pub no_env: &'static str,
    pub written: &'static str,
    pub value_from: &'static str,
    pub outcome_set: &'static str,
    pub outcome_skipped: &'static str,
    pub outcome_failed: &'static str,
    pub result: &'static str,
    pub references: &'static str,
    pub stays_literal: &'static str,
    pub from: &'static str,
    pub kept_because: &'static str,

    /// `{}`: how many user variables; `{}`: how many service variables added.
    pub merge_counts: &'static str,
    pub user_variables: &'static str,
    pub service_added: &'static str,
    pub suppressed: &'static str,
    pub suppressed_by: &'static str,

    pub no_command: &'static str,
    pub command: &'static str,
    pub args: &'static str,
    pub becomes: &'static str,

    pub dns_policy: &'static str,
    pub resolv_conf: &'static str,
    pub dns_names: &'static str,
    pub no_dns_name: &'static str,
    pub no_links: &'static str,
    /// `{}`: bytes.
    pub env_bytes: &'static str,
    pub reasons: &'static str,
}

/// The walk-through's table in the explorer's current language.
pub fn walk_strings() -> &'static WalkStrings {
    match strings().lang {
        "zh" => &ZH,
        _ => &EN,
    }
}

pub static EN: WalkStrings = WalkStrings {
    nav: "Walk-through",
    nav_hint: "Follow the kubelet's code path for the selected container",
    title: "How the kubelet builds this environment",
    intro: "A walk along the kubelet's source, from what the container runtime receives back to where each variable is made, with the values of your manifests. Each step links to the upstream code at a pinned commit; the words are podenv's own.",
    back: "Back to the explorer",
    see_how: "See how this variable was made",
    container: "Container",
    follow: "Follow a variable",
    follow_none: "(none)",
    following: "Following {}: it is marked in every step.",
    loading: "Recording the kubelet's path…",
    paused: "Analysis is paused: resume it in the explorer to see the walk-through.",
    no_container: "No container to walk through. Paste a Pod or a workload in the explorer.",
    step_of: "Step {} of {}",
    upstream: "Upstream",
    also: "See also",
    show_all: "Show {} more",
    col_name: "Name",
    col_value: "Value",
    col_origin: "Origin",
    col_rule: "Rule",
    col_service: "Service",
    col_decision: "Decision",
    col_why: "Why",
    col_form: "Form",
    col_key: "Key",
    col_variable: "Variable",
    col_dns: "DNS name",

    created: "The runtime creates the container with these {} variables.",
    not_created: "The container is not created, so the runtime receives nothing.",
    sandbox_error: "The pod's sandbox cannot be created:",
    final_list: "The list handed over (sorted by name; the real order is random)",
    runtime_adds: "What the runtime adds itself",
    runtime_added_by: "added by {}",
    runtime_overridden: "not added: the list sets it",
    runtime_unknown: "known when the container runs",

    copied: "{} variables copied one by one, in the order received; {} from device plugins or DRA (podenv models none).",
    failed_with: "The kubelet stops here with:",

    run_options_ok: "The environment was built without error and joins the other run options.",
    failed_at: "Failed at",
    entry: "entry {}",
    sub_paths: "subPathExpr of the volume mounts, expanded against the final list",
    sub_path_failed: "fails",

    lister_synced: "The kubelet has listed the Services of the cluster.",
    lister_none: "The kubelet has no API server, so it knows no Services.",
    lister_unsynced: "The kubelet has not listed the Services yet.",
    map_context: "Pod namespace {}; enableServiceLinks: {}.",
    used: "used",
    skipped: "skipped",
    map_size: "The service map holds {} Services.",
    no_services: "The input has no Services.",

    group: "{} (cluster IP {})",
    master_service: "the API server's Service",
    no_groups: "No Service makes variables for this pod.",
    collisions: "Names made by more than one Service",
    collision_random: "Go map order decides: the value can change from one start to the next.",
    collision_same: "Every candidate has the same value.",

    no_env_from: "This container has no envFrom.",
    prefix: "prefix",
    optional: "optional",
    added_keys: "adds {} keys",
    optional_missing: "not found, but optional: adds nothing",
    assumed_missing: "not in the input, assumed to exist: its keys are unknown",
    missing: "not found: the container cannot start",
    replaces: "replaces",
    skipped_keys: "Keys dropped as invalid variable names:",

    no_env: "This container has no env entries.",
    written: "as written",
    value_from: "valueFrom",
    outcome_set: "set",
    outcome_skipped: "optional reference found nothing: the earlier value stays",
    outcome_failed: "fails",
    result: "result",
    references: "references",
    stays_literal: "stays as written: not defined at this point",
    from: "from",
    kept_because: "it had been kept because",

    merge_counts: "{} variables from envFrom and env, then {} service variables for names not taken.",
    user_variables: "From envFrom and env",
    service_added: "Service variables added",
    suppressed: "Service variables suppressed by your own",
    suppressed_by: "suppressed by",

    no_command: "The container sets neither command nor args: the image's entrypoint runs unchanged.",
    command: "command",
    args: "args",
    becomes: "becomes",

    dns_policy: "dnsPolicy",
    resolv_conf: "The pod's /etc/resolv.conf",
    dns_names: "The DNS name that replaces each service variable",
    no_dns_name: "no DNS equivalent",
    no_links: "This container has no service variables.",
    env_bytes: "Its service variables take {} bytes of the container's environment.",
    reasons: "Why DNS is the better way",
};

pub static ZH: WalkStrings = WalkStrings {
    nav: "逐步解读",
    nav_hint: "沿着 kubelet 的代码路径查看所选容器",
    title: "kubelet 如何构建这份环境变量",
    intro: "沿着 kubelet 的源码走一遍：从容器运行时收到的内容，一直回到每个变量产生的地方，用的是你的清单中的值。每一步都链接到固定提交上的上游代码；文字由 podenv 自己撰写。",
    back: "返回浏览器",
    see_how: "查看这个变量是怎样生成的",
    container: "容器",
    follow: "跟踪一个变量",
    follow_none: "（无）",
    following: "正在跟踪 {}：它在每一步中都会被标出。",
    loading: "正在记录 kubelet 的执行路径…",
    paused: "分析已暂停：请在浏览器中恢复分析以查看逐步解读。",
    no_container: "没有可解读的容器。请在浏览器中粘贴一个 Pod 或工作负载。",
    step_of: "第 {} 步，共 {} 步",
    upstream: "上游代码",
    also: "另见",
    show_all: "再显示 {} 项",
    col_name: "名称",
    col_value: "值",
    col_origin: "来源",
    col_rule: "规则",
    col_service: "Service",
    col_decision: "结果",
    col_why: "原因",
    col_form: "形式",
    col_key: "键",
    col_variable: "变量",
    col_dns: "DNS 名称",

    created: "运行时用这 {} 个变量创建容器。",
    not_created: "容器没有被创建，运行时什么也收不到。",
    sandbox_error: "无法创建 Pod 的沙箱：",
    final_list: "交出的列表（按名称排序；真实顺序是随机的）",
    runtime_adds: "运行时自己添加的内容",
    runtime_added_by: "由 {} 添加",
    runtime_overridden: "不添加：列表已设置",
    runtime_unknown: "容器运行时才知道",

    copied: "按收到的顺序逐个复制了 {} 个变量；来自设备插件或 DRA 的有 {} 个（podenv 不模拟它们）。",
    failed_with: "kubelet 在这里停止，错误为：",

    run_options_ok: "环境变量构建成功，并入其他运行选项。",
    failed_at: "失败位置",
    entry: "第 {} 项",
    sub_paths: "卷挂载的 subPathExpr，用最终列表展开",
    sub_path_failed: "失败",

    lister_synced: "kubelet 已经列出集群中的 Service。",
    lister_none: "kubelet 没有连接 API 服务器，不知道任何 Service。",
    lister_unsynced: "kubelet 还没有列出过 Service。",
    map_context: "Pod 命名空间 {}；enableServiceLinks：{}。",
    used: "使用",
    skipped: "跳过",
    map_size: "Service map 中有 {} 个 Service。",
    no_services: "输入中没有 Service。",

    group: "{}（集群 IP {}）",
    master_service: "API 服务器的 Service",
    no_groups: "没有 Service 为这个 Pod 产生变量。",
    collisions: "由多个 Service 产生的同名变量",
    collision_random: "由 Go map 的顺序决定：每次启动的值都可能不同。",
    collision_same: "所有候选值都相同。",

    no_env_from: "这个容器没有 envFrom。",
    prefix: "前缀",
    optional: "optional",
    added_keys: "加入 {} 个键",
    optional_missing: "没有找到，但为 optional：不加入任何内容",
    assumed_missing: "不在输入中，假定其存在：其键未知",
    missing: "没有找到：容器无法启动",
    replaces: "替换",
    skipped_keys: "因不是合法变量名而丢弃的键：",

    no_env: "这个容器没有 env 条目。",
    written: "原文",
    value_from: "valueFrom",
    outcome_set: "已设置",
    outcome_skipped: "optional 引用没有找到内容：保留之前的值",
    outcome_failed: "失败",
    result: "结果",
    references: "引用",
    stays_literal: "保持原样：此时尚未定义",
    from: "来自",
    kept_because: "之前被保留的原因是",

    merge_counts: "先是来自 envFrom 和 env 的 {} 个变量，再是名称未被占用的 {} 个 Service 变量。",
    user_variables: "来自 envFrom 和 env",
    service_added: "加入的 Service 变量",
    suppressed: "被你自己的变量压过的 Service 变量",
    suppressed_by: "被压过，胜出的是",

    no_command: "这个容器既没有设置 command 也没有设置 args：镜像的入口程序照常运行。",
    command: "command",
    args: "args",
    becomes: "变为",

    dns_policy: "dnsPolicy",
    resolv_conf: "Pod 的 /etc/resolv.conf",
    dns_names: "代替每个 Service 变量的 DNS 名称",
    no_dns_name: "没有对应的 DNS 名称",
    no_links: "这个容器没有 Service 变量。",
    env_bytes: "它的 Service 变量占用容器环境变量中的 {} 字节。",
    reasons: "为什么 DNS 更好",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of a table, by name, through its Debug form (the struct holds only
    /// strings).
    fn fields(table: &WalkStrings) -> Vec<(String, String)> {
        let text = format!("{table:#?}");
        text.lines()
            .filter_map(|line| {
                let (name, value) = line.trim().split_once(": ")?;
                Some((name.to_string(), value.trim_end_matches(',').to_string()))
            })
            .collect()
    }

    #[test]
    fn both_tables_fill_every_field_with_the_same_placeholders() {
        let en = fields(&EN);
        let zh = fields(&ZH);
        assert_eq!(en.len(), zh.len());
        assert!(en.len() > 90, "{} fields", en.len());
        for ((name, en_text), (_, zh_text)) in en.iter().zip(&zh) {
            assert!(en_text.len() > 2 && zh_text.len() > 2, "{name} is empty");
            assert_eq!(
                en_text.matches("{}").count(),
                zh_text.matches("{}").count(),
                "{name}: placeholders differ"
            );
        }
        // The Chinese table is a translation, not a copy (terms like valueFrom excepted).
        let same = en.iter().zip(&zh).filter(|(a, b)| a.1 == b.1).count();
        assert!(same <= 8, "{same} fields are identical in both tables");
    }
}
