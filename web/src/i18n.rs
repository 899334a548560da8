//! Every string the explorer shows, in one table per language. English now; a Simplified
//! Chinese table is another `Strings` value with the same fields (the compiler then checks
//! that nothing is missing). Messages from the core (diagnostics, kubelet errors) stay as
//! the kubelet and kubectl word them.

/// The UI text of one language. `{}` marks where a value goes (see [`fill`]).
#[derive(Debug)]
pub struct Strings {
    pub lang: &'static str,
    pub app_title: &'static str,
    pub tagline: &'static str,
    /// `{}`: the podenv version; `{}`: the Kubernetes version modelled.
    pub version_tag: &'static str,
    pub examples: &'static str,
    pub examples_hint: &'static str,
    pub theme_auto: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub theme_toggle: &'static str,

    pub editor_title: &'static str,
    pub editor_label: &'static str,
    pub editor_hint: &'static str,
    /// The code editor's own strings (CodeMirror's search panel, fold gutter, lint tooltips,
    /// screen-reader announcements): its English phrase, then this language's.
    pub editor_phrases: &'static [(&'static str, &'static str)],
    pub open_files: &'static str,
    pub drop_here: &'static str,
    /// `{}`: the example's title.
    pub example_loaded: &'static str,
    pub restore_text: &'static str,
    pub no_diagnostics: &'static str,
    pub diagnostics_title: &'static str,
    pub severity_error: &'static str,
    pub severity_warning: &'static str,
    pub severity_info: &'static str,
    pub computing: &'static str,
    pub paused: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    /// `{}`: where the input came from (one of `crash_from_*`); `{}`: its size in bytes.
    pub crash_notice: &'static str,
    pub crash_from_text: &'static str,
    pub crash_from_link: &'static str,
    pub crash_from_example: &'static str,
    pub analyse_again: &'static str,
    pub clear_text: &'static str,
    pub load_demo: &'static str,
    /// Shown by boot.js (outside the wasm) when an analysis traps; the error follows.
    pub crash_title: &'static str,
    pub crash_reload: &'static str,
    /// `{}`: where the input came from (one of `crash_from_*`); `{}`: its size in bytes. The
    /// worker's error follows.
    pub worker_crashed: &'static str,
    pub stop: &'static str,
    pub stop_hint: &'static str,
    pub stopped: &'static str,
    pub stopped_notice: &'static str,
    /// `{}` more diagnostics not listed.
    pub more_diagnostics: &'static str,
    /// `{}` more not listed.
    pub more_items: &'static str,
    /// `{}`: file name; `{}`: line; `{}`: column of the first byte that is not UTF-8.
    pub file_not_utf8: &'static str,

    pub context_title: &'static str,
    pub context_hint: &'static str,
    pub field_namespace: &'static str,
    pub field_pod_ips: &'static str,
    pub field_host_ips: &'static str,
    pub field_node_name: &'static str,
    pub field_cluster_domain: &'static str,
    pub field_cluster_dns: &'static str,
    pub field_service_cidr: &'static str,
    pub field_kubernetes_version: &'static str,
    pub links_label: &'static str,
    pub links_as_written: &'static str,
    pub links_on: &'static str,
    pub links_off: &'static str,
    pub assumptions_title: &'static str,
    pub no_assumptions: &'static str,

    pub results_title: &'static str,
    pub no_pods: &'static str,
    pub pod_rejected: &'static str,
    pub pods_label: &'static str,
    pub containers_label: &'static str,
    pub kind_container: &'static str,
    pub kind_init: &'static str,
    pub kind_ephemeral: &'static str,
    pub sidecar: &'static str,
    pub generated_name: &'static str,
    pub error_banner_title: &'static str,
    pub filter_placeholder: &'static str,
    pub hide_service: &'static str,
    /// `{}` shown of `{}` variables.
    pub row_count: &'static str,
    /// `{}`: how many rows are hidden.
    pub show_all_rows: &'static str,
    pub col_name: &'static str,
    pub col_value: &'static str,
    pub col_origin: &'static str,
    pub no_variables: &'static str,
    pub shadowed_marker: &'static str,
    pub nondeterministic_marker: &'static str,
    pub runtime_marker: &'static str,
    pub base64_marker: &'static str,
    pub command_title: &'static str,
    pub args_title: &'static str,
    pub notes_title: &'static str,
    pub random_order_note: &'static str,

    pub origin_service: &'static str,
    pub origin_env_from: &'static str,
    pub origin_env: &'static str,
    pub origin_field_ref: &'static str,
    pub origin_resource_field_ref: &'static str,
    pub origin_key_ref: &'static str,
    pub origin_api_default: &'static str,

    pub details_title: &'static str,
    pub close: &'static str,
    pub provenance: &'static str,
    pub kubelet_rule: &'static str,
    pub upstream_source: &'static str,
    pub dns_equivalent: &'static str,
    pub no_dns_equivalent: &'static str,
    pub shadowed_title: &'static str,
    pub references_title: &'static str,
    pub candidates_title: &'static str,
    pub select_variable_hint: &'static str,

    pub dns_title: &'static str,
    pub dns_records: &'static str,
    pub resolv_conf: &'static str,
    pub hosts_file: &'static str,
    pub resolver_walk: &'static str,
    pub resolver_walk_placeholder: &'static str,
    pub resolver_glibc: &'static str,
    pub resolver_musl: &'static str,
    pub walk_answer: &'static str,
    pub walk_nodata: &'static str,
    pub walk_nxdomain: &'static str,
    pub walk_external: &'static str,
    /// `{}`: the number of wasted lookups.
    pub wasted_lookups: &'static str,
    pub no_records: &'static str,
    pub reachable_without_variables: &'static str,

    pub share_title: &'static str,
    pub share_secrets: &'static str,
    pub share_secrets_hint: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub share_restored: &'static str,
    pub share_invalid: &'static str,

    pub export_title: &'static str,
    pub export_dotenv: &'static str,
    pub export_json: &'static str,
    pub export_docker: &'static str,
    pub export_markdown: &'static str,
    /// Under the Markdown export when Secret-fed values are hidden.
    pub export_secrets_redacted: &'static str,
    pub copy: &'static str,

    /// (example id, title, one-line description).
    pub example_texts: &'static [(&'static str, &'static str, &'static str)],
}

impl Strings {
    /// Title and description of a gallery example.
    pub fn example(&self, id: &str) -> (&'static str, &'static str) {
        self.example_texts
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, title, text)| (*title, *text))
            .unwrap_or(("", ""))
    }

    /// The language rule titles and statements are shown in (the core's rule catalogue,
    /// `podenv_core::rules`, holds them and their translations).
    pub fn rules_lang(&self) -> podenv_core::rules::Lang {
        podenv_core::rules::Lang::parse(self.lang).unwrap_or(podenv_core::rules::Lang::En)
    }
}

/// Replaces each `{}` in `template` with the next value.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// The table in use. One language for now.
pub fn strings() -> &'static Strings {
    &EN
}

pub static EN: Strings = Strings {
    lang: "en",
    app_title: "podenv explorer",
    tagline: "The exact environment the kubelet hands to each container, and why.",
    version_tag: "podenv {} · Kubernetes {} rules",
    examples: "Examples",
    examples_hint: "Load a realistic manifest set. Your text can be restored afterwards.",
    theme_auto: "Theme: system",
    theme_light: "Theme: light",
    theme_dark: "Theme: dark",
    theme_toggle: "Switch colour theme",

    editor_title: "Manifests",
    editor_label: "Manifests (YAML or JSON, several documents separated by ---)",
    editor_hint: "Paste, type or drop files. Tab and Shift+Tab indent and outdent the selected lines; Ctrl+F finds; fold a block from the gutter; press Esc then Tab to leave the editor. Saved in this browser as you type.",
    editor_phrases: &[
        ("Find", "Find"),
        ("Replace", "Replace"),
        ("next", "next"),
        ("previous", "previous"),
        ("all", "all"),
        ("match case", "match case"),
        ("regexp", "regexp"),
        ("by word", "by word"),
        ("replace", "replace"),
        ("replace all", "replace all"),
        ("close", "close"),
        ("current match", "current match"),
        ("on line", "on line"),
        ("replaced match on line $", "replaced match on line $"),
        ("replaced $ matches", "replaced $ matches"),
        ("Go to line", "Go to line"),
        ("go", "go"),
        ("Fold line", "Fold line"),
        ("Unfold line", "Unfold line"),
        ("Folded lines", "Folded lines"),
        ("Unfolded lines", "Unfolded lines"),
        ("folded code", "folded code"),
        ("unfold", "unfold"),
        ("to", "to"),
        ("Diagnostics", "Problems"),
        ("No diagnostics", "No problems"),
        ("Selection deleted", "Selection deleted"),
        ("Control character", "Control character"),
    ],
    open_files: "Open files…",
    drop_here: "Drop YAML or JSON files to add them",
    example_loaded: "Loaded the example “{}”.",
    restore_text: "Restore my text",
    no_diagnostics: "No problems found in the input.",
    diagnostics_title: "Problems",
    severity_error: "error",
    severity_warning: "warning",
    severity_info: "note",
    computing: "Updating…",
    paused: "Paused: edits are kept but not analysed.",
    pause: "Pause",
    resume: "Resume",
    crash_notice: "The last analysis did not finish ({}, {} bytes): the page crashed, ran out of memory or was closed while it ran. Your text is kept and was not analysed again.",
    crash_from_text: "your text",
    crash_from_link: "a share link",
    crash_from_example: "an example",
    analyse_again: "Analyse again",
    clear_text: "Clear text",
    load_demo: "Load the demo",
    crash_title: "The analysis crashed and the explorer stopped. Your text is kept.",
    crash_reload: "Reload (paused)",
    worker_crashed: "The analysis crashed ({}, {} bytes). The explorer keeps running, your text is kept and analysis is paused.",
    stop: "Stop",
    stop_hint: "Stop this analysis; your text is kept.",
    stopped: "Stopped: the analysis was cancelled; edits are kept but not analysed.",
    stopped_notice: "You stopped the analysis. Your text is kept and analysis is paused.",
    more_items: "… and {} more.",
    more_diagnostics: "… and {} more (fix the first ones, or read them all with `podenv env`).",
    file_not_utf8: "{} was not added: it is not UTF-8 (first invalid byte at line {}, column {}). Convert it (e.g. `iconv -f latin1 -t utf-8`) and drop it again; your text is unchanged.",

    context_title: "Cluster context",
    context_hint: "Facts that are not in the manifests. Empty fields use the default shown.",
    field_namespace: "Namespace",
    field_pod_ips: "Pod IPs",
    field_host_ips: "Host IPs",
    field_node_name: "Node name",
    field_cluster_domain: "Cluster domain",
    field_cluster_dns: "Cluster DNS",
    field_service_cidr: "Service CIDR",
    field_kubernetes_version: "Kubernetes version",
    links_label: "enableServiceLinks",
    links_as_written: "as written",
    links_on: "force true",
    links_off: "force false",
    assumptions_title: "Emulated API-server assumptions",
    no_assumptions: "None.",

    results_title: "Environment",
    no_pods: "No pods yet. Paste a Pod or a workload (Deployment, StatefulSet, Job, …) with the Services it should see.",
    pod_rejected: "The API server rejects this pod, so it never runs. See the problems next to the manifests.",
    pods_label: "Pods",
    containers_label: "Containers",
    kind_container: "container",
    kind_init: "init",
    kind_ephemeral: "ephemeral",
    sidecar: "sidecar",
    generated_name: "The name stands in for the controller's random one.",
    error_banner_title: "CreateContainerConfigError",
    filter_placeholder: "Filter by name or value",
    hide_service: "Hide service variables",
    row_count: "{} of {} variables",
    show_all_rows: "Show {} more",
    col_name: "Name",
    col_value: "Value",
    col_origin: "Origin",
    no_variables: "No variables match.",
    shadowed_marker: "overrides",
    nondeterministic_marker: "nondeterministic",
    runtime_marker: "known at runtime",
    base64_marker: "base64",
    command_title: "command",
    args_title: "args",
    notes_title: "Kubelet notes",
    random_order_note: "Sorted by name; the kubelet's real order is random.",

    origin_service: "service link",
    origin_env_from: "envFrom",
    origin_env: "env",
    origin_field_ref: "fieldRef",
    origin_resource_field_ref: "resourceFieldRef",
    origin_key_ref: "key ref",
    origin_api_default: "API default",

    details_title: "Variable",
    close: "Close",
    provenance: "Provenance",
    kubelet_rule: "The kubelet rule",
    upstream_source: "Upstream source",
    dns_equivalent: "DNS equivalent",
    no_dns_equivalent: "None: this variable does not come from a Service.",
    shadowed_title: "Definitions it replaced",
    references_title: "$(VAR) references",
    candidates_title: "Go map order picks one of",
    select_variable_hint: "Select a variable to see where it comes from.",

    dns_title: "DNS",
    dns_records: "Records",
    resolv_conf: "/etc/resolv.conf",
    hosts_file: "/etc/hosts",
    resolver_walk: "Resolver walk",
    resolver_walk_placeholder: "Type a name, e.g. redis or web.shop",
    resolver_glibc: "glibc / Go",
    resolver_musl: "musl (Alpine)",
    walk_answer: "answer",
    walk_nodata: "no address",
    walk_nxdomain: "NXDOMAIN",
    walk_external: "forwarded upstream",
    wasted_lookups: "{} lookups before the answer",
    no_records: "No records.",
    reachable_without_variables: "Reachable by DNS, without variables",

    share_title: "Share",
    share_secrets: "Include Secret values",
    share_secrets_hint: "Off: Secret data and stringData values are replaced by REDACTED in the link and in the Markdown export.",
    copy_link: "Copy link",
    copied: "Copied.",
    copy_failed: "Copy failed; select the text and copy it by hand.",
    share_restored: "Restored from the link.",
    share_invalid: "The link's state could not be read; showing your last session instead.",

    export_title: "Export",
    export_dotenv: ".env",
    export_json: "JSON",
    export_docker: "docker run",
    export_markdown: "Markdown",
    export_secrets_redacted: "Values that come from Secrets are shown as REDACTED. To include them, tick \"Include Secret values\" under Share.",
    copy: "Copy",

    example_texts: &[
        ("demo", "Service env demo", "A shop: Services, a ConfigMap, a Secret and a Deployment using their variables."),
        ("kafka-port", "kafka breaks KAFKA_PORT", "A Service named kafka injects KAFKA_PORT=tcp://…, which an image reading a port number chokes on."),
        ("redis-links-disabled", "Redis, service links off", "enableServiceLinks: false: only KUBERNETES_* is injected; the app uses DNS."),
        ("statefulset", "Headless StatefulSet", "A headless Service (no variables, DNS only) and a StatefulSet with stable names."),
        ("dual-stack", "Dual-stack and IPv6", "Only the primary cluster IP appears; IPv6 is bracketed in tcp:// URLs only."),
        ("envfrom-prefixes", "envFrom prefixes and $(VAR) order", "Prefixed envFrom sources, overrides, and references that stay literal."),
        ("missing-configmap", "A missing ConfigMap", "The container cannot start: CreateContainerConfigError."),
        ("downward-api", "Downward API", "fieldRef and resourceFieldRef values, with limits defaulted from the node."),
        ("service-dump-500", "500 Services (kubectl get svc -A)", "A busy cluster's Service dump and the Deployment being debugged."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn fill_replaces_placeholders_in_order() {
        assert_eq!(fill("{} of {} variables", &["3", "9"]), "3 of 9 variables");
        assert_eq!(fill("no placeholder", &["x"]), "no placeholder");
    }

    #[test]
    fn rule_texts_come_in_the_tables_language() {
        assert_eq!(EN.rules_lang(), podenv_core::rules::Lang::En);
    }

    #[test]
    fn every_example_has_a_title() {
        for example in examples::ALL {
            let (title, text) = EN.example(example.id);
            assert!(!title.is_empty() && !text.is_empty(), "{}", example.id);
        }
    }
}
