//! Every string the explorer shows, in one table per language: [`EN`] and [`ZH`] (Simplified
//! Chinese), two values of the same struct, so the compiler checks that nothing is missing.
//! [`strings`] returns the table of the current language, which the page keeps in
//! `State::lang` and sets here ([`set_lang`]) when it changes. Messages from the core
//! (diagnostics, kubelet errors) stay as the kubelet and kubectl word them; rule titles and
//! statements come translated from the core's catalogue ([`Strings::rules_lang`]).

use std::cell::Cell;

/// The explorer's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `en` or `zh`: the stored value and the header buttons' test ids (`lang-en`, `lang-zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The `lang` attribute of `<html>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, the label of its button (the same in every table).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// A stored code (`en`, `zh`; `zh-CN` and the like too).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code == "en" || code.starts_with("en-") {
            Some(Lang::En)
        } else if code == "zh" || code.starts_with("zh-") {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    /// The language a page starts in: the stored choice, else Chinese when the browser's
    /// `navigator.language` is Chinese (`zh`, `zh-CN`, `zh-TW`, ...), else English.
    pub fn initial(stored: Option<&str>, navigator: Option<&str>) -> Lang {
        stored.and_then(Lang::parse).unwrap_or_else(|| {
            let navigator = navigator.unwrap_or_default().trim().to_ascii_lowercase();
            if navigator == "zh" || navigator.starts_with("zh-") || navigator.starts_with("zh_") {
                Lang::Zh
            } else {
                Lang::En
            }
        })
    }

    /// This language's table.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

thread_local! {
    /// The language [`strings`] answers in (the page is single-threaded; each native test
    /// thread has its own).
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Makes `lang` the language of [`strings`] (the reducer and the page call it).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
}

/// The language [`strings`] answers in.
pub fn current_lang() -> Lang {
    CURRENT.with(Cell::get)
}

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
    /// The button that adds files to the text (Open files replaces it).
    pub add_files: &'static str,
    /// `{}`: how many files replaced the text.
    pub files_opened: &'static str,
    /// `{}`: the text's size. Local storage refused to keep it.
    pub autosave_failed: &'static str,
    /// `{}`: the link's size.
    pub share_too_long: &'static str,
    pub drop_here: &'static str,
    /// `{}`: the example's title.
    pub example_loaded: &'static str,
    pub restore_text: &'static str,
    pub no_diagnostics: &'static str,
    pub diagnostics_title: &'static str,
    /// Objects of one kind podenv does not read, told once. `{}`: how many; `{}`: the kind.
    pub ignored_kind_group: &'static str,
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
    /// A dropped or opened file over the core's input limit: name, its size, the limit.
    pub file_too_large: &'static str,

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
    /// The context panel's `assumeMissingObjects` switch (rule A11).
    pub assume_missing_label: &'static str,
    /// The button beside a container that fails on an object the input lacks.
    pub assume_missing_button: &'static str,
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
    pub copy_name: &'static str,
    pub copy_assignment: &'static str,
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
    /// The details' list of the places in the manifests a variable comes from.
    pub source_places: &'static str,
    /// A place's link: `{}`: the line; `{}`: what the place is (`source_env_entry`, ...).
    pub source_place: &'static str,
    pub source_env_entry: &'static str,
    pub source_env_from_entry: &'static str,
    pub source_config_map_key: &'static str,
    pub source_secret_key: &'static str,
    pub source_service_port: &'static str,
    pub source_service: &'static str,
    /// No place to show: the analysis is stale, or the text has none (the API server's own
    /// `kubernetes` Service).
    pub source_none: &'static str,
    /// Hovering `$(NAME)` in the editor: `{}`: the selected container.
    pub hover_not_defined: &'static str,

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
    /// The walk finds no answer. `{}`: how many queries were sent.
    pub walk_fails: &'static str,
    /// The verdict for an IP address: no query is sent.
    pub walk_literal: &'static str,
    pub no_records: &'static str,
    pub reachable_without_variables: &'static str,
    /// Services the DNS knows but answers NXDOMAIN for (headless, no ready endpoints).
    pub known_but_unreachable: &'static str,
    pub unreachable_nxdomain: &'static str,

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

    /// The header's language switch (its buttons show [`Lang::endonym`]).
    pub lang_label: &'static str,
    /// The page's `<meta name="description">`.
    pub page_description: &'static str,
    /// An upstream place under a rule. `{}`: function; `{}`: file; `{}`-`{}`: first and last
    /// line; `{}`: the git ref.
    pub upstream_place: &'static str,
    /// Why a Service reachable by DNS gives the pod no variables (`UnlinkedReason`).
    pub unlinked_other_namespace: &'static str,
    pub unlinked_headless: &'static str,
    pub unlinked_external_name: &'static str,
    pub unlinked_links_disabled: &'static str,
    pub unlinked_not_synced: &'static str,
    /// The version picker's entry for "no version set". `{}`: the core's default.
    pub version_default: &'static str,
    /// A version from a link or the autosave that podenv does not model. `{}`: it.
    pub version_unmodelled: &'static str,
    /// The narrow layout's tabs.
    pub pane_tabs_label: &'static str,
    pub tab_manifests: &'static str,
    pub tab_environment: &'static str,
    pub tab_dns: &'static str,
    /// The separator between the manifests and the results.
    pub resize_panes: &'static str,
    /// The keyboard shortcuts dialog (`?`): its title, and (keys, what they do).
    pub shortcuts_title: &'static str,
    pub shortcuts: &'static [(&'static str, &'static str)],
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

/// A size for people: `812 bytes`, `143 KB`, `5.8 MB` (decimal units, as browsers show).
pub fn size_text(bytes: usize) -> String {
    if bytes < 1000 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000 {
        format!("{:.0} KB", bytes as f64 / 1000.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
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

/// The table of the current language (see [`set_lang`]).
pub fn strings() -> &'static Strings {
    current_lang().strings()
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
    add_files: "Add files…",
    files_opened: "Opened {} file(s) in place of your text.",
    autosave_failed: "Your text ({}) is too large for this browser's storage, so it is not saved: a reload would not bring it back. Keep a copy of your own (save it as a file).",
    share_too_long: "This link is {} long: chat tools, issue trackers and some browsers cut links past a few KB. Share the manifests as a file instead.",
    drop_here: "Drop YAML or JSON files to add them",
    example_loaded: "Loaded the example “{}”.",
    restore_text: "Restore my text",
    no_diagnostics: "No problems found in the input.",
    diagnostics_title: "Problems",
    ignored_kind_group: "{} {} objects ignored: podenv reads Pods, workloads, Services, ConfigMaps, Secrets, Nodes, Endpoints and EndpointSlices",
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
    file_too_large: "{} was not added: it is {}, over podenv's limit of {} per input. Split it into smaller files; your text is unchanged.",

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
    assume_missing_label: "Assume ConfigMaps and Secrets the input lacks exist (values as placeholders) ",
    assume_missing_button: "Assume it exists",
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
    copy_name: "Copy name",
    copy_assignment: "Copy NAME=value",
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
    source_places: "In the manifests",
    source_place: "line {}: {}",
    source_env_entry: "the env entry",
    source_env_from_entry: "the envFrom entry",
    source_config_map_key: "the ConfigMap key",
    source_secret_key: "the Secret key",
    source_service_port: "the Service port",
    source_service: "the Service name",
    source_none: "Not in the manifests (added by the API server), or the text changed since the analysis.",
    hover_not_defined: "not defined in container {}",

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
    wasted_lookups: "Lookups before the answer: {}",
    walk_fails: "No answer: the lookup fails after {} queries.",
    walk_literal: "The address is the answer: no DNS query is sent.",
    no_records: "No records.",
    reachable_without_variables: "Reachable by DNS, without variables",
    known_but_unreachable: "Known to DNS, not reachable (no variables either)",
    unreachable_nxdomain: "headless, no ready endpoints: answers NXDOMAIN",

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

    lang_label: "Language",
    page_description: "podenv explorer: the exact environment the kubelet hands to each container of your Kubernetes manifests.",
    upstream_place: "{} ({}, lines {}-{} @ {})",
    unlinked_other_namespace: "other namespace",
    unlinked_headless: "headless: no cluster IP",
    unlinked_external_name: "ExternalName: no cluster IP",
    unlinked_links_disabled: "enableServiceLinks: false",
    unlinked_not_synced: "Services not synced yet",
    version_default: "default ({})",
    version_unmodelled: "{} (not modelled)",
    pane_tabs_label: "Views",
    tab_manifests: "Manifests",
    tab_environment: "Environment",
    tab_dns: "DNS",
    resize_panes: "Resize the manifests and results panes",
    shortcuts_title: "Keyboard shortcuts",
    shortcuts: &[
        ("/", "Search the variables (the filter)"),
        ("?", "Show these shortcuts"),
        ("↑ ↓", "Previous / next variable in the table"),
        ("Home / End", "First / last variable"),
        ("PageUp / PageDown", "Ten variables up / down"),
        ("Enter", "Open or close the variable's details"),
        ("Esc", "Close the details or this dialog"),
        ("← →", "Resize the panes (on the separator)"),
    ],
};

/// Simplified Chinese. Kubernetes terms (Pod, Service, ConfigMap, Secret, envFrom, fieldRef,
/// kubelet, ...) stay as Chinese Kubernetes documentation writes them: untranslated.
pub static ZH: Strings = Strings {
    lang: "zh",
    app_title: "podenv 环境查看器",
    tagline: "kubelet 交给每个容器的确切环境变量，以及它们的来历。",
    version_tag: "podenv {} · Kubernetes {} 规则",
    examples: "示例",
    examples_hint: "载入一组贴近实际的清单。之后还可以恢复你原来的文本。",
    theme_auto: "主题：跟随系统",
    theme_light: "主题：浅色",
    theme_dark: "主题：深色",
    theme_toggle: "切换配色主题",

    editor_title: "清单",
    editor_label: "清单（YAML 或 JSON，多个文档之间用 --- 分隔）",
    editor_hint: "可以粘贴、输入或拖入文件。Tab 和 Shift+Tab 缩进或取消缩进所选的行；Ctrl+F 查找；在行号栏可折叠代码块；先按 Esc 再按 Tab 即可离开编辑器。输入的内容会随时保存在本浏览器中。",
    editor_phrases: &[
        ("Find", "查找"),
        ("Replace", "替换"),
        ("next", "下一个"),
        ("previous", "上一个"),
        ("all", "全部"),
        ("match case", "区分大小写"),
        ("regexp", "正则表达式"),
        ("by word", "全字匹配"),
        ("replace", "替换"),
        ("replace all", "全部替换"),
        ("close", "关闭"),
        ("current match", "当前匹配"),
        ("on line", "位于行"),
        ("replaced match on line $", "已替换第 $ 行的匹配"),
        ("replaced $ matches", "已替换 $ 处匹配"),
        ("Go to line", "跳转到行"),
        ("go", "跳转"),
        ("Fold line", "折叠此行"),
        ("Unfold line", "展开此行"),
        ("Folded lines", "已折叠的行"),
        ("Unfolded lines", "已展开的行"),
        ("folded code", "已折叠的代码"),
        ("unfold", "展开"),
        ("to", "至"),
        ("Diagnostics", "问题"),
        ("No diagnostics", "没有问题"),
        ("Selection deleted", "已删除所选内容"),
        ("Control character", "控制字符"),
    ],
    open_files: "打开文件…",
    add_files: "添加文件…",
    files_opened: "已打开 {} 个文件，替换了你的文本。",
    autosave_failed: "你的文本（{}）超出了浏览器存储的容量，因此没有保存：重新加载页面后它不会回来。请自己保留一份副本（保存为文件）。",
    share_too_long: "这个链接长达 {}：聊天工具、问题跟踪系统和一些浏览器会截断超过几 KB 的链接。请改为以文件形式分享清单。",
    drop_here: "拖放 YAML 或 JSON 文件即可添加",
    example_loaded: "已载入示例“{}”。",
    restore_text: "恢复我的文本",
    no_diagnostics: "输入中没有发现问题。",
    diagnostics_title: "问题",
    ignored_kind_group: "忽略了 {} 个 {} 对象：podenv 只读取 Pod、工作负载、Service、ConfigMap、Secret、Node、Endpoints 和 EndpointSlice",
    severity_error: "错误",
    severity_warning: "警告",
    severity_info: "提示",
    computing: "正在更新…",
    paused: "已暂停：编辑会保留，但不做分析。",
    pause: "暂停",
    resume: "继续",
    crash_notice: "上一次分析没有完成（{}，{} 字节）：分析过程中页面崩溃、内存耗尽或被关闭。你的文本已保留，且没有再次分析。",
    crash_from_text: "你的文本",
    crash_from_link: "分享链接",
    crash_from_example: "示例",
    analyse_again: "重新分析",
    clear_text: "清空文本",
    load_demo: "载入演示",
    crash_title: "分析崩溃，页面已停止工作。你的文本已保留。",
    crash_reload: "重新加载（暂停分析）",
    worker_crashed: "分析崩溃（{}，{} 字节）。页面仍在运行，你的文本已保留，分析已暂停。",
    stop: "停止",
    stop_hint: "停止本次分析；你的文本会保留。",
    stopped: "已停止：分析已取消；编辑会保留，但不做分析。",
    stopped_notice: "你停止了分析。你的文本已保留，分析已暂停。",
    more_items: "……另有 {} 项未列出。",
    more_diagnostics: "……另有 {} 个问题未列出（先修正前面的问题，或用 `podenv env` 查看全部）。",
    file_not_utf8: "没有添加 {}：它不是 UTF-8 编码（第一个无效字节位于第 {} 行第 {} 列）。请先转换编码（例如 `iconv -f latin1 -t utf-8`）再拖入；你的文本没有改动。",
    file_too_large: "没有添加 {}：它有 {}，超过 podenv 每次输入 {} 的上限。请拆分成更小的文件；你的文本没有改动。",

    context_title: "集群上下文",
    context_hint: "清单里没有的信息。留空的字段使用所示的默认值。",
    field_namespace: "命名空间",
    field_pod_ips: "Pod IP",
    field_host_ips: "主机 IP",
    field_node_name: "节点名称",
    field_cluster_domain: "集群域名",
    field_cluster_dns: "集群 DNS",
    field_service_cidr: "Service 网段",
    field_kubernetes_version: "Kubernetes 版本",
    links_label: "enableServiceLinks",
    assume_missing_label: "假定输入中缺少的 ConfigMap 和 Secret 存在（值显示为占位值） ",
    assume_missing_button: "假定其存在",
    links_as_written: "按清单所写",
    links_on: "强制为 true",
    links_off: "强制为 false",
    assumptions_title: "模拟 API 服务器所做的假设",
    no_assumptions: "无。",

    results_title: "环境变量",
    no_pods: "还没有 Pod。请粘贴一个 Pod 或工作负载（Deployment、StatefulSet、Job……），以及它应当能看到的 Service。",
    pod_rejected: "API 服务器会拒绝这个 Pod，所以它永远不会运行。请查看清单旁列出的问题。",
    pods_label: "Pod",
    containers_label: "容器",
    kind_container: "容器",
    kind_init: "Init 容器",
    kind_ephemeral: "临时容器",
    sidecar: "边车",
    generated_name: "此名称代替控制器生成的随机名称。",
    error_banner_title: "CreateContainerConfigError",
    filter_placeholder: "按名称或值筛选",
    hide_service: "隐藏 Service 变量",
    row_count: "显示 {} 个，共 {} 个变量",
    show_all_rows: "再显示 {} 个",
    col_name: "名称",
    col_value: "值",
    col_origin: "来源",
    no_variables: "没有匹配的变量。",
    shadowed_marker: "覆盖",
    nondeterministic_marker: "取值不确定",
    runtime_marker: "运行时才能确定",
    base64_marker: "base64",
    command_title: "command",
    args_title: "args",
    notes_title: "kubelet 说明",
    random_order_note: "按名称排序；kubelet 的实际顺序是随机的。",

    origin_service: "Service 链接",
    origin_env_from: "envFrom",
    origin_env: "env",
    origin_field_ref: "fieldRef",
    origin_resource_field_ref: "resourceFieldRef",
    origin_key_ref: "键引用",
    origin_api_default: "API 默认值",

    details_title: "变量",
    copy_name: "复制名称",
    copy_assignment: "复制 NAME=value",
    close: "关闭",
    provenance: "来历",
    kubelet_rule: "kubelet 规则",
    upstream_source: "上游源码",
    dns_equivalent: "对应的 DNS 名称",
    no_dns_equivalent: "无：这个变量不是来自 Service。",
    shadowed_title: "它替换掉的定义",
    references_title: "$(VAR) 引用",
    candidates_title: "由 Go map 的遍历顺序从以下值中选出一个",
    select_variable_hint: "选择一个变量，查看它从何而来。",
    source_places: "在清单中的位置",
    source_place: "第 {} 行：{}",
    source_env_entry: "env 条目",
    source_env_from_entry: "envFrom 条目",
    source_config_map_key: "ConfigMap 的键",
    source_secret_key: "Secret 的键",
    source_service_port: "Service 端口",
    source_service: "Service 名称",
    source_none: "不在清单中（由 API server 添加），或文本在分析后已改动。",
    hover_not_defined: "容器 {} 中未定义",

    dns_title: "DNS",
    dns_records: "记录",
    resolv_conf: "/etc/resolv.conf",
    hosts_file: "/etc/hosts",
    resolver_walk: "解析过程",
    resolver_walk_placeholder: "输入一个名称，例如 redis 或 web.shop",
    resolver_glibc: "glibc / Go",
    resolver_musl: "musl（Alpine）",
    walk_answer: "应答",
    walk_nodata: "无地址",
    walk_nxdomain: "NXDOMAIN",
    walk_external: "转发到上游",
    wasted_lookups: "得到应答之前的查询次数：{}",
    walk_fails: "没有应答：发出 {} 次查询后解析失败。",
    walk_literal: "地址本身就是答案：不发送任何 DNS 查询。",
    no_records: "没有记录。",
    reachable_without_variables: "可通过 DNS 访问但没有变量的 Service",
    known_but_unreachable: "DNS 知道但无法访问的 Service（也没有变量）",
    unreachable_nxdomain: "headless，没有就绪的端点：返回 NXDOMAIN",

    share_title: "分享",
    share_secrets: "包含 Secret 的值",
    share_secrets_hint: "关闭时，链接和 Markdown 导出中 Secret 的 data 和 stringData 值都替换为 REDACTED。",
    copy_link: "复制链接",
    copied: "已复制。",
    copy_failed: "复制失败；请选中文本后手动复制。",
    share_restored: "已从链接恢复。",
    share_invalid: "无法读取链接中的状态；改为显示你上一次的会话。",

    export_title: "导出",
    export_dotenv: ".env",
    export_json: "JSON",
    export_docker: "docker run",
    export_markdown: "Markdown",
    export_secrets_redacted: "来自 Secret 的值显示为 REDACTED。如需包含这些值，请在“分享”中勾选“包含 Secret 的值”。",
    copy: "复制",

    example_texts: &[
        ("demo", "Service 环境变量演示", "一个网店：几个 Service、一个 ConfigMap、一个 Secret，以及使用它们变量的 Deployment。"),
        ("kafka-port", "kafka 弄坏了 KAFKA_PORT", "名为 kafka 的 Service 注入了 KAFKA_PORT=tcp://…，期望读到端口号的镜像会因此出错。"),
        ("redis-links-disabled", "Redis，关闭 Service 链接", "enableServiceLinks: false：只注入 KUBERNETES_*；应用改用 DNS。"),
        ("statefulset", "Headless StatefulSet", "一个 headless Service（没有变量，只有 DNS）和一个名称稳定的 StatefulSet。"),
        ("dual-stack", "双栈与 IPv6", "只出现主集群 IP；IPv6 地址只在 tcp:// URL 中加方括号。"),
        ("envfrom-prefixes", "envFrom 前缀与 $(VAR) 顺序", "带前缀的 envFrom 来源、覆盖，以及保持原样的引用。"),
        ("missing-configmap", "缺失的 ConfigMap", "容器无法启动：CreateContainerConfigError。"),
        ("downward-api", "Downward API", "fieldRef 和 resourceFieldRef 的值，未设置的上限取节点的默认值。"),
        ("service-dump-500", "500 个 Service（kubectl get svc -A）", "一个繁忙集群导出的 Service，以及正在调试的 Deployment。"),
    ],

    lang_label: "语言",
    page_description: "podenv 环境查看器：kubelet 交给你的 Kubernetes 清单中每个容器的确切环境变量。",
    upstream_place: "{}（{}，第 {}-{} 行 @ {}）",
    unlinked_other_namespace: "其他命名空间",
    unlinked_headless: "headless：没有集群 IP",
    unlinked_external_name: "ExternalName：没有集群 IP",
    unlinked_links_disabled: "enableServiceLinks: false",
    unlinked_not_synced: "Service 尚未同步",
    version_default: "默认（{}）",
    version_unmodelled: "{}（未建模）",
    pane_tabs_label: "视图",
    tab_manifests: "清单",
    tab_environment: "环境变量",
    tab_dns: "DNS",
    resize_panes: "调整清单与结果窗格的宽度",
    shortcuts_title: "键盘快捷键",
    shortcuts: &[
        ("/", "搜索变量（过滤框）"),
        ("?", "显示这些快捷键"),
        ("↑ ↓", "表格中的上一个 / 下一个变量"),
        ("Home / End", "第一个 / 最后一个变量"),
        ("PageUp / PageDown", "向上 / 向下十个变量"),
        ("Enter", "打开或关闭变量详情"),
        ("Esc", "关闭详情或此对话框"),
        ("← →", "调整窗格宽度（在分隔条上）"),
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
        assert_eq!(ZH.rules_lang(), podenv_core::rules::Lang::Zh);
    }

    #[test]
    fn every_example_has_a_title() {
        for table in [&EN, &ZH] {
            for example in examples::ALL {
                let (title, text) = table.example(example.id);
                assert!(
                    !title.is_empty() && !text.is_empty(),
                    "{} {}",
                    table.lang,
                    example.id
                );
            }
        }
    }

    /// Every string of a table, in field order, read from its `Debug` form (so a field added
    /// later, nested structs included, is covered without listing it here).
    fn all_strings(table: &Strings) -> Vec<String> {
        let debug = format!("{table:?}");
        let mut out = Vec::new();
        let mut chars = debug.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut text = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some(other) => text.push(other),
                        None => {}
                    },
                    other => text.push(other),
                }
            }
            out.push(text);
        }
        out
    }

    #[test]
    fn the_zh_table_fills_every_field_with_the_same_placeholders() {
        let en = all_strings(&EN);
        let zh = all_strings(&ZH);
        assert_eq!(en.len(), zh.len(), "both tables have the same strings");
        assert!(en.len() > 200, "{} strings read", en.len());
        for (en, zh) in en.iter().zip(&zh) {
            assert!(!zh.trim().is_empty(), "empty Chinese text for {en:?}");
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "placeholders of {en:?} / {zh:?}"
            );
            // CodeMirror's own placeholder.
            assert_eq!(
                en.matches('$').count(),
                zh.matches('$').count(),
                "$ of {en:?} / {zh:?}"
            );
        }
    }

    #[test]
    fn codemirror_keys_and_example_ids_stay_in_english() {
        let keys = |t: &Strings| t.editor_phrases.iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(keys(&EN), keys(&ZH));
        let ids = |t: &Strings| t.example_texts.iter().map(|e| e.0).collect::<Vec<_>>();
        assert_eq!(ids(&EN), ids(&ZH));
        for (key, text) in ZH.editor_phrases {
            assert!(has_cjk(text), "CodeMirror phrase {key:?} untranslated");
        }
    }

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    /// A Chinese text without any Chinese character must be a term Chinese Kubernetes
    /// documentation leaves in English (or a file name, a format): nothing left untranslated
    /// by mistake.
    #[test]
    fn the_zh_table_is_translated() {
        const KEPT: &[&str] = &[
            "zh",
            "podenv {} · Kubernetes {} 规则",
            "enableServiceLinks",
            "enableServiceLinks: false",
            "Pod",
            "Pod IP",
            "DNS",
            "CreateContainerConfigError",
            "base64",
            "command",
            "args",
            "envFrom",
            "env",
            "fieldRef",
            "resourceFieldRef",
            "/etc/resolv.conf",
            "/etc/hosts",
            "glibc / Go",
            "NXDOMAIN",
            ".env",
            "JSON",
            "docker run",
            "Markdown",
            "Headless StatefulSet",
            "Downward API",
            // Keys, as keyboards print them.
            "/",
            "?",
            "↑ ↓",
            "← →",
            "Home / End",
            "PageUp / PageDown",
            "Enter",
            "Esc",
        ];
        let en = all_strings(&EN);
        let zh = all_strings(&ZH);
        let keys: Vec<&str> = ZH
            .editor_phrases
            .iter()
            .map(|p| p.0)
            .chain(ZH.example_texts.iter().map(|e| e.0))
            .collect();
        for (en, zh) in en.iter().zip(&zh) {
            if keys.contains(&zh.as_str()) && en == zh {
                continue;
            }
            let kept = KEPT.contains(&zh.as_str()) || zh.starts_with("podenv ");
            assert!(has_cjk(zh) || kept, "untranslated: {zh:?}");
        }
    }

    #[test]
    fn the_language_comes_from_storage_then_the_browser() {
        assert_eq!(Lang::initial(None, None), Lang::En);
        assert_eq!(Lang::initial(None, Some("en-US")), Lang::En);
        assert_eq!(Lang::initial(None, Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::initial(None, Some("zh-TW")), Lang::Zh);
        assert_eq!(Lang::initial(None, Some("zh")), Lang::Zh);
        assert_eq!(Lang::initial(None, Some("fr")), Lang::En);
        assert_eq!(Lang::initial(Some("en"), Some("zh-CN")), Lang::En);
        assert_eq!(Lang::initial(Some("zh"), Some("en-GB")), Lang::Zh);
        assert_eq!(Lang::initial(Some("garbage"), Some("zh-HK")), Lang::Zh);
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(Lang::parse(lang.html_lang()), Some(lang));
            assert_eq!(
                Some(lang.strings().rules_lang()),
                podenv_core::rules::Lang::parse(lang.code())
            );
        }
    }

    #[test]
    fn strings_follow_the_current_language() {
        assert_eq!(strings().lang, "en");
        set_lang(Lang::Zh);
        assert_eq!(strings().lang, "zh");
        assert_eq!(strings().results_title, ZH.results_title);
        set_lang(Lang::En);
        assert_eq!(strings().results_title, EN.results_title);
    }
}
